//! Author lints: things that validate but are probably not what the instructor meant.
//!
//! Validation (`scenario::compile`) rejects what cannot run. A case that runs can still teach
//! badly: a state no trainee can reach, a criterion nobody can meet or that a trainee earns by
//! doing nothing, a transition whose condition the variables' bounds rule out, a dose range that
//! disagrees with the source it cites, a text translated into one language only, a criterion no
//! learning objective lists. These lints find such things and point at the line, as warnings
//! (worth fixing) and notes (worth knowing).

mod accepted;
mod interval;
mod learning;
mod rules;
mod safety;
mod standing;

pub use interval::{Abs, Iv, culprit, eval, render};

use std::path::{Path, PathBuf};

use crate::scenario::case::Case;
use crate::scenario::compile::Source;
use crate::scenario::load::parse_ron;
use crate::scenario::locate::{Locator, position_of};
use crate::scenario::model::DrugLibrary;
use crate::scenario::{Diagnostic, LoadedCase, Severity};

/// Where a lint points: a value in the scenario or drug library (by path), or a place in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    Value { source: Source, path: String },
    File { file: PathBuf, offset: usize },
}

/// One lint finding before it is placed at a line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub at: At,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn warn(source: Source, path: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            at: At::Value {
                source,
                path: path.into(),
            },
            severity: Severity::Warning,
            message: message.into(),
        }
    }
    fn error(source: Source, path: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            ..Finding::warn(source, path, message)
        }
    }
    fn note(source: Source, path: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Note,
            ..Finding::warn(source, path, message)
        }
    }
}

