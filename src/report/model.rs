//! What a progress file holds: only what happened in a round. Everything about the
//! projects themselves (names, มิติ, planned budgets, targets) is read from the plan.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A field's name as the printed report calls it, for the messages about a missing one.
pub(crate) fn term(field: &str) -> Option<&'static str> {
    Some(match field {
        "plan" => "ไฟล์แผน",
        "round" => "รอบการรายงาน (6 หรือ 12)",
        "as_of" => "ข้อมูล ณ วันที่",
        "projects" => "ผลของแต่ละโครงการ",
        "status" => "สถานะ",
        "date" => "วันที่รายงาน",
        "reporter" => "ผู้รายงาน",
        "approver" => "ผู้อนุมัติ",
        "name" => "ชื่อ",
        "position" => "ตำแหน่ง",
        _ => return None,
    })
}

/// A six-month (รอบ ๖ เดือน) or twelve-month (annual) progress report of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// The plan's dataset, relative to this file.
    pub plan: String,
    /// 6 (the monitoring report, O37) or 12 (the annual result report, O38).
    #[serde(with = "crate::checks::money::serde_as::number")]
    pub round: u32,
    /// ข้อมูล ณ วันที่: `YYYY-MM-DD`, Buddhist era, inside the fiscal year.
    pub as_of: String,
    /// For a twelve-month report: the six-month one, relative to this file, checked for
    /// consistency (spending never decreases, a finished project stays finished).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// One entry per row of the plan.
    pub projects: Vec<Entry>,
    /// ผลการดำเนินการโดยภาพรวม: paragraphs.
    #[serde(default)]
    pub results: Vec<String>,
    /// ปัญหา อุปสรรค: paragraphs; none printed as `ไม่มี`.
    #[serde(default)]
    pub problems: Vec<String>,
    /// ข้อเสนอแนะ: paragraphs; none printed as `ไม่มี`.
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// The date of the report (วันที่รายงาน).
    pub date: String,
    /// Who reports (ผู้รายงาน).
    pub reporter: Signer,
    /// Who approves (ผู้อนุมัติ).
    pub approver: Signer,
}

/// Who signs the report: ผู้รายงาน or ผู้อนุมัติ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// The signer's name.
    pub name: String,
    /// The signer's position.
    pub position: String,
}

/// What happened to one project in the round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The row, by its printed ลำดับ in the plan's table…
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::checks::money::serde_as::number_option")]
    pub row: Option<u32>,
    /// …or by the row's key or exact name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// One of [`STATUSES`].
    pub status: String,
    /// The budget set in the ordinance (เทศบัญญัติ/ข้อบัญญัติ) for the project; absent when
    /// the project is not in it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::checks::money::serde_as::amount_option")]
    pub ordinance_budget: Option<Decimal>,
    /// The amount spent (เบิกจ่าย) so far.
    #[serde(default, with = "crate::checks::money::serde_as::amount")]
    pub spent: Decimal,
    /// Why it could not run, one of [`REASONS`], when the status is that it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reason in words, when the reason is `อื่น ๆ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_other: Option<String>,
    /// ผลการดำเนินการ: what was achieved, against the sheet's outputs and outcomes.
    #[serde(default)]
    pub result: Vec<String>,
    /// หมายเหตุ.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remark: String,
}

/// The statuses of the national reporting system, in its order.
pub const STATUSES: [&str; 4] = ["ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการแล้วเสร็จ", "ไม่สามารถดำเนินการได้"];
/// The status whose project needs a reason.
pub const CANNOT: &str = STATUSES[3];
/// The status a finished project keeps.
pub const DONE: &str = STATUSES[2];
/// Why a project could not run, as the reporting system lists it.
pub const REASONS: [&str; 4] = ["ไม่ได้รับงบประมาณ", "นโยบายผู้บริหารเปลี่ยนแปลง", "บุคลากรไม่เพียงพอ", "อื่น ๆ"];
/// The reason that needs words.
pub const OTHER: &str = REASONS[3];
