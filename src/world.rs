//! Typeset stage: a Typst [`World`] that serves one generated source and the fonts
//! embedded in the binary, and nothing else: no file system, no packages, no system
//! fonts, no clock. Kept alive between compilations, it lets typst reuse its memoized
//! layout work (watch mode).

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// The Sarabun family and a Devanagari fallback (SIL OFL 1.1; see `fonts/README.md`).
const FONT_FILES: [&[u8]; 5] = [
    include_bytes!("../fonts/Sarabun-Regular.ttf"),
    include_bytes!("../fonts/Sarabun-Bold.ttf"),
    include_bytes!("../fonts/Sarabun-Italic.ttf"),
    include_bytes!("../fonts/Sarabun-BoldItalic.ttf"),
    include_bytes!("../fonts/Lohit-Devanagari.ttf"),
];

static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    let book = FontBook::from_fonts(&fonts);
    (LazyHash::new(book), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// True when the embedded fonts draw `c`, or it needs no drawing: white space and the
/// Unicode default-ignorable characters (ZWSP, ZWJ, …), which typst lays out without a
/// glyph. Anything else typst would draw as a missing glyph, which PDF/A refuses, so
/// validation reports it at its field.
pub(crate) fn drawable(c: char) -> bool {
    COVERED.binary_search(&u32::from(c)).is_ok() || c.is_whitespace() || typst::text::is_default_ignorable(c)
}

/// Every code point some embedded font covers, sorted. Validation asks [`drawable`] for
/// every character of the dataset, and typst's `Coverage::contains` walks a font's runs
/// one by one: asked font by font, that was three quarters of the checks' time.
static COVERED: LazyLock<Vec<u32>> = LazyLock::new(|| {
    let mut all: Vec<u32> = FONTS.1.iter().flat_map(|font| font.info().coverage.iter()).collect();
    all.sort_unstable();
    all.dedup();
    all
});

/// Checks that typst can decode an image served at `vpath` (its extension gives the
/// format), so that a bad emblem is reported at its field instead of failing the layout.
pub(crate) fn decodes(vpath: &str, bytes: &[u8]) -> Result<(), String> {
    use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};
    let bytes = Bytes::new(bytes.to_vec());
    let raster = |format| RasterImage::plain(bytes.clone(), format).map(drop).map_err(|e| e.to_string());
    match vpath.rsplit('.').next() {
        Some("png") => raster(ExchangeFormat::Png),
        Some("jpg" | "jpeg") => raster(ExchangeFormat::Jpg),
        Some("svg") => SvgImage::new(bytes.clone()).map(drop).map_err(|e| format!("{e:?}")),
        _ => Err(format!("unknown image type {vpath}")),
    }
}

/// The world of one document.
pub struct PlanWorld {
    main: Source,
    /// Files the document may read, put here by phaen (the cover's emblem), by
    /// virtual path. The dataset never names a path that typst sees.
    assets: Vec<(FileId, Bytes)>,
}

thread_local! {
    /// The last generated source, for `phaen watch`'s rebuilds (`None` when not kept; `Some(None)`
    /// before the first). One per thread, as the repair memo is (see `export::remember_repairs`).
    static LAST_SOURCE: std::cell::RefCell<Option<Option<Source>>> = const { std::cell::RefCell::new(None) };
}

/// Keeps (or lets go of) the generated source between the worlds this thread makes, so that
/// a rebuild's source is reparsed only where it changed. Its layout is the same either way.
pub(crate) fn remember_source(on: bool) {
    LAST_SOURCE.with_borrow_mut(|last| match (on, last.is_some()) {
        (true, false) => *last = Some(None),
        (false, _) => *last = None,
        (true, true) => {}
    });
}

fn file_id(vpath: &str) -> FileId {
    FileId::new(RootedPath::new(VirtualRoot::Project, VirtualPath::new(vpath).expect("valid virtual path")))
}

impl PlanWorld {
    /// The world of a generated source. When [`remember_source`] is on for this thread, the
    /// last source is edited into this one (typst reparses only what changed) instead of
    /// being parsed whole.
    pub fn new(source: String) -> Self {
        let main = LAST_SOURCE.with_borrow_mut(|last| match last {
            Some(Some(last)) => {
                last.replace(&source);
                last.clone()
            }
            Some(None) => {
                let main = Source::new(file_id("plan.typ"), source);
                *last = Some(Some(main.clone()));
                main
            }
            None => Source::new(file_id("plan.typ"), source),
        });
        Self { main, assets: Vec::new() }
    }

    /// Serves `bytes` at the virtual path `vpath` (e.g. `/emblem.png`).
    pub fn add_asset(&mut self, vpath: &str, bytes: Vec<u8>) {
        let id = file_id(vpath);
        self.assets.retain(|(i, _)| *i != id);
        self.assets.push((id, Bytes::new(bytes)));
    }

    pub fn source_text(&self) -> &str {
        self.main.text()
    }

    /// Lays the document out, with the line breaks that [`crate::breakcache`] holds.
    pub fn compile(&self) -> Result<PagedDocument, String> {
        crate::breakcache::install();
        typst::compile::<PagedDocument>(self).output.map_err(|errs| self.explain(&errs))
    }

    /// Turns typst's diagnostics into text that names the generated line.
    pub fn explain(&self, errs: &[SourceDiagnostic]) -> String {
        errs.iter()
            .map(|e| {
                let line = self.range(e.span).and_then(|r| self.main.lines().byte_to_line(r.start));
                let mut s = format!("typst: {}", e.message);
                if let Some(l) = line {
                    s.push_str(&format!(" (generated source line {})", l + 1));
                }
                for h in &e.hints {
                    s.push_str(&format!("\n  hint: {}", h.v));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        self.assets.iter().find(|(i, _)| *i == id).map(|(_, b)| b.clone()).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same data must give the same bytes.
        None
    }
}

#[cfg(test)]
mod tests {
    /// The sorted table answers as the fonts' own coverage does, for the scripts a plan
    /// is written in and the code points beside them.
    #[test]
    fn drawable_agrees_with_the_fonts_coverage() {
        let by_font = |c: char| super::FONTS.1.iter().any(|font| font.info().coverage.contains(u32::from(c)));
        for c in (0..0x3000).chain(0xfff0..0x1_0000).chain(0x1f600..0x1f610).filter_map(char::from_u32) {
            let expected = by_font(c) || c.is_whitespace() || typst::text::is_default_ignorable(c);
            assert_eq!(super::drawable(c), expected, "U+{:04X}", u32::from(c));
        }
        assert!(super::drawable('ก') && super::drawable('ำ') && !super::drawable('😀'));
    }
}
