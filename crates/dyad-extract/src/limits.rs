//! Limits that keep hostile or broken pages cheap: every page finishes quickly, in bounded memory,
//! without deep recursion.

/// Pages longer than this many bytes are cut here before decoding (not refused): article text
/// comes early in real pages, and what follows a cut is usually inline data, scripts or comments.
/// [`crate::check_size`] refuses them instead with [`crate::ExtractError::TooLarge`].
pub const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// Deepest element nesting kept. A cheap scan of the tags finds the nesting depth before parsing;
/// tags opened deeper than this are dropped (their text is kept), so the DOM handed to the
/// extractors, some of which walk it recursively, is never deeper than this.
pub const MAX_NESTING: usize = 256;

/// Most formatting elements (`<b>`, `<a>`, `<font>` …) open at once, counting those the parser
/// will reopen after another end tag closed them (`<p><b id=1></p><p>…`); further formatting
/// start tags are dropped with their end tags (text kept). Every paragraph reopens them all, so
/// without a bound a page of unclosed `<b>`s grows a tree quadratic in its size.
pub const MAX_OPEN_FORMATTING: usize = 16;

/// Deepest parsed tree the extractors get. The scan behind [`MAX_NESTING`] approximates the
/// parser (implied end tags, formatting elements the parser reopens), so a flattened page can
/// still parse somewhat deeper; one that parses deeper than this is refused
/// ([`crate::ExtractError::TooDeep`]), since the extractors' work grows with depth.
pub const MAX_PARSED_DEPTH: usize = 4 * MAX_NESTING;

/// How far into a page `<meta charset>` and `http-equiv` declarations are looked for.
pub const CHARSET_SNIFF_BYTES: usize = 4096;

/// A decoded page whose first [`BINARY_SNIFF_CHARS`] characters hold more than this share of
/// control characters (NUL, other C0 controls except tab/newline/CR/FF) is not text at all.
pub const MAX_CONTROL_SHARE: f64 = 0.10;

/// How many leading characters are examined for control characters.
pub const BINARY_SNIFF_CHARS: usize = 4096;

/// When trafilatura finds fewer characters of text than this, dom_smoothie runs too (1,200 scores
/// as 1,500 on the trafilatura-eval set and runs dom_smoothie less often; 1,000 loses 0.001 F1).
pub const FALLBACK_BELOW_CHARS: usize = 1200;
/// dom_smoothie's text replaces trafilatura's short text when it is this many times longer.
pub const SMOOTHIE_LONGER: f64 = 2.0;
