use super::body::{
    LINE_DASH, LINE_DASH_STR, MIN_PARAGRAPH_CHARS, Marker, Piece, Token, mid_line_paragraphs, paren_marker_at, pieces,
    restore_trailing_numbers, split_bullets, starts_paragraph,
};
use super::numbers::month_number;
use super::sheets::stated_budget;
use super::*;

#[test]
fn thai_and_arabic_numbers() {
    assert_eq!(parse_number("๒๕๖๗"), Some(2567));
    assert_eq!(parse_number("2567"), Some(2567));
    assert_eq!(parse_number("๑0"), Some(10));
    assert_eq!(parse_number(""), None);
    assert_eq!(parse_number("๑ก"), None);
    assert_eq!(thai_numeral(46), "๔๖");
    assert_eq!(sheet_number("ลำดับที่ ๔๖"), Some(46));
}

#[test]
fn month_names_and_dates() {
    assert_eq!(month_number("มกราคม"), Some(1));
    assert_eq!(month_number("กุมภาพันธ์"), Some(2));
    assert_eq!(month_number("ธ.ค."), Some(12));
    assert_eq!(month_number("February"), None);
    assert_eq!(parse_thai_date(" 07 กุมภาพันธ์ 2567").as_deref(), Some("2567-02-07"));
    assert_eq!(parse_thai_date("๓๑ ธันวาคม ๒๕๖๖").as_deref(), Some("2566-12-31"));
    assert_eq!(parse_thai_date("7 Feb 2567"), None);
}

#[test]
fn title_line() {
    assert_eq!(
        parse_title("แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลเมืองสมุทรสงคราม"),
        Some((2567, "เทศบาลเมืองสมุทรสงคราม".to_string()))
    );
    assert_eq!(parse_title("hello world"), None);
}

#[test]
fn budgets_keep_two_decimals() {
    assert_eq!(parse_budget("3,170,000.00").map(|d| d.to_string()).as_deref(), Some("3170000.00"));
    assert_eq!(parse_budget("500").map(|d| d.to_string()).as_deref(), Some("500.00"));
    assert_eq!(stated_budget("งบประมาณ จำนวน ๔๕๐๐๐ บาท"), Some(Decimal::from(45000)));
    assert_eq!(stated_budget("ดำเนินการโดยไม่ใช้งบประมาณ"), None);
}

#[test]
fn cut_words_are_joined() {
    let j = Joiner::new("ส่วนท้องถิ่น ส่วนรวม");
    assert_eq!(j.repair_spaces("โครงการจัดกิจกรรมการเรียนกา รสอนหลักสูตร", false), "โครงการจัดกิจกรรมการเรียนการสอนหลักสูตร");
    assert_eq!(j.join("องค์กรปกครองส", "ว่นท้องถิ่น"), "องค์กรปกครองส่วนท้องถิ่น");
    assert_eq!(j.join("เทศบาลเมืองส", "มุทรสงคราม"), "เทศบาลเมืองสมุทรสงคราม");
    assert_eq!(j.join("ส่งเสริมการกระจายอำนาจจากภาครัฐสู่ภา", "คประชาชน"), "ส่งเสริมการกระจายอำนาจจากภาครัฐสู่ภาคประชาชน");
    assert_eq!(j.repair_spaces("การเรียนกา รสอน", false), "การเรียนการสอน");
    // Real word breaks keep their space inside a line.
    assert_eq!(j.repair_spaces("เด็ก นักเรียน", false), "เด็ก นักเรียน");
    // Non-Thai junctions get a space.
    assert_eq!(j.join("ร้อยละ ๘๐", "(สำรวจ)"), "ร้อยละ ๘๐ (สำรวจ)");
}

