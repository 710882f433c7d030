//! Reading a log back: a stream of verified lines, one line in memory at a time.
//!
//! [`Reader`] checks each line as it comes (UTF-8, JSON of a log line, its number, the hash
//! chain, one kind per line, the header first, nothing after the score) and hands it over; what
//! a caller keeps is up to it. [`read`] and [`parse`] keep everything, as a [`Session`]. A line
//! longer than [`MAX_LINE_BYTES`] is refused at that line, so a hostile file (`/dev/zero`, a
//! log of one endless line) cannot exhaust memory. The first problem is reported with its line;
//! nothing is repaired.
//!
//! Which problem is "first" is the one the whole-file reader this replaces named: text that is
//! not UTF-8 anywhere in the complete lines is reported before any other problem (the file was
//! checked as text before its lines were), so after another problem the reader looks ahead for
//! one (only then: on the error path).

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use super::{FORMAT, FORMAT_CLOCK, GENESIS, Header, Line, LogError, LoggedScore, Problem, Session};
use crate::sim::{Record, TagFirst};

/// The longest line a log may have, in bytes. A line this program writes is a few hundred bytes;
/// the score line grows with the evidence it lists, and stays far below this even for sessions
/// of millions of decisions.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// A [`Line`] as this program writes it, read without copying `prev` and with the record's kind
/// first (see [`TagFirst`]). Whatever it accepts, `Line` accepts with the same values; for
/// anything else the reader falls back to `Line`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuickLine<'a> {
    n: usize,
    #[serde(borrow)]
    prev: Cow<'a, str>,
    wall_ms: u64,
    #[serde(default)]
    header: Option<Header>,
    #[serde(default)]
    record: Option<TagFirst>,
    /// Checked as JSON here, decoded into a report only on demand (see [`LoggedScore`]).
    #[serde(default)]
    score: Option<Box<RawValue>>,
}

impl<'a> QuickLine<'a> {
    fn read(raw: &'a str) -> serde_json::Result<QuickLine<'a>> {
        serde_json::from_str(raw).or_else(|_| {
            serde_json::from_str::<Line>(raw).map(|l| QuickLine {
                n: l.n,
                prev: Cow::Owned(l.prev),
                wall_ms: l.wall_ms,
                header: l.header,
                record: l.record.map(TagFirst),
                score: l
                    .score
                    .and_then(|s| serde_json::value::to_raw_value(&s).ok()),
            })
        })
    }
}

/// [`line_hash`](super::line_hash) as bytes, without allocating (the reader computes one per
/// line).
fn line_hash_bytes(line: &str) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(Sha256::digest(line.as_bytes())) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
    out
}

/// One verified line of a log.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Line 1.
    Header(Header),
    /// A record line: its 1-based line number and wall-clock time.
    Record {
        line: usize,
        wall_ms: u64,
        record: Record,
    },
    /// The score line (the last).
    Score(LoggedScore),
}

/// What one read of a line found.
enum Got {
    /// No more bytes.
    End,
    /// A line ended by a newline (without it, in the buffer).
    Line,
    /// Bytes after the last newline (in the buffer).
    Tail,
    /// A line longer than the cap (the buffer holds part of it).
    TooLong,
}

/// Reads the next line into `buf` (cleared first), holding at most `cap` bytes of it.
fn next_line(input: &mut impl BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<Got> {
    buf.clear();
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(if buf.is_empty() { Got::End } else { Got::Tail });
        }
        let (take, end) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if buf.len() + take > cap {
            return Ok(Got::TooLong);
        }
        buf.extend_from_slice(&chunk[..take]);
        input.consume(take + usize::from(end));
        if end {
            return Ok(Got::Line);
        }
    }
}

/// A log's lines, verified one at a time (see the module's notes). Call [`Reader::next_item`]
/// until it returns `Ok(None)`: then the whole log is intact, and [`Reader::lines`] and
/// [`Reader::last_hash`] describe it.
pub struct Reader<R> {
    path: PathBuf,
    input: R,
    buf: Vec<u8>,
    cap: usize,
    /// Complete lines read.
    n: usize,
    /// SHA-256 (hex) of the last line read.
    prev: [u8; 64],
    /// The header's format, once read.
    format: Option<u32>,
    scored: bool,
    done: bool,
}

/// Opens the log at `path` for reading as a stream.
pub fn open(path: &Path) -> Result<Reader<BufReader<File>>, LogError> {
    let file = File::open(path).map_err(|e| LogError::Io(path.to_path_buf(), e.to_string()))?;
    Ok(Reader::new(path, BufReader::with_capacity(1 << 16, file)))
}

impl<R: BufRead> Reader<R> {
    /// Reads the log that `input` holds; `path` names it in errors.
    pub fn new(path: &Path, input: R) -> Reader<R> {
        let mut prev = [0; 64];
        prev.copy_from_slice(GENESIS.as_bytes());
        Reader {
            path: path.to_path_buf(),
            input,
            buf: Vec::new(),
            cap: MAX_LINE_BYTES,
            n: 0,
            prev,
            format: None,
            scored: false,
            done: false,
        }
    }

    /// The same reader, refusing lines longer than `cap` bytes (tests use a small one).
    pub fn with_cap(mut self, cap: usize) -> Reader<R> {
        self.cap = cap;
        self
    }

    /// Lines read so far (all of them once [`next_item`](Reader::next_item) returned `None`).
    pub fn lines(&self) -> usize {
        self.n
    }

    /// SHA-256 of the last line read: the log's fingerprint once every line is read.
    pub fn last_hash(&self) -> String {
        String::from_utf8_lossy(&self.prev).into_owned()
    }

