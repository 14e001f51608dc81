//! Editing a YAML text in place: a value set, an entry added, removed or moved, at the
//! spans of the nodes it touches, so that everything else (comments, key order, quoting,
//! blank lines) stays byte for byte. The browser editor (`phaen edit`) saves through it.
//!
//! Nodes are found with the parser the dataset is read with (granit-parser, through
//! serde-saphyr), and new values are written by serde-saphyr's serializer, which quotes a
//! text wherever YAML would read it otherwise (` #`, `: `, a leading `-`, `yes`, …).

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StructureStyle};

/// What kind of node a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A scalar (a text, a number, …).
    Scalar,
    /// A sequence written as a list of `- ` lines.
    BlockSeq,
    /// A mapping written as `key: value` lines.
    BlockMap,
    /// A sequence or mapping written in brackets (`[1, 2]`).
    Flow,
}

/// Where a node is in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Node {
    /// Its kind.
    pub kind: Kind,
    /// The byte where it starts.
    pub start: usize,
    /// The byte after its last character.
    pub end: usize,
    /// The column (0-based) where it starts: a block collection's entries are indented so.
    pub column: usize,
    /// How many entries a collection has.
    pub len: usize,
}

/// Every node of a YAML text by its path (`rows[3].name`, `""` for the root), with the
/// byte where each mapping entry's key starts (`rows[3].name` → the `n` of `name:`).
#[derive(Debug, Default)]
pub struct Tree {
    nodes: HashMap<String, Node>,
    keys: HashMap<String, usize>,
}

/// Why an edit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The text does not parse as YAML.
    #[error("ข้อมูล YAML อ่านไม่ได้ / the YAML does not parse")]
    Unparsable,
    /// No node at this path, nor a mapping to add it to.
    #[error("ไม่พบ {0} ในข้อมูล / {0} is not in the dataset")]
    NoPath(String),
    /// The edit needs a `- ` list or a `key: value` mapping and the text has brackets.
    #[error("{0} เขียนในวงเล็บ แก้ทั้งรายการแทน / {0} is written in brackets: set it whole")]
    NotBlock(String),
    /// An index past the end of a list.
    #[error("{0} ไม่มีลำดับนี้ / {0} has no such position")]
    NoIndex(String),
}

impl Tree {
    /// Indexes every node of `text`; `None` when it does not parse.
    pub fn index(text: &str) -> Option<Tree> {
        let at = |m| super::byte_at(text, m);
        enum Frame {
            Map { key: Option<(String, usize)>, path: String, count: usize },
            Seq { next: usize, path: String },
        }
        let mut tree = Tree::default();
        let mut stack: Vec<Frame> = Vec::new();
        // The path of the node the next event starts, and the key's start in a mapping.
        fn child(stack: &mut [Frame]) -> Option<(String, Option<usize>)> {
            match stack.last_mut() {
                None => Some((String::new(), None)),
                Some(Frame::Map { key, path, count }) => {
                    let (k, at) = key.take()?;
                    *count += 1;
                    Some((if path.is_empty() { k } else { format!("{path}.{k}") }, Some(at)))
                }
                Some(Frame::Seq { next, path }) => {
                    *next += 1;
                    Some((format!("{path}[{}]", *next - 1), None))
                }
            }
        }
        // Extends the ends of the collections being read to `end`.
        fn reach(tree: &mut Tree, stack: &[Frame], end: usize) {
            for frame in stack {
                let (Frame::Map { path, .. } | Frame::Seq { path, .. }) = frame;
                if let Some(node) = tree.nodes.get_mut(path) {
                    node.end = node.end.max(end);
                }
            }
        }
        for event in Parser::new_from_str(text) {
            let (event, span) = event.ok()?;
            let (start, end) = (at(span.start), at(span.end));
            match event {
                Event::Scalar(value, style, ..) => {
                    if let Some(Frame::Map { key, .. }) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some((value.into_owned(), start));
                        continue;
                    }
                    let Some((path, key)) = child(&mut stack) else { continue };
                    // A block scalar's span starts at its text and runs to the next line's
                    // start: take in its `|`/`>` indicator, keep only its own lines.
                    let (start, end) = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                        let head = text[..start].trim_end_matches([' ', '\n', '\r']);
                        let head = head.trim_end_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
                        let start = if head.ends_with(['|', '>']) { head.len() - 1 } else { start };
                        (start, text[..end].trim_end_matches([' ', '\n', '\r']).len())
                    } else {
                        (start, end)
                    };
                    reach(&mut tree, &stack, end);
                    let column = span.start.col();
                    tree.add(path, key, Node { kind: Kind::Scalar, start, end, column, len: 0 });
                }
                Event::SequenceStart(style, ..) | Event::MappingStart(style, ..) => {
                    let (path, key) = child(&mut stack)?;
                    let map = matches!(event, Event::MappingStart(..));
                    let kind = match (style, map) {
                        (StructureStyle::Flow, _) => Kind::Flow,
                        (_, true) => Kind::BlockMap,
                        (_, false) => Kind::BlockSeq,
                    };
                    let column = span.start.col();
                    tree.add(path.clone(), key, Node { kind, start, end: start, column, len: 0 });
                    stack.push(if map {
                        Frame::Map { key: None, path, count: 0 }
                    } else {
                        Frame::Seq { next: 0, path }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    let Some(frame) = stack.pop() else { continue };
                    let (path, len) = match frame {
                        Frame::Map { path, count, .. } => (path, count),
                        Frame::Seq { next, path } => (path, next),
                    };
                    if let Some(node) = tree.nodes.get_mut(&path) {
                        node.len = len;
                        // A flow collection ends at its bracket.
                        if node.kind == Kind::Flow {
                            node.end = node.end.max(end);
                        }
                        let node_end = node.end;
                        reach(&mut tree, &stack, node_end);
                    }
                }
                Event::Alias(_) => {
                    child(&mut stack);
                }
                _ => {}
            }
        }
        Some(tree)
    }

