//! Line quality of the real plan and reports, measured on typst's laid-out frames: no
//! line starts with a space, no gap between words is wider than about two spaces, every
//! line of a justified paragraph but its last ending short of the right margin, and the
//! words cut where a line ends, held where they are.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::LazyLock;

use phaen::typeset::inspect::{Join, Report, inspect};

use crate::support::root;

/// The 2567 plan, laid out and measured once for the tests of this file.
static PLAN: LazyLock<Report> = LazyLock::new(|| {
    let world = phaen::typeset::DocWorld::new(phaen::pipeline::plan_source(&crate::support::PLAN.0).unwrap());
    inspect(&world.compile().unwrap())
});

#[test]
fn no_line_starts_with_a_space_and_gaps_stay_narrow() {
    let r = &*PLAN;
    eprintln!(
        "{} lines, {} starting with a space, {} spaces over 2× wide, widest gap {:.2}× a space (page {}: {:?})",
        r.lines,
        r.leading_space.len(),
        r.wide_gaps,
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

/// How far the lines of paragraphs but their last end from the right margin. The sheets'
/// paragraphs sit in blocks of auto width, which typst sets to their widest line, so a
/// line before a long unbreakable run ends short (p. 21: `…ให้บริการของ` / `เทศบาล…`): 173
/// of the plan's 1,072 such lines end 5 mm or more short. Giving the blocks the full width
/// fills them, but Thai lines then need letter spacing that PDF readers read as spaces
/// between the letters (from about 0.08 em for poppler; the reader tests in `readers.rs`
/// catch it), so that waits for a text layer that writes letter spacing as character
/// spacing. Until then this holds the count where it is.
#[test]
fn short_justified_lines_do_not_multiply() {
    let r = &*PLAN;
    assert!(r.short.len() > 1000, "too few paragraph lines measured: {}", r.short.len());
    let short = r.short.iter().filter(|s| s.by.to_mm() >= 5.0).count();
    let widest = r.short.iter().map(|s| s.by.to_mm()).fold(0.0, f64::max);
    eprintln!(
        "{} lines of paragraphs but their last, {short} end 5 mm or more short (at most {widest:.1} mm)",
        r.short.len()
    );
    assert!(short <= 180, "{short} lines end 5 mm or more before the margin");
}

/// Whether the join falls between two Thai letters, not at a space.
fn between_thai_letters(j: &Join) -> bool {
    let thai = |c: Option<char>| c.is_some_and(|c| ('\u{0E01}'..='\u{0E4E}').contains(&c));
    !j.at_space && thai(j.before.chars().next_back()) && thai(j.after.chars().next())
}

/// The joins that fall inside `word`: the line ends with its start and the next begins
/// with its rest.
fn inside<'a>(word: &str, joins: &[&'a Join]) -> Vec<&'a Join> {
    let cuts: Vec<(&str, &str)> = word.char_indices().skip(1).map(|(i, _)| word.split_at(i)).collect();
    joins
        .iter()
        .copied()
        .filter(|j| cuts.iter().any(|(a, b)| j.before.ends_with(a) && j.after.starts_with(b)))
        .collect()
}

/// The joins that PyThaiNLP's deepcut (`tests/readers/judge.py`) reads as inside a word.
fn judged_cut<'a>(joins: &[&'a Join]) -> Vec<&'a Join> {
    let venv = root().join("tests/readers/.venv/bin/python");
    let python = if venv.exists() { venv.display().to_string() } else { "python3".into() };
    let mut child = Command::new(&python)
        .arg(root().join("tests/readers/judge.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e} (bash tests/run installs the judge, PyThaiNLP)"));
    let input: String = joins.iter().map(|j| serde_json::json!([j.before, j.after]).to_string() + "\n").collect();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the judge failed (bash tests/run installs it):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cut: Vec<usize> = serde_json::from_slice(&out.stdout).unwrap();
    cut.into_iter().map(|k| joins[k]).collect()
}

/// Where lines end inside a word, judged by a segmenter phaen does not break lines with
/// (PyThaiNLP's deepcut, `tests/readers/judge.py`): of the plan's ~1,000 places where a
/// line ends and the next begins between Thai letters, ICU4X's LSTM segmenter, which
/// typst breaks Thai with, puts 27 inside a word (`เทศ|บาล`, `สมุทร|สงคราม`,
/// `งบ|ประมาณ`, `อิเล็ก|ทรอนิกส์`). Keeping words whole with a dictionary takes that to 8
/// (the branch `wip/whole-words`), but loosens lines past what the PDF readers' text
/// extraction allows (see the README); until it lands this holds the count where it is.
#[test]
fn words_cut_at_line_ends_do_not_multiply() {
    let joins: Vec<&Join> = PLAN.joins.iter().filter(|j| between_thai_letters(j)).collect();
    assert!(joins.len() > 800, "too few joins measured: {}", joins.len());
    let named: usize = ["เทศบาล", "สมุทรสงคราม", "งบประมาณ", "ร้อยละ", "อิเล็กทรอนิกส์", "โปร่งใส", "บุคลากร"]
        .iter()
        .map(|w| inside(w, &joins).len())
        .sum();
    eprintln!("the municipality's name and words the plan is about are cut {named} times");
    let cut = judged_cut(&joins);
    eprintln!("{} joins between Thai letters, {} inside a word by deepcut:", joins.len(), cut.len());
    for j in &cut {
        eprintln!("  p. {}: …{}|{}…", j.page, j.before, j.after);
    }
    assert!(cut.len() <= 27, "{} words cut at line ends: {cut:?}", cut.len());
}
