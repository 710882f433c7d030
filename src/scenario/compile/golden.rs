//! Golden paths: ids, expectations, and every step an order the case accepts (the step check
//! itself is the one scripts get, beside the script loader).

use std::collections::BTreeSet;

use super::{Ctx, duplicates};
use crate::scenario::case::Case;
use crate::scenario::model::{Scenario, Step};
use crate::scenario::script;

/// Checks the golden paths against the compiled `case`; steps that use a `broken` action (one
/// with a problem of its own) are not checked again.
pub(super) fn check(s: &Scenario, case: &Case, broken: &BTreeSet<String>, cx: &mut Ctx) {
    duplicates(
        s.golden_paths.iter().map(|g| g.id.as_str()),
        "golden path",
        "golden_paths",
        "id",
        cx,
    );
    for (i, g) in s.golden_paths.iter().enumerate() {
        let p = format!("golden_paths[{i}]");
        let steps: Vec<(usize, &Step)> = g
            .steps
            .iter()
            .enumerate()
            .filter(|(_, st)| !broken.contains(&st.action))
            .collect();
        script::check_steps(case, &steps, &p, &mut cx.problems);
        if let (Some(lo), Some(hi)) = (g.expect.min_score, g.expect.max_score)
            && lo > hi
        {
            cx.err(format!("{p}.expect"), "min_score is above max_score");
        }
    }
}
