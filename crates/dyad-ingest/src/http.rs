//! The HTTP response stored in a WARC `response` record: status, headers and the decoded body
//! (chunked transfer and gzip/deflate content encodings undone, within the size limit).

use std::io::Read;

use flate2::read::{GzDecoder, ZlibDecoder};

use crate::limits::{limits, MAX_HEADER_BYTES};

/// An HTTP response as archived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// True for HTML (or XHTML) pages, and for untyped bodies that look like markup.
    pub fn is_html(&self) -> bool {
        match &self.content_type {
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                ct.contains("html")
            }
            None => {
                let start = self.body.iter().position(|b| !b.is_ascii_whitespace());
                start.is_some_and(|i| self.body[i] == b'<')
            }
        }
    }
}

/// Parses an archived response: `HTTP/1.1 200 OK`, header lines, a blank line, the body.
pub fn parse_response(block: &[u8]) -> Result<HttpResponse, String> {
    let split = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("no end of HTTP headers")?;
    if split.0 > MAX_HEADER_BYTES {
        return Err(format!("HTTP headers exceed {MAX_HEADER_BYTES} bytes"));
    }
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status = parse_status(lines.next().unwrap_or_default())?;
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_string()),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let raw = &block[split.1..];
    let body = if chunked {
        dechunk(raw).unwrap_or_else(|| raw.to_vec())
    } else {
        raw.to_vec()
    };
    let body = decode_content(body, encoding.as_deref())?;
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

fn parse_status(line: &str) -> Result<u16, String> {
    let mut parts = line.split_whitespace();
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/") {
        return Err(format!("not an HTTP status line: {:.60}", line));
    }
    parts
        .next()
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line: {:.60}", line))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undoes chunked transfer encoding; `None` when the body is not validly chunked (many archives
/// keep the header but store the body de-chunked).
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(raw, b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size..)?;
        raw = raw.strip_prefix(b"\r\n").unwrap_or(raw);
    }
}

/// Undoes gzip or deflate content encoding, refusing bodies that inflate beyond the limit.
fn decode_content(body: Vec<u8>, encoding: Option<&str>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let max = limits().record_bytes;
    let limit = max + 1;
    let read = match encoding {
        Some(e) if e.contains("gzip") && body.starts_with(&[0x1f, 0x8b]) => {
            GzDecoder::new(&body[..]).take(limit).read_to_end(&mut out)
        }
        Some(e) if e.contains("deflate") => ZlibDecoder::new(&body[..])
            .take(limit)
            .read_to_end(&mut out),
        _ => return Ok(body),
    };
    match read {
        Ok(_) if out.len() as u64 >= limit => Err(format!(
            "body inflates beyond {max} bytes (decompression bomb?)"
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(format!(
            "body cannot be decoded ({}): {e}",
            encoding.unwrap_or("")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_headers_and_body() {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>x</p>",
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(r.body, b"<p>x</p>");
        assert!(r.is_html());
    }

    #[test]
    fn chunked_bodies_are_joined_and_plain_ones_kept() {
        let r = parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n<p>\r\n2\r\nhi\r\n0\r\n\r\n")
            .unwrap();
        assert_eq!(r.body, b"<p>hi");
        let r =
            parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>already</p>")
                .unwrap();
        assert_eq!(r.body, b"<p>already</p>");
    }

    #[test]
    fn bad_status_lines_are_refused() {
        assert!(parse_response(b"garbage\r\n\r\nbody").is_err());
        assert!(parse_response(b"HTTP/1.1 OK\r\n\r\nbody").is_err());
        assert!(parse_response(b"no headers end").is_err());
    }
}
