//! The title line, the plan table and the metadata after it.

use super::*;

/// `แผนปฏิบัติการป้องกันการทุจริต พ.ศ. 2567 ของ เทศบาลเมืองสมุทรสงคราม` → (2567, organization).
pub(super) fn parse_title(line: &str) -> Option<(u32, String)> {
    let rest = line.trim().strip_prefix(TITLE)?;
    let (_, rest) = rest.split_once("พ.ศ.")?;
    let (year, org) = rest.split_once("ของ")?;
    let year = parse_number(year.trim())?;
    let org = normalize_space(org);
    (!org.is_empty()).then_some((year, org))
}

pub(super) fn is_table_header(line: &str) -> bool {
    let mut cells = line.split('\t').map(str::trim);
    cells.next() == Some("ลำดับ") && cells.next().is_some_and(|c| c.starts_with("รายการโครงการ"))
}

/// `ลำดับที่ ๑` → 1.
pub(super) fn sheet_number(line: &str) -> Option<u32> {
    parse_number(line.trim().strip_prefix("ลำดับที่")?.trim())
}

pub(super) struct Table {
    pub(super) rows: Vec<Row>,
    /// Index of the first line after the table (after the total line, if any).
    pub(super) end: usize,
    /// Lines that start with a row number but could not be read as a row.
    pub(super) dropped: Vec<Warning>,
    /// The 1-based input line of each row.
    pub(super) lines: Vec<usize>,
}

/// Reads the rows between the first header and the sheets, skipping the title and
/// header lines repeated on every page, and checks the total line against the rows.
pub(super) fn parse_table(
    lines: &[&str],
    from: usize,
    to: usize,
    joiner: &Joiner,
    warnings: &mut Vec<Warning>,
) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    let mut dropped = Vec::new();
    let mut row_lines = Vec::new();
    let mut end = to;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells[0] == "รวมทั้งสิ้น" {
            check_total(&cells, &mut rows, i + 1, warnings);
            end = i + 1;
            break;
        }
        let Some(no) = parse_number(cells[0]) else {
            continue;
        };
        match parse_row(no, &cells, joiner) {
            Ok(row) => {
                if rows.iter().any(|r| r.number == Some(no)) {
                    warnings.push(Warning {
                        line: i + 1, message: format!("แถว {no} ซ้ำ / row {no} appears twice")
                    });
                }
                rows.push(row);
                row_lines.push(i + 1);
            }
            Err(message) => dropped.push(Warning { line: i + 1, message }),
        }
        end = i + 1;
    }
    if end == to || !lines[end - 1].starts_with("รวมทั้งสิ้น") {
        warnings.push(Warning {
            line: end,
            message: "ไม่มีบรรทัด `รวมทั้งสิ้น …` ท้ายตาราง / no total line `รวมทั้งสิ้น …` after the table".into(),
        });
    }
    Table { rows, end, dropped, lines: row_lines }
}

/// One table row: `no  name  มิติ  budget  q1 q2 q3 q4  remark`.
pub(super) fn parse_row(no: u32, cells: &[&str], joiner: &Joiner) -> Result<Row, String> {
    if cells.len() < 8 {
        return Err(format!(
            "แถว {no} มี {n} ช่อง ต้องมีอย่างน้อย 8 / row {no} has {n} cells, expected at least 8",
            n = cells.len()
        ));
    }
    let (starred, dim) = match cells[2].strip_prefix('*') {
        Some(d) => (true, d),
        None => (false, cells[2]),
    };
    let dimension = parse_number(dim)
        .ok_or_else(|| format!("แถว {no}: มิติ `{d}` ไม่ใช่ตัวเลข / row {no}: มิติ `{d}` is not a number", d = cells[2]))?;
    let budget = parse_budget(cells[3]).ok_or_else(|| {
        format!("แถว {no}: งบประมาณ `{b}` ไม่ใช่ตัวเลข / row {no}: budget `{b}` is not a number", b = cells[3])
    })?;
    let quarters = (1..=4u8).filter(|&q| is_tick(cells[q as usize + 3])).collect();
    let remark = cells.get(8..).map(|r| r.join(" ")).unwrap_or_default();
    Ok(Row {
        number: Some(no),
        key: None,
        name: joiner.repair_spaces(&normalize_space(cells[1]), false),
        dimension,
        starred,
        budget,
        quarters,
        remark: joiner.repair_spaces(&normalize_space(&remark), true),
    })
}

/// `45,000.00` → 45000.00, keeping (at least) two decimals.
pub(super) fn parse_budget(s: &str) -> Option<Decimal> {
    // How printouts show a project without budget.
    if matches!(s.trim(), "" | "-" | "–" | "—") || s.contains("ไม่ใช้งบประมาณ") {
        return Some(Decimal::new(0, 2));
    }
    let mut d = Decimal::from_str(&s.replace(',', "")).ok()?;
    if d.scale() < 2 {
        d.rescale(2);
    }
    Some(d)
}

