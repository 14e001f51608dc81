//! A snapshot of the Typst that phaen generates for one sheet: a change to the templates
//! or the view model shows up here as a reviewed diff (`cargo insta review`).

#[test]
fn sheet_one_typst() {
    let plan = &crate::support::PLAN.0;
    let row = plan.row(plan.row_number_of_sheet(1).unwrap()).unwrap();
    let typ = phaen::pipeline::sheet_source(1, &plan.sheets[0], row).unwrap();
    insta::assert_snapshot!(typ);
}

/// What an officer reads from `phaen check` on the real dataset: its four warnings of real
/// damage in the published text, each at its line, in Thai and English.
#[test]
fn check_of_the_real_dataset() {
    let out = crate::support::phaen(&["check", crate::support::EXAMPLE]);
    assert!(out.status.success());
    let shown = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
    insta::assert_snapshot!(shown);
}
