//! Repairs the text layer that typst-pdf (krilla) writes for Thai, so that every PDF reader
//! extracts, searches and copies the exact text: poppler, PDFium (Chrome, Edge), pdf.js
//! (Firefox) and pypdf alike. See the crate's README for what krilla writes, what each reader
//! makes of it, and what the repair changes.
//!
//! In short: each glyph's own text is learnt from the clusters krilla wrote (each cluster's
//! text is in an ActualText span or in the font's map); a mark that typst raised into a text
//! object of its own is drawn from its cluster's text object, with text rise; each glyph is
//! then written with a code that reads as its share of the cluster's text, so that a
//! cluster's glyphs spell it in the order they are drawn (a glyph with several meanings gets
//! a code for each, the NIKHAHIT of a `ำ` one that reads as nothing); and each cluster of
//! several glyphs is told by one ActualText, for the readers that place marks by position or
//! cannot read a glyph as nothing. The pages look exactly as they did.

mod cluster;
mod cmap;
mod fonts;
mod lex;
mod page;
pub mod read;
mod rewrite;
mod save;
mod solve;

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use cluster::{Cluster, Plan, Unit};
use fonts::{Codes, Font};
use page::Model;
use solve::Glyph;

/// Why a PDF could not be repaired.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pdf text layer: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<lopdf::Error> for Error {
    fn from(e: lopdf::Error) -> Self {
        Error(e.to_string())
    }
}

/// What a repair did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Content streams (pages and form XObjects) read, and rewritten.
    pub streams: usize,
    pub rewritten: usize,
    /// Clusters of glyphs read.
    pub clusters: usize,
    /// Clusters written so that their glyphs spell them, and of those the ones drawn in
    /// another order.
    pub spelt: usize,
    pub reordered: usize,
    /// Clusters told by an ActualText.
    pub spans: usize,
    /// Clusters left as krilla wrote them.
    pub kept: usize,
    /// Text objects of raised marks moved into the text object of their cluster.
    pub moved: usize,
    /// Codes added to fonts.
    pub codes: usize,
}

/// Rewrites the text layer of a PDF written by typst-pdf so that text extraction gives the
/// source text (see the crate documentation).
pub fn repair(pdf: &[u8]) -> Result<Vec<u8>, Error> {
    repair_with_report(pdf).map(|(pdf, _)| pdf)
}

/// [`repair`], and what it did.
pub fn repair_with_report(pdf: &[u8]) -> Result<(Vec<u8>, Report), Error> {
    repair_with(pdf, None)
}

/// What a repair keeps for the next one, so that a program that repairs one PDF after
/// another (`phaen watch`, after each edit) reads, plans and compresses again only the
/// pages that changed. The result is the same bytes as [`repair`]'s: a page's work is
/// reused only when everything it was made of is equal (its stored content, the fonts,
/// the texts solved for the whole document, its clusters and their codes), and compared,
/// not hashed.
#[derive(Default)]
pub struct Memo {
    last: Option<Last>,
}

impl Memo {
    /// [`repair`], reusing what the last repair through this memo did for the pages that
    /// did not change.
    pub fn repair(&mut self, pdf: &[u8]) -> Result<Vec<u8>, Error> {
        repair_with(pdf, Some(self)).map(|(pdf, _)| pdf)
    }

    /// [`Memo::repair`], and what it did.
    pub fn repair_with_report(&mut self, pdf: &[u8]) -> Result<(Vec<u8>, Report), Error> {
        repair_with(pdf, Some(self))
    }

    /// How many content streams (pages) the last repair took as the repair before it had
    /// left them.
    pub fn reused(&self) -> usize {
        self.last.as_ref().map_or(0, |l| l.reused)
    }
}

/// The last repair: its fonts, its solution and each content stream's work.
struct Last {
    fonts: Vec<Font>,
    first: FxHashMap<Glyph, String>,
    texts: FxHashMap<Glyph, String>,
    canvases: Vec<Done>,
    /// Content streams whose work was reused.
    reused: usize,
    /// The codes added ([`Codes::log`]), and the log's length after each stream.
    codes: (Vec<(usize, u16, String)>, Vec<usize>),
    /// The clusters counted: those surely whole, and all of them.
    facts: (Facts, Facts),
}

/// What was done for one content stream.
struct Done {
    /// Its content as stored (compressed with `/FlateDecode` and no parameters); `None` for
    /// a page of several streams or another kind of stream, which is always done anew.
    stored: Option<Vec<u8>>,
    fonts: FxHashMap<Vec<u8>, usize>,
    read: Option<Arc<Read>>,
    clusters: Vec<Cluster>,
    /// The plans before and after the codes were given.
    planned: Vec<Plan>,
    given: Vec<Plan>,
    /// The stream written anew, if it changed.
    written: Option<Stream>,
}

