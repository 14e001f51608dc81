//! The checks of a progress file, with the plan it reports on.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::model::{CANNOT, DONE, Entry, OTHER, Progress, REASONS, STATUSES};
use crate::diag::Severity::{self, Error, Warning};
use crate::plan::model::{Numbering, Plan};
use crate::thai::{ThaiDate, money_table};

type Sink<'a> = dyn FnMut(Severity, String, String) + 'a;

/// The row (index into `plan.rows`) each entry reports on, or why none.
pub(crate) fn entry_rows(progress: &Progress, plan: &Plan, numbering: &Numbering) -> Vec<Result<usize, String>> {
    progress
        .projects
        .iter()
        .map(|e| match (e.row, e.project.as_deref()) {
            (Some(n), None) => {
                numbering.order.get((n as usize).wrapping_sub(1)).copied().ok_or_else(|| {
                    format!("ไม่มีแถวลำดับ {n} ในแผน / the plan has no row {n} (it has {})", plan.rows.len())
                })
            }
            (None, Some(p)) => plan
                .rows
                .iter()
                .position(|r| r.key.as_deref() == Some(p))
                .or_else(|| plan.rows.iter().position(|r| r.name == p))
                .ok_or_else(|| format!("ไม่มีโครงการ “{p}” ในแผน / no row of the plan has the key or name “{p}”")),
            _ => {
                Err("ระบุ row: (ลำดับ) หรือ project: อย่างใดอย่างหนึ่ง / give `row:` (the ลำดับ) or `project:`, one of them"
                    .into())
            }
        })
        .collect()
}

/// Every problem of a progress file against its plan (and its six-month report, for a
/// twelve-month one).
pub(crate) fn check(progress: &Progress, plan: &Plan, previous: Option<&Progress>, sink: &mut Sink) {
    let fy = plan.plan.fiscal_year;
    if progress.round != 6 && progress.round != 12 {
        sink(
            Error,
            "round".into(),
            format!("รอบรายงานต้องเป็น 6 หรือ 12 / round must be 6 or 12 (months), got {}", progress.round),
        );
    }
    // The fiscal year runs from 1 October of the year before to 30 September.
    let in_year = |d: &ThaiDate| (d.year == fy - 1 && d.month >= 10) || (d.year == fy && d.month <= 9);
    match ThaiDate::parse(&progress.as_of) {
        Err(e) => sink(Error, "as_of".into(), e),
        Ok(d) if !in_year(&d) => sink(
            Error,
            "as_of".into(),
            format!(
                "วันที่ข้อมูลต้องอยู่ในปีงบประมาณ {fy} (1 ต.ค. {} – 30 ก.ย. {fy}) / as_of must be inside the fiscal year {fy} (1 October {} to 30 September {fy})",
                fy - 1,
                fy - 1
            ),
        ),
        Ok(_) => {}
    }
    match (ThaiDate::parse(&progress.date), ThaiDate::parse(&progress.as_of)) {
        (Err(e), _) => sink(Error, "date".into(), e),
        (Ok(d), Ok(a)) if (d.year, d.month, d.day) < (a.year, a.month, a.day) || d.year > fy + 1 => sink(
            Error,
            "date".into(),
            format!("วันที่รายงานต้องไม่ก่อนวันที่ข้อมูล / the report's date must not be before as_of ({})", progress.as_of),
        ),
        _ => {}
    }
    for (field, signer) in [("reporter", &progress.reporter), ("approver", &progress.approver)] {
        if signer.name.trim().is_empty() {
            sink(Error, format!("{field}.name"), "ต้องไม่ว่าง / must not be empty".into());
        }
    }

    let numbering = plan.numbering();
    let rows = entry_rows(progress, plan, &numbering);
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (i, (entry, row)) in progress.projects.iter().zip(&rows).enumerate() {
        let p = format!("projects[{i}]");
        let row = match row {
            Err(msg) => {
                sink(Error, p.clone(), msg.clone());
                continue;
            }
            Ok(row) => *row,
        };
        let n = numbering.number[row];
        if let Some(first) = seen.insert(row, i) {
            sink(
                Error,
                p.clone(),
                format!("แถว {n} รายงานซ้ำ (projects[{first}]) / row {n} is reported twice (also projects[{first}])"),
            );
        }
        entry_checks(entry, &p, plan.rows[row].budget, sink);
    }
    for &row in &numbering.order {
        if !seen.contains_key(&row) {
            let n = numbering.number[row];
            sink(
                Error,
                "projects".into(),
                format!(
                    "ไม่มีรายงานของแถว {n} “{}” / row {n} of the plan, “{}”, is missing from the report: every project is reported",
                    plan.rows[row].name, plan.rows[row].name
                ),
            );
        }
    }
    if let Some(before) = previous {
        consistent(progress, before, plan, &rows, sink);
    }
}

