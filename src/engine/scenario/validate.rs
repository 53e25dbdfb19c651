//! Semantic checks on a parsed scenario: links, reachability, ways out, translations, ranges.
//!
//! Every finding names the offending item's position, found through the [`SpanTree`].

use std::collections::HashMap;

use crate::engine::domain::Outcome;
use crate::engine::scenario::diagnostic::{Diagnostic, Kind, closest, line_column};
use crate::engine::scenario::graph;
use crate::engine::scenario::lint;
use crate::engine::scenario::ron_spans::{SpanPath, SpanTree};
use crate::engine::scenario::{Emotions, Node, Scenario, Text};

/// Limits on values a scenario may declare.
pub const EMOTION_RANGE: std::ops::RangeInclusive<i32> = 0..=100;
pub const EFFECT_RANGE: std::ops::RangeInclusive<i32> = -100..=100;
pub const SPREAD_RANGE: std::ops::RangeInclusive<i32> = 0..=50;
pub const REACTION_RANGE: std::ops::RangeInclusive<f32> = 0.0..=5.0;
/// Longest text accepted, in characters; a long customer line is about 150.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Longest id accepted, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// Places findings by their path in the document.
pub(crate) struct Reporter<'a> {
    source: &'a str,
    /// Built on the first finding: a valid file never pays for the scan.
    tree: std::cell::OnceCell<SpanTree>,
    found: Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn tree(&self) -> &SpanTree {
        self.tree.get_or_init(|| SpanTree::scan(self.source))
    }

    pub(crate) fn report(&mut self, diagnostic: Diagnostic, path: &SpanPath) {
        let span = self.tree().locate(path).unwrap_or(0..0);
        self.found.push(diagnostic.at(self.source, span));
    }

    pub(crate) fn position(&self, path: &SpanPath) -> String {
        let start = self.tree().locate(path).map_or(0, |span| span.start);
        let (line, column) = line_column(self.source, start);
        format!("line {line}, column {column}")
    }
}

/// All semantic problems in `scenario`, whose text is `source`.
pub fn validate(scenario: &Scenario, source: &str) -> Vec<Diagnostic> {
    let mut reporter = Reporter {
        source,
        tree: std::cell::OnceCell::new(),
        found: Vec::new(),
    };
    let root = SpanPath::root();
    let r = &mut reporter;

    check_identifier(r, &scenario.id, &root.clone().field("id"));
    check_header(r, scenario, &root);
    let ids = check_node_ids(r, scenario, &root);
    check_links(r, scenario, &ids, &root);
    check_graph(r, scenario, &ids, &root);
    crate::engine::scenario::state_check::check_state(r, scenario, &root);
    reporter.found
}

fn check_identifier(r: &mut Reporter, id: &str, path: &SpanPath) {
    let valid = !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid {
        let message = format!("`{id}` is not a valid id");
        let hint = format!(
            "ids use up to {MAX_ID_CHARS} lowercase letters, digits, `_` and `-`, such as \"late_delivery\""
        );
        r.report(
            Diagnostic::error(Kind::Shape, message)
                .with_label("invalid id")
                .with_hint(hint),
            path,
        );
    }
}

fn check_text(r: &mut Reporter, text: &Text, path: SpanPath) {
    lint::check_text(r, text, &path);
    for (lang, value) in [("zh", &text.zh), ("en", &text.en)] {
        let length = value.chars().count();
        if length > MAX_TEXT_CHARS {
            let diagnostic = Diagnostic::error(
                Kind::OutOfRange,
                format!("this text is {length} characters long; the limit is {MAX_TEXT_CHARS}"),
            )
            .with_label("too long to show")
            .with_hint("split it into several turns, or move background detail into `background`");
            r.report(diagnostic, &path.clone().field(lang));
        }
        if value.trim().is_empty() {
            let language = if lang == "zh" { "Chinese" } else { "English" };
            let message = format!("missing {language} text at `{path}`");
            let hint = format!("every text needs both languages: fill in `{lang}: \"…\"`");
            let diagnostic = Diagnostic::error(Kind::MissingTranslation, message)
                .with_label(format!("`{lang}` is empty"))
                .with_hint(hint);
            r.report(diagnostic, &path.clone().field(lang));
        }
    }
}

