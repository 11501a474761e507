//! Matching keys: names compare without case and accents ("Nicolás" = "Nicolas").

use unicode_normalization::UnicodeNormalization;

/// Lowercases and strips combining marks; curly apostrophes become straight ones.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case() {
        assert_eq!(fold("Nicolás Maduro"), "nicolas maduro");
        assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
    }
}
