//! Joining Thai fragments that extraction cut apart.

use super::*;

/// Thai marks that are written above or below the previous letter and cannot start a word.
pub(super) fn is_thai_combining(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// Decides how two Thai fragments meet: glued (a word cut in two, or words the text
/// writes together) or with a space.
///
/// A junction inside a word is found with ICU4X's Thai dictionary word segmenter (the
/// compiled data of `icu_segmenter`): the two fragments are joined and segmented, and
/// when the junction is no word boundary (`องค์กรปกครองส|ว่นท้องถิ่น`) the fragments are
/// one word. At a word boundary, a line break may have replaced a space or not; the
/// document's own usage decides: how often it writes the two words glued and how often
/// with a space between them.
pub(super) struct Joiner {
    pub(super) segmenter: WordSegmenterBorrowed<'static>,
    /// Word pair → (times written glued, times written with one space).
    pub(super) pairs: HashMap<(String, String), (u32, u32)>,
    /// Word → (times glued to, times spaced from) the Thai word after it.
    pub(super) after: HashMap<String, (u32, u32)>,
    /// Word → (times glued to, times spaced from) the Thai word before it.
    pub(super) before: HashMap<String, (u32, u32)>,
    /// Word → times used.
    pub(super) words: HashMap<String, u32>,
}

impl Joiner {
    pub(super) fn new(corpus: &str) -> Joiner {
        let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
        let mut pairs: HashMap<(String, String), (u32, u32)> = HashMap::new();
        let mut words_used: HashMap<String, u32> = HashMap::new();
        let mut after: HashMap<String, (u32, u32)> = HashMap::new();
        let mut before: HashMap<String, (u32, u32)> = HashMap::new();
        for line in corpus.lines() {
            let breaks: Vec<usize> = segmenter.segment_str(line).collect();
            let words: Vec<&str> = breaks.windows(2).map(|w| &line[w[0]..w[1]]).collect();
            for (k, w) in words.iter().enumerate() {
                if !w.chars().all(is_thai_letter) {
                    continue;
                }
                *words_used.entry(w.to_string()).or_default() += 1;
                let thai = |j: usize| words.get(j).copied().filter(|n| n.chars().all(is_thai_letter));
                let (next, spaced) = match (thai(k + 1), words.get(k + 1) == Some(&" ")) {
                    (Some(n), _) => (n, false),
                    (None, true) => match thai(k + 2) {
                        Some(n) => (n, true),
                        None => continue,
                    },
                    (None, false) => continue,
                };
                for counts in [
                    pairs.entry((w.to_string(), next.to_string())).or_default(),
                    after.entry(w.to_string()).or_default(),
                    before.entry(next.to_string()).or_default(),
                ] {
                    if spaced { counts.1 += 1 } else { counts.0 += 1 }
                }
            }
        }
        Joiner { segmenter, pairs, after, before, words: words_used }
    }

    /// Joins the next line's text to the text so far.
    pub(super) fn join(&self, left: &str, right: &str) -> String {
        if left.is_empty() {
            return right.to_string();
        }
        match self.junction(left, right, true) {
            Junction::Glue => self.glue(left, right),
            Junction::Space => format!("{left} {right}"),
        }
    }

    /// Removes spaces inside Thai words (`การเรียนกา รสอน`). With `table_cell`, also the
    /// spaces a wrapped table cell put between words the document writes glued.
    pub(super) fn repair_spaces(&self, text: &str, table_cell: bool) -> String {
        let mut out = String::new();
        for (k, part) in text.split(' ').enumerate() {
            if k == 0 {
                out.push_str(part);
                continue;
            }
            let glue = match self.junction(&out, part, false) {
                Junction::Glue => true,
                Junction::Space => table_cell && self.usage(&out, part) == Some(Junction::Glue),
            };
            out = if glue { self.glue(&out, part) } else { format!("{out} {part}") };
        }
        out
    }

    /// Glues a word cut in two. The extractor sometimes moved the tone mark of the
    /// letter before the cut behind the first letter after it (`องค์กรปกครองส` +
    /// `ว่นท้องถิ่น`): the mark goes back when the document writes the word that way
    /// more often (`ส่วน`, not `สว่น`).
    pub(super) fn glue(&self, left: &str, right: &str) -> String {
        let as_is = format!("{left}{right}");
        let mut chars = right.chars();
        let (Some(first), Some(mark)) = (chars.next(), chars.next()) else {
            return as_is;
        };
        let ends_in_consonant = left.chars().next_back().is_some_and(|c| ('\u{0E01}'..='\u{0E2E}').contains(&c));
        if !ends_in_consonant || !('\u{0E48}'..='\u{0E4B}').contains(&mark) {
            return as_is;
        }
        let moved = format!("{left}{mark}{first}{}", chars.as_str());
        let at = left.len();
        if self.word_count(&moved, at) > self.word_count(&as_is, at) { moved } else { as_is }
    }

    /// How often the document uses the word of `text` that covers byte `at`.
    pub(super) fn word_count(&self, text: &str, at: usize) -> u32 {
        let (window, offset) = junction_window(&text[..at], &text[at..]);
        let breaks: Vec<usize> = self.segmenter.segment_str(&window).collect();
        let start = breaks.iter().rev().find(|&&b| b < offset).copied().unwrap_or(0);
        let end = breaks.iter().find(|&&b| b > offset).copied().unwrap_or(window.len());
        self.words.get(&window[start..end]).copied().unwrap_or_default()
    }

    /// How `left` and `right` meet. At a line break (`line_break`) the document's usage
    /// decides at a word boundary, and glued wins a tie (most Thai word boundaries carry
    /// no space); inside a line the space stays unless it cuts a word.
    pub(super) fn junction(&self, left: &str, right: &str, line_break: bool) -> Junction {
        let (Some(l), Some(r)) = (left.chars().next_back(), right.chars().next()) else {
            return Junction::Space;
        };
        if !is_thai_letter(l) || !is_thai_letter(r) {
            return Junction::Space;
        }
        if is_thai_combining(r) || !self.is_word_boundary(left, right) {
            return Junction::Glue;
        }
        if !line_break {
            return Junction::Space;
        }
        // Thai writes a space before a sentence connective (`… คุ้มค่า อีกทั้งยัง…`).
        if SENTENCE_CONNECTIVES.iter().any(|c| right.starts_with(c)) {
            return Junction::Space;
        }
        let (glued, spaced) = self.pair_counts(left, right);
        if glued != spaced {
            return if glued > spaced { Junction::Glue } else { Junction::Space };
        }
        if self.in_enumeration(left, right) {
            return Junction::Space;
        }
        self.usage(left, right).unwrap_or(Junction::Glue)
    }

    /// Whether a line break falls between two items of a Thai enumeration, which the
    /// text separates with spaces (`หลักเกณฑ์ วิธีการ` / `แนวทาง…`, `แผนการดำเนินงาน` /
    /// `รายงานการกำกับ… รายงานการกำกับ…`): when the last space-separated phrase before the
    /// break is short and not a function word, or when the phrase after the break starts
    /// with a word that starts another phrase (after a space) nearby.
    pub(super) fn in_enumeration(&self, left: &str, right: &str) -> bool {
        let phrase = left.rsplit(char::is_whitespace).next().unwrap_or(left);
        let short_phrase = phrase.len() < left.len()
            && phrase.chars().all(is_thai_letter)
            && cells(phrase) <= MAX_ENUMERATED_CELLS
            && !FUNCTION_WORDS.contains(&phrase);
        if short_phrase {
            return true;
        }
        let head = self.leading_word(right);
        if head.is_empty() {
            return false;
        }
        let spaced = format!(" {head}");
        let mut from = left.len().saturating_sub(NEARBY_BYTES);
        while !left.is_char_boundary(from) {
            from += 1;
        }
        let nearby = &left[from..];
        right.contains(&spaced) || nearby.contains(&spaced)
    }

    /// The first word of `text` by the segmenter, with the next one when it is a short
    /// prefix such as `การ` or `ความ` (which starts half the phrases of a text).
    pub(super) fn leading_word<'a>(&self, text: &'a str) -> &'a str {
        let run_end = text.char_indices().find(|&(_, c)| !is_thai_letter(c)).map_or(text.len(), |(i, _)| i);
        let run = &text[..run_end];
        let breaks: Vec<usize> = self.segmenter.segment_str(run).collect();
        let mut end = breaks.get(1).copied().unwrap_or(run.len());
        if cells(&run[..end]) <= 3 {
            end = breaks.get(2).copied().unwrap_or(end);
        }
        if cells(&run[..end]) <= 3 { "" } else { &run[..end] }
    }

    /// How often the document writes the last word of `left` and the first of `right`
    /// glued and with a space.
    pub(super) fn pair_counts(&self, left: &str, right: &str) -> (u32, u32) {
        self.pairs.get(&self.junction_words(left, right)).copied().unwrap_or_default()
    }

    /// The last word of `left` and the first of `right`, as the segmenter reads them
    /// joined.
    pub(super) fn junction_words(&self, left: &str, right: &str) -> (String, String) {
        let (joined, at) = junction_window(left, right);
        let breaks: Vec<usize> = self.segmenter.segment_str(&joined).collect();
        let before = breaks.iter().rev().find(|&&b| b < at).copied().unwrap_or(0);
        let after = breaks.iter().find(|&&b| b > at).copied().unwrap_or(joined.len());
        (joined[before..at].to_string(), joined[at..after].to_string())
    }

    /// Whether the segmenter finds a word boundary where `left` and `right` meet.
    pub(super) fn is_word_boundary(&self, left: &str, right: &str) -> bool {
        let (joined, at) = junction_window(left, right);
        self.segmenter.segment_str(&joined).any(|b| b == at)
    }

    /// How the document writes the last word of `left` and the first of `right`:
    /// as that pair if it occurs, else as the words' habits (`เช่น` is mostly followed
    /// by a space); `None` when it has no preference.
    pub(super) fn usage(&self, left: &str, right: &str) -> Option<Junction> {
        let key = self.junction_words(left, right);
        let (glued, spaced) = self.pairs.get(&key).copied().unwrap_or_default();
        match glued.cmp(&spaced) {
            std::cmp::Ordering::Greater => return Some(Junction::Glue),
            std::cmp::Ordering::Less => return Some(Junction::Space),
            std::cmp::Ordering::Equal => {}
        }
        // The share of spaced uses of each word on its side of the junction, averaged.
        let share = |counts: Option<&(u32, u32)>| {
            counts.filter(|(g, s)| g + s > 0).map(|&(g, s)| f64::from(s) / f64::from(g + s))
        };
        let shares: Vec<f64> =
            [share(self.after.get(&key.0)), share(self.before.get(&key.1))].into_iter().flatten().collect();
        if shares.is_empty() {
            return None;
        }
        let spaced = shares.iter().sum::<f64>() / shares.len() as f64;
        if spaced > 0.5 {
            Some(Junction::Space)
        } else if spaced < 0.5 {
            Some(Junction::Glue)
        } else {
            None
        }
    }
}

