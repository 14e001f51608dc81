//! Load stage: read a YAML dataset into a [`Plan`], and index where every field is.

use std::collections::HashMap;
use std::path::Path;

use serde_saphyr::granit_parser::{Event, Parser};

use crate::diag::{Diagnostic, Reporter, Severity};
use crate::model::Plan;

/// Datasets larger than this are refused before parsing (a real plan is ~300 KB).
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// A loaded dataset: the plan, its text, and where each field sits in the text.
pub struct Loaded {
    pub plan: Plan,
    pub text: String,
    pub spans: Spans,
}

/// Field path (`rows[3].budget`) → 1-based (line, column) of its value.
#[derive(Default, Debug)]
pub struct Spans(HashMap<String, (usize, usize)>);

impl Spans {
    /// The location of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&loc) = self.0.get(p) {
                return loc;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return (0, 0),
            }
        }
    }

    /// The deepest field on `line` (a parse error's line), if any.
    pub fn path_at(&self, line: usize) -> Option<&str> {
        self.0
            .iter()
            .filter(|(_, (l, _))| *l == line)
            .map(|(p, _)| p.as_str())
            .max_by_key(|p| (p.matches(['.', '[']).count(), p.len()))
    }

    /// Indexes every node of a YAML text by its path. Uses the same parser as
    /// serde-saphyr, so the lines agree with its errors.
    pub fn index(text: &str) -> Spans {
        enum Frame {
            Map { key: Option<String> },
            Seq { next: usize },
        }
        let mut map = HashMap::new();
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
                Event::Scalar(value, ..) => {
                    if let Some((Frame::Map { key }, _)) = stack.last_mut()
                        && key.is_none()
                    {
                        *key = Some(value.into_owned());
                        continue;
                    }
                    if let Some(p) = child_path(&mut stack) {
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
        Spans(map)
    }
}

/// Reads and parses `file`. A failure is one diagnostic naming the file, line and column.
pub fn load(file: &Path) -> Result<Loaded, Diagnostic> {
    let rep = |text: &str, line, col, msg: String| Reporter::new(file, text).at(Severity::Error, line, col, "", msg);
    let meta = std::fs::metadata(file).map_err(|e| rep("", 0, 0, format!("อ่านไฟล์ไม่ได้ / cannot read the file: {e}")))?;
    if meta.len() > MAX_BYTES {
        return Err(rep(
            "",
            0,
            0,
            format!(
                "ไฟล์ใหญ่เกิน {} MB / the file is larger than {} MB ({} bytes)",
                MAX_BYTES >> 20,
                MAX_BYTES >> 20,
                meta.len()
            ),
        ));
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| rep("", 0, 0, format!("อ่านไฟล์ไม่ได้ (ต้องเป็น UTF-8) / cannot read the file as UTF-8: {e}")))?;
    parse(file, text)
}

/// Parses a dataset's text; `file` only names it in diagnostics.
pub fn parse(file: &Path, text: String) -> Result<Loaded, Diagnostic> {
    match serde_saphyr::from_str::<Plan>(&text) {
        Ok(plan) => {
            let spans = Spans::index(&text);
            Ok(Loaded { plan, text, spans })
        }
        Err(e) => {
            let (line, col) = e.location().map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let msg = e.without_snippet().to_string();
            let msg = msg.lines().next().unwrap_or_default().to_string();
            // Name the field on the error's line, from whatever part of the text parses.
            let spans = Spans::index(&text);
            let mut path = spans.path_at(line).unwrap_or_default().to_string();
            let (mut line, mut col) = (line, col);
            // A missing field is reported at the end of its mapping: point at the
            // mapping's start and name the field that is missing.
            if let Some(field) = msg.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
                // The deepest field on the line is the mapping's last one, perhaps inside a
                // list: `rows[0].quarters[0]` → `rows[0]`.
                let mut parent = path.as_str();
                if parent.ends_with(']')
                    && let Some(i) = parent.rfind('[')
                {
                    parent = &parent[..i];
                }
                parent = parent.rfind('.').map_or("", |i| &parent[..i]);
                (line, col) = spans.find(parent);
                path = if parent.is_empty() { field.to_string() } else { format!("{parent}.{field}") };
            }
            let thai = if path.ends_with(".budget") {
                "งบประมาณต้องเป็นตัวเลขในเครื่องหมายคำพูด เช่น \"45000.00\""
            } else {
                "อ่านข้อมูลไม่ได้"
            };
            Err(Reporter::new(file, &text).at(
                Severity::Error,
                line,
                col,
                path,
                format!("{thai} / invalid dataset: {msg}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_paths() {
        let text = "plan:\n  title: x\nrows:\n  - no: 1\n    budget: \"5.00\"\n  - no: 2\n    budget: abc\n";
        let s = Spans::index(text);
        assert_eq!(s.find("plan.title"), (2, 10));
        assert_eq!(s.find("rows[1].budget"), (7, 13));
        assert_eq!(s.find("rows[0].no"), (4, 9));
        // Unknown leaf: falls back to the nearest ancestor.
        assert_eq!(s.find("rows[1].quarters"), s.find("rows[1]"));
    }
}
