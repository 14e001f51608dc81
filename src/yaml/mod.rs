//! Reading a YAML dataset (a plan, a progress file): bounded reads, parsing into a
//! document's model with errors in the dataset's terms, and the index of where every
//! field is ([`Spans`]), made with the same parser as the deserializer so that lines agree.

pub mod edit;
pub mod mistakes;

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle};

use crate::diag::{Diagnostic, Reporter, Severity};

/// Datasets larger than this are refused before parsing (a real plan is ~300 KB).
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// Field path (`rows[3].budget`) → 1-based (line, column) of its value, and the texts
/// ` #` cut short ([`CutByComment`]), found in the same pass.
#[derive(Default, Debug)]
pub struct Spans {
    map: HashMap<String, (usize, usize)>,
    cuts: Vec<CutByComment>,
}

impl Spans {
    /// The location of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&loc) = self.map.get(p) {
                return loc;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return (0, 0),
            }
        }
    }

    /// The field at `line` (a parse error's line) that starts last at or before `column`,
    /// the deepest of those that start there; the same field every run.
    pub fn path_at(&self, line: usize, column: usize) -> Option<&str> {
        let on_line = || self.map.iter().filter(|(_, (l, _))| *l == line).map(|(p, (_, c))| (*c, p.as_str()));
        let depth = |p: &str| p.matches(['.', '[']).count();
        // The field the column is in, else (the error points at a key, whose value starts
        // further right) the line's first field.
        on_line()
            .filter(|(c, _)| *c <= column)
            .max_by_key(|&(c, p)| (c, depth(p), p))
            .or_else(|| on_line().min_by_key(|&(c, p)| (c, std::cmp::Reverse(depth(p)), p)))
            .map(|(_, p)| p)
    }

    /// The field that starts last on a line before `line`.
    fn last_before(&self, line: usize) -> Option<&str> {
        self.map.iter().filter(|(_, (l, _))| *l < line).max_by_key(|(p, loc)| (**loc, p.len())).map(|(p, _)| p.as_str())
    }

    /// The first mapping, in file order, that lacks `field` while another of the same
    /// place (another row, another sheet) has it: where a missing field was left out.
    fn lacking(&self, field: &str) -> Option<String> {
        // `sheets[3].method` → `sheets[].method`: the place, whichever item.
        let shape = |p: &str| {
            p.split('[').map(|s| s.trim_start_matches(|c: char| c.is_ascii_digit())).collect::<Vec<_>>().join("[")
        };
        let parent_of = |p: &str| p.strip_suffix(field).and_then(|q| q.strip_suffix('.')).map(str::to_string);
        let places: std::collections::HashSet<String> =
            self.map.keys().filter_map(|p| parent_of(p)).map(|p| shape(&p)).collect();
        // Every mapping: the parents of keys.
        let mut mappings: Vec<(&(usize, usize), &str)> = self
            .map
            .keys()
            .filter_map(|p| {
                let i = p.rfind('.')?;
                (!p[i..].contains('[')).then(|| &p[..i])
            })
            .filter(|m| places.contains(&shape(m)) && !self.map.contains_key(&format!("{m}.{field}")))
            .filter_map(|m| Some((self.map.get(m)?, m)))
            .collect();
        mappings.sort();
        mappings.first().map(|(_, m)| m.to_string())
    }

    /// Every field path indexed.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The texts ` #` cut short, in file order.
    pub fn cuts(&self) -> &[CutByComment] {
        &self.cuts
    }

    /// Indexes every node of a YAML text by its path. Uses the same parser as
    /// serde-saphyr, so the lines agree with its errors.
    pub fn index(text: &str) -> Spans {
        enum Frame {
            Map { key: Option<String> },
            Seq { next: usize },
        }
        let mut map = HashMap::new();
        let mut cuts = Vec::new();
        let mut stack: Vec<(Frame, String)> = Vec::new();
        // The path of the node that the next event starts.
        let child_path = |stack: &mut Vec<(Frame, String)>| -> Option<String> {
            match stack.last_mut() {
                None => Some(String::new()),
                Some((Frame::Map { key }, base)) => {
                    let k = key.take()?;
                    Some(if base.is_empty() { k } else { format!("{base}.{k}") })
                }
                Some((Frame::Seq { next }, base)) => {
                    let p = format!("{base}[{next}]");
                    *next += 1;
                    Some(p)
                }
            }
        };
        for ev in Parser::new_from_str(text) {
            let Ok((ev, span)) = ev else { break };
            let loc = (span.start.line(), span.start.col() + 1);
            match ev {
                Event::Scalar(value, style, ..) => {
                    if let Some((Frame::Map { key }, _)) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some(value.into_owned());
                        continue;
                    }
                    if let Some(p) = child_path(&mut stack) {
                        if style == ScalarStyle::Plain
                            && let Some(column) = comment_after(text, span.end, &value)
                        {
                            cuts.push(CutByComment { line: span.end.line(), column, path: p.clone() });
                        }
                        map.insert(p, loc);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let p = child_path(&mut stack).unwrap_or_default();
                    map.entry(p.clone()).or_insert(loc);
                    let frame = if matches!(ev, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { next: 0 }
                    };
                    stack.push((frame, p));
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                Event::Alias(_) => {
                    child_path(&mut stack);
                }
                _ => {}
            }
        }
        Spans { map, cuts }
    }
}

