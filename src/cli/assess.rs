//! Assessor commands: re-scoring a cohort against a revised case, cohort reports, xAPI.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

/// Commands for assessors (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum AssessCommand {}

impl AssessCommand {
    pub fn run(self, _ctx: &super::Ctx) -> Result<ExitCode> {
        match self {}
    }
}
