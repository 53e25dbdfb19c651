//! A scenario file: the model ([`model`], re-exported here), reading it ([`load`], with RON's
//! errors explained in `ron_error`), checking it
//! ([`validate`], with reachability from [`graph`]), and the positions and diagnostics that point
//! an author at the line ([`ron_spans`], [`diagnostic`]). Media paths are confined by
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
mod recover;
mod ron_error;
pub mod ron_spans;
pub mod validate;

pub use model::*;
