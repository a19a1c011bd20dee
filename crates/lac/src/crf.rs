//! The linear-chain CRF on top of the network: Viterbi decoding as Paddle's `viterbi_decode` does
//! it (with start and stop transitions), and forward-backward marginals for confidence.

use crate::Kernels;

pub(crate) struct Crf {
    t: usize,
    /// `trans[from * t + to]`.
    trans: Vec<f32>,
    /// Score of starting in a tag: row `T-1` of the matrix (Paddle's BOS row).
    start: Vec<f32>,
    /// Score of ending in a tag: row `T-2` (Paddle's EOS, read as a row).
    stop: Vec<f32>,
    /// `exp(trans - max)`, for the forward-backward recursions, and its transpose.
    exp_trans: Vec<f32>,
    exp_trans_t: Vec<f32>,
}

impl Crf {
    pub(crate) fn new(trans: Vec<f32>, t: usize) -> Crf {
        let start = trans[(t - 1) * t..t * t].to_vec();
        let stop = trans[(t - 2) * t..(t - 1) * t].to_vec();
        let max = trans.iter().copied().fold(f32::MIN, f32::max);
        let exp_trans: Vec<f32> = trans.iter().map(|&v| (v - max).exp()).collect();
        let exp_trans_t = (0..t * t).map(|k| exp_trans[(k % t) * t + k / t]).collect();
        Crf {
            t,
            trans,
            start,
            stop,
            exp_trans,
            exp_trans_t,
        }
    }

    pub(crate) fn tags(&self) -> usize {
        self.t
    }

    /// The best tag sequence for `emissions` (`n × T`) and, for each character, the marginal
    /// probability of its tag there. With [`Kernels::Detected`] the loops are compiled for AVX2
    /// when the CPU has it (the same comparisons and sums in the same order: the same results).
    pub(crate) fn decode(&self, emissions: &[f32], kernels: Kernels) -> (Vec<u8>, Vec<f32>) {
        #[cfg(target_arch = "x86_64")]
        if kernels == Kernels::Detected && std::is_x86_feature_detected!("avx2") {
            #[allow(unsafe_code)]
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.decode_avx2(emissions) };
        }
        let _ = kernels;
        self.decode_portable(emissions)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn decode_avx2(&self, emissions: &[f32]) -> (Vec<u8>, Vec<f32>) {
        self.decode_portable(emissions)
    }

    /// Both steps, inlined into the AVX2 entry point so that they are compiled for it.
    #[inline(always)]
    fn decode_portable(&self, emissions: &[f32]) -> (Vec<u8>, Vec<f32>) {
        let path = self.viterbi(emissions);
        let marginals = self.path_marginals(emissions, &path);
        (path, marginals)
    }

    /// The best tag sequence for `emissions` (`n × T`); ties go to the lower tag id.
    #[inline(always)]
    pub(crate) fn viterbi(&self, emissions: &[f32]) -> Vec<u8> {
        let t = self.t;
        let n = emissions.len() / t;
        let mut score: Vec<f32> = self
            .start
            .iter()
            .zip(&emissions[..t])
            .map(|(s, e)| s + e)
            .collect();
        let mut next = vec![0.0f32; t];
        let mut back = vec![0u8; n * t];
        // As wide as the scores, so that the compare-and-select loop below vectorises.
        let mut arg = vec![0u32; t];
        for step in 1..n {
            // Row by row, so the inner loop over `to` vectorises; `>` keeps the first best `from`.
            next.fill(f32::NEG_INFINITY);
            for (from, &s) in score.iter().enumerate() {
                for ((best, arg), &tr) in next
                    .iter_mut()
                    .zip(&mut arg)
                    .zip(&self.trans[from * t..][..t])
                {
                    let candidate = s + tr;
                    let better = candidate > *best;
                    *best = if better { candidate } else { *best };
                    *arg = if better { from as u32 } else { *arg };
                }
            }
            for (best, e) in next.iter_mut().zip(&emissions[step * t..][..t]) {
                *best += e;
            }
            for (b, &a) in back[step * t..][..t].iter_mut().zip(&arg) {
                *b = a as u8;
            }
            std::mem::swap(&mut score, &mut next);
        }
        let (mut tag, mut best) = (0, f32::NEG_INFINITY);
        for (to, (s, stop)) in score.iter().zip(&self.stop).enumerate() {
            if s + stop > best {
                (tag, best) = (to, s + stop);
            }
        }
        let mut path = vec![0u8; n];
        for step in (0..n).rev() {
            path[step] = tag as u8;
            tag = back[step * t + tag] as usize;
        }
        path
    }

