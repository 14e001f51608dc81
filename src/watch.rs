//! `phaen watch`: build, then rebuild whenever the dataset changes.
//!
//! The process lives for the whole session, and with it typst's memoized layouts, so a
//! rebuild lays out again only the sheets an edit touched; results unused for a few
//! rebuilds are evicted with `typst::comemo::evict`. On an error the diagnostics are
//! printed and the last good PDF stays where it is.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::Error;
use crate::export::{self, PdfSettings};
use crate::render::Templates;

/// The outcome of one (re)build.
pub struct Rebuild {
    pub warnings: Vec<crate::diag::Diagnostic>,
    pub pages: usize,
    pub elapsed: Duration,
}

/// Loads, checks and builds `data` into `out` as `phaen build` does, with the same PDF
/// settings. typst's memoized layouts live in a process-wide cache keyed by content, so a
/// rebuild lays out again only what changed; results unused for 10 rebuilds are evicted.
/// The text-layer repair keeps its work too ([`export::remember_repairs`]) and redoes only
/// the pages whose content changed, and typst reparses the generated source only where it
/// changed ([`crate::world::remember_source`]).
pub fn rebuild(data: &Path, templates: Option<&Path>, settings: &PdfSettings, out: &Path) -> Result<Rebuild, Error> {
    let start = Instant::now();
    remember(true);
    let templates = Templates::load(templates).map_err(Error::Render)?;
    // A progress file builds its report; anything else is a plan. What was loaded is kept
    // to be freed with the rest, after the PDF is written.
    let built = if crate::report::is_progress(data) {
        crate::report::build(data, &templates, settings).map(|(l, w, b)| (w, b, Box::new(l) as Box<dyn Send>))
    } else {
        crate::build(data, &templates, settings).map(|(l, w, b)| (w, b, Box::new(l) as Box<dyn Send>))
    };
    let (rebuilt, garbage) = match built {
        Ok((warnings, built, loaded)) => {
            let written = export::write_atomic(out, &built.pdf).map_err(|e| Error::Write(out.to_path_buf(), e));
            let rebuilt = written.map(|()| Rebuild { warnings, pages: built.pages, elapsed: start.elapsed() });
            (rebuilt, Some((built, loaded, templates)))
        }
        Err(e) => (Err(e), None),
    };
    // Housekeeping, off the path to the new PDF: freeing the layout and the data (a few
    // milliseconds), then typst's eviction of what the last 10 rebuilds did not use.
    std::thread::spawn(move || {
        drop(garbage);
        typst::comemo::evict(10);
    });
    rebuilt
}

/// Keeps (or lets go of) what this thread's rebuilds reuse beside typst's memos: the
/// text-layer repair's work and the generated source. [`rebuild`] turns it on.
pub fn remember(on: bool) {
    export::remember_repairs(on);
    crate::world::remember_source(on);
}

/// The modification time and size of the dataset and of the template folder's files.
fn modified(data: &Path, templates: Option<&Path>) -> Vec<Option<(SystemTime, u64)>> {
    let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| Ok((m.modified()?, m.len()))).ok();
    let mut stamps = vec![stamp(data)];
    if let Some(dir) = templates {
        stamps.extend(crate::render::TEMPLATE_FILES.iter().map(|(name, _)| stamp(&dir.join(name))));
    }
    stamps
}

/// Builds, then polls `data` (and the templates in `templates`, when given) and rebuilds
/// on every change, until the process is stopped.
pub fn watch(data: &Path, templates: Option<&Path>, settings: &PdfSettings, out: &Path) -> ! {
    let report = |r: Result<Rebuild, Error>| match r {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            println!("{} ({} pages) in {} ms", out.display(), r.pages, r.elapsed.as_millis());
        }
        Err(e) => eprintln!("{e}\nยังใช้ PDF ฉบับก่อน / keeping the last good PDF"),
    };
    report(rebuild(data, templates, settings, out));
    println!("watching {} (Ctrl-C to stop)", data.display());
    let mut seen = modified(data, templates);
    loop {
        // A stat every 5 ms costs nothing measurable and adds 2.5 ms to a rebuild on average
        // (it was 50 ms, then a fixed 20 ms wait: 45 ms of the time to a new PDF, then 10 ms).
        std::thread::sleep(Duration::from_millis(5));
        let mut now = modified(data, templates);
        if now != seen {
            // Let an editor finish writing: wait until two looks 5 ms apart agree.
            for _ in 0..20 {
                std::thread::sleep(Duration::from_millis(5));
                let again = modified(data, templates);
                if again == now {
                    break;
                }
                now = again;
            }
            seen = now;
            report(rebuild(data, templates, settings, out));
        }
    }
}
