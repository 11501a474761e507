//! The model file format and the [`Analyzer`] that runs the whole pipeline.
//!
//! Layout (little-endian): magic `DYADNLP\0` (8 bytes), format version `u32`, length of the
//! compressed payload `u64`, FNV-1a-64 checksum of the compressed payload `u64`, then the payload
//! compressed with deflate (hashed feature keys do not compress, the weights and tables do: about
//! a third smaller). The payload holds a JSON metadata string, the tagger, the lemmatizer and the
//! parser (with its word classes), each with sparse weights log-quantised to 8 bits.
//!
//! Version history: 1 = uncompressed payload, no word classes; 2 = deflated payload, parser
//! followed by its word-class table.

use crate::bin::{Reader, Writer};
use crate::classes::WordClasses;
use crate::hash::{fnv1a64, hstr, mix};
use crate::lemma::Lemmatizer;
use crate::parser::{PWord, Parser};
use crate::tagger::Tagger;
use crate::tokenize::{Span, SurfaceToken, segment, tokenize_surface};
use crate::{NlpError, ParsedSentence, Word};

/// Magic number at the start of every model file.
pub const MAGIC: &[u8; 8] = b"DYADNLP\0";
/// Current format version.
pub const VERSION: u32 = 2;

/// Upper bound on a decompressed payload (the shipped one is about 24 MB): a corrupt or hostile
/// model file cannot make loading allocate without limit.
const MAX_PAYLOAD_BYTES: u64 = 512 << 20;

/// The embedded default model (trained on UD English EWT).
static DEFAULT_MODEL: &[u8] = include_bytes!("../../../data/models/en_ewt.dyadnlp");

/// Tagger + lemmatizer + parser.
#[derive(Debug, Clone)]
pub struct Analyzer {
    pub(crate) tagger: Tagger,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) parser: Parser,
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
    }
}

/// Deflate at the best level (deterministic: the same bytes give the same file).
fn deflate(payload: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    enc.write_all(payload)
        .and_then(|_| enc.finish())
        .unwrap_or_default()
}

fn inflate(packed: &[u8]) -> Result<Vec<u8>, NlpError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(packed)
        .take(MAX_PAYLOAD_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| NlpError::Model(format!("corrupt compressed payload: {e}")))?;
    Ok(out)
}

impl Analyzer {
    /// Build from parts.
    pub fn new(tagger: Tagger, lemmatizer: Lemmatizer, parser: Parser, meta: String) -> Self {
        Analyzer {
            tagger,
            lemmatizer,
            parser,
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

    /// Load a model from bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Analyzer, NlpError> {
        if bytes.len() < 28 || &bytes[..8] != MAGIC {
            return Err(NlpError::BadMagic);
        }
        let mut h = Reader::new(&bytes[8..28]);
        let version = h.u32()?;
        if version != VERSION {
            return Err(NlpError::BadVersion {
                found: version,
                expected: VERSION,
            });
        }
        let len = usize::try_from(h.u64()?).unwrap_or(usize::MAX);
        let sum = h.u64()?;
        let packed = bytes
            .get(28..28usize.saturating_add(len))
            .ok_or_else(|| NlpError::Model("truncated model".into()))?;
        if fnv1a64(packed) != sum {
            return Err(NlpError::BadChecksum);
        }
        let payload = inflate(packed)?;
        let mut r = Reader::new(&payload);
        let meta = r.str()?;
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        Ok(Analyzer {
            tagger,
            lemmatizer,
            parser,
            meta,
        })
    }

    /// Serialise to the model file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.meta);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        let packed = deflate(&w.buf);
        let mut out = Vec::with_capacity(packed.len() + 28);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(packed.len() as u64).to_le_bytes());
        out.extend_from_slice(&fnv1a64(&packed).to_le_bytes());
        out.extend_from_slice(&packed);
        out
    }

    /// Drop small weights to shrink the model. Returns a description of what was kept.
    pub fn prune(&mut self, tagger: f32, trans: f32, label: f32) -> String {
        let t = self.tagger.prune(tagger);
        let p = self.parser.prune(trans, label);
        format!("tagger features/weights {t:?}, parser features/weights {p:?}")
    }

    /// Tag and parse only: tag classes, 1-based heads, label indices.
    pub fn tag_parse(&self, forms: &[&str]) -> (Vec<u16>, Vec<usize>, Vec<u16>) {
        let tags = self.tagger.tag(forms);
        let x: Vec<PWord> = forms
            .iter()
            .zip(&tags)
            .map(|(f, &t)| pword(f, t, self.tagger.split_class(t).0, &self.parser.classes))
            .collect();
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
