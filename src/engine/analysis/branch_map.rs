//! The branch map: a scenario's customer turns and endings laid out as a layered graph, with the
//! problems an author needs to see (unreachable nodes, dead ends, broken links) and the best and
//! worst paths from [`bounds`](crate::engine::analysis::bounds) overlaid.
//!
//! Layout is plain data: each node gets a layer (its distance from the start; endings form the
//! last layer) and a row within the layer, ordered to keep edges short. The app turns layers and
//! rows into screen positions.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use crate::engine::analysis::bounds::{Bounds, ScoredPath};
use crate::engine::domain::{AntiPattern, Outcome, Step};
use crate::engine::scenario::diagnostic::line_column;
use crate::engine::scenario::graph;
use crate::engine::scenario::ron_spans::{SpanPath, SpanTree};
use crate::engine::scenario::{Node, Scenario};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MapNodeKind {
    Turn,
    Ending(Outcome),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapNode {
    pub id: String,
    pub kind: MapNodeKind,
    /// Column: 0 for the start, then one per turn of distance; endings share the last column.
    pub layer: usize,
    /// Position within the layer, from the top.
    pub row: usize,
    pub start: bool,
    /// A session can visit this node.
    pub reachable: bool,
    /// A turn from which no ending can be reached, or with no options.
    pub dead_end: bool,
    /// Where the node starts in the file (1-based), when the source is known.
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapEdge {
    /// Index of the node in the scenario (and in [`BranchMap::nodes`]).
    pub from: usize,
    /// `None` when the option links to an id no node has.
    pub to: Option<usize>,
    /// Index of the option in the file.
    pub option: usize,
    /// What must hold for a conversation to go this way: the option's `when`, and for one of its
    /// `next_if` branches, the branch's (empty for an option always offered, on its `next`).
    pub when: Vec<String>,
    /// The edge is a `next_if` branch of the option rather than its `next`.
    pub branch: bool,
    pub steps: Vec<Step>,
    pub anti_patterns: Vec<AntiPattern>,
    pub on_best: bool,
    pub on_worst: bool,
}

/// A path from `bounds`, as edges of the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapPath {
    pub score: f64,
    pub outcome: Outcome,
    pub edges: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BranchMap {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    /// Nodes per layer.
    pub layer_sizes: Vec<usize>,
    pub best: Option<MapPath>,
    pub worst: Option<MapPath>,
    /// Whether the paths are the true extremes (see [`Bounds::exact`]).
    pub exact: bool,
}

/// Lays out `scenario` (valid or a draft that failed validation). `source` is its text, for the
/// node positions in the file.
pub fn branch_map(scenario: &Scenario, source: Option<&str>) -> BranchMap {
    let links = graph::links(scenario);
    let reachable = graph::reachable(scenario, &links);
    let can_finish = graph::can_finish(scenario, &links);
    let ids = graph::first_index_by_id(scenario);
    let start = ids.get(scenario.start.as_str()).copied();

    let layers = assign_layers(scenario, &links, start);
    let layer_count = layers.iter().max().map_or(0, |l| l + 1);
    let rows = order_rows(&layers, layer_count, &links);
    let mut layer_sizes = vec![0; layer_count];
    for layer in &layers {
        layer_sizes[*layer] += 1;
    }

    let tree = source.map(SpanTree::scan);
    let nodes = scenario
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let (line, column) = match (&tree, source) {
                (Some(tree), Some(source)) => tree
                    .locate(&SpanPath::root().field("nodes").index(index))
                    .map_or((0, 0), |span| line_column(source, span.start)),
                _ => (0, 0),
            };
            let kind = match node {
                Node::Turn { .. } => MapNodeKind::Turn,
                Node::Ending { outcome, .. } => MapNodeKind::Ending(*outcome),
            };
            MapNode {
                id: node.id().to_owned(),
                kind,
                layer: layers[index],
                row: rows[index],
                start: Some(index) == start,
                reachable: reachable[index],
                dead_end: kind == MapNodeKind::Turn
                    && (node.options().is_empty() || !can_finish[index]),
                line,
                column,
            }
        })
        .collect();

    let edges = scenario
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(from, node)| {
            let ids = &ids;
            node.options()
                .iter()
                .enumerate()
                .flat_map(move |(option, choice)| {
                    let offered: Vec<String> = choice.when.iter().map(|c| c.to_string()).collect();
                    // With branches, `next` is where the option goes when none holds.
                    let mut otherwise = offered.clone();
                    if !choice.next_if.is_empty() {
                        otherwise.push("otherwise".to_owned());
                    }
                    let plain = (choice.next.as_str(), otherwise, false);
                    let branches = choice.next_if.iter().map(move |b| {
                        let mut when = offered.clone();
                        when.extend(b.when.iter().map(|c| c.to_string()));
                        (b.next.as_str(), when, true)
                    });
                    std::iter::once(plain)
                        .chain(branches)
                        .map(move |(next, when, branch)| MapEdge {
                            from,
                            to: ids.get(next).copied(),
                            option,
                            when,
                            branch,
                            steps: choice.steps.clone(),
                            anti_patterns: choice.anti_patterns.clone(),
                            on_best: false,
                            on_worst: false,
                        })
                })
        })
        .collect();
    BranchMap {
        nodes,
        edges,
        layer_sizes,
        best: None,
        worst: None,
        exact: false,
    }
}

