//! A finding's or event's text can show the patient's values at that moment (`values` in the
//! scenario, `{ $name }` / `{ $name-number }` in the texts): the values are recorded in the log
//! as they were (noise-free), shown in each language's units, reproduced by a re-scoring replay,
//! and a text that uses a value its place does not give is an error at its place.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::{Locale, Texts};
use bedside::session::{LiveSession, rescore};
use bedside::sim::{Order, Record};
use bedside::wording::text_with_values;

/// The mini fixture in `root/name`, with `values` on its "low pressure" event and its "cold"
/// finding, and the texts of those two in every language replaced by `low` and `cold`; `edit`
/// is one more (find, replace) on the scenario.
fn build(root: &Path, name: &str, low: &str, cold: &str, edit: (&str, &str)) -> PathBuf {
    common::mini_variant(
        root,
        name,
        |s| {
            s.replacen(
                "text: \"mini-event-low\")",
                "text: \"mini-event-low\", values: [\"map\", \"glucose\"])",
                1,
            )
            .replacen(
                "(when: \"map < 65\", text: \"mini-finding-cold\")",
                "(when: \"map < 65\", text: \"mini-finding-cold\", values: [\"sbp\", \"dbp\"])",
                1,
            )
            .replacen(edit.0, edit.1, 1)
        },
        |_, t| {
            t.replace(
                "mini-event-low = Pressure very low.",
                &format!("mini-event-low = {low}"),
            )
            .replace(
                "mini-finding-cold = Cold peripheries",
                &format!("mini-finding-cold = {cold}"),
            )
        },
    )
}

const LOW: &str = "MAP { $map }, glucose { $glucose }.";
const COLD: &str = "Cold peripheries, BP { $sbp-number }/{ $dbp-number } mmHg";

fn texts(l: &bedside::scenario::LoadedCase, locale: Locale) -> Texts {
    Texts::new(locale, |loc| {
        let mut s = bedside::report::ui_sources()
            .remove(&loc)
            .unwrap_or_default();
        s.extend(l.ftl.get(&loc).cloned().unwrap_or_default());
        s
    })
}

#[test]
fn an_events_and_a_findings_values_are_recorded_shown_and_replayed() {
    let root = common::shared_library_root("values-recorded");
    let l = common::load(&build(&root, "ok", LOW, COLD, ("", "")));
    let case = Arc::clone(&l.case);
    let dir = common::tempdir("values-recorded-log");
    let path = dir.join("s.jsonl");
    let mut s = LiveSession::start(Arc::clone(&case), &common::info(5), Some(&path)).unwrap();
    s.advance(60).unwrap();
    s.apply(&Order::new("examine")).unwrap();
    let (sbp, dbp) = (case.var("sbp").unwrap(), case.var("dbp").unwrap());
    let round4 = |x: f64| (x * 1e4).round() / 1e4;
    let want = vec![
        ("sbp".to_string(), round4(s.sim.truth()[sbp])),
        ("dbp".to_string(), round4(s.sim.truth()[dbp])),
    ];
    let finding = s
        .sim
        .records()
        .iter()
        .find_map(|r| match r {
            Record::Finding { values, text, .. } if text == "mini-finding-cold" => {
                Some(values.clone())
            }
            _ => None,
        })
        .expect("the cold finding (MAP < 65 at the start)");
    assert_eq!(finding, want);
    // The untreated patient's pressure falls until the "very low" event fires.
    s.advance(40 * 60).unwrap();
    let (at, event) = s
        .sim
        .records()
        .iter()
        .find_map(|r| match r {
            Record::Event { t, id, values, .. } if id == "low" => Some((*t, values.clone())),
            _ => None,
        })
        .expect("the low-pressure event fired");
    assert_eq!(event.len(), 2);
    assert_eq!(event[0].0, "map");
    assert!(event[0].1 < 55.0, "{event:?} at {at}");
    let report = s.end().unwrap().clone();

    // The log holds the values, and a re-scoring replay (no monitor) records the same.
    let session = bedside::log::read(&path).unwrap();
    assert!(session.records.iter().any(|r| matches!(
        r,
        Record::Event { values, .. } if *values == event
    )));
    let r = rescore(&case, &path, &session).unwrap();
    assert_eq!(r.diverges_at, None);
    assert_eq!(r.report, report);

    // Each language shows them in its own units: glucose in mg/dL, or mmol/L in Chinese.
    let glucose = event[1].1;
    let en = text_with_values("mini-event-low", &event, &case, &texts(&l, Locale::EnUs));
    assert_eq!(
        en,
        format!(
            "MAP {:.0}\u{a0}mmHg, glucose {:.0}\u{a0}mg/dL.",
            event[0].1, glucose
        )
    );
    let zh = text_with_values("mini-event-low", &event, &case, &texts(&l, Locale::ZhCn));
    assert_eq!(
        zh,
        format!(
            "MAP {:.0}\u{a0}mmHg, glucose {:.1}\u{a0}mmol/L.",
            event[0].1,
            glucose / 18.0
        )
    );
    let cold = text_with_values(
        "mini-finding-cold",
        &finding,
        &case,
        &texts(&l, Locale::JaJp),
    );
    assert_eq!(
        cold,
        format!(
            "Cold peripheries, BP {:.0}/{:.0} mmHg",
            finding[0].1, finding[1].1
        )
    );
}

#[test]
fn a_text_using_a_value_its_place_does_not_give_is_an_error_there() {
    let root = common::shared_library_root("values-errors");
    let diags = |dir: &Path| common::diagnostics(dir);
    // A value the event does not list.
    let dir = build(
        &root,
        "unlisted",
        "MAP { $map }, HR { $hr }.",
        COLD,
        ("", ""),
    );
    let want: Vec<String> = ["en-US", "ja-JP", "zh-CN"]
        .iter()
        .map(|l| format!("scenario.ron:87:62: message 'mini-event-low' in {l} uses {{ $hr }}, which is not one of its values (map, glucose): write {{ $name }} or {{ $name-number }} for one of them"))
        .collect();
    assert_eq!(diags(&dir), want);
    // A text with no values at all.
    let dir = build(
        &root,
        "none",
        LOW,
        COLD,
        ("mini-finding-warm\"", "mini-finding-warm\", values: []"),
    );
    assert_eq!(diags(&dir), Vec::<String>::new());
    let dir = build(
        &root,
        "no-values",
        LOW,
        COLD,
        ("text: \"mini-event-nurse\"", "text: \"mini-finding-cold\""),
    );
    let want: Vec<String> = ["en-US", "ja-JP", "zh-CN"]
        .iter()
        .flat_map(|l| {
            ["dbp-number", "sbp-number"].map(|v| format!("scenario.ron:86:55: message 'mini-finding-cold' in {l} uses {{ ${v} }}, but this text is given no values (a finding's or an event's text can show the variables its `values` lists)"))
        })
        .collect();
    assert_eq!(diags(&dir), want);
    // An unknown variable in `values`.
    let dir = build(
        &root,
        "unknown",
        LOW,
        COLD,
        ("values: [\"sbp\", \"dbp\"]", "values: [\"sbp\", \"dpb\"]"),
    );
    assert_eq!(
        diags(&dir),
        [
            "scenario.ron:58:79: unknown variable 'dpb' (known: hr, sbp, dbp, map, rr, spo2, temp, gcs, pain, rass, glucose, lactate, k, na, creatinine, hb, urine)"
        ]
    );
}
