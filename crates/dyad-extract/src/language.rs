//! The language of a page: its declaration (`<html lang>`, `content-language`), else identified
//! from the text with `whatlang`. Always an ISO 639-1 two-letter code.

/// ISO 639-1 code of a declared language tag (`en-GB` → `en`), if it looks like one.
pub fn from_tag(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_', ',', ';'])
        .next()?
        .trim()
        .to_ascii_lowercase();
    match primary.len() {
        2 if primary.bytes().all(|b| b.is_ascii_lowercase()) => Some(primary),
        3 => iso639_3_to_1(&primary).map(str::to_string),
        _ => None,
    }
}

/// Identifies the language of `text` (None when unreliable or too short).
pub fn identify(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    if sample.split_whitespace().count() < 5 {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    iso639_3_to_1(info.lang().code()).map(str::to_string)
}

/// The two-letter code of the languages `whatlang` knows (Mandarin → `zh`, Persian → `fa`).
pub fn iso639_3_to_1(code: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("epo", "eo"),
        ("eng", "en"),
        ("rus", "ru"),
        ("cmn", "zh"),
        ("zho", "zh"),
        ("spa", "es"),
        ("por", "pt"),
        ("ita", "it"),
        ("ben", "bn"),
        ("fra", "fr"),
        ("deu", "de"),
        ("ukr", "uk"),
        ("kat", "ka"),
        ("ara", "ar"),
        ("hin", "hi"),
        ("jpn", "ja"),
        ("heb", "he"),
        ("yid", "yi"),
        ("pol", "pl"),
        ("amh", "am"),
        ("jav", "jv"),
        ("kor", "ko"),
        ("nob", "nb"),
        ("dan", "da"),
        ("swe", "sv"),
        ("fin", "fi"),
        ("tur", "tr"),
        ("nld", "nl"),
        ("hun", "hu"),
        ("ces", "cs"),
        ("ell", "el"),
        ("bul", "bg"),
        ("bel", "be"),
        ("mar", "mr"),
        ("kan", "kn"),
        ("ron", "ro"),
        ("slv", "sl"),
        ("hrv", "hr"),
        ("srp", "sr"),
        ("mkd", "mk"),
        ("lit", "lt"),
        ("lav", "lv"),
        ("est", "et"),
        ("tam", "ta"),
        ("vie", "vi"),
        ("urd", "ur"),
        ("tha", "th"),
        ("guj", "gu"),
        ("uzb", "uz"),
        ("pan", "pa"),
        ("aze", "az"),
        ("ind", "id"),
        ("tel", "te"),
        ("pes", "fa"),
        ("fas", "fa"),
        ("mal", "ml"),
        ("ori", "or"),
        ("mya", "my"),
        ("nep", "ne"),
        ("sin", "si"),
        ("khm", "km"),
        ("tuk", "tk"),
        ("aka", "ak"),
        ("zul", "zu"),
        ("sna", "sn"),
        ("afr", "af"),
        ("lat", "la"),
        ("slk", "sk"),
        ("cat", "ca"),
        ("tgl", "tl"),
        ("hye", "hy"),
        ("cym", "cy"),
    ];
    TABLE
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(from_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(from_tag(" DE ").as_deref(), Some("de"));
        assert_eq!(from_tag("deu").as_deref(), Some("de"));
        assert_eq!(from_tag("x-klingon"), None);
        assert_eq!(from_tag(""), None);
    }

    #[test]
    fn identified() {
        let de = "Der Bundestag hat am Donnerstag über das neue Gesetz zur Stärkung der \
                  Demokratie beraten und die Vorlage an die Ausschüsse überwiesen.";
        assert_eq!(identify(de).as_deref(), Some("de"));
        assert_eq!(identify("too short"), None);
    }
}
