//! The branch graph of a case: its states, the transitions between them with their conditions,
//! its end states, and the states each golden path actually visits when played.
//!
//! Instructors see a case's shape at a glance and check that the paths they wrote go where they
//! think. The graph is built once ([`CaseGraph::build`]) and written as Graphviz DOT, Mermaid, or
//! an SVG this module lays out itself (layered, no Graphviz needed).

mod svg;

use std::sync::Arc;

use crate::i18n::Locale;
use crate::log::Clock;
use crate::scenario::Case;
use crate::scenario::model::Outcome;
use crate::session::{self, SessionInfo};
use crate::sim::Record;

pub use svg::to_svg;

/// A state of the case.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub end: Option<Outcome>,
    pub initial: bool,
    /// Whether interval analysis finds a way here from the initial state.
    pub reachable: bool,
}

/// A transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The condition as written in the scenario.
    pub when: String,
    /// False when the condition can never hold (see `bedside lint`).
    pub possible: bool,
}

/// A golden path as played: the states it went through, in order, and how it scored.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTrace {
    pub id: String,
    pub states: Vec<usize>,
    pub percent: u32,
    pub passed: bool,
}

impl PathTrace {
    /// Whether the path took the transition `from → to`.
    pub fn takes(&self, from: usize, to: usize) -> bool {
        self.states.windows(2).any(|w| w[0] == from && w[1] == to)
    }
}

/// Everything a drawing of the case needs.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseGraph {
    pub case_id: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub paths: Vec<PathTrace>,
}

impl CaseGraph {
    /// Builds the graph and plays every golden path (headless, no log) to trace it.
    pub fn build(case: &Arc<Case>) -> CaseGraph {
        let reachable = crate::lint::reachable_states(case);
        let possible = crate::lint::possible_transitions(case);
        let nodes = case
            .states
            .iter()
            .enumerate()
            .map(|(i, s)| Node {
                id: s.id.clone(),
                end: s.end,
                initial: i == case.initial_state,
                reachable: reachable[i],
            })
            .collect();
        let mut edges = Vec::new();
        for (i, s) in case.states.iter().enumerate() {
            for (j, tr) in s.transitions.iter().enumerate() {
                edges.push(Edge {
                    from: i,
                    to: tr.to,
                    when: case.scenario.states[i].transitions[j].when.clone(),
                    possible: possible[i][j],
                });
            }
        }
        let paths = case
            .scenario
            .golden_paths
            .iter()
            .filter_map(|g| {
                let info = SessionInfo {
                    seed: g.seed,
                    trainee: format!("golden:{}", g.id),
                    locale: Locale::EnUs,
                    clock: Clock::Scripted { start_ms: 0 },
                };
                let s = session::play(Arc::clone(case), &g.script(), &info, None).ok()?;
                let mut states = vec![case.initial_state];
                for r in s.sim.records() {
                    if let Record::State { to, .. } = r
                        && let Some(i) = case.state(to)
                    {
                        states.push(i);
                    }
                }
                let score = s.score()?;
                Some(PathTrace {
                    id: g.id.clone(),
                    states,
                    percent: score.percent,
                    passed: score.passed,
                })
            })
            .collect();
        CaseGraph {
            case_id: case.scenario.id.clone(),
            nodes,
            edges,
            paths,
        }
    }

    fn node_note(&self, i: usize) -> Vec<String> {
        let n = &self.nodes[i];
        let mut out = Vec::new();
        if n.initial {
            out.push("start".to_string());
        }
        if let Some(o) = n.end {
            out.push(format!("end: {o:?}"));
        }
        if !n.reachable {
            out.push("unreachable".to_string());
        }
        out
    }

    fn visitors(&self, i: usize) -> Vec<&str> {
        self.paths
            .iter()
            .filter(|p| p.states.contains(&i))
            .map(|p| p.id.as_str())
            .collect()
    }

    fn takers(&self, e: &Edge) -> Vec<&str> {
        self.paths
            .iter()
            .filter(|p| p.takes(e.from, e.to))
            .map(|p| p.id.as_str())
            .collect()
    }

