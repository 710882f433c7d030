//! The library: who is playing, the language, the cases by clinical area, and unfinished
//! sessions to resume.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use crate::app::catalog::{Catalog, Lang, UnfinishedLogs};
use crate::app::flow::{Feedback, OpenCase, ResumeLog, Screen, SetLocale, Settings};
use crate::app::review::ReviewLogs;
use crate::app::widgets::{ALARM, DIM, WARN, clock_text, root_ui, top_bar};
use crate::scenario::model::{Area, Difficulty};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        library_ui.run_if(in_state(Screen::Library)),
    );
}

fn difficulty_id(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Foundation => "difficulty-foundation",
        Difficulty::Intermediate => "difficulty-intermediate",
        Difficulty::Advanced => "difficulty-advanced",
    }
}

#[allow(clippy::too_many_arguments)]
fn library_ui(
    mut contexts: EguiContexts,
    catalog: Res<Catalog>,
    lang: Res<Lang>,
    unfinished: Res<UnfinishedLogs>,
    feedback: Res<Feedback>,
    mut settings: ResMut<Settings>,
    mut set_locale: MessageWriter<SetLocale>,
    mut open: MessageWriter<OpenCase>,
    mut resume: MessageWriter<ResumeLog>,
    mut review: MessageWriter<ReviewLogs>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    top_bar(&mut root, &lang, &mut set_locale);
    let t = &lang.ui;
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.label(t.get("trainee-id"));
            ui.add(
                egui::TextEdit::singleline(&mut settings.trainee)
                    .hint_text(t.get("trainee-hint"))
                    .desired_width(260.0),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(t.get("library-review")).clicked() {
                    review.write(ReviewLogs);
                }
            });
        });
        if let Some(e) = &feedback.error {
            ui.colored_label(ALARM, e);
        }
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(t.get("library-cases"));
            if catalog.cases.is_empty() {
                ui.label(t.get("library-no-cases"));
            }
            let mut areas: Vec<Area> = catalog.cases.iter().map(|c| c.case.scenario.area).collect();
            areas.sort();
            areas.dedup();
            for area in areas {
                ui.add_space(6.0);
                ui.label(
                    egui::RichText::new(t.get(area.message_id()))
                        .heading()
                        .color(WARN),
                );
                for (i, loaded) in catalog.cases.iter().enumerate() {
                    let s = &loaded.case.scenario;
                    if s.area != area {
                        continue;
                    }
                    let ct = lang.case(i);
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(ct.get(&s.title)).strong().size(18.0));
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    if ui.button(t.get("library-open")).clicked() {
                                        open.write(OpenCase(i));
                                    }
                                },
                            );
                        });
                        ui.label(ct.get(&s.summary));
                        ui.label(
                            egui::RichText::new(format!(
                                "{} · {}",
                                t.get(difficulty_id(s.difficulty)),
                                t.with(
                                    "library-minutes",
                                    &[("minutes", FluentValue::from(s.expected_minutes))]
                                )
                            ))
                            .color(DIM),
                        );
                    });
                }
            }

            ui.add_space(12.0);
            ui.heading(t.get("library-unfinished"));
            if unfinished.0.is_empty() {
                ui.label(egui::RichText::new(t.get("library-none-unfinished")).color(DIM));
            }
            for u in &unfinished.0 {
                ui.horizontal(|ui| {
                    if let Some(p) = &u.problem {
                        ui.colored_label(ALARM, p);
                        return;
                    }
                    let title = catalog
                        .index_of(&u.case_id)
                        .map(|i| lang.case(i).get(&catalog.cases[i].case.scenario.title));
                    let can = title.is_some();
                    if ui
                        .add_enabled(can, egui::Button::new(t.get("library-resume")))
                        .clicked()
                    {
                        resume.write(ResumeLog(u.path.clone()));
                    }
                    ui.label(title.unwrap_or_else(|| u.case_id.clone()));
                    ui.label(
                        egui::RichText::new(t.with(
                            "library-unfinished-detail",
                            &[
                                ("trainee", u.trainee.as_str().into()),
                                ("time", clock_text(u.t).into()),
                            ],
                        ))
                        .color(DIM),
                    );
                    ui.label(
                        egui::RichText::new(u.path.display().to_string())
                            .small()
                            .color(DIM),
                    );
                });
            }

            if !catalog.problems.is_empty() {
                ui.add_space(12.0);
                ui.collapsing(t.get("library-problems"), |ui| {
                    for p in &catalog.problems {
                        ui.label(egui::RichText::new(p).monospace().color(ALARM));
                    }
                });
            }
        });
    });
    Ok(())
}
