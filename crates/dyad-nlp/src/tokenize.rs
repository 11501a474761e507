//! Rule-based tokenizer and sentence splitter following UD English (EWT) conventions.
//!
//! All offsets are Unicode **code points** (not bytes) into the text given to the function.
//!
//! * Whitespace and control characters separate tokens.
//! * Punctuation is split off, except inside numbers (`1,500`, `3.5`, `10:30`, `11/28/2000`),
//!   abbreviations (`U.S.`, `Dec.`, `Gov.`, `e.g.`), initials (`J.`), URLs and e-mail addresses.
//! * Hyphens between letters are split (`15-year` → `15 - year`) as in current EWT, except after a
//!   few prefixes (`e-mail`, `co-worker`, `non-profit`, …).
//! * Clitics become multiword tokens: `don't` → `do n't`, `won't` → `wo n't`, `cannot` → `can not`,
//!   `gonna` → `gon na`, `Bush's` → `Bush 's`, `parents'` → `parents '`.
//! * The sentence splitter never breaks after a kept abbreviation such as `Mr.` or `U.S.` unless
//!   the next word is a typical sentence opener, never before a lower-case word (`"…," he said.`),
//!   always at blank lines, and cuts runs longer than [`MAX_SENTENCE_TOKENS`] tokens.

use serde::{Deserialize, Serialize};

/// Half-open span in Unicode code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First code point (inclusive).
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// A token: a slice of the input text (`text` equals the code points `start..end`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The token text (exactly the slice of the input).
    pub text: String,
    /// Start offset in code points.
    pub start: usize,
    /// End offset in code points (exclusive).
    pub end: usize,
}

/// A surface token (what is between spaces and punctuation) with the syntactic words it
/// contains. `words` has one element, equal to the token itself, unless the token is a
/// multiword token such as `don't` (`do` + `n't`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurfaceToken {
    /// The surface token text (slice of the input).
    pub text: String,
    /// Start offset in code points.
    pub start: usize,
    /// End offset in code points (exclusive).
    pub end: usize,
    /// The syntactic words; each is a contiguous slice of the token.
    pub words: Vec<Token>,
}

impl SurfaceToken {
    /// True if this token contains more than one syntactic word.
    pub fn is_multiword(&self) -> bool {
        self.words.len() > 1
    }
}

/// Sentences longer than this many surface tokens are cut into pieces (bounded parse time).
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Tokenize `text` into syntactic words (multiword tokens are split, e.g. `don't` → `do`, `n't`).
/// Every token's `text` is the slice `start..end` (code points) of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_surface(text)
        .into_iter()
        .flat_map(|t| t.words)
        .collect()
}

/// Tokenize `text` into surface tokens, each with its syntactic words.
pub fn tokenize_surface(text: &str) -> Vec<SurfaceToken> {
    let chars: Vec<char> = text.chars().collect();
    tokenize_chars(&chars, 0, chars.len())
}

/// Sentence spans (code points) into `text`, trimmed of surrounding whitespace, never empty,
/// in order.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let toks = tokenize_chars(&chars, 0, chars.len());
    split_token_sentences(&chars, &toks)
        .into_iter()
        .map(|(a, b)| Span {
            start: toks[a].start,
            end: toks[b - 1].end,
        })
        .collect()
}

/// Split text into sentences and tokenize each: returns (sentence span, surface tokens with
/// offsets into the whole `text`).
pub fn segment(text: &str) -> Vec<(Span, Vec<SurfaceToken>)> {
    let chars: Vec<char> = text.chars().collect();
    let toks = tokenize_chars(&chars, 0, chars.len());
    let ranges = split_token_sentences(&chars, &toks);
    let mut out = Vec::with_capacity(ranges.len());
    let mut it = toks.into_iter();
    let mut pos = 0;
    for (a, b) in ranges {
        while pos < a {
            it.next();
            pos += 1;
        }
        let sent: Vec<SurfaceToken> = it.by_ref().take(b - a).collect();
        pos = b;
        let span = Span {
            start: sent[0].start,
            end: sent[sent.len() - 1].end,
        };
        out.push((span, sent));
    }
    out
}

