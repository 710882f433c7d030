//! Pieces every screen uses: the root `Ui`, the top bar with the disclaimer and the language
//! picker, time and value formatting, and the palette.

use bevy::prelude::*;
use bevy_egui::egui;

use super::catalog::Lang;
use super::flow::SetLocale;
use crate::i18n::{Locale, Shown, Texts, shown};
use crate::scenario::Case;

pub const ALARM: egui::Color32 = egui::Color32::from_rgb(255, 80, 80);
pub const WARN: egui::Color32 = egui::Color32::from_rgb(255, 190, 60);
pub const GOOD: egui::Color32 = egui::Color32::from_rgb(110, 220, 120);
pub const DIM: egui::Color32 = egui::Color32::from_rgb(150, 150, 150);

/// A `Ui` covering the whole window, for panels to be laid out in.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "bedside-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// The bar at the top of every screen: program name, the training disclaimer, the language.
pub fn top_bar(root: &mut egui::Ui, lang: &Lang, set_locale: &mut MessageWriter<SetLocale>) {
    let t = &lang.ui;
    egui::Panel::top("top-bar").show(root, |ui| {
        ui.horizontal(|ui| {
            ui.heading(t.get("app-title"));
            ui.separator();
            ui.label(egui::RichText::new(t.get("disclaimer")).color(WARN));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let mut chosen = lang.locale;
                egui::ComboBox::from_id_salt("language")
                    .selected_text(chosen.native_name())
                    .show_ui(ui, |ui| {
                        for l in Locale::ALL {
                            ui.selectable_value(&mut chosen, l, l.native_name());
                        }
                    });
                ui.label(t.get("language"));
                if chosen != lang.locale {
                    set_locale.write(SetLocale(chosen));
                }
            });
        });
    });
}

/// Simulated time as `m:ss`, or `h:mm:ss` from an hour on.
/// A criterion's outcome as a mark and its colour, on the debrief and the Review screen (✖, not
/// ✘: no bundled font has ✘).
pub fn status_mark(s: crate::rubric::Status) -> (&'static str, egui::Color32) {
    use crate::rubric::Status;
    match s {
        Status::Met => ("✔", GOOD),
        Status::Missed => ("✖", WARN),
        Status::Harmful => ("⚠", ALARM),
        Status::NotApplicable => ("–", DIM),
    }
}

/// Lays `add` out top-down with wrapped text ragged right. Inside `ui.columns` egui justifies
/// wrapped labels, stretching only their spaces: Latin sources spread out in rivers, and in
/// Japanese or Chinese the few spaces around Latin words gaped while the rest stayed tight.
pub fn ragged<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), add)
        .inner
}

/// Simulated time since the case began: `m:ss`, `h:mm:ss`, and from a day on `1d 02:30` (days,
/// then hours and minutes: a multi-day case reads "5d 02:20", not "122:20:00", and seconds no
/// longer matter there).
pub fn clock_text(secs: u64) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        (secs / 3600) % 24,
        (secs / 60) % 60,
        secs % 60,
    );
    if d > 0 {
        format!("{d}d {h:02}:{m:02}")
    } else if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A variable's value as the locale reads it (unit conversion comes from the core).
pub fn value_of(case: &Case, var: usize, value: f64, locale: Locale) -> Shown {
    let v = &case.vars[var];
    shown(&v.id, &v.unit, v.decimals, value, locale)
}

/// The arrow after a measured value the core flags as abnormal ([`VarInfo::flag`]: its reference
/// range, or its alarm limits if it has none): `" ↑"`, `" ↓"` or nothing.
///
/// [`VarInfo::flag`]: crate::scenario::vars::VarInfo::flag
pub fn flag_arrow(flag: i8) -> &'static str {
    match flag {
        1 => " ↑",
        -1 => " ↓",
        _ => "",
    }
}

/// Whether a value the monitor shows lies outside the variable's alarm limits: -1 low, 1 high,
/// 0 within.
pub fn outside_limits(case: &Case, var: usize, value: f64) -> i8 {
    let v = &case.vars[var];
    if v.alarm_low.is_some_and(|lo| value < lo) {
        -1
    } else if v.alarm_high.is_some_and(|hi| value > hi) {
        1
    } else {
        0
    }
}

/// Name, age, sex, weight and height, with allergies prominent.
pub fn patient_header(ui: &mut egui::Ui, case: &Case, t: &Texts) {
    use crate::scenario::model::Sex;
    use fluent_bundle::FluentValue;
    let p = &case.scenario.patient;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(t.get(&p.name)).strong().size(20.0));
        let sex = t.get(match p.sex {
            Sex::Female => "sex-female",
            Sex::Male => "sex-male",
        });
        ui.label(t.with(
            "patient-facts",
            &[
                ("age", FluentValue::from(p.age)),
                ("sex", sex.into()),
                (
                    "weight",
                    FluentValue::from(crate::units::fmt_num(p.weight_kg)),
                ),
                (
                    "height",
                    FluentValue::from(crate::units::fmt_num(p.height_cm)),
                ),
            ],
        ));
        ui.separator();
        let allergies = if p.allergies.is_empty() {
            t.get("allergies-none")
        } else {
            p.allergies
                .iter()
                .map(|a| t.get(a))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let text = egui::RichText::new(format!("{}: {allergies}", t.get("allergies")))
            .strong()
            .size(16.0);
        if p.allergies.is_empty() {
            ui.label(text);
        } else {
            ui.label(
                text.color(egui::Color32::WHITE)
                    .background_color(egui::Color32::from_rgb(150, 20, 20)),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::clock_text;

    #[test]
    fn the_clock_reads_minutes_hours_then_days() {
        assert_eq!(clock_text(65), "1:05");
        assert_eq!(clock_text(3 * 3600 + 5 * 60 + 9), "3:05:09");
        assert_eq!(clock_text(86_399), "23:59:59");
        assert_eq!(clock_text(86_400), "1d 00:00");
        assert_eq!(clock_text(122 * 3600 + 20 * 60 + 30), "5d 02:20");
    }
}
