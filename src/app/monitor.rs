//! The bedside monitor: large numerics coloured by alarm limits, a sweeping ECG-like trace at the
//! displayed heart rate, a pleth trace, and a flashing alarm banner.
//!
//! The traces are drawing only: a textbook P-QRST shape repeated at the simulated heart rate, not
//! a rhythm model. They move with real time while the case clock runs and freeze when it stops.

use bevy::prelude::*;
use bevy_egui::egui;

use super::widgets::{ALARM, DIM, outside_limits, value_of};
use crate::i18n::{Locale, Texts};
use crate::scenario::Case;
use crate::sim::Simulation;

/// The variables the monitor measures (and alarms on).
pub use crate::scenario::vars::MONITORED;

/// Samples per second of the traces.
const RATE: f64 = 100.0;
/// Seconds shown across the sweep.
const SWEEP: f64 = 5.0;
const N: usize = (RATE * SWEEP) as usize;

/// The traces' state: a sweep buffer each and the phase of the current beat.
#[derive(Resource)]
pub struct Monitor {
    ecg: Vec<f32>,
    pleth: Vec<f32>,
    cursor: usize,
    phase: f64,
    carry: f64,
    /// Whether the sweep has been filled once (a case opened paused still shows a trace).
    pub primed: bool,
}

impl Default for Monitor {
    fn default() -> Monitor {
        Monitor {
            ecg: vec![0.0; N],
            pleth: vec![0.0; N],
            cursor: 0,
            phase: 0.0,
            carry: 0.0,
            primed: false,
        }
    }
}

fn bump(x: f64, at: f64, width: f64) -> f64 {
    let d = (x - at) / width;
    (-d * d).exp()
}

/// One beat of a stylised ECG, phase 0..1.
fn ecg(p: f64) -> f64 {
    0.12 * bump(p, 0.10, 0.025) - 0.10 * bump(p, 0.19, 0.008) + 1.0 * bump(p, 0.21, 0.010)
        - 0.22 * bump(p, 0.235, 0.010)
        + 0.25 * bump(p, 0.45, 0.05)
}

/// One beat of a pleth wave, phase 0..1 (it lags the ECG).
fn pleth(p: f64) -> f64 {
    bump(p, 0.38, 0.09) + 0.3 * bump(p, 0.62, 0.07)
}

impl Monitor {
    /// Advances the traces by `dt` real seconds at `hr` beats per minute.
    pub fn advance(&mut self, dt: f64, hr: f64, perfused: bool) {
        let dt = if self.primed {
            dt.min(0.5)
        } else {
            SWEEP - 0.2
        };
        self.primed = true;
        self.carry += dt * RATE;
        while self.carry >= 1.0 {
            self.carry -= 1.0;
            self.phase = (self.phase + hr.max(0.0) / 60.0 / RATE).fract();
            self.ecg[self.cursor] = ecg(self.phase) as f32;
            self.pleth[self.cursor] = if perfused {
                pleth(self.phase) as f32
            } else {
                0.0
            };
            self.cursor = (self.cursor + 1) % N;
        }
    }

    fn trace(&self, ui: &mut egui::Ui, data: &[f32], height: f32, color: egui::Color32) {
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), height),
            egui::Sense::hover(),
        );
        let painter = ui.painter_at(rect);
        let x = |i: usize| rect.left() + rect.width() * i as f32 / (N - 1) as f32;
        let y = |v: f32| rect.bottom() - 6.0 - (v + 0.3) / 1.4 * (rect.height() - 12.0);

        // Draw the sweep as segments, leaving a gap just ahead of the cursor.
        let gap = 12;
        let mut run: Vec<egui::Pos2> = Vec::with_capacity(N);
        for (i, v) in data.iter().enumerate() {
            let ahead = (i + N - self.cursor) % N;
            if ahead < gap {
                if run.len() > 1 {
                    painter.add(egui::Shape::line(std::mem::take(&mut run), (1.8, color)));
                }
                run.clear();
                continue;
            }
            run.push(egui::pos2(x(i), y(*v)));
        }
        if run.len() > 1 {
            painter.add(egui::Shape::line(run, (1.8, color)));
        }
    }
}

const ECG: egui::Color32 = egui::Color32::from_rgb(90, 230, 110);
const PLETH: egui::Color32 = egui::Color32::from_rgb(90, 200, 240);
const BP: egui::Color32 = egui::Color32::from_rgb(240, 110, 110);
const RESP: egui::Color32 = egui::Color32::from_rgb(240, 220, 90);
const TEMP: egui::Color32 = egui::Color32::from_rgb(220, 220, 220);

