//! The network: embedding → two bidirectional GRU layers → linear emissions.
//!
//! Cost per character is about 0.5 M multiply-adds, 60 % of them in the input projections, which
//! are batched over the sentence (four time steps share each weight row load); the recurrent
//! products run row-blocked, four rows at a time. Every kernel is `#[inline(always)]` so that the
//! AVX2 + FMA entry point compiles all of it for those instructions.

use crate::{Kernels, LoadError};

/// One GRU direction, ONNX layouts: gates in the order z, r, h.
struct Gru {
    /// Input weights `[3H, I]`.
    w: Vec<f32>,
    /// Recurrent weights `[3H, H]`.
    r: Vec<f32>,
    /// Input bias `[3H]`.
    bw: Vec<f32>,
    /// Recurrent bias `[3H]`.
    br: Vec<f32>,
}

pub(crate) struct Network {
    e: usize,
    h: usize,
    t: usize,
    /// `[rows, E]`; the last row is the out-of-vocabulary one.
    embedding: Vec<f32>,
    /// Two layers of (forward, backward).
    layers: [[Gru; 2]; 2],
    /// Output weights transposed to `[T, 2H]` so each tag's score is one dot product.
    fc: Vec<f32>,
    fc_b: Vec<f32>,
}

/// Number of f32 values of the network in `lac.bin` (the CRF not included).
pub(crate) fn float_count(rows: usize, e: usize, h: usize, t: usize) -> usize {
    let layer = |i: usize| 2 * 3 * h * i + 2 * 3 * h * h + 2 * 6 * h;
    rows * e + layer(e) + layer(2 * h) + 2 * h * t + t
}

impl Network {
    pub(crate) fn read(
        floats: &mut dyn FnMut(usize) -> Result<Vec<f32>, LoadError>,
        chars: usize,
        e: usize,
        h: usize,
        t: usize,
    ) -> Result<Network, LoadError> {
        let embedding = floats((chars + 1) * e)?;
        let mut read_layer = |input: usize| -> Result<[Gru; 2], LoadError> {
            let w = floats(2 * 3 * h * input)?;
            let r = floats(2 * 3 * h * h)?;
            let b = floats(2 * 6 * h)?;
            let direction = |d: usize| Gru {
                w: w[d * 3 * h * input..(d + 1) * 3 * h * input].to_vec(),
                r: r[d * 3 * h * h..(d + 1) * 3 * h * h].to_vec(),
                bw: b[d * 6 * h..d * 6 * h + 3 * h].to_vec(),
                br: b[d * 6 * h + 3 * h..(d + 1) * 6 * h].to_vec(),
            };
            Ok([direction(0), direction(1)])
        };
        let layers = [read_layer(e)?, read_layer(2 * h)?];
        let fc_w = floats(2 * h * t)?;
        let fc_b = floats(t)?;
        let mut fc = vec![0.0; t * 2 * h];
        for i in 0..2 * h {
            for j in 0..t {
                fc[j * 2 * h + i] = fc_w[i * t + j];
            }
        }
        Ok(Network {
            e,
            h,
            t,
            embedding,
            layers,
            fc,
            fc_b,
        })
    }

    pub(crate) fn oov(&self) -> u32 {
        (self.embedding.len() / self.e - 1) as u32
    }

    /// Emission scores, `ids.len() × T` row-major.
    pub(crate) fn emissions(&self, ids: &[u32], kernels: Kernels) -> Vec<f32> {
        #[cfg(target_arch = "x86_64")]
        if kernels == Kernels::Detected
            && std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
        {
            #[allow(unsafe_code)]
            // SAFETY: the CPU supports AVX2 and FMA, checked just above.
            return unsafe { self.emissions_avx2_fma(ids) };
        }
        let _ = kernels;
        self.forward::<Plain>(ids)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn emissions_avx2_fma(&self, ids: &[u32]) -> Vec<f32> {
        self.forward::<Fused>(ids)
    }

    #[inline(always)]
    fn forward<M: MulAdd>(&self, ids: &[u32]) -> Vec<f32> {
        let (n, e, h) = (ids.len(), self.e, self.h);
        let mut input = Vec::with_capacity(n * e);
        for &id in ids {
            input.extend_from_slice(&self.embedding[id as usize * e..][..e]);
        }
        let mut width = e;
        let mut gates = vec![0.0; n * 3 * h];
        for layer in &self.layers {
            let mut output = vec![0.0; n * 2 * h];
            for (direction, gru) in layer.iter().enumerate() {
                project::<M>(&input, width, &gru.w, &gru.bw, &mut gates);
                recur::<M>(gru, &gates, h, direction == 1, &mut output);
            }
            input = output;
            width = 2 * h;
        }
        let mut emissions = vec![0.0; n * self.t];
        project::<M>(&input, width, &self.fc, &self.fc_b, &mut emissions);
        emissions
    }
}

/// `a * b + c`, fused where the target has FMA.
trait MulAdd {
    fn mul_add(a: f32, b: f32, c: f32) -> f32;
}

struct Plain;
impl MulAdd for Plain {
    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a * b + c
    }
}