#[test]
fn usage_decides_at_word_boundaries() {
    let j = Joiner::new("ให้แก่ประชาชน ให้แก่เด็ก\nดังนี้ การ ดังนี้ การ");
    assert_eq!(j.repair_spaces("ให้ แก่", true), "ให้แก่");
    assert_eq!(j.repair_spaces("ให้ แก่", false), "ให้ แก่");
    assert_eq!(j.join("ดังนี้", "การ"), "ดังนี้ การ");
}

#[test]
fn line_pieces() {
    let p = pieces("- ๒) ประชุมคณะทำงานฯ ๒.๑) วิเคราะห์ (ฉบับที่ ๓) ผล");
    assert_eq!(
        p,
        vec![
            Piece::Marker(Marker { raw: "๒)", path: vec![2], at_line_start: true, parenthesised: false }),
            Piece::Text("ประชุมคณะทำงานฯ"),
            Piece::Marker(Marker { raw: "๒.๑)", path: vec![2, 1], at_line_start: false, parenthesised: false }),
            Piece::Text("วิเคราะห์ (ฉบับที่ ๓) ผล"),
        ]
    );
    assert_eq!(pieces("- ก"), vec![Piece::Text(LINE_DASH_STR), Piece::Text("ก")]);
}

/// Items numbered with a dot, as Word numbers lists: at the start of a line only.
#[test]
fn dotted_item_numbers_start_a_line() {
    assert_eq!(
        pieces("1. เพื่อให้ผู้เรียนมีวินัย"),
        vec![
            Piece::Marker(Marker { raw: "1.", path: vec![1], at_line_start: true, parenthesised: false }),
            Piece::Text("เพื่อให้ผู้เรียนมีวินัย"),
        ]
    );
    assert_eq!(
        pieces("๒.๑. ย่อย")[0],
        Piece::Marker(Marker { raw: "๒.๑.", path: vec![2, 1], at_line_start: true, parenthesised: false })
    );
    // Not in running text, not a decimal, not a year.
    assert_eq!(pieces("ตั้งแต่ปี 2567. ต่อไป"), vec![Piece::Text("ตั้งแต่ปี 2567. ต่อไป")]);
    assert_eq!(pieces("1.5 ล้านบาท"), vec![Piece::Text("1.5 ล้านบาท")]);
}

#[test]
fn dash_lists() {
    assert_eq!(
        split_bullets("ดังนี้ - ข้อมูลพื้นฐาน - การบริหารงาน"),
        ("ดังนี้".into(), vec!["ข้อมูลพื้นฐาน".into(), "การบริหารงาน".into()])
    );
    assert_eq!(
        split_bullets("ดังนี้ - ประกาศการจัดซื้อ - จัดจ้าง - ประกาศวัน เวลา"),
        ("ดังนี้".into(), vec!["ประกาศการจัดซื้อ - จัดจ้าง".into(), "ประกาศวัน เวลา".into()])
    );
    assert_eq!(split_bullets("การจัดซื้อ - จัดจ้าง"), ("การจัดซื้อ - จัดจ้าง".into(), vec![]));
    assert_eq!(split_bullets("(Index - CPI) ก"), ("(Index - CPI) ก".into(), vec![]));
    let stray = format!("ข้อมูล {LINE_DASH} และผล");
    assert_eq!(split_bullets(&stray), ("ข้อมูล และผล".into(), vec![]));
}

#[test]
fn paragraph_openers_and_connectives() {
    let long = "ก".repeat(MIN_PARAGRAPH_CHARS);
    assert!(starts_paragraph(&long, "เพื่อให้เป็นไปตามพระราชบัญญัติ", "เทศบาล"));
    assert!(starts_paragraph(&long, "อีกทั้งแผนการปฏิรูปประเทศ", "เทศบาล"));
    assert!(!starts_paragraph(&long, "อีกทั้งยังช่วยป้องกัน", "เทศบาล"));
    assert!(!starts_paragraph(&format!("{long} ดังนั้น"), "เทศบาลจึงได้", "เทศบาล"));
    assert!(!starts_paragraph("สั้น", "ดังนั้น", "เทศบาล"));
}

