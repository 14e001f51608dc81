//! Repair of the PDF text layer that typst-pdf (krilla) writes for Thai.
//!
//! # The damage
//!
//! A PDF maps each glyph of a font to text once, in the font's `/ToUnicode` CMap. Where
//! that cannot describe a cluster (several glyphs for one cluster, or a glyph seen before
//! with other text), krilla wraps the cluster's glyphs in a `/Span <</ActualText (…)>>`
//! marked-content sequence (krilla #411, typst #4225, #7610). For Thai this goes wrong twice:
//!
//! - krilla maps a glyph to the text of the *whole cluster* it first appears in (`ต` → `ติ`,
//!   `ด` → `ดำ`) and leaves the cluster's other glyphs (`ิ`, `ั`) unmapped, so readers that
//!   ignore ActualText (pypdf, pdfminer, pdf.js) read `ลำาดับ`, `เทศบัาล`;
//! - Typst cuts a cluster into separate text items where a glyph has a vertical offset (a
//!   tone mark raised over an upper vowel, `ถิ่`) and gives *each* piece the whole cluster's
//!   text, so the cluster is written twice, as two spans or as a span and a glyph mapped to
//!   the cluster: `pdftotext` reads `ท้องถิ่น` as `ท้องถิ่ถิ่น`.
//!
//! # The repair
//!
//! Every glyph gets its *own* text, as XeTeX and LibreOffice write it, and every cluster is
//! told once by ActualText.
//!
//! 1. The text of every page and form XObject is read as *units*: an ActualText span with
//!    its glyphs, or a glyph outside spans with the text its font maps it to (krilla spans
//!    every glyph whose map entry disagrees with its text, so that one is right). Glyphs
//!    count in Type0 fonts with `Identity-H` codes, which is what krilla writes for TrueType
//!    and OpenType fonts. Consecutive units with the same text of two characters or more
//!    are the pieces of one cut cluster, unless each spells the text alone.
//! 2. The text of each glyph is solved from the clusters: a lone glyph spells its cluster;
//!    in longer ones the glyphs known are peeled off both ends and a single unknown glyph
//!    left gets the rest, until nothing new is learnt (`ต` alone teaches `ต`, then `ติ`
//!    teaches `ิ`; the ligature glyph `ิ่` is learnt from `ถิ่`). A glyph seen with several
//!    texts (one drawing for two characters) gets the one it has most often. Solving runs
//!    on text with SARA AM decomposed (`ำ` = `ํ` + `า`, which is how shapers draw it), so
//!    `ดำ` teaches `ํ`.
//! 3. The `/ToUnicode` CMaps are rewritten with those texts, so that readers that ignore
//!    ActualText read every glyph right; only SARA AM comes out as `ํา` there (`ดำ` is drawn
//!    `ด`,`ํ`,`า`), which glyphs alone cannot tell apart. A glyph that cannot be solved keeps
//!    its entry (PDF/A-2u and PDF/UA want every glyph mapped).
//! 4. The spans stay: with them poppler reads each cluster as one piece, in order (without,
//!    its layout mode orders a cluster's marks by position and can put `่` before `ี`). Of a
//!    cluster cut in pieces, the first piece's span keeps the cluster's text and the other
//!    pieces get an empty ActualText, so that the cluster is read once. (Were the first piece
//!    not a span, the cut cluster's spans would go when its glyphs spell its text.)
//!
//! Everything else (fonts and their embedding, the structure tree, marked content with
//! MCIDs, metadata, the file ID) is left as it is, so a PDF/A-ready file stays so. Text in
//! other fonts (Type3 glyphs such as emoji) keeps its spans as written.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId, Stream};

/// A glyph: its font (the font's `/ToUnicode` stream) and its two-byte code.
type Glyph = (ObjectId, u16);

/// The `/ToUnicode` map of each font repaired, by stream: code → text.
type Cmaps = HashMap<ObjectId, HashMap<u16, String>>;