#[cfg(target_arch = "x86_64")]
struct Fused;
#[cfg(target_arch = "x86_64")]
impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}

const LANES: usize = 8;

/// `acc[l] += a[l] * b[l]` over the lanes: one vector multiply-add. Kept as separate loops per
/// accumulator: nested loops over an array of accumulators vectorise across the wrong axis.
macro_rules! mul_add_lanes {
    ($m:ty; $($acc:ident += $a:ident * $b:ident);+ $(;)?) => {
        $(for l in 0..LANES {
            $acc[l] = <$m>::mul_add($a[l], $b[l], $acc[l]);
        })+
    };
}

#[inline(always)]
fn sum(lanes: [f32; LANES]) -> f32 {
    let [a, b, c, d, e, f, g, h] = lanes;
    ((a + e) + (b + f)) + ((c + g) + (d + h))
}

/// `out[t][j] = bias[j] + w[j] · x[t]` for every time step `t` (`x` is `n × k`, `w` is `m × k`).
#[inline(always)]
fn project<M: MulAdd>(x: &[f32], k: usize, w: &[f32], bias: &[f32], out: &mut [f32]) {
    let m = bias.len();
    let mut rows = x.chunks_exact(k).zip(out.chunks_exact_mut(m));
    // Four time steps at a time: each weight chunk is loaded once for four products.
    while let (Some((x0, o0)), Some((x1, o1)), Some((x2, o2)), Some((x3, o3))) =
        (rows.next(), rows.next(), rows.next(), rows.next())
    {
        for (j, wj) in w.chunks_exact(k).enumerate() {
            let [a, b, c, d] = dot_4x::<M>(wj, [x0, x1, x2, x3]);
            o0[j] = bias[j] + a;
            o1[j] = bias[j] + b;
            o2[j] = bias[j] + c;
            o3[j] = bias[j] + d;
        }
    }
    let done = x.len() / k / 4 * 4;
    for (xt, ot) in x.chunks_exact(k).zip(out.chunks_exact_mut(m)).skip(done) {
        for ((o, wj), b) in ot.iter_mut().zip(w.chunks_exact(k)).zip(bias) {
            *o = b + dot::<M>(wj, xt);
        }
    }
}

/// One weight row against four vectors.
#[inline(always)]
fn dot_4x<M: MulAdd>(w: &[f32], x: [&[f32]; 4]) -> [f32; 4] {
    let (w, _) = w.as_chunks::<LANES>();
    let n = w.len();
    let [x0, x1, x2, x3] = x.map(|x| &x.as_chunks::<LANES>().0[..n]);
    let (mut a0, mut a1, mut a2, mut a3) =
        ([0.0f32; LANES], [0.0; LANES], [0.0; LANES], [0.0; LANES]);
    for c in 0..n {
        // One lane loop per accumulator: each becomes a single vector multiply-add.
        let wc = &w[c];
        let (p0, p1, p2, p3) = (&x0[c], &x1[c], &x2[c], &x3[c]);
        mul_add_lanes!(M; a0 += wc * p0; a1 += wc * p1; a2 += wc * p2; a3 += wc * p3);
    }
    [sum(a0), sum(a1), sum(a2), sum(a3)]
}

/// One dot product.
#[inline(always)]
fn dot<M: MulAdd>(w: &[f32], x: &[f32]) -> f32 {
    let (w, _) = w.as_chunks::<LANES>();
    let x = &x.as_chunks::<LANES>().0[..w.len()];
    let mut acc = [0.0f32; LANES];
    for (wc, xc) in w.iter().zip(x) {
        for l in 0..LANES {
            acc[l] = M::mul_add(wc[l], xc[l], acc[l]);
        }
    }
    sum(acc)
}

