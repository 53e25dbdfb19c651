//! Reports of finished sessions for trainees and trainers: Markdown, a self-contained HTML page,
//! and a per-session summary table (CSV or Markdown) with averages per step.
//!
//! What a session report says comes from the engine's [`Debrief`], as in the app. Scenario text
//! is authored by people, so everything printed is escaped for its format: the HTML is written
//! with maud, which escapes every text at compile-time-checked places, as the cohort report is.

use std::fmt::Write as _;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::adapters::records::date_of;
use crate::engine::debrief::{Band, Debrief, improvements_heading, round_line, strengths_heading};
use crate::engine::domain::{Lang, Step};
use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::{GroupRound, SessionRecord};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown: no raw HTML, no accidental emphasis, tables or links.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn label(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

/// "Turn N: " before an improvement that names its turn.
fn turn_prefix(lang: Lang, turn: Option<usize>) -> String {
    turn.map(|t| {
        format!(
            "{} {t}{}",
            label(lang, "回合", "Turn"),
            label(lang, "：", ": ")
        )
    })
    .unwrap_or_default()
}

pub fn markdown(record: &SessionRecord, rubric: &Rubric, lang: Lang) -> String {
    let mut out = String::new();
    let e = escape_markdown;
    let _ = writeln!(out, "# {}", e(record.scenario_title.get(lang)));
    let _ = writeln!(
        out,
        "\n{}: {} · {}: {} · seed {}\n",
        label(lang, "日期", "Date"),
        date_of(record.started_at),
        label(lang, "客户", "Customer"),
        e(record.persona_name.get(lang)),
        record.seed
    );
    let Some(debrief) = Debrief::of(record, rubric) else {
        out.push_str(label(lang, "（未完成的练习）\n", "(unfinished session)\n"));
        return out;
    };
    let _ = writeln!(
        out,
        "**{}: {:.1}/100 · {} {} ({}) · {}**\n",
        label(lang, "总分", "Overall"),
        debrief.overall,
        label(lang, "等级", "grade"),
        e(&debrief.grade),
        e(debrief.grade_label.get(lang)),
        debrief.outcome.label(lang)
    );
    if let Some(text) = &debrief.ending_text {
        let _ = writeln!(out, "> {}\n", e(text.get(lang)));
    }
    let _ = writeln!(out, "## {}\n", label(lang, "共情六步骤", "The six steps"));
    let _ = writeln!(
        out,
        "| # | {} | {} | {} |",
        label(lang, "步骤", "Step"),
        label(lang, "得分", "Score"),
        label(lang, "回合", "Turns")
    );
    let _ = writeln!(out, "|---|---|---|---|");
    let card = record.score.as_ref();
    for (step, score) in &debrief.steps {
        let turns: Vec<String> = card
            .and_then(|c| c.steps.iter().find(|s| s.step == *step))
            .map(|s| s.turns.iter().map(|t| t.to_string()).collect())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {} |",
            step.number(),
            step.label(lang),
            score,
            turns.join(", ")
        );
    }
    let _ = writeln!(out, "\n## {}\n", strengths_heading(lang));
    if debrief.strengths.is_empty() {
        let _ = writeln!(out, "{}", debrief.no_strengths(lang));
    }
    for (step, score) in &debrief.strengths {
        let _ = writeln!(out, "- {} ({score:.0})", step.label(lang));
    }
    let _ = writeln!(out, "\n## {}\n", improvements_heading(lang));
    if debrief.improvements.is_empty() {
        let _ = writeln!(out, "{}", debrief.no_improvements(lang));
    }
    for item in &debrief.improvements {
        let _ = writeln!(
            out,
            "- **{} ({:.0})** — {}{}",
            item.step.label(lang),
            item.score,
            turn_prefix(lang, item.turn),
            e(item.advice.get(lang))
        );
    }
    let _ = writeln!(out, "\n## {}\n", label(lang, "逐回合反馈", "Turn by turn"));
    for turn in &debrief.turns {
        let _ = writeln!(out, "### {} {}\n", label(lang, "回合", "Turn"), turn.turn);
        let _ = writeln!(
            out,
            "- **{}**: {}",
            e(debrief.persona_name.get(lang)),
            e(turn.customer.get(lang))
        );
        let _ = writeln!(
            out,
            "- **{}**: {}",
            label(lang, "你", "You"),
            e(turn.response.get(lang))
        );
        if let Some(heard) = turn.heard_line(lang) {
            let _ = writeln!(out, "- {}", e(&heard));
        }
        let _ = writeln!(
            out,
            "- {}: {}",
            label(lang, "点评", "Feedback"),
            e(turn.feedback.get(lang))
        );
        for better in &turn.better {
            let _ = writeln!(
                out,
                "- {}: {}",
                label(lang, "更好的做法", "Better move"),
                e(better.get(lang))
            );
        }
        out.push('\n');
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#2b2f33;background:#f6f4ef}\
section,header{background:#fff;border:1px solid #e4e1da;border-radius:10px;padding:1em 1.2em;margin:1em 0}\
h1{color:#2f7d7a}.score{font-size:3em;color:#2f7d7a;margin:0}.muted{color:#6b7278}\
.turn{border-top:1px solid #eee;padding:.6em 0}.feedback{color:#2f7d7a}.anti{color:#b54545}\
.strengths h2{color:#3c8d5a}.improvements h2{color:#b86e1e}\
table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid #e4e1da;padding:.3em .5em;text-align:left}@media print{body{background:#fff}}";

fn band_color(band: Band) -> &'static str {
    match band {
        Band::Strong => "#3c8d5a",
        Band::Fair => "#b86e1e",
        Band::Weak => "#b54545",
    }
}

/// The six steps as bars, coloured by band.
fn svg_chart(debrief: &Debrief, lang: Lang) -> Markup {
    html! {
        svg viewBox="0 0 620 240" width="100%" role="img" xmlns="http://www.w3.org/2000/svg" {
            @for (i, (step, score)) in debrief.steps.iter().enumerate() {
                @let x = 20 + i * 100;
                @let height = (score * 1.8).round() as i64;
                rect x=(x) y=(200 - height) width="70" height=(height)
                    fill=(band_color(debrief.band(*score))) {
                    title { (step.label(lang)) " " (format!("{score:.0}")) }
                }
                text x=(x + 35) y=(195 - height) font-size="13" text-anchor="middle" {
                    (format!("{score:.0}"))
                }
                text x=(x + 35) y="225" font-size="12" text-anchor="middle" { (step.label(lang)) }
            }
        }
    }
}

/// A self-contained HTML page (no scripts, no external resources), every text escaped by maud.
pub fn html(record: &SessionRecord, rubric: &Rubric, lang: Lang) -> String {
    let title = record.scenario_title.get(lang);
    let debrief = Debrief::of(record, rubric);
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { "Rapport · " (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.muted {
                        (date_of(record.started_at)) " · " (record.persona_name.get(lang))
                        " · seed " (record.seed)
                    }
                    @if let Some(round) = &record.group {
                        p { (round_line(round, lang)) }
                    }
                    @match &debrief {
                        None => p { (label(lang, "（未完成的练习）", "(unfinished session)")) },
                        Some(debrief) => {
                            p.score { (format!("{:.0}", debrief.overall)) }
                            p {
                                strong {
                                    (label(lang, "等级", "Grade")) " " (debrief.grade) " · "
                                    (debrief.grade_label.get(lang))
                                }
                                " · " (debrief.outcome.label(lang))
                            }
                            @if let Some(text) = &debrief.ending_text {
                                p { em { (text.get(lang)) } }
                            }
                        }
                    }
                }
                @if let Some(debrief) = &debrief {
                    (debrief_sections(debrief, lang))
                }
            }
        }
    };
    page.into_string() + "\n"
}

/// What to improve, with the turn and the better move.
fn improvements_list(debrief: &Debrief, lang: Lang) -> Markup {
    html! {
        ul {
            @if debrief.improvements.is_empty() {
                li { (debrief.no_improvements(lang)) }
            }
            @for item in &debrief.improvements {
                li {
                    strong { (item.step.label(lang)) (format!(" ({:.0})", item.score)) }
                    " — " (turn_prefix(lang, item.turn)) (item.advice.get(lang))
                }
            }
        }
    }
}

fn debrief_sections(debrief: &Debrief, lang: Lang) -> Markup {
    html! {
        section {
            h2 { (label(lang, "共情六步骤", "The six steps")) }
            (svg_chart(debrief, lang))
        }
        section class="strengths" {
            h2 { (strengths_heading(lang)) }
            ul {
                @if debrief.strengths.is_empty() {
                    li { (debrief.no_strengths(lang)) }
                }
                @for (step, score) in &debrief.strengths {
                    li { (step.label(lang)) (format!(" ({score:.0})")) }
                }
            }
        }
        section class="improvements" {
            h2 { (improvements_heading(lang)) }
            (improvements_list(debrief, lang))
        }
        section {
            h2 { (label(lang, "逐回合反馈", "Turn by turn")) }
            @for turn in &debrief.turns {
                div.turn {
                    p { strong { (label(lang, "回合", "Turn")) " " (turn.turn) } }
                    p.muted { (debrief.persona_name.get(lang)) ": " (turn.customer.get(lang)) }
                    p { (label(lang, "你", "You")) ": " (turn.response.get(lang)) }
                    p.feedback { (turn.feedback.get(lang)) }
                    @if let Some(heard) = turn.heard_line(lang) {
                        p.heard { (heard) }
                    }
                    @if let Some(marked) = debrief.marked_line(turn, lang) {
                        p.heard { (marked) }
                    }
                    @for better in &turn.better {
                        p.anti { (label(lang, "更好的做法", "Better move")) ": " (better.get(lang)) }
                    }
                }
            }
        }
    }
}

/// A group's rounds on one printable page, for the trainer's wall or LMS: who played which
/// part, each round's score, outcome and six steps, and where the agent can grow. Rounds that
/// are not group practice are left out.
pub fn group_html(records: &[SessionRecord], rubric: &Rubric, lang: Lang) -> String {
    let rounds: Vec<(&SessionRecord, &GroupRound, Debrief)> = records
        .iter()
        .filter_map(|r| Some((r, r.group.as_ref()?, Debrief::of(r, rubric)?)))
        .collect();
    let members = rounds
        .first()
        .map(|(_, round, _)| round.members.join(lang.pick("、", ", ")))
        .unwrap_or_default();
    let page = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                title { "Rapport · " (label(lang, "小组演练", "Group practice")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (label(lang, "小组演练 · 每轮小结", "Group practice · round summary")) }
                    p.muted { (members) }
                }
                table {
                    tr {
                        th { (label(lang, "轮次", "Round")) }
                        th { (label(lang, "客服", "Agent")) }
                        th { (label(lang, "客户", "Customer")) }
                        th { (label(lang, "观察员", "Observer")) }
                        th { (label(lang, "情景", "Scenario")) }
                        th { (label(lang, "得分", "Score")) }
                        th { (label(lang, "结果", "Outcome")) }
                        @for step in Step::ALL {
                            th { (step.number()) }
                        }
                    }
                    @for (record, round, debrief) in &rounds {
                        tr {
                            td { (round.round) }
                            td { strong { (round.agent) } }
                            td { (round.customer) }
                            td { (round.observer) }
                            td { (record.scenario_title.get(lang)) }
                            td { (format!("{:.0}", debrief.overall)) " " (debrief.grade) }
                            td { (debrief.outcome.label(lang)) }
                            @for (_, score) in &debrief.steps {
                                td style=(format!("color:{}", band_color(debrief.band(*score)))) {
                                    (format!("{score:.0}"))
                                }
                            }
                        }
                    }
                }
                p.muted {
                    @for step in Step::ALL {
                        (step.number()) " " (step.label(lang)) "  "
                    }
                }
                @for (_, round, debrief) in &rounds {
                    section.improvements {
                        h2 { (round_line(round, lang)) }
                        (improvements_list(debrief, lang))
                    }
                }
            }
        }
    };
    page.into_string() + "\n"
}

