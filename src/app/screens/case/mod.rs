//! The case: patient header, bedside monitor, trends, actions by group with the order dialog,
//! orders and results, the event feed, and the clock. One file per part of the screen: the
//! header with the clock (`header`), the actions (`actions`), the monitor and trends
//! (`monitor_panel`) and the dialogs (`order_dialog`); the feed is shared with the Review screen
//! (`crate::app::feed`).

mod actions;
mod header;
mod monitor_panel;
mod order_dialog;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

use super::ScreenCtx;
use crate::app::feed::feed;
use crate::app::flow::{EndCase, LogSaving, PlaceOrder, SetSpeed, SimClock, SkipToNext, Speed};
use crate::app::hot_reload::HotReload;
use crate::app::monitor::Monitor;
use crate::app::state::{Active, Dialogs, Feedback, Screen};
use crate::i18n::{Locale, Texts};
use crate::scenario::Case;
use crate::sim::Simulation;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Monitor>()
        .add_systems(OnEnter(Screen::Case), |mut m: ResMut<Monitor>| {
            *m = Monitor::default();
        })
        .add_systems(Update, animate_monitor.run_if(in_state(Screen::Case)))
        .add_systems(
            EguiPrimaryContextPass,
            case_ui.run_if(in_state(Screen::Case).and_then(resource_exists::<Active>)),
        );
}

fn animate_monitor(
    time: Res<Time<Real>>,
    mut monitor: ResMut<Monitor>,
    active: Option<Res<Active>>,
    clock: Res<SimClock>,
    dialogs: Res<Dialogs>,
) {
    let Some(active) = active else { return };
    let runs = clock.speed != Speed::Paused && dialogs.0.is_none() && !active.session.sim.is_over();
    if !runs && monitor.primed {
        return;
    }
    let sim = &active.session.sim;
    let hr = sim.value("hr").unwrap_or(0.0);
    let perfused = sim.value("sbp").unwrap_or(0.0) > 40.0;
    monitor.advance(time.delta_secs_f64(), hr, perfused);
}

/// What the case screen reads besides every screen's set-up.
#[derive(SystemParam)]
struct CaseView<'w> {
    active: Res<'w, Active>,
    clock: Res<'w, SimClock>,
    dialogs: ResMut<'w, Dialogs>,
    monitor: Res<'w, Monitor>,
    time: Res<'w, Time<Real>>,
    saving: Res<'w, LogSaving>,
    hot: Option<Res<'w, HotReload>>,
}

/// What the case screen sends: orders, the clock's controls, the end of the case.
#[derive(SystemParam)]
struct CaseSend<'w> {
    orders: MessageWriter<'w, PlaceOrder>,
    speed: MessageWriter<'w, SetSpeed>,
    skip: MessageWriter<'w, SkipToNext>,
    end: MessageWriter<'w, EndCase>,
}

/// What every part of the case screen reads, gathered once a frame.
#[derive(Clone, Copy)]
struct Shown<'a> {
    case: &'a Case,
    sim: &'a Simulation,
    t: &'a Texts,
    locale: Locale,
    over: bool,
    clock: &'a SimClock,
    feedback: &'a Feedback,
    monitor: &'a Monitor,
    /// The monitor's alarm flash is lit this frame.
    flash_on: bool,
    /// Lines of the log have waited long enough for the trainee to be told.
    saving_slow: bool,
    hot: Option<&'a HotReload>,
}

fn case_ui(mut screen: ScreenCtx, view: CaseView, mut send: CaseSend) -> Result {
    let (ctx, mut root) = screen.begin()?;
    let CaseView {
        active,
        clock,
        mut dialogs,
        monitor,
        time,
        saving,
        hot,
    } = view;
    let lang = &screen.lang;
    let sim = &active.session.sim;
    let over = sim.is_over();
    let runs = clock.speed != Speed::Paused && dialogs.0.is_none() && !over;
    let s = Shown {
        case: sim.case(),
        sim,
        t: lang.case(active.case),
        locale: lang.locale,
        over,
        clock: &clock,
        feedback: &screen.feedback,
        monitor: &monitor,
        // Blink only while the clock runs: a stopped screen must not need redraws.
        flash_on: !runs || (time.elapsed_secs_f64() * 2.0).fract() < 0.5,
        saving_slow: saving.slow(time.elapsed()),
        hot: hot.as_deref(),
    };

    // Header: patient and clock.
    header::show(&mut root, s, &mut dialogs, &mut send);

    // Left: actions by group.
    actions::show(&mut root, s, &mut dialogs, &mut send);

    // Right: orders, results, events.
    egui::Panel::right("case-feed")
        .default_size(330.0)
        .resizable(true)
        .show(&mut root, |ui| {
            feed(ui, sim, s.t, s.locale);
        });

    // Centre: monitor and trends.
    monitor_panel::show(&mut root, s);

    order_dialog::show(&ctx, s, &mut dialogs, &mut send);
    Ok(())
}
