//! The Review screen: pick a log (from the logs folder or by path), see first whether its hash
//! chain holds, then replay it with a time scrubber — monitor, trends, orders and events as they
//! were at that moment — beside the decisions, each linked to the criteria it decided; and the
//! debrief as it was scored.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use super::ScreenCtx;
use crate::app::catalog::{Catalog, Lang, logs_dir};
use crate::app::flow::BackToLibrary;
use crate::app::monitor;
use crate::app::review::{
    CloseReview, OpenLog, OpenReview, PLAY_SPEEDS, PlayReview, ReviewState, ReviewTab, SeekReview,
    UNTRUSTED_FILL,
};
use crate::app::state::{Screen, Settings};
use crate::app::trends;
use crate::app::whatif::OpenWhatIf;
use crate::app::widgets::{ALARM, DIM, GOOD, WARN, clock_text};
use crate::cohort::iso_timestamp;
use crate::i18n::Texts;
use crate::review::Trust;
use crate::sim::Record;
use crate::wording::{log_error_text, order_text_with_route, verdict_id};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        review_ui.run_if(in_state(Screen::Review)),
    );
}

fn review_ui(
    mut screen: ScreenCtx,
    mut state: ResMut<ReviewState>,
    mut back: MessageWriter<BackToLibrary>,
    mut open: MessageWriter<OpenReview>,
    (mut close, mut whatif): (MessageWriter<CloseReview>, MessageWriter<OpenWhatIf>),
    mut seek: MessageWriter<SeekReview>,
    mut play: MessageWriter<PlayReview>,
) -> Result {
    let (_, mut root) = screen.begin()?;
    let ScreenCtx {
        catalog,
        lang,
        settings,
        ..
    } = screen;
    let state = &mut *state;
    match &mut state.open {
        None => {
            picker(
                &mut root, &lang, &catalog, &settings, state, &mut open, &mut back,
            );
        }
        Some(log) => {
            let t = log.case.map_or(&lang.ui, |i| lang.case(i));
            let mut tab = log.tab;
            header(
                &mut root,
                log,
                &catalog,
                t,
                &mut close,
                &mut tab,
                &mut whatif,
            );
            log.tab = tab;
            match (tab, &log.replay) {
                (ReviewTab::Debrief, _) => debrief(&mut root, log, &catalog, t),
                (ReviewTab::Replay, Some(_)) => {
                    replay(&mut root, log, t, lang.locale, &mut seek, &mut play)
                }
                (ReviewTab::Replay, None) => raw_records(&mut root, log, t),
            }
        }
    }
    Ok(())
}

