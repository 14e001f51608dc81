//! Line quality of the real plan, measured on typst's laid-out frames: no line starts
//! with a space, no gap between words is wider than about two spaces, and every line of a
//! justified paragraph but its last reaches the right margin.

use std::sync::LazyLock;

use phaen::typeset::inspect::{Report, inspect};

/// The 2567 plan, laid out and measured once for the tests of this file.
static PLAN: LazyLock<Report> = LazyLock::new(|| {
    let world = phaen::typeset::DocWorld::new(phaen::pipeline::plan_source(&crate::support::PLAN.0).unwrap());
    inspect(&world.compile().unwrap())
});

#[test]
fn no_line_starts_with_a_space_and_gaps_stay_narrow() {
    let r = &*PLAN;
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

/// Thai distributed justification fills every line of a paragraph but its last. Before
/// the sheets' blocks took the full width, 174 of the 2567 plan's 1,074 such lines ended
/// 5 mm or more short (up to 30 mm, p. 21), the paragraph's width being its widest line.
#[test]
fn every_justified_line_but_the_last_reaches_the_margin() {
    let r = &*PLAN;
    assert!(r.short.len() > 1000, "too few paragraph lines measured: {}", r.short.len());
    let off: Vec<_> = r.short.iter().filter(|s| s.by.to_mm().abs() > 1.0).collect();
    let widest = r.short.iter().map(|s| s.by.to_mm()).fold(0.0, f64::max);
    eprintln!(
        "{} lines of paragraphs but their last; the shortest ends {widest:.1} mm before the margin",
        r.short.len()
    );
    assert!(
        off.is_empty(),
        "{} lines end more than 1 mm from the right margin: {:?}",
        off.len(),
        off.iter()
            .take(5)
            .map(|s| (s.page, s.by.to_mm(), s.text.chars().take(40).collect::<String>()))
            .collect::<Vec<_>>()
    );
}
