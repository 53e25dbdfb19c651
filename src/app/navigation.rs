//! Where the user is: the [`Screen`] state, and the [`Navigate`] commands that screens send to
//! move between screens that need no session (the practice flow moves between the conversation
//! and the debrief itself, see [`practice`](super::practice)).

use bevy::prelude::*;

/// The app's screens.
#[derive(States, Default, Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Screen {
    #[default]
    Library,
    Conversation,
    Debrief,
    Settings,
    Progress,
    /// The branch map of one scenario file.
    Map,
    /// Naming the two or three people of a practice group.
    GroupSetup,
    /// A round of group practice: the customer's card and the observer's sheet.
    Group,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Library,
        Screen::Conversation,
        Screen::Debrief,
        Screen::Settings,
        Screen::Progress,
        Screen::Map,
        Screen::GroupSetup,
        Screen::Group,
    ];

    /// The screen's name on the command line (`--screen map`).
    pub fn name(self) -> &'static str {
        match self {
            Screen::Library => "library",
            Screen::Conversation => "conversation",
            Screen::Debrief => "debrief",
            Screen::Settings => "settings",
            Screen::Progress => "progress",
            Screen::Map => "map",
            Screen::GroupSetup => "group-setup",
            Screen::Group => "group",
        }
    }

    pub fn named(name: &str) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// A request to show another screen.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum Navigate {
    Library,
    Settings,
    Progress,
    /// The branch map of the scenario file at this library path.
    Map(String),
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.add_message::<Navigate>();
    app.add_systems(Update, go_where_asked);
}

fn go_where_asked(mut requests: MessageReader<Navigate>, mut screen: ResMut<NextState<Screen>>) {
    for request in requests.read() {
        screen.set(match request {
            Navigate::Library => Screen::Library,
            Navigate::Settings => Screen::Settings,
            Navigate::Progress => Screen::Progress,
            Navigate::Map(_) => Screen::Map,
        });
    }
}
