//! Word `.docx` files, turned into the plan's text as `import_text` reads it.
//!
//! A `.docx` is a zip of XML parts; the text is in `word/document.xml`, the list
//! definitions in `word/numbering.xml`, the paragraph styles (which may number their
//! paragraphs) in `word/styles.xml`. The text written is the shape of the extracted
//! text the importer was made for (see `data/source/README.md`):
//!
//! * a paragraph is a line; a line break (`w:br`) inside it a line break, a tab a TAB;
//! * a table row is a line of TAB-separated cells, as the plan table is extracted: a cell
//!   spanning columns (`w:gridSpan`) is followed by empty cells and a cell continuing a
//!   vertical merge is empty, so the columns stay in place; inside a cell, paragraphs,
//!   line breaks and tabs become spaces, since a TAB or a newline would end the cell;
//! * a numbered paragraph gets the number Word prints (see [`numbering`]), `๑)` or
//!   `๑.๑)`, and a bulleted one `-`: the importer builds items, children and bullets
//!   from them;
//! * ticks, whether typed (☑ ✓ ✔), a Wingdings symbol or a checked check box content
//!   control, become `✓`.
//!
//! Deleted text (tracked changes), hidden text, field codes, drawings and text boxes are
//! left out; headers, footers, footnotes and comments are not read.
//!
//! Bounded: at most [`MAX_XML_BYTES`] of XML are inflated in all, at most [`MAX_NODES`]
//! XML nodes per part, nested at most [`MAX_DEPTH`] deep; a DTD is refused (no entity
//! expansion). Anything else wrong is an error message, never a panic.

mod numbering;
mod zip;

use std::collections::HashMap;

use roxmltree::{Document, Node, ParsingOptions};

use numbering::Numbering;
use zip::Archive;

/// WordprocessingML's namespace (transitional, what Word writes by default).
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MARKUP_COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const W14: &str = "http://schemas.microsoft.com/office/word/2010/wordml";

/// The XML inflated from one `.docx`, all parts together: a plan's `document.xml` is a
/// few MB.
pub(crate) const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;
/// XML nodes in one part: a 100-page plan has a few hundred thousand.
const MAX_NODES: u32 = 4_000_000;
/// Element nesting: Word's deepest (tables in tables, fields in hyperlinks) is a few
/// dozen; the reader recurses, so the depth is checked before.
const MAX_DEPTH: usize = 256;

const DOCUMENT: &str = "word/document.xml";

/// The text of a `.docx` in the shape `import_text` reads, or why it cannot be read
/// (in Thai and English).
pub(crate) fn text(bytes: &[u8]) -> Result<String, String> {
    let unreadable = |why: String| format!("อ่านไฟล์ .docx ไม่ได้ / cannot read the .docx file: {why}");
    let archive = Archive::new(bytes).map_err(unreadable)?;
    if !archive.contains(DOCUMENT) {
        return Err(format!(
            "ไฟล์ zip นี้ไม่ใช่ไฟล์ Word .docx (ไม่มี {DOCUMENT}) / this zip file is not a Word .docx: it has no {DOCUMENT}"
        ));
    }
    let mut budget = MAX_XML_BYTES;
    let document = part(&archive, DOCUMENT, &mut budget).map_err(unreadable)?.unwrap_or_default();
    let numbering = part(&archive, "word/numbering.xml", &mut budget).map_err(unreadable)?;
    let styles = part(&archive, "word/styles.xml", &mut budget).map_err(unreadable)?;

    let document = parse(DOCUMENT, &document).map_err(unreadable)?;
    let body = child(document.root_element(), "body").ok_or_else(|| {
        unreadable(format!("{DOCUMENT} has no w:body (Strict Open XML is not read: save as a Word Document)"))
    })?;
    let thai_digits = survey(&document).map_err(unreadable)?;
    let numbering = match numbering {
        Some(xml) => Numbering::parse(&parse("word/numbering.xml", &xml).map_err(unreadable)?, thai_digits),
        None => Numbering::default(),
    };
    let styles = match styles {
        Some(xml) => style_numbers(&parse("word/styles.xml", &xml).map_err(unreadable)?),
        None => HashMap::new(),
    };
    let mut writer = Writer { numbering, styles, lines: Vec::new() };
    writer.blocks(body);
    let mut out = writer.lines.join("\n");
    out.push('\n');
    Ok(out)
}

