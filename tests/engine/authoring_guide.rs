//! docs/authoring.md cannot rot: every ```ron block is read as the type its fence names, the
//! complete scenario (```ron scenario) is loaded with the guide's own texts (```ftl <lang>),
//! validated, linted and played, and every ```text condition line is compiled against it.

use crate::support as common;

use std::collections::BTreeMap;
use std::sync::Arc;

use bedside::scenario::compile::compile;
use bedside::scenario::load::{parse_ron, ron_options};
use bedside::scenario::model::*;
use bedside::scenario::{Severity, load_case};

struct Block {
    info: String,
    body: String,
    line: usize,
}

fn blocks() -> Vec<Block> {
    let text = std::fs::read_to_string(common::root().join("docs/authoring.md")).unwrap();
    let mut out = Vec::new();
    let mut open: Option<(String, usize, Vec<&str>)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some((info.trim().to_string(), i + 1, Vec::new()));
                }
            }
            Some((info, start, body)) => {
                if line == "```" {
                    out.push(Block {
                        info: info.clone(),
                        body: body.join("\n"),
                        line: *start,
                    });
                    open = None;
                } else {
                    body.push(line);
                }
            }
        }
    }
    assert!(open.is_none(), "an unclosed code fence in the guide");
    out
}

fn read_as<T: serde::de::DeserializeOwned>(b: &Block) -> Result<(), String> {
    ron_options()
        .from_str::<T>(&b.body)
        .map(|_| ())
        .map_err(|e| format!("authoring.md:{}: {}: {e}", b.line, b.info))
}

