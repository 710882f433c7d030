//! The core's integration tests as one binary (one link, not one per file): the bundled cases,
//! determinism, the decision log, orders, the rubric and its safety layer, review, lints and
//! validation, the branch graph, the authoring guide's examples, texts with values, and the CJK
//! fonts. Each file is a module; `cargo test --test engine -- orders::` runs one.

#[path = "../support/mod.rs"]
mod support;

mod alarms;
mod authoring_guide;
mod cases;
mod citations;
mod debrief_wording;
mod decision_log;
mod determinism;
mod events;
mod fonts;
mod format_compat;
mod graph;
mod hospital;
mod learning_design;
mod lint_corpus;
mod lint_scale;
mod log_stream;
mod on_board;
mod orders;
mod products;
mod progress;
mod review;
mod rubric;
mod safe_scoring;
mod standing;
mod texts_with_values;
mod validation_corpus;
mod verdict;
mod whatif;
