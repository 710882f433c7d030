//! Orders: what the trainee asks for, checked before it reaches the patient.
//!
//! The line between *implausible* and *impossible* matters for training. A ten-fold dose is a real
//! error a trainee can make: it is accepted, given, and scored. A negative, NaN or zero dose, an
//! unknown unit or one of the wrong dimension cannot be drawn up at all: it is refused with the
//! reason and nothing reaches the patient.
//!
//! Checking an order needs the compiled case alone, not a running simulation, so it lives with
//! the case: the loader checks golden paths and scripts with it, and the simulation applies
//! what it accepts (`sim` re-exports these types).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::case::{self, Case};
use super::model::{Route, Step};
use crate::units::{self, Base, DoseError, Unit, UnitError, fmt_num};

/// An order as entered: an action id and, for drugs and fluids, a dose or rate and a route.
///
/// The amount is kept as typed, even when it is not a number (the order is then refused, and
/// logged as it was entered). Two orders are equal when they read the same: any two NaN amounts
/// are equal, so that a refused order replays to the record the log holds.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Order {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "amount")]
    pub dose: Option<(f64, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "amount")]
    pub rate: Option<(f64, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
}

impl PartialEq for Order {
    fn eq(&self, other: &Order) -> bool {
        let same = |a: &Option<(f64, String)>, b: &Option<(f64, String)>| match (a, b) {
            (None, None) => true,
            (Some((x, u)), Some((y, w))) => u == w && (x == y || (x.is_nan() && y.is_nan())),
            _ => false,
        };
        self.action == other.action
            && same(&self.dose, &other.dose)
            && same(&self.rate, &other.rate)
            && self.route == other.route
    }
}

/// An order's amount as written to a log. JSON has no NaN or infinity (serde_json writes
/// `null`, which nothing reads back as a number), so an amount that is not a finite number is
/// written as the string `"NaN"`, `"inf"` or `"-inf"`; every other amount is a plain number.
mod amount {
    use super::*;

    pub fn serialize<S: Serializer>(q: &Option<(f64, String)>, s: S) -> Result<S::Ok, S::Error> {
        match q {
            None => s.serialize_none(),
            Some((v, unit)) => s.serialize_some(&(Amount(*v), unit)),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<(f64, String)>, D::Error> {
        Ok(Option::<(Amount, String)>::deserialize(d)?.map(|(a, unit)| (a.0, unit)))
    }

    struct Amount(f64);

    impl Serialize for Amount {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                v if v.is_finite() => s.serialize_f64(v),
                v if v.is_nan() => s.serialize_str("NaN"),
                v if v > 0.0 => s.serialize_str("inf"),
                _ => s.serialize_str("-inf"),
            }
        }
    }

    impl<'de> Deserialize<'de> for Amount {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Amount;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a number, or \"NaN\", \"inf\" or \"-inf\"")
                }
                fn visit_f64<E>(self, v: f64) -> Result<Amount, E> {
                    Ok(Amount(v))
                }
                fn visit_i64<E>(self, v: i64) -> Result<Amount, E> {
                    Ok(Amount(v as f64))
                }
                fn visit_u64<E>(self, v: u64) -> Result<Amount, E> {
                    Ok(Amount(v as f64))
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                    match v {
                        "NaN" => Ok(Amount(f64::NAN)),
                        "inf" => Ok(Amount(f64::INFINITY)),
                        "-inf" => Ok(Amount(f64::NEG_INFINITY)),
                        _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                    }
                }
            }
            d.deserialize_any(V)
        }
    }
}

