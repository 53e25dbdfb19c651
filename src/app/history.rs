//! Finished sessions are saved to the history folder as soon as the call ends; the history is
//! read at start in the background (so thousands of records don't hold up the first frame), with
//! unreadable files set aside and reported in the library. The session in
//! progress is journaled after every turn, so a closed window, a crash or a power cut loses
//! nothing: the next start offers to continue it ([`SessionHistory::interrupted`]).

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use crate::adapters::records::{RecordStore, SetAside};
use crate::app::practice::{Practice, PracticeCommand};
use crate::engine::play::session::SessionRecord;

#[derive(Resource, Default)]
pub struct SessionHistory {
    /// Where records are saved; `None` keeps nothing (tests, screenshots).
    pub store: Option<RecordStore>,
    pub records: Vec<SessionRecord>,
    pub set_aside: Vec<SetAside>,
    /// The outcome of saving the current session: the file, or why it failed.
    pub last_save: Option<Result<String, String>>,
    /// A session journaled but not finished when the app last stopped.
    pub interrupted: Option<SessionRecord>,
    /// The records on disk are still being read.
    pub loading: bool,
}

/// The history being read in the background.
#[derive(Resource)]
struct HistoryLoading(Task<crate::adapters::records::History>);

/// A finished session has just been saved (or kept, where history is not kept on disk).
#[derive(Message, Clone, Debug)]
pub struct SessionSaved(pub SessionRecord);

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
    app.add_message::<SessionSaved>();
    app.add_systems(Startup, load_history);
    app.add_systems(
        PreUpdate,
        take_loaded_history.run_if(resource_exists::<HistoryLoading>),
    );
    app.add_systems(
        PostUpdate,
        (journal_session_in_progress, save_finished_session),
    );
    // Before the practice flow drops the session, to see what is being left.
    app.add_systems(
        Update,
        forget_left_sessions.before(crate::app::practice::apply_practice_commands),
    );
}

fn load_history(mut history: ResMut<SessionHistory>, mut commands: Commands) {
    let Some(store) = history.store.clone() else {
        return;
    };
    // A journal that had finished joins the history before it is read.
    match store.recover_journal() {
        Ok(Ok(interrupted)) => history.interrupted = interrupted,
        Ok(Err(aside)) => history.set_aside.push(aside),
        Err(error) => error!("cannot read the session in progress: {error}"),
    }
    history.loading = true;
    let task = AsyncComputeTaskPool::get().spawn(async move { store.load() });
    commands.insert_resource(HistoryLoading(task));
}

/// The history read in the background joins any session finished meanwhile.
fn take_loaded_history(
    mut loading: ResMut<HistoryLoading>,
    mut history: ResMut<SessionHistory>,
    mut commands: Commands,
) {
    let Some(mut loaded) = check_ready(&mut loading.0) else {
        return;
    };
    commands.remove_resource::<HistoryLoading>();
    loaded.set_aside.append(&mut history.set_aside);
    for aside in &loaded.set_aside {
        warn!(
            "set aside unreadable session record {}: {}",
            aside.file.display(),
            aside.reason
        );
    }
    let read: Vec<SessionRecord> = loaded.records.into_iter().map(|(_, r)| r).collect();
    let known: std::collections::HashSet<_> = read.iter().map(SessionRecord::identity).collect();
    let meanwhile: Vec<SessionRecord> = std::mem::take(&mut history.records)
        .into_iter()
        .filter(|r| !known.contains(&r.identity()))
        .collect();
    history.records = read;
    history.records.extend(meanwhile);
    history.set_aside = loaded.set_aside;
    history.loading = false;
}

fn save_finished_session(
    mut practice: ResMut<Practice>,
    mut history: ResMut<SessionHistory>,
    mut saved: MessageWriter<SessionSaved>,
) {
    let Some(session) = practice.session.as_ref().filter(|s| s.is_over()) else {
        return;
    };
    if practice.saved {
        return;
    }
    let record = session.record();
    let result = match &history.store {
        // In place of its journal, so it is never in the history twice.
        Some(store) => store
            .finish(&record)
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
    saved.write(SessionSaved(record.clone()));
    history.records.push(record);
    practice.saved = true;
}

/// Journals the session after each turn (atomically, beside the history).
/// Another session's first journal replaces the interrupted one, whose offer then goes.
fn journal_session_in_progress(
    practice: Res<Practice>,
    mut history: ResMut<SessionHistory>,
    mut journaled: Local<Option<(u64, usize)>>,
) {
    let (Some(session), Some(store)) = (practice.session.as_ref(), history.store.as_ref()) else {
        return;
    };
    let at = (session.seed(), session.transcript().len());
    if session.is_over() || at.1 == 0 || *journaled == Some(at) {
        return;
    }
    match store.save_journal(&session.record()) {
        Ok(()) => {
            *journaled = Some(at);
            history.interrupted = None;
        }
        Err(error) => error!("cannot journal the session in progress: {error}"),
    }
}

/// A session the trainee left, or an interrupted one they chose not to continue, is not kept.
fn forget_left_sessions(
    mut commands: MessageReader<PracticeCommand>,
    practice: Res<Practice>,
    history: Res<SessionHistory>,
) {
    let Some(store) = history.store.as_ref() else {
        return;
    };
    for command in commands.read() {
        let forget = match command {
            PracticeCommand::DiscardInterrupted => true,
            // Only a session under way has journaled (a past record, or a session not yet
            // answered, leaves the interrupted session's journal alone).
            PracticeCommand::Leave => practice
                .session
                .as_ref()
                .is_some_and(|s| !s.is_over() && !s.transcript().is_empty()),
            _ => false,
        };
        if forget && let Err(error) = store.discard_journal() {
            error!("cannot remove the journal: {error}");
        }
    }
}
