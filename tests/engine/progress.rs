//! A trainee's progress from the logs alone: their finished sessions, re-scored; each case's best
//! and last; criteria missed more than once; logs that do not verify named and counted nowhere.

use crate::support as common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::progress::{Why, build};
use bedside::scenario::Case;
use bedside::session::{SessionInfo, play};

fn sepsis() -> Arc<Case> {
    common::load(&common::root().join("scenarios/icu-sepsis")).case
}

fn played(case: &Arc<Case>, path: &str, trainee: &str, start_ms: u64, dir: &Path) -> PathBuf {
    let gp = case.scenario.golden_path(path).unwrap();
    let log = dir.join(format!("{path}-{trainee}-{start_ms}.jsonl"));
    let info = SessionInfo {
        seed: gp.seed,
        trainee: trainee.into(),
        locale: Locale::EnUs,
        clock: Clock::Scripted { start_ms },
    };
    play(Arc::clone(case), &gp.script(), &info, Some(&log)).unwrap();
    log
}

#[test]
fn progress_counts_the_trainees_verified_sessions_only() {
    let case = sepsis();
    let dir = common::tempdir("progress-core");
    let a = played(&case, "novice", "alice", 3_000, &dir);
    let b = played(&case, "partial", "alice", 1_000, &dir);
    let c = played(&case, "expert", "alice", 2_000, &dir);
    let bob = played(&case, "expert", "bob", 500, &dir);
    // A broken chain, still attributed to alice by its header.
    let broken = played(&case, "expert_responder", "alice", 4_000, &dir);
    let text = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, text.replacen("\"t\":600", "\"t\":601", 1)).unwrap();
    // An unfinished session: not a figure and not untrusted (the library offers it to resume).
    let unfinished = dir.join("unfinished.jsonl");
    let text = std::fs::read_to_string(&c).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&unfinished, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    let logs = vec![
        a.clone(),
        b.clone(),
        c.clone(),
        bob,
        broken.clone(),
        unfinished,
    ];

    let p = build("alice", &logs, std::slice::from_ref(&case));
    let order: Vec<&PathBuf> = p.sessions.iter().map(|s| &s.path).collect();
    assert_eq!(order, [&b, &c, &a], "oldest first");
    assert_eq!(p.cases.len(), 1);
    let f = &p.cases[0];
    assert_eq!(f.sessions, 3);
    assert_eq!(f.best.0, p.sessions[1].report.percent);
    assert!(f.best.1, "the expert session passed");
    assert_eq!(
        f.last,
        (p.sessions[2].report.percent, false),
        "the novice's, last"
    );
    assert_eq!(p.untrusted.len(), 1);
    assert_eq!(p.untrusted[0].path, broken);
    assert!(matches!(p.untrusted[0].why, Why::Log(_)));
    assert!(p.untrusted[0].why.to_string().contains("hash chain broken"));
    // Missed in the novice's and the partial's session alike (neither gives oxygen).
    assert!(p.missed.iter().all(|m| m.count >= 2));
    assert!(
        p.missed
            .iter()
            .any(|m| m.criterion == "oxygen_given" && m.count == 2),
        "{:?}",
        p.missed
    );
    // Without the case in the library, the verdicts cannot be re-derived: untrusted, not counted.
    let p = build("alice", &logs, &[]);
    assert!(p.sessions.is_empty());
    assert!(
        p.untrusted
            .iter()
            .any(|u| matches!(&u.why, Why::NoCase(id) if id == "icu-sepsis"))
    );
    // Nobody's name: nothing.
    assert!(
        build("carol", &logs, std::slice::from_ref(&case))
            .sessions
            .is_empty()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
