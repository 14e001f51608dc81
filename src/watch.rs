//! `phaen watch`: build, then rebuild whenever the dataset changes.
//!
//! One [`PlanWorld`] lives for the whole session, so typst reuses the layout of every
//! sheet an edit did not touch; results unused for a few rebuilds are evicted with
//! `typst::comemo::evict`. On an error the diagnostics are printed and the last good PDF
//! stays where it is.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::world::PlanWorld;
use crate::{Error, export, load_checked, typeset, typst_source};

/// The outcome of one (re)build.
pub struct Rebuild {
    pub warnings: Vec<crate::diag::Diagnostic>,
    pub pages: usize,
    pub elapsed: Duration,
}

/// A watch session: the world that outlives each rebuild.
pub struct Session {
    world: Option<PlanWorld>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    pub fn new() -> Self {
        Self { world: None }
    }

    /// Loads, checks and builds `data` into `out`, reusing what typst memoized before.
    pub fn rebuild(&mut self, data: &Path, out: &Path) -> Result<Rebuild, Error> {
        let start = Instant::now();
        let (loaded, warnings) = load_checked(data)?;
        let source = typst_source(&loaded.plan)?;
        let world = match &mut self.world {
            Some(w) => {
                w.set_source(source);
                w
            }
            none => none.insert(PlanWorld::new(source)),
        };
        let built = typeset(world);
        typst::comemo::evict(10);
        let built = built?;
        export::write_atomic(out, &built.pdf).map_err(|e| Error::Write(out.to_path_buf(), e))?;
        Ok(Rebuild { warnings, pages: built.pages, elapsed: start.elapsed() })
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Builds, then polls `data` and rebuilds on every change, until the process is stopped.
pub fn watch(data: &Path, out: &Path) -> ! {
    let mut session = Session::new();
    let report = |r: Result<Rebuild, Error>| match r {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            println!("{} ({} pages) in {} ms", out.display(), r.pages, r.elapsed.as_millis())
        }
        Err(e) => eprintln!("{e}\nยังใช้ PDF ฉบับก่อน / keeping the last good PDF"),
    };
    report(session.rebuild(data, out));
    println!("watching {} (Ctrl-C to stop)", data.display());
    let mut seen = modified(data);
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = modified(data);
        if now != seen {
            seen = now;
            // Let an editor finish writing the file.
            std::thread::sleep(Duration::from_millis(30));
            report(session.rebuild(data, out));
        }
    }
}
