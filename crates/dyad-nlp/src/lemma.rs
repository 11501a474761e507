//! Lemmatizer and morphological features learnt from the treebank.
//!
//! * An exception table `(form, XPOS) → lemma` (most frequent lemma in training).
//! * Suffix rules per XPOS: for the longest known suffix (up to 6 characters) of an unseen
//!   word, the most frequent "strip k characters, append s" transformation.
//! * Features: most frequent FEATS of `(lower form, UPOS, XPOS)`, else of `(UPOS, XPOS)`.

use crate::NlpError;
use crate::bin::{Reader, Writer};
use crate::hash::FnvMap;

/// Lemma and FEATS model.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    exc: FnvMap<String, String>,
    rules: FnvMap<String, (u8, String)>,
    feats_word: FnvMap<String, String>,
    feats_tag: FnvMap<String, String>,
}

fn key(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    s.push('\t');
    s.push_str(b);
    s
}

/// (strip, append) so that `form[..len-strip] + append == lemma` (chars), maximising the kept prefix.
fn transform(form: &str, lemma: &str) -> (u8, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let mut p = 0;
    while p < f.len() && p < l.len() && f[p] == l[p] {
        p += 1;
    }
    let strip = (f.len() - p).min(255) as u8;
    (strip, l[p..].iter().collect())
}

fn is_proper(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

fn most_frequent(m: FnvMap<String, FnvMap<String, u32>>) -> FnvMap<String, String> {
    m.into_iter()
        .map(|(k, v)| {
            let mut best: Vec<(String, u32)> = v.into_iter().collect();
            best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            (k, best.swap_remove(0).0)
        })
        .collect()
}

impl Lemmatizer {
    /// Learn from (form, lemma, upos, xpos, feats) tuples.
    pub fn train<'a>(
        words: impl Iterator<Item = (&'a str, &'a str, &'a str, &'a str, &'a str)>,
    ) -> Self {
        let mut exc: FnvMap<String, FnvMap<String, u32>> = FnvMap::default();
        let mut rules: FnvMap<String, FnvMap<(u8, String), u32>> = FnvMap::default();
        let mut fw: FnvMap<String, FnvMap<String, u32>> = FnvMap::default();
        let mut ft: FnvMap<String, FnvMap<String, u32>> = FnvMap::default();
        for (form, lemma, upos, xpos, feats) in words {
            *exc.entry(key(form, xpos))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
            let lf = form.to_lowercase();
            *exc.entry(key(&lf, xpos))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
            let tag = key(upos, xpos);
            *fw.entry(key(&lf, &tag))
                .or_default()
                .entry(feats.to_string())
                .or_default() += 1;
            *ft.entry(tag)
                .or_default()
                .entry(feats.to_string())
                .or_default() += 1;
            if !is_proper(xpos) {
                let t = transform(&lf, &lemma.to_lowercase());
                let c: Vec<char> = lf.chars().collect();
                for k in 1..=6.min(c.len()) {
                    let suf: String = c[c.len() - k..].iter().collect();
                    *rules
                        .entry(key(xpos, &suf))
                        .or_default()
                        .entry(t.clone())
                        .or_default() += 1;
                }
            }
        }
        let rules = rules
            .into_iter()
            .filter_map(|(k, v)| {
                let tot: u32 = v.values().sum();
                let mut best: Vec<((u8, String), u32)> = v.into_iter().collect();
                best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let (t, c) = best.swap_remove(0);
                (tot >= 2 && c * 2 > tot).then_some((k, t))
            })
            .collect();
        let mut exc = most_frequent(exc);
        // the exception table only needs entries that the rules get wrong
        let mut lem = Lemmatizer {
            exc: FnvMap::default(),
            rules,
            feats_word: FnvMap::default(),
            feats_tag: FnvMap::default(),
        };
        exc.retain(|k, v| {
            let (f, x) = k.split_once('\t').unwrap_or((k, ""));
            lem.by_rules(f, x) != *v
        });
        lem.exc = exc;
        let feats_tag = most_frequent(ft);
        let mut feats_word = most_frequent(fw);
        feats_word.retain(|k, v| {
            let tag = k.split_once('\t').map(|x| x.1).unwrap_or("");
            feats_tag.get(tag) != Some(v)
        });
        lem.feats_word = feats_word;
        lem.feats_tag = feats_tag;
        lem
    }

    fn by_rules(&self, form: &str, xpos: &str) -> String {
        if is_proper(xpos) {
            return form.to_string();
        }
        let lf = form.to_lowercase();
        let c: Vec<char> = lf.chars().collect();
        for k in (1..=6.min(c.len())).rev() {
            let suf: String = c[c.len() - k..].iter().collect();
            if let Some((strip, app)) = self.rules.get(&key(xpos, &suf)) {
                let keep = c.len().saturating_sub(*strip as usize);
                let mut s: String = c[..keep].iter().collect();
                s.push_str(app);
                if s.is_empty() {
                    return lf;
                }
                return s;
            }
        }
        lf
    }

    /// Lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if let Some(l) = self.exc.get(&key(form, xpos)) {
            return l.clone();
        }
        let lf = form.to_lowercase();
        if let Some(l) = self.exc.get(&key(&lf, xpos)) {
            if !is_proper(xpos) {
                return l.clone();
            }
        }
        self.by_rules(form, xpos)
    }

    /// FEATS of `form` tagged `upos`/`xpos`.
    pub fn feats(&self, form: &str, upos: &str, xpos: &str) -> String {
        let tag = key(upos, xpos);
        if let Some(f) = self.feats_word.get(&key(&form.to_lowercase(), &tag)) {
            return f.clone();
        }
        self.feats_tag
            .get(&tag)
            .cloned()
            .unwrap_or_else(|| "_".to_string())
    }

    pub fn write(&self, w: &mut Writer) {
        for m in [&self.exc, &self.feats_word, &self.feats_tag] {
            let mut v: Vec<(&String, &String)> = m.iter().collect();
            v.sort();
            w.u32(v.len() as u32);
            for (k, x) in v {
                w.str(k);
                w.str(x);
            }
        }
        let mut v: Vec<(&String, &(u8, String))> = self.rules.iter().collect();
        v.sort();
        w.u32(v.len() as u32);
        for (k, (s, a)) in v {
            w.str(k);
            w.u8(*s);
            w.str(a);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, NlpError> {
        let mut maps: Vec<FnvMap<String, String>> = Vec::new();
        for _ in 0..3 {
            let n = r.count(8)?;
            let mut m = FnvMap::default();
            for _ in 0..n {
                let k = r.str()?;
                let v = r.str()?;
                m.insert(k, v);
            }
            maps.push(m);
        }
        let n = r.count(9)?;
        let mut rules = FnvMap::default();
        for _ in 0..n {
            let k = r.str()?;
            let s = r.u8()?;
            let a = r.str()?;
            rules.insert(k, (s, a));
        }
        let feats_tag = maps.pop().unwrap_or_default();
        let feats_word = maps.pop().unwrap_or_default();
        let exc = maps.pop().unwrap_or_default();
        Ok(Lemmatizer {
            exc,
            rules,
            feats_word,
            feats_tag,
        })
    }
}
