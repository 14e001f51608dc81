//! `phaen watch`: rebuilds on a change, and keeps the last good PDF on an error.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use phaen::export::PdfSettings;
use phaen::template::Templates;

use crate::support::*;

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(120), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn spawn_watch(args: &[&str]) -> std::process::Child {
    phaen_command().arg("watch").args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

/// Stops a watch and returns what it printed on stderr.
fn stop(mut child: std::process::Child) -> String {
    child.kill().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    child.wait().unwrap();
    stderr
}

#[test]
fn watch_rebuilds_on_edit_and_keeps_the_last_good_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plan.yaml");
    let pdf = dir.path().join("plan.pdf");
    let original = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    std::fs::write(&data, &original).unwrap();

    let child = spawn_watch(&[data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    wait_for("the first PDF", || pdf.exists());
    let first = std::fs::read(&pdf).unwrap();
    // The same data, the same PDF as `phaen build` writes: PDF/A-2b, to the byte.
    assert!(first == PLAN.1, "watch and build give different PDFs of the same data");

    // One word of one sheet changes: a new PDF appears.
    std::thread::sleep(Duration::from_millis(1100)); // a distinct modification time
    std::fs::write(&data, original.replacen("ได้ตระหนักและให้ความสำคัญ", "ได้ตระหนักและให้ความสำคัญยิ่ง", 1)).unwrap();
    wait_for("the rebuilt PDF", || std::fs::read(&pdf).is_ok_and(|b| b != first));
    let second = std::fs::read(&pdf).unwrap();

    // A broken dataset: the error is reported and the last good PDF stays.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&data, original.replacen("budget: \"45000.00\"", "budget: \"abc\"", 1)).unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let stderr = stop(child);
    assert!(stderr.contains(".budget"), "the error names the field: {stderr}");
    // The example's four warnings were printed once, not again at the rebuild.
    assert_eq!(stderr.matches("empty list item").count(), 1, "{stderr}");
    assert_eq!(std::fs::read(&pdf).unwrap(), second, "the last good PDF was replaced");
}

#[test]
fn watch_with_a_template_folder_rebuilds_when_a_template_changes() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    // Only the template it changes: the others are phaen's own.
    std::fs::copy(root().join("templates/style.typ"), templates.join("style.typ")).unwrap();
    let pdf = dir.path().join("plan.pdf");
    let data = root().join(EXAMPLE);
    let child =
        spawn_watch(&[data.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--templates", templates.to_str().unwrap()]);
    wait_for("the first PDF", || pdf.exists());
    let first = std::fs::read(&pdf).unwrap();

    std::thread::sleep(Duration::from_millis(1100));
    let style = std::fs::read_to_string(templates.join("style.typ")).unwrap();
    std::fs::write(templates.join("style.typ"), style.replace("#let body-size = 11pt", "#let body-size = 11.5pt"))
        .unwrap();
    wait_for("the PDF with the new style", || std::fs::read(&pdf).is_ok_and(|b| b != first));
    let second = std::fs::read(&pdf).unwrap();

    // A template that does not parse: reported, and the last good PDF stays.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(templates.join("sheet.typ.j2"), "{% for %}").unwrap();
    std::thread::sleep(Duration::from_secs(3));
    let stderr = stop(child);
    assert!(stderr.contains("sheet.typ.j2"), "the broken template is named: {stderr}");
    assert_eq!(std::fs::read(&pdf).unwrap(), second);
}

#[test]
fn build_and_typst_read_a_template_folder_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let sheet = std::fs::read_to_string(root().join("templates/sheet.typ.j2")).unwrap();
    std::fs::write(templates.join("sheet.typ.j2"), sheet.replace("\"หลักการและเหตุผล\"", "\"ที่มาของโครงการ\"")).unwrap();
    let (pdf, typ) = (dir.path().join("plan.pdf"), dir.path().join("plan.typ"));
    phaen_ok(&["build", EXAMPLE, "-o", pdf.to_str().unwrap(), "--templates", templates.to_str().unwrap()]);
    phaen_ok(&["typst", EXAMPLE, "-o", typ.to_str().unwrap(), "--templates", templates.to_str().unwrap()]);
    let text = pdftotext(&pdf, true);
    assert_eq!(text.matches("ที่มาของโครงการ").count(), 46, "the folder's sheet template is used");
    assert!(text.contains("รวมทั้งสิ้น"), "the built-in table template is used");
    let source = std::fs::read_to_string(&typ).unwrap();
    assert!(source.contains("\"ที่มาของโครงการ\"") && !source.contains("\"หลักการและเหตุผล\""));
}

/// A rebuild repairs the text layer of only the pages that changed, and writes the bytes a
/// new `phaen build` writes: after a word put into the last sheet, after words with tone
/// marks over SARA AM put on the first page (which need codes added, and make every page
/// be done anew), and after the edits are undone.
#[test]
fn a_rebuild_after_an_edit_repairs_only_the_pages_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (data, fresh) = (dir.path().join("plan.yaml"), dir.path().join("fresh.pdf"));
    let text = dataset_text();
    std::fs::write(&data, &text).unwrap();
    let mut session = phaen::Session::incremental(Templates::embedded(), PdfSettings::default());
    session.build(&data).unwrap();
    // A piece of a text that is nowhere else in the dataset.
    let once = |of: &str| {
        let chars: Vec<char> = of.chars().collect();
        (0..chars.len().saturating_sub(12))
            .map(|i| chars[i..i + 12].iter().collect::<String>())
            .find(|w| text.matches(w.as_str()).count() == 1)
            .expect("a piece of the text that is once in the dataset")
    };
    let Some(phaen::plan::model::Block::Para(para)) = PLAN.0.sheets.last().unwrap().rationale.first() else {
        panic!("no paragraph")
    };
    let (last, first) = (once(para), once(&PLAN.0.rows[0].remark));
    let one_word = text.replace(&last, &format!("แก้ไข{last}"));
    // Words with tone marks over SARA AM, put on the first page in place of as many letters.
    let new_codes = one_word.replace(&first, &format!("น้ำค่ำ{}", first.chars().skip(6).collect::<String>()));
    for (edit, most_reused) in [(&one_word, true), (&new_codes, false), (&text, false)] {
        std::fs::write(&data, edit).unwrap();
        let built = session.build(&data).unwrap().value;
        let pages = built.pages;
        let reused = session.repairs_reused().unwrap();
        assert!(reused < pages, "{reused} of {pages} pages reused");
        if most_reused {
            assert!(reused + 3 >= pages, "{reused} of {pages} pages reused");
        }
        phaen_ok(&["build", data.to_str().unwrap(), "-o", fresh.to_str().unwrap()]);
        assert!(built.pdf == std::fs::read(&fresh).unwrap(), "the rebuild differs from a new build");
    }
}
