//! "What if": a finished session's own decisions, edited, re-simulated from the same seed.
//!
//! Bedside's replay is exact (same case, seed and decisions → the same patient, record for
//! record), so a trainee can change one decision of their own session — move it earlier or
//! later, drop it, or add an order — and watch *their* patient take the other road. Nothing new
//! simulates here: the log is verified and its verdict re-derived (`verdict::derive`, so an
//! unverifiable log is refused with the reason), the trainee's inputs are taken from it, edited,
//! and played by the same `Simulation::replay_onto` every replay uses, then scored by the same
//! rubric. The original log is only read.
//!
//! A what-if is not a session: it has no log, no hash and no score line, and nothing here writes
//! a file or queues anything for the LRS. Every tool that shows one must say so.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::log;
use crate::rubric::{self, ScoreReport, Status};
use crate::scenario::Case;
use crate::scenario::expr::{format_duration, parse_duration};
use crate::scenario::model::Route;
use crate::sim::{EndReason, Order, OrderError, Record, Simulation};
use crate::units::Unit;
use crate::verdict::{self, DeriveError};

/// One change to the session's decisions. Decisions are numbered from 1 in the order they were
/// placed, counting accepted orders only (as the debrief and the plots number them); refused
/// orders reached no patient and stay as they were.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Place decision `decision` at `to` (simulated seconds) instead.
    Move { decision: usize, to: u64 },
    /// Leave decision `decision` out.
    Drop { decision: usize },
    /// Place `order` at `at` as well.
    Add { at: u64, order: Order },
}

/// Why a what-if cannot be answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WhatIfError {
    /// The log does not verify, or its verdict cannot be re-derived against the case.
    #[error("the log cannot be used for a what-if: {0}")]
    Unverified(#[from] DeriveError),
    #[error(
        "{0}: the session is not finished (the log has no score line): a what-if starts from a finished session"
    )]
    Unfinished(PathBuf),
    #[error(
        "there is no decision {decision}: the session has {count} decision(s), numbered from 1"
    )]
    NoDecision { decision: usize, count: usize },
    #[error("decision {0} is edited twice (move or drop it once)")]
    EditedTwice(usize),
    #[error("{at} is after the case's time limit ({limit})")]
    PastLimit { at: String, limit: String },
    #[error(
        "{at} is after the trainee ended the session (at {end}): the what-if cannot go on past it"
    )]
    PastEnd { at: String, end: String },
    #[error("the order added at {at} is not one the case accepts: {error}")]
    BadOrder { at: String, error: OrderError },
}

/// Why an edit written on a command line could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditSyntaxError {
    #[error("'{0}': write a move as DECISION=TIME, e.g. 3=10m")]
    Move(String),
    #[error("'{0}': write a decision as its number, counted from 1, e.g. 5")]
    Decision(String),
    #[error("'{0}': not a duration (write 45s, 10m, 1h30m)")]
    Time(String),
    #[error(
        "'{0}': write an added order as TIME ACTION [AMOUNT UNIT] [ROUTE], e.g. \"30m start_norepinephrine 0.1 µg/kg/min\""
    )]
    Add(String),
    #[error("'{0}': not a number")]
    Amount(String),
    #[error("'{0}': not a route (IV, IM, SC, PO, PR, Inhaled, Topical)")]
    Route(String),
}

fn parse_time(text: &str) -> Result<u64, EditSyntaxError> {
    parse_duration(text.trim()).ok_or_else(|| EditSyntaxError::Time(text.to_string()))
}

fn parse_decision(text: &str) -> Result<usize, EditSyntaxError> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| EditSyntaxError::Decision(text.to_string()))
}

impl Edit {
    /// `3=10m`: decision 3 at 10 minutes.
    pub fn parse_move(text: &str) -> Result<Edit, EditSyntaxError> {
        let (n, t) = text
            .split_once('=')
            .ok_or_else(|| EditSyntaxError::Move(text.to_string()))?;
        Ok(Edit::Move {
            decision: parse_decision(n)?,
            to: parse_time(t)?,
        })
    }

    /// `5`: decision 5 left out.
    pub fn parse_drop(text: &str) -> Result<Edit, EditSyntaxError> {
        Ok(Edit::Drop {
            decision: parse_decision(text)?,
        })
    }