/// Why an order was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OrderError {
    #[error("no action '{0}' in this case")]
    UnknownAction(String),
    #[error("the case has ended: no further orders")]
    CaseOver,
    #[error("the {what} is not a number")]
    NotFinite { what: &'static str },
    #[error("the {what} must be greater than zero (got {value})")]
    NotPositive { what: &'static str, value: f64 },
    /// More than [`IMPOSSIBLE_FACTOR`] times the top of the action's plausible range.
    #[error(
        "the {what} is over a million times the usual maximum ({usual}): no such order can be prepared"
    )]
    Unpreparable { what: &'static str, usual: String },
    #[error("{0}")]
    Unit(#[from] UnitError),
    #[error("'{action}' needs a {what}")]
    Missing { action: String, what: &'static str },
    #[error("'{action}' takes no {what}")]
    NotTaken { action: String, what: &'static str },
    #[error("give either a dose or a rate for '{0}', not both in one order")]
    DoseAndRate(String),
    #[error(
        "route {route:?} is not available for '{action}' (choose from {})",
        route_list(allowed)
    )]
    Route {
        action: String,
        route: Route,
        /// The action's routes, in the case's order.
        allowed: Vec<Route>,
    },
    #[error("choose a route for '{action}' ({})", route_list(allowed))]
    NoRoute { action: String, allowed: Vec<Route> },
}

/// A dose the arithmetic refuses is refused as an order in the same words: the variants are
/// the order's own, so that a screen words every refusal from one enum.
impl From<DoseError> for OrderError {
    fn from(e: DoseError) -> OrderError {
        match e {
            DoseError::NotFinite { what } => OrderError::NotFinite { what },
            DoseError::NotPositive { what, value } => OrderError::NotPositive { what, value },
            DoseError::Unit(e) => OrderError::Unit(e),
        }
    }
}

/// Routes as the log words them in a refusal ("IV, PO").
fn route_list(routes: &[Route]) -> String {
    routes
        .iter()
        .map(|r| format!("{r:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An accepted order, in the drug's own unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOrder {
    pub action: usize,
    pub route: Option<Route>,
    /// Bolus amount in the drug's unit.
    pub amount: Option<f64>,
    /// Infusion rate in the drug's unit per second.
    pub rate_per_s: Option<f64>,
    /// Set when the order is outside the plausible range: accepted, but worth a second look.
    pub implausible: Option<Unusual>,
    /// For an action that gives a product: the volume of it, in mL for a dose and in mL per
    /// second for a rate (what `total('glucose_10')` adds up).
    pub volume: Option<f64>,
}

/// An accepted amount outside its action's plausible range, in the range's unit. Its `Display`
/// is the note written to the log (English, as every logged reason); screens word it in the
/// trainee's language from the fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusual {
    pub value: f64,
    pub min: f64,
    pub max: f64,
    /// The range's unit as written in the case (`µg`, `µg/kg/min`).
    pub unit: String,
}

impl std::fmt::Display for Unusual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} is outside the usual {}–{} {}",
            fmt_num(self.value),
            self.unit,
            fmt_num(self.min),
            fmt_num(self.max),
            self.unit
        )
    }
}

impl Order {
    /// A plain order with no dose (examine, investigate, a task).
    pub fn new(action: impl Into<String>) -> Order {
        Order {
            action: action.into(),
            ..Order::default()
        }
    }

    pub fn from_step(s: &Step) -> Order {
        Order {
            action: s.action.clone(),
            dose: s.dose.clone(),
            rate: s.rate.clone(),
            route: s.route,
        }
    }

    /// Checks the order against the case; converts doses into the drug's unit.
    pub fn validate(&self, case: &Case) -> Result<ValidOrder, OrderError> {
        let ai = case
            .action(&self.action)
            .ok_or_else(|| OrderError::UnknownAction(self.action.clone()))?;
        let a = &case.actions[ai];
        let weight = case.weight_kg();
        let mut out = ValidOrder {
            action: ai,
            route: None,
            amount: None,
            rate_per_s: None,
            implausible: None,
            volume: None,
        };
        let not_taken = |what| OrderError::NotTaken {
            action: self.action.clone(),
            what,
        };
        let case::Kind::Give {
            drug,
            routes,
            dose,
            rate,
            ..
        } = &a.kind
        else {
            if self.dose.is_some() {
                return Err(not_taken("dose"));
            }
            if self.rate.is_some() {
                return Err(not_taken("rate"));
            }
            if self.route.is_some() {
                return Err(not_taken("route"));
            }
            return Ok(out);
        };
        let drug_unit = &case.drugs[*drug].unit;
        // Named only in a refusal: not built for the orders that go through.
        let allowed = || routes.clone();
        out.route = Some(match (self.route, routes.as_slice()) {
            (Some(r), _) if routes.contains(&r) => r,
            (Some(r), _) => {
                return Err(OrderError::Route {
                    action: self.action.clone(),
                    route: r,
                    allowed: allowed(),
                });
            }
            (None, [only]) => *only,
            (None, _) => {
                return Err(OrderError::NoRoute {
                    action: self.action.clone(),
                    allowed: allowed(),
                });
            }
        });
        match (&self.dose, &self.rate) {
            (Some(_), Some(_)) => return Err(OrderError::DoseAndRate(self.action.clone())),
            (None, None) => {
                let what = if dose.is_some() { "dose" } else { "rate" };
                return Err(OrderError::Missing {
                    action: self.action.clone(),
                    what,
                });
            }
            (Some((v, u)), None) => {
                let Some(range) = dose else {
                    return Err(not_taken("dose"));
                };
                let (x, unit) = quantity(case, ai, *v, u, "dose", false, &range.unit.text)?;
                out.amount = Some(units::to_drug_unit(x, &unit, drug_unit, weight));
                out.implausible = plausibility(case, ai, *v, u, range, "dose")?;
                out.volume = out.amount.and_then(|x| product_volume(case, ai, *v, u, x));
            }
            (None, Some((v, u))) => {
                let Some(range) = rate else {
                    return Err(not_taken("rate"));
                };
                let (x, unit) = quantity(case, ai, *v, u, "rate", true, &range.unit.text)?;
                out.rate_per_s = Some(units::to_drug_unit(x, &unit, drug_unit, weight));
                out.implausible = plausibility(case, ai, *v, u, range, "rate")?;
                out.volume = out
                    .rate_per_s
                    .and_then(|x| product_volume(case, ai, *v, u, x));
            }
        }
        Ok(out)
    }
}

