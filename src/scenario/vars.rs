//! The built-in physiological variables every case has, with units, bounds and textbook normals.
//!
//! Canonical units follow Japanese ward practice (glucose mg/dL, Hb g/dL, creatinine mg/dL); the
//! i18n layer converts to SI for locales that customarily use it (see `i18n::units`).

/// Static description of a variable; cases may add their own (`VariableDecl`).
#[derive(Debug, Clone, PartialEq)]
pub struct VarInfo {
    pub id: String,
    /// Fluent message id of its display name.
    pub label: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub initial: f64,
    /// Typical measurement noise (the amplitude of the seeded jitter on displayed values).
    pub noise: f64,
    /// Monitor alarm limits: only for what a bedside monitor measures continuously.
    pub alarm_low: Option<f64>,
    pub alarm_high: Option<f64>,
    /// Reference range, for flagging results as abnormal. Labs have this and no alarm limits:
    /// a lab value is known only once it is measured.
    pub normal_low: Option<f64>,
    pub normal_high: Option<f64>,
    pub decimals: u8,
    /// Computed from others (MAP from SBP and DBP); cannot drift or be set directly.
    pub derived: bool,
}

impl VarInfo {
    /// How a measured value reads: `-1` below, `1` above, `0` within. Judged against the reference
    /// range (`normal_low`, `normal_high`) where the variable has one, otherwise against its alarm
    /// limits; a variable with neither is never flagged. Results, findings and the chart's labs
    /// are flagged this way; the monitor's numerics go by the alarm limits alone.
    pub fn flag(&self, value: f64) -> i8 {
        let (low, high) = if self.normal_low.is_some() || self.normal_high.is_some() {
            (self.normal_low, self.normal_high)
        } else {
            (self.alarm_low, self.alarm_high)
        };
        if low.is_some_and(|l| value < l) {
            -1
        } else if high.is_some_and(|h| value > h) {
            1
        } else {
            0
        }
    }
}

/// The variables a bedside monitor measures continuously, shows and alarms on (the app's monitor
/// shows these; alarm limits on any other variable are recorded in the log and shown nowhere).
pub const MONITORED: [&str; 7] = ["hr", "sbp", "dbp", "map", "rr", "spo2", "temp"];

/// Index of MAP in the built-in list (derived from SBP and DBP).
pub const MAP: usize = 3;
/// Index of SBP.
pub const SBP: usize = 1;
/// Index of DBP.
pub const DBP: usize = 2;

type Range = (Option<f64>, Option<f64>);

/// A built-in variable: `start` is its textbook initial value and its measurement noise.
fn v(
    id: &str,
    unit: &str,
    bounds: (f64, f64),
    (initial, noise): (f64, f64),
    alarms: Range,
    normal: Range,
    decimals: u8,
) -> VarInfo {
    VarInfo {
        id: id.into(),
        label: format!("var-{id}"),
        unit: unit.into(),
        min: bounds.0,
        max: bounds.1,
        initial,
        noise,
        alarm_low: alarms.0,
        alarm_high: alarms.1,
        normal_low: normal.0,
        normal_high: normal.1,
        decimals,
        derived: id == "map",
    }
}