fn is_sep(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}'
}

fn slice(chars: &[char], s: usize, e: usize) -> String {
    chars[s..e].iter().collect()
}

fn tokenize_chars(chars: &[char], from: usize, to: usize) -> Vec<SurfaceToken> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        if is_sep(chars[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < to && !is_sep(chars[i]) {
            i += 1;
        }
        chunk(chars, s, i, &mut out);
    }
    out
}

fn lower(chars: &[char], s: usize, e: usize) -> String {
    chars[s..e].iter().flat_map(|c| c.to_lowercase()).collect()
}

fn is_url_like(chars: &[char], s: usize, e: usize) -> bool {
    let l = lower(chars, s, e);
    let l = l.trim_start_matches(['(', '[', '<', '"', '\'', '“', '‘']);
    if l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("ftp://")
        || l.starts_with("www.")
        || l.starts_with("mailto:")
    {
        return true;
    }
    // e-mail: x@y.z
    if let Some(at) = l.find('@') {
        let (a, b) = l.split_at(at);
        let b = &b[1..];
        return !a.is_empty()
            && a.chars().last().is_some_and(|c| c.is_alphanumeric())
            && b.contains('.')
            && b.chars().next().is_some_and(|c| c.is_alphanumeric());
    }
    // bare domains such as example.com/path
    let core = l.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '”', '’']);
    for tld in [".com", ".org", ".net", ".gov", ".edu"] {
        if let Some(p) = core.find(tld) {
            let after = &core[p + tld.len()..];
            if p > 0 && (after.is_empty() || after.starts_with('/')) {
                return core[..p]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
            }
        }
    }
    false
}

const OPENERS: &[char] = &['(', '[', '{', '"', '\'', '«', '“', '‘', '`', '¿', '¡', '<'];
const CLOSERS: &[char] = &[
    ')', ']', '}', '"', '\'', '»', '”', '’', ',', ';', ':', '!', '?', '.', '…', '>',
];

fn push_simple(chars: &[char], s: usize, e: usize, out: &mut Vec<SurfaceToken>) {
    let t = Token {
        text: slice(chars, s, e),
        start: s,
        end: e,
    };
    out.push(SurfaceToken {
        text: t.text.clone(),
        start: s,
        end: e,
        words: vec![t],
    });
}

/// Length of the run of identical characters starting at `s` going right (bounded by `e`).
fn run_right(chars: &[char], s: usize, e: usize) -> usize {
    let c = chars[s];
    let mut k = s;
    while k < e && chars[k] == c {
        k += 1;
    }
    k - s
}

fn run_left(chars: &[char], s: usize, e: usize) -> usize {
    let c = chars[e - 1];
    let mut k = e;
    while k > s && chars[k - 1] == c {
        k -= 1;
    }
    e - k
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc",
    "gen", "gov", "sen", "rep", "reps", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "rev",
    "pres", "supt", "no", "nos", "vol", "pp", "ft", "mt", "ave", "blvd", "dept", "est", "fig",
    "al", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "attn", "cf",
    "ca", "mass", "calif", "fla", "ill", "wash", "ariz", "conn", "penn", "tenn", "va", "ga", "la",
    "md", "mich", "minn", "mo", "nev", "okla", "ore", "wis", "messrs", "mme", "mlle", "hon", "ph",
    "yrs", "min", "max", "govt", "intl", "assn", "bros", "univ", "u.s", "u.k", "u.n", "e.g", "i.e",
    "a.m", "p.m", "d.c", "u.s.a", "ph.d",
];

/// Abbreviations after which a sentence hardly ever ends (titles and initials).
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "reps", "lt", "col", "sgt",
    "capt", "cmdr", "adm", "maj", "rev", "pres", "supt", "no", "nos", "vol", "pp", "ft", "mt",
    "messrs", "mme", "mlle", "hon", "vs", "cf", "e.g", "i.e",
];

