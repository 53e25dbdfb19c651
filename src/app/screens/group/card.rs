//! The customer player's persona card: who they are, how they feel, the line to say now with
//! the cues to show, and how this persona reacts to the agent's moves.

use egui::{RichText, Ui};

use super::view::RoundView;
use crate::app::ui::{colon, theme, tr};
use crate::engine::domain::Emotion;

/// Draws the card; `scale` enlarges the text (1.6 to read it from two metres).
pub fn customer_card(ui: &mut Ui, view: &RoundView, scale: f32) {
    let lang = view.lang;
    let size = |base: f32| base * scale;
    egui::Frame::new()
        .fill(theme::PANEL)
        .corner_radius(10)
        .inner_margin(egui::Margin::same(14))
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "{}{}",
                    tr(lang, "客户卡 · 扮演者：", "Customer card · played by "),
                    view.round.customer
                ))
                .size(size(13.0))
                .color(theme::MUTED),
            );
            ui.label(
                RichText::new(format!(
                    "{} · {} · {}{}",
                    view.persona_name.get(lang),
                    view.style.label(lang),
                    tr(lang, "情绪：", "mood: "),
                    view.mood.get(lang)
                ))
                .size(size(20.0))
                .strong(),
            );
            ui.label(RichText::new(view.background.get(lang)).size(size(14.0)));
            let levels: Vec<String> = Emotion::ALL
                .iter()
                .map(|e| format!("{} {}", e.label(lang), view.emotions.get(*e)))
                .collect();
            ui.label(
                RichText::new(levels.join(" · "))
                    .size(size(13.0))
                    .color(theme::MUTED),
            );
            ui.add_space(8.0);
            if let Some(reaction) = &view.reaction {
                ui.label(
                    RichText::new(format!(
                        "{}{}",
                        tr(lang, "先回应一句：", "First react: "),
                        reaction.get(lang)
                    ))
                    .size(size(16.0))
                    .italics(),
                );
            }
            ui.label(
                RichText::new(tr(lang, "现在说（可照读，也可发挥）：", "Say now (read it or improvise):"))
                    .size(size(13.0))
                    .color(theme::MUTED),
            );
            ui.label(
                RichText::new(view.line.get(lang))
                    .size(size(22.0))
                    .color(theme::INK),
            );
            for (name, cue) in [
                (tr(lang, "语气", "Tone"), &view.tone),
                (tr(lang, "肢体语言", "Body language"), &view.body),
            ] {
                if let Some(cue) = cue {
                    ui.label(
                        RichText::new(format!("{name}{}{}", colon(lang), cue.get(lang)))
                            .size(size(15.0))
                            .italics(),
                    );
                }
            }
            ui.add_space(8.0);
            for (heading, moves) in [
                (tr(lang, "反应强烈：", "Reacts strongly to: "), &view.reacts_strongly),
                (tr(lang, "反应平淡：", "Hardly moved by: "), &view.reacts_mildly),
            ] {
                if !moves.is_empty() {
                    ui.label(
                        RichText::new(format!("{heading}{}", moves.join(", "))).size(size(13.0)),
                    );
                }
            }
            ui.label(
                RichText::new(tr(
                    lang,
                    "好的回应让情绪平复、信任上升；误区让怒气上升。情绪值在观察员提交后更新。",
                    "Good moves calm the customer and build trust; mistakes raise anger. The levels update when the observer marks the turn.",
                ))
                .size(size(12.0))
                .color(theme::MUTED),
            );
        });
}
