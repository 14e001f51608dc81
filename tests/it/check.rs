//! `phaen check` and the checks at the start of `phaen build`: each rule with its message,
//! nothing lost on failure, and text that looks like markup printed literally.

use std::path::Path;

use crate::support::*;

fn dataset() -> String {
    dataset_text()
}

#[test]
fn the_small_dataset_is_clean() {
    assert!(problems(SMALL).is_empty(), "{:?}", problems(SMALL));
}

#[test]
fn each_error_rule_names_line_and_field() {
    one_error(&SMALL.replace("budget: \"1000.00\"", "budget: \"abc\""), 13, "rows[0].budget", "งบประมาณเขียนเป็นตัวเลข");
    one_error(&SMALL.replace("\"1000.00\"", "\"-5.00\""), 13, "rows[0].budget", "negative");
    one_error(&SMALL.replace("\"1000.00\"", "\"10.005\""), 13, "rows[0].budget", "two decimals");
    one_error(&SMALL.replace("quarters: [1, 2]", "quarters: [1, 5]"), 14, "rows[0].quarters[1]", "1–4");
    one_error(
        &SMALL.replace("    dimension: 1\n", "    dimension: 3\n"),
        12,
        "rows[0].dimension",
        "not in plan.dimensions",
    );
    one_error(&SMALL.replace("    project: โครงการหนึ่ง\n", "    row: 9\n"), 17, "sheets[0].row", "not in rows");
    one_error(
        &SMALL.replace("    project: โครงการหนึ่ง\n", "    project: โครงการหนึง\n"),
        17,
        "sheets[0].project",
        "the closest row is “โครงการหนึ่ง”",
    );
    one_error(&SMALL.replace("as_of: 2568-01-15", "as_of: 2568-02-30"), 5, "plan.as_of", "YYYY-MM-DD");
    one_error(&SMALL.replace("  issuer:", "  isuer:"), 6, "plan.isuer", "isuer");
    one_error(&SMALL.replace("    name: โครงการหนึ่ง\n", ""), 10, "rows[0].name", "`name:` is missing");
    one_error(&SMALL.replace("fiscal_year: 2568", "fiscal_year: [2568]"), 4, "plan.fiscal_year", "expected");
    // A declared total that the rows do not add up to.
    one_error(
        &SMALL.replace("  issuer: นายทดสอบ ระบบ\n", "  issuer: นายทดสอบ ระบบ\n  total_budget: \"1500.00\"\n"),
        7,
        "plan.total_budget",
        "differs from the rows' sum 1,000.00",
    );
    assert!(
        problems(&SMALL.replace("  issuer: นายทดสอบ ระบบ\n", "  issuer: นายทดสอบ ระบบ\n  total_budget: \"1000.00\"\n"))
            .is_empty()
    );
    // Broken YAML syntax.
    one_error(&SMALL.replace("    quarters: [1, 2]", "    quarters: [1, 2"), 14, "rows[0].quarters", "ยังไม่ปิด");
    // Two sheets on one row.
    let sheet = &SMALL[SMALL.find("  - number: 1\n    project:").unwrap()..];
    let two_sheets = format!("{SMALL}{sheet}");
    one_error(&two_sheets, 27, "sheets[1].project", "two sheets detail row 1");
}

#[test]
fn warnings_for_suspect_data() {
    let warn = |text: &str, path: &str| {
        let ps = problems(text);
        assert!(
            ps.iter().any(|d| d.severity == phaen::diag::Severity::Warning && d.path == path),
            "expected a warning on {path}, got {ps:?}"
        );
    };
    warn(&SMALL.replace("[{ items: [ข้อหนึ่ง] }]", "[{ items: [ข้อหนึ่ง, \"\"] }]"), "sheets[0].objectives[0].items[1]");
    warn(&SMALL.replace("rationale: [เหตุผล]", "rationale: [เหตุผล, \" \"]"), "sheets[0].rationale[1]");
    let unlinked = SMALL
        .replace("sheets:", "  - { number: 2, name: สอง, dimension: 1, budget: \"0.00\", quarters: [1] }\nsheets:");
    warn(&unlinked, "rows[1]");
}

