//! A round of group practice on one screen: the customer player's persona card (left, in large
//! text on F1 so it reads from two metres) and the observer's sheet (right). The agent speaks;
//! nothing on screen is theirs to read.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::card::customer_card;
use super::sheet::observer_sheet;
use crate::app::ui::{theme, tr, widgets};
use crate::engine::debrief::round_line;
use crate::engine::domain::{AntiPattern, Lang, PersonaStyle, Step, Technique};
use crate::engine::play::emotion::tag_multiplier;

use crate::engine::play::marks::{Marks, closest_among, offered_tags};
use crate::engine::play::session::{GroupRound, Session};
use crate::engine::reply::Tag;
use crate::engine::scenario::{Emotions, Node, Text};
use crate::engine::vocabulary::Vocabulary;

/// One mark the observer can set: the tag, its name and its one-line definition.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetEntry {
    pub tag: Tag,
    pub label: String,
    pub definition: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RoundView {
    pub lang: Lang,
    pub title: Text,
    pub round: GroupRound,
    /// The agent turn being marked, from 1.
    pub turn: usize,
    pub persona_name: Text,
    pub style: PersonaStyle,
    pub background: Text,
    pub emotions: Emotions,
    pub mood: Text,
    /// The line to say now (the script; the customer player may improvise), with its cues.
    pub line: Text,
    pub tone: Option<Text>,
    pub body: Option<Text>,
    /// What the customer said at once to the agent's last turn.
    pub reaction: Option<Text>,
    /// The moves this persona reacts to most and least.
    pub reacts_strongly: Vec<String>,
    pub reacts_mildly: Vec<String>,
    pub steps: Vec<SheetEntry>,
    pub techniques: Vec<SheetEntry>,
    pub anti_patterns: Vec<SheetEntry>,
    /// The authored replies offered now: (index in the file, text).
    pub options: Vec<(usize, Text)>,
    /// Their moves, to find the one closest to the marks.
    pub option_tags: Vec<(usize, BTreeSet<Tag>)>,
    /// The session (its seed) and the turns so far: tells one turn from the next.
    pub key: (u64, usize),
}

impl RoundView {
    pub fn of(session: &Session, lang: Lang, vocabulary: &Vocabulary) -> Option<RoundView> {
        let round = session.group()?.clone();
        let node = session.current_node()?;
        let scenario = session.scenario();
        let persona = &scenario.persona;
        let (tone, body) = match node {
            Node::Turn { tone, body, .. } => (tone.clone(), body.clone()),
            Node::Ending { .. } => (None, None),
        };
        let entry = |tag: Tag| SheetEntry {
            tag,
            label: tag.label(lang).to_owned(),
            definition: vocabulary
                .get(tag.id())
                .map(|t| first_sentence(t.entry.definition.get(lang)))
                .unwrap_or_default(),
        };
        // The moves this persona reacts to most and least, as the session weighs them.
        let mut strongly = Vec::new();
        let mut mildly = Vec::new();
        let steps: Vec<Tag> = Step::ALL.iter().map(|s| Tag::Step(*s)).collect();
        let techniques: Vec<Tag> = Technique::ALL.iter().map(|t| Tag::Technique(*t)).collect();
        let anti_patterns: Vec<Tag> = AntiPattern::ALL
            .iter()
            .map(|a| Tag::AntiPattern(*a))
            .collect();
        for &tag in steps.iter().chain(&techniques).chain(&anti_patterns) {
            let factor = tag_multiplier(session.rubric(), persona, tag);
            let words = format!("{} ×{factor:.1}", tag.label(lang));
            if factor >= 1.3 {
                strongly.push(words);
            } else if factor <= 0.7 {
                mildly.push(words);
            }
        }
        let state = session.state();
        Some(RoundView {
            lang,
            title: scenario.title.clone(),
            turn: session.transcript().len() + 1,
            persona_name: session.persona_name().clone(),
            style: persona.style,
            background: persona.background.clone(),
            emotions: *session.emotions(),
            mood: session.mood().label.clone(),
            line: node.line(state).clone(),
            tone,
            body,
            reaction: session.transcript().last().and_then(|t| t.reaction.clone()),
            reacts_strongly: strongly,
            reacts_mildly: mildly,
            steps: steps.into_iter().map(entry).collect(),
            techniques: techniques.into_iter().map(entry).collect(),
            anti_patterns: anti_patterns.into_iter().map(entry).collect(),
            options: node
                .offered(state)
                .into_iter()
                .map(|i| (i, node.options()[i].text.clone()))
                .collect(),
            option_tags: offered_tags(node, state),
            key: (session.seed(), session.transcript().len()),
            round,
        })
    }
}

