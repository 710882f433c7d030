//! Semantic validation and compilation of a scenario into the resolved form the simulation runs.
//!
//! Everything an instructor can get wrong after the RON parses is checked here, and every problem
//! is collected (not just the first) with the path of the value at fault, so `bedside validate`
//! can list them all with line and column. Names become indices: the simulation and the rubric
//! never look anything up by string while a case runs.
//!
//! `compile` runs one section per part of the scenario, in the order below (each may refer only
//! to what an earlier one resolved); each lives in its own file.

// Range checks are written `!(a < b)` on purpose: they must also reject NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

mod actions;
mod drugs;
mod events;
mod golden;
mod guards;
mod learning;
mod on_board;
mod patient;
mod rubric;
mod schedule;
mod states;
mod tags;
mod variables;

use std::collections::{BTreeMap, BTreeSet};

#[cfg(test)]
pub(crate) use actions::LANGUAGES;

use super::case::{Case, Derived};
use super::expr::{self, Expr, ExprError, Resolver};
use super::model::{DrugLibrary, Scenario};
use crate::units::Unit;

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

/// Validates `scenario` against `library` and resolves it. Returns every problem found.
pub fn compile(scenario: &Scenario, library: &DrugLibrary) -> Result<Case, Vec<Problem>> {
    let s = scenario;
    let mut cx = Ctx::default();
    let mut vars = variables::compile(s, &mut cx);
    let responders = patient::compile(s, &vars, &mut cx);
    let defs = drugs::definitions(s, library, &mut cx);
    let tags = tags::assign(&defs, s);
    let drugs = drugs::compile(&defs, &tags, &vars, &responders, &mut cx);
    let on_board = on_board::compile(s, &drugs, &mut cx);
    let schedule = schedule::compile(s, &drugs, &mut cx);
    let state_index = states::index(s, &mut cx);
    let names = Names {
        vars: vars.index.clone(),
        var_list: vars.list.iter().map(|v| v.id.clone()).collect(),
        tags: tags.index.clone(),
        drug_tags: drugs
            .list
            .iter()
            .flat_map(|d| d.tags.iter().copied())
            .collect(),
        states: state_index,
        responders: responders.index,
        guards: guards::guard_ids(s),
        schedules: s
            .schedule
            .iter()
            .enumerate()
            .rev()
            .map(|(i, x)| (x.id.clone(), i))
            .collect(),
    };
    let (states, initial_state) = states::compile(s, &vars, &names, &mut cx);
    let mut actions = actions::compile(s, &tags, &drugs, &vars, &names, &mut cx);
    let guards = guards::compile(s, &mut actions, &vars, &names, &mut cx);
    let events = events::compile(s, &vars, &names, &mut cx);
    let criteria = rubric::compile(s, &drugs, &actions, &events, &names, &mut cx);
    let objectives = learning::compile(s, &criteria, &mut cx);
    vars.apply_reference_ranges();

    let case = Case {
        scenario: s.clone(),
        vars: vars.list,
        tags: tags.names,
        drugs: drugs.list,
        on_board,
        schedule,
        actions: actions.list,
        states,
        events: events.list,
        guards,
        criteria,
        objectives,
        responders: responders.list,
        initial_state,
        initial: vars.initial,
        content_hash: String::new(),
        messages: cx.messages.clone(),
        message_values: cx.message_values.clone(),
        var_index: vars.index,
        tag_index: tags.index,
        state_index: names.states,
        action_index: actions.index,
        derived: Derived::default(),
    };
    golden::check(s, &case, &actions.broken, &mut cx);

    if cx.problems.is_empty() {
        Ok(case)
    } else {
        Err(cx.problems)
    }
}

/// Every name a condition may use, resolved.
struct Names {
    vars: BTreeMap<String, usize>,
    var_list: Vec<String>,
    tags: BTreeMap<String, usize>,
    /// The tags that are drug ids or drug classes.
    drug_tags: BTreeSet<usize>,
    states: BTreeMap<String, usize>,
    responders: BTreeMap<String, usize>,
    /// Action guards by id (`tripped`).
    guards: BTreeMap<String, usize>,
    /// Standing orders by id (`held`, `Hold`, `Resume`).
    schedules: BTreeMap<String, usize>,
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
    fn guard(&self, name: &str) -> Option<usize> {
        self.guards.get(name).copied()
    }
    fn schedule(&self, name: &str) -> Option<usize> {
        self.schedules.get(name).copied()
    }
}

/// What the sections collect as they go: the problems, and the messages the case refers to.
#[derive(Default)]
struct Ctx {
    problems: Vec<Problem>,
    messages: Vec<(Source, String, String)>,
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
    /// A problem in the file `source`.
    fn err_in(&mut self, source: Source, path: String, message: String) {
        match source {
            Source::Scenario => self.err(path, message),
            Source::DrugLibrary => self.lib_err(path, message),
        }
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
