//! The `bedside` binary's integration tests as one binary: the core commands' output and exit
//! codes, the instructor commands, and the assessor commands (rescore, report, xAPI against a
//! real LRS through `.ci/lrs`). `cargo test --test cli -- assess_xapi::` runs one file.

#[path = "../support/mod.rs"]
mod support;

mod assess_hospital;
mod assess_lrs_report;
mod assess_report;
mod assess_rescore;
mod assess_scale;
mod assess_verdict;
mod assess_xapi;
mod author;
mod commands;
mod hostile;
mod whatif;
