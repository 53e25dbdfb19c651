//! Playing a scenario: a [`session`] walks the conversation, [`emotion`] moves the customer's
//! state, and [`score`] scores the six-step model with the numbers of the [`rubric`]; an
//! interrupted session is picked up again by [`resume`]. In group practice an observer's
//! [`marks`] answer a turn instead of a chosen option.

pub mod emotion;
pub mod marks;
pub mod resume;
pub mod rubric;
pub mod score;
pub mod session;
