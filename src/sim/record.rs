//! What a session records: each decision and each notable simulated event, in order.
//! These are exactly the body lines of the decision log.

use serde::{Deserialize, Serialize};

use super::Order;
use crate::scenario::model::{MsgId, Outcome, Route, Speaker};

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
    /// What an examination showed; `values`: the variables its text shows (the finding's
    /// `values`), as they were.
    Finding {
        t: u64,
        action: String,
        text: MsgId,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        values: Vec<(String, f64)>,
    },
    /// Investigation results returning, as sampled when ordered.
    Result {
        t: u64,
        action: String,
        ordered_at: u64,
        values: Vec<(String, f64)>,
    },
    /// A clinical state change.
    State { t: u64, from: String, to: String },
    /// A scripted event (the nurse calls…); `values` as for a finding.
    Event {
        t: u64,
        id: String,
        speaker: Speaker,
        text: MsgId,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        values: Vec<(String, f64)>,
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
    /// Simulated time had reached `t` with nothing else to record (the app writes one when the
    /// trainee pauses or leaves, and each simulated minute the clock runs without another
    /// line): a resumed session continues from the latest of these. Log format 2.
    Clock { t: u64 },
    /// A standing order's dose given at its time (`schedule`): `amount` in the drug's unit. Not
    /// the trainee's decision; written only for cases with a `schedule`, so every other log is
    /// as before.
    Standing {
        t: u64,
        schedule: String,
        drug: String,
        amount: f64,
        route: Route,
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
            | Record::End { t, .. }
            | Record::Clock { t }
            | Record::Standing { t, .. } => *t,
        }
    }

    /// Whether this is one of the trainee's own entries (decisions, refused orders, ending,
    /// and the clock's notes of how far they let time run): what a replay applies.
    pub fn is_trainee_input(&self) -> bool {
        matches!(
            self,
            Record::Decision { .. }
                | Record::Refused { .. }
                | Record::Clock { .. }
                | Record::End {
                    reason: EndReason::Trainee,
                    ..
                }
        )
    }
}

/// A [`Record`] read from a map whose first key is its `kind`, as this program writes them.
///
/// `Record`'s own (derived) reader accepts the `kind` anywhere in the map, so it first copies
/// the whole map into an intermediate tree and then reads the record from that: every record is
/// parsed twice. Knowing the kind up front, this reads the fields straight into the variant. It
/// is stricter than `Record` — the kind must come first, and a key the variant does not have is
/// an error — so that whatever it accepts, `Record` accepts with the same value; a caller falls
/// back to `Record` when it refuses (that reader also gives the error message).
#[derive(Debug, PartialEq)]
pub(crate) struct TagFirst(pub Record);

impl<'de> Deserialize<'de> for TagFirst {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(TagFirstVisitor)
    }
}

/// The variant names, in `Record`'s order (a kind may also be given by its index).
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Decision,
    Refused,
    Finding,
    Result,
    State,
    Event,
    Alarm,
    End,
    Clock,
    Standing,
}

/// The only key accepted first.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum KindKey {
    Kind,
}

/// The fields of each variant, with `Record`'s types and defaults.
mod body {
    use serde::Deserialize;