    fn add(&mut self, path: String, key: Option<usize>, node: Node) {
        if let Some(k) = key {
            self.keys.insert(path.clone(), k);
        }
        self.nodes.insert(path, node);
    }

    /// The node at `path`.
    pub fn node(&self, path: &str) -> Option<Node> {
        self.nodes.get(path).copied()
    }
}

/// The path of the collection holding `path`: `rows[3]` for `rows[3].name`, `rows` for
/// `rows[3]`, `""` for `plan`; `None` for the root.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        return path.rfind('[').map(|i| &path[..i]);
    }
    Some(path.rfind('.').map_or("", |i| &path[..i]))
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The byte after the end of the line holding byte `at` (after its newline); `at` may be
/// inside a character.
fn line_end(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// `value` written as YAML by serde-saphyr, its lines after the first indented by
/// `indent` spaces, without the final newline.
fn render(value: &serde_json::Value, indent: usize) -> String {
    let yaml = serde_saphyr::to_string(value).unwrap_or_default();
    let yaml = numbers_in_brackets(yaml.strip_prefix("---\n").unwrap_or(&yaml).trim_end_matches('\n'));
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (i, line) in yaml.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
            }
        }
        out.push_str(line);
    }
    out
}

/// `yaml` with each list of numbers under a key written on the key's line, `quarters:
/// [1, 2]`, as datasets write them.
fn numbers_in_brackets(yaml: &str) -> String {
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start().len();
        let numbers: Vec<&str> = lines[i + 1..]
            .iter()
            .map_while(|l| {
                let rest = l.get(indent..)?.strip_prefix("- ")?;
                (l[..indent].trim().is_empty() && rest.parse::<f64>().is_ok()).then_some(rest)
            })
            .collect();
        if line.ends_with(':') && !numbers.is_empty() {
            out.push(format!("{line} [{}]", numbers.join(", ")));
            i += 1 + numbers.len();
        } else {
            out.push(line.to_string());
            i += 1;
        }
    }
    out.join("\n")
}

/// Whether `value` is written on one line (a scalar, or an empty collection).
fn inline(value: &serde_json::Value) -> bool {
    !render(value, 0).contains('\n')
}

/// `text` with the value at `path` set to `value`. A path that is not there is added to
/// the mapping that should hold it, after its last entry.
pub fn set(text: &str, path: &str, value: &serde_json::Value) -> Result<String, EditError> {
    let tree = Tree::index(text).ok_or(EditError::Unparsable)?;
    let mut out = text.to_string();
    if let Some(node) = tree.node(path) {
        // A list of scalars (quarters) stays on one line when it was written so.
        let written = match value {
            serde_json::Value::Array(items) if node.kind == Kind::Flow && items.iter().all(|v| !v.is_object()) => {
                let parts: Vec<String> = items.iter().map(|v| render(v, 0)).collect();
                format!("[{}]", parts.join(", "))
            }
            _ if inline(value) || matches!(node.kind, Kind::BlockSeq | Kind::BlockMap) => render(value, node.column),
            // A block value where a scalar or brackets stood: on the lines under its key.
            _ => {
                let indent = line_indent(text, node.start) + 2;
                format!("\n{}{}", " ".repeat(indent), render(value, indent))
            }
        };
        out.replace_range(node.start..node.end, &written);
        return Ok(out);
    }
    let holder = parent(path).ok_or_else(|| EditError::NoPath(path.into()))?;
    let key = &path[holder.len()..].trim_start_matches('.');
    let map = tree.node(holder).filter(|n| n.kind == Kind::BlockMap).ok_or_else(|| EditError::NoPath(path.into()))?;
    let value = if inline(value) {
        format!(" {}", render(value, 0))
    } else {
        format!("\n{}{}", " ".repeat(map.column + 2), render(value, map.column + 2))
    };
    let at = line_end(text, map.end.saturating_sub(1).max(map.start));
    let mut line = format!("{}{key}:{value}\n", " ".repeat(map.column));
    if at == text.len() && !text.ends_with('\n') {
        line.insert(0, '\n');
    }
    out.insert_str(at, &line);
    Ok(out)
}

