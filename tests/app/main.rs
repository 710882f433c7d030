//! The app's integration tests as one binary (one link of Bevy, not six): its logic headless on
//! `MinimalPlugins` (flow, instructor mode's hot reload, the Review screen, the LRS setting), every
//! text a message in three languages, and the checks of the screenshots `.ci/app-tests` takes in a
//! real window. `cargo test --test app -- screenshots` runs those. The full-disk test is not here:
//! it limits the process's file size, so it has a binary of its own (`tests/app_full_disk.rs`).
#![cfg(feature = "app")]

#[path = "../support/mod.rs"]
mod support;

mod flow;
mod hospital;
mod hot_reload;
mod learning;
mod lrs;
mod review;
mod screenshots;
mod texts;
mod whatif;
