//! Surface forms of a verb lemma (seize → seizes, seized, seizing) and of a noun (strike → strikes).
//!
//! Irregular verbs come from `data/morph/irregular_verbs.tsv`. For regular verbs both the plain and
//! the doubled-consonant forms are generated (ban → banned, visit → visited): a form that English
//! never uses simply never matches.

use std::collections::HashMap;
use std::sync::OnceLock;

const IRREGULAR: &str = include_str!("../../../data/morph/irregular_verbs.tsv");

/// Which form of a verb a surface word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    Base,
    ThirdSingular,
    Past,
    Participle,
    /// Past tense and participle look alike (seized).
    PastOrParticiple,
    Gerund,
}

/// Irregular verbs: lemma → (past forms, participle forms).
type IrregularTable = HashMap<String, (Vec<String>, Vec<String>)>;

fn irregular() -> &'static IrregularTable {
    static TABLE: OnceLock<IrregularTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        IRREGULAR
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("lemma\t"))
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('\t').collect();
                let split = |c: &str| c.split('|').map(str::to_string).collect::<Vec<_>>();
                (cells.len() >= 3)
                    .then(|| (cells[0].to_string(), (split(cells[1]), split(cells[2]))))
            })
            .collect()
    })
}

fn is_vowel(c: char) -> bool {
    "aeiou".contains(c)
}

/// Stems to which -ed / -ing attach: the lemma, and the lemma with its last consonant doubled
/// when it ends consonant-vowel-consonant.
fn stems(lemma: &str) -> Vec<String> {
    let chars: Vec<char> = lemma.chars().collect();
    let mut out = vec![lemma.to_string()];
    if chars.len() >= 3 {
        let (a, b, c) = (
            chars[chars.len() - 3],
            chars[chars.len() - 2],
            chars[chars.len() - 1],
        );
        if !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !"wxy".contains(c) {
            out.push(format!("{lemma}{c}"));
        }
    }
    out
}

/// Third person singular (seizes, carries, pushes).
pub fn third_singular(lemma: &str) -> String {
    if let Some(stem) = lemma.strip_suffix('y') {
        if !stem.ends_with(is_vowel) {
            return format!("{stem}ies");
        }
    }
    if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|s| lemma.ends_with(s))
    {
        return format!("{lemma}es");
    }
    format!("{lemma}s")
}

/// Past and participle forms of an irregular verb, also behind a prefix the table does not list:
/// "retake" is "re" + "take" (retook, retaken), "overrun" is "over" + "run".
fn irregular_forms(lemma: &str) -> Option<(Vec<String>, Vec<String>)> {
    if let Some((past, participle)) = irregular().get(lemma) {
        return Some((past.clone(), participle.clone()));
    }
    const PREFIXES: &[&str] = &["re", "over", "under", "out", "with", "up", "mis", "fore"];
    PREFIXES.iter().find_map(|prefix| {
        let rest = lemma.strip_prefix(prefix).filter(|r| r.len() >= 2)?;
        let (past, participle) = irregular().get(rest)?;
        let with = |forms: &Vec<String>| forms.iter().map(|f| format!("{prefix}{f}")).collect();
        Some((with(past), with(participle)))
    })
}

/// Every surface form of a verb with what form it is.
pub fn verb_forms(lemma: &str) -> Vec<(String, VerbForm)> {
    let mut out = vec![
        (lemma.to_string(), VerbForm::Base),
        (third_singular(lemma), VerbForm::ThirdSingular),
    ];
    if let Some((past, participle)) = irregular_forms(lemma) {
        for p in &past {
            let form = if participle.contains(p) {
                VerbForm::PastOrParticiple
            } else {
                VerbForm::Past
            };
            out.push((p.clone(), form));
        }
        for p in participle.iter().filter(|p| !past.contains(p)) {
            out.push((p.clone(), VerbForm::Participle));
        }
    } else {
        for stem in stems(lemma) {
            out.push((past_of(&stem), VerbForm::PastOrParticiple));
        }
    }
    for stem in stems(lemma) {
        out.push((gerund_of(&stem), VerbForm::Gerund));
    }
    out.dedup();
    out
}

fn past_of(stem: &str) -> String {
    if stem.ends_with('e') {
        return format!("{stem}d");
    }
    if let Some(s) = stem.strip_suffix('y') {
        if !s.ends_with(is_vowel) {
            return format!("{s}ied");
        }
    }
    format!("{stem}ed")
}

fn gerund_of(stem: &str) -> String {
    if let Some(s) = stem.strip_suffix("ie") {
        return format!("{s}ying");
    }
    if stem.ends_with('e')
        && !stem.ends_with("ee")
        && !stem.ends_with("ye")
        && !stem.ends_with("oe")
    {
        return format!("{}ing", &stem[..stem.len() - 1]);
    }
    format!("{stem}ing")
}

/// Singular and plural of a noun (strike/strikes, seizure/seizures, casualty/casualties).
pub fn noun_forms(noun: &str) -> Vec<String> {
    let plural = if let Some(s) = noun.strip_suffix('y').filter(|s| !s.ends_with(is_vowel)) {
        format!("{s}ies")
    } else if ["s", "sh", "ch", "x", "z"]
        .iter()
        .any(|e| noun.ends_with(e))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    };
    vec![noun.to_string(), plural]
}

/// True when `word` is `pattern` or its plural (used for the non-head words of a pattern).
pub fn same_word(word: &str, pattern: &str) -> bool {
    word == pattern || noun_forms(pattern).iter().any(|f| f == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(lemma: &str, form: &str) -> bool {
        verb_forms(lemma).iter().any(|(f, _)| f == form)
    }

    #[test]
    fn regular_and_irregular_forms() {
        assert!(has("seize", "seized") && has("seize", "seizing") && has("seize", "seizes"));
        assert!(has("ban", "banned") && has("visit", "visited") && has("carry", "carried"));
        assert!(has("meet", "met") && has("hold", "held") && has("give", "given"));
        assert!(has("die", "dying") && has("agree", "agreeing"));
        assert!(has("push", "pushes"));
        assert!(has("retake", "retook") && has("retake", "retaken") && !has("retake", "retaked"));
    }

    #[test]
    fn nouns() {
        assert_eq!(noun_forms("strike"), vec!["strike", "strikes"]);
        assert!(same_word("sanctions", "sanction"));
        assert!(same_word("casualties", "casualty"));
        assert!(!same_word("sanctioned", "sanction"));
    }
}
