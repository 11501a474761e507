//! Multi-class averaged perceptron over hashed features.
//!
//! Training keeps, per feature, a dense row of current weights `w` and of update-time-weighted
//! sums `u`; the averaged weight is `w - u / c` (Daumé's trick, no per-weight timestamps).
//! The shipped model stores only non-zero averaged weights, as 8-bit logarithmic codes with one
//! scale, sparse per feature. At run time [`Weights`] keeps them in an open-addressing table laid
//! out for cache misses, which is where tagging and parsing spend most of their time.

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

/// Sparse averaged weights used at run time: an open-addressing table of 32-bit feature keys.
///
/// Models with many classes (tagger, arc labels) keep sparse rows: a slot
/// (`key << 32 | offset << 8 | length`) points into packed entries (`f32` with the low 8
/// mantissa bits replaced by the class index), so a feature costs about two cache misses.
/// Models with at most [`INLINE_CLASSES`] classes (the parser's transitions) keep each row
/// inside its slot, key and all class weights together, so a feature costs about one.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Number of classes (at most 255).
    pub n: usize,
    mask: usize,
    slots: Vec<u64>,
    ent: Vec<u32>,
    inline: Vec<InlineRow>,
    nfeat: usize,
    nnz: usize,
}

/// Class count up to which rows are stored inline in the slot table.
pub const INLINE_CLASSES: usize = 4;

/// One slot of an inline table: the feature key (0 = empty) and one weight per class (0 when
/// the class has none).
#[derive(Debug, Clone, Copy, Default)]
struct InlineRow {
    key: u32,
    w: [f32; INLINE_CLASSES],
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

/// First probe position of a key.
#[inline]
fn home(k: u32, mask: usize) -> usize {
    (k as usize).wrapping_mul(0x9e37_79b1) & mask
}

impl Weights {
    /// An empty table sized for `rows` features.
    fn with_capacity(n: usize, rows: usize) -> Weights {
        let cap = (rows * 2).next_power_of_two().max(16);
        let inline = n <= INLINE_CLASSES;
        Weights {
            n,
            mask: cap - 1,
            slots: if inline { Vec::new() } else { vec![0; cap] },
            ent: Vec::new(),
            inline: if inline {
                vec![InlineRow::default(); cap]
            } else {
                Vec::new()
            },
            nfeat: 0,
            nnz: 0,
        }
    }

    /// Build from rows sorted or not; duplicate keys keep the first row.
    fn build(n: usize, mut rows: Vec<(u32, Vec<(u16, f32)>)>) -> Weights {
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let mut w = Weights::with_capacity(n, rows.len());
        for (k, e) in rows {
            let e: Vec<u32> = e.iter().take(255).map(|&(c, v)| pack(c, v)).collect();
            w.insert(k, &e);
        }
        w
    }

    /// Rows as (key, entries), sorted by key.
    fn rows(&self) -> Vec<(u32, Vec<(u16, f32)>)> {
        let mut out: Vec<(u32, Vec<(u16, f32)>)> = if self.inline.is_empty() {
            self.slots
                .iter()
                .filter(|&&s| s != 0)
                .map(|&s| {
                    let e = self.entries(s).iter().map(|&x| {
                        let (c, v) = unpack(x);
                        (c as u16, v)
                    });
                    ((s >> 32) as u32, e.collect())
                })
                .collect()
        } else {
            self.inline
                .iter()
                .filter(|r| r.key != 0)
                .map(|r| {
                    let e = (0..self.n)
                        .filter(|&c| r.w[c] != 0.0)
                        .map(|c| (c as u16, r.w[c]));
                    (r.key, e.collect())
                })
                .collect()
        };
        out.sort_by_key(|r| r.0);
        out
    }

    /// Packed entries a sparse slot points to.
    #[inline]
    fn entries(&self, s: u64) -> &[u32] {
        let off = ((s >> 8) & 0xff_ffff) as usize;
        let len = (s & 0xff) as usize;
        &self.ent[off..off + len]
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
        self.nnz
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

    /// Class scores for a feature set.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        if self.inline.is_empty() {
            self.score_sparse(feats, out);
        } else {
            self.score_inline(feats, out);
        }
    }