/// The indentation of the line holding byte `at`.
fn line_indent(text: &str, at: usize) -> usize {
    let start = line_start(text, at);
    text[start..].chars().take_while(|c| *c == ' ').count()
}

/// The lines of entry `path` of a block collection, from its key or `- ` to the end of its
/// last line. Comments above the next entry stay with it.
fn entry_lines(text: &str, tree: &Tree, path: &str) -> Result<std::ops::Range<usize>, EditError> {
    let holder = parent(path).ok_or_else(|| EditError::NoPath(path.into()))?;
    let coll = tree.node(holder).ok_or_else(|| EditError::NoPath(path.into()))?;
    if !matches!(coll.kind, Kind::BlockSeq | Kind::BlockMap) {
        return Err(EditError::NotBlock(holder.into()));
    }
    let node = tree.node(path).ok_or_else(|| EditError::NoPath(path.into()))?;
    let first = tree.keys.get(path).copied().unwrap_or(node.start);
    Ok(line_start(text, first)..line_end(text, node.end.saturating_sub(1).max(node.start)))
}

/// `text` without the entry at `path` (a list's item or a mapping's key), its lines and
/// the comments after it.
pub fn remove(text: &str, path: &str) -> Result<String, EditError> {
    let tree = Tree::index(text).ok_or(EditError::Unparsable)?;
    let lines = entry_lines(text, &tree, path)?;
    let mut out = text.to_string();
    out.replace_range(lines, "");
    Ok(out)
}

/// `text` with `value` put into the block list at `list` as its item `index` (at the end
/// when `index` is its length).
pub fn insert(text: &str, list: &str, index: usize, value: &serde_json::Value) -> Result<String, EditError> {
    let tree = Tree::index(text).ok_or(EditError::Unparsable)?;
    let seq = tree.node(list).ok_or_else(|| EditError::NoPath(list.into()))?;
    if seq.kind != Kind::BlockSeq {
        return Err(EditError::NotBlock(list.into()));
    }
    if index > seq.len {
        return Err(EditError::NoIndex(list.into()));
    }
    // Items start where the list's first `- ` does.
    let indent = if seq.len > 0 {
        line_indent(text, entry_lines(text, &tree, &format!("{list}[0]"))?.start)
    } else {
        seq.column
    };
    let item = format!("{}- {}\n", " ".repeat(indent), render(value, indent + 2));
    let at = if index < seq.len {
        entry_lines(text, &tree, &format!("{list}[{index}]"))?.start
    } else {
        entry_lines(text, &tree, &format!("{list}[{}]", seq.len - 1))?.end
    };
    let mut out = text.to_string();
    let item = if at == text.len() && !text.ends_with('\n') { format!("\n{item}") } else { item };
    out.insert_str(at, &item);
    Ok(out)
}

