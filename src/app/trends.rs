//! Trend plots of vitals and measured labs over simulated time, with the trainee's decisions
//! marked on the time axis (numbered, so a list beside the plot can name them).

use bevy_egui::egui;
use egui_plot::{Corner, Legend, Line, Plot, PlotPoint, PlotPoints, Points, Text, VLine};

use super::widgets::value_of;
use crate::i18n::{Locale, Texts};
use crate::sim::{Record, Simulation};

/// The vitals plotted, in legend order.
const VITALS: [&str; 7] = ["hr", "sbp", "dbp", "map", "rr", "spo2", "temp"];

const COLORS: [egui::Color32; 8] = [
    egui::Color32::from_rgb(90, 230, 110),
    egui::Color32::from_rgb(240, 110, 110),
    egui::Color32::from_rgb(200, 90, 90),
    egui::Color32::from_rgb(255, 160, 120),
    egui::Color32::from_rgb(240, 220, 90),
    egui::Color32::from_rgb(90, 200, 240),
    egui::Color32::from_rgb(220, 220, 220),
    egui::Color32::from_rgb(200, 140, 255),
];

/// (time, action id) of each accepted decision, in order.
pub fn decisions(sim: &Simulation) -> Vec<(u64, String)> {
    sim.records()
        .iter()
        .filter_map(|r| match r {
            Record::Decision { t, order, .. } => Some((*t, order.action.clone())),
            _ => None,
        })
        .collect()
}

fn minutes(t: u64) -> f64 {
    t as f64 / 60.0
}

fn mark_decisions(plot_ui: &mut egui_plot::PlotUi<'_>, sim: &Simulation, top: f64, label: &str) {
    for (n, (t, _)) in decisions(sim).iter().enumerate() {
        plot_ui.vline(
            VLine::new(label, minutes(*t))
                .color(egui::Color32::from_rgba_unmultiplied(255, 255, 255, 90))
                .width(1.0),
        );
        plot_ui.text(
            Text::new(
                label,
                PlotPoint::new(minutes(*t), top),
                format!("{}", n + 1),
            )
            .color(egui::Color32::WHITE),
        );
    }
}

/// Vitals against minutes, decisions marked.
pub fn vitals(
    ui: &mut egui::Ui,
    id: &str,
    sim: &Simulation,
    t: &Texts,
    locale: Locale,
    height: f32,
) {
    let case = sim.case();
    let traj = sim.trajectory();
    let mut top: f64 = 0.0;
    let series: Vec<(String, Vec<[f64; 2]>, egui::Color32)> = VITALS
        .iter()
        .enumerate()
        .filter_map(|(k, vid)| {
            let v = case.var(vid)?;
            let pts: Vec<[f64; 2]> = traj
                .iter()
                .map(|(tt, vals)| {
                    let y = value_of(case, v, f64::from(vals[v]), locale).value;
                    [minutes(*tt), y]
                })
                .collect();
            for p in &pts {
                top = top.max(p[1]);
            }
            Some((t.get(&case.vars[v].label), pts, COLORS[k % COLORS.len()]))
        })
        .collect();
    let decision_label = t.get("trend-decisions");
    Plot::new(id.to_owned())
        .height(height)
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .background_alpha(0.6)
                .text_style(egui::TextStyle::Small),
        )
        .allow_scroll(false)
        .include_x(0.0)
        .include_y(0.0)
        .x_axis_label(t.get("trend-minutes"))
        .show(ui, |plot_ui| {
            for (name, pts, color) in series {
                plot_ui.line(
                    Line::new(name, PlotPoints::from(pts))
                        .color(color)
                        .width(1.5),
                );
            }
            mark_decisions(plot_ui, sim, top + 8.0, &decision_label);
        });
}

/// Lab results as they returned (values as the locale reads them), decisions marked.
pub fn labs(ui: &mut egui::Ui, id: &str, sim: &Simulation, t: &Texts, locale: Locale, height: f32) {
    let case = sim.case();
    // var index → points
    let mut by_var: Vec<(usize, Vec<[f64; 2]>)> = Vec::new();
    for r in sim.records() {
        if let Record::Result {
            ordered_at, values, ..
        } = r
        {
            for (vid, x) in values {
                let Some(v) = case.var(vid) else { continue };
                let y = value_of(case, v, *x, locale).value;
                match by_var.iter_mut().find(|(i, _)| *i == v) {
                    Some((_, pts)) => pts.push([minutes(*ordered_at), y]),
                    None => by_var.push((v, vec![[minutes(*ordered_at), y]])),
                }
            }
        }
    }
    if by_var.is_empty() {
        ui.label(egui::RichText::new(t.get("trend-no-labs")).color(super::widgets::DIM));
        return;
    }
    let top = by_var
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q[1]))
        .fold(0.0_f64, f64::max);
    let decision_label = t.get("trend-decisions");
    Plot::new(id.to_owned())
        .height(height)
        .legend(
            Legend::default()
                .position(Corner::RightTop)
                .background_alpha(0.6)
                .text_style(egui::TextStyle::Small),
        )
        .allow_scroll(false)
        .include_x(0.0)
        .include_y(0.0)
        .x_axis_label(t.get("trend-minutes-sampled"))
        .show(ui, |plot_ui| {
            for (k, (v, pts)) in by_var.into_iter().enumerate() {
                let unit = value_of(case, v, 0.0, locale).unit;
                let label = t.get(&case.vars[v].label);
                let name = if unit.is_empty() {
                    label
                } else {
                    format!("{label} ({unit})")
                };
                let color = COLORS[(k + 3) % COLORS.len()];
                plot_ui.line(Line::new(name.clone(), PlotPoints::from(pts.clone())).color(color));
                plot_ui.points(
                    Points::new(name, PlotPoints::from(pts))
                        .color(color)
                        .radius(3.0),
                );
            }
            mark_decisions(plot_ui, sim, top * 1.1 + 1.0, &decision_label);
        });
}
