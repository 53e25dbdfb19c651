//! Reports of finished sessions for trainees and trainers: Markdown, a self-contained HTML page,
//! and a per-session summary table (CSV or Markdown) with averages per step.
//!
//! What a session report says comes from the engine's [`Debrief`], as in the app. Scenario text
//! is authored by people, so everything printed is escaped for its format.

use std::fmt::Write as _;

use crate::adapters::records::date_of;
use crate::engine::debrief::{Band, Debrief, improvements_heading, strengths_heading};
use crate::engine::domain::{Lang, Step};
use crate::engine::play::rubric::Rubric;
use crate::engine::play::session::SessionRecord;

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
.strengths h2{color:#3c8d5a}.improvements h2{color:#b86e1e}";

fn band_color(band: Band) -> &'static str {
    match band {
        Band::Strong => "#3c8d5a",
        Band::Fair => "#b86e1e",
        Band::Weak => "#b54545",
    }
}

fn svg_chart(debrief: &Debrief, lang: Lang) -> String {
    let mut svg = String::from(
        "<svg viewBox=\"0 0 620 240\" width=\"100%\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    for (i, (step, score)) in debrief.steps.iter().enumerate() {
        let x = 20 + i * 100;
        let height = (score * 1.8).round() as i64;
        let color = band_color(debrief.band(*score));
        let _ = write!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"70\" height=\"{height}\" fill=\"{color}\"><title>{} {:.0}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\">{:.0}</text>\
             <text x=\"{}\" y=\"225\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            200 - height,
            escape_html(step.label(lang)),
            score,
            x + 35,
            195 - height,
            score,
            x + 35,
            escape_html(step.label(lang)),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A self-contained HTML page (no scripts, no external resources).
pub fn html(record: &SessionRecord, rubric: &Rubric, lang: Lang) -> String {
    let e = escape_html;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Rapport · {}</title><style>{STYLE}</style></head><body>",
        lang.code(),
        e(record.scenario_title.get(lang))
    );
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"muted\">{} · {} · seed {}</p>",
        e(record.scenario_title.get(lang)),
        date_of(record.started_at),
        e(record.persona_name.get(lang)),
        record.seed
    );
    let Some(debrief) = Debrief::of(record, rubric) else {
        let _ = writeln!(
            out,
            "<p>{}</p></header></body></html>",
            label(lang, "（未完成的练习）", "(unfinished session)")
        );
        return out;
    };
    let _ = write!(
        out,
        "<p class=\"score\">{:.0}</p><p><strong>{} {} · {}</strong> · {}</p>",
        debrief.overall,
        label(lang, "等级", "Grade"),
        e(&debrief.grade),
        e(debrief.grade_label.get(lang)),
        debrief.outcome.label(lang)
    );
    if let Some(text) = &debrief.ending_text {
        let _ = write!(out, "<p><em>{}</em></p>", e(text.get(lang)));
    }
    let _ = write!(
        out,
        "</header><section><h2>{}</h2>{}</section>",
        label(lang, "共情六步骤", "The six steps"),
        svg_chart(&debrief, lang)
    );
    let _ = write!(
        out,
        "<section class=\"strengths\"><h2>{}</h2><ul>",
        strengths_heading(lang)
    );
    if debrief.strengths.is_empty() {
        let _ = write!(out, "<li>{}</li>", e(&debrief.no_strengths(lang)));
    }
    for (step, score) in &debrief.strengths {
        let _ = write!(out, "<li>{} ({score:.0})</li>", e(step.label(lang)));
    }
    let _ = write!(
        out,
        "</ul></section><section class=\"improvements\"><h2>{}</h2><ul>",
        improvements_heading(lang)
    );
    if debrief.improvements.is_empty() {
        let _ = write!(out, "<li>{}</li>", e(&debrief.no_improvements(lang)));
    }
    for item in &debrief.improvements {
        let _ = write!(
            out,
            "<li><strong>{} ({:.0})</strong> — {}{}</li>",
            e(item.step.label(lang)),
            item.score,
            e(&turn_prefix(lang, item.turn)),
            e(item.advice.get(lang))
        );
    }
    let _ = write!(
        out,
        "</ul></section><section><h2>{}</h2>",
        label(lang, "逐回合反馈", "Turn by turn")
    );
    for turn in &debrief.turns {
        let _ = write!(
            out,
            "<div class=\"turn\"><p><strong>{} {}</strong></p><p class=\"muted\">{}: {}</p><p>{}: {}</p><p class=\"feedback\">{}</p>",
            label(lang, "回合", "Turn"),
            turn.turn,
            e(debrief.persona_name.get(lang)),
            e(turn.customer.get(lang)),
            label(lang, "你", "You"),
            e(turn.response.get(lang)),
            e(turn.feedback.get(lang))
        );
        if let Some(heard) = turn.heard_line(lang) {
            let _ = write!(out, "<p class=\"heard\">{}</p>", e(&heard));
        }
        for better in &turn.better {
            let _ = write!(
                out,
                "<p class=\"anti\">{}: {}</p>",
                label(lang, "更好的做法", "Better move"),
                e(better.get(lang))
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</section></body></html>\n");
    out
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