/// The text of one part, charged to the budget of XML left.
fn part(archive: &Archive, name: &str, budget: &mut u64) -> Result<Option<String>, String> {
    let Some(bytes) = archive.read(name, *budget)? else {
        return Ok(None);
    };
    *budget -= bytes.len() as u64;
    let text = String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8"))?;
    Ok(Some(text.trim_start_matches('\u{FEFF}').to_string()))
}

fn parse<'x>(name: &str, xml: &'x str) -> Result<Document<'x>, String> {
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES, entity_resolver: None };
    Document::parse_with_options(xml, options).map_err(|e| format!("{name} is not well-formed XML ({e})"))
}

/// Checks the nesting depth (the reader below recurses) and tells whether the text
/// outside tables is written in Thai digits: then lists numbered `decimal` are printed
/// in Thai digits too, as the document's own numbers are.
fn survey(document: &Document) -> Result<bool, String> {
    // In document order a parent comes before its children: its depth and whether it
    // is in a table are known when they are reached.
    let mut depth = vec![0usize; document.descendants().count()];
    let mut in_table = vec![false; depth.len()];
    let (mut thai, mut arabic) = (0usize, 0usize);
    for node in document.root().descendants().skip(1) {
        let Some(parent) = node.parent() else { continue };
        let (i, p) = (node.id().get_usize(), parent.id().get_usize());
        depth[i] = depth[p] + 1;
        if depth[i] > MAX_DEPTH {
            return Err(format!("{DOCUMENT} nests elements more than {MAX_DEPTH} deep"));
        }
        in_table[i] = in_table[p] || is(parent, "tbl");
        if node.is_text() && !in_table[i] && is(parent, "t") {
            let text = node.text().unwrap_or_default();
            thai += text.chars().filter(|c| ('๐'..='๙').contains(c)).count();
            arabic += text.chars().filter(char::is_ascii_digit).count();
        }
    }
    Ok(thai > arabic)
}

/// A WordprocessingML element of that local name.
fn is(node: Node, name: &str) -> bool {
    node.has_tag_name((W, name))
}

/// The first child element `w:name`.
fn child<'a, 'x>(node: Node<'a, 'x>, name: &str) -> Option<Node<'a, 'x>> {
    node.children().find(|n| is(*n, name))
}

/// The attribute `w:name`.
fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// Whether a toggle property (`<w:vanish/>`, `<w:vanish w:val="false"/>`) is on.
fn toggled(props: Option<Node>, name: &str) -> bool {
    props.and_then(|p| child(p, name)).is_some_and(|n| !matches!(attr(n, "val"), Some("0" | "false" | "off")))
}

/// The list (`numId`, `ilvl`) each paragraph style numbers its paragraphs with (Word's
/// "List Number" and "List Bullet" styles do), following `w:basedOn`.
fn style_numbers(styles: &Document) -> HashMap<String, (Option<String>, Option<usize>)> {
    struct Style<'a> {
        based_on: Option<&'a str>,
        num: Option<&'a str>,
        ilvl: Option<usize>,
    }
    let mut own: HashMap<&str, Style> = HashMap::new();
    for s in styles.root_element().children().filter(|n| is(*n, "style") && attr(*n, "type") == Some("paragraph")) {
        let Some(id) = attr(s, "styleId") else { continue };
        let num_pr = child(s, "pPr").and_then(|p| child(p, "numPr"));
        let val = |name: &str| num_pr.and_then(|n| child(n, name)).and_then(|n| attr(n, "val"));
        own.insert(
            id,
            Style {
                based_on: child(s, "basedOn").and_then(|b| attr(b, "val")),
                num: val("numId"),
                ilvl: val("ilvl").and_then(|i| i.parse().ok()),
            },
        );
    }
    let mut resolved = HashMap::new();
    for &id in own.keys() {
        let (mut num, mut ilvl) = (None, None);
        let mut at = Some(id);
        // A cycle of basedOn is broken by the bound.
        for _ in 0..16 {
            let Some(style) = at.and_then(|a| own.get(a)) else { break };
            num = num.or(style.num);
            ilvl = ilvl.or(style.ilvl);
            at = style.based_on;
        }
        if num.is_some() || ilvl.is_some() {
            resolved.insert(id.to_string(), (num.map(str::to_string), ilvl));
        }
    }
    resolved
}

/// The normalised tick for the characters Word documents use as one.
const TICK: char = '✓';

