//! The briefing: the handover, the patient's chart and admission labs, the case's learning design
//! (learners, objectives, prebrief), then start.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

use super::ScreenCtx;
use crate::app::flow::{BackToLibrary, StartCase};
use crate::app::state::Screen;
use crate::app::widgets::{ALARM, DIM, WARN, flag_arrow, patient_header, value_of};
use crate::i18n::Texts;
use crate::scenario::case::Case;
use crate::scenario::model::OnBoard;
use crate::units::fmt_num;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        briefing_ui.run_if(in_state(Screen::Briefing)),
    );
}

/// One `on_board` entry as the chart reads it, in the units the case wrote it in.
fn on_board_text(case: &Case, ob: &OnBoard, t: &Texts) -> String {
    let def = case.drugs.iter().find(|d| d.def.id == ob.drug);
    let drug = def.map_or_else(|| ob.drug.clone(), |d| t.get(&d.def.name));
    let amount = |(v, u): &(f64, String)| format!("{} {u}", fmt_num(*v));
    if let Some(rate) = &ob.rate {
        return t.with(
            "chart-on-board-infusion",
            &[("drug", drug.into()), ("rate", amount(rate).into())],
        );
    }
    // Left out only when the drug has a single route (validation requires it otherwise).
    let route = ob
        .route
        .or_else(|| def.and_then(|d| d.ka.keys().next().copied()))
        .map_or_else(String::new, |r| crate::wording::route_name(r, t));
    let dose = ob.dose.as_ref().map_or_else(String::new, amount);
    let minutes = ob.ago.secs().div_ceil(60);
    if minutes == 0 {
        t.with(
            "chart-on-board-dose-now",
            &[
                ("drug", drug.into()),
                ("amount", dose.into()),
                ("route", route.into()),
            ],
        )
    } else {
        t.with(
            "chart-on-board-dose",
            &[
                ("drug", drug.into()),
                ("amount", dose.into()),
                ("route", route.into()),
                ("minutes", (minutes as f64).into()),
            ],
        )
    }
}

fn briefing_ui(
    mut screen: ScreenCtx,
    mut start: MessageWriter<StartCase>,
    mut back: MessageWriter<BackToLibrary>,
) -> Result {
    let (_, mut root) = screen.begin()?;
    let ScreenCtx {
        catalog,
        lang,
        settings,
        feedback,
        ..
    } = screen;
    let Some(i) = settings.selected else {
        return Ok(());
    };
    let Some(loaded) = catalog.cases.get(i) else {
        return Ok(());
    };
    let case = &loaded.case;
    let s = &case.scenario;
    let t = lang.case(i);
    egui::Panel::bottom("briefing-actions").show(&mut root, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if ui.button(t.get("back-to-library")).clicked() {
                back.write(BackToLibrary);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let b = egui::Button::new(
                    egui::RichText::new(t.get("briefing-start"))
                        .size(18.0)
                        .strong(),
                );
                if ui.add(b).clicked() {
                    start.write(StartCase::default());
                }
                // Without a name the log says "anonymous" (`flow::start_case`): say so, and where
                // to give one.
                if let Some(trainee) = settings.trainee_given() {
                    ui.label(
                        egui::RichText::new(t.with("briefing-as", &[("trainee", trainee.into())]))
                            .color(DIM),
                    );
                } else {
                    ui.label(egui::RichText::new(t.get("briefing-as-anonymous")).color(WARN));
                }
            });
        });
        if let Some(e) = &feedback.error {
            ui.colored_label(ALARM, e);
        }
        ui.add_space(4.0);
    });
    // The learning design beside the chart, before the patient appears: whom the case is for,
    // what it teaches and the prebrief (`learning::briefing_design`).
    if super::learning::has_design(case) {
        egui::Panel::right("briefing-learning")
            .resizable(false)
            .exact_size(470.0)
            .show(&mut root, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("briefing-learning")
                    .show(ui, |ui| super::learning::briefing_design(ui, case, t));
            });
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(t.get(&s.title));
            ui.add_space(4.0);
            patient_header(ui, case, t);
            ui.separator();
            ui.label(egui::RichText::new(t.get("briefing-handover")).strong());
            ui.label(egui::RichText::new(t.get(&s.handover)).size(16.0));
            if s.clock_runs_in_dialogs {
                ui.add_space(4.0);
                ui.label(
                    egui::RichText::new(t.get("briefing-clock-runs"))
                        .color(WARN)
                        .strong(),
                );
            }
            ui.add_space(8.0);
            ui.columns(2, |cols| {
                let list = |ui: &mut egui::Ui, head: &str, items: &[String]| {
                    ui.label(egui::RichText::new(t.get(head)).strong());
                    if items.is_empty() {
                        ui.label(egui::RichText::new(t.get("chart-none")).color(DIM));
                    }
                    for it in items {
                        ui.label(format!("• {}", t.get(it)));
                    }
                    ui.add_space(6.0);
                };
                // Ragged right, as the debrief's criteria (see `widgets::ragged`).
                crate::app::widgets::ragged(&mut cols[0], |ui| {
                    list(ui, "chart-history", &s.patient.history);
                    list(ui, "chart-medications", &s.patient.medications);
                    if !s.on_board.is_empty() {
                        ui.label(egui::RichText::new(t.get("chart-on-board")).strong());
                        for ob in &s.on_board {
                            ui.label(format!("• {}", on_board_text(case, ob, t)));
                        }
                        ui.add_space(6.0);
                    }
                    if !case.schedule.is_empty() {
                        ui.label(egui::RichText::new(t.get("feed-standing")).strong());
                        for (k, sd) in case.schedule.iter().enumerate() {
                            let first = sd.at.first().copied().unwrap_or(0);
                            ui.label(format!(
                                "• {}",
                                t.with(
                                    "feed-standing-next",
                                    &[
                                        (
                                            "order",
                                            crate::wording::standing_order_words(case, k, t).into()
                                        ),
                                        ("at", crate::app::widgets::clock_text(first).into()),
                                    ],
                                )
                            ));
                        }
                        ui.add_space(6.0);
                    }
                    if s.patient.allergies.is_empty() {
                        ui.label(egui::RichText::new(t.get("allergies")).strong());
                        ui.label(t.get("allergies-none"));
                    } else {
                        list(ui, "allergies", &s.patient.allergies);
                    }
                });

                let ui = &mut cols[1];
                ui.label(egui::RichText::new(t.get("chart-labs")).strong());
                if s.patient.chart_labs.is_empty() {
                    ui.label(egui::RichText::new(t.get("chart-none")).color(DIM));
                }
                egui::Grid::new("chart-labs").striped(true).show(ui, |ui| {
                    for id in &s.patient.chart_labs {
                        let Some(v) = case.var(id) else { continue };
                        let value = case.initial[v];
                        let shown = value_of(case, v, value, lang.locale);
                        ui.label(t.get(&case.vars[v].label));
                        let flag = case.vars[v].flag(value);
                        let text = format!("{shown}{}", flag_arrow(flag));
                        if flag != 0 {
                            ui.colored_label(ALARM, text);
                        } else {
                            ui.label(text);
                        }
                        ui.end_row();
                    }
                });
            });
        });
    });
    Ok(())
}
