//! The answer area: the coach's note on the last reply, or the customer's line with its cues and
//! the options to choose from (with author-mode previews), and the keys that choose.

use egui::{RichText, Ui};

use super::free_reply;
use super::view::{ConversationAction, ConversationUiState, ConversationView, preview_line};
use crate::app::ui::{colon, theme, tr, widgets};
use crate::engine::domain::Outcome;
use crate::engine::scenario::Text;

pub(super) fn answer_area(
    ui: &mut Ui,
    view: &ConversationView,
    state: &mut ConversationUiState,
) -> Option<ConversationAction> {
    let lang = view.lang;
    let mut action = None;
    if let Some(reaction) = &view.reaction {
        theme::card()
            .stroke(egui::Stroke::new(1.5, theme::ACCENT))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(tr(lang, "教练点评", "Coach's note"))
                        .strong()
                        .color(theme::ACCENT),
                );
                if let Some(free) = &reaction.free {
                    free_reply::reading(ui, lang, free);
                    for better in &reaction.better {
                        ui.label(
                            RichText::new(format!(
                                "{}{}",
                                tr(lang, "更好的做法：", "Better move: "),
                                better.get(lang)
                            ))
                            .color(theme::BAD),
                        );
                    }
                    ui.add_space(4.0);
                    ui.label(
                        RichText::new(tr(
                            lang,
                            "对最接近的参考回应的点评：",
                            "On the closest authored reply:",
                        ))
                        .small()
                        .color(theme::MUTED),
                    );
                }
                ui.label(reaction.feedback.get(lang));
                if let Some(outcome) = reaction.ended {
                    ui.add_space(4.0);
                    let text = format!(
                        "{}{}{}",
                        tr(lang, "通话结束", "The call has ended"),
                        colon(lang),
                        outcome.label(lang)
                    );
                    let color = if outcome == Outcome::Resolved {
                        theme::GOOD
                    } else {
                        theme::BAD
                    };
                    ui.label(RichText::new(text).strong().color(color));
                }
                ui.add_space(6.0);
                let label = if reaction.ended.is_some() {
                    tr(lang, "查看复盘 (Enter)", "See the debrief (Enter)")
                } else {
                    tr(lang, "继续 (Enter)", "Continue (Enter)")
                };
                let button =
                    egui::Button::new(RichText::new(label).color(egui::Color32::WHITE).strong())
                        .fill(theme::ACCENT);
                if ui.add(button).clicked() {
                    action = Some(ConversationAction::Continue);
                }
            });
    }

    if let Some(turn) = &view.current {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(view.persona_name.get(lang))
                    .small()
                    .color(theme::MUTED),
            );
            ui.label(RichText::new(turn.customer.get(lang)).size(18.0));
            let cue = |ui: &mut Ui, label: &str, text: &Option<Text>| {
                if let Some(text) = text {
                    ui.label(
                        RichText::new(format!("{label}{}{}", colon(lang), text.get(lang)))
                            .italics()
                            .color(theme::MUTED),
                    );
                }
            };
            cue(ui, tr(lang, "语气", "Tone"), &turn.tone);
            cue(ui, tr(lang, "肢体语言", "Body language"), &turn.body);
        });
        ui.add_space(6.0);
        if let Some(unsure) = &view.unsure {
            return free_reply::unsure_card(ui, lang, unsure).or(action);
        }
        if state.typing || view.reading {
            return free_reply::reply_box(ui, view, state).or(action);
        }
        if let Some(state) = &view.author_state {
            // Author mode: the counters and flags the lines and options depend on.
            ui.label(
                RichText::new(format!(
                    "{} {state}",
                    tr(lang, "对话状态：", "Conversation state:")
                ))
                .small()
                .color(theme::MUTED),
            );
        }
        ui.label(RichText::new(tr(lang, "你的回应：", "Your response:")).strong());
        for (index, option) in turn.options.iter().enumerate() {
            let focused = index == state.focus;
            let text = format!("{}  {}", index + 1, option.get(lang));
            let button = egui::Button::new(RichText::new(text))
                .wrap()
                .min_size(egui::vec2(ui.available_width(), 40.0))
                .fill(if focused {
                    theme::ACCENT_SOFT
                } else {
                    theme::PANEL
                })
                .stroke(if focused {
                    egui::Stroke::new(2.5, theme::ACCENT)
                } else {
                    egui::Stroke::new(1.0, theme::MUTED.gamma_multiply(0.4))
                });
            let response = ui.add(button);
            if response.hovered() {
                state.focus = index;
            }
            if response.clicked() {
                action = Some(ConversationAction::Choose(index));
            }
            if let Some(preview) = view.previews.get(index) {
                let color =
                    if preview.escalates || preview.score_change < 0.0 || preview.penalty > 0.0 {
                        theme::BAD
                    } else {
                        theme::GOOD
                    };
                ui.label(
                    RichText::new(preview_line(lang, preview))
                        .small()
                        .color(color),
                );
            }
        }
        if ui
            .button(tr(lang, "用自己的话回应 (T)", "Reply in my own words (T)"))
            .clicked()
        {
            state.typing = true;
        }
        widgets::key_hint(
            ui,
            tr(
                lang,
                "数字键选择 · ↑↓ 移动 · Enter 确认 · T 用自己的话回应 · Esc 返回",
                "Number keys choose · ↑↓ move · Enter confirms · T to type your own · Esc leaves",
            ),
        );
    }
    action
}

