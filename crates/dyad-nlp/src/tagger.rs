//! Two-pass averaged-perceptron tagger predicting the joint UPOS+XPOS tag.
//!
//! Pass 1 tags left to right with prefix/suffix/shape features, a window of words, the
//! previous predicted tags and the *ambiguity classes* (set of tags seen in training) of the
//! following words. Pass 2 repeats with the same features plus pass 1's tags of the right
//! context, which gives the tagger a bidirectional view at the cost of a second pass.
//! Frequent unambiguous words are tagged from a tag dictionary.

use crate::NlpError;
use crate::bin::{Reader, Writer};
use crate::hash::{FnvMap, SplitMix64, f1, f2, f3, hstr};
use crate::perceptron::{Trainer, Weights};

/// Per-token precomputed hashes.
#[derive(Clone, Copy, Default)]
pub(crate) struct Tok {
    lower: u64,
    form: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    amb: u64,
    flags: u64,
    lex: u64,
}

/// Word shape: X for upper, x for lower, d for digit, runs cut at 2.
pub fn shape(form: &str) -> String {
    let mut s = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars().take(24) {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if m == last {
            run += 1;
        } else {
            run = 1;
            last = m;
        }
        if run <= 2 {
            s.push(m);
        }
    }
    s
}

/// Tagger model.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// Joint tags "UPOS\tXPOS".
    pub classes: Vec<String>,
    tagdict: FnvMap<String, u16>,
    amb: FnvMap<String, u64>,
    lex: FnvMap<String, u8>,
    w1: Weights,
    w2: Option<Weights>,
}

const START: u64 = 0xffff_0001;
const START2: u64 = 0xffff_0002;
const END: u64 = 0xffff_0003;
const END2: u64 = 0xffff_0004;

fn tags_hash(t: Option<u16>, fallback: u64) -> u64 {
    t.map(|x| x as u64).unwrap_or(fallback)
}

pub(crate) fn prepare(
    forms: &[&str],
    amb: &FnvMap<String, u64>,
    lex: &FnvMap<String, u8>,
) -> Vec<Tok> {
    forms
        .iter()
        .map(|f| {
            let lower = f.to_lowercase();
            let lb = lower.as_bytes();
            // char boundaries (byte offsets) of the lower-cased form
            let mut bounds: [usize; 5] = [lb.len(); 5];
            let mut ends: [usize; 4] = [0; 4];
            let mut nchars = 0usize;
            for (k, (i, _)) in lower.char_indices().enumerate() {
                if (1..=4).contains(&k) {
                    bounds[k - 1] = i;
                }
                nchars = k + 1;
            }
            // prefixes: first 1..3 chars
            let mut pre = [0u64; 3];
            for (k, p) in pre.iter_mut().enumerate() {
                let end = if k + 1 >= nchars { lb.len() } else { bounds[k] };
                *p = crate::hash::fnv1a64(&lb[..end]) ^ (k as u64 + 1);
            }
            // suffixes: last 1..4 chars
            let mut cnt = 0;
            for (i, _) in lower.char_indices().rev() {
                if cnt < 4 {
                    ends[cnt] = i;
                }
                cnt += 1;
                if cnt >= 4 {
                    break;
                }
            }
            let mut suf = [0u64; 4];
            for (k, sfx) in suf.iter_mut().enumerate() {
                let start = if k < cnt { ends[k] } else { 0 };
                *sfx = crate::hash::fnv1a64(&lb[start..]) ^ ((k as u64 + 1) << 8);
            }
            let mut flags = 0u64;
            if f.contains('-') {
                flags |= 1;
            }
            if f.bytes().any(|c| c.is_ascii_digit()) {
                flags |= 2;
            }
            if f.chars().next().is_some_and(|c| c.is_uppercase()) {
                flags |= 4;
            }
            if f.chars().all(|c| c.is_uppercase()) {
                flags |= 8;
            }
            let am = amb
                .get(lower.as_str())
                .copied()
                .unwrap_or(0x00a1_b2c3 ^ suf[1]);
            let lx = if lex.is_empty() {
                0
            } else {
                lex.get(lower.as_str()).map(|&b| b as u64 + 2).unwrap_or(1)
            };
            Tok {
                lex: lx,
                lower: hstr(&lower),
                form: hstr(f) ^ 0x77,
                pre,
                suf,
                shape: hstr(&shape(f)),
                amb: am,
                flags,
            }
        })
        .collect()
}

/// Per-word hashes of what an earlier tagger said (for a supertagger: `[tag, tag with the verb
/// context]`); empty for a first tagger.
pub type Given = [u64; 2];

