//! `phaen report`: the six-month and annual reports of the 2567 plan from the example
//! progress files (invented figures), checked against figures computed here.

use rust_decimal::Decimal;

use crate::support::*;

const SIX: &str = "data/samutsongkhram-2567-progress-6m.yaml";
const TWELVE: &str = "data/samutsongkhram-2567-progress-12m.yaml";

fn progress(path: &str) -> phaen::report::Progress {
    serde_saphyr::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

/// `part / whole` in percent with two decimals, computed here.
fn percent(part: Decimal, whole: Decimal) -> String {
    let mut p = part * Decimal::ONE_HUNDRED / whole;
    p.rescale(2);
    p.to_string()
}

fn money(d: Decimal) -> String {
    let mut d = d;
    d.rescale(2);
    let s = d.to_string();
    let (int, frac) = s.split_once('.').unwrap();
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{frac}")
}

#[test]
fn the_reports_hold_every_project_and_the_totals() {
    let dir = tempfile::tempdir().unwrap();
    let plan = &PLAN.0;
    for (file, title) in [
        (SIX, "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน"),
        (TWELVE, "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี"),
    ] {
        let pdf = dir.path().join("report.pdf");
        phaen_ok(&["report", file, "-o", pdf.to_str().unwrap()]);
        let text = pdftotext(&pdf, true);
        let flat = squeeze(&text);
        assert!(text.contains(title), "{file}: title");
        // Every project of the plan, with the plan's name and budget.
        for row in &plan.rows {
            assert!(flat.contains(&squeeze(&row.name)), "{file}: {} is missing", row.name);
        }
        // Totals and percentages computed here from the progress file.
        let p = progress(file);
        let spent: Decimal = p.projects.iter().map(|e| e.spent).sum();
        let ordinance: Decimal = p.projects.iter().filter_map(|e| e.ordinance_budget).sum();
        let done = p.projects.iter().filter(|e| e.status == "ดำเนินการแล้วเสร็จ").count();
        let planned: Decimal = plan.rows.iter().map(|r| r.budget).sum();
        let total_line = format!(
            "รวมทั้งสิ้น67{done}{}{}{}{}",
            p.projects.iter().filter(|e| e.status == "อยู่ระหว่างดำเนินการ").count(),
            p.projects.iter().filter(|e| e.status == "ยังไม่ดำเนินการ").count(),
            p.projects.iter().filter(|e| e.status == "ไม่สามารถดำเนินการได้").count(),
            percent(Decimal::from(done), Decimal::from(67)),
        );
        assert!(flat.contains(&total_line), "{file}: summary total {total_line}");
        let money_line = format!("{}{}{}{}", money(planned), money(ordinance), money(spent), percent(spent, ordinance));
        assert!(flat.contains(&money_line), "{file}: {money_line}");
        assert!(
            flat.contains("๔.ผลการดำเนินการโดยภาพรวม") && flat.contains("๖.ปัญหาอุปสรรค") && flat.contains("๗.ข้อเสนอแนะ")
        );
        assert!(flat.contains("ผู้รายงาน") && flat.contains("ผู้อนุมัติ"));
        // The text layer of the plan: every project name read once.
        for row in &plan.rows {
            let name = squeeze(&row.name);
            assert!(flat.matches(&name).count() >= 1);
        }
        let xmp = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{file}: PDF/A-2b");
    }
}

/// Writes a progress file beside a copy of the plan and returns `check`'s stderr.
fn check_progress(edit: impl Fn(String) -> String) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(EXAMPLE), dir.path().join("samutsongkhram-2567.yaml")).unwrap();
    std::fs::copy(root().join(SIX), dir.path().join("samutsongkhram-2567-progress-6m.yaml")).unwrap();
    let twelve = std::fs::read_to_string(root().join(TWELVE)).unwrap();
    let file = dir.path().join("p.yaml");
    std::fs::write(&file, edit(twelve)).unwrap();
    let out = phaen(&["check", file.to_str().unwrap()]);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn progress_files_are_checked_at_their_lines() {
    assert!(check_progress(|t| t).0);
    let twelve = std::fs::read_to_string(root().join(TWELVE)).unwrap();
    // A missing row, named.
    let (ok, err) = check_progress(|t| {
        let start = t.find("  - row: 5 ").unwrap();
        let end = start + t[start..].find("\n  - row: 6 ").unwrap() + 1;
        format!("{}{}", &t[..start], &t[end..])
    });
    assert!(!ok && err.contains("row 5 of the plan") && err.contains("is missing from the report"), "{err}");
    // An unknown status, at its line.
    let line = line_of(&twelve, "    status: ");
    let (ok, err) = check_progress(|t| {
        let at = t.find("    status: ").unwrap() + "    status: ".len();
        let end = at + t[at..].find('\n').unwrap();
        format!("{}เสร็จแล้ว{}", &t[..at], &t[end..])
    });
    assert!(!ok && err.contains(&format!("p.yaml:{line}:")) && err.contains("status must be one of"), "{err}");
    // Spent with three decimals, at its line.
    let line = line_of(&twelve, "    spent: \"");
    let (ok, err) = check_progress(|t| {
        let at = t.find("    spent: \"").unwrap() + "    spent: \"".len();
        let end = at + t[at..].find('"').unwrap();
        format!("{}0.001{}", &t[..at], &t[end..])
    });
    assert!(!ok && err.contains(&format!("p.yaml:{line}:")) && err.contains("more than two decimals"), "{err}");
    // A project that could not run needs its reason.
    let (ok, err) = check_progress(|t| t.replacen("    reason: ", "    reason_x: ", 1));
    assert!(!ok && err.contains("reason_x"), "{err}");
    // Less spent than at six months, or no longer finished: refused.
    let (ok, err) = check_progress(|t| {
        let at =
            t.find("status: ดำเนินการแล้วเสร็จ\n    ordinance_budget: \"45000.00\"\n    spent: \"42800.00\"").unwrap();
        let mut t = t;
        t.replace_range(
            at..at + t[at..].find("spent: \"42800.00\"").unwrap() + 17,
            "status: ดำเนินการแล้วเสร็จ\n    ordinance_budget: \"45000.00\"\n    spent: \"100.00\"",
        );
        t
    });
    assert!(!ok && err.contains("spending never decreases"), "{err}");
    // Spending over the ordinance's budget is a warning.
    let (ok, err) = check_progress(|t| t.replacen("spent: \"42800.00\"", "spent: \"99000.00\"", 1));
    assert!(ok && err.contains("more than the budget of 45,000.00 baht"), "{err}");
}
