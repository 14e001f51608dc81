//! Render stage: a validated [`Plan`] → Typst source, through the minijinja templates in
//! `templates/`.
//!
//! Text from the YAML is data, never markup. The templates are Typst *code* whose data
//! arrive only through `{{ … }}`, and the environment's formatter writes every value as a
//! Typst literal: a string becomes a string literal (`"…"`, with `\` and `"` escaped, control
//! characters as `\u{…}`), a number a number, a list an array, a map a dictionary. A string
//! literal is shown verbatim by Typst, so no value can open markup, call a function or
//! reach a file. Nothing in this module marks a value as safe.

use std::fmt::Write as _;
use std::path::Path;

use minijinja::value::ValueKind;
use minijinja::{Environment, Value};
use serde::Serialize;

use crate::model::{Block, Plan, Row, Sheet};
use crate::thai::{ThaiDate, money_sheet, money_table, thai_digits};

/// The static Typst preamble: page setup and the document's functions. Plain Typst with
/// no data in it, put in front of every rendered document.
pub const STYLE: &str = include_str!("../templates/style.typ");

/// The templates, embedded so that the binary is self-contained.
const TEMPLATES: &[(&str, &str)] = &[
    ("plan.typ.j2", include_str!("../templates/plan.typ.j2")),
    ("table.typ.j2", include_str!("../templates/table.typ.j2")),
    ("sheet.typ.j2", include_str!("../templates/sheet.typ.j2")),
];

/// A template set: the Typst preamble and the minijinja templates, either the ones built
/// into phaen or a folder of the same files (`phaen watch --templates templates/`).
pub struct Templates {
    style: String,
    env: Environment<'static>,
}

impl Templates {
    /// The templates built into the binary.
    pub fn embedded() -> Self {
        let mut env = environment();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("built-in template parses");
        }
        Self { style: STYLE.to_string(), env }
    }

    /// `style.typ` and the `.j2` templates of a folder, read now.
    pub fn from_dir(dir: &Path) -> Result<Self, String> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let mut env = environment();
        for (name, _) in TEMPLATES {
            env.add_template_owned(name.to_string(), read(name)?)
                .map_err(|e| format!("{}: {e:#}", dir.join(name).display()))?;
        }
        Ok(Self { style: read("style.typ")?, env })
    }

    /// The whole plan as one Typst source.
    pub fn render(&self, plan: &Plan) -> Result<String, minijinja::Error> {
        let doc = Value::from(minijinja::value::Serde(doc_view(plan)));
        let body = self.env.get_template("plan.typ.j2")?.render(minijinja::context! { doc })?;
        Ok(format!("{}\n{body}", self.style))
    }

    /// One sheet's Typst, without the preamble (for snapshots and tests).
    pub fn render_sheet(&self, sheet: &Sheet, row: &Row) -> Result<String, minijinja::Error> {
        let sheet = Value::from(minijinja::value::Serde(sheet_view(sheet, row)));
        self.env.get_template("sheet.typ.j2")?.render(minijinja::context! { sheet })
    }
}

/// Writes `value` as a Typst literal.
pub fn typst_literal(out: &mut String, value: &Value) -> Result<(), minijinja::Error> {
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("none"),
        ValueKind::Bool => out.push_str(if value.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if let Some(i) = value.as_i64() {
                write!(out, "{i}").ok();
            } else {
                // Typst floats print like Rust's; a non-finite float is no valid literal.
                let f = f64::try_from(value.clone()).unwrap_or(f64::NAN);
                if !f.is_finite() {
                    return Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, "non-finite number"));
                }
                write!(out, "{f:?}").ok();
            }
        }
        ValueKind::String => typst_string(out, value.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for v in value.try_iter()? {
                typst_literal(out, &v)?;
                out.push_str(", ");
            }
            out.push(')');
        }
        ValueKind::Map => {
            out.push('(');
            let mut any = false;
            for k in value.try_iter()? {
                any = true;
                typst_string(out, &k.to_string());
                out.push_str(": ");
                typst_literal(out, &value.get_item(&k)?)?;
                out.push_str(", ");
            }
            if !any {
                out.push(':');
            }
            out.push(')');
        }
        kind => {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("a {kind} cannot be written into Typst"),
            ));
        }
    }
    Ok(())
}

/// Writes `s` as a Typst string literal.
pub fn typst_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                write!(out, "\\u{{{:x}}}", c as u32).ok();
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A minijinja environment with phaen's syntax settings and its Typst-literal formatter.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build().expect("valid syntax"),
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_formatter(|out, _state, value| {
        let mut s = String::new();
        typst_literal(&mut s, value)?;
        out.write_str(&s).map_err(minijinja::Error::from)
    });
    env
}

