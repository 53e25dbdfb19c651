//! The screens as plain functions of view data, driven with egui_kittest (no window, no GPU).
#![cfg(feature = "gui")]

mod common;

use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapport::app::screens::conversation::view as conversation;
use rapport::app::screens::conversation::view::{
    ConversationAction, ConversationUiState, ConversationView,
};
use rapport::app::screens::debrief::view as debrief;
use rapport::app::screens::debrief::view::DebriefView;
use rapport::app::screens::library::view as library;
use rapport::app::screens::library::view::{
    BrokenFile, LibraryAction, LibraryEntry, LibraryUiState, LibraryView,
};
use rapport::app::ui::theme;
use rapport::engine::analysis::policy::{Policy, play_session};
use rapport::engine::domain::{Lang, Step};
use rapport::engine::play::rubric::Rubric;
use rapport::engine::play::session::Session;
use rapport::engine::scenario::Scenario;
use rapport::engine::scenario::load::load_str;

fn scenario(id: &str) -> Arc<Scenario> {
    Arc::new(load_str(id, &common::scenario_text(id)).scenario.unwrap())
}

struct Play {
    session: Session,
    reviewing: bool,
    ui: ConversationUiState,
    lang: Lang,
    /// Free-reply mode is on.
    free_reply: bool,
    unsure: Option<rapport::app::practice::free_reply::Unsure>,
}

impl Play {
    fn new(lang: Lang) -> Play {
        let mut scenario = (*scenario("late_delivery")).clone();
        // Keep the file's option order so the test knows which option is where.
        scenario.persona.variation.shuffle_options = false;
        let session = Session::start(Arc::new(scenario), Arc::new(Rubric::builtin()), 0, 0);
        Play {
            session,
            reviewing: false,
            ui: ConversationUiState::default(),
            lang,
            free_reply: false,
            unsure: None,
        }
    }

    /// Reads a typed reply as the app does (here at once, not in the background).
    fn read(&mut self, text: String, meant: Option<usize>) {
        let node = self.session.current_node().unwrap().clone();
        let cues = rapport::engine::reply::Cues::builtin();
        let scenario = self.session.scenario().clone();
        let state = self.session.state().clone();
        let analysis = match meant {
            Some(option) => rapport::engine::reply::analyse_meaning(
                &text, &scenario, &node, &state, self.lang, &cues, option,
            ),
            None => rapport::engine::reply::analyse_in_state(
                &text, &scenario, &node, &state, self.lang, &cues,
            ),
        };
        if analysis.option.is_none() || (analysis.needs_confirmation && meant.is_none()) {
            self.unsure = Some(rapport::app::practice::free_reply::Unsure { text, analysis });
            return;
        }
        self.session
            .reply_freely(&text, &analysis, meant.is_some())
            .unwrap();
        self.reviewing = true;
    }

    fn view(&self) -> ConversationView {
        ConversationView::of(&self.session, self.lang, self.reviewing).with_typing(
            &self.session,
            self.free_reply,
            false,
            self.unsure.as_ref(),
        )
    }

    fn apply(&mut self, action: ConversationAction) {
        match action {
            ConversationAction::Choose(index) if !self.reviewing => {
                self.session.choose(index).unwrap();
                self.reviewing = true;
            }
            ConversationAction::Continue => self.reviewing = false,
            ConversationAction::Reply(text) if !self.reviewing => self.read(text, None),
            ConversationAction::Meant(option) => {
                if let Some(unsure) = self.unsure.take() {
                    self.read(unsure.text, Some(option));
                }
            }
            ConversationAction::Rephrase => self.unsure = None,
            _ => {}
        }
    }
}

fn conversation_harness(lang: Lang) -> Harness<'static, Play> {
    conversation_harness_with(Play::new(lang))
}

