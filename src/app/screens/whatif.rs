//! The "What if" view: the session's decisions, each to move earlier or later or remove, an order
//! of the case's to add at a chosen time; the session and the what-if on one plot, the end and
//! the score of each, and the criteria that changed. Labelled "What if — not a real session"
//! at the top of the window, always.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use super::ScreenCtx;
use crate::app::state::{OrderForm, Screen};
use crate::app::whatif::{CloseWhatIf, EditWhatIf, View, WHAT_IF_FILL, WhatIfState};
use crate::app::whatif_plot;
use crate::app::widgets::{ALARM, DIM, GOOD, WARN, clock_text, status_mark};
use crate::i18n::Texts;
use crate::rubric::ScoreReport;
use crate::scenario::{Case, LoadedCase, case};
use crate::wording::{
    end_id, fail_reason_text, order_text_with_route, refusal_text, route_name, state_label,
    status_id, verdict_id, weight_id,
};

/// How far Earlier and Later move a decision.
const STEP: u64 = 5 * 60;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        whatif_ui.run_if(in_state(Screen::WhatIf)),
    );
}

/// The add-an-order form: which action, when, and for a drug its amount and route.
#[derive(Default)]
struct AddForm {
    /// Index into `Case::actions`, with its order form (for drugs and fluids).
    action: Option<(usize, OrderForm)>,
    minutes: u64,
    /// Why the last order could not be added.
    refused: Option<String>,
}

fn whatif_ui(
    mut screen: ScreenCtx,
    state: Res<WhatIfState>,
    mut edit: MessageWriter<EditWhatIf>,
    mut close: MessageWriter<CloseWhatIf>,
    mut form: Local<AddForm>,
) -> Result {
    let (_, mut root) = screen.begin()?;
    let ScreenCtx { catalog, lang, .. } = screen;
    let view = state.view.as_ref();
    let t = view.map_or(&lang.ui, |v| lang.case(v.case));
    egui::Panel::top("whatif-banner").show(&mut root, |ui| {
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(
                WHAT_IF_FILL[0],
                WHAT_IF_FILL[1],
                WHAT_IF_FILL[2],
            ))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    if ui.button(t.get("whatif-back")).clicked() {
                        close.write(CloseWhatIf);
                    }
                    ui.label(
                        egui::RichText::new(t.get("whatif-title"))
                            .color(WARN)
                            .size(22.0)
                            .strong(),
                    );
                });
                if let Some(v) = view {
                    ui.label(
                        egui::RichText::new(t.with(
                            "whatif-banner-detail",
                            &[
                                ("log", v.original.path.display().to_string().into()),
                                ("seed", v.original.seed().to_string().into()),
                            ],
                        ))
                        .small(),
                    );
                    if v.original.case_changed {
                        ui.label(egui::RichText::new(t.get("whatif-case-changed")).small());
                    }
                }
            });
    });
    let Some(view) = view else {
        egui::CentralPanel::default().show(&mut root, |ui| {
            if let Some(why) = &state.refused {
                ui.colored_label(
                    ALARM,
                    t.with("whatif-refused", &[("reason", why.as_str().into())]),
                );
            }
        });
        return Ok(());
    };
    let Some(loaded) = catalog.cases.get(view.case) else {
        return Ok(());
    };
    egui::Panel::left("whatif-decisions")
        .resizable(false)
        .exact_size(400.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                decisions(ui, view, &loaded.case, t, &mut edit);
                ui.separator();
                add_order(ui, view, &loaded.case, t, &mut form, &mut edit);
            });
        });
    egui::CentralPanel::default().show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            comparison(ui, view, loaded, t, lang.locale, &mut edit);
        });
    });
    Ok(())
}

