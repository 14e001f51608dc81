//! The view model: the facts of a plan as the templates read them. Everything derived
//! (totals, ticks per quarter, the summary by มิติ, item numbers, the sheets in order) is
//! computed here; every word and every format is the templates'.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::model::{Block, Meta, Plan, Row, Sheet};
use crate::thai::ThaiDate;

#[derive(Serialize)]
/// The whole plan as its templates read it.
pub struct DocView<'a> {
    /// The plan's settings.
    pub plan: &'a Meta,
    /// The as-of date in the Gregorian calendar (year, month, day): the PDF's creation
    /// date, so that the same data give the same bytes.
    pub date: [u32; 3],
    /// The table's rows, numbered.
    pub rows: Vec<RowView<'a>>,
    /// The sum of the rows' budgets.
    pub total_budget: Decimal,
    /// How many rows tick each quarter.
    pub total_ticks: [usize; 4],
    /// The summary by มิติ.
    pub summary: Vec<SummaryView<'a>>,
    /// The sheets, in the order of their rows.
    pub sheets: Vec<SheetView<'a>>,
    /// The cover page, when the plan has one.
    pub cover: Option<CoverView>,
    /// The announcement (ประกาศ), when the plan has one.
    pub announcement: Option<&'a crate::plan::model::Announcement>,
}

#[derive(Serialize)]
/// The cover page's facts.
pub struct CoverView {
    /// The virtual path the emblem is served at, if there is one.
    pub emblem: Option<String>,
}

/// One line of the summary by มิติ: the unstarred or the starred rows of one มิติ.
#[derive(Serialize)]
pub struct SummaryView<'a> {
    /// The มิติ's number.
    pub dimension: u32,
    /// Whether this line counts the starred rows.
    pub starred: bool,
    /// The มิติ's name.
    pub name: &'a str,
    /// How many projects.
    pub count: usize,
    /// Their budget.
    pub budget: Decimal,
}

#[derive(Serialize)]
/// One row of the plan table.
pub struct RowView<'a> {
    /// Its printed number (ลำดับ).
    pub no: u32,
    /// The project's name.
    pub name: &'a str,
    /// Its มิติ.
    pub dimension: u32,
    /// Whether it is a starred row (no sheet).
    pub starred: bool,
    /// Its budget.
    pub budget: Decimal,
    /// The ticked quarters, first to fourth.
    pub ticks: [bool; 4],
    /// Its remark (หมายเหตุ).
    pub remark: &'a str,
}

#[derive(Serialize)]
/// One project's detail sheet.
pub struct SheetView<'a> {
    /// Its number (ลำดับที่).
    pub no: u32,
    /// The project's name and budget, from the row.
    pub name: &'a str,
    /// The project's budget, from the row.
    pub budget: Decimal,
    /// ๒. หลักการและเหตุผล.
    pub rationale: Vec<LineView<'a>>,
    /// ๓. วัตถุประสงค์.
    pub objectives: Vec<LineView<'a>>,
    /// ๔. กลุ่มเป้าหมาย.
    pub targets: Vec<LineView<'a>>,
    /// ๕. วิธีดำเนินการ.
    pub method: Vec<LineView<'a>>,
    /// ๖. ระยะเวลาดำเนินการ.
    pub period: Vec<LineView<'a>>,
    /// ๘. ผู้รับผิดชอบ.
    pub responsible: Vec<LineView<'a>>,
    /// ๙. ผลผลิต/ผลลัพธ์: ผลผลิต.
    pub outputs: Vec<LineView<'a>>,
    /// ๙. ผลผลิต/ผลลัพธ์: ผลลัพธ์.
    pub outcomes: Vec<LineView<'a>>,
}

/// One paragraph of a section, flattened: a plain paragraph, a numbered item or a dash
/// item, with its number and nesting depth.
#[derive(Serialize, Debug, PartialEq)]
pub struct LineView<'a> {
    /// `para`, `item` or `bullet`
    pub kind: &'static str,
    /// An item's number with those of the items above it: `[2, 1]` for `๒.๑)`; empty for
    /// paragraphs and dash items.
    pub number: Vec<usize>,
    /// 0 for the section's own level; +1 under each item.
    pub depth: usize,
    /// Its text.
    pub text: &'a str,
}

/// Flattens blocks into lines, numbering items under `prefix`.
fn flatten<'a>(blocks: &'a [Block], prefix: &[usize], out: &mut Vec<LineView<'a>>) {
    let depth = prefix.len();
    for block in blocks {
        match block {
            Block::Para(text) => out.push(LineView { kind: "para", number: Vec::new(), depth, text }),
            Block::Bullets { bullets } => {
                out.extend(bullets.iter().map(|text| LineView { kind: "bullet", number: Vec::new(), depth, text }));
            }
            Block::Items { items } => {
                for (i, item) in items.iter().enumerate() {
                    let number: Vec<usize> = prefix.iter().copied().chain([i + 1]).collect();
                    out.push(LineView { kind: "item", number: number.clone(), depth, text: item.text() });
                    flatten(item.body(), &number, out);
                }
            }
        }
    }
}

