//! Greedy arc-eager dependency parser with an averaged perceptron, Zhang & Nivre (2011) rich
//! non-local features, and a dynamic oracle (Goldberg & Nivre 2012) for training with error
//! exploration. Arcs are labelled by a second perceptron at the moment the arc is built, so
//! labels of earlier arcs are available as features for later decisions. WordNet word classes
//! ([`crate::classes`]) stand in for words in the bilexical and preposition-attachment features.
//! Non-projective training trees are projectivised by lifting (no label encoding).

use crate::NlpError;
use crate::bin::{Reader, Writer};
use crate::classes::WordClasses;
use crate::hash::{SplitMix64, f1, f2, f3, mix};
use crate::perceptron::{Trainer, Weights};

const NONE: u32 = u32::MAX;
const NOLAB: u16 = u16::MAX;
const SHIFT: usize = 0;
const REDUCE: usize = 1;
const LEFT: usize = 2;
const RIGHT: usize = 3;

/// Parser model.
#[derive(Debug, Clone)]
pub struct Parser {
    /// Dependency relation labels.
    pub labels: Vec<String>,
    trans: Weights,
    lab: Weights,
    /// Word classes behind the `k`/`f` features of [`PWord`] (empty: none).
    pub classes: WordClasses,
}

/// Per-word inputs: hashed lower-cased form and tag.
#[derive(Clone, Copy, Debug)]
pub struct PWord {
    pub w: u64,
    pub p: u64,
    /// Coarse class bits: 1 punctuation, 2 verb/aux, 4 comma/semicolon, 8 coordinating conj.
    pub c: u8,
    /// WordNet class of the word for its tag (the tag when none).
    pub k: u64,
    /// Verb frame bits (0 when not a verb).
    pub f: u64,
    /// Guide parser's head of this word (0-based; `NONE`: root or no guide).
    pub g: u32,
    /// Rightmost word whose guide head is this one (`NONE`: none).
    pub gr: u32,
    /// Guide parser's label, hashed (0: no guide).
    pub gl: u64,
    /// Supertag (label, head direction and dependent sides predicted by [`crate::supertag`]), hashed (0: none).
    pub st: u64,
}

/// Fill the guide fields of `x` from another parser's 1-based heads and labels.
pub fn attach_guide(x: &mut [PWord], heads: &[usize], labels: &[u16]) {
    for w in x.iter_mut() {
        w.gr = NONE;
    }
    for d in 0..x.len() {
        let h = heads.get(d).copied().unwrap_or(0);
        // a head outside the sentence (never from a parser of the same sentence) counts as root
        let inside = h > 0 && h <= x.len();
        x[d].g = if inside { (h - 1) as u32 } else { NONE };
        x[d].gl = mix(0x6775, labels.get(d).copied().unwrap_or(0) as u64);
        if inside {
            let r = &mut x[h - 1].gr;
            if *r == NONE || (d as u32) > *r {
                *r = d as u32;
            }
        }
    }
}

fn guide_features(s: &State, x: &[PWord], out: &mut Vec<u64>) {
    if x.first().is_none_or(|w| w.gl == 0) {
        return;
    }
    let (s0, s1, n0) = (s.stack_top(0), s.stack_top(1), s.buffer(0));
    let fx = Fx { s, x };
    let (p, w) = (|i| fx.p(i), |i| fx.w(i));
    let g = |i: u32| if i == NONE { NONE } else { x[i as usize].g };
    let gl = |i: u32| if i == NONE { 7 } else { x[i as usize].gl };
    // where the guide puts s0's head
    let gs = if s0 == NONE {
        0
    } else {
        let h = g(s0);
        if h == NONE {
            1
        } else if h == n0 {
            2
        } else if h < s0 {
            3
        } else if n0 != NONE && h > n0 {
            4
        } else {
            5
        }
    };
    // where the guide puts n0's head
    let gn = if n0 == NONE {
        0
    } else {
        let h = g(n0);
        if h == NONE {
            1
        } else if h == s0 {
            2
        } else if h > n0 {
            3
        } else if s.on_stack[h as usize] {
            4
        } else {
            5
        }
    };
    // does s0 still have guide dependents in the buffer?
    let sr = if s0 == NONE || n0 == NONE {
        0
    } else {
        let r = x[s0 as usize].gr;
        if r == NONE || r < n0 { 1 } else { 2 }
    };
    let g1 = if s1 == NONE {
        0
    } else {
        let h = g(s1);
        if h == NONE {
            1
        } else if h == n0 {
            2
        } else if h == s0 {
            3
        } else {
            4
        }
    };
    let c = gs | (gn << 3);
    out.extend_from_slice(&[
        f1(300, c),
        f2(301, c, p(s0)),
        f2(302, c, p(n0)),
        f3(303, c, p(s0), p(n0)),
        f2(304, gs, gl(s0)),
        f2(305, gn, gl(n0)),
        f2(306, c, sr),
        f2(307, g1, c),
        f2(308, c, w(s0)),
        f2(309, c, w(n0)),
        f3(310, c, sr, g1),
        f2(311, c, gl(s0)),
        f2(312, c, gl(n0)),
        f2(313, gn, p(g(n0))),
        f2(314, gs, p(g(s0))),
        f3(315, c, gl(s0), gl(n0)),
    ]);
}

