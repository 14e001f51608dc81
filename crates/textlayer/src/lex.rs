//! The content-stream lexer: a scanner that finds the operators the repair reads and
//! passes over the rest, and the splicing of edits into a stream's bytes.
//!
//! Content streams are never decoded into objects: the repair reads a few operators (the
//! graphics and text state, marked content, text showing) and edits byte ranges, so that all
//! else is copied through as it was written.

use std::ops::Range;

/// The two-byte codes of a string shown with an `Identity-H` font.
pub(crate) fn codes(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]))
}

/// `content` with `edits` made: each byte range replaced by its bytes (ranges do not
/// overlap). A space is put between two tokens that would otherwise run together.
pub(crate) fn splice<B: AsRef<[u8]> + PartialEq>(content: &[u8], mut edits: Vec<(Range<usize>, B)>) -> Vec<u8> {
    fn append(out: &mut Vec<u8>, bytes: &[u8]) {
        if let (Some(&last), Some(&first)) = (out.last(), bytes.first())
            && regular(last)
            && regular(first)
        {
            out.push(b' ');
        }
        out.extend_from_slice(bytes);
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    edits.dedup();
    let mut out = Vec::with_capacity(content.len() + 32 * edits.len());
    let mut at = 0;
    for (range, bytes) in edits {
        debug_assert!(range.start >= at, "overlapping edits");
        append(&mut out, &content[at.min(range.start)..range.start]);
        append(&mut out, bytes.as_ref());
        at = at.max(range.end);
    }
    append(&mut out, &content[at..]);
    out
}

/// An operand of a content-stream operator, as much of it as the repair reads. Names and
/// strings are decoded into [`Operation::bytes`].
#[derive(Debug, PartialEq)]
pub(crate) enum Operand {
    Name(Range<usize>),
    String(Range<usize>),
    /// An array: its strings and numbers, in [`Operation::items`] (those of arrays in it left
    /// out).
    Array(Range<usize>),
    Number(f64),
    /// A dictionary: where it is written, and its `/ActualText` if that is a string.
    Dict {
        at: Range<usize>,
        actual_text: Option<Range<usize>>,
    },
    /// A boolean, null, or what is inside a dictionary.
    Other,
}

/// A string or a number of an array operand (of `TJ`, say).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    String(Range<usize>),
    Number(f64),
}

/// An operation of a content stream.
pub(crate) struct Operation<'a> {
    pub operator: &'a [u8],
    pub operands: &'a [Operand],
    /// Where it is written, from its first operand to its operator.
    pub at: Range<usize>,
    /// The names and strings of its operands, decoded.
    pub bytes: &'a [u8],
    /// The strings and numbers of its array operands.
    pub items: &'a [Item],
}

impl Operation<'_> {
    /// The bytes of a name or string operand.
    pub fn bytes(&self, range: &Range<usize>) -> &[u8] {
        &self.bytes[range.clone()]
    }
}

