//! The reply analyser: a trainee's own words, read offline and explainably.
//!
//! [`analyse`] finds the steps, techniques and anti-patterns a free reply shows, each with the
//! words that fired a rule of the [`cues`] file and the reason, and ranks the turn's authored
//! options by closeness (shared terms from [`text`], plus agreement of the tags); the word
//! [`model`] then adds a step or anti-pattern the rules missed and drops one taken only from an
//! option's wording. [`eval`] measures it on labelled replies; [`examples`] checks an option's
//! example phrasings. Deterministic, no network; the model's weights ship in `assets/`.

pub mod analyse;
pub mod cues;
pub mod eval;
pub mod examples;
pub mod model;
pub mod text;

pub use analyse::{Analysis, analyse_in, analyse_in_state, analyse_meaning};
pub use cues::{Cues, Tag};