fn guide_label_features(x: &[PWord], h: usize, d: usize, out: &mut Vec<u64>) {
    if x.first().is_none_or(|w| w.gl == 0) {
        return;
    }
    let agree = (x[d].g == h as u32) as u64;
    let dir = (d < h) as u64;
    out.extend_from_slice(&[
        f3(320, agree, x[d].gl, dir),
        f2(321, x[d].gl, x[d].p),
        f3(322, x[d].gl, x[h].p, x[d].p),
        f3(323, agree, x[d].gl, x[d].w),
        f3(324, agree, x[d].gl, x[h].p),
    ]);
}

/// Prefix counts of the coarse classes (for "between" features in O(1)).
fn prefix_counts(x: &[PWord]) -> Vec<[u32; 4]> {
    let mut out = Vec::with_capacity(x.len() + 1);
    let mut cur = [0u32; 4];
    out.push(cur);
    for w in x {
        for (k, c) in cur.iter_mut().enumerate() {
            *c += ((w.c >> k) & 1) as u32;
        }
        out.push(cur);
    }
    out
}

struct State {
    n: usize,
    stack: Vec<usize>,
    on_stack: Vec<bool>,
    b: usize,
    head: Vec<u32>,
    label: Vec<u16>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> Self {
        State {
            n,
            stack: Vec::with_capacity(n),
            on_stack: vec![false; n],
            b: 0,
            head: vec![NONE; n],
            label: vec![NOLAB; n],
            l1: vec![NONE; n],
            l2: vec![NONE; n],
            r1: vec![NONE; n],
            r2: vec![NONE; n],
            nl: vec![0; n],
            nr: vec![0; n],
            lset: vec![0; n],
            rset: vec![0; n],
        }
    }

    /// The `k`-th word from the top of the stack (0 = s0), or `NONE`.
    fn stack_top(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k] as u32
        } else {
            NONE
        }
    }

    /// The `k`-th word of the buffer (0 = n0), or `NONE`.
    fn buffer(&self, k: usize) -> u32 {
        if self.b + k < self.n {
            (self.b + k) as u32
        } else {
            NONE
        }
    }

    fn valid(&self, t: usize) -> bool {
        let s0 = self.stack.last().copied();
        match t {
            SHIFT => self.b < self.n,
            REDUCE => s0.is_some_and(|s| self.head[s] != NONE),
            LEFT => self.b < self.n && s0.is_some_and(|s| self.head[s] == NONE),
            RIGHT => self.b < self.n && s0.is_some(),
            _ => false,
        }
    }

    fn add_arc(&mut self, h: usize, d: usize, lab: u16) {
        self.head[d] = h as u32;
        self.label[d] = lab;
        let bit = 1u64 << (lab as u64 % 64);
        if d < h {
            if self.l1[h] == NONE || (d as u32) < self.l1[h] {
                self.l2[h] = self.l1[h];
                self.l1[h] = d as u32;
            } else if self.l2[h] == NONE || (d as u32) < self.l2[h] {
                self.l2[h] = d as u32;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            if self.r1[h] == NONE || (d as u32) > self.r1[h] {
                self.r2[h] = self.r1[h];
                self.r1[h] = d as u32;
            } else if self.r2[h] == NONE || (d as u32) > self.r2[h] {
                self.r2[h] = d as u32;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    /// Apply transition `t` (must be valid); `lab` is the label for arc transitions.
    fn apply(&mut self, t: usize, lab: u16) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.on_stack[self.b] = true;
                self.b += 1;
            }
            REDUCE => {
                if let Some(s) = self.stack.pop() {
                    self.on_stack[s] = false;
                }
            }
            LEFT => {
                if let Some(s) = self.stack.pop() {
                    self.on_stack[s] = false;
                    self.add_arc(self.b, s, lab);
                }
            }
            _ => {
                if let Some(&s) = self.stack.last() {
                    self.add_arc(s, self.b, lab);
                }
                self.stack.push(self.b);
                self.on_stack[self.b] = true;
                self.b += 1;
            }
        }
    }

    /// Dynamic-oracle cost of `t` w.r.t. projective gold heads (`NONE` = root).
    fn cost(&self, t: usize, gold: &[u32]) -> u32 {
        let b = self.b;
        let n = self.n;
        match t {
            SHIFT => {
                let mut c = 0;
                for &k in &self.stack {
                    if gold[k] == b as u32 && self.head[k] == NONE {
                        c += 1;
                    }
                    if gold[b] == k as u32 {
                        c += 1;
                    }
                }
                c
            }
            REDUCE => {
                let s = *self.stack.last().unwrap_or(&0);
                (b..n).filter(|&k| gold[k] == s as u32).count() as u32
            }
            LEFT => {
                let s = *self.stack.last().unwrap_or(&0);
                let mut c = (b..n).filter(|&k| gold[k] == s as u32).count() as u32;
                let g = gold[s];
                if g == NONE || (g != b as u32 && g as usize > b) {
                    c += 1;
                }
                c
            }
            _ => {
                let s = *self.stack.last().unwrap_or(&0);
                let g = gold[b];
                let mut c = 0;
                if g != s as u32 && (g == NONE || g as usize > b || self.on_stack[g as usize]) {
                    c += 1;
                }
                for &k in &self.stack {
                    if gold[k] == b as u32 && self.head[k] == NONE {
                        c += 1;
                    }
                }
                c
            }
        }
    }
}

