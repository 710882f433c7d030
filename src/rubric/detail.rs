//! Why a criterion came out as it did: the names and times a result rests on, in plain English
//! (`Display`, what the log and the CLI's assessor output keep); the debrief words it per
//! language (`wording::detail_text`).

use serde::{Deserialize, Serialize};

/// An accepted range of a `DoseInRange` (`0.2–0.2 mg`), its scope as the case wrote it, and the
/// doses judged by it as (amount in the range's unit, time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcceptedBy {
    pub range: String,
    pub scope: String,
    pub unit: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doses: Vec<(String, u64)>,
}

/// A dose of a detail's list that was ordered as a product: which dose (its index in the list),
/// the product's id and the order as typed (`3 mL`), so that the debrief says "0.3 g (10 %
/// glucose 3 mL)" and not only the grams. Left out of the log when no dose was a product's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AsGiven {
    pub dose: usize,
    pub product: String,
    pub order: String,
}

/// Plain English for a list of doses with the products they were ordered as.
fn doses_text(doses: &[(String, u64)], unit: &str, given: &[AsGiven]) -> Vec<String> {
    doses
        .iter()
        .enumerate()
        .map(|(i, (x, at))| {
            let product = given
                .iter()
                .find(|g| g.dose == i)
                .map(|g| format!(" ({} {})", g.product, g.order))
                .unwrap_or_default();
            let at = crate::scenario::expr::format_duration(*at);
            format!("{x} {unit}{product} at {at}")
        })
        .collect()
}