/// A ticked quarter box: `☑` or an HTML checkbox that is checked.
pub(super) fn is_tick(cell: &str) -> bool {
    cell.contains('☑') || cell.contains('✓') || cell.contains("checked")
}

/// Checks `รวมทั้งสิ้น 3,170,000.00 67 67 67 67` against the rows (it is never stored).
///
/// A text without the ticks (the PDF drew them as pictures, which text extraction cannot
/// see) but whose total counts every row in a quarter says each row is ticked there: the
/// ticks are restored from it, with a warning. A partial count cannot say which rows.
pub(super) fn check_total(cells: &[&str], rows: &mut [Row], line: usize, warnings: &mut Vec<Warning>) {
    let numbers: Vec<&str> = cells[1..].iter().copied().filter(|c| !c.is_empty()).collect();
    let sum: Decimal = rows.iter().map(|r| r.budget).sum();
    match numbers.first().and_then(|n| parse_budget(n)) {
        Some(total) if total == sum => {}
        Some(total) => warnings.push(Warning {
            line,
            message: format!("งบประมาณรวม {total} ไม่เท่ากับผลรวมของแถว {sum} / the total budget {total} differs from the sum of the rows {sum}"),
        }),
        None => warnings.push(Warning { line, message: "บรรทัดรวมไม่มีงบประมาณ / the total line has no budget".into() }),
    }
    for q in 1..=4u8 {
        let ticks = rows.iter().filter(|r| r.quarters.contains(&q)).count() as u32;
        match numbers.get(q as usize).and_then(|n| parse_number(n)) {
            Some(n) if n == ticks => {}
            Some(n) if ticks == 0 && n as usize == rows.len() => {
                for row in rows.iter_mut() {
                    row.quarters.push(q);
                    row.quarters.sort_unstable();
                }
                warnings.push(Warning {
                    line,
                    message: format!(
                        "ไม่มีเครื่องหมายในไตรมาส {q} แต่ยอดรวมนับครบ {n} โครงการ จึงทำเครื่องหมายทุกแถว / \
                         no row is ticked in quarter {q} but the total counts all {n}: every row is ticked there"
                    ),
                });
            }
            Some(n) => warnings.push(Warning {
                line,
                message: format!(
                    "ยอดรวมไตรมาส {q} ระบุ {n} โครงการ แต่แถวทำเครื่องหมาย {ticks} / the total says {n} projects in quarter {q}, the rows tick {ticks}"
                ),
            }),
            None => warnings.push(Warning { line, message: format!("บรรทัดรวมไม่มีจำนวนของไตรมาส {q} / the total line has no count for quarter {q}") }),
        }
    }
}

/// The as-of date, the issuer and the มิติ legend between the table and the sheets.
pub(super) fn parse_meta(
    lines: &[&str],
    from: usize,
    to: usize,
    fiscal_year: u32,
    organization: String,
    warnings: &mut Vec<Warning>,
) -> Meta {
    let mut as_of = None;
    let mut issuer = None;
    let mut dimensions = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let line = line.trim();
        if let Some((_, date)) = line.split_once("ข้อมูล ณ วันที่") {
            as_of = parse_thai_date(date);
            if as_of.is_none() {
                warnings.push(Warning {
                    line: i + 1,
                    message: format!("อ่านวันที่ `{d}` ไม่ได้ / cannot read the date `{d}`", d = date.trim()),
                });
            }
        } else if let Some((_, name)) = line.split_once("ผู้ออกรายงาน") {
            issuer = Some(normalize_space(name));
        } else if let Some(rest) = line.strip_prefix("มิติ") {
            let rest = rest.trim_start();
            let digits = rest.find(|c: char| !is_digit(c)).unwrap_or(rest.len());
            if let Some(no) = parse_number(&rest[..digits]) {
                dimensions.push(Dimension { number: no, name: normalize_space(&rest[digits..]) });
            }
        }
    }
    let line = from.max(1);
    if as_of.is_none() {
        warnings.push(Warning {
            line,
            message: "ไม่มี `ข้อมูล ณ วันที่ …` ท้ายตาราง / no as-of date `ข้อมูล ณ วันที่ …` after the table".into(),
        });
    }
    if issuer.is_none() {
        warnings.push(Warning {
            line,
            message: "ไม่มี `ผู้ออกรายงาน …` ท้ายตาราง / no issuer `ผู้ออกรายงาน …` after the table".into(),
        });
    }
    if dimensions.is_empty() {
        warnings.push(Warning {
            line,
            message: "ไม่มีคำอธิบายมิติ (`มิติ 1 …`) ท้ายตาราง / no legend of the มิติ (`มิติ 1 …`) after the table".into(),
        });
    }
    Meta {
        title: TITLE.to_string(),
        organization,
        fiscal_year,
        as_of: as_of.unwrap_or_default(),
        issuer: issuer.unwrap_or_default(),
        dimensions,
        // The printed total is checked against the rows here, never copied.
        total_budget: None,
        digits: Digits::Thai,
    }
}
