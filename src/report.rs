//! Reports of scored sessions: the localised text debrief the CLI prints, and JSON for machines.

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;

use crate::i18n::{Locale, Texts};
use crate::rubric::{Detail, FailReason, ScoreReport, Status};
use crate::scenario::Case;
use crate::scenario::LoadedCase;
use crate::scenario::model::{Citation, Outcome, Weight};
use crate::sim::EndReason;

/// The program's own `.ftl` sources (reports and app screens), compiled into the binary so the
/// CLI and the app work from any directory.
pub fn ui_sources() -> BTreeMap<Locale, Vec<String>> {
    let mut m = BTreeMap::new();
    m.insert(
        Locale::EnUs,
        vec![
            include_str!("../assets/locales/en-US/bedside.ftl").to_string(),
            include_str!("../assets/locales/en-US/app.ftl").to_string(),
        ],
    );
    m.insert(
        Locale::JaJp,
        vec![
            include_str!("../assets/locales/ja-JP/bedside.ftl").to_string(),
            include_str!("../assets/locales/ja-JP/app.ftl").to_string(),
        ],
    );
    m.insert(
        Locale::ZhCn,
        vec![
            include_str!("../assets/locales/zh-CN/bedside.ftl").to_string(),
            include_str!("../assets/locales/zh-CN/app.ftl").to_string(),
        ],
    );
    m
}

/// An order's amount as typed: the number, or (for text that was not a number, which the
/// order's refusal explains) words saying so rather than "NaN".
pub fn amount_text(v: f64, t: &Texts) -> String {
    if v.is_nan() {
        t.get("order-amount-not-a-number")
    } else {
        crate::sim::fmt_num(v)
    }
}

/// An action's label in the reader's language; an action the case lacks (a log of another
/// version of it) shows its id as logged.
pub fn action_label(case: &Case, action: &str, t: &Texts) -> String {
    case.action(action)
        .map_or_else(|| action.to_string(), |a| t.get(&case.actions[a].def.label))
}

/// An order in one line: its action's label, then the dose and the rate as typed, each amount
/// bound to its unit by a no-break space so that a wrapped line never parts them.
pub fn order_text(case: &Case, order: &crate::sim::Order, t: &Texts) -> String {
    let mut s = action_label(case, &order.action, t);
    for (v, u) in order.dose.iter().chain(&order.rate) {
        s += &format!(" {}\u{a0}{u}", amount_text(*v, t));
    }
    s
}

/// Why a log could not be read or trusted, in the reader's language: `path:line: problem` as
/// `bedside verify` prints it, with the problem worded from its kind (a parser's or the
/// system's own words, when part of it, stay as they came).
pub fn log_error_text(e: &crate::log::LogError, t: &Texts) -> String {
    use crate::log::LogError;
    match e {
        LogError::Broken {
            path,
            line,
            problem,
        } => {
            let args: Vec<(&str, FluentValue)> = problem
                .args()
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect();
            format!(
                "{}:{line}: {}",
                path.display(),
                t.with(problem.message_id(), &args)
            )
        }
        LogError::Io(path, detail) => t.with(
            "log-error-io",
            &[
                ("path", path.display().to_string().into()),
                ("detail", detail.as_str().into()),
            ],
        ),
        LogError::Empty(path) => t.with(
            "log-error-empty",
            &[("path", path.display().to_string().into())],
        ),
        LogError::Finished(path) => t.with(
            "log-error-finished",
            &[("path", path.display().to_string().into())],
        ),
    }
}

/// Message id for a criterion status.
pub fn status_id(s: Status) -> &'static str {
    match s {
        Status::Met => "status-met",
        Status::Missed => "status-missed",
        Status::Harmful => "status-harmful",
        Status::NotApplicable => "status-not-applicable",
    }
}

/// Message id for passed or failed.
pub fn verdict_id(passed: bool) -> &'static str {
    if passed {
        "report-passed"
    } else {
        "report-failed"
    }
}

