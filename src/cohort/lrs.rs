//! A cohort report from the Learning Record Store alone: the session verdict statements Bedside
//! sent (`passed`/`failed`, with each criterion's outcome and the hospital), read back from the
//! LRS page by page, summed up per case, per criterion and per hospital.
//!
//! A programme whose sessions all reach one LRS needs no log files for its overview. What the LRS
//! does not hold, this report cannot show: the vital-sign course and the decision list of each
//! session (re-simulated from the log in the file report), and whether a case changed since the
//! session (the verdict is the one re-derived when the session was sent). Statements from a
//! Bedside before the `criteria` extension count in the totals and by hospital, not under the
//! criteria; the report says how many.

#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use fluent_bundle::FluentValue;
use serde_json::Value;

use super::csv::cell;
use super::hospital::{self, Counted, HospitalRow};
use super::{CriterionTally, esc, iso_timestamp, utc_minute};
use crate::i18n::{Locale, Texts};
use crate::report;
use crate::rubric::Status;
use crate::scenario::model::Weight;
use crate::xapi::{Lrs, SendError};

/// The verbs of the session verdict statements.
const VERBS: [&str; 2] = [
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
];

/// Statements asked for per page (an LRS may answer with fewer: Ralph's default cap is 100).
pub const PAGE: usize = 500;

/// The most pages followed for one verb (a misbehaving LRS that always answers `more` must not
/// keep the report running forever): 10,000 pages of 500 statements.
const MAX_PAGES: usize = 10_000;

/// What to read from the LRS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// xAPI `since` (statements stored after it), an ISO 8601 timestamp.
    pub since: String,
    /// xAPI `until` (stored at or before it).
    pub until: Option<String>,
    /// Only sessions of this hospital.
    pub hospital: Option<String>,
    /// Statements asked for per page ([`PAGE`]).
    pub page: usize,
}

/// A date or timestamp given on the command line as the xAPI query wants it: `YYYY-MM-DD` is the
/// start of that day in UTC (or, with `end_of_day`, its last millisecond); a full timestamp
/// (`2026-12-01T09:00:00Z`, `…+09:00`) is passed as it is.
pub fn timestamp_arg(text: &str, end_of_day: bool) -> Result<String, String> {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date_ok = |d: &str| {
        let p: Vec<&str> = d.split('-').collect();
        p.len() == 3
            && p[0].len() == 4
            && p[1].len() == 2
            && p[2].len() == 2
            && p.iter().all(|x| digits(x))
            && (1..=12).contains(&p[1].parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&p[2].parse::<u32>().unwrap_or(0))
    };
    if date_ok(t) {
        return Ok(if end_of_day {
            format!("{t}T23:59:59.999Z")
        } else {
            format!("{t}T00:00:00Z")
        });
    }
    let ok = t.split_once('T').is_some_and(|(d, rest)| {
        date_ok(d)
            && rest.len() >= 5
            && (rest.ends_with('Z') || rest.contains('+') || rest.matches('-').count() == 1)
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || b":.+-Z".contains(&b))
    });
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "'{}' is not a date: write 2026-12-01, or a timestamp with its zone such as 2026-12-01T09:00:00Z",
            crate::scenario::load::shorten(t)
        ))
    }
}

/// One criterion's outcome as a statement carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionOutcome {
    pub id: String,
    pub weight: Weight,
    pub status: Status,
}

/// One session's verdict as the LRS holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub trainee: String,
    pub case_id: String,
    pub case_version: String,
    pub hospital: Option<String>,
    /// When the session started (`…:xapi:started`; the statement's timestamp, its end, for
    /// statements sent before that extension).
    pub started: String,
    pub percent: u32,
    pub earned: u32,
    pub available: u32,
    pub pass_mark: u32,
    pub passed: bool,
    /// `None`: sent without the `criteria` extension (an older Bedside).
    pub criteria: Option<Vec<CriterionOutcome>>,
    pub log_sha256: String,
    pub registration: String,
}

/// What was read from the LRS.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    /// One per session (the same log sent twice counts once), oldest first.
    pub outcomes: Vec<Outcome>,
    /// Verdict statements read (`passed`/`failed`), pages asked for.
    pub statements: usize,
    pub pages: usize,
    /// Statements with a verdict verb that are not a Bedside session's (other tools write to
    /// the same LRS): counted, not used.
    pub foreign: usize,
}

