//! The scenario library: pick a role-play, filter by difficulty, see broken files and why.

use egui::{RichText, Ui};

use crate::app::ui::{colon, theme, tr, widgets};
use crate::engine::domain::{Difficulty, Lang, PersonaStyle};
use crate::engine::scenario::diagnostic::FileDiagnostics;
use crate::engine::scenario::{Scenario, Text};

#[derive(Clone, Debug, PartialEq)]
pub struct LibraryEntry {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub difficulty: Difficulty,
    pub persona_name: Text,
    pub style: PersonaStyle,
    pub objectives: Vec<Text>,
    pub turns: usize,
    /// The file it comes from, for the branch map.
    pub path: String,
}

impl LibraryEntry {
    pub fn of(scenario: &Scenario) -> LibraryEntry {
        LibraryEntry {
            id: scenario.id.clone(),
            title: scenario.title.clone(),
            summary: scenario.summary.clone(),
            difficulty: scenario.difficulty,
            persona_name: scenario.persona.name.clone(),
            style: scenario.persona.style,
            objectives: scenario.objectives.clone(),
            turns: scenario.turn_count(),
            path: String::new(),
        }
    }

    pub fn from_file(scenario: &Scenario, path: &str) -> LibraryEntry {
        LibraryEntry {
            path: path.to_owned(),
            ..LibraryEntry::of(scenario)
        }
    }
}

/// A file that failed to load, with its first problems.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenFile {
    pub path: String,
    /// `line:column message` and the hint, per problem.
    pub problems: Vec<(String, Option<String>)>,
    /// The last good version of the file is still in the library.
    pub still_playable: bool,
    /// The file parsed, so the branch map can show where its problems are.
    pub mappable: bool,
}

