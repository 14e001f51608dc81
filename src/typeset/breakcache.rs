//! The line break opportunities of every text typst lays out, computed once per distinct
//! text and kept: in memory for the rest of the process (every paragraph of a build, every
//! rebuild of `phaen watch`) and on disk for the next process.
//!
//! typst-layout asks ICU4X's line segmenter for the break opportunities of a paragraph each
//! time it lays it out (twice per layout: its approximate pass, then its exact one), and for
//! Thai the segmenter runs an LSTM model: 1.6 s of the 2.6 s of CPU that building the
//! 102-page plan took on a 2-core machine, for 4,578 calls on 1,296 distinct texts. With
//! this store a build with an empty cache segments each text once (1.7 s of CPU, 0.96 s
//! wall instead of 1.43 s) and one with a warm cache not at all (1.0 s, 0.60 s wall). The
//! patched typst-layout (`vendor/typst-layout`,
//! see its `PATCH.md`) asks an installed [`BreakStore`] first and offers it what it
//! computed; this module is that store. It holds exactly what the segmenter yields for a
//! text, so a hit lays out the same lines as a miss: `tests/it/breaks.rs` compares every
//! line of the plan laid out with and without the store.
//!
//! The file (`linebreaks.bin` in the cache folder the command line names, `--cache-dir`) is one checksummed
//! blob: a file that is truncated, corrupt or of another version is ignored and replaced at
//! the next save. It is written to a temporary file and renamed, after merging what another
//! process saved meanwhile, so concurrent builds never see a torn file; the one that renames
//! last may drop the other's new entries, which only costs that text one more segmentation.
//! It is bounded: the entries used longest ago go first.

use std::collections::hash_map::Entry;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, LazyLock, Mutex, RwLock};

use rustc_hash::FxHashMap;
use typst::utils::hash128;
use typst_layout::{BreakStore, SegmenterKind};

/// What the entries depend on: the file's layout, the segmenter that computed them and its
/// models. `versions_match_the_lock` (below) fails when Cargo.lock moves any of these.
const VERSION: &str = "phaen linebreaks 1; typst-layout 0.15.1; icu_segmenter 2.4.0; icu_segmenter_data 2.4.0";

/// The file's first bytes.
const MAGIC: &[u8; 8] = b"PHNBRK\r\n";

/// The file's name in the cache folder.
const FILE: &str = "linebreaks.bin";

/// The most the file holds, encoded. The 2567 plan needs 60 KB (1,300 texts), so this keeps
/// some 60 plans of that size.
const MAX_FILE_BYTES: usize = 4 << 20;

/// The most break opportunities kept in memory (8 bytes each): about what the file holds.
const MAX_BREAKS_IN_MEMORY: usize = 2_000_000;

struct Stored {
    breaks: Arc<[usize]>,
    /// The generation (build) that last used it.
    used: AtomicU32,
}

/// The store: a map from the hash of (segmenter, text) to the text's break opportunities.
pub struct Store {
    map: RwLock<FxHashMap<u128, Stored>>,
    /// When false, the store neither answers nor keeps anything: typst segments every text,
    /// as it does unpatched.
    enabled: AtomicBool,
    /// Incremented by every build; entries remember the last one that used them.
    generation: AtomicU32,
    /// Whether entries were added since the last save.
    dirty: AtomicBool,
    hits: AtomicUsize,
    misses: AtomicUsize,
    disk: Mutex<Disk>,
}

#[derive(Default)]
struct Disk {
    dir: Option<PathBuf>,
    /// Whether the file in `dir` was read into memory.
    loaded: bool,
}

static STORE: LazyLock<Store> = LazyLock::new(|| Store {
    map: RwLock::default(),
    enabled: AtomicBool::new(true),
    generation: AtomicU32::new(0),
    dirty: AtomicBool::new(false),
    hits: AtomicUsize::new(0),
    misses: AtomicUsize::new(0),
    disk: Mutex::default(),
});

fn key(kind: SegmenterKind, text: &str) -> u128 {
    let kind: u8 = match kind {
        SegmenterKind::Lstm => 0,
        SegmenterKind::ChineseJapanese => 1,
        _ => 2,
    };
    hash128(&(kind, text))
}

