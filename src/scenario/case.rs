//! The compiled case: a scenario with every name resolved to an index, ready to simulate and
//! score. `compile` builds it; the simulation, the rubric, the lint and the screens read it.
//!
//! The types are named by this module (`case::Drug`, `case::Action`) to tell them from the
//! authored form in `model` (`model::Drug`, `model::ActionDef`) they are compiled from.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use super::compile::Source;
use super::expr::Expr;
use super::model::{self, MsgId, Outcome, Route, Scenario, Speaker};
use super::vars::VarInfo;
use crate::units::Unit;

/// A drug with its units and effects resolved.
#[derive(Debug, Clone)]
pub struct Drug {
    pub def: model::Drug,
    pub unit: Unit,
    /// Tags it answers to: its own id and its classes.
    pub tags: Vec<usize>,
    /// First-order elimination rate, per second.
    pub ke: f64,
    /// Absorption rate by route, per second (`None`: instant, e.g. an IV push with no onset).
    pub ka: BTreeMap<Route, f64>,
    pub effects: Vec<DrugEffect>,
    /// (class tag, max block, ic50 per kg)
    pub antagonizes: Vec<(usize, f64, f64)>,
    /// Above this amount per kg, these effects act on the excess.
    pub toxicity: Option<(f64, Vec<DrugEffect>)>,
    /// Its preparations with a concentration.
    pub products: Vec<Product>,
}

/// A drug's preparation, with its concentration in the drug's own unit.
#[derive(Debug, Clone)]
pub struct Product {
    pub id: String,
    pub name: MsgId,
    /// The drug's amount (in the drug's unit) in one mL.
    pub per_ml: f64,
    /// The tag it answers to (`total('glucose_10')`: the volume given, in mL).
    pub tag: usize,
}

#[derive(Debug, Clone)]
pub struct DrugEffect {
    pub var: usize,
    pub emax: f64,
    pub ec50: f64,
    pub responder: Option<usize>,
}

/// An order's allowed range in a parsed unit.
#[derive(Debug, Clone)]
pub struct Range {
    pub unit: Unit,
    pub min: f64,
    pub max: f64,
    pub default: Option<f64>,
    /// Starting values by language tag (`ja-JP`), checked to lie within min..max.
    pub defaults: BTreeMap<String, f64>,
}

impl Range {
    /// The value an order form starts with for a reader of language `lang` (`ja-JP`): the
    /// range's value for that language, else its `default`.
    pub fn default_for(&self, lang: &str) -> Option<f64> {
        self.defaults.get(lang).copied().or(self.default)
    }
}

/// A drug on board at the start, in the drug's own unit.
#[derive(Debug, Clone)]
pub struct OnBoard {
    pub drug: usize,
    /// A dose given before the start, and its route.
    pub dose: Option<(f64, Route)>,
    /// An infusion running at the start, per second.
    pub rate_per_s: Option<f64>,
    /// Seconds before the start.
    pub ago: u64,
}

/// The longest `ago` an `on_board` entry may have.
pub const MAX_ON_BOARD_AGO: u64 = 7 * 24 * 3600;

// A `Give` carries its two ranges inline: a case holds a few dozen actions, built once and read
// in place, so boxing them would only add an indirection to every order checked.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Kind {
    /// Findings: (condition, text, variables whose values the text shows).
    Examine(Vec<(Option<Expr>, MsgId, Vec<usize>)>),
    Investigate {
        turnaround: u64,
        reports: Vec<usize>,
    },
    Give {
        drug: usize,
        routes: Vec<Route>,
        dose: Option<Range>,
        rate: Option<Range>,
        /// Index into the drug's `products`: the ranges and orders may be in its volume.
        product: Option<usize>,
    },
    Stop {
        drug: usize,
    },
    Task,
    /// Hold a standing order (index into [`Case::schedule`]).
    Hold(usize),
    /// Resume a held standing order.
    Resume(usize),
}

#[derive(Debug, Clone)]
pub enum Effect {
    Shift {
        var: usize,
        by: f64,
        onset: u64,
        lasts: Option<u64>,
    },
    Set {
        var: usize,
        to: f64,
    },
}

#[derive(Debug, Clone)]
pub struct Action {
    pub def: model::ActionDef,
    pub tags: Vec<usize>,
    pub kind: Kind,
    pub effects: Vec<Effect>,
    /// The action's guards, as indices into [`Case::guards`], in order.
    pub guards: Vec<usize>,
}