impl BranchMap {
    /// Marks the best and worst paths found by `bounds` on the scenario this map was made from.
    pub fn overlay(&mut self, bounds: &Bounds) {
        let (best, worst) = (self.path(&bounds.best), self.path(&bounds.worst));
        for &edge in &best.edges {
            self.edges[edge].on_best = true;
        }
        for &edge in &worst.edges {
            self.edges[edge].on_worst = true;
        }
        self.best = Some(best);
        self.worst = Some(worst);
        self.exact = bounds.exact;
    }

    fn path(&self, scored: &ScoredPath) -> MapPath {
        let edges = scored
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, step)| {
                // Where this step went: the next step's turn, or the ending; an option with
                // `next_if` branches has an edge per way on, and the path took one of them.
                let went = scored
                    .steps
                    .get(i + 1)
                    .map(|s| s.node.as_str())
                    .or(scored.ending.as_deref());
                let candidates: Vec<(usize, &MapEdge)> = self
                    .edges
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| self.nodes[e.from].id == step.node && e.option == step.option)
                    .collect();
                candidates
                    .iter()
                    .find(|(_, e)| e.to.map(|t| self.nodes[t].id.as_str()) == went)
                    .or(candidates.first())
                    .map(|(i, _)| *i)
            })
            .collect();
        MapPath {
            score: scored.score,
            outcome: scored.outcome,
            edges,
        }
    }

    /// The node at `index`'s outgoing edges, in option order.
    pub fn edges_from(&self, index: usize) -> impl Iterator<Item = &MapEdge> {
        self.edges.iter().filter(move |edge| edge.from == index)
    }
}

/// Breadth-first distance from the start for turns; nodes the start cannot reach are laid out
/// from themselves, after the reachable ones; endings go in one final layer.
fn assign_layers(scenario: &Scenario, links: &[Vec<usize>], start: Option<usize>) -> Vec<usize> {
    let count = scenario.nodes.len();
    let is_ending = |i: usize| scenario.nodes[i].outcome().is_some();
    let mut layer: Vec<Option<usize>> = vec![None; count];
    let roots = start
        .into_iter()
        .chain((0..count).filter(|i| !is_ending(*i)));
    for root in roots {
        if layer[root].is_some() || is_ending(root) {
            continue;
        }
        layer[root] = Some(0);
        let mut queue = VecDeque::from([root]);
        while let Some(node) = queue.pop_front() {
            let next_layer = layer[node].unwrap_or(0) + 1;
            for &next in &links[node] {
                if layer[next].is_none() && !is_ending(next) {
                    layer[next] = Some(next_layer);
                    queue.push_back(next);
                }
            }
        }
    }
    let last = layer.iter().flatten().max().map_or(0, |l| l + 1);
    (0..count)
        .map(|i| {
            if is_ending(i) {
                last
            } else {
                layer[i].unwrap_or(0)
            }
        })
        .collect()
}