/// The list of logs in the logs folder, and a field to open any file.
fn picker(
    root: &mut egui::Ui,
    lang: &Lang,
    catalog: &Catalog,
    settings: &Settings,
    state: &mut ReviewState,
    open: &mut MessageWriter<OpenReview>,
    back: &mut MessageWriter<BackToLibrary>,
) {
    let t = &lang.ui;
    egui::CentralPanel::default().show(root, |ui| {
        ui.horizontal(|ui| {
            if ui.button(t.get("back-to-library")).clicked() {
                back.write(BackToLibrary);
            }
            ui.heading(t.get("review-title"));
        });
        ui.horizontal(|ui| {
            ui.label(t.get("review-open-file"));
            let field = ui.add(
                egui::TextEdit::singleline(&mut state.path_input)
                    .hint_text("/path/to/session.jsonl")
                    .desired_width(520.0),
            );
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(t.get("review-open")).clicked() || enter)
                && !state.path_input.trim().is_empty()
            {
                open.write(OpenReview(state.path_input.trim().into()));
            }
        });
        if let Some(e) = &state.error {
            ui.colored_label(ALARM, log_error_text(e, t));
        }
        ui.separator();
        ui.label(
            egui::RichText::new(t.with(
                "review-folder",
                &[(
                    "folder",
                    logs_dir(&settings.data_dir).display().to_string().into(),
                )],
            ))
            .strong(),
        );
        if state.logs.is_empty() {
            ui.label(egui::RichText::new(t.get("review-none")).color(DIM));
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("review-logs")
                .num_columns(6)
                .striped(true)
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    for e in &state.logs {
                        if ui.button(t.get("review-open")).clicked() {
                            open.write(OpenReview(e.path.clone()));
                        }
                        if let Some(p) = &e.problem {
                            ui.colored_label(
                                ALARM,
                                format!("⚠ {}", t.get("review-unreadable-log")),
                            );
                            ui.label("");
                            ui.label("");
                            ui.label(
                                egui::RichText::new(log_error_text(p, t))
                                    .small()
                                    .color(ALARM),
                            );
                            ui.label("");
                            ui.end_row();
                            continue;
                        }
                        if e.verified {
                            ui.colored_label(GOOD, format!("✔ {}", t.get("review-ok")));
                        } else {
                            ui.colored_label(
                                ALARM,
                                format!("⚠ {}", t.get("review-untrusted-short")),
                            );
                        }
                        let title = catalog.index_of(&e.case_id).map_or_else(
                            || e.case_id.clone(),
                            |i| lang.case(i).get(&catalog.cases[i].case.scenario.title),
                        );
                        ui.label(egui::RichText::new(title).strong());
                        ui.label(&e.trainee);
                        ui.label(iso_timestamp(e.started_ms)[..16].replace('T', " "));
                        match e.score {
                            Some((percent, passed)) => {
                                let c = if passed { GOOD } else { ALARM };
                                ui.colored_label(
                                    c,
                                    format!("{percent}% · {}", t.get(verdict_id(passed))),
                                );
                            }
                            None => {
                                ui.colored_label(WARN, t.get("review-unfinished"));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    });
}

/// Who, when, which case; whether the log can be trusted; the tabs.
fn header(
    root: &mut egui::Ui,
    log: &OpenLog,
    catalog: &Catalog,
    t: &Texts,
    close: &mut MessageWriter<CloseReview>,
    tab: &mut ReviewTab,
    whatif: &mut MessageWriter<OpenWhatIf>,
) {
    let h = &log.log.header;
    egui::Panel::top("review-header").show(root, |ui| {
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            if ui.button(t.get("review-close")).clicked() {
                close.write(CloseReview);
            }
            // A finished session can be re-run with changes; an untrusted log is refused there,
            // with the reason.
            if let Some(case) = log.case
                && log.log.finished()
                && ui
                    .button(t.get("whatif-open"))
                    .on_hover_text(t.get("whatif-open-hint"))
                    .clicked()
            {
                whatif.write(OpenWhatIf {
                    case,
                    log: log.log.path.clone(),
                    back: Screen::Review,
                    edits: Vec::new(),
                });
            }
            let title = log.case.map_or_else(
                || h.scenario_id.clone(),
                |i| t.get(&catalog.cases[i].case.scenario.title),
            );
            ui.label(egui::RichText::new(title).strong().size(18.0));
            ui.label(
                egui::RichText::new(t.with(
                    "review-who",
                    &[
                        ("trainee", h.trainee.as_str().into()),
                        (
                            "started",
                            iso_timestamp(h.started_ms)[..19].replace('T', " ").into(),
                        ),
                        ("seed", h.seed.to_string().into()),
                        ("program", h.program.as_str().into()),
                    ],
                ))
                .color(DIM),
            );
        });
        ui.label(
            egui::RichText::new(log.log.path.display().to_string())
                .small()
                .monospace()
                .color(DIM),
        );
        trust_banner(ui, log, t);
        ui.horizontal(|ui| {
            ui.selectable_value(tab, ReviewTab::Replay, t.get("review-tab-replay"));
            ui.selectable_value(tab, ReviewTab::Debrief, t.get("review-tab-debrief"));
        });
        ui.add_space(2.0);
    });
}

/// The verification result, first and plain: green when the chain holds, a red frame naming
/// the first bad line when it does not. Then whether the replay reproduces the log.
fn trust_banner(ui: &mut egui::Ui, log: &OpenLog, t: &Texts) {
    match &log.log.trust {
        Trust::Verified => {
            ui.colored_label(
                GOOD,
                egui::RichText::new(t.with(
                    "review-verified",
                    &[("lines", FluentValue::from(log.log.lines))],
                ))
                .strong(),
            );
        }
        Trust::Untrusted(e) => {
            egui::Frame::new()
                .fill(egui::Color32::from_rgb(
                    UNTRUSTED_FILL[0],
                    UNTRUSTED_FILL[1],
                    UNTRUSTED_FILL[2],
                ))
                .stroke(egui::Stroke::new(2.0, ALARM))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let line = log
                        .log
                        .trust
                        .bad_line()
                        .map_or("?".into(), |l| l.to_string());
                    // An edited score line leaves the chain whole: say what is wrong instead.
                    let head = if log.log.trust.score_altered() {
                        "review-untrusted-score"
                    } else {
                        "review-untrusted"
                    };
                    ui.label(
                        egui::RichText::new(t.with(head, &[("line", line.into())]))
                            .color(egui::Color32::WHITE)
                            .strong()
                            .size(17.0),
                    );
                    ui.label(
                        egui::RichText::new(log_error_text(e, t))
                            .monospace()
                            .color(ALARM),
                    );
                    ui.label(
                        egui::RichText::new(t.get("review-untrusted-note"))
                            .color(egui::Color32::WHITE),
                    );
                    if !log.log.unreadable.is_empty() {
                        let lines: Vec<String> =
                            log.log.unreadable.iter().map(ToString::to_string).collect();
                        ui.label(
                            egui::RichText::new(
                                t.with("review-unreadable", &[("lines", lines.join(", ").into())]),
                            )
                            .color(WARN),
                        );
                    }
                });
        }
    }
    match (&log.replay, &log.no_replay) {
        (Some(r), _) => {
            if r.case_changed {
                ui.colored_label(WARN, t.get("review-case-changed"));
            }
            match r.diverges_at {
                Some(line) => ui.colored_label(
                    WARN,
                    t.with("review-diverges", &[("line", line.to_string().into())]),
                ),
                None => ui.colored_label(DIM, t.get("review-replays")),
            };
        }
        (None, Some(why)) => {
            ui.colored_label(
                WARN,
                t.with("review-no-replay", &[("reason", why.text(t).into())]),
            );
        }
        (None, None) => {}
    }
}

