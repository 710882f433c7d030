//! `bedside test`: every golden path of the cases must land where it says; with `--cohort`, how
//! far seeded patients spread each path's score and whether the rubric separates expert from
//! novice play.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};

use bedside::i18n::Locale;
use bedside::log::Clock;
use bedside::scenario::{LoadedCase, find_cases};
use bedside::session::{self, SessionInfo};
use bedside::variants::{PathSpread, play_variants, separation};

use crate::cli::{exit, load};

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    #[arg(default_value = "scenarios")]
    paths: Vec<PathBuf>,
    /// Also play N seeded patients per path: mean and spread of its scores, and the gap
    /// between the expert paths' lowest and the novice paths' highest score.
    #[arg(long, value_name = "N")]
    cohort: Option<u32>,
}

/// Exits 1 if any golden path fails its expectation (the cohort figures never fail).
pub fn run(args: &TestArgs) -> Result<ExitCode> {
    let mut failed = 0;
    let mut total = 0;
    let mut cohort_lines = Vec::new();
    for p in &args.paths {
        for dir in find_cases(p) {
            let loaded = load(&dir)?;
            if let Some(n) = args.cohort {
                cohort_lines.extend(cohort_report(&loaded, n)?);
            }
            for g in &loaded.case.scenario.golden_paths {
                total += 1;
                let info = SessionInfo {
                    seed: g.seed,
                    trainee: format!("golden:{}", g.id),
                    locale: Locale::EnUs,
                    clock: Clock::Scripted { start_ms: 0 },
                };
                let s = session::play(Arc::clone(&loaded.case), &g.script(), &info, None)?;
                let r = s.score().context("the case did not end")?;
                let problems = session::check_expectation(&g.expect, r);
                let verdict = if problems.is_empty() { "pass" } else { "FAIL" };
                println!(
                    "{verdict} {}/{}: {}% ({}/{}), {}{}",
                    loaded.case.scenario.id,
                    g.id,
                    r.percent,
                    r.earned,
                    r.available,
                    if r.passed { "passed" } else { "failed" },
                    if problems.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", problems.join("; "))
                    }
                );
                if !problems.is_empty() {
                    failed += 1;
                }
            }
        }
    }
    println!("{} passed, {failed} failed", total - failed);
    if let Some(n) = args.cohort {
        println!("cohort: {n} seeded patient(s) per path (the path's seed and the next)");
        for l in cohort_lines {
            println!("{l}");
        }
    }
    Ok(exit(failed > 0))
}

/// Lines of the `test --cohort` report for one case: each path's spread, then the separation.
fn cohort_report(loaded: &LoadedCase, n: u32) -> Result<Vec<String>> {
    let case = &loaded.case;
    let id = &case.scenario.id;
    let mut spreads = Vec::new();
    for g in &case.scenario.golden_paths {
        spreads.push(play_variants(case, g, n.max(1))?);
    }
    let width = spreads.iter().map(|s| s.path.len()).max().unwrap_or(0) + id.len() + 1;
    let mut out = Vec::new();
    for s in &spreads {
        let (lo, hi) = (
            s.lowest().map_or(0, |v| v.percent),
            s.highest().map_or(0, |v| v.percent),
        );
        out.push(format!(
            "  {:<width$}  {}  mean {:5.1}%  sd {:4.1}  range {lo}–{hi}%  passed {}/{}  as expected {}/{}",
            format!("{id}/{}", s.path),
            if s.expert { "expert" } else { "novice" },
            s.mean(),
            s.sd(),
            s.passed(),
            s.variants.len(),
            s.as_expected(),
            s.variants.len(),
        ));
    }
    match separation(&spreads) {
        Some(sep) => {
            let gap = sep.gap();
            out.push(format!(
                "  {id}: expert lowest {}% ({} seed {}) vs novice highest {}% ({} seed {}){}: gap {gap} point(s) — {}",
                sep.expert_low.2,
                sep.expert_low.0,
                sep.expert_low.1,
                sep.novice_high.2,
                sep.novice_high.0,
                sep.novice_high.1,
                if sep.by_name {
                    " (paths named expert… and novice…)"
                } else {
                    " (paths expected to pass and to fail)"
                },
                if gap > 0 {
                    "the rubric separates them"
                } else {
                    "OVERLAP: some novice play scores as well as some expert play"
                }
            ));
        }
        None => out.push(format!(
            "  {id}: no separation to report (it needs paths expected to pass and paths expected to fail)"
        )),
    }
    // The verdict can separate play that the percentage does not (a critical miss fails a
    // high score), so report it too.
    let count = |expert: bool, f: fn(&PathSpread) -> usize| -> (usize, usize) {
        spreads
            .iter()
            .filter(|s| s.expert == expert)
            .fold((0, 0), |(a, n), s| (a + f(s), n + s.variants.len()))
    };
    let (ep, en) = count(true, |s| s.passed());
    let (np, nn) = count(false, |s| s.passed());
    out.push(format!(
        "  {id}: verdicts: expert play passed {ep}/{en}, novice play passed {np}/{nn}"
    ));
    Ok(out)
}
