//! A diagnostic screen for the CJK rendering test: each character of the language's
//! `glyph-sample` message in its own cell, then an empty cell, then a character no bundled font
//! has (CJK Extension B U+20000), which egui draws as its replacement box — the "tofu".
//!
//! The screenshot test crops these cells at the pixel positions below and checks that every
//! sample glyph has ink, that no two differ only by noise, and that none looks like the tofu.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::catalog::Lang;
use super::state::Screen;
use super::widgets::root_ui;

/// Top-left corner of the first cell, in window pixels (scale factor 1).
pub const ORIGIN: (u32, u32) = (40, 160);
/// Cell size in pixels.
pub const CELL: u32 = 72;
/// Space between cells.
pub const GAP: u32 = 12;
/// The message whose characters are drawn.
pub const SAMPLE: &str = "glyph-sample";
/// A character no bundled font has.
pub const TOFU: char = '\u{20000}';

/// Top-left pixel of cell `k`.
pub fn cell(k: usize) -> (u32, u32) {
    (ORIGIN.0 + k as u32 * (CELL + GAP), ORIGIN.1)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        glyphs_ui.run_if(in_state(Screen::Glyphs)),
    );
}

fn glyphs_ui(mut contexts: EguiContexts, lang: Res<Lang>) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let sample = lang.ui.get(SAMPLE);
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(egui::Color32::BLACK))
        .show(&mut root, |ui| {
            ui.label(
                egui::RichText::new(format!("{} — {}", lang.locale.tag(), sample))
                    .size(20.0)
                    .color(egui::Color32::WHITE),
            );
            let painter = ui.painter();
            let scale = ctx.pixels_per_point();
            let mut chars: Vec<Option<char>> = sample.chars().map(Some).collect();
            chars.push(None);
            chars.push(Some(TOFU));
            for (k, c) in chars.into_iter().enumerate() {
                let (x, y) = cell(k);
                let rect = egui::Rect::from_min_size(
                    egui::pos2(x as f32 / scale, y as f32 / scale),
                    egui::vec2(CELL as f32 / scale, CELL as f32 / scale),
                );
                painter.rect_stroke(
                    rect,
                    0.0,
                    (1.0, egui::Color32::from_gray(60)),
                    egui::StrokeKind::Inside,
                );
                if let Some(c) = c {
                    painter.text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        c.to_string(),
                        egui::FontId::proportional(52.0 / scale),
                        egui::Color32::WHITE,
                    );
                }
            }
        });
    Ok(())
}