fn repair_with(pdf: &[u8], mut memo: Option<&mut Memo>) -> Result<(Vec<u8>, Report), Error> {
    let mut loaded = save::load(pdf)?;
    let doc = &mut loaded.doc;
    let (canvases, fonts) = canvases(doc)?;
    let keep = memo.is_some();
    // The content streams as stored, compared with the last repair's (copied only when
    // there is a memo to compare with and to keep them in).
    let stored: Vec<Option<Vec<u8>>> = canvases
        .iter()
        .map(|c| match c.owner {
            Owner::Stream(id) if keep => doc
                .get_object(id)
                .and_then(Object::as_stream)
                .ok()
                // Only krilla's kind of stream, so that equal bytes mean equal content.
                .filter(|s| s.dict.get(b"DecodeParms").is_err() && s.filters().is_ok_and(|f| f == [b"FlateDecode"]))
                .map(|s| s.content.clone()),
            _ => None,
        })
        .collect();
    let mut last = memo.as_mut().and_then(|m| m.last.take()).filter(|l| l.fonts == fonts);
    // The last repair's work for each content stream whose content and fonts are the same
    // now (`kept`), and for the others (`gone`).
    let mut kept: Vec<Option<Done>> = Vec::new();
    let mut gone: Vec<Done> = Vec::new();
    if let Some(last) = &mut last {
        for (i, done) in std::mem::take(&mut last.canvases).into_iter().enumerate() {
            let same = done.stored.is_some()
                && stored.get(i).is_some_and(|s| done.stored == *s)
                && canvases.get(i).is_some_and(|c| done.fonts == c.fonts);
            if same {
                kept.push(Some(done));
            } else {
                kept.push(None);
                gone.push(done);
            }
        }
    }
    kept.resize_with(canvases.len(), || None);

    // Pass 1: every content stream read, its units grouped in runs.
    let read: Vec<Option<Arc<Read>>> = canvases
        .par_iter()
        .zip(&kept)
        .map(|(c, kept)| match kept {
            Some(done) => done.read.clone(),
            None => Read::new(doc, c, &fonts).map(Arc::new),
        })
        .collect();

    // Solve once with the clusters that are surely whole, then with all of them, the runs
    // whose every piece spells the text alone being taken piece by piece.
    //
    // After a repair of the same fonts, the counts are the last repair's, less what the
    // streams that changed counted then and plus what they count now: counts are sums, and
    // the solution does not depend on the order they were made in. The clusters of a
    // stream that did not change are the last repair's while the first solution is.
    let mut facts = match &mut last {
        Some(last) => {
            let mut facts = std::mem::take(&mut last.facts.0);
            for r in gone.iter().filter_map(|d| d.read.as_deref()) {
                r.count_whole(|k, t| uncount(&mut facts, k, t));
            }
            for r in read.iter().zip(&kept).filter(|(_, kept)| kept.is_none()).filter_map(|(r, _)| r.as_deref()) {
                r.count_whole(|k, t| count(&mut facts, k, t));
            }
            facts
        }
        None => {
            let mut facts = Facts::default();
            for r in read.iter().flatten() {
                r.count_whole(|k, t| count(&mut facts, k, t));
            }
            facts
        }
    };
    let first = solve::solve(facts_of(&facts));
    let (clusters, all_facts): (Vec<Vec<Cluster>>, Facts) = match &mut last {
        Some(last) if last.first == first => {
            let mut all = std::mem::take(&mut last.facts.1);
            for r in gone.iter().filter_map(|d| d.read.as_deref()) {
                r.count_whole(|k, t| uncount(&mut all, k, t));
                r.clusters(&last.first, |k, t| uncount(&mut all, k, t));
            }
            let clusters = (0..read.len())
                .map(|i| match (&mut kept[i], read[i].as_deref()) {
                    (Some(done), _) => std::mem::take(&mut done.clusters),
                    (None, Some(r)) => {
                        r.count_whole(|k, t| count(&mut all, k, t));
                        r.clusters(&first, |k, t| count(&mut all, k, t))
                    }
                    (None, None) => Vec::new(),
                })
                .collect();
            (clusters, all)
        }
        _ => {
            // Without a memo the first counts are not kept, and are counted on.
            let mut all = if keep { facts.clone() } else { std::mem::take(&mut facts) };
            let clusters = read
                .iter()
                .map(|r| match r {
                    Some(r) => r.clusters(&first, |k, t| count(&mut all, k, t)),
                    None => Vec::new(),
                })
                .collect();
            (clusters, all)
        }
    };
    let texts = solve::solve(facts_of(&all_facts));
    let facts = (facts, all_facts);
    rayon::spawn(move || drop(gone));

    // The content streams whose plans are those of the last repair: the same content and
    // fonts, the same solution, and so the same clusters.
    let solved_alike = last.as_ref().is_some_and(|l| l.first == first && l.texts == texts);
    let codes_before = last.as_mut().map(|l| std::mem::take(&mut l.codes));
    // Their work taken from the last repair; the rest of it let go on another thread, off
    // the path to the new PDF.
    let mut done: Vec<Option<Done>> = if solved_alike {
        kept
    } else {
        rayon::spawn(move || drop(kept));
        Vec::new()
    };
    done.resize_with(canvases.len(), || None);
    rayon::spawn(move || drop(last));

    // The plan of every cluster, but in the streams whose plans are the last repair's.
    let primary: FxHashMap<Glyph, String> = texts.iter().map(|(g, t)| (*g, solve::compose(t))).collect();
    let removable: Vec<Option<Vec<bool>>> = read
        .par_iter()
        .zip(&done)
        .map(|(r, done)| r.as_deref().filter(|_| done.is_none()).map(Read::removable))
        .collect();
    let mut plans: Vec<Vec<Plan>> = read
        .par_iter()
        .zip(&clusters)
        .zip(&removable)
        .map(|((r, clusters), removable)| match (r, removable) {
            (Some(r), Some(removable)) => {
                let span_glyphs = r.span_glyphs();
                let mut plans: Vec<Plan> = clusters
                    .iter()
                    .map(|c| cluster::plan(c, &r.model, &texts, &primary, &fonts, removable, &span_glyphs))
                    .collect();
                // krilla's span stays only where nothing joins it: a space joined after its
                // cluster goes in the span (see `page::spaces`).
                for (c, next) in clusters.iter().skip(1).enumerate() {
                    if next.glyphs.len() == 1 && r.model.glyphs[next.glyphs.start].joined {
                        plans[c].reuse = None;
                    }
                }
                plans
            }
            // Taken from the last repair below, or nothing to plan.
            _ => Vec::new(),
        })
        .collect();
    // The plans made now, kept for the next repair (those of the last one are moved below).
    let mut planned: Vec<Vec<Plan>> = if keep { plans.clone() } else { Vec::new() };

    // Codes, given in the order of the pages so that the same PDF gives the same file.
    //
    // The codes are a function of the codes added before, in order (see `Codes::replay`).
    // So while the codes added so far are the last repair's, a stream whose plans are the
    // last repair's gets the codes it got then: its plans, codes given, are taken as they
    // were, and the codes the last repair added for it are added only when a stream after
    // it needs codes given anew. A stream given codes anew that adds other codes than the
    // last repair did for it ends the reuse, for every stream after it.
    let mut codes = Codes::new(&fonts, &primary);
    let mut in_step = codes_before.as_ref().filter(|_| solved_alike);
    // How much of the last repair's log the codes hold, and how much they stand for.
    let (mut applied, mut due) = (0, 0);
    // The log's length after each stream, for the next repair.
    let mut after = Vec::with_capacity(canvases.len());
    let mut taken = vec![false; canvases.len()];
    for (i, ((r, clusters), plans)) in read.iter().zip(&clusters).zip(&mut plans).enumerate() {
        match (in_step.and_then(|(_, then)| then.get(i)), done[i].as_mut()) {
            (Some(&end), Some(done)) => {
                *plans = std::mem::take(&mut done.given);
                if keep {
                    planned[i] = std::mem::take(&mut done.planned);
                }
                taken[i] = true;
                due = end;
            }
            (_, done) => {
                if let Some((log, _)) = in_step {
                    codes.replay(&log[applied..due]);
                    applied = due;
                }
                if let Some(done) = done {
                    *plans = done.planned.clone();
                    if keep {
                        planned[i] = std::mem::take(&mut done.planned);
                    }
                }
                if let Some(r) = r {
                    for (cluster, plan) in clusters.iter().zip(plans.iter_mut()) {
                        give_codes(plan, &r.model, &fonts, &cluster.text, &mut codes);
                    }
                }
                if let Some((log, then)) = in_step {
                    let added = &codes.log()[applied..];
                    if then.get(i).and_then(|&end| log.get(applied..end)) == Some(added) {
                        applied += added.len();
                        due = applied;
                    } else {
                        in_step = None;
                    }
                }
            }
        }
        after.push(if in_step.is_some() { due } else { codes.log().len() });
    }
    if let Some((log, _)) = in_step {
        codes.replay(&log[applied..due]);
    }
    let mut report = Report { streams: canvases.len(), codes: codes.added(), ..Report::default() };
    for (r, plans) in read.iter().zip(&plans) {
        let Some(r) = r else { continue };
        report.moved += r.model.objects.iter().filter(|o| o.into.is_some()).count();
        for plan in plans {
            report.clusters += 1;
            match plan.roles {
                Some(_) => {
                    report.spelt += 1;
                    report.reordered += usize::from(plan.order.windows(2).any(|w| w[1] != w[0] + 1));
                }
                None => report.kept += 1,
            }
            report.spans += usize::from(plan.span);
        }
    }

    // Pass 2: the content streams that change, written anew (or as the last repair wrote
    // them, if their plans, codes given, are the same).
    let written: Vec<(Option<Stream>, bool)> = read
        .par_iter()
        .zip(&clusters)
        .zip(&plans)
        .zip(&removable)
        .zip(&mut done)
        .zip(&taken)
        .map(|(((((r, clusters), plans), removable), done), &taken)| {
            if let Some(done) = done.as_mut().filter(|done| taken || done.given == *plans) {
                return Ok((done.written.take(), true));
            }
            let Some(r) = r else { return Ok((None, false)) };
            let worked_out;
            let removable = match removable {
                Some(removable) => removable,
                None => {
                    worked_out = r.removable();
                    &worked_out
                }
            };
            let kept = r.spans_kept(clusters, plans, removable);
            let edits = rewrite::edits(&r.model, &fonts, clusters, plans, &kept);
            if edits.is_empty() {
                return Ok((None, false));
            }
            Ok((Some(compress(lex::splice(&r.content, edits))?), false))
        })
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error(e.to_string()))?;
    rayon::spawn(move || drop(done));
    let (mut written, reused): (Vec<Option<Stream>>, Vec<bool>) = written.into_iter().unzip();
    let reused = reused.into_iter().filter(|&r| r).count();
    report.rewritten = written.iter().flatten().count();
    // The objects changed, for the writer.
    let mut touched = FxHashSet::default();
    // Copied only when the memo keeps them.
    for (canvas, stream) in canvases.iter().zip(&mut written) {
        if let Some(stream) = if keep { stream.clone() } else { stream.take() } {
            touched.insert(install(doc, &canvas.owner, stream)?);
        }
    }
    let log = keep.then(|| codes.log().to_vec());
    codes.install(doc, &fonts, &mut touched)?;

    let out = save::save(pdf, &mut loaded, &touched).map_err(|e| Error(e.to_string()))?;
    // Freeing the parsed PDF takes a few milliseconds: on another thread, off the path to
    // the new PDF.
    rayon::spawn(move || drop(loaded));

    if let (Some(memo), Some(log)) = (memo, log) {
        let canvases = canvases
            .into_iter()
            .zip(stored)
            .zip(read)
            .zip(clusters)
            .zip(planned)
            .zip(plans)
            .zip(written)
            .map(|((((((canvas, stored), read), clusters), planned), given), written)| Done {
                stored,
                fonts: canvas.fonts,
                read,
                clusters,
                planned,
                given,
                written,
            })
            .collect();
        memo.last = Some(Last { fonts, first, texts, canvases, reused, codes: (log, after), facts });
    }
    Ok((out, report))
}