/// Rewrites the text layer of a PDF written by typst-pdf so that text extraction gives the
/// source text (see the module documentation).
pub fn repair(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(failed)?;
    let (canvases, cmaps) = canvases(&doc).map_err(failed)?;
    let units: Vec<Vec<Unit>> = canvases.iter().map(|c| units(c, &cmaps)).collect();
    let clusters: Vec<Vec<Cluster>> = units.iter().map(|u| clusters(u)).collect();

    // Solve once with the clusters that are surely whole, then with all of them.
    let solve_over = |clusters: &[Vec<Cluster>], whole_only: bool| {
        let all = units.iter().zip(clusters).flat_map(|(units, cs)| cs.iter().map(move |c| (units, c)));
        solve(all.filter(|(_, c)| !whole_only || c.units.len() == 1).map(|(units, c)| c.facts(units)))
    };
    let first = solve_over(&clusters, true);
    let clusters: Vec<Vec<Cluster>> = units
        .iter()
        .zip(clusters)
        .map(|(units, cs)| cs.into_iter().flat_map(|c| c.split_if_whole(units, &first)).collect())
        .collect();
    let texts = solve_over(&clusters, false);

    let work: Vec<_> = canvases.into_iter().zip(&units).zip(&clusters).collect();
    let rewritten = par_map(work, |((canvas, units), clusters)| -> lopdf::Result<_> {
        let Some(operations) = respan(canvas.ops, units, clusters, &texts) else {
            return Ok(None);
        };
        let mut stream = Stream::new(Dictionary::new(), Content { operations }.encode()?);
        stream.compress()?;
        Ok(Some((canvas.owner, stream)))
    });
    for rewritten in rewritten {
        if let Some((owner, stream)) = rewritten.map_err(failed)? {
            install(&mut doc, owner, stream).map_err(failed)?;
        }
    }

    for (cmap_id, mut entries) in cmaps {
        // A glyph that could not be solved keeps krilla's entry: PDF/A-2u and PDF/UA want
        // every glyph mapped, and its clusters keep their spans anyway.
        entries
            .extend(texts.iter().filter(|((id, _), _)| *id == cmap_id).map(|((_, code), text)| (*code, compose(text))));
        doc.change_content_stream(cmap_id, write_cmap(&entries.into_iter().collect()));
    }

    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out).map_err(failed)?;
    Ok(out)
}

fn failed(e: impl std::fmt::Display) -> String {
    format!("pdf text layer: {e}")
}

/// Where a content stream belongs.
enum Owner {
    /// A stream of its own: a page's only content stream, or a form XObject.
    Stream(ObjectId),
    /// A page whose content is split over several streams.
    Page(ObjectId),
}

/// A content stream, decoded, with the fonts its resources name.
struct Canvas {
    owner: Owner,
    ops: Vec<Operation>,
    /// Font resource name → the font's `/ToUnicode` stream, for the fonts repaired.
    fonts: HashMap<Vec<u8>, ObjectId>,
}

/// Every page and form XObject with its content and fonts, and the maps of those fonts.
fn canvases(doc: &Document) -> lopdf::Result<(Vec<Canvas>, Cmaps)> {
    let mut found = Vec::new();
    let mut cmaps = Cmaps::new();
    for page in doc.page_iter() {
        let (inline, ids) = doc.get_page_resources(page)?;
        let mut fonts = HashMap::new();
        // The nearest resources win: read the farthest first.
        for id in ids.iter().rev() {
            fonts.extend(font_cmaps(doc, doc.get_dictionary(*id)?, &mut cmaps));
        }
        if let Some(dict) = inline {
            fonts.extend(font_cmaps(doc, dict, &mut cmaps));
        }
        let owner = match doc.get_page_contents(page).as_slice() {
            [id] => Owner::Stream(*id),
            _ => Owner::Page(page),
        };
        found.push((owner, fonts, doc.get_page_content(page)));
    }
    for (&id, object) in &doc.objects {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form")
        {
            let fonts = match stream.dict.get_deref(b"Resources", doc).and_then(Object::as_dict) {
                Ok(resources) => font_cmaps(doc, resources, &mut cmaps),
                Err(_) => HashMap::new(),
            };
            found.push((Owner::Stream(id), fonts, stream.get_plain_content()?));
        }
    }
    let canvases = par_map(found, |(owner, fonts, content)| {
        Ok(Canvas { owner, ops: Content::decode(&content)?.operations, fonts })
    });
    Ok((canvases.into_iter().collect::<lopdf::Result<_>>()?, cmaps))
}

