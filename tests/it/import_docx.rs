//! `phaen import` of Word `.docx` files. The files are made here from XML strings, so
//! nothing beyond the crate's dev-dependencies is needed: a small plan written with
//! Word's features (a table with merged header cells, ticks as symbols and check boxes,
//! real list numbering, nested and bulleted), and the 2567 plan itself written as a
//! `.docx` from its committed text, its lists as Word numbering.

use phaen::import::*;
use phaen::plan::model::{Block, Item, Plan};
use phaen::plan::write::to_yaml;

use crate::support::{phaen, reference};

const DATASET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samutsongkhram-2567.yaml");

// ---------------------------------------------------------------------------------
// Writing a .docx

/// A zip archive of the files, each deflated (as Word writes them) or stored: Word
/// deflates, and every other file is stored so that both methods are read.
fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let files: Vec<(&str, &[u8], bool)> =
        files.iter().enumerate().map(|(k, &(name, data))| (name, data, k.is_multiple_of(2))).collect();
    crate::zip::write(&files)
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

/// A `.docx` of a body (the children of `w:body`), list definitions (the children of
/// `w:numbering`) and paragraph styles.
fn docx(body: &str, numbering: &str, styles: &str) -> Vec<u8> {
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let numbering = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{numbering}</w:numbering>"#);
    let styles = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{styles}</w:styles>"#);
    zip(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A run of text.
fn run(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

/// A paragraph of one run.
fn para(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text))
}

/// A paragraph numbered by list `num` at level `ilvl`.
fn numbered(num: u32, ilvl: usize, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{}</w:p>"#,
        run(text)
    )
}

/// An abstract list definition: its levels as (format, text).
fn abstract_num(id: u32, levels: &[(&str, &str)]) -> String {
    let lvls: String = levels
        .iter()
        .enumerate()
        .map(|(i, (fmt, text))| {
            format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#
            )
        })
        .collect();
    format!(r#"<w:abstractNum w:abstractNumId="{id}">{lvls}</w:abstractNum>"#)
}

