//! Instructor commands: lints, branch graphs, new cases.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

/// Commands for instructors (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum AuthorCommand {}

impl AuthorCommand {
    pub fn run(self, _ctx: &super::Ctx) -> Result<ExitCode> {
        match self {}
    }
}
