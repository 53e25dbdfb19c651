//! Typed replies: each one is read by the analyser off the frame (on the async compute pool),
//! then either answers the turn or, when the analyser is unsure, waits for the trainee to say
//! which authored reply they meant or to rephrase.

use std::sync::Arc;

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};

use super::{Practice, PracticeCommand};
use crate::app::config::{Preferences, ReplyCues};
use crate::engine::reply::{Analysis, analyse_in_state, analyse_meaning};

/// A typed reply being read in the background.
pub struct Reading {
    pub text: String,
    /// The authored reply the trainee said they meant, if they were asked.
    pub meant: Option<usize>,
    task: Task<Analysis>,
}

/// A typed reply the analyser could not place with confidence: the trainee picks which authored
/// reply they meant (its closest two or three), or rephrases.
#[derive(Clone, Debug, PartialEq)]
pub struct Unsure {
    pub text: String,
    pub analysis: Analysis,
}

/// How many of the closest authored replies the trainee is offered when asked.
pub const CANDIDATES: usize = 3;

impl Unsure {
    /// The authored replies to offer, closest first: file indexes.
    pub fn candidates(&self) -> Vec<usize> {
        self.analysis
            .ranked
            .iter()
            .take(CANDIDATES)
            .map(|m| m.option)
            .collect()
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, answer_with_read_replies);
}

/// Starts reading typed replies, and answers the question of what an unsure one meant.
pub(super) fn apply_reply_commands(
    mut commands: MessageReader<PracticeCommand>,
    preferences: Res<Preferences>,
    cues: Res<ReplyCues>,
    mut practice: ResMut<Practice>,
) {
    for command in commands.read() {
        match command {
            PracticeCommand::Reply(text) => {
                start_reading(&mut practice, text.clone(), None, &preferences, &cues);
            }
            PracticeCommand::Meant(option) => {
                if let Some(unsure) = practice.unsure.take() {
                    start_reading(
                        &mut practice,
                        unsure.text,
                        Some(*option),
                        &preferences,
                        &cues,
                    );
                }
            }
            PracticeCommand::Rephrase => practice.unsure = None,
            _ => {}
        }
    }
}

/// Starts reading `text` on the session's current turn; `meant` forces the authored reply.
fn start_reading(
    practice: &mut Practice,
    text: String,
    meant: Option<usize>,
    preferences: &Preferences,
    cues: &ReplyCues,
) {
    let Some(session) = practice.session.as_ref() else {
        return;
    };
    let Some(node) = session.current_node().cloned() else {
        return;
    };
    if practice.reviewing || practice.reading.is_some() {
        return;
    }
    let scenario = session.scenario().clone();
    let state = session.state().clone();
    let cues = Arc::clone(&cues.0);
    let lang = preferences.lang;
    let typed = text.clone();
    let task = AsyncComputeTaskPool::get().spawn(async move {
        match meant {
            Some(option) => analyse_meaning(&typed, &scenario, &node, &state, lang, &cues, option),
            None => analyse_in_state(&typed, &scenario, &node, &state, lang, &cues),
        }
    });
    practice.unsure = None;
    practice.reading = Some(Reading { text, meant, task });
}

/// When a reading is done: answer the turn with it, or ask the trainee what they meant.
fn answer_with_read_replies(mut practice: ResMut<Practice>) {
    let Some(reading) = practice.bypass_change_detection().reading.as_mut() else {
        return;
    };
    let Some(analysis) = check_ready(&mut reading.task) else {
        return;
    };
    let Some(Reading { text, meant, .. }) = practice.reading.take() else {
        return;
    };
    let confirmed = meant.is_some();
    if analysis.option.is_none() || (analysis.needs_confirmation && !confirmed) {
        practice.unsure = Some(Unsure { text, analysis });
        return;
    }
    let answered = practice
        .session
        .as_mut()
        .is_some_and(|s| s.reply_freely(&text, &analysis, confirmed).is_ok());
    if answered {
        practice.reviewing = true;
        practice.reload = None;
    }
}
