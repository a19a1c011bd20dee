//! Code point ↔ byte offsets: the one conversion behind Gloss's central invariant (annotation
//! offsets are Unicode code points, Rust strings are indexed by bytes).
//!
//! [`CharOffsets`] remembers the byte offset of every 64th code point of a text. Built in one pass
//! (O(n) time, n/64 words of memory), it converts either way by one array look-up plus a scan of
//! at most 64 code points (≤ 256 bytes), whatever the text's size. It does not hold the text:
//! its owner (a [`Document`](crate::document::Document), the suggestion engine's folded view)
//! passes the same text to every call.

/// How many code points lie between two remembered byte offsets.
const STRIDE: usize = 64;

/// An index of one text's code point positions. Every method must be given the text the index
/// was built from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharOffsets {
    /// The byte offset of code point `i * STRIDE`.
    marks: Vec<usize>,
    char_len: usize,
}

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharOffsets {
        let mut marks = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut char_len = 0;
        for (n, (b, _)) in text.char_indices().enumerate() {
            if n % STRIDE == 0 {
                marks.push(b);
            }
            char_len = n + 1;
        }
        CharOffsets { marks, char_len }
    }

    /// The text's length in code points.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The byte offset of code point `c` of `text`; `None` beyond the end (the end itself is
    /// `Some(text.len())`).
    pub fn byte_of(&self, text: &str, c: usize) -> Option<usize> {
        if c >= self.char_len {
            return (c == self.char_len).then_some(text.len());
        }
        let mark = *self.marks.get(c / STRIDE)?;
        let rest = text.get(mark..)?;
        rest.char_indices().nth(c % STRIDE).map(|(b, _)| mark + b)
    }

    /// The byte offset of code point `c` of `text`, clamped to the end.
    pub fn byte_of_clamped(&self, text: &str, c: usize) -> usize {
        self.byte_of(text, c).unwrap_or(text.len())
    }

    /// The code point offset of byte `b` of `text`: the index of the code point starting at `b`,
    /// or of the next one when `b` falls inside a code point (the length beyond the end).
    pub fn char_of_byte(&self, text: &str, b: usize) -> usize {
        let b = b.min(text.len());
        let i = self.marks.partition_point(|&m| m <= b).saturating_sub(1);
        let mark = self.marks.get(i).copied().unwrap_or(0);
        // Code points starting in mark..b are the bytes there that are not continuation bytes.
        let starts = text.as_bytes()[mark..b]
            .iter()
            .filter(|&&byte| !is_continuation(byte))
            .count();
        i * STRIDE + starts
    }

    /// `text[start..end]` in code points; `None` unless `start ≤ end ≤ length`.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        if start > end {
            return None;
        }
        text.get(self.byte_of(text, start)?..self.byte_of(text, end)?)
    }

    /// `text[start..end]` in code points, clamped to the text and swapped if reversed.
    pub fn slice_clamped<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let (a, b) = (start.min(end), start.max(end));
        &text[self.byte_of_clamped(text, a)..self.byte_of_clamped(text, b)]
    }
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn converts_both_ways_across_astral_and_multibyte_characters() {
        let s = "a中𠀾b";
        let ix = CharOffsets::new(s);
        assert_eq!(ix.char_len(), 4);
        assert_eq!(ix.char_of_byte(s, 0), 0);
        assert_eq!(ix.char_of_byte(s, 1), 1);
        assert_eq!(ix.char_of_byte(s, 2), 2, "inside 中: the next code point");
        assert_eq!(ix.char_of_byte(s, 4), 2);
        assert_eq!(ix.char_of_byte(s, 8), 3);
        assert_eq!(ix.char_of_byte(s, 9), 4);
        assert_eq!(ix.char_of_byte(s, 100), 4);
        assert_eq!(ix.byte_of(s, 3), Some(8));
        assert_eq!(ix.byte_of(s, 4), Some(9));
        assert_eq!(ix.byte_of(s, 5), None);
        assert_eq!(ix.byte_of_clamped(s, 5), 9);
        assert_eq!(ix.slice(s, 1, 3), Some("中𠀾"));
        assert_eq!(ix.slice(s, 3, 1), None);
        assert_eq!(ix.slice_clamped(s, 3, 1), "中𠀾");
    }

    proptest! {
        #[test]
        fn agrees_with_counting_from_the_start(text in "[a中𠀾\n]{0,300}", c in 0usize..320) {
            let ix = CharOffsets::new(&text);
            let naive: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            prop_assert_eq!(ix.char_len(), naive.len());
            let expected = if c < naive.len() {
                Some(naive[c])
            } else {
                (c == naive.len()).then_some(text.len())
            };
            prop_assert_eq!(ix.byte_of(&text, c), expected);
            for b in 0..=text.len() {
                let next = naive.partition_point(|&s| s < b);
                prop_assert_eq!(ix.char_of_byte(&text, b), next);
            }
        }
    }
}
