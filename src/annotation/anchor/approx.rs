//! Approximate search over code points: Myers's (1999) bit-parallel algorithm, in blocks of 64
//! so patterns may be of any length, finding where a quote occurs with at most `k` edits.

/// An approximate occurrence of a pattern: code point span and edit count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApproxMatch {
    /// Start (code points).
    pub start: usize,
    /// End, exclusive (code points).
    pub end: usize,
    /// The Levenshtein distance between the pattern and `text[start..end]`.
    pub errors: usize,
}

/// Approximate candidates kept per search (fewest edits, then nearest the old position).
const MAX_FUZZY_CANDIDATES: usize = 256;

/// Every approximate occurrence of `pattern` in `text` with at most `max_errors` edits: for each
/// end where the edit count is a local minimum, the longest match ending there with that count.
/// Code point offsets. An empty pattern has no occurrences.
pub fn approx_search(text: &[char], pattern: &[char], max_errors: usize) -> Vec<ApproxMatch> {
    if pattern.is_empty() {
        return Vec::new();
    }
    let forward = Pattern::new(pattern);
    let reversed = Pattern::new(&pattern.iter().rev().copied().collect::<Vec<_>>());
    let mut out = Vec::new();
    local_minima(&forward, text.iter().copied(), max_errors, |end, errors| {
        let from = end.saturating_sub(pattern.len() + errors);
        let mut window: Vec<char> = text.get(from..end).unwrap_or_default().to_vec();
        window.reverse();
        let start = end - longest_anchored(&reversed, &window, errors).unwrap_or(0);
        out.push(ApproxMatch { start, end, errors });
    });
    out
}

/// Candidate ends (with edit counts) of `pattern` in `text`, at most [`MAX_FUZZY_CANDIDATES`]:
/// fewest edits first, then the smallest `distance`.
pub(super) fn candidate_ends(
    pattern: &Pattern,
    text: impl Iterator<Item = char>,
    k: usize,
    distance: impl Fn(usize) -> usize,
) -> Vec<(usize, usize)> {
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let prune = |kept: &mut Vec<(usize, usize)>| {
        kept.sort_by_key(|&(end, errors)| (errors, distance(end)));
        kept.truncate(MAX_FUZZY_CANDIDATES);
    };
    local_minima(pattern, text, k, |end, errors| {
        kept.push((end, errors));
        if kept.len() >= 2 * MAX_FUZZY_CANDIDATES {
            prune(&mut kept);
        }
    });
    prune(&mut kept);
    kept
}

/// Calls `emit(end, errors)` for each end (exclusive, in code points) where the pattern matches
/// with at most `k` edits and the edit count is a local minimum (first of a plateau).
fn local_minima(
    pattern: &Pattern,
    text: impl Iterator<Item = char>,
    k: usize,
    mut emit: impl FnMut(usize, usize),
) {
    let mut search = Search::new(pattern);
    // Before any text, the only match is the empty one: every pattern character deleted.
    let m = pattern.chars.len();
    let mut prev = m;
    let mut cur: Option<(usize, usize)> = (m <= k).then_some((0, m)); // waiting for its right neighbour
    for (i, c) in text.enumerate() {
        let errors = search.step(c);
        if let Some((end, e)) = cur.take()
            && e <= errors
        {
            emit(end, e);
        }
        if errors <= k && errors < prev {
            cur = Some((i + 1, errors));
        }
        prev = errors;
    }
    if let Some((end, e)) = cur {
        emit(end, e);
    }
}

/// The largest `j` such that `pattern` is within `k` edits of `text[..j]` (a match anchored at
/// the start of `text`). Run on reversed text and pattern, it finds where a match found by its
/// end starts, taking the longest of the equally good starts.
pub(super) fn longest_anchored(pattern: &Pattern, text: &[char], k: usize) -> Option<usize> {
    let mut search = Search::anchored(pattern);
    // Against the empty prefix the distance is the pattern's length.
    let mut last = (pattern.len() <= k).then_some(0);
    for (i, &c) in text.iter().enumerate() {
        if search.step(c) <= k {
            last = Some(i + 1);
        }
    }
    last
}