/// Message id for a criterion weight.
pub fn weight_id(w: Weight) -> &'static str {
    match w {
        Weight::Critical => "weight-critical",
        Weight::Major => "weight-major",
        Weight::Minor => "weight-minor",
    }
}

/// Message id for how a case ended.
pub fn end_id(e: Option<&EndReason>) -> &'static str {
    match e {
        None => "end-not-ended",
        Some(EndReason::TimeLimit) => "end-time-limit",
        Some(EndReason::Trainee) => "end-trainee",
        Some(EndReason::Outcome(Outcome::Recovered)) => "end-recovered",
        Some(EndReason::Outcome(Outcome::Stabilised)) => "end-stabilised",
        Some(EndReason::Outcome(Outcome::Deteriorated)) => "end-deteriorated",
        Some(EndReason::Outcome(Outcome::Died)) => "end-died",
    }
}

/// The display name of a tag (an action's label, else a drug's name, else the class as written).
pub fn tag_label(tag: &str, case: &Case, t: &Texts) -> String {
    if let Some(a) = case.action(tag) {
        return t.get(&case.actions[a].def.label);
    }
    if let Some(d) = case.drugs.iter().find(|d| d.def.id == tag) {
        return t.get(&d.def.name);
    }
    let class = class_message_id(tag);
    if t.has(&class) {
        return t.get(&class);
    }
    tag.to_string()
}

/// A citation's recommendation in the reader's language. A score logged before recommendations
/// became messages holds the text itself, which is shown as it is.
pub fn recommendation_text(citation: &Citation, t: &Texts) -> String {
    if t.has(&citation.recommendation) {
        t.get(&citation.recommendation)
    } else {
        citation.recommendation.clone()
    }
}

/// A criterion's source line ("Source: body, title (year). recommendation") in the reader's
/// language: the debrief and the text report show the same.
pub fn source_text(citation: &Citation, t: &Texts) -> String {
    t.with(
        "report-source",
        &[
            ("body", citation.body.as_str().into()),
            ("title", citation.title.as_str().into()),
            ("year", FluentValue::from(citation.year.to_string())),
            ("recommendation", recommendation_text(citation, t).into()),
        ],
    )
}

/// A finding's or event's text with the values it recorded: `{ $name }` is the value in the
/// locale's customary unit with that unit, joined by a no-break space (`82 mmHg`, `7.2 mmol/L`
/// in Chinese for glucose),
/// `{ $name-number }` the number alone. A value whose variable the case no longer has is shown
/// as recorded.
pub fn text_with_values(id: &str, values: &[(String, f64)], case: &Case, t: &Texts) -> String {
    if values.is_empty() {
        return t.get(id);
    }
    let mut args: Vec<(String, FluentValue<'_>)> = Vec::with_capacity(values.len() * 2);
    for (var, x) in values {
        let (with_unit, number) = match case.var(var) {
            Some(v) => {
                let info = &case.vars[v];
                let s = crate::i18n::shown(&info.id, &info.unit, info.decimals, *x, t.locale());
                // A no-break space: a wrapped line never parts a value from its unit.
                let with_unit = if s.unit.is_empty() {
                    s.number()
                } else {
                    format!("{}\u{a0}{}", s.number(), s.unit)
                };
                (with_unit, s.number())
            }
            None => (crate::sim::fmt_num(*x), crate::sim::fmt_num(*x)),
        };
        args.push((var.clone(), with_unit.into()));
        args.push((format!("{var}-number"), number.into()));
    }
    let refs: Vec<(&str, FluentValue<'_>)> =
        args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    t.with(id, &refs)
}

/// The message naming who speaks in an event ("Nurse"), which the app shows before its text.
pub fn speaker_id(s: crate::scenario::model::Speaker) -> &'static str {
    use crate::scenario::model::Speaker;
    match s {
        Speaker::Nurse => "speaker-nurse",
        Speaker::Patient => "speaker-patient",
        Speaker::Relative => "speaker-relative",
        Speaker::Doctor => "speaker-doctor",
        Speaker::System => "speaker-system",
    }
}

/// The message naming a drug class ("any opioid"): `class-<id>`, with '-' for '_'.
pub fn class_message_id(class: &str) -> String {
    format!("class-{}", class.replace('_', "-"))
}

/// The display name of a state.
pub fn state_label(state: &str, case: &Case, t: &Texts) -> String {
    case.states
        .iter()
        .find(|s| s.id == state)
        .map_or_else(|| state.to_string(), |s| t.get(&s.label))
}

/// A duration or a time since the start in the reader's language: "1h30m" in English (as
/// `format_duration` writes it, and scenarios are written), "1時間30分", "1小时30分钟".
pub fn duration_text(secs: u64, t: &Texts) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let part = |id: &str, n: u64| t.with(id, &[("n", n.to_string().into())]);
    let mut out = String::new();
    if h > 0 {
        out += &part("duration-h", h);
    }
    if m > 0 {
        out += &part("duration-m", m);
    }
    if s > 0 || secs == 0 {
        out += &part("duration-s", s);
    }
    out
}

