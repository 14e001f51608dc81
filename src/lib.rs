//! phaen: typeset Thai local-government anti-corruption action plans from YAML to PDF.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML → [`model::Plan`], with every field's line) → [`validate`] →
//! [`render`] (minijinja templates → Typst source) → [`world`] (typst, in process)
//! → [`export`] (PDF, written atomically).

pub mod bench;
pub mod breakcache;
pub mod diag;
pub mod edit;
pub mod export;
pub mod import;
pub mod inspect;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod split;
mod textcheck;
pub mod thai;
pub mod validate;
pub mod watch;
pub mod world;

use std::fmt;
use std::path::{Path, PathBuf};

use diag::Diagnostic;
use load::Loaded;

/// The dataset built when none is named.
pub const DEFAULT_DATA: &str = "data/samutsongkhram-2567.yaml";

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// The dataset has errors (and perhaps warnings).
    Data(Vec<Diagnostic>),
    /// A template failed to render (a bug of phaen's templates).
    Render(String),
    /// Typst failed to lay the document out or write the PDF.
    Typeset(String),
    /// An input that is not what the command reads (e.g. not a plan's text).
    Input(String),
    /// A file could not be written.
    Write(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Data(diags) => {
                for d in diags {
                    writeln!(f, "{d}")?;
                }
                let n = diags.iter().filter(|d| d.severity == diag::Severity::Error).count();
                write!(f, "ข้อมูลผิดพลาด {n} จุด / {n} error(s) in the dataset")
            }
            Error::Render(e) => write!(f, "render: {e}"),
            Error::Typeset(e) | Error::Input(e) => write!(f, "{e}"),
            Error::Write(p, e) => write!(f, "{}: เขียนไฟล์ไม่ได้ / cannot write: {e}", p.display()),
        }
    }
}

impl std::error::Error for Error {}

/// Loads and validates a dataset. On success returns it with its warnings.
pub fn load_checked(file: &Path) -> Result<(Loaded, Vec<Diagnostic>), Error> {
    load_checked_then(file, |_| Ok(()), |_, ()| Ok(())).map(|(loaded, diags, ())| (loaded, diags))
}

/// Loads and checks a dataset, running `prepare` on it (a build's rendering) while the
/// structural checks run on another thread, then `then` (a build's layout) while the text
/// checks do: they are most of the checks' time and give warnings only. What `prepare`
/// made is thrown away when the checks find an error, so a dataset with errors is never
/// laid out; the diagnostics are [`validate::validate`]'s, in the same order.
pub fn load_checked_then<P, T>(
    file: &Path,
    prepare: impl FnOnce(&Loaded) -> Result<P, Error>,
    then: impl FnOnce(&Loaded, P) -> Result<T, Error>,
) -> Result<(Loaded, Vec<Diagnostic>, T), Error> {
    let loaded = load::load(file).map_err(|d| Error::Data(vec![d]))?;
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
pub(crate) fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The Typst source of a plan, with the built-in templates.
pub fn typst_source(plan: &model::Plan) -> Result<String, Error> {
    render::render(plan).map_err(|e| Error::Render(format!("{e:#}")))
}

/// The Typst world of a checked dataset: its generated source, and the emblem the dataset
/// names, read by [`load`] and served at a fixed virtual path.
pub fn world(loaded: &Loaded, templates: &render::Templates) -> Result<world::PlanWorld, Error> {
    let source = templates.render(&loaded.plan).map_err(|e| Error::Render(format!("{e:#}")))?;
    let mut w = world::PlanWorld::new(source);
    if let Some(Ok(emblem)) = &loaded.emblem {
        w.add_asset(&emblem.vpath, emblem.bytes.clone());
    }
    Ok(w)
}

/// A built document: its PDF and its layout.
pub struct Built {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub document: typst_layout::PagedDocument,
}

/// Lays out a Typst world, with the line-break cache open for the run.
pub(crate) fn lay_out(world: &world::PlanWorld) -> Result<typst_layout::PagedDocument, Error> {
    breakcache::begin();
    let document = world.compile();
    breakcache::finish();
    document.map_err(Error::Typeset)
}

/// Lays out a Typst world and writes it as PDF bytes with `settings`.
pub fn typeset(world: &world::PlanWorld, settings: &export::PdfSettings) -> Result<Built, Error> {
    let document = lay_out(world)?;
    let pdf = export::pdf_with(&document, settings).map_err(Error::Typeset)?;
    Ok(Built { pdf, pages: document.pages().len(), document })
}

/// [`typeset`] for a process that builds once: the layout and typst's caches are let go
/// before the text-layer repair, whose working memory then does not come on top of
/// theirs (the build's peak falls from about 180 MB to about 150 MB for the 2567 plan).
/// The same bytes as [`typeset`]. Returns the PDF and its page count.
pub fn typeset_once(world: &world::PlanWorld, settings: &export::PdfSettings) -> Result<(Vec<u8>, usize), Error> {
    let document = lay_out(world)?;
    let raw = export::typst_pdf_bytes(&document, settings).map_err(Error::Typeset)?;
    let pages = document.pages().len();
    drop(document);
    typst::comemo::evict(0);
    Ok((export::repair(&raw).map_err(Error::Typeset)?, pages))
}

/// What `phaen build` (and every rebuild of `phaen watch`) does before writing: load and
/// check the dataset, render it with `templates` (beside the structural checks), lay it out
/// (beside the text checks: [`load_checked_then`]) and write the PDF bytes.
pub fn build(
    data: &Path,
    templates: &render::Templates,
    settings: &export::PdfSettings,
) -> Result<(Loaded, Vec<Diagnostic>, Built), Error> {
    load_checked_then(data, |loaded| world(loaded, templates), |_, world| typeset(&world, settings))
}

/// The default output path of a dataset: `output/<dataset name>.pdf`.
pub fn default_output(data: &Path, extension: &str) -> PathBuf {
    let stem = data.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    Path::new("output").join(format!("{stem}.{extension}"))
}

/// Refuses to write over the input file.
pub fn guard_output(data: &Path, out: &Path) -> Result<(), Error> {
    let same = match (data.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::Write(
            out.to_path_buf(),
            std::io::Error::other("ไฟล์ผลลัพธ์คือไฟล์ข้อมูลเอง / the output is the input file"),
        ));
    }
    Ok(())
}
