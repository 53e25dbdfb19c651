//! A play-through: start, present a turn, choose an option, react, end. Records a transcript
//! that serialises to JSON (the session record).
//!
//! Randomness (persona variants, option order) comes from one seed, so a seed replays exactly.

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::engine::domain::{AntiPattern, Emotion, Lang, Outcome, Step, Technique};
use crate::engine::play::emotion::{escalates, mood, react, reaction_multiplier};
use crate::engine::play::marks::Marks;
use crate::engine::play::rubric::Rubric;
use crate::engine::play::score::{ScoreCard, ScoreState, score_session};
use crate::engine::reply::Analysis;
use crate::engine::reply::analyse::Evidence;
use crate::engine::scenario::state::State;
use crate::engine::scenario::{Choice, Emotions, Node, Scenario, Text};

/// Version of the session record format.
pub const RECORD_FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TurnRecord {
    /// 1-based.
    pub turn: usize,
    pub node: String,
    pub customer: Text,
    /// Index of the chosen option in the scenario file.
    pub option: usize,
    pub response: Text,
    pub steps: Vec<Step>,
    pub techniques: Vec<Technique>,
    pub anti_patterns: Vec<AntiPattern>,
    pub feedback: Text,
    pub emotions_before: Emotions,
    pub emotions_after: Emotions,
    /// The change actually applied, after the persona's reactions.
    pub change: Emotions,
    pub mood: String,
    /// Set when the trainee typed this reply in their own words (`response` then holds it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free: Option<FreeReply>,
    /// What the customer said at once to the reply (the option's `reaction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reaction: Option<Text>,
    /// The conversation's state after the reply (its counters and flags that are not 0).
    #[serde(default, skip_serializing_if = "State::is_empty")]
    pub state: State,
    /// Set in group practice: the observer's marks, which answered this turn (`option` is the
    /// authored option the conversation followed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marked: Option<Marks>,
}

/// Who played which part in a round of group practice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRound {
    /// Everyone in the group, in the order they were entered.
    pub members: Vec<String>,
    /// 1-based.
    pub round: usize,
    /// The trainee this round is about: they spoke as the service agent.
    pub agent: String,
    pub customer: String,
    /// Marked the agent's turns (with two members, the customer player also observes).
    pub observer: String,
}

/// A reply the trainee typed, and what the analyser read in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FreeReply {
    pub text: String,
    pub lang: Lang,
    /// The authored reply the conversation followed (its index is the turn's `option`).
    pub closest: Text,
    /// Term similarity to its closest phrasing, 0–1.
    pub similarity: f64,
    /// Words the reply shares with it, most telling first.
    pub shared: Vec<String>,
    /// How clearly that reply stood out, 0–1.
    pub confidence: f64,
    /// The trainee picked which authored reply they meant.
    pub confirmed: bool,
    /// Each step, technique and anti-pattern found, with the words and the reason.
    pub evidence: Vec<Evidence>,
}

/// Everything needed to review a finished (or abandoned) session without the scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub format: u32,
    pub scenario_id: String,
    pub scenario_version: u32,
    pub scenario_title: Text,
    pub seed: u64,
    pub persona_name: Text,
    pub start_emotions: Emotions,
    /// Seconds since the Unix epoch, supplied by the caller.
    pub started_at: u64,
    pub turns: Vec<TurnRecord>,
    pub outcome: Option<Outcome>,
    pub ending: Option<String>,
    pub ending_text: Option<Text>,
    pub score: Option<ScoreCard>,
    /// A round of group practice: who was the agent, the customer and the observer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupRound>,
}

impl SessionRecord {
    /// Which session this is: its scenario, start time and seed. A journal and the finished
    /// record of one session share it, as do two copies of one record.
    pub fn identity(&self) -> (&str, u64, u64) {
        (&self.scenario_id, self.started_at, self.seed)
    }
}

/// What happened after a choice.
#[derive(Clone, Debug, PartialEq)]
pub struct Reaction {
    pub change: Emotions,
    pub feedback: Text,
    pub escalated: bool,
    pub ended: Option<Outcome>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("the session has ended")]
    Ended,
    #[error("there is no option {0} on this turn")]
    NoSuchOption(usize),
    #[error("the reply could not be matched to any authored reply on this turn")]
    Unmatched,
    #[error("option {0} is not offered in this conversation (its `when` does not hold)")]
    NotOffered(usize),
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    At(usize),
    Ended {
        outcome: Outcome,
        ending: Option<usize>,
    },
}

/// Why a session could not carry over to an edited scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RebaseError {
    #[error("the session has ended")]
    Ended,
    #[error("the edited scenario has no customer turn `{0}`")]
    NodeGone(String),
}

