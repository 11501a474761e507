//! The model files and the [`Analyzer`] that runs the whole pipeline.
//!
//! A model is one to three files in the envelope of [`crate::container`] (magic, version, length,
//! checksum, deflated payload; hashed feature keys do not compress, the weights and tables do):
//!
//! - the main file (`en_ewt.dyadnlp`, magic `DYADNLP\0`) holds a JSON metadata string, the
//!   tagger, the lemmatizer and the parser (with its word classes);
//! - a guided parser (`dyad nlp train --guide`, see [`crate::guide`]) also needs its guide, a
//!   right-to-left parser whose arcs it reads as features, in a file of its own beside the main
//!   one (`en_ewt.guide.dyadnlp`, magic `DYADGDE\0`), so that neither file passes the 16 MB
//!   limit for model files. Its main file is version 3, which ends with a flag saying so;
//! - a supertagged parser (`dyad nlp train --supertag`, see [`crate::supertag`]) needs its
//!   supertagger, also in a file of its own (`en_ewt.stag.dyadnlp`, magic `DYADSTG\0`). Its
//!   main file is version 4.
//!
//! Weights are sparse and log-quantised to 8 bits.
//!
//! Version history: 1 = uncompressed payload, no word classes; 2 = deflated payload, parser
//! followed by its word-class table; 3 = version 2 plus the guided flag after the parser (written
//! only for guided parsers, so an unguided model is still the same version 2 file); 4 = version 2
//! plus a flags byte after the parser (1: guide file, 2: supertagger file), written only for
//! supertagged parsers. Version 3's flag is the same byte with only the guide bit.

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
/// Format version of a supertagged model's main file and of a supertagger file.
pub const SUPERTAGGED_VERSION: u32 = 4;
/// Magic number at the start of every supertagger file.
pub const SUPERTAGGER_MAGIC: &[u8; 8] = b"DYADSTG\0";

/// A file that sits beside the main model file and holds a part the parser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Companion {
    /// The right-to-left guide parser ([`crate::guide`]).
    Guide,
    /// The supertagger ([`crate::supertag`]).
    Supertagger,
}

impl Companion {
    const ALL: [Companion; 2] = [Companion::Guide, Companion::Supertagger];

    fn magic(self) -> &'static [u8; 8] {
        match self {
            Companion::Guide => GUIDE_MAGIC,
            Companion::Supertagger => SUPERTAGGER_MAGIC,
        }
    }

    fn version(self) -> u32 {
        match self {
            Companion::Guide => GUIDED_VERSION,
            Companion::Supertagger => SUPERTAGGED_VERSION,
        }
    }

    /// Its bit in the main file's flags byte.
    fn flag(self) -> u8 {
        match self {
            Companion::Guide => 1,
            Companion::Supertagger => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Companion::Guide => "guide parser",
            Companion::Supertagger => "supertagger",
        }
    }

    /// The file name's part before `.dyadnlp`.
    fn suffix(self) -> &'static str {
        match self {
            Companion::Guide => "guide",
            Companion::Supertagger => "stag",
        }
    }
}

/// The bytes of a model's companion files, each when the main file needs it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Companions<'a> {
    pub guide: Option<&'a [u8]>,
    pub supertagger: Option<&'a [u8]>,
}

impl<'a> Companions<'a> {
    fn get(&self, c: Companion) -> Option<&'a [u8]> {
        match c {
            Companion::Guide => self.guide,
            Companion::Supertagger => self.supertagger,
        }
    }
}

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
    /// Tagger of supertags (label, head direction, dependent sides) that `parser` reads as features.
    pub(crate) supertagger: Option<Tagger>,
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
        st: 0,
    }
}

/// The guide file that belongs to a main model file: `x.dyadnlp` → `x.guide.dyadnlp`.
pub fn guide_path(main: &Path) -> PathBuf {
    companion_path(main, Companion::Guide)
}

