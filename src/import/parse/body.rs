//! Section bodies: paragraphs, numbered items, bullets.

use super::*;

/// Words that open a paragraph of an official Thai text: a line starting with one of
/// them after a paragraph of some length starts a new paragraph.
pub(super) const PARAGRAPH_OPENERS: [&str; 12] = [
    "ดังนั้น",
    "จากสถานการณ์",
    "อีกทั้ง",
    "นอกจากนี้",
    "ทั้งนี้",
    "ปัจจุบัน",
    "พระราชบัญญัติ",
    "พระราชกฤษฎีกา",
    "รัฐธรรมนูญ",
    "แผนแม่บท",
    "เพื่อให้เป็นไปตาม",
    "องค์กรปกครองส่วนท้องถิ่นเป็นหน่วยงาน",
];

/// Openers that also open a paragraph in the middle of an extracted line, where the
/// extractor ran two printed lines together (`… คุ่มค่า ดังนั้น เพื่อให้…`).
pub(super) const MID_LINE_OPENERS: [&str; 1] = ["ดังนั้น"];

/// `ยัง` (still, also) right after an opener continues the subject of the sentence
/// before (`อีกทั้งยังช่วย…`): no new paragraph.
pub(super) const CONTINUING: &str = "ยัง";

/// A clause opened by `เนื่องจาก` (because) is closed by `ดังนั้น … จึง` in the same
/// sentence: no new paragraph at its `ดังนั้น`.
pub(super) const BECAUSE: &str = "เนื่องจาก";

/// Connectives that open a sentence; a space goes before them.
pub(super) const SENTENCE_CONNECTIVES: [&str; 4] = ["ดังนั้น", "ทั้งนี้", "นอกจากนี้", "อีกทั้ง"];

/// Words that cannot end a paragraph: a paragraph ending with one goes on.
pub(super) const CONNECTIVES: [&str; 10] = [
    SENTENCE_CONNECTIVES[0],
    SENTENCE_CONNECTIVES[1],
    SENTENCE_CONNECTIVES[2],
    SENTENCE_CONNECTIVES[3],
    "และ",
    "หรือ",
    "โดย",
    "ซึ่ง",
    "เพื่อ",
    "ของ",
];

/// A paragraph shorter than this (in characters) is the first visual line of a paragraph
/// split by the extractor (`ดังนั้น` / `เทศบาลเมือง…` alone on a line): it never ends there.
pub(super) const MIN_PARAGRAPH_CHARS: usize = 120;

/// The width, in base characters (Thai marks above and below not counted), that no
/// printed line of an A4 sheet exceeds: a longer extracted line is several printed lines
/// run together, and may hide a paragraph start in its middle.
pub(super) const PRINTED_LINE_CELLS: usize = 100;

/// Does `line` open a new paragraph after `paragraph`? Only when the paragraph so far
/// is long enough to be complete, does not end with a connective, and the line starts
/// with a paragraph opener (not followed by `ยัง`) or with the organization's name (the
/// subject of the usual closing paragraph).
pub(super) fn starts_paragraph(paragraph: &str, line: &str, organization: &str) -> bool {
    let opener =
        PARAGRAPH_OPENERS.iter().any(|o| line.strip_prefix(o).is_some_and(|rest| !rest.starts_with(CONTINUING)));
    paragraph.chars().count() >= MIN_PARAGRAPH_CHARS
        && !ends_with_connective(paragraph)
        && (opener || line.starts_with(organization))
}

pub(super) fn ends_with_connective(text: &str) -> bool {
    let text = text.trim_end();
    CONNECTIVES
        .iter()
        .any(|c| text.strip_suffix(c).is_some_and(|before| before.is_empty() || before.ends_with(char::is_whitespace)))
}

/// Whether a `เนื่องจาก` clause is open at the end of `text` (no `ดังนั้น` after it).
pub(super) fn open_because(text: &str) -> bool {
    text.rfind(BECAUSE).is_some_and(|at| !text[at..].contains(MID_LINE_OPENERS[0]))
}

