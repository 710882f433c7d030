//! The scenario file format: serde types for `scenario.ron`, the shared drug library and scripts.
//!
//! These types are what an instructor writes; they are kept close to the clinical vocabulary and
//! hold names (strings), not indices. `compile` turns them into the resolved form the simulation runs.
//! The format is documented for authors in `docs/scenario-format.md`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::expr::{duration_problem, format_duration, parse_duration};

/// A Fluent message id (the text itself lives in `locales/<lang>.ftl`).
pub type MsgId = String;

/// A span of simulated time written as `45s`, `20m`, `2h` or `1h30m`; whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dur(pub u64);

impl Dur {
    pub fn secs(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Dur {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_duration(&s)
            .map(Dur)
            .ok_or_else(|| serde::de::Error::custom(duration_problem(&s)))
    }
}

impl Serialize for Dur {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration(self.0))
    }
}

/// One clinical case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub version: String,
    pub area: Area,
    pub title: MsgId,
    pub summary: MsgId,
    /// What the trainee is told when called to the bedside.
    pub handover: MsgId,
    pub difficulty: Difficulty,
    pub expected_minutes: u32,
    /// The case ends when simulated time reaches this.
    pub time_limit: Dur,
    /// Physiology step. Vitals, transitions and conditional events update on this grid.
    #[serde(default = "default_tick")]
    pub tick: Dur,
    /// The app's clock keeps running while the trainee writes an order or answers a
    /// confirmation (a case about time pressure: an arrest, anaphylaxis). By default simulated
    /// time stands still while a dialog is open.
    #[serde(default)]
    pub clock_runs_in_dialogs: bool,
    /// Path of the shared drug library, relative to this file.
    #[serde(default = "default_drug_library")]
    pub drug_library: String,
    pub patient: Patient,
    /// Variables beyond the built-in ones (HR, SBP, DBP, MAP, RR, SpO₂, temperature, GCS, pain,
    /// RASS, glucose, lactate, K, Na, creatinine, Hb).
    #[serde(default)]
    pub variables: Vec<VariableDecl>,
    /// Starting values; built-ins not named here start at their textbook normal.
    #[serde(default)]
    pub baseline: BTreeMap<String, f64>,
    /// This patient's reference ranges where they differ from a variable's own (built-in or
    /// declared): a man's haemoglobin, a child's heart rate. Results, chart labs and findings are
    /// flagged against them.
    #[serde(default)]
    pub reference_ranges: BTreeMap<String, ReferenceRange>,
    /// Drugs the patient already has at the start: doses given before the case begins and
    /// infusions already running.
    #[serde(default)]
    pub on_board: Vec<OnBoard>,
    /// Standing (scheduled, home) medication given at its times unless the trainee holds it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<ScheduledDose>,
    /// Traits drawn once per seed: name → probability that this patient has it.
    #[serde(default)]
    pub responders: BTreeMap<String, f64>,
    /// Spread of drug sensitivity between seeded patients (0.2 = each drug's effects are scaled by
    /// a factor drawn from 0.8–1.2).
    #[serde(default = "default_sensitivity")]
    pub sensitivity_spread: f64,
    pub initial_state: String,
    pub states: Vec<State>,
    pub actions: Vec<ActionDef>,
    /// Drugs added to, or replacing entries of, the shared library for this case only.
    #[serde(default)]
    pub drugs: Vec<Drug>,
    #[serde(default)]
    pub events: Vec<EventDef>,
    pub rubric: Rubric,
    #[serde(default)]
    pub golden_paths: Vec<GoldenPath>,
    /// Learning design (INACSL): whom the case is for and what they should know first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learners: Option<Learners>,
    /// What the trainee is told before the patient appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prebrief: Option<Prebrief>,
    /// Measurable objectives, each assessed by rubric criteria, each with its debrief prompts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
}

impl Scenario {
    /// The golden path with this id.
    pub fn golden_path(&self, id: &str) -> Option<&GoldenPath> {
        self.golden_paths.iter().find(|g| g.id == id)
    }
}

fn default_tick() -> Dur {
    Dur(10)
}
fn default_drug_library() -> String {
    "../drugs.ron".into()
}
fn default_sensitivity() -> f64 {
    0.15
}

