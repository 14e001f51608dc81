//! Clusters: the pieces of text krilla wrote (an ActualText span with its glyphs, or a glyph
//! with the text its font maps it to), grouped into the clusters of the source text; and for
//! each cluster, the plan of how it is written back.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::fonts::Font;
use crate::page::Model;
use crate::solve::{self, Glyph};

/// A piece of text as krilla wrote it: an ActualText span and its glyphs, or one glyph
/// outside spans with the text its font maps it to (krilla's map is right there).
pub(crate) struct Unit {
    /// Its glyphs, in [`Model::glyphs`].
    pub glyphs: Range<usize>,
    pub text: Arc<str>,
}

/// The units of a content stream, in the order they are drawn.
pub(crate) fn units(model: &Model, fonts: &[Font]) -> Vec<Unit> {
    let mut out: Vec<(Unit, Option<usize>)> = Vec::new();
    for (i, g) in model.glyphs.iter().enumerate() {
        if let (Some(s), Some((last, span))) = (g.span, out.last_mut())
            && *span == Some(s)
            && last.glyphs.end == i
        {
            last.glyphs.end += 1;
            continue;
        }
        let text = match (g.span, g.font) {
            (Some(s), _) => model.spans[s].text.clone(),
            // An unmapped glyph (a missing character's box) spells nothing.
            (None, Some(f)) => fonts[f].map.get(&g.code).cloned().unwrap_or_else(|| Arc::from("")),
            (None, None) => Arc::from(""),
        };
        out.push((Unit { glyphs: i..i + 1, text }, g.span));
    }
    out.into_iter().map(|(u, _)| u).collect()
}

