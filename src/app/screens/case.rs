//! The case: patient header, bedside monitor, trends, actions by group with the order dialog,
//! orders and results, the event feed, and the clock.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use crate::app::catalog::Lang;
use crate::app::flow::{
    Active, Dialog, Dialogs, EndCase, Feedback, LogSaving, OrderForm, PlaceOrder, Screen,
    SetLocale, SetSpeed, SimClock, SkipToNext, Speed,
};
use crate::app::hot_reload::HotReload;
use crate::app::monitor::{self, Monitor};
use crate::app::trends;
use crate::app::widgets::{
    ALARM, DIM, GOOD, WARN, clock_text, flag_arrow, patient_header, root_ui, top_bar, value_of,
};
use crate::i18n::{Locale, Texts};
use crate::report::{self, text_with_values};
use crate::scenario::Case;
use crate::scenario::case;
use crate::scenario::model::{Group, Route};
use crate::sim::{Order, OrderError, Record, Simulation, Unusual, ValidOrder};
use crate::units::fmt_num;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Monitor>()
        .add_systems(OnEnter(Screen::Case), |mut m: ResMut<Monitor>| {
            *m = Monitor::default();
        })
        .add_systems(Update, animate_monitor.run_if(in_state(Screen::Case)))
        .add_systems(
            EguiPrimaryContextPass,
            case_ui.run_if(in_state(Screen::Case).and_then(resource_exists::<Active>)),
        );
}

fn animate_monitor(
    time: Res<Time<Real>>,
    mut monitor: ResMut<Monitor>,
    active: Option<Res<Active>>,
    clock: Res<SimClock>,
    dialogs: Res<Dialogs>,
) {
    let Some(active) = active else { return };
    let runs = clock.speed != Speed::Paused && dialogs.0.is_none() && !active.session.sim.is_over();
    if !runs && monitor.primed {
        return;
    }
    let sim = &active.session.sim;
    let hr = sim.value("hr").unwrap_or(0.0);
    let perfused = sim.value("sbp").unwrap_or(0.0) > 40.0;
    monitor.advance(time.delta_secs_f64(), hr, perfused);
}

/// A route's name in the trainee's language (the abbreviations IV, IM, SC, PO and PR are kept in
/// every language, as wards use them; "inhaled" and "topical" are words).
pub(super) fn route_name(r: Route, t: &Texts) -> String {
    t.get(route_id(r))
}

fn route_id(r: Route) -> &'static str {
    match r {
        Route::IV => "route-iv",
        Route::IM => "route-im",
        Route::SC => "route-sc",
        Route::PO => "route-po",
        Route::PR => "route-pr",
        Route::Inhaled => "route-inhaled",
        Route::Topical => "route-topical",
    }
}

/// Routes in the trainee's language, listed as the language lists things.
fn route_names(routes: &[Route], t: &Texts) -> String {
    let names: Vec<String> = routes.iter().map(|r| route_name(*r, t)).collect();
    names.join(&t.get("list-separator"))
}

/// A one-line description of an order, for confirmations and the feed: the report's, with the
/// route.
pub(super) fn order_text(case: &Case, order: &Order, t: &Texts) -> String {
    let mut s = report::order_text(case, order, t);
    if let Some(r) = order.route {
        s += &format!(" {}", route_name(r, t));
    }
    s
}