/// The built-in variables, in a fixed order (their indices are stable).
pub fn builtins() -> Vec<VarInfo> {
    let none = (None, None);
    vec![
        v(
            "hr",
            "/min",
            (0.0, 300.0),
            (78.0, 1.5),
            (Some(50.0), Some(120.0)),
            (Some(60.0), Some(100.0)),
            0,
        ),
        v(
            "sbp",
            "mmHg",
            (0.0, 300.0),
            (124.0, 2.0),
            (Some(90.0), Some(180.0)),
            (Some(100.0), Some(140.0)),
            0,
        ),
        v(
            "dbp",
            "mmHg",
            (0.0, 200.0),
            (72.0, 1.5),
            none,
            (Some(60.0), Some(90.0)),
            0,
        ),
        v(
            "map",
            "mmHg",
            (0.0, 250.0),
            (89.0, 0.0),
            (Some(65.0), None),
            (Some(65.0), Some(110.0)),
            0,
        ),
        v(
            "rr",
            "/min",
            (0.0, 80.0),
            (15.0, 0.6),
            (Some(8.0), Some(25.0)),
            (Some(12.0), Some(20.0)),
            0,
        ),
        v(
            "spo2",
            "%",
            (0.0, 100.0),
            (97.0, 0.5),
            (Some(90.0), None),
            (Some(94.0), None),
            0,
        ),
        v(
            "temp",
            "°C",
            (25.0, 45.0),
            (36.8, 0.05),
            (Some(35.0), Some(38.5)),
            (Some(36.0), Some(38.0)),
            1,
        ),
        v(
            "gcs",
            "",
            (3.0, 15.0),
            (15.0, 0.0),
            none,
            (Some(15.0), None),
            0,
        ),
        v(
            "pain",
            "NRS",
            (0.0, 10.0),
            (0.0, 0.0),
            none,
            (None, Some(3.0)),
            0,
        ),
        v(
            "rass",
            "RASS",
            (-5.0, 4.0),
            (0.0, 0.0),
            none,
            (Some(-1.0), Some(1.0)),
            0,
        ),
        v(
            "glucose",
            "mg/dL",
            (10.0, 1500.0),
            (110.0, 0.0),
            none,
            (Some(70.0), Some(180.0)),
            0,
        ),
        v(
            "lactate",
            "mmol/L",
            (0.0, 30.0),
            (1.0, 0.0),
            none,
            (None, Some(2.0)),
            1,
        ),
        v(
            "k",
            "mmol/L",
            (1.0, 10.0),
            (4.1, 0.0),
            none,
            (Some(3.5), Some(5.0)),
            1,
        ),
        v(
            "na",
            "mmol/L",
            (100.0, 180.0),
            (140.0, 0.0),
            none,
            (Some(135.0), Some(145.0)),
            0,
        ),
        v(
            "creatinine",
            "mg/dL",
            (0.1, 20.0),
            (0.9, 0.0),
            none,
            (None, Some(1.2)),
            2,
        ),
        v(
            "hb",
            "g/dL",
            (2.0, 25.0),
            (13.5, 0.0),
            none,
            (Some(12.0), None),
            1,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(id: &str) -> VarInfo {
        builtins()
            .into_iter()
            .find(|v| v.id == id)
            .expect("a built-in")
    }

    #[test]
    fn results_are_flagged_against_the_reference_range_not_the_alarm_limits() {
        let lactate = var("lactate");
        assert_eq!(lactate.flag(3.9), 1);
        assert_eq!(lactate.flag(2.0), 0, "the limit itself is within the range");
        assert_eq!(lactate.flag(0.0), 0, "no lower limit");
        let hb = var("hb");
        assert_eq!(hb.flag(11.4), -1);
        assert_eq!(hb.flag(18.0), 0, "no upper limit");
        // HR: reference 60–100, alarms 50/120. A result of 110 is abnormal though it does not alarm.
        let hr = var("hr");
        assert_eq!(hr.flag(110.0), 1);
        assert_eq!(hr.flag(55.0), -1);
        assert_eq!(hr.flag(80.0), 0);
    }

    #[test]
    fn a_variable_without_a_reference_range_is_flagged_by_its_alarm_limits_or_not_at_all() {
        let mut v = var("k");
        v.normal_low = None;
        v.normal_high = None;
        assert_eq!(v.flag(9.0), 0);
        v.alarm_high = Some(6.0);
        assert_eq!(v.flag(6.5), 1);
        assert_eq!(v.flag(2.0), 0);
        // A reference range, even one-sided, takes precedence over the alarm limits.
        v.normal_low = Some(3.5);
        assert_eq!(v.flag(6.5), 0);
        assert_eq!(v.flag(3.0), -1);
    }
}
