//! Semantic validation and compilation of a scenario into the resolved form the simulation runs.
//!
//! Everything an instructor can get wrong after the RON parses is checked here, and every problem
//! is collected (not just the first) with the path of the value at fault, so `bedside validate`
//! can list them all with line and column. Names become indices: the simulation and the rubric
//! never look anything up by string while a case runs.

// Range checks are written `!(a < b)` on purpose: they must also reject NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use super::expr::{self, Expr, ExprError, Resolver};
use super::model::*;
use super::vars::{self, VarInfo};
use crate::units::{Dimension, Unit};

/// Which file a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Scenario,
    DrugLibrary,
}

/// A semantic problem, located by the path of the value at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub source: Source,
    pub path: String,
    /// Byte offset inside the string value (for expressions).
    pub inner: Option<usize>,
    pub message: String,
}

/// A drug with its units and effects resolved.
#[derive(Debug, Clone)]
pub struct CDrug {
    pub def: Drug,
    pub unit: Unit,
    /// Tags it answers to: its own id and its classes.
    pub tags: Vec<usize>,
    /// First-order elimination rate, per second.
    pub ke: f64,
    /// Absorption rate by route, per second (`None`: instant, e.g. an IV push with no onset).
    pub ka: BTreeMap<Route, f64>,
    pub effects: Vec<CDrugEffect>,
    /// (class tag, max block, ic50 per kg)
    pub antagonizes: Vec<(usize, f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct CDrugEffect {
    pub var: usize,
    pub emax: f64,
    pub ec50: f64,
    pub responder: Option<usize>,
}

/// An order's allowed range in a parsed unit.
#[derive(Debug, Clone)]
pub struct CRange {
    pub unit: Unit,
    pub min: f64,
    pub max: f64,
    pub default: Option<f64>,
}

/// A drug on board at the start, in the drug's own unit.
#[derive(Debug, Clone)]
pub struct COnBoard {
    pub drug: usize,
    /// A dose given before the start, and its route.
    pub dose: Option<(f64, Route)>,
    /// An infusion running at the start, per second.
    pub rate_per_s: Option<f64>,
    /// Seconds before the start.
    pub ago: u64,
}

/// The longest `ago` an `on_board` entry may have.
pub const MAX_ON_BOARD_AGO: u64 = 7 * 24 * 3600;

#[derive(Debug, Clone)]
pub enum CKind {
    /// Findings: (condition, text, variables whose values the text shows).
    Examine(Vec<(Option<Expr>, MsgId, Vec<usize>)>),
    Investigate {
        turnaround: u64,
        reports: Vec<usize>,
    },
    Give {
        drug: usize,
        routes: Vec<Route>,
        dose: Option<CRange>,
        rate: Option<CRange>,
    },
    Stop {
        drug: usize,
    },
    Task,
}

#[derive(Debug, Clone)]
pub enum CEffect {
    Shift {
        var: usize,
        by: f64,
        onset: u64,
        lasts: Option<u64>,
    },
    Set {
        var: usize,
        to: f64,
    },
}

#[derive(Debug, Clone)]
pub struct CAction {
    pub def: ActionDef,
    pub tags: Vec<usize>,
    pub kind: CKind,
    pub effects: Vec<CEffect>,
}

#[derive(Debug, Clone)]
pub enum CDrift {
    Toward { var: usize, target: f64, tau: f64 },
    Rate { var: usize, per_sec: f64 },
}

#[derive(Debug, Clone)]
pub struct CState {
    pub id: String,
    pub label: MsgId,
    pub end: Option<Outcome>,
    pub drifts: Vec<CDrift>,
    pub transitions: Vec<(usize, Expr)>,
}

#[derive(Debug, Clone)]
pub struct CEvent {
    pub id: String,
    /// Variables whose values the text shows.
    pub values: Vec<usize>,
    pub at: Option<u64>,
    pub when: Option<Expr>,
    pub speaker: Speaker,
    pub text: MsgId,
}

#[derive(Debug, Clone)]
pub enum CAnchor {
    Start,
    State(usize),
    Done(usize),
    Event(usize),
}

#[derive(Debug, Clone)]
pub enum CCheck {
    Done(usize),
    DoneBefore(usize, usize),
    DoneWithin(usize, u64, CAnchor),
    DoseInRange {
        tag: usize,
        min: f64,
        max: f64,
        unit: Unit,
    },
    Never(usize, Option<Expr>),
    Reached(Expr, u64, CAnchor),
    StateReached(usize),
    StateAvoided(usize),
}

#[derive(Debug, Clone)]
pub struct CCriterion {
    pub def: Criterion,
    pub points: u32,
    pub check: CCheck,
}

/// A scenario ready to simulate and score. Immutable; share it behind an `Arc`.
#[derive(Debug, Clone)]
pub struct Case {
    pub scenario: Scenario,
    pub vars: Vec<VarInfo>,
    pub tags: Vec<String>,
    pub drugs: Vec<CDrug>,
    /// Drugs the patient has at the start.
    pub on_board: Vec<COnBoard>,
    pub actions: Vec<CAction>,
    pub states: Vec<CState>,
    pub events: Vec<CEvent>,
    pub criteria: Vec<CCriterion>,
    pub responders: Vec<(String, f64)>,
    pub initial_state: usize,
    /// Initial value of every variable.
    pub initial: Vec<f64>,
    /// SHA-256 over the case's files (set by the loader).
    pub content_hash: String,
    /// Every message id the case refers to, with the path that refers to it.
    pub messages: Vec<(Source, String, MsgId)>,
    /// The variables a message may show, by the path that refers to it (findings and events
    /// with `values`); every other message takes none.
    pub message_values: BTreeMap<String, Vec<String>>,
    var_index: BTreeMap<String, usize>,
    tag_index: BTreeMap<String, usize>,
    state_index: BTreeMap<String, usize>,
    action_index: BTreeMap<String, usize>,
    /// What the simulation derives from the case alone (conditions in evaluation form, kinetics
    /// factors, …), built by the first simulation and shared by the rest.
    pub(crate) prepared: PreparedCell,
}

/// A lazily filled cache of the simulation's prepared form of a case. A clone of a case starts
/// with an empty cell, so a cloned case that is then changed is never simulated with a stale
/// copy (a `Case` is otherwise immutable once compiled).
#[derive(Default)]
pub(crate) struct PreparedCell(pub(crate) OnceLock<Arc<crate::sim::Prepared>>);

impl PreparedCell {
    pub(crate) fn get_or_init(
        &self,
        f: impl FnOnce() -> Arc<crate::sim::Prepared>,
    ) -> &Arc<crate::sim::Prepared> {
        self.0.get_or_init(f)
    }
}

impl Clone for PreparedCell {
    fn clone(&self) -> PreparedCell {
        PreparedCell::default()
    }
}

impl std::fmt::Debug for PreparedCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "PreparedCell(ready)"
        } else {
            "PreparedCell(empty)"
        })
    }
}

