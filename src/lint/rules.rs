//! The lints over a compiled case: reachability, conditions that cannot hold, criteria that
//! cannot be met or are met by doing nothing, noise actions, citations and dose references.

use std::collections::BTreeSet;

use super::{Finding, eval, reachable_states};
use crate::scenario::case::{self, Case};
use crate::scenario::compile::Source;
use crate::scenario::expr::{Expr, Func, format_duration};
use crate::scenario::model::{DoseReference, DrugLibrary, Weight};
use crate::units::Unit;
use crate::units::{fmt_num, in_range_unit};

const SC: Source = Source::Scenario;

pub fn check(case: &Case, library: &DrugLibrary) -> Vec<Finding> {
    let mut out = Vec::new();
    let reachable = reachable_states(case);
    states(case, &reachable, &mut out);
    conditions(case, &mut out);
    totals_of_actions(case, &mut out);
    criteria(case, &reachable, &mut out);
    super::safety::idle(case, &mut out);
    super::safety::safety(case, &reachable, &mut out);
    noise(case, &mut out);
    doses(case, library, &mut out);
    on_board(case, &mut out);
    unflagged_results(case, &mut out);
    unseen_alarms(case, &mut out);
    rounded_thresholds(case, &mut out);
    super::standing::check(case, &mut out);
    super::accepted::accepted_ranges(case, &mut out);
    out
}

/// A condition that compares a variable with a threshold finer than the variable is shown
/// (`gcs < 13.9`, GCS shown as a whole number): at 13.6 the condition holds while the trainee
/// reads "14", so what they see cannot tell them which side of the threshold the patient is on.
/// A threshold halfway between two shown values (`gcs < 14.5`) is how a rounded value is
/// compared exactly, and is left alone.
fn rounded_thresholds(case: &Case, out: &mut Vec<Finding>) {
    use crate::scenario::expr::BinOp;
    fn walk(e: &Expr, found: &mut Vec<(usize, f64)>) {
        match e {
            Expr::Bin(
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne,
                l,
                r,
            ) => match (&**l, &**r) {
                (Expr::Var(v), Expr::Num(c)) | (Expr::Num(c), Expr::Var(v)) => {
                    found.push((*v, *c));
                }
                _ => {
                    walk(l, found);
                    walk(r, found);
                }
            },
            Expr::Bin(_, l, r) => {
                walk(l, found);
                walk(r, found);
            }
            Expr::Neg(x) | Expr::Not(x) => walk(x, found),
            _ => {}
        }
    }
    for (path, cond) in all_conditions(case) {
        let mut found = Vec::new();
        walk(cond, &mut found);
        for (v, c) in found {
            let info = &case.vars[v];
            let scale = 10f64.powi(i32::from(info.decimals));
            let shown = (c * scale).round() / scale;
            // A threshold on a shown value, or halfway between two (`gcs < 14.5`: the shown
            // value is at most 14), splits no shown value: only one in between misleads.
            let steps = c * scale * 2.0;
            if (steps - steps.round()).abs() < 1e-6 {
                continue;
            }
            let half = 0.5 / scale;
            let as_shown = |x: f64| format!("{x:.*}", usize::from(info.decimals));
            out.push(Finding::warn(
                SC,
                path.clone(),
                format!(
                    "'{}' is compared with {}, but it is shown to {}: from {} to {} the trainee reads {}, on both sides of the threshold (compare it with a value it can show)",
                    info.id,
                    fmt_num(c),
                    match info.decimals {
                        0 => "whole numbers".to_string(),
                        1 => "1 decimal".to_string(),
                        d => format!("{d} decimals"),
                    },
                    fmt_num(shown - half),
                    fmt_num(shown + half),
                    as_shown(shown),
                ),
            ));
        }
    }
}

/// Alarm limits belong to what a bedside monitor shows. On a case's own variable the simulation
/// still records each crossing as an alarm, which no monitor shows: a lab value given alarm
/// limits "alarms" before anyone has measured it.
fn unseen_alarms(case: &Case, out: &mut Vec<Finding>) {
    for (k, d) in case.scenario.variables.iter().enumerate() {
        // (A case's own variable cannot take a monitored built-in's id.)
        let field = match (d.alarm_low, d.alarm_high) {
            (Some(_), _) => "alarm_low",
            (None, Some(_)) => "alarm_high",
            (None, None) => continue,
        };
        out.push(Finding::note(
            SC,
            format!("variables[{k}].{field}"),
            format!(
                "variable '{}' has alarm limits, but the monitor shows only heart rate, blood pressure, SpO₂, respiratory rate and temperature: its alarms are recorded in the log and shown to no one (for a lab value, give its reference range, normal_low and normal_high, instead)",
                d.id
            ),
        ));
    }
}

