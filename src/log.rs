//! The decision log: one session per JSON Lines file, append-only, hash-chained, synced per line.
//!
//! Line 1 is a header (format, case id/version/content hash, program, seed, trainee, locale,
//! start time); then one line per record; the last line holds the score. Every line carries the
//! SHA-256 of the previous line's bytes, so an edit, deletion or reordering breaks the chain at
//! the first affected line. The lines a step of the session makes are written with one
//! `write_all` and one `sync_data` before the program goes on (see [`Syncing`]): a crash loses at
//! most the lines in flight, which the patient has not yet moved on from.
//!
//! The chain makes tampering *evident* to anyone holding the final hash (the debrief shows it and
//! results sent to the record store carry it); it is not a signature — someone who rewrites the
//! whole file and recomputes every hash produces a valid chain with a different final hash.

use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, mpsc};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::rubric::ScoreReport;
use crate::scenario::load::hex;
use crate::sim::Record;

mod read;
pub use read::{Item, MAX_LINE_BYTES, Reader, open, parse, read};
mod skim;
pub use skim::{Skim, records as skim_records, replays, skim, skim_bare, skim_keeping};

/// The log format version this program writes. It reads this one and format 1, which is the same
/// without [`Record::Clock`] lines (new in format 2); a session resumed from a format 1 log goes
/// on writing format 1.
pub const FORMAT: u32 = 2;

/// The first log format with [`Record::Clock`] lines.
pub const FORMAT_CLOCK: u32 = 2;

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
    /// The hospital (site) the session was played at, a short id ([`crate::hospital::check`]).
    /// Logs written before it existed have none: absent, it is not written, so their header line
    /// (and so their hash chain) reads back byte for byte.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospital: Option<String>,
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

/// Who writes a log's lines to the disk and syncs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syncing {
    /// The caller, in [`LogWriter::commit`]: when it returns `Ok`, every line is on disk. The
    /// CLI and scripted runs.
    #[default]
    Inline,
    /// A thread of the writer's own, so that a slow disk (a network home folder, heavy writeback)
    /// never stalls the caller. `commit` hands the lines over and returns; [`LogWriter::poll`]
    /// and [`LogWriter::synced_lines`] say what is on disk. The app holds its simulation clock
    /// until every line is (see `docs/app.md`).
    Background,
}

/// The file end of a log: complete lines waiting for the disk, written with one `write_all`
/// and one `sync_data`.
#[derive(Debug)]
struct Disk {
    file: File,
    /// Bytes of complete, synced lines: where the next line starts.
    len: u64,
    waiting: Vec<u8>,
    waiting_lines: usize,
    /// Lines on disk (written and synced), counting the header.
    synced: usize,
}

impl Disk {
    /// A log file whose first `len` bytes, `synced` lines, are on disk.
    fn new(file: File, len: u64, synced: usize) -> Disk {
        Disk {
            file,
            len,
            waiting: Vec::new(),
            waiting_lines: 0,
            synced,
        }
    }

    /// Lines to write at the next `sync`, after those already waiting.
    fn queue(&mut self, (bytes, lines): Batch) {
        self.waiting.extend_from_slice(&bytes);
        self.waiting_lines += lines;
    }

    fn sync(&mut self) -> io::Result<()> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        if let Err(e) = self
            .file
            .write_all(&self.waiting)
            .and_then(|()| self.file.sync_data())
        {
            // A line is not written until it is synced. Take back whatever part of the lines
            // reached the file (a full disk stops a write midway), so that once there is room
            // the next attempt continues a well-formed log instead of leaving a torn line in it.
            let _ = self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.seek(SeekFrom::Start(self.len)));
            return Err(e);
        }
        self.len += self.waiting.len() as u64;
        self.synced += self.waiting_lines;
        self.waiting.clear();
        self.waiting_lines = 0;
        Ok(())
    }
}

/// Lines for the writing thread, or (empty) a request to try again after a failure.
type Batch = (Vec<u8>, usize);

