//! The trainee's desktop app: Bevy for the window and the clock, egui for the screens.
//!
//! It wraps the core and owns no clinical logic: cases, orders, physiology, scoring and the log
//! all come from `scenario`, `session`, `sim` and `rubric`, and every word from `wording`. The
//! logic half ([`LogicPlugins`]: `state`, `flow`, `review`, `lrs`, `hot_reload`) is plain Bevy
//! resources, messages and fixed-step systems, so tests drive it headlessly with
//! `MinimalPlugins`; the egui half (`screens`) only reads resources and writes messages.
//!
//! The wiring runs one way: each plugin registers only itself, and depends on `state` (the shared
//! resources), never on a sibling that registers it.

pub mod automation;
pub mod catalog;
mod egui_shader;
mod feed;
pub mod flow;
pub mod fonts;
pub mod glyphs;
pub mod hot_reload;
mod idle;
pub mod lrs;
mod memory;
mod monitor;
pub mod progress;
pub mod review;
pub mod screens;
pub mod state;
mod trends;
pub mod whatif;
mod whatif_plot;
mod widgets;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

use crate::i18n::Locale;

pub use automation::Automation;
pub use state::Screen;

/// How the app is started (`bedside` flags).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Folder of cases to offer.
    pub cases: PathBuf,
    /// Where logs go; `None`: the platform's data folder.
    pub data_dir: Option<PathBuf>,
    pub locale: Locale,
    /// Instructor mode: the open case reloads when its files change (`--instructor`).
    pub instructor: bool,
    /// Open this log on the Review screen (`--review`).
    pub review: Option<PathBuf>,
    /// The hospital new sessions' logs name (`--hospital`, already checked), over the LRS
    /// setting's.
    pub hospital: Option<String>,
    /// Screenshot, autoplay and frame-time modes (tests and measurements).
    pub automation: Automation,
}

/// The app's logic, without drawing: the shared state, the session's flow, the Review screen's
/// logic, the LRS delivery, and with `--instructor` the hot reload. The window (`run`) and the
/// headless tests add this same group.
pub struct LogicPlugins {
    options: Options,
}

impl LogicPlugins {
    pub fn new(options: Options) -> LogicPlugins {
        LogicPlugins { options }
    }
}

impl PluginGroup for LogicPlugins {
    fn build(self) -> PluginGroupBuilder {
        let o = self.options;
        let instructor = o.instructor;
        let at_startup = o.review.clone();
        let group = PluginGroupBuilder::start::<Self>()
            .add(state::StatePlugin::new(o))
            .add(flow::FlowPlugin)
            .add(review::ReviewPlugin { at_startup })
            .add(lrs::plugin)
            .add(whatif::plugin)
            .add(progress::plugin);
        if instructor {
            group.add(hot_reload::plugin)
        } else {
            group
        }
    }
}

/// The platform's data folder for logs (`~/.local/share/bedside` on Linux).
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("org", "Bedside", "bedside")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("bedside-data"))
}

/// The colour of egui's dark panels, which the window is cleared to.
const PANEL: bevy_egui::egui::Color32 = bevy_egui::egui::Color32::from_gray(27);

/// When the process started, for the first-frame figure.
#[derive(Resource, Clone, Copy)]
pub struct Started(pub Instant);

/// How long after the start the app was built (plugins added, before its first update): the
/// first part of the first-frame figure. With it, what the process had used by then (Linux), so
/// that a slow start says whether it computed, waited for the disk or waited for a CPU.
#[derive(Resource, Clone, Copy)]
pub struct Built(pub std::time::Duration, pub Option<automation::ProcStats>);

/// Opens the window and runs until it is closed.
pub fn run(options: Options) -> Result<ExitCode> {
    let started = Instant::now();
    memory::keep_freed_memory();
    let bench = options.automation.bench_frames.is_some();
    let mut app = App::new();
    app.insert_resource(Started(started))
        .insert_resource(options.automation.clone())
        .add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "Bedside".into(),
                        resolution: WindowResolution::new(1280, 800),
                        ..default()
                    }),
                    // The close button asks the flow (`flow::Leaving`), which exits once the
                    // session's log is on disk, or asks if writing it failed.
                    close_when_requested: false,
                    ..default()
                })
                .set(bevy::log::LogPlugin {
                    filter: "wgpu=error,naga=warn,bevy_render=warn,bevy_winit=warn".into(),
                    ..default()
                }),
        )
        .insert_resource(if bench {
            WinitSettings::continuous()
        } else {
            WinitSettings::desktop_app()
        })
        // egui's dark panel colour: panels are left unfilled and the clear shows through
        // (see `fonts::style_once`).
        .insert_resource(ClearColor(Color::srgb_u8(PANEL.r(), PANEL.g(), PANEL.b())))
        .add_plugins(EguiPlugin::default())
        // bevy_egui writes new glyphs into its font atlas (an `Image` asset) in `PostUpdate`,
        // unordered with the system that turns asset changes into `AssetEvent`s there. When the
        // events went first, the atlas reached the renderer a frame late, and that frame drew
        // every newly rasterised glyph blank: a monitor numeric going from 97 to 99 showed "9"
        // for a frame (9 of 21 atlas updates late in a 600-frame run of the case screen;
        // `--bench-frames` counts them). Textures first, then the events: the frame that uses a
        // glyph uploads it.
        .configure_sets(
            PostUpdate,
            bevy_egui::EguiPostUpdateSet::PostProcessOutput.before(bevy::asset::AssetEventSystems),
        )
        .add_plugins(LogicPlugins::new(options.clone()))
        .add_plugins((
            fonts::plugin,
            egui_shader::plugin,
            idle::plugin,
            screens::plugin,
            automation::plugin,
        ))
        .add_systems(Startup, |mut commands: Commands| {
            // Nothing is drawn in 3D or 2D, only egui over the cleared window: no multisampling.
            commands.spawn((Camera2d, Msaa::Off));
        });
    app.insert_resource(Built(started.elapsed(), automation::ProcStats::now()));
    match app.run() {
        AppExit::Success => Ok(ExitCode::SUCCESS),
        AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}