#[test]
fn warnings_for_damaged_text() {
    // A Latin O for อ, and a space inside สมุทรสงคราม, deep in a sheet's numbered list.
    let method = "    method: [{ items: [ทำ] }]\n";
    let nested = SMALL.replace(
        method,
        "    method:\n      - items:\n          - ทำ\n          - text: การปกครOงท้องถิ่น\n            body:\n              - items:\n                  - ส่งเสริม\n                  - เทศบาลเมืองส มุทรสงคราม\n",
    );
    one_warning(
        &nested,
        24,
        "sheets[0].method[0].items[1].text",
        "non-Thai letter inside a Thai word: “การปกครOงท้องถิ่น”",
    );
    one_warning(&nested, 28, "sheets[0].method[0].items[1].body[0].items[1]", "a space cuts a word: “เมืองส มุทรสงคราม”");
    // A tab in a row's remark, doubled spaces in the title, a cut word in a มิติ name and
    // in a bullet, a vowel after a space in an issuer's name.
    let remark = SMALL.replace("    quarters: [1, 2]\n", "    quarters: [1, 2]\n    remark: \"ค่าใช้จ่าย\\tรวม\"\n");
    one_warning(&remark, 15, "rows[0].remark", "U+0009");
    one_warning(&SMALL.replace("title: แผนปฏิบัติการ", "title: แผนปฏิบัติ  การ"), 2, "plan.title", "doubled space");
    one_warning(
        &SMALL.replace("name: การสร้างวัฒนธรรมสุจริต", "name: การยกระดับองค์กรปกครองส ว่นท้องถิ่น"),
        8,
        "plan.dimensions[0].name",
        "a space cuts a word",
    );
    one_warning(
        &SMALL.replace("targets: [ประชาชน]", "targets: [{ bullets: [เด็ก, การเรียนกา รสอน] }]"),
        20,
        "sheets[0].targets[0].bullets[1]",
        "cuts a word",
    );
    one_warning(&SMALL.replace("issuer: นายทดสอบ ระบบ", "issuer: นายทดสอบ ร ะบบ"), 6, "plan.issuer", "cuts a word");
    // Real word spaces, Latin words and numbers are fine.
    let fine = SMALL
        .replace("rationale: [เหตุผล]", "rationale: [\"เด็ก นักเรียน ณ ที่ทำการ แผนพัฒนา การจัดทำงบประมาณ ระบบ e-GP ปี 2568\"]");
    assert!(problems(&fine).is_empty(), "{:?}", problems(&fine));
}

#[test]
fn warnings_for_a_budget_the_sheet_text_contradicts() {
    // Row 1 has 1,000 baht.
    let none = SMALL.replace("rationale: [เหตุผล]", "rationale: [เหตุผล, ดำเนินการโดยไม่ใช้งบประมาณ]");
    one_warning(&none, 18, "sheets[0].rationale[1]", "says no budget is used, but row 1 has a budget of 1,000.00 baht");
    let other = SMALL.replace("[{ items: [ข้อหนึ่ง] }]", "[{ items: [ข้อหนึ่ง, \"ใช้งบประมาณ จำนวน ๒,๕๐๐ บาท\"] }]");
    one_warning(
        &other,
        19,
        "sheets[0].objectives[0].items[1]",
        "states a budget of 2,500.00 baht, but row 1 has 1,000.00",
    );
    // Without a budget, a stated amount is wrong too; the row's own amount is not.
    let zero = SMALL.replace("\"1000.00\"", "\"0.00\"").replace("period: [", "period: [งบประมาณ จำนวน 500 บาท, ");
    one_warning(&zero, 22, "sheets[0].period[0]", "states a budget of 500.00 baht");
    for agrees in ["งบประมาณ จำนวน ๑,๐๐๐ บาท", "งบประมาณจำนวน 1,000.00 บาท"]
    {
        let text = SMALL.replace("rationale: [เหตุผล]", &format!("rationale: [\"{agrees}\"]"));
        assert!(problems(&text).is_empty(), "{agrees}: {:?}", problems(&text));
    }
}