impl Case {
    pub fn var(&self, id: &str) -> Option<usize> {
        self.var_index.get(id).copied()
    }
    pub fn tag(&self, id: &str) -> Option<usize> {
        self.tag_index.get(id).copied()
    }
    pub fn state(&self, id: &str) -> Option<usize> {
        self.state_index.get(id).copied()
    }
    pub fn action(&self, id: &str) -> Option<usize> {
        self.action_index.get(id).copied()
    }
    pub fn weight_kg(&self) -> f64 {
        self.scenario.patient.weight_kg
    }
}

struct Names {
    vars: BTreeMap<String, usize>,
    var_list: Vec<String>,
    tags: BTreeMap<String, usize>,
    /// The tags that are drug ids or drug classes.
    drug_tags: BTreeSet<usize>,
    states: BTreeMap<String, usize>,
    responders: BTreeMap<String, usize>,
}

impl Resolver for Names {
    fn variable(&self, name: &str) -> Option<usize> {
        self.vars.get(name).copied()
    }
    fn tag(&self, name: &str) -> Option<usize> {
        self.tags.get(name).copied()
    }
    fn drug_tag(&self, name: &str) -> Option<usize> {
        self.tags
            .get(name)
            .copied()
            .filter(|t| self.drug_tags.contains(t))
    }
    fn state(&self, name: &str) -> Option<usize> {
        self.states.get(name).copied()
    }
    fn responder(&self, name: &str) -> Option<usize> {
        self.responders.get(name).copied()
    }
    fn variable_names(&self) -> Vec<String> {
        self.var_list.clone()
    }
}

struct Ctx {
    problems: Vec<Problem>,
    messages: Vec<(Source, String, MsgId)>,
    message_values: BTreeMap<String, Vec<String>>,
}

impl Ctx {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            source: Source::Scenario,
            path: path.into(),
            inner: None,
            message: message.into(),
        });
    }
    fn lib_err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            source: Source::DrugLibrary,
            path: path.into(),
            inner: None,
            message: message.into(),
        });
    }
    fn msg(&mut self, source: Source, path: impl Into<String>, id: &str) {
        self.messages.push((source, path.into(), id.to_string()));
    }
    fn expr(&mut self, path: String, src: &str, names: &Names) -> Option<Expr> {
        match expr::parse_condition(src, names) {
            Ok(e) => Some(e),
            Err(ExprError { offset, message }) => {
                self.problems.push(Problem {
                    source: Source::Scenario,
                    path,
                    inner: Some(offset),
                    message,
                });
                None
            }
        }
    }
}

fn duplicates<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &str,
    path: &str,
    field: &str,
    cx: &mut Ctx,
) {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            cx.err(
                format!("{path}[{i}].{field}"),
                format!("duplicate {what} id '{id}'"),
            );
        }
    }
}

fn parse_unit(text: &str) -> Result<Unit, String> {
    Unit::parse(text).map_err(|e| e.to_string())
}

