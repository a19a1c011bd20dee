//! The user's glossary: names Gloss was taught, stored as RON.
//!
//! A glossary extends the entity rules the way a string-matcher recommender or a pattern file
//! does: every entry's text and aliases are suggested wherever they occur, with the entry's
//! label. Annotations the user makes or accepts can be added with [`Glossary::add`], so the
//! engine learns from them (see [`super::learned`]).
//!
//! # Format
//!
//! A `Glossary` holds a list of entries; each entry has the `text` as written, a `label` in the
//! same form as [`crate::annotation::Label`], and optional `aliases` (other spellings, short forms,
//! traditional forms are matched automatically and need not be listed):
//!
//! ```ron
//! Glossary(
//!     entries: [
//!         (text: "市科工信局", label: Entity(entity_type: Org), aliases: ["市科技工业和信息化局"]),
//!         (text: "万人助万企", label: Entity(entity_type: Work)),
//!         (text: "郑州高新区", label: Entity(entity_type: Place), aliases: ["高新区"]),
//!         (text: "两个百亿", label: Figure(value: Some(20000000000.0), unit: "元")),
//!     ],
//! )
//! ```

use crate::annotation::Label;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One taught name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    /// The name as written.
    pub text: String,
    /// The label every occurrence gets.
    pub label: Label,
    /// Other spellings of the same name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names the user said are *not* this one, though they look like a short form of it (kept
    /// so the workspace's entity index stops proposing them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_aliases: Vec<String>,
}

/// Names the user taught Gloss: RON file of entries `{ text, label, aliases }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Glossary {
    /// The entries, in the order they were added.
    #[serde(default)]
    pub entries: Vec<GlossaryEntry>,
}

/// Why a glossary could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    /// The file could not be read.
    #[error("cannot read glossary file: {0}")]
    Io(#[from] std::io::Error),
    /// The text is not a valid RON glossary.
    #[error("invalid glossary: {0}")]
    Parse(#[from] ron::error::SpannedError),
    /// The glossary could not be written as RON.
    #[error("cannot write glossary: {0}")]
    Write(#[from] ron::Error),
}

impl Glossary {
    /// Parses a glossary from RON text (see the module doc for the format).
    pub fn parse_ron(src: &str) -> Result<Glossary, GlossaryError> {
        let mut g: Glossary = ron::from_str(src)?;
        g.entries.retain(|e| !e.text.trim().is_empty());
        Ok(g)
    }

    /// Reads and parses a RON glossary file.
    pub fn load(path: impl AsRef<Path>) -> Result<Glossary, GlossaryError> {
        let src = std::fs::read_to_string(path)?;
        Glossary::parse_ron(&src)
    }

    /// The glossary as pretty RON, for saving.
    pub fn to_ron(&self) -> Result<String, GlossaryError> {
        Ok(ron::ser::to_string_pretty(
            self,
            ron::ser::PrettyConfig::default(),
        )?)
    }

    /// Adds a name with its label; an existing entry with the same text and kind is replaced.
    pub fn add(&mut self, text: String, label: Label) {
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        if let Some(e) = self
            .entries
            .iter_mut()
            .find(|e| e.text == text && e.label.kind() == label.kind())
        {
            e.label = label;
        } else {
            self.entries.push(GlossaryEntry {
                text,
                label,
                aliases: Vec::new(),
                not_aliases: Vec::new(),
            });
        }
    }

    /// Adds every entry of `other`; on a clash of text and kind, `other`'s label wins and the
    /// aliases are united.
    pub fn merge(&mut self, other: Glossary) {
        for entry in other.entries {
            if let Some(e) = self
                .entries
                .iter_mut()
                .find(|e| e.text == entry.text && e.label.kind() == entry.label.kind())
            {
                e.label = entry.label;
                for a in entry.aliases {
                    if !e.aliases.contains(&a) {
                        e.aliases.push(a);
                    }
                }
                for a in entry.not_aliases {
                    if !e.not_aliases.contains(&a) {
                        e.not_aliases.push(a);
                    }
                }
            } else {
                self.entries.push(entry);
            }
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the glossary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::EntityType;

    const SRC: &str = r#"
        // names taught in an earlier session
        Glossary(
            entries: [
                (text: "市科工信局", label: Entity(entity_type: Org), aliases: ["市科技工信局"]),
                (text: "蓝天行动", label: Entity(entity_type: Work)),
                (text: "  ", label: Entity(entity_type: Org)),
            ],
        )
    "#;

    #[test]
    fn parses_entries_aliases_and_defaults() {
        let g = Glossary::parse_ron(SRC).expect("valid glossary");
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries[0].aliases, vec!["市科技工信局".to_string()]);
        assert!(g.entries[1].aliases.is_empty());
        assert_eq!(
            g.entries[1].label,
            Label::Entity {
                entity_type: EntityType::Work
            }
        );
    }

    #[test]
    fn rejects_bad_ron() {
        assert!(matches!(
            Glossary::parse_ron("Glossary(entries: [(text: 1)])"),
            Err(GlossaryError::Parse(_))
        ));
        assert!(Glossary::parse_ron("").is_err());
        assert!(matches!(
            Glossary::load("/nonexistent/gloss.ron"),
            Err(GlossaryError::Io(_))
        ));
    }

    #[test]
    fn round_trips_and_merges() {
        let mut g = Glossary::parse_ron(SRC).expect("valid glossary");
        let again = Glossary::parse_ron(&g.to_ron().expect("serialises")).expect("parses");
        assert_eq!(g, again);
        let mut other = Glossary::default();
        other.add(
            "蓝天行动".into(),
            Label::Entity {
                entity_type: EntityType::Org,
            },
        );
        other.add(
            "河湾镇".into(),
            Label::Entity {
                entity_type: EntityType::Place,
            },
        );
        g.merge(other);
        assert_eq!(g.len(), 3);
        assert_eq!(
            g.entries[1].label,
            Label::Entity {
                entity_type: EntityType::Org
            }
        );
    }
}
