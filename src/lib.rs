//! phaen: typeset Thai local-government anti-corruption action plans from YAML to PDF.
//!
//! A library that never prints: the `phaen` command line (`src/cli/`) and any other front
//! end drive it through a [`Session`]. Its layers, lowest first, each using only those
//! below it (`docs/architecture.md`; `tests/it/layers.rs` keeps it so):
//!
//! 1. [`diag`], [`thai`]: diagnostics, Thai digits, dates and money.
//! 2. [`error`], [`assets`] (fonts, built-in templates, images), [`yaml`] (bounded reads,
//!    parsing, where every field is).
//! 3. [`checks`]: rules both documents share (money, damaged Thai text).
//! 4. Engines that know no document: [`template`] (minijinja → Typst), [`typeset`]
//!    (typst in process), [`export`] (PDF, text-layer repair, atomic writes).
//! 5. [`plan`]: the action plan's dataset, checks, view, YAML writer and next year.
//! 6. [`report`] (progress reports of a plan) and [`import`] (a plan's PDF, Word file or
//!    text → its dataset).
//! 7. [`pipeline`]: [`Session`] builds a [`Document`], once or incrementally.

pub mod assets;
pub mod checks;
pub mod diag;
pub mod error;
pub mod export;
pub mod import;
pub mod pipeline;
pub mod plan;
pub mod report;
pub mod template;
pub mod thai;
pub mod typeset;
pub mod yaml;

pub use error::{Checked, Error};
pub use pipeline::{Built, Document, Session};
