//! A plan's PDF as the text [`super::import_text`] reads.
//!
//! A PDF has no lines, cells or words, only glyphs drawn at places, in whatever order the
//! producer wrote them (typst draws a table's cells column by column within a row, Word
//! draws marks after their line). So the text is rebuilt from positions alone:
//!
//! * **Lines** are the glyphs of one baseline, left to right; a visual gap (or a space
//!   glyph) between two glyphs is a space, nothing else is. Page numbers (`-๒-`) go.
//! * **The plan table** is found by its header (`ลำดับ`, `รายการโครงการ`, `มิติ`,
//!   `งบประมาณ`, the quarters `1`–`4` under `ดำเนินการไตรมาส`, `หมายเหตุ`) on every page
//!   that has one. The header's cells, and the table's vertical rules where there are some,
//!   give the columns; every glyph under the header goes to the column it is drawn in, and
//!   the lines of a row (a row starts where the ลำดับ column has a number) become one line
//!   of TAB-separated cells.
//! * **Ticks** in a quarter column are a tick glyph (`✓`, `☑`, Wingdings' private-use
//!   codes) or a small drawn box or check mark (phaen draws its ticks as paths): either
//!   reads as `✓`.
//!
//! What the table does not hold (the title, the total line's neighbours, the legend, the
//! sheets) reads as plain lines; repairing cut words and paragraphs is the importer's work.

use textlayer::read::{Page, PathBox, Text};

use super::super::printed::is_page_number;

/// How far apart two glyphs are, in font sizes, before the gap between them reads as a
/// space. A Thai word's glyphs touch; the narrowest space (Sarabun's is 0.22 em) is well
/// above this.
const WORD_GAP: f64 = 0.15;
/// How far apart two baselines may be, in font sizes, and still be one line.
const SAME_LINE: f64 = 0.3;
/// The width of a space, in font sizes, at most (Sarabun's is 0.22 em; a justified line's
/// may be wider).
const SPACE: f64 = 0.5;
/// The longest word, in characters, that a line of its own may hold and still be taken
/// for a subheading.
const LONE_WORD: usize = 12;
/// How far apart the baselines of one paragraph's lines may be, in font sizes.
const PARAGRAPH_PITCH: f64 = 2.0;
/// How far beyond its header's text a number column's content may reach, in font sizes.
const NUMBER_REACH: f64 = 0.3;

/// The plan's text, from the bytes of its PDF.
pub(crate) fn text(bytes: &[u8]) -> Result<String, String> {
    let pages = textlayer::read::pages(bytes).map_err(|e| e.to_string())?;
    let lines: Vec<Vec<Line>> = pages.iter().map(lines).collect();
    let margins = right_margins(&pages, &lines);
    let mut out = Output::default();
    for ((page, lines), right) in pages.iter().zip(lines).zip(margins) {
        read_page(page, lines, right, &mut out);
    }
    out.flush_row();
    if out.lines.iter().all(|l| l.trim().is_empty()) {
        return Err("the PDF has no text (a scanned image?)".into());
    }
    // NFC and the rest of the character repair are the importer's (`normalize::clean`).
    let mut text = out.lines.join("\n");
    text.push('\n');
    Ok(text)
}

/// A glyph (or a cluster told by one ActualText) on a line.
#[derive(Debug, Clone)]
struct Glyph {
    text: String,
    x0: f64,
    x1: f64,
    size: f64,
}

