//! The annotations of one document, indexed by id and by position.
//!
//! Lookups the UI makes every frame — "which annotations touch these visible code points?" — cost
//! O(log n + k) for k results, however many annotations the document has: placed annotations are
//! kept in a B-tree ordered by start, and a query scans starts from `from - longest` only.

use crate::annotation::Kind;
use crate::annotation::{Annotation, AnnotationId};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// Document order: start, then longer spans first (outer before inner), then id. The kind rides
/// along (ids are unique, so it never decides the order): walking the order needs no lookups.
type OrderKey = (usize, std::cmp::Reverse<usize>, AnnotationId, Kind);

/// The annotations of one document.
#[derive(Clone, Debug, Default)]
pub struct AnnotationSet {
    by_id: HashMap<AnnotationId, Annotation>,
    placed: BTreeSet<OrderKey>,
    orphans: BTreeSet<AnnotationId>,
    longest: usize,
    generation: u64,
    /// How many annotations of each kind (indexed by [`Kind::index`]).
    counts: [usize; 3],
}

impl AnnotationSet {
    /// A set holding `annotations` (a later duplicate id replaces an earlier one).
    pub fn from_vec(annotations: Vec<Annotation>) -> AnnotationSet {
        let mut set = AnnotationSet::default();
        for a in annotations {
            set.insert(a);
        }
        set
    }

    /// How many annotations there are, orphans included.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// A counter that changes whenever the set changes (for caches).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The annotation with this id.
    pub fn get(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.by_id.get(id)
    }

    /// Adds or replaces an annotation (by id); returns the one it replaced.
    pub fn insert(&mut self, a: Annotation) -> Option<Annotation> {
        let old = self.remove(&a.id);
        self.counts[a.kind().index()] += 1;
        if a.is_placed() {
            self.longest = self.longest.max(a.len());
            self.placed.insert(order_key(&a));
        } else {
            self.orphans.insert(a.id.clone());
        }
        self.by_id.insert(a.id.clone(), a);
        self.generation += 1;
        old
    }

    /// Removes an annotation; returns it.
    pub fn remove(&mut self, id: &AnnotationId) -> Option<Annotation> {
        let a = self.by_id.remove(id)?;
        self.counts[a.kind().index()] -= 1;
        if a.is_placed() {
            self.placed.remove(&order_key(&a));
        } else {
            self.orphans.remove(id);
        }
        self.generation += 1;
        Some(a)
    }

    /// Placed annotations in document order, then orphans by id.
    pub fn iter(&self) -> impl Iterator<Item = &Annotation> + '_ {
        self.placed
            .iter()
            .map(|(_, _, id, _)| id)
            .chain(self.orphans.iter())
            .filter_map(|id| self.by_id.get(id))
    }

    /// How many annotations of `kind` there are (O(1)).
    pub fn count(&self, kind: Kind) -> usize {
        self.counts[kind.index()]
    }

    /// Ids and kinds in the order of [`AnnotationSet::iter`], without looking the annotations
    /// up: cheap enough to skip through for a virtualised list.
    pub fn ids_in_order(&self) -> impl Iterator<Item = (&AnnotationId, Kind)> + '_ {
        self.placed
            .iter()
            .map(|(_, _, id, kind)| (id, *kind))
            .chain(
                self.orphans
                    .iter()
                    .filter_map(|id| Some((id, self.by_id.get(id)?.kind()))),
            )
    }

    /// All annotations in document order, cloned (for saving and exporting).
    pub fn to_vec(&self) -> Vec<Annotation> {
        self.iter().cloned().collect()
    }

    /// Placed annotations overlapping `range` (empty annotations touching it count), in document
    /// order.
    pub fn overlapping(&self, range: Range<usize>) -> impl Iterator<Item = &Annotation> + '_ {
        let from = range.start.saturating_sub(self.longest);
        let lower = (
            from,
            std::cmp::Reverse(usize::MAX),
            AnnotationId(String::new()),
            Kind::Figure,
        );
        let upper = (
            range.end,
            std::cmp::Reverse(usize::MAX),
            AnnotationId(String::new()),
            Kind::Figure,
        );
        self.placed
            .range(lower..upper)
            .filter_map(|(_, _, id, _)| self.by_id.get(id))
            .filter(move |a| a.end > range.start || (a.is_empty() && a.start == range.start))
    }

    /// The innermost (shortest) placed annotation containing code point `offset`.
    pub fn innermost_at(&self, offset: usize) -> Option<&Annotation> {
        self.overlapping(offset..offset + 1)
            .filter(|a| a.start <= offset && offset < a.end)
            .min_by_key(|a| a.len())
    }

    /// Whether an annotation of this kind already covers exactly this span.
    pub fn has_span(&self, start: usize, end: usize, kind: crate::annotation::Kind) -> bool {
        self.overlapping(start..end.max(start + 1))
            .any(|a| a.start == start && a.end == end && a.kind() == kind)
    }
}

