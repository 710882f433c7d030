//! Keeping the CPU idle when nothing moves: menus, the debrief, a paused case and a review that
//! is not playing redraw only on input; a running case or a playing replay redraws continuously
//! because the monitor animates.
//!
//! bevy_egui 0.42 feeds egui a `ModifiersChanged` event every frame, which egui treats as input
//! and answers with another repaint, so a reactive window never sleeps. Dropping the event when
//! the modifiers did not change fixes that (measured in the build notes: 0 % idle CPU).

use bevy::prelude::*;
use std::time::Duration;

use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiContext, EguiInput, EguiPreUpdateSet, egui};

use super::automation::Automation;
use super::flow::{LOG_RETRY, LogSaving, clock_on};
use super::hot_reload::HotReload;
use super::lrs::LrsSync;
use super::review::ReviewState;
use super::state::{Active, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        drop_redundant_modifiers
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    )
    .add_systems(Update, choose_update_mode);
}

fn drop_redundant_modifiers(mut q: Query<(&mut EguiInput, &mut EguiContext)>) {
    for (mut input, mut ctx) in &mut q {
        let cur = ctx.get_mut().input(|i| i.modifiers);
        input
            .events
            .retain(|e| !matches!(e, egui::Event::ModifiersChanged(m) if *m == cur));
    }
}

/// Continuous redraw while the case clock runs (or an automated run needs every frame);
/// reactive otherwise.
fn choose_update_mode(world: &mut World) {
    let automated = world
        .get_resource::<Automation>()
        .is_some_and(Automation::wants_continuous);
    let in_case = world
        .get_resource::<State<Screen>>()
        .is_some_and(|s| *s.get() == Screen::Case);
    // The clock is on even while it waits for the log to reach the disk: the monitor animates.
    let running = in_case && world.run_system_cached(clock_on).unwrap_or(false);
    // Lines on their way to the disk: look for the writer's report often, so that a held clock
    // or a waiting skip goes on as soon as they are there.
    // After a failed write, wake for the next try only.
    let saving = world
        .get_resource::<Active>()
        .is_some_and(|a| a.session.unsaved_lines() > 0);
    let failed = world
        .get_resource::<LogSaving>()
        .is_some_and(LogSaving::failed);
    let replaying = world
        .get_resource::<State<Screen>>()
        .is_some_and(|s| *s.get() == Screen::Review)
        && world
            .get_resource::<ReviewState>()
            .and_then(|r| r.open.as_ref())
            .is_some_and(|o| o.playing.is_some());
    // In instructor mode an open case must notice saved files even while nothing moves on
    // screen: wake once a second for the hot-reload poll (which redraws what changed).
    let watching = in_case && world.contains_resource::<HotReload>();
    // A delivery to the LRS runs on a thread: look for its report a few times a second.
    let delivering = world.get_resource::<LrsSync>().is_some_and(LrsSync::busy);
    let want = if running || replaying || automated {
        WinitSettings::continuous()
    } else if saving || delivering {
        let soon = UpdateMode::reactive(match (saving, failed) {
            (true, false) => Duration::from_millis(20),
            (true, true) => LOG_RETRY,
            _ => Duration::from_millis(250),
        });
        WinitSettings {
            focused_mode: soon,
            unfocused_mode: soon,
        }
    } else if watching {
        let every_second = UpdateMode::reactive(Duration::from_secs(1));
        WinitSettings {
            focused_mode: every_second,
            unfocused_mode: every_second,
        }
    } else {
        WinitSettings::desktop_app()
    };
    let mut settings = world.resource_mut::<WinitSettings>();
    if settings.focused_mode != want.focused_mode || settings.unfocused_mode != want.unfocused_mode
    {
        *settings = want;
    }
}
