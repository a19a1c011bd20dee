//! How far two annotators agree on the same reports (`gloss agree`).
//!
//! For every kind, and every entity type (`entity:org`, …), over all reports compared:
//! - span **precision / recall / F1**, B's annotations against A's: *exact* (same start and end)
//!   and *overlap* (an annotation counts when it overlaps one of the other side's);
//! - **Cohen's κ over characters**: each character is marked or not by each annotator;
//! - **Krippendorff's unitizing α** (αu, [`alpha_u`]), the measure INCEpTION and ATLAS.ti report
//!   for span annotation: it weighs how far units are displaced or resized, not just whether they
//!   coincide;
//! - **attribute agreement** on the spans both marked alike: figure value and unit, entity type,
//!   commitment actor — the share of matched spans whose attributes agree.
//!
//! One annotator's overlapping units of one category (a nested entity of the same type) are
//! merged into the stretch they cover for κ and αu, which compare coverage.

use crate::annotation::{Annotation, EntityType, Kind, Label};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// Precision, recall and F1 of B against A.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Share of B's units that A has too.
    pub p: f64,
    /// Share of A's units that B has too.
    pub r: f64,
    /// Their harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn of(found_of_b: usize, b: usize, found_of_a: usize, a: usize) -> Prf {
        let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
        let (p, r) = (ratio(found_of_b, b), ratio(found_of_a, a));
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf { p, r, f1 }
    }
}

/// Agreement on one category.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Units marked by A.
    pub a: usize,
    /// Units marked by B.
    pub b: usize,
    /// Same start and end.
    pub exact: Prf,
    /// Overlapping.
    pub overlap: Prf,
    /// Cohen's κ over characters.
    pub kappa: f64,
    /// Krippendorff's αu.
    pub alpha_u: f64,
    /// Attribute agreement on the spans both marked: `(attribute, agreeing, compared)`.
    pub attributes: BTreeMap<String, (usize, usize)>,
}

/// One report as both annotators marked it.
pub struct Pair<'a> {
    /// Its length in characters (the continuum).
    pub len: usize,
    /// A's annotations.
    pub a: &'a [Annotation],
    /// B's annotations.
    pub b: &'a [Annotation],
}

/// The categories compared: each kind, and each entity type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Category {
    Kind(Kind),
    Type(EntityType),
}

impl Category {
    fn name(self) -> String {
        match self {
            Category::Kind(k) => k.as_str().to_owned(),
            Category::Type(t) => format!("entity:{}", t.as_str()),
        }
    }

    fn holds(self, a: &Annotation) -> bool {
        match (self, &a.label) {
            (Category::Kind(k), label) => label.kind() == k,
            (Category::Type(t), Label::Entity { entity_type }) => *entity_type == t,
            (Category::Type(_), _) => false,
        }
    }
}

