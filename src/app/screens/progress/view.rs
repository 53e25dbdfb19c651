//! Progress over time: the overall score and each of the six steps per session (egui_plot), and
//! the list of past sessions, each of which opens its debrief.

use egui::{RichText, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use crate::adapters::records::date_of;
use crate::app::ui::{theme, tr, widgets};
use crate::engine::domain::{Lang, Outcome, Step};
use crate::engine::play::session::SessionRecord;
use crate::engine::scenario::Text;

#[derive(Clone, Debug, PartialEq)]
pub struct ProgressRow {
    pub date: String,
    pub title: Text,
    pub overall: f64,
    pub outcome: Outcome,
    pub steps: Vec<f64>,
    /// A round of group practice: the trainee who was the agent. `None` for one's own sessions.
    pub learner: Option<String>,
}

/// Whose sessions the progress screen shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Whose {
    #[default]
    Everyone,
    /// One's own sessions, not group rounds.
    Mine,
    /// The group rounds in which this trainee was the agent.
    Member(String),
}

impl Whose {
    fn shows(&self, row: &ProgressRow) -> bool {
        match self {
            Whose::Everyone => true,
            Whose::Mine => row.learner.is_none(),
            Whose::Member(name) => row.learner.as_deref() == Some(name.as_str()),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProgressUiState {
    pub whose: Whose,
}

/// How many of the most recent sessions the chart shows.
pub const PLOTTED: usize = 500;

#[derive(Clone, Debug, PartialEq)]
pub struct ProgressView {
    pub lang: Lang,
    /// Scored sessions, oldest first.
    pub sessions: Vec<ProgressRow>,
    /// The history is still being read.
    pub loading: bool,
    /// The group members with rounds in the history, in the order first met.
    pub learners: Vec<String>,
}

impl ProgressView {
    pub fn of(records: &[SessionRecord], lang: Lang) -> ProgressView {
        let sessions = records
            .iter()
            .filter_map(|record| {
                let card = record.score.as_ref()?;
                Some(ProgressRow {
                    date: date_of(record.started_at),
                    title: record.scenario_title.clone(),
                    overall: card.overall,
                    outcome: card.outcome,
                    steps: Step::ALL.iter().map(|s| card.step(*s)).collect(),
                    learner: record.group.as_ref().map(|g| g.agent.clone()),
                })
            })
            .collect::<Vec<ProgressRow>>();
        let mut learners: Vec<String> = Vec::new();
        for name in sessions.iter().filter_map(|r| r.learner.as_ref()) {
            if !learners.contains(name) {
                learners.push(name.clone());
            }
        }
        ProgressView {
            lang,
            sessions,
            loading: false,
            learners,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProgressAction {
    /// Open the debrief of the session at this position (oldest first).
    Open(usize),
    Back,
}

const STEP_COLORS: [egui::Color32; 6] = [
    egui::Color32::from_rgb(0x7A, 0x86, 0x9A),
    egui::Color32::from_rgb(0xD9, 0x95, 0x3B),
    egui::Color32::from_rgb(0x8E, 0x74, 0xB8),
    egui::Color32::from_rgb(0x4B, 0x9B, 0x6E),
    egui::Color32::from_rgb(0x5B, 0x8D, 0xC8),
    egui::Color32::from_rgb(0xC8, 0x5A, 0x54),
];

pub fn draw(
    ui: &mut Ui,
    view: &ProgressView,
    state: &mut ProgressUiState,
) -> Option<ProgressAction> {
    let lang = view.lang;
    let mut action = ui.input(|i| {
        i.key_pressed(egui::Key::Escape)
            .then_some(ProgressAction::Back)
    });
    // With group rounds in the history: whose progress (W cycles).
    if !view.learners.is_empty() {
        let mut choices = vec![Whose::Everyone, Whose::Mine];
        choices.extend(view.learners.iter().cloned().map(Whose::Member));
        if ui.input(|i| i.key_pressed(egui::Key::W)) {
            let at = choices.iter().position(|w| *w == state.whose).unwrap_or(0);
            state.whose = choices[(at + 1) % choices.len()].clone();
        }
        ui.horizontal(|ui| {
            ui.label(tr(lang, "谁的进度 (W)：", "Whose progress (W):"));
            for choice in choices {
                let label = match &choice {
                    Whose::Everyone => tr(lang, "全部", "Everyone").to_owned(),
                    Whose::Mine => tr(lang, "我的练习", "My sessions").to_owned(),
                    Whose::Member(name) => name.clone(),
                };
                if ui.selectable_label(state.whose == choice, label).clicked() {
                    state.whose = choice;
                }
            }
        });
    }
    // The rows shown, by their position in `view.sessions`.
    let shown_rows: Vec<usize> = (0..view.sessions.len())
        .filter(|i| state.whose.shows(&view.sessions[*i]))
        .collect();
    ui.horizontal(|ui| {
        if ui
            .button(tr(lang, "← 返回 (Esc)", "← Back (Esc)"))
            .clicked()
        {
            action = Some(ProgressAction::Back);
        }
        ui.heading(tr(lang, "练习进度", "Progress"));
        ui.label(
            RichText::new(format!(
                "{} {}",
                shown_rows.len(),
                tr(lang, "次练习", "sessions")
            ))
            .color(theme::MUTED),
        );
        if view.loading {
            ui.label(
                RichText::new(tr(lang, "正在读取练习记录…", "Reading your history…"))
                    .color(theme::MUTED),
            );
        }
    });
    ui.add_space(6.0);
    if shown_rows.is_empty() {
        theme::card().show(ui, |ui| {
            ui.label(tr(
                lang,
                "完成一次练习后，这里会显示你的进步。",
                "Finish a session and your progress will show here.",
            ));
        });
        return action;
    }

    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        Plot::new("progress")
            .height(260.0)
            .include_y(0.0)
            .include_y(100.0)
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .legend(Legend::default())
            .show(ui, |plot| {
                // The most recent sessions: a long history would crowd the chart and slow
                // every frame.
                let first = shown_rows.len().saturating_sub(PLOTTED);
                let points = |value: &dyn Fn(&ProgressRow) -> f64| -> PlotPoints {
                    shown_rows[first..]
                        .iter()
                        .enumerate()
                        .map(|(i, row)| [(first + i + 1) as f64, value(&view.sessions[*row])])
                        .collect()
                };
                plot.line(
                    Line::new(tr(lang, "总分", "Overall"), points(&|r| r.overall))
                        .color(theme::ACCENT)
                        .width(3.0),
                );
                for (index, step) in Step::ALL.iter().enumerate() {
                    let name = format!("{} {}", step.number(), step.label(lang));
                    plot.line(
                        Line::new(name, points(&|r| r.steps[index]))
                            .color(STEP_COLORS[index])
                            .width(1.2),
                    );
                }
            });
    });
    ui.add_space(6.0);
    widgets::key_hint(
        ui,
        tr(
            lang,
            "点击一次练习查看复盘",
            "Click a session to open its debrief",
        ),
    );
    egui::ScrollArea::vertical()
        .id_salt("sessions")
        .auto_shrink([false, false])
        .show_rows(ui, 36.0, shown_rows.len(), |ui, shown| {
            // Newest first; only the rows in sight are laid out.
            for position in shown {
                let index = shown_rows[shown_rows.len() - 1 - position];
                let row = &view.sessions[index];
                let who = row
                    .learner
                    .as_ref()
                    .map_or_else(String::new, |name| format!("   {name}"));
                let text = format!(
                    "{}   {}   {:.0}   {}{who}",
                    row.date,
                    row.title.get(lang),
                    row.overall,
                    row.outcome.label(lang)
                );
                if ui
                    .add(egui::Button::new(text).min_size(egui::vec2(ui.available_width(), 32.0)))
                    .clicked()
                {
                    action = Some(ProgressAction::Open(index));
                }
            }
        });
    action
}
