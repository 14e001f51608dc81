//! `phaen report`: the six-month monitoring report (รายงานการกำกับติดตาม… รอบ ๖ เดือน,
//! ITA O37) and the annual result report (รายงานผลการดำเนินการ…, O38) of a plan, from a
//! progress file that holds only what happened: statuses, ordinance budgets, spending,
//! results, problems and suggestions. Names, มิติ, planned budgets and targets come from
//! the plan's dataset, never typed twice.
//!
//! The same pipeline as the plan: load (with every field's line) → validate → render
//! (`templates/report.typ.j2`) → typeset → export (PDF/A, text-layer repair).

mod model;
mod validate;
mod view;

use std::path::{Path, PathBuf};

pub use model::{CANNOT, DONE, Entry, OTHER, Progress, REASONS, STATUSES, Signer};
pub use view::report_view;

use crate::diag::{Diagnostic, Reporter, Severity};
use crate::error::{Checked, Error};
use crate::plan::Loaded;
use crate::yaml::{Spans, parse_as, read_text};

/// A loaded progress file, with the plan it reports on and its six-month report.
pub struct LoadedReport {
    /// The progress file.
    pub progress: Progress,
    /// Its text, as read.
    pub text: String,
    /// Where each of its fields is.
    pub spans: Spans,
    /// The plan it reports on, checked.
    pub plan: Loaded,
    /// The six-month report's progress file, for an annual report that names it.
    pub previous: Option<Progress>,
}

/// Whether a YAML dataset is a progress file (it has `round:`) rather than a plan.
pub fn is_progress(file: &Path) -> bool {
    read_text(file).is_ok_and(|t| is_progress_text(&t))
}

/// Whether a YAML text is a progress file's (it has `round:`).
pub fn is_progress_text(text: &str) -> bool {
    text.lines().any(|l| l.starts_with("round:"))
}

/// The file `name` given in `file`, relative to `file`'s folder.
fn beside(file: &Path, name: &str) -> PathBuf {
    file.parent().unwrap_or(Path::new(".")).join(name)
}

/// Loads and checks a progress file, its plan and its six-month report. On success returns
/// them with the warnings.
pub fn load_checked(file: &Path) -> Result<Checked<LoadedReport>, Error> {
    let text = read_text(file).map_err(|d| Error::Data(vec![d]))?;
    load_checked_text(file, text)
}

/// [`load_checked`] of a progress file whose text is `text` (an editor's, not yet saved);
/// `file` names it, and its folder is where its plan and six-month report are.
pub fn load_checked_text(file: &Path, text: String) -> Result<Checked<LoadedReport>, Error> {
    let one = |d: Diagnostic| Error::Data(vec![d]);
    let progress: Progress = parse_as(file, &text, model::term).map_err(one)?;
    let spans = Spans::index(&text);
    let rep = Reporter::new(file, &text);
    let at = |path: &str, msg: String| {
        let (line, column) = spans.find(path);
        rep.at(Severity::Error, line, column, path, msg)
    };
    let plan_file = beside(file, &progress.plan);
    let plan = crate::plan::load_checked(&plan_file)
        .map_err(|e| match e {
            Error::Data(diags) if diags.iter().all(|d| d.line == 0) => Error::Data(vec![at(
                "plan",
                format!("อ่านแผนไม่ได้ / cannot read the plan {}: {}", plan_file.display(), diags[0].message),
            )]),
            other => other,
        })?
        .value;
    let previous = match &progress.previous {
        None => None,
        Some(name) => {
            let path = beside(file, name);
            let before = read_text(&path).and_then(|t| parse_as::<Progress>(&path, &t, model::term)).map_err(one)?;
            if before.round != 6 || progress.round != 12 {
                return Err(one(at("previous", "previous: คือรายงานรอบ ๖ เดือนของรายงานรอบ ๑๒ เดือน / previous is the six-month report of a twelve-month one".into())));
            }
            Some(before)
        }
    };
    let mut diags = Vec::new();
    let mut sink = |sev, path: String, msg| {
        let (line, column) = spans.find(&path);
        diags.push(rep.at(sev, line, column, path, msg));
    };
    validate::check(&progress, &plan.plan, previous.as_ref(), &mut sink);
    crate::plan::validate::undrawable(texts(&progress).iter().map(|(p, t)| (p.as_str(), *t)), &mut sink);
    for cut in spans.cuts() {
        diags.push(rep.at(
            Severity::Warning,
            cut.line,
            cut.column,
            cut.path.clone(),
            crate::plan::validate::CUT_BY_COMMENT,
        ));
    }
    diags.sort_by_key(|d| (d.line, d.column));
    if crate::plan::validate::has_errors(&diags) {
        return Err(Error::Data(diags));
    }
    Ok(Checked { value: LoadedReport { progress, text, spans, plan, previous }, warnings: diags })
}

/// Every text of a progress file that is printed, with its path.
fn texts(p: &Progress) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    for (name, list) in [("results", &p.results), ("problems", &p.problems), ("suggestions", &p.suggestions)] {
        out.extend(list.iter().enumerate().map(|(i, t)| (format!("{name}[{i}]"), t.as_str())));
    }
    for (i, e) in p.projects.iter().enumerate() {
        out.extend(e.result.iter().enumerate().map(|(j, t)| (format!("projects[{i}].result[{j}]"), t.as_str())));
        out.push((format!("projects[{i}].remark"), &e.remark));
        if let Some(t) = &e.reason_other {
            out.push((format!("projects[{i}].reason_other"), t));
        }
    }
    for (name, s) in [("reporter", &p.reporter), ("approver", &p.approver)] {
        out.push((format!("{name}.name"), &s.name));
        out.push((format!("{name}.position"), &s.position));
    }
    out
}