/// A result is flagged as abnormal against its variable's reference range (or, without one, its
/// alarm limits). A case variable that an investigation reports but that has neither is shown
/// without a flag whatever its value. (The built-in variables all have reference ranges.)
fn unflagged_results(case: &Case, out: &mut Vec<Finding>) {
    for (k, d) in case.scenario.variables.iter().enumerate() {
        let Some(v) = case.var(&d.id) else { continue };
        let info = &case.vars[v];
        let ranged = [
            info.normal_low,
            info.normal_high,
            info.alarm_low,
            info.alarm_high,
        ]
        .iter()
        .any(Option::is_some);
        if ranged {
            continue;
        }
        let by = case.actions.iter().find(
            |a| matches!(&a.kind, case::Kind::Investigate { reports, .. } if reports.contains(&v)),
        );
        if let Some(a) = by {
            out.push(Finding::warn(
                SC,
                format!("variables[{k}].id"),
                format!(
                    "variable '{}' is reported by investigation '{}' but has no reference range (normal_low, normal_high): its results are never flagged as abnormal",
                    d.id, a.def.id
                ),
            ));
        }
    }
}

/// An infusion running at the start that no action can stop or re-rate runs to the end of the
/// case whatever the trainee does.
fn on_board(case: &Case, out: &mut Vec<Finding>) {
    for (i, ob) in case.on_board.iter().enumerate() {
        if ob.rate_per_s.is_none() {
            continue;
        }
        let controlled = case.actions.iter().any(|a| match &a.kind {
            case::Kind::Stop { drug } => *drug == ob.drug,
            case::Kind::Give {
                drug,
                rate: Some(_),
                ..
            } => *drug == ob.drug,
            _ => false,
        });
        if !controlled {
            out.push(Finding::warn(
                SC,
                format!("on_board[{i}].rate"),
                format!(
                    "the {} infusion running at the start can be neither stopped nor re-rated by any action: it runs to the end of the case whatever the trainee does",
                    case.drugs[ob.drug].def.id
                ),
            ));
        }
    }
}

fn states(case: &Case, reachable: &[bool], out: &mut Vec<Finding>) {
    let possible = super::possible_transitions(case);
    // States from which some end state can be reached: a search backwards from the end states
    // over the transitions that can be taken, each visited once (sweeping the states until
    // nothing changed took one sweep per state of a long chain: quadratic in the states).
    let mut from: Vec<Vec<usize>> = vec![Vec::new(); case.states.len()];
    for (i, s) in case.states.iter().enumerate() {
        for (j, tr) in s.transitions.iter().enumerate() {
            if possible[i][j] {
                from[tr.to].push(i);
            }
        }
    }
    let mut ends_from: Vec<bool> = case.states.iter().map(|s| s.end.is_some()).collect();
    let mut todo: Vec<usize> = (0..case.states.len()).filter(|&i| ends_from[i]).collect();
    while let Some(k) = todo.pop() {
        for &i in &from[k] {
            if !ends_from[i] {
                ends_from[i] = true;
                todo.push(i);
            }
        }
    }
    let initial = &case.states[case.initial_state].id;
    for (i, s) in case.states.iter().enumerate() {
        let path = format!("states[{i}].id");
        if !reachable[i] {
            out.push(Finding::warn(
                SC,
                path,
                format!(
                    "state '{}' can never be reached from the initial state '{initial}'",
                    s.id
                ),
            ));
            continue;
        }
        if s.end.is_some() {
            continue;
        }
        if s.transitions.is_empty() {
            out.push(Finding::warn(
                SC,
                path,
                format!(
                    "state '{}' is a dead end: it is not an end state and no transition leaves it",
                    s.id
                ),
            ));
        } else if !possible[i].iter().any(|p| *p) {
            out.push(Finding::warn(
                SC,
                path,
                format!(
                    "state '{}' is a dead end: it is not an end state and none of its transitions can fire",
                    s.id
                ),
            ));
        } else if !ends_from[i] {
            out.push(Finding::warn(
                SC,
                path,
                format!(
                    "no end state can be reached from state '{}': the case can only run out of time",
                    s.id
                ),
            ));
        }
    }
}

