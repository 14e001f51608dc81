//! `phaen import`: turn the text of a published plan into a dataset.
//!
//! The input is the text extracted from the printed PDF of a plan as the national
//! reporting system prints it (see `data/source/README.md`): a title line, the plan
//! table (tab-separated rows, header repeated on every page), the total line, the as-of
//! date, the issuer and the legend of the มิติ, then one project sheet per unstarred row,
//! `ลำดับที่ ๑` … with the nine numbered sections.
//!
//! Extraction damages the text; the importer repairs what rules can decide:
//!
//! * **Line breaks.** Visual line breaks and blank lines inside a paragraph or a list
//!   item are joined. A line continues the previous item unless it starts with a list
//!   number; outside lists it continues the previous paragraph unless
//!   `starts_paragraph` says it opens a new one.
//! * **Cut words.** Two Thai fragments are glued when ICU4X's Thai dictionary segmenter
//!   finds no word boundary at the junction (`องค์กรปกครองส` + `ว่นท้องถิ่น`). Where the
//!   junction is a word boundary, the document's own usage decides whether a space
//!   belongs there (see `Joiner`).
//! * **Lists.** Item numbers separated from their text are re-attached, stray `- `
//!   before numbers and lone `-` lines are dropped, nested numbers (`๒.๑)`, `๒.๑.๑)`)
//!   become children even when run together on one line, and dash lists become bullets
//!   (see `split_bullets`).
//!
//! Whatever the importer cannot decide becomes a [`Warning`] with its input line; the
//! municipality's wording, typos and odd numbering are kept as they are.

mod parse;
mod printed;
mod read;

use std::fmt;

pub use self::parse::{diagnostics, import_text};
use self::read::{docx, pdf};
use crate::plan::model::Plan;

/// The title every plan carries, without year and organization.
const TITLE: &str = "แผนปฏิบัติการป้องกันการทุจริต";

/// The result of an import: the plan and what the importer could not decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The plan read.
    pub plan: Plan,
    /// What the importer could not decide, by input line.
    pub warnings: Vec<Warning>,
}

/// Something the importer could not decide, at a 1-based input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The 1-based line of the text read.
    pub line: usize,
    /// What happened there (Thai / English).
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The input is not the text of a plan at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not one import can read, or is damaged.
    Unreadable(String),
    /// No line `แผนปฏิบัติการป้องกันการทุจริต พ.ศ. <year> ของ <organization>`.
    NoTitle,
    /// No header line of the plan table (`ลำดับ<TAB>รายการโครงการ …`).
    NoTableHeader,
    /// A table header but no row under it.
    NoRows,
    /// Parts of the input that could not be placed in the dataset, by input line: the
    /// dataset would be missing them, so nothing is written.
    NotAll(Vec<Warning>),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Unreadable(why) => write!(f, "{why}"),
            ImportError::NoTitle => {
                write!(
                    f,
                    "ไม่ใช่แผน: ไม่พบบรรทัดชื่อแผน / not a plan: no title line `{TITLE} พ.ศ. <year> ของ <organization>` found"
                )
            }
            ImportError::NoTableHeader => {
                write!(f, "ไม่ใช่แผน: ไม่พบหัวตารางแผน / not a plan: no plan table header (`ลำดับ  รายการโครงการ …`) found")
            }
            ImportError::NoRows => write!(f, "ตารางแผนไม่มีแถว / the plan table has no rows"),
            ImportError::NotAll(lost) => {
                writeln!(f, "นำเข้าไม่ครบ ไม่ได้เขียนไฟล์ / not everything could be imported, so nothing was written:")?;
                for w in lost {
                    writeln!(f, "  line {}: {}", w.line, w.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// The largest input `import` reads: a plan's PDF or Word file is a few MB.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Imports a plan from the bytes of a file, recognised by its content: a PDF, a Word
/// `.docx`, or text (UTF-8).
pub fn import_file(bytes: &[u8]) -> Result<Import, ImportError> {
    let text = source_text(bytes)?;
    import_text(&text)
}

/// The plan's text in the shape [`import_text`] reads, whatever the file is.
pub fn source_text(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.starts_with(b"%PDF-") {
        return pdf::text(bytes)
            .map_err(|why| ImportError::Unreadable(format!("อ่าน PDF ไม่ได้ / cannot read the PDF: {why}")));
    }
    // A zip: the only zip import reads is a Word .docx (docx::text says so otherwise).
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::text(bytes).map_err(ImportError::Unreadable);
    }
    match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => Err(ImportError::Unreadable(format!(
            "ไม่ใช่ PDF, .docx หรือข้อความ UTF-8 / not a PDF, a .docx or UTF-8 text (invalid UTF-8 at byte {})",
            e.valid_up_to()
        ))),
    }
}