#[test]
fn size_limits_are_errors() {
    let row = "  - { name: โครงการหนึ่ง, dimension: 1, budget: \"1000.00\", quarters: [1, 2] }\n";
    let many = row.repeat(phaen::plan::validate::MAX_ROWS);
    let rows = SMALL.replace("sheets:", &format!("{many}sheets:"));
    one_error(&rows, 10, "rows", "more than the limit of 1000");
    let long = "ก".repeat(phaen::plan::validate::MAX_FIELD_CHARS + 1);
    one_error(
        &SMALL.replace("outcomes: [ผลลัพธ์]", &format!("outcomes: [ผลลัพธ์, {long}]")),
        25,
        "sheets[0].outcomes[1]",
        "split it into paragraphs",
    );
    let at_limit = "ก".repeat(phaen::plan::validate::MAX_FIELD_CHARS);
    assert!(problems(&SMALL.replace("outcomes: [ผลลัพธ์]", &format!("outcomes: [{at_limit}]"))).is_empty());
}

#[test]
fn the_real_dataset_checks_clean_with_its_warnings() {
    let out = phaen(&["check", EXAMPLE]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(!phaen(&["check", EXAMPLE, "--deny-warnings"]).status.success());
    // Exactly the damage the published plan really has: row 1's remark, where the PDF's
    // text lost a word (`การเรียนรู้ รสอน` for `การเรียนการสอน`), and sheet ๑'s empty
    // objective ๔, and sheet ๑๙'s `บुकลการ` with two Devanagari letters, twice.
    let found: Vec<(String, usize, String)> =
        problems(&dataset()).into_iter().map(|d| (d.path, d.line, d.message)).collect();
    let paths: Vec<&str> = found.iter().map(|(p, ..)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "rows[0].remark",
            "sheets[0].objectives[0].items[3]",
            "sheets[18].method[0].items[4]",
            "sheets[18].method[0].items[5]"
        ],
        "{found:#?}"
    );
    assert_eq!(found[0].1, 41);
    // Whole words around the space.
    assert!(found[0].2.contains("“เรียนรู้ รสอนหลัก”"), "{found:#?}");
    assert!(found[1].2.contains("empty list item"));
    assert!(found[2].2.contains("non-Thai letter inside a Thai word: “แก่บुकลการ"), "{found:#?}");
}

#[test]
fn a_failed_build_leaves_the_previous_pdf_and_the_input_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("plan.yaml");
    let pdf = dir.path().join("plan.pdf");
    std::fs::write(&good, SMALL).unwrap();
    let out = phaen(&["build", good.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before = std::fs::read(&pdf).unwrap();

    for broken in [SMALL.replace("\"1000.00\"", "\"abc\""), SMALL.replace("quarters: [1, 2]", "quarters: [1, 2")] {
        std::fs::write(&good, &broken).unwrap();
        let out = phaen(&["build", good.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert!(!out.status.success());
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(msg.contains("plan.yaml:13") || msg.contains("plan.yaml:14") || msg.contains("plan.yaml:15"), "{msg}");
        assert_eq!(std::fs::read(&pdf).unwrap(), before, "the previous PDF changed");
        assert_eq!(std::fs::read_to_string(&good).unwrap(), broken, "the input changed");
    }
    // The output may not be the input.
    std::fs::write(&good, SMALL).unwrap();
    let out = phaen(&["build", good.to_str().unwrap(), "-o", good.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&good).unwrap(), SMALL);
}

/// Builds SMALL with `text` as the rationale and returns the PDF's text.
fn round_trip(dir: &Path, text: &str) -> String {
    let mut plan: phaen::plan::model::Plan = serde_saphyr::from_str(SMALL).unwrap();
    plan.sheets[0].rationale = vec![phaen::plan::model::Block::Para(text.to_string())];
    plan.rows[0].remark = text.to_string();
    let source = phaen::pipeline::plan_source(&plan).unwrap();
    let pdf = dir.join("rt.pdf");
    std::fs::write(&pdf, pdf_of_source(source)).unwrap();
    pdftotext(&pdf, true)
}

#[test]
fn markup_in_the_data_is_printed_literally() {
    let dir = tempfile::tempdir().unwrap();
    for s in [
        r#"#read("/etc/passwd")"#,
        r#"#import "@preview/x:0.1.0""#,
        "$x$ *b* _i_ [ ] \\ // <x> @x \" `c`",
        "= heading",
        "- item",
        "+ item 1. item",
    ] {
        let text = round_trip(dir.path(), s);
        assert!(squeeze(&text).contains(&squeeze(s)), "{s:?} not printed literally in:\n{text}");
        assert!(!text.contains("root:"), "a file was read");
    }
}

mod property {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        /// Any text made of Typst's special characters and words comes out of the PDF as it went in.
        #[test]
        fn any_markup_like_text_round_trips(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("#".to_string()), Just("$".to_string()), Just("*".to_string()),
                    Just("_".to_string()), Just("[".to_string()), Just("]".to_string()),
                    Just("\\".to_string()), Just("//".to_string()), Just("/*".to_string()),
                    Just("<x>".to_string()), Just("@x".to_string()), Just("\"".to_string()),
                    Just("=".to_string()), Just("-".to_string()), Just("~".to_string()),
                    Just("`".to_string()), Just("{".to_string()), Just("}".to_string()),
                    Just("read(\"/etc/passwd\")".to_string()), Just("let".to_string()),
                    "[a-z]{1,6}",
                ],
                1..12,
            ),
            sep in prop_oneof![Just(""), Just(" ")],
        ) {
            let dir = tempfile::tempdir().unwrap();
            let s = parts.join(sep);
            let text = super::round_trip(dir.path(), &s);
            prop_assert!(super::squeeze(&text).contains(&super::squeeze(&s)), "{:?} not in {:?}", s, text);
        }
    }
}

