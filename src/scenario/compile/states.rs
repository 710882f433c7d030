//! Clinical states: their names first (so that conditions anywhere can refer forward), then
//! each state's drifts and transitions.

use std::collections::BTreeMap;

use super::Source::Scenario as SC;
use super::variables::VarTable;
use super::{Ctx, Names, duplicates};
use crate::scenario::case;
use crate::scenario::model::{Drift, Scenario};

/// Every state's index by id (a repeated id is reported, and its last state kept).
pub(super) fn index(s: &Scenario, cx: &mut Ctx) -> BTreeMap<String, usize> {
    duplicates(
        s.states.iter().map(|x| x.id.as_str()),
        "state",
        "states",
        "id",
        cx,
    );
    s.states
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.clone(), i))
        .collect()
}

/// The states and the index of the initial one.
pub(super) fn compile(
    s: &Scenario,
    vars: &VarTable,
    names: &Names,
    cx: &mut Ctx,
) -> (Vec<case::State>, usize) {
    let initial_state = match names.states.get(&s.initial_state) {
        Some(&i) => i,
        None => {
            cx.err("initial_state", format!("no state '{}'", s.initial_state));
            0
        }
    };
    let mut states = Vec::new();
    for (i, st) in s.states.iter().enumerate() {
        let p = format!("states[{i}]");
        cx.msg(SC, format!("{p}.label"), &st.label);
        let mut drifts = Vec::new();
        for (j, d) in st.drifts.iter().enumerate() {
            let dp = format!("{p}.drifts[{j}]");
            match d {
                Drift::Toward { var, target, over } => {
                    if let Some(v) = vars.lookup(cx, format!("{dp}.var"), var, true) {
                        let info = &vars.list[v];
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
                        drifts.push(case::Drift::Toward {
                            var: v,
                            target: *target,
                            tau: over.secs().max(1) as f64,
                        });
                    }
                }
                Drift::Rate { var, per_hour } => {
                    if let Some(v) = vars.lookup(cx, format!("{dp}.var"), var, true) {
                        drifts.push(case::Drift::Rate {
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
            let to = names.states.get(&t.to).copied();
            if to.is_none() {
                cx.err(
                    format!("{tp}.to"),
                    format!("transition to unknown state '{}'", t.to),
                );
            }
            let e = cx.expr(format!("{tp}.when"), &t.when, names);
            if let (Some(to), Some(e)) = (to, e) {
                transitions.push(case::Transition {
                    to,
                    when: e,
                    held: t.held.map_or(0, |h| h.secs()),
                });
            }
        }
        states.push(case::State {
            id: st.id.clone(),
            label: st.label.clone(),
            end: st.end,
            harm: st.harm || st.end.is_some_and(|o| o.is_harm()),
            drifts,
            transitions,
        });
    }
    (states, initial_state)
}
