//! "My progress": the trainee's finished sessions over time (a score chart, one line per case,
//! each case's pass mark dashed), each case's best and last score with "Play again", the
//! criteria missed in more than one session, and the logs left out as untrusted.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use egui_plot::{HLine, Legend, Line, LineStyle, Plot, PlotPoints, Points};
use fluent_bundle::FluentValue;

use super::ScreenCtx;
use crate::app::catalog::{Catalog, Lang, logs_dir};
use crate::app::flow::{BackToLibrary, OpenCase};
use crate::app::progress::ProgressState;
use crate::app::state::Screen;
use crate::app::trends::COLORS;
use crate::app::widgets::{ALARM, DIM, GOOD};
use crate::i18n::Texts;
use crate::progress::{Progress, Why};
use crate::wording::{log_error_text, verdict_id};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        progress_ui.run_if(in_state(Screen::Progress)),
    );
}

fn progress_ui(
    mut screen: ScreenCtx,
    state: Res<ProgressState>,
    mut back: MessageWriter<BackToLibrary>,
    mut open: MessageWriter<OpenCase>,
) -> Result {
    let (_, mut root) = screen.begin()?;
    let ScreenCtx {
        catalog,
        lang,
        settings,
        ..
    } = screen;
    let t = &lang.ui;
    egui::CentralPanel::default().show(&mut root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(t.get("progress-back")).clicked() {
                back.write(BackToLibrary);
            }
            let who = state.trainee.clone().unwrap_or_default();
            ui.heading(t.with("progress-title", &[("trainee", who.as_str().into())]));
        });
        let Some(who) = &state.trainee else {
            ui.label(t.get("progress-trainee-needed"));
            return;
        };
        let p = &state.progress;
        if p.sessions.is_empty() {
            ui.label(t.with(
                "progress-none",
                &[
                    ("trainee", who.as_str().into()),
                    (
                        "dir",
                        logs_dir(&settings.data_dir).display().to_string().into(),
                    ),
                ],
            ));
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            if !p.sessions.is_empty() {
                ui.heading(t.get("progress-chart"));
                chart(ui, p, &catalog, &lang);
                ui.add_space(6.0);
                cases(ui, p, &catalog, &lang, &mut open);
            }
            untrusted(ui, p, t);
            if !p.sessions.is_empty() {
                ui.separator();
                missed(ui, p, &catalog, &lang);
            }
        });
    });
    Ok(())
}

/// A case's title in the reader's language, or its id when the library no longer has it.
fn title(catalog: &Catalog, lang: &Lang, id: &str) -> String {
    catalog.index_of(id).map_or_else(
        || id.to_string(),
        |i| lang.case(i).get(&catalog.cases[i].case.scenario.title),
    )
}

/// The cases' colours: the trend plots' green, blue, yellow, purple and orange (not two reds).
const CASE_COLORS: [usize; 5] = [0, 5, 4, 7, 3];

fn color_of(p: &Progress, id: &str) -> egui::Color32 {
    let k = p.cases.iter().position(|c| c.case_id == id).unwrap_or(0);
    COLORS[CASE_COLORS[k % CASE_COLORS.len()]]
}

