//! The library: who is playing, the language, the cases by clinical area, and unfinished
//! sessions to resume.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use super::ScreenCtx;
use crate::app::catalog::UnfinishedLogs;
use crate::app::flow::{OpenCase, ResumeLog};
use crate::app::lrs::{LrsDialog, LrsSync, SendQueued, SyncReport};
use crate::app::progress::OpenProgress;
use crate::app::review::ReviewLogs;
use crate::app::state::{Screen, Settings};
use crate::app::widgets::{ALARM, DIM, GOOD, WARN, clock_text};
use crate::i18n::Texts;
use crate::scenario::model::{Area, Difficulty};
use crate::wording::log_error_text;

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

/// Where the library sends the trainee: a case's briefing, an unfinished session, the Review
/// screen.
#[derive(SystemParam)]
struct LibrarySend<'w> {
    open: MessageWriter<'w, OpenCase>,
    resume: MessageWriter<'w, ResumeLog>,
    review: MessageWriter<'w, ReviewLogs>,
    progress: MessageWriter<'w, OpenProgress>,
}

/// The LRS setting and its dialog's messages.
#[derive(SystemParam)]
struct LrsControls<'w> {
    sync: ResMut<'w, LrsSync>,
    dialog: MessageWriter<'w, LrsDialog>,
    send_queued: MessageWriter<'w, SendQueued>,
}

fn library_ui(
    mut screen: ScreenCtx,
    unfinished: Res<UnfinishedLogs>,
    send: LibrarySend,
    controls: LrsControls,
) -> Result {
    let (ctx, mut root) = screen.begin()?;
    let ScreenCtx {
        catalog,
        lang,
        mut settings,
        feedback,
        ..
    } = screen;
    let LibrarySend {
        mut open,
        mut resume,
        mut review,
        mut progress,
    } = send;
    let LrsControls {
        sync: mut lrs,
        dialog: mut lrs_dialog,
        mut send_queued,
    } = controls;
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
                if ui.button(t.get("progress-open")).clicked() {
                    progress.write(OpenProgress);
                }
                if ui.button(t.get("lrs-settings")).clicked() {
                    lrs_dialog.write(LrsDialog::Open);
                }
            });
        });
        if let Some(e) = &feedback.error {
            ui.colored_label(ALARM, e);
        }
        if let Some(e) = &lrs.load_error {
            ui.colored_label(
                ALARM,
                t.with("lrs-load-error", &[("error", e.as_str().into())]),
            );
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
                        ui.colored_label(ALARM, log_error_text(p, t));
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
    lrs_settings_dialog(
        &ctx,
        t,
        &settings,
        &mut lrs,
        &mut lrs_dialog,
        &mut send_queued,
    );
    Ok(())
}

/// The LRS dialog: whether to send results after each case, and where. The password itself is
/// never asked for: only the name of the environment variable holding it.
fn lrs_settings_dialog(
    ctx: &egui::Context,
    t: &Texts,
    settings: &Settings,
    lrs: &mut LrsSync,
    dialog: &mut MessageWriter<LrsDialog>,
    send_queued: &mut MessageWriter<SendQueued>,
) {
    let busy = lrs.busy();
    let last = lrs.last.clone();
    let save_error = lrs.save_error.clone();
    let Some(form) = &mut lrs.editing else {
        return;
    };
    egui::Modal::new(egui::Id::new("lrs-dialog")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading(t.get("lrs-title"));
        ui.label(egui::RichText::new(t.get("lrs-explain")).color(DIM));
        ui.checkbox(&mut form.send_after_each_case, t.get("lrs-send-after"));
        egui::Grid::new("lrs-grid").num_columns(2).show(ui, |ui| {
            ui.label(t.get("lrs-endpoint"));
            ui.add(
                egui::TextEdit::singleline(&mut form.endpoint)
                    .hint_text("https://lrs.example.org/xAPI/")
                    .desired_width(360.0),
            );
            ui.end_row();
            ui.label(t.get("lrs-user"));
            ui.add(egui::TextEdit::singleline(&mut form.user).desired_width(360.0));
            ui.end_row();
            ui.label(t.get("lrs-password-env"));
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut form.password_env).desired_width(220.0));
                let set = std::env::var_os(form.password_env.trim()).is_some_and(|v| !v.is_empty());
                if set {
                    ui.colored_label(GOOD, t.get("lrs-password-set"));
                } else {
                    ui.colored_label(WARN, t.get("lrs-password-unset"));
                }
            });
            ui.end_row();
            ui.label(t.get("lrs-home-page"));
            ui.add(egui::TextEdit::singleline(&mut form.home_page).desired_width(360.0));
            ui.end_row();
            ui.label(t.get("lrs-hospital"));
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut form.hospital)
                        .hint_text(t.get("lrs-hospital-hint"))
                        .desired_width(220.0),
                );
                // Said as it is typed; Save refuses an invalid id (with the reason in detail).
                if form.checked_hospital().is_err() {
                    ui.colored_label(WARN, t.get("lrs-hospital-invalid"));
                }
            });
            ui.end_row();
        });
        ui.label(
            egui::RichText::new(
                t.with(
                    "lrs-outbox",
                    &[(
                        "folder",
                        crate::app::lrs::outbox_dir(&settings.data_dir)
                            .display()
                            .to_string()
                            .into(),
                    )],
                ),
            )
            .small()
            .color(DIM),
        );
        if let Some(e) = &save_error {
            ui.colored_label(ALARM, e);
        }
        if busy {
            ui.label(t.get("lrs-sending"));
        } else if let Some(r) = &last {
            sync_report(ui, r, t);
        }
        ui.horizontal(|ui| {
            if ui
                .button(egui::RichText::new(t.get("lrs-save")).strong())
                .clicked()
            {
                dialog.write(LrsDialog::Save(form.clone()));
            }
            if ui
                .add_enabled(!busy, egui::Button::new(t.get("lrs-send-now")))
                .clicked()
            {
                send_queued.write(SendQueued);
            }
            if ui.button(t.get("cancel")).clicked() {
                dialog.write(LrsDialog::Close);
            }
        });
    });
}

/// One line on what the last delivery to the LRS did.
pub(super) fn sync_report(ui: &mut egui::Ui, r: &SyncReport, t: &Texts) {
    if r.sent > 0 {
        ui.colored_label(
            GOOD,
            t.with("lrs-sent", &[("statements", FluentValue::from(r.sent))]),
        );
    }
    for why in &r.rejected {
        ui.colored_label(
            ALARM,
            t.with("lrs-rejected", &[("reason", why.as_str().into())]),
        );
    }
    if let Some(why) = &r.stopped {
        ui.colored_label(
            WARN,
            t.with(
                "lrs-not-sent",
                &[
                    ("reason", why.as_str().into()),
                    ("queued", FluentValue::from(r.queued)),
                ],
            ),
        );
    } else if r.sent == 0 && r.rejected.is_empty() {
        ui.label(egui::RichText::new(t.get("lrs-nothing-queued")).color(DIM));
    }
}