fn entry_checks(entry: &Entry, p: &str, planned: Decimal, sink: &mut Sink) {
    if !STATUSES.contains(&entry.status.as_str()) {
        sink(
            Error,
            format!("{p}.status"),
            format!("สถานะต้องเป็นหนึ่งใน {} / status must be one of {}", STATUSES.join(", "), STATUSES.join(", ")),
        );
    }
    match (&entry.reason, entry.status == CANNOT) {
        (None, true) => sink(
            Error,
            format!("{p}.status"),
            format!(
                "โครงการที่ไม่สามารถดำเนินการได้ต้องระบุ reason: / a project that could not run needs a `reason:` ({})",
                REASONS.join(", ")
            ),
        ),
        (Some(_), false) => sink(
            Error,
            format!("{p}.reason"),
            "ระบุเหตุผลได้เฉพาะโครงการที่ไม่สามารถดำเนินการได้ / a reason is given only for a project that could not run"
                .into(),
        ),
        (Some(r), true) if !REASONS.contains(&r.as_str()) => sink(
            Error,
            format!("{p}.reason"),
            format!("เหตุผลต้องเป็นหนึ่งใน {} / reason must be one of {}", REASONS.join(", "), REASONS.join(", ")),
        ),
        _ => {}
    }
    let other = entry.reason.as_deref() == Some(OTHER);
    if other && entry.reason_other.as_deref().is_none_or(|t| t.trim().is_empty()) {
        sink(
            Error,
            format!("{p}.reason"),
            "เหตุผล อื่น ๆ ต้องระบุ reason_other: / `อื่น ๆ` needs the reason in words in `reason_other:`".into(),
        );
    }
    for (field, amount) in [("ordinance_budget", entry.ordinance_budget), ("spent", Some(entry.spent))] {
        let Some(a) = amount else { continue };
        for problem in crate::checks::money::problems(a, crate::checks::money::Amount::Money) {
            sink(Error, format!("{p}.{field}"), problem);
        }
    }
    let limit = entry.ordinance_budget.unwrap_or(planned);
    if entry.spent > limit {
        sink(
            Warning,
            format!("{p}.spent"),
            format!(
                "เบิกจ่าย {} บาท เกินงบประมาณ {} บาท / spent {} baht, more than the budget of {} baht",
                money_table(entry.spent),
                money_table(limit),
                money_table(entry.spent),
                money_table(limit)
            ),
        );
    }
}

/// A twelve-month report agrees with the six-month one: spending never decreases and a
/// finished project stays finished.
fn consistent(now: &Progress, before: &Progress, plan: &Plan, rows: &[Result<usize, String>], sink: &mut Sink) {
    let numbering = plan.numbering();
    let earlier: HashMap<usize, &Entry> = entry_rows(before, plan, &numbering)
        .into_iter()
        .zip(&before.projects)
        .filter_map(|(row, e)| Some((row.ok()?, e)))
        .collect();
    for (i, (entry, row)) in now.projects.iter().zip(rows).enumerate() {
        let Some(old) = row.as_ref().ok().and_then(|r| earlier.get(r)) else { continue };
        let p = format!("projects[{i}]");
        if entry.spent < old.spent {
            sink(
                Error,
                format!("{p}.spent"),
                format!(
                    "เบิกจ่ายน้อยกว่ารอบ ๖ เดือน ({} บาท) / spent is less than in the six-month report ({} baht): spending never decreases",
                    money_table(old.spent),
                    money_table(old.spent)
                ),
            );
        }
        if old.status == DONE && entry.status != DONE {
            sink(
                Error,
                format!("{p}.status"),
                "รอบ ๖ เดือนรายงานว่าแล้วเสร็จ / the six-month report says the project was finished: it stays finished"
                    .into(),
            );
        }
    }
}
