//! The annotation vocabulary: what kinds of annotation exist and which attributes each carries.
//!
//! These types are shared by the sidecar, the suggestion engine, the exporters and the UI. They
//! hold no offsets: where an annotation sits in the document is the business of
//! [`crate::annotation::anchor`].

use serde::{Deserialize, Serialize};
use std::fmt;

/// The three things an analyst pulls out of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// A cardinal quantity with its unit: 296.9亿元, 19.7%, 280家.
    Figure,
    /// A named referent: an organisation, place, person or work.
    Entity,
    /// A forward-looking pledge, target or directive, one sentence long.
    Commitment,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 3] = [Kind::Figure, Kind::Entity, Kind::Commitment];

    /// The kind's position in [`Kind::ALL`] (for per-kind arrays).
    pub fn index(self) -> usize {
        match self {
            Kind::Figure => 0,
            Kind::Entity => 1,
            Kind::Commitment => 2,
        }
    }

    /// The lower-case name used in JSONL, CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Figure => "figure",
            Kind::Entity => "entity",
            Kind::Commitment => "commitment",
        }
    }

    /// Parses the lower-case name (`figure`, `entity`, `commitment`).
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name.trim())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What sort of named referent an entity is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub enum EntityType {
    /// Government bodies, companies, institutes, labs, universities, media.
    #[default]
    Org,
    /// Countries, provinces, cities, districts, zones and parks used as locations.
    Place,
    /// Named people.
    Person,
    /// Named plans, policies, programmes, campaigns, events and projects.
    Work,
}

impl EntityType {
    /// Every entity type, in display order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Org,
        EntityType::Place,
        EntityType::Person,
        EntityType::Work,
    ];

    /// The lower-case name used in JSONL and CSV (`org`, `place`, `person`, `work`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Org => "org",
            EntityType::Place => "place",
            EntityType::Person => "person",
            EntityType::Work => "work",
        }
    }

    /// Parses the lower-case name.
    pub fn parse(name: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str() == name.trim())
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An annotation's kind together with the attributes that kind carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Label {
    /// A figure with its value in base units (296.9亿元 → 29 690 000 000) and the unit with the
    /// magnitude removed (元). `value` is `None` when the number could not be read.
    Figure {
        /// The quantity in base units; the lower bound for a range.
        value: Option<f64>,
        /// The unit or measure word without magnitude: 元, %, 个百分点, 家.
        unit: String,
    },
    /// A named entity and its type.
    Entity {
        /// Organisation, place, person or work.
        entity_type: EntityType,
    },
    /// A commitment with who pledged it, by when, and its key figure. Empty when unknown.
    Commitment {
        /// Who commits, as written (a plan item's 责任单位 list included).
        actor: String,
        /// By when, as written: 2020年, 年底前, 全年.
        deadline: String,
        /// The key figure text, if any.
        target: String,
    },
}

impl Label {
    /// The kind this label belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Label::Figure { .. } => Kind::Figure,
            Label::Entity { .. } => Kind::Entity,
            Label::Commitment { .. } => Kind::Commitment,
        }
    }

    /// A label of `kind` with empty attributes (entities default to `org`).
    pub fn empty(kind: Kind) -> Label {
        match kind {
            Kind::Figure => Label::Figure {
                value: None,
                unit: String::new(),
            },
            Kind::Entity => Label::Entity {
                entity_type: EntityType::default(),
            },
            Kind::Commitment => Label::Commitment {
                actor: String::new(),
                deadline: String::new(),
                target: String::new(),
            },
        }
    }
}
