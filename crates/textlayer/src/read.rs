//! Reading what a PDF's pages draw: each glyph's text with where it is drawn, and the boxes
//! of the paths painted. This is the raw material for a reader that rebuilds lines and table
//! cells from positions (phaen's `import`), where the order of the content stream says
//! little: producers draw table cells, headers and marks in any order.
//!
//! Text is read as a PDF reader reads it: an `/ActualText` span reads as its text, drawn
//! where its glyphs are; any other glyph reads through its font's `/ToUnicode` map, else its
//! font's encoding. Nothing is laid out here: lines, words and columns are the caller's.

use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use lopdf::{Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::Error;
use crate::cmap;
use crate::lex::{self, Item, Operand, Operation};
use crate::page::{Matrix, apply, mul};

/// The most pages read: a plan is about a hundred; a file claiming more is not one.
pub const MAX_PAGES: usize = 5_000;
/// The most operations read on one page, its form XObjects included.
const MAX_OPERATIONS: usize = 2_000_000;
/// The most glyphs and paths kept for one page.
const MAX_ITEMS: usize = 500_000;
/// How deep form XObjects may draw one another.
const MAX_FORM_DEPTH: usize = 8;
/// The largest content stream decompressed (a page of text is well under a megabyte).
const MAX_STREAM: usize = 64 << 20;

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// A page as drawn, in default user space (points, y upwards).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// `[x0, y0, x1, y1]`.
    pub media_box: [f64; 4],
    /// The text drawn, in the order drawn.
    pub texts: Vec<Text>,
    /// The paths painted.
    pub paths: Vec<PathBox>,
}

/// A glyph, or the glyphs of one `/ActualText` span, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub text: String,
    /// Where its baseline starts (text rise aside, so that a raised mark stays on its line).
    pub x: f64,
    pub y: f64,
    /// How far the pen moves along the baseline, and the font size as drawn.
    pub width: f64,
    pub size: f64,
}

/// The bounding box of a painted path (its control points included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub stroked: bool,
    pub filled: bool,
}

/// Reads every page of a PDF. A file lopdf cannot read, a file without pages, and a page
/// whose content cannot be read whole (damaged, or past the limits) are errors: a reader
/// that rebuilds a document must not take part of a page for all of it.
pub fn pages(pdf: &[u8]) -> Result<Vec<Page>, Error> {
    // lopdf is written for well-formed files; a damaged one must be an error, never a crash.
    let doc = std::panic::catch_unwind(|| Document::load_mem(pdf))
        .map_err(|_| Error("the file is damaged (the PDF parser failed)".into()))??;
    let ids: Vec<ObjectId> = doc.page_iter().take(MAX_PAGES + 1).collect();
    if ids.is_empty() {
        return Err(Error("the file has no pages".into()));
    }
    if ids.len() > MAX_PAGES {
        return Err(Error(format!("more than {MAX_PAGES} pages")));
    }
    let fonts = FontCache::default();
    // Nothing read survives a panic, so no state is seen half-updated.
    let read: std::thread::Result<Result<Vec<Page>, Error>> = std::panic::catch_unwind(AssertUnwindSafe(|| {
        ids.par_iter().enumerate().map(|(n, &id)| read_page(&doc, id, n + 1, &fonts)).collect()
    }));
    read.map_err(|_| Error("the file is damaged (a page could not be read)".into()))?
}

/// A page's media box, inherited from the page tree when the page has none.
fn media_box(doc: &Document, page: ObjectId) -> [f64; 4] {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(Object::Array(a)) = dict.get(b"MediaBox").and_then(|o| doc.dereference(o).map(|(_, o)| o))
            && a.len() == 4
        {
            let n: Vec<f64> = a.iter().filter_map(|o| number(doc, o)).collect();
            if let [x0, y0, x1, y1] = n[..] {
                return [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
            }
        }
        node = dict.get(b"Parent").and_then(Object::as_reference).and_then(|id| doc.get_dictionary(id)).ok();
    }
    // US Letter, the default of ISO 32000-1's examples, when the file says nothing.
    [0.0, 0.0, 612.0, 792.0]
}

