//! Fuzzes anchoring: annotations made on one text (plus annotations with arbitrary, hostile
//! offsets and quotes) re-anchored against another text must never panic, never be dropped,
//! and end in a state consistent with the text. Also checks the approximate search against a
//! plain dynamic programme on small inputs.
#![no_main]

use gloss::annotation::anchor::{self, AnchorState};
use gloss::annotation::Annotation;
use gloss::document::Document;
use gloss::annotation::{Kind, Label};
use libfuzzer_sys::fuzz_target;

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The fewest edits of `p` against any substring of `t`.
fn best_substring_distance(p: &[char], t: &[char]) -> usize {
    let mut col: Vec<usize> = (0..=p.len()).collect();
    let mut best = p.len();
    for &c in t {
        let mut next = vec![0; p.len() + 1];
        for i in 1..=p.len() {
            next[i] = (col[i - 1] + usize::from(p[i - 1] != c))
                .min(col[i] + 1)
                .min(next[i - 1] + 1);
        }
        best = best.min(next[p.len()]);
        col = next;
    }
    best
}

fuzz_target!(
    |input: (String, String, Vec<(u16, u16)>, Vec<(u32, u32, String)>, u8)| {
        let (old, new, spans, hostile, k) = input;
        let old_doc = Document::from_text("old.txt", &old);
        let new_doc = Document::from_text("new.txt", &new);
        let n = old_doc.char_len();
        let mut annotations: Vec<Annotation> = spans
            .iter()
            .map(|&(s, len)| {
                let s = usize::from(s) % (n + 1);
                let e = (s + usize::from(len) % 64).min(n);
                Annotation::new(&old_doc, s, e, Label::empty(Kind::Entity))
            })
            .collect();
        for (s, e, quote) in hostile {
            let mut a = Annotation::new(&old_doc, 0, 0, Label::empty(Kind::Figure));
            (a.start, a.end, a.quote) = (s as usize, e as usize, quote);
            annotations.push(a);
        }
        let count = annotations.len();
        let report = anchor::resolve(&new_doc, &mut annotations, anchor::Text::Changed);
        assert_eq!(report.total(), count);
        assert_eq!(annotations.len(), count);
        let len = new_doc.char_len();
        for a in &annotations {
            assert!(a.start <= a.end, "{a:?}");
            match a.anchor {
                AnchorState::Exact | AnchorState::Moved => {
                    assert!(a.end <= len);
                    assert_eq!(new_doc.slice(a.start, a.end), a.quote);
                }
                AnchorState::Check => assert!(a.end <= len),
                AnchorState::Orphaned => {
                    assert!(
                        a.quote.is_empty() || !new_doc.text().contains(a.quote.as_str()),
                        "orphaned although its quote is in the text: {a:?}"
                    );
                }
            }
        }

        // The approximate search against the dynamic programme, on small inputs.
        let p: Vec<char> = old.chars().take(40).collect();
        let t: Vec<char> = new.chars().take(200).collect();
        let k = usize::from(k % 12);
        let matches = anchor::approx_search(&t, &p, k);
        for m in &matches {
            assert!(
                m.start <= m.end && m.end <= t.len() && m.errors <= k,
                "{m:?}"
            );
            assert_eq!(levenshtein(&p, &t[m.start..m.end]), m.errors, "{m:?}");
        }
        if !p.is_empty() {
            let best = best_substring_distance(&p, &t);
            let found = matches.iter().map(|m| m.errors).min();
            assert_eq!(found, (best <= k).then_some(best), "best {best}, k {k}");
        }
    }
);
