//! One document prepared for the rules: its folded matching view and offset helpers.

use crate::text::fold::fold;
use crate::text::offsets::CharOffsets;

/// A document as the rules see it.
pub(crate) struct Doc<'a> {
    /// The original text (rules match on `folded`; quoted attributes come from here).
    pub text: &'a str,
    /// The length-preserving matching view (see [`crate::text::fold`]).
    pub folded: String,
    /// The folded view's chars, for char-indexed look-around.
    pub chars: Vec<char>,
    /// Code point ↔ byte lookup for `folded`.
    ix: CharOffsets,
}

impl<'a> Doc<'a> {
    /// Prepares `text`.
    pub fn new(text: &'a str) -> Doc<'a> {
        let folded = fold(text);
        let chars: Vec<char> = folded.chars().collect();
        let ix = CharOffsets::new(&folded);
        Doc {
            text,
            folded,
            chars,
            ix,
        }
    }

    /// Char range of a byte range of `folded`.
    pub fn span(&self, start_byte: usize, end_byte: usize) -> (usize, usize) {
        (self.char_at(start_byte), self.char_at(end_byte))
    }

    /// The char index of byte `byte` of `folded` (of the next char inside one).
    pub fn char_at(&self, byte: usize) -> usize {
        self.ix.char_of_byte(&self.folded, byte)
    }

    /// The folded text of a char range (clamped).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let s = self.ix.byte_of_clamped(&self.folded, start);
        let e = self.ix.byte_of_clamped(&self.folded, end.max(start));
        self.folded.get(s..e).unwrap_or("")
    }

    /// Whether the text is written in Chinese: at least as many Han characters as Latin letters.
    pub fn is_chinese(&self) -> bool {
        let han = self.chars.iter().filter(|c| is_han(**c)).count();
        let latin = self
            .chars
            .iter()
            .filter(|c| c.is_ascii_alphabetic())
            .count();
        han > 0 && han >= latin
    }

    /// The folded char at `i`, if any.
    pub fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// The folded char before `i`, if any.
    pub fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.at(j))
    }
}

pub(crate) use crate::text::is_han;

/// English abbreviations written with a full stop (No., Ltd., Mr.): the stop belongs to the word
/// and ends no sentence.
pub(crate) const ENGLISH_ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "Ltd", "Co", "Inc", "Corp", "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr",
    "vs", "etc", "e.g", "i.e", "approx", "Dept", "Gov", "Sen", "Rep", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Which kind of bracket encloses a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bracket {
    /// 《…》 (and 〈…〉): titles of works.
    Title,
    /// “…”, 「…」, 『…』, "…": quotations, slogans and campaign names.
    Quote,
}

/// A bracketed region: `open` is the index of the opening bracket, `close` of the closing one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Region {
    pub open: usize,
    pub close: usize,
    pub bracket: Bracket,
}

impl Region {
    /// Char range of the content, brackets excluded.
    pub fn inner(&self) -> (usize, usize) {
        (self.open + 1, self.close)
    }
}

/// Longest content of a bracket pair we accept; longer "pairs" are stray marks.
const MAX_REGION: usize = 160;

/// Finds the outermost 《》 titles and “” quotes of a document. A bracket never pairs across
/// more than three line breaks or with one more than [`MAX_REGION`] chars away.
pub(crate) fn regions(chars: &[char]) -> Vec<Region> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (close_set, bracket): (&[char], Bracket) = match chars[i] {
            '《' => (&['》'], Bracket::Title),
            '〈' => (&['〉'], Bracket::Title),
            '“' => (&['”'], Bracket::Quote),
            '「' => (&['」'], Bracket::Quote),
            '『' => (&['』'], Bracket::Quote),
            '"' => (&['"'], Bracket::Quote),
            _ => {
                i += 1;
                continue;
            }
        };
        let open_c = chars[i];
        let mut depth = 0usize;
        let mut found = None;
        let mut newlines = 0;
        for (j, &c) in chars.iter().enumerate().skip(i + 1).take(MAX_REGION + 1) {
            if c == '\n' {
                newlines += 1;
                if newlines > 3 {
                    break;
                }
                continue;
            }
            if close_set.contains(&c) {
                if depth == 0 {
                    found = Some(j);
                    break;
                }
                depth -= 1;
            } else if c == open_c && open_c != '"' {
                depth += 1;
            }
        }
        match found {
            Some(j) if j > i + 1 => {
                out.push(Region {
                    open: i,
                    close: j,
                    bracket,
                });
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The region (if any) whose content contains the char range `[start, end)`.
pub(crate) fn enclosing(regions: &[Region], start: usize, end: usize) -> Option<Region> {
    let idx = regions.partition_point(|r| r.open < start);
    idx.checked_sub(1)
        .map(|k| regions[k])
        .filter(|r| r.open < start && end <= r.close)
}
