//! Property tests for re-anchoring: random documents (ASCII, CJK, astral code points, newlines,
//! with repeated words so that quotes recur) and random sequences of edits (insert, delete,
//! replace). Every annotation whose text survived the edits untouched must be re-anchored to that
//! same text; when the text occurs only once, to exactly its shifted position. Every annotation,
//! survived or not, must end with a sane span and a state consistent with the text.

use gloss::annotation::Annotation;
use gloss::annotation::anchor::{self, AnchorState};
use gloss::annotation::{Kind, Label};
use gloss::document::Document;
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'a', 'b', 'x', '1', '2', '.', ' ', '新', '增', '企', '业', '家', '亿', '元', '，', '。',
            '𠀾', '😀', '𝒜', '\n', '２',
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "280家", "新增企业", "296.9亿元", "the plan", "𠀾溪镇", "同比增长19.7%", "\n\n",
        ])
        .prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = Vec<char>> {
    prop::collection::vec(piece(), 0..120).prop_map(|p| p.concat().chars().collect())
}

#[derive(Clone, Debug)]
enum Edit {
    /// Insert `text` before code point `at` (taken modulo the length + 1).
    Insert { at: usize, text: Vec<char> },
    /// Delete `len` code points from `at`.
    Delete { at: usize, len: usize },
    /// Replace `len` code points from `at` with `text`.
    Replace {
        at: usize,
        len: usize,
        text: Vec<char>,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), text()).prop_map(|(at, text)| Edit::Insert { at, text }),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), 1usize..40, text()).prop_map(|(at, len, text)| Edit::Replace {
            at,
            len,
            text
        }),
    ]
}

/// Applies `edit` to `doc`; returns the edited region `[from, to)` of the old text and the
/// number of code points put in its place.
fn apply(doc: &mut Vec<char>, edit: &Edit) -> (usize, usize, usize) {
    let at = |a: usize| a % (doc.len() + 1);
    let (from, to, new): (usize, usize, &[char]) = match edit {
        Edit::Insert { at: a, text } => (at(*a), at(*a), text),
        Edit::Delete { at: a, len } => (at(*a), (at(*a) + len).min(doc.len()), &[]),
        Edit::Replace { at: a, len, text } => (at(*a), (at(*a) + len).min(doc.len()), text),
    };
    let inserted = new.len();
    doc.splice(from..to, new.iter().copied());
    (from, to, inserted)
}

fn occurrences(haystack: &[char], needle: &[char]) -> usize {
    if needle.is_empty() || needle.len() > haystack.len() {
        return 0;
    }
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn annotations_whose_text_survived_are_re_anchored_to_it(
        original in text().prop_filter("non-empty", |t| t.len() > 3),
        spans in prop::collection::vec((any::<usize>(), 1usize..24), 1..10),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let old: String = original.iter().collect();
        let old_doc = Document::from_text("t.txt", &old);
        let n = old_doc.char_len();
        let mut annotations: Vec<Annotation> = spans
            .iter()
            .map(|&(s, len)| {
                let s = s % n;
                Annotation::new(&old_doc, s, (s + len).min(n), Label::empty(Kind::Figure))
            })
            .collect();
        // Where each annotation's text is now, while it survives (None once an edit touched it).
        let mut expected: Vec<Option<(usize, usize)>> =
            annotations.iter().map(|a| Some((a.start, a.end))).collect();
        let mut chars: Vec<char> = old_doc.text().chars().collect();
        for e in &edits {
            let (from, to, inserted) = apply(&mut chars, e);
            for span in expected.iter_mut() {
                *span = match *span {
                    // Entirely before the span (an insertion exactly at its start included).
                    Some((s, end)) if to <= s => {
                        let shifted = s + inserted - (to - from);
                        Some((shifted, shifted + (end - s)))
                    }
                    // Entirely after it (an insertion exactly at its end included).
                    Some((s, end)) if from >= end => Some((s, end)),
                    _ => None,
                };
            }
        }
        let new: String = chars.iter().collect();
        let new_doc = Document::from_text("t.txt", &new);
        let new_chars: Vec<char> = new_doc.text().chars().collect();
        let report = anchor::resolve(&new_doc, &mut annotations, anchor::Text::Changed);
        prop_assert_eq!(report.total(), annotations.len(), "nothing is dropped");

        for (a, want) in annotations.iter().zip(&expected) {
            if a.is_placed() {
                prop_assert!(a.start <= a.end && a.end <= new_doc.char_len(), "{:?}", a);
            }
            if matches!(a.anchor, AnchorState::Exact | AnchorState::Moved) {
                prop_assert_eq!(new_doc.slice(a.start, a.end), a.quote.as_str());
            }
            let Some((s, e)) = *want else { continue };
            // The text survived: the annotation is on the same text.
            let quote: Vec<char> = a.quote.chars().collect();
            prop_assert_eq!(&new_chars[s..e], &quote[..], "bookkeeping");
            prop_assert!(a.is_placed(), "survivor orphaned: {:?}", a);
            prop_assert_eq!(new_doc.slice(a.start, a.end), a.quote.as_str(), "{:?}", a);
            if occurrences(&new_chars, &quote) == 1 {
                prop_assert_eq!((a.start, a.end), (s, e));
            }
        }
    }
}