impl BrokenFile {
    pub fn of(report: &FileDiagnostics) -> BrokenFile {
        let problems = report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                (
                    format!("{}:{} {}", d.line, d.column, d.message),
                    d.hint.clone(),
                )
            })
            .collect();
        BrokenFile {
            path: report.path.clone(),
            problems,
            still_playable: false,
            mappable: false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LibraryView {
    pub lang: Lang,
    pub entries: Vec<LibraryEntry>,
    pub broken: Vec<BrokenFile>,
    /// Where scenarios are read from, shown when the library is empty.
    pub folder: String,
    /// Problems with the practice history, such as records set aside as unreadable.
    pub notices: Vec<String>,
    /// A session that was interrupted (the app closed or crashed): its title and how many
    /// turns were played.
    pub interrupted: Option<(Text, usize)>,
    /// Where finished sessions stand on their way to the LRS, and whether that is a problem.
    pub results: Option<(String, bool)>,
    /// While the scenario folder is read at start: files read, of how many.
    pub reading: Option<(usize, usize)>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LibraryUiState {
    pub filter: Option<Difficulty>,
    /// Position of the highlighted scenario in the filtered list.
    pub selected: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LibraryAction {
    Start(String),
    OpenSettings,
    OpenProgress,
    /// The branch map of the file at this path.
    OpenMap(String),
    /// Continue the interrupted session.
    Resume,
    /// Forget the interrupted session.
    Discard,
    /// Practise this scenario as a group of two or three.
    Group(String),
}

pub fn draw(ui: &mut Ui, view: &LibraryView, state: &mut LibraryUiState) -> Option<LibraryAction> {
    let lang = view.lang;
    let mut action = None;
    let visible: Vec<&LibraryEntry> = view
        .entries
        .iter()
        .filter(|e| state.filter.is_none_or(|d| d == e.difficulty))
        .collect();
    state.selected = state.selected.min(visible.len().saturating_sub(1));

    // Keyboard: arrows move, Enter starts, F cycles the filter, S opens settings.
    let before = state.selected;
    ui.input(|input| {
        if input.key_pressed(egui::Key::ArrowDown) && state.selected + 1 < visible.len() {
            state.selected += 1;
        }
        if input.key_pressed(egui::Key::ArrowUp) {
            state.selected = state.selected.saturating_sub(1);
        }
        if input.key_pressed(egui::Key::F) {
            state.filter = match state.filter {
                None => Some(Difficulty::Basic),
                Some(Difficulty::Basic) => Some(Difficulty::Intermediate),
                Some(Difficulty::Intermediate) => Some(Difficulty::Advanced),
                Some(Difficulty::Advanced) => None,
            };
            state.selected = 0;
        }
        if input.key_pressed(egui::Key::S) {
            action = Some(LibraryAction::OpenSettings);
        }
        if input.key_pressed(egui::Key::P) {
            action = Some(LibraryAction::OpenProgress);
        }
        if input.key_pressed(egui::Key::Enter)
            && let Some(entry) = visible.get(state.selected)
        {
            action = Some(LibraryAction::Start(entry.id.clone()));
        }
        if input.key_pressed(egui::Key::M)
            && let Some(entry) = visible.get(state.selected)
            && !entry.path.is_empty()
        {
            action = Some(LibraryAction::OpenMap(entry.path.clone()));
        }
        if input.key_pressed(egui::Key::G)
            && let Some(entry) = visible.get(state.selected)
        {
            action = Some(LibraryAction::Group(entry.id.clone()));
        }
        if view.interrupted.is_some() && input.key_pressed(egui::Key::C) {
            action = Some(LibraryAction::Resume);
        }
        if view.interrupted.is_some() && input.key_pressed(egui::Key::X) {
            action = Some(LibraryAction::Discard);
        }
    });

    let moved_by_keyboard = state.selected != before;

    ui.horizontal(|ui| {
        ui.heading(RichText::new("Rapport").color(theme::ACCENT).strong());
        ui.label(
            RichText::new(tr(lang, "共情沟通情景练习", "Empathy role-play practice"))
                .color(theme::MUTED),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr(lang, "设置 (S)", "Settings (S)")).clicked() {
                action = Some(LibraryAction::OpenSettings);
            }
            if ui
                .button(tr(lang, "练习进度 (P)", "Progress (P)"))
                .clicked()
            {
                action = Some(LibraryAction::OpenProgress);
            }
        });
    });
    // Where the folder and the results stand: under the title, where they are always in sight.
    if let Some((read, total)) = view.reading {
        let text = match lang {
            Lang::Zh => format!("正在读取情景文件：{read} / {total}……"),
            Lang::En => format!("Reading scenario files: {read} of {total}…"),
        };
        ui.label(RichText::new(text).small().color(theme::MUTED));
    }
    if let Some((line, problem)) = &view.results {
        let colour = if *problem { theme::WARN } else { theme::MUTED };
        ui.label(RichText::new(line).small().color(colour));
    }
    ui.add_space(4.0);
    if let Some((title, turns)) = &view.interrupted {
        action = interrupted_banner(ui, lang, title, *turns).or(action);
    }
    ui.horizontal(|ui| {
        ui.label(tr(lang, "难度：", "Difficulty:"));
        let mut filter_button = |ui: &mut Ui, value: Option<Difficulty>, label: &str| {
            if ui.selectable_label(state.filter == value, label).clicked() {
                state.filter = value;
                state.selected = 0;
            }
        };
        filter_button(ui, None, tr(lang, "全部", "All"));
        for difficulty in Difficulty::ALL {
            filter_button(ui, Some(*difficulty), difficulty.label(lang));
        }
        widgets::key_hint(ui, tr(lang, "F 切换难度", "F cycles the filter"));
    });
    ui.add_space(6.0);

    if view.entries.is_empty() {
        theme::card().show(ui, |ui| {
            ui.label(tr(
                lang,
                "还没有可用的情景。",
                "No scenarios are available yet.",
            ));
            ui.label(
                RichText::new(format!(
                    "{}{}{}",
                    tr(lang, "情景文件夹", "Scenario folder"),
                    colon(lang),
                    view.folder
                ))
                .color(theme::MUTED),
            );
        });
    }

    let selected = visible.get(state.selected).copied();
    let mut list_action = None;
    let mut detail_action = None;
    widgets::halves(
        ui,
        |ui| {
            egui::ScrollArea::vertical()
                .id_salt("library_list")
                .show(ui, |ui| {
                    for (index, entry) in visible.iter().enumerate() {
                        let is_selected = index == state.selected;
                        let stroke = if is_selected {
                            egui::Stroke::new(2.5, theme::ACCENT)
                        } else {
                            egui::Stroke::new(1.0, egui::Color32::from_rgb(0xE4, 0xE1, 0xDA))
                        };
                        let response = theme::card()
                            .stroke(stroke)
                            .show(ui, |ui| scenario_card(ui, lang, entry))
                            .response
                            .interact(egui::Sense::click());
                        if is_selected && moved_by_keyboard {
                            response.scroll_to_me(Some(egui::Align::Center));
                        }
                        if response.clicked() {
                            state.selected = index;
                        }
                        if response.double_clicked() {
                            list_action = Some(LibraryAction::Start(entry.id.clone()));
                        }
                        ui.add_space(6.0);
                    }
                });
        },
        |ui| {
            if let Some(entry) = selected {
                theme::card().show(ui, |ui| {
                    detail_action = scenario_details(ui, lang, entry);
                });
            }
        },
    );
    action = action.or(list_action).or(detail_action);

    for notice in &view.notices {
        ui.label(RichText::new(notice).small().color(theme::WARN));
    }
    if !view.broken.is_empty() {
        ui.add_space(8.0);
        theme::card()
            .stroke(egui::Stroke::new(1.5, theme::BAD))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(tr(lang, "以下文件有错误：", "These files have errors:"))
                        .color(theme::BAD)
                        .strong(),
                );
                for file in &view.broken {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(&file.path).strong());
                        let state = if file.still_playable {
                            tr(
                                lang,
                                "仍可练习最后一个无错误的版本",
                                "its last version without errors is still playable",
                            )
                        } else {
                            tr(lang, "未载入", "not loaded")
                        };
                        ui.label(RichText::new(state).color(theme::MUTED));
                        if file.mappable
                            && ui.small_button(tr(lang, "分支图", "Branch map")).clicked()
                        {
                            action = Some(LibraryAction::OpenMap(file.path.clone()));
                        }
                    });
                    for (problem, hint) in &file.problems {
                        ui.label(format!("  {problem}"));
                        if let Some(hint) = hint {
                            ui.label(
                                RichText::new(format!(
                                    "  {}{}{hint}",
                                    tr(lang, "提示", "hint"),
                                    colon(lang)
                                ))
                                .color(theme::MUTED),
                            );
                        }
                    }
                }
            });
    }
    action
}

