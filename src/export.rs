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

/// The PDF standards `--pdf-standard` offers (clap lists and checks them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2b, archival: the default.
    #[default]
    #[value(name = "a-2b")]
    A2b,
    #[value(name = "a-2u")]
    A2u,
    #[value(name = "a-2a")]
    A2a,
    #[value(name = "a-3b")]
    A3b,
    #[value(name = "a-3u")]
    A3u,
    #[value(name = "a-4")]
    A4,
    /// PDF/UA-1, tagged and accessible.
    #[value(name = "ua-1")]
    Ua1,
    #[value(name = "1.7")]
    V1_7,
    #[value(name = "2.0")]
    V2_0,
    /// Plain PDF, no standard.
    #[value(name = "none")]
    None,
}

impl Standard {
    fn typst(self) -> Option<typst_pdf::PdfStandard> {
        use typst_pdf::PdfStandard as S;
        Some(match self {
            Standard::A2b => S::A_2b,
            Standard::A2u => S::A_2u,
            Standard::A2a => S::A_2a,
            Standard::A3b => S::A_3b,
            Standard::A3u => S::A_3u,
            Standard::A4 => S::A_4,
            Standard::Ua1 => S::Ua_1,
            Standard::V1_7 => S::V_1_7,
            Standard::V2_0 => S::V_2_0,
            Standard::None => return None,
        })
    }
}

/// What to write: which PDF standard to conform to (PDF/A-2b unless told otherwise, as
/// `phaen build` writes), and which pages (1-based, inclusive).
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    pub standard: Standard,
    pub pages: Option<std::ops::RangeInclusive<usize>>,
}

/// The PDF of a document, or of some of its pages, conforming to `settings.standard`, with
/// its Thai text layer repaired. No clock is read (the creation date is the document's),
/// so the same data give the same bytes.
pub(crate) fn pdf_with(document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, String> {
    let join = |errs: &[typst::diag::SourceDiagnostic]| {
        errs.iter()
            .map(|e| {
                let hints: String = e.hints.iter().map(|h| format!("\n  hint: {}", h.v)).collect();
                format!("pdf: {}{hints}", e.message)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let standards = match settings.standard.typst() {
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
