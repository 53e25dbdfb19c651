//! The conversation screen: the customer card with emotions, the transcript, the current turn's
//! options (or the coach's note on the last choice) and notices about the scenario file.
//! [`view`] draws it from plain view data, with `customer_card`, `answer` and [`free_reply`]
//! (typing a reply, and the coach's reading of it) for its parts.

mod answer;
mod customer_card;
pub mod free_reply;
pub mod view;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use crate::app::practice::{Practice, PracticeCommand, ReloadNotice};
use crate::app::scenarios::ScenarioLibrary;
use crate::app::screens::conversation::view::{
    ConversationAction, ConversationUiState, ConversationView, draw,
};
use crate::app::ui::tr;
use crate::app::{config::Preferences, navigation::Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        conversation_screen.run_if(in_state(Screen::Conversation)),
    );
}

fn conversation_screen(
    mut contexts: EguiContexts,
    practice: Res<Practice>,
    preferences: Res<Preferences>,
    library: Res<ScenarioLibrary>,
    mut portraits: crate::app::portraits::Portraits,
    mut state: Local<ConversationUiState>,
    mut commands: MessageWriter<PracticeCommand>,
) -> Result {
    let Some(session) = practice.session.as_ref() else {
        return Ok(());
    };
    let mut view = ConversationView::of(session, preferences.lang, practice.reviewing)
        .with_notices(notices(&practice, &library, preferences.lang))
        .with_typing(
            session,
            preferences.free_reply,
            practice.reading.is_some(),
            practice.unsure.as_ref(),
        );
    if preferences.author_mode {
        view = view.with_previews(session);
    }
    if let Some(path) = &session.scenario().persona.portrait {
        view.portrait = portraits.texture(&mut contexts, path);
        if let Some(problem) = portraits.problem(path) {
            // The style's own picture stands in.
            let style = format!("portraits/{}.png", session.scenario().persona.style.id());
            view.portrait = portraits.texture(&mut contexts, &style);
            view.notices.push((
                format!(
                    "{} {path}: {problem}",
                    tr(
                        preferences.lang,
                        "未显示客户照片（改用默认图片）",
                        "The portrait is not shown (the style's picture is used instead):"
                    )
                ),
                true,
            ));
        }
    }
    super::full_screen(contexts.ctx_mut()?, |ui| {
        let command = match draw(ui, &view, &mut state) {
            Some(ConversationAction::Choose(index)) => Some(PracticeCommand::Choose(index)),
            Some(ConversationAction::Reply(text)) => Some(PracticeCommand::Reply(text)),
            Some(ConversationAction::Meant(option)) => Some(PracticeCommand::Meant(option)),
            Some(ConversationAction::Rephrase) => Some(PracticeCommand::Rephrase),
            Some(ConversationAction::Continue) => Some(PracticeCommand::Continue),
            Some(ConversationAction::Leave) => Some(PracticeCommand::Leave),
            None => None,
        };
        if let Some(command) = command {
            commands.write(command);
        }
    });
    Ok(())
}

/// What the trainee should know about the scenario file: that it was reloaded, and whether it
/// has errors (the last good version keeps playing).
pub fn notices(
    practice: &Practice,
    library: &ScenarioLibrary,
    lang: crate::engine::domain::Lang,
) -> Vec<(String, bool)> {
    let mut notices = Vec::new();
    match &practice.reload {
        Some(ReloadNotice::Continued { node }) => notices.push((
            format!(
                "{} `{node}`",
                tr(
                    lang,
                    "情景文件已更新，从当前回合继续：",
                    "The scenario file changed; continuing at"
                )
            ),
            false,
        )),
        Some(ReloadNotice::Restarted { gone }) => notices.push((
            format!(
                "{} `{gone}`",
                tr(
                    lang,
                    "情景文件已更新，已重新开始。不再存在的回合：",
                    "The scenario file changed and the session restarted; this turn is gone:"
                )
            ),
            false,
        )),
        None => {}
    }
    let file = practice
        .session
        .as_ref()
        .and_then(|s| library.file_of(&s.source().id));
    if let Some(file) = file.filter(|f| f.report.has_errors()) {
        notices.push((
            tr(
                lang,
                "文件有错误，仍在使用最后一个无错误的版本：",
                "The file has errors; the last version without errors is still in use:",
            )
            .to_owned(),
            true,
        ));
        let problems = crate::app::screens::library::view::BrokenFile::of(&file.report).problems;
        for (problem, hint) in problems.into_iter().take(3) {
            let hint = hint.map(|h| format!(" ({h})")).unwrap_or_default();
            notices.push((format!("{}:{problem}{hint}", file.path), true));
        }
    }
    notices
}