const NW: u64 = 0x1111;
const NP: u64 = 0x2222;
const NL: u64 = 0x3333;

struct Fx<'a> {
    s: &'a State,
    x: &'a [PWord],
}

impl Fx<'_> {
    fn w(&self, i: u32) -> u64 {
        if i == NONE { NW } else { self.x[i as usize].w }
    }
    fn p(&self, i: u32) -> u64 {
        if i == NONE { NP } else { self.x[i as usize].p }
    }
    fn k(&self, i: u32) -> u64 {
        if i == NONE { NP } else { self.x[i as usize].k }
    }
    fn f(&self, i: u32) -> u64 {
        if i == NONE { NP } else { self.x[i as usize].f }
    }
    fn l(&self, i: u32) -> u64 {
        if i == NONE {
            NL
        } else {
            let l = self.s.label[i as usize];
            if l == NOLAB { NL + 1 } else { l as u64 }
        }
    }
    fn get(v: &[u32], i: u32) -> u32 {
        if i == NONE { NONE } else { v[i as usize] }
    }
}

fn trans_features(s: &State, x: &[PWord], pre: &[[u32; 4]], out: &mut Vec<u64>) {
    out.clear();
    let fx = Fx { s, x };
    let (s0, s1) = (s.stack_top(0), s.stack_top(1));
    let (n0, n1, n2) = (s.buffer(0), s.buffer(1), s.buffer(2));
    let s0h = Fx::get(&s.head, s0);
    let s0h2 = Fx::get(&s.head, s0h);
    let s0l = Fx::get(&s.l1, s0);
    let s0l2 = Fx::get(&s.l2, s0);
    let s0r = Fx::get(&s.r1, s0);
    let s0r2 = Fx::get(&s.r2, s0);
    let n0l = Fx::get(&s.l1, n0);
    let n0l2 = Fx::get(&s.l2, n0);
    let (s0w, s0p, n0w, n0p) = (fx.w(s0), fx.p(s0), fx.w(n0), fx.p(n0));
    let (n1w, n1p, n2w, n2p) = (fx.w(n1), fx.p(n1), fx.w(n2), fx.p(n2));
    let s0wp = mix(s0w, s0p);
    let n0wp = mix(n0w, n0p);
    let d = if s0 != NONE && n0 != NONE {
        let d = n0 - s0;
        if d <= 5 {
            d as u64
        } else if d <= 10 {
            6
        } else {
            7
        }
    } else {
        0
    };
    let (vr, vl) = if s0 != NONE {
        (s.nr[s0 as usize] as u64, s.nl[s0 as usize] as u64)
    } else {
        (9, 9)
    };
    let n0vl = if n0 != NONE {
        s.nl[n0 as usize] as u64
    } else {
        9
    };
    let (sr, sl) = if s0 != NONE {
        (s.rset[s0 as usize], s.lset[s0 as usize])
    } else {
        (1, 1)
    };
    let n0sl = if n0 != NONE { s.lset[n0 as usize] } else { 1 };
    let hashead = (s0 != NONE && s.head[s0 as usize] != NONE) as u64;
    out.extend_from_slice(&[
        f1(76, 0),
        f1(1, s0wp),
        f1(2, s0w),
        f1(3, s0p),
        f1(4, n0wp),
        f1(5, n0w),
        f1(6, n0p),
        f1(7, mix(n1w, n1p)),
        f1(8, n1w),
        f1(9, n1p),
        f1(10, mix(n2w, n2p)),
        f1(11, n2w),
        f1(12, n2p),
        f2(13, s0wp, n0wp),
        f2(14, s0wp, n0w),
        f2(15, s0w, n0wp),
        f2(16, s0wp, n0p),
        f2(17, s0p, n0wp),
        f2(18, s0w, n0w),
        f2(19, s0p, n0p),
        f2(20, n0p, n1p),
        f3(21, n0p, n1p, n2p),
        f3(22, s0p, n0p, n1p),
        f3(23, fx.p(s0h), s0p, n0p),
        f3(24, s0p, fx.p(s0l), n0p),
        f3(25, s0p, fx.p(s0r), n0p),
        f3(26, s0p, n0p, fx.p(n0l)),
        f2(27, s0w, d),
        f2(28, s0p, d),
        f2(29, n0w, d),
        f2(30, n0p, d),
        f3(31, s0w, n0w, d),
        f3(32, s0p, n0p, d),
        f2(33, s0w, vr),
        f2(34, s0p, vr),
        f2(35, s0w, vl),
        f2(36, s0p, vl),
        f2(37, n0w, n0vl),
        f2(38, n0p, n0vl),
        f1(39, fx.w(s0h)),
        f1(40, fx.p(s0h)),
        f1(41, fx.l(s0)),
        f1(42, fx.w(s0l)),
        f1(43, fx.p(s0l)),
        f1(44, fx.l(s0l)),
        f1(45, fx.w(s0r)),
        f1(46, fx.p(s0r)),
        f1(47, fx.l(s0r)),
        f1(48, fx.w(n0l)),
        f1(49, fx.p(n0l)),
        f1(50, fx.l(n0l)),
        f1(51, fx.w(s0h2)),
        f1(52, fx.p(s0h2)),
        f1(53, fx.l(s0h)),
        f1(54, fx.w(s0l2)),
        f1(55, fx.p(s0l2)),
        f1(56, fx.l(s0l2)),
        f1(57, fx.w(s0r2)),
        f1(58, fx.p(s0r2)),
        f1(59, fx.l(s0r2)),
        f1(60, fx.w(n0l2)),
        f1(61, fx.p(n0l2)),
        f1(62, fx.l(n0l2)),
        f3(63, s0p, fx.p(s0l), fx.p(s0l2)),
        f3(64, s0p, fx.p(s0r), fx.p(s0r2)),
        f3(65, s0p, fx.p(s0h), fx.p(s0h2)),
        f3(66, n0p, fx.p(n0l), fx.p(n0l2)),
        f2(67, s0w, sr),
        f2(68, s0p, sr),
        f2(69, s0w, sl),
        f2(70, s0p, sl),
        f2(71, n0w, n0sl),
        f2(72, n0p, n0sl),
        f1(73, fx.w(s1)),
        f1(74, fx.p(s1)),
        f3(75, fx.p(s1), s0p, n0p),
        f2(77, hashead, s0p),
        f3(78, hashead, s0p, n0p),
        f3(79, hashead, s0w, n0p),
        f2(
            80,
            fx.p(if n0 != NONE && n0 > 0 { n0 - 1 } else { NONE }),
            n0p,
        ),
        f3(81, fx.l(s0), s0p, n0p),
        f2(82, (s.stack.len().min(4)) as u64, n0p),
    ]);
    let s2 = if s.stack.len() >= 3 {
        s.stack[s.stack.len() - 3] as u32
    } else {
        NONE
    };
    let n3 = if s.b + 3 < s.n {
        (s.b + 3) as u32
    } else {
        NONE
    };
    let between = if s0 != NONE && n0 != NONE {
        let (a, b) = (pre[s0 as usize + 1], pre[n0 as usize]);
        let cnt = |k: usize| (b[k] - a[k]).min(2) as u64;
        cnt(0) | (cnt(1) << 2) | (cnt(2) << 4) | (cnt(3) << 6)
    } else {
        0xff
    };
    out.extend_from_slice(&[
        f1(83, fx.p(n3)),
        f3(84, fx.p(s1), s0p, fx.p(s2)),
        f2(85, fx.p(s1), s0w),
        f2(86, fx.w(s1), s0p),
        f3(87, fx.w(s1), s0w, n0p),
        f3(88, between, s0p, n0p),
        f2(89, between, d),
        f3(90, between, s0w, n0p),
        f3(91, between, s0p, n0w),
        f3(92, fx.p(s1), fx.l(s1), n0p),
        f3(93, s0p, n0p, fx.p(n3)),
        f3(94, n0p, fx.l(n0l), fx.l(n0l2)),
        f3(95, s0p, fx.l(s0l), fx.l(s0r)),
    ]);
    {
        let (s0k, n0k, n0lw) = (fx.k(s0), fx.k(n0), fx.w(n0l));
        out.extend_from_slice(&[
            f1(200, s0k),
            f1(201, n0k),
            f1(202, fx.k(n1)),
            f2(203, s0k, n0k),
            f3(204, s0k, n0lw, n0k),
            f3(205, fx.k(s1), n0lw, n0k),
            f3(206, s0k, n0p, n0lw),
            f2(207, fx.f(s0), n0p),
            f3(208, fx.f(s0), n0p, n0lw),
            f2(209, s0k, fx.f(n0)),
            f3(210, fx.k(s0h), n0lw, n0k),
            f2(211, s0k, n0w),
            f2(212, s0w, n0k),
            f3(213, fx.f(s0), fx.k(s0r), n0p),
        ]);
    }
    guide_features(s, x, out);
    supertag_features(s, x, out);
}

