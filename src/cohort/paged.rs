//! The cohort report at any size: a small summary page, and beside it a folder with one page
//! per session (its vitals timeline, decisions and criteria) and the sessions table in pages.
//!
//! One self-contained file holding every session's timeline was 105 MB for 3,000 sessions and
//! took 48 s to open; at 100,000 sessions it would not open at all. So above
//! [`SINGLE_FILE_MAX`] logs (or when asked), `report --html cohort.html` writes
//! `cohort.html` — the summary: score distribution, the cases, the criteria across the cohort,
//! links to the pages of the sessions table, the logs left out — and `cohort-sessions/` with
//! `list-0001.html`, … ([`ROWS_PER_PAGE`] sessions each, linking each session's page) and
//! `s000001.html`, … (one per log, numbered by its place among the inputs). Every page is
//! offline (the same Content-Security-Policy), printable and escaped, as the single file is.
//!
//! Memory does not grow with the cohort: logs are worked on in chunks on every core
//! ([`super::stream`]); each session's page is written by the worker that scored it, and only
//! counts, tallies and the current list page's rows reach the summary. The sessions CSV is
//! written row by row, the criteria CSV from the tallies at the end.

// Markup is written as it will read in the file, newline included.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use fluent_bundle::FluentValue;

use super::html::{STYLE, session_section, verdict};
use super::stream::for_each_ordered;
use super::svg::{self, HistogramLabels, esc};
use super::view::{SessionView, view};
use super::{CriterionTally, Refusal, SharedShelf, critical_misses, csv, tally, utc_minute};
use crate::i18n::{Locale, Texts};
use crate::report;
use crate::rubric::ScoreReport;
use crate::scenario::LoadedCase;

/// Up to this many logs, `report --html` writes one self-contained file (all sessions in it);
/// above, the summary and its folder of pages.
pub const SINGLE_FILE_MAX: usize = 200;

/// Sessions per page of the sessions table.
pub const ROWS_PER_PAGE: usize = 500;

/// Logs left out that the summary lists itself; all are on `left-out.html` in the folder.
const REFUSED_SHOWN: usize = 50;

/// The folder of pages beside the summary: `cohort.html` → `cohort-sessions`.
pub fn pages_dir(html: &Path) -> PathBuf {
    let stem = html
        .file_stem()
        .map_or_else(|| "cohort".into(), |s| s.to_string_lossy().into_owned());
    html.with_file_name(format!("{stem}-sessions"))
}

/// What to write (`None`: not asked for).
#[derive(Debug, Clone, Copy)]
pub struct Outputs<'a> {
    pub html: Option<&'a Path>,
    pub csv: Option<&'a Path>,
    pub criteria_csv: Option<&'a Path>,
    /// The per-hospital breakdown as CSV.
    pub hospitals_csv: Option<&'a Path>,
    /// Only the sessions of this hospital (others are not counted; logs left out still are).
    pub hospital: Option<&'a str>,
    pub locale: Locale,
    /// The time printed as the report's date (ms since the Unix epoch).
    pub generated_ms: u64,
}

/// A file of the report that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

fn werr(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |source| WriteError {
        path: path.to_path_buf(),
        source,
    }
}

fn csv_err(path: &Path) -> impl Fn(::csv::Error) -> WriteError + '_ {
    move |e| WriteError {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    }
}

/// What was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub sessions: usize,
    pub passed: usize,
    pub refused: usize,
}

/// Sessions, passes and the distribution of scores of a group of sessions (the cohort, a case;
/// another breakdown — a hospital, say — adds its own map of groups to [`Summary`]).
#[derive(Debug, Clone)]
pub struct Group {
    pub sessions: usize,
    pub passed: usize,
    /// Sessions per percentage, 0–100.
    pub percents: [usize; 101],
}

impl Default for Group {
    fn default() -> Group {
        Group {
            sessions: 0,
            passed: 0,
            percents: [0; 101],
        }
    }
}

