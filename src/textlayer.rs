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

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId, Stream, StringFormat};

/// A glyph: its font (the font's `/ToUnicode` stream) and its two-byte code.
type Glyph = (ObjectId, u16);

/// The `/ToUnicode` map of each font repaired, by stream: code → text.
type Cmaps = HashMap<ObjectId, HashMap<u16, String>>;

/// Clusters counted by their text (decomposed, see [`decompose`]) and their glyphs.
type Facts = FxMap<String, FxMap<Vec<Option<Glyph>>, usize>>;

/// Rewrites the text layer of a PDF written by typst-pdf so that text extraction gives the
/// source text (see the module documentation).
///
/// Content streams are never decoded into objects: a small scanner finds the operators the
/// repair reads (`q`/`Q`, `Tf`, marked content, the text operators) and passes over the
/// rest. A first pass reads each stream in turn, counts its clusters (all the solving needs)
/// and keeps only its cut clusters; then the streams with a cut cluster to redo are edited
/// by splicing their bytes, all else in them copied through. Streams that do not change
/// are left as they are, compressed.
pub fn repair(pdf: &[u8]) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(pdf).map_err(failed)?;
    let (canvases, cmaps) = canvases(&doc).map_err(failed)?;

    // Pass 1: every cluster counted, and the cut clusters of each canvas.
    let mut whole = Facts::default();
    let mut cuts: Vec<(usize, Vec<Cut>)> = Vec::new();
    for (facts, found) in par_fold(&canvases, |facts: &mut (Facts, Vec<_>), i, canvas| {
        if let Some(cut) = read(&doc, canvas, &cmaps, &mut facts.0)
            && !cut.is_empty()
        {
            facts.1.push((i, cut));
        }
    }) {
        merge(&mut whole, facts);
        cuts.extend(found);
    }
    cuts.sort_by_key(|(i, _)| *i);

    // Solve once with the clusters that are surely whole, then with all of them, the cut
    // clusters whose every piece spells the text alone being taken piece by piece.
    let first = solve(facts(&whole));
    for cut in cuts.iter().flat_map(|(_, cuts)| cuts) {
        let counts = whole.entry(decompose(&cut.text).into_owned()).or_default();
        if cut.split(&first) {
            for piece in &cut.pieces {
                *counts.entry(piece.glyphs.clone()).or_default() += 1;
            }
        } else {
            *counts.entry(cut.pieces.iter().flat_map(|p| p.glyphs.iter().copied()).collect()).or_default() += 1;
        }
    }
    let texts = solve(facts(&whole));
    drop(whole);

    // Pass 2: the canvases with cut clusters to redo, edited.
    let mut rewritten = Vec::new();
    for found in par_fold(&cuts, |out: &mut Vec<_>, _, (i, cuts)| {
        let edits = respan(cuts, &first, &texts);
        if edits.is_empty() {
            return;
        }
        let canvas = &canvases[*i];
        let redone = content(&doc, canvas).map(|content| Ok((*i, compress(splice(&content, edits))?)));
        out.extend(redone);
    }) {
        rewritten.extend(found);
    }
    rewritten.sort_by_key(|r: &lopdf::Result<(usize, Stream)>| r.as_ref().map_or(0, |(i, _)| *i));
    for redone in rewritten {
        let (i, stream) = redone.map_err(failed)?;
        install(&mut doc, &canvases[i].owner, stream).map_err(failed)?;
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

/// A hash map with [`Fx`] hashing.
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The FxHash function of rustc: fast on the small keys here (glyphs, short texts), which
/// come from our own PDF and need no defence against collisions.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let mut rest = [0; 8];
        rest[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.add(u64::from_le_bytes(rest));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(n.into());
    }

    fn write_u16(&mut self, n: u16) {
        self.add(n.into());
    }

    fn write_u32(&mut self, n: u32) {
        self.add(n.into());
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// Adds the counts of `from` to `into`.
fn merge(into: &mut Facts, from: Facts) {
    if into.is_empty() {
        *into = from;
        return;
    }
    for (text, seen) in from {
        match into.entry(text) {
            Entry::Vacant(entry) => {
                entry.insert(seen);
            }
            Entry::Occupied(mut entry) => {
                let counts = entry.get_mut();
                for (glyphs, n) in seen {
                    *counts.entry(glyphs).or_default() += n;
                }
            }
        }
    }
}

/// The clusters counted, as [`solve`] takes them.
fn facts(facts: &Facts) -> impl Iterator<Item = (&[Option<Glyph>], &str, usize)> {
    facts.iter().flat_map(|(text, seen)| seen.iter().map(move |(glyphs, &n)| (glyphs.as_slice(), text.as_str(), n)))
}

/// Where a content stream belongs.
enum Owner {
    /// A stream of its own: a page's only content stream, or a form XObject.
    Stream(ObjectId),
    /// A page whose content is split over several streams.
    Page(ObjectId),
}

/// A content stream with the fonts its resources name.
struct Canvas {
    owner: Owner,
    /// Font resource name → the font's `/ToUnicode` stream, for the fonts repaired.
    fonts: HashMap<Vec<u8>, ObjectId>,
}

/// Every page and form XObject with its fonts, and the maps of those fonts.
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
        found.push(Canvas { owner, fonts });
    }
    for (&id, object) in &doc.objects {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form")
        {
            let fonts = match stream.dict.get_deref(b"Resources", doc).and_then(Object::as_dict) {
                Ok(resources) => font_cmaps(doc, resources, &mut cmaps),
                Err(_) => HashMap::new(),
            };
            found.push(Canvas { owner: Owner::Stream(id), fonts });
        }
    }
    Ok((found, cmaps))
}

