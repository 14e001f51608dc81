//! Suspicious text in a dataset: what `validate` warns about inside a text field.
//!
//! Every text of a plan is one line of print (a paragraph, an item, a name), so
//! control characters, doubled spaces, Latin (or other) letters posing as Thai ones and spaces that
//! cut a Thai word are damage, mostly left by copying text out of a PDF.
//!
//! A cut word is found with ICU4X's Thai dictionary word segmenter, as `phaen import`
//! repairs one (see [`TextCheck::cuts_word`]).

use std::sync::{LazyLock, Mutex};

use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{GraphemeClusterSegmenter, GraphemeClusterSegmenterBorrowed, WordSegmenter, WordSegmenterBorrowed};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

/// Thai letters, vowels and tone marks (not digits, `ฯ`, `ๆ`).
pub(crate) fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}' | '\u{0E30}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Thai consonants `ก`–`ฮ`.
fn is_thai_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// Thai vowels and marks that follow a consonant and cannot start a word (`ะ า ำ ิ ่ ์` …).
fn is_thai_follower(c: char) -> bool {
    matches!(c, '\u{0E30}'..='\u{0E3A}' | '\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Thai vowels written before their consonant (`เ แ โ ใ ไ`), which cannot end a word.
fn is_thai_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// Checks the text fields of a dataset. Holds the segmenters, built once.
pub struct TextCheck {
    words: WordSegmenterBorrowed<'static>,
    graphemes: GraphemeClusterSegmenterBorrowed<'static>,
}

impl Default for TextCheck {
    fn default() -> Self {
        TextCheck {
            words: WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()),
            graphemes: GraphemeClusterSegmenter::new(),
        }
    }
}

/// The messages of every text checked in this process, by text: `phaen watch` checks the
/// whole dataset on every save, and these checks (mostly the cut-word search: ICU's
/// dictionary segmenter, three to five segmentations per space between Thai words) took 50
/// of the 68 ms that validating the 2567 plan's 903 distinct texts cost; with the texts
/// looked up, validation takes 15 ms. Cleared when it holds [`MAX_CHECKED`] texts, so that a
/// long session stays bounded.
static CHECKED: LazyLock<Mutex<FxHashMap<String, std::sync::Arc<Found>>>> = LazyLock::new(Mutex::default);

/// What one text holds for the checks: its own suspects, and its part of the dataset's
/// word counts ([`TextCheck::vocabulary`]).
#[derive(Default)]
pub struct Found {
    /// The messages about the text alone.
    messages: Vec<String>,
    /// The spaces between two whole words that make one dictionary word when joined:
    /// (the words with the space, the joined word).
    joins: Vec<(Box<str>, Box<str>)>,
}

/// About twenty datasets of the 2567 plan's size (903 distinct texts).
const MAX_CHECKED: usize = 20_000;

/// Forgets every text checked, as a new process would start (for `phaen bench`).
pub fn forget() {
    CHECKED.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

impl TextCheck {
    /// Every suspicious thing in one text field, as messages (Thai ` / ` English).
    pub fn suspects(&self, text: &str) -> Vec<String> {
        self.found(text).messages.clone()
    }

    /// What the checks find in `text`, looked up when checked before.
    fn found(&self, text: &str) -> std::sync::Arc<Found> {
        let mut checked = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = checked.get(text) {
            return found.clone();
        }
        let found = std::sync::Arc::new(self.analyse(text));
        if checked.len() >= MAX_CHECKED {
            checked.clear();
        }
        checked.insert(text.to_string(), found.clone());
        found
    }

    /// Everything the checks find in one text (see [`Found`]), each junction of Thai
    /// words segmented once.
    fn analyse(&self, text: &str) -> Found {
        let mut out = Vec::new();
        let controls: Vec<String> =
            text.chars().filter(|c| c.is_control()).map(|c| format!("U+{:04X}", c as u32)).collect();
        if !controls.is_empty() {
            let list = controls.join(", ");
            out.push(format!("มีอักขระควบคุม (เช่น แท็บ ขึ้นบรรทัดใหม่) {list} / control character in a one-line text: {list}"));
        }
        let bidi: Vec<String> = text
            .chars()
            .filter(|c| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        if !bidi.is_empty() {
            let list = bidi.join(", ");
            out.push(format!(
                "มีอักขระซ่อนที่กลับทิศทางข้อความ {list} / invisible direction-changing character {list}: the text may read differently from how it shows"
            ));
        }
        let doubled = text.matches("  ").count();
        if doubled > 0 {
            out.push(format!("เว้นวรรคซ้อน {doubled} แห่ง / doubled space ({doubled} place(s))"));
        }
        for word in foreign_in_thai(text) {
            out.push(format!(
                "มีอักษรต่างภาษาปนในคำไทย “{word}” / Latin or other non-Thai letter inside a Thai word: “{word}” (a look-alike typed by mistake?)"
            ));
        }
        let mut joins = Vec::new();
        for (left, right) in thai_junctions(text) {
            let (cut, lb, rb) = self.cut_at(left, right);
            if cut {
                // Whole words around the space, six letters or more on either side.
                let from = lb.iter().rev().copied().find(|&b| left[b..].chars().count() >= 6).unwrap_or(0);
                let to = rb.iter().copied().find(|&b| right[..b].chars().count() >= 6).unwrap_or(right.len());
                let shown = format!("{} {}", &left[from..], &right[..to]);
                out.push(format!("เว้นวรรคกลางคำ “{shown}” / a space cuts a word: “{shown}”"));
                continue;
            }
            // The words on either side, for the plan's own usage to judge
            // ([`Self::cut_names`]).
            let (lw, rw) = (&left[lb[lb.len() - 2]..], &right[..rb[1]]);
            joins.push((format!("{lw} {rw}").into(), format!("{lw}{rw}").into()));
        }
        Found { messages: out, joins }
    }

    /// Whether the space between the Thai runs `left` and `right` cuts a word:
    ///
    /// * a side that cannot end or start a word (`เ` before the space, a vowel or tone
    ///   mark after it);
    /// * the joined text reads as fewer words, one of which spans the space
    ///   (`ส มุทรสงคราม`, `องค์กรปกครองส ว่นท้องถิ่น`), unless two whole words merely
    ///   make a compound (`แผนพัฒนา การจัดทำ` stays: `พัฒนา` and `การ` are words);
    /// * a stray consonant at the space, without which its side reads as two or more
    ///   words fewer and without any one-letter piece (`การเรียนรู้ ร|สอนหลักสูตร`).
    ///
    /// The segmenter cannot see a cut whose pieces are both dictionary words, or one
    /// where letters were lost (`เสียสละเพ ประโยชน์`).
    pub fn cuts_word(&self, left: &str, right: &str) -> bool {
        self.cut_at(left, right).0
    }

    /// [`Self::cuts_word`], with the word boundaries of `left` and `right` it found.
    fn cut_at(&self, left: &str, right: &str) -> (bool, Vec<usize>, Vec<usize>) {
        let (lb, rb) = (self.breaks(left), self.breaks(right));
        let (Some(l), Some(r)) = (left.chars().next_back(), right.chars().next()) else {
            return (false, lb, rb);
        };
        if is_thai_leading_vowel(l) || is_thai_follower(r) {
            return (true, lb, rb);
        }
        let joined = format!("{left}{right}");
        let at = left.len();
        let jb = self.breaks(&joined);
        if !jb.contains(&at) && jb.len() < lb.len() + rb.len() - 1 {
            let start = jb.iter().rev().find(|&&b| b < at).copied().unwrap_or(0);
            let end = jb.iter().find(|&&b| b > at).copied().unwrap_or(joined.len());
            let last = &left[lb[lb.len() - 2]..];
            let first = &right[..rb[1]];
            let compound = start == at - last.len()
                && end == at + first.len()
                && self.grapheme_count(last) > 1
                && self.grapheme_count(first) > 1;
            if !compound {
                return (true, lb, rb);
            }
        }
        let stray = self.stray_first(right, rb.len() - 1) || self.stray_last(left, lb.len() - 1);
        (stray, lb, rb)
    }

    /// How often the words that spaces of `texts` (a whole dataset's) would join are
    /// written unbroken in it, and how often each pair is written with the space, for
    /// [`Self::cut_names`]. One pass of Aho-Corasick over the dataset counts them all,
    /// about 10 ms for the 2567 plan (segmenting every text with the dictionary to count
    /// its words made `phaen check` about 60 ms slower).
    pub fn vocabulary<'a>(&self, texts: impl Iterator<Item = &'a str> + Clone) -> Vocabulary {
        let mut v = Vocabulary::default();
        let mut joined: Vec<Box<str>> = Vec::new();
        for text in texts.clone() {
            for (spaced, join) in &self.found(text).joins {
                *v.spaced.entry(spaced.clone()).or_default() += 1;
                joined.push(join.clone());
            }
        }
        joined.sort_unstable();
        joined.dedup();
        let Ok(automaton) = aho_corasick::AhoCorasick::new(joined.iter().map(|j| j.as_bytes())) else { return v };
        let mut counts = vec![0u32; joined.len()];
        for text in texts {
            for m in automaton.find_overlapping_iter(text) {
                counts[m.pattern().as_usize()] += 1;
            }
        }
        v.words = joined.into_iter().zip(counts).filter(|(_, n)| *n > 0).collect();
        v
    }

    /// Spaces that cut a word the dataset itself writes unbroken often, and far more
    /// often than with the space (`เทศ บาล` where `เทศบาล` is written everywhere else,
    /// `โครง การ`, `วัฒน ธรรม`): both sides are words of their own, so the dictionary
    /// alone cannot tell, but the plan's own usage can. A space before `การ…` or `ความ…`
    /// (which make a noun of the verb after them) is often meant (`แผนพัฒนา การจัดทำ`,
    /// whose `พัฒนาการ` the dictionary also reads in `พัฒนาการปฏิบัติงาน` four times in the
    /// 2567 plan), so there the word must be written unbroken far more often. The words
    /// around the space, whole, for the message.
    pub fn cut_names(&self, text: &str, vocabulary: &Vocabulary) -> Vec<String> {
        let found = self.found(text);
        let mut out: Vec<String> = Vec::new();
        for (spaced, joined) in &found.joins {
            let unbroken = vocabulary.words.get(joined).copied().unwrap_or(0);
            let with_space = vocabulary.spaced.get(spaced).copied().unwrap_or(1);
            let right = spaced.split(' ').nth(1).unwrap_or_default();
            let noun_maker = ["การ", "ความ"].iter().any(|m| right.starts_with(m));
            let least = if noun_maker { 20 } else { 5 };
            // Checked last, on the few that pass: the join is one word in the dictionary
            // (two words written together are no evidence: Thai writes phrases so).
            if unbroken >= least
                && unbroken >= 4 * with_space
                && !out.iter().any(|o| o.contains(&**spaced))
                && self.breaks(joined).len() == 2
            {
                out.push(format!(
                    "เว้นวรรคกลางคำ “{spaced}” (ที่อื่นในแผนเขียนติดกัน) / a space cuts a word: “{spaced}” (written as one word elsewhere in the plan)"
                ));
            }
        }
        out
    }

    /// Whether `run` (of `words` words) starts with a stray consonant (see [`Self::cuts_word`]).
    fn stray_first(&self, run: &str, words: usize) -> bool {
        let g = self.graphemes.segment_str(run).nth(1).unwrap_or(run.len());
        g < run.len() && self.is_stray(&run[..g], &run[g..], words)
    }

    /// Whether `run` (of `words` words) ends with a stray consonant (see [`Self::cuts_word`]).
    fn stray_last(&self, run: &str, words: usize) -> bool {
        let bounds: Vec<usize> = self.graphemes.segment_str(run).collect();
        let g = bounds[bounds.len().saturating_sub(2)];
        g > 0 && self.is_stray(&run[g..], &run[..g], words)
    }

    /// Whether `letter` is a lone consonant whose removal leaves `rest` reading as two or
    /// more words fewer than `words`, none of them a single letter.
    fn is_stray(&self, letter: &str, rest: &str, words: usize) -> bool {
        let mut chars = letter.chars();
        if !(chars.next().is_some_and(is_thai_consonant) && chars.next().is_none()) {
            return false;
        }
        let b = self.breaks(rest);
        b.len() - 1 + 2 <= words && b.windows(2).all(|w| self.grapheme_count(&rest[w[0]..w[1]]) > 1)
    }

    /// Word boundaries of `text`, from 0 to its length.
    fn breaks(&self, text: &str) -> Vec<usize> {
        self.words.segment_str(text).collect()
    }

    fn grapheme_count(&self, text: &str) -> usize {
        self.graphemes.segment_str(text).count() - 1
    }
}

/// The joins a dataset's spaces would make, with how often each is written unbroken, and
/// how often each pair is written with the space (see [`TextCheck::cut_names`]).
#[derive(Default)]
pub struct Vocabulary {
    words: FxHashMap<Box<str>, u32>,
    spaced: FxHashMap<Box<str>, u32>,
}

/// The Thai letter runs on either side of each single-or-more space between Thai letters.
fn thai_junctions(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        if c == ' ' && is_thai_letter(prev) {
            let mut end = i + 1;
            while let Some(&(j, ' ')) = chars.peek() {
                end = j + 1;
                chars.next();
            }
            let left_start = text[..i]
                .rfind(|c: char| !is_thai_letter(c))
                .map_or(0, |k| k + text[k..].chars().next().map_or(1, char::len_utf8));
            let rest = &text[end..];
            let right_end = rest.find(|c: char| !is_thai_letter(c)).unwrap_or(rest.len());
            if right_end > 0 {
                out.push((&text[left_start..i], &rest[..right_end]));
            }
            prev = ' ';
            continue;
        }
        prev = c;
    }
    out
}

/// A letter (or a vowel sign) of another script than Thai: Latin `O` for `อ`, or the
/// Devanagari `ु` and `क` of the published plan's `บुकลการ`.
fn is_foreign_letter(c: char) -> bool {
    // The Thai block first: `is_alphabetic` searches a table for every non-ASCII letter,
    // which was 28 ms of a build's 60 ms of checks (perf).
    !('\u{0E00}'..='\u{0E7F}').contains(&c) && c.is_alphabetic()
}

/// Runs of non-Thai letters with a Thai letter directly on both sides, or of one or two
/// such letters starting a Thai word (`Oงค์กร`), shown with the Thai letters around them.
fn foreign_in_thai(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = None;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if is_foreign_letter(c) {
            let word_start = !prev.is_alphanumeric() && !is_thai_follower(prev);
            let short = text[i..].chars().take(3).filter(|&c| is_foreign_letter(c)).count() <= 2;
            if start.is_none() && (is_thai_letter(prev) || (word_start && short)) {
                start = Some(i);
            }
        } else if let Some(s) = start.take()
            && is_thai_letter(c)
        {
            out.push(format!("{}{}{}", thai_tail(&text[..s]), &text[s..i], thai_head(&text[i..])));
        }
        if !is_foreign_letter(c) || start.is_none() {
            prev = c;
        }
    }
    out
}

