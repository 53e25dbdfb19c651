//! The branch map: a scenario's turns and endings as a graph an author can pan, zoom and click,
//! with problems highlighted and the best and worst paths overlaid.

use egui::{Color32, Rect, RichText, Sense, Stroke, Ui, vec2};

use super::details::details;
use super::graph::{framing, graph};
use super::keys::{keyboard_selection, zoom_with_keys};
use crate::app::ui::{colon, theme, tr, widgets};
use crate::engine::analysis::branch_map::{BranchMap, MapNode, MapNodeKind};
use crate::engine::domain::{Lang, Step};
use crate::engine::scenario::{Node, Text};

const DETAILS_WIDTH: f32 = 360.0;

/// What the map shows of one node when it is selected.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeDetails {
    /// What the customer says, or the ending's text.
    pub text: Text,
    pub tone: Option<Text>,
    pub options: Vec<Text>,
    /// Lines said instead when the conversation's state meets their conditions (joined).
    pub lines: Vec<(String, Text)>,
}

impl NodeDetails {
    pub fn of(node: &Node) -> NodeDetails {
        let lines = node
            .lines()
            .iter()
            .map(|l| {
                let when: Vec<String> = l.when.iter().map(|c| c.to_string()).collect();
                (when.join(", "), l.text.clone())
            })
            .collect();
        match node {
            Node::Turn {
                customer,
                tone,
                options,
                ..
            } => NodeDetails {
                text: customer.clone(),
                tone: tone.clone(),
                options: options.iter().map(|o| o.text.clone()).collect(),
                lines,
            },
            Node::Ending { text, .. } => NodeDetails {
                text: text.clone(),
                tone: None,
                options: Vec::new(),
                lines,
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapView {
    pub lang: Lang,
    pub title: Text,
    pub path: String,
    pub map: BranchMap,
    /// Parallel to `map.nodes`.
    pub details: Vec<NodeDetails>,
    /// The best and worst paths are still being searched.
    pub computing: bool,
    /// Score ranges of options by (node index, option index): (lowest, highest), or `None`
    /// when no session can take the option. Missing while being searched.
    pub ranges: std::collections::HashMap<(usize, usize), Option<(f64, f64)>>,
    /// The file's errors, `line:column message` and hint.
    pub problems: Vec<(String, Option<String>)>,
    /// The map shows the file as it is now although it has errors (not the last good version).
    pub draft: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MapUiState {
    /// The part of the map in view (egui's `Scene`); `Rect::ZERO` until first shown.
    pub scene_rect: Rect,
    /// The file the view was framed for; a different file is framed afresh.
    pub framed: Option<String>,
    pub selected: Option<String>,
    /// Frame the whole map on the next frame, however small it gets.
    pub fit_all: bool,
}

impl Default for MapUiState {
    fn default() -> Self {
        MapUiState {
            scene_rect: Rect::ZERO,
            framed: None,
            selected: None,
            fit_all: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum MapAction {
    Back,
    /// Play the scenario from this customer turn (author mode).
    PlayFrom(String),
}

pub fn draw(ui: &mut Ui, view: &MapView, state: &mut MapUiState) -> Option<MapAction> {
    let mut action = None;
    let selected = state
        .selected
        .as_ref()
        .and_then(|id| view.map.nodes.iter().position(|n| &n.id == id));

    ui.input(|input| {
        if input.key_pressed(egui::Key::Escape) {
            action = Some(MapAction::Back);
        }
        if input.key_pressed(egui::Key::Enter)
            && let Some(index) = selected
            && playable(&view.map.nodes[index], view)
        {
            action = Some(MapAction::PlayFrom(view.map.nodes[index].id.clone()));
        }
    });
    if let Some(next) = keyboard_selection(ui, &view.map, selected) {
        state.selected = Some(view.map.nodes[next].id.clone());
    }
    zoom_with_keys(ui, state);

    header(ui, view);
    if !view.problems.is_empty() {
        problems(ui, view);
    }
    ui.add_space(6.0);

    let selected = state
        .selected
        .as_ref()
        .and_then(|id| view.map.nodes.iter().position(|n| &n.id == id));
    let map_width = (ui.available_width() - DETAILS_WIDTH - 16.0).max(300.0);
    let mut details_action = None;
    let mut clicked = None;
    widgets::columns(
        ui,
        map_width,
        |ui| {
            if state.fit_all {
                state.scene_rect = framing(&view.map, ui.available_size(), 0.2);
                state.fit_all = false;
            } else if state.framed.as_deref() != Some(view.path.as_str())
                || state.scene_rect == Rect::ZERO
            {
                // Readable first: labels stay legible, the start is in view.
                state.scene_rect = framing(&view.map, ui.available_size(), 0.8);
                state.framed = Some(view.path.clone());
            }
            egui::Frame::new()
                .fill(theme::PANEL)
                .corner_radius(egui::CornerRadius::same(10))
                .stroke(Stroke::new(1.0, Color32::from_rgb(0xE4, 0xE1, 0xDA)))
                .show(ui, |ui| {
                    ui.set_min_size(ui.available_size());
                    let mut rect = state.scene_rect;
                    egui::Scene::new()
                        .zoom_range(0.2..=2.5)
                        .show(ui, &mut rect, |ui| {
                            clicked = graph(ui, view, selected);
                        });
                    state.scene_rect = rect;
                });
        },
        |ui| details_action = details(ui, view, selected),
    );
    if let Some(index) = clicked {
        state.selected = Some(view.map.nodes[index].id.clone());
    }
    action.or(details_action)
}

/// Turns (not endings) a session can reach can be played from in author mode.
pub(super) fn playable(node: &MapNode, view: &MapView) -> bool {
    node.kind == MapNodeKind::Turn && node.reachable && !view.draft
}

fn header(ui: &mut Ui, view: &MapView) {
    let lang = view.lang;
    ui.horizontal(|ui| {
        ui.heading(
            RichText::new(format!(
                "{} · {}",
                tr(lang, "分支图", "Branch map"),
                view.title.get(lang)
            ))
            .color(theme::ACCENT)
            .strong(),
        );
        ui.label(RichText::new(&view.path).color(theme::MUTED).monospace());
    });
    ui.horizontal(|ui| {
        let paths = [
            (
                view.map.best.as_ref(),
                tr(lang, "最佳路径", "Best path"),
                theme::GOOD,
            ),
            (
                view.map.worst.as_ref(),
                tr(lang, "最差路径", "Worst path"),
                theme::BAD,
            ),
        ];
        for (path, label, color) in paths {
            let text = match path {
                Some(path) => format!("{label} {:.1} ({})", path.score, path.outcome.label(lang)),
                None if view.computing => format!("{label} {}", tr(lang, "计算中…", "searching…")),
                None => format!("{label} –"),
            };
            legend_item(ui, color, RichText::new(text).color(color).strong());
            ui.add_space(8.0);
        }
        if view.map.best.is_some() && !view.map.exact {
            ui.label(RichText::new(tr(lang, "（近似）", "(approximate)")).color(theme::MUTED));
        }
    });
    ui.horizontal_wrapped(|ui| {
        for step in Step::ALL {
            let color = theme::step_color(*step);
            let text = format!("{} {}", step.number(), step.label(lang));
            legend_item(ui, color, RichText::new(text).small().color(color));
        }
        let text = tr(lang, "× 反模式", "× anti-pattern");
        legend_item(
            ui,
            theme::BAD,
            RichText::new(text).small().color(theme::BAD),
        );
    });
    widgets::key_hint(
        ui,
        tr(
            lang,
            "拖动平移 · 滚轮/+ − 缩放 · 0 全图 · 方向键选节点 · Enter 从此处练习 · Esc 返回",
            "drag to pan · wheel/+ − to zoom · 0 shows all · arrows select · Enter plays from here · Esc back",
        ),
    );
}

/// A colour swatch and its label.
fn legend_item(ui: &mut Ui, color: Color32, label: RichText) {
    let (rect, _) = ui.allocate_exact_size(vec2(14.0, 4.0), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
    ui.label(label);
}

fn problems(ui: &mut Ui, view: &MapView) {
    let lang = view.lang;
    theme::card()
        .stroke(Stroke::new(1.5, theme::BAD))
        .inner_margin(egui::Margin::same(8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let state = if view.draft {
                tr(
                    lang,
                    "文件有错误：图中是文件当前的内容，问题已标出。",
                    "The file has errors: the map shows it as it is now, with the problems marked.",
                )
            } else {
                tr(
                    lang,
                    "文件有错误：图中是最后一个无错误的版本。",
                    "The file has errors: the map shows the last version without errors.",
                )
            };
            ui.label(RichText::new(state).color(theme::BAD).strong());
            for (problem, hint) in view.problems.iter().take(4) {
                let hint = hint
                    .as_ref()
                    .map(|h| format!(" — {}{}{h}", tr(lang, "提示", "hint"), colon(lang)))
                    .unwrap_or_default();
                ui.label(format!("{}:{problem}{hint}", view.path));
            }
        });
}
