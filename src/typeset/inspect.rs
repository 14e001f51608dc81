//! What a reader would notice in the laid-out pages, measured on typst's frames before
//! they become PDF: lines that start with a space, the widest gap between words (a
//! justified space, relative to the font's own space), where lines of one paragraph or
//! table cell meet (to judge whether a word was cut there), and how far each line of a
//! justified paragraph but its last ends from the right margin.

use typst::foundations::NativeElement;
use typst::introspection::{Location, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point};
use typst::model::ParElem;
use typst::pdf::ArtifactElem;
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
    /// The spaces wider than twice the font's natural space.
    pub wide_gaps: usize,
    /// Pages whose last line is a heading (all bold): (page, its text).
    pub headings_at_foot: Vec<(usize, String)>,
    /// Every place where a line of a paragraph or a table cell ends and the next line of
    /// the same one begins.
    pub joins: Vec<Join>,
    /// Every line of a paragraph but its last (a paragraph is justified in the plan's
    /// templates; table cells are not paragraphs): how far it ends before the right edge
    /// of the text, with its page and text.
    pub short: Vec<Short>,
}

/// Where one line ends and the next line of the same paragraph or cell begins.
#[derive(Debug, Clone)]
pub struct Join {
    /// The page of the first line (1-based).
    pub page: usize,
    /// The end of the first line (its last 40 characters).
    pub before: String,
    /// The start of the next line (its first 40 characters).
    pub after: String,
    /// Whether the lines meet at a space of the text (a break no reader calls a cut).
    pub at_space: bool,
}

/// A line of a paragraph that is not the paragraph's last.
#[derive(Debug, Clone)]
pub struct Short {
    /// The page (1-based).
    pub page: usize,
    /// How far the line ends before the right edge of the text (where most lines of
    /// paragraphs on pages of its width end); negative if it runs past it.
    pub by: Abs,
    /// The line's text.
    pub text: String,
}

struct Run<'a> {
    y: Abs,
    x0: Abs,
    x1: Abs,
    item: &'a TextItem,
    /// The frame the run was found in (a table cell's own frame, a page's, a block's).
    frame: usize,
    /// The paragraph the run belongs to, if any.
    par: Option<Location>,
}

/// The runs of `frame`, with the innermost paragraph open at each. `open` holds the
/// paragraphs and artifacts (a page's header, which typst lays out before the page's body)
/// open at the start of the frame, carried from page to page as a paragraph may go on.
fn collect<'a>(frame: &'a Frame, origin: Point, open: &mut Vec<(Location, bool)>, out: &mut Vec<Run<'a>>) {
    let id = frame as *const Frame as usize;
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => {
                let shifted = at + Point::new(g.transform.tx, g.transform.ty);
                collect(&g.frame, shifted, open, out);
            }
            FrameItem::Text(t) => {
                let par = open.last().filter(|(_, par)| *par).map(|(l, _)| *l);
                out.push(Run { y: at.y, x0: at.x, x1: at.x + t.width(), item: t, frame: id, par });
            }
            FrameItem::Tag(Tag::Start(elem, _))
                if elem.elem() == ParElem::ELEM || elem.elem() == ArtifactElem::ELEM =>
            {
                open.extend(elem.location().map(|l| (l, elem.elem() == ParElem::ELEM)));
            }
            FrameItem::Tag(Tag::End(loc, ..)) => {
                if let Some(i) = open.iter().rposition(|(l, _)| l == loc) {
                    open.remove(i);
                }
            }
            _ => {}
        }
    }
}

fn is_space(t: &TextItem, i: usize) -> bool {
    t.glyphs.get(i).is_some_and(|g| t.text.get(g.range()).is_some_and(|s| s == " "))
}

/// One line: the runs on a baseline that touch each other.
struct Line {
    page: usize,
    /// The width of the line's page.
    width: Abs,
    x1: Abs,
    text: String,
    frame: usize,
    par: Option<Location>,
}

