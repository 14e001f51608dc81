//! Marks of a printed plan that both the readers (`read`) and the parser (`parse`) know:
//! the ticks of the quarter cells and the running page numbers.

/// Symbol-font ticks and ticked boxes, read as `✓`.
pub(super) const TICKS: [char; 6] = ['\u{F0FC}', '\u{F0FE}', '\u{F050}', '\u{F052}', '✔', '☑'];

/// A character that marks a ticked quarter: `✓`, or one the parser's cleaning reads as `✓`.
pub(super) fn is_tick(c: char) -> bool {
    c == '✓' || TICKS.contains(&c)
}

/// A page number printed at the top or bottom of a page: `-๒-`, `- 12 -`.
pub(super) fn is_page_number(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix('-')
        .and_then(|t| t.strip_suffix('-'))
        .map(str::trim)
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c)))
}