fn supertag_features(s: &State, x: &[PWord], out: &mut Vec<u64>) {
    if x.first().is_none_or(|w| w.st == 0) {
        return;
    }
    let (s0, s1) = (s.stack_top(0), s.stack_top(1));
    let (n0, n1) = (s.buffer(0), s.buffer(1));
    let fx = Fx { s, x };
    let st = |i: u32| if i == NONE { 7 } else { x[i as usize].st };
    let has_head = (s0 != NONE && s.head[s0 as usize] != NONE) as u64;
    out.extend_from_slice(&[
        f1(330, st(s0)),
        f1(331, st(n0)),
        f1(332, st(n1)),
        f1(333, st(s1)),
        f2(334, st(s0), st(n0)),
        f3(335, st(s0), st(n0), st(n1)),
        f3(336, st(s1), st(s0), st(n0)),
        f2(337, st(s0), fx.p(n0)),
        f2(338, fx.p(s0), st(n0)),
        f2(339, st(s0), fx.w(s0)),
        f2(340, st(n0), fx.w(n0)),
        f3(341, st(s0), st(n0), has_head),
        f3(342, st(s0), fx.p(s0), fx.p(n0)),
        f3(343, st(n0), fx.p(s0), fx.p(n0)),
    ]);
}

fn supertag_label_features(x: &[PWord], h: usize, d: usize, out: &mut Vec<u64>) {
    if x.first().is_none_or(|w| w.st == 0) {
        return;
    }
    let dir = (d < h) as u64;
    out.extend_from_slice(&[
        f2(350, x[d].st, dir),
        f3(351, x[d].st, x[h].p, dir),
        f3(352, x[d].st, x[d].w, dir),
        f3(353, x[h].st, x[d].st, dir),
    ]);
}