// ---------------------------------------------------------------------------------------
// The view model: exactly what the templates print, every number already formatted.

#[derive(Serialize)]
pub struct DocView {
    /// PDF metadata: `แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗`
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// The as-of date in the Gregorian calendar (year, month, day): the PDF's creation
    /// date, so that the same data give the same bytes.
    pub date: [u32; 3],
    pub table_bookmark: String,
    pub summary_title: String,
    pub summary: Vec<SummaryView>,
    pub summary_count: String,
    pub cover: Option<CoverView>,
    pub announcement: Option<AnnouncementView>,
    /// `แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลเมืองสมุทรสงคราม`
    pub title_line: String,
    pub rows: Vec<RowView>,
    pub total_budget: String,
    pub total_ticks: Vec<String>,
    pub as_of: String,
    pub issuer: String,
    pub dimensions: Vec<(String, String)>,
    pub sheets: Vec<SheetView>,
}

#[derive(Serialize)]
pub struct CoverView {
    pub title: String,
    pub year: String,
    pub organization: String,
    /// The virtual path the emblem is served at, if there is one.
    pub emblem: Option<String>,
}

#[derive(Serialize)]
pub struct AnnouncementView {
    /// `ประกาศเทศบาลเมืองสมุทรสงคราม`
    pub heading: String,
    /// `เรื่อง ประกาศใช้แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗`
    pub subject: String,
    pub body: Vec<String>,
    /// `ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๖`
    pub date: String,
    /// `(นายสมชาย ใจดี)`
    pub name: String,
    pub position: String,
}

/// The virtual path of the cover's emblem: a fixed name and the file's (checked)
/// extension, never a path from the data.
pub fn emblem_vpath(file_name: &str) -> Option<String> {
    let ext = Path::new(file_name).extension()?.to_str()?.to_ascii_lowercase();
    matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "svg").then(|| format!("/emblem.{ext}"))
}

/// One line of the summary by มิติ.
#[derive(Serialize)]
pub struct SummaryView {
    /// `1` or `*1`
    pub dimension: String,
    pub name: String,
    pub count: String,
    pub budget: String,
}

#[derive(Serialize)]
pub struct RowView {
    pub no: String,
    pub name: String,
    pub dimension: String,
    pub budget: String,
    pub quarters: [bool; 4],
    pub remark: String,
}

#[derive(Serialize)]
pub struct SheetView {
    /// `ลำดับที่ ๑`
    pub heading: String,
    pub name: String,
    pub sections: Vec<SectionView>,
}

#[derive(Serialize)]
pub struct SectionView {
    /// `๒.`
    pub number: String,
    pub title: String,
    pub parts: Vec<PartView>,
}

/// A titled part of a section (ผลผลิต, ผลลัพธ์); the other sections have one untitled part.
#[derive(Serialize)]
pub struct PartView {
    pub title: Option<String>,
    pub lines: Vec<LineView>,
}

/// One paragraph of a section, flattened: a plain paragraph, a numbered item or a dash
/// item, with its label and nesting depth.
#[derive(Serialize, Debug, PartialEq)]
pub struct LineView {
    /// `para`, `item` or `bullet`
    pub kind: &'static str,
    /// `๒.๑)` for items, `-` for bullets, empty for paragraphs.
    pub label: String,
    /// 0 for the section's own level; +1 under each item.
    pub depth: usize,
    pub text: String,
}

const SECTION_TITLES: [&str; 9] = [
    "ชื่อโครงการ",
    "หลักการและเหตุผล",
    "วัตถุประสงค์",
    "กลุ่มเป้าหมาย",
    "วิธีดำเนินการ",
    "ระยะเวลาดำเนินการ",
    "งบประมาณที่ใช้ในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลผลิต/ผลลัพธ์",
];

/// Flattens blocks into lines, numbering items `๑)`, `๑.๑)`, … under `prefix`.
fn flatten(blocks: &[Block], prefix: &str, depth: usize, out: &mut Vec<LineView>) {
    for block in blocks {
        match block {
            Block::Para(t) => out.push(LineView { kind: "para", label: String::new(), depth, text: thai_digits(t) }),
            Block::Bullets { bullets } => out.extend(bullets.iter().map(|t| LineView {
                kind: "bullet",
                label: "-".into(),
                depth,
                text: thai_digits(t),
            })),
            Block::Items { items } => {
                for (i, item) in items.iter().enumerate() {
                    let number = format!("{prefix}{}", thai_digits(&(i + 1).to_string()));
                    out.push(LineView {
                        kind: "item",
                        label: format!("{number})"),
                        depth,
                        text: thai_digits(item.text()),
                    });
                    flatten(item.body(), &format!("{number}."), depth + 1, out);
                }
            }
        }
    }
}

