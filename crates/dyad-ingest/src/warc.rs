//! WARC archives (`.warc`, `.warc.gz` with one gzip member per record, as CC-NEWS ships them),
//! read as a stream: `response` records carrying HTML become pages; every other record is skipped
//! and counted.
//!
//! The reader never trusts a length it is given: a record whose `Content-Length` is wrong is
//! detected when the next record does not start where it should, and reading resumes at the next
//! `WARC/` header line (or the next gzip member); a record larger than
//! [`MAX_RECORD_BYTES`](crate::limits::MAX_RECORD_BYTES) is skipped without being held in memory,
//! and a gzip member is never inflated beyond that limit (decompression bombs).

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

use crate::http::{parse_response, HttpResponse};
use crate::limits::{limits, MAX_HEADER_BYTES, MAX_LINE_BYTES};
use crate::replay::Replay;
use crate::{IngestError, Item, ItemSink, RawPage};

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Reads a whole WARC stream (compressed or not) and pushes one result per response record.
pub(crate) fn read_warc<R: BufRead>(mut reader: R, origin: &str, sink: &mut ItemSink<'_>) {
    let mut records = RecordCounter::new(origin);
    match reader.fill_buf() {
        Ok(head) if head.starts_with(&GZIP_MAGIC[..2]) => read_members(reader, &mut records, sink),
        Ok(_) => read_records(reader, &mut records, sink),
        Err(source) => sink(Err(IngestError::Io {
            origin: origin.to_string(),
            source,
        })),
    }
}

/// Numbers records for messages (`file.warc.gz#record 12`).
struct RecordCounter<'a> {
    origin: &'a str,
    next: usize,
}

impl<'a> RecordCounter<'a> {
    fn new(origin: &'a str) -> Self {
        RecordCounter { origin, next: 1 }
    }

    fn take(&mut self) -> String {
        let label = format!("{}#record {}", self.origin, self.next);
        self.next += 1;
        label
    }

    fn here(&self) -> String {
        format!("{}#record {}", self.origin, self.next)
    }
}

/// One gzip member after another; a member that fails to inflate is reported and reading resumes
/// at the next gzip header.
fn read_members<R: BufRead>(reader: R, records: &mut RecordCounter, sink: &mut ItemSink) {
    let mut reader = Replay::new(reader);
    loop {
        match reader.fill_buf() {
            Ok([]) => return,
            Ok(buf) if starts_like_gzip(buf) => {}
            Ok(_) => {
                sink(Err(skipped(
                    records.here(),
                    "corrupt",
                    "bytes between gzip members",
                )));
                if !seek_magic(&mut reader) {
                    return;
                }
                continue;
            }
            Err(e) => return sink(Err(io_error(records.here(), e))),
        }
        reader.mark();
        let mut member = LimitedMember::new(GzDecoder::new(&mut reader));
        read_records(io::BufReader::new(&mut member), records, sink);
        let failure = member.failure();
        let kept = reader.take_kept();
        if let Some(reason) = failure {
            sink(Err(skipped(records.here(), "corrupt", &reason)));
            // Look for the next member from just past this one's start: the inflater may have
            // read beyond the damage, into a good member (within the replay budget).
            match kept.as_deref().filter(|k| k.len() > 1) {
                Some(k) => match next_magic(&k[1..]) {
                    Some(rest) => reader.unread(rest),
                    None => {
                        // A magic may straddle the end of what was kept.
                        let tail = k.len().saturating_sub(GZIP_MAGIC.len() - 1).max(1);
                        reader.unread(&k[tail..]);
                        if !seek_magic(&mut reader) {
                            return;
                        }
                    }
                },
                None => {
                    reader.consume(1);
                    if !seek_magic(&mut reader) {
                        return;
                    }
                }
            }
        }
    }
}

/// The bytes from the first complete gzip magic in `bytes` on.
fn next_magic(bytes: &[u8]) -> Option<&[u8]> {
    let at = bytes
        .windows(GZIP_MAGIC.len())
        .position(|w| w == GZIP_MAGIC)?;
    Some(&bytes[at..])
}

