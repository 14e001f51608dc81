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