/// The agreement of every category over `pairs`, keyed by name (`figure`, `entity`,
/// `commitment`, `entity:org`, …). Only placed annotations count.
pub fn agree(pairs: &[Pair<'_>]) -> BTreeMap<String, Agreement> {
    let categories = Kind::ALL
        .into_iter()
        .map(Category::Kind)
        .chain(EntityType::ALL.into_iter().map(Category::Type));
    categories.map(|c| (c.name(), agree_on(pairs, c))).collect()
}

fn spans(anns: &[Annotation], c: Category) -> Vec<&Annotation> {
    anns.iter()
        .filter(|a| a.is_placed() && a.end > a.start && c.holds(a))
        .collect()
}

fn agree_on(pairs: &[Pair<'_>], c: Category) -> Agreement {
    let mut out = Agreement::default();
    let (mut exact, mut over_a, mut over_b) = (0, 0, 0);
    // κ: characters marked by A, by B, by both, in all.
    let (mut ka, mut kb, mut kboth, mut total) = (0usize, 0usize, 0usize, 0usize);
    let mut units_a: Vec<(usize, usize)> = Vec::new();
    let mut units_b: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0usize;
    for pair in pairs {
        let (a, b) = (spans(pair.a, c), spans(pair.b, c));
        out.a += a.len();
        out.b += b.len();
        let a_spans: HashSet<(usize, usize)> = a.iter().map(|x| (x.start, x.end)).collect();
        let b_spans: HashSet<(usize, usize)> = b.iter().map(|x| (x.start, x.end)).collect();
        exact += a_spans.intersection(&b_spans).count();
        let overlaps = |x: &Annotation, ys: &[&Annotation]| {
            ys.iter().any(|y| x.start < y.end && y.start < x.end)
        };
        over_a += a.iter().filter(|x| overlaps(x, &b)).count();
        over_b += b.iter().filter(|y| overlaps(y, &a)).count();
        for x in &a {
            if let Some(y) = b.iter().find(|y| (y.start, y.end) == (x.start, x.end)) {
                compare_attributes(x, y, &mut out.attributes);
            }
        }
        // Coverage, for κ and αu, on one continuum of all the reports.
        let len = pair
            .len
            .max(a.iter().chain(&b).map(|x| x.end).max().unwrap_or(0));
        let (ca, cb) = (coverage(&a), coverage(&b));
        ka += ca.iter().map(|(s, e)| e - s).sum::<usize>();
        kb += cb.iter().map(|(s, e)| e - s).sum::<usize>();
        kboth += intersection(&ca, &cb);
        total += len;
        units_a.extend(ca.iter().map(|(s, e)| (s + offset, e + offset)));
        units_b.extend(cb.iter().map(|(s, e)| (s + offset, e + offset)));
        offset += len;
    }
    // Exact matches are pairs: the same count on both sides.
    out.exact = Prf::of(exact, out.b, exact, out.a);
    out.overlap = Prf::of(over_b, out.b, over_a, out.a);
    out.kappa = kappa(ka, kb, kboth, total);
    out.alpha_u = alpha_u(total, &units_a, &units_b);
    out
}

/// The stretches `anns` cover, overlapping ones merged, sorted.
fn coverage(anns: &[&Annotation]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = anns.iter().map(|a| (a.start, a.end)).collect();
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Characters covered by both (each list sorted and disjoint).
fn intersection(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (s, e) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        n += e.saturating_sub(s);
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

/// Cohen's κ for two binary markings of `total` characters: `a` and `b` marked by each, `both`
/// by both. 1 when both mark exactly the same characters (including none).
pub fn kappa(a: usize, b: usize, both: usize, total: usize) -> f64 {
    if total == 0 {
        return 1.0;
    }
    let n = total as f64;
    let agree = (total - a - b + 2 * both) as f64 / n;
    let (pa, pb) = (a as f64 / n, b as f64 / n);
    let chance = pa * pb + (1.0 - pa) * (1.0 - pb);
    if (1.0 - chance).abs() < 1e-12 {
        return if (agree - 1.0).abs() < 1e-12 {
            1.0
        } else {
            0.0
        };
    }
    (agree - chance) / (1.0 - chance)
}

/// Records whether the attributes of `x` (A) and `y` (B), on the same span, agree.
fn compare_attributes(x: &Annotation, y: &Annotation, out: &mut BTreeMap<String, (usize, usize)>) {
    let mut count = |name: &str, same: bool| {
        let e = out.entry(name.to_owned()).or_default();
        e.0 += usize::from(same);
        e.1 += 1;
    };
    match (&x.label, &y.label) {
        (
            Label::Figure {
                value: v1,
                unit: u1,
            },
            Label::Figure {
                value: v2,
                unit: u2,
            },
        ) => {
            let same = match (v1, v2) {
                (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
                (None, None) => true,
                _ => false,
            };
            count("value", same);
            count("unit", u1.trim() == u2.trim());
        }
        (Label::Entity { entity_type: t1 }, Label::Entity { entity_type: t2 }) => {
            count("type", t1 == t2);
        }
        (Label::Commitment { actor: a1, .. }, Label::Commitment { actor: a2, .. }) => {
            count("actor", a1.trim() == a2.trim());
        }
        _ => {}
    }
}

/// Krippendorff's unitizing α (αu) of one category for two annotators' units (each list sorted and
/// disjoint, as `(start, end)`) on a continuum of `len` characters; NaN when neither marked
/// anything (agreement is then undefined).
///
/// Computed as DKPro Statistics' `KrippendorffAlphaUnitizingAgreement` (which INCEpTION reports)
/// does for one category: each annotator's continuum is cut into their units and the gaps between
/// them; the observed disagreement sums, over overlapping pairs of sections of the two annotators,
/// (Δstart² + Δend²) for two units and the unit's length² for a unit lying wholly inside the other's
/// gap; the expected disagreement follows Krippendorff (2004, p. 254). Sums are exact integers.
pub fn alpha_u(len: usize, a: &[(usize, usize)], b: &[(usize, usize)]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return f64::NAN;
    }
    let len = len.max(a.iter().chain(b).map(|u| u.1).max().unwrap_or(0)) as i128;
    let (sa, sb) = (sections(a, len), sections(b, len));
    // Observed: overlapping pairs of sections, found by walking both partitions together.
    let mut observed: i128 = 0;
    let (mut i, mut j) = (0, 0);
    while i < sa.len() && j < sb.len() {
        observed += delta(sa[i], sb[j]);
        let (end_a, end_b) = (sa[i].0 + sa[i].1, sb[j].0 + sb[j].1);
        if end_a <= end_b {
            i += 1;
        }
        if end_b <= end_a {
            j += 1;
        }
    }
    // Expected.
    let lengths: Vec<i128> = a.iter().chain(b).map(|u| (u.1 - u.0) as i128).collect();
    let mut gaps: Vec<i128> = sa.iter().chain(&sb).filter(|s| !s.2).map(|s| s.1).collect();
    gaps.sort_unstable();
    // Suffix sums of the sorted gaps: Σ_{g ≥ l} (g − l + 1) in O(log n) per unit.
    let mut suffix = vec![0i128; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k];
    }
    let n = lengths.len() as i128;
    let mut expected: i128 = 0;
    for &l in &lengths {
        let from = gaps.partition_point(|&g| g < l);
        let count = (gaps.len() - from) as i128;
        let fitting = suffix[from] - count * (l - 1);
        expected += (n - 1) * l * (l - 1) * (2 * l - 1) / 3 + l * l * fitting;
    }
    let raters = 2i128;
    let denominator =
        raters * len * (raters * len - 1) - lengths.iter().map(|l| l * (l - 1)).sum::<i128>();
    // α = 1 − D_o / D_e with D_o = 2·observed / (R(R−1)·L²) and D_e = 2·expected / (L·den).
    let num = observed.checked_mul(denominator);
    let den = expected.checked_mul(raters * (raters - 1) * len);
    match (num, den) {
        (Some(x), Some(y)) if x == y => 0.0,
        (Some(x), Some(y)) if y != 0 => 1.0 - x as f64 / y as f64,
        _ => {
            let d_o = observed as f64 / (len as f64 * len as f64);
            let d_e = 2.0 * expected as f64 / (len as f64 * denominator as f64);
            1.0 - d_o / d_e
        }
    }
}

/// An annotator's continuum as sections `(start, length, is a unit)`: units and the gaps between.
fn sections(units: &[(usize, usize)], len: i128) -> Vec<(i128, i128, bool)> {
    let mut out = Vec::with_capacity(2 * units.len() + 1);
    let mut at = 0i128;
    for &(s, e) in units {
        let (s, e) = (s as i128, e as i128);
        if s > at {
            out.push((at, s - at, false));
        }
        out.push((s, e - s, true));
        at = e;
    }
    if at < len {
        out.push((at, len - at, false));
    }
    out
}

/// The disagreement of two overlapping sections (DKPro's `measureDistance`).
fn delta((b1, l1, u1): (i128, i128, bool), (b2, l2, u2): (i128, i128, bool)) -> i128 {
    let (bd, ld) = (b1 - b2, l1 - l2);
    match (u1, u2) {
        (true, true) if -l1 < bd && bd < l2 => bd * bd + (bd + ld) * (bd + ld),
        (true, false) if b2 <= b1 && b1 + l1 <= b2 + l2 => l1 * l1,
        (false, true) if b1 <= b2 && b2 + l2 <= b1 + l1 => l2 * l2,
        _ => 0,
    }
}

/// How one span stands between two annotators' versions of a report (the comparison view).
#[derive(Clone, Debug, PartialEq)]
pub enum Compared {
    /// Both marked it alike (kind, span and attributes); ours.
    Agreed(Annotation),
    /// Only we marked it.
    OnlyOurs(Annotation),
    /// Only they marked it.
    OnlyTheirs(Annotation),
    /// Both marked this span as this kind, with different attributes.
    Conflicting {
        /// Ours.
        ours: Box<Annotation>,
        /// Theirs.
        theirs: Box<Annotation>,
    },
}

impl Compared {
    /// Where it starts, for ordering.
    pub fn start(&self) -> (usize, usize) {
        let a = match self {
            Compared::Agreed(a) | Compared::OnlyOurs(a) | Compared::OnlyTheirs(a) => a,
            Compared::Conflicting { ours, .. } => ours,
        };
        (a.start, a.end)
    }
}

/// Compares two versions of one report's annotations span by span (placed annotations; a span
/// is the same when kind, start and end are), in text order.
pub fn compare(ours: &[Annotation], theirs: &[Annotation]) -> Vec<Compared> {
    let key = |a: &Annotation| (a.kind(), a.start, a.end);
    let placed = |v: &[Annotation]| -> Vec<Annotation> {
        v.iter().filter(|a| a.is_placed()).cloned().collect()
    };
    let (ours, theirs) = (placed(ours), placed(theirs));
    let mut out = Vec::new();
    let mut used = vec![false; theirs.len()];
    for a in &ours {
        let same_span = theirs
            .iter()
            .enumerate()
            .filter(|(i, b)| !used[*i] && key(b) == key(a))
            .map(|(i, b)| (i, b.label == a.label))
            .max_by_key(|(_, alike)| *alike);
        match same_span {
            Some((i, true)) => {
                used[i] = true;
                out.push(Compared::Agreed(a.clone()));
            }
            Some((i, false)) => {
                used[i] = true;
                out.push(Compared::Conflicting {
                    ours: Box::new(a.clone()),
                    theirs: Box::new(theirs[i].clone()),
                });
            }
            None => out.push(Compared::OnlyOurs(a.clone())),
        }
    }
    for (b, taken) in theirs.iter().zip(&used) {
        if !taken {
            out.push(Compared::OnlyTheirs(b.clone()));
        }
    }
    out.sort_by_key(Compared::start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationId;
    use crate::document::Document;

    const TEXT: &str = "临江市工信局要确保全年新增企业280家，投资296.9亿元。市财政局配合。";

    fn ann(start: usize, end: usize, label: Label) -> Annotation {
        let mut a = Annotation::new(&Document::from_text("t.txt", TEXT), start, end, label);
        a.id = AnnotationId(format!("{start}-{end}"));
        a
    }

    fn org(start: usize, end: usize) -> Annotation {
        ann(
            start,
            end,
            Label::Entity {
                entity_type: EntityType::Org,
            },
        )
    }

    fn place(start: usize, end: usize) -> Annotation {
        ann(
            start,
            end,
            Label::Entity {
                entity_type: EntityType::Place,
            },
        )
    }

    fn figure(start: usize, end: usize, value: f64) -> Annotation {
        ann(
            start,
            end,
            Label::Figure {
                value: Some(value),
                unit: "家".into(),
            },
        )
    }

    #[test]
    fn kappa_by_hand() {
        // 10 characters; A marks 0..4, B marks 2..6: observed 0.6, chance 0.52.
        assert!((kappa(4, 4, 2, 10) - (0.6 - 0.52) / 0.48).abs() < 1e-12);
        assert_eq!(kappa(3, 3, 3, 10), 1.0);
        assert_eq!(kappa(0, 0, 0, 10), 1.0);
        // Disjoint markings agree less than chance.
        assert!(kappa(5, 5, 0, 10) < 0.0);
    }

    #[test]
    fn spans_attributes_and_types_by_hand() {
        let a = vec![org(0, 6), place(0, 3), figure(15, 19, 280.0), org(31, 35)];
        // B: the same org, the place as org, 280家 with another value, no 市财政局, an extra org.
        let b = vec![org(0, 6), org(0, 3), figure(15, 19, 28.0), org(22, 28)];
        let pairs = [Pair {
            len: TEXT.chars().count(),
            a: &a,
            b: &b,
        }];
        let g = agree(&pairs);
        let e = &g["entity"];
        assert_eq!((e.a, e.b), (3, 3));
        // Exact: 0..6 and 0..3 in both (as entities): 2 of 3 each way.
        assert!((e.exact.p - 2.0 / 3.0).abs() < 1e-12 && (e.exact.r - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(e.attributes["type"], (1, 2));
        let o = &g["entity:org"];
        assert_eq!((o.a, o.b), (2, 3));
        // As orgs: only 0..6 is in both; 0..3 overlaps it, so overlap finds more.
        assert!((o.exact.p - 1.0 / 3.0).abs() < 1e-12 && (o.exact.r - 0.5).abs() < 1e-12);
        assert!((o.overlap.p - 2.0 / 3.0).abs() < 1e-12 && (o.overlap.r - 0.5).abs() < 1e-12);
        let f = &g["figure"];
        assert_eq!(f.exact.f1, 1.0);
        assert_eq!(f.attributes["value"], (0, 1));
        assert_eq!(f.attributes["unit"], (1, 1));
        // Nothing marked by either: perfect agreement, not a division by zero.
        assert_eq!(g["commitment"].exact.f1, 1.0);
        assert_eq!(g["commitment"].kappa, 1.0);
    }

    /// αu of units given as `(start, end)` per annotator.
    fn alpha(len: usize, a: &[(usize, usize)], b: &[(usize, usize)]) -> f64 {
        alpha_u(len, a, b)
    }

    #[test]
    fn alpha_u_matches_krippendorff_2004_and_dkpro() {
        // Krippendorff (2004), Content Analysis, 2nd ed., p. 254: continuum 150..450 (shifted to
        // 0..300), category c; the published example DKPro Statistics tests as
        // `Krippendorff2004Test` (D_o = 0.0144, D_e = 0.0532, α = 0.7286 asserted there). Exact
        // value: 1 − (13/900)/(69179/1299825) = 0.7285990.
        let c = alpha(
            300,
            &[(75, 145), (220, 250)],
            &[(70, 150), (205, 225), (250, 270)],
        );
        assert!((c - 0.728_599_0).abs() < 1e-6, "{c}");
        assert!((c - 0.7286).abs() < 1e-4);
        // Category k of the same example: identical units, α = 1.
        assert_eq!(
            alpha(300, &[(30, 90), (150, 200)], &[(30, 90), (150, 200)]),
            1.0
        );
    }

    #[test]
    fn alpha_u_matches_dkpro_unitizing_agreement_test() {
        // DKPro Statistics `UnitizingAgreementTest`: L = 10, one unit 1..9 against three short
        // ones; D_o = 0.91, D_e = 0.5351, α = −0.7003 asserted (exact 1 − (91/100)/(289/540)).
        let x = alpha(10, &[(1, 9)], &[(2, 3), (4, 5), (6, 7)]);
        assert!(
            (x - (1.0 - (91.0 / 100.0) / (289.0 / 540.0))).abs() < 1e-12,
            "{x}"
        );
        assert!((x + 0.7003).abs() < 1e-4);
        // Krippendorff (1995), "On the reliability of unitizing continuous data", p. 57, category
        // C (DKPro `Krippendorff1995Test`, stretch 1): DKPro's own computation gives
        // D_o = 1/36, D_e = 229/3270, α = 0.6033479.
        let c = alpha(
            24,
            &[(2, 8), (10, 12), (14, 18), (20, 22)],
            &[(0, 2), (4, 8), (10, 14), (16, 18), (20, 22)],
        );
        assert!(
            (c - (1.0 - (1.0 / 36.0) / (229.0 / 3270.0))).abs() < 1e-12,
            "{c}"
        );
        // Nothing marked: undefined.
        assert!(alpha(10, &[], &[]).is_nan());
    }

    #[test]
    fn comparison_sorts_spans_into_agreed_one_sided_and_conflicting() {
        let ours = vec![org(0, 6), place(0, 3), figure(15, 19, 280.0)];
        let theirs = vec![org(0, 6), org(0, 3), org(31, 35)];
        let got: Vec<&str> = compare(&ours, &theirs)
            .iter()
            .map(|c| match c {
                Compared::Agreed(_) => "agreed",
                Compared::OnlyOurs(_) => "ours",
                Compared::OnlyTheirs(_) => "theirs",
                Compared::Conflicting { .. } => "conflict",
            })
            .collect();
        // 0..3 (place vs org), 0..6 (alike), 15..19 (ours), 31..35 (theirs).
        assert_eq!(got, ["conflict", "agreed", "ours", "theirs"]);
    }
}
