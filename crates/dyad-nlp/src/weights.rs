//! Run-time weights of the averaged perceptrons: an open-addressing table of 32-bit feature keys,
//! laid out for cache misses, which is where tagging and parsing spend most of their time.
//!
//! * Many classes (tagger, arc labels): a slot (`key << 32 | offset << 8 | length`) points
//!   into packed entries (`f32` with the low 8 mantissa bits replaced by the class index); a
//!   feature costs about two cache misses, so [`Weights::score`] looks up a chunk of slots, then
//!   touches their first entries, then sums, letting the misses overlap.
//! * At most [`INLINE_CLASSES`] classes (the parser's transitions): the whole row sits in its
//!   slot, so a feature costs about one miss. A model read from disk keeps each weight as its
//!   8-bit code (`key << 32 | code[3] << 24 | … | code[0]`, decoded through a 256-entry
//!   table); weights averaged in training keep their floats.
//!
//! Every layout returns the same scores, bit for bit, as the first one would.

use crate::NlpError;
use crate::bin::{Reader, Writer};

/// Class count up to which rows are stored inline in the slot table.
pub const INLINE_CLASSES: usize = 4;

const LOG_ALPHA: f32 = 16.0;

/// Averaged weights, ready to score feature sets.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Number of classes (at most 255).
    pub n: usize,
    mask: usize,
    table: Table,
    nfeat: usize,
    nnz: usize,
}

#[derive(Debug, Clone)]
enum Table {
    /// Slot words pointing into packed entries.
    Sparse { slots: Vec<u64>, ent: Vec<u32> },
    /// Whole rows of float weights (tables averaged in training).
    Inline(Vec<InlineRow>),
    /// Slot words holding the key and one 8-bit code per class (tables read from a model).
    Coded {
        slots: Vec<u64>,
        lut: Box<[f32; 256]>,
    },
}

/// One slot of an inline table: the feature key (0 = empty) and one weight per class (0 when
/// the class has none).
#[derive(Debug, Clone, Copy, Default)]
struct InlineRow {
    key: u32,
    w: [f32; INLINE_CLASSES],
}

