//! Line quality of the real plan, measured on typst's laid-out frames: no line starts
//! with a space, and no gap between words is wider than about two spaces.

#[test]
fn no_line_starts_with_a_space_and_gaps_stay_narrow() {
    let world = phaen::typeset::DocWorld::new(phaen::pipeline::plan_source(&crate::support::PLAN.0).unwrap());
    let doc = world.compile().unwrap();
    let r = phaen::typeset::inspect::inspect(&doc);
    eprintln!(
        "{} lines, {} starting with a space, widest gap {:.2}× a space (page {}: {:?})",
        r.lines,
        r.leading_space.len(),
        r.widest_gap,
        r.widest_gap_at.0,
        r.widest_gap_at.1
    );
    assert!(r.lines > 2000, "too few lines measured: {}", r.lines);
    assert!(
        r.leading_space.is_empty(),
        "lines starting with a space: {:?}",
        &r.leading_space[..r.leading_space.len().min(10)]
    );
    assert!(r.widest_gap <= 2.05, "a gap of {:.2}× a space at {:?}", r.widest_gap, r.widest_gap_at);
    // The total row of the table is bold and may end a page; no section heading may.
    let headings: Vec<_> = r.headings_at_foot.iter().filter(|(_, t)| !t.contains("รวมทั้งสิ้น")).collect();
    assert!(headings.is_empty(), "headings alone at the foot of a page: {headings:?}");
}
