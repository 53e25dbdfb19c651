//! The scenario file model: what a trainer writes in RON (see `docs/scenario-format.md`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::domain::{
    AntiPattern, Difficulty, Emotion, Lang, Outcome, PersonaStyle, Step, Technique,
};
use crate::engine::scenario::state::{Change, Condition, State, all_hold};

/// A text in both languages. Both are required; an empty one is a missing translation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Example phrasings per language; either list may be empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Examples {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

impl Examples {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

/// One value per emotion. Used for starting levels (0–100), for an option's effect (−100–100) and
/// for how far a persona variant may stray from the starting level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Emotions {
    pub anger: i32,
    pub anxiety: i32,
    pub disappointment: i32,
    pub confusion: i32,
    pub trust: i32,
}

impl Emotions {
    pub fn get(&self, emotion: Emotion) -> i32 {
        match emotion {
            Emotion::Anger => self.anger,
            Emotion::Anxiety => self.anxiety,
            Emotion::Disappointment => self.disappointment,
            Emotion::Confusion => self.confusion,
            Emotion::Trust => self.trust,
        }
    }

    pub fn set(&mut self, emotion: Emotion, value: i32) {
        let slot = match emotion {
            Emotion::Anger => &mut self.anger,
            Emotion::Anxiety => &mut self.anxiety,
            Emotion::Disappointment => &mut self.disappointment,
            Emotion::Confusion => &mut self.confusion,
            Emotion::Trust => &mut self.trust,
        };
        *slot = value;
    }

    pub fn iter(&self) -> impl Iterator<Item = (Emotion, i32)> + '_ {
        Emotion::ALL.iter().map(|e| (*e, self.get(*e)))
    }
}

/// How strongly a persona reacts to the moves of a response: a multiplier per tag (1.0 = as
/// written). Tags not listed react at 1.0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reactions {
    pub steps: BTreeMap<Step, f32>,
    pub techniques: BTreeMap<Technique, f32>,
    pub anti_patterns: BTreeMap<AntiPattern, f32>,
}

/// Another identity the persona may take: the full name, and how the trainee addresses them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameVariant {
    pub name: Text,
    pub address: Text,
}

/// Seeded variation so repeated practice is not rote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Variation {
    /// Other identities the persona may take; texts say `{name}` and `{address}`.
    pub names: Vec<NameVariant>,
    /// A starting emotion may move up to this far either way (then clamped to 0–100).
    pub emotion_spread: Emotions,
    /// Present the trainee's options in a shuffled order.
    pub shuffle_options: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub name: Text,
    /// How the trainee addresses the customer (王先生 / Mr Wang); defaults to the name.
    #[serde(default)]
    pub address: Option<Text>,
    pub style: PersonaStyle,
    /// Who the customer is and what happened, as the trainee is briefed.
    pub background: Text,
    /// A picture of the customer, relative to the app's `assets/` folder (never outside it).
    #[serde(default)]
    pub portrait: Option<String>,
    /// Starting emotions, 0–100.
    pub emotions: Emotions,
    /// Overrides of the style's default reactions from the rubric.
    #[serde(default)]
    pub reactions: Reactions,
    #[serde(default)]
    pub variation: Variation,
}

impl Persona {
    /// How the trainee addresses the customer: `address`, or else the name.
    pub fn address_or_name(&self) -> &Text {
        self.address.as_ref().unwrap_or(&self.name)
    }
}

/// When the customer's anger reaches `at_anger`, the call escalates and ends at `ending`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub at_anger: i32,
    pub ending: String,
}

/// A trainee response the customer reacts to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub text: Text,
    /// Other ways a trainee might put this reply in their own words: free replies like these
    /// should lead to this option. `check` confirms that each one does.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub techniques: Vec<Technique>,
    #[serde(default)]
    pub anti_patterns: Vec<AntiPattern>,
    /// Change to the customer's emotions before the persona's reactions scale it.
    #[serde(default)]
    pub effect: Emotions,
    /// Why this response works or not, naming the better move.
    pub feedback: Text,
    /// What the customer says at once to this reply, before the next turn's line: the part of a
    /// reaction that belongs to this reply, so a turn several replies lead to can keep a line that
    /// fits them all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<Text>,
    /// Shown only when all of these hold (see [`crate::engine::scenario::state`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Condition>,
    /// Changes to the conversation's state when this reply is given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<Change>,
    /// The node the conversation moves to.
    pub next: String,
    /// Where to go instead when a condition holds (after `set`): the first branch whose `when`
    /// all hold wins, else `next`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub next_if: Vec<Branch>,
}

impl Choice {
    /// Whether the trainee is offered this reply in `state`.
    pub fn offered(&self, state: &State) -> bool {
        all_hold(&self.when, state)
    }

    /// Where this reply leads when given in `state`: the state after its `set`, and the node.
    pub fn leads(&self, state: &State) -> (State, &str) {
        let after = state.after(&self.set);
        let next = self
            .branch_taken(&after)
            .map_or(self.next.as_str(), |b| self.next_if[b].next.as_str());
        (after, next)
    }

    /// The `next_if` branch (its index) taken in `after`, the state once this reply's `set` is
    /// applied: the first whose conditions hold; `None` for `next`.
    pub fn branch_taken(&self, after: &State) -> Option<usize> {
        self.next_if.iter().position(|b| all_hold(&b.when, after))
    }

