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

mod pdf;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use rust_decimal::Decimal;

use crate::model::{Block, Dimension, Item, Meta, Plan, Row, Sheet};
use crate::textcheck::is_thai_letter;

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
                write!(f, "not a plan: no title line `{TITLE} พ.ศ. <year> ของ <organization>` found")
            }
            ImportError::NoTableHeader => {
                write!(f, "not a plan: no plan table header (`ลำดับ<TAB>รายการโครงการ …`) found")
            }
            ImportError::NoRows => write!(f, "the plan table has no rows"),
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
    let lines: Vec<&str> = text.lines().collect();
    let mut warnings = Vec::new();
    let joiner = Joiner::new(text);

    let (title_at, fiscal_year, organization) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| parse_title(l).map(|(y, o)| (i, y, o)))
        .ok_or(ImportError::NoTitle)?;
    let header_at = (title_at..lines.len()).find(|&i| is_table_header(lines[i])).ok_or(ImportError::NoTableHeader)?;
    let sheets_at = (header_at..lines.len()).find(|&i| sheet_number(lines[i]).is_some()).unwrap_or(lines.len());

    let table = parse_table(&lines, header_at, sheets_at, &joiner, &mut warnings);
    if table.rows.is_empty() {
        return Err(ImportError::NoRows);
    }
    let meta = parse_meta(&lines, table.end, sheets_at, fiscal_year, organization, &mut warnings);
    let parsed = parse_sheets(&lines, sheets_at, &meta.organization, &joiner, &mut warnings);
    // Nothing lost: every sheet heading of the input must be a sheet of the dataset
    // (sheets before the table, or merged into another, would vanish), every table line
    // that starts with a number a row, and every sheet linked to a row.
    let imported: std::collections::HashSet<usize> = parsed.iter().map(|p| p.line).collect();
    let mut lost: Vec<Warning> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| sheet_number(l).is_some() && !imported.contains(&(i + 1)))
        .map(|(i, l)| Warning {
            line: i + 1,
            message: format!(
                "sheet `{}` could not be read as a sheet of its own (before the table, or out of order?)",
                l.trim()
            ),
        })
        .collect();
    let before = warnings.len();
    let sheets = link_sheets(parsed, &table.rows, &mut warnings);
    lost.extend(warnings[before..].iter().filter(|w| w.message.contains("left unlinked")).cloned());
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

/// Writes a plan as YAML, with a header comment explaining the fields to an editor.
pub fn to_yaml(plan: &Plan) -> String {
    const HEADER: &str = "\
# แผนปฏิบัติการป้องกันการทุจริต: the dataset phaen typesets.
#
# plan:    title, organization, fiscal_year (พ.ศ.), as_of (YYYY-MM-DD, พ.ศ. year),
#          issuer (ผู้ออกรายงาน) and the มิติ (dimensions) named in the legend.
# rows:    the plan table, in order: its ลำดับ is the position (starred rows
#          numbered after the others). name, dimension (มิติ), starred: true for
#          the starred rows (*1), budget in baht as a quoted string with two
#          decimals, quarters (ไตรมาส 1-4), an optional remark (หมายเหตุ) and an
#          optional key (a short name sheets may link by).
# sheets:  one per unstarred row, in order (ลำดับที่ is the position); `project`
#          names the table row by its name (or key), which supplies the
#          project name and budget. Sections: rationale (๒), objectives (๓),
#          targets (๔), method (๕), period (๖), responsible (๘), outputs and
#          outcomes (๙). Section ๗ comes from the row's budget.
#          A section is a list of blocks: a paragraph (a string), `items:` (a
#          numbered list; an item with `text:` and `body:` holds nested blocks) or
#          `bullets:` (a dash list). Numbers are never typed: phaen numbers
#          sections, items (๑), ๒)) and nested items (๒.๑)) itself.
";
    // The numbers the source printed are positions, which phaen derives: a dataset without
    // them takes an inserted row in one edit. Sheets name their rows by the name.
    let mut plan = plan.clone();
    plan.rows.iter_mut().for_each(|r| r.number = None);
    plan.sheets.iter_mut().for_each(|s| s.number = None);
    let options = serde_saphyr::ser_options! { yaml_12: true, no_lang_directive: true };
    let body = serde_saphyr::to_string_with_options(&plan, options).expect("a plan always serializes");
    format!("{HEADER}\n{}", flow_quarters(&body))
}

