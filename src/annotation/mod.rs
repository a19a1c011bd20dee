//! Annotations: what one is (identity, position in code points with its quote and context,
//! label, note, times), the vocabulary of kinds and attributes ([`Label`]), typed links between
//! annotations ([`Relation`]), the ordered set of a document's annotations, and [`anchor`]ing
//! them to a text that may have changed.

pub mod anchor;
mod label;
mod relation;
mod set;

pub use anchor::AnchorState;
pub use label::{EntityType, Kind, Label};
pub use relation::{Relation, RelationKind, with_linked_attribute};
pub use set::AnnotationSet;

use crate::document::Document;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How many code points of context are kept on each side of the quote.
pub const CONTEXT_CHARS: usize = 32;

/// A stable, unique annotation identifier (16 hex digits for annotations made in Gloss;
/// imported annotations keep the ids they came with).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub String);

impl AnnotationId {
    /// A fresh random identifier.
    pub fn generate() -> AnnotationId {
        AnnotationId(format!("{:016x}", fastrand::u64(..)))
    }
}

impl fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point in time, stored as an RFC 3339 UTC string with second precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(SystemTime);

impl Timestamp {
    /// The current time, truncated to seconds (what the sidecar can hold).
    pub fn now() -> Timestamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Timestamp(UNIX_EPOCH + Duration::from_secs(secs))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", humantime::format_rfc3339_seconds(self.0))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = humantime::TimestampError;

    /// Parses an RFC 3339 time (`2026-11-21T09:50:04Z`).
    fn from_str(s: &str) -> Result<Timestamp, Self::Err> {
        humantime::parse_rfc3339(s).map(Timestamp)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable identifier.
    pub id: AnnotationId,
    /// Kind and attributes.
    pub label: Label,
    /// Start, in code points into the document text.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The exact annotated text, `text[start..end]` when the annotation was made.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after the quote.
    pub suffix: String,
    /// How well the position was confirmed the last time the document was opened.
    #[serde(default)]
    pub anchor: AnchorState,
    /// The user's free-text note.
    #[serde(default)]
    pub note: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it was last changed.
    pub modified: Timestamp,
}

impl Annotation {
    /// A new annotation over `start..end` of `doc`, with quote and context taken from the text.
    pub fn new(doc: &Document, start: usize, end: usize, label: Label) -> Annotation {
        let (start, end) = (start.min(end), start.max(end).min(doc.char_len()));
        let start = start.min(end);
        let now = Timestamp::now();
        Annotation {
            id: AnnotationId::generate(),
            label,
            start,
            end,
            quote: doc.slice(start, end).to_owned(),
            prefix: doc
                .slice(start.saturating_sub(CONTEXT_CHARS), start)
                .to_owned(),
            suffix: doc.slice(end, end + CONTEXT_CHARS).to_owned(),
            anchor: AnchorState::Exact,
            note: String::new(),
            created: now,
            modified: now,
        }
    }

    /// This annotation moved onto `start..end` of `doc` (re-attaching an orphan by hand): same
    /// id, label, note and creation time; new quote and context; anchored exactly.
    pub fn reattached(&self, doc: &Document, start: usize, end: usize) -> Annotation {
        let placed = Annotation::new(doc, start, end, self.label.clone());
        Annotation {
            id: self.id.clone(),
            note: self.note.clone(),
            created: self.created,
            ..placed
        }
    }

    /// This annotation, marked "check" after re-anchoring, confirmed by the user where it now
    /// sits: the text there becomes its quote and context. `None` unless it is marked "check".
    pub fn confirmed(&self, doc: &Document) -> Option<Annotation> {
        (self.anchor == AnchorState::Check).then(|| self.reattached(doc, self.start, self.end))
    }

    /// The annotation's kind.
    pub fn kind(&self) -> Kind {
        self.label.kind()
    }

    /// Whether the annotation has a place in the current text (it is not orphaned).
    pub fn is_placed(&self) -> bool {
        self.anchor != AnchorState::Orphaned
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Kind;

    #[test]
    fn new_annotation_quotes_text_and_context_in_code_points() {
        let doc = Document::from_text("t.txt", "😀𠀾总投资296.9亿元，同比增长19.7%。");
        let a = Annotation::new(&doc, 5, 12, Label::empty(Kind::Figure));
        assert_eq!(a.quote, "296.9亿元");
        assert_eq!(a.prefix, "😀𠀾总投资");
        assert_eq!(a.suffix, "，同比增长19.7%。");
        let reversed = Annotation::new(&doc, 12, 5, Label::empty(Kind::Figure));
        assert_eq!((reversed.start, reversed.end), (5, 12));
    }

    #[test]
    fn reattaching_keeps_identity_and_takes_the_new_text() {
        let doc = Document::from_text("t.txt", "新认定企业46家，其中青岚区19家。");
        let mut orphan = Annotation::new(&doc, 0, 2, Label::empty(Kind::Figure));
        orphan.anchor = AnchorState::Orphaned;
        orphan.note = "check the count".into();
        let (s, e) = (5, 8);
        let moved = orphan.reattached(&doc, s, e);
        assert_eq!(moved.id, orphan.id);
        assert_eq!(moved.note, orphan.note);
        assert_eq!(moved.created, orphan.created);
        assert_eq!(
            (moved.start, moved.end, moved.quote.as_str()),
            (s, e, "46家")
        );
        assert_eq!(moved.prefix, "新认定企业");
        assert_eq!(moved.anchor, AnchorState::Exact);
    }

    #[test]
    fn timestamps_round_trip_as_rfc3339() {
        let t = Timestamp::now();
        let s = ron::to_string(&t).unwrap();
        assert!(s.contains('T') && s.ends_with("Z\""), "{s}");
        let back: Timestamp = ron::from_str(&s).unwrap();
        assert_eq!(back, t);
    }
}