/// The printed width of a text: its characters minus the Thai marks above and below.
pub(super) fn cells(text: &str) -> usize {
    text.chars().filter(|&c| !is_thai_combining(c)).count()
}

/// Where a paragraph starts in the middle of a line of text that follows `paragraph`:
/// the byte offsets in `text` of each mid-line opener (see [`MID_LINE_OPENERS`]) that
/// follows a space, has text after it, and comes after enough text to close a paragraph
/// without an open `เนื่องจาก` clause. Only in a line wider than a printed line.
pub(super) fn mid_line_paragraphs(paragraph: &str, text: &str, line: &str) -> Vec<usize> {
    if cells(line) <= PRINTED_LINE_CELLS {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    for opener in MID_LINE_OPENERS {
        for (at, _) in text.match_indices(&format!(" {opener} ")) {
            let before = if cuts.is_empty() {
                join_space(paragraph, &text[..at])
            } else {
                text[*cuts.last().unwrap_or(&0)..at].to_string()
            };
            if before.chars().count() >= MIN_PARAGRAPH_CHARS && !open_because(&before) && !ends_with_connective(&before)
            {
                cuts.push(at + 1);
            }
        }
    }
    cuts.sort_unstable();
    cuts
}

/// A list number found in a line: `๒)`, `๒.๑)`, `๒.๑.๑)`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Marker<'a> {
    /// The number as written, `๒.๑)`.
    pub(super) raw: &'a str,
    /// The numbers, outermost first: `๒.๑)` → [2, 1].
    pub(super) path: Vec<u32>,
    /// Whether the number starts its line (after a stray `- `).
    pub(super) at_line_start: bool,
    /// Written in parentheses, `(๓.๒)`: an item only where it continues a nested list.
    pub(super) parenthesised: bool,
}

