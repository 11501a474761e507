//! The GDELT event and mentions tables: shape, ids, conventions.

mod common;

use common::*;
use dyad_export::{mention_sink, EventIndex, Format, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS};

/// Rows of tab-separated fields.
fn tsv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

fn gdelt_rows(events: &[dyad_core::Event]) -> (Vec<Vec<String>>, dyad_export::ExportSummary) {
    let (text, summary) = export_text(Format::Gdelt, events);
    (tsv_rows(&text), summary)
}

/// The field of `row` under `name` in `columns`.
fn field(columns: &[&str], row: &[String], name: &str) -> String {
    let i = columns.iter().position(|c| *c == name).unwrap();
    row[i].clone()
}

fn col(row: &[String], name: &str) -> String {
    field(&GDELT_EVENT_COLUMNS, row, name)
}

fn mention_col(row: &[String], name: &str) -> String {
    field(&GDELT_MENTION_COLUMNS, row, name)
}

#[test]
fn every_row_has_61_fields() {
    let (rows, summary) = gdelt_rows(&all_events());
    // undated 1, year-only 1, compound 2 (two sources), seizure 1, phone call 2 (reciprocal).
    assert_eq!(rows.len(), 7);
    assert_eq!(summary.rows, 7);
    assert_eq!(summary.records, 5);
    for row in &rows {
        assert_eq!(row.len(), 61, "{row:?}");
    }
}

#[test]
fn reciprocal_event_gives_both_directed_dyads() {
    let (rows, _) = gdelt_rows(&[phone_call()]);
    assert_eq!(rows.len(), 2);
    let ids: Vec<String> = rows.iter().map(|r| col(r, "GLOBALEVENTID")).collect();
    assert_eq!(ids, ["200", "201"]);
    assert_eq!(
        (col(&rows[0], "Actor1Code"), col(&rows[0], "Actor2Code")),
        ("RUSGOV".into(), "VENGOV".into())
    );
    assert_eq!(
        (col(&rows[1], "Actor1Code"), col(&rows[1], "Actor2Code")),
        ("VENGOV".into(), "RUSGOV".into())
    );
    assert_eq!(col(&rows[1], "Actor1Name"), "NICOLÁS MADURO");
    assert_eq!(col(&rows[0], "EventCode"), "042");
    assert_eq!(col(&rows[0], "EventBaseCode"), "042");
    assert_eq!(col(&rows[0], "EventRootCode"), "04");
    assert_eq!(col(&rows[0], "IsRootEvent"), "1");
}

#[test]
fn compound_actors_give_one_row_per_pair() {
    let (rows, _) = gdelt_rows(&[compound()]);
    let pairs: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                col(r, "GLOBALEVENTID"),
                col(r, "Actor1Code"),
                col(r, "Actor2Code"),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("300".into(), "USA".into(), "VEN".into()),
            ("301".into(), "GBR".into(), "VEN".into())
        ]
    );
    // Countries without a resolved name get the country's name, upper case.
    assert_eq!(col(&rows[1], "Actor1Name"), "UNITED KINGDOM");
    // A month stands for its first day.
    assert_eq!(col(&rows[0], "SQLDATE"), "20251101");
    assert_eq!(col(&rows[0], "MonthYear"), "202511");
}

#[test]
fn seizure_columns_follow_gdelt_conventions() {
    let (rows, _) = gdelt_rows(&[seizure()]);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(col(r, "GLOBALEVENTID"), "100");
    assert_eq!(col(r, "SQLDATE"), "20251210");
    assert_eq!(col(r, "Year"), "2025");
    // (11 * 30 + 10) / 365 = 0.93151
    assert_eq!(col(r, "FractionDate"), "2025.9315");
    assert_eq!(col(r, "Actor1CountryCode"), "USA");
    assert_eq!(col(r, "Actor1Type1Code"), "MIL");
    assert_eq!(col(r, "Actor2Name"), "VENEZUELA");
    assert_eq!(col(r, "QuadClass"), "4");
    assert_eq!(col(r, "GoldsteinScale"), "-9.2");
    assert_eq!(col(r, "NumMentions"), "2");
    assert_eq!(col(r, "NumSources"), "2");
    assert_eq!(col(r, "AvgTone"), "-3.25");
    assert_eq!(col(r, "IsRootEvent"), "0");
    assert_eq!(col(r, "Actor1Geo_Type"), "0");
    assert_eq!(col(r, "ActionGeo_Type"), "4");
    assert_eq!(col(r, "ActionGeo_FullName"), "Caribbean Sea");
    assert_eq!(col(r, "ActionGeo_Lat"), "15");
    assert_eq!(col(r, "DATEADDED"), "20251211093000");
    assert!(col(r, "SOURCEURL").starts_with("https://www.themoscowtimes.com/"));
}

#[test]
fn city_places_use_fips_country_codes() {
    let (rows, _) = gdelt_rows(&[phone_call()]);
    let r = &rows[0];
    assert_eq!(col(r, "ActionGeo_Type"), "4");
    assert_eq!(col(r, "ActionGeo_FullName"), "Moscow, Russia");
    assert_eq!(col(r, "ActionGeo_CountryCode"), "RS");
}

