//! The conversation: the customer's card with live emotions, the transcript, the current line with
//! its observable cues, and the trainee's options. After a choice, a coach note shows the
//! customer's reaction and feedback until the trainee continues.

use egui::{RichText, Ui};

use super::answer::{answer_area, keyboard};
use super::customer_card::customer_card;
use crate::app::practice::free_reply::Unsure;
use crate::app::ui::{theme, tr, widgets};
use crate::engine::domain::{Lang, Outcome, PersonaStyle};
use crate::engine::play::session::{FreeReply, OptionPreview, Session};
use crate::engine::reply::analyse::ReplyProblem;
use crate::engine::scenario::{Emotions, Node, Text};

#[derive(Clone, Debug, PartialEq)]
pub struct Exchange {
    pub customer: Text,
    pub response: Text,
    /// What the customer said at once to the response.
    pub reaction: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CurrentTurn {
    pub customer: Text,
    pub tone: Option<Text>,
    pub body: Option<Text>,
    /// Option texts in presented order.
    pub options: Vec<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReactionView {
    pub response: Text,
    pub feedback: Text,
    pub change: Emotions,
    /// Set when this choice ended the conversation.
    pub ended: Option<Outcome>,
    /// Set when the trainee typed the reply: what the analyser heard in it.
    pub free: Option<FreeReply>,
    /// For a typed reply: the better move for each anti-pattern heard in it.
    pub better: Vec<Text>,
}

/// A typed reply the analyser was unsure of, waiting for the trainee.
#[derive(Clone, Debug, PartialEq)]
pub struct UnsureView {
    pub text: String,
    /// Why it could not be read, if it could not.
    pub problem: Option<ReplyProblem>,
    /// The closest authored replies: (index in the file, text).
    pub candidates: Vec<(usize, Text)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConversationView {
    pub lang: Lang,
    pub scenario_title: Text,
    pub persona_name: Text,
    pub style: PersonaStyle,
    pub background: Text,
    pub mood: Text,
    pub emotions: Emotions,
    pub turn_number: usize,
    /// The session's seed: tells one session from the next.
    pub seed: u64,
    pub transcript: Vec<Exchange>,
    /// The line to answer; `None` while the coach note is showing or once the call has ended.
    pub current: Option<CurrentTurn>,
    pub reaction: Option<ReactionView>,
    /// Author mode: what each presented option would do, in presented order.
    pub previews: Vec<OptionPreview>,
    /// Author mode, in a scenario that keeps state: its counters and flags now.
    pub author_state: Option<String>,
    /// Messages about the scenario file, such as a reload; `true` marks a problem.
    pub notices: Vec<(String, bool)>,
    /// The customer's picture, once loaded.
    pub portrait: Option<egui::TextureId>,
    /// Each turn opens with the box for a typed reply (the Settings' free-reply mode).
    pub free_reply: bool,
    /// A typed reply is being read.
    pub reading: bool,
    pub unsure: Option<UnsureView>,
}

impl ConversationView {
    /// The view of a session. `reviewing` shows the coach note for the last choice.
    pub fn of(session: &Session, lang: Lang, reviewing: bool) -> ConversationView {
        let scenario = session.scenario();
        let last = session.transcript().last();
        let reaction = last
            .filter(|_| reviewing || session.is_over())
            .map(|turn| ReactionView {
                response: turn.response.clone(),
                feedback: turn.feedback.clone(),
                change: turn.change,
                ended: session.outcome(),
                free: turn.free.clone(),
                better: turn
                    .free
                    .iter()
                    .flat_map(|_| &turn.anti_patterns)
                    .filter_map(|a| session.rubric().anti_patterns.get(a))
                    .map(|rule| rule.better.clone())
                    .collect(),
            });
        let current = match session.current_node() {
            Some(Node::Turn { tone, body, .. }) if reaction.is_none() => Some(CurrentTurn {
                customer: session.customer_line().cloned().unwrap_or_default(),
                tone: tone.clone(),
                body: body.clone(),
                options: session
                    .presented_options()
                    .iter()
                    .map(|(_, c)| c.text.clone())
                    .collect(),
            }),
            _ => None,
        };
        ConversationView {
            lang,
            scenario_title: scenario.title.clone(),
            persona_name: session.persona_name().clone(),
            style: scenario.persona.style,
            background: scenario.persona.background.clone(),
            mood: session.mood().label.clone(),
            emotions: *session.emotions(),
            turn_number: session.transcript().len() + usize::from(current.is_some()),
            seed: session.seed(),
            transcript: session
                .transcript()
                .iter()
                .map(|t| Exchange {
                    customer: t.customer.clone(),
                    response: t.response.clone(),
                    reaction: t.reaction.clone(),
                })
                .collect(),
            current,
            reaction,
            previews: Vec::new(),
            author_state: None,
            notices: Vec::new(),
            portrait: None,
            free_reply: false,
            reading: false,
            unsure: None,
        }
    }

    /// Adds the state of a typed reply: being read, or waiting for the trainee to say what
    /// they meant. `free_reply` opens each turn with the box to type in.
    pub fn with_typing(
        mut self,
        session: &Session,
        free_reply: bool,
        reading: bool,
        unsure: Option<&Unsure>,
    ) -> ConversationView {
        self.free_reply = free_reply;
        self.reading = reading;
        self.unsure = unsure.map(|unsure| {
            let options = session.current_node().map_or(&[][..], Node::options);
            UnsureView {
                text: unsure.text.clone(),
                problem: unsure.analysis.problem,
                candidates: unsure
                    .candidates()
                    .into_iter()
                    .filter_map(|i| options.get(i).map(|c| (i, c.text.clone())))
                    .collect(),
            }
        });
        self
    }

    /// Adds author mode's preview of every option on the current turn.
    pub fn with_previews(mut self, session: &Session) -> ConversationView {
        if self.current.is_some() {
            self.previews = (0..session.presented_options().len())
                .filter_map(|i| session.preview(i))
                .collect();
            let state = session.state();
            self.author_state = session.scenario().uses_state().then(|| {
                if state.is_empty() {
                    tr(self.lang, "（全部为 0）", "(all 0)").to_owned()
                } else {
                    state.to_string()
                }
            });
        }
        self
    }

    pub fn with_notices(mut self, notices: Vec<(String, bool)>) -> ConversationView {
        self.notices = notices;
        self
    }
}

/// One line on what an option would do: points, emotion changes, where it leads.
pub fn preview_line(lang: Lang, preview: &OptionPreview) -> String {
    let mut parts = vec![format!(
        "{:+.1} {}",
        preview.score_change,
        tr(lang, "分", "pts")
    )];
    parts.extend(
        preview
            .change
            .iter()
            .filter(|(_, value)| *value != 0)
            .map(|(emotion, value)| format!("{} {value:+}", emotion.label(lang))),
    );
    if preview.penalty > 0.0 {
        parts.push(format!(
            "{} {:.0}",
            tr(lang, "误区扣分", "penalty"),
            preview.penalty
        ));
    }
    if !preview.sets.is_empty() {
        parts.push(preview.sets.join(", "));
    }
    if preview.escalates {
        parts.push(tr(lang, "将升级投诉", "escalates").to_owned());
    }
    format!("{} → {}", parts.join(" · "), preview.next)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConversationUiState {
    /// The highlighted option (keyboard focus).
    pub focus: usize,
    /// The trainee is typing a reply rather than choosing one.
    pub typing: bool,
    /// What they have typed so far; kept until the turn is answered.
    pub draft: String,
    /// T opened the box and its letter has not arrived yet: for this many frames, drop it.
    pub swallow_t: u8,
    /// The session (its seed) and turn (the transcript's length) the state was set up for.
    pub turn: Option<(u64, usize)>,
}

impl ConversationUiState {
    /// On a new turn: no draft, the first option highlighted, typing if the mode says so.
    pub fn follow(&mut self, view: &ConversationView) {
        let turn = (view.seed, view.transcript.len());
        if self.turn != Some(turn) {
            self.turn = Some(turn);
            self.focus = 0;
            self.typing = view.free_reply;
            self.draft.clear();
            self.swallow_t = 0;
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ConversationAction {
    /// An option, by presented position.
    Choose(usize),
    /// Send a typed reply.
    Reply(String),
    /// After an unsure reading, the trainee meant this option (its index in the file).
    Meant(usize),
    /// After an unsure reading, the trainee will put it another way.
    Rephrase,
    Continue,
    Leave,
}

fn bubble(ui: &mut Ui, text: &str, who: &str, fill: egui::Color32, right: bool) {
    let align = if right {
        egui::Align::Max
    } else {
        egui::Align::Min
    };
    ui.with_layout(egui::Layout::top_down(align), |ui| {
        let width = ui.available_width() * 0.8;
        egui::Frame::new()
            .fill(fill)
            .corner_radius(egui::CornerRadius::same(10))
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                ui.set_max_width(width);
                ui.vertical(|ui| {
                    ui.label(RichText::new(who).small().color(theme::MUTED));
                    ui.add(egui::Label::new(text).wrap());
                });
            });
    });
}

pub fn draw(
    ui: &mut Ui,
    view: &ConversationView,
    state: &mut ConversationUiState,
) -> Option<ConversationAction> {
    state.follow(view);
    let mut action = keyboard(ui, view, state);
    if let Some(clicked) = header(ui, view) {
        action = Some(clicked);
    }
    widgets::columns(
        ui,
        330.0,
        |ui| customer_card(ui, view),
        |ui| {
            // The answer area is anchored at the bottom, the transcript scrolls above it.
            egui::Panel::bottom("answer")
                .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 8)))
                .resizable(false)
                .show_separator_line(false)
                .show(ui, |ui| {
                    if let Some(clicked) = answer_area(ui, view, state) {
                        action = Some(clicked);
                    }
                });
            transcript(ui, view);
        },
    );
    action
}

/// The way back, the title and turn, and notices about the scenario file.
fn header(ui: &mut Ui, view: &ConversationView) -> Option<ConversationAction> {
    let lang = view.lang;
    let mut action = None;
    ui.horizontal(|ui| {
        if ui
            .button(tr(lang, "← 返回情景库 (Esc)", "← Library (Esc)"))
            .clicked()
        {
            action = Some(ConversationAction::Leave);
        }
        ui.heading(view.scenario_title.get(lang));
        ui.label(
            RichText::new(format!("{} {}", tr(lang, "回合", "Turn"), view.turn_number))
                .color(theme::MUTED),
        );
    });
    for (notice, problem) in &view.notices {
        let color = if *problem { theme::BAD } else { theme::ACCENT };
        ui.label(RichText::new(notice).color(color));
    }
    ui.add_space(6.0);
    action
}

/// The conversation so far, as speech bubbles.
fn transcript(ui: &mut Ui, view: &ConversationView) {
    let lang = view.lang;
    egui::ScrollArea::vertical()
        .id_salt("transcript")
        .stick_to_bottom(true)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let customer_name = view.persona_name.get(lang);
            let you = tr(lang, "你", "You");
            for exchange in &view.transcript {
                bubble(
                    ui,
                    exchange.customer.get(lang),
                    customer_name,
                    theme::CUSTOMER_BUBBLE,
                    false,
                );
                bubble(
                    ui,
                    exchange.response.get(lang),
                    you,
                    theme::TRAINEE_BUBBLE,
                    true,
                );
                if let Some(reaction) = &exchange.reaction {
                    bubble(
                        ui,
                        reaction.get(lang),
                        customer_name,
                        theme::CUSTOMER_BUBBLE,
                        false,
                    );
                }
            }
        });
}
