//! Anchoring: finding where a stored annotation belongs in the current document text.
//!
//! An annotation stores its code point span, its exact quote and up to 32 code points of context
//! on each side. When a document opens, [`resolve`] settles every annotation in this order —
//! the order of [Hypothesis](https://github.com/hypothesis/client)'s `match-quote`, with a
//! stricter acceptance rule:
//!
//! 1. **Kept** ([`AnchorState::Exact`]): the quote is still at the stored offsets **and** the
//!    stored prefix and suffix are still beside it. Position and quote alone are not enough: after
//!    an edit above it, a repeated term (科技创新委员会, 30家) may sit at its old offset by chance
//!    while being another mention. This check is made for every annotation, even when the
//!    source's fingerprint is unchanged (a sidecar may have been edited by hand), but it is
//!    cheap: one pass over the text builds a sparse code point → byte index, after which each
//!    check costs O(quote + context length). 100 000 annotations over an unchanged report
//!    resolve in a fraction of a second.
//!    When the text changed ([`Text::Changed`]: the sidecar was saved for another version of the
//!    report), even an annotation in place goes on to step 2, so that an equally good
//!    occurrence elsewhere is noticed.
//! 2. **Moved** ([`AnchorState::Moved`]): otherwise, every exact occurrence of the quote is a
//!    candidate. All quotes that failed step 1 are searched for in **one pass** over the text
//!    (Aho–Corasick, overlapping matches). Each occurrence is scored like an approximate match
//!    with a perfect quote (below) and the best wins: the stored prefix and suffix decide between
//!    repeated quotes, the old position breaks ties. The winner at the old offset (its context
//!    only changed near it) stays exact. If even the best occurrence is poorly supported by its
//!    context (score below [`ACCEPT_SCORE`], which for an exact quote means prefix and suffix
//!    similarity adding up to less than about 0.85 of 2), or another occurrence's context
//!    supports it just as well (a tie only the position would break), the annotation moves but
//!    is marked [`AnchorState::Check`]: a short quote such as `30家` recurs all over a report, and
//!    finding it somewhere is weak evidence that it is the same passage.
//! 3. **Needs check** ([`AnchorState::Check`]): no exact occurrence, but an **approximate** one:
//!    an in-house Myers (1999) bit-parallel search over code points (blocks of 64, patterns of any
//!    length) finds every place where the quote occurs with at most
//!    `k = min(256, quote length / 2)` edits (Hypothesis's bound). Each candidate is scored as
//!
//!    ```text
//!    score = (50·quote + 20·prefix + 20·suffix + 2·position) / 92
//!    ```
//!
//!    where `quote = 1 − edits / quote length`, `prefix` and `suffix` are the same similarity
//!    between the stored context and the text beside the candidate (the stored context searched
//!    approximately in a window of its own length; 1 when nothing was stored, e.g. at the start
//!    of the document) and `position = 1 − |new start − old start| / text length`. The best
//!    candidate is accepted when `score ≥` [`ACCEPT_SCORE`] (0.75).
//! 4. **Orphaned** ([`AnchorState::Orphaned`]): nothing acceptable. The annotation is kept with
//!    its quote, listed in the panel and re-attachable by the user. **Nothing is ever deleted.**
//!
//! ## Why 0.75, and why approximate matches need context
//!
//! Hypothesis accepts the best approximate candidate whatever its score, and its tracker shows
//! the cost: highlights attached to the wrong passage (hypothesis/client#2798, #4328), which a
//! reader trusts and a reviewer cannot tell from right ones. A wrong anchor is worse than an
//! orphan: an orphan is visible and the user re-attaches it in seconds. So the threshold is set
//! where the quote alone can never carry a match: with `quote ≤ 1 − 1/len` (not exact) and no
//! context support, the best possible score is `(50 + 2)/92 ≈ 0.57`. To reach 0.75 a candidate
//! needs good context on both sides — with a perfect prefix and suffix, a quote that kept at
//! least about 54 % of its text (one digit of `280家` changed: 0.86 → accepted); with one side of
//! the context rewritten, a nearly intact quote (≥ 94 %) and a perfect other side. A short
//! quote matched somewhere random (context similarity typically 0.1–0.3) scores about 0.5 and
//! is orphaned. Every approximate match is marked *check* so that a person confirms it.
//!
//! ## Bounds
//!
//! Approximate search is skipped (the annotation is orphaned) for quotes of one code point
//! (`k` would be 0) and for quotes longer than [`MAX_FUZZY_QUOTE_CHARS`]. It first looks in a
//! window of [`FUZZY_WINDOW_CHARS`] around the old position (most edits are local), then in the
//! whole text; all approximate searching in one [`resolve`] call shares a budget of
//! [`FUZZY_BUDGET`] code-point×block steps (about a second), after which the annotations still
//! unresolved are orphaned rather than freezing the window on a report that was replaced
//! wholesale. Quotes occurring more than [`MAX_EXACT_OCCURRENCES`] times are searched exactly
//! only near their old position.
//!
//! ## Hostile offsets
//!
//! Offsets are code points, never bytes, so an offset cannot fall "inside a UTF-8 sequence":
//! every `usize` is either a code point boundary or beyond the text. A sidecar whose offsets were
//! written as bytes by another tool simply fails the position check (the text there is not the
//! quote) and is re-anchored through its quote. Offsets beyond the text and `end < start` are
//! treated the same way; an orphan's span is normalised to `start ≤ end` so that no later
//! arithmetic on it can overflow.
//!
//! Over 700 lines with its tests (a fifth of the file), which pin the re-anchoring cases together.

