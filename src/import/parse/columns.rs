//! Plan tables written without tabs, as `pdftotext` gives them: in layout mode
//! (`-layout`) the cells stand in columns of spaces and a wrapped cell continues on the
//! lines below, in the same column; in raw mode (`-raw`) the cells follow each other on a
//! line and a wrapped cell's lines come one after another, the name's before the มิติ and
//! budget, the remark's after them.
//!
//! [`tabulate`] rewrites such a table in place into the tab-separated shape the table
//! reader reads: each row on its first line, its other lines left blank, so that every
//! line keeps its number for what the importer reports.

use super::*;

/// The header lines of a table page other than the one with `ลำดับ`: they carry no cell.
const HEADER_WORDS: [&str; 5] = ["ดำเนินการไตรมาส", "งบประมาณ", "(บาท)", "หมายเหตุ", "งบประมาณ (บาท)"];

/// The tab-separated header the table reader looks for.
const TAB_HEADER: &str = "ลำดับ\tรายการโครงการ (ตั้งต้น)\tมิติ\tงบประมาณ (บาท)\tดำเนินการไตรมาส\t\t\t\tหมายเหตุ";

/// Rewrites every page of a plan table that has no tabs.
pub(super) fn tabulate(lines: &mut [String], joiner: &Joiner) {
    if lines.iter().any(|l| is_table_header(l)) {
        return;
    }
    let headers: Vec<usize> = (0..lines.len()).filter(|&i| untabbed_header(&lines[i])).collect();
    let Some(&first) = headers.first() else {
        return;
    };
    let end_of_table = (first..lines.len()).find(|&i| lines[i].trim_start().starts_with("รวมทั้งสิ้น"));
    let mut expected = 1;
    for (k, &at) in headers.iter().enumerate() {
        if end_of_table.is_some_and(|end| at > end) {
            break;
        }
        let layout = is_layout(&lines[at]);
        let quarters = quarter_columns(lines, at);
        lines[at] = if k == 0 { TAB_HEADER.to_string() } else { String::new() };
        let mut i = at + 1;
        // The header's other lines, above and below.
        for j in at.saturating_sub(3)..(at + 6).min(lines.len()) {
            if is_header_furniture(&lines[j]) {
                lines[j].clear();
            }
        }
        let stop =
            (at + 1..lines.len()).find(|&j| ends_page(&lines[j]) || Some(j) == end_of_table).unwrap_or(lines.len());
        while i < stop {
            let Some(no) = row_start(&lines[i], expected, layout) else {
                i += 1;
                continue;
            };
            let next = (i + 1..stop).find(|&j| row_start(&lines[j], no + 1, layout).is_some()).unwrap_or(stop);
            let row =
                if layout { layout_row(&lines[i..next], &quarters, joiner) } else { raw_row(&lines[i..next], joiner) };
            if let Some(row) = row {
                lines[i] = row;
                for line in &mut lines[i + 1..next] {
                    line.clear();
                }
            }
            expected = no + 1;
            i = next;
        }
    }
    if let Some(end) = end_of_table {
        lines[end] = split_cells(&lines[end], true).into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("\t");
    }
}

/// `ลำดับ  รายการโครงการ (ตั้งต้น)  มิติ …` without tabs.
pub(super) fn untabbed_header(line: &str) -> bool {
    let line = line.trim_start();
    line.strip_prefix("ลำดับ")
        .is_some_and(|rest| rest.starts_with(' ') && rest.trim_start().starts_with("รายการโครงการ"))
}

/// Layout mode keeps the header's cells apart by runs of spaces.
fn is_layout(header: &str) -> bool {
    header.trim().contains("   ")
}

fn is_header_furniture(line: &str) -> bool {
    let t = normalize_space(line);
    !t.is_empty()
        && (t == "1 2 3 4"
            || HEADER_WORDS.contains(&t.as_str())
            || t.split("  ").all(|part| HEADER_WORDS.contains(&part.trim()))
            || t.split(' ').all(|w| HEADER_WORDS.contains(&w) || ["1", "2", "3", "4", "(บาท)"].contains(&w)))
}

/// A line that ends the rows of a table page: the next page's title or header, a sheet.
fn ends_page(line: &str) -> bool {
    parse_title(line).is_some() || untabbed_header(line) || sheet_number(line).is_some()
}

/// The row number a line starts with, if it is the expected one (raw mode: a wrapped
/// cell may start with a number too) or, in layout mode, any number in the first column.
fn row_start(line: &str, expected: u32, layout: bool) -> Option<u32> {
    let trimmed = line.trim_start();
    let end = trimmed.find(|c: char| !is_digit(c))?;
    let no = parse_number(&trimmed[..end])?;
    let after = &trimmed[end..];
    let spaced = if layout { after.starts_with("  ") } else { after.starts_with(' ') };
    let first_column = line.len() - trimmed.len() < 4;
    (spaced && first_column && (layout || no == expected)).then_some(no)
}

/// The columns of the quarter numbers `1 2 3 4` under the header, if found.
fn quarter_columns(lines: &[String], header: usize) -> Vec<usize> {
    (header..(header + 3).min(lines.len()))
        .map(|i| split_cells(&lines[i], false))
        .find(|cells| {
            let texts: Vec<&str> = cells.iter().map(|(_, t)| t.as_str()).collect();
            texts.ends_with(&["1", "2", "3", "4"]) || texts.windows(4).any(|w| w == ["1", "2", "3", "4"])
        })
        .map(|cells| {
            let at = cells.iter().position(|(_, t)| t == "1").unwrap_or(0);
            cells[at..at + 4].iter().map(|(col, _)| *col).collect()
        })
        .unwrap_or_default()
}