/// Writes each `quarters:` list on one line, `quarters: [1, 2, 3, 4]`.
fn flow_quarters(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.trim_start() == "quarters:" {
            let indent = &line[..line.len() - "quarters:".len()];
            let mut quarters = Vec::new();
            while let Some(q) = lines.peek().and_then(|l| l.strip_prefix(indent)?.strip_prefix("- ")) {
                quarters.push(q.trim());
                lines.next();
            }
            out.push_str(&format!(" [{}]", quarters.join(", ")));
        }
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------
// Numbers, dates

/// The value of a run of Thai (`๐`–`๙`) or Arabic digits.
fn parse_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |acc, c| {
        let d = thai_digit(c).or_else(|| c.to_digit(10))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}

fn thai_digit(c: char) -> Option<u32> {
    ('๐'..='๙').contains(&c).then(|| c as u32 - '๐' as u32)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || thai_digit(c).is_some()
}

/// Writes a number in Thai digits.
fn thai_numeral(n: u32) -> String {
    n.to_string().chars().map(|c| char::from_u32('๐' as u32 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// Month number (1–12) of a Thai month name, full (`กุมภาพันธ์`) or abbreviated (`ก.พ.`).
fn month_number(name: &str) -> Option<u32> {
    const SHORT: [&str; 12] =
        ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
    let name = name.trim();
    let at = crate::thai::MONTHS.iter().position(|m| *m == name).or_else(|| SHORT.iter().position(|m| *m == name))?;
    Some(at as u32 + 1)
}

/// Parses a Thai date `07 กุมภาพันธ์ 2567` into `2567-02-07` (the year stays พ.ศ.).
fn parse_thai_date(s: &str) -> Option<String> {
    let mut words = s.split_whitespace();
    let day = parse_number(words.next()?)?;
    let month = month_number(words.next()?)?;
    let year = parse_number(words.next()?)?;
    ((1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Collapses runs of whitespace into single spaces and trims.
fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------
// Title, table, metadata

/// `แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลเมืองสมุทรสงคราม` → (2567, organization).
fn parse_title(line: &str) -> Option<(u32, String)> {
    let rest = line.trim().strip_prefix(TITLE)?;
    let (_, rest) = rest.split_once("พ.ศ.")?;
    let (year, org) = rest.split_once("ของ")?;
    let year = parse_number(year.trim())?;
    let org = normalize_space(org);
    (!org.is_empty()).then_some((year, org))
}

fn is_table_header(line: &str) -> bool {
    let mut cells = line.split('\t').map(str::trim);
    cells.next() == Some("ลำดับ") && cells.next().is_some_and(|c| c.starts_with("รายการโครงการ"))
}

/// `ลำดับที่ ๑` → 1.
fn sheet_number(line: &str) -> Option<u32> {
    parse_number(line.trim().strip_prefix("ลำดับที่")?.trim())
}

struct Table {
    rows: Vec<Row>,
    /// Index of the first line after the table (after the total line, if any).
    end: usize,
    /// Lines that start with a row number but could not be read as a row.
    dropped: Vec<Warning>,
}

/// Reads the rows between the first header and the sheets, skipping the title and
/// header lines repeated on every page, and checks the total line against the rows.
fn parse_table(lines: &[&str], from: usize, to: usize, joiner: &Joiner, warnings: &mut Vec<Warning>) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    let mut dropped = Vec::new();
    let mut end = to;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells[0] == "รวมทั้งสิ้น" {
            check_total(&cells, &rows, i + 1, warnings);
            end = i + 1;
            break;
        }
        let Some(no) = parse_number(cells[0]) else {
            continue;
        };
        match parse_row(no, &cells, joiner) {
            Ok(row) => {
                if rows.iter().any(|r| r.number == Some(no)) {
                    warnings.push(Warning { line: i + 1, message: format!("row {no} appears twice") });
                }
                rows.push(row);
            }
            Err(message) => dropped.push(Warning { line: i + 1, message }),
        }
        end = i + 1;
    }
    if end == to || !lines[end - 1].starts_with("รวมทั้งสิ้น") {
        warnings.push(Warning {
            line: end, message: "no total line `รวมทั้งสิ้น …` after the table".into()
        });
    }
    Table { rows, end, dropped }
}

/// One table row: `no  name  มิติ  budget  q1 q2 q3 q4  remark`.
fn parse_row(no: u32, cells: &[&str], joiner: &Joiner) -> Result<Row, String> {
    if cells.len() < 8 {
        return Err(format!("row {no} has {} cells, expected at least 8", cells.len()));
    }
    let (starred, dim) = match cells[2].strip_prefix('*') {
        Some(d) => (true, d),
        None => (false, cells[2]),
    };
    let dimension = parse_number(dim).ok_or_else(|| format!("row {no}: มิติ `{}` is not a number", cells[2]))?;
    let budget = parse_budget(cells[3]).ok_or_else(|| format!("row {no}: budget `{}` is not a number", cells[3]))?;
    let quarters = (1..=4u8).filter(|&q| is_tick(cells[q as usize + 3])).collect();
    let remark = cells.get(8..).map(|r| r.join(" ")).unwrap_or_default();
    Ok(Row {
        number: Some(no),
        key: None,
        name: joiner.repair_spaces(&normalize_space(cells[1]), false),
        dimension,
        starred,
        budget,
        quarters,
        remark: joiner.repair_spaces(&normalize_space(&remark), true),
    })
}

/// `45,000.00` → 45000.00, keeping (at least) two decimals.
fn parse_budget(s: &str) -> Option<Decimal> {
    // How printouts show a project without budget.
    if matches!(s.trim(), "" | "-" | "–" | "—") || s.contains("ไม่ใช้งบประมาณ") {
        return Some(Decimal::new(0, 2));
    }
    let mut d = Decimal::from_str(&s.replace(',', "")).ok()?;
    if d.scale() < 2 {
        d.rescale(2);
    }
    Some(d)
}

/// A ticked quarter box: `☑` or an HTML checkbox that is checked.
fn is_tick(cell: &str) -> bool {
    cell.contains('☑') || cell.contains('✓') || cell.contains("checked")
}

/// Checks `รวมทั้งสิ้น 3,170,000.00 67 67 67 67` against the rows (it is never stored).
fn check_total(cells: &[&str], rows: &[Row], line: usize, warnings: &mut Vec<Warning>) {
    let numbers: Vec<&str> = cells[1..].iter().copied().filter(|c| !c.is_empty()).collect();
    let sum: Decimal = rows.iter().map(|r| r.budget).sum();
    match numbers.first().and_then(|n| parse_budget(n)) {
        Some(total) if total == sum => {}
        Some(total) => warnings.push(Warning {
            line,
            message: format!("the total budget {total} differs from the sum of the rows {sum}"),
        }),
        None => warnings.push(Warning { line, message: "the total line has no budget".into() }),
    }
    for q in 1..=4u8 {
        let ticks = rows.iter().filter(|r| r.quarters.contains(&q)).count() as u32;
        match numbers.get(q as usize).and_then(|n| parse_number(n)) {
            Some(n) if n == ticks => {}
            Some(n) => warnings.push(Warning {
                line,
                message: format!("the total says {n} projects in quarter {q}, the rows tick {ticks}"),
            }),
            None => warnings.push(Warning { line, message: format!("the total line has no count for quarter {q}") }),
        }
    }
}

/// The as-of date, the issuer and the มิติ legend between the table and the sheets.
fn parse_meta(
    lines: &[&str],
    from: usize,
    to: usize,
    fiscal_year: u32,
    organization: String,
    warnings: &mut Vec<Warning>,
) -> Meta {
    let mut as_of = None;
    let mut issuer = None;
    let mut dimensions = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let line = line.trim();
        if let Some((_, date)) = line.split_once("ข้อมูล ณ วันที่") {
            as_of = parse_thai_date(date);
            if as_of.is_none() {
                warnings.push(Warning { line: i + 1, message: format!("cannot read the date `{}`", date.trim()) });
            }
        } else if let Some((_, name)) = line.split_once("ผู้ออกรายงาน") {
            issuer = Some(normalize_space(name));
        } else if let Some(rest) = line.strip_prefix("มิติ") {
            let rest = rest.trim_start();
            let digits = rest.find(|c: char| !is_digit(c)).unwrap_or(rest.len());
            if let Some(no) = parse_number(&rest[..digits]) {
                dimensions.push(Dimension { number: no, name: normalize_space(&rest[digits..]) });
            }
        }
    }
    let line = from.max(1);
    if as_of.is_none() {
        warnings.push(Warning {
            line, message: "no as-of date `ข้อมูล ณ วันที่ …` after the table".into()
        });
    }
    if issuer.is_none() {
        warnings.push(Warning {
            line, message: "no issuer `ผู้ออกรายงาน …` after the table".into()
        });
    }
    if dimensions.is_empty() {
        warnings.push(Warning {
            line, message: "no legend of the มิติ (`มิติ 1 …`) after the table".into()
        });
    }
    Meta {
        title: TITLE.to_string(),
        organization,
        fiscal_year,
        as_of: as_of.unwrap_or_default(),
        issuer: issuer.unwrap_or_default(),
        dimensions,
        // The printed total is checked against the rows here, never copied.
        total_budget: None,
    }
}

// ---------------------------------------------------------------------------------
// Sheets

/// The sections of a sheet, by their printed titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Section {
    Name,
    Rationale,
    Objectives,
    Targets,
    Method,
    Period,
    Budget,
    Responsible,
    Results,
}

const SECTIONS: [(Section, &str); 9] = [
    (Section::Name, "ชื่อโครงการ"),
    (Section::Rationale, "หลักการและเหตุผล"),
    (Section::Objectives, "วัตถุประสงค์"),
    (Section::Targets, "กลุ่มเป้าหมาย"),
    (Section::Method, "วิธีดำเนินการ"),
    (Section::Period, "ระยะเวลาดำเนินการ"),
    (Section::Budget, "งบประมาณที่ใช้ในการดำเนินการ"),
    (Section::Responsible, "ผู้รับผิดชอบ"),
    (Section::Results, "ผลผลิต/ผลลัพธ์"),
];

/// `๓. วัตถุประสงค์` → the section and what follows the title on the line.
fn section_heading(line: &str) -> Option<(Section, &str)> {
    let line = line.trim();
    let digits = line.find(|c: char| !is_digit(c))?;
    let rest = line[digits..].strip_prefix('.')?.trim_start();
    SECTIONS.iter().find_map(|(s, title)| {
        let after = rest.strip_prefix(title)?;
        (after.is_empty() || after.starts_with([' ', ':', '\t'])).then_some((*s, after))
    })
}

/// A sheet as read, before it is linked to its row.
struct ParsedSheet {
    no: u32,
    /// 1-based line of `ลำดับที่ …`.
    line: usize,
    name: String,
    /// The budget stated in section ๗, `None` for `ไม่ใช้งบประมาณ`.
    budget: Option<Decimal>,
    sheet: Sheet,
}

fn parse_sheets(
    lines: &[&str],
    from: usize,
    organization: &str,
    joiner: &Joiner,
    warnings: &mut Vec<Warning>,
) -> Vec<ParsedSheet> {
    let starts: Vec<usize> = (from..lines.len()).filter(|&i| sheet_number(lines[i]).is_some()).collect();
    let mut sheets = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        sheets.push(parse_sheet(lines, start, end, organization, joiner, warnings));
    }
    sheets
}

/// Splits a sheet into its sections and reads each one.
fn parse_sheet(
    lines: &[&str],
    start: usize,
    end: usize,
    organization: &str,
    joiner: &Joiner,
    warnings: &mut Vec<Warning>,
) -> ParsedSheet {
    let no = sheet_number(lines[start]).unwrap_or_default();
    let mut sections: HashMap<Section, Vec<(usize, &str)>> = HashMap::new();
    let mut current: Option<Section> = None;
    for (i, line) in lines.iter().enumerate().take(end).skip(start + 1) {
        if let Some((section, rest)) = section_heading(line) {
            if sections.contains_key(&section) {
                warnings.push(Warning {
                    line: i + 1,
                    message: format!("sheet {}: section `{}` appears twice", thai_numeral(no), section_title(section)),
                });
            }
            current = Some(section);
            let rest = rest.trim_start().trim_start_matches(':').trim();
            let body = sections.entry(section).or_default();
            if !rest.is_empty() {
                body.push((i + 1, rest));
            }
        } else if let Some(section) = current {
            sections.entry(section).or_default().push((i + 1, line));
        } else if !line.trim().is_empty() {
            warnings.push(Warning {
                line: i + 1,
                message: format!("sheet {}: text before the first section is ignored", thai_numeral(no)),
            });
        }
    }
    for (section, title) in SECTIONS {
        if !sections.get(&section).is_some_and(|b| b.iter().any(|(_, l)| !l.trim().is_empty())) {
            warnings.push(Warning {
                line: start + 1,
                message: format!("sheet {}: section `{title}` is missing or empty", thai_numeral(no)),
            });
        }
    }
    let take = |s: Section| sections.get(&s).map(Vec::as_slice).unwrap_or_default();
    let name = take(Section::Name)
        .iter()
        .map(|(_, l)| l.trim())
        .filter(|l| !l.is_empty())
        .fold(String::new(), |acc: String, l| joiner.join(&acc, l));
    let budget_text = take(Section::Budget).iter().map(|(_, l)| l.trim()).collect::<Vec<_>>().join(" ");
    let reader = SectionReader { joiner, organization, sheet: no };
    let (outputs, outcomes) = split_results(take(Section::Results), no, start + 1, warnings);
    let sheet = Sheet {
        number: Some(no),
        project: None,
        row: None,
        rationale: reader.read(take(Section::Rationale), warnings),
        objectives: reader.read(take(Section::Objectives), warnings),
        targets: reader.read(take(Section::Targets), warnings),
        method: reader.read(take(Section::Method), warnings),
        period: reader.read(take(Section::Period), warnings),
        responsible: reader.read(take(Section::Responsible), warnings),
        outputs: reader.read(&outputs, warnings),
        outcomes: reader.read(&outcomes, warnings),
    };
    ParsedSheet { no, line: start + 1, name, budget: stated_budget(&budget_text), sheet }
}

fn section_title(section: Section) -> &'static str {
    SECTIONS.iter().find(|(s, _)| *s == section).map(|(_, t)| *t).unwrap_or_default()
}

/// Input lines with their 1-based line numbers.
type Lines<'a> = Vec<(usize, &'a str)>;