mod approx;

use crate::annotation::{Annotation, CONTEXT_CHARS};
use crate::document::{Document, SourceInfo};
use crate::text::offsets::CharOffsets;
use aho_corasick::{AhoCorasick, MatchKind};
pub use approx::{ApproxMatch, approx_search};
use approx::{Pattern, Search, candidate_ends, longest_anchored};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The acceptance threshold for a candidate's normalised score (see the module documentation).
pub const ACCEPT_SCORE: f64 = 0.75;

/// The most edits an approximate match may have, whatever the quote's length (Hypothesis's cap).
pub const MAX_ERRORS: usize = 256;

/// Quotes longer than this (in code points) are not searched approximately.
pub const MAX_FUZZY_QUOTE_CHARS: usize = 4096;

/// Code points on each side of the old position searched approximately before the whole text.
pub const FUZZY_WINDOW_CHARS: usize = 4096;

/// The approximate-search work allowed in one [`resolve`] call, in code point × 64-bit block
/// steps (about a second of work).
pub const FUZZY_BUDGET: u64 = 400_000_000;

/// A quote with more exact occurrences than this is only searched near its old position.
pub const MAX_EXACT_OCCURRENCES: usize = 4096;

const QUOTE_WEIGHT: f64 = 50.0;
const PREFIX_WEIGHT: f64 = 20.0;
const SUFFIX_WEIGHT: f64 = 20.0;
const POSITION_WEIGHT: f64 = 2.0;
/// Exact occurrences fully scored per annotation (the rest are ranked by a cheap context test).
const FULL_SCORE_CANDIDATES: usize = 64;

/// How an annotation's position was established when the document was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum AnchorState {
    /// The quote is at the stored position.
    #[default]
    Exact,
    /// The quote was found at another position and the annotation moved there.
    Moved,
    /// Moved to an approximate match (or to an exact one its context does not support): a person
    /// should check it.
    Check,
    /// No place for it in the current text; kept until the user re-attaches it.
    Orphaned,
}

impl AnchorState {
    /// The lower-case name used in exports (`exact`, `moved`, `check`, `orphaned`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorState::Exact => "exact",
            AnchorState::Moved => "moved",
            AnchorState::Check => "check",
            AnchorState::Orphaned => "orphaned",
        }
    }
}

/// How many annotations ended in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnchorReport {
    /// Kept where they were.
    pub exact: usize,
    /// Moved to an exact occurrence of the quote.
    pub moved: usize,
    /// Moved to an approximate match, or to a poorly supported exact one.
    pub check: usize,
    /// Without a place.
    pub orphaned: usize,
}

