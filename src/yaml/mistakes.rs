//! The mistakes people make typing YAML by hand, found where they were made.
//!
//! When the YAML reader fails, the place it names is where it noticed, not always where the
//! mistake is: an unclosed quote on line 19 is noticed at the next quote (line 25), a key
//! indented one space short at the line above it or at the top of the file, a tab at the
//! line above. This module reads the text line by line, as a person would, for the three
//! mistakes that move the reader's position (a tab in the indent, an unclosed quote, an
//! indent that matches no neighbour) and names the first at its own line, in words an
//! officer understands. It is asked only about a text the reader refused, and only for
//! mistakes at or before where the reader stopped, so a valid text is never blamed.
//!
//! Written by hand: no YAML crate reports these in a person's terms (the scanners stop at
//! the token that cannot follow, which is the reader's position again).

/// A mistake at its 1-based line and column, with what to do, in Thai and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column.
    pub column: usize,
    /// What is wrong and what to do (Thai / English).
    pub message: String,
    /// The line as it was meant, to name its field by.
    pub meant: String,
}

/// The first of the mistakes this module knows at or before `line` (where the reader
/// stopped; `usize::MAX` when the text read as YAML but not as the dataset, a key moved
/// by its indent into the wrong mapping), if any.
pub fn find(text: &str, line: usize) -> Option<Mistake> {
    let found = [tab(text), unclosed_quote(text, line), unclosed_bracket(text), indent(text)];
    found.into_iter().flatten().filter(|m| m.line <= line.max(1)).min_by_key(|m| (m.line, m.column))
}

/// A line indented with a tab.
fn tab(text: &str) -> Option<Mistake> {
    text.lines().enumerate().find_map(|(i, l)| {
        let lead = &l[..l.len() - l.trim_start_matches([' ', '\t']).len()];
        let at = lead.find('\t')?;
        // A line of only blanks is no line of the data.
        (lead.len() < l.len()).then(|| Mistake {
            line: i + 1,
            column: at + 1,
            // Meant, most likely, as the line above's sibling.
            meant: format!(
                "{}{}",
                " ".repeat(text_levels_before(text, i).last().copied().unwrap_or(0)),
                &l[lead.len()..]
            ),
            message: "บรรทัดนี้ย่อหน้าด้วยแท็บ ให้ใช้การเว้นวรรคแทน / this line is indented with a tab: \
                      indent with spaces"
                .into(),
        })
    })
}

/// The 1-based column where the value of `line` (`key: value`, `- value`) starts.
pub fn value_column(line: &str) -> usize {
    value_start(line).map_or(1, |(at, _)| line[..at].chars().count() + 1)
}

/// Where a value starts on a line of a block: after `key: ` or `- `, with its column.
fn value_start(line: &str) -> Option<(usize, &str)> {
    let body = line.trim_start();
    let mut at = line.len() - body.len();
    let mut rest = body;
    while let Some(r) = rest.strip_prefix("- ") {
        at += 2 + (r.len() - r.trim_start().len());
        rest = r.trim_start();
    }
    if let Some((_, value)) = split_key(rest) {
        return Some((at + rest.len() - value.len(), value));
    }
    Some((at, rest))
}

/// `key: value` → (key, value), the key plain (letters, digits, `_`, `-`).
fn split_key(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(':')?;
    let key = &s[..colon];
    if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    let after = &s[colon + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, after.trim_start()))
}

/// Whether a line, trimmed, reads as a key of a mapping or an item of a list.
fn looks_structural(line: &str) -> bool {
    let t = line.trim_start();
    t == "-" || t.starts_with("- ") || split_key(t).is_some()
}

