//! CSV rows of merged events (RFC 4180 quoting), for `/api/events?format=csv`.

use dyad_core::{ActorRef, Event};

/// The header line.
pub const HEADER: &str = "event_id,date,cameo,root,quad,goldstein,plover,modality,background,\
source,source_names,target,target_names,trigger,place,place_country,lat,lon,killed,\
num_mentions,num_articles,num_sources,avg_tone,first_seen,last_seen,sentence,article_id,\
article_key,url,title,published\r\n";

/// Appends one event as a CSV line.
pub fn write_event(out: &mut String, e: &Event) {
    let r = &e.record;
    let codes = |a: &[ActorRef]| {
        a.iter()
            .map(|x| x.code.as_str())
            .collect::<Vec<_>>()
            .join(";")
    };
    let names = |a: &[ActorRef]| {
        a.iter()
            .map(|x| x.name.as_deref().unwrap_or(&x.text))
            .collect::<Vec<_>>()
            .join(";")
    };
    let opt_f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let loc = r.location.as_ref();
    let fields: [String; 31] = [
        e.id.to_string(),
        r.date.clone().unwrap_or_default(),
        r.event.cameo.clone(),
        r.event.root.clone(),
        r.event.quad.to_string(),
        r.event.goldstein.to_string(),
        r.event.plover.clone().unwrap_or_default(),
        r.modality.as_str().to_string(),
        r.background.to_string(),
        codes(&r.source),
        names(&r.source),
        codes(&r.target),
        names(&r.target),
        r.trigger.text.clone(),
        loc.map(|l| l.name.clone()).unwrap_or_default(),
        loc.and_then(|l| l.country.clone()).unwrap_or_default(),
        opt_f(loc.and_then(|l| l.lat)),
        opt_f(loc.and_then(|l| l.lon)),
        e.killed.map(|k| k.to_string()).unwrap_or_default(),
        e.num_mentions.to_string(),
        e.num_articles.to_string(),
        e.num_sources.to_string(),
        opt_f(e.avg_tone),
        e.first_seen.clone(),
        e.last_seen.clone(),
        r.text.clone(),
        e.article.id.clone(),
        e.article.key.clone(),
        e.article.url.clone().unwrap_or_default(),
        e.article.title.clone().unwrap_or_default(),
        e.article.published.clone().unwrap_or_default(),
    ];
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// One field, quoted when it holds a comma, quote or line break. A leading `=`, `+`, `-` or `@`
/// is prefixed with `'` so a spreadsheet does not run it as a formula (CSV injection).
fn field(out: &mut String, v: &str) {
    let formula = v.starts_with(['=', '+', '@', '\t', '\r'])
        || (v.starts_with('-') && v.parse::<f64>().is_err());
    let needs_quotes = formula || v.contains([',', '"', '\n', '\r']);
    if !needs_quotes {
        out.push_str(v);
        return;
    }
    out.push('"');
    if formula {
        out.push('\'');
    }
    for ch in v.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: &str) -> String {
        let mut s = String::new();
        field(&mut s, v);
        s
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(f("USAMIL"), "USAMIL");
        assert_eq!(f("-10"), "-10");
        assert_eq!(f("-2.5"), "-2.5");
        assert_eq!(f("a,b"), "\"a,b\"");
        assert_eq!(f("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(f("two\nlines"), "\"two\nlines\"");
        assert_eq!(f("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(f("-cmd"), "\"'-cmd\"");
    }

    #[test]
    fn header_has_31_fields() {
        assert_eq!(HEADER.trim_end().split(',').count(), 31);
    }
}
