//! The training engine: plain Rust with no Bevy, no command line and no network, shared by the
//! CLI and the app. It reads only what it is given and writes nothing.
//!
//! Its parts depend on each other in one direction, each only on those listed before it:
//!
//! - [`domain`] — the vocabulary: steps, techniques, anti-patterns, styles, emotions, outcomes.
//! - [`scenario`] — a scenario file: its model, loading, checking and diagnostics.
//! - [`vocabulary`] — what each id means, with a good and a bad example line in both languages.
//! - [`reply`] — the reply analyser: a trainee's own words read against the six-step model.
//! - [`play`] — playing a scenario: the session, the customer's emotions, the scorer and its rubric.
//! - [`analysis`] — questions about a whole scenario: best and worst paths, the branch map,
//!   coverage of the vocabulary, automatic players, generated scenarios.
//! - [`group`] — group practice: two or three trainees, their parts rotating each round.
//! - [`debrief`] — what a finished session says to the trainee, for every rendering.

pub mod analysis;
pub mod debrief;
pub mod domain;
pub mod group;
pub mod play;
pub mod reply;
pub mod scenario;
pub mod vocabulary;
