//! Automated runs for tests and measurements: go to a screen, optionally play a case's golden
//! path at high speed, then take a screenshot and exit (`--screenshot`), or measure frame times
//! on the case screen (`--bench-frames`).
//!
//! Autoplay places the golden path's orders through the same `LiveSession` the trainee's clicks
//! reach, so the debrief it captures, and the log it leaves, are those of a real session.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

use super::catalog::{Catalog, Lang};
use super::flow::{OpenCase, SetSpeed, SimClock, Speed, StartCase};
use super::lrs::LrsDialog;
use super::progress::OpenProgress;
use super::review::{ReviewLogs, ReviewState, ReviewTab};
use super::state::{Active, Screen, Settings};
use super::whatif::{EditWhatIf, OpenWhatIf};
use super::{Built, Started};
use crate::scenario::Case;
use crate::scenario::model::GoldenPath;
use crate::sim::Order;

/// What an automated run does (all off for a trainee).
#[derive(Resource, Debug, Clone, Default)]
pub struct Automation {
    /// Save a screenshot of `screen` here, then exit.
    pub screenshot: Option<PathBuf>,
    /// The screen to reach.
    pub screen: Option<Screen>,
    /// Case id (default: the first case).
    pub case: Option<String>,
    /// Golden path to play (default for the debrief: the case's first).
    pub autoplay: Option<String>,
    /// On the case screen, stop playing at this simulated second.
    pub until: Option<u64>,
    /// Frames to wait on the screen before the shot.
    pub frames: u32,
    /// Measure this many frames on the case screen, print the figures, exit.
    pub bench_frames: Option<u32>,
    /// Leave the case clock paused on the case screen (idle-CPU measurement).
    pub paused: bool,
    /// On the Review screen, show the debrief tab.
    pub review_debrief: bool,
    /// On the library, open the LRS dialog.
    pub lrs_dialog: bool,
    /// On the what-if view, the changes to the autoplayed session.
    pub what_if: Vec<crate::whatif::Edit>,
}

impl Automation {
    /// Whether the run needs every frame drawn (no idling).
    pub fn wants_continuous(&self) -> bool {
        self.screenshot.is_some() || self.bench_frames.is_some()
    }
    fn target(&self) -> Option<Screen> {
        match (self.screen, self.bench_frames) {
            (Some(s), _) => Some(s),
            (None, Some(_)) => Some(Screen::Case),
            (None, None) => self.screenshot.as_ref().map(|_| Screen::Library),
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, drive.run_if(resource_exists::<Automation>))
        .init_resource::<FirstFrame>()
        .add_systems(First, first_frame.run_if(resource_exists::<Automation>))
        .init_resource::<AtlasUploads>()
        .add_systems(
            PostUpdate,
            see_texture_delta
                .run_if(resource_exists::<Automation>)
                .in_set(bevy_egui::EguiPostUpdateSet::ProcessOutput)
                .after(bevy_egui::output::process_output_system),
        )
        .add_systems(
            Last,
            (count_texture_uploads, bench)
                .chain()
                .run_if(resource_exists::<Automation>),
        );
}

/// Frames in which egui changed its textures (new glyphs in the font atlas), and how many of
/// those changes reached the renderer only a frame later — a frame that draws the new glyphs
/// blank. `mod.rs` orders bevy_egui's texture update before the asset events that carry it to
/// the renderer; `.ci/app-tests` checks that `late` stays 0.
#[derive(Resource, Default)]
struct AtlasUploads {
    /// egui handed over texture changes this frame.
    this_frame: bool,
    frames: u32,
    late: u32,
}

fn see_texture_delta(
    outputs: Query<&bevy_egui::EguiRenderOutput>,
    mut uploads: ResMut<AtlasUploads>,
) {
    uploads.this_frame = outputs.iter().any(|o| !o.textures_delta.set.is_empty());
}

/// Runs in `Last`, after `PostUpdate` wrote this frame's asset events: a texture change with no
/// image event this frame reaches the renderer next frame.
fn count_texture_uploads(
    mut events: MessageReader<AssetEvent<Image>>,
    mut uploads: ResMut<AtlasUploads>,
) {
    let sent = events
        .read()
        .any(|e| matches!(e, AssetEvent::Added { .. } | AssetEvent::Modified { .. }));
    if std::mem::take(&mut uploads.this_frame) {
        uploads.frames += 1;
        if !sent {
            uploads.late += 1;
        }
    }
}

#[derive(Default, Debug, PartialEq)]
enum Stage {
    #[default]
    Begin,
    Briefing,
    Playing(usize),
    Reviewing,
    /// The debrief reached: open the what-if once the log is on disk.
    WhatIf,
    Settle(u32),
    Done,
}

/// The golden path autoplay plays: the one named, or for the debrief the case's first.
fn golden_path<'a>(case: &'a Case, auto: &Automation, target: Screen) -> Option<&'a GoldenPath> {
    match &auto.autoplay {
        Some(id) => case.scenario.golden_path(id),
        None if matches!(target, Screen::Debrief | Screen::WhatIf) => {
            case.scenario.golden_paths.first()
        }
        None => None,
    }
}

