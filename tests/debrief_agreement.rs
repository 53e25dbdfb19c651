//! Every rendering of a session gives the same advice: the HTML and Markdown reports, `rapport
//! play`'s transcript and the app's debrief screen all name the strengths and the steps to
//! improve that the engine's `Debrief` decided, and nothing else.

mod common;

use std::process::Command;

use rapport::adapters::report;
use rapport::engine::debrief::{Debrief, improvements_heading, strengths_heading};
use rapport::engine::domain::Lang;
use rapport::engine::play::rubric::Rubric;
use rapport::engine::play::session::SessionRecord;

/// Sessions whose debriefs differ: strong, weak and mixed, in several scenarios.
const PLAYS: &[(&str, &str, &str)] = &[
    ("late_delivery", "best", "0"),
    ("late_delivery", "worst", "0"),
    ("system_outage", "random", "3"),
    ("price_renewal", "random", "5"),
    ("bad_news", "worst", "2"),
];

fn rapport(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(common::repo_path(""))
        .output()
        .expect("rapport runs");
    assert!(output.status.success(), "rapport {args:?} failed");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The record and the text transcript of one played session.
fn played(id: &str, policy: &str, seed: &str, lang: &str) -> (SessionRecord, String) {
    let file = format!("scenarios/{id}.ron");
    let args = [
        "play", &file, "--policy", policy, "--seed", seed, "--lang", lang,
    ];
    let json = rapport(&[&args[..], &["--json"]].concat());
    let record: SessionRecord = serde_json::from_str(&json).expect("a session record");
    (record, rapport(&args))
}

/// The items a rendering lists between two headings (list bullets, trimmed).
fn items_between<'a>(text: &'a str, from: &str, to: &str, bullet: &str) -> Vec<&'a str> {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no `{from}` in:\n{text}"))
        + from.len();
    let end = start + text[start..].find(to).expect("the next heading");
    text[start..end]
        .lines()
        .map(str::trim)
        .filter_map(|line| line.strip_prefix(bullet))
        .map(str::trim)
        .collect()
}

/// What the debrief says, one line per strength or improvement, as "label (score)".
fn decided(debrief: &Debrief, lang: Lang) -> (Vec<String>, Vec<String>) {
    let strengths = debrief
        .strengths
        .iter()
        .map(|(step, score)| format!("{} ({score:.0})", step.label(lang)))
        .collect();
    let improvements = debrief
        .improvements
        .iter()
        .map(|i| format!("{} ({:.0})", i.step.label(lang), i.score))
        .collect();
    (strengths, improvements)
}

#[test]
fn reports_and_play_give_the_debriefs_advice() {
    let rubric = Rubric::builtin();
    let mut seen_strengths = 0;
    let mut seen_improvements = 0;
    for (id, policy, seed) in PLAYS {
        for (lang, code) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
            let (record, transcript) = played(id, policy, seed, code);
            let debrief = Debrief::of(&record, &rubric).expect("a finished session");
            let (strengths, improvements) = decided(&debrief, lang);
            seen_strengths += strengths.len();
            seen_improvements += improvements.len();
            let right = lang.pick("我做对了什么？", "What did I do right?");
            let improve = lang.pick("有哪些可改进？", "What can I improve?");
            assert_eq!(right, strengths_heading(lang));
            assert_eq!(improve, improvements_heading(lang));

            // rapport play
            let listed = items_between(&transcript, right, improve, "• ");
            let empty = debrief.no_strengths(lang);
            if strengths.is_empty() {
                assert!(transcript.contains(&empty), "{id} {policy}: {transcript}");
            }
            assert_eq!(listed, strengths, "{id} {policy} {code}: play's strengths");
            let listed: Vec<String> = items_between(
                &transcript,
                improve,
                lang.pick("总分调整：", "overall adjustments:"),
                "• ",
            )
            .iter()
            .map(|line| line.split(" — ").next().unwrap().to_owned())
            .collect();
            assert_eq!(
                listed, improvements,
                "{id} {policy} {code}: play's improvements"
            );
            for item in &debrief.improvements {
                assert!(transcript.contains(item.advice.get(lang)));
            }

            // Markdown
            let markdown = report::markdown(&record, &rubric, lang);
            let listed = items_between(&markdown, right, improve, "- ");
            assert_eq!(
                listed, strengths,
                "{id} {policy} {code}: Markdown strengths"
            );
            let turn_by_turn = lang.pick("逐回合反馈", "Turn by turn");
            let listed: Vec<String> = items_between(&markdown, improve, turn_by_turn, "- ")
                .iter()
                .map(|line| {
                    line.split(" — ")
                        .next()
                        .unwrap()
                        .trim_matches('*')
                        .to_owned()
                })
                .collect();
            assert_eq!(
                listed, improvements,
                "{id} {policy} {code}: Markdown improvements"
            );

            // HTML
            let html = report::html(&record, &rubric, lang);
            let section = |class: &str| -> Vec<String> {
                let start = html
                    .find(&format!("<section class=\"{class}\">"))
                    .expect("the section");
                let end = start + html[start..].find("</section>").unwrap();
                html[start..end]
                    .split("<li>")
                    .skip(1)
                    .map(|item| {
                        let item = item.split("</li>").next().unwrap();
                        let item = item.split(" — ").next().unwrap();
                        item.replace("<strong>", "")
                            .replace("</strong>", "")
                            .replace("&amp;", "&")
                    })
                    .collect()
            };
            let html_strengths = section("strengths");
            if strengths.is_empty() {
                assert_eq!(html_strengths, [report::escape_html(&empty)]);
            } else {
                assert_eq!(html_strengths, strengths, "{id} {policy} {code}: HTML");
            }
            let html_improvements = section("improvements");
            if improvements.is_empty() {
                assert_eq!(html_improvements.len(), 1);
            } else {
                assert_eq!(
                    html_improvements, improvements,
                    "{id} {policy} {code}: HTML"
                );
            }
        }
    }
    assert!(
        seen_strengths > 0 && seen_improvements > 0,
        "the plays differ"
    );
}

#[cfg(feature = "gui")]
#[test]
fn the_app_debrief_shows_the_same_advice() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};
    use rapport::app::screens::debrief::view::{DebriefView, draw};
    use rapport::app::ui::theme;

    let rubric = Rubric::builtin();
    for (id, policy, seed) in PLAYS {
        let (record, _) = played(id, policy, seed, "en");
        let view = DebriefView::of(&record, &rubric, Lang::En).unwrap();
        let (strengths, improvements) = decided(&view.debrief, Lang::En);
        let advice: Vec<String> = view
            .improvements
            .iter()
            .map(|i| i.advice.en.clone())
            .collect();
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 2400.0))
            .build_ui(move |ui| {
                draw(ui, &view);
            });
        theme::apply(&harness.ctx, Lang::En);
        harness.run();
        let bullets: Vec<String> = harness
            .get_all_by_label_contains("• ")
            .filter_map(|node| {
                let node = node.accesskit_node();
                node.label().or_else(|| node.value())
            })
            .map(|label| label.trim_start_matches("• ").to_owned())
            .collect();
        let expected: Vec<String> = strengths.iter().chain(&improvements).cloned().collect();
        assert_eq!(bullets, expected, "{id} {policy}: the app's debrief");
        for text in advice {
            let shown = harness.get_all_by_label_contains(&text).count();
            assert!(
                shown >= 1,
                "{id} {policy}: the advice `{text}` is not shown"
            );
        }
    }
}
