//! The suggestion engine: proposes figures, entities and commitments for a document.
//!
//! This module owns the [`Suggestion`] type, the [`Suggester`] trait and the [`Engine`] that
//! runs the rule-based suggesters and the user's [`Glossary`] over a text. Each rule family
//! lives in its own file:
//!
//! - [`figure`]: cardinal quantities with units ([`crate::text::quantity`] reads their values);
//! - [`entity`]: organisations, places, people and works;
//! - [`commitment`]: forward-looking sentences with actor, deadline and target;
//! - [`glossary`]: the RON glossary of names the user taught Gloss;
//! - [`learned`]: matching glossary terms (and accepted annotations) everywhere in a text;
//! - [`script`]: the length-preserving traditional→simplified / full-width→ASCII view that
//!   every rule runs on, so traditional Chinese and noisy text work like clean simplified text.
//!
//! All offsets are char (Unicode code point) indices into the original text, `end` exclusive.
//! The engine is deterministic: the same text and kinds always give the same suggestions in the
//! same order, sorted by `(start, end, kind)`.

mod commitment;
mod entity;
mod figure;
pub(crate) mod gazetteer;
mod glossary;
mod learned;
pub mod links;
mod model;
pub mod review;
mod text;

use crate::annotation::{Kind, Label};
use crate::text::fold::fold;
pub use commitment::CommitmentSuggester;
pub use entity::EntitySuggester;
pub use figure::FigureSuggester;
pub use glossary::{Glossary, GlossaryEntry, GlossaryError};
pub use learned::TermMatcher;
use std::collections::HashSet;
pub(crate) use text::Doc;

/// One proposed annotation. Offsets are Unicode code points (char indices) into the text, end
/// exclusive.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// First char of the span.
    pub start: usize,
    /// One past the last char of the span.
    pub end: usize,
    /// The kind and attributes proposed for the span.
    pub label: Label,
    /// How sure the source is, from 0 to 1 (`score` in `gloss suggest`'s output).
    pub confidence: f32,
    /// What proposed it.
    pub source: Source,
}

/// What proposed a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The pretrained base model (LAC): its confidence is the CRF's marginal probability.
    Model,
    /// A name from the bundled gazetteer (divisions, countries, national bodies).
    Gazetteer,
    /// A rule of the genre (figures, commitments, government bodies, titles…).
    Rule,
    /// What the user taught: the glossary, annotations in this or sibling reports.
    Learned,
    /// Another mention of a name recognised with confidence elsewhere in the document.
    Consistency,
}

impl Source {
    /// The lower-case name used in JSONL and the panel.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Model => "model",
            Source::Gazetteer => "gazetteer",
            Source::Rule => "rule",
            Source::Learned => "learned",
            Source::Consistency => "consistency",
        }
    }
}

impl Suggestion {
    /// The kind of the proposed label.
    pub fn kind(&self) -> Kind {
        self.label.kind()
    }
}

/// A rule family that proposes annotations of one kind.
pub trait Suggester: Send + Sync {
    /// The kind of annotation this suggester proposes.
    fn kind(&self) -> Kind;
    /// Appends suggestions for `text` to `out` (unsorted).
    fn suggest(&self, text: &str, out: &mut Vec<Suggestion>);
}

/// Texts larger than this are processed in blocks (split at line breaks) for progress reports.
const BLOCK_CHARS: usize = 200_000;

/// Holds the suggesters and the user's glossary; build once and reuse for every document.
pub struct Engine {
    figure: FigureSuggester,
    entity: EntitySuggester,
    commitment: CommitmentSuggester,
    glossary: Glossary,
    terms: TermMatcher,
    /// Texts (folded) the user rejected as suggestions of a kind: never proposed again.
    suppressed: HashSet<(Kind, String)>,
}

impl Engine {
    /// Builds an engine that also suggests every occurrence of the glossary's names.
    pub fn new(glossary: Glossary) -> Engine {
        let terms = TermMatcher::new(&glossary);
        Engine {
            figure: FigureSuggester,
            entity: EntitySuggester::new(),
            commitment: CommitmentSuggester::new(),
            glossary,
            terms,
            suppressed: HashSet::new(),
        }
    }

