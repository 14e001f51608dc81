//! `phaen next-year`: carrying a plan to the next fiscal year.

use std::path::{Path, PathBuf};

use crate::plan::model::Plan;
use crate::plan::write::TO_CONFIRM;
use crate::thai::{ThaiDate, thai_digits};
use crate::yaml::Spans;
use crate::yaml::edit::Tree;

/// A plan carried to the next fiscal year.
pub struct NextYear {
    /// The new dataset's text.
    pub yaml: String,
    /// What was changed, one line each: `line 4 plan.fiscal_year: 2567 → 2568`.
    pub changed: Vec<String>,
    /// Texts left as they were that still name the old year, with their line in the new
    /// file: `line 512 sheets[3].rationale[0]: … ๒๕๖๗ …`.
    pub left: Vec<String>,
}

/// Carries `plan`, read from `text`, to the next fiscal year: the year; the as-of date and
/// the announcement's date one year on, the as-of date marked to confirm; the years in
/// every sheet's period (ระยะเวลาดำเนินการ) one on. Each change is made in place, inside
/// the value's own span, so everything else in the file (comments, key order, quoting,
/// folded lines) stays byte for byte. The texts that still name the old year are listed
/// for the officer to read.
pub fn next_year(plan: &Plan, text: &str) -> NextYear {
    let (old, new) = (plan.plan.fiscal_year, plan.plan.fiscal_year + 1);
    let tree = Tree::index(text);
    let node = |path: &str| tree.as_ref().and_then(|t| t.node(path));
    // (span, new text of the span, path, what the line says), applied from the end.
    let mut edits: Vec<(std::ops::Range<usize>, String, String, String)> = Vec::new();
    let mut edit = |path: &str, replace: &dyn Fn(&str) -> String, say: &dyn Fn(&str, &str) -> String| {
        if let Some(n) = node(path) {
            let before = &text[n.start..n.end];
            let after = replace(before);
            if after != before {
                edits.push((n.start..n.end, after.clone(), path.to_string(), say(before, &after)));
            }
        }
    };
    let year = |s: &str| shift(s, &[(old, new)]);
    edit("plan.fiscal_year", &year, &|_, _| format!("{old} → {new}"));
    // A date one year on, in its quotes if it had them; anything else as it was.
    let later = |date: &str| {
        let bare = date.trim_matches(['"', '\'']);
        let Ok(d) = ThaiDate::parse(bare) else { return date.to_string() };
        // 29 February has no twin in most years.
        let day = if d.month == 2 && d.day == 29 { 28 } else { d.day };
        date.replace(bare, &format!("{}-{:02}-{day:02}", d.year + 1, d.month))
    };
    edit("plan.as_of", &later, &|a, b| format!("{a} → {b} (to confirm)"));
    edit("announcement.date", &later, &|a, b| format!("{a} → {b} (to confirm)"));
    for (i, sheet) in plan.sheets.iter().enumerate() {
        crate::plan::walk::block_texts(&sheet.period, &format!("sheets[{i}].period"), &mut |t| {
            // The fiscal year and the year before it (`ตุลาคม ๒๕๖๖ – กันยายน ๒๕๖๗`).
            let years = |s: &str| shift(s, &[(old, new), (old - 1, old)]);
            edit(&t.path, &years, &|_, _| format!("{} → {}", t.text, years(t.text)));
        });
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
    let mut yaml = text.to_string();
    let changed_paths: Vec<String> = edits.iter().map(|e| e.2.clone()).collect();
    for (span, with, path, _) in &edits {
        yaml.replace_range(span.clone(), with);
        // Mark the carried as-of date for the officer (and for `check`).
        // Right after the value, before any comment of the officer's, which stays.
        if path == "plan.as_of" {
            yaml.insert_str(span.start + with.len(), &format!("  {TO_CONFIRM}"));
        }
    }
    let spans = Spans::index(&yaml);
    let changed =
        edits.iter().rev().map(|(_, _, path, say)| format!("line {} {path}: {say}", spans.find(path).0)).collect();
    let names_old = |t: &str| t.contains(&old.to_string()) || t.contains(&thai_digits(&old.to_string()));
    let left = crate::plan::walk::texts(plan)
        .into_iter()
        .filter(|t| names_old(t.text) && !changed_paths.contains(&t.path))
        .map(|t| {
            let shown: String = t.text.chars().take(70).collect();
            format!("line {} {}: {shown}", spans.find(&t.path).0, t.path)
        })
        .collect();
    NextYear { yaml, changed, left }
}

/// `text` with each year of `moves` moved to its pair, in Arabic and Thai digits, each
/// moved once (2566 → 2567 is not then moved to 2568).
fn shift(text: &str, moves: &[(u32, u32)]) -> String {
    let mut out = text.to_string();
    for &(from, to) in moves {
        for (f, t) in
            [(from.to_string(), to.to_string()), (thai_digits(&from.to_string()), thai_digits(&to.to_string()))]
        {
            // Through a marker, so that the year just moved is not moved again.
            out = out.replace(&f, &format!("\u{0}{t}"));
        }
    }
    out.replace('\u{0}', "")
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