/// True when the buffer starts with the gzip magic, or with as much of it as the buffer holds (a
/// buffer may end in the middle of the magic).
fn starts_like_gzip(buf: &[u8]) -> bool {
    let n = buf.len().min(GZIP_MAGIC.len());
    n > 0 && buf[..n] == GZIP_MAGIC[..n]
}

/// Advances to the next candidate gzip header (possibly cut by the end of the buffer; the decoder
/// then decides); false at the end of the input.
fn seek_magic<R: BufRead>(reader: &mut R) -> bool {
    loop {
        let at = match reader.fill_buf() {
            Ok([]) | Err(_) => return false,
            Ok(buf) => (0..buf.len()).find(|&i| starts_like_gzip(&buf[i..])),
        };
        match at {
            Some(at) => {
                reader.consume(at);
                return true;
            }
            None => {
                let len = reader.fill_buf().map_or(0, <[u8]>::len);
                reader.consume(len);
            }
        }
    }
}

/// A gzip member reader that stops (and remembers why) on an inflate error or once it has
/// produced more than a record may hold, so a bomb is never inflated to the end.
struct LimitedMember<R: Read> {
    inner: R,
    produced: u64,
    failure: Option<String>,
}

impl<R: Read> LimitedMember<R> {
    fn new(inner: R) -> Self {
        LimitedMember {
            inner,
            produced: 0,
            failure: None,
        }
    }

    fn failure(&self) -> Option<String> {
        self.failure.clone()
    }
}

impl<R: Read> Read for LimitedMember<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failure.is_some() {
            return Ok(0);
        }
        let max = limits().record_bytes;
        if self.produced > max + MAX_HEADER_BYTES as u64 {
            self.failure = Some(format!(
                "gzip member inflates beyond {max} bytes (decompression bomb?)"
            ));
            return Ok(0);
        }
        match self.inner.read(buf) {
            Ok(n) => {
                self.produced += n as u64;
                Ok(n)
            }
            Err(e) => {
                self.failure = Some(format!("gzip member is truncated or corrupt: {e}"));
                Ok(0)
            }
        }
    }
}

/// WARC records one after another in an uncompressed stream.
fn read_records<R: BufRead>(mut stream: R, records: &mut RecordCounter, sink: &mut ItemSink) {
    loop {
        let line = match next_nonblank_line(&mut stream) {
            Ok(Some(line)) => line,
            Ok(None) => return,
            Err(e) => return sink(Err(io_error(records.here(), e))),
        };
        if !line.starts_with(b"WARC/") {
            sink(Err(skipped(
                records.here(),
                "corrupt",
                "no WARC header where a record should start (wrong Content-Length?); resynchronising",
            )));
            match skip_to_warc_line(&mut stream) {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => return sink(Err(io_error(records.here(), e))),
            }
        }
        let label = records.take();
        match read_record(&mut stream, &label) {
            Ok(record) => sink(record.into_item(&label)),
            Err(e) => sink(Err(e)),
        }
    }
}

/// Reads lines until one starts with `WARC/` (consumed); false at the end of the stream.
fn skip_to_warc_line<R: BufRead>(stream: &mut R) -> io::Result<bool> {
    while let Some(line) = read_line_limited(stream)? {
        if line.starts_with(b"WARC/") {
            return Ok(true);
        }
    }
    Ok(false)
}

fn next_nonblank_line<R: BufRead>(stream: &mut R) -> io::Result<Option<Vec<u8>>> {
    while let Some(line) = read_line_limited(stream)? {
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(line));
        }
    }
    Ok(None)
}

/// One line without its terminator, at most [`MAX_LINE_BYTES`] kept (the rest is dropped).
fn read_line_limited<R: BufRead>(stream: &mut R) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut seen_any = false;
    loop {
        let buf = stream.fill_buf()?;
        if buf.is_empty() {
            return Ok(seen_any.then_some(line));
        }
        seen_any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(at) => (&buf[..at], Some(at + 1)),
            None => (buf, None),
        };
        let room = MAX_LINE_BYTES.saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = done.unwrap_or(buf.len());
        stream.consume(used);
        if done.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Some(line));
        }
    }
}

