//! Dose, volume and rate units: parsing, dimensions and exact conversion.
//!
//! An order arrives as a number and a unit the trainee chose ("0.4 mg", "400 µg", "0.1 µg/kg/min").
//! The simulation works in each drug's own dose unit per second, so every order is converted once.
//! Scale factors are kept as integer ratios. Metric prefixes are powers of ten and are applied to
//! the number's shortest decimal form, so a dose typed as a decimal converts exactly (0.4 mg is
//! 400 µg, and 2059.485 mg is 2059485 µg, not 2059485.0000000002); time factors (60, 3600) are a
//! single correctly rounded operation.

use std::fmt;

/// What a quantity measures. Two units convert into each other only when their dimensions match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    /// Mass (canonical: microgram).
    Mass,
    /// Volume (canonical: millilitre).
    Volume,
    /// International units of activity (insulin, heparin).
    Activity,
    /// Amount of substance (canonical: micromole).
    Amount,
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Base::Mass => "mass",
            Base::Volume => "volume",
            Base::Activity => "units of activity",
            Base::Amount => "amount of substance",
        })
    }
}

/// The full dimension of a unit: a base quantity, optionally per kilogram of body weight and per time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dimension {
    pub base: Base,
    pub per_kg: bool,
    pub per_time: bool,
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.base)?;
        if self.per_kg {
            f.write_str(" per kg")?;
        }
        if self.per_time {
            f.write_str(" per time")?;
        }
        Ok(())
    }
}

/// A parsed unit such as `mg`, `mL/h` or `µg/kg/min`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The text as written, for messages.
    pub text: String,
    pub dim: Dimension,
    /// Canonical base units per one of this unit's base, as `num / den` (mg → µg is 1000 / 1).
    num: u64,
    den: u64,
    /// Seconds per one of this unit's time denominator (min → 60); 1 when not per time.
    per_seconds: u64,
}

/// Why a unit string could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error(
        "unknown unit '{0}' (use g, mg, µg/mcg/ug, ng, L, mL, units, mmol, optionally /kg and /min or /h)"
    )]
    Unknown(String),
    #[error(
        "unit '{found}' measures {found_dim}, but {expected_dim} was expected (for example '{example}')"
    )]
    WrongDimension {
        found: String,
        found_dim: Dimension,
        expected_dim: Dimension,
        example: String,
    },
}

fn base_unit(s: &str) -> Option<(Base, u64, u64)> {
    // (base, canonical per unit as num/den)
    Some(match s {
        "g" => (Base::Mass, 1_000_000, 1),
        "mg" => (Base::Mass, 1_000, 1),
        "µg" | "μg" | "ug" | "mcg" => (Base::Mass, 1, 1),
        "ng" => (Base::Mass, 1, 1_000),
        "L" | "l" => (Base::Volume, 1_000, 1),
        "mL" | "ml" => (Base::Volume, 1, 1),
        "units" | "unit" | "U" | "IU" | "単位" | "单位" => (Base::Activity, 1, 1),
        "mmol" | "mEq" => (Base::Amount, 1_000, 1),
        "µmol" | "umol" => (Base::Amount, 1, 1),
        _ => return None,
    })
}

impl Unit {
    /// Parses a unit written as `base[/kg][/min|/h|/s]`.
    pub fn parse(text: &str) -> Result<Unit, UnitError> {
        let unknown = || UnitError::Unknown(text.to_string());
        let mut parts = text.trim().split('/').map(str::trim);
        let (base, num, den) = parts.next().and_then(base_unit).ok_or_else(unknown)?;
        let mut per_kg = false;
        let mut per_seconds = 0u64;
        for p in parts {
            match p {
                "kg" if !per_kg && per_seconds == 0 => per_kg = true,
                "s" | "sec" if per_seconds == 0 => per_seconds = 1,
                "min" if per_seconds == 0 => per_seconds = 60,
                "h" | "hr" if per_seconds == 0 => per_seconds = 3600,
                "day" | "d" if per_seconds == 0 => per_seconds = 86_400,
                _ => return Err(unknown()),
            }
        }
        Ok(Unit {
            text: text.trim().to_string(),
            dim: Dimension {
                base,
                per_kg,
                per_time: per_seconds != 0,
            },
            num,
            den,
            per_seconds: per_seconds.max(1),
        })
    }

    /// Checks that this unit has the expected dimension.
    pub fn expect(&self, dim: Dimension, example: &str) -> Result<(), UnitError> {
        if self.dim == dim {
            Ok(())
        } else {
            Err(UnitError::WrongDimension {
                found: self.text.clone(),
                found_dim: self.dim,
                expected_dim: dim,
                example: example.to_string(),
            })
        }
    }

    /// Converts `value` in this unit to the canonical base (µg, mL, units, µmol), per kg and per
    /// second as the dimension says. One correctly rounded operation for the base scale.
    pub fn to_canonical(&self, value: f64) -> f64 {
        let v = scale(value, self.num, self.den);
        if self.per_seconds > 1 {
            v / self.per_seconds as f64
        } else {
            v
        }
    }

