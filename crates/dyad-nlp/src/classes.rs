//! Word classes for the parser: the WordNet lexicographer file of a word's most frequent noun
//! and verb sense (`noun.person`, `noun.artifact`, `verb.motion`, ...) and coarse bits of its
//! verb frames (takes an object, a clause, an infinitive, ...).
//!
//! Treebank words are too few to learn that "with a fork" attaches to the eating and "with
//! anchovies" to the pizza; a class shared by thousands of words lets the parser generalise to
//! words it never saw. The table is built from WordNet 3.0 by `scripts/nlp/make_wordnet_classes.py`
//! and stored inside the model, so a model file stays self-contained.

use crate::NlpError;
use crate::bin::{Reader, Writer};
use crate::hash::{FnvMap, mix};

/// Classes of one word form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordClass {
    /// Lexicographer file number of the most frequent noun sense (3–28), 0 if none.
    pub noun: u8,
    /// Lexicographer file number of the most frequent verb sense (29–44), 0 if none.
    pub verb: u8,
    /// Verb-frame bits of the three most frequent verb senses (see the generator script).
    pub frames: u8,
}

/// Lower-cased word form → classes.
#[derive(Debug, Clone, Default)]
pub struct WordClasses {
    map: FnvMap<String, WordClass>,
}

impl WordClasses {
    /// Parse the TSV table (`word \t noun \t verb \t frames`, `#` comments); errors name the line.
    pub fn from_tsv(text: &str) -> Result<WordClasses, NlpError> {
        let mut map = FnvMap::default();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| NlpError::Model(format!("word classes, line {}: {why}", i + 1));
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 || f[0].is_empty() {
                return Err(bad("expected word, noun class, verb class and frame bits"));
            }
            let num = |s: &str| {
                s.parse::<u8>()
                    .map_err(|_| bad("a class is not a number 0-255"))
            };
            let class = WordClass {
                noun: num(f[1])?,
                verb: num(f[2])?,
                frames: num(f[3])?,
            };
            map.insert(f[0].to_string(), class);
        }
        Ok(WordClasses { map })
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table is empty (a model trained without classes).
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Classes of a lower-cased form.
    pub fn get(&self, lower: &str) -> Option<WordClass> {
        self.map.get(lower).copied()
    }

    /// Feature hashes for a word with the given UPOS: (class, frames). The class is the noun
    /// class for nouns, the verb class for verbs, and `tag` otherwise; frames are 0 for non-verbs.
    pub fn features(&self, lower: &str, upos: &str, tag: u64) -> (u64, u64) {
        match (upos, self.get(lower)) {
            ("NOUN" | "PROPN", Some(c)) if c.noun > 0 => (mix(0x6e, c.noun as u64), 0),
            ("VERB", Some(c)) if c.verb > 0 => {
                (mix(0x76, c.verb as u64), mix(0x66, c.frames as u64))
            }
            _ => (tag, 0),
        }
    }

    /// The table as canonical TSV (sorted), the form it is stored in.
    fn to_tsv(&self) -> String {
        let mut rows: Vec<_> = self.map.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::new();
        for (w, c) in rows {
            out.push_str(&format!("{w}\t{}\t{}\t{}\n", c.noun, c.verb, c.frames));
        }
        out
    }

    /// Append to a model, as canonical TSV (the model file is compressed as a whole).
    pub fn write(&self, w: &mut Writer) {
        w.str(&self.to_tsv());
    }

    /// Read what [`WordClasses::write`] wrote.
    pub fn read(r: &mut Reader) -> Result<WordClasses, NlpError> {
        WordClasses::from_tsv(&r.str()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# comment\nfork\t6\t35\t3\npizza\t13\t0\t0\n";

    #[test]
    fn parses_and_round_trips() {
        let t = WordClasses::from_tsv(TABLE).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.get("fork"),
            Some(WordClass {
                noun: 6,
                verb: 35,
                frames: 3
            })
        );
        let mut w = Writer::default();
        t.write(&mut w);
        let again = WordClasses::read(&mut Reader::new(&w.buf)).unwrap();
        assert_eq!(again.to_tsv(), t.to_tsv());
    }

    #[test]
    fn features_follow_the_tag() {
        let t = WordClasses::from_tsv(TABLE).unwrap();
        let tag = 77;
        assert_ne!(t.features("fork", "NOUN", tag).0, tag);
        assert_ne!(
            t.features("fork", "VERB", tag),
            t.features("fork", "NOUN", tag)
        );
        assert_eq!(t.features("pizza", "VERB", tag), (tag, 0));
        assert_eq!(t.features("fork", "ADP", tag), (tag, 0));
        assert_eq!(t.features("unknown", "NOUN", tag), (tag, 0));
    }

    #[test]
    fn bad_lines_are_named() {
        let e = WordClasses::from_tsv("ok\t1\t2\t3\nbad\tx\t2\t3\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(WordClasses::from_tsv("short\t1\n").is_err());
        let mut w = Writer::default();
        w.str("junk!");
        assert!(WordClasses::read(&mut Reader::new(&w.buf)).is_err());
        assert!(WordClasses::read(&mut Reader::new(b"\xff\xff")).is_err());
    }
}
