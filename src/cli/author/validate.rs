//! `bedside validate`: every problem of the cases, then their lint warnings (which do not fail).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use bedside::scenario::{Severity, load_case};

use crate::cli::{case_dirs, exit};

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Case folders, their scenario.ron files, or folders of cases.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Exits 1 if any case does not validate.
pub fn run(args: &ValidateArgs) -> Result<ExitCode> {
    let dirs = case_dirs(&args.paths)?;
    let mut problems = 0;
    let mut warned = BTreeSet::new();
    for d in &dirs {
        match load_case(d) {
            Ok(loaded) => {
                println!(
                    "ok {} ({} v{})",
                    d.display(),
                    loaded.case.scenario.id,
                    loaded.case.scenario.version
                );
                // Lint warnings too (notes only with `bedside lint`); they do not fail validation.
                for w in bedside::lint::lint(&loaded) {
                    if w.severity == Severity::Warning && warned.insert(w.clone()) {
                        println!("{w}");
                    }
                }
            }
            Err(diags) => {
                for diag in &diags {
                    println!("{diag}");
                }
                problems += diags.len();
            }
        }
    }
    if problems > 0 {
        println!("{problems} problem(s) in {} case(s)", dirs.len());
    }
    Ok(exit(problems > 0))
}
