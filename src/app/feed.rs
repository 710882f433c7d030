//! What happened, as the bedside shows it: the pending investigations, running infusions and the
//! event feed (orders, refusals, findings, results with their flags, events, alarms), and the
//! numbered decisions. The case screen draws it live; the Review screen as it was; the debrief
//! lists the decisions.

use bevy_egui::egui;

use super::widgets::{ALARM, DIM, GOOD, WARN, clock_text, flag_arrow, value_of};
use crate::i18n::{Locale, Texts};
use crate::scenario::Case;
use crate::scenario::case;
use crate::sim::{Record, Simulation, ValidOrder};
use crate::units::fmt_num;
use crate::wording::{
    action_label, order_text_with_route, refusal_text, speaker_id, standing_order_words,
    standing_text, text_with_values, unusual_text,
};

/// The numbered decisions (the numbers match the marks on the plots), and between them, not
/// numbered (they are not the trainee's decisions), the standing orders' doses.
pub fn decision_list(ui: &mut egui::Ui, sim: &Simulation, t: &Texts) {
    let case = sim.case();
    let mut n = 0;
    for r in sim.records() {
        if let Record::Standing {
            t: at,
            drug,
            amount,
            route,
            ..
        } = r
        {
            ui.label(
                egui::RichText::new(format!(
                    "   {}  {}",
                    clock_text(*at),
                    standing_text(case, drug, *amount, *route, t)
                ))
                .small()
                .color(DIM),
            );
        }
        if let Record::Decision { t: at, order, .. } = r {
            n += 1;
            ui.label(
                egui::RichText::new(format!(
                    "{n}. {}  {}",
                    clock_text(*at),
                    order_text_with_route(case, order, t)
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
pub fn feed(ui: &mut egui::Ui, sim: &Simulation, t: &Texts, locale: Locale) {
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
    // What is due of the standing orders, so that the trainee sees what they may hold.
    if !case.schedule.is_empty() {
        ui.label(egui::RichText::new(t.get("feed-standing")).strong());
        for (k, held, next) in sim.standing() {
            let order = standing_order_words(case, k, t);
            let line = match (held, next) {
                (true, _) => t.with("feed-standing-held", &[("order", order.into())]),
                (false, Some(at)) => t.with(
                    "feed-standing-next",
                    &[("order", order.into()), ("at", clock_text(at).into())],
                ),
                (false, None) => t.with("feed-standing-over", &[("order", order.into())]),
            };
            ui.label(format!("• {line}"));
        }
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
                        ui.label(format!("{at}  ▶ {}", order_text_with_route(case, order, t)));
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
                                order_text_with_route(case, order, t),
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
                        let label = action_label(case, action, t);
                        let text = text_with_values(text, values, case, t);
                        ui.label(egui::RichText::new(format!("{at}  {label}: {text}")).color(GOOD));
                    }
                    Record::Result {
                        action,
                        ordered_at,
                        values,
                        ..
                    } => {
                        let label = action_label(case, action, t);
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
                                t.get(speaker_id(*speaker)),
                                text_with_values(text, values, case, t)
                            ))
                            .color(egui::Color32::from_rgb(150, 200, 255)),
                        );
                    }
                    // Only what the monitor measures alarms; lab values are flagged with results.
                    Record::Alarm { var, level, .. }
                        if super::monitor::MONITORED.contains(&var.as_str()) =>
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
                    Record::Standing {
                        drug,
                        amount,
                        route,
                        ..
                    } => {
                        ui.label(format!(
                            "{at}  {}",
                            standing_text(case, drug, *amount, *route, t)
                        ));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
