//! The template engine: minijinja templates that emit Typst, and the filters they format
//! values with ([`filters`]: Thai digits, money, Thai dates). It knows no document: a
//! document hands it a view (any `Serialize`, typed in `plan::view` and `report::view`)
//! and the name of the template that lays the view out.
//!
//! The templates own the document: its words (section titles, the budget sentence, the
//! bookmarks, the dates), its order and its look. Rust hands them the facts.
//!
//! Text from the YAML is data, never markup. The templates are Typst *code* whose data
//! arrive only through `{{ … }}`, and the environment's formatter writes every value as a
//! Typst literal ([`literal`]). Nothing in this module marks a value as safe.

mod filters;
mod literal;

use std::path::Path;

use minijinja::{Environment, Value};
use serde::Serialize;

use crate::assets::TEMPLATE_FILES;
use crate::error::Error;

pub(crate) use literal::typst_literal;

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
    pub fn load(dir: Option<&Path>) -> Result<Self, Error> {
        let mut env = environment();
        let mut style = String::new();
        for (name, builtin) in TEMPLATE_FILES {
            let path = dir.map(|d| d.join(name)).filter(|p| p.exists());
            let source = match &path {
                Some(p) => std::fs::read_to_string(p).map_err(|e| Error::Template(format!("{}: {e}", p.display())))?,
                None => builtin.to_string(),
            };
            let shown = || path.as_ref().map_or_else(|| name.to_string(), |p| p.display().to_string());
            if name == "style.typ" {
                style = source;
            } else {
                env.add_template_owned(name, source).map_err(|e| Error::Template(format!("{}: {e:#}", shown())))?;
            }
        }
        Ok(Self { style, env })
    }

    /// A whole document as one Typst source: the preamble, then template `name` with
    /// `view` as `doc`.
    pub fn render(&self, name: &str, view: &impl Serialize) -> Result<String, Error> {
        let body = self.render_as(name, "doc", view)?;
        Ok(format!("{}\n{body}", self.style))
    }

    /// Template `name` alone, without the preamble, with `view` as the variable `var` (a
    /// sheet's Typst for snapshots and tests).
    pub fn render_as(&self, name: &str, var: &str, view: &impl Serialize) -> Result<String, Error> {
        let value = Value::from(minijinja::value::Serde(view));
        let ctx = Value::from(std::collections::BTreeMap::from([(var, value)]));
        self.env.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| Error::Template(format!("{e:#}")))
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