    /// `TIME ACTION [AMOUNT UNIT] [ROUTE]`, the fields of a script step in one line: `30m
    /// blood_cultures`, `10m piperacillin_tazobactam_iv 4.5 g`, `35m start_norepinephrine 0.1
    /// µg/kg/min`, `1h morphine 2 mg SC`. The amount is a rate when its unit is per time (as
    /// the app's order form decides), else a dose. Whether the case accepts the order is checked
    /// when the what-if is run.
    pub fn parse_add(text: &str) -> Result<Edit, EditSyntaxError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let bad = || EditSyntaxError::Add(text.to_string());
        let (at, action, rest) = match words.as_slice() {
            [at, action, rest @ ..] => (parse_time(at)?, action.to_string(), rest),
            _ => return Err(bad()),
        };
        let (amount, route) = match rest {
            [] => (None, None),
            [r] => (None, Some(*r)),
            [v, u] => (Some((*v, *u)), None),
            [v, u, r] => (Some((*v, *u)), Some(*r)),
            _ => return Err(bad()),
        };
        let mut order = Order {
            action,
            ..Order::default()
        };
        if let Some((v, u)) = amount {
            let value = crate::units::parse_typed_number(v)
                .ok_or_else(|| EditSyntaxError::Amount(v.to_string()))?;
            let q = Some((value, u.to_string()));
            if Unit::parse(u).is_ok_and(|unit| unit.dim.per_time) {
                order.rate = q;
            } else {
                order.dose = q;
            }
        }
        if let Some(r) = route {
            order.route = Some(
                Route::ALL
                    .into_iter()
                    .find(|x| format!("{x:?}").eq_ignore_ascii_case(r))
                    .ok_or_else(|| EditSyntaxError::Route(r.to_string()))?,
            );
        }
        Ok(Edit::Add { at, order })
    }
}

/// One run of the case: the patient (with the monitor's trajectory) and the score.
#[derive(Debug, Clone)]
pub struct Run {
    pub sim: Simulation,
    pub report: ScoreReport,
}

/// A verified, finished session, ready to be edited.
#[derive(Debug, Clone)]
pub struct Original {
    case: Arc<Case>,
    seed: u64,
    pub path: PathBuf,
    /// SHA-256 of the log's last line (which log this is).
    pub last_hash: String,
    /// The trainee's inputs as logged: decisions, refused orders, clock notes, their ending.
    inputs: Vec<Record>,
    /// Index into `inputs` of each accepted decision (decision `n` is `decisions[n - 1]`).
    decisions: Vec<usize>,
    /// When the trainee ended the case, if they did.
    pub trainee_end: Option<u64>,
    /// The case's files differ from those the session was played with (scored as they are now).
    pub case_changed: bool,
    /// The session replayed and scored.
    pub run: Run,
}

/// The answer: both runs, and the criteria whose result changed.
#[derive(Debug, Clone)]
pub struct WhatIf {
    pub edits: Vec<Edit>,
    pub what_if: Run,
    /// Indices into both reports' criteria (the same case, so the same list) whose status or
    /// points differ.
    pub changed: Vec<usize>,
    /// Orders of the what-if that came after its patient's case had already ended (an end
    /// state reached earlier than in the session): (time, order).
    pub not_reached: Vec<(u64, Order)>,
}

/// Plays inputs from the start to the end: the trainee's ending, an end state, or the limit.
fn play(case: &Arc<Case>, seed: u64, inputs: &[Record]) -> Run {
    let mut sim = Simulation::new(Arc::clone(case), seed);
    sim.replay_onto(inputs);
    if !sim.is_over() {
        sim.advance_to(case.scenario.time_limit.secs());
    }
    let report = rubric::score_simulation(&sim);
    Run { sim, report }
}

impl Original {
    /// Reads and verifies the log at `path` against `case` (its hash chain, and its score line
    /// against the verdict its decisions earn) and replays it.
    pub fn open(case: &Arc<Case>, path: &Path) -> Result<Original, WhatIfError> {
        let session = log::read(path).map_err(|e| WhatIfError::Unverified(e.into()))?;
        Original::of(case, path, &session)
    }

