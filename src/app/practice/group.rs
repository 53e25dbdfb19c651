//! Group practice: a group of two or three at one window. Each round is a session whose agent
//! speaks, whose customer player reads the persona card, and whose observer marks each turn;
//! the marks answer the turn ([`Session::reply_marked`]). After the debrief the parts rotate. The
//! group's rounds are written to one printable HTML page in the history folder.

use bevy::prelude::*;

use crate::adapters::report::group_html;
use crate::app::config::{ActiveRubric, Preferences};
use crate::app::history::{SessionHistory, SessionSaved};
use crate::app::navigation::Screen;
use crate::app::practice::{Practice, PracticeSeed};
use crate::app::scenarios::ScenarioLibrary;
use crate::engine::group::{Group, GroupError};
use crate::engine::play::marks::Marks;
use crate::engine::play::session::SessionRecord;

#[derive(Message, Clone, Debug, PartialEq)]
pub enum GroupCommand {
    /// Open the group set-up for the scenario with this id.
    SetUp(String),
    /// Start round 1 of the scenario with this id for the people named.
    Start { id: String, names: Vec<String> },
    /// The observer's marks answer the current turn, following the authored option with this
    /// index in the file.
    Mark { marks: Marks, option: usize },
    /// The next round: the parts move on, the same scenario again.
    NextRound,
}

/// The group practising, if any.
#[derive(Resource, Default)]
pub struct GroupPractice {
    pub group: Option<Group>,
    /// The round being played, from 1.
    pub round: usize,
    /// The scenario the group practises.
    pub scenario: Option<String>,
    /// Why the names entered do not make a group.
    pub problem: Option<GroupError>,
    /// The finished rounds, for the summary page.
    pub rounds: Vec<SessionRecord>,
    /// Where the summary page was written, or why it could not be.
    pub summary: Option<Result<String, String>>,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<GroupCommand>();
    app.init_resource::<GroupPractice>();
    app.add_systems(
        Update,
        (
            apply_group_commands,
            adopt_resumed_round,
            keep_finished_rounds,
        )
            .chain()
            .after(super::apply_practice_commands),
    );
}

fn apply_group_commands(
    mut commands: MessageReader<GroupCommand>,
    library: Res<ScenarioLibrary>,
    rubric: Res<ActiveRubric>,
    seed: Res<PracticeSeed>,
    mut group: ResMut<GroupPractice>,
    mut practice: ResMut<Practice>,
    mut screen: ResMut<NextState<Screen>>,
) {
    for command in commands.read() {
        match command {
            GroupCommand::SetUp(id) => {
                group.scenario = Some(id.clone());
                group.problem = None;
                screen.set(Screen::GroupSetup);
            }
            GroupCommand::Start { id, names } => match Group::new(names) {
                Err(problem) => group.problem = Some(problem),
                Ok(members) => {
                    let Some(scenario) = library.find(id) else {
                        warn!("no valid scenario with id {id}");
                        continue;
                    };
                    *group = GroupPractice {
                        group: Some(members),
                        round: 1,
                        scenario: Some(id.clone()),
                        ..GroupPractice::default()
                    };
                    let round = group.group.as_ref().map(|m| m.round(group.round));
                    practice.begin(scenario.clone(), rubric.0.clone(), seed.next(), round);
                    screen.set(Screen::Group);
                }
            },
            GroupCommand::Mark { marks, option } => {
                let answered = practice
                    .session
                    .as_mut()
                    .is_some_and(|s| s.group().is_some() && s.reply_marked(marks, *option).is_ok());
                if answered && practice.session.as_ref().is_some_and(|s| s.is_over()) {
                    screen.set(Screen::Debrief);
                }
            }
            GroupCommand::NextRound => {
                let Some(scenario) = group.scenario.as_ref().and_then(|id| library.find(id)) else {
                    continue;
                };
                let scenario = scenario.clone();
                group.round += 1;
                let round = group.group.as_ref().map(|m| m.round(group.round));
                practice.begin(scenario, rubric.0.clone(), seed.next(), round);
                screen.set(Screen::Group);
            }
        }
    }
}

/// A round resumed after the app stopped (or any session that is a round of another group than
/// the one kept) makes its group the current one, so the next round and the summary follow it.
fn adopt_resumed_round(practice: Res<Practice>, mut group: ResMut<GroupPractice>) {
    let Some(session) = practice.session.as_ref() else {
        return;
    };
    let Some(round) = session.group() else {
        return;
    };
    let same_group = group
        .group
        .as_ref()
        .is_some_and(|g| g.members() == round.members.as_slice());
    if same_group && group.round == round.round {
        return;
    }
    let Ok(members) = Group::new(&round.members) else {
        return;
    };
    if !same_group {
        group.rounds.clear();
        group.summary = None;
    }
    group.group = Some(members);
    group.round = round.round;
    group.scenario = Some(session.scenario().id.clone());
    group.problem = None;
}

/// Keeps each finished round as it is saved, and writes the group's summary page.
fn keep_finished_rounds(
    mut saved: MessageReader<SessionSaved>,
    history: Res<SessionHistory>,
    rubric: Res<ActiveRubric>,
    preferences: Res<Preferences>,
    mut group: ResMut<GroupPractice>,
) {
    for SessionSaved(record) in saved.read() {
        if record.group.is_some() {
            group.rounds.push(record.clone());
            write_summary(&history, &rubric, &preferences, &mut group);
        }
    }
}

/// Writes the page of the group's rounds so far, and keeps where (or why not).
fn write_summary(
    history: &SessionHistory,
    rubric: &ActiveRubric,
    preferences: &Preferences,
    group: &mut GroupPractice,
) {
    let Some(store) = history.store.as_ref() else {
        return;
    };
    let first = group.rounds.first().map_or(0, |r| r.started_at);
    let dir = store.dir().join("group-rounds");
    let path = dir.join(format!(
        "group-{}-{first}.html",
        crate::adapters::records::date_of(first)
    ));
    let page = group_html(&group.rounds, &rubric.0, preferences.lang);
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| crate::adapters::records::write_atomically(&path, page.as_bytes()));
    group.summary = Some(match written {
        Ok(()) => Ok(path.display().to_string()),
        Err(error) => Err(error.to_string()),
    });
}
