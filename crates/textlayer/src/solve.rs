//! The solver: each glyph's own text, learnt from the clusters it is drawn in, and the text
//! each glyph of a cluster reads as, so that a cluster's glyphs spell it in drawing order.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

/// A glyph: its font (an index of the font table) and its code as krilla wrote it.
pub(crate) type Glyph = (usize, u16);

/// The text of each glyph from what clusters of glyphs spell (texts decomposed, see
/// [`decompose`]): a lone glyph spells its cluster; in a longer cluster, the glyphs known
/// are peeled off both ends and a single unknown glyph left gets the rest, until nothing
/// new is learnt. A glyph seen with several texts gets the one it has most often. Each
/// cluster comes with the number of times it was seen.
pub(crate) fn solve<'a>(
    clusters: impl Iterator<Item = (&'a [Option<Glyph>], &'a str, usize)>,
) -> FxHashMap<Glyph, String> {
    let mut seen: FxHashMap<Glyph, FxHashMap<String, usize>> = FxHashMap::default();
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
    let mut texts: FxHashMap<Glyph, String> = FxHashMap::default();
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
fn remainder<'a>(glyphs: &[Glyph], text: &'a str, texts: &FxHashMap<Glyph, String>) -> Option<(Glyph, &'a str)> {
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
pub(crate) fn decompose(text: &str) -> Cow<'_, str> {
    if text.contains(['\u{0E33}', '\u{0EB3}']) {
        Cow::Owned(text.replace('\u{0E33}', "\u{0E4D}\u{0E32}").replace('\u{0EB3}', "\u{0ECD}\u{0EB2}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The inverse of [`decompose`], for a glyph that draws the whole SARA AM.
pub(crate) fn compose(text: &str) -> String {
    text.replace("\u{0E4D}\u{0E32}", "\u{0E33}").replace("\u{0ECD}\u{0EB2}", "\u{0EB3}")
}

/// The text each glyph of a cluster reads as, in drawing order, so that together they spell
/// `text` exactly: `own` is what each glyph draws (its solved text, SARA AM decomposed as
/// shapers draw it). Each character of `text` goes to the glyph that draws its last part, or
/// to a later one if a glyph before has one of the next characters already; a glyph left
/// with no character reads as nothing. Each glyph's share is a part of `text` (byte range),
/// the parts in order.
///
/// `ดำ` drawn as `ด`, `ํ`, `า` reads `ด`, ``, `ำ`; `น้ำ` drawn as `น`, the ligature `้ํ`, `า`
/// reads `น`, `้`, `ำ`; `ปั้` drawn as `ป`, `้`, `ั` reads `ป`, ``, `ั้`. `None` if the glyphs
/// do not draw exactly the characters of `text`.
pub(crate) fn roles(own: &[&str], text: &str) -> Option<Vec<Range<usize>>> {
    if let [one] = own {
        #[allow(clippy::single_range_in_vec_init)] // one part, the whole text
        return (*one == text || *one == decompose(text)).then(|| vec![0..text.len()]);
    }
    let mut parts: Vec<(char, usize, bool)> =
        own.iter().enumerate().flat_map(|(i, t)| t.chars().map(move |c| (c, i, false))).collect();
    let mut out: Vec<Option<Range<usize>>> = vec![None; own.len()];
    let mut at = 0;
    for (offset, c) in text.char_indices() {
        let mut buf = [0u8; 4];
        for part in decompose(c.encode_utf8(&mut buf)).chars() {
            let found = parts.iter_mut().find(|(p, _, used)| *p == part && !used)?;
            found.2 = true;
            at = at.max(found.1);
        }
        let end = offset + c.len_utf8();
        match &mut out[at] {
            Some(range) => range.end = end,
            none => *none = Some(offset..end),
        }
    }
    if !parts.iter().all(|(_, _, used)| *used) {
        return None;
    }
    // A glyph that reads as nothing: an empty part where the text is at.
    let mut last = 0;
    Some(
        out.into_iter()
            .map(|r| {
                let r = r.unwrap_or(last..last);
                last = r.end;
                r
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_learn_their_own_text_from_clusters() {
        // ต alone, ติ as ต + ิ, า alone, ด alone, ดำ as ด + ํ + า.
        let clusters = [(vec![1], "ต"), (vec![1, 2], "ติ"), (vec![5], "า"), (vec![3], "ด"), (vec![3, 4, 5], "ดำ")];
        let clusters: Vec<(Vec<Option<Glyph>>, String)> = clusters
            .iter()
            .map(|(g, t)| (g.iter().map(|&c| Some((0, c))).collect(), decompose(t).into_owned()))
            .collect();
        let texts = solve(clusters.iter().map(|(g, t)| (g.as_slice(), t.as_str(), 1)));
        let text = |code| texts.get(&(0, code)).map(String::as_str);
        assert_eq!(text(2), Some("\u{0E34}"));
        assert_eq!(text(4), Some("\u{0E4D}"));
    }

    #[test]
    fn each_glyph_reads_as_its_share_of_the_cluster() {
        let roles = |own: &[&str], text: &str| {
            roles(own, text).map(|r| r.into_iter().map(|r| &text[r]).collect::<Vec<_>>().join("|"))
        };
        // SARA AM drawn as NIKHAHIT + SARA AA: the NIKHAHIT reads as nothing.
        assert_eq!(roles(&["ด", "\u{0E4D}", "า"], "ดำ").as_deref(), Some("ด||ำ"));
        // น้ำ with the NIKHAHIT and the tone mark drawn as one ligature, NIKHAHIT first.
        assert_eq!(roles(&["น", "\u{0E4D}\u{0E49}", "า"], "น้ำ").as_deref(), Some("น|้|ำ"));
        assert_eq!(roles(&["น", "\u{0E49}\u{0E4D}", "า"], "น้ำ").as_deref(), Some("น|้|ำ"));
        // ปั้ drawn with the tone mark before the upper vowel.
        assert_eq!(roles(&["ป", "\u{0E49}", "\u{0E31}"], "ปั้").as_deref(), Some("ป||ั้"));
        // Glyphs that draw something else, or not all of it.
        assert_eq!(roles(&["ด", "า"], "ดำ"), None);
        assert_eq!(roles(&["ด", "\u{0E4D}", "า", "ก"], "ดำ"), None);
    }
}
