//! `rapport play` and `rapport bounds`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::engine::analysis::bounds::{Bounds, ScoredPath, bounds as compute_bounds};
use crate::engine::analysis::policy::play_session;
use crate::engine::debrief::{Debrief, improvements_heading, strengths_heading};
use crate::engine::domain::{Emotion, Lang, Step};
use crate::engine::play::rubric::Rubric;
use crate::engine::play::score::ScoreLine;
use crate::engine::play::session::SessionRecord;
use crate::engine::scenario::load::load_path;
use crate::engine::scenario::{Emotions, Scenario};

use super::{Policy, color_stdout};

/// Loads a scenario or returns its rendered diagnostics.
fn load_valid(file: &Path) -> Result<Scenario, String> {
    let loaded = load_path(file);
    match loaded.scenario {
        Some(scenario) => Ok(scenario),
        None => Err(loaded.report.render(color_stdout())),
    }
}

pub fn play(
    file: &Path,
    rubric: Rubric,
    policy: Policy,
    seed: u64,
    json: bool,
    lang: Lang,
) -> Result<ExitCode, String> {
    let scenario = Arc::new(load_valid(file)?);
    let rubric = Arc::new(rubric);
    let session = play_session(scenario.clone(), rubric.clone(), policy.into(), seed, 0);
    let record = session.record();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?
        );
    } else {
        let policy_name = format!("{policy:?}").to_lowercase();
        print!(
            "{}",
            transcript_text(&record, &scenario, &rubric, &policy_name, lang)
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn bounds(file: &Path, rubric: Rubric, json: bool) -> Result<ExitCode, String> {
    let scenario = load_valid(file)?;
    let result = compute_bounds(&scenario, &rubric, scenario.persona.emotions)
        .ok_or_else(|| "the scenario has no start node".to_owned())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?
        );
    } else {
        // Texts read as the trainee sees them: `{address}` filled with the persona's name.
        let persona = &scenario.persona;
        let address = persona
            .address
            .clone()
            .unwrap_or_else(|| persona.name.clone());
        let shown = scenario.personalised(&persona.name, &address);
        print!("{}", bounds_text(&shown, &result));
    }
    Ok(ExitCode::SUCCESS)
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
    policy: &str,
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
    let _ = writeln!(
        out,
        "{} {policy}, {} {}",
        t("策略", "policy"),
        t("种子", "seed"),
        record.seed
    );
    let _ = writeln!(
        out,
        "{}: {} ({}), {} {}",
        t("客户", "customer"),
        record.persona_name.get(lang),
        scenario.persona.style.label(lang),
        t("起始情绪", "starting"),
        emotions_text(&record.start_emotions, lang)
    );
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
            rubric
                .moods
                .iter()
                .map(|m| &m.mood)
                .chain([&rubric.calm_mood])
                .find(|m| m.id == turn.mood)
                .map_or(turn.mood.as_str(), |m| m.label.get(lang))
        );
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
            "  {}: {} {:.1}, {} {:.1}, {} {:.1}, {} −{:.1}",
            t("构成", "components"),
            t("步骤", "steps"),
            card.components.steps,
            t("技巧", "techniques"),
            card.components.techniques,
            t("结果", "outcome"),
            card.components.outcome,
            t("扣分", "penalties"),
            card.components.penalties
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

fn path_text(scenario: &Scenario, path: &ScoredPath) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:.1} ({}{})",
        path.score,
        path.outcome,
        path.ending
            .as_ref()
            .map(|e| format!(" at {e}"))
            .unwrap_or_default()
    );
    for step in &path.steps {
        let text = scenario
            .node(&step.node)
            .and_then(|n| n.options().get(step.option))
            .map(|c| c.text.en.as_str())
            .unwrap_or("");
        let _ = writeln!(
            out,
            "    {} option {}: {}",
            step.node,
            step.option + 1,
            text
        );
    }
    out
}

pub fn bounds_text(scenario: &Scenario, bounds: &Bounds) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", scenario.title.en, scenario.id);
    let _ = write!(
        out,
        "highest reachable: {}",
        path_text(scenario, &bounds.best)
    );
    let _ = write!(
        out,
        "lowest reachable:  {}",
        path_text(scenario, &bounds.worst)
    );
    let how = if bounds.exact {
        "exact"
    } else {
        "pruned search: bounds are reachable but may not be the extremes"
    };
    let _ = writeln!(out, "{} states explored; {how}", bounds.states);
    out
}
