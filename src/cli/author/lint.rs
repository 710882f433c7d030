//! `bedside lint`: what validates but is probably not meant (warnings, notes), and what the
//! safety layer requires (errors: uncovered harm, a high-alert medicine without a ceiling).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use bedside::scenario::{Diagnostic, Severity, load_case};

use crate::cli::{case_dirs, exit};

#[derive(clap::Args, Debug)]
pub struct LintArgs {
    /// Case folders, their scenario.ron files, or folders of cases.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Exits 1 if any case does not validate or has a lint error or warning (notes alone do not
/// fail).
pub fn run(args: &LintArgs) -> Result<ExitCode> {
    let dirs = case_dirs(&args.paths)?;
    let (lints, errors) = lint_dirs(&dirs);
    for d in errors.iter().chain(&lints) {
        println!("{d}");
    }
    let count = |s: Severity| lints.iter().filter(|d| d.severity == s).count();
    let (lint_errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    println!(
        "{} case(s): {} error(s), {warnings} warning(s), {notes} note(s)",
        dirs.len(),
        errors.len() + lint_errors
    );
    Ok(exit(!errors.is_empty() || lint_errors > 0 || warnings > 0))
}

/// Lint diagnostics of the cases in `dirs` that validate, deduplicated (cases sharing a drug
/// library or shared locales would otherwise repeat the same finding), and the validation errors
/// of those that do not.
fn lint_dirs(dirs: &[PathBuf]) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut lints = Vec::new();
    let mut errors = Vec::new();
    for d in dirs {
        match load_case(d) {
            Ok(loaded) => lints.extend(bedside::lint::lint(&loaded)),
            Err(diags) => errors.extend(diags),
        }
    }
    let mut seen = BTreeSet::new();
    lints.retain(|d| seen.insert(d.clone()));
    (lints, errors)
}
