//! The bodies of the `bedside` commands, one file per command in the group of its audience
//! (`author`: instructors, `assess`: assessors), the window's options in `window`, and here what
//! the commands share: the global options, loading a case, the exit-code convention.
//!
//! The arrows point down: `main.rs` dispatches to a group, a group to its commands, and a command
//! uses only this file and the library, never its group or a sibling.

pub mod assess;
pub mod author;
pub mod window;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use bedside::i18n::Locale;
use bedside::scenario::{Diagnostic, LoadedCase, find_cases, load_case};

/// The global options, as every command sees them.
#[derive(Debug)]
pub struct Ctx {
    /// `--cases`: the folder of cases (default `scenarios`).
    pub cases: PathBuf,
    /// `--lang`.
    pub locale: Locale,
}

impl Ctx {
    /// Reads `--lang` (default en-US): an unknown language stops every command, not only the
    /// ones that print text, so that a typo is never silently ignored.
    pub fn new(cases: PathBuf, lang: Option<&str>) -> Result<Ctx> {
        let locale = match lang {
            None => Locale::EnUs,
            Some(l) => Locale::parse(l)
                .with_context(|| format!("unknown language '{l}' (use en-US, ja-JP or zh-CN)"))?,
        };
        Ok(Ctx { cases, locale })
    }
}

/// The exit code of a command that ran to the end: 1 when it found a problem (a failed golden
/// path, a broken log, a refused log), else 0. A command that cannot run returns an error, which
/// `main` turns into 2.
pub fn exit(problems: bool) -> ExitCode {
    if problems {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The error of a case that does not validate, listing its problems one per line.
pub fn invalid(diags: &[Diagnostic]) -> anyhow::Error {
    let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("the case does not validate:\n{}", list.join("\n"))
}

/// Loads the case in `dir`, which must validate.
pub fn load(dir: &Path) -> Result<LoadedCase> {
    load_case(dir).map_err(|diags| invalid(&diags))
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

/// A progress bar on stderr, drawn only when stderr is a terminal.
pub fn progress(len: usize, what: &str) -> ProgressBar {
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