/// The byte of `text` a parser marker points at (the parser counts characters too; it
/// gives the byte itself when it reads a `&str`).
pub(crate) fn byte_at(text: &str, marker: Marker) -> usize {
    marker.byte_offset().unwrap_or_else(|| text.char_indices().nth(marker.index()).map_or(text.len(), |(i, _)| i))
}

/// The 1-based column of a ` #` that follows, on its line, the plain text `value` ending at
/// `end`, when the text has letters: a comment after a number or a date is the author's own.
fn comment_after(text: &str, end: Marker, value: &str) -> Option<usize> {
    if !value.chars().any(char::is_alphabetic) {
        return None;
    }
    let rest = text[byte_at(text, end)..].split('\n').next().unwrap_or("");
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (gap > 0 && rest[gap..].starts_with('#')).then(|| end.col() + rest[..gap].chars().count() + 1)
}

/// A text written without quotes and followed on its line by ` #…`: YAML reads the rest of
/// the line as a comment, so what the officer typed after the `#` (`ห้องประชุม #2 ชั้น ๓`, a
/// hashtag `#โตไปไม่โกง`) is silently left out. Only texts with letters count: a comment
/// after a number or a date (`row: 1   # the project's name`) is the author's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutByComment {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column of the `#`.
    pub column: usize,
    /// The text's field path.
    pub path: String,
}

