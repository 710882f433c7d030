//! `bedside xapi`: the xAPI statements of finished sessions, exported as JSON or pushed to a
//! Learning Record Store through an outbox that survives an unreachable LRS. The verdict in the
//! statements is re-derived against the cases under --cases, never read from the score line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use std::io::Write;

use bedside::cohort::stream::{self, PrettyArray};
use bedside::cohort::{CaseShelf, SharedShelf};
use bedside::xapi;

use crate::cli::{Ctx, exit};

/// `bedside xapi …`
#[derive(Subcommand, Debug)]
pub enum XapiCommand {
    /// Print the xAPI 1.0.3 statements of finished sessions as a JSON array.
    ///
    /// Each verdict is re-derived from the session's decisions against its case under --cases;
    /// a log whose score line was altered is refused (exit 1) and nothing of it is printed.
    /// Logs are worked on on every core and printed as they come, in the order given.
    Export {
        #[command(flatten)]
        identity: IdentityArgs,
        /// One statement per line (JSON Lines) instead of one JSON array.
        #[arg(long)]
        jsonl: bool,
        /// Decision logs of finished sessions (a folder: every *.jsonl file below it).
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

impl XapiCommand {
    pub fn run(self, ctx: &Ctx) -> Result<ExitCode> {
        let mut shelf = CaseShelf::open(&ctx.cases);
        match self {
            XapiCommand::Export {
                identity,
                jsonl,
                logs,
            } => {
                let logs = bedside::cohort::inputs::expand(&logs)?;
                xapi_export(&identity.identity(), &logs, shelf, jsonl)
            }
            XapiCommand::Push {
                endpoint,
                user,
                password_env,
                allow_http,
                outbox,
                identity,
                logs,
            } => {
                let password = xapi::password_from_env(&password_env, "--password-env")
                    .map_err(anyhow::Error::msg)?;
                let lrs = xapi::Lrs::open(&endpoint, &user, &password, allow_http)
                    .map_err(anyhow::Error::msg)?;
                xapi_push(&lrs, outbox, &identity.identity(), &logs, &mut shelf)
            }
        }
    }
}

/// The statements of each log, made on every core and printed in the logs' order as they come
/// (a chunk of logs at a time: memory does not grow with the cohort).
fn xapi_export(
    identity: &xapi::Identity,
    logs: &[PathBuf],
    shelf: CaseShelf,
    jsonl: bool,
) -> Result<ExitCode> {
    let shelf = SharedShelf::new(shelf);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut array = PrettyArray::new(0);
    let mut failed = false;
    let text = |v: &serde_json::Value| {
        if jsonl {
            serde_json::to_string(v)
        } else {
            serde_json::to_string_pretty(v).map(|t| PrettyArray::indent(0, &t))
        }
    };
    // Each log's statements, already serialised (one text per statement; for the array already
    // indented, so that the writer only copies), or the error. A large log's statements are
    // made by the writer instead, one at a time from a second reading of the log, so that
    // they are never all held (a 1-million-line log has half a million).
    let make = |_: usize, p: &PathBuf| -> Result<Made, String> {
        if bedside::cohort::is_large(p) {
            let s = bedside::log::skim_bare(p).map_err(|e| e.to_string())?;
            let score = xapi::verdict_of_skimmed(p, &s, |p, s| shelf.verdict_skimmed(p, s))
                .map_err(|e| e.to_string())?;
            return Ok(Made::Later(Box::new((s, score))));
        }
        // Read as a stream, keeping the records a replay reads (the decisions the statements
        // are about among them).
        let s = bedside::log::skim(p).map_err(|e| e.to_string())?;
        let st = xapi::statements_skimmed(p, &s, identity, |p, s| shelf.verdict_skimmed(p, s))
            .map_err(|e| e.to_string())?;
        st.iter()
            .map(|v| text(v).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()
            .map(Made::Texts)
    };
    stream::for_each_ordered(
        logs,
        make,
        || {},
        |i, made| -> std::io::Result<()> {
            let mut put = |t: &str| -> std::io::Result<()> {
                if jsonl {
                    out.write_all(t.as_bytes())?;
                    out.write_all(b"\n")
                } else {
                    array.indented(&mut out, t)
                }
            };
            match made {
                Ok(Made::Texts(texts)) => {
                    for t in texts {
                        put(&t)?;
                    }
                }
                Ok(Made::Later(later)) => {
                    let (s, score) = *later;
                    let p = &logs[i];
                    let r = xapi::each_statement_streamed(p, &s, identity, &score, |v| {
                        let t = text(&v).map_err(|e| Later::Io(std::io::Error::other(e)))?;
                        put(&t).map_err(Later::Io)
                    });
                    match r {
                        Ok(()) => {}
                        Err(Later::Io(e)) => return Err(e),
                        // The log changed since it was read: what was written of it stays (the
                        // output is a stream), and the error is reported like any other.
                        Err(Later::Log(e)) => {
                            eprintln!("{e}");
                            failed = true;
                        }
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    failed = true;
                }
            }
            Ok(())
        },
    )?;
    if !jsonl {
        array.finish(&mut out)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(exit(failed))
}

/// One log's statements, made by the worker (serialised), or to be made by the writer (a large
/// log: its skim, keeping nothing, and its re-derived verdict).
enum Made {
    Texts(Vec<String>),
    Later(Box<(bedside::log::Skim, bedside::rubric::ScoreReport)>),
}

/// Why a large log's statements stopped: the output failed, or the log did.
enum Later {
    Io(std::io::Error),
    Log(xapi::XapiError),
}

impl From<xapi::XapiError> for Later {
    fn from(e: xapi::XapiError) -> Later {
        Later::Log(e)
    }
}

fn default_outbox() -> Result<PathBuf> {
    directories::ProjectDirs::from("org", "Bedside", "bedside")
        .map(|d| d.data_dir().join("xapi-outbox"))
        .context("no data folder on this system: give --outbox DIR")
}

fn xapi_push(
    lrs: &xapi::Lrs,
    outbox: Option<PathBuf>,
    identity: &xapi::Identity,
    logs: &[PathBuf],
    shelf: &mut CaseShelf,
) -> Result<ExitCode> {
    let dir = match outbox {
        Some(d) => d,
        None => default_outbox()?,
    };
    let ob = xapi::Outbox::open(&dir)?;
    let mut failed = false;
    let mut queued = 0;
    for p in logs {
        match xapi::queue_session(&ob, p, identity, shelf) {
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
    let f = ob.flush(lrs, shelf);
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
    Ok(exit(failed))
}
