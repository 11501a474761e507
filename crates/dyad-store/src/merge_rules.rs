//! When two mentions report the same real-world event: the merge rules, as pure functions over
//! two coded records. Each rule either rejects the pair (with the reason) or adds a matched
//! feature and a score; the store merges a mention into the best-scoring compatible event.
//!
//! The rules, in order (see `docs/merging.md`):
//! 1. never two mentions of one sentence (they are different events by construction);
//! 2. same CAMEO root and modality; verbal events (QuadClass 1 and 3) need the same full code,
//!    because one statement is rarely reported under two codes, while material events
//!    ("seized" / "boarded") are often coded at different depths of one family;
//! 3. compatible actors on both sides (same code, or same country where one side is generic
//!    or differs only in sector); reciprocal events also match with sides swapped; an unknown
//!    side is compatible but scores less;
//! 4. dates within the window (both to the day) or equal (coarser precision);
//! 5. compatible places (no two different countries) and numbers (no aggregate against a single
//!    event; death tolls within a factor of two);
//! 6. within one article, verbal events merge only when both actor codes are identical: one
//!    article quoting two statements of the same kind is reporting two statements.

use dyad_core::{ActorRef, DatePrecision, EventRecord};

/// Tunable settings of the rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MergeRules {
    /// Largest gap in days between two dated-to-the-day mentions of one event.
    pub date_window_days: i64,
    /// Lowest score (0..1) at which a compatible pair is merged.
    pub min_score: f32,
}

impl Default for MergeRules {
    fn default() -> Self {
        MergeRules {
            date_window_days: 1,
            min_score: 0.5,
        }
    }
}

/// One mention as the rules see it: its record and the article it is in.
#[derive(Debug, Clone, Copy)]
pub struct MentionSide<'a> {
    pub record: &'a EventRecord,
    pub article_key: &'a str,
}

/// A compatible pair: what matched and how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub features: Vec<String>,
    pub score: f32,
}

/// Compares two mentions; `Err` carries the first rule that failed.
pub fn compare(rules: &MergeRules, a: MentionSide, b: MentionSide) -> Result<Match, String> {
    let (ea, eb) = (a.record, b.record);
    let same_article = a.article_key == b.article_key;
    if same_article && ea.sentence == eb.sentence {
        return Err("same sentence".into());
    }
    if ea.event.root != eb.event.root {
        return Err("different CAMEO root".into());
    }
    if ea.modality != eb.modality {
        return Err("different modality".into());
    }
    let mut m = Match {
        features: Vec::new(),
        score: 0.0,
    };
    let verbal = matches!(ea.event.quad, 1 | 3);
    code_rule(verbal, ea, eb, &mut m)?;
    let actors = actor_rule(ea, eb, &mut m)?;
    if same_article && verbal && actors != ActorFit::Identical {
        return Err("verbal events in one article with different actors".into());
    }
    date_rule(rules, same_article, ea, eb, &mut m)?;
    place_rule(ea, eb, &mut m)?;
    size_rule(ea, eb, &mut m)?;
    m.features.push(if same_article {
        "article: same".into()
    } else {
        "article: different".into()
    });
    m.score = m.score.min(1.0);
    if m.score < rules.min_score {
        return Err(format!("score {:.2} below {:.2}", m.score, rules.min_score));
    }
    Ok(m)
}

fn code_rule(verbal: bool, a: &EventRecord, b: &EventRecord, m: &mut Match) -> Result<(), String> {
    let (ca, cb) = (&a.event.cameo, &b.event.cameo);
    if ca == cb {
        m.features.push(format!("code: same ({ca})"));
        m.score += 0.2;
        return Ok(());
    }
    if verbal {
        return Err(format!("verbal events with different codes ({ca}, {cb})"));
    }
    m.features.push(format!("code: same root ({ca}, {cb})"));
    m.score += 0.1;
    Ok(())
}

/// How well the actors of two mentions agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ActorFit {
    /// One side unknown on either mention.
    Partial,
    /// Same countries, codes differ (USA / USAMIL).
    Country,
    /// The same codes on both sides.
    Identical,
}

