//! What a session records: each decision and each notable simulated event, in order.
//! These are exactly the body lines of the decision log.

use serde::{Deserialize, Serialize};

use super::Order;
use crate::scenario::model::{MsgId, Outcome, Speaker};

/// Why a case ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    TimeLimit,
    Trainee,
    Outcome(Outcome),
}

/// One entry of a session, with its simulated time `t` in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// An accepted order. `amount` (bolus, drug unit) and `rate_per_h` are the converted values;
    /// `note` says when it was outside the plausible range.
    Decision {
        t: u64,
        order: Order,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate_per_h: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// An impossible order, refused with its reason; nothing reached the patient.
    Refused {
        t: u64,
        order: Order,
        reason: String,
    },
    /// What an examination showed.
    Finding { t: u64, action: String, text: MsgId },
    /// Investigation results returning, as sampled when ordered.
    Result {
        t: u64,
        action: String,
        ordered_at: u64,
        values: Vec<(String, f64)>,
    },
    /// A clinical state change.
    State { t: u64, from: String, to: String },
    /// A scripted event (the nurse calls…).
    Event {
        t: u64,
        id: String,
        speaker: Speaker,
        text: MsgId,
    },
    /// A variable crossed an alarm limit (level -1 low, 1 high) or came back (0).
    Alarm {
        t: u64,
        var: String,
        value: f64,
        level: i8,
    },
    /// The case ended.
    End {
        t: u64,
        reason: EndReason,
        state: String,
    },
}

impl Record {
    /// Simulated time of the record.
    pub fn t(&self) -> u64 {
        match self {
            Record::Decision { t, .. }
            | Record::Refused { t, .. }
            | Record::Finding { t, .. }
            | Record::Result { t, .. }
            | Record::State { t, .. }
            | Record::Event { t, .. }
            | Record::Alarm { t, .. }
            | Record::End { t, .. } => *t,
        }
    }

    /// Whether this is one of the trainee's own entries (decisions, refused orders, ending).
    pub fn is_trainee_input(&self) -> bool {
        matches!(
            self,
            Record::Decision { .. }
                | Record::Refused { .. }
                | Record::End {
                    reason: EndReason::Trainee,
                    ..
                }
        )
    }
}
