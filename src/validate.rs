//! Validate stage: the checks a dataset must pass before it is typeset.
//!
//! Errors stop a build; warnings are reported and the build goes on.
//!
//! A plan over the size limits ([`MAX_ROWS`], [`MAX_SHEETS`], [`MAX_FIELD_CHARS`],
//! [`MAX_TEXT_CHARS`]) gets only those errors: typst's layout time and memory grow with
//! the rows and the text, and a listing of every problem of a huge file helps nobody.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Reporter, Severity};
use crate::load::Loaded;
use crate::model::{Block, Item, Plan};
use crate::textcheck::{StatedBudget, TextCheck, stated_budgets};
use crate::thai::{ThaiDate, money_table};

/// Most rows a plan may have: 15× the 2567 plan's 67. Typst lays out 1,000 rows in about
/// 2 s and 370 MB (5,000 took 11 s and 1.8 GB).
pub const MAX_ROWS: usize = 1_000;
/// Most sheets a plan may have (one per row at most).
pub const MAX_SHEETS: usize = MAX_ROWS;
/// Most characters in one text field: 7× the longest paragraph of the 2567 plan (under
/// 3,000). One paragraph of 20,000 lays out in about 0.5 s; one of 200,000 took 4.4 s and
/// 950 MB, as typst's optimized line breaking works on a whole paragraph at once.
pub const MAX_FIELD_CHARS: usize = 20_000;
/// Most characters of text in a whole plan: 3.6× the 2567 plan's 138,000. A plan of
/// 480,000 characters (292 pages) lays out in about 12 s and 1.7 GB; one of 1,370,000 took
/// 34 s and 4 GB.
pub const MAX_TEXT_CHARS: usize = 500_000;

