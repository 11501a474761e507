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

/// Sparse averaged weights used at run time: an open-addressing table of 32-bit feature keys
/// (`key << 32 | offset << 8 | length`) pointing into packed entries (`f32` with the low 8
/// mantissa bits replaced by the class index), so a feature costs about two cache misses.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Number of classes (at most 255).
    pub n: usize,
    mask: usize,
    slots: Vec<u64>,
    ent: Vec<u32>,
    nfeat: usize,
}

const LOG_ALPHA: f32 = 16.0;

/// Fold a 64-bit feature key to the 32 bits stored in the model (0 is reserved for "empty").
#[inline]
fn fold(k: u64) -> u32 {
    let f = (k ^ (k >> 32)) as u32;
    if f == 0 { 1 } else { f }
}

#[inline]
fn pack(c: u16, v: f32) -> u32 {
    (v.to_bits() & 0xffff_ff00) | (c as u32 & 0xff)
}

#[inline]
fn unpack(e: u32) -> (usize, f32) {
    ((e & 0xff) as usize, f32::from_bits(e & 0xffff_ff00))
}

impl Weights {
    /// Build from rows sorted or not; duplicate keys keep the first row.
    fn build(n: usize, mut rows: Vec<(u32, Vec<(u16, f32)>)>) -> Weights {
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = Weights {
            n,
            mask: cap - 1,
            slots: vec![0; cap],
            ent: Vec::new(),
            nfeat: 0,
        };
        for (k, e) in rows {
            let off = w.ent.len();
            let len = e.len().min(255);
            w.ent.extend(e.iter().take(len).map(|&(c, v)| pack(c, v)));
            w.insert(k, off, len);
        }
        w
    }

    /// Rows as (key, entries), sorted by key.
    fn rows(&self) -> Vec<(u32, Vec<(u16, f32)>)> {
        let mut out: Vec<(u32, Vec<(u16, f32)>)> = self
            .slots
            .iter()
            .filter(|&&s| s != 0)
            .map(|&s| {
                let off = ((s >> 8) & 0xff_ffff) as usize;
                let len = (s & 0xff) as usize;
                let e = self.ent[off..off + len]
                    .iter()
                    .map(|&x| {
                        let (c, v) = unpack(x);
                        (c as u16, v)
                    })
                    .collect();
                ((s >> 32) as u32, e)
            })
            .collect();
        out.sort_by_key(|r| r.0);
        out
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.nfeat
    }

    /// True if there are no features.
    pub fn is_empty(&self) -> bool {
        self.nfeat == 0
    }

    /// Number of stored weights.
    pub fn nnz(&self) -> usize {
        self.ent.len()
    }

    /// Drop weights whose magnitude is below `min_abs` (and features left empty).
    pub fn prune(&mut self, min_abs: f32) {
        let rows = self
            .rows()
            .into_iter()
            .filter_map(|(k, e)| {
                let e: Vec<(u16, f32)> = e.into_iter().filter(|x| x.1.abs() >= min_abs).collect();
                (!e.is_empty()).then_some((k, e))
            })
            .collect();
        *self = Weights::build(self.n, rows);
    }

