//! Events: what happens at a time or once a condition holds (again and again, with `every` or
//! `rearm`), and what it says.

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
        if e.every.is_some_and(|d| d.secs() == 0) {
            cx.err(
                format!("{p}.every"),
                "`every` must be longer than 0s: it is how long until the event fires again",
            );
        }
        if e.rearm && e.when.is_none() {
            cx.err(
                format!("{p}.rearm"),
                "`rearm` needs `when`: an event re-arms when its condition stops holding",
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
            every: e.every.map(Dur::secs).filter(|&d| d > 0),
            rearm: e.rearm,
            speaker: e.speaker,
            text: e.text.clone(),
            // Checked with the objectives (`learning`): an unknown id is an error there.
            cue: e
                .cue
                .as_ref()
                .and_then(|c| s.objectives.iter().position(|o| &o.id == c)),
            stronger: e.stronger,
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
