//! What every screen draws with: the calm [`theme`] (colours and the bundled fonts), shared
//! [`widgets`], and the two helpers for bilingual labels. Each screen's own drawing lives in its
//! folder under `screens/`, as plain functions from view data to user actions, so egui_kittest
//! drives them without a window.

pub mod theme;
pub mod widgets;

use crate::engine::domain::Lang;

/// Picks the text for the interface language; the two languages sit side by side at each use.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

/// The colon that follows a label: full-width in Chinese.
pub fn colon(lang: Lang) -> &'static str {
    tr(lang, "：", ": ")
}
