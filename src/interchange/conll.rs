//! CoNLL / BIO export: one token a line with one BIO column per kind
//! (`TOKEN FIGURE ENTITY COMMITMENT`), a blank line between sentences and a `-DOCSTART-` line
//! before each document.
//!
//! Chinese documents (at least a fifth of their non-space characters CJK) are written one
//! character a line, the convention of Chinese NER corpora; other documents one token a line
//! (runs of letters and digits, each other symbol alone). Tags are `B-`/`I-` plus `FIGURE`,
//! `ORG`, `PLACE`, `PERSON`, `WORK` or `COMMITMENT`, and `O`. Overlaps between kinds are fine
//! (each kind has its column); two annotations of one kind that overlap cannot both be held:
//! the first in document order (the outer one) is kept and the other reported, as are orphans
//! and spans that cut through an English token.

use super::{ExportDoc, ExportWarning, is_positioned};
use crate::annotation::{EntityType, Kind, Label};
use crate::text::is_han;
use std::fmt::Write as _;

/// The BIO tag type of a label.
pub fn tag_name(label: &Label) -> &'static str {
    match label {
        Label::Figure { .. } => "FIGURE",
        Label::Entity { entity_type } => match entity_type {
            EntityType::Org => "ORG",
            EntityType::Place => "PLACE",
            EntityType::Person => "PERSON",
            EntityType::Work => "WORK",
        },
        Label::Commitment { .. } => "COMMITMENT",
    }
}

/// A token: code point range and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The text.
    pub text: String,
    /// Whether a sentence ends after this token.
    pub sentence_end: bool,
}

/// Splits `text` into tokens: one per non-space character when `per_char`, else runs of
/// alphanumerics and single other symbols. Sentences end at line breaks and after `。！？；`
/// (and `.!?` followed by a space or line break).
pub fn tokenize(text: &str, per_char: bool) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            if c == '\n'
                && let Some(last) = tokens.last_mut()
            {
                last.sentence_end = true;
            }
            i += 1;
            continue;
        }
        let start = i;
        if !per_char && c.is_alphanumeric() && !is_han(c) {
            while i < chars.len() && chars[i].is_alphanumeric() && !is_han(chars[i]) {
                i += 1;
            }
        } else {
            i += 1;
        }
        let next = chars.get(i).copied();
        let sentence_end = matches!(c, '。' | '！' | '？' | '；')
            || (matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace));
        tokens.push(Token {
            start,
            end: i,
            text: chars[start..i].iter().collect(),
            sentence_end,
        });
    }
    tokens
}

/// Whether a document is written one character a line.
pub fn is_chinese(text: &str) -> bool {
    let (mut cjk, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        cjk += usize::from(is_han(c));
    }
    all > 0 && cjk * 5 >= all
}

/// The CoNLL text for these documents, one BIO column per kind in `kinds` (all when empty), in
/// the order figure, entity, commitment.
pub fn render(docs: &[ExportDoc<'_>], kinds: &[Kind], warnings: &mut Vec<ExportWarning>) -> String {
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| kinds.is_empty() || kinds.contains(k))
        .collect();
    let mut out = String::new();
    for d in docs {
        let text = d.doc.text();
        let tokens = tokenize(text, is_chinese(text));
        // tags[column][token]
        let mut tags: Vec<Vec<String>> = vec![vec!["O".to_owned(); tokens.len()]; kinds.len()];
        let mut taken: Vec<Vec<bool>> = vec![vec![false; tokens.len()]; kinds.len()];
        for r in &d.records {
            let a = &r.annotation;
            let warn = |warnings: &mut Vec<ExportWarning>, message: String| {
                warnings.push(ExportWarning {
                    doc: d.name().to_owned(),
                    id: a.id.0.clone(),
                    message,
                })
            };
            let Some(col) = kinds.iter().position(|k| *k == a.kind()) else {
                continue;
            };
            if !is_positioned(d.doc, a) || a.start == a.end {
                warn(warnings, "orphaned or empty: no tokens to tag".into());
                continue;
            }
            let first = tokens.partition_point(|t| t.end <= a.start);
            let last = tokens.partition_point(|t| t.start < a.end);
            if first >= last {
                warn(warnings, "covers no token (only spaces)".into());
                continue;
            }
            if taken[col][first..last].iter().any(|t| *t) {
                warn(
                    warnings,
                    format!(
                        "{} {}..{} overlaps another {} annotation; CoNLL holds one per token, so it is left out",
                        a.kind(),
                        a.start,
                        a.end,
                        a.kind()
                    ),
                );
                continue;
            }
            if tokens[first].start < a.start || tokens[last - 1].end > a.end {
                warn(
                    warnings,
                    format!(
                        "{}..{} does not start and end on token boundaries; the tokens it touches are tagged",
                        a.start, a.end
                    ),
                );
            }
            let name = tag_name(&a.label);
            for (n, i) in (first..last).enumerate() {
                taken[col][i] = true;
                tags[col][i] = format!("{}-{name}", if n == 0 { "B" } else { "I" });
            }
        }
        let o: Vec<&str> = kinds.iter().map(|_| "O").collect();
        let _ = writeln!(out, "-DOCSTART- {}\n", o.join(" "));
        for (i, t) in tokens.iter().enumerate() {
            let row: Vec<&str> = tags.iter().map(|col| col[i].as_str()).collect();
            let _ = writeln!(out, "{} {}", t.text, row.join(" "));
            if t.sentence_end {
                out.push('\n');
            }
        }
        if tokens.last().is_some_and(|t| !t.sentence_end) {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_one_character_a_line_english_one_word() {
        let zh = tokenize("新增280家。\n下", true);
        let texts: Vec<_> = zh.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, vec!["新", "增", "2", "8", "0", "家", "。", "下"]);
        assert!(zh[6].sentence_end);
        let en = tokenize("Port of Linhai: $3bn. Next", false);
        let texts: Vec<_> = en.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["Port", "of", "Linhai", ":", "$", "3bn", ".", "Next"]
        );
        assert!(en[6].sentence_end && !en[3].sentence_end);
        assert_eq!((en[5].start, en[5].end), (17, 20));
        assert!(is_chinese("新增280家") && !is_chinese("Port of Linhai 港"));
    }
}