#[test]
fn every_ron_fragment_reads_as_the_type_its_fence_names() {
    let mut errors = Vec::new();
    let mut checked = 0;
    for b in blocks() {
        let Some(ty) = b.info.strip_prefix("ron") else {
            continue;
        };
        let r = match ty.trim() {
            "scenario" => read_as::<Scenario>(&b),
            "Patient" => read_as::<Patient>(&b),
            "VariableDecl" => read_as::<VariableDecl>(&b),
            "{String: f64}" => read_as::<BTreeMap<String, f64>>(&b),
            "State" => read_as::<State>(&b),
            "[State]" => read_as::<Vec<State>>(&b),
            "[Drift]" => read_as::<Vec<Drift>>(&b),
            "Transition" => read_as::<Transition>(&b),
            "ActionKind" => read_as::<ActionKind>(&b),
            "ActionDef" => read_as::<ActionDef>(&b),
            "[ActionDef]" => read_as::<Vec<ActionDef>>(&b),
            "Effect" => read_as::<Effect>(&b),
            "[OnBoard]" => read_as::<Vec<OnBoard>>(&b),
            "[ScheduledDose]" => read_as::<Vec<ScheduledDose>>(&b),
            "Drug" => read_as::<Drug>(&b),
            "[EventDef]" => read_as::<Vec<EventDef>>(&b),
            "Rubric" => read_as::<Rubric>(&b),
            "Criterion" => read_as::<Criterion>(&b),
            "[Check]" => read_as::<Vec<Check>>(&b),
            "GoldenPath" => read_as::<GoldenPath>(&b),
            "[GoldenPath]" => read_as::<Vec<GoldenPath>>(&b),
            "Script" => read_as::<Script>(&b),
            "Learners" => read_as::<Learners>(&b),
            "Prebrief" => read_as::<Prebrief>(&b),
            "[Objective]" => read_as::<Vec<Objective>>(&b),
            other => Err(format!(
                "authoring.md:{}: a ```ron block must name what it is (got '{other}')",
                b.line
            )),
        };
        checked += 1;
        if let Err(e) = r {
            errors.push(e);
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(checked >= 20, "only {checked} RON blocks found");
}

/// The guide's complete case written out beside the bundled drug library and shared texts.
fn walkthrough_case(test: &str) -> std::path::PathBuf {
    let root = common::tempdir(&format!("guide-{test}"));
    let src = common::root().join("scenarios");
    std::fs::copy(src.join("drugs.ron"), root.join("drugs.ron")).unwrap();
    std::fs::create_dir_all(root.join("locales")).unwrap();
    let dir = root.join("ward-hypoxia");
    std::fs::create_dir_all(dir.join("locales")).unwrap();
    let mut scenarios = 0;
    let mut langs = Vec::new();
    for b in blocks() {
        if b.info == "ron scenario" {
            std::fs::write(dir.join("scenario.ron"), &b.body).unwrap();
            scenarios += 1;
        } else if let Some(lang) = b.info.strip_prefix("ftl ") {
            std::fs::write(dir.join(format!("locales/{lang}.ftl")), &b.body).unwrap();
            langs.push(lang.to_string());
        }
    }
    for l in ["en-US", "ja-JP", "zh-CN"] {
        std::fs::copy(
            src.join(format!("locales/{l}.ftl")),
            root.join(format!("locales/{l}.ftl")),
        )
        .unwrap();
    }
    assert_eq!(scenarios, 1, "one complete scenario in the guide");
    assert_eq!(langs, ["en-US", "ja-JP", "zh-CN"]);
    dir
}

#[test]
fn the_walkthrough_case_validates_lints_clean_and_its_paths_land_as_the_guide_says() {
    let dir = walkthrough_case("validates");
    let loaded = common::load(&dir);
    let warnings: Vec<String> = bedside::lint::lint(&loaded)
        .into_iter()
        .filter(|d| d.severity != Severity::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    let guide = std::fs::read_to_string(common::root().join("docs/authoring.md")).unwrap();
    let notes = bedside::lint::lint(&loaded);
    assert_eq!(notes.len(), 2, "the guide shows exactly two notes");
    for n in &notes {
        assert!(
            guide.contains(&format!(": note: {}", n.message)),
            "the guide should show the note: {}",
            n.message
        );
    }
    for g in &loaded.case.scenario.golden_paths {
        let s = bedside::session::play(
            Arc::clone(&loaded.case),
            &g.script(),
            &common::info(g.seed),
            None,
        )
        .unwrap();
        let r = s.score().unwrap();
        assert!(
            bedside::session::check_expectation(&g.expect, r).is_empty(),
            "{}",
            g.id
        );
        let line = format!(
            "pass ward-hypoxia/{}: {}% ({}/{}), {}",
            g.id,
            r.percent,
            r.earned,
            r.available,
            if r.passed { "passed" } else { "failed" }
        );
        assert!(guide.contains(&line), "the guide should show: {line}");
    }
}

#[test]
fn the_walkthrough_fragments_are_the_parts_of_the_complete_case() {
    let dir = walkthrough_case("fragments");
    let loaded = common::load(&dir);
    let s = &loaded.case.scenario;
    let ron = |v: &dyn RonText| v.text();
    for b in blocks() {
        let same = match b.info.as_str() {
            "ron Patient" => {
                ron(&ron_options().from_str::<Patient>(&b.body).unwrap()) == ron(&s.patient)
            }
            "ron [State]" => {
                ron(&ron_options().from_str::<Vec<State>>(&b.body).unwrap()) == ron(&s.states)
            }
            "ron [ActionDef]" => {
                ron(&ron_options().from_str::<Vec<ActionDef>>(&b.body).unwrap()) == ron(&s.actions)
            }
            "ron Rubric" => {
                ron(&ron_options().from_str::<Rubric>(&b.body).unwrap()) == ron(&s.rubric)
            }
            "ron [GoldenPath]" => {
                ron(&ron_options().from_str::<Vec<GoldenPath>>(&b.body).unwrap())
                    == ron(&s.golden_paths)
            }
            _ => true,
        };
        assert!(
            same,
            "authoring.md:{}: the step differs from the complete scenario",
            b.line
        );
    }
}

/// Serialises any model value to RON text, to compare values without `PartialEq`.
trait RonText {
    fn text(&self) -> String;
}
impl<T: serde::Serialize> RonText for T {
    fn text(&self) -> String {
        ron::to_string(self).unwrap()
    }
}

#[test]
fn every_condition_in_the_guide_compiles_against_the_walkthrough_case() {
    let dir = walkthrough_case("conditions");
    let loaded = match load_case(&dir) {
        Ok(l) => l,
        Err(d) => panic!("{d:?}"),
    };
    let lib_path = dir.join("../drugs.ron");
    let library: DrugLibrary =
        parse_ron(&lib_path, &std::fs::read_to_string(&lib_path).unwrap()).unwrap();
    let mut n = 0;
    for b in blocks().iter().filter(|b| b.info == "text condition") {
        for (i, line) in b.body.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let mut s = loaded.case.scenario.clone();
            s.states[0].transitions[0].when = line.to_string();
            if let Err(p) = compile(&s, &library) {
                panic!("authoring.md:{}: {line}: {p:?}", b.line + 1 + i);
            }
            n += 1;
        }
    }
    assert!(n >= 5, "only {n} conditions checked");
}