/// Puts a new content stream in place.
fn install(doc: &mut Document, owner: Owner, stream: Stream) -> lopdf::Result<()> {
    match owner {
        Owner::Stream(id) => {
            let target = doc.get_object_mut(id).and_then(Object::as_stream_mut)?;
            target.dict.remove(b"Filter");
            target.dict.remove(b"DecodeParms");
            if let Ok(filter) = stream.dict.get(b"Filter") {
                target.dict.set("Filter", filter.clone());
            }
            target.set_content(stream.content);
        }
        Owner::Page(page) => {
            let id = doc.add_object(stream);
            doc.get_dictionary_mut(page)?.set("Contents", id);
        }
    }
    Ok(())
}

/// Maps `f` over `items` on every core, in order.
fn par_map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let size = items.len().div_ceil(threads).max(1);
    let mut items = items.into_iter().peekable();
    let mut chunks = Vec::new();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(size).collect::<Vec<T>>());
    }
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            chunks.into_iter().map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<U>>())).collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// The fonts of a resource dictionary that are repaired: Type0 with `Identity-H` codes and
/// a `/ToUnicode` stream. Returns name → the `/ToUnicode` stream, and reads the map of each
/// font not yet in `cmaps`.
fn font_cmaps(doc: &Document, resources: &Dictionary, cmaps: &mut Cmaps) -> HashMap<Vec<u8>, ObjectId> {
    let Ok(fonts) = resources.get_deref(b"Font", doc).and_then(Object::as_dict) else {
        return HashMap::new();
    };
    fonts
        .iter()
        .filter_map(|(name, font)| {
            let font = doc.dereference(font).ok()?.1.as_dict().ok()?;
            let type0 = font.get(b"Subtype").and_then(Object::as_name).ok()? == b"Type0";
            let identity = font.get(b"Encoding").and_then(Object::as_name).ok()? == b"Identity-H";
            let cmap_id = font.get(b"ToUnicode").and_then(Object::as_reference).ok()?;
            if !(type0 && identity) {
                return None;
            }
            if let Entry::Vacant(entry) = cmaps.entry(cmap_id) {
                entry.insert(read_cmap(&font.get_font_encoding(doc).ok()?)?);
            }
            Some((name.clone(), cmap_id))
        })
        .collect()
}

/// A piece of text as krilla wrote it: an ActualText span and its glyphs, or one glyph
/// outside spans with the text its font maps it to (krilla's map is right there).
struct Unit {
    /// Its glyphs, `None` for a glyph of a font that is not repaired.
    glyphs: Vec<Option<Glyph>>,
    text: String,
    place: Place,
}

/// Where a unit is in its content stream.
#[derive(Clone, Copy)]
enum Place {
    /// An ActualText span: the indices of its `BDC` and `EMC` operators.
    Span(usize, Option<usize>),
    /// A glyph outside spans, shown by the operator at this index; `alone` if that operator
    /// shows no other glyph.
    Glyph { op: usize, alone: bool },
}