/// A pattern prepared for Myers's bit-parallel search: per distinct code point, one 64-bit mask
/// per block of 64 pattern positions.
pub(super) struct Pattern {
    pub(super) chars: Vec<char>,
    blocks: usize,
    table: CharTable,
    /// Row 0 is all zeros (code points not in the pattern); row `r` belongs to the `r`-th
    /// distinct code point.
    peq: Vec<u64>,
    last_mask: u64,
}

impl Pattern {
    pub(super) fn new(chars: &[char]) -> Pattern {
        let blocks = chars.len().div_ceil(64).max(1);
        let mut table = CharTable::with_capacity(chars.len());
        let mut peq = vec![0u64; blocks];
        for (i, &c) in chars.iter().enumerate() {
            let row = match table.get(c) {
                0 => {
                    peq.extend(std::iter::repeat_n(0, blocks));
                    let row = peq.len() / blocks - 1;
                    table.insert(c, row);
                    row
                }
                row => row,
            };
            if let Some(mask) = peq.get_mut(row * blocks + i / 64) {
                *mask |= 1u64 << (i % 64);
            }
        }
        let last_bit = chars.len().saturating_sub(1) % 64;
        Pattern {
            chars: chars.to_vec(),
            blocks,
            table,
            peq,
            last_mask: 1u64 << last_bit,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }

    pub(super) fn blocks(&self) -> usize {
        self.blocks
    }

    fn eq(&self, c: char) -> &[u64] {
        let row = self.table.get(c);
        self.peq
            .get(row * self.blocks..(row + 1) * self.blocks)
            .unwrap_or_default()
    }
}

/// The running state of one search: vertical delta vectors per block and the edit count at the
/// pattern's last row (Myers 1999, in the block form of Hyyrö 2003, as in `approx-string-match`).
pub(super) struct Search<'p> {
    pattern: &'p Pattern,
    pv: Vec<u64>,
    mv: Vec<u64>,
    score: usize,
    /// The horizontal delta entering row 0: 0 to match anywhere (Sellers), 1 for a match
    /// anchored at the start of the text.
    top: i32,
}