/// The decompressed content of a canvas; `None` if it cannot be read.
fn content(doc: &Document, canvas: &Canvas) -> Option<Vec<u8>> {
    match canvas.owner {
        Owner::Stream(id) => doc.get_object(id).and_then(Object::as_stream).ok()?.get_plain_content().ok(),
        Owner::Page(page) => Some(doc.get_page_content(page)),
    }
}

/// Pass 1 on a canvas: counts its clusters into `facts` and returns its cut clusters.
/// `None` if its content cannot be read: it is then left as it is.
fn read(doc: &Document, canvas: &Canvas, cmaps: &Cmaps, facts: &mut Facts) -> Option<Vec<Cut>> {
    let content = content(doc, canvas)?;
    let units = units(&content, &canvas.fonts, cmaps)?;
    Some(tally(&units, facts))
}

/// Counts the clusters of a content stream's units into `facts`; returns those cut in
/// pieces.
fn tally(units: &Units, facts: &mut Facts) -> Vec<Cut> {
    let mut cuts = Vec::new();
    for cluster in clusters(&units.list) {
        let pieces = &units.list[cluster];
        if let [unit] = pieces {
            let text = decompose(&unit.text);
            let glyphs = units.glyphs(unit);
            match facts.get_mut(&*text) {
                Some(counts) => match counts.get_mut(glyphs) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(glyphs.to_vec(), 1);
                    }
                },
                None => {
                    facts.insert(text.into_owned(), FxMap::from_iter([(glyphs.to_vec(), 1)]));
                }
            }
        } else {
            let text = pieces[0].text.to_string();
            let pieces = pieces.iter().map(|u| Piece { glyphs: units.glyphs(u).to_vec(), place: u.place.clone() });
            cuts.push(Cut { text, pieces: pieces.collect() });
        }
    }
    cuts
}

/// A content stream, compressed as lopdf's `Stream::compress` would but at the default
/// level, not the best: compressing is the largest part of the repair, and on these
/// streams the best level takes twice the time to save a few hundred bytes in a megabyte.
fn compress(content: Vec<u8>) -> std::io::Result<Stream> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(content.len() / 4), Compression::default());
    encoder.write_all(&content)?;
    let compressed = encoder.finish()?;
    Ok(if compressed.len() + 19 < content.len() {
        Stream::new(lopdf::dictionary! { "Filter" => "FlateDecode" }, compressed)
    } else {
        Stream::new(Dictionary::new(), content)
    })
}