/// A quote that opens a value and is not closed before lines that read as the data's own
/// keys or items: the reader took those lines into the text and stopped at the next quote.
fn unclosed_quote(text: &str, stop: usize) -> Option<Mistake> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() && i < stop {
        let Some((col, value)) = value_start(lines[i]) else {
            i += 1;
            continue;
        };
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            i += 1;
            continue;
        };
        // Where the quoted text ends: the first closing quote, across lines.
        let mut end = None;
        let mut swallowed = false;
        let mut rest = &value[1..];
        let mut j = i;
        loop {
            if let Some(at) = closing(rest, quote) {
                end = Some((j, at));
                break;
            }
            j += 1;
            if j >= lines.len() {
                break;
            }
            swallowed |= looks_structural(lines[j]);
            rest = lines[j];
        }
        if end.is_none() || swallowed {
            let name = if quote == '"' {
                "เครื่องหมายคำพูด (\") "
            } else {
                "เครื่องหมายคำพูด (') "
            };
            return Some(Mistake {
                line: i + 1,
                column: lines[i][..col].chars().count() + 1,
                meant: format!("{}x", &lines[i][..col]),
                message: format!(
                    "{name}ที่เปิดในบรรทัด {} ยังไม่ปิด ให้ปิดท้ายข้อความในบรรทัดเดียวกัน / \
                     the quote opened on line {} is not closed: close it at the end of the text, on the same line",
                    i + 1,
                    i + 1
                ),
            });
        }
        i = end.map_or(lines.len(), |(j, _)| j + 1);
    }
    None
}

/// A bracket (`[1, 2`) that opens a value and is not closed on its line, where the next
/// line is the data's next key or item: the reader went on into it and stopped there.
fn unclosed_bracket(text: &str) -> Option<Mistake> {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().find_map(|(i, line)| {
        let (col, value) = value_start(line)?;
        let open = value.chars().next().filter(|c| *c == '[' || *c == '{')?;
        let close = if open == '[' { ']' } else { '}' };
        // The depth at the line's end, outside quotes.
        let mut depth = 0i32;
        let mut quote = None;
        for c in value.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                (None, '#') if depth == 0 => break,
                _ => {}
            }
        }
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        (depth > 0 && quote.is_none() && next.is_none_or(|l| looks_structural(l))).then(|| Mistake {
            line: i + 1,
            column: line[..col].chars().count() + 1,
            meant: format!("{}x", &line[..col]),
            message: format!(
                "วงเล็บ {open} ที่เปิดในบรรทัด {} ยังไม่ปิด ให้ปิดด้วย {close} ในบรรทัดเดียวกัน / \
                 the bracket `{open}` opened on line {} is not closed: close it with `{close}` on the same line",
                i + 1,
                i + 1
            ),
        })
    })
}

/// The byte after the quote that closes a quoted text in `s` (`\"` and `''` do not close).
fn closing(s: &str, quote: char) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                return Some(i + 1);
            }
        }
    }
    None
}

/// A key or item whose indent matches no open level: one space short of its neighbours,
/// or deeper than a value allows.
fn indent(text: &str) -> Option<Mistake> {
    // The indents where siblings start, outermost first.
    let mut levels: Vec<usize> = Vec::new();
    // The indent of the line whose block the next deeper line opens, if it opened one.
    let mut opens: Option<usize> = None;
    // A value on its line's end (a plain text may go on, more indented).
    let mut inline: Option<usize> = None;
    // A block text (`|`, `>`): lines deeper than this indent are its.
    let mut block_text: Option<usize> = None;
    let mut in_quote: Option<char> = None;
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        if let Some(q) = in_quote {
            if closing(line, q).is_some() {
                in_quote = None;
            }
            continue;
        }
        if body.is_empty() || body.starts_with('#') || body.starts_with("---") || body.starts_with('\t') {
            continue;
        }
        let at = line.len() - body.len();
        if let Some(b) = block_text {
            if at > b {
                continue;
            }
            block_text = None;
        }
        if let Some(parent) = opens.take()
            && (at > parent || (at == parent && body.starts_with('-')))
        {
            levels.push(at);
        } else {
            if let Some(v) = inline.take()
                && at > v
            {
                if !looks_structural(body) {
                    continue;
                }
                let near = levels.last().copied().unwrap_or(0);
                return Some(misindented(n + 1, at, near, body, true));
            }
            while levels.last().is_some_and(|&l| l > at) {
                levels.pop();
            }
            match levels.last() {
                Some(&l) if l == at => {}
                None if at == 0 => levels.push(0),
                _ => {
                    // The level it was meant for: the nearest indent of the lines above,
                    // the deeper of two as near (one space short is the usual slip).
                    let meant = text_levels_before(text, n)
                        .into_iter()
                        .min_by_key(|&l| (l.abs_diff(at), std::cmp::Reverse(l)))
                        .unwrap_or(0);
                    return Some(misindented(n + 1, at, meant, body, false));
                }
            }
        }
        // What this line opens.
        let mut rest = body;
        let mut col = at;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
            let inner = r.trim_start();
            col += rest.len() - inner.len();
            rest = inner;
            if !rest.is_empty() && levels.last() != Some(&col) {
                levels.push(col);
            }
        }
        if rest.is_empty() {
            opens = Some(col);
            continue;
        }
        let value = split_key(rest).map(|(_, v)| v);
        match value {
            Some("") => opens = Some(col),
            Some(v) if v.starts_with('|') || v.starts_with('>') => block_text = Some(col),
            Some(v) => {
                if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'')
                    && closing(&v[1..], q).is_none()
                {
                    in_quote = Some(q);
                }
                inline = Some(col);
            }
            None => inline = Some(col),
        }
    }
    None
}

