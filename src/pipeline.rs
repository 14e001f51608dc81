//! The pipeline that builds a document, for every front end (the command line, its watch
//! loop and benchmark, the tests, an editor): a [`Session`] holds the templates, the PDF
//! settings and, for rebuilds, what one build leaves for the next; [`Document`] is what it
//! builds, a plan or a progress report.
//!
//! One path for both documents: load and check, render the Typst source (a plan's
//! beside its structural checks), lay it out (beside the plan's text checks), write the
//! PDF and repair its text layer. A session that builds once lets the layout go before
//! the repair, whose working memory then does not come on top of it (the 2567 plan's
//! peak falls from about 180 MB to about 150 MB); an incremental one keeps the generated
//! source and the repair's work, so a rebuild reparses and repairs only what changed.

use std::path::Path;

use typst::syntax::Source;
use typst_layout::PagedDocument;

use crate::error::{Checked, Error};
use crate::export::{self, PdfSettings};
use crate::plan::model::{Plan, Row, Sheet};
use crate::plan::{self, Loaded, validate};
use crate::report::{self, LoadedReport};
use crate::template::Templates;
use crate::typeset::{self, DocWorld};

/// A dataset phaen builds: a plan, or a progress file and the plan it reports on.
pub enum Document {
    /// A plan's dataset.
    Plan(Box<Loaded>),
    /// A progress file, with its plan.
    Report(Box<LoadedReport>),
}

impl Document {
    /// Whether the YAML dataset at `path` is a progress file (it has `round:`) rather than a
    /// plan.
    pub fn is_progress(path: &Path) -> bool {
        report::is_progress(path)
    }

    /// Loads and checks the dataset at `path`, a plan or a progress file.
    pub fn load_checked(path: &Path) -> Result<Checked<Document>, Error> {
        if Self::is_progress(path) {
            Ok(report::load_checked(path)?.map(|r| Document::Report(Box::new(r))))
        } else {
            Ok(plan::load_checked(path)?.map(|loaded| Document::Plan(Box::new(loaded))))
        }
    }

    /// The plan: the document's own, or the one the report reports on.
    pub fn plan(&self) -> &Plan {
        match self {
            Document::Plan(loaded) => &loaded.plan,
            Document::Report(report) => &report.plan.plan,
        }
    }
}

/// A built document: its PDF, and what it was built from.
pub struct Built {
    /// The PDF's bytes, with its text layer repaired.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// The dataset it was built from.
    pub document: Document,
    /// The laid-out pages, when the session keeps them ([`Session::keeping_layout`]).
    pub layout: Option<PagedDocument>,
}

/// What an incremental session keeps from one build for the next.
#[derive(Default)]
struct Kept {
    /// The text-layer repair's work, by page.
    repair: textlayer::Memo,
    /// The last generated source, edited into the next one.
    source: Option<Source>,
}

/// Builds documents with one set of templates and PDF settings.
pub struct Session {
    templates: Templates,
    settings: PdfSettings,
    keep_layout: bool,
    kept: Option<Kept>,
}

impl Session {
    /// A session for builds made once (`phaen build`): each build lets its layout and
    /// typst's caches go before the text-layer repair.
    pub fn new(templates: Templates, settings: PdfSettings) -> Self {
        Self { templates, settings, keep_layout: false, kept: None }
    }

    /// A session for rebuilds (`phaen watch`, an editor): typst's memoized layouts stay in
    /// the process, and the session keeps the generated source and the text-layer
    /// repair's work, so that a rebuild after an edit redoes only what it changed. The
    /// same bytes as [`Session::new`]'s builds.
    pub fn incremental(templates: Templates, settings: PdfSettings) -> Self {
        Self { templates, settings, keep_layout: false, kept: Some(Kept::default()) }
    }

    /// The same session, keeping every build's laid-out pages in [`Built::layout`]
    /// (`--split` writes its parts from them).
    pub fn keeping_layout(mut self) -> Self {
        self.keep_layout = true;
        self
    }

    /// Uses `templates` from the next build on (a watched template folder changed).
    pub fn set_templates(&mut self, templates: Templates) {
        self.templates = templates;
    }

    /// The PDF settings.
    pub fn settings(&self) -> &PdfSettings {
        &self.settings
    }

    /// Loads, checks and builds the dataset at `path` (a plan, or a progress file's
    /// report) into PDF bytes. A dataset with errors is never laid out.
    pub fn build(&mut self, path: &Path) -> Result<Checked<Built>, Error> {
        self.build_from(path, None)
    }

    /// [`Session::build`] of a dataset whose text is `text` (an editor's, not yet saved);
    /// `path` names it in diagnostics, and its folder is where the files it names are.
    pub fn build_text(&mut self, path: &Path, text: String) -> Result<Checked<Built>, Error> {
        self.build_from(path, Some(text))
    }

