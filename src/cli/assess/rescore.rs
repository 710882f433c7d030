//! `bedside rescore`: re-simulate and re-score a cohort's logs against a revised case or rubric,
//! and show what changed, per trainee and per criterion.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use bedside::cohort::{self, CriterionChange, RescoredLog};
use bedside::rubric::Status;
use bedside::scenario::{LoadedCase, load_case};

use crate::cli::{exit, progress};

#[derive(clap::Args, Debug)]
pub struct RescoreArgs {
    /// The revised case folder.
    #[arg(long = "case", value_name = "FOLDER")]
    case: PathBuf,
    /// Decision logs (JSON Lines) of that case.
    #[arg(required = true, value_name = "LOGS")]
    logs: Vec<PathBuf>,
    /// Print the results as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Exits 1 if any log is refused (unreadable, broken chain, or not replayable by the case).
pub fn run(args: &RescoreArgs) -> Result<ExitCode> {
    let (dir, logs, json) = (&args.case, &args.logs, args.json);
    let loaded = load_case(dir).map_err(|d| {
        let list: Vec<String> = d.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "the revised case {} does not validate:\n{}",
            dir.display(),
            list.join("\n")
        )
    })?;
    let case = &loaded.case;
    let bar = progress(logs.len(), "re-scoring");
    let started = std::time::Instant::now();
    let results = cohort::rescore_all(case, logs, || bar.inc(1));
    bar.finish_and_clear();
    let elapsed = started.elapsed();

    let (ok, refused): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    let ok: Vec<RescoredLog> = ok.into_iter().filter_map(Result::ok).collect();
    let refused: Vec<cohort::Refusal> = refused.into_iter().filter_map(Result::err).collect();

    if json {
        let out = serde_json::json!({
            "case": { "id": case.scenario.id, "version": case.scenario.version, "content_hash": case.content_hash },
            "rescored": ok,
            "refused": refused.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_text(&loaded, &ok, &refused);
    }
    eprintln!(
        "{} log(s) re-scored, {} refused, in {:.2} s",
        ok.len(),
        refused.len(),
        elapsed.as_secs_f64()
    );
    Ok(exit(!refused.is_empty()))
}

/// The text form: one line per log (and its changed criteria), then the totals per criterion.
fn print_text(loaded: &LoadedCase, ok: &[RescoredLog], refused: &[cohort::Refusal]) {
    let case = &loaded.case;
    println!(
        "Re-scoring against {} v{} ({})",
        case.scenario.id,
        case.scenario.version,
        loaded.dir.display()
    );
    for r in ok {
        let after = format!("{}% {}", r.after.percent, verdict(r.after.passed));
        let line = match &r.before {
            None => format!("{after} (the log has no score: the session never ended)"),
            Some(_) if !r.score_changed() && r.changes.is_empty() => {
                format!("{after} (unchanged)")
            }
            Some(b) => {
                let delta = i64::from(r.after.percent) - i64::from(b.percent);
                format!(
                    "{}% {} -> {after} ({delta:+} percentage points){}",
                    b.percent,
                    verdict(b.passed),
                    if b.passed != r.after.passed {
                        ", VERDICT CHANGED"
                    } else {
                        ""
                    }
                )
            }
        };
        println!(
            "{} ({}, {}): {line}",
            r.trainee.escape_debug(),
            r.path.display(),
            cohort::utc_minute(r.started_ms)
        );
        for c in &r.changes {
            println!(
                "    {}: {} -> {}",
                c.id,
                status_word(c.before),
                status_word(c.after)
            );
        }
    }
    for f in refused {
        println!("refused {f}");
    }

    // Per criterion: how many logs changed, and in which direction.
    let mut per: Vec<(String, Vec<&CriterionChange>)> = Vec::new();
    for c in ok.iter().flat_map(|r| &r.changes) {
        match per.iter_mut().find(|(id, _)| *id == c.id) {
            Some((_, v)) => v.push(c),
            None => per.push((c.id.clone(), vec![c])),
        }
    }
    println!();
    let changed = ok.iter().filter(|r| r.score_changed()).count();
    let flipped = ok
        .iter()
        .filter(|r| {
            r.before
                .as_ref()
                .is_some_and(|b| b.passed != r.after.passed)
        })
        .count();
    println!(
        "{} log(s): {} re-scored ({changed} with a different score, {flipped} with a different verdict), {} refused",
        ok.len() + refused.len(),
        ok.len(),
        refused.len()
    );
    if per.is_empty() {
        println!("No criterion changed.");
    } else {
        println!("Per criterion:");
        for (id, v) in &per {
            let mut kinds: Vec<(String, usize)> = Vec::new();
            for c in v {
                let k = format!(
                    "{} -> {}",
                    status_name(c.before.map(|(s, _)| s)),
                    status_name(c.after.map(|(s, _)| s))
                );
                match kinds.iter_mut().find(|(kk, _)| *kk == k) {
                    Some((_, n)) => *n += 1,
                    None => kinds.push((k, 1)),
                }
            }
            let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            println!("  {id}: {} log(s) changed ({})", v.len(), parts.join(", "));
        }
    }
}

fn status_name(s: Option<Status>) -> &'static str {
    match s {
        None => "absent",
        Some(Status::Met) => "met",
        Some(Status::Missed) => "missed",
        Some(Status::Harmful) => "harmful",
        Some(Status::NotApplicable) => "n/a",
    }
}

fn status_word(s: Option<(Status, u32)>) -> String {
    match s {
        None => "absent".into(),
        Some((st, pts)) => format!("{} ({pts} pt)", status_name(Some(st))),
    }
}

fn verdict(passed: bool) -> &'static str {
    if passed { "passed" } else { "FAILED" }
}
