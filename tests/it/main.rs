//! phaen's integration tests, in one binary: each test binary links typst (≈ 58 MB), so
//! one binary builds and links once (as ripgrep's `tests/tests.rs` does). Every module
//! runs the real plan or the real `phaen` command; `support` holds what they share.

mod support;

mod breaks;
mod build;
mod check;
mod edit;
mod editor;
mod hostile;
mod import;
mod import_docx;
mod layers;
mod layout;
mod limits;
mod publish;
mod readers;
mod report;
mod snapshot;
mod watch;
mod zip;
