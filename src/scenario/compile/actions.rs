//! Actions: examinations with their findings, investigations with their reports, drugs given
//! with their routes and plausible ranges, infusions stopped, tasks; and what each does to the
//! patient.

use std::collections::{BTreeMap, BTreeSet};

use super::Source::Scenario as SC;
use super::drugs::Drugs;
use super::tags::Tags;
use super::variables::VarTable;
use super::{Ctx, Names, duplicates, parse_unit};
use crate::scenario::case;
use crate::scenario::model::{ActionDef, ActionKind, DoseRange, Dur, Effect, Route, Scenario};
use crate::units::{Base, Dimension};

/// The languages a range's `defaults` may name (the locales Bedside ships; `i18n` sits above
/// this layer, so they are listed here and a test holds the two lists together).
pub(crate) const LANGUAGES: [&str; 3] = ["en-US", "ja-JP", "zh-CN"];

/// The case's actions, compiled.
pub(super) struct Actions {
    pub list: Vec<case::Action>,
    pub index: BTreeMap<String, usize>,
    /// Actions with a problem of their own: golden-path steps using them are not checked again,
    /// so one mistake gives one message rather than one per step.
    pub broken: BTreeSet<String>,
}

/// What an action's section refers to.
struct Refs<'a> {
    tags: &'a Tags,
    drugs: &'a Drugs,
    vars: &'a VarTable,
    names: &'a Names,
}

pub(super) fn compile(
    s: &Scenario,
    tags: &Tags,
    drugs: &Drugs,
    vars: &VarTable,
    names: &Names,
    cx: &mut Ctx,
) -> Actions {
    duplicates(
        s.actions.iter().map(|x| x.id.as_str()),
        "action",
        "actions",
        "id",
        cx,
    );
    let refs = Refs {
        tags,
        drugs,
        vars,
        names,
    };
    let mut list = Vec::new();
    let mut broken = BTreeSet::new();
    for (i, a) in s.actions.iter().enumerate() {
        let problems_before = cx.problems.len();
        match compile_one(i, a, &refs, cx) {
            Some(action) => {
                if cx.problems.len() > problems_before {
                    broken.insert(a.id.clone());
                }
                list.push(action);
            }
            None => {
                broken.insert(a.id.clone());
            }
        }
    }
    let index = list
        .iter()
        .enumerate()
        .map(|(i, a): (usize, &case::Action)| (a.def.id.clone(), i))
        .collect();
    Actions {
        list,
        index,
        broken,
    }
}

/// Action `i`, or `None` when it names a drug the case does not have (it is then left out).
fn compile_one(i: usize, a: &ActionDef, refs: &Refs, cx: &mut Ctx) -> Option<case::Action> {
    let p = format!("actions[{i}]");
    cx.msg(SC, format!("{p}.label"), &a.label);
    let mut own_tags = vec![refs.tags.actions[i]];
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
                cx.msg(SC, format!("{fp}.text"), &f.text);
                let cond = f
                    .when
                    .as_ref()
                    .and_then(|w| cx.expr(format!("{fp}.when"), w, refs.names));
                let values = refs.vars.shown(cx, &fp, &f.values);
                out.push((cond, f.text.clone(), values));
            }
            case::Kind::Examine(out)
        }
        ActionKind::Investigate {
            turnaround,
            reports,
        } => {
            let mut idx = Vec::new();
            for (j, r) in reports.iter().enumerate() {
                if let Some(v) = refs
                    .vars
                    .lookup(cx, format!("{p}.kind.reports[{j}]"), r, false)
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
            case::Kind::Investigate {
                turnaround: turnaround.secs(),
                reports: idx,
            }
        }
        ActionKind::Give {
            drug,
            routes,
            dose,
            rate,
            product,
        } => {
            let di = drug_of(&p, drug, refs.drugs, cx)?;
            own_tags.extend(refs.drugs.list[di].tags.iter().copied());
            let product = match product {
                None => None,
                Some(id) => Some(product_of(&p, di, id, refs.drugs, cx)?),
            };
            if let Some(pi) = product {
                own_tags.push(refs.drugs.list[di].products[pi].tag);
            }
            let ranges = (dose.as_ref(), rate.as_ref());
            give(&p, di, routes, ranges, product, refs.drugs, cx)
        }
        ActionKind::Stop { drug } => case::Kind::Stop {
            drug: drug_of(&p, drug, refs.drugs, cx)?,
        },
        ActionKind::Task => case::Kind::Task,
        ActionKind::Hold { schedule } => {
            case::Kind::Hold(schedule_of(&p, schedule, refs.names, cx)?)
        }
        ActionKind::Resume { schedule } => {
            case::Kind::Resume(schedule_of(&p, schedule, refs.names, cx)?)
        }
    };
    Some(case::Action {
        def: a.clone(),
        tags: own_tags,
        kind,
        effects: effects(&p, &a.effects, refs.vars, cx),
        guards: Vec::new(),
    })
}

