//! Lints over a `DoseInRange`'s accepted ranges: one that overlaps the criterion's own range
//! (or is the same range) judges no dose the main range does not already, for the doses inside
//! the overlap, so the debrief would never name its scope for them.

use super::Finding;
use crate::scenario::case::{self, Case};
use crate::scenario::compile::Source;
use crate::units::{fmt_num, in_range_unit};

/// A note for each accepted range that is identical to, or overlaps, its criterion's own range.
/// (An accepted range of the wrong kind of unit is refused when the case loads.)
pub(super) fn accepted_ranges(case: &Case, out: &mut Vec<Finding>) {
    let weight = case.weight_kg();
    for (i, c) in case.criteria.iter().enumerate() {
        let case::Check::DoseInRange {
            min,
            max,
            unit,
            accepted,
            ..
        } = &c.check
        else {
            continue;
        };
        for (j, a) in accepted.iter().enumerate() {
            // Compared in the criterion's unit (per kg with the patient's weight).
            let (Ok(lo), Ok(hi)) = (
                in_range_unit(a.min, &a.unit, unit, weight),
                in_range_unit(a.max, &a.unit, unit, weight),
            ) else {
                continue;
            };
            let eps = 1e-9 * max.abs().max(1.0);
            let path = format!("rubric.criteria[{i}].check.accepted[{j}]");
            let theirs = format!("{}–{} {}", fmt_num(a.min), fmt_num(a.max), a.unit.text);
            let ours = format!("{}–{} {}", fmt_num(*min), fmt_num(*max), unit.text);
            if (lo - min).abs() <= eps && (hi - max).abs() <= eps {
                out.push(Finding::note(
                    Source::Scenario,
                    path,
                    format!(
                        "the accepted range {theirs} of '{}' is its own range {ours}: it adds nothing",
                        c.def.id
                    ),
                ));
            } else if lo <= max + eps && hi >= min - eps {
                out.push(Finding::note(
                    Source::Scenario,
                    path,
                    format!(
                        "the accepted range {theirs} of '{}' overlaps its own range {ours}: a dose in both is judged by the own range, and the debrief does not name the scope '{}' for it",
                        c.def.id, a.scope
                    ),
                ));
            }
        }
    }
}