/// Validates `scenario` against `library` and resolves it. Returns every problem found.
pub fn compile(scenario: &Scenario, library: &DrugLibrary) -> Result<Case, Vec<Problem>> {
    let mut cx = Ctx {
        problems: Vec::new(),
        messages: Vec::new(),
        message_values: BTreeMap::new(),
    };
    let s = scenario;
    let sc = Source::Scenario;

    // --- variables ---
    let mut var_list = vars::builtins();
    for (i, d) in s.variables.iter().enumerate() {
        let p = format!("variables[{i}]");
        if var_list.iter().any(|v| v.id == d.id) {
            cx.err(
                format!("{p}.id"),
                format!(
                    "variable '{}' is already defined (built-in or earlier)",
                    d.id
                ),
            );
            continue;
        }
        if !(d.min < d.max) {
            cx.err(
                format!("{p}.max"),
                format!("max ({}) must be greater than min ({})", d.max, d.min),
            );
        }
        if !(d.min..=d.max).contains(&d.initial) {
            cx.err(
                format!("{p}.initial"),
                format!("initial {} is outside {}–{}", d.initial, d.min, d.max),
            );
        }
        for (kind, low, high) in [
            ("alarm", d.alarm_low, d.alarm_high),
            ("normal", d.normal_low, d.normal_high),
        ] {
            if let (Some(low), Some(high)) = (low, high)
                && !(low < high)
            {
                cx.err(
                    format!("{p}.{kind}_high"),
                    format!("{kind}_high ({high}) must be greater than {kind}_low ({low})"),
                );
            }
        }
        cx.msg(sc, format!("{p}.label"), &d.label);
        var_list.push(VarInfo {
            id: d.id.clone(),
            label: d.label.clone(),
            unit: d.unit.clone(),
            min: d.min,
            max: d.max,
            initial: d.initial,
            noise: d.noise,
            alarm_low: d.alarm_low,
            alarm_high: d.alarm_high,
            normal_low: d.normal_low,
            normal_high: d.normal_high,
            decimals: d.decimals,
            derived: false,
        });
    }
    for v in vars::builtins() {
        cx.msg(sc, "", &v.label);
    }
    let var_index: BTreeMap<String, usize> = var_list
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.clone(), i))
        .collect();
    let lookup_var = |cx: &mut Ctx, path: String, id: &str, settable: bool| -> Option<usize> {
        match var_index.get(id) {
            None => {
                let known: Vec<&str> = var_list.iter().map(|v| v.id.as_str()).collect();
                cx.err(
                    path,
                    format!("unknown variable '{id}' (known: {})", known.join(", ")),
                );
                None
            }
            Some(&i) if settable && var_list[i].derived => {
                cx.err(
                    path,
                    format!("'{id}' is derived from sbp and dbp: act on those instead"),
                );
                None
            }
            Some(&i) => Some(i),
        }
    };
    // The variables a finding's or event's text shows: resolved, and remembered by the path of
    // its text so that the loader can hold each locale's text to them.
    let shown_values = |cx: &mut Ctx, p: &str, values: &[String]| -> Vec<usize> {
        let out = values
            .iter()
            .enumerate()
            .filter_map(|(k, v)| lookup_var(cx, format!("{p}.values[{k}]"), v, false))
            .collect();
        if !values.is_empty() {
            cx.message_values
                .insert(format!("{p}.text"), values.to_vec());
        }
        out
    };

    // This patient's reference ranges, applied once every lookup of a variable is done.
    let mut ranges: Vec<(usize, Option<f64>, Option<f64>)> = Vec::new();
    for (k, r) in &s.reference_ranges {
        let p = format!("reference_ranges[\"{k}\"]");
        let Some(i) = lookup_var(&mut cx, p.clone(), k, false) else {
            continue;
        };
        match (r.low, r.high) {
            (None, None) => cx.err(p, "a reference range needs a low end, a high end or both"),
            (Some(low), Some(high)) if !(low < high) => cx.err(
                format!("{p}.high"),
                format!("high ({high}) must be greater than low ({low})"),
            ),
            _ => ranges.push((i, r.low, r.high)),
        }
    }

    let mut initial: Vec<f64> = var_list.iter().map(|v| v.initial).collect();
    for (k, val) in &s.baseline {
        let p = format!("baseline[\"{k}\"]");
        if let Some(i) = lookup_var(&mut cx, p.clone(), k, true) {
            let v = &var_list[i];
            if !(v.min..=v.max).contains(val) {
                cx.err(
                    p,
                    format!("{k} = {val} is outside its bounds {}–{}", v.min, v.max),
                );
            } else {
                initial[i] = *val;
            }
        }
    }
    initial[vars::MAP] = (initial[vars::SBP] + 2.0 * initial[vars::DBP]) / 3.0;

    // --- patient, top level ---
    let pt = &s.patient;
    if !(pt.weight_kg > 0.0 && pt.weight_kg < 400.0) {
        cx.err("patient.weight_kg", "weight must be between 0 and 400 kg");
    }
    if !(pt.height_cm > 30.0 && pt.height_cm < 260.0) {
        cx.err("patient.height_cm", "height must be between 30 and 260 cm");
    }
    for (name, id) in [
        ("title", &s.title),
        ("summary", &s.summary),
        ("handover", &s.handover),
    ] {
        cx.msg(sc, name, id);
    }
    cx.msg(sc, "patient.name", &pt.name);
    for (field, list) in [
        ("allergies", &pt.allergies),
        ("history", &pt.history),
        ("medications", &pt.medications),
    ] {
        for (i, id) in list.iter().enumerate() {
            cx.msg(sc, format!("patient.{field}[{i}]"), id);
        }
    }
    for (i, id) in pt.chart_labs.iter().enumerate() {
        lookup_var(&mut cx, format!("patient.chart_labs[{i}]"), id, false);
    }
    if s.tick.secs() == 0 || s.tick.secs() > 600 {
        cx.err("tick", "tick must be between 1s and 10m");
    }
    if s.time_limit.secs() == 0 {
        cx.err("time_limit", "time_limit must be longer than 0s");
    }
    if !(0.0..1.0).contains(&s.sensitivity_spread) {
        cx.err(
            "sensitivity_spread",
            "sensitivity_spread must be at least 0 and below 1",
        );
    }
    let mut responders = Vec::new();
    for (name, p) in &s.responders {
        if !(0.0..=1.0).contains(p) {
            cx.err(
                format!("responders[\"{name}\"]"),
                format!("probability {p} must be between 0 and 1"),
            );
        }
        responders.push((name.clone(), *p));
    }
    let responder_index: BTreeMap<String, usize> = responders
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.clone(), i))
        .collect();

    // --- drugs: the library, then the case's overrides ---
    let mut drug_defs: Vec<(Source, String, Drug)> = library
        .drugs
        .iter()
        .enumerate()
        .map(|(i, d)| (Source::DrugLibrary, format!("drugs[{i}]"), d.clone()))
        .collect();
    let before = cx.problems.len();
    duplicates(
        library.drugs.iter().map(|d| d.id.as_str()),
        "drug",
        "drugs",
        "id",
        &mut cx,
    );
    for p in &mut cx.problems[before..] {
        p.source = Source::DrugLibrary;
    }
    duplicates(
        s.drugs.iter().map(|d| d.id.as_str()),
        "drug",
        "drugs",
        "id",
        &mut cx,
    );
    for (i, d) in s.drugs.iter().enumerate() {
        let entry = (Source::Scenario, format!("drugs[{i}]"), d.clone());
        match drug_defs.iter().position(|(_, _, x)| x.id == d.id) {
            Some(j) => drug_defs[j] = entry,
            None => drug_defs.push(entry),
        }
    }

    // --- tags: actions, drugs, classes ---
    let mut tags: Vec<String> = Vec::new();
    let mut tag_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut tag = |name: &str| -> usize {
        if let Some(&i) = tag_index.get(name) {
            return i;
        }
        tags.push(name.to_string());
        tag_index.insert(name.to_string(), tags.len() - 1);
        tags.len() - 1
    };
    let drug_tags: Vec<Vec<usize>> = drug_defs
        .iter()
        .map(|(_, _, d)| {
            let mut t = vec![tag(&d.id)];
            t.extend(d.classes.iter().map(|c| tag(c)));
            t
        })
        .collect();
    let action_own_tags: Vec<usize> = s.actions.iter().map(|a| tag(&a.id)).collect();

    let mut drugs = Vec::new();
    for ((src, p, d), dtags) in drug_defs.iter().zip(drug_tags) {
        let err = |cx: &mut Ctx, path: String, m: String| match src {
            Source::Scenario => cx.err(path, m),
            Source::DrugLibrary => cx.lib_err(path, m),
        };
        cx.msg(*src, format!("{p}.name"), &d.name);
        let unit = match parse_unit(&d.unit) {
            Ok(u) if !u.dim.per_kg && !u.dim.per_time => u,
            Ok(_) => {
                err(
                    &mut cx,
                    format!("{p}.unit"),
                    format!(
                        "a drug's unit is a plain amount such as mg or mL, not '{}'",
                        d.unit
                    ),
                );
                continue;
            }
            Err(m) => {
                err(&mut cx, format!("{p}.unit"), m);
                continue;
            }
        };
        if d.half_life.secs() == 0 {
            err(
                &mut cx,
                format!("{p}.half_life"),
                "half_life must be longer than 0s".into(),
            );
        }
        if d.onset.is_empty() {
            err(
                &mut cx,
                format!("{p}.onset"),
                "give an onset for at least one route".into(),
            );
        }
        let ln2 = std::f64::consts::LN_2;
        let ka = d
            .onset
            .iter()
            .map(|(r, t)| {
                (
                    *r,
                    if t.secs() == 0 {
                        f64::INFINITY
                    } else {
                        ln2 / t.secs() as f64
                    },
                )
            })
            .collect();
        let mut effects = Vec::new();
        for (j, e) in d.effects.iter().enumerate() {
            let ep = format!("{p}.effects[{j}]");
            let Some(var) = var_index.get(&e.var).copied() else {
                err(
                    &mut cx,
                    format!("{ep}.var"),
                    format!("unknown variable '{}'", e.var),
                );
                continue;
            };
            if var_list[var].derived {
                err(
                    &mut cx,
                    format!("{ep}.var"),
                    format!(
                        "'{}' is derived from sbp and dbp: act on those instead",
                        e.var
                    ),
                );
            }
            if !(e.ec50 > 0.0) {
                err(
                    &mut cx,
                    format!("{ep}.ec50"),
                    "ec50 must be greater than 0".into(),
                );
            }
            let responder = match &e.responder {
                None => None,
                Some(r) => match responder_index.get(r) {
                    Some(i) => Some(*i),
                    // A library drug may name a trait this case does not declare: full effect.
                    None if *src == Source::DrugLibrary => None,
                    None => {
                        err(
                            &mut cx,
                            format!("{ep}.responder"),
                            format!("unknown responder '{r}'"),
                        );
                        None
                    }
                },
            };
            effects.push(CDrugEffect {
                var,
                emax: e.emax,
                ec50: e.ec50,
                responder,
            });
        }
        let mut antagonizes = Vec::new();
        for (j, a) in d.antagonizes.iter().enumerate() {
            match tag_index.get(&a.class) {
                Some(&t) => antagonizes.push((t, a.max_block, a.ic50)),
                None => err(
                    &mut cx,
                    format!("{p}.antagonizes[{j}].class"),
                    format!("no drug has class '{}'", a.class),
                ),
            }
            if !(0.0..=1.0).contains(&a.max_block) || !(a.ic50 > 0.0) {
                err(
                    &mut cx,
                    format!("{p}.antagonizes[{j}]"),
                    "max_block must be 0–1 and ic50 greater than 0".into(),
                );
            }
        }
        if let Some(r) = &d.reference
            && let Err(m) = parse_unit(&r.unit).and_then(|u| {
                u.expect(
                    Dimension {
                        per_kg: u.dim.per_kg,
                        per_time: u.dim.per_time,
                        ..unit.dim
                    },
                    &d.unit,
                )
                .map_err(|e| e.to_string())
            })
        {
            err(&mut cx, format!("{p}.reference.unit"), m);
        }
        drugs.push(CDrug {
            def: d.clone(),
            unit,
            tags: dtags,
            ke: ln2 / d.half_life.secs().max(1) as f64,
            ka,
            effects,
            antagonizes,
        });
    }
    let drug_index: BTreeMap<String, usize> = drugs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.def.id.clone(), i))
        .collect();

    let on_board = compile_on_board(s, &drugs, &drug_index, &mut cx);

    // --- states (names first, so conditions can refer forward) ---
    duplicates(
        s.states.iter().map(|x| x.id.as_str()),
        "state",
        "states",
        "id",
        &mut cx,
    );
    let state_index: BTreeMap<String, usize> = s
        .states
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.clone(), i))
        .collect();
    let names = Names {
        vars: var_index.clone(),
        var_list: var_list.iter().map(|v| v.id.clone()).collect(),
        tags: tag_index.clone(),
        drug_tags: drugs.iter().flat_map(|d| d.tags.iter().copied()).collect(),
        states: state_index.clone(),
        responders: responder_index.clone(),
    };
    let initial_state = match state_index.get(&s.initial_state) {
        Some(&i) => i,
        None => {
            cx.err("initial_state", format!("no state '{}'", s.initial_state));
            0
        }
    };
    let mut states = Vec::new();
    for (i, st) in s.states.iter().enumerate() {
        let p = format!("states[{i}]");
        cx.msg(sc, format!("{p}.label"), &st.label);
        let mut drifts = Vec::new();
        for (j, d) in st.drifts.iter().enumerate() {
            let dp = format!("{p}.drifts[{j}]");
            match d {
                Drift::Toward { var, target, over } => {
                    if let Some(v) = lookup_var(&mut cx, format!("{dp}.var"), var, true) {
                        let info = &var_list[v];
                        if !(info.min..=info.max).contains(target) {
                            cx.err(
                                format!("{dp}.target"),
                                format!(
                                    "target {target} is outside {var}'s bounds {}–{}",
                                    info.min, info.max
                                ),
                            );
                        }
                        if over.secs() == 0 {
                            cx.err(format!("{dp}.over"), "over must be longer than 0s");
                        }
                        drifts.push(CDrift::Toward {
                            var: v,
                            target: *target,
                            tau: over.secs().max(1) as f64,
                        });
                    }
                }
                Drift::Rate { var, per_hour } => {
                    if let Some(v) = lookup_var(&mut cx, format!("{dp}.var"), var, true) {
                        drifts.push(CDrift::Rate {
                            var: v,
                            per_sec: per_hour / 3600.0,
                        });
                    }
                }
            }
        }
        let mut transitions = Vec::new();
        for (j, t) in st.transitions.iter().enumerate() {
            let tp = format!("{p}.transitions[{j}]");
            let to = state_index.get(&t.to).copied();
            if to.is_none() {
                cx.err(
                    format!("{tp}.to"),
                    format!("transition to unknown state '{}'", t.to),
                );
            }
            let e = cx.expr(format!("{tp}.when"), &t.when, &names);
            if let (Some(to), Some(e)) = (to, e) {
                transitions.push((to, e));
            }
        }
        states.push(CState {
            id: st.id.clone(),
            label: st.label.clone(),
            end: st.end,
            drifts,
            transitions,
        });
    }

    // --- actions ---
    duplicates(
        s.actions.iter().map(|x| x.id.as_str()),
        "action",
        "actions",
        "id",
        &mut cx,
    );
    let mut actions = Vec::new();
    // Actions with a problem of their own: golden-path steps using them are not checked again,
    // so one mistake gives one message rather than one per step.
    let mut broken_actions = BTreeSet::new();
    for (i, a) in s.actions.iter().enumerate() {
        let p = format!("actions[{i}]");
        let problems_before = cx.problems.len();
        cx.msg(sc, format!("{p}.label"), &a.label);
        let mut own_tags = vec![action_own_tags[i]];
        let kind = match &a.kind {
            ActionKind::Examine { findings } => {
                if findings.is_empty() {
                    cx.err(
                        format!("{p}.kind.findings"),
                        "an examination needs at least one finding",
                    );
                }
                let mut out = Vec::new();
                for (j, f) in findings.iter().enumerate() {
                    let fp = format!("{p}.kind.findings[{j}]");
                    cx.msg(sc, format!("{fp}.text"), &f.text);
                    let cond = f
                        .when
                        .as_ref()
                        .and_then(|w| cx.expr(format!("{fp}.when"), w, &names));
                    let values = shown_values(&mut cx, &fp, &f.values);
                    out.push((cond, f.text.clone(), values));
                }
                CKind::Examine(out)
            }
            ActionKind::Investigate {
                turnaround,
                reports,
            } => {
                let mut idx = Vec::new();
                for (j, r) in reports.iter().enumerate() {
                    if let Some(v) = lookup_var(&mut cx, format!("{p}.kind.reports[{j}]"), r, false)
                    {
                        idx.push(v);
                    }
                }
                if reports.is_empty() {
                    cx.err(
                        format!("{p}.kind.reports"),
                        "an investigation must report at least one variable",
                    );
                }
                CKind::Investigate {
                    turnaround: turnaround.secs(),
                    reports: idx,
                }
            }
            ActionKind::Give {
                drug,
                routes,
                dose,
                rate,
            } => {
                let Some(&di) = drug_index.get(drug) else {
                    cx.err(
                        format!("{p}.kind.drug"),
                        format!("no drug '{drug}' in the drug library or this case"),
                    );
                    broken_actions.insert(a.id.clone());
                    continue;
                };
                let d = &drugs[di];
                own_tags.extend(d.tags.iter().copied());
                if routes.is_empty() {
                    cx.err(format!("{p}.kind.routes"), "list at least one route");
                }
                for (j, r) in routes.iter().enumerate() {
                    if !d.ka.contains_key(r) {
                        cx.err(
                            format!("{p}.kind.routes[{j}]"),
                            format!("{drug} has no onset for route {r:?} in the drug library"),
                        );
                    }
                }
                if dose.is_none() && rate.is_none() {
                    cx.err(
                        format!("{p}.kind"),
                        "a Give action needs a dose range, a rate range, or both",
                    );
                }
                let range =
                    |cx: &mut Ctx, field: &str, r: &DoseRange, per_time: bool| -> Option<CRange> {
                        let rp = format!("{p}.kind.{field}");
                        let u = match parse_unit(&r.unit) {
                            Ok(u) => u,
                            Err(m) => {
                                cx.err(format!("{rp}.unit"), m);
                                return None;
                            }
                        };
                        let want = Dimension {
                            base: d.unit.dim.base,
                            per_kg: u.dim.per_kg,
                            per_time,
                        };
                        let example = if per_time {
                            format!("{}/h", d.unit.text)
                        } else {
                            d.unit.text.clone()
                        };
                        if let Err(e) = u.expect(want, &example) {
                            cx.err(format!("{rp}.unit"), e.to_string());
                            return None;
                        }
                        if !(r.min > 0.0 && r.min <= r.max && r.max.is_finite()) {
                            cx.err(
                                format!("{rp}.max"),
                                format!(
                                    "the range {}–{} must be positive with min ≤ max",
                                    r.min, r.max
                                ),
                            );
                        }
                        Some(CRange {
                            unit: u,
                            min: r.min,
                            max: r.max,
                            default: r.default,
                        })
                    };
                CKind::Give {
                    drug: di,
                    routes: routes.clone(),
                    dose: dose.as_ref().and_then(|r| range(&mut cx, "dose", r, false)),
                    rate: rate.as_ref().and_then(|r| range(&mut cx, "rate", r, true)),
                }
            }
            ActionKind::Stop { drug } => match drug_index.get(drug) {
                Some(&di) => CKind::Stop { drug: di },
                None => {
                    cx.err(
                        format!("{p}.kind.drug"),
                        format!("no drug '{drug}' in the drug library or this case"),
                    );
                    broken_actions.insert(a.id.clone());
                    continue;
                }
            },
            ActionKind::Task => CKind::Task,
        };
        let mut effects = Vec::new();
        for (j, e) in a.effects.iter().enumerate() {
            let ep = format!("{p}.effects[{j}]");
            match e {
                Effect::Shift {
                    var,
                    by,
                    onset,
                    lasts,
                } => {
                    if let Some(v) = lookup_var(&mut cx, format!("{ep}.var"), var, true) {
                        effects.push(CEffect::Shift {
                            var: v,
                            by: *by,
                            onset: onset.secs(),
                            lasts: lasts.map(Dur::secs),
                        });
                    }
                }
                Effect::Set { var, to } => {
                    if let Some(v) = lookup_var(&mut cx, format!("{ep}.var"), var, true) {
                        effects.push(CEffect::Set { var: v, to: *to });
                    }
                }
            }
        }
        if cx.problems.len() > problems_before {
            broken_actions.insert(a.id.clone());
        }
        actions.push(CAction {
            def: a.clone(),
            tags: own_tags,
            kind,
            effects,
        });
    }
    let action_index: BTreeMap<String, usize> = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.def.id.clone(), i))
        .collect();

    // --- events ---
    duplicates(
        s.events.iter().map(|x| x.id.as_str()),
        "event",
        "events",
        "id",
        &mut cx,
    );
    let mut events = Vec::new();
    for (i, e) in s.events.iter().enumerate() {
        let p = format!("events[{i}]");
        cx.msg(sc, format!("{p}.text"), &e.text);
        if e.at.is_none() && e.when.is_none() {
            cx.err(
                p.clone(),
                "an event needs `at` (a time), `when` (a condition), or both",
            );
        }
        let when = e
            .when
            .as_ref()
            .and_then(|w| cx.expr(format!("{p}.when"), w, &names));
        let values = shown_values(&mut cx, &p, &e.values);
        events.push(CEvent {
            id: e.id.clone(),
            values,
            at: e.at.map(Dur::secs),
            when,
            speaker: e.speaker,
            text: e.text.clone(),
        });
    }
    let event_index: BTreeMap<&str, usize> = s
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();

    // --- rubric ---
    let r = &s.rubric;
    if r.pass_mark > 100 {
        cx.err("rubric.pass_mark", "pass_mark is a percentage (0–100)");
    }
    if r.criteria.is_empty() {
        cx.err("rubric.criteria", "a rubric needs at least one criterion");
    }
    duplicates(
        r.criteria.iter().map(|x| x.id.as_str()),
        "criterion",
        "rubric.criteria",
        "id",
        &mut cx,
    );
    let mut criteria = Vec::new();
    for (i, c) in r.criteria.iter().enumerate() {
        let p = format!("rubric.criteria[{i}]");
        cx.msg(sc, format!("{p}.met"), &c.met);
        cx.msg(sc, format!("{p}.missed"), &c.missed);
        if let Some(cit) = &c.citation {
            cx.msg(
                sc,
                format!("{p}.citation.recommendation"),
                &cit.recommendation,
            );
        }
        let cp = format!("{p}.check");
        let tag_of = |cx: &mut Ctx, field: &str, name: &str| -> Option<usize> {
            let t = tag_index.get(name).copied();
            if t.is_none() {
                cx.err(
                    format!("{cp}.{field}"),
                    format!("'{name}' is not an action, drug or drug class of this case"),
                );
            }
            t
        };
        let state_of = |cx: &mut Ctx, path: String, name: &str| -> Option<usize> {
            let st = state_index.get(name).copied();
            if st.is_none() {
                cx.err(path, format!("no state '{name}'"));
            }
            st
        };
        let anchor_of = |cx: &mut Ctx, of: &Anchor| -> Option<CAnchor> {
            match of {
                Anchor::Start => Some(CAnchor::Start),
                Anchor::State(st) => state_of(cx, format!("{cp}.of"), st).map(CAnchor::State),
                Anchor::Done(x) => tag_of(cx, "of", x).map(CAnchor::Done),
                Anchor::Event(e) => match event_index.get(e.as_str()) {
                    Some(&i) => Some(CAnchor::Event(i)),
                    None => {
                        cx.err(format!("{cp}.of"), format!("no event '{e}'"));
                        None
                    }
                },
            }
        };
        let check = match &c.check {
            Check::Done { what } => tag_of(&mut cx, "what", what).map(CCheck::Done),
            Check::DoneBefore { what, before } => {
                let a = tag_of(&mut cx, "what", what);
                let b = tag_of(&mut cx, "before", before);
                a.zip(b).map(|(a, b)| CCheck::DoneBefore(a, b))
            }
            Check::DoneWithin { what, within, of } => {
                let t = tag_of(&mut cx, "what", what);
                let anchor = anchor_of(&mut cx, of);
                t.zip(anchor)
                    .map(|(t, a)| CCheck::DoneWithin(t, within.secs(), a))
            }
            Check::Reached { when, within, of } => {
                let cond = cx.expr(format!("{cp}.when"), when, &names);
                let anchor = anchor_of(&mut cx, of);
                cond.zip(anchor)
                    .map(|(c, a)| CCheck::Reached(c, within.secs(), a))
            }
            Check::DoseInRange {
                what,
                min,
                max,
                unit,
            } => {
                let t = tag_of(&mut cx, "what", what);
                let u = match parse_unit(unit) {
                    Ok(u) => Some(u),
                    Err(m) => {
                        cx.err(format!("{cp}.unit"), m);
                        None
                    }
                };
                if let (Some(t), Some(u)) = (t, &u) {
                    // Every drug this tag can name must measure what the range measures.
                    for d in drugs.iter().filter(|d| d.tags.contains(&t)) {
                        if d.unit.dim.base != u.dim.base {
                            cx.err(
                                format!("{cp}.unit"),
                                format!(
                                    "'{unit}' measures {} but {} is dosed in {}",
                                    u.dim.base, d.def.id, d.unit.text
                                ),
                            );
                        }
                    }
                }
                if !(min <= max) {
                    cx.err(format!("{cp}.max"), "max must not be below min");
                }
                t.zip(u).map(|(tag, unit)| CCheck::DoseInRange {
                    tag,
                    min: *min,
                    max: *max,
                    unit,
                })
            }
            Check::Never { what, when } => {
                let t = tag_of(&mut cx, "what", what);
                let cond = when
                    .as_ref()
                    .map(|w| cx.expr(format!("{cp}.when"), w, &names));
                match (t, cond) {
                    (Some(t), None) => Some(CCheck::Never(t, None)),
                    (Some(t), Some(Some(e))) => Some(CCheck::Never(t, Some(e))),
                    _ => None,
                }
            }
            Check::StateReached { state } => {
                state_of(&mut cx, format!("{cp}.state"), state).map(CCheck::StateReached)
            }
            Check::StateAvoided { state } => {
                state_of(&mut cx, format!("{cp}.state"), state).map(CCheck::StateAvoided)
            }
        };
        if let Some(check) = check {
            criteria.push(CCriterion {
                def: c.clone(),
                points: c.points.unwrap_or(c.weight.points()),
                check,
            });
        }
    }

    for (i, low, high) in ranges {
        var_list[i].normal_low = low;
        var_list[i].normal_high = high;
    }
    let case = Case {
        scenario: s.clone(),
        vars: var_list,
        tags: names.tags.keys().cloned().collect::<Vec<_>>(),
        drugs,
        on_board,
        actions,
        states,
        events,
        criteria,
        responders,
        initial_state,
        initial,
        content_hash: String::new(),
        messages: cx.messages.clone(),
        message_values: cx.message_values.clone(),
        var_index,
        tag_index,
        state_index,
        action_index,
        prepared: PreparedCell::default(),
    };
    // Tags in index order (the BTreeMap above is sorted by name, not by index).
    let mut tag_names = vec![String::new(); case.tag_index.len()];
    for (n, i) in &case.tag_index {
        tag_names[*i] = n.clone();
    }
    let mut case = case;
    case.tags = tag_names;

    // --- golden paths: every step must be an order the simulation would accept ---
    duplicates(
        s.golden_paths.iter().map(|g| g.id.as_str()),
        "golden path",
        "golden_paths",
        "id",
        &mut cx,
    );
    for (i, g) in s.golden_paths.iter().enumerate() {
        let p = format!("golden_paths[{i}]");
        let steps: Vec<(usize, &Step)> = g
            .steps
            .iter()
            .enumerate()
            .filter(|(_, st)| !broken_actions.contains(&st.action))
            .collect();
        check_steps(&case, &steps, &p, &mut cx.problems);
        if let (Some(lo), Some(hi)) = (g.expect.min_score, g.expect.max_score)
            && lo > hi
        {
            cx.err(format!("{p}.expect"), "min_score is above max_score");
        }
    }

    if cx.problems.is_empty() {
        Ok(case)
    } else {
        Err(cx.problems)
    }
}

