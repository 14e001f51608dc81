//! The fonts repaired, and the codes added to them.
//!
//! krilla writes a TrueType font as a Type0 font with `Identity-H` codes over a
//! `CIDFontType2` with `/CIDToGIDMap /Identity`: a code is a glyph's number in the embedded
//! subset, so a glyph has exactly one code and one `/ToUnicode` entry. Where a glyph means
//! different texts in different places (the SARA AA of `ำ` and a plain `า`, say), the repair
//! gives it a second code: the `/CIDToGIDMap` becomes a stream that maps the new code to the
//! same glyph, `/W` gives the new code the glyph's width, the font's `/CIDSet` (PDF/A) lists
//! it, and `/ToUnicode` maps it to its own text. The drawing does not change.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::cmap;

/// The codes given to glyphs that read as nothing (the NIKHAHIT of a `ำ`, say). Their
/// `/ToUnicode` entry is empty; pdf.js, which takes an empty entry as no entry, then reads
/// the code itself as a character: each of these is a format character (Unicode category
/// Cf), which pdf.js drops from the text. The first ones come first, so that the
/// `/CIDToGIDMap` stays short.
pub(crate) const SILENT_CODES: [u16; 17] = [
    0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F,
    0xFFF9, 0xFFFA, 0xFFFB,
];

/// A font whose text is repaired: a Type0 font with `Identity-H` codes and a `/ToUnicode`
/// map.
#[derive(PartialEq)]
pub(crate) struct Font {
    pub to_unicode: ObjectId,
    /// Its `CIDFontType2` descendant, when codes can be added to it.
    pub descendant: Option<ObjectId>,
    /// krilla's map: code → text.
    pub map: FxHashMap<u16, std::sync::Arc<str>>,
    /// The code of a blank glyph, the space's.
    pub blank: Option<u16>,
    /// Code → advance width in thousandths of the font size.
    widths: FxHashMap<u16, f64>,
    default_width: f64,
    /// Code → glyph, when `/CIDToGIDMap` is a stream; `None` for `/Identity`.
    gids: Option<Vec<u16>>,
}

impl Font {
    /// The advance width of a code, in thousandths of the font size.
    pub fn width(&self, code: u16) -> f64 {
        self.widths.get(&code).copied().unwrap_or(self.default_width)
    }

    /// Reads a font dictionary; `None` unless it is a font the repair reads.
    pub fn read(doc: &Document, id: ObjectId) -> Option<Font> {
        let font = doc.get_dictionary(id).ok()?;
        let type0 = font.get(b"Subtype").and_then(Object::as_name).ok()? == b"Type0";
        let identity = font.get(b"Encoding").and_then(Object::as_name).ok()? == b"Identity-H";
        let to_unicode = font.get(b"ToUnicode").and_then(Object::as_reference).ok()?;
        if !(type0 && identity) {
            return None;
        }
        let cmap = doc.get_object(to_unicode).and_then(Object::as_stream).ok()?.get_plain_content().ok()?;
        let map: FxHashMap<u16, std::sync::Arc<str>> =
            cmap::read(&cmap)?.into_iter().map(|(c, t)| (c, t.into())).collect();
        let (descendant_id, descendant) = match font.get(b"DescendantFonts").and_then(|d| doc.dereference(d)).ok()? {
            (_, Object::Array(list)) => {
                let first = list.first()?;
                let id = first.as_reference().ok();
                (id, doc.dereference(first).ok()?.1.as_dict().ok()?)
            }
            _ => return None,
        };
        let (widths, default_width) = widths(doc, descendant);
        let type2 = descendant.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"CIDFontType2");
        let gids = match descendant.get(b"CIDToGIDMap").and_then(|m| doc.dereference(m)) {
            Ok((_, Object::Name(name))) if name == b"Identity" => Some(None),
            Ok((_, Object::Stream(stream))) => stream
                .get_plain_content()
                .ok()
                .map(|bytes| Some(bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect())),
            // No map is the identity too (ISO 32000-1, table 117).
            Err(_) => Some(None),
            _ => None,
        };
        // Codes are added only where the map can say which glyph they draw.
        let (descendant, gids) = match (type2, gids, descendant_id) {
            (true, Some(gids), Some(id)) => (Some(id), gids),
            _ => (None, None),
        };
        let blank = map.iter().filter(|(_, t)| &***t == " ").map(|(c, _)| *c).min();
        Some(Font { to_unicode, descendant, map, blank, widths, default_width, gids })
    }

    /// The glyph a code draws.
    fn gid(&self, code: u16) -> u16 {
        match &self.gids {
            None => code,
            Some(map) => map.get(usize::from(code)).copied().unwrap_or(0),
        }
    }

    /// The largest code the font draws a glyph with.
    fn last_code(&self) -> u16 {
        let mapped = self.map.keys().chain(self.widths.keys()).copied().max().unwrap_or(0);
        let by_map = self.gids.as_ref().map_or(0, |m| m.len().saturating_sub(1).min(usize::from(u16::MAX)) as u16);
        mapped.max(by_map)
    }
}