/// A list of a definition, with its levels' start values overridden (a restart).
fn num(id: u32, abstract_id: u32, starts: &[u32]) -> String {
    let overrides: String = starts
        .iter()
        .enumerate()
        .map(|(i, s)| format!(r#"<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>"#))
        .collect();
    format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>"#)
}

/// A table cell: its paragraphs, and its properties.
fn cell(props: &str, paragraphs: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>")
}

fn import_docx(bytes: &[u8]) -> Import {
    import_file(bytes).unwrap_or_else(|e| panic!("the .docx imports: {e}"))
}

fn items(blocks: &[Block]) -> &[Item] {
    match blocks {
        [Block::Items { items }] => items,
        other => panic!("one numbered list expected, got {other:?}"),
    }
}

fn texts(items: &[Item]) -> Vec<&str> {
    items.iter().map(Item::text).collect()
}

// ---------------------------------------------------------------------------------
// A plan written in Word

/// The plan table: a header of two rows whose ไตรมาส cell spans four columns and whose
/// other cells are merged down, then three rows ticked in the ways Word documents tick.
fn plan_table() -> String {
    let restart = r#"<w:vMerge w:val="restart"/>"#;
    let below = "<w:vMerge/>";
    let header1 = [
        cell(restart, &para("ลำดับ")),
        cell(restart, &para("รายการโครงการ (ตั้งต้น)")),
        cell(restart, &para("มิติ")),
        cell(restart, &para("งบประมาณ (บาท)")),
        cell(r#"<w:gridSpan w:val="4"/>"#, &para("ดำเนินการไตรมาส")),
        cell(restart, &para("หมายเหตุ")),
    ]
    .concat();
    let header2 = [
        cell(below, "<w:p/>"),
        cell(below, "<w:p/>"),
        cell(below, "<w:p/>"),
        cell(below, "<w:p/>"),
        cell("", &para("1")),
        cell("", &para("2")),
        cell("", &para("3")),
        cell("", &para("4")),
        cell(below, "<w:p/>"),
    ]
    .concat();
    let wingdings = r#"<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>"#;
    let wingdings2 = r#"<w:p><w:r><w:sym w:font="Wingdings 2" w:char="0052"/></w:r></w:p>"#;
    let checkbox = |checked: u8, shown: &str| {
        format!(
            r#"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{checked}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:p>{}</w:p></w:sdtContent></w:sdt>"#,
            run(shown)
        )
    };
    let empty = "<w:p/>".to_string();
    let row = |cells: Vec<String>| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell("", c)).collect::<String>());
    let rows = [
        // A name over two paragraphs, a remark with a line break: one cell each.
        row(vec![
            para("1"),
            para("โครงการโรงเรียนคุณธรรม") + &para("ในสถานศึกษา"),
            para("1"),
            para("45,000.00"),
            wingdings.into(),
            para("☑"),
            para("✔"),
            checkbox(1, "☒"),
            format!("<w:p>{}<w:r><w:br/></w:r>{}</w:p>", run("ส่งเสริมวินัย"), run("และคุณธรรม")),
        ]),
        row(vec![
            para("2"),
            para("มาตรการป้องกันผลประโยชน์ทับซ้อน"),
            para("*2"),
            para("0.00"),
            empty.clone(),
            wingdings2.into(),
            checkbox(0, "☐"),
            para("✓"),
            empty.clone(),
        ]),
        row(vec![
            para("3"),
            para("กิจกรรมเชิดชูเกียรติ"),
            para("4"),
            para("1,200.50"),
            para("✓"),
            empty.clone(),
            empty.clone(),
            empty.clone(),
            // Text in a field's result is read, its code is not.
            format!(
                r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD x </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
                run("ดูภาคผนวก")
            ),
        ]),
        row(vec![
            para("รวมทั้งสิ้น"),
            empty.clone(),
            empty.clone(),
            para("46,200.50"),
            para("2"),
            para("2"),
            para("1"),
            para("2"),
            empty,
        ]),
    ]
    .concat();
    format!(
        r#"<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:trPr><w:tblHeader/></w:trPr>{header1}</w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr>{header2}</w:tr>{rows}</w:tbl>"#
    )
}

/// List definitions: the section headings `%1.`, items `%1)` with `%1.%2)` below them
/// (Thai numbers), the style "ListBullet" and a decimal list whose levels are `%1)` and
/// `%2)` (printed in Thai digits, as the document's own numbers are).
fn plan_numbering() -> String {
    [
        abstract_num(10, &[("thaiNumbers", "%1.")]),
        abstract_num(20, &[("thaiNumbers", "%1)"), ("thaiNumbers", "%1.%2)")]),
        abstract_num(30, &[("bullet", "\u{F0B7}")]),
        abstract_num(40, &[("decimal", "%1)"), ("decimal", "%2)")]),
        num(1, 10, &[]),
        num(2, 20, &[]),
        // Another list of the same definition continues its numbers …
        num(3, 20, &[]),
        // … unless it restarts them.
        num(4, 20, &[1]),
        num(5, 30, &[]),
        num(6, 40, &[]),
    ]
    .concat()
}

const PLAN_STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="ListParagraph"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>"#;

fn bullet(text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr>{}</w:p>"#, run(text))
}

fn plan_body() -> String {
    let heading = |title: &str| numbered(1, 0, title);
    [
        para("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. ๒๕๖๗ ของ เทศบาลตำบลทดสอบ"),
        plan_table(),
        para("** ข้อมูล ณ วันที่ 07 กุมภาพันธ์ 2567"),
        para("ชื่อ - สกุล ผู้ออกรายงาน นางสาวทดสอบ ระบบ"),
        para("คำอธิบาย"),
        para("มิติ 1 การสร้างวัฒนธรรมสุจริต"),
        para("ลำดับที่ ๑"),
        heading("ชื่อโครงการ : โครงการโรงเรียนคุณธรรม ในสถานศึกษา"),
        heading("หลักการและเหตุผล"),
        para("เทศบาลตำบลทดสอบได้ตระหนักถึงความสำคัญของการปลูกฝังคุณธรรมให้แก่เด็กและเยาวชนในท้องถิ่น"),
        // Deleted text of a tracked change and hidden text are not read.
        format!(
            r#"<w:p>{}<w:del><w:r><w:delText>ข้อความที่ลบแล้ว</w:delText></w:r></w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>ซ่อน</w:t></w:r></w:p>"#,
            run("")
        ),
        heading("วัตถุประสงค์"),
        numbered(2, 0, "เพื่อให้ผู้เรียนมีวินัย"),
        numbered(2, 1, "มีความรับผิดชอบ"),
        numbered(2, 1, "มีจิตสาธารณะ"),
        numbered(3, 0, "เพื่อให้นักเรียนมีความซื่อสัตย์ ดังนี้"),
        bullet("ไม่ลอกการบ้าน"),
        bullet("คืนของที่เก็บได้"),
        heading("กลุ่มเป้าหมาย"),
        para("นักเรียน จำนวน ๑๐๐ คน"),
        heading("วิธีดำเนินการ"),
        numbered(4, 0, "ประชุมคณะทำงาน"),
        numbered(4, 0, "จัดกิจกรรม"),
        numbered(6, 1, "กิจกรรมค่ายคุณธรรม"),
        numbered(6, 1, "กิจกรรมจิตอาสา"),
        numbered(4, 0, "สรุปผลการดำเนินงาน"),
        heading("ระยะเวลาดำเนินการ"),
        para("ปีงบประมาณ พ.ศ. ๒๕๖๗"),
        heading("งบประมาณที่ใช้ในการดำเนินการ"),
        para("งบประมาณ จำนวน ๔๕,๐๐๐ บาท"),
        heading("ผู้รับผิดชอบ"),
        para("กองการศึกษา"),
        heading("ผลผลิต/ผลลัพธ์"),
        para("ผลผลิต"),
        para("นักเรียนได้รับการอบรม ร้อยละ ๑๐๐"),
        para("ผลลัพธ์"),
        bullet("นักเรียนมีวินัย"),
        bullet("นักเรียนซื่อสัตย์"),
    ]
    .concat()
}

#[test]
fn a_plan_written_in_word_imports() {
    let import = import_docx(&docx(&plan_body(), &plan_numbering(), PLAN_STYLES));
    let plan = &import.plan;
    assert_eq!(plan.plan.organization, "เทศบาลตำบลทดสอบ");
    assert_eq!(plan.plan.fiscal_year, 2567);
    assert_eq!(plan.plan.as_of, "2567-02-07");

    let rows: Vec<_> = plan
        .rows
        .iter()
        .map(|r| (r.number, r.name.as_str(), r.dimension, r.starred, r.budget.to_string(), r.quarters.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(1), "โครงการโรงเรียนคุณธรรม ในสถานศึกษา", 1, false, "45000.00".into(), vec![1, 2, 3, 4]),
            (Some(2), "มาตรการป้องกันผลประโยชน์ทับซ้อน", 2, true, "0.00".into(), vec![2, 4]),
            (Some(3), "กิจกรรมเชิดชูเกียรติ", 4, false, "1200.50".into(), vec![1]),
        ]
    );
    assert_eq!(plan.rows[0].remark, "ส่งเสริมวินัย และคุณธรรม");
    assert_eq!(plan.rows[1].remark, "");
    assert_eq!(plan.rows[2].remark, "ดูภาคผนวก");

    assert_eq!(plan.sheets.len(), 1);
    let sheet = &plan.sheets[0];
    assert_eq!(plan.row_number_of_sheet(1), Some(1));
    assert_eq!(
        sheet.rationale,
        [Block::Para("เทศบาลตำบลทดสอบได้ตระหนักถึงความสำคัญของการปลูกฝังคุณธรรมให้แก่เด็กและเยาวชนในท้องถิ่น".into())]
    );

    // `๑)` with `๑.๑)` `๑.๒)` under it, then `๒)` from another list of the same
    // definition, which continues the numbers, with bullets of a list style.
    let objectives = items(&sheet.objectives);
    assert_eq!(texts(objectives), ["เพื่อให้ผู้เรียนมีวินัย", "เพื่อให้นักเรียนมีความซื่อสัตย์ ดังนี้"]);
    assert_eq!(texts(items(objectives[0].body())), ["มีความรับผิดชอบ", "มีจิตสาธารณะ"]);
    assert_eq!(
        objectives[1].body(),
        [Block::Bullets {
            bullets: vec!["ไม่ลอกการบ้าน".into(), "คืนของที่เก็บได้".into()]
        }]
    );

    // A restarted list, with a nested decimal list whose level is written `%2)`.
    let method = items(&sheet.method);
    assert_eq!(texts(method), ["ประชุมคณะทำงาน", "จัดกิจกรรม", "สรุปผลการดำเนินงาน"]);
    assert!(method[0].body().is_empty());
    assert_eq!(texts(items(method[1].body())), ["กิจกรรมค่ายคุณธรรม", "กิจกรรมจิตอาสา"]);

    assert_eq!(sheet.targets, [Block::Para("นักเรียน จำนวน ๑๐๐ คน".into())]);
    assert_eq!(sheet.responsible, [Block::Para("กองการศึกษา".into())]);
    assert_eq!(sheet.outputs, [Block::Para("นักเรียนได้รับการอบรม ร้อยละ ๑๐๐".into())]);
    assert_eq!(
        sheet.outcomes,
        [Block::Bullets {
            bullets: vec!["นักเรียนมีวินัย".into(), "นักเรียนซื่อสัตย์".into()]
        }]
    );
    // Numbering, ticks and merged cells leave nothing the importer could not read.
    assert!(
        import.warnings.iter().all(|w| !w.message.contains("expected") && !w.message.contains("empty")),
        "{:#?}",
        import.warnings
    );
}

