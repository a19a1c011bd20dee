//! Matching taught terms: every occurrence of a glossary name (or of a text the user annotated)
//! is suggested with the same kind and attributes.
//!
//! Patterns and text are both folded (see [`crate::text::fold`]), so a name taught in simplified
//! characters also matches its traditional spelling and full-width variants. Matching is
//! leftmost-longest with Aho–Corasick; a pattern that begins or ends with a Latin letter or
//! digit only matches at a word boundary (so `AI` does not match inside `MAIN`). Names inside a
//! longer match of another kind are still found, as each kind has its own automaton.

use super::glossary::Glossary;
use super::text::Doc;
use super::{Source, Suggestion};
use crate::annotation::{Kind, Label};
use crate::text::fold::fold;
use crate::text::quantity::{cn_digit, cn_small_unit};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Confidence given to matches of taught terms.
const TAUGHT_CONFIDENCE: f32 = 0.95;

/// One automaton per kind over the folded glossary names.
pub struct TermMatcher {
    per_kind: Vec<(Kind, AhoCorasick, Vec<Label>)>,
}

impl TermMatcher {
    /// Builds the matcher for every entry and alias of `glossary`.
    pub fn new(glossary: &Glossary) -> TermMatcher {
        let mut per_kind = Vec::new();
        for kind in Kind::ALL {
            let mut pats: Vec<String> = Vec::new();
            let mut labels: Vec<Label> = Vec::new();
            for e in glossary.entries.iter().filter(|e| e.label.kind() == kind) {
                for t in std::iter::once(&e.text).chain(&e.aliases) {
                    let f = fold(t.trim());
                    if !f.is_empty() && !pats.contains(&f) {
                        pats.push(f);
                        labels.push(e.label.clone());
                    }
                }
            }
            if pats.is_empty() {
                continue;
            }
            if let Ok(ac) = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&pats)
            {
                per_kind.push((kind, ac, labels));
            }
        }
        TermMatcher { per_kind }
    }

    /// Suggestions of `kind` for every taught term in `text`.
    pub fn suggest(&self, text: &str, kind: Kind, out: &mut Vec<Suggestion>) {
        self.suggest_doc(&Doc::new(text), kind, out);
    }

    pub(crate) fn suggest_doc(&self, doc: &Doc<'_>, kind: Kind, out: &mut Vec<Suggestion>) {
        for (k, ac, labels) in &self.per_kind {
            if *k != kind {
                continue;
            }
            for m in ac.find_iter(&doc.folded) {
                let (start, end) = doc.span(m.start(), m.end());
                let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                let first = doc.at(start);
                let last = end.checked_sub(1).and_then(|i| doc.at(i));
                if (edge(first) && edge(doc.before(start))) || (edge(last) && edge(doc.at(end))) {
                    continue;
                }
                // A taught figure is a whole number: 8亿元 is not inside 102.8亿元 or 28亿元.
                if kind == Kind::Figure
                    && (doc.before(start).is_some_and(is_numeral)
                        || doc.at(end).is_some_and(is_numeral))
                {
                    continue;
                }
                if let Some(label) = labels.get(m.pattern().as_usize()) {
                    out.push(Suggestion {
                        start,
                        end,
                        label: label.clone(),
                        confidence: TAUGHT_CONFIDENCE,
                        source: Source::Learned,
                    });
                }
            }
        }
    }
}

/// Whether `c` can be part of a number (digits, the decimal point, Chinese numerals).
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || cn_digit(c).is_some() || cn_small_unit(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::EntityType;

    fn org() -> Label {
        Label::Entity {
            entity_type: EntityType::Org,
        }
    }

    fn spans(m: &TermMatcher, text: &str, kind: Kind) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        m.suggest(text, kind, &mut out);
        out.iter().map(|s| (s.start, s.end)).collect()
    }

    #[test]
    fn leftmost_longest_and_aliases() {
        let mut g = Glossary::default();
        g.add("市商务局".into(), org());
        g.add("商务局".into(), org());
        g.entries[0].aliases.push("市商務局".into());
        let m = TermMatcher::new(&g);
        // "市商务局" wins over the shorter "商务局" inside it.
        assert_eq!(
            spans(&m, "由市商务局牵头，商务局配合", Kind::Entity),
            vec![(1, 5), (8, 11)]
        );
    }

    #[test]
    fn matches_traditional_spelling_of_simplified_term() {
        let mut g = Glossary::default();
        g.add("发展改革委".into(), org());
        let m = TermMatcher::new(&g);
        assert_eq!(spans(&m, "市發展改革委負責", Kind::Entity), vec![(1, 6)]);
    }

    #[test]
    fn latin_terms_need_word_boundaries() {
        let mut g = Glossary::default();
        g.add("AI".into(), org());
        let m = TermMatcher::new(&g);
        assert_eq!(
            spans(&m, "MAIN AI 中AI", Kind::Entity),
            vec![(5, 7), (9, 11)]
        );
    }

    #[test]
    fn taught_figures_are_never_cut_out_of_a_longer_number() {
        let mut g = Glossary::default();
        g.add(
            "8亿元".into(),
            Label::Figure {
                value: Some(8e8),
                unit: "元".into(),
            },
        );
        let m = TermMatcher::new(&g);
        assert_eq!(
            spans(
                &m,
                "投资102.8亿元，另有28亿元和十八亿元，新增8亿元。",
                Kind::Figure
            ),
            vec![(24, 27)]
        );
    }

    #[test]
    fn keeps_the_taught_attributes_and_kind() {
        let mut g = Glossary::default();
        g.add(
            "十亿".into(),
            Label::Figure {
                value: Some(1e9),
                unit: "元".into(),
            },
        );
        let m = TermMatcher::new(&g);
        assert!(spans(&m, "十亿", Kind::Entity).is_empty());
        let mut out = Vec::new();
        m.suggest("约十亿", Kind::Figure, &mut out);
        assert_eq!(out[0].label, g.entries[0].label);
    }
}