/// Reads at most `limit` bytes of a regular file; `Ok(Err(size))` when it holds more. The
/// file is checked to be a regular file before it is opened (a FIFO would block the open,
/// `/dev/zero` would never end), and the read stops at `limit + 1` bytes whatever the
/// file's metadata says.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::other("เป็นโฟลเดอร์ ไม่ใช่ไฟล์ / it is a folder, not a file"));
    }
    if !meta.is_file() {
        return Err(std::io::Error::other("ไม่ใช่ไฟล์ธรรมดา / it is not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(if bytes.len() as u64 > limit { Err(meta.len().max(bytes.len() as u64)) } else { Ok(bytes) })
}

/// Reads a dataset's text: bounded, a regular file, UTF-8, or one diagnostic saying why not.
pub(crate) fn read_text(file: &Path) -> Result<String, Diagnostic> {
    let rep = |text: &str, line, col, msg: String| Reporter::new(file, text).at(Severity::Error, line, col, "", msg);
    let bytes = match read_bounded(file, MAX_BYTES) {
        Err(e) => return Err(rep("", 0, 0, format!("อ่านไฟล์ไม่ได้ / cannot read the file: {e}"))),
        Ok(Err(size)) => {
            return Err(rep(
                "",
                0,
                0,
                format!(
                    "ไฟล์ใหญ่เกิน {} MB / the file is larger than {} MB ({size} bytes or more)",
                    MAX_BYTES >> 20,
                    MAX_BYTES >> 20
                ),
            ));
        }
        Ok(Ok(bytes)) => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        // Point at the first byte that is not UTF-8.
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = good.iter().rev().take_while(|&&b| b != b'\n').filter(|&&b| (b & 0xC0) != 0x80).count() + 1;
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        rep(&text, line, column, "ไฟล์ไม่ใช่ข้อความ UTF-8 / the file is not UTF-8 text: save it as UTF-8".into())
    })
}
/// What a field's own reader (an amount, a number) starts its error with: the rest is a
/// whole sentence in Thai and English, shown as it is. (An invisible separator, which no
/// message of the YAML reader holds.)
pub const OWN_MESSAGE: &str = "\u{2063}";

/// Parses a YAML text as a `T` (a plan, a progress file); a failure is one diagnostic
/// naming the file, the line and the field, in the dataset's terms. `terms` gives a
/// field's name as the printed document calls it (`targets` → `๔. กลุ่มเป้าหมาย`).
pub(crate) fn parse_as<T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &str,
    terms: fn(&str) -> Option<&'static str>,
) -> Result<T, Diagnostic> {
    let e = match serde_saphyr::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let (line, col) = e.location().map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let full = e.without_snippet().to_string();
    let msg = full.lines().next().unwrap_or_default();
    let msg = msg.split_once(": ").filter(|(at, _)| at.starts_with("line ")).map_or(msg, |(_, m)| m);
    // Name the field on the error's line, from whatever part of the text parses.
    let spans = Spans::index(text);
    // The field at the position, else the last one that starts before it (a syntax error
    // may point between fields): never an empty path where the text has fields.
    let path_at =
        |line, col| spans.path_at(line, col).or_else(|| spans.last_before(line)).unwrap_or_default().to_string();
    let report = |line, col, path, message| Reporter::new(file, text).at(Severity::Error, line, col, path, message);
    // A mistake the reader noticed only later (an unclosed quote, an indent, a tab); when
    // the text read as YAML but not as a dataset, a key its indent moved into another
    // mapping may be anywhere.
    let read_as_yaml = ["missing field", "unknown field", "invalid type", OWN_MESSAGE].iter().any(|w| msg.contains(w));
    if let Some(m) = mistakes::find(text, if read_as_yaml { usize::MAX } else { line }) {
        // Its field: the lines above it, which read well, and the line as it was meant.
        let mut above: String = text.lines().take(m.line - 1).flat_map(|l| [l, "\n"]).collect();
        above.push_str(&m.meant);
        let path =
            Spans::index(&above).path_at(m.line, mistakes::value_column(&m.meant)).unwrap_or_default().to_string();
        return Err(report(m.line, m.column, path, m.message));
    }
    // The dataset's own readers (amounts, numbers) say what to write in both languages.
    if let Some((_, own)) = msg.split_once(OWN_MESSAGE) {
        let own = own.rsplit_once(" at line ").map_or(own, |(words, _)| words);
        return Err(report(line, col, path_at(line, col), own.to_string()));
    }
    if let Some(field) = msg.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        let (path, (line, col)) = match spans.lacking(field) {
            Some(parent) => (format!("{parent}.{field}"), spans.find(&parent)),
            None => {
                // The mapping the error's line is in: `rows[0].quarters[0]` → `rows[0]`.
                let path = path_at(line, col);
                let mut parent = path.as_str();
                if parent.ends_with(']')
                    && let Some(i) = parent.rfind('[')
                {
                    parent = &parent[..i];
                }
                parent = parent.rfind('.').map_or("", |i| &parent[..i]);
                let full = if parent.is_empty() { field.to_string() } else { format!("{parent}.{field}") };
                (full, spans.find(parent))
            }
        };
        let named = terms(field).map(|t| format!(" ({t})")).unwrap_or_default();
        return Err(report(
            line,
            col,
            path,
            format!(
                "ไม่มี `{field}:`{named} ซึ่งต้องมีในส่วนนี้ ให้เพิ่มบรรทัด `{field}:` / \
                 `{field}:` is missing here and is required: add it"
            ),
        ));
    }
    Err(report(line, col, path_at(line, col), in_dataset_terms(msg, &spans.paths().collect::<Vec<_>>())))
}