    /// Never proposes `text` (in any script or width) as a `kind` again: the user rejected it.
    pub fn suppress(&mut self, kind: Kind, text: &str) {
        let text = fold(text.trim());
        if !text.is_empty() {
            self.suppressed.insert((kind, text));
        }
    }

    /// The glossary the engine matches (including learned terms).
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// Learns from an annotation the user made or accepted: from now on every other
    /// occurrence of `text` is suggested with the same label.
    pub fn learn(&mut self, text: String, label: Label) {
        self.glossary.add(text, label);
        self.terms = TermMatcher::new(&self.glossary);
    }

    /// Suggestions of the given kinds for `text`, sorted by `(start, end, kind)`.
    pub fn suggest(&self, text: &str, kinds: &[Kind]) -> Vec<Suggestion> {
        self.suggest_with_progress(text, kinds, &mut |_| {})
    }

    /// Like [`Engine::suggest`], calling `progress` with the share done (0..=1) as it goes.
    pub fn suggest_with_progress(
        &self,
        text: &str,
        kinds: &[Kind],
        progress: &mut dyn FnMut(f32),
    ) -> Vec<Suggestion> {
        self.suggest_from(text, kinds, 0, progress, &mut |_| {})
    }

    /// Like [`Engine::suggest_with_progress`], but starting with the stretch of text (a block of
    /// about [`BLOCK_CHARS`] characters) that holds code point `first` — the part on screen — and
    /// handing each stretch's suggestions to `found` as soon as it is done, so that a long
    /// report's visible part has its suggestions first. Returns them all, sorted.
    pub fn suggest_from(
        &self,
        text: &str,
        kinds: &[Kind],
        first: usize,
        progress: &mut dyn FnMut(f32),
        found: &mut dyn FnMut(&[Suggestion]),
    ) -> Vec<Suggestion> {
        self.suggest_blocks(text, kinds, first, BLOCK_CHARS, progress, found)
    }

    /// [`Engine::suggest_from`] over blocks of about `block_chars` characters.
    fn suggest_blocks(
        &self,
        text: &str,
        kinds: &[Kind],
        first: usize,
        block_chars: usize,
        progress: &mut dyn FnMut(f32),
        found: &mut dyn FnMut(&[Suggestion]),
    ) -> Vec<Suggestion> {
        let mut out = Vec::new();
        let total = text.chars().count().max(1);
        let mut done = 0usize;
        progress(0.0);
        let mut blocks = blocks(text, block_chars);
        if let Some(i) = blocks
            .iter()
            .position(|b| (b.offset..b.offset + b.chars).contains(&first))
        {
            let visible = blocks.remove(i);
            blocks.insert(0, visible);
        }
        for block in blocks {
            let doc = Doc::new(block.text);
            let mut found_here = Vec::new();
            let steps = kinds.len().max(1);
            // Figures feed commitment targets, so they are found once for both.
            let mut figures = Vec::new();
            if kinds.contains(&Kind::Figure) || kinds.contains(&Kind::Commitment) {
                self.figure.suggest_doc(&doc, &mut figures);
                figures.sort_by_key(|f| (f.start, f.end));
            }
            for (i, kind) in kinds.iter().enumerate() {
                let mut rules = Vec::new();
                match kind {
                    Kind::Figure => rules.extend(figures.iter().cloned()),
                    Kind::Entity => self.entity.suggest_doc(&doc, &mut rules),
                    Kind::Commitment => {
                        self.commitment.suggest_doc_with(&doc, &figures, &mut rules)
                    }
                }
                let mut taught = Vec::new();
                self.terms.suggest_doc(&doc, *kind, &mut taught);
                merge_taught(&mut rules, taught);
                // What the user rejected elsewhere is not proposed again, whoever finds it.
                if !self.suppressed.is_empty() {
                    rules.retain(|s| {
                        !self
                            .suppressed
                            .contains(&(s.kind(), doc.slice(s.start, s.end).to_owned()))
                    });
                }
                found_here.extend(rules);
                let share = (block.chars as f32 * (i + 1) as f32 / steps as f32) / total as f32;
                progress(((done as f32 / total as f32) + share).min(1.0));
            }
            let before = out.len();
            for mut s in found_here {
                s.start += block.offset;
                s.end += block.offset;
                out.push(s);
            }
            found(&out[before..]);
            done += block.chars;
        }
        sort_dedup(&mut out);
        progress(1.0);
        out
    }
}