/// A piece of a line: a list number, text, or a dash starting the line.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece<'a> {
    Marker(Marker<'a>),
    Text(&'a str),
}

/// Marks a `-` that started a line, for [`split_bullets`]: a bullet when a dash list
/// follows, else a stray dash of the extractor that is dropped.
pub(super) const LINE_DASH: char = '\u{2043}';

/// Cuts a line into list numbers and text. A number counts when it starts the line or
/// follows a space and is not inside parentheses (`(ฉบับที่ ๓)` is no item). A leading
/// `- ` before a number is dropped; a leading `- ` before text becomes [`LINE_DASH`].
pub(super) fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut line = line.trim();
    let mut out = Vec::new();
    if let Some(rest) = line.strip_prefix('-') {
        let rest = rest.trim_start();
        if marker_at(rest).is_none() {
            out.push(Piece::Text(LINE_DASH_STR));
        }
        line = rest;
    }
    let mut text_from = 0;
    let mut depth = 0i32;
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        let at_marker = depth == 0 && prev.is_none_or(char::is_whitespace);
        // A list number here: `(๓.๒)` or `๑)`, `๒.๑)`.
        let marker = if !at_marker {
            None
        } else if c == '(' {
            paren_marker_at(&line[i..]).map(|(path, len)| (path, len, true))
        } else if is_digit(c) {
            marker_at(&line[i..])
                .or_else(|| if i == 0 { dot_marker_at(line) } else { None })
                .map(|(path, len)| (path, len, false))
        } else {
            None
        };
        if let Some((path, len, parenthesised)) = marker {
            let text = line[text_from..i].trim();
            if !text.is_empty() {
                out.push(Piece::Text(text));
            }
            out.push(Piece::Marker(Marker { raw: &line[i..i + len], path, at_line_start: i == 0, parenthesised }));
            i += len;
            text_from = i;
            prev = Some(')');
            continue;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    let text = line[text_from..].trim();
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

pub(super) const LINE_DASH_STR: &str = "\u{2043}";

/// A list number at the start of `s`: digits (`.` digits)* `)`, then a space or the end.
pub(super) fn marker_at(s: &str) -> Option<(Vec<u32>, usize)> {
    let end = s.find(')')?;
    let path = s[..end].split('.').map(parse_number).collect::<Option<Vec<u32>>>()?;
    let after = &s[end + 1..];
    (after.is_empty() || after.starts_with(char::is_whitespace) || !after.starts_with(is_digit))
        .then_some((path, end + 1))
}

/// A list number written with a dot, `1.` or `๒.๑.`, then a space: how Word's numbered
/// lists and many typed plans number items. Only at the start of a line (in running text
/// `พ.ศ. ๒๕๖๗.` ends a sentence), and only in a section's body, where a section's own
/// heading (`๓. วัตถุประสงค์`) has already been taken.
pub(super) fn dot_marker_at(s: &str) -> Option<(Vec<u32>, usize)> {
    let end = s.find(|c: char| !(is_digit(c) || c == '.'))?;
    let number = s[..end].strip_suffix('.')?;
    let path = number.split('.').map(parse_number).collect::<Option<Vec<u32>>>()?;
    let after = &s[end..];
    (after.is_empty() || after.starts_with(char::is_whitespace)).then_some((path, end))
}

/// A dotted list number in parentheses at the start of `s`, `(๓.๒)`, then a space or
/// the end. Un-dotted ones, `(๙)`, are the clauses of a law or an inline enumeration.
pub(super) fn paren_marker_at(s: &str) -> Option<(Vec<u32>, usize)> {
    let rest = s.strip_prefix('(')?;
    let (path, len) = marker_at(rest)?;
    let after = &rest[len..];
    (path.len() > 1 && (after.is_empty() || after.starts_with(char::is_whitespace))).then_some((path, len + 1))
}

/// A piece of a section with where it comes from: its input line (number and text) and
/// whether it starts that line.
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    pub(super) line_no: usize,
    pub(super) line: &'a str,
    pub(super) piece: Piece<'a>,
    pub(super) new_line: bool,
}

/// Puts list numbers that the extractor wrote after their text back in front of it.
///
/// Some extractions put each number of an inline sub-list at the end of its item's
/// text: `ปรับปรุงแผนผัง…ให้เป็นปัจจุบัน ๑)` / `ปรับปรุงป้าย… ๒)` / `จัดให้มีกล่อง… ๔) จัดทำ…`.
/// The sign is a `๑)` that ends a line of text not introducing a list (no `ดังนี้`,
/// `เช่น`, … before it) followed by a `๒)` that ends a line too. Each number of such a
/// run (`๑)`, `๒)`, … none starting a line) then moves before the text since the number
/// before it (for `๑)`, since the start of its line).
pub(super) fn restore_trailing_numbers(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let undotted = |t: &Token, n: u32| matches!(&t.piece, Piece::Marker(m) if m.path == [n] && !m.at_line_start && !m.parenthesised);
    let ends_line = |tokens: &[Token], i: usize| tokens.get(i + 1).is_none_or(|t| t.new_line);
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let opens = undotted(&tokens[i], 1)
            && ends_line(&tokens, i)
            && i > 0
            && tokens[i - 1].line_no == tokens[i].line_no
            && matches!(tokens[i - 1].piece, Piece::Text(t)
                if t != LINE_DASH_STR && !LIST_INTRODUCERS.iter().any(|w| t.ends_with(w)));
        // The run: marker positions with text between them, numbered 1, 2, …
        let mut run = vec![i];
        if opens {
            let mut j = i + 1;
            while j < tokens.len() {
                match &tokens[j].piece {
                    Piece::Text(_) => j += 1,
                    Piece::Marker(_) if undotted(&tokens[j], run.len() as u32 + 1) && j > run[run.len() - 1] + 1 => {
                        run.push(j);
                        j += 1;
                    }
                    Piece::Marker(_) => break,
                }
            }
        }
        if !opens || run.len() < 2 || !ends_line(&tokens, run[1]) {
            out.push(tokens[i].clone());
            i += 1;
            continue;
        }
        // `๑)` goes to the start of its line: take its line's text back out of `out`.
        let line_start = out.iter().rposition(|t| t.new_line).unwrap_or(0);
        let mut segment: Vec<Token> = out.drain(line_start..).collect();
        for (k, &at) in run.iter().enumerate() {
            if k > 0 {
                segment = tokens[run[k - 1] + 1..at].to_vec();
            }
            let mut marker = tokens[at].clone();
            if let Piece::Marker(m) = &mut marker.piece {
                m.at_line_start = false;
            }
            marker.new_line = segment.first().is_some_and(|t| t.new_line);
            if let Some(first) = segment.first_mut() {
                first.new_line = false;
            }
            out.push(marker);
            out.append(&mut segment);
        }
        i = run[run.len() - 1] + 1;
        // The last number stood between its text and what follows: keep them apart.
        if let Some(next) = tokens.get(i).filter(|t| matches!(t.piece, Piece::Text(_))) {
            out.push(Token { new_line: false, ..next.clone() });
            i += 1;
        }
    }
    out
}

