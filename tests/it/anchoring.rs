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
        let report = anchor::resolve(&new_doc, &mut annotations);
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
