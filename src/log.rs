//! The decision log: one session per JSON Lines file, append-only, hash-chained, synced per line.
//!
//! Line 1 is a header (format, case id/version/content hash, program, seed, trainee, locale,
//! start time); then one line per record; the last line holds the score. Every line carries the
//! SHA-256 of the previous line's bytes, so an edit, deletion or reordering breaks the chain at
//! the first affected line. Each line is written with one `write_all` and `sync_data` before the
//! program goes on: a crash loses at most the line in flight.
//!
//! The chain makes tampering *evident* to anyone holding the final hash (the debrief shows it and
//! results sent to the record store carry it); it is not a signature — someone who rewrites the
//! whole file and recomputes every hash produces a valid chain with a different final hash.

use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::rubric::ScoreReport;
use crate::scenario::load::hex;
use crate::sim::{Record, TagFirst};

/// The log format version this program writes and reads.
pub const FORMAT: u32 = 1;

/// `prev` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Line 1 of a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub scenario_id: String,
    pub scenario_version: String,
    /// SHA-256 of the case's files when the session was played.
    pub content_hash: String,
    pub program: String,
    pub seed: u64,
    pub trainee: String,
    pub locale: String,
    /// Wall-clock start, milliseconds since the Unix epoch (UTC).
    pub started_ms: u64,
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// 1-based line number.
    pub n: usize,
    /// SHA-256 (hex) of the previous line's bytes.
    pub prev: String,
    /// Wall-clock time of writing, ms since the Unix epoch.
    pub wall_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Header>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Record>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreReport>,
}

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

/// Where wall-clock times come from. Scripted and replayed runs use `Scripted`, which derives wall
/// time from simulated time so that the same inputs give the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Scripted { start_ms: u64 },
}

impl Clock {
    /// Wall time for a line written at simulated second `t`.
    pub fn wall_ms(&self, t: u64) -> u64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
            Clock::Scripted { start_ms } => start_ms + t * 1000,
        }
    }
}

/// SHA-256 hex of a line's bytes.
pub fn line_hash(line: &str) -> String {
    hex(&Sha256::digest(line.as_bytes()))
}

/// [`line_hash`] as bytes, without allocating (the reader computes one per line).
fn line_hash_bytes(line: &str) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(Sha256::digest(line.as_bytes())) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 15)];
    }
    out
}

/// Appends lines to a log, syncing each.
#[derive(Debug)]
pub struct LogWriter {
    file: File,
    path: PathBuf,
    prev: String,
    n: usize,
    clock: Clock,
    finished: bool,
    /// Bytes of complete, synced lines: where the next line starts.
    len: u64,
}

