//! `phaen build --split`: the parts of a built plan, one PDF each, for attaching
//! separately (the plan table with its summary, and every sheet).

use std::ops::RangeInclusive;

use typst::foundations::{Element, Selector};
use typst::introspection::Introspector;
use typst::model::HeadingElem;
use typst_layout::PagedDocument;

use crate::plan::model::Plan;

/// A part of the document: its file name and its pages (1-based, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `00-plan-table.pdf`, `01-sheet.pdf`, …
    pub file_name: String,
    /// Its pages (1-based, inclusive).
    pub pages: RangeInclusive<usize>,
}

/// The parts of a laid-out plan. Every part starts at one of the document's bookmark
/// headings, which the templates put in a fixed order: cover, announcement (when
/// present), the plan table, the summary, then the sheets by number.
pub fn parts(doc: &PagedDocument, plan: &Plan) -> Vec<Part> {
    let intro = doc.introspector();
    let starts: Vec<usize> = intro
        .query(&Selector::Elem(Element::of::<HeadingElem>(), None))
        .iter()
        .filter_map(|h| h.location())
        .filter_map(|loc| intro.position(loc))
        .map(|p| p.page.get())
        .collect();
    let front = usize::from(plan.cover.is_some()) + usize::from(plan.announcement.is_some());
    let sheets: Vec<usize> = (1..=plan.sheets.len()).collect();
    let last = doc.pages().len();
    // The page before part `i + 1` starts, or the last page.
    let end = |i: usize| starts.get(i + 1).map_or(last, |&next| next.saturating_sub(1).max(starts[i]));
    let mut out = Vec::new();
    if starts.len() < front + 2 + sheets.len() {
        return out;
    }
    out.push(Part { file_name: "00-plan-table.pdf".into(), pages: starts[front]..=end(front + 1) });
    for (k, no) in sheets.iter().enumerate() {
        let i = front + 2 + k;
        out.push(Part { file_name: format!("{no:02}-sheet.pdf"), pages: starts[i]..=end(i) });
    }
    out
}

/// The folder the parts of `out` go to: `plan.pdf` → `plan/`, and `plan` (no extension)
/// → `plan-parts/`, never the PDF's own path.
pub fn parts_dir(out: &std::path::Path) -> std::path::PathBuf {
    match out.extension() {
        Some(_) => out.with_extension(""),
        None => std::path::PathBuf::from(format!("{}-parts", out.display())),
    }
}
