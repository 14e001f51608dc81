//! Reading a plan's file into text, a line per printed line: a PDF (`pdf`, through the
//! text layer reader of `crates/textlayer`) or a Word `.docx` (`docx`). Knows nothing of
//! plans: `parse` reads the text.

pub(super) mod docx;
pub(super) mod pdf;
