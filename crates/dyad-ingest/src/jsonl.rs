//! JSON lines: one article (`{"id","date","source","url","title","text"}`) or one sentence
//! (`{"id","text","date"}`) per line. A bad line is reported with its number; the others are read.

use std::io::BufRead;

use dyad_core::{parse_iso_date, Article, InputFormat};
use serde::Deserialize;
use serde_json::Value;

use crate::{ArticleSink, IngestError};

#[derive(Deserialize)]
struct Record {
    id: Option<Value>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
    title: Option<String>,
    text: Option<String>,
}

/// Reads JSON lines from `reader`, pushing one result per non-blank line.
pub(crate) fn read_lines<R: BufRead>(
    mut reader: R,
    stem: &str,
    origin: &str,
    format: InputFormat,
    sink: &mut ArticleSink<'_>,
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(source) => {
                sink(Err(IngestError::Io {
                    origin: origin.to_string(),
                    source,
                }));
                break;
            }
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let bad = |reason: String| IngestError::BadRecord {
            origin: origin.to_string(),
            line: line_no,
            reason,
        };
        let max = crate::limits::limits().json_line_bytes;
        if buf.len() > max {
            sink(Err(bad(format!("line longer than {max} bytes"))));
            continue;
        }
        let result = std::str::from_utf8(&buf)
            .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))
            .and_then(|line| parse_record(line, stem, origin, line_no, format))
            .map_err(bad);
        sink(result);
    }
}

fn parse_record(
    line: &str,
    stem: &str,
    origin: &str,
    line_no: usize,
    format: InputFormat,
) -> Result<Article, String> {
    let record: Record =
        serde_json::from_str(line.trim()).map_err(|e| format!("not a JSON record: {e}"))?;
    let text = record
        .text
        .filter(|t| !t.trim().is_empty())
        .ok_or("record has no \"text\"")?;
    let published = record
        .date
        .filter(|d| !d.trim().is_empty())
        .map(|d| parse_iso_date(&d))
        .transpose()?;
    let id = match record.id {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => format!("{stem}:{line_no}"),
        Some(other) => return Err(format!("\"id\" must be a string or number, not {other}")),
    };
    let body = if format == InputFormat::Sentences {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        normalise_paragraphs(&text)
    };
    Ok(Article {
        id,
        url: record.url.filter(|u| !u.is_empty()),
        title: record.title.filter(|t| !t.is_empty()),
        authors: vec![],
        published,
        source: record.source.filter(|s| !s.is_empty()),
        body,
        format,
        origin: format!("{origin}:{line_no}"),
        language: None,
    })
}

fn normalise_paragraphs(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split('\n')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str, format: InputFormat) -> Vec<Result<Article, IngestError>> {
        let mut out = Vec::new();
        read_lines(input.as_bytes(), "f", "f.jsonl", format, &mut |r| {
            out.push(r)
        });
        out
    }

    #[test]
    fn good_lines_survive_a_bad_one() {
        let input = "{\"id\":\"a\",\"text\":\"One.\",\"date\":\"2019-04-10\"}\n\
                     {not json}\n\n\
                     {\"id\":7,\"text\":\"Two.\"}\n";
        let out = read(input, InputFormat::Articles);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().id, "a");
        let err = out[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("f.jsonl:2: not a JSON record"), "{err}");
        assert_eq!(out[2].as_ref().unwrap().id, "7");
        assert_eq!(out[2].as_ref().unwrap().origin, "f.jsonl:4");
    }

    #[test]
    fn impossible_date_is_reported_with_line() {
        let out = read(
            "{\"id\":\"s\",\"text\":\"x\",\"date\":\"2025-13-45\"}",
            InputFormat::Sentences,
        );
        let err = out[0].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("f.jsonl:1: '2025-13-45' is not a valid date"),
            "{err}"
        );
    }

    #[test]
    fn missing_text_and_missing_id() {
        let out = read("{\"id\":\"s\"}\n{\"text\":\"Hi.\"}", InputFormat::Sentences);
        assert_eq!(
            out[0].as_ref().unwrap_err().to_string(),
            "f.jsonl:1: record has no \"text\""
        );
        assert_eq!(out[1].as_ref().unwrap().id, "f:2");
    }
}