fn conditions(case: &Case, out: &mut Vec<Finding>) {
    let never = |e: &Expr| (!eval(e, case).can_be_true()).then(|| super::culprit(e, case));
    for (i, s) in case.states.iter().enumerate() {
        for (j, tr) in s.transitions.iter().enumerate() {
            let (to, cond) = (&tr.to, &tr.when);
            if let Some(why) = never(cond) {
                out.push(Finding::warn(
                    SC,
                    format!("states[{i}].transitions[{j}].when"),
                    format!(
                        "the transition from '{}' to '{}' can never fire: {why} cannot hold",
                        s.id, case.states[*to].id
                    ),
                ));
            }
        }
    }
    for (i, e) in case.events.iter().enumerate() {
        if let Some(why) = e.when.as_ref().and_then(never) {
            out.push(Finding::warn(
                SC,
                format!("events[{i}].when"),
                format!("event '{}' can never fire: {why} cannot hold", e.id),
            ));
        } else if let Some(at) = e.at.filter(|at| *at > case.scenario.time_limit.secs()) {
            out.push(Finding::warn(
                SC,
                format!("events[{i}].at"),
                format!(
                    "event '{}' at {} comes after the time limit {}",
                    e.id,
                    format_duration(at),
                    case.scenario.time_limit
                ),
            ));
        }
    }
    for (i, a) in case.actions.iter().enumerate() {
        if let case::Kind::Examine(findings) = &a.kind {
            for (j, (cond, text, _)) in findings.iter().enumerate() {
                if let Some(why) = cond.as_ref().and_then(never) {
                    out.push(Finding::warn(
                        SC,
                        format!("actions[{i}].kind.findings[{j}].when"),
                        format!("finding '{text}' can never be shown: {why} cannot hold"),
                    ));
                }
            }
        }
    }
    for (i, c) in case.criteria.iter().enumerate() {
        if let case::Check::Never(_, Some(cond)) = &c.check
            && let Some(why) = never(cond)
        {
            out.push(Finding::warn(
                SC,
                format!("rubric.criteria[{i}].check.when"),
                format!(
                    "criterion '{}' is met whatever the trainee does: {why} cannot hold",
                    c.def.id
                ),
            ));
        }
    }
}

/// Every condition of the case with the path of its string.
fn all_conditions(case: &Case) -> Vec<(String, &Expr)> {
    let mut out = Vec::new();
    for (i, s) in case.states.iter().enumerate() {
        for (j, tr) in s.transitions.iter().enumerate() {
            out.push((format!("states[{i}].transitions[{j}].when"), &tr.when));
        }
    }
    for (i, e) in case.events.iter().enumerate() {
        if let Some(c) = &e.when {
            out.push((format!("events[{i}].when"), c));
        }
    }
    for (i, a) in case.actions.iter().enumerate() {
        if let case::Kind::Examine(f) = &a.kind {
            for (j, (c, ..)) in f.iter().enumerate() {
                if let Some(c) = c {
                    out.push((format!("actions[{i}].kind.findings[{j}].when"), c));
                }
            }
        }
    }
    for (i, a) in case.actions.iter().enumerate() {
        for (j, &g) in a.guards.iter().enumerate() {
            if let Some(c) = &case.guards[g].when {
                out.push((format!("actions[{i}].guards[{j}].when"), c));
            }
        }
    }
    for (i, c) in case.criteria.iter().enumerate() {
        match &c.check {
            case::Check::Never(_, Some(e)) | case::Check::Reached(e, ..) => {
                out.push((format!("rubric.criteria[{i}].check.when"), e));
            }
            _ => {}
        }
    }
    out
}