/// Features of the label of the arc `h` → `d`: the transition features of the same state
/// (`trans`, as [`trans_features`] gave them), moved to a space of their own, and more.
fn label_features(s: &State, x: &[PWord], trans: &[u64], h: usize, d: usize, out: &mut Vec<u64>) {
    out.clear();
    out.extend(trans.iter().map(|&f| mix(f, 0x1abe1)));
    let fx = Fx { s, x };
    let (h32, d32) = (h as u32, d as u32);
    let (hw, hp, dw, dp) = (fx.w(h32), fx.p(h32), fx.w(d32), fx.p(d32));
    let dir = (d < h) as u64;
    let dist = {
        let k = h.abs_diff(d);
        if k <= 4 {
            k as u64
        } else if k <= 8 {
            5
        } else {
            6
        }
    };
    let nb = |i: usize, k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 || j as usize >= s.n {
            NP
        } else {
            x[j as usize].p
        }
    };
    let dl1 = s.l1[d];
    let hl1 = s.l1[h];
    let hr1 = s.r1[h];
    out.extend_from_slice(&[
        f2(100, dir, mix(fx.l(fx_head_of(s, h)), hp)),
        f2(102, dir, hw),
        f2(103, dir, hp),
        f2(104, dir, dw),
        f2(105, dir, dp),
        f3(106, dir, hp, dp),
        f3(107, dir, hw, dp),
        f3(108, dir, hp, dw),
        f3(109, dir, hw, dw),
        f3(110, dist, hp, dp),
        f3(111, dir, nb(d, -1), dp),
        f3(112, dir, nb(d, 1), dp),
        f3(113, dir, nb(h, -1), hp),
        f3(114, dir, nb(h, 1), hp),
        f3(115, s.lset[d] | (s.rset[d] << 1), dp, dir),
        f3(116, s.lset[h], dp, dir),
        f3(117, fx.w(dl1), dp, hp),
        f3(118, fx.w(dl1), dw, dir),
        f3(119, fx.l(dl1), dp, dir),
        f3(120, fx.w(hl1), hp, dir),
        f3(121, fx.w(hl1), dp, dir),
        f3(122, fx.l(hr1), dp, dir),
        f3(123, s.rset[h], dp, dir),
        f2(124, fx.l(h32), dp),
        f3(125, fx.l(h32), hp, dir),
        f3(126, (d == 0) as u64, dw, dir),
        f3(127, fx.p(s.head[h]), hp, dp),
        f3(128, fx.w(Fx::get(&s.l2, h32)), hp, dp),
    ]);
    {
        out.extend_from_slice(&[
            f3(220, dir, fx.k(h32), fx.k(d32)),
            f3(221, dir, fx.f(h32), dp),
            f3(222, dir, fx.k(d32), fx.w(dl1)),
            f3(223, dir, fx.k(h32), dw),
            f3(224, dir, hw, fx.k(d32)),
        ]);
    }
    guide_label_features(x, h, d, out);
    supertag_label_features(x, h, d, out);
}