/// Orders each layer by the mean row of the nodes linking to it (the barycentre heuristic), a
/// few sweeps from left to right, which keeps most edges short and uncrossed.
fn order_rows(layers: &[usize], layer_count: usize, links: &[Vec<usize>]) -> Vec<usize> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (node, layer) in layers.iter().enumerate() {
        members[*layer].push(node);
    }
    let mut parents: HashMap<usize, Vec<usize>> = HashMap::new();
    for (from, targets) in links.iter().enumerate() {
        for &to in targets {
            if layers[from] < layers[to] {
                parents.entry(to).or_default().push(from);
            }
        }
    }
    let mut row = vec![0usize; layers.len()];
    let place = |members: &Vec<usize>, row: &mut Vec<usize>| {
        for (r, node) in members.iter().enumerate() {
            row[*node] = r;
        }
    };
    for layer in &members {
        place(layer, &mut row);
    }
    for _sweep in 0..3 {
        for layer in 1..layer_count {
            // Centre each layer on the previous one so layers of different sizes line up.
            let centre = |node: usize, row: &[usize]| {
                let size = members[layers[node]].len() as f64;
                row[node] as f64 - (size - 1.0) / 2.0
            };
            let weight: Vec<(usize, f64)> = members[layer]
                .iter()
                .map(|&node| {
                    let mean = parents.get(&node).map_or(centre(node, &row), |ps| {
                        ps.iter().map(|p| centre(*p, &row)).sum::<f64>() / ps.len() as f64
                    });
                    (node, mean)
                })
                .collect();
            let mut sorted = weight;
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            members[layer] = sorted.into_iter().map(|(node, _)| node).collect();
            place(&members[layer], &mut row);
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::play::rubric::Rubric;
    use crate::engine::scenario::load::load_str;

    const MINIMAL: &str = include_str!("../../../tests/fixtures/minimal.ron");

    fn minimal_map() -> (Scenario, BranchMap) {
        let scenario = load_str("minimal.ron", MINIMAL).scenario.unwrap();
        let map = branch_map(&scenario, Some(MINIMAL));
        (scenario, map)
    }

    #[test]
    fn turns_are_layered_by_distance_and_endings_come_last() {
        let (_, map) = minimal_map();
        let layer = |id: &str| map.nodes.iter().find(|n| n.id == id).unwrap().layer;
        assert_eq!(layer("probe"), 0);
        assert_eq!(layer("ask"), 1);
        assert_eq!(layer("done"), 2);
        assert_eq!(layer("escalated"), 2);
        assert_eq!(map.layer_sizes, vec![1, 1, 2]);
        assert!(map.nodes[0].start);
        assert!(map.nodes.iter().all(|n| n.reachable && !n.dead_end));
    }

    #[test]
    fn nodes_know_their_line_in_the_file() {
        let (_, map) = minimal_map();
        let ask = map.nodes.iter().find(|n| n.id == "ask").unwrap();
        let line = MINIMAL.lines().nth(ask.line - 1).unwrap();
        assert!(line.trim_start().starts_with("Turn("), "{line}");
    }

    #[test]
    fn unreachable_nodes_dead_ends_and_broken_links_are_flagged_on_a_draft() {
        let broken = MINIMAL
            .replace("next: \"done\",", "next: \"nowhere\",")
            .replace(
                "        Ending(id: \"done\"",
                "        Turn(id: \"lost\", customer: (zh: \"嗯？\", en: \"Hm?\"), options: []),\n        Ending(id: \"done\"",
            );
        let loaded = load_str("broken.ron", &broken);
        assert!(loaded.scenario.is_none(), "the draft has errors");
        let draft = loaded.draft.expect("a parsed draft is kept");
        let map = branch_map(&draft, Some(&broken));
        let node = |id: &str| map.nodes.iter().find(|n| n.id == id).unwrap();
        assert!(!node("lost").reachable);
        assert!(node("lost").dead_end, "a turn with no options");
        assert!(
            !node("ask").dead_end,
            "ask still finishes through probe's escalation link"
        );
        assert!(!node("done").reachable);
        let dangling: Vec<_> = map.edges.iter().filter(|e| e.to.is_none()).collect();
        assert_eq!(dangling.len(), 1);
        assert_eq!(map.nodes[dangling[0].from].id, "ask");
    }

    #[test]
    fn best_and_worst_paths_are_marked_on_their_edges() {
        let (scenario, mut map) = minimal_map();
        let rubric = Rubric::builtin();
        let bounds =
            crate::engine::analysis::bounds::bounds(&scenario, &rubric, scenario.persona.emotions)
                .unwrap();
        map.overlay(&bounds);
        let best = map.best.as_ref().unwrap();
        assert_eq!(best.edges.len(), bounds.best.steps.len());
        assert_eq!(best.score, bounds.best.score);
        let last = &map.edges[*best.edges.last().unwrap()];
        assert_eq!(last.to.map(|i| map.nodes[i].id.as_str()), Some("done"));
        assert!(map.edges.iter().filter(|e| e.on_worst).count() >= 1);
        let worst_edge = &map.edges[map.worst.as_ref().unwrap().edges[0]];
        assert!(!worst_edge.anti_patterns.is_empty());
    }

    #[test]
    fn a_large_generated_graph_keeps_rows_unique_within_each_layer() {
        let text = crate::engine::analysis::generate::scenario_text(60, 3, 11);
        let scenario = load_str("big.ron", &text).scenario.unwrap();
        let map = branch_map(&scenario, Some(&text));
        let mut seen = std::collections::HashSet::new();
        for node in &map.nodes {
            assert!(seen.insert((node.layer, node.row)), "{} overlaps", node.id);
            assert!(node.row < map.layer_sizes[node.layer]);
        }
    }
}
