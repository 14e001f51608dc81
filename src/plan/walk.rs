//! The one walk over the texts of a sheet's blocks (paragraphs, dash lists, numbered
//! items nested in items), each with its field path as [`crate::yaml::Spans`] names it:
//! what the checks, the size limits and `next-year` go through.

use crate::plan::model::{Block, Item, Plan};

/// What holds a text in a list of blocks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// A paragraph.
    Para,
    /// An entry of a dash list.
    Bullet,
    /// A numbered item's text.
    Item,
}

/// A text met in a list of blocks.
pub(crate) struct BlockText<'a> {
    /// Its field path: `method[0]`, `method[1].bullets[2]`, `method[2].items[0]`, or
    /// `method[2].items[1].text` for an item that has a body.
    pub(crate) path: String,
    /// What holds it.
    pub(crate) kind: Kind,
    pub(crate) text: &'a str,
}

impl BlockText<'_> {
    /// The path of the entry that holds the text: an item's path for its text.
    pub(crate) fn entry(&self) -> &str {
        self.path.strip_suffix(".text").filter(|_| self.kind == Kind::Item).unwrap_or(&self.path)
    }
}

/// Calls `f` with every text of `blocks` (at `path`), in document order, an item's text
/// before its body.
pub(crate) fn block_texts<'a>(blocks: &'a [Block], path: &str, f: &mut dyn FnMut(BlockText<'a>)) {
    for (i, block) in blocks.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match block {
            Block::Para(text) => f(BlockText { path: p, kind: Kind::Para, text }),
            Block::Bullets { bullets } => {
                for (j, text) in bullets.iter().enumerate() {
                    f(BlockText { path: format!("{p}.bullets[{j}]"), kind: Kind::Bullet, text });
                }
            }
            Block::Items { items } => {
                for (j, item) in items.iter().enumerate() {
                    let (ip, body) = (format!("{p}.items[{j}]"), item.body());
                    let path = if matches!(item, Item::Text(_)) { ip.clone() } else { format!("{ip}.text") };
                    f(BlockText { path, kind: Kind::Item, text: item.text() });
                    block_texts(body, &format!("{ip}.body"), f);
                }
            }
        }
    }
}

/// One text field of a plan.
pub(crate) struct Text<'a> {
    /// Its field path, e.g. `sheets[3].method[0].items[2].body[0].items[1]`, as
    /// [`crate::yaml::Spans`] names it.
    pub(crate) path: String,
    pub(crate) text: &'a str,
    /// The index of the sheet it belongs to, if any.
    pub(crate) sheet: Option<usize>,
}

/// Every text field of a plan: metadata, มิติ names, row names and remarks, and every
/// paragraph, item and bullet of every sheet.
pub(crate) fn texts(plan: &Plan) -> Vec<Text<'_>> {
    let mut out = Vec::new();
    let meta = &plan.plan;
    for (name, text) in
        [("title", &meta.title), ("organization", &meta.organization), ("as_of", &meta.as_of), ("issuer", &meta.issuer)]
    {
        out.push(Text { path: format!("plan.{name}"), text, sheet: None });
    }
    for (i, d) in meta.dimensions.iter().enumerate() {
        out.push(Text { path: format!("plan.dimensions[{i}].name"), text: &d.name, sheet: None });
    }
    for (i, r) in plan.rows.iter().enumerate() {
        out.push(Text { path: format!("rows[{i}].name"), text: &r.name, sheet: None });
        if !r.remark.is_empty() {
            out.push(Text { path: format!("rows[{i}].remark"), text: &r.remark, sheet: None });
        }
    }
    for (i, s) in plan.sheets.iter().enumerate() {
        for (name, blocks) in s.sections() {
            block_texts(blocks, &format!("sheets[{i}].{name}"), &mut |t| {
                out.push(Text { path: t.path, text: t.text, sheet: Some(i) });
            });
        }
    }
    if let Some(a) = &plan.announcement {
        for (i, p) in a.body.iter().enumerate() {
            out.push(Text { path: format!("announcement.body[{i}]"), text: p, sheet: None });
        }
        out.push(Text { path: "announcement.name".into(), text: &a.name, sheet: None });
        out.push(Text { path: "announcement.position".into(), text: &a.position, sheet: None });
    }
    out
}
