//! Standing orders (`schedule`): each dose converted to the drug's own unit as a dose on board
//! is, with its route and its times.

use super::drugs::Drugs;
use super::on_board::{dose_route, to_drug_unit};
use super::{Ctx, duplicates};
use crate::scenario::case;
use crate::scenario::model::{Dur, Scenario};

/// The case's standing orders, compiled (an entry with a problem is left out).
pub(super) fn compile(s: &Scenario, drugs: &Drugs, cx: &mut Ctx) -> Vec<case::Scheduled> {
    duplicates(
        s.schedule.iter().map(|x| x.id.as_str()),
        "standing order",
        "schedule",
        "id",
        cx,
    );
    let limit = s.time_limit.secs();
    let mut out = Vec::new();
    for (i, sd) in s.schedule.iter().enumerate() {
        let p = format!("schedule[{i}]");
        let Some(&di) = drugs.index.get(&sd.drug) else {
            cx.err(
                format!("{p}.drug"),
                format!("no drug '{}' in the drug library or this case", sd.drug),
            );
            continue;
        };
        let d = &drugs.list[di];
        let route = dose_route(&p, d, sd.route, true, cx);
        let amount = to_drug_unit(
            &format!("{p}.dose"),
            &sd.dose,
            false,
            d,
            s.patient.weight_kg,
            cx,
        );
        if sd.at.is_empty() {
            cx.err(
                format!("{p}.at"),
                "list at least one time, e.g. at: [\"30m\"]",
            );
        }
        let mut ok = true;
        for (j, t) in sd.at.iter().enumerate() {
            if t.secs() > limit {
                cx.err(
                    format!("{p}.at[{j}]"),
                    format!(
                        "{t} is after the end of the case ({}): this dose would never be given",
                        s.time_limit
                    ),
                );
                ok = false;
            }
        }
        if sd.every.is_some_and(|e| e.secs() == 0) {
            cx.err(
                format!("{p}.every"),
                "`every` must be longer than 0s: it is how long until the next dose",
            );
            ok = false;
        }
        let (Some(route), Some(amount), true) = (route, amount, ok) else {
            continue;
        };
        let mut at: Vec<u64> = sd.at.iter().map(|t| t.secs()).collect();
        at.sort_unstable();
        at.dedup();
        out.push(case::Scheduled {
            id: sd.id.clone(),
            drug: di,
            amount,
            route,
            at,
            every: sd.every.map(Dur::secs),
        });
    }
    out
}