/// The session's decisions, each with its controls, then the orders added.
fn decisions(
    ui: &mut egui::Ui,
    view: &View,
    case: &Case,
    t: &Texts,
    edit: &mut MessageWriter<EditWhatIf>,
) {
    ui.heading(t.get("whatif-pick"));
    let latest = view.original.latest();
    for (i, (at, order)) in view.original.decisions().iter().enumerate() {
        let n = i + 1;
        let dropped = view.draft.dropped[i];
        let moved = view.draft.moved[i];
        let now = moved.unwrap_or(*at);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let mut text = egui::RichText::new(format!(
                "{n}. {}  {}",
                clock_text(*at),
                order_text_with_route(case, order, t)
            ))
            .small();
            if dropped {
                text = text.strikethrough().color(DIM);
            } else if moved.is_some() {
                text = text.color(WARN);
            }
            ui.label(text);
            ui.horizontal(|ui| {
                if dropped {
                    if ui.small_button(t.get("whatif-restore")).clicked() {
                        edit.write(EditWhatIf::Drop(n, false));
                    }
                    return;
                }
                let set = |to: u64| EditWhatIf::Move(n, (to != *at).then_some(to));
                if ui
                    .add_enabled(now > 0, egui::Button::new(t.get("whatif-earlier")).small())
                    .clicked()
                {
                    edit.write(set(now.saturating_sub(STEP)));
                }
                if ui
                    .add_enabled(
                        now < latest,
                        egui::Button::new(t.get("whatif-later")).small(),
                    )
                    .clicked()
                {
                    edit.write(set((now + STEP).min(latest)));
                }
                ui.label(egui::RichText::new(t.get("whatif-move-to")).small());
                let mut minutes = now / 60;
                if ui
                    .add(
                        egui::DragValue::new(&mut minutes)
                            .range(0..=latest / 60)
                            .suffix(format!(" {}", t.get("whatif-minutes"))),
                    )
                    .changed()
                {
                    edit.write(set(minutes * 60));
                }
                if moved.is_some() {
                    ui.label(egui::RichText::new(format!("→ {}", clock_text(now))).color(WARN));
                }
                if ui
                    .small_button(egui::RichText::new(t.get("whatif-remove")).color(ALARM))
                    .clicked()
                {
                    edit.write(EditWhatIf::Drop(n, true));
                }
            });
        });
    }
    for (i, (at, order)) in view.draft.added.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!(
                    "+ {}  {}",
                    clock_text(*at),
                    order_text_with_route(case, order, t)
                ))
                .color(WARN)
                .small(),
            );
            if ui.small_button("×").clicked() {
                edit.write(EditWhatIf::Unadd(i));
            }
        });
    }
}

/// One of the case's actions at a chosen time, with a dose or rate for drugs and fluids.
fn add_order(
    ui: &mut egui::Ui,
    view: &View,
    case: &Case,
    t: &Texts,
    form: &mut AddForm,
    edit: &mut MessageWriter<EditWhatIf>,
) {
    ui.heading(t.get("whatif-add"));
    let selected = form
        .action
        .as_ref()
        .map_or_else(String::new, |(a, _)| t.get(&case.actions[*a].def.label));
    egui::ComboBox::from_id_salt("whatif-add-action")
        .selected_text(selected)
        .width(360.0)
        .show_ui(ui, |ui| {
            for (i, a) in case.actions.iter().enumerate() {
                let on = form.action.as_ref().is_some_and(|(k, _)| *k == i);
                if ui.selectable_label(on, t.get(&a.def.label)).clicked() {
                    form.action = Some((i, OrderForm::new(case, i, t.locale().tag())));
                    form.refused = None;
                }
            }
        });
    let Some((action, order_form)) = &mut form.action else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(t.get("whatif-add-at"));
        ui.add(
            egui::DragValue::new(&mut form.minutes)
                .range(0..=view.original.latest() / 60)
                .suffix(format!(" {}", t.get("whatif-minutes"))),
        );
    });
    if let case::Kind::Give { routes, .. } = &case.actions[*action].kind {
        ui.horizontal(|ui| {
            ui.add(egui::TextEdit::singleline(&mut order_form.value).desired_width(80.0));
            ui.add(egui::TextEdit::singleline(&mut order_form.unit).desired_width(90.0));
            if routes.len() > 1 {
                egui::ComboBox::from_id_salt("whatif-add-route")
                    .selected_text(
                        order_form
                            .route
                            .map_or_else(|| t.get("order-route-choose"), |r| route_name(r, t)),
                    )
                    .show_ui(ui, |ui| {
                        for r in routes {
                            ui.selectable_value(&mut order_form.route, Some(*r), route_name(*r, t));
                        }
                    });
            }
        });
    }
    if ui.button(t.get("whatif-add-button")).clicked() {
        let order = order_form.order(case);
        match order.validate(case) {
            Ok(_) => {
                edit.write(EditWhatIf::Add(form.minutes * 60, order));
                form.refused = None;
            }
            Err(e) => form.refused = Some(refusal_text(&e, t)),
        }
    }
    if let Some(r) = &form.refused {
        ui.colored_label(ALARM, r);
    }
}

