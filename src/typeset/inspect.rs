//! What a reader would notice in the laid-out pages, measured on typst's frames before
//! they become PDF: lines that start with a space, and the widest gap between words
//! (a justified space, relative to the font's own space).

use typst::layout::{Abs, Frame, FrameItem, Point};
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// The figures of one document.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Lines of text (runs of text at one baseline, touching each other).
    pub lines: usize,
    /// Lines whose first glyph is a space: (page, the line's first characters).
    pub leading_space: Vec<(usize, String)>,
    /// The widest space between words, as a multiple of the font's natural space.
    pub widest_gap: f64,
    /// Where the widest gap is: (page, the text around it).
    pub widest_gap_at: (usize, String),
    /// Pages whose last line is a heading (all bold): (page, its text).
    pub headings_at_foot: Vec<(usize, String)>,
}

struct Run<'a> {
    y: Abs,
    x0: Abs,
    x1: Abs,
    item: &'a TextItem,
}

fn collect<'a>(frame: &'a Frame, origin: Point, out: &mut Vec<Run<'a>>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => {
                let shifted = at + Point::new(g.transform.tx, g.transform.ty);
                collect(&g.frame, shifted, out);
            }
            FrameItem::Text(t) => out.push(Run { y: at.y, x0: at.x, x1: at.x + t.width(), item: t }),
            _ => {}
        }
    }
}

fn is_space(t: &TextItem, i: usize) -> bool {
    t.glyphs.get(i).is_some_and(|g| t.text.get(g.range()).is_some_and(|s| s == " "))
}

/// Measures a laid-out document.
pub fn inspect(doc: &PagedDocument) -> Report {
    let mut report = Report::default();
    let tolerance = Abs::pt(0.5);
    for (p, page) in doc.pages().iter().enumerate() {
        let mut runs = Vec::new();
        collect(&page.frame, Point::zero(), &mut runs);
        runs.sort_by(|a, b| a.y.to_pt().total_cmp(&b.y.to_pt()).then(a.x0.to_pt().total_cmp(&b.x0.to_pt())));
        // The page's last line: all its runs bold means a heading left at the foot.
        if let Some(last) = runs.last() {
            let line: Vec<&Run> = runs.iter().filter(|r| (r.y - last.y).abs() < tolerance).collect();
            let bold = |r: &&Run| r.item.font.font().info().variant.weight.to_number() >= 600;
            if line.iter().all(bold) {
                report.headings_at_foot.push((p + 1, line.iter().map(|r| r.item.text.as_str()).collect()));
            }
        }
        for (i, run) in runs.iter().enumerate() {
            // A run starts a line unless another run on its baseline ends where it begins.
            let continues = runs[..i]
                .iter()
                .rev()
                .take_while(|r| (r.y - run.y).abs() < tolerance)
                .any(|r| (r.x1 - run.x0).abs() < tolerance);
            if !continues {
                report.lines += 1;
                if is_space(run.item, 0) {
                    report.leading_space.push((p + 1, run.item.text.chars().take(30).collect()));
                }
            }
            let t = run.item;
            for (g, glyph) in t.glyphs.iter().enumerate() {
                if !is_space(t, g) {
                    continue;
                }
                let Some(natural) = t.font.x_advance(glyph.id) else { continue };
                if natural.get() <= 0.0 {
                    continue;
                }
                let ratio = glyph.x_advance.get() / natural.get();
                if ratio > report.widest_gap {
                    report.widest_gap = ratio;
                    let s = glyph.range().start;
                    let from = t.text.floor_char_boundary(s.saturating_sub(30));
                    let to = t.text.ceil_char_boundary((s + 30).min(t.text.len()));
                    report.widest_gap_at = (p + 1, t.text[from..to].to_string());
                }
            }
        }
    }
    report
}