/// What the run looks at: the cases, their texts (for missing messages) and the screen shown.
#[derive(SystemParam)]
struct Seen<'w> {
    catalog: Res<'w, Catalog>,
    lang: Res<'w, Lang>,
    state: Res<'w, State<Screen>>,
}

/// What the run sends: the messages a trainee's clicks would, the screen to go to, the
/// screenshot, and the exit.
#[derive(SystemParam)]
struct Steer<'w, 's> {
    open: MessageWriter<'w, OpenCase>,
    start: MessageWriter<'w, StartCase>,
    speed: MessageWriter<'w, SetSpeed>,
    review_logs: MessageWriter<'w, ReviewLogs>,
    lrs: MessageWriter<'w, LrsDialog>,
    whatif: MessageWriter<'w, OpenWhatIf>,
    expert: MessageWriter<'w, EditWhatIf>,
    progress: MessageWriter<'w, OpenProgress>,
    next: ResMut<'w, NextState<Screen>>,
    commands: Commands<'w, 's>,
    exit: MessageWriter<'w, AppExit>,
}

fn drive(
    auto: Res<Automation>,
    mut stage: Local<Stage>,
    seen: Seen,
    mut settings: ResMut<Settings>,
    active: Option<ResMut<Active>>,
    mut review: ResMut<ReviewState>,
    steer: Steer,
) {
    let Seen {
        catalog,
        lang,
        state,
    } = seen;
    let Steer {
        mut open,
        mut start,
        mut speed,
        mut review_logs,
        mut lrs,
        mut whatif,
        mut expert,
        mut progress,
        mut next,
        mut commands,
        mut exit,
    } = steer;
    let Some(target) = auto.target() else { return };
    let case_index = || match &auto.case {
        Some(id) => catalog.index_of(id),
        None => (!catalog.cases.is_empty()).then_some(0),
    };
    match *stage {
        Stage::Begin => match target {
            Screen::Library => {
                if auto.lrs_dialog {
                    lrs.write(LrsDialog::Open);
                }
                *stage = Stage::Settle(0);
            }
            Screen::Glyphs => {
                next.set(Screen::Glyphs);
                *stage = Stage::Settle(0);
            }
            Screen::Progress => {
                progress.write(OpenProgress);
                *stage = Stage::Settle(0);
            }
            Screen::Review => {
                // With --review the log opens at startup; without it, the list of logs.
                if review.open.is_none() && review.error.is_none() {
                    review_logs.write(ReviewLogs);
                }
                *stage = Stage::Reviewing;
            }
            _ => {
                let Some(i) = case_index() else {
                    error!("no case to show (case {:?} not in the library)", auto.case);
                    exit.write(AppExit::from_code(2));
                    *stage = Stage::Done;
                    return;
                };
                if settings.trainee_given().is_none() {
                    settings.trainee = "autoplay".into();
                }
                open.write(OpenCase(i));
                *stage = Stage::Briefing;
            }
        },
        Stage::Briefing => {
            if *state.get() != Screen::Briefing {
                return;
            }
            if target == Screen::Briefing {
                *stage = Stage::Settle(0);
            } else {
                let case = settings.selected.and_then(|i| catalog.cases.get(i));
                let seed = case
                    .and_then(|l| golden_path(&l.case, &auto, target))
                    .map(|g| g.seed);
                start.write(StartCase { seed });
                *stage = Stage::Playing(0);
            }
        }
        Stage::Playing(step) => {
            let Some(mut active) = active else { return };
            if *state.get() == Screen::Debrief {
                *stage = if target == Screen::WhatIf {
                    Stage::WhatIf
                } else {
                    Stage::Settle(0)
                };
                return;
            }
            let case = Arc::clone(active.session.sim.case());
            let golden = golden_path(&case, &auto, target);
            let script = golden.map(|g| g.script()).unwrap_or_default();
            let s = &mut active.session;
            // As the trainee's clock does, each step waits for the log to be on disk.
            if s.unsaved_lines() > 0 {
                return;
            }
            let limit = auto.until.unwrap_or(u64::MAX);
            if let Some(st) = script.steps.get(step).filter(|st| st.at.secs() <= limit) {
                if !s.sim.is_over() {
                    let _ = s.advance(st.at.secs().saturating_sub(s.sim.now()));
                    let _ = s.apply(&Order::from_step(st));
                }
                *stage = Stage::Playing(step + 1);
                return;
            }
            match target {
                Screen::Debrief | Screen::WhatIf => {
                    // Play on at 10 simulated minutes a frame, to the end or the scripted end.
                    let end_at = script.end_at.map(|d| d.secs());
                    let stop = end_at.unwrap_or(case.scenario.time_limit.secs());
                    let dt = stop.saturating_sub(s.sim.now()).min(600);
                    let _ = s.advance(dt);
                    if !s.sim.is_over() && end_at.is_some_and(|e| s.sim.now() >= e) {
                        let _ = s.end();
                    }
                }
                _ => {
                    if let Some(u) = auto.until {
                        let _ = s.advance(u.saturating_sub(s.sim.now()));
                    }
                    if !auto.paused {
                        speed.write(SetSpeed(Speed::X1));
                    }
                    *stage = Stage::Settle(0);
                }
            }
        }
        Stage::WhatIf => {
            let Some(active) = active else { return };
            if active.session.unsaved_lines() > 0 {
                return;
            }
            if let Some(log) = active.session.log_path() {
                whatif.write(OpenWhatIf {
                    case: active.case,
                    log: log.to_path_buf(),
                    back: Screen::Debrief,
                    edits: auto.what_if.clone(),
                });
                // The screenshots show the expert's patient too (the view's toggle).
                expert.write(EditWhatIf::Expert(true));
            }
            *stage = Stage::Settle(0);
        }
        Stage::Reviewing => {
            if *state.get() != Screen::Review {
                return;
            }
            if let Some(open) = &mut review.open {
                if let Some(u) = auto.until {
                    open.jump(u);
                }
                if auto.review_debrief {
                    open.tab = ReviewTab::Debrief;
                }
            }
            *stage = Stage::Settle(0);
        }
        Stage::Settle(n) => {
            if target == Screen::Case && *state.get() == Screen::Debrief {
                error!(
                    "the case ended before the case screen could be captured: use an earlier --until"
                );
                exit.write(AppExit::from_code(1));
                *stage = Stage::Done;
                return;
            }
            if *state.get() != target {
                return;
            }
            if n < auto.frames.max(3) {
                *stage = Stage::Settle(n + 1);
                return;
            }
            // A message missing from every bundle shows as ⟨id⟩: fail the run, after the shot.
            let missing = lang.missing();
            let code = if missing.is_empty() {
                AppExit::Success
            } else {
                eprintln!("missing messages: {}", missing.join(", "));
                AppExit::from_code(3)
            };
            if let Some(path) = &auto.screenshot {
                commands
                    .spawn(Screenshot::primary_window())
                    .observe(save_to_disk(path.clone()))
                    .observe(
                        move |_: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                            exit.write(code.clone());
                        },
                    );
            }
            *stage = Stage::Done;
        }
        Stage::Done => {}
    }
}

