//! Small pure functions for Thai official documents: Thai digits, money, Thai dates.

use rust_decimal::Decimal;

/// The Thai months, January first.
pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Replaces every Thai digit ๐–๙ by its Arabic digit 0–9; all else is kept.
pub fn arabic_digits(s: &str) -> String {
    shift_digits(s, '๐', '0')
}

/// Replaces every Arabic digit 0–9 by its Thai digit ๐–๙; all else is kept.
pub fn thai_digits(s: &str) -> String {
    shift_digits(s, '0', '๐')
}

/// Each digit of the set starting at `from` written as the same digit of the set at `to`.
fn shift_digits(s: &str, from: char, to: char) -> String {
    s.chars()
        .map(|c| match (c as u32).checked_sub(from as u32) {
            Some(d) if d < 10 => char::from_u32(to as u32 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Groups the integer digits of a non-negative decimal string by thousands: `3170000.00`
/// → `3,170,000.00`.
pub(crate) fn group_thousands(plain: &str) -> String {
    let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(plain.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Money as the plan table prints it: Arabic digits, thousands separators, always two
/// decimals: `45000` → `45,000.00`.
pub fn money_table(amount: Decimal) -> String {
    let mut a = amount;
    a.rescale(2);
    group_thousands(&a.to_string())
}

/// A date as `(year B.E., month 1–12, day)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThaiDate {
    /// The year of the Buddhist Era (พ.ศ.).
    pub year: u32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month.
    pub day: u32,
}

impl ThaiDate {
    /// Parses `YYYY-MM-DD` with a Buddhist-era year (`2567-02-07`), checking the day
    /// against the month (leap years counted in the Gregorian year, B.E. − 543).
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "วันที่ต้องเขียนเป็น ปปปป-ดด-วว (พ.ศ.) เช่น 2567-02-07 / date must be YYYY-MM-DD with a Buddhist-era year, got {s:?}"
            )
        };
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !(y.len() == 4 && all_digits(y) && all_digits(m) && all_digits(d)) {
            return Err(bad());
        }
        let (year, month, day): (u32, u32, u32) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        if year < 2400 {
            return Err(format!("ปี {year} ไม่ใช่ปีพุทธศักราช / year {year} is not a Buddhist-era year (e.g. 2567)"));
        }
        let g = year - 543;
        let leap = (g % 4 == 0 && g % 100 != 0) || g % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if day == 0 || day > days {
            return Err(bad());
        }
        Ok(Self { year, month, day })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn digits() {
        assert_eq!(thai_digits("พ.ศ. 2567"), "พ.ศ. ๒๕๖๗");
        assert_eq!(thai_digits("0123456789"), "๐๑๒๓๔๕๖๗๘๙");
        assert_eq!(thai_digits("E-Service ๑)"), "E-Service ๑)");
    }

    #[test]
    fn table_money() {
        assert_eq!(money_table(d("0")), "0.00");
        assert_eq!(money_table(d("45000.00")), "45,000.00");
        assert_eq!(money_table(d("3170000")), "3,170,000.00");
        assert_eq!(money_table(d("999.5")), "999.50");
        assert_eq!(money_table(d("1000")), "1,000.00");
        assert_eq!(money_table(d("100000")), "100,000.00");
    }

    #[test]
    fn dates() {
        assert_eq!(ThaiDate::parse("2567-02-07"), Ok(ThaiDate { year: 2567, month: 2, day: 7 }));
        // 2567 B.E. = 2024, a leap year.
        assert!(ThaiDate::parse("2567-02-29").is_ok());
        assert!(ThaiDate::parse("2566-02-29").is_err());
        assert!(ThaiDate::parse("2024-02-07").is_err());
        assert!(ThaiDate::parse("2567-13-01").is_err());
        assert!(ThaiDate::parse("7 ก.พ. 2567").is_err());
    }
}
