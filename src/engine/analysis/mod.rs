//! Questions about a whole scenario rather than one session: the best and worst reachable
//! scores ([`bounds`]), the [`branch_map`] layout, [`coverage`] of the vocabulary across a
//! library, automatic players ([`policy`]), the [`surface`] cues a test-wise trainee could choose
//! by, the [`spread`] of random play's scores, and [`generate`]d scenarios for benchmarks.

pub mod bounds;
pub mod branch_map;
pub mod coverage;
pub mod generate;
pub mod policy;
pub mod spread;
pub mod surface;
