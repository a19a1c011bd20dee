//! Typed links between two annotations of a document: a commitment's `actor` (an entity) and
//! `target` (a figure), `same-as` between two mentions, or a name the user gives.
//!
//! A relation is identified by what it says — its kind, its source and its target annotation —
//! so the same link is never stored twice, and two annotators who made the same link agree.

use crate::annotation::{Annotation, AnnotationId, Kind, Label};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a relation says about its source and target.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RelationKind {
    /// The target (an entity) is who makes the source (a commitment).
    Actor,
    /// The target (a figure) is what the source (a commitment) aims at.
    Target,
    /// Source and target name the same thing.
    SameAs,
    /// A name the user gave (lower case, no spaces).
    Named(String),
}

impl RelationKind {
    /// The kinds Gloss knows, in menu order.
    pub const BUILT_IN: [RelationKind; 3] = [
        RelationKind::Actor,
        RelationKind::Target,
        RelationKind::SameAs,
    ];

    /// `actor`, `target`, `same-as`, or the user's name.
    pub fn as_str(&self) -> &str {
        match self {
            RelationKind::Actor => "actor",
            RelationKind::Target => "target",
            RelationKind::SameAs => "same-as",
            RelationKind::Named(name) => name,
        }
    }

    /// Reads a relation name: the built-in ones in any case (`Actor`, `same_as`, `SameAs`),
    /// anything else as a user-defined name, lower-cased. Names must be one token of letters,
    /// digits, `-` or `_` (what every format with relations can hold).
    pub fn parse(name: &str) -> Result<RelationKind, String> {
        let name = name.trim();
        let folded: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        match folded.as_str() {
            "actor" => return Ok(RelationKind::Actor),
            "target" => return Ok(RelationKind::Target),
            "sameas" | "equiv" => return Ok(RelationKind::SameAs),
            _ => {}
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        {
            return Err(format!(
                "{name:?} is not a relation name: use letters, digits, - or _ (no spaces)"
            ));
        }
        Ok(RelationKind::Named(name.to_lowercase()))
    }

    /// The kind Gloss proposes for a link from an annotation of kind `from` to one of kind `to`:
    /// a commitment's actor is an entity, its target a figure; otherwise the two are the same.
    pub fn proposed(from: Kind, to: Kind) -> RelationKind {
        match (from, to) {
            (Kind::Commitment, Kind::Entity) => RelationKind::Actor,
            (Kind::Commitment, Kind::Figure) => RelationKind::Target,
            _ => RelationKind::SameAs,
        }
    }

    /// Whether the relation reads the same both ways (`same-as`).
    pub fn is_symmetric(&self) -> bool {
        *self == RelationKind::SameAs
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RelationKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RelationKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RelationKind::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A link from one annotation to another.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Relation {
    /// What the link says.
    pub kind: RelationKind,
    /// The annotation it starts from (a commitment, for `actor` and `target`).
    pub from: AnnotationId,
    /// The annotation it points to.
    pub to: AnnotationId,
}

impl Relation {
    /// A relation of `kind` from `from` to `to`. `same-as` is stored with the smaller id first,
    /// so that linking A to B and B to A is one relation.
    pub fn new(kind: RelationKind, from: AnnotationId, to: AnnotationId) -> Relation {
        let (from, to) = if kind.is_symmetric() && to < from {
            (to, from)
        } else {
            (from, to)
        };
        Relation { kind, from, to }
    }

    /// Whether the relation touches the annotation `id`.
    pub fn involves(&self, id: &AnnotationId) -> bool {
        self.from == *id || self.to == *id
    }

    /// The other end, seen from `id` (`None` when `id` is not an end).
    pub fn other_end(&self, id: &AnnotationId) -> Option<&AnnotationId> {
        if self.from == *id {
            Some(&self.to)
        } else if self.to == *id {
            Some(&self.from)
        } else {
            None
        }
    }
}

/// The commitment `from` with the attribute a new `kind` link to `to` names filled in — its
/// actor or target, when empty — so the attribute says what the link says; `None` when there is
/// nothing to fill.
pub fn with_linked_attribute(
    from: &Annotation,
    kind: &RelationKind,
    to: &Annotation,
) -> Option<Annotation> {
    let Label::Commitment { actor, target, .. } = &from.label else {
        return None;
    };
    let mut filled = from.clone();
    let Label::Commitment {
        actor: new_actor,
        target: new_target,
        ..
    } = &mut filled.label
    else {
        return None;
    };
    match kind {
        RelationKind::Actor if actor.trim().is_empty() => *new_actor = to.quote.clone(),
        RelationKind::Target if target.trim().is_empty() => *new_target = to.quote.clone(),
        _ => return None,
    }
    Some(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_names_are_recognised_in_any_spelling_and_others_kept_lower_case() {
        for name in ["actor", "Actor", "ACTOR"] {
            assert_eq!(RelationKind::parse(name), Ok(RelationKind::Actor));
        }
        for name in ["same-as", "SameAs", "same_as", "Equiv"] {
            assert_eq!(RelationKind::parse(name), Ok(RelationKind::SameAs));
        }
        assert_eq!(
            RelationKind::parse("Funds"),
            Ok(RelationKind::Named("funds".into()))
        );
        assert_eq!(
            RelationKind::parse("负责"),
            Ok(RelationKind::Named("负责".into()))
        );
        assert!(RelationKind::parse("part of").is_err());
        assert!(RelationKind::parse("").is_err());
        assert!(RelationKind::parse("a:b").is_err());
    }

    #[test]
    fn same_as_is_one_relation_whichever_way_it_was_made() {
        let (a, b) = (AnnotationId("a".into()), AnnotationId("b".into()));
        assert_eq!(
            Relation::new(RelationKind::SameAs, b.clone(), a.clone()),
            Relation::new(RelationKind::SameAs, a.clone(), b.clone())
        );
        let actor = Relation::new(RelationKind::Actor, b.clone(), a.clone());
        assert_eq!((actor.from.0.as_str(), actor.to.0.as_str()), ("b", "a"));
        assert_eq!(actor.other_end(&a), Some(&b));
        assert_eq!(actor.other_end(&AnnotationId("c".into())), None);
    }

    #[test]
    fn linking_fills_an_empty_actor_or_target_and_never_overwrites_one() {
        let doc = crate::document::Document::from_text("t.txt", "市工信局要新增280家。");
        let pledge = Annotation::new(&doc, 0, 12, Label::empty(Kind::Commitment));
        let org = Annotation::new(&doc, 0, 4, Label::empty(Kind::Entity));
        let figure = Annotation::new(&doc, 7, 11, Label::empty(Kind::Figure));
        let with_actor = with_linked_attribute(&pledge, &RelationKind::Actor, &org).unwrap();
        assert!(
            matches!(&with_actor.label, Label::Commitment { actor, .. } if actor == "市工信局")
        );
        assert_eq!(with_actor.id, pledge.id);
        let both = with_linked_attribute(&with_actor, &RelationKind::Target, &figure).unwrap();
        assert!(matches!(&both.label, Label::Commitment { target, .. } if target == "280家"));
        assert_eq!(
            with_linked_attribute(&both, &RelationKind::Actor, &figure),
            None
        );
        assert_eq!(
            with_linked_attribute(&org, &RelationKind::Actor, &pledge),
            None
        );
        assert_eq!(
            with_linked_attribute(&pledge, &RelationKind::SameAs, &org),
            None
        );
    }

    #[test]
    fn kinds_are_stored_as_their_names() {
        let r = Relation::new(
            RelationKind::Target,
            AnnotationId("c1".into()),
            AnnotationId("f1".into()),
        );
        let text = ron::to_string(&r).unwrap();
        assert_eq!(text, r#"(kind:"target",from:"c1",to:"f1")"#);
        assert_eq!(ron::from_str::<Relation>(&text).unwrap(), r);
        assert!(ron::from_str::<Relation>(r#"(kind:"two words",from:"a",to:"b")"#).is_err());
    }
}