/// One paragraph or one list item, as read line by line.
#[derive(Debug)]
pub(super) struct Entry {
    /// 0 for a paragraph, else the nesting depth of the item (1 = `๑)`).
    pub(super) depth: usize,
    /// The printed number (last component), for the numbering checks.
    pub(super) number: u32,
    pub(super) text: String,
    pub(super) line: usize,
}

/// Reads the lines of one section into blocks.
pub(super) struct SectionReader<'a> {
    pub(super) joiner: &'a Joiner,
    pub(super) organization: &'a str,
    pub(super) sheet: u32,
}

impl SectionReader<'_> {
    pub(super) fn read(&self, lines: &[(usize, &str)], warnings: &mut Vec<Warning>) -> Vec<Block> {
        let entries = self.entries(lines);
        let mut at = 0;
        let mut blocks = Vec::new();
        while at < entries.len() {
            if entries[at].depth == 0 {
                let (text, bullets) = split_bullets(&entries[at].text);
                if !text.is_empty() {
                    blocks.push(Block::Para(text));
                }
                if !bullets.is_empty() {
                    blocks.push(Block::Bullets { bullets });
                }
                at += 1;
            } else {
                blocks.push(Block::Items { items: self.items(&entries, &mut at, 1, warnings) });
            }
        }
        blocks
    }

    /// Groups lines into paragraphs and items (see the module docs for the rules).
    pub(super) fn entries(&self, lines: &[(usize, &str)]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        // The open run of un-dotted numbers found mid-line (`… ดังนี้ ๑) … ๒) …`):
        // a nested list under the current item, as (depth, last number).
        let mut inline_list: Option<(usize, u32)> = None;
        let mut last_top = 0;
        let mut tokens = Vec::new();
        for &(line_no, line) in lines {
            let line = line.trim();
            if line.is_empty() || line == "-" {
                continue;
            }
            for (k, piece) in pieces(line).into_iter().enumerate() {
                tokens.push(Token { line_no, line, piece, new_line: k == 0 });
            }
        }
        for Token { line_no, line, piece, new_line } in restore_trailing_numbers(tokens) {
            {
                match piece {
                    Piece::Marker(m) => {
                        let Some(depth) = self.depth_of(&m, entries.last(), &mut inline_list, last_top) else {
                            self.append(&mut entries, m.raw, line_no, new_line);
                            continue;
                        };
                        let number = *m.path.last().unwrap_or(&0);
                        if depth == 1 {
                            last_top = number;
                        }
                        entries.push(Entry { depth, number, text: String::new(), line: line_no });
                    }
                    Piece::Text(text) => {
                        let cuts = match entries.last() {
                            Some(e) if e.depth == 0 => mid_line_paragraphs(&e.text, text, line),
                            _ => Vec::new(),
                        };
                        let mut from = 0;
                        let mut new_line = new_line;
                        for cut in cuts {
                            self.append(&mut entries, text[from..cut].trim(), line_no, new_line);
                            entries.push(Entry { depth: 0, number: 0, text: String::new(), line: line_no });
                            new_line = false;
                            from = cut;
                        }
                        self.append(&mut entries, text[from..].trim(), line_no, new_line);
                    }
                }
            }
        }
        entries
    }

    /// The depth of a list number, or `None` when it is no list item but text.
    ///
    /// Dotted numbers nest by their number of parts; in parentheses, `(๓.๒)`, only when
    /// they continue the item before (`๓.๑)`). An un-dotted number at the start of a line
    /// is a top-level item, unless it continues an open mid-line run and not the top
    /// level. Mid-line, `๑)` after a paragraph opens a list; `๑)` inside an item opens an
    /// enumeration printed as running text (`… ดังนี้ ๑) … ๒) …`): it and the `n+1)`
    /// continuing it stay text, as printed. A mid-line number continuing the top level
    /// is an item run into the line before; other mid-line numbers are text.
    pub(super) fn depth_of(
        &self,
        m: &Marker<'_>,
        current: Option<&Entry>,
        inline_list: &mut Option<(usize, u32)>,
        last_top: u32,
    ) -> Option<usize> {
        if m.path.len() > 1 {
            let depth = m.path.len();
            let continues = current.is_some_and(|e| e.depth == depth && e.number + 1 == *m.path.last().unwrap_or(&0));
            return (!m.parenthesised || continues).then_some(depth);
        }
        let n = m.path[0];
        let continues_inline = |l: &Option<(usize, u32)>| l.filter(|&(_, last)| last + 1 == n).map(|(d, _)| d);
        // Depth 0 stands for an inline enumeration kept as text.
        let depth = if m.at_line_start {
            match continues_inline(inline_list) {
                Some(d) if n != last_top + 1 => d,
                _ => 1,
            }
        } else if let Some(d) = continues_inline(inline_list) {
            d
        } else if n == 1 {
            if current.is_some_and(|e| e.depth >= 1) { 0 } else { 1 }
        } else if n == last_top + 1 && current.is_some_and(|e| e.depth >= 1) {
            1
        } else {
            return None;
        };
        *inline_list = (depth != 1).then_some((depth, n));
        (depth > 0).then_some(depth)
    }

    /// Adds text to the current entry, or starts a paragraph.
    pub(super) fn append(&self, entries: &mut Vec<Entry>, text: &str, line: usize, new_line: bool) {
        let start_paragraph = match entries.last() {
            None => true,
            Some(e) => e.depth == 0 && new_line && starts_paragraph(&e.text, text, self.organization),
        };
        if start_paragraph {
            entries.push(Entry { depth: 0, number: 0, text: text.to_string(), line });
            return;
        }
        let Some(entry) = entries.last_mut() else {
            return;
        };
        entry.text = if new_line { self.joiner.join(&entry.text, text) } else { join_space(&entry.text, text) };
    }

    /// Builds the items of one list level starting at `entries[*at]`, with deeper
    /// entries as the children of the item before them.
    pub(super) fn items(
        &self,
        entries: &[Entry],
        at: &mut usize,
        depth: usize,
        warnings: &mut Vec<Warning>,
    ) -> Vec<Item> {
        let mut items: Vec<Item> = Vec::new();
        while *at < entries.len() && entries[*at].depth >= depth {
            let entry = &entries[*at];
            if entry.depth > depth && !items.is_empty() {
                let children = self.items(entries, at, depth + 1, warnings);
                if let Some(last) = items.pop() {
                    items.push(with_children(last, children));
                }
                continue;
            }
            let expected = items.len() as u32 + 1;
            if entry.number != expected {
                warnings.push(Warning {
                    line: entry.line,
                    message: format!(
                        "ลำดับที่ {s}: ข้อ {n}) อยู่ในที่ของข้อ {e}) (คงไว้ phaen เรียงเลขใหม่) / sheet {s}: item {n}) where {e}) was expected (kept; phaen renumbers)",
                        s = thai_numeral(self.sheet),
                        n = thai_numeral(entry.number),
                        e = thai_numeral(expected)
                    ),
                });
            }
            let (text, bullets) = split_bullets(&entry.text);
            if text.is_empty() && bullets.is_empty() {
                warnings.push(Warning {
                    line: entry.line,
                    message: format!(
                        "ลำดับที่ {s}: ข้อ {n}) ว่าง / sheet {s}: item {n}) is empty",
                        s = thai_numeral(self.sheet),
                        n = thai_numeral(entry.number)
                    ),
                });
            }
            items.push(if bullets.is_empty() {
                Item::Text(text)
            } else {
                Item::Full { text, body: vec![Block::Bullets { bullets }] }
            });
            *at += 1;
        }
        items
    }
}