impl AnchorReport {
    /// Whether every annotation stayed where it was.
    pub fn all_exact(&self) -> bool {
        self.moved + self.check + self.orphaned == 0
    }

    /// The number of annotations counted.
    pub fn total(&self) -> usize {
        self.exact + self.moved + self.check + self.orphaned
    }

    /// Counts one annotation in `state`.
    pub fn count(&mut self, state: AnchorState) {
        match state {
            AnchorState::Exact => self.exact += 1,
            AnchorState::Moved => self.moved += 1,
            AnchorState::Check => self.check += 1,
            AnchorState::Orphaned => self.orphaned += 1,
        }
    }
}

impl std::fmt::Display for AnchorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} kept, {} moved, {} need checking, {} orphaned",
            self.exact, self.moved, self.check, self.orphaned
        )
    }
}

/// Whether the document's text may differ from the text the annotations were made on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// The same source, decoded and extracted the same way (the sidecar's fingerprint matches):
    /// an annotation whose quote and context are at its offsets is kept without a search.
    Same,
    /// Another text (the report was edited, or extracted by another version): every annotation
    /// is searched for among all occurrences of its quote, so that a repeated term whose context
    /// happens to match at the old offset is not kept there when another occurrence is as good.
    Changed,
}

/// Whether `now` is the text the annotations saved for `then` were made on: the same bytes,
/// decoded and extracted the same way (the file's name may differ).
pub fn text_since(then: &SourceInfo, now: &SourceInfo) -> Text {
    let same = then.sha256 == now.sha256
        && then.encoding == now.encoding
        && then.format == now.format
        && then.extractor == now.extractor;
    if same { Text::Same } else { Text::Changed }
}

/// Re-anchors every annotation against `doc`, updating spans and states in place. Never removes
/// an annotation; see the module documentation for the rules.
pub fn resolve(doc: &Document, annotations: &mut [Annotation], text: Text) -> AnchorReport {
    let index = TextIndex::new(doc);
    let mut pending = Vec::new();
    for (i, a) in annotations.iter_mut().enumerate() {
        let in_place =
            index.slice(a.start, a.end) == Some(a.quote.as_str()) && context_agrees(&index, a);
        if in_place && text == Text::Same {
            // A stored "check" stays to be checked until a person confirms it.
            if a.anchor != AnchorState::Check {
                a.anchor = AnchorState::Exact;
            }
        } else if a.quote.is_empty() {
            orphan(a);
        } else {
            pending.push(i);
        }
    }
    if !pending.is_empty() {
        let unresolved = resolve_exact(&index, annotations, &pending);
        resolve_fuzzy(&index, annotations, &unresolved);
    }
    let mut report = AnchorReport::default();
    for a in annotations.iter() {
        report.count(a.anchor);
    }
    report
}

/// Whether the stored prefix and suffix (their last and first [`CONTEXT_CHARS`] code points)
/// are exactly the text beside the annotation's span.
fn context_agrees(index: &TextIndex, a: &Annotation) -> bool {
    let prefix_len = a.prefix.chars().count().min(CONTEXT_CHARS);
    let suffix_len = a.suffix.chars().count().min(CONTEXT_CHARS);
    let prefix = a.prefix.chars().rev().take(prefix_len).eq(index
        .slice(a.start.saturating_sub(prefix_len), a.start)
        .unwrap_or_default()
        .chars()
        .rev());
    let suffix = a.suffix.chars().take(suffix_len).eq(index
        .slice(a.end, a.end + suffix_len)
        .unwrap_or_default()
        .chars());
    prefix && suffix
}

fn orphan(a: &mut Annotation) {
    a.anchor = AnchorState::Orphaned;
    if a.end < a.start {
        a.end = a.start;
    }
}