/// `total('x')` adds up amounts of a drug or class; on an action id it is always 0, a trap
/// (`total('fluid_bolus') >= 1000` never holds) that the type checker cannot see.
fn totals_of_actions(case: &Case, out: &mut Vec<Finding>) {
    fn walk(e: &Expr, found: &mut Vec<usize>) {
        match e {
            Expr::Call(Func::Total, t, _) => found.push(*t),
            Expr::Neg(x) | Expr::Not(x) => walk(x, found),
            Expr::Bin(_, l, r) => {
                walk(l, found);
                walk(r, found);
            }
            _ => {}
        }
    }
    for (path, e) in all_conditions(case) {
        let mut found = Vec::new();
        walk(e, &mut found);
        for t in found {
            // A product's total is its volume given (mL).
            let product = |d: &case::Drug| d.products.iter().any(|p| p.tag == t);
            if case.drugs.iter().any(|d| d.tags.contains(&t) || product(d)) {
                continue;
            }
            let name = &case.tags[t];
            let hint = case
                .actions
                .iter()
                .find(|a| &a.def.id == name)
                .and_then(|a| match &a.kind {
                    case::Kind::Give { drug, .. } => Some(format!(
                        " (name the drug: total('{}'))",
                        case.drugs[*drug].def.id
                    )),
                    _ => None,
                })
                .unwrap_or_default();
            out.push(Finding::warn(
                SC,
                path.clone(),
                format!(
                    "total('{name}') is always 0: total counts amounts of a drug or drug class, not of an action{hint}"
                ),
            ));
        }
    }
}

/// Tags some action answers to (its id, and for a Give its drug and the drug's classes).
pub(super) fn orderable(case: &Case) -> BTreeSet<usize> {
    case.actions
        .iter()
        .flat_map(|a| a.tags.iter().copied())
        .collect()
}

fn criteria(case: &Case, reachable: &[bool], out: &mut Vec<Finding>) {
    let can_do = orderable(case);
    let tag = |t: usize| case.tags[t].as_str();
    for (i, c) in case.criteria.iter().enumerate() {
        let id = &c.def.id;
        let p = format!("rubric.criteria[{i}].check");
        if c.def.weight == Weight::Critical && c.def.sources().next().is_none() {
            out.push(Finding::warn(
                SC,
                format!("rubric.criteria[{i}].id"),
                format!(
                    "critical criterion '{id}' has no citation: name the guideline that makes it critical"
                ),
            ));
        }
        let unmeetable = |t: usize| {
            Finding::warn(
                SC,
                format!("{p}.what"),
                format!(
                    "criterion '{id}' can never be met: no action is or gives '{}'",
                    tag(t)
                ),
            )
        };
        match &c.check {
            case::Check::Done(t) | case::Check::DoneBefore(t, _) if !can_do.contains(t) => {
                out.push(unmeetable(*t))
            }
            case::Check::Reached(cond, _, anchor, _) => {
                if !eval(cond, case).can_be_true() {
                    out.push(Finding::warn(
                        SC,
                        format!("{p}.when"),
                        format!(
                            "criterion '{id}' can never be met: {} cannot hold",
                            super::culprit(cond, case)
                        ),
                    ));
                }
                if let Some(why) = anchor_never(case, reachable, &can_do, anchor) {
                    out.push(Finding::warn(
                        SC,
                        format!("{p}.of"),
                        format!("criterion '{id}' never applies: its anchor never happens ({why})"),
                    ));
                }
            }
            case::Check::DoneWithin(t, _, anchor) => {
                if !can_do.contains(t) {
                    out.push(unmeetable(*t));
                }
                if let Some(why) = anchor_never(case, reachable, &can_do, anchor) {
                    out.push(Finding::warn(
                        SC,
                        format!("{p}.of"),
                        format!("criterion '{id}' never applies: its anchor never happens ({why})"),
                    ));
                }
            }
            case::Check::DoseInRange { tag: t, unit, .. } => {
                let per_time = unit.dim.per_time;
                let gives = case.actions.iter().any(|a| {
                    a.tags.contains(t)
                        && matches!(&a.kind, case::Kind::Give { dose, rate, .. }
                            if if per_time { rate.is_some() } else { dose.is_some() })
                });
                if !gives {
                    out.push(Finding::warn(
                        SC,
                        format!("{p}.unit"),
                        format!(
                            "criterion '{id}' never applies: no action gives '{}' as {}",
                            tag(*t),
                            if per_time { "an infusion rate" } else { "a dose" }
                        ),
                    ));
                }
            }
            case::Check::Never(t, _) if !can_do.contains(t) => out.push(Finding::warn(
                SC,
                format!("{p}.what"),
                format!(
                    "criterion '{id}' is met whatever the trainee does: no action is or gives '{}'",
                    tag(*t)
                ),
            )),
            case::Check::StateReached(s) if !reachable[*s] => out.push(Finding::warn(
                SC,
                format!("{p}.state"),
                format!(
                    "criterion '{id}' can never be met: state '{}' can never be reached",
                    case.states[*s].id
                ),
            )),
            case::Check::StateAvoided(s) if !reachable[*s] => out.push(Finding::warn(
                SC,
                format!("{p}.state"),
                format!(
                    "criterion '{id}' is met whatever the trainee does: state '{}' can never be reached",
                    case.states[*s].id
                ),
            )),
            _ => {}
        }
    }
}