impl Glyph {
    fn centre(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// The glyphs of one baseline, left to right.
#[derive(Debug)]
struct Line {
    y: f64,
    size: f64,
    glyphs: Vec<Glyph>,
}

impl Line {
    /// Its text, with a space at each visual gap or space glyph.
    fn text(&self) -> String {
        words(&self.glyphs).join(" ")
    }
}

/// The words of glyphs in reading order: a space (a glyph of its own, or at either end of
/// a cluster's text, as typst-pdf writes a space inside the ActualText before it) or a
/// visual gap ends one.
fn words(glyphs: &[Glyph]) -> Vec<String> {
    placed(glyphs).into_iter().map(|w| w.text).collect()
}

/// A word with its extent, and whether a space follows it.
#[derive(Debug)]
struct Word {
    text: String,
    x0: f64,
    x1: f64,
    spaced: bool,
}

/// The words of glyphs with their extents (see [`words`]).
fn placed(glyphs: &[Glyph]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    // Whether the next glyph starts a word.
    let mut apart = true;
    for g in glyphs {
        let text = g.text.trim();
        if g.text.starts_with(char::is_whitespace) || out.last().is_some_and(|w| g.x0 - w.x1 > WORD_GAP * g.size) {
            apart = true;
        }
        if let Some(last) = out.last_mut().filter(|_| apart) {
            last.spaced = true;
        }
        if !text.is_empty() {
            match out.last_mut() {
                Some(w) if !apart => {
                    w.text.push_str(text);
                    w.x1 = w.x1.max(g.x1);
                }
                _ => out.push(Word { text: text.to_string(), x0: g.x0, x1: g.x1, spaced: false }),
            }
            apart = false;
        }
        if g.text.ends_with(char::is_whitespace) {
            apart = true;
            if let Some(last) = out.last_mut() {
                last.spaced = true;
            }
        }
    }
    out
}

/// The lines of a page, top to bottom: glyphs grouped by baseline.
fn lines(page: &Page) -> Vec<Line> {
    // With where each was drawn in the content, so that glyphs drawn at the same place (a
    // mark at the pen, before the next letter) keep the order they were drawn in.
    let mut texts: Vec<(usize, &Text)> =
        page.texts.iter().enumerate().filter(|(_, t)| t.size > 0.0 && t.x.is_finite() && t.y.is_finite()).collect();
    texts.sort_by(|(_, a), (_, b)| b.y.total_cmp(&a.y));
    let mut out: Vec<(Line, Vec<usize>)> = Vec::new();
    for (drawn, t) in texts {
        let glyph = Glyph { text: t.text.clone(), x0: t.x, x1: t.x + t.width, size: t.size };
        match out.last_mut() {
            Some((line, order)) if (line.y - t.y).abs() <= SAME_LINE * line.size.max(t.size) => {
                line.size = line.size.max(t.size);
                line.glyphs.push(glyph);
                order.push(drawn);
            }
            _ => out.push((Line { y: t.y, size: t.size, glyphs: vec![glyph] }, vec![drawn])),
        }
    }
    let mut lines: Vec<Line> = out
        .into_iter()
        .map(|(mut line, order)| {
            let mut glyphs: Vec<(usize, Glyph)> = order.into_iter().zip(line.glyphs).collect();
            glyphs.sort_by_key(|(drawn, _)| *drawn);
            // A Thai mark stays with the letter drawn before it: producers such as
            // LibreOffice place a mark by its own offset, which may lie past the next
            // letter, so sorting marks by position would move them into the next
            // syllable (`ช่อื` for `ชื่อ`). Letters with their marks are then put in
            // order of position.
            let mut clusters: Vec<(f64, usize, Vec<Glyph>)> = Vec::new();
            for (drawn, g) in glyphs {
                match clusters.last_mut() {
                    Some((_, _, cluster)) if is_mark_glyph(&g) => cluster.push(g),
                    _ => clusters.push((g.x0, drawn, vec![g])),
                }
            }
            clusters.sort_by(|(xa, da, _), (xb, db, _)| xa.total_cmp(xb).then(da.cmp(db)));
            line.glyphs = clusters.into_iter().flat_map(|(_, _, c)| c).collect();
            line
        })
        .collect();
    lines.retain(|l| !is_page_number(&l.text()));
    lines
}

/// A glyph that reads as Thai marks only (vowel marks above or below, tone marks,
/// THANTHAKHAT, NIKHAHIT): it belongs to the letter before it.
fn is_mark_glyph(g: &Glyph) -> bool {
    !g.text.is_empty()
        && g.text.chars().all(|c| matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'))
}

/// The text of lines, the lines that a paragraph or a list item wrapped joined into one.
///
/// A line goes on in the next when it is full (the next line's first word would not have
/// fit before `right`, the right margin) and the next is close below it, starts no list item or section (`๑)`, `๒.๑)`, `๓.`, `-`) and is not
/// indented further than a wrapped line would be: left of the line before, or, after a
/// list number, under the item's text. A paragraph's first line is indented, so the line
/// after a full last line, which starts the next paragraph, stays a line of its own.
/// The lines meet as a wrapped cell's do (see [`join_wrapped`]); the importer's joiner
/// repairs what is left.
fn reflow(lines: &[Line], right: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut previous: Option<(&Line, Vec<Word>)> = None;
    // Where the text of the list item being read starts, if a list item is being read.
    let mut item_text: Option<f64> = None;
    for line in lines {
        let words = placed(&line.glyphs);
        let Some(first) = words.first() else { continue };
        let text = words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
        let text = space_after_number(&text);
        let opens = text.split(' ').next().is_some_and(starts_item);
        let under_item = item_text.is_some_and(|x| (x - first.x0).abs() <= 0.5 * line.size);
        let goes_on = previous.as_ref().is_some_and(|(before, before_words)| {
            // The line before is full: the first word of this one did not fit on it.
            let last = before_words.last().map_or(f64::MIN, |w| w.x1);
            let full = right - last < first.x1 - first.x0 + SPACE * line.size;
            let close = before.y - line.y <= PARAGRAPH_PITCH * before.size;
            let start = before_words.first().map_or(f64::MAX, |w| w.x0);
            let wrapped = first.x0 <= start + 0.5 * line.size || under_item;
            // A line of one short word outside a list item is a subheading (`ผลลัพธ์`) as
            // often as the end of a paragraph: it is left to the importer.
            let lone = words.len() == 1 && first.text.chars().count() <= LONE_WORD && !under_item;
            full && close && wrapped && !lone && !opens
        });
        if !goes_on {
            item_text = if opens { text.split_once(' ').and(words.get(1)).map(|w| w.x0) } else { None };
        }
        match out.last_mut() {
            Some(joined) if goes_on => {
                let spaced = previous.as_ref().and_then(|(_, w)| w.last()).is_some_and(|w| w.spaced);
                if spaced || latin_words_meet(joined, &text) {
                    joined.push(' ');
                }
                joined.push_str(&text);
            }
            _ => out.push(text),
        }
        previous = Some((line, words));
    }
    out
}

/// Whether two wrapped lines of Latin letters or digits meet: the line broke at a space that
/// the producer may not have drawn.
fn latin_words_meet(left: &str, right: &str) -> bool {
    left.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric())
        && right.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A line that starts with a list number drawn against its text (`๑๐)รายงาน`: a number
/// wider than the box typst sets numbers in reaches the text) with the space between them.
fn space_after_number(line: &str) -> String {
    let number = line.trim_start_matches('(');
    let digits = number.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit() || ('๐'..='๙').contains(&c));
    match digits.strip_prefix(')') {
        Some(rest) if digits.len() < number.len() && rest.starts_with(is_thai) => {
            format!("{} {rest}", &line[..line.len() - rest.len()])
        }
        _ => line.to_string(),
    }
}

/// Whether a line's first word opens a list item, a section or a sheet: `๑)`, `(๒)`,
/// `๒.๑)`, `๓.`, a dash or bullet, `ลำดับที่`.
fn starts_item(word: &str) -> bool {
    let digits = word.trim_start_matches('(');
    let number = digits.trim_end_matches([')', '.']);
    let numbered = !number.is_empty()
        && number.len() < digits.len()
        && number.chars().all(|c| c == '.' || c.is_ascii_digit() || ('๐'..='๙').contains(&c));
    numbered || word.starts_with(['-', '•', '–']) || word.starts_with("ลำดับที่")
}

/// The nine columns of the plan table.
const COLUMNS: usize = 9;
/// The columns that hold a number or a tick: their content stays near their header; the
/// others (the name and the remark) hold text that fills the column.
const NUMBER_COLUMN: [bool; COLUMNS] = [true, false, true, true, true, true, true, true, false];
const QUARTERS: std::ops::Range<usize> = 4..8;

/// The plan table's columns on a page: where its header ends, and the boundary between
/// each column and the next.
#[derive(Debug)]
struct Columns {
    /// The lowest baseline of the header; the body is below it.
    header_bottom: f64,
    /// The header's lines, by index into the page's lines.
    header_lines: std::ops::Range<usize>,
    boundaries: [f64; COLUMNS - 1],
}

impl Columns {
    fn of(&self, x: f64) -> usize {
        self.boundaries.iter().take_while(|&&b| x >= b).count()
    }
}

/// A word of the page with its place: line index, extent.
struct Found {
    line: usize,
    x0: f64,
    x1: f64,
}

/// Finds the plan table's header on a page and the columns it gives.
fn find_columns(lines: &[Line], paths: &[PathBox]) -> Option<Columns> {
    let words: Vec<Vec<Word>> = lines.iter().map(|l| placed(&l.glyphs)).collect();
    let find = |range: std::ops::Range<usize>, test: &dyn Fn(&str) -> bool| -> Option<Found> {
        range
            .into_iter()
            .find_map(|i| words[i].iter().find(|w| test(&w.text)).map(|w| Found { line: i, x0: w.x0, x1: w.x1 }))
    };
    // The line with ลำดับ and รายการโครงการ, and the header's other cells near it.
    let name = find(0..lines.len(), &|w| w.starts_with("รายการโครงการ"))?;
    let near = |i: usize| (lines[i].y - lines[name.line].y).abs() <= 3.0 * lines[name.line].size;
    let band: Vec<usize> = (0..lines.len()).filter(|&i| near(i)).collect();
    let band = *band.first()?..*band.last()? + 1;
    let number = find(band.clone(), &|w| w == "ลำดับ")?;
    let dimension = find(band.clone(), &|w| w == "มิติ")?;
    let budget = find(band.clone(), &|w| w.starts_with("งบประมาณ"))?;
    let remark = find(band.clone(), &|w| w.starts_with("หมายเหตุ"))?;
    let quarters: Vec<Found> = ["1", "2", "3", "4"]
        .iter()
        .zip(["๑", "๒", "๓", "๔"])
        .map(|(arabic, thai)| {
            find(band.clone(), &|w| w == *arabic || w == thai).filter(|f| f.x0 > budget.x1 && f.x1 < remark.x0)
        })
        .collect::<Option<_>>()?;
    let mut cells = vec![number, name, dimension, budget];
    cells.extend(quarters);
    cells.push(remark);
    if cells.windows(2).any(|w| w[0].x1 >= w[1].x0) {
        return None;
    }
    let size = lines[cells[1].line].size;
    let rules = vertical_rules(paths, size);
    let mut boundaries = [0.0; COLUMNS - 1];
    for (i, b) in boundaries.iter_mut().enumerate() {
        let (left, right) = (&cells[i], &cells[i + 1]);
        let guess = match (NUMBER_COLUMN[i], NUMBER_COLUMN[i + 1]) {
            (true, false) => left.x1 + NUMBER_REACH * size,
            (false, true) => right.x0 - NUMBER_REACH * size,
            _ => (left.x1 + right.x0) / 2.0,
        };
        // A rule between the two headers is the boundary; the one nearest the guess.
        *b = rules
            .iter()
            .copied()
            .filter(|&x| x > left.x1 && x < right.x0)
            .min_by(|a, b| (a - guess).abs().total_cmp(&(b - guess).abs()))
            .unwrap_or(guess);
    }
    let header_lines = cells.iter().map(|c| c.line).min()?..cells.iter().map(|c| c.line).max()? + 1;
    let header_bottom = lines[header_lines.end - 1].y;
    Some(Columns { header_bottom, header_lines, boundaries })
}

/// The x of the vertical rules drawn on a page: stroked or filled paths far taller than wide.
fn vertical_rules(paths: &[PathBox], size: f64) -> Vec<f64> {
    paths.iter().filter(|p| p.x1 - p.x0 < 0.2 * size && p.y1 - p.y0 > size).map(|p| (p.x0 + p.x1) / 2.0).collect()
}

/// A table row being read: each column's lines, and the ticks found.
#[derive(Default)]
struct Row {
    cells: [Vec<Cell>; COLUMNS],
    ticked: [bool; 4],
}

/// The text being written, and the table row not yet written (a row may go on over a
/// page break).
#[derive(Default)]
struct Output {
    lines: Vec<String>,
    row: Option<Row>,
}

impl Output {
    fn flush_row(&mut self) {
        if let Some(row) = self.row.take() {
            self.lines.push(row_line(&row));
        }
    }
}

/// A row as one line of TAB-separated cells.
fn row_line(row: &Row) -> String {
    let mut cells: Vec<String> = row.cells.iter().map(|c| join_wrapped(c)).collect();
    for (q, ticked) in QUARTERS.zip(row.ticked) {
        cells[q] = if ticked || cells[q].chars().any(is_tick_char) { "✓".into() } else { String::new() };
    }
    cells.join("\t")
}

/// What a column holds on one line: its words, and whether a space ends them.
#[derive(Debug, Clone, Default)]
struct Cell {
    text: String,
    spaced: bool,
}

/// The lines of a wrapped cell as one text. Where a line ends with a space (typst-pdf draws
/// the space a line broke at), the space stays; where it does not, the line broke inside a
/// word or between two Thai words written together, and the lines are glued; only Latin
/// words, which wrap at spaces some producers do not draw, get one.
fn join_wrapped(lines: &[Cell]) -> String {
    let mut out = String::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 && (lines[k - 1].spaced || latin_words_meet(&out, &line.text)) {
            out.push(' ');
        }
        out.push_str(&line.text);
    }
    out
}

fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

/// A tick as a glyph: check marks, ballot boxes with a check, and the private-use codes
/// Word writes for Wingdings' (U+F0FC ✓, U+F0FE ☑) and Wingdings 2's (U+F050 ✓,
/// U+F052 ☑).
fn is_tick_char(c: char) -> bool {
    c == '✅' || super::super::printed::is_tick(c)
}

/// Whether a painted path is a tick: a mark the size of a letter (a box or a check mark),
/// not a rule.
fn is_tick_path(p: &PathBox, size: f64) -> bool {
    let (w, h) = (p.x1 - p.x0, p.y1 - p.y0);
    w.min(h) >= 0.2 * size && w.max(h) <= 1.5 * size
}

/// The right margin of each page: where the text of the pages of its width ends farthest
/// (a page's own lines may all be short).
fn right_margins(pages: &[Page], lines: &[Vec<Line>]) -> Vec<f64> {
    let width = |p: &Page| (p.media_box[2] - p.media_box[0]).round() as i64;
    let mut margins: rustc_hash::FxHashMap<i64, f64> = rustc_hash::FxHashMap::default();
    for (page, lines) in pages.iter().zip(lines) {
        let right = lines.iter().filter_map(|l| placed(&l.glyphs).last().map(|w| w.x1)).fold(f64::MIN, f64::max);
        let m = margins.entry(width(page)).or_insert(f64::MIN);
        *m = m.max(right);
    }
    pages.iter().map(|p| margins[&width(p)]).collect()
}

fn read_page(page: &Page, lines: Vec<Line>, right: f64, out: &mut Output) {
    let Some(columns) = find_columns(&lines, &page.paths) else {
        // A page after the table: what was read of a row is whole.
        out.flush_row();
        out.lines.extend(reflow(&lines, right));
        return;
    };
    out.flush_row();
    for line in &lines[..columns.header_lines.start] {
        out.lines.push(line.text());
    }
    out.lines.push(header_line(&lines[columns.header_lines.clone()], &columns));
    // The body: rows until the total line; after it, plain lines.
    let body: Vec<&Line> = lines[columns.header_lines.end..].iter().filter(|l| l.y < columns.header_bottom).collect();
    let mut ended = false;
    for line in &body {
        if ended {
            out.lines.push(line.text());
            continue;
        }
        let text = line.text();
        if text.starts_with("รวมทั้งสิ้น") {
            out.flush_row();
            out.lines.push(total_line(line, &columns));
            ended = true;
            continue;
        }
        let cells = split(line, &columns);
        if cells[0].text.chars().next().is_some_and(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)) {
            out.flush_row();
            out.row = Some(Row::default());
        }
        match out.row.as_mut() {
            Some(row) => {
                for (cell, text) in row.cells.iter_mut().zip(cells) {
                    if !text.text.is_empty() {
                        cell.push(text);
                    }
                }
            }
            // Text under the header before any row: kept as it is.
            None => out.lines.push(text),
        }
        // The ticks of the current row drawn in this line's band (a box or a check mark
        // sits on the baseline or a little below it).
        if let Some(row) = out.row.as_mut() {
            let top = line.y + line.size;
            let bottom = line.y - 0.5 * line.size;
            for (k, q) in QUARTERS.enumerate() {
                let (left, right) = (columns.boundaries[q - 1], columns.boundaries[q]);
                row.ticked[k] |= page.paths.iter().any(|p| {
                    let (cx, cy) = ((p.x0 + p.x1) / 2.0, (p.y0 + p.y1) / 2.0);
                    cx > left && cx < right && cy > bottom && cy <= top && is_tick_path(p, line.size)
                });
            }
        }
    }
    if ended {
        out.flush_row();
    }
}

/// A line's text split into the table's columns: each glyph goes to the column its middle
/// is in.
fn split(line: &Line, columns: &Columns) -> Vec<Cell> {
    let mut glyphs: Vec<Vec<Glyph>> = vec![Vec::new(); COLUMNS];
    for g in &line.glyphs {
        glyphs[columns.of(g.centre())].push(g.clone());
    }
    glyphs
        .iter()
        .map(|g| {
            let words = placed(g);
            let spaced = words.last().is_some_and(|w| w.spaced);
            Cell { text: words.into_iter().map(|w| w.text).collect::<Vec<_>>().join(" "), spaced }
        })
        .collect()
}

/// The header's lines as one line of cells, each column's words top to bottom
/// (`ลำดับ<TAB>รายการโครงการ (ตั้งต้น)<TAB>มิติ<TAB>งบประมาณ (บาท)…`).
fn header_line(lines: &[Line], columns: &Columns) -> String {
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); COLUMNS];
    for line in lines {
        for (cell, text) in cells.iter_mut().zip(split(line, columns)) {
            if !text.text.is_empty() {
                cell.push(text.text);
            }
        }
    }
    cells.iter().map(|c| c.join(" ")).collect::<Vec<_>>().join("\t")
}