/// The clinical areas of the programme; the library groups cases by these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Area {
    IntensiveCare,
    Pain,
    Geriatrics,
    Diabetes,
    Heart,
    Liver,
    UpperGi,
    Uterine,
    Endoscopy,
}

impl Area {
    /// The Fluent message id of the area's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Area::IntensiveCare => "area-intensive-care",
            Area::Pain => "area-pain",
            Area::Geriatrics => "area-geriatrics",
            Area::Diabetes => "area-diabetes",
            Area::Heart => "area-heart",
            Area::Liver => "area-liver",
            Area::UpperGi => "area-upper-gi",
            Area::Uterine => "area-uterine",
            Area::Endoscopy => "area-endoscopy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Difficulty {
    Foundation,
    Intermediate,
    Advanced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Sex {
    Female,
    Male,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    pub name: MsgId,
    pub age: u32,
    pub sex: Sex,
    pub weight_kg: f64,
    pub height_cm: f64,
    #[serde(default)]
    pub allergies: Vec<MsgId>,
    #[serde(default)]
    pub history: Vec<MsgId>,
    #[serde(default)]
    pub medications: Vec<MsgId>,
    /// Variables shown on the chart as admission labs.
    #[serde(default)]
    pub chart_labs: Vec<String>,
}

/// A reference range; an end left out is open (no lower or no upper limit).
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRange {
    #[serde(default)]
    pub low: Option<f64>,
    #[serde(default)]
    pub high: Option<f64>,
}

/// A case-specific physiological variable.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDecl {
    pub id: String,
    pub label: MsgId,
    /// Unit as displayed (e.g. "mL", "mmol/L", "score").
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub initial: f64,
    #[serde(default)]
    pub noise: f64,
    /// Monitor alarm limits (only for variables a bedside monitor shows continuously).
    #[serde(default)]
    pub alarm_low: Option<f64>,
    #[serde(default)]
    pub alarm_high: Option<f64>,
    /// Reference range for flagging a measured value as abnormal.
    #[serde(default)]
    pub normal_low: Option<f64>,
    #[serde(default)]
    pub normal_high: Option<f64>,
    #[serde(default)]
    pub decimals: u8,
}

/// A named clinical state with its drifts and the ways out of it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub id: String,
    pub label: MsgId,
    /// Reaching this state ends the case with this outcome.
    #[serde(default)]
    pub end: Option<Outcome>,
    /// Entering this state is harm done to the patient (an overdose's arrhythmia, an
    /// aspiration, a fall): the session fails whatever its total, as it does for an end state
    /// of `Died` or `Deteriorated`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub harm: bool,
    #[serde(default)]
    pub drifts: Vec<Drift>,
    #[serde(default)]
    pub transitions: Vec<Transition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Outcome {
    Recovered,
    Stabilised,
    Deteriorated,
    Died,
}

impl Outcome {
    /// An outcome that means the patient was harmed: a session that ends in it never passes.
    pub fn is_harm(self) -> bool {
        matches!(self, Outcome::Deteriorated | Outcome::Died)
    }
}

/// How a variable moves while a state holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Drift {
    /// Moves toward `target`, covering about 63 % of the gap every `over` (first order).
    Toward { var: String, target: f64, over: Dur },
    /// Changes linearly by `per_hour` (negative to fall), within the variable's bounds.
    Rate { var: String, per_hour: f64 },
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub to: String,
    /// A condition expression, e.g. `map < 65 and elapsed > 20m`.
    pub when: String,
    /// The condition must hold at every physiology tick for this long before the transition is
    /// taken (so that one good tick cannot lock in a recovery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<Dur>,
}

/// The groups actions are listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Group {
    Assess,
    Investigate,
    Medicate,
    Fluids,
    Airway,
    Procedure,
    Escalate,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Assess,
        Group::Investigate,
        Group::Medicate,
        Group::Fluids,
        Group::Airway,
        Group::Procedure,
        Group::Escalate,
    ];
    pub fn message_id(self) -> &'static str {
        match self {
            Group::Assess => "group-assess",
            Group::Investigate => "group-investigate",
            Group::Medicate => "group-medicate",
            Group::Fluids => "group-fluids",
            Group::Airway => "group-airway",
            Group::Procedure => "group-procedure",
            Group::Escalate => "group-escalate",
        }
    }
}

