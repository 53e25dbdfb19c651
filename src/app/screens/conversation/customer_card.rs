//! The customer card: portrait, name, style, mood, the five emotions (with the last reply's
//! change) and the background.

use egui::{RichText, Ui};

use super::view::ConversationView;
use crate::app::ui::{colon, theme, tr, widgets};

pub(super) fn customer_card(ui: &mut Ui, view: &ConversationView) {
    let lang = view.lang;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            if let Some(portrait) = view.portrait {
                ui.add(egui::Image::new((portrait, egui::vec2(56.0, 56.0))).corner_radius(28));
            }
            ui.label(
                RichText::new(view.persona_name.get(lang))
                    .strong()
                    .size(20.0),
            );
        });
        ui.horizontal(|ui| {
            widgets::chip(ui, view.style.label(lang), theme::ACCENT);
            ui.label(
                RichText::new(format!(
                    "{}{}{}",
                    tr(lang, "情绪", "Mood"),
                    colon(lang),
                    view.mood.get(lang)
                ))
                .strong(),
            );
        });
        ui.add_space(6.0);
        let change = view.reaction.as_ref().map(|r| &r.change);
        widgets::emotion_bars(ui, lang, &view.emotions, change);
        ui.add_space(6.0);
        egui::CollapsingHeader::new(tr(lang, "客户背景", "Background"))
            .default_open(true)
            .show(ui, |ui| {
                ui.label(RichText::new(view.background.get(lang)).small());
            });
    });
}