fn lines(blocks: &[Block]) -> Vec<LineView> {
    let mut out = Vec::new();
    flatten(blocks, "", 0, &mut out);
    out
}

/// The view of one sheet. `row` is the table row the sheet links to.
pub fn sheet_view(sheet: &Sheet, row: &Row) -> SheetView {
    let untitled = |blocks: &[Block]| vec![PartView { title: None, lines: lines(blocks) }];
    let budget = if row.budget.is_zero() {
        "ดำเนินการโดยไม่ใช้งบประมาณ".to_string()
    } else {
        format!("งบประมาณ จำนวน {} บาท", money_sheet(row.budget))
    };
    let contents: [Vec<PartView>; 8] = [
        untitled(&sheet.rationale),
        untitled(&sheet.objectives),
        untitled(&sheet.targets),
        untitled(&sheet.method),
        untitled(&sheet.period),
        untitled(&[Block::Para(budget)]),
        untitled(&sheet.responsible),
        vec![
            PartView { title: Some("ผลผลิต".into()), lines: lines(&sheet.outputs) },
            PartView { title: Some("ผลลัพธ์".into()), lines: lines(&sheet.outcomes) },
        ],
    ];
    let sections = contents
        .into_iter()
        .enumerate()
        .map(|(i, parts)| SectionView {
            number: format!("{}.", thai_digits(&(i + 2).to_string())),
            title: SECTION_TITLES[i + 1].to_string(),
            parts,
        })
        .collect();
    SheetView {
        heading: format!("ลำดับที่ {}", thai_digits(&sheet.no.to_string())),
        name: thai_digits(&row.name),
        sections,
    }
}

/// The view of the whole document. The plan must have passed validation: every sheet's
/// row exists and `as_of` is a date.
pub fn doc_view(plan: &Plan) -> DocView {
    let meta = &plan.plan;
    let rows: Vec<RowView> = plan
        .rows
        .iter()
        .map(|r| RowView {
            no: r.no.to_string(),
            name: r.name.clone(),
            dimension: format!("{}{}", if r.starred { "*" } else { "" }, r.dimension),
            budget: money_table(r.budget),
            quarters: std::array::from_fn(|q| r.quarters.contains(&(q as u8 + 1))),
            remark: r.remark.clone(),
        })
        .collect();
    let total: rust_decimal::Decimal = plan.rows.iter().map(|r| r.budget).sum();
    let total_ticks = (0..4).map(|q| rows.iter().filter(|r| r.quarters[q]).count().to_string()).collect();
    let mut sheets: Vec<&Sheet> = plan.sheets.iter().collect();
    sheets.sort_by_key(|s| s.no);
    let date = ThaiDate::parse(&meta.as_of).ok();
    let year = thai_digits(&meta.fiscal_year.to_string());
    DocView {
        title: format!("{} ประจำปีงบประมาณ พ.ศ. {year}", meta.title),
        author: meta.organization.clone(),
        subject: format!(
            "{} ของ {} ประจำปีงบประมาณ พ.ศ. {year}: ตารางแผน {} รายการ และรายละเอียดโครงการ {} โครงการ",
            meta.title,
            meta.organization,
            thai_digits(&plan.rows.len().to_string()),
            thai_digits(&plan.sheets.len().to_string())
        ),
        keywords: vec![meta.title.clone(), meta.organization.clone(), format!("ปีงบประมาณ พ.ศ. {year}"), "ITA".into()],
        date: date.map_or([meta.fiscal_year.saturating_sub(543), 1, 1], |d| [d.year - 543, d.month, d.day]),
        table_bookmark: format!("ตารางแผนปฏิบัติการ ({} รายการ)", thai_digits(&plan.rows.len().to_string())),
        summary_title: format!("สรุปจำนวนโครงการและงบประมาณ จำแนกตามมิติ พ.ศ. {}", meta.fiscal_year),
        summary: summary(plan),
        summary_count: plan.rows.len().to_string(),
        cover: plan.cover.as_ref().map(|c| CoverView {
            title: meta.title.clone(),
            year: format!("ประจำปีงบประมาณ พ.ศ. {year}"),
            organization: meta.organization.clone(),
            emblem: c.emblem.as_deref().and_then(emblem_vpath),
        }),
        announcement: plan.announcement.as_ref().map(|a| AnnouncementView {
            heading: format!("ประกาศ{}", meta.organization),
            subject: format!("เรื่อง ประกาศใช้{} ประจำปีงบประมาณ พ.ศ. {year}", meta.title),
            body: a.body.iter().map(|p| thai_digits(p)).collect(),
            date: ThaiDate::parse(&a.date).map_or_else(
                |_| thai_digits(&a.date),
                |d| {
                    let long = d.long_thai();
                    // ๑ ตุลาคม ๒๕๖๖ → ๑ ตุลาคม พ.ศ. ๒๕๖๖
                    let (dm, y) = long.rsplit_once(' ').unwrap_or((&long, ""));
                    format!("ประกาศ ณ วันที่ {dm} พ.ศ. {y}")
                },
            ),
            name: format!("({})", a.name),
            position: a.position.clone(),
        }),
        title_line: format!("{} พ.ศ. {} ของ {}", meta.title, meta.fiscal_year, meta.organization),
        rows,
        total_budget: money_table(total),
        total_ticks,
        as_of: date.map_or_else(|| meta.as_of.clone(), |d| d.long_arabic()),
        issuer: meta.issuer.clone(),
        dimensions: meta.dimensions.iter().map(|d| (format!("มิติ {}", d.no), d.name.clone())).collect(),
        sheets: sheets.into_iter().filter_map(|s| plan.row(s.row).map(|row| sheet_view(s, row))).collect(),
    }
}

