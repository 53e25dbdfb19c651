//! What connects the engine to the world outside it: the [`library`] built into the program and
//! the user's folders, the history of session [`records`] on disk, the user's [`settings`],
//! [`report`]s for people, [`xapi`] statements for a Learning Record Store and their
//! [`delivery`] through a durable outbox. Each depends on the engine and nothing else of
//! Rapport's.

pub mod cohort;
pub mod delivery;
pub mod folders;
pub mod library;
pub mod records;
pub mod report;
pub mod settings;
pub mod xapi;
