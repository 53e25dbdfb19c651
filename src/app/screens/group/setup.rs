//! Setting up a practice group: two or three names, the scenario card, and how a round goes.

use egui::{RichText, Ui};

use crate::app::ui::{theme, tr};
use crate::engine::domain::Lang;
use crate::engine::group::{GroupError, MAX_NAME_CHARS};
use crate::engine::scenario::Text;

/// Why the names do not make a group, in the interface's language.
pub fn describe(problem: &GroupError, lang: Lang) -> String {
    match (problem, lang) {
        (GroupError::Size(n), Lang::Zh) => format!("小组是两到三人；现在填了 {n} 个名字。"),
        (GroupError::Twice(name), Lang::Zh) => format!("“{name}”填了两次，请给每人不同的名字。"),
        (GroupError::TooLong, Lang::Zh) => format!("名字最长 {MAX_NAME_CHARS} 个字。"),
        (problem, Lang::En) => problem.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SetupView {
    pub lang: Lang,
    /// The scenario card the group will play.
    pub title: Text,
    pub summary: Text,
    /// Why the names entered do not make a group.
    pub problem: Option<GroupError>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SetupUiState {
    pub names: [String; 3],
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetupAction {
    Start(Vec<String>),
    Back,
}

pub fn draw(ui: &mut Ui, view: &SetupView, state: &mut SetupUiState) -> Option<SetupAction> {
    let lang = view.lang;
    let mut action = None;
    ui.heading(
        RichText::new(tr(lang, "小组演练", "Group practice"))
            .color(theme::ACCENT)
            .size(28.0),
    );
    ui.label(
        RichText::new(format!(
            "{}{}",
            tr(lang, "情景卡：", "Scenario card: "),
            view.title.get(lang)
        ))
        .size(20.0),
    );
    ui.label(RichText::new(view.summary.get(lang)).color(theme::MUTED));
    ui.add_space(12.0);
    ui.label(tr(
        lang,
        "两到三人一组：一人扮演客户，一人扮演客服，一人观察并按共情六步骤打分；每轮结束后角色轮换。",
        "Two or three people: one plays the customer, one the service agent, one observes and marks against the six steps; the parts rotate after each round.",
    ));
    ui.add_space(8.0);
    let labels = [
        tr(
            lang,
            "第一位（第 1 轮的客服）",
            "First (the agent in round 1)",
        ),
        tr(
            lang,
            "第二位（第 1 轮的客户）",
            "Second (the customer in round 1)",
        ),
        tr(
            lang,
            "第三位（第 1 轮的观察员，可不填）",
            "Third (the observer in round 1; optional)",
        ),
    ];
    for (i, label) in labels.iter().enumerate() {
        ui.label(*label);
        ui.add(
            egui::TextEdit::singleline(&mut state.names[i])
                .desired_width(360.0)
                .char_limit(MAX_NAME_CHARS),
        );
    }
    ui.add_space(6.0);
    ui.label(
        RichText::new(tr(
            lang,
            "两人一组时，扮演客户的人同时观察打分。Tab 在各栏之间移动。",
            "In a pair, the customer player also observes. Tab moves between the fields.",
        ))
        .small()
        .color(theme::MUTED),
    );
    if let Some(problem) = &view.problem {
        ui.label(RichText::new(describe(problem, lang)).color(theme::BAD));
    }
    ui.add_space(10.0);
    let start = ui.horizontal(|ui| {
        let start = ui
            .add(
                egui::Button::new(
                    RichText::new(tr(lang, "开始第 1 轮 (Enter)", "Start round 1 (Enter)"))
                        .color(egui::Color32::WHITE),
                )
                .fill(theme::ACCENT),
            )
            .clicked();
        if ui.button(tr(lang, "返回 (Esc)", "Back (Esc)")).clicked() {
            action = Some(SetupAction::Back);
        }
        start
    });
    let (enter, escape) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    });
    if escape {
        return Some(SetupAction::Back);
    }
    // Enter on the focused Back button goes back, not on.
    if action.is_none() && (start.inner || enter) {
        action = Some(SetupAction::Start(state.names.to_vec()));
    }
    action
}
