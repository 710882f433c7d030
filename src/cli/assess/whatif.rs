//! `bedside what-if LOG --move 3=10m --drop 5 --add "30m start_norepinephrine 0.1 µg/kg/min"`:
//! the session of a finished log with its decisions edited, re-simulated from the same seed and
//! compared with the session (`bedside::whatif`). The log is verified first and only read; the
//! answer goes to stdout and nowhere else — it is not a session, so no log is written and
//! nothing reaches the LRS, and every output says it is a what-if.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use fluent_bundle::FluentValue;

use bedside::cohort::CaseShelf;
use bedside::i18n::{self, Texts};
use bedside::log;
use bedside::report;
use bedside::scenario::LoadedCase;
use bedside::whatif::{Edit, Original, Run, WhatIf, WhatIfError, sample_at};
use bedside::wording::{
    duration_text, end_id, order_text_with_route, state_label, status_id, verdict_id, weight_id,
};

use crate::cli::{Ctx, invalid};

#[derive(clap::Args, Debug)]
pub struct WhatIfArgs {
    /// A finished session's log (only read).
    log: PathBuf,
    /// Move decision N (numbered from 1, as in the debrief) to time T: `3=10m`.
    #[arg(long = "move", value_name = "N=T", value_parser = parse_move)]
    moves: Vec<Edit>,
    /// Leave decision N out.
    #[arg(long = "drop", value_name = "N", value_parser = parse_drop)]
    drops: Vec<Edit>,
    /// Add an order: "TIME ACTION [AMOUNT UNIT] [ROUTE]", e.g. "30m piperacillin_tazobactam_iv
    /// 4.5 g" (an amount in a unit per time is a rate).
    #[arg(long = "add", value_name = "ORDER", value_parser = parse_add)]
    adds: Vec<Edit>,
    /// The comparison as JSON (marked `"what_if": true`; never a log).
    #[arg(long)]
    json: bool,
}

fn parse_move(s: &str) -> Result<Edit, String> {
    Edit::parse_move(s).map_err(|e| e.to_string())
}
fn parse_drop(s: &str) -> Result<Edit, String> {
    Edit::parse_drop(s).map_err(|e| e.to_string())
}
fn parse_add(s: &str) -> Result<Edit, String> {
    Edit::parse_add(s).map_err(|e| e.to_string())
}

/// Exits 1 when the log cannot be used (it does not verify, is unfinished, or its case is not
/// under --cases); an impossible edit stops the command (exit 2) with the reason.
pub fn run(args: &WhatIfArgs, ctx: &Ctx) -> Result<ExitCode> {
    let session = match log::read(&args.log) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
    };
    let id = &session.header.scenario_id;
    let mut shelf = CaseShelf::open(&ctx.cases);
    let loaded = match shelf.load(id) {
        Some(Ok(l)) => Arc::clone(l),
        Some(Err(diags)) => return Err(invalid(diags)),
        None => {
            eprintln!(
                "{}: no case '{id}' under {}",
                args.log.display(),
                ctx.cases.display()
            );
            return Ok(ExitCode::from(1));
        }
    };
    let original = match Original::of(&loaded.case, &args.log, &session) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}: {e}", args.log.display());
            return Ok(ExitCode::from(1));
        }
    };
    let edits: Vec<Edit> = args
        .moves
        .iter()
        .chain(&args.drops)
        .chain(&args.adds)
        .cloned()
        .collect();
    let answer = original
        .what_if(&edits)
        .map_err(|e: WhatIfError| anyhow::anyhow!(e))
        .context("the what-if cannot be run")?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json(&original, &answer))?
        );
    } else {
        let t = loaded.texts(ctx.locale, &report::ui_sources());
        print!("{}", text(&original, &answer, &loaded, &t, ctx.locale));
    }
    Ok(ExitCode::SUCCESS)
}