    /// [`open`](Original::open) on a log already read (and so hash-verified).
    pub fn of(
        case: &Arc<Case>,
        path: &Path,
        session: &log::Session,
    ) -> Result<Original, WhatIfError> {
        let derived = verdict::derive(case, path, session)?;
        if session.score.is_none() {
            return Err(WhatIfError::Unfinished(path.to_path_buf()));
        }
        let inputs: Vec<Record> = session
            .records
            .iter()
            .filter(|r| r.is_trainee_input())
            .cloned()
            .collect();
        let decisions = inputs
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Record::Decision { .. }))
            .map(|(i, _)| i)
            .collect();
        let trainee_end = inputs.iter().find_map(|r| match r {
            Record::End {
                t,
                reason: EndReason::Trainee,
                ..
            } => Some(*t),
            _ => None,
        });
        let run = play(case, session.header.seed, &inputs);
        Ok(Original {
            case: Arc::clone(case),
            seed: session.header.seed,
            path: path.to_path_buf(),
            last_hash: session.last_hash.clone(),
            inputs,
            decisions,
            trainee_end,
            case_changed: derived.rescored.case_changed,
            run,
        })
    }

    pub fn case(&self) -> &Arc<Case> {
        &self.case
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The accepted decisions as logged, numbered from 1 by position: (time, order).
    pub fn decisions(&self) -> Vec<(u64, Order)> {
        self.decisions
            .iter()
            .filter_map(|&i| match &self.inputs[i] {
                Record::Decision { t, order, .. } => Some((*t, order.clone())),
                _ => None,
            })
            .collect()
    }

    /// The latest time an edit may place an order at: the trainee's ending, or the limit.
    pub fn latest(&self) -> u64 {
        self.trainee_end
            .unwrap_or(self.case.scenario.time_limit.secs())
    }

    fn check_time(&self, at: u64) -> Result<(), WhatIfError> {
        let limit = self.case.scenario.time_limit.secs();
        if at > limit {
            return Err(WhatIfError::PastLimit {
                at: format_duration(at),
                limit: format_duration(limit),
            });
        }
        if let Some(end) = self.trainee_end
            && at > end
        {
            return Err(WhatIfError::PastEnd {
                at: format_duration(at),
                end: format_duration(end),
            });
        }
        Ok(())
    }

    /// The session's inputs with `edits` made, in time order (a moved or added order goes after
    /// those already at its second).
    fn edited(&self, edits: &[Edit]) -> Result<Vec<Record>, WhatIfError> {
        let count = self.decisions.len();
        let mut at: Vec<Option<u64>> = self.inputs.iter().map(|r| Some(r.t())).collect();
        let mut touched = vec![false; count];
        let mut added = Vec::new();
        for e in edits {
            match e {
                Edit::Move { decision: n, .. } | Edit::Drop { decision: n } => {
                    if *n == 0 || *n > count {
                        return Err(WhatIfError::NoDecision {
                            decision: *n,
                            count,
                        });
                    }
                    if std::mem::replace(&mut touched[n - 1], true) {
                        return Err(WhatIfError::EditedTwice(*n));
                    }
                    let slot = &mut at[self.decisions[n - 1]];
                    *slot = match e {
                        Edit::Move { to, .. } => {
                            self.check_time(*to)?;
                            Some(*to)
                        }
                        _ => None,
                    };
                }
                Edit::Add { at: t, order } => {
                    self.check_time(*t)?;
                    order
                        .validate(&self.case)
                        .map_err(|error| WhatIfError::BadOrder {
                            at: format_duration(*t),
                            error,
                        })?;
                    added.push(Record::Decision {
                        t: *t,
                        order: order.clone(),
                        amount: None,
                        rate_per_h: None,
                        note: None,
                    });
                }
            }
        }
        // The moved orders keep the fields a replay reads (the time and the order).
        let mut out: Vec<Record> = self
            .inputs
            .iter()
            .zip(at)
            .filter_map(|(r, t)| {
                let t = t?;
                let mut r = r.clone();
                if let Record::Decision { t: rt, .. } = &mut r {
                    *rt = t;
                }
                Some(r)
            })
            .collect();
        out.extend(added);
        // Stable: orders at the same second keep their order, the trainee's ending stays last
        // at its second.
        out.sort_by_key(|r| (r.t(), matches!(r, Record::End { .. })));
        Ok(out)
    }

    /// Re-simulates the session with `edits` from the same seed and compares. With no edits the
    /// what-if is the session itself.
    pub fn what_if(&self, edits: &[Edit]) -> Result<WhatIf, WhatIfError> {
        let inputs = self.edited(edits)?;
        let what_if = play(&self.case, self.seed, &inputs);
        let changed = self
            .run
            .report
            .criteria
            .iter()
            .zip(&what_if.report.criteria)
            .enumerate()
            .filter(|(_, (a, b))| a.status != b.status || a.earned != b.earned)
            .map(|(i, _)| i)
            .collect();
        let end = what_if.sim.now();
        let not_reached = inputs
            .iter()
            .filter_map(|r| match r {
                Record::Decision { t, order, .. } if *t > end => Some((*t, order.clone())),
                _ => None,
            })
            .collect();
        Ok(WhatIf {
            edits: edits.to_vec(),
            what_if,
            changed,
            not_reached,
        })
    }
}

/// A criterion's result in one run, for a before/after line.
pub fn outcome(report: &ScoreReport, criterion: usize) -> Option<(Status, u32, u32)> {
    report
        .criteria
        .get(criterion)
        .map(|c| (c.status, c.earned, c.points))
}

/// The monitor's values at simulated second `t` in a run (the last sample at or before it).
pub fn sample_at(sim: &Simulation, t: u64) -> Option<&[f32]> {
    let traj = sim.trajectory();
    let i = traj.partition_point(|(at, _)| *at <= t);
    traj.get(i.checked_sub(1)?).map(|(_, v)| v.as_slice())
}
