//! Numbers and dates as plans write them: Thai or Arabic digits, Thai month names.

/// The value of a run of Thai (`๐`–`๙`) or Arabic digits.
pub(super) fn parse_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |acc, c| {
        let d = thai_digit(c).or_else(|| c.to_digit(10))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}

pub(super) fn thai_digit(c: char) -> Option<u32> {
    ('๐'..='๙').contains(&c).then(|| c as u32 - '๐' as u32)
}

pub(super) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || thai_digit(c).is_some()
}

/// Writes a number in Thai digits.
pub(super) fn thai_numeral(n: u32) -> String {
    n.to_string().chars().map(|c| char::from_u32('๐' as u32 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect()
}

/// Month number (1–12) of a Thai month name, full (`กุมภาพันธ์`) or abbreviated (`ก.พ.`).
pub(super) fn month_number(name: &str) -> Option<u32> {
    const SHORT: [&str; 12] =
        ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
    let name = name.trim();
    let at = crate::thai::MONTHS.iter().position(|m| *m == name).or_else(|| SHORT.iter().position(|m| *m == name))?;
    Some(at as u32 + 1)
}

/// Parses a Thai date `07 กุมภาพันธ์ 2567` into `2567-02-07` (the year stays พ.ศ.).
pub(super) fn parse_thai_date(s: &str) -> Option<String> {
    let mut words = s.split_whitespace();
    let day = parse_number(words.next()?)?;
    let month = month_number(words.next()?)?;
    let year = parse_number(words.next()?)?;
    ((1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Collapses runs of whitespace into single spaces and trims.
pub(super) fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