#[test]
fn mid_line_paragraph_starts() {
    let long = "ก".repeat(MIN_PARAGRAPH_CHARS);
    let wide = format!("{long} ดังนั้น เพื่อให้การบริหาร");
    assert_eq!(mid_line_paragraphs("", &wide, &wide), vec![long.len() + 1]);
    // Not in a line that fits on a printed line, nor after an open `เนื่องจาก`.
    let narrow = "ของการทำความดี ดังนั้น เพื่อส่งเสริม";
    assert!(mid_line_paragraphs(&long, narrow, narrow).is_empty());
    let because = format!("เนื่องจาก{long} ดังนั้น การที่");
    assert!(mid_line_paragraphs("", &because, &because).is_empty());
}

#[test]
fn parenthesised_numbers() {
    assert_eq!(paren_marker_at("(๓.๒) การ"), Some((vec![3, 2], "(๓.๒)".len())));
    assert_eq!(paren_marker_at("(๙) จัดการศึกษา"), None);
    assert_eq!(paren_marker_at("(๕.๑.๓(๑))"), None);
    let p = pieces("ได้ด้วยตนเอง (๓.๒) การจัดการ (ฉบับที่ ๓)");
    assert!(matches!(&p[1], Piece::Marker(m) if m.parenthesised && m.path == [3, 2]));
    assert_eq!(p[2], Piece::Text("การจัดการ (ฉบับที่ ๓)"));
}

#[test]
fn numbers_written_after_their_text_go_back() {
    let lines = ["หัวข้อ", "ก ๑)", "ข ๒)", "ค ๓) ง", "จ"];
    let tokens: Vec<Token> = lines
        .iter()
        .enumerate()
        .flat_map(|(n, line)| {
            pieces(line).into_iter().enumerate().map(move |(k, piece)| Token {
                line_no: n + 1,
                line,
                piece,
                new_line: k == 0,
            })
        })
        .collect();
    let text: Vec<&str> = restore_trailing_numbers(tokens)
        .into_iter()
        .map(|t| match t.piece {
            Piece::Marker(m) => m.raw,
            Piece::Text(t) => t,
        })
        .collect();
    assert_eq!(text, ["หัวข้อ", "๑)", "ก", "๒)", "ข", "๓)", "ค", "ง", "จ"]);
    // A number after an introducer leads its text.
    let intro =
        Token { line_no: 1, line: "ดังนี้ ๑)", piece: Piece::Text("ดังนี้"), new_line: true };
    let one = Token { piece: pieces("ก ๑)")[1].clone(), new_line: false, ..intro.clone() };
    assert_eq!(restore_trailing_numbers(vec![intro, one]).len(), 2);
}

#[test]
fn enumerations_at_line_breaks() {
    let j = Joiner::new("การดำเนินงาน รายงานผล การกำหนด ส่วนท้องถิ่น");
    assert_eq!(j.join("การกำหนดหลักเกณฑ์ วิธีการ", "แนวทางการดำเนินงาน"), "การกำหนดหลักเกณฑ์ วิธีการ แนวทางการดำเนินงาน");
    assert_eq!(
        j.join("ได้แก่ แผนการดำเนินงาน", "รายงานการกำกับ รายงานการใช้จ่าย"),
        "ได้แก่ แผนการดำเนินงาน รายงานการกำกับ รายงานการใช้จ่าย"
    );
    // A function word joins what follows; a cut word is glued.
    assert_eq!(j.join("ค่านิยม และ", "วัฒนธรรม"), "ค่านิยม และวัฒนธรรม");
    assert_eq!(j.join("องค์กรปกครองส", "ว่นท้องถิ่น"), "องค์กรปกครองส่วนท้องถิ่น");
    assert_eq!(j.join("ประหยัดและคุ้มค่า", "อีกทั้งยังช่วย"), "ประหยัดและคุ้มค่า อีกทั้งยังช่วย");
}
