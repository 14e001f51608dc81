//! Editing a plan the way an officer does: a project inserted, moved or deleted with one
//! edit; a new plan from `phaen init`; next year's plan from `phaen next-year`.

use crate::support::*;

/// The printed text of a dataset's PDF, and the dataset read back.
fn build_text(dir: &std::path::Path, yaml: &str) -> (String, phaen::plan::model::Plan) {
    let data = dir.join("plan.yaml");
    let pdf = dir.join("plan.pdf");
    std::fs::write(&data, yaml).unwrap();
    phaen_ok(&["build", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let loaded = phaen::plan::load_checked(&data).unwrap().value;
    (without_page_numbers(&pdftotext(&pdf, true)), loaded.plan)
}

/// The table's rows as printed, in order: each row's name with the ลำดับ printed just
/// before it.
fn table_rows(text: &str, plan: &phaen::plan::model::Plan) -> Vec<(u32, String)> {
    let table = squeeze(&text[..text.find("ลำดับที่ ๑\n").unwrap()]);
    let mut cursor = 0;
    let mut found = Vec::new();
    for &i in &plan.numbering().order {
        let name = &plan.rows[i].name;
        let at = cursor + table[cursor..].find(&squeeze(name)).unwrap_or_else(|| panic!("{name} is not in its place"));
        let digits: String = table[..at].chars().rev().take_while(char::is_ascii_digit).collect();
        let digits: String = digits.chars().rev().collect();
        // A row at the top of a page follows the column header's quarters `1 2 3 4`.
        let digits = if digits.len() > 4 { digits.trim_start_matches("1234").to_string() } else { digits };
        found.push((digits.parse().unwrap(), name.clone()));
        cursor = at + squeeze(name).len();
    }
    found
}

/// Every sheet's heading `ลำดับที่ N` is followed by the name of the project it details.
fn sheets_beside_their_projects(text: &str, plan: &phaen::plan::model::Plan) {
    let printed = sheets(text);
    assert_eq!(printed.len(), plan.sheets.len());
    for (i, (n, body)) in printed.iter().enumerate() {
        let row = plan.row(plan.row_number_of_sheet(i as u32 + 1).unwrap()).unwrap();
        let name = squeeze(&phaen::thai::thai_digits(&row.name));
        assert!(squeeze(body).starts_with(&format!("๑.ชื่อโครงการ:{name}")), "sheet {n} is not beside {}", row.name);
    }
}

const NEW_ROW: &str = "- name: โครงการใหม่เพื่อทดสอบการแทรกแถว
  dimension: 1
  budget: \"12000.00\"
  quarters: [2, 3]
";

#[test]
fn inserting_moving_and_deleting_a_project_is_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let original = dataset_text();
    let rows_at = |text: &str| text.match_indices("\n- name: ").map(|(i, _)| i + 1).collect::<Vec<_>>();

    // Insert a project between rows 5 and 6: one block of text.
    let at = rows_at(&original)[5];
    let inserted = format!("{}{NEW_ROW}{}", &original[..at], &original[at..]);
    let (text, plan) = build_text(dir.path(), &inserted);
    let rows = table_rows(&text, &plan);
    assert_eq!(rows.len(), 68);
    let numbers: Vec<u32> = rows.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, (1..=68).collect::<Vec<_>>(), "numbers 1 to 68 in order");
    assert_eq!(rows[5].1, "โครงการใหม่เพื่อทดสอบการแทรกแถว");
    assert!(squeeze(&text).contains("รวมทั้งสิ้น3,182,000.0067686867"), "the total follows");
    sheets_beside_their_projects(&text, &plan);

    // Move row 2 to the end of the unstarred rows: cut and paste one block.
    let starts = rows_at(&original);
    let (from, to) = (starts[1], starts[2]);
    let block = &original[from..to];
    let first_starred = starts[46];
    let moved = format!("{}{}{}{}", &original[..from], &original[to..first_starred], block, &original[first_starred..]);
    let (text, plan) = build_text(dir.path(), &moved);
    let rows = table_rows(&text, &plan);
    assert_eq!(rows[45].1, plan.rows[45].name);
    assert!(rows[45].1.starts_with("มาตรการ “ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม"), "{rows:?}");
    sheets_beside_their_projects(&text, &plan);

    // Delete a project whose sheet remains: an error naming the sheet and the project.
    let deleted = format!("{}{}", &original[..from], &original[to..]);
    let data = dir.path().join("deleted.yaml");
    std::fs::write(&data, deleted).unwrap();
    let out = phaen(&["check", data.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    let sheet = phaen::plan::model::Plan::clone(&PLAN.0)
        .sheets
        .iter()
        .position(|s| s.project.as_deref().is_some_and(|p| p.starts_with("มาตรการ “ส่งเสริมการปฏิบัติงาน")))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("sheet {sheet} details the project “มาตรการ “ส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม")),
        "{err}"
    );
}

