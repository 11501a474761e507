//! Closed word classes the rules consult (function words are grammar, not dictionary data).

pub const DETERMINERS: &[&str] = &[
    "a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these",
    "those", "'s", "another", "any", "some", "several", "many", "new", "further", "fresh",
];

pub const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "of",
    "with",
    "to",
    "from",
    "for",
    "against",
    "by",
    "into",
    "onto",
    "over",
    "under",
    "near",
    "off",
    "about",
    "between",
    "among",
    "across",
    "through",
    "during",
    "within",
    "toward",
    "towards",
    "upon",
    "via",
    "amid",
    "despite",
    "without",
    "including",
];

/// Prepositions before a place or time rather than a participant.
pub const LOCATIVE: &[&str] = &[
    "in", "at", "near", "during", "from", "within", "across", "off", "amid", "inside", "outside",
];

pub const BE_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got", "gets",
];

pub const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "does", "did", "do", "'ll", "'d", "'ve",
];

pub const NEGATIONS: &[&str] = &["not", "n't", "never", "no"];

pub const FUTURE_MARKERS: &[&str] = &["will", "'ll", "shall"];

pub const HYPOTHETICAL_MARKERS: &[&str] = &["could", "might", "may", "should", "would"];

/// Verbs that, followed by "to", announce a future act ("plans to", "will continue to").
pub const INTENT_VERBS: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "vow",
    "vows",
    "vowed",
    "pledge",
    "pledges",
    "pledged",
    "promise",
    "promises",
    "promised",
    "aim",
    "aims",
    "aimed",
    "prepare",
    "prepares",
    "prepared",
    "preparing",
    "threaten",
    "threatens",
    "threatened",
    "expect",
    "expects",
    "expected",
    "seek",
    "seeks",
    "sought",
    "going",
    "want",
    "wants",
    "wanted",
    "ready",
    "poised",
    "prepared",
    "willing",
    "determined",
    "eager",
    "keen",
    "set",
    "scheduled",
    "due",
];

/// Words that start a subordinate or new clause.
pub const CLAUSE_OPENERS: &[&str] = &[
    "after", "before", "when", "while", "because", "although", "though", "whereas", "which", "who",
    "whom", "whose", "that", "if", "unless", "since", "until", "as",
];

pub const CONDITIONALS: &[&str] = &["if", "unless"];

pub const SPEECH_VERBS: &[&str] = &[
    "say",
    "said",
    "says",
    "saying",
    "tell",
    "told",
    "tells",
    "add",
    "added",
    "adds",
    "state",
    "stated",
    "states",
    "announce",
    "announced",
    "announces",
    "claim",
    "claimed",
    "claims",
    "note",
    "noted",
    "notes",
    "insist",
    "insisted",
    "insists",
    "write",
    "wrote",
    "writes",
    "report",
    "reported",
    "reports",
    "allege",
    "alleged",
    "alleges",
    "maintain",
    "maintained",
    "argue",
    "argued",
    "argues",
    "stress",
    "stressed",
    "declare",
    "declared",
];

/// Speech verbs whose content is a claim rather than a report.
pub const CLAIM_VERBS: &[&str] = &[
    "claim",
    "claimed",
    "claims",
    "allege",
    "alleged",
    "alleges",
    "insist",
    "insisted",
    "insists",
    "argue",
    "argued",
    "argues",
    "say",
    "said",
    "says",
    "maintain",
    "maintained",
];

pub fn is_in(word: &str, list: &[&str]) -> bool {
    list.contains(&word)
}

/// True for tokens that are words (letters or digits), not punctuation.
pub fn is_wordlike(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

pub fn is_number(token: &str) -> bool {
    let t = token.replace(',', "");
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

/// Numbers written as words, for "two people were killed".
pub fn word_number(token: &str) -> Option<u64> {
    const WORDS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if is_number(token) {
        return token.replace(',', "").parse().ok();
    }
    match token {
        "dozens" => Some(24),
        "hundreds" => Some(200),
        "thousands" => Some(2000),
        _ => WORDS.iter().position(|w| *w == token).map(|n| n as u64),
    }
}