/// Is `chars[s..e]` (which ends in '.') an abbreviation that keeps its period?
fn is_abbrev(chars: &[char], s: usize, e: usize) -> bool {
    if e - s < 2 || chars[e - 1] != '.' {
        return false;
    }
    let body = &chars[s..e - 1];
    if body.contains(&'.') {
        // U.S. / e.g. / a.m. / Ph.D. : letters separated by single periods
        let parts: Vec<&[char]> = body.split(|c| *c == '.').collect();
        return parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.iter().all(|c| c.is_alphabetic()));
    }
    if body.len() == 1 && body[0].is_alphabetic() {
        return true; // initial "J."
    }
    if !body.iter().all(|c| c.is_alphabetic()) {
        return false;
    }
    let l: String = body.iter().flat_map(|c| c.to_lowercase()).collect();
    ABBREVIATIONS.contains(&l.as_str())
}

fn chunk(chars: &[char], s: usize, e: usize, out: &mut Vec<SurfaceToken>) {
    let mut s = s;
    let mut e = e;
    // Leading punctuation.
    let mut lead: Vec<(usize, usize)> = Vec::new();
    while s < e {
        let c = chars[s];
        if OPENERS.contains(&c) && e - s > 1 {
            // keep "'s", "'em", "'90s" style tokens whole when they are the entire chunk core
            if (c == '\'' || c == '’') && is_clitic_start(chars, s, e) {
                break;
            }
            lead.push((s, s + 1));
            s += 1;
        } else if (c == '-' || c == '*' || c == '.' || c == '=' || c == '~' || c == '#')
            && e - s > 1
            && !(c == '.' && chars[s + 1].is_ascii_digit())
            && !(c == '-' && chars[s + 1].is_ascii_digit() && run_right(chars, s, e) == 1)
            && !(c == '#' && chars[s + 1].is_alphanumeric())
        {
            let n = run_right(chars, s, e);
            if n == e - s {
                break;
            }
            lead.push((s, s + n));
            s += n;
        } else {
            break;
        }
    }
    for &(a, b) in &lead {
        push_simple(chars, a, b, out);
    }
    if s >= e {
        return;
    }
    if is_url_like(chars, s, e) {
        let mut trail = Vec::new();
        while e - s > 1 && CLOSERS.contains(&chars[e - 1]) {
            trail.push((e - 1, e));
            e -= 1;
        }
        push_simple(chars, s, e, out);
        for &(a, b) in trail.iter().rev() {
            push_simple(chars, a, b, out);
        }
        return;
    }
    // Trailing punctuation.
    let mut trail: Vec<(usize, usize)> = Vec::new();
    while e > s {
        let c = chars[e - 1];
        if e - s == 1 {
            break;
        }
        if c == '.' {
            let n = run_left(chars, s, e);
            if n == 1 && is_abbrev(chars, s, e) {
                break;
            }
            if n == e - s {
                break;
            }
            trail.push((e - n, e));
            e -= n;
        } else if c == '!' || c == '?' || c == '-' || c == '*' || c == '…' || c == '=' {
            let n = run_left(chars, s, e);
            if n == e - s {
                break;
            }
            // "!?" mixtures: take the whole run of ! and ?
            let mut k = e - n;
            if c == '!' || c == '?' {
                while k > s + 1 && (chars[k - 1] == '!' || chars[k - 1] == '?') {
                    k -= 1;
                }
            }
            trail.push((k, e));
            e = k;
        } else if c == '\'' || c == '’' {
            // plural possessive "parents'" is handled as a clitic below
            let prev = chars[e - 2];
            if (prev == 's' || prev == 'S')
                && e - s >= 3
                && chars[s..e - 1].iter().all(|c| c.is_alphabetic())
            {
                break;
            }
            trail.push((e - 1, e));
            e -= 1;
        } else if CLOSERS.contains(&c) {
            trail.push((e - 1, e));
            e -= 1;
        } else {
            break;
        }
    }
    if s < e {
        core(chars, s, e, out);
    }
    for &(a, b) in trail.iter().rev() {
        push_simple(chars, a, b, out);
    }
}

