//! CAMEO conventions for modality: a promised cooperative act is an "express intent" event (03),
//! a promised act of force is a threat (13), and a negated cooperative act is a rejection (12).

use dyad_core::Modality;

/// The code to use for `code` under `modality`, with the reason, when the convention applies.
pub fn recode(code: &str, modality: Modality) -> Option<(&'static str, &'static str)> {
    let root: u32 = code.get(..2)?.parse().ok()?;
    match modality {
        Modality::Future => {
            future_code(root).map(|c| (c, "future act coded as intent or threat (CAMEO 03/13)"))
        }
        Modality::Negated if (3..=8).contains(&root) => {
            Some(("120", "negated cooperation coded as rejection (CAMEO 12)"))
        }
        _ => None,
    }
}

/// Verbs that undo what their object names ("lifted the curfew", "called off the strike").
pub const REVERSAL_VERBS: &[&str] = &[
    "lift", "cancel", "end", "ease", "relax", "revoke", "rescind", "repeal", "scrap", "drop",
    "abandon", "halt", "stop", "suspend", "shorten", "loosen", "remove", "call", "overturn",
];

/// The CAMEO "yield" code for undoing an event of `code` ("lifted sanctions" is 085, "lifted
/// the curfew" 0813, "called off the strike" 082, "ended the blockade" 0872).
pub fn reversed(code: &str) -> Option<&'static str> {
    Some(match code {
        "1723" => "0813",
        "1724" => "0814",
        "191" => "0872",
        "163" | "1631" | "1632" | "164" => "085",
        _ => match code.get(..2)? {
            "17" => "081",
            "14" => "082",
            "15" | "18" | "19" | "20" => "087",
            "16" => "080",
            _ => return None,
        },
    })
}

fn future_code(root: u32) -> Option<&'static str> {
    Some(match root {
        4 => "036",
        5 => "032",
        6 => "031",
        7 => "033",
        8 => "035",
        14 => "133",
        15 | 16 => "138",
        17 => "137",
        18 => "1383",
        19 => "1384",
        20 => "1385",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions() {
        assert_eq!(recode("051", Modality::Future).unwrap().0, "032");
        assert_eq!(recode("190", Modality::Future).unwrap().0, "1384");
        assert_eq!(recode("042", Modality::Negated).unwrap().0, "120");
        assert!(recode("190", Modality::Negated).is_none());
        assert!(recode("1711", Modality::Asserted).is_none());
    }

    #[test]
    fn undoing_an_event_is_yielding() {
        assert_eq!(reversed("1723"), Some("0813"));
        assert_eq!(reversed("163"), Some("085"));
        assert_eq!(reversed("172"), Some("081"));
        assert_eq!(reversed("143"), Some("082"));
        assert_eq!(reversed("190"), Some("087"));
        assert_eq!(reversed("042"), None);
    }
}
