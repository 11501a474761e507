//! The model files and the [`Analyzer`] that runs the whole pipeline.
//!
//! A model is one or two files in the envelope of [`crate::container`] (magic, version, length,
//! checksum, deflated payload; hashed feature keys do not compress, the weights and tables do):
//!
//! - the main file (`en_ewt.dyadnlp`, magic `DYADNLP\0`) holds a JSON metadata string, the
//!   tagger, the lemmatizer and the parser (with its word classes);
//! - a guided parser (`dyad nlp train --guide`, see [`crate::guide`]) also needs its guide, a
//!   right-to-left parser whose arcs it reads as features, in a file of its own beside the main
//!   one (`en_ewt.guide.dyadnlp`, magic `DYADGDE\0`), so that neither file passes the 16 MB
//!   limit for model files. Its main file is version 3, which ends with a flag saying so.
//!
//! Weights are sparse and log-quantised to 8 bits.
//!
//! Version history: 1 = uncompressed payload, no word classes; 2 = deflated payload, parser
//! followed by its word-class table; 3 = version 2 plus the guided flag after the parser (written
//! only for guided parsers, so an unguided model is still the same version 2 file).

use crate::bin::{Reader, Writer};
use crate::classes::WordClasses;
use crate::container::{pack, unpack};
use crate::hash::{hstr, mix};
use crate::lemma::Lemmatizer;
use crate::parser::{PWord, Parser, attach_guide};
use crate::tagger::Tagger;
use crate::tokenize::{Span, SurfaceToken, segment, tokenize_surface};
use crate::{NlpError, ParsedSentence, Word};
use std::path::{Path, PathBuf};

/// Magic number at the start of every main model file.
pub const MAGIC: &[u8; 8] = b"DYADNLP\0";
/// Magic number at the start of every guide parser file.
pub const GUIDE_MAGIC: &[u8; 8] = b"DYADGDE\0";
/// Format version of an unguided model's main file.
pub const VERSION: u32 = 2;
/// Format version of a guided model's main file and of a guide file.
pub const GUIDED_VERSION: u32 = 3;

/// The embedded default model (trained on UD English EWT).
static DEFAULT_MODEL: &[u8] = include_bytes!("../../../data/models/en_ewt.dyadnlp");

/// Tagger + lemmatizer + parser (+ the parser's guide).
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub(crate) tagger: Tagger,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) parser: Parser,
    /// Right-to-left parser whose arcs `parser` reads as features (None: unguided parser).
    pub(crate) guide: Option<Parser>,
    /// Free-form JSON metadata (training data, seed, epochs, scores).
    pub meta: String,
}

/// Hashes of a word form for the parser.
pub(crate) fn pword(form: &str, tag: u16, upos: &str, classes: &WordClasses) -> PWord {
    let c = match upos {
        "PUNCT" if form == "," || form == ";" => 1 | 4,
        "PUNCT" => 1,
        "VERB" | "AUX" => 2,
        "CCONJ" => 8,
        _ => 0,
    };
    let lower = form.to_lowercase();
    let p = mix(0x7a, tag as u64);
    let (k, f) = classes.features(&lower, upos, p);
    PWord {
        w: hstr(&lower),
        p,
        c,
        k,
        f,
        g: u32::MAX,
        gr: u32::MAX,
        gl: 0,
    }
}

/// The guide file that belongs to a main model file: `x.dyadnlp` → `x.guide.dyadnlp`.
pub fn guide_path(main: &Path) -> PathBuf {
    let stem = main
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".dyadnlp").unwrap_or(&stem);
    main.with_file_name(format!("{stem}.guide.dyadnlp"))
}

impl Analyzer {
    /// Build from parts (`guide`: the right-to-left parser a guided `parser` reads).
    pub fn new(
        tagger: Tagger,
        lemmatizer: Lemmatizer,
        parser: Parser,
        guide: Option<Parser>,
        meta: String,
    ) -> Self {
        Analyzer {
            tagger,
            lemmatizer,
            parser,
            guide,
            meta,
        }
    }

    /// The model embedded in the crate.
    pub fn load_default() -> Result<Analyzer, NlpError> {
        Analyzer::from_bytes(DEFAULT_MODEL)
    }

    /// Size in bytes of the embedded model.
    pub fn default_model_size() -> usize {
        DEFAULT_MODEL.len()
    }

    /// Load a model file, and its guide file (see [`guide_path`]) when the parser is guided.
    pub fn from_path(main: &Path) -> Result<Analyzer, NlpError> {
        let (mut a, guided) = Self::read_main(&std::fs::read(main)?)?;
        if guided {
            let p = guide_path(main);
            let bytes = std::fs::read(&p).map_err(|e| {
                NlpError::Model(format!("reading the guide parser {}: {e}", p.display()))
            })?;
            a.guide = Some(read_guide(&bytes)?);
        }
        Ok(a)
    }

