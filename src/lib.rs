//! Rapport: a desktop training simulator for customer-service empathy skills.
//!
//! Dependencies point one way: [`engine`] is the plain-Rust core (scenarios, playing and scoring,
//! analysis, the debrief) and knows nothing else; [`adapters`] connect it to the disk and a
//! Learning Record Store; [`cli`] is the `rapport` command line and `app` (feature `gui`) the
//! Bevy + egui desktop app, both built on the engine and the adapters. `main.rs` picks one.
//! `docs/architecture.md` is the map.

pub mod adapters;
pub mod cli;
pub mod engine;

#[cfg(feature = "gui")]
pub mod app;
