//! The branch map: a scenario's turns and endings as a graph an author can pan, zoom and click,
//! with problems highlighted and the best and worst paths overlaid.

use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::{colon, theme, tr, widgets};
use crate::engine::branch_map::{BranchMap, MapEdge, MapNode, MapNodeKind};
use crate::engine::domain::{Lang, Step};
use crate::engine::scenario::{Node, Text};

const NODE_SIZE: egui::Vec2 = egui::Vec2::new(160.0, 52.0);
const COLUMN: f32 = 230.0;
const ROW: f32 = 76.0;
const DETAILS_WIDTH: f32 = 360.0;

/// What the map shows of one node when it is selected.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeDetails {
    /// What the customer says, or the ending's text.
    pub text: Text,
    pub tone: Option<Text>,
    pub options: Vec<Text>,
}

impl NodeDetails {
    pub fn of(node: &Node) -> NodeDetails {
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
            },
            Node::Ending { text, .. } => NodeDetails {
                text: text.clone(),
                tone: None,
                options: Vec::new(),
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

/// Where a node sits on the map, in scene coordinates.
pub fn node_rect(map: &BranchMap, node: &MapNode) -> Rect {
    let size = map.layer_sizes.get(node.layer).copied().unwrap_or(1) as f32;
    let centre_y = (node.row as f32 - (size - 1.0) / 2.0) * ROW;
    Rect::from_min_size(
        pos2(node.layer as f32 * COLUMN, centre_y - NODE_SIZE.y / 2.0),
        NODE_SIZE,
    )
}

fn content_rect(map: &BranchMap) -> Rect {
    map.nodes
        .iter()
        .map(|n| node_rect(map, n))
        .fold(Rect::NOTHING, |a, b| a.union(b))
        .expand(40.0)
}

/// The whole map scaled to fit `available`, but never so small that labels cannot be read;
/// anchored at the start (left) when it does not fit.
fn framing(map: &BranchMap, available: egui::Vec2, min_scale: f32) -> Rect {
    let content = content_rect(map);
    if !content.is_finite() || available.min_elem() <= 0.0 {
        return Rect::ZERO;
    }
    let scale = (available.x / content.width())
        .min(available.y / content.height())
        .clamp(min_scale, 1.0);
    let size = available / scale;
    Rect::from_min_size(pos2(content.min.x, content.center().y - size.y / 2.0), size)
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
fn playable(node: &MapNode, view: &MapView) -> bool {
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

fn edge_color(edge: &MapEdge) -> Color32 {
    if !edge.anti_patterns.is_empty() {
        theme::BAD
    } else {
        edge.steps
            .first()
            .map_or(theme::MUTED, |step| theme::step_color(*step))
    }
}

/// Points of the curve for an edge, in scene coordinates.
fn edge_curve(map: &BranchMap, edge: &MapEdge) -> Vec<Pos2> {
    let from = node_rect(map, &map.nodes[edge.from]);
    let Some(to) = edge.to.map(|t| node_rect(map, &map.nodes[t])) else {
        // A broken link: a short stub out of the node.
        let start = from.right_center();
        return vec![start, start + vec2(40.0, 0.0)];
    };
    let (from_layer, to_layer) = (
        map.nodes[edge.from].layer,
        map.nodes[edge.to.unwrap_or(edge.from)].layer,
    );
    let (start, end, c1, c2) = if to_layer > from_layer {
        let (start, end) = (from.right_center(), to.left_center());
        let bend = (end.x - start.x) * 0.45;
        (start, end, start + vec2(bend, 0.0), end - vec2(bend, 0.0))
    } else if to_layer == from_layer {
        // Within a column: bow out to the right.
        let (start, end) = (from.right_center(), to.right_center());
        let bow = 45.0 + (start.y - end.y).abs() * 0.2;
        (start, end, start + vec2(bow, 0.0), end + vec2(bow, 0.0))
    } else {
        // Back to an earlier turn: loop underneath.
        let (start, end) = (from.center_bottom(), to.center_bottom());
        let drop = 50.0 + (start.x - end.x).abs() * 0.15;
        (start, end, start + vec2(0.0, drop), end + vec2(0.0, drop))
    };
    let bezier = egui::epaint::CubicBezierShape::from_points_stroke(
        [start, c1, c2, end],
        false,
        Color32::TRANSPARENT,
        Stroke::NONE,
    );
    bezier.flatten(Some(0.5))
}

/// Draws the graph; returns the node clicked, if any.
fn graph(ui: &mut Ui, view: &MapView, selected: Option<usize>) -> Option<usize> {
    let map = &view.map;
    let lang = view.lang;
    let painter = ui.painter().clone();
    ui.expand_to_include_rect(content_rect(map));

    // Path overlays first, so edges draw on top of them.
    for edge in &map.edges {
        let points = edge_curve(map, edge);
        if edge.on_best {
            painter.add(Shape::line(
                points.clone(),
                Stroke::new(9.0, theme::GOOD.gamma_multiply(0.35)),
            ));
        }
        if edge.on_worst {
            painter.add(Shape::line(
                points,
                Stroke::new(6.0, theme::BAD.gamma_multiply(0.3)),
            ));
        }
    }
    for edge in &map.edges {
        let points = edge_curve(map, edge);
        let color = if edge.to.is_none() {
            theme::BAD
        } else {
            edge_color(edge)
        };
        let middle = points[points.len() / 2];
        if let Some(&end) = points.last()
            && edge.to.is_some()
        {
            let before = points[points.len().saturating_sub(3)];
            arrow_head(&painter, before, end, color);
        }
        painter.add(Shape::line(points, Stroke::new(1.6, color)));
        let mut label = (edge.option + 1).to_string();
        if !edge.anti_patterns.is_empty() {
            label.push('×');
        }
        if edge.to.is_none() {
            label.push('?');
        }
        let galley = painter.layout_no_wrap(label, FontId::proportional(11.0), color);
        let badge = Rect::from_center_size(middle, galley.size() + vec2(8.0, 2.0));
        painter.rect(
            badge,
            6.0,
            theme::PANEL,
            Stroke::new(1.0, color),
            egui::StrokeKind::Inside,
        );
        painter.galley(badge.center() - galley.size() / 2.0, galley, color);
    }

    let mut clicked = None;
    for (index, node) in map.nodes.iter().enumerate() {
        let rect = node_rect(map, node);
        let (fill, stroke) = match node.kind {
            MapNodeKind::Ending(outcome) => (
                theme::outcome_color(outcome).gamma_multiply(0.18),
                Stroke::new(1.5, theme::outcome_color(outcome)),
            ),
            MapNodeKind::Turn if node.dead_end => (theme::PANEL, Stroke::new(2.5, theme::BAD)),
            MapNodeKind::Turn if node.start => {
                (theme::ACCENT_SOFT, Stroke::new(2.5, theme::ACCENT))
            }
            MapNodeKind::Turn => (theme::PANEL, Stroke::new(1.2, theme::MUTED)),
        };
        let fill = if node.reachable {
            fill
        } else {
            Color32::from_rgb(0xEC, 0xEA, 0xE4)
        };
        if selected == Some(index) {
            painter.rect_stroke(
                rect.expand(4.0),
                10.0,
                Stroke::new(3.0, theme::ACCENT),
                egui::StrokeKind::Outside,
            );
        }
        painter.rect(rect, 8.0, fill, stroke, egui::StrokeKind::Inside);
        if !node.reachable {
            dashed_border(&painter, rect.expand(3.0), theme::WARN);
        }
        painter.text(
            rect.left_top() + vec2(8.0, 6.0),
            egui::Align2::LEFT_TOP,
            &node.id,
            FontId::monospace(13.0),
            theme::INK,
        );
        // One line of the text, cut to the node's width.
        let mut job = egui::text::LayoutJob::single_section(
            view.details[index].text.get(lang).to_owned(),
            egui::TextFormat::simple(FontId::proportional(12.5), theme::MUTED),
        );
        job.wrap = egui::text::TextWrapping {
            max_width: NODE_SIZE.x - 16.0,
            max_rows: 1,
            break_anywhere: true,
            overflow_character: Some('…'),
        };
        painter.galley(
            rect.left_top() + vec2(8.0, 28.0),
            painter.layout_job(job),
            theme::MUTED,
        );
        let flag = match (node.reachable, node.dead_end) {
            (false, _) => Some((tr(lang, "无法到达", "unreachable"), theme::WARN)),
            (true, true) => Some((tr(lang, "死路", "dead end"), theme::BAD)),
            _ => None,
        };
        if let Some((text, color)) = flag {
            painter.text(
                rect.center_bottom() + vec2(0.0, 4.0),
                egui::Align2::CENTER_TOP,
                text,
                FontId::proportional(12.0),
                color,
            );
        }
        let response = ui
            .interact(rect, ui.id().with(("map-node", index)), Sense::click())
            .on_hover_text(view.details[index].text.get(lang));
        if response.clicked() {
            clicked = Some(index);
        }
    }
    clicked
}

fn arrow_head(painter: &egui::Painter, from: Pos2, tip: Pos2, color: Color32) {
    let direction = (tip - from).normalized();
    if !direction.is_finite() {
        return;
    }
    let side = vec2(-direction.y, direction.x) * 4.5;
    let base = tip - direction * 9.0;
    painter.add(Shape::convex_polygon(
        vec![tip, base + side, base - side],
        color,
        Stroke::NONE,
    ));
}

fn dashed_border(painter: &egui::Painter, rect: Rect, color: Color32) {
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    painter.extend(Shape::dashed_line(
        &corners,
        Stroke::new(1.5, color),
        6.0,
        4.0,
    ));
}

/// The selected node's text, options and file position; the play button.
fn details(ui: &mut Ui, view: &MapView, selected: Option<usize>) -> Option<MapAction> {
    let lang = view.lang;
    let mut action = None;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        let Some(index) = selected else {
            ui.label(
                RichText::new(tr(
                    lang,
                    "点击一个节点查看内容。",
                    "Click a node to see what it says.",
                ))
                .color(theme::MUTED),
            );
            return;
        };
        let node = &view.map.nodes[index];
        let details = &view.details[index];
        ui.label(RichText::new(&node.id).strong().size(17.0));
        let kind = match node.kind {
            MapNodeKind::Turn => tr(lang, "客户回合", "Customer turn").to_owned(),
            MapNodeKind::Ending(outcome) => {
                format!(
                    "{}{}{}",
                    tr(lang, "结局", "Ending"),
                    colon(lang),
                    outcome.label(lang)
                )
            }
        };
        ui.label(RichText::new(kind).color(theme::MUTED));
        if node.line > 0 {
            ui.label(
                RichText::new(format!("{}:{}:{}", view.path, node.line, node.column))
                    .monospace()
                    .color(theme::MUTED),
            );
        }
        ui.add_space(6.0);
        ui.label(details.text.get(lang));
        if let Some(tone) = &details.tone {
            ui.label(RichText::new(tone.get(lang)).italics().color(theme::MUTED));
        }
        let edges: Vec<&MapEdge> = view.map.edges_from(index).collect();
        if !edges.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new(tr(lang, "选项", "Options")).strong());
        }
        egui::ScrollArea::vertical()
            .id_salt("map_details")
            .max_height(ui.available_height() - 60.0)
            .show(ui, |ui| {
                for edge in edges {
                    let text = details
                        .options
                        .get(edge.option)
                        .map(|t| t.get(lang))
                        .unwrap_or_default();
                    let target = edge
                        .to
                        .map(|t| view.map.nodes[t].id.as_str())
                        .unwrap_or("?");
                    ui.label(
                        RichText::new(format!("{}. {text}", edge.option + 1)).color(theme::INK),
                    );
                    let mut tags: Vec<String> = edge
                        .steps
                        .iter()
                        .map(|s| format!("{} {}", s.number(), s.label(lang)))
                        .collect();
                    tags.extend(
                        edge.anti_patterns
                            .iter()
                            .map(|a| format!("× {}", a.label(lang))),
                    );
                    ui.label(
                        RichText::new(format!("→ {target}   {}", tags.join(" · ")))
                            .small()
                            .color(edge_color(edge)),
                    );
                    if !view.draft {
                        let range = match view.ranges.get(&(index, edge.option)) {
                            Some(Some((low, high))) => format!(
                                "{}{}{low:.1} – {high:.1}",
                                tr(lang, "经此选项的得分", "Sessions taking it score"),
                                colon(lang)
                            ),
                            Some(None) => {
                                tr(lang, "没有练习能走到这里", "No session can take it").to_owned()
                            }
                            None => {
                                tr(lang, "得分范围计算中…", "Score range: searching…").to_owned()
                            }
                        };
                        ui.label(RichText::new(range).small().color(theme::MUTED));
                    }
                    ui.add_space(4.0);
                }
            });
        if playable(node, view) {
            let label = RichText::new(tr(lang, "从这里开始练习 (Enter)", "Play from here (Enter)"))
                .color(Color32::WHITE)
                .strong();
            if ui
                .add(egui::Button::new(label).fill(theme::ACCENT))
                .clicked()
            {
                action = Some(MapAction::PlayFrom(node.id.clone()));
            }
        }
    });
    action
}

