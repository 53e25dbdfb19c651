//! An observer's marks: in group practice the agent speaks and the observer marks which steps,
//! techniques and anti-patterns they heard. Marks answer a turn the way a chosen option does:
//! the conversation follows the authored option closest to them, and the scorer scores them.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::engine::domain::{AntiPattern, Step, Technique};
use crate::engine::reply::Analysis;
use crate::engine::reply::cues::{Tag, choice_tags, tags_of};
use crate::engine::scenario::state::State;
use crate::engine::scenario::{Choice, Node};

/// What the observer marked on one agent turn.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Marks {
    pub steps: Vec<Step>,
    pub techniques: Vec<Technique>,
    pub anti_patterns: Vec<AntiPattern>,
    /// What the agent said, when the observer typed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
    /// The marks the reply analyser proposed from `said` and the observer kept; the others the
    /// observer set by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from_analyser: Vec<String>,
}

impl Marks {
    /// Marks of exactly the moves `choice` is tagged with: what an observer marks who heard the
    /// authored reply.
    pub fn of(choice: &Choice) -> Marks {
        Marks {
            steps: choice.steps.clone(),
            techniques: choice.techniques.clone(),
            anti_patterns: choice.anti_patterns.clone(),
            ..Marks::default()
        }
    }

    /// The marks as tags.
    pub fn tags(&self) -> BTreeSet<Tag> {
        tags_of(&self.steps, &self.techniques, &self.anti_patterns)
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.techniques.is_empty() && self.anti_patterns.is_empty()
    }

    /// Whether `tag` is marked.
    pub fn has(&self, tag: Tag) -> bool {
        match tag {
            Tag::Step(s) => self.steps.contains(&s),
            Tag::Technique(t) => self.techniques.contains(&t),
            Tag::AntiPattern(a) => self.anti_patterns.contains(&a),
        }
    }

    /// Marks or unmarks `tag`; a tag changed by hand is no longer the analyser's.
    pub fn toggle(&mut self, tag: Tag) {
        fn flip<T: PartialEq + Ord>(list: &mut Vec<T>, item: T) {
            match list.iter().position(|x| *x == item) {
                Some(i) => {
                    list.remove(i);
                }
                None => {
                    list.push(item);
                    list.sort();
                }
            }
        }
        match tag {
            Tag::Step(s) => flip(&mut self.steps, s),
            Tag::Technique(t) => flip(&mut self.techniques, t),
            Tag::AntiPattern(a) => flip(&mut self.anti_patterns, a),
        }
        self.from_analyser.retain(|id| id != tag.id());
    }

    /// The marks the analyser proposes for what the agent said; the observer confirms or changes
    /// them.
    pub fn proposed(said: &str, analysis: &Analysis) -> Marks {
        Marks {
            steps: analysis.steps.clone(),
            techniques: analysis.techniques.clone(),
            anti_patterns: analysis.anti_patterns.clone(),
            said: Some(said.to_owned()),
            from_analyser: analysis.tags().iter().map(|t| t.id().to_owned()).collect(),
        }
    }
}

/// The offered option of `node` whose tags are closest to `marks`: first one that agrees on
/// whether an anti-pattern was heard, then the most tags shared less those that differ, then
/// the first in the file. Where the conversation goes unless the observer picks another. `None`
/// when the turn offers no option.
pub fn closest_option(node: &Node, state: &State, marks: &Marks) -> Option<usize> {
    closest_among(&offered_tags(node, state), marks)
}

/// The options `node` offers in `state`, each its index in the file with its tags.
pub fn offered_tags(node: &Node, state: &State) -> Vec<(usize, BTreeSet<Tag>)> {
    node.offered(state)
        .into_iter()
        .map(|i| (i, choice_tags(&node.options()[i])))
        .collect()
}

/// [`closest_option`] among `options`, each its index in the file with its tags.
pub fn closest_among(options: &[(usize, BTreeSet<Tag>)], marks: &Marks) -> Option<usize> {
    let marked = marks.tags();
    // Anti-patterns decide the branch first: a mistake heard leads where mistakes lead.
    let has_mistake = |set: &BTreeSet<Tag>| set.iter().any(|t| matches!(t, Tag::AntiPattern(_)));
    let heard = has_mistake(&marked);
    options
        .iter()
        .max_by_key(|(i, theirs)| {
            let shared = theirs.intersection(&marked).count() as i64;
            let differ = theirs.symmetric_difference(&marked).count() as i64;
            (has_mistake(theirs) == heard, shared - differ, Reverse(*i))
        })
        .map(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::load::load_str;

    #[test]
    fn marks_lead_to_the_option_whose_tags_they_match() {
        let text = include_str!("../../../tests/fixtures/minimal.ron");
        let scenario = load_str("minimal", text).scenario.unwrap();
        let probe = &scenario.nodes[0];
        let state = State::default();
        for (index, option) in probe.options().iter().enumerate() {
            let marks = Marks::of(option);
            assert_eq!(closest_option(probe, &state, &marks), Some(index));
        }
        // A mistake heard leads where the mistake leads, even with a step beside it.
        let mixed = Marks {
            steps: vec![Step::ObserveListen],
            anti_patterns: vec![AntiPattern::BlamingCustomer],
            ..Marks::default()
        };
        assert_eq!(closest_option(probe, &state, &mixed), Some(1));
        // Nothing marked: the first option with nothing wrong.
        assert_eq!(closest_option(probe, &state, &Marks::default()), Some(0));
    }

    #[test]
    fn toggling_a_proposed_mark_makes_it_the_observers() {
        let mut marks = Marks {
            steps: vec![Step::Validate],
            from_analyser: vec!["validate".into()],
            ..Marks::default()
        };
        marks.toggle(Tag::Step(Step::Validate));
        assert!(marks.steps.is_empty() && marks.from_analyser.is_empty());
        marks.toggle(Tag::Step(Step::Validate));
        assert!(marks.has(Tag::Step(Step::Validate)));
        assert!(marks.from_analyser.is_empty());
    }
}