impl BreakStore for Store {
    fn get(&self, kind: SegmenterKind, text: &str) -> Option<Arc<[usize]>> {
        if !self.enabled.load(Relaxed) {
            return None;
        }
        let map = self.map.read().unwrap_or_else(|e| e.into_inner());
        let found = map.get(&key(kind, text)).filter(|e| fits(&e.breaks, text));
        match found {
            Some(e) => {
                e.used.store(self.generation.load(Relaxed), Relaxed);
                self.hits.fetch_add(1, Relaxed);
                Some(e.breaks.clone())
            }
            None => {
                self.misses.fetch_add(1, Relaxed);
                None
            }
        }
    }

    fn put(&self, kind: SegmenterKind, text: &str, breaks: Arc<[usize]>) {
        if !self.enabled.load(Relaxed) {
            return;
        }
        let used = AtomicU32::new(self.generation.load(Relaxed));
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        // Replaces an entry only when it differs: one that did not fit its text.
        let entry = map.entry(key(kind, text));
        if let Entry::Occupied(old) = &entry
            && old.get().breaks == breaks
        {
            return;
        }
        entry.insert_entry(Stored { breaks, used });
        self.dirty.store(true, Relaxed);
    }
}

/// Whether `breaks` can be the segmentation of `text`: increasing offsets at character
/// boundaries, ending at its end. typst slices the text at them, so an entry that does not
/// fit (a hash collision, however unlikely) is recomputed rather than trusted.
fn fits(breaks: &[usize], text: &str) -> bool {
    breaks.last() == Some(&text.len())
        && breaks.windows(2).all(|w| w[0] < w[1])
        && breaks.iter().all(|&b| text.is_char_boundary(b))
}

/// Installs the store in typst's line breaker (once per process; later calls do nothing).
pub(crate) fn install() {
    static INSTALLED: LazyLock<()> = LazyLock::new(|| {
        typst_layout::set_break_store(&*STORE);
    });
    LazyLock::force(&INSTALLED);
}

/// Turns the store on (the default) or off. Off, typst segments every text as it does
/// unpatched: `phaen bench` times raw typst so, and the tests compare against it.
pub fn set_enabled(on: bool) {
    install();
    STORE.enabled.store(on, Relaxed);
}

/// Keeps the store on disk in `dir` (created when first saved), or in memory only (`None`,
/// the default of the library; the `phaen` command gives `--cache-dir`).
pub fn set_dir(dir: Option<PathBuf>) {
    let mut disk = STORE.disk.lock().unwrap_or_else(|e| e.into_inner());
    disk.loaded = false;
    disk.dir = dir;
}

/// Forgets what is in memory, as a new process would start; the disk file is read again at
/// the next build.
pub fn clear_memory() {
    STORE.map.write().unwrap_or_else(|e| e.into_inner()).clear();
    STORE.dirty.store(false, Relaxed);
    STORE.disk.lock().unwrap_or_else(|e| e.into_inner()).loaded = false;
}

/// Hits and misses since the process started.
pub fn stats() -> (usize, usize) {
    (STORE.hits.load(Relaxed), STORE.misses.load(Relaxed))
}

/// Before a build: installs the store, reads the disk file if not read yet and starts a new
/// generation.
pub(crate) fn begin() {
    install();
    let mut disk = STORE.disk.lock().unwrap_or_else(|e| e.into_inner());
    if !disk.loaded {
        disk.loaded = true;
        if let Some(file) = disk.dir.as_ref().and_then(|d| read(&d.join(FILE))) {
            let mut map = STORE.map.write().unwrap_or_else(|e| e.into_inner());
            for (k, e) in file.entries {
                map.entry(k).or_insert(e);
            }
            STORE.generation.fetch_max(file.generation, Relaxed);
        }
    }
    STORE.generation.fetch_add(1, Relaxed);
}

