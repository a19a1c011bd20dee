//! Block heights and their running sums (a Fenwick tree), so the document view finds the block
//! at a scroll position and the position of a block in O(log n), and updates one block's height
//! in O(log n) when it is laid out.

/// Heights of the document's blocks, with prefix sums.
#[derive(Clone, Debug, Default)]
pub struct Heights {
    tree: Vec<f64>,
    heights: Vec<f32>,
}

impl Heights {
    /// Heights for blocks with the given estimated heights.
    pub fn new(heights: Vec<f32>) -> Heights {
        let n = heights.len();
        let mut tree = vec![0.0; n + 1];
        for (i, &h) in heights.iter().enumerate() {
            let j = i + 1;
            tree[j] += f64::from(h);
            let parent = j + (j & j.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[j];
            }
        }
        Heights { tree, heights }
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.heights.len()
    }

    /// The height of block `i`.
    pub fn get(&self, i: usize) -> f32 {
        self.heights[i]
    }

    /// Sets the height of block `i`.
    pub fn set(&mut self, i: usize, height: f32) {
        let delta = f64::from(height) - f64::from(self.heights[i]);
        if delta == 0.0 {
            return;
        }
        self.heights[i] = height;
        let mut j = i + 1;
        while j < self.tree.len() {
            self.tree[j] += delta;
            j += j & j.wrapping_neg();
        }
    }

    /// The top of block `i`: the sum of the heights before it.
    pub fn top(&self, i: usize) -> f32 {
        let mut sum = 0.0;
        let mut j = i.min(self.len());
        while j > 0 {
            sum += self.tree[j];
            j -= j & j.wrapping_neg();
        }
        sum as f32
    }

    /// The total height.
    pub fn total(&self) -> f32 {
        self.top(self.len())
    }

    /// The block containing vertical position `y` (clamped to the first and last block).
    pub fn block_at(&self, y: f32) -> usize {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        let mut remaining = f64::from(y.max(0.0));
        let mut pos = 0;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= remaining {
                pos = next;
                remaining -= self.tree[next];
            }
            step >>= 1;
        }
        pos.min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_sums_and_search_agree_with_a_naive_scan() {
        let hs: Vec<f32> = (0..1000).map(|i| 10.0 + (i % 7) as f32 * 3.0).collect();
        let mut h = Heights::new(hs.clone());
        let mut naive = hs;
        h.set(500, 100.0);
        naive[500] = 100.0;
        for i in [0, 1, 499, 500, 501, 999, 1000] {
            let expected: f32 = naive[..i].iter().sum();
            assert!((h.top(i) - expected).abs() < 0.01, "top({i})");
        }
        for y in [
            0.0,
            9.99,
            10.0,
            5000.0,
            h.top(500) + 1.0,
            h.top(501) - 0.5,
            1e9,
        ] {
            let i = h.block_at(y);
            assert!(h.top(i) <= y || i == 0);
            assert!(y < h.top(i + 1) || i == 999, "y={y} i={i}");
        }
        assert_eq!(h.block_at(h.top(501)), 501);
    }
}
