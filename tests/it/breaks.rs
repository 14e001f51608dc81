//! The line-break cache (`phaen::typeset::breakcache`) changes nothing but time: the plan laid out
//! with typst segmenting every paragraph, from an empty cache and from the cache's file
//! gives the same lines and the same PDF bytes; builds that share the cache at once, or
//! find its file damaged, write the same PDF and a whole file.

use std::path::Path;

use phaen::typeset::breakcache;
use typst::layout::{Abs, Frame, FrameItem, Point};
use typst_layout::PagedDocument;

use crate::support::*;

/// Every line of a document (its text runs on one baseline: the cells of a table row share
/// one): page, baseline, and the runs from left to right with their x positions, in typst's
/// raw units, so that equal means equal.
fn lines(doc: &PagedDocument) -> Vec<(usize, u64, String)> {
    fn collect(frame: &Frame, origin: Point, out: &mut Vec<(Abs, Abs, String)>) {
        for (pos, item) in frame.items() {
            let at = origin + *pos;
            match item {
                FrameItem::Group(g) => collect(&g.frame, at + Point::new(g.transform.tx, g.transform.ty), out),
                FrameItem::Text(t) => out.push((at.y, at.x, t.text.to_string())),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (p, page) in doc.pages().iter().enumerate() {
        let mut runs = Vec::new();
        collect(&page.frame, Point::zero(), &mut runs);
        runs.sort_by(|a, b| a.0.to_raw().total_cmp(&b.0.to_raw()).then(a.1.to_raw().total_cmp(&b.1.to_raw())));
        for run in runs.chunk_by(|a, b| a.0 == b.0) {
            let text = run.iter().map(|(_, x, t)| format!("[{}]{t}", x.to_raw())).collect();
            out.push((p + 1, run[0].0.to_raw().to_bits(), text));
        }
    }
    out
}

fn first_difference(a: &[(usize, u64, String)], b: &[(usize, u64, String)]) -> String {
    match a.iter().zip(b).find(|(x, y)| x != y) {
        Some((x, y)) => format!("{x:?}\n  vs\n{y:?}"),
        None => format!("{} lines vs {}", a.len(), b.len()),
    }
}

/// The only test that turns the process-wide cache off or points it at a folder: tests that
/// lay out meanwhile only run slower or faster for it.
#[test]
fn cached_line_breaks_are_typst_s_own() {
    let dir = tempfile::tempdir().unwrap();
    // A source that no other test compiles (one more set rule, which changes nothing on the
    // page), so that typst's memoized layouts of tests running alongside cannot stand in for
    // the layout with the cache off.
    let source = format!("#set text(fallback: true)\n{}", phaen::pipeline::plan_source(&PLAN.0).unwrap());
    let build = || {
        typst::comemo::evict(0);
        typeset(source.clone())
    };

    breakcache::set_enabled(false);
    let off = build();
    breakcache::set_enabled(true);

    breakcache::set_dir(Some(dir.path().to_path_buf()));
    breakcache::clear_memory();
    let cold = build();
    let file = dir.path().join("linebreaks.bin");
    assert!(std::fs::metadata(&file).is_ok_and(|m| m.len() > 10_000), "the cold build saved no cache file");

    // As a new process: memory forgotten, the file read.
    breakcache::clear_memory();
    let (hits, _) = breakcache::stats();
    let warm = build();
    let (hits_after, _) = breakcache::stats();
    breakcache::set_dir(None);

    let (off_lines, cold_lines, warm_lines) = (lines(&off.document), lines(&cold.document), lines(&warm.document));
    eprintln!(
        "{} lines on {} pages compared; {} paragraph segmentations read from the cache file",
        off_lines.len(),
        off.pages,
        hits_after - hits
    );
    assert!(off_lines.len() > 3000, "too few lines: {}", off_lines.len());
    assert!(hits_after - hits > 1000, "the warm build did not read the cache");
    assert!(cold_lines == off_lines, "cold cache vs no cache: {}", first_difference(&cold_lines, &off_lines));
    assert!(warm_lines == off_lines, "warm cache vs no cache: {}", first_difference(&warm_lines, &off_lines));
    assert!(cold.pdf == off.pdf && warm.pdf == off.pdf, "same lines but different PDF bytes");
}

/// `phaen build` with its cache in `cache`, writing `out`.
fn spawn_build(cache: &Path, out: &Path) -> std::process::Child {
    phaen_command()
        .args(["build", EXAMPLE, "-o", out.to_str().unwrap()])
        .env("PHAEN_CACHE_DIR", cache)
        .current_dir(root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a build and returns its PDF.
fn finish(build: std::process::Child, out: &Path) -> Vec<u8> {
    let run = build.wait_with_output().unwrap();
    assert!(run.status.success(), "phaen build failed: {}", String::from_utf8_lossy(&run.stderr));
    std::fs::read(out).unwrap()
}

#[test]
fn a_damaged_cache_file_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let file = cache.join("linebreaks.bin");
    let (out, other) = (dir.path().join("plan.pdf"), dir.path().join("other.pdf"));

    // Two builds at once on an empty cache: both save it, neither sees a torn file.
    let (a, b) = (spawn_build(&cache, &out), spawn_build(&cache, &other));
    let (first, second) = (finish(a, &out), finish(b, &other));
    assert!(first == PLAN.1 && second == PLAN.1, "a PDF built with an empty cache differs from the in-process build");
    let good = std::fs::read(&file).unwrap();
    let leftovers = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(leftovers, 1, "temporary files left in the cache folder");

    let half = good[..good.len() / 2].to_vec();
    let mut flipped = good.clone();
    flipped[good.len() / 3] ^= 0x01;
    for (damage, bytes) in [("truncated", half), ("one bit flipped", flipped)] {
        std::fs::write(&file, &bytes).unwrap();
        let pdf = finish(spawn_build(&cache, &out), &out);
        assert!(pdf == PLAN.1, "{damage} cache file: a different PDF");
        // Ignored, so rewritten byte for byte as the build with an empty cache wrote it.
        assert!(std::fs::read(&file).unwrap() == good, "{damage} cache file: not rewritten");
    }
}
