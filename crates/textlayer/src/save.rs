//! Reading the PDF for the repair and writing the repaired one, touching only what the
//! repair uses and changes.
//!
//! lopdf parses every object of a file and its `save_to` serializes every object again. In
//! typst-pdf's tagged PDFs most objects are the structure tree's elements (2,353 of the
//! plan's 2,888), which the repair never reads, and the repair changes only content streams
//! and a few font objects: in a `phaen watch` rebuild, parsing and saving the whole file was
//! three quarters of the repair. So, for a file of one revision with a cross-reference table
//! (as typst-pdf writes it), lopdf parses a copy without the structure elements, and the
//! repaired file is the original's bytes with each changed object written anew by lopdf's
//! `Writer`, and a new table. lopdf offers neither (its incremental save appends the changes
//! and keeps the old objects in the file), hence this module. Any other file is loaded and
//! saved whole by lopdf.

use std::fmt::Write as _;
use std::io::Write;

use lopdf::{Document, Object, ObjectId, Writer};
use rustc_hash::FxHashSet;

/// A PDF as the repair reads it: lopdf's document of the objects it may use, and where the
/// file's objects lie when it can be spliced.
pub(crate) struct Loaded {
    pub doc: Document,
    layout: Option<Layout>,
}

/// Where the objects of a file of one revision lie, from its cross-reference table.
struct Layout {
    /// Every object in use, in file order: its offset and number.
    objects: Vec<(usize, ObjectId)>,
    /// Where the table starts, after the last object.
    end: usize,
    /// The trailer dictionary, as written.
    trailer: std::ops::Range<usize>,
    /// The table's `/Size`: one more than the largest object number.
    size: u32,
}

/// Loads `pdf` for the repair.
pub(crate) fn load(pdf: &[u8]) -> lopdf::Result<Loaded> {
    if let Some(layout) = Layout::read(pdf)
        && let Ok(doc) = Document::load_mem(&without_structure(pdf, &layout))
        && doc.xref_recovery.is_none()
    {
        let mut doc = doc;
        // New objects are numbered after every object of the file, skipped ones included.
        doc.max_id = doc.max_id.max(layout.size.saturating_sub(1));
        return Ok(Loaded { doc, layout: Some(layout) });
    }
    Ok(Loaded { doc: Document::load_mem(pdf)?, layout: None })
}

/// The repaired PDF: `pdf` with the objects in `touched` and those added written anew.
pub(crate) fn save(pdf: &[u8], loaded: &mut Loaded, touched: &FxHashSet<ObjectId>) -> std::io::Result<Vec<u8>> {
    match &loaded.layout {
        Some(layout) => splice(pdf, layout, &loaded.doc, touched),
        None => {
            let mut out = Vec::with_capacity(pdf.len());
            loaded.doc.save_to(&mut out)?;
            Ok(out)
        }
    }
}

impl Layout {
    /// The layout of `pdf`, if it is one revision with a cross-reference table whose every
    /// entry points at its object's `N G obj`; `None` for any other file.
    fn read(pdf: &[u8]) -> Option<Layout> {
        let tail = pdf.len().saturating_sub(1024);
        let at = tail + find_last(&pdf[tail..], b"startxref")?;
        let mut words = Words { pdf, at: at + b"startxref".len() };
        let start: usize = words.number()?;
        words.at = start;
        if words.word()? != b"xref" {
            return None;
        }
        let mut objects = Vec::new();
        let mut size = 0;
        let mut head = String::new();
        loop {
            let word = words.word()?;
            if word == b"trailer" {
                break;
            }
            let first: u32 = std::str::from_utf8(word).ok()?.parse().ok()?;
            let count: u32 = words.number()?;
            for number in first..first.checked_add(count)? {
                let offset: usize = words.number()?;
                let generation: u16 = words.number()?;
                match words.word()? {
                    b"n" => {
                        head.clear();
                        let _ = write!(head, "{number} {generation} obj");
                        if offset >= start || !pdf[offset..].starts_with(head.as_bytes()) {
                            return None;
                        }
                        objects.push((offset, (number, generation)));
                    }
                    b"f" => {}
                    _ => return None,
                }
                size = size.max(number + 1);
            }
        }
        let trailer = words.at..at;
        let text = &pdf[trailer.clone()];
        let single = [&b"/Prev"[..], b"/XRefStm", b"/Encrypt"].iter().all(|k| find_last(text, k).is_none());
        objects.sort_unstable();
        let ordered = objects.windows(2).all(|w| w[0].0 < w[1].0);
        (single && ordered && !objects.is_empty()).then_some(Layout { objects, end: start, trailer, size })
    }