/// The core's reason for refusing an order, in the trainee's language. The core decides; this
/// only words its decision (unit details stay in the core's words).
pub(crate) fn refusal_text(err: &OrderError, t: &Texts) -> String {
    use crate::units::UnitError;
    // The field as a noun inside a sentence ("the dose", not the form's label "Dose").
    let what = |w: &str| {
        t.get(match w {
            "rate" => "refused-what-rate",
            "route" => "refused-what-route",
            _ => "refused-what-dose",
        })
    };
    match err {
        OrderError::UnknownAction(a) => {
            t.with("refused-unknown-action", &[("action", a.as_str().into())])
        }
        OrderError::CaseOver => t.get("refused-case-over"),
        OrderError::NotFinite { what: w } => {
            t.with("refused-not-finite", &[("what", what(w).into())])
        }
        OrderError::NotPositive { what: w, value } => t.with(
            "refused-not-positive",
            &[("what", what(w).into()), ("value", fmt_num(*value).into())],
        ),
        OrderError::Unpreparable { what: w, usual } => t.with(
            "refused-unpreparable",
            &[("what", what(w).into()), ("usual", usual.as_str().into())],
        ),
        OrderError::Unit(UnitError::Unknown(u)) => {
            t.with("refused-unit-unknown", &[("unit", u.as_str().into())])
        }
        OrderError::Unit(UnitError::WrongDimension { found, example, .. }) => t.with(
            "refused-unit-dimension",
            &[
                ("unit", found.as_str().into()),
                ("example", example.as_str().into()),
            ],
        ),
        OrderError::Missing { what: w, .. } => {
            t.with("refused-missing", &[("what", what(w).into())])
        }
        OrderError::NotTaken { what: w, .. } => {
            t.with("refused-not-taken", &[("what", what(w).into())])
        }
        OrderError::DoseAndRate(_) => t.get("refused-dose-and-rate"),
        OrderError::Route { route, allowed, .. } => t.with(
            "refused-route",
            &[
                ("route", route_name(*route, t).into()),
                ("allowed", route_names(allowed, t).into()),
            ],
        ),
        OrderError::NoRoute { allowed, .. } => t.with(
            "refused-no-route",
            &[("allowed", route_names(allowed, t).into())],
        ),
    }
}

/// An accepted order's amount outside the usual range, in the trainee's language.
fn unusual_text(u: &Unusual, t: &Texts) -> String {
    t.with(
        "order-unusual-detail",
        &[
            ("value", fmt_num(u.value).into()),
            ("min", fmt_num(u.min).into()),
            ("max", fmt_num(u.max).into()),
            ("unit", u.unit.as_str().into()),
        ],
    )
}

fn form_order(case: &Case, f: &OrderForm) -> Order {
    let a = &case.actions[f.action];
    // Whatever was typed goes to the core; text that is not a number becomes NaN, which the
    // core refuses with its reason (and the form explains how numbers are written). Full-width
    // digits and letters from an input method count as the ASCII ones.
    let v = crate::units::parse_typed_number(&f.value).unwrap_or(f64::NAN);
    let unit = crate::units::fold_fullwidth(&f.unit).trim().to_string();
    let q = Some((v, unit));
    Order {
        action: a.def.id.clone(),
        dose: if f.rate { None } else { q.clone() },
        rate: if f.rate { q } else { None },
        route: f.route,
    }
}

fn new_form(case: &Case, action: usize) -> OrderForm {
    let a = &case.actions[action];
    let (rate, range, routes) = match &a.kind {
        case::Kind::Give {
            dose, rate, routes, ..
        } => {
            let use_rate = dose.is_none() && rate.is_some();
            let range = if use_rate {
                rate.as_ref()
            } else {
                dose.as_ref()
            };
            (use_rate, range, routes.clone())
        }
        _ => (false, None, Vec::new()),
    };
    OrderForm {
        action,
        rate,
        value: range
            .and_then(|r| r.default)
            .map(fmt_num)
            .unwrap_or_default(),
        unit: range.map(|r| r.unit.text.clone()).unwrap_or_default(),
        route: (routes.len() == 1).then(|| routes[0]),
    }
}