/// The pieces of a line with their columns (in characters): split at runs of two or more spaces
/// or, with `words`, at every space.
fn split_cells(line: &str, words: bool) -> Vec<(usize, String)> {
    let mut cells = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut spaces = 0;
    // pdftotext pads to a column per character, Thai marks included.
    for (col, (at, c)) in line.char_indices().enumerate() {
        if c == ' ' {
            spaces += 1;
            if let Some((s, scol)) = start
                && (words || spaces >= 2)
            {
                let text = line[s..at].trim_end();
                cells.push((scol, text.to_string()));
                start = None;
            }
        } else {
            if start.is_none() {
                start = Some((at, col));
            }
            spaces = 0;
        }
    }
    if let Some((s, scol)) = start {
        cells.push((scol, line[s..].trim_end().to_string()));
    }
    cells
}

fn is_dimension(cell: &str) -> bool {
    let d = cell.strip_prefix('*').unwrap_or(cell);
    (1..=2).contains(&d.chars().count()) && d.chars().all(is_digit)
}

fn is_amount(cell: &str) -> bool {
    matches!(cell, "-" | "–" | "ไม่ใช้งบประมาณ") || parse_budget(cell).is_some()
}

/// A layout row: the first line has `no`, the name's first line, มิติ, budget, ticks and
/// the remark's first line; the lines below continue the name (left of the มิติ column)
/// and the remark (right of the budget), joined at the wraps as paragraphs are.
fn layout_row(lines: &[String], quarters: &[usize], joiner: &Joiner) -> Option<String> {
    let cells = split_cells(&lines[0], false);
    let dim = (1..cells.len().saturating_sub(1)).find(|&k| is_dimension(&cells[k].1) && is_amount(&cells[k + 1].1))?;
    let no = &cells[0].1;
    let dim_col = cells[dim].0;
    let budget_end = cells[dim + 1].0 + cells[dim + 1].1.chars().count();
    let mut name = cells[1..dim].iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join(" ");
    let mut ticks = [false; 4];
    let mut remark = String::new();
    for (col, text) in &cells[dim + 2..] {
        if text.split(' ').all(|w| w == "✓") {
            place_ticks(*col, text, quarters, &mut ticks);
        } else {
            push_word(&mut remark, text);
        }
    }
    for line in &lines[1..] {
        for (col, text) in split_cells(line, false) {
            if col < dim_col {
                name = joiner.join(&name, &text);
            } else if col > budget_end {
                remark = joiner.join(&remark, &text);
            }
        }
    }
    Some(row_line(no, &name, &cells[dim].1, &cells[dim + 1].1, ticks, &remark))
}

/// Marks the quarters of the ticks in a cell: `✓`, or several when they stand so close
/// that the text runs them together (`✓ ✓ ✓ ✓`): the first to the nearest quarter column,
/// the others to the columns after it; in order when the header gave no columns.
fn place_ticks(col: usize, text: &str, quarters: &[usize], ticks: &mut [bool; 4]) {
    let count = text.split(' ').filter(|w| *w == "✓").count();
    let first = quarters
        .iter()
        .enumerate()
        .min_by_key(|(_, qc)| qc.abs_diff(col))
        .map(|(q, _)| q)
        .or_else(|| ticks.iter().position(|t| !t))
        .unwrap_or(0);
    for tick in ticks.iter_mut().skip(first).take(count) {
        *tick = true;
    }
}

/// A raw row: the name's lines, then the line with มิติ and budget, which also starts the
/// remark, then the remark's lines.
fn raw_row(lines: &[String], joiner: &Joiner) -> Option<String> {
    let text = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
    let words: Vec<(usize, &str)> = text
        .split([' ', '\n'])
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let dim = (2..words.len().saturating_sub(1)).find(|&k| is_dimension(words[k].1) && is_amount(words[k + 1].1))?;
    let no = words[0].1;
    let name = join_lines(&text[words[1].0..words[dim].0], joiner);
    let mut rest = &words[dim + 2..];
    let mut ticks = [false; 4];
    // Raw order gives no column: ticks are placed first to last, which is right for the
    // usual rows ticked in every quarter or from the first on.
    let mut q = 0;
    while let Some(((_, "✓"), tail)) = rest.split_first() {
        if q < 4 {
            ticks[q] = true;
        }
        q += 1;
        rest = tail;
    }
    let remark = rest.first().map_or(String::new(), |(at, _)| join_lines(&text[*at..], joiner));
    Some(row_line(no, &name, words[dim].1, words[dim + 1].1, ticks, &remark))
}

/// A wrapped cell's lines joined as the importer joins a paragraph's: a line break where
/// the cell wrapped may stand for a space or for nothing inside a Thai word.
fn join_lines(text: &str, joiner: &Joiner) -> String {
    text.lines().map(normalize_space).filter(|l| !l.is_empty()).fold(String::new(), |acc, l| joiner.join(&acc, &l))
}

fn push_word(text: &mut String, word: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
}

fn row_line(no: &str, name: &str, dim: &str, budget: &str, ticks: [bool; 4], remark: &str) -> String {
    let tick = |t: bool| if t { "✓" } else { "" };
    format!(
        "{no}\t{name}\t{dim}\t{budget}\t{}\t{}\t{}\t{}\t{remark}",
        tick(ticks[0]),
        tick(ticks[1]),
        tick(ticks[2]),
        tick(ticks[3])
    )
}