fn json(o: &Original, w: &WhatIf) -> serde_json::Value {
    let changed: Vec<serde_json::Value> = w
        .changed
        .iter()
        .map(|&i| {
            let (a, b) = (&o.run.report.criteria[i], &w.what_if.report.criteria[i]);
            serde_json::json!({
                "criterion": a.id,
                "before": { "status": a.status, "earned": a.earned },
                "after": { "status": b.status, "earned": b.earned },
                "points": a.points,
            })
        })
        .collect();
    serde_json::json!({
        "what_if": true,
        "note": "a what-if, not a session: re-simulated from the log, nothing written or sent",
        "log": o.path,
        "log_sha256": o.last_hash,
        "seed": o.seed(),
        "case_changed": o.case_changed,
        "session": o.run.report,
        "what_if_report": w.what_if.report,
        "changed": changed,
    })
}

/// The comparison as text in the texts' language.
fn text(o: &Original, w: &WhatIf, loaded: &LoadedCase, t: &Texts, locale: i18n::Locale) -> String {
    let case = &loaded.case;
    let mut out = String::new();
    let line = |out: &mut String, s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(&mut out, format!("=== {} ===", t.get("whatif-banner")));
    line(
        &mut out,
        t.with(
            "report-case",
            &[
                ("title", t.get(&case.scenario.title).into()),
                ("id", case.scenario.id.as_str().into()),
                ("version", case.scenario.version.as_str().into()),
            ],
        ),
    );
    line(
        &mut out,
        t.with(
            "whatif-banner-detail",
            &[
                ("log", o.path.display().to_string().into()),
                ("seed", o.seed().to_string().into()),
            ],
        ),
    );
    if o.case_changed {
        line(&mut out, t.get("whatif-case-changed"));
    }
    out.push('\n');
    line(&mut out, t.get("whatif-decisions"));
    let decisions = o.decisions();
    for (n, (at, order)) in decisions.iter().enumerate() {
        line(
            &mut out,
            format!(
                "  {}. {}  {}",
                n + 1,
                duration_text(*at, t),
                order_text_with_route(case, order, t)
            ),
        );
    }
    out.push('\n');
    line(&mut out, t.get("whatif-edits"));
    if w.edits.is_empty() {
        line(&mut out, format!("  {}", t.get("whatif-no-edits")));
    }
    for e in &w.edits {
        let s = match e {
            Edit::Move { decision, to } => {
                let (from, order) = &decisions[decision - 1];
                t.with(
                    "whatif-edit-move",
                    &[
                        ("n", FluentValue::from(*decision)),
                        ("order", order_text_with_route(case, order, t).into()),
                        ("from", duration_text(*from, t).into()),
                        ("to", duration_text(*to, t).into()),
                    ],
                )
            }
            Edit::Drop { decision } => {
                let (at, order) = &decisions[decision - 1];
                t.with(
                    "whatif-edit-drop",
                    &[
                        ("n", FluentValue::from(*decision)),
                        ("order", order_text_with_route(case, order, t).into()),
                        ("at", duration_text(*at, t).into()),
                    ],
                )
            }
            Edit::Add { at, order } => t.with(
                "whatif-edit-add",
                &[
                    ("order", order_text_with_route(case, order, t).into()),
                    ("at", duration_text(*at, t).into()),
                ],
            ),
        };
        line(&mut out, format!("  {s}"));
    }
    out.push('\n');
    for (head, run) in [
        (t.get("whatif-col-session"), &o.run),
        (t.get("whatif-col-what-if"), &w.what_if),
    ] {
        line(&mut out, head);
        line(&mut out, format!("  {}", summary(run, loaded, t)));
    }
    out.push('\n');
    if w.changed.is_empty() {
        line(&mut out, t.get("whatif-changed-none"));
    } else {
        line(&mut out, t.get("whatif-changed"));
    }
    for &i in &w.changed {
        let (a, b) = (&o.run.report.criteria[i], &w.what_if.report.criteria[i]);
        line(
            &mut out,
            format!(
                "  {}",
                t.with(
                    "whatif-change",
                    &[
                        ("criterion", a.id.as_str().into()),
                        ("weight", t.get(weight_id(a.weight)).into()),
                        ("before", t.get(status_id(a.status)).into()),
                        ("before_points", FluentValue::from(a.earned)),
                        ("after", t.get(status_id(b.status)).into()),
                        ("after_points", FluentValue::from(b.earned)),
                        ("points", FluentValue::from(a.points)),
                    ],
                )
            ),
        );
        line(&mut out, format!("      {}", t.get(&b.feedback)));
    }
    for (at, order) in &w.not_reached {
        line(
            &mut out,
            t.with(
                "whatif-not-reached",
                &[
                    ("order", order_text_with_route(case, order, t).into()),
                    ("at", duration_text(*at, t).into()),
                ],
            ),
        );
    }
    out.push('\n');
    line(&mut out, t.get("whatif-vitals"));
    out += &vitals(o, w, loaded, t, locale);
    line(&mut out, format!("=== {} ===", t.get("whatif-banner")));
    out
}