/// The total line: `รวมทั้งสิ้น` (which spans the first columns), then the budget and the
/// quarters' counts in their columns.
fn total_line(line: &Line, columns: &Columns) -> String {
    let cells = split(line, columns);
    let mut out = vec!["รวมทั้งสิ้น".to_string()];
    out.extend(cells[3..].iter().map(|c| c.text.clone()));
    out.join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, size: f64) -> Vec<Glyph> {
        let mut at = x;
        text.chars()
            .map(|c| {
                let width = if c == ' ' { 0.25 * size } else { 0.5 * size };
                let g = Glyph { text: c.to_string(), x0: at, x1: at + width, size };
                at += width;
                g
            })
            .collect()
    }

    #[test]
    fn words_end_at_spaces_and_gaps() {
        let mut line = glyphs("ดำเนิน การ", 10.0, 10.0);
        line.extend(glyphs("ไตรมาส", line.last().unwrap().x1 + 0.5, 10.0));
        line.extend(glyphs("1", line.last().unwrap().x1 + 5.0, 10.0));
        assert_eq!(words(&line), ["ดำเนิน", "การไตรมาส", "1"]);
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("-๒-") && is_page_number("- 12 -"));
        assert!(!is_page_number("- ๑) ข้อ -") && !is_page_number("--"));
    }

    /// A landscape page as a word processor writes a plan table: no rules, header cells
    /// where their text is, Wingdings ticks, a cell's wrapped line without the space glyph.
    /// Every glyph is 5 pt wide (a font of 10 pt whose glyphs are all 500 units wide).
    fn word_like_pdf() -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let cmap = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange \
                     1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap";
        let to_unicode = doc.add_object(Stream::new(lopdf::Dictionary::new(), cmap.to_vec()));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Thai", "DW" => 500,
        });
        let thai = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Thai", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid.into()], "ToUnicode" => to_unicode,
        });
        let wingdings = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Wingdings",
            "FontDescriptor" => dictionary! { "Flags" => 4 },
        });
        let mut content = String::new();
        let mut put = |x: f64, y: f64, text: &str| {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            content.push_str(&format!("BT /T 10 Tf 1 0 0 1 {x} {y} Tm <{hex}> Tj ET\n"));
        };
        put(200.0, 560.0, "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2568 ของ เทศบาลตำบลตัวอย่าง");
        for (x, text) in [(40.0, "ลำดับ"), (200.0, "รายการโครงการ"), (430.0, "มิติ"), (470.0, "งบประมาณ")]
        {
            put(x, 530.0, text);
        }
        put(560.0, 530.0, "ดำเนินการไตรมาส");
        put(700.0, 530.0, "หมายเหตุ");
        for (x, text) in [(480.0, "(บาท)"), (560.0, "1"), (590.0, "2"), (620.0, "3"), (650.0, "4")] {
            put(x, 515.0, text);
        }
        let row = [(45.0, "1"), (80.0, "โครงการทดสอบหนึ่ง"), (435.0, "1"), (470.0, "12,000.00"), (690.0, "หมายเหตุยาว")];
        for (x, text) in row {
            put(x, 495.0, text);
        }
        put(80.0, 480.0, "ต่อท้าย");
        put(690.0, 480.0, "ต่อ");
        for (x, text) in [(45.0, "2"), (80.0, "มาตรการ สอง"), (432.0, "*2"), (490.0, "0.00")] {
            put(x, 460.0, text);
        }
        put(200.0, 440.0, "รวมทั้งสิ้น");
        for (x, text) in [(470.0, "12,000.00"), (560.0, "1"), (590.0, "1"), (620.0, "1"), (650.0, "1")] {
            put(x, 440.0, text);
        }
        put(410.0, 30.0, "- 2 -");
        for (x, y) in [(560.0, 495.0), (620.0, 495.0), (590.0, 460.0), (650.0, 460.0)] {
            content.push_str(&format!("BT /W 10 Tf {x} {y} Td <FC> Tj ET\n"));
        }
        let pages = doc.new_object_id();
        let contents = doc.add_object(Stream::new(lopdf::Dictionary::new(), content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "MediaBox" => vec![0.into(), 0.into(), 842.into(), 595.into()],
            "Contents" => contents, "Resources" => dictionary! { "Font" => dictionary! { "T" => thai, "W" => wingdings } },
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn columns_come_from_the_header_without_rules() {
        let text = text(&word_like_pdf()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2568 ของ เทศบาลตำบลตัวอย่าง");
        assert!(lines[1].starts_with("ลำดับ\tรายการโครงการ\tมิติ\tงบประมาณ (บาท)\t"), "{:?}", lines[1]);
        assert_eq!(lines[2], "1\tโครงการทดสอบหนึ่งต่อท้าย\t1\t12,000.00\t✓\t\t✓\t\tหมายเหตุยาวต่อ");
        assert_eq!(lines[3], "2\tมาตรการ สอง\t*2\t0.00\t\t✓\t\t✓\t");
        assert_eq!(lines[4], "รวมทั้งสิ้น\t12,000.00\t1\t1\t1\t1\t");
        assert_eq!(lines.len(), 5, "the page number is dropped: {lines:?}");
    }

    #[test]
    fn ticks() {
        let path = |w: f64, h: f64| PathBox { x0: 0.0, y0: 0.0, x1: w, y1: h, stroked: true, filled: false };
        assert!(is_tick_path(&path(8.5, 8.5), 10.0) && is_tick_path(&path(5.4, 4.6), 10.0));
        assert!(!is_tick_path(&path(25.0, 0.0), 10.0) && !is_tick_path(&path(0.0, 40.0), 10.0));
        assert!("\u{F0FC}".chars().all(is_tick_char) && !"☐".chars().any(is_tick_char));
    }
}