    /// Load a model from the bytes of its main file (for an unguided parser).
    pub fn from_bytes(bytes: &[u8]) -> Result<Analyzer, NlpError> {
        Analyzer::from_parts(bytes, None)
    }

    /// Load a model from the bytes of its main file and, for a guided parser, its guide file.
    pub fn from_parts(main: &[u8], guide: Option<&[u8]>) -> Result<Analyzer, NlpError> {
        let (mut a, guided) = Self::read_main(main)?;
        a.guide = match (guided, guide) {
            (false, _) => None,
            (true, Some(g)) => Some(read_guide(g)?),
            (true, None) => {
                return Err(NlpError::Model(
                    "the parser is guided but no guide parser file was given".into(),
                ));
            }
        };
        Ok(a)
    }

    /// The main file's analyzer (without its guide) and whether its parser needs one.
    fn read_main(bytes: &[u8]) -> Result<(Analyzer, bool), NlpError> {
        let (version, payload) = unpack(MAGIC, &[VERSION, GUIDED_VERSION], bytes)?;
        let mut r = Reader::new(&payload);
        let meta = r.str()?;
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        let guided = version >= GUIDED_VERSION && r.u8()? != 0;
        let a = Analyzer::new(tagger, lemmatizer, parser, None, meta);
        Ok((a, guided))
    }

