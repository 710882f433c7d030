//! The "What if" view's logic, without drawing: open a finished session's log (from the debrief
//! or the Review screen), keep the trainee's edits, re-simulate with `crate::whatif` after each
//! one, and go back where the trainee came from.
//!
//! A what-if is never a session: nothing here writes a log, and the LRS only ever sends the logs
//! of sessions (`lrs.rs` reads the finished session's log file, which a what-if never touches).

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::catalog::Catalog;
use super::state::Screen;
use crate::i18n::Locale;
use crate::log::Clock;
use crate::session::{self, SessionInfo};
use crate::sim::{Order, Simulation};
use crate::whatif::{Edit, Original, WhatIf};

/// The fill of the "What if — not a real session" banner across the top of the view (the
/// screenshot tests look for it).
pub const WHAT_IF_FILL: [u8; 3] = [90, 60, 0];

/// Open the what-if view on a finished session's log, coming from `back`, with `edits` made
/// (none for a trainee; automated runs and tests give some).
#[derive(Message, Debug, Clone)]
pub struct OpenWhatIf {
    /// Index into `Catalog::cases`.
    pub case: usize,
    pub log: PathBuf,
    pub back: Screen,
    pub edits: Vec<Edit>,
}

/// Change the draft: what the view sends when the trainee moves, removes or adds an order.
#[derive(Message, Debug, Clone)]
pub enum EditWhatIf {
    /// Decision `n` (from 1) at this time, or back at its own time (`None`).
    Move(usize, Option<u64>),
    /// Decision `n` left out (`true`) or kept.
    Drop(usize, bool),
    Add(u64, Order),
    /// Remove the added order at this index.
    Unadd(usize),
    /// Every change undone.
    Reset,
    /// Show the expert's golden path patient (same seed) faintly, or not.
    Expert(bool),
}

/// Leave the view for the screen it was opened from.
#[derive(Message, Debug, Clone, Copy)]
pub struct CloseWhatIf;

/// The trainee's changes to the session's decisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// Per decision (index `n - 1`), its new time.
    pub moved: Vec<Option<u64>>,
    /// Per decision, left out.
    pub dropped: Vec<bool>,
    pub added: Vec<(u64, Order)>,
}

impl Draft {
    fn new(decisions: usize) -> Draft {
        Draft {
            moved: vec![None; decisions],
            dropped: vec![false; decisions],
            added: Vec::new(),
        }
    }

    /// The edits the draft makes, in decision order, then the added orders.
    pub fn edits(&self) -> Vec<Edit> {
        let mut out = Vec::new();
        for (i, (m, d)) in self.moved.iter().zip(&self.dropped).enumerate() {
            if *d {
                out.push(Edit::Drop { decision: i + 1 });
            } else if let Some(to) = m {
                out.push(Edit::Move {
                    decision: i + 1,
                    to: *to,
                });
            }
        }
        out.extend(self.added.iter().map(|(at, order)| Edit::Add {
            at: *at,
            order: order.clone(),
        }));
        out
    }

    /// Takes in edits given up front (`OpenWhatIf::edits`).
    fn apply(&mut self, edits: &[Edit]) {
        for e in edits {
            match e {
                Edit::Move { decision, to } => {
                    if let Some(m) = self.moved.get_mut(decision.wrapping_sub(1)) {
                        *m = Some(*to);
                    }
                }
                Edit::Drop { decision } => {
                    if let Some(d) = self.dropped.get_mut(decision.wrapping_sub(1)) {
                        *d = true;
                    }
                }
                Edit::Add { at, order } => self.added.push((*at, order.clone())),
            }
        }
    }
}

/// An open what-if.
#[derive(Debug, Clone)]
pub struct View {
    /// Index into `Catalog::cases`.
    pub case: usize,
    pub original: Original,
    pub draft: Draft,
    /// The latest answer (for the draft as it was when it last could be run).
    pub answer: Option<WhatIf>,
    /// Why the draft as it is cannot be run (an impossible edit).
    pub refused: Option<String>,
    /// The expert's golden path (its id) played on the session's seed, once asked for.
    pub expert: Option<(String, Simulation)>,
    pub show_expert: bool,
}