/// Gives a cluster's glyphs their codes; where a code cannot be given, the cluster keeps
/// its codes (and an ActualText if they do not spell it).
fn give_codes(plan: &mut Plan, model: &Model, fonts: &[Font], text: &str, codes: &mut Codes) {
    let original = |order: &[usize]| order.iter().map(|&i| model.glyphs[i].code).collect::<Vec<u16>>();
    if let (true, Some(roles)) = (plan.editable, &plan.roles) {
        let given: Option<Vec<u16>> = plan
            .order
            .iter()
            .zip(roles)
            .map(|(&i, role)| {
                let g = &model.glyphs[i];
                codes.code(g.font?, g.code, &text[role.clone()])
            })
            .collect();
        if let Some(given) = given {
            plan.codes = given;
            if let Some(ghost) = &mut plan.ghost {
                let g = &model.glyphs[plan.order[0]];
                *ghost = g.font.and_then(|f| codes.code(f, fonts[f].blank?, ""));
            }
            return;
        }
        plan.order.sort_unstable();
        plan.roles = None;
        plan.span = plan.span_if_kept;
    }
    plan.codes = original(&plan.order);
}

/// Clusters counted by their text (decomposed, see [`solve::decompose`]) and their glyphs.
type Facts = FxHashMap<String, FxHashMap<Vec<Option<Glyph>>, usize>>;