/// After a build: bounds the memory, and saves the store if it learnt a text. A cache that
/// cannot be written costs the next process time, never its build: errors are ignored.
pub(crate) fn finish() {
    let disk = STORE.disk.lock().unwrap_or_else(|e| e.into_inner());
    let mut map = STORE.map.write().unwrap_or_else(|e| e.into_inner());
    trim(&mut map, |e| e.breaks.len(), MAX_BREAKS_IN_MEMORY);
    if let Some(dir) = &disk.dir
        && STORE.dirty.swap(false, Relaxed)
    {
        let _ = save(dir, &mut map);
    }
}

/// Drops the entries used longest ago until the others' `size` adds up to at most `max`.
fn trim(map: &mut FxHashMap<u128, Stored>, size: impl Fn(&Stored) -> usize, max: usize) {
    let total: usize = map.values().map(&size).sum();
    if total <= max {
        return;
    }
    let mut order: Vec<(u32, u128)> = map.iter().map(|(k, e)| (e.used.load(Relaxed), *k)).collect();
    order.sort_unstable();
    let mut excess = total - max;
    for (_, k) in order {
        if excess == 0 {
            break;
        }
        if let Some(e) = map.remove(&k) {
            excess = excess.saturating_sub(size(&e));
        }
    }
}

/// Merges the file's entries that memory lacks (saved by another process meanwhile), bounds
/// the whole and writes it through a temporary file and a rename.
fn save(dir: &Path, map: &mut FxHashMap<u128, Stored>) -> std::io::Result<()> {
    let path = dir.join(FILE);
    if let Some(file) = read(&path) {
        for (k, e) in file.entries {
            map.entry(k).or_insert(e);
        }
    }
    let mut bytes = encode(map, STORE.generation.load(Relaxed));
    if bytes.len() > MAX_FILE_BYTES {
        // Entries of the encoded size; the memory bound is looser, so trim a copy.
        let mut copy: FxHashMap<u128, Stored> = map
            .iter()
            .map(|(k, e)| (*k, Stored { breaks: e.breaks.clone(), used: AtomicU32::new(e.used.load(Relaxed)) }))
            .collect();
        trim(&mut copy, encoded_len, MAX_FILE_BYTES - HEADER - CHECKSUM);
        bytes = encode(&copy, STORE.generation.load(Relaxed));
    }
    // Not synced to disk: a file torn by a crash fails its checksum and is ignored.
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".linebreaks-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

const HEADER: usize = 8 + 16 + 4 + 4;
const CHECKSUM: usize = 16;

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint_len(mut n: usize) -> usize {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

/// The encoded size of an entry: its key, generation, count and the gaps between offsets.
fn encoded_len(e: &Stored) -> usize {
    let mut prev = 0;
    let gaps: usize = e
        .breaks
        .iter()
        .map(|&b| {
            let len = varint_len(b - prev);
            prev = b;
            len
        })
        .sum();
    16 + 4 + varint_len(e.breaks.len()) + gaps
}

/// The file: magic, version hash, generation, entry count, the entries (key, generation,
/// count, gaps between offsets as LEB128), then a hash of everything before.
fn encode(map: &FxHashMap<u128, Stored>, generation: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + CHECKSUM + map.values().map(encoded_len).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&hash128(VERSION).to_le_bytes());
    out.extend_from_slice(&generation.to_le_bytes());
    out.extend_from_slice(&(map.len() as u32).to_le_bytes());
    // In key order, so that the same entries give the same bytes.
    let mut keys: Vec<&u128> = map.keys().collect();
    keys.sort_unstable();
    for k in keys {
        let e = &map[k];
        out.extend_from_slice(&k.to_le_bytes());
        out.extend_from_slice(&e.used.load(Relaxed).to_le_bytes());
        push_varint(&mut out, e.breaks.len());
        let mut prev = 0;
        for &b in e.breaks.iter() {
            push_varint(&mut out, b - prev);
            prev = b;
        }
    }
    let sum = hash128(&out[..]);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

struct File {
    generation: u32,
    entries: Vec<(u128, Stored)>,
}

/// Reads the file, or nothing if it is missing, of another version, truncated or corrupt.
fn read(path: &Path) -> Option<File> {
    let bytes = std::fs::read(path).ok()?;
    decode(&bytes)
}

fn decode(bytes: &[u8]) -> Option<File> {
    let body = bytes.get(..bytes.len().checked_sub(CHECKSUM)?)?;
    let sum = u128::from_le_bytes(bytes[body.len()..].try_into().ok()?);
    if hash128(body) != sum || body.get(..8)? != MAGIC {
        return None;
    }
    let mut r = Reader(&body[8..]);
    if r.u128()? != hash128(VERSION) {
        return None;
    }
    let generation = r.u32()?;
    let count = r.u32()? as usize;
    let mut entries = Vec::with_capacity(count.min(body.len() / 21));
    for _ in 0..count {
        let key = r.u128()?;
        let used = r.u32()?;
        let n = r.varint()?;
        if n > r.0.len() {
            return None;
        }
        let mut breaks = Vec::with_capacity(n);
        let mut at = 0usize;
        for _ in 0..n {
            at = at.checked_add(r.varint()?)?;
            breaks.push(at);
        }
        entries.push((key, Stored { breaks: breaks.into(), used: AtomicU32::new(used) }));
    }
    r.0.is_empty().then_some(File { generation, entries })
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u128(&mut self) -> Option<u128> {
        self.take().map(u128::from_le_bytes)
    }

    fn varint(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let [b] = self.take::<1>()?;
            n |= ((b & 0x7f) as usize).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(breaks: &[usize], used: u32) -> Stored {
        Stored { breaks: breaks.into(), used: AtomicU32::new(used) }
    }

    #[test]
    fn round_trip_and_damage() {
        let mut map = FxHashMap::default();
        map.insert(1, entry(&[0, 9, 21, 300], 3));
        map.insert(u128::MAX, entry(&[0, 70_000], 5));
        let bytes = encode(&map, 5);
        let file = decode(&bytes).unwrap();
        assert_eq!(file.generation, 5);
        let back: FxHashMap<u128, Vec<usize>> = file.entries.iter().map(|(k, e)| (*k, e.breaks.to_vec())).collect();
        assert_eq!(back[&1], [0, 9, 21, 300]);
        assert_eq!(back[&u128::MAX], [0, 70_000]);
        // Every truncation and every flipped byte is refused, never misread.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "truncated to {n}");
            let mut bad = bytes.clone();
            bad[n] ^= 0x20;
            assert!(decode(&bad).is_none(), "byte {n} flipped");
        }
    }

    #[test]
    fn trims_the_oldest() {
        let mut map = FxHashMap::default();
        for g in 0..10u32 {
            map.insert(g as u128, entry(&[0, 1, 2, 3, 4], g));
        }
        trim(&mut map, |e| e.breaks.len(), 21);
        let mut kept: Vec<u128> = map.keys().copied().collect();
        kept.sort_unstable();
        assert_eq!(kept, [6, 7, 8, 9]);
    }

    #[test]
    fn fits_only_its_text() {
        assert!(fits(&[0, 18, 30], "สวัสดีครับ"));
        assert!(!fits(&[0, 1, 30], "สวัสดีครับ"), "not at a character boundary");
        assert!(!fits(&[0, 18], "สวัสดีครับ"), "not at the end");
        assert!(!fits(&[0, 18, 18, 30], "สวัสดีครับ"), "not increasing");
    }

    /// The file's version names the crates whose output it stores: a new version in the
    /// lock must change [`VERSION`] (and so discard every file of the old one).
    #[test]
    fn versions_match_the_lock() {
        let lock = include_str!("../../Cargo.lock");
        for name in ["typst-layout", "icu_segmenter", "icu_segmenter_data"] {
            let at = lock.find(&format!("name = \"{name}\"\nversion = \"")).unwrap_or_else(|| panic!("{name}"));
            let version = lock[at..].lines().nth(1).unwrap().trim_start_matches("version = ").trim_matches('"');
            assert!(VERSION.contains(&format!("{name} {version};")) || VERSION.ends_with(&format!("{name} {version}")));
        }
    }
}
