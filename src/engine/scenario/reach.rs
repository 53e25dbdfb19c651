//! Which states of the conversation each node can be met in: the walk the validator uses to find
//! conditions that can never hold and nodes no conversation reaches under the conditions.
//!
//! The walk follows every offered option from the start, turn by turn, for up to `turns` turns
//! (a session's limit), applying each option's `set` and taking the branch its conditions pick.
//! Emotions are not followed: any answer may escalate, so the escalation ending is met in every
//! state an answer leaves. A (node, state) pair met once is not walked again. A counter that only
//! ever grows is capped just above the largest number any condition compares it with (and one
//! that only shrinks, just below the smallest), which changes no condition's result; so a loop
//! that counts deflections ends the walk instead of widening it turn after turn.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::engine::scenario::graph::first_index_by_id;
use crate::engine::scenario::state::{Change, Operation, State};
use crate::engine::scenario::{Node, Scenario};

/// How many turns deep the validator walks: the rubric's default session length.
pub const WALK_TURNS: usize = 40;

/// States walked before the answer is given up as incomplete.
pub const STATE_LIMIT: usize = 200_000;

/// The states each node can be met in.
#[derive(Clone, Debug)]
pub struct Reach {
    /// Per node (by index in the file), the distinct states it is met in; empty when no
    /// conversation reaches it.
    pub states: Vec<BTreeSet<State>>,
    /// False when the walk stopped at [`STATE_LIMIT`]: what it found is real, but a node or
    /// condition it did not meet might still be met.
    pub complete: bool,
}