/// `check` refuses what `build` would refuse, at the YAML line: an emblem that is not a
/// plain image file of the dataset's folder, that is missing or that is not an image, and
/// characters no embedded font draws (PDF/A forbids a missing glyph).
#[test]
fn check_refuses_what_build_refuses_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plan.yaml");
    let check = |text: &str| {
        std::fs::write(&data, text).unwrap();
        let out = phaen(&["check", data.to_str().unwrap()]);
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let with_emblem = |name: &str| format!("{SMALL}cover:\n  emblem: {name}\n");
    let emblem_line = SMALL.lines().count() + 2;
    std::fs::write(dir.path().join("fake.png"), "not a png").unwrap();
    for name in ["../../etc/x.svg", "missing.png", "/etc/passwd", "fake.png", "emblem.gif"] {
        let (code, err) = check(&with_emblem(name));
        assert_eq!(code, Some(1), "{name}: {err}");
        let at = format!("plan.yaml:{emblem_line}:11 cover.emblem: error:");
        assert!(err.contains(&at), "{name}: expected {at:?} in\n{err}");
        // build refuses it the same way, before any layout.
        let out = phaen(&["build", data.to_str().unwrap(), "-o", dir.path().join("x.pdf").to_str().unwrap()]);
        assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains(&at), "{name}: build");
    }
    for (c, line) in [("✓", 18), ("☐", 18), ("😀", 18), ("中", 18)] {
        let text = SMALL.replace("rationale: [เหตุผล]", &format!("rationale: [เหตุผล {c}]"));
        let (code, err) = check(&text);
        assert_eq!(code, Some(1), "{c}: {err}");
        let at = format!("plan.yaml:{line}:17 sheets[0].rationale[0]: error:");
        assert!(err.contains(&at) && err.contains(c), "{c}: expected {at:?} naming it in\n{err}");
    }
    // Thai, Latin, Devanagari (the published text has two letters of it), typographic
    // quotes and white space of every kind are drawn.
    let fine = SMALL.replace("rationale: [เหตุผล]", "rationale: [\"เหตุผล “E-Service” बु\\u200b\\u00a0ก\"]");
    let (code, err) = check(&fine);
    assert_eq!(code, Some(0), "{err}");
}

/// A text that ` #` cuts short (YAML reads the rest of the line as a comment) is a warning
/// at the `#`, naming its field; the whole text in quotes, or a comment after a number, is
/// not.
#[test]
fn text_cut_by_a_hash_is_a_warning_at_its_column() {
    let cut = SMALL.replace("    quarters: [1, 2]\n", "    quarters: [1, 2]\n    remark: อบรม ณ ห้องประชุม #2 ชั้น ๓\n");
    let ps = problems(&cut);
    let warning = ps.iter().find(|d| d.message.contains("` #`")).unwrap_or_else(|| panic!("no warning: {ps:?}"));
    assert_eq!((warning.line, warning.column, warning.path.as_str()), (15, 31, "rows[0].remark"), "{warning:?}");
    assert!(warning.message.contains("ใส่เครื่องหมายคำพูดครอบทั้งข้อความ"));
    let quoted =
        SMALL.replace("    quarters: [1, 2]\n", "    quarters: [1, 2]\n    remark: \"อบรม ณ ห้องประชุม #2 ชั้น ๓\"\n");
    let numbered = SMALL.replace("    dimension: 1\n", "    dimension: 1   # การสร้างวัฒนธรรมสุจริต\n");
    for fine in [quoted, numbered] {
        assert!(!problems(&fine).iter().any(|d| d.message.contains("` #`")), "{fine}");
    }
}

