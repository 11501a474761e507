//! Recognising copies of one story: canonical URLs, and MinHash fingerprints of the text.
//!
//! A wire story reprinted by many outlets differs in furniture (a byline, a dateline, a trailing
//! "Reporting by" line, a trimmed last paragraph) but keeps most of its word sequences. The
//! fingerprint is a MinHash signature of the text's 3-word shingles: the share of equal entries in
//! two signatures estimates the Jaccard similarity of their shingle sets. Signatures are cut into
//! bands (locality-sensitive hashing) so that the store finds candidates by equal band hashes
//! and checks only those.

use url::Url;

/// Words in a shingle.
const SHINGLE_WORDS: usize = 3;
/// Texts shorter than this many words are not fingerprinted: two different one-paragraph
/// summaries share too few shingles for the estimate to mean anything.
pub const MIN_FINGERPRINT_WORDS: usize = 40;
/// Entries in a signature (hash functions).
pub const SIGNATURE_LEN: usize = BANDS * ROWS;
/// Bands of the signature; a pair is a candidate when any band is equal.
pub const BANDS: usize = 20;
/// Signature entries per band. With 20 bands of 5 rows a pair with similarity 0.7 is a candidate
/// with probability 0.97, a pair with similarity 0.2 with probability 0.006.
pub const ROWS: usize = 5;
/// Two texts whose estimated similarity reaches this are copies of one story.
pub const MIN_COPY_SIMILARITY: f64 = 0.7;

/// Query parameters that only track the reader, never select the content.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "ocid",
    "cmpid",
    "cmp",
    "smid",
    "smtyp",
    "ref",
    "ref_src",
    "ref_url",
    "referrer",
    "source",
    "src",
    "share",
    "spm",
    "_ga",
    "_gl",
    "yclid",
    "at_medium",
    "at_campaign",
    "ito",
    "mbid",
    "rss",
    "feed",
    "partner",
];

/// The URL with tracking parameters and the fragment removed, scheme `https`, host lowercased
/// without `www.`, default port dropped, trailing slash dropped and remaining parameters sorted.
/// Anything that does not parse as an http(s) URL is returned trimmed, unchanged.
pub fn canonical_url(raw: &str) -> String {
    let raw = raw.trim();
    let Ok(mut url) = Url::parse(raw) else {
        return raw.to_string();
    };
    if !matches!(url.scheme(), "http" | "https") {
        return raw.to_string();
    }
    let host = url
        .host_str()
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase());
    let _ = url.set_scheme("https");
    if let Some(host) = host {
        let _ = url.set_host(Some(&host));
    }
    let _ = url.set_port(None);
    url.set_fragment(None);
    let mut kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    kept.sort();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = url.path().to_string();
    if path.len() > 1 && path.ends_with('/') {
        url.set_path(path.trim_end_matches('/'));
    }
    url.to_string()
}

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

/// A MinHash signature of a text's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<u32>);

impl Fingerprint {
    /// The signature of the text's lowercased 3-word shingles, or `None` for texts under
    /// [`MIN_FINGERPRINT_WORDS`] words.
    pub fn of(text: &str) -> Option<Fingerprint> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() < MIN_FINGERPRINT_WORDS {
            return None;
        }
        let mut signature = vec![u32::MAX; SIGNATURE_LEN];
        for shingle in words.windows(SHINGLE_WORDS) {
            let h = fnv1a(shingle);
            for (i, slot) in signature.iter_mut().enumerate() {
                let v = mix(h ^ SEEDS[i % SEEDS.len()].wrapping_mul(i as u64 + 1)) as u32;
                *slot = (*slot).min(v);
            }
        }
        Some(Fingerprint(signature))
    }

    /// Estimated Jaccard similarity of the two shingle sets (share of equal entries).
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / SIGNATURE_LEN as f64
    }

    /// One hash per band; equal band hashes make two texts candidate copies.
    pub fn bands(&self) -> Vec<u64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                rows.iter().fold(band as u64, |acc, &v| {
                    mix(acc.rotate_left(29) ^ u64::from(v))
                })
            })
            .collect()
    }

    /// The stored form: the entries as little-endian bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads the stored form; `None` for bytes of the wrong length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Fingerprint> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        let entries = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(Fingerprint(entries))
    }
}

