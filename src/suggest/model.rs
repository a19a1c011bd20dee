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

/// What the model read in one text: its names and its word boundaries.
pub(crate) struct Reading {
    pub names: Vec<ModelName>,
    /// `boundary[i]`: a word starts or ends at char `i` (`len + 1` entries).
    boundary: Vec<bool>,
}

impl Reading {
    /// Reads `chars` (tagging sentences on every core).
    pub(crate) fn of(chars: &[char]) -> Reading {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let tags: Vec<Tagged> = LAC.tag_text(chars, threads);
        let mut boundary = vec![false; chars.len() + 1];
        boundary[0] = true;
        boundary[chars.len()] = true;
        let mut names = Vec::new();
        for span in gloss_lac::spans(&tags) {
            boundary[span.start] = true;
            boundary[span.end] = true;
            let entity_type = match LAC.class_name(span.class) {
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
        Reading { names, boundary }
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