/// An enumerated phrase (`วิธีการ`, `ปลอดภัย`, `ลูกจ้างประจำ`) is at most this wide.
pub(super) const MAX_ENUMERATED_CELLS: usize = 12;

/// How far back (in bytes) a text counts as near a line break.
pub(super) const NEARBY_BYTES: usize = 600;

/// Words that join what follows them and are never an item of an enumeration.
pub(super) const FUNCTION_WORDS: [&str; 22] = [
    "และ",
    "หรือ",
    "แต่",
    "ของ",
    "ใน",
    "ที่",
    "ซึ่ง",
    "โดย",
    "เพื่อ",
    "กับ",
    "แก่",
    "ให้",
    "จาก",
    "ตาม",
    "ต่อ",
    "ถึง",
    "จึง",
    "ได้",
    "เป็น",
    "มี",
    "คือ",
    "ว่า",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Junction {
    Glue,
    Space,
}

/// The Thai letters around a junction, joined, and the junction's byte offset in them.
/// The whole runs are taken: the dictionary segmenter needs to start at a word start.
pub(super) fn junction_window(left: &str, right: &str) -> (String, usize) {
    let tail: String = {
        let rev: Vec<char> = left.chars().rev().take_while(|&c| is_thai_letter(c)).collect();
        rev.into_iter().rev().collect()
    };
    let head: String = right.chars().take_while(|&c| is_thai_letter(c)).collect();
    let at = tail.len();
    (tail + &head, at)
}
