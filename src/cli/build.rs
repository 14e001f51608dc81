//! `phaen build` and `phaen typst`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use phaen::export::PdfSettings;
use phaen::template::Templates;
use phaen::{Document, Error, Session};

use super::args::PdfArgs;
use super::output::{default_output, guard_output, print_built, print_warnings, use_cache, write};

/// Builds the dataset's PDF (and with `split`, its parts).
pub(crate) fn build(data: PathBuf, pdf: PdfArgs, split: bool) -> Result<ExitCode, Error> {
    let start = Instant::now();
    let PdfArgs { output, pdf_standard, templates, cache } = pdf;
    use_cache(&cache);
    let out = output.unwrap_or_else(|| default_output(&data, "pdf"));
    guard_output(&data, &out)?;
    let parts = split.then(|| phaen::plan::split::parts_dir(&out));
    if let Some(dir) = parts.as_ref().filter(|d| d.exists() && !d.is_dir()) {
        return Err(Error::PartsNotAFolder(dir.clone()));
    }
    let templates = Templates::load(templates.as_deref())?;
    let settings = PdfSettings { standard: pdf_standard.into(), pages: None };
    let mut session = Session::new(templates, settings.clone());
    if parts.is_some() {
        // The parts are written from the laid-out document.
        session = session.keeping_layout();
    }
    let built = session.build(&data)?;
    print_warnings(&built.warnings);
    let built = built.value;
    write(&out, &built.pdf)?;
    if let (Some(dir), Some(layout)) = (parts, &built.layout) {
        let n = phaen::pipeline::write_parts(layout, built.document.plan(), &settings, &dir)?;
        println!("{} ({n} parts)", dir.display());
    }
    print_built(&out, &built.pdf, built.pages, start);
    Ok(ExitCode::SUCCESS)
}

/// Writes the dataset's generated Typst source.
pub(crate) fn typst(data: PathBuf, output: Option<PathBuf>, templates: Option<PathBuf>) -> Result<ExitCode, Error> {
    let out = output.unwrap_or_else(|| default_output(&data, "typ"));
    guard_output(&data, &out)?;
    let templates = Templates::load(templates.as_deref())?;
    let checked = phaen::plan::load_checked(&data)?;
    print_warnings(&checked.warnings);
    let session = Session::new(templates, PdfSettings::default());
    let source = session.source(&Document::Plan(Box::new(checked.value)))?;
    write(&out, source.as_bytes())?;
    println!("{}", out.display());
    Ok(ExitCode::SUCCESS)
}
