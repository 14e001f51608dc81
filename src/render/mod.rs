//! Render stage: a validated [`Plan`] → Typst source, through the minijinja templates in
//! `templates/`.
//!
//! The templates own the document: its words (section titles, the budget sentence, the
//! bookmarks, the dates), its order and its look. Rust hands them the facts of the plan
//! ([`view`]) and registers the filters that format them ([`filters`]: Thai digits, money,
//! Thai dates).
//!
//! Text from the YAML is data, never markup. The templates are Typst *code* whose data
//! arrive only through `{{ … }}`, and the environment's formatter writes every value as a
//! Typst literal ([`literal`]). Nothing in this module marks a value as safe.

mod filters;
mod literal;
mod view;

use std::path::Path;

use minijinja::{Environment, Value};

use crate::model::{Plan, Row, Sheet};

pub(crate) use literal::typst_literal;
pub(crate) use view::{doc_view, sheet_view};
pub(crate) use view::{emblem_vpath, lines};

/// The template files, in the order a folder given with `--templates` is read: the static
/// Typst preamble (page setup and the document's functions, no data in it) first, then the
/// minijinja templates. All are embedded, so that the binary is self-contained.
pub(crate) const TEMPLATE_FILES: [(&str, &str); 5] = [
    ("style.typ", include_str!("../../templates/style.typ")),
    ("plan.typ.j2", include_str!("../../templates/plan.typ.j2")),
    ("table.typ.j2", include_str!("../../templates/table.typ.j2")),
    ("sheet.typ.j2", include_str!("../../templates/sheet.typ.j2")),
    ("report.typ.j2", include_str!("../../templates/report.typ.j2")),
];

/// A template set: the Typst preamble and the minijinja templates, the ones built into
/// phaen, or a folder's files in their place (`--templates DIR`), file by file.
pub struct Templates {
    style: String,
    env: Environment<'static>,
}

impl Templates {
    /// The templates built into the binary.
    pub fn embedded() -> Self {
        Self::load(None).expect("the built-in templates parse")
    }

    /// The templates of `dir`, read now; a file the folder does not have is the built-in
    /// one, so a folder may hold only the template it changes.
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        let mut env = environment();
        let mut style = String::new();
        for (name, builtin) in TEMPLATE_FILES {
            let path = dir.map(|d| d.join(name)).filter(|p| p.exists());
            let source = match &path {
                Some(p) => std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?,
                None => builtin.to_string(),
            };
            let shown = || path.as_ref().map_or_else(|| name.to_string(), |p| p.display().to_string());
            if name == "style.typ" {
                style = source;
            } else {
                env.add_template_owned(name, source).map_err(|e| format!("{}: {e:#}", shown()))?;
            }
        }
        Ok(Self { style, env })
    }

    /// The whole plan as one Typst source.
    pub fn render(&self, plan: &Plan) -> Result<String, minijinja::Error> {
        let doc = Value::from(minijinja::value::Serde(doc_view(plan)));
        let body = self.env.get_template("plan.typ.j2")?.render(minijinja::context! { doc })?;
        Ok(format!("{}\n{body}", self.style))
    }

    /// A progress report as one Typst source.
    pub fn render_report(&self, report: &crate::report::LoadedReport) -> Result<String, minijinja::Error> {
        let doc = Value::from(minijinja::value::Serde(crate::report::report_view(report)));
        let body = self.env.get_template("report.typ.j2")?.render(minijinja::context! { doc })?;
        Ok(format!("{}\n{body}", self.style))
    }

    /// Sheet `no`'s Typst, without the preamble (for snapshots and tests).
    pub fn render_sheet(&self, no: u32, sheet: &Sheet, row: &Row) -> Result<String, minijinja::Error> {
        let sheet = Value::from(minijinja::value::Serde(sheet_view(no, sheet, row)));
        self.env.get_template("sheet.typ.j2")?.render(minijinja::context! { sheet })
    }
}

/// A minijinja environment with phaen's syntax settings, its filters and its
/// Typst-literal formatter.
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
    filters::register(&mut env);
    env
}

/// Renders the whole plan as one Typst source with the built-in templates.
pub fn render(plan: &Plan) -> Result<String, minijinja::Error> {
    Templates::embedded().render(plan)
}

/// Renders sheet `no`'s Typst (without the preamble) with the built-in templates.
pub fn render_sheet(no: u32, sheet: &Sheet, row: &Row) -> Result<String, minijinja::Error> {
    Templates::embedded().render_sheet(no, sheet, row)
}
