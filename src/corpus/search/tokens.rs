//! How text becomes search terms, the same way for the index and for queries.
//!
//! Text is folded first (traditional → simplified, full-width → half-width, see
//! [`crate::text::fold`], then lower case), so 鄭州 finds 郑州 and ＧＤＰ finds gdp. Chinese has no
//! spaces and no segmenter agrees with every reader on where words end, so every Han character
//! is indexed on its own and with the character after it (unigrams and bigrams at the same
//! position): any substring of one character is a term, and any longer one is a phrase of
//! bigrams. Runs of other letters and digits are words (`GDP`, `2025`); everything else
//! (punctuation, spaces) only separates terms.

use crate::text::fold::fold_char;
use crate::text::is_han;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under in the index.
pub(crate) const TOKENIZER: &str = "gloss_cjk";

/// Whether `c` is written without spaces between words: Han, kana, hangul.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

/// The folded form a term is matched on.
pub(crate) fn fold_for_search(c: char) -> impl Iterator<Item = char> {
    fold_char(c).to_lowercase()
}

/// One term of a text: its folded text, its position (one per Han character, one per word) and
/// its byte range in the original text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Term {
    pub text: String,
    pub position: usize,
    pub bytes: std::ops::Range<usize>,
}

/// Splits `text` into terms: for the index (`unigrams`: every Han character alone and with the
/// next one) or for a query (only what a phrase needs: the bigrams, or the character of a
/// one-character run).
pub(crate) fn terms(text: &str, unigrams: bool) -> Vec<Term> {
    let mut out = Vec::new();
    let mut position = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if is_cjk(c) {
            let next = chars.peek().copied().filter(|&(_, n)| is_cjk(n));
            let end = at + c.len_utf8();
            let alone = next.is_none() && (unigrams || !continues_run(&out, position));
            if unigrams || alone {
                out.push(Term {
                    text: fold_for_search(c).collect(),
                    position,
                    bytes: at..end,
                });
            }
            if let Some((n_at, n)) = next {
                let mut pair: String = fold_for_search(c).collect();
                pair.extend(fold_for_search(n));
                out.push(Term {
                    text: pair,
                    position,
                    bytes: at..n_at + n.len_utf8(),
                });
            }
            position += 1;
        } else if c.is_alphanumeric() {
            let mut end = at + c.len_utf8();
            let mut word: String = fold_for_search(c).collect();
            while let Some(&(n_at, n)) = chars.peek() {
                if !n.is_alphanumeric() || is_cjk(n) {
                    break;
                }
                word.extend(fold_for_search(n));
                end = n_at + n.len_utf8();
                chars.next();
            }
            out.push(Term {
                text: word,
                position,
                bytes: at..end,
            });
            position += 1;
        }
    }
    out
}

/// Whether the Han character at `position` ends a run that a bigram already covers.
fn continues_run(out: &[Term], position: usize) -> bool {
    out.last().is_some_and(|t| {
        t.position + 1 == position && t.text.chars().count() == 2 && t.text.chars().all(is_cjk)
    })
}

/// The index's tokenizer: [`terms`] with unigrams.
#[derive(Clone, Default)]
pub(crate) struct CjkTokenizer;

/// The terms of one text, handed to the index one by one.
pub(crate) struct CjkTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        let tokens = terms(text, true)
            .into_iter()
            .map(|t| Token {
                offset_from: t.bytes.start,
                offset_to: t.bytes.end,
                position: t.position,
                text: t.text,
                position_length: 1,
            })
            .collect();
        CjkTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, unigrams: bool) -> Vec<(String, usize)> {
        terms(text, unigrams)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect()
    }

    #[test]
    fn han_characters_alone_and_in_pairs_words_whole_all_folded() {
        let got = texts("鄭州ＧＤＰ增长2025", true);
        let want: Vec<(String, usize)> = [
            ("郑", 0),
            ("郑州", 0),
            ("州", 1),
            ("gdp", 2),
            ("增", 3),
            ("增长", 3),
            ("长", 4),
            ("2025", 5),
        ]
        .iter()
        .map(|(t, p)| (t.to_string(), *p))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_query_is_the_bigrams_of_a_run_or_its_only_character() {
        assert_eq!(
            texts("郑州市", false),
            vec![("郑州".into(), 0), ("州市".into(), 1)]
        );
        assert_eq!(
            texts("市 GDP", false),
            vec![("市".into(), 0), ("gdp".into(), 1)]
        );
    }

    #[test]
    fn query_positions_line_up_with_the_index() {
        // A phrase made of the query's terms at their positions is found among the text's.
        let text = terms("全市GDP增长19.7%", true);
        for q in ["市GDP增", "GDP增长19", "增长19.7"] {
            let query = terms(q, false);
            let found = (0..20).any(|shift| {
                query.iter().all(|t| {
                    text.iter()
                        .any(|x| x.text == t.text && x.position == t.position + shift)
                })
            });
            assert!(found, "{q}");
        }
    }
}