impl<'p> Search<'p> {
    /// A search for matches starting anywhere.
    pub(super) fn new(pattern: &'p Pattern) -> Search<'p> {
        Search {
            pattern,
            pv: vec![!0; pattern.blocks],
            mv: vec![0; pattern.blocks],
            score: pattern.len(),
            top: 0,
        }
    }

    /// A search for matches starting at the first code point (plain edit distance to each
    /// prefix of the text).
    fn anchored(pattern: &'p Pattern) -> Search<'p> {
        Search {
            top: 1,
            ..Search::new(pattern)
        }
    }

    /// Consumes one text code point; returns the fewest edits of a match ending after it.
    pub(super) fn step(&mut self, c: char) -> usize {
        let eqs = self.pattern.eq(c);
        let last = self.pattern.blocks - 1;
        let mut carry = self.top; // horizontal delta entering the block's top row
        for (b, (pv, mv)) in self.pv.iter_mut().zip(self.mv.iter_mut()).enumerate() {
            let eq = eqs.get(b).copied().unwrap_or(0) | u64::from(carry < 0);
            let xv = eq | *mv;
            let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
            let mut ph = *mv | !(xh | *pv);
            let mut mh = *pv & xh;
            let mask = if b == last {
                self.pattern.last_mask
            } else {
                1 << 63
            };
            let out = i32::from(ph & mask != 0) - i32::from(mh & mask != 0);
            ph <<= 1;
            mh <<= 1;
            if carry < 0 {
                mh |= 1;
            } else if carry > 0 {
                ph |= 1;
            }
            *pv = mh | !(xv | ph);
            *mv = ph & xv;
            carry = out;
        }
        self.score = self.score.saturating_add_signed(carry as isize);
        self.score
    }
}

/// An open-addressing map from code point to a small row number (0 = absent), much faster per
/// text code point than a `HashMap`.
struct CharTable {
    keys: Vec<u32>,
    rows: Vec<usize>,
    shift: u32,
}

const EMPTY: u32 = u32::MAX;

impl CharTable {
    fn with_capacity(n: usize) -> CharTable {
        let size = (n.max(4) * 2).next_power_of_two();
        CharTable {
            keys: vec![EMPTY; size],
            rows: vec![0; size],
            shift: 32 - size.trailing_zeros(),
        }
    }

    fn slot(&self, c: u32) -> usize {
        (c.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    fn get(&self, c: char) -> usize {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(c as u32);
        loop {
            match self.keys.get(i) {
                Some(&k) if k == c as u32 => return self.rows.get(i).copied().unwrap_or(0),
                Some(&EMPTY) | None => return 0,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    fn insert(&mut self, c: char, row: usize) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(c as u32);
        while let Some(&k) = self.keys.get(i) {
            if k == EMPTY || k == c as u32 {
                self.keys[i] = c as u32;
                self.rows[i] = row;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sellers's dynamic programme: the fewest edits of a match of `p` ending after each `t[j]`.
    fn naive_end_errors(p: &[char], t: &[char]) -> Vec<usize> {
        let mut col: Vec<usize> = (0..=p.len()).collect();
        let mut out = Vec::new();
        for &c in t {
            let mut next = vec![0; p.len() + 1];
            for i in 1..=p.len() {
                let sub = col[i - 1] + usize::from(p[i - 1] != c);
                next[i] = sub.min(col[i] + 1).min(next[i - 1] + 1);
            }
            out.push(next[p.len()]);
            col = next;
        }
        out
    }

    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(x != y))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    fn small_alphabet() -> impl Strategy<Value = char> {
        prop::sample::select(vec!['a', 'b', 'c', '字', '𠀾', '\n'])
    }

    proptest! {
        #[test]
        fn myers_agrees_with_the_naive_dp(
            p in prop::collection::vec(small_alphabet(), 1..150),
            t in prop::collection::vec(small_alphabet(), 0..300),
        ) {
            let pattern = Pattern::new(&p);
            let mut search = Search::new(&pattern);
            let fast: Vec<usize> = t.iter().map(|&c| search.step(c)).collect();
            prop_assert_eq!(fast, naive_end_errors(&p, &t));
        }

        #[test]
        fn approximate_matches_are_real_and_complete(
            p in prop::collection::vec(small_alphabet(), 1..80),
            t in prop::collection::vec(small_alphabet(), 0..200),
            k in 0usize..10,
        ) {
            let matches = approx_search(&t, &p, k);
            for m in &matches {
                prop_assert!(m.start <= m.end && m.end <= t.len());
                prop_assert!(m.errors <= k);
                prop_assert_eq!(levenshtein(&p, &t[m.start..m.end]), m.errors);
            }
            // Every end at which the DP finds a match ≤ k is covered by a reported match ending
            // within a run of such ends with no more edits.
            // The empty match before the first char costs the whole pattern.
            let best = naive_end_errors(&p, &t).into_iter().chain([p.len()]).min();
            if let Some(best) = best.filter(|&b| b <= k) {
                prop_assert_eq!(matches.iter().map(|m| m.errors).min(), Some(best));
            } else {
                prop_assert!(matches.is_empty());
            }
        }
    }

    /// Found by `cargo fuzz` (anchor_resolve): with an empty text, the empty match was not
    /// reported. Now every small case is checked against the dynamic programme.
    #[test]
    fn approx_search_finds_the_best_match_in_every_small_case() {
        let alphabet = ['a', 'b', 'c'];
        let words = |n: usize| -> Vec<Vec<char>> {
            let mut out = vec![vec![]];
            for len in 1..=n {
                let mut w = vec![0usize; len];
                loop {
                    out.push(w.iter().map(|&i| alphabet[i]).collect());
                    let mut j = 0;
                    while j < len {
                        w[j] += 1;
                        if w[j] < 3 {
                            break;
                        }
                        w[j] = 0;
                        j += 1;
                    }
                    if j == len {
                        break;
                    }
                }
            }
            out
        };
        for p in words(4).into_iter().filter(|p| !p.is_empty()) {
            for t in words(5) {
                for k in 0..5 {
                    // The best match, the empty one (every character deleted) included.
                    let b = naive_end_errors(&p, &t)
                        .into_iter()
                        .fold(p.len(), usize::min);
                    let found = approx_search(&t, &p, k).iter().map(|m| m.errors).min();
                    assert_eq!(found, (b <= k).then_some(b), "p {p:?} t {t:?} k {k}");
                }
            }
        }
    }
}
