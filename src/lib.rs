//! Rapport: a desktop training simulator for customer-service empathy skills.
//!
//! [`engine`] is the Bevy-free core (scenarios, validation, emotions, scoring, sessions);
//! [`cli`] is the `rapport` command line; `app` (feature `gui`) is the Bevy + egui desktop app.

pub mod cli;
pub mod engine;

#[cfg(feature = "gui")]
pub mod app;
