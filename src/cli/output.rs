//! What the commands share: the dataset read when none is named, where outputs go by
//! default, the refusal to write over an input, the line-break cache's folder, and the
//! lines printed after a build.

use std::path::{Path, PathBuf};
use std::time::Instant;

use phaen::Error;
use phaen::diag::Diagnostic;

use super::args::CacheArgs;

/// The dataset named, else `plan.yaml` in the current folder (what `phaen init` writes),
/// which must then exist.
pub(crate) fn dataset(named: Option<PathBuf>) -> Result<PathBuf, Error> {
    match named {
        Some(path) => Ok(path),
        None => {
            let path = PathBuf::from(phaen::plan::STARTER_NAME);
            if path.exists() { Ok(path) } else { Err(Error::NoDataset(path)) }
        }
    }
}

/// The default output path of a dataset: `output/<dataset name>.<extension>` in the
/// dataset's own folder, so that two plans named `plan.yaml` in two folders never write
/// the same file, whatever folder phaen is started in.
pub(crate) fn default_output(data: &Path, extension: &str) -> PathBuf {
    let stem = data.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    data.parent().unwrap_or(Path::new("")).join("output").join(format!("{stem}.{extension}"))
}

/// Refuses to write over the input file.
pub(crate) fn guard_output(data: &Path, out: &Path) -> Result<(), Error> {
    let same = match (data.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error::OutputIsInput(out.to_path_buf()));
    }
    Ok(())
}

/// Refuses an output that is the input, or that exists when `--force` was not given.
pub(crate) fn may_write(input: &Path, out: &Path, force: bool) -> Result<(), Error> {
    guard_output(input, out)?;
    if out.exists() && !force {
        return Err(Error::OutputExists(out.to_path_buf()));
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    phaen::export::write_atomic(path, bytes).map_err(|source| Error::Write { path: path.to_path_buf(), source })
}

/// Keeps the line-break cache in the folder `--cache-dir` or `$PHAEN_CACHE_DIR` names
/// (empty: none), else in `$XDG_CACHE_HOME/phaen`, else in `~/.cache/phaen`.
pub(crate) fn use_cache(cache: &CacheArgs) {
    let dir = match &cache.cache_dir {
        // Empty (`--cache-dir ""`, `PHAEN_CACHE_DIR=`): no cache folder.
        Some(dir) => (!dir.is_empty()).then(|| PathBuf::from(dir)),
        None => {
            let xdg = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()).map(PathBuf::from);
            let home = || std::env::var_os("HOME").filter(|d| !d.is_empty()).map(|h| Path::new(&h).join(".cache"));
            xdg.or_else(home).map(|d| d.join("phaen"))
        }
    };
    phaen::typeset::breakcache::set_dir(dir);
}

/// Prints the diagnostics (warnings) to standard error.
pub(crate) fn print_warnings(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

/// `output/plan.pdf (102 pages, 1200 KB) in 1.40 s`
pub(crate) fn print_built(out: &Path, pdf: &[u8], pages: usize, start: Instant) {
    let kb = pdf.len().div_ceil(1024);
    println!("{} ({pages} pages, {kb} KB) in {:.2} s", out.display(), start.elapsed().as_secs_f64());
}