impl LogWriter {
    /// Creates a new log (never overwrites an existing file) and writes its header.
    pub fn create(path: &Path, header: Header, clock: Clock) -> io::Result<LogWriter> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().write(true).create_new(true).open(path)?;
        let mut w = LogWriter {
            file,
            path: path.to_path_buf(),
            prev: GENESIS.to_string(),
            n: 0,
            clock,
            finished: false,
            len: 0,
        };
        let wall_ms = match clock {
            Clock::System => header.started_ms,
            Clock::Scripted { start_ms } => start_ms,
        };
        w.write(Line {
            n: 0,
            prev: String::new(),
            wall_ms,
            header: Some(header),
            record: None,
            score: None,
        })?;
        Ok(w)
    }

    /// Re-opens a verified, unfinished log to continue it.
    pub fn resume(path: &Path, clock: Clock) -> Result<(LogWriter, Session), LogError> {
        let session = read(path)?;
        if session.score.is_some() {
            return Err(LogError::Finished(path.to_path_buf()));
        }
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| LogError::Io(path.to_path_buf(), e.to_string()))?;
        let len = file
            .metadata()
            .map_err(|e| LogError::Io(path.to_path_buf(), e.to_string()))?
            .len();
        let w = LogWriter {
            file,
            path: path.to_path_buf(),
            prev: session.last_hash.clone(),
            n: session.lines,
            clock,
            finished: false,
            len,
        };
        Ok((w, session))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a record and syncs it to disk.
    pub fn append(&mut self, record: &Record) -> io::Result<()> {
        let wall_ms = self.clock.wall_ms(record.t());
        self.write(Line {
            n: 0,
            prev: String::new(),
            wall_ms,
            header: None,
            record: Some(record.clone()),
            score: None,
        })
    }

    /// Writes the final score line. Nothing may be appended after it.
    pub fn finish(&mut self, t: u64, score: &ScoreReport) -> io::Result<()> {
        let wall_ms = self.clock.wall_ms(t);
        self.write(Line {
            n: 0,
            prev: String::new(),
            wall_ms,
            header: None,
            record: None,
            score: Some(score.clone()),
        })?;
        self.finished = true;
        Ok(())
    }

    /// SHA-256 of the last line written: the session's fingerprint.
    pub fn last_hash(&self) -> &str {
        &self.prev
    }

    fn write(&mut self, mut line: Line) -> io::Result<()> {
        if self.finished {
            return Err(io::Error::other(
                "the log is finished: nothing may follow the score line",
            ));
        }
        line.n = self.n + 1;
        line.prev = self.prev.clone();
        let text = serde_json::to_string(&line).map_err(io::Error::other)?;
        let mut bytes = text.clone().into_bytes();
        bytes.push(b'\n');
        if let Err(e) = self
            .file
            .write_all(&bytes)
            .and_then(|()| self.file.sync_data())
        {
            // The line is not written until it is synced. Take back whatever part of it reached
            // the file (a full disk stops a write midway), so that once there is room the next
            // write continues a well-formed log instead of leaving a torn line inside it.
            let _ = self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.seek(SeekFrom::Start(self.len)));
            return Err(e);
        }
        self.len += bytes.len() as u64;
        self.prev = line_hash(&text);
        self.n += 1;
        Ok(())
    }
}

/// Why a log could not be read or trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    #[error("{0}: cannot read: {1}")]
    Io(PathBuf, String),
    #[error("{0}: the log is empty")]
    Empty(PathBuf),
    #[error("{path}:{line}: {problem}")]
    Broken {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("{0}: the session is finished (it has a score line) and cannot be resumed")]
    Finished(PathBuf),
}

/// A log read back and verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub header: Header,
    pub records: Vec<Record>,
    /// The score line of a finished session.
    pub score: Option<LoggedScore>,
    /// Number of lines.
    pub lines: usize,
    /// SHA-256 of the last line.
    pub last_hash: String,
    /// Wall-clock time of each record line.
    pub wall_ms: Vec<u64>,
}

/// The score a finished session wrote on its last line. Reading the log checks that the line is
/// in the chain and holds well-formed JSON; the score is decoded into a report only when asked
/// for ([`LoggedScore::report`]): re-scoring and the scan for unfinished sessions never need it,
/// and decoding it was an eighth of the time it takes to re-score a log. `bedside verify`
/// decodes it, so a score line that is not a score still fails verification.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedScore {
    line: usize,
    json: String,
}

impl LoggedScore {
    /// The log line it is on (1-based).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Decodes the score; an error names the log at `path` and the line.
    pub fn report(&self, path: &Path) -> Result<ScoreReport, LogError> {
        serde_json::from_str(&self.json).map_err(|e| LogError::Broken {
            path: path.to_path_buf(),
            line: self.line,
            problem: format!("the score line does not hold a valid score: {e}"),
        })
    }
}

impl Session {
    /// The logged score, decoded ([`LoggedScore::report`]); `None` for an unfinished session.
    pub fn score_report(&self, path: &Path) -> Result<Option<ScoreReport>, LogError> {
        self.score.as_ref().map(|s| s.report(path)).transpose()
    }
}

