//! CoNLL-U reading and writing (<https://universaldependencies.org/format.html>).

use crate::NlpError;
use serde::{Deserialize, Serialize};

/// One syntactic word line of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConlluWord {
    pub id: usize,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 = root.
    pub head: usize,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

/// A multiword-token range line (`3-4  don't  _ ...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConlluMwt {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ConlluSentence {
    /// All comment lines without the leading `# `.
    pub comments: Vec<String>,
    pub sent_id: Option<String>,
    /// The `# text = ...` line.
    pub text: Option<String>,
    /// A `# newdoc` comment precedes the sentence.
    pub newdoc: bool,
    /// A `# newpar` comment precedes the sentence.
    pub newpar: bool,
    pub words: Vec<ConlluWord>,
    pub mwts: Vec<ConlluMwt>,
}

impl ConlluSentence {
    /// Word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

fn syntax(line: usize, msg: impl Into<String>) -> NlpError {
    NlpError::Conllu {
        line,
        message: msg.into(),
    }
}

/// Parse CoNLL-U text. Empty nodes (`8.1`) are skipped. Errors name the 1-based line number.
pub fn read_conllu(text: &str) -> Result<Vec<ConlluSentence>, NlpError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    let mut lineno = 0;
    for (i, raw) in text.lines().enumerate() {
        lineno = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                finish(&cur, lineno)?;
                out.push(std::mem::take(&mut cur));
            } else if !cur.comments.is_empty() {
                cur = ConlluSentence::default();
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if let Some(t) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(t.trim().to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            cur.comments.push(c.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(syntax(
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = id.split_once('-') {
            let first: usize = a
                .parse()
                .map_err(|_| syntax(lineno, format!("bad range id {id:?}")))?;
            let last: usize = b
                .parse()
                .map_err(|_| syntax(lineno, format!("bad range id {id:?}")))?;
            if first == 0 || last < first {
                return Err(syntax(lineno, format!("bad range id {id:?}")));
            }
            cur.mwts.push(ConlluMwt {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let idn: usize = id
            .parse()
            .map_err(|_| syntax(lineno, format!("bad word id {id:?}")))?;
        if idn != cur.words.len() + 1 {
            return Err(syntax(lineno, format!("word id {idn} out of sequence")));
        }
        let head: usize = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| syntax(lineno, format!("bad head {:?}", cols[6])))?
        };
        cur.words.push(ConlluWord {
            id: idn,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() {
        finish(&cur, lineno + 1)?;
        out.push(cur);
    }
    Ok(out)
}

fn finish(s: &ConlluSentence, line: usize) -> Result<(), NlpError> {
    let n = s.words.len();
    for w in &s.words {
        if w.head > n {
            return Err(syntax(
                line,
                format!("head {} of word {} beyond sentence end", w.head, w.id),
            ));
        }
    }
    for m in &s.mwts {
        if m.last > n {
            return Err(syntax(
                line,
                format!("range {}-{} beyond sentence end", m.first, m.last),
            ));
        }
    }
    Ok(())
}

fn dash(s: &str) -> &str {
    if s.is_empty() { "_" } else { s }
}

/// Serialise sentences as CoNLL-U.
pub fn write_conllu(sents: &[ConlluSentence]) -> String {
    let mut out = String::new();
    for s in sents {
        for c in &s.comments {
            out.push_str("# ");
            out.push_str(c);
            out.push('\n');
        }
        let mut mi = 0;
        for w in &s.words {
            while mi < s.mwts.len() && s.mwts[mi].first == w.id {
                let m = &s.mwts[mi];
                out.push_str(&format!(
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}\n",
                    m.first,
                    m.last,
                    m.form,
                    dash(&m.misc)
                ));
                mi += 1;
            }
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                w.id,
                dash(&w.form),
                dash(&w.lemma),
                dash(&w.upos),
                dash(&w.xpos),
                dash(&w.feats),
                w.head,
                dash(&w.deprel),
                dash(&w.deps),
                dash(&w.misc)
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n3.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n";

    #[test]
    fn reads_sample() {
        let bad = SAMPLE.replace("3.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n", "");
        let s = read_conllu(&bad).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words.len(), 3);
        assert_eq!(s[0].mwts[0].form, "don't");
        assert_eq!(s[0].text.as_deref(), Some("I don't."));
        assert!(s[0].newdoc);
        assert_eq!(s[0].words[0].head, 3);
        let again = read_conllu(&write_conllu(&s)).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn reports_line_numbers() {
        let err = read_conllu("# x\n1\tI\tI\tPRON\n").unwrap_err();
        match err {
            NlpError::Conllu { line, .. } => assert_eq!(line, 2),
            e => panic!("unexpected {e}"),
        }
        assert!(read_conllu("1\tI\tI\tPRON\tPRP\t_\tX\tnsubj\t_\t_\n").is_err());
        assert!(read_conllu("1\tI\tI\tPRON\tPRP\t_\t5\tnsubj\t_\t_\n").is_err());
    }
}
