//! The rubric: the pass mark, and each criterion's check with the actions, drugs, states and
//! events it names resolved.

use super::Source::Scenario as SC;
use super::actions::Actions;
use super::drugs::Drugs;
use super::events::Events;
use super::{Ctx, Names, duplicates, parse_unit};
use crate::scenario::case;
use crate::scenario::model::{AcceptedRange, Anchor, Check, Criterion, Scenario};
use crate::units::Unit;

pub(super) fn compile(
    s: &Scenario,
    drugs: &Drugs,
    actions: &Actions,
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
        for (j, cit) in c.citations.iter().enumerate() {
            cx.msg(
                SC,
                format!("{p}.citations[{j}].recommendation"),
                &cit.recommendation,
            );
        }
        let faced = match &c.faced {
            None => Some(None),
            Some(f) => cx.expr(format!("{p}.faced"), f, names).map(Some),
        };
        let scope = Scope {
            cp: format!("{p}.check"),
            drugs,
            actions,
            events,
            names,
        };
        if let (Some(check), Some(faced)) = (scope.check(c, cx), faced) {
            criteria.push(case::Criterion {
                def: c.clone(),
                points: c.points.unwrap_or(c.weight.points()),
                check,
                faced,
            });
        }
    }
    criteria
}

/// One criterion's check, at path `cp`, and what it may name.
struct Scope<'a> {
    cp: String,
    drugs: &'a Drugs,
    actions: &'a Actions,
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
            Anchor::Result(a) => match self.actions.index.get(a) {
                Some(&i) if matches!(self.actions.list[i].kind, case::Kind::Investigate { .. }) => {
                    Some(case::Anchor::Result(i))
                }
                _ => {
                    cx.err(
                        format!("{}.of", self.cp),
                        format!("'{a}' is not an investigation of this case"),
                    );
                    None
                }
            },
            Anchor::When(w) => cx
                .expr(format!("{}.of", self.cp), w, self.names)
                .map(case::Anchor::When),
        }
    }

    /// A unit for a dose check, and that every drug the tag can name measures what it measures.
    fn dose_unit(&self, cx: &mut Ctx, tag: Option<usize>, unit: &str) -> Option<Unit> {
        let cp = &self.cp;
        let u = match parse_unit(unit) {
            Ok(u) => Some(u),
            Err(m) => {
                cx.err(format!("{cp}.unit"), m);
                None
            }
        };
        if let (Some(t), Some(u)) = (tag, &u) {
            // A product is judged in its drug's amount, as the drug is.
            let names =
                |d: &&case::Drug| d.tags.contains(&t) || d.products.iter().any(|p| p.tag == t);
            for d in self.drugs.list.iter().filter(names) {
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
        u
    }

    /// A `DoseInRange`'s accepted ranges: each a range of the same kind as the main one (a
    /// dose, or with a per-time unit a rate), with a scope to name it by.
    fn accepted(
        &self,
        cx: &mut Ctx,
        tag: Option<usize>,
        main: Option<&Unit>,
        list: &[AcceptedRange],
    ) -> Option<Vec<case::Accepted>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (j, a) in list.iter().enumerate() {
            let ap = format!("{}.accepted[{j}]", self.cp);
            let here = Scope {
                cp: ap.clone(),
                ..*self
            };
            let Some(u) = here.dose_unit(cx, tag, &a.unit) else {
                ok = false;
                continue;
            };
            if let Some(m) = main
                && m.dim.per_time != u.dim.per_time
            {
                cx.err(
                    format!("{ap}.unit"),
                    format!(
                        "'{}' {} but the criterion's unit '{}' {}: an accepted range judges the same quantity",
                        a.unit,
                        if u.dim.per_time { "is a rate" } else { "is a dose" },
                        m.text,
                        if m.dim.per_time { "is a rate" } else { "is a dose" },
                    ),
                );
                ok = false;
            }
            if !(a.min <= a.max) || !a.min.is_finite() || !a.max.is_finite() {
                cx.err(format!("{ap}.max"), "max must not be below min");
            }
            if a.scope.trim().is_empty() {
                cx.err(
                    format!("{ap}.scope"),
                    "say whom or where the range applies to (the debrief names it)",
                );
            }
            out.push(case::Accepted {
                min: a.min,
                max: a.max,
                unit: u,
                scope: a.scope.clone(),
            });
        }
        ok.then_some(out)
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
            Check::Reached {
                when,
                within,
                of,
                held,
            } => {
                let cond = cx.expr(format!("{cp}.when"), when, self.names);
                let anchor = self.anchor_of(cx, of);
                cond.zip(anchor).map(|(c, a)| {
                    case::Check::Reached(c, within.secs(), a, held.map_or(0, |h| h.secs()))
                })
            }
            Check::TotalAtMost {
                what,
                max,
                unit,
                over,
            } => {
                let t = self.tag_of(cx, "what", what);
                let u = self.dose_unit(cx, t, unit);
                if u.as_ref().is_some_and(|u| u.dim.per_time) {
                    cx.err(
                        format!("{cp}.unit"),
                        format!(
                            "a total is an amount, not a rate: '{unit}' (give the period as `over`)"
                        ),
                    );
                }
                if !(*max >= 0.0) {
                    cx.err(format!("{cp}.max"), "max must be 0 or more");
                }
                if over.is_some_and(|o| o.secs() == 0) {
                    cx.err(format!("{cp}.over"), "over must be longer than 0s");
                }
                t.zip(u).map(|(tag, unit)| case::Check::TotalAtMost {
                    tag,
                    max: *max,
                    unit,
                    over: over.map(|o| o.secs()),
                })
            }
            Check::DoseAtMost { what, max, unit } => {
                let t = self.tag_of(cx, "what", what);
                let u = self.dose_unit(cx, t, unit);
                if !(*max >= 0.0) {
                    cx.err(format!("{cp}.max"), "max must be 0 or more");
                }
                t.zip(u).map(|(tag, unit)| case::Check::DoseAtMost {
                    tag,
                    max: *max,
                    unit,
                })
            }
            Check::Window { what, of, from, to } => {
                let t = self.tag_of(cx, "what", what);
                let anchor = self.anchor_of(cx, of);
                if from > to {
                    cx.err(format!("{cp}.to"), "to must not be before from");
                }
                t.zip(anchor)
                    .map(|(t, a)| case::Check::Window(t, a, from.secs(), to.secs()))
            }
            Check::DoseInRange {
                what,
                min,
                max,
                unit,
                accepted,
            } => {
                let t = self.tag_of(cx, "what", what);
                let u = self.dose_unit(cx, t, unit);
                if !(min <= max) {
                    cx.err(format!("{cp}.max"), "max must not be below min");
                }
                let accepted = self.accepted(cx, t, u.as_ref(), accepted);
                t.zip(u)
                    .zip(accepted)
                    .map(|((tag, unit), accepted)| case::Check::DoseInRange {
                        tag,
                        min: *min,
                        max: *max,
                        unit,
                        accepted,
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
