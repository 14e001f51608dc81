//! The report's facts as its template reads them: every project in the plan's order with
//! what happened to it, the totals, and the summary by มิติ. Words and formats are the
//! template's.

use rust_decimal::Decimal;
use serde::Serialize;

use super::model::{CANNOT, STATUSES};
use super::{LoadedReport, validate::entry_rows};
use crate::plan::model::{Block, Meta};
use crate::thai::ThaiDate;

#[derive(Serialize)]
pub struct ReportView<'a> {
    pub plan: &'a Meta,
    pub round: u32,
    pub as_of: &'a str,
    pub date_of_report: &'a str,
    /// The report's date in the Gregorian calendar: the PDF's creation date.
    pub date: [u32; 3],
    pub rows: Vec<RowView<'a>>,
    pub summary: Vec<SummaryLine<'a>>,
    pub total: SummaryLine<'a>,
    pub results: &'a [String],
    pub problems: &'a [String],
    pub suggestions: &'a [String],
    pub reporter: &'a super::Signer,
    pub approver: &'a super::Signer,
}

#[derive(Serialize)]
pub struct RowView<'a> {
    pub no: u32,
    pub name: &'a str,
    pub dimension: u32,
    pub starred: bool,
    pub planned: Decimal,
    /// The ordinance's budget, `none` when the project is not in the ordinance.
    pub ordinance: Option<Decimal>,
    pub spent: Decimal,
    pub status: &'a str,
    /// Why it could not run, in words.
    pub reason: Option<&'a str>,
    pub remark: &'a str,
    pub result: &'a [String],
    /// The sheet's ผลผลิต and ผลลัพธ์, the targets the result is measured against.
    pub outputs: Vec<&'a str>,
    pub outcomes: Vec<&'a str>,
}

/// Projects and money of one มิติ (or of the whole plan).
#[derive(Serialize, Default)]
pub struct SummaryLine<'a> {
    pub dimension: u32,
    pub name: &'a str,
    pub projects: usize,
    /// Projects by status, in the order of [`STATUSES`].
    pub by_status: [usize; 4],
    pub planned: Decimal,
    pub ordinance: Decimal,
    pub spent: Decimal,
}

impl SummaryLine<'_> {
    fn add(&mut self, row: &RowView) {
        self.projects += 1;
        if let Some(i) = STATUSES.iter().position(|s| *s == row.status) {
            self.by_status[i] += 1;
        }
        self.planned += row.planned;
        self.ordinance += row.ordinance.unwrap_or_default();
        self.spent += row.spent;
    }
}

/// Every text of some blocks, flattened in reading order.
fn flat(blocks: &[Block]) -> Vec<&str> {
    crate::plan::view::lines(blocks).into_iter().map(|l| l.text).collect()
}

/// The view of a checked report: every entry has its row.
pub fn report_view(report: &LoadedReport) -> ReportView<'_> {
    let plan = &report.plan.plan;
    let p = &report.progress;
    let numbering = plan.numbering();
    let rows_of = entry_rows(p, plan, &numbering);
    let mut by_row = vec![None; plan.rows.len()];
    for (entry, row) in p.projects.iter().zip(rows_of) {
        if let Ok(r) = row {
            by_row[r] = Some(entry);
        }
    }
    let sheet_of =
        |row: usize| numbering.links.iter().position(|l| l.as_ref().ok() == Some(&row)).map(|s| &plan.sheets[s]);
    let rows: Vec<RowView> = numbering
        .order
        .iter()
        .filter_map(|&i| {
            let (row, entry) = (&plan.rows[i], by_row[i]?);
            let sheet = sheet_of(i);
            Some(RowView {
                no: numbering.number[i],
                name: &row.name,
                dimension: row.dimension,
                starred: row.starred,
                planned: row.budget,
                ordinance: entry.ordinance_budget,
                spent: entry.spent,
                status: &entry.status,
                reason: (entry.status == CANNOT)
                    .then(|| entry.reason_other.as_deref().or(entry.reason.as_deref()))
                    .flatten(),
                remark: &entry.remark,
                result: &entry.result,
                outputs: sheet.map(|s| flat(&s.outputs)).unwrap_or_default(),
                outcomes: sheet.map(|s| flat(&s.outcomes)).unwrap_or_default(),
            })
        })
        .collect();
    let mut summary: Vec<SummaryLine> = plan
        .plan
        .dimensions
        .iter()
        .map(|d| SummaryLine { dimension: d.number, name: &d.name, ..Default::default() })
        .collect();
    let mut total = SummaryLine::default();
    for row in &rows {
        total.add(row);
        if let Some(line) = summary.iter_mut().find(|l| l.dimension == row.dimension) {
            line.add(row);
        }
    }
    let date = ThaiDate::parse(&p.date).map_or([1970, 1, 1], |d| [d.year - 543, d.month, d.day]);
    ReportView {
        plan: &plan.plan,
        round: p.round,
        as_of: &p.as_of,
        date_of_report: &p.date,
        date,
        rows,
        summary,
        total,
        results: &p.results,
        problems: &p.problems,
        suggestions: &p.suggestions,
        reporter: &p.reporter,
        approver: &p.approver,
    }
}