/// What choosing an option would do, shown before choosing in author mode.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionPreview {
    /// The change to the customer's emotions, after the persona's reactions.
    pub change: Emotions,
    /// Points this response adds to (or takes from) the overall score so far.
    pub score_change: f64,
    /// Penalty points its anti-patterns add: they take a share of what the session earns
    /// (`docs/scoring.md`), so their cost is only known at the end.
    pub penalty: f64,
    /// The customer's anger would reach the escalation threshold.
    pub escalates: bool,
    /// The node the option leads to (after its `set`, by its `next_if` branches; the escalation
    /// ending when it escalates).
    pub next: String,
    /// The conversation's state after it.
    pub state: State,
    /// Its changes to the state, as written (`deflections += 1`).
    pub sets: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Session {
    /// The scenario as loaded, before the persona's name was filled in.
    source: Arc<Scenario>,
    /// The scenario with this session's persona variant filled in.
    scenario: Arc<Scenario>,
    rubric: Arc<Rubric>,
    seed: u64,
    rng: StdRng,
    persona_name: Text,
    address: Text,
    start_emotions: Emotions,
    emotions: Emotions,
    /// The conversation's counters and flags.
    state: State,
    phase: Phase,
    /// Option order shown on the current turn: presented position → index in the file.
    order: Vec<usize>,
    score: ScoreState,
    transcript: Vec<TurnRecord>,
    /// The options chosen, kept whole so the score does not depend on the file staying the same.
    chosen: Vec<Choice>,
    started_at: u64,
    group: Option<GroupRound>,
}

impl Session {
    /// Starts a session. The scenario must have passed validation.
    pub fn start(
        scenario: Arc<Scenario>,
        rubric: Arc<Rubric>,
        seed: u64,
        started_at: u64,
    ) -> Session {
        let mut rng = StdRng::seed_from_u64(seed);
        let persona = &scenario.persona;
        let variation = &persona.variation;
        let (name, address) = match rng.random_range(0..=variation.names.len()) {
            0 => (persona.name.clone(), persona.address_or_name().clone()),
            n => (
                variation.names[n - 1].name.clone(),
                variation.names[n - 1].address.clone(),
            ),
        };
        let source = scenario;
        let scenario = Arc::new(source.personalised(&name, &address));
        let persona_name = name;
        let persona = &scenario.persona;
        let variation = &persona.variation;
        let mut emotions = persona.emotions;
        for emotion in Emotion::ALL {
            let spread = variation.emotion_spread.get(*emotion).max(0);
            let shift = if spread > 0 {
                rng.random_range(-spread..=spread)
            } else {
                0
            };
            emotions.set(*emotion, (emotions.get(*emotion) + shift).clamp(0, 100));
        }
        // A variant never starts already escalated.
        emotions.anger = emotions.anger.min(scenario.escalation.at_anger - 1).max(0);
        let start = scenario.node_index(&scenario.start);
        let phase = match start {
            Some(index) => Phase::At(index),
            None => Phase::Ended {
                outcome: Outcome::Unresolved,
                ending: None,
            },
        };
        let mut session = Session {
            source,
            scenario,
            rubric,
            seed,
            rng,
            persona_name,
            address,
            start_emotions: emotions,
            emotions,
            state: State::default(),
            phase,
            order: Vec::new(),
            score: ScoreState::default(),
            transcript: Vec::new(),
            chosen: Vec::new(),
            started_at,
            group: None,
        };
        session.arrange_options();
        session
    }

    /// Starts at the customer turn `node` instead of the scenario's start (author mode), with
    /// the persona's starting emotions. An unknown id or an ending starts at the start.
    pub fn start_at(
        scenario: Arc<Scenario>,
        rubric: Arc<Rubric>,
        seed: u64,
        started_at: u64,
        node: &str,
    ) -> Session {
        let mut session = Session::start(scenario, rubric, seed, started_at);
        if let Some(index) = session.scenario.node_index(node)
            && matches!(session.scenario.nodes[index], Node::Turn { .. })
        {
            session.phase = Phase::At(index);
            session.arrange_options();
        }
        session
    }