/// Reads and verifies a log. The first problem is reported with its line; nothing is repaired.
pub fn read(path: &Path) -> Result<Session, LogError> {
    let bytes = std::fs::read(path).map_err(|e| LogError::Io(path.to_path_buf(), e.to_string()))?;
    parse(path, &bytes)
}

/// Verifies log bytes (see [`read`]).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Session, LogError> {
    let broken = |line: usize, problem: String| LogError::Broken {
        path: path.to_path_buf(),
        line,
        problem,
    };
    // Bytes after the last newline are a line the program did not finish writing (perhaps cut
    // inside a character). The lines before it are checked first, so that the first problem in
    // the file is the one named.
    let cut = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let (complete, rest) = bytes.split_at(cut);
    let torn = (!rest.is_empty()).then_some(rest);
    let text = std::str::from_utf8(complete).map_err(|e| {
        let line = complete[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        broken(line, "not valid UTF-8 text".into())
    })?;
    if text.is_empty() && torn.is_none() {
        return Err(LogError::Empty(path.to_path_buf()));
    }
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines.pop(); // the empty text after the last newline
    let mut prev = [0; 64];
    prev.copy_from_slice(GENESIS.as_bytes());
    let mut header = None;
    let mut records = Vec::with_capacity(lines.len());
    let mut wall = Vec::with_capacity(lines.len());
    let mut score = None;
    for (i, raw) in lines.iter().enumerate() {
        let n = i + 1;
        if score.is_some() {
            return Err(broken(
                n,
                "a line follows the score line, which must be last".into(),
            ));
        }
        let line = QuickLine::read(raw).map_err(|e| broken(n, format!("not a log line: {e}")))?;
        if line.n != n {
            return Err(broken(
                n,
                format!(
                    "line says it is number {}: lines were removed, added or reordered",
                    line.n
                ),
            ));
        }
        if line.prev.as_bytes() != prev {
            return Err(broken(
                n,
                "hash chain broken: the previous line is not the one this line was written after (it was edited, removed or reordered)".into(),
            ));
        }
        prev = line_hash_bytes(raw);
        let kinds = [
            line.header.is_some(),
            line.record.is_some(),
            line.score.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(broken(
                n,
                "a line must hold exactly one of header, record or score".into(),
            ));
        }
        match (n, line.header, line.record, line.score) {
            (1, Some(h), _, _) => {
                if h.format != FORMAT {
                    return Err(broken(
                        1,
                        format!(
                            "log format {} is not supported (this program reads format {FORMAT})",
                            h.format
                        ),
                    ));
                }
                header = Some(h);
            }
            (1, ..) => return Err(broken(1, "the first line must be the header".into())),
            (_, Some(_), _, _) => return Err(broken(n, "a second header".into())),
            (_, _, Some(TagFirst(r)), _) => {
                records.push(r);
                wall.push(line.wall_ms);
            }
            (_, _, _, Some(s)) => {
                score = Some(LoggedScore {
                    line: n,
                    json: Box::<str>::from(s).into_string(),
                })
            }
            _ => {
                return Err(broken(
                    n,
                    "a line must hold exactly one of header, record or score".into(),
                ));
            }
        }
    }
    if let Some(rest) = torn {
        return Err(broken(
            lines.len() + 1,
            if score.is_some() {
                "a line follows the score line, which must be last".into()
            } else if !(rest.starts_with(b"{\"n\":") || b"{\"n\":".starts_with(rest)) {
                // Not the start of a line this program writes: not a log cut short.
                "not a log line, and it does not end with a newline".into()
            } else {
                "the last line is incomplete (the program stopped while writing it); the lines before it are intact".into()
            },
        ));
    }
    Ok(Session {
        header: header.ok_or_else(|| LogError::Empty(path.to_path_buf()))?,
        records,
        score,
        lines: lines.len(),
        last_hash: String::from_utf8_lossy(&prev).into_owned(),
        wall_ms: wall,
    })
}
