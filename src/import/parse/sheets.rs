//! Project sheets: `ลำดับที่ …` and their nine sections.

use super::*;

/// The sections of a sheet, by their printed titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Section {
    Name,
    Rationale,
    Objectives,
    Targets,
    Method,
    Period,
    Budget,
    Responsible,
    Results,
}

/// Every title a section is known by, first the one phaen prints. Plans follow the
/// handbook of the year they were written in, and municipalities word titles their own
/// way: this is the one place to add a wording met in a real plan. Titles are compared
/// with their spaces ignored (`ผลผลิต / ผลลัพธ์`), and the longest title that fits wins,
/// so `ผู้รับผิดชอบโครงการ` is a title, not `ผู้รับผิดชอบ` followed by text.
pub(super) const SECTIONS: [(Section, &[&str]); 9] = [
    (Section::Name, &["ชื่อโครงการ", "ชื่อโครงการ/กิจกรรม", "ชื่อโครงการ/กิจกรรม/มาตรการ", "ชื่อมาตรการ", "ชื่อกิจกรรม"]),
    (Section::Rationale, &["หลักการและเหตุผล", "หลักการและเหตุผล/ที่มาของโครงการ", "ที่มาของโครงการ", "หลักการเหตุผล"]),
    (Section::Objectives, &["วัตถุประสงค์", "วัตถุประสงค์ของโครงการ"]),
    (Section::Targets, &["กลุ่มเป้าหมาย", "เป้าหมาย", "กลุ่มเป้าหมาย/พื้นที่ดำเนินการ", "เป้าหมาย/ผลผลิต"]),
    (Section::Method, &["วิธีดำเนินการ", "วิธีการดำเนินการ", "วิธีการดำเนินงาน", "ขั้นตอนการดำเนินการ"]),
    (Section::Period, &["ระยะเวลาดำเนินการ", "ระยะเวลาในการดำเนินการ", "ระยะเวลาการดำเนินการ", "ระยะเวลาดำเนินงาน"]),
    (Section::Budget, &["งบประมาณที่ใช้ในการดำเนินการ", "งบประมาณดำเนินการ", "งบประมาณ", "งบประมาณที่ใช้"]),
    (Section::Responsible, &["ผู้รับผิดชอบ", "ผู้รับผิดชอบโครงการ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ"]),
    (Section::Results, &["ผลผลิต/ผลลัพธ์", "ผลที่คาดว่าจะได้รับ", "ตัวชี้วัด/ผลลัพธ์"]),
];

/// `๓. วัตถุประสงค์` → the section and what follows the title on the line.
pub(super) fn section_heading(line: &str) -> Option<(Section, &str)> {
    let line = line.trim();
    let digits = line.find(|c: char| !is_digit(c))?;
    let rest = line[digits..].strip_prefix('.')?.trim_start();
    SECTIONS
        .iter()
        .flat_map(|(s, titles)| titles.iter().map(move |t| (*s, *t)))
        .filter_map(|(s, title)| {
            let after = strip_title(rest, title)?;
            (after.is_empty() || after.starts_with([' ', ':', '\t'])).then_some((title.len(), s, after))
        })
        .max_by_key(|(len, ..)| *len)
        .map(|(_, s, after)| (s, after))
}

/// What follows `title` at the start of `text`, spaces inside the title ignored.
fn strip_title<'a>(text: &'a str, title: &str) -> Option<&'a str> {
    let mut rest = text;
    for want in title.chars().filter(|&c| c != ' ') {
        rest = rest.trim_start_matches(' ');
        rest = rest.strip_prefix(want)?;
    }
    Some(rest)
}

/// A sheet as read, before it is linked to its row.
pub(super) struct ParsedSheet {
    pub(super) no: u32,
    /// 1-based line of `ลำดับที่ …`.
    pub(super) line: usize,
    pub(super) name: String,
    /// The budget stated in section ๗, `None` for `ไม่ใช้งบประมาณ`.
    pub(super) budget: Option<Decimal>,
    pub(super) sheet: Sheet,
}

/// The sheets of the input as line ranges: from each `ลำดับที่ …` to the next one, or to
/// the next page of the plan table (its header line, and the title line above it), or to
/// the end.
pub(super) fn sheet_blocks(lines: &[&str]) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| sheet_number(lines[i]).is_some()).collect();
    let mut blocks = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let next = starts.get(k + 1).copied().unwrap_or(lines.len());
        let end = (start + 1..next).find(|&i| is_table_header(lines[i])).map_or(next, |header| {
            // Back over the blank lines and the plan's title line that open the page.
            let mut end = header;
            while end > start + 1 && (lines[end - 1].trim().is_empty() || parse_title(lines[end - 1]).is_some()) {
                end -= 1;
            }
            end
        });
        blocks.push((start, end));
    }
    blocks
}

