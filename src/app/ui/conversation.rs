//! The conversation: the customer's card with live emotions, the transcript, the current line with
//! its observable cues, and the trainee's options. After a choice, a coach note shows the
//! customer's reaction and feedback until the trainee continues.

use egui::{RichText, Ui};

use super::{colon, theme, tr, widgets};
use crate::engine::domain::{Lang, Outcome, PersonaStyle};
use crate::engine::scenario::{Emotions, Node, Text};
use crate::engine::session::{OptionPreview, Session};

#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    pub customer: Text,
    pub response: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CurrentTurn {
    pub customer: Text,
    pub tone: Option<Text>,
    pub body: Option<Text>,
    /// Option texts in presented order.
    pub options: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReactionView {
    pub response: Text,
    pub feedback: Text,
    pub change: Emotions,
    /// Set when this choice ended the conversation.
    pub ended: Option<Outcome>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConversationView {
    pub lang: Lang,
    pub scenario_title: Text,
    pub persona_name: Text,
    pub style: PersonaStyle,
    pub background: Text,
    pub mood: Text,
    pub emotions: Emotions,
    pub turn_number: usize,
    pub transcript: Vec<Exchange>,
    /// The line to answer; `None` while the coach note is showing or once the call has ended.
    pub current: Option<CurrentTurn>,
    pub reaction: Option<ReactionView>,
    /// Author mode: what each presented option would do, in presented order.
    pub previews: Vec<OptionPreview>,
    /// Messages about the scenario file, such as a reload; `true` marks a problem.
    pub notices: Vec<(String, bool)>,
    /// The customer's picture, once loaded.
    pub portrait: Option<egui::TextureId>,
}

impl ConversationView {
    /// The view of a session. `reviewing` shows the coach note for the last choice.
    pub fn of(session: &Session, lang: Lang, reviewing: bool) -> ConversationView {
        let scenario = session.scenario();
        let last = session.transcript().last();
        let reaction = last
            .filter(|_| reviewing || session.is_over())
            .map(|turn| ReactionView {
                response: turn.response.clone(),
                feedback: turn.feedback.clone(),
                change: turn.change,
                ended: session.outcome(),
            });
        let current = match session.current_node() {
            Some(Node::Turn {
                customer,
                tone,
                body,
                ..
            }) if reaction.is_none() => Some(CurrentTurn {
                customer: customer.clone(),
                tone: tone.clone(),
                body: body.clone(),
                options: session
                    .presented_options()
                    .iter()
                    .map(|(_, c)| c.text.clone())
                    .collect(),
            }),
            _ => None,
        };
        ConversationView {
            lang,
            scenario_title: scenario.title.clone(),
            persona_name: session.persona_name().clone(),
            style: scenario.persona.style,
            background: scenario.persona.background.clone(),
            mood: session.mood().label.clone(),
            emotions: *session.emotions(),
            turn_number: session.transcript().len() + usize::from(current.is_some()),
            transcript: session
                .transcript()
                .iter()
                .map(|t| Exchange {
                    customer: t.customer.clone(),
                    response: t.response.clone(),
                })
                .collect(),
            current,
            reaction,
            previews: Vec::new(),
            notices: Vec::new(),
            portrait: None,
        }
    }

    /// Adds author mode's preview of every option on the current turn.
    pub fn with_previews(mut self, session: &Session) -> ConversationView {
        if self.current.is_some() {
            self.previews = (0..session.presented_options().len())
                .filter_map(|i| session.preview(i))
                .collect();
        }
        self
    }

    pub fn with_notices(mut self, notices: Vec<(String, bool)>) -> ConversationView {
        self.notices = notices;
        self
    }
}

/// One line on what an option would do: points, emotion changes, where it leads.
pub fn preview_line(lang: Lang, preview: &OptionPreview) -> String {
    let mut parts = vec![format!(
        "{:+.1} {}",
        preview.score_change,
        tr(lang, "分", "pts")
    )];
    parts.extend(
        preview
            .change
            .iter()
            .filter(|(_, value)| *value != 0)
            .map(|(emotion, value)| format!("{} {value:+}", emotion.label(lang))),
    );
    if preview.escalates {
        parts.push(tr(lang, "将升级投诉", "escalates").to_owned());
    }
    format!("{} → {}", parts.join(" · "), preview.next)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConversationUiState {
    /// The highlighted option (keyboard focus).
    pub focus: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConversationAction {
    /// An option, by presented position.
    Choose(usize),
    Continue,
    Leave,
}

const NUMBER_KEYS: [egui::Key; 9] = [
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

fn keyboard(
    ui: &Ui,
    view: &ConversationView,
    state: &mut ConversationUiState,
) -> Option<ConversationAction> {
    let option_count = view.current.as_ref().map_or(0, |c| c.options.len());
    state.focus = state.focus.min(option_count.saturating_sub(1));
    ui.input(|input| {
        if input.key_pressed(egui::Key::Escape) {
            return Some(ConversationAction::Leave);
        }
        if view.reaction.is_some() {
            let go_on = input.key_pressed(egui::Key::Enter) || input.key_pressed(egui::Key::Space);
            return go_on.then_some(ConversationAction::Continue);
        }
        for (index, key) in NUMBER_KEYS.iter().enumerate().take(option_count) {
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

fn bubble(ui: &mut Ui, text: &str, who: &str, fill: egui::Color32, right: bool) {
    let align = if right {
        egui::Align::Max
    } else {
        egui::Align::Min
    };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        let width = ui.available_width() * 0.8;
        egui::Frame::new()
            .fill(fill)
            .corner_radius(egui::CornerRadius::same(10))
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_max_width(width);
                ui.vertical(|ui| {
                    ui.label(RichText::new(who).small().color(theme::MUTED));
                    ui.add(egui::Label::new(text).wrap());
                });
            });
    });
}

pub fn draw(
    ui: &mut Ui,
    view: &ConversationView,
    state: &mut ConversationUiState,
) -> Option<ConversationAction> {
    let lang = view.lang;
    let mut action = keyboard(ui, view, state);

    ui.horizontal(|ui| {
        if ui
            .button(tr(lang, "← 返回情景库 (Esc)", "← Library (Esc)"))
            .clicked()
        {
            action = Some(ConversationAction::Leave);
        }
        ui.heading(view.scenario_title.get(lang));
        ui.label(
            RichText::new(format!("{} {}", tr(lang, "回合", "Turn"), view.turn_number))
                .color(theme::MUTED),
        );
    });
    for (notice, problem) in &view.notices {
        let color = if *problem { theme::BAD } else { theme::ACCENT };
        ui.label(RichText::new(notice).color(color));
    }
    ui.add_space(6.0);

    widgets::columns(
        ui,
        330.0,
        |ui| {
            // The customer card.
            theme::card().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    if let Some(portrait) = view.portrait {
                        ui.add(
                            egui::Image::new((portrait, egui::vec2(56.0, 56.0))).corner_radius(28),
                        );
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
        },
        |ui| {
            // The conversation: the answer area is anchored at the bottom, the transcript scrolls above it.
            egui::Panel::bottom("answer")
                .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 8)))
                .resizable(false)
                .show_separator_line(false)
                .show(ui, |ui| {
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
                                let button = egui::Button::new(
                                    RichText::new(label).color(egui::Color32::WHITE).strong(),
                                )
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
                                        RichText::new(format!(
                                            "{label}{}{}",
                                            colon(lang),
                                            text.get(lang)
                                        ))
                                        .italics()
                                        .color(theme::MUTED),
                                    );
                                }
                            };
                            cue(ui, tr(lang, "语气", "Tone"), &turn.tone);
                            cue(ui, tr(lang, "肢体语言", "Body language"), &turn.body);
                        });
                        ui.add_space(6.0);
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
                                let color = if preview.escalates || preview.score_change < 0.0 {
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
                        widgets::key_hint(
                            ui,
                            tr(
                                lang,
                                "数字键选择 · ↑↓ 移动 · Enter 确认 · Esc 返回",
                                "Number keys choose · ↑↓ move · Enter confirms · Esc leaves",
                            ),
                        );
                    }
                });
            egui::ScrollArea::vertical()
                .id_salt("transcript")
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let customer_name = view.persona_name.get(lang);
                    let you = tr(lang, "你", "You");
                    for exchange in &view.transcript {
                        bubble(
                            ui,
                            exchange.customer.get(lang),
                            customer_name,
                            theme::CUSTOMER_BUBBLE,
                            false,
                        );
                        bubble(
                            ui,
                            exchange.response.get(lang),
                            you,
                            theme::TRAINEE_BUBBLE,
                            true,
                        );
                    }
                });
        },
    );
    action
}
