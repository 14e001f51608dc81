//! `/ToUnicode` CMaps: krilla's, read; the repaired ones, written.

use std::collections::BTreeMap;

use lopdf::Encoding;
use rustc_hash::FxHashMap;

/// A font's `/ToUnicode` map as lopdf reads it: code → text.
pub(crate) fn read(encoding: &Encoding) -> Option<FxHashMap<u16, String>> {
    let Encoding::UnicodeMapEncoding(cmap) = encoding else {
        return None;
    };
    let map = cmap.bf_ranges[1]
        .iter()
        .flat_map(|(range, _)| range.clone())
        .filter_map(|code| {
            let text = String::from_utf16(&cmap.get(code, 2)?).ok()?;
            Some((u16::try_from(code).ok()?, text))
        })
        .collect();
    Some(map)
}

/// A `/ToUnicode` CMap (ISO 32000-1, 9.10.3) of two-byte codes. A code mapped to the empty
/// text is written with an empty destination (`<0001> <>`): the glyph is drawn but reads as
/// nothing (see the crate's README for how each reader takes it).
pub(crate) fn write(entries: &BTreeMap<u16, String>) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = entries.iter().collect();
    // At most 100 entries per block.
    for block in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", block.len()));
        for (code, text) in block {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            out.push_str(&format!("<{code:04X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cmap_reads_back_what_was_written() {
        let silent = String::from_utf8(write(&BTreeMap::from([(0x2060, String::new())]))).unwrap();
        assert!(silent.contains("1 beginbfchar\n<2060> <>\nendbfchar"), "{silent}");
        // (lopdf cannot read an empty destination back.)
        let entries = BTreeMap::from([(1, "ก".to_string()), (7, "ำ".to_string())]);
        let written = write(&entries);
        let text = String::from_utf8(written.clone()).unwrap();
        assert!(text.contains("<0007> <0E33>\n"), "{text}");
        let mut doc = lopdf::Document::with_version("1.7");
        let cmap = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), written));
        let mut font = lopdf::Dictionary::new();
        font.set("Type", "Font");
        font.set("Subtype", "Type0");
        font.set("Encoding", "Identity-H");
        font.set("ToUnicode", cmap);
        let read = read(&font.get_font_encoding(&doc).unwrap()).unwrap();
        assert_eq!(read.get(&1).map(String::as_str), Some("ก"));
        assert_eq!(read.get(&7).map(String::as_str), Some("ำ"));
    }
}
