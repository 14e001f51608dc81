//! Validate stage: the checks a dataset must pass before it is typeset.
//!
//! Errors stop a build; warnings are reported and the build goes on.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Reporter, Severity};
use crate::load::Loaded;
use crate::model::{Block, Plan};
use crate::thai::ThaiDate;

/// Every problem of a loaded dataset, errors and warnings, in file order.
pub fn validate(file: &std::path::Path, loaded: &Loaded) -> Vec<Diagnostic> {
    let rep = Reporter { file, text: &loaded.text };
    let mut out = Vec::new();
    let mut push = |sev: Severity, path: String, msg: String| {
        let (line, col) = loaded.spans.find(&path);
        out.push(rep.at(sev, line, col, path, msg));
    };
    check(&loaded.plan, &mut |sev, path, msg| push(sev, path, msg));
    out.sort_by_key(|d| (d.line, d.column));
    out
}

type Sink<'a> = dyn FnMut(Severity, String, String) + 'a;

fn check(plan: &Plan, sink: &mut Sink) {
    use Severity::{Error, Warning};
    let meta = &plan.plan;
    if let Err(e) = ThaiDate::parse(&meta.as_of) {
        sink(Error, "plan.as_of".into(), e);
    }
    if !(2400..=2700).contains(&meta.fiscal_year) {
        sink(Error, "plan.fiscal_year".into(), format!(
            "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2567 / fiscal_year must be a Buddhist-era year such as 2567, got {}",
            meta.fiscal_year
        ));
    }
    let mut dims = HashMap::new();
    for (i, d) in meta.dimensions.iter().enumerate() {
        if dims.insert(d.no, i).is_some() {
            sink(Error, format!("plan.dimensions[{i}].no"), format!("มิติ {} ซ้ำ / dimension {} is listed twice", d.no, d.no));
        }
    }

    let mut row_at = HashMap::new();
    for (i, r) in plan.rows.iter().enumerate() {
        let p = format!("rows[{i}]");
        if let Some(first) = row_at.insert(r.no, i) {
            sink(Error, format!("{p}.no"), format!(
                "ลำดับ {} ซ้ำกับแถวที่ {} / row number {} is used twice (also rows[{first}])",
                r.no, first + 1, r.no
            ));
        }
        if !dims.contains_key(&r.dimension) {
            sink(Error, format!("{p}.dimension"), format!(
                "มิติ {} ไม่มีในคำอธิบาย (plan.dimensions) / dimension {} is not in plan.dimensions",
                r.dimension, r.dimension
            ));
        }
        if r.budget.is_sign_negative() && !r.budget.is_zero() {
            sink(Error, format!("{p}.budget"), format!("งบประมาณติดลบ / the budget is negative: {}", r.budget));
        }
        if r.budget.scale() > 2 && r.budget.normalize().scale() > 2 {
            sink(Error, format!("{p}.budget"), format!(
                "งบประมาณมีทศนิยมเกิน ๒ ตำแหน่ง / the budget has more than two decimals: {}",
                r.budget
            ));
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
            sink(Error, format!("{p}.no"), format!(
                "ลำดับที่ {} ซ้ำ / sheet number {} is used twice (also sheets[{first}])",
                s.no, s.no
            ));
        }
        match plan.row(s.row) {
            None => sink(Error, format!("{p}.row"), format!(
                "ไม่มีแถวลำดับ {} ในตาราง / the sheet refers to row {}, which is not in rows",
                s.row, s.row
            )),
            Some(r) if r.starred => sink(Warning, format!("{p}.row"), format!(
                "แถว {} มีเครื่องหมาย * ซึ่งปกติไม่มีรายละเอียดโครงการ / row {} is starred; starred rows normally have no sheet",
                s.row, s.row
            )),
            Some(_) => {}
        }
        if let Some(first) = sheet_of_row.insert(s.row, i) {
            sink(Error, format!("{p}.row"), format!(
                "แถว {} มีรายละเอียดโครงการสองแผ่น / two sheets detail row {} (also sheets[{first}])",
                s.row, s.row
            ));
        }
        let sections: [(&str, &[Block]); 8] = [
            ("rationale", &s.rationale),
            ("objectives", &s.objectives),
            ("targets", &s.targets),
            ("method", &s.method),
            ("period", &s.period),
            ("responsible", &s.responsible),
            ("outputs", &s.outputs),
            ("outcomes", &s.outcomes),
        ];
        for (name, blocks) in sections {
            let path = format!("{p}.{name}");
            if blocks.is_empty() {
                sink(Warning, path.clone(), "หัวข้อนี้ว่าง / this section is empty".into());
            }
            empty_blocks(blocks, &path, sink);
        }
    }
    for (i, r) in plan.rows.iter().enumerate() {
        if !r.starred && !sheet_of_row.contains_key(&r.no) {
            sink(Warning, format!("rows[{i}]"), format!(
                "แถว {} ไม่มีรายละเอียดโครงการ / row {} has no sheet",
                r.no, r.no
            ));
        }
    }
}

fn empty_blocks(blocks: &[Block], path: &str, sink: &mut Sink) {
    for (i, b) in blocks.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match b {
            Block::Para(t) if t.trim().is_empty() => {
                sink(Severity::Warning, p, "ย่อหน้าว่าง / empty paragraph".into())
            }
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

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