/// A run's verdict, score, why it failed and how it ended, wrapped to half the view's width
/// (the debrief's own layout is one line wide).
fn outcome(ui: &mut egui::Ui, report: &ScoreReport, loaded: &LoadedCase, t: &Texts) {
    let passed = report.passed;
    ui.label(
        egui::RichText::new(t.get(verdict_id(passed)))
            .color(if passed { GOOD } else { ALARM })
            .size(24.0)
            .strong(),
    );
    ui.label(t.with(
        "report-score",
        &[
            ("earned", FluentValue::from(report.earned)),
            ("available", FluentValue::from(report.available)),
            ("percent", FluentValue::from(report.percent)),
            ("pass", FluentValue::from(report.pass_mark)),
        ],
    ));
    for f in &report.fail_reasons {
        ui.colored_label(
            ALARM,
            format!("! {}", fail_reason_text(f, t, loaded, false)),
        );
    }
    ui.label(
        egui::RichText::new(t.with(
            "report-ended",
            &[
                ("reason", t.get(end_id(report.ended.as_ref())).into()),
                (
                    "state",
                    state_label(&report.final_state, &loaded.case, t).into(),
                ),
            ],
        ))
        .color(DIM),
    );
}

/// The plot, both verdicts side by side, the criteria that changed.
fn comparison(
    ui: &mut egui::Ui,
    view: &View,
    loaded: &LoadedCase,
    t: &Texts,
    locale: crate::i18n::Locale,
    edit: &mut MessageWriter<EditWhatIf>,
) {
    ui.horizontal(|ui| {
        if ui.button(t.get("whatif-reset")).clicked() {
            edit.write(EditWhatIf::Reset);
        }
        let mut on = view.show_expert;
        if ui
            .checkbox(&mut on, t.get("whatif-expert-toggle"))
            .changed()
        {
            edit.write(EditWhatIf::Expert(on));
        }
    });
    if let Some(why) = &view.refused {
        ui.colored_label(
            ALARM,
            t.with("whatif-refused", &[("reason", why.as_str().into())]),
        );
    }
    let Some(answer) = &view.answer else {
        return;
    };
    let original = &view.original.run;
    let expert = view
        .expert
        .as_ref()
        .filter(|_| view.show_expert)
        .map(|(id, sim)| (id.as_str(), sim));
    whatif_plot::compare(
        ui,
        &original.sim,
        &answer.what_if.sim,
        expert,
        t,
        locale,
        280.0,
    );
    ui.columns(2, |cols| {
        cols[0].heading(t.get("whatif-col-session"));
        outcome(&mut cols[0], &original.report, loaded, t);
        cols[1].heading(egui::RichText::new(t.get("whatif-col-what-if")).color(WARN));
        outcome(&mut cols[1], &answer.what_if.report, loaded, t);
    });
    ui.separator();
    if answer.changed.is_empty() {
        ui.label(t.get("whatif-changed-none"));
    } else {
        ui.heading(t.get("whatif-changed"));
    }
    for &i in &answer.changed {
        let (a, b) = (
            &original.report.criteria[i],
            &answer.what_if.report.criteria[i],
        );
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let (ma, ca) = status_mark(a.status);
                let (mb, cb) = status_mark(b.status);
                ui.label(
                    egui::RichText::new(format!(
                        "{ma} {} {}/{}",
                        t.get(status_id(a.status)),
                        a.earned,
                        a.points
                    ))
                    .color(ca),
                );
                ui.label("→");
                ui.label(
                    egui::RichText::new(format!(
                        "{mb} {} {}/{}",
                        t.get(status_id(b.status)),
                        b.earned,
                        b.points
                    ))
                    .color(cb)
                    .strong(),
                );
                ui.label(
                    egui::RichText::new(format!("[{}]", t.get(weight_id(a.weight)))).color(DIM),
                );
            });
            ui.label(t.get(&b.feedback));
        });
    }
    for (at, order) in &answer.not_reached {
        ui.colored_label(
            DIM,
            t.with(
                "whatif-not-reached",
                &[
                    (
                        "order",
                        order_text_with_route(&loaded.case, order, t).into(),
                    ),
                    ("at", FluentValue::from(clock_text(*at))),
                ],
            ),
        );
    }
}