/// The `/W` widths of a CID font (code → width) and its `/DW`.
pub(crate) fn widths(doc: &Document, cid_font: &Dictionary) -> (FxHashMap<u16, f64>, f64) {
    let number = |o: &Object| match doc.dereference(o).map(|(_, o)| o) {
        Ok(Object::Integer(i)) => Some(*i as f64),
        Ok(Object::Real(r)) => Some(f64::from(*r)),
        _ => None,
    };
    let default = cid_font.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
    let mut out = FxHashMap::default();
    let Ok((_, Object::Array(w))) = cid_font.get(b"W").and_then(|w| doc.dereference(w)) else {
        return (out, default);
    };
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(&w[i]) else { break };
        match w.get(i + 1).map(|o| doc.dereference(o).map(|(_, o)| o)) {
            Some(Ok(Object::Array(list))) => {
                for (k, width) in list.iter().enumerate() {
                    if let Some(width) = number(width) {
                        out.insert((first as usize + k).min(usize::from(u16::MAX)) as u16, width);
                    }
                }
                i += 2;
            }
            Some(Ok(_)) => {
                let (Some(last), Some(width)) = (number(&w[i + 1]), w.get(i + 2).and_then(number)) else { break };
                for code in first as u32..=(last as u32).min(u32::from(u16::MAX)) {
                    out.insert(code as u16, width);
                }
                i += 3;
            }
            _ => break,
        }
    }
    (out, default)
}

/// The codes of every font: each glyph's own code with its text, and the codes added.
pub(crate) struct Codes {
    fonts: Vec<FontCodes>,
    /// Every code added, in order: font, code of the glyph as written, text. Asked again
    /// in this order from the same start, [`Codes::code`] adds the same codes, which lets a
    /// repair take a page's codes from the last repair (see `Memo`).
    log: Vec<(usize, u16, String)>,
}

struct FontCodes {
    /// Whether codes can be added.
    open: bool,
    /// The next code for a glyph with a text of its own.
    next: u32,
    /// The codes for glyphs that read as nothing not yet given.
    silent: Vec<u16>,
    /// Code → text, for the `/ToUnicode` map.
    entries: BTreeMap<u16, String>,
    /// Code of the glyph as written → (text, code): a glyph has one or two texts, and a
    /// lookup by the glyph's code needs no key made for it.
    given: FxHashMap<u16, Vec<(String, u16)>>,
    /// Codes added, with the code of the glyph they draw.
    added: Vec<(u16, u16)>,
}

impl Codes {
    /// The codes of `fonts` as they are: each code with krilla's text, overridden by the
    /// text solved for it (`texts`, font → code → text).
    pub fn new(fonts: &[Font], texts: &FxHashMap<(usize, u16), String>) -> Codes {
        let fonts = fonts
            .iter()
            .enumerate()
            .map(|(f, font)| {
                let mut entries: BTreeMap<u16, String> = font
                    .map
                    .iter()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(code, text)| (*code, text.to_string()))
                    .collect();
                entries
                    .extend(texts.iter().filter(|((font, _), _)| *font == f).map(|((_, code), t)| (*code, t.clone())));
                let last = font.last_code();
                let silent = SILENT_CODES.iter().copied().filter(|&c| c > last).collect();
                FontCodes {
                    open: font.descendant.is_some(),
                    next: u32::from(last) + 1,
                    silent,
                    entries,
                    given: FxHashMap::default(),
                    added: Vec::new(),
                }
            })
            .collect();
        Codes { fonts, log: Vec::new() }
    }

    /// The code that draws glyph `code` of font `font` and reads as `text`: the glyph's own
    /// code if that is its text, else a code added for it. `None` if no code can be added.
    pub fn code(&mut self, font: usize, code: u16, text: &str) -> Option<u16> {
        let f = &mut self.fonts[font];
        if !text.is_empty() && f.entries.get(&code).is_some_and(|t| t == text) {
            return Some(code);
        }
        if let Some(&(_, given)) = f.given.get(&code).and_then(|texts| texts.iter().find(|(t, _)| t == text)) {
            return Some(given);
        }
        if !f.open {
            return None;
        }
        let new = if text.is_empty() {
            if f.silent.is_empty() {
                return None;
            }
            f.silent.remove(0)
        } else {
            // Past the codes kept for silent glyphs.
            while SILENT_CODES.contains(&(f.next.min(0xFFFF) as u16)) {
                f.next += 1;
            }
            let new = u16::try_from(f.next).ok().filter(|&c| c != 0xFFFF)?;
            f.next += 1;
            f.silent.retain(|&c| c != new);
            new
        };
        f.entries.insert(new, text.to_string());
        f.given.entry(code).or_default().push((text.to_string(), new));
        f.added.push((new, code));
        self.log.push((font, code, text.to_string()));
        Some(new)
    }

    /// The codes added so far, in order.
    pub fn log(&self) -> &[(usize, u16, String)] {
        &self.log
    }

    /// Adds the codes of `log` (part of another [`Codes`]' log), as asking for them in
    /// that order does.
    pub fn replay(&mut self, log: &[(usize, u16, String)]) {
        for (font, code, text) in log {
            self.code(*font, *code, text);
        }
    }

    /// How many codes were added, over all fonts.
    pub fn added(&self) -> usize {
        self.fonts.iter().map(|f| f.added.len()).sum()
    }

    /// Writes the fonts: `/ToUnicode` maps, and where codes were added, `/CIDToGIDMap`,
    /// `/W` and `/CIDSet`. The objects changed are added to `touched` (new ones need not be).
    pub fn install(self, doc: &mut Document, fonts: &[Font], touched: &mut FxHashSet<ObjectId>) -> lopdf::Result<()> {
        // A map shared by several fonts is written once, from the first of them.
        let mut written = FxHashSet::default();
        for (font, codes) in fonts.iter().zip(self.fonts) {
            if written.insert(font.to_unicode) {
                doc.change_content_stream(font.to_unicode, cmap::write(&codes.entries));
                touched.insert(font.to_unicode);
            }
            if let (Some(descendant), false) = (font.descendant, codes.added.is_empty()) {
                add_codes(doc, font, descendant, &codes.added, touched)?;
            }
        }
        Ok(())
    }
}

