//! The 2567 plan built end to end: the PDF's text holds the whole published plan.

mod common;

use common::*;
use phaen::thai::{money_sheet, thai_digits};

#[test]
fn the_2567_plan_reads_like_the_published_one() {
    let data = root().join(phaen::DEFAULT_DATA);
    let (loaded, _) = phaen::load_checked(&data).unwrap();
    let plan = &loaded.plan;
    let (_dir, pdf) = default_pdf();
    let text = without_page_numbers(&pdftotext(&pdf, true));
    let reference = reference();

    // The table: every row's name, the computed total, the notes and the legend.
    let sheet_start = text.find("ลำดับที่ ๑\n").expect("the first sheet heading");
    let table = squeeze(&text[..sheet_start]);
    assert_eq!(plan.rows.len(), 67);
    for row in &plan.rows {
        assert!(table.contains(&squeeze(&row.name)), "row {} is missing from the table: {}", row.no, row.name);
    }
    assert!(table.contains("รวมทั้งสิ้น3,170,000.0067676767"), "total row");
    assert!(table.contains(&squeeze("** ข้อมูล ณ วันที่ 07 กุมภาพันธ์ 2567")));
    assert!(table.contains(&squeeze("ผู้ออกรายงาน นางสาวเจนจิรา ปุ่นน้อย")));
    assert!(table.contains(&squeeze("มิติ 4 การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น")));

    // The sheets: all 46 headings in order, each with its row's budget, and each agreeing
    // with the published sheet on at least 99% of its characters.
    let got = sheets(&text);
    let want = sheets(&reference);
    assert_eq!(want.len(), 46);
    let numbers: Vec<String> = (1..=46).map(|n| thai_digits(&n.to_string())).collect();
    assert_eq!(got.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), numbers);
    let mut worst = (1.0, String::new());
    for ((n, body), (_, expected)) in got.iter().zip(&want) {
        let sheet = plan.sheets.iter().find(|s| thai_digits(&s.no.to_string()) == *n).unwrap();
        let row = plan.row(sheet.row).unwrap();
        let budget = if row.budget.is_zero() {
            "ดำเนินการโดยไม่ใช้งบประมาณ".to_string()
        } else {
            format!("งบประมาณจำนวน{}บาท", money_sheet(row.budget))
        };
        assert!(squeeze(body).contains(&budget), "sheet {n} lacks its budget {budget}");
        let a = agreement(expected, body);
        if a < worst.0 {
            worst = (a, n.clone());
        }
    }
    assert!(worst.0 >= 0.99, "sheet {} agrees with the reference on only {:.2}%", worst.1, worst.0 * 100.0);

    // Without the reference's documented extraction damage (stray `- ` bullets), every
    // sheet agrees on at least 99.5%: what is left is phaen's numbering and budget format.
    for ((n, body), (_, expected)) in got.iter().zip(sheets(&reference_without_stray_dashes())) {
        let a = agreement(&expected, body);
        assert!(a >= 0.995, "sheet {n} agrees with the cleaned reference on only {:.2}%", a * 100.0);
    }
}

#[test]
fn a_sheet_budget_is_written_in_thai_digits_with_separators() {
    let data = root().join(phaen::DEFAULT_DATA);
    let (loaded, _) = phaen::load_checked(&data).unwrap();
    let sheet = loaded.plan.sheets.iter().find(|s| !loaded.plan.row(s.row).unwrap().budget.is_zero()).unwrap();
    let row = loaded.plan.row(sheet.row).unwrap();
    let typ = phaen::render::render_sheet(sheet, row).unwrap();
    let digits = thai_digits(&phaen::thai::money_table(row.budget).replace(".00", ""));
    assert!(typ.contains(&format!("\"งบประมาณ จำนวน {digits} บาท\"")), "{digits} not in {typ}");
}

/// `phaen import` then `phaen build`, as a new user would, on another municipality's plan
/// in the same format: the PDF agrees with that plan's text as the 2567 dataset does.
#[test]
fn another_municipalitys_plan_imports_and_builds() {
    let org = "องค์การบริหารส่วนตำบลบางขันแตก";
    let text = reference()
        .replace("เทศบาลเมืองสมุทรสงคราม", org)
        .replace("45,000.00", "55,000.00")
        .replace("๔๕๐๐๐", "๕๕๐๐๐")
        .replace("3,170,000.00", "3,240,000.00");
    let dir = tempfile::tempdir().unwrap();
    let (txt, yaml, pdf) = (dir.path().join("bangkhantaek.txt"), dir.path().join("p.yaml"), dir.path().join("p.pdf"));
    std::fs::write(&txt, &text).unwrap();
    let bin = env!("CARGO_BIN_EXE_phaen");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        assert!(out.status.success(), "phaen {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["import", txt.to_str().unwrap(), "-o", yaml.to_str().unwrap()]);
    run(&["build", yaml.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);

    let got = without_page_numbers(&pdftotext(&pdf, true));
    assert!(squeeze(&got).contains("รวมทั้งสิ้น3,240,000.0067676767"), "the total follows the budgets");
    assert!(squeeze(&got).contains(&squeeze(&format!("พ.ศ. 2567 ของ {org}"))));
    let (got, want) = (sheets(&got), sheets(&text));
    assert_eq!(got.len(), 46);
    for ((n, body), (_, expected)) in got.iter().zip(&want) {
        let a = agreement(expected, body);
        assert!(a >= 0.99, "sheet {n} agrees on only {:.2}%", a * 100.0);
    }
}
