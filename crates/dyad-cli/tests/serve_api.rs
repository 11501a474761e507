//! `dyad serve` end to end: every API endpoint against a store built by `dyad ingest` from the
//! reference article and a slice of the Guardian sample corpus, over real HTTP.

mod common;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::serve::{build_store, enc, Server};
use common::{dyad_command, stderr, REFERENCE_DOC};
use serde_json::Value;

fn store() -> &'static PathBuf {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        build_store(
            &PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve_api"),
            40,
        )
    })
}

/// A server without rate limit (the tests below make many requests quickly).
fn server() -> Server {
    Server::start(store(), &["--rate-limit", "0"])
}

fn events(s: &Server, query: &str) -> Vec<Value> {
    let page = s.ok(&format!("/api/events?limit=1000&{query}"));
    assert!(
        page["next_cursor"].is_null(),
        "{query}: more than 1000 events"
    );
    page["events"].as_array().unwrap().clone()
}

fn codes(actors: &Value) -> Vec<String> {
    actors
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect()
}

/// The records of every mention of an event: a merged event's actors and place come from all
/// of them, its code and date from the lead.
fn mention_records(s: &Server, id: &Value) -> Vec<Value> {
    s.ok(&format!("/api/events/{id}"))["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["record"].clone())
        .collect()
}

/// The tanker seizure of the reference article: CAMEO 1711, USA → VEN.
fn tanker(s: &Server) -> Value {
    let found: Vec<Value> = events(s, &format!("code=1711&doc={REFERENCE_DOC}"))
        .into_iter()
        .filter(|e| {
            codes(&e["record"]["source"])
                .iter()
                .any(|c| c.starts_with("USA"))
                && codes(&e["record"]["target"])
                    .iter()
                    .any(|c| c.starts_with("VEN"))
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn events_json_shape() {
    let s = server();
    let page = s.ok("/api/events");
    let list = page["events"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.len() <= 100, "default page size is 100");
    assert_eq!(page["count"].as_u64().unwrap() as usize, list.len());
    for e in list {
        assert!(e["id"].is_i64());
        for key in [
            "record",
            "article",
            "first_seen",
            "last_seen",
            "num_mentions",
            "num_articles",
            "num_sources",
        ] {
            assert!(!e[key].is_null(), "event without {key}: {e}");
        }
        assert!(e["record"]["event"]["cameo"].is_string());
        assert!(e["article"]["key"].is_string());
    }
    let t = tanker(&s);
    assert_eq!(t["record"]["event"]["cameo"], "1711");
    assert_eq!(t["record"]["date"], "2025-12-10");
    assert!(t["record"]["text"].as_str().unwrap().contains("seized"));
}

#[test]
fn every_filter_holds_for_every_returned_event() {
    let s = server();
    let all = events(&s, "");
    let check = |query: &str, pred: &dyn Fn(&Value) -> bool| {
        let got = events(&s, query);
        assert!(got.iter().all(pred), "{query}: an event does not match");
        let expected = all.iter().filter(|e| pred(e)).count();
        (got.len(), expected)
    };
    let rec = |e: &Value, k: &str| e["record"][k].clone();
    let (n, _) = check("root=17", &|e| rec(e, "event")["root"] == "17");
    assert!(n >= 1);
    let (n, want) = check("code=17", &|e| {
        rec(e, "event")["cameo"].as_str().unwrap().starts_with("17")
    });
    assert_eq!(n, want);
    let (n, want) = check("quad=4", &|e| rec(e, "event")["quad"] == 4);
    assert_eq!(n, want);
    let (n, want) = check("modality=claimed", &|e| rec(e, "modality") == "claimed");
    assert_eq!(n, want);
    assert!(n >= 1, "the reference article has a claimed event");
    let (n, want) = check("background=true", &|e| rec(e, "background") == true);
    assert_eq!(n, want);
    let (n, want) = check("plover=coerce", &|e| rec(e, "event")["plover"] == "COERCE");
    assert_eq!(n, want);
    let dated = |e: &Value| {
        rec(e, "date")
            .as_str()
            .map(str::to_string)
            .unwrap_or_default()
    };
    let (n, _) = check("from=2025-12-01&to=2025-12-31", &|e| {
        let d = dated(e);
        d.as_str() >= "2025-12-01" && d.as_str() <= "2025-12-31"
    });
    assert!(n >= 10);
    let either = |e: &Value, p: &str| {
        mention_records(&s, &e["id"]).iter().any(|r| {
            codes(&r["source"])
                .iter()
                .chain(codes(&r["target"]).iter())
                .any(|c| c.starts_with(p))
        })
    };
    let (n, want) = check("actor=usa", &|e| either(e, "USA"));
    assert!(n >= 3);
    assert_eq!(n, want);
    let (n, _) = check(&format!("doc={REFERENCE_DOC}"), &|e| {
        // The lead mention may come from a copy; the reference article is at least one mention.
        e["num_mentions"].as_u64().unwrap() >= 1
    });
    assert!(
        n >= 13,
        "the reference article codes at least 13 events, got {n}"
    );
    // Full text: the tanker is only in the reference article.
    let by_text = events(&s, "q=tanker");
    assert!(by_text.iter().any(|e| e["id"] == tanker(&s)["id"]));
    let ven = events(&s, "country=VEN");
    assert!(ven.iter().any(|e| e["id"] == tanker(&s)["id"]));
    // Conditions combine.
    let combined = events(&s, "actor=USA&root=17&from=2025-12-10&to=2025-12-10");
    assert!(combined.iter().any(|e| e["id"] == tanker(&s)["id"]));
    assert!(combined
        .iter()
        .all(|e| rec(e, "event")["root"] == "17" && dated(e) == "2025-12-10"));
}

#[test]
fn cursor_pagination_walks_every_page_once() {
    let s = server();
    let all: Vec<i64> = events(&s, "")
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(all.len() > 7, "too few events to page");
    for limit in [1, 7, 50] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("/api/events?limit={limit}");
            if let Some(c) = &cursor {
                path.push_str(&format!("&cursor={}", enc(c)));
            }
            let page = s.ok(&path);
            let list = page["events"].as_array().unwrap();
            assert!(list.len() <= limit);
            seen.extend(list.iter().map(|e| e["id"].as_i64().unwrap()));
            pages += 1;
            assert!(pages <= all.len() + 1, "pagination does not end");
            match page["next_cursor"].as_str() {
                Some(c) => {
                    assert_eq!(list.len(), limit, "a short page before the end");
                    cursor = Some(c.to_string());
                }
                None => break,
            }
        }
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "limit {limit}: an event came twice"
        );
        assert_eq!(seen, all, "limit {limit}: pages differ from the whole list");
    }
    // Paging a filtered list.
    let filtered: Vec<i64> = events(&s, "quad=4")
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    let first = s.ok("/api/events?quad=4&limit=2");
    if let Some(c) = first["next_cursor"].as_str() {
        let second = s.ok(&format!("/api/events?quad=4&limit=2&cursor={}", enc(c)));
        let ids: Vec<i64> = first["events"]
            .as_array()
            .unwrap()
            .iter()
            .chain(second["events"].as_array().unwrap())
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, filtered[..ids.len()]);
    }
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn csv_download_holds_the_filtered_events() {
    let s = server();
    let (status, ctype, body) = s.get_raw("/api/events?format=csv&root=17");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/csv"), "{ctype}");
    let rows = parse_csv(&body);
    let header = &rows[0];
    assert_eq!(header[0], "event_id");
    for r in &rows[1..] {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    let json = events(&s, "root=17");
    assert_eq!(rows.len() - 1, json.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ids: Vec<String> = rows[1..]
        .iter()
        .map(|r| r[col("event_id")].clone())
        .collect();
    let json_ids: Vec<String> = json.iter().map(|e| e["id"].to_string()).collect();
    assert_eq!(
        ids, json_ids,
        "CSV and JSON list the same events in the same order"
    );
    let tanker_id = tanker(&s)["id"].as_i64().unwrap().to_string();
    let row = rows[1..]
        .iter()
        .find(|r| r[col("event_id")] == tanker_id)
        .expect("the tanker seizure is in the CSV");
    assert_eq!(row[col("cameo")], "1711");
    assert_eq!(row[col("date")], "2025-12-10");
    assert!(row[col("source")].starts_with("USA"));
    assert!(row[col("sentence")].contains("seized"));
    // Every event without a filter, and a limit when asked.
    let (_, _, all) = s.get_raw("/api/events?format=csv");
    assert_eq!(parse_csv(&all).len() - 1, events(&s, "").len());
    let (_, _, two) = s.get_raw("/api/events?format=csv&limit=2");
    assert_eq!(parse_csv(&two).len() - 1, 2);
    // Errors are still errors, as JSON.
    let (status, json) = s.get("/api/events?format=csv&q=%22unbalanced");
    assert_eq!(status, 400, "{json}");
    let (status, _) = s.get("/api/events?format=xml");
    assert_eq!(status, 400);
}

/// `body[start..end]` in code points.
fn slice(body: &str, start: u64, end: u64) -> String {
    body.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn one_event_with_mentions_and_evidence_spans() {
    let s = server();
    let t = tanker(&s);
    let id = t["id"].as_i64().unwrap();
    let detail = s.ok(&format!("/api/events/{id}"));
    assert_eq!(detail["event"]["id"], id);
    let book = s.ok("/api/codebook");
    let entry = book["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "1711")
        .unwrap()
        .clone();
    assert_eq!(detail["code_name"], entry["name"]);
    let mentions = detail["mentions"].as_array().unwrap();
    assert_eq!(
        mentions.len() as u64,
        detail["event"]["num_mentions"].as_u64().unwrap()
    );
    let article = s.ok(&format!("/api/articles/{REFERENCE_DOC}"));
    let body = article["body"].as_str().unwrap();
    let mut checked = 0;
    for m in mentions {
        assert_eq!(m["event_id"], id);
        let ev = &m["evidence"];
        let roles: Vec<&str> = ev["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["role"].as_str().unwrap())
            .collect();
        assert!(
            roles.contains(&"source") && roles.contains(&"trigger") && roles.contains(&"target"),
            "{roles:?}"
        );
        if m["article"]["key"] != article["article"]["key"] {
            continue;
        }
        let (ss, se) = (
            ev["sentence_start"].as_u64().unwrap(),
            ev["sentence_end"].as_u64().unwrap(),
        );
        assert_eq!(slice(body, ss, se), m["record"]["text"].as_str().unwrap());
        for span in ev["spans"].as_array().unwrap() {
            let text = slice(
                body,
                span["article_start"].as_u64().unwrap(),
                span["article_end"].as_u64().unwrap(),
            );
            assert_eq!(text, span["text"].as_str().unwrap());
            checked += 1;
        }
    }
    assert!(checked >= 3);
    let (status, json) = s.get("/api/events/987654321");
    assert_eq!(status, 404);
    assert!(json["error"].as_str().unwrap().contains("987654321"));
    for bad in ["abc", "-1", "1.5", "99999999999999999999999"] {
        let (status, json) = s.get(&format!("/api/events/{bad}"));
        assert_eq!(status, 400, "{bad}: {json}");
    }
}

#[test]
fn article_view_has_the_spans_of_every_mention() {
    let s = server();
    let a = s.ok(&format!("/api/articles/{REFERENCE_DOC}"));
    assert_eq!(a["article"]["id"], REFERENCE_DOC);
    let body = a["body"].as_str().unwrap();
    assert_eq!(
        a["article"]["body_chars"].as_u64().unwrap() as usize,
        body.chars().count()
    );
    let mentions = a["mentions"].as_array().unwrap();
    assert!(mentions.len() >= 13);
    let mut tanker_seen = false;
    for m in mentions {
        let (ss, se) = (
            m["sentence_start"].as_u64().unwrap(),
            m["sentence_end"].as_u64().unwrap(),
        );
        assert_eq!(slice(body, ss, se), m["text"].as_str().unwrap());
        for span in m["spans"].as_array().unwrap() {
            let (st, en) = (
                span["article_start"].as_u64().unwrap(),
                span["article_end"].as_u64().unwrap(),
            );
            assert!(ss <= st && en <= se, "span outside its sentence");
            assert_eq!(slice(body, st, en), span["text"].as_str().unwrap());
        }
        if m["cameo"] == "1711" && m["text"].as_str().unwrap().contains("seized") {
            tanker_seen = true;
            assert_eq!(m["modality"], "asserted");
            assert!(m["code_name"].is_string());
        }
    }
    assert!(tanker_seen);
    // By store key too.
    let key = a["article"]["key"].as_str().unwrap();
    assert_eq!(
        s.ok(&format!("/api/articles/{key}"))["article"]["id"],
        REFERENCE_DOC
    );
    let (status, json) = s.get("/api/articles/no-such-article");
    assert_eq!(status, 404, "{json}");
}

#[test]
fn series_for_a_dyad_and_a_country() {
    let s = server();
    let d = s.ok("/api/series?source=USA&target=VEN&interval=day&from=2025-12-01&to=2025-12-31");
    assert_eq!(d["subject"], "dyad");
    assert_eq!(d["interval"], "day");
    let pts = d["points"].as_array().unwrap();
    let day = pts
        .iter()
        .find(|p| p["bucket"] == "2025-12-10")
        .expect("2025-12-10 bucket");
    assert!(day["events"].as_u64().unwrap() >= 1);
    // Consecutive days, shares consistent, totals = all events of the period.
    let mut total = 0;
    for w in pts.windows(2) {
        let a = chrono::NaiveDate::parse_from_str(w[0]["bucket"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
        let b = chrono::NaiveDate::parse_from_str(w[1]["bucket"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
        assert_eq!((b - a).num_days(), 1);
    }
    for p in pts {
        let (n, t) = (
            p["events"].as_f64().unwrap(),
            p["total_events"].as_f64().unwrap(),
        );
        assert!(n <= t);
        let share = p["share"].as_f64().unwrap();
        assert!((share - if t > 0.0 { n / t } else { 0.0 }).abs() < 1e-9);
        if n > 0.0 {
            let mean = p["goldstein_mean"].as_f64().unwrap();
            assert!((mean - p["goldstein_sum"].as_f64().unwrap() / n).abs() < 1e-6);
        }
        total += t as usize;
    }
    // A daily series counts the events dated to the day.
    let dated = events(&s, "from=2025-12-01&to=2025-12-31")
        .iter()
        .filter(|e| e["record"]["date"].as_str().is_some_and(|d| d.len() == 10))
        .count();
    assert_eq!(total, dated);

    let c = s.ok("/api/series?country=VEN&interval=month");
    assert_eq!(c["subject"], "country");
    let pts = c["points"].as_array().unwrap();
    assert!(pts
        .iter()
        .all(|p| p["bucket"].as_str().unwrap().ends_with("-01")));
    let dec = pts.iter().find(|p| p["bucket"] == "2025-12-01").unwrap();
    assert!(
        dec["events"].as_u64().unwrap()
            >= events(&s, "country=VEN&from=2025-12-01&to=2025-12-31").len() as u64
    );

    let w = s.ok("/api/series?interval=week&from=2025-12-01");
    for p in w["points"].as_array().unwrap() {
        let d =
            chrono::NaiveDate::parse_from_str(p["bucket"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!(chrono::Datelike::weekday(&d), chrono::Weekday::Mon);
        // Without a country or dyad the subject is every event: the share is all or nothing.
        let expect = if p["events"] == 0 { 0.0 } else { 1.0 };
        assert_eq!(p["share"].as_f64().unwrap(), expect);
    }
    for bad in [
        "interval=hour",
        "country=VEN&source=USA",
        "source=U%2BS",
        "from=2025-12-32",
    ] {
        let (status, json) = s.get(&format!("/api/series?{bad}"));
        assert_eq!(status, 400, "{bad}: {json}");
    }
}

#[test]
fn network_of_actors() {
    let s = server();
    let n = s.ok("/api/network?max_nodes=10");
    let nodes = n["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty() && nodes.len() <= 10);
    let counts: Vec<u64> = nodes
        .iter()
        .map(|x| x["events"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most active first");
    assert!(n["total_actors"].as_u64().unwrap() >= nodes.len() as u64);
    let names: HashSet<&str> = nodes.iter().map(|x| x["code"].as_str().unwrap()).collect();
    for e in n["edges"].as_array().unwrap() {
        assert!(
            names.contains(e["source"].as_str().unwrap())
                && names.contains(e["target"].as_str().unwrap())
        );
        assert!(e["events"].as_u64().unwrap() >= 1);
    }
    let doc = s.ok(&format!("/api/network?doc={REFERENCE_DOC}&root=17"));
    let edge = doc["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["source"].as_str().unwrap().starts_with("USA")
                && e["target"].as_str().unwrap().starts_with("VEN")
        })
        .expect("USA → VEN edge");
    assert!(edge["goldstein_mean"].as_f64().unwrap() < 0.0);
    for bad in ["max_nodes=0", "max_nodes=501", "quad=9"] {
        assert_eq!(s.get(&format!("/api/network?{bad}")).0, 400, "{bad}");
    }
}

#[test]
fn places_of_events() {
    let s = server();
    let p = s.ok("/api/places");
    let places = p["places"].as_array().unwrap();
    assert!(
        !places.is_empty(),
        "the reference article locates events at sea"
    );
    let mut total = 0;
    for x in places {
        let (lat, lon) = (x["lat"].as_f64().unwrap(), x["lon"].as_f64().unwrap());
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        total += x["events"].as_u64().unwrap();
    }
    let located = events(&s, "")
        .iter()
        .filter(|e| {
            e["record"]["location"]["lat"].is_number()
                || mention_records(&s, &e["id"])
                    .iter()
                    .any(|r| r["location"]["lat"].is_number())
        })
        .count() as u64;
    assert_eq!(total, located);
    assert_eq!(
        s.ok("/api/places?limit=1")["places"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The place filter of the event list finds the events of a place.
    let first = &places[0];
    let name = first["place"].as_str().unwrap();
    let at = events(&s, &format!("place={}", enc(name)));
    assert!(at.len() as u64 >= first["events"].as_u64().unwrap());
    assert!(at.iter().all(|e| {
        mention_records(&s, &e["id"]).iter().any(|r| {
            let loc = &r["location"];
            loc["name"]
                .as_str()
                .unwrap_or("")
                .to_lowercase()
                .contains(&name.to_lowercase())
                || loc["country"].as_str() == Some(name)
        })
    }));
    assert_eq!(s.get("/api/places?limit=0").0, 400);
}

#[test]
fn full_text_search() {
    let s = server();
    let r = s.ok("/api/search?q=tanker");
    let hits = r["hits"].as_array().unwrap();
    let hit = hits
        .iter()
        .find(|h| h["article"]["id"] == REFERENCE_DOC)
        .expect("reference article found");
    assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>"));
    assert!(hit["events"].as_u64().unwrap() >= 13);
    assert!(s.ok("/api/search?q=zzzzqqqq")["hits"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        s.ok("/api/search?q=venez*&limit=1")["hits"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for bad in ["", "?q=", "?q=%22unbalanced", "?q=AND", "?q=x&limit=101"] {
        let (status, json) = s.get(&format!("/api/search{bad}"));
        assert_eq!(status, 400, "{bad}: {json}");
    }
}

#[test]
fn codebook_and_stats() {
    let s = server();
    let c = s.ok("/api/codebook");
    let codes = c["codes"].as_array().unwrap();
    assert!(codes.len() > 200);
    let seize = codes.iter().find(|x| x["code"] == "1711").unwrap();
    assert_eq!(seize["root"], "17");
    assert_eq!(seize["quad"], 4);
    assert!(seize["goldstein"].as_f64().unwrap() < -5.0);
    assert_eq!(c["quads"].as_array().unwrap().len(), 4);
    assert_eq!(c["modalities"].as_array().unwrap().len(), 5);
    let st = s.ok("/api/stats");
    assert_eq!(
        st["events"].as_u64().unwrap() as usize,
        events(&s, "").len()
    );
    assert!(st["articles"].as_u64().unwrap() >= 1);
    assert!(st["mentions"].as_u64().unwrap() >= st["events"].as_u64().unwrap());
}

#[test]
fn openapi_describes_every_route_and_they_answer() {
    let s = server();
    let doc = s.ok("/api/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        "/api/events",
        "/api/events/{id}",
        "/api/series",
        "/api/network",
        "/api/places",
        "/api/articles",
        "/api/articles/{id}",
        "/api/search",
        "/api/codebook",
        "/api/stats",
        "/api/openapi.json",
    ];
    for p in expected {
        assert!(paths.contains_key(p), "{p} not described");
    }
    let t = tanker(&s);
    for (path, ops) in paths {
        let methods: Vec<&String> = ops.as_object().unwrap().keys().collect();
        if path == "/api/articles" {
            // The one writing operation, covered by `posting_articles_needs_a_configured_token`.
            assert_eq!(methods, ["post"]);
            assert!(ops["post"]["security"].is_array());
            continue;
        }
        assert_eq!(methods, ["get"], "{path}: only GET reads");
        let real = path
            .replace("/api/events/{id}", &format!("/api/events/{}", t["id"]))
            .replace("{id}", REFERENCE_DOC)
            .replace("/api/search", "/api/search?q=tanker");
        let (status, _, body) = s.get_raw(&real);
        assert_eq!(status, 200, "{real}: {body}");
    }
}

/// Hostile or malformed values for every parameter on every endpoint: a 200 or a 400 with a
/// JSON message, never a 500.
#[test]
fn malformed_parameters_are_400_never_500() {
    let s = server();
    let params = dyad_serve::QUERY_PARAMETERS;
    let long = "x".repeat(600);
    let values = [
        "'",
        "\"",
        "%",
        "\\",
        "NEAR(",
        "*",
        "' OR 1=1 --",
        "😀",
        "-1",
        "0",
        "1e9",
        "null",
        "2025-02-30",
        "9999-99-99",
        "a~b",
        "~",
        "AND",
        "()",
        "\u{0}",
        long.as_str(),
    ];
    let endpoints = [
        "/api/events",
        "/api/series",
        "/api/network",
        "/api/places",
        "/api/search",
    ];
    let mut requests = 0;
    for ep in endpoints {
        for p in params {
            for v in values {
                let path = format!("{ep}?{p}={}", enc(v));
                let (status, ctype, body) = s.get_raw(&path);
                requests += 1;
                assert!(status == 200 || status == 400, "{path}: {status} {body}");
                if status == 400 {
                    assert!(ctype.starts_with("application/json"), "{path}");
                    let json: Value = serde_json::from_str(&body).unwrap();
                    assert!(!json["error"].as_str().unwrap().is_empty());
                }
            }
        }
    }
    assert!(requests > 1000);
    // Specific messages name the parameter.
    for (query, name) in [
        ("from=2025-13-45", "from"),
        ("quad=5", "quad"),
        ("root=7", "root"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("modality=perhaps", "modality"),
        ("background=maybe", "background"),
        ("cursor=garbage", "cursor"),
        ("actor=USA&actor=VEN", "actor"),
    ] {
        let (status, json) = s.get(&format!("/api/events?{query}"));
        assert_eq!(status, 400, "{query}");
        assert!(
            json["error"].as_str().unwrap().contains(name),
            "{query}: {json}"
        );
    }
    // Path parameters.
    let long_id = "a".repeat(600);
    assert_eq!(s.get(&format!("/api/articles/{long_id}")).0, 400);
    assert_eq!(s.get("/api/articles/%27%20OR%201%3D1").0, 404);
}

#[test]
fn ui_and_assets_are_served_with_a_strict_policy() {
    let s = server();
    let resp = s.agent.get(format!("{}/", s.base)).call().unwrap();
    let csp = resp
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(
        resp.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    let (status, ctype, html) = s.get_raw("/");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"));
    assert!(html.contains("/assets/app.js") && html.contains("events-table"));
    let (status, ctype, js) = s.get_raw("/assets/app.js");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/javascript"));
    assert!(js.contains("/api/events"));
    assert!(
        !js.contains("https://") && !html.contains("https://"),
        "the UI must not load anything external"
    );
    let (status, _, css) = s.get_raw("/assets/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("@import") && !css.contains("url(http"));
    let world = s.ok("/assets/world-110m.json");
    assert!(world["features"].as_array().unwrap().len() > 150);
    let (status, json) = s.get("/assets/nope.js");
    assert_eq!(status, 404, "{json}");
    let (status, json) = s.get("/api/nothing-here");
    assert_eq!(status, 404);
    assert!(json["error"].as_str().unwrap().contains("no such endpoint"));
}

#[test]
fn the_api_is_read_only() {
    let s = server();
    let before = s.ok("/api/stats");
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for path in [
            "/api/events",
            "/api/articles",
            "/api/articles/x",
            "/api/events/1",
            "/",
        ] {
            let url = format!("{}{path}", s.base);
            let req = ureq::http::Request::builder()
                .method(method)
                .uri(&url)
                .body(r#"{"id":"x","text":"The U.S. seized a tanker."}"#.to_string())
                .unwrap();
            let resp = s.agent.run(req).unwrap();
            // 405 where the path reads, 404 where nothing is routed (no token, no writing).
            let expected = if path == "/api/articles" { 404 } else { 405 };
            assert_eq!(resp.status().as_u16(), expected, "{method} {path}");
        }
    }
    assert_eq!(s.ok("/api/stats"), before);
}

#[test]
fn posting_articles_needs_a_configured_token() {
    // A store of its own: this test writes.
    let store = build_store(
        &PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serve_api_post"),
        0,
    );
    let token = "test-token-0123456789abcdef";
    let s = Server::start(&store, &["--rate-limit", "0", "--token", token]);
    let url = format!("{}/api/articles", s.base);
    let post = |auth: Option<&str>, body: &str| {
        let mut req = s.agent.post(&url);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let mut resp = req.send(body.to_string()).unwrap();
        let status = resp.status().as_u16();
        let www = resp
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_string());
        let json: Value =
            serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap_or(Value::Null);
        (status, json, www)
    };
    let article = r#"{"id": "posted-1", "date": "2025-12-12", "source": "Test Wire", "title": "Russia seizes a ship", "text": "Russia seized a Ukrainian ship on Monday. Kyiv condemned the seizure."}"#;
    let before = s.ok("/api/stats");
    let (status, json, www) = post(None, article);
    assert_eq!(status, 401, "{json}");
    assert_eq!(www.as_deref(), Some("Bearer"));
    let (status, _, _) = post(Some("Bearer not-the-token-0123456789"), article);
    assert_eq!(status, 401);
    assert_eq!(
        s.ok("/api/stats"),
        before,
        "nothing stored without the token"
    );

    let bearer = format!("Bearer {token}");
    let (status, json, _) = post(Some(&bearer), article);
    assert_eq!(status, 201, "{json}");
    assert_eq!(json["articles"], 1);
    assert!(json["events"].as_u64().unwrap() >= 1, "{json}");
    assert_eq!(json["stored"][0], "posted-1");
    let posted = events(&s, "doc=posted-1");
    assert!(!posted.is_empty());
    assert!(posted.iter().any(|e| e["record"]["event"]["root"] == "17"
        && codes(&e["record"]["source"])
            .iter()
            .any(|c| c.starts_with("RUS"))));
    let after = s.ok("/api/stats");
    // Posting the same article again changes nothing.
    let (status, json, _) = post(Some(&bearer), article);
    assert_eq!(status, 201, "{json}");
    assert_eq!(s.ok("/api/stats"), after);
    for bad in ["", "not json", "{\"id\": 3"] {
        let (status, json, _) = post(Some(&bearer), bad);
        assert_eq!(status, 400, "{bad:?}: {json}");
    }
    drop(s);

    // A short token is refused at start.
    let out = dyad_command()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--token",
            "short",
            "--store",
        ])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--token"));
}

#[test]
fn rate_limit_answers_429_with_retry_after() {
    let s = Server::start(store(), &["--rate-limit", "2"]);
    // Server::start used one request of the burst of 4.
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..30 {
        let mut resp = s.agent.get(format!("{}/api/stats", s.base)).call().unwrap();
        statuses.push(resp.status().as_u16());
        if resp.status() == 429 {
            retry_after = resp
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
            let body: Value =
                serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
            assert!(body["error"]
                .as_str()
                .unwrap()
                .contains("too many requests"));
        }
    }
    assert!(statuses[..2].iter().all(|s| *s == 200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 429));
    assert!(retry_after.unwrap().parse::<u64>().unwrap() >= 1);
}

#[test]
fn foreign_host_names_are_refused() {
    let s = server();
    let req = ureq::http::Request::builder()
        .method("GET")
        .uri(format!("{}/api/stats", s.base))
        .header("host", "attacker.example")
        .body(())
        .unwrap();
    let resp = s.agent.run(req).unwrap();
    assert_eq!(resp.status().as_u16(), 421);
    let req = ureq::http::Request::builder()
        .method("GET")
        .uri(format!("{}/api/stats", s.base))
        .header("host", "localhost")
        .body(())
        .unwrap();
    assert_eq!(s.agent.run(req).unwrap().status().as_u16(), 200);
}

#[test]
fn a_missing_store_is_an_error_not_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.db");
    let out = dyad_command()
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"));
    assert!(!missing.exists());
}
