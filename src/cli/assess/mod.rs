//! Assessor commands: score and verify logs, re-score a cohort against a revised case, cohort
//! reports, xAPI.

mod report;
mod report_lrs;
mod rescore;
mod score;
mod verify;
mod whatif;
mod xapi;

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::Ctx;

/// Commands for assessors (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum AssessCommand {
    /// Re-score logs from the log alone, by re-simulating them.
    Score(score::ScoreArgs),
    /// Verify logs' hash chains and re-derive each finished session's verdict (needs its case).
    Verify(verify::VerifyArgs),
    /// Re-simulate and re-score logs against a revised case or rubric; show what changed.
    ///
    /// Each log is verified (hash chain), its decisions are replayed against the case in
    /// --case, and the new score is compared with the one written in the log. Logs whose
    /// decisions the revised case cannot replay (an action it no longer has) are refused.
    Rescore(rescore::RescoreArgs),
    /// A cohort report: per trainee, per criterion, score distribution and vitals timelines.
    ///
    /// Logs are verified and re-scored against the cases in --cases (and re-simulated for the
    /// timelines). The HTML is one self-contained file, readable offline and printable; its
    /// language follows --lang.
    Report(report::ReportArgs),
    /// What if: a finished session's decisions edited (moved, dropped, added) and re-simulated.
    ///
    /// The log is verified and only read; the session and the what-if are compared (score, end
    /// state, criteria that changed, vital signs). A what-if is not a session: nothing is
    /// written and nothing is sent to the LRS.
    WhatIf(whatif::WhatIfArgs),
    /// xAPI statements for a Learning Record Store: export them, or push them.
    Xapi {
        #[command(subcommand)]
        command: xapi::XapiCommand,
    },
}

impl AssessCommand {
    pub fn run(self, ctx: &Ctx) -> Result<ExitCode> {
        match self {
            AssessCommand::Score(args) => score::run(&args, ctx),
            AssessCommand::Verify(args) => verify::run(&args, ctx),
            AssessCommand::Rescore(args) => rescore::run(&args),
            AssessCommand::Report(args) => report::run(&args, ctx),
            AssessCommand::WhatIf(args) => whatif::run(&args, ctx),
            AssessCommand::Xapi { command } => command.run(ctx),
        }
    }
}