/// Fold a 64-bit feature key to the 32 bits stored in the model (0 is reserved for "empty").
#[inline]
pub(crate) fn fold(k: u64) -> u32 {
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

/// The slot word holding key `k` in a table of slot words, or 0.
#[inline]
fn find_word(slots: &[u64], mask: usize, k: u32) -> u64 {
    let mut i = home(k, mask);
    loop {
        let s = slots[i];
        if s == 0 || (s >> 32) as u32 == k {
            return s;
        }
        i = (i + 1) & mask;
    }
}

/// Put a slot word into its table; false (and nothing changes) if its key is already there.
fn place_word(slots: &mut [u64], mask: usize, word: u64) -> bool {
    let k = (word >> 32) as u32;
    let mut i = home(k, mask);
    while slots[i] != 0 {
        if (slots[i] >> 32) as u32 == k {
            return false;
        }
        i = (i + 1) & mask;
    }
    slots[i] = word;
    true
}

/// Code `c`'s 8 bits of a coded slot word.
#[inline]
fn code(word: u64, c: usize) -> usize {
    ((word >> (8 * c)) & 0xff) as usize
}

impl Weights {
    /// Build from rows sorted or not; duplicate keys keep the first row.
    pub(crate) fn build(n: usize, mut rows: Vec<(u32, Vec<(u16, f32)>)>) -> Weights {
        rows.sort_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let mut staging = if n <= INLINE_CLASSES {
            Staging::Inline(Vec::with_capacity(rows.len()))
        } else {
            Staging::sparse(rows.len())
        };
        let mut row = Vec::with_capacity(n);
        for (k, e) in rows {
            row.clear();
            row.extend(e.iter().take(255).map(|&(c, v)| pack(c, v)));
            staging.push(k, &row);
        }
        Weights::place(n, staging)
    }

    /// Place staged rows (their order decides between repeated keys). Rows are first grouped
    /// by home slot, then put in group after group, so that filling the table sweeps through it
    /// instead of jumping around it: loading a model is mostly this.
    fn place(n: usize, staging: Staging) -> Weights {
        let cap = (staging.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let (mut nfeat, mut nnz) = (0, 0);
        let word_key = |s: &u64| (s >> 32) as u32;
        let table = match staging {
            Staging::Sparse { slots: words, ent } => {
                let mut slots = vec![0; cap];
                for s in by_home(words, mask, word_key) {
                    if place_word(&mut slots, mask, s) {
                        nfeat += 1;
                        nnz += (s & 0xff) as usize;
                    }
                }
                Table::Sparse { slots, ent }
            }
            Staging::Coded { words, lut } => {
                let mut slots = vec![0; cap];
                for s in by_home(words, mask, word_key) {
                    if place_word(&mut slots, mask, s) {
                        nfeat += 1;
                        nnz += (0..INLINE_CLASSES).filter(|&c| code(s, c) != 0).count();
                    }
                }
                Table::Coded { slots, lut }
            }
            Staging::Inline(rows) => {
                let mut slots = vec![InlineRow::default(); cap];
                for row in by_home(rows, mask, |r| r.key) {
                    if place_inline(&mut slots, mask, row) {
                        nfeat += 1;
                        nnz += row.w.iter().filter(|&&v| v != 0.0).count();
                    }
                }
                Table::Inline(slots)
            }
        };
        Weights {
            n,
            mask,
            table,
            nfeat,
            nnz,
        }
    }

    /// Rows as (key, entries), sorted by key.
    pub(crate) fn rows(&self) -> Vec<(u32, Vec<(u16, f32)>)> {
        let n = self.n;
        let mut out: Vec<(u32, Vec<(u16, f32)>)> = match &self.table {
            Table::Sparse { slots, ent } => slots
                .iter()
                .filter(|&&s| s != 0)
                .map(|&s| {
                    let e = entries(ent, s).iter().map(|&x| {
                        let (c, v) = unpack(x);
                        (c as u16, v)
                    });
                    ((s >> 32) as u32, e.collect())
                })
                .collect(),
            Table::Inline(slots) => slots
                .iter()
                .filter(|r| r.key != 0)
                .map(|r| {
                    let e = (0..n).filter(|&c| r.w[c] != 0.0);
                    (r.key, e.map(|c| (c as u16, r.w[c])).collect())
                })
                .collect(),
            Table::Coded { slots, lut } => slots
                .iter()
                .filter(|&&s| s != 0)
                .map(|&s| {
                    let e = (0..n).filter(|&c| code(s, c) != 0);
                    let e = e.map(|c| (c as u16, lut[code(s, c)]));
                    ((s >> 32) as u32, e.collect())
                })
                .collect(),
        };
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
        match &self.table {
            Table::Sparse { slots, ent } => self.score_sparse(slots, ent, feats, out),
            Table::Inline(slots) => {
                let mut acc = [0f32; INLINE_CLASSES];
                for &f in feats {
                    if let Some(row) = find_inline(slots, self.mask, fold(f)) {
                        for (a, w) in acc.iter_mut().zip(row.w) {
                            *a += w;
                        }
                    }
                }
                out.iter_mut().zip(acc).for_each(|(o, a)| *o = a);
            }
            Table::Coded { slots, lut } => {
                let mut acc = [0f32; INLINE_CLASSES];
                for &f in feats {
                    let s = find_word(slots, self.mask, fold(f));
                    if s != 0 {
                        for (c, a) in acc.iter_mut().enumerate() {
                            *a += lut[code(s, c)];
                        }
                    }
                }
                out.iter_mut().zip(acc).for_each(|(o, a)| *o = a);
            }
        }
    }

    /// Sparse rows: slot look-ups are done first, independently of each other, then each row's
    /// first entry is touched, so that both kinds of cache miss overlap; then the rows are
    /// summed.
    #[inline]
    fn score_sparse(&self, slots: &[u64], ent: &[u32], feats: &[u64], out: &mut [f32]) {
        let mut found = [0u64; 64];
        for chunk in feats.chunks(64) {
            for (slot, &f) in found.iter_mut().zip(chunk) {
                *slot = find_word(slots, self.mask, fold(f));
            }
            let mut touched = 0u32;
            for &s in &found[..chunk.len()] {
                if let Some(&e) = ent.get(((s >> 8) & 0xff_ffff) as usize) {
                    touched ^= e;
                }
            }
            std::hint::black_box(touched);
            for &s in &found[..chunk.len()] {
                if s == 0 {
                    continue;
                }
                for &e in entries(ent, s) {
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
        // A code's weight, with the low mantissa bits cleared as in a packed entry, so that
        // every layout scores alike.
        let mut lut = Box::new([0f32; 256]);
        for (q, t) in lut.iter_mut().enumerate() {
            let q = q as u8 as i8;
            let v = s * ((q.unsigned_abs() as f32 / LOG_ALPHA).exp() - 1.0);
            *t = unpack(pack(0, if q < 0 { -v } else { v })).1;
        }
        let coded = n <= INLINE_CLASSES;
        let mut staging = if coded {
            Staging::Coded {
                words: Vec::with_capacity(nf),
                lut: lut.clone(),
            }
        } else {
            Staging::sparse(nf)
        };
        let (mut row, mut packed) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for _ in 0..nf {
            let k = r.u32()?;
            let m = r.u8()? as usize;
            if k == 0 {
                return Err(NlpError::Model("zero feature key".into()));
            }
            if staging.weights() > 0xff_ffff {
                return Err(NlpError::Model("too many weights".into()));
            }
            row.clear();
            for _ in 0..m {
                let c = r.u8()?;
                let q = r.u8()?;
                if (c as usize) >= n {
                    return Err(NlpError::Model("class index out of range".into()));
                }
                row.push((c, q));
            }
            if coded {
                staging.push_codes(k, &row);
            } else {
                packed.clear();
                packed.extend(row.iter().map(|&(c, q)| pack(c as u16, lut[q as usize])));
                staging.push(k, &packed);
            }
        }
        Ok(Weights::place(n, staging))
    }

    /// Which layout the table has (for tests).
    #[cfg(test)]
    pub(crate) fn layout(&self) -> &'static str {
        match self.table {
            Table::Sparse { .. } => "sparse",
            Table::Inline(_) => "inline",
            Table::Coded { .. } => "coded",
        }
    }
}

/// A sparse slot word: key, offset of the row's first entry, number of entries.
fn sparse_word(key: u32, off: usize, len: usize) -> u64 {
    ((key as u64) << 32) | ((off as u64 & 0xff_ffff) << 8) | (len as u64 & 0xff)
}

/// Packed entries a sparse slot word points to.
#[inline]
fn entries(ent: &[u32], s: u64) -> &[u32] {
    let off = ((s >> 8) & 0xff_ffff) as usize;
    let len = (s & 0xff) as usize;
    ent.get(off..off + len).unwrap_or(&[])
}

/// The inline row of key `k`, if there is one.
#[inline]
fn find_inline(slots: &[InlineRow], mask: usize, k: u32) -> Option<&InlineRow> {
    let mut i = home(k, mask);
    loop {
        let r = &slots[i];
        if r.key == k {
            return Some(r);
        }
        if r.key == 0 {
            return None;
        }
        i = (i + 1) & mask;
    }
}

/// Put an inline row; false (and nothing changes) if its key is already there.
fn place_inline(slots: &mut [InlineRow], mask: usize, row: InlineRow) -> bool {
    let mut i = home(row.key, mask);
    while slots[i].key != 0 {
        if slots[i].key == row.key {
            return false;
        }
        i = (i + 1) & mask;
    }
    slots[i] = row;
    true
}

/// Rows read or built, in their original order, before they are placed in a table.
enum Staging {
    /// Slot words (`key << 32 | offset << 8 | length`) and the packed entries they point to.
    Sparse { slots: Vec<u64>, ent: Vec<u32> },
    /// Whole inline rows.
    Inline(Vec<InlineRow>),
    /// Coded slot words and the table that decodes them.
    Coded {
        words: Vec<u64>,
        lut: Box<[f32; 256]>,
    },
}

impl Staging {
    fn sparse(rows: usize) -> Staging {
        Staging::Sparse {
            slots: Vec::with_capacity(rows),
            ent: Vec::with_capacity(rows * 2),
        }
    }

    /// Append a row of packed entries (at most 255 are kept). Rows averaged in training come
    /// this way; a coded staging (read from a model) takes rows through [`Staging::push_codes`].
    fn push(&mut self, key: u32, entries: &[u32]) {
        let entries = &entries[..entries.len().min(255)];
        match self {
            Staging::Sparse { slots, ent } => {
                slots.push(sparse_word(key, ent.len(), entries.len()));
                ent.extend_from_slice(entries);
            }
            Staging::Inline(rows) => {
                let mut row = InlineRow {
                    key,
                    w: [0.0; INLINE_CLASSES],
                };
                for &e in entries {
                    let (c, v) = unpack(e);
                    if let Some(x) = row.w.get_mut(c) {
                        *x = v;
                    }
                }
                rows.push(row);
            }
            Staging::Coded { .. } => {}
        }
    }

    /// Append a row of (class, code) pairs read from a model into a coded staging; other
    /// stagings take packed entries through [`Staging::push`].
    fn push_codes(&mut self, key: u32, row: &[(u8, u8)]) {
        if let Staging::Coded { words, .. } = self {
            let mut word = (key as u64) << 32;
            for &(c, q) in row.iter().filter(|&&(c, _)| (c as usize) < INLINE_CLASSES) {
                word = (word & !(0xff << (8 * c))) | ((q as u64) << (8 * c));
            }
            words.push(word);
        }
    }

    /// Rows staged.
    fn len(&self) -> usize {
        match self {
            Staging::Sparse { slots, .. } => slots.len(),
            Staging::Inline(rows) => rows.len(),
            Staging::Coded { words, .. } => words.len(),
        }
    }

    /// Packed entries staged so far (0 for inline rows, which need no offsets).
    fn weights(&self) -> usize {
        match self {
            Staging::Sparse { ent, .. } => ent.len(),
            _ => 0,
        }
    }
}

/// `items` grouped by the top bits of their keys' home slots, keeping their order within a
/// group (a counting sort): rows that land near each other in the table come one after the
/// other.
fn by_home<T: Copy + Default>(items: Vec<T>, mask: usize, key: impl Fn(&T) -> u32) -> Vec<T> {
    let bits = (mask + 1).trailing_zeros();
    let shift = bits.saturating_sub(12);
    let group = |x: &T| home(key(x), mask) >> shift;
    let mut start = vec![0usize; (1usize << (bits - shift)) + 1];
    for x in &items {
        start[group(x) + 1] += 1;
    }
    for g in 1..start.len() {
        start[g] += start[g - 1];
    }
    let mut out = vec![T::default(); items.len()];
    for x in items {
        let g = group(&x);
        out[start[g]] = x;
        start[g] += 1;
    }
    out
}
