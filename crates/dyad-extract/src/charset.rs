//! Choosing the character encoding of a page and decoding it.
//!
//! Order of precedence: the HTTP `Content-Type` charset, then a byte-order mark, then
//! `<meta charset>` / `<meta http-equiv="Content-Type">` in the first
//! [`CHARSET_SNIFF_BYTES`] bytes, then UTF-8.
//!
//! Mislabelled pages are common, so the declared encoding is checked against the bytes:
//! * bytes that are valid UTF-8 and contain multi-byte sequences are UTF-8, whatever the label says
//!   (text in a legacy single-byte or CJK encoding is practically never valid UTF-8 by chance);
//! * bytes labelled (or defaulted to) UTF-8 that are not valid UTF-8 are guessed with `chardetng`
//!   (Firefox's detector), which picks Windows-1252 for typical Western European pages.
//!
//! Decoding never fails: bytes invalid in the chosen encoding become U+FFFD.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::limits::CHARSET_SNIFF_BYTES;

/// Where the encoding came from (for tests and diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Http,
    Bom,
    Meta,
    Default,
    /// The bytes contradicted the label (or there was none) and were examined.
    Sniffed,
}

/// Picks the encoding for `bytes`.
pub fn choose(bytes: &[u8], content_type: Option<&str>) -> (&'static Encoding, Source) {
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .map(|e| (e, Source::Http))
        .or_else(|| Encoding::for_bom(bytes).map(|(e, _)| (e, Source::Bom)))
        .or_else(|| meta_charset(bytes).map(|e| (e, Source::Meta)));
    let (enc, source) = declared.unwrap_or((UTF_8, Source::Default));
    if enc == UTF_16LE || enc == UTF_16BE {
        // A UTF-16 page is only believed with a BOM; a <meta> saying UTF-16 in an ASCII-compatible
        // page is a known lie (the HTML standard maps it to UTF-8).
        if source == Source::Bom || Encoding::for_bom(bytes).is_some() {
            return (enc, source);
        }
        return sniff_or_utf8(bytes);
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if valid_utf8 && !bytes.is_ascii() {
        return (
            UTF_8,
            if enc == UTF_8 {
                source
            } else {
                Source::Sniffed
            },
        );
    }
    if enc == UTF_8 && !valid_utf8 {
        return sniff_or_utf8(bytes);
    }
    (enc, source)
}

/// Decodes `bytes` with the chosen encoding; invalid sequences become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let (enc, _) = choose(bytes, content_type);
    // `decode` strips a BOM of any encoding and switches to the BOM's encoding when present.
    let (text, _, _) = enc.decode(bytes);
    text.into_owned()
}

fn sniff_or_utf8(bytes: &[u8]) -> (&'static Encoding, Source) {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, true);
    if guess == UTF_8 || std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, Source::Default);
    }
    (guess, Source::Sniffed)
}

/// The `charset` parameter of a `Content-Type` value (`text/html; charset="utf-8"`).
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// A charset declared by `<meta charset=…>` or `<meta http-equiv=Content-Type content=…>` in
/// the first bytes of the page (a simplified form of the HTML standard's prescan).
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        if let Some(enc) = charset_in_tag(&lower[start..end]) {
            return Some(enc);
        }
        from = end;
    }
    None
}

fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let pos = find(tag, b"charset")?;
    let rest = &tag[pos + 7..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
        .unwrap_or(rest.len());
    let enc = Encoding::for_label(&rest[..len])?;
    // The HTML standard: a <meta> declaring UTF-16 means UTF-8; x-user-defined means windows-1252.
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(UTF_8);
    }
    Some(enc)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{SHIFT_JIS, WINDOWS_1251, WINDOWS_1252};

    #[test]
    fn http_charset_wins_over_meta() {
        let page = b"<meta charset=windows-1251><p>caf\xe9";
        let (enc, src) = choose(page, Some("text/html; charset=ISO-8859-1"));
        assert_eq!((enc, src), (WINDOWS_1252, Source::Http));
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        assert_eq!(
            meta_charset(b"<html><head><META CHARSET='windows-1251'>"),
            Some(WINDOWS_1251)
        );
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">";
        assert_eq!(meta_charset(equiv), Some(SHIFT_JIS));
        assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn meta_beyond_sniff_window_is_ignored() {
        let mut page = vec![b' '; CHARSET_SNIFF_BYTES];
        page.extend_from_slice(b"<meta charset=windows-1251>");
        assert_eq!(meta_charset(&page), None);
    }

    #[test]
    fn bom_beats_meta() {
        let page = b"\xef\xbb\xbf<meta charset=windows-1252><p>caf\xc3\xa9";
        assert_eq!(choose(page, None).1, Source::Bom);
        assert_eq!(
            decode(page, None),
            "<meta charset=windows-1252><p>caf\u{e9}"
        );
    }

    #[test]
    fn utf16_with_bom() {
        let text = "<p>Straße</p>";
        let mut page = vec![0xff, 0xfe];
        page.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&page, None), text);
    }

    #[test]
    fn declared_utf8_but_windows_1252_is_repaired() {
        let page =
            b"<meta charset=utf-8><p>Der B\xfcrgermeister sagte am Montag, dass die Stra\xdfe \
                     gesperrt bleibt. \x93Wir pr\xfcfen das\x94, sagte er.</p>";
        let text = decode(page, Some("text/html; charset=utf-8"));
        assert!(text.contains("Bürgermeister"), "{text}");
        assert!(text.contains("Straße"));
    }

    #[test]
    fn declared_latin1_but_utf8_is_repaired() {
        let page = "<meta charset=iso-8859-1><p>Bürgermeister</p>".as_bytes();
        assert_eq!(choose(page, None), (UTF_8, Source::Sniffed));
        assert!(decode(page, None).contains("Bürgermeister"));
    }

    #[test]
    fn undeclared_defaults_to_utf8() {
        assert_eq!(choose(b"<p>plain ascii", None), (UTF_8, Source::Default));
    }

    #[test]
    fn invalid_bytes_never_panic() {
        let junk: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        let _ = decode(&junk, Some("text/html; charset=utf-8"));
        let _ = decode(&junk, Some("text/html; charset=bogus"));
        let _ = decode(&[0xff, 0xfe, 0x00], None);
    }

    #[test]
    fn charset_param_forms() {
        assert_eq!(
            charset_param("text/html; charset=\"UTF-8\"").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(
            charset_param("text/html;CHARSET=latin1").as_deref(),
            Some("latin1")
        );
        assert_eq!(charset_param("text/html"), None);
    }
}
