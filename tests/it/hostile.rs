//! Hostile and careless input: every key is read or refused, money never overflows, no
//! input crashes, hangs or leaks, and messages speak of the dataset, not of the library.

use std::path::Path;
use std::time::{Duration, Instant};

use phaen::diag::Severity;

use crate::support::*;

/// A dataset that uses every kind of mapping a plan has, in block style.
const NESTED: &str = "plan:
  title: แผนปฏิบัติการป้องกันการทุจริต
  organization: เทศบาลตำบลทดสอบ
  fiscal_year: 2568
  as_of: 2568-01-15
  issuer: นายทดสอบ ระบบ
  dimensions:
    - number: 1
      name: การสร้างวัฒนธรรมสุจริต
rows:
  - name: โครงการหนึ่ง
    dimension: 1
    budget: \"1000.00\"
    quarters: [1, 2]
sheets:
  - project: โครงการหนึ่ง
    rationale:
      - เหตุผล
    objectives:
      - items:
          - ข้อหนึ่ง
          - text: ข้อสอง
            body:
              - items:
                  - ข้อย่อย
              - bullets:
                  - ขีด
    targets: [ประชาชน]
    method: [{ items: [ทำ] }]
    period: [ปีงบประมาณ พ.ศ. ๒๕๖๘]
    responsible: [สำนักปลัด]
    outputs: [ผลผลิต]
    outcomes: [ผลลัพธ์]
announcement:
  body:
    - ประกาศ
  date: 2567-10-01
  name: นายทดสอบ ระบบ
  position: นายกเทศมนตรี
";

/// Every key is read or refused: one unknown key put into each mapping of the dataset in
/// turn (`bdy:` beside `body:`, `note:` in a block, …) is an error at its own line.
#[test]
fn an_unknown_key_at_every_level_is_an_error_at_its_line() {
    assert!(problems(NESTED).is_empty(), "{:?}", problems(NESTED));
    let lines: Vec<&str> = NESTED.lines().collect();
    let mut tried = 0;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let (dash, rest) = match trimmed.strip_prefix("- ") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if !rest
            .split(':')
            .next()
            .is_some_and(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            || !rest.contains(':')
        {
            continue;
        }
        // The unknown key becomes the first key of the mapping this line is in.
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let at = if dash {
            let pad = " ".repeat(indent + 2);
            edited[i] = format!("{}- bdy: 1\n{pad}{rest}", " ".repeat(indent));
            i + 1
        } else {
            edited.insert(i, format!("{}bdy: 1", " ".repeat(indent)));
            i + 1
        };
        let text = edited.join("\n") + "\n";
        let found = problems(&text);
        assert!(
            found.iter().any(|d| d.severity == Severity::Error && d.line == at && d.message.contains("bdy")),
            "`bdy:` put at line {at} was not refused there:\n{text}\n{found:#?}"
        );
        tried += 1;
    }
    assert!(tried >= 25, "only {tried} mappings tried");
    // A block with both kinds of list, and an item with two texts.
    one_error(
        &NESTED.replace("              - bullets:\n", "                bullets:\n"),
        24,
        "sheets[0].objectives[0].items[1].body[0]",
        "not both",
    );
}

#[test]
fn money_never_overflows() {
    let huge = SMALL.replace("budget: \"1000.00\"", "budget: \"50000000000000000000000000000\"");
    let two = huge.replace(
        "sheets:",
        "  - { name: โครงการสอง, dimension: 1, starred: true, budget: \"50000000000000000000000000000\", quarters: [1] }\nsheets:",
    );
    one_error(&two, 13, "rows[0].budget", "one trillion");
    let declared = two.replace("  issuer: นายทดสอบ ระบบ\n", "  issuer: นายทดสอบ ระบบ\n  total_budget: \"1.00\"\n");
    one_error(&declared, 14, "rows[0].budget", "one trillion");
    // At the ceiling it is fine.
    let ceiling = SMALL.replace("budget: \"1000.00\"", "budget: \"1000000000000.00\"");
    assert!(problems(&ceiling).iter().all(|d| d.severity == Severity::Warning), "{:?}", problems(&ceiling));
}