    /// Loads, checks and lays out the plan (or progress file) whose text is `text`, without
    /// writing a PDF: what an editor shows of it. In an incremental session, only what
    /// changed is laid out again.
    pub fn lay_out_text(&mut self, path: &Path, text: String) -> Result<Checked<(Document, PagedDocument)>, Error> {
        let source = self.kept.as_mut().map(|k| &mut k.source);
        let (document, warnings, layout) = checked_then(&self.templates, source, path, text, typeset::lay_out)?;
        Ok(Checked { value: (document, layout), warnings })
    }

    fn build_from(&mut self, path: &Path, text: Option<String>) -> Result<Checked<Built>, Error> {
        // The dataset is read once, whatever kind it turns out to be.
        let text = match text {
            Some(text) => text,
            None => crate::yaml::read_text(path).map_err(|d| Error::Data(vec![d]))?,
        };
        // A rebuild keeps the layout too: its memos are the next rebuild's, and it is freed
        // off the path to the PDF ([`Session::release`]).
        let keep_layout = self.keep_layout || self.kept.is_some();
        let Self { templates, settings, kept, .. } = self;
        let (source, repair) = match kept {
            Some(k) => (Some(&mut k.source), Some(&mut k.repair)),
            None => (None, None),
        };
        let (document, warnings, (pdf, pages, layout)) =
            checked_then(templates, source, path, text, |world| typeset(world, settings, keep_layout, repair))?;
        Ok(Checked { value: Built { pdf, pages, document, layout }, warnings })
    }

    /// The Typst world of a loaded document: its source rendered with the session's
    /// templates (edited into the last source in an incremental session), and the assets
    /// it shows.
    pub fn world(&mut self, document: &Document) -> Result<DocWorld, Error> {
        let source = self.kept.as_mut().map(|k| &mut k.source);
        world(&self.templates, source, document)
    }

    /// The Typst source of a loaded document, with the session's templates.
    pub fn source(&self, document: &Document) -> Result<String, Error> {
        render(&self.templates, document)
    }

    /// Repairs typst-pdf's output (see `crates/textlayer`), reusing the last repair's work
    /// in an incremental session.
    pub fn repair(&mut self, raw: &[u8]) -> Result<Vec<u8>, Error> {
        export::repair(raw, self.kept.as_mut().map(|k| &mut k.repair)).map_err(Error::Typeset)
    }

    /// How many content streams (pages) the last repair took as the one before had left
    /// them, in an incremental session.
    pub fn repairs_reused(&self) -> Option<usize> {
        self.kept.as_ref().map(|k| k.repair.reused())
    }

    /// Lets go of typst's memos unused in the last 10 builds, on this thread: for a loop
    /// that builds on a thread of its own (an editor's), once it has shown a build: no
    /// thread is started for it, as [`Session::release`] does for a loop that writes PDFs.
    pub fn forget_unused() {
        typst::comemo::evict(10);
    }

    /// Lets go of a build (its layout and data, a few milliseconds) and of typst's memos
    /// unused in the last 10 builds, on another thread: for a rebuild loop, once the PDF is
    /// written.
    pub fn release(built: Option<Built>) {
        std::thread::spawn(move || {
            drop(built);
            typst::comemo::evict(10);
        });
    }
}

/// The source of `document` with `templates`.
fn render(templates: &Templates, document: &Document) -> Result<String, Error> {
    match document {
        Document::Plan(loaded) => templates.render("plan.typ.j2", &plan::view::doc_view(&loaded.plan)),
        Document::Report(r) => templates.render("report.typ.j2", &report::report_view(r)),
    }
}

/// The world of `document`: its source rendered with `templates`, edited into `last`
/// when given, and the assets it shows.
fn world(templates: &Templates, last: Option<&mut Option<Source>>, document: &Document) -> Result<DocWorld, Error> {
    match document {
        Document::Plan(loaded) => world_of_plan(templates, last, loaded),
        Document::Report(_) => Ok(world_of_source(render(templates, document)?, last)),
    }
}

/// The world of a plan (checked or being checked): its source, and its emblem.
fn world_of_plan(templates: &Templates, last: Option<&mut Option<Source>>, loaded: &Loaded) -> Result<DocWorld, Error> {
    let source = templates.render("plan.typ.j2", &plan::view::doc_view(&loaded.plan))?;
    let mut world = world_of_source(source, last);
    if let Some(Ok(emblem)) = &loaded.emblem {
        world.add_asset(&emblem.vpath, emblem.bytes.clone());
    }
    Ok(world)
}

/// The world of a generated source: `last` edited into it when there is a last source
/// (which is then the new one), else parsed whole (and kept as the last when `last` asks).
fn world_of_source(source: String, last: Option<&mut Option<Source>>) -> DocWorld {
    match last {
        Some(Some(last)) => DocWorld::edited(last, &source),
        Some(kept) => {
            let world = DocWorld::new(source);
            *kept = Some(world.source().clone());
            world
        }
        None => DocWorld::new(source),
    }
}

