//! Drug kinetics: where each drug is (depots by route, the body, a running pump) and how one
//! tick moves it — absorption, infusion, first-order elimination — and how a given drug enters.
//! Its effects on the patient's values follow from the amount in the body.

use super::prepared::Prepared;
use crate::scenario::model::Route;

/// Every drug of the case in one patient.
#[derive(Debug, Clone)]
pub(super) struct Drugs {
    /// By drug index.
    pub(super) each: Vec<DrugState>,
    /// Drugs with anything in the body, in a depot or running, in index order: the rest cost
    /// nothing per tick.
    pub(super) active: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct DrugState {
    /// Amount waiting to be absorbed, per route (in the drug's unit), with the fraction of it
    /// that stays in the depot each tick.
    depot: Vec<Depot>,
    /// Amount in the body (drug's unit).
    pub(super) central: f64,
    /// Infusion rate (drug's unit per second).
    pub(super) infusion: f64,
}

#[derive(Debug, Clone)]
struct Depot {
    route: Route,
    amount: f64,
    /// exp(-ka·tick) for this route, 0 when the drug has no absorption rate for it.
    keep: f64,
}

impl Drugs {
    /// `n` drugs, none of them given.
    pub(super) fn none(n: usize) -> Drugs {
        Drugs {
            each: (0..n)
                .map(|_| DrugState {
                    depot: Vec::new(),
                    central: 0.0,
                    infusion: 0.0,
                })
                .collect(),
            active: Vec::new(),
        }
    }

    /// One tick of drug kinetics for the active drugs: absorption from each depot, infusion in
    /// (`inflow(drug, amount)` hears of it), first-order elimination (`decay`: exp(-ke·tick)
    /// per drug). A drug with nothing left in the body, a depot or a pump stops being active.
    #[inline]
    pub(super) fn step(&mut self, decay: &[f64], dt: f64, mut inflow: impl FnMut(usize, f64)) {
        let Drugs {
            each: drugs,
            active,
        } = self;
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
    /// second), and the drug among the active ones. The same for a decision and for what was
    /// on board before the start. `absorb`: per drug, exp(-ka·tick) per route.
    pub(super) fn give(
        &mut self,
        absorb: &[Vec<(Route, f64)>],
        drug: usize,
        dose: Option<(f64, Route)>,
        rate_per_s: Option<f64>,
    ) {
        let d = &mut self.each[drug];
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
        if let Err(at) = self.active.binary_search(&drug) {
            self.active.insert(at, drug);
        }
    }

    /// Adds the effects of the active drugs to `truth`: each drug's amount per kg in the body
    /// through an Emax curve, less what competitive antagonists in the body block. `effects`
    /// are the session's per-drug effects (see `Simulation::effects`).
    #[inline]
    pub(super) fn add_effects(
        &self,
        truth: &mut [f64],
        prep: &Prepared,
        effects: &[(usize, f64, f64)],
        weight: f64,
    ) {
        let drugs = &self.each;
        for &i in &self.active {
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
            // Above the therapeutic range, harm: effects of the excess.
            if let Some((above, toxic)) = &prep.toxicity[i]
                && a > *above
            {
                let x = a - above;
                for &(var, emax, ec50) in toxic {
                    truth[var] += emax * left * x / (ec50 + x);
                }
            }
        }
    }

    /// The amount in the body per kg of the drugs `of` (a tag's drugs, in index order). A drug
    /// that is not active has exactly nothing in the body, so summing over all of them in index
    /// order gives the sum over the active ones, bit for bit.
    pub(super) fn level(&self, of: &[usize], weight: f64) -> f64 {
        of.iter()
            .map(|&i| self.each[i].central.max(0.0) / weight)
            .sum()
    }

    /// Whether drug `i` is running as an infusion.
    pub(super) fn running(&self, i: usize) -> bool {
        self.each[i].infusion > 0.0
    }
}
