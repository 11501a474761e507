//! Property tests: offsets always slice back to the token/sentence text.

use dyad_nlp::{split_sentences, tokenize, tokenize_surface};
use proptest::prelude::*;

fn slice(chars: &[char], a: usize, b: usize) -> String {
    chars[a..b].iter().collect()
}

fn texty() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "The",
        "U.S.",
        "Mr.",
        "Dec.",
        "don't",
        "cannot",
        "gonna",
        "Bush's",
        "1,500",
        "3.5",
        "J.",
        "R.",
        ".",
        ",",
        "!",
        "?",
        "...",
        "\"",
        "'",
        "(",
        ")",
        "-",
        "--",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "é",
        "Nicolás",
        "🤝",
        "🇺🇸",
        "中文",
        "Путин",
        "\u{0}",
        "\u{200b}",
        "\r\n",
        "http://x.org/a.b",
        "a@b.com",
        "e-mail",
        "15-year",
        "’s",
        "n't",
        "can't",
        "'",
        "%",
        "$",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn token_offsets_slice_back(s in texty()) {
        let chars: Vec<char> = s.chars().collect();
        let mut last = 0;
        for t in tokenize(&s) {
            prop_assert!(t.start < t.end && t.end <= chars.len());
            prop_assert!(t.start >= last);
            last = t.end;
            prop_assert_eq!(slice(&chars, t.start, t.end), t.text);
        }
        for st in tokenize_surface(&s) {
            prop_assert_eq!(slice(&chars, st.start, st.end), st.text.clone());
            prop_assert!(!st.words.is_empty());
            prop_assert_eq!(st.words.first().unwrap().start, st.start);
            prop_assert_eq!(st.words.last().unwrap().end, st.end);
        }
    }

    #[test]
    fn sentence_spans_slice_back(s in texty()) {
        let chars: Vec<char> = s.chars().collect();
        let mut last = 0;
        for sp in split_sentences(&s) {
            prop_assert!(sp.start < sp.end && sp.end <= chars.len());
            prop_assert!(sp.start >= last);
            last = sp.end;
            let t = slice(&chars, sp.start, sp.end);
            prop_assert!(!t.trim().is_empty());
            prop_assert_eq!(t.trim(), t.as_str());
        }
    }

    #[test]
    fn arbitrary_unicode_is_safe(s in "\\PC{0,80}") {
        let chars: Vec<char> = s.chars().collect();
        for t in tokenize(&s) {
            prop_assert_eq!(slice(&chars, t.start, t.end), t.text);
        }
        for sp in split_sentences(&s) {
            let t = slice(&chars, sp.start, sp.end);
            prop_assert!(!t.is_empty());
            prop_assert_eq!(t.trim(), t.as_str());
        }
    }
}
