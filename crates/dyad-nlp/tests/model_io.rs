//! Model loading, corrupt input, bad text, and a small accuracy floor on a dev slice.

use dyad_nlp::conllu::read_conllu;
use dyad_nlp::eval::eval_gold;
use dyad_nlp::{Analyzer, NlpError, split_sentences, tokenize};
use std::sync::OnceLock;

fn model() -> &'static Analyzer {
    static M: OnceLock<Analyzer> = OnceLock::new();
    M.get_or_init(|| Analyzer::load_default().expect("embedded model loads"))
}

#[test]
fn rejects_corrupt_models() {
    assert!(matches!(Analyzer::from_bytes(b""), Err(NlpError::BadMagic)));
    assert!(matches!(
        Analyzer::from_bytes(b"NOTAMODEL-----------------------"),
        Err(NlpError::BadMagic)
    ));
    let good = model().to_bytes();
    let mut bad = good.clone();
    bad[8] = 99;
    assert!(matches!(
        Analyzer::from_bytes(&bad),
        Err(NlpError::BadVersion { .. })
    ));
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x55;
    assert!(matches!(
        Analyzer::from_bytes(&bad),
        Err(NlpError::BadChecksum)
    ));
    assert!(Analyzer::from_bytes(&good[..good.len() / 2]).is_err());
}

#[test]
fn model_round_trips() {
    let bytes = model().to_bytes();
    assert!(
        model().guide_bytes().is_none(),
        "the shipped parser is unguided"
    );
    let again = Analyzer::from_bytes(&bytes).unwrap();
    assert_eq!(again.to_bytes(), bytes);
    let s = "The tanker was seized by U.S. forces.";
    assert_eq!(again.parse(s), model().parse(s));
    assert!(bytes.len() <= 16 * 1024 * 1024);
}

#[test]
fn bad_input_does_not_panic() {
    let m = model();
    for text in [
        "",
        "   \n\t ",
        "\u{0}\u{1}\u{7f}\u{200b}",
        "no punctuation at all just words running on and on",
        "Путин встретился с 习近平 🤝🏽 in Moscow!!! ??? ...",
        "((((((((((",
        "'''''\"\"\"\"",
        "----",
        "a.b.c.d.e.f.g.h",
        "http://",
        "@@@ ### $$$ %%% &&&",
    ] {
        let p = m.parse(text);
        for w in &p.words {
            assert!(w.head <= p.words.len());
            assert!(w.end <= text.chars().count());
        }
        let roots = p.words.iter().filter(|w| w.head == 0).count();
        assert!(p.words.is_empty() || roots == 1, "{text:?}");
        let _ = m.parse_to_conllu(text);
    }
}

#[test]
fn long_run_on_text_is_bounded() {
    let text = "and then the army moved forward ".repeat(4000); // 24,000 words
    let sents = split_sentences(&text);
    assert!(sents.len() >= 24_000 / dyad_nlp::MAX_SENTENCE_TOKENS);
    assert_eq!(tokenize(&text).len(), 24_000);
    let doc = model().parse_document(&text[..text.len() / 8]);
    let words: usize = doc.iter().map(|(_, p)| p.words.len()).sum();
    assert_eq!(words, 3000);
    // one enormous "sentence" through parse() directly is still linear
    let p = model().parse(&text[..text.len() / 8]);
    assert_eq!(p.words.len(), 3000);
}

#[test]
fn dev_slice_accuracy_floor() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/nlp/ud-ewt/en_ewt-ud-dev.conllu"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipping: {path} not found");
        return;
    };
    let gold = read_conllu(&text).unwrap();
    let r = eval_gold(model(), &gold[..300]);
    assert!(r.upos > 0.93, "{r:?}");
    assert!(r.uas > 0.80, "{r:?}");
    assert!(r.las > 0.76, "{r:?}");
    assert!(r.lemma > 0.95, "{r:?}");
}

/// A header with a correct checksum over bytes that are not a deflate stream, or over a stream
/// that inflates to garbage, is an error, not a panic.
#[test]
fn corrupt_payload_with_valid_checksum_is_an_error() {
    fn with_payload(packed: &[u8]) -> Vec<u8> {
        let mut out = dyad_nlp::model::MAGIC.to_vec();
        out.extend_from_slice(&dyad_nlp::model::VERSION.to_le_bytes());
        out.extend_from_slice(&(packed.len() as u64).to_le_bytes());
        out.extend_from_slice(&dyad_nlp::hash::fnv1a64(packed).to_le_bytes());
        out.extend_from_slice(packed);
        out
    }
    for packed in [&b"not deflate at all"[..], &[0x03, 0x00][..], &[][..]] {
        let r = Analyzer::from_bytes(&with_payload(packed));
        assert!(matches!(r, Err(NlpError::Model(_))), "{packed:?}");
    }
}