impl Group {
    pub fn add(&mut self, r: &ScoreReport) {
        self.sessions += 1;
        self.passed += usize::from(r.passed);
        self.percents[r.percent.min(100) as usize] += 1;
    }

    /// The median percentage, as the single-file report computes it from the sorted scores.
    pub fn median(&self) -> u32 {
        let n = self.sessions;
        match n {
            0 => 0,
            n if n % 2 == 1 => self.nth(n / 2),
            n => (self.nth(n / 2 - 1) + self.nth(n / 2)) / 2,
        }
    }

    /// The `k`th smallest percentage (from 0).
    fn nth(&self, k: usize) -> u32 {
        let mut seen = 0;
        for (p, &c) in self.percents.iter().enumerate() {
            seen += c;
            if seen > k {
                return p as u32;
            }
        }
        100
    }

    /// Passed, in whole percent of the sessions.
    pub fn pass_rate(&self) -> usize {
        (self.passed * 100).checked_div(self.sessions).unwrap_or(0)
    }

    /// The ten bins of the score histogram.
    pub fn bins(&self) -> [usize; 10] {
        let mut b = [0; 10];
        for (p, &c) in self.percents.iter().enumerate() {
            b[svg::bin(p as u32)] += c;
        }
        b
    }
}

/// What the summary page shows, aggregated session by session.
#[derive(Debug, Default)]
pub struct Summary {
    pub all: Group,
    /// Per case id: its sessions, and the case (as loaded) for its title and criteria.
    pub cases: BTreeMap<String, (Arc<LoadedCase>, Group)>,
    pub pass_marks: Vec<u32>,
    pub tallies: Vec<CriterionTally>,
    /// Sessions per (hospital, case, percentage, passed): what the per-hospital breakdown
    /// counts, in a few hundred entries whatever the cohort.
    pub hospitals: BTreeMap<(Option<String>, String, u32, bool), usize>,
    pub refused: usize,
    /// The first [`REFUSED_SHOWN`] logs left out, in words.
    pub refused_shown: Vec<String>,
}

impl Summary {
    /// Counts one session (of `hospital`, as its log names it).
    pub fn add(&mut self, loaded: &Arc<LoadedCase>, r: &ScoreReport, hospital: Option<&str>) {
        self.all.add(r);
        *self
            .hospitals
            .entry((
                hospital.map(str::to_string),
                r.case_id.clone(),
                r.percent,
                r.passed,
            ))
            .or_default() += 1;
        self.cases
            .entry(r.case_id.clone())
            .or_insert_with(|| (Arc::clone(loaded), Group::default()))
            .1
            .add(r);
        if let Err(k) = self.pass_marks.binary_search(&r.pass_mark) {
            self.pass_marks.insert(k, r.pass_mark);
        }
        for t in tally(std::iter::once(r)) {
            match self
                .tallies
                .iter_mut()
                .find(|x| x.case_id == t.case_id && x.id == t.id)
            {
                Some(x) => {
                    x.met += t.met;
                    x.missed += t.missed;
                    x.harmful += t.harmful;
                    x.not_applicable += t.not_applicable;
                }
                None => self.tallies.push(t),
            }
        }
    }

    /// The per-hospital breakdown: the rows the single file shows for the same sessions.
    pub fn hospital_rows(&self) -> Vec<super::hospital::HospitalRow> {
        super::hospital::breakdown(self.hospitals.iter().flat_map(
            |((hospital, case_id, percent, passed), &n)| {
                std::iter::repeat_n(
                    super::hospital::Counted {
                        hospital: hospital.as_deref(),
                        case_id,
                        percent: *percent,
                        passed: *passed,
                    },
                    n,
                )
            },
        ))
    }

    /// Counts one log left out.
    pub fn refuse(&mut self, r: &Refusal) {
        self.refused += 1;
        if self.refused_shown.len() < REFUSED_SHOWN {
            self.refused_shown.push(r.to_string());
        }
    }
}