fn is_clitic_start(chars: &[char], s: usize, e: usize) -> bool {
    let l = lower(chars, s + 1, e);
    let l = l.trim_end_matches(|c: char| !c.is_alphanumeric());
    matches!(l, "s" | "re" | "ve" | "ll" | "d" | "m" | "em" | "t")
        || (l.len() == 3 && l.ends_with('s') && l[..2].chars().all(|c| c.is_ascii_digit()))
}

const HYPHEN_PREFIXES: &[&str] = &[
    "e", "co", "pre", "post", "non", "semi", "multi", "mid", "pro", "anti", "ex", "inter", "intra",
    "counter", "sub", "quasi", "neo", "pseudo", "uni", "bi", "tri", "x", "t", "u", "a",
];

/// Split the inside of a chunk (no leading/trailing punctuation) at internal punctuation.
fn core(chars: &[char], s: usize, e: usize, out: &mut Vec<SurfaceToken>) {
    let mut piece_start = s;
    let mut i = s;
    while i < e {
        let c = chars[i];
        if c.is_alphanumeric() || c == '\'' || c == '’' || c == '_' {
            i += 1;
            continue;
        }
        let prev = if i > s { Some(chars[i - 1]) } else { None };
        let next = if i + 1 < e { Some(chars[i + 1]) } else { None };
        let pa = prev.is_some_and(|p| p.is_alphanumeric());
        let na = next.is_some_and(|p| p.is_alphanumeric());
        let pd = prev.is_some_and(|p| p.is_ascii_digit());
        let nd = next.is_some_and(|p| p.is_ascii_digit());
        let keep = match c {
            '.' => (pa && na) || (i + 1 == e && is_abbrev(chars, piece_start, e)),
            ',' | ':' => pd && nd,
            '/' => pd && nd,
            '-' | '‐' | '‑' => {
                if pd && nd {
                    true
                } else if pa && na && i > piece_start {
                    let left = lower(chars, piece_start, i);
                    HYPHEN_PREFIXES.contains(&left.as_str())
                } else {
                    false
                }
            }
            '&' => pa && na && prev.is_some_and(|p| p.is_uppercase()),
            '@' => pa && na,
            '+' => false,
            _ => false,
        };
        if keep {
            i += 1;
            continue;
        }
        // split: emit piece before, then the punctuation run
        if piece_start < i {
            word(chars, piece_start, i, out);
        }
        let n = if c.is_alphanumeric() {
            1
        } else {
            run_right(chars, i, e)
        };
        push_simple(chars, i, i + n, out);
        i += n;
        piece_start = i;
    }
    if piece_start < e {
        word(chars, piece_start, e, out);
    }
}

/// Emit one word-like piece, splitting clitics into a multiword token.
fn word(chars: &[char], s: usize, e: usize, out: &mut Vec<SurfaceToken>) {
    let l: String = lower(chars, s, e).replace('’', "'");
    let n = e - s;
    let split_at: Option<usize> = match l.as_str() {
        "cannot" => Some(3),
        "gonna" | "wanna" | "gotta" | "outta" => Some(3),
        "can't" | "won't" | "ain't" | "don't" if n == 5 => Some(2),
        "dont" | "wont" | "cant" | "didnt" | "doesnt" | "isnt" | "wasnt" | "couldnt"
        | "wouldnt" | "shouldnt" | "arent" | "werent" | "hasnt" | "havent" => Some(n - 2),
        "im" => Some(1),
        _ => {
            if n >= 4 && l.ends_with("n't") {
                Some(n - 3)
            } else if n >= 3 && (l.ends_with("'s") || l.ends_with("'d") || l.ends_with("'m")) {
                Some(n - 2)
            } else if n >= 4 && (l.ends_with("'re") || l.ends_with("'ve") || l.ends_with("'ll")) {
                Some(n - 3)
            } else if n >= 3
                && l.ends_with("s'")
                && l[..l.len() - 1].chars().all(|c| c.is_alphabetic())
            {
                Some(n - 1)
            } else {
                None
            }
        }
    };
    let text = slice(chars, s, e);
    match split_at {
        Some(k) if k > 0 && k < n => {
            let a = Token {
                text: slice(chars, s, s + k),
                start: s,
                end: s + k,
            };
            let b = Token {
                text: slice(chars, s + k, e),
                start: s + k,
                end: e,
            };
            out.push(SurfaceToken {
                text,
                start: s,
                end: e,
                words: vec![a, b],
            });
        }
        _ => {
            let t = Token {
                text: text.clone(),
                start: s,
                end: e,
            };
            out.push(SurfaceToken {
                text,
                start: s,
                end: e,
                words: vec![t],
            });
        }
    }
}

