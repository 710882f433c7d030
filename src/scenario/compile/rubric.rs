//! The rubric: the pass mark, and each criterion's check with the actions, drugs, states and
//! events it names resolved.

use super::Source::Scenario as SC;
use super::drugs::Drugs;
use super::events::Events;
use super::{Ctx, Names, duplicates, parse_unit};
use crate::scenario::case;
use crate::scenario::model::{Anchor, Check, Criterion, Scenario};

pub(super) fn compile(
    s: &Scenario,
    drugs: &Drugs,
    events: &Events,
    names: &Names,
    cx: &mut Ctx,
) -> Vec<case::Criterion> {
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
        cx,
    );
    let mut criteria = Vec::new();
    for (i, c) in r.criteria.iter().enumerate() {
        let p = format!("rubric.criteria[{i}]");
        cx.msg(SC, format!("{p}.met"), &c.met);
        cx.msg(SC, format!("{p}.missed"), &c.missed);
        if let Some(cit) = &c.citation {
            cx.msg(
                SC,
                format!("{p}.citation.recommendation"),
                &cit.recommendation,
            );
        }
        let scope = Scope {
            cp: format!("{p}.check"),
            drugs,
            events,
            names,
        };
        if let Some(check) = scope.check(c, cx) {
            criteria.push(case::Criterion {
                def: c.clone(),
                points: c.points.unwrap_or(c.weight.points()),
                check,
            });
        }
    }
    criteria
}

/// One criterion's check, at path `cp`, and what it may name.
struct Scope<'a> {
    cp: String,
    drugs: &'a Drugs,
    events: &'a Events,
    names: &'a Names,
}

impl Scope<'_> {
    fn tag_of(&self, cx: &mut Ctx, field: &str, name: &str) -> Option<usize> {
        let t = self.names.tags.get(name).copied();
        if t.is_none() {
            cx.err(
                format!("{}.{field}", self.cp),
                format!("'{name}' is not an action, drug or drug class of this case"),
            );
        }
        t
    }

    fn state_of(&self, cx: &mut Ctx, field: &str, name: &str) -> Option<usize> {
        let st = self.names.states.get(name).copied();
        if st.is_none() {
            cx.err(format!("{}.{field}", self.cp), format!("no state '{name}'"));
        }
        st
    }

    fn anchor_of(&self, cx: &mut Ctx, of: &Anchor) -> Option<case::Anchor> {
        match of {
            Anchor::Start => Some(case::Anchor::Start),
            Anchor::State(st) => self.state_of(cx, "of", st).map(case::Anchor::State),
            Anchor::Done(x) => self.tag_of(cx, "of", x).map(case::Anchor::Done),
            Anchor::Event(e) => match self.events.index.get(e) {
                Some(&i) => Some(case::Anchor::Event(i)),
                None => {
                    cx.err(format!("{}.of", self.cp), format!("no event '{e}'"));
                    None
                }
            },
        }
    }

    fn check(&self, c: &Criterion, cx: &mut Ctx) -> Option<case::Check> {
        let cp = &self.cp;
        match &c.check {
            Check::Done { what } => self.tag_of(cx, "what", what).map(case::Check::Done),
            Check::DoneBefore { what, before } => {
                let a = self.tag_of(cx, "what", what);
                let b = self.tag_of(cx, "before", before);
                a.zip(b).map(|(a, b)| case::Check::DoneBefore(a, b))
            }
            Check::DoneWithin { what, within, of } => {
                let t = self.tag_of(cx, "what", what);
                let anchor = self.anchor_of(cx, of);
                t.zip(anchor)
                    .map(|(t, a)| case::Check::DoneWithin(t, within.secs(), a))
            }
            Check::Reached { when, within, of } => {
                let cond = cx.expr(format!("{cp}.when"), when, self.names);
                let anchor = self.anchor_of(cx, of);
                cond.zip(anchor)
                    .map(|(c, a)| case::Check::Reached(c, within.secs(), a))
            }
            Check::DoseInRange {
                what,
                min,
                max,
                unit,
            } => {
                let t = self.tag_of(cx, "what", what);
                let u = match parse_unit(unit) {
                    Ok(u) => Some(u),
                    Err(m) => {
                        cx.err(format!("{cp}.unit"), m);
                        None
                    }
                };
                if let (Some(t), Some(u)) = (t, &u) {
                    // Every drug this tag can name must measure what the range measures.
                    for d in self.drugs.list.iter().filter(|d| d.tags.contains(&t)) {
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
                t.zip(u).map(|(tag, unit)| case::Check::DoseInRange {
                    tag,
                    min: *min,
                    max: *max,
                    unit,
                })
            }
            Check::Never { what, when } => {
                let t = self.tag_of(cx, "what", what);
                let cond = when
                    .as_ref()
                    .map(|w| cx.expr(format!("{cp}.when"), w, self.names));
                match (t, cond) {
                    (Some(t), None) => Some(case::Check::Never(t, None)),
                    (Some(t), Some(Some(e))) => Some(case::Check::Never(t, Some(e))),
                    _ => None,
                }
            }
            Check::StateReached { state } => self
                .state_of(cx, "state", state)
                .map(case::Check::StateReached),
            Check::StateAvoided { state } => self
                .state_of(cx, "state", state)
                .map(case::Check::StateAvoided),
        }
    }
}