    /// For each character, the marginal probability of `path`'s tag there (scaled forward-backward).
    #[inline(always)]
    pub(crate) fn path_marginals(&self, emissions: &[f32], path: &[u8]) -> Vec<f32> {
        let t = self.t;
        let n = path.len();
        // Emission potentials, each row scaled by its maximum (the scale cancels out).
        let potentials: Vec<f32> = emissions
            .chunks_exact(t)
            .flat_map(|row| {
                let max = row.iter().copied().fold(f32::MIN, f32::max);
                row.iter().map(move |&e| (e - max).exp())
            })
            .collect();
        let mut alpha = vec![0.0f32; n * t];
        for (j, s) in boundary(&self.start).into_iter().enumerate() {
            alpha[j] = s * potentials[j];
        }
        normalise(&mut alpha[..t]);
        for step in 1..n {
            let (done, rest) = alpha.split_at_mut(step * t);
            let previous = &done[(step - 1) * t..];
            let current = &mut rest[..t];
            for (from, &a) in previous.iter().enumerate() {
                for (c, e) in current.iter_mut().zip(&self.exp_trans[from * t..][..t]) {
                    *c += a * e;
                }
            }
            for (c, p) in current.iter_mut().zip(&potentials[step * t..][..t]) {
                *c *= p;
            }
            normalise(current);
        }
        let mut beta = boundary(&self.stop);
        normalise(&mut beta);
        let mut marginals = vec![0.0f32; n];
        let mut weighted = vec![0.0f32; t];
        for step in (0..n).rev() {
            let a = &alpha[step * t..][..t];
            let total: f32 = a.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let tag = path[step] as usize;
            marginals[step] = if total > 0.0 {
                a[tag] * beta[tag] / total
            } else {
                0.0
            };
            if step > 0 {
                for (w, (b, p)) in weighted
                    .iter_mut()
                    .zip(beta.iter().zip(&potentials[step * t..]))
                {
                    *w = b * p;
                }
                beta.fill(0.0);
                for (to, &w) in weighted.iter().enumerate() {
                    for (b, e) in beta.iter_mut().zip(&self.exp_trans_t[to * t..][..t]) {
                        *b += e * w;
                    }
                }
                normalise(&mut beta);
            }
        }
        marginals
    }
}

/// `exp(s - max)` of each score: potentials scaled by the largest (the scale cancels out).
#[inline(always)]
fn boundary(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::MIN, f32::max);
    scores.iter().map(|&s| (s - max).exp()).collect()
}

/// Scales `v` to sum to one (left as it is when it sums to zero).
#[inline(always)]
fn normalise(v: &mut [f32]) {
    let total: f32 = v.iter().sum();
    if total > 0.0 {
        v.iter_mut().for_each(|x| *x /= total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force over every path of a tiny CRF: Viterbi's path is the best one, and the
    /// marginals are the summed probabilities of the paths through each tag.
    #[test]
    fn viterbi_and_marginals_agree_with_enumeration() {
        let t = 4;
        let trans: Vec<f32> = (0..t * t)
            .map(|i| ((i * 7 % 5) as f32 - 2.0) * 0.7)
            .collect();
        let crf = Crf::new(trans.clone(), t);
        let emissions: Vec<f32> = (0..3 * t)
            .map(|i| ((i * 11 % 7) as f32 - 3.0) * 0.6)
            .collect();
        let score = |p: &[usize]| {
            let mut s = trans[(t - 1) * t + p[0]] + emissions[p[0]];
            for k in 1..p.len() {
                s += trans[p[k - 1] * t + p[k]] + emissions[k * t + p[k]];
            }
            s + trans[(t - 2) * t + p[p.len() - 1]]
        };
        let paths: Vec<Vec<usize>> = (0..t * t * t)
            .map(|i| vec![i / 16, i / 4 % 4, i % 4])
            .collect();
        let best = paths
            .iter()
            .max_by(|a, b| score(a).total_cmp(&score(b)))
            .cloned();
        let path: Vec<usize> = crf
            .viterbi(&emissions)
            .iter()
            .map(|&x| x as usize)
            .collect();
        assert_eq!(Some(path.clone()), best);

        let z: f64 = paths.iter().map(|p| (score(p) as f64).exp()).sum();
        let tags: Vec<u8> = path.iter().map(|&x| x as u8).collect();
        let marginals = crf.path_marginals(&emissions, &tags);
        for (k, &tag) in path.iter().enumerate() {
            let through: f64 = paths
                .iter()
                .filter(|p| p[k] == tag)
                .map(|p| (score(p) as f64).exp())
                .sum();
            let want = (through / z) as f32;
            assert!(
                (marginals[k] - want).abs() < 1e-4,
                "step {k}: {} vs {want}",
                marginals[k]
            );
        }
    }
}
