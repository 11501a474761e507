//! HTML character references (in feed-list attributes): numeric (`&#8217;`, `&#x2019;`) and the named ones news feeds use.
//! An unknown or malformed reference is kept as written.

/// Named references found in news feeds (HTML 4 Latin-1, punctuation and symbols).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("hellip", '\u{2026}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201a}'),
    ("ldquo", '\u{201c}'),
    ("rdquo", '\u{201d}'),
    ("bdquo", '\u{201e}'),
    ("laquo", '\u{ab}'),
    ("raquo", '\u{bb}'),
    ("lsaquo", '\u{2039}'),
    ("rsaquo", '\u{203a}'),
    ("bull", '\u{2022}'),
    ("middot", '\u{b7}'),
    ("copy", '\u{a9}'),
    ("reg", '\u{ae}'),
    ("trade", '\u{2122}'),
    ("deg", '\u{b0}'),
    ("euro", '\u{20ac}'),
    ("pound", '\u{a3}'),
    ("yen", '\u{a5}'),
    ("cent", '\u{a2}'),
    ("sect", '\u{a7}'),
    ("para", '\u{b6}'),
    ("times", '\u{d7}'),
    ("divide", '\u{f7}'),
    ("plusmn", '\u{b1}'),
    ("frac12", '\u{bd}'),
    ("frac14", '\u{bc}'),
    ("frac34", '\u{be}'),
    ("shy", '\u{ad}'),
    ("iexcl", '\u{a1}'),
    ("iquest", '\u{bf}'),
    ("thinsp", '\u{2009}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("prime", '\u{2032}'),
    ("Prime", '\u{2033}'),
    ("dagger", '\u{2020}'),
    ("Dagger", '\u{2021}'),
    ("permil", '\u{2030}'),
    ("szlig", '\u{df}'),
    ("aacute", '\u{e1}'),
    ("agrave", '\u{e0}'),
    ("acirc", '\u{e2}'),
    ("atilde", '\u{e3}'),
    ("auml", '\u{e4}'),
    ("aring", '\u{e5}'),
    ("aelig", '\u{e6}'),
    ("ccedil", '\u{e7}'),
    ("eacute", '\u{e9}'),
    ("egrave", '\u{e8}'),
    ("ecirc", '\u{ea}'),
    ("euml", '\u{eb}'),
    ("iacute", '\u{ed}'),
    ("igrave", '\u{ec}'),
    ("icirc", '\u{ee}'),
    ("iuml", '\u{ef}'),
    ("ntilde", '\u{f1}'),
    ("oacute", '\u{f3}'),
    ("ograve", '\u{f2}'),
    ("ocirc", '\u{f4}'),
    ("otilde", '\u{f5}'),
    ("ouml", '\u{f6}'),
    ("oslash", '\u{f8}'),
    ("uacute", '\u{fa}'),
    ("ugrave", '\u{f9}'),
    ("ucirc", '\u{fb}'),
    ("uuml", '\u{fc}'),
    ("yacute", '\u{fd}'),
    ("yuml", '\u{ff}'),
    ("Aacute", '\u{c1}'),
    ("Agrave", '\u{c0}'),
    ("Acirc", '\u{c2}'),
    ("Auml", '\u{c4}'),
    ("Aring", '\u{c5}'),
    ("Ccedil", '\u{c7}'),
    ("Eacute", '\u{c9}'),
    ("Egrave", '\u{c8}'),
    ("Iacute", '\u{cd}'),
    ("Ntilde", '\u{d1}'),
    ("Oacute", '\u{d3}'),
    ("Ouml", '\u{d6}'),
    ("Oslash", '\u{d8}'),
    ("Uacute", '\u{da}'),
    ("Uuml", '\u{dc}'),
];

/// The longest reference name looked up (`&` + name + `;`).
const MAX_REFERENCE_LEN: usize = 12;

/// Decodes the character references of a text run.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference_at(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the reference at the start of `s` and the reference's byte length.
fn reference_at(s: &str) -> Option<(char, usize)> {
    let window = &s[..floor_char_boundary(s, MAX_REFERENCE_LEN)];
    let semi = window.find(';')?;
    let name = &s[1..semi];
    let c = match name.strip_prefix('#') {
        Some(num) => numeric(num)?,
        None => NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)?,
    };
    Some((c, semi + 1))
}

fn numeric(num: &str) -> Option<char> {
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse::<u32>().ok()?,
    };
    match code {
        0 => Some('\u{fffd}'),
        _ => char::from_u32(code),
    }
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_numeric_and_named() {
        assert_eq!(
            decode_entities("&#8220;Caf&eacute;&#x201D; &amp;&lt;"),
            "\u{201c}Caf\u{e9}\u{201d} &<"
        );
    }

    #[test]
    fn keeps_unknown_and_broken() {
        assert_eq!(
            decode_entities("AT&T &foo; &#xZZ; &"),
            "AT&T &foo; &#xZZ; &"
        );
        assert_eq!(decode_entities("&#1114112;é&"), "&#1114112;é&");
    }
}