#[test]
fn undated_events_fall_back_to_publication_date() {
    let (rows, _) = gdelt_rows(&[undated()]);
    let r = &rows[0];
    assert_eq!(col(r, "SQLDATE"), "20251211");
    assert_eq!(col(r, "Actor1Code"), "");
    assert_eq!(
        col(r, "AvgTone"),
        "-2.5",
        "falls back to the lead article's tone"
    );
    assert_eq!(col(r, "SOURCEURL"), "");
}

#[test]
fn gdelt_event_row_snapshot() {
    let (text, _) = export_text(Format::Gdelt, &[seizure()]);
    insta::assert_snapshot!(text.replace('\t', " | "));
}

fn mention_rows(events: &[dyad_core::Event], mentions: &[dyad_core::Mention]) -> Vec<Vec<String>> {
    let mut index = EventIndex::new();
    for e in events {
        index.add(e);
    }
    let buf = Shared::default();
    let mut sink = mention_sink(Box::new(buf.clone()), index);
    for m in mentions {
        sink.mention(m).unwrap();
    }
    sink.finish().unwrap();
    tsv_rows(&buf.text())
}

#[test]
fn mentions_have_16_fields_and_join_the_event_rows() {
    let s = seizure();
    let call = phone_call();
    let mentions = vec![
        mention(&s, Some(120), s.article.clone()),
        second_seizure_mention(),
        mention(&call, Some(0), call.article.clone()),
    ];
    let rows = mention_rows(&[s, call], &mentions);
    // 2 seizure mentions + the reciprocal call's mention once per directed row.
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row.len(), 16, "{row:?}");
    }
    let ids: Vec<String> = rows
        .iter()
        .map(|r| mention_col(r, "GLOBALEVENTID"))
        .collect();
    assert_eq!(ids, ["100", "100", "200", "201"]);
    assert!(rows
        .iter()
        .all(|r| mention_col(r, "EventTimeDate") == "20251211093000"));
}

#[test]
fn mention_offsets_are_in_the_document() {
    let s = seizure();
    let rows = mention_rows(std::slice::from_ref(&s), &[second_seizure_mention()]);
    let r = &rows[0];
    assert_eq!(mention_col(r, "SentenceID"), "3");
    assert_eq!(mention_col(r, "Actor1CharOffset"), "300");
    assert_eq!(mention_col(r, "Actor2CharOffset"), "350");
    assert_eq!(mention_col(r, "ActionCharOffset"), "312");
    assert_eq!(mention_col(r, "MentionType"), "1");
    assert_eq!(mention_col(r, "MentionSourceName"), "example.com");
    assert_eq!(
        mention_col(r, "MentionIdentifier"),
        "https://example.com/reuters/tanker"
    );
    assert_eq!(mention_col(r, "Confidence"), "80");
    assert_eq!(mention_col(r, "MentionDocLen"), "2400");
    assert_eq!(mention_col(r, "MentionDocTone"), "-4");
    // The reverse row of a reciprocal event swaps the actor offsets.
    let call = phone_call();
    let rows = mention_rows(
        std::slice::from_ref(&call),
        &[mention(&call, Some(10), call.article.clone())],
    );
    assert_eq!(
        (
            mention_col(&rows[0], "Actor1CharOffset"),
            mention_col(&rows[0], "Actor2CharOffset")
        ),
        ("10".into(), "39".into())
    );
    assert_eq!(
        (
            mention_col(&rows[1], "Actor1CharOffset"),
            mention_col(&rows[1], "Actor2CharOffset")
        ),
        ("39".into(), "10".into())
    );
}

#[test]
fn mentions_without_sentence_or_url_or_event() {
    let u = undated();
    let m = mention(&u, None, u.article.clone());
    // The event is not in the index: the mention's own rows, no EventTimeDate.
    let rows = mention_rows(&[], &[m]);
    let r = &rows[0];
    assert_eq!(mention_col(r, "GLOBALEVENTID"), "400");
    assert_eq!(mention_col(r, "EventTimeDate"), "");
    assert_eq!(mention_col(r, "ActionCharOffset"), "-1");
    assert_eq!(mention_col(r, "Actor1CharOffset"), "-1");
    assert_eq!(mention_col(r, "MentionType"), "2");
    assert!(mention_col(r, "MentionIdentifier").contains("The Moscow Times"));
}

#[test]
fn a_mention_with_sides_swapped_matches_rows_by_actor_codes() {
    let call = phone_call();
    let mut m = mention(&call, Some(0), call.article.clone());
    // "Maduro held a phone call with Putin": the same event, reported from the other side.
    m.record.source = call.record.target.clone();
    m.record.target = call.record.source.clone();
    let rows = mention_rows(std::slice::from_ref(&call), &[m]);
    // Row 200 is RUSGOV -> VENGOV: Actor1 is Putin (offset 0 in the lead, the target here).
    assert_eq!(mention_col(&rows[0], "GLOBALEVENTID"), "200");
    assert_eq!(mention_col(&rows[0], "Actor1CharOffset"), "0");
    assert_eq!(mention_col(&rows[0], "Actor2CharOffset"), "29");
}

#[test]
fn gdelt_mention_row_snapshot() {
    let rows = mention_rows(&[seizure()], &[second_seizure_mention()]);
    insta::assert_snapshot!(rows[0].join(" | "));
}