fn check_emotions(
    r: &mut Reporter,
    values: &Emotions,
    range: std::ops::RangeInclusive<i32>,
    path: &SpanPath,
) {
    for (emotion, value) in values.iter() {
        if !range.contains(&value) {
            let message = format!(
                "{} is {value}, outside {}–{}",
                emotion.id(),
                range.start(),
                range.end()
            );
            let diagnostic = Diagnostic::error(Kind::OutOfRange, message)
                .with_label("out of range")
                .with_hint(format!(
                    "use a value from {} to {}",
                    range.start(),
                    range.end()
                ));
            r.report(diagnostic, &path.clone().field(emotion.id()));
        }
    }
}

fn check_header(r: &mut Reporter, scenario: &Scenario, root: &SpanPath) {
    check_text(r, &scenario.title, root.clone().field("title"));
    check_text(r, &scenario.summary, root.clone().field("summary"));
    if scenario.objectives.is_empty() {
        let diagnostic = Diagnostic::error(Kind::Shape, "no learning objectives")
            .with_label("empty list")
            .with_hint("name at least one objective the trainee should meet, in zh and en");
        r.report(diagnostic, &root.clone().field("objectives"));
    }
    for (i, objective) in scenario.objectives.iter().enumerate() {
        check_text(r, objective, root.clone().field("objectives").index(i));
    }

    let persona = &scenario.persona;
    let at = root.clone().field("persona");
    check_text(r, &persona.name, at.clone().field("name"));
    check_text(r, &persona.background, at.clone().field("background"));
    if let Some(portrait) = &persona.portrait
        && let Some(problem) = crate::engine::scenario::asset_path::problem(portrait)
    {
        let diagnostic = Diagnostic::error(
            Kind::AssetPath,
            format!("the portrait path `{portrait}` is not allowed: {problem}"),
        )
        .with_label("outside the assets folder")
        .with_hint("name a file inside `assets/`, such as \"portraits/cautious.png\"");
        r.report(diagnostic, &at.clone().field("portrait"));
    }
    check_emotions(
        r,
        &persona.emotions,
        EMOTION_RANGE,
        &at.clone().field("emotions"),
    );
    let variation = at.clone().field("variation");
    check_emotions(
        r,
        &persona.variation.emotion_spread,
        SPREAD_RANGE,
        &variation.clone().field("emotion_spread"),
    );
    if let Some(address) = &persona.address {
        check_text(r, address, at.clone().field("address"));
    }
    for (i, variant) in persona.variation.names.iter().enumerate() {
        check_text(
            r,
            &variant.name,
            variation.clone().field("names").index(i).field("name"),
        );
        check_text(
            r,
            &variant.address,
            variation.clone().field("names").index(i).field("address"),
        );
    }
    let reactions = at.clone().field("reactions");
    let multipliers = [
        (
            "steps",
            persona
                .reactions
                .steps
                .iter()
                .map(|(k, v)| (k.id(), *v))
                .collect::<Vec<_>>(),
        ),
        (
            "techniques",
            persona
                .reactions
                .techniques
                .iter()
                .map(|(k, v)| (k.id(), *v))
                .collect(),
        ),
        (
            "anti_patterns",
            persona
                .reactions
                .anti_patterns
                .iter()
                .map(|(k, v)| (k.id(), *v))
                .collect(),
        ),
    ];
    for (group, entries) in multipliers {
        for (id, value) in entries {
            if !REACTION_RANGE.contains(&value) {
                let message = format!("reaction to `{id}` is {value}, outside 0.0–5.0");
                let hint = "a multiplier: 1.0 reacts as written, 0.5 half as strongly, 2.0 twice";
                let diagnostic = Diagnostic::error(Kind::OutOfRange, message)
                    .with_label("out of range")
                    .with_hint(hint);
                r.report(diagnostic, &reactions.clone().field(group).field(id));
            }
        }
    }

    let threshold = scenario.escalation.at_anger;
    if !(1..=100).contains(&threshold) {
        let diagnostic = Diagnostic::error(
            Kind::OutOfRange,
            format!("escalation threshold {threshold} is outside 1–100"),
        )
        .with_label("out of range")
        .with_hint("the call escalates when anger reaches this level; 85 is typical");
        r.report(
            diagnostic,
            &root.clone().field("escalation").field("at_anger"),
        );
    } else if threshold <= persona.emotions.anger {
        let message = format!(
            "the customer starts at anger {} which already reaches the escalation threshold {threshold}",
            persona.emotions.anger
        );
        let diagnostic = Diagnostic::error(Kind::OutOfRange, message)
            .with_label("escalates before the first turn")
            .with_hint("raise `at_anger` or lower the starting anger");
        r.report(
            diagnostic,
            &root.clone().field("escalation").field("at_anger"),
        );
    }
}