    /// Add the class scores of one feature to `out`.
    #[inline]
    pub fn add(&self, f: u64, out: &mut [f32]) {
        let k = fold(f);
        let mut i = (k as usize).wrapping_mul(0x9e37_79b1) & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return;
            }
            if (s >> 32) as u32 == k {
                let off = ((s >> 8) & 0xff_ffff) as usize;
                let len = (s & 0xff) as usize;
                for &e in &self.ent[off..off + len] {
                    let (c, v) = unpack(e);
                    if let Some(o) = out.get_mut(c) {
                        *o += v;
                    }
                }
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Slot value of a feature (0 if absent).
    #[inline]
    fn find(&self, f: u64) -> u64 {
        let k = fold(f);
        let mut i = (k as usize).wrapping_mul(0x9e37_79b1) & self.mask;
        loop {
            let s = self.slots[i];
            if s == 0 || (s >> 32) as u32 == k {
                return s;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Class scores for a feature set. Slot look-ups are done first, independently of each
    /// other, so that their cache misses overlap; then the rows are summed.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        let mut found = [0u64; 64];
        for chunk in feats.chunks(64) {
            for (slot, &f) in found.iter_mut().zip(chunk) {
                *slot = self.find(f);
            }
            for &s in &found[..chunk.len()] {
                if s == 0 {
                    continue;
                }
                let off = ((s >> 8) & 0xff_ffff) as usize;
                let len = (s & 0xff) as usize;
                for &e in &self.ent[off..off + len] {
                    let (c, v) = unpack(e);
                    if let Some(o) = out.get_mut(c) {
                        *o += v;
                    }
                }
            }
        }
    }

    /// Serialise: 32-bit feature keys, one class byte and one log-quantised byte per weight
    /// (`v = sign * s * (exp(|q| / 16) - 1)`, relative error <= 3.2 %).
    pub fn write(&self, w: &mut Writer) {
        let rows = self.rows();
        let maxabs = rows
            .iter()
            .flat_map(|r| r.1.iter())
            .fold(0f32, |m, v| m.max(v.1.abs()));
        let s = if maxabs > 0.0 {
            maxabs / ((127.0f32 / LOG_ALPHA).exp() - 1.0)
        } else {
            1.0
        };
        w.u32(self.n as u32);
        w.f32(s);
        let kept: Vec<(u32, Vec<(u16, i8)>)> = rows
            .into_iter()
            .filter_map(|(k, e)| {
                let ent: Vec<(u16, i8)> = e
                    .into_iter()
                    .filter_map(|(c, v)| {
                        let q = ((v.abs() / s).ln_1p() * LOG_ALPHA)
                            .round()
                            .clamp(0.0, 127.0) as i8;
                        (q != 0).then_some((c, if v < 0.0 { -q } else { q }))
                    })
                    .collect();
                (!ent.is_empty()).then_some((k, ent))
            })
            .collect();
        w.u32(kept.len() as u32);
        for (k, ent) in kept {
            w.u32(k);
            w.u8(ent.len() as u8);
            for (c, q) in ent {
                w.u8(c as u8);
                w.u8(q as u8);
            }
        }
    }

    /// Deserialise.
    pub fn read(r: &mut Reader) -> Result<Weights, NlpError> {
        let n = r.u32()? as usize;
        if n == 0 || n > 255 {
            return Err(NlpError::Model("bad class count".into()));
        }
        let s = r.f32()?;
        let nf = r.count(7)?;
        let mut table = [0f32; 256];
        for (q, t) in table.iter_mut().enumerate() {
            let q = q as u8 as i8;
            let v = s * ((q.unsigned_abs() as f32 / LOG_ALPHA).exp() - 1.0);
            *t = if q < 0 { -v } else { v };
        }
        // Filled in place (no vector per row): loading a model is mostly this loop.
        let cap = (nf * 2).next_power_of_two().max(16);
        let mut w = Weights {
            n,
            mask: cap - 1,
            slots: vec![0; cap],
            ent: Vec::with_capacity(nf * 2),
            nfeat: 0,
        };
        for _ in 0..nf {
            let k = r.u32()?;
            let m = r.u8()? as usize;
            if k == 0 {
                return Err(NlpError::Model("zero feature key".into()));
            }
            let off = w.ent.len();
            for _ in 0..m {
                let c = r.u8()?;
                let q = r.u8()?;
                if (c as usize) >= n {
                    return Err(NlpError::Model("class index out of range".into()));
                }
                w.ent.push(pack(c as u16, table[q as usize]));
            }
            if off > 0xff_ffff {
                return Err(NlpError::Model("too many weights".into()));
            }
            if !w.insert(k, off, m) {
                w.ent.truncate(off); // a repeated key keeps its first row
            }
        }
        Ok(w)
    }

    /// Put a row into the slot table; false if the key is already there.
    fn insert(&mut self, k: u32, off: usize, len: usize) -> bool {
        let mut i = (k as usize).wrapping_mul(0x9e37_79b1) & self.mask;
        while self.slots[i] != 0 {
            if (self.slots[i] >> 32) as u32 == k {
                return false;
            }
            i = (i + 1) & self.mask;
        }
        self.slots[i] = ((k as u64) << 32) | ((off as u64 & 0xff_ffff) << 8) | len as u64;
        self.nfeat += 1;
        true
    }
}
