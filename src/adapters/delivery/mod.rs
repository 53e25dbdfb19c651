//! Results that reach the organisation's Learning Record Store by themselves, and are never lost
//! or sent twice.
//!
//! - [`config`]: `lrs.ron` in the config folder names the LRS and the learner; the secret comes
//!   from that file (readable by its owner only) or from `RAPPORT_LRS_PASSWORD`, never from the
//!   command line, and is never printed.
//! - [`outbox`]: each finished session's statements wait in their own file (written atomically)
//!   in the data folder's `outbox/` until the LRS has them; delivering removes the file only
//!   after the LRS answered. Statement ids come from the session, so sending one again after an
//!   interruption stores nothing twice.

pub mod config;
pub mod outbox;

pub use config::{LrsConfig, Secret};
pub use outbox::{Delivered, Outbox};