/// Four weight rows against one vector.
#[inline(always)]
fn dot_4w<M: MulAdd>(w: [&[f32]; 4], x: &[f32]) -> [f32; 4] {
    let (x, _) = x.as_chunks::<LANES>();
    let n = x.len();
    let [w0, w1, w2, w3] = w.map(|w| &w.as_chunks::<LANES>().0[..n]);
    let (mut a0, mut a1, mut a2, mut a3) =
        ([0.0f32; LANES], [0.0; LANES], [0.0; LANES], [0.0; LANES]);
    for c in 0..n {
        let xc = &x[c];
        let (p0, p1, p2, p3) = (&w0[c], &w1[c], &w2[c], &w3[c]);
        mul_add_lanes!(M; a0 += p0 * xc; a1 += p1 * xc; a2 += p2 * xc; a3 += p3 * xc);
    }
    [sum(a0), sum(a1), sum(a2), sum(a3)]
}

/// Runs one GRU direction over precomputed input projections (`gates`, `n × 3H`), writing its
/// state into its half of `output` (`n × 2H`: forward then backward).
#[inline(always)]
fn recur<M: MulAdd>(gru: &Gru, gates: &[f32], h: usize, backward: bool, output: &mut [f32]) {
    let n = gates.len() / (3 * h);
    let mut state = vec![0.0f32; h];
    let mut recurrent = vec![0.0f32; 3 * h];
    for step in 0..n {
        let t = if backward { n - 1 - step } else { step };
        for ((out, rows), bias) in recurrent
            .chunks_exact_mut(4)
            .zip(gru.r.chunks_exact(4 * h))
            .zip(gru.br.chunks_exact(4))
        {
            let (r0, rest) = rows.split_at(h);
            let (r1, rest) = rest.split_at(h);
            let (r2, r3) = rest.split_at(h);
            let sums = dot_4w::<M>([r0, r1, r2, r3], &state);
            for i in 0..4 {
                out[i] = bias[i] + sums[i];
            }
        }
        let g = &gates[t * 3 * h..][..3 * h];
        let (gz, rest) = g.split_at(h);
        let (gr, gh) = rest.split_at(h);
        let (rz, rest) = recurrent.split_at(h);
        let (rr, rh) = rest.split_at(h);
        for i in 0..h {
            let z = sigmoid(gz[i] + rz[i]);
            let r = sigmoid(gr[i] + rr[i]);
            let candidate = tanh(gh[i] + r * rh[i]);
            state[i] = (1.0 - z) * candidate + z * state[i];
        }
        let half = if backward { h } else { 0 };
        output[t * 2 * h + half..][..h].copy_from_slice(&state);
    }
}

/// `e^x` to about 2e-7 relative error, in plain arithmetic so that loops over it vectorise.
#[inline(always)]
pub(crate) fn exp(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 · 2^23: adding it rounds to an integer
    // Comparisons rather than `clamp`, which vectorises poorly.
    let x = if x < -87.0 { -87.0 } else { x };
    let x = if x > 88.0 { 88.0 } else { x };
    let k = x * std::f32::consts::LOG2_E + ROUND;
    let n = k - ROUND;
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    let p = 1.0
        + r * (1.0
            + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r / 720.0)))));
    let exponent = (k.to_bits() as i32 - ROUND.to_bits() as i32 + 127) as u32;
    p * f32::from_bits(exponent << 23)
}

#[inline(always)]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

#[inline(always)]
fn tanh(x: f32) -> f32 {
    2.0 / (1.0 + exp(-2.0 * x)) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_exp_matches_std_to_a_few_ulps() {
        let mut worst = 0.0f32;
        for i in -8000..=8000 {
            let x = i as f32 / 100.0;
            let rel = ((exp(x) - x.exp()) / x.exp()).abs();
            worst = worst.max(rel);
        }
        assert!(worst < 1e-6, "worst relative error {worst}");
        // Out of range inputs saturate instead of overflowing.
        assert!((0.0..1e-37).contains(&exp(-200.0)));
        assert!(exp(200.0).is_finite());
    }

    #[test]
    fn projections_handle_sequences_not_a_multiple_of_four() {
        let k = 8;
        let w: Vec<f32> = (0..2 * k).map(|i| i as f32 * 0.5).collect();
        let bias = [1.0, -1.0];
        for n in 1..=9 {
            let x: Vec<f32> = (0..n * k).map(|i| (i % 7) as f32 - 3.0).collect();
            let mut out = vec![0.0; n * 2];
            project::<Plain>(&x, k, &w, &bias, &mut out);
            for t in 0..n {
                for j in 0..2 {
                    let want: f32 =
                        bias[j] + (0..k).map(|i| w[j * k + i] * x[t * k + i]).sum::<f32>();
                    assert!((out[t * 2 + j] - want).abs() < 1e-4, "n={n} t={t} j={j}");
                }
            }
        }
    }
}