#[allow(clippy::too_many_arguments)]
fn case_ui(
    mut contexts: EguiContexts,
    lang: Res<Lang>,
    active: Res<Active>,
    clock: Res<SimClock>,
    mut dialogs: ResMut<Dialogs>,
    feedback: Res<Feedback>,
    monitor: Res<Monitor>,
    time: Res<Time<Real>>,
    saving: Res<LogSaving>,
    mut set_locale: MessageWriter<SetLocale>,
    mut orders: MessageWriter<PlaceOrder>,
    mut speed: MessageWriter<SetSpeed>,
    mut skip: MessageWriter<SkipToNext>,
    mut end: MessageWriter<EndCase>,
    hot: Option<Res<HotReload>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut root = root_ui(&ctx);
    top_bar(&mut root, &lang, &mut set_locale);
    let t = lang.case(active.case);
    let sim = &active.session.sim;
    let case = sim.case().clone();
    let locale = lang.locale;
    let over = sim.is_over();
    let runs = clock.speed != Speed::Paused && dialogs.0.is_none() && !over;
    // Blink only while the clock runs: a stopped screen must not need redraws.
    let flash_on = !runs || (time.elapsed_secs_f64() * 2.0).fract() < 0.5;

    // Header: patient and clock.
    egui::Panel::top("case-header").show(&mut root, |ui| {
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            patient_header(ui, &case, t);
        });
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("⏱ {}", clock_text(sim.now())))
                    .size(22.0)
                    .strong(),
            );
            ui.label(
                egui::RichText::new(t.with(
                    "clock-limit",
                    &[("limit", clock_text(case.scenario.time_limit.secs()).into())],
                ))
                .color(DIM),
            );
            ui.separator();
            for s in Speed::ALL {
                let label = match s {
                    Speed::Paused => t.get("clock-pause"),
                    Speed::X1 => "1×".to_string(),
                    Speed::X4 => "4×".to_string(),
                    Speed::X16 => "16×".to_string(),
                };
                if ui
                    .add_enabled(!over, egui::Button::selectable(clock.speed == s, label))
                    .clicked()
                {
                    speed.write(SetSpeed(s));
                }
            }
            let next = sim.next_scheduled();
            let skip_label = match next {
                Some(n) => t.with("clock-skip-to", &[("time", clock_text(n).into())]),
                None => t.get("clock-skip"),
            };
            if ui
                .add_enabled(
                    next.is_some() && !over && dialogs.0.is_none(),
                    egui::Button::new(skip_label),
                )
                .clicked()
            {
                skip.write(SkipToNext);
            }
            if dialogs.0.is_some() && !case.scenario.clock_runs_in_dialogs {
                ui.label(egui::RichText::new(t.get("clock-held")).color(WARN));
            } else if clock.speed == Speed::Paused {
                ui.label(egui::RichText::new(t.get("clock-paused")).color(WARN));
            }
            if saving.slow(time.elapsed()) {
                ui.label(egui::RichText::new(t.get("log-saving")).color(WARN));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(egui::RichText::new(t.get("case-end")).color(ALARM))
                    .clicked()
                {
                    dialogs.0 = Some(Dialog::End);
                }
            });
        });
        if let Some(e) = &feedback.error {
            ui.colored_label(ALARM, e);
        }
        if let Some(hot) = &hot {
            hot_reload_panel(ui, hot, t);
        }
        ui.add_space(2.0);
    });

    // Left: actions by group.
    egui::Panel::left("case-actions")
        .default_size(250.0)
        .resizable(true)
        .show(&mut root, |ui| {
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
                                            dialogs.0 = Some(Dialog::Order(new_form(&case, i)));
                                        }
                                        _ if a.def.high_risk => {
                                            dialogs.0 =
                                                Some(Dialog::Confirm(Order::new(a.def.id.clone())));
                                        }
                                        _ => {
                                            orders.write(PlaceOrder(Order::new(a.def.id.clone())));
                                        }
                                    }
                                }
                            }
                        });
                }
            });
        });

    // Right: orders, results, events.
    egui::Panel::right("case-feed")
        .default_size(330.0)
        .resizable(true)
        .show(&mut root, |ui| {
            feed(ui, sim, t, locale);
        });

    // Centre: monitor and trends.
    egui::CentralPanel::default().show(&mut root, |ui| {
        monitor::show(ui, &monitor, sim, t, locale, flash_on);
        ui.add_space(4.0);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(egui::RichText::new(t.get("trend-vitals")).strong());
            trends::vitals(ui, "case-vitals", sim, t, locale, 200.0);
            ui.label(egui::RichText::new(t.get("trend-labs")).strong());
            trends::labs(ui, "case-labs", sim, t, locale);
            decision_list(ui, sim, t);
        });
    });

    dialog_ui(
        &ctx,
        &case,
        t,
        &mut dialogs,
        &feedback,
        &mut orders,
        &mut end,
    );
    Ok(())
}