/// Step 2: exact occurrences, found for all pending quotes in one pass. Returns the annotations
/// still without a place.
fn resolve_exact(
    index: &TextIndex,
    annotations: &mut [Annotation],
    pending: &[usize],
) -> Vec<usize> {
    let mut pattern_of: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    for &i in pending {
        let q = &annotations[i].quote;
        if !pattern_of.contains_key(q) {
            pattern_of.insert(q.clone(), patterns.len());
            patterns.push(q.clone());
        }
    }
    // Byte offsets of each pattern's occurrences; `None` once a pattern is too common to list.
    let mut found: Vec<Option<Vec<usize>>> = vec![Some(Vec::new()); patterns.len()];
    let searcher = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&patterns);
    match searcher {
        Ok(ac) => {
            for m in ac.find_overlapping_iter(index.text) {
                let slot = &mut found[m.pattern().as_usize()];
                if let Some(list) = slot {
                    if list.len() >= MAX_EXACT_OCCURRENCES {
                        *slot = None;
                    } else {
                        list.push(m.start());
                    }
                }
            }
        }
        // Too many or too large patterns for one automaton: search each near its position.
        Err(_) => found.iter_mut().for_each(|f| *f = None),
    }
    let occurrences: Vec<Option<Vec<usize>>> = found
        .into_iter()
        .map(|f| {
            f.map(|mut bytes| {
                bytes.sort_unstable();
                bytes.into_iter().map(|b| index.char_of_byte(b)).collect()
            })
        })
        .collect();

    let mut unresolved = Vec::new();
    for &i in pending {
        let a = &annotations[i];
        let pid = pattern_of.get(a.quote.as_str()).copied().unwrap_or(0);
        let quote_len = a.quote.chars().count();
        let hint = a.start.min(index.char_len);
        let starts = match occurrences.get(pid) {
            Some(Some(list)) => list.clone(),
            _ => index.find_near(&a.quote, hint, FUZZY_WINDOW_CHARS.max(quote_len * 4)),
        };
        let ctx = Context::of(a);
        let best = best_exact(index, &ctx, &starts, quote_len, hint);
        let a = &mut annotations[i];
        match best {
            Some(best) => {
                let stayed = best.start == a.start;
                a.start = best.start;
                a.end = best.start + quote_len;
                a.anchor = match (best.score >= ACCEPT_SCORE && !best.tied, stayed) {
                    (false, _) => AnchorState::Check,
                    // A stored "check" stays to be checked until a person confirms it.
                    (true, true) if a.anchor == AnchorState::Check => AnchorState::Check,
                    (true, true) => AnchorState::Exact,
                    (true, false) => AnchorState::Moved,
                };
            }
            None => unresolved.push(i),
        }
    }
    unresolved
}

/// The best exact occurrence of a quote.
struct BestExact {
    start: usize,
    score: f64,
    /// Another occurrence's context supports it as well: only the position chose.
    tied: bool,
}

/// The best scored occurrence among `starts` (sorted code point offsets of the exact quote).
fn best_exact(
    index: &TextIndex,
    ctx: &Context,
    starts: &[usize],
    quote_len: usize,
    hint: usize,
) -> Option<BestExact> {
    // Keep the occurrences nearest the old position, then the best by a cheap context test.
    let mut chosen: Vec<usize> = if starts.len() > MAX_EXACT_OCCURRENCES {
        let at = starts.partition_point(|&s| s < hint);
        let lo = at.saturating_sub(MAX_EXACT_OCCURRENCES / 2);
        let hi = (lo + MAX_EXACT_OCCURRENCES).min(starts.len());
        starts.get(lo..hi).unwrap_or_default().to_vec()
    } else {
        starts.to_vec()
    };
    if chosen.len() > FULL_SCORE_CANDIDATES {
        chosen.sort_by_cached_key(|&s| {
            let before: Vec<char> = index.chars(s.saturating_sub(CONTEXT_CHARS), s);
            let after: Vec<char> = index.chars(s + quote_len, s + quote_len + CONTEXT_CHARS);
            let agree = common_suffix(&before, &ctx.prefix) + common_prefix(&after, &ctx.suffix);
            (std::cmp::Reverse(agree), s.abs_diff(hint))
        });
        chosen.truncate(FULL_SCORE_CANDIDATES);
    }
    // Scored with and without the position term: the context alone decides ties.
    let scored: Vec<(usize, f64, f64)> = chosen
        .into_iter()
        .map(|s| {
            let with_position = score(index, ctx, s, s + quote_len, 1.0, hint);
            let context_only = score(index, ctx, s, s + quote_len, 1.0, s);
            (s, with_position, context_only)
        })
        .collect();
    let (start, best_score, best_context) = scored.iter().copied().fold(
        None,
        |best: Option<(usize, f64, f64)>, (s, sc, cx)| match best {
            Some((bs, bsc, bcx))
                if bsc > sc || (bsc == sc && bs.abs_diff(hint) <= s.abs_diff(hint)) =>
            {
                Some((bs, bsc, bcx))
            }
            _ => Some((s, sc, cx)),
        },
    )?;
    let tied = scored
        .iter()
        .any(|&(s, _, cx)| s != start && cx >= best_context - 1e-9);
    Some(BestExact {
        start,
        score: best_score,
        tied,
    })
}

