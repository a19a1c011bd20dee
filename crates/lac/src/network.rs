//! The network: embedding → two bidirectional GRU layers → linear emissions.
//!
//! Cost per character is about 0.5 M multiply-adds, nearly all in affine maps of eight vectors at
//! once ([`MulAdd::affine`], weights stored transposed): the input projections take eight time
//! steps of a sentence, the recurrences the states of eight sentences of similar length (they are
//! sequential within a sentence), so each weight read from cache serves eight products. Explicit
//! kernels do them: `affine8_avx512` with AVX-512, else `affine4_avx2` twice with AVX2 + FMA (the
//! autovectoriser turned the same loops into scalar code); every kernel sums in the same order, so
//! all give the same scores. The small output projection (59 tags, 3 % of the work) stays on the
//! autovectorised `project`. The other kernels are `#[inline(always)]` so that each entry point
//! compiles them for its instructions.

use crate::{Kernels, LoadError};
use std::sync::OnceLock;

/// One GRU direction, ONNX layouts: gates in the order z, r, h.
struct Gru {
    /// Input weights transposed to `[I, 3H]` (ONNX stores `[3H, I]`).
    wt: Vec<f32>,
    /// Recurrent weights transposed to `[H, 3H]` (ONNX stores `[3H, H]`): row `i` holds what
    /// state element `i` adds to each of the 3H recurrent products.
    rt: Vec<f32>,
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
    /// The first layer's input projections of every character (`[direction][row][3H]`), made
    /// on first use by each kind of kernel: they depend on the character alone, so a sentence
    /// looks them up instead of computing a fifth of the model's products.
    first_layer: [OnceLock<Vec<f32>>; FLAVOURS],
}

/// How many kinds of kernel there are (see [`MulAdd::FLAVOUR`]).
const FLAVOURS: usize = 3;