    /// Carries the session over to an edited version of its scenario: the same persona,
    /// emotions, state, transcript and score so far, continuing at the current customer turn with its
    /// new text and options. Fails, changing nothing, when the session has ended or the edited
    /// scenario no longer has that turn.
    pub fn rebase(&mut self, edited: Arc<Scenario>) -> Result<(), RebaseError> {
        let Some(current) = self.current_node() else {
            return Err(RebaseError::Ended);
        };
        let id = current.id().to_owned();
        let offered = current.offered(&self.state);
        let personalised = edited.personalised(&self.persona_name, &self.address);
        let index = personalised
            .node_index(&id)
            .filter(|i| matches!(personalised.nodes[*i], Node::Turn { .. }))
            .ok_or(RebaseError::NodeGone(id))?;
        self.source = edited;
        self.scenario = Arc::new(personalised);
        self.phase = Phase::At(index);
        // The options shown stay in their order unless the edit changed which are offered.
        if self.scenario.nodes[index].offered(&self.state) != offered {
            self.arrange_options();
        }
        Ok(())
    }

    /// What choosing the option at `presented` would do, without choosing it.
    pub fn preview(&self, presented: usize) -> Option<OptionPreview> {
        let (_, choice) = *self.presented_options().get(presented)?;
        let multiplier = reaction_multiplier(&self.rubric, &self.scenario.persona, choice);
        let (after, change) = react(&self.emotions, choice, multiplier);
        let mut score = self.score;
        score.record(&self.rubric, self.transcript.len() + 1, choice, None);
        let score_change = score.progress(&self.rubric) - self.score.progress(&self.rubric);
        let penalty = score.penalty_points() - self.score.penalty_points();
        let (state, next) = choice.leads(&self.state);
        let escalates = escalates(&after, self.scenario.escalation.at_anger);
        // An escalation ends the call at the escalation ending, wherever the option leads.
        let next = if escalates {
            self.scenario.escalation.ending.as_str()
        } else {
            next
        };
        Some(OptionPreview {
            change,
            score_change: (score_change * 10.0).round() / 10.0,
            penalty,
            escalates,
            next: next.to_owned(),
            state,
            sets: choice.set.iter().map(|c| c.source().to_owned()).collect(),
        })
    }

    fn arrange_options(&mut self) {
        self.order = self
            .current_node()
            .map_or_else(Vec::new, |node| node.offered(&self.state));
        if self.scenario.persona.variation.shuffle_options {
            self.order.shuffle(&mut self.rng);
        }
    }

    /// The scenario with this session's persona variant filled in.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The scenario as loaded, to compare with a reloaded file.
    pub fn source(&self) -> &Arc<Scenario> {
        &self.source
    }

