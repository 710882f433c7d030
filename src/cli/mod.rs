//! Command groups of the `bedside` binary beyond the core ones in `main.rs`, one file per
//! audience so that they grow without stepping on each other.

pub mod assess;
pub mod author;
mod new_case;

use std::path::PathBuf;

use bedside::i18n::Locale;

/// What every command may need from the global options.
#[allow(dead_code)] // read by the command groups as they grow
#[derive(Debug, Clone)]
pub struct Ctx {
    /// `--cases`: the folder of cases (default `scenarios`).
    pub cases: PathBuf,
    /// `--lang`.
    pub locale: Locale,
}
