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
//! * A tone mark or THANTHAKHAT written before the vowel mark of the same letter
//!   (`อ่ืน`, as poppler gives LibreOffice's PDFs) goes after it (`อื่น`), and spaces
//!   before a mark (`อ่ ืน`), which no word begins with, go.
//! * Spaces of other widths (no-break, thin, ideographic) become plain spaces.
//! * Tick marks from symbol fonts: Wingdings' ticked boxes and ticks come out of PDFs and
//!   Word files as private-use code points (U+F0FC, U+F0FE, U+F050, U+F052); they, `✔`
//!   and `☑` become `✓`.

use icu_normalizer::ComposingNormalizerBorrowed;
use icu_segmenter::WordSegmenterBorrowed;

use super::TICKS;

const NIKHAHIT: char = '\u{0E4D}';
const SARA_AA: char = '\u{0E32}';
pub(super) const SARA_AM: char = '\u{0E33}';

/// Removed wherever they appear: they draw nothing and cut words for search.
const INVISIBLE: [char; 6] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];

/// The text with extraction damage repaired; the same number of lines.
pub(super) fn clean(text: &str) -> String {
    let text = ComposingNormalizerBorrowed::new_nfc().normalize(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (is_vowel_mark(c) || is_tone_or_thanthakhat(c)) && out.ends_with(' ') {
            // A mark cannot begin a word: the spaces before it were put there by a
            // reader that placed it by position.
            let kept = out.trim_end_matches(' ').len();
            if out[..kept].ends_with(|p: char| ('\u{0E01}'..='\u{0E4E}').contains(&p)) {
                out.truncate(kept);
            }
        }
        match c {
            c if INVISIBLE.contains(&c) => {}
            c if TICKS.contains(&c) => out.push('✓'),
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            SARA_AA => compose_sara_am(&mut out),
            c if is_vowel_mark(c) && out.ends_with(is_tone_or_thanthakhat) => {
                // A tone mark or THANTHAKHAT given before the vowel mark of its letter
                // (`อ่ื` for `อื่`): Thai writes the vowel first.
                let mark = out.pop().unwrap_or_default();
                out.push(c);
                out.push(mark);
            }
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

/// The vowel marks written above or below a letter: MAI HAN-AKAT, SARA I … SARA UU,
/// PHINTHU, MAITAIKHU.
fn is_vowel_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}')
}

fn is_tone_or_thanthakhat(c: char) -> bool {
    is_tone(c) || c == '\u{0E4C}'
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

/// Puts back a SARA AM that extraction dropped (`ดเนินการ` for `ดำเนินการ`, as some PDF
/// readers give a Word-made PDF's text). ICU4X's Thai dictionary decides: it leaves
/// single letters as segments where it finds no word (`ลดั|บ`), which undamaged Thai text
/// does not have. Near such a letter, `ำ` is tried after each consonant (and its tone
/// mark), and kept where the word's segments become fewer with no single letter left
/// (`ลำดับ`). The dictionary also leaves single letters in some correct words
/// (`การก|ระ|จาย`), so this runs only on a text that has lost every `ำ`: a Thai plan of
/// any length without `ดำเนินการ`, `กำหนด` or `จำนวน` is one whose extraction dropped them.
/// `None` when the text has its `ำ`. Measured on the 2567 plan with every `ำ` dropped:
/// 862 put back where they were, 19 where they were not (`ผลำงาน`), 444 not found, so the
/// import warns that the dataset needs proofreading.
pub(super) fn restore_sara_am(text: &str, segmenter: WordSegmenterBorrowed<'_>) -> Option<String> {
    let thai_letters = text.chars().filter(|c| ('\u{0E01}'..='\u{0E2E}').contains(c)).count();
    if text.contains(SARA_AM) || thai_letters < MIN_THAI_LETTERS_FOR_RESTORE {
        return None;
    }
    let mut text = text.to_string();
    for word in PLAN_WORDS_WITH_SARA_AM {
        let damaged = word.replace(SARA_AM, "");
        if text.contains(&damaged) {
            text = text.replace(&damaged, word);
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut budget = MAX_RESTORE_TRIES;
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        for (j, word) in line.split(' ').enumerate() {
            if j > 0 {
                out.push(' ');
            }
            out.push_str(&restore_in_word(word, segmenter, &mut budget));
        }
    }
    Some(out)
}

/// How many segmentations the dictionary pass may try in one text: a plan needs a few
/// thousand (the 2567 plan without its `ำ`, about 10,000); a hostile text of 64 MB of
/// letters stops here instead of taking minutes.
const MAX_RESTORE_TRIES: usize = 200_000;

/// Words of every plan that hold `ำ`, put back first wherever their form without it
/// stands: none of those forms is a part of any other word of the 2567 plan (checked
/// when the list was made; forms that are, like `นไป` in `ในไป…`, are left out), and the
/// dictionary misses some of them (`จนวน` is two words to it).
const PLAN_WORDS_WITH_SARA_AM: [&str; 19] = [
    "ดำเนิน",
    "จำนวน",
    "ลำดับ",
    "กำหนด",
    "สำรวจ",
    "ทำงาน",
    "อำนาจหน้าที่",
    "สำคัญ",
    "สำนึก",
    "อำนวย",
    "สำหรับ",
    "สำนัก",
    "สำเร็จ",
    "ต่ำกว่า",
    "คำสั่ง",
    "คำนึง",
    "ชำระ",
    "อำเภอ",
    "บำรุง",
];

/// A text shorter than this may lack `ำ` by chance.
const MIN_THAI_LETTERS_FOR_RESTORE: usize = 2000;

/// The longest word tried: a longer run of letters is left as it is.
const MAX_RESTORE_CHARS: usize = 80;

fn restore_in_word(word: &str, segmenter: WordSegmenterBorrowed<'_>, budget: &mut usize) -> String {
    let mut word = word.to_string();
    // Each round adds one `ำ`; a word has few.
    for _ in 0..4 {
        if *budget == 0 || word.chars().count() > MAX_RESTORE_CHARS {
            break;
        }
        *budget -= 1;
        let (count, singles) = segments(&word, segmenter);
        if singles == 0 {
            break;
        }
        let candidates: Vec<usize> =
            (1..word.len()).filter(|&at| word.is_char_boundary(at) && sara_am_fits(&word, at)).collect();
        *budget = budget.saturating_sub(candidates.len());
        let best = candidates
            .into_iter()
            .map(|at| format!("{}{SARA_AM}{}", &word[..at], &word[at..]))
            .map(|w| (segments(&w, segmenter), w))
            .filter(|((c, s), _)| *c < count && *s < singles)
            .min_by_key(|((c, s), _)| (*s, *c));
        match best {
            Some((_, w)) => word = w,
            None => break,
        }
    }
    word
}

/// Segments of a word, and how many of them are one Thai letter alone.
fn segments(word: &str, segmenter: WordSegmenterBorrowed<'_>) -> (usize, usize) {
    let breaks: Vec<usize> = segmenter.segment_str(word).collect();
    let singles = breaks
        .windows(2)
        .filter(|w| {
            let mut chars = word[w[0]..w[1]].chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if ('\u{0E01}'..='\u{0E2E}').contains(&c) && !matches!(c, 'ณ' | 'ธ'))
        })
        .count();
    (breaks.len().saturating_sub(1), singles)
}

/// `ำ` may stand at byte `at`: after a consonant (and a tone mark), before a consonant or
/// a leading vowel.
fn sara_am_fits(word: &str, at: usize) -> bool {
    let before: Vec<char> = word[..at].chars().rev().take(2).collect();
    let consonant = |c: char| ('\u{0E01}'..='\u{0E2E}').contains(&c);
    let after_ok = word[at..].chars().next().is_some_and(|c| consonant(c) || ('\u{0E40}'..='\u{0E44}').contains(&c));
    let before_ok = match before.as_slice() {
        [c, ..] if consonant(*c) => true,
        [t, c] => is_tone(*t) && consonant(*c),
        _ => false,
    };
    before_ok && after_ok
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
        // A tone mark before its letter's vowel mark goes after it.
        assert_eq!(clean("ผู้อ่ืน ข้ัน"), "ผู้อื่น ขั้น");
        // Spaces before a mark go.
        assert_eq!(clean("ผู้อ่ ืน ภูมิค ุ้ม"), "ผู้อื่น ภูมิคุ้ม");
        assert_eq!(clean("a\nb\n\nc\n").lines().count(), 4);
    }

    #[test]
    fn digits_by_majority() {
        assert!(uses_arabic_digits("ข้อ 1 ปี 2567 ๑"));
        assert!(!uses_arabic_digits("ข้อ ๑ ปี ๒๕๖๗ 1"));
    }

    #[test]
    fn dropped_sara_am_is_restored_by_the_dictionary() {
        let seg =
            icu_segmenter::WordSegmenter::new_dictionary(icu_segmenter::options::WordBreakInvariantOptions::default());
        let pad = "กขค ".repeat(700);
        for (damaged, word) in [("ลดับ", "ลำดับ"), ("ดเนินการ", "ดำเนินการ"), ("กหนด", "กำหนด"), ("ทงาน", "ทำงาน")]
        {
            assert_eq!(restore_sara_am(&format!("{damaged} {pad}"), seg), Some(format!("{word} {pad}")));
            // A text that has its ำ is left alone.
            assert_eq!(restore_sara_am(&format!("{word} {pad}"), seg), None);
        }
        // Single letters that are words, and abbreviations, stay.
        let text = format!("ข้อมูล ณ วันที่ ๗ ก.พ. {pad}");
        assert_eq!(restore_sara_am(&text, seg), Some(text));
    }
}
