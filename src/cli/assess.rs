//! Assessor commands: re-scoring a cohort against a revised case, cohort reports, xAPI.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use bedside::cohort::{self, CriterionChange, RescoredLog};
use bedside::rubric::Status;
use bedside::scenario::load_case;
use bedside::xapi;

/// Commands for assessors (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum AssessCommand {
    /// Re-simulate and re-score logs against a revised case or rubric; show what changed.
    ///
    /// Each log is verified (hash chain), its decisions are replayed against the case in
    /// --case, and the new score is compared with the one written in the log. Logs whose
    /// decisions the revised case cannot replay (an action it no longer has) are refused.
    Rescore {
        /// The revised case folder.
        #[arg(long = "case", value_name = "FOLDER")]
        case: PathBuf,
        /// Decision logs (JSON Lines) of that case.
        #[arg(required = true, value_name = "LOGS")]
        logs: Vec<PathBuf>,
        /// Print the results as JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// A cohort report: per trainee, per criterion, score distribution and vitals timelines.
    ///
    /// Logs are verified and re-scored against the cases in --cases (and re-simulated for the
    /// timelines). The HTML is one self-contained file, readable offline and printable; its
    /// language follows --lang.
    Report {
        /// Decision logs (JSON Lines), of any cases under --cases.
        #[arg(required = true, value_name = "LOGS")]
        logs: Vec<PathBuf>,
        /// Write the HTML report here.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Write one CSV row per session here.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Write one CSV row per criterion (pass rate across the cohort) here.
        #[arg(long, value_name = "FILE")]
        criteria_csv: Option<PathBuf>,
    },
    /// xAPI statements for a Learning Record Store: export them, or push them.
    Xapi {
        #[command(subcommand)]
        command: XapiCommand,
    },
}

/// `bedside xapi …`
#[derive(Subcommand, Debug)]
pub enum XapiCommand {
    /// Print the xAPI 1.0.3 statements of finished sessions as a JSON array.
    Export {
        #[command(flatten)]
        identity: IdentityArgs,
        /// Decision logs of finished sessions.
        #[arg(required = true, value_name = "LOGS")]
        logs: Vec<PathBuf>,
    },
    /// Queue the statements of finished sessions in the outbox, then send everything queued.
    ///
    /// Statements stay in the outbox until the LRS accepts them: when it cannot be reached,
    /// run the command again later (with or without logs). Sending a session twice does not
    /// duplicate it (statement ids derive from the log's final hash).
    Push {
        /// The LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI/
        #[arg(long, value_name = "URL")]
        endpoint: String,
        /// LRS user (HTTP basic auth).
        #[arg(long)]
        user: String,
        /// Name of the environment variable holding the password (never the password itself).
        #[arg(long, value_name = "VAR")]
        password_env: String,
        /// Allow a plain http:// endpoint on another computer (the password and the results
        /// cross the network unencrypted). http:// to this computer (localhost) needs no flag.
        #[arg(long)]
        allow_http: bool,
        /// Outbox folder (default: the platform's data folder, xapi-outbox).
        #[arg(long, value_name = "DIR")]
        outbox: Option<PathBuf>,
        #[command(flatten)]
        identity: IdentityArgs,
        /// Decision logs of finished sessions (none: only send what is queued).
        #[arg(value_name = "LOGS")]
        logs: Vec<PathBuf>,
    },
}

/// How trainees and activities are named in statements.
#[derive(clap::Args, Debug)]
pub struct IdentityArgs {
    /// homePage of the trainees' accounts (the system that issues the trainee ids in the logs).
    #[arg(long, value_name = "URL", default_value = "urn:bedside:trainees")]
    home_page: String,
    /// Prefix of activity ids and extension keys (an IRI).
    #[arg(long, value_name = "IRI", default_value = "urn:bedside")]
    activity_base: String,
}

impl IdentityArgs {
    fn identity(&self) -> xapi::Identity {
        xapi::Identity {
            home_page: self.home_page.clone(),
            base: self.activity_base.trim_end_matches(':').to_string(),
        }
    }
}

impl AssessCommand {
    pub fn run(self, ctx: &super::Ctx) -> Result<ExitCode> {
        match self {
            AssessCommand::Rescore { case, logs, json } => rescore(ctx, &case, &logs, json),
            AssessCommand::Report {
                logs,
                html,
                csv,
                criteria_csv,
            } => report(ctx, &logs, html, csv, criteria_csv),
            AssessCommand::Xapi { command } => command.run(),
        }
    }
}

