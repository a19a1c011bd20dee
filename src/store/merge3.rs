//! Three-way merge of sidecars by annotation id, for git (`gloss merge-driver`): two branches
//! that changed one report's annotations merge without a text conflict.
//!
//! For every id, with O the common ancestor and A, B the two sides:
//! - added on one side (or on both, identically): kept;
//! - changed on one side only: that side's version; changed on both the same way: kept once;
//! - deleted on one side and unchanged on the other: deleted;
//! - **conflicts** — changed on both sides differently, or deleted on one side and changed on the
//!   other: nothing is dropped. Both versions are kept (B's under a new id), each marked *check*
//!   so the app lists them for review, with a note saying which side it came from.
//!
//! Relations (links by id) merge as a set: a link is kept when both sides have it or one side
//! added it, and removed when one side removed it. A link one side made to an annotation the
//! other side deleted is a conflict too: the annotation comes back (from the ancestor) for review.
//!
//! Rejected suggestions are united. When the two sides were saved against different texts of the
//! report (its fingerprint changed on both branches), their offsets cannot be reconciled here:
//! that is a conflict for the whole file, left to the user.

use super::{Rejection, Sidecar};
use crate::annotation::{AnchorState, Annotation, AnnotationId, AnnotationSet, Relation};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The note prefix of an annotation kept from a conflict.
pub const CONFLICT_NOTE: &str = "merge conflict";

/// What a three-way merge gives.
#[derive(Debug)]
pub struct Merged {
    /// The merged sidecar.
    pub sidecar: Sidecar,
    /// Ids whose versions conflicted (both kept, marked for review).
    pub conflicts: Vec<AnnotationId>,
}

/// Why two sides cannot be merged annotation by annotation.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MergeError {
    /// Both sides were saved against a text of the report the other does not have.
    #[error(
        "both branches changed the report's text ({ours} and {theirs}): merge the report first, \
         then open it in Gloss to re-anchor"
    )]
    SourceDiverged {
        /// Our side's fingerprint.
        ours: String,
        /// Their side's fingerprint.
        theirs: String,
    },
}

/// Merges `ours` and `theirs`, both descended from `base` (see the module documentation).
pub fn merge3(base: &Sidecar, ours: &Sidecar, theirs: &Sidecar) -> Result<Merged, MergeError> {
    let source = if ours.source == theirs.source || theirs.source == base.source {
        ours.source.clone()
    } else if ours.source == base.source {
        theirs.source.clone()
    } else {
        return Err(MergeError::SourceDiverged {
            ours: short(&ours.source.sha256),
            theirs: short(&theirs.source.sha256),
        });
    };
    let by_id = |s: &Sidecar| -> HashMap<AnnotationId, Annotation> {
        s.annotations
            .iter()
            .map(|a| (a.id.clone(), a.clone()))
            .collect()
    };
    let (o, a, b) = (by_id(base), by_id(ours), by_id(theirs));
    let mut ids: Vec<&AnnotationId> = a.keys().chain(b.keys()).chain(o.keys()).collect();
    ids.sort();
    ids.dedup();
    let taken: HashSet<&AnnotationId> = a.keys().chain(b.keys()).chain(o.keys()).collect();
    let mut merged: Vec<Annotation> = Vec::new();
    let mut conflicts = Vec::new();
    for id in ids {
        let (base, ours, theirs) = (o.get(id), a.get(id), b.get(id));
        match (base, ours, theirs) {
            (_, Some(x), Some(y)) if x == y => merged.push(x.clone()),
            (None, Some(x), None) | (None, None, Some(x)) => merged.push(x.clone()),
            (Some(base), Some(x), Some(y)) if x == base => merged.push(y.clone()),
            (Some(base), Some(x), Some(y)) if y == base => merged.push(x.clone()),
            (Some(base), None, Some(y)) | (Some(base), Some(y), None) if y == base => {}
            (_, None, None) => {}
            // Changed differently on both sides, added differently under one id, or deleted on
            // one side and changed on the other: keep what exists, each for review.
            (_, ours, theirs) => {
                conflicts.push(id.clone());
                if let Some(x) = ours {
                    merged.push(for_review(x, "ours", x.id.clone()));
                }
                if let Some(y) = theirs {
                    let id = if ours.is_some() {
                        fresh_id(&y.id, &taken)
                    } else {
                        y.id.clone()
                    };
                    merged.push(for_review(y, "theirs", id));
                }
            }
        }
    }
    let (rel_o, rel_a, rel_b) = (relation_set(base), relation_set(ours), relation_set(theirs));
    let relations: BTreeSet<Relation> = rel_a
        .union(&rel_b)
        .filter(|r| (rel_a.contains(*r) && rel_b.contains(*r)) || !rel_o.contains(*r))
        .map(|r| (*r).clone())
        .collect();
    let mut present: HashSet<AnnotationId> = merged.iter().map(|a| a.id.clone()).collect();
    for r in &relations {
        for end in [&r.from, &r.to] {
            if !present.contains(end)
                && let Some(gone) = o.get(end)
            {
                present.insert(end.clone());
                conflicts.push(end.clone());
                merged.push(for_review(
                    gone,
                    "deleted on one side, linked on the other",
                    end.clone(),
                ));
            }
        }
    }
    let rejected: BTreeSet<Rejection> = ours
        .rejected
        .iter()
        .chain(&theirs.rejected)
        .cloned()
        .collect();
    Ok(Merged {
        sidecar: Sidecar {
            version: ours.version.max(theirs.version),
            source,
            annotations: AnnotationSet::from_vec(merged).to_vec(),
            rejected: rejected.into_iter().collect(),
            relations: relations.into_iter().collect(),
        },
        conflicts,
    })
}

