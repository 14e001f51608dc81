//! Validate stage: the checks a dataset must pass before it is typeset.
//!
//! Errors stop a build; warnings are reported and the build goes on.
//!
//! A plan over the size limits ([`MAX_ROWS`], [`MAX_SHEETS`], [`MAX_FIELD_CHARS`],
//! [`MAX_TEXT_CHARS`]) gets only those errors: typst's layout time and memory grow with
//! the rows and the text, and a listing of every problem of a huge file helps nobody.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Reporter, Severity};
use crate::plan::load::Loaded;
use rust_decimal::Decimal;

use crate::checks::text::{StatedBudget, TextCheck, stated_budgets};
use crate::plan::model::{Block, Numbering, Plan, Unlinked};
use crate::plan::walk::{Kind, Text, block_texts, texts};
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
/// Most มิติ in the legend: the handbook has 4; 20,000 once made 1,602 pages of legend.
pub const MAX_DIMENSIONS: usize = 20;
/// Most texts (paragraphs, items, dash items, names, remarks) in a plan: 18× the 2567
/// plan's 1,075. 200,000 empty dash items count no characters but took typst 25 s.
pub const MAX_ENTRIES: usize = 20_000;
/// Deepest nesting of numbered items: the 2567 plan goes 3 deep (๒.๑.๑)); at 12 levels
/// the deepest text fell off the page.
pub const MAX_DEPTH: usize = 8;

/// Every problem of a loaded dataset, errors and warnings, in file order.
pub fn validate(file: &std::path::Path, loaded: &Loaded) -> Vec<Diagnostic> {
    let found = structure(file, loaded);
    let texts = found.text_warnings(file, loaded);
    found.merge(texts)
}

/// What every check but the text warnings found, in the order found (not sorted), and
/// where among it the text warnings belong: `None` if they are not to be made (a dataset
/// over the limits is not read further).
pub(crate) struct Found {
    diags: Vec<Diagnostic>,
    texts_at: Option<usize>,
}

impl Found {
    pub(crate) fn has_errors(&self) -> bool {
        has_errors(&self.diags)
    }

    /// The warnings about damaged text and budgets stated in the sheets ([`TextCheck`]),
    /// if they are to be made: most of the checks' time, never an error, so a build may
    /// lay the plan out meanwhile.
    pub(crate) fn text_warnings(&self, file: &std::path::Path, loaded: &Loaded) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.texts_at.is_some() {
            let rep = Reporter::new(file, &loaded.text);
            let plan = &loaded.plan;
            suspect_texts(plan, &plan.numbering(), &texts(plan), &mut |sev, path, msg| {
                let (line, col) = loaded.spans.find(&path);
                out.push(rep.at(sev, line, col, path, msg));
            });
        }
        out
    }

    /// Everything found with the text warnings, in file order: [`validate`]'s list.
    pub(crate) fn merge(self, texts: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut all = self.diags;
        if let Some(at) = self.texts_at {
            all.splice(at..at, texts);
        }
        all.sort_by_key(|d| (d.line, d.column));
        all
    }
}

/// Every check but [`Found::text_warnings`].
pub(crate) fn structure(file: &std::path::Path, loaded: &Loaded) -> Found {
    let rep = Reporter::new(file, &loaded.text);
    let out = std::cell::RefCell::new(Vec::new());
    let mut texts_at = None;
    let push = |sev: Severity, path: String, msg: String| {
        let (line, col) = loaded.spans.find(&path);
        out.borrow_mut().push(rep.at(sev, line, col, path, msg));
    };
    check(&loaded.plan, &mut |sev, path, msg| push(sev, path, msg), &mut || texts_at = Some(out.borrow().len()));
    if let Some(Err(msg)) = &loaded.emblem {
        push(Severity::Error, "cover.emblem".into(), msg.clone());
    }
    for cut in loaded.spans.cuts() {
        out.borrow_mut().push(rep.at(Severity::Warning, cut.line, cut.column, cut.path.clone(), CUT_BY_COMMENT));
    }
    // A date `phaen next-year` carried over, until the officer confirms it.
    let (line, _) = loaded.spans.find("plan.as_of");
    if loaded.text.lines().nth(line.wrapping_sub(1)).is_some_and(|l| l.contains(crate::plan::write::TO_CONFIRM)) {
        push(
            Severity::Warning,
            "plan.as_of".into(),
            format!(
                "วันที่ข้อมูลยกมาจากปีก่อน ให้ใส่วันที่ดึงข้อมูลจริงแล้วลบ “{}” / the as-of date was carried from last year: set the date the data are taken, then remove “{}”",
                crate::plan::write::TO_CONFIRM,
                crate::plan::write::TO_CONFIRM
            ),
        );
    }
    // `no:` is read as `number:`, but YAML 1.1 tools (PyYAML, many editors' linters and
    // converters) read the key `no` as the boolean false and break the dataset.
    let mut old: Vec<&str> = loaded.spans.paths().filter(|p| p.ends_with(".no")).collect();
    old.sort_unstable();
    for path in old {
        push(
            Severity::Warning,
            path.to_string(),
            "ใช้ number: แทน no: / write `number:` instead of `no:`, which YAML 1.1 tools read as false".into(),
        );
    }
    Found { diags: out.into_inner(), texts_at }
}

