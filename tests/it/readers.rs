//! Every PDF reader gets the exact Thai text of the plan: the real readers, run on the real
//! plan as `phaen build` writes it (PDF/A-2b) and with `--pdf-standard ua-1`.
//!
//! | reader | engine of | how it is run |
//! |---|---|---|
//! | poppler | Evince, Okular, `pdftotext` | `pdftotext -raw` and `pdftotext` |
//! | PDFium | Chrome, Edge | `tests/readers/read.py pdfium` (pypdfium2) |
//! | pdf.js | Firefox | `tests/readers/read.mjs` (pdfjs-dist under node), and its find bar |
//! | pypdf | Python tools | `tests/readers/read.py pypdf` |
//!
//! For each reader: every text of the dataset is found exactly, whitespace aside; all 67
//! row names are found; no mark or cluster is read twice; no space is read inside a word;
//! `ำ` is never read as `ํา`. A reader that is not installed fails its test with what to
//! install (`.ci/run` installs them all).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use crate::support::*;
use phaen::plan::model::{Block, Item, Plan};

/// A build of the real plan: its folder (kept while the tests run) and its PDF.
struct Build {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
}

/// Builds the real plan with `phaen build`, with `args` added.
fn build(args: &[&str]) -> Build {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    let mut all = vec!["build", EXAMPLE, "-o", pdf.to_str().unwrap()];
    all.extend(args);
    phaen_ok(&all);
    Build { _dir: dir, pdf }
}

/// The default build, PDF/A-2b.
static DEFAULT: LazyLock<Build> = LazyLock::new(|| build(&[]));
/// The tagged, accessible build.
static UA: LazyLock<Build> = LazyLock::new(|| build(&["--pdf-standard", "ua-1"]));

/// The dataset.
static PLAN: LazyLock<Plan> = LazyLock::new(|| {
    let data = root().join(EXAMPLE);
    phaen::plan::load_checked(&data).unwrap_or_else(|e| panic!("{e}")).value.plan
});

/// The row names and remarks of the table, as typed.
fn row_texts(plan: &Plan) -> Vec<String> {
    drawable(plan.rows.iter().flat_map(|row| [row.name.clone(), row.remark.clone()]).collect())
}

