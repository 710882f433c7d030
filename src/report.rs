//! Reports of scored sessions: the localised text debrief the CLI prints, and JSON for machines.

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;

use crate::i18n::{Locale, Texts};
use crate::rubric::{FailReason, ScoreReport, Status};
use crate::scenario::LoadedCase;
use crate::scenario::model::{Outcome, Weight};
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

/// Message id for a criterion status.
pub fn status_id(s: Status) -> &'static str {
    match s {
        Status::Met => "status-met",
        Status::Missed => "status-missed",
        Status::Harmful => "status-harmful",
        Status::NotApplicable => "status-not-applicable",
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

/// A failure reason in words.
pub fn fail_reason_text(f: &FailReason, t: &Texts, loaded: &LoadedCase) -> String {
    let feedback = |id: &str| {
        loaded
            .case
            .criteria
            .iter()
            .find(|c| c.def.id == id)
            .map_or_else(
                || id.to_string(),
                |c| format!("{id} — {}", t.get(&c.def.missed)),
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
    out += &t.get(if report.passed {
        "report-passed"
    } else {
        "report-failed"
    });
    out += "\n";
    for f in &report.fail_reasons {
        out += &format!("  ! {}\n", fail_reason_text(f, t, loaded));
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
            t.with("report-detail", &[("detail", c.detail.as_str().into())])
        );
        if !c.evidence.is_empty() {
            let lines: Vec<String> = c.evidence.iter().map(|i| (i + 2).to_string()).collect();
            out += &format!(
                "    {}\n",
                t.with("report-evidence", &[("lines", lines.join(", ").into())])
            );
        }
        if let Some(cit) = &c.citation {
            out += &format!(
                "    {}\n",
                t.with(
                    "report-source",
                    &[
                        ("body", cit.body.as_str().into()),
                        ("title", cit.title.as_str().into()),
                        ("year", FluentValue::from(cit.year.to_string())),
                        ("recommendation", cit.recommendation.as_str().into()),
                    ],
                )
            );
        }
    }
    out
}
