//! How this user set the app up ([`Preferences`]), the scoring rubric in force
//! ([`ActiveRubric`]) and the cue rules typed replies are read with ([`ReplyCues`]): read by
//! every screen and by the practice flow.

use std::sync::Arc;

use bevy::prelude::*;

use crate::engine::domain::Lang;
use crate::engine::play::rubric::Rubric;
use crate::engine::reply::Cues;

#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct Preferences {
    pub lang: Lang,
    /// Multiplies every text and widget size (egui zoom).
    pub text_scale: f32,
    /// Show what each option would do before choosing (for trainers checking a scenario).
    pub author_mode: bool,
    /// Each turn opens with a box to type the reply in one's own words instead of the options.
    pub free_reply: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            lang: Lang::Zh,
            text_scale: 1.0,
            author_mode: false,
            free_reply: false,
        }
    }
}

/// The rubric sessions are scored with and maps are searched with.
#[derive(Resource, Clone)]
pub struct ActiveRubric(pub Arc<Rubric>);

impl Default for ActiveRubric {
    fn default() -> Self {
        ActiveRubric(Arc::new(Rubric::builtin()))
    }
}

/// The cue rules typed replies are read with.
#[derive(Resource, Clone)]
pub struct ReplyCues(pub Arc<Cues>);

impl Default for ReplyCues {
    fn default() -> Self {
        ReplyCues(Arc::new(Cues::builtin()))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Preferences>();
    app.init_resource::<ActiveRubric>();
    app.init_resource::<ReplyCues>();
}