fn conversation_harness_with(play: Play) -> Harness<'static, Play> {
    let lang = play.lang;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(
            |ui, play: &mut Play| {
                let view = play.view();
                if let Some(action) = conversation::draw(ui, &view, &mut play.ui) {
                    play.apply(action);
                }
            },
            play,
        );
    theme::apply(&harness.ctx, lang);
    harness.run();
    harness
}

#[test]
fn clicking_an_option_shows_the_coach_note_then_the_next_turn() {
    let mut harness = conversation_harness(Lang::En);
    harness.get_by_label_contains("What is going on?");
    harness
        .get_by_label_contains("I can hear how urgent this is")
        .click();
    harness.run();
    harness.get_by_label("Coach's note");
    harness.get_by_label_contains("you named what you observed");
    assert!(
        harness
            .query_by_label_contains("Order number JD20261124")
            .is_none(),
        "next line waits for Continue"
    );

    harness.get_by_label("Continue (Enter)").click();
    harness.run();
    harness.get_by_label_contains("Order number JD20261124");
    assert_eq!(harness.state().session.transcript().len(), 1);
}

#[test]
fn a_whole_turn_can_be_played_with_the_keyboard() {
    let mut harness = conversation_harness(Lang::Zh);
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().ui.focus, 1, "arrow moves the visible focus");
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert!(harness.state().reviewing);
    harness.get_by_label("教练点评");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label_contains("订单号 JD20261124");
    // Enter on the focused option chooses it.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().session.transcript().len(), 2);
}

#[test]
fn the_library_lists_scenarios_and_broken_files_and_starts_one() {
    let entries = vec![
        LibraryEntry::of(&scenario("late_delivery")),
        LibraryEntry::of(&scenario("broadband_runaround")),
    ];
    let broken = load_str(
        "scenarios/broken.ron",
        "Scenario(id: \"x\", version: 1 title: ())",
    );
    let view = LibraryView {
        lang: Lang::En,
        entries,
        broken: vec![BrokenFile::of(&broken.report)],
        folder: "scenarios".into(),
        notices: vec!["history: 2.json was unreadable and set aside".into()],
        interrupted: Some((
            rapport::engine::scenario::Text::new(
                "会议前的延误包裹",
                "The parcel that missed the meeting",
            ),
            3,
        )),
        results: None,
        reading: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(
            move |ui, state: &mut (LibraryUiState, Option<LibraryAction>)| {
                if let Some(action) = library::draw(ui, &view, &mut state.0) {
                    state.1 = Some(action);
                }
            },
            (LibraryUiState::default(), None),
        );
    theme::apply(&harness.ctx, Lang::En);
    harness.run();
    harness.get_by_label("scenarios/broken.ron");
    harness.get_by_label_contains("was unreadable and set aside");
    // The interrupted session is offered, by key too.
    harness.get_by_label_contains(
        "Your last practice was interrupted: The parcel that missed the meeting (3 turns played)",
    );
    harness.key_press(egui::Key::C);
    harness.run();
    assert_eq!(harness.state().1, Some(LibraryAction::Resume));
    harness.key_press(egui::Key::X);
    harness.run();
    assert_eq!(harness.state().1, Some(LibraryAction::Discard));
    let problem = harness
        .get_by_label_contains("1:")
        .value()
        .unwrap_or_default();
    assert!(
        problem.starts_with("  1:"),
        "line and column shown: {problem}"
    );
    harness.get_by_label_contains("a missing comma");
    harness
        .get_by_label("The third call about the broadband")
        .click();
    harness.run();
    harness.get_by_label("Start practice (Enter)").click();
    harness.run();
    assert_eq!(
        harness.state().1,
        Some(LibraryAction::Start("broadband_runaround".into()))
    );
}

#[test]
fn the_debrief_shows_every_step_the_improvement_plan_and_what_to_practise_next() {
    use rapport::app::screens::debrief::view::DebriefAction;
    let session = play_session(
        scenario("late_delivery"),
        Arc::new(Rubric::builtin()),
        Policy::Worst,
        0,
        0,
    );
    let mut view = DebriefView::of(&session.record(), &Rubric::builtin(), Lang::En).unwrap();
    assert_eq!(view.improvements.len(), 2, "the two weakest steps");
    assert!(view.improvements[0].score <= view.improvements[1].score);
    let weakest = view.improvements[0].step;
    let library: Vec<Arc<Scenario>> = common::shipped_ids()
        .iter()
        .map(|id| scenario(id))
        .collect();
    let recommended = rapport::engine::analysis::coverage::recommend_for(
        library.iter().map(|s| s.as_ref()),
        weakest,
        "late_delivery",
    )
    .unwrap();
    assert_ne!(recommended.id, "late_delivery");
    assert!(
        recommended
            .nodes
            .iter()
            .flat_map(|n| n.options())
            .any(|c| c.steps.contains(&weakest))
    );
    view.recommendation = Some((recommended.id.clone(), recommended.title.clone()));
    let title = recommended.title.en.clone();

    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 2400.0))
        .build_ui_state(
            move |ui, chosen: &mut Option<DebriefAction>| {
                if let Some(action) = debrief::draw(ui, &view) {
                    *chosen = Some(action);
                }
            },
            None,
        );
    theme::apply(&harness.ctx, Lang::En);
    harness.run();
    for step in Step::ALL {
        harness.get_by_label_contains(&format!("{} {}", step.number(), step.label(Lang::En)));
    }
    assert!(harness.get_all_by_label_contains("Better move:").count() >= 1);
    harness.get_by_label("Escalated");
    harness.get_by_label("What to practise next?");
    harness.get_by_label(&format!("{title} (N)")).click();
    harness.run();
    assert_eq!(
        harness.state(),
        &Some(DebriefAction::Practise(recommended_id(&title)))
    );
}