/// Lays `world` out and writes it as repaired PDF bytes. Unless the layout is kept, it is
/// let go with typst's caches before the repair. Returns the PDF, its page count and the
/// layout if kept.
fn typeset(
    world: &DocWorld,
    settings: &PdfSettings,
    keep_layout: bool,
    repair: Option<&mut textlayer::Memo>,
) -> Result<(Vec<u8>, usize, Option<PagedDocument>), Error> {
    let layout = typeset::lay_out(world)?;
    let raw = export::typst_pdf_bytes(&layout, settings).map_err(Error::Typeset)?;
    let pages = layout.pages().len();
    let layout = if keep_layout {
        Some(layout)
    } else {
        drop(layout);
        typst::comemo::evict(0);
        None
    };
    Ok((export::repair(&raw, repair).map_err(Error::Typeset)?, pages, layout))
}

/// Loads and checks the dataset whose text is `text` (a plan, or a progress file: it has
/// `round:`), renders its world and runs `then` on it (a layout, a build). A plan renders
/// beside its structural checks and runs `then` beside its text checks
/// ([`load_checked_then`]); a dataset with errors never reaches `then`.
fn checked_then<T>(
    templates: &Templates,
    last: Option<&mut Option<Source>>,
    path: &Path,
    text: String,
    then: impl FnOnce(&DocWorld) -> Result<T, Error>,
) -> Result<(Document, Vec<crate::diag::Diagnostic>, T), Error> {
    if report::is_progress_text(&text) {
        let Checked { value: report, warnings } = report::load_checked_text(path, text)?;
        let document = Document::Report(Box::new(report));
        let out = then(&world(templates, last, &document)?)?;
        return Ok((document, warnings, out));
    }
    let (loaded, warnings, out) =
        load_checked_then(path, text, |loaded| world_of_plan(templates, last, loaded), |_, world| then(&world))?;
    Ok((Document::Plan(Box::new(loaded)), warnings, out))
}

/// Loads (from its text) and checks a plan's dataset, running
/// `prepare` on it (a build's rendering) while
/// the structural checks run on another thread, then `then` (a build's layout) while the
/// text checks do: they are most of the checks' time and give warnings only. What
/// `prepare` made is thrown away when the checks find an error, so a dataset with errors
/// is never laid out; the diagnostics are [`validate::validate`]'s, in the same order.
fn load_checked_then<P, T>(
    file: &Path,
    text: String,
    prepare: impl FnOnce(&Loaded) -> Result<P, Error>,
    then: impl FnOnce(&Loaded, P) -> Result<T, Error>,
) -> Result<(Loaded, Vec<crate::diag::Diagnostic>, T), Error> {
    let loaded = plan::load::parse(file, text).map_err(|d| Error::Data(vec![d]))?;
    let (found, prepared) = std::thread::scope(|s| {
        let found = s.spawn(|| validate::structure(file, &loaded));
        let prepared = prepare(&loaded);
        (joined(found), prepared)
    });
    if found.has_errors() {
        let texts = found.text_warnings(file, &loaded);
        return Err(Error::Data(found.merge(texts)));
    }
    let prepared = prepared?;
    let (texts, out) = std::thread::scope(|s| {
        let texts = s.spawn(|| found.text_warnings(file, &loaded));
        let out = then(&loaded, prepared);
        (joined(texts), out)
    });
    Ok((loaded, found.merge(texts), out?))
}

/// What a scoped thread returned; its panic, if it panicked.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The Typst source of a plan, with the built-in templates.
pub fn plan_source(plan: &Plan) -> Result<String, Error> {
    Templates::embedded().render("plan.typ.j2", &plan::view::doc_view(plan))
}

/// Sheet `no`'s Typst, without the preamble, with the built-in templates (for snapshots
/// and tests).
pub fn sheet_source(no: u32, sheet: &Sheet, row: &Row) -> Result<String, Error> {
    Templates::embedded().render_as("sheet.typ.j2", "sheet", &plan::view::sheet_view(no, sheet, row))
}

/// Writes every part of a laid-out plan ([`plan::split::parts`]) as its own PDF into `dir`;
/// returns how many.
pub fn write_parts(layout: &PagedDocument, plan: &Plan, settings: &PdfSettings, dir: &Path) -> Result<usize, Error> {
    let parts = plan::split::parts(layout, plan);
    for part in &parts {
        let pdf = export::pdf_with(layout, &PdfSettings { pages: Some(part.pages.clone()), ..settings.clone() })
            .map_err(Error::Typeset)?;
        let path = dir.join(&part.file_name);
        export::write_atomic(&path, &pdf).map_err(|source| Error::Write { path, source })?;
    }
    Ok(parts.len())
}