const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "However",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "So",
    "Yet",
    "Meanwhile",
    "Earlier",
    "Later",
    "Officials",
    "Some",
    "Many",
    "One",
    "Two",
    "What",
    "Why",
    "How",
    "Who",
];

fn is_final_punct(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closing(t: &str) -> bool {
    matches!(t, ")" | "]" | "}" | "\"" | "'" | "”" | "’" | "»")
}

/// Returns [a, b) token-index ranges of sentences.
fn split_token_sentences(chars: &[char], toks: &[SurfaceToken]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = toks.len();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        let mut boundary_after: Option<usize> = None;
        // blank line (paragraph break) before the next token
        if i + 1 < n {
            let gap = &chars[t.end..toks[i + 1].start];
            let newlines = gap.iter().filter(|c| **c == '\n').count();
            if newlines >= 2 {
                boundary_after = Some(i + 1);
            } else if newlines == 1 {
                let next = &toks[i + 1].text;
                let nc = next.chars().next().unwrap_or(' ');
                let last = t.text.chars().last().unwrap_or(' ');
                let cont = matches!(last, ',' | ';' | ':' | '-' | '(' | '&')
                    || last.is_lowercase() && (nc.is_lowercase() || nc.is_ascii_digit());
                if !cont && (nc.is_uppercase() || nc.is_ascii_digit() || OPENERS.contains(&nc)) {
                    boundary_after = Some(i + 1);
                }
                if is_final_punct(&t.text) || last == '.' && !cont {
                    boundary_after = Some(i + 1);
                }
            }
        }
        if boundary_after.is_none() {
            let is_final = is_final_punct(&t.text);
            let is_abbr = !is_final
                && t.text.ends_with('.')
                && t.text.chars().count() > 1
                && is_abbrev(chars, t.start, t.end);
            if is_final || is_abbr {
                // absorb closing quotes / brackets attached to the sentence
                let mut j = i + 1;
                while j < n && is_closing(&toks[j].text) && (toks[j].start == toks[j - 1].end) {
                    j += 1;
                }
                // more final punctuation after a closing quote: ." .
                if j >= n {
                    boundary_after = Some(n);
                } else {
                    let next = &toks[j].text;
                    let nc = next.chars().next().unwrap_or(' ');
                    let upper_like = nc.is_uppercase()
                        || nc.is_ascii_digit()
                        || OPENERS.contains(&nc)
                        || matches!(nc, '“' | '"' | '-' | '*' | '•');
                    let ok = if is_final {
                        upper_like && toks[j].start > toks[j - 1].end
                    } else {
                        // abbreviation: break only before a typical sentence opener, never after
                        // a title or initial
                        let body = t.text[..t.text.len() - 1].to_lowercase();
                        let initial = t.text.chars().count() == 2;
                        !initial
                            && !TITLES.contains(&body.as_str())
                            && SENTENCE_OPENERS.contains(&next.as_str())
                    };
                    if ok {
                        boundary_after = Some(j);
                    }
                }
            }
        }
        if let Some(b) = boundary_after {
            let b = b.max(i + 1);
            push_range(&mut out, start, b);
            start = b;
            i = b;
            continue;
        }
        i += 1;
    }
    if start < n {
        push_range(&mut out, start, n);
    }
    out
}

