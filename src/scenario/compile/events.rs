//! Events: what happens at a time or once a condition holds, and what it says.

use std::collections::BTreeMap;

use super::Source::Scenario as SC;
use super::variables::VarTable;
use super::{Ctx, Names, duplicates};
use crate::scenario::case;
use crate::scenario::model::{Dur, Scenario};

/// The case's events, compiled.
pub(super) struct Events {
    pub list: Vec<case::Event>,
    /// Every event's index by id, for the rubric's anchors.
    pub index: BTreeMap<String, usize>,
}

pub(super) fn compile(s: &Scenario, vars: &VarTable, names: &Names, cx: &mut Ctx) -> Events {
    duplicates(
        s.events.iter().map(|x| x.id.as_str()),
        "event",
        "events",
        "id",
        cx,
    );
    let mut list = Vec::new();
    for (i, e) in s.events.iter().enumerate() {
        let p = format!("events[{i}]");
        cx.msg(SC, format!("{p}.text"), &e.text);
        if e.at.is_none() && e.when.is_none() {
            cx.err(
                p.clone(),
                "an event needs `at` (a time), `when` (a condition), or both",
            );
        }
        let when = e
            .when
            .as_ref()
            .and_then(|w| cx.expr(format!("{p}.when"), w, names));
        let values = vars.shown(cx, &p, &e.values);
        list.push(case::Event {
            id: e.id.clone(),
            values,
            at: e.at.map(Dur::secs),
            when,
            speaker: e.speaker,
            text: e.text.clone(),
        });
    }
    let index = s
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    Events { list, index }
}
