//! `bedside report --lrs ENDPOINT --since DATE`: the cohort report from the session statements
//! in a Learning Record Store, without log files. Credentials as `xapi push` takes them.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use bedside::cohort::{self, lrs};
use bedside::xapi;

use super::report::ReportArgs;
use crate::cli::{Ctx, exit};

/// Reads the statements, writes the outputs `args` asks for. Exits 0 (nothing is left out: a
/// statement that is not a Bedside session's is counted and named on stderr, not an error).
pub fn run(
    args: &ReportArgs,
    endpoint: &str,
    hospital: Option<String>,
    ctx: &Ctx,
) -> Result<ExitCode> {
    let src = args.lrs();
    let (Some(user), Some(password_env)) = (&src.user, &src.password_env) else {
        bail!(
            "--lrs needs --user and --password-env (the name of the variable holding the password), as `xapi push` does"
        );
    };
    let since = src.since.as_deref().unwrap_or_default();
    let query = lrs::Query {
        since: lrs::timestamp_arg(since, false)
            .map_err(anyhow::Error::msg)
            .context("--since")?,
        until: src
            .until
            .as_deref()
            .map(|u| lrs::timestamp_arg(u, true))
            .transpose()
            .map_err(anyhow::Error::msg)
            .context("--until")?,
        hospital,
        page: src.lrs_page_size,
    };
    let password =
        xapi::password_from_env(password_env, "--password-env").map_err(anyhow::Error::msg)?;
    let client =
        xapi::Lrs::open(endpoint, user, &password, src.allow_http).map_err(anyhow::Error::msg)?;
    let fetched = lrs::fetch(&client, &query)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("reading statements from {}", client.endpoint()))?;
    if fetched.foreign > 0 {
        eprintln!(
            "{} statement(s) with a passed/failed verb are not Bedside sessions and were not counted",
            fetched.foreign
        );
    }
    let outcomes = &fetched.outcomes;
    let (html, csv, criteria_csv, hospitals_csv) = args.outputs();
    if let Some(p) = html {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let source = lrs::Source {
            endpoint: client.endpoint(),
            query: &query,
        };
        write(p, lrs::html(outcomes, &source, ctx.locale, now).as_bytes())?;
    }
    if let Some(p) = csv {
        let mut buf = Vec::new();
        lrs::sessions_csv(outcomes, &mut buf)?;
        write(p, &buf)?;
    }
    if let Some(p) = criteria_csv {
        let mut buf = Vec::new();
        lrs::criteria_csv(outcomes, &mut buf)?;
        write(p, &buf)?;
    }
    if let Some(p) = hospitals_csv {
        let mut buf = Vec::new();
        cohort::hospital::csv(&lrs::hospital_rows(outcomes), &mut buf)?;
        write(p, &buf)?;
    }
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let without = outcomes.iter().filter(|o| o.criteria.is_none()).count();
    println!(
        "{} session(s) reported ({passed} passed) from {} statement(s) in {} page(s) of {}{}; no vitals timelines (the LRS holds none){}",
        outcomes.len(),
        fetched.statements,
        fetched.pages,
        client.endpoint(),
        if without > 0 {
            format!("; {without} sent without per-criterion outcomes (counted in totals only)")
        } else {
            String::new()
        },
        [
            ("HTML", html),
            ("CSV", csv),
            ("criteria CSV", criteria_csv),
            ("hospitals CSV", hospitals_csv)
        ]
        .iter()
        .filter_map(|(k, p)| p.map(|p| format!("; {k}: {}", p.display())))
        .collect::<String>()
    );
    Ok(exit(false))
}

fn write(p: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
}