/// Seeds of the hash family (odd constants; entry `i` uses `seed[i % 8] * (i + 1)`).
const SEEDS: [u64; 8] = [
    0x9e37_79b9_7f4a_7c15,
    0xc2b2_ae3d_27d4_eb4f,
    0x1656_67b1_9e37_79f9,
    0x85eb_ca77_c2b2_ae63,
    0x27d4_eb2f_1656_67c5,
    0x94d0_49bb_1331_11eb,
    0xbf58_476d_1ce4_e5b9,
    0xd6e8_feb8_6659_fd93,
];

/// FNV-1a over the words of a shingle (stable across platforms and Rust versions, unlike
/// `DefaultHasher`, because fingerprints are stored).
fn fnv1a(words: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, w) in words.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b" " };
        for &b in sep.iter().chain(w.as_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    mix(h)
}

/// A finaliser (from SplitMix64) so that every output bit depends on every input bit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Russian President Vladimir Putin spoke by phone with Venezuelan \
        President Nicolas Maduro on Thursday and reaffirmed his support for the government in \
        Caracas, the Kremlin said, as Washington stepped up pressure on Venezuela with the \
        seizure of an oil tanker off the coast. The United States has accused Maduro of leading \
        a drug cartel, which he denies. At least 87 people have been killed in 22 strikes on \
        boats in the Caribbean Sea and the Eastern Pacific since September.";

    #[test]
    fn canonical_urls_drop_tracking_and_normalise_host() {
        assert_eq!(
            canonical_url("http://WWW.Example.com:80/news/a/?utm_source=x&id=3&fbclid=y#top"),
            "https://example.com/news/a?id=3"
        );
        assert_eq!(
            canonical_url("https://example.com/"),
            "https://example.com/"
        );
        assert_eq!(canonical_url(" not a url "), "not a url");
        assert_eq!(
            canonical_url("https://example.com/a?b=2&a=1"),
            "https://example.com/a?a=1&b=2"
        );
    }

    #[test]
    fn copies_are_close_and_other_stories_far() {
        let copy = format!("By Reuters staff. {STORY} Reporting by Jane Doe; editing by Tom.");
        let a = Fingerprint::of(STORY).unwrap();
        let b = Fingerprint::of(&copy).unwrap();
        assert!(
            a.similarity(&b) >= MIN_COPY_SIMILARITY,
            "{}",
            a.similarity(&b)
        );
        assert!(a.bands().iter().zip(b.bands()).any(|(x, y)| *x == y));
        let other = "The finance ministers of the euro zone met in Brussels on Monday to discuss \
            the budget rules that limit deficits, and agreed to extend the deadline for Italy and \
            France by one year, officials said after a meeting that lasted late into the night \
            while protesters gathered outside the building demanding higher wages and pensions.";
        let c = Fingerprint::of(other).unwrap();
        assert!(a.similarity(&c) < 0.1, "{}", a.similarity(&c));
        assert_eq!(
            Fingerprint::of(STORY),
            Fingerprint::of(&STORY.to_uppercase())
        );
    }

    #[test]
    fn fingerprints_round_trip_and_short_texts_have_none() {
        let a = Fingerprint::of(STORY).unwrap();
        assert_eq!(Fingerprint::from_bytes(&a.to_bytes()), Some(a.clone()));
        assert_eq!(Fingerprint::from_bytes(&[1, 2, 3]), None);
        assert_eq!(Fingerprint::of("Putin phoned Maduro."), None);
    }
}