fn features(
    ctx: &[Tok],
    given: &[Given],
    i: usize,
    left: &[u16],
    right: Option<&[u16]>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let n = ctx.len();
    let t = &ctx[i];
    let get = |k: isize| -> Option<&Tok> {
        let j = i as isize + k;
        if j < 0 || j as usize >= n {
            None
        } else {
            Some(&ctx[j as usize])
        }
    };
    let w = |k: isize, d: u64| get(k).map(|x| x.lower).unwrap_or(d);
    let tm1 = tags_hash(if i >= 1 { Some(left[i - 1]) } else { None }, START);
    let tm2 = tags_hash(if i >= 2 { Some(left[i - 2]) } else { None }, START2);
    out.push(f1(1, 0));
    out.push(f1(2, t.lower));
    out.push(f1(3, t.form));
    for k in 0..3 {
        out.push(f1(4, t.pre[k]));
    }
    for k in 0..4 {
        out.push(f1(5, t.suf[k]));
    }
    out.push(f1(6, t.shape));
    out.push(f1(7, t.flags));
    out.push(f1(8, tm1));
    out.push(f2(9, tm1, tm2));
    out.push(f2(10, tm1, t.lower));
    out.push(f1(11, w(-1, START)));
    out.push(f1(12, get(-1).map(|x| x.suf[2]).unwrap_or(START)));
    out.push(f1(13, w(-2, START2)));
    out.push(f1(14, w(1, END)));
    out.push(f1(15, get(1).map(|x| x.suf[2]).unwrap_or(END)));
    out.push(f1(16, w(2, END2)));
    let a1 = get(1).map(|x| x.amb).unwrap_or(END);
    let a2 = get(2).map(|x| x.amb).unwrap_or(END2);
    out.push(f1(17, a1));
    out.push(f1(18, a2));
    out.push(f2(19, a1, a2));
    out.push(f1(20, t.amb));
    out.push(f2(21, t.lower, w(1, END)));
    out.push(f2(22, w(-1, START), t.lower));
    out.push(f2(23, tm1, a1));
    out.push(f3(24, tm1, t.amb, a1));
    out.push(f2(25, (i == 0) as u64, t.form));
    out.push(f2(26, tm1, t.suf[2]));
    out.push(f2(27, t.shape, a1));
    out.push(f2(28, get(-1).map(|x| x.shape).unwrap_or(START), t.shape));
    if t.lex != 0 {
        out.push(f2(29, t.lex, t.flags & 4));
        out.push(f3(30, t.lex, t.flags & 4, (i == 0) as u64));
        out.push(f2(31, t.lex, t.suf[1]));
        out.push(f2(32, t.lex, tm1));
        out.push(f2(33, get(1).map(|x| x.lex).unwrap_or(END), t.lex));
    }
    if i < given.len() {
        given_features(given, i, t.lower, tm1, out);
    }
    if let Some(r) = right {
        let r1 = tags_hash(r.get(i + 1).copied(), END);
        let r2 = tags_hash(r.get(i + 2).copied(), END2);
        out.push(f1(40, r1));
        out.push(f2(41, r1, r2));
        out.push(f2(42, tm1, r1));
        out.push(f2(43, t.lower, r1));
        out.push(f2(44, t.suf[2], r1));
        out.push(f1(45, tags_hash(Some(r[i]), 0)));
        out.push(f2(46, r1, get(1).map(|x| x.lower).unwrap_or(END)));
    }
}

fn given_features(given: &[Given], i: usize, lower: u64, tm1: u64, out: &mut Vec<u64>) {
    let g = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            START
        } else if j as usize >= given.len() {
            END
        } else {
            given[j as usize][0]
        }
    };
    let (p0, pm1, pm2, p1, p2) = (g(0), g(-1), g(-2), g(1), g(2));
    out.push(f1(60, p0));
    out.push(f2(61, pm1, p0));
    out.push(f2(62, p0, p1));
    out.push(f3(63, pm1, p0, p1));
    out.push(f3(64, p0, p1, p2));
    out.push(f3(65, pm2, pm1, p0));
    out.push(f2(66, p0, lower));
    out.push(f2(67, p0, tm1));
    out.push(f1(68, given[i][1]));
    out.push(f2(69, given[i][1], lower));
    out.push(f2(70, given[i][1], p1));
}

fn argmax(s: &[f32]) -> usize {
    let mut b = 0;
    for (k, v) in s.iter().enumerate() {
        if *v > s[b] {
            b = k;
        }
    }
    b
}

impl Tagger {
    /// Tag a sentence: returns class indices into [`Tagger::classes`].
    pub fn tag(&self, forms: &[&str]) -> Vec<u16> {
        self.tag_given(forms, &[])
    }

