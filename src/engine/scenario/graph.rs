//! The conversation as a directed graph: which node each option links to, which nodes the
//! start reaches, and which nodes can still reach an ending. Shared by the validator (to report
//! problems) and the branch map (to highlight them).

use std::collections::{HashMap, VecDeque};

use crate::engine::scenario::Scenario;

/// For each node (by index in the file), the nodes its options link to (`next` and every
/// `next_if` branch, whatever their conditions). Links to ids that do not exist are left out; the
/// first node with an id wins when ids repeat.
pub fn links(scenario: &Scenario) -> Vec<Vec<usize>> {
    let ids = first_index_by_id(scenario);
    scenario
        .nodes
        .iter()
        .map(|node| {
            node.options()
                .iter()
                .flat_map(|c| c.targets())
                .filter_map(|next| ids.get(next).copied())
                .collect()
        })
        .collect()
}

pub fn first_index_by_id(scenario: &Scenario) -> HashMap<&str, usize> {
    let mut ids = HashMap::new();
    for (index, node) in scenario.nodes.iter().enumerate() {
        ids.entry(node.id()).or_insert(index);
    }
    ids
}

/// Which nodes a session can visit: those linked from the start, and the escalation ending.
pub fn reachable(scenario: &Scenario, links: &[Vec<usize>]) -> Vec<bool> {
    let ids = first_index_by_id(scenario);
    let mut reached = vec![false; scenario.nodes.len()];
    let Some(&start) = ids.get(scenario.start.as_str()) else {
        return reached;
    };
    if let Some(&escalation) = ids.get(scenario.escalation.ending.as_str()) {
        reached[escalation] = true;
    }
    let mut queue = VecDeque::from([start]);
    reached[start] = true;
    while let Some(node) = queue.pop_front() {
        for &next in &links[node] {
            if !reached[next] {
                reached[next] = true;
                queue.push_back(next);
            }
        }
    }
    reached
}

/// Which nodes can still lead to an ending (endings included), walking the links backwards.
pub fn can_finish(scenario: &Scenario, links: &[Vec<usize>]) -> Vec<bool> {
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); scenario.nodes.len()];
    for (from, targets) in links.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut finishes: Vec<bool> = scenario
        .nodes
        .iter()
        .map(|n| n.outcome().is_some())
        .collect();
    let mut queue: VecDeque<usize> = (0..finishes.len()).filter(|i| finishes[*i]).collect();
    while let Some(node) = queue.pop_front() {
        for &previous in &reverse[node] {
            if !finishes[previous] {
                finishes[previous] = true;
                queue.push_back(previous);
            }
        }
    }
    finishes
}