/// Time from process start until the first complete frame was on screen: taken when frame 3
/// begins, since egui lays text out on frame 1 and draws it complete from frame 2. With it, when
/// the app was built and frames 1 and 2 began, so that a slow start shows where it was slow.
#[derive(Resource, Default)]
struct FirstFrame(Vec<Duration>);

fn first_frame(started: Option<Res<Started>>, mut first: ResMut<FirstFrame>) {
    if first.0.len() < 3 {
        let d = started.map_or(Duration::ZERO, |s| s.0.elapsed());
        first.0.push(d);
    }
}

/// Frame-time figures on the case screen.
#[derive(Default)]
struct Bench {
    frames: Vec<f64>,
    /// Process CPU seconds when measuring began.
    cpu_start: Option<f64>,
}

/// What this process has used so far, from Linux's `/proc`: where the time of a slow start went.
#[derive(Debug, Clone, Copy)]
pub struct ProcStats {
    /// CPU time in user and in system mode, all threads (those ended included), ms.
    user_ms: u64,
    sys_ms: u64,
    /// The main thread's time on a CPU and waiting for one (runnable, not running), ms.
    main_run_ms: u64,
    main_runnable_ms: u64,
    /// Page faults that had to read from the disk, and bytes read from storage.
    major_faults: u64,
    disk_read: u64,
}

impl ProcStats {
    /// CPU time (user + system, all threads, the software renderer's included), in seconds.
    /// Unlike frame times it hardly depends on what else the machine runs.
    fn cpu_secs(&self) -> f64 {
        (self.user_ms + self.sys_ms) as f64 / 1000.0
    }

