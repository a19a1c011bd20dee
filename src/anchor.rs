//! Anchoring: finding where a stored annotation belongs in the current document text.
//!
//! An annotation stores its code point span, its exact quote and some context. When the document
//! opens, [`resolve`] checks each annotation against the text: if the quote is still at the stored
//! position it is kept; if the exact quote occurs elsewhere, the occurrence best supported by the
//! stored context (ties: nearest the old position) is taken and the annotation is marked moved;
//! otherwise it is **orphaned** — kept, listed, never deleted, and re-attachable by the user.

use crate::annotation::{Annotation, CONTEXT_CHARS};
use crate::document::Document;
use serde::{Deserialize, Serialize};

/// How an annotation's position was established when the document was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AnchorState {
    /// The quote is at the stored position.
    #[default]
    Exact,
    /// The quote was found at another position and the annotation moved there.
    Moved,
    /// Moved to an approximate match: a person should check it.
    Check,
    /// No place for it in the current text; kept until the user re-attaches it.
    Orphaned,
}

impl AnchorState {
    /// The lower-case name used in exports (`exact`, `moved`, `check`, `orphaned`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorState::Exact => "exact",
            AnchorState::Moved => "moved",
            AnchorState::Check => "check",
            AnchorState::Orphaned => "orphaned",
        }
    }
}

/// How many annotations ended in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnchorReport {
    /// Kept where they were.
    pub exact: usize,
    /// Moved to an exact occurrence of the quote.
    pub moved: usize,
    /// Moved to an approximate match.
    pub check: usize,
    /// Without a place.
    pub orphaned: usize,
}

impl AnchorReport {
    /// Whether every annotation stayed where it was.
    pub fn all_exact(&self) -> bool {
        self.moved + self.check + self.orphaned == 0
    }
}

/// Re-anchors every annotation against `doc`, updating spans and states in place.
pub fn resolve(doc: &Document, annotations: &mut [Annotation]) -> AnchorReport {
    let mut report = AnchorReport::default();
    for a in annotations.iter_mut() {
        let state = resolve_one(doc, a);
        a.anchor = state;
        match state {
            AnchorState::Exact => report.exact += 1,
            AnchorState::Moved => report.moved += 1,
            AnchorState::Check => report.check += 1,
            AnchorState::Orphaned => report.orphaned += 1,
        }
    }
    report
}

fn resolve_one(doc: &Document, a: &mut Annotation) -> AnchorState {
    if a.start <= a.end && a.end <= doc.char_len() && doc.slice(a.start, a.end) == a.quote {
        // A stored "check" stays to be checked until a person confirms it.
        return if a.anchor == AnchorState::Check {
            AnchorState::Check
        } else {
            AnchorState::Exact
        };
    }
    if a.quote.is_empty() {
        return AnchorState::Orphaned;
    }
    match best_exact_occurrence(doc, a) {
        Some(start) => {
            a.start = start;
            a.end = start + a.quote.chars().count();
            AnchorState::Moved
        }
        None => AnchorState::Orphaned,
    }
}

/// The code point offset of the occurrence of the quote best supported by the stored context.
fn best_exact_occurrence(doc: &Document, a: &Annotation) -> Option<usize> {
    let text = doc.text();
    let quote_chars = a.quote.chars().count();
    let mut best: Option<(usize, usize, usize)> = None; // (context score, distance, start)
    let mut char_pos = 0;
    let mut byte_pos = 0;
    for (byte, _) in text.match_indices(a.quote.as_str()) {
        char_pos += text[byte_pos..byte].chars().count();
        byte_pos = byte;
        let start = char_pos;
        let before = doc.slice(start.saturating_sub(CONTEXT_CHARS), start);
        let after = doc.slice(start + quote_chars, start + quote_chars + CONTEXT_CHARS);
        let score = common_suffix(before, &a.prefix) + common_prefix(after, &a.suffix);
        let distance = start.abs_diff(a.start);
        let better = best.is_none_or(|(s, d, _)| score > s || (score == s && distance < d));
        if better {
            best = Some((score, distance, start));
        }
    }
    best.map(|(_, _, start)| start)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Label};

    fn annotate(text: &str, quote: &str, nth: usize) -> Annotation {
        let doc = Document::from_text("t.txt", text);
        let byte = text.match_indices(quote).nth(nth).unwrap().0;
        let start = text[..byte].chars().count();
        Annotation::new(
            &doc,
            start,
            start + quote.chars().count(),
            Label::empty(Kind::Figure),
        )
    }

    #[test]
    fn unchanged_text_keeps_every_annotation_exact() {
        let text = "新增企业280家，投资296.9亿元。";
        let mut anns = vec![annotate(text, "280家", 0), annotate(text, "296.9亿元", 0)];
        let before = anns.clone();
        let report = resolve(&Document::from_text("t.txt", text), &mut anns);
        assert!(report.all_exact());
        assert_eq!(anns, before);
    }

    #[test]
    fn inserted_text_moves_the_annotation_to_its_quote() {
        let old = "新增企业280家。";
        let mut anns = vec![annotate(old, "280家", 0)];
        let new = Document::from_text("t.txt", "𠀾据统计，全年新增企业280家。");
        let report = resolve(&new, &mut anns);
        assert_eq!(report.moved, 1);
        assert_eq!(new.slice(anns[0].start, anns[0].end), "280家");
        assert_eq!(anns[0].anchor, AnchorState::Moved);
    }

    #[test]
    fn context_picks_the_right_one_of_repeated_quotes() {
        let old = "甲区新增30家。乙区新增30家。";
        let mut anns = vec![annotate(old, "30家", 1)];
        // Text is inserted before both; the second occurrence (after 乙区) must be chosen
        // even though the first is nearer the old offset.
        let new = Document::from_text("t.txt", "一二三四五六七甲区新增30家。乙区新增30家。");
        resolve(&new, &mut anns);
        assert_eq!(anns[0].start, 19);
        assert_eq!(new.slice(anns[0].start - 4, anns[0].start), "乙区新增");
    }

    #[test]
    fn vanished_quote_is_orphaned_and_kept() {
        let mut anns = vec![annotate("新增企业280家。", "280家", 0)];
        let report = resolve(&Document::from_text("t.txt", "全文已改写。"), &mut anns);
        assert_eq!(report.orphaned, 1);
        assert_eq!(anns.len(), 1);
        assert_eq!(anns[0].quote, "280家");
        assert!(!anns[0].is_placed());
    }
}
