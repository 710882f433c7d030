//! The case screen's header: the patient, the clock and its controls, the end button, a problem
//! writing the log, and in instructor mode what the last edit of the case did.

use bevy_egui::egui;

use super::{CaseSend, Shown};
use crate::app::flow::{SetSpeed, SkipToNext, Speed};
use crate::app::hot_reload::HotReload;
use crate::app::state::{Dialog, Dialogs};
use crate::app::widgets::{ALARM, DIM, WARN, clock_text, patient_header};
use crate::i18n::Texts;

/// The header panel, at the top.
pub(super) fn show(root: &mut egui::Ui, s: Shown, dialogs: &mut Dialogs, send: &mut CaseSend) {
    let Shown {
        case,
        sim,
        t,
        over,
        clock,
        feedback,
        hot,
        ..
    } = s;
    egui::Panel::top("case-header").show(root, |ui| {
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            patient_header(ui, case, t);
        });
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("⏱ {}", clock_text(sim.now())))
                    .size(22.0)
                    .strong(),
            );
            ui.label(
                egui::RichText::new(t.with(
                    "clock-limit",
                    &[("limit", clock_text(case.scenario.time_limit.secs()).into())],
                ))
                .color(DIM),
            );
            ui.separator();
            for s in Speed::ALL {
                let label = match s {
                    Speed::Paused => t.get("clock-pause"),
                    Speed::X1 => "1×".to_string(),
                    Speed::X4 => "4×".to_string(),
                    Speed::X16 => "16×".to_string(),
                };
                if ui
                    .add_enabled(!over, egui::Button::selectable(clock.speed == s, label))
                    .clicked()
                {
                    send.speed.write(SetSpeed(s));
                }
            }
            let next = sim.next_scheduled();
            let skip_label = match next {
                Some(n) => t.with("clock-skip-to", &[("time", clock_text(n).into())]),
                None => t.get("clock-skip"),
            };
            if ui
                .add_enabled(
                    next.is_some() && !over && dialogs.0.is_none(),
                    egui::Button::new(skip_label),
                )
                .clicked()
            {
                send.skip.write(SkipToNext);
            }
            if dialogs.0.is_some() && !case.scenario.clock_runs_in_dialogs {
                ui.label(egui::RichText::new(t.get("clock-held")).color(WARN));
            } else if clock.speed == Speed::Paused {
                ui.label(egui::RichText::new(t.get("clock-paused")).color(WARN));
            }
            if s.saving_slow {
                ui.label(egui::RichText::new(t.get("log-saving")).color(WARN));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(egui::RichText::new(t.get("case-end")).color(ALARM))
                    .clicked()
                {
                    dialogs.0 = Some(Dialog::End);
                }
            });
        });
        if let Some(e) = &feedback.error {
            ui.colored_label(ALARM, e);
        }
        if let Some(hot) = &hot {
            hot_reload_panel(ui, hot, t);
        }
        ui.add_space(2.0);
    });
}

/// Instructor mode: what the last edit of the case's files did.
fn hot_reload_panel(ui: &mut egui::Ui, hot: &HotReload, t: &Texts) {
    if !hot.errors.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(ALARM, egui::RichText::new(t.get("reload-failed")).strong());
            egui::ScrollArea::vertical()
                .id_salt("reload-errors")
                .max_height(160.0)
                .show(ui, |ui| {
                    for e in &hot.errors {
                        ui.label(egui::RichText::new(e).monospace());
                    }
                });
        });
    } else if let Some(r) = hot.last {
        ui.colored_label(
            WARN,
            t.with(
                "reload-done",
                &[
                    ("replayed", r.replayed.into()),
                    ("skipped", r.skipped.into()),
                ],
            ),
        );
    } else {
        ui.label(egui::RichText::new(t.get("reload-watching")).color(DIM));
    }
}
