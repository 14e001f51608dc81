//! What the binary carries and every layer shares: the embedded fonts (and which
//! characters they draw), the built-in templates, and the rules for the images a document
//! shows (the cover's emblem).

use std::path::Path;
use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The Sarabun family and a Devanagari fallback (SIL OFL 1.1; see `fonts/README.md`).
const FONT_FILES: [&[u8]; 5] = [
    include_bytes!("../fonts/Sarabun-Regular.ttf"),
    include_bytes!("../fonts/Sarabun-Bold.ttf"),
    include_bytes!("../fonts/Sarabun-Italic.ttf"),
    include_bytes!("../fonts/Sarabun-BoldItalic.ttf"),
    include_bytes!("../fonts/Lohit-Devanagari.ttf"),
];

/// The embedded fonts, and typst's book of them.
pub(crate) static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    let book = FontBook::from_fonts(&fonts);
    (LazyHash::new(book), fonts)
});

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

/// The template files, in the order a folder given with `--templates` is read: the static
/// Typst preamble (page setup and the document's functions, no data in it) first, then the
/// minijinja templates. All are embedded, so that the binary is self-contained.
pub const TEMPLATE_FILES: [(&str, &str); 5] = [
    ("style.typ", include_str!("../templates/style.typ")),
    ("plan.typ.j2", include_str!("../templates/plan.typ.j2")),
    ("table.typ.j2", include_str!("../templates/table.typ.j2")),
    ("sheet.typ.j2", include_str!("../templates/sheet.typ.j2")),
    ("report.typ.j2", include_str!("../templates/report.typ.j2")),
];

/// The virtual path the cover's emblem `file_name` is served at (`/emblem.png`): a fixed
/// name and the file's extension, never a path from the data; `None` when it is not an
/// image type a document shows.
pub(crate) fn emblem_vpath(file_name: &str) -> Option<String> {
    let ext = Path::new(file_name).extension()?.to_str()?.to_ascii_lowercase();
    matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "svg").then(|| format!("/emblem.{ext}"))
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