// ---------------------------------------------------------------------------------
// The 2567 plan as a .docx

fn thai_digit(c: char) -> Option<u32> {
    ('๐'..='๙').contains(&c).then(|| c as u32 - '๐' as u32)
}

/// A number in Thai digits.
fn thai_number(s: &str) -> Option<u32> {
    (!s.is_empty()).then_some(())?;
    s.chars().try_fold(0u32, |n, c| Some(n.checked_mul(10)? + thai_digit(c)?))
}

/// `๑)`, `- ๒)`, `๒.๑)` at the start of a line: the number's parts and the text after it.
fn line_number(line: &str) -> Option<(Vec<u32>, &str)> {
    let rest = line.strip_prefix("- ").unwrap_or(line);
    let close = rest.find(')')?;
    let path: Vec<u32> = rest[..close].split('.').map(thai_number).collect::<Option<_>>()?;
    let after = &rest[close + 1..];
    (path.len() <= 3 && !after.starts_with(|c: char| c.is_ascii_digit() || thai_digit(c).is_some()))
        .then_some((path, after.trim_start()))
}

/// Writes the lines of a plan's text as a `.docx`: TAB-separated lines as table rows
/// (the header's ไตรมาส cell spanning four columns, its other cells merged down, ticks
/// as Word symbols, check boxes and characters, multi-word cells over two paragraphs),
/// other lines as paragraphs, and each line starting with a list number as a paragraph
/// numbered by Word. The lists are made so that Word prints the numbers the text has:
/// where the next number Word would print differs (a new list, or the plan's own odd
/// numbering), a new list restarts at the number wanted.
struct PlanWriter {
    body: String,
    rows: Vec<String>,
    nums: Vec<String>,
    /// The list in use: id, and the numbers Word has given (`None` for a level not
    /// numbered since a restart) and starts at each level.
    list: (u32, [Option<u32>; 3], [u32; 3]),
    /// The tick written for each ticked cell, in turn.
    ticks: usize,
    numbered: usize,
}

