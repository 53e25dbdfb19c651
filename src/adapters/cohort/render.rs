//! The cohort report as HTML (one self-contained file: inline styles and SVG charts, no scripts,
//! every text escaped by maud), Markdown, or CSV (one row per learner).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::adapters::cohort::Cohort;
use crate::adapters::cohort::summary::{LearnerRow, StepRow};
use crate::adapters::report::escape_markdown;
use crate::engine::domain::{Lang, Step};

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

fn trend_text(trend: f64) -> String {
    if trend.abs() < 0.05 {
        "±0".to_owned()
    } else {
        format!("{trend:+.1}")
    }
}

fn weakest_text(row: &LearnerRow, lang: Lang) -> String {
    row.weakest
        .map(|(step, score)| format!("{} ({score:.0})", step.label(lang)))
        .unwrap_or_default()
}

/// A cell a spreadsheet will not run as a formula: a name starting with `=`, `+`, `-` or `@` is
/// quoted with a leading apostrophe.
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// One row per learner: sessions, last, average, trend, weakest step, and each step's average.
pub fn csv(cohort: &Cohort) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "learner",
        "id",
        "sessions",
        "last",
        "average",
        "trend",
        "weakest_step",
    ];
    header.extend(Step::ALL.iter().map(|s| s.id()));
    writer.write_record(&header).map_err(|e| e.to_string())?;
    for row in &cohort.learners {
        let mut fields = vec![
            spreadsheet_safe(&row.name),
            spreadsheet_safe(&row.key),
            row.sessions.to_string(),
            format!("{:.1}", row.last),
            format!("{:.1}", row.average),
            format!("{:.1}", row.trend),
            row.weakest.map(|w| w.0.id().to_owned()).unwrap_or_default(),
        ];
        fields.extend(row.steps.iter().map(|s| format!("{s:.1}")));
        writer.write_record(&fields).map_err(|e| e.to_string())?;
    }
    String::from_utf8(writer.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

pub fn markdown(cohort: &Cohort, lang: Lang) -> String {
    let mut out = format!(
        "# {}\n\n{}\n\n",
        t(lang, "培训班练习报告", "Class practice report"),
        period(cohort, lang)
    );
    if let Some(step) = cohort.weakest_step {
        out.push_str(&format!(
            "**{}** {}\n\n",
            t(lang, "全班最弱的一步：", "Where the class is weakest:"),
            step.label(lang)
        ));
    }
    out.push_str(&format!(
        "## {}\n\n| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---|\n",
        t(lang, "学员", "Learners"),
        t(lang, "学员", "Learner"),
        t(lang, "次数", "Sessions"),
        t(lang, "最近", "Last"),
        t(lang, "平均", "Average"),
        t(lang, "趋势", "Trend"),
        t(lang, "最弱步骤", "Weakest step"),
    ));
    for row in &cohort.learners {
        out.push_str(&format!(
            "| {} | {} | {:.1} | {:.1} | {} | {} |\n",
            escape_markdown(&row.name),
            row.sessions,
            row.last,
            row.average,
            trend_text(row.trend),
            weakest_text(row, lang)
        ));
    }
    out.push_str(&format!(
        "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---|\n",
        t(lang, "情景", "Scenarios"),
        t(lang, "情景", "Scenario"),
        t(lang, "次数", "Attempts"),
        t(lang, "平均", "Average"),
        t(lang, "升级率", "Escalated"),
        t(lang, "最常见误区", "Most frequent anti-patterns"),
    ));
    for row in &cohort.scenarios {
        let anti: Vec<String> = row
            .anti_patterns
            .iter()
            .map(|(a, n)| format!("{} ×{n}", a.label(lang)))
            .collect();
        out.push_str(&format!(
            "| {} | {} | {:.1} | {:.0}% | {} |\n",
            escape_markdown(row.title.get(lang)),
            row.attempts,
            row.average,
            row.escalated * 100.0,
            escape_markdown(&anti.join(", "))
        ));
    }
    out.push_str(&format!(
        "\n## {}\n\n| {} | {} | {} | {} |\n|---|---:|---:|---:|\n",
        t(lang, "共情六步骤", "The six steps"),
        t(lang, "步骤", "Step"),
        t(lang, "全班平均", "Class average"),
        t(lang, "前半", "Earlier half"),
        t(lang, "后半", "Later half"),
    ));
    for row in &cohort.steps {
        out.push_str(&format!(
            "| {}. {} | {:.1} | {:.1} | {:.1} |\n",
            row.step.number(),
            row.step.label(lang),
            row.average,
            row.earlier,
            row.later
        ));
    }
    out
}

fn period(cohort: &Cohort, lang: Lang) -> String {
    let day = |when: &Option<String>| {
        when.as_deref()
            .map(|w| w.chars().take(10).collect::<String>())
    };
    match (day(&cohort.first), day(&cohort.last)) {
        (Some(first), Some(last)) => match lang {
            Lang::Zh => format!(
                "{} 名学员，{} 次练习，{first} 至 {last}",
                cohort.learners.len(),
                cohort.sessions
            ),
            Lang::En => format!(
                "{} learner(s), {} session(s), {first} to {last}",
                cohort.learners.len(),
                cohort.sessions
            ),
        },
        _ => t(lang, "还没有练习记录。", "No sessions yet.").to_owned(),
    }
}

/// Horizontal bars, 0–100, one per step: the class's earlier and later half.
fn steps_chart(rows: &[StepRow], lang: Lang) -> Markup {
    let (label_width, bar_width, row_height) = (190.0, 360.0, 34.0);
    let height = row_height * rows.len() as f64 + 30.0;
    let width = label_width + bar_width + 60.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height) role="img"
            aria-label=(t(lang, "六步骤得分：前半与后半", "Six-step scores, earlier and later half")) {
            @for (index, row) in rows.iter().enumerate() {
                @let y = 10.0 + row_height * index as f64;
                text x="0" y=(y + 14.0) font-size="13" fill="#2b2f33" {
                    (format!("{}. {}", row.step.number(), row.step.label(lang)))
                }
                rect x=(label_width) y=(y) width=(bar_width * row.earlier / 100.0) height="11" fill="#b9cfcc" {}
                rect x=(label_width) y=(y + 13.0) width=(bar_width * row.later / 100.0) height="11" fill="#2f7d7a" {}
                text x=(label_width + bar_width * row.later.max(row.earlier) / 100.0 + 6.0) y=(y + 22.0)
                    font-size="12" fill="#6b7278" { (format!("{:.0} → {:.0}", row.earlier, row.later)) }
            }
            text x=(label_width) y=(height - 4.0) font-size="11" fill="#6b7278" {
                (t(lang, "浅色：各学员前半的练习；深色：后半", "light: each learner's earlier half of sessions; dark: the later half"))
            }
        }
    }
}

