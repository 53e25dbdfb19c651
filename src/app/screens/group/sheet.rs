//! The observer's sheet: the six steps, techniques and anti-patterns as toggles (Tab and Space,
//! or the number keys for the six steps), each with its one-line definition; what the agent
//! said, which the reply analyser can read to propose marks; the authored reply the
//! conversation will follow; and Enter to mark the turn.

use egui::{RichText, Ui};

use super::view::{RoundAction, RoundUiState, RoundView, SheetEntry};
use crate::app::ui::{theme, tr};

use crate::app::ui::widgets::NUMBER_KEYS;

fn toggles(ui: &mut Ui, entries: &[SheetEntry], state: &mut RoundUiState) {
    for entry in entries {
        let mut on = state.draft.has(entry.tag);
        let proposed = state
            .draft
            .from_analyser
            .iter()
            .any(|id| id == entry.tag.id());
        let mut text = RichText::new(&entry.label);
        if proposed {
            text = text.color(theme::ACCENT);
        }
        let response = ui.checkbox(&mut on, text).on_hover_text(&entry.definition);
        if response.changed() {
            state.draft.toggle(entry.tag);
        }
        ui.label(RichText::new(&entry.definition).small().color(theme::MUTED));
    }
}

pub fn observer_sheet(
    ui: &mut Ui,
    view: &RoundView,
    state: &mut RoundUiState,
    typing: bool,
) -> Option<RoundAction> {
    let lang = view.lang;
    let mut action = None;
    // The sheet's keys, taken before the toggles see them: Enter marks the turn (it does not
    // also tick a focused toggle), ← → pick another authored reply (they do not move focus).
    let key = |ui: &mut Ui, key: egui::Key| {
        !typing && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
    };
    let enter = key(ui, egui::Key::Enter);
    let right = key(ui, egui::Key::ArrowRight);
    let left = key(ui, egui::Key::ArrowLeft);
    if !typing {
        for (key, entry) in NUMBER_KEYS.iter().zip(&view.steps) {
            if ui.input(|i| i.key_pressed(*key)) {
                state.draft.toggle(entry.tag);
            }
        }
    }
    ui.label(
        RichText::new(format!(
            "{}{}",
            tr(lang, "观察表 · 观察员：", "Observer's sheet · "),
            view.round.observer
        ))
        .strong(),
    );
    ui.label(
        RichText::new(tr(
            lang,
            "听客服说了什么，勾出做到的步骤、用到的技巧和落入的误区。",
            "Listen to the agent; tick the steps performed, the techniques used and the anti-patterns fallen into.",
        ))
        .small()
        .color(theme::MUTED),
    );
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.said)
                .hint_text(tr(
                    lang,
                    "客服说了什么（可不填）",
                    "What the agent said (optional)",
                ))
                .desired_width(ui.available_width() - 150.0),
        );
        if ui
            .add_enabled(
                !state.said.trim().is_empty(),
                egui::Button::new(tr(lang, "分析器建议", "Propose marks")),
            )
            .clicked()
        {
            action = Some(RoundAction::Propose(state.said.clone()));
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("observer_sheet")
        .max_height(ui.available_height() - 120.0)
        .show(ui, |ui| {
            ui.label(
                RichText::new(tr(
                    lang,
                    "共情六步骤（数字键 1–6）",
                    "The six steps (keys 1–6)",
                ))
                .strong(),
            );
            toggles(ui, &view.steps, state);
            ui.add_space(4.0);
            ui.label(
                RichText::new(tr(lang, "误区", "Anti-patterns"))
                    .strong()
                    .color(theme::BAD),
            );
            toggles(ui, &view.anti_patterns, state);
            ui.add_space(4.0);
            ui.label(RichText::new(tr(lang, "技巧", "Techniques")).strong());
            toggles(ui, &view.techniques, state);
        });
    if !state.draft.from_analyser.is_empty() {
        ui.label(
            RichText::new(tr(
                lang,
                "蓝色的是分析器提出的，请确认或修改。",
                "Marks in blue were proposed by the analyser: confirm or change them.",
            ))
            .small()
            .color(theme::ACCENT),
        );
    }
    // Where the conversation goes: the closest authored reply, ← → to pick another.
    let option = state.option(view);
    if !typing && !view.options.is_empty() {
        let step = |d: isize| {
            let at = view
                .options
                .iter()
                .position(|(i, _)| Some(*i) == option)
                .unwrap_or(0) as isize;
            let n = view.options.len() as isize;
            view.options[((at + d).rem_euclid(n)) as usize].0
        };
        if right {
            state.chosen = Some(step(1));
        }
        if left {
            state.chosen = Some(step(-1));
        }
    }
    let option = state.option(view);
    if let Some((index, text)) = view.options.iter().find(|(i, _)| Some(*i) == option) {
        let how = if state.chosen.is_some() && state.chosen != state.closest(view) {
            tr(lang, "观察员选定", "picked by the observer")
        } else {
            tr(lang, "最接近所勾内容", "closest to the marks")
        };
        let line = match lang {
            crate::engine::domain::Lang::Zh => {
                format!(
                    "对话走向参考回应 {}（{how}，← →）：{}",
                    index + 1,
                    text.get(lang)
                )
            }
            crate::engine::domain::Lang::En => format!(
                "The conversation follows authored reply {} ({how}, ← →): {}",
                index + 1,
                text.get(lang)
            ),
        };
        ui.label(RichText::new(line).small());
    }
    let submit = ui
        .add(
            egui::Button::new(
                RichText::new(tr(lang, "提交本回合 (Enter)", "Mark this turn (Enter)"))
                    .color(egui::Color32::WHITE),
            )
            .fill(theme::ACCENT),
        )
        .clicked();
    if (submit || enter)
        && let Some(option) = option
    {
        let mut marks = state.draft.clone();
        let said = state.said.trim();
        marks.said = (!said.is_empty()).then(|| said.to_owned());
        action = Some(RoundAction::Mark { marks, option });
    }
    action
}
