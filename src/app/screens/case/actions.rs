//! The case screen's actions, by group: a drug or fluid opens its order form, a high-risk action
//! asks first, any other is placed at once. The last refusal or unusual amount shows above them.

use bevy_egui::egui;

use super::{CaseSend, Shown};
use crate::app::flow::PlaceOrder;
use crate::app::state::{Dialog, Dialogs, OrderForm};
use crate::app::widgets::{ALARM, WARN};
use crate::scenario::case;
use crate::scenario::model::Group;
use crate::sim::Order;
use crate::wording::{refusal_text, unusual_text};

/// The actions panel, on the left.
pub(super) fn show(root: &mut egui::Ui, s: Shown, dialogs: &mut Dialogs, send: &mut CaseSend) {
    let Shown {
        case,
        t,
        over,
        feedback,
        ..
    } = s;
    egui::Panel::left("case-actions")
        .default_size(250.0)
        .resizable(true)
        .show(root, |ui| {
            ui.heading(t.get("case-actions"));
            if let Some(r) = &feedback.refused
                && dialogs.0.is_none()
            {
                ui.colored_label(
                    ALARM,
                    format!("{}: {}", t.get("order-refused"), refusal_text(r, t)),
                );
            }
            if let Some(u) = &feedback.note {
                ui.colored_label(
                    WARN,
                    format!("{}: {}", t.get("order-unusual"), unusual_text(u, t)),
                );
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                for g in Group::ALL {
                    let acts: Vec<usize> = (0..case.actions.len())
                        .filter(|&i| case.actions[i].def.group == g)
                        .collect();
                    if acts.is_empty() {
                        continue;
                    }
                    egui::CollapsingHeader::new(t.get(g.message_id()))
                        .default_open(true)
                        .show(ui, |ui| {
                            for i in acts {
                                let a = &case.actions[i];
                                let mut label = t.get(&a.def.label);
                                if matches!(a.kind, case::Kind::Give { .. }) {
                                    label += " …";
                                }
                                let mut text = egui::RichText::new(label);
                                if a.def.high_risk {
                                    text = text.color(WARN);
                                }
                                // Rows of a list, filled only under the pointer: forty filled
                                // buttons cost a software renderer an eighth of its frame
                                // (docs/app.md, "Measured figures").
                                let b = ui.add_enabled(
                                    !over && dialogs.0.is_none(),
                                    egui::Button::new(text).wrap().frame(false),
                                );
                                if b.clicked() {
                                    match &a.kind {
                                        case::Kind::Give { .. } => {
                                            dialogs.0 = Some(Dialog::Order(OrderForm::new(
                                                case,
                                                i,
                                                t.locale().tag(),
                                            )));
                                        }
                                        _ if a.def.high_risk => {
                                            dialogs.0 =
                                                Some(Dialog::Confirm(Order::new(a.def.id.clone())));
                                        }
                                        _ => {
                                            send.orders
                                                .write(PlaceOrder(Order::new(a.def.id.clone())));
                                        }
                                    }
                                }
                            }
                        });
                }
            });
        });
}
