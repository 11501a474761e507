//! # dyad-nlp
//!
//! The linguistic core of dyad: tokenizer, sentence splitter, part-of-speech tagger (UPOS and
//! Penn XPOS), lemmatizer with morphological features, and labelled Universal Dependencies
//! parser for English — in pure Rust, with the trained model embedded in the binary.
//!
//! Who did what to whom is a question about syntax: the event coder reads subjects, objects,
//! passive agents, conjuncts and appositions off the dependency tree this crate produces.
//!
//! ## Design
//!
//! * **Tokenizer / splitter** ([`tokenize`], [`split_sentences`]): hand-written rules that
//!   follow UD English EWT conventions (clitics and multiword tokens such as `don't` → `do n't`,
//!   abbreviations, initials, numbers and URLs kept whole). Offsets are Unicode code points.
//! * **Tagger**: a two-pass averaged perceptron predicting the joint UPOS+XPOS tag, with a tag
//!   dictionary, ambiguity-class features for the right context (pass 2 also sees pass 1's
//!   right-context tags) and a WordNet part-of-speech lexicon for unseen words
//!   (`data/models/en_wordnet_pos.tsv`, built by `scripts/nlp/make_lexicon.py`).
//! * **Lemmatizer**: an exception table learnt from the treebank plus learnt suffix rules;
//!   FEATS from the most frequent analysis of the word/tag.
//! * **Parser**: greedy arc-eager transition system, averaged perceptron with Zhang & Nivre
//!   (2011) rich features, dynamic oracle with error exploration, labels predicted at arc time,
//!   and word-class features from WordNet ([`classes`]: the lexicographer file of a noun's or
//!   verb's first sense and coarse verb frames, `data/models/en_wordnet_classes.tsv`, built by
//!   `scripts/nlp/make_wordnet_classes.py` and stored inside the model) so that attachments
//!   generalise to words the treebank does not contain.
//! * **Guide** (optional, [`guide`], `dyad nlp train --guide`): a second parser of the same kind
//!   reads each sentence from right to left, and the main parser reads where it put each head as
//!   features (stacking, Nivre & McDonald 2008). The two directions make different mistakes; the
//!   guide costs a second parse per sentence and gains about 0.9 points of UAS and LAS on EWT
//!   dev. The shipped model is not guided yet: the event coder's rules were tuned on the
//!   unguided parser's trees and score lower on the guided ones.
//! * **Supertags** (optional, [`supertag`], `dyad nlp train --supertag`): a third tagger of the
//!   same kind predicts each word's label, head direction and dependent sides, reading the
//!   tagger's tags of the whole sentence, and the parser reads these supertags as features
//!   (Ouchi et al. 2014). It gains about 0.7 points of UAS and LAS on EWT dev; the supertagger
//!   costs about as much time as the tagger and parser together, and is not shipped either.
//!
//! This is the classic design of spaCy's first parser and UDPipe 1: linear time, no matrix
//! library, tens of thousands of words per second on one core, a model of about 15 MB, and
//! training that is bit-for-bit reproducible from a seed (deterministic hashing, SplitMix64).
//! Neural parsers are more accurate but need a tensor runtime and are one to two orders of
//! magnitude slower on CPU; news volume makes speed matter more here.
//!
//! The model is trained on UD English EWT (CC BY-SA 4.0) with `dyad nlp train` (see
//! [`train::train_model`]) and stored in a compact binary format ([`model`]): magic, version,
//! FNV-1a checksum, a deflated payload of sparse weights log-quantised to 8 bits. At run time the
//! weights live in hash tables laid out for cache misses ([`weights`]): the model loads in about
//! 0.4 s and tags and parses about 40,000 words a second on one core (`cargo bench -p dyad-nlp`).
//!
//! ## Limits
//!
//! [`split_sentences`] cuts sentences longer than [`MAX_SENTENCE_TOKENS`] tokens; the tagger and
//! parser are linear in the sentence length, so any input runs in bounded time and memory.

pub mod bench;
pub mod bin;
pub mod classes;
pub mod conllu;
pub mod container;
pub mod eval;
pub mod guide;
pub mod hash;
mod jackknife;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod supertag;
pub mod tagger;
pub mod tokenize;
pub mod train;
pub mod weights;

use serde::{Deserialize, Serialize};

pub use model::Analyzer;
pub use tokenize::{
    MAX_SENTENCE_TOKENS, Span, SurfaceToken, Token, segment, split_sentences, tokenize,
    tokenize_surface,
};

/// One syntactic word of a parsed sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    /// 1-based index in the sentence.
    pub id: usize,
    pub form: String,
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
    /// UD morphological features (`_` if none).
    pub feats: String,
    /// 1-based head index, 0 = root.
    pub head: usize,
    /// UD relation (with subtype, e.g. `nsubj:pass`).
    pub deprel: String,
    /// Code-point offsets of the surface token the word comes from.
    pub start: usize,
    pub end: usize,
}

/// A tagged, lemmatized and parsed sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedSentence {
    pub text: String,
    pub words: Vec<Word>,
}

impl ParsedSentence {
    /// Dependents of word `id` (1-based; 0 = root).
    pub fn children(&self, id: usize) -> impl Iterator<Item = &Word> {
        self.words.iter().filter(move |w| w.head == id)
    }
}

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    /// The model bytes do not start with the expected magic number.
    #[error("not a dyad-nlp model (bad magic)")]
    BadMagic,
    /// The model was written by an incompatible version.
    #[error("unsupported model version {found} (expected {expected})")]
    BadVersion { found: u32, expected: u32 },
    /// The checksum of the payload does not match.
    #[error("model checksum mismatch")]
    BadChecksum,
    /// Structurally invalid model data.
    #[error("invalid model: {0}")]
    Model(String),
    /// CoNLL-U syntax error.
    #[error("CoNLL-U syntax error at line {line}: {message}")]
    Conllu { line: usize, message: String },
    /// I/O error.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}
