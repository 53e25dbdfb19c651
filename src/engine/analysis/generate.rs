//! Generated scenarios of any size, for benchmarks and large-graph tests.
//!
//! The shape is a layered conversation: about [`LAYERS`] columns of customer turns, each option
//! leading to a turn in the next column (the last column leads to the endings). Every generated file
//! passes validation; tags and effects are drawn from a seeded generator.

use std::fmt::Write as _;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::engine::domain::{AntiPattern, Step, Technique};

/// About how many columns of customer turns a generated scenario has: deeper than any real one,
/// within the rubric's turn limit.
pub const LAYERS: usize = 20;

/// A valid scenario with `turns` customer turns (at least one per layer) of `options` options
/// each (at least two, so every ending can be reached), plus three endings, as RON text.
pub fn scenario_text(turns: usize, options: usize, seed: u64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let options = options.max(2);
    let width = turns.max(1).div_ceil(LAYERS);
    let id = |layer: usize, row: usize| format!("t{layer}_{row}");
    let mut text = String::with_capacity(turns * options * 420);
    let _ = write!(
        text,
        r#"Scenario(
    id: "generated_{seed}",
    version: 1,
    title: (zh: "生成的情景", en: "Generated scenario"),
    summary: (zh: "用于基准测试。", en: "For benchmarks."),
    difficulty: intermediate,
    objectives: [(zh: "先处理情绪。", en: "Emotion first.")],
    persona: Persona(
        name: (zh: "顾客", en: "Customer"),
        style: dominant,
        background: (zh: "生成的顾客。", en: "A generated customer."),
        emotions: (anger: 30, anxiety: 40, trust: 30),
    ),
    escalation: (at_anger: 90, ending: "escalated"),
    start: "{start}",
    nodes: [
"#,
        start = id(0, 0)
    );
    // One start turn, fanning out until the layers are `width` wide. Option k of row r leads
    // to row (r × options + k) of the next layer (wrapping), so every turn is reachable.
    let mut layer_sizes = Vec::new();
    let mut left = turns.max(1);
    let mut size = 1;
    while left > 0 {
        let this = size.min(left);
        layer_sizes.push(this);
        left -= this;
        size = (this * options).min(width.max(1));
    }
    for (layer, &size) in layer_sizes.iter().enumerate() {
        for row in 0..size {
            let _ = write!(
                text,
                "        Turn(\n            id: \"{}\",\n            customer: (zh: \"第{layer}轮，顾客{row}。\", en: \"Turn {layer}, customer {row}.\"),\n            options: [\n",
                id(layer, row)
            );
            for option in 0..options {
                let next = match layer_sizes.get(layer + 1) {
                    Some(&next_size) => id(layer + 1, (row * options + option) % next_size),
                    None => ["resolved", "unresolved", "escalated"][option % 3].to_owned(),
                };
                write_choice(&mut text, &mut rng, option, &next);
            }
            text.push_str("            ],\n        ),\n");
        }
    }
    text.push_str(
        r#"        Ending(id: "resolved", outcome: resolved, text: (zh: "解决了。", en: "Resolved.")),
        Ending(id: "unresolved", outcome: unresolved, text: (zh: "没解决。", en: "Unresolved.")),
        Ending(id: "escalated", outcome: escalated, text: (zh: "升级了。", en: "Escalated.")),
    ],
)
"#,
    );
    text
}

fn write_choice(text: &mut String, rng: &mut StdRng, option: usize, next: &str) {
    let step = Step::ALL[rng.random_range(0..Step::ALL.len())];
    let technique = Technique::ALL[rng.random_range(0..Technique::ALL.len())];
    let flawed = rng.random_bool(0.3);
    let tags = if flawed {
        let anti = AntiPattern::ALL[rng.random_range(0..AntiPattern::ALL.len())];
        format!("anti_patterns: [{}],", anti.id())
    } else {
        format!("steps: [{}], techniques: [{}],", step.id(), technique.id())
    };
    let anger: i32 = if flawed {
        rng.random_range(5..25)
    } else {
        rng.random_range(-15..5)
    };
    let trust: i32 = rng.random_range(-10..15);
    let _ = writeln!(
        text,
        "                Choice(text: (zh: \"回应{option}\", en: \"Reply {option}\"), {tags} effect: (anger: {anger}, trust: {trust}), feedback: (zh: \"说明\", en: \"Why\"), next: \"{next}\"),"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::load::load_str;

    #[test]
    fn generated_scenarios_load_without_errors_at_every_size() {
        for (turns, options) in [(1, 2), (7, 2), (21, 2), (200, 3), (1001, 3)] {
            let text = scenario_text(turns, options, 5);
            let loaded = load_str("generated.ron", &text);
            let errors: Vec<_> = loaded
                .report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.message.clone())
                .collect();
            assert!(errors.is_empty(), "{turns} turns: {errors:?}");
            let scenario = loaded.scenario.unwrap();
            assert_eq!(scenario.turn_count(), turns);
            assert_eq!(scenario.nodes.len(), turns + 3);
        }
    }

    #[test]
    fn the_same_seed_generates_the_same_text() {
        assert_eq!(scenario_text(50, 3, 9), scenario_text(50, 3, 9));
        assert_ne!(scenario_text(50, 3, 9), scenario_text(50, 3, 10));
    }
}