    /// Converts a canonical value back into this unit.
    pub fn from_canonical(&self, value: f64) -> f64 {
        let v = if self.per_seconds > 1 {
            value * self.per_seconds as f64
        } else {
            value
        };
        scale(v, self.den, self.num)
    }
}

fn scale(v: f64, num: u64, den: u64) -> f64 {
    if let (Some(a), Some(b)) = (pow10(num), pow10(den)) {
        return shift_decimal(v, a - b);
    }
    match (num, den) {
        (1, 1) => v,
        (n, 1) => v * n as f64,
        (1, d) => v / d as f64,
        (n, d) => v * n as f64 / d as f64,
    }
}

fn pow10(mut n: u64) -> Option<i32> {
    let mut k = 0;
    while n > 1 && n.is_multiple_of(10) {
        n /= 10;
        k += 1;
    }
    (n == 1).then_some(k)
}

/// Multiplies by 10^k in decimal: the shortest decimal form of `v` has its exponent moved and is
/// parsed back, so 2059.485 mg becomes exactly 2059485 µg (a binary multiply would give
/// 2059485.0000000002).
fn shift_decimal(v: f64, k: i32) -> f64 {
    if k == 0 || !v.is_finite() || v == 0.0 {
        return v;
    }
    let text = format!("{v:e}");
    let Some((mantissa, exp)) = text.split_once('e') else {
        return v * 10f64.powi(k);
    };
    let exp: i32 = exp.parse().unwrap_or(0);
    format!("{mantissa}e{}", exp + k)
        .parse()
        .unwrap_or(v * 10f64.powi(k))
}

/// Converts `value` from one unit into another of the same dimension.
pub fn convert(value: f64, from: &Unit, to: &Unit) -> Result<f64, UnitError> {
    from.expect(to.dim, &to.text)?;
    // Fold the mass/volume ratio and the time ratio into one reduced fraction, so that a
    // conversion is a single correctly rounded multiplication or division wherever possible.
    let num = u128::from(from.num) * u128::from(to.den) * u128::from(to.per_seconds);
    let den = u128::from(from.den) * u128::from(to.num) * u128::from(from.per_seconds);
    let g = gcd(num, den);
    Ok(scale(value, (num / g) as u64, (den / g) as u64))
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Unit {
        Unit::parse(s).unwrap()
    }

    #[test]
    fn milligrams_to_micrograms_is_exact() {
        assert_eq!(convert(0.4, &u("mg"), &u("µg")).unwrap(), 400.0);
        assert_eq!(convert(400.0, &u("mcg"), &u("mg")).unwrap(), 0.4);
        assert_eq!(convert(4.5, &u("g"), &u("mg")).unwrap(), 4500.0);
        assert_eq!(convert(0.1, &u("L"), &u("mL")).unwrap(), 100.0);
    }

    #[test]
    fn rates_convert_between_minutes_and_hours() {
        assert_eq!(convert(1.0, &u("mg/min"), &u("mg/h")).unwrap(), 60.0);
        assert_eq!(convert(125.0, &u("mL/h"), &u("L/h")).unwrap(), 0.125);
        assert_eq!(convert(0.1, &u("µg/kg/min"), &u("µg/kg/h")).unwrap(), 6.0);
        assert_eq!(convert(0.5, &u("mg/h"), &u("µg/min")).unwrap(), 25.0 / 3.0);
    }

    #[test]
    fn wrong_dimension_is_refused_with_the_dimensions_named() {
        let err = convert(1.0, &u("mL"), &u("mg")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unit 'mL' measures volume, but mass was expected (for example 'mg')"
        );
        assert!(convert(1.0, &u("mg/kg"), &u("mg")).is_err());
        assert!(convert(1.0, &u("mg/h"), &u("mg")).is_err());
    }

    #[test]
    fn unknown_units_are_refused() {
        for bad in ["", "kg", "mg/kg/kg", "mg/min/h", "tablets", "mg/", "/kg"] {
            assert!(Unit::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn canonical_forms_are_micrograms_millilitres_and_seconds() {
        assert_eq!(u("mg").to_canonical(2.0), 2000.0);
        assert_eq!(u("mL/h").to_canonical(3600.0), 1.0);
        assert_eq!(u("units").to_canonical(6.0), 6.0);
        assert_eq!(u("mmol").to_canonical(20.0), 20_000.0);
        assert!(u("µg/kg/min").dim.per_kg);
    }

    proptest::proptest! {
        #[test]
        fn converting_there_and_back_returns_the_decimal_entered(milli in 1u32..10_000_000) {
            // Any dose a person can type with up to three decimals survives a round trip.
            let x = f64::from(milli) / 1000.0;
            let there = convert(x, &u("mg"), &u("µg")).unwrap();
            proptest::prop_assert_eq!(there, f64::from(milli));
            proptest::prop_assert_eq!(convert(there, &u("µg"), &u("mg")).unwrap(), x);
        }
    }
}