fn scenario_card(ui: &mut Ui, lang: Lang, entry: &LibraryEntry) {
    ui.set_width(ui.available_width());
    ui.horizontal(|ui| {
        ui.label(RichText::new(entry.title.get(lang)).strong().size(18.0));
        widgets::chip(
            ui,
            entry.difficulty.label(lang),
            theme::difficulty_color(entry.difficulty),
        );
    });
    let who = format!(
        "{} · {}",
        entry.persona_name.get(lang),
        entry.style.label(lang)
    );
    ui.label(RichText::new(who).color(theme::MUTED));
    ui.label(entry.summary.get(lang));
}

/// The selected scenario's details and its buttons.
fn scenario_details(ui: &mut Ui, lang: Lang, entry: &LibraryEntry) -> Option<LibraryAction> {
    ui.set_width(ui.available_width());
    ui.heading(entry.title.get(lang));
    let facts = format!(
        "{} · {} · {} {}",
        entry.difficulty.label(lang),
        entry.style.label(lang),
        entry.turns,
        tr(lang, "个客户回合", "customer turns")
    );
    ui.label(RichText::new(facts).color(theme::MUTED));
    ui.add_space(6.0);
    ui.label(RichText::new(tr(lang, "学习目标", "Learning objectives")).strong());
    for objective in &entry.objectives {
        ui.label(format!("• {}", objective.get(lang)));
    }
    ui.add_space(10.0);
    let label = RichText::new(tr(lang, "开始练习 (Enter)", "Start practice (Enter)"))
        .color(egui::Color32::WHITE)
        .strong();
    let mut action = None;
    ui.horizontal(|ui| {
        if ui
            .add(egui::Button::new(label).fill(theme::ACCENT))
            .clicked()
        {
            action = Some(LibraryAction::Start(entry.id.clone()));
        }
        if !entry.path.is_empty()
            && ui
                .button(tr(lang, "分支图 (M)", "Branch map (M)"))
                .clicked()
        {
            action = Some(LibraryAction::OpenMap(entry.path.clone()));
        }
        if ui
            .button(tr(lang, "小组演练 (G)", "Group practice (G)"))
            .clicked()
        {
            action = Some(LibraryAction::Group(entry.id.clone()));
        }
    });
    widgets::key_hint(
        ui,
        tr(
            lang,
            "↑↓ 选择情景 · Enter 开始 · M 分支图 · G 小组演练",
            "↑↓ choose a scenario · Enter starts · M shows the branch map · G practises as a group",
        ),
    );
    action
}

/// The session the app was closed (or crashed) in the middle of, with the way back into it.
fn interrupted_banner(
    ui: &mut Ui,
    lang: Lang,
    title: &Text,
    turns: usize,
) -> Option<LibraryAction> {
    let mut action = None;
    theme::card()
        .stroke(egui::Stroke::new(1.5, theme::ACCENT))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let text = match lang {
                    Lang::Zh => {
                        format!(
                            "上次的练习没有完成：{}（已进行 {turns} 个回合）。开始别的练习会替换它。",
                            title.zh
                        )
                    }
                    Lang::En => format!(
                        "Your last practice was interrupted: {} ({turns} turn{} played). Starting another replaces it.",
                        title.en,
                        if turns == 1 { "" } else { "s" }
                    ),
                };
                ui.label(RichText::new(text).strong());
                if ui.button(tr(lang, "继续 (C)", "Continue (C)")).clicked() {
                    action = Some(LibraryAction::Resume);
                }
                if ui.button(tr(lang, "放弃 (X)", "Discard (X)")).clicked() {
                    action = Some(LibraryAction::Discard);
                }
            });
        });
    ui.add_space(4.0);
    action
}