/// The numbered decisions (the numbers match the marks on the plots).
pub(super) fn decision_list(ui: &mut egui::Ui, sim: &Simulation, t: &Texts) {
    let case = sim.case();
    let mut n = 0;
    for r in sim.records() {
        if let Record::Decision { t: at, order, .. } = r {
            n += 1;
            ui.label(
                egui::RichText::new(format!(
                    "{n}. {}  {}",
                    clock_text(*at),
                    order_text(case, order, t)
                ))
                .small(),
            );
        }
    }
}

fn result_line(
    case: &Case,
    values: &[(String, f64)],
    t: &Texts,
    locale: Locale,
) -> Vec<(String, bool)> {
    values
        .iter()
        .filter_map(|(id, x)| {
            let v = case.var(id)?;
            let shown = value_of(case, v, *x, locale);
            let flag = case.vars[v].flag(*x);
            Some((
                format!("{} {shown}{}", t.get(&case.vars[v].label), flag_arrow(flag)),
                flag != 0,
            ))
        })
        .collect()
}

/// How many of the latest records the event feed shows (keeps long cases cheap to draw).
const FEED_LIMIT: usize = 300;

/// Pending investigations, running infusions, results and findings, and the event feed.
pub(super) fn feed(ui: &mut egui::Ui, sim: &Simulation, t: &Texts, locale: Locale) {
    let case = sim.case();
    ui.heading(t.get("feed-pending"));
    let pending: Vec<(usize, u64)> = sim.pending().collect();
    if pending.is_empty() {
        ui.label(egui::RichText::new(t.get("feed-none")).color(DIM));
    }
    for (a, due) in pending {
        ui.label(t.with(
            "feed-pending-item",
            &[
                ("test", t.get(&case.actions[a].def.label).into()),
                ("due", clock_text(due).into()),
                ("in", clock_text(due.saturating_sub(sim.now())).into()),
            ],
        ));
    }
    let infusions: Vec<(usize, f64)> = sim.infusions().collect();
    if !infusions.is_empty() {
        ui.label(egui::RichText::new(t.get("feed-infusions")).strong());
        for (d, per_h) in infusions {
            let drug = &case.drugs[d];
            // Show the rate as the trainee ordered it (e.g. 2 L/min), else per hour in the
            // drug's own unit.
            let ordered = sim
                .records()
                .iter()
                .rev()
                .find_map(|r| match r {
                    Record::Decision {
                        order,
                        rate_per_h: Some(_),
                        ..
                    } => {
                        let a = case.action(&order.action)?;
                        match &case.actions[a].kind {
                            case::Kind::Give { drug: dd, .. } if *dd == d => order.rate.clone(),
                            _ => None,
                        }
                    }
                    _ => None,
                })
                .or_else(|| {
                    // Running since before the start: as the case's chart writes it.
                    case.scenario
                        .on_board
                        .iter()
                        .find(|ob| ob.drug == drug.def.id)
                        .and_then(|ob| ob.rate.clone())
                });
            let rate = match ordered {
                Some((v, u)) => format!("{} {u}", fmt_num(v)),
                None => format!(
                    "{} {}/h",
                    fmt_num((per_h * 100.0).round() / 100.0),
                    drug.unit.text
                ),
            };
            ui.label(format!("• {} {rate}", t.get(&drug.def.name)));
        }
    }
    ui.separator();
    ui.heading(t.get("feed-events"));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // The newest entries are what matter at the bedside; the debrief has the whole story.
            let records = sim.records();
            // Newest first: what just happened is at the top, whatever the scroll position. The
            // clock's own notes of how far time ran are for resuming, not for the trainee.
            for r in records
                .iter()
                .rev()
                .filter(|r| !matches!(r, Record::Clock { .. }))
                .take(FEED_LIMIT)
            {
                let at = clock_text(r.t());
                match r {
                    Record::Decision { order, note, .. } => {
                        ui.label(format!("{at}  ▶ {}", order_text(case, order, t)));
                        if let Some(n) = note {
                            // As for refusals: the order checked again gives the note as
                            // figures to word in the trainee's language; else the logged words.
                            let n = match order.validate(case) {
                                Ok(ValidOrder {
                                    implausible: Some(u),
                                    ..
                                }) => unusual_text(&u, t),
                                _ => n.clone(),
                            };
                            ui.colored_label(
                                WARN,
                                format!("      {}: {n}", t.get("order-unusual")),
                            );
                        }
                    }
                    Record::Refused { order, reason, .. } => {
                        // Re-checking the order gives the same decision as a typed error, which
                        // can be worded in the trainee's language; the logged words otherwise.
                        let reason = match order.validate(case) {
                            Err(e) => refusal_text(&e, t),
                            Ok(_) => reason.clone(),
                        };
                        ui.colored_label(
                            ALARM,
                            format!(
                                "{at}  ✖ {} — {}: {reason}",
                                order_text(case, order, t),
                                t.get("order-refused")
                            ),
                        );
                    }
                    Record::Finding {
                        action,
                        text,
                        values,
                        ..
                    } => {
                        let label = report::action_label(case, action, t);
                        let text = text_with_values(text, values, case, t);
                        ui.label(egui::RichText::new(format!("{at}  {label}: {text}")).color(GOOD));
                    }
                    Record::Result {
                        action,
                        ordered_at,
                        values,
                        ..
                    } => {
                        let label = report::action_label(case, action, t);
                        ui.label(
                            egui::RichText::new(t.with(
                                "feed-result",
                                &[
                                    ("test", label.into()),
                                    ("taken", clock_text(*ordered_at).into()),
                                ],
                            ))
                            .strong(),
                        );
                        ui.horizontal_wrapped(|ui| {
                            ui.add_space(24.0);
                            // Each value whole on a row ("血糖 9.3" / "mmol/L" split it).
                            for (text, abnormal) in result_line(case, values, t, locale) {
                                let text = if abnormal {
                                    egui::RichText::new(text).color(ALARM).strong()
                                } else {
                                    egui::RichText::new(text)
                                };
                                ui.add(
                                    egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend),
                                );
                            }
                        });
                    }
                    Record::Event {
                        speaker,
                        text,
                        values,
                        ..
                    } => {
                        ui.label(
                            egui::RichText::new(format!(
                                "{at}  {}: {}",
                                t.get(report::speaker_id(*speaker)),
                                text_with_values(text, values, case, t)
                            ))
                            .color(egui::Color32::from_rgb(150, 200, 255)),
                        );
                    }
                    // Only what the monitor measures alarms; lab values are flagged with results.
                    Record::Alarm { var, level, .. }
                        if crate::app::monitor::MONITORED.contains(&var.as_str()) =>
                    {
                        if let Some(v) = case.var(var) {
                            let name = t.get(&case.vars[v].label);
                            let (id, c) = match level {
                                1 => ("alarm-high", ALARM),
                                -1 => ("alarm-low", ALARM),
                                _ => ("alarm-cleared", DIM),
                            };
                            ui.colored_label(
                                c,
                                format!("{at}  {}", t.with(id, &[("name", name.into())])),
                            );
                        }
                    }
                    Record::Alarm { .. } | Record::State { .. } | Record::Clock { .. } => {}
                    Record::End { .. } => {
                        ui.label(
                            egui::RichText::new(format!("{at}  {}", t.get("feed-ended"))).strong(),
                        );
                    }
                }
            }
        });
}

