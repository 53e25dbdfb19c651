//! The panel beside the map: the selected turn's text, tone, options with their tags, targets
//! and score ranges, its position in the file, and "play from here".

use egui::{Color32, RichText, Ui};

use super::graph::edge_color;
use super::view::{MapAction, MapView, playable};
use crate::app::ui::{colon, theme, tr};
use crate::engine::analysis::branch_map::{MapEdge, MapNodeKind};

/// The selected node's text, options and file position; the play button.
pub(super) fn details(ui: &mut Ui, view: &MapView, selected: Option<usize>) -> Option<MapAction> {
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
        for (when, line) in &details.lines {
            ui.label(
                RichText::new(format!("{} {when}:", tr(lang, "若", "when")))
                    .small()
                    .color(theme::MUTED),
            );
            ui.label(line.get(lang));
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
                    if edge.branch {
                        // A `next_if` branch: the option again, going elsewhere on a condition.
                        ui.label(
                            RichText::new(format!(
                                "→ {target}   {} {}",
                                tr(lang, "条件：", "when"),
                                edge.when.join(", ")
                            ))
                            .small()
                            .color(edge_color(edge)),
                        );
                        ui.add_space(4.0);
                        continue;
                    }
                    if !edge.when.is_empty() {
                        ui.label(
                            RichText::new(format!(
                                "{} {}",
                                tr(lang, "仅当：", "only when"),
                                edge.when.join(", ")
                            ))
                            .small()
                            .color(theme::MUTED),
                        );
                    }
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
