//! The app's shared state: the screen shown, who plays and where logs go, the session being
//! played, the dialog open on it and what the last step told the trainee. Every plugin reads
//! these; none of them owns them, so the arrow runs one way: `flow`, `review`, `lrs`,
//! `hot_reload` and the screens depend on this module, and it on none of them.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use super::Options;
use super::catalog::{Catalog, Lang, logs_dir};
use crate::scenario::Case;
use crate::scenario::case;
use crate::scenario::model::Route;
use crate::session::LiveSession;
use crate::sim::{Order, OrderError, Unusual};
use crate::units::fmt_num;

/// The screens, in the order a trainee meets them.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Library,
    Briefing,
    Case,
    Debrief,
    /// An assessor reviews a log: verified first, then replayed with a time scrubber.
    Review,
    /// A diagnostic screen for the CJK rendering test (`--screen glyphs`).
    Glyphs,
    /// A finished session's decisions edited and re-simulated (from the debrief or Review).
    WhatIf,
    /// The trainee's finished sessions, from the logs in the data folder.
    Progress,
}

/// Where logs go, who is playing, which case is chosen.
#[derive(Resource, Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub trainee: String,
    pub selected: Option<usize>,
}

impl Settings {
    /// The trainee's name or ID as typed, without surrounding spaces; `None` if none was given.
    pub fn trainee_given(&self) -> Option<&str> {
        Some(self.trainee.trim()).filter(|t| !t.is_empty())
    }

    /// Who a new session's log names: the name or ID given, or "anonymous".
    pub fn trainee_for_log(&self) -> String {
        self.trainee_given().unwrap_or("anonymous").to_string()
    }

    /// A new log's file name: the case, then the start time, so a folder listing reads in order.
    pub fn new_log_path(&self, case_id: &str, ms: u64) -> PathBuf {
        let dir = logs_dir(&self.data_dir);
        let mut n = 0;
        loop {
            let name = if n == 0 {
                format!("{case_id}-{ms}.jsonl")
            } else {
                format!("{case_id}-{ms}-{n}.jsonl")
            };
            let p = dir.join(name);
            if !p.exists() {
                return p;
            }
            n += 1;
        }
    }
}

/// The session being played (and, on the debrief, the one just finished).
#[derive(Resource)]
pub struct Active {
    /// Index into `Catalog::cases`.
    pub case: usize,
    pub session: LiveSession,
}

/// The order form of a drug or fluid.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderForm {
    /// Index into `Case::actions`.
    pub action: usize,
    /// Ordering a rate (infusion) rather than a dose (bolus).
    pub rate: bool,
    /// As typed: anything may be entered, and the core refuses what is impossible.
    pub value: String,
    pub unit: String,
    pub route: Option<Route>,
}

impl OrderForm {
    /// The order this form places, as typed.
    pub fn order(&self, case: &Case) -> Order {
        let a = &case.actions[self.action];
        // Whatever was typed goes to the core; text that is not a number becomes NaN, which the
        // core refuses with its reason (and the form explains how numbers are written). Full-width
        // digits and letters from an input method count as the ASCII ones.
        let v = crate::units::parse_typed_number(&self.value).unwrap_or(f64::NAN);
        let unit = crate::units::fold_fullwidth(&self.unit).trim().to_string();
        let q = Some((v, unit));
        Order {
            action: a.def.id.clone(),
            dose: if self.rate { None } else { q.clone() },
            rate: if self.rate { q } else { None },
            route: self.route,
        }
    }

    /// A new form for a drug or fluid action: bolus unless the action only takes a rate, the
    /// usual amount (for the trainee's language `lang`, e.g. `ja-JP`, where the case gives one)
    /// and unit filled in, and the route when there is only one.
    pub fn new(case: &Case, action: usize, lang: &str) -> OrderForm {
        let a = &case.actions[action];
        let (rate, range, routes) = match &a.kind {
            case::Kind::Give {
                dose, rate, routes, ..
            } => {
                let use_rate = dose.is_none() && rate.is_some();
                let range = if use_rate {
                    rate.as_ref()
                } else {
                    dose.as_ref()
                };
                (use_rate, range, routes.clone())
            }
            _ => (false, None, Vec::new()),
        };
        OrderForm {
            action,
            rate,
            value: range
                .and_then(|r| r.default_for(lang))
                .map(fmt_num)
                .unwrap_or_default(),
            unit: range.map(|r| r.unit.text.clone()).unwrap_or_default(),
            route: (routes.len() == 1).then(|| routes[0]),
        }
    }
}

