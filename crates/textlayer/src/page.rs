//! Reading a content stream: its text objects, the glyphs they show and where each is
//! drawn, krilla's ActualText spans, and the raised marks that can move into the text object
//! before them.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::fonts::Font;
use crate::lex::{self, Item, Operand, Operation};

/// An affine matrix `[a b c d e f]`, applied to row vectors as in PDF.
pub(crate) type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n`.
pub(crate) fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

pub(crate) fn invert(m: &Matrix) -> Option<Matrix> {
    let det = m[0] * m[3] - m[1] * m[2];
    if det.abs() < 1e-12 {
        return None;
    }
    let (a, b, c, d) = (m[3] / det, -m[1] / det, -m[2] / det, m[0] / det);
    Some([a, b, c, d, -(m[4] * a + m[5] * c), -(m[4] * b + m[5] * d)])
}

pub(crate) fn apply(m: &Matrix, (x, y): (f64, f64)) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// The text state (ISO 32000-1, 9.3) the repair needs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TextState {
    /// The font, when it is one the repair reads (an index of the font table).
    pub font: Option<usize>,
    pub size: f64,
    pub char_spacing: f64,
    pub word_spacing: f64,
    /// Horizontal scaling, as a factor.
    pub scale: f64,
    pub leading: f64,
    pub rise: f64,
    pub render: f64,
}

impl Default for TextState {
    fn default() -> Self {
        TextState {
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0.0,
        }
    }
}

impl TextState {
    /// Text-space units per thousandth of the font size along the line (TJ units).
    pub fn unit(&self) -> f64 {
        self.size / 1000.0 * self.scale
    }

    /// Whether glyphs drawn in `other` can be drawn in this state with positioning alone.
    fn same_drawing(&self, other: &TextState) -> bool {
        self.font == other.font
            && self.size == other.size
            && self.char_spacing == other.char_spacing
            && self.scale == other.scale
            && self.render == other.render
    }
}

/// A text-showing operation.
pub(crate) struct Show {
    /// Where it is written.
    pub at: Range<usize>,
    /// The text state it draws with.
    pub state: TextState,
    /// The text matrix where it starts, and the current transformation matrix.
    pub tm: Matrix,
    pub ctm: Matrix,
    /// Its own glyphs, in [`Model::glyphs`].
    pub glyphs: Range<usize>,
    /// Where the pen ends, in TJ units (thousandths of the font size) from its start.
    pub end: f64,
    /// `Tj` or `TJ`, its glyphs' positions known: it can be written anew.
    pub editable: bool,
    /// Its text object.
    pub object: usize,
    /// Whether its glyphs joined the show before it (see [`spaces`]): it is taken out.
    pub joined: bool,
    /// Whether what follows in its text object draws from where it ends or from its line
    /// (a show with no `Tm` before it, `Td`, `T*`): then it must end where it ended, on the
    /// line it started.
    pub followed: bool,
}

/// A glyph drawn.
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    /// The font (an index of the font table); `None` for a font the repair does not read.
    pub font: Option<usize>,
    pub code: u16,
    /// Where it is drawn along the line, in TJ units from the start of its show.
    pub at: f64,
    /// Its advance, in TJ units (width and character spacing).
    pub advance: f64,
    /// Its text rise, in text-space units.
    pub rise: f64,
    /// The show that draws it: its own, or the one it moved into.
    pub show: usize,
    /// The innermost ActualText span it is in.
    pub span: Option<usize>,
    /// Whether it moved into another text object (see [`moves`]).
    pub moved: bool,
    /// Whether it is a space that joined the show before it (see [`spaces`]).
    pub joined: bool,
}

/// A marked-content sequence with an `/ActualText`, as krilla writes one per cluster.
pub(crate) struct Span {
    /// Its `BDC` and `EMC` operations.
    pub bdc: Range<usize>,
    pub emc: Option<Range<usize>>,
    pub text: std::sync::Arc<str>,
    /// The text object its `BDC` is in, if any.
    pub object: Option<usize>,
    /// Whether its `EMC` is in that same text object.
    pub closed_inside: bool,
}

/// A text object, `BT` … `ET`.
pub(crate) struct TextObject {
    pub bt: Range<usize>,
    pub et: Option<Range<usize>>,
    /// Its shows, in [`Model::shows`].
    pub shows: Range<usize>,
    /// The depth of `q` it is at, and the graphics-state operations (colour, `gs`, …) run
    /// since the `q` that opened that level (a hash of their bytes).
    depth: usize,
    state_ops: u64,
    /// Whether only `q`, `Q`, `cm`, marked content and state operations come between the
    /// text object before it and it, and the lowest depth reached there.
    plain_before: bool,
    lowest_before: usize,
    /// The `q` … `Q` that holds only it (with `cm` and state operations), if so.
    pub block: Option<Range<usize>>,
    block_open: Option<usize>,
    /// Marked content other than ActualText spans, or state operations, in it.
    busy: bool,
    /// The text object its glyphs moved into, if they did.
    pub into: Option<usize>,
}

/// A content stream as read.
#[derive(Default)]
pub(crate) struct Model {
    pub shows: Vec<Show>,
    pub glyphs: Vec<Glyph>,
    pub objects: Vec<TextObject>,
    pub spans: Vec<Span>,
}

/// Whether an operator sets graphics state other than the CTM and text state: colour,
/// `gs`, line style.
fn state_op(name: &[u8]) -> bool {
    matches!(
        name,
        b"cs"
            | b"CS"
            | b"sc"
            | b"scn"
            | b"SC"
            | b"SCN"
            | b"g"
            | b"G"
            | b"rg"
            | b"RG"
            | b"k"
            | b"K"
            | b"gs"
            | b"w"
            | b"J"
            | b"j"
            | b"M"
            | b"d"
            | b"ri"
            | b"i"
    )
}

#[derive(Clone)]
struct Graphics {
    ctm: Matrix,
    text: TextState,
    /// State operations since the `q` that opened this level: a hash of their bytes.
    state_ops: u64,
}

/// Reads a content stream; `None` if it is not content-stream syntax.
pub(crate) fn read(content: &[u8], names: &FxHashMap<Vec<u8>, usize>, fonts: &[Font]) -> Option<Model> {
    let mut g = Graphics { ctm: IDENTITY, text: TextState::default(), state_ops: 0 };
    let mut model = Model {
        shows: Vec::with_capacity(content.len() / 64),
        glyphs: Vec::with_capacity(content.len() / 8),
        ..Model::default()
    };
    let mut saved: Vec<Graphics> = Vec::new();
    // The text object open, and its text and line matrices; whether they are known.
    let mut object: Option<usize> = None;
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut tm_known = true;
    // Marked content open: its span if it is an ActualText span.
    let mut marked: Vec<Option<usize>> = Vec::new();
    // Since the last text object ended.
    let mut plain_before = true;
    let mut lowest_before = 0;
    // The last `q` and whether only `cm` and state operations followed it.
    let mut last_q: Option<usize> = None;
    let mut block_clean = false;
    // The text object that just ended, until the next operation.
    let mut just_ended: Option<usize> = None;
    // Whether a `Tm` came since the last show of the text object.
    let mut placed = true;

    lex::scan(content, |op| {
        let name = op.operator;
        if let Some(o) = just_ended.take()
            && name == b"Q"
        {
            let obj = &mut model.objects[o];
            obj.block = obj.block_open.map(|start| start..op.at.end);
        }
        let in_text = object.is_some();
        match name {
            b"q" => {
                saved.push(g.clone());
                g.state_ops = 0;
                last_q = Some(op.at.start);
                block_clean = true;
            }
            b"Q" => {
                if let Some(s) = saved.pop() {
                    g = s;
                }
                lowest_before = lowest_before.min(saved.len());
                block_clean = false;
            }
            b"cm" => {
                if let Some(m) = op.numbers::<6>() {
                    g.ctm = mul(&m, &g.ctm);
                }
            }
            _ if state_op(name) => {
                g.state_ops = {
                    let mut h = rustc_hash::FxHasher::default();
                    (g.state_ops, &content[op.at.clone()]).hash(&mut h);
                    h.finish()
                };
                if let Some(o) = object {
                    model.objects[o].busy = true;
                }
            }
            b"BT" => {
                model.objects.push(TextObject {
                    bt: op.at.clone(),
                    et: None,
                    shows: model.shows.len()..model.shows.len(),
                    depth: saved.len(),
                    state_ops: g.state_ops,
                    plain_before,
                    lowest_before,
                    block: None,
                    block_open: if block_clean { last_q } else { None },
                    busy: false,
                    into: None,
                });
                object = Some(model.objects.len() - 1);
                (tm, tlm) = (IDENTITY, IDENTITY);
                tm_known = true;
                placed = true;
            }
            b"ET" => {
                if let Some(o) = object.take() {
                    model.objects[o].et = Some(op.at.clone());
                    just_ended = Some(o);
                }
                plain_before = true;
                lowest_before = saved.len();
                block_clean = false;
            }
            b"Tf" => {
                if let [Operand::Name(font), Operand::Number(size)] = op.operands {
                    g.text.font = names.get(op.bytes(font)).copied();
                    g.text.size = *size;
                }
            }
            b"Tc" => g.text.char_spacing = op.numbers::<1>().map_or(0.0, |[n]| n),
            b"Tw" => g.text.word_spacing = op.numbers::<1>().map_or(0.0, |[n]| n),
            b"Tz" => g.text.scale = op.numbers::<1>().map_or(100.0, |[n]| n) / 100.0,
            b"TL" => g.text.leading = op.numbers::<1>().map_or(0.0, |[n]| n),
            b"Ts" => g.text.rise = op.numbers::<1>().map_or(0.0, |[n]| n),
            b"Tr" => g.text.render = op.numbers::<1>().map_or(0.0, |[n]| n),
            b"Tm" => {
                if let Some(m) = op.numbers::<6>() {
                    (tm, tlm) = (m, m);
                    tm_known = true;
                    placed = true;
                }
            }
            b"Td" | b"TD" => {
                follows(&mut model, object);
                if let Some([x, y]) = op.numbers::<2>() {
                    if name == b"TD" {
                        g.text.leading = -y;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, x, y], &tlm);
                    tm = tlm;
                }
            }
            b"T*" => {
                follows(&mut model, object);
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -g.text.leading], &tlm);
                tm = tlm;
            }
            b"Tj" | b"TJ" | b"'" | b"\"" => {
                if name != b"Tj" && name != b"TJ" {
                    if name == b"\""
                        && let [Operand::Number(w), Operand::Number(c), ..] = op.operands
                    {
                        g.text.word_spacing = *w;
                        g.text.char_spacing = *c;
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -g.text.leading], &tlm);
                    tm = tlm;
                }
                let Some(o) = object else { return };
                if !placed || name == b"'" || name == b"\"" {
                    follows(&mut model, object);
                }
                placed = false;
                let span = marked.iter().rev().find_map(|m| *m);
                let shown = show(&op, &g.text, fonts, span, model.shows.len(), &mut model.glyphs);
                let editable = tm_known && shown.known && (name == b"Tj" || name == b"TJ");
                let start = tm;
                if shown.known {
                    tm = mul(&[1.0, 0.0, 0.0, 1.0, shown.end * g.text.unit(), 0.0], &tm);
                } else {
                    tm_known = false;
                }
                model.shows.push(Show {
                    at: op.at.clone(),
                    object: o,
                    joined: false,
                    state: g.text.clone(),
                    tm: start,
                    ctm: g.ctm,
                    glyphs: shown.glyphs,
                    end: shown.end,
                    editable,
                    followed: false,
                });
                model.objects[o].shows.end = model.shows.len();
            }
            b"BMC" => {
                marked.push(None);
                if let Some(o) = object {
                    model.objects[o].busy = true;
                }
            }
            b"BDC" => {
                let text = match op.operands.get(1) {
                    Some(Operand::Dict { actual_text: Some(text), .. }) => {
                        let text = lopdf::Object::String(op.bytes(text).to_vec(), lopdf::StringFormat::Literal);
                        lopdf::decode_text_string(&text).ok()
                    }
                    _ => None,
                };
                match text {
                    Some(text) => {
                        let text = text.into();
                        model.spans.push(Span { bdc: op.at.clone(), emc: None, text, object, closed_inside: false });
                        marked.push(Some(model.spans.len() - 1));
                    }
                    None => {
                        marked.push(None);
                        if let Some(o) = object {
                            model.objects[o].busy = true;
                        }
                    }
                }
            }
            b"EMC" => match marked.pop() {
                Some(Some(s)) => {
                    let span = &mut model.spans[s];
                    span.emc = Some(op.at.clone());
                    span.closed_inside = span.object.is_some() && span.object == object;
                }
                _ => {
                    if let Some(o) = object {
                        model.objects[o].busy = true;
                    }
                }
            },
            _ => {
                if in_text {
                    if let Some(o) = object {
                        model.objects[o].busy = true;
                    }
                } else {
                    plain_before = false;
                }
                block_clean = false;
            }
        }
    })
    .ok()?;
    moves(&mut model);
    spaces(&mut model, fonts);
    Some(model)
}

/// Marks the last show of the open text object as followed (see [`Show::followed`]).
fn follows(model: &mut Model, object: Option<usize>) {
    if let Some(o) = object
        && let Some(last) = model.objects[o].shows.clone().last()
    {
        model.shows[last].followed = true;
    }
}

struct Shown {
    glyphs: Range<usize>,
    end: f64,
    /// Whether every glyph's font and width is known.
    known: bool,
}

/// The glyphs of a text-showing operation, pushed to `glyphs`.
fn show(
    op: &Operation,
    state: &TextState,
    fonts: &[Font],
    span: Option<usize>,
    index: usize,
    glyphs: &mut Vec<Glyph>,
) -> Shown {
    let start = glyphs.len();
    let font = state.font.map(|f| &fonts[f]);
    let spacing = if state.size != 0.0 { state.char_spacing * 1000.0 / state.size } else { 0.0 };
    let mut pen = 0.0;
    let mut known = font.is_some() && state.size != 0.0;
    let mut draw = |bytes: &[u8], pen: &mut f64| match (font, state.font) {
        (Some(f), Some(id)) => {
            for code in lex::codes(bytes) {
                let advance = f.width(code) + spacing;
                glyphs.push(Glyph {
                    font: Some(id),
                    code,
                    at: *pen,
                    advance,
                    rise: state.rise,
                    show: index,
                    span,
                    moved: false,
                    joined: false,
                });
                *pen += advance;
            }
        }
        _ => {
            // A font the repair does not read: one glyph of unknown code per string.
            glyphs.push(Glyph {
                font: None,
                code: 0,
                at: *pen,
                advance: 0.0,
                rise: state.rise,
                show: index,
                span,
                moved: false,
                joined: false,
            });
            known = false;
        }
    };
    for operand in op.operands {
        match operand {
            Operand::String(s) => draw(op.bytes(s), &mut pen),
            Operand::Array(items) => {
                for item in &op.items[items.clone()] {
                    match item {
                        Item::String(s) => draw(op.bytes(s), &mut pen),
                        Item::Number(n) => pen -= n,
                    }
                }
            }
            _ => {}
        }
    }
    Shown { glyphs: start..glyphs.len(), end: pen, known }
}

/// How far a raised mark may be from the pen of the text object it moves into, in TJ units.
const NEAR: f64 = 1000.0;

/// Moves the glyphs of each text object that holds only marks (zero-width glyphs) drawn off
/// the baseline into the text object before it, after its last glyph.
///
/// Typst writes a glyph with a vertical offset (a tone mark raised over an upper vowel) as a
/// text item of its own, so that PDF readers see a cluster cut in two text objects: pdf.js
/// starts a new text item there and may put a space after it, and PDFium reads the mark again
/// after the cluster's ActualText. Drawn from the text object of its cluster, with text rise,
/// the mark is where it was and its cluster is whole.
fn moves(model: &mut Model) {
    for k in 1..model.objects.len() {
        let (before, object) = (&model.objects[k - 1], &model.objects[k]);
        let target = before.into.unwrap_or(k - 1);
        let Some(last) = model.objects[target].shows.clone().last() else { continue };
        let last_show = &model.shows[last];
        let marks = &model.shows[object.shows.clone()];
        let movable = object.plain_before
            && before.et.is_some()
            && object.et.is_some()
            && !object.busy
            && object.depth == before.depth
            && object.lowest_before + 1 >= before.depth
            && object.state_ops == before.state_ops
            && last_show.editable
            && !marks.is_empty()
            && marks.iter().all(|s| {
                s.editable
                    && !s.glyphs.is_empty()
                    && s.state.same_drawing(&last_show.state)
                    && model.glyphs[s.glyphs.clone()].iter().all(|g| g.advance.abs() < 1e-9)
            });
        if !movable {
            continue;
        }
        // From the mark's text space to that of the show it joins.
        let Some(into) = invert(&mul(&last_show.tm, &last_show.ctm)) else { continue };
        let unit = last_show.state.unit();
        let mut placed = Vec::new();
        for s in &model.shows[object.shows.clone()] {
            let to = mul(&mul(&s.tm, &s.ctm), &into);
            // Only a shift: the glyph must not turn or scale.
            if (to[0] - 1.0).abs() > 1e-6 || to[1].abs() > 1e-6 || to[2].abs() > 1e-6 || (to[3] - 1.0).abs() > 1e-6 {
                placed.clear();
                break;
            }
            for g in s.glyphs.clone() {
                let (x, y) = apply(&to, (model.glyphs[g].at * s.state.unit(), model.glyphs[g].rise));
                placed.push((g, x / unit, y));
            }
        }
        let near = |&(_, at, rise): &(usize, f64, f64)| {
            (at - last_show.end).abs() <= NEAR && rise.abs() <= last_show.state.size.abs()
        };
        if placed.is_empty() || !placed.iter().all(near) {
            continue;
        }
        for (g, at, rise) in placed {
            let glyph = &mut model.glyphs[g];
            (glyph.at, glyph.rise, glyph.show, glyph.moved) = (at, rise, last, true);
        }
        model.objects[k].into = Some(target);
    }
}

/// Joins each show that draws only spaces to the show before it in its text object.
///
/// krilla writes a space between two ActualText spans as a text-showing operation of its
/// own, and PDFium drops a text object whose glyphs have no ink (a space's box is empty):
/// Chrome reads `ความรู้ ลำดับ` as `ความรู้ลำดับ`. Drawn by the show before, where it was,
/// the space is read by every reader (see `rewrite.rs` for the ActualText around it).
fn spaces(model: &mut Model, fonts: &[Font]) {
    // The shows that draw glyphs moved in from elsewhere keep what they draw.
    let mut received = vec![false; model.shows.len()];
    for (i, g) in model.glyphs.iter().enumerate() {
        if !model.shows[g.show].glyphs.contains(&i) {
            received[g.show] = true;
        }
    }
    for (s, &received) in received.iter().enumerate().skip(1) {
        let (prev, show) = (&model.shows[s - 1], &model.shows[s]);
        let blank = |g: &Glyph| g.font.is_some_and(|f| fonts[f].blank == Some(g.code)) && g.span.is_none();
        let joins = prev.object == show.object
            && !model.objects[show.object].busy
            && prev.editable
            && show.editable
            && !prev.joined
            && !prev.followed
            && !show.followed
            && !prev.glyphs.is_empty()
            && !show.glyphs.is_empty()
            && !received
            && model.glyphs[show.glyphs.clone()].iter().all(|g| g.show == s && blank(g))
            && show.state.same_drawing(&prev.state);
        if !joins {
            continue;
        }
        let Some(into) = invert(&mul(&prev.tm, &prev.ctm)) else { continue };
        let to = mul(&mul(&show.tm, &show.ctm), &into);
        if (to[0] - 1.0).abs() > 1e-6 || to[1].abs() > 1e-6 || to[2].abs() > 1e-6 || (to[3] - 1.0).abs() > 1e-6 {
            continue;
        }
        let (unit, from) = (prev.state.unit(), show.state.unit());
        for g in show.glyphs.clone() {
            let glyph = &mut model.glyphs[g];
            let (x, y) = apply(&to, (glyph.at * from, glyph.rise));
            (glyph.at, glyph.rise, glyph.show, glyph.joined) = (x / unit, y, s - 1, true);
        }
        model.shows[s].joined = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_and_invert() {
        let m = [1.0, 0.0, 0.0, -1.0, 28.5, 78.9];
        let n = [2.0, 0.0, 0.0, 2.0, 3.0, 4.0];
        let p = apply(&mul(&m, &n), (1.0, 1.0));
        assert_eq!(p, apply(&n, apply(&m, (1.0, 1.0))));
        let back = apply(&invert(&m).unwrap(), apply(&m, (5.0, 7.0)));
        assert!((back.0 - 5.0).abs() < 1e-9 && (back.1 - 7.0).abs() < 1e-9);
    }
}
