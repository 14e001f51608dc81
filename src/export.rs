//! Export stage: a laid-out document → PDF bytes → a file, written atomically.

use std::io::Write;
use std::path::Path;

use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// The PDF of a document. No timestamp is written, so the same data give the same bytes.
pub fn pdf(document: &PagedDocument) -> Result<Vec<u8>, String> {
    let pdf = typst_pdf::pdf(document, &PdfOptions::default())
        .map_err(|errs| errs.iter().map(|e| format!("pdf: {}", e.message)).collect::<Vec<_>>().join("\n"))?;
    crate::textlayer::repair(&pdf)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// that `path` holds either its old content or the new one, never a torn file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".phaen-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
