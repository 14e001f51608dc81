//! Linking each sheet to its row of the plan table.

use super::*;

/// Links each sheet to the table row of the same name (whitespace ignored), else to the
/// closest unstarred row by edit distance, with a warning.
pub(super) fn link_sheets(parsed: Vec<ParsedSheet>, rows: &[Row], warnings: &mut Vec<Warning>) -> Vec<Sheet> {
    let number = |row: &Row| row.number.unwrap_or_default();
    let key = |s: &str| s.split_whitespace().collect::<String>();
    let mut sheets = Vec::new();
    let mut links: HashMap<u32, u32> = HashMap::new();
    for p in parsed {
        let name = key(&p.name);
        let exact = rows.iter().find(|r| key(&r.name) == name);
        let row = exact.or_else(|| {
            let best = rows
                .iter()
                .filter(|r| !r.starred)
                .map(|r| (strsim::normalized_levenshtein(&key(&r.name), &name), r))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((score, row)) if score >= 0.5 => {
                    warnings.push(Warning {
                        line: p.line,
                        message: format!(
                            "sheet {} `{}` has no row of that name; linked to the closest, row {} `{}` \
                             (the sheet will show the row's name)",
                            thai_numeral(p.no),
                            p.name,
                            number(row),
                            row.name
                        ),
                    });
                    Some(row)
                }
                _ => None,
            }
        });
        let Some(row) = row else {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "sheet {} `{}` matches no table row; left unlinked (no project:)",
                    thai_numeral(p.no),
                    p.name
                ),
            });
            sheets.push(p.sheet);
            continue;
        };
        if row.starred {
            warnings.push(Warning {
                line: p.line,
                message: format!("sheet {} is linked to starred row {}", thai_numeral(p.no), number(row)),
            });
        }
        if let Some(other) = links.insert(number(row), p.no) {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "sheets {} and {} both detail row {}",
                    thai_numeral(other),
                    thai_numeral(p.no),
                    number(row)
                ),
            });
        }
        let stated = p.budget.unwrap_or_default();
        if stated != row.budget {
            warnings.push(Warning {
                line: p.line,
                message: format!(
                    "sheet {} states a budget of {stated} baht, its row {} says {}",
                    thai_numeral(p.no),
                    number(row),
                    row.budget
                ),
            });
        }
        sheets.push(Sheet { project: Some(row.name.clone()), ..p.sheet });
    }
    for row in rows.iter().filter(|r| !r.starred && !links.contains_key(&number(r))) {
        warnings.push(Warning {
            line: 1,
            message: format!("row {} `{}` is not starred but has no sheet", number(row), row.name),
        });
    }
    sheets
}
