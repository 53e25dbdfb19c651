//! Small shared pieces: emotion bars, chips, the key hint.

use egui::{Color32, RichText, Ui};

use super::theme;
use crate::engine::domain::{Emotion, Lang};
use crate::engine::scenario::Emotions;

/// One labelled bar per emotion, with the last change beside it.
pub fn emotion_bars(ui: &mut Ui, lang: Lang, emotions: &Emotions, change: Option<&Emotions>) {
    for emotion in Emotion::ALL {
        let value = emotions.get(*emotion);
        ui.horizontal(|ui| {
            ui.add_sized(
                [84.0, 18.0],
                egui::Label::new(RichText::new(emotion.label(lang)).small()),
            );
            meter(ui, value as f32 / 100.0, theme::emotion_color(*emotion))
                .on_hover_text(format!("{} {value}/100", emotion.label(lang)));
            ui.label(RichText::new(value.to_string()).small().color(theme::MUTED));
            if let Some(delta) = change.map(|c| c.get(*emotion)).filter(|d| *d != 0) {
                // Rising trust is good news; rising anything else is not.
                let good = (*emotion == Emotion::Trust) == (delta > 0);
                let color = if good { theme::GOOD } else { theme::BAD };
                ui.label(
                    RichText::new(format!("{delta:+}"))
                        .small()
                        .strong()
                        .color(color),
                );
            }
        });
    }
}

/// A horizontal meter: a light track with a coloured fill.
fn meter(ui: &mut Ui, fraction: f32, color: Color32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(150.0, 10.0), egui::Sense::hover());
    let radius = egui::CornerRadius::same(5);
    ui.painter()
        .rect_filled(rect, radius, Color32::from_rgb(0xEC, 0xEA, 0xE4));
    let mut filled = rect;
    filled.set_width(rect.width() * fraction.clamp(0.0, 1.0));
    if filled.width() > 0.0 {
        ui.painter().rect_filled(filled, radius, color);
    }
    response
}

/// Two top-down columns side by side: `left` gets `left_width`, `right` the rest.
pub fn columns(
    ui: &mut Ui,
    left_width: f32,
    left: impl FnOnce(&mut Ui),
    right: impl FnOnce(&mut Ui),
) {
    let height = ui.available_height();
    let gap = ui.spacing().item_spacing.x * 2.0;
    let right_width = (ui.available_width() - left_width - gap).max(200.0);
    ui.horizontal_top(|ui| {
        let layout = egui::Layout::top_down(egui::Align::Min);
        ui.allocate_ui_with_layout(egui::vec2(left_width, height), layout, |ui| {
            ui.set_width(left_width);
            left(ui);
        });
        ui.add_space(gap / 2.0);
        ui.allocate_ui_with_layout(egui::vec2(right_width, height), layout, |ui| {
            ui.set_width(right_width);
            right(ui);
        });
    });
}

/// Two equal columns with plain top-down layouts (egui's own columns justify text, which
/// stretches the letter spacing of wrapped lines).
pub fn halves(ui: &mut Ui, left: impl FnOnce(&mut Ui), right: impl FnOnce(&mut Ui)) {
    ui.columns(2, |columns| {
        let (first, second) = columns.split_at_mut(1);
        let layout = egui::Layout::top_down(egui::Align::Min);
        first[0].with_layout(layout, left);
        second[0].with_layout(layout, right);
    });
}

/// A small rounded label.
pub fn chip(ui: &mut Ui, text: &str, color: Color32) {
    egui::Frame::new()
        .fill(color.gamma_multiply(0.15))
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(text).small().color(color));
        });
}

/// A muted line explaining the keyboard shortcuts of a screen.
pub fn key_hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).small().color(theme::MUTED));
}

/// The number keys 1–9, in order: options and marks chosen by number.
pub const NUMBER_KEYS: [egui::Key; 9] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
    egui::Key::Num8,
    egui::Key::Num9,
];