    /// The log's format, once line 1 is read.
    pub fn format(&self) -> Option<u32> {
        self.format
    }

    fn broken(&self, line: usize, problem: Problem) -> LogError {
        LogError::Broken {
            path: self.path.clone(),
            line,
            problem,
        }
    }

    fn io(&self, e: io::Error) -> LogError {
        LogError::Io(self.path.clone(), e.to_string())
    }

    /// The next verified line; `None` after the last. After an error, `None` again.
    pub fn next_item(&mut self) -> Result<Option<Item>, LogError> {
        if self.done {
            return Ok(None);
        }
        let n = self.n + 1;
        let got = next_line(&mut self.input, &mut self.buf, self.cap);
        let got = got.map_err(|e| {
            self.done = true;
            self.io(e)
        })?;
        match got {
            Got::End => {
                self.done = true;
                if self.n == 0 {
                    return Err(LogError::Empty(self.path.clone()));
                }
                Ok(None)
            }
            Got::TooLong => {
                self.done = true;
                Err(self.broken(n, Problem::TooLong))
            }
            Got::Tail => {
                // Bytes after the last newline are a line the program did not finish writing
                // (perhaps cut inside a character); every line before it is intact.
                self.done = true;
                let rest = &self.buf[..];
                let problem = if self.scored {
                    Problem::AfterScore
                } else if !(rest.starts_with(b"{\"n\":") || b"{\"n\":".starts_with(rest)) {
                    // Not the start of a line this program writes: not a log cut short.
                    Problem::Unterminated
                } else {
                    Problem::Torn
                };
                Err(self.broken(n, problem))
            }
            Got::Line => {
                self.n = n;
                match self.check(n) {
                    Ok(item) => Ok(Some(item)),
                    Err(problem) => {
                        self.done = true;
                        Err(self.first_problem(n, problem))
                    }
                }
            }
        }
    }

    /// Verifies the line in the buffer, line `n`.
    fn check(&mut self, n: usize) -> Result<Item, Problem> {
        let raw = std::str::from_utf8(&self.buf).map_err(|_| Problem::NotUtf8)?;
        if self.scored {
            return Err(Problem::AfterScore);
        }
        let line = QuickLine::read(raw).map_err(|e| Problem::NotALine(e.to_string()))?;
        if line.n != n {
            return Err(Problem::Numbered(line.n));
        }
        if line.prev.as_bytes() != self.prev {
            return Err(Problem::Chain);
        }
        let hash = line_hash_bytes(raw);
        let kinds = [
            line.header.is_some(),
            line.record.is_some(),
            line.score.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(Problem::NotOneKind);
        }
        let item = match (n, line.header, line.record, line.score) {
            (1, Some(h), _, _) => {
                if !(1..=FORMAT).contains(&h.format) {
                    return Err(Problem::Format(h.format));
                }
                self.format = Some(h.format);
                Item::Header(h)
            }
            (1, ..) => return Err(Problem::NoHeader),
            (_, Some(_), _, _) => return Err(Problem::SecondHeader),
            (_, _, Some(TagFirst(r)), _) => {
                if r.t() > crate::scenario::expr::MAX_DURATION {
                    return Err(Problem::Time(r.t()));
                }
                if let (Record::Clock { .. }, Some(f)) = (&r, self.format)
                    && f < FORMAT_CLOCK
                {
                    return Err(Problem::ClockInFormat(f));
                }
                Item::Record {
                    line: n,
                    wall_ms: line.wall_ms,
                    record: r,
                }
            }
            (_, _, _, Some(s)) => {
                self.scored = true;
                Item::Score(LoggedScore {
                    line: n,
                    json: Box::<str>::from(s).into_string(),
                    raw: raw.to_string(),
                    prev: line.prev.into_owned(),
                    wall_ms: line.wall_ms,
                })
            }
            _ => return Err(Problem::NotOneKind),
        };
        self.prev = hash;
        Ok(item)
    }

    /// The error to report for `problem` at line `n`: text that is not UTF-8 in a later complete
    /// line comes first (see the module's notes). Reads on only after a problem, one line at a
    /// time; a line over the cap or a read error ends the look-ahead.
    fn first_problem(&mut self, n: usize, problem: Problem) -> LogError {
        if problem != Problem::NotUtf8 {
            let mut line = n;
            while let Ok(Got::Line) = next_line(&mut self.input, &mut self.buf, self.cap) {
                line += 1;
                if std::str::from_utf8(&self.buf).is_err() {
                    return self.broken(line, Problem::NotUtf8);
                }
            }
        }
        self.broken(n, problem)
    }
}

/// Reads every line of a log from `input` into a [`Session`].
fn collect(mut r: Reader<impl BufRead>) -> Result<Session, LogError> {
    let mut header = None;
    let mut records = Vec::new();
    let mut wall = Vec::new();
    let mut score = None;
    while let Some(item) = r.next_item()? {
        match item {
            Item::Header(h) => header = Some(h),
            Item::Record {
                wall_ms, record, ..
            } => {
                records.push(record);
                wall.push(wall_ms);
            }
            Item::Score(s) => score = Some(s),
        }
    }
    Ok(Session {
        header: header.ok_or_else(|| LogError::Empty(r.path.clone()))?,
        records,
        score,
        lines: r.lines(),
        last_hash: r.last_hash(),
        wall_ms: wall,
    })
}

/// Reads and verifies a log, one line at a time. The first problem is reported with its line;
/// nothing is repaired.
pub fn read(path: &Path) -> Result<Session, LogError> {
    collect(open(path)?)
}

/// Verifies log bytes (see [`read`]).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Session, LogError> {
    collect(Reader::new(path, bytes))
}