/// The example with `from` (its first occurrence) written as `to`, and the line `from`
/// starts on.
fn typed(from: &str, to: &str) -> (String, usize) {
    let text = dataset();
    let at = text.find(from).unwrap_or_else(|| panic!("{from:?} is not in the example"));
    let line = text[..at].matches('\n').count() + 1;
    (text.replacen(from, to, 1), line)
}

/// The mistakes people make typing the YAML by hand, each in a copy of the 2567 plan:
/// named at the line where it was made, with its field and a Thai sentence that says what
/// to do, even where the YAML reader noticed it later.
#[test]
fn hand_typed_mistakes_are_named_at_their_line() {
    // An unclosed quote, noticed by the reader at the next quote, many lines on.
    let (text, line) = typed("  budget: \"45000.00\"\n", "  budget: \"45000.00\n");
    one_error(&text, line, "rows[1].budget", "ที่เปิดในบรรทัด");
    let (text, line) = typed("  remark: โครงการส่งเสริมวินัย", "  remark: \"โครงการส่งเสริมวินัย");
    one_error(&text, line, "rows[1].remark", &format!("ที่เปิดในบรรทัด {line} ยังไม่ปิด"));
    // A key one space short of its neighbours, one too deep, a tab.
    let (text, line) = typed("  budget: \"0.00\"\n", " budget: \"0.00\"\n");
    one_error(&text, line, "rows[0].budget", "ย่อหน้า 1 ช่อง");
    let (text, line) = typed("  budget: \"0.00\"\n", "   budget: \"0.00\"\n");
    one_error(&text, line, "rows[0].budget", "ย่อหน้าลึกเกินไป");
    let (text, line) =
        typed("  dimension: 1\n  budget: \"0.00\"\n", "  dimension: 1\n    starred: true\n  budget: \"0.00\"\n");
    one_error(&text, line + 1, "rows[0].starred", "ย่อหน้าลึกเกินไป");
    let (text, line) = typed("  quarters: [1, 2, 3, 4]\n", "\tquarters: [1, 2, 3, 4]\n");
    one_error(&text, line, "rows[0].quarters", "แท็บ");
    let (text, line) = typed("  quarters: [1, 2, 3, 4]\n", "  quarters: [1, 2, 3, 4\n");
    one_error(&text, line, "rows[0].quarters", &format!("วงเล็บ [ ที่เปิดในบรรทัด {line} ยังไม่ปิด"));
    let (text, line) = typed("  remark: โครงการส่งเสริมวินัย", "  remark: กิจกรรม: โครงการส่งเสริมวินัย");
    one_error(&text, line, "rows[1].remark", "ให้ใส่เครื่องหมายคำพูดครอบทั้งข้อความ");
    // A missing field, at the mapping that lacks it, with its path.
    let (text, line) = typed(
        "- name: โครงการโรงเรียนคุณธรรม\n  dimension: 1\n  budget: \"0.00\"\n",
        "- name: โครงการโรงเรียนคุณธรรม\n  dimension: 1\n",
    );
    one_error(&text, line, "rows[0].budget", "ไม่มี `budget:` (งบประมาณ)");
    let targets = "  targets:\n  - นักเรียน ชั้นอนุบาล-ประถมศึกษาของโรงเรียนระบุชื่อโรงเรียน จำนวน ๑๐๐ คน\n";
    let (text, _) = typed(targets, "");
    let sheet0 = text.find("- project: โครงการโรงเรียนคุณธรรม").unwrap();
    one_error(&text, text[..sheet0].matches('\n').count() + 1, "sheets[0].targets", "๔. กลุ่มเป้าหมาย");
    // A misspelt key, with the one meant; a text where a list belongs.
    let (text, line) = typed("  issuer:", "  isuer:");
    one_error(&text, line, "plan.isuer", "`issuer`");
    let (text, line) = typed("  period:\n  - ปีงบประมาณ พ.ศ. ๒๕๖๗\n", "  period: ปีงบประมาณ พ.ศ. ๒๕๖๗\n");
    one_error(&text, line, "sheets[0].period", "ต้องเป็นรายการ");
    // Amounts and numbers as officers write them are read; what is not one says how.
    for (budget, fine) in [
        ("45,000", true),
        ("\"45,000.00\"", true),
        ("\"๔๕,๐๐๐.๐๐\"", true),
        ("๔๕๐๐๐", true),
        ("45000", true),
        ("\"45.000,00\"", false),
        ("45 000", false),
        ("4,5000", false),
        ("abc", false),
    ] {
        let (text, line) = typed("  budget: \"45000.00\"\n", &format!("  budget: {budget}\n"));
        if fine {
            let ps = problems(&text);
            assert!(!ps.iter().any(|d| d.severity == phaen::diag::Severity::Error), "{budget}: {ps:?}");
            let plan = phaen::plan::load::parse(Path::new("t.yaml"), text).unwrap().plan;
            assert_eq!(plan.rows[1].budget.to_string(), "45000.00", "{budget}");
        } else {
            one_error(&text, line, "rows[1].budget", "45,000.00");
        }
    }
    for (quarters, read) in [("[๔]", vec![4]), ("4", vec![4]), ("[๑, 2]", vec![1, 2]), ("1, 3", vec![1, 3])] {
        let (text, _) = typed("  quarters: [1, 2, 3, 4]\n", &format!("  quarters: {quarters}\n"));
        let plan = phaen::plan::load::parse(Path::new("t.yaml"), text).unwrap().plan;
        assert_eq!(plan.rows[0].quarters, read, "{quarters}");
    }
    let (text, line) = typed("  quarters: [1, 2, 3, 4]\n", "  quarters: [หนึ่ง]\n");
    one_error(&text, line, "rows[0].quarters[0]", "ไตรมาสเขียนเป็นเลข 1–4");
    let (text, _) = typed("  dimension: 1\n", "  dimension: ๑\n");
    assert!(problems(&text).iter().all(|d| d.severity != phaen::diag::Severity::Error));
}