/// Adds codes to a `CIDFontType2`: each new code draws the glyph of the code it copies.
fn add_codes(
    doc: &mut Document,
    font: &Font,
    descendant: ObjectId,
    added: &[(u16, u16)],
    touched: &mut FxHashSet<ObjectId>,
) -> lopdf::Result<()> {
    touched.insert(descendant);
    let last = added.iter().map(|(new, _)| *new).max().unwrap_or(0).max(font.last_code());
    let mut map = vec![0u8; 2 * (usize::from(last) + 1)];
    for code in 0..=font.last_code() {
        let at = 2 * usize::from(code);
        map[at..at + 2].copy_from_slice(&font.gid(code).to_be_bytes());
    }
    for (new, old) in added {
        let at = 2 * usize::from(*new);
        map[at..at + 2].copy_from_slice(&font.gid(*old).to_be_bytes());
    }
    let map_id = doc.add_object(crate::compress(map).map_err(lopdf::Error::IO)?);

    let mut widths = Vec::new();
    for (new, old) in added {
        let width = font.width(*old);
        let width = if width.fract() == 0.0 { Object::Integer(width as i64) } else { Object::Real(width as f32) };
        widths.extend([Object::Integer(i64::from(*new)), Object::Array(vec![width])]);
    }
    let dict = doc.get_dictionary_mut(descendant)?;
    dict.set("CIDToGIDMap", map_id);
    let w = match dict.get(b"W") {
        Ok(Object::Array(w)) => Some(w.clone()),
        _ => None,
    };
    let descriptor = dict.get(b"FontDescriptor").and_then(Object::as_reference).ok();
    match w {
        Some(mut w) => {
            w.extend(widths);
            dict.set("W", w);
        }
        None => {
            // A `/W` elsewhere: its entries then ours.
            let mut w = match dict.get(b"W").and_then(Object::as_reference) {
                Ok(id) => doc.get_object(id).and_then(Object::as_array).cloned().unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            w.extend(widths);
            doc.get_dictionary_mut(descendant)?.set("W", w);
        }
    }

    // PDF/A: a `/CIDSet` lists every code that draws a glyph.
    let cid_set = descriptor
        .and_then(|d| doc.get_dictionary(d).ok())
        .and_then(|d| d.get(b"CIDSet").and_then(Object::as_reference).ok());
    if let Some(cid_set) = cid_set {
        let mut bits = doc.get_object(cid_set).and_then(Object::as_stream)?.get_plain_content()?;
        bits.resize(bits.len().max(usize::from(last) / 8 + 1), 0);
        for (new, _) in added {
            bits[usize::from(*new) / 8] |= 0x80 >> (new % 8);
        }
        let stream = crate::compress(bits).map_err(lopdf::Error::IO)?;
        crate::replace_content(doc.get_object_mut(cid_set).and_then(Object::as_stream_mut)?, stream);
        touched.insert(cid_set);
    }
    Ok(())
}
