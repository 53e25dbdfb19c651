//! A training class's results, read back from the Learning Record Store: who practised what, how
//! each step of the empathy model is developing, and where the class is weakest.
//!
//! [`sessions`] turns the statements Rapport sent (one `completed` per session with its score,
//! six-step scores and outcome; one `answered` per turn with its moves) back into sessions;
//! [`summary`] aggregates them per learner, per scenario and per step; [`render`] writes the
//! report as HTML (one self-contained file with inline SVG charts), Markdown or CSV.

pub mod render;
pub mod sessions;
pub mod summary;

pub use sessions::{CohortSession, sessions_of};
pub use summary::Cohort;