/// Reads the text of a content stream as units, in the order they are drawn.
fn units(canvas: &Canvas, cmaps: &Cmaps) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    // Marked content open: the index of its unit if it is an ActualText span.
    let mut marked: Vec<Option<usize>> = Vec::new();
    let mut font = None;
    let mut saved = Vec::new();
    for (i, op) in canvas.ops.iter().enumerate() {
        match op.operator.as_str() {
            "q" => saved.push(font),
            "Q" => font = saved.pop().flatten(),
            "Tf" => {
                font = op.operands.first().and_then(|n| n.as_name().ok()).and_then(|n| canvas.fonts.get(n)).copied()
            }
            "BMC" => marked.push(None),
            "BDC" => {
                let text = op.operands.get(1).and_then(|p| p.as_dict().ok()).and_then(|p| p.get(b"ActualText").ok());
                marked.push(text.and_then(|t| lopdf::decode_text_string(t).ok()).map(|text| {
                    units.push(Unit { glyphs: Vec::new(), text, place: Place::Span(i, None) });
                    units.len() - 1
                }));
            }
            "EMC" => {
                if let Some(Some(u)) = marked.pop()
                    && let Place::Span(_, end) = &mut units[u].place
                {
                    *end = Some(i);
                }
            }
            "Tj" | "TJ" | "'" | "\"" => {
                let span = marked.iter().rev().find_map(|m| *m);
                let alone = shown_strings(&op.operands).map(|bytes| bytes.len() / 2).sum::<usize>() == 1;
                for bytes in shown_strings(&op.operands) {
                    match (span, font) {
                        (Some(u), Some(id)) => units[u].glyphs.extend(codes(bytes).map(|code| Some((id, code)))),
                        (Some(u), None) => units[u].glyphs.push(None),
                        (None, Some(id)) => units.extend(codes(bytes).map(|code| {
                            // An unmapped glyph (a missing character's box) spells nothing.
                            let text = cmaps[&id].get(&code).cloned().unwrap_or_default();
                            Unit { glyphs: vec![Some((id, code))], text, place: Place::Glyph { op: i, alone } }
                        })),
                        (None, None) => {}
                    }
                }
            }
            _ => {}
        }
    }
    units
}

/// One cluster of text: consecutive units of a content stream (indices into them).
///
/// Typst cuts a cluster in pieces where a glyph has a vertical offset (a tone mark raised
/// over a vowel) and gives each piece the whole cluster's text, so consecutive units with
/// the same text of two characters or more are taken as pieces of one cluster, unless each
/// of them spells the text alone.
struct Cluster {
    units: std::ops::Range<usize>,
}

/// Groups units into clusters.
fn clusters(units: &[Unit]) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        match out.last_mut() {
            Some(c) if unit.text.chars().nth(1).is_some() && units[c.units.start].text == unit.text => {
                c.units.end = i + 1
            }
            _ => out.push(Cluster { units: i..i + 1 }),
        }
    }
    out
}

impl Cluster {
    /// Its glyphs and their text (decomposed, see [`decompose`]).
    fn facts(&self, units: &[Unit]) -> (Vec<Option<Glyph>>, String) {
        let glyphs = units[self.units.clone()].iter().flat_map(|u| u.glyphs.iter().copied()).collect();
        (glyphs, decompose(&units[self.units.start].text))
    }

    /// Whether its glyphs, each mapped to its text, spell its text exactly.
    fn spelt_by(&self, units: &[Unit], texts: &HashMap<Glyph, String>) -> bool {
        let (glyphs, _) = self.facts(units);
        let spelt: Option<String> = glyphs.iter().map(|g| g.and_then(|g| texts.get(&g)).map(|t| compose(t))).collect();
        !glyphs.is_empty() && spelt.as_ref() == Some(&units[self.units.start].text)
    }

    /// The cluster as it is, or one per unit if each of its units spells the text alone.
    fn split_if_whole(self, units: &[Unit], texts: &HashMap<Glyph, String>) -> Vec<Cluster> {
        let apart: Vec<Cluster> = self.units.clone().map(|i| Cluster { units: i..i + 1 }).collect();
        if apart.len() > 1 && apart.iter().all(|c| c.spelt_by(units, texts)) { apart } else { vec![self] }
    }
}

