//! Lints of standing orders (`schedule`): an order the trainee cannot hold, and one whose own
//! doses already break a dose ceiling of the case (a trainee who does nothing then fails).

use super::Finding;
use crate::scenario::case::{self, Case};
use crate::scenario::compile::Source;
use crate::units::{fmt_num, in_range_unit};

const SC: Source = Source::Scenario;

pub(super) fn check(case: &Case, out: &mut Vec<Finding>) {
    let limit = case.scenario.time_limit.secs();
    for (k, sd) in case.schedule.iter().enumerate() {
        let holdable = case
            .actions
            .iter()
            .any(|a| matches!(a.kind, case::Kind::Hold(h) if h == k));
        if !holdable {
            out.push(Finding::note(
                SC,
                format!("schedule[{k}].id"),
                format!(
                    "no action holds the standing order '{}' (`Hold(schedule: \"{}\")`): every dose of it is given, whatever the trainee does",
                    sd.id, sd.id
                ),
            ));
        }
        let drug = &case.drugs[sd.drug];
        // Every dose time of the order, if none is held.
        let mut times = Vec::new();
        let mut next = sd.next_after(None, limit);
        while let Some(t) = next {
            times.push(t);
            next = sd.next_after(Some(t), limit);
        }
        let weight = case.weight_kg();
        for c in &case.criteria {
            let (tag, max, unit, over) = match &c.check {
                case::Check::DoseAtMost { tag, max, unit } => (*tag, *max, unit, None),
                case::Check::TotalAtMost {
                    tag,
                    max,
                    unit,
                    over,
                } => (*tag, *max, unit, Some(*over)),
                _ => continue,
            };
            if !drug.tags.contains(&tag) || unit.dim.per_time {
                continue;
            }
            let Ok(each) = in_range_unit(sd.amount, &drug.unit, unit, weight) else {
                continue;
            };
            let eps = 1e-9 * max.abs().max(1.0);
            let (worst, what) = match over {
                None => (each, "each dose is"),
                Some(over) => {
                    // The most of its doses inside any window of `over` (the whole case when
                    // absent) ending at one of them.
                    let most = times
                        .iter()
                        .map(|&t| {
                            let from = over.map_or(0, |o| t.saturating_sub(o.saturating_sub(1)));
                            times.iter().filter(|&&d| d >= from && d <= t).count()
                        })
                        .max()
                        .unwrap_or(0);
                    (each * most as f64, "its doses come to")
                }
            };
            if worst > max + eps {
                out.push(Finding::warn(
                    SC,
                    format!("schedule[{k}].dose"),
                    format!(
                        "the standing order '{}' alone breaks the ceiling of criterion '{}': {what} {} {} (at most {} {}), so a trainee who leaves it running fails",
                        sd.id,
                        c.def.id,
                        fmt_num(worst),
                        unit.text,
                        fmt_num(max),
                        unit.text
                    ),
                ));
            }
        }
    }
}