/// The writer's side of a [`Syncing::Background`] log.
#[derive(Debug)]
struct Background {
    to_disk: Option<mpsc::Sender<Batch>>,
    /// After each attempt: the lines on disk, or why the attempt failed. (In a mutex only so
    /// that the writer is `Sync`, as an app resource must be; it is reached through `&mut`.)
    from_disk: Mutex<mpsc::Receiver<io::Result<usize>>>,
    thread: Option<std::thread::JoinHandle<()>>,
    synced: usize,
    /// The last attempt failed, and nothing has asked for another since.
    failed: bool,
    /// A failure not yet reported by [`LogWriter::poll`].
    error: Option<io::Error>,
}

impl Background {
    fn spawn(mut disk: Disk) -> io::Result<Background> {
        let (to_disk, batches) = mpsc::channel::<Batch>();
        let (status, from_disk) = mpsc::channel();
        let synced = disk.synced;
        let thread = std::thread::Builder::new()
            .name("bedside-log".into())
            .spawn(move || {
                while let Ok(batch) = batches.recv() {
                    disk.queue(batch);
                    // Whatever else is already queued goes in the same write and sync.
                    while let Ok(batch) = batches.try_recv() {
                        disk.queue(batch);
                    }
                    let _ = status.send(disk.sync().map(|()| disk.synced));
                }
                // The writer is gone (the session closed): one last attempt for anything left.
                let _ = disk.sync();
            })?;
        Ok(Background {
            to_disk: Some(to_disk),
            from_disk: Mutex::new(from_disk),
            thread: Some(thread),
            synced,
            failed: false,
            error: None,
        })
    }

    fn send(&mut self, batch: Batch) -> io::Result<()> {
        self.failed = false;
        self.to_disk
            .as_ref()
            .and_then(|t| t.send(batch).ok())
            .ok_or_else(stopped)
    }

    /// Takes in what the thread has reported.
    fn drain(&mut self) {
        while let Ok(r) = self.receiver().try_recv() {
            self.note(r);
        }
    }

    fn receiver(&mut self) -> &mpsc::Receiver<io::Result<usize>> {
        self.from_disk
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn note(&mut self, r: io::Result<usize>) {
        match r {
            Ok(n) => {
                self.synced = n;
                self.failed = false;
                self.error = None;
            }
            Err(e) => {
                self.failed = true;
                self.error = Some(e);
            }
        }
    }
}

fn stopped() -> io::Error {
    io::Error::other("the log's writing thread has stopped")
}

impl Drop for Background {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has written what it holds.
        self.to_disk = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[derive(Debug)]
enum Sink {
    Inline(Disk),
    Background(Background),
}

/// Appends lines to a log. Lines are made (numbered and chained) as records arrive and reach
/// the disk at [`commit`](LogWriter::commit), all of them with one write and one sync.
#[derive(Debug)]
pub struct LogWriter {
    path: PathBuf,
    /// SHA-256 of the last line made.
    prev: String,
    /// Lines made, counting the header.
    n: usize,
    clock: Clock,
    finished: bool,
    /// Lines made since the last commit.
    staged: Vec<u8>,
    staged_lines: usize,
    sink: Sink,
}

impl LogWriter {
    /// Creates a new log (never overwrites an existing file) and writes its header, as
    /// `syncing` says: inline it is synced before this returns; in the background the file
    /// exists when this returns, and its header follows.
    pub fn create(
        path: &Path,
        header: Header,
        clock: Clock,
        syncing: Syncing,
    ) -> io::Result<LogWriter> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().write(true).create_new(true).open(path)?;
        let disk = Disk::new(file, 0, 0);
        let mut w = LogWriter::over(path, disk, GENESIS.to_string(), 0, clock, syncing)?;
        let wall_ms = match clock {
            Clock::System => header.started_ms,
            Clock::Scripted { start_ms } => start_ms,
        };
        w.stage(Line {
            n: 0,
            prev: String::new(),
            wall_ms,
            header: Some(header),
            record: None,
            score: None,
        })?;
        w.commit()?;
        Ok(w)
    }

    fn over(
        path: &Path,
        disk: Disk,
        prev: String,
        n: usize,
        clock: Clock,
        syncing: Syncing,
    ) -> io::Result<LogWriter> {
        Ok(LogWriter {
            path: path.to_path_buf(),
            prev,
            n,
            clock,
            finished: false,
            staged: Vec::new(),
            staged_lines: 0,
            sink: match syncing {
                Syncing::Inline => Sink::Inline(disk),
                Syncing::Background => Sink::Background(Background::spawn(disk)?),
            },
        })
    }

