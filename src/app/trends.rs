//! Trend plots of vitals and measured labs over simulated time, with the trainee's decisions
//! marked on the time axis (numbered, so a list beside the plot can name them).

use bevy_egui::egui;
use egui_plot::{Line, Plot, PlotPoint, PlotPoints, Points, Text, VLine};

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

/// Most points a vitals line is drawn with. A plot is a few hundred pixels wide, and a long case
/// sampled every few seconds has thousands of points per vital: drawing them all costs frame
/// time (every segment is triangles for the rasteriser) and shows nothing more.
const MAX_POINTS: usize = 400;

/// The plot's key, on a row above it: each series' name in its colour, then the decision
/// markers. Inside the plot a legend box covered the newest decisions' numbers and the right
/// end of the curves, where the trainee looks first. Returns the height left for the plot.
fn key(ui: &mut egui::Ui, series: &[(&str, egui::Color32)], decisions: &str, height: f32) -> f32 {
    let top = ui.cursor().top();
    // One wrapped text, so the key never widens the panel: a dash in each series' colour, then
    // its name; a bar for the decision markers (no-break spaces keep each mark with its name).
    let font = egui::TextStyle::Small.resolve(ui.style());
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut add = |text: &str, color: egui::Color32| {
        job.append(text, 0.0, egui::TextFormat::simple(font.clone(), color));
    };
    for (name, color) in series {
        add("—\u{a0}", *color);
        add(name, *color);
        add("   ", *color);
    }
    add("|\u{a0}", egui::Color32::from_gray(200));
    add(decisions, egui::Color32::from_gray(200));
    ui.label(job);
    (height - (ui.cursor().top() - top)).max(60.0)
}

/// Thins a line to at most about `max` points, keeping in every bucket its lowest and highest
/// point (in time order), so no peak or trough disappears; the first and last points are kept.
pub fn decimate(pts: &[[f64; 2]], max: usize) -> Vec<[f64; 2]> {
    if pts.len() <= max || max < 4 {
        return pts.to_vec();
    }
    let buckets = (max - 2) / 2;
    let inner = &pts[1..pts.len() - 1];
    let size = inner.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(max);
    out.push(pts[0]);
    let by_value = |a: &(usize, &[f64; 2]), b: &(usize, &[f64; 2])| a.1[1].total_cmp(&b.1[1]);
    for chunk in inner.chunks(size) {
        let lo = chunk
            .iter()
            .enumerate()
            .min_by(by_value)
            .map_or(0, |(i, _)| i);
        let hi = chunk
            .iter()
            .enumerate()
            .max_by(by_value)
            .map_or(0, |(i, _)| i);
        match lo.cmp(&hi) {
            std::cmp::Ordering::Less => out.extend([chunk[lo], chunk[hi]]),
            std::cmp::Ordering::Greater => out.extend([chunk[hi], chunk[lo]]),
            std::cmp::Ordering::Equal => out.push(chunk[lo]),
        }
    }
    out.push(pts[pts.len() - 1]);
    out
}

fn minutes(t: u64) -> f64 {
    t as f64 / 60.0
}

/// Marks each decision with a line and its number above the curves (`top`, in plot units).
/// Numbers of decisions close in time would overprint each other: a number that does not fit on
/// the top row goes on the row below it, and one that fits on neither is left out (its line is
/// still drawn, and the list beside the plot names every decision).
fn mark_decisions(plot_ui: &mut egui_plot::PlotUi<'_>, sim: &Simulation, top: f64, label: &str) {
    let decisions = decisions(sim);
    let numbers: Vec<String> = (1..=decisions.len()).map(|n| n.to_string()).collect();
    // Last frame's transform: the plot's own bounds are settled only once it has been drawn.
    let transform = *plot_ui.transform();
    let points_per_minute = transform.dpos_dvalue_x().abs() as f32;
    let small = plot_ui
        .ctx()
        .global_style()
        .text_styles
        .get(&egui::TextStyle::Small)
        .cloned()
        .unwrap_or_default();
    let (digit, row_height) = plot_ui
        .ctx()
        .fonts_mut(|f| (f.glyph_width(&small, '0'), f.row_height(&small)));
    let centres: Vec<f32> = decisions
        .iter()
        .map(|(t, _)| minutes(*t) as f32 * points_per_minute)
        .collect();
    let widths: Vec<f32> = numbers.iter().map(|n| digit * n.len() as f32).collect();
    let rows = label_rows(&centres, &widths, digit / 2.0);
    let row_step = f64::from(row_height) / transform.dpos_dvalue_y().abs().max(f64::MIN_POSITIVE);
    for (((t, _), number), row) in decisions.iter().zip(numbers).zip(rows) {
        plot_ui.vline(
            VLine::new(label, minutes(*t))
                .color(egui::Color32::from_rgba_unmultiplied(255, 255, 255, 90))
                .width(1.0),
        );
        if let Some(row) = row {
            plot_ui.text(
                Text::new(
                    label,
                    PlotPoint::new(minutes(*t), top - f64::from(row) * row_step),
                    number,
                )
                .color(egui::Color32::WHITE),
            );
        }
    }
}

