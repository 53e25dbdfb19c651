//! The validator's checks on conversation state: conditions and changes that do not parse,
//! counters read but never set (or set but never read), and, from the walk of [`reach`], the
//! conditions that can never hold where they stand and the nodes no conversation reaches.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::scenario::diagnostic::{Diagnostic, Kind, closest};
use crate::engine::scenario::reach::{self, Reach, WALK_TURNS};
use crate::engine::scenario::ron_spans::SpanPath;
use crate::engine::scenario::state::{Condition, State};
use crate::engine::scenario::validate::Reporter;
use crate::engine::scenario::{Node, Scenario};

/// Every condition of the file with its path: lines', options' and branches'.
fn conditions<'a>(scenario: &'a Scenario, root: &SpanPath) -> Vec<(SpanPath, &'a Condition)> {
    let mut out = Vec::new();
    for (n, node) in scenario.nodes.iter().enumerate() {
        let at = root.clone().field("nodes").index(n);
        for (l, line) in node.lines().iter().enumerate() {
            for (k, c) in line.when.iter().enumerate() {
                let path = at.clone().field("lines").index(l).field("when").index(k);
                out.push((path, c));
            }
        }
        for (o, choice) in node.options().iter().enumerate() {
            let option = at.clone().field("options").index(o);
            for (k, c) in choice.when.iter().enumerate() {
                out.push((option.clone().field("when").index(k), c));
            }
            for (b, branch) in choice.next_if.iter().enumerate() {
                for (k, c) in branch.when.iter().enumerate() {
                    let path = option
                        .clone()
                        .field("next_if")
                        .index(b)
                        .field("when")
                        .index(k);
                    out.push((path, c));
                }
            }
        }
    }
    out
}

/// All state checks; returns nothing for a file that uses no state.
pub(crate) fn check_state(r: &mut Reporter, scenario: &Scenario, root: &SpanPath) {
    // Most files use no state, and pay nothing.
    if !scenario.uses_state() {
        return;
    }
    let mut sound = true;
    // Where each name is set, first occurrence.
    let mut set_at: BTreeMap<&str, SpanPath> = BTreeMap::new();
    for (n, node) in scenario.nodes.iter().enumerate() {
        for (o, choice) in node.options().iter().enumerate() {
            for (k, change) in choice.set.iter().enumerate() {
                let path = root
                    .clone()
                    .field("nodes")
                    .index(n)
                    .field("options")
                    .index(o)
                    .field("set")
                    .index(k);
                match change.parsed() {
                    Ok(update) => {
                        set_at.entry(update.name.as_str()).or_insert(path);
                    }
                    Err(problem) => {
                        sound = false;
                        let diagnostic = Diagnostic::error(
                            Kind::StateSyntax,
                            format!("`{}` is not a change: {}", change.source(), problem.message),
                        )
                        .with_label("cannot be read")
                        .with_hint(problem.hint.clone());
                        r.report(diagnostic, &path);
                    }
                }
            }
        }
    }
    let conditions = conditions(scenario, root);
    let mut read: BTreeSet<&str> = BTreeSet::new();
    for (path, condition) in &conditions {
        match condition.parsed() {
            Err(problem) => {
                sound = false;
                let diagnostic = Diagnostic::error(
                    Kind::StateSyntax,
                    format!(
                        "`{}` is not a condition: {}",
                        condition.source(),
                        problem.message
                    ),
                )
                .with_label("cannot be read")
                .with_hint(problem.hint.clone());
                r.report(diagnostic, path);
            }
            Ok(test) => {
                read.insert(test.name.as_str());
                if !set_at.contains_key(test.name.as_str()) {
                    sound = false;
                    let hint = match closest(&test.name, set_at.keys().copied(), 0.7) {
                        Some(name) => format!("did you mean `{name}`?"),
                        None => format!(
                            "every counter starts at 0; add `set: [\"{}\"]` to the option that should change it",
                            test.name
                        ),
                    };
                    let diagnostic = Diagnostic::error(
                        Kind::UnknownState,
                        format!("no option ever sets `{}`", test.name),
                    )
                    .with_label("never set")
                    .with_hint(hint);
                    r.report(diagnostic, path);
                }
            }
        }
    }
    for (name, path) in &set_at {
        if !read.contains(name) {
            let diagnostic = Diagnostic::warning(
                Kind::UnusedState,
                format!("`{name}` is set but no condition reads it"),
            )
            .with_label("set here, never read")
            .with_hint(
                "use it in a `when` (a line, an option or a `next_if`), or remove the change; a misspelt condition may be meant to read it",
            );
            r.report(diagnostic, path);
        }
    }
    // The walk's conclusions are only as good as the conditions it reads.
    if sound {
        let walked = reach::reach(scenario, WALK_TURNS);
        if walked.complete {
            check_walk(r, scenario, &walked, root);
        }
    }
}