    /// Every node this reply can lead to: `next` and each branch's.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.next.as_str()).chain(self.next_if.iter().map(|b| b.next.as_str()))
    }
}

/// A conditional way on: go to `next` when all of `when` hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub when: Vec<Condition>,
    pub next: String,
}

/// A line said instead of the node's own when all of `when` hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub when: Vec<Condition>,
    pub text: Text,
}

/// A point in the conversation: a customer turn the trainee answers, or an ending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Node {
    Turn {
        id: String,
        /// What the customer says.
        customer: Text,
        /// How it sounds: the tone cue the trainee can observe.
        #[serde(default)]
        tone: Option<Text>,
        /// Body language or typing behaviour the trainee can observe.
        #[serde(default)]
        body: Option<Text>,
        options: Vec<Choice>,
        /// Said instead of `customer` when their conditions hold; the first that holds wins.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lines: Vec<Line>,
    },
    Ending {
        id: String,
        outcome: Outcome,
        text: Text,
        /// Said instead of `text` when their conditions hold; the first that holds wins.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lines: Vec<Line>,
    },
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Turn { id, .. } | Node::Ending { id, .. } => id,
        }
    }

    pub fn options(&self) -> &[Choice] {
        match self {
            Node::Turn { options, .. } => options,
            Node::Ending { .. } => &[],
        }
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Node::Ending { outcome, .. } => Some(*outcome),
            Node::Turn { .. } => None,
        }
    }

    /// The node's conditional lines.
    pub fn lines(&self) -> &[Line] {
        match self {
            Node::Turn { lines, .. } | Node::Ending { lines, .. } => lines,
        }
    }

    /// What the customer says here (a turn) or how it ends (an ending) when the conversation's
    /// state is `state`: the first conditional line that holds, else the node's own text.
    pub fn line(&self, state: &State) -> &Text {
        let own = match self {
            Node::Turn { customer, .. } => customer,
            Node::Ending { text, .. } => text,
        };
        self.line_said(state).map_or(own, |l| &self.lines()[l].text)
    }

    /// Which of `lines` (its index) is said in `state`: the first whose conditions hold; `None`
    /// for the node's own line.
    pub fn line_said(&self, state: &State) -> Option<usize> {
        self.lines().iter().position(|l| all_hold(&l.when, state))
    }

    /// The indices (in the file) of the options offered in `state`.
    pub fn offered(&self, state: &State) -> Vec<usize> {
        self.options()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.offered(state))
            .map(|(i, _)| i)
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    /// Bumped by the author when the content changes; kept in session records.
    pub version: u32,
    pub title: Text,
    pub summary: Text,
    pub difficulty: Difficulty,
    pub objectives: Vec<Text>,
    pub persona: Persona,
    pub escalation: Escalation,
    /// Id of the first customer turn.
    pub start: String,
    pub nodes: Vec<Node>,
}

/// Placeholders a text may contain, replaced by the persona's identity for each session.
pub const PLACEHOLDERS: [&str; 2] = ["{name}", "{address}"];

impl Scenario {
    /// Every user-facing text, for substitution and checks.
    pub fn texts_mut(&mut self) -> Vec<&mut Text> {
        let mut texts: Vec<&mut Text> = vec![
            &mut self.title,
            &mut self.summary,
            &mut self.persona.background,
        ];
        texts.extend(self.objectives.iter_mut());
        for node in &mut self.nodes {
            match node {
                Node::Turn {
                    customer,
                    tone,
                    body,
                    options,
                    lines,
                    ..
                } => {
                    texts.push(customer);
                    texts.extend(tone.iter_mut());
                    texts.extend(body.iter_mut());
                    for choice in options {
                        texts.push(&mut choice.text);
                        texts.push(&mut choice.feedback);
                        texts.extend(choice.reaction.iter_mut());
                    }
                    texts.extend(lines.iter_mut().map(|l| &mut l.text));
                }
                Node::Ending { text, lines, .. } => {
                    texts.push(text);
                    texts.extend(lines.iter_mut().map(|l| &mut l.text));
                }
            }
        }
        texts
    }

    /// A copy in which the persona is `name`, addressed as `address`, with every `{name}` and
    /// `{address}` filled in.
    pub fn personalised(&self, name: &Text, address: &Text) -> Scenario {
        let mut copy = self.clone();
        copy.persona.name = name.clone();
        copy.persona.address = Some(address.clone());
        for text in copy.texts_mut() {
            for (value, lang_name, lang_address) in [
                (&mut text.zh, &name.zh, &address.zh),
                (&mut text.en, &name.en, &address.en),
            ] {
                if value.contains('{') {
                    *value = value
                        .replace("{name}", lang_name)
                        .replace("{address}", lang_address);
                }
            }
        }
        copy
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|node| node.id() == id)
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|node| node.id() == id)
    }

    /// Whether any line, option or branch depends on the conversation's state, or any option
    /// changes it (most files don't).
    pub fn uses_state(&self) -> bool {
        self.nodes.iter().any(|node| {
            !node.lines().is_empty()
                || node
                    .options()
                    .iter()
                    .any(|c| !c.when.is_empty() || !c.set.is_empty() || !c.next_if.is_empty())
        })
    }

    /// Number of customer turns (nodes the trainee answers).
    pub fn turn_count(&self) -> usize {
        self.nodes
            .iter()
            .filter(|n| matches!(n, Node::Turn { .. }))
            .count()
    }
}
