//! A buffered reader that can keep the bytes consumed since a mark and hand some of them back, so
//! that after a corrupt gzip member the WARC reader can look for the next member from just past
//! the bad one's start, however far the inflater read ahead into its buffer.

use std::io::{self, BufRead, Read};

/// The most bytes kept for one member; a member that fails after consuming more than this is
/// resynchronised from where the inflater stopped (as if nothing were kept), which bounds the
/// work crafted input can cause.
pub(crate) const REPLAY_BUDGET: usize = 1 << 20;

pub(crate) struct Replay<R> {
    inner: R,
    /// Bytes handed back, served before the inner reader.
    pending: Vec<u8>,
    pos: usize,
    /// Bytes consumed since the mark; `None` when not marking or over the budget.
    kept: Option<Vec<u8>>,
}

impl<R: BufRead> Replay<R> {
    pub fn new(inner: R) -> Replay<R> {
        Replay {
            inner,
            pending: Vec::new(),
            pos: 0,
            kept: None,
        }
    }

    /// Starts keeping consumed bytes.
    pub fn mark(&mut self) {
        self.kept = Some(Vec::new());
    }

    /// Stops keeping and returns what was kept since the mark (`None` past the budget).
    pub fn take_kept(&mut self) -> Option<Vec<u8>> {
        self.kept.take()
    }

    /// Makes `bytes` the next bytes read, ahead of anything not yet consumed.
    pub fn unread(&mut self, bytes: &[u8]) {
        let mut next = bytes.to_vec();
        next.extend_from_slice(&self.pending[self.pos..]);
        self.pending = next;
        self.pos = 0;
    }

    fn keep(&mut self, bytes: &[u8]) {
        if let Some(kept) = &mut self.kept {
            if kept.len() + bytes.len() > REPLAY_BUDGET {
                self.kept = None;
            } else {
                kept.extend_from_slice(bytes);
            }
        }
    }
}

impl<R: BufRead> Read for Replay<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Replay<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos < self.pending.len() {
            return Ok(&self.pending[self.pos..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.pos < self.pending.len() {
            let n = n.min(self.pending.len() - self.pos);
            if self.kept.is_some() {
                let bytes = self.pending[self.pos..self.pos + n].to_vec();
                self.keep(&bytes);
            }
            self.pos += n;
            if self.pos == self.pending.len() {
                self.pending.clear();
                self.pos = 0;
            }
            return;
        }
        if self.kept.is_some() {
            let bytes = match self.inner.fill_buf() {
                Ok(buf) => buf[..n.min(buf.len())].to_vec(),
                Err(_) => Vec::new(),
            };
            self.keep(&bytes);
        }
        self.inner.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_bytes_can_be_read_again() {
        let data: &[u8] = b"abcdefghij";
        let mut r = Replay::new(io::BufReader::with_capacity(3, data));
        let mut two = [0u8; 2];
        r.read_exact(&mut two).unwrap();
        r.mark();
        let mut four = [0u8; 4];
        r.read_exact(&mut four).unwrap();
        assert_eq!(&four, b"cdef");
        let kept = r.take_kept().unwrap();
        assert_eq!(kept, b"cdef");
        r.unread(&kept[1..]);
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"defghij");
    }

    #[test]
    fn keeping_stops_past_the_budget() {
        let data = vec![7u8; REPLAY_BUDGET + 10];
        let mut r = Replay::new(io::BufReader::new(&data[..]));
        r.mark();
        let mut sink = Vec::new();
        r.read_to_end(&mut sink).unwrap();
        assert!(r.take_kept().is_none());
        assert_eq!(sink.len(), data.len());
    }
}