/// Every problem of a loaded dataset, errors and warnings, in file order.
pub fn validate(file: &std::path::Path, loaded: &Loaded) -> Vec<Diagnostic> {
    let rep = Reporter::new(file, &loaded.text);
    let mut out = Vec::new();
    let mut push = |sev: Severity, path: String, msg: String| {
        let (line, col) = loaded.spans.find(&path);
        out.push(rep.at(sev, line, col, path, msg));
    };
    check(&loaded.plan, &mut |sev, path, msg| push(sev, path, msg));
    if let Some(Err(msg)) = &loaded.emblem {
        push(Severity::Error, "cover.emblem".into(), msg.clone());
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

type Sink<'a> = dyn FnMut(Severity, String, String) + 'a;

fn check(plan: &Plan, sink: &mut Sink) {
    use Severity::{Error, Warning};
    let texts = texts(plan);
    if over_limits(plan, &texts, sink) {
        return;
    }
    let meta = &plan.plan;
    if let Err(e) = ThaiDate::parse(&meta.as_of) {
        sink(Error, "plan.as_of".into(), e);
    }
    if let Some(declared) = meta.total_budget {
        let computed: rust_decimal::Decimal = plan.rows.iter().map(|r| r.budget).sum();
        if declared != computed {
            sink(
                Error,
                "plan.total_budget".into(),
                format!(
                    "งบประมาณรวมที่ระบุ {} ไม่เท่ากับผลรวมของแถว {} / the declared total {} differs from the rows' sum {}",
                    money_table(declared),
                    money_table(computed),
                    money_table(declared),
                    money_table(computed)
                ),
            );
        }
    }
    if let Some(Err(e)) = plan.announcement.as_ref().map(|a| ThaiDate::parse(&a.date)) {
        sink(Error, "announcement.date".into(), e);
    }
    if !(2400..=2700).contains(&meta.fiscal_year) {
        sink(
            Error,
            "plan.fiscal_year".into(),
            format!(
                "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567 / fiscal_year must be a Buddhist-era year such as 2567, got {}",
                meta.fiscal_year
            ),
        );
    }
    let mut dims = HashMap::new();
    for (i, d) in meta.dimensions.iter().enumerate() {
        if dims.insert(d.no, i).is_some() {
            sink(
                Error,
                format!("plan.dimensions[{i}].no"),
                format!("มิติ {} ซ้ำ / dimension {} is listed twice", d.no, d.no),
            );
        }
    }

    let mut row_at = HashMap::new();
    for (i, r) in plan.rows.iter().enumerate() {
        let p = format!("rows[{i}]");
        if let Some(first) = row_at.insert(r.no, i) {
            sink(
                Error,
                format!("{p}.no"),
                format!(
                    "ลำดับ {} ซ้ำกับแถวที่ {} / row number {} is used twice (also rows[{first}])",
                    r.no,
                    first + 1,
                    r.no
                ),
            );
        }
        if !dims.contains_key(&r.dimension) {
            sink(
                Error,
                format!("{p}.dimension"),
                format!(
                    "มิติ {} ไม่มีในคำอธิบาย (plan.dimensions) / dimension {} is not in plan.dimensions",
                    r.dimension, r.dimension
                ),
            );
        }
        if r.budget.is_sign_negative() && !r.budget.is_zero() {
            sink(Error, format!("{p}.budget"), format!("งบประมาณติดลบ / the budget is negative: {}", r.budget));
        }
        if r.budget.scale() > 2 && r.budget.normalize().scale() > 2 {
            sink(
                Error,
                format!("{p}.budget"),
                format!("งบประมาณมีทศนิยมเกิน ๒ ตำแหน่ง / the budget has more than two decimals: {}", r.budget),
            );
        }
        let mut seen = [false; 4];
        for (j, &q) in r.quarters.iter().enumerate() {
            if !(1..=4).contains(&q) {
                sink(Error, format!("{p}.quarters[{j}]"), format!("ไตรมาสต้องเป็น 1–4 / a quarter must be 1–4, got {q}"));
            } else if std::mem::replace(&mut seen[q as usize - 1], true) {
                sink(Warning, format!("{p}.quarters[{j}]"), format!("ไตรมาส {q} ซ้ำ / quarter {q} is listed twice"));
            }
        }
    }

    let mut sheet_no = HashMap::new();
    let mut sheet_of_row: HashMap<u32, usize> = HashMap::new();
    for (i, s) in plan.sheets.iter().enumerate() {
        let p = format!("sheets[{i}]");
        if let Some(first) = sheet_no.insert(s.no, i) {
            sink(
                Error,
                format!("{p}.no"),
                format!("ลำดับที่ {} ซ้ำ / sheet number {} is used twice (also sheets[{first}])", s.no, s.no),
            );
        }
        match plan.row(s.row) {
            None => sink(
                Error,
                format!("{p}.row"),
                format!("ไม่มีแถวลำดับ {} ในตาราง / the sheet refers to row {}, which is not in rows", s.row, s.row),
            ),
            Some(r) if r.starred => sink(
                Warning,
                format!("{p}.row"),
                format!(
                    "แถว {} มีเครื่องหมาย * ซึ่งปกติไม่มีรายละเอียดโครงการ / row {} is starred; starred rows normally have no sheet",
                    s.row, s.row
                ),
            ),
            Some(_) => {}
        }
        if let Some(first) = sheet_of_row.insert(s.row, i) {
            sink(
                Error,
                format!("{p}.row"),
                format!(
                    "แถว {} มีรายละเอียดโครงการสองแผ่น / two sheets detail row {} (also sheets[{first}])",
                    s.row, s.row
                ),
            );
        }
        for (name, blocks) in s.sections() {
            let path = format!("{p}.{name}");
            if blocks.is_empty() {
                sink(Warning, path.clone(), "หัวข้อนี้ว่าง / this section is empty".into());
            }
            empty_blocks(blocks, &path, sink);
        }
    }
    undrawable(&texts, sink);
    suspect_texts(plan, &texts, sink);
    for (i, r) in plan.rows.iter().enumerate() {
        if !r.starred && !sheet_of_row.contains_key(&r.no) {
            sink(
                Warning,
                format!("rows[{i}]"),
                format!("แถว {} ไม่มีรายละเอียดโครงการ / row {} has no sheet", r.no, r.no),
            );
        }
    }
}

fn empty_blocks(blocks: &[Block], path: &str, sink: &mut Sink) {
    for (i, b) in blocks.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match b {
            Block::Para(t) if t.trim().is_empty() => sink(Severity::Warning, p, "ย่อหน้าว่าง / empty paragraph".into()),
            Block::Para(_) => {}
            Block::Bullets { bullets } => {
                for (j, t) in bullets.iter().enumerate() {
                    if t.trim().is_empty() {
                        sink(Severity::Warning, format!("{p}.bullets[{j}]"), "ข้อว่าง / empty list item".into());
                    }
                }
            }
            Block::Items { items } => {
                for (j, it) in items.iter().enumerate() {
                    let ip = format!("{p}.items[{j}]");
                    if it.text().trim().is_empty() {
                        sink(Severity::Warning, ip.clone(), "ข้อว่าง / empty list item".into());
                    }
                    empty_blocks(it.body(), &format!("{ip}.body"), sink);
                }
            }
        }
    }
}

/// One text field of a plan.
struct Text<'a> {
    /// Its field path, e.g. `sheets[3].method[0].items[2].body[0].items[1]`, as
    /// [`crate::load::Spans`] names it.
    path: String,
    text: &'a str,
    /// The index of the sheet it belongs to, if any.
    sheet: Option<usize>,
}