    /// The bytes of the `k`th object (in file order), up to the next one.
    fn bytes<'a>(&self, pdf: &'a [u8], k: usize) -> &'a [u8] {
        let next = self.objects.get(k + 1).map_or(self.end, |&(offset, _)| offset);
        &pdf[self.objects[k].0..next]
    }
}

/// `pdf` without its structure elements (typst-pdf writes each as `<</Type/StructElem`),
/// with a table of its own: what lopdf is given to parse.
fn without_structure(pdf: &[u8], layout: &Layout) -> Vec<u8> {
    let mut out = Vec::with_capacity(pdf.len());
    out.extend_from_slice(&pdf[..layout.objects[0].0]);
    let mut kept = Vec::with_capacity(layout.objects.len());
    for (k, &(_, id)) in layout.objects.iter().enumerate() {
        let bytes = layout.bytes(pdf, k);
        let head = bytes.iter().position(|&b| b == b'j').map_or(bytes, |j| &bytes[j + 1..]);
        if !head.trim_ascii_start().starts_with(b"<</Type/StructElem") {
            kept.push((id, out.len()));
            out.extend_from_slice(bytes);
        }
    }
    let xref = out.len();
    table(&mut out, &mut kept, layout.size);
    out.extend_from_slice(b"trailer\n");
    out.extend_from_slice(&pdf[layout.trailer.clone()]);
    let _ = write!(out, "startxref\n{xref}\n%%EOF\n");
    out
}

fn splice(pdf: &[u8], layout: &Layout, doc: &Document, touched: &FxHashSet<ObjectId>) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(pdf.len() + pdf.len() / 8);
    out.extend_from_slice(&pdf[..layout.objects[0].0]);
    let mut offsets: Vec<(ObjectId, usize)> = Vec::with_capacity(doc.objects.len());
    let write = |out: &mut Vec<u8>, (id, generation): ObjectId, object: &Object| -> std::io::Result<()> {
        writeln!(out, "{id} {generation} obj")?;
        Writer::write_object(out, object)?;
        out.extend_from_slice(b"\nendobj\n");
        Ok(())
    };
    for (k, &(_, id)) in layout.objects.iter().enumerate() {
        offsets.push((id, out.len()));
        match doc.objects.get(&id).filter(|_| touched.contains(&id)) {
            Some(object) => write(&mut out, id, object)?,
            None => out.extend_from_slice(layout.bytes(pdf, k)),
        }
    }
    // An object of the document that the file does not have is one the repair added.
    let listed: FxHashSet<ObjectId> = layout.objects.iter().map(|&(_, id)| id).collect();
    for (&id, object) in doc.objects.iter().filter(|(id, _)| !listed.contains(id)) {
        offsets.push((id, out.len()));
        write(&mut out, id, object)?;
    }
    let size = offsets.iter().map(|&((id, _), _)| id + 1).max().unwrap_or(1).max(layout.size);
    let xref = out.len();
    table(&mut out, &mut offsets, size);
    let mut trailer = doc.trailer.clone();
    trailer.set("Size", i64::from(size));
    out.extend_from_slice(b"trailer\n");
    Writer::write_object(&mut out, &Object::Dictionary(trailer))?;
    writeln!(out, "\nstartxref\n{xref}\n%%EOF")?;
    Ok(out)
}

/// A cross-reference table of `size` entries: the objects at their offsets, every other
/// number free.
fn table(out: &mut Vec<u8>, offsets: &mut [(ObjectId, usize)], size: u32) {
    offsets.sort_unstable();
    let _ = writeln!(out, "xref\n0 {size}");
    let mut next = offsets.iter().peekable();
    for number in 0..size {
        match next.next_if(|((id, _), _)| *id == number) {
            Some(((_, generation), offset)) => {
                let _ = write!(out, "{offset:010} {generation:05} n\r\n");
            }
            None if number == 0 => out.extend_from_slice(b"0000000000 65535 f\r\n"),
            None => out.extend_from_slice(b"0000000000 00000 f\r\n"),
        }
    }
}