/// The parts of a response record the pipeline needs.
struct ResponseRecord {
    target_uri: Option<String>,
    http: HttpResponse,
}

/// Reads the headers and block of one record (the `WARC/` line already read); `Err` for records
/// that are not responses or are skipped with a reason.
fn read_record<R: BufRead>(stream: &mut R, label: &str) -> Result<ResponseRecord, IngestError> {
    let headers = read_headers(stream).map_err(|e| io_error(label.to_string(), e))?;
    let field = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let length: u64 = field("Content-Length")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            skipped(
                label.to_string(),
                "corrupt",
                "record has no valid Content-Length",
            )
        })?;
    let kind = field("WARC-Type").unwrap_or_default().to_ascii_lowercase();
    if kind != "response" {
        discard(stream, length).map_err(|e| io_error(label.to_string(), e))?;
        return Err(IngestError::Ignored {
            origin: label.to_string(),
            kind: "not-response",
            reason: format!("WARC {kind} record"),
        });
    }
    let max = limits().record_bytes;
    if length > max {
        discard(stream, length).map_err(|e| io_error(label.to_string(), e))?;
        return Err(skipped(
            label.to_string(),
            "too-large",
            &format!("record of {length} bytes exceeds the {max}-byte limit"),
        ));
    }
    let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
    stream
        .take(length)
        .read_to_end(&mut block)
        .map_err(|e| io_error(label.to_string(), e))?;
    if (block.len() as u64) < length {
        return Err(skipped(
            label.to_string(),
            "truncated",
            &format!(
                "record declares {length} bytes but only {} follow",
                block.len()
            ),
        ));
    }
    let http =
        parse_response(&block).map_err(|reason| skipped(label.to_string(), "bad-http", &reason))?;
    Ok(ResponseRecord {
        target_uri: field("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()),
        http,
    })
}

impl ResponseRecord {
    fn into_item(self, label: &str) -> Result<Item, IngestError> {
        let origin = match &self.target_uri {
            Some(uri) => format!("{label} ({uri})"),
            None => label.to_string(),
        };
        if self.http.status != 200 {
            return Err(IngestError::Ignored {
                origin,
                kind: "http-status",
                reason: format!("HTTP status {}", self.http.status),
            });
        }
        if !self.http.is_html() {
            return Err(IngestError::Ignored {
                origin,
                kind: "not-html",
                reason: format!(
                    "content type {}",
                    self.http.content_type.as_deref().unwrap_or("unknown")
                ),
            });
        }
        Ok(Item::Page(RawPage {
            id: self.target_uri.clone().unwrap_or_else(|| label.to_string()),
            bytes: self.http.body,
            url: self.target_uri,
            content_type: self.http.content_type,
            origin,
        }))
    }
}

/// Header lines up to the blank line, at most [`MAX_HEADER_BYTES`] in all.
fn read_headers<R: BufRead>(stream: &mut R) -> io::Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    let mut total = 0;
    while let Some(line) = read_line_limited(stream)? {
        if line.is_empty() {
            break;
        }
        total += line.len();
        if total > MAX_HEADER_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("record headers exceed {MAX_HEADER_BYTES} bytes"),
            ));
        }
        let line = String::from_utf8_lossy(&line);
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    Ok(headers)
}

/// Skips `length` bytes (or to the end of the stream, if it is shorter).
fn discard<R: BufRead>(stream: &mut R, length: u64) -> io::Result<()> {
    io::copy(&mut stream.take(length), &mut io::sink())?;
    Ok(())
}

fn skipped(origin: String, kind: &'static str, reason: &str) -> IngestError {
    IngestError::Skipped {
        origin,
        kind,
        reason: reason.to_string(),
    }
}

fn io_error(origin: String, source: io::Error) -> IngestError {
    IngestError::Io { origin, source }
}
