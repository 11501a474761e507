//! Supertagging: before parsing, a tagger predicts for every word its dependency label, the
//! direction of its head and on which sides it has dependents ("nsubj, head to the right, no
//! dependents": `nsubj/R/00`), and the parser reads these supertags as
//! features (Ouchi, Duh & Matsumoto 2014). The supertagger sees the whole sentence at once
//! (its second pass reads the first pass's tags on both sides), which a left-to-right parser
//! cannot, at the cost of one more tagging pass instead of a second parse. On the training
//! sentences the supertags come from supertaggers trained on the other folds (jack-knifing), so
//! that they are as wrong there as they will be on new text.

use crate::conllu::ConlluSentence;
use crate::hash::{FnvMap, mix};
use crate::jackknife::jackknife;
use crate::parser::{PWord, ParseSent};
use crate::tagger::{self, Given, TagSent, Tagger};

/// How to train the supertagger.
#[derive(Debug, Clone)]
pub struct SupertagOptions {
    /// Jack-knifing folds (at least 2).
    pub folds: usize,
    pub epochs: usize,
    pub seed: u64,
    /// Tag in one pass instead of two (about half the supertagging time).
    pub single_pass: bool,
}

/// Supertags seen fewer times than this in training lose their dependent bits.
const MIN_FULL_COUNT: usize = 5;

/// The most classes a perceptron's weights can tell apart (one byte per class index).
const MAX_CLASSES: usize = 255;

/// The supertag of word `i` (0-based) of a gold sentence: its label, where its head is and
/// whether it has dependents on its left and on its right; and the same without the
/// dependent bits, for rare supertags.
fn supertag_of(s: &ConlluSentence, i: usize) -> (String, String) {
    let w = &s.words[i];
    let dir = match w.head {
        0 => "root",
        h if h - 1 < i => "L",
        _ => "R",
    };
    let deps = |side: std::ops::Range<usize>| s.words[side].iter().any(|d| d.head == i + 1);
    let (left, right) = (deps(0..i), deps(i + 1..s.words.len()));
    let short = format!("{}/{dir}", w.deprel);
    let full = format!("{short}/{}{}", left as u8, right as u8);
    (full, short)
}

/// The supertags of the training sentences, sorted: the full ones seen often enough, and the
/// short ones of the rest. On a treebank with many more labels than EWT only the
/// [`MAX_CLASSES`] most frequent are kept (words of the others get class 0, see
/// [`gold_supertags`]).
fn supertag_classes(sents: &[ConlluSentence]) -> Vec<String> {
    let mut counts: FnvMap<(String, String), usize> = FnvMap::default();
    for s in sents {
        for i in 0..s.words.len() {
            *counts.entry(supertag_of(s, i)).or_default() += 1;
        }
    }
    let mut total: FnvMap<String, usize> = FnvMap::default();
    for ((full, short), n) in counts {
        let class = if n >= MIN_FULL_COUNT { full } else { short };
        *total.entry(class).or_default() += n;
    }
    let mut by_count: Vec<(String, usize)> = total.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut classes: Vec<String> = by_count
        .into_iter()
        .take(MAX_CLASSES)
        .map(|(c, _)| c)
        .collect();
    classes.sort();
    classes
}

/// Gold supertag sentences as indices into `classes` (0 for a supertag not among them).
fn gold_supertags(sents: &[ConlluSentence], classes: &[String]) -> Vec<TagSent> {
    let index: FnvMap<&str, u16> = classes
        .iter()
        .enumerate()
        .map(|(k, c)| (c.as_str(), k as u16))
        .collect();
    let class = |s: &ConlluSentence, i: usize| {
        let (full, short) = supertag_of(s, i);
        let found = index
            .get(full.as_str())
            .or_else(|| index.get(short.as_str()));
        found.copied().unwrap_or(0)
    };
    sents
        .iter()
        .map(|s| TagSent {
            forms: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: (0..s.words.len()).map(|i| class(s, i)).collect(),
            given: Vec::new(),
        })
        .collect()
}

/// What the supertagger reads of the tagger's tags: each word's tag, and its tag with whether
/// a verb comes before it and after it in the sentence.
pub fn given_tags(tags: &[u16], tag_classes: &[String]) -> Vec<Given> {
    let is_verb: Vec<bool> = tags
        .iter()
        .map(|&t| {
            let c = tag_classes
                .get(t as usize)
                .map(|c| c.as_str())
                .unwrap_or("");
            c.starts_with("VERB\t") || c.starts_with("AUX\t")
        })
        .collect();
    let mut verb_before = false;
    let mut verbs_after = is_verb.iter().filter(|&&v| v).count();
    let mut out = Vec::with_capacity(tags.len());
    for (&t, &v) in tags.iter().zip(&is_verb) {
        verbs_after -= v as usize;
        let p = mix(0x504f53, t as u64 + 1);
        let ctx = verb_before as u64 | ((verbs_after > 0) as u64) << 1;
        out.push([p, mix(p, ctx)]);
        verb_before |= v;
    }
    out
}

/// Fill the supertag fields of `x` from a supertagger's classes.
pub fn attach_supertags(x: &mut [PWord], tags: &[u16]) {
    for (w, &t) in x.iter_mut().zip(tags) {
        w.st = mix(0x5354, t as u64 + 1);
    }
}

fn forms(s: &TagSent) -> Vec<&str> {
    s.forms.iter().map(|f| f.as_str()).collect()
}

