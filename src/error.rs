//! Why a command failed: [`Error`], typed so that a caller (the command line, an editor)
//! can tell a refusal from a failure and walk the causes with `source()`; and
//! [`Checked`], a result with the warnings found on the way.

use std::path::PathBuf;

use crate::diag::{self, Diagnostic};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset has errors (and perhaps warnings).
    #[error("{}", data_summary(.0))]
    Data(Vec<Diagnostic>),
    /// A template could not be read or parsed, or failed to render (with the built-in
    /// templates, a bug of phaen's).
    #[error("render: {0}")]
    Template(String),
    /// typst failed to lay the document out or write the PDF: its messages.
    #[error("{0}")]
    Typeset(String),
    /// An input file that could not be read.
    #[error("{}: อ่านไฟล์ไม่ได้ / cannot read: {source}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// An input file over the size the command reads.
    #[error("{}: ไฟล์ใหญ่เกิน {} MB / larger than {} MB", .path.display(), .limit >> 20, .limit >> 20)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The most the command reads, in bytes.
        limit: u64,
    },
    /// A file that is not a plan `phaen import` can read.
    #[error("{}: {source}", .path.display())]
    Import {
        /// The input file.
        path: PathBuf,
        /// Why (an `import::ImportError`).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Parts of an import's input that could not be placed in the dataset (each already
    /// reported as a diagnostic), so nothing was written.
    #[error("{}: นำเข้าไม่ครบ {lost} รายการ ไม่ได้เขียนไฟล์ / {lost} part(s) could not be imported, so nothing was written", .path.display())]
    NotAllImported {
        /// The input file.
        path: PathBuf,
        /// How many parts.
        lost: usize,
    },
    /// A file could not be written.
    #[error("{}: เขียนไฟล์ไม่ได้ / cannot write: {source}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The output named is one of the command's inputs.
    #[error("{}: เขียนไฟล์ไม่ได้ / cannot write: ไฟล์ผลลัพธ์คือไฟล์ข้อมูลเอง / the output is the input file", .0.display())]
    OutputIsInput(PathBuf),
    /// The output exists and the command was not told to overwrite it.
    #[error("{}: เขียนไฟล์ไม่ได้ / cannot write: มีไฟล์นี้อยู่แล้ว ใช้ --force เพื่อเขียนทับ / the file exists; use --force to overwrite", .0.display())]
    OutputExists(PathBuf),
    /// `phaen init` found a dataset where it would write one.
    #[error("{}: เขียนไฟล์ไม่ได้ / cannot write: มีไฟล์นี้อยู่แล้ว / the file exists; phaen init never overwrites", .0.display())]
    StarterExists(PathBuf),
    /// `--split`'s folder is a file.
    #[error("{}: เขียนไฟล์ไม่ได้ / cannot write: --split เขียนไฟล์ย่อยลงโฟลเดอร์นี้ แต่มีไฟล์ชื่อนี้อยู่ / --split writes the parts into this folder, but a file has its name", .0.display())]
    PartsNotAFolder(PathBuf),
    /// Another `phaen edit` has the dataset open.
    #[error("{}: แก้ไขอยู่แล้วในอีกหน้าต่างหนึ่ง (phaen edit อีกตัว) ปิดอันนั้นก่อน / another phaen edit has this file open: close it first", .0.display())]
    AlreadyEditing(PathBuf),
    /// No dataset was named and the folder has none where one is looked for.
    #[error(
        "{}: ไม่พบไฟล์ข้อมูลแผน ระบุไฟล์ เช่น phaen build แผน.yaml หรือเริ่มแผนใหม่ด้วย phaen init / \
         no dataset: name one (phaen build my-plan.yaml), or start a plan with phaen init",
        .0.display()
    )]
    NoDataset(PathBuf),
}

/// The diagnostics, one per line, then how many errors.
fn data_summary(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&format!("{d}\n"));
    }
    let n = diags.iter().filter(|d| d.severity == diag::Severity::Error).count();
    out.push_str(&format!("ข้อมูลผิดพลาด {n} จุด / {n} error(s) in the dataset"));
    out
}

/// A result and the warnings found on the way (typst's `Warned<T>`).
#[derive(Debug)]
pub struct Checked<T> {
    /// What was made.
    pub value: T,
    /// The warnings, in file order.
    pub warnings: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    /// The same warnings with `f` of the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Checked<U> {
        Checked { value: f(self.value), warnings: self.warnings }
    }
}
