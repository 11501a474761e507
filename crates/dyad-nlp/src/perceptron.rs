//! Multi-class averaged perceptron over hashed features.
//!
//! Training keeps, per feature, a dense row of current weights `w` and of update-time-weighted
//! sums `u`; the averaged weight is `w - u / c` (Daumé's trick, no per-weight timestamps).
//! The shipped model stores only non-zero averaged weights, quantised to `i16` with one scale,
//! sparse per feature; at run time weights are kept sparse as well.

use crate::NlpError;
use crate::bin::{Reader, Writer};
use crate::hash::IdMap;

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
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_by_key(|&r| self.keys[r]);
        let mut out = Weights::empty(n);
        for r in order {
            let start = out.cls.len();
            for k in 0..n {
                let a = (self.w[r * n + k] as f64 - self.u[r * n + k] / self.c) as f32;
                if a.abs() >= min_abs && a != 0.0 {
                    out.cls.push(k as u16);
                    out.val.push(a);
                }
            }
            if out.cls.len() > start {
                out.index.insert(self.keys[r], out.keys.len() as u32);
                out.keys.push(self.keys[r]);
                out.offs.push(out.cls.len() as u32);
            }
        }
        out
    }
}

/// Sparse averaged weights used at run time.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Number of classes.
    pub n: usize,
    index: IdMap<u32>,
    keys: Vec<u64>,
    offs: Vec<u32>,
    cls: Vec<u16>,
    val: Vec<f32>,
}

impl Weights {
    fn empty(n: usize) -> Self {
        Weights {
            n,
            index: IdMap::default(),
            keys: Vec::new(),
            offs: vec![0],
            cls: Vec::new(),
            val: Vec::new(),
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True if there are no features.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Number of stored weights.
    pub fn nnz(&self) -> usize {
        self.cls.len()
    }

    /// Class scores for a feature set.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let a = self.offs[r as usize] as usize;
                let b = self.offs[r as usize + 1] as usize;
                for (c, v) in self.cls[a..b].iter().zip(&self.val[a..b]) {
                    if let Some(o) = out.get_mut(*c as usize) {
                        *o += *v;
                    }
                }
            }
        }
    }

    /// Serialise (quantised to i16 with a global scale).
    pub fn write(&self, w: &mut Writer) {
        let maxabs = self.val.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = if maxabs > 0.0 { maxabs / 32767.0 } else { 1.0 };
        w.u32(self.n as u32);
        w.f32(scale);
        // count kept features after quantisation
        let mut kept: Vec<(u64, Vec<(u16, i16)>)> = Vec::with_capacity(self.keys.len());
        for (r, &k) in self.keys.iter().enumerate() {
            let a = self.offs[r] as usize;
            let b = self.offs[r + 1] as usize;
            let ent: Vec<(u16, i16)> = (a..b)
                .filter_map(|i| {
                    let q = (self.val[i] / scale).round().clamp(-32767.0, 32767.0) as i16;
                    (q != 0).then_some((self.cls[i], q))
                })
                .collect();
            if !ent.is_empty() {
                kept.push((k, ent));
            }
        }
        w.u32(kept.len() as u32);
        let small = self.n <= 256;
        for (k, ent) in kept {
            w.u64(k);
            w.u8(ent.len().min(255) as u8);
            if ent.len() >= 255 {
                w.u16(ent.len() as u16);
            }
            for (c, q) in ent {
                if small {
                    w.u8(c as u8);
                } else {
                    w.u16(c);
                }
                w.i16(q);
            }
        }
    }

    /// Deserialise.
    pub fn read(r: &mut Reader) -> Result<Weights, NlpError> {
        let n = r.u32()? as usize;
        if n == 0 || n > 65535 {
            return Err(NlpError::Model("bad class count".into()));
        }
        let scale = r.f32()?;
        let nf = r.count(11)?;
        let small = n <= 256;
        let mut out = Weights::empty(n);
        out.index.reserve(nf);
        out.keys.reserve(nf);
        out.offs.reserve(nf);
        for _ in 0..nf {
            let k = r.u64()?;
            let mut m = r.u8()? as usize;
            if m == 255 {
                m = r.u16()? as usize;
            }
            for _ in 0..m {
                let c = if small { r.u8()? as u16 } else { r.u16()? };
                let q = r.i16()?;
                if (c as usize) >= n {
                    return Err(NlpError::Model("class index out of range".into()));
                }
                out.cls.push(c);
                out.val.push(q as f32 * scale);
            }
            out.index.insert(k, out.keys.len() as u32);
            out.keys.push(k);
            out.offs.push(out.cls.len() as u32);
        }
        Ok(out)
    }
}
