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

mod body;
mod columns;
mod join;
mod link;
mod normalize;
mod numbers;
mod pdf;
mod sheets;
mod table;
#[cfg(test)]
mod tests;
mod yaml;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use self::body::*;
use self::join::*;
use self::link::*;
use self::numbers::*;
use self::sheets::*;
use self::table::*;
pub use self::yaml::to_yaml;

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Reporter, Severity};
use crate::model::{Block, Digits, Dimension, Item, Meta, Plan, Row, Sheet};
use crate::textcheck::is_thai_letter;

mod docx;

/// The title every plan carries, without year and organization.
const TITLE: &str = "แผนปฏิบัติการป้องกันการทุจริต";

/// The result of an import: the plan and what the importer could not decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub plan: Plan,
    pub warnings: Vec<Warning>,
}

/// Something the importer could not decide, at a 1-based input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
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

/// A zip archive of `files` (name, bytes, deflated or stored), as the tests build Word
/// files from their XML.
#[doc(hidden)]
pub fn write_zip(files: &[(&str, &[u8], bool)]) -> Vec<u8> {
    docx::write_zip(files)
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

/// Imports the extracted text of a plan.
pub fn import_text(text: &str) -> Result<Import, ImportError> {
    let mut warnings = Vec::new();
    let cleaned = normalize::clean(text);
    let restored =
        normalize::restore_sara_am(&cleaned, WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));
    if let Some(restored) = &restored {
        warnings.push(Warning {
            line: 1,
            message: format!(
                "ข้อความไม่มี ำ เลย (ตัวอ่าน PDF ทำหล่น) phaen เติมคืนตามพจนานุกรม {n} แห่ง โปรดตรวจทาน / \
                 the text has no ำ at all (dropped by the PDF reader): phaen put {n} back where ICU's dictionary \
                 finds a word; proofread the dataset",
                n = restored.matches(normalize::SARA_AM).count()
            ),
        });
    }
    let text = restored.as_ref().unwrap_or(&cleaned);
    let mut owned: Vec<String> =
        text.lines().map(|l| if is_page_number(l) { String::new() } else { l.to_string() }).collect();
    // What is not a plan is told before the whole text is segmented for the joiner.
    let (fiscal_year, organization) = owned.iter().find_map(|l| parse_title(l)).ok_or(ImportError::NoTitle)?;
    if !owned.iter().any(|l| is_table_header(l) || columns::untabbed_header(l)) {
        return Err(ImportError::NoTableHeader);
    }
    let joiner = Joiner::new(text);
    columns::tabulate(&mut owned, &joiner);
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();

    // Sheets may come before, between or after the table's pages, in any order: each one
    // runs from its `ลำดับที่ …` to the next sheet or the next page of the table, and the
    // table and its notes are read from what the sheets leave (blanked, so that lines keep
    // their numbers).
    let blocks = sheet_blocks(&lines);
    let mut rest = lines.clone();
    for &(start, end) in &blocks {
        rest[start..end].fill("");
    }
    let header_at = (0..rest.len()).find(|&i| is_table_header(rest[i])).ok_or(ImportError::NoTableHeader)?;

    let table = parse_table(&rest, header_at, rest.len(), &joiner, &mut warnings);
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let mut meta = parse_meta(&rest, table.end, rest.len(), fiscal_year, organization, &mut warnings);
    // The table is printed in Arabic digits by every reporting system; the sheets show
    // how the plan writes its text.
    let sheet_text: String = blocks.iter().flat_map(|&(start, end)| &lines[start..end]).copied().collect();
    if normalize::uses_arabic_digits(&sheet_text) {
        meta.digits = Digits::Arabic;
    }
    let mut parsed: Vec<ParsedSheet> = blocks
        .iter()
        .map(|&(start, end)| parse_sheet(&lines, start, end, &meta.organization, &joiner, &mut warnings))
        .collect();
    // In the order of their printed numbers, whatever the order of the input.
    parsed.sort_by_key(|p| p.no);
    for pair in parsed.windows(2) {
        if pair[0].no == pair[1].no {
            warnings.push(Warning {
                line: pair[1].line,
                message: format!(
                    "ลำดับที่ {} ซ้ำ (บรรทัด {}) / sheet {} appears twice (also at line {})",
                    thai_numeral(pair[1].no),
                    pair[0].line,
                    thai_numeral(pair[1].no),
                    pair[0].line
                ),
            });
        }
    }
    // Nothing lost: a section heading that no `ลำดับที่ …` heads would be sheet text left
    // out of the dataset (a sheet heading worded or damaged past recognition).
    let mut lost: Vec<Warning> = rest
        .iter()
        .enumerate()
        .skip(table.end)
        .filter(|(_, l)| section_heading(l).is_some())
        .map(|(i, l)| Warning {
            line: i + 1,
            message: format!(
                "หัวข้อ `{h}` ไม่อยู่ในโครงการใด (ไม่พบ `ลำดับที่ …` ก่อนหน้า) / section `{h}` belongs to no sheet \
                 (no `ลำดับที่ …` line before it)",
                h = l.trim().chars().take(40).collect::<String>()
            ),
        })
        .collect();
    let (sheets, unlinked) = link_sheets(parsed, &table.rows, &table.lines, &mut warnings);
    lost.extend(unlinked);
    lost.extend(table.dropped);
    if !lost.is_empty() {
        lost.sort_by_key(|w| w.line);
        return Err(ImportError::NotAll(lost));
    }

    warnings.sort_by_key(|w| w.line);
    Ok(Import {
        plan: Plan {
            plan: meta,
            rows: table.rows,
            sheets,
            // A plan's text carries no cover or announcement to recover.
            cover: None,
            announcement: None,
        },
        warnings,
    })
}

/// A page number printed at the top or bottom of a page: `-๒-`, `- 12 -`.
pub(super) fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix('-')
        .and_then(|t| t.strip_suffix('-'))
        .map(str::trim)
        .is_some_and(|n| !n.is_empty() && n.chars().all(is_digit))
}

/// The importer's findings as diagnostics, the way `check` reports a dataset's: the input
/// file, the line (of the text read from it, for a PDF or a Word file), the column where
/// the line's text starts, the part of the plan (`ตาราง`, `ลำดับที่ ๕`), the message in
/// Thai and English, and the line itself.
pub fn diagnostics(file: &Path, text: &str, found: &[Warning], severity: Severity) -> Vec<Diagnostic> {
    let reporter = Reporter::new(file, text);
    let lines: Vec<&str> = text.lines().collect();
    let parts = parts(&lines);
    found
        .iter()
        .map(|w| {
            let line = lines.get(w.line.wrapping_sub(1)).copied().unwrap_or_default();
            let column = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
            let part =
                w.line.checked_sub(1).and_then(|i| parts.get(i)).map_or("แผน".to_string(), |p| p.to_string());
            reporter.at(severity, w.line, column, part, &w.message)
        })
        .collect()
}

/// The part of the plan each line belongs to: the sheet or the table page it is on.
fn parts(lines: &[&str]) -> Vec<std::borrow::Cow<'static, str>> {
    let mut current: std::borrow::Cow<'static, str> = "แผน".into();
    lines
        .iter()
        .map(|l| {
            if let Some(no) = sheet_number(l) {
                current = format!("ลำดับที่ {}", thai_numeral(no)).into();
            } else if is_table_header(l) || parse_title(l).is_some() || l.trim_start().starts_with("ลำดับ ") {
                current = "ตาราง".into();
            }
            current.clone()
        })
        .collect()
}
