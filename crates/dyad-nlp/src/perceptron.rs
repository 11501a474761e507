//! Multi-class averaged perceptron over hashed features.
//!
//! Training keeps, per feature, a dense row of current weights `w` and of update-time-weighted
//! sums `u`; the averaged weight is `w - u / c` (Daumé's trick, no per-weight timestamps).
//! The shipped model stores only non-zero averaged weights, as 8-bit logarithmic codes with one
//! scale, sparse per feature; at run time they are [`Weights`] (module [`crate::weights`]).

use crate::hash::IdMap;
use crate::weights::fold;
pub use crate::weights::{INLINE_CLASSES, Weights};

/// Trainer state.
pub struct Trainer {
    /// Number of classes.
    pub n: usize,
    index: IdMap<u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    u: Vec<f64>,
    /// Instance counter (incremented by [`Trainer::tick`]).
    pub c: f64,
}

impl Trainer {
    pub fn new(n: usize) -> Self {
        Trainer {
            n,
            index: IdMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }

    /// Number of feature rows.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no feature has a row yet.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Scores with the current (non-averaged) weights.
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        let n = self.n;
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let row = &self.w[r as usize * n..(r as usize + 1) * n];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w;
                }
            }
        }
    }

    fn row(&mut self, f: u64) -> usize {
        if let Some(&r) = self.index.get(&f) {
            return r as usize;
        }
        let r = self.keys.len();
        self.index.insert(f, r as u32);
        self.keys.push(f);
        self.w.extend(std::iter::repeat_n(0.0, self.n));
        self.u.extend(std::iter::repeat_n(0.0, self.n));
        r
    }

    /// Perceptron update: reward `good`, penalise `bad`.
    pub fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let n = self.n;
        let c = self.c;
        for &f in feats {
            let r = self.row(f);
            self.w[r * n + good] += 1.0;
            self.u[r * n + good] += c;
            self.w[r * n + bad] -= 1.0;
            self.u[r * n + bad] -= c;
        }
    }

    /// One more training instance seen.
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    /// Averaged weights, dropping those whose magnitude is below `min_abs`.
    pub fn average(&self, min_abs: f32) -> Weights {
        let n = self.n;
        let mut rows: Vec<(u32, Vec<(u16, f32)>)> = Vec::with_capacity(self.keys.len());
        for (r, &key) in self.keys.iter().enumerate() {
            let mut ent = Vec::new();
            for k in 0..n {
                let a = (self.w[r * n + k] as f64 - self.u[r * n + k] / self.c) as f32;
                if a.abs() >= min_abs && a != 0.0 {
                    ent.push((k as u16, a));
                }
            }
            if !ent.is_empty() {
                rows.push((fold(key), ent));
            }
        }
        Weights::build(n, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bin::{Reader, Writer};
    use crate::hash::SplitMix64;

    /// A trainer with `n` classes after random updates over 200 features.
    fn trained(n: usize, seed: u64) -> Trainer {
        let mut rng = SplitMix64(seed);
        let mut t = Trainer::new(n);
        for _ in 0..2000 {
            let feats: Vec<u64> = (0..5).map(|_| rng.below(200) as u64 * 7919).collect();
            t.update(&feats, rng.below(n), rng.below(n));
            t.tick();
        }
        t
    }

    /// Averaged weight of every (feature, class), straight from the trainer's sums.
    fn expected(t: &Trainer, feats: &[u64]) -> Vec<f32> {
        let mut out = vec![0f32; t.n];
        for f in feats {
            if let Some(&r) = t.index.get(f) {
                for (k, o) in out.iter_mut().enumerate() {
                    let i = r as usize * t.n + k;
                    *o += (t.w[i] as f64 - t.u[i] / t.c) as f32;
                }
            }
        }
        out
    }

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 1e-3 * (1.0 + y.abs()))
    }

    #[test]
    fn both_layouts_score_the_averaged_weights() {
        for n in [2, INLINE_CLASSES, INLINE_CLASSES + 1, 40] {
            let t = trained(n, n as u64);
            let w = t.average(0.0);
            let layout = if n > INLINE_CLASSES {
                "sparse"
            } else {
                "inline"
            };
            assert_eq!(w.layout(), layout, "{n} classes");
            let mut rng = SplitMix64(99);
            for len in [0, 1, 63, 64, 65, 150] {
                // Features seen in training, unseen ones, and repeats.
                let feats: Vec<u64> = (0..len).map(|_| rng.below(300) as u64 * 7919).collect();
                let mut got = vec![1.0; n];
                w.score(&feats, &mut got);
                let want = expected(&t, &feats);
                assert!(
                    close(&got, &want),
                    "{n} classes, {len} features: {got:?} vs {want:?}"
                );
            }
        }
    }

    #[test]
    fn unknown_features_score_zero() {
        for n in [INLINE_CLASSES, 9] {
            let w = trained(n, 5).average(0.0);
            let mut out = vec![3.0; n];
            w.score(&[7919 * 5000 + 17, 7919 * 6000 + 3], &mut out);
            assert_eq!(out, vec![0.0; n]);
        }
    }

    #[test]
    fn rows_survive_pruning_at_zero_and_a_write_read_round_trip() {
        for n in [3, 12] {
            let mut w = trained(n, 11).average(0.0);
            let rows = w.rows();
            w.prune(0.0);
            assert_eq!(w.rows(), rows, "{n} classes");
            assert_eq!(w.nnz(), rows.iter().map(|r| r.1.len()).sum::<usize>());
            let mut out = Writer::default();
            w.write(&mut out);
            let back = Weights::read(&mut Reader::new(&out.buf)).expect("reads back");
            assert_eq!(back.len(), w.len());
            let feats: Vec<u64> = (0..200).map(|i| i * 7919).collect();
            let (mut a, mut b) = (vec![0.0; n], vec![0.0; n]);
            w.score(&feats, &mut a);
            back.score(&feats, &mut b);
            // Quantisation to 8-bit log codes: within a few per cent of the largest score.
            let scale = a.iter().fold(1f32, |m, x| m.max(x.abs()));
            assert!(
                a.iter().zip(&b).all(|(x, y)| (x - y).abs() <= 0.05 * scale),
                "{a:?} {b:?}"
            );
        }
    }

    /// A model read from disk with few classes keeps codes; the same rows with one more class
    /// (sparse layout) must score the shared classes bit for bit alike.
    #[test]
    fn coded_rows_score_exactly_like_sparse_rows() {
        let t = trained(INLINE_CLASSES, 21);
        let mut out = Writer::default();
        t.average(0.0).write(&mut out);
        let coded = Weights::read(&mut Reader::new(&out.buf)).expect("reads");
        assert_eq!(coded.layout(), "coded");
        // The same file with the class count raised by one: bytes 0..4 hold it.
        let mut wider = out.buf.clone();
        wider[..4].copy_from_slice(&(INLINE_CLASSES as u32 + 1).to_le_bytes());
        let sparse = Weights::read(&mut Reader::new(&wider)).expect("reads");
        assert_eq!(sparse.layout(), "sparse");
        assert_eq!((coded.len(), coded.nnz()), (sparse.len(), sparse.nnz()));
        let mut rng = SplitMix64(7);
        for len in [1, 10, 64, 100] {
            let feats: Vec<u64> = (0..len).map(|_| rng.below(260) as u64 * 7919).collect();
            let mut a = vec![0.0; INLINE_CLASSES];
            let mut b = vec![0.0; INLINE_CLASSES + 1];
            coded.score(&feats, &mut a);
            sparse.score(&feats, &mut b);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b[..INLINE_CLASSES]), "{len} features");
            assert_eq!(b[INLINE_CLASSES], 0.0);
        }
    }
}
