//! Repairs what text extraction does to characters, before anything is parsed.
//!
//! Every repair works inside a line and keeps the line count, so that what the importer
//! reports still names the input's own lines.
//!
//! * `ำ` (SARA AM) written as NIKHAHIT + SARA AA (`ํา`), as every extraction of a PDF made
//!   by Word or by typst gives it, with a tone mark between or before them (`น้ํา`,
//!   `นํ้า` → `น้ำ`).
//! * Unicode NFC (ICU4X's normalizer, already in the tree through typst): Latin letters
//!   with separate accents, Thai is unchanged by it.
//! * Invisible characters that extraction leaves inside words: zero-width spaces and
//!   joiners, the byte order mark, soft hyphens.
//! * Spaces of other widths (no-break, thin, ideographic) become plain spaces.
//! * Tick marks from symbol fonts: Wingdings' ticked boxes and ticks come out of PDFs and
//!   Word files as private-use code points (U+F0FC, U+F0FE, U+F050, U+F052); they, `✔`
//!   and `☑` become `✓`.

use icu_normalizer::ComposingNormalizerBorrowed;

const NIKHAHIT: char = '\u{0E4D}';
const SARA_AA: char = '\u{0E32}';
const SARA_AM: char = '\u{0E33}';

/// Removed wherever they appear: they draw nothing and cut words for search.
const INVISIBLE: [char; 6] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];

/// Symbol-font ticks and ticked boxes, read as `✓`.
const TICKS: [char; 6] = ['\u{F0FC}', '\u{F0FE}', '\u{F050}', '\u{F052}', '✔', '☑'];

/// The text with extraction damage repaired; the same number of lines.
pub(super) fn clean(text: &str) -> String {
    let text = ComposingNormalizerBorrowed::new_nfc().normalize(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if INVISIBLE.contains(&c) => {}
            c if TICKS.contains(&c) => out.push('✓'),
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            SARA_AA => compose_sara_am(&mut out),
            c => out.push(c),
        }
    }
    out
}

/// Appends SARA AA, or turns a NIKHAHIT before it (tone marks between them allowed) into
/// SARA AM placed after the tone marks, where Thai spelling puts them.
fn compose_sara_am(out: &mut String) {
    let tail: Vec<char> = out.chars().rev().take_while(|&c| is_tone(c)).collect();
    let tones_len: usize = tail.iter().map(|c| c.len_utf8()).sum();
    let before_tones = out.len() - tones_len;
    if out[..before_tones].ends_with(NIKHAHIT) {
        let tones: String = out[before_tones..].to_string();
        out.truncate(before_tones - NIKHAHIT.len_utf8());
        // A tone mark written before the NIKHAHIT (`้ํ`) stays where it is.
        out.push_str(&tones);
        out.push(SARA_AM);
    } else {
        out.push(SARA_AA);
    }
}

fn is_tone(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// The digits a text is written in, by majority: Thai (`๐`–`๙`) or Arabic.
pub(super) fn uses_arabic_digits(text: &str) -> bool {
    let thai = text.chars().filter(|c| ('๐'..='๙').contains(c)).count();
    let arabic = text.chars().filter(char::is_ascii_digit).count();
    arabic > thai
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sara_am_is_composed_wherever_the_tone_mark_is() {
        assert_eq!(clean("ทํางาน"), "ทำงาน");
        assert_eq!(clean("น้ํา"), "น้ำ");
        assert_eq!(clean("นํ้า"), "น้ำ");
        assert_eq!(clean("ดําเนินการ\nการนําเสนอ"), "ดำเนินการ\nการนำเสนอ");
        // SARA AA alone is left alone.
        assert_eq!(clean("การ"), "การ");
        assert_eq!(clean("่า"), "่า");
    }

    #[test]
    fn invisible_characters_spaces_and_ticks() {
        assert_eq!(clean("โครง\u{200B}การ\u{00AD}"), "โครงการ");
        assert_eq!(clean("ก\u{00A0}ข\u{3000}ค"), "ก ข ค");
        assert_eq!(clean("\u{F0FC}\t\u{F0FE}\t✔\t☑"), "✓\t✓\t✓\t✓");
        assert_eq!(clean("Cafe\u{0301}"), "Café");
        assert_eq!(clean("a\nb\n\nc\n").lines().count(), 4);
    }

    #[test]
    fn digits_by_majority() {
        assert!(uses_arabic_digits("ข้อ 1 ปี 2567 ๑"));
        assert!(!uses_arabic_digits("ข้อ ๑ ปี ๒๕๖๗ 1"));
    }
}
