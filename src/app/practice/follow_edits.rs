//! An open session follows edits of its scenario file (hot reload).

use std::sync::Arc;

use bevy::prelude::*;

use super::{Practice, PracticeSeed, ReloadNotice};
use crate::app::config::ActiveRubric;
use crate::app::scenarios::ScenarioLibrary;
use crate::engine::play::session::RebaseError;

/// When the file of the scenario being played changes, the session continues at the same
/// customer turn with the new text, or starts again if that turn is gone. A broken save changes
/// nothing: the library keeps the last good version, which is the one being played.
pub(super) fn follow_scenario_edits(
    library: Res<ScenarioLibrary>,
    rubric: Res<ActiveRubric>,
    seed: Res<PracticeSeed>,
    mut practice: ResMut<Practice>,
) {
    if !library.is_changed() {
        return;
    }
    let Some(session) = practice.session.as_ref().filter(|s| !s.is_over()) else {
        return;
    };
    let Some(edited) = library.find(&session.source().id) else {
        return;
    };
    if Arc::ptr_eq(edited, session.source()) || **edited == **session.source() {
        return;
    }
    let edited = edited.clone();
    let mut carried = session.clone();
    let notice = match carried.rebase(edited.clone()) {
        Ok(()) => {
            let node = carried
                .current_node()
                .map(|n| n.id().to_owned())
                .unwrap_or_default();
            practice.session = Some(carried);
            ReloadNotice::Continued { node }
        }
        Err(error) => {
            let gone = match error {
                RebaseError::NodeGone(node) => node,
                RebaseError::Ended => String::new(),
            };
            // A group round starts again as the same round.
            let round = session.group().cloned();
            practice.begin(edited, rubric.0.clone(), seed.next(), round);
            ReloadNotice::Restarted { gone }
        }
    };
    info!("scenario file changed: {notice:?}");
    practice.reload = Some(notice);
    // A reply being read, or waiting for what it meant, was read against the old options.
    practice.reading = None;
    practice.unsure = None;
}
