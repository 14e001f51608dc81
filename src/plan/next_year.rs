//! `phaen next-year`: carrying a plan to the next fiscal year.

use std::path::{Path, PathBuf};

use crate::plan::model::{Block, Plan};
use crate::plan::walk::block_texts_mut;
use crate::plan::write::TO_CONFIRM;
use crate::thai::{ThaiDate, thai_digits};
use crate::yaml::Spans;

/// A plan carried to the next fiscal year.
pub struct NextYear {
    /// The new dataset's text.
    pub yaml: String,
    /// What was changed, one line each: `plan.fiscal_year: 2567 → 2568`.
    pub changed: Vec<String>,
    /// Texts left as they were that still name the old year, with their line in the new
    /// file: `line 512 sheets[3].rationale[0]: … ๒๕๖๗ …`.
    pub left: Vec<String>,
}

/// Carries `plan` to the next fiscal year: the year; the as-of date and the announcement's
/// date one year on, marked to confirm; the years in every sheet's period (ระยะเวลา
/// ดำเนินการ) one on. Everything else stays, and the texts that still name the old year
/// are listed for the officer to read.
pub fn next_year(plan: &Plan) -> NextYear {
    let (old, new) = (plan.plan.fiscal_year, plan.plan.fiscal_year + 1);
    let mut next = plan.clone();
    let mut changed = Vec::new();
    next.plan.fiscal_year = new;
    changed.push(format!("plan.fiscal_year: {old} → {new}"));
    let later = |date: &str| {
        ThaiDate::parse(date).ok().map(|d| {
            // 29 February has no twin in most years.
            let day = if d.month == 2 && d.day == 29 { 28 } else { d.day };
            format!("{}-{:02}-{day:02}", d.year + 1, d.month)
        })
    };
    if let Some(date) = later(&plan.plan.as_of) {
        changed.push(format!("plan.as_of: {} → {date} (to confirm)", plan.plan.as_of));
        next.plan.as_of = date;
    }
    if let Some(a) = next.announcement.as_mut()
        && let Some(date) = later(&a.date)
    {
        changed.push(format!("announcement.date: {} → {date} (to confirm)", a.date));
        a.date = date;
    }
    for (i, sheet) in next.sheets.iter_mut().enumerate() {
        let path = format!("sheets[{i}].period");
        shift_years(&mut sheet.period, old, &path, &mut changed);
    }

    let mut yaml = crate::plan::write::to_yaml(&next);
    // Mark the carried as-of date for the officer (and for `check`).
    let as_of = format!("  as_of: {}", next.plan.as_of);
    if let Some(at) = yaml.find(&format!("{as_of}\n")) {
        yaml.insert_str(at + as_of.len(), &format!("  {TO_CONFIRM}"));
    }

    let spans = Spans::index(&yaml);
    let names_old = |t: &str| t.contains(&old.to_string()) || t.contains(&thai_digits(&old.to_string()));
    let left = crate::plan::walk::texts(&next)
        .into_iter()
        .filter(|t| names_old(t.text))
        .map(|t| {
            let shown: String = t.text.chars().take(70).collect();
            format!("line {} {}: {shown}", spans.find(&t.path).0, t.path)
        })
        .collect();
    NextYear { yaml, changed, left }
}

/// Moves the years in the texts of a period section one on: the fiscal year and the year
/// before it (`ตุลาคม ๒๕๖๖ – กันยายน ๒๕๖๗`), in Thai or Arabic digits.
fn shift_years(blocks: &mut [Block], old: u32, path: &str, changed: &mut Vec<String>) {
    let shift = |text: &mut String, path: String, changed: &mut Vec<String>| {
        let mut out = text.clone();
        for (from, to) in [(old, old + 1), (old - 1, old)] {
            for (f, t) in
                [(from.to_string(), to.to_string()), (thai_digits(&from.to_string()), thai_digits(&to.to_string()))]
            {
                // Through a marker, so that the year just moved is not moved again.
                out = out.replace(&f, &format!("\u{0}{t}"));
            }
        }
        let out = out.replace('\u{0}', "");
        if out != *text {
            changed.push(format!("{path}: {text} → {out}"));
            *text = out;
        }
    };
    block_texts_mut(blocks, path, &mut |p, text| shift(text, p, changed));
}

/// The default name of next year's dataset: the old year in the name moved on
/// (`samutsongkhram-2567.yaml` → `samutsongkhram-2568.yaml`), else the new year added.
pub fn next_year_path(data: &Path, old: u32) -> PathBuf {
    let stem = data.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    let name = if stem.contains(&old.to_string()) {
        stem.replace(&old.to_string(), &(old + 1).to_string())
    } else {
        format!("{stem}-{}", old + 1)
    };
    data.with_file_name(format!("{name}.yaml"))
}
