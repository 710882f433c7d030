//! The screens, one plugin per file; each draws in `EguiPrimaryContextPass` while its state holds.

mod briefing;
mod case;
mod debrief;
mod library;
mod review;

use bevy::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        library::plugin,
        briefing::plugin,
        case::plugin,
        debrief::plugin,
        review::plugin,
        super::glyphs::plugin,
    ));
}