/// Something the trainee can do.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub id: String,
    pub label: MsgId,
    pub group: Group,
    pub kind: ActionKind,
    /// Ask for confirmation before ordering (high-alert medicines).
    #[serde(default)]
    pub high_risk: bool,
    /// Direct effects on the patient (oxygen raises SpO₂, a catheter empties the bladder).
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// What happens instead when the order is placed in the wrong state of the patient (oral
    /// glucose while GCS < 14: aspiration): the first guard whose `when` holds trips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guards: Vec<Guard>,
}

/// A precondition of an action and its consequence: when `when` holds at the moment of the
/// order, the guard trips (the order is still the trainee's decision; what the patient feels is
/// the guard's consequence).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Guard {
    /// Unique among the case's guards; `tripped('id')` in conditions.
    pub id: String,
    /// The condition at the moment of the order (absent: always, e.g. a drug into an allergy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The order's own dose, finding, result and effects do not happen (default true).
    #[serde(default = "default_true")]
    pub instead: bool,
    /// The state entered at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Effects applied at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
    /// Who says `text` when the guard trips (recorded like an event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<MsgId>,
    /// Variables whose values the text may show, as for an event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum ActionKind {
    /// Look, listen, feel, score: reveals the first finding whose condition holds.
    Examine { findings: Vec<Finding> },
    /// A test whose values come back after `turnaround`, as they were when it was taken.
    Investigate {
        turnaround: Dur,
        reports: Vec<String>,
    },
    /// Give a drug or fluid: a bolus (`dose`), an infusion (`rate`), or either.
    Give {
        drug: String,
        routes: Vec<Route>,
        #[serde(default)]
        dose: Option<DoseRange>,
        #[serde(default)]
        rate: Option<DoseRange>,
        /// A product of the drug (`glucose_10`): the ranges and orders may then be in its volume
        /// (mL, mL/h), converted exactly to the drug's amount by its `per_ml`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        product: Option<String>,
    },
    /// Stop a running infusion of a drug.
    Stop { drug: String },
    /// Hold a standing order (`schedule`): its doses are not given until it is resumed.
    Hold { schedule: String },
    /// Resume a held standing order: its next dose is given at its next time (no catch-up).
    Resume { schedule: String },
    /// A procedure, call or communication: recorded, and its `effects` applied.
    Task,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    #[serde(default)]
    pub when: Option<String>,
    pub text: MsgId,
    /// Variables whose values (noise-free, when the finding is made) the text may show, as
    /// `{ $name }` (with the locale's unit) or `{ $name-number }` (the number alone).
    #[serde(default)]
    pub values: Vec<String>,
}

/// The plausible range of an order, in `unit` (e.g. "mg", "µg/kg/min", "mL").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DoseRange {
    pub unit: String,
    pub min: f64,
    pub max: f64,
    /// The value the order dialog starts with.
    #[serde(default)]
    pub default: Option<f64>,
    /// Per-language starting values (`{ "ja-JP": 0.2 }`), in place of `default` for a trainee
    /// reading that language (a dose that differs by country's label).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub defaults: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Route {
    IV,
    IM,
    SC,
    PO,
    PR,
    Inhaled,
    Topical,
}

impl Route {
    /// Every route, in declaration order.
    pub const ALL: [Route; 7] = [
        Route::IV,
        Route::IM,
        Route::SC,
        Route::PO,
        Route::PR,
        Route::Inhaled,
        Route::Topical,
    ];
}

/// A direct effect of an action.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Effect {
    /// Adds `by` to a variable, ramping in over `onset`, for `lasts` (for good when absent).
    Shift {
        var: String,
        by: f64,
        #[serde(default)]
        onset: Dur,
        #[serde(default)]
        lasts: Option<Dur>,
    },
    /// Sets a variable's underlying value at once (a catheter empties the bladder).
    Set { var: String, to: f64 },
}

