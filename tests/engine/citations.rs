//! A criterion's several sources, each with where in it, how strong and for whom: carried in
//! the score (a single source keeps the score line's bytes) and shown in every language's text
//! debrief, the published strings as written.

use crate::support as common;

use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::report::{text, ui_sources};
use bedside::rubric::score_simulation;
use bedside::sim::Simulation;

const FIRST: &str = "citation: (body: \"SCCM/ESICM\", title: \"Surviving Sepsis Campaign\", year: 2021, recommendation: \"mini-cite-ne\"),";

/// The fixture with criterion 'ne' resting on two sources, the first with its section,
/// strength and scope, the second with its scope only.
/// `name`: the test's own folder (tests run in parallel).
fn two_sources(name: &str) -> bedside::scenario::LoadedCase {
    let root = common::shared_library_root(name);
    let dir = common::mini_variant(
        &root,
        "two-sources",
        |s| {
            assert_eq!(s.matches(FIRST).count(), 1);
            s.replace(
                FIRST,
                "citation: (body: \"SCCM/ESICM\", title: \"Surviving Sepsis Campaign\", year: 2021, recommendation: \"mini-cite-ne\", section: \"Rec. 37\", strength: \"strong; moderate-quality evidence\", scope: \"adults in hospital\"),
                citations: [(body: \"ESICM\", title: \"Consensus on circulatory shock\", year: 2014, recommendation: \"mini-cite-ne-2\", scope: \"adults in shock\")],",
            )
        },
        |l, t| {
            let said = match l {
                "en-US" => "Norepinephrine is the first vasopressor.",
                "ja-JP" => "第一選択の昇圧薬はノルアドレナリン。",
                _ => "首选升压药为去甲肾上腺素。",
            };
            format!("{t}\nmini-cite-ne-2 = {said}\n")
        },
    );
    common::load(&dir)
}

#[test]
fn every_source_is_shown_with_its_section_strength_and_scope_in_each_language() {
    let loaded = two_sources("citations-text");
    let sim = Simulation::new(Arc::clone(&loaded.case), 1);
    let report = score_simulation(&sim);
    let ne = report.criteria.iter().find(|c| c.id == "ne").unwrap();
    assert_eq!(ne.sources().count(), 2);
    let ui = ui_sources();
    let expect = [
        (
            Locale::EnUs,
            "    Source: SCCM/ESICM, “Surviving Sepsis Campaign” (2021). Norepinephrine first line.\n      Rec. 37 · strong; moderate-quality evidence · adults in hospital\n    Source: ESICM, “Consensus on circulatory shock” (2014). Norepinephrine is the first vasopressor.\n      adults in shock\n",
        ),
        (
            Locale::JaJp,
            "    出典：SCCM/ESICM『Surviving Sepsis Campaign』（2021）。ノルアドレナリンが第一選択。\n      該当箇所：Rec. 37／推奨度：strong; moderate-quality evidence／対象：adults in hospital\n    出典：ESICM『Consensus on circulatory shock』（2014）。第一選択の昇圧薬はノルアドレナリン。\n      対象：adults in shock\n",
        ),
        (
            Locale::ZhCn,
            "    来源：SCCM/ESICM《Surviving Sepsis Campaign》（2021）。去甲肾上腺素为一线药物。\n      条目：Rec. 37／推荐强度：strong; moderate-quality evidence／适用范围：adults in hospital\n    来源：ESICM《Consensus on circulatory shock》（2014）。首选升压药为去甲肾上腺素。\n      适用范围：adults in shock\n",
        ),
    ];
    for (locale, sources) in expect {
        let t = loaded.texts(locale, &ui);
        let debrief = text(&report, &loaded, &t);
        assert!(debrief.contains(sources), "{locale:?}:\n{debrief}");
        assert!(t.missing().is_empty(), "{locale:?}: {:?}", t.missing());
    }
}

#[test]
fn a_single_source_keeps_the_score_lines_bytes_and_several_are_all_in_the_json() {
    let loaded = two_sources("citations-json");
    let sim = Simulation::new(Arc::clone(&loaded.case), 1);
    let report = score_simulation(&sim);
    let json = |id: &str| {
        serde_json::to_string(report.criteria.iter().find(|c| c.id == id).unwrap()).unwrap()
    };
    // A criterion with one source is written as before there could be several.
    assert!(!json("lactate-early").contains("\"citations\""));
    let ne = json("ne");
    assert!(ne.contains("\"citations\":[{\"body\":\"ESICM\""), "{ne}");
    assert!(ne.contains("\"section\":\"Rec. 37\""), "{ne}");
    let back: bedside::rubric::ScoreReport =
        serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    assert_eq!(back, report);
}
