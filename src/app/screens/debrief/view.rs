//! The debrief as drawn: overall score and grade, the six steps as a chart, what went well and
//! what to improve, and per-turn feedback naming the better move. Everything it says comes from
//! the engine's [`Debrief`]; this file only lays it out.

use std::ops::{Deref, DerefMut};

use egui::{RichText, Ui};

use super::chart::step_chart;
use crate::app::ui::{colon, theme, tr, widgets};
use crate::engine::debrief::{Debrief, TurnFeedback, improvements_heading, strengths_heading};
use crate::engine::domain::{Lang, Outcome};
use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::SessionRecord;

#[derive(Clone, Debug, PartialEq)]
pub struct DebriefView {
    pub lang: Lang,
    pub debrief: Debrief,
    /// Whether the session reached the history: the file, or why not. `None` when not kept.
    pub saved: Option<Result<String, String>>,
    /// A round of group practice was just played: the next round can start (R).
    pub next_round: bool,
    /// Where the group's summary page was written, or why not.
    pub group_summary: Option<Result<String, String>>,
}

impl Deref for DebriefView {
    type Target = Debrief;
    fn deref(&self) -> &Debrief {
        &self.debrief
    }
}

impl DerefMut for DebriefView {
    fn deref_mut(&mut self) -> &mut Debrief {
        &mut self.debrief
    }
}

impl DebriefView {
    /// The debrief of a finished session record; `None` if it has no score yet.
    pub fn of(record: &SessionRecord, rubric: &Rubric, lang: Lang) -> Option<DebriefView> {
        Some(DebriefView {
            lang,
            debrief: Debrief::of(record, rubric)?,
            saved: None,
            next_round: false,
            group_summary: None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum DebriefAction {
    Replay,
    Library,
    /// Start the recommended scenario.
    Practise(String),
    /// Group practice: the next round, the parts moved on.
    NextRound,
}

pub fn draw(ui: &mut Ui, view: &DebriefView) -> Option<DebriefAction> {
    let mut action = keyboard(ui, view);
    if let Some(clicked) = header(ui, view) {
        action = Some(clicked);
    }
    ui.add_space(6.0);
    let mut practise = None;
    egui::ScrollArea::vertical()
        .id_salt("debrief")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            widgets::columns(
                ui,
                270.0,
                |ui| score_card(ui, view),
                |ui| steps_card(ui, view),
            );
            ui.add_space(8.0);
            // 三问法: what did I do right / what can improve / what to practise next.
            widgets::halves(
                ui,
                |ui| strengths_card(ui, view),
                |ui| practise = improvements_card(ui, view),
            );
            ui.add_space(8.0);
            let lang = view.lang;
            ui.label(RichText::new(tr(lang, "逐回合反馈", "Turn-by-turn feedback")).strong());
            for turn in &view.turns {
                turn_card(ui, view, turn);
            }
        });
    action.or(practise)
}

fn keyboard(ui: &Ui, view: &DebriefView) -> Option<DebriefAction> {
    ui.input(|input| {
        if input.key_pressed(egui::Key::R) {
            Some(if view.next_round {
                DebriefAction::NextRound
            } else {
                DebriefAction::Replay
            })
        } else if input.key_pressed(egui::Key::N) {
            view.recommendation
                .as_ref()
                .map(|(id, _)| DebriefAction::Practise(id.clone()))
        } else if input.key_pressed(egui::Key::Escape)
            // In a group round Enter is the observer's key for marking; it must not leave the
            // debrief the group has just reached.
            || (input.key_pressed(egui::Key::Enter) && !view.next_round)
        {
            Some(DebriefAction::Library)
        } else {
            None
        }
    })
}

/// The title, the way out and whether the session was saved.
fn header(ui: &mut Ui, view: &DebriefView) -> Option<DebriefAction> {
    let lang = view.lang;
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading(format!(
            "{} · {}",
            tr(lang, "复盘", "Debrief"),
            view.scenario_title.get(lang)
        ));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let back = if view.next_round {
                tr(lang, "返回情景库 (Esc)", "Back to library (Esc)")
            } else {
                tr(lang, "返回情景库 (Enter)", "Back to library (Enter)")
            };
            if ui.button(back).clicked() {
                action = Some(DebriefAction::Library);
            }
            if view.next_round {
                if ui
                    .button(tr(
                        lang,
                        "下一轮，角色轮换 (R)",
                        "Next round, parts rotate (R)",
                    ))
                    .clicked()
                {
                    action = Some(DebriefAction::NextRound);
                }
            } else if ui
                .button(tr(lang, "再练一次 (R)", "Practise again (R)"))
                .clicked()
            {
                action = Some(DebriefAction::Replay);
            }
        });
    });
    if let Some(round) = &view.group {
        ui.label(
            RichText::new(crate::engine::debrief::round_line(round, lang))
                .strong()
                .color(theme::ACCENT),
        );
    }
    match &view.group_summary {
        Some(Ok(path)) => widgets::key_hint(
            ui,
            &format!(
                "{}{path}",
                tr(lang, "本组每轮小结：", "The group's round summary: ")
            ),
        ),
        Some(Err(error)) => {
            ui.label(
                RichText::new(format!(
                    "{}{error}",
                    tr(
                        lang,
                        "未能写出每轮小结：",
                        "The round summary could not be written: "
                    )
                ))
                .color(theme::BAD),
            );
        }
        None => {}
    }
    match &view.saved {
        Some(Ok(_)) => widgets::key_hint(
            ui,
            tr(
                lang,
                "已保存到练习记录。",
                "Saved to your practice history.",
            ),
        ),
        Some(Err(error)) => {
            let text = format!(
                "{}{}",
                tr(lang, "未能保存这次练习：", "Could not save this session: "),
                error
            );
            ui.label(RichText::new(text).color(theme::BAD));
        }
        None => {}
    }
    action
}

