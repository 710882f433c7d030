//! Instructor commands: check, lint and draw cases, play them headlessly, test their golden
//! paths, start a new one.

mod graph;
mod lint;
mod new;
mod run;
mod test;
mod validate;

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::Ctx;

/// Commands for instructors (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum AuthorCommand {
    /// Check cases: every problem as file:line:column: message, then lint warnings.
    Validate(validate::ValidateArgs),
    /// Find what validates but is probably not meant, as warnings and notes.
    ///
    /// Unreachable states, dead ends, criteria nobody can meet or met by doing nothing,
    /// impossible conditions, doses outside their cited reference, untranslated texts. Prints
    /// file:line:column: warning|note: message; exits 1 if there is any warning.
    Lint(lint::LintArgs),
    /// Draw a case's branches as Graphviz DOT, Mermaid, or a ready-made SVG.
    ///
    /// States and transitions with their conditions, end states, and the states each golden path
    /// visits (each path is played to trace it).
    Graph(graph::GraphArgs),
    /// Play a scripted trainee through a case headlessly and print the score.
    Run(run::RunArgs),
    /// Run every golden path of the cases and check each lands where it must.
    Test(test::TestArgs),
    /// Create a new case folder under --cases from a commented template.
    ///
    /// The template validates and plays: scenario.ron with two golden paths, and its texts in
    /// three languages.
    New(new::NewArgs),
}

impl AuthorCommand {
    pub fn run(self, ctx: &Ctx) -> Result<ExitCode> {
        match self {
            AuthorCommand::Validate(args) => validate::run(&args),
            AuthorCommand::Lint(args) => lint::run(&args),
            AuthorCommand::Graph(args) => graph::run(&args),
            AuthorCommand::Run(args) => run::run(&args, ctx),
            AuthorCommand::Test(args) => test::run(&args),
            AuthorCommand::New(args) => new::run(&args, ctx),
        }
    }
}
