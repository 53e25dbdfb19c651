//! `rapport bounds`: the lowest and highest overall score a scenario can give and the paths that
//! reach them; with `--options`, each option's range of reachable scores, as the branch map shows.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use crate::engine::analysis::bounds::{
    Bounds, ScoredPath, bounds as compute_bounds, bounds_through,
};
use crate::engine::analysis::policy::{Policy, play_session};
use crate::engine::analysis::spread::{Spread, random_spread};
use crate::engine::analysis::surface::{Cue, SurfaceCues};
use crate::engine::domain::{Lang, Outcome};
use crate::engine::play::rubric::Rubric;
use crate::engine::scenario::{Node, Scenario};

use super::play::load_valid;

/// The scores still reachable after choosing one option.
#[derive(Clone, Debug, Serialize)]
pub struct OptionRange {
    pub node: String,
    /// From 1, as written in the file.
    pub option: usize,
    /// `None` when no session can take the option.
    pub lowest: Option<f64>,
    pub highest: Option<f64>,
}

/// What a test-wise trainee scores by always choosing on a surface cue.
#[derive(Clone, Debug, Serialize)]
pub struct Baseline {
    /// `longest`, `shortest` or `keywords`.
    pub policy: &'static str,
    pub lang: Lang,
    pub score: f64,
    pub outcome: Option<Outcome>,
}

/// The surface policies (longest, shortest, most empathy words) played in each language.
pub fn baselines(scenario: &Arc<Scenario>, rubric: &Arc<Rubric>) -> Vec<Baseline> {
    let mut found = Vec::new();
    for cue in Cue::ALL {
        for lang in Lang::ALL {
            let policy = Policy::Surface(cue, lang);
            let record = play_session(scenario.clone(), rubric.clone(), policy, 0, 0).record();
            found.push(Baseline {
                policy: cue.name(),
                lang,
                score: record.score.as_ref().map_or(0.0, |card| card.overall),
                outcome: record.outcome,
            });
        }
    }
    found
}

#[derive(Serialize)]
struct BoundsOutput<'a> {
    #[serde(flatten)]
    bounds: &'a Bounds,
    baselines: &'a [Baseline],
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<&'a [OptionRange]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    random: Option<&'a Spread>,
}

