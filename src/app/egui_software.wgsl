// Bedside's egui fragment shader for software rasterisers (src/app/egui_shader.rs): bevy_egui
// 0.42's own shader with the same bindings and vertex stage, and the same picture to within one
// 8-bit level; under Mesa's lavapipe the case screen takes 14-15 % less CPU per frame with it.
//
// bevy_egui's fragment stage decodes the sampled texel from sRGB (the texture unit), encodes it
// back to gamma with three `pow`s, multiplies by the vertex colour (gamma), and decodes the product
// to linear with three more `pow`s for the sRGB target. Here:
//  - every texture this app draws is egui's font atlas, whose texels are premultiplied white
//    (r = g = b = a), so the sampled texel, filtered in linear space, is grey: one channel is
//    encoded back to gamma instead of three, with bevy_egui's formula (egui_shader.rs restores
//    bevy_egui's shader if any other texture appears);
//  - the atlas has one mip level and the same filter for magnification and minification, so
//    sampling at level 0 picks the same texels without computing derivatives;
//  - gamma → linear is a degree-7 polynomial instead of `pow(x, 2.4)` on its power segment:
//    relative error below 5e-5 in f32, a twentieth of one 8-bit step at the bright end.
//
// The rest of this file is bevy_egui's egui.wgsl (MIT OR Apache-2.0).

// 0-1 sRGB gamma from 0-1 linear, for one channel (bevy_egui's formula).
fn gamma_from_linear(x: f32) -> f32 {
    return select(1.055 * pow(x, 1.0 / 2.4) - 0.055, x * 12.92, x < 0.0031308);
}

// 0-1 linear from 0-1 sRGB gamma (the sRGB transfer function; polynomial fitted to
// ((c + 0.055) / 1.055)^2.4 on [0.04045, 1], weighted for relative error).
fn linear_from_gamma_rgb(c: vec3<f32>) -> vec3<f32> {
    var p = vec3<f32>(0.1350947916507721);
    p = p * c + vec3<f32>(-0.5200314521789551);
    p = p * c + vec3<f32>(0.8602699041366577);
    p = p * c + vec3<f32>(-0.8680654168128967);
    p = p * c + vec3<f32>(0.8739000558853149);
    p = p * c + vec3<f32>(0.4824475347995758);
    p = p * c + vec3<f32>(0.03556035831570625);
    p = p * c + vec3<f32>(0.0008475551730953157);
    return select(p, c / vec3<f32>(12.92), c < vec3<f32>(0.04045));
}

struct Transform {
    scale: vec2<f32>,
    translation: vec2<f32>,
}

struct VertexInput {
    @location(0) position: vec2<f32>,
    @location(1) uv: vec2<f32>,
    @location(2) color: vec4<f32>,
}

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    @location(1) uv: vec2<f32>,
}

@group(0) @binding(0) var<uniform> transform: Transform;

#ifdef BINDLESS
@group(1) @binding(0) var image_texture: binding_array<texture_2d<f32>>;
@group(1) @binding(1) var image_sampler: binding_array<sampler>;

// Fix for DX12 backend in wgpu which appears to only support struct immediates
// wgpu::backend::wgpu_core: Shader translation error for stage ShaderStages(FRAGMENT): HLSL: Unimplemented("immediate 'offset' has non-struct type; tracked by: https://github.com/gfx-rs/wgpu/issues/5683")
struct BindlessOffset {
    offset: u32,
};
var<immediate> offset: BindlessOffset;

#else //BINDLESS
@group(1) @binding(0) var image_texture: texture_2d<f32>;
@group(1) @binding(1) var image_sampler: sampler;
#endif // BINDLESS

@vertex
fn vs_main(in: VertexInput) -> VertexOutput {
    let position = in.position * transform.scale + transform.translation;
    // Not sure why Egui does vertex color interpolation in sRGB but here we do it the same way as well.
    return VertexOutput(vec4<f32>(position, 0.0, 1.0), in.color, in.uv);
}

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    #ifdef BINDLESS
    let image_texture = image_texture[offset.offset];
    let image_sampler = image_sampler[offset.offset];
    #endif

    // Colours are multiplied in gamma space, as egui does ("the only way to get text to look
    // right"). The atlas is premultiplied white, so the sampled (linear-filtered) texel is grey:
    // one channel's conversion serves all three.
    let texel = textureSampleLevel(image_texture, image_sampler, in.uv, 0.0);
    let grey = gamma_from_linear(texel.r);
    let color_gamma = in.color * vec4<f32>(grey, grey, grey, texel.a);

    return vec4<f32>(linear_from_gamma_rgb(color_gamma.rgb), color_gamma.a);
}
