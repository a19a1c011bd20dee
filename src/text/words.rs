//! Word boundaries for double-click selection: Chinese words by jieba segmentation, Latin words
//! and numbers by character class.

#[cfg(feature = "gui")]
use super::is_han;
use jieba_rs::Jieba;
#[cfg(feature = "gui")]
use std::ops::Range;
use std::sync::OnceLock;

/// The process-wide jieba segmenter; its dictionary is loaded once, on first use.
pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

#[cfg(feature = "gui")]
fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c) || matches!(c, '.' | '%' | '％' | '．' | ',' | '_' | '-')
}

/// The word around code point `offset` of `text`, as a code point range.
///
/// A run of Han characters is segmented with jieba and the segment containing `offset` is
/// returned; letters and digits (with decimal points and thousands separators) form one word;
/// anything else is selected as a single character.
#[cfg(feature = "gui")]
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    let chars: Vec<char> = text.chars().collect();
    let Some(&c) = chars.get(offset) else {
        return offset..offset;
    };
    let class: fn(char) -> bool = if is_han(c) {
        is_han
    } else if is_wordish(c) {
        is_wordish
    } else {
        return offset..offset + 1;
    };
    let mut start = offset;
    while start > 0 && class(chars[start - 1]) {
        start -= 1;
    }
    let mut end = offset + 1;
    while end < chars.len() && class(chars[end]) {
        end += 1;
    }
    if !is_han(c) {
        return start..end;
    }
    let run: String = chars[start..end].iter().collect();
    let mut at = start;
    for word in jieba().cut(&run, true) {
        let len = word.word.chars().count();
        if offset < at + len {
            return at..at + len;
        }
        at += len;
    }
    offset..offset + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_words_come_from_segmentation() {
        let text = "我们要发展经济，投资296.9亿元。";
        let r = word_at(text, 4);
        let word: String = text.chars().skip(r.start).take(r.len()).collect();
        assert_eq!(word, "发展");
    }

    #[test]
    fn numbers_and_latin_words_are_one_word() {
        let text = "投资296.9亿元 and GDP grew";
        assert_eq!(word_at(text, 3), 2..7);
        assert_eq!(word_at(text, 15), 14..17);
        assert_eq!(word_at(text, 9), 9..10, "a space is a single character");
        assert_eq!(word_at(text, 999), 999..999);
    }
}
