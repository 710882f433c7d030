//! The debrief's wording in Japanese and Chinese: no spaces between CJK words and the particles
//! or values around them (「2分に実施」, not 「… を 2分 に実施」), and summary lines that name a
//! criterion by its title (its feedback), never by its raw id.

use crate::support as common;

use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::report::{text, ui_sources};
use bedside::rubric::{FailReason, score_simulation};
use bedside::sim::Simulation;

/// A CJK character, kana or full-width punctuation.
fn cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Each ASCII space of a message value that sits beside a CJK character, or between a
/// placeable and a CJK character or another placeable (placeables' own inner spaces aside).
fn stray_spaces(value: &str) -> Vec<usize> {
    // Each placeable as one marker character, so that its neighbours are what it touches.
    const PLACEABLE: char = '\u{fffc}';
    let mut flat = String::new();
    let mut depth = 0;
    for c in value.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    flat.push(PLACEABLE);
                }
                depth += 1;
            }
            '}' => depth -= 1,
            _ if depth == 0 => flat.push(c),
            _ => {}
        }
    }
    let chars: Vec<char> = flat.chars().collect();
    let side = |c: Option<&char>| c.is_some_and(|&c| cjk(c) || c == PLACEABLE);
    (0..chars.len())
        .filter(|&i| chars[i] == ' ')
        .filter(|&i| {
            let (l, r) = (
                i.checked_sub(1).and_then(|j| chars.get(j)),
                chars.get(i + 1),
            );
            l.is_some_and(|&c| cjk(c)) || r.is_some_and(|&c| cjk(c)) || (side(l) && side(r))
        })
        .collect()
}

#[test]
fn japanese_and_chinese_details_and_failures_have_no_spaces_around_cjk_words() {
    let mut found = Vec::new();
    for lang in ["ja-JP", "zh-CN"] {
        let dir = common::root().join("assets/locales").join(lang);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let src = std::fs::read_to_string(&path).unwrap();
            for (n, line) in src.lines().enumerate() {
                let Some((id, value)) = line.split_once(" = ") else {
                    continue;
                };
                if !(id.starts_with("detail-") || id.starts_with("fail-")) {
                    continue;
                }
                if !stray_spaces(value).is_empty() {
                    found.push(format!("{}:{}: {line}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
    // The check itself finds what it is for.
    assert!(!stray_spaces("{ $what } を { $at } に実施").is_empty());
    assert!(!stray_spaces("期限 { $deadline }").is_empty());
    assert!(stray_spaces("{ $what }を{ $at }に実施（{ $percent }% < { $pass }%）").is_empty());
}

#[test]
fn the_text_debrief_names_a_failed_criterion_by_its_title_not_its_id() {
    let loaded = common::mini();
    // Nothing ordered: the critical 'ne' (norepinephrine) is missed.
    let mut sim = Simulation::new(Arc::clone(&loaded.case), 1);
    sim.advance_to(600);
    sim.end_by_trainee();
    let report = score_simulation(&sim);
    assert!(
        report
            .fail_reasons
            .iter()
            .any(|f| matches!(f, FailReason::CriticalMissed { criterion } if criterion == "ne"))
    );
    let ui = ui_sources();
    for locale in Locale::ALL {
        let t = loaded.texts(locale, &ui);
        let debrief = text(&report, &loaded, &t);
        let summary: Vec<&str> = debrief.lines().filter(|l| l.starts_with("  ! ")).collect();
        let title = t.get("mini-crit-ne-missed");
        assert!(
            summary.iter().any(|l| l.ends_with(&title)),
            "{locale:?}: {summary:#?}"
        );
        assert!(
            summary.iter().all(|l| !l.contains("ne —")),
            "{locale:?}: {summary:#?}"
        );
    }
}