/// A criterion's detail in the texts' language, with actions, drugs and states by their labels.
pub fn detail_text(d: &Detail, case: &Case, t: &Texts) -> String {
    let what = |w: &str| FluentValue::from(tag_label(w, case, t));
    let time = |s: &u64| FluentValue::from(duration_text(*s, t));
    match d {
        Detail::Done { what: w, at } => {
            t.with("detail-done", &[("what", what(w)), ("at", time(at))])
        }
        Detail::NeverDone { what: w } => t.with("detail-never-done", &[("what", what(w))]),
        Detail::DoneBefore { what: w, at, other } => t.with(
            "detail-done-before",
            &[("what", what(w)), ("at", time(at)), ("other", what(other))],
        ),
        Detail::DoneAfter {
            what: w,
            at,
            other,
            other_at,
        } => t.with(
            "detail-done-after",
            &[
                ("what", what(w)),
                ("at", time(at)),
                ("other", what(other)),
                ("other_at", time(other_at)),
            ],
        ),
        Detail::InTime {
            what: w,
            at,
            deadline,
        } => t.with(
            "detail-in-time",
            &[
                ("what", what(w)),
                ("at", time(at)),
                ("deadline", time(deadline)),
            ],
        ),
        Detail::Late {
            what: w,
            at,
            deadline,
        } => t.with(
            "detail-late",
            &[
                ("what", what(w)),
                ("at", time(at)),
                ("deadline", time(deadline)),
            ],
        ),
        Detail::NotBy { what: w, deadline } => t.with(
            "detail-not-by",
            &[("what", what(w)), ("deadline", time(deadline))],
        ),
        Detail::DidNotArise => t.get("detail-did-not-arise"),
        Detail::NotGiven { what: w } => t.with("detail-not-given", &[("what", what(w))]),
        Detail::DosesInRange { what: w, range } => t.with(
            "detail-doses-in-range",
            &[("what", what(w)), ("range", range.as_str().into())],
        ),
        Detail::DosesOutOfRange {
            what: w,
            range,
            unit,
            doses,
        } => {
            let list: Vec<String> = doses
                .iter()
                .map(|(x, at)| {
                    t.with(
                        "detail-dose",
                        &[("amount", format!("{x} {unit}").into()), ("at", time(at))],
                    )
                })
                .collect();
            t.with(
                "detail-doses-out-of-range",
                &[
                    ("what", what(w)),
                    ("range", range.as_str().into()),
                    ("doses", list.join(", ").into()),
                ],
            )
        }
        Detail::Avoided { what: w } => t.with("detail-avoided", &[("what", what(w))]),
        Detail::NeverWhile { what: w } => t.with("detail-never-while", &[("what", what(w))]),
        Detail::Given { what: w, at } => {
            t.with("detail-given", &[("what", what(w)), ("at", time(at))])
        }
        Detail::GivenWhile { what: w, at } => {
            t.with("detail-given-while", &[("what", what(w)), ("at", time(at))])
        }
        Detail::Reached { state, at } => t.with(
            "detail-reached",
            &[
                ("state", state_label(state, case, t).into()),
                ("at", time(at)),
            ],
        ),
        Detail::ReachedAfterEnd { state, at } => t.with(
            "detail-reached-after-end",
            &[
                ("state", state_label(state, case, t).into()),
                ("at", time(at)),
            ],
        ),
        Detail::TooEarly { what: w, at, opens } => t.with(
            "detail-too-early",
            &[("what", what(w)), ("at", time(at)), ("opens", time(opens))],
        ),
        Detail::InWindow {
            what: w,
            at,
            opens,
            closes,
        } => t.with(
            "detail-in-window",
            &[
                ("what", what(w)),
                ("at", time(at)),
                ("opens", time(opens)),
                ("closes", time(closes)),
            ],
        ),
        Detail::TotalOver {
            what: w,
            total,
            max,
            unit,
            at,
            over,
        } => t.with(
            if over.is_some() {
                "detail-total-over"
            } else {
                "detail-total-over-all"
            },
            &[
                ("what", what(w)),
                ("total", format!("{total}\u{a0}{unit}").into()),
                ("max", format!("{max}\u{a0}{unit}").into()),
                ("at", time(at)),
                ("over", time(&over.unwrap_or(0))),
            ],
        ),
        Detail::TotalWithin {
            what: w,
            max,
            unit,
            over,
        } => t.with(
            if over.is_some() {
                "detail-total-within"
            } else {
                "detail-total-within-all"
            },
            &[
                ("what", what(w)),
                ("max", format!("{max}\u{a0}{unit}").into()),
                ("over", time(&over.unwrap_or(0))),
            ],
        ),
        Detail::NotReached { state } => t.with(
            "detail-not-reached",
            &[("state", state_label(state, case, t).into())],
        ),
        Detail::ConditionInTime { at, deadline } => t.with(
            "detail-condition-in-time",
            &[("at", time(at)), ("deadline", time(deadline))],
        ),
        Detail::ConditionLate { at, deadline } => t.with(
            "detail-condition-late",
            &[("at", time(at)), ("deadline", time(deadline))],
        ),
        Detail::ConditionNotBy { deadline } => {
            t.with("detail-condition-not-by", &[("deadline", time(deadline))])
        }
    }
}

