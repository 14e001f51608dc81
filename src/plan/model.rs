//! The data model of a plan: what a YAML dataset holds once it is loaded.
//!
//! Only facts live here. Everything that can be derived is derived by phaen and never
//! typed into the data: section numbers, list-item numbers, the sheet's project name and
//! budget (taken from the table row it links to), totals and tick counts.

use rust_decimal::Decimal;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A field's name as the printed plan calls it, for the messages about a missing one.
pub(crate) fn term(field: &str) -> Option<&'static str> {
    Some(match field {
        "plan" => "ข้อมูลของแผน",
        "rows" => "ตารางโครงการ",
        "title" => "ชื่อแผน",
        "organization" => "ชื่อหน่วยงาน",
        "fiscal_year" => "ปีงบประมาณ",
        "as_of" => "ข้อมูล ณ วันที่",
        "issuer" => "ผู้ออกรายงาน",
        "dimensions" => "มิติ",
        "number" => "ลำดับ",
        "name" => "ชื่อ",
        "dimension" => "มิติ",
        "budget" => "งบประมาณ",
        "quarters" => "ไตรมาส",
        "rationale" => "๒. หลักการและเหตุผล",
        "objectives" => "๓. วัตถุประสงค์",
        "targets" => "๔. กลุ่มเป้าหมาย",
        "method" => "๕. วิธีดำเนินการ",
        "period" => "๖. ระยะเวลาดำเนินการ",
        "responsible" => "๘. ผู้รับผิดชอบ",
        "outputs" => "๙. ผลผลิต",
        "outcomes" => "๙. ผลลัพธ์",
        "body" => "ข้อความประกาศ",
        "date" => "วันที่",
        "position" => "ตำแหน่ง",
        _ => return None,
    })
}

/// A whole dataset: metadata, the plan table and the project sheets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The plan's settings: title, organization, year, as-of date, issuer, มิติ.
    pub plan: Meta,
    /// The plan table's rows, in printed order.
    pub rows: Vec<Row>,
    #[serde(default)]
    /// One detail sheet per project (unstarred rows).
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
    #[serde(with = "crate::checks::money::serde_as::number")]
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
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::checks::money::serde_as::budget_option")]
    pub total_budget: Option<Decimal>,
    /// The digits the plan's text and the numbers phaen writes are printed in: `thai`
    /// (๑๒๓, the default, as Thai official documents are written) or `arabic` (the text as
    /// typed, and phaen's own numbers in Arabic digits). The plan table prints Arabic digits
    /// either way, as the national reporting system does.
    #[serde(default, skip_serializing_if = "Digits::is_thai")]
    pub digits: Digits,
}

/// See [`Meta::digits`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    #[default]
    /// Thai digits (๑๒๓), as official documents print them: the default.
    Thai,
    /// Arabic digits (123).
    Arabic,
}

impl Digits {
    /// Whether numbers print in Thai digits.
    pub fn is_thai(&self) -> bool {
        *self == Digits::Thai
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
/// A มิติ of the legend: its number and its name.
pub struct Dimension {
    /// The มิติ's number, which rows name in `dimension`. `no:` is read too (with a
    /// warning): YAML 1.1 tools read the key `no` as the boolean `false`.
    #[serde(alias = "no", with = "crate::checks::money::serde_as::number")]
    pub number: u32,
    /// The มิติ's name, as the legend prints it.
    pub name: String,
}

/// One row of the plan table. Its ลำดับ is its position (starred rows numbered on after
/// the others), so inserting a row is one edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The ลำดับ, if the officer types it: optional, and a number that differs from the
    /// position is a warning (the position is printed). `no:` is read too, with a warning.
    #[serde(
        default,
        alias = "no",
        skip_serializing_if = "Option::is_none",
        with = "crate::checks::money::serde_as::number_option"
    )]
    pub number: Option<u32>,
    /// A short name a sheet may link by (`key: ethics-code`), which no edit of the name or
    /// move of the row changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Project name as printed in the table (รายการโครงการ).
    pub name: String,
    /// The มิติ the project belongs to (one of `plan.dimensions`).
    #[serde(with = "crate::checks::money::serde_as::number")]
    pub dimension: u32,
    /// Rows the reporting system marks with a star (`*1`): projects carried in from
    /// other plans, which have no detail sheet.
    #[serde(default, skip_serializing_if = "is_false")]
    pub starred: bool,
    /// Budget in baht, an exact decimal written as a string: `"45000.00"`.
    #[serde(with = "crate::checks::money::serde_as::budget")]
    pub budget: Decimal,
    /// The quarters (1–4) in which the project runs.
    #[serde(with = "crate::checks::money::serde_as::quarters")]
    pub quarters: Vec<u8>,
    /// Free remark (หมายเหตุ).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remark: String,
}

/// One project sheet. Its ลำดับที่ is its position among the sheets; its name and budget
/// come from the row it links to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The ลำดับที่, if typed: optional, a number that differs from the position is a
    /// warning. `no:` is read too, with a warning.
    #[serde(
        default,
        alias = "no",
        skip_serializing_if = "Option::is_none",
        with = "crate::checks::money::serde_as::number_option"
    )]
    pub number: Option<u32>,
    /// The row this sheet details, by the row's `key` or its name exactly as in the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The row this sheet details, by its printed ลำดับ (accepted; `project` survives
    /// rows being moved).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::checks::money::serde_as::number_option")]
    pub row: Option<u32>,
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
/// Read by hand rather than as an untagged enum, so that a key that is neither `items`
/// nor `bullets` (`bdy:`, `note:`) is an error at its line instead of a silent loss.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Block {
    /// A paragraph.
    Para(String),
    /// A numbered list (`๑)`, `๒)`, nested `๒.๑)`).
    Items {
        /// Its items.
        items: Vec<Item>,
    },
    /// A dash list (`- …`).
    Bullets {
        /// Its entries.
        bullets: Vec<String>,
    },
}