/// Pharmacology of one drug or fluid: shared by every case through the drug library.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Drug {
    pub id: String,
    pub name: MsgId,
    /// Classes used by conditions and rubrics (`given("opioid")`).
    #[serde(default)]
    pub classes: Vec<String>,
    /// The unit amounts are kept in (mg, µg, mL, units, mmol).
    pub unit: String,
    /// Absorption/distribution half-time by route: how fast the effect comes on.
    pub onset: BTreeMap<Route, Dur>,
    pub half_life: Dur,
    #[serde(default)]
    pub effects: Vec<DrugEffect>,
    #[serde(default)]
    pub antagonizes: Vec<Antagonism>,
    /// The dose range the cited source gives for a single adult dose, for lints and authors.
    #[serde(default)]
    pub reference: Option<DoseReference>,
    /// A high-alert medicine (ISMP): a case that offers it must have a critical dose ceiling,
    /// and the drug must say what happens above its therapeutic range (`toxicity`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub high_risk: bool,
    /// What happens above the therapeutic range: harm, not merely the maximum effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toxicity: Option<Toxicity>,
    /// Preparations of the drug with a concentration (10 % and 50 % glucose): an action may give
    /// one, and orders in its volume convert to the drug's amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub products: Vec<Product>,
}

/// A preparation of a drug: `per_ml` of the drug's amount in each millilitre.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Unique among the products of the library and the case; conditions and criteria may name
    /// it (`total('glucose_10')` is the volume of it given, in mL).
    pub id: String,
    pub name: MsgId,
    /// The drug's amount in one mL, e.g. `(0.1, "g")` for 10 % glucose.
    pub per_ml: (f64, String),
}

/// A drug's effects above its therapeutic range: Emax effects of the amount in the body per kg
/// beyond `above` (catecholamine excess → tachycardia; antipsychotic excess → oversedation).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Toxicity {
    /// Amount in the body per kg (in the drug's unit) where toxicity begins.
    pub above: f64,
    /// Effects of the excess (`ec50` is an excess per kg).
    pub effects: Vec<DrugEffect>,
}

/// Emax effect of a drug on a variable: `emax · A / (ec50 + A)`, A = amount in the body per kg.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DrugEffect {
    pub var: String,
    pub emax: f64,
    /// Amount per kg (in the drug's unit) giving half the maximum effect.
    pub ec50: f64,
    /// Only patients with this responder trait get the full effect; others get a fifth of it.
    #[serde(default)]
    pub responder: Option<String>,
}

/// A competitive antagonist's block of a drug class (naloxone on opioids).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Antagonism {
    pub class: String,
    /// Largest fraction of the agonist effect removed (0–1).
    pub max_block: f64,
    /// Amount per kg (in the antagonist's unit) giving half the block.
    pub ic50: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DoseReference {
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub source: String,
}

/// The shared drug library file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DrugLibrary {
    pub drugs: Vec<Drug>,
}

/// Something that happens to the trainee: the nurse calls, an alarm, a relative asks.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    /// Fires at this time...
    #[serde(default)]
    pub at: Option<Dur>,
    /// ...or the first time this condition holds (both: the first at or after `at` that holds).
    /// An end state's condition works too (`in_state('arrest')`): the event is recorded before
    /// the case's end.
    #[serde(default)]
    pub when: Option<String>,
    /// Fires again every this long: from `at` on (without `when`), or while `when` holds (once
    /// it stops holding, the event is over, unless `rearm`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Dur>,
    /// Fires again each time `when` comes to hold anew after it has stopped holding (an alarm
    /// the nurse calls about each time the pressure falls again).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rearm: bool,
    pub speaker: Speaker,
    pub text: MsgId,
    /// Variables whose values (noise-free, when the event fires) the text may show, as for a
    /// finding.
    #[serde(default)]
    pub values: Vec<String>,
    /// The objective this event cues (learning design: the cue plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// The stronger cue, given when the first was missed (its `when` says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stronger: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Speaker {
    Nurse,
    Patient,
    Relative,
    Doctor,
    System,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// Percentage of the available points needed to pass.
    pub pass_mark: u32,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Weight {
    Critical,
    Major,
    Minor,
}