/// The scrubber, the decisions with their criteria, and the bedside as it was.
fn replay(
    root: &mut egui::Ui,
    log: &mut OpenLog,
    t: &Texts,
    locale: crate::i18n::Locale,
    seek: &mut MessageWriter<SeekReview>,
    play: &mut MessageWriter<PlayReview>,
) {
    let Some(r) = &log.replay else { return };
    let Some(sim) = &log.sim else { return };
    let end = r.end;
    let at = log.at;
    let times = r.decision_times();

    egui::Panel::top("review-scrubber").show(root, |ui| {
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(format!("⏱ {}", clock_text(at)))
                    .size(22.0)
                    .strong(),
            );
            ui.label(
                egui::RichText::new(t.with("review-of", &[("end", clock_text(end).into())]))
                    .color(DIM),
            );
            ui.separator();
            if ui
                .button("⏮")
                .on_hover_text(t.get("review-start"))
                .clicked()
            {
                seek.write(SeekReview(0));
            }
            let prev = times.iter().rev().find(|&&d| d < at).copied();
            if ui
                .add_enabled(prev.is_some(), egui::Button::new(t.get("review-prev")))
                .clicked()
            {
                seek.write(SeekReview(prev.unwrap_or(0)));
            }
            match log.playing {
                Some(_) => {
                    if ui.button(t.get("review-pause")).clicked() {
                        play.write(PlayReview(None));
                    }
                }
                None => {
                    if ui.button(t.get("review-play")).clicked() {
                        play.write(PlayReview(Some(PLAY_SPEEDS[2])));
                    }
                }
            }
            for s in PLAY_SPEEDS {
                if ui
                    .add(egui::Button::selectable(
                        log.playing == Some(s),
                        format!("{s}×"),
                    ))
                    .clicked()
                {
                    play.write(PlayReview(Some(s)));
                }
            }
            let next = times.iter().find(|&&d| d > at).copied();
            if ui
                .add_enabled(next.is_some(), egui::Button::new(t.get("review-next")))
                .clicked()
            {
                seek.write(SeekReview(next.unwrap_or(end)));
            }
            if ui.button("⏭").on_hover_text(t.get("review-end")).clicked() {
                seek.write(SeekReview(end));
            }
        });
        // The scrubber, with a tick under it for every decision.
        let mut pos = at;
        let w = ui.available_width() - 20.0;
        ui.spacing_mut().slider_width = w;
        let slider = ui.add(
            egui::Slider::new(&mut pos, 0..=end.max(1))
                .show_value(false)
                .custom_formatter(|v, _| clock_text(v as u64)),
        );
        if slider.changed() {
            seek.write(SeekReview(pos));
        }
        let rect = slider.rect;
        let painter = ui.painter();
        for d in &times {
            let x = rect.left() + rect.width() * (*d as f32 / end.max(1) as f32);
            painter.line_segment(
                [
                    egui::pos2(x, rect.bottom()),
                    egui::pos2(x, rect.bottom() + 6.0),
                ],
                (2.0, WARN),
            );
        }
        ui.add_space(6.0);
    });

    let case = r.case();
    egui::Panel::left("review-decisions")
        .default_size(360.0)
        .resizable(true)
        .show(root, |ui| {
            ui.heading(t.get("review-decisions"));
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (n, d) in r.decisions.iter().enumerate() {
                    let rec = &log.log.records[d.record];
                    let (order, refused) = match rec {
                        Record::Decision { order, .. } => (order, false),
                        Record::Refused { order, .. } => (order, true),
                        _ => continue,
                    };
                    let done = d.t <= at;
                    let current = done && r.decisions.get(n + 1).is_none_or(|nx| nx.t > at);
                    let frame = egui::Frame::group(ui.style()).stroke(if current {
                        egui::Stroke::new(2.0, WARN)
                    } else {
                        ui.style().visuals.widgets.noninteractive.bg_stroke
                    });
                    frame.show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let mut text = format!(
                            "{}. {}  {}",
                            n + 1,
                            clock_text(d.t),
                            order_text_with_route(case, order, t)
                        );
                        if refused {
                            text = format!("✖ {text} — {}", t.get("order-refused"));
                        }
                        let mut rt = egui::RichText::new(text);
                        if !done {
                            rt = rt.color(DIM);
                        } else if refused {
                            rt = rt.color(ALARM);
                        }
                        if ui
                            .add(egui::Button::new(rt).frame(false).wrap())
                            .on_hover_text(t.get("review-jump"))
                            .clicked()
                        {
                            seek.write(SeekReview(d.t));
                        }
                        ui.label(
                            egui::RichText::new(t.with(
                                "review-line",
                                &[("line", log.log.record_lines[d.record].to_string().into())],
                            ))
                            .small()
                            .color(DIM),
                        );
                        if d.criteria.is_empty() {
                            ui.label(
                                egui::RichText::new(t.get("review-no-criteria"))
                                    .small()
                                    .color(DIM),
                            );
                        }
                        for &k in &d.criteria {
                            let c = &r.rescored.criteria[k];
                            let (mark, color) = crate::app::widgets::status_mark(c.status);
                            ui.label(
                                egui::RichText::new(format!("{mark} {}", t.get(&c.feedback)))
                                    .small()
                                    .color(color),
                            );
                        }
                    });
                }
            });
        });

    egui::Panel::right("review-feed")
        .default_size(330.0)
        .resizable(true)
        .show(root, |ui| {
            crate::app::feed::feed(ui, sim, t, locale);
        });

    egui::CentralPanel::default().show(root, |ui| {
        monitor::show(ui, &log.monitor, sim, t, locale, true);
        ui.add_space(4.0);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.label(egui::RichText::new(t.get("trend-vitals")).strong());
            trends::vitals(ui, "review-vitals", sim, t, locale, 200.0);
            ui.label(egui::RichText::new(t.get("trend-labs")).strong());
            trends::labs(ui, "review-labs", sim, t, locale);
        });
    });
}