pub(super) fn keyboard(
    ui: &Ui,
    view: &ConversationView,
    state: &mut ConversationUiState,
) -> Option<ConversationAction> {
    let option_count = view.current.as_ref().map_or(0, |c| c.options.len());
    state.focus = state.focus.min(option_count.saturating_sub(1));
    if let Some(unsure) = view.unsure.as_ref().filter(|_| view.current.is_some()) {
        return ui.input(|input| {
            if input.key_pressed(egui::Key::Escape) {
                return Some(ConversationAction::Rephrase);
            }
            let offered = if !free_reply::unreadable(unsure.problem) {
                unsure.candidates.len()
            } else {
                0
            };
            widgets::NUMBER_KEYS
                .iter()
                .zip(&unsure.candidates)
                .take(offered)
                .find(|(key, _)| input.key_pressed(**key))
                .map(|(_, (option, _))| ConversationAction::Meant(*option))
        });
    }
    if view.reading {
        return None;
    }
    if state.typing && view.current.is_some() && view.reaction.is_none() {
        return ui.ctx().input_mut(|input| {
            if state.swallow_t > 0 {
                // The letter of the T that opened the box may arrive a frame or two after the
                // key; after that, a "t" is the trainee's.
                state.swallow_t -= 1;
                let before = input.events.len();
                input.events.retain(|e| !is_letter_t(e));
                let typed = input
                    .events
                    .iter()
                    .any(|e| matches!(e, egui::Event::Text(_)));
                if input.events.len() != before || typed {
                    state.swallow_t = 0;
                }
            }
            if input.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                state.typing = false;
                state.swallow_t = 0;
                return None;
            }
            // Enter sends; Shift+Enter is left to the box, which breaks the line.
            let shift = input.modifiers.shift;
            let enter = input.events.iter().position(|e| {
                matches!(e, egui::Event::Key { key: egui::Key::Enter, pressed: true, modifiers, .. }
                    if !modifiers.shift && !shift)
            });
            let send = enter.map(|at| input.events.remove(at)).is_some();
            (send && !state.draft.trim().is_empty())
                .then(|| ConversationAction::Reply(state.draft.clone()))
        });
    }
    ui.ctx().input_mut(|input| {
        if input.key_pressed(egui::Key::Escape) {
            return Some(ConversationAction::Leave);
        }
        if view.reaction.is_some() {
            let go_on = input.key_pressed(egui::Key::Enter) || input.key_pressed(egui::Key::Space);
            return go_on.then_some(ConversationAction::Continue);
        }
        if option_count > 0 && input.key_pressed(egui::Key::T) {
            state.typing = true;
            // The key that opened the box is not the first letter of the reply.
            let before = input.events.len();
            input.events.retain(|e| !is_letter_t(e));
            state.swallow_t = if input.events.len() == before { 2 } else { 0 };
            return None;
        }
        for (index, key) in widgets::NUMBER_KEYS.iter().enumerate().take(option_count) {
            if input.key_pressed(*key) {
                return Some(ConversationAction::Choose(index));
            }
        }
        if input.key_pressed(egui::Key::ArrowDown) && state.focus + 1 < option_count {
            state.focus += 1;
        }
        if input.key_pressed(egui::Key::ArrowUp) {
            state.focus = state.focus.saturating_sub(1);
        }
        (input.key_pressed(egui::Key::Enter) && option_count > 0)
            .then_some(ConversationAction::Choose(state.focus))
    })
}

fn is_letter_t(event: &egui::Event) -> bool {
    matches!(event, egui::Event::Text(t) if t.eq_ignore_ascii_case("t"))
}
