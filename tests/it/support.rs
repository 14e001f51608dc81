//! What the integration tests share: the repository's files, the real plan built once,
//! the `phaen` command, and PDF text through poppler.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;

use phaen::export::PdfSettings;
use phaen::plan::model::Plan;
use phaen::template::Templates;
use phaen::typeset::DocWorld;

/// The example plan, the 2567 plan of เทศบาลเมืองสมุทรสงคราม.
pub(crate) const EXAMPLE: &str = "data/samutsongkhram-2567.yaml";

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of the published 2567 plan, committed as the importer's source.
pub(crate) fn reference() -> String {
    let p = root().join("data/source/samutsongkhram-2567.txt");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The committed dataset's text.
pub(crate) fn dataset_text() -> String {
    std::fs::read_to_string(root().join(EXAMPLE)).unwrap()
}

/// Builds a dataset's PDF in process exactly as `phaen build` does (built-in templates,
/// PDF/A-2b).
pub(crate) fn build_pdf(data: &Path) -> Vec<u8> {
    let mut session = phaen::Session::new(Templates::embedded(), PdfSettings::default()).keeping_layout();
    session.build(data).unwrap_or_else(|e| panic!("{e}")).value.pdf
}

/// A generated Typst source laid out and written as a build does.
pub(crate) struct Typeset {
    pub document: typst_layout::PagedDocument,
    pub pages: usize,
    pub pdf: Vec<u8>,
}

/// Lays out a generated Typst source and writes its repaired PDF, as a build does.
pub(crate) fn typeset(source: String) -> Typeset {
    let document = phaen::typeset::lay_out(&DocWorld::new(source)).unwrap_or_else(|e| panic!("{e}"));
    let pdf = phaen::export::pdf_with(&document, &PdfSettings::default()).unwrap_or_else(|e| panic!("{e}"));
    Typeset { pages: document.pages().len(), document, pdf }
}

/// The PDF of a generated Typst source, laid out and repaired as a build does.
pub(crate) fn pdf_of_source(source: String) -> Vec<u8> {
    typeset(source).pdf
}

/// The real plan and its PDF, built once for every test that reads it.
pub(crate) static PLAN: LazyLock<(Plan, Vec<u8>)> = LazyLock::new(|| {
    let data = root().join(EXAMPLE);
    let loaded = phaen::plan::load_checked(&data).unwrap_or_else(|e| panic!("{e}")).value;
    (loaded.plan, build_pdf(&data))
});

/// The default dataset's PDF, written to a temporary file.
pub(crate) fn default_pdf() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, &PLAN.1).unwrap();
    (dir, path)
}

/// The line-break cache of the `phaen` commands the tests run: a folder of this run's,
/// never the user's `~/.cache/phaen`.
static CACHE: LazyLock<tempfile::TempDir> = LazyLock::new(|| tempfile::tempdir().unwrap());

/// The `phaen` command, in the repository's folder, with this run's cache folder.
pub(crate) fn phaen_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_phaen"));
    command.current_dir(root()).env("PHAEN_CACHE_DIR", CACHE.path());
    command
}

/// Runs the `phaen` command in the repository's folder.
pub(crate) fn phaen(args: &[&str]) -> Output {
    phaen_command().args(args).output().unwrap()
}

/// Runs the `phaen` command and fails the test, with its error output, when it fails.
pub(crate) fn phaen_ok(args: &[&str]) -> Output {
    let out = phaen(args);
    assert!(out.status.success(), "phaen {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// Runs a tool, failing with a clear message when it is not installed.
pub(crate) fn run(tool: &str, args: &[&str], package: &str) -> Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (apt-get install {package}): {e}"))
}

/// `pdftotext` (poppler) of a PDF; `raw` keeps content-stream order.
pub(crate) fn pdftotext(pdf: &Path, raw: bool) -> String {
    let pdf = pdf.to_str().unwrap();
    let args: Vec<&str> = if raw { vec!["-raw", pdf, "-"] } else { vec![pdf, "-"] };
    let out = run("pdftotext", &args, "poppler-utils");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Text without any whitespace.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Drops the running page numbers (`- ๒ -`) from extracted text.
pub(crate) fn without_page_numbers(text: &str) -> String {
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
pub(crate) fn sheets(text: &str) -> Vec<(String, String)> {
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
pub(crate) fn agreement(expected: &str, got: &str) -> f64 {
    let (a, b) = (squeeze(expected), squeeze(got));
    let n = a.chars().count().max(1);
    1.0 - strsim::levenshtein(&a, &b) as f64 / n as f64
}

/// The reference text without the extraction damage its README documents as not part of
/// the document: the stray `- ` before list numbers and the lone `-` lines.
pub(crate) fn reference_without_stray_dashes() -> String {
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

/// Problems of a dataset text, as `check` lists them.
pub(crate) fn problems(text: &str) -> Vec<phaen::diag::Diagnostic> {
    let file = Path::new("t.yaml");
    match phaen::plan::load::parse(file, text.to_string()) {
        Err(d) => vec![d],
        Ok(loaded) => phaen::plan::validate::validate(file, &loaded),
    }
}

/// A small valid dataset to vary.
pub(crate) const SMALL: &str = r#"plan:
  title: แผนปฏิบัติการป้องกันการทุจริต
  organization: เทศบาลตำบลทดสอบ
  fiscal_year: 2568
  as_of: 2568-01-15
  issuer: นายทดสอบ ระบบ
  dimensions:
    - { number: 1, name: การสร้างวัฒนธรรมสุจริต }
rows:
  - number: 1
    name: โครงการหนึ่ง
    dimension: 1
    budget: "1000.00"
    quarters: [1, 2]
sheets:
  - number: 1
    project: โครงการหนึ่ง
    rationale: [เหตุผล]
    objectives: [{ items: [ข้อหนึ่ง] }]
    targets: [ประชาชน]
    method: [{ items: [ทำ] }]
    period: [ปีงบประมาณ พ.ศ. ๒๕๖๘]
    responsible: [สำนักปลัด]
    outputs: [ผลผลิต]
    outcomes: [ผลลัพธ์]
"#;

/// Asserts an error at `line` on `path` whose message contains `words`.
pub(crate) fn one_error(text: &str, line: usize, path: &str, words: &str) {
    let ps = problems(text);
    let errors: Vec<_> = ps.iter().filter(|d| d.severity == phaen::diag::Severity::Error).collect();
    assert!(
        errors.iter().any(|d| d.line == line && d.path == path && d.message.contains(words)),
        "expected an error at line {line} {path} mentioning {words:?}, got:\n{}",
        ps.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    );
}

/// Asserts a warning at `line` on `path` whose message contains `words`.
pub(crate) fn one_warning(text: &str, line: usize, path: &str, words: &str) {
    let ps = problems(text);
    assert!(
        ps.iter().any(|d| d.severity == phaen::diag::Severity::Warning
            && d.line == line
            && d.path == path
            && d.message.contains(words)),
        "expected a warning at line {line} {path} mentioning {words:?}, got:\n{}",
        ps.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    );
}
