//! Oversized datasets: each builds or fails with a clear message, in bounded time, never a
//! panic, a hang or an out-of-memory kill. Each runs the real binary under a deadline.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use phaen::plan::validate::{MAX_FIELD_CHARS, MAX_ROWS, MAX_TEXT_CHARS};

/// Longest any one run may take before it counts as a hang.
const DEADLINE: Duration = Duration::from_secs(120);

const META: &str = "plan:
  title: แผนปฏิบัติการป้องกันการทุจริต
  organization: เทศบาลตำบลทดสอบ
  fiscal_year: 2568
  as_of: 2568-01-15
  issuer: นายทดสอบ ระบบ
  dimensions:
    - { number: 1, name: การสร้างวัฒนธรรมสุจริต }
";

/// A sentence of a real plan's rationale, 100 characters with its trailing space.
const SENTENCE: &str = "เทศบาลเมืองสมุทรสงครามได้ตระหนักและให้ความสำคัญกับเด็กและเยาวชน เป็นพลังที่สำคัญในการพัฒนาประเทศชาติ ";

/// Thai text of exactly `chars` characters.
fn thai_text(chars: usize) -> String {
    // Ends in a letter, not a space, which YAML would drop.
    let mut s: String = SENTENCE.chars().cycle().take(chars - 1).collect();
    s.push('ก');
    s
}

fn row(no: usize) -> String {
    format!(
        "  - {{ name: โครงการส่งเสริมคุณธรรมและจริยธรรม {no}, dimension: 1, budget: \"1000.00\", quarters: [1, 2, 3, 4] }}\n"
    )
}

/// A sheet for row `no` whose rationale is `paragraphs`.
fn sheet(no: usize, paragraphs: &[String]) -> String {
    let mut s = format!("  - row: {no}\n    rationale:\n");
    for p in paragraphs {
        s += &format!("      - {p}\n");
    }
    s + "    objectives: [{ items: [เพื่อส่งเสริมคุณธรรม] }]\n    targets: [บุคลากร]\n    method: [{ items: [จัดอบรม] }]\n    period: [ปีงบประมาณ พ.ศ. ๒๕๖๘]\n    responsible: [สำนักปลัด]\n    outputs: [ผลผลิต]\n    outcomes: [ผลลัพธ์]\n"
}

/// A plan of `rows` rows, each with a sheet of `paragraphs`.
fn plan(rows: usize, paragraphs: &[String]) -> String {
    let mut s = String::from(META) + "rows:\n";
    for no in 1..=rows {
        s += &row(no);
    }
    s += "sheets:\n";
    for no in 1..=rows {
        s += &sheet(no, paragraphs);
    }
    s
}

struct Run {
    status: ExitStatus,
    stderr: String,
    took: Duration,
}

/// Runs `phaen build` on `yaml` (written to a temporary folder), killing it and failing
/// the test after [`DEADLINE`].
fn build(yaml: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plan.yaml");
    std::fs::write(&data, yaml).unwrap();
    let err = dir.path().join("stderr.txt");
    let start = Instant::now();
    let mut child = crate::support::phaen_command()
        .args(["build", data.to_str().unwrap(), "-o"])
        .arg(dir.path().join("plan.pdf"))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("phaen build took over {DEADLINE:?} on a {} byte dataset", yaml.len());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    let stderr = std::fs::read_to_string(&err).unwrap();
    // A panic or a kill (no exit code) is never a clear message.
    assert!(status.code().is_some() && !stderr.contains("panicked"), "{status}: {stderr}");
    assert!(status.success() || !Path::new(&dir.path().join("plan.pdf")).exists());
    Run { status, stderr, took }
}

/// Asserts a refusal with one line of diagnosis naming `path` and `words`.
fn refused(run: &Run, path: &str, words: &str) {
    assert!(!run.status.success(), "built: {}", run.stderr);
    assert!(
        run.stderr.lines().any(|l| l.contains(&format!(" {path}: error: ")) && l.contains(words)),
        "expected an error on {path} mentioning {words:?}:\n{}",
        run.stderr
    );
    assert!(run.took < Duration::from_secs(10), "refusing took {:?}", run.took);
}

#[test]
fn a_20_mb_dataset_is_refused_quickly() {
    // 1,000 rows and sheets of three 2,200-character paragraphs: ~20 MB of Thai.
    let paragraphs = vec![thai_text(2_200); 3];
    let yaml = plan(MAX_ROWS, &paragraphs);
    assert!((18 << 20..32 << 20).contains(&yaml.len()), "{} bytes", yaml.len());
    let run = build(&yaml);
    refused(&run, "", &format!("more than the limit of {MAX_TEXT_CHARS}"));
}

#[test]
fn a_200_000_character_paragraph_is_refused() {
    let run = build(&plan(1, &[thai_text(200_000)]));
    refused(
        &run,
        "sheets[0].rationale[0]",
        &format!("more than the limit of {MAX_FIELD_CHARS}: split it into paragraphs"),
    );
}

#[test]
fn a_5_000_row_plan_is_refused() {
    let mut yaml = String::from(META) + "rows:\n";
    for no in 1..=5_000 {
        yaml += &row(no).replace("dimension: 1,", "dimension: 1, starred: true,");
    }
    let run = build(&yaml);
    refused(&run, "rows", &format!("the plan has 5000 rows, more than the limit of {MAX_ROWS}"));
}

#[test]
fn a_plan_at_the_limits_builds() {
    // The most rows, one with a sheet whose paragraph has the most characters.
    let mut yaml = String::from(META) + "rows:\n" + &row(1);
    for no in 2..=MAX_ROWS {
        yaml += &row(no).replace("dimension: 1,", "dimension: 1, starred: true,");
    }
    yaml += "sheets:\n";
    yaml += &sheet(1, &[thai_text(MAX_FIELD_CHARS)]);
    let run = build(&yaml);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(run.took < Duration::from_secs(30), "building took {:?}", run.took);
}