/// `m` (`rows × cols`, row-major) transposed.
fn transpose(m: &[f32], rows: usize, cols: usize) -> Vec<f32> {
    let mut out = vec![0.0; m.len()];
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = m[r * cols + c];
        }
    }
    out
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
                wt: transpose(&w[d * 3 * h * input..(d + 1) * 3 * h * input], 3 * h, input),
                rt: transpose(&r[d * 3 * h * h..(d + 1) * 3 * h * h], 3 * h, h),
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
            first_layer: Default::default(),
        })
    }

    pub(crate) fn oov(&self) -> u32 {
        (self.embedding.len() / self.e - 1) as u32
    }

    /// Emission scores of up to [`BATCH`] sequences (each `len × T`, row-major). Each sequence's
    /// scores do not depend on the others it runs with.
    pub(crate) fn emissions(&self, seqs: &[&[u32]], kernels: Kernels) -> Vec<Vec<f32>> {
        #[cfg(target_arch = "x86_64")]
        if kernels == Kernels::Detected
            && std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
        {
            #[allow(unsafe_code)]
            // SAFETY: the CPU supports AVX-512F, AVX2 and FMA, checked just above.
            return unsafe { self.emissions_avx512(seqs) };
        }
        #[cfg(target_arch = "x86_64")]
        if kernels == Kernels::Detected
            && std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
        {
            #[allow(unsafe_code)]
            // SAFETY: the CPU supports AVX2 and FMA, checked just above.
            return unsafe { self.emissions_avx2_fma(seqs) };
        }
        let _ = kernels;
        self.forward::<Plain>(seqs)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn emissions_avx2_fma(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        self.forward::<Fused>(seqs)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx2,fma")]
    fn emissions_avx512(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        self.forward::<Fused512>(seqs)
    }

    // No closures in here: a closure is a function of its own, compiled without the target
    // features of the AVX2 + FMA entry point (its `mul_add`s would become calls to `fmaf`).
    #[inline(always)]
    fn forward<M: MulAdd>(&self, seqs: &[&[u32]]) -> Vec<Vec<f32>> {
        assert!(seqs.len() <= BATCH, "at most {BATCH} sequences at once");
        let h = self.h;
        let gh = 3 * h;
        // The first layer: each character's input projections looked up.
        let table = self.first_layer_table::<M>();
        let section = table.len() / 2;
        let mut inputs: Vec<Vec<f32>> = Vec::with_capacity(seqs.len());
        for ids in seqs {
            inputs.push(vec![0.0; ids.len() * 2 * h]);
        }
        for (direction, gru) in self.layers[0].iter().enumerate() {
            let rows = &table[direction * section..][..section];
            let mut gates: Vec<Vec<f32>> = Vec::with_capacity(seqs.len());
            for ids in seqs {
                let mut g = Vec::with_capacity(ids.len() * gh);
                for &id in *ids {
                    g.extend_from_slice(&rows[id as usize * gh..][..gh]);
                }
                gates.push(g);
            }
            recur::<M>(gru, &gates, h, direction == 1, &mut inputs);
        }
        // The second layer, over the first one's states.
        let width = 2 * h;
        let mut outputs: Vec<Vec<f32>> = Vec::with_capacity(seqs.len());
        for ids in seqs {
            outputs.push(vec![0.0; ids.len() * 2 * h]);
        }
        for (direction, gru) in self.layers[1].iter().enumerate() {
            let mut gates: Vec<Vec<f32>> = Vec::with_capacity(seqs.len());
            for input in &inputs {
                let mut g = vec![0.0; input.len() / width * gh];
                project_t::<M>(input, width, &gru.wt, &gru.bw, &mut g);
                gates.push(g);
            }
            recur::<M>(gru, &gates, h, direction == 1, &mut outputs);
        }
        let inputs = outputs;
        let mut emissions: Vec<Vec<f32>> = Vec::with_capacity(seqs.len());
        for input in &inputs {
            let mut out = vec![0.0; input.len() / width * self.t];
            project::<M>(input, width, &self.fc, &self.fc_b, &mut out);
            emissions.push(out);
        }
        emissions
    }
}

impl Network {
    /// The first layer's input projections of every character, computed by `M` on first use
    /// (the same sums in the same order as projecting a sentence: the same values).
    #[inline(always)]
    fn first_layer_table<M: MulAdd>(&self) -> &[f32] {
        self.first_layer[M::FLAVOUR].get_or_init(|| {
            let (e, gh) = (self.e, 3 * self.h);
            let rows = self.embedding.len() / e;
            let mut table = vec![0.0f32; 2 * rows * gh];
            for (gru, out) in self.layers[0].iter().zip(table.chunks_exact_mut(rows * gh)) {
                project_t::<M>(&self.embedding, e, &gru.wt, &gru.bw, out);
            }
            table
        })
    }
}

/// Sequences whose recurrences run together: each recurrent weight, loaded once per step, serves
/// all of them (and rows of an input projection done together).
pub(crate) const BATCH: usize = 8;

/// The arithmetic of one kind of kernel: `a * b + c`, and the recurrent products of four states.
trait MulAdd {
    /// Which kind of kernel it is (an index below [`FLAVOURS`]).
    const FLAVOUR: usize;

    fn mul_add(a: f32, b: f32, c: f32) -> f32;

    /// `out[b] = bias + Wᵀᵀ · x[b]` for [`BATCH`] vectors: `wt` is the weight matrix transposed
    /// (`[K, M]`), each `x[b]` has `K` elements and each `out[b]` `M`. Sums over `x`'s elements
    /// in order, so every kernel gives the same result.
    #[inline(always)]
    fn affine(wt: &[f32], bias: &[f32], x: [&[f32]; BATCH], out: [&mut [f32]; BATCH]) {
        let m = bias.len();
        for (xb, o) in x.iter().zip(out) {
            let o = &mut o[..m];
            o.fill(0.0);
            for (i, &v) in xb.iter().enumerate() {
                let row = &wt[i * m..][..m];
                for j in 0..m {
                    o[j] = Self::mul_add(row[j], v, o[j]);
                }
            }
            for j in 0..m {
                o[j] += bias[j];
            }
        }
    }
}

struct Plain;
impl MulAdd for Plain {
    const FLAVOUR: usize = 0;

    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a * b + c
    }
}

#[cfg(target_arch = "x86_64")]
struct Fused;
#[cfg(target_arch = "x86_64")]
impl MulAdd for Fused {
    const FLAVOUR: usize = 1;

    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }

    #[inline(always)]
    fn affine(wt: &[f32], bias: &[f32], x: [&[f32]; BATCH], out: [&mut [f32]; BATCH]) {
        let [x0, x1, x2, x3, x4, x5, x6, x7] = x;
        let [o0, o1, o2, o3, o4, o5, o6, o7] = out;
        #[allow(unsafe_code)]
        // SAFETY: `Fused` runs only inside the AVX2 + FMA entry point, after the CPU check.
        unsafe {
            affine4_avx2(wt, bias, [x0, x1, x2, x3], [o0, o1, o2, o3]);
            affine4_avx2(wt, bias, [x4, x5, x6, x7], [o4, o5, o6, o7]);
        }
    }
}

