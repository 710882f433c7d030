//! The screens, one plugin per file; each draws in `EguiPrimaryContextPass` while its state holds.

mod briefing;
mod case;
mod debrief;
mod library;
mod review;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use fluent_bundle::FluentValue;

use super::catalog::Lang;
use super::flow::{Active, Away, BackToLibrary, Feedback, Leaving};
use super::widgets::ALARM;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        library::plugin,
        briefing::plugin,
        case::plugin,
        debrief::plugin,
        review::plugin,
        super::glyphs::plugin,
    ))
    .add_systems(
        EguiPrimaryContextPass,
        leave_dialog.run_if(resource_exists::<Active>),
    );
}

/// The trainee asked to leave the session (back to the library, or closing the window) and
/// writing its log failed: leaving now loses the lines not on disk, so ask, on whatever screen.
fn leave_dialog(
    mut contexts: EguiContexts,
    lang: Res<Lang>,
    active: Res<Active>,
    feedback: Res<Feedback>,
    mut leaving: ResMut<Leaving>,
    mut back: MessageWriter<BackToLibrary>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let Leaving::Confirm(away) = *leaving else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let t = &lang.ui;
    egui::Modal::new(egui::Id::new("leave-unsaved")).show(ctx, |ui| {
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
                away.go(&mut back, &mut exit);
            }
        });
    });
    Ok(())
}