fn count(facts: &mut Facts, glyphs: &[Option<Glyph>], text: &str) {
    let text = solve::decompose(text);
    let counts = match facts.get_mut(&*text) {
        Some(counts) => counts,
        None => facts.entry(text.into_owned()).or_default(),
    };
    match counts.get_mut(glyphs) {
        Some(n) => *n += 1,
        None => {
            counts.insert(glyphs.to_vec(), 1);
        }
    }
}

/// Takes back one [`count`] of the same cluster.
fn uncount(facts: &mut Facts, glyphs: &[Option<Glyph>], text: &str) {
    let text = solve::decompose(text);
    let Some(counts) = facts.get_mut(&*text) else { return };
    if let Some(n) = counts.get_mut(glyphs) {
        *n -= 1;
        if *n == 0 {
            counts.remove(glyphs);
        }
    }
    if counts.is_empty() {
        facts.remove(&*text);
    }
}

/// The clusters counted, as [`solve::solve`] takes them.
fn facts_of(facts: &Facts) -> impl Iterator<Item = (&[Option<Glyph>], &str, usize)> {
    facts.iter().flat_map(|(text, seen)| seen.iter().map(move |(glyphs, &n)| (glyphs.as_slice(), text.as_str(), n)))
}

/// A content stream read.
struct Read {
    content: Vec<u8>,
    model: Model,
    units: Vec<Unit>,
    /// Runs of units that may be one cluster (see [`cluster::runs`]).
    runs: Vec<Range<usize>>,
}

