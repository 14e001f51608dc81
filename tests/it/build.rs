//! The 2567 plan built end to end: the PDF's text holds the whole published plan.

use crate::support::*;
use phaen::thai::thai_digits;

#[test]
fn the_2567_plan_reads_like_the_published_one() {
    let plan = &PLAN.0;
    let (_dir, pdf) = default_pdf();
    let text = without_page_numbers(&pdftotext(&pdf, true));
    let reference = reference();

    // The table: every row's name, the computed total, the notes and the legend.
    let sheet_start = text.find("ลำดับที่ ๑\n").expect("the first sheet heading");
    let table = squeeze(&text[..sheet_start]);
    assert_eq!(plan.rows.len(), 67);
    for row in &plan.rows {
        assert!(table.contains(&squeeze(&row.name)), "a row is missing from the table: {}", row.name);
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
        let no = numbers.iter().position(|x| x == n).unwrap() as u32 + 1;
        let row = plan.row(plan.row_number_of_sheet(no).unwrap()).unwrap();
        let budget = if row.budget.is_zero() {
            "ดำเนินการโดยไม่ใช้งบประมาณ".to_string()
        } else {
            format!("งบประมาณจำนวน{}บาท", baht(&row.budget.to_string()))
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

/// A budget as a sheet states it, computed here without phaen's code: Thai digits,
/// thousands separated, satang only when there are any.
fn baht(amount: &str) -> String {
    let (int, frac) = amount.split_once('.').unwrap_or((amount, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if !frac.trim_end_matches('0').is_empty() {
        grouped = format!("{grouped}.{frac:0<2}");
    }
    thai_digits(&grouped)
}

#[test]
fn sheet_budgets_are_written_in_thai_digits_with_separators() {
    assert_eq!(baht("45000.00"), "๔๕,๐๐๐");
    // Every amount form a sheet can state, through the real template.
    let plan = &PLAN.0;
    let row = plan.rows.iter().find(|r| !r.budget.is_zero()).unwrap();
    let sheet = plan.sheets.iter().find(|s| s.project.as_ref() == Some(&row.name)).unwrap();
    for (budget, want) in [
        ("45000.00", "๔๕,๐๐๐"),
        ("1250.50", "๑,๒๕๐.๕๐"),
        ("700000", "๗๐๐,๐๐๐"),
        ("999", "๙๙๙"),
        ("3170000.05", "๓,๑๗๐,๐๐๐.๐๕"),
    ] {
        let mut row = row.clone();
        row.budget = budget.parse().unwrap();
        let typ = phaen::pipeline::sheet_source(1, sheet, &row).unwrap();
        assert!(typ.contains(&format!("\"งบประมาณ จำนวน {want} บาท\"")), "{budget}: {want} not in the sheet");
    }
    let mut row = row.clone();
    row.budget = "0.00".parse().unwrap();
    let typ = phaen::pipeline::sheet_source(1, sheet, &row).unwrap();
    assert!(typ.contains("\"ดำเนินการโดยไม่ใช้งบประมาณ\""));
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
    phaen_ok(&["import", txt.to_str().unwrap(), "-o", yaml.to_str().unwrap()]);
    phaen_ok(&["build", yaml.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);

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
