//! A scenario file: the model ([`model`], re-exported here), reading it ([`load`], with RON's
//! errors explained in `ron_error`), checking it
//! ([`validate`], with reachability from [`graph`]), and the positions and diagnostics that point
//! an author at the line ([`ron_spans`], [`diagnostic`]). Conversation state (counters, flags and
//! the conditions on them) is [`state`]; [`reach`] explores which states each node can meet. Media paths are confined by
//! [`asset_path`]; the pictures they name are bounded by [`media`].

pub mod asset_path;
mod brackets;
mod clip;
pub mod diagnostic;
pub mod graph;
mod lexer;
pub mod lint;
pub mod load;
pub mod media;
mod model;
pub mod reach;
mod recover;
mod ron_error;
pub mod ron_spans;
pub mod state;
mod state_check;
pub mod validate;

pub use model::*;