/// A report where `term` recurs at a fixed stride: each occurrence follows a filler of the same
/// length, so inserting whole strides above an annotation puts another occurrence of the same
/// term at its old offset.
fn strided(fillers: &[Vec<char>], term: &str) -> Vec<char> {
    fillers
        .iter()
        .flat_map(|f| f.iter().copied().chain(term.chars()))
        .collect()
}

fn filler(len: usize) -> impl Strategy<Value = Vec<char>> {
    prop::collection::vec(
        prop::sample::select(vec![
            '甲', '乙', '丙', '路', '区', '，', '。', 'a', '1', '\n',
        ]),
        len,
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Edits above a repeated term (a paragraph inserted on top, a sentence deleted) never leave
    /// its annotation marked exact on another mention: exact means quote *and* context are where
    /// they were, and exact or moved means the mention the annotation was made on.
    #[test]
    fn a_repeated_quote_whose_context_changed_is_never_kept_as_exact(
        (fillers, strides_inserted, deleted) in (3usize..12).prop_flat_map(|len| (
            prop::collection::vec(filler(len), 3..8),
            0usize..3,
            0usize..3,
        )),
        term in prop::sample::select(vec!["科技创新委员会", "红杉路", "30家"]),
        which in any::<usize>(),
        extra in filler(5),
        odd_insert in any::<bool>(),
    ) {
        let old_chars = strided(&fillers, term);
        let old: String = old_chars.iter().collect();
        let old_doc = Document::from_text("t.txt", &old);
        let stride = fillers[0].len() + term.chars().count();
        let nth = which % fillers.len();
        let start = nth * stride + fillers[0].len();
        let end = start + term.chars().count();
        let mut annotations = vec![Annotation::new(&old_doc, start, end, Label::empty(Kind::Figure))];

        // Edits strictly above the annotation and at least a context away from it: whole strides
        // inserted at the top (or an odd-length paragraph), whole strides deleted at the top.
        let mut chars = old_chars.clone();
        let mut shift: isize = 0;
        let deleted = deleted.min(nth) * stride;
        if deleted > 0 && start >= deleted + 40 {
            chars.drain(0..deleted);
            shift -= deleted as isize;
        }
        let mut inserted: Vec<char> = strided(&fillers[..strides_inserted.min(fillers.len())], term);
        if odd_insert {
            inserted.extend(&extra);
        }
        shift += inserted.len() as isize;
        chars.splice(0..0, inserted);
        let new: String = chars.iter().collect();
        let new_doc = Document::from_text("t.txt", &new);
        anchor::resolve(&new_doc, &mut annotations, anchor::Text::Changed);

        let a = &annotations[0];
        let truth = (start as isize + shift) as usize;
        prop_assert!(a.is_placed(), "the mention is still there: {:?}", a);
        if a.anchor == AnchorState::Exact {
            let before = new_doc.slice(a.start.saturating_sub(a.prefix.chars().count()), a.start);
            let after = new_doc.slice(a.end, a.end + a.suffix.chars().count());
            prop_assert_eq!(before, a.prefix.as_str(), "exact with another prefix");
            prop_assert_eq!(after, a.suffix.as_str(), "exact with another suffix");
        }
        if matches!(a.anchor, AnchorState::Exact | AnchorState::Moved) {
            prop_assert_eq!(a.start, truth, "claimed right but on another mention: {:?}", a);
        }
    }
}
