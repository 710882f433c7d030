//! The patient and the case's top level: weight and height, the texts of the chart, the clock
//! (tick, time limit), the spread of drug sensitivity, and the responder traits.

use std::collections::BTreeMap;

use super::Ctx;
use super::Source::Scenario as SC;
use super::variables::VarTable;
use crate::scenario::model::Scenario;

/// The responder traits a case declares, with their probabilities.
pub(super) struct Responders {
    pub list: Vec<(String, f64)>,
    pub index: BTreeMap<String, usize>,
}

pub(super) fn compile(s: &Scenario, vars: &VarTable, cx: &mut Ctx) -> Responders {
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
        cx.msg(SC, name, id);
    }
    cx.msg(SC, "patient.name", &pt.name);
    for (field, list) in [
        ("allergies", &pt.allergies),
        ("history", &pt.history),
        ("medications", &pt.medications),
    ] {
        for (i, id) in list.iter().enumerate() {
            cx.msg(SC, format!("patient.{field}[{i}]"), id);
        }
    }
    for (i, id) in pt.chart_labs.iter().enumerate() {
        vars.lookup(cx, format!("patient.chart_labs[{i}]"), id, false);
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
    let mut list = Vec::new();
    for (name, p) in &s.responders {
        if !(0.0..=1.0).contains(p) {
            cx.err(
                format!("responders[\"{name}\"]"),
                format!("probability {p} must be between 0 and 1"),
            );
        }
        list.push((name.clone(), *p));
    }
    let index = list
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.clone(), i))
        .collect();
    Responders { list, index }
}
