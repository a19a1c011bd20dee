//! Links proposed for a commitment: its `actor` to the entities its actor attribute names, its
//! `target` to the figure its target attribute quotes.
//!
//! A plan names who pledges in or right after the pledge (`市工信局要…`, or the `责任单位：` line
//! that follows a plan item) and puts the target figure in the pledge itself, so a name is looked
//! for inside the commitment first, then at the nearest mention within [`REACH`] code points; a
//! mention further away is another passage's. Names match after folding (traditional/simplified,
//! full-width), as everywhere in Gloss.

use crate::annotation::{Kind, Label, RelationKind};
use crate::text::fold::fold;
use std::ops::Range;

/// How far from a commitment (code points) its actor or target is looked for.
pub const REACH: usize = 300;

/// A span that can be linked to: an annotation or a suggestion.
#[derive(Clone, Copy, Debug)]
pub struct Candidate<'a> {
    /// Its span.
    pub span: (usize, usize),
    /// Its kind.
    pub kind: Kind,
    /// Its text.
    pub quote: &'a str,
}

/// A link proposed from a commitment to a candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposedLink {
    /// `actor` or `target`.
    pub kind: RelationKind,
    /// The linked span.
    pub span: (usize, usize),
}

/// The links proposed for a commitment over `span` with `label`, among `candidates`.
pub fn for_commitment<'a>(
    label: &Label,
    span: Range<usize>,
    candidates: impl IntoIterator<Item = Candidate<'a>>,
) -> Vec<ProposedLink> {
    let Label::Commitment { actor, target, .. } = label else {
        return Vec::new();
    };
    let candidates: Vec<Candidate<'a>> = candidates.into_iter().collect();
    let mut links = Vec::new();
    let names = actor
        .split(['、', '，', ',', '；', ';', '/', '／'])
        .map(str::trim)
        .filter(|n| !n.is_empty());
    for name in names {
        if let Some(c) = nearest(&candidates, Kind::Entity, name, &span) {
            links.push(ProposedLink {
                kind: RelationKind::Actor,
                span: c.span,
            });
        }
    }
    if !target.trim().is_empty()
        && let Some(c) = nearest(&candidates, Kind::Figure, target.trim(), &span)
    {
        links.push(ProposedLink {
            kind: RelationKind::Target,
            span: c.span,
        });
    }
    links.dedup();
    links
}

/// The candidate of `kind` whose text is `text` (folded) nearest to `span`: inside it first, then
/// the closest within [`REACH`].
fn nearest<'a>(
    candidates: &[Candidate<'a>],
    kind: Kind,
    text: &str,
    span: &Range<usize>,
) -> Option<Candidate<'a>> {
    let wanted = fold(text);
    candidates
        .iter()
        .filter(|c| c.kind == kind && fold(c.quote.trim()) == wanted)
        .map(|c| {
            let (s, e) = c.span;
            let distance = if s >= span.start && e <= span.end {
                0
            } else if e <= span.start {
                span.start - e
            } else {
                s.saturating_sub(span.end)
            };
            (distance, c)
        })
        .filter(|(d, _)| *d <= REACH)
        .min_by_key(|(d, c)| (*d, c.span))
        .map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(span: (usize, usize), kind: Kind, quote: &str) -> Candidate<'_> {
        Candidate { span, kind, quote }
    }

    #[test]
    fn actor_names_and_the_target_figure_are_found_near_the_pledge() {
        let label = Label::Commitment {
            actor: "市工信局、市發改委".into(),
            deadline: "年底前".into(),
            target: "150亿元".into(),
        };
        let pledge = 100..130;
        let links = for_commitment(
            &label,
            pledge,
            [
                // Another passage's mention, too far; the one in the 责任单位 line after it.
                c((700, 704), Kind::Entity, "市工信局"),
                c((140, 144), Kind::Entity, "市工信局"),
                c((145, 149), Kind::Entity, "市发改委"),
                // The target inside the pledge wins over an equal figure before it.
                c((80, 85), Kind::Figure, "150亿元"),
                c((120, 125), Kind::Figure, "150亿元"),
                // Same text, another kind: not an actor.
                c((101, 105), Kind::Figure, "市工信局"),
            ],
        );
        assert_eq!(
            links,
            vec![
                ProposedLink {
                    kind: RelationKind::Actor,
                    span: (140, 144)
                },
                ProposedLink {
                    kind: RelationKind::Actor,
                    span: (145, 149)
                },
                ProposedLink {
                    kind: RelationKind::Target,
                    span: (120, 125)
                },
            ]
        );
        let figure = Label::Figure {
            value: None,
            unit: String::new(),
        };
        assert!(for_commitment(&figure, 0..10, [c((0, 3), Kind::Entity, "x")]).is_empty());
    }
}