#[test]
fn stacked_marks_are_refused_before_typesetting() {
    let start = Instant::now();
    let marks = format!("ก{}", "\u{0E48}".repeat(10_000));
    one_error(
        &SMALL.replace("rationale: [เหตุผล]", &format!("rationale: [{marks}]")),
        18,
        "sheets[0].rationale[0]",
        "combining marks",
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    // Three marks on one letter, as Thai has them, are fine.
    assert!(problems(&SMALL.replace("rationale: [เหตุผล]", "rationale: [กิ่ํ]")).is_empty());
}

#[test]
fn size_limits_cover_every_dimension() {
    let dims: String = (2..=21).map(|n| format!("    - {{ number: {n}, name: มิติ }}\n")).collect();
    one_error(&SMALL.replace("rows:", &format!("{dims}rows:")), 8, "plan.dimensions", "more than the limit of 20");
    let bullets = format!("[{{ bullets: [{}] }}]", vec!["\"\""; 20_001].join(", "));
    let start = Instant::now();
    one_error(
        &SMALL.replace("targets: [ประชาชน]", &format!("targets: {bullets}")),
        1,
        "",
        "more than the limit of 20000",
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    let mut deep = "{ items: [ก] }".to_string();
    for _ in 0..9 {
        deep = format!("{{ items: [{{ text: ก, body: [{deep}] }}] }}");
    }
    let found = problems(&SMALL.replace("method: [{ items: [ทำ] }]", &format!("method: [{deep}]")));
    assert!(found.iter().any(|d| d.message.contains("nested more than 8 levels")), "{found:#?}");
}

#[test]
fn emblems_and_datasets_are_read_safely() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plan.yaml");
    let check = |text: &str| {
        std::fs::write(&data, text).unwrap();
        let out = phaen(&["check", data.to_str().unwrap()]);
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let with = |name: &str| format!("{SMALL}cover:\n  emblem: {name}\n");
    // A link to a file elsewhere is refused, even one that is an image.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("secret.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("secret.svg"), dir.path().join("seal.svg")).unwrap();
    let (code, err) = check(&with("seal.svg"));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("cover.emblem") && err.contains("not a link to elsewhere"), "{err}");
    // Text named .jpg, a truncated PNG: named at cover.emblem, never a typst error.
    std::fs::write(dir.path().join("seal.jpg"), "hello").unwrap();
    std::fs::write(dir.path().join("cut.png"), &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..]).unwrap();
    for name in ["seal.jpg", "cut.png"] {
        let (code, err) = check(&with(name));
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains("cover.emblem: error") && err.contains("not an image"), "{name}: {err}");
        assert!(!err.contains("generated source"), "{err}");
    }
    // A FIFO as emblem or dataset, and /dev/zero as dataset: refused at once, no hang.
    let fifo = dir.path().join("pipe.png");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let start = Instant::now();
    let (code, err) = check(&with("pipe.png"));
    assert!(code == Some(1) && err.contains("not a regular file"), "{err}");
    let out = phaen(&["check", fifo.to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    let out = phaen(&["check", "/dev/zero"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    assert!(start.elapsed() < Duration::from_secs(10));
    // A folder, and a file that is not UTF-8, named with what to do.
    let out = phaen(&["check", dir.path().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is a folder, not a file"));
    std::fs::write(&data, [SMALL.as_bytes(), b"  \xff\xfe\n"].concat()).unwrap();
    let out = phaen(&["check", data.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("plan.yaml:{}:3", SMALL.lines().count() + 1)) && err.contains("save it as UTF-8"),
        "{err}"
    );
}

/// The messages of the YAML reader, in the dataset's terms.
#[test]
fn messages_speak_of_the_dataset() {
    let said = |text: &str| problems(text).into_iter().map(|d| format!("{d}")).collect::<Vec<_>>().join("\n");
    let bdy = said(&SMALL.replace("[{ items: [ข้อหนึ่ง] }]", "[{ items: [{ text: ข้อหนึ่ง, bdy: [x] }] }]"));
    assert!(bdy.contains("unknown field `bdy`") && !bdy.contains("untagged"), "{bdy}");
    let null = said(&SMALL.replace("  issuer: นายทดสอบ ระบบ", "  issuer:"));
    assert!(null.contains("a value is missing here") && !null.contains("Option<"), "{null}");
    let twice = said(&format!("{SMALL}---\n{SMALL}"));
    assert!(twice.contains("more than one YAML document") && !twice.contains("from_str_multiple"), "{twice}");
    let dup = said(&SMALL.replace("  issuer: นายทดสอบ ระบบ\n", "  issuer: นายทดสอบ ระบบ\n  issuer: x\n"));
    assert!(dup.contains("given twice") && !dup.contains("DuplicateKeyPolicy"), "{dup}");
    let deep =
        said(&SMALL.replace("targets: [ประชาชน]", &format!("targets: {}x{}", "[".repeat(5000), "]".repeat(5000))));
    assert!(deep.contains("nested too deeply") && !deep.contains("Depth {"), "{deep}");
    // The same file names the same field every run.
    let flow = SMALL.replace("quarters: [1, 2]", "quarters: [1, 2, 3, 4, 5, 6, 7, 8, 9]");
    let first = said(&flow);
    for _ in 0..5 {
        assert_eq!(said(&flow), first);
    }
}

#[test]
fn empty_and_implausible_values() {
    for field in ["title", "organization", "issuer"] {
        let line = SMALL.lines().position(|l| l.starts_with(&format!("  {field}:"))).unwrap() + 1;
        let text = SMALL
            .lines()
            .map(|l| if l.starts_with(&format!("  {field}:")) { format!("  {field}: \"\"") } else { l.into() });
        one_error(&(text.collect::<Vec<_>>().join("\n") + "\n"), line, &format!("plan.{field}"), "must not be empty");
    }
    one_error(&SMALL.replace("    name: โครงการหนึ่ง\n", "    name: \" \"\n"), 11, "rows[0].name", "must not be empty");
    one_warning(&SMALL.replace("quarters: [1, 2]", "quarters: []"), 14, "rows[0].quarters", "no quarter");
    one_error(
        &SMALL.replace("as_of: 2568-01-15", "as_of: 9999-01-15"),
        5,
        "plan.as_of",
        "not in or near the fiscal year",
    );
    one_warning(
        &SMALL.replace("rationale: [เหตุผล]", "rationale: [\"เหตุ\u{202E}ผล\"]"),
        18,
        "sheets[0].rationale[0]",
        "U+202E",
    );
    one_warning(&SMALL.replace("rationale: [เหตุผล]", "rationale: [การ Oงค์กร]"), 18, "sheets[0].rationale[0]", "Oงค์กร");
    // The key `no`, which YAML 1.1 tools read as false.
    one_warning(&SMALL.replace("  - number: 1\n    name:", "  - no: 1\n    name:"), 10, "rows[0].no", "number:");
}

#[test]
fn a_word_too_long_for_a_line_is_refused() {
    let url = format!("https://www.example.go.th/{}", "a".repeat(80));
    one_error(
        &SMALL.replace("rationale: [เหตุผล]", &format!("rationale: [\"ดู {url}\"]")),
        18,
        "sheets[0].rationale[0]",
        "no place to break",
    );
    one_error(
        &SMALL.replace("    quarters: [1, 2]\n", &format!("    quarters: [1, 2]\n    remark: {}\n", "x".repeat(31))),
        15,
        "rows[0].remark",
        "at most 30",
    );
    // Broken at hyphens and spaces, or Thai: fine.
    let fine = format!("rationale: [\"{}\"]", ["abcdefghij"; 20].join("-"));
    assert!(problems(&SMALL.replace("rationale: [เหตุผล]", &fine)).is_empty());
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn written_files_keep_the_expected_mode_and_stale_temporaries_go() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (data, pdf) = (dir.path().join("plan.yaml"), dir.path().join("plan.pdf"));
    std::fs::write(&data, SMALL).unwrap();
    // A temporary file a killed build left an hour ago.
    let stale = dir.path().join(".phaen-killed.tmp");
    std::fs::write(&stale, "half a PDF").unwrap();
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(hour_ago).unwrap();
    phaen_ok(&["build", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(!stale.exists(), "the stale temporary file was left");
    assert_eq!(mode(&pdf) & 0o644, 0o644, "a new PDF is readable by others as usual, not 0600");
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o640)).unwrap();
    phaen_ok(&["build", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(mode(&pdf), 0o640, "a rebuilt PDF keeps the mode of the one it replaces");
}

#[test]
fn split_without_an_extension_and_ua_with_a_cover() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    phaen_ok(&["build", EXAMPLE, "--split", "-o", out.to_str().unwrap()]);
    assert!(out.is_file());
    assert_eq!(std::fs::read_dir(dir.path().join("plan-parts")).unwrap().count(), 47);
    // PDF/UA with a cover: the emblem gets its alt text (the organization's).
    let data = dir.path().join("front.yaml");
    std::fs::write(dir.path().join("emblem.svg"), "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>")
        .unwrap();
    std::fs::write(&data, format!("{}cover:\n  emblem: emblem.svg\n", dataset_text())).unwrap();
    phaen_ok(&[
        "build",
        data.to_str().unwrap(),
        "--pdf-standard",
        "ua-1",
        "-o",
        dir.path().join("ua.pdf").to_str().unwrap(),
    ]);
}

mod property {
    use proptest::prelude::*;

    use crate::support::*;

    /// Text from pieces a careless or hostile dataset holds: Thai syllables with their
    /// marks, stacked marks, Latin, digits, markup characters, quotes, and now and then
    /// a character no font draws.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            20 => "[กขคงจมนยรลวสห][ัิีึืุู]?[่้๊๋]?",
            2 => "[เแโ][กคตนบมร]",
            2 => "[A-Za-z]{1,8}",
            1 => "[0-9]{1,6}",
            1 => Just(" ".to_string()),
            1 => "[#$*_\\[\\]<>@=/\\\\\"'`-]",
            1 => "ก[่้]{1,6}",
            1 => Just("✓".to_string()),
        ];
        proptest::collection::vec(piece, 1..12).prop_map(|p| p.concat())
    }

    fn budget() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("0.00".to_string()),
            Just("0.01".to_string()),
            Just("999999999999.99".to_string()),
            Just("50000000000000000000000000000".to_string()),
            Just("-5.00".to_string()),
            Just("10.005".to_string()),
            "[1-9][0-9]{0,6}\\.[0-9]{2}",
            "[1-9][0-9]{0,6}\\.[0-9]{2}",
            "[1-9][0-9]{0,6}\\.[0-9]{2}",
            "[1-9][0-9]{0,6}\\.[0-9]{2}",
            "[1-9][0-9]{0,6}\\.[0-9]{2}",
            "[1-9][0-9]{0,6}\\.[0-9]{2}",
        ]
    }

    /// A YAML scalar, quoted the way YAML wants any text.
    fn quoted(s: &str) -> String {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }

    prop_compose! {
        fn dataset()(
            names in proptest::collection::vec(text(), 1..4),
            budgets in proptest::collection::vec(budget(), 4),
            quarters in proptest::collection::vec(proptest::collection::vec(1u8..5, 1..4), 4),
            bad_quarter in proptest::bool::weighted(0.1),
            paragraphs in proptest::collection::vec(text(), 1..4),
            items in proptest::collection::vec(text(), 0..3),
            unknown in proptest::option::weighted(0.15, prop_oneof![Just("bdy"), Just("note"), Just("bullets")]),
            link in 0usize..8,
        ) -> (String, Vec<String>) {
            let link = if link < 7 { link % names.len() } else { usize::MAX };
            let mut quarters = quarters;
            if bad_quarter {
                quarters[0].push(7);
            }
            let mut yaml = String::from("plan:\n  title: แผนปฏิบัติการป้องกันการทุจริต\n  organization: เทศบาลตำบลทดสอบ\n  fiscal_year: 2568\n  as_of: 2568-01-15\n  issuer: นายทดสอบ ระบบ\n  dimensions:\n    - { number: 1, name: มิติหนึ่ง }\nrows:\n");
            for (i, name) in names.iter().enumerate() {
                let q: Vec<String> = quarters[i].iter().map(u8::to_string).collect();
                yaml += &format!("  - name: {}\n    dimension: 1\n    budget: \"{}\"\n    quarters: [{}]\n", quoted(name), budgets[i], q.join(", "));
            }
            let project = names.get(link).cloned().unwrap_or_else(|| "ไม่มีโครงการนี้".into());
            yaml += &format!("sheets:\n  - project: {}\n    rationale:\n", quoted(&project));
            for p in &paragraphs {
                yaml += &format!("      - {}\n", quoted(p));
            }
            yaml += "    objectives:\n      - items:\n";
            for it in &items {
                yaml += &format!("          - text: {}\n", quoted(it));
            }
            if let Some(key) = unknown {
                yaml += &format!("            {key}: [x]\n");
            }
            if items.is_empty() && unknown.is_none() {
                yaml += "          - ข้อ\n";
            }
            yaml += "    targets: [ประชาชน]\n    method: [ทำ]\n    period: [ปีงบประมาณ]\n    responsible: [สำนักปลัด]\n    outputs: [ผลผลิต]\n    outcomes: [ผลลัพธ์]\n";
            let mut texts = names.clone();
            if link < names.len() {
                texts.extend(paragraphs);
                texts.extend(items);
            }
            (yaml, texts)
        }
    }

    /// How many generated datasets passed `check` and were built.
    static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// Text as compared: without white space, with Thai digits read as Arabic ones.
    fn plain(s: &str) -> String {
        squeeze(s)
            .chars()
            .map(|c| if ('๐'..='๙').contains(&c) { char::from(b'0' + (c as u32 - '๐' as u32) as u8) } else { c })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
        /// No generated dataset panics `check`; whatever it accepts, `build` builds, and
        /// every text of the dataset is in the PDF's text.
        #[test]
        fn whatever_check_accepts_builds_with_every_text((yaml, texts) in dataset()) {
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("plan.yaml");
            std::fs::write(&data, &yaml).unwrap();
            let Ok(_) = phaen::plan::load_checked(&data) else { return Ok(()) };
            BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let pdf = dir.path().join("plan.pdf");
            std::fs::write(&pdf, build_pdf(&data)).unwrap();
            let got = plain(&pdftotext(&pdf, true));
            for t in texts {
                prop_assert!(got.contains(&plain(&t)), "{:?} is not in the PDF of\n{}", t, yaml);
            }
            eprintln!("built {}", BUILT.load(std::sync::atomic::Ordering::Relaxed));
        }
    }

    /// Lines of a plan's text, whole and in pieces, with the damage extraction does and
    /// what a hostile file could hold.
    fn plan_line() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => Just("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลทดสอบ".to_string()),
            2 => Just("ลำดับ\tรายการโครงการ (ตั้งต้น)\tมิติ\tงบประมาณ (บาท)\tดำเนินการไตรมาส\t\t\t\tหมายเหตุ".to_string()),
            2 => Just("ลำดับ      รายการโครงการ (ตั้งต้น)      มิติ     งบประมาณ".to_string()),
            1 => Just("ลำดับ รายการโครงการ (ตั้งต้น) มิติ".to_string()),
            1 => Just("        1    2    3    4".to_string()),
            3 => r"[0-9]{1,3}(\t| {1,6})[กขค ]{0,20}(\t| {2,6})\*?[0-9](\t| {2,6})([0-9,]{1,9}\.00|-|–)(\t| {1,4})(✓|\t| ){0,8}[กขค ]{0,10}",
            2 => "ลำดับที่ [๐-๙0-9]{1,3}",
            2 => r"[๐-๙0-9]{1,2}\. (ชื่อโครงการ :|หลักการและเหตุผล|วัตถุประสงค์|ผลผลิต/ผลลัพธ์|งบประมาณดำเนินการ) ?[กขค]{0,10}",
            2 => r"[๐-๙]{1,2}(\.[๐-๙]{1,2})?\) ?[กขคํา่้ิ ]{0,12}",
            1 => "รวมทั้งสิ้น( +[0-9,.]{1,9}){0,5}",
            1 => "- ?[๐-๙0-9]{1,3} ?-",
            3 => r"[กขคงจ ่้ิีุูําำ\x{200B}\t✓-]{0,40}",
            1 => Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        /// No text makes the importer panic: it imports, or says why not.
        #[test]
        fn import_never_panics(lines in proptest::collection::vec(plan_line(), 0..40), tabbed in any::<bool>()) {
            // Most texts start as a plan does, so that the reading goes past its first checks.
            let header = if tabbed { "ลำดับ\tรายการโครงการ (ตั้งต้น)\tมิติ" } else { "ลำดับ    รายการโครงการ (ตั้งต้น)    มิติ" };
            let text = format!("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลทดสอบ\n{header}\n{}", lines.join("\n"));
            let _ = phaen::import::import_text(&text);
            let _ = phaen::import::import_text(&lines.join("\n"));
        }

        /// No bytes that look like a PDF or a Word file make it panic either.
        #[test]
        fn import_of_damaged_files_never_panics(kind in 0..2usize, body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut bytes = if kind == 0 { b"%PDF-1.7\n".to_vec() } else { b"PK\x03\x04".to_vec() };
            bytes.extend(body);
            prop_assert!(phaen::import::import_file(&bytes).is_err());
        }
    }
}
