//! The rules every amount of money obeys, in a plan (budgets) and in a progress file
//! (ordinance budgets, spending): not negative, at most two decimals (satang), and under
//! one trillion baht.

use rust_decimal::Decimal;

/// The most an amount may be: one trillion baht, a thousand times a large city's whole
/// annual budget. Sums of a thousand rows stay far inside `Decimal`'s range.
pub const MAX_BUDGET: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);

/// What an amount is, for the words of its errors.
#[derive(Clone, Copy)]
pub(crate) enum Amount {
    /// A plan's budget (งบประมาณ).
    Budget,
    /// A progress file's amount (จำนวนเงิน): an ordinance budget, spending.
    Money,
}

/// What is wrong with `amount`, one message each (Thai / English).
pub(crate) fn problems(amount: Decimal, what: Amount) -> Vec<String> {
    let (th, en) = match what {
        Amount::Budget => ("งบประมาณ", "budget"),
        Amount::Money => ("จำนวนเงิน", "amount"),
    };
    let mut out = Vec::new();
    if amount.is_sign_negative() && !amount.is_zero() {
        out.push(format!("{th}ติดลบ / the {en} is negative: {amount}"));
    }
    if amount.normalize().scale() > 2 {
        out.push(format!("{th}มีทศนิยมเกิน ๒ ตำแหน่ง / the {en} has more than two decimals: {amount}"));
    }
    if amount > MAX_BUDGET {
        out.push(format!("{th}เกินหนึ่งล้านล้านบาท / the {en} is more than one trillion baht: {amount} (a typo?)"));
    }
    out
}

/// Reads an amount as officers write it: `45000`, `45000.50`, `45,000`, `45,000.00`, in
/// Thai or Arabic digits, quoted or not; exactly (a decimal, never a float). `None` for
/// anything else (`45.000,00`, `45 000`, `abc`), whose error says how to write it.
pub fn parse_amount(written: &str) -> Option<Decimal> {
    let arabic = crate::thai::arabic_digits(written.trim());
    let (sign, digits) = match arabic.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", arabic.as_str()),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    // Commas only between groups of three digits: `45,000`, never `4,5000` nor `45,00`.
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped_well = (1..=3).contains(&first.len()) || !whole.contains(',');
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(first) || !grouped_well || !groups.all(|g| g.len() == 3 && all_digits(g)) {
        return None;
    }
    if fraction.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let plain: String = whole.chars().filter(|c| *c != ',').collect();
    let text = match fraction {
        Some(f) => format!("{sign}{plain}.{f}"),
        None => format!("{sign}{plain}"),
    };
    let mut amount = Decimal::from_str_exact(&text).ok()?;
    // Baht and satang: `45000` is `45000.00`, as the dataset writes it (more decimals stay,
    // for the check that refuses them).
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    Some(amount)
}

/// A whole number as officers write it (a quarter, a มิติ, a ลำดับ, a year): Arabic or Thai
/// digits, quoted or not.
pub(crate) fn parse_number<T: std::str::FromStr>(written: &str) -> Option<T> {
    let arabic = crate::thai::arabic_digits(written.trim());
    if arabic.is_empty() || !arabic.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    arabic.parse().ok()
}

/// serde's side of [`parse_amount`] and [`parse_number`]: the dataset's fields read through
/// them (`#[serde(with = "…")]`), written back as phaen writes them (`"45000.00"`, `3`).
/// Their errors are whole sentences in Thai and English, which the loader shows as they are.
pub(crate) mod serde_as {
    use super::{parse_amount, parse_number};
    use rust_decimal::Decimal;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;
    use std::marker::PhantomData;

    use crate::yaml::OWN_MESSAGE as MARK;

    /// Reads a scalar's text as written; `parse` makes the value of it or says why not.
    struct Scalar<T, F> {
        parse: F,
        expecting: &'static str,
        value: PhantomData<T>,
    }