/// Why a `DoneWithin`/`Reached` anchor can never happen, if it cannot.
fn anchor_never(
    case: &Case,
    reachable: &[bool],
    can_do: &BTreeSet<usize>,
    anchor: &case::Anchor,
) -> Option<String> {
    let tag = |t: usize| case.tags[t].as_str();
    match anchor {
        case::Anchor::Start => None,
        case::Anchor::State(s) => {
            (!reachable[*s]).then(|| format!("state '{}' can never be reached", case.states[*s].id))
        }
        case::Anchor::Done(a) => {
            (!can_do.contains(a)).then(|| format!("no action is or gives '{}'", tag(*a)))
        }
        case::Anchor::Event(e) => {
            let ev = &case.events[*e];
            let cannot = ev
                .when
                .as_ref()
                .is_some_and(|w| !eval(w, case).can_be_true())
                || ev.at.is_some_and(|at| at > case.scenario.time_limit.secs());
            cannot.then(|| format!("event '{}' can never fire", ev.id))
        }
        case::Anchor::Result(a) => {
            let t = case.actions[*a].tags[0];
            (!can_do.contains(&t)).then(|| format!("no action is or gives '{}'", tag(t)))
        }
        case::Anchor::When(w) => (!eval(w, case).can_be_true())
            .then(|| format!("{} cannot hold", super::culprit(w, case))),
    }
}

