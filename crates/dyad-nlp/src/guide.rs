//! Stacking: the parser reads the arcs of a right-to-left guide parser as features (Nivre &
//! McDonald 2008). The two directions make different mistakes (on EWT dev, picking the right
//! one of the two heads for every word would give about 0.89 UAS against 0.85 for either
//! alone), and the guided parser learns when to trust its guide. On the training sentences the
//! guide's arcs come from guides trained on the other folds (jack-knifing), so that they are as
//! wrong there as they will be on new text.

use crate::classes::WordClasses;
use crate::jackknife::jackknife;
use crate::parser::{self, ParseSent, Parser};

/// How to train the guide.
#[derive(Debug, Clone)]
pub struct GuideOptions {
    /// Jack-knifing folds (at least 2).
    pub folds: usize,
    pub epochs: usize,
    pub seed: u64,
    /// See [`crate::train::TrainConfig::explore`].
    pub explore: f64,
}

fn reversed_sentence(s: &ParseSent) -> ParseSent {
    ParseSent {
        x: parser::reversed(&s.x),
        heads: parser::unreverse_heads(&s.heads),
        labels: s.labels.iter().rev().copied().collect(),
    }
}

fn train_guide(
    labels: &[String],
    classes: &WordClasses,
    data: &[ParseSent],
    opts: &GuideOptions,
    seed: u64,
) -> Parser {
    parser::train(
        labels.to_vec(),
        classes,
        data,
        opts.epochs,
        seed,
        opts.explore,
        &mut |_, _| {},
    )
}

/// Train the guide, attach its arcs to the training sentences (jack-knifed) and to the dev
/// sentences, and return the guide trained on all of the training sentences.
pub fn add_guides(
    labels: &[String],
    classes: &WordClasses,
    train: &mut [ParseSent],
    dev: &mut [ParseSent],
    opts: &GuideOptions,
    log: &mut dyn FnMut(&str),
) -> Parser {
    let k = opts.folds.max(2);
    let reversed: Vec<ParseSent> = train.iter().map(reversed_sentence).collect();
    let mut arcs = vec![(Vec::new(), Vec::new()); train.len()];
    let train_fold = |part: &[ParseSent], fold: usize| {
        train_guide(labels, classes, part, opts, opts.seed + 11 + fold as u64)
    };
    let label = |m: &Parser, i: usize, _: &ParseSent| arcs[i] = m.parse_right_to_left(&train[i].x);
    jackknife(&reversed, k, train_fold, label, "guide", log);
    let guide = train_guide(labels, classes, &reversed, opts, opts.seed + 10);
    let dev_reversed: Vec<ParseSent> = dev.iter().map(reversed_sentence).collect();
    let (uas, _) = crate::eval::dev_parse_scores(&guide, &dev_reversed);
    log(&format!("guide parser (right to left) dev UAS {uas:.4}"));
    for (s, (h, l)) in train.iter_mut().zip(arcs) {
        parser::attach_guide(&mut s.x, &h, &l);
    }
    for s in dev.iter_mut() {
        let (h, l) = guide.parse_right_to_left(&s.x);
        parser::attach_guide(&mut s.x, &h, &l);
    }
    guide
}