/// Appends nested items to an item's body.
pub(super) fn with_children(item: Item, children: Vec<Item>) -> Item {
    let (text, mut body) = match item {
        Item::Text(text) => (text, Vec::new()),
        Item::Full { text, body } => (text, body),
    };
    body.push(Block::Items { items: children });
    Item::Full { text, body }
}

pub(super) fn join_space(left: &str, right: &str) -> String {
    match (left.is_empty(), right.is_empty()) {
        (true, _) => right.to_string(),
        (_, true) => left.to_string(),
        _ => format!("{left} {right}"),
    }
}

/// Words that introduce a dash list: `… เช่น - ก - ข`.
pub(super) const LIST_INTRODUCERS: [&str; 4] = ["เช่น", "ดังนี้", "ได้แก่", "ประกอบด้วย"];

/// A dash followed by a word this short is a hyphen (`จัดซื้อ - จัดจ้าง`), not a bullet.
pub(super) const MAX_HYPHENATED_CHARS: usize = 8;

/// Splits the dash list out of a paragraph or item text: `เช่น - ก - ข` → (`เช่น`, [ก, ข]).
///
/// The dashes are ` - ` outside parentheses and not before a short word (see
/// [`dash_split`]), and the [`LINE_DASH`] marks of dashes that started a line. They make
/// a list when there are two or more, or one that follows nothing or a list introducer
/// (`เช่น`, `ดังนี้`, …). When there is no list, the line-start dashes are stray marks
/// of the extractor and are dropped.
pub(super) fn split_bullets(text: &str) -> (String, Vec<String>) {
    let parts = dash_split(text);
    let head = parts[0].trim();
    let is_list = parts.len() > 2
        || (parts.len() == 2 && (head.is_empty() || LIST_INTRODUCERS.iter().any(|w| head.ends_with(w))));
    if !is_list {
        let text = text.replace(&format!(" {LINE_DASH} "), " ").replace(LINE_DASH, "");
        return (normalize_space(&text), Vec::new());
    }
    let bullets = parts[1..].iter().map(|p| normalize_space(p)).filter(|p| !p.is_empty()).collect();
    (head.to_string(), bullets)
}

/// Splits at list dashes: ` - ` (or a trailing ` -`) outside parentheses, and [`LINE_DASH`].
/// A dash before a word of at most [`MAX_HYPHENATED_CHARS`] joins two words and stays.
pub(super) fn dash_split(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut from = 0;
    let mut depth = 0i32;
    let mut chars = text.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, n)| n);
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            LINE_DASH => {
                parts.push(&text[from..i]);
                from = i + c.len_utf8();
            }
            '-' if depth == 0 && prev.is_whitespace() && next.is_whitespace() && !before_short_word(&text[i + 1..]) => {
                parts.push(&text[from..i]);
                from = i + 1;
            }
            _ => {}
        }
        prev = c;
    }
    parts.push(&text[from..]);
    parts
}

/// Whether `rest` (after a dash) starts with a short word and goes on after it.
pub(super) fn before_short_word(rest: &str) -> bool {
    let rest = rest.trim_start();
    let word = rest.split(|c: char| c.is_whitespace() || c == LINE_DASH).next().unwrap_or_default();
    !word.is_empty() && word.chars().count() <= MAX_HYPHENATED_CHARS && word.chars().all(is_thai_letter)
}