impl View {
    fn run(&mut self) {
        match self.original.what_if(&self.draft.edits()) {
            Ok(a) => {
                self.answer = Some(a);
                self.refused = None;
            }
            Err(e) => self.refused = Some(e.to_string()),
        }
    }

    /// Plays the case's first golden path expected to pass, on this session's seed: the patient
    /// an expert would have had (computed once).
    fn play_expert(&mut self) {
        if self.expert.is_some() {
            return;
        }
        let case = Arc::clone(self.original.case());
        let Some(gp) = case.scenario.golden_paths.iter().find(|g| g.expect.pass) else {
            return;
        };
        let info = SessionInfo {
            seed: self.original.seed(),
            trainee: "expert".into(),
            locale: Locale::EnUs,
            clock: Clock::Scripted { start_ms: 0 },
        };
        // No log: the expert's patient is only drawn.
        if let Ok(s) = session::play(Arc::clone(&case), &gp.script(), &info, None) {
            self.expert = Some((gp.id.clone(), s.sim));
        }
    }
}

/// The what-if view's state.
#[derive(Resource, Debug, Default)]
pub struct WhatIfState {
    /// The screen to go back to.
    pub back: Option<Screen>,
    pub view: Option<View>,
    /// Why the log cannot be used for a what-if (it does not verify, is unfinished…).
    pub refused: Option<String>,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<WhatIfState>()
        .add_message::<OpenWhatIf>()
        .add_message::<EditWhatIf>()
        .add_message::<CloseWhatIf>()
        .add_systems(Update, (open, edit, close).chain());
}

fn open(
    mut msgs: MessageReader<OpenWhatIf>,
    catalog: Res<Catalog>,
    mut state: ResMut<WhatIfState>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(m) = msgs.read().last() else { return };
    let Some(loaded) = catalog.cases.get(m.case) else {
        return;
    };
    *state = WhatIfState {
        back: Some(m.back),
        ..WhatIfState::default()
    };
    match Original::open(&loaded.case, &m.log) {
        Ok(original) => {
            let mut view = View {
                case: m.case,
                draft: Draft::new(original.decisions().len()),
                original,
                answer: None,
                refused: None,
                expert: None,
                show_expert: false,
            };
            view.draft.apply(&m.edits);
            view.run();
            // Edits given up front that the draft cannot hold (a decision that does not exist,
            // one edited twice) are refused as the CLI refuses them, not dropped unseen.
            if let Err(e) = view.original.what_if(&m.edits) {
                view.refused = Some(e.to_string());
            }
            state.view = Some(view);
        }
        Err(e) => state.refused = Some(e.to_string()),
    }
    next.set(Screen::WhatIf);
}

fn edit(mut msgs: MessageReader<EditWhatIf>, mut state: ResMut<WhatIfState>) {
    let Some(view) = &mut state.view else {
        msgs.clear();
        return;
    };
    let mut changed = false;
    for m in msgs.read() {
        let d = &mut view.draft;
        match m {
            EditWhatIf::Move(n, to) => {
                if let Some(slot) = d.moved.get_mut(n.wrapping_sub(1)) {
                    *slot = *to;
                    changed = true;
                }
            }
            EditWhatIf::Drop(n, yes) => {
                if let Some(slot) = d.dropped.get_mut(n.wrapping_sub(1)) {
                    *slot = *yes;
                    changed = true;
                }
            }
            EditWhatIf::Add(at, order) => {
                d.added.push((*at, order.clone()));
                changed = true;
            }
            EditWhatIf::Unadd(i) => {
                if *i < d.added.len() {
                    d.added.remove(*i);
                    changed = true;
                }
            }
            EditWhatIf::Reset => {
                *d = Draft::new(d.moved.len());
                changed = true;
            }
            EditWhatIf::Expert(on) => {
                view.show_expert = *on;
                if *on {
                    view.play_expert();
                }
            }
        }
    }
    if changed {
        view.run();
    }
}

fn close(
    mut msgs: MessageReader<CloseWhatIf>,
    mut state: ResMut<WhatIfState>,
    mut next: ResMut<NextState<Screen>>,
) {
    if msgs.read().last().is_none() {
        return;
    }
    let back = state.back.unwrap_or(Screen::Library);
    *state = WhatIfState::default();
    next.set(back);
}