/// Splits section ๙ at its subheadings `ผลผลิต` and `ผลลัพธ์`.
fn split_results<'a>(
    lines: &[(usize, &'a str)],
    no: u32,
    sheet_line: usize,
    warnings: &mut Vec<Warning>,
) -> (Lines<'a>, Lines<'a>) {
    let heading = |l: &str| l.trim().trim_end_matches([':', ' ']).to_string();
    let outputs_at = lines.iter().position(|(_, l)| heading(l) == "ผลผลิต");
    let outcomes_at = lines.iter().position(|(_, l)| heading(l) == "ผลลัพธ์");
    match (outputs_at, outcomes_at) {
        (Some(o), Some(r)) if o < r => (lines[o + 1..r].to_vec(), lines[r + 1..].to_vec()),
        _ => {
            let line = lines.first().map_or(sheet_line, |(l, _)| *l);
            warnings.push(Warning {
                line,
                message: format!(
                    "sheet {}: section ๙ is not split into `ผลผลิต` and `ผลลัพธ์`; all of it is taken as ผลผลิต",
                    thai_numeral(no)
                ),
            });
            let rest = lines.iter().filter(|(_, l)| !matches!(heading(l).as_str(), "ผลผลิต" | "ผลลัพธ์"));
            (rest.copied().collect(), Vec::new())
        }
    }
}

/// The budget a sheet states in section ๗: `งบประมาณ จำนวน ๔๕๐๐๐ บาท` → 45000.
fn stated_budget(text: &str) -> Option<Decimal> {
    crate::textcheck::stated_budgets(text).into_iter().find_map(|b| match b {
        crate::textcheck::StatedBudget::Amount(a) => Some(a),
        crate::textcheck::StatedBudget::None => None,
    })
}

/// Links each sheet to the table row of the same name (whitespace ignored), else to the
/// closest unstarred row by edit distance, with a warning.
fn link_sheets(parsed: Vec<ParsedSheet>, rows: &[Row], warnings: &mut Vec<Warning>) -> Vec<Sheet> {
    let number = |row: &Row| row.number.unwrap_or_default();
    let key = |s: &str| s.split_whitespace().collect::<String>();
    let mut sheets = Vec::new();
    let mut links: HashMap<u32, u32> = HashMap::new();
    for p in parsed {
        let name = key(&p.name);
        let exact = rows.iter().find(|r| key(&r.name) == name);
        let row = exact.or_else(|| {
            let best = rows
                .iter()
                .filter(|r| !r.starred)
                .map(|r| (strsim::normalized_levenshtein(&key(&r.name), &name), r))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((score, row)) if score >= 0.5 => {
                    warnings.push(Warning {
                        line: p.line,
                        message: format!(
                            "sheet {} `{}` has no row of that name; linked to the closest, row {} `{}` \
                             (the sheet will show the row's name)",
                            thai_numeral(p.no),
                            p.name,
                            number(row),
                            row.name
                        ),
                    });
                    Some(row)
                }
                _ => None,
            }
        });
        let Some(row) = row else {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "sheet {} `{}` matches no table row; left unlinked (no project:)",
                    thai_numeral(p.no),
                    p.name
                ),
            });
            sheets.push(p.sheet);
            continue;
        };
        if row.starred {
            warnings.push(Warning {
                line: p.line,
                message: format!("sheet {} is linked to starred row {}", thai_numeral(p.no), number(row)),
            });
        }
        if let Some(other) = links.insert(number(row), p.no) {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "sheets {} and {} both detail row {}",
                    thai_numeral(other),
                    thai_numeral(p.no),
                    number(row)
                ),
            });
        }
        let stated = p.budget.unwrap_or_default();
        if stated != row.budget {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "sheet {} states a budget of {stated} baht, its row {} says {}",
                    thai_numeral(p.no),
                    number(row),
                    row.budget
                ),
            });
        }
        sheets.push(Sheet { project: Some(row.name.clone()), ..p.sheet });
    }
    for row in rows.iter().filter(|r| !r.starred && !links.contains_key(&number(r))) {
        warnings.push(Warning {
            line: 1,
            message: format!("row {} `{}` is not starred but has no sheet", number(row), row.name),
        });
    }
    sheets
}

// ---------------------------------------------------------------------------------
// Section bodies: paragraphs, numbered items, bullets

/// Words that open a paragraph of an official Thai text: a line starting with one of
/// them after a paragraph of some length starts a new paragraph.
const PARAGRAPH_OPENERS: [&str; 12] = [
    "ดังนั้น",
    "จากสถานการณ์",
    "อีกทั้ง",
    "นอกจากนี้",
    "ทั้งนี้",
    "ปัจจุบัน",
    "พระราชบัญญัติ",
    "พระราชกฤษฎีกา",
    "รัฐธรรมนูญ",
    "แผนแม่บท",
    "เพื่อให้เป็นไปตาม",
    "องค์กรปกครองส่วนท้องถิ่นเป็นหน่วยงาน",
];

/// Openers that also open a paragraph in the middle of an extracted line, where the
/// extractor ran two printed lines together (`… คุ่มค่า ดังนั้น เพื่อให้…`).
const MID_LINE_OPENERS: [&str; 1] = ["ดังนั้น"];

/// `ยัง` (still, also) right after an opener continues the subject of the sentence
/// before (`อีกทั้งยังช่วย…`): no new paragraph.
const CONTINUING: &str = "ยัง";

/// A clause opened by `เนื่องจาก` (because) is closed by `ดังนั้น … จึง` in the same
/// sentence: no new paragraph at its `ดังนั้น`.
const BECAUSE: &str = "เนื่องจาก";

/// Connectives that open a sentence; a space goes before them.
const SENTENCE_CONNECTIVES: [&str; 4] = ["ดังนั้น", "ทั้งนี้", "นอกจากนี้", "อีกทั้ง"];

/// Words that cannot end a paragraph: a paragraph ending with one goes on.
const CONNECTIVES: [&str; 10] = [
    SENTENCE_CONNECTIVES[0],
    SENTENCE_CONNECTIVES[1],
    SENTENCE_CONNECTIVES[2],
    SENTENCE_CONNECTIVES[3],
    "และ",
    "หรือ",
    "โดย",
    "ซึ่ง",
    "เพื่อ",
    "ของ",
];