#[cfg(target_arch = "x86_64")]
struct Fused512;
#[cfg(target_arch = "x86_64")]
impl MulAdd for Fused512 {
    const FLAVOUR: usize = 2;

    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }

    #[inline(always)]
    fn affine(wt: &[f32], bias: &[f32], x: [&[f32]; BATCH], out: [&mut [f32]; BATCH]) {
        #[allow(unsafe_code)]
        // SAFETY: `Fused512` runs only inside the AVX-512 entry point, after the CPU check.
        unsafe {
            affine8_avx512(wt, bias, x, out)
        }
    }
}

/// [`MulAdd::affine`] with AVX-512: thirty-two outputs of all eight vectors at a time (sixteen
/// accumulators); per input element, two loads of Wᵀ and eight broadcasts feed sixteen FMAs, so
/// each weight read from cache serves eight sequences. Sums over the input's elements in order.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
#[allow(unsafe_code)]
unsafe fn affine8_avx512(wt: &[f32], bias: &[f32], x: [&[f32]; BATCH], out: [&mut [f32]; BATCH]) {
    use std::arch::x86_64::*;
    let m = bias.len();
    let k = x[0].len();
    assert!(m.is_multiple_of(32) && wt.len() >= k * m);
    assert!(x.iter().all(|v| v.len() == k) && out.iter().all(|o| o.len() >= m));
    let w = wt.as_ptr();
    let xs: [*const f32; BATCH] = x.map(<[f32]>::as_ptr);
    let outs: [*mut f32; BATCH] = out.map(<[f32]>::as_mut_ptr);
    for jb in (0..m).step_by(32) {
        let mut acc = [_mm512_setzero_ps(); 2 * BATCH];
        for i in 0..k {
            // SAFETY: i < k and jb + 32 <= m, so i * m + jb + 32 <= k * m <= wt.len(); i < each
            // input's length (checked above).
            unsafe {
                let w0 = _mm512_loadu_ps(w.add(i * m + jb));
                let w1 = _mm512_loadu_ps(w.add(i * m + jb + 16));
                for b in 0..BATCH {
                    let v = _mm512_set1_ps(*xs[b].add(i));
                    acc[2 * b] = _mm512_fmadd_ps(w0, v, acc[2 * b]);
                    acc[2 * b + 1] = _mm512_fmadd_ps(w1, v, acc[2 * b + 1]);
                }
            }
        }
        // SAFETY: jb + 32 <= m <= bias.len() and each output's length.
        unsafe {
            let b0 = _mm512_loadu_ps(bias.as_ptr().add(jb));
            let b1 = _mm512_loadu_ps(bias.as_ptr().add(jb + 16));
            for (b, o) in outs.iter().enumerate() {
                _mm512_storeu_ps(o.add(jb), _mm512_add_ps(acc[2 * b], b0));
                _mm512_storeu_ps(o.add(jb + 16), _mm512_add_ps(acc[2 * b + 1], b1));
            }
        }
    }
}

/// [`MulAdd::affine`] for four vectors with AVX2 + FMA: sixteen outputs of all four at a time (eight
/// accumulators); per input element, two loads of Wᵀ and four broadcasts feed eight FMAs. Sums
/// over the input's elements in order, as the portable kernel does.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(unsafe_code)]
unsafe fn affine4_avx2(wt: &[f32], bias: &[f32], x: [&[f32]; 4], out: [&mut [f32]; 4]) {
    use std::arch::x86_64::*;
    let m = bias.len();
    let k = x[0].len();
    assert!(m.is_multiple_of(16) && wt.len() >= k * m);
    assert!(x.iter().all(|v| v.len() == k) && out.iter().all(|o| o.len() >= m));
    let w = wt.as_ptr();
    let xs: [*const f32; 4] = x.map(<[f32]>::as_ptr);
    let outs: [*mut f32; 4] = out.map(<[f32]>::as_mut_ptr);
    for jb in (0..m).step_by(16) {
        let mut acc = [_mm256_setzero_ps(); 2 * 4];
        for i in 0..k {
            // SAFETY: i < k and jb + 16 <= m, so i * m + jb + 16 <= k * m <= wt.len(); i < each
            // input's length (checked above).
            unsafe {
                let w0 = _mm256_loadu_ps(w.add(i * m + jb));
                let w1 = _mm256_loadu_ps(w.add(i * m + jb + 8));
                for b in 0..4 {
                    let v = _mm256_broadcast_ss(&*xs[b].add(i));
                    acc[2 * b] = _mm256_fmadd_ps(w0, v, acc[2 * b]);
                    acc[2 * b + 1] = _mm256_fmadd_ps(w1, v, acc[2 * b + 1]);
                }
            }
        }
        // SAFETY: jb + 16 <= m <= bias.len() and each output's length.
        unsafe {
            let b0 = _mm256_loadu_ps(bias.as_ptr().add(jb));
            let b1 = _mm256_loadu_ps(bias.as_ptr().add(jb + 8));
            for (b, o) in outs.iter().enumerate() {
                _mm256_storeu_ps(o.add(jb), _mm256_add_ps(acc[2 * b], b0));
                _mm256_storeu_ps(o.add(jb + 8), _mm256_add_ps(acc[2 * b + 1], b1));
            }
        }
    }
}

