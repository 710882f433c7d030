//! The bundled cases: they validate, every golden path lands where it must, each case meets the
//! programme's bar (cited criteria, expert/novice paths, three languages), and nothing a trainee
//! or assessor reads is missing in any locale.

use crate::support as common;

use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::rubric::{FailReason, ScoreReport, Status};
use bedside::scenario::model::{GoldenPath, Weight};
use bedside::scenario::{LoadedCase, find_cases};
use bedside::session::{check_expectation, play};
use bedside::{report, wording};

fn bundled() -> Vec<LoadedCase> {
    let dirs = find_cases(&common::root().join("scenarios"));
    assert!(!dirs.is_empty(), "no bundled cases under scenarios/");
    dirs.iter().map(|d| common::load(d)).collect()
}

fn all() -> Vec<LoadedCase> {
    let mut v = bundled();
    v.push(common::mini());
    v
}

/// The score of a golden path played for the patient of `seed`.
fn golden_score(l: &LoadedCase, g: &GoldenPath, seed: u64) -> ScoreReport {
    play(Arc::clone(&l.case), &g.script(), &common::info(seed), None)
        .unwrap()
        .score()
        .cloned()
        .expect("a golden path plays to the end")
}

#[test]
fn every_golden_path_lands_where_it_must() {
    let mut failures = Vec::new();
    for l in all() {
        for g in &l.case.scenario.golden_paths {
            let r = golden_score(&l, g, g.seed);
            for p in check_expectation(&g.expect, &r) {
                failures.push(format!("{}/{}: {p}", l.case.scenario.id, g.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn each_bundled_case_meets_the_programme_bar() {
    for l in bundled() {
        let s = &l.case.scenario;
        let id = &s.id;
        assert!(
            s.rubric.criteria.len() >= 6,
            "{id}: at least six rubric criteria"
        );
        for c in &s.rubric.criteria {
            let cit = c
                .citation
                .as_ref()
                .unwrap_or_else(|| panic!("{id}/{}: every criterion cites its source", c.id));
            assert!(
                !cit.body.is_empty() && !cit.title.is_empty() && cit.year >= 1990,
                "{id}/{}: citation has body, title and year",
                c.id
            );
        }
        assert!(
            s.golden_paths.len() >= 3,
            "{id}: at least three golden paths"
        );
        let expert = s
            .golden_path("expert")
            .unwrap_or_else(|| panic!("{id}: an expert path"));
        let novice = s
            .golden_path("novice")
            .unwrap_or_else(|| panic!("{id}: a novice path"));
        let run = |g: &GoldenPath| golden_score(&l, g, g.seed);
        let e = run(expert);
        assert!(
            e.passed && e.percent >= 85,
            "{id}: the expert passes with at least 85% (got {}%)",
            e.percent
        );
        let n = run(novice);
        assert!(!n.passed, "{id}: the novice fails");
        let critical: Vec<&str> = n
            .fail_reasons
            .iter()
            .filter_map(|f| match f {
                FailReason::CriticalMissed { criterion }
                | FailReason::CriticalHarmful { criterion } => Some(criterion.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            !critical.is_empty(),
            "{id}: the novice fails on a critical error, not only on points"
        );
        assert!(
            n.criteria.iter().any(|c| c.weight == Weight::Critical
                && matches!(c.status, Status::Missed | Status::Harmful)),
            "{id}: a critical criterion decides the novice's failure"
        );
        let between = s
            .golden_paths
            .iter()
            .filter(|g| g.id != "expert" && g.id != "novice")
            .map(run);
        assert!(
            between
                .into_iter()
                .any(|r| r.percent > n.percent && r.percent < e.percent),
            "{id}: a path lands between novice and expert"
        );
    }
}

#[test]
fn the_expert_passes_for_many_seeded_patients() {
    for l in bundled() {
        let expert = l.case.scenario.golden_path("expert").unwrap();
        for seed in 1..=20 {
            let r = golden_score(&l, expert, seed);
            assert!(
                r.passed,
                "{}: the expert fails with seed {seed}: {:?}",
                l.case.scenario.id, r.fail_reasons
            );
        }
    }
}

#[test]
fn untreated_patients_get_worse() {
    for l in bundled() {
        let mut sim = bedside::sim::Simulation::new(Arc::clone(&l.case), 1);
        sim.advance(u64::MAX);
        let nothing = bedside::rubric::score_simulation(&sim);
        assert!(
            !nothing.passed,
            "{}: doing nothing must not pass",
            l.case.scenario.id
        );
        assert_ne!(
            sim.state(),
            l.case.initial_state,
            "{}: the untreated patient should not stay where they started",
            l.case.scenario.id
        );
    }
}

#[test]
fn debriefs_render_in_every_language_without_a_missing_message() {
    let ui = report::ui_sources();
    for l in all() {
        for g in &l.case.scenario.golden_paths {
            let r = golden_score(&l, g, g.seed);
            for locale in Locale::ALL {
                let t = l.texts(locale, &ui);
                let text = report::text(&r, &l, &t);
                assert!(
                    t.missing().is_empty(),
                    "{}/{} in {locale}: missing {:?}",
                    l.case.scenario.id,
                    g.id,
                    t.missing()
                );
                assert!(!text.contains('⟨'), "{text}");
            }
        }
    }
}

#[test]
fn every_case_text_exists_in_its_own_language_not_only_in_the_fallback() {
    for l in all() {
        for locale in Locale::ALL {
            let t = l.texts(locale, &report::ui_sources());
            for (_, path, id) in &l.case.messages {
                assert!(
                    t.has_own(id),
                    "{}: '{id}' (at {path}) has no {locale} text",
                    l.case.scenario.id
                );
            }
        }
    }
}

#[test]
fn program_texts_exist_in_all_three_languages() {
    let ui = report::ui_sources();
    let ids = |l: Locale| -> Vec<String> {
        let mut v: Vec<String> = ui[&l]
            .iter()
            .flat_map(|src| bedside::i18n::message_ids(src).0)
            .collect();
        v.sort();
        v
    };
    let en = ids(Locale::EnUs);
    assert!(!en.is_empty());
    for l in [Locale::JaJp, Locale::ZhCn] {
        assert_eq!(
            ids(l),
            en,
            "{l} must define exactly the messages en-US defines"
        );
    }
}

#[test]
fn a_trainees_fail_reasons_read_in_their_language_and_an_assessors_name_the_criterion() {
    let ui = report::ui_sources();
    for l in bundled() {
        let novice = l.case.scenario.golden_path("novice").unwrap();
        let r = golden_score(&l, novice, novice.seed);
        for locale in Locale::ALL {
            let t = l.texts(locale, &ui);
            for f in &r.fail_reasons {
                let (FailReason::CriticalMissed { criterion }
                | FailReason::CriticalHarmful { criterion }) = f
                else {
                    continue;
                };
                let c = l
                    .case
                    .criteria
                    .iter()
                    .find(|c| &c.def.id == criterion)
                    .unwrap();
                let feedback = t.get(&c.def.missed);
                let named = format!("{criterion} — {feedback}");
                let trainee = wording::fail_reason_text(f, &t, &l, false);
                let assessor = wording::fail_reason_text(f, &t, &l, true);
                assert!(
                    trainee.contains(&feedback) && !trainee.contains(&named),
                    "{}: {trainee}",
                    l.case.scenario.id
                );
                assert!(
                    assessor.contains(&named),
                    "{}: {assessor}",
                    l.case.scenario.id
                );
            }
        }
    }
}

#[test]
fn every_drug_class_a_case_knows_has_a_name_in_every_language() {
    let ui = report::ui_sources();
    for l in bundled() {
        let case = &l.case;
        let classes: Vec<&String> =
            case.tags
                .iter()
                .filter(|tag| {
                    // Actions, drugs and products are named by their own labels; the rest are classes.
                    case.action(tag).is_none()
                        && !case.drugs.iter().any(|d| {
                            &d.def.id == *tag || d.def.products.iter().any(|p| &p.id == *tag)
                        })
                })
                .collect();
        assert!(
            classes.iter().any(|c| c.as_str() == "opioid"),
            "{}: the drug classes were not found: {classes:?}",
            case.scenario.id
        );
        for locale in Locale::ALL {
            let t = l.texts(locale, &ui);
            for class in &classes {
                let id = wording::class_message_id(class);
                assert!(
                    t.has_own(&id),
                    "{}: {id} missing in {locale}",
                    case.scenario.id
                );
                assert_ne!(wording::tag_label(class, case, &t), class.as_str());
            }
        }
    }
}

#[test]
fn every_recommendation_reads_in_the_trainees_language() {
    let ui = report::ui_sources();
    for l in bundled() {
        let case = &l.case;
        let english = l.texts(Locale::EnUs, &ui);
        let mut cited = 0;
        for c in &case.scenario.rubric.criteria {
            let Some(cit) = &c.citation else { continue };
            cited += 1;
            let en = wording::recommendation_text(cit, &english);
            assert_ne!(
                en, cit.recommendation,
                "{}: {} has no text",
                case.scenario.id, c.id
            );
            for locale in [Locale::JaJp, Locale::ZhCn] {
                let t = l.texts(locale, &ui);
                assert!(
                    t.has_own(&cit.recommendation),
                    "{}: {} missing in {locale}",
                    case.scenario.id,
                    cit.recommendation
                );
                assert_ne!(
                    wording::recommendation_text(cit, &t),
                    en,
                    "{}: {} is not translated into {locale}",
                    case.scenario.id,
                    cit.recommendation
                );
            }
        }
        assert!(
            cited >= 6,
            "{}: only {cited} cited criteria",
            case.scenario.id
        );
    }
    // A score logged when recommendations were plain text keeps its text.
    let l = common::mini();
    let t = l.texts(Locale::JaJp, &ui);
    let old = bedside::scenario::model::Citation {
        body: "SCCM/ESICM".into(),
        title: "Surviving Sepsis Campaign".into(),
        year: 2021,
        recommendation: "Measure lactate.".into(),
        section: None,
        strength: None,
        scope: None,
    };
    assert_eq!(wording::recommendation_text(&old, &t), "Measure lactate.");
    assert!(t.missing().is_empty(), "asked for {:?}", t.missing());
}
