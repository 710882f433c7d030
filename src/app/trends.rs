//! Trend plots of vitals and measured labs over simulated time, with the trainee's decisions
//! marked on the time axis (numbered, so a list beside the plot can name them).

use bevy_egui::egui;
use egui_plot::{Line, Plot, PlotPoint, PlotPoints, Points, Text, VLine};

use super::widgets::value_of;
use crate::i18n::{Locale, Texts};
use crate::scenario::Case;
use crate::sim::{Record, Simulation};

/// The vitals plotted, in legend order.
pub(super) const VITALS: [&str; 7] = ["hr", "sbp", "dbp", "map", "rr", "spo2", "temp"];

pub(super) const COLORS: [egui::Color32; 8] = [
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
pub(super) const MAX_POINTS: usize = 400;

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

/// The time axis of a case's plots: minutes for a case of up to six hours, hours beyond, so that
/// a five-day case reads "0 … 130 h" rather than "0 … 7,800 min".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeAxis {
    secs_per_unit: f64,
    label: &'static str,
}

impl TimeAxis {
    /// Cases longer than this are drawn in hours.
    const HOURS_FROM: u64 = 6 * 3600;

    pub fn for_case(case: &Case) -> TimeAxis {
        if case.scenario.time_limit.secs() > Self::HOURS_FROM {
            TimeAxis {
                secs_per_unit: 3600.0,
                label: "trend-hours",
            }
        } else {
            TimeAxis {
                secs_per_unit: 60.0,
                label: "trend-minutes",
            }
        }
    }
    /// Simulated seconds as a position on the axis.
    pub fn at(self, t: u64) -> f64 {
        t as f64 / self.secs_per_unit
    }
    /// A position on the axis as simulated seconds (for a hover label).
    pub fn secs(self, x: f64) -> u64 {
        (x * self.secs_per_unit).round().max(0.0) as u64
    }
    /// The message id of the axis's label.
    pub fn label(self) -> &'static str {
        self.label
    }
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
    let axis = TimeAxis::for_case(sim.case());
    let points_per_unit = transform.dpos_dvalue_x().abs() as f32;
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
        .map(|(t, _)| axis.at(*t) as f32 * points_per_unit)
        .collect();
    let widths: Vec<f32> = numbers.iter().map(|n| digit * n.len() as f32).collect();
    let rows = label_rows(&centres, &widths, digit / 2.0);
    let row_step = f64::from(row_height) / transform.dpos_dvalue_y().abs().max(f64::MIN_POSITIVE);
    for (((t, _), number), row) in decisions.iter().zip(numbers).zip(rows) {
        plot_ui.vline(
            VLine::new(label, axis.at(*t))
                .color(egui::Color32::from_rgba_unmultiplied(255, 255, 255, 90))
                .width(1.0),
        );
        if let Some(row) = row {
            plot_ui.text(
                Text::new(
                    label,
                    PlotPoint::new(axis.at(*t), top - f64::from(row) * row_step),
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

/// Vitals against time (minutes, or hours for a long case), decisions marked.
pub fn vitals(
    ui: &mut egui::Ui,
    id: &str,
    sim: &Simulation,
    t: &Texts,
    locale: Locale,
    height: f32,
) {
    let case = sim.case();
    let axis = TimeAxis::for_case(case);
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
                    [axis.at(*tt), y]
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
        .x_axis_label(t.get(axis.label()))
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

/// A lab result on the plot: (time sampled on the axis, value as the locale reads it, canonical value).
type LabPoint = (f64, f64, f64);

/// Narrowest a lab's plot gets before the grid drops a column.
const LAB_CELL_MIN_WIDTH: f32 = 200.0;
/// Width of each lab plot's value axis (room for "7.45", "140" or "11.4").
const LAB_AXIS_WIDTH: f32 = 30.0;
/// Height of each lab's plot (its header line comes on top).
const LAB_PLOT_HEIGHT: f32 = 64.0;

/// Lab results by the time sampled: one small plot per measured variable, each on its own scale
/// with its reference range shaded and its latest value (flagged if abnormal) above it, side by
/// side in a grid, on the same time axis, decisions marked. On one shared axis a sodium of 136
/// squashed a lactate falling from 3.9 to 2.1, and a pH, to a flat line at the bottom.
pub fn labs(ui: &mut egui::Ui, id: &str, sim: &Simulation, t: &Texts, locale: Locale) {
    let by_var = lab_series(sim.case(), sim.records(), locale);
    if by_var.is_empty() {
        ui.label(egui::RichText::new(t.get("trend-no-labs")).color(super::widgets::DIM));
        return;
    }
    ui.label(
        egui::RichText::new(t.get("trend-labs-range"))
            .small()
            .color(super::widgets::DIM),
    );
    let (columns, cell) = lab_grid(ui.available_width(), ui.spacing().item_spacing.x);
    let grid = LabGrid {
        id,
        sim,
        font: egui::TextStyle::Small.resolve(ui.style()),
        t,
        locale,
        axis: TimeAxis::for_case(sim.case()),
        now: TimeAxis::for_case(sim.case()).at(sim.now()),
        decisions: decisions(sim),
    };
    for (row, chunk) in by_var.chunks(columns).enumerate() {
        ui.horizontal_top(|ui| {
            for (k, (v, pts)) in chunk.iter().enumerate() {
                let color = COLORS[(row * columns + k + 3) % COLORS.len()];
                ui.vertical(|ui| {
                    ui.set_width(cell);
                    lab_cell(ui, &grid, *v, pts, color);
                });
            }
        });
    }
}

/// Each measured variable's results (in the order the variables were first reported), sorted by
/// the time each was sampled. Results return in the order their turnaround allows, not the order
/// they were sampled in (a blood gas taken at 20:00 is back before a laboratory sample taken at
/// 6:00), so each line runs forward in time and its last point is the latest value.
fn lab_series(case: &Case, records: &[Record], locale: Locale) -> Vec<(usize, Vec<LabPoint>)> {
    let axis = TimeAxis::for_case(case);
    let mut by_var: Vec<(usize, Vec<LabPoint>)> = Vec::new();
    for r in records {
        if let Record::Result {
            ordered_at, values, ..
        } = r
        {
            for (vid, x) in values {
                let Some(v) = case.var(vid) else { continue };
                let point = (
                    axis.at(*ordered_at),
                    value_of(case, v, *x, locale).value,
                    *x,
                );
                match by_var.iter_mut().find(|(i, _)| *i == v) {
                    Some((_, pts)) => pts.push(point),
                    None => by_var.push((v, vec![point])),
                }
            }
        }
    }
    for (_, pts) in &mut by_var {
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    by_var
}

/// How many lab plots fit side by side in `width` with `gap` between them (at least one, each
/// at least [`LAB_CELL_MIN_WIDTH`] wide if there is room for one), and the width of each.
fn lab_grid(width: f32, gap: f32) -> (usize, f32) {
    let columns = (((width + gap) / (LAB_CELL_MIN_WIDTH + gap)).floor() as usize).max(1);
    let cell = ((width - gap * (columns - 1) as f32) / columns as f32).max(1.0);
    (columns, cell)
}

/// What every cell of the lab grid shares: the plots' id, the session, the small font, the
/// texts, the time axis's end and the decisions to mark.
struct LabGrid<'a> {
    id: &'a str,
    sim: &'a Simulation,
    font: egui::FontId,
    t: &'a Texts,
    locale: Locale,
    axis: TimeAxis,
    now: f64,
    decisions: Vec<(u64, String)>,
}

/// One lab's header (name, latest value, flag) and plot.
fn lab_cell(ui: &mut egui::Ui, grid: &LabGrid, v: usize, pts: &[LabPoint], color: egui::Color32) {
    let &LabGrid {
        id,
        sim,
        ref font,
        t,
        locale,
        axis,
        now,
        ref decisions,
    } = grid;
    let case = sim.case();
    let info = &case.vars[v];
    let name = t.get(&info.label);
    let Some(&(_, _, last)) = pts.last() else {
        return;
    };
    let flag = info.flag(last);
    let mut job = egui::text::LayoutJob {
        wrap: egui::text::TextWrapping::truncate_at_width(ui.available_width()),
        ..Default::default()
    };
    let mut add = |text: &str, color: egui::Color32| {
        job.append(text, 0.0, egui::TextFormat::simple(font.clone(), color));
    };
    add("—\u{a0}", color);
    add(&name, color);
    add("  ", color);
    let latest = format!(
        "{}{}",
        value_of(case, v, last, locale),
        super::widgets::flag_arrow(flag)
    );
    let value_color = if flag != 0 {
        super::widgets::ALARM
    } else {
        egui::Color32::from_gray(220)
    };
    add(&latest, value_color);
    ui.label(job);

    // The reference range, in the unit shown; an open end reaches past the plot.
    let shown = |x: f64| value_of(case, v, x, locale).value;
    let low = info.normal_low.map(shown);
    let high = info.normal_high.map(shown);
    let unit = value_of(case, v, 0.0, locale).unit;
    let decimals = usize::from(info.decimals);
    let line: Vec<[f64; 2]> = pts.iter().map(|&(x, y, _)| [x, y]).collect();
    let mut plot = Plot::new(format!("{id}-{}", info.id))
        .width(ui.available_width())
        .height(LAB_PLOT_HEIGHT)
        .show_axes([false, true])
        // The same for every lab, so the plots of a column line up in time.
        .y_axis_min_width(LAB_AXIS_WIDTH)
        .show_grid([false, true])
        .show_background(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(0.0)
        .include_x(now)
        .set_margin_fraction(egui::vec2(0.02, 0.15))
        .label_formatter(move |hover| match hover {
            egui_plot::HoverPosition::NearDataPoint { position, .. } => {
                let at = super::widgets::clock_text(axis.secs(position.x));
                let value = format!("{:.*}", decimals, position.y);
                Some(if unit.is_empty() {
                    format!("{at}  {value}")
                } else {
                    format!("{at}  {value} {unit}")
                })
            }
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        });
    for end in [low, high].into_iter().flatten() {
        plot = plot.include_y(end);
    }
    plot.show(ui, |plot_ui| {
        if low.is_some() || high.is_some() {
            plot_ui.add(
                egui_plot::Span::new(
                    "",
                    low.unwrap_or(f64::NEG_INFINITY)..=high.unwrap_or(f64::INFINITY),
                )
                .axis(egui_plot::Axis::Y)
                .fill(egui::Color32::from_rgba_unmultiplied(110, 220, 120, 22)),
            );
        }
        for (at, _) in decisions {
            plot_ui.vline(
                VLine::new("", axis.at(*at))
                    .color(egui::Color32::from_rgba_unmultiplied(255, 255, 255, 60))
                    .width(1.0),
            );
        }
        plot_ui.line(
            Line::new("", PlotPoints::from(line.clone()))
                .color(color)
                .width(1.5),
        );
        plot_ui.points(
            Points::new("", PlotPoints::from(line))
                .color(color)
                .radius(2.5),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::{decimate, lab_grid, lab_series, label_rows};
    use crate::i18n::Locale;
    use crate::sim::Record;

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
    fn lab_results_are_plotted_by_the_time_they_were_sampled() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let Ok(l) = crate::scenario::load_case(&dir) else {
            panic!("the mini fixture loads")
        };
        let result = |t: u64, ordered_at: u64, values: &[(&str, f64)]| Record::Result {
            t,
            action: "lactate".into(),
            ordered_at,
            values: values.iter().map(|&(v, x)| (v.to_string(), x)).collect(),
        };
        // A laboratory sample taken at 6:00 returns at 51:00, after a gas taken at 20:00.
        let records = [
            result(1500, 1200, &[("hb", 10.0), ("lactate", 2.5)]),
            result(3060, 360, &[("hb", 11.4)]),
            result(3600, 3300, &[("lactate", 1.9)]),
        ];
        let series = lab_series(&l.case, &records, Locale::EnUs);
        let hb = l.case.var("hb").unwrap();
        let lactate = l.case.var("lactate").unwrap();
        assert_eq!(
            series,
            vec![
                (hb, vec![(6.0, 11.4, 11.4), (20.0, 10.0, 10.0)]),
                (lactate, vec![(20.0, 2.5, 2.5), (55.0, 1.9, 1.9)]),
            ]
        );
        // zh-CN reads Hb in g/L; the canonical value stays beside it (for the flag).
        let zh = lab_series(&l.case, &records, Locale::ZhCn);
        assert_eq!(zh[0].1[0], (6.0, 114.0, 11.4));
    }

    #[test]
    fn lab_plots_fill_the_width_in_as_many_columns_as_fit() {
        // The case screen's centre column at 1280 px, and a narrow one.
        assert_eq!(lab_grid(690.0, 8.0), (3, (690.0 - 16.0) / 3.0));
        // Two columns need 2 × 200 + 8 points.
        assert_eq!(lab_grid(408.0, 8.0), (2, 200.0));
        assert_eq!(lab_grid(407.0, 8.0), (1, 407.0));
        // Narrower than one cell: one column, as wide as there is.
        assert_eq!(lab_grid(120.0, 8.0), (1, 120.0));
        assert_eq!(lab_grid(0.0, 8.0).0, 1);
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
