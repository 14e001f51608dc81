//! Parsing a plan's text (lines, as the readers in `read` give them, or as a person pastes
//! them) into a dataset: the table (`table`, `columns`), the sheets (`sheets`, `body`),
//! the repair of words cut by extraction (`join`, `normalize`), numbers and dates
//! (`numbers`), and the link of each sheet to its row (`link`). Knows no file format.
//!
//! The children share the names this file imports (`use super::*`), chosen here by name.

mod body;
mod columns;
mod join;
mod link;
mod normalize;
mod numbers;
mod sheets;
mod table;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use rust_decimal::Decimal;

use self::body::{SENTENCE_CONNECTIVES, SectionReader, cells};
use self::join::{Joiner, is_thai_combining};
use self::link::link_sheets;
use self::numbers::{is_digit, normalize_space, parse_number, parse_thai_date, thai_numeral};
use self::sheets::{ParsedSheet, parse_sheet, section_heading, sheet_blocks};
use self::table::{is_table_header, parse_budget, parse_meta, parse_table, parse_title, sheet_number};
use super::printed::{TICKS, is_page_number};
use super::{Import, ImportError, TITLE, Warning};
use crate::checks::text::is_thai_letter;
use crate::diag::{Diagnostic, Reporter, Severity};
use crate::plan::model::{Block, Digits, Dimension, Item, Meta, Plan, Row, Sheet};

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