/// Puts a new content stream in place.
fn install(doc: &mut Document, owner: &Owner, stream: Stream) -> lopdf::Result<()> {
    match *owner {
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

/// Runs `f` on every item (with its index) on every core, each thread adding to its own
/// accumulator; returns the accumulators. The items are handed out one at a time, so that
/// a few heavy ones do not leave a core idle.
fn par_fold<T: Sync, A: Default + Send>(items: &[T], f: impl Fn(&mut A, usize, &T) + Sync) -> Vec<A> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut acc = A::default();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { return acc };
            f(&mut acc, i, item);
        }
    };
    if threads <= 1 {
        return vec![work()];
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut out = vec![work()];
        out.extend(workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))));
        out
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
struct Unit<'a> {
    /// Its glyphs, in [`Units::glyphs`].
    glyphs: Range<usize>,
    text: Cow<'a, str>,
    place: Place,
}

/// The units of a content stream, in the order they are drawn.
#[derive(Default)]
struct Units<'a> {
    list: Vec<Unit<'a>>,
    /// The glyphs of all units, each unit's together; `None` for a glyph of a font that is
    /// not repaired.
    glyphs: Vec<Option<Glyph>>,
}

impl<'a> Units<'a> {
    fn glyphs(&self, unit: &Unit) -> &[Option<Glyph>] {
        &self.glyphs[unit.glyphs.clone()]
    }

    /// Adds a glyph to unit `u`, moving its glyphs to the end of the list if others came
    /// after them (a span in a span).
    fn push_glyph(&mut self, u: usize, glyph: Option<Glyph>) {
        let unit = &mut self.list[u];
        if unit.glyphs.end != self.glyphs.len() {
            let start = self.glyphs.len();
            self.glyphs.extend_from_within(unit.glyphs.clone());
            unit.glyphs = start..self.glyphs.len();
        }
        self.glyphs.push(glyph);
        unit.glyphs.end += 1;
    }

    /// Adds a unit, with its first glyph if it has one yet.
    fn push(&mut self, glyph: Option<Glyph>, text: Cow<'a, str>, place: Place) -> usize {
        let start = self.glyphs.len();
        self.glyphs.extend(glyph.map(Some));
        self.list.push(Unit { glyphs: start..self.glyphs.len(), text, place });
        self.list.len() - 1
    }
}

/// Where a unit is in its content stream (byte ranges of the decompressed stream).
#[derive(Clone, PartialEq, Debug)]
enum Place {
    /// An ActualText span: its `BDC` operation, the properties dictionary of that, and its
    /// `EMC` operation.
    Span { bdc: Range<usize>, properties: Range<usize>, emc: Option<Range<usize>> },
    /// A glyph outside spans, shown by this operation; `alone` if it shows no other glyph.
    Glyph { op: Range<usize>, alone: bool },
}

/// Reads the text of a content stream as units; `None` if the stream cannot be read.
fn units<'a>(content: &[u8], fonts: &HashMap<Vec<u8>, ObjectId>, cmaps: &'a Cmaps) -> Option<Units<'a>> {
    let mut units = Units::default();
    // Marked content open: the index of its unit if it is an ActualText span.
    let mut marked: Vec<Option<usize>> = Vec::new();
    let mut font = None;
    let mut saved = Vec::new();
    scan(content, |op| match op.operator {
        b"q" => saved.push(font),
        b"Q" => font = saved.pop().flatten(),
        b"Tf" => {
            font = match op.operands.first() {
                Some(Operand::Name(name)) => fonts.get(op.bytes(name)).copied(),
                _ => None,
            }
        }
        b"BMC" => marked.push(None),
        b"BDC" => {
            let span = match op.operands.get(1) {
                Some(Operand::Dict { at, actual_text: Some(text) }) => {
                    let text = Object::String(op.bytes(text).to_vec(), StringFormat::Literal);
                    lopdf::decode_text_string(&text).ok().map(|text| (text, at.clone()))
                }
                _ => None,
            };
            marked.push(span.map(|(text, properties)| {
                units.push(None, Cow::Owned(text), Place::Span { bdc: op.at.clone(), properties, emc: None })
            }));
        }
        b"EMC" => {
            if let Some(Some(u)) = marked.pop()
                && let Place::Span { emc, .. } = &mut units.list[u].place
            {
                *emc = Some(op.at.clone());
            }
        }
        b"Tj" | b"TJ" | b"'" | b"\"" => {
            let span = marked.iter().rev().find_map(|m| *m);
            let alone = op.shown().map(|bytes| bytes.len() / 2).sum::<usize>() == 1;
            for bytes in op.shown() {
                match (span, font) {
                    (Some(u), Some(id)) => codes(bytes).for_each(|code| units.push_glyph(u, Some((id, code)))),
                    (Some(u), None) => units.push_glyph(u, None),
                    (None, Some(id)) => {
                        for code in codes(bytes) {
                            // An unmapped glyph (a missing character's box) spells nothing.
                            let text = cmaps[&id].get(&code).map_or("", String::as_str);
                            units.push(
                                Some((id, code)),
                                Cow::Borrowed(text),
                                Place::Glyph { op: op.at.clone(), alone },
                            );
                        }
                    }
                    (None, None) => {}
                }
            }
        }
        _ => {}
    })
    .ok()?;
    Some(units)
}