/// The row (0 the top one, 1 the one below) each label goes in, or `None` where neither has room:
/// labels centred at `centres` (in time order, in screen points) with `widths`, at least `gap`
/// apart on a row. Each label takes the first row whose last label ends far enough to its left.
fn label_rows(centres: &[f32], widths: &[f32], gap: f32) -> Vec<Option<u8>> {
    let mut ends = [f32::NEG_INFINITY; 2];
    centres
        .iter()
        .zip(widths)
        .map(|(&x, &w)| {
            let row = (0..2).find(|&r| x - w / 2.0 >= ends[r] + gap)?;
            ends[row] = x + w / 2.0;
            Some(row as u8)
        })
        .collect()
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
    let keys: Vec<(&str, egui::Color32)> =
        series.iter().map(|(n, _, c)| (n.as_str(), *c)).collect();
    let height = key(ui, &keys, &decision_label, height);
    Plot::new(id.to_owned())
        .height(height)
        .allow_scroll(false)
        .include_x(0.0)
        .include_y(0.0)
        .x_axis_label(t.get("trend-minutes"))
        .show(ui, |plot_ui| {
            for (name, pts, color) in series {
                plot_ui.line(
                    Line::new(name, PlotPoints::from(decimate(&pts, MAX_POINTS)))
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
    let named: Vec<(String, egui::Color32)> = by_var
        .iter()
        .enumerate()
        .map(|(k, (v, _))| {
            let unit = value_of(case, *v, 0.0, locale).unit;
            let label = t.get(&case.vars[*v].label);
            let name = if unit.is_empty() {
                label
            } else {
                format!("{label} ({unit})")
            };
            (name, COLORS[(k + 3) % COLORS.len()])
        })
        .collect();
    let keys: Vec<(&str, egui::Color32)> = named.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let height = key(ui, &keys, &decision_label, height);
    Plot::new(id.to_owned())
        .height(height)
        .allow_scroll(false)
        .include_x(0.0)
        .include_y(0.0)
        .x_axis_label(t.get("trend-minutes-sampled"))
        .show(ui, |plot_ui| {
            for ((_, pts), (name, color)) in by_var.into_iter().zip(named) {
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

#[cfg(test)]
mod tests {
    use super::{decimate, label_rows};

    #[test]
    fn decision_numbers_close_in_time_go_on_a_second_row_or_are_left_out() {
        // Numbers 8 points wide, at least 2 apart on a row: 1 and 2 collide, so 2 goes below;
        // 3 collides with both rows' last numbers and is left out; 4 is clear again on top; 5 is
        // far from everything.
        let centres = [10.0, 14.0, 18.0, 24.0, 100.0];
        let rows = label_rows(&centres, &[8.0; 5], 2.0);
        assert_eq!(rows, vec![Some(0), Some(1), None, Some(0), Some(0)]);
        // Wider numbers (two digits) need more room: with 10 points between centres, 8-wide
        // numbers fit on one row, 12-wide ones alternate rows.
        let centres = [0.0, 10.0, 20.0, 30.0];
        assert_eq!(label_rows(&centres, &[8.0; 4], 2.0), vec![Some(0); 4]);
        assert_eq!(
            label_rows(&centres, &[12.0; 4], 2.0),
            vec![Some(0), Some(1), Some(0), Some(1)]
        );
    }

    #[test]
    fn decimation_keeps_the_ends_every_extreme_and_time_order() {
        // A slow wave with one spike and one dip that a stride would likely skip.
        let mut pts: Vec<[f64; 2]> = (0..5000)
            .map(|i| [f64::from(i), (f64::from(i) / 300.0).sin() * 10.0])
            .collect();
        pts[2345][1] = 99.0;
        pts[3877][1] = -77.0;
        let out = decimate(&pts, 400);
        assert!(out.len() <= 400, "{}", out.len());
        assert!(out.len() > 300, "{}", out.len());
        assert_eq!(out[0], pts[0]);
        assert_eq!(out[out.len() - 1], pts[4999]);
        assert!(out.contains(&pts[2345]) && out.contains(&pts[3877]));
        assert!(out.windows(2).all(|w| w[0][0] < w[1][0]), "time order");
        // Short lines are untouched.
        assert_eq!(decimate(&pts[..50], 400), pts[..50].to_vec());
    }
}
