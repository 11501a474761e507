//! The CAMEO event codebook with each code's Goldstein weight, quad class and PLOVER mapping.
//!
//! The table is `data/cameo/events.tsv`, compiled in. Codes are looked up as strings ("1711")
//! because leading zeros matter in CAMEO ("042" is not "42").

use std::collections::BTreeMap;
use std::sync::OnceLock;

use thiserror::Error;

use crate::event::EventCode;

const EVENTS_TSV: &str = include_str!("../../../data/cameo/events.tsv");

/// A problem with a codebook table, naming the line.
#[derive(Debug, Error, PartialEq)]
pub enum CodebookError {
    #[error("codebook line {line}: {reason}")]
    BadLine { line: usize, reason: String },
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct EventType {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    pub quad: u8,
    pub penta: u8,
    pub plover: Option<String>,
    pub mode: Option<String>,
    pub context: Option<String>,
}

impl EventType {
    /// The two-digit root ("17" for "1711").
    pub fn root(&self) -> &str {
        &self.code[..2]
    }

    /// The code as it appears in an event record.
    pub fn to_event_code(&self) -> EventCode {
        EventCode {
            cameo: self.code.clone(),
            root: self.root().to_string(),
            quad: self.quad,
            goldstein: self.goldstein,
            plover: self.plover.clone(),
            mode: self.mode.clone(),
        }
    }
}

/// All CAMEO event codes, by code.
#[derive(Debug, Clone)]
pub struct Codebook {
    codes: BTreeMap<String, EventType>,
}

impl Codebook {
    /// The compiled-in codebook (parsed once).
    pub fn builtin() -> &'static Codebook {
        static BOOK: OnceLock<Codebook> = OnceLock::new();
        BOOK.get_or_init(|| Codebook::parse(EVENTS_TSV).expect("compiled-in codebook is valid"))
    }

    /// Parses a codebook table (tab-separated, header line, `#` comments).
    pub fn parse(tsv: &str) -> Result<Codebook, CodebookError> {
        let mut codes = BTreeMap::new();
        for (index, line) in tsv.lines().enumerate().skip(1) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let event = parse_line(line).map_err(|reason| CodebookError::BadLine {
                line: index + 1,
                reason,
            })?;
            codes.insert(event.code.clone(), event);
        }
        Ok(Codebook { codes })
    }

    pub fn get(&self, code: &str) -> Option<&EventType> {
        self.codes.get(code)
    }

    pub fn iter(&self) -> impl Iterator<Item = &EventType> {
        self.codes.values()
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

fn non_empty(cell: Option<&str>) -> Option<String> {
    cell.map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

fn parse_line(line: &str) -> Result<EventType, String> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() < 5 {
        return Err(format!(
            "expected at least 5 columns, found {}",
            cells.len()
        ));
    }
    let code = cells[0].trim().to_string();
    if code.len() < 2 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("'{code}' is not a CAMEO code"));
    }
    let number = |i: usize, what: &str| -> Result<f32, String> {
        cells[i]
            .trim()
            .parse::<f32>()
            .map_err(|_| format!("{what} '{}' is not a number", cells[i]))
    };
    Ok(EventType {
        name: cells[1].trim().to_string(),
        goldstein: number(2, "goldstein")?,
        quad: number(3, "quad")? as u8,
        penta: number(4, "penta")? as u8,
        plover: non_empty(cells.get(5).copied()),
        mode: non_empty(cells.get(6).copied()),
        context: non_empty(cells.get(7).copied()),
        code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_all_twenty_roots() {
        let book = Codebook::builtin();
        for root in 1..=20 {
            let code = format!("{root:02}");
            assert!(book.get(&code).is_some(), "root {code} missing");
        }
    }

    #[test]
    fn seizure_is_material_conflict() {
        let seize = Codebook::builtin().get("1711").expect("1711");
        assert_eq!(seize.quad, 4);
        assert_eq!(seize.root(), "17");
        assert_eq!(seize.plover.as_deref(), Some("COERCE"));
        assert!(seize.goldstein < 0.0);
    }

    #[test]
    fn bad_line_is_named() {
        let err = Codebook::parse("h\n01\tx\tnot-a-number\t1\t0\n").unwrap_err();
        assert_eq!(
            err,
            CodebookError::BadLine {
                line: 2,
                reason: "goldstein 'not-a-number' is not a number".into()
            }
        );
    }
}