/// The drugs on board at the start, converted to each drug's unit.
fn compile_on_board(
    s: &Scenario,
    drugs: &[CDrug],
    drug_index: &BTreeMap<String, usize>,
    cx: &mut Ctx,
) -> Vec<COnBoard> {
    let mut out: Vec<COnBoard> = Vec::new();
    // Which entry starts each drug's infusion, to name it when a second one does.
    let mut infusing: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, ob) in s.on_board.iter().enumerate() {
        let p = format!("on_board[{i}]");
        let Some(&di) = drug_index.get(&ob.drug) else {
            cx.err(
                format!("{p}.drug"),
                format!("no drug '{}' in the drug library or this case", ob.drug),
            );
            continue;
        };
        let d = &drugs[di];
        if ob.ago.secs() > MAX_ON_BOARD_AGO {
            cx.err(
                format!("{p}.ago"),
                format!("ago is at most {} (got {})", Dur(MAX_ON_BOARD_AGO), ob.ago),
            );
            continue;
        }
        let route = match ob.route {
            Some(r) if d.ka.contains_key(&r) => r,
            Some(r) => {
                cx.err(
                    format!("{p}.route"),
                    format!(
                        "{} has no onset for route {r:?} in the drug library",
                        ob.drug
                    ),
                );
                continue;
            }
            None if d.ka.len() == 1 || ob.dose.is_none() => {
                d.ka.keys().next().copied().unwrap_or(Route::IV)
            }
            None => {
                let allowed: Vec<String> = d.ka.keys().map(|r| format!("{r:?}")).collect();
                cx.err(
                    p.clone(),
                    format!(
                        "choose a route for the dose of {} ({})",
                        ob.drug,
                        allowed.join(", ")
                    ),
                );
                continue;
            }
        };
        let weight = s.patient.weight_kg;
        let convert = |cx: &mut Ctx, field: &str, (v, unit): &(f64, String), per_time: bool| {
            let what = if per_time { "rate" } else { "dose" };
            match crate::sim::to_drug_amount(*v, unit, what, &d.unit, per_time, weight) {
                Ok(x) => Some(x),
                Err(e) => {
                    cx.err(format!("{p}.{field}"), e.to_string());
                    None
                }
            }
        };
        let entry = match (&ob.dose, &ob.rate) {
            (Some(_), Some(_)) => {
                cx.err(
                    p.clone(),
                    "give either a dose or a rate, not both in one entry",
                );
                continue;
            }
            (None, None) => {
                cx.err(p.clone(), "give a dose or a rate");
                continue;
            }
            (Some(dose), None) => convert(cx, "dose", dose, false).map(|x| COnBoard {
                drug: di,
                dose: Some((x, route)),
                rate_per_s: None,
                ago: ob.ago.secs(),
            }),
            (None, Some(rate)) => {
                if let Some(&first) = infusing.get(&di) {
                    cx.err(
                        format!("{p}.rate"),
                        format!(
                            "{} already has an infusion running (on_board[{first}])",
                            ob.drug
                        ),
                    );
                    continue;
                }
                infusing.insert(di, i);
                convert(cx, "rate", rate, true).map(|x| COnBoard {
                    drug: di,
                    dose: None,
                    rate_per_s: Some(x),
                    ago: ob.ago.secs(),
                })
            }
        };
        out.extend(entry);
    }
    out
}