/// The indents the lines before line `n` (0-based) start their keys and items at.
fn text_levels_before(text: &str, n: usize) -> Vec<usize> {
    text.lines()
        .take(n)
        .filter(|l| looks_structural(l) && !l.trim_start().starts_with('#'))
        .flat_map(|l| {
            let at = l.len() - l.trim_start_matches(' ').len();
            let t = &l[at..];
            // `- name:` starts an item at `at` and its keys at `at + 2`.
            if t.starts_with("- ") { vec![at, at + 2] } else { vec![at] }
        })
        .collect()
}

/// A line indented `at` spaces where its neighbours use `meant`: short of them, or deeper
/// than a key may be after a value (`deep`), which YAML reads as more of that value.
fn misindented(line: usize, at: usize, meant: usize, body: &str, deep: bool) -> Mistake {
    let message = if deep {
        format!(
            "บรรทัดนี้ย่อหน้าลึกเกินไป ({at} ช่อง) จึงถูกอ่านเป็นข้อความต่อจากบรรทัดบน ให้ย่อหน้า {meant} ช่องเท่าบรรทัดอื่นในระดับเดียวกัน / \
             this line is indented {at} spaces, deeper than a key may be here, so it reads as the text of \
             the line above: indent it {meant} spaces like its neighbours"
        )
    } else {
        format!(
            "บรรทัดนี้ย่อหน้า {at} ช่อง ไม่ตรงกับบรรทัดอื่นในระดับเดียวกัน (ย่อหน้า {meant} ช่อง) / \
             this line is indented {at} spaces, matching none of its neighbours: they are indented {meant}"
        )
    };
    Mistake { line, column: at + 1, meant: format!("{}{body}", " ".repeat(meant)), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "plan:\n  title: ก\n  dimensions:\n  - number: 1\n    name: ข\nrows:\n- name: ค\n  budget: \"1.00\"\n  quarters: [1]\n  remark: >-\n    ยาว\n    ต่อ\nsheets: []\n";

    #[test]
    fn a_valid_text_has_none() {
        assert_eq!(find(GOOD, 100), None);
        // Every dataset of the repository, and what phaen writes of them.
        for text in [
            include_str!("../../data/samutsongkhram-2567.yaml"),
            include_str!("../../data/samutsongkhram-2567-progress-6m.yaml"),
            include_str!("../../data/samutsongkhram-2567-progress-12m.yaml"),
            include_str!("../../data/starter.yaml"),
        ] {
            assert_eq!(find(text, usize::MAX), None);
        }
    }

    #[test]
    fn each_is_found_at_its_line() {
        let m = find(&GOOD.replace("  budget: \"1.00\"", " budget: \"1.00\""), 100).unwrap();
        assert_eq!((m.line, m.column), (8, 2), "{m:?}");
        assert!(m.message.contains("indented 1 spaces") && m.message.contains("indented 2"), "{m:?}");
        let m = find(&GOOD.replace("  budget: \"1.00\"", "     budget: \"1.00\""), 100).unwrap();
        assert_eq!(m.line, 8, "{m:?}");
        let m = find(&GOOD.replace("  title: ก", "  title: \"ก"), 100).unwrap();
        assert_eq!(m.line, 2, "{m:?}");
        assert!(m.message.contains("line 2"), "{m:?}");
        let m = find(&GOOD.replace("  quarters: [1]", "\tquarters: [1]"), 100).unwrap();
        assert_eq!((m.line, m.column), (9, 1), "{m:?}");
    }
}