fn actor_rule(a: &EventRecord, b: &EventRecord, m: &mut Match) -> Result<ActorFit, String> {
    let direct = side_fit(&a.source, &b.source).zip(side_fit(&a.target, &b.target));
    let swapped = if a.reciprocal || b.reciprocal {
        side_fit(&a.source, &b.target).zip(side_fit(&a.target, &b.source))
    } else {
        None
    };
    let best = [direct, swapped]
        .into_iter()
        .flatten()
        .map(|(s, t)| s.min(t))
        .max();
    let Some(fit) = best else {
        return Err("incompatible actors".into());
    };
    let known = |v: &[ActorRef]| v.iter().any(is_known);
    if !(known(&a.source) && known(&b.source) || known(&a.target) && known(&b.target)) {
        return Err("no side known on both mentions".into());
    }
    let (label, score) = match fit {
        ActorFit::Identical => ("actors: same codes", 0.45),
        ActorFit::Country => ("actors: same countries", 0.35),
        ActorFit::Partial => ("actors: one side unknown", 0.2),
    };
    m.features.push(label.into());
    m.score += score;
    Ok(fit)
}

/// The fit of one side (source or target) of two mentions; `None` when they conflict.
fn side_fit(a: &[ActorRef], b: &[ActorRef]) -> Option<ActorFit> {
    let known = |v: &[ActorRef]| v.iter().any(is_known);
    if !known(a) || !known(b) {
        return Some(ActorFit::Partial);
    }
    if codes(a) == codes(b) {
        return Some(ActorFit::Identical);
    }
    let shares_country = a.iter().any(|x| {
        b.iter()
            .any(|y| x.country.is_some() && x.country == y.country)
    });
    let shares_code = a
        .iter()
        .any(|x| b.iter().any(|y| !x.code.is_empty() && x.code == y.code));
    (shares_country || shares_code).then_some(ActorFit::Country)
}

/// An actor that identifies someone: with a country, or a specific code (a group such as
/// `IMGREBISI`). A bare sector (`GOV`, `MIL`, `CVL`: "the government", "troops") does not.
fn is_known(a: &ActorRef) -> bool {
    a.country.is_some() || a.code.len() > 3
}

/// The distinct actor codes of one side, sorted.
fn codes(v: &[ActorRef]) -> Vec<&str> {
    let mut c: Vec<&str> = v.iter().map(|x| x.code.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    c
}

fn date_rule(
    rules: &MergeRules,
    same_article: bool,
    a: &EventRecord,
    b: &EventRecord,
    m: &mut Match,
) -> Result<(), String> {
    let (Some(da), Some(db)) = (a.date.as_deref(), b.date.as_deref()) else {
        if a.date.is_none() && b.date.is_none() {
            m.features.push("date: both unknown".into());
            return Ok(());
        }
        return Err("one date unknown".into());
    };
    let day = |e: &EventRecord, d: &str| {
        e.date_precision.is_none_or(|p| p == DatePrecision::Day)
            && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
    };
    if day(a, da) && day(b, db) {
        let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let (Some(x), Some(y)) = (parse(da), parse(db)) else {
            return Err("unreadable date".into());
        };
        let gap = (x - y).num_days().abs();
        if gap > rules.date_window_days {
            return Err(format!("dates {gap} days apart"));
        }
        m.features.push(format!("date: {gap} days apart"));
        m.score += if gap == 0 { 0.3 } else { 0.2 };
        return Ok(());
    }
    if da.len() <= 4 && !same_article {
        return Err(format!(
            "only the year is known ({da}): too coarse across articles"
        ));
    }
    if da == db {
        m.features.push(format!("date: same ({da})"));
        m.score += 0.15;
        return Ok(());
    }
    Err(format!("dates differ ({da}, {db})"))
}

fn place_rule(a: &EventRecord, b: &EventRecord, m: &mut Match) -> Result<(), String> {
    let (Some(la), Some(lb)) = (&a.location, &b.location) else {
        m.features.push("place: one or both unknown".into());
        return Ok(());
    };
    if la.name.eq_ignore_ascii_case(&lb.name) {
        m.features.push(format!("place: same ({})", la.name));
        m.score += 0.1;
        return Ok(());
    }
    match (&la.country, &lb.country) {
        (Some(x), Some(y)) if x != y => Err(format!("places in different countries ({x}, {y})")),
        _ => {
            m.features
                .push(format!("place: compatible ({}, {})", la.name, lb.name));
            Ok(())
        }
    }
}

fn size_rule(a: &EventRecord, b: &EventRecord, m: &mut Match) -> Result<(), String> {
    let (Some(sa), Some(sb)) = (&a.size, &b.size) else {
        return Ok(());
    };
    if sa.aggregate != sb.aggregate {
        return Err("an aggregate and a single event".into());
    }
    if let (Some(x), Some(y)) = (sa.killed, sb.killed) {
        let (lo, hi) = (x.min(y), x.max(y));
        if hi > 2 * lo.max(1) && hi - lo > 2 {
            return Err(format!("death tolls differ ({x}, {y})"));
        }
        m.features.push(format!("killed: compatible ({x}, {y})"));
        m.score += 0.05;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
