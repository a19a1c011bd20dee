//! The pretrained base model: Baidu's LAC (see the `gloss-lac` crate and `assets/lac/NOTICE`),
//! compiled into the binary. For a document it gives the names it reads (person, place,
//! organisation, titles of works) with the CRF's confidence, and the word boundaries the
//! gazetteer and the learned terms must respect.

use crate::annotation::EntityType;
use gloss_lac::{Lac, Tagged};
use std::sync::LazyLock;

static LAC: LazyLock<Lac> = LazyLock::new(|| {
    Lac::from_bytes(include_bytes!("../../assets/lac/lac.bin"))
        .unwrap_or_else(|e| panic!("the bundled model: {e}"))
});

/// A name the model reads.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ModelName {
    pub start: usize,
    pub end: usize,
    pub entity_type: EntityType,
    /// The lowest CRF marginal over the name's characters.
    pub confidence: f32,
}

/// What the model read in one text: its names, its words and their boundaries.
pub(crate) struct Reading {
    pub names: Vec<ModelName>,
    /// `boundary[i]`: a word starts or ends at char `i` (`len + 1` entries).
    boundary: Vec<bool>,
    /// Every word: start, end, its class (`n`, `v`, `p`, `PER`…) and the model's confidence.
    words: Vec<(usize, usize, &'static str, f32)>,
}

/// How sure the model must be of a function word to cut it off a name (it reads 新密 of 新密移动
/// as an adverb at 0.42).
const SURE_OF_A_WORD: f32 = 0.8;

/// Word classes of the model that never begin a name: prepositions, conjunctions, adverbs,
/// particles, pronouns, numerals and measure words, verbs, time words and directions.
const NOT_IN_A_NAME: &[&str] = &[
    "p", "c", "d", "u", "r", "m", "q", "v", "vd", "ad", "t", "TIME", "f", "xc", "w",
];

impl Reading {
    /// Reads `chars` (tagging sentences on every core).
    pub(crate) fn of(chars: &[char]) -> Reading {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let tags: Vec<Tagged> = LAC.tag_text(chars, threads);
        let mut boundary = vec![false; chars.len() + 1];
        boundary[0] = true;
        boundary[chars.len()] = true;
        let mut names = Vec::new();
        let mut words = Vec::new();
        for span in gloss_lac::spans(&tags) {
            boundary[span.start] = true;
            boundary[span.end] = true;
            let class = LAC.class_name(span.class);
            words.push((span.start, span.end, class, span.confidence));
            let entity_type = match class {
                "PER" => EntityType::Person,
                "LOC" => EntityType::Place,
                "ORG" => EntityType::Org,
                "nw" => EntityType::Work,
                _ => continue,
            };
            names.push(ModelName {
                start: span.start,
                end: span.end,
                entity_type,
                confidence: span.confidence,
            });
        }
        Reading {
            names,
            boundary,
            words,
        }
    }

    /// No reading, for text the model cannot read (English): no names, no words, and a word
    /// boundary between any two characters.
    pub(crate) fn none(len: usize) -> Reading {
        Reading {
            names: Vec::new(),
            boundary: vec![true; len + 1],
            words: Vec::new(),
        }
    }

    /// The word the model reads starting at `start`, if one does: its end and class.
    pub(crate) fn word_from(&self, start: usize) -> Option<(usize, &'static str)> {
        let i = self.words.partition_point(|w| w.0 < start);
        self.words
            .get(i)
            .filter(|w| w.0 == start)
            .map(|w| (w.1, w.2))
    }

    /// The word the model reads over char `i`: its start, end and class.
    pub(crate) fn word_over(&self, i: usize) -> Option<(usize, usize, &'static str)> {
        let k = self.words.partition_point(|w| w.1 <= i);
        self.words
            .get(k)
            .filter(|w| w.0 <= i)
            .map(|w| (w.0, w.1, w.2))
    }

    /// Where a name over `start..end` really begins: after the words at its start that the model
    /// is sure never begin a name (都在人民日报 → 人民日报, 次由美国中文电视台 → 美国中文电视台),
    /// when a name of at least two characters is left.
    pub(crate) fn name_start(&self, start: usize, end: usize) -> usize {
        let mut i = self.words.partition_point(|w| w.1 <= start);
        let mut s = start;
        while let Some(&(ws, we, class, confidence)) = self.words.get(i) {
            // A word may begin before the name (这次 of 次由…): its end is what counts.
            let function_word = NOT_IN_A_NAME.contains(&class) && confidence >= SURE_OF_A_WORD;
            if ws > s || we + 2 > end || !function_word {
                break;
            }
            s = we;
            i += 1;
        }
        s
    }

    /// Whether `start..end` begins and ends on word boundaries (every name the model reads does).
    pub(crate) fn is_word_aligned(&self, start: usize, end: usize) -> bool {
        self.boundary.get(start).copied().unwrap_or(false)
            && self.boundary.get(end).copied().unwrap_or(false)
    }

    /// The model's name exactly at `start..end`, if it reads one there.
    pub(crate) fn name_at(&self, start: usize, end: usize) -> Option<&ModelName> {
        let i = self.names.partition_point(|n| n.start < start);
        self.names[i..]
            .iter()
            .take_while(|n| n.start == start)
            .find(|n| n.end == end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, EntityType)> {
        let chars: Vec<char> = text.chars().collect();
        Reading::of(&chars)
            .names
            .iter()
            .map(|n| (chars[n.start..n.end].iter().collect(), n.entity_type))
            .collect()
    }

    #[test]
    fn people_places_and_bodies_from_the_model() {
        let found = names("河南省副省长王建国在郑州会见了国家发展改革委代表团。");
        assert!(
            found.contains(&("王建国".into(), EntityType::Person)),
            "{found:?}"
        );
        assert!(
            found.contains(&("郑州".into(), EntityType::Place)),
            "{found:?}"
        );
    }

    #[test]
    fn names_begin_after_the_function_words_before_them() {
        let text = "几位同学都在人民日报当记者。这次由美国中文电视台主办。";
        let chars: Vec<char> = text.chars().collect();
        let reading = Reading::of(&chars);
        // 都在人民日报 (4..10) begins at 人民日报; 次由美国中文电视台 (15..24) at 美国.
        assert_eq!(reading.name_start(4, 10), 6);
        assert_eq!(reading.name_start(15, 24), 17);
        // A name is never trimmed to less than two characters, nor where it begins a word.
        assert_eq!(reading.name_start(5, 7), 5);
        assert_eq!(reading.name_start(6, 10), 6);
    }

    #[test]
    fn boundaries_follow_the_words() {
        let chars: Vec<char> = "郑州高新区管委会".chars().collect();
        let reading = Reading::of(&chars);
        assert!(!reading.is_word_aligned(1, 3), "no boundary inside 郑州");
        // The gazetteer and consistency checks rely on this: a name is always word-aligned.
        let chars: Vec<char> = "河南省副省长王建国在郑州会见了国家发展改革委代表团。"
            .chars()
            .collect();
        let reading = Reading::of(&chars);
        assert!(!reading.names.is_empty());
        assert!(
            reading
                .names
                .iter()
                .all(|n| reading.is_word_aligned(n.start, n.end))
        );
    }
}