impl Weight {
    /// Default points for a criterion of this weight.
    pub fn points(self) -> u32 {
        match self {
            Weight::Critical => 4,
            Weight::Major => 2,
            Weight::Minor => 1,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub weight: Weight,
    #[serde(default)]
    pub points: Option<u32>,
    pub check: Check,
    /// Feedback when met, and when missed (or harmful).
    pub met: MsgId,
    pub missed: MsgId,
    pub citation: Option<std::sync::Arc<Citation>>,
    /// Further sources (a criterion may rest on several guidelines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<std::sync::Arc<Citation>>,
    /// The criterion judges the trainee only once this condition has held (they "faced the
    /// choice"): before that it is not applicable, so inaction earns nothing from a "never do
    /// X" criterion. A harmful result is always counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faced: Option<String>,
}

impl Criterion {
    /// Every source of this criterion, the first `citation` first.
    pub fn sources(&self) -> impl Iterator<Item = &std::sync::Arc<Citation>> {
        self.citation.iter().chain(&self.citations)
    }
}

/// The guideline a criterion comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub body: String,
    pub title: String,
    pub year: u16,
    /// What the guideline recommends, as a message: the debrief shows it in the trainee's
    /// language beside the body, title and year (which stay as published).
    pub recommendation: MsgId,
    /// Where in the source: a recommendation number or section ("Rec. 37", "§1.7.4").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The recommendation's strength and evidence grade as published ("strong; moderate-quality
    /// evidence", "Grade D").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<String>,
    /// Whom it covers ("adults in hospital", "opioid-naive outpatients").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// What a criterion checks. `what` names an action id, a drug id or a drug class.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Check {
    /// Done at least once.
    Done { what: String },
    /// Done, and first done before `before` was first done (or `before` never done).
    DoneBefore { what: String, before: String },
    /// Done within `within` after the anchor; not applicable when the anchor never happens.
    DoneWithin {
        what: String,
        within: Dur,
        of: Anchor,
    },
    /// Every dose of `what` in [min, max] `unit`, or in one of the `accepted` ranges; not
    /// applicable when never given.
    DoseInRange {
        what: String,
        min: f64,
        max: f64,
        unit: String,
        /// Alternative ranges that are also met (another country's label), each with its scope.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accepted: Vec<AcceptedRange>,
    },
    /// Harmful if ever done (with `when`, only if done while the condition holds).
    Never {
        what: String,
        #[serde(default)]
        when: Option<String>,
    },
    /// The condition first held within `within` after the anchor (or before it): e.g.
    /// `total('crystalloid') >= 30 * weight` within 3 h of the start. Not applicable when the
    /// anchor never happens.
    Reached {
        when: String,
        within: Dur,
        of: Anchor,
        /// The condition must hold this long (met at the end of the hold).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        held: Option<Dur>,
    },
    /// A ceiling: every dose (or rate, with a per-time unit) of `what` at most `max` `unit`;
    /// above it is harmful. Not applicable when never given.
    DoseAtMost {
        what: String,
        max: f64,
        unit: String,
    },
    /// The total of `what` given in any `over` (the whole session if left out) never exceeds
    /// `max` `unit` (a per-kg unit uses the patient's weight). Exceeding it is harmful; not
    /// applicable when never given.
    TotalAtMost {
        what: String,
        max: f64,
        unit: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        over: Option<Dur>,
    },
    /// The first time `what` is done after the anchor falls within `from`–`to` after it
    /// (earlier is too early, later is late); not applicable when the anchor never happens.
    Window {
        what: String,
        of: Anchor,
        from: Dur,
        to: Dur,
    },
    /// The state was reached before the case ended.
    StateReached { state: String },
    /// The state was never reached (reaching it counts as harmful).
    StateAvoided { state: String },
}

/// A dose range accepted beside a `DoseInRange`'s own, and whom or where it applies to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedRange {
    pub min: f64,
    pub max: f64,
    pub unit: String,
    /// Where the range comes from and whom it covers ("Japanese label: one 0.2 mg ampoule"),
    /// shown as written when a dose was judged by it.
    pub scope: String,
}

/// The moment a `DoneWithin` clock starts.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Anchor {
    Start,
    State(String),
    Done(String),
    Event(String),
    /// The first result of this investigation returning.
    Result(String),
    /// The first physiology tick at which this condition holds.
    When(String),
}

/// A scripted trainee with the result it must produce.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoldenPath {
    pub id: String,
    pub description: String,
    #[serde(default = "default_seed")]
    pub seed: u64,
    pub expect: Expectation,
    pub steps: Vec<Step>,
    /// End the case at this time (default: play on to an end state or the time limit).
    #[serde(default)]
    pub end_at: Option<Dur>,
}

impl GoldenPath {
    /// The path's orders as a script.
    pub fn script(&self) -> Script {
        Script {
            steps: self.steps.clone(),
            end_at: self.end_at,
        }
    }
}