/// Lints a loaded (valid) case: every finding as a located diagnostic, sorted by position.
/// Files are read again from the case folder so that findings point at lines.
pub fn lint(loaded: &LoadedCase) -> Vec<Diagnostic> {
    let dir = &loaded.dir;
    let case = &loaded.case;
    let scn_path = dir.join("scenario.ron");
    let lib_path = dir.join(&case.scenario.drug_library);
    let scn_src = crate::files::read_text(&scn_path).unwrap_or_default();
    let lib_src = crate::files::read_text(&lib_path).unwrap_or_default();
    let library: DrugLibrary =
        parse_ron(&lib_path, &lib_src).unwrap_or(DrugLibrary { drugs: Vec::new() });
    let mut found = rules::check(case, &library);
    let ftl = ftl_folders(dir, &lib_path);
    found.extend(locale_findings(&ftl));
    found.extend(unit_findings(loaded, &ftl));
    found.extend(speaker_findings(loaded));
    found.extend(class_name_findings(loaded));
    found.extend(learning::findings(case));
    let (scn_loc, lib_loc) = (Locator::new(&scn_src), Locator::new(&lib_src));
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .map(|f| {
            let (file, pos) = match &f.at {
                At::Value { source, path } => match source {
                    Source::Scenario => (scn_path.clone(), scn_loc.find(path)),
                    Source::DrugLibrary => (lib_path.clone(), lib_loc.find(path)),
                },
                At::File { file, offset } => {
                    let src = crate::files::read_text(file).unwrap_or_default();
                    (file.clone(), position_of(&src, *offset))
                }
            };
            Diagnostic {
                file,
                line: pos.line,
                column: pos.column,
                severity: f.severity,
                message: f.message,
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One `.ftl` file of a locale folder: its locale, path, and text (`None` if it cannot be read).
type Ftl = (crate::i18n::Locale, PathBuf, Option<String>);

/// The case's text folders — the shared one beside the drug library, then the case's own —
/// each with its file for every locale, read once for the lints that look at texts. A folder
/// with none of the files is left out.
fn ftl_folders(dir: &Path, lib_path: &Path) -> Vec<Vec<Ftl>> {
    let shared = lib_path.parent().unwrap_or(Path::new(".")).join("locales");
    [shared, dir.join("locales")]
        .into_iter()
        .map(|folder| {
            crate::i18n::Locale::ALL
                .into_iter()
                .map(|l| {
                    let p = folder.join(format!("{}.ftl", l.tag()));
                    let src = crate::files::read_text(&p).ok();
                    (l, p, src)
                })
                .collect::<Vec<_>>()
        })
        .filter(|files| files.iter().any(|(_, p, _)| p.exists()))
        .collect()
}

/// Message ids defined in some of the three locales but not all (the shared files and the case's
/// own files are compared separately). A message the case uses and a locale lacks is already a
/// validation error; this finds the leftovers and half-finished translations.
fn locale_findings(ftl: &[Vec<Ftl>]) -> Vec<Finding> {
    let mut out = Vec::new();
    for folder in ftl {
        let files: Vec<(&str, &PathBuf, &str)> = folder
            .iter()
            .map(|(l, p, src)| (l.tag(), p, src.as_deref().unwrap_or_default()))
            .collect();
        let ids: Vec<Vec<String>> = files
            .iter()
            .map(|(_, _, src)| crate::i18n::message_ids(src).0)
            .collect();
        let mut reported = std::collections::BTreeSet::new();
        for (k, (tag, path, src)) in files.iter().enumerate() {
            for id in &ids[k] {
                let missing: Vec<&str> = files
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| !ids[*j].contains(id))
                    .map(|(_, (t, _, _))| *t)
                    .collect();
                if missing.is_empty() || !reported.insert(id.clone()) {
                    continue;
                }
                let present: Vec<&str> = files
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| ids[*j].contains(id))
                    .map(|(_, (t, _, _))| *t)
                    .collect();
                let _ = tag;
                out.push(Finding {
                    at: At::File {
                        file: (*path).clone(),
                        offset: definition_offset(src, id),
                    },
                    severity: Severity::Warning,
                    message: format!(
                        "message '{id}' is only in {} (missing from {})",
                        present.join(", "),
                        missing.join(", ")
                    ),
                });
            }
        }
    }
    out
}

/// A value written in a text in a unit other than the one the text's locale shows the variable
/// in, both ways: in zh-CN the results show creatinine in µmol/L, so a handover that says
/// "creatinine 2.1 mg/dL" disagrees with the lab panel beside it; in en-US and ja-JP they show
/// glucose in mg/dL, so "glucose 3.1 mmol/L" does too. Only numbers followed by the unit are
/// looked at, in message lines (not comments). A unit the locale also shows another variable in
/// (mmol/L: sodium, potassium, lactate) is flagged only where the words just before the number
/// name the variable (its label in that language, or its id).
fn unit_findings(loaded: &LoadedCase, ftl: &[Vec<Ftl>]) -> Vec<Finding> {
    use crate::i18n::{Locale, conversions, shown};
    let case = &loaded.case;
    let ui = crate::report::ui_sources();
    let mut out = Vec::new();
    // Every variable some locale converts, with every unit it is shown in somewhere.
    let mut converted: Vec<(usize, Vec<&str>)> = Vec::new();
    for locale in Locale::ALL {
        for c in conversions(locale) {
            let Some(v) = case.var(c.var) else { continue };
            if case.vars[v].unit == c.unit {
                continue;
            }
            match converted.iter_mut().find(|(x, _)| *x == v) {
                Some((_, units)) => units.push(c.unit),
                None => converted.push((v, vec![case.vars[v].unit.as_str(), c.unit])),
            }
        }
    }
    for locale in Locale::ALL {
        let unit_in = |v: usize| {
            let info = &case.vars[v];
            shown(&info.id, &info.unit, info.decimals, 0.0, locale).unit
        };
        // A unit the locale does not show a converted variable in → (the variables, as the
        // locale shows them; whether the locale shows another variable in that unit).
        let mut alien: Vec<(&str, Vec<usize>, bool)> = Vec::new();
        for (v, units) in &converted {
            let here = unit_in(*v);
            for u in units.iter().copied().filter(|u| **u != here) {
                match alien.iter_mut().find(|(x, _, _)| *x == u) {
                    Some((_, vars, _)) => vars.push(*v),
                    None => {
                        let shared = (0..case.vars.len()).any(|w| unit_in(w) == u);
                        alien.push((u, vec![*v], shared));
                    }
                }
            }
        }
        if alien.is_empty() {
            continue;
        }
        let t = loaded.texts(locale, &ui);
        // Each variable's names in this language, lower-cased: its label and its id.
        let names = |v: usize| {
            let info = &case.vars[v];
            [t.get(&info.label).to_lowercase(), info.id.to_lowercase()]
        };
        let files = ftl.iter().flatten().filter(|(l, _, _)| *l == locale);
        for (_, path, src) in files {
            let Some(src) = src else { continue };
            let mut offset = 0;
            let mut message = None;
            for line in src.split_inclusive('\n') {
                let start = offset;
                offset += line.len();
                if line.starts_with('#') {
                    continue;
                }
                if let Some((id, _)) = line.split_once('=')
                    && !line.starts_with([' ', '\t'])
                {
                    message = Some(id.trim().to_string());
                }
                for (unit, vars, shared) in &alien {
                    for (at, _) in line.match_indices(unit) {
                        let before = line[..at].trim_end_matches([' ', '\u{a0}', '\u{202f}']);
                        if !before.ends_with(|c: char| c.is_ascii_digit()) {
                            continue;
                        }
                        // The words since the last separator before the number.
                        let clause = before
                            .rsplit([',', '、', '，', '。', ';', '；', '(', '（', '='])
                            .next()
                            .unwrap_or(before)
                            .to_lowercase();
                        let named: Vec<usize> = vars
                            .iter()
                            .copied()
                            .filter(|&v| {
                                names(v)
                                    .iter()
                                    .any(|n| !n.is_empty() && clause.contains(n.as_str()))
                            })
                            .collect();
                        if *shared && named.is_empty() {
                            continue;
                        }
                        // An unshared unit is wrong whatever it measures: name every variable in it.
                        let about = if *shared { &named } else { vars };
                        let shown_as: Vec<String> = about
                            .iter()
                            .map(|&v| format!("{} in {}", case.vars[v].id, unit_in(v)))
                            .collect();
                        out.push(Finding {
                            at: At::File {
                                file: path.clone(),
                                offset: start + at,
                            },
                            severity: Severity::Warning,
                            message: format!(
                                "{}a value in {unit}, but in {} the results show {}: write it in the unit the trainee sees beside it",
                                message
                                    .as_deref()
                                    .map(|m| format!("message '{m}' gives "))
                                    .unwrap_or_default(),
                                locale.tag(),
                                shown_as.join(" and ")
                            ),
                        });
                    }
                }
            }
        }
    }
    out
}

/// A drug class the case uses (a drug it offers or has on board belongs to it, or a criterion
/// or condition names it) whose name, `class-<id>`, a language lacks: the debrief names the
/// class in a criterion's detail ("any opioid"), and without the message shows its raw id.
fn class_name_findings(loaded: &LoadedCase) -> Vec<Finding> {
    let case = &loaded.case;
    let ui = crate::report::ui_sources();
    let mut used = rules::orderable(case);
    used.extend(rules::condition_tags(case));
    for ob in &case.scenario.on_board {
        if let Some(d) = case.drugs.iter().find(|d| d.def.id == ob.drug) {
            used.extend(d.tags.iter().copied());
        }
    }
    let texts: Vec<_> = crate::i18n::Locale::ALL
        .into_iter()
        .map(|l| (l, loaded.texts(l, &ui)))
        .collect();
    let mut out = Vec::new();
    for tag in used {
        let class = &case.tags[tag];
        if case.action(class).is_some() || case.drugs.iter().any(|d| &d.def.id == class) {
            continue;
        }
        // A product is named by its own `name`, checked like every message.
        if case
            .drugs
            .iter()
            .flat_map(|d| &d.products)
            .any(|p| p.tag == tag)
        {
            continue;
        }
        let id = crate::wording::class_message_id(class);
        let missing: Vec<&str> = texts
            .iter()
            .filter(|(_, t)| !t.has_own(&id))
            .map(|(l, _)| l.tag())
            .collect();
        if missing.is_empty() {
            continue;
        }
        // Point at the class in the first drug that has it, else at the case's start.
        let at = case.drugs.iter().enumerate().find_map(|(k, d)| {
            let j = d.def.classes.iter().position(|c| c == class)?;
            let (source, path) = safety::drug_path(case, k);
            Some((source, format!("{path}.classes[{j}]")))
        });
        let (source, path) = at.unwrap_or((Source::Scenario, "id".to_string()));
        out.push(Finding::warn(
            source,
            path,
            format!(
                "drug class '{class}' has no name in {} (message '{id}'): the debrief would show the id; add the message to the shared texts or the case's",
                missing.join(", ")
            ),
        ));
    }
    out
}

/// An event's text that begins with its speaker ("Nurse: …"): the app shows the speaker before
/// every event's text, so the trainee reads "Nurse: Nurse: …".
fn speaker_findings(loaded: &LoadedCase) -> Vec<Finding> {
    let ui = crate::report::ui_sources();
    let mut out = Vec::new();
    for locale in crate::i18n::Locale::ALL {
        let t = loaded.texts(locale, &ui);
        for (i, e) in loaded.case.scenario.events.iter().enumerate() {
            let label = t.get(crate::wording::speaker_id(e.speaker));
            let text = t.get(&e.text);
            let Some(rest) = text.trim_start().strip_prefix(label.as_str()) else {
                continue;
            };
            if rest.trim_start().starts_with([':', '：']) {
                out.push(Finding::warn(
                    Source::Scenario,
                    format!("events[{i}].text"),
                    format!(
                        "event '{}': its {} text begins with its speaker, {label}, whom the app already names before it: leave the speaker out of the text",
                        e.id,
                        locale.tag()
                    ),
                ));
            }
        }
    }
    out
}

/// Byte offset of the line defining message `id` in an `.ftl` source (0 if not found).
fn definition_offset(src: &str, id: &str) -> usize {
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            return offset;
        }
        offset += line.len();
    }
    0
}

/// Whether each transition of each state can ever be taken (by interval analysis of its
/// condition): `possible[state][transition]`.
pub fn possible_transitions(case: &Case) -> Vec<Vec<bool>> {
    case.states
        .iter()
        .map(|s| {
            s.transitions
                .iter()
                .map(|tr| eval(&tr.when, case).can_be_true())
                .collect()
        })
        .collect()
}

/// States reachable from the initial state over transitions that can be taken, and the states
/// an action's guard that can trip enters (an order can be placed in any state).
pub fn reachable_states(case: &Case) -> Vec<bool> {
    let possible = possible_transitions(case);
    let mut seen = vec![false; case.states.len()];
    let mut stack = vec![case.initial_state];
    seen[case.initial_state] = true;
    for g in &case.guards {
        if let Some(to) = g.to
            && g.when.as_ref().is_none_or(|w| eval(w, case).can_be_true())
            && !seen[to]
        {
            seen[to] = true;
            stack.push(to);
        }
    }
    while let Some(s) = stack.pop() {
        for (j, tr) in case.states[s].transitions.iter().enumerate() {
            if possible[s][j] && !seen[tr.to] {
                seen[tr.to] = true;
                stack.push(tr.to);
            }
        }
    }
    seen
}