/// The content stream with the spans of cut clusters redone, `None` if nothing changes.
///
/// Spans stay where they are: with them poppler reads a cluster as one piece, in order
/// (without, it orders the marks of a cluster by position and may put `่` before `ี`).
/// A cluster cut in pieces keeps the span of its first piece, which tells the whole
/// cluster, and its other pieces get an empty ActualText, so that the cluster is read once.
/// If its first piece has no span, its spans go when its glyphs spell its text.
fn respan(
    ops: Vec<Operation>,
    units: &[Unit],
    clusters: &[Cluster],
    texts: &HashMap<Glyph, String>,
) -> Option<Vec<Operation>> {
    let mut dropped = HashSet::new();
    let mut silenced = HashSet::new();
    let mut wrapped = HashSet::new();
    let span = |u: &Unit| matches!(u.place, Place::Span(_, Some(_)));
    for cluster in clusters.iter().filter(|c| c.units.len() > 1) {
        let pieces = &units[cluster.units.clone()];
        if span(&pieces[0]) && pieces.iter().all(|u| span(u) || matches!(u.place, Place::Glyph { alone: true, .. })) {
            for piece in &pieces[1..] {
                match piece.place {
                    Place::Span(begin, _) => silenced.insert(begin),
                    Place::Glyph { op, .. } => wrapped.insert(op),
                };
            }
        } else if cluster.spelt_by(units, texts) {
            for piece in pieces {
                if let Place::Span(begin, Some(end)) = piece.place {
                    dropped.extend([begin, end]);
                }
            }
        }
    }
    if dropped.is_empty() && silenced.is_empty() && wrapped.is_empty() {
        return None;
    }
    let silent = || Object::Dictionary(lopdf::dictionary! { "ActualText" => Object::string_literal("") });
    let mut out = Vec::with_capacity(ops.len() + 2 * wrapped.len());
    for (i, mut op) in ops.into_iter().enumerate() {
        if dropped.contains(&i) {
            continue;
        }
        if silenced.contains(&i)
            && let Some(properties) = op.operands.get_mut(1)
        {
            *properties = silent();
        }
        if wrapped.contains(&i) {
            out.push(Operation::new("BDC", vec![Object::Name(b"Span".to_vec()), silent()]));
            out.push(op);
            out.push(Operation::new("EMC", Vec::new()));
        } else {
            out.push(op);
        }
    }
    Some(out)
}

/// The strings a text-showing operator shows.
fn shown_strings(operands: &[Object]) -> impl Iterator<Item = &[u8]> {
    operands
        .iter()
        .flat_map(|o| match o {
            Object::Array(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        })
        .filter_map(|o| o.as_str().ok())
}

/// The two-byte codes of a string shown with an `Identity-H` font.
fn codes(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]))
}

/// The text of each glyph from what clusters of glyphs spell (texts decomposed, see
/// [`decompose`]): a lone glyph spells its cluster; in a longer cluster, the glyphs known
/// are peeled off both ends and a single unknown glyph left gets the rest, until nothing
/// new is learnt. A glyph seen with several texts gets the one it has most often.
fn solve(clusters: impl Iterator<Item = (Vec<Option<Glyph>>, String)>) -> HashMap<Glyph, String> {
    let mut seen: HashMap<Glyph, HashMap<String, usize>> = HashMap::new();
    let mut longer = Vec::new();
    for (glyphs, text) in clusters {
        match glyphs.as_slice() {
            [Some(glyph)] => *seen.entry(*glyph).or_default().entry(text).or_default() += 1,
            _ => {
                if let Some(glyphs) = glyphs.into_iter().collect::<Option<Vec<Glyph>>>() {
                    longer.push((glyphs, text));
                }
            }
        }
    }
    let mut texts: HashMap<Glyph, String> = HashMap::new();
    loop {
        let mut learnt = false;
        for (glyph, votes) in &seen {
            if !texts.contains_key(glyph) {
                // Most votes; among equals the shortest, then the first in order.
                let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)));
                if let Some((text, _)) = best {
                    texts.insert(*glyph, text.clone());
                    learnt = true;
                }
            }
        }
        if !learnt {
            return texts;
        }
        for (glyphs, text) in &longer {
            if let Some((glyph, rest)) = remainder(glyphs, text, &texts) {
                *seen.entry(glyph).or_default().entry(rest.to_string()).or_default() += 1;
            }
        }
    }
}

