//! Writing the repaired PDF: the bytes it was read from, with only the objects the repair
//! changed written anew.
//!
//! lopdf's `save_to` serializes every object again, for a PDF whose objects are nearly all
//! as they were read: in a `phaen watch` rebuild that was a quarter of the repair's time.
//! Copying the untouched objects' bytes gives the same objects for a fraction of it. lopdf
//! offers no such writer (its incremental save appends the changes and keeps the old
//! objects in the file), hence this one; each object that changed is still written by
//! lopdf's `Writer`.

use std::io::Write;

use lopdf::xref::{XrefEntry, XrefType};
use lopdf::{Document, Object, ObjectId, Writer};
use rustc_hash::FxHashSet;

/// The PDF `doc` read from `pdf`, after the repair changed the objects in `touched` and
/// added others: spliced when `pdf` is a file of one revision with a cross-reference
/// table (as typst-pdf writes it), saved by lopdf otherwise.
pub(crate) fn save(pdf: &[u8], doc: &mut Document, touched: &FxHashSet<ObjectId>) -> std::io::Result<Vec<u8>> {
    if let Some(out) = splice(pdf, doc, touched)? {
        return Ok(out);
    }
    let mut out = Vec::with_capacity(pdf.len());
    doc.save_to(&mut out)?;
    Ok(out)
}

/// Where each object of `doc` lies in `pdf`, in file order, and where the last one ends;
/// `None` unless `pdf` is one revision with a cross-reference table, every object of the
/// table was read, and each offset points at the object's `N G obj`.
fn layout(pdf: &[u8], doc: &Document) -> Option<(Vec<(usize, ObjectId)>, usize)> {
    let table = &doc.reference_table;
    let single = ["Prev", "XRefStm", "Encrypt"].iter().all(|k| doc.trailer.get(k.as_bytes()).is_err());
    let table_kind = matches!(table.cross_reference_type, XrefType::CrossReferenceTable);
    if !table_kind || !single || doc.xref_recovery.is_some() {
        return None;
    }
    let end = doc.xref_start;
    let mut at = Vec::with_capacity(table.entries.len());
    for (&id, entry) in &table.entries {
        match *entry {
            XrefEntry::Normal { offset, generation } => {
                let offset = offset as usize;
                let head = format!("{id} {generation} obj");
                if offset >= end
                    || !pdf[offset..].starts_with(head.as_bytes())
                    || !doc.objects.contains_key(&(id, generation))
                {
                    return None;
                }
                at.push((offset, (id, generation)));
            }
            XrefEntry::Free | XrefEntry::UnusableFree => {}
            XrefEntry::Compressed { .. } => return None,
        }
    }
    at.sort_unstable();
    (end <= pdf.len() && at.windows(2).all(|w| w[0].0 < w[1].0)).then_some((at, end))
}

