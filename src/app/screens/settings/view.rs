//! Settings: interface language, text size, free-reply mode and author mode.

use egui::{RichText, Ui};

use crate::app::ui::{theme, tr, widgets};
use crate::engine::domain::Lang;

pub const TEXT_SCALES: [(f32, &str, &str); 3] = [
    (1.0, "标准", "Normal"),
    (1.2, "较大", "Large"),
    (1.4, "特大", "Larger"),
];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SettingsView {
    pub lang: Lang,
    pub text_scale: f32,
    pub author_mode: bool,
    pub free_reply: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SettingsAction {
    SetLang(Lang),
    SetTextScale(f32),
    SetAuthorMode(bool),
    SetFreeReply(bool),
    Back,
}

pub fn draw(ui: &mut Ui, view: &SettingsView) -> Option<SettingsAction> {
    let lang = view.lang;
    let mut action = ui.input(|input| {
        if input.key_pressed(egui::Key::Escape) || input.key_pressed(egui::Key::Enter) {
            Some(SettingsAction::Back)
        } else if input.key_pressed(egui::Key::L) {
            Some(SettingsAction::SetLang(if lang == Lang::Zh {
                Lang::En
            } else {
                Lang::Zh
            }))
        } else if input.key_pressed(egui::Key::T) {
            let index = TEXT_SCALES
                .iter()
                .position(|(s, _, _)| (*s - view.text_scale).abs() < 0.01)
                .unwrap_or(0);
            Some(SettingsAction::SetTextScale(
                TEXT_SCALES[(index + 1) % TEXT_SCALES.len()].0,
            ))
        } else if input.key_pressed(egui::Key::A) {
            Some(SettingsAction::SetAuthorMode(!view.author_mode))
        } else if input.key_pressed(egui::Key::F) {
            Some(SettingsAction::SetFreeReply(!view.free_reply))
        } else {
            None
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button(tr(lang, "← 返回 (Esc)", "← Back (Esc)"))
            .clicked()
        {
            action = Some(SettingsAction::Back);
        }
        ui.heading(tr(lang, "设置", "Settings"));
    });
    ui.add_space(8.0);
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width().min(520.0));
        ui.label(RichText::new(tr(lang, "界面语言 (L)", "Language (L)")).strong());
        ui.horizontal(|ui| {
            for (option, label) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
                if ui.selectable_label(lang == option, label).clicked() {
                    action = Some(SettingsAction::SetLang(option));
                }
            }
        });
        ui.add_space(8.0);
        ui.label(RichText::new(tr(lang, "文字大小 (T)", "Text size (T)")).strong());
        ui.horizontal(|ui| {
            for (scale, zh, en) in TEXT_SCALES {
                let selected = (scale - view.text_scale).abs() < 0.01;
                if ui.selectable_label(selected, tr(lang, zh, en)).clicked() {
                    action = Some(SettingsAction::SetTextScale(scale));
                }
            }
        });
        ui.add_space(8.0);
        ui.label(RichText::new(tr(lang, "自由回应 (F)", "Free reply (F)")).strong());
        let mut free_reply = view.free_reply;
        let label = tr(
            lang,
            "每个回合先用自己的话输入回应（随时可按 Esc 改为选择）",
            "Type each reply in your own words first (Esc switches to the options at any time)",
        );
        if ui.checkbox(&mut free_reply, label).changed() {
            action = Some(SettingsAction::SetFreeReply(free_reply));
        }
        ui.add_space(8.0);
        ui.label(RichText::new(tr(lang, "作者模式 (A)", "Author mode (A)")).strong());
        let mut author_mode = view.author_mode;
        let label = tr(
            lang,
            "练习时显示每个选项的得分和情绪影响（供培训师检查情景）",
            "Show each option's score and emotion effect while playing (for trainers checking a scenario)",
        );
        if ui.checkbox(&mut author_mode, label).changed() {
            action = Some(SettingsAction::SetAuthorMode(author_mode));
        }
        ui.add_space(8.0);
        widgets::key_hint(
            ui,
            tr(
                lang,
                "L 切换语言 · T 切换文字大小 · F 自由回应 · A 作者模式 · Esc 返回",
                "L switches language · T cycles text size · F toggles free reply · A toggles author mode · Esc goes back",
            ),
        );
    });
    action
}
