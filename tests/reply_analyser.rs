//! The reply analyser on labelled replies it was never tuned on, and on input a trainee might
//! type by accident.

mod common;

use std::collections::HashMap;
use std::process::Command;

use rapport::engine::domain::{AntiPattern, Lang};
use rapport::engine::reply::analyse::ReplyProblem;
use rapport::engine::reply::eval::{evaluate, parse_labelled};
use rapport::engine::reply::{Cues, analyse_in};
use rapport::engine::scenario::Scenario;
use rapport::engine::scenario::load::load_str;

fn library() -> HashMap<String, Scenario> {
    common::shipped_ids()
        .into_iter()
        .map(|id| {
            let scenario = load_str(&id, &common::scenario_text(&id)).scenario.unwrap();
            (id, scenario)
        })
        .collect()
}

fn labelled(part: &str) -> Vec<rapport::engine::reply::eval::LabelledReply> {
    ["zh", "en"]
        .iter()
        .flat_map(|lang| {
            let path = common::repo_path(&format!("tests/replies/{part}/{lang}.jsonl"));
            let text = std::fs::read_to_string(&path).expect("the labelled set");
            parse_labelled(&path.display().to_string(), &text).expect("well-formed lines")
        })
        .collect()
}

/// Floors on the held-out part, which no rule, weight or example was tuned on
/// (docs/reply-analyser.md has the figures). The option floor is issue #13's target; the two
/// F1 floors hold what the analyser reaches today, a point under, so a change that makes it
/// worse fails; the targets they are still short of (0.75 and 0.80) are in the same page.
const OPTION_TOP1_FLOOR: f64 = 0.85;
const STEPS_F1_FLOOR: f64 = 0.67;
// 0.722 before the weaker options were rewritten as plausible mistakes (issue #14), 0.703 after.
const ANTI_PATTERNS_F1_FLOOR: f64 = 0.70;

#[test]
fn held_out_replies_meet_the_floors() {
    let replies = labelled("held_out");
    assert!(
        replies.len() >= 150,
        "the held-out part has {}",
        replies.len()
    );
    let zh = replies.iter().filter(|r| r.lang == Lang::Zh).count();
    assert!(
        zh * 3 >= replies.len() && zh * 3 <= 2 * replies.len(),
        "both languages"
    );
    let evaluation = evaluate(&replies, &library(), &Cues::builtin());
    assert!(evaluation.skipped.is_empty(), "{:?}", evaluation.skipped);
    let report = evaluation.report();
    assert!(
        evaluation.option_accuracy() >= OPTION_TOP1_FLOOR,
        "{report}"
    );
    assert!(evaluation.steps.f1() >= STEPS_F1_FLOOR, "{report}");
    assert!(
        evaluation.anti_patterns.f1() >= ANTI_PATTERNS_F1_FLOOR,
        "{report}"
    );
}

/// The second unseen author (`dev2/`): measured once before any change (option 0.931, steps
/// 0.751, anti-patterns 0.912); one rule was written from its misses since. Floors a point or
/// two under, so a change that only suits the first authors fails here.
#[test]
fn a_second_authors_replies_hold_their_first_figures() {
    let replies = labelled("dev2");
    assert!(replies.len() >= 150, "dev2 has {}", replies.len());
    let evaluation = evaluate(&replies, &library(), &Cues::builtin());
    assert!(evaluation.skipped.is_empty(), "{:?}", evaluation.skipped);
    let report = evaluation.report();
    assert!(evaluation.option_accuracy() >= 0.91, "{report}");
    assert!(evaluation.steps.f1() >= 0.73, "{report}");
    assert!(evaluation.anti_patterns.f1() >= 0.89, "{report}");
}

/// Where three trainers labelled a part apart (`tests/replies/annotations/PART/`), its gold keeps
/// what at least two of them gave: each tag, and the option (the first trainer's when all three
/// differ). `scripts/adjudicate.py` writes it; this keeps it from drifting.
#[test]
fn adjudicated_gold_is_what_two_of_three_trainers_gave() {
    use std::collections::BTreeSet;
    let annotations = common::repo_path("tests/replies/annotations");
    let mut parts: Vec<String> = std::fs::read_dir(&annotations)
        .expect("the annotations folder")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    parts.sort();
    assert!(parts.contains(&"held_out".to_owned()), "{parts:?}");
    for part in parts {
        let gold = labelled(&part);
        let trainers: Vec<Vec<_>> = ["original", "a", "b"]
            .iter()
            .map(|who| labelled(&format!("annotations/{part}/{who}")))
            .collect();
        for (k, reply) in gold.iter().enumerate() {
            let votes: Vec<_> = trainers.iter().map(|t| &t[k]).collect();
            assert!(
                votes
                    .iter()
                    .all(|v| v.id == reply.id && v.text == reply.text)
            );
            let options: Vec<i64> = votes.iter().map(|v| v.option).collect();
            let option = options
                .iter()
                .find(|o| options.iter().filter(|x| x == o).count() >= 2)
                .copied()
                .unwrap_or(options[0]);
            assert_eq!(reply.option, option, "{part} {}: option", reply.id);
            fn kept<T: Ord + Copy>(lists: &[&Vec<T>]) -> BTreeSet<T> {
                let all: BTreeSet<T> = lists.iter().flat_map(|l| l.iter().copied()).collect();
                all.into_iter()
                    .filter(|t| lists.iter().filter(|l| l.contains(t)).count() >= 2)
                    .collect()
            }
            let steps: Vec<_> = votes.iter().map(|v| &v.steps).collect();
            let techniques: Vec<_> = votes.iter().map(|v| &v.techniques).collect();
            let anti: Vec<_> = votes.iter().map(|v| &v.anti_patterns).collect();
            fn as_set<T: Ord + Copy>(list: &[T]) -> BTreeSet<T> {
                list.iter().copied().collect()
            }
            assert_eq!(as_set(&reply.steps), kept(&steps), "{part} {}", reply.id);
            assert_eq!(
                as_set(&reply.techniques),
                kept(&techniques),
                "{part} {}",
                reply.id
            );
            assert_eq!(
                as_set(&reply.anti_patterns),
                kept(&anti),
                "{part} {}",
                reply.id
            );
        }
    }
}

