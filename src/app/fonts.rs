//! Fonts: egui's default Latin faces first, then a Noto Sans CJK face chosen by the interface
//! language (because Japanese and Chinese draw many shared characters differently), then egui's
//! emoji and icon faces.
//!
//! Both faces are subsets (JIS X 0208 + GB2312 and punctuation, see `assets/fonts/`), so either
//! can show the other language's names and the language picker's "日本語" / "简体中文".

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

use super::catalog::Lang;
use crate::i18n::Locale;

static JAPANESE: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKjp-Subset.otf");
static CHINESE: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Subset.otf");

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (install_fonts, style_once, warm_numerals).chain(),
    );
}

/// The characters of the numbers drawn large — the case and review clocks (22 px) and the
/// monitor's numerics (34 px) — which change while the trainee watches.
const NUMERALS: &str = "0123456789:/()-.";
const NUMERAL_SIZES: [f32; 2] = [22.0, 34.0];

/// Frames, after fonts are installed, on which the large numerals are laid out once more.
#[derive(Default)]
struct Warm {
    face: Option<Locale>,
    frames_left: u8,
}

/// Lays the large numerals out (unseen) as soon as a language's fonts are in place, so that
/// their glyphs are in egui's font atlas before any is drawn. A glyph first laid out in a frame
/// reached the screen a frame late (bevy_egui re-uploads the atlas as an image): a CI screenshot
/// caught the clock as "20:0" on the frame its first "1" appeared.
fn warm_numerals(mut contexts: EguiContexts, lang: Res<Lang>, mut warm: Local<Warm>) -> Result {
    let face = if lang.locale == Locale::ZhCn {
        Locale::ZhCn
    } else {
        Locale::JaJp
    };
    if warm.face != Some(face) {
        // `install_fonts` has just set this face; egui uses it from the next frame on.
        *warm = Warm {
            face: Some(face),
            frames_left: 3,
        };
        return Ok(());
    }
    if warm.frames_left == 0 {
        return Ok(());
    }
    warm.frames_left -= 1;
    contexts.ctx_mut()?.fonts_mut(|f| {
        for size in NUMERAL_SIZES {
            f.layout_no_wrap(
                NUMERALS.to_string(),
                egui::FontId::proportional(size),
                egui::Color32::WHITE,
            );
        }
    });
    Ok(())
}

/// egui's own faces for emoji and icons (`epaint_default_fonts`), which the CJK face goes before.
const EMOJI_FACES: [&str; 2] = ["NotoEmoji-Regular", "emoji-icon-font"];

/// The font definitions for a language.
pub fn definitions(locale: Locale) -> egui::FontDefinitions {
    let (name, bytes) = match locale {
        Locale::ZhCn => ("noto-cjk-sc", CHINESE),
        Locale::JaJp | Locale::EnUs => ("noto-cjk-jp", JAPANESE),
    };
    let mut fonts = egui::FontDefinitions::default();
    // The negative control of the screenshot test: without the CJK face, CJK must show as tofu.
    if std::env::var_os("BEDSIDE_WITHOUT_CJK_FONT").is_some() {
        return fonts;
    }
    fonts.font_data.insert(
        name.to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(bytes)),
    );
    // After egui's Latin text faces, before its emoji and icon faces: the icon face also has
    // the full-width forms (（）！？, ０–９, Ａ–Ｚ) and some symbols (■★○), and egui draws a
    // character with the first face that has it, so behind it Japanese and Chinese sentences
    // showed its heavy, off-centre brackets.
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let faces = fonts.families.entry(family).or_default();
        let at = faces
            .iter()
            .position(|f| EMOJI_FACES.contains(&f.as_str()))
            .unwrap_or(faces.len());
        faces.insert(at, name.to_owned());
    }
    fonts
}

/// Installs the fonts when the language changes (egui applies them from the next frame).
fn install_fonts(
    mut contexts: EguiContexts,
    lang: Res<Lang>,
    mut installed: Local<Option<Locale>>,
) -> Result {
    let face = |l: Locale| if l == Locale::ZhCn { 1 } else { 0 };
    if installed.is_some_and(|l| face(l) == face(lang.locale)) {
        return Ok(());
    }
    contexts.ctx_mut()?.set_fonts(definitions(lang.locale));
    *installed = Some(lang.locale);
    Ok(())
}

fn style_once(mut contexts: EguiContexts, mut done: Local<bool>) -> Result {
    if *done {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    ctx.set_theme(egui::Theme::Dark);
    ctx.all_styles_mut(|style| {
        use egui::{FontId, TextStyle};
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(22.0)),
            (TextStyle::Body, FontId::proportional(15.0)),
            (TextStyle::Button, FontId::proportional(15.0)),
            (TextStyle::Small, FontId::proportional(12.0)),
            (TextStyle::Monospace, FontId::monospace(14.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        // Panels are not filled: the window is cleared to their colour instead. Under software
        // rendering (lavapipe) every filled pixel runs egui's fragment shader, and the panel
        // fills covered the whole window: leaving them out cut the case screen's CPU time per
        // frame from ≈78 to ≈46 ms (docs/app.md, Measured figures). The look is unchanged.
        style.visuals.panel_fill = egui::Color32::TRANSPARENT;
    });
    *done = true;
    Ok(())
}
