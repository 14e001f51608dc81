//! `/ToUnicode` CMaps: krilla's, read; the repaired ones, written.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::lex::{self, Item, Operand};

/// A `/ToUnicode` CMap read: code (of one or two bytes) → text (`bfchar` and `bfrange` entries). `None`
/// if it is not CMap syntax.
///
/// (lopdf reads the maps krilla writes wrongly: it merges two neighbouring codes mapped to
/// the same text into a range, whose second code then reads as the text with its last
/// character incremented, `ถิ่` as `ถิ้`; and it cannot read an empty destination.)
pub(crate) fn read(cmap: &[u8]) -> Option<FxHashMap<u16, String>> {
    let mut map = FxHashMap::default();
    let utf16 =
        |bytes: &[u8]| -> Vec<u16> { bytes.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect() };
    // Two-byte codes (Type0 fonts) or one-byte codes (simple fonts, as Word writes them).
    let code = |bytes: &[u8]| -> Option<u16> {
        match *bytes {
            [b] => Some(u16::from(b)),
            [hi, lo] => Some(u16::from_be_bytes([hi, lo])),
            _ => None,
        }
    };
    lex::scan(cmap, |op| {
        let strings = |o: &Operand| match o {
            Operand::String(s) => Some(op.bytes(s)),
            _ => None,
        };
        match op.operator {
            b"endbfchar" => {
                for pair in op.operands.chunks_exact(2) {
                    if let (Some(src), Some(dst)) = (strings(&pair[0]).and_then(code), strings(&pair[1])) {
                        map.insert(src, String::from_utf16_lossy(&utf16(dst)));
                    }
                }
            }
            b"endbfrange" => {
                let mut i = 0;
                while i + 3 <= op.operands.len() {
                    let (Some(lo), Some(hi)) =
                        (strings(&op.operands[i]).and_then(code), strings(&op.operands[i + 1]).and_then(code))
                    else {
                        break;
                    };
                    match &op.operands[i + 2] {
                        // One destination: its last unit goes up by one from code to code.
                        Operand::String(s) => {
                            let base = utf16(op.bytes(s));
                            for (k, c) in (lo..=hi).enumerate() {
                                let mut text = base.clone();
                                if let Some(last) = text.last_mut() {
                                    *last = last.wrapping_add(k as u16);
                                }
                                map.insert(c, String::from_utf16_lossy(&text));
                            }
                        }
                        // One destination per code.
                        Operand::Array(items) => {
                            for (c, item) in (lo..=hi).zip(&op.items[items.clone()]) {
                                if let Item::String(s) = item {
                                    map.insert(c, String::from_utf16_lossy(&utf16(op.bytes(s))));
                                }
                            }
                        }
                        _ => break,
                    }
                    i += 3;
                }
            }
            _ => {}
        }
    })
    .ok()?;
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
        let entries = BTreeMap::from([(1, "ก".to_string()), (7, "ำ".to_string()), (0x2060, String::new())]);
        let written = write(&entries);
        let text = String::from_utf8(written.clone()).unwrap();
        assert!(text.contains("<2060> <>\n"), "{text}");
        let read = read(&written).unwrap();
        assert_eq!(read.into_iter().collect::<BTreeMap<_, _>>(), entries);
    }

    #[test]
    fn neighbouring_codes_of_one_text_keep_it() {
        // As krilla writes them: two glyphs first seen in the same cluster.
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            /CIDSystemInfo 3 dict dup begin /Registry (Adobe) def /Ordering (Identity) def end def\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar\n<0034> <0E160E340E48>\n<0035> <0E160E340E48>\nendbfchar\n\
            2 beginbfrange\n<0040> <0042> <0E01>\n<0050> <0051> [<0E220E48> <0E23>]\nendbfrange\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let map = read(cmap).unwrap();
        assert_eq!(map[&0x34], "ถิ่");
        assert_eq!(map[&0x35], "ถิ่");
        assert_eq!((map[&0x40].as_str(), map[&0x42].as_str()), ("ก", "ฃ"));
        assert_eq!((map[&0x50].as_str(), map[&0x51].as_str()), ("ย่", "ร"));
    }
}
