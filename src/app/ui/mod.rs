//! Screen drawing as plain functions: view data in, user actions out. No Bevy types here, so
//! every screen can be driven by egui_kittest without a window.

pub mod branch_map;
pub mod conversation;
pub mod debrief;
pub mod library;
pub mod progress;
pub mod settings;
pub mod theme;
pub mod widgets;

use crate::engine::domain::Lang;

/// Picks the text for the interface language; the two languages sit side by side at each use.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The colon that follows a label: full-width in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    tr(lang, "：", ": ")
}
