//! Training the whole pipeline from CoNLL-U (reproducible bit for bit from the seed).

use crate::Analyzer;
use crate::classes::WordClasses;
use crate::conllu::ConlluSentence;
use crate::eval::{dev_parse_scores, eval_gold};
use crate::guide;
use crate::hash::FnvMap;
use crate::jackknife::jackknife;
use crate::lemma::Lemmatizer;
use crate::model::{Companion, Companions, pword};
use crate::parser::{self, ParseSent};
use crate::supertag::Part;
use crate::tagger::{self, TagSent, Tagger};

/// Training hyper-parameters.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub seed: u64,
    /// Number of jack-knifing folds for the parser's training tags (0 or 1 = gold tags).
    pub jackknife: usize,
    /// Probability of following the model's own (possibly wrong) transition after epoch 1.
    pub explore: f64,
    /// Drop averaged parser transition weights with a magnitude below this (model size, speed).
    pub prune: f32,
    /// Same for the parser's arc-label weights.
    pub prune_label: f32,
    /// Same for the tagger.
    pub prune_tagger: f32,
    /// Same for the supertagger.
    pub prune_supertagger: f32,
    /// Optional word → WordNet POS lexicon file (see `scripts/nlp/make_lexicon.py`).
    pub lexicon: Option<std::path::PathBuf>,
    /// Optional word → WordNet class table for the parser (see `scripts/nlp/make_wordnet_classes.py`).
    pub classes: Option<std::path::PathBuf>,
    /// Guide the parser with a right-to-left parser's arcs (stacking, see [`crate::guide`]).
    pub guide: bool,
    /// Epochs of the guide parser.
    pub guide_epochs: usize,
    /// Give the parser supertags (label, head direction, dependent sides) as features (see [`crate::supertag`]).
    pub supertag: bool,
    /// Let the supertagger tag in one pass instead of two.
    pub supertag_single_pass: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger_epochs: 12,
            parser_epochs: 15,
            seed: 1,
            jackknife: 5,
            explore: 0.9,
            prune: 0.5,
            prune_label: 1.5,
            prune_tagger: 0.25,
            prune_supertagger: 1.0,
            lexicon: None,
            classes: None,
            guide: false,
            guide_epochs: 10,
            supertag: false,
            supertag_single_pass: false,
        }
    }
}

fn class_of(w: &crate::conllu::ConlluWord) -> String {
    format!("{}\t{}", w.upos, w.xpos)
}

fn upos_of(classes: &[String], t: u16) -> &str {
    classes
        .get(t as usize)
        .and_then(|c| c.split('\t').next())
        .unwrap_or("X")
}

