//! Word's list numbers (`word/numbering.xml`), computed as Word prints them.
//!
//! A numbered paragraph stores no number, only a list (`w:numId`) and a level
//! (`w:ilvl`); Word counts. The importer reads structure from the numbers (`๑)` is an
//! item, `๑.๑)` its child, `-` a bullet), so they are computed here:
//!
//! * a list (`w:num`) points to an abstract definition (`w:abstractNum`) whose levels
//!   give the start value, the format and the text (`%1)`, `%1.%2)`);
//! * lists that share a definition share its counters, as in Word, unless a list
//!   overrides a level (`w:lvlOverride`, with `w:startOverride` or a whole `w:lvl`): that
//!   is how Word restarts numbering, and such a list counts on its own;
//! * numbering a level restarts the levels below it.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{W, attr, child};

/// The number formats Word offers that a plan can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    ThaiNumbers,
    ThaiLetters,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Bullet,
    None,
}

impl Format {
    fn parse(s: &str) -> Format {
        match s {
            "thaiNumbers" => Format::ThaiNumbers,
            "thaiLetters" => Format::ThaiLetters,
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            // decimal, decimalZero and the many formats a plan does not use: digits are
            // what the reader of the text can still make sense of.
            _ => Format::Decimal,
        }
    }

    /// Digits, for the formats the importer reads as item numbers.
    fn is_numeric(self) -> bool {
        matches!(self, Format::Decimal | Format::ThaiNumbers)
    }

    fn render(self, n: u32, thai_digits: bool) -> String {
        match self {
            Format::Decimal if thai_digits => thai(n),
            Format::Decimal => n.to_string(),
            Format::ThaiNumbers => thai(n),
            Format::ThaiLetters => letter(n, &THAI_LETTERS),
            Format::LowerLetter => letter(n, &LATIN).to_lowercase(),
            Format::UpperLetter => letter(n, &LATIN),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::UpperRoman => roman(n),
            Format::Bullet | Format::None => String::new(),
        }
    }
}

fn thai(n: u32) -> String {
    n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '๐' as u32).unwrap_or(c)).collect()
}

const LATIN: [char; 26] = [
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z',
];

/// Word's `thaiLetters`: the consonants, skipping the obsolete ฃ and ฅ.
const THAI_LETTERS: [char; 42] = [
    'ก', 'ข', 'ค', 'ฆ', 'ง', 'จ', 'ฉ', 'ช', 'ซ', 'ฌ', 'ญ', 'ฎ', 'ฏ', 'ฐ', 'ฑ', 'ฒ', 'ณ', 'ด', 'ต', 'ถ', 'ท', 'ธ', 'น',
    'บ', 'ป', 'ผ', 'ฝ', 'พ', 'ฟ', 'ภ', 'ม', 'ย', 'ร', 'ล', 'ว', 'ศ', 'ษ', 'ส', 'ห', 'ฬ', 'อ', 'ฮ',
];

/// `a`…`z`, then `aa`…`zz` as Word does.
fn letter(n: u32, letters: &[char]) -> String {
    let Some(k) = n.checked_sub(1) else {
        return String::new();
    };
    let len = letters.len() as u32;
    let c = letters[(k % len) as usize];
    std::iter::repeat_n(c, (k / len + 1).min(10) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    n = n.min(9999);
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Word has nine levels, 0 to 8.
const LEVELS: usize = 9;

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
}

impl Level {
    fn parse(lvl: Node) -> Level {
        let val = |name: &str| child(lvl, name).and_then(|n| attr(n, "val"));
        Level {
            start: val("start").and_then(|s| s.parse().ok()).unwrap_or(1),
            format: val("numFmt").map_or(Format::Decimal, Format::parse),
            text: val("lvlText").unwrap_or_default().to_string(),
        }
    }
}

/// The levels of one definition, by `w:ilvl`.
type Levels = [Option<Level>; LEVELS];

fn levels_of(node: Node) -> Levels {
    let mut levels: Levels = Default::default();
    for lvl in node.children().filter(|n| n.has_tag_name((W, "lvl"))) {
        if let Some(i) = attr(lvl, "ilvl").and_then(|i| i.parse::<usize>().ok()).filter(|&i| i < LEVELS) {
            levels[i] = Some(Level::parse(lvl));
        }
    }
    levels
}

/// A list: its definition, and the levels it overrides.
#[derive(Debug, Clone)]
struct List {
    abstract_id: String,
    starts: [Option<u32>; LEVELS],
    levels: Levels,
    overridden: bool,
}

/// The list definitions of a document and the counters of the lists numbered so far.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Levels>,
    lists: HashMap<String, List>,
    /// Counters by list (its own id when it overrides a level, else its definition's):
    /// the last number given at each level, `None` after a restart.
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    thai_digits: bool,
}