fn recommended_id(title: &str) -> String {
    common::shipped_ids()
        .into_iter()
        .find(|id| scenario(id).title.en == title)
        .unwrap()
}

#[test]
fn progress_lists_sessions_newest_first_and_opens_one() {
    use rapport::app::screens::progress::view::{
        ProgressAction, ProgressUiState, ProgressView, Whose,
    };
    let rubric = Arc::new(Rubric::builtin());
    let mut records: Vec<_> = [(Policy::Worst, 100), (Policy::Best, 200_000)]
        .into_iter()
        .map(|(policy, day)| {
            play_session(scenario("late_delivery"), rubric.clone(), policy, 0, day).record()
        })
        .collect();
    // A third session: a group round in which Bo was the agent.
    let mut round = play_session(
        scenario("late_delivery"),
        rubric.clone(),
        Policy::Random,
        1,
        400_000,
    )
    .record();
    round.group = Some(
        rapport::engine::group::Group::new(&["Ana", "Bo"])
            .unwrap()
            .round(2),
    );
    records.push(round);
    let view = ProgressView::of(&records, Lang::En);
    assert_eq!(view.sessions.len(), 3);
    assert_eq!(view.learners, ["Bo"]);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(
            move |ui, state: &mut (ProgressUiState, Option<ProgressAction>)| {
                if let Some(action) =
                    rapport::app::screens::progress::view::draw(ui, &view, &mut state.0)
                {
                    state.1 = Some(action);
                }
            },
            (ProgressUiState::default(), None),
        );
    theme::apply(&harness.ctx, Lang::En);
    harness.run();
    harness.get_by_label("3 sessions");
    // Only one's own sessions: W cycles Everyone → My sessions.
    harness.key_press(egui::Key::W);
    harness.run();
    assert_eq!(harness.state().0.whose, Whose::Mine);
    harness.get_by_label("2 sessions");
    // The newer own session (second in time) is found by its date and opened.
    harness.get_by_label_contains("1970-01-03").click();
    harness.run();
    assert_eq!(harness.state().1, Some(ProgressAction::Open(1)));
    // Bo's rounds only, and the round opens by its place in the history.
    harness.key_press(egui::Key::W);
    harness.run();
    assert_eq!(harness.state().0.whose, Whose::Member("Bo".into()));
    harness.get_by_label("1 sessions");
    harness.get_by_label_contains("1970-01-05").click();
    harness.run();
    assert_eq!(harness.state().1, Some(ProgressAction::Open(2)));
}

