//! A snapshot of the Typst that phaen generates for one sheet: a change to the templates
//! or the view model shows up here as a reviewed diff (`cargo insta review`).

mod common;

#[test]
fn sheet_one_typst() {
    let (loaded, _) = phaen::load_checked(&common::root().join(phaen::DEFAULT_DATA)).unwrap();
    let plan = &loaded.plan;
    let sheet = plan.sheets.iter().find(|s| s.no == 1).unwrap();
    let typ = phaen::render::render_sheet(sheet, plan.row(sheet.row).unwrap()).unwrap();
    insta::assert_snapshot!(typ);
}