fn fx_head_of(s: &State, h: usize) -> u32 {
    s.head[h]
}

fn argmax_valid(scores: &[f32], s: &State) -> usize {
    let mut best = usize::MAX;
    for t in 0..4 {
        if s.valid(t) && (best == usize::MAX || scores[t] > scores[best]) {
            best = t;
        }
    }
    best
}

fn argmax_label(scores: &[f32], forbid: usize) -> u16 {
    let mut b = usize::MAX;
    for (k, v) in scores.iter().enumerate() {
        if k != forbid && (b == usize::MAX || *v > scores[b]) {
            b = k;
        }
    }
    b.min(u16::MAX as usize - 1) as u16
}

impl Parser {
    fn root_label(&self) -> usize {
        self.labels
            .iter()
            .position(|l| l == "root")
            .unwrap_or(usize::MAX)
    }

    /// Parse a sentence from its last word to its first (for a parser trained on reversed
    /// sentences, such as a guide). Heads and labels are in the sentence's own order.
    pub fn parse_right_to_left(&self, x: &[PWord]) -> (Vec<usize>, Vec<u16>) {
        let (h, l) = self.parse(&reversed(x));
        (unreverse_heads(&h), l.into_iter().rev().collect())
    }

    /// Parse a sentence. Returns 1-based heads (0 = root) and label indices.
    pub fn parse(&self, x: &[PWord]) -> (Vec<usize>, Vec<u16>) {
        let n = x.len();
        let mut s = State::new(n);
        let pre = prefix_counts(x);
        let mut feats = Vec::with_capacity(256);
        let mut lfeats = Vec::with_capacity(256);
        let mut sc = [0f32; 4];
        let mut ls = vec![0f32; self.labels.len()];
        let root = self.root_label();
        while s.b < n {
            trans_features(&s, x, &pre, &mut feats);
            self.trans.score(&feats, &mut sc);
            let t = argmax_valid(&sc, &s);
            if t == usize::MAX {
                break;
            }
            let mut lab = 0;
            if t == LEFT || t == RIGHT {
                let s0 = *s.stack.last().unwrap_or(&0);
                let (h, d) = if t == LEFT { (s.b, s0) } else { (s0, s.b) };
                label_features(&s, x, &feats, h, d, &mut lfeats);
                self.lab.score(&lfeats, &mut ls);
                lab = argmax_label(&ls, root);
            }
            s.apply(t, lab);
        }
        self.finish(s, x, &pre)
    }

    fn finish(&self, mut s: State, x: &[PWord], pre: &[[u32; 4]]) -> (Vec<usize>, Vec<u16>) {
        let n = s.n;
        let root = self.root_label();
        let rootw = (0..n).find(|&i| s.head[i] == NONE);
        let (mut tfeats, mut feats) = (Vec::new(), Vec::new());
        let mut ls = vec![0f32; self.labels.len()];
        if let Some(r) = rootw {
            for i in 0..n {
                if i != r && s.head[i] == NONE {
                    trans_features(&s, x, pre, &mut tfeats);
                    label_features(&s, x, &tfeats, r, i, &mut feats);
                    self.lab.score(&feats, &mut ls);
                    let lab = argmax_label(&ls, root);
                    s.head[i] = r as u32;
                    s.label[i] = lab;
                }
            }
            s.label[r] = root.min(u16::MAX as usize - 1) as u16;
        }
        let heads = (0..n)
            .map(|i| {
                if s.head[i] == NONE {
                    0
                } else {
                    s.head[i] as usize + 1
                }
            })
            .collect();
        (heads, s.label)
    }

