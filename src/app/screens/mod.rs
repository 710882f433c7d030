//! The screens, one plugin per file; each draws in `EguiPrimaryContextPass` while its state holds.

mod briefing;
mod case;
mod debrief;
pub mod learning;
mod library;
mod progress;
mod review;
mod whatif;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use super::catalog::{Catalog, Lang};
use super::flow::{Away, Leaving, SetLocale, WaysOut};
use super::state::{Active, Feedback, Settings};
use super::widgets::{ALARM, root_ui, top_bar};

/// What every screen reads before drawing: the egui context, the cases and the texts in the
/// chosen language, the settings, what the last step told the trainee, and the top bar's
/// language picker.
#[derive(SystemParam)]
pub(crate) struct ScreenCtx<'w, 's> {
    contexts: EguiContexts<'w, 's>,
    pub catalog: Res<'w, Catalog>,
    pub lang: Res<'w, Lang>,
    pub settings: ResMut<'w, Settings>,
    pub feedback: Res<'w, Feedback>,
    set_locale: MessageWriter<'w, SetLocale>,
}

impl ScreenCtx<'_, '_> {
    /// The egui context, without drawing anything (for a dialog over whatever screen).
    pub fn ctx(&mut self) -> Result<egui::Context> {
        Ok(self.contexts.ctx_mut()?.clone())
    }

    /// A screen's start: the whole window as a `Ui`, with the top bar drawn in it.
    pub fn begin(&mut self) -> Result<(egui::Context, egui::Ui)> {
        let ctx = self.ctx()?;
        let mut root = root_ui(&ctx);
        top_bar(&mut root, &self.lang, &mut self.set_locale);
        Ok((ctx, root))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        library::plugin,
        briefing::plugin,
        case::plugin,
        debrief::plugin,
        review::plugin,
        super::glyphs::plugin,
        whatif::plugin,
        progress::plugin,
    ))
    .add_systems(
        EguiPrimaryContextPass,
        leave_dialog.run_if(resource_exists::<Active>),
    );
}

/// The trainee asked to leave the session (back to the library, or closing the window) and
/// writing its log failed: leaving now loses the lines not on disk, so ask, on whatever screen.
fn leave_dialog(
    mut screen: ScreenCtx,
    active: Res<Active>,
    mut leaving: ResMut<Leaving>,
    mut ways: WaysOut,
) -> Result {
    let Leaving::Confirm(away) = *leaving else {
        return Ok(());
    };
    let ctx = screen.ctx()?;
    let (t, feedback) = (&screen.lang.ui, &screen.feedback);
    egui::Modal::new(egui::Id::new("leave-unsaved")).show(&ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(egui::RichText::new(t.get("leave-unsaved-title")).color(ALARM));
        ui.label(t.with(
            "leave-unsaved",
            &[
                ("lines", FluentValue::from(active.session.unsaved_lines())),
                ("error", feedback.error.clone().unwrap_or_default().into()),
            ],
        ));
        ui.horizontal(|ui| {
            if ui.button(t.get("leave-unsaved-stay")).clicked() {
                *leaving = Leaving::No;
            }
            let id = match away {
                Away::Library => "leave-unsaved-leave",
                Away::Quit => "leave-unsaved-quit",
            };
            if ui
                .button(egui::RichText::new(t.get(id)).color(ALARM))
                .clicked()
            {
                ways.go(away);
            }
        });
    });
    Ok(())
}