impl XapiCommand {
    fn run(self) -> Result<ExitCode> {
        match self {
            XapiCommand::Export { identity, logs } => xapi_export(&identity.identity(), &logs),
            XapiCommand::Push {
                endpoint,
                user,
                password_env,
                allow_http,
                outbox,
                identity,
                logs,
            } => xapi_push(
                &endpoint,
                &user,
                &password_env,
                allow_http,
                outbox,
                &identity.identity(),
                &logs,
            ),
        }
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub(crate) fn progress(len: usize, what: &str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len as u64), target);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
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

fn rescore(
    _ctx: &super::Ctx,
    dir: &std::path::Path,
    logs: &[PathBuf],
    json: bool,
) -> Result<ExitCode> {
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
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_text(
    loaded: &bedside::scenario::LoadedCase,
    ok: &[RescoredLog],
    refused: &[cohort::Refusal],
) {
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

fn report(
    ctx: &super::Ctx,
    logs: &[PathBuf],
    html: Option<PathBuf>,
    csv: Option<PathBuf>,
    criteria_csv: Option<PathBuf>,
) -> Result<ExitCode> {
    if html.is_none() && csv.is_none() && criteria_csv.is_none() {
        bail!("nothing to write: give --html FILE, --csv FILE and/or --criteria-csv FILE");
    }
    let outputs = [html.as_deref(), csv.as_deref(), criteria_csv.as_deref()];
    cohort::output::check_outputs(&outputs, logs)?;
    let mut shelf = cohort::CaseShelf::open(&ctx.cases);
    let bar = progress(logs.len(), "reading logs");
    let (sessions, refused) = cohort::gather(&mut shelf, logs, || bar.inc(1));
    bar.finish_and_clear();
    for r in &refused {
        eprintln!("left out {r}");
    }
    if let Some(p) = &html {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let text = cohort::html::render(&sessions, &refused, ctx.locale, now);
        std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = &csv {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        cohort::csv::sessions(&sessions, f)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    if let Some(p) = &criteria_csv {
        let f =
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?;
        cohort::csv::criteria(&sessions, f)
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    let passed = sessions.iter().filter(|s| s.report.passed).count();
    println!(
        "{} session(s) reported ({passed} passed), {} left out{}",
        sessions.len(),
        refused.len(),
        [
            ("HTML", &html),
            ("CSV", &csv),
            ("criteria CSV", &criteria_csv)
        ]
        .iter()
        .filter_map(|(k, p)| p.as_ref().map(|p| format!("; {k}: {}", p.display())))
        .collect::<String>()
    );
    Ok(if refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn xapi_export(identity: &xapi::Identity, logs: &[PathBuf]) -> Result<ExitCode> {
    let mut all = Vec::new();
    let mut failed = false;
    for p in logs {
        let made = bedside::log::read(p)
            .map_err(xapi::XapiError::from)
            .and_then(|s| xapi::statements(p, &s, identity));
        match made {
            Ok(st) => all.extend(st),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    println!("{}", serde_json::to_string_pretty(&all)?);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn default_outbox() -> Result<PathBuf> {
    directories::ProjectDirs::from("org", "Bedside", "bedside")
        .map(|d| d.data_dir().join("xapi-outbox"))
        .context("no data folder on this system: give --outbox DIR")
}

fn xapi_push(
    endpoint: &str,
    user: &str,
    password_env: &str,
    allow_http: bool,
    outbox: Option<PathBuf>,
    identity: &xapi::Identity,
    logs: &[PathBuf],
) -> Result<ExitCode> {
    let password =
        xapi::password_from_env(password_env, "--password-env").map_err(anyhow::Error::msg)?;
    let lrs = xapi::Lrs::open(endpoint, user, &password, allow_http).map_err(anyhow::Error::msg)?;
    let dir = match outbox {
        Some(d) => d,
        None => default_outbox()?,
    };
    let ob = xapi::Outbox::open(&dir)?;
    let mut failed = false;
    let mut queued = 0;
    for p in logs {
        match xapi::queue_session(&ob, p, identity) {
            Ok(n) => queued += n,
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if !logs.is_empty() {
        println!(
            "queued {queued} statement(s) from {} log(s) in {}",
            logs.len(),
            dir.display()
        );
    }
    let f = ob.flush(&lrs);
    let sent: usize = f.sent.iter().map(|(_, n)| n).sum();
    println!(
        "sent {sent} statement(s) in {} batch(es) to {}",
        f.sent.len(),
        lrs.endpoint()
    );
    for (batch, status, reason) in &f.rejected {
        let by = match status {
            0 => "not sent".to_string(),
            s => format!("HTTP {s}"),
        };
        println!(
            "rejected batch {batch} ({by}): {reason}; kept in {}",
            dir.join("rejected").display()
        );
        failed = true;
    }
    if let Some(e) = &f.stopped {
        println!(
            "{e}; {} batch(es) stay queued in {} and will be sent by the next push",
            f.queued,
            dir.display()
        );
        failed = true;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
