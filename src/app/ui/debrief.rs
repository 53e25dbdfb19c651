//! The debrief: overall score and grade, the six steps as a chart, what went well and what to
//! improve, and per-turn feedback naming the better move.

use egui::{RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use super::{colon, theme, tr, widgets};
use crate::engine::domain::{AntiPattern, Lang, Outcome, Step};
use crate::engine::rubric::Rubric;
use crate::engine::scenario::Text;
use crate::engine::score::Components;
use crate::engine::session::SessionRecord;

#[derive(Clone, Debug, PartialEq)]
pub struct TurnFeedback {
    pub turn: usize,
    pub customer: Text,
    pub response: Text,
    pub feedback: Text,
    pub steps: Vec<Step>,
    pub anti_patterns: Vec<AntiPattern>,
    /// The better move for each anti-pattern the response fell into.
    pub better: Vec<Text>,
}

/// A weak step, with the turn where it slipped and the better move (or a tip for the step).
#[derive(Clone, Debug, PartialEq)]
pub struct Improvement {
    pub step: Step,
    pub score: f64,
    pub turn: Option<usize>,
    pub advice: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DebriefView {
    pub lang: Lang,
    pub scenario_title: Text,
    pub persona_name: Text,
    pub outcome: Outcome,
    pub ending_text: Option<Text>,
    pub overall: f64,
    pub grade: String,
    pub grade_label: Text,
    pub components: Components,
    pub steps: Vec<(Step, f64)>,
    pub turns: Vec<TurnFeedback>,
    /// Whether the session reached the history: the file, or why not. `None` when not kept.
    pub saved: Option<Result<String, String>>,
    /// The two weakest steps below 80, weakest first.
    pub improvements: Vec<Improvement>,
    /// A scenario that exercises the weakest step: its id and title.
    pub recommendation: Option<(String, Text)>,
}

impl DebriefView {
    /// The debrief of a finished session record; `None` if it has no score yet.
    pub fn of(record: &SessionRecord, rubric: &Rubric, lang: Lang) -> Option<DebriefView> {
        let card = record.score.as_ref()?;
        let turns = record
            .turns
            .iter()
            .map(|t| TurnFeedback {
                turn: t.turn,
                customer: t.customer.clone(),
                response: t.response.clone(),
                feedback: t.feedback.clone(),
                steps: t.steps.clone(),
                anti_patterns: t.anti_patterns.clone(),
                better: t
                    .anti_patterns
                    .iter()
                    .filter_map(|a| rubric.anti_patterns.get(a))
                    .map(|r| r.better.clone())
                    .collect(),
            })
            .collect();
        Some(DebriefView {
            lang,
            scenario_title: record.scenario_title.clone(),
            persona_name: record.persona_name.clone(),
            outcome: card.outcome,
            ending_text: record.ending_text.clone(),
            overall: card.overall,
            grade: card.grade.clone(),
            grade_label: card.grade_label.clone(),
            components: card.components,
            steps: card.steps.iter().map(|s| (s.step, s.score)).collect(),
            turns,
            saved: None,
            improvements: improvements(card, rubric),
            recommendation: None,
        })
    }

    /// Steps at 80 or more, strongest first.
    pub fn strengths(&self) -> Vec<(Step, f64)> {
        let mut strong: Vec<(Step, f64)> = self
            .steps
            .iter()
            .copied()
            .filter(|(_, s)| *s >= 80.0)
            .collect();
        strong.sort_by(|a, b| b.1.total_cmp(&a.1));
        strong
    }
}

/// The two weakest steps below 80, each with the costliest slip on it (turn and better move),
/// or the step's tip when it was simply never performed.
fn improvements(card: &crate::engine::score::ScoreCard, rubric: &Rubric) -> Vec<Improvement> {
    let mut weak: Vec<(Step, f64)> = card
        .steps
        .iter()
        .map(|s| (s.step, s.score))
        .filter(|(_, s)| *s < 80.0)
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1));
    weak.truncate(2);
    weak.into_iter()
        .map(|(step, score)| {
            let slip = card
                .lines
                .iter()
                .filter(|l| {
                    l.step == Some(step) && (l.points < 0.0 || l.rule.starts_with("order."))
                })
                .min_by(|a, b| a.points.total_cmp(&b.points));
            match slip {
                Some(line) => Improvement {
                    step,
                    score,
                    turn: line.turn,
                    advice: line.note.clone(),
                },
                None => Improvement {
                    step,
                    score,
                    turn: None,
                    advice: rubric.step_tips.get(&step).cloned().unwrap_or_default(),
                },
            }
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
pub enum DebriefAction {
    Replay,
    Library,
    /// Start the recommended scenario.
    Practise(String),
}

fn step_chart(ui: &mut Ui, view: &DebriefView) {
    let lang = view.lang;
    let bars: Vec<Bar> = view
        .steps
        .iter()
        .map(|(step, score)| {
            let color = if *score >= 80.0 {
                theme::GOOD
            } else if *score >= 50.0 {
                theme::WARN
            } else {
                theme::BAD
            };
            Bar::new(step.number() as f64, *score)
                .name(step.label(lang))
                .fill(color)
                .width(0.6)
        })
        .collect();
    let names: Vec<String> = view
        .steps
        .iter()
        .map(|(s, _)| format!("{}", s.number()))
        .collect();
    Plot::new("six_steps")
        .height(200.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_axes([true, true])
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round() as usize;
            if (mark.value - index as f64).abs() < 1e-6 && (1..=names.len()).contains(&index) {
                names[index - 1].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(
                tr(lang, "六步骤得分", "Six-step scores"),
                bars,
            ))
        });
}

pub fn draw(ui: &mut Ui, view: &DebriefView) -> Option<DebriefAction> {
    let lang = view.lang;
    let mut action = ui.input(|input| {
        if input.key_pressed(egui::Key::R) {
            Some(DebriefAction::Replay)
        } else if input.key_pressed(egui::Key::N) {
            view.recommendation
                .as_ref()
                .map(|(id, _)| DebriefAction::Practise(id.clone()))
        } else if input.key_pressed(egui::Key::Enter) || input.key_pressed(egui::Key::Escape) {
            Some(DebriefAction::Library)
        } else {
            None
        }
    });

    ui.horizontal(|ui| {
        ui.heading(format!(
            "{} · {}",
            tr(lang, "复盘", "Debrief"),
            view.scenario_title.get(lang)
        ));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(tr(lang, "返回情景库 (Enter)", "Back to library (Enter)"))
                .clicked()
            {
                action = Some(DebriefAction::Library);
            }
            if ui
                .button(tr(lang, "再练一次 (R)", "Practise again (R)"))
                .clicked()
            {
                action = Some(DebriefAction::Replay);
            }
        });
    });
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
    ui.add_space(6.0);

    let mut practise_choice = None;
    egui::ScrollArea::vertical()
        .id_salt("debrief")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            widgets::columns(
                ui,
                270.0,
                |ui| {
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
                                c.penalties
                            ))
                            .small()
                            .color(theme::MUTED),
                        );
                    });
                },
                |ui| {
                    theme::card().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(tr(lang, "共情六步骤", "The six-step empathy model"))
                                .strong(),
                        );
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
                },
            );
            ui.add_space(8.0);

            // 三问法: what did I do right / what can improve / what to practise next.
            let practise = &mut practise_choice;
            widgets::halves(
                ui,
                |ui| {
                    theme::card().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(tr(lang, "我做对了什么？", "What did I do right?"))
                                .strong()
                                .color(theme::GOOD),
                        );
                        let strengths = view.strengths();
                        if strengths.is_empty() {
                            ui.label(tr(
                                lang,
                                "这次还没有做到位的步骤，别灰心，看看右边的建议。",
                                "No step reached 80 this time — see the suggestions opposite.",
                            ));
                        }
                        for (step, score) in strengths {
                            ui.label(format!("• {} ({score:.0})", step.label(lang)));
                        }
                    });
                },
                |ui| {
                    theme::card().show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(
                            RichText::new(tr(lang, "有哪些可改进？", "What can I improve?"))
                                .strong()
                                .color(theme::WARN),
                        );
                        if view.improvements.is_empty() {
                            ui.label(tr(
                                lang,
                                "六个步骤都达到了80分以上。",
                                "All six steps reached 80 or more.",
                            ));
                        }
                        for item in &view.improvements {
                            ui.label(
                                RichText::new(format!(
                                    "• {} ({:.0})",
                                    item.step.label(lang),
                                    item.score
                                ))
                                .strong(),
                            );
                            let turn = item
                                .turn
                                .map(|t| {
                                    format!("{} {}{}", tr(lang, "回合", "Turn"), t, colon(lang))
                                })
                                .unwrap_or_default();
                            ui.label(
                                RichText::new(format!("{turn}{}", item.advice.get(lang))).small(),
                            );
                        }
                        if let Some((id, title)) = &view.recommendation {
                            ui.add_space(6.0);
                            ui.label(
                                RichText::new(tr(lang, "接下来练什么？", "What to practise next?"))
                                    .strong(),
                            );
                            let text = format!("{} (N)", title.get(lang));
                            if ui.button(text).clicked() {
                                *practise = Some(DebriefAction::Practise(id.clone()));
                            }
                        }
                    });
                },
            );
            ui.add_space(8.0);

            ui.label(RichText::new(tr(lang, "逐回合反馈", "Turn-by-turn feedback")).strong());
            for turn in &view.turns {
                theme::card().show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{} {}", tr(lang, "回合", "Turn"), turn.turn))
                                .strong(),
                        );
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
        });
    action.or(practise_choice)
}
