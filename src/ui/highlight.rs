//! Flattening overlapping and nested annotations into disjoint styled runs for display.
//!
//! Each run gets a fill (the innermost covering mark, annotations before suggestions) and an
//! underline (the outermost other mark), so that a figure inside a commitment shows both: the
//! figure's fill, the commitment's underline, and the commitment's fill around it.

use crate::annotation::Kind;
use std::ops::Range;

/// Whether a mark is a user's annotation or an engine's suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Made or accepted by the user.
    Annotation,
    /// Proposed by the suggestion engine, not yet accepted.
    Suggestion,
}

/// A highlighted span, in code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Start (inclusive).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// What it marks.
    pub kind: Kind,
    /// Annotation or suggestion.
    pub layer: Layer,
}

/// How a run of text is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Style {
    /// Background: the innermost mark.
    pub fill: Option<(Kind, Layer)>,
    /// Underline: the outermost mark besides the fill.
    pub underline: Option<(Kind, Layer)>,
}

/// A maximal run of text with one style, in code points relative to the block start.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Run {
    /// Code points relative to the block start.
    pub range: Range<usize>,
    /// How to draw it.
    pub style: Style,
}

/// Splits the block `block` (absolute code points) into runs covering it entirely.
pub fn runs(block: Range<usize>, marks: &[Mark]) -> Vec<Run> {
    let len = block.end - block.start;
    let clipped: Vec<Mark> = marks
        .iter()
        .filter(|m| m.start < block.end && m.end > block.start && m.start < m.end)
        .map(|m| Mark {
            start: m.start.max(block.start) - block.start,
            end: m.end.min(block.end) - block.start,
            ..*m
        })
        .collect();
    // Keep each mark's full length for choosing inner and outer, clipped spans for cutting.
    let lengths: Vec<usize> = marks
        .iter()
        .filter(|m| m.start < block.end && m.end > block.start && m.start < m.end)
        .map(|m| m.end - m.start)
        .collect();
    let mut cuts: Vec<usize> = vec![0, len];
    for m in &clipped {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<Run> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let covering = || {
            clipped
                .iter()
                .zip(&lengths)
                .filter(move |(m, _)| m.start <= a && m.end >= b)
        };
        let inner = covering().min_by_key(|(m, len)| (m.layer, **len, m.kind));
        let outer = inner.and_then(|(i, ilen)| {
            covering()
                .filter(|(m, len)| (m.layer, **len, m.kind) != (i.layer, *ilen, i.kind))
                .max_by_key(|(m, len)| (std::cmp::Reverse(m.layer), **len, m.kind))
        });
        let style = Style {
            fill: inner.map(|(m, _)| (m.kind, m.layer)),
            underline: outer.map(|(m, _)| (m.kind, m.layer)),
        };
        match out.last_mut() {
            Some(last) if last.style == style => last.range.end = b,
            _ => out.push(Run { range: a..b, style }),
        }
    }
    if out.is_empty() {
        out.push(Run {
            range: 0..0,
            style: Style {
                fill: None,
                underline: None,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, kind: Kind, layer: Layer) -> Mark {
        Mark {
            start,
            end,
            kind,
            layer,
        }
    }

    #[test]
    fn nested_figure_in_commitment_keeps_both_visible() {
        let marks = [
            mark(100, 120, Kind::Commitment, Layer::Annotation),
            mark(105, 110, Kind::Figure, Layer::Annotation),
        ];
        let r = runs(100..130, &marks);
        let ranges: Vec<_> = r.iter().map(|r| r.range.clone()).collect();
        assert_eq!(ranges, vec![0..5, 5..10, 10..20, 20..30]);
        assert_eq!(r[0].style.fill, Some((Kind::Commitment, Layer::Annotation)));
        assert_eq!(r[0].style.underline, None);
        assert_eq!(r[1].style.fill, Some((Kind::Figure, Layer::Annotation)));
        assert_eq!(
            r[1].style.underline,
            Some((Kind::Commitment, Layer::Annotation))
        );
        assert_eq!(r[3].style.fill, None);
    }

    #[test]
    fn annotations_win_the_fill_over_suggestions() {
        let marks = [
            mark(0, 4, Kind::Figure, Layer::Suggestion),
            mark(0, 10, Kind::Commitment, Layer::Annotation),
        ];
        let r = runs(0..10, &marks);
        assert_eq!(r[0].style.fill, Some((Kind::Commitment, Layer::Annotation)));
        assert_eq!(
            r[0].style.underline,
            Some((Kind::Figure, Layer::Suggestion))
        );
    }

    #[test]
    fn marks_are_clipped_to_the_block_and_runs_tile_it() {
        let marks = [mark(5, 50, Kind::Entity, Layer::Annotation)];
        let r = runs(20..30, &marks);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].range, 0..10);
        assert_eq!(r[0].style.fill, Some((Kind::Entity, Layer::Annotation)));
        let empty = runs(7..7, &marks);
        assert_eq!(empty[0].range, 0..0);
    }
}