/// Every text field of a plan: metadata, มิติ names, row names and remarks, and every
/// paragraph, item and bullet of every sheet.
fn texts(plan: &Plan) -> Vec<Text<'_>> {
    let mut out = Vec::new();
    let meta = &plan.plan;
    for (name, text) in
        [("title", &meta.title), ("organization", &meta.organization), ("as_of", &meta.as_of), ("issuer", &meta.issuer)]
    {
        out.push(Text { path: format!("plan.{name}"), text, sheet: None });
    }
    for (i, d) in meta.dimensions.iter().enumerate() {
        out.push(Text { path: format!("plan.dimensions[{i}].name"), text: &d.name, sheet: None });
    }
    for (i, r) in plan.rows.iter().enumerate() {
        out.push(Text { path: format!("rows[{i}].name"), text: &r.name, sheet: None });
        if !r.remark.is_empty() {
            out.push(Text { path: format!("rows[{i}].remark"), text: &r.remark, sheet: None });
        }
    }
    for (i, s) in plan.sheets.iter().enumerate() {
        for (name, blocks) in s.sections() {
            block_texts(blocks, &format!("sheets[{i}].{name}"), i, &mut out);
        }
    }
    if let Some(a) = &plan.announcement {
        for (i, p) in a.body.iter().enumerate() {
            out.push(Text { path: format!("announcement.body[{i}]"), text: p, sheet: None });
        }
        out.push(Text { path: "announcement.name".into(), text: &a.name, sheet: None });
        out.push(Text { path: "announcement.position".into(), text: &a.position, sheet: None });
    }
    out
}

fn block_texts<'a>(blocks: &'a [Block], path: &str, sheet: usize, out: &mut Vec<Text<'a>>) {
    for (i, b) in blocks.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match b {
            Block::Para(text) => out.push(Text { path: p, text, sheet: Some(sheet) }),
            Block::Bullets { bullets } => {
                for (j, text) in bullets.iter().enumerate() {
                    out.push(Text { path: format!("{p}.bullets[{j}]"), text, sheet: Some(sheet) });
                }
            }
            Block::Items { items } => {
                for (j, item) in items.iter().enumerate() {
                    let ip = format!("{p}.items[{j}]");
                    match item {
                        Item::Text(text) => out.push(Text { path: ip, text, sheet: Some(sheet) }),
                        Item::Full { text, body } => {
                            out.push(Text { path: format!("{ip}.text"), text, sheet: Some(sheet) });
                            block_texts(body, &format!("{ip}.body"), sheet, out);
                        }
                    }
                }
            }
        }
    }
}