/// An action's guard, compiled: when `when` holds at the moment of the order, it trips.
#[derive(Debug, Clone)]
pub struct Guard {
    pub id: String,
    /// The action it guards.
    pub action: usize,
    /// Absent: always trips.
    pub when: Option<Expr>,
    /// The order's own consequences (dose, finding, result, effects) do not happen.
    pub instead: bool,
    /// The state entered at once.
    pub to: Option<usize>,
    pub effects: Vec<Effect>,
    /// What is said when it trips, recorded like an event.
    pub say: Option<(Speaker, MsgId)>,
    /// Variables whose values the text shows.
    pub values: Vec<usize>,
}

/// A standing order, compiled: a dose in the drug's own unit at each of its times.
#[derive(Debug, Clone)]
pub struct Scheduled {
    pub id: String,
    pub drug: usize,
    /// Each dose, in the drug's unit.
    pub amount: f64,
    pub route: Route,
    /// The first times of the doses (seconds, ascending, no repeats).
    pub at: Vec<u64>,
    /// Each time repeats this often (seconds, > 0).
    pub every: Option<u64>,
}

impl Scheduled {
    /// The first dose time after `after` (at or after 0 when `None`) and no later than `limit`.
    pub fn next_after(&self, after: Option<u64>, limit: u64) -> Option<u64> {
        self.at
            .iter()
            .filter_map(|&a| match (after, self.every) {
                (None, _) => Some(a),
                (Some(t), _) if a > t => Some(a),
                (Some(_), None) => None,
                (Some(t), Some(e)) => Some(a + ((t - a) / e + 1) * e),
            })
            .min()
            .filter(|&t| t <= limit)
    }
}
#[derive(Debug, Clone)]
pub enum Drift {
    Toward { var: usize, target: f64, tau: f64 },
    Rate { var: usize, per_sec: f64 },
}

#[derive(Debug, Clone)]
pub struct State {
    pub id: String,
    pub label: MsgId,
    pub end: Option<Outcome>,
    /// Entering it is harm (a harm state, or an end state of `Died` or `Deteriorated`).
    pub harm: bool,
    pub drifts: Vec<Drift>,
    pub transitions: Vec<Transition>,
}

/// A way out of a state.
#[derive(Debug, Clone)]
pub struct Transition {
    pub to: usize,
    pub when: Expr,
    /// Seconds the condition must hold first (0: at once).
    pub held: u64,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    /// Variables whose values the text shows.
    pub values: Vec<usize>,
    pub at: Option<u64>,
    pub when: Option<Expr>,
    /// Repeats every this many seconds (from `at` on, or while `when` holds).
    pub every: Option<u64>,
    /// Fires again when `when` holds anew after it stopped holding.
    pub rearm: bool,
    pub speaker: Speaker,
    pub text: MsgId,
    /// The objective (index into `Case::objectives`) this event cues.
    pub cue: Option<usize>,
    /// The stronger cue for that objective, given when the first was missed.
    pub stronger: bool,
}

#[derive(Debug, Clone)]
pub enum Anchor {
    Start,
    State(usize),
    Done(usize),
    Event(usize),
    /// The first result of this action (an investigation) returning.
    Result(usize),
    /// The first tick this condition held (the simulation notes it: [`Case::watched`]).
    When(Expr),
}

#[derive(Debug, Clone)]
pub enum Check {
    Done(usize),
    DoneBefore(usize, usize),
    DoneWithin(usize, u64, Anchor),
    DoseInRange {
        tag: usize,
        min: f64,
        max: f64,
        unit: Unit,
        /// Alternative ranges that are met too.
        accepted: Vec<Accepted>,
    },
    Never(usize, Option<Expr>),
    /// Condition, within, anchor, held for.
    Reached(Expr, u64, Anchor, u64),
    DoseAtMost {
        tag: usize,
        max: f64,
        unit: Unit,
    },
    TotalAtMost {
        tag: usize,
        max: f64,
        unit: Unit,
        over: Option<u64>,
    },
    /// What, anchor, from, to.
    Window(usize, Anchor, u64, u64),
    StateReached(usize),
    StateAvoided(usize),
}

/// An accepted alternative to a `DoseInRange`'s range, with its scope as written.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub min: f64,
    pub max: f64,
    pub unit: Unit,
    pub scope: String,
}

#[derive(Debug, Clone)]
pub struct Criterion {
    pub def: model::Criterion,
    pub points: u32,
    pub check: Check,
    /// Not applicable until this has held (see `Criterion::faced`).
    pub faced: Option<Expr>,
}