    /// Serialise the main file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.meta);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        if self.guide.is_some() {
            w.u8(1);
            pack(MAGIC, GUIDED_VERSION, &w.buf)
        } else {
            pack(MAGIC, VERSION, &w.buf)
        }
    }

    /// Write the main file to `path` and, for a guided parser, the guide file beside it
    /// ([`guide_path`]). Returns each file written and its size.
    pub fn write_files(&self, path: &Path) -> std::io::Result<Vec<(PathBuf, usize)>> {
        let mut files = vec![(path.to_path_buf(), self.to_bytes())];
        if let Some(g) = self.guide_bytes() {
            files.push((guide_path(path), g));
        }
        let mut written = Vec::new();
        for (p, bytes) in files {
            std::fs::write(&p, &bytes)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
            written.push((p, bytes.len()));
        }
        Ok(written)
    }

    /// Serialise the guide file (None for an unguided parser).
    pub fn guide_bytes(&self) -> Option<Vec<u8>> {
        self.guide.as_ref().map(|g| {
            let mut w = Writer::default();
            g.write(&mut w);
            pack(GUIDE_MAGIC, GUIDED_VERSION, &w.buf)
        })
    }

    /// Drop small weights to shrink the model. Returns a description of what was kept.
    pub fn prune(&mut self, tagger: f32, trans: f32, label: f32) -> String {
        let t = self.tagger.prune(tagger);
        let p = self.parser.prune(trans, label);
        let g = self.guide.as_mut().map(|g| g.prune(trans, label));
        format!("tagger features/weights {t:?}, parser features/weights {p:?}, guide {g:?}")
    }

    /// Tag and parse only: tag classes, 1-based heads, label indices.
    pub fn tag_parse(&self, forms: &[&str]) -> (Vec<u16>, Vec<usize>, Vec<u16>) {
        let tags = self.tagger.tag(forms);
        let mut x: Vec<PWord> = forms
            .iter()
            .zip(&tags)
            .map(|(f, &t)| pword(f, t, self.tagger.split_class(t).0, &self.parser.classes))
            .collect();
        if let Some(g) = &self.guide {
            let (gh, gl) = g.parse_right_to_left(&x);
            attach_guide(&mut x, &gh, &gl);
        }
        let (heads, labels) = self.parser.parse(&x);
        (tags, heads, labels)
    }

    /// Tag, lemmatize and parse words with given surface spans.
    fn analyze(&self, text: String, forms: &[&str], spans: &[(usize, usize)]) -> ParsedSentence {
        if forms.is_empty() {
            return ParsedSentence {
                text,
                words: Vec::new(),
            };
        }
        let (tags, heads, labels) = self.tag_parse(forms);
        let words = (0..forms.len())
            .map(|i| {
                let (upos, xpos) = self.tagger.split_class(tags[i]);
                Word {
                    id: i + 1,
                    form: forms[i].to_string(),
                    lemma: self.lemmatizer.lemma(forms[i], xpos),
                    upos: upos.to_string(),
                    xpos: xpos.to_string(),
                    feats: self.lemmatizer.feats(forms[i], upos, xpos),
                    head: heads[i],
                    deprel: self
                        .parser
                        .labels
                        .get(labels[i] as usize)
                        .cloned()
                        .unwrap_or_else(|| "dep".into()),
                    start: spans[i].0,
                    end: spans[i].1,
                }
            })
            .collect();
        ParsedSentence { text, words }
    }

    /// Tokenize, tag, lemmatize and parse ONE sentence. Word offsets are code points into
    /// `sentence_text`.
    pub fn parse(&self, sentence_text: &str) -> ParsedSentence {
        let toks = tokenize_surface(sentence_text);
        self.parse_tokens(sentence_text.to_string(), &toks)
    }

    /// Analyse pre-tokenized surface tokens (offsets are kept as given).
    pub fn parse_tokens(&self, text: String, toks: &[SurfaceToken]) -> ParsedSentence {
        let mut forms = Vec::new();
        let mut spans = Vec::new();
        for t in toks {
            for w in &t.words {
                forms.push(w.text.as_str());
                spans.push((t.start, t.end));
            }
        }
        self.analyze(text, &forms, &spans)
    }

    /// Analyse a pre-tokenized sentence (one form per word). The sentence text is the forms
    /// joined by single spaces; offsets point into it.
    pub fn parse_words(&self, forms: &[&str]) -> ParsedSentence {
        let text = forms.join(" ");
        let mut spans = Vec::with_capacity(forms.len());
        let mut pos = 0;
        for f in forms {
            let n = f.chars().count();
            spans.push((pos, pos + n));
            pos += n + 1;
        }
        self.analyze(text, forms, &spans)
    }

    /// Split a document into sentences and parse each. Word offsets are code points into the
    /// whole `text`; the span is the sentence's span.
    pub fn parse_document(&self, text: &str) -> Vec<(Span, ParsedSentence)> {
        let chars: Vec<char> = text.chars().collect();
        segment(text)
            .into_iter()
            .map(|(span, toks)| {
                let st: String = chars[span.start..span.end].iter().collect();
                (span, self.parse_tokens(st, &toks))
            })
            .collect()
    }

    /// Parse a raw document and render it as CoNLL-U with `# sent_id`, `# text`, multiword
    /// token range lines and `SpaceAfter=No`.
    pub fn parse_to_conllu(&self, text: &str) -> String {
        let sents = self.parse_document(text);
        let mut out = String::new();
        for (k, (_span, s)) in sents.iter().enumerate() {
            out.push_str(&format!(
                "# sent_id = {}\n# text = {}\n",
                k + 1,
                s.text.replace(['\n', '\r'], " ")
            ));
            let next_start = sents
                .get(k + 1)
                .and_then(|x| x.1.words.first())
                .map(|w| w.start);
            let n = s.words.len();
            let mut i = 0;
            while i < n {
                let (st, en) = (s.words[i].start, s.words[i].end);
                let mut j = i + 1;
                while j < n && s.words[j].start == st && s.words[j].end == en {
                    j += 1;
                }
                let following = if j < n {
                    Some(s.words[j].start)
                } else {
                    next_start
                };
                let no_space = following == Some(en);
                let misc = if no_space { "SpaceAfter=No" } else { "_" };
                if j - i > 1 {
                    let surface: String = text.chars().skip(st).take(en - st).collect();
                    out.push_str(&format!(
                        "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n",
                        i + 1,
                        j,
                        surface,
                        misc
                    ));
                }
                for w in &s.words[i..j] {
                    let wm = if j - i > 1 { "_" } else { misc };
                    out.push_str(&format!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}\n",
                        w.id, w.form, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel, wm
                    ));
                }
                i = j;
            }
            out.push('\n');
        }
        out
    }

    /// Tag only (UPOS, XPOS) for pre-tokenized words.
    pub fn tag_words(&self, forms: &[&str]) -> Vec<(String, String)> {
        self.tagger
            .tag(forms)
            .into_iter()
            .map(|t| {
                let (u, x) = self.tagger.split_class(t);
                (u.to_string(), x.to_string())
            })
            .collect()
    }
}

/// Read a guide parser file.
fn read_guide(bytes: &[u8]) -> Result<Parser, NlpError> {
    let (_, payload) = unpack(GUIDE_MAGIC, &[GUIDED_VERSION], bytes)?;
    Parser::read(&mut Reader::new(&payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guide_file_sits_beside_the_main_file() {
        assert_eq!(
            guide_path(Path::new("data/models/en_ewt.dyadnlp")),
            Path::new("data/models/en_ewt.guide.dyadnlp")
        );
        assert_eq!(
            guide_path(Path::new("model")),
            Path::new("model.guide.dyadnlp")
        );
    }
}