#[test]
fn the_branch_map_shows_paths_and_the_selected_node_and_plays_from_it() {
    use rapport::app::screens::map::view::{self, MapAction, MapUiState, MapView, NodeDetails};
    use rapport::engine::analysis::branch_map::branch_map;
    let text = common::scenario_text("late_delivery");
    let scenario = scenario("late_delivery");
    let mut map = branch_map(&scenario, Some(&text));
    let rubric = Rubric::builtin();
    let found =
        rapport::engine::analysis::bounds::bounds(&scenario, &rubric, scenario.persona.emotions)
            .unwrap();
    map.overlay(&found);
    // The score range of the first turn's first option, as the app searches it on selection.
    let start = scenario.node_index(&scenario.start).unwrap();
    let through = rapport::engine::analysis::bounds::bounds_through(
        &scenario,
        &rubric,
        scenario.persona.emotions,
        start,
        0,
    )
    .unwrap();
    let range_label = format!(
        "Sessions taking it score: {:.1} – {:.1}",
        through.worst.score, through.best.score
    );
    let ranges = [((start, 0), Some((through.worst.score, through.best.score)))].into();
    let view = MapView {
        lang: Lang::En,
        title: scenario.title.clone(),
        path: "scenarios/late_delivery.ron".into(),
        map,
        details: scenario.nodes.iter().map(NodeDetails::of).collect(),
        computing: false,
        ranges,
        problems: Vec::new(),
        draft: false,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(
            move |ui, state: &mut (MapUiState, Option<MapAction>)| {
                if let Some(action) = view::draw(ui, &view, &mut state.0) {
                    state.1 = Some(action);
                }
            },
            (MapUiState::default(), None),
        );
    theme::apply(&harness.ctx, Lang::En);
    harness.run();
    harness.get_by_label_contains(&format!("Best path {:.1}", found.best.score));
    harness.get_by_label_contains(&format!("Worst path {:.1}", found.worst.score));
    harness.get_by_label("Click a node to see what it says.");

    // Keyboard: the first arrow press selects the start, the next moves one layer on.
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    harness.get_by_label("opening");
    let (line, _) = common::position_of(&text, "Turn(\n            id: \"opening\"");
    harness.get_by_label_contains(&format!("late_delivery.ron:{line}:"));
    harness.get_by_label(&range_label);
    assert_eq!(
        harness
            .query_all_by_label("Score range: searching…")
            .count(),
        2,
        "the other two options are still being searched"
    );
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let Some(MapAction::PlayFrom(node)) = harness.state().1.clone() else {
        panic!(
            "Enter plays from the selected node: {:?}",
            harness.state().1
        );
    };
    assert_ne!(node, "opening", "the selection moved to the next layer");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().1, Some(MapAction::Back));
}

#[test]
fn author_mode_shows_what_each_option_would_do() {
    let play = Play::new(Lang::En);
    let view = ConversationView::of(&play.session, Lang::En, false).with_previews(&play.session);
    assert_eq!(view.previews.len(), 3);
    let lines: Vec<String> = view
        .previews
        .iter()
        .map(|p| conversation::preview_line(Lang::En, p))
        .collect();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(
            move |ui, state: &mut ConversationUiState| {
                conversation::draw(ui, &view, state);
            },
            ConversationUiState::default(),
        );
    theme::apply(&harness.ctx, Lang::En);
    harness.run();
    for line in &lines {
        harness.get_by_label(line);
    }
    harness.get_by_label("Conversation state: (all 0)");
    assert!(lines.iter().any(|l| l.starts_with('+')), "{lines:?}");
    // A mistake shows its penalty points: what they take depends on what the session earns.
    assert!(lines.iter().any(|l| l.contains("penalty")), "{lines:?}");
    // late_delivery keeps state: the transfer shows the counter it moves, and the state shows.
    assert!(
        lines.iter().any(|l| l.contains("passed_on += 1")),
        "{lines:?}"
    );
    // An option that escalates says the call ends there, not where it would have led.
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("escalates → escalated_end")),
        "{lines:?}"
    );
    // In Chinese, the untouched state says so in Chinese too.
    let zh = ConversationView::of(&play.session, Lang::Zh, false).with_previews(&play.session);
    assert_eq!(zh.author_state.as_deref(), Some("（全部为 0）"));
}