impl Read {
    /// Reads a canvas; `None` if its content cannot be read: it is then left as it is.
    fn new(doc: &Document, canvas: &Canvas, fonts: &[Font]) -> Option<Read> {
        let content = match canvas.owner {
            Owner::Stream(id) => doc.get_object(id).and_then(Object::as_stream).ok()?.get_plain_content().ok()?,
            Owner::Page(page) => doc.get_page_content(page),
        };
        let model = page::read(&content, &canvas.fonts, fonts)?;
        let units = cluster::units(&model, fonts);
        let runs = cluster::runs(&units);
        Some(Read { content, model, units, runs })
    }

    /// What every run of a single unit counts: a cluster surely whole.
    fn count_whole(&self, mut counted: impl FnMut(&[Option<Glyph>], &str)) {
        let mut keys = Vec::new();
        for run in self.runs.iter().filter(|run| run.len() == 1) {
            let unit = &self.units[run.start];
            cluster::keys(&self.model, unit.glyphs.clone(), &mut keys);
            counted(&keys, &unit.text);
        }
    }

    /// The clusters: each run of one unit, and each longer run as one cluster or, if each of
    /// its pieces spells the text alone (`first` tells), one per piece. Counts the longer runs
    /// through `counted`.
    fn clusters(
        &self,
        first: &FxHashMap<Glyph, String>,
        mut counted: impl FnMut(&[Option<Glyph>], &str),
    ) -> Vec<Cluster> {
        let mut out = Vec::with_capacity(self.runs.len());
        let mut keys = Vec::new();
        for run in &self.runs {
            let units = &self.units[run.clone()];
            let text = &units[0].text;
            let split = units.len() > 1
                && units.iter().all(|u| {
                    cluster::keys(&self.model, u.glyphs.clone(), &mut keys);
                    cluster::spells(&keys, text, first)
                });
            if units.len() == 1 || split {
                for u in units {
                    if split {
                        cluster::keys(&self.model, u.glyphs.clone(), &mut keys);
                        counted(&keys, text);
                    }
                    out.push(Cluster { glyphs: u.glyphs.clone(), text: text.clone() });
                }
            } else {
                let glyphs = units[0].glyphs.start..units[units.len() - 1].glyphs.end;
                cluster::keys(&self.model, glyphs.clone(), &mut keys);
                counted(&keys, text);
                out.push(Cluster { glyphs, text: text.clone() });
            }
        }
        out
    }

    /// The ActualText spans that may be taken out: in one text object, over glyphs that can
    /// be written anew.
    fn removable(&self) -> Vec<bool> {
        let m = &self.model;
        let mut out: Vec<bool> = m.spans.iter().map(|s| s.closed_inside).collect();
        for g in &m.glyphs {
            if let Some(s) = g.span
                && (g.font.is_none() || !m.shows[g.show].editable)
            {
                out[s] = false;
            }
        }
        out
    }

    /// The glyphs of each ActualText span, if they come one after the other.
    fn span_glyphs(&self) -> Vec<Option<Range<usize>>> {
        let mut out: Vec<Option<Range<usize>>> = vec![None; self.model.spans.len()];
        let mut whole = vec![true; self.model.spans.len()];
        for (i, g) in self.model.glyphs.iter().enumerate() {
            if let Some(s) = g.span {
                match &mut out[s] {
                    Some(r) if r.end == i => r.end += 1,
                    Some(_) => whole[s] = false,
                    none => *none = Some(i..i + 1),
                }
            }
        }
        out.into_iter().zip(whole).map(|(r, whole)| r.filter(|_| whole)).collect()
    }