/// Train tagger, lemmatizer and parser; `log` gets progress lines (dev scores per epoch).
pub fn train_model(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&str),
) -> Result<Analyzer, crate::NlpError> {
    let lex = match &cfg.lexicon {
        Some(p) => tagger::read_lexicon(&std::fs::read_to_string(p)?),
        None => FnvMap::default(),
    };
    let word_classes = match &cfg.classes {
        Some(p) => WordClasses::from_tsv(&std::fs::read_to_string(p)?)?,
        None => WordClasses::default(),
    };
    let (classes, cidx) = vocabulary(train.iter().flat_map(|s| s.words.iter().map(class_of)));
    let to_tag = |s: &ConlluSentence| TagSent {
        forms: s.words.iter().map(|w| w.form.clone()).collect(),
        tags: s
            .words
            .iter()
            .map(|w| cidx.get(&class_of(w)).copied().unwrap_or(0))
            .collect(),
        given: Vec::new(),
    };
    let ttrain: Vec<TagSent> = train.iter().map(to_tag).collect();
    let tdev: Vec<TagSent> = dev.iter().map(to_tag).collect();
    log(&format!(
        "{} training sentences, {} tag classes",
        train.len(),
        classes.len()
    ));
    let tg = tagger::train(
        classes.clone(),
        &lex,
        &ttrain,
        &tdev,
        cfg.tagger_epochs,
        cfg.seed,
        log,
    );

    let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
        s.words.iter().map(|w| {
            (
                w.form.as_str(),
                w.lemma.as_str(),
                w.upos.as_str(),
                w.xpos.as_str(),
                w.feats.as_str(),
            )
        })
    }));

    // Tags for the parser's training data.
    let mut train_tags: Vec<Vec<u16>> = ttrain.iter().map(|s| s.tags.clone()).collect();
    if cfg.jackknife >= 2 {
        let train_tagger = |part: &[TagSent], fold: usize| {
            let seed = cfg.seed + 1 + fold as u64;
            let epochs = cfg.tagger_epochs;
            tagger::train(classes.clone(), &lex, part, &[], epochs, seed, &mut |_| {})
        };
        let label = |m: &Tagger, i: usize, s: &TagSent| {
            let forms: Vec<&str> = s.forms.iter().map(|x| x.as_str()).collect();
            train_tags[i] = m.tag(&forms);
        };
        jackknife(
            &ttrain,
            cfg.jackknife,
            train_tagger,
            label,
            "jackknife",
            log,
        );
    }

    let (labels, lidx) = vocabulary(
        train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone())),
    );
    let word = |form: &str, t: u16| pword(form, t, upos_of(&classes, t), &word_classes);
    // the parser's sentences; a dev label not seen in training is never right
    let parse_sents = |gold: &[ConlluSentence], tags: &[Vec<u16>], unseen: u16| {
        let sent = |(s, tags): (&ConlluSentence, &Vec<u16>)| ParseSent {
            x: s.words
                .iter()
                .zip(tags)
                .map(|(w, &t)| word(&w.form, t))
                .collect(),
            heads: s.words.iter().map(|w| w.head).collect(),
            labels: s
                .words
                .iter()
                .map(|w| lidx.get(&w.deprel).copied().unwrap_or(unseen))
                .collect(),
        };
        gold.iter().zip(tags).map(sent).collect::<Vec<ParseSent>>()
    };
    let mut pdata = parse_sents(train, &train_tags, 0);
    // dev with predicted tags
    let dev_tags: Vec<Vec<u16>> = dev
        .iter()
        .map(|s| tg.tag(&s.words.iter().map(|w| w.form.as_str()).collect::<Vec<_>>()))
        .collect();
    let mut pdev = parse_sents(dev, &dev_tags, u16::MAX);
    let supertagger = cfg.supertag.then(|| {
        let opts = crate::supertag::SupertagOptions {
            folds: cfg.jackknife.max(2),
            epochs: cfg.tagger_epochs,
            seed: cfg.seed,
            single_pass: cfg.supertag_single_pass,
        };
        let train = Part {
            gold: train,
            tags: &train_tags,
            parse: &mut pdata,
        };
        let dev = Part {
            gold: dev,
            tags: &dev_tags,
            parse: &mut pdev,
        };
        crate::supertag::add_supertags(train, dev, &classes, &lex, &opts, log)
    });
    let guide = if cfg.guide {
        let opts = guide::GuideOptions {
            folds: cfg.jackknife.max(2),
            epochs: cfg.guide_epochs,
            seed: cfg.seed,
            explore: cfg.explore,
        };
        Some(guide::add_guides(
            &labels,
            &word_classes,
            &mut pdata,
            &mut pdev,
            &opts,
            log,
        ))
    } else {
        None
    };
    let mut cb = |ep: usize, p: &parser::Parser| {
        let (uas, las) = dev_parse_scores(p, &pdev);
        log(&format!(
            "parser epoch {} dev UAS {:.4} LAS(full labels) {:.4}",
            ep + 1,
            uas,
            las
        ));
    };
    let ps = parser::train(
        labels,
        &word_classes,
        &pdata,
        cfg.parser_epochs,
        cfg.seed,
        cfg.explore,
        &mut cb,
    );
    let mut meta = serde_json::json!({
        "name": "en_ewt",
        "trained_on": "UD English EWT train (CC BY-SA 4.0)",
        "config": {
            "tagger_epochs": cfg.tagger_epochs, "parser_epochs": cfg.parser_epochs, "seed": cfg.seed,
            "jackknife": cfg.jackknife, "explore": cfg.explore, "prune": cfg.prune, "prune_label": cfg.prune_label, "prune_tagger": cfg.prune_tagger,
            "lexicon": cfg.lexicon.as_ref().map(|p| p.file_name().map(|f| f.to_string_lossy().to_string())),
            "classes": cfg.classes.as_ref().map(|p| p.file_name().map(|f| f.to_string_lossy().to_string())),
        },
        "train_sentences": train.len(),
    });
    if cfg.guide {
        // only for guided models, so that an unguided model's metadata (and file) is as before
        meta["config"]["guide_epochs"] = cfg.guide_epochs.into();
    }
    if cfg.supertag {
        meta["config"]["supertag"] = true.into();
        meta["config"]["supertag_single_pass"] = cfg.supertag_single_pass.into();
        meta["config"]["prune_supertagger"] = cfg.prune_supertagger.into();
    }
    let meta = meta.to_string();
    let mut a = Analyzer::new(tg, lemmatizer, ps, guide, meta);
    a.supertagger = supertagger;
    if cfg.prune > 0.0
        || cfg.prune_label > 0.0
        || cfg.prune_tagger > 0.0
        || cfg.prune_supertagger > 0.0
    {
        log(&a.prune(
            cfg.prune_tagger,
            cfg.prune,
            cfg.prune_label,
            cfg.prune_supertagger,
        ));
    }
    // score what is shipped: the quantised model as written to disk
    let (guide, supertagger) = (
        a.companion_bytes(Companion::Guide),
        a.companion_bytes(Companion::Supertagger),
    );
    let companions = Companions {
        guide: guide.as_deref(),
        supertagger: supertagger.as_deref(),
    };
    if let Ok(b) = Analyzer::from_parts(&a.to_bytes(), companions) {
        a = b;
    }
    if !dev.is_empty() {
        let r = eval_gold(&a, dev);
        log(&format!(
            "final dev: {}",
            serde_json::to_string(&r).unwrap_or_default()
        ));
    }
    Ok(a)
}

/// The sorted distinct values and each one's index (tag classes, dependency labels).
fn vocabulary(values: impl Iterator<Item = String>) -> (Vec<String>, FnvMap<String, u16>) {
    let mut sorted: Vec<String> = values.collect();
    sorted.sort();
    sorted.dedup();
    let index = sorted
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), i as u16))
        .collect();
    (sorted, index)
}
