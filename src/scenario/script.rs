//! Scripts: timed orders, as golden paths in a scenario and as stand-alone script files.
//! Loading a script and checking its steps against a compiled case live together: every step
//! must be an order the case accepts, at a time in order and within the case's time limit.

use std::path::Path;

use super::case::Case;
use super::compile::{Problem, Source};
use super::load::{Diagnostic, parse_ron, read};
use super::locate::Locator;
use super::model::{Dur, Script, Step};
use super::order::{Order, OrderError};

/// Loads a stand-alone script file and checks it against a case.
pub fn load_script(path: &Path, case: &Case) -> Result<Script, Vec<Diagnostic>> {
    let src = read(path).map_err(|d| vec![d])?;
    let script: Script = parse_ron(path, &src).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    check_script_steps(case, &script.steps, "", &mut problems);
    if problems.is_empty() {
        return Ok(script);
    }
    let loc = Locator::new(&src);
    Err(problems
        .iter()
        .map(|p| {
            let pos = loc.find(p.path.trim_start_matches('.'));
            Diagnostic::error(path, pos.line, pos.column, p.message.clone())
        })
        .collect())
}

/// Checks a script's steps against a compiled case: known actions, valid orders, times in order.
pub fn check_script_steps(case: &Case, steps: &[Step], path: &str, problems: &mut Vec<Problem>) {
    let numbered: Vec<(usize, &Step)> = steps.iter().enumerate().collect();
    check_steps(case, &numbered, path, problems);
}

pub(super) fn check_steps(
    case: &Case,
    steps: &[(usize, &Step)],
    path: &str,
    problems: &mut Vec<Problem>,
) {
    let mut last = 0;
    for &(j, st) in steps {
        let sp = format!("{path}.steps[{j}]");
        let mut push = |field: &str, message: String| {
            problems.push(Problem {
                source: Source::Scenario,
                path: if field.is_empty() {
                    sp.clone()
                } else {
                    format!("{sp}.{field}")
                },
                inner: None,
                message,
            })
        };
        if st.at.secs() < last {
            push(
                "at",
                format!(
                    "steps must be in time order: {} comes after {}",
                    st.at,
                    Dur(last)
                ),
            );
        }
        last = st.at.secs();
        if st.at.secs() > case.scenario.time_limit.secs() {
            push(
                "at",
                format!(
                    "{} is after the case's time limit ({})",
                    st.at, case.scenario.time_limit
                ),
            );
        }
        match Order::from_step(st).validate(case) {
            Ok(_) => {}
            Err(OrderError::UnknownAction(a)) => {
                push("do", format!("no action '{a}' in this case"))
            }
            Err(e) => push("", e.to_string()),
        }
    }
}