fn typed_reply_of(harness: &Harness<'static, Play>) -> rapport::engine::play::session::FreeReply {
    let record = harness.state().session.record();
    record
        .turns
        .last()
        .and_then(|t| t.free.clone())
        .expect("the typed reply is recorded")
}

#[test]
fn in_free_reply_mode_a_typed_chinese_reply_is_sent_with_enter_and_the_coach_shows_what_was_heard()
{
    let mut play = Play::new(Lang::Zh);
    play.free_reply = true;
    let mut harness = conversation_harness_with(play);
    harness.get_by_label("用你自己的话回应：");
    harness.event(egui::Event::Text(
        "王先生，明天九点就要演示，包裹还没到，您一定急坏了。".into(),
    ));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    harness.event(egui::Event::Text("麻烦给我订单号，我马上查。".into()));
    harness.run();
    assert!(
        harness.state().ui.draft.contains("急坏了。\n麻烦"),
        "Shift+Enter breaks the line: {:?}",
        harness.state().ui.draft
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.state().reviewing, "Enter sends the reply");
    let free = typed_reply_of(&harness);
    assert!(free.text.starts_with("王先生"));
    harness.get_by_label("你说的：");
    // Every finding is listed with its label and the words that fired it.
    for evidence in free.evidence.iter().filter(|e| !e.words.is_empty()) {
        let mark = rapport::app::screens::conversation::free_reply::finding_mark(evidence.tag);
        let label = format!("{mark} {}", evidence.tag.label(Lang::Zh));
        assert!(
            harness.get_all_by_label(&label).next().is_some(),
            "{label} is listed"
        );
        let words = Lang::Zh.quote(&evidence.words);
        assert!(
            harness.get_all_by_label(&words).next().is_some(),
            "{words} is shown"
        );
    }
    harness.get_by_label_contains("最接近的参考回应：");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(!harness.state().reviewing);
    assert!(
        harness.state().ui.typing,
        "the next turn opens with the box again"
    );
    assert!(harness.state().ui.draft.is_empty(), "and an empty draft");
}

#[test]
fn t_opens_the_box_for_an_english_reply_and_esc_goes_back_to_the_options() {
    let mut harness = conversation_harness(Lang::En);
    harness.key_press(egui::Key::T);
    harness.event(egui::Event::Text("t".into()));
    harness.run();
    assert!(harness.state().ui.typing);
    assert_eq!(
        harness.state().ui.draft,
        "",
        "the T that opened the box is not typed"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().ui.typing, "Esc goes back to the options");
    assert!(
        harness.state().session.transcript().is_empty(),
        "and does not leave"
    );
    harness.key_press(egui::Key::T);
    harness.run();
    harness.event(egui::Event::Text(
        "I can hear how worried you are with the demo at nine tomorrow. What's the order number? I'll check right now."
            .into(),
    ));
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.state().reviewing);
    let free = typed_reply_of(&harness);
    assert!(!free.evidence.is_empty());
    harness.get_by_label("You said:");
    harness.get_by_label_contains("Closest authored reply");
}