/// The first sentence of a definition: the sheet's one line.
fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '.' | '；' | ';'))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..end].trim().trim_end_matches(['；', ';']).to_owned()
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoundUiState {
    pub draft: Marks,
    /// What the agent said, if the observer types it.
    pub said: String,
    /// The observer picked this authored reply instead of the closest.
    pub chosen: Option<usize>,
    /// F1: the customer's card fills the window in large text.
    pub large_card: bool,
    /// A field or toggle had the keyboard on the last frame.
    pub had_focus: bool,
    /// The turn the state was set up for.
    pub key: Option<(u64, usize)>,
}

impl RoundUiState {
    /// A new turn starts with a clean sheet.
    pub fn follow(&mut self, view: &RoundView) {
        if self.key != Some(view.key) {
            *self = RoundUiState {
                large_card: self.large_card,
                key: Some(view.key),
                ..RoundUiState::default()
            };
        }
    }

    /// The authored reply closest to the marks so far.
    pub fn closest(&self, view: &RoundView) -> Option<usize> {
        closest_among(&view.option_tags, &self.draft)
    }

    /// The authored reply the turn will follow.
    pub fn option(&self, view: &RoundView) -> Option<usize> {
        self.chosen
            .filter(|c| view.options.iter().any(|(i, _)| i == c))
            .or_else(|| self.closest(view))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RoundAction {
    /// The observer is done with this turn.
    Mark {
        marks: Marks,
        option: usize,
    },
    /// Ask the reply analyser to propose marks for what was typed.
    Propose(String),
    Leave,
}

pub fn draw(ui: &mut Ui, view: &RoundView, state: &mut RoundUiState) -> Option<RoundAction> {
    state.follow(view);
    let lang = view.lang;
    let mut action = None;
    // Keys are the sheet's unless a text field has them.
    let typing = ui.ctx().text_edit_focused();
    if !typing && ui.input(|i| i.key_pressed(egui::Key::F1)) {
        state.large_card = !state.large_card;
    }
    // Esc first takes the keyboard off a field or toggle (egui drops the focus); only with
    // nothing focused on the frame before does it leave the round.
    let had_focus = std::mem::replace(&mut state.had_focus, ui.memory(|m| m.focused().is_some()));
    if !had_focus && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        return Some(RoundAction::Leave);
    }
    ui.horizontal(|ui| {
        if ui
            .button(tr(lang, "← 返回 (Esc)", "← Leave (Esc)"))
            .clicked()
        {
            action = Some(RoundAction::Leave);
        }
        ui.heading(view.title.get(lang));
    });
    ui.label(
        RichText::new(format!(
            "{} · {}",
            round_line(&view.round, lang),
            match lang {
                Lang::Zh => format!("客服第 {} 回合", view.turn),
                Lang::En => format!("agent turn {}", view.turn),
            }
        ))
        .strong()
        .color(theme::ACCENT),
    );
    ui.add_space(6.0);
    if state.large_card {
        customer_card(ui, view, 1.6);
        ui.label(
            RichText::new(tr(lang, "F1 返回观察表", "F1 back to the observer's sheet"))
                .small()
                .color(theme::MUTED),
        );
        return action;
    }
    widgets::halves(
        ui,
        |ui| customer_card(ui, view, 1.0),
        |ui| {
            if let Some(sheet) = observer_sheet(ui, view, state, typing) {
                action = Some(sheet);
            }
        },
    );
    action
}