/// The index of the standing order a `Hold` or `Resume` action names.
fn schedule_of(p: &str, id: &str, names: &Names, cx: &mut Ctx) -> Option<usize> {
    let si = names.schedules.get(id).copied();
    if si.is_none() {
        let known: Vec<&str> = names.schedules.keys().map(String::as_str).collect();
        cx.err(
            format!("{p}.kind.schedule"),
            if known.is_empty() {
                format!("no standing order '{id}': this case has no `schedule`")
            } else {
                format!(
                    "no standing order '{id}' in this case's `schedule` (known: {})",
                    known.join(", ")
                )
            },
        );
    }
    si
}

/// The index of the drug an action gives or stops.
fn drug_of(p: &str, drug: &str, drugs: &Drugs, cx: &mut Ctx) -> Option<usize> {
    let di = drugs.index.get(drug).copied();
    if di.is_none() {
        cx.err(
            format!("{p}.kind.drug"),
            format!("no drug '{drug}' in the drug library or this case"),
        );
    }
    di
}

/// The index of the product `id` among drug `di`'s products.
fn product_of(p: &str, di: usize, id: &str, drugs: &Drugs, cx: &mut Ctx) -> Option<usize> {
    let d = &drugs.list[di];
    let pi = d.products.iter().position(|x| x.id == id);
    if pi.is_none() {
        let known: Vec<&str> = d.products.iter().map(|x| x.id.as_str()).collect();
        cx.err(
            format!("{p}.kind.product"),
            if known.is_empty() {
                format!("{} has no products: no product '{id}'", d.def.id)
            } else {
                format!(
                    "no product '{id}' of {} (its products: {})",
                    d.def.id,
                    known.join(", ")
                )
            },
        );
    }
    pi
}

/// A `Give` action of drug `di` (of its product `product`): its routes, and its dose and rate
/// ranges in parsed units (with a product, in its volume or in the drug's amount).
fn give(
    p: &str,
    di: usize,
    routes: &[Route],
    (dose, rate): (Option<&DoseRange>, Option<&DoseRange>),
    product: Option<usize>,
    drugs: &Drugs,
    cx: &mut Ctx,
) -> case::Kind {
    let d = &drugs.list[di];
    let drug = &d.def.id;
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
    let range = |cx: &mut Ctx, field: &str, r: &DoseRange, per_time: bool| -> Option<case::Range> {
        let rp = format!("{p}.kind.{field}");
        let u = match parse_unit(&r.unit) {
            Ok(u) => u,
            Err(m) => {
                cx.err(format!("{rp}.unit"), m);
                return None;
            }
        };
        // A product's range may be in its volume (mL, mL/h) as well as in the drug's amount.
        let base = if product.is_some() && u.dim.base == Base::Volume {
            Base::Volume
        } else {
            d.unit.dim.base
        };
        let want = Dimension {
            base,
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
        for (lang, v) in &r.defaults {
            if !LANGUAGES.contains(&lang.as_str()) {
                cx.err(
                    format!("{rp}.defaults"),
                    format!(
                        "'{lang}' is not a language of Bedside (use {})",
                        LANGUAGES.join(", ")
                    ),
                );
            } else if !(*v >= r.min && *v <= r.max) {
                cx.err(
                    format!("{rp}.defaults"),
                    format!(
                        "the {lang} starting value {v} is outside the range {}–{} {}",
                        r.min, r.max, r.unit
                    ),
                );
            }
        }
        Some(case::Range {
            unit: u,
            min: r.min,
            max: r.max,
            default: r.default,
            defaults: r.defaults.clone(),
        })
    };
    case::Kind::Give {
        drug: di,
        routes: routes.to_vec(),
        dose: dose.and_then(|r| range(cx, "dose", r, false)),
        rate: rate.and_then(|r| range(cx, "rate", r, true)),
        product,
    }
}

/// What an action does to the patient's values.
pub(super) fn effects(
    p: &str,
    effects: &[Effect],
    vars: &VarTable,
    cx: &mut Ctx,
) -> Vec<case::Effect> {
    let mut out = Vec::new();
    for (j, e) in effects.iter().enumerate() {
        let ep = format!("{p}.effects[{j}]");
        match e {
            Effect::Shift {
                var,
                by,
                onset,
                lasts,
            } => {
                if let Some(v) = vars.lookup(cx, format!("{ep}.var"), var, true) {
                    out.push(case::Effect::Shift {
                        var: v,
                        by: *by,
                        onset: onset.secs(),
                        lasts: lasts.map(Dur::secs),
                    });
                }
            }
            Effect::Set { var, to } => {
                if let Some(v) = vars.lookup(cx, format!("{ep}.var"), var, true) {
                    out.push(case::Effect::Set { var: v, to: *to });
                }
            }
        }
    }
    out
}