#[test]
fn an_unclear_reply_asks_which_authored_reply_was_meant_and_a_number_key_answers() {
    let mut play = Play::new(Lang::En);
    play.free_reply = true;
    let mut harness = conversation_harness_with(play);
    harness.event(egui::Event::Text("ok".into()));
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    let unsure = harness
        .state()
        .unsure
        .clone()
        .expect("a two-letter reply is unclear");
    harness.get_by_label_contains("Which of these is closest?");
    let first = unsure.candidates()[0];
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert!(harness.state().reviewing);
    let free = typed_reply_of(&harness);
    assert!(free.confirmed);
    assert_eq!(harness.state().session.record().turns[0].option, first);
}

#[test]
fn the_typed_reply_marks_each_finding_on_its_words() {
    use rapport::app::screens::conversation::free_reply::highlighted;
    let ctx = egui::Context::default();
    let text = "I understand, but we'll sort it out as soon as possible.";
    let scenario = scenario("late_delivery");
    let node = scenario.nodes.iter().find(|n| n.id() == "opening").unwrap();
    let analysis = rapport::engine::reply::analyse_in(
        text,
        &scenario,
        node,
        Lang::En,
        &rapport::engine::reply::Cues::builtin(),
    );
    let marked: Vec<_> = analysis
        .evidence
        .iter()
        .filter(|e| !e.span.is_empty())
        .collect();
    assert!(!marked.is_empty(), "{analysis:#?}");
    let mut output = ctx.run_ui(Default::default(), |ui| {
        let job = highlighted(ui, text, &analysis.evidence);
        let shown: String = job
            .sections
            .iter()
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(shown, text, "the whole reply is shown, in order");
        for evidence in &marked {
            let section = job
                .sections
                .iter()
                .find(|s| {
                    s.byte_range.start.0 <= evidence.span.start
                        && evidence.span.start < s.byte_range.end.0
                })
                .expect("the words are shown");
            assert_ne!(
                section.format.background,
                egui::Color32::TRANSPARENT,
                "{evidence:?} is marked"
            );
        }
        let plain = job
            .sections
            .iter()
            .find(|s| s.byte_range.start.0 == 0)
            .unwrap();
        let starts_marked = marked.iter().any(|e| e.span.start == 0);
        if !starts_marked {
            assert_eq!(plain.format.background, egui::Color32::TRANSPARENT);
        }
    });
    output.textures_delta.clear();
}

#[test]
fn a_typed_reply_with_an_anti_pattern_gets_the_better_move_before_the_authored_feedback() {
    let mut play = Play::new(Lang::En);
    play.free_reply = true;
    let mut harness = conversation_harness_with(play);
    harness.event(egui::Event::Text(
        "I understand, but the demo unit will get there as soon as possible.".into(),
    ));
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    if let Some(unsure) = harness.state().unsure.clone() {
        assert!(!unsure.candidates().is_empty());
        harness.key_press(egui::Key::Num1);
        harness.run();
    }
    assert!(harness.state().reviewing);
    let free = typed_reply_of(&harness);
    assert!(
        free.evidence
            .iter()
            .any(|e| matches!(e.tag, rapport::engine::reply::Tag::AntiPattern(_))),
        "{free:#?}"
    );
    assert!(
        harness
            .get_all_by_label_contains("Better move: ")
            .next()
            .is_some()
    );
    harness.get_by_label("On the closest authored reply:");
}

#[test]
fn the_customers_reaction_to_a_reply_shows_as_their_bubble_before_the_next_line() {
    let mut harness = conversation_harness(Lang::En);
    // The opening's best reply leads to the order check; its second reply promises "as soon as
    // possible", and the customer answers that at once.
    harness.key_press(egui::Key::Num1);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Num2);
    harness.run();
    let turn = &harness.state().session.transcript()[1];
    let reaction = turn.reaction.clone().expect("this reply has a reaction");
    harness.get_by_label_contains(&reaction.en);
}