/// Reads every session verdict statement in the query's time span, following `more`. The LRS is
/// asked for the `passed` and `failed` verbs; an LRS that answers both with nothing (Ralph 5.1's
/// file backend ignores no filter but answers a verb filter with nothing) is read once more
/// without the verb filter, keeping those verbs here. Either way only verdict statements count.
pub fn fetch(lrs: &Lrs, q: &Query) -> Result<Fetched, SendError> {
    let mut f = Fetched::default();
    let mut by_hash: BTreeMap<String, Outcome> = BTreeMap::new();
    for verb in VERBS {
        read_pages(lrs, q, Some(verb), &mut f, &mut by_hash)?;
    }
    if f.statements == 0 {
        read_pages(lrs, q, None, &mut f, &mut by_hash)?;
    }
    let mut out: Vec<Outcome> = by_hash
        .into_values()
        .filter(|o| q.hospital.is_none() || o.hospital == q.hospital)
        .collect();
    out.sort_by(|a, b| {
        (&a.started, &a.case_id, &a.trainee, &a.log_sha256).cmp(&(
            &b.started,
            &b.case_id,
            &b.trainee,
            &b.log_sha256,
        ))
    });
    f.outcomes = out;
    Ok(f)
}

/// Reads the pages of one query into `by_hash` (one outcome per log).
fn read_pages(
    lrs: &Lrs,
    q: &Query,
    verb: Option<&str>,
    f: &mut Fetched,
    by_hash: &mut BTreeMap<String, Outcome>,
) -> Result<(), SendError> {
    let limit = q.page.max(1).to_string();
    let mut query = vec![("since", q.since.as_str()), ("limit", limit.as_str())];
    if let Some(u) = &q.until {
        query.push(("until", u.as_str()));
    }
    if let Some(v) = verb {
        query.push(("verb", v));
    }
    let mut page = lrs.get(&query)?;
    for n in 1.. {
        f.pages += 1;
        let list = page["statements"].as_array().map_or(&[][..], Vec::as_slice);
        for st in list {
            if !VERBS.contains(&st["verb"]["id"].as_str().unwrap_or_default()) {
                continue;
            }
            f.statements += 1;
            match outcome(st) {
                Some(o) => {
                    by_hash.entry(o.log_sha256.clone()).or_insert(o);
                }
                None => f.foreign += 1,
            }
        }
        let more = page["more"].as_str().unwrap_or_default();
        if more.is_empty() || list.is_empty() || n >= MAX_PAGES {
            break;
        }
        page = lrs.get_more(more)?;
    }
    Ok(())
}

