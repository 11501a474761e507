//! GDELT's geography columns (`*Geo_Type` .. `*Geo_FeatureID`, 8 per actor and for the action).
//!
//! Geo types: 1 country, 2 US state, 3 US city or landmark, 4 world city or landmark, 5 world
//! state (ADM1). dyad's place precisions map as: `country` → 1; `admin1` → 2 in the USA, else 5;
//! `city` → 3 in the USA, else 4; `sea` and `region` → 4 (named features, as GDELT's gazetteer
//! treats seas and landmarks). Country codes are FIPS 10-4. ADM1/ADM2 codes and GNS feature ids
//! are left empty (dyad's gazetteer has none), except that country matches repeat the FIPS code
//! in ADM1Code and FeatureID, as GDELT does. Without a place the type is 0 and the rest empty.

use dyad_core::Location;

use crate::fields::clean;
use crate::fips;

/// The 8 columns of one geography block.
pub(crate) fn geo_columns(loc: Option<&Location>) -> [String; 8] {
    let Some(loc) = loc else {
        return empty();
    };
    let country = loc.country.as_deref().and_then(fips::country);
    let fips_code = country.map(|c| c.fips).unwrap_or("");
    let in_usa = loc.country.as_deref() == Some("USA");
    let geo_type = match loc.precision.as_str() {
        "country" => 1,
        "admin1" if in_usa => 2,
        "admin1" => 5,
        "city" if in_usa => 3,
        "city" | "sea" | "region" => 4,
        _ => 4,
    };
    let name = clean(&loc.name).into_owned();
    let full_name = match (geo_type, country) {
        (1, Some(c)) if !c.name.is_empty() => c.name.to_string(),
        (2..=5, Some(c)) if !c.name.is_empty() && loc.precision != "sea" => {
            format!("{name}, {}", c.name)
        }
        _ => name,
    };
    let (adm1, feature) = if geo_type == 1 {
        (fips_code, fips_code)
    } else {
        ("", "")
    };
    [
        geo_type.to_string(),
        full_name,
        fips_code.to_string(),
        adm1.to_string(),
        String::new(),
        coord(loc.lat),
        coord(loc.lon),
        feature.to_string(),
    ]
}

fn empty() -> [String; 8] {
    let mut cols: [String; 8] = Default::default();
    cols[0] = "0".into();
    cols
}

fn coord(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(name: &str, country: Option<&str>, precision: &str) -> Location {
        Location {
            text: name.into(),
            name: name.into(),
            country: country.map(Into::into),
            lat: Some(10.5),
            lon: Some(-66.9),
            precision: precision.into(),
        }
    }

    #[test]
    fn no_place_is_type_zero() {
        let g = geo_columns(None);
        assert_eq!(g[0], "0");
        assert!(g[1..].iter().all(String::is_empty));
    }

    #[test]
    fn country_level_uses_fips_and_country_name() {
        let g = geo_columns(Some(&loc("Venezuelan", Some("VEN"), "country")));
        assert_eq!(g, ["1", "Venezuela", "VE", "VE", "", "10.5", "-66.9", "VE"]);
    }

    #[test]
    fn cities_inside_and_outside_the_usa() {
        let g = geo_columns(Some(&loc("Caracas", Some("VEN"), "city")));
        assert_eq!(&g[..3], ["4", "Caracas, Venezuela", "VE"]);
        assert_eq!(g[7], "");
        let g = geo_columns(Some(&loc("Miami", Some("USA"), "city")));
        assert_eq!(&g[..3], ["3", "Miami, United States", "US"]);
    }

    #[test]
    fn states_and_seas() {
        assert_eq!(
            geo_columns(Some(&loc("Texas", Some("USA"), "admin1")))[0],
            "2"
        );
        assert_eq!(
            geo_columns(Some(&loc("Zulia", Some("VEN"), "admin1")))[0],
            "5"
        );
        let g = geo_columns(Some(&loc("Caribbean Sea", None, "sea")));
        assert_eq!(&g[..3], ["4", "Caribbean Sea", ""]);
    }
}