/// Measures a laid-out document.
pub fn inspect(doc: &PagedDocument) -> Report {
    let mut report = Report::default();
    let tolerance = Abs::pt(0.5);
    let mut open = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    for (p, page) in doc.pages().iter().enumerate() {
        let mut runs = Vec::new();
        collect(&page.frame, Point::zero(), &mut open, &mut runs);
        runs.sort_by(|a, b| a.y.to_pt().total_cmp(&b.y.to_pt()).then(a.x0.to_pt().total_cmp(&b.x0.to_pt())));
        // Lines: runs on one baseline, in order, that touch. A mark that typst raises or
        // lowers comes as a run of its own, a hair off the baseline, with the text of its
        // cluster, which the run before it holds too: it is no part of the line's text.
        let mut i = 0;
        while i < runs.len() {
            let n = runs[i..].iter().take_while(|r| (r.y - runs[i].y).abs() < Abs::pt(4.0)).count();
            let cluster = &runs[i..i + n];
            i += n;
            let Some(main) = cluster.iter().max_by(|a, b| (a.x1 - a.x0).to_pt().total_cmp(&(b.x1 - b.x0).to_pt()))
            else {
                continue;
            };
            let mut on: Vec<&Run> = cluster.iter().collect();
            on.sort_by(|a, b| a.x0.to_pt().total_cmp(&b.x0.to_pt()));
            let first = lines.len();
            for run in on {
                let marks = (run.y - main.y).abs() >= Abs::pt(0.01);
                match lines[first..].last_mut() {
                    // Tracking may set a mark's run apart from the runs around it.
                    // A paragraph's line is one line, its label's box included.
                    Some(line)
                        if (run.x0 <= line.x1 + tolerance.max(run.x1 - run.x0) && line.frame == run.frame)
                            || (run.par.is_some() && line.par == run.par) =>
                    {
                        if !marks {
                            line.text.push_str(&run.item.text);
                        }
                        line.x1 = line.x1.max(run.x1);
                    }
                    // A mark's run (or a stray mark's, in damaged text) is no line.
                    _ if marks || run.x1 - run.x0 < Abs::pt(1.0) => {}
                    _ => {
                        report.lines += 1;
                        if is_space(run.item, 0) {
                            report.leading_space.push((p + 1, run.item.text.chars().take(30).collect()));
                        }
                        lines.push(Line {
                            page: p + 1,
                            width: page.frame.width(),
                            x1: run.x1,
                            text: run.item.text.to_string(),
                            frame: run.frame,
                            par: run.par,
                        });
                    }
                }
            }
        }
        for run in &runs {
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
                if ratio > 2.0 {
                    report.wide_gaps += 1;
                }
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
    joins_and_short(&lines, &mut report);
    report
}

/// Where `first` ends and `next` begins.
fn join(first: &Line, next: &Line) -> Join {
    let (before, after) = (first.text.trim_end(), next.text.trim_start());
    Join {
        page: first.page,
        before: before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect(),
        after: after.chars().take(40).collect(),
        at_space: before.len() < first.text.len() || after.len() < next.text.len(),
    }
}

/// The right edge of the text on pages `width` wide: where most lines of paragraphs end
/// (justified lines, to a tenth of a millimetre), which a line that overruns it passes.
fn edge(lines: &[Line], width: Abs) -> Abs {
    let mut ends: Vec<i64> = lines
        .iter()
        .filter(|l| l.par.is_some() && l.width == width)
        .map(|l| (l.x1.to_mm() * 10.0).round() as i64)
        .collect();
    ends.sort_unstable();
    let mode = ends.chunk_by(|a, b| a == b).max_by_key(|run| run.len()).map_or(0, |run| run[0]);
    Abs::mm(mode as f64 / 10.0)
}

/// The joins between the lines of each paragraph and cell, and the paragraphs' lines that
/// end short of their right edge.
fn joins_and_short(lines: &[Line], report: &mut Report) {
    // Paragraphs, in document order: their lines may span pages.
    let mut pars: Vec<(Location, Vec<&Line>)> = Vec::new();
    for line in lines {
        if let Some(par) = line.par {
            match pars.iter_mut().rev().find(|(l, _)| *l == par) {
                Some((_, ls)) => ls.push(line),
                None => pars.push((par, vec![line])),
            }
        }
    }
    // The edge of each page width, found once (a portrait and a landscape one).
    let mut edges: Vec<(Abs, Abs)> = Vec::new();
    for (_, ls) in &pars {
        let width = ls[0].width;
        let edge = match edges.iter().find(|(w, _)| *w == width) {
            Some(&(_, e)) => e,
            None => {
                let e = edge(lines, width);
                edges.push((width, e));
                e
            }
        };
        for w in ls.windows(2) {
            report.joins.push(join(w[0], w[1]));
            report.short.push(Short { page: w[0].page, by: edge - w[0].x1, text: w[0].text.clone() });
        }
    }
    // Lines outside paragraphs: consecutive lines of one frame (a table cell's).
    let mut by_frame: Vec<(usize, usize, Vec<&Line>)> = Vec::new();
    for line in lines.iter().filter(|l| l.par.is_none()) {
        match by_frame.iter_mut().rev().find(|(f, p, _)| *f == line.frame && *p == line.page) {
            Some((_, _, ls)) => ls.push(line),
            None => by_frame.push((line.frame, line.page, vec![line])),
        }
    }
    for (_, _, ls) in &by_frame {
        for w in ls.windows(2) {
            report.joins.push(join(w[0], w[1]));
        }
    }
}
