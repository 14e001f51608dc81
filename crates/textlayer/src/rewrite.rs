//! Writing a content stream back: the text-showing operations whose glyphs change written
//! anew, krilla's ActualText spans taken out where the clusters they told are written anew,
//! and the text objects whose marks moved taken out.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use crate::cluster::{Cluster, Plan};
use crate::fonts::Font;
use crate::page::{Model, Show};

/// The edits to a content stream: byte ranges and what replaces them. `spans_kept` tells the
/// ActualText spans that stay.
pub(crate) fn edits(
    model: &Model,
    fonts: &[Font],
    clusters: &[Cluster],
    plans: &[Plan],
    spans_kept: &[bool],
) -> Vec<(Range<usize>, Vec<u8>)> {
    let mut edits = Vec::new();
    let mut gone: Vec<Range<usize>> = Vec::new();
    for object in model.objects.iter().filter(|o| o.into.is_some()) {
        let range = match (&object.block, &object.et) {
            (Some(block), _) => block.clone(),
            (None, Some(et)) => object.bt.start..et.end,
            (None, None) => continue,
        };
        gone.push(range.clone());
        edits.push((range, Vec::new()));
    }
    let inside_gone = |r: &Range<usize>| gone.iter().any(|g| g.start <= r.start && r.end <= g.end);
    for (span, kept) in model.spans.iter().zip(spans_kept) {
        if *kept || inside_gone(&span.bdc) {
            continue;
        }
        edits.push((span.bdc.clone(), Vec::new()));
        if let Some(emc) = &span.emc {
            edits.push((emc.clone(), Vec::new()));
        }
    }

    // The glyphs each show draws, in the order written, and the cluster of each glyph.
    let mut by_show: Vec<Vec<usize>> = vec![Vec::new(); model.shows.len()];
    for (i, g) in model.glyphs.iter().enumerate() {
        by_show[g.show].push(i);
    }
    let mut cluster_of = vec![usize::MAX; model.glyphs.len()];
    for (c, cluster) in clusters.iter().enumerate() {
        for i in cluster.glyphs.clone() {
            cluster_of[i] = c;
        }
    }
    for (s, glyphs) in by_show.iter().enumerate() {
        let show = &model.shows[s];
        if show.joined {
            edits.push((show.at.clone(), Vec::new()));
            continue;
        }
        if !show.editable || glyphs.is_empty() || inside_gone(&show.at) {
            continue;
        }
        let mut entries = Vec::new();
        let mut changed = false;
        let mut last_cluster = usize::MAX;
        let mut skip = usize::MAX;
        for &i in glyphs {
            let c = cluster_of[i];
            changed |= !show.glyphs.contains(&i);
            if c == skip {
                continue;
            }
            match plans.get(c) {
                Some(plan) if plan.editable => {
                    if c == last_cluster {
                        continue;
                    }
                    last_cluster = c;
                    let span = plan.span && plan.reuse.is_none();
                    // A space joined from the show after goes in the span, read with it.
                    let space = clusters
                        .get(c + 1)
                        .filter(|next| next.glyphs.len() == 1 && model.glyphs[next.glyphs.start].joined)
                        .filter(|next| model.glyphs[next.glyphs.start].show == s && span)
                        .map(|next| next.glyphs.start);
                    if span {
                        let font = model.glyphs[plan.order[0]].font;
                        let ghost = match (plan.ghost, font) {
                            (Some(Some(code)), Some(f)) => fonts[f].blank.map(|b| (code, fonts[f].width(b))),
                            _ => None,
                        };
                        let text: Cow<str> = match space {
                            Some(_) => Cow::Owned(format!("{}{}", clusters[c].text, clusters[c + 1].text)),
                            None => Cow::Borrowed(&clusters[c].text),
                        };
                        entries.push(Entry::Open(text, ghost));
                    }
                    for (k, &j) in plan.order.iter().enumerate() {
                        changed |= plan.codes[k] != model.glyphs[j].code || j != plan.order[0] + k;
                        entries.push(Entry::Glyph(j, plan.codes[k]));
                    }
                    if let Some(j) = space {
                        let code =
                            plans.get(c + 1).and_then(|p| p.codes.first().copied()).unwrap_or(model.glyphs[j].code);
                        entries.push(Entry::Glyph(j, code));
                        skip = c + 1;
                        changed = true;
                    }
                    if span {
                        entries.push(Entry::Close);
                        changed = true;
                    }
                }
                _ => entries.push(Entry::Glyph(i, model.glyphs[i].code)),
            }
        }
        if changed {
            edits.push((show.at.clone(), write(model, show, &entries)));
        }
    }
    edits
}

/// What a show draws, in order.
enum Entry<'a> {
    /// An ActualText span opens, with this text, and the code and advance of a blank glyph
    /// to draw before its pieces that start at the pen (see [`crate::cluster::TIE`]).
    Open(Cow<'a, str>, Option<(u16, f64)>),
    Close,
    /// A glyph (in [`Model::glyphs`]), drawn with this code.
    Glyph(usize, u16),
}

/// How far before the piece it goes with a blank glyph is drawn, in TJ units.
const GHOST_LEAD: f64 = 10.0;