/// ☑ ✓ ✔, and Wingdings' ticks and ticked boxes typed in the symbol font.
fn tick_of(c: char) -> char {
    if super::super::printed::is_tick(c) { TICK } else { c }
}

/// A `w:sym` that is a tick: Wingdings FC (✓) and FE (☑), Wingdings 2 50 (✓) and 52 (☑).
fn sym_is_tick(font: Option<&str>, code: &str) -> bool {
    let Ok(mut code) = u32::from_str_radix(code, 16) else {
        return false;
    };
    // Word writes symbol-font characters either as F0xx or as xx.
    if code < 0x100 {
        code += 0xF000;
    }
    match font.map(str::trim) {
        Some(f) if f.eq_ignore_ascii_case("Wingdings 2") => matches!(code, 0xF050 | 0xF052),
        Some(f) if f.eq_ignore_ascii_case("Wingdings") => matches!(code, 0xF0FC | 0xF0FE),
        Some(_) => false,
        None => matches!(code, 0xF0FC | 0xF0FE | 0xF050),
    }
}

/// Whether a content control is a check box that is checked.
fn checked_box(sdt: Node) -> Option<bool> {
    let checkbox = child(sdt, "sdtPr")?.children().find(|n| n.has_tag_name((W14, "checkbox")))?;
    let checked = checkbox.children().find(|n| n.has_tag_name((W14, "checked")))?;
    Some(matches!(checked.attribute((W14, "val")), Some("1" | "true")))
}

/// Writes the lines of the body, numbering lists as it goes.
struct Writer {
    numbering: Numbering,
    styles: HashMap<String, (Option<String>, Option<usize>)>,
    lines: Vec<String>,
}

/// Where text is: in a cell, TABs and line breaks would end the cell.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Body,
    Cell,
}

impl Writer {
    /// Paragraphs and tables, in order, from the body or a block container.
    fn blocks(&mut self, parent: Node) {
        for node in parent.children().filter(Node::is_element) {
            if is(node, "p") {
                let line = self.paragraph(node, Place::Body);
                self.lines.push(line);
            } else if is(node, "tbl") {
                let rows = self.table(node);
                self.lines.extend(rows);
            } else if is(node, "sdt") {
                if checked_box(node) == Some(true) {
                    self.lines.push(TICK.to_string());
                } else if let Some(content) = child(node, "sdtContent") {
                    self.blocks(content);
                }
            } else if is(node, "customXml") || is(node, "ins") || is(node, "moveTo") {
                self.blocks(node);
            }
        }
    }

    /// One paragraph: its list number, if any, and its text.
    fn paragraph(&mut self, p: Node, place: Place) -> String {
        let mut text = String::new();
        inline(p, place, &mut text);
        match self.list_number(p) {
            Some(number) if text.trim().is_empty() => number,
            Some(number) => format!("{number} {}", text.trim_start()),
            None => text,
        }
    }

    /// The number Word prints before a paragraph: its own `w:numPr`, else its style's.
    fn list_number(&mut self, p: Node) -> Option<String> {
        let props = child(p, "pPr");
        let style = props.and_then(|pr| child(pr, "pStyle")).and_then(|s| attr(s, "val"));
        let (mut num, mut ilvl) = style.and_then(|s| self.styles.get(s)).cloned().unwrap_or_default();
        if let Some(num_pr) = props.and_then(|pr| child(pr, "numPr")) {
            let val = |name: &str| child(num_pr, name).and_then(|n| attr(n, "val"));
            num = val("numId").map(str::to_string).or(num);
            ilvl = val("ilvl").and_then(|i| i.parse().ok()).or(ilvl);
        }
        // numId 0 takes a style's numbering away.
        let num = num.filter(|n| n != "0")?;
        self.numbering.next(&num, ilvl.unwrap_or(0))
    }

