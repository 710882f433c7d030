//! Dose, volume and rate units: parsing, dimensions and exact conversion.
//!
//! An order arrives as a number and a unit the trainee chose ("0.4 mg", "400 µg", "0.1 µg/kg/min").
//! The simulation works in each drug's own dose unit per second, so every order is converted once.
//! Scale factors are kept as integer ratios. Metric prefixes are powers of ten and are applied to
//! the number's shortest decimal form, so a dose typed as a decimal converts exactly (0.4 mg is
//! 400 µg, and 2059.485 mg is 2059485 µg, not 2059485.0000000002); time factors (60, 3600) are a
//! single correctly rounded operation. The dose arithmetic orders and case files share (an amount
//! typed in any unit of the right kind, converted to the drug's own) lives here too.

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

    /// This unit with its amount replaced by `amount`'s (`mL/kg/h` with `g` is `g/kg/h`): a
    /// product's volume in the drug's own terms, per kg and per time as before.
    pub fn with_amount_of(&self, amount: &Unit) -> Unit {
        let own = self.text.split('/').next().unwrap_or_default();
        let base = amount.text.split('/').next().unwrap_or_default();
        Unit {
            text: format!("{base}{}", &self.text[own.len()..]),
            dim: Dimension {
                base: amount.dim.base,
                ..self.dim
            },
            num: amount.num,
            den: amount.den,
            per_seconds: self.per_seconds,
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

/// The product of two decimals as typed, exactly: each number's shortest decimal form is read
/// as an integer and a power of ten, the integers are multiplied (at most 34 digits, well inside
/// an `i128`) and the result is parsed back, one correct rounding. So 30 mL of a 0.1 g/mL
/// product is 3 g, where a binary multiply gives 3.0000000000000004.
pub fn mul_decimal(a: f64, b: f64) -> f64 {
    match (decimal_parts(a), decimal_parts(b)) {
        (Some((ma, ea)), Some((mb, eb))) => ma
            .checked_mul(mb)
            .and_then(|m| format!("{m}e{}", ea + eb).parse().ok())
            .unwrap_or(a * b),
        _ => a * b,
    }
}

/// `v` as `m × 10^e` with `m` the digits of its shortest decimal form; `None` when not finite.
fn decimal_parts(v: f64) -> Option<(i128, i32)> {
    if !v.is_finite() {
        return None;
    }
    let text = format!("{v:e}");
    let (mantissa, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: i128 = format!("{int}{frac}").parse().ok()?;
    Some((digits, exp - i32::try_from(frac.len()).ok()?))
}

/// A volume of a product (`unit` measures volume: mL, L/h, mL/kg) as the drug amount it holds,
/// `per_ml` being the drug's amount per mL in `drug_unit`: the amount, and the unit it is in
/// (the drug's, per kg and per time as `unit` was). Exact for decimals: the volume is shifted to
/// mL in decimal and multiplied by `per_ml` in decimal ([`mul_decimal`]).
pub fn product_amount(v: f64, unit: &Unit, per_ml: f64, drug_unit: &Unit) -> (f64, Unit) {
    let ml = scale(v, unit.num, unit.den);
    (mul_decimal(ml, per_ml), unit.with_amount_of(drug_unit))
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

/// Why an amount cannot be given as a dose or rate of a drug. An order refused for it says so in
/// these words (the `OrderError` it becomes reads the same).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DoseError {
    #[error("the {what} is not a number")]
    NotFinite { what: &'static str },
    #[error("the {what} must be greater than zero (got {value})")]
    NotPositive { what: &'static str, value: f64 },
    #[error("{0}")]
    Unit(#[from] UnitError),
}

/// Converts `v` in `unit` (per kg or not) to the drug's unit, per second when `per_time`,
/// refusing what an order would be refused for: a value that is not a positive number, an
/// unknown unit, a unit of the wrong dimension, or an amount too large to be a number. `what`
/// ("dose", "rate") names the amount in the error.
pub fn to_drug_amount(
    v: f64,
    unit: &str,
    what: &'static str,
    drug_unit: &Unit,
    per_time: bool,
    weight: f64,
) -> Result<f64, DoseError> {
    let example = if per_time {
        format!("{}/h", drug_unit.text)
    } else {
        drug_unit.text.clone()
    };
    let u = drug_quantity(v, unit, what, drug_unit, per_time, &example)?;
    let x = to_drug_unit(v, &u, drug_unit, weight);
    if x.is_finite() {
        Ok(x)
    } else {
        Err(DoseError::NotFinite { what })
    }
}

/// `unit` parsed, for a positive, finite `v` of a drug kept in `drug_unit`: an amount of the
/// drug's kind (per kg or not), per time when `per_time`. `example` names a unit that would do.
pub fn drug_quantity(
    v: f64,
    unit: &str,
    what: &'static str,
    drug_unit: &Unit,
    per_time: bool,
    example: &str,
) -> Result<Unit, DoseError> {
    if !v.is_finite() {
        return Err(DoseError::NotFinite { what });
    }
    if v <= 0.0 {
        return Err(DoseError::NotPositive { what, value: v });
    }
    let u = Unit::parse(unit)?;
    let want = Dimension {
        base: drug_unit.dim.base,
        per_kg: u.dim.per_kg,
        per_time,
    };
    u.expect(want, example)?;
    Ok(u)
}

/// Converts `v` in `unit` (possibly per kg, possibly per time) to the drug's plain unit
/// (per second when `unit` is a rate).
pub fn to_drug_unit(v: f64, unit: &Unit, drug_unit: &Unit, weight: f64) -> f64 {
    let per_kg = if unit.dim.per_kg { v * weight } else { v };
    // canonical (µg, mL, units, µmol; per second) → drug unit
    drug_unit.from_canonical(unit.to_canonical(per_kg))
}

/// Expresses `v unit` in the unit of `range`, converting per kg with the patient's weight.
pub fn in_range_unit(
    v: f64,
    unit: &Unit,
    range_unit: &Unit,
    weight: f64,
) -> Result<f64, UnitError> {
    let v = match (unit.dim.per_kg, range_unit.dim.per_kg) {
        (true, false) => v * weight,
        (false, true) => v / weight,
        _ => v,
    };
    let aligned = Unit::parse(&realign(&unit.text, range_unit.dim.per_kg))?;
    convert(v, &aligned, range_unit)
}

/// `unit` text with `/kg` added or removed.
fn realign(text: &str, per_kg: bool) -> String {
    let mut parts: Vec<&str> = text
        .split('/')
        .map(str::trim)
        .filter(|p| *p != "kg")
        .collect();
    if per_kg {
        parts.insert(1, "kg");
    }
    parts.join("/")
}

/// A number without needless trailing zeros (four decimals at most), as logs and texts show
/// doses, ranges and limits.
pub fn fmt_num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Text as an input method may give it, in ASCII: the full-width forms a Japanese or Chinese
/// input method types in full-width mode ("５００", "ｍＬ", U+FF01–U+FF5E) become the ASCII
/// characters they stand for, and the ideographic space a space. Everything else is kept.
pub fn fold_fullwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A number as a trainee types it into a dose or rate field: digits (ASCII or full-width), an
/// optional sign, at most one decimal point, and commas only between groups of three digits
/// before it ("1,000", "12,500.5": the convention in English, Japanese and Chinese alike).
/// Anything else is `None` — words such as "inf", exponents, and a decimal comma ("1,5"), which
/// read either way would be a thousand-fold error.
pub fn parse_typed_number(text: &str) -> Option<f64> {
    let folded = fold_fullwidth(text);
    let s = folded.trim();
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.strip_prefix('+').unwrap_or(s)),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if !digits(frac) {
        return None;
    }
    let mut whole = String::new();
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or_default();
    // Grouped digits start with 1–3 digits and no leading zero ("0,500" is no one's 500).
    let grouped = int.contains(',');
    if !digits(first) || (grouped && (!(1..=3).contains(&first.len()) || first.starts_with('0'))) {
        return None;
    }
    whole.push_str(first);
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        whole.push_str(g);
    }
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    format!(
        "{sign}{}.{}",
        if whole.is_empty() { "0" } else { &whole },
        if frac.is_empty() { "0" } else { frac }
    )
    .parse()
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_take_points_for_decimals_and_commas_for_thousands() {
        let cases = [
            ("1000", Some(1000.0)),
            ("1,000", Some(1000.0)),
            ("12,500.5", Some(12500.5)),
            ("1,234,567", Some(1_234_567.0)),
            (" 0.4 ", Some(0.4)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("+2", Some(2.0)),
            ("-5", Some(-5.0)),
            ("０．４", Some(0.4)),
            ("１，０００", Some(1000.0)),
            ("\u{3000}２５０\u{3000}", Some(250.0)),
            ("1,5", None),
            ("0,500", None),
            ("1,50", None),
            ("10,00", None),
            ("1000,000", None),
            (",500", None),
            ("1.000,5", None),
            ("1.2.3", None),
            ("", None),
            (".", None),
            ("-", None),
            ("inf", None),
            ("NaN", None),
            ("1e3", None),
            ("5 mg", None),
            ("五", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_typed_number(text), want, "{text:?}");
        }
        // The decimal is parsed as written, to the nearest double (no arithmetic on the way).
        assert_eq!(parse_typed_number("0.1"), Some(0.1));
        assert_eq!(
            parse_typed_number("3,908.9999396484923"),
            Some(3908.9999396484923)
        );
    }

    #[test]
    fn full_width_text_folds_to_ascii() {
        assert_eq!(fold_fullwidth("ｍＬ／ｈ"), "mL/h");
        assert_eq!(fold_fullwidth("µｇ／ｋｇ／ｍｉｎ"), "µg/kg/min");
        assert_eq!(fold_fullwidth("単位"), "単位");
        assert_eq!(Unit::parse(&fold_fullwidth("ｍｇ")).unwrap().text, "mg");
    }

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

    #[test]
    fn a_product_volume_holds_its_decimal_amount_exactly() {
        // Binary multiplication misses these; the decimal product does not.
        assert_eq!(3.0 * 0.1, 0.30000000000000004);
        assert_eq!(3.0 * 0.2, 0.6000000000000001);
        assert_eq!(mul_decimal(3.0, 0.2), 0.6);
        assert_eq!(mul_decimal(3.0, 0.1), 0.3);
        assert_eq!(mul_decimal(30.0, 0.1), 3.0);
        assert_eq!(mul_decimal(0.3, 0.1), 0.03);
        assert_eq!(mul_decimal(-2.5, 0.4), -1.0);
        let (x, unit) = product_amount(30.0, &u("mL"), 0.1, &u("g"));
        assert_eq!((x, unit.text.as_str()), (3.0, "g"));
        let (x, unit) = product_amount(0.25, &u("L/h"), 0.5, &u("g"));
        assert_eq!((x, unit.text.as_str()), (125.0, "g/h"));
        assert_eq!(unit.to_canonical(3600.0), 1_000_000.0);
        let (x, unit) = product_amount(5.0, &u("mL/kg"), 0.1, &u("g"));
        assert_eq!((x, unit.text.as_str()), (0.5, "g/kg"));
        assert!(unit.dim.per_kg);
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
