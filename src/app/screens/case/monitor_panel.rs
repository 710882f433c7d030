//! The case screen's centre: the bedside monitor, then the trends of vitals and labs with the
//! numbered decisions they mark.

use bevy_egui::egui;

use super::Shown;
use crate::app::feed::decision_list;
use crate::app::{monitor, trends};

/// The centre panel.
pub(super) fn show(root: &mut egui::Ui, s: Shown) {
    let Shown {
        sim,
        t,
        locale,
        monitor,
        flash_on,
        ..
    } = s;
    egui::CentralPanel::default().show(root, |ui| {
        monitor::show(ui, monitor, sim, t, locale, flash_on);
        ui.add_space(4.0);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(egui::RichText::new(t.get("trend-vitals")).strong());
            trends::vitals(ui, "case-vitals", sim, t, locale, 200.0);
            ui.label(egui::RichText::new(t.get("trend-labs")).strong());
            trends::labs(ui, "case-labs", sim, t, locale);
            decision_list(ui, sim, t);
        });
    });
}