    /// Re-opens a verified, unfinished log to continue it, new lines written as `syncing` says.
    pub fn resume(
        path: &Path,
        clock: Clock,
        syncing: Syncing,
    ) -> Result<(LogWriter, Session), LogError> {
        let io_error = |e: io::Error| LogError::Io(path.to_path_buf(), e.to_string());
        let session = read(path)?;
        if session.score.is_some() {
            return Err(LogError::Finished(path.to_path_buf()));
        }
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(io_error)?;
        let len = file.metadata().map_err(io_error)?.len();
        let disk = Disk::new(file, len, session.lines);
        let w = LogWriter::over(
            path,
            disk,
            session.last_hash.clone(),
            session.lines,
            clock,
            syncing,
        )
        .map_err(io_error)?;
        Ok((w, session))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Adds a record's line; it reaches the disk at the next [`commit`](LogWriter::commit).
    pub fn push(&mut self, record: &Record) -> io::Result<()> {
        let wall_ms = self.clock.wall_ms(record.t());
        self.stage(Line {
            n: 0,
            prev: String::new(),
            wall_ms,
            header: None,
            record: Some(record.clone()),
            score: None,
        })
    }

    /// Adds the final score line. Nothing may follow it.
    pub fn push_score(&mut self, t: u64, score: &ScoreReport) -> io::Result<()> {
        let wall_ms = self.clock.wall_ms(t);
        self.stage(Line {
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

    /// Writes and syncs every line made so far that is not on disk yet, retrying lines an
    /// earlier attempt failed to write. Inline, the lines are on disk when this returns `Ok`,
    /// and after an error they wait for the next commit; in the background this hands them
    /// over (failures come from [`poll`](LogWriter::poll)).
    pub fn commit(&mut self) -> io::Result<()> {
        let batch = (std::mem::take(&mut self.staged), self.staged_lines);
        self.staged_lines = 0;
        match &mut self.sink {
            Sink::Inline(disk) => {
                disk.queue(batch);
                disk.sync()
            }
            Sink::Background(bg) => {
                bg.drain();
                if batch.1 > 0 || (bg.failed && bg.synced < self.n) {
                    bg.send(batch)?;
                }
                Ok(())
            }
        }
    }

    /// Takes in the writing thread's reports; returns the latest failure not yet reported (a
    /// later success clears it). Inline writing reports its failures from `commit`.
    pub fn poll(&mut self) -> Option<io::Error> {
        match &mut self.sink {
            Sink::Inline(_) => None,
            Sink::Background(bg) => {
                bg.drain();
                bg.error.take()
            }
        }
    }

    /// Lines on disk, counting the header, as of the last `poll` or `commit`.
    pub fn synced_lines(&self) -> usize {
        match &self.sink {
            Sink::Inline(disk) => disk.synced,
            Sink::Background(bg) => bg.synced,
        }
    }

    /// Lines made, counting the header.
    pub fn lines(&self) -> usize {
        self.n
    }

    /// Blocks until every committed line is on disk, or an attempt to write them fails
    /// (retrying once lines that failed before).
    pub fn wait(&mut self) -> io::Result<()> {
        let n = self.n - self.staged_lines;
        match &mut self.sink {
            Sink::Inline(disk) => disk.sync(),
            Sink::Background(bg) => {
                bg.drain();
                if bg.failed && bg.synced < n {
                    bg.send((Vec::new(), 0))?;
                }
                bg.error = None;
                while bg.synced < n {
                    let r = bg.receiver().recv().map_err(|_| stopped())?;
                    bg.note(r);
                    if let Some(e) = bg.error.take() {
                        return Err(e);
                    }
                }
                Ok(())
            }
        }
    }

    /// SHA-256 of the last line made: once every line is on disk, the session's fingerprint.
    pub fn last_hash(&self) -> &str {
        &self.prev
    }

    fn stage(&mut self, mut line: Line) -> io::Result<()> {
        if self.finished {
            return Err(io::Error::other(
                "the log is finished: nothing may follow the score line",
            ));
        }
        line.n = self.n + 1;
        line.prev = self.prev.clone();
        let text = serde_json::to_string(&line).map_err(io::Error::other)?;
        self.staged.extend_from_slice(text.as_bytes());
        self.staged.push(b'\n');
        self.staged_lines += 1;
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
        problem: Problem,
    },
    #[error("{0}: the session is finished (it has a score line) and cannot be resumed")]
    Finished(PathBuf),
}

/// What is wrong with a log's line. `Display` gives the words `bedside verify` prints (English,
/// as every message of the command line); the app words each kind in the reader's language
/// (`log-problem-*` messages, [`Problem::message_id`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NotUtf8,
    /// Not JSON of a log line (the parser's words).
    NotALine(String),
    /// The line says it is this number.
    Numbered(usize),
    Chain,
    NotOneKind,
    /// An unsupported log format.
    Format(u32),
    NoHeader,
    SecondHeader,
    /// A clock line in a log of this (older) format.
    ClockInFormat(u32),
    AfterScore,
    /// Bytes after the last newline that are not the start of a log line.
    Unterminated,
    /// The last line was cut short.
    Torn,
    /// The score line is JSON but not a score (the decoder's words).
    NotAScore(String),
    /// A record's simulated time (seconds) is beyond any a case can reach
    /// ([`MAX_DURATION`](crate::scenario::expr::MAX_DURATION)).
    Time(u64),
    /// The score line differs from the score the session's decisions earn when re-simulated
    /// against the same case: it was edited (or written by another program).
    ScoreMismatch {
        logged: Verdict,
        rescored: Verdict,
    },
    /// A line longer than [`MAX_LINE_BYTES`]: no line this program writes comes near it, and
    /// reading on would hold an unbounded line in memory (`/dev/zero` handed over as a log).
    TooLong,
}

/// A score in brief, as a mismatch names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub earned: u32,
    pub available: u32,
    pub percent: u32,
    pub passed: bool,
}

impl Verdict {
    pub fn of(r: &ScoreReport) -> Verdict {
        Verdict {
            earned: r.earned,
            available: r.available,
            percent: r.percent,
            passed: r.passed,
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/{} ({} %), {}",
            self.earned,
            self.available,
            self.percent,
            if self.passed { "passed" } else { "failed" }
        )
    }
}

impl Problem {
    /// The Fluent message that words this problem; its variables are [`Problem::args`].
    pub fn message_id(&self) -> &'static str {
        match self {
            Problem::NotUtf8 => "log-problem-not-utf8",
            Problem::NotALine(_) => "log-problem-not-a-line",
            Problem::Numbered(_) => "log-problem-numbered",
            Problem::Chain => "log-problem-chain",
            Problem::NotOneKind => "log-problem-not-one-kind",
            Problem::Format(_) => "log-problem-format",
            Problem::NoHeader => "log-problem-no-header",
            Problem::SecondHeader => "log-problem-second-header",
            Problem::ClockInFormat(_) => "log-problem-clock-in-format",
            Problem::AfterScore => "log-problem-after-score",
            Problem::Unterminated => "log-problem-unterminated",
            Problem::Torn => "log-problem-torn",
            Problem::NotAScore(_) => "log-problem-not-a-score",
            Problem::Time(_) => "log-problem-time",
            Problem::ScoreMismatch { .. } => "log-problem-score-mismatch",
            Problem::TooLong => "log-problem-too-long",
        }
    }

    /// The message's variables: `number`, `format`, `formats` (the range this program reads),
    /// `clock_format`, `detail` (a parser's own words, in English), `seconds` and `days`; for a
    /// score mismatch `logged_earned`, `logged_available`, `logged_percent`, `logged_passed`
    /// (`true`/`false`) and the same for `rescored_`; `mib` for a line too long.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::Time(t) => vec![
                ("seconds", t.to_string()),
                (
                    "days",
                    (crate::scenario::expr::MAX_DURATION / 86_400).to_string(),
                ),
            ],
            Problem::ScoreMismatch { logged, rescored } => vec![
                ("logged_earned", logged.earned.to_string()),
                ("logged_available", logged.available.to_string()),
                ("logged_percent", logged.percent.to_string()),
                ("logged_passed", logged.passed.to_string()),
                ("rescored_earned", rescored.earned.to_string()),
                ("rescored_available", rescored.available.to_string()),
                ("rescored_percent", rescored.percent.to_string()),
                ("rescored_passed", rescored.passed.to_string()),
            ],
            Problem::NotALine(e) | Problem::NotAScore(e) => vec![("detail", e.clone())],
            Problem::TooLong => vec![("mib", (MAX_LINE_BYTES >> 20).to_string())],
            Problem::Numbered(n) => vec![("number", n.to_string())],
            Problem::Format(f) => vec![
                ("format", f.to_string()),
                ("formats", format!("1–{FORMAT}")),
            ],
            Problem::ClockInFormat(f) => vec![
                ("format", f.to_string()),
                ("clock_format", FORMAT_CLOCK.to_string()),
            ],
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::NotUtf8 => f.write_str("not valid UTF-8 text"),
            Problem::NotALine(e) => write!(f, "not a log line: {e}"),
            Problem::Numbered(n) => write!(
                f,
                "line says it is number {n}: lines were removed, added or reordered"
            ),
            Problem::Chain => f.write_str(
                "hash chain broken: the previous line is not the one this line was written after (it was edited, removed or reordered)",
            ),
            Problem::NotOneKind => {
                f.write_str("a line must hold exactly one of header, record or score")
            }
            Problem::Format(v) => write!(
                f,
                "log format {v} is not supported (this program reads formats 1 to {FORMAT})"
            ),
            Problem::NoHeader => f.write_str("the first line must be the header"),
            Problem::SecondHeader => f.write_str("a second header"),
            Problem::ClockInFormat(v) => write!(
                f,
                "a clock line in a log of format {v}: clock lines came with format {FORMAT_CLOCK}"
            ),
            Problem::AfterScore => f.write_str("a line follows the score line, which must be last"),
            Problem::Unterminated => {
                f.write_str("not a log line, and it does not end with a newline")
            }
            Problem::Torn => f.write_str(
                "the last line is incomplete (the program stopped while writing it); the lines before it are intact",
            ),
            Problem::NotAScore(e) => {
                write!(f, "the score line does not hold a valid score: {e}")
            }
            Problem::Time(t) => write!(
                f,
                "a simulated time of {t} s is beyond the longest a session can last ({} days)",
                crate::scenario::expr::MAX_DURATION / 86_400
            ),
            Problem::TooLong => write!(
                f,
                "the line is longer than {} MiB, the most a log line may hold: not a log this program wrote",
                MAX_LINE_BYTES >> 20
            ),
            Problem::ScoreMismatch { logged, rescored } => write!(
                f,
                "the score line says {logged}, but the session's decisions re-scored against the same case earn {rescored}: the score line was altered"
            ),
        }
    }
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
    /// The whole line as it is in the file, and the parts a writer of this program sets from
    /// outside the score: enough to say what the line would be for another score.
    raw: String,
    prev: String,
    wall_ms: u64,
}