/// A learning objective with its criteria resolved (indices into `Case::criteria`, in the
/// order the objective lists them). Its texts and prompts are in `def`.
#[derive(Debug, Clone)]
pub struct Objective {
    pub def: model::Objective,
    pub criteria: Vec<usize>,
}

/// A scenario ready to simulate and score. Immutable; share it behind an `Arc`.
#[derive(Debug, Clone)]
pub struct Case {
    pub scenario: Scenario,
    pub vars: Vec<VarInfo>,
    pub tags: Vec<String>,
    pub drugs: Vec<Drug>,
    /// Drugs the patient has at the start.
    pub on_board: Vec<OnBoard>,
    /// Standing orders.
    pub schedule: Vec<Scheduled>,
    pub actions: Vec<Action>,
    pub states: Vec<State>,
    pub events: Vec<Event>,
    /// Every action's guards, in the order of the actions and of each action's guards.
    pub guards: Vec<Guard>,
    pub criteria: Vec<Criterion>,
    /// Learning objectives, each with the criteria (indices into `criteria`) that assess it.
    pub objectives: Vec<Objective>,
    pub responders: Vec<(String, f64)>,
    pub initial_state: usize,
    /// Initial value of every variable.
    pub initial: Vec<f64>,
    /// SHA-256 over the case's files (set by the loader).
    pub content_hash: String,
    /// Every message id the case refers to, with the path that refers to it.
    pub messages: Vec<(Source, String, MsgId)>,
    /// The variables a message may show, by the path that refers to it (findings and events
    /// with `values`); every other message takes none.
    pub message_values: BTreeMap<String, Vec<String>>,
    pub(super) var_index: BTreeMap<String, usize>,
    pub(super) tag_index: BTreeMap<String, usize>,
    pub(super) state_index: BTreeMap<String, usize>,
    pub(super) action_index: BTreeMap<String, usize>,
    /// What the simulation derives from the case alone (conditions in evaluation form, kinetics
    /// factors, …), built by the first simulation and shared by the rest.
    pub(crate) derived: Derived,
}

impl Case {
    pub fn var(&self, id: &str) -> Option<usize> {
        self.var_index.get(id).copied()
    }
    pub fn tag(&self, id: &str) -> Option<usize> {
        self.tag_index.get(id).copied()
    }
    pub fn state(&self, id: &str) -> Option<usize> {
        self.state_index.get(id).copied()
    }
    pub fn action(&self, id: &str) -> Option<usize> {
        self.action_index.get(id).copied()
    }
    /// The standing order with this id.
    pub fn scheduled(&self, id: &str) -> Option<usize> {
        self.schedule.iter().position(|s| s.id == id)
    }
    /// The rubric's criterion with this id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.def.id == id)
    }
    pub fn weight_kg(&self) -> f64 {
        self.scenario.patient.weight_kg
    }
    /// The drug an action gives, if it is a `Give`.
    pub fn drug_of(&self, action: usize) -> Option<&Drug> {
        match &self.actions.get(action)?.kind {
            Kind::Give { drug, .. } => self.drugs.get(*drug),
            _ => None,
        }
    }
    /// The product an action gives, if it names one.
    pub fn product_of(&self, action: usize) -> Option<&Product> {
        match &self.actions.get(action)?.kind {
            Kind::Give {
                drug,
                product: Some(p),
                ..
            } => self.drugs[*drug].products.get(*p),
            _ => None,
        }
    }
}

/// A lazily filled slot for what a later layer derives from the case alone (the simulation's
/// prepared form), shared by every user of the case. The case does not name the type: the
/// layer that computes the data owns it, and `scenario` sits below that layer. A clone of a
/// case starts with an empty slot, so a cloned case that is then changed is never used with
/// stale derived data (a `Case` is otherwise immutable once compiled).
#[derive(Default)]
pub(crate) struct Derived(OnceLock<Arc<dyn Any + Send + Sync>>);

impl Derived {
    /// The value, built by `init` on first use. One type per case: asking for another is a bug.
    pub(crate) fn get_or_init<T: Any + Send + Sync>(&self, init: impl FnOnce() -> T) -> Arc<T> {
        let any = self.0.get_or_init(|| Arc::new(init()));
        Arc::clone(any)
            .downcast::<T>()
            .unwrap_or_else(|_| panic!("a case's derived data is of one type"))
    }

    /// Whether the slot has been filled.
    pub(crate) fn is_filled(&self) -> bool {
        self.0.get().is_some()
    }
}

impl Clone for Derived {
    fn clone(&self) -> Derived {
        Derived::default()
    }
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_filled() {
            "Derived(ready)"
        } else {
            "Derived(empty)"
        })
    }
}
