//! `dyad nlp ...`: train, evaluate and run the tagger/lemmatizer/parser of `dyad-nlp`.
//!
//! The logic lives in the `dyad_nlp` library; this module only parses arguments and prints.

use anyhow::{Context, Result};
use dyad_nlp::conllu::read_conllu;
use dyad_nlp::eval::{eval_gold, eval_raw};
use dyad_nlp::train::{train_model, TrainConfig};
use dyad_nlp::Analyzer;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Subcommands of `dyad nlp`.
#[derive(Debug, clap::Subcommand)]
pub enum NlpCommand {
    /// Train tagger, lemmatizer and parser on CoNLL-U; prints dev scores per epoch and writes
    /// DIR/en_ewt.dyadnlp (with --guide also the guide parser DIR/en_ewt.guide.dyadnlp, with
    /// --supertag the supertagger DIR/en_ewt.stag.dyadnlp); bit-for-bit reproducible for a given
    /// seed.
    Train {
        /// Training treebank (CoNLL-U).
        #[arg(long)]
        train: PathBuf,
        /// Development treebank (CoNLL-U) for per-epoch scores.
        #[arg(long)]
        dev: PathBuf,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Random seed.
        #[arg(long, default_value_t = TrainConfig::default().seed)]
        seed: u64,
        /// Tagger epochs.
        #[arg(long, default_value_t = TrainConfig::default().tagger_epochs)]
        tagger_epochs: usize,
        /// Parser epochs.
        #[arg(long, default_value_t = TrainConfig::default().parser_epochs)]
        parser_epochs: usize,
        /// Jack-knifing folds for the parser's training tags (0 = gold tags).
        #[arg(long, default_value_t = TrainConfig::default().jackknife)]
        jackknife: usize,
        /// Word -> WordNet POS lexicon for the tagger ("none" to train without).
        #[arg(long, default_value = "data/models/en_wordnet_pos.tsv")]
        lexicon: String,
        /// Word -> WordNet class table for the parser ("none" to train without).
        #[arg(long, default_value = "data/models/en_wordnet_classes.tsv")]
        classes: String,
        /// Probability of following the parser's own transition while training (after epoch 1).
        #[arg(long, default_value_t = TrainConfig::default().explore)]
        explore: f64,
        /// Drop parser transition weights smaller than this (model size and speed).
        #[arg(long, default_value_t = TrainConfig::default().prune)]
        prune: f32,
        /// Drop parser arc-label weights smaller than this.
        #[arg(long, default_value_t = TrainConfig::default().prune_label)]
        prune_label: f32,
        /// Drop tagger weights smaller than this.
        #[arg(long, default_value_t = TrainConfig::default().prune_tagger)]
        prune_tagger: f32,
        /// Drop supertagger weights smaller than this.
        #[arg(long, default_value_t = TrainConfig::default().prune_supertagger)]
        prune_supertagger: f32,
        /// Also train a right-to-left guide parser whose arcs the parser reads as features
        /// (stacking: more accurate on EWT, twice the parsing time; writes a second file).
        #[arg(long)]
        guide: bool,
        /// Epochs of the guide parser.
        #[arg(long, default_value_t = TrainConfig::default().guide_epochs)]
        guide_epochs: usize,
        /// Also train a supertagger (label, head direction and dependent sides of every word) whose tags the
        /// parser reads as features.
        #[arg(long)]
        supertag: bool,
        /// Let the supertagger tag in one pass instead of two (faster, less accurate).
        #[arg(long)]
        supertag_single_pass: bool,
        /// Output file name inside --out.
        #[arg(long, default_value = "en_ewt.dyadnlp")]
        name: String,
    },
    /// Tag and parse a gold CoNLL-U file and print scores as one JSON line.
    Eval {
        /// Gold CoNLL-U file.
        gold: PathBuf,
        /// Start from the raw `# text` lines (tokenizer + sentence splitter, CoNLL 2018 alignment).
        #[arg(long)]
        raw: bool,
        /// Model file (default: the embedded model).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Parse raw text (FILE or - for stdin) and print CoNLL-U.
    Parse {
        /// Input file, or - for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Model file (default: the embedded model).
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

fn load(model: Option<&Path>) -> Result<Analyzer> {
    Ok(match model {
        Some(p) => Analyzer::from_path(p).with_context(|| format!("loading {}", p.display()))?,
        None => Analyzer::load_default()?,
    })
}

fn read_treebank(p: &Path) -> Result<Vec<dyad_nlp::conllu::ConlluSentence>> {
    let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
    read_conllu(&text).with_context(|| format!("parsing {}", p.display()))
}

/// Run a `dyad nlp` subcommand.
pub fn run(cmd: NlpCommand) -> Result<()> {
    match cmd {
        NlpCommand::Train {
            train,
            dev,
            out,
            seed,
            tagger_epochs,
            parser_epochs,
            jackknife,
            lexicon,
            classes,
            explore,
            prune,
            prune_label,
            prune_tagger,
            prune_supertagger,
            guide,
            guide_epochs,
            supertag,
            supertag_single_pass,
            name,
        } => {
            let tr = read_treebank(&train)?;
            let dv = read_treebank(&dev)?;
            let cfg = TrainConfig {
                seed,
                tagger_epochs,
                parser_epochs,
                jackknife,
                explore,
                prune,
                prune_label,
                prune_tagger,
                prune_supertagger,
                lexicon: (lexicon != "none").then(|| PathBuf::from(&lexicon)),
                classes: (classes != "none").then(|| PathBuf::from(&classes)),
                guide,
                guide_epochs,
                supertag,
                supertag_single_pass,
            };
            let t = Instant::now();
            let a = train_model(&tr, &dv, &cfg, &mut |line| {
                println!("[{:>5.0}s] {line}", t.elapsed().as_secs_f64());
            })
            .with_context(|| format!("training (lexicon {lexicon}, classes {classes})"))?;
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            let path = out.join(name);
            let written = a.write_files(&path).context("writing the model")?;
            for (path, size) in written {
                println!(
                    "wrote {} ({size} bytes) in {:.0}s",
                    path.display(),
                    t.elapsed().as_secs_f64()
                );
            }
        }
        NlpCommand::Eval { gold, raw, model } => {
            let g = read_treebank(&gold)?;
            let a = load(model.as_deref())?;
            let r = if raw {
                eval_raw(&a, &g)
            } else {
                eval_gold(&a, &g)
            };
            crate::output::emit(&(serde_json::to_string(&r)? + "\n"))?;
        }
        NlpCommand::Parse { input, model } => {
            let a = load(model.as_deref())?;
            let mut text = String::new();
            if input == "-" {
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("reading stdin")?;
            } else {
                text =
                    std::fs::read_to_string(&input).with_context(|| format!("reading {input}"))?;
            }
            let out = a.parse_to_conllu(&text);
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            lock.write_all(out.as_bytes())?;
        }
    }
    Ok(())
}
