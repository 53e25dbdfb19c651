//! `rapport play`: a scored transcript of a session played by a policy or along a path.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::engine::analysis::policy::{play_path, play_session};
use crate::engine::debrief::{Debrief, improvements_heading, strengths_heading};
use crate::engine::domain::{Emotion, Lang, Step};
use crate::engine::play::emotion::mood;
use crate::engine::play::rubric::Rubric;
use crate::engine::play::score::ScoreLine;
use crate::engine::play::session::{Session, SessionRecord};
use crate::engine::scenario::load::load_path;
use crate::engine::scenario::state::State;
use crate::engine::scenario::{Emotions, Scenario};

use super::{Policy, color_stdout};

/// Loads a scenario or returns its rendered diagnostics.
pub(super) fn load_valid(file: &Path) -> Result<Scenario, String> {
    let loaded = load_path(file);
    match loaded.scenario {
        Some(scenario) => Ok(scenario),
        None => Err(loaded.report.render(color_stdout())),
    }
}

/// How the options are chosen.
pub enum Chosen<'a> {
    Policy(Policy),
    /// Option numbers from 1, in file order, one per turn.
    Path(&'a [usize]),
}

pub fn play(
    file: &Path,
    rubric: Rubric,
    chosen: Chosen,
    seed: u64,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let scenario = Arc::new(load_valid(file)?);
    let rubric = Arc::new(rubric);
    let (session, how) = match chosen {
        Chosen::Policy(policy) => (
            play_session(
                scenario.clone(),
                rubric.clone(),
                policy.in_lang(lang),
                seed,
                0,
            ),
            format!(
                "{} {}",
                lang.pick("策略", "policy"),
                format!("{policy:?}").to_lowercase()
            ),
        ),
        Chosen::Path(path) => {
            let (session, used) = play_path(scenario.clone(), rubric.clone(), path, seed, 0)
                .map_err(|error| error.to_string())?;
            if used < path.len() {
                eprintln!(
                    "the conversation ended after {used} choice(s); the rest of the path was not used"
                );
            }
            let numbers: Vec<String> = path[..used].iter().map(|n| n.to_string()).collect();
            (
                session,
                format!("{} {}", lang.pick("路径", "path"), numbers.join(",")),
            )
        }
    };
    let record = session.record();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?
        );
    } else {
        print!(
            "{}",
            transcript_text(&record, &scenario, &rubric, &how, lang)
        );
        print!("{}", next_options_text(&session, &record, lang));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a path stopped before an ending: the turn's options by number, to extend the path with.
fn next_options_text(session: &Session, record: &SessionRecord, lang: Lang) -> String {
    let mut out = String::new();
    let (Some(node), Some(line)) = (session.current_node(), session.customer_line()) else {
        return out;
    };
    let _ = writeln!(
        out,
        "\n{} {} · {}",
        lang.pick("路径停在回合", "the path stops at turn"),
        record.turns.len() + 1,
        node.id()
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        lang.pick("客户", "customer"),
        line.get(lang)
    );
    for (index, choice) in node.options().iter().enumerate() {
        if choice.offered(session.state()) {
            let _ = writeln!(out, "  {}. {}", index + 1, choice.text.get(lang));
        }
    }
    let taken: Vec<String> = record
        .turns
        .iter()
        .map(|t| (t.option + 1).to_string())
        .collect();
    let mut next = taken.join(",");
    if !next.is_empty() {
        next.push(',');
    }
    let _ = writeln!(
        out,
        "{} --path {next}N",
        lang.pick("继续：", "continue with")
    );
    out
}

fn emotions_text(emotions: &Emotions, lang: Lang) -> String {
    Emotion::ALL
        .iter()
        .map(|e| format!("{} {}", e.label(lang), emotions.get(*e)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn change_text(change: &Emotions, lang: Lang) -> String {
    let moved: Vec<String> = change
        .iter()
        .filter(|(_, v)| *v != 0)
        .map(|(e, v)| format!("{} {v:+}", e.label(lang)))
        .collect();
    if moved.is_empty() {
        lang.pick("没有变化", "no change").into()
    } else {
        moved.join(", ")
    }
}

fn ids<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A readable transcript with per-turn feedback and the six-step score with its evidence.
pub fn transcript_text(
    record: &SessionRecord,
    scenario: &Scenario,
    rubric: &Rubric,
    how: &str,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} v{})",
        record.scenario_title.get(lang),
        record.scenario_id,
        record.scenario_version
    );
    let t = |zh, en| lang.pick(zh, en);
    let _ = writeln!(out, "{how}, {} {}", t("种子", "seed"), record.seed);
    let _ = writeln!(
        out,
        "{}: {} ({}), {} {}",
        t("客户", "customer"),
        record.persona_name.get(lang),
        scenario.persona.style.label(lang),
        t("起始情绪", "starting"),
        emotions_text(&record.start_emotions, lang)
    );
    // The state before each turn: empty before the first.
    let empty = State::default();
    let mut before = &empty;
    for turn in &record.turns {
        let _ = writeln!(out, "\n{} {} · {}", t("回合", "turn"), turn.turn, turn.node);
        let _ = writeln!(
            out,
            "  {}: {}",
            t("客户", "customer"),
            turn.customer.get(lang)
        );
        let _ = writeln!(
            out,
            "  {}:  {}",
            t("学员", "trainee"),
            turn.response.get(lang)
        );
        if let Some(reaction) = &turn.reaction {
            let _ = writeln!(
                out,
                "  {}: {}",
                t("客户回应", "customer reacts"),
                reaction.get(lang)
            );
        }
        let mut moves = Vec::new();
        if !turn.steps.is_empty() {
            moves.push(format!("{} {}", t("步骤", "steps"), ids(&turn.steps)));
        }
        if !turn.techniques.is_empty() {
            moves.push(format!(
                "{} {}",
                t("技巧", "techniques"),
                ids(&turn.techniques)
            ));
        }
        if !turn.anti_patterns.is_empty() {
            moves.push(format!(
                "{} {}",
                t("误区", "anti-patterns"),
                ids(&turn.anti_patterns)
            ));
        }
        let _ = writeln!(
            out,
            "  {}:    {}",
            t("做法", "moves"),
            if moves.is_empty() {
                t("无", "none").to_owned()
            } else {
                moves.join("; ")
            }
        );
        let _ = writeln!(
            out,
            "  {}: {} → {} {}",
            t("反应", "reaction"),
            change_text(&turn.change, lang),
            t("情绪", "mood"),
            mood(rubric, &turn.emotions_after).label.get(lang)
        );
        let _ = writeln!(
            out,
            "  {}: {}",
            t("情绪值", "emotions"),
            emotions_text(&turn.emotions_after, lang)
        );
        // The counters and flags, when the scenario keeps any and this turn changed them.
        if turn.state != *before {
            let _ = writeln!(out, "  {}: {}", t("状态", "state"), turn.state);
        }
        before = &turn.state;
        let _ = writeln!(
            out,
            "  {}: {}",
            t("点评", "feedback"),
            turn.feedback.get(lang)
        );
    }
    let _ = writeln!(out);
    match (&record.outcome, &record.ending_text) {
        (Some(outcome), Some(text)) => {
            let _ = writeln!(
                out,
                "{}: {} — {}",
                t("结局", "ending"),
                outcome.label(lang),
                text.get(lang)
            );
        }
        (Some(outcome), None) => {
            let _ = writeln!(out, "{}: {}", t("结局", "ending"), outcome.label(lang));
        }
        (None, _) => {
            let _ = writeln!(out, "{}", t("练习没有结束", "the session did not finish"));
        }
    }
    if let Some(card) = &record.score {
        let _ = writeln!(
            out,
            "\n{} {:.1}/100 · {} {} ({}) · {} {}",
            t("得分", "score"),
            card.overall,
            t("等级", "grade"),
            card.grade,
            card.grade_label.get(lang),
            t("结果", "outcome"),
            card.outcome.label(lang)
        );
        let _ = writeln!(
            out,
            "  {}: {} {:.1}, {} {:.1}, {} {:.1}, {} −{:.1} ({:.1} {})",
            t("构成", "components"),
            t("步骤", "steps"),
            card.components.steps,
            t("技巧", "techniques"),
            card.components.techniques,
            t("结果", "outcome"),
            card.components.outcome,
            t("扣分", "penalties"),
            card.components.penalties_shown(),
            card.components.penalties,
            t("点误区扣分按比例计", "penalty points, scaled")
        );
        let _ = writeln!(out, "{}", t("共情六步骤：", "six-step model:"));
        for step in Step::ALL {
            let _ = writeln!(
                out,
                "  {}. {:<24} {:>5.1}",
                step.number(),
                step.label(lang),
                card.step(*step)
            );
            let evidence: Vec<_> = card
                .lines
                .iter()
                .filter(|l| l.step == Some(*step))
                .collect();
            if evidence.is_empty() {
                let _ = writeln!(
                    out,
                    "       {}",
                    t(
                        "没有依据：没有任何回应做到这一步",
                        "no evidence: no response performed this step"
                    )
                );
            }
            for line in evidence {
                let _ = writeln!(out, "       {}", score_line_text(line, lang));
            }
        }
        if let Some(debrief) = Debrief::of(record, rubric) {
            out.push_str(&advice_text(&debrief, lang));
        }
        let others: Vec<_> = card.lines.iter().filter(|l| l.step.is_none()).collect();
        let _ = writeln!(out, "{}", t("总分调整：", "overall adjustments:"));
        for line in others {
            let _ = writeln!(out, "  {}", score_line_text(line, lang));
        }
    }
    out
}

/// "turn 3: +12.5 [step.first] step performed for the first time".
fn score_line_text(line: &ScoreLine, lang: Lang) -> String {
    let turn = line.turn.map_or("-".into(), |t| t.to_string());
    format!(
        "{} {turn}: {:+.1} [{}] {}",
        lang.pick("回合", "turn"),
        line.points,
        line.rule,
        line.note.get(lang)
    )
}

/// The debrief's strengths and improvements, as the app and the reports give them.
fn advice_text(debrief: &Debrief, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", strengths_heading(lang));
    if debrief.strengths.is_empty() {
        let _ = writeln!(out, "  {}", debrief.no_strengths(lang));
    }
    for (step, score) in &debrief.strengths {
        let _ = writeln!(out, "  • {} ({score:.0})", step.label(lang));
    }
    let _ = writeln!(out, "{}", improvements_heading(lang));
    if debrief.improvements.is_empty() {
        let _ = writeln!(out, "  {}", debrief.no_improvements(lang));
    }
    for item in &debrief.improvements {
        let turn = item
            .turn
            .map(|t| format!("{} {t}: ", lang.pick("回合", "turn")))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  • {} ({:.0}) — {turn}{}",
            item.step.label(lang),
            item.score,
            item.advice.get(lang)
        );
    }
    out
}
