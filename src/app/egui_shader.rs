//! A cheaper egui fragment shader where a CPU rasterises the frames.
//!
//! Under Mesa's lavapipe the fragment stage of bevy_egui's shader is about a third of the app's
//! CPU per frame on the case screen: six `pow`s per pixel for an sRGB round trip. On a software
//! renderer Bevy swaps in `egui_software.wgsl` under bevy_egui's shader handle: same bindings,
//! same vertex stage, the same picture to within one 8-bit level (the reasons are at the top of
//! the .wgsl), measured A/B in docs/app.md. GPUs keep bevy_egui's shader.
//!
//! The shortcut assumes every texture egui draws is its font atlas (premultiplied white). Bedside
//! draws no images: it loads none into egui and registers none with bevy_egui's
//! `EguiUserTextures`. [`guard`] puts bevy_egui's shader back, for good, the first frame egui holds
//! any other texture, and says so in the log, which `.ci/app-tests` checks for after every run.
//! `BEDSIDE_EGUI_SHADER=reference` keeps bevy_egui's shader (for comparing screenshots, as
//! `.ci/app-tests` does).

use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;
use bevy::shader::Shader;
use bevy_egui::EguiContexts;
use bevy_egui::egui::TextureId;
use bevy_egui::render::EGUI_SHADER_HANDLE;

/// bevy_egui's own shader, kept while ours is installed.
#[derive(Resource)]
struct Reference(Shader);

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, install)
        .add_systems(Last, guard.run_if(resource_exists::<Reference>));
}

fn install(
    mut commands: Commands,
    adapter: Option<Res<RenderAdapterInfo>>,
    mut shaders: ResMut<Assets<Shader>>,
) {
    // A CPU rasteriser: lavapipe, llvmpipe, SwiftShader, WARP.
    let software = adapter.is_some_and(|a| a.0.device_type == wgpu_types::DeviceType::Cpu);
    let reference = std::env::var("BEDSIDE_EGUI_SHADER").is_ok_and(|v| v == "reference");
    if !software || reference {
        return;
    }
    let Some(original) = shaders.get(&EGUI_SHADER_HANDLE).cloned() else {
        warn!("bevy_egui's shader is not loaded: keeping it");
        return;
    };
    let ours = Shader::from_wgsl(
        include_str!("egui_software.wgsl"),
        "bedside/egui_software.wgsl",
    );
    if shaders.insert(&EGUI_SHADER_HANDLE, ours).is_ok() {
        info!(
            "software renderer: Bedside's egui shader (BEDSIDE_EGUI_SHADER=reference for bevy_egui's)"
        );
        commands.insert_resource(Reference(original));
    }
}

/// Restores bevy_egui's shader once egui holds a texture other than its font atlas.
fn guard(
    mut commands: Commands,
    mut contexts: EguiContexts,
    reference: Res<Reference>,
    mut shaders: ResMut<Assets<Shader>>,
) {
    let Ok(ctx) = contexts.ctx_mut() else { return };
    let other = ctx
        .tex_manager()
        .read()
        .allocated()
        .any(|(id, _)| *id != TextureId::default());
    if other {
        warn!("egui holds a texture besides its font atlas: back to bevy_egui's shader");
        let _ = shaders.insert(&EGUI_SHADER_HANDLE, reference.0.clone());
        commands.remove_resource::<Reference>();
    }
}