/// Step 3: approximate matches, near the old position first, then anywhere while the budget
/// lasts. What remains is orphaned.
fn resolve_fuzzy(index: &TextIndex, annotations: &mut [Annotation], pending: &[usize]) {
    let mut budget = FUZZY_BUDGET;
    let mut far = Vec::new();
    for &i in pending {
        let a = &annotations[i];
        let quote: Vec<char> = a.quote.chars().collect();
        let k = (quote.len() / 2).min(MAX_ERRORS);
        if k == 0 || quote.len() > MAX_FUZZY_QUOTE_CHARS {
            orphan(&mut annotations[i]);
            continue;
        }
        let pattern = Pattern::new(&quote);
        let ctx = Context::of(a);
        let hint = a.start.min(index.char_len);
        let reach = FUZZY_WINDOW_CHARS + quote.len() + k;
        let from = hint.saturating_sub(reach);
        let to = (hint + reach).min(index.char_len);
        let window = index.chars(from, to);
        let cost = window.len() as u64 * pattern.blocks() as u64;
        if cost > budget {
            orphan(&mut annotations[i]);
            continue;
        }
        budget -= cost;
        let found = best_fuzzy(index, &pattern, &ctx, window.iter().copied(), from, k, hint);
        match found {
            Some((m, s)) if s >= ACCEPT_SCORE => place_check(&mut annotations[i], m),
            // Nothing acceptable near by; when the window was the whole text, nowhere.
            _ if from == 0 && to == index.char_len => orphan(&mut annotations[i]),
            _ => far.push(i),
        }
    }
    for i in far {
        let a = &annotations[i];
        let quote: Vec<char> = a.quote.chars().collect();
        let k = (quote.len() / 2).min(MAX_ERRORS);
        let pattern = Pattern::new(&quote);
        let cost = index.char_len as u64 * pattern.blocks() as u64;
        if cost > budget {
            orphan(&mut annotations[i]);
            continue;
        }
        budget -= cost;
        let ctx = Context::of(a);
        let hint = a.start.min(index.char_len);
        match best_fuzzy(index, &pattern, &ctx, index.text.chars(), 0, k, hint) {
            Some((m, s)) if s >= ACCEPT_SCORE => place_check(&mut annotations[i], m),
            _ => orphan(&mut annotations[i]),
        }
    }
}

fn place_check(a: &mut Annotation, m: ApproxMatch) {
    a.start = m.start;
    a.end = m.end;
    a.anchor = AnchorState::Check;
}