    /// The rows of a table, each a line of TAB-separated cells.
    fn table(&mut self, tbl: Node) -> Vec<String> {
        let mut rows = Vec::new();
        for tr in content(tbl, "tr") {
            let props = child(tr, "trPr");
            let grid = |name: &str| {
                props.and_then(|p| child(p, name)).and_then(|g| attr(g, "val")).and_then(|v| v.parse::<usize>().ok())
            };
            let mut cells: Vec<String> = vec![String::new(); grid("gridBefore").unwrap_or(0).min(MAX_SPAN)];
            for tc in content(tr, "tc") {
                let props = child(tc, "tcPr");
                let span = props
                    .and_then(|p| child(p, "gridSpan"))
                    .and_then(|g| attr(g, "val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_SPAN);
                let merged = props
                    .and_then(|p| child(p, "vMerge"))
                    .is_some_and(|m| attr(m, "val").is_none_or(|v| v != "restart"));
                cells.push(if merged { String::new() } else { self.cell(tc) });
                cells.extend(std::iter::repeat_n(String::new(), span - 1));
            }
            rows.push(cells.join("\t"));
        }
        rows
    }

    /// A cell's paragraphs (and nested tables) on one line, joined by spaces.
    fn cell(&mut self, tc: Node) -> String {
        let mut parts = Vec::new();
        self.cell_blocks(tc, &mut parts);
        parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
    }

    fn cell_blocks(&mut self, parent: Node, parts: &mut Vec<String>) {
        for node in parent.children().filter(Node::is_element) {
            if is(node, "p") {
                parts.push(self.paragraph(node, Place::Cell));
            } else if is(node, "tbl") {
                parts.extend(self.table(node).iter().map(|row| row.replace('\t', " ")));
            } else if is(node, "sdt") {
                // A check box around a paragraph: its box (☒) is no tick the importer knows.
                if checked_box(node) == Some(true) {
                    parts.push(TICK.to_string());
                } else if let Some(content) = child(node, "sdtContent") {
                    self.cell_blocks(content, parts);
                }
            } else if is(node, "customXml") {
                self.cell_blocks(node, parts);
            }
        }
    }
}

/// A span of more columns than this is damage, not a table.
const MAX_SPAN: usize = 64;

/// The `w:name` children of a table or row, also inside content controls and custom XML
/// (which can wrap rows and cells).
fn content<'a, 'x>(parent: Node<'a, 'x>, name: &'static str) -> Vec<Node<'a, 'x>> {
    let mut out = Vec::new();
    for node in parent.children().filter(Node::is_element) {
        if is(node, name) {
            out.push(node);
        } else if is(node, "sdt") {
            if let Some(c) = child(node, "sdtContent") {
                out.extend(content(c, name));
            }
        } else if is(node, "customXml") {
            out.extend(content(node, name));
        }
    }
    out
}

/// The text of a paragraph's runs, appended to `out`.
fn inline(node: Node, place: Place, out: &mut String) {
    let breaks = |out: &mut String, c: char| out.push(if place == Place::Cell { ' ' } else { c });
    for n in node.children().filter(Node::is_element) {
        if n.tag_name().namespace() == Some(MARKUP_COMPATIBILITY) {
            // `mc:AlternateContent`: the fallback is what a reader without the newer
            // features shows, and only one of the choices may be read.
            if n.tag_name().name() == "AlternateContent"
                && let Some(fallback) = n.children().find(|c| c.tag_name().name() == "Fallback")
            {
                inline(fallback, place, out);
            }
            continue;
        }
        if n.tag_name().namespace() != Some(W) {
            continue;
        }
        match n.tag_name().name() {
            "t" => {
                let text = n.text().unwrap_or_default().chars().map(tick_of);
                match place {
                    Place::Cell => out.extend(text.map(|c| if c == '\t' || c == '\n' { ' ' } else { c })),
                    Place::Body => out.extend(text),
                }
            }
            "tab" | "ptab" => breaks(out, '\t'),
            "br" | "cr" => breaks(out, '\n'),
            "noBreakHyphen" => out.push('-'),
            "sym" => {
                if attr(n, "char").is_some_and(|c| sym_is_tick(attr(n, "font"), c)) {
                    out.push(TICK);
                }
            }
            "r" if toggled(child(n, "rPr"), "vanish") => {}
            "sdt" => match checked_box(n) {
                Some(true) => out.push(TICK),
                _ => {
                    if let Some(content) = child(n, "sdtContent") {
                        inline(content, place, out);
                    }
                }
            },
            // Properties, deleted text, field codes, drawings and objects, references.
            "pPr" | "rPr" | "del" | "moveFrom" | "delText" | "instrText" | "drawing" | "pict" | "object"
            | "footnoteReference" | "endnoteReference" | "commentReference" | "softHyphen" | "sdtPr" | "sdtEndPr" => {}
            // Runs, hyperlinks, insertions, simple fields, smart tags, …
            _ => inline(n, place, out),
        }
    }
}