/// Peels the glyphs of known text off both ends of a cluster's text; when exactly one
/// unknown glyph is left and some text, returns them.
fn remainder<'a>(glyphs: &[Glyph], text: &'a str, texts: &HashMap<Glyph, String>) -> Option<(Glyph, &'a str)> {
    let (mut first, mut last) = (0, glyphs.len());
    let mut rest = text;
    while first < last {
        match texts.get(&glyphs[first]).and_then(|t| rest.strip_prefix(t.as_str())) {
            Some(r) => (rest, first) = (r, first + 1),
            None => break,
        }
    }
    while first < last {
        match texts.get(&glyphs[last - 1]).and_then(|t| rest.strip_suffix(t.as_str())) {
            Some(r) => (rest, last) = (r, last - 1),
            None => break,
        }
    }
    (last - first == 1 && !rest.is_empty() && !texts.contains_key(&glyphs[first])).then(|| (glyphs[first], rest))
}

/// Text with SARA AM (Thai `ำ`, Lao `ຳ`) split into NIKHAHIT + SARA AA, as shapers draw it.
fn decompose(text: &str) -> String {
    text.replace('\u{0E33}', "\u{0E4D}\u{0E32}").replace('\u{0EB3}', "\u{0ECD}\u{0EB2}")
}

/// The inverse of [`decompose`], for a glyph that draws the whole SARA AM.
fn compose(text: &str) -> String {
    text.replace("\u{0E4D}\u{0E32}", "\u{0E33}").replace("\u{0ECD}\u{0EB2}", "\u{0EB3}")
}

/// A font's `/ToUnicode` map as it is: code → text.
fn read_cmap(encoding: &Encoding) -> Option<HashMap<u16, String>> {
    let Encoding::UnicodeMapEncoding(cmap) = encoding else {
        return None;
    };
    let map = cmap.bf_ranges[1]
        .iter()
        .flat_map(|(range, _)| range.clone())
        .filter_map(|code| {
            let text = String::from_utf16(&cmap.get(code, 2)?).ok()?;
            Some((u16::try_from(code).ok()?, text))
        })
        .collect();
    Some(map)
}

/// A `/ToUnicode` CMap (ISO 32000-1, 9.10.3) of two-byte codes.
fn write_cmap(entries: &BTreeMap<u16, String>) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = entries.iter().filter(|(_, text)| !text.is_empty()).collect();
    // At most 100 entries per block.
    for block in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, text) in block {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            out.push_str(&format!("<{code:04X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONT: ObjectId = (1, 0);

    fn unit(codes: &[u16], text: &str, spanned: bool) -> Unit {
        let glyphs = codes.iter().map(|&c| Some((FONT, c))).collect();
        let place = if spanned { Place::Span(0, Some(1)) } else { Place::Glyph { op: 0, alone: true } };
        Unit { glyphs, text: text.into(), place }
    }

    #[test]
    fn glyphs_learn_their_own_text_from_clusters() {
        // ต alone, ติ as ต + ิ, า alone, ด alone, ดำ as ด + ํ + า.
        let clusters = [(vec![1], "ต"), (vec![1, 2], "ติ"), (vec![5], "า"), (vec![3], "ด"), (vec![3, 4, 5], "ดำ")];
        let texts = solve(clusters.iter().map(|(g, t)| (g.iter().map(|&c| Some((FONT, c))).collect(), decompose(t))));
        let text = |code| texts.get(&(FONT, code)).map(String::as_str);
        assert_eq!(text(2), Some("\u{0E34}"));
        assert_eq!(text(4), Some("\u{0E4D}"));
    }

    #[test]
    fn a_cluster_cut_in_pieces_is_one_cluster() {
        // ถิ่ drawn as a span of ถ + ิ, then the raised ่ alone, mapped to the whole cluster;
        // then two ก that are two clusters.
        let units = [unit(&[1, 2], "ถิ่", true), unit(&[3], "ถิ่", false), unit(&[4], "ก", false), unit(&[4], "ก", false)];
        let clusters = clusters(&units);
        assert_eq!(clusters.iter().map(|c| c.units.clone()).collect::<Vec<_>>(), [0..2, 2..3, 3..4]);
        let facts = clusters[0].facts(&units);
        assert_eq!(facts, (vec![Some((FONT, 1)), Some((FONT, 2)), Some((FONT, 3))], "ถิ่".to_string()));
    }
}
