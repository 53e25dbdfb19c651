//! Checking an option's `examples`: each phrasing should lead the analyser to its own option.
//! One that goes elsewhere is reported at its position in the file, naming where it went, so the
//! author can reword it (or the options) before a trainee types something like it.

use super::analyse::analyse_in;
use super::cues::Cues;
use crate::engine::domain::Lang;
use crate::engine::scenario::diagnostic::{Diagnostic, Kind};
use crate::engine::scenario::ron_spans::{SpanPath, SpanTree};
use crate::engine::scenario::{Node, Scenario};

/// Where one example phrasing led.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleResult {
    pub node: usize,
    pub option: usize,
    pub lang: Lang,
    /// Its position in the option's list for `lang`.
    pub example: usize,
    /// The option the analyser chose; `None` when none fits.
    pub matched: Option<usize>,
}

impl ExampleResult {
    pub fn went_home(&self) -> bool {
        self.matched == Some(self.option)
    }
}

/// Runs the analyser on every example of every option of `scenario`, each against the turn
/// without that example (an example always matches itself).
pub fn match_examples(scenario: &Scenario, cues: &Cues) -> Vec<ExampleResult> {
    let mut results = Vec::new();
    for (node_index, node) in scenario.nodes.iter().enumerate() {
        let Node::Turn { options, .. } = node else {
            continue;
        };
        for (option, choice) in options.iter().enumerate() {
            for lang in [Lang::Zh, Lang::En] {
                for (example, text) in choice.examples.get(lang).iter().enumerate() {
                    let without = without_example(node, option, lang, example);
                    let analysis = analyse_in(text, scenario, &without, lang, cues);
                    results.push(ExampleResult {
                        node: node_index,
                        option,
                        lang,
                        example,
                        matched: analysis.option,
                    });
                }
            }
        }
    }
    results
}

fn without_example(node: &Node, option: usize, lang: Lang, example: usize) -> Node {
    let mut node = node.clone();
    if let Node::Turn { options, .. } = &mut node {
        let examples = &mut options[option].examples;
        let list = match lang {
            Lang::Zh => &mut examples.zh,
            Lang::En => &mut examples.en,
        };
        list.remove(example);
    }
    node
}

/// A warning for each example the analyser matches to another option than its own.
pub fn check_examples(scenario: &Scenario, source: &str, cues: &Cues) -> Vec<Diagnostic> {
    let results = match_examples(scenario, cues);
    if results.iter().all(ExampleResult::went_home) {
        return Vec::new();
    }
    let tree = SpanTree::scan(source);
    results
        .iter()
        .filter(|r| !r.went_home())
        .map(|r| {
            let node = &scenario.nodes[r.node];
            let path = SpanPath::root()
                .field("nodes")
                .index(r.node)
                .field("options")
                .index(r.option)
                .field("examples")
                .field(r.lang.code())
                .index(r.example);
            let went = match r.matched {
                Some(other) => format!("option {} ({})", other + 1, excerpt(node, other, r.lang)),
                None => "no option".to_owned(),
            };
            let span = tree.locate(&path).unwrap_or(0..0);
            Diagnostic::warning(
                Kind::ExampleElsewhere,
                format!(
                    "this example of option {} on turn `{}` leads the reply analyser to {went}",
                    r.option + 1,
                    node.id()
                ),
            )
            .with_label(format!("read as option {}", r.matched.map_or(0, |m| m + 1)))
            .with_hint(
                "reword the example with the words that set this option apart, or make the \
                 options differ in what they say",
            )
            .at(source, span)
        })
        .collect()
}

/// The start of an option's text, to name it in a message.
fn excerpt(node: &Node, option: usize, lang: Lang) -> String {
    let text = node.options().get(option).map_or("", |c| c.text.get(lang));
    let mut short: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        short.push('…');
    }
    format!("“{short}”")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::load::load_str;

    fn scenario_with_examples(good: &str, rude: &str) -> String {
        format!(
            r#"(
    id: "examples_test",
    version: 1,
    title: (zh: "测试", en: "Test"),
    summary: (zh: "包裹延误，客户明天要演示", en: "A late parcel; the customer presents tomorrow"),
    difficulty: basic,
    objectives: [(zh: "先回应情绪", en: "Respond to the feeling first")],
    persona: (
        name: (zh: "王先生", en: "Mr Wang"),
        style: dominant,
        background: (zh: "销售经理", en: "A sales manager"),
        emotions: (anger: 50),
    ),
    start: "opening",
    escalation: (at_anger: 95, ending: "escalated"),
    nodes: [
        Turn(
            id: "opening",
            customer: (zh: "我的包裹到底在哪？明天就要用！", en: "Where is my parcel? I need it tomorrow!"),
            options: [
                Choice(
                    text: (zh: "您明天就要用，难怪着急。我马上查包裹在哪。", en: "You need it tomorrow, no wonder you're worried. I'll find the parcel right now."),
                    examples: (en: ["{good}"]),
                    steps: [identify_emotion],
                    feedback: (zh: "好", en: "Good"),
                    next: "done",
                ),
                Choice(
                    text: (zh: "物流是快递公司的事，请您自己联系快递。", en: "Delivery is the courier's business; please call the courier yourself."),
                    examples: (en: ["{rude}"]),
                    anti_patterns: [passing_the_buck],
                    feedback: (zh: "推诿", en: "Passing the buck"),
                    next: "done",
                ),
            ],
        ),
        Ending(id: "done", outcome: resolved, text: (zh: "好", en: "Fine")),
        Ending(id: "escalated", outcome: escalated, text: (zh: "升级", en: "Escalated")),
    ],
)"#
        )
    }

    #[test]
    fn examples_that_lead_home_pass_and_one_that_does_not_is_placed_on_its_line() {
        let good = "No wonder you're worried if you need it tomorrow, let me find the parcel";
        let rude = "That's the courier's business, call the courier";
        let source = scenario_with_examples(good, rude);
        let loaded = load_str("t.ron", &source);
        let scenario = loaded
            .scenario
            .unwrap_or_else(|| panic!("{}", loaded.report.render(false)));
        let cues = Cues::builtin();
        assert!(check_examples(&scenario, &source, &cues).is_empty());

        // The rude option's example now reads like the good one: the two examples say the same,
        // so each one, left out, is read as the other option.
        let source = scenario_with_examples(good, good);
        let scenario = load_str("t.ron", &source).scenario.unwrap();
        let found = check_examples(&scenario, &source, &cues);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|d| d.kind == Kind::ExampleElsewhere));
        assert!(
            found[1].message.contains("example of option 2")
                && found[1].message.contains("to option 1"),
            "{}",
            found[1].message
        );
        let line = source.lines().nth(found[1].line - 1).unwrap();
        assert!(line.contains("examples: (en: ["), "points at {line}");
    }
}