impl Numbering {
    /// Reads `word/numbering.xml`; `thai_digits` writes decimal numbers in Thai digits
    /// (a document typed in Thai digits whose lists say `decimal`).
    pub(crate) fn parse(xml: &Document, thai_digits: bool) -> Numbering {
        let root = xml.root_element();
        let abstracts = root
            .children()
            .filter(|n| n.has_tag_name((W, "abstractNum")))
            .filter_map(|n| Some((attr(n, "abstractNumId")?.to_string(), levels_of(n))))
            .collect();
        let lists = root
            .children()
            .filter(|n| n.has_tag_name((W, "num")))
            .filter_map(|n| Some((attr(n, "numId")?.to_string(), Self::list(n)?)))
            .collect();
        Numbering { abstracts, lists, counters: HashMap::new(), thai_digits }
    }

    fn list(num: Node) -> Option<List> {
        let abstract_id = attr(child(num, "abstractNumId")?, "val")?.to_string();
        let mut list = List { abstract_id, starts: [None; LEVELS], levels: Default::default(), overridden: false };
        for o in num.children().filter(|n| n.has_tag_name((W, "lvlOverride"))) {
            let Some(i) = attr(o, "ilvl").and_then(|i| i.parse::<usize>().ok()).filter(|&i| i < LEVELS) else {
                continue;
            };
            list.overridden = true;
            list.starts[i] = child(o, "startOverride").and_then(|s| attr(s, "val")).and_then(|v| v.parse().ok());
            list.levels[i] = child(o, "lvl").map(Level::parse);
        }
        Some(list)
    }

    /// The level `ilvl` of a list, overridden or from its definition.
    fn level(&self, list: &List, ilvl: usize) -> Option<Level> {
        let mut level = list.levels[ilvl].clone().or_else(|| self.abstracts.get(&list.abstract_id)?[ilvl].clone())?;
        if let Some(start) = list.starts[ilvl] {
            level.start = start;
        }
        Some(level)
    }