/// Why a criterion came out as it did, with the names and times involved. `what` is a tag (an
/// action id, drug id or drug class) and `state` a state id: renderers look up their labels.
/// Times are simulated seconds. `Display` gives plain English; reports localise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detail {
    Done {
        what: String,
        at: u64,
    },
    NeverDone {
        what: String,
    },
    DoneBefore {
        what: String,
        at: u64,
        other: String,
    },
    DoneAfter {
        what: String,
        at: u64,
        other: String,
        other_at: u64,
    },
    InTime {
        what: String,
        at: u64,
        deadline: u64,
    },
    Late {
        what: String,
        at: u64,
        deadline: u64,
    },
    NotBy {
        what: String,
        deadline: u64,
    },
    DidNotArise,
    NotGiven {
        what: String,
    },
    /// Met; `accepted` lists the accepted ranges doses outside `range` were judged by (left
    /// out of the log when none was, so a score without them keeps its bytes).
    DosesInRange {
        what: String,
        range: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accepted: Vec<AcceptedBy>,
    },
    /// Each out-of-range dose as (amount in the criterion's unit, time); `accepted` names the
    /// accepted ranges they were also outside of, `given` the product orders among the doses.
    DosesOutOfRange {
        what: String,
        range: String,
        unit: String,
        doses: Vec<(String, u64)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accepted: Vec<AcceptedBy>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        given: Vec<AsGiven>,
    },
    Avoided {
        what: String,
    },
    NeverWhile {
        what: String,
    },
    Given {
        what: String,
        at: u64,
    },
    GivenWhile {
        what: String,
        at: u64,
    },
    Reached {
        state: String,
        at: u64,
    },
    /// Reached after the trainee ended the case, the patient left as they were.
    ReachedAfterEnd {
        state: String,
        at: u64,
    },
    /// Every dose at most the ceiling.
    DosesAtMost {
        what: String,
        max: String,
        unit: String,
    },
    /// Doses above the ceiling, each as (amount in the criterion's unit, time); `given` the
    /// product orders among them.
    DosesAbove {
        what: String,
        max: String,
        unit: String,
        doses: Vec<(String, u64)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        given: Vec<AsGiven>,
    },
    /// Done after the anchor, but before the window opened.
    TooEarly {
        what: String,
        at: u64,
        opens: u64,
    },
    InWindow {
        what: String,
        at: u64,
        opens: u64,
        closes: u64,
    },
    /// The total of `what` given in some period exceeded the ceiling: the largest such total
    /// (in the criterion's unit), when that period ended, and the period (`None`: the session).
    TotalOver {
        what: String,
        total: String,
        max: String,
        unit: String,
        at: u64,
        over: Option<u64>,
    },
    TotalWithin {
        what: String,
        max: String,
        unit: String,
        over: Option<u64>,
    },
    NotReached {
        state: String,
    },
    ConditionInTime {
        at: u64,
        deadline: u64,
    },
    ConditionLate {
        at: u64,
        deadline: u64,
    },
    ConditionNotBy {
        deadline: u64,
    },
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = |s: &u64| crate::scenario::expr::format_duration(*s);
        match self {
            Detail::Done { what, at } => write!(f, "{what} done at {}", t(at)),
            Detail::NeverDone { what } => write!(f, "{what} never done"),
            Detail::DoneBefore { what, at, other } => {
                write!(f, "{what} at {}, before {other}", t(at))
            }
            Detail::DoneAfter {
                what,
                at,
                other,
                other_at,
            } => {
                write!(
                    f,
                    "{what} at {} came after {other} at {}",
                    t(at),
                    t(other_at)
                )
            }
            Detail::InTime { what, at, deadline } => {
                write!(f, "{what} at {}, deadline {}", t(at), t(deadline))
            }
            Detail::Late { what, at, deadline } => {
                write!(f, "{what} at {}, after the deadline {}", t(at), t(deadline))
            }
            Detail::NotBy { what, deadline } => {
                write!(f, "{what} never done (deadline {})", t(deadline))
            }
            Detail::DidNotArise => write!(f, "the situation did not arise"),
            Detail::NotGiven { what } => write!(f, "{what} not given"),
            Detail::DosesInRange {
                range, accepted, ..
            } => {
                write!(f, "every dose within {range}")?;
                for a in accepted {
                    let list: Vec<String> = a
                        .doses
                        .iter()
                        .map(|(x, at)| format!("{x} {} at {}", a.unit, t(at)))
                        .collect();
                    write!(
                        f,
                        "; {} within the accepted {} ({})",
                        list.join(", "),
                        a.range,
                        a.scope
                    )?;
                }
                Ok(())
            }
            Detail::DosesOutOfRange {
                range,
                unit,
                doses,
                accepted,
                given,
                ..
            } => {
                let list = doses_text(doses, unit, given);
                write!(f, "outside {range}")?;
                for a in accepted {
                    write!(f, " and the accepted {} ({})", a.range, a.scope)?;
                }
                write!(f, ": {}", list.join(", "))
            }
            Detail::Avoided { what } => write!(f, "{what} avoided"),
            Detail::NeverWhile { what } => write!(f, "{what} never given while the condition held"),
            Detail::Given { what, at } => write!(f, "{what} given at {}", t(at)),
            Detail::GivenWhile { what, at } => {
                write!(f, "{what} given at {} while the condition held", t(at))
            }
            Detail::Reached { state, at } => write!(f, "{state} reached at {}", t(at)),
            Detail::ReachedAfterEnd { state, at } => write!(
                f,
                "{state} reached at {}, after the case was ended with the patient as they were",
                t(at)
            ),
            Detail::DosesAtMost { what, max, unit } => {
                write!(f, "every dose of {what} at most {max} {unit}")
            }
            Detail::DosesAbove {
                what,
                max,
                unit,
                doses,
                given,
            } => {
                let list = doses_text(doses, unit, given);
                write!(f, "{what} above {max} {unit}: {}", list.join(", "))
            }
            Detail::TooEarly { what, at, opens } => write!(
                f,
                "{what} at {}, before the window opened at {}",
                t(at),
                t(opens)
            ),
            Detail::InWindow {
                what,
                at,
                opens,
                closes,
            } => write!(f, "{what} at {}, within {}–{}", t(at), t(opens), t(closes)),
            Detail::TotalOver {
                what,
                total,
                max,
                unit,
                at,
                over,
            } => match over {
                Some(p) => write!(
                    f,
                    "{total} {unit} of {what} in {} up to {}, above the most {max} {unit}",
                    t(p),
                    t(at)
                ),
                None => write!(
                    f,
                    "{total} {unit} of {what} in all by {}, above the most {max} {unit}",
                    t(at)
                ),
            },
            Detail::TotalWithin {
                what,
                max,
                unit,
                over,
            } => match over {
                Some(p) => write!(f, "{what} never above {max} {unit} in {}", t(p)),
                None => write!(f, "{what} never above {max} {unit} in all"),
            },
            Detail::NotReached { state } => write!(f, "{state} not reached"),
            Detail::ConditionInTime { at, deadline } => {
                write!(f, "achieved at {}, deadline {}", t(at), t(deadline))
            }
            Detail::ConditionLate { at, deadline } => {
                write!(
                    f,
                    "achieved at {}, after the deadline {}",
                    t(at),
                    t(deadline)
                )
            }
            Detail::ConditionNotBy { deadline } => {
                write!(f, "not achieved by the deadline {}", t(deadline))
            }
        }
    }
}