/// Arrow keys move the selection: left and right between layers, up and down within one.
fn keyboard_selection(ui: &Ui, map: &BranchMap, selected: Option<usize>) -> Option<usize> {
    let pressed = |key| ui.input(|i| i.key_pressed(key));
    let (left, right, up, down) = (
        pressed(egui::Key::ArrowLeft),
        pressed(egui::Key::ArrowRight),
        pressed(egui::Key::ArrowUp),
        pressed(egui::Key::ArrowDown),
    );
    if !(left || right || up || down) {
        return None;
    }
    let Some(current) = selected.map(|i| &map.nodes[i]) else {
        return map
            .nodes
            .iter()
            .position(|n| n.start)
            .or(Some(0))
            .filter(|_| !map.nodes.is_empty());
    };
    let (layer, row) = (current.layer as i64, current.row as i64);
    let (layer, row) = match (left, right, up, down) {
        (true, ..) => (layer - 1, row),
        (_, true, ..) => (layer + 1, row),
        (_, _, true, _) => (layer, row - 1),
        _ => (layer, row + 1),
    };
    map.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.layer as i64 == layer)
        .min_by_key(|(_, n)| (n.row as i64 - row).abs())
        .map(|(i, _)| i)
}

/// `+` and `-` zoom around the centre of the view; `0` frames the whole map again.
fn zoom_with_keys(ui: &Ui, state: &mut MapUiState) {
    let (zoom_in, zoom_out, reset) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
            i.key_pressed(egui::Key::Minus),
            i.key_pressed(egui::Key::Num0),
        )
    });
    if reset {
        state.fit_all = true;
    } else if (zoom_in || zoom_out) && state.scene_rect != Rect::ZERO {
        let factor = if zoom_in { 1.0 / 1.25 } else { 1.25 };
        let rect = state.scene_rect;
        state.scene_rect = Rect::from_center_size(rect.center(), rect.size() * factor);
    }
}