/// Adds what the user taught to what the rules found. A taught term inside a longer name the
/// rules found yields to it (郑州 inside 郑州高新区, 倍增工程 inside 研发投入三年倍增工程);
/// otherwise the taught term wins where the two overlap.
fn merge_taught(rules: &mut Vec<Suggestion>, mut taught: Vec<Suggestion>) {
    taught.retain(|t| {
        !rules
            .iter()
            .any(|r| r.start <= t.start && t.end <= r.end && r.end - r.start > t.end - t.start)
    });
    rules.retain(|r| !taught.iter().any(|t| r.start < t.end && t.start < r.end));
    rules.extend(taught);
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(Glossary::default())
    }
}

/// Sorts by `(start, end, kind)` and drops exact duplicates of span and kind.
pub(crate) fn sort_dedup(out: &mut Vec<Suggestion>) {
    out.sort_by(|a, b| {
        (a.start, a.end, a.kind())
            .cmp(&(b.start, b.end, b.kind()))
            .then(b.confidence.total_cmp(&a.confidence))
    });
    out.dedup_by(|b, a| a.start == b.start && a.end == b.end && a.kind() == b.kind());
}

struct Block<'a> {
    text: &'a str,
    offset: usize,
    chars: usize,
}

/// Splits `text` into blocks of roughly `block_chars` chars at line breaks.
fn blocks(text: &str, block_chars: usize) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut start_byte = 0;
    let mut start_char = 0;
    let mut count = 0;
    for (b, c) in text.char_indices() {
        count += 1;
        if c == '\n' && count >= block_chars {
            let end = b + 1;
            out.push(Block {
                text: &text[start_byte..end],
                offset: start_char,
                chars: count,
            });
            start_byte = end;
            start_char += count;
            count = 0;
        }
    }
    if start_byte < text.len() || out.is_empty() {
        out.push(Block {
            text: &text[start_byte..],
            offset: start_char,
            chars: count,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::EntityType;

    fn place() -> Label {
        Label::Entity {
            entity_type: EntityType::Place,
        }
    }

    #[test]
    fn a_taught_name_yields_to_a_longer_name_around_it_and_wins_elsewhere() {
        let mut glossary = Glossary::default();
        glossary.add("郑州".into(), place());
        let engine = Engine::new(glossary);
        let text = "郑州高新区管委会，郑州市区和郑州。";
        let spans: Vec<(usize, usize)> = engine
            .suggest(text, &[Kind::Entity])
            .iter()
            .map(|s| (s.start, s.end))
            .collect();
        assert!(
            spans.contains(&(0, 5)) || spans.contains(&(0, 8)),
            "{spans:?}"
        );
        assert!(
            !spans.contains(&(0, 2)),
            "not cut out of 郑州高新区: {spans:?}"
        );
        assert!(
            spans.contains(&(14, 16)),
            "the bare mention is found: {spans:?}"
        );
    }

    #[test]
    fn suppressed_texts_are_not_proposed_in_any_script() {
        let mut engine = Engine::default();
        let text = "臨江市財政局撥款。";
        assert!(!engine.suggest(text, &[Kind::Entity]).is_empty());
        engine.suppress(Kind::Entity, "临江市财政局");
        let left: Vec<_> = engine
            .suggest(text, &[Kind::Entity])
            .into_iter()
            .filter(|s| (s.start, s.end) == (0, 6))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn weird_inputs_do_not_panic() {
        let engine = Engine::default();
        let huge = "总投资99999999999999999999999亿元。".to_string();
        let long_digits = format!("{}万元", "9".repeat(200));
        let samples = [
            "",
            "\u{301}",
            "\u{301}\u{308}\u{20DD}",
            "𠀾𠀾𠀾",
            "😀🇨🇳👍🏽",
            huge.as_str(),
            long_digits.as_str(),
            "《",
            "》》《《“”“",
            "责任单位：",
            "责任单位：\n",
            "\n\n\n",
            "力争",
            "1.",
            "(一)",
            "百分之",
            "$",
            "5—",
            "\u{0}\u{FFFF}\u{10FFFF}",
            "记者 ",
        ];
        for s in samples {
            let out = engine.suggest(s, &Kind::ALL);
            for sug in &out {
                assert!(sug.start < sug.end && sug.end <= s.chars().count(), "{s:?}");
            }
        }
    }

    #[test]
    fn output_is_sorted_and_deterministic() {
        let engine = Engine::default();
        let text = "市商务局要在年底前新增企业30家，投资5亿元。\n记者 王小明";
        let a = engine.suggest(text, &Kind::ALL);
        let b = engine.suggest(text, &Kind::ALL);
        assert_eq!(a, b);
        assert!(
            a.windows(2)
                .all(|w| (w[0].start, w[0].end, w[0].kind()) <= (w[1].start, w[1].end, w[1].kind()))
        );
        let mut seen = 0.0f32;
        let _ = engine.suggest_with_progress(text, &Kind::ALL, &mut |p| {
            assert!(p >= seen && p <= 1.0);
            seen = p;
        });
        assert_eq!(seen, 1.0);
    }

    #[test]
    fn large_text_in_blocks_keeps_offsets() {
        let engine = Engine::default();
        let line = "去年新增企业30家。\n";
        let text = line.repeat(BLOCK_CHARS / line.chars().count() + 10);
        let out = engine.suggest(&text, &[Kind::Figure]);
        let chars: Vec<char> = text.chars().collect();
        assert!(out.len() > BLOCK_CHARS / 12);
        for s in out {
            let t: String = chars[s.start..s.end].iter().collect();
            assert_eq!(t, "30家");
        }
    }

    #[test]
    fn the_part_on_screen_is_suggested_first_and_the_whole_is_the_same() {
        let line = "全年新增规上企业45家，完成投资128.6亿元。\n";
        let text = line.repeat(6);
        let per_line = line.chars().count();
        let engine = Engine::default();
        let whole = engine.suggest(&text, &[Kind::Figure]);
        // Blocks of one line; the screen shows the fifth.
        let mut parts: Vec<Vec<Suggestion>> = Vec::new();
        let first = 4 * per_line + 3;
        let from_screen = engine.suggest_blocks(
            &text,
            &[Kind::Figure],
            first,
            per_line,
            &mut |_| {},
            &mut |part| parts.push(part.to_vec()),
        );
        assert_eq!(from_screen, whole);
        assert_eq!(parts.len(), 6);
        assert!(!parts[0].is_empty());
        assert!(
            parts[0]
                .iter()
                .all(|s| (4 * per_line..5 * per_line).contains(&s.start)),
            "{:?}",
            parts[0]
        );
        // Then the rest in document order.
        assert!(parts[1].iter().all(|s| s.start < per_line));
    }

    #[test]
    fn learned_terms_are_suggested_everywhere() {
        let mut engine = Engine::default();
        let text = "蓝鲸计划启动。各部门落实蓝鲸计划。";
        engine.learn(
            "蓝鲸计划".into(),
            Label::Entity {
                entity_type: crate::annotation::EntityType::Work,
            },
        );
        let ents: Vec<_> = engine
            .suggest(text, &[Kind::Entity])
            .into_iter()
            .filter(|s| s.end - s.start == 4)
            .collect();
        assert_eq!(ents.len(), 2);
        assert_eq!(ents[0].start, 0);
        assert_eq!(ents[1].start, 12);
    }
}
