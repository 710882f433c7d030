//! The what-if's vitals on one plot: the trainee's session solid, the what-if dashed in the same
//! colour, and optionally the expert's golden path patient (same seed) faint behind both; the
//! session's decisions as faint lines, the what-if's as amber ones.

use bevy_egui::egui;
use egui_plot::{Line, LineStyle, Plot, PlotPoints, VLine};

use super::trends::{COLORS, MAX_POINTS, VITALS, decimate};
use super::widgets::{WARN, value_of};
use crate::i18n::{Locale, Texts};
use crate::sim::{Record, Simulation};

/// The values compared: those a what-if changes first and a trainee reads first.
const COMPARED: [&str; 4] = ["map", "hr", "rr", "spo2"];

fn series(sim: &Simulation, v: usize, locale: Locale) -> Vec<[f64; 2]> {
    let case = sim.case();
    let axis = super::trends::TimeAxis::for_case(case);
    let pts: Vec<[f64; 2]> = sim
        .trajectory()
        .iter()
        .map(|(t, vals)| {
            [
                axis.at(*t),
                value_of(case, v, f64::from(vals[v]), locale).value,
            ]
        })
        .collect();
    decimate(&pts, MAX_POINTS)
}

fn decision_times(sim: &Simulation) -> Vec<u64> {
    sim.records()
        .iter()
        .filter_map(|r| match r {
            Record::Decision { t, .. } => Some(*t),
            _ => None,
        })
        .collect()
}

/// Draws the plot with its key above it.
pub fn compare(
    ui: &mut egui::Ui,
    session: &Simulation,
    what_if: &Simulation,
    expert: Option<(&str, &Simulation)>,
    t: &Texts,
    locale: Locale,
    height: f32,
) {
    let case = session.case();
    let vars: Vec<(usize, String, egui::Color32)> = COMPARED
        .iter()
        .filter_map(|id| {
            let v = case.var(id)?;
            let k = VITALS.iter().position(|x| x == id).unwrap_or(0);
            Some((v, t.get(&case.vars[v].label), COLORS[k % COLORS.len()]))
        })
        .collect();
    // The key: each value's name in its colour, then what solid, dashed and faint mean.
    let font = egui::TextStyle::Small.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut add = |text: &str, color: egui::Color32| {
        job.append(text, 0.0, egui::TextFormat::simple(font.clone(), color));
    };
    for (_, name, color) in &vars {
        add(&format!("■\u{a0}{name}   "), *color);
    }
    let grey = egui::Color32::from_gray(210);
    add(
        &format!("\n━\u{a0}{}   ", t.get("whatif-legend-session")),
        grey,
    );
    add(
        &format!("- -\u{a0}{}   ", t.get("whatif-legend-what-if")),
        WARN,
    );
    if let Some((path, _)) = expert {
        add(
            &t.with("whatif-expert-legend", &[("path", path.into())]),
            egui::Color32::from_gray(130),
        );
    }
    ui.label(job);
    let what_if_label = t.get("whatif-col-what-if");
    let axis = super::trends::TimeAxis::for_case(session.case());
    let session_decisions = decision_times(session);
    let what_if_decisions = decision_times(what_if);
    Plot::new("whatif-vitals")
        .height(height)
        .allow_scroll(false)
        .include_x(0.0)
        .include_y(0.0)
        .x_axis_label(t.get(axis.label()))
        .show(ui, |plot_ui| {
            for at in &session_decisions {
                plot_ui.vline(
                    VLine::new("", axis.at(*at))
                        .color(egui::Color32::from_rgba_unmultiplied(255, 255, 255, 50))
                        .width(1.0),
                );
            }
            // Where the what-if's decisions differ from the session's.
            for at in what_if_decisions
                .iter()
                .filter(|at| !session_decisions.contains(at))
            {
                plot_ui.vline(
                    VLine::new("", axis.at(*at))
                        .color(WARN.gamma_multiply(0.8))
                        .style(LineStyle::dashed_dense())
                        .width(1.5),
                );
            }
            for (v, name, color) in &vars {
                if let Some((path, sim)) = expert {
                    plot_ui.line(
                        Line::new(format!("{name} ({path})"), series(sim, *v, locale))
                            .color(color.gamma_multiply(0.3))
                            .width(4.0),
                    );
                }
                plot_ui.line(
                    Line::new(name.clone(), series(session, *v, locale))
                        .color(*color)
                        .width(1.5),
                );
                plot_ui.line(
                    Line::new(
                        format!("{name} ({what_if_label})"),
                        PlotPoints::from(series(what_if, *v, locale)),
                    )
                    .color(*color)
                    .style(LineStyle::dashed_loose())
                    .width(2.0),
                );
            }
        });
}