/// One row per session and the average of each step, for trainers.
pub fn summary_csv(records: &[SessionRecord]) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "date", "scenario", "version", "customer", "seed", "outcome", "overall", "grade",
    ];
    header.extend(Step::ALL.iter().map(|s| s.id()));
    writer.write_record(&header).map_err(|e| e.to_string())?;
    for record in records {
        let Some(card) = &record.score else { continue };
        let mut row = vec![
            date_of(record.started_at),
            record.scenario_id.clone(),
            record.scenario_version.to_string(),
            record.persona_name.en.clone(),
            record.seed.to_string(),
            card.outcome.id().to_owned(),
            format!("{:.1}", card.overall),
            card.grade.clone(),
        ];
        row.extend(Step::ALL.iter().map(|s| format!("{:.0}", card.step(*s))));
        writer.write_record(&row).map_err(|e| e.to_string())?;
    }
    let averages = step_averages(records);
    let mut row = vec![
        "average".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    row.push(format!("{:.1}", averages.0));
    row.push(String::new());
    row.extend(averages.1.iter().map(|a| format!("{a:.1}")));
    writer.write_record(&row).map_err(|e| e.to_string())?;
    String::from_utf8(writer.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

pub fn summary_markdown(records: &[SessionRecord], lang: Lang) -> String {
    let mut out = String::new();
    let steps: Vec<String> = Step::ALL.iter().map(|s| s.number().to_string()).collect();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        label(lang, "日期", "Date"),
        label(lang, "情景", "Scenario"),
        label(lang, "结果", "Outcome"),
        label(lang, "总分", "Overall"),
        label(lang, "等级", "Grade"),
        steps.join(" | ")
    );
    let _ = writeln!(
        out,
        "|---|---|---|---|---|{}",
        "---|".repeat(Step::ALL.len())
    );
    for record in records {
        let Some(card) = &record.score else { continue };
        let scores: Vec<String> = Step::ALL
            .iter()
            .map(|s| format!("{:.0}", card.step(*s)))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {} | {} |",
            date_of(record.started_at),
            escape_markdown(record.scenario_title.get(lang)),
            card.outcome.label(lang),
            card.overall,
            escape_markdown(&card.grade),
            scores.join(" | ")
        );
    }
    let (overall, steps) = step_averages(records);
    let averages: Vec<String> = steps.iter().map(|a| format!("{a:.1}")).collect();
    let _ = writeln!(
        out,
        "| **{}** | | | {overall:.1} | | {} |",
        label(lang, "平均", "Average"),
        averages.join(" | ")
    );
    let _ = writeln!(
        out,
        "\n{}",
        Step::ALL
            .iter()
            .map(|s| format!("{} = {}", s.number(), s.label(lang)))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    out
}

/// Average overall score and average of each step over the scored sessions.
pub fn step_averages(records: &[SessionRecord]) -> (f64, Vec<f64>) {
    let cards: Vec<_> = records.iter().filter_map(|r| r.score.as_ref()).collect();
    if cards.is_empty() {
        return (0.0, vec![0.0; Step::ALL.len()]);
    }
    let n = cards.len() as f64;
    let overall = cards.iter().map(|c| c.overall).sum::<f64>() / n;
    let steps = Step::ALL
        .iter()
        .map(|s| cards.iter().map(|c| c.step(*s)).sum::<f64>() / n)
        .collect();
    (overall, steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(
            escape_markdown("<b>*hi*</b> | [x]"),
            "&lt;b&gt;\\*hi\\*&lt;/b&gt; \\| \\[x\\]"
        );
    }
}