/// A companion file of a main model file: `x.dyadnlp` → `x.guide.dyadnlp`, `x.stag.dyadnlp`.
pub fn companion_path(main: &Path, c: Companion) -> PathBuf {
    let stem = main
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".dyadnlp").unwrap_or(&stem);
    main.with_file_name(format!("{stem}.{}.dyadnlp", c.suffix()))
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
            supertagger: None,
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

    /// Load a model file, and the companion files beside it (see [`companion_path`]) that its
    /// parser needs.
    pub fn from_path(main: &Path) -> Result<Analyzer, NlpError> {
        let (mut a, flags) = Self::read_main(&std::fs::read(main)?)?;
        for c in Companion::ALL {
            if flags & c.flag() != 0 {
                let p = companion_path(main, c);
                let bytes = std::fs::read(&p).map_err(|e| {
                    NlpError::Model(format!("reading the {} {}: {e}", c.name(), p.display()))
                })?;
                a.attach(c, &bytes)?;
            }
        }
        Ok(a)
    }

    /// Load a model from the bytes of its main file (for a parser without companion files).
    pub fn from_bytes(bytes: &[u8]) -> Result<Analyzer, NlpError> {
        Analyzer::from_parts(bytes, Companions::default())
    }

    /// Load a model from the bytes of its main file and of the companion files it needs.
    pub fn from_parts(main: &[u8], companions: Companions) -> Result<Analyzer, NlpError> {
        let (mut a, flags) = Self::read_main(main)?;
        for c in Companion::ALL {
            match (flags & c.flag() != 0, companions.get(c)) {
                (false, _) => {}
                (true, Some(bytes)) => a.attach(c, bytes)?,
                (true, None) => {
                    return Err(NlpError::Model(format!(
                        "the parser needs its {} but no {} file was given",
                        c.name(),
                        c.name()
                    )));
                }
            }
        }
        Ok(a)
    }

    /// Read a companion file into its place.
    fn attach(&mut self, c: Companion, bytes: &[u8]) -> Result<(), NlpError> {
        let (_, payload) = unpack(c.magic(), &[c.version()], bytes)?;
        let mut r = Reader::new(&payload);
        match c {
            Companion::Guide => self.guide = Some(Parser::read(&mut r)?),
            Companion::Supertagger => self.supertagger = Some(Tagger::read(&mut r)?),
        }
        Ok(())
    }

    /// The main file's analyzer (without its companions) and the flags of the companions it
    /// needs.
    fn read_main(bytes: &[u8]) -> Result<(Analyzer, u8), NlpError> {
        let versions = [VERSION, GUIDED_VERSION, SUPERTAGGED_VERSION];
        let (version, payload) = unpack(MAGIC, &versions, bytes)?;
        let mut r = Reader::new(&payload);
        let meta = r.str()?;
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let parser = Parser::read(&mut r)?;
        let flags = if version >= GUIDED_VERSION {
            r.u8()?
        } else {
            0
        };
        let a = Analyzer::new(tagger, lemmatizer, parser, None, meta);
        Ok((a, flags))
    }

    /// Serialise the main file. Its version is the oldest that can say which companion files
    /// it needs, so a model without them is the same version 2 file as before.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.meta);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        let needed = Companion::ALL.into_iter().filter(|&c| self.has(c));
        // the newest companion's version: the oldest version that has a flag for every one
        let Some(version) = needed.clone().map(Companion::version).max() else {
            return pack(MAGIC, VERSION, &w.buf);
        };
        w.u8(needed.fold(0, |f, c| f | c.flag()));
        pack(MAGIC, version, &w.buf)
    }

    fn has(&self, c: Companion) -> bool {
        match c {
            Companion::Guide => self.guide.is_some(),
            Companion::Supertagger => self.supertagger.is_some(),
        }
    }

    /// Write the main file to `path` and the companion files its parser needs beside it
    /// ([`companion_path`]). Returns each file written and its size.
    pub fn write_files(&self, path: &Path) -> std::io::Result<Vec<(PathBuf, usize)>> {
        let mut files = vec![(path.to_path_buf(), self.to_bytes())];
        for c in Companion::ALL {
            if let Some(bytes) = self.companion_bytes(c) {
                files.push((companion_path(path, c), bytes));
            }
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
        self.companion_bytes(Companion::Guide)
    }

    /// Serialise a companion file (None when the parser does not use that part).
    pub fn companion_bytes(&self, c: Companion) -> Option<Vec<u8>> {
        let mut w = Writer::default();
        match c {
            Companion::Guide => self.guide.as_ref()?.write(&mut w),
            Companion::Supertagger => self.supertagger.as_ref()?.write(&mut w),
        }
        Some(pack(c.magic(), c.version(), &w.buf))
    }

    /// Drop small weights to shrink the model. Returns a description of what was kept.
    pub fn prune(&mut self, tagger: f32, trans: f32, label: f32, supertagger: f32) -> String {
        let t = self.tagger.prune(tagger);
        let p = self.parser.prune(trans, label);
        let g = self.guide.as_mut().map(|g| g.prune(trans, label));
        let s = self.supertagger.as_mut().map(|s| s.prune(supertagger));
        format!(
            "tagger features/weights {t:?}, parser features/weights {p:?}, guide {g:?}, supertagger {s:?}"
        )
    }

    /// Tag and parse only: tag classes, 1-based heads, label indices.
    pub fn tag_parse(&self, forms: &[&str]) -> (Vec<u16>, Vec<usize>, Vec<u16>) {
        let tags = self.tagger.tag(forms);
        let mut x: Vec<PWord> = forms
            .iter()
            .zip(&tags)
            .map(|(f, &t)| pword(f, t, self.tagger.split_class(t).0, &self.parser.classes))
            .collect();
        if let Some(st) = &self.supertagger {
            let given = crate::supertag::given_tags(&tags, &self.tagger.classes);
            crate::supertag::attach_supertags(&mut x, &st.tag_given(forms, &given));
        }
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
