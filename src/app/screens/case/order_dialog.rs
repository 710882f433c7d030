//! The case screen's dialogs: the order form of a drug or fluid (bolus or infusion, amount,
//! unit, route, and the core's reason when it refused the order as it stands), the confirmation
//! of a high-risk order, and ending the case.

use bevy_egui::egui;
use fluent_bundle::FluentValue;

use super::{CaseSend, Shown};
use crate::app::flow::{EndCase, PlaceOrder};
use crate::app::state::{Dialog, Dialogs};
use crate::app::widgets::{ALARM, DIM, WARN};
use crate::i18n::Texts;
use crate::scenario::Case;
use crate::scenario::case;
use crate::sim::OrderError;
use crate::units::fmt_num;
use crate::wording::{order_text_with_route, refusal_text, route_name};

/// What a dialog says about the clock: that it stands still while the dialog is open, or, in a
/// case that lets it run (`clock_runs_in_dialogs`), that it does not.
fn clock_note(ui: &mut egui::Ui, case: &Case, t: &Texts) {
    if case.scenario.clock_runs_in_dialogs {
        ui.label(egui::RichText::new(t.get("clock-runs")).color(WARN));
    } else {
        ui.label(egui::RichText::new(t.get("clock-held")).small().color(DIM));
    }
}