    pub fn now() -> Option<ProcStats> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the command name (which is in parentheses and may hold spaces).
        let f: Vec<&str> = stat[stat.rfind(')')? + 2..].split_whitespace().collect();
        let field = |i: usize| f.get(i)?.parse::<u64>().ok();
        // USER_HZ: 100 on every Linux architecture Bedside runs on.
        let (user_ms, sys_ms) = (field(11)? * 10, field(12)? * 10);
        let main =
            std::fs::read_to_string(format!("/proc/self/task/{}/schedstat", std::process::id()))
                .ok()?;
        let mut ns = main.split_whitespace().map(|v| v.parse::<u64>().ok());
        let (run, runnable) = (ns.next()??, ns.next()??);
        let io = std::fs::read_to_string("/proc/self/io").ok()?;
        let disk_read = io
            .lines()
            .find_map(|l| l.strip_prefix("read_bytes:"))?
            .trim()
            .parse()
            .ok()?;
        Some(ProcStats {
            user_ms,
            sys_ms,
            main_run_ms: run / 1_000_000,
            main_runnable_ms: runnable / 1_000_000,
            major_faults: field(9)?,
            disk_read,
        })
    }
}

impl std::fmt::Display for ProcStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CPU {} ms user + {} ms system (all threads); main thread {} ms on a CPU, {} ms waiting for one; {} major page faults, {:.1} MB read from disk",
            self.user_ms,
            self.sys_ms,
            self.main_run_ms,
            self.main_runnable_ms,
            self.major_faults,
            self.disk_read as f64 / 1e6
        )
    }
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// Where the measured screen stands: shown, and on the case screen with its clock running.
#[derive(SystemParam)]
struct Measured<'w> {
    state: Res<'w, State<Screen>>,
    active: Option<Res<'w, Active>>,
    clock: Res<'w, SimClock>,
}

/// What the report prints beside the frame times: the start-up figures, the renderer and the
/// font atlas's uploads.
#[derive(SystemParam)]
struct Figures<'w> {
    first: Option<Res<'w, FirstFrame>>,
    built: Option<Res<'w, Built>>,
    adapter: Option<Res<'w, RenderAdapterInfo>>,
    uploads: Res<'w, AtlasUploads>,
}

fn bench(
    auto: Res<Automation>,
    time: Res<Time<Real>>,
    measured: Measured,
    figures: Figures,
    mut b: Local<Bench>,
    mut exit: MessageWriter<AppExit>,
) {
    let Measured {
        state,
        active,
        clock,
    } = measured;
    let Figures {
        first,
        built,
        adapter,
        uploads,
    } = figures;
    let Some(n) = auto.bench_frames else { return };
    let on = auto.target().unwrap_or(Screen::Case);
    // On the case screen, measure once the clock runs (after any autoplay).
    let running = clock.speed != Speed::Paused && active.is_some();
    if *state.get() != on || (on == Screen::Case && !running) {
        return;
    }
    b.frames.push(time.delta_secs_f64() * 1000.0);
    if b.frames.len() == 1 {
        b.cpu_start = ProcStats::now().map(|s| s.cpu_secs());
    }
    if b.frames.len() as u32 == n + 1 {
        let cpu = b
            .cpu_start
            .zip(ProcStats::now().map(|s| s.cpu_secs()))
            .map(|(a, z)| (z - a) * 1000.0 / f64::from(n));
        // The first frame on the case screen includes building it: leave it out.
        let mut sorted: Vec<f64> = b.frames[1..].to_vec();
        sorted.sort_by(f64::total_cmp);
        let mean = sorted.iter().sum::<f64>() / sorted.len() as f64;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let starts = first.map(|f| f.0.clone()).unwrap_or_default();
        println!(
            "first frame: {:.0} ms (app built at {:.0} ms; frames 1 and 2 began at {} ms)\nused until the app was built: {}\nframes measured: {n} on the {on:?} screen\nframe time p50: {:.1} ms, p95: {:.1} ms, mean: {:.1} ms ({:.0} fps)\nCPU time per frame (all threads): {}\npeak RSS: {}\nrenderer: {}\negui texture updates: {} frames, {} of them reaching the renderer a frame late",
            starts.get(2).copied().map_or(0.0, ms),
            built.as_ref().map_or(0.0, |b| ms(b.0)),
            starts
                .iter()
                .take(2)
                .map(|d| format!("{:.0}", ms(*d)))
                .collect::<Vec<_>>()
                .join(" and "),
            built
                .and_then(|b| b.1)
                .map_or_else(|| "unknown".into(), |s| s.to_string()),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.95),
            mean,
            1000.0 / mean,
            cpu.map_or_else(|| "unknown".into(), |c| format!("{c:.1} ms")),
            peak_rss_mb().map_or_else(|| "unknown".into(), |m| format!("{m:.0} MB")),
            // Which rasteriser drew the frames, e.g. "llvmpipe (LLVM 15.0.6, 256 bits) (Vulkan),
            // Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6)": two Mesa releases differ by a third here.
            adapter.map_or_else(
                || "unknown".into(),
                |a| format!("{} ({:?}), {}", a.name, a.backend, a.driver_info)
            ),
            uploads.frames,
            uploads.late,
        );
        exit.write(AppExit::Success);
    }
}