/// One part of the data (train or dev): the gold sentences, the tagger's tags of their words
/// and the parser's sentences that get the supertags.
pub struct Part<'a> {
    pub gold: &'a [ConlluSentence],
    pub tags: &'a [Vec<u16>],
    pub parse: &'a mut [ParseSent],
}

impl Part<'_> {
    /// The gold supertags, with what the supertagger reads of the tagger's tags.
    fn supertag_sents(&self, classes: &[String], tag_classes: &[String]) -> Vec<TagSent> {
        let mut data = gold_supertags(self.gold, classes);
        for (s, tags) in data.iter_mut().zip(self.tags) {
            s.given = given_tags(tags, tag_classes);
        }
        data
    }
}

/// Train the supertagger, attach its supertags to the training words (jack-knifed) and to the
/// dev words, and return the supertagger trained on all of the training sentences.
/// `tag_classes` are the tagger's classes that `tags` index; `lex` is the tagger's lexicon.
pub fn add_supertags(
    train: Part,
    dev: Part,
    tag_classes: &[String],
    lex: &FnvMap<String, u8>,
    opts: &SupertagOptions,
    log: &mut dyn FnMut(&str),
) -> Tagger {
    let classes = supertag_classes(train.gold);
    log(&format!("{} supertag classes", classes.len()));
    let data = train.supertag_sents(&classes, tag_classes);
    let dev_data = dev.supertag_sents(&classes, tag_classes);
    let (train_x, dev_x) = (train.parse, dev.parse);
    let train_on = |part: &[TagSent], dev: &[TagSent], seed: u64, log: &mut dyn FnMut(&str)| {
        let mut m = tagger::train(classes.clone(), lex, part, dev, opts.epochs, seed, log);
        if opts.single_pass {
            m.drop_second_pass();
        }
        m
    };
    let label = |m: &Tagger, i: usize, s: &TagSent| {
        attach_supertags(&mut train_x[i].x, &m.tag_given(&forms(s), &s.given));
    };
    let fold_model = |part: &[TagSent], fold: usize| {
        train_on(part, &[], opts.seed + 21 + fold as u64, &mut |_| {})
    };
    jackknife(
        &data,
        opts.folds.max(2),
        fold_model,
        label,
        "supertagger",
        log,
    );
    let full = train_on(&data, &dev_data, opts.seed + 20, log);
    for (x, s) in dev_x.iter_mut().zip(&dev_data) {
        attach_supertags(&mut x.x, &full.tag_given(&forms(s), &s.given));
    }
    full
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::read_conllu;

    fn sentence(rows: &[(&str, &str, usize, &str)]) -> ConlluSentence {
        let text: String = rows
            .iter()
            .enumerate()
            .map(|(i, (form, upos, head, rel))| {
                format!("{}\t{form}\t_\t{upos}\t_\t_\t{head}\t{rel}\t_\t_\n", i + 1)
            })
            .collect();
        read_conllu(&text).unwrap().remove(0)
    }

    fn seized() -> ConlluSentence {
        sentence(&[
            ("Troops", "NOUN", 2, "nsubj"),
            ("seized", "VERB", 0, "root"),
            ("a", "DET", 4, "det"),
            ("tanker", "NOUN", 2, "obj"),
        ])
    }

    #[test]
    fn a_supertag_is_label_head_side_and_dependent_sides() {
        let s = seized();
        let tags: Vec<_> = (0..4).map(|i| supertag_of(&s, i)).collect();
        assert_eq!(tags[0], ("nsubj/R/00".into(), "nsubj/R".into()));
        assert_eq!(tags[1].0, "root/root/11");
        assert_eq!(tags[2].0, "det/R/00");
        assert_eq!(tags[3], ("obj/L/10".into(), "obj/L".into()));
    }

    #[test]
    fn rare_supertags_fall_back_to_their_short_form() {
        let many: Vec<ConlluSentence> = (0..MIN_FULL_COUNT).map(|_| seized()).collect();
        let mut all = many.clone();
        all.push(sentence(&[("Go", "VERB", 0, "root")]));
        let classes = supertag_classes(&all);
        assert!(classes.contains(&"obj/L/10".to_string()));
        assert!(classes.contains(&"root/root".to_string()));
        assert!(!classes.contains(&"root/root/00".to_string()));
        let gold = gold_supertags(&all, &classes);
        let root = classes.iter().position(|c| c == "root/root").unwrap();
        assert_eq!(gold[MIN_FULL_COUNT].tags, vec![root as u16]);
    }

    #[test]
    fn there_are_never_more_supertags_than_the_weights_can_hold() {
        let sents: Vec<ConlluSentence> = (0..400)
            .map(|k| {
                let label = format!("rel{k}");
                let rows = [("a", "X", 2, label.as_str()), ("b", "X", 0, "root")];
                sentence(&rows)
            })
            .collect();
        let classes = supertag_classes(&sents);
        assert_eq!(classes.len(), MAX_CLASSES);
        assert!(classes.contains(&"root/root/10".to_string()), "{classes:?}");
    }

    #[test]
    fn given_tags_say_where_the_verbs_are() {
        let classes: Vec<String> = ["NOUN\tNN", "VERB\tVBD"].map(String::from).into();
        let g = given_tags(&[0, 1, 0], &classes);
        let ctx = |k: usize, bits: u64| mix(g[k][0], bits);
        assert_eq!(g[0][1], ctx(0, 0b10));
        assert_eq!(g[1][1], ctx(1, 0b00));
        assert_eq!(g[2][1], ctx(2, 0b01));
        assert_eq!(g[0][0], g[2][0]);
        assert_ne!(g[0][0], g[1][0]);
    }
}
