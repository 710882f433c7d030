//! Action guards: what happens instead when an order is placed in the wrong state of the
//! patient. Compiled after the actions (a guard belongs to one) and the states (it may enter one).

use std::collections::BTreeSet;

use super::Source::Scenario as SC;
use super::actions::Actions;
use super::variables::VarTable;
use super::{Ctx, Names};
use crate::scenario::case;
use crate::scenario::model::Scenario;

/// Every action's guards, in the order of the actions; each action's `guards` is filled with
/// their indices. The indices are those `tripped('id')` resolved to (see [`guard_ids`]).
pub(super) fn compile(
    s: &Scenario,
    actions: &mut Actions,
    vars: &VarTable,
    names: &Names,
    cx: &mut Ctx,
) -> Vec<case::Guard> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let event_ids: BTreeSet<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    for (i, a) in s.actions.iter().enumerate() {
        let action = actions.index.get(&a.id).copied();
        for (j, g) in a.guards.iter().enumerate() {
            let p = format!("actions[{i}].guards[{j}]");
            if !seen.insert(g.id.as_str()) {
                cx.err(format!("{p}.id"), format!("duplicate guard id '{}'", g.id));
            }
            // A guard's words are recorded as an event under its id: an event anchor naming
            // the same id would be met by the guard.
            if event_ids.contains(g.id.as_str()) {
                cx.err(
                    format!("{p}.id"),
                    format!(
                        "'{}' is also an event's id: a guard's words are recorded like an event, so give it an id of its own",
                        g.id
                    ),
                );
            }
            let when = g
                .when
                .as_ref()
                .and_then(|w| cx.expr(format!("{p}.when"), w, names));
            let to = g.to.as_ref().and_then(|t| {
                let st = names.states.get(t).copied();
                if st.is_none() {
                    cx.err(format!("{p}.to"), format!("unknown state '{t}'"));
                }
                st
            });
            let say = match (g.speaker, &g.text) {
                (Some(sp), Some(text)) => {
                    cx.msg(SC, format!("{p}.text"), text);
                    Some((sp, text.clone()))
                }
                (None, Some(_)) => {
                    cx.err(
                        format!("{p}.text"),
                        "a guard's text needs a speaker (Nurse, Patient, Relative, Doctor or System)",
                    );
                    None
                }
                (Some(_), None) => {
                    cx.err(
                        format!("{p}.speaker"),
                        "a guard's speaker needs a text (the message said when it trips)",
                    );
                    None
                }
                (None, None) => None,
            };
            if !g.values.is_empty() && g.text.is_none() {
                cx.err(format!("{p}.values"), "values are shown in a text: add one");
            }
            let values = vars.shown(cx, &p, &g.values);
            let effects = super::actions::effects(&p, &g.effects, vars, cx);
            let Some(action) = action else { continue };
            actions.list[action].guards.push(out.len());
            out.push(case::Guard {
                id: g.id.clone(),
                action,
                when,
                instead: g.instead,
                to,
                effects,
                say,
                values,
            });
        }
    }
    out
}

/// Every guard's index by id, as [`compile`] numbers them (the first of a duplicated id).
pub(super) fn guard_ids(s: &Scenario) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for (k, g) in s.actions.iter().flat_map(|a| &a.guards).enumerate() {
        out.entry(g.id.clone()).or_insert(k);
    }
    out
}
