//! Bedside: an interactive clinical case simulator for training. Not clinical advice.
//!
//! The core — [`scenario`], [`sim`], [`rubric`], [`log`], [`i18n`], [`wording`], [`report`] —
//! never touches Bevy or egui: the CLI, the tests and the benchmarks drive it directly, and the
//! app (feature `app`) only wraps it.

#[cfg(feature = "app")]
pub mod app;
pub mod cohort;
pub mod escape;
pub mod files;
pub mod graph;
pub mod hospital;
pub mod i18n;
pub mod lint;
pub mod log;
pub mod progress;
pub mod report;
pub mod review;
pub mod rubric;
pub mod scenario;
pub mod session;
pub mod sim;
pub mod units;
pub mod variants;
pub mod verdict;
pub mod whatif;
pub mod wording;
pub mod xapi;

/// The program name and version written into every log.
pub const PROGRAM: &str = concat!("bedside ", env!("CARGO_PKG_VERSION"));