    impl<'de, T, F: FnOnce(&str) -> Result<T, String>> Visitor<'de> for Scalar<T, F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).map_err(|m| E::custom(format!("{MARK}{m}")))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            self.visit_str(&v.to_string())
        }
    }

    fn read<'de, D: Deserializer<'de>, T>(
        d: D,
        expecting: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, D::Error> {
        d.deserialize_str(Scalar { parse, expecting, value: PhantomData })
    }

    fn money(written: &str, th: &str, en: &str) -> Result<Decimal, String> {
        parse_amount(written).ok_or_else(|| {
            format!(
                "{th}เขียนเป็นตัวเลข เช่น 45000 หรือ 45,000.00 (ไม่ใช่ “{written}”) / \
                 write the {en} as a number such as 45000 or 45,000.00, not “{written}”"
            )
        })
    }

    fn amount(written: &str) -> Result<Decimal, String> {
        money(written, "จำนวนเงิน", "amount")
    }

    fn budget(written: &str) -> Result<Decimal, String> {
        money(written, "งบประมาณ", "budget")
    }

    /// A plan's budget (`Decimal`).
    pub(crate) mod budget {
        use super::*;
        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
            read(d, "a budget such as 45000.00", budget)
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
            amount::serialize(v, s)
        }
    }

    /// A plan's budget that may be left out (`Option<Decimal>`, with `#[serde(default)]`).
    pub(crate) mod budget_option {
        use super::*;
        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            read(d, "a budget such as 45000.00", budget).map(Some)
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            amount_option::serialize(v, s)
        }
    }

    /// An amount (`Decimal`).
    pub(crate) mod amount {
        use super::*;
        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
            read(d, "an amount such as 45000.00", amount)
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&v.to_string())
        }
    }

    /// An amount that may be left out (`Option<Decimal>`, with `#[serde(default)]`).
    pub(crate) mod amount_option {
        use super::*;
        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
            read(d, "an amount such as 45000.00", amount).map(Some)
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => s.serialize_str(&v.to_string()),
                None => s.serialize_none(),
            }
        }
    }

    fn number<T: std::str::FromStr>(written: &str, what: &str) -> Result<T, String> {
        parse_number(written).ok_or_else(|| {
            format!("{what} (ไม่ใช่ “{written}”) / write a whole number in digits (Thai or Arabic), not “{written}”")
        })
    }

    /// A whole number in Arabic or Thai digits.
    pub(crate) mod number {
        use super::*;
        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: std::str::FromStr>(d: D) -> Result<T, D::Error> {
            read(d, "a whole number", |w| number(w, "เขียนเป็นตัวเลขจำนวนเต็ม"))
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer, T: serde::Serialize>(v: &T, s: S) -> Result<S::Ok, S::Error> {
            serde::Serialize::serialize(v, s)
        }
    }

    /// A whole number that may be left out.
    pub(crate) mod number_option {
        use super::*;
        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: std::str::FromStr>(
            d: D,
        ) -> Result<Option<T>, D::Error> {
            read(d, "a whole number", |w| number(w, "เขียนเป็นตัวเลขจำนวนเต็ม")).map(Some)
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer, T: serde::Serialize>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
            serde::Serialize::serialize(v, s)
        }
    }

    /// The quarters a project runs in: a list of numbers (`[1, 2]`), in Thai or Arabic
    /// digits; one quarter or several may also be written without brackets (`4`, `1, 2`).
    /// Whether each is 1–4 is the validator's to say, with every other mistake.
    pub(crate) mod quarters {
        use super::*;
        use serde::Deserialize;
        use serde::de::SeqAccess;

        const SAY: &str = "ไตรมาสเขียนเป็นเลข 1–4 เช่น [1, 2]";

        struct Quarter(u8);
        impl<'de> Deserialize<'de> for Quarter {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                read(d, "a quarter 1–4", |w| number::<u8>(w, SAY).map(Quarter))
            }
        }

        struct Quarters;
        impl<'de> Visitor<'de> for Quarters {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of quarters such as [1, 2]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::new();
                while let Some(Quarter(q)) = seq.next_element()? {
                    out.push(q);
                }
                Ok(out)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                v.split([',', ' '])
                    .filter(|p| !p.is_empty())
                    .map(|p| number::<u8>(p, SAY))
                    .collect::<Result<_, _>>()
                    .map_err(|_| {
                        E::custom(format!(
                            "{MARK}{SAY} (ไม่ใช่ “{v}”) / write the quarters as numbers 1–4, as in [1, 2], not “{v}”"
                        ))
                    })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<u8>, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<u8>, E> {
                self.visit_str(&v.to_string())
            }
        }

        /// Reads it.
        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
            d.deserialize_any(Quarters)
        }
        /// Writes it.
        pub(crate) fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            serde::Serialize::serialize(v, s)
        }
    }
}