/// Projects and budget per มิติ, unstarred then starred rows of each มิติ, in legend order.
pub fn summary(plan: &Plan) -> Vec<SummaryView> {
    let mut out = Vec::new();
    for d in &plan.plan.dimensions {
        for starred in [false, true] {
            let rows: Vec<&Row> = plan.rows.iter().filter(|r| r.dimension == d.no && r.starred == starred).collect();
            if rows.is_empty() && starred {
                continue;
            }
            out.push(SummaryView {
                dimension: format!("{}{}", if starred { "*" } else { "" }, d.no),
                name: d.name.clone(),
                count: rows.len().to_string(),
                budget: money_table(rows.iter().map(|r| r.budget).sum()),
            });
        }
    }
    out
}

/// Renders the whole plan as one Typst source with the built-in templates.
pub fn render(plan: &Plan) -> Result<String, minijinja::Error> {
    Templates::embedded().render(plan)
}

/// Renders one sheet's Typst (without the preamble) with the built-in templates.
pub fn render_sheet(sheet: &Sheet, row: &Row) -> Result<String, minijinja::Error> {
    Templates::embedded().render_sheet(sheet, row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;

    fn lit(v: Value) -> String {
        let mut s = String::new();
        typst_literal(&mut s, &v).unwrap();
        s
    }

    #[test]
    fn strings_become_inert_literals() {
        assert_eq!(lit(Value::from("ท้องถิ่น")), "\"ท้องถิ่น\"");
        assert_eq!(lit(Value::from(r#"#read("/etc/passwd")"#)), r##""#read(\"/etc/passwd\")""##);
        assert_eq!(lit(Value::from("a\\b\n\"c\"")), r##""a\\b\n\"c\"""##);
        assert_eq!(lit(Value::from("\u{7}x")), "\"\\u{7}x\"");
        // Even a value marked safe is written as a literal: safety is not the data's to claim.
        assert_eq!(lit(Value::from_safe_string("*b*".into())), "\"*b*\"");
    }

    #[test]
    fn structures_become_arrays_and_dicts() {
        assert_eq!(lit(Value::from(vec![true, false])), "(true, false, )");
        assert_eq!(lit(Value::from(3)), "3");
        assert_eq!(lit(Value::from(())), "none");
        assert_eq!(lit(Value::from(minijinja::value::Serde(std::collections::BTreeMap::<String, i32>::new()))), "(:)");
    }

    #[test]
    fn items_are_numbered_in_thai_with_nesting() {
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
        let got: Vec<(String, usize, String)> =
            lines(&blocks).into_iter().map(|l| (l.label, l.depth, l.text)).collect();
        assert_eq!(
            got,
            vec![
                ("".into(), 0, "ย่อหน้า ๑".into()),
                ("๑)".into(), 0, "หนึ่ง".into()),
                ("๒)".into(), 0, "สอง".into()),
                ("๒.๑)".into(), 1, "ก".into()),
                ("๒.๒)".into(), 1, "ข".into()),
                ("-".into(), 0, "ขีด".into()),
            ]
        );
    }
}
