//! Scenarios: the RON model instructors write, its loading with located errors, validation, and
//! compilation into the resolved form (`case`) the simulation and rubric use.

pub mod case;
pub mod compile;
pub mod cond;
pub mod expr;
pub mod load;
pub mod locate;
pub mod model;
pub mod order;
pub mod script;
pub mod vars;

pub use case::Case;
pub use load::{Diagnostic, LoadedCase, Severity, find_cases, load_case};