/// Lists of Thai numbers, and decimal ones (whose numbers follow the document's digits).
const THAI_LIST: u32 = 1;
const DECIMAL_LIST: u32 = 2;

impl PlanWriter {
    fn new() -> PlanWriter {
        PlanWriter {
            body: String::new(),
            rows: Vec::new(),
            nums: Vec::new(),
            list: (0, [None; 3], [1; 3]),
            ticks: 0,
            numbered: 0,
        }
    }

    fn line(&mut self, line: &str, sheet: u32) {
        if line.contains('\t') {
            let row = self.row(line);
            self.rows.push(row);
            return;
        }
        self.end_table();
        match line_number(line) {
            Some((path, text)) if sheet > 0 => {
                let num = self.list_for(&path, sheet);
                self.numbered += 1;
                self.body.push_str(&numbered(num, path.len() - 1, text));
            }
            _ => self.body.push_str(&para(line)),
        }
    }

    /// The list that prints `path` next: the one in use, or a new one starting there.
    fn list_for(&mut self, path: &[u32], sheet: u32) -> u32 {
        let ilvl = path.len() - 1;
        let (id, counters, starts) = &mut self.list;
        let shown = |i: usize| counters[i].unwrap_or(starts[i]);
        let next = counters[ilvl].map_or(starts[ilvl], |n| n + 1);
        let printed: Vec<u32> = (0..ilvl).map(shown).chain([next]).collect();
        if *id == 0 || printed != path {
            *id = self.nums.len() as u32 + 1;
            let definition = if sheet.is_multiple_of(2) { THAI_LIST } else { DECIMAL_LIST };
            self.nums.push(num(*id, definition, path));
            *counters = [None; 3];
            *starts = [1; 3];
            starts[..path.len()].copy_from_slice(path);
        }
        counters[ilvl] = Some(path[ilvl]);
        counters[ilvl + 1..].fill(None);
        *id
    }

