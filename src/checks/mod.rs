//! Rules shared by both documents (a plan, a progress report): money ([`money`]), and the
//! checks of Thai text damaged by copying and of budgets stated in a sheet's words
//! ([`text`]).

pub mod money;
pub mod text;
