//! The map's keys: arrows move the selection along the graph; `+`, `-` and `0` zoom.

use egui::{Rect, Ui};

use super::view::MapUiState;
use crate::engine::analysis::branch_map::BranchMap;

/// Arrow keys move the selection: left and right between layers, up and down within one.
pub(super) fn keyboard_selection(
    ui: &Ui,
    map: &BranchMap,
    selected: Option<usize>,
) -> Option<usize> {
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
pub(super) fn zoom_with_keys(ui: &Ui, state: &mut MapUiState) {
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