/// The Bedside session verdict a statement holds, whatever activity base it was sent with;
/// `None` for any other statement.
pub fn outcome(st: &Value) -> Option<Outcome> {
    let ctx = st["context"]["extensions"].as_object()?;
    let (key, hash) = ctx.iter().find(|(k, _)| k.ends_with(":xapi:log-sha256"))?;
    let base = key.strip_suffix(":xapi:log-sha256")?;
    let ext = |k: &str| format!("{base}:xapi:{k}");
    let res = &st["result"];
    let rext = res["extensions"].as_object()?;
    let case_iri = st["object"]["id"].as_str()?;
    let case_id = case_iri.strip_prefix(&format!("{base}:case:"))?.to_string();
    let version_prefix = format!("{case_iri}:version:");
    let case_version = st["context"]["contextActivities"]["grouping"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|a| a["id"].as_str()?.strip_prefix(&version_prefix))
        .unwrap_or_default()
        .to_string();
    let num = |v: Option<&Value>| {
        v.and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
    };
    let criteria = rext
        .get(&ext("criteria"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|c| {
                    Some(CriterionOutcome {
                        id: c["id"].as_str()?.to_string(),
                        weight: match c["weight"].as_str()? {
                            "critical" => Weight::Critical,
                            "major" => Weight::Major,
                            "minor" => Weight::Minor,
                            _ => return None,
                        },
                        status: serde_json::from_value(c["status"].clone()).ok()?,
                    })
                })
                .collect()
        });
    Some(Outcome {
        trainee: st["actor"]["account"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        case_id,
        case_version,
        hospital: ctx
            .get(&ext("hospital"))
            .and_then(Value::as_str)
            .map(str::to_string),
        started: rext
            .get(&ext("started"))
            .or(st.get("timestamp"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        percent: num(rext.get(&ext("percent")))?,
        earned: num(res["score"].get("raw"))?,
        available: num(res["score"].get("max"))?,
        pass_mark: num(rext.get(&ext("pass-mark")))?,
        passed: res["success"].as_bool()?,
        criteria,
        log_sha256: hash.as_str()?.to_string(),
        registration: st["context"]["registration"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    })
}

/// The per-hospital breakdown of sessions read from the LRS (the same rows as from their logs).
pub fn hospital_rows(outcomes: &[Outcome]) -> Vec<HospitalRow> {
    hospital::breakdown(outcomes.iter().map(|o| Counted {
        hospital: o.hospital.as_deref(),
        case_id: &o.case_id,
        percent: o.percent,
        passed: o.passed,
    }))
}

/// Criteria tallied over the sessions that carry them, in the order first met (as
/// [`super::tally`] does for logs).
pub fn tally(outcomes: &[Outcome]) -> Vec<CriterionTally> {
    super::tally_entries(outcomes.iter().flat_map(|o| {
        o.criteria
            .iter()
            .flatten()
            .map(|c| (o.case_id.as_str(), c.id.as_str(), c.weight, c.status))
    }))
}

/// Where the report came from, for its heading.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub endpoint: &'a str,
    pub query: &'a Query,
}

/// The report as one self-contained HTML page (the file report's style, no scripts, no network):
/// summary and histogram, the per-hospital breakdown, the sessions, the criteria per case, and
/// a note that the LRS holds no timelines.
pub fn html(outcomes: &[Outcome], source: &Source, locale: Locale, generated_ms: u64) -> String {
    let ui = report::ui_sources();
    let t = Texts::new(locale, |l| ui.get(&l).cloned().unwrap_or_default());
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        locale.tag(),
        esc(&t.get("cohort-lrs-title")),
        super::html::STYLE,
        esc(&t.get("cohort-lrs-title")),
    );
    let q = source.query;
    let _ = write!(
        h,
        "<p class=\"meta\">{}</p>\n",
        esc(&t.with(
            "cohort-lrs-source",
            &[
                ("endpoint", source.endpoint.into()),
                ("since", q.since.as_str().into()),
                (
                    "until",
                    q.until
                        .clone()
                        .unwrap_or_else(|| iso_timestamp(generated_ms))
                        .into()
                ),
                ("count", FluentValue::from(outcomes.len())),
            ]
        ))
    );
    if let Some(site) = &q.hospital {
        let _ = write!(
            h,
            "<p class=\"meta\">{}</p>\n",
            esc(&t.with("cohort-lrs-filter", &[("hospital", site.as_str().into())]))
        );
    }
    let _ = write!(
        h,
        "<p class=\"meta\">{}</p>\n<p class=\"disclaimer\">{}</p>\n<p class=\"note\">{}</p>\n",
        esc(&t.with(
            "cohort-lrs-generated",
            &[("date", utc_minute(generated_ms).into())]
        )),
        esc(&t.get("disclaimer")),
        esc(&t.get("cohort-lrs-no-timelines")),
    );
    let mut percents: Vec<u32> = outcomes.iter().map(|o| o.percent).collect();
    percents.sort_unstable();
    let passed = outcomes.iter().filter(|o| o.passed).count();
    h += &super::html::summary_line(outcomes.len(), passed, super::html::median(&percents), &t);
    h += &super::html::distribution(
        &percents,
        outcomes.iter().map(|o| o.pass_mark).collect(),
        &t,
    );
    h += &hospital::html(&hospital_rows(outcomes), &t);

    let _ = write!(
        h,
        "\n<h2>{}</h2>\n{}",
        esc(&t.get("cohort-sessions")),
        super::html::sessions_table_head(&t, true)
    );
    for o in outcomes {
        let misses: Vec<String> = o
            .criteria
            .iter()
            .flatten()
            .filter(|c| {
                c.weight == Weight::Critical && matches!(c.status, Status::Missed | Status::Harmful)
            })
            .map(|c| esc(&c.id))
            .collect();
        let misses = match (&o.criteria, misses.is_empty()) {
            (None, _) => String::new(),
            (Some(_), true) => esc(&t.get("cohort-none")),
            (Some(_), false) => misses.join("<br>"),
        };
        let result = if o.passed {
            format!(
                "<span class=\"pass\">{}</span>",
                esc(&t.get("report-passed"))
            )
        } else {
            format!(
                "<span class=\"fail\">{}</span>",
                esc(&t.get("report-failed"))
            )
        };
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{} <span class=\"meta\">v{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}% ({}/{})</td><td>{result}</td><td>{misses}</td></tr>\n",
            esc(&o.trainee),
            esc(o.hospital.as_deref().unwrap_or_default()),
            esc(&o.case_id),
            esc(&o.case_version),
            esc(&o.started.replace('T', " ")),
            o.percent,
            o.earned,
            o.available,
        );
    }
    h += "</tbody>\n</table>\n";

    let _ = write!(h, "\n<h2>{}</h2>\n", esc(&t.get("cohort-criteria")));
    let without = outcomes.iter().filter(|o| o.criteria.is_none()).count();
    if without > 0 {
        let _ = write!(
            h,
            "<p class=\"note\">{}</p>\n",
            esc(&t.with(
                "cohort-lrs-no-criteria",
                &[("count", FluentValue::from(without))]
            ))
        );
    }
    let tallies = tally(outcomes);
    let mut current: Option<&str> = None;
    for ta in &tallies {
        if current != Some(ta.case_id.as_str()) {
            if current.is_some() {
                h += "</tbody>\n</table>\n";
            }
            current = Some(ta.case_id.as_str());
            h += &super::html::criteria_table_head(&esc(&ta.case_id), &t);
        }
        h += &super::html::criteria_row(&ta.id, ta, &t);
    }
    if current.is_some() {
        h += "</tbody>\n</table>\n";
    }
    h += "</body>\n</html>\n";
    h
}

