//! The per-hospital breakdown of a cohort: sessions, pass rate and mean score per hospital, and
//! per case × hospital. The same rows come from logs (the file report) and from LRS statements
//! (`report --lrs`), so the two reports of the same sessions agree figure for figure.

#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use fluent_bundle::FluentValue;

use super::csv::cell;
use super::esc;
use crate::i18n::Texts;

/// One row of the breakdown: a hospital over all cases (`case_id` `None`), or one case at one
/// hospital. `hospital` `None` gathers the sessions whose log names none (older logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HospitalRow {
    pub hospital: Option<String>,
    pub case_id: Option<String>,
    pub sessions: usize,
    pub passed: usize,
    /// Sum of the sessions' scores in percent (the mean is this over `sessions`).
    pub percent_sum: u64,
}

impl HospitalRow {
    /// Passed / sessions, in percent.
    pub fn pass_rate(&self) -> f64 {
        self.passed as f64 * 100.0 / self.sessions.max(1) as f64
    }

    /// The mean score in percent.
    pub fn mean_percent(&self) -> f64 {
        self.percent_sum as f64 / self.sessions.max(1) as f64
    }
}

/// One session as the breakdown counts it.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a> {
    pub hospital: Option<&'a str>,
    pub case_id: &'a str,
    pub percent: u32,
    pub passed: bool,
}

/// The rows: first one per hospital (by id, sessions without a hospital last), then one per case
/// × hospital (by case id, then hospital). The order does not depend on the sessions' order.
pub fn breakdown<'a>(sessions: impl IntoIterator<Item = Counted<'a>>) -> Vec<HospitalRow> {
    // `None` sorts first in a BTreeMap; the key puts it last.
    type Key = (bool, String);
    let key = |h: Option<&str>| (h.is_none(), h.unwrap_or_default().to_string());
    let mut per_site: BTreeMap<Key, (usize, usize, u64)> = BTreeMap::new();
    let mut per_case: BTreeMap<(String, Key), (usize, usize, u64)> = BTreeMap::new();
    for s in sessions {
        for slot in [
            per_site.entry(key(s.hospital)).or_default(),
            per_case
                .entry((s.case_id.to_string(), key(s.hospital)))
                .or_default(),
        ] {
            slot.0 += 1;
            slot.1 += usize::from(s.passed);
            slot.2 += u64::from(s.percent);
        }
    }
    let row =
        |(none, h): Key, case_id: Option<String>, (n, p, sum): (usize, usize, u64)| HospitalRow {
            hospital: (!none).then_some(h),
            case_id,
            sessions: n,
            passed: p,
            percent_sum: sum,
        };
    let mut out: Vec<HospitalRow> = per_site.into_iter().map(|(k, v)| row(k, None, v)).collect();
    out.extend(
        per_case
            .into_iter()
            .map(|((case, k), v)| row(k, Some(case), v)),
    );
    out
}

/// The breakdown as an HTML section (heading and one table), text escaped.
pub fn html(rows: &[HospitalRow], t: &Texts) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "\n<h2>{}</h2>\n<table class=\"hospitals\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        esc(&t.get("cohort-hospitals")),
        esc(&t.get("cohort-col-hospital")),
        esc(&t.get("cohort-col-case")),
        esc(&t.get("cohort-col-sessions")),
        esc(&t.get("cohort-col-passed")),
        esc(&t.get("cohort-col-session-pass-rate")),
        esc(&t.get("cohort-col-mean")),
    );
    for r in rows {
        let site = match &r.hospital {
            Some(h) => esc(h),
            None => format!(
                "<span class=\"meta\">{}</span>",
                esc(&t.get("cohort-hospital-none"))
            ),
        };
        let case = match &r.case_id {
            Some(c) => esc(c),
            None => format!(
                "<strong>{}</strong>",
                esc(&t.get("cohort-hospital-all-cases"))
            ),
        };
        let rate = r.pass_rate();
        let _ = write!(
            h,
            "<tr><td>{site}</td><td>{case}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"rate\"><span class=\"bar\"><span style=\"width:{rate:.0}%\"></span></span> <span class=\"pct\">{rate:.0}%</span></td><td class=\"num\">{}</td></tr>\n",
            r.sessions,
            r.passed,
            esc(&t.with(
                "cohort-mean-score",
                &[(
                    "mean",
                    FluentValue::from(format!("{:.1}", r.mean_percent()))
                )]
            )),
        );
    }
    h += "</tbody>\n</table>\n";
    h
}

/// The breakdown as CSV: `hospital, case_id, sessions, passed, pass_rate_percent,
/// mean_score_percent` (an empty `case_id`: all cases; an empty `hospital`: none recorded).
pub fn csv<W: Write>(rows: &[HospitalRow], out: W) -> ::csv::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record([
        "hospital",
        "case_id",
        "sessions",
        "passed",
        "pass_rate_percent",
        "mean_score_percent",
    ])?;
    for r in rows {
        w.write_record([
            cell(r.hospital.as_deref().unwrap_or_default()),
            cell(r.case_id.as_deref().unwrap_or_default()),
            r.sessions.to_string(),
            r.passed.to_string(),
            format!("{:.1}", r.pass_rate()),
            format!("{:.1}", r.mean_percent()),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_per_hospital_then_per_case_and_hospital_whatever_the_order() {
        let s = |hospital, case_id, percent, passed| Counted {
            hospital,
            case_id,
            percent,
            passed,
        };
        let a = [
            s(Some("tokyo-1"), "sepsis", 90, true),
            s(None, "sepsis", 40, false),
            s(Some("osaka"), "sepsis", 60, false),
            s(Some("tokyo-1"), "dka", 80, true),
            s(Some("tokyo-1"), "sepsis", 50, false),
        ];
        let rows = breakdown(a);
        let mut b = a;
        b.reverse();
        assert_eq!(rows, breakdown(b));
        type Brief<'a> = (Option<&'a str>, Option<&'a str>, usize, usize, f64);
        let brief: Vec<Brief> = rows
            .iter()
            .map(|r| {
                (
                    r.hospital.as_deref(),
                    r.case_id.as_deref(),
                    r.sessions,
                    r.passed,
                    r.mean_percent(),
                )
            })
            .collect();
        assert_eq!(
            brief,
            [
                (Some("osaka"), None, 1, 0, 60.0),
                (Some("tokyo-1"), None, 3, 2, 220.0 / 3.0),
                (None, None, 1, 0, 40.0),
                (Some("tokyo-1"), Some("dka"), 1, 1, 80.0),
                (Some("osaka"), Some("sepsis"), 1, 0, 60.0),
                (Some("tokyo-1"), Some("sepsis"), 2, 1, 70.0),
                (None, Some("sepsis"), 1, 0, 40.0),
            ]
        );
    }
}
