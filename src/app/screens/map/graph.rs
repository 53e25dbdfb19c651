//! The map itself: where each node sits, how edges curve, and the painter that draws nodes,
//! edges, the best and worst paths and the selection inside an egui `Scene`.

use egui::{Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};

use super::view::MapView;
use crate::app::ui::{theme, tr};
use crate::engine::analysis::branch_map::{BranchMap, MapEdge, MapNode, MapNodeKind};

const NODE_SIZE: egui::Vec2 = egui::Vec2::new(160.0, 52.0);
const COLUMN: f32 = 230.0;
const ROW: f32 = 76.0;

/// Where a node sits on the map, in scene coordinates.
pub fn node_rect(map: &BranchMap, node: &MapNode) -> Rect {
    let size = map.layer_sizes.get(node.layer).copied().unwrap_or(1) as f32;
    let centre_y = (node.row as f32 - (size - 1.0) / 2.0) * ROW;
    Rect::from_min_size(
        pos2(node.layer as f32 * COLUMN, centre_y - NODE_SIZE.y / 2.0),
        NODE_SIZE,
    )
}

pub(super) fn content_rect(map: &BranchMap) -> Rect {
    map.nodes
        .iter()
        .map(|n| node_rect(map, n))
        .fold(Rect::NOTHING, |a, b| a.union(b))
        .expand(40.0)
}

/// The whole map scaled to fit `available`, but never so small that labels cannot be read;
/// anchored at the start (left) when it does not fit.
pub(super) fn framing(map: &BranchMap, available: egui::Vec2, min_scale: f32) -> Rect {
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

pub(super) fn edge_color(edge: &MapEdge) -> Color32 {
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
pub(super) fn graph(ui: &mut Ui, view: &MapView, selected: Option<usize>) -> Option<usize> {
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
        if edge.when.is_empty() {
            painter.add(Shape::line(points, Stroke::new(1.6, color)));
        } else {
            // A way on that depends on the conversation's state is dashed.
            painter.extend(Shape::dashed_line(
                &points,
                Stroke::new(1.6, color),
                6.0,
                4.0,
            ));
        }
        let mut label = (edge.option + 1).to_string();
        if !edge.anti_patterns.is_empty() {
            label.push('×');
        }
        if edge.branch {
            label.push_str(" if");
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