/// A failure reason in words. With `ids`, a critical criterion is named by its id before its
/// feedback ("bladder_scan_early — …"), for assessors, whose reports list criteria by id; the
/// trainee's debrief lists them by their feedback alone, so there the id would be an untranslated
/// code in the middle of a Japanese or Chinese sentence.
pub fn fail_reason_text(f: &FailReason, t: &Texts, loaded: &LoadedCase, ids: bool) -> String {
    let feedback = |id: &str| {
        loaded
            .case
            .criteria
            .iter()
            .find(|c| c.def.id == id)
            .map_or_else(
                || id.to_string(),
                |c| {
                    let text = t.get(&c.def.missed);
                    if ids {
                        format!("{id} — {text}")
                    } else {
                        text
                    }
                },
            )
    };
    match f {
        FailReason::CriticalMissed { criterion } => t.with(
            "fail-critical-missed",
            &[("criterion", feedback(criterion).into())],
        ),
        FailReason::CriticalHarmful { criterion } => t.with(
            "fail-critical-harmful",
            &[("criterion", feedback(criterion).into())],
        ),
        FailReason::BelowPassMark { percent, pass_mark } => t.with(
            "fail-below-pass-mark",
            &[
                ("percent", (*percent).into()),
                ("pass", (*pass_mark).into()),
            ],
        ),
        FailReason::HarmfulOutcome {
            state,
            at,
            after_end,
        } => t.with(
            if *after_end {
                "fail-harmful-outcome-after-end"
            } else {
                "fail-harmful-outcome"
            },
            &[
                ("state", state_label(state, &loaded.case, t).into()),
                ("at", duration_text(*at, t).into()),
            ],
        ),
    }
}