/// A question the trainee must answer; simulated time stands still while one is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Order(OrderForm),
    /// Confirm a high-risk order.
    Confirm(Order),
    /// Confirm ending the case.
    End,
}

#[derive(Resource, Debug, Default)]
pub struct Dialogs(pub Option<Dialog>);

/// What the last step told the trainee.
#[derive(Resource, Debug, Default, Clone)]
pub struct Feedback {
    /// The core's reason for refusing the last order.
    pub refused: Option<OrderError>,
    /// The order refused, as placed: the order form shows the reason only while it still holds
    /// that order (an edited form has not been refused).
    pub refused_order: Option<Order>,
    /// The last accepted order was outside the usual range (accepted, and scored).
    pub note: Option<Unusual>,
    /// A problem writing or reading a log.
    pub error: Option<String>,
}

/// The shared state, from the app's options: the cases and their texts, the settings, the first
/// screen. Added first by [`super::LogicPlugins`]; the other plugins find it in place.
pub struct StatePlugin {
    options: Options,
}

impl StatePlugin {
    pub fn new(options: Options) -> StatePlugin {
        StatePlugin { options }
    }
}

impl Plugin for StatePlugin {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<StatesPlugin>() {
            app.add_plugins(StatesPlugin);
        }
        let o = &self.options;
        // Startup's own work, timed in the log (a slow start shows where it went).
        let t = std::time::Instant::now();
        let catalog = Catalog::load(&o.cases);
        info!(
            "{} cases loaded from {} in {} ms",
            catalog.cases.len(),
            o.cases.display(),
            t.elapsed().as_millis()
        );
        let lang = Lang::new(o.locale, &catalog);
        let data_dir = o.data_dir.clone().unwrap_or_else(super::default_data_dir);
        app.init_state::<Screen>()
            .insert_resource(Settings {
                data_dir,
                trainee: std::env::var("USER").unwrap_or_default(),
                selected: None,
            })
            .insert_resource(super::lrs::HospitalFlag(o.hospital.clone()))
            .insert_resource(catalog)
            .insert_resource(lang)
            .init_resource::<Dialogs>()
            .init_resource::<Feedback>();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_form_starts_with_the_dose_for_the_trainees_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/products");
        let Ok(l) = crate::scenario::load_case(&dir) else {
            panic!("the products fixture loads")
        };
        let Some(naloxone) = l.case.action("give_naloxone") else {
            panic!("the fixture offers naloxone")
        };
        // 0.04 mg by default; one 0.2 mg ampoule where the labels give it (Japan, China).
        for (lang, value) in [("en-US", "0.04"), ("ja-JP", "0.2"), ("zh-CN", "0.2")] {
            let form = OrderForm::new(&l.case, naloxone, lang);
            assert_eq!(
                (form.value.as_str(), form.unit.as_str()),
                (value, "mg"),
                "{lang}"
            );
        }
        // A product's form starts in its volume.
        let Some(g50) = l.case.action("give_glucose_50") else {
            panic!("the fixture offers 50 % glucose")
        };
        let form = OrderForm::new(&l.case, g50, "ja-JP");
        assert_eq!((form.value.as_str(), form.unit.as_str()), ("40", "mL"));
    }

    #[test]
    fn the_order_form_reads_numbers_as_trainees_write_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let Ok(l) = crate::scenario::load_case(&dir) else {
            panic!("the mini fixture loads")
        };
        let fluid = l.case.actions.iter().position(|a| a.def.id == "fluid");
        let order = |value: &str, unit: &str| {
            let form = OrderForm {
                action: fluid.unwrap(),
                rate: false,
                value: value.into(),
                unit: unit.into(),
                route: None,
            };
            form.order(&l.case)
        };
        // Thousands grouped with a comma, and full-width text from an input method.
        for (value, unit) in [("1,000", "mL"), ("１，０００", "ｍＬ"), ("1000", " mL ")] {
            assert_eq!(
                order(value, unit).dose,
                Some((1000.0, "mL".to_string())),
                "{value} {unit}"
            );
        }
        // A decimal comma is refused as not a number, not read as a thousand times the dose
        // (or a thousandth of it).
        let comma = order("1,5", "L");
        assert!(comma.dose.as_ref().is_some_and(|(v, _)| v.is_nan()));
        assert!(matches!(
            comma.validate(&l.case),
            Err(OrderError::NotFinite { what: "dose" })
        ));
    }
}
