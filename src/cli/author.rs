//! Instructor commands: lints, branch graphs, new cases.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use bedside::scenario::{Diagnostic, Severity, find_cases, load_case};

/// Commands for instructors (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum AuthorCommand {
    /// Find what validates but is probably not meant, as warnings and notes.
    ///
    /// Unreachable states, dead ends, criteria nobody can meet or met by doing nothing,
    /// impossible conditions, doses outside their cited reference, untranslated texts. Prints
    /// file:line:column: warning|note: message; exits 1 if there is any warning.
    Lint {
        /// Case folders, their scenario.ron files, or folders of cases.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Draw a case's branches as Graphviz DOT, Mermaid, or a ready-made SVG.
    ///
    /// States and transitions with their conditions, end states, and the states each golden path
    /// visits (each path is played to trace it).
    Graph {
        /// The case folder.
        case: PathBuf,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Create a new case folder under --cases from a commented template.
    ///
    /// The template validates and plays: scenario.ron with two golden paths, and its texts in
    /// three languages.
    New(NewArgs),
}

/// Arguments of `bedside new`.
#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The case id: lowercase letters, digits and hyphens, starting with a letter (it prefixes
    /// every message id of the case).
    pub id: String,
    /// Clinical area: IntensiveCare, Pain, Geriatrics, Diabetes, Heart, Liver, UpperGi, Uterine
    /// or Endoscopy (kebab-case such as intensive-care works too).
    #[arg(long, default_value = "Heart")]
    pub area: String,
}

/// Output formats of `bedside graph`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
}

impl AuthorCommand {
    pub fn run(self, ctx: &super::Ctx) -> Result<ExitCode> {
        match self {
            AuthorCommand::Lint { paths } => lint(&paths),
            AuthorCommand::Graph {
                case,
                format,
                output,
            } => graph(&case, format, output.as_deref()),
            AuthorCommand::New(args) => super::new_case::new_case(&ctx.cases, &args),
        }
    }
}

/// Every case folder at or below `paths`; an error if a path holds none.
pub fn case_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for p in paths {
        if !p.exists() {
            bail!("{} does not exist", p.display());
        }
        let found = find_cases(p);
        if found.is_empty() {
            bail!(
                "no case (a folder with scenario.ron) at or below {}",
                p.display()
            );
        }
        dirs.extend(found);
    }
    Ok(dirs)
}

/// Lint diagnostics of the cases in `dirs` that validate, deduplicated (cases sharing a drug
/// library or shared locales would otherwise repeat the same finding), and the validation errors
/// of those that do not.
pub fn lint_dirs(dirs: &[PathBuf]) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut lints = Vec::new();
    let mut errors = Vec::new();
    for d in dirs {
        match load_case(d) {
            Ok(loaded) => lints.extend(bedside::lint::lint(&loaded)),
            Err(diags) => errors.extend(diags),
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    lints.retain(|d| seen.insert(d.clone()));
    (lints, errors)
}

fn lint(paths: &[PathBuf]) -> Result<ExitCode> {
    let dirs = case_dirs(paths)?;
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
    Ok(if errors.is_empty() && lint_errors == 0 && warnings == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn graph(case: &Path, format: GraphFormat, output: Option<&Path>) -> Result<ExitCode> {
    let loaded = load_case(case).map_err(|diags| {
        let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("the case does not validate:\n{}", list.join("\n"))
    })?;
    let g = bedside::graph::CaseGraph::build(&loaded.case);
    let text = match format {
        GraphFormat::Dot => g.to_dot(),
        GraphFormat::Mermaid => g.to_mermaid(),
        GraphFormat::Svg => bedside::graph::to_svg(&g),
    };
    match output {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