fn relation_set(s: &Sidecar) -> BTreeSet<&Relation> {
    s.relations.iter().collect()
}

fn short(sha: &str) -> String {
    sha.chars().take(12).collect()
}

/// `a` marked for review, noting the side it came from.
fn for_review(a: &Annotation, side: &str, id: AnnotationId) -> Annotation {
    let mut kept = a.clone();
    kept.id = id;
    kept.anchor = AnchorState::Check;
    let mark = format!("[{CONFLICT_NOTE}: {side}]");
    kept.note = if a.note.is_empty() {
        mark
    } else {
        format!("{mark} {}", a.note)
    };
    kept
}

/// An id derived from `id` that no version uses.
fn fresh_id(id: &AnnotationId, taken: &HashSet<&AnnotationId>) -> AnnotationId {
    (1..)
        .map(|n| AnnotationId(format!("{}-b{n}", id.0)))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_else(AnnotationId::generate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{EntityType, Label};
    use crate::document::Document;
    use crate::store::FORMAT_VERSION;

    const TEXT: &str = "市科工信局要确保全年新增企业280家，投资296.9亿元。";

    fn doc() -> Document {
        Document::from_text("plan.txt", TEXT)
    }

    fn ann(id: &str, quote: &str) -> Annotation {
        let d = doc();
        let byte = TEXT.find(quote).unwrap();
        let start = TEXT[..byte].chars().count();
        let mut a = Annotation::new(
            &d,
            start,
            start + quote.chars().count(),
            Label::Entity {
                entity_type: EntityType::Org,
            },
        );
        a.id = AnnotationId(id.into());
        a
    }

    fn sidecar(annotations: Vec<Annotation>) -> Sidecar {
        Sidecar {
            version: FORMAT_VERSION,
            source: doc().source,
            annotations,
            rejected: Vec::new(),
            relations: Vec::new(),
        }
    }

    fn noted(mut a: Annotation, note: &str) -> Annotation {
        a.note = note.into();
        a
    }

    fn ids(s: &Sidecar) -> Vec<(String, String)> {
        s.annotations
            .iter()
            .map(|a| (a.id.0.clone(), a.note.clone()))
            .collect()
    }

    #[test]
    fn additions_edits_and_deletions_of_both_sides_are_all_kept() {
        let (x, y, z) = (
            ann("x", "市科工信局"),
            ann("y", "280家"),
            ann("z", "296.9亿元"),
        );
        let base = sidecar(vec![x.clone(), y.clone(), z.clone()]);
        // Ours: edits x, deletes y, adds n1. Theirs: edits z, adds n2.
        let ours = sidecar(vec![noted(x, "ours"), z.clone(), ann("n1", "全年")]);
        let theirs = sidecar(vec![
            base.annotations[0].clone(),
            y,
            noted(z, "theirs"),
            ann("n2", "企业"),
        ]);
        let m = merge3(&base, &ours, &theirs).unwrap();
        assert!(m.conflicts.is_empty());
        let mut got = ids(&m.sidecar);
        got.sort();
        assert_eq!(
            got,
            [("n1", ""), ("n2", ""), ("x", "ours"), ("z", "theirs")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn conflicting_changes_keep_both_versions_for_review() {
        let x = ann("x", "市科工信局");
        let y = ann("y", "280家");
        let base = sidecar(vec![x.clone(), y.clone()]);
        let ours = sidecar(vec![noted(x.clone(), "A"), noted(y, "changed")]);
        let theirs = sidecar(vec![noted(x, "B")]); // and y deleted while ours changed it
        let m = merge3(&base, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts.len(), 2);
        let mut got = ids(&m.sidecar);
        got.sort();
        assert_eq!(
            got,
            [
                ("x", "[merge conflict: ours] A"),
                ("x-b1", "[merge conflict: theirs] B"),
                ("y", "[merge conflict: ours] changed"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert!(
            m.sidecar
                .annotations
                .iter()
                .all(|a| a.anchor == AnchorState::Check)
        );
    }

    #[test]
    fn links_merge_as_a_set_and_a_link_to_a_deleted_annotation_brings_it_back() {
        use crate::annotation::RelationKind;
        let (x, y, z) = (
            ann("x", "市科工信局"),
            ann("y", "280家"),
            ann("z", "296.9亿元"),
        );
        let link = |kind, from: &str, to: &str| {
            Relation::new(kind, AnnotationId(from.into()), AnnotationId(to.into()))
        };
        let kept = link(RelationKind::Actor, "y", "x");
        let removed = link(RelationKind::Target, "x", "y");
        let mut base = sidecar(vec![x.clone(), y.clone(), z.clone()]);
        base.relations = vec![kept.clone(), removed.clone()];
        // Ours removes one link and adds one to z; theirs deletes z and adds another link.
        let mut ours = base.clone();
        ours.relations = vec![kept.clone(), link(RelationKind::SameAs, "y", "z")];
        let mut theirs = sidecar(vec![x, y]);
        let added = link(RelationKind::Named("funds".into()), "x", "y");
        theirs.relations = vec![kept.clone(), removed, added.clone()];
        let m = merge3(&base, &ours, &theirs).unwrap();
        let mut want = vec![kept, added, link(RelationKind::SameAs, "y", "z")];
        want.sort();
        assert_eq!(m.sidecar.relations, want);
        assert_eq!(m.conflicts, vec![AnnotationId("z".into())]);
        let z_back = m
            .sidecar
            .annotations
            .iter()
            .find(|a| a.id.0 == "z")
            .unwrap();
        assert_eq!(z_back.anchor, AnchorState::Check);
        assert!(
            z_back.note.contains("linked on the other"),
            "{}",
            z_back.note
        );
    }

    #[test]
    fn texts_changed_on_both_sides_are_not_merged_here() {
        let base = sidecar(Vec::new());
        let mut ours = base.clone();
        ours.source.sha256 = "a".repeat(64);
        let mut theirs = base.clone();
        theirs.source.sha256 = "b".repeat(64);
        assert!(matches!(
            merge3(&base, &ours, &theirs),
            Err(MergeError::SourceDiverged { .. })
        ));
        // One side's new text is taken when the other kept the old one.
        assert_eq!(
            merge3(&base, &base, &theirs).unwrap().sidecar.source,
            theirs.source
        );
    }
}