    /// Tag a sentence whose words another tagger has tagged already (`given`: one per word, or
    /// none).
    pub fn tag_given(&self, forms: &[&str], given: &[Given]) -> Vec<u16> {
        let given = if given.len() == forms.len() {
            given
        } else {
            &[]
        };
        let ctx = prepare(forms, &self.amb, &self.lex);
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0f32; self.classes.len()];
        let mut p1 = vec![0u16; forms.len()];
        for i in 0..forms.len() {
            if let Some(&t) = self.tagdict.get(forms[i]) {
                p1[i] = t;
                continue;
            }
            features(&ctx, given, i, &p1, None, &mut feats);
            self.w1.score(&feats, &mut scores);
            p1[i] = argmax(&scores) as u16;
        }
        let Some(w2) = &self.w2 else { return p1 };
        let mut p2 = vec![0u16; forms.len()];
        for i in 0..forms.len() {
            if let Some(&t) = self.tagdict.get(forms[i]) {
                p2[i] = t;
                continue;
            }
            features(&ctx, given, i, &p2, Some(&p1), &mut feats);
            w2.score(&feats, &mut scores);
            p2[i] = argmax(&scores) as u16;
        }
        p2
    }

    /// Tag in one pass: drop the second pass's weights.
    pub fn drop_second_pass(&mut self) {
        self.w2 = None;
    }

    /// Prune small weights; returns (features, weights) kept.
    pub fn prune(&mut self, min_abs: f32) -> (usize, usize) {
        self.w1.prune(min_abs);
        let mut r = (self.w1.len(), self.w1.nnz());
        if let Some(w2) = &mut self.w2 {
            w2.prune(min_abs);
            r = (r.0 + w2.len(), r.1 + w2.nnz());
        }
        r
    }

    /// (UPOS, XPOS) of a class.
    pub fn split_class(&self, c: u16) -> (&str, &str) {
        let s = self
            .classes
            .get(c as usize)
            .map(|s| s.as_str())
            .unwrap_or("X\tXX");
        s.split_once('\t').unwrap_or((s, "_"))
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.classes);
        let mut td: Vec<(&String, &u16)> = self.tagdict.iter().collect();
        td.sort();
        w.u32(td.len() as u32);
        for (k, v) in td {
            w.str(k);
            w.u16(*v);
        }
        let mut am: Vec<(&String, &u64)> = self.amb.iter().collect();
        am.sort();
        w.u32(am.len() as u32);
        for (k, v) in am {
            w.str(k);
            w.u64(*v);
        }
        let mut lx: Vec<(&String, &u8)> = self.lex.iter().collect();
        lx.sort();
        w.u32(lx.len() as u32);
        for (k, v) in lx {
            w.str(k);
            w.u8(*v);
        }
        self.w1.write(w);
        w.u8(self.w2.is_some() as u8);
        if let Some(w2) = &self.w2 {
            w2.write(w);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Tagger, NlpError> {
        let classes = r.strs()?;
        let n = r.count(6)?;
        let mut tagdict = FnvMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let v = r.u16()?;
            tagdict.insert(k, v);
        }
        let n = r.count(12)?;
        let mut amb = FnvMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let v = r.u64()?;
            amb.insert(k, v);
        }
        let n = r.count(5)?;
        let mut lex = FnvMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let v = r.u8()?;
            lex.insert(k, v);
        }
        let w1 = Weights::read(r)?;
        let w2 = if r.u8()? == 1 {
            Some(Weights::read(r)?)
        } else {
            None
        };
        if classes.is_empty() || w1.n != classes.len() {
            return Err(NlpError::Model("tagger class count mismatch".into()));
        }
        Ok(Tagger {
            classes,
            tagdict,
            amb,
            lex,
            w1,
            w2,
        })
    }
}

/// Parse a lexicon file: `word<TAB>bits` lines (`#` comments), bits = WordNet POS set.
pub fn read_lexicon(text: &str) -> FnvMap<String, u8> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (w, b) = l.split_once('\t')?;
            Some((w.to_string(), b.trim().parse().ok()?))
        })
        .collect()
}

/// A training sentence for the tagger.
#[derive(Clone)]
pub struct TagSent {
    pub forms: Vec<String>,
    pub tags: Vec<u16>,
    /// What an earlier tagger said about each word (empty: nothing).
    pub given: Vec<Given>,
}