fn score_card(ui: &mut Ui, view: &DebriefView) {
    let lang = view.lang;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr(lang, "总分", "Overall")).color(theme::MUTED));
        ui.label(
            RichText::new(format!("{:.0}", view.overall))
                .size(52.0)
                .strong()
                .color(theme::ACCENT),
        );
        ui.label(
            RichText::new(format!(
                "{} {} · {}",
                tr(lang, "等级", "Grade"),
                view.grade,
                view.grade_label.get(lang)
            ))
            .strong(),
        );
        let color = if view.outcome == Outcome::Resolved {
            theme::GOOD
        } else {
            theme::BAD
        };
        widgets::chip(ui, view.outcome.label(lang), color);
        if let Some(text) = &view.ending_text {
            ui.label(RichText::new(text.get(lang)).small().italics());
        }
        ui.add_space(4.0);
        let c = &view.components;
        ui.label(
            RichText::new(format!(
                "{} {:.0} · {} {:.0} · {} {:.0} · {} −{:.0}",
                tr(lang, "步骤", "steps"),
                c.steps,
                tr(lang, "技巧", "techniques"),
                c.techniques,
                tr(lang, "结果", "outcome"),
                c.outcome,
                tr(lang, "扣分", "penalties"),
                c.penalties_shown()
            ))
            .small()
            .color(theme::MUTED),
        );
    });
}

fn steps_card(ui: &mut Ui, view: &DebriefView) {
    let lang = view.lang;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr(lang, "共情六步骤", "The six-step empathy model")).strong());
        step_chart(ui, view);
        ui.horizontal_wrapped(|ui| {
            for (step, score) in &view.steps {
                ui.label(
                    RichText::new(format!(
                        "{} {} {:.0}",
                        step.number(),
                        step.label(lang),
                        score
                    ))
                    .small(),
                );
            }
        });
    });
}

fn strengths_card(ui: &mut Ui, view: &DebriefView) {
    let lang = view.lang;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(strengths_heading(lang))
                .strong()
                .color(theme::GOOD),
        );
        if view.strengths.is_empty() {
            ui.label(match lang {
                Lang::Zh => format!(
                    "这次还没有达到{:.0}分的步骤，别灰心，看看右边的建议。",
                    view.rules.strong
                ),
                Lang::En => format!(
                    "No step reached {:.0} this time — see the suggestions opposite.",
                    view.rules.strong
                ),
            });
        }
        for (step, score) in &view.strengths {
            ui.label(format!("• {} ({score:.0})", step.label(lang)));
        }
    });
}

/// What to improve and what to practise next; returns the choice of the recommended scenario.
fn improvements_card(ui: &mut Ui, view: &DebriefView) -> Option<DebriefAction> {
    let lang = view.lang;
    let mut practise = None;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(improvements_heading(lang))
                .strong()
                .color(theme::WARN),
        );
        if view.improvements.is_empty() {
            ui.label(view.no_improvements(lang));
        }
        for item in &view.improvements {
            ui.label(
                RichText::new(format!("• {} ({:.0})", item.step.label(lang), item.score)).strong(),
            );
            let turn = item
                .turn
                .map(|t| format!("{} {}{}", tr(lang, "回合", "Turn"), t, colon(lang)))
                .unwrap_or_default();
            ui.label(RichText::new(format!("{turn}{}", item.advice.get(lang))).small());
        }
        if let Some((id, title)) = &view.recommendation {
            ui.add_space(6.0);
            ui.label(RichText::new(tr(lang, "接下来练什么？", "What to practise next?")).strong());
            let text = format!("{} (N)", title.get(lang));
            if ui.button(text).clicked() {
                practise = Some(DebriefAction::Practise(id.clone()));
            }
        }
    });
    practise
}

fn turn_card(ui: &mut Ui, view: &DebriefView, turn: &TurnFeedback) {
    let lang = view.lang;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{} {}", tr(lang, "回合", "Turn"), turn.turn)).strong());
            for step in &turn.steps {
                widgets::chip(ui, step.label(lang), theme::GOOD);
            }
            for anti in &turn.anti_patterns {
                widgets::chip(ui, anti.label(lang), theme::BAD);
            }
        });
        ui.label(
            RichText::new(format!(
                "{}{}{}",
                view.persona_name.get(lang),
                colon(lang),
                turn.customer.get(lang)
            ))
            .small()
            .color(theme::MUTED),
        );
        ui.label(format!(
            "{}{}{}",
            tr(lang, "你", "You"),
            colon(lang),
            turn.response.get(lang)
        ));
        if let Some(heard) = turn.heard_line(lang) {
            ui.label(RichText::new(heard).small().color(theme::MUTED));
        }
        if let Some(marked) = view.marked_line(turn, lang) {
            ui.label(RichText::new(marked).small().color(theme::MUTED));
        }
        ui.label(RichText::new(turn.feedback.get(lang)).color(theme::ACCENT));
        for better in &turn.better {
            ui.label(
                RichText::new(format!(
                    "{} {}",
                    tr(lang, "更好的做法：", "Better move:"),
                    better.get(lang)
                ))
                .small(),
            );
        }
    });
}
