//! Which domain ids a set of scenarios uses: every step, technique and anti-pattern should be
//! practised somewhere in the library.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::engine::domain::{AntiPattern, PersonaStyle, Step, Technique};
use crate::engine::scenario::Scenario;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Coverage {
    pub unused_steps: Vec<Step>,
    pub unused_techniques: Vec<Technique>,
    pub unused_anti_patterns: Vec<AntiPattern>,
    pub unused_styles: Vec<PersonaStyle>,
}

impl Coverage {
    pub fn of<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Coverage {
        let mut steps = BTreeSet::new();
        let mut techniques = BTreeSet::new();
        let mut anti_patterns = BTreeSet::new();
        let mut styles = BTreeSet::new();
        for scenario in scenarios {
            styles.insert(scenario.persona.style);
            for choice in scenario.nodes.iter().flat_map(|node| node.options()) {
                steps.extend(choice.steps.iter().copied());
                techniques.extend(choice.techniques.iter().copied());
                anti_patterns.extend(choice.anti_patterns.iter().copied());
            }
        }
        Coverage {
            unused_steps: Step::ALL
                .iter()
                .copied()
                .filter(|s| !steps.contains(s))
                .collect(),
            unused_techniques: Technique::ALL
                .iter()
                .copied()
                .filter(|t| !techniques.contains(t))
                .collect(),
            unused_anti_patterns: AntiPattern::ALL
                .iter()
                .copied()
                .filter(|a| !anti_patterns.contains(a))
                .collect(),
            unused_styles: PersonaStyle::ALL
                .iter()
                .copied()
                .filter(|s| !styles.contains(s))
                .collect(),
        }
    }

    pub fn is_complete(&self) -> bool {
        self.unused_steps.is_empty()
            && self.unused_techniques.is_empty()
            && self.unused_anti_patterns.is_empty()
            && self.unused_styles.is_empty()
    }

    /// One line per vocabulary: `steps 6/6`, or the ids nobody uses yet.
    pub fn summary(&self) -> Vec<String> {
        fn line<T: std::fmt::Display>(name: &str, unused: &[T], total: usize) -> String {
            let used = total - unused.len();
            if unused.is_empty() {
                format!("{name}: {used}/{total} used")
            } else {
                let list: Vec<String> = unused.iter().map(|u| u.to_string()).collect();
                format!("{name}: {used}/{total} used; unused: {}", list.join(", "))
            }
        }
        vec![
            line("empathy steps", &self.unused_steps, Step::ALL.len()),
            line("techniques", &self.unused_techniques, Technique::ALL.len()),
            line(
                "anti-patterns",
                &self.unused_anti_patterns,
                AntiPattern::ALL.len(),
            ),
            line(
                "persona styles",
                &self.unused_styles,
                PersonaStyle::ALL.len(),
            ),
        ]
    }
}

/// The scenario (other than `exclude`) with the most options that perform `step`: where a
/// trainee weak in that step gets the most chances to practise it.
pub fn recommend_for<'a>(
    scenarios: impl IntoIterator<Item = &'a Scenario>,
    step: crate::engine::domain::Step,
    exclude: &str,
) -> Option<&'a Scenario> {
    scenarios
        .into_iter()
        .filter(|s| s.id != exclude)
        .map(|s| {
            (
                s.nodes
                    .iter()
                    .flat_map(|n| n.options())
                    .filter(|c| c.steps.contains(&step))
                    .count(),
                s,
            )
        })
        .filter(|(count, _)| *count > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)))
        .map(|(_, s)| s)
}