/// Walks `scenario` for up to `turns` customer turns.
pub fn reach(scenario: &Scenario, turns: usize) -> Reach {
    let ids = first_index_by_id(scenario);
    let mut states = vec![BTreeSet::new(); scenario.nodes.len()];
    let Some(&start) = ids.get(scenario.start.as_str()) else {
        return Reach {
            states,
            complete: true,
        };
    };
    let escalation = ids.get(scenario.escalation.ending.as_str()).copied();
    let caps = Caps::of(scenario);
    let mut seen: HashSet<(usize, State)> = HashSet::new();
    let mut frontier = vec![(start, State::default())];
    seen.insert((start, State::default()));
    states[start].insert(State::default());
    let mut complete = true;
    for turn in 1..=turns {
        let mut next = Vec::new();
        for (node, state) in &frontier {
            for option in scenario.nodes[*node]
                .options()
                .iter()
                .filter(|c| c.offered(state))
            {
                let (after, target) = option.leads(state);
                let after = caps.apply(after);
                if let Some(ending) = escalation {
                    states[ending].insert(after.clone());
                }
                let Some(&target) = ids.get(target) else {
                    continue;
                };
                let is_turn = matches!(scenario.nodes[target], Node::Turn { .. });
                if is_turn && turn == turns {
                    // Out of turns: the session ends here, unresolved.
                    continue;
                }
                if seen.len() >= STATE_LIMIT {
                    complete = false;
                    continue;
                }
                if seen.insert((target, after.clone())) {
                    states[target].insert(after.clone());
                    if is_turn {
                        next.push((target, after));
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Reach { states, complete }
}

/// Per counter, the value it is capped at (see the module notes).
struct Caps(HashMap<String, (Option<i32>, Option<i32>)>);

impl Caps {
    fn of(scenario: &Scenario) -> Caps {
        // The constants each name is compared with, and whether its changes only grow or shrink it.
        let mut compared: HashMap<&str, (i32, i32)> = HashMap::new();
        let mut grows: HashMap<&str, (bool, bool)> = HashMap::new();
        for node in &scenario.nodes {
            let options = node.options();
            let conditions = node
                .lines()
                .iter()
                .flat_map(|l| &l.when)
                .chain(options.iter().flat_map(|c| &c.when))
                .chain(
                    options
                        .iter()
                        .flat_map(|c| &c.next_if)
                        .flat_map(|b| &b.when),
                );
            for test in conditions.filter_map(|c| c.parsed().ok()) {
                let entry = compared
                    .entry(test.name.as_str())
                    .or_insert((test.value, test.value));
                entry.0 = entry.0.min(test.value);
                entry.1 = entry.1.max(test.value);
            }
            for update in options
                .iter()
                .flat_map(|c| &c.set)
                .filter_map(|c: &Change| c.parsed().ok())
            {
                let entry = grows.entry(update.name.as_str()).or_insert((true, true));
                let step = match update.operation {
                    Operation::Assign => continue,
                    Operation::Add => update.value,
                    Operation::Subtract => -update.value,
                };
                entry.0 &= step >= 0;
                entry.1 &= step <= 0;
            }
        }
        let caps = grows
            .into_iter()
            .map(|(name, (only_up, only_down))| {
                let (low, high) = compared.get(name).copied().unwrap_or((0, 0));
                let cap = (
                    only_down.then(|| low.min(0) - 1),
                    only_up.then(|| high.max(0) + 1),
                );
                (name.to_owned(), cap)
            })
            .collect();
        Caps(caps)
    }

    fn apply(&self, mut state: State) -> State {
        let capped: Vec<(String, i32)> = state
            .iter()
            .filter_map(|(name, value)| {
                let (low, high) = self.0.get(name)?;
                let value = high.map_or(value, |high| value.min(high));
                let value = low.map_or(value, |low| value.max(low));
                Some((name.to_owned(), value))
            })
            .collect();
        for (name, value) in capped {
            state.put(&name, value);
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::state::{Compare, Condition};

    /// Whether `compare` against `value` tells `a` and `b` apart.
    fn distinguishes(compare: Compare, value: i32, a: i32, b: i32) -> bool {
        compare.holds(a, value) != compare.holds(b, value)
    }

    fn scenario(text: &str) -> Scenario {
        ron::from_str(text).expect("test scenario parses")
    }

    /// A loop that counts deflections and leaves after the second.
    const LOOP: &str = r#"(
        id: "loop", version: 1, title: (zh: "t", en: "t"), summary: (zh: "s", en: "s"),
        difficulty: basic, objectives: [(zh: "o", en: "o")],
        persona: (name: (zh: "王", en: "Wang"), style: rational, background: (zh: "b", en: "b"),
                  emotions: (anger: 10)),
        escalation: (at_anger: 90, ending: "angry"),
        start: "ask",
        nodes: [
            Turn(id: "ask", customer: (zh: "问", en: "ask"),
                 lines: [(when: ["deflections >= 1"], text: (zh: "又来", en: "again"))],
                 options: [
                    (text: (zh: "推", en: "deflect"), feedback: (zh: "f", en: "f"),
                     set: ["deflections += 1"], next: "ask",
                     next_if: [(when: ["deflections >= 2"], next: "angry")]),
                    (text: (zh: "帮", en: "help"), feedback: (zh: "f", en: "f"), next: "done"),
                    (text: (zh: "怪", en: "odd"), feedback: (zh: "f", en: "f"),
                     when: ["deflections >= 5"], next: "done"),
                 ]),
            Ending(id: "done", outcome: resolved, text: (zh: "好", en: "ok")),
            Ending(id: "angry", outcome: escalated, text: (zh: "怒", en: "angry")),
        ],
    )"#;

    #[test]
    fn a_counting_loop_is_walked_to_its_exit_and_never_past_the_cap() {
        let s = scenario(LOOP);
        let reach = reach(&s, 40);
        assert!(reach.complete);
        let ask: Vec<i32> = reach.states[0]
            .iter()
            .map(|s| s.get("deflections"))
            .collect();
        assert_eq!(
            ask,
            vec![0, 1],
            "the turn is met before and after one deflection"
        );
        let odd = Condition::from("deflections >= 5");
        assert!(
            !reach.states[0].iter().any(|s| odd.holds(s)),
            "the third option is never offered"
        );
        assert!(
            !reach.states[2].is_empty(),
            "the second deflection escalates"
        );
    }

    #[test]
    fn a_cap_never_changes_what_a_condition_decides() {
        // Values above the cap of the largest constant compared read like the cap itself.
        for compare in [
            Compare::Equal,
            Compare::NotEqual,
            Compare::Less,
            Compare::LessOrEqual,
            Compare::Greater,
            Compare::GreaterOrEqual,
        ] {
            for value in -2..=3 {
                let cap = value.max(0) + 1;
                for above in cap..cap + 5 {
                    assert!(!distinguishes(compare, value, cap, above));
                }
            }
        }
    }

    #[test]
    fn a_turn_walk_stops_at_the_turn_limit() {
        let s = scenario(LOOP);
        let one_turn = reach(&s, 1);
        assert_eq!(
            one_turn.states[0].len(),
            1,
            "only the start state in one turn"
        );
    }
}