/// A numbered list item: its text, and optionally more blocks under it (further
/// paragraphs, nested numbered items numbered `๒.๑)`, dash lists). A map item has
/// `text:` and `body:` only.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Item {
    /// An item that is its text only.
    Text(String),
    /// An item with blocks under it.
    Full {
        /// The item's own text.
        text: String,
        /// The blocks under it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        body: Vec<Block>,
    },
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Block;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph (text), `items:` (a numbered list) or `bullets:` (a dash list)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Block, E> {
                Ok(Block::Para(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
                let mut block = None;
                while let Some(key) = map.next_key::<String>()? {
                    let next = match key.as_str() {
                        "items" => Block::Items { items: map.next_value()? },
                        "bullets" => Block::Bullets { bullets: map.next_value()? },
                        other => return Err(de::Error::unknown_field(other, &["items", "bullets"])),
                    };
                    if block.replace(next).is_some() {
                        return Err(de::Error::custom(
                            "a block is either `items:` or `bullets:`, not both: start another block with `- `",
                        ));
                    }
                }
                block.ok_or_else(|| de::Error::custom("an empty block: write `items:` or `bullets:`"))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list item: its text, or `text:` with a `body:` of more blocks")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
                Ok(Item::Text(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
                let (mut text, mut body) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value()?),
                        "body" if body.is_none() => body = Some(map.next_value()?),
                        "text" | "body" => return Err(de::Error::custom(format!("`{key}` is given twice"))),
                        other => return Err(de::Error::unknown_field(other, &["text", "body"])),
                    }
                }
                let text = text.ok_or_else(|| de::Error::missing_field("text"))?;
                Ok(Item::Full { text, body: body.unwrap_or_default() })
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Item {
    /// The item's own text.
    pub fn text(&self) -> &str {
        match self {
            Item::Text(t) | Item::Full { text: t, .. } => t,
        }
    }
    /// The blocks under the item (none for a text-only item).
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

/// Why a sheet has no row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlinked {
    /// Neither `project:` nor `row:` is given, or both are.
    Neither,
    /// Both `project:` and `row:` are given.
    Both,
    /// `row: N` and no row is printed as N.
    NoNumber(u32),
    /// `project:` names no row's key or name; the closest name, if any is close.
    NoProject {
        /// The closest row's name, if any is close.
        closest: Option<String>,
    },
    /// `project:` is the name of several rows (give them keys).
    Ambiguous,
}

/// What phaen derives from the positions: the table's order, every row's printed ลำดับ,
/// and the row of every sheet.
#[derive(Debug, Clone)]
pub struct Numbering {
    /// Indices into `rows` in the order the table prints them: unstarred rows in their
    /// order, then the starred ones, as the reporting system prints them.
    pub order: Vec<usize>,
    /// The printed ลำดับ of each row, by index into `rows`.
    pub number: Vec<u32>,
    /// The row (index into `rows`) of each sheet, by index into `sheets`.
    pub links: Vec<Result<usize, Unlinked>>,
}

impl Plan {
    /// Numbers the rows by position and links the sheets to their rows.
    pub fn numbering(&self) -> Numbering {
        let order: Vec<usize> = (0..self.rows.len())
            .filter(|&i| !self.rows[i].starred)
            .chain((0..self.rows.len()).filter(|&i| self.rows[i].starred))
            .collect();
        let mut number = vec![0; self.rows.len()];
        for (position, &i) in order.iter().enumerate() {
            number[i] = position as u32 + 1;
        }
        let links = self
            .sheets
            .iter()
            .map(|sheet| match (&sheet.project, sheet.row) {
                (None, None) => Err(Unlinked::Neither),
                (Some(_), Some(_)) => Err(Unlinked::Both),
                (None, Some(n)) => order.get((n as usize).wrapping_sub(1)).copied().ok_or(Unlinked::NoNumber(n)),
                (Some(project), None) => self.find_project(project),
            })
            .collect();
        Numbering { order, number, links }
    }

    /// The row printed as ลำดับ `n`.
    pub fn row(&self, n: u32) -> Option<&Row> {
        let order = self.numbering().order;
        order.get((n as usize).checked_sub(1)?).map(|&i| &self.rows[i])
    }

    /// The printed ลำดับ of the row that the sheet printed as ลำดับที่ `n` details.
    pub fn row_number_of_sheet(&self, n: u32) -> Option<u32> {
        let numbering = self.numbering();
        let row = *numbering.links.get((n as usize).checked_sub(1)?)?.as_ref().ok()?;
        Some(numbering.number[row])
    }

    /// The row a sheet's `project:` names: the row with that key, else the one row with
    /// that name exactly.
    fn find_project(&self, project: &str) -> Result<usize, Unlinked> {
        if let Some(i) = self.rows.iter().position(|r| r.key.as_deref() == Some(project)) {
            return Ok(i);
        }
        let mut named = self.rows.iter().enumerate().filter(|(_, r)| r.name == project).map(|(i, _)| i);
        match (named.next(), named.next()) {
            (Some(i), None) => Ok(i),
            (Some(_), Some(_)) => Err(Unlinked::Ambiguous),
            _ => {
                // A name typed a little differently (a changed word, a typo): the closest
                // row name, offered when it shares at least 80% of its characters.
                let closest = self
                    .rows
                    .iter()
                    .map(|r| (strsim::normalized_levenshtein(&r.name, project), &r.name))
                    .filter(|(score, _)| *score >= 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, name)| name.clone());
                Err(Unlinked::NoProject { closest })
            }
        }
    }
}