/// Reports the size limits a plan exceeds; true when it exceeds any.
fn over_limits(plan: &Plan, texts: &[Text], sink: &mut Sink) -> bool {
    let mut over = false;
    let mut error = |path: String, msg: String| {
        over = true;
        sink(Severity::Error, path, msg);
    };
    if plan.rows.len() > MAX_ROWS {
        error(
            "rows".into(),
            format!(
                "ตารางมี {} แถว เกินขีดจำกัด {MAX_ROWS} แถว / the plan has {} rows, more than the limit of {MAX_ROWS}",
                plan.rows.len(),
                plan.rows.len()
            ),
        );
    }
    if plan.sheets.len() > MAX_SHEETS {
        error(
            "sheets".into(),
            format!(
                "มีรายละเอียดโครงการ {} แผ่น เกินขีดจำกัด {MAX_SHEETS} แผ่น / the plan has {} sheets, more than the limit of {MAX_SHEETS}",
                plan.sheets.len(),
                plan.sheets.len()
            ),
        );
    }
    let mut total = 0;
    for t in texts {
        let n = t.text.chars().count();
        total += n;
        if n > MAX_FIELD_CHARS {
            error(
                t.path.clone(),
                format!(
                    "ข้อความยาว {n} ตัวอักษร เกินขีดจำกัด {MAX_FIELD_CHARS} ตัวอักษร ควรแบ่งเป็นหลายย่อหน้า / the text has {n} characters, more than the limit of {MAX_FIELD_CHARS}: split it into paragraphs"
                ),
            );
        }
    }
    if total > MAX_TEXT_CHARS {
        error(
            String::new(),
            format!(
                "ข้อความทั้งแผนยาว {total} ตัวอักษร เกินขีดจำกัด {MAX_TEXT_CHARS} ตัวอักษร / the plan has {total} characters of text, more than the limit of {MAX_TEXT_CHARS}"
            ),
        );
    }
    over
}

/// Errors for characters that no embedded font draws (`✓`, `☐`, emoji, `中`): typst would
/// print a missing glyph, which PDF/A refuses without naming the field.
fn undrawable(texts: &[Text], sink: &mut Sink) {
    for t in texts {
        let mut missing: Vec<char> = t.text.chars().filter(|&c| !crate::world::drawable(c)).collect();
        if missing.is_empty() {
            continue;
        }
        missing.dedup();
        let mut seen = std::collections::HashSet::new();
        missing.retain(|c| seen.insert(*c));
        let shown: Vec<String> = missing.iter().take(5).map(|c| format!("{c} (U+{:04X})", *c as u32)).collect();
        let shown = shown.join(", ") + if missing.len() > 5 { ", …" } else { "" };
        sink(
            Severity::Error,
            t.path.clone(),
            format!(
                "ฟอนต์ที่ใช้ไม่มีอักขระ {shown} จึงพิมพ์ไม่ได้ ให้ใช้อักขระอื่น / no embedded font has {shown}: the PDF cannot show it; use another character"
            ),
        );
    }
}

/// Warnings for damaged text (see [`TextCheck`]) and for sheet text that states a budget
/// other than its row's.
fn suspect_texts(plan: &Plan, texts: &[Text], sink: &mut Sink) {
    let checker = TextCheck::default();
    for t in texts {
        for msg in checker.suspects(t.text) {
            sink(Severity::Warning, t.path.clone(), msg);
        }
        let Some(row) = t.sheet.and_then(|i| plan.row(plan.sheets[i].row)) else { continue };
        for stated in stated_budgets(t.text) {
            let msg = match stated {
                StatedBudget::None if !row.budget.is_zero() => format!(
                    "ข้อความว่าไม่ใช้งบประมาณ แต่แถว {} มีงบประมาณ {} บาท / the text says no budget is used, but row {} has a budget of {} baht",
                    row.no,
                    money_table(row.budget),
                    row.no,
                    money_table(row.budget)
                ),
                StatedBudget::Amount(n) if n != row.budget => format!(
                    "ข้อความระบุงบประมาณ {} บาท ไม่ตรงกับแถว {} ({} บาท) / the text states a budget of {} baht, but row {} has {} baht",
                    money_table(n),
                    row.no,
                    money_table(row.budget),
                    money_table(n),
                    row.no,
                    money_table(row.budget)
                ),
                _ => continue,
            };
            sink(Severity::Warning, t.path.clone(), msg);
        }
    }
}

/// True when any diagnostic is an error.
pub(crate) fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
