//! Finished sessions are saved to the history folder as soon as the call ends; the history is
//! read at start, with unreadable files set aside and reported in the library.

use bevy::prelude::*;

use crate::adapters::records::{RecordStore, SetAside};
use crate::app::practice::Practice;
use crate::engine::play::session::SessionRecord;

#[derive(Resource, Default)]
pub struct SessionHistory {
    /// Where records are saved; `None` keeps nothing (tests, screenshots).
    pub store: Option<RecordStore>,
    pub records: Vec<SessionRecord>,
    pub set_aside: Vec<SetAside>,
    /// The outcome of saving the current session: the file, or why it failed.
    pub last_save: Option<Result<String, String>>,
}

impl SessionHistory {
    pub fn kept_in(store: RecordStore) -> SessionHistory {
        SessionHistory {
            store: Some(store),
            ..default()
        }
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SessionHistory>();
    app.add_systems(Startup, load_history);
    app.add_systems(PostUpdate, save_finished_session);
}

fn load_history(mut history: ResMut<SessionHistory>) {
    let Some(store) = history.store.clone() else {
        return;
    };
    let loaded = store.load();
    for aside in &loaded.set_aside {
        warn!(
            "set aside unreadable session record {}: {}",
            aside.file.display(),
            aside.reason
        );
    }
    history.records = loaded
        .records
        .into_iter()
        .map(|(_, record)| record)
        .collect();
    history.set_aside = loaded.set_aside;
}

fn save_finished_session(mut practice: ResMut<Practice>, mut history: ResMut<SessionHistory>) {
    let Some(session) = practice.session.as_ref().filter(|s| s.is_over()) else {
        return;
    };
    if practice.saved {
        return;
    }
    let record = session.record();
    let result = match &history.store {
        Some(store) => store
            .save(&record)
            .map(|path| path.display().to_string())
            .map_err(|e| e.to_string()),
        None => Err("history is not kept in this mode".to_owned()),
    };
    if let Err(error) = &result
        && history.store.is_some()
    {
        error!("could not save the session: {error}");
    }
    history.last_save = history.store.as_ref().map(|_| result);
    history.records.push(record);
    practice.saved = true;
}