/// Node ids must be valid and unique; returns the index of each id's first definition.
fn check_node_ids(
    r: &mut Reporter,
    scenario: &Scenario,
    root: &SpanPath,
) -> HashMap<String, usize> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    if scenario.nodes.is_empty() {
        let diagnostic = Diagnostic::error(Kind::Shape, "the scenario has no nodes")
            .with_hint("add at least one `Turn(…)` and one `Ending(…)`");
        r.report(diagnostic, &root.clone().field("nodes"));
    }
    for (index, node) in scenario.nodes.iter().enumerate() {
        let id_path = root.clone().field("nodes").index(index).field("id");
        check_identifier(r, node.id(), &id_path);
        if let Some(first) = ids.get(node.id()) {
            let first_path = root.clone().field("nodes").index(*first).field("id");
            let message = format!("node id `{}` is defined twice", node.id());
            let hint = format!(
                "first defined at {}; give this node another id",
                r.position(&first_path)
            );
            r.report(
                Diagnostic::error(Kind::DuplicateId, message)
                    .with_label("duplicate")
                    .with_hint(hint),
                &id_path,
            );
        } else {
            ids.insert(node.id().to_owned(), index);
        }
    }
    ids
}

fn check_links(
    r: &mut Reporter,
    scenario: &Scenario,
    ids: &HashMap<String, usize>,
    root: &SpanPath,
) {
    let known: Vec<&str> = scenario.nodes.iter().map(Node::id).collect();
    let dangling = |target: &str| {
        let hint = match closest(target, known.iter().copied(), 0.8) {
            Some(id) => format!("did you mean `{id}`?"),
            None => format!(
                "known nodes: {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Diagnostic::error(Kind::DanglingLink, format!("no node has the id `{target}`"))
            .with_label("links to nothing")
            .with_hint(hint)
    };

    match ids.get(&scenario.start).map(|i| &scenario.nodes[*i]) {
        None => r.report(dangling(&scenario.start), &root.clone().field("start")),
        Some(Node::Ending { .. }) => {
            let diagnostic =
                Diagnostic::error(Kind::WrongNodeKind, "the scenario starts at an ending")
                    .with_label("an Ending")
                    .with_hint("`start` names the first customer `Turn`");
            r.report(diagnostic, &root.clone().field("start"));
        }
        Some(Node::Turn { .. }) => {}
    }

    let escalation_path = root.clone().field("escalation").field("ending");
    match ids
        .get(&scenario.escalation.ending)
        .map(|i| &scenario.nodes[*i])
    {
        None => r.report(dangling(&scenario.escalation.ending), &escalation_path),
        Some(node) if node.outcome() != Some(Outcome::Escalated) => {
            let diagnostic = Diagnostic::error(
                Kind::WrongNodeKind,
                "escalation must lead to an escalated ending",
            )
            .with_label("not an `Ending(outcome: escalated)`")
            .with_hint("point `escalation.ending` at an `Ending` whose outcome is `escalated`");
            r.report(diagnostic, &escalation_path);
        }
        Some(_) => {}
    }

    for (index, node) in scenario.nodes.iter().enumerate() {
        let node_path = root.clone().field("nodes").index(index);
        for (l, line) in node.lines().iter().enumerate() {
            check_text(
                r,
                &line.text,
                node_path.clone().field("lines").index(l).field("text"),
            );
        }
        match node {
            Node::Ending { text, .. } => check_text(r, text, node_path.clone().field("text")),
            Node::Turn {
                customer,
                tone,
                body,
                options,
                ..
            } => {
                check_text(r, customer, node_path.clone().field("customer"));
                if let Some(tone) = tone {
                    check_text(r, tone, node_path.clone().field("tone"));
                }
                if let Some(body) = body {
                    check_text(r, body, node_path.clone().field("body"));
                }
                if options.is_empty() {
                    let diagnostic = Diagnostic::error(
                        Kind::EmptyOptions,
                        format!("turn `{}` has no options", node.id()),
                    )
                    .with_label("the trainee cannot answer")
                    .with_hint("give the trainee 3–4 options, or make this node an `Ending`");
                    r.report(diagnostic, &node_path.clone().field("options"));
                }
                lint::check_options(r, node.id(), options, &node_path);
                for (o, choice) in options.iter().enumerate() {
                    let at = node_path.clone().field("options").index(o);
                    check_text(r, &choice.text, at.clone().field("text"));
                    check_text(r, &choice.feedback, at.clone().field("feedback"));
                    if let Some(reaction) = &choice.reaction {
                        check_text(r, reaction, at.clone().field("reaction"));
                    }
                    check_emotions(r, &choice.effect, EFFECT_RANGE, &at.clone().field("effect"));
                    if !ids.contains_key(&choice.next) {
                        r.report(dangling(&choice.next), &at.clone().field("next"));
                    }
                    for (b, branch) in choice.next_if.iter().enumerate() {
                        if !ids.contains_key(&branch.next) {
                            let path = at.clone().field("next_if").index(b).field("next");
                            r.report(dangling(&branch.next), &path);
                        }
                    }
                    if choice.steps.is_empty()
                        && choice.techniques.is_empty()
                        && choice.anti_patterns.is_empty()
                    {
                        let diagnostic = Diagnostic::warning(Kind::Suspicious, "this option earns nothing and costs nothing")
                            .with_label("no steps, techniques or anti-patterns")
                            .with_hint("tag it with the empathy steps it earns, or the anti-pattern it falls into");
                        r.report(diagnostic, &at);
                    }
                }
            }
        }
    }
}

/// Reachability from the start, and a way to an ending from every reachable node.
fn check_graph(
    r: &mut Reporter,
    scenario: &Scenario,
    ids: &HashMap<String, usize>,
    root: &SpanPath,
) {
    if !ids.contains_key(&scenario.start) {
        return;
    }
    let edges = graph::links(scenario);
    let reached = graph::reachable(scenario, &edges);
    for (index, node) in scenario.nodes.iter().enumerate() {
        let is_first_definition = ids.get(node.id()) == Some(&index);
        if !reached[index] && is_first_definition {
            let diagnostic = Diagnostic::error(
                Kind::UnreachableNode,
                format!("node `{}` can never be reached", node.id()),
            )
            .with_label("no option leads here")
            .with_hint(format!(
                "point some option's `next` at \"{}\", or remove the node",
                node.id()
            ));
            r.report(
                diagnostic,
                &root.clone().field("nodes").index(index).field("id"),
            );
        }
    }

    let can_finish = graph::can_finish(scenario, &edges);
    let trapped: Vec<usize> = (0..scenario.nodes.len())
        .filter(|i| reached[*i] && !can_finish[*i] && !scenario.nodes[*i].options().is_empty())
        .collect();
    if let Some(&first) = trapped.first() {
        let names: Vec<String> = trapped
            .iter()
            .map(|i| format!("`{}`", scenario.nodes[*i].id()))
            .collect();
        let loops = trapped
            .iter()
            .any(|i| edges[*i].iter().any(|next| trapped.contains(next)));
        let message = if loops {
            format!(
                "the conversation can loop forever: no ending is reachable from {}",
                names.join(", ")
            )
        } else {
            format!("dead end: no ending is reachable from {}", names.join(", "))
        };
        let diagnostic = Diagnostic::error(Kind::NoWayOut, message)
            .with_label("every option from here leads back in")
            .with_hint("give one of these turns an option whose `next` leads towards an `Ending`");
        r.report(
            diagnostic,
            &root.clone().field("nodes").index(first).field("id"),
        );
    }
}