#[test]
fn the_two_parts_do_not_share_a_reply() {
    let tune: Vec<String> = labelled("tune").into_iter().map(|r| r.text).collect();
    let held_out = labelled("held_out");
    assert!(tune.len() >= 150);
    assert!(held_out.iter().all(|r| !tune.contains(&r.text)));
    let dev2: Vec<String> = labelled("dev2").into_iter().map(|r| r.text).collect();
    assert!(dev2.iter().all(|t| !tune.contains(t)));
    assert!(held_out.iter().all(|r| !dev2.contains(&r.text)));
}

#[test]
fn evidence_points_at_the_words_typed() {
    let library = library();
    let scenario = &library["late_delivery"];
    let node = scenario.node("opening").unwrap();
    let cues = Cues::builtin();
    let reply = "王先生，我理解您的心情，但是我们会尽快处理的。";
    let analysis = analyse_in(reply, scenario, node, Lang::Zh, &cues);
    for expected in [AntiPattern::ButPivot, AntiPattern::VaguePromise] {
        assert!(analysis.anti_patterns.contains(&expected), "{analysis:#?}");
    }
    for evidence in &analysis.evidence {
        assert_eq!(&reply[evidence.span.clone()], evidence.words);
        assert!(!evidence.reason.zh.is_empty() && !evidence.reason.en.is_empty());
    }
    let vague = analysis
        .evidence
        .iter()
        .find(|e| e.tag.id() == "vague_promise")
        .unwrap();
    assert_eq!(vague.words, "尽快");
    // A concrete time is not a vague promise.
    let concrete = analyse_in(
        "王先生，我今天下午四点前把新样机送到您公司。",
        scenario,
        node,
        Lang::Zh,
        &cues,
    );
    assert!(!concrete.anti_patterns.contains(&AntiPattern::VaguePromise));
}

#[test]
fn odd_input_gets_a_clear_answer_not_a_panic() {
    let library = library();
    let scenario = &library["system_outage"];
    let node = scenario.node("opening").unwrap();
    let cues = Cues::builtin();
    let long = "I hear you. ".repeat(1_000);
    let cases: [(&str, Lang, Option<ReplyProblem>); 8] = [
        ("", Lang::En, Some(ReplyProblem::Empty)),
        ("   \n\t ", Lang::Zh, Some(ReplyProblem::Empty)),
        ("🙂🙏🔥", Lang::En, Some(ReplyProblem::Empty)),
        (&long, Lang::En, Some(ReplyProblem::TooLong)),
        ("我明白\u{0}\u{7}\u{1b}[31m您很着急", Lang::Zh, None),
        (
            "Je comprends votre colère, monsieur",
            Lang::Zh,
            Some(ReplyProblem::OtherLanguage),
        ),
        (
            "我知道您很着急 I'll call you back at 3pm 好吗",
            Lang::Zh,
            None,
        ),
        ("Мы перезвоним вам", Lang::En, Some(ReplyProblem::Empty)),
    ];
    for (reply, lang, problem) in cases {
        let analysis = analyse_in(reply, scenario, node, lang, &cues);
        assert_eq!(analysis.problem, problem, "{reply:?}");
        if problem.is_some_and(|p| p != ReplyProblem::TooLong) {
            assert_eq!(analysis.option, None, "{reply:?} leads nowhere");
            assert!(analysis.needs_confirmation);
        }
        for evidence in &analysis.evidence {
            assert!(reply.is_char_boundary(evidence.span.start));
            assert!(reply.is_char_boundary(evidence.span.end));
        }
    }
}

#[test]
fn analyse_on_the_command_line_gives_the_documented_json() {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "analyse",
            "scenarios/late_delivery.ron",
            "--turn",
            "opening",
            "--lang",
            "en",
            "I understand your feelings, but we'll sort it out as soon as possible.",
            "--json",
        ])
        .current_dir(common::repo_path(""))
        .output()
        .expect("rapport runs");
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for field in [
        "option",
        "confidence",
        "steps",
        "techniques",
        "anti_patterns",
        "evidence",
    ] {
        assert!(value.get(field).is_some(), "no {field} in {value}");
    }
    let anti: Vec<&str> = value["anti_patterns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        anti.contains(&"but_pivot") && anti.contains(&"vague_promise"),
        "{anti:?}"
    );
    assert!(value["option"].as_i64().unwrap() >= -1);

    let unknown = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "analyse",
            "scenarios/late_delivery.ron",
            "--turn",
            "nowhere",
            "hi",
        ])
        .current_dir(common::repo_path(""))
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("opening"));
}
