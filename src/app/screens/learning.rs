//! The learning design on screen: on the briefing, whom the case is for, its objectives and the
//! prebrief, before the patient appears; on the debrief (and the Review screen's debrief tab),
//! the criteria grouped under their objectives, each objective with its points and its four
//! debrief questions, and the criteria no objective lists under "Other". A case without
//! objectives shows the flat list of criteria it always did.

use bevy_egui::egui;
use fluent_bundle::FluentValue;

use crate::app::widgets::{ALARM, DIM, GOOD, WARN, ragged};
use crate::i18n::Texts;
use crate::rubric::objectives::by_objective;
use crate::rubric::{ScoreReport, Status};
use crate::scenario::Case;

/// Whether the case has anything of a learning design to show on the briefing.
pub fn has_design(case: &Case) -> bool {
    let s = &case.scenario;
    s.learners.is_some() || s.prebrief.is_some() || !s.objectives.is_empty()
}

/// The briefing's learning design: the learners and prerequisites, the objectives (numbered),
/// and the prebrief, each section under its heading.
pub fn briefing_design(ui: &mut egui::Ui, case: &Case, t: &Texts) {
    let s = &case.scenario;
    ragged(ui, |ui| {
        ui.heading(t.get("briefing-learning"));
        if let Some(l) = &s.learners {
            ui.label(
                egui::RichText::new(
                    t.with("briefing-learners", &[("level", t.get(&l.level).into())]),
                )
                .color(DIM),
            );
            if !l.prerequisites.is_empty() {
                ui.label(egui::RichText::new(t.get("briefing-prerequisites")).color(DIM));
                for p in &l.prerequisites {
                    ui.label(egui::RichText::new(format!("• {}", t.get(p))).color(DIM));
                }
            }
            ui.add_space(6.0);
        }
        if !s.objectives.is_empty() {
            ui.label(egui::RichText::new(t.get("briefing-objectives")).strong());
            for (i, o) in s.objectives.iter().enumerate() {
                ui.label(format!("{}. {}", i + 1, t.get(&o.text)));
            }
            ui.add_space(6.0);
        }
        if let Some(p) = &s.prebrief {
            ui.label(egui::RichText::new(t.get("briefing-prebrief")).strong());
            for (field, id) in p.sections() {
                ui.label(
                    egui::RichText::new(t.get(prebrief_heading_id(field)))
                        .small()
                        .color(WARN),
                );
                ui.label(t.get(id));
                ui.add_space(2.0);
            }
        }
    });
}

/// The message id of a prebrief section's heading, by its field name.
fn prebrief_heading_id(field: &str) -> &'static str {
    match field {
        "simulation" => "prebrief-simulation",
        "time" => "prebrief-time",
        "can_do" => "prebrief-can",
        "cannot_do" => "prebrief-cannot",
        _ => "prebrief-safe",
    }
}

/// The debrief's criteria: grouped under the case's objectives when it has any, else the flat
/// list; each criterion is the debrief's own card (shared with the Review screen).
pub fn debrief_criteria(ui: &mut egui::Ui, report: &ScoreReport, case: &Case, t: &Texts) {
    let card = |ui: &mut egui::Ui, c| super::debrief::criterion_card(ui, c, case, t);
    let groups = by_objective(report, case);
    if groups.is_empty() {
        for c in &report.criteria {
            card(ui, c);
        }
        return;
    }
    for (k, g) in groups.iter().enumerate() {
        let objective = g.objective.map(|o| &case.objectives[o].def);
        let head = objective.map_or_else(|| t.get("debrief-other"), |o| t.get(&o.text));
        // Green when every point was earned, red when a criterion was missed or harmful.
        let shortfall = g
            .criteria
            .iter()
            .any(|&i| matches!(report.criteria[i].status, Status::Missed | Status::Harmful));
        let color = if shortfall { ALARM } else { GOOD };
        ui.add_space(6.0);
        ragged(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(t.with(
                        "debrief-objective-points",
                        &[
                            ("earned", FluentValue::from(g.earned)),
                            ("available", FluentValue::from(g.available)),
                        ],
                    ))
                    .color(color)
                    .strong(),
                );
                ui.label(egui::RichText::new(head).strong().size(15.0));
            });
        });
        if let Some(o) = objective
            && o.prompts.phases().iter().any(|(_, p)| p.is_some())
        {
            egui::CollapsingHeader::new(t.get("debrief-prompts"))
                .id_salt(("debrief-prompts", k))
                .default_open(true)
                .show(ui, |ui| {
                    ragged(ui, |ui| {
                        for (phase, id) in o.prompts.phases() {
                            let Some(id) = id else { continue };
                            ui.label(
                                egui::RichText::new(crate::wording::prompt_text(phase, id, t))
                                    .italics(),
                            );
                        }
                    });
                });
        }
        ui.indent(("debrief-objective", k), |ui| {
            for &i in &g.criteria {
                card(ui, &report.criteria[i]);
            }
        });
    }
}