/// The debrief as it was scored when the session ended (and, when re-scoring now gives
/// something else, that too).
fn debrief(root: &mut egui::Ui, log: &OpenLog, catalog: &Catalog, t: &Texts) {
    egui::CentralPanel::default().show(root, |ui| {
        let rescored = log.replay.as_ref().map(|r| &r.rescored);
        let Some(loaded) = log.case.and_then(|i| catalog.cases.get(i)) else {
            match &log.log.score {
                Some(s) => ui.label(format!("{}% · {}", s.percent, t.get(verdict_id(s.passed)))),
                None => ui.label(t.get("review-unfinished")),
            };
            return;
        };
        let shown = match (&log.log.score, rescored) {
            // The score line was altered: never show it as the session's result.
            (Some(_), Some(r)) if log.log.trust.score_altered() => {
                ui.colored_label(ALARM, t.get("review-rederived"));
                r
            }
            (Some(s), _) => {
                ui.label(egui::RichText::new(t.get("review-as-scored")).color(DIM));
                s
            }
            (None, Some(r)) => {
                ui.colored_label(WARN, t.get("review-not-finished"));
                r
            }
            (None, None) => {
                ui.label(t.get("review-unfinished"));
                return;
            }
        };
        super::debrief::verdict(ui, shown, loaded, t);
        if let (Some(logged), Some(now)) = (&log.log.score, rescored)
            && logged != now
        {
            ui.colored_label(
                WARN,
                t.with(
                    "review-rescore-differs",
                    &[
                        ("percent", FluentValue::from(now.percent)),
                        ("verdict", t.get(verdict_id(now.passed)).into()),
                    ],
                ),
            );
        }
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(t.get("debrief-criteria"));
            super::debrief::criteria(ui, shown, &loaded.case, t);
        });
    });
}

/// Without a replay (the case is missing or cannot replay the log): the records as logged.
fn raw_records(root: &mut egui::Ui, log: &OpenLog, t: &Texts) {
    egui::CentralPanel::default().show(root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (r, line) in log.log.records.iter().zip(&log.log.record_lines) {
                let text = serde_json::to_string(r).unwrap_or_default();
                ui.label(
                    egui::RichText::new(format!(
                        "{}  {}  {text}",
                        t.with("review-line", &[("line", line.to_string().into())]),
                        clock_text(r.t())
                    ))
                    .monospace()
                    .small(),
                );
            }
        });
    });
}