/// One row per session, the file report's columns (`log` empty: there is no file;
/// `case_changed` empty: unknown to the LRS; `started_utc` as sent).
pub fn sessions_csv<W: Write>(outcomes: &[Outcome], out: W) -> ::csv::Result<()> {
    let mut w = super::csv::SessionsWriter::new(out)?;
    for o in outcomes {
        let misses: Vec<&str> = o
            .criteria
            .iter()
            .flatten()
            .filter(|c| {
                c.weight == Weight::Critical && matches!(c.status, Status::Missed | Status::Harmful)
            })
            .map(|c| c.id.as_str())
            .collect();
        w.row(&[
            String::new(),
            cell(&o.trainee),
            cell(&o.case_id),
            cell(&o.case_version),
            cell(&o.started),
            o.percent.to_string(),
            o.earned.to_string(),
            o.available.to_string(),
            o.pass_mark.to_string(),
            o.passed.to_string(),
            cell(&misses.join(";")),
            "true".into(),
            String::new(),
            cell(&o.log_sha256),
            cell(o.hospital.as_deref().unwrap_or_default()),
        ])?;
    }
    w.finish()
}

/// One row per criterion, the file report's columns.
pub fn criteria_csv<W: Write>(outcomes: &[Outcome], out: W) -> ::csv::Result<()> {
    super::csv::criteria_rows(&tally(outcomes), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_xapi_timestamps_and_anything_else_is_refused() {
        assert_eq!(
            timestamp_arg("2026-12-01", false).unwrap(),
            "2026-12-01T00:00:00Z"
        );
        assert_eq!(
            timestamp_arg("2026-12-01", true).unwrap(),
            "2026-12-01T23:59:59.999Z"
        );
        for ok in ["2026-12-01T09:00:00Z", "2026-12-01T09:00:00.5+09:00"] {
            assert_eq!(timestamp_arg(ok, false).unwrap(), ok);
        }
        for bad in [
            "yesterday",
            "2026-13-01",
            "01/12/2026",
            "2026-12-01T09:00",
            "2026-12-01&x=1",
        ] {
            let e = timestamp_arg(bad, false).unwrap_err();
            assert!(e.contains("is not a date"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_statement_of_another_tool_is_not_a_session() {
        assert_eq!(
            outcome(&serde_json::json!({"verb": {"id": VERBS[0]}})),
            None
        );
    }
}