/// `out[t] = bias + W · x[t]` for every row `t` of `x` (`n × k`), [`BATCH`] rows at a time
/// through [`MulAdd::affine`] (`wt` is W transposed, `[k, m]`); a last group of fewer rows repeats
/// its last row and drops the repeats' results.
#[inline(always)]
fn project_t<M: MulAdd>(x: &[f32], k: usize, wt: &[f32], bias: &[f32], out: &mut [f32]) {
    let m = bias.len();
    let n = x.len() / k;
    let mut spare: [Vec<f32>; BATCH] = std::array::from_fn(|_| vec![0.0f32; m]);
    for t0 in (0..n).step_by(BATCH) {
        let rows = (n - t0).min(BATCH);
        let xs: [&[f32]; BATCH] = std::array::from_fn(|t| &x[(t0 + t.min(rows - 1)) * k..][..k]);
        let (head, _) = out[t0 * m..].split_at_mut(rows * m);
        let mut chunks = head.chunks_exact_mut(m);
        let mut spares = spare.iter_mut();
        let outs: [&mut [f32]; BATCH] = std::array::from_fn(|_| match chunks.next() {
            Some(chunk) => chunk,
            None => spares.next().map(Vec::as_mut_slice).unwrap_or_default(),
        });
        M::affine(wt, bias, xs, outs);
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

/// Runs one GRU direction over the input projections of up to [`BATCH`] sequences (`gates[b]`,
/// `len_b × 3H`), writing each state into its half of `outputs[b]` (`len_b × 2H`: forward then
/// backward). Each step computes the recurrent products of all the states at once; a sequence that
/// has ended (or an unused slot) is carried along, its results unused.
#[inline(always)]
fn recur<M: MulAdd>(
    gru: &Gru,
    gates: &[Vec<f32>],
    h: usize,
    backward: bool,
    outputs: &mut [Vec<f32>],
) {
    let mut lens = [0usize; BATCH];
    for (len, g) in lens.iter_mut().zip(gates) {
        *len = g.len() / (3 * h);
    }
    let steps = lens.iter().copied().max().unwrap_or(0);
    let mut states: [Vec<f32>; BATCH] = std::array::from_fn(|_| vec![0.0f32; h]);
    let mut recurrent: [Vec<f32>; BATCH] = std::array::from_fn(|_| vec![0.0f32; 3 * h]);
    for step in 0..steps {
        {
            let xs: [&[f32]; BATCH] = std::array::from_fn(|b| states[b].as_slice());
            let mut rs = recurrent.iter_mut();
            let outs: [&mut [f32]; BATCH] =
                std::array::from_fn(|_| rs.next().map(Vec::as_mut_slice).unwrap_or_default());
            M::affine(&gru.rt, &gru.br, xs, outs);
        }
        for b in 0..gates.len() {
            let len = lens[b];
            if step >= len {
                continue;
            }
            let t = if backward { len - 1 - step } else { step };
            update(
                &gates[b][t * 3 * h..][..3 * h],
                &recurrent[b],
                &mut states[b],
            );
            let half = if backward { h } else { 0 };
            outputs[b][t * 2 * h + half..][..h].copy_from_slice(&states[b]);
        }
    }
}

/// One GRU step for one sequence: `gates` and `recurrent` hold its input and recurrent products
/// (z, r and h blocks of `state.len()` each).
#[inline(always)]
fn update(gates: &[f32], recurrent: &[f32], state: &mut [f32]) {
    let h = state.len();
    let (gz, gr, gh) = (&gates[..h], &gates[h..2 * h], &gates[2 * h..3 * h]);
    let (rz, rr, rh) = (
        &recurrent[..h],
        &recurrent[h..2 * h],
        &recurrent[2 * h..3 * h],
    );
    for i in 0..h {
        let z = sigmoid(gz[i] + rz[i]);
        let r = sigmoid(gr[i] + rr[i]);
        let candidate = tanh(gh[i] + r * rh[i]);
        state[i] = (1.0 - z) * candidate + z * state[i];
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
