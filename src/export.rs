//! Export stage: a laid-out document → PDF bytes → a file, written atomically.

use std::io::Write;
use std::path::Path;

use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// that `path` holds either its old content or the new one, never a torn file.
///
/// The file keeps the mode a user expects: that of the file it replaces, or the usual one
/// for a new file (0666 less the umask), not the temporary file's private 0600. A
/// temporary file that a killed build left behind (`.phaen-*.tmp`, over ten minutes old)
/// is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    remove_stale(dir);
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

const TMP_PREFIX: &str = ".phaen-";
const TMP_SUFFIX: &str = ".tmp";

/// Removes phaen's temporary files in `dir` older than ten minutes: a build writes its
/// file in well under a minute, so an older one was left by a killed process.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = || {
            entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok())
                > Some(std::time::Duration::from_secs(600))
        };
        if name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX) && old() {
            std::fs::remove_file(entry.path()).ok();
        }
    }
}

/// The PDF standards a document can be written to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Standard {
    /// PDF/A-2b, archival: the default.
    #[default]
    A2b,
    /// PDF/A-2u.
    A2u,
    /// PDF/A-2a.
    A2a,
    /// PDF/A-3b.
    A3b,
    /// PDF/A-3u.
    A3u,
    /// PDF/A-4.
    A4,
    /// PDF/UA-1, tagged and accessible.
    Ua1,
    /// PDF 1.7.
    V1_7,
    /// PDF 2.0.
    V2_0,
    /// Plain PDF, no standard.
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
    /// The standard to conform to.
    pub standard: Standard,
    /// The pages to write (1-based, inclusive); all when `None`.
    pub pages: Option<std::ops::RangeInclusive<usize>>,
}

/// The PDF of a document, or of some of its pages, conforming to `settings.standard`, with
/// its Thai text layer repaired. No clock is read (the creation date is the document's),
/// so the same data give the same bytes.
pub fn pdf_with(document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, String> {
    repair(&typst_pdf_bytes(document, settings)?, None)
}

/// The Thai text layer of typst-pdf's output repaired (see `crates/textlayer`), reusing
/// the work `memo` kept of the last repair for the pages that did not change, when given.
/// The bytes are the same either way.
pub fn repair(pdf: &[u8], memo: Option<&mut textlayer::Memo>) -> Result<Vec<u8>, String> {
    match memo {
        Some(memo) => memo.repair(pdf),
        None => textlayer::repair(pdf),
    }
    .map_err(|e| e.to_string())
}

/// typst-pdf's output, before the text-layer repair.
pub fn typst_pdf_bytes(document: &PagedDocument, settings: &PdfSettings) -> Result<Vec<u8>, String> {
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
    typst_pdf::pdf(document, &options).map_err(|errs| join(&errs))
}

/// Page `index` (0-based) of a laid-out document as an SVG image, drawn by typst's own SVG
/// exporter (text as glyph outlines, so no font is needed to show it).
pub fn page_svg(document: &PagedDocument, index: usize) -> Option<String> {
    let page = document.pages().get(index)?;
    Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
}

/// A fingerprint of each page's laid-out content: equal when a page looks the same, so an
/// editor re-draws only the pages whose fingerprint changed.
pub fn page_hashes(document: &PagedDocument) -> Vec<u128> {
    document.pages().iter().map(|page| typst::utils::hash128(&page.frame)).collect()
}