/// A paragraph shorter than this (in characters) is the first visual line of a paragraph
/// split by the extractor (`ดังนั้น` / `เทศบาลเมือง…` alone on a line): it never ends there.
const MIN_PARAGRAPH_CHARS: usize = 120;

/// The width, in base characters (Thai marks above and below not counted), that no
/// printed line of an A4 sheet exceeds: a longer extracted line is several printed lines
/// run together, and may hide a paragraph start in its middle.
const PRINTED_LINE_CELLS: usize = 100;

/// Does `line` open a new paragraph after `paragraph`? Only when the paragraph so far
/// is long enough to be complete, does not end with a connective, and the line starts
/// with a paragraph opener (not followed by `ยัง`) or with the organization's name (the
/// subject of the usual closing paragraph).
fn starts_paragraph(paragraph: &str, line: &str, organization: &str) -> bool {
    let opener =
        PARAGRAPH_OPENERS.iter().any(|o| line.strip_prefix(o).is_some_and(|rest| !rest.starts_with(CONTINUING)));
    paragraph.chars().count() >= MIN_PARAGRAPH_CHARS
        && !ends_with_connective(paragraph)
        && (opener || line.starts_with(organization))
}

fn ends_with_connective(text: &str) -> bool {
    let text = text.trim_end();
    CONNECTIVES
        .iter()
        .any(|c| text.strip_suffix(c).is_some_and(|before| before.is_empty() || before.ends_with(char::is_whitespace)))
}

/// Whether a `เนื่องจาก` clause is open at the end of `text` (no `ดังนั้น` after it).
fn open_because(text: &str) -> bool {
    text.rfind(BECAUSE).is_some_and(|at| !text[at..].contains(MID_LINE_OPENERS[0]))
}

/// The printed width of a text: its characters minus the Thai marks above and below.
fn cells(text: &str) -> usize {
    text.chars().filter(|&c| !is_thai_combining(c)).count()
}

/// Where a paragraph starts in the middle of a line of text that follows `paragraph`:
/// the byte offsets in `text` of each mid-line opener (see [`MID_LINE_OPENERS`]) that
/// follows a space, has text after it, and comes after enough text to close a paragraph
/// without an open `เนื่องจาก` clause. Only in a line wider than a printed line.
fn mid_line_paragraphs(paragraph: &str, text: &str, line: &str) -> Vec<usize> {
    if cells(line) <= PRINTED_LINE_CELLS {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    for opener in MID_LINE_OPENERS {
        for (at, _) in text.match_indices(&format!(" {opener} ")) {
            let before = if cuts.is_empty() {
                join_space(paragraph, &text[..at])
            } else {
                text[*cuts.last().unwrap_or(&0)..at].to_string()
            };
            if before.chars().count() >= MIN_PARAGRAPH_CHARS && !open_because(&before) && !ends_with_connective(&before)
            {
                cuts.push(at + 1);
            }
        }
    }
    cuts.sort_unstable();
    cuts
}

/// A list number found in a line: `๒)`, `๒.๑)`, `๒.๑.๑)`.
#[derive(Debug, Clone, PartialEq)]
struct Marker<'a> {
    /// The number as written, `๒.๑)`.
    raw: &'a str,
    /// The numbers, outermost first: `๒.๑)` → [2, 1].
    path: Vec<u32>,
    /// Whether the number starts its line (after a stray `- `).
    at_line_start: bool,
    /// Written in parentheses, `(๓.๒)`: an item only where it continues a nested list.
    parenthesised: bool,
}

/// A piece of a line: a list number, text, or a dash starting the line.
#[derive(Debug, Clone, PartialEq)]
enum Piece<'a> {
    Marker(Marker<'a>),
    Text(&'a str),
}

/// Marks a `-` that started a line, for [`split_bullets`]: a bullet when a dash list
/// follows, else a stray dash of the extractor that is dropped.
const LINE_DASH: char = '\u{2043}';

/// Cuts a line into list numbers and text. A number counts when it starts the line or
/// follows a space and is not inside parentheses (`(ฉบับที่ ๓)` is no item). A leading
/// `- ` before a number is dropped; a leading `- ` before text becomes [`LINE_DASH`].
fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut line = line.trim();
    let mut out = Vec::new();
    if let Some(rest) = line.strip_prefix('-') {
        let rest = rest.trim_start();
        if marker_at(rest).is_none() {
            out.push(Piece::Text(LINE_DASH_STR));
        }
        line = rest;
    }
    let mut text_from = 0;
    let mut depth = 0i32;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        let at_marker = depth == 0 && prev.is_none_or(char::is_whitespace);
        // A list number here: `(๓.๒)` or `๑)`, `๒.๑)`.
        let marker = if !at_marker {
            None
        } else if c == '(' {
            paren_marker_at(&line[i..]).map(|(path, len)| (path, len, true))
        } else if is_digit(c) {
            marker_at(&line[i..]).map(|(path, len)| (path, len, false))
        } else {
            None
        };
        if let Some((path, len, parenthesised)) = marker {
            let text = line[text_from..i].trim();
            if !text.is_empty() {
                out.push(Piece::Text(text));
            }
            out.push(Piece::Marker(Marker { raw: &line[i..i + len], path, at_line_start: i == 0, parenthesised }));
            i += len;
            text_from = i;
            prev = Some(')');
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    let text = line[text_from..].trim();
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

const LINE_DASH_STR: &str = "\u{2043}";

/// A list number at the start of `s`: digits (`.` digits)* `)`, then a space or the end.
fn marker_at(s: &str) -> Option<(Vec<u32>, usize)> {
    let end = s.find(')')?;
    let path = s[..end].split('.').map(parse_number).collect::<Option<Vec<u32>>>()?;
    let after = &s[end + 1..];
    (after.is_empty() || after.starts_with(char::is_whitespace) || !after.starts_with(is_digit))
        .then_some((path, end + 1))
}

/// A dotted list number in parentheses at the start of `s`, `(๓.๒)`, then a space or
/// the end. Un-dotted ones, `(๙)`, are the clauses of a law or an inline enumeration.
fn paren_marker_at(s: &str) -> Option<(Vec<u32>, usize)> {
    let rest = s.strip_prefix('(')?;
    let (path, len) = marker_at(rest)?;
    let after = &rest[len..];
    (path.len() > 1 && (after.is_empty() || after.starts_with(char::is_whitespace))).then_some((path, len + 1))
}

/// A piece of a section with where it comes from: its input line (number and text) and
/// whether it starts that line.
#[derive(Debug, Clone)]
struct Token<'a> {
    line_no: usize,
    line: &'a str,
    piece: Piece<'a>,
    new_line: bool,
}

/// Puts list numbers that the extractor wrote after their text back in front of it.
///
/// Some extractions put each number of an inline sub-list at the end of its item's
/// text: `ปรับปรุงแผนผัง…ให้เป็นปัจจุบัน ๑)` / `ปรับปรุงป้าย… ๒)` / `จัดให้มีกล่อง… ๔) จัดทำ…`.
/// The sign is a `๑)` that ends a line of text not introducing a list (no `ดังนี้`,
/// `เช่น`, … before it) followed by a `๒)` that ends a line too. Each number of such a
/// run (`๑)`, `๒)`, … none starting a line) then moves before the text since the number
/// before it (for `๑)`, since the start of its line).
fn restore_trailing_numbers(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let undotted = |t: &Token, n: u32| matches!(&t.piece, Piece::Marker(m) if m.path == [n] && !m.at_line_start && !m.parenthesised);
    let ends_line = |tokens: &[Token], i: usize| tokens.get(i + 1).is_none_or(|t| t.new_line);
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let opens = undotted(&tokens[i], 1)
            && ends_line(&tokens, i)
            && i > 0
            && tokens[i - 1].line_no == tokens[i].line_no
            && matches!(tokens[i - 1].piece, Piece::Text(t)
                if t != LINE_DASH_STR && !LIST_INTRODUCERS.iter().any(|w| t.ends_with(w)));
        // The run: marker positions with text between them, numbered 1, 2, …
        let mut run = vec![i];
        if opens {
            let mut j = i + 1;
            while j < tokens.len() {
                match &tokens[j].piece {
                    Piece::Text(_) => j += 1,
                    Piece::Marker(_) if undotted(&tokens[j], run.len() as u32 + 1) && j > run[run.len() - 1] + 1 => {
                        run.push(j);
                        j += 1;
                    }
                    Piece::Marker(_) => break,
                }
            }
        }
        if !opens || run.len() < 2 || !ends_line(&tokens, run[1]) {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        // `๑)` goes to the start of its line: take its line's text back out of `out`.
        let line_start = out.iter().rposition(|t| t.new_line).unwrap_or(0);
        let mut segment: Vec<Token> = out.drain(line_start..).collect();
        for (k, &at) in run.iter().enumerate() {
            if k > 0 {
                segment = tokens[run[k - 1] + 1..at].to_vec();
            }
            let mut marker = tokens[at].clone();
            if let Piece::Marker(m) = &mut marker.piece {
                m.at_line_start = false;
            }
            marker.new_line = segment.first().is_some_and(|t| t.new_line);
            if let Some(first) = segment.first_mut() {
                first.new_line = false;
            }
            out.push(marker);
            out.append(&mut segment);
        }
        i = run[run.len() - 1] + 1;
        // The last number stood between its text and what follows: keep them apart.
        if let Some(next) = tokens.get(i).filter(|t| matches!(t.piece, Piece::Text(_))) {
            out.push(Token { new_line: false, ..next.clone() });
            i += 1;
        }
    }
    out
}

/// One paragraph or one list item, as read line by line.
#[derive(Debug)]
struct Entry {
    /// 0 for a paragraph, else the nesting depth of the item (1 = `๑)`).
    depth: usize,
    /// The printed number (last component), for the numbering checks.
    number: u32,
    text: String,
    line: usize,
}

/// Reads the lines of one section into blocks.
struct SectionReader<'a> {
    joiner: &'a Joiner,
    organization: &'a str,
    sheet: u32,
}