    fn row(&mut self, line: &str) -> String {
        let cells: Vec<&str> = line.split('\t').collect();
        let header = cells[0] == "ลำดับ";
        let second_header = cells.len() > 4 && cells[..4].iter().all(|c| c.is_empty()) && cells[4] == "1";
        let mut out = String::from("<w:tr>");
        if header || second_header {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        let mut i = 0;
        while i < cells.len() {
            let text = cells[i];
            if header && text == "ดำเนินการไตรมาส" {
                out.push_str(&cell(r#"<w:gridSpan w:val="4"/>"#, &para(text)));
                i += 4;
                continue;
            }
            let props = match (header, second_header && !(4..8).contains(&i)) {
                (true, _) => r#"<w:vMerge w:val="restart"/>"#,
                (_, true) => "<w:vMerge/>",
                _ => "",
            };
            let content = self.cell_content(text);
            out.push_str(&cell(props, &content));
            i += 1;
        }
        out + "</w:tr>"
    }

    /// A cell's paragraphs: a tick in one of Word's ways; text of several words over two
    /// paragraphs (joined again by a space).
    fn cell_content(&mut self, text: &str) -> String {
        if text.contains("checked") || text == "☑" {
            self.ticks += 1;
            return match self.ticks % 4 {
                0 => r#"<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r></w:p>"#.into(),
                1 => r#"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent><w:p><w:r><w:t>☒</w:t></w:r></w:p></w:sdtContent></w:sdt>"#.into(),
                2 => para("✔"),
                _ => para(text.replace("<input checked=\"\" type=\"checkbox\"/>", "☑").as_str()),
            };
        }
        match text.split_once(' ') {
            Some((first, rest)) if !first.is_empty() => para(first) + &para(rest),
            _ => para(text),
        }
    }

    fn end_table(&mut self) {
        if !self.rows.is_empty() {
            self.body.push_str(&format!("<w:tbl><w:tblPr/>{}</w:tbl>", self.rows.concat()));
            self.rows.clear();
        }
    }

    fn finish(mut self) -> Vec<u8> {
        self.end_table();
        let numbering = [
            abstract_num(THAI_LIST, &[("thaiNumbers", "%1)"), ("thaiNumbers", "%1.%2)"), ("thaiNumbers", "%1.%2.%3)")]),
            abstract_num(DECIMAL_LIST, &[("decimal", "%1)"), ("decimal", "%1.%2)"), ("decimal", "%1.%2.%3)")]),
            self.nums.concat(),
        ]
        .concat();
        docx(&self.body, &numbering, "")
    }
}

/// The `.docx` and how many of its paragraphs Word numbers.
fn plan_as_docx(text: &str) -> (Vec<u8>, usize) {
    let mut writer = PlanWriter::new();
    let mut sheet = 0;
    for line in text.lines() {
        if let Some(no) = line.trim().strip_prefix("ลำดับที่ ") {
            sheet = thai_number(no.trim()).unwrap_or(sheet);
        }
        writer.line(line, sheet);
    }
    let numbered = writer.numbered;
    (writer.finish(), numbered)
}

#[test]
fn the_2567_plan_as_docx_gives_the_dataset() {
    let reference = reference();
    let (docx, numbered) = plan_as_docx(&reference);
    // The lists are Word's: 599 paragraphs numbered by numbering.xml, half of them in
    // `decimal` lists, printed in Thai digits as the document's text is.
    assert_eq!(numbered, 599);
    let text = source_text(&docx).unwrap();
    assert!(text.lines().any(|l| l == "๕) เพื่อให้เด็กทำหน้าที่ตัวเองให้ดีที่สุด"));
    assert!(
        !text.lines().any(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(") ") && !l.contains('\t'))
    );

    let import = import_docx(&docx);
    assert_eq!(import.plan.rows.len(), 67);
    assert_eq!(import.plan.sheets.len(), 46);
    // What `phaen import` writes, read back, against the committed dataset.
    let written = to_yaml(&import.plan);
    let imported: Plan = serde_saphyr::from_str(&written).unwrap();
    let committed: Plan = serde_saphyr::from_str(&std::fs::read_to_string(DATASET).unwrap()).unwrap();
    assert_eq!(imported.plan, committed.plan);
    assert_eq!(imported.rows, committed.rows);
    assert_eq!(imported.sheets.len(), committed.sheets.len());
    for (a, b) in imported.sheets.iter().zip(&committed.sheets) {
        assert_eq!(a, b, "sheet {:?} differs from the dataset", a.project);
    }
    assert!(written == std::fs::read_to_string(DATASET).unwrap(), "not the committed dataset byte for byte");
    // The same warnings as the text gives (sheet ๑'s odd numbering), at the same lines:
    // each line was written as one paragraph or one table row.
    assert_eq!(import.warnings, import_text(&reference).unwrap().warnings);
}

// ---------------------------------------------------------------------------------
// Files that are not a .docx, or damaged

fn unreadable(bytes: &[u8]) -> String {
    match import_file(bytes) {
        Err(ImportError::Unreadable(why)) => why,
        other => panic!("expected an unreadable file, got {other:?}"),
    }
}

#[test]
fn a_zip_that_is_not_a_docx_is_named_so() {
    let why = unreadable(&zip(&[("content.xml", b"<office:document/>"), ("mimetype", b"application/zip")]));
    assert!(why.contains("ไม่ใช่ไฟล์ Word .docx") && why.contains("no word/document.xml"), "{why}");
}

#[test]
fn a_truncated_or_damaged_docx_is_an_error_not_a_panic() {
    let whole = docx(&plan_body(), &plan_numbering(), PLAN_STYLES);
    for len in (4..whole.len()).step_by(97) {
        let why = unreadable(&whole[..len]);
        assert!(why.contains(".docx"), "{why}");
    }
    // Damage anywhere: an error or a (different) plan, never a panic.
    let mut state = 0x2545_F491_u32;
    for _ in 0..300 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let mut bad = whole.clone();
        let at = 4 + state as usize % (bad.len() - 4);
        bad[at] ^= (state >> 24) as u8 | 1;
        let _ = import_file(&bad);
    }
    // Not XML, and XML with a DTD (entity expansion) are refused.
    for body in ["<w:p>", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><w:p/>"] {
        let bytes = zip(&[("word/document.xml", body.as_bytes())]);
        assert!(unreadable(&bytes).contains("XML"), "{body}");
    }
}

#[test]
fn phaen_import_reads_a_docx_and_fails_clearly_on_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("plan.docx");
    std::fs::write(&good, docx(&plan_body(), &plan_numbering(), PLAN_STYLES)).unwrap();
    let out_yaml = dir.path().join("plan.yaml");
    let out = phaen(&["import", good.to_str().unwrap(), "-o", out_yaml.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 rows, 1 sheets"));

    let broken = dir.path().join("broken.docx");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let out = phaen(&["import", broken.to_str().unwrap(), "-o", dir.path().join("b.yaml").to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot read the .docx file") && stderr.contains("truncated"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