/// Groups units into clusters: runs of consecutive units (indices into them).
///
/// Typst cuts a cluster in pieces where a glyph has a vertical offset (a tone mark raised
/// over a vowel) and gives each piece the whole cluster's text, so consecutive units with
/// the same text of two characters or more are taken as pieces of one cluster, unless each
/// of them spells the text alone (see [`spells`]).
pub(crate) fn runs(units: &[Unit]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        match out.last_mut() {
            Some(c) if unit.text.chars().nth(1).is_some() && units[c.start].text == unit.text => c.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The glyphs of a model's glyph range as the solver keys them, into `out`.
pub(crate) fn keys(model: &Model, glyphs: Range<usize>, out: &mut Vec<Option<Glyph>>) {
    out.clear();
    out.extend(model.glyphs[glyphs].iter().map(|g| g.font.map(|f| (f, g.code))));
}

/// Whether `glyphs`, each read as its text, spell `text` exactly.
pub(crate) fn spells(glyphs: &[Option<Glyph>], text: &str, texts: &FxHashMap<Glyph, String>) -> bool {
    if glyphs.is_empty() {
        return false;
    }
    let spelt: Option<String> =
        glyphs.iter().map(|g| g.and_then(|g| texts.get(&g)).map(|t| solve::compose(t))).collect();
    spelt.as_deref() == Some(text)
}

/// A cluster: consecutive glyphs and the text they draw.
#[derive(Clone, PartialEq)]
pub(crate) struct Cluster {
    pub glyphs: Range<usize>,
    pub text: Arc<str>,
}

/// How a cluster is written back.
#[derive(Clone, PartialEq)]
pub(crate) struct Plan {
    /// Whether its glyphs can be written anew: all of them in one show that can be.
    pub editable: bool,
    /// Its glyphs in the order they are drawn.
    pub order: Vec<usize>,
    /// The text each glyph of `order` reads as (a part of the cluster's text); `None` to keep
    /// the codes as they are.
    pub roles: Option<Vec<Range<usize>>>,
    /// Whether an ActualText tells the cluster.
    pub span: bool,
    /// Whether an ActualText is needed when the codes are kept as they are.
    pub span_if_kept: bool,
    /// The code each glyph of `order` is drawn with, once given.
    pub codes: Vec<u16>,
    /// Whether the cluster is drawn in pieces (a raised mark, another order), each of which
    /// may need a blank glyph before it (see [`TIE`]); once given, the blank's code.
    pub ghost: Option<Option<u16>>,
    /// The ActualText span krilla wrote that tells the cluster as it should be, kept as it is.
    pub reuse: Option<usize>,
}

/// How near to the end of its text-showing operation, in TJ units, a piece of a cluster
/// drawn in pieces (a raised mark, a vowel drawn last) starts for PDFium to read it maybe
/// after the next text object. PDFium reads the text objects of a line in the order of where
/// their first glyph is drawn (ties broken by its float arithmetic); a piece that starts at
/// the pen, where the next text object starts, may then be read after that object, and its
/// cluster's ActualText again. A blank glyph (the space's, drawn with a code that reads as
/// nothing) is drawn just before such a piece, in its text object, so that the object starts
/// before the pen: nothing changes on the page.
pub(crate) const TIE: f64 = 1.0;

/// How far a glyph may be drawn back from the end of the glyph before it, or the last glyph
/// of a cluster from the cluster's end, for poppler to read it in place: 0.05 em in TJ units.
/// (poppler starts a word at a gap of 0.1 em.)
const SLACK: f64 = 50.0;

/// The plan of a cluster. `texts` are the glyphs' own texts (decomposed), `primary` what
/// their codes read as when kept.
pub(crate) fn plan(
    cluster: &Cluster,
    model: &Model,
    texts: &FxHashMap<Glyph, String>,
    primary: &FxHashMap<Glyph, String>,
    fonts: &[Font],
    removable: &[bool],
    span_glyphs: &[Option<Range<usize>>],
) -> Plan {
    let glyphs = &model.glyphs[cluster.glyphs.clone()];
    let order: Vec<usize> = cluster.glyphs.clone().collect();
    let show = glyphs[0].show;
    let editable = glyphs.iter().all(|g| {
        g.font.is_some() && g.show == show && model.shows[g.show].editable && g.span.is_none_or(|s| removable[s])
    });
    // Whether the codes as they are spell the cluster.
    let mut rest: &str = &cluster.text;
    let spelt = glyphs.iter().all(|g| {
        let Some(f) = g.font else { return false };
        let text = primary.get(&(f, g.code)).map(String::as_str).or_else(|| fonts[f].map.get(&g.code).map(|t| &**t));
        match text.and_then(|t| rest.strip_prefix(t)) {
            Some(r) => {
                rest = r;
                true
            }
            None => false,
        }
    }) && rest.is_empty();
    let span_if_kept = !spelt;
    // The cluster kept as krilla wrote it, with a span if its codes do not spell it.
    let kept = |order| Plan {
        editable,
        order,
        roles: None,
        span: span_if_kept,
        span_if_kept,
        codes: vec![],
        ghost: None,
        reuse: None,
    };
    if !editable {
        return kept(order);
    }
    let own: Option<Vec<&str>> =
        glyphs.iter().map(|g| texts.get(&(g.font.expect("editable"), g.code)).map(String::as_str)).collect();
    let roles = own.as_ref().and_then(|own| solve::roles(own, &cluster.text));
    let (Some(own), Some(roles)) = (own, roles) else {
        return kept(order);
    };

    // A cluster of several glyphs is told by an ActualText (see the crate's README: poppler
    // reads marks in place only through it; PDFium reads a glyph that reads as nothing only
    // through it).
    let span = order.len() > 1;
    let mut plan =
        Plan { editable, order, roles: Some(roles), span, span_if_kept, codes: vec![], ghost: None, reuse: None };
    if plan.span
        && let Some(order) = last_at_end(model, &plan.order)
    {
        let own: Vec<&str> = order.iter().map(|&i| own[i - cluster.glyphs.start]).collect();
        if let Some(roles) = solve::roles(&own, &cluster.text) {
            plan.order = order;
            plan.roles = Some(roles);
        }
    }
    let pieces = plan.order.windows(2).any(|w| w[1] != w[0] + 1) || glyphs.iter().any(|g| g.moved);
    plan.ghost = (plan.span && pieces).then_some(None);
    // krilla's span, where it spans exactly the cluster, drawn as it was, with its text.
    let first = glyphs[0].span;
    plan.reuse = first.filter(|&s| {
        plan.span
            && plan.ghost.is_none()
            && plan.order.windows(2).all(|w| w[1] == w[0] + 1)
            && glyphs.iter().all(|g| g.span == first && !g.moved)
            && removable[s]
            && span_glyphs[s].as_ref() == Some(&cluster.glyphs)
            && model.spans[s].text == cluster.text
    });
    plan
}

/// A drawing order whose last glyph ends where the cluster ends, if the one given does not
/// and a zero-width glyph on the baseline there can be drawn last instead.
///
/// poppler reads an ActualText as one character from where its first glyph starts to where
/// its last glyph ends: a tone mark drawn back over a tall consonant (`ปั้`) would leave a gap
/// after the cluster, read as a space.
fn last_at_end(model: &Model, order: &[usize]) -> Option<Vec<usize>> {
    let g = |i: usize| &model.glyphs[i];
    let end = order.iter().map(|&i| g(i).at + g(i).advance).fold(f64::MIN, f64::max);
    let last = g(*order.last()?);
    if last.at + last.advance >= end - SLACK {
        return None;
    }
    let base = g(order[0]).rise;
    let j = (1..order.len() - 1).rev().find(|&j| {
        let c = g(order[j]);
        c.advance.abs() < 1e-9 && c.at >= end - SLACK && (c.rise - base).abs() < 1e-9
    })?;
    let mut out = order.to_vec();
    let moved = out.remove(j);
    out.push(moved);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(text: &str) -> Unit {
        Unit { glyphs: 0..0, text: Arc::from(text) }
    }

    #[test]
    fn a_cluster_cut_in_pieces_is_one_run() {
        // ถิ่ drawn as a span of ถ + ิ, then the raised ่ alone, mapped to the whole cluster;
        // then two ก that are two clusters.
        let units = [unit("ถิ่"), unit("ถิ่"), unit("ก"), unit("ก")];
        assert_eq!(runs(&units), [0..2, 2..3, 3..4]);
    }
}
