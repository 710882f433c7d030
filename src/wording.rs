//! The trainee's language for core values: every function that turns an order, a refusal, a
//! criterion's detail, a log's problem, a duration or a message id's subject into the words a
//! reader sees. The CLI's text report, the cohort report and the app's screens all word things
//! here, so each value reads the same everywhere. No Bevy, no egui: the core's tests reach it.

use fluent_bundle::FluentValue;

use crate::i18n::Texts;
use crate::rubric::{Detail, FailReason, Status};
use crate::scenario::Case;
use crate::scenario::LoadedCase;
use crate::scenario::model::{Citation, Outcome, Route, Weight};
use crate::sim::{EndReason, Order, OrderError, Unusual};
use crate::units::fmt_num;

/// An order's amount as typed: the number, or (for text that was not a number, which the
/// order's refusal explains) words saying so rather than "NaN".
pub fn amount_text(v: f64, t: &Texts) -> String {
    if v.is_nan() {
        t.get("order-amount-not-a-number")
    } else {
        fmt_num(v)
    }
}

/// An action's label in the reader's language; an action the case lacks (a log of another
/// version of it) shows its id as logged.
pub fn action_label(case: &Case, action: &str, t: &Texts) -> String {
    case.action(action)
        .map_or_else(|| action.to_string(), |a| t.get(&case.actions[a].def.label))
}

/// An order in one line: its action's label (and the product it gives), then the dose and the
/// rate as typed, each amount bound to its unit by a no-break space so that a wrapped line never
/// parts them.
pub fn order_text(case: &Case, order: &Order, t: &Texts) -> String {
    let mut s = action_label(case, &order.action, t);
    // An order of a product names it: "Glucose IV: 10 % glucose 100 mL".
    if let Some(p) = case.action(&order.action).and_then(|a| case.product_of(a))
        && (order.dose.is_some() || order.rate.is_some())
    {
        s = t.with(
            "order-with-product",
            &[("action", s.into()), ("product", t.get(&p.name).into())],
        );
    }
    for (v, u) in order.dose.iter().chain(&order.rate) {
        s += &format!(" {}\u{a0}{u}", amount_text(*v, t));
    }
    s
}

/// A standing order's dose given at its time, as the feed, the debrief and `bedside run` show
/// it: "Standing order: gliclazide 80 mg PO" (the amount in the drug's unit). A drug the case
/// lacks (a log of another version of it) shows its id as logged.
pub fn standing_text(case: &Case, drug: &str, amount: f64, route: Route, t: &Texts) -> String {
    let order = dose_words(case, drug, amount, route, t);
    t.with("standing-order", &[("order", order.into())])
}

/// Standing order `k` of the case in words: "gliclazide 80 mg PO".
pub fn standing_order_words(case: &Case, k: usize, t: &Texts) -> String {
    let sd = &case.schedule[k];
    dose_words(case, &case.drugs[sd.drug].def.id, sd.amount, sd.route, t)
}

/// A drug, an amount in its unit (bound to it by a no-break space) and a route.
fn dose_words(case: &Case, drug: &str, amount: f64, route: Route, t: &Texts) -> String {
    let (name, unit) = case.drugs.iter().find(|d| d.def.id == drug).map_or_else(
        || (drug.to_string(), String::new()),
        |d| (t.get(&d.def.name), d.unit.text.clone()),
    );
    format!(
        "{name} {}\u{a0}{unit} {}",
        fmt_num(amount),
        route_name(route, t)
    )
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

/// Message id for the name of a debrief prompt's phase (`reaction`, `description`, `analysis`,
/// `summary`: the PEARLS phases, as `model::Prompts::phases` names them).
pub fn prompt_phase_id(phase: &str) -> &'static str {
    match phase {
        "reaction" => "prompt-reaction",
        "description" => "prompt-description",
        "analysis" => "prompt-analysis",
        _ => "prompt-summary",
    }
}

