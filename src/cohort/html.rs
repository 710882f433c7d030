//! The cohort report as one self-contained HTML file: no scripts, no network, no external fonts;
//! charts are inline SVG; a print stylesheet keeps each session on its own page.
//!
//! Trainee names, file names and case texts are untrusted: every one passes through [`esc`].

// Markup is written as it will read in the file, newline included, rather than split between
// write! and writeln!.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write;

use fluent_bundle::FluentValue;

use super::svg::{self, HistogramLabels, Mark, Series, esc};
use super::view::SessionView;
use super::{Refusal, critical_misses, tally, utc_minute};
use crate::i18n::{Locale, Texts};
use crate::report;
use crate::rubric::Status;
use crate::sim::Record;
use crate::wording::{self, status_id, weight_id};

pub(crate) const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Hiragino Sans", "Microsoft YaHei", sans-serif;
  margin: 2rem auto; max-width: 1000px; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #1f4e8c; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.session h3 { margin-top: 0; }
.meta, .disclaimer { color: #555; font-size: .9rem; margin: .2rem 0; }
.disclaimer { border-left: 4px solid #b3261e; padding-left: .6rem; }
.summary { font-size: 1.05rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f3f8; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pass { color: #1e6b2e; font-weight: 600; }
.fail { color: #b3261e; font-weight: 600; }
.bar { background: #e6e6e6; height: .8rem; width: 10rem; position: relative; display: inline-block; vertical-align: middle; }
td.rate { white-space: nowrap; width: 15rem; }
.pct { display: inline-block; min-width: 3em; text-align: right; font-variant-numeric: tabular-nums; }
.bar > span { position: absolute; left: 0; top: 0; bottom: 0; background: #4a78b5; }
.session { border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1.2rem 0; }
.note { background: #fff6db; padding: .3rem .5rem; font-size: .9rem; }
.hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .78rem; color: #555; word-break: break-all; }
ol.decisions { columns: 2; font-size: .88rem; padding-left: 1.6rem; }
ol.decisions li.refused { color: #b3261e; }
svg.chart { max-width: 100%; height: auto; display: block; margin: .6rem 0; }
svg text { font-family: inherit; font-size: 11px; fill: #333; }
svg text.axis { font-size: 12px; fill: #555; }
svg text.count { font-size: 12px; font-weight: 600; }
svg text.mark { fill: #b3261e; font-size: 12px; }
svg text.vital { font-size: 12px; font-weight: 600; }
svg text.marker { fill: #fff; font-size: 10px; font-weight: 700; }
svg text.state { fill: #7a3e9d; font-size: 10px; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  .session { break-inside: avoid; page-break-inside: avoid; border: none; padding: 0; }
  .session + .session { break-before: page; page-break-before: always; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .bar span, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr { break-inside: avoid; }
}
"#;

/// Everything the HTML report shows, in `locale`. `generated_ms` is the time printed as the
/// report's date (a parameter, so that tests and repeated runs can be byte-identical).
pub fn render(
    sessions: &[SessionView],
    refused: &[Refusal],
    locale: Locale,
    generated_ms: u64,
) -> String {
    let ui = report::ui_sources();
    let t = Texts::new(locale, |l| ui.get(&l).cloned().unwrap_or_default());
    let mut case_texts: BTreeMap<String, Texts> = BTreeMap::new();
    for s in sessions {
        case_texts
            .entry(s.loaded.case.scenario.id.clone())
            .or_insert_with(|| s.loaded.texts(locale, &ui));
    }
    let ct = |id: &str| case_texts.get(id).unwrap_or(&t);

    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        locale.tag(),
        esc(&t.get("cohort-title"))
    );
    let _ = write!(h, "<h1>{}</h1>\n", esc(&t.get("cohort-title")));
    let _ = write!(
        h,
        "<p class=\"meta\">{}</p>\n<p class=\"disclaimer\">{}</p>\n",
        esc(&t.with(
            "cohort-generated",
            &[
                ("date", utc_minute(generated_ms).into()),
                ("count", FluentValue::from(sessions.len() + refused.len())),
            ]
        )),
        esc(&t.get("disclaimer"))
    );

    // Summary and the score distribution.
    let mut percents: Vec<u32> = sessions.iter().map(|s| s.report.percent).collect();
    percents.sort_unstable();
    let passed = sessions.iter().filter(|s| s.report.passed).count();
    let median = median(&percents);
    h += &summary_line(sessions.len(), passed, median, &t);
    h += &distribution(
        &percents,
        sessions.iter().map(|s| s.report.pass_mark).collect(),
        &t,
    );

    h += &super::hospital::html(&hospital_rows(sessions), &t);

    // Sessions table.
    let _ = write!(
        h,
        "\n<h2>{}</h2>\n{}",
        esc(&t.get("cohort-sessions")),
        sessions_table_head(&t, false)
    );
    for (i, s) in sessions.iter().enumerate() {
        let c = &s.loaded.case;
        let tt = ct(&c.scenario.id);
        let misses = critical_misses(&s.report);
        let misses = if misses.is_empty() {
            esc(&t.get("cohort-none"))
        } else {
            misses
                .iter()
                .map(|id| esc(&criterion_name(tt, s, id)))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let _ = write!(
            h,
            "<tr><td><a href=\"#s{i}\">{}</a></td><td>{} <span class=\"meta\">v{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}% ({}/{})</td><td>{}</td><td>{misses}</td></tr>\n",
            esc(&s.header.trainee),
            esc(&tt.get(&c.scenario.title)),
            esc(&c.scenario.version),
            esc(&utc_minute(s.header.started_ms)),
            s.report.percent,
            s.report.earned,
            s.report.available,
            verdict(&t, s.report.passed),
        );
    }
    h += "</tbody>\n</table>\n";

    // Criteria across the cohort, one table per case.
    let tallies = tally(sessions.iter().map(|s| &s.report));
    let _ = write!(h, "\n<h2>{}</h2>\n", esc(&t.get("cohort-criteria")));
    let mut current: Option<&str> = None;
    for ta in &tallies {
        let Some(s) = sessions
            .iter()
            .find(|s| s.loaded.case.scenario.id == ta.case_id)
        else {
            continue;
        };
        let tt = ct(&ta.case_id);
        if current != Some(ta.case_id.as_str()) {
            if current.is_some() {
                h += "</tbody>\n</table>\n";
            }
            current = Some(ta.case_id.as_str());
            h += &criteria_table_head(
                &format!(
                    "{} <span class=\"meta\">{} v{}</span>",
                    esc(&tt.get(&s.loaded.case.scenario.title)),
                    esc(&ta.case_id),
                    esc(&s.loaded.case.scenario.version)
                ),
                &t,
            );
        }
        h += &criteria_row(&criterion_name(tt, s, &ta.id), ta, &t);
    }
    if current.is_some() {
        h += "</tbody>\n</table>\n";
    }

    if !refused.is_empty() {
        let _ = write!(h, "\n<h2>{}</h2>\n<ul>\n", esc(&t.get("cohort-refused")));
        for r in refused {
            let _ = writeln!(h, "<li>{}</li>", esc(&r.to_string()));
        }
        h += "</ul>\n";
    }

    // Each session in detail.
    let _ = write!(h, "\n<h2>{}</h2>\n", esc(&t.get("cohort-timelines")));
    for (i, s) in sessions.iter().enumerate() {
        h += &session_section(i, s, &t, ct(&s.loaded.case.scenario.id));
    }
    h += "</body>\n</html>\n";
    h
}

/// The per-hospital breakdown of sessions read from logs.
pub fn hospital_rows(sessions: &[SessionView]) -> Vec<super::hospital::HospitalRow> {
    super::hospital::breakdown(sessions.iter().map(|s| super::hospital::Counted {
        hospital: s.header.hospital.as_deref(),
        case_id: &s.report.case_id,
        percent: s.report.percent,
        passed: s.report.passed,
    }))
}

pub(crate) fn median(sorted: &[u32]) -> u32 {
    match sorted.len() {
        0 => 0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

pub(crate) fn verdict(t: &Texts, passed: bool) -> String {
    if passed {
        format!(
            "<span class=\"pass\">{}</span>",
            esc(&t.get("report-passed"))
        )
    } else {
        format!(
            "<span class=\"fail\">{}</span>",
            esc(&t.get("report-failed"))
        )
    }
}

/// A criterion in words: its id and what meeting it means (the case's "met" feedback).
/// The cohort in one sentence: sessions, passed, pass rate (whole percent, 0 for none) and median.
pub(super) fn summary_line(sessions: usize, passed: usize, median: u32, t: &Texts) -> String {
    format!(
        "<p class=\"summary\">{}</p>\n",
        esc(&t.with(
            "cohort-summary",
            &[
                ("sessions", FluentValue::from(sessions)),
                ("passed", FluentValue::from(passed)),
                (
                    "rate",
                    FluentValue::from((passed * 100).checked_div(sessions).unwrap_or(0))
                ),
                ("median", FluentValue::from(median)),
            ]
        ))
    )
}

/// The score distribution: a heading and a histogram with each pass mark drawn (`marks` in any
/// order, repeats allowed).
pub(super) fn distribution(percents: &[u32], mut marks: Vec<u32>, t: &Texts) -> String {
    marks.sort_unstable();
    marks.dedup();
    let mut h = format!("<h2>{}</h2>\n", esc(&t.get("cohort-distribution")));
    h += &svg::histogram(
        percents,
        &HistogramLabels {
            title: t.get("cohort-distribution"),
            x_axis: t.get("cohort-axis-score"),
            y_axis: t.get("cohort-axis-sessions"),
            pass_marks: marks
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
    h
}

/// The head of one case's table of criteria (`heading` is HTML, already escaped), up to `<tbody>`.
pub(super) fn criteria_table_head(heading: &str, t: &Texts) -> String {
    format!(
        "<h3>{heading}</h3>\n<table class=\"criteria\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        esc(&t.get("cohort-col-criterion")),
        esc(&t.get("cohort-col-weight")),
        esc(&t.get("cohort-col-pass-rate")),
        esc(&t.get("cohort-col-applicable")),
    )
}

/// One criterion's row of that table: its name, weight, pass rate as a bar and met / applicable.
pub(super) fn criteria_row(name: &str, ta: &super::CriterionTally, t: &Texts) -> String {
    let rate = match ta.pass_rate() {
        Some(r) => format!(
            "<span class=\"bar\"><span style=\"width:{r:.0}%\"></span></span> <span class=\"pct\">{r:.0}%</span>"
        ),
        None => format!(
            "<span class=\"meta\">{}</span>",
            esc(&t.get("cohort-never-applied"))
        ),
    };
    format!(
        "<tr><td>{}</td><td>{}</td><td class=\"rate\">{rate}</td><td class=\"num\">{} / {}</td></tr>\n",
        esc(name),
        esc(&t.get(weight_id(ta.weight))),
        ta.met,
        ta.applicable(),
    )
}

fn criterion_name(t: &Texts, s: &SessionView, id: &str) -> String {
    s.loaded.case.criterion(id).map_or_else(
        || id.to_string(),
        |c| format!("{id} — {}", t.get(&c.def.met)),
    )
}

fn state_label(t: &Texts, s: &SessionView, state: &str) -> String {
    let c = &s.loaded.case;
    c.states
        .iter()
        .find(|st| st.id == state)
        .map_or_else(|| state.to_string(), |st| t.get(&st.label))
}

/// The sessions table's opening and head row: trainee, (hospital,) case, date, score, result,
/// critical misses — the single file's, the paged list's and the record store's report's.
pub(super) fn sessions_table_head(t: &Texts, hospital: bool) -> String {
    let mut cols = vec!["cohort-col-trainee"];
    if hospital {
        cols.push("cohort-col-hospital");
    }
    cols.extend([
        "cohort-col-case",
        "cohort-col-date",
        "cohort-col-score",
        "cohort-col-result",
        "cohort-col-critical",
    ]);
    let mut h = String::from("<table>\n<thead><tr>");
    for c in cols {
        let _ = write!(h, "<th>{}</th>", esc(&t.get(c)));
    }
    h += "</tr></thead>\n<tbody>\n";
    h
}

pub(crate) fn session_section(i: usize, s: &SessionView, t: &Texts, tt: &Texts) -> String {
    let c = &s.loaded.case;
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"session\" id=\"s{i}\">\n<h3>{} — {} <span class=\"meta\">v{}</span></h3>\n<p class=\"meta\">{} · {}% ({}/{}) · {}</p>\n",
        esc(&s.header.trainee),
        esc(&tt.get(&c.scenario.title)),
        esc(&c.scenario.version),
        esc(&utc_minute(s.header.started_ms)),
        s.report.percent,
        s.report.earned,
        s.report.available,
        verdict(t, s.report.passed),
    );
    if s.case_changed {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            esc(&t.with(
                "cohort-case-changed",
                &[("version", c.scenario.version.as_str().into())]
            ))
        );
    }
    if let Some(percent) = s.logged_differs {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            esc(&t.with(
                "cohort-logged-differs",
                &[("percent", FluentValue::from(percent))]
            ))
        );
    }
    if !s.finished {
        let _ = writeln!(
            h,
            "<p class=\"note\">{}</p>",
            esc(&t.get("cohort-unfinished"))
        );
    }
    for f in &s.report.fail_reasons {
        let _ = writeln!(
            h,
            "<p class=\"fail\">! {}</p>",
            esc(&wording::fail_reason_text(f, tt, &s.loaded, true))
        );
    }
    let series: Vec<Series> = s
        .vitals
        .iter()
        .map(|(v, pts)| {
            let info = &c.vars[*v];
            Series {
                label: tt.get(&info.label),
                unit: info.unit.clone(),
                points: pts.clone(),
                low: info.alarm_low,
                high: info.alarm_high,
            }
        })
        .collect();
    let mut marks = Vec::new();
    let mut list = String::new();
    let mut n = 0;
    for r in &s.marks {
        match r {
            Record::Decision { t: at, order, .. } | Record::Refused { t: at, order, .. } => {
                n += 1;
                let text = wording::order_text(&s.loaded.case, order, tt);
                let refused = matches!(r, Record::Refused { .. });
                let shown = if refused {
                    t.with("cohort-refused-order", &[("order", text.as_str().into())])
                } else {
                    text
                };
                let _ = writeln!(
                    list,
                    "<li{}>{} — {}</li>",
                    if refused { " class=\"refused\"" } else { "" },
                    esc(&wording::duration_text(*at, t)),
                    esc(&shown)
                );
                marks.push(Mark {
                    t: *at,
                    tag: n.to_string(),
                    text: format!("{n}. {} — {shown}", wording::duration_text(*at, t)),
                    decision: true,
                });
            }
            Record::State { t: at, to, .. } => {
                let label = state_label(tt, s, to);
                marks.push(Mark {
                    t: *at,
                    tag: label.clone(),
                    text: format!("{} — {label}", wording::duration_text(*at, t)),
                    decision: false,
                });
            }
            _ => {}
        }
    }
    h += &svg::timeline(
        &series,
        &marks,
        s.end,
        &t.get("cohort-vitals"),
        (&t.get("cohort-axis-minutes"), &t.get("cohort-axis-hours")),
    );
    if !list.is_empty() {
        let _ = write!(
            h,
            "<p><strong>{}</strong></p>\n<ol class=\"decisions\">\n{list}</ol>\n",
            esc(&t.get("cohort-decisions"))
        );
    }
    if s.more_marks > 0 {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{}</p>",
            esc(&t.with(
                "cohort-more-marks",
                &[("count", (s.more_marks as u64).into())]
            ))
        );
    }
    // Criteria of this session.
    h += "<table>\n";
    for cr in &s.report.criteria {
        let cls = match cr.status {
            Status::Met => "pass",
            Status::Missed | Status::Harmful => "fail",
            Status::NotApplicable => "meta",
        };
        let _ = write!(
            h,
            "<tr><td class=\"{cls}\">{}</td><td>{}</td><td class=\"num\">{}/{}</td><td>{}<br><span class=\"meta\">{}</span></td></tr>\n",
            esc(&tt.get(status_id(cr.status))),
            esc(&tt.get(weight_id(cr.weight))),
            cr.earned,
            cr.points,
            esc(&tt.get(&cr.feedback)),
            esc(&wording::detail_text(&cr.detail, &s.loaded.case, tt)),
        );
    }
    h += "</table>\n";
    let _ = write!(
        h,
        "<p class=\"hash\">{}</p>\n</section>\n",
        esc(&t.with(
            "cohort-log",
            &[
                (
                    "file",
                    s.path
                        .file_name()
                        .map_or_else(String::new, |f| f.to_string_lossy().into_owned())
                        .into()
                ),
                ("hash", s.last_hash.as_str().into()),
            ]
        ))
    );
    h
}