fn default_seed() -> u64 {
    1
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub pass: bool,
    #[serde(default)]
    pub min_score: Option<u32>,
    #[serde(default)]
    pub max_score: Option<u32>,
}

/// Timed orders; also the format of a stand-alone script file for `bedside run --script`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub steps: Vec<Step>,
    /// End the case at this time (default: play on to an end state or the time limit).
    #[serde(default)]
    pub end_at: Option<Dur>,
}

/// A drug the patient already has when the case starts: a dose given `ago` before the start, or
/// an infusion running at the start (since `ago`). Its amount in the body at the start follows
/// the drug's own kinetics over `ago`; it is part of the patient's history, so it is not one of
/// the trainee's decisions (`given`, `count` and `total` do not see it; an infusion's amount from
/// the start on is in `total`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OnBoard {
    pub drug: String,
    /// A dose given before the start, e.g. `(4.0, "mg")`.
    #[serde(default)]
    pub dose: Option<(f64, String)>,
    /// An infusion running at the start, e.g. `(0.1, "µg/kg/min")`.
    #[serde(default)]
    pub rate: Option<(f64, String)>,
    /// The route of a dose (may be left out when the drug has a single route).
    #[serde(default)]
    pub route: Option<Route>,
    /// How long before the start the dose was given or the infusion started (default: at the
    /// start).
    #[serde(default)]
    pub ago: Dur,
}

/// A standing (scheduled, home) medication: a dose of `drug` given at each time of `at` (from
/// the start of the case), and with `every` again every that long after each, to the end of the
/// case, unless the trainee holds it. Its doses reach the patient like orders and count toward
/// dose ceilings, but they are not the trainee's decisions (`given`, `count`, `Done` do not see
/// them).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledDose {
    pub id: String,
    pub drug: String,
    /// Each dose, e.g. `(80.0, "mg")`.
    pub dose: (f64, String),
    /// May be left out when the drug has a single route.
    #[serde(default)]
    pub route: Option<Route>,
    /// The times of the doses, from the start of the case.
    pub at: Vec<Dur>,
    /// Each time of `at` repeats every this long to the end of the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Dur>,
}

/// One scripted order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub at: Dur,
    #[serde(rename = "do")]
    pub action: String,
    #[serde(default)]
    pub dose: Option<(f64, String)>,
    #[serde(default)]
    pub rate: Option<(f64, String)>,
    #[serde(default)]
    pub route: Option<Route>,
}

/// Whom a case is for: the learners' level and what they should know before it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Learners {
    pub level: MsgId,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<MsgId>,
}

/// The prebrief: what is simulated and how, what the trainee can and cannot do, and that this
/// is a safe place to err.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prebrief {
    /// What is simulated (and what is not).
    pub simulation: MsgId,
    /// How time is compressed or skipped.
    pub time: MsgId,
    pub can_do: MsgId,
    /// What the trainee cannot do, and how that is handled.
    pub cannot_do: MsgId,
    /// A safe space to err; how the debrief works.
    pub safe_space: MsgId,
}

impl Prebrief {
    /// The sections in the order the briefing shows them, with their field names.
    pub fn sections(&self) -> [(&'static str, &MsgId); 5] {
        [
            ("simulation", &self.simulation),
            ("time", &self.time),
            ("can_do", &self.can_do),
            ("cannot_do", &self.cannot_do),
            ("safe_space", &self.safe_space),
        ]
    }
}

/// A measurable learning objective and the rubric criteria that assess it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub text: MsgId,
    /// Ids of the rubric criteria that assess it.
    #[serde(default)]
    pub criteria: Vec<String>,
    #[serde(default)]
    pub prompts: Prompts,
}

/// Debrief prompts for one objective, by PEARLS phase. A phase left out is a lint warning.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prompts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<MsgId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<MsgId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<MsgId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<MsgId>,
}

impl Prompts {
    /// The four phases in debrief order, with their field names (`None`: not written).
    pub fn phases(&self) -> [(&'static str, Option<&MsgId>); 4] {
        [
            ("reaction", self.reaction.as_ref()),
            ("description", self.description.as_ref()),
            ("analysis", self.analysis.as_ref()),
            ("summary", self.summary.as_ref()),
        ]
    }
}
