//! The deterministic patient simulation.
//!
//! Time is integer seconds. Physiology (drug kinetics and effects, state drifts, noise, alarms,
//! transitions, conditional events) updates only on the case's tick grid (multiples of `tick`
//! from zero), so the trajectory depends on *when* decisions happened and never on how a caller
//! chunks `advance` calls: a live session stepping a second per frame and a replay jumping from
//! decision to decision produce the same records, byte for byte. Randomness comes only from a
//! ChaCha generator seeded per session; iteration is over vectors, never hash maps.

mod record;

// Orders are checked against the case alone (`scenario::order`); the simulation applies them.
pub use crate::scenario::order::{Order, OrderError, Unusual, ValidOrder};
pub(crate) use record::TagFirst;
pub use record::{EndReason, Record};
pub use simulation::{Simulation, Watched};

mod kinetics;
mod prepared;
mod simulation;
