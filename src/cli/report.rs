//! `phaen report`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use phaen::export::PdfSettings;
use phaen::template::Templates;
use phaen::{Document, Error, Session};

use super::args::PdfArgs;
use super::output::{default_output, guard_output, print_built, print_warnings, use_cache, write};

/// Builds the report of a progress file.
pub(crate) fn report(progress: PathBuf, pdf: PdfArgs) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let PdfArgs { output, pdf_standard, templates, cache } = pdf;
    use_cache(&cache);
    let out = output.unwrap_or_else(|| default_output(&progress, "pdf"));
    guard_output(&progress, &out)?;
    let templates = Templates::load(templates.as_deref())?;
    if !Document::is_progress(&progress) {
        // Not a progress file: read as one, it says why.
        phaen::report::load_checked(&progress)?;
    }
    let mut session = Session::new(templates, PdfSettings { standard: pdf_standard.into(), pages: None });
    let built = session.build(&progress)?;
    print_warnings(&built.warnings);
    write(&out, &built.value.pdf)?;
    print_built(&out, &built.value.pdf, built.value.pages, start);
    Ok(ExitCode::SUCCESS)
}
