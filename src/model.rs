//! The data model of a plan: what a YAML dataset holds once it is loaded.
//!
//! Only facts live here. Everything that can be derived is derived by phaen and never
//! typed into the data: section numbers, list-item numbers, the sheet's project name and
//! budget (taken from the table row it links to), totals and tick counts.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A whole dataset: metadata, the plan table and the project sheets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub plan: Meta,
    pub rows: Vec<Row>,
    #[serde(default)]
    pub sheets: Vec<Sheet>,
    /// Optional cover page, printed first when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<Cover>,
    /// Optional announcement (ประกาศ) that adopts the plan, printed after the cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement: Option<Announcement>,
}

/// The cover: organization, title and fiscal year come from `plan`; the emblem is an
/// image file next to the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// File name of the emblem (ตราสัญลักษณ์), PNG, JPEG or SVG, in the dataset's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emblem: Option<String>,
}

/// ประกาศ … เรื่อง ประกาศใช้แผน…, signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Announcement {
    /// The paragraphs of the announcement.
    pub body: Vec<String>,
    /// ประกาศ ณ วันที่: `YYYY-MM-DD`, Buddhist-era year.
    pub date: String,
    /// The signer's name, e.g. `นายสมชาย ใจดี`.
    pub name: String,
    /// The signer's position, e.g. `นายกเทศมนตรีเมืองสมุทรสงคราม`.
    pub position: String,
}

/// Plan metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The plan's title without year or organization, e.g. `แผนปฏิบัติการป้องกันการทุจริต`.
    pub title: String,
    /// The local government, e.g. `เทศบาลเมืองสมุทรสงคราม`.
    pub organization: String,
    /// Fiscal year in the Buddhist era (พ.ศ.), e.g. `2567`.
    pub fiscal_year: u32,
    /// The date the data were taken from the reporting system, `YYYY-MM-DD` with a
    /// Buddhist-era year, e.g. `2567-02-07`.
    pub as_of: String,
    /// Name of the person who issued the report (ผู้ออกรายงาน).
    pub issuer: String,
    /// The มิติ (dimensions) of the plan, in order, named.
    pub dimensions: Vec<Dimension>,
    /// The plan's total budget as approved, if the officer wants it checked: when given,
    /// it must equal the sum of the rows (phaen prints the computed one).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rust_decimal::serde::str_option")]
    pub total_budget: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub no: u32,
    pub name: String,
}

/// One row of the plan table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The row's number (ลำดับ); sheets refer to rows by it.
    pub no: u32,
    /// Project name as printed in the table (รายการโครงการ).
    pub name: String,
    /// The มิติ the project belongs to (one of `plan.dimensions`).
    pub dimension: u32,
    /// Rows the reporting system marks with a star (`*1`): projects carried in from
    /// other plans, which have no detail sheet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub starred: bool,
    /// Budget in baht, an exact decimal written as a string: `"45000.00"`.
    #[serde(with = "rust_decimal::serde::str")]
    pub budget: Decimal,
    /// The quarters (1–4) in which the project runs.
    pub quarters: Vec<u8>,
    /// Free remark (หมายเหตุ).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remark: String,
}

/// One project sheet. Its name and budget come from the linked row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Sheet number (ลำดับที่).
    pub no: u32,
    /// The table row (its `no`) this sheet details.
    pub row: u32,
    /// ๒. หลักการและเหตุผล
    pub rationale: Vec<Block>,
    /// ๓. วัตถุประสงค์
    pub objectives: Vec<Block>,
    /// ๔. กลุ่มเป้าหมาย
    pub targets: Vec<Block>,
    /// ๕. วิธีดำเนินการ
    pub method: Vec<Block>,
    /// ๖. ระยะเวลาดำเนินการ
    pub period: Vec<Block>,
    /// ๘. ผู้รับผิดชอบ
    pub responsible: Vec<Block>,
    /// ๙. ผลผลิต
    pub outputs: Vec<Block>,
    /// ๙. ผลลัพธ์
    pub outcomes: Vec<Block>,
}

impl Sheet {
    /// The stored sections by field name, in document order (section ๗, the budget, comes
    /// from the row).
    pub fn sections(&self) -> [(&'static str, &[Block]); 8] {
        [
            ("rationale", &self.rationale),
            ("objectives", &self.objectives),
            ("targets", &self.targets),
            ("method", &self.method),
            ("period", &self.period),
            ("responsible", &self.responsible),
            ("outputs", &self.outputs),
            ("outcomes", &self.outcomes),
        ]
    }
}

/// A block of a section: a paragraph (a plain string), a numbered list or a dash list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Block {
    Para(String),
    Items { items: Vec<Item> },
    Bullets { bullets: Vec<String> },
}

/// A numbered list item: its text, and optionally more blocks under it (further
/// paragraphs, nested numbered items numbered `๒.๑)`, dash lists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Item {
    Text(String),
    Full {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        body: Vec<Block>,
    },
}

impl Item {
    pub fn text(&self) -> &str {
        match self {
            Item::Text(t) | Item::Full { text: t, .. } => t,
        }
    }
    pub fn body(&self) -> &[Block] {
        match self {
            Item::Text(_) => &[],
            Item::Full { body, .. } => body,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Plan {
    pub fn row(&self, no: u32) -> Option<&Row> {
        self.rows.iter().find(|r| r.no == no)
    }
}