/// A small bar for a 0–100 score inside a table cell.
fn score_bar(score: f64) -> Markup {
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width="104" height="12" {
            rect x="0" y="1" width="100" height="10" fill="#eef1f5" {}
            rect x="0" y="1" width=(score.clamp(0.0, 100.0)) height="10" fill="#2f7d7a" {}
        }
    }
}

const STYLE: &str = "body{font-family:'Noto Sans','Noto Sans SC',sans-serif;color:#2b2f33;\
background:#f6f4ef;margin:2em auto;max-width:60em;padding:0 1em}table{border-collapse:collapse;\
width:100%;background:#fff;margin-bottom:1.5em}th,td{padding:.4em .6em;border-bottom:1px solid \
#e4e0d8;text-align:left}td.n{text-align:right}h1{color:#2f7d7a}.weak{color:#b86e1e;font-weight:600}";

pub fn html(cohort: &Cohort, lang: Lang) -> String {
    let title = t(lang, "培训班练习报告", "Class practice report");
    let page = html! {
        (DOCTYPE)
        html lang=(lang.pick("zh-CN", "en")) {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (title) }
                p { (period(cohort, lang)) }
                @if let Some(step) = cohort.weakest_step {
                    p.weak { (t(lang, "全班最弱的一步：", "Where the class is weakest: ")) (step.label(lang)) }
                }
                h2 { (t(lang, "共情六步骤", "The six steps")) }
                (steps_chart(&cohort.steps, lang))
                h2 { (t(lang, "学员", "Learners")) }
                table {
                    tr {
                        th { (t(lang, "学员", "Learner")) } th { (t(lang, "次数", "Sessions")) }
                        th { (t(lang, "最近", "Last")) } th { (t(lang, "平均", "Average")) }
                        th { (t(lang, "趋势", "Trend")) } th { (t(lang, "最弱步骤", "Weakest step")) }
                    }
                    @for row in &cohort.learners {
                        tr {
                            td { (row.name) } td.n { (row.sessions) }
                            td.n { (format!("{:.1}", row.last)) }
                            td { (score_bar(row.average)) " " (format!("{:.1}", row.average)) }
                            td.n { (trend_text(row.trend)) }
                            td { (weakest_text(row, lang)) }
                        }
                    }
                }
                h2 { (t(lang, "情景", "Scenarios")) }
                table {
                    tr {
                        th { (t(lang, "情景", "Scenario")) } th { (t(lang, "次数", "Attempts")) }
                        th { (t(lang, "平均", "Average")) } th { (t(lang, "升级率", "Escalated")) }
                        th { (t(lang, "最常见误区", "Most frequent anti-patterns")) }
                    }
                    @for row in &cohort.scenarios {
                        tr {
                            td { (row.title.get(lang)) } td.n { (row.attempts) }
                            td { (score_bar(row.average)) " " (format!("{:.1}", row.average)) }
                            td.n { (format!("{:.0}%", row.escalated * 100.0)) }
                            td {
                                @for (index, (anti, count)) in row.anti_patterns.iter().enumerate() {
                                    @if index > 0 { ", " }
                                    (anti.label(lang)) " ×" (count)
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::cohort::CohortSession;
    use crate::engine::domain::Outcome;
    use crate::engine::scenario::Text;

    #[test]
    fn every_format_carries_the_numbers_and_the_html_escapes_names() {
        let sessions = vec![CohortSession {
            learner: "<script>alert(1)</script>".into(),
            learner_key: "x@example.org".into(),
            scenario: "late".into(),
            title: Text::new("延误", "Late <b>"),
            when: "2026-11-24T10:00:00Z".into(),
            score: 72.5,
            outcome: Outcome::Resolved,
            steps: Step::ALL.iter().map(|s| (*s, 60.0)).collect(),
            anti_patterns: vec![],
        }];
        let cohort = Cohort::of(&sessions);
        let page = html(&cohort, Lang::En);
        assert!(!page.contains("<script>"), "names are escaped");
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("Late &lt;b&gt;"));
        assert!(page.contains("72.5"));
        assert!(!page.contains("<script"), "no scripts at all");
        assert!(markdown(&cohort, Lang::Zh).contains("| 1 | 72.5 | 72.5 |"));
        assert!(
            csv(&cohort)
                .unwrap()
                .contains("x@example.org,1,72.5,72.5,0.0")
        );
    }
}