/// The dialog open on the case, if any: the order form, a high-risk order's confirmation, or
/// ending the case. Simulated time stands still while one is open (unless the case says not).
pub(super) fn show(ctx: &egui::Context, s: Shown, dialogs: &mut Dialogs, send: &mut CaseSend) {
    let Shown {
        case, t, feedback, ..
    } = s;
    let CaseSend { orders, end, .. } = send;
    let Some(dialog) = dialogs.0.clone() else {
        return;
    };
    let mut next = Some(dialog.clone());
    match dialog {
        Dialog::Order(mut form) => {
            let a = &case.actions[form.action];
            let case::Kind::Give {
                drug,
                routes,
                dose,
                rate,
                ..
            } = &a.kind
            else {
                dialogs.0 = None;
                return;
            };
            // Anchored by its top, not centred: a refusal shown under the fields then moves
            // only the buttons, not the field the trainee is about to correct.
            let id = egui::Id::new("dialog-order");
            let area = egui::Modal::default_area(id)
                .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 150.0));
            egui::Modal::new(id).area(area).show(ctx, |ui| {
                ui.set_width(460.0);
                ui.heading(t.get(&a.def.label));
                // The drug, and the product it is given as ("Glucose — 10 % glucose").
                let mut drug_name = t.get(&case.drugs[*drug].def.name);
                if let Some(p) = case.product_of(form.action) {
                    drug_name = format!("{drug_name} — {}", t.get(&p.name));
                }
                ui.label(egui::RichText::new(drug_name).color(DIM));
                ui.label(t.with(
                    "order-weight",
                    &[("weight", FluentValue::from(fmt_num(case.weight_kg())))],
                ));
                if dose.is_some() && rate.is_some() {
                    ui.horizontal(|ui| {
                        let before = form.rate;
                        ui.radio_value(&mut form.rate, false, t.get("order-bolus"));
                        ui.radio_value(&mut form.rate, true, t.get("order-infusion"));
                        if before != form.rate {
                            let r = if form.rate { rate } else { dose };
                            if let Some(r) = r {
                                form.unit = r.unit.text.clone();
                                form.value = r
                                    .default_for(t.locale().tag())
                                    .map(fmt_num)
                                    .unwrap_or_default();
                            }
                        }
                    });
                }
                let range = if form.rate { rate } else { dose };
                if let Some(r) = range {
                    let mut usual =
                        format!("{}–{} {}", fmt_num(r.min), fmt_num(r.max), r.unit.text);
                    if r.unit.dim.per_kg {
                        let w = case.weight_kg();
                        let plain = r.unit.text.replace("/kg", "");
                        usual += &format!(
                            " (≈ {}–{} {plain})",
                            fmt_num((r.min * w * 100.0).round() / 100.0),
                            fmt_num((r.max * w * 100.0).round() / 100.0)
                        );
                    }
                    ui.label(t.with("order-usual", &[("range", usual.into())]));
                }
                egui::Grid::new("grid-order").num_columns(2).show(ui, |ui| {
                    ui.label(t.get(if form.rate {
                        "order-rate"
                    } else {
                        "order-dose"
                    }));
                    ui.add(egui::TextEdit::singleline(&mut form.value).desired_width(120.0));
                    ui.end_row();
                    ui.label(t.get("order-unit"));
                    ui.horizontal(|ui| {
                        ui.add(egui::TextEdit::singleline(&mut form.unit).desired_width(120.0));
                        let mut suggestions: Vec<String> = Vec::new();
                        if let Some(r) = range {
                            suggestions.push(r.unit.text.clone());
                            if r.unit.dim.per_kg {
                                suggestions.push(r.unit.text.replace("/kg", ""));
                            }
                        }
                        for s in suggestions {
                            if ui.small_button(&s).clicked() {
                                form.unit = s;
                            }
                        }
                    });
                    ui.end_row();
                    ui.label(t.get("order-route"));
                    egui::ComboBox::from_id_salt("combo-route")
                        .selected_text(
                            form.route
                                .map_or_else(|| t.get("order-route-choose"), |r| route_name(r, t)),
                        )
                        .show_ui(ui, |ui| {
                            for r in routes {
                                ui.selectable_value(&mut form.route, Some(*r), route_name(*r, t));
                            }
                        });
                    ui.end_row();
                });
                // The order as the form now holds it: shown refused only if it is the one refused.
                let order = form.order(case);
                if let Some(r) = &feedback.refused
                    && feedback.refused_order.as_ref() == Some(&order)
                {
                    ui.colored_label(
                        ALARM,
                        format!("{}: {}", t.get("order-refused"), refusal_text(r, t)),
                    );
                    if matches!(r, OrderError::NotFinite { .. }) {
                        ui.label(egui::RichText::new(t.get("order-number-hint")).color(DIM));
                    }
                }
                clock_note(ui, case, t);
                ui.horizontal(|ui| {
                    if ui
                        .button(egui::RichText::new(t.get("order-place")).strong())
                        .clicked()
                    {
                        // A high-risk order the core would refuse goes straight to it, so the
                        // refusal shows on the form rather than after a confirmation.
                        if a.def.high_risk && order.validate(case).is_ok() {
                            next = Some(Dialog::Confirm(order));
                        } else {
                            orders.write(PlaceOrder(order));
                        }
                    }
                    if ui.button(t.get("cancel")).clicked() {
                        next = None;
                    }
                });
            });
            if let Some(Dialog::Order(_)) = next {
                next = Some(Dialog::Order(form));
            }
        }
        Dialog::Confirm(order) => {
            egui::Modal::new(egui::Id::new("confirm-dialog")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.heading(egui::RichText::new(t.get("confirm-high-risk")).color(WARN));
                ui.label(
                    egui::RichText::new(order_text_with_route(case, &order, t))
                        .size(17.0)
                        .strong(),
                );
                clock_note(ui, case, t);
                ui.horizontal(|ui| {
                    if ui.button(t.get("confirm-yes")).clicked() {
                        orders.write(PlaceOrder(order.clone()));
                    }
                    if ui.button(t.get("cancel")).clicked() {
                        next = None;
                    }
                });
            });
        }
        Dialog::End => {
            egui::Modal::new(egui::Id::new("end-dialog")).show(ctx, |ui| {
                ui.set_width(420.0);
                ui.heading(t.get("case-end"));
                ui.label(t.get("confirm-end"));
                clock_note(ui, case, t);
                ui.horizontal(|ui| {
                    if ui
                        .button(egui::RichText::new(t.get("confirm-end-yes")).color(ALARM))
                        .clicked()
                    {
                        end.write(EndCase);
                    }
                    if ui.button(t.get("cancel")).clicked() {
                        next = None;
                    }
                });
            });
        }
    }
    dialogs.0 = next;
}