/// `budget: 45,000` is the amount `"45000.00"`: the same PDF, byte for byte.
#[test]
fn an_amount_with_commas_builds_the_same_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let build = |name: &str, text: &str| {
        let data = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&data, text).unwrap();
        let out = dir.path().join(format!("{name}.pdf"));
        let run = phaen(&["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::read(out).unwrap()
    };
    let quoted = build("a", SMALL);
    let commas = build("b", &SMALL.replace("budget: \"1000.00\"", "budget: 1,000"));
    assert!(quoted == commas, "the two PDFs differ");
}

/// A space that cuts a word the plan writes unbroken elsewhere is a warning, though both
/// sides are words of their own (`เทศ บาล`, `โครง การ`), shown whole; the 2567 plan's own
/// spaces raise nothing new (`the_real_dataset_checks_clean_with_its_warnings`).
#[test]
fn a_space_inside_a_word_the_plan_writes_whole_is_found() {
    let text = dataset();
    let sheets = text.find("\nsheets:").unwrap();
    let (head, mut tail) = (text[..sheets].to_string(), text[sheets..].to_string());
    let cuts = [
        ("เทศบาล", "เทศ บาล"),
        ("โครงการ", "โครง การ"),
        ("เข้าใจ", "เข้า ใจ"),
        ("พนักงาน", "พนัก งาน"),
        ("วัฒนธรรม", "วัฒน ธรรม"),
    ];
    for (word, cut) in cuts {
        let at = tail[5000..].find(word).unwrap() + 5000;
        tail.replace_range(at..at + word.len(), cut);
    }
    let found: Vec<String> = problems(&format!("{head}{tail}")).into_iter().map(|d| d.message).collect();
    for (_, cut) in cuts {
        assert!(found.iter().any(|m| m.contains(&format!("a space cuts a word: “{cut}”"))), "{cut}: {found:#?}");
    }
}
