//! The debrief: the score, pass or fail and why, every criterion with its feedback and the
//! guideline behind it, the timeline with each decision marked, and where the log is.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use super::ScreenCtx;
use crate::app::flow::{Away, LeaveDebrief, Leaving};
use crate::app::lrs::LrsSync;
use crate::app::state::{Active, Screen};
use crate::app::trends;
use crate::app::whatif::OpenWhatIf;
use crate::app::widgets::{ALARM, DIM, GOOD};
use crate::i18n::Texts;
use crate::rubric::ScoreReport;
use crate::scenario::{Case, LoadedCase};
use crate::wording::{
    detail_text, end_id, fail_reason_text, sources_lines, status_id, verdict_id, weight_id,
};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        debrief_ui.run_if(in_state(Screen::Debrief).and_then(resource_exists::<Active>)),
    );
}

fn debrief_ui(
    mut screen: ScreenCtx,
    active: Res<Active>,
    mut leave: MessageWriter<LeaveDebrief>,
    leaving: Res<Leaving>,
    lrs: Res<LrsSync>,
    mut whatif: MessageWriter<OpenWhatIf>,
) -> Result {
    let (_, mut root) = screen.begin()?;
    let ScreenCtx {
        catalog,
        lang,
        feedback,
        ..
    } = screen;
    let t = lang.case(active.case);
    let Some(loaded) = catalog.cases.get(active.case) else {
        return Ok(());
    };
    let case = &loaded.case;
    let sim = &active.session.sim;
    let Some(report) = active.session.score() else {
        return Ok(());
    };
    // Leaving drops the session: `LeaveDebrief` waits for the log (and `super::leave_dialog`
    // asks if writing it failed).
    let unsaved = active.session.unsaved_lines();
    egui::Panel::bottom("debrief-bottom").show(&mut root, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if *leaving == Leaving::WhenSaved(Away::Library) {
                ui.label(t.get("debrief-leave-when-saved"));
            } else if ui.button(t.get("back-to-library")).clicked() {
                leave.write(LeaveDebrief);
            }
            // What if: the finished log, re-simulated with the trainee's changes (never a log).
            if let Some(p) = active.session.log_path()
                && ui
                    .add_enabled(unsaved == 0, egui::Button::new(t.get("whatif-open")))
                    .on_hover_text(t.get("whatif-open-hint"))
                    .clicked()
            {
                whatif.write(OpenWhatIf {
                    case: active.case,
                    log: p.to_path_buf(),
                    back: Screen::Debrief,
                    edits: Vec::new(),
                });
            }
            if let Some(p) = active.session.log_path() {
                let id = if unsaved > 0 {
                    "debrief-log-saving"
                } else {
                    "debrief-log"
                };
                ui.label(t.with(id, &[("path", p.display().to_string().into())]));
            }
        });
        // A write that failed (a full disk): why; the app tries again every two seconds.
        if let Some(e) = &feedback.error {
            ui.colored_label(ALARM, e);
        }
        if lrs.settings.send_after_each_case {
            if lrs.busy() {
                ui.label(t.get("lrs-sending"));
            } else if let Some(r) = &lrs.last {
                super::library::sync_report(ui, r, t);
            }
        }
        if let Some(h) = active.session.last_hash() {
            ui.label(
                egui::RichText::new(t.with("debrief-hash", &[("hash", h.into())]))
                    .monospace()
                    .small()
                    .color(DIM),
            );
        }
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.heading(t.with(
            "debrief-title",
            &[("title", t.get(&case.scenario.title).into())],
        ));
        verdict(ui, report, loaded, t);
        ui.separator();
        ui.columns(2, |cols| {
            egui::ScrollArea::vertical()
                .id_salt("criteria")
                .show(&mut cols[0], |ui| {
                    ui.heading(t.get("debrief-criteria"));
                    criteria(ui, report, case, t);
                });
            egui::ScrollArea::vertical()
                .id_salt("timeline")
                .show(&mut cols[1], |ui| {
                    ui.heading(t.get("debrief-timeline"));
                    trends::vitals(ui, "debrief-vitals", sim, t, lang.locale, 300.0);
                    crate::app::widgets::ragged(ui, |ui| {
                        crate::app::feed::decision_list(ui, sim, t)
                    });
                });
        });
    });
    Ok(())
}

/// The verdict, the score against the pass mark, why it failed, and how the case ended.
pub(super) fn verdict(ui: &mut egui::Ui, report: &ScoreReport, loaded: &LoadedCase, t: &Texts) {
    let case = &loaded.case;
    ui.horizontal(|ui| {
        let verdict = egui::RichText::new(t.get(verdict_id(report.passed)))
            .color(if report.passed { GOOD } else { ALARM });
        ui.label(verdict.size(28.0).strong());
        ui.label(
            egui::RichText::new(t.with(
                "report-score",
                &[
                    ("earned", FluentValue::from(report.earned)),
                    ("available", FluentValue::from(report.available)),
                    ("percent", FluentValue::from(report.percent)),
                    ("pass", FluentValue::from(report.pass_mark)),
                ],
            ))
            .size(18.0),
        );
    });
    for f in &report.fail_reasons {
        ui.colored_label(
            ALARM,
            format!("! {}", fail_reason_text(f, t, loaded, false)),
        );
    }
    let state = case
        .states
        .iter()
        .find(|s| s.id == report.final_state)
        .map_or_else(|| report.final_state.clone(), |s| t.get(&s.label));
    ui.label(t.with(
        "report-ended",
        &[
            ("reason", t.get(end_id(report.ended.as_ref())).into()),
            ("state", state.into()),
        ],
    ));
}

/// Every criterion with its outcome, feedback, the detail that decided it and its source;
/// under their learning objectives when the case has any (`learning::debrief_criteria`).
pub(super) fn criteria(ui: &mut egui::Ui, report: &ScoreReport, case: &Case, t: &Texts) {
    super::learning::debrief_criteria(ui, report, case, t);
}

/// One criterion's card: its outcome, points, feedback, detail and sources.
pub(super) fn criterion_card(
    ui: &mut egui::Ui,
    c: &crate::rubric::CriterionResult,
    case: &Case,
    t: &Texts,
) {
    {
        let (mark, color) = crate::app::widgets::status_mark(c.status);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            crate::app::widgets::ragged(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(format!("{mark} {}", t.get(status_id(c.status))))
                            .color(color)
                            .strong(),
                    );
                    ui.label(
                        egui::RichText::new(format!(
                            "[{}] {}/{}",
                            t.get(weight_id(c.weight)),
                            c.earned,
                            c.points
                        ))
                        .color(DIM),
                    );
                    ui.label(egui::RichText::new(t.get(&c.feedback)).strong());
                });
                ui.label(
                    egui::RichText::new(t.with(
                        "report-detail",
                        &[("detail", detail_text(&c.detail, case, t).into())],
                    ))
                    .small()
                    .color(DIM),
                );
                // Every source, each followed by where in it, how strong and for whom.
                for (details, line) in sources_lines(c.sources(), t) {
                    let text = egui::RichText::new(line).small();
                    ui.label(if details {
                        text.color(DIM)
                    } else {
                        text.italics()
                    });
                }
            });
        });
    }
}