/// The best-scoring approximate match of `pattern` in `text` (which starts at code point
/// `offset` of the document).
fn best_fuzzy(
    index: &TextIndex,
    pattern: &Pattern,
    ctx: &Context,
    text: impl Iterator<Item = char>,
    offset: usize,
    k: usize,
    hint: usize,
) -> Option<(ApproxMatch, f64)> {
    let ends = candidate_ends(pattern, text, k, |end| (offset + end).abs_diff(hint));
    let reversed = Pattern::new(&pattern.chars.iter().rev().copied().collect::<Vec<_>>());
    let mut best: Option<(ApproxMatch, f64)> = None;
    for (end, errors) in ends {
        let end = offset + end;
        let from = end.saturating_sub(pattern.len() + errors);
        let mut window = index.chars(from, end);
        window.reverse();
        let start = end - longest_anchored(&reversed, &window, errors).unwrap_or(0);
        let m = ApproxMatch { start, end, errors };
        let quote_sim = 1.0 - errors as f64 / pattern.len().max(1) as f64;
        let s = score(index, ctx, start, end, quote_sim, hint);
        let better = match best {
            None => true,
            Some((b, bs)) => s > bs || (s == bs && start.abs_diff(hint) < b.start.abs_diff(hint)),
        };
        if better {
            best = Some((m, s));
        }
    }
    best
}

/// Hypothesis's candidate score, normalised to [0, 1].
fn score(
    index: &TextIndex,
    ctx: &Context,
    start: usize,
    end: usize,
    quote: f64,
    hint: usize,
) -> f64 {
    let before = index.chars(start.saturating_sub(ctx.prefix.len()), start);
    let after = index.chars(end, end + ctx.suffix.len());
    let prefix = context_similarity(&ctx.prefix, &before);
    let suffix = context_similarity(&ctx.suffix, &after);
    let position = 1.0 - start.abs_diff(hint) as f64 / index.char_len.max(1) as f64;
    (QUOTE_WEIGHT * quote
        + PREFIX_WEIGHT * prefix
        + SUFFIX_WEIGHT * suffix
        + POSITION_WEIGHT * position)
        / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)
}

/// How well the stored context matches the text beside a candidate: 1 − (fewest edits turning
/// `stored` into a substring of `actual`) / `stored` length. 1 when nothing was stored.
fn context_similarity(stored: &[char], actual: &[char]) -> f64 {
    if stored.is_empty() {
        return 1.0;
    }
    let pattern = Pattern::new(stored);
    let mut search = Search::new(&pattern);
    let mut best = stored.len();
    for &c in actual {
        best = best.min(search.step(c));
    }
    1.0 - best as f64 / stored.len() as f64
}

/// The stored context of an annotation, as code points (at most [`CONTEXT_CHARS`] each, so that
/// a hostile sidecar cannot make scoring expensive).
struct Context {
    prefix: Vec<char>,
    suffix: Vec<char>,
}

impl Context {
    fn of(a: &Annotation) -> Context {
        let mut prefix: Vec<char> = a.prefix.chars().rev().take(CONTEXT_CHARS).collect();
        prefix.reverse();
        Context {
            prefix,
            suffix: a.suffix.chars().take(CONTEXT_CHARS).collect(),
        }
    }
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// A document's text with its code point index ([`CharOffsets`]), as the anchoring searches
/// use it.
struct TextIndex<'t> {
    text: &'t str,
    offsets: &'t CharOffsets,
    char_len: usize,
}

impl<'t> TextIndex<'t> {
    fn new(doc: &'t Document) -> TextIndex<'t> {
        TextIndex {
            text: doc.text(),
            offsets: doc.offsets(),
            char_len: doc.char_len(),
        }
    }

    /// The byte offset of code point `c`; `None` beyond the end.
    fn byte_of(&self, c: usize) -> Option<usize> {
        self.offsets.byte_of(self.text, c)
    }

    /// The code point offset of byte `b` (a character boundary).
    fn char_of_byte(&self, b: usize) -> usize {
        self.offsets.char_of_byte(self.text, b)
    }

    /// `text[start..end]` in code points; `None` unless `start ≤ end ≤ length`.
    fn slice(&self, start: usize, end: usize) -> Option<&'t str> {
        self.offsets.slice(self.text, start, end)
    }

    /// The code points of `start..end`, clamped to the text.
    fn chars(&self, start: usize, end: usize) -> Vec<char> {
        let end = end.min(self.char_len);
        let start = start.min(end);
        self.slice(start, end)
            .map_or_else(Vec::new, |s| s.chars().collect())
    }