    /// Inline rows: one probe sequence per feature, the weights sit in the slot found.
    #[inline]
    fn score_inline(&self, feats: &[u64], out: &mut [f32]) {
        let mut acc = [0f32; INLINE_CLASSES];
        for &f in feats {
            let k = fold(f);
            let mut i = home(k, self.mask);
            loop {
                let r = &self.inline[i];
                if r.key == k {
                    for (a, w) in acc.iter_mut().zip(r.w) {
                        *a += w;
                    }
                    break;
                }
                if r.key == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        for (o, a) in out.iter_mut().zip(acc) {
            *o = a;
        }
    }

    /// Sparse rows: slot look-ups are done first, independently of each other, so that their
    /// cache misses overlap; then the rows are summed.
    #[inline]
    fn score_sparse(&self, feats: &[u64], out: &mut [f32]) {
        let mut found = [0u64; 64];
        for chunk in feats.chunks(64) {
            for (slot, &f) in found.iter_mut().zip(chunk) {
                *slot = self.find(f);
            }
            // Touch each row's first entry (independent loads, so the misses overlap) before
            // summing the rows one after the other.
            let mut touched = 0u32;
            for &s in &found[..chunk.len()] {
                if let Some(&e) = self.ent.get(((s >> 8) & 0xff_ffff) as usize) {
                    touched ^= e;
                }
            }
            std::hint::black_box(touched);
            for &s in &found[..chunk.len()] {
                if s == 0 {
                    continue;
                }
                for &e in self.entries(s) {
                    let (c, v) = unpack(e);
                    if let Some(o) = out.get_mut(c) {
                        *o += v;
                    }
                }
            }
        }
    }

    /// Slot value of a feature in a sparse table (0 if absent).
    #[inline]
    fn find(&self, f: u64) -> u64 {
        let k = fold(f);
        let mut i = home(k, self.mask);
        loop {
            let s = self.slots[i];
            if s == 0 || (s >> 32) as u32 == k {
                return s;
            }
            i = (i + 1) & self.mask;
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
        // Filled in place: loading a model is mostly this loop.
        let mut w = Weights::with_capacity(n, nf);
        let mut row = Vec::with_capacity(n);
        for _ in 0..nf {
            let k = r.u32()?;
            let m = r.u8()? as usize;
            if k == 0 {
                return Err(NlpError::Model("zero feature key".into()));
            }
            row.clear();
            for _ in 0..m {
                let c = r.u8()?;
                let q = r.u8()?;
                if (c as usize) >= n {
                    return Err(NlpError::Model("class index out of range".into()));
                }
                row.push(pack(c as u16, table[q as usize]));
            }
            if w.ent.len() > 0xff_ffff {
                return Err(NlpError::Model("too many weights".into()));
            }
            w.insert(k, &row); // a repeated key keeps its first row
        }
        Ok(w)
    }

    /// Put a row of packed entries into the table; false if the key is already there.
    fn insert(&mut self, k: u32, row: &[u32]) -> bool {
        let mut i = home(k, self.mask);
        if !self.inline.is_empty() {
            while self.inline[i].key != 0 {
                if self.inline[i].key == k {
                    return false;
                }
                i = (i + 1) & self.mask;
            }
            let slot = &mut self.inline[i];
            slot.key = k;
            for &e in row {
                let (c, v) = unpack(e);
                if let Some(x) = slot.w.get_mut(c) {
                    *x = v;
                }
            }
        } else {
            while self.slots[i] != 0 {
                if (self.slots[i] >> 32) as u32 == k {
                    return false;
                }
                i = (i + 1) & self.mask;
            }
            let off = self.ent.len();
            self.ent.extend_from_slice(row);
            self.slots[i] = ((k as u64) << 32) | ((off as u64 & 0xff_ffff) << 8) | row.len() as u64;
        }
        self.nfeat += 1;
        self.nnz += row.len();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            assert_eq!(
                w.inline.is_empty(),
                n > INLINE_CLASSES,
                "layout for {n} classes"
            );
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
}