/// Checks a script's steps against a compiled case: known actions, valid orders, times in order.
pub fn check_script_steps(case: &Case, steps: &[Step], path: &str, problems: &mut Vec<Problem>) {
    let numbered: Vec<(usize, &Step)> = steps.iter().enumerate().collect();
    check_steps(case, &numbered, path, problems);
}

fn check_steps(case: &Case, steps: &[(usize, &Step)], path: &str, problems: &mut Vec<Problem>) {
    let mut last = 0;
    for &(j, st) in steps {
        let sp = format!("{path}.steps[{j}]");
        let mut push = |field: &str, message: String| {
            problems.push(Problem {
                source: Source::Scenario,
                path: if field.is_empty() {
                    sp.clone()
                } else {
                    format!("{sp}.{field}")
                },
                inner: None,
                message,
            })
        };
        if st.at.secs() < last {
            push(
                "at",
                format!(
                    "steps must be in time order: {} comes after {}",
                    st.at,
                    Dur(last)
                ),
            );
        }
        last = st.at.secs();
        if st.at.secs() > case.scenario.time_limit.secs() {
            push(
                "at",
                format!(
                    "{} is after the case's time limit ({})",
                    st.at, case.scenario.time_limit
                ),
            );
        }
        match crate::sim::Order::from_step(st).validate(case) {
            Ok(_) => {}
            Err(crate::sim::OrderError::UnknownAction(a)) => {
                push("do", format!("no action '{a}' in this case"))
            }
            Err(e) => push("", e.to_string()),
        }
    }
}