/// A debrief prompt with its phase's name before it ("Reaction: How did you feel …").
pub fn prompt_text(phase: &str, prompt: &str, t: &Texts) -> String {
    t.with(
        "report-prompt",
        &[
            ("phase", t.get(prompt_phase_id(phase)).into()),
            ("prompt", t.get(prompt).into()),
        ],
    )
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

/// The display name of a tag (an action's label, else a drug's or a product's name, else the
/// class as written).
pub fn tag_label(tag: &str, case: &Case, t: &Texts) -> String {
    if let Some(a) = case.action(tag) {
        return t.get(&case.actions[a].def.label);
    }
    if let Some(d) = case.drugs.iter().find(|d| d.def.id == tag) {
        return t.get(&d.def.name);
    }
    if let Some(p) = case
        .drugs
        .iter()
        .flat_map(|d| &d.products)
        .find(|p| p.id == tag)
    {
        return t.get(&p.name);
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

/// Where in a source the criterion rests, how strong the recommendation is and whom it covers
/// ("Rec. 37 · strong; moderate-quality evidence · adults in hospital"), in the reader's
/// language around the published strings, which are shown as written; `None` when the case
/// gives none of the three (a source written before they existed reads as it always did).
pub fn source_details_text(citation: &Citation, t: &Texts) -> Option<String> {
    let parts: Vec<String> = [
        ("report-source-section", "section", &citation.section),
        ("report-source-strength", "strength", &citation.strength),
        ("report-source-scope", "scope", &citation.scope),
    ]
    .into_iter()
    .filter_map(|(id, arg, value)| {
        value
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| t.with(id, &[(arg, v.into())]))
    })
    .collect();
    (!parts.is_empty()).then(|| parts.join(&t.get("report-source-separator")))
}

/// Every line a criterion's sources take in a debrief, in the order the case gives them: each
/// source's line ([`source_text`]), then its details ([`source_details_text`]) if it has any.
/// Each entry is (whether it is a details line, text), so that a screen can set details apart.
pub fn sources_lines<'a>(
    sources: impl IntoIterator<Item = &'a std::sync::Arc<Citation>>,
    t: &Texts,
) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    for c in sources {
        out.push((false, source_text(c, t)));
        if let Some(d) = source_details_text(c, t) {
            out.push((true, d));
        }
    }
    out
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
            None => (fmt_num(*x), fmt_num(*x)),
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
        Detail::DosesInRange {
            what: w,
            range,
            accepted,
        } => {
            let id = if accepted.is_empty() {
                "detail-doses-in-range"
            } else {
                "detail-doses-in-ranges"
            };
            let mut s = t.with(id, &[("what", what(w)), ("range", range.as_str().into())]);
            // Which accepted range (and whose) a dose outside the main one was judged by.
            for a in accepted {
                s += &t.get("detail-more");
                s += &t.with(
                    "detail-dose-accepted",
                    &[
                        ("doses", dose_list(&a.doses, &a.unit, t).join(", ").into()),
                        ("range", a.range.as_str().into()),
                        ("scope", a.scope.as_str().into()),
                    ],
                );
            }
            s
        }
        Detail::DosesOutOfRange {
            what: w,
            range,
            unit,
            doses,
            accepted,
            given,
        } => {
            let list = dose_list_given(doses, unit, given, case, t);
            let mut s = t.with(
                "detail-doses-out-of-range",
                &[
                    ("what", what(w)),
                    ("range", range.as_str().into()),
                    ("doses", list.join(", ").into()),
                ],
            );
            if !accepted.is_empty() {
                let ranges: Vec<String> = accepted
                    .iter()
                    .map(|a| {
                        t.with(
                            "detail-accepted-range",
                            &[
                                ("range", a.range.as_str().into()),
                                ("scope", a.scope.as_str().into()),
                            ],
                        )
                    })
                    .collect();
                s += &t.get("detail-more");
                s += &t.with(
                    "detail-doses-outside-accepted",
                    &[("ranges", ranges.join(&t.get("list-separator")).into())],
                );
            }
            s
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
        Detail::DosesAtMost { what: w, max, unit } => t.with(
            "detail-doses-at-most",
            &[
                ("what", what(w)),
                ("max", format!("{max}\u{a0}{unit}").into()),
            ],
        ),
        Detail::DosesAbove {
            what: w,
            max,
            unit,
            doses,
            given,
        } => {
            let list = dose_list_given(doses, unit, given, case, t);
            t.with(
                "detail-doses-above",
                &[
                    ("what", what(w)),
                    ("max", format!("{max}\u{a0}{unit}").into()),
                    ("doses", list.join(", ").into()),
                ],
            )
        }
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

/// Doses as "amount at time", each amount bound to its unit by a no-break space.
fn dose_list(doses: &[(String, u64)], unit: &str, t: &Texts) -> Vec<String> {
    doses
        .iter()
        .map(|(x, at)| {
            t.with(
                "detail-dose",
                &[
                    ("amount", format!("{x}\u{a0}{unit}").into()),
                    ("at", duration_text(*at, t).into()),
                ],
            )
        })
        .collect()
}

/// Doses as [`dose_list`], each ordered as a product followed by the product's name and the
/// order as typed: "0.3 g (10 % glucose 3 mL) at 1m".
fn dose_list_given(
    doses: &[(String, u64)],
    unit: &str,
    given: &[crate::rubric::AsGiven],
    case: &Case,
    t: &Texts,
) -> Vec<String> {
    doses
        .iter()
        .enumerate()
        .map(|(i, (x, at))| {
            let mut amount = format!("{x}\u{a0}{unit}");
            if let Some(g) = given.iter().find(|g| g.dose == i) {
                amount = t.with(
                    "detail-dose-product",
                    &[
                        ("amount", amount.into()),
                        ("product", tag_label(&g.product, case, t).into()),
                        ("order", g.order.replace(' ', "\u{a0}").into()),
                    ],
                );
            }
            t.with(
                "detail-dose",
                &[
                    ("amount", amount.into()),
                    ("at", duration_text(*at, t).into()),
                ],
            )
        })
        .collect()
}

/// A failure reason in words. With `ids`, a critical criterion is named by its id before its
/// feedback ("bladder_scan_early — …"), for assessors, whose cohort report's tables list
/// criteria by id; the trainee's debriefs (the app's and the CLI's text) name it by its feedback
/// alone, its title there, since an id would be an untranslated code in the middle of a
/// Japanese or Chinese sentence that nothing else in the debrief refers to.
pub fn fail_reason_text(f: &FailReason, t: &Texts, loaded: &LoadedCase, ids: bool) -> String {
    let feedback = |id: &str| {
        loaded.case.criterion(id).map_or_else(
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

/// A route's name in the trainee's language (the abbreviations IV, IM, SC, PO and PR are kept in
/// every language, as wards use them; "inhaled" and "topical" are words).
pub fn route_name(r: Route, t: &Texts) -> String {
    t.get(route_id(r))
}

pub fn route_id(r: Route) -> &'static str {
    match r {
        Route::IV => "route-iv",
        Route::IM => "route-im",
        Route::SC => "route-sc",
        Route::PO => "route-po",
        Route::PR => "route-pr",
        Route::Inhaled => "route-inhaled",
        Route::Topical => "route-topical",
    }
}

/// Routes in the trainee's language, listed as the language lists things.
fn route_names(routes: &[Route], t: &Texts) -> String {
    let names: Vec<String> = routes.iter().map(|r| route_name(*r, t)).collect();
    names.join(&t.get("list-separator"))
}

/// A one-line description of an order, for confirmations and the feed: [`order_text`], with the
/// route.
pub fn order_text_with_route(case: &Case, order: &Order, t: &Texts) -> String {
    let mut s = order_text(case, order, t);
    if let Some(r) = order.route {
        s += &format!(" {}", route_name(r, t));
    }
    s
}

/// The core's reason for refusing an order, in the trainee's language. The core decides; this
/// only words its decision (unit details stay in the core's words).
pub fn refusal_text(err: &OrderError, t: &Texts) -> String {
    use crate::units::UnitError;
    // The field as a noun inside a sentence ("the dose", not the form's label "Dose").
    let what = |w: &str| {
        t.get(match w {
            "rate" => "refused-what-rate",
            "route" => "refused-what-route",
            _ => "refused-what-dose",
        })
    };
    match err {
        OrderError::UnknownAction(a) => {
            t.with("refused-unknown-action", &[("action", a.as_str().into())])
        }
        OrderError::CaseOver => t.get("refused-case-over"),
        OrderError::NotFinite { what: w } => {
            t.with("refused-not-finite", &[("what", what(w).into())])
        }
        OrderError::NotPositive { what: w, value } => t.with(
            "refused-not-positive",
            &[("what", what(w).into()), ("value", fmt_num(*value).into())],
        ),
        OrderError::Unpreparable { what: w, usual } => t.with(
            "refused-unpreparable",
            &[("what", what(w).into()), ("usual", usual.as_str().into())],
        ),
        OrderError::Unit(UnitError::Unknown(u)) => {
            t.with("refused-unit-unknown", &[("unit", u.as_str().into())])
        }
        OrderError::Unit(UnitError::WrongDimension { found, example, .. }) => t.with(
            "refused-unit-dimension",
            &[
                ("unit", found.as_str().into()),
                ("example", example.as_str().into()),
            ],
        ),
        OrderError::Missing { what: w, .. } => {
            t.with("refused-missing", &[("what", what(w).into())])
        }
        OrderError::NotTaken { what: w, .. } => {
            t.with("refused-not-taken", &[("what", what(w).into())])
        }
        OrderError::DoseAndRate(_) => t.get("refused-dose-and-rate"),
        OrderError::Route { route, allowed, .. } => t.with(
            "refused-route",
            &[
                ("route", route_name(*route, t).into()),
                ("allowed", route_names(allowed, t).into()),
            ],
        ),
        OrderError::NoRoute { allowed, .. } => t.with(
            "refused-no-route",
            &[("allowed", route_names(allowed, t).into())],
        ),
    }
}

/// An accepted order's amount outside the usual range, in the trainee's language.
pub fn unusual_text(u: &Unusual, t: &Texts) -> String {
    t.with(
        "order-unusual-detail",
        &[
            ("value", fmt_num(u.value).into()),
            ("min", fmt_num(u.min).into()),
            ("max", fmt_num(u.max).into()),
            ("unit", u.unit.as_str().into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::report::ui_sources;

    /// The program's texts in one language, as the app's `Lang::ui` holds them (refusals and
    /// routes are the program's messages, not a case's).
    struct Lang {
        ui: Texts,
    }

    impl Lang {
        fn new(locale: Locale) -> Lang {
            let sources = ui_sources();
            Lang {
                ui: Texts::new(locale, |l| sources.get(&l).cloned().unwrap_or_default()),
            }
        }
    }

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

    #[test]
    fn a_refusal_names_the_field_as_a_noun_in_every_language() {
        let en = Lang::new(Locale::EnUs);
        let negative = OrderError::NotPositive {
            what: "dose",
            value: -5.0,
        };
        // In English the app says what the core says (the form's labels are capitalised).
        assert_eq!(refusal_text(&negative, &en.ui), negative.to_string());
        let nan = OrderError::NotFinite { what: "rate" };
        assert_eq!(refusal_text(&nan, &en.ui), nan.to_string());
        let route = OrderError::NotTaken {
            action: "examine".into(),
            what: "route",
        };
        assert_eq!(refusal_text(&route, &en.ui), "this order takes no route");
        for locale in [Locale::JaJp, Locale::ZhCn] {
            let l = Lang::new(locale);
            let text = refusal_text(&negative, &l.ui);
            assert!(
                text.contains(&l.ui.get("refused-what-dose")) && !text.contains('⟨'),
                "{text}"
            );
        }
    }

    /// Route names are messages: the log keeps "Inhaled", the trainee reads 吸入.
    #[test]
    fn routes_are_named_in_the_trainees_language() {
        let wrong = OrderError::Route {
            action: "oxygen".into(),
            route: Route::IV,
            allowed: vec![Route::Inhaled, Route::Topical],
        };
        let none = OrderError::NoRoute {
            action: "oxygen".into(),
            allowed: vec![Route::PO, Route::Inhaled],
        };
        // The logged reason is unchanged English.
        assert_eq!(
            wrong.to_string(),
            "route IV is not available for 'oxygen' (choose from Inhaled, Topical)"
        );
        assert_eq!(
            none.to_string(),
            "choose a route for 'oxygen' (PO, Inhaled)"
        );
        let expect = [
            (
                Locale::EnUs,
                "route IV is not available (choose from inhaled, topical)",
                "choose a route (PO, inhaled)",
            ),
            (
                Locale::JaJp,
                "経路 IV は使えません（選択肢：吸入、外用）",
                "経路を選んでください（PO、吸入）",
            ),
            (
                Locale::ZhCn,
                "途径 IV 不可用（可选：吸入、外用）",
                "请选择途径（PO、吸入）",
            ),
        ];
        for (locale, w, n) in expect {
            let l = Lang::new(locale);
            assert_eq!(refusal_text(&wrong, &l.ui), w, "{locale:?}");
            assert_eq!(refusal_text(&none, &l.ui), n, "{locale:?}");
            assert!(
                Route::ALL.into_iter().all(|r| l.ui.has_own(route_id(r))),
                "{locale:?}"
            );
        }
    }
}
