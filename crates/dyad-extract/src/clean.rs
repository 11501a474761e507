//! Small string clean-ups: whitespace, titles without site suffixes, author names.

/// Whitespace runs (including no-break spaces) collapsed to one space, ends trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const SEPARATORS: &[&str] = &[
    " | ", " || ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " / ", " ~ ",
];

/// A title without its site part: "Storm hits coast | Example News" → "Storm hits coast".
///
/// The title is cut at the last separator (`|`, `-`, `–`, `—`, `::`, `·`, `»`, `/` …) when the
/// part after it names the site (matches the site name or is much shorter than the rest), or at the
/// first separator when the part before it names the site ("Example News | Storm hits coast").
/// When a `<h1>` equals one of the parts, that part is taken.
pub fn title(raw: &str, site: Option<&str>, h1: &[String]) -> String {
    let raw = collapse(raw);
    let parts = split_title(&raw);
    if parts.len() < 2 {
        return raw;
    }
    if let Some(part) = parts.iter().find(|p| h1.iter().any(|h| same(h, p))) {
        return (*part).to_string();
    }
    let site_like = |p: &str| {
        site.is_some_and(|s| {
            same(s, p) || squash(s).contains(&squash(p)) || squash(p).contains(&squash(s))
        })
    };
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if site_like(last) || (words(last) <= 4 && words(first) >= 3 && words(last) * 2 <= words(first))
    {
        return strip_last(&raw, last);
    }
    if site_like(first) {
        return raw[first.len()..]
            .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '"' && c != '„' && c != '«')
            .to_string();
    }
    raw
}

fn split_title(raw: &str) -> Vec<&str> {
    let mut parts = vec![raw];
    for sep in SEPARATORS {
        if raw.contains(sep) {
            parts = raw
                .split(sep)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            break;
        }
    }
    parts
}

fn strip_last(raw: &str, last: &str) -> String {
    let cut = raw.len().saturating_sub(last.len());
    raw[..cut]
        .trim_end_matches(|c: char| c.is_whitespace() || "|-–—:·•«»/~".contains(c))
        .trim()
        .to_string()
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same(a: &str, b: &str) -> bool {
    let (a, b) = (squash(a), squash(b));
    !a.is_empty() && a == b
}

const AUTHOR_PREFIXES: &[&str] = &[
    "written by",
    "posted by",
    "by",
    "von",
    "par",
    "por",
    "di",
    "door",
    "autor:",
    "autorin:",
    "author:",
    "text:",
    "text von",
    "verfasst von",
    "von:",
    "by:",
];

/// Author names from raw strings: prefixes ("By", "Von", "Par" …) removed, split at "and", "und",
/// "&", ",", ";", "|", de-duplicated; URLs, e-mail addresses and sentence-long strings dropped.
pub fn authors(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in raw {
        let value = collapse(value);
        if value.contains("://") || value.starts_with("www.") {
            continue;
        }
        for part in value
            .split([',', ';', '|', '&', '/', '\n'])
            .flat_map(split_words)
        {
            let name = strip_prefix(part.trim())
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')')
                .trim();
            if plausible_name(name) && !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                out.push(name.to_string());
            }
        }
    }
    out.truncate(10);
    out
}

fn split_words(s: &str) -> Vec<&str> {
    let mut parts = vec![s];
    for sep in [" and ", " und ", " et ", " y ", " e "] {
        parts = parts.into_iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
}

fn strip_prefix(s: &str) -> &str {
    let lower = s.to_lowercase();
    for p in AUTHOR_PREFIXES {
        if lower.starts_with(p) {
            let rest = &s[p.len().min(s.len())..];
            if rest.starts_with(|c: char| c.is_whitespace() || c == ':') || p.ends_with(':') {
                return rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':');
            }
        }
    }
    s
}

fn plausible_name(s: &str) -> bool {
    let n = s.split_whitespace().count();
    (1..=5).contains(&n)
        && s.chars().count() <= 60
        && s.chars().any(char::is_alphabetic)
        && !s.contains("http")
        && !s.contains('@')
        && !s.contains("www.")
        && s.chars().filter(char::is_ascii_digit).count() == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_suffixes() {
        assert_eq!(
            title("Storm hits coast | Example News", Some("Example News"), &[]),
            "Storm hits coast"
        );
        assert_eq!(
            title("Storm hits the coast again - BBC", None, &[]),
            "Storm hits the coast again"
        );
        assert_eq!(
            title("Example News: Storm", Some("Example News"), &[]),
            "Example News: Storm"
        );
        assert_eq!(
            title("Example News | Storm hits coast", Some("Example News"), &[]),
            "Storm hits coast"
        );
        assert_eq!(title("Left - Right", None, &["Left".to_string()]), "Left");
        assert_eq!(
            title("Ukraine - Russia talks", None, &[]),
            "Ukraine - Russia talks"
        );
        assert_eq!(title("  Just   a title ", None, &[]), "Just a title");
    }

    #[test]
    fn author_lists() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            authors(&v(&["By Jane Doe and John Roe"])),
            v(&["Jane Doe", "John Roe"])
        );
        assert_eq!(
            authors(&v(&["Benjamin Fischer und Marcus Theurer"])),
            v(&["Benjamin Fischer", "Marcus Theurer"])
        );
        assert_eq!(
            authors(&v(&["Von: Anna Muster", "anna muster"])),
            v(&["Anna Muster"])
        );
        assert!(authors(&v(&["https://facebook.com/someone"])).is_empty());
        assert!(authors(&v(&["This is a whole sentence that is not a name at all"])).is_empty());
    }
}
