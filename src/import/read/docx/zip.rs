//! The few parts of a zip archive that a `.docx` reader needs.
//!
//! Why not the `zip` crate: with its default features off and only deflate on, `zip` 9
//! still brings seven crates new to the build (`nix`, `getrandom`/`js-sys`, `zeroize`,
//! `constant_time_eq`, `typed-path`, …) for encryption and extraction to disk, none of
//! which a `.docx` needs. What is needed is small: find a named entry in the central
//! directory and inflate it (stored or deflated, the only methods Word and LibreOffice
//! write), bounded, with its CRC checked. `flate2` (already built for typst) does the
//! inflating and the CRC. ZIP64, encryption and other methods are refused with a message.

use std::io::Read;

use flate2::Crc;
use flate2::read::DeflateDecoder;

/// One file of the archive, as its central directory describes it.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    method: u16,
    encrypted: bool,
    crc: u32,
    compressed: u64,
    uncompressed: u64,
    local_header: u64,
}

/// A zip archive held in memory, its central directory read.
#[derive(Debug)]
pub(crate) struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

const END_SIGNATURE: u32 = 0x0605_4b50;
const CENTRAL_SIGNATURE: u32 = 0x0201_4b50;
const LOCAL_SIGNATURE: u32 = 0x0403_4b50;
/// The end record is 22 bytes plus a comment of at most 65535.
const END_RECORD: usize = 22;
const MAX_COMMENT: usize = 0xFFFF;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

impl<'a> Archive<'a> {
    /// Reads the central directory. A file cut short loses its end record first, so a
    /// truncated `.docx` fails here.
    pub(crate) fn new(bytes: &'a [u8]) -> Result<Archive<'a>, String> {
        let end =
            Self::end_record(bytes).ok_or("the zip archive is incomplete (no end of central directory: truncated?)")?;
        let count = u16_at(bytes, end + 10).unwrap_or_default();
        let size = u32_at(bytes, end + 12).unwrap_or_default();
        let offset = u32_at(bytes, end + 16).unwrap_or_default();
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            return Err("ZIP64 archives are not supported (a .docx is far smaller)".into());
        }
        let mut entries = Vec::with_capacity(usize::from(count));
        let mut at = offset as usize;
        for _ in 0..count {
            let (entry, next) = Self::central_entry(bytes, at).ok_or("the zip central directory is damaged")?;
            entries.push(entry);
            at = next;
        }
        Ok(Archive { bytes, entries })
    }

    /// The offset of the end-of-central-directory record: searched backwards, since a
    /// comment of any length may follow it.
    fn end_record(bytes: &[u8]) -> Option<usize> {
        let last = bytes.len().checked_sub(END_RECORD)?;
        let first = last.saturating_sub(MAX_COMMENT);
        (first..=last).rev().find(|&at| u32_at(bytes, at) == Some(END_SIGNATURE))
    }