/// Every session's score in order (x: the session's number), one line per case.
fn chart(ui: &mut egui::Ui, p: &Progress, catalog: &Catalog, lang: &Lang) {
    let t = &lang.ui;
    Plot::new("progress-scores")
        .height(200.0)
        .include_y(0.0)
        .include_y(100.0)
        .include_x(0.5)
        .include_x(p.sessions.len() as f64 + 0.5)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .x_axis_label(t.get("progress-axis-session"))
        .y_axis_label(t.get("progress-axis-score"))
        .legend(Legend::default().position(egui_plot::Corner::RightBottom))
        .show(ui, |plot_ui| {
            for c in &p.cases {
                let color = color_of(p, &c.case_id);
                let name = title(catalog, lang, &c.case_id);
                let pts: Vec<[f64; 2]> = p
                    .sessions
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.case_id == c.case_id)
                    .map(|(i, s)| [i as f64 + 1.0, f64::from(s.report.percent)])
                    .collect();
                if let Some(pass) = p
                    .sessions
                    .iter()
                    .find(|s| s.case_id == c.case_id)
                    .map(|s| s.report.pass_mark)
                {
                    plot_ui.hline(
                        HLine::new("", f64::from(pass))
                            .color(color.gamma_multiply(0.5))
                            .style(LineStyle::dashed_loose()),
                    );
                }
                plot_ui.line(
                    Line::new(name.clone(), PlotPoints::from(pts.clone()))
                        .color(color)
                        .width(1.5),
                );
                plot_ui.points(
                    Points::new(name, PlotPoints::from(pts))
                        .color(color)
                        .radius(3.5),
                );
            }
        });
}

/// Each case: sessions, best, last, play again.
fn cases(
    ui: &mut egui::Ui,
    p: &Progress,
    catalog: &Catalog,
    lang: &Lang,
    open: &mut MessageWriter<OpenCase>,
) {
    let t = &lang.ui;
    ui.heading(t.get("progress-cases"));
    let score =
        |(percent, passed): (u32, bool)| {
            egui::RichText::new(format!("{percent}% {}", t.get(verdict_id(passed))))
                .color(if passed { GOOD } else { ALARM })
        };
    egui::Grid::new("progress-cases")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for id in [
                "progress-col-case",
                "progress-col-sessions",
                "progress-col-best",
                "progress-col-last",
            ] {
                ui.label(egui::RichText::new(t.get(id)).strong());
            }
            ui.end_row();
            for c in &p.cases {
                ui.label(
                    egui::RichText::new(title(catalog, lang, &c.case_id))
                        .color(color_of(p, &c.case_id)),
                );
                ui.label(c.sessions.to_string());
                ui.label(score(c.best));
                ui.label(score(c.last));
                match catalog.index_of(&c.case_id) {
                    Some(i) => {
                        if ui.button(t.get("progress-play-again")).clicked() {
                            open.write(OpenCase(i));
                        }
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
}

/// The criteria missed in more than one session, most often first, each by its feedback.
fn missed(ui: &mut egui::Ui, p: &Progress, catalog: &Catalog, lang: &Lang) {
    let t = &lang.ui;
    ui.heading(t.get("progress-missed-again"));
    if p.missed.is_empty() {
        ui.label(egui::RichText::new(t.get("progress-missed-none")).color(DIM));
    }
    for m in &p.missed {
        let ct = catalog.index_of(&m.case_id).map_or(t, |i| lang.case(i));
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(t.with(
                        "progress-missed-count",
                        &[("count", FluentValue::from(m.count))],
                    ))
                    .color(ALARM)
                    .strong(),
                );
                ui.label(
                    egui::RichText::new(title(catalog, lang, &m.case_id))
                        .color(color_of(p, &m.case_id))
                        .small(),
                );
            });
            ui.label(ct.get(&m.feedback));
        });
    }
}

/// Logs of the trainee's that did not verify: named, with the reason, and counted nowhere.
fn untrusted(ui: &mut egui::Ui, p: &Progress, t: &Texts) {
    if p.untrusted.is_empty() {
        return;
    }
    ui.separator();
    ui.heading(egui::RichText::new(t.get("progress-untrusted")).color(ALARM));
    for u in &p.untrusted {
        let reason = match &u.why {
            Why::Log(e) => log_error_text(e, t),
            other => other.to_string(),
        };
        let file = u.path.file_name().map_or_else(
            || u.path.display().to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
        ui.label(
            egui::RichText::new(t.with(
                "progress-untrusted-line",
                &[("file", file.into()), ("reason", reason.into())],
            ))
            .color(ALARM)
            .small(),
        );
    }
}