/// A few states in words, for messages.
fn states_in_words(states: &BTreeSet<State>) -> String {
    let mut shown: Vec<String> = states.iter().take(3).map(State::to_string).collect();
    if states.len() > 3 {
        shown.push(format!("and {} more", states.len() - 3));
    }
    shown.join("; ")
}

fn check_walk(r: &mut Reporter, scenario: &Scenario, walked: &Reach, root: &SpanPath) {
    let edges = crate::engine::scenario::graph::links(scenario);
    let structurally = crate::engine::scenario::graph::reachable(scenario, &edges);
    for (n, node) in scenario.nodes.iter().enumerate() {
        let at = root.clone().field("nodes").index(n);
        let met = &walked.states[n];
        if met.is_empty() {
            if structurally[n] {
                let diagnostic = Diagnostic::error(
                    Kind::UnreachableNode,
                    format!(
                        "node `{}` can never be reached: every way here needs a condition no conversation meets",
                        node.id()
                    ),
                )
                .with_label("reached by no conversation")
                .with_hint(format!(
                    "check the `when` of the options and `next_if` branches leading to \"{}\" (looked {WALK_TURNS} turns deep)",
                    node.id()
                ));
                r.report(diagnostic, &at.clone().field("id"));
            }
            continue;
        }
        let seen = states_in_words(met);
        let said: BTreeSet<usize> = met.iter().filter_map(|s| node.line_said(s)).collect();
        for l in 0..node.lines().len() {
            if !said.contains(&l) {
                let diagnostic = Diagnostic::warning(
                    Kind::NeverHolds,
                    format!(
                        "this line of `{}` is never said: no conversation meets its `when` here, or an earlier line's always wins",
                        node.id()
                    ),
                )
                .with_label("never said")
                .with_hint(format!("`{}` is met only with: {seen}", node.id()));
                r.report(
                    diagnostic,
                    &at.clone().field("lines").index(l).field("when"),
                );
            }
        }
        if let Node::Turn { options, .. } = node {
            for (o, choice) in options.iter().enumerate() {
                let option = at.clone().field("options").index(o);
                let offered_in: Vec<&State> = met.iter().filter(|s| choice.offered(s)).collect();
                if offered_in.is_empty() {
                    if !choice.when.is_empty() {
                        let diagnostic = Diagnostic::warning(
                            Kind::NeverHolds,
                            format!(
                                "option {} of `{}` is never offered: its `when` holds in no conversation that reaches this turn",
                                o + 1,
                                node.id()
                            ),
                        )
                        .with_label("never holds here")
                        .with_hint(format!("`{}` is met only with: {seen}", node.id()));
                        r.report(diagnostic, &option.clone().field("when"));
                    }
                    continue;
                }
                let taken: BTreeSet<usize> = offered_in
                    .iter()
                    .filter_map(|s| choice.branch_taken(&s.after(&choice.set)))
                    .collect();
                for b in 0..choice.next_if.len() {
                    if !taken.contains(&b) {
                        let diagnostic = Diagnostic::warning(
                            Kind::NeverHolds,
                            format!(
                                "this branch of option {} of `{}` is never taken: its `when` never holds after the option's `set`, or an earlier branch always wins",
                                o + 1,
                                node.id()
                            ),
                        )
                        .with_label("never taken")
                        .with_hint(format!("`{}` is met only with: {seen}", node.id()));
                        r.report(
                            diagnostic,
                            &option.clone().field("next_if").index(b).field("when"),
                        );
                    }
                }
            }
            if let Some(stuck) = met.iter().find(|s| node.offered(s).is_empty()) {
                let diagnostic = Diagnostic::error(
                    Kind::EmptyOptions,
                    format!(
                        "turn `{}` can offer no option: in a conversation with {stuck}, every option's `when` fails",
                        node.id()
                    ),
                )
                .with_label("the trainee could not answer")
                .with_hint("give at least one option no `when`, or conditions that cover every case");
                r.report(diagnostic, &at.clone().field("options"));
            }
        }
    }
}