    /// Prune small weights; returns (features, weights) kept.
    pub fn prune(&mut self, min_abs_trans: f32, min_abs_label: f32) -> (usize, usize) {
        self.trans.prune(min_abs_trans);
        self.lab.prune(min_abs_label);
        (
            self.trans.len() + self.lab.len(),
            self.trans.nnz() + self.lab.nnz(),
        )
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        self.trans.write(w);
        self.lab.write(w);
        self.classes.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Parser, NlpError> {
        let labels = r.strs()?;
        let trans = Weights::read(r)?;
        let lab = Weights::read(r)?;
        let classes = WordClasses::read(r)?;
        if trans.n != 4 || lab.n != labels.len() || labels.is_empty() {
            return Err(NlpError::Model("parser class count mismatch".into()));
        }
        Ok(Parser {
            labels,
            trans,
            lab,
            classes,
        })
    }
}

/// The words of a sentence in reverse order (the input of a right-to-left parser).
pub fn reversed(x: &[PWord]) -> Vec<PWord> {
    x.iter().rev().copied().collect()
}

/// 1-based heads (0 = root) of a reversed sentence, mapped back to the original order.
pub fn unreverse_heads(h: &[usize]) -> Vec<usize> {
    let n = h.len();
    h.iter()
        .rev()
        .map(|&v| if v == 0 { 0 } else { n + 1 - v })
        .collect()
}

/// Lift non-projective arcs until the tree is projective. `heads` are 1-based, 0 = root.
pub fn projectivize(heads: &mut [usize]) {
    let n = heads.len();
    let dominates = |heads: &[usize], h: usize, mut k: usize| -> bool {
        // is h an ancestor of k (1-based; h may be 0)
        for _ in 0..=n {
            if k == h {
                return true;
            }
            if k == 0 {
                return false;
            }
            k = heads[k - 1];
        }
        false
    };
    for _ in 0..n * n {
        let mut best: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d - 1];
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let nonproj = (a + 1..b).any(|k| !dominates(heads, h, k));
            if nonproj && best.is_none_or(|(_, len)| b - a < len) {
                best = Some((d, b - a));
            }
        }
        match best {
            Some((d, _)) => {
                let h = heads[d - 1];
                if h == 0 {
                    break;
                }
                heads[d - 1] = heads[h - 1];
            }
            None => break,
        }
    }
}

/// A training sentence for the parser.
#[derive(Clone)]
pub struct ParseSent {
    pub x: Vec<PWord>,
    /// 1-based heads, 0 = root.
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
}