    use crate::scenario::model::{MsgId, Speaker};
    use crate::sim::{EndReason, Order};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Decision {
        pub t: u64,
        pub order: Order,
        #[serde(default)]
        pub amount: Option<f64>,
        #[serde(default)]
        pub rate_per_h: Option<f64>,
        #[serde(default)]
        pub note: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Refused {
        pub t: u64,
        pub order: Order,
        pub reason: String,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Finding {
        pub t: u64,
        pub action: String,
        pub text: MsgId,
        #[serde(default)]
        pub values: Vec<(String, f64)>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Result {
        pub t: u64,
        pub action: String,
        pub ordered_at: u64,
        pub values: Vec<(String, f64)>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct State {
        pub t: u64,
        pub from: String,
        pub to: String,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Event {
        pub t: u64,
        pub id: String,
        pub speaker: Speaker,
        pub text: MsgId,
        #[serde(default)]
        pub values: Vec<(String, f64)>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Alarm {
        pub t: u64,
        pub var: String,
        pub value: f64,
        pub level: i8,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct End {
        pub t: u64,
        pub reason: EndReason,
        pub state: String,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Clock {
        pub t: u64,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Standing {
        pub t: u64,
        pub schedule: String,
        pub drug: String,
        pub amount: f64,
        pub route: crate::scenario::model::Route,
    }
}

struct TagFirstVisitor;

impl<'de> serde::de::Visitor<'de> for TagFirstVisitor {
    type Value = TagFirst;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a record whose first key is its kind")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TagFirst, A::Error> {
        if map.next_key::<KindKey>()?.is_none() {
            return Err(serde::de::Error::missing_field("kind"));
        }
        let kind: Kind = map.next_value()?;
        let rest = serde::de::value::MapAccessDeserializer::new(map);
        Ok(TagFirst(match kind {
            Kind::Decision => {
                let b = body::Decision::deserialize(rest)?;
                Record::Decision {
                    t: b.t,
                    order: b.order,
                    amount: b.amount,
                    rate_per_h: b.rate_per_h,
                    note: b.note,
                }
            }
            Kind::Refused => {
                let b = body::Refused::deserialize(rest)?;
                Record::Refused {
                    t: b.t,
                    order: b.order,
                    reason: b.reason,
                }
            }
            Kind::Finding => {
                let b = body::Finding::deserialize(rest)?;
                Record::Finding {
                    t: b.t,
                    action: b.action,
                    text: b.text,
                    values: b.values,
                }
            }
            Kind::Result => {
                let b = body::Result::deserialize(rest)?;
                Record::Result {
                    t: b.t,
                    action: b.action,
                    ordered_at: b.ordered_at,
                    values: b.values,
                }
            }
            Kind::State => {
                let b = body::State::deserialize(rest)?;
                Record::State {
                    t: b.t,
                    from: b.from,
                    to: b.to,
                }
            }
            Kind::Event => {
                let b = body::Event::deserialize(rest)?;
                Record::Event {
                    t: b.t,
                    id: b.id,
                    speaker: b.speaker,
                    text: b.text,
                    values: b.values,
                }
            }
            Kind::Alarm => {
                let b = body::Alarm::deserialize(rest)?;
                Record::Alarm {
                    t: b.t,
                    var: b.var,
                    value: b.value,
                    level: b.level,
                }
            }
            Kind::End => {
                let b = body::End::deserialize(rest)?;
                Record::End {
                    t: b.t,
                    reason: b.reason,
                    state: b.state,
                }
            }
            Kind::Clock => Record::Clock {
                t: body::Clock::deserialize(rest)?.t,
            },
            Kind::Standing => {
                let b = body::Standing::deserialize(rest)?;
                Record::Standing {
                    t: b.t,
                    schedule: b.schedule,
                    drug: b.drug,
                    amount: b.amount,
                    route: b.route,
                }
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Record> {
        let order = Order {
            action: "give_fluid".into(),
            dose: Some((500.0, "mL".into())),
            rate: None,
            route: Some(Route::IV),
        };
        vec![
            Record::Decision {
                t: 30,
                order: order.clone(),
                amount: Some(500.0),
                rate_per_h: None,
                note: Some("outside the usual range".into()),
            },
            Record::Decision {
                t: 31,
                order: Order::new("examine"),
                amount: None,
                rate_per_h: Some(0.25),
                note: None,
            },
            Record::Refused {
                t: 40,
                order,
                reason: "the dose is not a \"number\"".into(),
            },
            Record::Finding {
                t: 50,
                action: "examine".into(),
                text: "finding-id".into(),
                values: vec![],
            },
            Record::Finding {
                t: 51,
                action: "examine".into(),
                text: "finding-with-values".into(),
                values: vec![("sbp".into(), 82.1234), ("glucose".into(), 40.0)],
            },
            Record::Result {
                t: 60,
                action: "lactate".into(),
                ordered_at: 20,
                values: vec![("lactate".into(), 4.1234), ("k".into(), -0.0)],
            },
            Record::State {
                t: 70,
                from: "shock".into(),
                to: "improving".into(),
            },
            Record::Event {
                t: 80,
                id: "nurse_call".into(),
                speaker: Speaker::Nurse,
                text: "ev-text\nwith a line break".into(),
                values: vec![],
            },
            Record::Event {
                t: 81,
                id: "nurse_call_bp".into(),
                speaker: Speaker::Nurse,
                text: "ev-bp".into(),
                values: vec![("map".into(), 58.5)],
            },
            Record::Alarm {
                t: 90,
                var: "map".into(),
                value: 58.25,
                level: -1,
            },
            Record::End {
                t: 100,
                reason: EndReason::Outcome(Outcome::Stabilised),
                state: "stable".into(),
            },
            Record::End {
                t: 110,
                reason: EndReason::TimeLimit,
                state: "shock".into(),
            },
            Record::Clock { t: 120 },
            Record::Standing {
                t: 1800,
                schedule: "gliclazide".into(),
                drug: "gliclazide".into(),
                amount: 80.0,
                route: Route::PO,
            },
        ]
    }

    #[test]
    fn a_record_reads_the_same_with_its_kind_first() {
        for r in every_kind() {
            let text = serde_json::to_string(&r).unwrap();
            assert!(text.starts_with("{\"kind\":"), "{text}");
            let quick: TagFirst = serde_json::from_str(&text).unwrap();
            let derived: Record = serde_json::from_str(&text).unwrap();
            assert_eq!(quick.0, derived);
            assert_eq!(quick.0, r);
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_derived_reader() {
        for text in [
            r#"{"t":1,"kind":"state","from":"a","to":"b"}"#,
            r#"{"kind":"state","t":1,"from":"a","to":"b","extra":1}"#,
            r#"{"kind":"state","t":1,"from":"a","to":"b","kind":"state"}"#,
            r#"{"kind":"state","t":1,"from":"a"}"#,
            r#"{"kind":"clock","t":1,"to":2}"#,
            r#"{"kind":"nothing","t":1}"#,
            r#"["state",1,"a","b"]"#,
        ] {
            assert!(serde_json::from_str::<TagFirst>(text).is_err(), "{text}");
        }
    }
}
