//! Linking each sheet to its row of the plan table.

use super::*;

/// How alike a sheet's name and a row's name must be for the sheet to be linked to the
/// row when they are not the same: normalized Levenshtein similarity of the two names with
/// spaces and quotation-mark styles ignored. 0.85 lets through a typo or a few letters
/// damaged by extraction in a name of 30 or more letters (the 2567 plan's run 19–211).
/// Names of different projects can be closer still (`โครงการป้องกันผลประโยชน์ทับซ้อน…` and
/// `มาตรการป้องกันผลประโยชน์ทับซ้อน…` of the 2567 plan are 0.93 alike), so the best row must
/// also beat the second best by [`MIN_LINK_MARGIN`].
pub(super) const MIN_LINK_SIMILARITY: f64 = 0.85;

/// The best row must beat the second best by this much, or the link is a guess.
const MIN_LINK_MARGIN: f64 = 0.05;

/// Links each sheet to the table row of the same name, else to the one row whose name is
/// at least [`MIN_LINK_SIMILARITY`] alike, with a warning. A sheet that matches no row is
/// returned in the second list, with why, and left out of the dataset's sheets.
pub(super) fn link_sheets(
    parsed: Vec<ParsedSheet>,
    rows: &[Row],
    row_lines: &[usize],
    warnings: &mut Vec<Warning>,
) -> (Vec<Sheet>, Vec<Warning>) {
    let number = |row: &Row| row.number.unwrap_or_default();
    let mut sheets = Vec::new();
    let mut unlinked = Vec::new();
    let mut links: HashMap<u32, u32> = HashMap::new();
    for p in parsed {
        let name = link_key(&p.name);
        let exact = rows.iter().find(|r| link_key(&r.name) == name);
        let mut scored: Vec<(f64, &Row)> =
            rows.iter().map(|r| (strsim::normalized_levenshtein(&link_key(&r.name), &name), r)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let row = exact.or_else(|| match scored.as_slice() {
            [(best, row), rest @ ..]
                if *best >= MIN_LINK_SIMILARITY
                    && rest.first().is_none_or(|(second, _)| best - second >= MIN_LINK_MARGIN) =>
            {
                warnings.push(Warning {
                    line: p.line,
                    message: format!(
                        "ชื่อโครงการในลำดับที่ {no} ไม่ตรงกับแถวใดในตาราง ใช้แถว {row} ที่ใกล้ที่สุด ({pct}%) / \
                         sheet {no} `{}` has no row of that name; linked to row {row} `{}`, {pct}% alike \
                         (the sheet will show the row's name)",
                        p.name,
                        row.name,
                        no = thai_numeral(p.no),
                        row = number(row),
                        pct = (best * 100.0).round(),
                    ),
                });
                Some(*row)
            }
            _ => None,
        });
        let Some(row) = row else {
            let closest = scored.first().map_or(String::new(), |(score, row)| {
                format!("; the closest is row {} `{}`, {}% alike", number(row), row.name, (score * 100.0).round())
            });
            unlinked.push(Warning {
                line: p.line,
                message: format!(
                    "ลำดับที่ {no} ไม่ตรงกับโครงการใดในตาราง / sheet {no} `{}` matches no row of the table{closest} \
                     (a link needs {}%)",
                    p.name,
                    (MIN_LINK_SIMILARITY * 100.0).round(),
                    no = thai_numeral(p.no),
                ),
            });
            continue;
        };
        if row.starred {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "ลำดับที่ {s} เชื่อมกับแถว {r} ที่มีเครื่องหมาย * / sheet {s} is linked to starred row {r}",
                    s = thai_numeral(p.no),
                    r = number(row)
                ),
            });
        }
        if let Some(other) = links.insert(number(row), p.no) {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "ลำดับที่ {a} และ {b} เป็นรายละเอียดของแถว {r} ทั้งคู่ / sheets {a} and {b} both detail row {r}",
                    a = thai_numeral(other),
                    b = thai_numeral(p.no),
                    r = number(row)
                ),
            });
        }
        let stated = p.budget.unwrap_or_default();
        if stated != row.budget {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "ลำดับที่ {s} ระบุงบประมาณ {stated} บาท แต่แถว {r} ระบุ {b} / sheet {s} states a budget of {stated} baht, its row {r} says {b}",
                    s = thai_numeral(p.no),
                    r = number(row),
                    b = row.budget
                ),
            });
        }
        sheets.push(Sheet { project: Some(row.name.clone()), ..p.sheet });
    }
    for (row, &line) in rows.iter().zip(row_lines).filter(|(r, _)| !r.starred && !links.contains_key(&number(r))) {
        warnings.push(Warning {
            line,
            message: format!(
                "แถว {r} `{n}` ไม่มีเครื่องหมาย * แต่ไม่มีรายละเอียดโครงการ / row {r} `{n}` is not starred but has no sheet",
                r = number(row),
                n = row.name
            ),
        });
    }
    (sheets, unlinked)
}

/// A name as compared for linking: spaces and the style of quotation marks ignored.
fn link_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '”' | '„' | '″' => '"',
            '‘' | '’' | '′' => '\'',
            c => c,
        })
        .collect()
}