    /// The seed the persona variant and option order came from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn rubric(&self) -> &Arc<Rubric> {
        &self.rubric
    }

    pub fn persona_name(&self) -> &Text {
        &self.persona_name
    }

    pub fn emotions(&self) -> &Emotions {
        &self.emotions
    }

    pub fn mood(&self) -> &crate::engine::play::rubric::Mood {
        mood(&self.rubric, &self.emotions)
    }

    pub fn transcript(&self) -> &[TurnRecord] {
        &self.transcript
    }

    pub fn score_state(&self) -> &ScoreState {
        &self.score
    }

    /// The customer turn being answered, if the session is still going.
    pub fn current_node(&self) -> Option<&Node> {
        match self.phase {
            Phase::At(index) => self.scenario.nodes.get(index),
            Phase::Ended { .. } => None,
        }
    }

    /// The conversation's counters and flags so far.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// What the customer says on the current turn, in this conversation's state.
    pub fn customer_line(&self) -> Option<&Text> {
        self.current_node().map(|node| node.line(&self.state))
    }

    /// How the session ended, in this conversation's state (the ending's text or its line).
    pub fn ending_text(&self) -> Option<&Text> {
        self.ending().map(|node| node.line(&self.state))
    }

    /// The indices in the file of the options offered on the current turn.
    pub fn offered(&self) -> Vec<usize> {
        self.current_node()
            .map_or_else(Vec::new, |node| node.offered(&self.state))
    }

    /// The options of the current turn in the order presented (only those offered in this
    /// conversation's state), with their index in the file.
    pub fn presented_options(&self) -> Vec<(usize, &Choice)> {
        let options = self.current_node().map_or(&[][..], Node::options);
        self.order
            .iter()
            .filter_map(|i| options.get(*i).map(|c| (*i, c)))
            .collect()
    }

    pub fn outcome(&self) -> Option<Outcome> {
        match self.phase {
            Phase::Ended { outcome, .. } => Some(outcome),
            Phase::At(_) => None,
        }
    }

    pub fn is_over(&self) -> bool {
        self.outcome().is_some()
    }

    /// The ending node reached, if any.
    pub fn ending(&self) -> Option<&Node> {
        match self.phase {
            Phase::Ended {
                ending: Some(index),
                ..
            } => self.scenario.nodes.get(index),
            _ => None,
        }
    }

    /// Chooses the option at `presented` (0-based, in presented order).
    pub fn choose(&mut self, presented: usize) -> Result<Reaction, SessionError> {
        let Phase::At(node_index) = self.phase else {
            return Err(SessionError::Ended);
        };
        let option = *self
            .order
            .get(presented)
            .ok_or(SessionError::NoSuchOption(presented))?;
        self.choose_in_file_order(node_index, option)
    }

    /// Chooses by the option's index in the file (used by policies and replays).
    pub fn choose_file_option(&mut self, option: usize) -> Result<Reaction, SessionError> {
        let Phase::At(node_index) = self.phase else {
            return Err(SessionError::Ended);
        };
        self.choose_in_file_order(node_index, option)
    }

    /// The option at `option` (index in the file) of the turn at `node_index`, if this
    /// conversation offers it.
    fn offered_option(&self, node_index: usize, option: usize) -> Result<Choice, SessionError> {
        let choice = self.scenario.nodes[node_index]
            .options()
            .get(option)
            .ok_or(SessionError::NoSuchOption(option))?;
        if !choice.offered(&self.state) {
            return Err(SessionError::NotOffered(option));
        }
        Ok(choice.clone())
    }

    fn choose_in_file_order(
        &mut self,
        node_index: usize,
        option: usize,
    ) -> Result<Reaction, SessionError> {
        let choice = self.offered_option(node_index, option)?;
        Ok(self.answer(node_index, option, choice, None, None))
    }

    /// Answers the current turn with a reply the trainee typed, as `analysis` read it (made
    /// with [`crate::engine::reply::analyse_in`] on this turn, or `analyse_meaning` once the
    /// trainee said which reply they meant). The conversation follows the matched option's
    /// `next` and effect; the score and the customer's reaction come from the moves found, and
    /// each anti-pattern the option does not carry adds the rubric's `uncarried_anti_pattern`.
    pub fn reply_freely(
        &mut self,
        text: &str,
        analysis: &Analysis,
        confirmed: bool,
    ) -> Result<Reaction, SessionError> {
        let Phase::At(node_index) = self.phase else {
            return Err(SessionError::Ended);
        };
        let option = analysis.option.ok_or(SessionError::Unmatched)?;
        let authored = self.offered_option(node_index, option)?;
        let said = self.performed(
            &authored,
            (
                &analysis.steps,
                &analysis.techniques,
                &analysis.anti_patterns,
            ),
            Some(text),
        );
        let closest = analysis.ranked.iter().find(|m| m.option == option);
        let free = FreeReply {
            text: text.to_owned(),
            lang: analysis.lang,
            closest: authored.text.clone(),
            similarity: closest.map_or(0.0, |m| m.similarity),
            shared: closest.map_or_else(Vec::new, |m| m.shared.clone()),
            confidence: analysis.confidence,
            confirmed,
            evidence: analysis.evidence.clone(),
        };
        Ok(self.answer(node_index, option, said, Some(free), None))
    }

    /// Makes this session a round of group practice.
    pub fn set_group(&mut self, round: GroupRound) {
        self.group = Some(round);
    }

    pub fn group(&self) -> Option<&GroupRound> {
        self.group.as_ref()
    }

    /// Answers the current turn with an observer's marks (group practice): the conversation
    /// follows the authored option `option` (by its index in the file; see
    /// [`crate::engine::play::marks::closest_option`]) with its `next` and effect; the customer
    /// reacts to, and the scorer scores, the marked moves. Each marked anti-pattern the option
    /// does not carry adds the rubric's `free_reply.uncarried_anti_pattern`, as for typed
    /// replies. Marks equal to the option's own tags play exactly as choosing it.
    pub fn reply_marked(&mut self, marks: &Marks, option: usize) -> Result<Reaction, SessionError> {
        let Phase::At(node_index) = self.phase else {
            return Err(SessionError::Ended);
        };
        let authored = self.offered_option(node_index, option)?;
        let said = self.performed(
            &authored,
            (&marks.steps, &marks.techniques, &marks.anti_patterns),
            marks.said.as_deref(),
        );
        Ok(self.answer(node_index, option, said, None, Some(marks.clone())))
    }

    /// The option as the trainee performed it (typed, or marked by an observer): the authored
    /// option's way on and effect, with the `moves` made instead of its own and, when given, the
    /// words said. Each anti-pattern it does not carry adds to its effect.
    fn performed(
        &self,
        authored: &Choice,
        (steps, techniques, anti_patterns): (&[Step], &[Technique], &[AntiPattern]),
        text: Option<&str>,
    ) -> Choice {
        let mut said = authored.clone();
        said.examples = Default::default();
        said.steps = steps.to_vec();
        said.techniques = techniques.to_vec();
        said.anti_patterns = anti_patterns.to_vec();
        if let Some(text) = text {
            said.text = Text::new(text, text);
        }
        self.add_uncarried_anti_patterns(&mut said, authored);
        said
    }

    /// A reply's anti-patterns that the authored option it follows does not carry each add the
    /// rubric's `free_reply.uncarried_anti_pattern` to its effect.
    fn add_uncarried_anti_patterns(&self, said: &mut Choice, authored: &Choice) {
        let uncarried = said
            .anti_patterns
            .iter()
            .filter(|a| !authored.anti_patterns.contains(a))
            .count() as i32;
        for emotion in Emotion::ALL {
            let extra = self.rubric.free_reply.uncarried_anti_pattern.get(*emotion) * uncarried;
            said.effect.set(
                *emotion,
                (said.effect.get(*emotion) + extra).clamp(-100, 100),
            );
        }
    }

    /// Applies a response (chosen, typed and read, or marked by an observer) to the current turn.
    fn answer(
        &mut self,
        node_index: usize,
        option: usize,
        choice: Choice,
        free: Option<FreeReply>,
        marked: Option<Marks>,
    ) -> Reaction {
        let scenario = self.scenario.clone();
        let node = &scenario.nodes[node_index];
        let multiplier = reaction_multiplier(&self.rubric, &scenario.persona, &choice);
        let (after, change) = react(&self.emotions, &choice, multiplier);
        let turn = self.transcript.len() + 1;
        self.score.record(&self.rubric, turn, &choice, None);
        let customer = node.line(&self.state).clone();
        let (state, next) = choice.leads(&self.state);
        let next = scenario.node_index(next);
        self.transcript.push(TurnRecord {
            turn,
            node: node.id().to_owned(),
            customer,
            option,
            response: choice.text.clone(),
            steps: choice.steps.clone(),
            techniques: choice.techniques.clone(),
            anti_patterns: choice.anti_patterns.clone(),
            feedback: choice.feedback.clone(),
            emotions_before: self.emotions,
            emotions_after: after,
            change,
            mood: mood(&self.rubric, &after).id.clone(),
            free,
            reaction: choice.reaction.clone(),
            state: state.clone(),
            marked,
        });
        self.emotions = after;
        self.state = state;

        let escalated = escalates(&after, scenario.escalation.at_anger);
        self.phase = if escalated {
            Phase::Ended {
                outcome: Outcome::Escalated,
                ending: scenario.node_index(&scenario.escalation.ending),
            }
        } else {
            match next.map(|i| (i, &scenario.nodes[i])) {
                Some((i, Node::Ending { outcome, .. })) => Phase::Ended {
                    outcome: *outcome,
                    ending: Some(i),
                },
                Some((i, Node::Turn { .. })) if turn < self.rubric.max_turns => Phase::At(i),
                _ => Phase::Ended {
                    outcome: Outcome::Unresolved,
                    ending: None,
                },
            }
        };
        let feedback = choice.feedback.clone();
        self.chosen.push(choice);
        self.arrange_options();
        Reaction {
            change,
            feedback,
            escalated,
            ended: self.outcome(),
        }
    }

    /// The score card, once the session has ended.
    pub fn score(&self) -> Option<ScoreCard> {
        let outcome = self.outcome()?;
        let mut card = score_session(&self.rubric, self.chosen.iter(), outcome, &self.emotions);
        // Each point for a typed reply cites the words that earned (or cost) it.
        for line in &mut card.lines {
            let free = line
                .turn
                .and_then(|turn| self.transcript.get(turn - 1))
                .and_then(|t| t.free.as_ref());
            if let (Some(free), Some(tag)) = (free, line.tag()) {
                line.words = free
                    .evidence
                    .iter()
                    .find(|e| e.tag == tag && !e.words.is_empty())
                    .map(|e| e.words.clone());
            }
        }
        Some(card)
    }

    /// The session record, complete with the score once the session has ended.
    pub fn record(&self) -> SessionRecord {
        let ending = self.ending();
        SessionRecord {
            format: RECORD_FORMAT,
            scenario_id: self.scenario.id.clone(),
            scenario_version: self.scenario.version,
            scenario_title: self.scenario.title.clone(),
            seed: self.seed,
            persona_name: self.persona_name.clone(),
            start_emotions: self.start_emotions,
            started_at: self.started_at,
            turns: self.transcript.clone(),
            outcome: self.outcome(),
            ending: ending.map(|n| n.id().to_owned()),
            ending_text: self.ending_text().cloned(),
            score: self.score(),
            group: self.group.clone(),
        }
    }
}
