//! A zip writer for the tests, which make Word files from their XML: the importer's unit
//! tests (`src/import/read/docx/zip.rs` includes this file) and the integration tests. It is
//! no part of phaen, which only reads zip archives.

use flate2::Crc;

const END_SIGNATURE: u32 = 0x0605_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;

/// Writes a zip archive, each file deflated or stored.
pub(super) fn write(files: &[(&str, &[u8], bool)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for &(name, data, deflate) in files {
        let mut crc = Crc::new();
        crc.update(data);
        let packed = if deflate {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            // Writing into a Vec cannot fail.
            e.write_all(data).expect("deflate into memory");
            e.finish().expect("deflate into memory")
        } else {
            data.to_vec()
        };
        let method: u16 = if deflate { 8 } else { 0 };
        let offset = out.len() as u32;
        let fields = |sig: u32| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if sig == CENTRAL_SIGNATURE {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]);
            h.extend(crc.sum().to_le_bytes());
            h.extend((packed.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h
        };
        out.extend(fields(LOCAL_SIGNATURE));
        out.extend(name.as_bytes());
        out.extend(&packed);
        central.extend(fields(CENTRAL_SIGNATURE));
        central.extend([0u8; 10]);
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend(&central);
    out.extend(END_SIGNATURE.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}