    /// The central directory entry at `at` and the offset of the next one.
    fn central_entry(b: &[u8], at: usize) -> Option<(Entry, usize)> {
        if u32_at(b, at)? != CENTRAL_SIGNATURE {
            return None;
        }
        let name_len = usize::from(u16_at(b, at + 28)?);
        let extra_len = usize::from(u16_at(b, at + 30)?);
        let comment_len = usize::from(u16_at(b, at + 32)?);
        let name = b.get(at + 46..at + 46 + name_len)?;
        let entry = Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method: u16_at(b, at + 10)?,
            encrypted: u16_at(b, at + 8)? & 1 != 0,
            crc: u32_at(b, at + 16)?,
            compressed: u64::from(u32_at(b, at + 20)?),
            uncompressed: u64::from(u32_at(b, at + 24)?),
            local_header: u64::from(u32_at(b, at + 42)?),
        };
        Some((entry, at + 46 + name_len + extra_len + comment_len))
    }

    /// Whether the archive has a file of that name.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// The contents of the file `name`, or `None` when there is none. At most `limit`
    /// bytes are inflated, whatever the directory claims: a zip bomb is refused, not
    /// expanded.
    pub(crate) fn read(&self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
        let Some(entry) = self.entries.iter().find(|e| e.name == name) else {
            return Ok(None);
        };
        if entry.encrypted {
            return Err(format!("{name} is encrypted"));
        }
        if entry.uncompressed > limit {
            return Err(too_large(name, limit));
        }
        let data = self.data(entry).ok_or_else(|| format!("{name}: the archive is cut short or damaged"))?;
        let mut out = Vec::new();
        let read = match entry.method {
            0 => data.take(limit + 1).read_to_end(&mut out),
            8 => DeflateDecoder::new(data).take(limit + 1).read_to_end(&mut out),
            m => return Err(format!("{name} is compressed with method {m}; only stored and deflate are read")),
        };
        read.map_err(|e| format!("{name}: the compressed data is damaged ({e})"))?;
        if out.len() as u64 > limit {
            return Err(too_large(name, limit));
        }
        let mut crc = Crc::new();
        crc.update(&out);
        if out.len() as u64 != entry.uncompressed || crc.sum() != entry.crc {
            return Err(format!("{name}: the data does not match its checksum (damaged or truncated)"));
        }
        Ok(Some(out))
    }

    /// The compressed bytes of an entry, after its local header.
    fn data(&self, entry: &Entry) -> Option<&'a [u8]> {
        let at = usize::try_from(entry.local_header).ok()?;
        if u32_at(self.bytes, at)? != LOCAL_SIGNATURE {
            return None;
        }
        let name_len = usize::from(u16_at(self.bytes, at + 26)?);
        let extra_len = usize::from(u16_at(self.bytes, at + 28)?);
        let start = at + 30 + name_len + extra_len;
        let end = start.checked_add(usize::try_from(entry.compressed).ok()?)?;
        self.bytes.get(start..end)
    }
}

fn too_large(name: &str, limit: u64) -> String {
    format!("{name} would be larger than {} MB uncompressed; refused", limit >> 20)
}

#[cfg(test)]
#[path = "../../../../tests/it/zip.rs"]
mod writer;

#[cfg(test)]
mod tests {
    use super::writer::write;
    use super::*;

    #[test]
    fn reads_stored_and_deflated_files() {
        let zip = write(&[("a.txt", b"stored", false), ("b/c.xml", b"<x>deflated deflated</x>", true)]);
        let archive = Archive::new(&zip).unwrap();
        assert!(archive.contains("b/c.xml"));
        assert_eq!(archive.read("a.txt", 100).unwrap().unwrap(), b"stored");
        assert_eq!(archive.read("b/c.xml", 100).unwrap().unwrap(), b"<x>deflated deflated</x>");
        assert_eq!(archive.read("missing", 100).unwrap(), None);
    }

    #[test]
    fn a_bomb_is_refused_before_it_is_inflated() {
        let zeros = vec![0u8; 4 << 20];
        let zip = write(&[("big", &zeros, true)]);
        let archive = Archive::new(&zip).unwrap();
        assert!(archive.read("big", 1 << 20).unwrap_err().contains("larger than 1 MB"));
        // The directory lying about the size does not help: inflating stops at the limit.
        let mut lying = zip.clone();
        let central = lying.len() - 22 - (46 + 3);
        lying[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
        let archive = Archive::new(&lying).unwrap();
        assert!(archive.read("big", 1 << 20).unwrap_err().contains("larger than 1 MB"));
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let zip = write(&[("a.xml", b"<a>some text some text some text</a>", true)]);
        for cut in 0..zip.len() {
            if let Ok(archive) = Archive::new(&zip[..cut]) {
                let _ = archive.read("a.xml", 1000);
            }
        }
        for i in 0..zip.len() {
            let mut bad = zip.clone();
            bad[i] ^= 0x55;
            if let Ok(archive) = Archive::new(&bad) {
                let _ = archive.read("a.xml", 1000);
            }
        }
        assert!(Archive::new(&zip[..zip.len() - 1]).is_err());
    }
}