/// The warning of a text that ` #` cut short ([`crate::yaml::CutByComment`]).
pub(crate) const CUT_BY_COMMENT: &str = "ข้อความหลัง # ถูกอ่านเป็นหมายเหตุของ YAML และไม่ถูกพิมพ์ ใส่เครื่องหมายคำพูดครอบทั้งข้อความ / \
     the text after ` #` is read as a YAML comment and left out: put the whole text in quotes";

pub(crate) type Sink<'a> = dyn FnMut(Severity, String, String) + 'a;

/// The checks, with `texts_here` called where the text warnings come.
fn check(plan: &Plan, sink: &mut Sink, texts_here: &mut dyn FnMut()) {
    use Severity::{Error, Warning};
    let texts = texts(plan);
    if over_limits(plan, &texts, sink) {
        return;
    }
    let meta = &plan.plan;
    for (name, value) in [("title", &meta.title), ("organization", &meta.organization), ("issuer", &meta.issuer)] {
        if value.trim().is_empty() {
            sink(Error, format!("plan.{name}"), "ต้องไม่ว่าง / must not be empty: it is printed on the plan".into());
        }
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
    date_in_year(&meta.as_of, "plan.as_of", meta.fiscal_year, sink);
    if let Some(a) = &plan.announcement {
        date_in_year(&a.date, "announcement.date", meta.fiscal_year, sink);
    }
    let total = plan.rows.iter().try_fold(Decimal::ZERO, |sum, r| sum.checked_add(r.budget));
    if let (Some(declared), Some(computed)) = (meta.total_budget, total)
        && declared != computed
    {
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
    let mut dims = HashMap::new();
    for (i, d) in meta.dimensions.iter().enumerate() {
        if dims.insert(d.number, i).is_some() {
            sink(
                Error,
                format!("plan.dimensions[{i}].number"),
                format!("มิติ {} ซ้ำ / dimension {} is listed twice", d.number, d.number),
            );
        }
    }

    let numbering = plan.numbering();
    let mut keys: HashMap<&str, usize> = HashMap::new();
    for (i, r) in plan.rows.iter().enumerate() {
        let p = format!("rows[{i}]");
        let printed = numbering.number[i];
        if let Some(typed) = r.number
            && typed != printed
        {
            sink(
                Warning,
                format!("{p}.number"),
                format!(
                    "ลำดับที่พิมพ์ไว้ {typed} ไม่ตรงกับตำแหน่งของแถว จะพิมพ์เป็น {printed} / the typed number {typed} is not the row's position: it is printed as {printed}"
                ),
            );
        }
        if let Some(key) = r.key.as_deref() {
            if key.trim().is_empty() || key.chars().all(|c| c.is_ascii_digit()) {
                sink(
                    Error,
                    format!("{p}.key"),
                    format!(
                        "key ต้องเป็นชื่อสั้น ๆ ที่ไม่ใช่ตัวเลขล้วน / a key is a short name, not empty and not only digits, got {key:?}"
                    ),
                );
            } else if let Some(first) = keys.insert(key, i) {
                sink(
                    Error,
                    format!("{p}.key"),
                    format!(
                        "key “{key}” ซ้ำกับแถวที่ {} / the key “{key}” is used twice (also rows[{first}])",
                        numbering.number[first]
                    ),
                );
            }
        }
        if r.name.trim().is_empty() {
            sink(Error, format!("{p}.name"), "ชื่อโครงการต้องไม่ว่าง / the project's name must not be empty".into());
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
        budget(r.budget, &format!("{p}.budget"), sink);
        if r.quarters.is_empty() {
            sink(Warning, format!("{p}.quarters"), "ไม่มีไตรมาสที่ดำเนินการ / no quarter is ticked".into());
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
    if let Some(declared) = meta.total_budget {
        budget(declared, "plan.total_budget", sink);
    }

    let mut sheet_of_row: HashMap<usize, usize> = HashMap::new();
    for (i, s) in plan.sheets.iter().enumerate() {
        let p = format!("sheets[{i}]");
        let position = i as u32 + 1;
        if let Some(typed) = s.number
            && typed != position
        {
            sink(
                Warning,
                format!("{p}.number"),
                format!(
                    "ลำดับที่พิมพ์ไว้ {typed} ไม่ตรงกับตำแหน่งของรายละเอียดโครงการ จะพิมพ์เป็น ลำดับที่ {position} / the typed number {typed} is not the sheet's position: it is printed as {position}"
                ),
            );
        }
        let named = s.project.as_deref().map_or_else(|| format!("{}", s.row.unwrap_or(0)), |p| format!("“{p}”"));
        match &numbering.links[i] {
            Err(why) => {
                let (field, msg) = match why {
                    Unlinked::Neither => (
                        p.clone(),
                        format!(
                            "รายละเอียดโครงการลำดับที่ {position} ไม่ได้ระบุโครงการ: ใส่ project: ชื่อโครงการ (หรือ key) / sheet {position} names no row: add `project:` with the row's name or key"
                        ),
                    ),
                    Unlinked::Both => (
                        format!("{p}.row"),
                        format!(
                            "ระบุได้อย่างเดียว project: หรือ row: / sheet {position} gives both `project:` and `row:`: keep one"
                        ),
                    ),
                    Unlinked::NoNumber(n) => (
                        format!("{p}.row"),
                        format!(
                            "รายละเอียดโครงการลำดับที่ {position} อ้างถึงแถวลำดับ {n} ซึ่งไม่มีในตาราง / sheet {position} details row {n}, which is not in rows (the table has {} rows)",
                            plan.rows.len()
                        ),
                    ),
                    Unlinked::NoProject { closest } => (
                        format!("{p}.project"),
                        format!(
                            "รายละเอียดโครงการลำดับที่ {position} อ้างถึงโครงการ {named} ซึ่งไม่มีในตาราง (ถูกลบหรือเปลี่ยนชื่อ?) / sheet {position} details the project {named}, which no row has as its name or key (deleted or renamed?){}",
                            closest.as_ref().map_or_else(String::new, |c| format!("; the closest row is “{c}”"))
                        ),
                    ),
                    Unlinked::Ambiguous => (
                        format!("{p}.project"),
                        format!(
                            "มีหลายแถวชื่อ {named} ให้ใส่ key ที่แถวและใช้ key นั้น / several rows are named {named}: give them keys and link by key"
                        ),
                    ),
                };
                sink(Error, field, msg);
            }
            Ok(row) => {
                let field = if s.project.is_some() { format!("{p}.project") } else { format!("{p}.row") };
                let shown = numbering.number[*row];
                if plan.rows[*row].starred {
                    sink(
                        Warning,
                        field.clone(),
                        format!(
                            "แถว {shown} มีเครื่องหมาย * ซึ่งปกติไม่มีรายละเอียดโครงการ / row {shown} is starred; starred rows normally have no sheet"
                        ),
                    );
                }
                if let Some(first) = sheet_of_row.insert(*row, i) {
                    sink(
                        Error,
                        field,
                        format!(
                            "แถว {shown} มีรายละเอียดโครงการสองแผ่น (ลำดับที่ {} และ {position}) / two sheets detail row {shown}: sheets {} and {position}",
                            first + 1,
                            first + 1
                        ),
                    );
                }
            }
        }
        for (name, blocks) in s.sections() {
            let path = format!("{p}.{name}");
            if blocks.is_empty() {
                sink(Warning, path.clone(), "หัวข้อนี้ว่าง / this section is empty".into());
            }
            empty_blocks(blocks, &path, sink);
        }
    }
    undrawable(texts.iter().map(|t| (t.path.as_str(), t.text)), sink);
    stacked_marks(&texts, sink);
    unbreakable(&texts, sink);
    texts_here();
    for &i in &numbering.order {
        let r = &plan.rows[i];
        if !r.starred && !sheet_of_row.contains_key(&i) {
            let n = numbering.number[i];
            sink(Warning, format!("rows[{i}]"), format!("แถว {n} ไม่มีรายละเอียดโครงการ / row {n} has no sheet"));
        }
    }
}

fn budget(amount: Decimal, path: &str, sink: &mut Sink) {
    for problem in crate::checks::money::problems(amount, crate::checks::money::Amount::Budget) {
        sink(Severity::Error, path.into(), problem);
    }
}

/// A date that parses and falls in or near the fiscal year: the year before it (when the
/// plan is prepared) or the year itself.
fn date_in_year(date: &str, path: &str, fiscal_year: u32, sink: &mut Sink) {
    match ThaiDate::parse(date) {
        Err(e) => sink(Severity::Error, path.into(), e),
        Ok(d) if !(fiscal_year.saturating_sub(1)..=fiscal_year).contains(&d.year) => sink(
            Severity::Error,
            path.into(),
            format!(
                "วันที่ {date} ไม่อยู่ในช่วงปีงบประมาณ {fiscal_year} / the date {date} is not in or near the fiscal year {fiscal_year} (years {} to {fiscal_year})",
                fiscal_year.saturating_sub(1)
            ),
        ),
        Ok(_) => {}
    }
}

fn empty_blocks(blocks: &[Block], path: &str, sink: &mut Sink) {
    block_texts(blocks, path, &mut |t| {
        if t.text.trim().is_empty() {
            let what = if t.kind == Kind::Para {
                "ย่อหน้าว่าง / empty paragraph"
            } else {
                "ข้อว่าง / empty list item"
            };
            sink(Severity::Warning, t.entry().to_string(), what.into());
        }
    });
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
    if plan.plan.dimensions.len() > MAX_DIMENSIONS {
        let n = plan.plan.dimensions.len();
        error(
            "plan.dimensions".into(),
            format!(
                "มี {n} มิติ เกินขีดจำกัด {MAX_DIMENSIONS} / the plan has {n} มิติ, more than the limit of {MAX_DIMENSIONS}"
            ),
        );
    }
    if texts.len() > MAX_ENTRIES {
        let n = texts.len();
        error(
            String::new(),
            format!(
                "แผนมีย่อหน้าและข้อย่อยรวม {n} รายการ เกินขีดจำกัด {MAX_ENTRIES} / the plan has {n} paragraphs, items and other texts, more than the limit of {MAX_ENTRIES}"
            ),
        );
    }
    if let Some(deep) = texts.iter().find(|t| t.path.matches(".body").count() >= MAX_DEPTH) {
        error(
            deep.path.clone(),
            format!(
                "ข้อย่อยซ้อนกันเกิน {MAX_DEPTH} ชั้น / items are nested more than {MAX_DEPTH} levels deep (๑.๑.๑.๑.๑.๑.๑.๑)): flatten the list"
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
/// print a missing glyph, which PDF/A refuses without naming the field. `texts` are
/// (field path, text) pairs.
pub(crate) fn undrawable<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>, sink: &mut Sink) {
    for (path, text) in texts {
        let mut missing: Vec<char> = text.chars().filter(|&c| !crate::assets::drawable(c)).collect();
        if missing.is_empty() {
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        missing.retain(|c| seen.insert(*c));
        let shown: Vec<String> = missing.iter().take(5).map(|c| format!("{c} (U+{:04X})", *c as u32)).collect();
        let shown = shown.join(", ") + if missing.len() > 5 { ", …" } else { "" };
        sink(
            Severity::Error,
            path.to_string(),
            format!(
                "ฟอนต์ที่ใช้ไม่มีอักขระ {shown} จึงพิมพ์ไม่ได้ ให้ใช้อักขระอื่น / no embedded font has {shown}: the PDF cannot show it; use another character"
            ),
        );
    }
}

/// The longest run typst cannot break that fits a line: 30 characters in the table's
/// columns (the remark column holds about 31 Latin letters at 10 pt), 60 on a sheet (its
/// line holds about 75). Thai text always has breaks (ICU finds the words); a run of
/// Latin letters, digits and punctuation breaks only at spaces and after hyphens, so a
/// long web address ran off the page.
pub const MAX_RUN_TABLE: usize = 30;
/// The longest run without a break a sheet's line holds (see [`MAX_RUN_TABLE`]).
pub const MAX_RUN_SHEET: usize = 60;

/// Errors for a run of characters without a line-break opportunity longer than a line.
fn unbreakable(texts: &[Text], sink: &mut Sink) {
    for t in texts {
        let limit = if t.path.starts_with("rows[") { MAX_RUN_TABLE } else { MAX_RUN_SHEET };
        let breaks = |c: char| c.is_whitespace() || crate::checks::text::is_thai_letter(c) || matches!(c, '-' | '–');
        let Some(run) = t.text.split(breaks).find(|run| run.chars().count() > limit) else { continue };
        let n = run.chars().count();
        let shown: String = run.chars().take(40).collect();
        sink(
            Severity::Error,
            t.path.clone(),
            format!(
                "“{shown}…” ยาว {n} ตัวอักษรติดกันโดยไม่มีที่ตัดบรรทัด จะล้นขอบกระดาษ ให้เว้นวรรคหรือขึ้นบรรทัดใหม่ / “{shown}…” runs {n} characters with no place to break the line (at most {limit} fit): it would run off the page; add a space or split it"
            ),
        );
    }
}

/// Most combining marks one character may carry: Thai stacks at most three (a vowel below
/// or above, a tone mark, and the rare ็ or ์). `ก` with 4,000 tone marks took typst 1.5 GB
/// and 10,000 aborted it, so more than a few are refused before typesetting.
pub const MAX_MARKS: usize = 4;

/// Errors for a character carrying more than [`MAX_MARKS`] combining marks.
fn stacked_marks(texts: &[Text], sink: &mut Sink) {
    use icu_properties::CodePointMapData;
    use icu_properties::props::GeneralCategory as G;
    let category = CodePointMapData::<G>::new();
    for t in texts {
        let (mut run, mut worst) = (0, 0);
        for c in t.text.chars() {
            run = if matches!(category.get(c), G::NonspacingMark | G::SpacingMark | G::EnclosingMark) {
                run + 1
            } else {
                0
            };
            worst = worst.max(run);
        }
        if worst > MAX_MARKS {
            sink(
                Severity::Error,
                t.path.clone(),
                format!(
                    "มีวรรณยุกต์หรือสระซ้อนบนตัวอักษรเดียว {worst} ตัว (ภาษาไทยซ้อนได้ไม่เกิน ๓) / one character carries {worst} combining marks (Thai stacks at most 3; at most {MAX_MARKS} are accepted)"
                ),
            );
        }
    }
}

/// Warnings for damaged text (see [`TextCheck`]) and for sheet text that states a budget
/// other than its row's.
fn suspect_texts(plan: &Plan, numbering: &Numbering, texts: &[Text], sink: &mut Sink) {
    let checker = TextCheck::default();
    let vocabulary = checker.vocabulary(texts.iter().map(|t| t.text));
    for t in texts {
        for msg in checker.suspects(t.text).into_iter().chain(checker.cut_names(t.text, &vocabulary)) {
            sink(Severity::Warning, t.path.clone(), msg);
        }
        let Some(Ok(i)) = t.sheet.map(|s| numbering.links[s].clone()) else { continue };
        let (row, no) = (&plan.rows[i], numbering.number[i]);
        for stated in stated_budgets(t.text) {
            let msg = match stated {
                StatedBudget::None if !row.budget.is_zero() => format!(
                    "ข้อความว่าไม่ใช้งบประมาณ แต่แถว {} มีงบประมาณ {} บาท / the text says no budget is used, but row {} has a budget of {} baht",
                    no,
                    money_table(row.budget),
                    no,
                    money_table(row.budget)
                ),
                StatedBudget::Amount(n) if n != row.budget => format!(
                    "ข้อความระบุงบประมาณ {} บาท ไม่ตรงกับแถว {} ({} บาท) / the text states a budget of {} baht, but row {} has {} baht",
                    money_table(n),
                    no,
                    money_table(row.budget),
                    money_table(n),
                    no,
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
