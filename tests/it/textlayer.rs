//! The text layer of the 2567 plan's PDF (see `src/textlayer.rs`): every text of the
//! dataset reads back once, through poppler (which honours `/ActualText`) and through the
//! fonts' ToUnicode maps alone (as pypdf, pdfminer and pdf.js read), and the file stays valid.
//!
//! The ToUnicode-only reader is lopdf's text extraction, in process, so that the tests need
//! no Python: like pypdf and pdf.js it ignores `/ActualText` and reads each glyph through
//! its font's map, which is exactly the layer the repair rewrites.

use crate::support::*;
use phaen::model::{Block, Item, Plan};

/// Every text of the dataset that is printed as typed: the table's row names and remarks,
/// then the sheets' texts. Budgets are printed formatted and left out.
fn texts(plan: &Plan) -> Vec<String> {
    let rows = plan.rows.iter().flat_map(|row| [row.name.clone(), row.remark.clone()]);
    drawable(rows.chain(sheet_texts(plan)).collect())
}

/// Every paragraph and item of the sheets.
fn sheet_texts(plan: &Plan) -> Vec<String> {
    fn blocks(list: &[Block], out: &mut Vec<String>) {
        for block in list {
            match block {
                Block::Para(text) => out.push(text.clone()),
                Block::Bullets { bullets } => out.extend(bullets.iter().cloned()),
                Block::Items { items } => {
                    for item in items {
                        out.push(item.text().to_string());
                        if let Item::Full { body, .. } = item {
                            blocks(body, out);
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for s in &plan.sheets {
        for section in
            [&s.rationale, &s.objectives, &s.targets, &s.method, &s.period, &s.responsible, &s.outputs, &s.outcomes]
        {
            blocks(section, &mut out);
        }
    }
    drawable(out)
}

/// The non-empty texts, but those with a character the fonts cannot draw: it is printed as
/// a missing-glyph box and has no text to read back, whatever the text layer.
fn drawable(mut texts: Vec<String>) -> Vec<String> {
    let drawable =
        |c: char| c.is_ascii() || ('\u{0E00}'..='\u{0E7F}').contains(&c) || ('\u{2000}'..='\u{206F}').contains(&c);
    texts.retain(|t| !t.trim().is_empty() && t.chars().all(drawable));
    texts
}

/// Thai clusters with marks read twice in a row (`ถิ่ถิ่`, what the regex
/// `([\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+)\1` finds) that the dataset does not have.
fn doubled_clusters(text: &str, plan: &Plan) -> Vec<String> {
    let consonant = |c: char| ('\u{0E01}'..='\u{0E2E}').contains(&c);
    let mark =
        |c: char| c == '\u{0E31}' || ('\u{0E34}'..='\u{0E3A}').contains(&c) || ('\u{0E47}'..='\u{0E4E}').contains(&c);
    // Consonants with their marks, as (start, end) byte offsets.
    let mut clusters: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        if consonant(c) {
            clusters.push((i, i + c.len_utf8()));
        } else if let Some(last) = clusters.last_mut()
            && mark(c)
            && last.1 == i
        {
            last.1 += c.len_utf8();
        }
    }
    let source = texts(plan).concat();
    let mut found: Vec<String> = clusters
        .windows(2)
        .filter(|w| w[0].1 == w[1].0 && w[0].1 - w[0].0 > 3 && text[w[0].0..w[0].1] == text[w[1].0..w[1].1])
        .map(|w| text[w[0].0..w[1].1].to_string())
        .filter(|d| !source.contains(d.as_str()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The `texts` that `text` lacks, whitespace aside.
fn missing(text: &str, texts: Vec<String>) -> Vec<String> {
    let text = squeeze(text);
    texts.into_iter().filter(|t| !text.contains(&squeeze(t))).collect()
}

#[test]
fn pdftotext_reads_every_text_once() {
    let plan = &PLAN.0;
    let (_dir, pdf) = default_pdf();
    for raw in [true, false] {
        let text = without_page_numbers(&pdftotext(&pdf, raw));
        let mode = if raw { "pdftotext -raw" } else { "pdftotext" };
        let doubled = doubled_clusters(&text, plan);
        assert!(doubled.is_empty(), "{mode} reads clusters twice: {}", doubled.join(" "));
        // Plain pdftotext reads the table's multi-line cells across columns and joins a word
        // cut after a hyphen at a line's end: it is held to the sheets, hyphens aside.
        let missing = if raw {
            missing(&text, texts(plan))
        } else {
            let unhyphened = |t: &str| t.replace('-', "");
            missing(&unhyphened(&text), sheet_texts(plan).iter().map(|t| unhyphened(t)).collect())
        };
        assert!(missing.is_empty(), "{mode} lacks {} text(s), e.g. {:?}", missing.len(), missing.first());
    }
}

#[test]
fn the_tounicode_maps_alone_spell_every_text() {
    let plan = &PLAN.0;
    let doc = lopdf::Document::load_mem(&PLAN.1).unwrap();
    let pages: Vec<u32> = doc.get_pages().into_keys().collect();
    let text = without_page_numbers(&doc.extract_text(&pages).unwrap());
    // Glyphs alone cannot tell SARA AM from NIKHAHIT + SARA AA: the one liberty allowed.
    let text = text.replace("\u{0E4D}\u{0E32}", "\u{0E33}");
    let doubled = doubled_clusters(&text, plan);
    assert!(doubled.is_empty(), "the ToUnicode maps read clusters twice: {}", doubled.join(" "));
    let missing = missing(&text, texts(plan));
    assert!(missing.is_empty(), "the ToUnicode maps lack {} text(s), e.g. {:?}", missing.len(), missing.first());
}

#[test]
fn the_pdf_stays_valid() {
    let (_dir, pdf) = default_pdf();
    let out = run("qpdf", &["--check", pdf.to_str().unwrap()], "qpdf");
    assert!(
        out.status.success(),
        "qpdf --check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
