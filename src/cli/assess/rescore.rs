//! `bedside rescore`: re-simulate and re-score a cohort's logs against a revised case or rubric,
//! and show what changed, per trainee and per criterion.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::Write;

use anyhow::Result;

use bedside::cohort::stream::{self, PrettyArray};
use bedside::cohort::{self, CriterionChange, RescoredLog};
use bedside::rubric::Status;
use bedside::scenario::load_case;

use crate::cli::{exit, progress};

#[derive(clap::Args, Debug)]
pub struct RescoreArgs {
    /// The revised case folder.
    #[arg(long = "case", value_name = "FOLDER")]
    case: PathBuf,
    /// Decision logs (JSON Lines) of that case (a folder: every *.jsonl file below it).
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
    let logs = &cohort::inputs::expand(logs)?;
    let bar = progress(logs.len(), "re-scoring");
    let started = std::time::Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    // Refusals are listed after the logs re-scored (a line each: small beside the reports).
    let mut refused: Vec<String> = Vec::new();
    let mut array = PrettyArray::new(1);
    if json {
        // The keys in the order case, rescored, refused, so that the (large) list of logs
        // re-scored streams out as it is made.
        let head = serde_json::json!({ "id": case.scenario.id, "version": case.scenario.version, "content_hash": case.content_hash });
        let head = serde_json::to_string_pretty(&head)?.replace('\n', "\n  ");
        write!(out, "{{\n  \"case\": {head},\n  \"rescored\": ")?;
    } else {
        writeln!(
            out,
            "Re-scoring against {} v{} ({})",
            case.scenario.id,
            case.scenario.version,
            loaded.dir.display()
        )?;
    }
    stream::for_each_ordered(
        logs,
        |_, p| {
            cohort::rescore_log(case, p).map(|r| {
                let shown = if json {
                    serde_json::to_string_pretty(&r).unwrap_or_default()
                } else {
                    log_text(&r)
                };
                let (changed, flip) = (r.score_changed(), flipped(&r));
                (shown, r.changes, changed, flip)
            })
        },
        || bar.inc(1),
        |_, done| -> std::io::Result<()> {
            match done {
                Ok((shown, changes, changed, flip)) => {
                    if json {
                        array.element(&mut out, &shown)?;
                    } else {
                        out.write_all(shown.as_bytes())?;
                    }
                    totals.add(&changes, changed, flip);
                }
                Err(e) => refused.push(e.to_string()),
            }
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    if json {
        array.finish(&mut out)?;
        let list = serde_json::to_string_pretty(&refused)?.replace('\n', "\n  ");
        writeln!(out, ",\n  \"refused\": {list}\n}}")?;
    } else {
        totals.print(&mut out, &refused)?;
    }
    out.flush()?;
    eprintln!(
        "{} log(s) re-scored, {} refused, in {:.2} s",
        totals.ok,
        refused.len(),
        elapsed.as_secs_f64()
    );
    Ok(exit(!refused.is_empty()))
}

fn flipped(r: &RescoredLog) -> bool {
    r.before
        .as_ref()
        .is_some_and(|b| b.passed != r.after.passed)
}

/// One log's lines of the text form: its result, then its changed criteria.
fn log_text(r: &RescoredLog) -> String {
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
    let mut s = format!(
        "{} ({}, {}): {line}\n",
        r.trainee.escape_debug(),
        r.path.display(),
        cohort::utc_minute(r.started_ms)
    );
    for c in &r.changes {
        s += &format!(
            "    {}: {} -> {}\n",
            c.id,
            status_word(c.before),
            status_word(c.after)
        );
    }
    s
}

/// Logs per kind of change of a criterion ("met -> missed"), in the order first seen.
type Kinds = Vec<(String, usize)>;

/// What the text form's closing lines count, as logs come.
#[derive(Default)]
struct Totals {
    ok: usize,
    changed: usize,
    flipped: usize,
    /// Per criterion: logs changed, and how many per kind of change.
    per: Vec<(String, usize, Kinds)>,
}

impl Totals {
    fn add(&mut self, changes: &[CriterionChange], changed: bool, flipped: bool) {
        self.ok += 1;
        self.changed += usize::from(changed);
        self.flipped += usize::from(flipped);
        for c in changes {
            let i = match self.per.iter().position(|(id, _, _)| *id == c.id) {
                Some(i) => i,
                None => {
                    self.per.push((c.id.clone(), 0, Vec::new()));
                    self.per.len() - 1
                }
            };
            let (_, n, kinds) = &mut self.per[i];
            *n += 1;
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
    }

    /// The refusals, then the totals per log and per criterion.
    fn print(&self, out: &mut impl Write, refused: &[String]) -> std::io::Result<()> {
        for f in refused {
            writeln!(out, "refused {f}")?;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{} log(s): {} re-scored ({} with a different score, {} with a different verdict), {} refused",
            self.ok + refused.len(),
            self.ok,
            self.changed,
            self.flipped,
            refused.len()
        )?;
        if self.per.is_empty() {
            writeln!(out, "No criterion changed.")?;
        } else {
            writeln!(out, "Per criterion:")?;
            for (id, n, kinds) in &self.per {
                let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
                writeln!(out, "  {id}: {n} log(s) changed ({})", parts.join(", "))?;
            }
        }
        Ok(())
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
