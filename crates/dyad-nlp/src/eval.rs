//! Evaluation against gold CoNLL-U, following the CoNLL 2018 shared task conventions
//! (punctuation included; LAS compares the universal part of the relation, `nsubj:pass` →
//! `nsubj`; `las_full` compares full labels).

use crate::Analyzer;
use crate::conllu::ConlluSentence;
use crate::parser::{ParseSent, Parser};
use crate::tokenize::segment;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;

/// Scores (fractions in 0..1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub sentences: usize,
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    pub las_full: f64,
    pub words_per_sec: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words_f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentences_f1: Option<f64>,
}

fn univ(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

fn frac(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// UAS and full-label LAS of a parser on pre-tagged data (used during training).
pub fn dev_parse_scores(p: &Parser, dev: &[ParseSent]) -> (f64, f64) {
    let (mut u, mut l, mut t) = (0, 0, 0);
    for s in dev {
        let (h, lab) = p.parse(&s.x);
        for i in 0..h.len() {
            t += 1;
            if h[i] == s.heads[i] {
                u += 1;
                if lab[i] == s.labels[i] {
                    l += 1;
                }
            }
        }
    }
    (frac(u, t), frac(l, t))
}

/// Tag and parse the gold word sequence of each sentence and score it.
pub fn eval_gold(a: &Analyzer, gold: &[ConlluSentence]) -> EvalReport {
    let start = Instant::now();
    let parsed: Vec<_> = gold.iter().map(|s| a.parse_words(&s.forms())).collect();
    let secs = start.elapsed().as_secs_f64();
    let (mut n, mut up, mut xp, mut le, mut ua, mut la, mut lf) = (0, 0, 0, 0, 0, 0, 0);
    for (g, p) in gold.iter().zip(&parsed) {
        for (gw, pw) in g.words.iter().zip(&p.words) {
            n += 1;
            up += (gw.upos == pw.upos) as usize;
            xp += (gw.xpos == pw.xpos) as usize;
            le += (gw.lemma == pw.lemma) as usize;
            if gw.head == pw.head {
                ua += 1;
                la += (univ(&gw.deprel) == univ(&pw.deprel)) as usize;
                lf += (gw.deprel == pw.deprel) as usize;
            }
        }
    }
    EvalReport {
        sentences: gold.len(),
        words: n,
        upos: frac(up, n),
        xpos: frac(xp, n),
        lemma: frac(le, n),
        uas: frac(ua, n),
        las: frac(la, n),
        las_full: frac(lf, n),
        words_per_sec: if secs > 0.0 { n as f64 / secs } else { 0.0 },
        tokens_f1: None,
        words_f1: None,
        sentences_f1: None,
    }
}

/// Raw text of a treebank: sentence texts joined by a space within a paragraph and by a blank
/// line between paragraphs/documents (like the UD `.txt` files).
pub fn raw_text(gold: &[ConlluSentence]) -> String {
    let mut out = String::new();
    for (i, s) in gold.iter().enumerate() {
        if i > 0 {
            out.push_str(if s.newpar || s.newdoc { "\n\n" } else { " " });
        }
        match &s.text {
            Some(t) => out.push_str(t),
            None => out.push_str(&s.forms().join(" ")),
        }
    }
    out
}

/// Key of an aligned unit: span in non-whitespace characters plus an index for words inside
/// multiword tokens whose forms do not concatenate to the token.
type Key = (usize, usize, usize);

struct Unit {
    key: Key,
    upos: String,
    xpos: String,
    lemma: String,
    head: Option<Key>,
    deprel: String,
}

fn f1(m: usize, g: usize, s: usize) -> f64 {
    if g + s == 0 {
        0.0
    } else {
        2.0 * m as f64 / (g + s) as f64
    }
}

fn nows(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Words of one sentence as units; `tokens` = (form, list of word forms) in order starting at
/// non-whitespace offset `pos`.
/// The scored fields of a gold (`ConlluWord`) or system (`Word`) word, which share field names.
macro_rules! word_fields {
    ($w:expr) => {
        (
            $w.form.clone(),
            $w.upos.clone(),
            $w.xpos.clone(),
            $w.lemma.clone(),
            $w.head,
            $w.deprel.clone(),
        )
    };
}

fn units(
    tokens: &[(String, Vec<usize>)],
    words: &[(String, String, String, String, usize, String)],
    pos: &mut usize,
    toks_out: &mut Vec<(usize, usize)>,
) -> Vec<Unit> {
    let mut keys: Vec<Key> = vec![(0, 0, 0); words.len()];
    for (form, wids) in tokens {
        let len = nows(form);
        let (s, e) = (*pos, *pos + len);
        toks_out.push((s, e));
        let concat: String = wids
            .iter()
            .map(|&w| words[w].0.as_str())
            .collect::<String>();
        if wids.len() == 1 {
            keys[wids[0]] = (s, e, 0);
        } else if concat.to_lowercase().replace(char::is_whitespace, "")
            == form.to_lowercase().replace(char::is_whitespace, "")
        {
            let mut p = s;
            for &w in wids {
                let l = nows(&words[w].0);
                keys[w] = (p, p + l, 0);
                p += l;
            }
        } else {
            for (k, &w) in wids.iter().enumerate() {
                keys[w] = (s, e, k + 1);
            }
        }
        *pos = e;
    }
    words
        .iter()
        .enumerate()
        .map(|(i, w)| Unit {
            key: keys[i],
            upos: w.1.clone(),
            xpos: w.2.clone(),
            lemma: w.3.clone(),
            head: if w.4 == 0 {
                None
            } else {
                keys.get(w.4 - 1).copied()
            },
            deprel: univ(&w.5).to_string(),
        })
        .collect()
}

/// Tokenize, split, tag and parse the raw `# text` of the treebank and score with CoNLL 2018
/// alignment (F1 over aligned words).
pub fn eval_raw(a: &Analyzer, gold: &[ConlluSentence]) -> EvalReport {
    let text = raw_text(gold);
    // gold units
    let mut gpos = 0;
    let mut gunits = Vec::new();
    let mut gtoks = Vec::new();
    let mut gsents = Vec::new();
    for s in gold {
        let mut tokens: Vec<(String, Vec<usize>)> = Vec::new();
        let mut i = 0;
        while i < s.words.len() {
            if let Some(m) = s.mwts.iter().find(|m| m.first == i + 1) {
                tokens.push((
                    m.form.clone(),
                    (m.first - 1..m.last.min(s.words.len())).collect(),
                ));
                i = m.last;
            } else {
                tokens.push((s.words[i].form.clone(), vec![i]));
                i += 1;
            }
        }
        let words: Vec<_> = s.words.iter().map(|w| word_fields!(w)).collect();
        let st = gpos;
        gunits.extend(units(&tokens, &words, &mut gpos, &mut gtoks));
        gsents.push((st, gpos));
    }
    // system
    let start = Instant::now();
    let chars: Vec<char> = text.chars().collect();
    let mut prefix = vec![0usize; chars.len() + 1];
    for (i, c) in chars.iter().enumerate() {
        prefix[i + 1] = prefix[i] + (!c.is_whitespace()) as usize;
    }
    let mut sunits = Vec::new();
    let mut stoks = Vec::new();
    let mut ssents = Vec::new();
    let mut nsys_words = 0;
    for (span, toks) in segment(&text) {
        let p = a.parse_tokens(String::new(), &toks);
        nsys_words += p.words.len();
        let tokens: Vec<(String, Vec<usize>)> = {
            let mut k = 0;
            toks.iter()
                .map(|t| {
                    let ids: Vec<usize> = (k..k + t.words.len()).collect();
                    k += t.words.len();
                    (t.text.clone(), ids)
                })
                .collect()
        };
        let words: Vec<_> = p.words.iter().map(|w| word_fields!(w)).collect();
        let mut pos = prefix[toks.first().map(|t| t.start).unwrap_or(span.start)];
        let st = pos;
        sunits.extend(units(&tokens, &words, &mut pos, &mut stoks));
        ssents.push((st, pos));
    }
    let secs = start.elapsed().as_secs_f64();
    let gmap: HashMap<Key, usize> = gunits.iter().enumerate().map(|(i, u)| (u.key, i)).collect();
    let (mut m, mut up, mut xp, mut le, mut ua, mut la) = (0, 0, 0, 0, 0, 0);
    for su in &sunits {
        if let Some(&gi) = gmap.get(&su.key) {
            let gu = &gunits[gi];
            m += 1;
            up += (gu.upos == su.upos) as usize;
            xp += (gu.xpos == su.xpos) as usize;
            le += (gu.lemma == su.lemma) as usize;
            if gu.head == su.head {
                ua += 1;
                la += (gu.deprel == su.deprel) as usize;
            }
        }
    }
    let (g, s) = (gunits.len(), sunits.len());
    let tm = {
        let gs: std::collections::HashSet<_> = gtoks.iter().collect();
        stoks.iter().filter(|t| gs.contains(t)).count()
    };
    let sm = {
        let gs: std::collections::HashSet<_> = gsents.iter().collect();
        ssents.iter().filter(|t| gs.contains(t)).count()
    };
    EvalReport {
        sentences: gold.len(),
        words: g,
        upos: f1(up, g, s),
        xpos: f1(xp, g, s),
        lemma: f1(le, g, s),
        uas: f1(ua, g, s),
        las: f1(la, g, s),
        las_full: f1(la, g, s),
        words_per_sec: if secs > 0.0 {
            nsys_words as f64 / secs
        } else {
            0.0
        },
        tokens_f1: Some(f1(tm, gtoks.len(), stoks.len())),
        words_f1: Some(f1(m, g, s)),
        sentences_f1: Some(f1(sm, gsents.len(), ssents.len())),
    }
}