    /// The ActualText spans that stay: those that cannot be taken out, those over a cluster
    /// that is not written anew, and those kept as they tell their cluster.
    fn spans_kept(&self, clusters: &[Cluster], plans: &[Plan], removable: &[bool]) -> Vec<bool> {
        let mut kept: Vec<bool> = removable.iter().map(|r| !r).collect();
        for (c, plan) in clusters.iter().zip(plans) {
            if let Some(s) = plan.reuse {
                kept[s] = true;
            }
            if !plan.editable {
                for g in &self.model.glyphs[c.glyphs.clone()] {
                    if let Some(s) = g.span {
                        kept[s] = true;
                    }
                }
            }
        }
        kept
    }
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
    /// Font resource name → the font (an index of the font table), for the fonts repaired.
    fonts: FxHashMap<Vec<u8>, usize>,
}

/// Every page and form XObject with its fonts, and the table of the fonts repaired.
fn canvases(doc: &Document) -> lopdf::Result<(Vec<Canvas>, Vec<Font>)> {
    let mut found = Vec::new();
    let mut fonts = Fonts::default();
    for page in doc.page_iter() {
        let (inline, ids) = doc.get_page_resources(page)?;
        let mut names = FxHashMap::default();
        // The nearest resources win: read the farthest first.
        for id in ids.iter().rev() {
            names.extend(fonts.of(doc, doc.get_dictionary(*id)?));
        }
        if let Some(dict) = inline {
            names.extend(fonts.of(doc, dict));
        }
        let owner = match doc.get_page_contents(page).as_slice() {
            [id] => Owner::Stream(*id),
            _ => Owner::Page(page),
        };
        found.push(Canvas { owner, fonts: names });
    }
    for (&id, object) in &doc.objects {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form")
        {
            let names = match stream.dict.get_deref(b"Resources", doc).and_then(Object::as_dict) {
                Ok(resources) => fonts.of(doc, resources),
                Err(_) => FxHashMap::default(),
            };
            found.push(Canvas { owner: Owner::Stream(id), fonts: names });
        }
    }
    Ok((found, fonts.list))
}

/// The font table as it is read.
#[derive(Default)]
struct Fonts {
    list: Vec<Font>,
    /// Font dictionary → its index; `None` for a font the repair does not read.
    index: FxHashMap<ObjectId, Option<usize>>,
}

impl Fonts {
    /// The fonts of a resource dictionary that are repaired: name → index.
    fn of(&mut self, doc: &Document, resources: &Dictionary) -> FxHashMap<Vec<u8>, usize> {
        let Ok(fonts) = resources.get_deref(b"Font", doc).and_then(Object::as_dict) else {
            return FxHashMap::default();
        };
        let mut out = FxHashMap::default();
        for (name, font) in fonts {
            let Ok(id) = font.as_reference() else { continue };
            let index = *self.index.entry(id).or_insert_with(|| {
                let font = Font::read(doc, id)?;
                self.list.push(font);
                Some(self.list.len() - 1)
            });
            if let Some(index) = index {
                out.insert(name.clone(), index);
            }
        }
        out
    }
}

/// A stream, compressed as lopdf's `Stream::compress` would but at the default level, not
/// the best: compressing is the largest part of the repair, and on these streams the best
/// level takes twice the time to save a few hundred bytes in a megabyte.
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

/// Gives an existing stream the content (and the filter) of a new one, keeping the rest of
/// its dictionary.
fn replace_content(target: &mut Stream, stream: Stream) {
    target.dict.remove(b"Filter");
    target.dict.remove(b"DecodeParms");
    if let Ok(filter) = stream.dict.get(b"Filter") {
        target.dict.set("Filter", filter.clone());
    }
    target.set_content(stream.content);
}