/// Where `needle` last occurs in `haystack`.
fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The words of a cross-reference section, read from `at` on.
struct Words<'a> {
    pdf: &'a [u8],
    at: usize,
}

impl<'a> Words<'a> {
    fn word(&mut self) -> Option<&'a [u8]> {
        let rest = self.pdf.get(self.at..)?;
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let len = rest[start..].iter().position(|b| b.is_ascii_whitespace()).unwrap_or(rest.len() - start);
        self.at += start + len;
        Some(&rest[start..start + len])
    }

    fn number<T: std::str::FromStr>(&mut self) -> Option<T> {
        std::str::from_utf8(self.word()?).ok()?.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] = include_bytes!("../tests/fixtures/thai.pdf");

    /// lopdf is given every object but the structure elements, numbered and placed so that
    /// it needs no recovery, and new objects are numbered after all of the file's.
    #[test]
    fn the_repair_reads_every_object_but_the_structure_elements() {
        let whole = Document::load_mem(FIXTURE).unwrap();
        let loaded = load(FIXTURE).unwrap();
        assert!(loaded.layout.is_some() && loaded.doc.xref_recovery.is_none());
        let elements: Vec<_> =
            whole.objects.iter().filter(|(_, o)| o.type_name().is_ok_and(|t| t == b"StructElem")).collect();
        assert!(!elements.is_empty());
        assert_eq!(loaded.doc.objects.len(), whole.objects.len() - elements.len());
        for (id, object) in &loaded.doc.objects {
            assert!(whole.objects.get(id) == Some(object), "object {id:?} differs");
        }
        assert_eq!(loaded.doc.max_id, whole.max_id);
    }

    /// A changed object and a new one are written anew, every other object (the structure
    /// elements lopdf never saw among them) is copied byte for byte, and lopdf reads back
    /// the whole document with the change, from a table that needs no recovery.
    #[test]
    fn a_spliced_pdf_is_the_file_with_the_changes() {
        let mut loaded = load(FIXTURE).unwrap();
        let doc = &mut loaded.doc;
        let stream_id = *doc.objects.iter().find(|(_, o)| o.as_stream().is_ok()).unwrap().0;
        doc.get_object_mut(stream_id).and_then(Object::as_stream_mut).unwrap().set_content(b"changed".to_vec());
        let added = doc.add_object(Object::Integer(7));
        let touched = FxHashSet::from_iter([stream_id]);

        let out = save(FIXTURE, &mut loaded, &touched).unwrap();
        let back = Document::load_mem(&out).unwrap();
        assert!(back.xref_recovery.is_none());
        let mut expected = Document::load_mem(FIXTURE).unwrap();
        expected.get_object_mut(stream_id).and_then(Object::as_stream_mut).unwrap().set_content(b"changed".to_vec());
        expected.objects.insert(added, Object::Integer(7));
        assert_eq!(back.objects.len(), expected.objects.len());
        for (id, object) in &expected.objects {
            assert!(back.objects.get(id) == Some(object), "object {id:?} differs");
        }
        let layout = Layout::read(FIXTURE).unwrap();
        for (k, &(_, id)) in layout.objects.iter().enumerate() {
            let bytes = layout.bytes(FIXTURE, k);
            assert_eq!(id == stream_id, !out.windows(bytes.len()).any(|b| b == bytes), "object {id:?}");
        }
    }

    /// A file the splice cannot follow (here, a table that needed recovery) is loaded and
    /// saved whole by lopdf, to a file that reads back the same.
    #[test]
    fn a_file_it_cannot_follow_is_read_and_saved_whole() {
        let mut broken = FIXTURE.to_vec();
        let at = find_last(&broken, b"startxref").unwrap();
        broken.truncate(at);
        broken.extend_from_slice(b"startxref\n1\n%%EOF\n");
        let mut loaded = load(&broken).unwrap();
        assert!(loaded.layout.is_none());
        let out = save(&broken, &mut loaded, &FxHashSet::default()).unwrap();
        let back = Document::load_mem(&out).unwrap();
        assert!(back.xref_recovery.is_none());
        assert_eq!(back.objects.len(), loaded.doc.objects.len());
    }
}