/// Tags named by conditions (given, count, total…) anywhere in the case.
pub(super) fn condition_tags(case: &Case) -> BTreeSet<usize> {
    fn walk(e: &Expr, out: &mut BTreeSet<usize>) {
        match e {
            Expr::Call(
                Func::Done
                | Func::DoneWithin
                | Func::Count
                | Func::Total
                | Func::Running
                | Func::Level,
                t,
                _,
            ) => {
                out.insert(*t);
            }
            Expr::Neg(x) | Expr::Not(x) => walk(x, out),
            Expr::Bin(_, l, r) => {
                walk(l, out);
                walk(r, out);
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for s in &case.states {
        for tr in &s.transitions {
            walk(&tr.when, &mut out);
        }
    }
    for e in case.events.iter().filter_map(|e| e.when.as_ref()) {
        walk(e, &mut out);
    }
    for a in &case.actions {
        if let case::Kind::Examine(f) = &a.kind {
            for c in f.iter().filter_map(|(c, ..)| c.as_ref()) {
                walk(c, &mut out);
            }
        }
    }
    for c in &case.criteria {
        match &c.check {
            case::Check::Done(t)
            | case::Check::DoseInRange { tag: t, .. }
            | case::Check::TotalAtMost { tag: t, .. }
            | case::Check::DoseAtMost { tag: t, .. } => {
                out.insert(*t);
            }
            case::Check::Window(t, anchor, ..) => {
                out.insert(*t);
                if let case::Anchor::Done(a) = anchor {
                    out.insert(*a);
                }
            }
            case::Check::DoneBefore(a, b) => {
                out.extend([*a, *b]);
            }
            case::Check::DoneWithin(t, _, anchor) => {
                out.insert(*t);
                if let case::Anchor::Done(a) = anchor {
                    out.insert(*a);
                }
            }
            case::Check::Never(t, cond) => {
                out.insert(*t);
                if let Some(c) = cond {
                    walk(c, &mut out);
                }
            }
            case::Check::Reached(cond, _, anchor, _) => {
                walk(cond, &mut out);
                if let case::Anchor::Done(a) = anchor {
                    out.insert(*a);
                }
            }
            case::Check::StateReached(_) | case::Check::StateAvoided(_) => {}
        }
        if let Some(f) = &c.faced {
            walk(f, &mut out);
        }
    }
    out
}

fn noise(case: &Case, out: &mut Vec<Finding>) {
    let used = condition_tags(case);
    for (i, a) in case.actions.iter().enumerate() {
        if a.tags.iter().any(|t| used.contains(t)) || !a.effects.is_empty() || !a.guards.is_empty()
        {
            continue;
        }
        let acts_on_patient = match &a.kind {
            case::Kind::Give { drug, .. } => {
                let d = &case.drugs[*drug];
                !d.effects.is_empty() || !d.antagonizes.is_empty()
            }
            case::Kind::Stop { drug } => !case.drugs[*drug].effects.is_empty(),
            case::Kind::Hold(k) | case::Kind::Resume(k) => {
                !case.drugs[case.schedule[*k].drug].effects.is_empty()
            }
            _ => false,
        };
        if !acts_on_patient {
            out.push(Finding::note(
                SC,
                format!("actions[{i}].id"),
                format!(
                    "action '{}' is referenced by no criterion or condition and changes nothing in the patient: it is noise to the case (fine if it is a deliberate distractor)",
                    a.def.id
                ),
            ));
        }
    }
}

/// Where drug `k` of the case was defined: the case's own `drugs` or the library.
fn drug_origin(case: &Case, library: &DrugLibrary, k: usize) -> (Source, String) {
    let id = &case.drugs[k].def.id;
    if let Some(j) = case.scenario.drugs.iter().position(|d| &d.id == id) {
        return (Source::Scenario, format!("drugs[{j}]"));
    }
    let j = library.drugs.iter().position(|d| &d.id == id).unwrap_or(k);
    (Source::DrugLibrary, format!("drugs[{j}]"))
}

/// A value in `unit` expressed in the reference's unit, when the two can be compared (both single
/// doses, or both rates).
fn in_reference(v: f64, unit: &Unit, reference: &Unit, weight: f64) -> Option<f64> {
    if unit.dim.per_time != reference.dim.per_time || unit.dim.base != reference.dim.base {
        return None;
    }
    in_range_unit(v, unit, reference, weight).ok()
}

fn doses(case: &Case, library: &DrugLibrary, out: &mut Vec<Finding>) {
    let weight = case.weight_kg();
    let refs: Vec<Option<(Unit, &DoseReference)>> = case
        .drugs
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let r = d.def.reference.as_ref()?;
            let (source, path) = drug_origin(case, library, k);
            if !(r.min > 0.0 && r.min <= r.max) {
                out.push(Finding::warn(
                    source,
                    format!("{path}.reference"),
                    format!(
                        "the reference range of '{}' must be positive with min ≤ max (got {}–{} {})",
                        d.def.id,
                        fmt_num(r.min),
                        fmt_num(r.max),
                        r.unit
                    ),
                ));
                return None;
            }
            Unit::parse(&r.unit).ok().map(|u| (u, r))
        })
        .collect();
    // How a value compares with the reference: a message part if it falls outside.
    let outside = |v: f64, unit: &Unit, (ru, r): &(Unit, &DoseReference)| -> Option<String> {
        let x = in_reference(v, unit, ru, weight)?;
        let eps = 1e-9 * r.max.abs().max(1.0);
        if x >= r.min - eps && x <= r.max + eps {
            return None;
        }
        let shown = if unit.text == ru.text {
            format!("{} {}", fmt_num(v), unit.text)
        } else {
            format!("{} {} ({} {})", fmt_num(v), unit.text, fmt_num(x), ru.text)
        };
        Some(format!(
            "{shown} is {} the reference {}–{} {} ({})",
            if x < r.min { "below" } else { "above" },
            fmt_num(r.min),
            fmt_num(r.max),
            ru.text,
            r.source
        ))
    };
    for (i, a) in case.actions.iter().enumerate() {
        let case::Kind::Give {
            drug, dose, rate, ..
        } = &a.kind
        else {
            continue;
        };
        let dname = &case.drugs[*drug].def.id;
        for (field, range) in [("dose", dose), ("rate", rate)] {
            let Some(case::Range {
                unit,
                min,
                max,
                default,
                ..
            }) = range
            else {
                continue;
            };
            let p = format!("actions[{i}].kind.{field}");
            if let Some(d) = default
                && !(min <= d && d <= max)
            {
                out.push(Finding::warn(
                    SC,
                    format!("{p}.default"),
                    format!(
                        "the default {} {} of '{}' is outside its own range {}–{} {}",
                        fmt_num(*d),
                        unit.text,
                        a.def.id,
                        fmt_num(*min),
                        fmt_num(*max),
                        unit.text
                    ),
                ));
            }
            let Some((ru, r)) = &refs[*drug] else {
                continue;
            };
            // A plausible range entirely off the cited one is an authoring slip (mg for µg, a
            // per-kg range written per dose). A partial mismatch is usually deliberate: room for
            // a dosing error above the source, or a device's own limits (nasal oxygen ≤ 6 L/min
            // against 1–15 L/min for every device), so it is a note.
            let (Some(lo), Some(hi)) = (
                in_reference(*min, unit, ru, weight),
                in_reference(*max, unit, ru, weight),
            ) else {
                continue;
            };
            let eps = 1e-9 * r.max.abs().max(1.0);
            let range = |a: f64, b: f64, u: &str| format!("{}–{} {u}", fmt_num(a), fmt_num(b));
            let ours = if unit.text == ru.text {
                range(*min, *max, &unit.text)
            } else {
                format!(
                    "{} ({})",
                    range(*min, *max, &unit.text),
                    range(lo, hi, &ru.text)
                )
            };
            let cited = format!("{} ({})", range(r.min, r.max, &ru.text), r.source);
            if hi < r.min - eps || lo > r.max + eps {
                out.push(Finding::warn(
                    SC,
                    format!("{p}.{}", if hi < r.min - eps { "max" } else { "min" }),
                    format!(
                        "the {field} range of '{}' lies entirely outside the reference for {dname}: {ours} against {cited} (a unit slip?)",
                        a.def.id
                    ),
                ));
            } else if (lo - r.min).abs() > eps || (hi - r.max).abs() > eps {
                let beyond = lo < r.min - eps || hi > r.max + eps;
                let short = lo > r.min + eps || hi < r.max - eps;
                let side = match (beyond, short) {
                    (true, true) => "does not match",
                    (true, false) => "reaches beyond",
                    _ => "leaves out part of",
                };
                out.push(Finding::note(
                    SC,
                    format!("{p}.min"),
                    format!(
                        "the {field} range of '{}' {side} the reference for {dname}: {ours} against {cited}",
                        a.def.id
                    ),
                ));
            }
        }
    }
    for (i, c) in case.criteria.iter().enumerate() {
        let case::Check::DoseInRange {
            tag,
            min,
            max,
            unit,
            ..
        } = &c.check
        else {
            continue;
        };
        let Some(k) = case.drugs.iter().position(|d| d.def.id == case.tags[*tag]) else {
            continue;
        };
        let Some(reference) = &refs[k] else { continue };
        for (bound, v) in [("min", min), ("max", max)] {
            if let Some(why) = outside(*v, unit, reference) {
                out.push(Finding::warn(
                    SC,
                    format!("rubric.criteria[{i}].check.{bound}"),
                    format!(
                        "criterion '{}' accepts doses outside the reference for {}: {why}",
                        c.def.id, case.tags[*tag]
                    ),
                ));
            }
        }
    }
    // What the previous team gave is the case's story, and an unusual dose may be its point
    // (twice the usual morphine before handover): a note, not a warning. A compiled case has
    // every entry of its `on_board`, in order.
    for (i, (ob, compiled)) in case
        .scenario
        .on_board
        .iter()
        .zip(&case.on_board)
        .enumerate()
    {
        let Some(reference) = &refs[compiled.drug] else {
            continue;
        };
        for (field, amount) in [("dose", &ob.dose), ("rate", &ob.rate)] {
            let Some((v, u)) = amount else { continue };
            let Ok(unit) = Unit::parse(u) else { continue };
            if let Some(why) = outside(*v, &unit, reference) {
                out.push(Finding::note(
                    SC,
                    format!("on_board[{i}].{field}"),
                    format!("{} on board at the start: {why}", ob.drug),
                ));
            }
        }
    }
}
