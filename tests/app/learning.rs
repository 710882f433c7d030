//! The learning design in the app, without a window: the app is driven (`LogicPlugins` on
//! `MinimalPlugins`, the bundled sepsis case) to the briefing and then to the debrief, and the
//! screens' own drawing of the design is run in an egui context with the app's texts in each
//! language; the text it lays out is read back. The briefing shows the learners, every
//! objective and every prebrief section; the debrief shows each objective's questions and puts
//! each criterion under its objective, in the objective's order.
#![cfg(feature = "app")]

use crate::support::app as app_support;

use std::path::PathBuf;

use bevy::prelude::*;
use bevy_egui::egui;

use app_support::*;
use bedside::app::catalog::{Catalog, Lang};
use bedside::app::flow::{EndCase, OpenCase, StartCase};
use bedside::app::screens::learning::{briefing_design, debrief_criteria};
use bedside::app::state::Active;
use bedside::app::{Options, Screen};
use bedside::i18n::Locale;

/// Every piece of text `draw` lays out, in drawing order (wide enough that nothing is cut).
fn drawn(draw: impl Fn(&mut egui::Ui)) -> Vec<String> {
    let ctx = egui::Context::default();
    let mut texts = Vec::new();
    for pass in 0..2 {
        let out = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.allocate_ui(egui::vec2(2000.0, 20000.0), |ui| draw(ui));
        });
        if pass == 1 {
            fn collect(shape: &egui::Shape, out: &mut Vec<String>) {
                match shape {
                    egui::Shape::Text(t) => out.push(t.galley.text().to_string()),
                    egui::Shape::Vec(v) => v.iter().for_each(|s| collect(s, out)),
                    _ => {}
                }
            }
            for s in &out.shapes {
                collect(&s.shape, &mut texts);
            }
        }
        out.drop_without_applying_deltas();
    }
    texts
}

fn sepsis_app(name: &str, locale: Locale) -> App {
    let data = data_dir(name);
    app_with(Options {
        cases: PathBuf::from("scenarios/icu-sepsis"),
        data_dir: Some(data),
        locale,
        ..Options::default()
    })
}

#[test]
fn the_briefing_shows_whom_the_case_is_for_its_objectives_and_the_prebrief_before_the_patient() {
    for locale in Locale::ALL {
        let mut app = sepsis_app(&format!("learning-briefing-{}", locale.tag()), locale);
        send(&mut app, OpenCase(0));
        assert_eq!(screen(&app), Screen::Briefing);
        assert!(
            app.world().get_resource::<Active>().is_none(),
            "no patient yet"
        );
        let case = app.world().resource::<Catalog>().cases[0].case.clone();
        // The app's texts for the (only) case, in its language.
        let t = app.world().resource::<Lang>().case(0);
        let shown = drawn(|ui| briefing_design(ui, &case, t));
        let s = &case.scenario;
        let learners = s.learners.as_ref().unwrap();
        let mut want = vec![
            t.get("briefing-learning"),
            t.with(
                "briefing-learners",
                &[("level", t.get(&learners.level).into())],
            ),
            t.get("briefing-objectives"),
        ];
        want.extend(
            learners
                .prerequisites
                .iter()
                .map(|p| format!("• {}", t.get(p))),
        );
        want.extend(
            s.objectives
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{}. {}", i + 1, t.get(&o.text))),
        );
        want.push(t.get("briefing-prebrief"));
        want.extend(
            s.prebrief
                .as_ref()
                .unwrap()
                .sections()
                .map(|(_, id)| t.get(id)),
        );
        for w in &want {
            assert!(
                shown.contains(w),
                "{}: the briefing does not show {w:?}\n{shown:#?}",
                locale.tag()
            );
        }
        assert_eq!(s.objectives.len(), 5);
    }
}

#[test]
fn the_debrief_groups_the_criteria_under_their_objectives_each_with_its_questions() {
    for locale in Locale::ALL {
        let mut app = sepsis_app(&format!("learning-debrief-{}", locale.tag()), locale);
        send(&mut app, OpenCase(0));
        send(&mut app, StartCase::default());
        assert_eq!(screen(&app), Screen::Case);
        send(&mut app, EndCase);
        assert_eq!(screen(&app), Screen::Debrief);
        let case = app.world().resource::<Catalog>().cases[0].case.clone();
        let report = app
            .world()
            .resource::<Active>()
            .session
            .score()
            .expect("scored")
            .clone();
        // The app's texts for the (only) case, in its language.
        let t = app.world().resource::<Lang>().case(0);
        let shown = drawn(|ui| debrief_criteria(ui, &report, &case, t));
        let at = |text: &str| {
            shown
                .iter()
                .position(|s| s == text)
                .unwrap_or_else(|| panic!("{}: {text:?} not shown\n{shown:#?}", locale.tag()))
        };
        // Each objective's heading comes before its questions and its criteria, and after the
        // previous objective's criteria; every criterion shows once (each is listed by one).
        let mut last = 0;
        for o in &case.objectives {
            let head = at(&t.get(&o.def.text));
            assert!(head >= last, "{}: objectives out of order", locale.tag());
            let mut after = head;
            for (phase, id) in o.def.prompts.phases() {
                let line = bedside::wording::prompt_text(phase, id.unwrap(), t);
                let k = at(&line);
                assert!(k > after, "{}: {line}", locale.tag());
                after = k;
            }
            for &c in &o.criteria {
                let id = &case.criteria[c].def.id;
                let r = report.criteria.iter().find(|r| &r.id == id).unwrap();
                let feedback = t.get(&r.feedback);
                let k = shown
                    .iter()
                    .enumerate()
                    .skip(after + 1)
                    .find(|(_, s)| **s == feedback)
                    .map(|(k, _)| k)
                    .unwrap_or_else(|| panic!("{}: {id} not under its objective", locale.tag()));
                after = k;
            }
            last = after;
        }
        assert!(
            !shown.contains(&t.get("debrief-other")),
            "every criterion of the bundled case belongs to an objective"
        );
    }
}