/// What a dialog says about the clock: that it stands still while the dialog is open, or, in a
/// case that lets it run (`clock_runs_in_dialogs`), that it does not.
fn clock_note(ui: &mut egui::Ui, case: &Case, t: &Texts) {
    if case.scenario.clock_runs_in_dialogs {
        ui.label(egui::RichText::new(t.get("clock-runs")).color(WARN));
    } else {
        ui.label(egui::RichText::new(t.get("clock-held")).small().color(DIM));
    }
}

#[allow(clippy::too_many_arguments)]
fn dialog_ui(
    ctx: &egui::Context,
    case: &Case,
    t: &Texts,
    dialogs: &mut Dialogs,
    feedback: &Feedback,
    orders: &mut MessageWriter<PlaceOrder>,
    end: &mut MessageWriter<EndCase>,
) {
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
                ui.label(egui::RichText::new(t.get(&case.drugs[*drug].def.name)).color(DIM));
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
                                form.value = r.default.map(fmt_num).unwrap_or_default();
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
                if let Some(r) = &feedback.refused
                    && feedback.refused_order.as_ref() == Some(&form_order(case, &form))
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
                        let order = form_order(case, &form);
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
                    egui::RichText::new(order_text(case, &order, t))
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

/// Instructor mode: what the last edit of the case's files did.
fn hot_reload_panel(ui: &mut egui::Ui, hot: &HotReload, t: &Texts) {
    if !hot.errors.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(ALARM, egui::RichText::new(t.get("reload-failed")).strong());
            egui::ScrollArea::vertical()
                .id_salt("reload-errors")
                .max_height(160.0)
                .show(ui, |ui| {
                    for e in &hot.errors {
                        ui.label(egui::RichText::new(e).monospace());
                    }
                });
        });
    } else if let Some(r) = hot.last {
        ui.colored_label(
            WARN,
            t.with(
                "reload-done",
                &[
                    ("replayed", r.replayed.into()),
                    ("skipped", r.skipped.into()),
                ],
            ),
        );
    } else {
        ui.label(egui::RichText::new(t.get("reload-watching")).color(DIM));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::flow::OrderForm;

    #[test]
    fn the_order_form_reads_numbers_as_trainees_write_them() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let Ok(l) = crate::scenario::load_case(&dir) else {
            panic!("the mini fixture loads")
        };
        let fluid = l.case.actions.iter().position(|a| a.def.id == "fluid");
        let order = |value: &str, unit: &str| {
            let form = OrderForm {
                action: fluid.unwrap(),
                rate: false,
                value: value.into(),
                unit: unit.into(),
                route: None,
            };
            form_order(&l.case, &form)
        };
        // Thousands grouped with a comma, and full-width text from an input method.
        for (value, unit) in [("1,000", "mL"), ("１，０００", "ｍＬ"), ("1000", " mL ")] {
            assert_eq!(
                order(value, unit).dose,
                Some((1000.0, "mL".to_string())),
                "{value} {unit}"
            );
        }
        // A decimal comma is refused as not a number, not read as a thousand times the dose
        // (or a thousandth of it).
        let comma = order("1,5", "L");
        assert!(comma.dose.as_ref().is_some_and(|(v, _)| v.is_nan()));
        assert!(matches!(
            comma.validate(&l.case),
            Err(OrderError::NotFinite { what: "dose" })
        ));
    }

    #[test]
    fn results_flag_values_outside_the_reference_range_in_every_language() {
        use crate::app::catalog::{Catalog, Lang};
        use crate::i18n::Locale;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let catalog = Catalog::load(&dir);
        let k = catalog
            .cases
            .iter()
            .position(|c| c.case.scenario.id == "icu-sepsis")
            .expect("the sepsis case is bundled");
        let case = &catalog.cases[k].case;
        // The venous blood gas the sepsis case returns at the start: pH and haemoglobin low and
        // lactate high against their reference ranges (none of them has alarm limits); glucose,
        // potassium and sodium within theirs.
        let values: Vec<(String, f64)> = [
            ("ph", 7.32),
            ("lactate", 3.9),
            ("glucose", 168.0),
            ("k", 4.6),
            ("na", 136.0),
            ("hb", 11.4),
        ]
        .iter()
        .map(|&(id, x)| (id.to_string(), x))
        .collect();
        for locale in [Locale::EnUs, Locale::JaJp, Locale::ZhCn] {
            let lang = Lang::new(locale, &catalog);
            let lines = result_line(case, &values, &lang.cases[k], locale);
            let flags: Vec<bool> = lines.iter().map(|(_, abnormal)| *abnormal).collect();
            assert_eq!(
                flags,
                [true, true, false, false, false, true],
                "{locale:?}: {lines:?}"
            );
            assert!(lines[0].0.ends_with(" ↓"), "{:?}", lines[0]);
            assert!(lines[1].0.ends_with(" ↑"), "{:?}", lines[1]);
            assert!(lines[5].0.ends_with(" ↓"), "{:?}", lines[5]);
            assert!(!lines[2].0.contains('↑') && !lines[2].0.contains('↓'));
        }
        // zh-CN reads Hb in g/L: the flag is the canonical value's, whatever the unit shown.
        let zh = Lang::new(Locale::ZhCn, &catalog);
        let hb = &result_line(case, &values[5..], &zh.cases[k], Locale::ZhCn)[0].0;
        assert!(hb.contains("114") && hb.ends_with(" ↓"), "{hb}");
    }

    #[test]
    fn a_refusal_names_the_field_as_a_noun_in_every_language() {
        use crate::app::catalog::{Catalog, Lang};
        use crate::i18n::Locale;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let catalog = Catalog::load(&dir);
        let en = Lang::new(Locale::EnUs, &catalog);
        let negative = OrderError::NotPositive {
            what: "dose",
            value: -5.0,
        };
        // In English the app says what the core says (the form's labels are capitalised).
        assert_eq!(refusal_text(&negative, &en.ui), negative.to_string());
        let nan = OrderError::NotFinite { what: "rate" };
        assert_eq!(refusal_text(&nan, &en.ui), nan.to_string());
        let route = OrderError::NotTaken {
            action: "examine".into(),
            what: "route",
        };
        assert_eq!(refusal_text(&route, &en.ui), "this order takes no route");
        for locale in [Locale::JaJp, Locale::ZhCn] {
            let l = Lang::new(locale, &catalog);
            let text = refusal_text(&negative, &l.ui);
            assert!(
                text.contains(&l.ui.get("refused-what-dose")) && !text.contains('⟨'),
                "{text}"
            );
        }
    }

    /// Route names are messages: the log keeps "Inhaled", the trainee reads 吸入.
    #[test]
    fn routes_are_named_in_the_trainees_language() {
        use crate::app::catalog::{Catalog, Lang};
        use crate::i18n::Locale;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let catalog = Catalog::load(&dir);
        let wrong = OrderError::Route {
            action: "oxygen".into(),
            route: Route::IV,
            allowed: vec![Route::Inhaled, Route::Topical],
        };
        let none = OrderError::NoRoute {
            action: "oxygen".into(),
            allowed: vec![Route::PO, Route::Inhaled],
        };
        // The logged reason is unchanged English.
        assert_eq!(
            wrong.to_string(),
            "route IV is not available for 'oxygen' (choose from Inhaled, Topical)"
        );
        assert_eq!(
            none.to_string(),
            "choose a route for 'oxygen' (PO, Inhaled)"
        );
        let expect = [
            (
                Locale::EnUs,
                "route IV is not available (choose from inhaled, topical)",
                "choose a route (PO, inhaled)",
            ),
            (
                Locale::JaJp,
                "経路 IV は使えません（選択肢：吸入、外用）",
                "経路を選んでください（PO、吸入）",
            ),
            (
                Locale::ZhCn,
                "途径 IV 不可用（可选：吸入、外用）",
                "请选择途径（PO、吸入）",
            ),
        ];
        for (locale, w, n) in expect {
            let l = Lang::new(locale, &catalog);
            assert_eq!(refusal_text(&wrong, &l.ui), w, "{locale:?}");
            assert_eq!(refusal_text(&none, &l.ui), n, "{locale:?}");
            assert!(
                Route::ALL.into_iter().all(|r| l.ui.has_own(route_id(r))),
                "{locale:?}"
            );
        }
    }
}
