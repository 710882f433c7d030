//! The cohort report as CSV, for spreadsheets: one row per session, and one row per criterion
//! with its pass rate across the cohort.
//!
//! Every cell is quoted, and text cells go through [`crate::escape::csv_cell`]: a formula start
//! at the start of a cell or after any separator gets an apostrophe (a trainee named
//! `=HYPERLINK(...)` or `x;=cmd` stays text), and control and bidi characters are shown as
//! `\u{…}`.

use std::io::Write;

use super::view::SessionView;
use super::{CriterionTally, critical_misses, iso_timestamp, tally};

/// Neutralises spreadsheet formula injection in a text cell ([`crate::escape::csv_cell`]).
pub fn cell(s: &str) -> String {
    crate::escape::csv_cell(s)
}

/// A writer that quotes every cell: a spreadsheet that splits on `;` keeps a quoted `x;y` whole.
fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out)
}

/// The columns of the sessions CSV.
pub const SESSION_COLUMNS: [&str; 15] = [
    "log",
    "trainee",
    "case_id",
    "case_version",
    "started_utc",
    "score_percent",
    "earned",
    "available",
    "pass_mark",
    "passed",
    "critical_misses",
    "finished",
    "case_changed",
    "log_sha256",
    "hospital",
];

/// One session's row of the sessions CSV (cells already neutralised).
pub fn session_record(s: &SessionView) -> Vec<String> {
    let r = &s.report;
    vec![
        cell(&s.path.display().to_string()),
        cell(&s.header.trainee),
        cell(&r.case_id),
        cell(&r.case_version),
        iso_timestamp(s.header.started_ms),
        r.percent.to_string(),
        r.earned.to_string(),
        r.available.to_string(),
        r.pass_mark.to_string(),
        r.passed.to_string(),
        cell(&critical_misses(r).join(";")),
        s.finished.to_string(),
        s.case_changed.to_string(),
        cell(&s.last_hash),
        cell(s.header.hospital.as_deref().unwrap_or_default()),
    ]
}

/// The sessions CSV written row by row, as sessions come (a cohort report of any size).
pub struct SessionsWriter<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> SessionsWriter<W> {
    /// Writes the header row.
    pub fn new(out: W) -> csv::Result<SessionsWriter<W>> {
        let mut w = writer(out);
        w.write_record(SESSION_COLUMNS)?;
        Ok(SessionsWriter { w })
    }

    /// One row made by [`session_record`].
    pub fn row(&mut self, record: &[String]) -> csv::Result<()> {
        self.w.write_record(record)
    }

    pub fn finish(mut self) -> csv::Result<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// One row per session.
pub fn sessions<W: Write>(sessions: &[SessionView], out: W) -> csv::Result<()> {
    let mut w = SessionsWriter::new(out)?;
    for s in sessions {
        w.row(&session_record(s))?;
    }
    w.finish()
}

/// One row per criterion (per case): met, missed, harmful, not applicable, pass rate.
pub fn criteria<W: Write>(sessions: &[SessionView], out: W) -> csv::Result<()> {
    criteria_rows(&tally(sessions.iter().map(|s| &s.report)), out)
}

/// The criteria CSV from tallies already made (a cohort report of any size tallies as it goes).
pub fn criteria_rows<W: Write>(tallies: &[CriterionTally], out: W) -> csv::Result<()> {
    let mut w = writer(out);
    w.write_record([
        "case_id",
        "criterion",
        "weight",
        "met",
        "missed",
        "harmful",
        "not_applicable",
        "pass_rate_percent",
    ])?;
    for t in tallies {
        w.write_record([
            cell(&t.case_id),
            cell(&t.id),
            format!("{:?}", t.weight).to_lowercase(),
            t.met.to_string(),
            t.missed.to_string(),
            t.harmful.to_string(),
            t.not_applicable.to_string(),
            t.pass_rate()
                .map_or_else(String::new, |r| format!("{r:.1}")),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formula_like_cells_stay_text() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("alice"), "alice");
    }
}
