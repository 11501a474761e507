//! A CAMEO actor code broken into GDELT's actor columns.
//!
//! A CAMEO code is a run of three-letter parts: an optional country (`USA`), role/type codes
//! (`GOV`, `MIL`, `IGO`, ...) and, for organisations and armed groups, a known-group code
//! (`IGOUNO` → `UNO`, `CODREBADF` → `ADF`).

use dyad_core::ActorRef;

/// CAMEO role/type codes (CAMEO 1.1b3 actor codebook, plus `ELI` and `MNC`).
const TYPE_CODES: &[&str] = &[
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY",
    "RAD", "REB", "REF", "REL", "SEP", "SPY", "UAF", "UIS",
];

/// GDELT's breakdown of one actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ActorParts<'a> {
    /// `Type1Code`..`Type3Code`: the sector first, then other role codes in the code.
    pub types: [&'a str; 3],
    /// `KnownGroupCode`: the last part that is neither the country nor a role code.
    pub known_group: &'a str,
}

/// Splits an actor's code into GDELT's type and known-group columns.
pub(crate) fn parts(a: &ActorRef) -> ActorParts<'_> {
    let mut out = ActorParts::default();
    let mut types: Vec<&str> = a.sector.as_deref().into_iter().collect();
    for (i, part) in chunks(&a.code).enumerate() {
        let is_country = i == 0 && a.country.as_deref() == Some(part);
        if is_country {
            continue;
        }
        if TYPE_CODES.contains(&part) {
            if !types.contains(&part) {
                types.push(part);
            }
        } else {
            out.known_group = part;
        }
    }
    for (slot, t) in out.types.iter_mut().zip(types) {
        *slot = t;
    }
    out
}

/// Three-letter parts of a code; none when the code is not ASCII letters in threes.
fn chunks(code: &str) -> impl Iterator<Item = &str> {
    let ok = code.len().is_multiple_of(3) && code.bytes().all(|b| b.is_ascii_alphanumeric());
    let n = if ok { code.len() / 3 } else { 0 };
    (0..n).map(move |i| &code[i * 3..i * 3 + 3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: &str, country: Option<&str>, sector: Option<&str>) -> ActorRef {
        ActorRef {
            text: String::new(),
            start: 0,
            end: 0,
            code: code.into(),
            country: country.map(Into::into),
            sector: sector.map(Into::into),
            name: None,
        }
    }

    #[test]
    fn country_and_sector() {
        let a = actor("USAGOV", Some("USA"), Some("GOV"));
        let p = parts(&a);
        assert_eq!(p.types, ["GOV", "", ""]);
        assert_eq!(p.known_group, "");
    }

    #[test]
    fn organisations_have_known_groups() {
        let a = actor("IGOUNO", None, Some("IGO"));
        assert_eq!(parts(&a).known_group, "UNO");
        assert_eq!(parts(&a).types, ["IGO", "", ""]);
        let a = actor("CODREBADF", Some("COD"), Some("REB"));
        assert_eq!(parts(&a).known_group, "ADF");
        let a = actor("IGOAFRAFU", None, Some("IGO"));
        assert_eq!(parts(&a).known_group, "AFU");
    }

    #[test]
    fn extra_roles_fill_type2_and_type3() {
        let a = actor("USAMILGOVREB", Some("USA"), Some("MIL"));
        assert_eq!(parts(&a).types, ["MIL", "GOV", "REB"]);
    }

    #[test]
    fn odd_codes_give_only_the_sector() {
        let a = actor("XX", None, Some("CVL"));
        assert_eq!(parts(&a).types, ["CVL", "", ""]);
        assert_eq!(parts(&a).known_group, "");
        let a = actor("", None, None);
        assert_eq!(parts(&a), ActorParts::default());
    }
}
