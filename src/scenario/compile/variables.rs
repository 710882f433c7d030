//! Variables: the built-in ones and the case's own, this patient's reference ranges and
//! baseline values, and the lookup every later section uses to name a variable.

use std::collections::BTreeMap;

use super::Ctx;
use super::Source::Scenario as SC;
use crate::scenario::model::Scenario;
use crate::scenario::vars::{self, VarInfo};

/// The case's variables, resolved.
pub(super) struct VarTable {
    pub list: Vec<VarInfo>,
    pub index: BTreeMap<String, usize>,
    /// Initial value of every variable.
    pub initial: Vec<f64>,
    /// This patient's reference ranges, applied once every lookup of a variable is done.
    ranges: Vec<(usize, Option<f64>, Option<f64>)>,
}

impl VarTable {
    /// The index of variable `id`, or a problem at `path`; `settable`: something sets or moves
    /// it, which a derived variable cannot take.
    pub fn lookup(&self, cx: &mut Ctx, path: String, id: &str, settable: bool) -> Option<usize> {
        match self.index.get(id) {
            None => {
                let known: Vec<&str> = self.list.iter().map(|v| v.id.as_str()).collect();
                cx.err(
                    path,
                    format!("unknown variable '{id}' (known: {})", known.join(", ")),
                );
                None
            }
            Some(&i) if settable && self.list[i].derived => {
                cx.err(
                    path,
                    format!("'{id}' is derived from sbp and dbp: act on those instead"),
                );
                None
            }
            Some(&i) => Some(i),
        }
    }

    /// The variables a finding's or event's text shows: resolved, and remembered by the path of
    /// its text so that the loader can hold each locale's text to them.
    pub fn shown(&self, cx: &mut Ctx, p: &str, values: &[String]) -> Vec<usize> {
        let out = values
            .iter()
            .enumerate()
            .filter_map(|(k, v)| self.lookup(cx, format!("{p}.values[{k}]"), v, false))
            .collect();
        if !values.is_empty() {
            cx.message_values
                .insert(format!("{p}.text"), values.to_vec());
        }
        out
    }

    /// Puts this patient's reference ranges in place of the variables' own.
    pub fn apply_reference_ranges(&mut self) {
        for &(i, low, high) in &self.ranges {
            self.list[i].normal_low = low;
            self.list[i].normal_high = high;
        }
    }
}

pub(super) fn compile(s: &Scenario, cx: &mut Ctx) -> VarTable {
    let mut list = vars::builtins();
    for (i, d) in s.variables.iter().enumerate() {
        let p = format!("variables[{i}]");
        if list.iter().any(|v| v.id == d.id) {
            cx.err(
                format!("{p}.id"),
                format!(
                    "variable '{}' is already defined (built-in or earlier)",
                    d.id
                ),
            );
            continue;
        }
        if !(d.min < d.max) {
            cx.err(
                format!("{p}.max"),
                format!("max ({}) must be greater than min ({})", d.max, d.min),
            );
        }
        if !(d.min..=d.max).contains(&d.initial) {
            cx.err(
                format!("{p}.initial"),
                format!("initial {} is outside {}–{}", d.initial, d.min, d.max),
            );
        }
        for (kind, low, high) in [
            ("alarm", d.alarm_low, d.alarm_high),
            ("normal", d.normal_low, d.normal_high),
        ] {
            if let (Some(low), Some(high)) = (low, high)
                && !(low < high)
            {
                cx.err(
                    format!("{p}.{kind}_high"),
                    format!("{kind}_high ({high}) must be greater than {kind}_low ({low})"),
                );
            }
        }
        cx.msg(SC, format!("{p}.label"), &d.label);
        list.push(VarInfo {
            id: d.id.clone(),
            label: d.label.clone(),
            unit: d.unit.clone(),
            min: d.min,
            max: d.max,
            initial: d.initial,
            noise: d.noise,
            alarm_low: d.alarm_low,
            alarm_high: d.alarm_high,
            normal_low: d.normal_low,
            normal_high: d.normal_high,
            decimals: d.decimals,
            derived: false,
        });
    }
    for v in vars::builtins() {
        cx.msg(SC, "", &v.label);
    }
    let index = list
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.clone(), i))
        .collect();
    let initial = list.iter().map(|v| v.initial).collect();
    let mut table = VarTable {
        list,
        index,
        initial,
        ranges: Vec::new(),
    };

    for (k, r) in &s.reference_ranges {
        let p = format!("reference_ranges[\"{k}\"]");
        let Some(i) = table.lookup(cx, p.clone(), k, false) else {
            continue;
        };
        match (r.low, r.high) {
            (None, None) => cx.err(p, "a reference range needs a low end, a high end or both"),
            (Some(low), Some(high)) if !(low < high) => cx.err(
                format!("{p}.high"),
                format!("high ({high}) must be greater than low ({low})"),
            ),
            _ => table.ranges.push((i, r.low, r.high)),
        }
    }

    for (k, val) in &s.baseline {
        let p = format!("baseline[\"{k}\"]");
        if let Some(i) = table.lookup(cx, p.clone(), k, true) {
            let v = &table.list[i];
            if !(v.min..=v.max).contains(val) {
                cx.err(
                    p,
                    format!("{k} = {val} is outside its bounds {}–{}", v.min, v.max),
                );
            } else {
                table.initial[i] = *val;
            }
        }
    }
    let initial = &mut table.initial;
    initial[vars::MAP] = (initial[vars::SBP] + 2.0 * initial[vars::DBP]) / 3.0;
    table
}
