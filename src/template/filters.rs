//! The filters the templates format numbers and dates with (as zola registers its number
//! formatting): the words around them belong to the templates.
//!
//! | filter | value | gives |
//! |---|---|---|
//! | `digits` | any text or number | Arabic digits as Thai digits: `ลำดับที่ 12` → `ลำดับที่ ๑๒`, except in a word with Latin letters (a web address, `ISO9001`) |
//! | `money` | an amount (`"3170000.00"`) | the table's form: `3,170,000.00` |
//! | `baht` | an amount | a sentence's form, satang only when there are any: `45,000`, `1,250.50` |
//! | `percent(whole)` | an amount or count | its share of `whole` in percent, two decimals: `45.45`; `-` of nothing |
//! | `thai_date(style)` | a date `YYYY-MM-DD`, Buddhist era | `"system"`: `07 กุมภาพันธ์ 2567`; `"long"`: `7 กุมภาพันธ์ 2567`; `"official"`: `7 กุมภาพันธ์ พ.ศ. 2567` |
//!
//! None of them writes Thai digits but `digits`, so a template says where Thai digits go
//! (in a plan whose `digits` is `arabic`, `digits` writes Arabic digits instead).

use std::str::FromStr;

use minijinja::{Environment, Error, ErrorKind, State, Value};
use rust_decimal::Decimal;

use crate::thai::{MONTHS, ThaiDate, arabic_digits, group_thousands, money_table, thai_digits};

pub(super) fn register(env: &mut Environment<'static>) {
    env.add_filter("digits", digits);
    env.add_filter("money", money);
    env.add_filter("baht", baht);
    env.add_filter("thai_date", thai_date);
    env.add_filter("percent", percent);
}

/// Thai digits, except in a word with Latin letters (`https://…/2021`, `ISO9001`,
/// `e-GP2`), whose digits are part of an address or a code and must stay as typed. In a
/// plan whose `digits` is `arabic`, every digit is Arabic instead.
fn digits(state: &State, value: Value) -> String {
    let text = value.to_string();
    let arabic = state
        .lookup("doc")
        .and_then(|doc| doc.get_attr("plan").ok())
        .and_then(|plan| plan.get_attr("digits").ok())
        .is_some_and(|d| d.as_str() == Some("arabic"));
    if arabic {
        return arabic_digits(&text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    for word in text.split_inclusive(char::is_whitespace) {
        if word.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push_str(word);
        } else {
            out.push_str(&thai_digits(word));
        }
    }
    out
}

fn amount(value: &Value) -> Result<Decimal, Error> {
    let text = value.to_string();
    Decimal::from_str(&text).map_err(|_| Error::new(ErrorKind::InvalidOperation, format!("not an amount: {text:?}")))
}

fn money(value: Value) -> Result<String, Error> {
    Ok(money_table(amount(&value)?))
}

fn baht(value: Value) -> Result<String, Error> {
    let mut a = amount(&value)?;
    a.rescale(2);
    let plain = if a.fract().is_zero() { a.trunc().normalize().to_string() } else { a.to_string() };
    Ok(group_thousands(&plain))
}

/// `part` as a percentage of `whole`, two decimals (`45.45`); `-` when the whole is 0.
fn percent(part: Value, whole: Value) -> Result<String, Error> {
    let (part, whole) = (amount(&part)?, amount(&whole)?);
    if whole.is_zero() {
        return Ok("-".into());
    }
    let mut p = part * Decimal::ONE_HUNDRED / whole;
    p.rescale(2);
    Ok(p.to_string())
}

fn thai_date(value: Value, style: &str) -> Result<String, Error> {
    let bad = |msg: String| Error::new(ErrorKind::InvalidOperation, msg);
    let date = ThaiDate::parse(&value.to_string()).map_err(bad)?;
    let month = MONTHS[date.month as usize - 1];
    Ok(match style {
        "system" => format!("{:02} {month} {}", date.day, date.year),
        "long" => format!("{} {month} {}", date.day, date.year),
        "official" => format!("{} {month} พ.ศ. {}", date.day, date.year),
        other => return Err(bad(format!("unknown date style {other:?}: use system, long or official"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, ctx: Value) -> String {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(template, ctx).unwrap()
    }

    #[test]
    fn filters_format_numbers_and_dates() {
        let ctx =
            minijinja::context! { n => 12, a => "3170000.00", b => "1250.50", c => "45000.00", d => "2567-02-07" };
        assert_eq!(render("{{ ('ลำดับที่ ' ~ n) | digits }}", ctx.clone()), "ลำดับที่ ๑๒");
        assert_eq!(render("{{ a | money }}", ctx.clone()), "3,170,000.00");
        let url = minijinja::context! { u => "ดูที่ https://www.nacc.go.th/2021 ปี 2567 ISO9001" };
        assert_eq!(render("{{ u | digits }}", url), "ดูที่ https://www.nacc.go.th/2021 ปี ๒๕๖๗ ISO9001");
        assert_eq!(render("{{ b | baht }} {{ c | baht | digits }}", ctx.clone()), "1,250.50 ๔๕,๐๐๐");
        assert_eq!(render("{{ d | thai_date('system') }}", ctx.clone()), "07 กุมภาพันธ์ 2567");
        assert_eq!(render("{{ d | thai_date('long') | digits }}", ctx.clone()), "๗ กุมภาพันธ์ ๒๕๖๗");
        assert_eq!(render("{{ d | thai_date('official') }}", ctx), "7 กุมภาพันธ์ พ.ศ. 2567");
        let arabic =
            minijinja::context! { doc => minijinja::context! { plan => minijinja::context! { digits => "arabic" } } };
        assert_eq!(render("{{ 'ลำดับที่ 12 ข้อ ๓' | digits }}", arabic), "ลำดับที่ 12 ข้อ 3");
    }
}