/// Train the parser. `eval` is called after each epoch with the averaged model.
pub fn train(
    labels: Vec<String>,
    classes: &WordClasses,
    data: &[ParseSent],
    epochs: usize,
    seed: u64,
    explore: f64,
    eval: &mut dyn FnMut(usize, &Parser),
) -> Parser {
    let nl = labels.len();
    let root = labels
        .iter()
        .position(|l| l == "root")
        .unwrap_or(usize::MAX);
    let mut tt = Trainer::new(4);
    let mut lt = Trainer::new(nl);
    let mut rng = SplitMix64(seed ^ 0x7061_7273);
    let golds: Vec<Vec<u32>> = data
        .iter()
        .map(|s| {
            let mut h = s.heads.clone();
            projectivize(&mut h);
            h.iter()
                .map(|&v| if v == 0 { NONE } else { (v - 1) as u32 })
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut feats = Vec::with_capacity(256);
    let mut lfeats = Vec::with_capacity(256);
    let mut sc = [0f32; 4];
    let mut ls = vec![0f32; nl];
    for ep in 0..epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let sent = &data[si];
            let gold = &golds[si];
            let x = &sent.x;
            let n = x.len();
            let mut s = State::new(n);
            let pre = prefix_counts(x);
            while s.b < n {
                trans_features(&s, x, &pre, &mut feats);
                tt.score(&feats, &mut sc);
                let pred = argmax_valid(&sc, &s);
                if pred == usize::MAX {
                    break;
                }
                let mut costs = [u32::MAX; 4];
                for (t, c) in costs.iter_mut().enumerate() {
                    if s.valid(t) {
                        *c = s.cost(t, gold);
                    }
                }
                let minc = *costs.iter().min().unwrap_or(&0);
                let mut best = usize::MAX;
                for t in 0..4 {
                    if costs[t] == minc && (best == usize::MAX || sc[t] > sc[best]) {
                        best = t;
                    }
                }
                if costs[pred] > minc {
                    tt.update(&feats, best, pred);
                }
                tt.tick();
                let next = if ep > 0 && rng.unit() < explore {
                    pred
                } else {
                    best
                };
                let mut lab = 0u16;
                if next == LEFT || next == RIGHT {
                    let s0 = *s.stack.last().unwrap_or(&0);
                    let (h, d) = if next == LEFT { (s.b, s0) } else { (s0, s.b) };
                    label_features(&s, x, &feats, h, d, &mut lfeats);
                    lt.score(&lfeats, &mut ls);
                    let lp = argmax_label(&ls, root);
                    if gold[d] == h as u32 {
                        let g = sent.labels[d];
                        if g as usize != lp as usize && (g as usize) < nl {
                            lt.update(&lfeats, g as usize, lp as usize);
                        }
                        lt.tick();
                        lab = g;
                    } else {
                        lab = lp;
                    }
                }
                s.apply(next, lab);
            }
        }
        let model = Parser {
            labels: labels.clone(),
            trans: tt.average(0.0),
            lab: lt.average(0.0),
            classes: classes.clone(),
        };
        eval(ep, &model);
    }
    Parser {
        labels,
        trans: tt.average(0.0),
        lab: lt.average(0.0),
        classes: classes.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize) -> Vec<PWord> {
        (0..n as u64)
            .map(|i| PWord {
                w: mix(1, i),
                p: mix(2, i % 3),
                c: 0,
                k: 0,
                f: 0,
                g: NONE,
                gr: NONE,
                gl: 0,
                st: 0,
            })
            .collect()
    }

    #[test]
    fn reversed_heads_map_back() {
        // "She saw him": saw is the root, She and him depend on it
        let heads = vec![2, 0, 2];
        let rev = unreverse_heads(&heads);
        // reversed: him(1) saw(2) She(3)
        assert_eq!(rev, vec![2, 0, 2]);
        let heads = vec![3, 3, 0, 3, 4];
        assert_eq!(unreverse_heads(&unreverse_heads(&heads)), heads);
        let x = words(5);
        let r = reversed(&x);
        assert_eq!(r[0].w, x[4].w);
        assert_eq!(r[4].w, x[0].w);
    }

    #[test]
    fn guide_fields_follow_the_guide_arcs() {
        let mut x = words(4);
        attach_guide(&mut x, &[2, 0, 2, 3], &[5, 1, 6, 7]);
        assert_eq!(x.iter().map(|w| w.g).collect::<Vec<_>>(), [1, NONE, 1, 2]);
        let mut y = words(2);
        attach_guide(&mut y, &[9, 1], &[0, 0]);
        assert_eq!((y[0].g, y[1].g), (NONE, 0));
        // rightmost guide dependent of each word
        assert_eq!(
            x.iter().map(|w| w.gr).collect::<Vec<_>>(),
            [NONE, 2, 3, NONE]
        );
        assert!(x.iter().all(|w| w.gl != 0));
        assert_ne!(x[0].gl, x[2].gl);
    }

    /// Four plain words, their prefix counts, the state after one shift, and its features.
    fn after_one_shift() -> (Vec<PWord>, Vec<[u32; 4]>, State, Vec<u64>) {
        let x = words(4);
        let pre = prefix_counts(&x);
        let mut s = State::new(4);
        s.apply(SHIFT, 0);
        let mut plain = Vec::new();
        trans_features(&s, &x, &pre, &mut plain);
        (x, pre, s, plain)
    }

    #[test]
    fn guide_features_only_with_a_guide() {
        let (mut x, pre, s, plain) = after_one_shift();
        attach_guide(&mut x, &[2, 0, 2, 3], &[5, 1, 6, 7]);
        let mut guided = Vec::new();
        trans_features(&s, &x, &pre, &mut guided);
        assert!(guided.len() > plain.len());
        assert_eq!(&guided[..plain.len()], &plain[..]);
        // where the guide puts the heads matters: another guide, other features
        attach_guide(&mut x, &[0, 1, 2, 3], &[5, 1, 6, 7]);
        let mut other = Vec::new();
        trans_features(&s, &x, &pre, &mut other);
        assert_ne!(other, guided);
        let mut labels = Vec::new();
        label_features(&s, &x, &other, 1, 0, &mut labels);
        assert!(labels.len() > other.len());
    }

    #[test]
    fn supertag_features_only_with_supertags() {
        let (mut x, pre, s, plain) = after_one_shift();
        for (i, w) in x.iter_mut().enumerate() {
            w.st = mix(0x5354, i as u64 + 1);
        }
        let mut tagged = Vec::new();
        trans_features(&s, &x, &pre, &mut tagged);
        assert!(tagged.len() > plain.len());
        assert_eq!(&tagged[..plain.len()], &plain[..]);
        let (mut bare, mut labels) = (Vec::new(), Vec::new());
        x.iter_mut().for_each(|w| w.st = 0);
        label_features(&s, &x, &plain, 1, 0, &mut bare);
        x[0].st = 1;
        label_features(&s, &x, &plain, 1, 0, &mut labels);
        assert!(labels.len() > bare.len());
    }

    #[test]
    fn projectivize_lifts() {
        // 1 <- 3 crossing 2 -> 4
        let mut h = vec![3, 0, 2, 2];
        projectivize(&mut h);
        // arc 3->1 crosses 2->4? words: 1(h3) 2(root) 3(h2) 4(h2): 3->1 spans 2 which 3 does not dominate
        assert_eq!(h, vec![2, 0, 2, 2]);
    }
}
