//! PDFs for the integrity assessment and the website: metadata, bookmarks, PDF/A-2b,
//! the summary by มิติ, reproducible bytes, size, --split and the optional front matter.

use std::io::Write;
use std::path::Path;

use crate::support::*;

#[test]
fn the_default_build_is_an_archival_pdf_with_bookmarks_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    phaen_ok(&["build", EXAMPLE, "-o", pdf.to_str().unwrap()]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.len() < 1_500_000, "the PDF weighs {} bytes", bytes.len());

    // Metadata, from the data.
    let info = run("pdfinfo", &[pdf.to_str().unwrap()], "poppler-utils");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Title:           แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"), "{info}");
    assert!(info.contains("Author:          เทศบาลเมืองสมุทรสงคราม"), "{info}");
    assert!(info.contains("Keywords:"), "{info}");
    assert!(info.contains("CreationDate:    Wed Feb  7 00:00:00 2024"), "the as-of date: {info}");
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "PDF/A-2b in XMP"
    );
    let language = xmp.split("<dc:language>").nth(1).and_then(|x| x.split("</dc:language>").next());
    assert!(language.is_some_and(|l| l.contains("<rdf:li>th</rdf:li>")), "language th in the XMP: {language:?}");
    let qpdf = run("qpdf", &["--check", pdf.to_str().unwrap()], "qpdf");
    assert!(qpdf.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&qpdf.stdout));

    // Bookmarks: the table, the summary and one per sheet, in order.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let toc = doc.get_toc().unwrap().toc;
    let titles: Vec<&str> = toc.iter().map(|t| t.title.as_str()).collect();
    assert!(titles.len() >= 48, "{} bookmarks: {titles:?}", titles.len());
    assert!(titles[0].starts_with("ตารางแผนปฏิบัติการ"), "{titles:?}");
    assert!(titles[1].starts_with("สรุปจำนวนโครงการ"), "{titles:?}");
    assert_eq!(titles[2], "ลำดับที่ ๑ โครงการโรงเรียนคุณธรรม");
    assert!(titles[47].starts_with("ลำดับที่ ๔๖ "), "{titles:?}");

    // The summary by มิติ, computed from the rows.
    let text = squeeze(&pdftotext(&pdf, true));
    for line in [
        "1การสร้างวัฒนธรรมสุจริต161,245,000.00",
        "*1การสร้างวัฒนธรรมสุจริต121,845,000.00",
        "2การบริหารราชการด้วยความโปร่งใส2180,000.00",
        "รวมทั้งสิ้น673,170,000.00",
    ] {
        assert!(text.contains(line), "summary line {line} missing");
    }

    // The same data build the same bytes.
    let again = dir.path().join("again.pdf");
    phaen_ok(&["build", EXAMPLE, "-o", again.to_str().unwrap()]);
    assert!(std::fs::read(&again).unwrap() == bytes, "two builds of the same data differ");
}

