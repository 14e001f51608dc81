//! Writing a content stream back: the text-showing operations whose glyphs change written
//! anew, krilla's ActualText spans taken out where the clusters they told are written anew,
//! and the text objects whose marks moved taken out.

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
        if !show.editable || glyphs.is_empty() || inside_gone(&show.at) {
            continue;
        }
        let mut entries = Vec::new();
        let mut changed = false;
        let mut last_cluster = usize::MAX;
        for &i in glyphs {
            let c = cluster_of[i];
            changed |= !show.glyphs.contains(&i);
            match plans.get(c) {
                Some(plan) if plan.editable => {
                    if c == last_cluster {
                        continue;
                    }
                    last_cluster = c;
                    let span = plan.span && plan.reuse.is_none();
                    if span {
                        entries.push(Entry::Open(&clusters[c].text));
                    }
                    for (k, &j) in plan.order.iter().enumerate() {
                        changed |= plan.codes[k] != model.glyphs[j].code || j != plan.order[0] + k;
                        if let Some((at, Some(code))) = plan.ghost
                            && at == k
                            && let Some(f) = model.glyphs[j].font
                        {
                            let advance = fonts[f].width(fonts[f].blank.unwrap_or(0));
                            entries.push(Entry::Ghost { before: j, code, advance });
                        }
                        entries.push(Entry::Glyph(j, plan.codes[k]));
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
    /// An ActualText span opens, with this text.
    Open(&'a str),
    Close,
    /// A glyph (in [`Model::glyphs`]), drawn with this code.
    Glyph(usize, u16),
    /// A blank glyph, drawn with this code just before a glyph (see [`crate::cluster::TIE`]).
    Ghost {
        before: usize,
        code: u16,
        advance: f64,
    },
}

/// How far before the glyph it goes with a blank glyph is drawn, in TJ units.
const GHOST_LEAD: f64 = 10.0;

/// How far forward `TJ` may move the pen between two glyphs, in TJ units. Further on, the
/// glyph before is given the move as character spacing (`Tc`): pypdf reads a forward move of
/// half a space in a `TJ` (or by `Tm`) as a word gap, so that a mark drawn back over a tall
/// consonant and a glyph drawn at the pen after it would be read with a space between them.
const FORWARD: f64 = 50.0;

/// A text-showing operation written anew: its glyphs where they were drawn, each with its
/// code, moved by `TJ` positioning (and character spacing, see [`FORWARD`]) and, off the
/// baseline, by text rise (`Ts`); the rise and the spacing are put back, and where the text
/// after it draws from where it ends, the pen ends where it ended.
fn write(model: &Model, show: &Show, entries: &[Entry]) -> Vec<u8> {
    let mut out = String::with_capacity(64 + 24 * entries.len());
    let mut array = String::with_capacity(64);
    let mut codes = String::with_capacity(32);
    let mut pen = 0.0;
    let mut rise = show.state.rise;
    let spacing = show.state.char_spacing;
    fn flush(out: &mut String, array: &mut String, codes: &mut String) {
        if !codes.is_empty() {
            let _ = write!(array, "<{codes}>");
            codes.clear();
        }
        if !array.is_empty() {
            let _ = writeln!(out, "[{array}]TJ");
            array.clear();
        }
    }
    // Where each glyph is drawn, its advance and rise, and its code.
    let drawn: Vec<(f64, f64, f64, u16)> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Glyph(i, code) => {
                let g = &model.glyphs[*i];
                Some((g.at, g.advance, g.rise, *code))
            }
            Entry::Ghost { before, code, advance } => {
                let g = &model.glyphs[*before];
                Some((g.at - GHOST_LEAD, *advance, g.rise, *code))
            }
            _ => None,
        })
        .collect();
    // Where the glyph after each glyph is drawn, to tell a move too far on for `TJ`.
    let mut next = drawn.iter().skip(1).map(|d| Some(d.0)).chain([show.followed.then_some(show.end)]);
    let mut drawn = drawn.iter();
    for entry in entries {
        match entry {
            Entry::Open(text) => {
                flush(&mut out, &mut array, &mut codes);
                let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
                let _ = write!(out, "/Span<</ActualText<FEFF{hex}>>>BDC ");
            }
            Entry::Close => {
                flush(&mut out, &mut array, &mut codes);
                out.push_str("EMC ");
            }
            Entry::Glyph(..) | Entry::Ghost { .. } => {
                let &(at, advance, glyph_rise, code) = drawn.next().expect("one per glyph");
                if (glyph_rise - rise).abs() > 1e-9 {
                    flush(&mut out, &mut array, &mut codes);
                    let _ = write!(out, "{} Ts ", fine(glyph_rise));
                    rise = glyph_rise;
                }
                let shift = number(pen - at);
                if shift != "0" {
                    if !codes.is_empty() {
                        let _ = write!(array, "<{codes}>");
                        codes.clear();
                    }
                    array.push_str(&shift);
                }
                pen = at + advance;
                let gap = next.next().flatten().map_or(0.0, |at| at - pen);
                if gap > FORWARD {
                    flush(&mut out, &mut array, &mut codes);
                    let _ = write!(out, "{} Tc ", fine(spacing + gap * show.state.size / 1000.0));
                    let _ = write!(out, "[<{code:04x}>]TJ {} Tc ", fine(spacing));
                    pen += gap;
                } else {
                    let _ = write!(codes, "{code:04x}");
                }
            }
        }
    }
    let shift = number(pen - show.end);
    if shift != "0" && show.followed {
        if !codes.is_empty() {
            let _ = write!(array, "<{codes}>");
            codes.clear();
        }
        if !array.is_empty() && !array.ends_with('>') {
            array.push(' ');
        }
        array.push_str(&shift);
    }
    flush(&mut out, &mut array, &mut codes);
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
