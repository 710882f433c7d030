//! Reports of scored sessions: the localised text debrief the CLI prints, and the program's own
//! texts every report and screen is worded from. The words for each value are in
//! [`crate::wording`].

use std::collections::BTreeMap;

use fluent_bundle::FluentValue;

use crate::i18n::{Locale, Texts};
use crate::rubric::{ScoreReport, Status};
use crate::scenario::LoadedCase;
use crate::wording::{
    detail_text, end_id, fail_reason_text, sources_lines, state_label, status_id, verdict_id,
    weight_id,
};

/// The program's own `.ftl` sources (reports and app screens), compiled into the binary so the
/// CLI and the app work from any directory.
pub fn ui_sources() -> BTreeMap<Locale, Vec<String>> {
    let mut m = BTreeMap::new();
    m.insert(
        Locale::EnUs,
        vec![
            include_str!("../assets/locales/en-US/bedside.ftl").to_string(),
            include_str!("../assets/locales/en-US/app.ftl").to_string(),
            include_str!("../assets/locales/en-US/whatif.ftl").to_string(),
        ],
    );
    m.insert(
        Locale::JaJp,
        vec![
            include_str!("../assets/locales/ja-JP/bedside.ftl").to_string(),
            include_str!("../assets/locales/ja-JP/app.ftl").to_string(),
            include_str!("../assets/locales/ja-JP/whatif.ftl").to_string(),
        ],
    );
    m.insert(
        Locale::ZhCn,
        vec![
            include_str!("../assets/locales/zh-CN/bedside.ftl").to_string(),
            include_str!("../assets/locales/zh-CN/app.ftl").to_string(),
            include_str!("../assets/locales/zh-CN/whatif.ftl").to_string(),
        ],
    );
    m
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
        // The trainee's debrief: a criterion is named by its feedback, not its id (a code in the
        // middle of a Japanese or Chinese sentence, and nowhere else in this text).
        out += &format!("  ! {}\n", fail_reason_text(f, t, loaded, false));
    }
    out += &t.with(
        "report-ended",
        &[
            ("reason", t.get(end_id(report.ended.as_ref())).into()),
            ("state", state_label(&report.final_state, case, t).into()),
        ],
    );
    out += "\n\n";
    let groups = crate::rubric::objectives::by_objective(report, case);
    if groups.is_empty() {
        for c in &report.criteria {
            out += &criterion_text(c, loaded, t, "");
        }
        return out;
    }
    // A case with learning objectives: each objective with its criteria (indented under it) and
    // its debrief questions; then the criteria no objective lists.
    for g in &groups {
        let points = [
            ("earned", FluentValue::from(g.earned)),
            ("available", FluentValue::from(g.available)),
        ];
        let head = match g.objective {
            Some(k) => {
                let mut args = points.to_vec();
                args.push(("objective", t.get(&case.objectives[k].def.text).into()));
                t.with("report-objective", &args)
            }
            None => t.with("report-objective-other", &points),
        };
        out += &format!("■ {head}\n");
        for &i in &g.criteria {
            out += &criterion_text(&report.criteria[i], loaded, t, "  ");
        }
        if let Some(k) = g.objective {
            let prompts = &case.objectives[k].def.prompts;
            if prompts.phases().iter().any(|(_, p)| p.is_some()) {
                out += &format!("  {}\n", t.get("report-prompts"));
                for (phase, id) in prompts.phases() {
                    if let Some(id) = id {
                        out += &format!("    {}\n", crate::wording::prompt_text(phase, id, t));
                    }
                }
            }
        }
        out += "\n";
    }
    out
}

/// One criterion's lines in the text debrief, each line after `indent`.
fn criterion_text(
    c: &crate::rubric::CriterionResult,
    loaded: &LoadedCase,
    t: &Texts,
    indent: &str,
) -> String {
    let mut out = String::new();
    {
        let mark = match c.status {
            Status::Met => "✔",
            Status::Missed => "✘",
            Status::Harmful => "⚠",
            Status::NotApplicable => "–",
        };
        out += &format!(
            "{indent}{mark} {} [{}, {}/{}] {}\n",
            t.get(status_id(c.status)),
            t.get(weight_id(c.weight)),
            c.earned,
            c.points,
            t.get(&c.feedback)
        );
        out += &format!(
            "{indent}    {}\n",
            t.with(
                "report-detail",
                &[("detail", detail_text(&c.detail, &loaded.case, t).into())]
            )
        );
        if !c.evidence.is_empty() {
            let lines: Vec<String> = c.evidence.iter().map(|i| (i + 2).to_string()).collect();
            out += &format!(
                "{indent}    {}\n",
                t.with("report-evidence", &[("lines", lines.join(", ").into())])
            );
        }
        // Every source, each with where in it, how strong and for whom (set in further, under
        // the source it belongs to).
        for (details, line) in sources_lines(c.sources(), t) {
            let more = if details { "      " } else { "    " };
            out += &format!("{indent}{more}{line}\n");
        }
    }
    out
}