/// serde-saphyr's messages in the dataset's terms: what the officer wrote and what to
/// write instead, in Thai and English, never the library's types or options. `paths` are
/// the fields the text has, for the closest name to a misspelt one.
fn in_dataset_terms(msg: &str, paths: &[&str]) -> String {
    let says = |words: &str| msg.contains(words);
    // The reader's own words stay in brackets, without its advice to Rust programmers and
    // without the location, which the diagnostic gives.
    let detail = msg.split([';', '(']).next().unwrap_or(msg);
    let detail = detail.split(", set ").next().unwrap_or(detail);
    let detail = detail.split(" at line ").next().unwrap_or(detail).trim().trim_end_matches('.');
    let (th, en): (String, String) = if says("budget breached") || says("recursion limit") || says("Depth") {
        ("ซ้อนกันลึกเกินไป".into(), "the YAML is nested too deeply (a list inside a list … more than a plan needs)".into())
    } else if says("Option<") || says("null") {
        (
            "ยังไม่มีค่า ให้เขียนข้อความหลัง : หรือลบบรรทัดนี้".into(),
            "a value is missing here: write the text after the `:`, or remove the line".into(),
        )
    } else if says("from_str_multiple") || says("multiple documents") {
        (
            "ไฟล์มีเอกสาร YAML มากกว่าหนึ่งชุด (---) ชุดข้อมูลต้องมีชุดเดียว".into(),
            "the file holds more than one YAML document (`---`): a dataset is one document".into(),
        )
    } else if says("DuplicateKeyPolicy") || says("duplicate") {
        ("หัวข้อนี้เขียนซ้ำในที่เดียวกัน ให้เหลือไว้หนึ่งครั้ง".into(), "a key is given twice in the same place: keep one".into())
    } else if says("mapping values are not allowed") {
        (
            "ข้อความมีเครื่องหมาย : ตามด้วยเว้นวรรค ให้ใส่เครื่องหมายคำพูดครอบทั้งข้อความ เช่น \"กิจกรรม: อบรม\"".into(),
            "the text holds `: `, which YAML reads as a new key: put the whole text in quotes, as in \"กิจกรรม: อบรม\""
                .into(),
        )
    } else if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let known: Vec<&str> = rest.split("expected one of ").nth(1).map_or_else(Vec::new, |l| {
            l.split(", ").map(|k| k.trim_matches(['`', ' ', '.'])).filter(|k| !k.is_empty()).collect()
        });
        let known: Vec<&str> = if known.is_empty() {
            paths.iter().filter_map(|p| p.rsplit(['.', ']']).next()).filter(|k| !k.is_empty()).collect()
        } else {
            known
        };
        let closest = known
            .iter()
            .map(|k| (strsim::levenshtein(k, field), *k))
            .filter(|(d, k)| *d <= 2.max(k.len() / 3))
            .min()
            .map(|(_, k)| k);
        match closest {
            Some(k) => (
                format!("ไม่รู้จักหัวข้อ `{field}` ที่นี่ หมายถึง `{k}` หรือไม่"),
                format!("unknown field `{field}` here: did you mean `{k}`?"),
            ),
            None => (
                format!("ไม่รู้จักหัวข้อ `{field}` ที่นี่ หัวข้อที่ใช้ได้: {}", known.join(", ")),
                format!("unknown field `{field}` here; the fields here are {}", known.join(", ")),
            ),
        }
    } else if says("invalid type") || says("invalid value") || says("expected sequence") || says("expected mapping") {
        let wants = |th: &str, en: &str| (th.to_string(), format!("{en} ({detail})"));
        if says("expected a sequence") || says("expected sequence") {
            wants(
                "ต้องเป็นรายการ: ขึ้นบรรทัดใหม่ แต่ละข้อขึ้นต้นด้วย - ",
                "a list belongs here: start each entry on a new line with `- `",
            )
        } else if says("expected struct") || says("expected a map") || says("expected mapping") {
            wants("ต้องเป็นหัวข้อย่อย แต่ละบรรทัดเป็น หัวข้อ: ค่า", "fields belong here, one `key: value` per line")
        } else if says("expected a string") || says("string scalar") || says("expected string") {
            wants("ต้องเป็นข้อความ ไม่ใช่รายการหรือหัวข้อย่อย", "a text belongs here, not a list or fields")
        } else if says("boolean") || says("bool") {
            wants("ต้องเป็น true หรือ false", "write true or false")
        } else {
            wants("ค่าที่นี่ไม่ใช่ชนิดที่ต้องการ", "this value is not of the kind this field takes")
        }
    } else {
        (
            "เขียน YAML ผิดรูปแบบตรงนี้ ตรวจเครื่องหมาย : - [ ] และการย่อหน้า".into(),
            format!("the YAML is malformed here ({detail}): check the `:`, `-`, brackets and indents"),
        )
    };
    format!("{th} / {en}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_cut_by_a_comment_is_found_and_a_comment_after_a_number_is_not() {
        let text = "remark: อบรม ณ ห้องประชุม #2 ชั้น ๓\nrow: 1   # ชื่อโครงการ\nname: \"ห้อง #2\"\ntag: a#b\nx: ok # note\n";
        let spans = Spans::index(text);
        let cuts = spans.cuts();
        assert_eq!(cuts.len(), 2, "{cuts:?}");
        assert_eq!((cuts[0].line, cuts[0].column, cuts[0].path.as_str()), (1, 27, "remark"));
        assert_eq!((cuts[1].line, cuts[1].path.as_str()), (5, "x"));
    }

    #[test]
    fn spans_follow_paths() {
        let text = "plan:\n  title: x\nrows:\n  - no: 1\n    budget: \"5.00\"\n  - no: 2\n    budget: abc\n";
        let s = Spans::index(text);
        assert_eq!(s.find("plan.title"), (2, 10));
        assert_eq!(s.find("rows[1].budget"), (7, 13));
        assert_eq!(s.find("rows[0].no"), (4, 9));
        assert_eq!(s.path_at(4, 9), Some("rows[0].no"));
        // Unknown leaf: falls back to the nearest ancestor.
        assert_eq!(s.find("rows[1].quarters"), s.find("rows[1]"));
    }
}
