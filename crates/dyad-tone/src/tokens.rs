//! Words of a text as the tone measure counts them: whitespace-separated tokens, lower-cased,
//! with punctuation trimmed from both ends; typographic apostrophes normalised to `'`.

/// One word, and whether punctuation right after it ends a clause (`. , ; : ! ?`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub word: String,
    pub ends_clause: bool,
}

/// The words of `text`. A token without letters or digits is not a word unless the lexicon
/// scores it as written (an emoticon such as `:)`); a lone punctuation token ends the clause of
/// the word before it.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for raw in text.split_whitespace() {
        let raw = raw.replace(['\u{2019}', '\u{2018}'], "'").to_lowercase();
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let ends_clause = raw[raw.len() - trailing_len(&raw)..].contains(CLAUSE_END);
        if word.is_empty() {
            if crate::lexicon::valence(&raw).is_some() {
                out.push(Token {
                    word: raw.clone(),
                    ends_clause,
                });
            } else if ends_clause {
                if let Some(last) = out.last_mut() {
                    last.ends_clause = true;
                }
            }
            continue;
        }
        // "<3" trims to "3": keep the written form when only it is in the lexicon.
        let word =
            if crate::lexicon::valence(word).is_none() && crate::lexicon::valence(&raw).is_some() {
                raw.as_str()
            } else {
                word
            };
        out.push(Token {
            word: word.to_string(),
            ends_clause,
        });
    }
    out
}

const CLAUSE_END: [char; 6] = ['.', ',', ';', ':', '!', '?'];

/// Byte length of the run of non-alphanumeric characters at the end of `s`.
fn trailing_len(s: &str) -> usize {
    s.chars()
        .rev()
        .take_while(|c| !c.is_alphanumeric())
        .map(char::len_utf8)
        .sum()
}
