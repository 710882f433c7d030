//! Drugs on board at the start: each entry's dose or rate converted to the drug's own unit,
//! with the route it was given by.

use std::collections::BTreeMap;

use super::Ctx;
use super::drugs::Drugs;
use crate::scenario::case;
use crate::scenario::model::{Dur, Route, Scenario};

/// The drugs on board at the start, converted to each drug's unit.
pub(super) fn compile(s: &Scenario, drugs: &Drugs, cx: &mut Ctx) -> Vec<case::OnBoard> {
    let mut out: Vec<case::OnBoard> = Vec::new();
    // Which entry starts each drug's infusion, to name it when a second one does.
    let mut infusing: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, ob) in s.on_board.iter().enumerate() {
        let p = format!("on_board[{i}]");
        let Some(&di) = drugs.index.get(&ob.drug) else {
            cx.err(
                format!("{p}.drug"),
                format!("no drug '{}' in the drug library or this case", ob.drug),
            );
            continue;
        };
        let d = &drugs.list[di];
        if ob.ago.secs() > case::MAX_ON_BOARD_AGO {
            cx.err(
                format!("{p}.ago"),
                format!(
                    "ago is at most {} (got {})",
                    Dur(case::MAX_ON_BOARD_AGO),
                    ob.ago
                ),
            );
            continue;
        }
        let Some(route) = dose_route(&p, d, ob.route, ob.dose.is_some(), cx) else {
            continue;
        };
        let weight = s.patient.weight_kg;
        let convert = |cx: &mut Ctx, field: &str, q: &(f64, String), per_time: bool| {
            to_drug_unit(&format!("{p}.{field}"), q, per_time, d, weight, cx)
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
            (Some(dose), None) => convert(cx, "dose", dose, false).map(|x| case::OnBoard {
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
                convert(cx, "rate", rate, true).map(|x| case::OnBoard {
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

/// The route of a dose of drug `d` (entry `p`): `route` when the drug has an onset for it, else
/// the drug's only route; `None` once the problem is reported. `dose`: the entry is a dose (a
/// rate needs no route).
pub(super) fn dose_route(
    p: &str,
    d: &case::Drug,
    route: Option<Route>,
    dose: bool,
    cx: &mut Ctx,
) -> Option<Route> {
    let drug = &d.def.id;
    match route {
        Some(r) if d.ka.contains_key(&r) => Some(r),
        Some(r) => {
            cx.err(
                format!("{p}.route"),
                format!("{drug} has no onset for route {r:?} in the drug library"),
            );
            None
        }
        None if d.ka.len() == 1 || !dose => Some(d.ka.keys().next().copied().unwrap_or(Route::IV)),
        None => {
            let allowed: Vec<String> = d.ka.keys().map(|r| format!("{r:?}")).collect();
            cx.err(
                p.to_string(),
                format!(
                    "choose a route for the dose of {drug} ({})",
                    allowed.join(", ")
                ),
            );
            None
        }
    }
}

/// A dose (or, `per_time`, a rate) written in a case, converted into drug `d`'s own unit (per
/// second for a rate; `/kg` with the patient's `weight`) as an order's is; `None` once the
/// problem is reported at `path`.
pub(super) fn to_drug_unit(
    path: &str,
    (v, unit): &(f64, String),
    per_time: bool,
    d: &case::Drug,
    weight: f64,
    cx: &mut Ctx,
) -> Option<f64> {
    let what = if per_time { "rate" } else { "dose" };
    match crate::units::to_drug_amount(*v, unit, what, &d.unit, per_time, weight) {
        Ok(x) => Some(x),
        Err(e) => {
            cx.err(path.to_string(), e.to_string());
            None
        }
    }
}