/// How far forward `TJ` may move the pen between two glyphs, in TJ units. Further on, the
/// glyph before is given the move as character spacing (`Tc`): pypdf reads a forward move of
/// half a space in a `TJ` (or by `Tm`) as a word gap, so that a mark drawn back over a tall
/// consonant and a glyph drawn at the pen after it would be read with a space between them.
const FORWARD: f64 = 50.0;

/// A `TJ` being written: its array, and the glyph codes not yet closed in a string.
#[derive(Default)]
struct Array {
    items: String,
    codes: String,
}

impl Array {
    fn is_empty(&self) -> bool {
        self.items.is_empty() && self.codes.is_empty()
    }

    fn shift(&mut self, by: f64) {
        let n = number(by);
        if n != "0" {
            self.close_codes();
            if self.items.ends_with(|c: char| c.is_ascii_digit()) {
                self.items.push(' ');
            }
            self.items.push_str(&n);
        }
    }

    fn glyph(&mut self, code: u16) {
        let _ = write!(self.codes, "{code:04x}");
    }

    fn close_codes(&mut self) {
        if !self.codes.is_empty() {
            let _ = write!(self.items, "<{}>", self.codes);
            self.codes.clear();
        }
    }

    /// Writes the `TJ`, if it draws or moves anything.
    fn flush(&mut self, out: &mut String) {
        self.close_codes();
        if !self.items.is_empty() {
            let _ = writeln!(out, "[{}]TJ", self.items);
            self.items.clear();
        }
    }
}

/// A text-showing operation written anew: its glyphs where they were drawn, each with its
/// code, moved by `TJ` positioning (and character spacing, see [`FORWARD`]) and, off the
/// baseline, by text rise (`Ts`); the rise and the spacing are put back, and where the text
/// after it draws from where it ends, the pen ends where it ended.
fn write(model: &Model, show: &Show, entries: &[Entry]) -> Vec<u8> {
    let mut out = String::with_capacity(64 + 24 * entries.len());
    let mut array = Array::default();
    let mut pen = 0.0;
    let mut rise = show.state.rise;
    let spacing = show.state.char_spacing;
    let mut ghost = None;
    // Where the glyph after each glyph is drawn.
    let glyphs: Vec<usize> =
        entries.iter().filter_map(|e| if let Entry::Glyph(i, _) = e { Some(*i) } else { None }).collect();
    let mut next = glyphs.iter().skip(1).map(|&i| Some(model.glyphs[i].at)).chain([show.followed.then_some(show.end)]);
    for entry in entries {
        match entry {
            Entry::Open(text, blank) => {
                array.flush(&mut out);
                let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
                let _ = write!(out, "/Span<</ActualText<FEFF{hex}>>>BDC ");
                ghost = *blank;
            }
            Entry::Close => {
                array.flush(&mut out);
                out.push_str("EMC ");
                ghost = None;
            }
            Entry::Glyph(i, code) => {
                let g = &model.glyphs[*i];
                if (g.rise - rise).abs() > 1e-9 {
                    array.flush(&mut out);
                    let _ = write!(out, "{} Ts ", fine(g.rise));
                    rise = g.rise;
                }
                // A move forward too far for `TJ` after this glyph is its character spacing.
                let gap = next.next().flatten().map_or(0.0, |at| at - (g.at + g.advance));
                let spaced = gap > FORWARD;
                if spaced {
                    array.flush(&mut out);
                    let _ = write!(out, "{} Tc ", fine(spacing + gap * show.state.size / 1000.0));
                }
                let extra = if spaced { gap } else { 0.0 };
                // A piece of a cluster that starts a text object at the pen: a blank first.
                if let Some((blank, advance)) = ghost
                    && array.is_empty()
                    && g.at > show.end - crate::cluster::TIE
                {
                    array.shift(pen - (g.at - GHOST_LEAD));
                    array.glyph(blank);
                    pen = g.at - GHOST_LEAD + advance + extra;
                }
                array.shift(pen - g.at);
                array.glyph(*code);
                pen = g.at + g.advance + extra;
                if spaced {
                    array.flush(&mut out);
                    let _ = write!(out, "{} Tc ", fine(spacing));
                }
            }
        }
    }
    if show.followed {
        array.shift(pen - show.end);
    }
    array.flush(&mut out);
    if (rise - show.state.rise).abs() > 1e-9 {
        let _ = write!(out, "{} Ts", fine(show.state.rise));
    }
    out.trim_end().as_bytes().to_vec()
}

/// A number of TJ units (thousandths of the font size) as written in a content stream: at
/// most four decimals, no trailing zeros.
fn number(x: f64) -> String {
    decimals(x, 4)
}

/// A length of text space (a text rise), to a millionth.
fn fine(x: f64) -> String {
    decimals(x, 6)
}

fn decimals(x: f64, n: u32) -> String {
    let scale = 10i64.pow(n);
    let v = (x * scale as f64).round() as i64;
    if v == 0 {
        return "0".to_string();
    }
    let (whole, mut fraction) = (v.abs() / scale, v.abs() % scale);
    let sign = if v < 0 { "-" } else { "" };
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut digits = n as usize;
    while fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    format!("{sign}{whole}.{fraction:0digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(163.0), "163");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(0.352007), "0.352");
        assert_eq!(number(-10.5), "-10.5");
        assert_eq!(number(-12.069916), "-12.0699");
        assert_eq!(number(0.05), "0.05");
        assert_eq!(fine(-0.506004), "-0.506004");
        assert_eq!(fine(-0.00000049), "0");
    }
}