/// Groups units into clusters: runs of consecutive units (indices into them).
///
/// Typst cuts a cluster in pieces where a glyph has a vertical offset (a tone mark raised
/// over a vowel) and gives each piece the whole cluster's text, so consecutive units with
/// the same text of two characters or more are taken as pieces of one cluster, unless each
/// of them spells the text alone (see [`Cut::split`]).
fn clusters(units: &[Unit]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        match out.last_mut() {
            Some(c) if unit.text.chars().nth(1).is_some() && units[c.start].text == unit.text => c.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// A cluster cut in pieces, as the first pass found it: its text and its pieces.
struct Cut {
    text: String,
    pieces: Vec<Piece>,
}

/// A unit of a cut cluster.
struct Piece {
    glyphs: Vec<Option<Glyph>>,
    place: Place,
}

/// Whether `glyphs`, each mapped to its text, spell `text` exactly.
fn spells<'g>(glyphs: impl IntoIterator<Item = &'g Option<Glyph>>, text: &str, texts: &HashMap<Glyph, String>) -> bool {
    let mut glyphs = glyphs.into_iter().peekable();
    if glyphs.peek().is_none() {
        return false;
    }
    let spelt: Option<String> = glyphs.map(|g| g.and_then(|g| texts.get(&g)).map(|t| compose(t))).collect();
    spelt.as_deref() == Some(text)
}

impl Cut {
    /// Whether it is rather one cluster per piece: each of them spells the text alone.
    fn split(&self, texts: &HashMap<Glyph, String>) -> bool {
        self.pieces.len() > 1 && self.pieces.iter().all(|p| spells(&p.glyphs, &self.text, texts))
    }

    /// Whether its glyphs, each mapped to its text, spell its text exactly.
    fn spelt_by(&self, texts: &HashMap<Glyph, String>) -> bool {
        spells(self.pieces.iter().flat_map(|p| &p.glyphs), &self.text, texts)
    }
}

/// An empty ActualText: the properties of a span that reads as nothing.
const SILENT: &[u8] = b"<</ActualText()>>";
/// Opens a span that reads as nothing.
const SILENT_SPAN: &[u8] = b"/Span<</ActualText()>>BDC ";
/// Closes it.
const END_SPAN: &[u8] = b"\nEMC";

/// The edits that redo the spans of the cut clusters of a content stream: byte ranges of
/// the stream and what replaces them. `first` tells the clusters that are rather one per
/// piece (see [`Cut::split`]), `texts` the text of each glyph.
///
/// Spans stay where they are: with them poppler reads a cluster as one piece, in order
/// (without, it orders the marks of a cluster by position and may put `่` before `ี`).
/// A cluster cut in pieces keeps the span of its first piece, which tells the whole
/// cluster, and its other pieces get an empty ActualText, so that the cluster is read once.
/// If its first piece has no span, its spans go when its glyphs spell its text.
fn respan(
    cuts: &[Cut],
    first: &HashMap<Glyph, String>,
    texts: &HashMap<Glyph, String>,
) -> Vec<(Range<usize>, &'static [u8])> {
    let mut edits = Vec::new();
    let span = |p: &Piece| matches!(p.place, Place::Span { emc: Some(_), .. });
    for cut in cuts.iter().filter(|c| !c.split(first)) {
        let pieces = &cut.pieces;
        if span(&pieces[0]) && pieces.iter().all(|p| span(p) || matches!(p.place, Place::Glyph { alone: true, .. })) {
            for piece in &pieces[1..] {
                match &piece.place {
                    Place::Span { properties, .. } => edits.push((properties.clone(), SILENT)),
                    Place::Glyph { op, .. } => {
                        edits.push((op.start..op.start, SILENT_SPAN));
                        edits.push((op.end..op.end, END_SPAN));
                    }
                }
            }
        } else if cut.spelt_by(texts) {
            for piece in pieces {
                if let Place::Span { bdc, emc: Some(emc), .. } = &piece.place {
                    edits.extend([(bdc.clone(), &b""[..]), (emc.clone(), &b""[..])]);
                }
            }
        }
    }
    edits
}

/// `content` with `edits` made: each byte range replaced by its bytes (ranges do not
/// overlap). A space is put between two tokens that would otherwise run together.
fn splice(content: &[u8], mut edits: Vec<(Range<usize>, &[u8])>) -> Vec<u8> {
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
        append(&mut out, bytes);
        at = at.max(range.end);
    }
    append(&mut out, &content[at..]);
    out
}

