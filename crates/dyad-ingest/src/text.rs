//! Plain text: the whole file is the article body.

use dyad_core::{Article, InputFormat};

/// Normalises line endings and paragraph breaks; the body keeps the text as written.
pub(crate) fn parse_text(text: &str, stem: &str, origin: &str) -> Article {
    Article {
        id: stem.to_string(),
        url: None,
        title: None,
        authors: vec![],
        published: None,
        source: None,
        body: paragraphs(text),
        format: InputFormat::Text,
        origin: origin.to_string(),
        language: None,
    }
}

/// Blank-line separated paragraphs, each with its whitespace runs collapsed.
pub(crate) fn paragraphs(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_kept_and_lines_joined() {
        let a = parse_text("One line\ncontinues.\r\n\r\nSecond.\n", "t", "t.txt");
        assert_eq!(a.body, "One line continues.\n\nSecond.");
        assert_eq!(a.id, "t");
    }
}