/// Every paragraph and item of the sheets, as typed.
fn sheet_texts(plan: &Plan) -> Vec<String> {
    fn blocks(list: &[Block], out: &mut Vec<String>) {
        for block in list {
            match block {
                Block::Para(text) => out.push(text.clone()),
                Block::Bullets { bullets } => out.extend(bullets.iter().cloned()),
                Block::Items { items } => {
                    for item in items {
                        out.push(item.text().to_string());
                        if let Item::Full { body, .. } = item {
                            blocks(body, out);
                        }
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for s in &plan.sheets {
        for section in
            [&s.rationale, &s.objectives, &s.targets, &s.method, &s.period, &s.responsible, &s.outputs, &s.outcomes]
        {
            blocks(section, &mut out);
        }
    }
    drawable(out)
}

/// The texts but the empty ones and those with a character the fonts cannot draw: that is
/// printed as a missing-glyph box and has no text to read back, whatever the text layer.
fn drawable(mut texts: Vec<String>) -> Vec<String> {
    let drawable =
        |c: char| c.is_ascii() || ('\u{0E00}'..='\u{0E7F}').contains(&c) || ('\u{2000}'..='\u{206F}').contains(&c);
    texts.retain(|t| !t.trim().is_empty() && t.chars().all(drawable));
    texts
}

/// A reader of PDF text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reader {
    /// `pdftotext -raw`: content-stream order.
    PopplerRaw,
    /// `pdftotext`: reading order.
    Poppler,
    Pdfium,
    Pdfjs,
    Pypdf,
}

/// The folder of the reader scripts.
fn scripts() -> PathBuf {
    root().join("tests/readers")
}

/// Runs a reader script; fails with what to install when its interpreter or its packages
/// are missing.
fn script(program: &str, args: &[&str], install: &str) -> serde_json::Value {
    let out = Command::new(program).args(args).current_dir(scripts()).output().unwrap_or_else(|e| {
        panic!("{program} is needed to run the PDF readers ({install}): {e}");
    });
    assert!(
        out.status.success(),
        "{program} {args:?} failed (is the reader installed? {install}):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{program} {args:?}: not JSON: {e}"))
}

const PIP: &str = "bash tests/run sets it up: pypdfium2 and pypdf in tests/readers/.venv";
const NPM: &str = "bash tests/run sets it up: npm ci --prefix tests/readers, with node 20 or later";

/// The Python of the project's readers: its own virtual environment (`bash tests/run`
/// makes it), else the system's `python3`.
fn python() -> String {
    let venv = scripts().join(".venv/bin/python");
    if venv.exists() { venv.display().to_string() } else { "python3".into() }
}

/// The text of each page, as the reader gives it.
fn pages(reader: Reader, pdf: &Path) -> Vec<String> {
    let path = pdf.to_str().unwrap();
    let json = match reader {
        Reader::PopplerRaw | Reader::Poppler => {
            return pdftotext(pdf, reader == Reader::PopplerRaw).split('\u{c}').map(str::to_string).collect();
        }
        Reader::Pdfium => script(&python(), &["read.py", "pdfium", path], PIP),
        Reader::Pypdf => script(&python(), &["read.py", "pypdf", path], PIP),
        Reader::Pdfjs => script("node", &["read.mjs", path], NPM),
    };
    json["pages"].as_array().expect("pages").iter().map(|p| p.as_str().expect("a page's text").to_string()).collect()
}

/// What a reader made of the plan.
struct Reading {
    reader: Reader,
    /// The pages' text joined, without the running page numbers.
    text: String,
}

impl Reading {
    fn new(reader: Reader, pdf: &Path) -> Reading {
        let text = pages(reader, pdf).join("\n").replace("\r\n", "\n");
        Reading { reader, text: without_page_numbers(&text) }
    }

    /// The texts of the dataset it lacks, whitespace aside.
    fn missing<'a>(&self, texts: &'a [String]) -> Vec<&'a str> {
        let text = squeeze(&self.text);
        texts.iter().filter(|t| !text.contains(&squeeze(t))).map(String::as_str).collect()
    }

    /// Spaces read between two Thai letters of a text of the dataset where the text has
    /// none, with a few letters around each: a word cut by a space.
    fn spaces_in_words(&self, texts: &[String]) -> Vec<String> {
        // The text without whitespace, and for each character kept, the whitespace read
        // before it.
        let mut kept: Vec<char> = Vec::new();
        let mut before: Vec<String> = Vec::new();
        let mut gap = String::new();
        for c in self.text.chars() {
            if c.is_whitespace() {
                gap.push(c);
            } else {
                kept.push(c);
                before.push(std::mem::take(&mut gap));
            }
        }
        let squeezed: String = kept.iter().collect();
        // Byte offset in `squeezed` → index in `kept`.
        let index: std::collections::HashMap<usize, usize> =
            squeezed.char_indices().enumerate().map(|(i, (at, _))| (at, i)).collect();
        let thai = |c: char| ('\u{0E01}'..='\u{0E4E}').contains(&c);
        let mut found = Vec::new();
        for t in texts {
            // The text's characters, each with whether whitespace comes before it.
            let mut chars: Vec<(char, bool)> = Vec::new();
            let mut white = false;
            for c in t.chars() {
                if c.is_whitespace() {
                    white = true;
                } else {
                    chars.push((c, white));
                    white = false;
                }
            }
            let Some((first, _)) = chars.first() else { continue };
            let needle: String = chars.iter().map(|(c, _)| c).collect();
            // The text may be read in several places (a row name is also a sheet's title):
            // one place read without a space inside its words is enough.
            let mut cut: Option<Vec<String>> = None;
            let mut from = 0;
            while let Some(at) = squeezed[from..].find(&needle) {
                let start = index[&(from + at)];
                let mut here = Vec::new();
                for (k, &(c, spaced)) in chars.iter().enumerate().skip(1) {
                    let gap = &before[start + k];
                    // A line break is where a line ends, between two words; a space is one.
                    if !spaced && gap.contains(' ') && !gap.contains('\n') && thai(chars[k - 1].0) && thai(c) {
                        let around: String = kept[(start + k).saturating_sub(4)..start + k].iter().collect();
                        let after: String = kept[start + k..(start + k + 4).min(kept.len())].iter().collect();
                        here.push(format!("{around} {after}"));
                    }
                }
                if here.is_empty() {
                    cut = None;
                    break;
                }
                cut.get_or_insert(here);
                from += at + first.len_utf8();
            }
            found.extend(cut.unwrap_or_default());
        }
        found.sort();
        found.dedup();
        found
    }
}

/// Thai marks: above and below vowels, tone marks and the other signs written over or under
/// a consonant.
fn mark(c: char) -> bool {
    c == '\u{0E31}' || ('\u{0E34}'..='\u{0E3A}').contains(&c) || ('\u{0E47}'..='\u{0E4E}').contains(&c)
}

/// Marks and clusters read twice in a row, with the letters around them: what the regex
/// `([\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+)\1|([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\2`
/// finds.
fn doubled(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let consonant = |c: char| ('\u{0E01}'..='\u{0E2E}').contains(&c);
    let around = |from: usize, to: usize| {
        chars[from.saturating_sub(2)..(to + 2).min(chars.len())].iter().collect::<String>().trim().to_string()
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // A mark twice.
        if mark(chars[i]) && chars.get(i + 1) == Some(&chars[i]) {
            found.push(around(i, i + 2));
            i += 2;
            continue;
        }
        // A consonant with its marks, twice.
        if consonant(chars[i]) {
            let mut end = i + 1;
            while end < chars.len() && mark(chars[end]) {
                end += 1;
            }
            let n = end - i;
            if n > 1 && chars.get(end..end + n) == Some(&chars[i..end]) {
                found.push(around(i, end + n));
                i = end + n;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The doubled marks and clusters read that the dataset does not have: each one found,
/// with the letters around it, must be in the dataset's text as often.
fn doubled_not_in(text: &str, source: &str) -> Vec<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in doubled(text) {
        *counts.entry(d).or_default() += 1;
    }
    let source = squeeze(source);
    let mut out: Vec<String> =
        counts.into_iter().filter(|(d, n)| source.matches(&squeeze(d)).count() < *n).map(|(d, _)| d).collect();
    out.sort();
    out
}

/// SARA AM read as NIKHAHIT + SARA AA.
const DECOMPOSED_AM: &str = "\u{0E4D}\u{0E32}";

/// Checks what one reader reads of a build, and fails with every problem found.
fn reads_exactly(reader: Reader, build: &Build) {
    let reading = Reading::new(reader, &build.pdf);
    let plan = &*PLAN;
    let (rows, sheets) = (row_texts(plan), sheet_texts(plan));
    let texts: Vec<String> = rows.iter().chain(&sheets).cloned().collect();
    let source = texts.join("\n");
    let mut problems = Vec::new();

    // `pdftotext` in reading order reads a table's multi-line cells across its columns and
    // joins a word cut after a hyphen at a line's end: it is held to the sheets, and to the
    // row names on their sheets' title lines.
    let held = if reader == Reader::Poppler { &sheets } else { &texts };
    let unhyphened = |t: &str| if reader == Reader::Poppler { t.replace('-', "") } else { t.to_string() };
    let read = Reading { reader, text: unhyphened(&reading.text) };
    let held: Vec<String> = held.iter().map(|t| unhyphened(t)).collect();
    let missing = read.missing(&held);
    if !missing.is_empty() {
        problems.push(format!(
            "{} of {} texts not found, e.g. {:?}",
            missing.len(),
            held.len(),
            &missing[..missing.len().min(3)]
        ));
    }
    if reader != Reader::Poppler {
        let names: Vec<String> = plan.rows.iter().map(|r| r.name.clone()).collect();
        let lost = reading.missing(&names);
        if !lost.is_empty() {
            problems.push(format!("{} of {} row names not found, e.g. {:?}", lost.len(), names.len(), lost.first()));
        }
    }
    let twice = doubled_not_in(&reading.text, &source);
    if !twice.is_empty() {
        problems.push(format!("{} marks or clusters read twice: {}", twice.len(), twice.join(", ")));
    }
    let spaces = reading.spaces_in_words(&held);
    if !spaces.is_empty() {
        problems.push(format!("{} spaces inside words: {}", spaces.len(), spaces.join(", ")));
    }
    let decomposed = reading.text.matches(DECOMPOSED_AM).count();
    if decomposed > source.matches(DECOMPOSED_AM).count() {
        problems.push(format!("ำ read as ํา {decomposed} times"));
    }
    assert!(problems.is_empty(), "{:?} on {}:\n- {}", reading.reader, build.pdf.display(), problems.join("\n- "));
}

#[test]
fn poppler_raw_reads_the_default_build_exactly() {
    reads_exactly(Reader::PopplerRaw, &DEFAULT);
}

#[test]
fn poppler_reads_the_default_build_exactly() {
    reads_exactly(Reader::Poppler, &DEFAULT);
}

#[test]
fn pdfium_reads_the_default_build_exactly() {
    reads_exactly(Reader::Pdfium, &DEFAULT);
}

#[test]
fn pdfjs_reads_the_default_build_exactly() {
    reads_exactly(Reader::Pdfjs, &DEFAULT);
}

#[test]
fn pypdf_reads_the_default_build_exactly() {
    reads_exactly(Reader::Pypdf, &DEFAULT);
}

#[test]
fn poppler_raw_reads_the_ua_build_exactly() {
    reads_exactly(Reader::PopplerRaw, &UA);
}

#[test]
fn poppler_reads_the_ua_build_exactly() {
    reads_exactly(Reader::Poppler, &UA);
}

#[test]
fn pdfium_reads_the_ua_build_exactly() {
    reads_exactly(Reader::Pdfium, &UA);
}

#[test]
fn pdfjs_reads_the_ua_build_exactly() {
    reads_exactly(Reader::Pdfjs, &UA);
}

#[test]
fn pypdf_reads_the_ua_build_exactly() {
    reads_exactly(Reader::Pypdf, &UA);
}

/// Words with stacked marks, found with Firefox's find bar (pdf.js's own find controller)
/// as often as they are in the text poppler reads.
#[test]
fn firefox_finds_words_with_stacked_marks() {
    let words = ["ท้องถิ่น", "ตั้งต้น", "ดำเนินการ", "น้ำ"];
    let pdf = DEFAULT.pdf.to_str().unwrap();
    let mut args = vec!["read.mjs", pdf, "--find"];
    args.extend(words);
    let found = script("node", &args, NPM);
    // (A word cut by a line's end is not one, in poppler's text as in the find bar's.)
    let text = pdftotext(&DEFAULT.pdf, true);
    for word in words {
        let want = text.matches(word).count();
        let got = found["find"][word].as_u64().unwrap_or(0) as usize;
        assert!(want > 0, "{word} is not in the plan");
        assert_eq!(got, want, "pdf.js finds {word} {got} times, poppler reads it {want} times");
    }
}

#[test]
fn both_builds_pass_qpdf_check() {
    for build in [&*DEFAULT, &*UA] {
        let out = run("qpdf", &["--check", build.pdf.to_str().unwrap()], "qpdf");
        assert!(
            out.status.success(),
            "qpdf --check {}: {}{}",
            build.pdf.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn doubled_marks_and_spaces_in_words_are_seen() {
    assert_eq!(doubled("แต่งตั้้ง ท้องถิ่ถิ่น หน้าที่ที่"), ["ตั้้ง", "องถิ่ถิ่น", "้าที่ที่"]);
    assert!(doubled_not_in("หน้าที่ที่", "เป็นหน้าที่ที่ต้อง").is_empty());
    let reading = Reading {
        reader: Reader::Pdfjs, text: "ท้องถิ่ น ตั้งต้น\nคือ การ".to_string()
    };
    let texts = ["ท้องถิ่น".to_string(), "ตั้งต้นคือ การ".to_string()];
    assert_eq!(reading.spaces_in_words(&texts), ["งถิ่ นตั้"]);
}