fn push_range(out: &mut Vec<(usize, usize)>, a: usize, b: usize) {
    let mut a = a;
    while b - a > MAX_SENTENCE_TOKENS {
        out.push((a, a + MAX_SENTENCE_TOKENS));
        a += MAX_SENTENCE_TOKENS;
    }
    if a < b {
        out.push((a, b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        split_sentences(s)
            .into_iter()
            .map(|sp| chars[sp.start..sp.end].iter().collect())
            .collect()
    }

    #[test]
    fn clitics_and_mwt() {
        assert_eq!(words("I don't know."), ["I", "do", "n't", "know", "."]);
        assert_eq!(words("We won't go"), ["We", "wo", "n't", "go"]);
        assert_eq!(words("I cannot"), ["I", "can", "not"]);
        assert_eq!(words("gonna win"), ["gon", "na", "win"]);
        assert_eq!(words("Bush's plan"), ["Bush", "'s", "plan"]);
        assert_eq!(words("they're here"), ["they", "'re", "here"]);
        assert_eq!(words("the parents' car"), ["the", "parents", "'", "car"]);
        assert_eq!(words("it’s"), ["it", "’s"]);
        let st = tokenize_surface("don't");
        assert_eq!(st.len(), 1);
        assert!(st[0].is_multiword());
    }

    #[test]
    fn abbreviations_numbers_urls() {
        assert_eq!(
            words("The U.S. military, on Dec. 3, said Gov. J. R. Smith paid 1,500 or 3.5%."),
            [
                "The", "U.S.", "military", ",", "on", "Dec.", "3", ",", "said", "Gov.", "J.", "R.",
                "Smith", "paid", "1,500", "or", "3.5", "%", "."
            ]
        );
        assert_eq!(
            words("See https://example.com/a?b=c, or mail me@x.org."),
            [
                "See",
                "https://example.com/a?b=c",
                ",",
                "or",
                "mail",
                "me@x.org",
                "."
            ]
        );
        assert_eq!(words("a 15-year term"), ["a", "15", "-", "year", "term"]);
        assert_eq!(words("e-mail"), ["e-mail"]);
        assert_eq!(words("(hello)"), ["(", "hello", ")"]);
        assert_eq!(
            words("\"Yes,\" he said..."),
            ["\"", "Yes", ",", "\"", "he", "said", "..."]
        );
        assert_eq!(words("$50 and/or"), ["$", "50", "and", "/", "or"]);
        assert_eq!(words("11/28/2000 at 10:30"), ["11/28/2000", "at", "10:30"]);
    }

    #[test]
    fn offsets_are_code_points() {
        let text = "Nicolás Maduro’s — ok";
        for t in tokenize(text) {
            let s: String = text.chars().skip(t.start).take(t.end - t.start).collect();
            assert_eq!(s, t.text);
        }
        let toks = tokenize(text);
        assert_eq!(toks[0].text, "Nicolás");
        assert_eq!(toks[1].start, 8);
    }

    #[test]
    fn sentences() {
        assert_eq!(
            sents("The U.S. military seized a tanker. Mr. Smith said so."),
            ["The U.S. military seized a tanker.", "Mr. Smith said so."]
        );
        assert_eq!(
            sents("\"We will fight,\" he said. \"Never.\" Then it ended!"),
            [
                "\"We will fight,\" he said.",
                "\"Never.\"",
                "Then it ended!"
            ]
        );
        assert_eq!(
            sents("On Dec. 11 Gov. J. R. Smith spoke. It rained."),
            ["On Dec. 11 Gov. J. R. Smith spoke.", "It rained."]
        );
        assert_eq!(
            sents("He lives in the U.S. The weather is fine."),
            ["He lives in the U.S.", "The weather is fine."]
        );
        assert_eq!(
            sents("  Title line\n\nBody text here  "),
            ["Title line", "Body text here"]
        );
        assert!(sents("   ").is_empty());
        assert!(sents("").is_empty());
    }

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(20_000);
        let s = split_sentences(&text);
        assert_eq!(s.len(), 20_000 / MAX_SENTENCE_TOKENS);
    }
}