impl SectionReader<'_> {
    fn read(&self, lines: &[(usize, &str)], warnings: &mut Vec<Warning>) -> Vec<Block> {
        let entries = self.entries(lines);
        let mut at = 0;
        let mut blocks = Vec::new();
        while at < entries.len() {
            if entries[at].depth == 0 {
                let (text, bullets) = split_bullets(&entries[at].text);
                if !text.is_empty() {
                    blocks.push(Block::Para(text));
                }
                if !bullets.is_empty() {
                    blocks.push(Block::Bullets { bullets });
                }
                at += 1;
            } else {
                blocks.push(Block::Items { items: self.items(&entries, &mut at, 1, warnings) });
            }
        }
        blocks
    }

    /// Groups lines into paragraphs and items (see the module docs for the rules).
    fn entries(&self, lines: &[(usize, &str)]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        // The open run of un-dotted numbers found mid-line (`… ดังนี้ ๑) … ๒) …`):
        // a nested list under the current item, as (depth, last number).
        let mut inline_list: Option<(usize, u32)> = None;
        let mut last_top = 0;
        let mut tokens = Vec::new();
        for &(line_no, line) in lines {
            let line = line.trim();
            if line.is_empty() || line == "-" {
                continue;
            }
            for (k, piece) in pieces(line).into_iter().enumerate() {
                tokens.push(Token { line_no, line, piece, new_line: k == 0 });
            }
        }
        for Token { line_no, line, piece, new_line } in restore_trailing_numbers(tokens) {
            {
                match piece {
                    Piece::Marker(m) => {
                        let Some(depth) = self.depth_of(&m, entries.last(), &mut inline_list, last_top) else {
                            self.append(&mut entries, m.raw, line_no, new_line);
                            continue;
                        };
                        let number = *m.path.last().unwrap_or(&0);
                        if depth == 1 {
                            last_top = number;
                        }
                        entries.push(Entry { depth, number, text: String::new(), line: line_no });
                    }
                    Piece::Text(text) => {
                        let cuts = match entries.last() {
                            Some(e) if e.depth == 0 => mid_line_paragraphs(&e.text, text, line),
                            _ => Vec::new(),
                        };
                        let mut from = 0;
                        let mut new_line = new_line;
                        for cut in cuts {
                            self.append(&mut entries, text[from..cut].trim(), line_no, new_line);
                            entries.push(Entry { depth: 0, number: 0, text: String::new(), line: line_no });
                            new_line = false;
                            from = cut;
                        }
                        self.append(&mut entries, text[from..].trim(), line_no, new_line);
                    }
                }
            }
        }
        entries
    }

    /// The depth of a list number, or `None` when it is no list item but text.
    ///
    /// Dotted numbers nest by their number of parts; in parentheses, `(๓.๒)`, only when
    /// they continue the item before (`๓.๑)`). An un-dotted number at the start of a line
    /// is a top-level item, unless it continues an open mid-line run and not the top
    /// level. Mid-line, `๑)` after a paragraph opens a list; `๑)` inside an item opens an
    /// enumeration printed as running text (`… ดังนี้ ๑) … ๒) …`): it and the `n+1)`
    /// continuing it stay text, as printed. A mid-line number continuing the top level
    /// is an item run into the line before; other mid-line numbers are text.
    fn depth_of(
        &self,
        m: &Marker<'_>,
        current: Option<&Entry>,
        inline_list: &mut Option<(usize, u32)>,
        last_top: u32,
    ) -> Option<usize> {
        if m.path.len() > 1 {
            let depth = m.path.len();
            let continues = current.is_some_and(|e| e.depth == depth && e.number + 1 == *m.path.last().unwrap_or(&0));
            return (!m.parenthesised || continues).then_some(depth);
        }
        let n = m.path[0];
        let continues_inline = |l: &Option<(usize, u32)>| l.filter(|&(_, last)| last + 1 == n).map(|(d, _)| d);
        // Depth 0 stands for an inline enumeration kept as text.
        let depth = if m.at_line_start {
            match continues_inline(inline_list) {
                Some(d) if n != last_top + 1 => d,
                _ => 1,
            }
        } else if let Some(d) = continues_inline(inline_list) {
            d
        } else if n == 1 {
            if current.is_some_and(|e| e.depth >= 1) { 0 } else { 1 }
        } else if n == last_top + 1 && current.is_some_and(|e| e.depth >= 1) {
            1
        } else {
            return None;
        };
        *inline_list = (depth != 1).then_some((depth, n));
        (depth > 0).then_some(depth)
    }

    /// Adds text to the current entry, or starts a paragraph.
    fn append(&self, entries: &mut Vec<Entry>, text: &str, line: usize, new_line: bool) {
        let start_paragraph = match entries.last() {
            None => true,
            Some(e) => e.depth == 0 && new_line && starts_paragraph(&e.text, text, self.organization),
        };
        if start_paragraph {
            entries.push(Entry { depth: 0, number: 0, text: text.to_string(), line });
            return;
        }
        let Some(entry) = entries.last_mut() else {
            return;
        };
        entry.text = if new_line { self.joiner.join(&entry.text, text) } else { join_space(&entry.text, text) };
    }

    /// Builds the items of one list level starting at `entries[*at]`, with deeper
    /// entries as the children of the item before them.
    fn items(&self, entries: &[Entry], at: &mut usize, depth: usize, warnings: &mut Vec<Warning>) -> Vec<Item> {
        let mut items: Vec<Item> = Vec::new();
        while *at < entries.len() && entries[*at].depth >= depth {
            let entry = &entries[*at];
            if entry.depth > depth && !items.is_empty() {
                let children = self.items(entries, at, depth + 1, warnings);
                if let Some(last) = items.pop() {
                    items.push(with_children(last, children));
                }
                continue;
            }
            let expected = items.len() as u32 + 1;
            if entry.number != expected {
                warnings.push(Warning {
                    line: entry.line,
                    message: format!(
                        "sheet {}: item {}) where {}) was expected (kept; phaen renumbers)",
                        thai_numeral(self.sheet),
                        thai_numeral(entry.number),
                        thai_numeral(expected)
                    ),
                });
            }
            let (text, bullets) = split_bullets(&entry.text);
            if text.is_empty() && bullets.is_empty() {
                warnings.push(Warning {
                    line: entry.line,
                    message: format!(
                        "sheet {}: item {}) is empty",
                        thai_numeral(self.sheet),
                        thai_numeral(entry.number)
                    ),
                });
            }
            items.push(if bullets.is_empty() {
                Item::Text(text)
            } else {
                Item::Full { text, body: vec![Block::Bullets { bullets }] }
            });
            *at += 1;
        }
        items
    }
}

/// Appends nested items to an item's body.
fn with_children(item: Item, children: Vec<Item>) -> Item {
    let (text, mut body) = match item {
        Item::Text(text) => (text, Vec::new()),
        Item::Full { text, body } => (text, body),
    };
    body.push(Block::Items { items: children });
    Item::Full { text, body }
}