/// `text` with item `from` of the block list at `list` moved to position `to`, its lines
/// (comments included) as they were.
pub fn move_item(text: &str, list: &str, from: usize, to: usize) -> Result<String, EditError> {
    let tree = Tree::index(text).ok_or(EditError::Unparsable)?;
    let seq = tree.node(list).ok_or_else(|| EditError::NoPath(list.into()))?;
    if seq.kind != Kind::BlockSeq {
        return Err(EditError::NotBlock(list.into()));
    }
    if from >= seq.len || to >= seq.len {
        return Err(EditError::NoIndex(list.into()));
    }
    if from == to {
        return Ok(text.to_string());
    }
    let lines = entry_lines(text, &tree, &format!("{list}[{from}]"))?;
    let mut moved = text[lines.clone()].to_string();
    if !moved.ends_with('\n') {
        moved.push('\n');
    }
    let mut without = text.to_string();
    without.replace_range(lines, "");
    let tree = Tree::index(&without).ok_or(EditError::Unparsable)?;
    // In the list without it, the item goes before what is now item `to`, or last.
    let at = if to < seq.len - 1 {
        entry_lines(&without, &tree, &format!("{list}[{to}]"))?.start
    } else {
        entry_lines(&without, &tree, &format!("{list}[{}]", seq.len - 2))?.end
    };
    let moved = if at == without.len() && !without.ends_with('\n') { format!("\n{moved}") } else { moved };
    without.insert_str(at, &moved);
    Ok(without)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const TEXT: &str = "\
# a comment that stays
plan:
  title: แผน   # trailing comment
  year: 2567
rows:
  - name: หนึ่ง
    quarters: [1, 2]
    budget: \"100.00\"
  # about the second row
  - name: 'สอง'
    quarters: [3]
  - name: |
      สาม
      บรรทัด
    quarters: [4]
tail: x
";

    #[test]
    fn a_value_is_set_at_its_span_and_nothing_else_moves() {
        let out = set(TEXT, "rows[1].name", &json!("สอง แก้")).unwrap();
        assert_eq!(out, TEXT.replace("'สอง'", "สอง แก้"));
        let out = set(TEXT, "plan.title", &json!("ห้อง #2 ชั้น ๓")).unwrap();
        assert!(out.contains("  title: \"ห้อง"), "{out}");
        assert!(out.contains("#2 ชั้น ๓") && out.contains("# trailing comment"));
        assert_eq!(serde_saphyr::from_str::<serde_json::Value>(&out).unwrap()["plan"]["title"], "ห้อง #2 ชั้น ๓");
        let out = set(TEXT, "rows[0].quarters", &json!([1, 3, 4])).unwrap();
        assert_eq!(out, TEXT.replace("[1, 2]", "[1, 3, 4]"));
        let out = set(TEXT, "rows[2].name", &json!("สาม")).unwrap();
        assert_eq!(out, TEXT.replace("|\n      สาม\n      บรรทัด", "สาม"));
    }

    #[test]
    fn a_missing_key_is_added_to_its_mapping() {
        let out = set(TEXT, "rows[1].remark", &json!("หมายเหตุ")).unwrap();
        assert_eq!(out, TEXT.replace("    quarters: [3]\n", "    quarters: [3]\n    remark: หมายเหตุ\n"));
        let v: serde_json::Value = serde_saphyr::from_str(&out).unwrap();
        assert_eq!(v["rows"][1]["remark"], "หมายเหตุ");
    }

    #[test]
    fn items_are_inserted_removed_and_moved_with_their_comments() {
        let out = insert(TEXT, "rows", 1, &json!({"name": "ใหม่", "quarters": [1, 2]})).unwrap();
        assert!(out.contains("  - name: ใหม่\n    quarters: [1, 2]\n  - name: 'สอง'"), "{out}");
        let v: serde_json::Value = serde_saphyr::from_str(&out).unwrap();
        assert_eq!(v["rows"][1]["name"], "ใหม่");
        assert_eq!(v["rows"][2]["name"], "สอง");
        assert!(out.starts_with("# a comment that stays\n") && out.contains("# about the second row"));
        let out = insert(TEXT, "rows", 3, &json!({"name": "ท้าย"})).unwrap();
        let v: serde_json::Value = serde_saphyr::from_str(&out).unwrap();
        assert_eq!(v["rows"][3]["name"], "ท้าย");
        assert_eq!(v["tail"], "x");

        let out = remove(TEXT, "rows[0]").unwrap();
        assert_eq!(out, TEXT.replace("  - name: หนึ่ง\n    quarters: [1, 2]\n    budget: \"100.00\"\n", ""));
        let out = remove(TEXT, "plan.year").unwrap();
        assert_eq!(out, TEXT.replace("  year: 2567\n", ""));

        let out = move_item(TEXT, "rows", 0, 2).unwrap();
        let v: serde_json::Value = serde_saphyr::from_str(&out).unwrap();
        let names: Vec<&str> = (0..3).map(|i| v["rows"][i]["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["สอง", "สาม\nบรรทัด\n", "หนึ่ง"]);
        let back = move_item(&out, "rows", 2, 0).unwrap();
        assert_eq!(
            serde_saphyr::from_str::<serde_json::Value>(&back).unwrap(),
            serde_saphyr::from_str::<serde_json::Value>(TEXT).unwrap()
        );
    }

    #[test]
    fn an_entry_ending_in_thai_is_cut_at_its_line() {
        let text = "rows:\n- name: ก\n  remark: ข\n- name: ค\n";
        assert_eq!(remove(text, "rows[0]").unwrap(), "rows:\n- name: ค\n");
        let out = insert(text, "rows", 2, &json!({"name": "ง"})).unwrap();
        assert_eq!(out, "rows:\n- name: ก\n  remark: ข\n- name: ค\n- name: ง\n");
    }

    #[test]
    fn what_cannot_be_done_is_said() {
        assert_eq!(remove(TEXT, "rows[0].quarters[0]"), Err(EditError::NotBlock("rows[0].quarters".into())));
        assert_eq!(insert(TEXT, "rows", 9, &json!({})), Err(EditError::NoIndex("rows".into())));
        assert!(matches!(set(TEXT, "nothing.here", &json!(1)), Err(EditError::NoPath(_))));
        assert_eq!(set("a: [", "a", &json!(1)), Err(EditError::Unparsable));
    }
}
