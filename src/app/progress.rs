//! "My progress" logic: the trainee named in the library, their finished sessions read from the
//! data folder's logs (`crate::progress`: each verified and re-scored; untrusted ones listed and
//! left out of the figures). Built when the page opens, so it holds whatever was played since.

use std::sync::Arc;

use bevy::prelude::*;

use super::catalog::{Catalog, log_files};
use super::state::{Screen, Settings};
use crate::progress::Progress;

/// Open the progress page for the trainee named in the library.
#[derive(Message, Debug, Clone, Copy)]
pub struct OpenProgress;

/// The page's content.
#[derive(Resource, Debug, Default)]
pub struct ProgressState {
    /// Whose (as typed in the library); `None` when no name or ID was given.
    pub trainee: Option<String>,
    pub progress: Progress,
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ProgressState>()
        .add_message::<OpenProgress>()
        .add_systems(Update, open);
}

fn open(
    mut msgs: MessageReader<OpenProgress>,
    settings: Res<Settings>,
    catalog: Res<Catalog>,
    mut state: ResMut<ProgressState>,
    mut next: ResMut<NextState<Screen>>,
) {
    if msgs.read().last().is_none() {
        return;
    }
    let trainee = settings.trainee_given().map(str::to_string);
    let progress = match &trainee {
        Some(who) => {
            let cases: Vec<_> = catalog.cases.iter().map(|c| Arc::clone(&c.case)).collect();
            crate::progress::build(who, &log_files(&settings.data_dir), &cases)
        }
        None => Progress::default(),
    };
    *state = ProgressState { trainee, progress };
    next.set(Screen::Progress);
}