fn join_space(left: &str, right: &str) -> String {
    match (left.is_empty(), right.is_empty()) {
        (true, _) => right.to_string(),
        (_, true) => left.to_string(),
        _ => format!("{left} {right}"),
    }
}

/// Words that introduce a dash list: `… เช่น - ก - ข`.
const LIST_INTRODUCERS: [&str; 4] = ["เช่น", "ดังนี้", "ได้แก่", "ประกอบด้วย"];

/// A dash followed by a word this short is a hyphen (`จัดซื้อ - จัดจ้าง`), not a bullet.
const MAX_HYPHENATED_CHARS: usize = 8;

/// Splits the dash list out of a paragraph or item text: `เช่น - ก - ข` → (`เช่น`, [ก, ข]).
///
/// The dashes are ` - ` outside parentheses and not before a short word (see
/// [`dash_split`]), and the [`LINE_DASH`] marks of dashes that started a line. They make
/// a list when there are two or more, or one that follows nothing or a list introducer
/// (`เช่น`, `ดังนี้`, …). When there is no list, the line-start dashes are stray marks
/// of the extractor and are dropped.
fn split_bullets(text: &str) -> (String, Vec<String>) {
    let parts = dash_split(text);
    let head = parts[0].trim();
    let is_list = parts.len() > 2
        || (parts.len() == 2 && (head.is_empty() || LIST_INTRODUCERS.iter().any(|w| head.ends_with(w))));
    if !is_list {
        let text = text.replace(&format!(" {LINE_DASH} "), " ").replace(LINE_DASH, "");
        return (normalize_space(&text), Vec::new());
    }
    let bullets = parts[1..].iter().map(|p| normalize_space(p)).filter(|p| !p.is_empty()).collect();
    (head.to_string(), bullets)
}

/// Splits at list dashes: ` - ` (or a trailing ` -`) outside parentheses, and [`LINE_DASH`].
/// A dash before a word of at most [`MAX_HYPHENATED_CHARS`] joins two words and stays.
fn dash_split(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    let mut depth = 0i32;
    let mut chars = text.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            LINE_DASH => {
                parts.push(&text[from..i]);
                from = i + c.len_utf8();
            }
            '-' if depth == 0 && prev.is_whitespace() && next.is_whitespace() && !before_short_word(&text[i + 1..]) => {
                parts.push(&text[from..i]);
                from = i + 1;
            }
            _ => {}
        }
        prev = c;
    }
    parts.push(&text[from..]);
    parts
}

/// Whether `rest` (after a dash) starts with a short word and goes on after it.
fn before_short_word(rest: &str) -> bool {
    let rest = rest.trim_start();
    let word = rest.split(|c: char| c.is_whitespace() || c == LINE_DASH).next().unwrap_or_default();
    !word.is_empty() && word.chars().count() <= MAX_HYPHENATED_CHARS && word.chars().all(is_thai_letter)
}

// ---------------------------------------------------------------------------------
// Joining Thai fragments

/// Thai marks that are written above or below the previous letter and cannot start a word.
fn is_thai_combining(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// Decides how two Thai fragments meet: glued (a word cut in two, or words the text
/// writes together) or with a space.
///
/// A junction inside a word is found with ICU4X's Thai dictionary word segmenter (the
/// compiled data of `icu_segmenter`): the two fragments are joined and segmented, and
/// when the junction is no word boundary (`องค์กรปกครองส|ว่นท้องถิ่น`) the fragments are
/// one word. At a word boundary, a line break may have replaced a space or not; the
/// document's own usage decides: how often it writes the two words glued and how often
/// with a space between them.
struct Joiner {
    segmenter: WordSegmenterBorrowed<'static>,
    /// Word pair → (times written glued, times written with one space).
    pairs: HashMap<(String, String), (u32, u32)>,
    /// Word → (times glued to, times spaced from) the Thai word after it.
    after: HashMap<String, (u32, u32)>,
    /// Word → (times glued to, times spaced from) the Thai word before it.
    before: HashMap<String, (u32, u32)>,
    /// Word → times used.
    words: HashMap<String, u32>,
}

impl Joiner {
    fn new(corpus: &str) -> Joiner {
        let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
        let mut pairs: HashMap<(String, String), (u32, u32)> = HashMap::new();
        let mut words_used: HashMap<String, u32> = HashMap::new();
        let mut after: HashMap<String, (u32, u32)> = HashMap::new();
        let mut before: HashMap<String, (u32, u32)> = HashMap::new();
        for line in corpus.lines() {
            let breaks: Vec<usize> = segmenter.segment_str(line).collect();
            let words: Vec<&str> = breaks.windows(2).map(|w| &line[w[0]..w[1]]).collect();
            for (k, w) in words.iter().enumerate() {
                if !w.chars().all(is_thai_letter) {
                    continue;
                }
                *words_used.entry(w.to_string()).or_default() += 1;
                let thai = |j: usize| words.get(j).copied().filter(|n| n.chars().all(is_thai_letter));
                let (next, spaced) = match (thai(k + 1), words.get(k + 1) == Some(&" ")) {
                    (Some(n), _) => (n, false),
                    (None, true) => match thai(k + 2) {
                        Some(n) => (n, true),
                        None => continue,
                    },
                    (None, false) => continue,
                };
                for counts in [
                    pairs.entry((w.to_string(), next.to_string())).or_default(),
                    after.entry(w.to_string()).or_default(),
                    before.entry(next.to_string()).or_default(),
                ] {
                    if spaced { counts.1 += 1 } else { counts.0 += 1 }
                }
            }
        }
        Joiner { segmenter, pairs, after, before, words: words_used }
    }

    /// Joins the next line's text to the text so far.
    fn join(&self, left: &str, right: &str) -> String {
        if left.is_empty() {
            return right.to_string();
        }
        match self.junction(left, right, true) {
            Junction::Glue => self.glue(left, right),
            Junction::Space => format!("{left} {right}"),
        }
    }

    /// Removes spaces inside Thai words (`การเรียนกา รสอน`). With `table_cell`, also the
    /// spaces a wrapped table cell put between words the document writes glued.
    fn repair_spaces(&self, text: &str, table_cell: bool) -> String {
        let mut out = String::new();
        for (k, part) in text.split(' ').enumerate() {
            if k == 0 {
                out.push_str(part);
                continue;
            }
            let glue = match self.junction(&out, part, false) {
                Junction::Glue => true,
                Junction::Space => table_cell && self.usage(&out, part) == Some(Junction::Glue),
            };
            out = if glue { self.glue(&out, part) } else { format!("{out} {part}") };
        }
        out
    }

    /// Glues a word cut in two. The extractor sometimes moved the tone mark of the
    /// letter before the cut behind the first letter after it (`องค์กรปกครองส` +
    /// `ว่นท้องถิ่น`): the mark goes back when the document writes the word that way
    /// more often (`ส่วน`, not `สว่น`).
    fn glue(&self, left: &str, right: &str) -> String {
        let as_is = format!("{left}{right}");
        let mut chars = right.chars();
        let (Some(first), Some(mark)) = (chars.next(), chars.next()) else {
            return as_is;
        };
        let ends_in_consonant = left.chars().next_back().is_some_and(|c| ('\u{0E01}'..='\u{0E2E}').contains(&c));
        if !ends_in_consonant || !('\u{0E48}'..='\u{0E4B}').contains(&mark) {
            return as_is;
        }
        let moved = format!("{left}{mark}{first}{}", chars.as_str());
        let at = left.len();
        if self.word_count(&moved, at) > self.word_count(&as_is, at) { moved } else { as_is }
    }

    /// How often the document uses the word of `text` that covers byte `at`.
    fn word_count(&self, text: &str, at: usize) -> u32 {
        let (window, offset) = junction_window(&text[..at], &text[at..]);
        let breaks: Vec<usize> = self.segmenter.segment_str(&window).collect();
        let start = breaks.iter().rev().find(|&&b| b < offset).copied().unwrap_or(0);
        let end = breaks.iter().find(|&&b| b > offset).copied().unwrap_or(window.len());
        self.words.get(&window[start..end]).copied().unwrap_or_default()
    }

    /// How `left` and `right` meet. At a line break (`line_break`) the document's usage
    /// decides at a word boundary, and glued wins a tie (most Thai word boundaries carry
    /// no space); inside a line the space stays unless it cuts a word.
    fn junction(&self, left: &str, right: &str, line_break: bool) -> Junction {
        let (Some(l), Some(r)) = (left.chars().next_back(), right.chars().next()) else {
            return Junction::Space;
        };
        if !is_thai_letter(l) || !is_thai_letter(r) {
            return Junction::Space;
        }
        if is_thai_combining(r) || !self.is_word_boundary(left, right) {
            return Junction::Glue;
        }
        if !line_break {
            return Junction::Space;
        }
        // Thai writes a space before a sentence connective (`… คุ้มค่า อีกทั้งยัง…`).
        if SENTENCE_CONNECTIVES.iter().any(|c| right.starts_with(c)) {
            return Junction::Space;
        }
        let (glued, spaced) = self.pair_counts(left, right);
        if glued != spaced {
            return if glued > spaced { Junction::Glue } else { Junction::Space };
        }
        if self.in_enumeration(left, right) {
            return Junction::Space;
        }
        self.usage(left, right).unwrap_or(Junction::Glue)
    }

    /// Whether a line break falls between two items of a Thai enumeration, which the
    /// text separates with spaces (`หลักเกณฑ์ วิธีการ` / `แนวทาง…`, `แผนการดำเนินงาน` /
    /// `รายงานการกำกับ… รายงานการกำกับ…`): when the last space-separated phrase before the
    /// break is short and not a function word, or when the phrase after the break starts
    /// with a word that starts another phrase (after a space) nearby.
    fn in_enumeration(&self, left: &str, right: &str) -> bool {
        let phrase = left.rsplit(char::is_whitespace).next().unwrap_or(left);
        let short_phrase = phrase.len() < left.len()
            && phrase.chars().all(is_thai_letter)
            && cells(phrase) <= MAX_ENUMERATED_CELLS
            && !FUNCTION_WORDS.contains(&phrase);
        if short_phrase {
            return true;
        }
        let head = self.leading_word(right);
        if head.is_empty() {
            return false;
        }
        let spaced = format!(" {head}");
        let mut from = left.len().saturating_sub(NEARBY_BYTES);
        while !left.is_char_boundary(from) {
            from += 1;
        }
        let nearby = &left[from..];
        right.contains(&spaced) || nearby.contains(&spaced)
    }

    /// The first word of `text` by the segmenter, with the next one when it is a short
    /// prefix such as `การ` or `ความ` (which starts half the phrases of a text).
    fn leading_word<'a>(&self, text: &'a str) -> &'a str {
        let run_end = text.char_indices().find(|&(_, c)| !is_thai_letter(c)).map_or(text.len(), |(i, _)| i);
        let run = &text[..run_end];
        let breaks: Vec<usize> = self.segmenter.segment_str(run).collect();
        let mut end = breaks.get(1).copied().unwrap_or(run.len());
        if cells(&run[..end]) <= 3 {
            end = breaks.get(2).copied().unwrap_or(end);
        }
        if cells(&run[..end]) <= 3 { "" } else { &run[..end] }
    }

    /// How often the document writes the last word of `left` and the first of `right`
    /// glued and with a space.
    fn pair_counts(&self, left: &str, right: &str) -> (u32, u32) {
        self.pairs.get(&self.junction_words(left, right)).copied().unwrap_or_default()
    }

    /// The last word of `left` and the first of `right`, as the segmenter reads them
    /// joined.
    fn junction_words(&self, left: &str, right: &str) -> (String, String) {
        let (joined, at) = junction_window(left, right);
        let breaks: Vec<usize> = self.segmenter.segment_str(&joined).collect();
        let before = breaks.iter().rev().find(|&&b| b < at).copied().unwrap_or(0);
        let after = breaks.iter().find(|&&b| b > at).copied().unwrap_or(joined.len());
        (joined[before..at].to_string(), joined[at..after].to_string())
    }

    /// Whether the segmenter finds a word boundary where `left` and `right` meet.
    fn is_word_boundary(&self, left: &str, right: &str) -> bool {
        let (joined, at) = junction_window(left, right);
        self.segmenter.segment_str(&joined).any(|b| b == at)
    }

    /// How the document writes the last word of `left` and the first of `right`:
    /// as that pair if it occurs, else as the words' habits (`เช่น` is mostly followed
    /// by a space); `None` when it has no preference.
    fn usage(&self, left: &str, right: &str) -> Option<Junction> {
        let key = self.junction_words(left, right);
        let (glued, spaced) = self.pairs.get(&key).copied().unwrap_or_default();
        match glued.cmp(&spaced) {
            std::cmp::Ordering::Greater => return Some(Junction::Glue),
            std::cmp::Ordering::Less => return Some(Junction::Space),
            std::cmp::Ordering::Equal => {}
        }
        // The share of spaced uses of each word on its side of the junction, averaged.
        let share = |counts: Option<&(u32, u32)>| {
            counts.filter(|(g, s)| g + s > 0).map(|&(g, s)| f64::from(s) / f64::from(g + s))
        };
        let shares: Vec<f64> =
            [share(self.after.get(&key.0)), share(self.before.get(&key.1))].into_iter().flatten().collect();
        if shares.is_empty() {
            return None;
        }
        let spaced = shares.iter().sum::<f64>() / shares.len() as f64;
        if spaced > 0.5 {
            Some(Junction::Space)
        } else if spaced < 0.5 {
            Some(Junction::Glue)
        } else {
            None
        }
    }
}