/// Build class list, tag dictionary and ambiguity classes from training data.
pub fn build_lexicon(
    sents: &[TagSent],
    nclasses: usize,
) -> (FnvMap<String, u16>, FnvMap<String, u64>) {
    let mut cased: FnvMap<String, Vec<u32>> = FnvMap::default();
    let mut lower: FnvMap<String, Vec<u32>> = FnvMap::default();
    for s in sents {
        for (f, &t) in s.forms.iter().zip(&s.tags) {
            cased.entry(f.clone()).or_insert_with(|| vec![0; nclasses])[t as usize] += 1;
            lower
                .entry(f.to_lowercase())
                .or_insert_with(|| vec![0; nclasses])[t as usize] += 1;
        }
    }
    let mut tagdict = FnvMap::default();
    for (f, c) in &cased {
        let tot: u32 = c.iter().sum();
        let (best, &bc) = c
            .iter()
            .enumerate()
            .max_by_key(|(k, v)| (**v, usize::MAX - k))
            .unwrap_or((0, &0));
        if tot >= 20 && bc as f64 / tot as f64 >= 0.995 {
            tagdict.insert(f.clone(), best as u16);
        }
    }
    let mut amb = FnvMap::default();
    for (f, c) in &lower {
        let tot: u32 = c.iter().sum();
        if tot < 2 {
            continue;
        }
        let mut h = 0xabcdu64;
        for (k, &v) in c.iter().enumerate() {
            if v as f64 >= 0.05 * tot as f64 {
                h = crate::hash::mix(h, k as u64 + 1);
            }
        }
        amb.insert(f.clone(), h);
    }
    (tagdict, amb)
}

/// Train the two-pass tagger. `log` receives one line per epoch.
pub fn train(
    classes: Vec<String>,
    lex: &FnvMap<String, u8>,
    train: &[TagSent],
    dev: &[TagSent],
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> Tagger {
    let nc = classes.len();
    let (tagdict, amb) = build_lexicon(train, nc);
    let ctxs: Vec<Vec<Tok>> = train
        .iter()
        .map(|s| {
            prepare(
                &s.forms.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
                &amb,
                lex,
            )
        })
        .collect();
    let mut t1 = Trainer::new(nc);
    let mut t2 = Trainer::new(nc);
    let mut rng = SplitMix64(seed ^ 0x7461_6767);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; nc];
    for ep in 0..epochs {
        rng.shuffle(&mut order);
        let (mut c1, mut c2, mut tot) = (0usize, 0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let ctx = &ctxs[si];
            let n = s.forms.len();
            let mut p1 = vec![0u16; n];
            for i in 0..n {
                if let Some(&t) = tagdict.get(s.forms[i].as_str()) {
                    p1[i] = t;
                    continue;
                }
                features(ctx, &s.given, i, &p1, None, &mut feats);
                t1.score(&feats, &mut scores);
                let g = argmax(&scores);
                t1.update(&feats, s.tags[i] as usize, g);
                t1.tick();
                p1[i] = g as u16;
            }
            let mut p2 = vec![0u16; n];
            for i in 0..n {
                if let Some(&t) = tagdict.get(s.forms[i].as_str()) {
                    p2[i] = t;
                    continue;
                }
                features(ctx, &s.given, i, &p2, Some(&p1), &mut feats);
                t2.score(&feats, &mut scores);
                let g = argmax(&scores);
                t2.update(&feats, s.tags[i] as usize, g);
                t2.tick();
                p2[i] = g as u16;
            }
            for i in 0..n {
                tot += 1;
                c1 += (p1[i] == s.tags[i]) as usize;
                c2 += (p2[i] == s.tags[i]) as usize;
            }
        }
        let model = Tagger {
            classes: classes.clone(),
            tagdict: tagdict.clone(),
            amb: amb.clone(),
            lex: lex.clone(),
            w1: t1.average(0.0),
            w2: Some(t2.average(0.0)),
        };
        let (dc, dt) = accuracy(&model, dev);
        log(&format!(
            "tagger epoch {} train-acc pass1 {:.4} pass2 {:.4} dev-acc {:.4} features {}/{}",
            ep + 1,
            c1 as f64 / tot.max(1) as f64,
            c2 as f64 / tot.max(1) as f64,
            dc as f64 / dt.max(1) as f64,
            t1.len(),
            t2.len()
        ));
    }
    Tagger {
        classes,
        tagdict,
        amb,
        lex: lex.clone(),
        w1: t1.average(0.0),
        w2: Some(t2.average(0.0)),
    }
}

fn accuracy(m: &Tagger, dev: &[TagSent]) -> (usize, usize) {
    let mut c = 0;
    let mut t = 0;
    for s in dev {
        let forms: Vec<&str> = s.forms.iter().map(|x| x.as_str()).collect();
        let p = m.tag_given(&forms, &s.given);
        for (a, b) in p.iter().zip(&s.tags) {
            t += 1;
            c += (a == b) as usize;
        }
    }
    (c, t)
}