pub(crate) fn lines(blocks: &[Block]) -> Vec<LineView<'_>> {
    let mut out = Vec::new();
    flatten(blocks, &[], &mut out);
    out
}

/// The view of sheet `no` (its ลำดับที่). `row` is the table row the sheet links to.
pub fn sheet_view<'a>(no: u32, sheet: &'a Sheet, row: &'a Row) -> SheetView<'a> {
    SheetView {
        no,
        name: &row.name,
        budget: row.budget,
        rationale: lines(&sheet.rationale),
        objectives: lines(&sheet.objectives),
        targets: lines(&sheet.targets),
        method: lines(&sheet.method),
        period: lines(&sheet.period),
        responsible: lines(&sheet.responsible),
        outputs: lines(&sheet.outputs),
        outcomes: lines(&sheet.outcomes),
    }
}

/// The view of the whole document: the rows in the table's order with their printed
/// numbers, the sheets in their order. The plan must have passed validation: every
/// sheet's row exists and `as_of` is a date.
pub fn doc_view(plan: &Plan) -> DocView<'_> {
    let meta = &plan.plan;
    let numbering = plan.numbering();
    let rows: Vec<RowView> = numbering
        .order
        .iter()
        .map(|&i| (&plan.rows[i], numbering.number[i]))
        .map(|(row, no)| RowView {
            no,
            name: &row.name,
            dimension: row.dimension,
            starred: row.starred,
            budget: row.budget,
            ticks: std::array::from_fn(|q| row.quarters.contains(&(q as u8 + 1))),
            remark: &row.remark,
        })
        .collect();
    let total_ticks = std::array::from_fn(|q| rows.iter().filter(|r| r.ticks[q]).count());
    let date = ThaiDate::parse(&meta.as_of).ok();
    DocView {
        plan: meta,
        date: date.map_or([meta.fiscal_year.saturating_sub(543), 1, 1], |d| [d.year - 543, d.month, d.day]),
        total_budget: plan.rows.iter().map(|r| r.budget).sum(),
        total_ticks,
        rows,
        summary: summary(plan),
        sheets: plan
            .sheets
            .iter()
            .zip(&numbering.links)
            .enumerate()
            .filter_map(|(i, (sheet, link))| Some(sheet_view(i as u32 + 1, sheet, &plan.rows[*link.as_ref().ok()?])))
            .collect(),
        cover: plan
            .cover
            .as_ref()
            .map(|c| CoverView { emblem: c.emblem.as_deref().and_then(crate::assets::emblem_vpath) }),
        announcement: plan.announcement.as_ref(),
    }
}

/// Projects and budget per มิติ, unstarred then starred rows of each มิติ, in legend order.
fn summary(plan: &Plan) -> Vec<SummaryView<'_>> {
    let mut out = Vec::new();
    for d in &plan.plan.dimensions {
        for starred in [false, true] {
            let rows: Vec<&Row> =
                plan.rows.iter().filter(|r| r.dimension == d.number && r.starred == starred).collect();
            if rows.is_empty() && starred {
                continue;
            }
            out.push(SummaryView {
                dimension: d.number,
                starred,
                name: &d.name,
                count: rows.len(),
                budget: rows.iter().map(|r| r.budget).sum(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::Item;

    #[test]
    fn items_are_numbered_with_nesting() {
        let blocks = vec![
            Block::Para("ย่อหน้า 1".into()),
            Block::Items {
                items: vec![
                    Item::Text("หนึ่ง".into()),
                    Item::Full {
                        text: "สอง".into(),
                        body: vec![Block::Items { items: vec![Item::Text("ก".into()), Item::Text("ข".into())] }],
                    },
                ],
            },
            Block::Bullets { bullets: vec!["ขีด".into()] },
        ];
        let got: Vec<(&str, Vec<usize>, usize, &str)> =
            lines(&blocks).into_iter().map(|l| (l.kind, l.number, l.depth, l.text)).collect();
        assert_eq!(
            got,
            vec![
                ("para", vec![], 0, "ย่อหน้า 1"),
                ("item", vec![1], 0, "หนึ่ง"),
                ("item", vec![2], 0, "สอง"),
                ("item", vec![2, 1], 1, "ก"),
                ("item", vec![2, 2], 1, "ข"),
                ("bullet", vec![], 0, "ขีด"),
            ]
        );
    }
}