/// The two-byte codes of a string shown with an `Identity-H` font.
fn codes(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]))
}

// The content-stream scanner.

/// An operand of a content-stream operator, as much of it as the repair reads. Names and
/// strings are decoded into [`Operation::bytes`].
#[derive(Debug, PartialEq)]
enum Operand {
    Name(Range<usize>),
    String(Range<usize>),
    /// An array: its strings, in [`Operation::strings`] (those of arrays in it left out).
    Array(Range<usize>),
    /// A dictionary: where it is written, and its `/ActualText` if that is a string.
    Dict {
        at: Range<usize>,
        actual_text: Option<Range<usize>>,
    },
    /// A number, a boolean, null, or what is inside a dictionary.
    Other,
}

/// An operation of a content stream.
struct Operation<'a> {
    operator: &'a [u8],
    operands: &'a [Operand],
    /// Where it is written, from its first operand to its operator.
    at: Range<usize>,
    /// The names and strings of its operands, decoded.
    bytes: &'a [u8],
    /// The strings of its array operands: ranges of `bytes`.
    strings: &'a [Range<usize>],
}

impl Operation<'_> {
    /// The bytes of a name or string operand.
    fn bytes(&self, range: &Range<usize>) -> &[u8] {
        &self.bytes[range.clone()]
    }

    /// The strings it shows, if it is a text-showing operator.
    fn shown(&self) -> impl Iterator<Item = &[u8]> {
        self.operands
            .iter()
            .flat_map(|o| match o {
                Operand::String(s) => std::slice::from_ref(s),
                Operand::Array(strings) => &self.strings[strings.clone()],
                _ => &[],
            })
            .map(|s| &self.bytes[s.clone()])
    }
}

