//! `rapport analyse` (one free reply on one turn) and `rapport eval-replies` (a labelled set).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use crate::engine::domain::Lang;
use crate::engine::reply::eval::{evaluate, parse_labelled};
use crate::engine::reply::{Analysis, Cues, analyse_in};
use crate::engine::scenario::Scenario;
use crate::engine::scenario::load::{load_library, load_path};

use super::color_stdout;

pub fn analyse_reply(
    file: &Path,
    turn: &str,
    lang: Lang,
    reply: &str,
    json: bool,
    cues: &Cues,
) -> Result<ExitCode, String> {
    let loaded = load_path(file);
    let scenario = loaded
        .scenario
        .ok_or_else(|| loaded.report.render(color_stdout()))?;
    let node = scenario.node(turn).ok_or_else(|| {
        let turns: Vec<&str> = scenario
            .nodes
            .iter()
            .filter(|n| !n.options().is_empty())
            .map(|n| n.id())
            .collect();
        format!(
            "{} has no customer turn `{turn}`; its turns are: {}",
            file.display(),
            turns.join(", ")
        )
    })?;
    if node.options().is_empty() {
        return Err(format!(
            "`{turn}` is an ending: there is nothing to reply to"
        ));
    }
    let analysis = analyse_in(reply, &scenario, node, lang, cues);
    if json {
        println!("{}", analysis_json(&analysis));
    } else {
        print!("{}", analysis_text(&analysis, &scenario, turn));
    }
    Ok(ExitCode::SUCCESS)
}

/// The JSON tools read: the fields the issue names, plus the ranking.
fn analysis_json(analysis: &Analysis) -> String {
    let value = json!({
        "option": analysis.option.map_or(-1, |o| o as i64),
        "confidence": analysis.confidence,
        "needs_confirmation": analysis.needs_confirmation,
        "steps": analysis.steps.iter().map(|s| s.id()).collect::<Vec<_>>(),
        "techniques": analysis.techniques.iter().map(|t| t.id()).collect::<Vec<_>>(),
        "anti_patterns": analysis.anti_patterns.iter().map(|a| a.id()).collect::<Vec<_>>(),
        "evidence": analysis.evidence.iter().map(|e| json!({
            "tag": e.tag.id(),
            "rule": e.rule,
            "start": e.span.start,
            "end": e.span.end,
            "words": e.words,
            "reason": {"zh": e.reason.zh, "en": e.reason.en},
        })).collect::<Vec<_>>(),
        "ranked": analysis.ranked,
        "problem": analysis.problem,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn analysis_text(analysis: &Analysis, scenario: &Scenario, turn: &str) -> String {
    let lang = analysis.lang;
    let mut out = String::new();
    if let Some(problem) = analysis.problem {
        let _ = writeln!(out, "note: {}", problem_text(problem, lang));
    }
    let _ = writeln!(out, "{}:", lang.pick("听到的", "heard"));
    if analysis.evidence.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "（没有识别出步骤、技巧或误区）",
                "(no step, technique or anti-pattern)"
            )
        );
    }
    for evidence in &analysis.evidence {
        let _ = writeln!(
            out,
            "  {} «{}» — {} [{}]",
            evidence.tag.label(lang),
            evidence.words,
            evidence.reason.get(lang),
            evidence.rule
        );
    }
    let options = scenario.node(turn).map(|n| n.options()).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}:",
        lang.pick("最接近的作者选项", "closest authored replies")
    );
    for found in &analysis.ranked {
        let text = options.get(found.option).map_or("", |c| c.text.get(lang));
        let _ = writeln!(
            out,
            "  {}. {:.2} (similarity {:.2}; shared: {})  {}",
            found.option + 1,
            found.score,
            found.similarity,
            found.shared.join(" · "),
            text
        );
    }
    let _ = writeln!(
        out,
        "{}: {} · confidence {:.2}{}",
        lang.pick("走向", "leads to"),
        analysis.option.map_or_else(
            || lang.pick("无", "none").to_owned(),
            |o| format!("option {}", o + 1)
        ),
        analysis.confidence,
        if analysis.needs_confirmation {
            lang.pick(
                " · 请学员确认想说的是哪一句",
                " · the trainee would be asked which reply they meant",
            )
        } else {
            ""
        }
    );
    out
}

fn problem_text(problem: crate::engine::reply::analyse::ReplyProblem, lang: Lang) -> &'static str {
    use crate::engine::reply::analyse::ReplyProblem;
    match problem {
        ReplyProblem::Empty => {
            lang.pick("回复里没有可读的文字。", "the reply has no words to read.")
        }
        ReplyProblem::OtherLanguage => lang.pick(
            "回复不是用练习的语言写的。",
            "the reply is not in the language being practised.",
        ),
        ReplyProblem::TooLong => lang.pick(
            "回复太长，只读了前 2000 个字符。",
            "the reply is long; only its first 2,000 characters were read.",
        ),
    }
}

pub fn eval_replies(
    files: &[PathBuf],
    scenarios: &Path,
    json: bool,
    misses: bool,
    cues: &Cues,
) -> Result<ExitCode, String> {
    let mut replies = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        replies.extend(parse_labelled(&file.display().to_string(), &text)?);
    }
    let library: HashMap<String, Scenario> = load_library(&[scenarios.to_path_buf()])
        .into_iter()
        .filter_map(|file| file.scenario)
        .map(|scenario| (scenario.id.clone(), scenario))
        .collect();
    let evaluation = evaluate(&replies, &library, cues);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "replies": evaluation.replies,
                "skipped": evaluation.skipped,
                "option_top1": evaluation.option_accuracy(),
                "option_top2": evaluation.option_top2_accuracy(),
                "confirm_rate": evaluation.confirm_rate(),
                "steps_micro_f1": evaluation.steps.f1(),
                "techniques_micro_f1": evaluation.techniques.f1(),
                "anti_patterns_micro_f1": evaluation.anti_patterns.f1(),
                "per_tag": evaluation.per_tag.iter().map(|(tag, c)| (tag.clone(), json!({
                    "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                    "tp": c.true_positives, "fp": c.false_positives, "fn": c.false_negatives,
                }))).collect::<serde_json::Map<_, _>>(),
            }))
            .unwrap_or_default()
        );
    } else {
        print!("{}", evaluation.report());
        if misses {
            println!("\nmisses:");
            for miss in &evaluation.misses {
                println!(
                    "  {}: option {} (expected {}); missing [{}]; extra [{}]",
                    miss.id,
                    miss.found_option,
                    miss.expected_option,
                    miss.missing.join(", "),
                    miss.extra.join(", ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
