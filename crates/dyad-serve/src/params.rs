//! Query-string parsing. Every malformed value is a 400 with a message that names the parameter;
//! unknown parameters are ignored; empty values count as absent (HTML forms send `actor=`).

use std::collections::HashMap;

use chrono::NaiveDate;
use dyad_store::{Cursor, EventFilter, Interval, SeriesSubject};

use crate::error::ApiError;

/// The longest value any parameter may have.
pub const MAX_VALUE_CHARS: usize = 500;
/// Page size of `/api/events` when `limit` is not given, and its maximum.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;

/// Every query parameter some endpoint reads: the API's surface, and what the property tests
/// send (`crates/dyad-serve/src/property_tests.rs`, `crates/dyad-cli/tests/serve_api.rs`).
pub const QUERY_PARAMETERS: &[&str] = &[
    "from",
    "to",
    "actor",
    "country",
    "code",
    "root",
    "quad",
    "plover",
    "place",
    "modality",
    "background",
    "q",
    "doc",
    "cursor",
    "limit",
    "format",
    "interval",
    "source",
    "target",
    "max_nodes",
];

/// The decoded query string: each parameter once.
#[derive(Debug, Default)]
pub struct Params {
    values: HashMap<String, String>,
}

impl Params {
    /// Decodes `a=1&b=x%20y`. A parameter given twice, or a value longer than
    /// [`MAX_VALUE_CHARS`], is an error.
    pub fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let mut values = HashMap::new();
        for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            if v.chars().count() > MAX_VALUE_CHARS {
                return Err(ApiError::bad(format!(
                    "parameter `{k}` is longer than {MAX_VALUE_CHARS} characters"
                )));
            }
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            if values.insert(k.to_string(), v.to_string()).is_some() {
                return Err(ApiError::bad(format!(
                    "parameter `{k}` is given more than once"
                )));
            }
        }
        Ok(Params { values })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Removes and returns a parameter (so a later, shared parser does not see it).
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.values.remove(name)
    }

    /// An integer parameter in `min..=max`, `default` when absent.
    pub fn int_in(
        &self,
        name: &str,
        min: usize,
        max: usize,
        default: usize,
    ) -> Result<usize, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad(format!(
                    "`{name}` must be an integer from {min} to {max}, not {v:?}"
                ))),
            },
        }
    }

    /// The event filter of `/api/events` and the aggregates: every filter parameter, the cursor
    /// and (when `paged`) the limit.
    pub fn filter(&self, paged: bool) -> Result<EventFilter, ApiError> {
        let mut f = EventFilter {
            from: self.date("from")?,
            to: self.date("to")?,
            ..Default::default()
        };
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                return Err(ApiError::bad(format!(
                    "`from` ({from}) is after `to` ({to})"
                )));
            }
        }
        if let Some(v) = self.get("actor") {
            f.actor = Some(actor_code("actor", v)?);
        }
        if let Some(v) = self.get("country") {
            f.country = Some(country("country", v)?);
        }
        if let Some(v) = self.get("code") {
            if !(1..=4).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::bad(format!(
                    "`code` must be a CAMEO event code or its prefix (1 to 4 digits, e.g. 1711), not {v:?}"
                )));
            }
            f.code = Some(v.to_string());
        }
        if let Some(v) = self.get("root") {
            f.root = Some(root(v)?);
        }
        if let Some(v) = self.get("quad") {
            f.quad = Some(match v {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => {
                    return Err(ApiError::bad(format!(
                        "`quad` must be 1, 2, 3 or 4, not {v:?}"
                    )))
                }
            });
        }
        if let Some(v) = self.get("plover") {
            if v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
                return Err(ApiError::bad(format!(
                    "`plover` must be a PLOVER event type such as SEIZE, not {v:?}"
                )));
            }
            f.plover = Some(v.to_ascii_uppercase());
        }
        if let Some(v) = self.get("place") {
            f.place = Some(v.to_string());
        }
        if let Some(v) = self.get("modality") {
            let m = v.to_ascii_lowercase();
            if !MODALITIES.contains(&m.as_str()) {
                return Err(ApiError::bad(format!(
                    "`modality` must be one of {}, not {v:?}",
                    MODALITIES.join(", ")
                )));
            }
            f.modality = Some(m);
        }
        if let Some(v) = self.get("background") {
            f.background = Some(boolean("background", v)?);
        }
        if let Some(v) = self.get("q") {
            f.text = Some(v.to_string());
        }
        if let Some(v) = self.get("doc") {
            f.doc = Some(v.to_string());
        }
        if paged {
            if let Some(v) = self.get("cursor") {
                f.after = Some(Cursor::decode(v).ok_or_else(|| {
                    ApiError::bad(format!(
                        "`cursor` is not a cursor this API returned (`next_cursor`): {v:?}"
                    ))
                })?);
            }
        }
        Ok(f)
    }

    /// `/api/events`' page size: 1..=1000, default 100.
    pub fn limit(&self) -> Result<usize, ApiError> {
        self.int_in("limit", 1, MAX_LIMIT, DEFAULT_LIMIT)
    }

    /// The subject of `/api/series`: `country`, or `source` and/or `target`, or everything.
    /// Takes those parameters out, so the remaining filter does not apply `country` twice.
    pub fn take_series_subject(&mut self) -> Result<SeriesSubject, ApiError> {
        let country_v = self.take("country");
        let source = self.take("source");
        let target = self.take("target");
        match (country_v, source, target) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(ApiError::bad(
                "give either `country` or a dyad (`source` and/or `target`), not both",
            )),
            (Some(c), None, None) => Ok(SeriesSubject::Country(actor_code("country", &c)?)),
            (None, None, None) => Ok(SeriesSubject::All),
            (None, s, t) => Ok(SeriesSubject::Dyad {
                source: s.map(|s| actor_code("source", &s)).transpose()?,
                target: t.map(|t| actor_code("target", &t)).transpose()?,
            }),
        }
    }

    pub fn interval(&self) -> Result<Interval, ApiError> {
        match self.get("interval") {
            None => Ok(Interval::Month),
            Some(v) => Interval::parse(&v.to_ascii_lowercase()).ok_or_else(|| {
                ApiError::bad(format!("`interval` must be day, week or month, not {v:?}"))
            }),
        }
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        self.get(name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .ok()
                    .filter(|_| v.len() == 10)
                    .ok_or_else(|| {
                        ApiError::bad(format!("`{name}` must be a date YYYY-MM-DD, not {v:?}"))
                    })
            })
            .transpose()
    }
}