/// Score, verdict and how the run ended, on one line.
fn summary(run: &Run, loaded: &LoadedCase, t: &Texts) -> String {
    let r = &run.report;
    let score = t.with(
        "report-score",
        &[
            ("earned", FluentValue::from(r.earned)),
            ("available", FluentValue::from(r.available)),
            ("percent", FluentValue::from(r.percent)),
            ("pass", FluentValue::from(r.pass_mark)),
        ],
    );
    let ended = t.with(
        "whatif-ended",
        &[
            ("reason", t.get(end_id(r.ended.as_ref())).into()),
            ("state", state_label(&r.final_state, &loaded.case, t).into()),
            ("at", duration_text(run.sim.now(), t).into()),
        ],
    );
    format!("{score} — {} — {ended}", t.get(verdict_id(r.passed)))
}

/// The monitor's main values every half hour (and at each run's end), session → what-if.
fn vitals(
    o: &Original,
    w: &WhatIf,
    loaded: &LoadedCase,
    t: &Texts,
    locale: i18n::Locale,
) -> String {
    let case = &loaded.case;
    let vars: Vec<usize> = ["map", "hr", "rr", "spo2"]
        .iter()
        .filter_map(|v| case.var(v))
        .collect();
    let end = o.run.sim.now().max(w.what_if.sim.now());
    let mut times: Vec<u64> = (0..=end).step_by(1800).collect();
    times.extend([o.run.sim.now(), w.what_if.sim.now()]);
    times.sort_unstable();
    times.dedup();
    let value = |run: &Run, at: u64, v: usize| -> String {
        if at > run.sim.now() {
            return t.get("whatif-vitals-ended");
        }
        sample_at(&run.sim, at).map_or_else(
            || "–".to_string(),
            |vals| {
                let info = &case.vars[v];
                i18n::shown(
                    &info.id,
                    &info.unit,
                    info.decimals,
                    f64::from(vals[v]),
                    locale,
                )
                .number()
            },
        )
    };
    let mut out = String::new();
    // A header with each value's name and unit, then one row per time: "63 → 59".
    let heads: Vec<String> = vars
        .iter()
        .map(|&v| {
            let info = &case.vars[v];
            let unit = i18n::shown(&info.id, &info.unit, info.decimals, 0.0, locale).unit;
            format!("{} ({unit})", t.get(&info.label))
        })
        .collect();
    out += &format!("  {:>8}  {}\n", "", heads.join(" | "));
    for at in times {
        let cells: Vec<String> = vars
            .iter()
            .map(|&v| format!("{} → {}", value(&o.run, at, v), value(&w.what_if, at, v)))
            .collect();
        out += &format!("  {:>8}  {}\n", duration_text(at, t), cells.join(" | "));
    }
    out
}
