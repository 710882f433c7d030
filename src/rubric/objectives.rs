//! The debrief by learning objective: a score report's criteria grouped under the case's
//! objectives (each criterion under every objective that lists it, in the objective's order),
//! with the points of each group; the criteria no objective lists go under "Other". The CLI's
//! text debrief and the app's debrief both draw from this one grouping.

use super::{ScoreReport, Status};
use crate::scenario::Case;

/// One objective's criteria in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveGroup {
    /// The objective (index into `Case::objectives`); `None` for "Other": the criteria that no
    /// objective lists.
    pub objective: Option<usize>,
    /// Indices into `ScoreReport::criteria`.
    pub criteria: Vec<usize>,
    /// Points earned, and available (criteria that applied), in this group.
    pub earned: u32,
    pub available: u32,
}

/// The report's criteria by objective, in the case's order of objectives, then "Other" (if any
/// criterion is left). Empty when the case has no objectives: the debrief is then the flat list
/// it always was. A criterion is matched by id, so a report of an older version of the case
/// (a criterion since removed) still groups: what no objective names goes under "Other".
pub fn by_objective(report: &ScoreReport, case: &Case) -> Vec<ObjectiveGroup> {
    if case.objectives.is_empty() {
        return Vec::new();
    }
    let group = |objective: Option<usize>, criteria: Vec<usize>| {
        let (mut earned, mut available) = (0, 0);
        for &i in &criteria {
            let c = &report.criteria[i];
            earned += c.earned;
            if c.status != Status::NotApplicable {
                available += c.points;
            }
        }
        ObjectiveGroup {
            objective,
            criteria,
            earned,
            available,
        }
    };
    let mut listed = vec![false; report.criteria.len()];
    let mut out = Vec::new();
    for (k, o) in case.objectives.iter().enumerate() {
        let mut mine = Vec::new();
        for &c in &o.criteria {
            let id = &case.criteria[c].def.id;
            if let Some(i) = report.criteria.iter().position(|r| &r.id == id) {
                listed[i] = true;
                mine.push(i);
            }
        }
        out.push(group(Some(k), mine));
    }
    let other: Vec<usize> = (0..report.criteria.len()).filter(|&i| !listed[i]).collect();
    if !other.is_empty() {
        out.push(group(None, other));
    }
    out
}