/// The modalities an event record can have.
pub const MODALITIES: &[&str] = &["asserted", "negated", "hypothetical", "future", "claimed"];

/// A CAMEO actor code or its prefix (letters and digits, up to 32), upper-cased.
pub fn actor_code(name: &str, v: &str) -> Result<String, ApiError> {
    if v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad(format!(
            "`{name}` must be a CAMEO actor code or prefix (letters and digits, e.g. USA or VENGOV), not {v:?}"
        )));
    }
    Ok(v.to_ascii_uppercase())
}

fn country(name: &str, v: &str) -> Result<String, ApiError> {
    if v.len() != 3 || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ApiError::bad(format!(
            "`{name}` must be an ISO 3166-1 alpha-3 country code such as VEN, not {v:?}"
        )));
    }
    Ok(v.to_ascii_uppercase())
}

fn root(v: &str) -> Result<String, ApiError> {
    let ok = v.len() == 2
        && v.bytes().all(|b| b.is_ascii_digit())
        && matches!(v.parse::<u8>(), Ok(1..=20));
    if !ok {
        return Err(ApiError::bad(format!(
            "`root` must be a two-digit CAMEO root from 01 to 20, not {v:?}"
        )));
    }
    Ok(v.to_string())
}

fn boolean(name: &str, v: &str) -> Result<bool, ApiError> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(ApiError::bad(format!(
            "`{name}` must be true or false, not {v:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(q: &str) -> Result<EventFilter, ApiError> {
        Params::parse(Some(q))?.filter(true)
    }

    fn bad(q: &str) -> String {
        match filter(q) {
            Err(ApiError::BadRequest(m)) => m,
            other => panic!("{q}: expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn every_filter_parameter_is_parsed() {
        let f = filter(
            "from=2025-12-01&to=2025-12-31&actor=usa&country=ven&code=171&root=17&quad=4\
             &plover=seize&place=Caribbean%20Sea&modality=Asserted&background=false\
             &q=tanker&doc=moscowtimes&cursor=2025-12-10~42&unknown=whatever",
        )
        .unwrap();
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2025, 12, 1));
        assert_eq!(f.to, NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(f.actor.as_deref(), Some("USA"));
        assert_eq!(f.country.as_deref(), Some("VEN"));
        assert_eq!(f.code.as_deref(), Some("171"));
        assert_eq!(f.root.as_deref(), Some("17"));
        assert_eq!(f.quad, Some(4));
        assert_eq!(f.plover.as_deref(), Some("SEIZE"));
        assert_eq!(f.place.as_deref(), Some("Caribbean Sea"));
        assert_eq!(f.modality.as_deref(), Some("asserted"));
        assert_eq!(f.background, Some(false));
        assert_eq!(f.text.as_deref(), Some("tanker"));
        assert_eq!(f.doc.as_deref(), Some("moscowtimes"));
        assert_eq!(
            f.after,
            Some(Cursor {
                date: "2025-12-10".into(),
                id: 42
            })
        );
        assert_eq!(f.limit, None);
    }

    #[test]
    fn empty_values_are_absent_and_nothing_is_the_default() {
        let f = filter("actor=&root=&q=%20").unwrap();
        assert_eq!(f, EventFilter::default());
        assert_eq!(Params::parse(None).unwrap().limit().unwrap(), DEFAULT_LIMIT);
    }

    #[test]
    fn malformed_values_are_rejected_with_the_parameter_named() {
        for (q, name) in [
            ("from=2025-13-45", "`from`"),
            ("from=yesterday", "`from`"),
            ("to=2025-1-5", "`to`"),
            ("from=2025-12-31&to=2025-12-01", "after"),
            ("quad=5", "`quad`"),
            ("quad=0", "`quad`"),
            ("quad=x", "`quad`"),
            ("root=7", "`root`"),
            ("root=21", "`root`"),
            ("root=00", "`root`"),
            ("root=1a", "`root`"),
            ("code=17a", "`code`"),
            ("code=12345", "`code`"),
            ("actor=US%20A", "`actor`"),
            ("actor=x'%3B--", "`actor`"),
            ("country=VENE", "`country`"),
            ("modality=maybe", "`modality`"),
            ("background=perhaps", "`background`"),
            ("plover=SEIZE1", "`plover`"),
            ("cursor=abc", "`cursor`"),
            ("cursor=2025~x", "`cursor`"),
            ("actor=USA&actor=VEN", "more than once"),
        ] {
            let m = bad(q);
            assert!(m.contains(name), "{q}: {m}");
        }
        let long = format!("q={}", "a".repeat(MAX_VALUE_CHARS + 1));
        assert!(bad(&long).contains("longer than"));
    }

    #[test]
    fn limits_are_bounded() {
        let p = |q: &str| Params::parse(Some(q)).unwrap().limit();
        assert_eq!(p("limit=1").unwrap(), 1);
        assert_eq!(p("limit=1000").unwrap(), 1000);
        for q in [
            "limit=0",
            "limit=1001",
            "limit=-1",
            "limit=ten",
            "limit=1e3",
        ] {
            assert!(matches!(p(q), Err(ApiError::BadRequest(_))), "{q}");
        }
    }

    #[test]
    fn series_subjects() {
        let subject = |q: &str| Params::parse(Some(q)).unwrap().take_series_subject();
        assert_eq!(subject("").unwrap(), SeriesSubject::All);
        assert_eq!(
            subject("country=ven").unwrap(),
            SeriesSubject::Country("VEN".into())
        );
        assert_eq!(
            subject("source=USA&target=ven").unwrap(),
            SeriesSubject::Dyad {
                source: Some("USA".into()),
                target: Some("VEN".into())
            }
        );
        assert_eq!(
            subject("target=VEN").unwrap(),
            SeriesSubject::Dyad {
                source: None,
                target: Some("VEN".into())
            }
        );
        assert!(subject("country=VEN&source=USA").is_err());
        assert!(subject("source=U%2FS").is_err());
        let mut p = Params::parse(Some("country=VEN&root=17")).unwrap();
        p.take_series_subject().unwrap();
        assert_eq!(p.filter(false).unwrap().country, None);
    }

    #[test]
    fn intervals() {
        let i = |q: &str| Params::parse(Some(q)).unwrap().interval();
        assert_eq!(i("").unwrap(), Interval::Month);
        assert_eq!(i("interval=WEEK").unwrap(), Interval::Week);
        assert_eq!(i("interval=day").unwrap(), Interval::Day);
        assert!(i("interval=hour").is_err());
    }

    #[test]
    fn every_parameter_read_is_listed() {
        let sources = [
            include_str!("params.rs"),
            include_str!("routes/events.rs"),
            include_str!("routes/articles.rs"),
            include_str!("routes/analytics.rs"),
        ];
        let mut read = Vec::new();
        for source in sources {
            for call in [".get(\"", ".take(\"", ".date(\"", ".int_in(\""] {
                for piece in source.split(call).skip(1) {
                    let name: String = piece.chars().take_while(|c| *c != '"').collect();
                    if name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        read.push(name);
                    }
                }
            }
        }
        assert!(read.len() >= 15, "found only {read:?}");
        for name in read {
            assert!(
                QUERY_PARAMETERS.contains(&name.as_str()),
                "`{name}` is read but not in QUERY_PARAMETERS"
            );
        }
    }
}