/// Splits a sheet into its sections and reads each one.
pub(super) fn parse_sheet(
    lines: &[&str],
    start: usize,
    end: usize,
    organization: &str,
    joiner: &Joiner,
    warnings: &mut Vec<Warning>,
) -> ParsedSheet {
    let no = sheet_number(lines[start]).unwrap_or_default();
    let mut sections: HashMap<Section, Vec<(usize, &str)>> = HashMap::new();
    let mut current: Option<Section> = None;
    for (i, line) in lines.iter().enumerate().take(end).skip(start + 1) {
        if let Some((section, rest)) = section_heading(line) {
            if sections.contains_key(&section) {
                warnings.push(Warning {
                    line: i + 1,
                    message: format!(
                        "ลำดับที่ {s}: หัวข้อ `{t}` ซ้ำ / sheet {s}: section `{t}` appears twice",
                        s = thai_numeral(no),
                        t = section_title(section)
                    ),
                });
            }
            current = Some(section);
            let rest = rest.trim_start().trim_start_matches(':').trim();
            let body = sections.entry(section).or_default();
            if !rest.is_empty() {
                body.push((i + 1, rest));
            }
        } else if let Some(section) = current {
            sections.entry(section).or_default().push((i + 1, line));
        } else if !line.trim().is_empty() {
            warnings.push(Warning {
                line: i + 1,
                message: format!(
                    "ลำดับที่ {s}: ข้อความก่อนหัวข้อแรกไม่ถูกนำเข้า / sheet {s}: text before the first section is ignored",
                    s = thai_numeral(no)
                ),
            });
        }
    }
    for (section, titles) in SECTIONS {
        let title = titles[0];
        if !sections.get(&section).is_some_and(|b| b.iter().any(|(_, l)| !l.trim().is_empty())) {
            warnings.push(Warning {
                line: start + 1,
                message: format!(
                    "ลำดับที่ {s}: ไม่มีหัวข้อ `{title}` หรือว่าง / sheet {s}: section `{title}` is missing or empty",
                    s = thai_numeral(no)
                ),
            });
        }
    }
    let take = |s: Section| sections.get(&s).map(Vec::as_slice).unwrap_or_default();
    let name = take(Section::Name)
        .iter()
        .map(|(_, l)| l.trim())
        .filter(|l| !l.is_empty())
        .fold(String::new(), |acc: String, l| joiner.join(&acc, l));
    let budget_text = take(Section::Budget).iter().map(|(_, l)| l.trim()).collect::<Vec<_>>().join(" ");
    let reader = SectionReader { joiner, organization, sheet: no };
    let (outputs, outcomes) = split_results(take(Section::Results), no, start + 1, warnings);
    let sheet = Sheet {
        number: Some(no),
        project: None,
        row: None,
        rationale: reader.read(take(Section::Rationale), warnings),
        objectives: reader.read(take(Section::Objectives), warnings),
        targets: reader.read(take(Section::Targets), warnings),
        method: reader.read(take(Section::Method), warnings),
        period: reader.read(take(Section::Period), warnings),
        responsible: reader.read(take(Section::Responsible), warnings),
        outputs: reader.read(&outputs, warnings),
        outcomes: reader.read(&outcomes, warnings),
    };
    ParsedSheet { no, line: start + 1, name, budget: stated_budget(&budget_text), sheet }
}

pub(super) fn section_title(section: Section) -> &'static str {
    SECTIONS.iter().find(|(s, _)| *s == section).map(|(_, t)| t[0]).unwrap_or_default()
}

/// Input lines with their 1-based line numbers.
pub(super) type Lines<'a> = Vec<(usize, &'a str)>;

/// Splits section ๙ at its subheadings `ผลผลิต` and `ผลลัพธ์`.
pub(super) fn split_results<'a>(
    lines: &[(usize, &'a str)],
    no: u32,
    sheet_line: usize,
    warnings: &mut Vec<Warning>,
) -> (Lines<'a>, Lines<'a>) {
    let heading = |l: &str| l.trim().trim_end_matches([':', ' ']).to_string();
    let outputs_at = lines.iter().position(|(_, l)| heading(l) == "ผลผลิต");
    let outcomes_at = lines.iter().position(|(_, l)| heading(l) == "ผลลัพธ์");
    match (outputs_at, outcomes_at) {
        (Some(o), Some(r)) if o < r => (lines[o + 1..r].to_vec(), lines[r + 1..].to_vec()),
        _ => {
            let line = lines.first().map_or(sheet_line, |(l, _)| *l);
            warnings.push(Warning {
                line,
                message: format!(
                    "ลำดับที่ {s}: หัวข้อ ๙ ไม่ได้แยก `ผลผลิต` และ `ผลลัพธ์` จึงนำทั้งหมดเป็นผลผลิต / \
                     sheet {s}: section ๙ is not split into `ผลผลิต` and `ผลลัพธ์`; all of it is taken as ผลผลิต",
                    s = thai_numeral(no)
                ),
            });
            let rest = lines.iter().filter(|(_, l)| !matches!(heading(l).as_str(), "ผลผลิต" | "ผลลัพธ์"));
            (rest.copied().collect(), Vec::new())
        }
    }
}

/// The budget a sheet states in section ๗: `งบประมาณ จำนวน ๔๕๐๐๐ บาท` → 45000.
pub(super) fn stated_budget(text: &str) -> Option<Decimal> {
    crate::checks::text::stated_budgets(text).into_iter().find_map(|b| match b {
        crate::checks::text::StatedBudget::Amount(a) => Some(a),
        crate::checks::text::StatedBudget::None => None,
    })
}