    /// Exact occurrences of `quote` starting within `radius` code points of `hint`.
    fn find_near(&self, quote: &str, hint: usize, radius: usize) -> Vec<usize> {
        let from = hint.saturating_sub(radius);
        let to = (hint + radius + quote.chars().count()).min(self.char_len);
        let (Some(a), Some(b)) = (self.byte_of(from.min(to)), self.byte_of(to)) else {
            return Vec::new();
        };
        let Some(window) = self.text.get(a..b) else {
            return Vec::new();
        };
        let mut starts = Vec::new();
        let mut chars = from.min(to);
        let mut last = 0;
        let mut at = 0;
        while let Some(pos) = window.get(at..).and_then(|w| w.find(quote)) {
            let byte = at + pos;
            chars += window.get(last..byte).map_or(0, |s| s.chars().count());
            last = byte;
            starts.push(chars);
            // Step one code point forward, so that overlapping occurrences are found too.
            at = byte
                + window
                    .get(byte..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
        }
        starts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Kind, Label};

    fn annotate(text: &str, quote: &str, nth: usize) -> Annotation {
        let doc = Document::from_text("t.txt", text);
        let byte = text.match_indices(quote).nth(nth).unwrap().0;
        let start = text[..byte].chars().count();
        Annotation::new(
            &doc,
            start,
            start + quote.chars().count(),
            Label::empty(Kind::Figure),
        )
    }

    #[test]
    fn unchanged_text_keeps_every_annotation_exact() {
        let text = "新增企业280家，投资296.9亿元。";
        let mut anns = vec![annotate(text, "280家", 0), annotate(text, "296.9亿元", 0)];
        let before = anns.clone();
        let report = resolve(&Document::from_text("t.txt", text), &mut anns, Text::Same);
        assert!(report.all_exact());
        assert_eq!(anns, before);
    }

    #[test]
    fn inserted_text_moves_the_annotation_to_its_quote() {
        let old = "新增企业280家。";
        let mut anns = vec![annotate(old, "280家", 0)];
        let new = Document::from_text("t.txt", "𠀾据统计，全年新增企业280家。");
        let report = resolve(&new, &mut anns, Text::Changed);
        assert_eq!(report.moved, 1);
        assert_eq!(new.slice(anns[0].start, anns[0].end), "280家");
        assert_eq!(anns[0].anchor, AnchorState::Moved);
    }

    #[test]
    fn context_picks_the_right_one_of_repeated_quotes() {
        let old = "甲区新增30家。乙区新增30家。";
        let mut anns = vec![annotate(old, "30家", 1)];
        // Text is inserted before both; the second occurrence (after 乙区) must be chosen
        // even though the first is nearer the old offset.
        let new = Document::from_text("t.txt", "一二三四五六七甲区新增30家。乙区新增30家。");
        resolve(&new, &mut anns, Text::Changed);
        assert_eq!(anns[0].start, 19);
        assert_eq!(new.slice(anns[0].start - 4, anns[0].start), "乙区新增");
    }

    #[test]
    fn text_changes_with_the_bytes_the_decoding_or_the_extractor_not_the_name() {
        let then = Document::from_text("t.txt", "新增企业280家。").source;
        let mut renamed = then.clone();
        renamed.file_name = "plan.txt".into();
        assert_eq!(text_since(&then, &renamed), Text::Same);
        let mut extracted = then.clone();
        extracted.extractor = "gloss-pdf 2".into();
        assert_eq!(text_since(&then, &extracted), Text::Changed);
        let mut edited = then.clone();
        edited.sha256 = "0".repeat(64);
        assert_eq!(text_since(&then, &edited), Text::Changed);
    }

    #[test]
    fn vanished_quote_is_orphaned_and_kept() {
        let mut anns = vec![annotate("新增企业280家。", "280家", 0)];
        let doc = Document::from_text("t.txt", "全文已改写。");
        let report = resolve(&doc, &mut anns, Text::Changed);
        assert_eq!(report.orphaned, 1);
        assert_eq!(anns.len(), 1);
        assert_eq!(anns[0].quote, "280家");
        assert!(!anns[0].is_placed());
    }

    #[test]
    fn corrected_figure_in_the_same_sentence_is_moved_for_checking() {
        let old =
            "据统计，二〇二五年全市新增规模以上工业企业280家，同比增长百分之十二。其他内容不变。";
        let mut anns = vec![annotate(old, "规模以上工业企业280家", 0)];
        let new = Document::from_text(
            "t.txt",
            "前言。据统计，二〇二五年全市新增规模以上工业企业286家，同比增长百分之十二。其他内容不变。",
        );
        let report = resolve(&new, &mut anns, Text::Changed);
        assert_eq!(report.check, 1, "{report}");
        assert_eq!(
            new.slice(anns[0].start, anns[0].end),
            "规模以上工业企业286家"
        );
        assert_eq!(anns[0].anchor, AnchorState::Check);
    }

    #[test]
    fn a_short_quote_with_an_edit_and_no_supporting_context_is_orphaned_not_misplaced() {
        // "30家" becomes "35家" in a sentence that was otherwise rewritten: the only near match
        // has no context support, so it must not be taken (Hypothesis's over-eagerness).
        let old = "甲区今年新增企业30家，主要集中在电子信息产业。";
        let mut anns = vec![annotate(old, "30家", 0)];
        let new = Document::from_text("t.txt", "报告显示，另有一个县城去年关闭工厂35家以上。");
        let report = resolve(&new, &mut anns, Text::Changed);
        assert_eq!(report.orphaned, 1, "{report}: {:?}", anns[0]);
    }

    #[test]
    fn exact_quote_without_context_support_is_marked_for_checking() {
        let old = "第一段说明全市新增企业280家的情况。";
        let mut anns = vec![annotate(old, "280家", 0)];
        let new = Document::from_text("t.txt", "完全不同的一篇文章里也提到280家这个数字而已。");
        resolve(&new, &mut anns, Text::Changed);
        assert_eq!(anns[0].anchor, AnchorState::Check);
        assert_eq!(new.slice(anns[0].start, anns[0].end), "280家");
    }

    #[test]
    fn hostile_offsets_are_re_anchored_through_the_quote_or_orphaned() {
        let text = "😀𠀾新增企业280家，投资30亿元。";
        let doc = Document::from_text("t.txt", text);
        let good = annotate(text, "280家", 0);
        let mut beyond = good.clone();
        (beyond.start, beyond.end) = (usize::MAX - 1, usize::MAX);
        let mut reversed = good.clone();
        (reversed.start, reversed.end) = (good.end, good.start);
        // Offsets written as UTF-8 bytes by some other tool: 😀 and 𠀾 are 4 bytes each.
        let byte_start = text.find("280家").unwrap();
        let mut bytes = good.clone();
        (bytes.start, bytes.end) = (byte_start, byte_start + "280家".len());
        let mut lost = good.clone();
        lost.quote = "不存在的句子".into();
        (lost.start, lost.end) = (usize::MAX, 3);
        let mut anns = vec![beyond, reversed, bytes, lost];
        let report = resolve(&doc, &mut anns, Text::Same);
        for a in &anns[..3] {
            assert_eq!((a.start, a.end), (good.start, good.end));
            assert_eq!(a.anchor, AnchorState::Moved);
        }
        assert_eq!(report.orphaned, 1);
        assert!(anns[3].start <= anns[3].end, "orphan span normalised");
        assert_eq!(anns[3].quote, "不存在的句子");
    }

    #[test]
    fn unchanged_large_document_keeps_every_annotation_in_place() {
        let sentence = "新密市科工信局力争全年完成工业投资296.9亿元，同比增长19.7%。\n";
        let text = sentence.repeat(20_000);
        let doc = Document::from_text("big.txt", &text);
        let per = sentence.chars().count();
        let mut anns: Vec<Annotation> = (0..100_000)
            .map(|i| {
                let start = (i % 20_000) * per + 17;
                Annotation::new(&doc, start, start + 7, Label::empty(Kind::Figure))
            })
            .collect();
        let report = resolve(&doc, &mut anns, Text::Same);
        assert_eq!(report.exact, 100_000);
        assert!(anns.iter().all(|a| doc.slice(a.start, a.end) == a.quote));
    }
}