fn order_key(a: &Annotation) -> OrderKey {
    (a.start, std::cmp::Reverse(a.end), a.id.clone(), a.kind())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::anchor::AnchorState;
    use crate::annotation::{Kind, Label};
    use crate::document::Document;

    fn set_over(spans: &[(usize, usize)]) -> (AnnotationSet, Vec<AnnotationId>) {
        let doc = Document::from_text("t.txt", &"字".repeat(1000));
        let anns: Vec<_> = spans
            .iter()
            .map(|&(s, e)| Annotation::new(&doc, s, e, Label::empty(Kind::Entity)))
            .collect();
        let ids = anns.iter().map(|a| a.id.clone()).collect();
        (AnnotationSet::from_vec(anns), ids)
    }

    #[test]
    fn overlap_query_finds_long_spans_starting_far_before() {
        let (set, ids) = set_over(&[(0, 500), (100, 110), (600, 610), (495, 505)]);
        let hits: Vec<_> = set.overlapping(490..498).map(|a| a.id.clone()).collect();
        assert_eq!(hits, vec![ids[0].clone(), ids[3].clone()]);
        assert_eq!(set.overlapping(500..600).count(), 1, "end is exclusive");
    }

    #[test]
    fn document_order_puts_outer_before_inner_and_orphans_last() {
        let (mut set, ids) = set_over(&[(10, 20), (5, 30), (10, 12)]);
        let mut orphan = set.get(&ids[0]).unwrap().clone();
        orphan.id = AnnotationId("orphan".into());
        orphan.anchor = AnchorState::Orphaned;
        set.insert(orphan);
        let order: Vec<_> = set.iter().map(|a| (a.start, a.end)).collect();
        assert_eq!(order, vec![(5, 30), (10, 20), (10, 12), (10, 20)]);
        assert_eq!(set.iter().last().unwrap().id.0, "orphan");
        let walked: Vec<&AnnotationId> = set.ids_in_order().map(|(id, _)| id).collect();
        let iterated: Vec<&AnnotationId> = set.iter().map(|a| &a.id).collect();
        assert_eq!(walked, iterated);
        assert_eq!(set.count(Kind::Entity), 4);
        assert_eq!(set.count(Kind::Figure), 0);
        assert_eq!(
            set.overlapping(0..1000).count(),
            3,
            "orphans are not placed"
        );
    }

    #[test]
    fn innermost_and_replace_and_remove() {
        let (mut set, ids) = set_over(&[(0, 50), (10, 20)]);
        assert_eq!(set.innermost_at(15).unwrap().id, ids[1]);
        assert_eq!(set.innermost_at(30).unwrap().id, ids[0]);
        assert!(set.innermost_at(60).is_none());
        let mut moved = set.get(&ids[1]).unwrap().clone();
        moved.start = 40;
        moved.end = 45;
        let g = set.generation();
        assert!(set.insert(moved).is_some());
        assert!(set.generation() > g);
        assert_eq!(set.len(), 2);
        assert_eq!(set.innermost_at(15).unwrap().id, ids[0]);
        assert!(set.remove(&ids[0]).is_some());
        assert!(set.innermost_at(15).is_none());
        assert_eq!(
            set.count(Kind::Entity),
            1,
            "replacing and removing keep the counts"
        );
    }
}