#[test]
fn the_observers_sheet_marks_a_turn_by_keyboard_beside_the_customers_card() {
    use rapport::app::screens::group::view::{self as round, RoundAction, RoundUiState, RoundView};
    use rapport::engine::group::Group;
    use rapport::engine::vocabulary::Vocabulary;
    for lang in [Lang::En, Lang::Zh] {
        let mut session =
            Session::start(scenario("late_delivery"), Arc::new(Rubric::builtin()), 3, 0);
        session.set_group(Group::new(&["Ana", "Bo", "Chen"]).unwrap().round(1));
        let vocabulary = Vocabulary::builtin();
        let view = RoundView::of(&session, lang, &vocabulary).unwrap();
        let line = view.line.get(lang).to_owned();
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 820.0))
            .build_ui_state(
                move |ui, state: &mut (RoundUiState, Option<RoundAction>)| {
                    if let Some(action) = round::draw(ui, &view, &mut state.0) {
                        state.1 = Some(action);
                    }
                },
                (RoundUiState::default(), None),
            );
        theme::apply(&harness.ctx, lang);
        harness.run();
        // The customer player's script and the observer's sheet, with the parts named.
        harness.get_by_label(&line);
        harness.get_by_label_contains(match lang {
            Lang::En => "agent Ana · customer Bo · observer Chen",
            Lang::Zh => "客服：Ana · 客户：Bo · 观察员：Chen",
        });
        harness.get_by_label(Step::IdentifyEmotion.label(lang));
        // Keys 1 and 2 tick the first two steps; Enter marks the turn.
        harness.key_press(egui::Key::Num1);
        harness.run();
        harness.key_press(egui::Key::Num2);
        harness.run();
        harness.key_press(egui::Key::Enter);
        harness.run();
        match harness.state().1.clone() {
            Some(RoundAction::Mark { marks, option }) => {
                assert_eq!(
                    marks.steps,
                    vec![Step::ObserveListen, Step::IdentifyEmotion]
                );
                assert!(marks.from_analyser.is_empty(), "set by hand");
                // The authored reply closest to those marks: the opening's best reply.
                assert_eq!(option, 0);
            }
            other => panic!("{lang:?}: {other:?}"),
        }
    }
}

#[test]
fn on_the_observers_sheet_enter_marks_even_with_a_toggle_focused_and_esc_first_drops_focus() {
    use rapport::app::screens::group::view::{self as round, RoundAction, RoundUiState, RoundView};
    use rapport::engine::group::Group;
    use rapport::engine::vocabulary::Vocabulary;
    let mut session = Session::start(scenario("late_delivery"), Arc::new(Rubric::builtin()), 3, 0);
    session.set_group(Group::new(&["Ana", "Bo"]).unwrap().round(1));
    let view = RoundView::of(&session, Lang::En, &Vocabulary::builtin()).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_ui_state(
            move |ui, state: &mut (RoundUiState, Vec<RoundAction>)| {
                if let Some(action) = round::draw(ui, &view, &mut state.0) {
                    state.1.push(action);
                }
            },
            (RoundUiState::default(), Vec::new()),
        );
    theme::apply(&harness.ctx, Lang::En);
    harness.run();
    // Tab onto a toggle and tick it with Space, as the README says.
    let toggle = harness.get_by_label(Step::Validate.label(Lang::En));
    toggle.focus();
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    assert!(
        harness
            .state()
            .0
            .draft
            .has(rapport::engine::reply::Tag::Step(Step::Validate))
    );
    // Esc with a toggle focused drops the focus and stays in the round.
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.run();
    assert!(harness.state().1.is_empty(), "{:?}", harness.state().1);
    // Enter marks the turn, whatever has the focus.
    harness
        .get_by_label(Step::ObserveListen.label(Lang::En))
        .focus();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    match harness.state().1.as_slice() {
        [RoundAction::Mark { marks, .. }] => {
            assert_eq!(marks.steps, vec![Step::Validate], "Enter ticked nothing");
        }
        other => panic!("{other:?}"),
    }
}