/// The localised texts of the report, one per case, made once and shared by the threads.
struct TextShelf {
    locale: Locale,
    ui_sources: BTreeMap<Locale, Vec<String>>,
    ui: Texts,
    cases: Mutex<BTreeMap<String, Arc<Texts>>>,
}

impl TextShelf {
    fn new(locale: Locale) -> TextShelf {
        let ui_sources = report::ui_sources();
        let ui = Texts::new(locale, |l| ui_sources.get(&l).cloned().unwrap_or_default());
        TextShelf {
            locale,
            ui_sources,
            ui,
            cases: Mutex::new(BTreeMap::new()),
        }
    }

    fn case(&self, l: &LoadedCase) -> Arc<Texts> {
        let mut m = self.cases.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            m.entry(l.case.scenario.id.clone())
                .or_insert_with(|| Arc::new(l.texts(self.locale, &self.ui_sources))),
        )
    }
}

/// One log, worked on.
enum Done {
    Refused(Refusal),
    /// Another hospital's session, when the report is of one hospital.
    Skipped,
    Session(Box<Row>),
    Failed(WriteError),
}

/// What the summary, the list page and the CSV need of a session.
struct Row {
    loaded: Arc<LoadedCase>,
    hospital: Option<String>,
    report: ScoreReport,
    /// Its row of the sessions table (when writing HTML).
    html: String,
    /// Its row of the sessions CSV (when writing one).
    csv: Vec<String>,
}

fn head(h: &mut String, locale: Locale, title: &str) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        locale.tag(),
        esc(title)
    );
}

