//! `phaen watch`: build, then rebuild whenever the dataset changes.
//!
//! The process lives for the whole session, and with it typst's memoized layouts, so a
//! rebuild lays out again only the sheets an edit touched; results unused for a few
//! rebuilds are evicted with `typst::comemo::evict`. An incremental [`Session`] keeps the
//! generated source and the text-layer repair's work between rebuilds. On an error the
//! diagnostics are printed and the last good PDF stays where it is.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use phaen::diag::Diagnostic;
use phaen::export::PdfSettings;
use phaen::template::Templates;
use phaen::{Error, Session};

use super::args::PdfArgs;
use super::output::{default_output, guard_output, use_cache, write};

/// The outcome of one (re)build.
pub(crate) struct Rebuild {
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) pages: usize,
    pub(crate) elapsed: Duration,
}

/// Loads, checks and builds `data` into `out` with `session`, reading the templates of
/// `templates` anew (a watched folder). What the build leaves is let go after the PDF is
/// written, on another thread.
pub(crate) fn rebuild(
    session: &mut Session,
    data: &Path,
    templates: Option<&Path>,
    out: &Path,
) -> Result<Rebuild, Error> {
    let start = Instant::now();
    session.set_templates(Templates::load(templates)?);
    match session.build(data) {
        Ok(built) => {
            let written = write(out, &built.value.pdf);
            let rebuilt = Rebuild { warnings: built.warnings, pages: built.value.pages, elapsed: start.elapsed() };
            Session::release(Some(built.value));
            written.map(|()| rebuilt)
        }
        Err(e) => {
            Session::release(None);
            Err(e)
        }
    }
}

/// The modification time and size of the dataset and of the template folder's files.
fn modified(data: &Path, templates: Option<&Path>) -> Vec<Option<(SystemTime, u64)>> {
    let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| Ok((m.modified()?, m.len()))).ok();
    let mut stamps = vec![stamp(data)];
    if let Some(dir) = templates {
        stamps.extend(phaen::assets::TEMPLATE_FILES.iter().map(|(name, _)| stamp(&dir.join(name))));
    }
    stamps
}

/// Builds, then polls the dataset (and the templates' folder, when given) and rebuilds on
/// every change, until the process is stopped.
pub(crate) fn watch(data: PathBuf, pdf: PdfArgs) -> Result<ExitCode, Error> {
    let PdfArgs { output, pdf_standard, templates, cache } = pdf;
    use_cache(&cache);
    let out = output.unwrap_or_else(|| default_output(&data, "pdf"));
    guard_output(&data, &out)?;
    let templates = templates.as_deref();
    let settings = PdfSettings { standard: pdf_standard.into(), pages: None };
    let mut session = Session::incremental(Templates::embedded(), settings);
    // The warnings shown so far, by field and words (an edit above moves their lines):
    // each is printed once, then only the new ones and how many were fixed, so the
    // rebuild's line stays on the screen.
    let mut shown: Vec<(String, String)> = Vec::new();
    let mut report = |r: Result<Rebuild, Error>| match r {
        Ok(r) => {
            let key = |w: &Diagnostic| (w.path.clone(), w.message.clone());
            let now: Vec<(String, String)> = r.warnings.iter().map(key).collect();
            for w in r.warnings.iter().filter(|w| !shown.contains(&key(w))) {
                eprintln!("{w}");
            }
            let fixed = shown.iter().filter(|k| !now.contains(k)).count();
            if fixed > 0 {
                eprintln!("แก้แล้ว {fixed} คำเตือน / {fixed} warning(s) fixed");
            }
            shown = now;
            let still = if shown.is_empty() { String::new() } else { format!(", {} warning(s)", shown.len()) };
            println!("{} ({} pages{still}) in {} ms", out.display(), r.pages, r.elapsed.as_millis());
        }
        Err(e) => eprintln!("{e}\nยังใช้ PDF ฉบับก่อน / keeping the last good PDF"),
    };
    report(rebuild(&mut session, &data, templates, &out));
    println!("watching {} (Ctrl-C to stop)", data.display());
    let mut seen = modified(&data, templates);
    loop {
        // A stat every 5 ms costs nothing measurable and adds 2.5 ms to a rebuild on average
        // (it was 50 ms, then a fixed 20 ms wait: 45 ms of the time to a new PDF, then 10 ms).
        std::thread::sleep(Duration::from_millis(5));
        let mut now = modified(&data, templates);
        if now != seen {
            // Let an editor finish writing: wait until two looks 5 ms apart agree.
            for _ in 0..20 {
                std::thread::sleep(Duration::from_millis(5));
                let again = modified(&data, templates);
                if again == now {
                    break;
                }
                now = again;
            }
            seen = now;
            report(rebuild(&mut session, &data, templates, &out));
        }
    }
}