fn number(doc: &Document, o: &Object) -> Option<f64> {
    match doc.dereference(o).ok()?.1 {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// Reads page `number` (from 1).
fn read_page(doc: &Document, id: ObjectId, number: usize, fonts: &FontCache) -> Result<Page, Error> {
    let mut page = Page { media_box: media_box(doc, id), ..Page::default() };
    let content = doc
        .get_page_content_with_limit(id, MAX_STREAM)
        .map_err(|e| Error(format!("page {number}: its content cannot be read ({e})")))?;
    let mut resources = Resources::default();
    if let Ok((inline, ids)) = doc.get_page_resources(id) {
        // The nearest resources win: read the farthest first.
        for rid in ids.iter().rev() {
            if let Ok(dict) = doc.get_dictionary(*rid) {
                resources.add(doc, dict, fonts);
            }
        }
        if let Some(dict) = inline {
            resources.add(doc, dict, fonts);
        }
    }
    let mut reader = Reader { doc, fonts, page: &mut page, operations: 0, damaged: false };
    reader.run(&content, &resources, IDENTITY, 0);
    if reader.damaged {
        return Err(Error(format!("page {number}: its content is damaged")));
    }
    if reader.operations > MAX_OPERATIONS || page.texts.len() + page.paths.len() > MAX_ITEMS {
        return Err(Error(format!("page {number}: more than {MAX_OPERATIONS} operations or {MAX_ITEMS} glyphs")));
    }
    Ok(page)
}

/// The fonts read so far, by object: pages share their fonts.
#[derive(Default)]
struct FontCache(Mutex<FxHashMap<ObjectId, Option<Arc<Decoder>>>>);

impl FontCache {
    fn get(&self, doc: &Document, font: &Object) -> Option<Arc<Decoder>> {
        match font {
            Object::Reference(id) => {
                if let Some(known) = self.0.lock().ok()?.get(id) {
                    return known.clone();
                }
                let decoder = doc.get_dictionary(*id).ok().and_then(|d| Decoder::read(doc, d)).map(Arc::new);
                self.0.lock().ok()?.insert(*id, decoder.clone());
                decoder
            }
            Object::Dictionary(d) => Decoder::read(doc, d).map(Arc::new),
            _ => None,
        }
    }
}

/// The fonts and form XObjects a content stream can name.
#[derive(Default, Clone)]
struct Resources {
    /// A font that cannot be read is `None`: text drawn with it is lost, and its page is
    /// damaged.
    fonts: FxHashMap<Vec<u8>, Option<Arc<Decoder>>>,
    forms: FxHashMap<Vec<u8>, ObjectId>,
}

impl Resources {
    fn add(&mut self, doc: &Document, dict: &Dictionary, cache: &FontCache) {
        if let Ok(fonts) = dict.get_deref(b"Font", doc).and_then(Object::as_dict) {
            for (name, font) in fonts {
                self.fonts.insert(name.clone(), cache.get(doc, font));
            }
        }
        if let Ok(xobjects) = dict.get_deref(b"XObject", doc).and_then(Object::as_dict) {
            for (name, x) in xobjects {
                let Ok(id) = x.as_reference() else { continue };
                let form = doc
                    .get_object(id)
                    .and_then(Object::as_stream)
                    .is_ok_and(|s| s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form"));
                if form {
                    self.forms.insert(name.clone(), id);
                }
            }
        }
    }
}

/// How a font's codes read: its bytes per code, its `/ToUnicode` map, else its encoding, and
/// its widths.
struct Decoder {
    two_bytes: bool,
    map: FxHashMap<u16, String>,
    /// One-byte codes without a map entry: what the font's encoding says.
    encoding: Option<Box<[Option<char>; 256]>>,
    /// Code → advance in thousandths of the font size.
    widths: FxHashMap<u16, f64>,
    default_width: f64,
}

impl Decoder {
    /// Reads a font; `None` if it is damaged (no `/Subtype`, a Type0 font without its
    /// descendant, a `/ToUnicode` map that cannot be read).
    fn read(doc: &Document, font: &Dictionary) -> Option<Decoder> {
        let subtype = font.get(b"Subtype").and_then(Object::as_name).ok()?;
        // A map is a stream; a name (`/Identity`) maps nothing.
        let map = match font.get(b"ToUnicode").and_then(|m| doc.dereference(m)) {
            Ok((_, Object::Stream(cmap))) => cmap::read(&cmap.get_plain_content_with_limit(MAX_STREAM).ok()?)?,
            Ok(_) => FxHashMap::default(),
            Err(_) if font.has(b"ToUnicode") => return None,
            Err(_) => FxHashMap::default(),
        };
        if subtype == b"Type0" {
            let descendant = match font.get_deref(b"DescendantFonts", doc).ok()? {
                Object::Array(list) => doc.dereference(list.first()?).ok()?.1.as_dict().ok()?,
                _ => return None,
            };
            let (widths, default_width) = crate::fonts::widths(doc, descendant);
            return Some(Decoder { two_bytes: true, map, encoding: None, widths, default_width });
        }
        let (widths, default_width) = simple_widths(doc, font, subtype == b"Type3");
        let encoding = Some(Box::new(simple_encoding(doc, font)));
        Some(Decoder { two_bytes: false, map, encoding, widths, default_width })
    }

    fn width(&self, code: u16) -> f64 {
        self.widths.get(&code).copied().unwrap_or(self.default_width)
    }

    /// The text of a code: its map entry, else its encoding's character.
    fn text(&self, code: u16) -> Option<&str> {
        self.map.get(&code).map(String::as_str)
    }

    fn fallback(&self, code: u16) -> Option<char> {
        self.encoding.as_ref().and_then(|e| e.get(usize::from(code)).copied().flatten())
    }
}

/// The widths of a simple font: `/FirstChar` and `/Widths` (for a Type3 font in glyph space,
/// scaled by its `/FontMatrix`), else the descriptor's `/MissingWidth`.
fn simple_widths(doc: &Document, font: &Dictionary, type3: bool) -> (FxHashMap<u16, f64>, f64) {
    let scale = if type3 {
        match font.get_deref(b"FontMatrix", doc).and_then(Object::as_array) {
            Ok(m) => m.first().and_then(|o| number(doc, o)).map_or(1.0, |a| a * 1000.0),
            Err(_) => 1.0,
        }
    } else {
        1.0
    };
    let missing = descriptor_number(doc, font, b"MissingWidth").unwrap_or(500.0);
    let first = font.get(b"FirstChar").ok().and_then(|o| number(doc, o)).unwrap_or(0.0).clamp(0.0, 255.0) as u16;
    let mut out = FxHashMap::default();
    if let Ok(widths) = font.get_deref(b"Widths", doc).and_then(Object::as_array) {
        for (k, w) in widths.iter().take(256).enumerate() {
            if let Some(w) = number(doc, w) {
                out.insert(first.saturating_add(k as u16), w * scale);
            }
        }
    }
    (out, missing * scale)
}

/// A number of the font's descriptor (`/MissingWidth`, `/Flags`).
fn descriptor_number(doc: &Document, font: &Dictionary, key: &[u8]) -> Option<f64> {
    let descriptor = font.get_deref(b"FontDescriptor", doc).and_then(Object::as_dict).ok()?;
    number(doc, descriptor.get(key).ok()?)
}

/// Windows-1252's characters at 0x80–0x9F, as WinAnsiEncoding has them (ISO 32000-1, D.2).
const WIN_ANSI_HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";

/// What the one-byte codes of a simple font read as without a `/ToUnicode` entry: a symbolic
/// font without an encoding reads as the private-use characters U+F000 + code (as Word writes
/// Wingdings), any other as WinAnsiEncoding with the font's `/Differences`.
fn simple_encoding(doc: &Document, font: &Dictionary) -> [Option<char>; 256] {
    let mut table = [None; 256];
    let encoding = font.get_deref(b"Encoding", doc).ok();
    let flags = descriptor_number(doc, font, b"Flags").unwrap_or(0.0) as u32;
    if encoding.is_none() && flags & 4 != 0 {
        for (code, slot) in table.iter_mut().enumerate() {
            *slot = char::from_u32(0xF000 + code as u32);
        }
        return table;
    }
    for (code, slot) in table.iter_mut().enumerate() {
        *slot = match code {
            0x20..=0x7E | 0xA0..=0xFF => char::from_u32(code as u32),
            0x80..=0x9F => WIN_ANSI_HIGH.chars().nth(code - 0x80),
            _ => None,
        };
    }
    if let Some(Ok(differences)) =
        encoding.and_then(|e| e.as_dict().ok()).map(|d| d.get_deref(b"Differences", doc).and_then(Object::as_array))
    {
        let mut code = 0usize;
        for item in differences {
            match item {
                Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                Object::Name(name) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name(name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// The character of a glyph name: `uniXXXX`, `uXXXX`, a letter, or a few common names.
fn glyph_name(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let hex = |h: &str| u32::from_str_radix(h, 16).ok().and_then(char::from_u32);
    if let Some(h) = name.strip_prefix("uni").filter(|h| h.len() >= 4) {
        return hex(&h[..4]);
    }
    if let Some(h) = name.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        return hex(h);
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(c);
    }
    const NAMES: [(&str, char); 24] = [
        ("space", ' '),
        ("period", '.'),
        ("comma", ','),
        ("colon", ':'),
        ("semicolon", ';'),
        ("hyphen", '-'),
        ("slash", '/'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("quotedblleft", '“'),
        ("quotedblright", '”'),
        ("quoteleft", '‘'),
        ("quoteright", '’'),
        ("endash", '–'),
        ("emdash", '—'),
        ("bullet", '•'),
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("check", '✓'),
        ("checkmark", '✓'),
    ];
    NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The graphics and text state the reader follows.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Arc<Decoder>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
}

/// An `/ActualText` span being read: its text, and where its glyphs are drawn.
struct Span {
    /// How many marked-content sequences are open outside it.
    depth: usize,
    text: String,
    start: Option<(f64, f64, f64)>,
    end: (f64, f64),
}

struct Reader<'a> {
    doc: &'a Document,
    fonts: &'a FontCache,
    page: &'a mut Page,
    operations: usize,
    /// Whether a content stream (the page's or a form's) could not be read to its end.
    damaged: bool,
}

impl Reader<'_> {
    /// Reads a content stream drawn with `ctm`; `depth` counts the forms drawing it.
    fn run(&mut self, content: &[u8], resources: &Resources, ctm: Matrix, depth: usize) {
        let mut g =
            State { ctm, font: None, size: 0.0, char_spacing: 0.0, word_spacing: 0.0, scale: 1.0, leading: 0.0 };
        let mut saved: Vec<State> = Vec::new();
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        let mut marked = 0usize;
        let mut span: Option<Span> = None;
        let mut path: Option<[f64; 4]> = None;
        let mut forms: Vec<(ObjectId, Matrix)> = Vec::new();
        let scanned = lex::scan(content, |op| {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS || self.page.texts.len() + self.page.paths.len() > MAX_ITEMS {
                return;
            }
            match op.operator {
                // Nesting is bounded: a `q` past 256 levels saves nothing, and its `Q`
                // restores the level outside it.
                b"q" if saved.len() < 256 => saved.push(g.clone()),
                b"Q" => {
                    if let Some(s) = saved.pop() {
                        g = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = op.numbers::<6>() {
                        g.ctm = mul(&m, &g.ctm);
                    }
                }
                b"BT" => (tm, tlm) = (IDENTITY, IDENTITY),
                b"Tf" => {
                    if let [Operand::Name(name), Operand::Number(size)] = op.operands {
                        g.font = resources.fonts.get(op.bytes(name)).cloned().flatten();
                        g.size = *size;
                    }
                }
                b"Tc" => g.char_spacing = op.numbers::<1>().map_or(0.0, |[n]| n),
                b"Tw" => g.word_spacing = op.numbers::<1>().map_or(0.0, |[n]| n),
                b"Tz" => g.scale = op.numbers::<1>().map_or(100.0, |[n]| n) / 100.0,
                b"TL" => g.leading = op.numbers::<1>().map_or(0.0, |[n]| n),
                b"Tm" => {
                    if let Some(m) = op.numbers::<6>() {
                        (tm, tlm) = (m, m);
                    }
                }
                b"Td" | b"TD" => {
                    if let Some([x, y]) = op.numbers::<2>() {
                        if op.operator == b"TD" {
                            g.leading = -y;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, x, y], &tlm);
                        tm = tlm;
                    }
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -g.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"TJ" | b"'" | b"\"" => {
                    if op.operator == b"'" || op.operator == b"\"" {
                        if op.operator == b"\""
                            && let [Operand::Number(w), Operand::Number(c), ..] = op.operands
                        {
                            g.word_spacing = *w;
                            g.char_spacing = *c;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -g.leading], &tlm);
                        tm = tlm;
                    }
                    self.show(&op, &g, &mut tm, &mut span);
                }
                b"BMC" => marked += 1,
                b"BDC" => {
                    marked += 1;
                    if span.is_none()
                        && let Some(Operand::Dict { actual_text: Some(t), .. }) = op.operands.get(1)
                    {
                        let t = Object::String(op.bytes(t).to_vec(), lopdf::StringFormat::Literal);
                        if let Ok(text) = lopdf::decode_text_string(&t) {
                            span = Some(Span { depth: marked, text, start: None, end: (0.0, 0.0) });
                        }
                    }
                }
                b"EMC" => {
                    if span.as_ref().is_some_and(|s| s.depth == marked) {
                        self.close(span.take());
                    }
                    marked = marked.saturating_sub(1);
                }
                b"m" | b"l" | b"c" | b"v" | b"y" | b"re" => {
                    let numbers: Vec<f64> = op
                        .operands
                        .iter()
                        .filter_map(|o| if let Operand::Number(n) = o { Some(*n) } else { None })
                        .collect();
                    let points: Vec<(f64, f64)> = if op.operator == b"re" {
                        match numbers[..] {
                            [x, y, w, h] => vec![(x, y), (x + w, y), (x, y + h), (x + w, y + h)],
                            _ => vec![],
                        }
                    } else {
                        numbers.chunks_exact(2).map(|p| (p[0], p[1])).collect()
                    };
                    for p in points {
                        let (x, y) = apply(&g.ctm, p);
                        let b = path.get_or_insert([x, y, x, y]);
                        *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
                    }
                }
                b"n" => path = None,
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if let Some([x0, y0, x1, y1]) = path.take() {
                        let stroked = matches!(op.operator, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                        let filled = !matches!(op.operator, b"S" | b"s");
                        self.page.paths.push(PathBox { x0, y0, x1, y1, stroked, filled });
                    }
                }
                b"Do" => {
                    if let [Operand::Name(name)] = op.operands
                        && let Some(&id) = resources.forms.get(op.bytes(name))
                    {
                        // Read once the stream is (the scan holds `self`): positions do not
                        // depend on the order, and the drawing order of the form's own glyphs
                        // is kept.
                        forms.push((id, g.ctm));
                    }
                }
                _ => {}
            }
        });
        self.damaged |= scanned.is_err();
        self.close(span);
        if depth < MAX_FORM_DEPTH {
            for (id, ctm) in forms {
                self.form(id, resources, ctm, depth + 1);
            }
        }
    }

    /// Reads a form XObject drawn with `ctm`.
    fn form(&mut self, id: ObjectId, outer: &Resources, ctm: Matrix, depth: usize) {
        let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else { return };
        let Ok(content) = stream.get_plain_content_with_limit(MAX_STREAM) else {
            self.damaged = true;
            return;
        };
        let matrix = match stream.dict.get_deref(b"Matrix", self.doc).and_then(Object::as_array) {
            Ok(m) => {
                let n: Vec<f64> = m.iter().filter_map(|o| number(self.doc, o)).collect();
                <[f64; 6]>::try_from(n).unwrap_or(IDENTITY)
            }
            Err(_) => IDENTITY,
        };
        let resources = match stream.dict.get_deref(b"Resources", self.doc).and_then(Object::as_dict) {
            Ok(dict) => {
                let mut own = Resources::default();
                own.add(self.doc, dict, self.fonts);
                own
            }
            Err(_) => outer.clone(),
        };
        self.run(&content, &resources, mul(&matrix, &ctm), depth);
    }

    /// The glyphs of a text-showing operation: each one a [`Text`], or part of the
    /// `/ActualText` span open.
    fn show(&mut self, op: &Operation, g: &State, tm: &mut Matrix, span: &mut Option<Span>) {
        let Some(font) = g.font.clone() else {
            // Text in a font that is not there, or cannot be read, would be lost.
            self.damaged |= !op.bytes.is_empty();
            return;
        };
        let mut strings = Vec::new();
        for operand in op.operands {
            match operand {
                Operand::String(s) => strings.push(Ok(op.bytes(s))),
                Operand::Array(items) => {
                    for item in &op.items[items.clone()] {
                        match item {
                            Item::String(s) => strings.push(Ok(op.bytes(s))),
                            Item::Number(n) => strings.push(Err(*n)),
                        }
                    }
                }
                _ => {}
            }
        }
        for piece in strings {
            let bytes = match piece {
                Ok(bytes) => bytes,
                Err(n) => {
                    *tm = mul(&[1.0, 0.0, 0.0, 1.0, -n / 1000.0 * g.size * g.scale, 0.0], tm);
                    continue;
                }
            };
            let codes: Vec<u16> = if font.two_bytes {
                lex::codes(bytes).collect()
            } else {
                bytes.iter().map(|&b| u16::from(b)).collect()
            };
            for code in codes {
                let space = !font.two_bytes && code == 32;
                let advance =
                    (font.width(code) / 1000.0 * g.size + g.char_spacing + if space { g.word_spacing } else { 0.0 })
                        * g.scale;
                let m = mul(tm, &g.ctm);
                let (x, y) = apply(&m, (0.0, 0.0));
                let (x1, y1) = apply(&m, (advance, 0.0));
                let size = g.size.abs() * m[2].hypot(m[3]);
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
                if let Some(s) = span.as_mut() {
                    s.start.get_or_insert((x, y, size));
                    s.end = (x1, y1);
                    continue;
                }
                let text = match font.text(code) {
                    Some(t) => t.to_string(),
                    None => match font.fallback(code) {
                        Some(c) => c.to_string(),
                        None => continue,
                    },
                };
                if text.is_empty() {
                    continue;
                }
                let width = (x1 - x).hypot(y1 - y);
                self.page.texts.push(Text { text, x, y, width, size });
            }
        }
    }

    /// Ends an `/ActualText` span: its text, where its glyphs were drawn.
    fn close(&mut self, span: Option<Span>) {
        let Some(Span { text, start: Some((x, y, size)), end, .. }) = span else { return };
        if !text.is_empty() {
            let width = (end.0 - x).hypot(end.1 - y);
            self.page.texts.push(Text { text, x, y, width, size });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A one-page PDF with the given fonts and content stream; a font's `/ToUnicode` stream
    /// may be given as `ToUnicode` bytes.
    fn pdf(fonts: Vec<(&str, Dictionary)>, content: &[u8]) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let mut font_dict = Dictionary::new();
        for (name, mut font) in fonts {
            if let Ok(Object::String(cmap, _)) = font.get(b"ToUnicode") {
                let cmap = doc.add_object(lopdf::Stream::new(Dictionary::new(), cmap.clone()));
                font.set("ToUnicode", cmap);
            }
            let id = doc.add_object(font);
            font_dict.set(name, id);
        }
        let content = doc.add_object(lopdf::Stream::new(Dictionary::new(), content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content,
            "Resources" => dictionary! { "Font" => font_dict },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn helvetica() -> Dictionary {
        dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "FirstChar" => 32, "Widths" => vec![Object::Integer(278); 95],
        }
    }

    #[test]
    fn glyphs_are_read_where_they_are_drawn() {
        let content = b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (ab)Tj [(c)-1000(d)]TJ ET \
                        q 2 0 0 2 100 100 cm BT /F1 10 Tf (x)Tj ET Q";
        let page = &pages(&pdf(vec![("F1", helvetica())], content)).unwrap()[0];
        assert_eq!(page.media_box, [0.0, 0.0, 595.0, 842.0]);
        let read: Vec<(&str, f64, f64)> = page.texts.iter().map(|t| (t.text.as_str(), t.x, t.y)).collect();
        let near = |a: f64, b: f64| (a - b).abs() < 1e-6;
        let expected = [("a", 72.0, 700.0), ("b", 74.78, 700.0), ("c", 77.56, 700.0), ("d", 90.34, 700.0)];
        for ((t, x, y), (et, ex, ey)) in read.iter().zip(expected) {
            assert!(*t == et && near(*x, ex) && near(*y, ey), "{read:?}");
        }
        // Scaled by the CTM: twice the size, at twice the place.
        let x = page.texts.last().unwrap();
        assert!(x.text == "x" && near(x.x, 100.0) && near(x.size, 20.0) && near(x.width, 5.56), "{x:?}");
    }

    #[test]
    fn an_actual_text_reads_once_where_its_glyphs_are() {
        let content = b"BT /F1 10 Tf 1 0 0 1 50 600 Tm /Span<</ActualText(\xFE\xFF\x0E\x14\x0E\x33)>>BDC (ab)Tj EMC \
                        (c)Tj ET";
        let page = &pages(&pdf(vec![("F1", helvetica())], content)).unwrap()[0];
        let texts: Vec<&str> = page.texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["ดำ", "c"]);
        assert!((page.texts[0].width - 5.56).abs() < 1e-6 && page.texts[1].x > page.texts[0].x);
    }

    #[test]
    fn a_to_unicode_map_and_a_symbol_font_read_as_unicode() {
        // One-byte codes mapped by `/ToUnicode`, as Word writes a Thai font.
        let cmap = b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange \
                     2 beginbfchar <41> <0E01> <42> <0E33> endbfchar endcmap";
        let mut thai = helvetica();
        thai.set("ToUnicode", Object::string_literal(&cmap[..]));
        // A symbolic TrueType font without encoding (Wingdings): codes read as U+F0xx.
        let wingdings = dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Wingdings",
            "FontDescriptor" => dictionary! { "Flags" => 4 },
        };
        let content = b"BT /T 12 Tf 10 10 Td (AB)Tj /W 12 Tf <FC>Tj ET";
        let page = &pages(&pdf(vec![("T", thai), ("W", wingdings)], content)).unwrap()[0];
        let text: String = page.texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(text, "กำ\u{F0FC}");
    }

    #[test]
    fn paths_are_read_as_boxes() {
        let content = b"0.5 w 10 10 m 10 200 l S q 1 0 0 1 100 100 cm 0 0 8 8 re S 1 5 m 3 7 l 7 1 l S Q 5 5 m n";
        let page = &pages(&pdf(vec![], content)).unwrap()[0];
        let boxes: Vec<[f64; 4]> = page.paths.iter().map(|p| [p.x0, p.y0, p.x1, p.y1]).collect();
        assert_eq!(boxes, [[10.0, 10.0, 10.0, 200.0], [100.0, 100.0, 108.0, 108.0], [101.0, 101.0, 107.0, 107.0]]);
        assert!(page.paths.iter().all(|p| p.stroked && !p.filled));
    }

    #[test]
    fn damaged_files_are_errors_not_crashes() {
        let good = pdf(vec![("F1", helvetica())], b"BT /F1 10 Tf (a)Tj ET");
        assert!(pages(b"%PDF-1.7\n").is_err());
        assert!(pages(b"not a pdf").is_err());
        for cut in [10, good.len() / 3, good.len() / 2, good.len() - 40] {
            let _ = pages(&good[..cut]);
        }
        // A damaged content stream is an error that names its page.
        let damaged = pages(&pdf(vec![("F1", helvetica())], b"BT /F1 10 Tf (a)Tj (b")).unwrap_err();
        assert!(damaged.to_string().contains("page 1"), "{damaged}");
        // So is text in a font the page does not have, or whose map cannot be read.
        assert!(pages(&pdf(vec![], b"BT /F9 10 Tf (a)Tj ET")).is_err());
        let mut broken = helvetica();
        broken.set("ToUnicode", Object::string_literal(&b"1 beginbfchar <01> endbfchar ("[..]));
        assert!(pages(&pdf(vec![("F1", broken)], b"BT /F1 10 Tf (a)Tj ET")).is_err());
        // A page that draws nothing is no damage.
        assert!(pages(&pdf(vec![], b"")).unwrap()[0].texts.is_empty());
    }
}
