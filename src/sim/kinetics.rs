//! Drug kinetics: where each drug is (depots by route, the body, a running pump) and how one
//! tick moves it — absorption, infusion, first-order elimination — and how a given drug enters.
//! Its effects on the patient's values follow from the amount in the body (`drug_effects`).

use super::prepared::Prepared;
use crate::scenario::model::Route;

#[derive(Debug, Clone)]
pub(super) struct DrugState {
    /// Amount waiting to be absorbed, per route (in the drug's unit), with the fraction of it
    /// that stays in the depot each tick.
    pub(super) depot: Vec<Depot>,
    /// Amount in the body (drug's unit).
    pub(super) central: f64,
    /// Infusion rate (drug's unit per second).
    pub(super) infusion: f64,
}

#[derive(Debug, Clone)]
pub(super) struct Depot {
    pub(super) route: Route,
    pub(super) amount: f64,
    /// exp(-ka·tick) for this route, 0 when the drug has no absorption rate for it.
    pub(super) keep: f64,
}

/// One tick of drug kinetics for the drugs in `active`: absorption from each depot, infusion in
/// (`inflow(drug, amount)` hears of it), first-order elimination. A drug with nothing left in
/// the body, a depot or a pump leaves `active`.
#[inline]
pub(super) fn kinetics(
    drugs: &mut [DrugState],
    active: &mut Vec<usize>,
    decay: &[f64],
    dt: f64,
    mut inflow: impl FnMut(usize, f64),
) {
    let mut emptied = false;
    for &i in active.iter() {
        let d = &mut drugs[i];
        let mut drained = false;
        for p in d.depot.iter_mut() {
            let moved = p.amount * (1.0 - p.keep);
            p.amount -= moved;
            d.central += moved;
            drained |= p.amount < 1e-12;
        }
        if d.infusion > 0.0 {
            let x = d.infusion * dt;
            d.central += x;
            inflow(i, x);
        }
        d.central *= decay[i];
        if d.central < 1e-12 {
            d.central = 0.0;
        }
        if drained {
            d.depot.retain(|p| p.amount >= 1e-12);
        }
        emptied |= d.depot.is_empty() && d.central == 0.0 && d.infusion == 0.0;
    }
    if emptied {
        active.retain(|&i| {
            !(drugs[i].depot.is_empty() && drugs[i].central == 0.0 && drugs[i].infusion == 0.0)
        });
    }
}

/// A drug given: a bolus into the depot of its route and/or an infusion set to a rate (per
/// second), and the drug among the active ones. The same for a decision and for what was on
/// board before the start.
pub(super) fn give(
    drugs: &mut [DrugState],
    active: &mut Vec<usize>,
    absorb: &[Vec<(Route, f64)>],
    drug: usize,
    dose: Option<(f64, Route)>,
    rate_per_s: Option<f64>,
) {
    let d = &mut drugs[drug];
    if let Some((amount, route)) = dose {
        match d.depot.iter_mut().find(|p| p.route == route) {
            Some(p) => p.amount += amount,
            None => {
                // exp(-ka·tick) for the route; 0 without one: it all moves on the next tick.
                let keep = absorb[drug]
                    .iter()
                    .find(|(r, _)| *r == route)
                    .map_or(0.0, |(_, k)| *k);
                d.depot.push(Depot {
                    route,
                    amount,
                    keep,
                });
            }
        }
    }
    if let Some(rate) = rate_per_s {
        d.infusion = rate;
    }
    if let Err(at) = active.binary_search(&drug) {
        active.insert(at, drug);
    }
}

/// Adds the effects of the drugs in `active` to `truth`: each drug's amount per kg in the body
/// through an Emax curve, less what competitive antagonists in the body block. `effects` are
/// the session's per-drug effects (see `Simulation::effects`).
#[inline]
pub(super) fn drug_effects(
    truth: &mut [f64],
    drugs: &[DrugState],
    active: &[usize],
    prep: &Prepared,
    effects: &[(usize, f64, f64)],
    weight: f64,
) {
    for &i in active {
        let central = drugs[i].central;
        if central <= 0.0 {
            continue;
        }
        let a = central / weight;
        // Competitive antagonists remove part of the effect of drugs in the classes they block.
        let mut left = 1.0;
        for &(j, max_block, ic50) in &prep.blockers[i] {
            let blocking = drugs[j].central;
            if blocking <= 0.0 {
                continue;
            }
            let aa = blocking / weight;
            left *= 1.0 - max_block * aa / (ic50 + aa);
        }
        let own = &effects[prep.effect_start[i]..prep.effect_start[i + 1]];
        for &(var, k, ec50) in own {
            truth[var] += k * left * a / (ec50 + a);
        }
    }
}
