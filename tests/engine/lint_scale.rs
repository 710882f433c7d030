//! Which states can reach an end, found over a long chain of states: the search that replaced a
//! sweep "until nothing changes" (one sweep per state of a chain: quadratic, 36 s for 40,000
//! states) must find the same states. Time against size is measured by
//! `cargo bench --bench validate_scale` (docs/measurements.md), never in a test.

use crate::support as common;

/// The fixture `mini` with a chain of `n` states after `shocked`, listed so that each state
/// comes before the one it leads to; the last leads to `last`.
fn chain(
    root: &std::path::Path,
    name: &str,
    n: usize,
    last: &str,
) -> bedside::scenario::LoadedCase {
    let mut states = String::new();
    for i in 0..n {
        let next = if i + 1 == n {
            last.to_string()
        } else {
            format!("s{}", i + 1)
        };
        states.push_str(&format!(
            "        (id: \"s{i}\", label: \"mini-state-better\", transitions: [(to: \"{next}\", when: \"time_in_state >= 1m\")]),\n"
        ));
    }
    let dir = common::mini_variant(
        root,
        name,
        |s| {
            s.replacen("    states: [\n", &format!("    states: [\n{states}"), 1)
                .replacen(
                    "(to: \"arrest\", when: \"map < 50 and elapsed > 20m\"),",
                    "(to: \"arrest\", when: \"map < 50 and elapsed > 20m\"),\n                (to: \"s0\", when: \"elapsed > 50m\"),",
                    1,
                )
        },
        |_, t| t,
    );
    common::load(&dir)
}

fn cannot_end(l: &bedside::scenario::LoadedCase) -> Vec<String> {
    bedside::lint::lint(l)
        .into_iter()
        .filter(|d| d.message.starts_with("no end state can be reached"))
        .map(|d| d.message)
        .collect()
}

#[test]
fn an_end_at_the_far_end_of_a_long_chain_is_found_from_every_state_of_it() {
    let root = common::shared_library_root("lint-chain");
    let l = chain(&root, "mini", 2_000, "recovered");
    assert_eq!(cannot_end(&l), Vec::<String>::new());
}

#[test]
fn a_long_chain_that_loops_without_an_end_is_named_state_by_state() {
    let root = common::shared_library_root("lint-loop");
    let l = chain(&root, "mini", 500, "s0");
    let found = cannot_end(&l);
    assert_eq!(found.len(), 500, "{found:?}");
    assert!(found.iter().any(|m| m.contains("state 's499'")));
    assert!(
        found.iter().all(|m| !m.contains("'shocked'")),
        "shocked can still die"
    );
}