/// The debrief as plain text in the texts' locale.
pub fn text(report: &ScoreReport, loaded: &LoadedCase, t: &Texts) -> String {
    let case = &loaded.case;
    let mut out = String::new();
    let num = |n: u32| FluentValue::from(n);
    out += &t.with(
        "report-case",
        &[
            ("title", t.get(&case.scenario.title).into()),
            ("id", case.scenario.id.as_str().into()),
            ("version", case.scenario.version.as_str().into()),
        ],
    );
    out += "\n";
    out += &t.get("disclaimer");
    out += "\n\n";
    out += &t.with(
        "report-score",
        &[
            ("earned", num(report.earned)),
            ("available", num(report.available)),
            ("percent", num(report.percent)),
            ("pass", num(report.pass_mark)),
        ],
    );
    out += " — ";
    out += &t.get(verdict_id(report.passed));
    out += "\n";
    for f in &report.fail_reasons {
        out += &format!("  ! {}\n", fail_reason_text(f, t, loaded, true));
    }
    let state_label = case
        .states
        .iter()
        .find(|s| s.id == report.final_state)
        .map_or_else(|| report.final_state.clone(), |s| t.get(&s.label));
    out += &t.with(
        "report-ended",
        &[
            ("reason", t.get(end_id(report.ended.as_ref())).into()),
            ("state", state_label.into()),
        ],
    );
    out += "\n\n";
    for c in &report.criteria {
        let mark = match c.status {
            Status::Met => "✔",
            Status::Missed => "✘",
            Status::Harmful => "⚠",
            Status::NotApplicable => "–",
        };
        out += &format!(
            "{mark} {} [{}, {}/{}] {}\n",
            t.get(status_id(c.status)),
            t.get(weight_id(c.weight)),
            c.earned,
            c.points,
            t.get(&c.feedback)
        );
        out += &format!(
            "    {}\n",
            t.with(
                "report-detail",
                &[("detail", detail_text(&c.detail, &loaded.case, t).into())]
            )
        );
        if !c.evidence.is_empty() {
            let lines: Vec<String> = c.evidence.iter().map(|i| (i + 2).to_string()).collect();
            out += &format!(
                "    {}\n",
                t.with("report-evidence", &[("lines", lines.join(", ").into())])
            );
        }
        if let Some(cit) = &c.citation {
            out += &format!("    {}\n", source_text(cit, t));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_that_is_not_a_number_is_said_in_words() {
        let sources = ui_sources();
        for locale in Locale::ALL {
            let t = Texts::new(locale, |l| sources.get(&l).cloned().unwrap_or_default());
            assert_eq!(amount_text(1.5, &t), "1.5");
            let said = amount_text(f64::NAN, &t);
            assert!(
                !said.contains("NaN") && !said.is_empty(),
                "{locale:?}: {said}"
            );
            assert!(t.has_own("order-amount-not-a-number"), "{locale:?}");
        }
    }

    #[test]
    fn durations_read_in_the_readers_language() {
        let sources = ui_sources();
        let texts = |l: Locale| Texts::new(l, |k| sources.get(&k).cloned().unwrap_or_default());
        let (en, ja, zh) = (
            texts(Locale::EnUs),
            texts(Locale::JaJp),
            texts(Locale::ZhCn),
        );
        // English reads as scenarios are written (and as reports read before).
        for secs in [0, 45, 60, 240, 3600, 5400, 5445, 86_399] {
            assert_eq!(
                duration_text(secs, &en),
                crate::scenario::expr::format_duration(secs)
            );
        }
        assert_eq!(duration_text(5400, &ja), "1時間30分");
        assert_eq!(duration_text(0, &ja), "0秒");
        assert_eq!(duration_text(1200, &zh), "20分钟");
        assert_eq!(duration_text(3605, &zh), "1小时5秒");
    }
}