/// Puts a new content stream in place; returns the object it changed.
fn install(doc: &mut Document, owner: &Owner, stream: Stream) -> lopdf::Result<ObjectId> {
    match *owner {
        Owner::Stream(id) => {
            replace_content(doc.get_object_mut(id).and_then(Object::as_stream_mut)?, stream);
            Ok(id)
        }
        Owner::Page(page) => {
            let id = doc.add_object(stream);
            doc.get_dictionary_mut(page)?.set("Contents", id);
            Ok(page)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF as typst-pdf 0.15 writes it (PDF/A-2b, tagged): `tests/fixtures/thai.typ` with
    /// Sarabun (OFL), compiled by typst 0.15.1.
    const FIXTURE: &[u8] = include_bytes!("../tests/fixtures/thai.pdf");

    /// Its text, as typed.
    const TEXT: &str = "ท้องถิ่น ตั้งต้น ดำเนินการ น้ำ แต่งตั้ง เอื้อเฟื้อ ปั้น ได้เพิ่มพูนความรู้ ลำดับ ที่ปรึกษา \
                        ญี่ปุ่น สิ้นสุด ทั้งนี้ คำสั่ง เฟือง ฝั่ง ฟอง";

    /// A `/ToUnicode` map as the repair writes it (lopdf cannot read an empty destination).
    fn parse_cmap(cmap: &[u8]) -> FxHashMap<u16, String> {
        let text = String::from_utf8_lossy(cmap);
        let hex = |h: &str| -> Vec<u16> {
            h.as_bytes().chunks(4).map(|c| u16::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap()).collect()
        };
        text.lines()
            .filter_map(|l| {
                let (code, dst) = l.strip_prefix('<')?.split_once("> <")?;
                let dst = dst.strip_suffix('>')?;
                Some((hex(code)[0], String::from_utf16(&hex(dst)).unwrap()))
            })
            .collect()
    }

    /// What a reader that ignores ActualText (pdf.js, pypdf) reads: each glyph of the first
    /// page through its font's map, in content order; and the ActualTexts.
    fn read_maps(pdf: &[u8]) -> (String, Vec<String>) {
        let doc = Document::load_mem(pdf).unwrap();
        let page = doc.page_iter().next().unwrap();
        let (inline, ids) = doc.get_page_resources(page).unwrap();
        let resources = inline.unwrap_or_else(|| doc.get_dictionary(ids[0]).unwrap());
        let fonts = resources.get_deref(b"Font", &doc).and_then(Object::as_dict).unwrap();
        let maps: FxHashMap<Vec<u8>, FxHashMap<u16, String>> = fonts
            .iter()
            .map(|(name, font)| {
                let font = doc.dereference(font).unwrap().1.as_dict().unwrap();
                let id = font.get(b"ToUnicode").and_then(Object::as_reference).unwrap();
                let cmap = doc.get_object(id).and_then(Object::as_stream).unwrap().get_plain_content().unwrap();
                (name.clone(), parse_cmap(&cmap))
            })
            .collect();
        let content = doc.get_page_content(page);
        let (mut text, mut actual) = (String::new(), Vec::new());
        let mut font = Vec::new();
        lex::scan(&content, |op| match op.operator {
            b"Tf" => {
                if let Some(lex::Operand::Name(n)) = op.operands.first() {
                    font = op.bytes(n).to_vec();
                }
            }
            b"BDC" => {
                if let Some(lex::Operand::Dict { actual_text: Some(t), .. }) = op.operands.get(1) {
                    let t = Object::String(op.bytes(t).to_vec(), lopdf::StringFormat::Literal);
                    actual.push(lopdf::decode_text_string(&t).unwrap());
                }
            }
            b"Tj" | b"TJ" => {
                let strings = op.operands.iter().flat_map(|o| match o {
                    lex::Operand::String(s) => vec![s.clone()],
                    lex::Operand::Array(items) => op.items[items.clone()]
                        .iter()
                        .filter_map(|i| if let lex::Item::String(s) = i { Some(s.clone()) } else { None })
                        .collect(),
                    _ => vec![],
                });
                for s in strings {
                    for code in op.bytes(&s).chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])) {
                        let map = &maps[&font];
                        text.push_str(map.get(&code).unwrap_or_else(|| panic!("code {code:04x} has no entry")));
                    }
                }
            }
            _ => {}
        })
        .unwrap();
        (text, actual)
    }

    fn squeeze(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn the_glyphs_spell_the_text_in_the_order_drawn() {
        let (repaired, report) = repair_with_report(FIXTURE).unwrap();
        let (text, actual) = read_maps(&repaired);
        assert_eq!(squeeze(&text), squeeze(TEXT));
        assert!(!text.contains("\u{0E4D}\u{0E32}"), "ำ read as ํา: {text}");
        assert!(actual.iter().all(|t| !t.is_empty()), "an empty ActualText");
        // Each ActualText tells a cluster of the text, with the space read after it.
        for t in &actual {
            assert!(TEXT.contains(t.as_str()), "ActualText {t:?} is not in the text");
        }
        assert!(report.moved >= 8 && report.reordered >= 3 && report.kept == 0, "{report:?}");
    }

    /// `tests/fixtures/cut.typ`, compiled as [`FIXTURE`]: the `ถ` and the raised `่` of `ถิ่`
    /// are first seen in the same cluster, so krilla gives them neighbouring codes mapped to
    /// the same text (`<0008> <0E160E340E48>`, `<0009> <0E160E340E48>`), the raised `่` drawn
    /// in a text object of its own with no span of its own.
    const CUT: &[u8] = include_bytes!("../tests/fixtures/cut.pdf");

    #[test]
    fn a_cut_cluster_whose_glyphs_have_neighbouring_codes_reads_once() {
        // lopdf read the second code as `ถิ้` (a range's last unit incremented): the raised
        // mark was taken for a cluster of its own and every reader read `ท้องถิ่ถิ้น`.
        let (repaired, report) = repair_with_report(CUT).unwrap();
        let (text, actual) = read_maps(&repaired);
        assert_eq!(squeeze(&text), squeeze("ก กิ ท้องถิ่น ถ ท"));
        assert!(actual.iter().all(|t| "ก กิ ท้องถิ่น ถ ท".contains(t.as_str())), "{actual:?}");
        assert!(report.moved == 1 && report.kept == 0, "{report:?}");
    }

    #[test]
    fn a_memo_gives_the_bytes_of_a_fresh_repair_and_reuses_what_did_not_change() {
        let mut memo = Memo::default();
        for (pdf, reused) in [(FIXTURE, 0), (FIXTURE, 1), (CUT, 0), (CUT, 1), (FIXTURE, 0)] {
            let (out, report) = memo.repair_with_report(pdf).unwrap();
            let n = memo.reused();
            assert!(out == repair(pdf).unwrap(), "a repair through the memo differs");
            assert_eq!((report.streams, n), (1, reused), "streams, and streams reused");
        }
    }

    #[test]
    fn the_text_is_wrong_before() {
        // What the repair is for: krilla's maps alone do not spell the text.
        let text = Document::load_mem(FIXTURE).unwrap().extract_text(&[1]).unwrap_or_default();
        assert_ne!(squeeze(&text), squeeze(TEXT));
    }

    #[test]
    fn codes_are_added_to_the_font_as_the_font_program_draws_them() {
        let repaired = repair(FIXTURE).unwrap();
        let doc = Document::load_mem(&repaired).unwrap();
        let font = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .find(|d| d.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"CIDFontType2"))
            .unwrap();
        let map =
            font.get_deref(b"CIDToGIDMap", &doc).and_then(Object::as_stream).unwrap().get_plain_content().unwrap();
        let gid = |code: usize| u16::from_be_bytes([map[2 * code], map[2 * code + 1]]);
        let w = font.get_deref(b"W", &doc).and_then(Object::as_array).unwrap();
        let descriptor = font.get_deref(b"FontDescriptor", &doc).and_then(Object::as_dict).unwrap();
        let cid_set = descriptor.get_deref(b"CIDSet", &doc).and_then(Object::as_stream).unwrap();
        let cid_set = cid_set.get_plain_content().unwrap();
        // The silent codes draw a glyph of the font, have a width entry, and are in the CIDSet.
        let silent: Vec<usize> =
            fonts::SILENT_CODES.iter().map(|&c| usize::from(c)).filter(|&c| 2 * c < map.len()).collect();
        let silent: Vec<usize> = silent.into_iter().filter(|&c| gid(c) != 0).collect();
        assert!(!silent.is_empty());
        for code in silent {
            assert!(cid_set[code / 8] & (0x80 >> (code % 8)) != 0, "code {code:x} not in the CIDSet");
            assert!(w.iter().any(|o| o.as_i64().ok() == Some(code as i64)), "code {code:x} has no width");
        }
        // The codes krilla wrote draw the glyph they drew.
        assert!((1..20).all(|c| gid(c) == c as u16));
    }

    #[test]
    fn the_page_looks_exactly_as_before() {
        let dir = std::env::temp_dir().join(format!("textlayer-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let render = |name: &str, pdf: &[u8]| {
            let path = dir.join(format!("{name}.pdf"));
            std::fs::write(&path, pdf).unwrap();
            let out =
                std::process::Command::new("pdftoppm").args(["-r", "150", "-gray"]).arg(&path).output().unwrap_or_else(
                    |e| panic!("pdftoppm is needed for this test (apt-get install poppler-utils): {e}"),
                );
            assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
            out.stdout
        };
        let before = render("before", FIXTURE);
        let after = render("after", &repair(FIXTURE).unwrap());
        std::fs::remove_dir_all(&dir).ok();
        assert!(before.len() > 1000);
        let differ = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert!(before.len() == after.len() && differ == 0, "{differ} pixels differ");
    }
}