impl LoggedScore {
    /// The log line it is on (1-based).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether this line is, byte for byte, the score line this program writes for `score`
    /// (in the same place of the chain, at the same wall-clock time). Any edit of the score line
    /// that the chain cannot see — a changed number, a changed word, even a re-spelled escape —
    /// makes it differ from the line written for the score the session re-scores to.
    pub fn is_line_of(&self, score: &ScoreReport) -> bool {
        let line = Line {
            n: self.line,
            prev: self.prev.clone(),
            wall_ms: self.wall_ms,
            header: None,
            record: None,
            score: Some(score.clone()),
        };
        serde_json::to_string(&line).is_ok_and(|text| text == self.raw)
    }

    /// Decodes the score; an error names the log at `path` and the line.
    pub fn report(&self, path: &Path) -> Result<ScoreReport, LogError> {
        serde_json::from_str(&self.json).map_err(|e| LogError::Broken {
            path: path.to_path_buf(),
            line: self.line,
            problem: Problem::NotAScore(e.to_string()),
        })
    }
}

impl Session {
    /// The logged score, decoded ([`LoggedScore::report`]); `None` for an unfinished session.
    pub fn score_report(&self, path: &Path) -> Result<Option<ScoreReport>, LogError> {
        self.score.as_ref().map(|s| s.report(path)).transpose()
    }
}