/// The most characters of a word shown on either side of a problem.
const SHOWN: usize = 20;

/// The Thai letters that end `s`, at most [`SHOWN`] of them, not starting with a mark.
fn thai_tail(s: &str) -> &str {
    let from =
        s.char_indices().rev().take_while(|&(_, c)| is_thai_letter(c)).take(SHOWN).last().map_or(s.len(), |(i, _)| i);
    s[from..].trim_start_matches(is_thai_follower)
}

/// The Thai letters that start `s`, at most [`SHOWN`] of them and the marks on the last.
fn thai_head(s: &str) -> &str {
    let mut end = 0;
    for (k, (i, c)) in s.char_indices().enumerate() {
        if !is_thai_letter(c) || (k >= SHOWN && !is_thai_follower(c)) {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

/// What a text says about a project's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatedBudget {
    /// `ไม่ใช้งบประมาณ`.
    None,
    /// `งบประมาณ จำนวน ๔๕,๐๐๐ บาท` (Thai or Arabic digits, commas, satang allowed).
    Amount(Decimal),
}

/// Every budget statement of a text, in order.
pub fn stated_budgets(text: &str) -> Vec<StatedBudget> {
    const NONE: &str = "ไม่ใช้งบประมาณ";
    const BUDGET: &str = "งบประมาณ";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(BUDGET).map(|i| i + from) {
        from = i + BUDGET.len();
        if text[..from].ends_with(NONE) {
            out.push(StatedBudget::None);
            continue;
        }
        let rest = text[from..].trim_start();
        let Some(rest) = rest.strip_prefix("จำนวน") else { continue };
        let rest = rest.trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || ('๐'..='๙').contains(&c) || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(end);
        if !after.trim_start().starts_with("บาท") {
            continue;
        }
        let digits: String = number
            .chars()
            .filter(|&c| c != ',')
            .map(|c| match c {
                '๐'..='๙' => char::from_u32(c as u32 - '๐' as u32 + '0' as u32).unwrap_or(c),
                _ => c,
            })
            .collect();
        if let Ok(amount) = digits.trim_end_matches('.').parse::<Decimal>() {
            out.push(StatedBudget::Amount(amount));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_words() {
        let t = TextCheck::default();
        for (l, r) in [
            ("ส", "มุทรสงคราม"),
            ("องค์กรปกครองส", "ว่นท้องถิ่น"),
            ("การเรียนกา", "รสอน"),
            ("การเรียนรู้", "รสอนหลักสูตร"),
            ("เ", "ทศบาล"),
            ("ประชาชนได", "้รับ"),
        ] {
            assert!(t.cuts_word(l, r), "{l} {r}");
        }
        for (l, r) in [
            ("แผนพัฒนา", "การจัดทำงบประมาณ"),
            ("เด็ก", "นักเรียน"),
            ("สมาชิกสภา", "พนักงานเทศบาล"),
            ("ณ", "ที่ทำการ"),
            ("หลักธรรมาภิบาล", "และอำนวยความสะดวก"),
        ] {
            assert!(!t.cuts_word(l, r), "{l} {r}");
        }
    }

    #[test]
    fn suspects_invisible_and_look_alike() {
        let check = TextCheck::default();
        assert!(check.suspects("ประกาศ\u{202E}ใช้แผน").iter().any(|m| m.contains("U+202E")));
        assert!(check.suspects("การ Oงค์กร").iter().any(|m| m.contains("“Oงค์กร”")));
        // A Latin word beside Thai, or ending before it, is no look-alike.
        assert!(check.suspects("ระบบ E-Service ของเทศบาล").is_empty());
        assert!(check.suspects("มาตรการ NO Gift Policy").is_empty());
    }

    #[test]
    fn suspects() {
        let t = TextCheck::default();
        assert!(t.suspects("เทศบาลเมืองสมุทรสงคราม ส่งเสริมการมีส่วนร่วม").is_empty());
        assert!(t.suspects("ค่าใช้จ่าย\tรวม")[0].contains("U+0009"));
        assert!(t.suspects("ประชาชน  ทั่วไป")[0].contains("doubled"));
        let latin = t.suspects("การปกครOงส่วนท้องถิ่น");
        assert!(latin[0].contains("ปกครOงส่วน"), "{latin:?}");
        // Latin words beside Thai ones, and digits, are not look-alikes.
        assert!(t.suspects("ระบบ e-GP และ LINE ปี 2567 ข้อ๑").is_empty());
    }

    #[test]
    fn budgets() {
        use StatedBudget::*;
        assert_eq!(stated_budgets("ดำเนินการโดยไม่ใช้งบประมาณ"), [None]);
        assert_eq!(stated_budgets("งบประมาณ จำนวน ๔๕,๐๐๐ บาท"), [Amount(Decimal::from(45000))]);
        assert_eq!(stated_budgets("ใช้งบประมาณจำนวน 1,250.50 บาท"), [Amount(Decimal::new(125050, 2))]);
        assert!(stated_budgets("ปีงบประมาณ พ.ศ. ๒๕๖๗").is_empty());
    }
}