/// How many times the top of an action's plausible range an order may be and still be given
/// (and scored) rather than refused. Real errors reach a thousand-fold (mg for µg) and beyond
/// with a decimal slip on top; a million-fold has no syringe, bag or pump, and past it the
/// amounts would grow without bound, to infinity in the end.
pub const IMPOSSIBLE_FACTOR: f64 = 1e6;

/// An order's amount `v` in `unit` for action `ai`, checked (a positive number, a unit of the
/// drug's kind, per time when `per_time`) and expressed in terms of the drug's amount: as typed,
/// or, for a volume of the action's product, the drug amount it holds (exactly, see
/// [`units::product_amount`]) in the drug's unit with the typed `/kg` and time.
fn quantity(
    case: &Case,
    ai: usize,
    v: f64,
    unit: &str,
    what: &'static str,
    per_time: bool,
    example: &str,
) -> Result<(f64, Unit), OrderError> {
    let Some(drug) = case.drug_of(ai) else {
        return Err(OrderError::NotTaken {
            action: case.actions[ai].def.id.clone(),
            what,
        });
    };
    let drug_unit = &drug.unit;
    if let Some(p) = case.product_of(ai)
        && let Ok(u) = Unit::parse(unit)
        && u.dim.base == Base::Volume
        && drug_unit.dim.base != Base::Volume
    {
        // Checked as a volume (with the same refusals as any dose), then converted.
        let volume = Unit::parse("mL")?;
        let u = units::drug_quantity(v, unit, what, &volume, per_time, example)?;
        return Ok(units::product_amount(v, &u, p.per_ml, drug_unit));
    }
    let u = units::drug_quantity(v, unit, what, drug_unit, per_time, example)?;
    Ok((v, u))
}

/// The volume of the action's product in an accepted order of `v unit` (`amount`: the drug
/// amount it came to, per second for a rate): mL (per second), exactly as typed when ordered in
/// a volume, else the amount divided by the concentration. `None` without a product.
fn product_volume(case: &Case, ai: usize, v: f64, unit: &str, amount: f64) -> Option<f64> {
    let p = case.product_of(ai)?;
    let u = Unit::parse(unit).ok()?;
    Some(if u.dim.base == Base::Volume {
        units::to_drug_unit(v, &u, &Unit::parse("mL").ok()?, case.weight_kg())
    } else {
        amount / p.per_ml
    })
}

/// `v` in `unit`, ordered by action `ai`, expressed in `target` (per kg with the patient's
/// weight). Where the action gives a product, a volume of it converts to a drug amount (exactly)
/// and a drug amount to its volume; otherwise the two units must measure the same thing. The
/// rubric judges every order's dose or rate through this, as the order was checked.
pub fn express(
    case: &Case,
    ai: usize,
    v: f64,
    unit: &Unit,
    target: &Unit,
) -> Result<f64, UnitError> {
    let weight = case.weight_kg();
    if let (Some(p), Some(drug)) = (case.product_of(ai), case.drug_of(ai))
        && unit.dim.base != target.dim.base
    {
        if unit.dim.base == Base::Volume {
            let (x, u) = units::product_amount(v, unit, p.per_ml, &drug.unit);
            return units::in_range_unit(x, &u, target, weight);
        }
        if target.dim.base == Base::Volume {
            let as_drug = target.with_amount_of(&drug.unit);
            return Ok(units::in_range_unit(v, unit, &as_drug, weight)? / p.per_ml);
        }
    }
    units::in_range_unit(v, unit, target, weight)
}

/// Whether `v unit` (as typed, for action `ai`) lies outside the plausible range (the note for
/// the log), or is beyond any preparation (refused).
fn plausibility(
    case: &Case,
    ai: usize,
    v: f64,
    unit: &str,
    range: &case::Range,
    what: &'static str,
) -> Result<Option<Unusual>, OrderError> {
    let x = express(case, ai, v, &Unit::parse(unit)?, &range.unit)?;
    if !x.is_finite() || (range.max > 0.0 && x > range.max * IMPOSSIBLE_FACTOR) {
        return Err(OrderError::Unpreparable {
            what,
            usual: format!("{} {}", fmt_num(range.max), range.unit.text),
        });
    }
    // Allow for rounding in the conversion when the order sits exactly on a bound.
    let eps = 1e-9 * range.max.abs().max(1.0);
    Ok(if x < range.min - eps || x > range.max + eps {
        Some(Unusual {
            value: x,
            min: range.min,
            max: range.max,
            unit: range.unit.text.clone(),
        })
    } else {
        None
    })
}