/// PDF white space (ISO 32000-1, 7.2.2).
fn white(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// A regular character: neither white space nor a delimiter.
fn regular(c: u8) -> bool {
    !white(c) && !matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// How deep arrays and dictionaries may nest.
const MAX_DEPTH: usize = 64;

/// Calls `visit` with every operation of a content stream, in order. Fails on what is not
/// content-stream syntax.
fn scan(content: &[u8], mut visit: impl FnMut(Operation<'_>)) -> Result<(), ()> {
    let mut s = Scanner { buf: content, pos: 0, bytes: Vec::new(), strings: Vec::new() };
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
        visit(Operation { operator: token, operands: &operands, at, bytes: &s.bytes, strings: &s.strings });
        operands.clear();
        s.bytes.clear();
        s.strings.clear();
        start = None;
    }
    Ok(())
}

/// A number, boolean or null token as an operand; `None` for an operator.
fn plain(token: &[u8]) -> Option<Operand> {
    let number = token.iter().all(|c| c.is_ascii_digit() || b"+-.".contains(c));
    (number || matches!(token, b"true" | b"false" | b"null")).then_some(Operand::Other)
}

struct Scanner<'a> {
    buf: &'a [u8],
    pos: usize,
    /// The names and strings of the operation being read, decoded.
    bytes: Vec<u8>,
    /// The strings of its arrays: ranges of `bytes`.
    strings: Vec<Range<usize>>,
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
                    let mark = self.strings.len();
                    let value = self.object(depth + 1)?;
                    self.strings.truncate(mark);
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
                let first = self.strings.len();
                loop {
                    self.skip();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Operand::Array(first..self.strings.len()));
                    }
                    let mark = self.strings.len();
                    let item = self.object(depth + 1)?;
                    // The strings of an array in the array are not its own.
                    self.strings.truncate(mark);
                    if let Operand::String(s) = item {
                        self.strings.push(s);
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

/// The text of each glyph from what clusters of glyphs spell (texts decomposed, see
/// [`decompose`]): a lone glyph spells its cluster; in a longer cluster, the glyphs known
/// are peeled off both ends and a single unknown glyph left gets the rest, until nothing
/// new is learnt. A glyph seen with several texts gets the one it has most often. Each
/// cluster comes with the number of times it was seen.
fn solve<'a>(clusters: impl Iterator<Item = (&'a [Option<Glyph>], &'a str, usize)>) -> HashMap<Glyph, String> {
    let mut seen: HashMap<Glyph, HashMap<String, usize>> = HashMap::new();
    let mut longer = Vec::new();
    for (glyphs, text, n) in clusters {
        match glyphs {
            [Some(glyph)] => *seen.entry(*glyph).or_default().entry(text.to_string()).or_default() += n,
            _ => {
                if let Some(glyphs) = glyphs.iter().copied().collect::<Option<Vec<Glyph>>>() {
                    longer.push((glyphs, text, n));
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
        for (glyphs, text, n) in &longer {
            if let Some((glyph, rest)) = remainder(glyphs, text, &texts) {
                *seen.entry(glyph).or_default().entry(rest.to_string()).or_default() += n;
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
fn decompose(text: &str) -> Cow<'_, str> {
    if text.contains(['\u{0E33}', '\u{0EB3}']) {
        Cow::Owned(text.replace('\u{0E33}', "\u{0E4D}\u{0E32}").replace('\u{0EB3}', "\u{0ECD}\u{0EB2}"))
    } else {
        Cow::Borrowed(text)
    }
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

    fn unit(text: &str) -> Unit<'static> {
        Unit { glyphs: 0..0, text: text.to_string().into(), place: Place::Glyph { op: 0..1, alone: true } }
    }

    #[test]
    fn glyphs_learn_their_own_text_from_clusters() {
        // ต alone, ติ as ต + ิ, า alone, ด alone, ดำ as ด + ํ + า.
        let clusters = [(vec![1], "ต"), (vec![1, 2], "ติ"), (vec![5], "า"), (vec![3], "ด"), (vec![3, 4, 5], "ดำ")];
        let clusters: Vec<(Vec<Option<Glyph>>, String)> = clusters
            .iter()
            .map(|(g, t)| (g.iter().map(|&c| Some((FONT, c))).collect(), decompose(t).into_owned()))
            .collect();
        let texts = solve(clusters.iter().map(|(g, t)| (g.as_slice(), t.as_str(), 1)));
        let text = |code| texts.get(&(FONT, code)).map(String::as_str);
        assert_eq!(text(2), Some("\u{0E34}"));
        assert_eq!(text(4), Some("\u{0E4D}"));
    }

    #[test]
    fn a_cluster_cut_in_pieces_is_one_cluster() {
        // ถิ่ drawn as a span of ถ + ิ, then the raised ่ alone, mapped to the whole cluster;
        // then two ก that are two clusters.
        let units = [unit("ถิ่"), unit("ถิ่"), unit("ก"), unit("ก")];
        assert_eq!(clusters(&units), [0..2, 2..3, 3..4]);
    }

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
                Operand::Array(a) => Read::Array(op.strings[a.clone()].iter().map(|s| op.bytes(s).to_vec()).collect()),
                Operand::Dict { at, actual_text } => {
                    Read::Dict { at: at.clone(), actual_text: actual_text.as_ref().map(|t| op.bytes(t).to_vec()) }
                }
                Operand::Other => Read::Other,
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
    fn spans_are_redone_by_splicing_bytes() {
        let fonts = HashMap::from([(b"f0".to_vec(), FONT)]);
        // ถ ิ ่ : krilla maps ถ to ถิ่ and leaves ิ ่ unmapped.
        let cmaps =
            Cmaps::from([(FONT, HashMap::from([(1, "ถิ่".to_string()), (3, "ถิ่".to_string()), (4, "ก".to_string())]))]);
        let thi = "<feff0e160e340e48>";
        // A span of ถ + ิ, then the raised ่ alone; ก; then a span of ถ + ิ, then a span of ่.
        let content = format!(
            "BT/f0 12 Tf/Span<</ActualText{thi}>>BDC[<00010002>]TJ\nEMC 1 0 0 1 5 5 Tm[<0003>]TJ\n\
             [<0004>]TJ/Span<</ActualText{thi}>>BDC[<00010002>]TJ\nEMC/Span<</MCID 1/ActualText{thi}>>BDC[<0003>]TJ\nEMC ET"
        );
        let found = units(content.as_bytes(), &fonts, &cmaps).unwrap();
        assert_eq!(found.list.len(), 5);
        let edits = respan(&tally(&found, &mut Facts::default()), &HashMap::new(), &HashMap::new());
        let out = String::from_utf8(splice(content.as_bytes(), edits)).unwrap();
        assert_eq!(
            out,
            format!(
                "BT/f0 12 Tf/Span<</ActualText{thi}>>BDC[<00010002>]TJ\nEMC 1 0 0 1 5 5 Tm/Span<</ActualText()>>BDC \
                 [<0003>]TJ\nEMC\n[<0004>]TJ/Span<</ActualText{thi}>>BDC[<00010002>]TJ\nEMC/Span<</ActualText()>>BDC[<0003>]TJ\nEMC ET"
            )
        );
        // A cut cluster whose first piece is no span loses its spans when its glyphs spell it.
        let texts =
            HashMap::from([((FONT, 1), "ถ".to_string()), ((FONT, 2), "ิ".to_string()), ((FONT, 3), "่".to_string())]);
        let content = format!(
            "q/f0 12 Tf[<0001>]TJ/Span<</ActualText{thi}>>BDC[<00020003>]TJ EMC/Span<</ActualText{thi}>>BDC 0 Tr EMC Q"
        );
        let found = units(content.as_bytes(), &fonts, &cmaps).unwrap();
        let edits = respan(&tally(&found, &mut Facts::default()), &HashMap::new(), &texts);
        assert_eq!(
            String::from_utf8(splice(content.as_bytes(), edits)).unwrap(),
            "q/f0 12 Tf[<0001>]TJ[<00020003>]TJ  0 Tr  Q"
        );
    }

    #[test]
    fn splicing_keeps_tokens_apart() {
        assert_eq!(splice(b"1 w/A BMC EMC 2 w", vec![(3..13, b"")]), b"1 w 2 w");
        assert_eq!(splice(b"1 w/A BMC/B BMC", vec![(3..9, b"")]), b"1 w/B BMC");
        assert_eq!(splice(b"(a)Tj BX", vec![(0..5, b"")]), b" BX");
        assert_eq!(
            splice(b"q[<01>]TJ Q", vec![(1..1, SILENT_SPAN), (9..9, END_SPAN)]),
            b"q/Span<</ActualText()>>BDC [<01>]TJ\nEMC Q"
        );
    }
}
