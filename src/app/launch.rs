//! How the app is asked to start: the scenario and media folders, the language, author and free-reply modes, and
//! the screenshot mode. `main.rs` turns command-line arguments into [`LaunchOptions`]; the app
//! knows nothing of the command line.

use std::path::PathBuf;

use crate::app::navigation::Screen;
use crate::engine::domain::Lang;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaunchOptions {
    /// Folder of scenario files, read beside the built-in library and watched for changes; the
    /// user's own scenario folder (in the data folder) when `None`.
    pub scenarios: Option<PathBuf>,
    /// Folder of media the scenarios name (portraits), scenarios cannot reach outside it; the
    /// user's media folder when `None`. The built-in pictures stand in for any not found there.
    pub assets: Option<PathBuf>,
    /// The interface language; the default preference when `None`.
    pub lang: Option<Lang>,
    /// Start in author mode.
    pub author_mode: bool,
    /// Start in free-reply mode: each turn opens with the box to type a reply.
    pub free_reply: bool,
    /// Render one screen into this PNG and exit, instead of opening the app for use.
    pub screenshot: Option<Screenshot>,
}

/// What the screenshot mode shows and where it saves it.
#[derive(Clone, Debug, PartialEq)]
pub struct Screenshot {
    pub path: PathBuf,
    pub screen: Screen,
    /// The scenario to open (for the conversation, debrief and map); the first one otherwise.
    pub scenario: Option<String>,
    /// For the conversation: answer the first turn with this typed reply and show the coach's
    /// reading of it.
    pub reply: Option<String>,
}