/// An enumerated phrase (`วิธีการ`, `ปลอดภัย`, `ลูกจ้างประจำ`) is at most this wide.
const MAX_ENUMERATED_CELLS: usize = 12;

/// How far back (in bytes) a text counts as near a line break.
const NEARBY_BYTES: usize = 600;

/// Words that join what follows them and are never an item of an enumeration.
const FUNCTION_WORDS: [&str; 22] = [
    "และ",
    "หรือ",
    "แต่",
    "ของ",
    "ใน",
    "ที่",
    "ซึ่ง",
    "โดย",
    "เพื่อ",
    "กับ",
    "แก่",
    "ให้",
    "จาก",
    "ตาม",
    "ต่อ",
    "ถึง",
    "จึง",
    "ได้",
    "เป็น",
    "มี",
    "คือ",
    "ว่า",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Junction {
    Glue,
    Space,
}

/// The Thai letters around a junction, joined, and the junction's byte offset in them.
/// The whole runs are taken: the dictionary segmenter needs to start at a word start.
fn junction_window(left: &str, right: &str) -> (String, usize) {
    let tail: String = {
        let rev: Vec<char> = left.chars().rev().take_while(|&c| is_thai_letter(c)).collect();
        rev.into_iter().rev().collect()
    };
    let head: String = right.chars().take_while(|&c| is_thai_letter(c)).collect();
    let at = tail.len();
    (tail + &head, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_and_arabic_numbers() {
        assert_eq!(parse_number("๒๕๖๗"), Some(2567));
        assert_eq!(parse_number("2567"), Some(2567));
        assert_eq!(parse_number("๑0"), Some(10));
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("๑ก"), None);
        assert_eq!(thai_numeral(46), "๔๖");
        assert_eq!(sheet_number("ลำดับที่ ๔๖"), Some(46));
    }

    #[test]
    fn month_names_and_dates() {
        assert_eq!(month_number("มกราคม"), Some(1));
        assert_eq!(month_number("กุมภาพันธ์"), Some(2));
        assert_eq!(month_number("ธ.ค."), Some(12));
        assert_eq!(month_number("February"), None);
        assert_eq!(parse_thai_date(" 07 กุมภาพันธ์ 2567").as_deref(), Some("2567-02-07"));
        assert_eq!(parse_thai_date("๓๑ ธันวาคม ๒๕๖๖").as_deref(), Some("2566-12-31"));
        assert_eq!(parse_thai_date("7 Feb 2567"), None);
    }

    #[test]
    fn title_line() {
        assert_eq!(
            parse_title("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลเมืองสมุทรสงคราม"),
            Some((2567, "เทศบาลเมืองสมุทรสงคราม".to_string()))
        );
        assert_eq!(parse_title("hello world"), None);
    }

    #[test]
    fn budgets_keep_two_decimals() {
        assert_eq!(parse_budget("3,170,000.00").map(|d| d.to_string()).as_deref(), Some("3170000.00"));
        assert_eq!(parse_budget("500").map(|d| d.to_string()).as_deref(), Some("500.00"));
        assert_eq!(stated_budget("งบประมาณ จำนวน ๔๕๐๐๐ บาท"), Some(Decimal::from(45000)));
        assert_eq!(stated_budget("ดำเนินการโดยไม่ใช้งบประมาณ"), None);
    }

    #[test]
    fn cut_words_are_joined() {
        let j = Joiner::new("ส่วนท้องถิ่น ส่วนรวม");
        assert_eq!(j.repair_spaces("โครงการจัดกิจกรรมการเรียนกา รสอนหลักสูตร", false), "โครงการจัดกิจกรรมการเรียนการสอนหลักสูตร");
        assert_eq!(j.join("องค์กรปกครองส", "ว่นท้องถิ่น"), "องค์กรปกครองส่วนท้องถิ่น");
        assert_eq!(j.join("เทศบาลเมืองส", "มุทรสงคราม"), "เทศบาลเมืองสมุทรสงคราม");
        assert_eq!(j.join("ส่งเสริมการกระจายอำนาจจากภาครัฐสู่ภา", "คประชาชน"), "ส่งเสริมการกระจายอำนาจจากภาครัฐสู่ภาคประชาชน");
        assert_eq!(j.repair_spaces("การเรียนกา รสอน", false), "การเรียนการสอน");
        // Real word breaks keep their space inside a line.
        assert_eq!(j.repair_spaces("เด็ก นักเรียน", false), "เด็ก นักเรียน");
        // Non-Thai junctions get a space.
        assert_eq!(j.join("ร้อยละ ๘๐", "(สำรวจ)"), "ร้อยละ ๘๐ (สำรวจ)");
    }

    #[test]
    fn usage_decides_at_word_boundaries() {
        let j = Joiner::new("ให้แก่ประชาชน ให้แก่เด็ก\nดังนี้ การ ดังนี้ การ");
        assert_eq!(j.repair_spaces("ให้ แก่", true), "ให้แก่");
        assert_eq!(j.repair_spaces("ให้ แก่", false), "ให้ แก่");
        assert_eq!(j.join("ดังนี้", "การ"), "ดังนี้ การ");
    }

    #[test]
    fn line_pieces() {
        let p = pieces("- ๒) ประชุมคณะทำงานฯ ๒.๑) วิเคราะห์ (ฉบับที่ ๓) ผล");
        assert_eq!(
            p,
            vec![
                Piece::Marker(Marker { raw: "๒)", path: vec![2], at_line_start: true, parenthesised: false }),
                Piece::Text("ประชุมคณะทำงานฯ"),
                Piece::Marker(Marker { raw: "๒.๑)", path: vec![2, 1], at_line_start: false, parenthesised: false }),
                Piece::Text("วิเคราะห์ (ฉบับที่ ๓) ผล"),
            ]
        );
        assert_eq!(pieces("- ก"), vec![Piece::Text(LINE_DASH_STR), Piece::Text("ก")]);
    }

    #[test]
    fn dash_lists() {
        assert_eq!(
            split_bullets("ดังนี้ - ข้อมูลพื้นฐาน - การบริหารงาน"),
            ("ดังนี้".into(), vec!["ข้อมูลพื้นฐาน".into(), "การบริหารงาน".into()])
        );
        assert_eq!(
            split_bullets("ดังนี้ - ประกาศการจัดซื้อ - จัดจ้าง - ประกาศวัน เวลา"),
            ("ดังนี้".into(), vec!["ประกาศการจัดซื้อ - จัดจ้าง".into(), "ประกาศวัน เวลา".into()])
        );
        assert_eq!(split_bullets("การจัดซื้อ - จัดจ้าง"), ("การจัดซื้อ - จัดจ้าง".into(), vec![]));
        assert_eq!(split_bullets("(Index - CPI) ก"), ("(Index - CPI) ก".into(), vec![]));
        let stray = format!("ข้อมูล {LINE_DASH} และผล");
        assert_eq!(split_bullets(&stray), ("ข้อมูล และผล".into(), vec![]));
    }

    #[test]
    fn paragraph_openers_and_connectives() {
        let long = "ก".repeat(MIN_PARAGRAPH_CHARS);
        assert!(starts_paragraph(&long, "เพื่อให้เป็นไปตามพระราชบัญญัติ", "เทศบาล"));
        assert!(starts_paragraph(&long, "อีกทั้งแผนการปฏิรูปประเทศ", "เทศบาล"));
        assert!(!starts_paragraph(&long, "อีกทั้งยังช่วยป้องกัน", "เทศบาล"));
        assert!(!starts_paragraph(&format!("{long} ดังนั้น"), "เทศบาลจึงได้", "เทศบาล"));
        assert!(!starts_paragraph("สั้น", "ดังนั้น", "เทศบาล"));
    }

    #[test]
    fn mid_line_paragraph_starts() {
        let long = "ก".repeat(MIN_PARAGRAPH_CHARS);
        let wide = format!("{long} ดังนั้น เพื่อให้การบริหาร");
        assert_eq!(mid_line_paragraphs("", &wide, &wide), vec![long.len() + 1]);
        // Not in a line that fits on a printed line, nor after an open `เนื่องจาก`.
        let narrow = "ของการทำความดี ดังนั้น เพื่อส่งเสริม";
        assert!(mid_line_paragraphs(&long, narrow, narrow).is_empty());
        let because = format!("เนื่องจาก{long} ดังนั้น การที่");
        assert!(mid_line_paragraphs("", &because, &because).is_empty());
    }

    #[test]
    fn parenthesised_numbers() {
        assert_eq!(paren_marker_at("(๓.๒) การ"), Some((vec![3, 2], "(๓.๒)".len())));
        assert_eq!(paren_marker_at("(๙) จัดการศึกษา"), None);
        assert_eq!(paren_marker_at("(๕.๑.๓(๑))"), None);
        let p = pieces("ได้ด้วยตนเอง (๓.๒) การจัดการ (ฉบับที่ ๓)");
        assert!(matches!(&p[1], Piece::Marker(m) if m.parenthesised && m.path == [3, 2]));
        assert_eq!(p[2], Piece::Text("การจัดการ (ฉบับที่ ๓)"));
    }

    #[test]
    fn numbers_written_after_their_text_go_back() {
        let lines = ["หัวข้อ", "ก ๑)", "ข ๒)", "ค ๓) ง", "จ"];
        let tokens: Vec<Token> = lines
            .iter()
            .enumerate()
            .flat_map(|(n, line)| {
                pieces(line).into_iter().enumerate().map(move |(k, piece)| Token {
                    line_no: n + 1,
                    line,
                    piece,
                    new_line: k == 0,
                })
            })
            .collect();
        let text: Vec<&str> = restore_trailing_numbers(tokens)
            .into_iter()
            .map(|t| match t.piece {
                Piece::Marker(m) => m.raw,
                Piece::Text(t) => t,
            })
            .collect();
        assert_eq!(text, ["หัวข้อ", "๑)", "ก", "๒)", "ข", "๓)", "ค", "ง", "จ"]);
        // A number after an introducer leads its text.
        let intro = Token {
            line_no: 1, line: "ดังนี้ ๑)", piece: Piece::Text("ดังนี้"), new_line: true
        };
        let one = Token { piece: pieces("ก ๑)")[1].clone(), new_line: false, ..intro.clone() };
        assert_eq!(restore_trailing_numbers(vec![intro, one]).len(), 2);
    }

    #[test]
    fn enumerations_at_line_breaks() {
        let j = Joiner::new("การดำเนินงาน รายงานผล การกำหนด ส่วนท้องถิ่น");
        assert_eq!(j.join("การกำหนดหลักเกณฑ์ วิธีการ", "แนวทางการดำเนินงาน"), "การกำหนดหลักเกณฑ์ วิธีการ แนวทางการดำเนินงาน");
        assert_eq!(
            j.join("ได้แก่ แผนการดำเนินงาน", "รายงานการกำกับ รายงานการใช้จ่าย"),
            "ได้แก่ แผนการดำเนินงาน รายงานการกำกับ รายงานการใช้จ่าย"
        );
        // A function word joins what follows; a cut word is glued.
        assert_eq!(j.join("ค่านิยม และ", "วัฒนธรรม"), "ค่านิยม และวัฒนธรรม");
        assert_eq!(j.join("องค์กรปกครองส", "ว่นท้องถิ่น"), "องค์กรปกครองส่วนท้องถิ่น");
        assert_eq!(j.join("ประหยัดและคุ้มค่า", "อีกทั้งยังช่วย"), "ประหยัดและคุ้มค่า อีกทั้งยังช่วย");
    }
}
