//! Export stage: a laid-out document → PDF bytes → a file, written atomically.

use std::io::Write;
use std::path::Path;

use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

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

/// What to write: which PDF standard to conform to, and which pages (1-based, inclusive).
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    pub standard: Option<typst_pdf::PdfStandard>,
    pub pages: Option<std::ops::RangeInclusive<usize>>,
}

/// The PDF of a document, or of some of its pages, conforming to `settings.standard`, with
/// its Thai text layer repaired. No clock is read (the creation date is the document's),
/// so the same data give the same bytes.
pub fn pdf_with(document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, String> {
    let join = |errs: &[typst::diag::SourceDiagnostic]| {
        errs.iter()
            .map(|e| {
                let hints: String = e.hints.iter().map(|h| format!("\n  hint: {}", h.v)).collect();
                format!("pdf: {}{hints}", e.message)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let standards = match settings.standard {
        Some(s) => typst_pdf::PdfStandards::new(&[s]).map_err(|e| format!("pdf: {}", e.message()))?,
        None => typst_pdf::PdfStandards::default(),
    };
    let page_ranges = settings.pages.as_ref().map(|r| {
        let page = |n: usize| std::num::NonZeroUsize::new(n.max(1));
        typst::layout::PageRanges::new(vec![page(*r.start())..=page(*r.end())])
    });
    // typst can tag a whole document only; a page range is written untagged.
    let tagged = page_ranges.is_none();
    let options = PdfOptions { standards, page_ranges, tagged, ..PdfOptions::default() };
    let pdf = typst_pdf::pdf(document, &options).map_err(|errs| join(&errs))?;
    crate::textlayer::repair(&pdf)
}

/// Reads a `--pdf-standard` value: `a-2b` (the default), `a-2u`, `a-2a`, `a-3b`, `a-3u`,
/// `a-4`, `ua-1`, `1.7`, `2.0` or `none`.
pub fn parse_standard(s: &str) -> Result<Option<typst_pdf::PdfStandard>, String> {
    use typst_pdf::PdfStandard as S;
    Ok(Some(match s {
        "none" => return Ok(None),
        "a-2b" => S::A_2b,
        "a-2u" => S::A_2u,
        "a-2a" => S::A_2a,
        "a-3b" => S::A_3b,
        "a-3u" => S::A_3u,
        "a-4" => S::A_4,
        "ua-1" => S::Ua_1,
        "1.7" => S::V_1_7,
        "2.0" => S::V_2_0,
        _ => {
            return Err(format!(
                "unknown PDF standard {s:?}: use a-2b, a-2u, a-2a, a-3b, a-3u, a-4, ua-1, 1.7, 2.0 or none"
            ));
        }
    }))
}