#[test]
fn split_writes_the_table_and_every_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    phaen_ok(&["build", EXAMPLE, "--split", "--pdf-standard", "none", "-o", pdf.to_str().unwrap()]);
    let parts: Vec<String> = std::fs::read_dir(dir.path().join("plan"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(parts.len(), 47, "{parts:?}");
    let table = pdftotext(&dir.path().join("plan/00-plan-table.pdf"), true);
    assert!(table.contains("รวมทั้งสิ้น") && table.contains("สรุปจำนวนโครงการ") && !table.contains("ลำดับที่ ๑\n"));
    let sheet = pdftotext(&dir.path().join("plan/02-sheet.pdf"), true);
    assert!(sheet.contains("ลำดับที่ ๒\n") && !sheet.contains("ลำดับที่ ๓\n"), "{sheet}");
    assert!(sheet.contains("โตไปไม่โกง"));
}

const FRONT: &str = r#"
cover:
  emblem: emblem.svg
announcement:
  body:
    - ด้วยเทศบาลตำบลทดสอบได้จัดทำแผนปฏิบัติการป้องกันการทุจริต
    - จึงประกาศมาเพื่อทราบโดยทั่วกัน
  date: 2567-10-01
  name: นายทดสอบ ระบบ
  position: นายกเทศมนตรีตำบลทดสอบ
"#;

const EMBLEM: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="40" fill="#c8a200"/></svg>"##;

#[test]
fn the_cover_and_announcement_print_only_when_present() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let data = dir.path().join("plan.yaml");
    std::fs::write(dir.path().join("emblem.svg"), EMBLEM).unwrap();
    std::fs::write(&data, format!("{base}{FRONT}")).unwrap();
    let pdf = dir.path().join("plan.pdf");
    phaen_ok(&["build", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let first = run("pdftotext", &["-l", "2", pdf.to_str().unwrap(), "-"], "poppler-utils");
    let first = String::from_utf8_lossy(&first.stdout);
    for want in
        ["ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "ประกาศเทศบาลเมืองสมุทรสงคราม", "ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗", "(นายทดสอบ ระบบ)"]
    {
        assert!(first.contains(want), "{want} not on the first pages:\n{first}");
    }
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert_eq!(doc.get_toc().unwrap().toc[0].title, "ปก");
    // The SVG emblem is drawn as vector paths: the cover shows its gold disc.
    assert!(gold_pixels(&pdf) > 100, "the emblem is not drawn on the cover");

    // A PNG emblem is embedded as an image of its own size.
    std::fs::write(dir.path().join("emblem.png"), png(24, 16, [200, 162, 0])).unwrap();
    std::fs::write(&data, format!("{base}{}", FRONT.replace("emblem.svg", "emblem.png"))).unwrap();
    phaen_ok(&["build", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let images = run("pdfimages", &["-list", pdf.to_str().unwrap()], "poppler-utils");
    let images = String::from_utf8_lossy(&images.stdout);
    let rows: Vec<Vec<&str>> = images.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    assert!(rows.iter().any(|r| r.len() > 4 && r[0] == "1" && r[3] == "24" && r[4] == "16"), "{images}");
    assert!(gold_pixels(&pdf) > 100, "the PNG emblem is not drawn on the cover");

    // Without them, the plan starts with the table.
    let plain = pdftotext(
        &{
            let p = dir.path().join("plain.pdf");
            phaen_ok(&["build", EXAMPLE, "-o", p.to_str().unwrap()]);
            p
        },
        true,
    );
    assert!(plain.starts_with("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567"), "{}", &plain[..200]);

    // The emblem must be a plain file name in the dataset's folder.
    std::fs::write(&data, format!("{base}{}", FRONT.replace("emblem.svg", "../../etc/emblem.svg"))).unwrap();
    let out = phaen(&["build", data.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cover.emblem"));
}

#[test]
fn an_accessible_pdf_ua_1_builds_tagged() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("plan.pdf");
    phaen_ok(&["build", EXAMPLE, "--pdf-standard", "ua-1", "-o", pdf.to_str().unwrap()]);
    let info = run("pdfinfo", &[pdf.to_str().unwrap()], "poppler-utils");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let xmp = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(xmp.contains("pdfuaid:part"), "PDF/UA identification in XMP");
    // An unknown standard is refused before any work, with the list of the known ones.
    let out = phaen(&["build", EXAMPLE, "--pdf-standard", "a-9z", "-o", pdf.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'a-9z'") && err.contains("a-2b") && err.contains("ua-1"), "{err}");
}

/// How many pixels of the first page, rendered at 20 dpi, are the emblems' gold.
fn gold_pixels(pdf: &Path) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let args = ["-r", "20", "-f", "1", "-l", "1", "-singlefile", pdf.to_str().unwrap(), prefix.to_str().unwrap()];
    let out = run("pdftoppm", &args, "poppler-utils");
    assert!(out.status.success());
    let ppm = std::fs::read(dir.path().join("page.ppm")).unwrap();
    // P6, width, height, 255, then RGB bytes: skip the four header fields.
    let mut fields = 0;
    let start = ppm.iter().position(|&b| {
        if b.is_ascii_whitespace() {
            fields += 1;
        }
        fields == 4
    });
    ppm[start.unwrap() + 1..].chunks(3).filter(|p| p[0] > 150 && p[1] > 110 && p[1] < 200 && p[2] < 60).count()
}

/// A PNG of one colour, written by hand (a signature and three chunks) so the test needs
/// no image library.
fn png(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    // Each scan line: filter type 0, then the pixels.
    let line: Vec<u8> = std::iter::once(0).chain((0..width).flat_map(|_| rgb)).collect();
    let raw = line.repeat(height as usize);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}