    /// Graphviz DOT.
    pub fn to_dot(&self) -> String {
        let q = |s: &str| {
            let s = s
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            format!("\"{s}\"")
        };
        let mut out = format!("digraph {} {{\n", q(&self.case_id));
        out += "  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n";
        out += "  edge [fontname=\"sans-serif\", fontsize=10];\n";
        for (i, n) in self.nodes.iter().enumerate() {
            let mut label = n.id.clone();
            let note = self.node_note(i);
            if !note.is_empty() {
                label += &format!("\n({})", note.join(", "));
            }
            let visitors = self.visitors(i);
            if !visitors.is_empty() {
                label += &format!("\npaths: {}", visitors.join(", "));
            }
            let mut attrs = vec![format!("label={}", q(&label))];
            if n.initial {
                attrs.push("penwidth=2".into());
            }
            if let Some(o) = n.end {
                attrs.push("peripheries=2".into());
                attrs.push(format!("color={}", q(outcome_colour(o))));
            }
            if !n.reachable {
                attrs.push("style=\"rounded,dashed\"".into());
            }
            out += &format!("  {} [{}];\n", q(&n.id), attrs.join(", "));
        }
        for e in &self.edges {
            let mut label = e.when.clone();
            let takers = self.takers(e);
            if !takers.is_empty() {
                label += &format!("\n[{}]", takers.join(", "));
            }
            let mut attrs = vec![format!("label={}", q(&label))];
            if !takers.is_empty() {
                attrs.push("penwidth=2".into());
            }
            if !e.possible {
                attrs.push("style=dashed".into());
                attrs.push("color=\"#999999\"".into());
            }
            out += &format!(
                "  {} -> {} [{}];\n",
                q(&self.nodes[e.from].id),
                q(&self.nodes[e.to].id),
                attrs.join(", ")
            );
        }
        for p in &self.paths {
            out += &format!("  // golden path {}: {}\n", p.id, self.route(p));
        }
        out += "}\n";
        out
    }

    /// Mermaid flowchart.
    pub fn to_mermaid(&self) -> String {
        // Mermaid labels: quotes and angle brackets as its entity codes.
        let m = |s: &str| {
            s.replace('"', "#quot;")
                .replace('<', "#lt;")
                .replace('>', "#gt;")
        };
        let key = |i: usize| format!("s{i}");
        let mut out = String::from("flowchart TD\n");
        for (i, n) in self.nodes.iter().enumerate() {
            let mut label = n.id.clone();
            let note = self.node_note(i);
            if !note.is_empty() {
                label += &format!("<br/>({})", note.join(", "));
            }
            let visitors = self.visitors(i);
            if !visitors.is_empty() {
                label += &format!("<br/>paths: {}", visitors.join(", "));
            }
            let label = m(&label).replace("#lt;br/#gt;", "<br/>");
            if n.end.is_some() {
                out += &format!("  {}([\"{label}\"])\n", key(i));
            } else {
                out += &format!("  {}[\"{label}\"]\n", key(i));
            }
        }
        for e in &self.edges {
            let mut label = m(&e.when);
            let takers = self.takers(e);
            if !takers.is_empty() {
                label += &format!(" [{}]", takers.join(", "));
            }
            let arrow = if !e.possible {
                "-.->"
            } else if takers.is_empty() {
                "-->"
            } else {
                "==>"
            };
            out += &format!("  {} {arrow}|\"{label}\"| {}\n", key(e.from), key(e.to));
        }
        for (i, n) in self.nodes.iter().enumerate() {
            if let Some(o) = n.end {
                out += &format!(
                    "  style {} stroke:{},stroke-width:3px\n",
                    key(i),
                    outcome_colour(o)
                );
            } else if n.initial {
                out += &format!("  style {} stroke-width:3px\n", key(i));
            }
        }
        for p in &self.paths {
            out += &format!("  %% golden path {}: {}\n", p.id, self.route(p));
        }
        out
    }

    /// `a → b → c (100%, passed)`
    pub fn route(&self, p: &PathTrace) -> String {
        let states: Vec<&str> = p
            .states
            .iter()
            .map(|&s| self.nodes[s].id.as_str())
            .collect();
        format!(
            "{} ({}%, {})",
            states.join(" → "),
            p.percent,
            if p.passed { "passed" } else { "failed" }
        )
    }
}

/// The colour an end state is drawn in, by outcome.
pub fn outcome_colour(o: Outcome) -> &'static str {
    match o {
        Outcome::Recovered => "#2e7d32",
        Outcome::Stabilised => "#1565c0",
        Outcome::Deteriorated => "#ef6c00",
        Outcome::Died => "#c62828",
    }
}