    /// Counts the next paragraph of list `num_id` at level `ilvl` and returns its number
    /// as printed: `๒)`, `๒.๑)`, `-` for a bullet, `None` for no number (no such list,
    /// or a level numbered `none`).
    pub(crate) fn next(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let list = self.lists.get(num_id)?.clone();
        let ilvl = ilvl.min(LEVELS - 1);
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|i| self.level(&list, i)).collect();
        let level = levels[ilvl].clone()?;
        let key = if list.overridden { format!("num {num_id}") } else { format!("abstract {}", list.abstract_id) };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        let value = counters[ilvl].map_or(level.start, |n| n.saturating_add(1));
        counters[ilvl] = Some(value);
        counters[ilvl + 1..].fill(None);
        // A level not numbered yet shows its start value.
        let shown: Vec<u32> =
            (0..LEVELS).map(|i| counters[i].or_else(|| levels[i].as_ref().map(|l| l.start)).unwrap_or(1)).collect();
        match level.format {
            Format::Bullet => Some("-".into()),
            Format::None => None,
            _ => Some(self.render(&levels, &shown, ilvl)),
        }
    }

    /// The level's text with `%1` … `%9` replaced by the numbers of those levels.
    ///
    /// A nested level written with its own number only (`%2)`) would read as a top-level
    /// item, since the importer nests items by the parts of their number: when it and
    /// the levels above it are all `n)` items in digits, the full path is written
    /// (`๑.๒)`), so the nesting Word shows is kept.
    fn render(&self, levels: &[Option<Level>], shown: &[u32], ilvl: usize) -> String {
        let format_of = |i: usize| levels[i].as_ref().map_or(Format::Decimal, |l| l.format);
        let own = levels[ilvl].as_ref().map(|l| l.text.as_str()).unwrap_or_default();
        let is_item =
            |i: usize| levels[i].as_ref().is_some_and(|l| l.format.is_numeric() && l.text.trim_end().ends_with(')'));
        if ilvl > 0 && own.trim() == format!("%{})", ilvl + 1) && (0..=ilvl).all(is_item) {
            let format = format_of(ilvl);
            let path: Vec<String> = (0..=ilvl).map(|i| format.render(shown[i], self.thai_digits)).collect();
            return format!("{})", path.join("."));
        }
        let mut out = String::new();
        let mut chars = own.chars().peekable();
        while let Some(c) = chars.next() {
            let level = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=LEVELS as u32).contains(d));
            match level {
                Some(d) if c == '%' => {
                    chars.next();
                    let i = d as usize - 1;
                    out.push_str(&format_of(i).render(shown[i], self.thai_digits));
                }
                _ => out.push(c),
            }
        }
        out.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="thaiNumbers"/><w:lvlText w:val="%1)"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="thaiNumbers"/><w:lvlText w:val="%1.%2)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>
        <w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/></w:lvl>
        <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="3"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%4)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
    </w:numbering>"#;

    fn numbering(thai_digits: bool) -> Numbering {
        Numbering::parse(&Document::parse(XML).unwrap(), thai_digits)
    }

    #[test]
    fn counts_levels_and_restarts_below() {
        let mut n = numbering(false);
        let got: Vec<_> =
            [("1", 0), ("1", 1), ("1", 1), ("1", 0), ("1", 1)].iter().map(|&(l, i)| n.next(l, i).unwrap()).collect();
        assert_eq!(got, ["๑)", "๑.๑)", "๑.๒)", "๒)", "๒.๑)"]);
    }

    #[test]
    fn lists_of_one_definition_share_counters_until_overridden() {
        let mut n = numbering(false);
        assert_eq!(n.next("1", 0).unwrap(), "๑)");
        assert_eq!(n.next("2", 0).unwrap(), "๒)");
        assert_eq!(n.next("3", 0).unwrap(), "๕)");
        assert_eq!(n.next("3", 0).unwrap(), "๖)");
        assert_eq!(n.next("1", 0).unwrap(), "๓)");
        assert_eq!(n.next("9", 0), None);
    }

    #[test]
    fn decimal_bullets_nesting_and_other_formats() {
        let mut n = numbering(false);
        assert_eq!(n.next("4", 0).unwrap(), "1)");
        // `%2)` under `%1)` keeps its nesting: written as the full path.
        assert_eq!(n.next("4", 1).unwrap(), "1.1)");
        assert_eq!(n.next("4", 2).unwrap(), "-");
        assert_eq!(n.next("4", 3).unwrap(), "(iii)");
        assert_eq!(n.next("4", 3).unwrap(), "(iv)");
        let mut thai = numbering(true);
        assert_eq!(thai.next("4", 0).unwrap(), "๑)");
        assert_eq!(Format::ThaiLetters.render(3, false), "ค");
        assert_eq!(Format::LowerLetter.render(28, false), "bb");
        assert_eq!(Format::UpperRoman.render(14, false), "XIV");
    }
}
