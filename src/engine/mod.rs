//! The training engine: plain Rust with no Bevy dependency, shared by the CLI and the app.
//!
//! Data flows one way: a scenario file is [`load`]ed (parse, then [`validate`]), a [`session`]
//! plays it, with [`emotion`] moving the customer's state and [`score`] tracking the six-step
//! model against the [`rubric`]; [`bounds`] searches the best and worst reachable scores.

pub mod asset_path;
pub mod bounds;
pub mod branch_map;
pub mod coverage;
pub mod diagnostic;
pub mod domain;
pub mod emotion;
pub mod generate;
pub mod graph;
pub mod load;
pub mod policy;
pub mod records;
pub mod report;
pub mod ron_spans;
pub mod rubric;
pub mod scenario;
pub mod score;
pub mod session;
pub mod validate;
pub mod xapi;
