//! `phaen import`.

use std::path::PathBuf;
use std::process::ExitCode;

use phaen::Error;
use phaen::diag::Severity;
use phaen::import::{self, ImportError};

use super::output::{may_write, print_warnings, write};

/// Reads a plan's PDF, Word file or text and writes its dataset, or writes nothing and
/// names every part it could not place.
pub(crate) fn import(
    text: PathBuf,
    output: Option<PathBuf>,
    force: bool,
    text_out: Option<PathBuf>,
) -> Result<ExitCode, Error> {
    let out = output.unwrap_or_else(|| {
        let stem = text.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from("data").join(format!("{stem}.yaml"))
    });
    may_write(&text, &out, force)?;
    if let Some(path) = &text_out {
        may_write(&text, path, force)?;
    }
    let input = phaen::yaml::read_bounded(&text, import::MAX_INPUT_BYTES)
        .map_err(|source| Error::Read { path: text.clone(), source })?
        .map_err(|_| Error::TooLarge { path: text.clone(), limit: import::MAX_INPUT_BYTES })?;
    let failed = |source: ImportError| Error::Import { path: text.clone(), source: Box::new(source) };
    let read = import::source_text(&input).map_err(failed)?;
    if let Some(path) = &text_out {
        write(path, read.as_bytes())?;
    }
    let imported = match import::import_text(&read) {
        Ok(imported) => imported,
        Err(ImportError::NotAll(lost)) => {
            print_warnings(&import::diagnostics(&text, &read, &lost, Severity::Error));
            return Err(Error::NotAllImported { path: text.clone(), lost: lost.len() });
        }
        Err(e) => return Err(failed(e)),
    };
    print_warnings(&import::diagnostics(&text, &read, &imported.warnings, Severity::Warning));
    let yaml = phaen::plan::write::to_yaml(&imported.plan);
    write(&out, yaml.as_bytes())?;
    println!(
        "{} ({} rows, {} sheets, {} warning(s))",
        out.display(),
        imported.plan.rows.len(),
        imported.plan.sheets.len(),
        imported.warnings.len()
    );
    Ok(ExitCode::SUCCESS)
}