pub fn bounds(
    file: &Path,
    rubric: Rubric,
    json: bool,
    with_options: bool,
    random: Option<u64>,
    lang: Lang,
) -> Result<ExitCode, String> {
    let scenario = Arc::new(load_valid(file)?);
    let rubric = Arc::new(rubric);
    let result = compute_bounds(&scenario, &rubric, scenario.persona.emotions)
        .ok_or_else(|| "the scenario has no start node".to_owned())?;
    let ranges = with_options.then(|| option_ranges(&scenario, &rubric));
    let baselines = baselines(&scenario, &rubric);
    let spread = random.map(|seeds| random_spread(&scenario, &rubric, seeds));
    if json {
        let output = BoundsOutput {
            bounds: &result,
            baselines: &baselines,
            options: ranges.as_deref(),
            random: spread.as_ref(),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Texts read as the trainee sees them: `{address}` filled with the persona's name.
    let persona = &scenario.persona;
    let shown = scenario.personalised(&persona.name, persona.address_or_name());
    print!("{}", bounds_text(&shown, &result, lang));
    print!("{}", baselines_text(&baselines, lang));
    let cues = SurfaceCues::of(&scenario);
    println!(
        "{} {} / {} / {} ({})",
        lang.pick(
            "最佳回复同时是最长的回合：",
            "turns where the best reply is also the longest:"
        ),
        cues.longest[0],
        cues.longest[1],
        cues.turns,
        lang.pick(
            "中文 / 英文 / 有明确最佳回复的回合",
            "Chinese / English / turns with one best reply"
        )
    );
    if let Some(spread) = &spread {
        print!("{}", spread_text(spread, lang));
    }
    if let Some(ranges) = &ranges {
        print!("{}", option_ranges_text(&shown, ranges, lang));
    }
    Ok(ExitCode::SUCCESS)
}

fn spread_text(spread: &Spread, lang: Lang) -> String {
    format!(
        "{} {} {}: {} {:.1}–{:.1}, {} {:.1}; {} {} ({:.1}%); {} {}, {} {} ({:.1}%)\n",
        lang.pick("随机练习", "random play,"),
        spread.sessions,
        lang.pick("次", "seeds"),
        lang.pick("得分", "scores"),
        spread.lowest,
        spread.highest,
        lang.pick("平均", "mean"),
        spread.mean,
        lang.pick("恰为 0 分", "exactly 0:"),
        spread.zeros,
        spread.zero_share() * 100.0,
        lang.pick("不同对话记录", "different transcripts:"),
        spread.transcripts,
        lang.pick(
            "与做法不同的记录同分",
            "sharing a score with different moves:"
        ),
        spread.tied,
        spread.tie_share() * 100.0,
    )
}

fn baselines_text(baselines: &[Baseline], lang: Lang) -> String {
    let mut out = String::new();
    for (name, zh, en) in [
        ("longest", "总选最长回复：", "always the longest reply:"),
        ("shortest", "总选最短回复：", "always the shortest reply:"),
        (
            "keywords",
            "总选共情词最多的回复：",
            "always the most empathy words:",
        ),
    ] {
        let scores: Vec<String> = baselines
            .iter()
            .filter(|b| b.policy == name)
            .map(|b| {
                let outcome = b.outcome.map_or("-", |o| o.label(lang));
                let language = match b.lang {
                    Lang::Zh => lang.pick("中文", "Chinese"),
                    Lang::En => lang.pick("英文", "English"),
                };
                format!("{:.1} ({outcome}, {language})", b.score)
            })
            .collect();
        let _ = writeln!(
            out,
            "{} {}",
            lang.pick(zh, en),
            scores.join(lang.pick("；", "; "))
        );
    }
    out
}

/// Every option's score range, computed on both cores.
pub fn option_ranges(scenario: &Scenario, rubric: &Rubric) -> Vec<OptionRange> {
    let options: Vec<(usize, usize)> = scenario
        .nodes
        .iter()
        .enumerate()
        .flat_map(|(node, n)| (0..n.options().len()).map(move |option| (node, option)))
        .collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = options.len().div_ceil(workers).max(1);
    let range = |&(node, option): &(usize, usize)| {
        let found = bounds_through(scenario, rubric, scenario.persona.emotions, node, option);
        OptionRange {
            node: scenario.nodes[node].id().to_owned(),
            option: option + 1,
            lowest: found.as_ref().map(|b| b.worst.score),
            highest: found.as_ref().map(|b| b.best.score),
        }
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = options
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(range).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            // A search that panicked is a bug to report, not options to print as unreachable.
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    })
}

fn option_ranges_text(scenario: &Scenario, ranges: &[OptionRange], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "各选项之后仍可达到的总分（最低–最高）：",
            "overall score still reachable after each option (lowest–highest):"
        )
    );
    for node in &scenario.nodes {
        let Node::Turn {
            id,
            customer,
            options,
            ..
        } = node
        else {
            continue;
        };
        let _ = writeln!(out, "{id}: {}", clipped(customer.get(lang), 70));
        for (index, choice) in options.iter().enumerate() {
            let range = ranges
                .iter()
                .find(|r| r.node == *id && r.option == index + 1)
                .and_then(|r| Some((r.lowest?, r.highest?)));
            let shown = match range {
                Some((low, high)) => format!("{low:>5.1}–{high:<5.1}"),
                None => format!("{:<11}", lang.pick("无法到达", "unreachable")),
            };
            let _ = writeln!(
                out,
                "  {}. {shown}  {}",
                index + 1,
                clipped(choice.text.get(lang), 60)
            );
        }
    }
    out
}

/// The first `limit` characters, with an ellipsis when cut.
fn clipped(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

fn path_text(scenario: &Scenario, path: &ScoredPath, lang: Lang) -> String {
    let mut out = String::new();
    let ending = path
        .ending
        .as_ref()
        .map(|e| format!(" {} {e}", lang.pick("于", "at")))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{:.1} ({}{ending})",
        path.score,
        path.outcome.label(lang)
    );
    for step in &path.steps {
        let text = scenario
            .node(&step.node)
            .and_then(|n| n.options().get(step.option))
            .map(|c| c.text.get(lang))
            .unwrap_or("");
        let _ = writeln!(
            out,
            "    {} {} {}: {}",
            step.node,
            lang.pick("选项", "option"),
            step.option + 1,
            text
        );
    }
    out
}

pub fn bounds_text(scenario: &Scenario, bounds: &Bounds, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", scenario.title.get(lang), scenario.id);
    let _ = write!(
        out,
        "{} {}",
        lang.pick("最高可达：", "highest reachable:"),
        path_text(scenario, &bounds.best, lang)
    );
    let _ = write!(
        out,
        "{} {}",
        lang.pick("最低可达：", "lowest reachable: "),
        path_text(scenario, &bounds.worst, lang)
    );
    let how = match (bounds.exact, lang) {
        (true, Lang::Zh) => "精确",
        (true, Lang::En) => "exact",
        (false, Lang::Zh) => "剪枝搜索：两条路径都可达到，但未必是极值",
        (false, Lang::En) => "pruned search: bounds are reachable but may not be the extremes",
    };
    let _ = writeln!(
        out,
        "{} {}; {how}",
        bounds.states,
        lang.pick("个状态已探索", "states explored")
    );
    out
}