/// A file or folder name as a relative link: bytes outside RFC 3986's unreserved set are
/// percent-encoded (a report named `week #3.html` still links its folder).
fn href(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A session's file name in the folder: its place among the inputs, from 1.
fn session_file(index: usize) -> String {
    format!("s{:06}.html", index + 1)
}

fn list_file(page: usize) -> String {
    format!("list-{:04}.html", page + 1)
}

const LEFT_OUT_FILE: &str = "left-out.html";

/// Whether `name` is one of the files this module writes in the folder.
fn is_ours(name: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    name == LEFT_OUT_FILE
        || name
            .strip_prefix('s')
            .and_then(|r| r.strip_suffix(".html"))
            .is_some_and(|d| digits(d, 6))
        || name
            .strip_prefix("list-")
            .and_then(|r| r.strip_suffix(".html"))
            .is_some_and(|d| digits(d, 4))
}

/// Makes the folder, removing the pages an earlier, larger report left there (only files named
/// as this module names them, and never one that looks like a decision log).
fn prepare_dir(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(werr(dir))?;
    for e in std::fs::read_dir(dir).map_err(werr(dir))? {
        let e = e.map_err(werr(dir))?;
        let p = e.path();
        let name = e.file_name();
        if e.file_type().is_ok_and(|t| t.is_file())
            && is_ours(&name.to_string_lossy())
            && !super::output::looks_like_log(&p)
        {
            std::fs::remove_file(&p).map_err(werr(&p))?;
        }
    }
    Ok(())
}

/// The criterion in words, as the single file names it.
fn criterion_name(tt: &Texts, l: &LoadedCase, id: &str) -> String {
    l.case.criterion(id).map_or_else(
        || id.to_string(),
        |c| format!("{id} — {}", tt.get(&c.def.met)),
    )
}

/// A session's own page.
fn session_page(
    i: usize,
    s: &SessionView,
    t: &Texts,
    tt: &Texts,
    locale: Locale,
    summary_name: &str,
) -> String {
    let mut h = String::new();
    head(
        &mut h,
        locale,
        &format!("{} — {}", s.header.trainee, t.get("cohort-title")),
    );
    let _ = write!(
        h,
        "<p class=\"meta\"><a href=\"../{}\">{}</a></p>\n<p class=\"disclaimer\">{}</p>\n",
        href(summary_name),
        esc(&t.get("cohort-back")),
        esc(&t.get("disclaimer"))
    );
    h += &session_section(i, s, t, tt);
    h += "</body>\n</html>\n";
    h
}

/// A session's row of the sessions table, linking its page.
fn session_row(i: usize, s: &SessionView, t: &Texts, tt: &Texts) -> String {
    let c = &s.loaded.case;
    let misses = critical_misses(&s.report);
    let misses = if misses.is_empty() {
        esc(&t.get("cohort-none"))
    } else {
        misses
            .iter()
            .map(|id| esc(&criterion_name(tt, &s.loaded, id)))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    format!(
        "<tr><td><a href=\"{}\">{}</a></td><td>{} <span class=\"meta\">v{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}% ({}/{})</td><td>{}</td><td>{misses}</td></tr>\n",
        session_file(i),
        esc(&s.header.trainee),
        esc(&tt.get(&c.scenario.title)),
        esc(&c.scenario.version),
        esc(&utc_minute(s.header.started_ms)),
        s.report.percent,
        s.report.earned,
        s.report.available,
        verdict(t, s.report.passed),
    )
}

/// Reads, scores and re-simulates one log, writes its page, and returns what the rest needs.
fn work(
    i: usize,
    path: &Path,
    shelf: &SharedShelf,
    texts: &TextShelf,
    out: &Outputs,
    dir: Option<&Path>,
    summary_name: &str,
) -> Done {
    // Read as a stream, keeping what a replay reads and the state changes (the timeline's
    // marks), as the single file's `gather` does.
    let s = match super::view::skim_for_view(path) {
        Ok(s) => s,
        Err(e) => return Done::Refused(e.into()),
    };
    if let Some(site) = out.hospital
        && s.header.hospital.as_deref() != Some(site)
    {
        return Done::Skipped;
    }
    let loaded = match shelf.get(&s.header.scenario_id, path) {
        Ok(l) => l,
        Err(e) => return Done::Refused(e),
    };
    let v = match view(path, &s, &loaded) {
        Ok(v) => v,
        Err(e) => return Done::Refused(e),
    };
    drop(s);
    let mut html = String::new();
    if let Some(dir) = dir {
        let tt = texts.case(&loaded);
        let page = session_page(i, &v, &texts.ui, &tt, out.locale, summary_name);
        let p = dir.join(session_file(i));
        if let Err(e) = std::fs::write(&p, page) {
            return Done::Failed(werr(&p)(e));
        }
        html = session_row(i, &v, &texts.ui, &tt);
    }
    let csv = if out.csv.is_some() {
        csv::session_record(&v)
    } else {
        Vec::new()
    };
    Done::Session(Box::new(Row {
        loaded,
        hospital: v.header.hospital.clone(),
        report: v.report,
        html,
        csv,
    }))
}

/// The page of the sessions table being written.
struct ListPage {
    page: usize,
    rows: usize,
    out: BufWriter<File>,
    path: PathBuf,
}

/// Writes the report of the logs at `paths` (cases from `shelf`) to `out`'s files, on every
/// core; `refused` hears of each log left out, in the inputs' order.
pub fn write(
    shelf: &SharedShelf,
    paths: &[PathBuf],
    out: &Outputs,
    progress: impl Fn() + Sync,
    mut refused: impl FnMut(&Refusal),
) -> Result<Written, WriteError> {
    let texts = TextShelf::new(out.locale);
    let t = &texts.ui;
    let dir = out.html.map(pages_dir);
    if let Some(d) = &dir {
        prepare_dir(d)?;
    }
    let summary_name = out
        .html
        .and_then(Path::file_name)
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut csv_out = match out.csv {
        Some(p) => {
            let f = File::create(p).map_err(werr(p))?;
            Some(csv::SessionsWriter::new(BufWriter::new(f)).map_err(csv_err(p))?)
        }
        None => None,
    };
    let mut summary = Summary::default();
    let mut list: Option<ListPage> = None;
    let mut pages: Vec<(usize, usize)> = Vec::new(); // (first, last) session number per page
    let mut left_out: Option<(BufWriter<File>, PathBuf)> = None;

    for_each_ordered(
        paths,
        |i, p| work(i, p, shelf, &texts, out, dir.as_deref(), &summary_name),
        progress,
        |_, done| -> Result<(), WriteError> {
            match done {
                Done::Failed(e) => return Err(e),
                Done::Skipped => {}
                Done::Refused(r) => {
                    refused(&r);
                    summary.refuse(&r);
                    if let Some(d) = &dir {
                        if left_out.is_none() {
                            let p = d.join(LEFT_OUT_FILE);
                            let mut w = BufWriter::new(File::create(&p).map_err(werr(&p))?);
                            let mut h = String::new();
                            head(&mut h, out.locale, &t.get("cohort-refused"));
                            let _ = write!(
                                h,
                                "<p class=\"meta\"><a href=\"../{}\">{}</a></p>\n<h1>{}</h1>\n<ul>\n",
                                href(&summary_name),
                                esc(&t.get("cohort-back")),
                                esc(&t.get("cohort-refused"))
                            );
                            w.write_all(h.as_bytes()).map_err(werr(&p))?;
                            left_out = Some((w, p));
                        }
                        if let Some((w, p)) = &mut left_out {
                            writeln!(w, "<li>{}</li>", esc(&r.to_string())).map_err(werr(p))?;
                        }
                    }
                }
                Done::Session(row) => {
                    summary.add(&row.loaded, &row.report, row.hospital.as_deref());
                    let n = summary.all.sessions;
                    if let (Some(w), Some(p)) = (&mut csv_out, out.csv) {
                        w.row(&row.csv).map_err(csv_err(p))?;
                    }
                    if let Some(d) = &dir {
                        if list.as_ref().is_some_and(|l| l.rows == ROWS_PER_PAGE) {
                            let l = list.take().expect("checked");
                            close_list(l, t, true)?;
                        }
                        if list.is_none() {
                            let page = pages.len();
                            let path = d.join(list_file(page));
                            let f = File::create(&path).map_err(werr(&path))?;
                            let mut l = ListPage {
                                page,
                                rows: 0,
                                out: BufWriter::new(f),
                                path,
                            };
                            open_list(&mut l, t, out.locale, &summary_name)?;
                            list = Some(l);
                            pages.push((n, n));
                        }
                        let l = list.as_mut().expect("opened");
                        l.out
                            .write_all(row.html.as_bytes())
                            .map_err(werr(&l.path))?;
                        l.rows += 1;
                        if let Some(last) = pages.last_mut() {
                            last.1 = n;
                        }
                    }
                }
            }
            Ok(())
        },
    )?;

    if let Some(l) = list.take() {
        close_list(l, t, false)?;
    }
    if let Some((mut w, p)) = left_out.take() {
        w.write_all(b"</ul>\n</body>\n</html>\n")
            .map_err(werr(&p))?;
        w.flush().map_err(werr(&p))?;
    }
    if let (Some(w), Some(p)) = (csv_out, out.csv) {
        w.finish().map_err(csv_err(p))?;
    }
    if let Some(p) = out.criteria_csv {
        let f = File::create(p).map_err(werr(p))?;
        csv::criteria_rows(&summary.tallies, BufWriter::new(f)).map_err(csv_err(p))?;
    }
    if let Some(p) = out.hospitals_csv {
        let f = File::create(p).map_err(werr(p))?;
        super::hospital::csv(&summary.hospital_rows(), BufWriter::new(f)).map_err(csv_err(p))?;
    }
    if let (Some(p), Some(d)) = (out.html, &dir) {
        let dir_name = d
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let page = summary_page(&summary, &pages, &texts, out, &dir_name);
        std::fs::write(p, page).map_err(werr(p))?;
    }
    Ok(Written {
        sessions: summary.all.sessions,
        passed: summary.all.passed,
        refused: summary.refused,
    })
}

fn open_list(
    l: &mut ListPage,
    t: &Texts,
    locale: Locale,
    summary_name: &str,
) -> Result<(), WriteError> {
    let title = t.with(
        "cohort-list-page",
        &[("page", FluentValue::from(l.page + 1))],
    );
    let mut h = String::new();
    head(&mut h, locale, &title);
    let _ = write!(
        h,
        "<p class=\"meta\"><a href=\"../{}\">{}</a></p>\n<h1>{}</h1>\n{}",
        href(summary_name),
        esc(&t.get("cohort-back")),
        esc(&title),
        super::html::sessions_table_head(t, false)
    );
    l.out.write_all(h.as_bytes()).map_err(werr(&l.path))
}

/// Ends a page of the sessions table, with links to the pages before and after it.
fn close_list(mut l: ListPage, t: &Texts, more: bool) -> Result<(), WriteError> {
    let mut h = String::from("</tbody>\n</table>\n<p class=\"meta\">");
    if l.page > 0 {
        let _ = write!(
            h,
            "<a href=\"{}\">← {}</a> ",
            list_file(l.page - 1),
            esc(&t.with("cohort-list-page", &[("page", FluentValue::from(l.page))]))
        );
    }
    if more {
        let _ = write!(
            h,
            "<a href=\"{}\">{} →</a>",
            list_file(l.page + 1),
            esc(&t.with(
                "cohort-list-page",
                &[("page", FluentValue::from(l.page + 2))]
            ))
        );
    }
    h += "</p>\n</body>\n</html>\n";
    l.out.write_all(h.as_bytes()).map_err(werr(&l.path))?;
    l.out.flush().map_err(werr(&l.path))
}

/// The summary page.
fn summary_page(
    s: &Summary,
    pages: &[(usize, usize)],
    texts: &TextShelf,
    out: &Outputs,
    dir_name: &str,
) -> String {
    let t = &texts.ui;
    let mut h = String::new();
    head(&mut h, out.locale, &t.get("cohort-title"));
    let _ = write!(h, "<h1>{}</h1>\n", esc(&t.get("cohort-title")));
    let _ = write!(
        h,
        "<p class=\"meta\">{}</p>\n<p class=\"disclaimer\">{}</p>\n",
        esc(&t.with(
            "cohort-generated",
            &[
                ("date", utc_minute(out.generated_ms).into()),
                ("count", FluentValue::from(s.all.sessions + s.refused)),
            ]
        )),
        esc(&t.get("disclaimer"))
    );
    h += &super::html::summary_line(s.all.sessions, s.all.passed, s.all.median(), t);
    let _ = write!(h, "<h2>{}</h2>\n", esc(&t.get("cohort-distribution")));
    h += &svg::histogram_bins(
        &s.all.bins(),
        &HistogramLabels {
            title: t.get("cohort-distribution"),
            x_axis: t.get("cohort-axis-score"),
            y_axis: t.get("cohort-axis-sessions"),
            pass_marks: s
                .pass_marks
                .iter()
                .map(|m| {
                    (
                        *m,
                        t.with("cohort-pass-mark", &[("pass", FluentValue::from(*m))]),
                    )
                })
                .collect(),
        },
    );
    h += &super::hospital::html(&s.hospital_rows(), t);

    // Per case.
    let _ = write!(
        h,
        "\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        esc(&t.get("cohort-by-case")),
        esc(&t.get("cohort-col-case")),
        esc(&t.get("cohort-axis-sessions")),
        esc(&t.get("cohort-col-passed")),
        esc(&t.get("cohort-col-median")),
    );
    for (id, (l, g)) in &s.cases {
        let tt = texts.case(l);
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"meta\">{} v{}</span></td><td class=\"num\">{}</td><td class=\"num\">{} ({}%)</td><td class=\"num\">{}%</td></tr>\n",
            esc(&tt.get(&l.case.scenario.title)),
            esc(id),
            esc(&l.case.scenario.version),
            g.sessions,
            g.passed,
            g.pass_rate(),
            g.median(),
        );
    }
    h += "</tbody>\n</table>\n";

    // The sessions table, in pages.
    let _ = write!(
        h,
        "\n<h2>{}</h2>\n<p>{}</p>\n<ul class=\"pages\">\n",
        esc(&t.get("cohort-sessions")),
        esc(&t.with(
            "cohort-pages",
            &[
                ("pages", FluentValue::from(pages.len())),
                ("per", FluentValue::from(ROWS_PER_PAGE)),
            ]
        ))
    );
    for (k, (first, last)) in pages.iter().enumerate() {
        let _ = write!(
            h,
            "<li><a href=\"{}/{}\">{}</a></li>\n",
            href(dir_name),
            list_file(k),
            esc(&t.with(
                "cohort-page-range",
                &[
                    ("from", FluentValue::from(*first)),
                    ("to", FluentValue::from(*last)),
                ]
            ))
        );
    }
    h += "</ul>\n";

    // Criteria across the cohort, one table per case (as in the single file).
    let _ = write!(h, "\n<h2>{}</h2>\n", esc(&t.get("cohort-criteria")));
    let mut current: Option<&str> = None;
    for ta in &s.tallies {
        let Some((l, _)) = s.cases.get(&ta.case_id) else {
            continue;
        };
        let tt = texts.case(l);
        if current != Some(ta.case_id.as_str()) {
            if current.is_some() {
                h += "</tbody>\n</table>\n";
            }
            current = Some(ta.case_id.as_str());
            h += &super::html::criteria_table_head(
                &format!(
                    "{} <span class=\"meta\">{} v{}</span>",
                    esc(&tt.get(&l.case.scenario.title)),
                    esc(&ta.case_id),
                    esc(&l.case.scenario.version)
                ),
                t,
            );
        }
        h += &super::html::criteria_row(&criterion_name(&tt, l, &ta.id), ta, t);
    }
    if current.is_some() {
        h += "</tbody>\n</table>\n";
    }

    if s.refused > 0 {
        let _ = write!(h, "\n<h2>{}</h2>\n<ul>\n", esc(&t.get("cohort-refused")));
        for r in &s.refused_shown {
            let _ = writeln!(h, "<li>{}</li>", esc(r));
        }
        h += "</ul>\n";
        let _ = write!(
            h,
            "<p><a href=\"{}/{LEFT_OUT_FILE}\">{}</a></p>\n",
            href(dir_name),
            esc(&t.with(
                "cohort-refused-all",
                &[("count", FluentValue::from(s.refused))]
            ))
        );
    }
    h += "</body>\n</html>\n";
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_counts_is_the_median_of_the_sorted_scores() {
        for scores in [
            vec![],
            vec![40],
            vec![40, 90],
            vec![10, 90, 55, 55, 100, 0, 71],
        ] {
            let mut g = Group::default();
            for &p in &scores {
                g.percents[p as usize] += 1;
                g.sessions += 1;
            }
            let mut sorted = scores.clone();
            sorted.sort_unstable();
            assert_eq!(
                g.median(),
                super::super::html::median(&sorted),
                "{scores:?}"
            );
        }
    }

    #[test]
    fn only_our_files_are_ours() {
        for n in ["s000001.html", "list-0001.html", "left-out.html"] {
            assert!(is_ours(n), "{n}");
        }
        for n in [
            "s1.html",
            "list-1.html",
            "notes.html",
            "s000001.jsonl",
            "sabcdef.html",
        ] {
            assert!(!is_ours(n), "{n}");
        }
        assert_eq!(
            pages_dir(Path::new("out/cohort.html")),
            Path::new("out/cohort-sessions")
        );
    }
}
