//! Shared helpers of the integration tests: build a dataset in process, read PDF text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The reference text of the published 2567 plan.
pub fn reference() -> String {
    let p = root().join("../shared/reference/anti-corruption-plan-2567.txt");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Builds a dataset's PDF in process, as `phaen build` does.
pub fn build_pdf(data: &Path) -> Vec<u8> {
    let (loaded, _) = phaen::load_checked(data).unwrap_or_else(|e| panic!("{e}"));
    let source = phaen::typst_source(&loaded.plan).unwrap_or_else(|e| panic!("{e}"));
    let world = phaen::world::PlanWorld::new(source);
    phaen::typeset(&world).unwrap_or_else(|e| panic!("{e}")).pdf
}

/// The default dataset's PDF, written to a temporary file.
pub fn default_pdf() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, build_pdf(&root().join(phaen::DEFAULT_DATA))).unwrap();
    (dir, path)
}

/// Runs a tool, failing with a clear message when it is not installed.
pub fn run(tool: &str, args: &[&str], package: &str) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (apt-get install {package}): {e}"))
}

/// `pdftotext` (poppler) of a PDF; `raw` keeps content-stream order.
pub fn pdftotext(pdf: &Path, raw: bool) -> String {
    let pdf = pdf.to_str().unwrap();
    let args: Vec<&str> = if raw { vec!["-raw", pdf, "-"] } else { vec![pdf, "-"] };
    let out = run("pdftotext", &args, "poppler-utils");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Text without any whitespace.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops the running page numbers (`- ๒ -`) from extracted text.
pub fn without_page_numbers(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with("- ")
                && t.ends_with(" -")
                && t.len() > 4
                && t[2..t.len() - 2].chars().all(|c| ('๐'..='๙').contains(&c)))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits text at the sheet headings `ลำดับที่ N`, giving (N in Thai digits, text) in order.
pub fn sheets(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(n) = t.strip_prefix("ลำดับที่ ")
            && !n.is_empty()
            && n.chars().all(|c| ('๐'..='๙').contains(&c))
        {
            out.push((n.to_string(), String::new()));
            continue;
        }
        if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

/// Similarity of two texts, whitespace aside: 1 − edit distance / length of `expected`.
pub fn agreement(expected: &str, got: &str) -> f64 {
    let (a, b) = (squeeze(expected), squeeze(got));
    let n = a.chars().count().max(1);
    1.0 - strsim::levenshtein(&a, &b) as f64 / n as f64
}

/// The reference text without the extraction damage its README documents as not part of
/// the document: the stray `- ` before list numbers and the lone `-` lines.
pub fn reference_without_stray_dashes() -> String {
    reference()
        .lines()
        .filter(|l| l.trim() != "-")
        .map(|l| {
            let t = l.trim_start();
            match t.strip_prefix('-').map(str::trim_start) {
                Some(rest) if rest.starts_with(|c| ('๐'..='๙').contains(&c)) => rest,
                _ => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
