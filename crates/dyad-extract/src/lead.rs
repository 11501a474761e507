//! Lead recovery. News and blog pages often show their lead (standfirst, teaser) outside the
//! article container, in a header block that trafilatura drops as page furniture. The page
//! declares the same words as its `description` / `og:description`; when that description is
//! visible verbatim in the body and missing from the extracted text, it is the lead and is put
//! back in front of the text. A description not shown on the page (a summary written for search
//! engines) is never added.

/// Descriptions shorter than this are labels or site slogans, not leads.
pub const MIN_LEAD_CHARS: usize = 80;
/// A description whose first characters are already in the text was extracted.
const HEAD_CHARS: usize = 50;

/// `text` with the page's lead in front when the text lacks it: the first description long
/// enough to be a lead that is shown verbatim in `body` (the page's visible text, whitespace
/// collapsed). `body` is only computed when the text lacks every long description.
pub fn restore(text: String, descriptions: &[String], body: impl FnOnce() -> String) -> String {
    let long: Vec<&String> = descriptions
        .iter()
        .filter(|d| d.chars().count() >= MIN_LEAD_CHARS)
        .collect();
    if text.is_empty() || long.is_empty() || long.iter().any(|l| text.contains(head(l))) {
        return text;
    }
    let body = body();
    match long.into_iter().find(|d| body.contains(trim_ellipsis(d))) {
        Some(lead) => format!("{lead}\n\n{text}"),
        None => text,
    }
}

/// Descriptions cut short end in "…" or "...", which the page's text does not.
fn trim_ellipsis(d: &str) -> &str {
    d.trim_end_matches(['.', '…', ' '])
}

fn head(d: &str) -> &str {
    let d = trim_ellipsis(d);
    d.char_indices().nth(HEAD_CHARS).map_or(d, |(i, _)| &d[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: &str = "Die Stadt plant einen neuen Radweg entlang des Flusses, der bis zum Herbst fertig werden soll.";

    #[test]
    fn visible_lead_is_restored() {
        let descriptions = [LEAD.to_string(), "Kurz.".into()];
        let body = || format!("Menü Start {LEAD} Der Bau beginnt im Mai.");
        let text = restore("Der Bau beginnt im Mai.".into(), &descriptions, body);
        assert_eq!(text, format!("{LEAD}\n\nDer Bau beginnt im Mai."));
    }

    #[test]
    fn hidden_or_extracted_description_is_not_added() {
        let d = [LEAD.to_string()];
        assert_eq!(
            restore("Text.".into(), &d, || "Nur der Artikel.".into()),
            "Text."
        );
        let truncated = [format!("{}...", &LEAD[..70])];
        assert_eq!(restore("Text.".into(), &truncated, || LEAD.into()), "Text.");
        let text = format!("{LEAD}\n\nMehr.");
        let unused = || -> String { unreachable!("body not needed") };
        assert_eq!(restore(text.clone(), &d, unused), text);
        assert_eq!(restore(String::new(), &d, || LEAD.into()), "");
    }
}