#[test]
fn init_writes_a_plan_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = phaen_command().args(["init", "my-plan"]).current_dir(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("phaen check my-plan/plan.yaml") && said.contains("phaen build my-plan/plan.yaml"), "{said}");
    let built = phaen_command().args(["build", "my-plan/plan.yaml"]).current_dir(dir.path()).output().unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    // Beside the dataset, whatever folder phaen ran in.
    let pdf = dir.path().join("my-plan/output/plan.pdf");
    let text = pdftotext(&pdf, true);
    for want in ["ลำดับที่ ๑", "ลำดับที่ ๒", "๒.๑)", "- ช่วงเช้า", "งบประมาณ จำนวน ๓๐,๐๐๐ บาท", "80,000.00"]
    {
        assert!(text.contains(want), "{want} not in the starter's PDF");
    }
    // No warnings: the starter is an example to follow.
    let check = phaen(&["check", "--deny-warnings", dir.path().join("my-plan/plan.yaml").to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    // init never overwrites.
    let again = phaen_command().args(["init", "my-plan"]).current_dir(dir.path()).output().unwrap();
    assert!(!again.status.success());
    // In the plan's folder, `phaen build` needs no dataset named: it builds plan.yaml (here
    // with an empty PHAEN_CACHE_DIR: no cache folder).
    let here = phaen_command()
        .arg("build")
        .env("PHAEN_CACHE_DIR", "")
        .current_dir(dir.path().join("my-plan"))
        .output()
        .unwrap();
    assert!(here.status.success(), "{}", String::from_utf8_lossy(&here.stderr));
    assert!(dir.path().join("my-plan/output/plan.pdf").is_file());
}

/// With no dataset named and no plan.yaml in the folder, the commands say so, in Thai and
/// English, with how to start one, and write nothing.
#[test]
fn no_dataset_named_and_none_here_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["build", "check", "watch", "typst"] {
        let out = phaen_command().arg(command).current_dir(dir.path()).output().unwrap();
        assert!(!out.status.success(), "{command}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("plan.yaml") && said.contains("ไม่พบไฟล์ข้อมูลแผน") && said.contains("phaen init"),
            "{command}: {said}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
}

#[test]
fn next_year_changes_only_what_it_lists() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("next.yaml");
    let run = phaen_ok(&["next-year", EXAMPLE, "-o", out.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    let (old, new) = (dataset_text(), std::fs::read_to_string(&out).unwrap());
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    assert_eq!(old.len(), new.len());
    let differ: Vec<(&str, &str)> = old.iter().zip(&new).filter(|(a, b)| a != b).map(|(a, b)| (*a, *b)).collect();
    // The year, the as-of date and the 46 periods, each listed.
    assert_eq!(differ.len(), 48, "{differ:#?}");
    assert!(said.contains("plan.fiscal_year: 2567 → 2568") && said.contains("plan.as_of: 2567-02-07 → 2568-02-07"));
    for (_, line) in &differ[2..] {
        assert_eq!(line.trim(), "- ปีงบประมาณ พ.ศ. ๒๕๖๘");
    }
    assert_eq!(said.matches("period[0]: ปีงบประมาณ พ.ศ. ๒๕๖๗ → ปีงบประมาณ พ.ศ. ๒๕๖๘").count(), 46);
    // check accepts it, with one warning more than this year's: the date to confirm.
    let check = phaen(&["check", out.to_str().unwrap()]);
    assert!(check.status.success());
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("plan.as_of: warning") && err.contains("carried from last year"), "{err}");
    assert!(String::from_utf8_lossy(&check.stdout).contains("5 warning(s)"));
    // Never over an existing file without --force.
    let again = phaen(&["next-year", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert!(!again.status.success());
}

/// `next-year` on a dataset written by hand (comments, folded lines, Thai digits) edits the
/// values it lists in place: the lines that differ are exactly those it names, every
/// comment stays, and what it changed is never listed as still naming the old year.
#[test]
fn next_year_edits_a_commented_dataset_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plan.yaml");
    let text = phaen::plan::STARTER
        .replacen(
            "      - ปีงบประมาณ พ.ศ. 2569\n",
            "      - ปีงบประมาณ พ.ศ. 2569   # ปีนี้\n      - >-\n        ตั้งแต่เดือนตุลาคม ๒๕๖๘\n        ถึงเดือนกันยายน ๒๕๖๙\n",
            1,
        )
        .replacen("  as_of: 2569-01-15", "  as_of: \"2569-01-15\"   # วันที่ดึงข้อมูล", 1)
        .replacen("      - เทศบาลจึงจัดทำโครงการนี้", "      - ตามแผนพัฒนาท้องถิ่นปี ๒๕๖๙ เทศบาลจึงจัดทำโครงการนี้", 1);
    std::fs::write(&data, &text).unwrap();
    let out = dir.path().join("next.yaml");
    let run = phaen_ok(&["next-year", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    let new = std::fs::read_to_string(&out).unwrap();
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) = (text.lines().collect(), new.lines().collect());
    assert_eq!(old_lines.len(), new_lines.len());
    let differ: Vec<usize> =
        old_lines.iter().zip(&new_lines).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| i + 1).collect();
    let (changed, left) = said.split_once("still name the old year").unwrap();
    let listed: Vec<usize> =
        changed.lines().filter_map(|l| l.trim().strip_prefix("line ")?.split(' ').next()?.parse().ok()).collect();
    // The folded period spans two lines, both changed, listed at its first.
    let mut expected = listed.clone();
    expected.push(listed[3] + 1);
    expected.sort();
    assert_eq!(differ, expected, "{said}\n{new}");
    assert!(new.contains("  as_of: \"2570-01-15\"  # ยืนยันวันที่ / to confirm   # วันที่ดึงข้อมูล"), "{new}");
    assert!(new.contains("        ตั้งแต่เดือนตุลาคม ๒๕๖๙\n        ถึงเดือนกันยายน ๒๕๗๐\n"), "{new}");
    assert!(new.contains("      - ปีงบประมาณ พ.ศ. 2570   # ปีนี้\n"));
    assert_eq!(text.matches('#').count() + 1, new.matches('#').count(), "every comment kept");
    // Left: only the rationale that names the plan of another year.
    assert!(left.contains("(1)") && left.contains("sheets[0].rationale[1]"), "{left}");
}

/// What phaen writes of a plan (import's output) keeps a text with ` #`, a leading `#` or
/// `: ` whole: YAML would read the rest as a comment or a key, so the writer quotes it.
#[test]
fn written_datasets_quote_texts_yaml_would_cut() {
    let texts = ["อบรม ณ ห้องประชุม #2 ชั้น ๓", "#โตไปไม่โกง", "หมายเหตุ: ไม่มี", "- ขีด", "yes"];
    let mut plan = phaen::plan::load::parse(std::path::Path::new("t.yaml"), SMALL.to_string()).unwrap().plan;
    plan.rows[0].remark = texts.join(" ");
    plan.rows[0].name = texts[1].to_string();
    let yaml = phaen::plan::write::to_yaml(&plan);
    let back = phaen::plan::load::parse(std::path::Path::new("t.yaml"), yaml.clone()).unwrap().plan;
    assert_eq!(
        (back.rows[0].remark.as_str(), back.rows[0].name.as_str()),
        (plan.rows[0].remark.as_str(), texts[1]),
        "{yaml}"
    );
    assert!(problems(&yaml).iter().all(|d| !d.message.contains("` #`")), "{yaml}");
}