/// Draws the monitor. `flash_on` is the current half of the alarm blink (always on when the
/// clock is stopped, so a paused screen needs no redraws).
pub fn show(
    ui: &mut egui::Ui,
    monitor: &Monitor,
    sim: &Simulation,
    t: &Texts,
    locale: Locale,
    flash_on: bool,
) {
    let case: &Case = sim.case();
    let shown = sim.shown();
    let alarms = sim.alarm_levels();
    let var = |id: &str| case.var(id);
    // The monitor alarms on what it measures; lab values are flagged with their results.
    let alarming: Vec<usize> = MONITORED
        .iter()
        .filter_map(|id| var(id))
        .filter(|&i| alarms[i] != 0)
        .collect();

    egui::Frame::new()
        .fill(egui::Color32::BLACK)
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            // Alarm banner (wraps, so many alarms never widen the monitor).
            ui.set_max_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(t.get("monitor-title")).color(DIM));
                if !alarming.is_empty() {
                    let names: Vec<String> = alarming
                        .iter()
                        .map(|&i| {
                            let dir = if alarms[i] < 0 {
                                "alarm-low"
                            } else {
                                "alarm-high"
                            };
                            t.with(dir, &[("name", t.get(&case.vars[i].label).into())])
                        })
                        .collect();
                    let text = egui::RichText::new(format!("⚠ {}", names.join(" · ")))
                        .strong()
                        .size(16.0);
                    let text = if flash_on {
                        text.color(egui::Color32::BLACK).background_color(ALARM)
                    } else {
                        text.color(ALARM)
                    };
                    ui.label(text);
                }
            });
            ui.columns(2, |cols| {
                cols[0].label(egui::RichText::new("II").small().color(ECG));
                monitor.trace(&mut cols[0], &monitor.ecg, 86.0, ECG);
                cols[0].label(egui::RichText::new("Pleth").small().color(PLETH));
                monitor.trace(&mut cols[0], &monitor.pleth, 56.0, PLETH);

                let ui = &mut cols[1];
                // The numerics in two columns, blood pressure on a row of its own (it is the
                // widest); the figures shrink from 34 points where the monitor is narrow (the
                // Review screen's centre), rather than spill under the panel beside it. A blood
                // pressure of "188/108 (135)" is about 6.6 times its font size wide.
                let size = (ui.available_width() / 6.6).clamp(16.0, 34.0);
                let numeric =
                    |ui: &mut egui::Ui, ids: &[&str], color: egui::Color32, label: &str| {
                        let idx: Vec<usize> = ids.iter().filter_map(|id| var(id)).collect();
                        if idx.is_empty() {
                            ui.label("");
                            return;
                        }
                        let alarm = idx
                            .iter()
                            .any(|&i| alarms[i] != 0 || outside_limits(case, i, shown[i]) != 0);
                        let c = if alarm { ALARM } else { color };
                        let nums: Vec<String> = idx
                            .iter()
                            .map(|&i| value_of(case, i, shown[i], locale).number())
                            .collect();
                        let big = match nums.as_slice() {
                            [s, d, m] => format!("{s}/{d} ({m})"),
                            other => other.join(" "),
                        };
                        let unit = value_of(case, idx[0], shown[idx[0]], locale).unit;
                        ui.vertical(|ui| {
                            ui.add(
                                egui::Label::new(
                                    egui::RichText::new(format!("{label}  {unit}"))
                                        .small()
                                        .color(c),
                                )
                                .extend(),
                            );
                            let mut rt = egui::RichText::new(big).size(size).strong().color(c);
                            if alarm && flash_on {
                                rt = rt.background_color(egui::Color32::from_rgb(90, 0, 0));
                            }
                            ui.add(egui::Label::new(rt).extend());
                        });
                    };
                let pair = |ui: &mut egui::Ui,
                            a: (&str, egui::Color32, &str),
                            b: (&str, egui::Color32, &str)| {
                    ui.columns(2, |c| {
                        numeric(&mut c[0], &[a.0], a.1, a.2);
                        numeric(&mut c[1], &[b.0], b.1, b.2);
                    });
                };
                pair(
                    ui,
                    ("hr", ECG, &t.get("mon-hr")),
                    ("spo2", PLETH, &t.get("mon-spo2")),
                );
                ui.add_space(4.0);
                numeric(ui, &["sbp", "dbp", "map"], BP, &t.get("mon-bp"));
                ui.add_space(4.0);
                pair(
                    ui,
                    ("rr", RESP, &t.get("mon-rr")),
                    ("temp", TEMP, &t.get("mon-temp")),
                );
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::catalog::{Catalog, Lang};
    use crate::sim::Simulation;
    use std::sync::Arc;

    /// The monitor stays within the width it is given, down to well below the Review screen's
    /// centre at 1280 px (about 570 points), where its numerics once spilled under the feed
    /// panel and pushed the plots below after them; below about 440 points the figures shrink.
    #[test]
    fn the_monitor_fits_the_width_it_is_given() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let catalog = Catalog::load(&dir);
        assert!(!catalog.cases.is_empty());
        for locale in Locale::ALL {
            let lang = Lang::new(locale, &catalog);
            for (k, loaded) in catalog.cases.iter().enumerate() {
                let sim = Simulation::new(Arc::clone(&loaded.case), 1);
                let monitor = Monitor::default();
                for width in [360.0_f32, 440.0, 500.0, 570.0, 700.0] {
                    let ctx = egui::Context::default();
                    ctx.set_fonts(crate::app::fonts::definitions(locale));
                    let mut used = None;
                    // Two passes: the first loads the fonts.
                    for _ in 0..2 {
                        let out = ctx.run_ui(egui::RawInput::default(), |ui| {
                            let r = ui.allocate_ui(egui::vec2(width, 800.0), |ui| {
                                show(ui, &monitor, &sim, &lang.cases[k], locale, true);
                            });
                            used = Some(r.response.rect.width());
                        });
                        out.drop_without_applying_deltas();
                    }
                    let used = used.expect("the monitor was drawn");
                    assert!(
                        used <= width + 0.5,
                        "{} in {locale:?}: {used} points wide in {width}",
                        loaded.case.scenario.id
                    );
                }
            }
        }
    }
}