/// PDF white space (ISO 32000-1, 7.2.2).
pub(crate) fn white(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// A regular character: neither white space nor a delimiter.
pub(crate) fn regular(c: u8) -> bool {
    !white(c) && !matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// How deep arrays and dictionaries may nest.
const MAX_DEPTH: usize = 64;

/// Calls `visit` with every operation of a content stream, in order. Fails on what is not
/// content-stream syntax.
pub(crate) fn scan(content: &[u8], mut visit: impl FnMut(Operation<'_>)) -> Result<(), ()> {
    let mut s = Scanner { buf: content, pos: 0, bytes: Vec::new(), items: Vec::new() };
    let mut operands = Vec::new();
    let mut start = None;
    loop {
        s.skip();
        let Some(&c) = content.get(s.pos) else { break };
        let at = s.pos;
        if !regular(c) {
            let operand = s.object(0)?;
            operands.push(operand);
            start.get_or_insert(at);
            continue;
        }
        let token = s.token();
        if let Some(operand) = plain(token) {
            operands.push(operand);
            start.get_or_insert(at);
            continue;
        }
        let end = if token == b"BI" { s.inline_image()? } else { s.pos };
        let at = start.unwrap_or(at)..end;
        visit(Operation { operator: token, operands: &operands, at, bytes: &s.bytes, items: &s.items });
        operands.clear();
        s.bytes.clear();
        s.items.clear();
        start = None;
    }
    Ok(())
}

/// A number, boolean or null token as an operand; `None` for an operator.
fn plain(token: &[u8]) -> Option<Operand> {
    if token.iter().all(|c| c.is_ascii_digit() || b"+-.".contains(c)) {
        // A malformed number (`--1`, `1.2.3`) reads as 0, as readers take it.
        let number = std::str::from_utf8(token).ok().and_then(|t| t.parse().ok()).unwrap_or(0.0);
        return Some(Operand::Number(number));
    }
    matches!(token, b"true" | b"false" | b"null").then_some(Operand::Other)
}

struct Scanner<'a> {
    buf: &'a [u8],
    pos: usize,
    /// The names and strings of the operation being read, decoded.
    bytes: Vec<u8>,
    /// The strings and numbers of its arrays.
    items: Vec<Item>,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Skips white space and comments.
    fn skip(&mut self) {
        while let Some(c) = self.peek() {
            if white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\r' && c != b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters.
    fn token(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(regular) {
            self.pos += 1;
        }
        &self.buf[start..self.pos]
    }

    /// An object that starts here, at a character that is not white space.
    fn object(&mut self, depth: usize) -> Result<Operand, ()> {
        let start = self.pos;
        match self.peek().ok_or(())? {
            b'/' => Ok(Operand::Name(self.name())),
            b'(' => self.literal().map(Operand::String),
            b'<' if self.buf.get(self.pos + 1) == Some(&b'<') => {
                if depth >= MAX_DEPTH {
                    return Err(());
                }
                self.pos += 2;
                let mut actual_text = None;
                loop {
                    self.skip();
                    if self.buf[self.pos..].starts_with(b">>") {
                        self.pos += 2;
                        return Ok(Operand::Dict { at: start..self.pos, actual_text });
                    }
                    if self.peek() != Some(b'/') {
                        return Err(());
                    }
                    let key = self.name();
                    let is_actual_text = &self.bytes[key.clone()] == b"ActualText";
                    self.bytes.truncate(key.start);
                    self.skip();
                    let mark = self.items.len();
                    let value = self.object(depth + 1)?;
                    self.items.truncate(mark);
                    if is_actual_text {
                        actual_text = match value {
                            Operand::String(text) => Some(text),
                            _ => None,
                        };
                    }
                }
            }
            b'<' => self.hex().map(Operand::String),
            b'[' => {
                if depth >= MAX_DEPTH {
                    return Err(());
                }
                self.pos += 1;
                let first = self.items.len();
                loop {
                    self.skip();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Operand::Array(first..self.items.len()));
                    }
                    let mark = self.items.len();
                    let item = self.object(depth + 1)?;
                    // The items of an array in the array are not its own.
                    self.items.truncate(mark);
                    match item {
                        Operand::String(s) => self.items.push(Item::String(s)),
                        Operand::Number(n) => self.items.push(Item::Number(n)),
                        _ => {}
                    }
                }
            }
            c if regular(c) => plain(self.token()).ok_or(()),
            _ => Err(()),
        }
    }

    /// A name, `#` escapes decoded.
    fn name(&mut self) -> Range<usize> {
        self.pos += 1;
        let raw = self.token();
        let start = self.bytes.len();
        let mut i = 0;
        while i < raw.len() {
            let hex = (raw[i] == b'#')
                .then(|| raw.get(i + 1..i + 3))
                .flatten()
                .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
            match hex {
                Some(byte) => {
                    self.bytes.push(byte);
                    i += 3;
                }
                None => {
                    self.bytes.push(raw[i]);
                    i += 1;
                }
            }
        }
        start..self.bytes.len()
    }

    /// A literal string `( … )`, its escapes decoded.
    fn literal(&mut self) -> Result<Range<usize>, ()> {
        self.pos += 1;
        let start = self.bytes.len();
        let out = &mut self.bytes;
        let mut depth = 1;
        loop {
            let c = *self.buf.get(self.pos).ok_or(())?;
            self.pos += 1;
            match c {
                b'\\' => {
                    let e = *self.buf.get(self.pos).ok_or(())?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.buf.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(value as u8);
                        }
                        // A line continued.
                        b'\r' => {
                            if self.buf.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(start..out.len());
                    }
                    out.push(c);
                }
                b'\r' => {
                    if self.buf.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(c),
            }
        }
    }

    /// A hexadecimal string `< … >`.
    fn hex(&mut self) -> Result<Range<usize>, ()> {
        self.pos += 1;
        let start = self.bytes.len();
        let mut high: Option<u8> = None;
        loop {
            let c = self.peek().ok_or(())?;
            self.pos += 1;
            let digit = match c {
                b'>' => break,
                c if white(c) => continue,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(()),
            };
            match high.take() {
                Some(h) => self.bytes.push(h << 4 | digit),
                None => high = Some(digit),
            }
        }
        if let Some(h) = high {
            self.bytes.push(h << 4);
        }
        Ok(start..self.bytes.len())
    }

    /// Skips an inline image after its `BI`: its dictionary, `ID`, its data and `EI`.
    /// Returns where it ends.
    fn inline_image(&mut self) -> Result<usize, ()> {
        loop {
            self.skip();
            let c = self.peek().ok_or(())?;
            if regular(c) && self.token() == b"ID" {
                break;
            } else if !regular(c) {
                self.object(0)?;
            }
        }
        // The data: up to `EI` after white space, followed by white space or the end.
        let data = &self.buf[self.pos..];
        let end = data
            .windows(3)
            .enumerate()
            .position(|(i, w)| white(w[0]) && &w[1..] == b"EI" && data.get(i + 3).is_none_or(|&c| !regular(c)))
            .ok_or(())?;
        self.pos += end + 3;
        Ok(self.pos)
    }
}

impl Operation<'_> {
    /// Its number operands, in order; `None` unless every operand is a number.
    pub fn numbers<const N: usize>(&self) -> Option<[f64; N]> {
        let mut out = [0.0; N];
        if self.operands.len() != N {
            return None;
        }
        for (o, n) in self.operands.iter().zip(&mut out) {
            match o {
                Operand::Number(x) => *n = *x,
                _ => return None,
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operand as a test can see it.
    #[derive(Debug, PartialEq)]
    enum Read {
        Name(Vec<u8>),
        String(Vec<u8>),
        Array(Vec<Vec<u8>>),
        Dict { at: Range<usize>, actual_text: Option<Vec<u8>> },
        Other,
    }

    /// The operations of a content stream: operator, operands, and the bytes they span.
    fn operations(content: &[u8]) -> Result<Vec<(String, Vec<Read>, String)>, ()> {
        let mut out = Vec::new();
        scan(content, |op| {
            let operands = op.operands.iter().map(|o| match o {
                Operand::Name(n) => Read::Name(op.bytes(n).to_vec()),
                Operand::String(s) => Read::String(op.bytes(s).to_vec()),
                Operand::Array(a) => Read::Array(
                    op.items[a.clone()]
                        .iter()
                        .filter_map(|i| match i {
                            Item::String(s) => Some(op.bytes(s).to_vec()),
                            Item::Number(_) => None,
                        })
                        .collect(),
                ),
                Operand::Dict { at, actual_text } => {
                    Read::Dict { at: at.clone(), actual_text: actual_text.as_ref().map(|t| op.bytes(t).to_vec()) }
                }
                Operand::Number(_) | Operand::Other => Read::Other,
            });
            let text = String::from_utf8_lossy(&content[op.at.clone()]).into_owned();
            out.push((String::from_utf8_lossy(op.operator).into_owned(), operands.collect(), text));
        })?;
        Ok(out)
    }

    #[test]
    fn the_scanner_reads_operators_and_their_operands() {
        let content = b"q 1 0 0 -1 5.5 -.5 cm/f#300 12 Tf % a comment ) ]\n\
            /Span<</MCID 3/ActualText(a\\(b\\)c\\101\\\n(d))/Nested<</A[1 2]>>>>BDC\
            [<0001 02>-10(x\\ny)]TJ EMC BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI\x01 EI Q (\\r\r\n)'";
        let ops = operations(content).unwrap();
        let names: Vec<&str> = ops.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(names, ["q", "cm", "Tf", "BDC", "TJ", "EMC", "BI", "Q", "'"]);
        assert_eq!(ops[1].2, "1 0 0 -1 5.5 -.5 cm");
        assert_eq!(ops[2].1[0], Read::Name(b"f00".to_vec()));
        let Read::Dict { at, actual_text } = &ops[3].1[1] else { panic!("{:?}", ops[3].1) };
        assert_eq!(actual_text.as_deref(), Some(&b"a(b)cA(d)"[..]));
        assert!(content[at.clone()].starts_with(b"<</MCID") && content[at.clone()].ends_with(b">>>>"));
        assert_eq!(ops[4].1, [Read::Array(vec![vec![0, 1, 2], b"x\ny".to_vec()])]);
        assert_eq!(ops[6].2, "BI /W 2 /H 1 /CS /G /BPC 8 ID \x00EI\x01 EI");
        assert_eq!(ops[8].1, [Read::String(b"\r\n".to_vec())]);
        // What is not content-stream syntax is not read.
        assert!(operations(b"[1 2 >> TJ").is_err());
        assert!(operations(b"(unclosed Tj").is_err());
        assert!(operations(b"<0g> Tj").is_err());
    }

    #[test]
    fn splicing_keeps_tokens_apart() {
        assert_eq!(splice(b"1 w/A BMC EMC 2 w", vec![(3..13, &b""[..])]), b"1 w 2 w");
        assert_eq!(splice(b"1 w/A BMC/B BMC", vec![(3..9, &b""[..])]), b"1 w/B BMC");
        assert_eq!(splice(b"(a)Tj BX", vec![(0..5, &b""[..])]), b" BX");
        assert_eq!(
            splice(b"q[<01>]TJ Q", vec![(1..1, &b"/Span<</ActualText(a)>>BDC"[..]), (9..9, b"EMC")]),
            b"q/Span<</ActualText(a)>>BDC[<01>]TJ EMC Q"
        );
    }
}
