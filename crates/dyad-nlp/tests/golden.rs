//! Golden parses of news sentences: what a good UD parser must produce for the event coder.

use dyad_nlp::{Analyzer, ParsedSentence};
use std::sync::OnceLock;

fn model() -> &'static Analyzer {
    static M: OnceLock<Analyzer> = OnceLock::new();
    M.get_or_init(|| Analyzer::load_default().expect("embedded model loads"))
}

/// (deprel, head form) of the first word with this form.
fn arc<'a>(p: &'a ParsedSentence, form: &str) -> (&'a str, &'a str) {
    let w = p
        .words
        .iter()
        .find(|w| w.form == form)
        .unwrap_or_else(|| panic!("no word {form:?} in {:?}", p.text));
    let head = if w.head == 0 {
        "ROOT"
    } else {
        p.words[w.head - 1].form.as_str()
    };
    (w.deprel.as_str(), head)
}

fn check(text: &str, expected: &[(&str, &str, &str)]) {
    let p = model().parse(text);
    let tree: Vec<String> = p
        .words
        .iter()
        .map(|w| format!("{}:{}:{}", w.form, w.deprel, w.head))
        .collect();
    for (form, rel, head) in expected {
        assert_eq!(arc(&p, form), (*rel, *head), "{form} in {text:?}: {tree:?}");
    }
}

#[test]
fn seizure() {
    check(
        "The U.S. military seized a Venezuelan oil tanker on Wednesday.",
        &[
            ("seized", "root", "ROOT"),
            ("military", "nsubj", "seized"),
            ("tanker", "obj", "seized"),
            ("Wednesday", "obl", "seized"),
            ("U.S.", "compound", "military"),
            ("oil", "compound", "tanker"),
        ],
    );
}

#[test]
fn passive_with_agent() {
    check(
        "The tanker was seized by U.S. forces.",
        &[
            ("tanker", "nsubj:pass", "seized"),
            ("was", "aux:pass", "seized"),
            ("forces", "obl:agent", "seized"),
            ("by", "case", "forces"),
        ],
    );
}

#[test]
fn compound_subject() {
    check(
        "Russia and Venezuela signed an agreement.",
        &[
            ("Russia", "nsubj", "signed"),
            ("Venezuela", "conj", "Russia"),
            ("and", "cc", "Venezuela"),
            ("agreement", "obj", "signed"),
        ],
    );
}

#[test]
fn appositive() {
    check(
        "Nicolás Maduro, Venezuela's president, denied the charge.",
        &[
            ("Nicolás", "nsubj", "denied"),
            ("president", "appos", "Nicolás"),
            ("Venezuela", "nmod:poss", "president"),
            ("charge", "obj", "denied"),
        ],
    );
}

#[test]
fn killing_with_location_and_time() {
    check(
        "Israeli troops killed three Palestinians in Gaza on Tuesday.",
        &[
            ("troops", "nsubj", "killed"),
            ("Palestinians", "obj", "killed"),
            ("three", "nummod", "Palestinians"),
            ("Tuesday", "obl", "killed"),
        ],
    );
}

#[test]
fn clausal_complement() {
    check(
        "The president said the sanctions would hurt ordinary people.",
        &[
            ("president", "nsubj", "said"),
            ("hurt", "ccomp", "said"),
            ("sanctions", "nsubj", "hurt"),
            ("people", "obj", "hurt"),
        ],
    );
}

#[test]
fn open_complement() {
    check(
        "Iran agreed to resume talks with the United States.",
        &[
            ("Iran", "nsubj", "agreed"),
            ("resume", "xcomp", "agreed"),
            ("talks", "obj", "resume"),
        ],
    );
}

#[test]
fn possessive_object() {
    check(
        // "in Beijing" would be ambiguous (met in Beijing / counterpart in Beijing): use a date
        "The minister met his Chinese counterpart on Monday.",
        &[
            ("minister", "nsubj", "met"),
            ("counterpart", "obj", "met"),
            ("his", "nmod:poss", "counterpart"),
            ("Chinese", "amod", "counterpart"),
            ("Monday", "obl", "met"),
        ],
    );
}

#[test]
fn relative_clause() {
    check(
        "The United Nations condemned the attack, which killed 20 people.",
        &[
            ("Nations", "nsubj", "condemned"),
            ("attack", "obj", "condemned"),
            ("killed", "acl:relcl", "attack"),
            ("people", "obj", "killed"),
        ],
    );
}

#[test]
fn accusation() {
    check(
        "Ukraine accused Russia of shelling civilian areas.",
        &[
            ("Ukraine", "nsubj", "accused"),
            ("Russia", "obj", "accused"),
            ("areas", "obj", "shelling"),
        ],
    );
}

#[test]
fn negation_and_clitic() {
    check(
        "The rebels didn't release the hostages.",
        &[
            ("rebels", "nsubj", "release"),
            ("did", "aux", "release"),
            ("n't", "advmod", "release"),
            ("hostages", "obj", "release"),
        ],
    );
}

#[test]
fn coordination_of_verbs() {
    check(
        "Protesters blocked the road and threw stones at police.",
        &[
            ("Protesters", "nsubj", "blocked"),
            ("threw", "conj", "blocked"),
            ("stones", "obj", "threw"),
            ("police", "obl", "threw"),
        ],
    );
}

#[test]
fn offsets_point_into_the_sentence() {
    let text = "Nicolás Maduro’s government didn't comment.";
    let p = model().parse(text);
    let chars: Vec<char> = text.chars().collect();
    for w in &p.words {
        let surface: String = chars[w.start..w.end].iter().collect();
        assert!(surface.contains(w.form.as_str()), "{w:?}");
    }
    let did = p.words.iter().find(|w| w.form == "did").unwrap();
    let nt = p.words.iter().find(|w| w.form == "n't").unwrap();
    assert_eq!((did.start, did.end), (nt.start, nt.end));
}