fn splice(pdf: &[u8], doc: &Document, touched: &FxHashSet<ObjectId>) -> std::io::Result<Option<Vec<u8>>> {
    let Some((at, end)) = layout(pdf, doc) else { return Ok(None) };
    // An object of the document that the table does not list is one the repair added.
    let listed: FxHashSet<ObjectId> = at.iter().map(|&(_, id)| id).collect();
    let mut out = Vec::with_capacity(pdf.len() + pdf.len() / 8);
    out.extend_from_slice(&pdf[..at.first().map_or(end, |&(offset, _)| offset)]);
    let mut offsets: Vec<(ObjectId, usize)> = Vec::with_capacity(doc.objects.len());
    let write = |out: &mut Vec<u8>, (id, generation): ObjectId, object: &Object| -> std::io::Result<()> {
        writeln!(out, "{id} {generation} obj")?;
        Writer::write_object(out, object)?;
        out.extend_from_slice(b"\nendobj\n");
        Ok(())
    };
    for (k, &(offset, id)) in at.iter().enumerate() {
        offsets.push((id, out.len()));
        if touched.contains(&id) {
            write(&mut out, id, &doc.objects[&id])?;
        } else {
            let next = at.get(k + 1).map_or(end, |&(next, _)| next);
            out.extend_from_slice(&pdf[offset..next]);
        }
    }
    for (&id, object) in doc.objects.iter().filter(|(id, _)| !listed.contains(id)) {
        offsets.push((id, out.len()));
        write(&mut out, id, object)?;
    }

    // The table: every number up to the largest, the unused ones free.
    offsets.sort_unstable();
    let size = offsets.last().map_or(1, |&((id, _), _)| id + 1);
    let xref = out.len();
    writeln!(out, "xref\n0 {size}")?;
    let mut next = offsets.iter().peekable();
    for number in 0..size {
        match next.next_if(|((id, _), _)| *id == number) {
            Some(((_, generation), offset)) => write!(out, "{offset:010} {generation:05} n\r\n")?,
            None if number == 0 => out.extend_from_slice(b"0000000000 65535 f\r\n"),
            None => out.extend_from_slice(b"0000000000 00000 f\r\n"),
        }
    }
    if next.next().is_some() {
        // Two generations of one number: not a file this writer makes.
        return Ok(None);
    }
    let mut trailer = doc.trailer.clone();
    trailer.set("Size", i64::from(size));
    out.extend_from_slice(b"trailer\n");
    Writer::write_object(&mut out, &Object::Dictionary(trailer))?;
    writeln!(out, "\nstartxref\n{xref}\n%%EOF")?;
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &[u8] = include_bytes!("../tests/fixtures/thai.pdf");

    /// A changed object and a new one are written anew, every other object is copied byte
    /// for byte, and lopdf reads back exactly the document that was saved, from a table
    /// that needs no recovery.
    #[test]
    fn a_spliced_pdf_is_the_document_it_was_given() {
        let mut doc = Document::load_mem(FIXTURE).unwrap();
        let stream_id = *doc.objects.iter().find(|(_, o)| o.as_stream().is_ok()).unwrap().0;
        doc.get_object_mut(stream_id).and_then(Object::as_stream_mut).unwrap().set_content(b"changed".to_vec());
        let added = doc.add_object(Object::Integer(7));
        let touched = FxHashSet::from_iter([stream_id]);

        let out = save(FIXTURE, &mut doc, &touched).unwrap();
        let back = Document::load_mem(&out).unwrap();
        assert!(back.xref_recovery.is_none());
        assert_eq!(back.objects.len(), doc.objects.len());
        for (id, object) in &doc.objects {
            assert!(back.objects.get(id) == Some(object), "object {id:?} differs");
        }
        assert_eq!(back.get_object(added).unwrap(), &Object::Integer(7));
        // The untouched objects are the original bytes.
        let (layout, _) = layout(FIXTURE, &Document::load_mem(FIXTURE).unwrap()).unwrap();
        let copied = layout.windows(2).filter(|w| w[0].1 != stream_id).count();
        let found = layout
            .windows(2)
            .filter(|w| w[0].1 != stream_id)
            .filter(|w| out.windows(w[1].0 - w[0].0).any(|b| b == &FIXTURE[w[0].0..w[1].0]))
            .count();
        assert_eq!(found, copied);
    }

    /// A file the splice cannot follow (here, a table that needed recovery) is saved by
    /// lopdf instead, to a file that reads back the same.
    #[test]
    fn a_file_it_cannot_follow_is_saved_whole() {
        let mut broken = FIXTURE.to_vec();
        let at = broken.windows(9).rposition(|w| w == b"startxref").unwrap();
        broken.truncate(at);
        broken.extend_from_slice(b"startxref\n1\n%%EOF\n");
        let mut doc = Document::load_mem(&broken).unwrap();
        assert!(layout(&broken, &doc).is_none());
        let out = save(&broken, &mut doc, &FxHashSet::default()).unwrap();
        let back = Document::load_mem(&out).unwrap();
        assert!(back.xref_recovery.is_none());
        assert_eq!(back.objects.len(), doc.objects.len());
    }
}
