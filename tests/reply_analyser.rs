//! The reply analyser on labelled replies it was never tuned on, and on input a trainee might
//! type by accident.

mod common;

use std::collections::HashMap;
use std::process::Command;

use rapport::engine::domain::{AntiPattern, Lang, Step};
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

/// Floors on the held-out part: 160 replies by two authors who wrote nothing else here, labelled
/// three times apart; no rule, weight or example was written from it, and it was measured once,
/// when the word model was done (2026-11-26: option 0.912, steps 0.757, anti-patterns 0.839),
/// and again after a reviewer's fixes (0.912, 0.754, 0.839).
/// The floors are issue #13's targets. docs/reply-analyser.md has the figures.
const OPTION_TOP1_FLOOR: f64 = 0.85;
const STEPS_F1_FLOOR: f64 = 0.75;
const ANTI_PATTERNS_F1_FLOOR: f64 = 0.80;
/// The same on the held-out authors' own labels (0.881, 0.698 and 0.846 that day).
const AUTHOR_FLOORS: (f64, f64, f64) = (0.87, 0.69, 0.83);
/// Option top-1, steps F1 and anti-patterns F1 on the parts the rules were written against and
/// the word model was trained on (so these are not figures on unseen replies; they keep a rule
/// or a retrained model that suits one author and breaks another from passing unnoticed).
const TUNE_FLOORS: (f64, f64, f64) = (0.97, 0.90, 0.91);
const DEV_FLOORS: (f64, f64, f64) = (0.94, 0.89, 0.89);
const DEV2_FLOORS: (f64, f64, f64) = (0.92, 0.84, 0.94);
const DEV3_FLOORS: (f64, f64, f64) = (0.91, 0.87, 0.92);
const DEV4_FLOORS: (f64, f64, f64) = (0.92, 0.89, 0.95);
const DEV5_FLOORS: (f64, f64, f64) = (0.92, 0.87, 0.90);

#[test]
fn held_out_replies_meet_the_floors() {
    let replies = labelled("held_out");
    let zh = replies.iter().filter(|r| r.lang == Lang::Zh).count();
    assert!(
        zh * 3 >= replies.len() && zh * 3 <= 2 * replies.len(),
        "both languages"
    );
    holds(
        "held_out",
        (OPTION_TOP1_FLOOR, STEPS_F1_FLOOR, ANTI_PATTERNS_F1_FLOOR),
    )
    .unwrap();
}

/// The held-out authors' own labels, before the three labellers' majority: the same replies, the
/// same analyser, one trainer's reading.
#[test]
fn the_held_out_authors_own_labels_hold_their_floors() {
    assert_eq!(
        labelled("annotations/held_out/original").len(),
        labelled("held_out").len()
    );
    holds("annotations/held_out/original", AUTHOR_FLOORS).unwrap();
}

/// The parts the cue rules were written against and the word model was trained on hold their
/// figures (docs/reply-analyser.md), a point or two under.
#[test]
fn every_tuning_part_holds_its_figures() {
    let failures: Vec<String> = [
        ("tune", TUNE_FLOORS),
        ("dev", DEV_FLOORS),
        ("dev2", DEV2_FLOORS),
        ("dev3", DEV3_FLOORS),
        ("dev4", DEV4_FLOORS),
        ("dev5", DEV5_FLOORS),
    ]
    .into_iter()
    .filter_map(|(part, floors)| holds(part, floors).err())
    .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Whether a part's replies reach the floors (option top-1, steps F1, anti-patterns F1); the
/// evaluation's report when they do not.
fn holds(part: &str, (option, steps, anti): (f64, f64, f64)) -> Result<(), String> {
    let replies = labelled(part);
    assert!(replies.len() >= 150, "{part} has {}", replies.len());
    let evaluation = evaluate(&replies, &library(), &Cues::builtin());
    assert!(
        evaluation.skipped.is_empty(),
        "{part}: {:?}",
        evaluation.skipped
    );
    let measured = (
        evaluation.option_accuracy(),
        evaluation.steps.f1(),
        evaluation.anti_patterns.f1(),
    );
    if measured.0 >= option && measured.1 >= steps && measured.2 >= anti {
        Ok(())
    } else {
        Err(format!(
            "{part}: measured {measured:.3?}, floors {:?}\n{}",
            (option, steps, anti),
            evaluation.report()
        ))
    }
}

/// Where three labellers labelled a part apart (`tests/replies/annotations/PART/`), its gold keeps
/// what at least two of them gave: each tag, and the option (the author's when all three
/// differ). `scripts/adjudicate.py` writes it; this keeps it from drifting.
#[test]
fn adjudicated_gold_is_what_two_of_three_labellers_gave() {
    use std::collections::BTreeSet;
    let annotations = common::repo_path("tests/replies/annotations");
    let mut parts: Vec<String> = std::fs::read_dir(&annotations)
        .expect("the annotations folder")
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    parts.sort();
    assert!(parts.contains(&"held_out".to_owned()), "{parts:?}");
    for part in parts {
        let gold = labelled(&part);
        let labellers: Vec<Vec<_>> = ["original", "a", "b"]
            .iter()
            .map(|who| labelled(&format!("annotations/{part}/{who}")))
            .collect();
        for labeller in &labellers {
            assert_eq!(
                labeller.len(),
                gold.len(),
                "{part}: a labeller's file and the gold differ in length"
            );
        }
        for (k, reply) in gold.iter().enumerate() {
            let votes: Vec<_> = labellers.iter().map(|t| &t[k]).collect();
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
fn no_two_parts_share_a_reply() {
    use std::collections::HashMap;
    let mut seen: HashMap<String, &str> = HashMap::new();
    for part in ["tune", "dev", "dev2", "dev3", "dev4", "dev5", "held_out"] {
        for reply in labelled(part) {
            if let Some(other) = seen.insert(reply.text.clone(), part) {
                panic!("{part} and {other} share {:?}", reply.text);
            }
        }
    }
    assert!(seen.len() >= 1110, "{}", seen.len());
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
    // The vague word, with at most the character before it (a rule may look one back to see it
    // is not quoted).
    assert!(
        vague.words.ends_with("尽快") && vague.words.chars().count() <= 3,
        "{vague:?}"
    );
    // Quoted, the same word is what the customer was told, not a promise.
    let quoted = analyse_in(
        "王先生，老是听到“尽快”，换谁都会火大。",
        scenario,
        node,
        Lang::Zh,
        &cues,
    );
    assert!(
        !quoted.anti_patterns.contains(&AntiPattern::VaguePromise),
        "{quoted:#?}"
    );
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

/// Beyond its rules, the cue file says which steps a reply never takes from the authored reply it
/// is worded like (`heard_only`), and which tags others cancel (`cancels`). The same replies
/// earn those steps once the lines are taken out, so it is the file that decides.
#[test]
fn the_cue_file_keeps_heard_steps_and_cancels_vague_support() {
    let library = library();
    // The rules alone: the word model has its own test.
    let builtin = Cues::builtin().without_model();
    let text = std::fs::read_to_string(common::repo_path("assets/cues.ron")).unwrap();
    let without = |line_start: &str, line_end: &str| {
        let start = text.find(line_start).expect("the line is in the file");
        let end = start + text[start..].find(line_end).unwrap() + line_end.len();
        Cues::parse("cues.ron", &format!("{}{}", &text[..start], &text[end..]))
            .unwrap()
            .without_model()
    };

    // Worded like the authored reply that names his anxiety and a cue, but naming neither.
    let late = &library["late_delivery"];
    let opening = late.node("opening").unwrap();
    let plain = "Mr Wang, the demo is at nine tomorrow and the parcel is still on the road. \
                 Give me the order number and I'll look right now.";
    let heard = analyse_in(plain, late, opening, Lang::En, &builtin);
    assert_eq!(heard.option, Some(0), "{heard:#?}");
    assert!(!heard.steps.contains(&Step::IdentifyEmotion), "{heard:#?}");
    assert!(!heard.steps.contains(&Step::ObserveListen), "{heard:#?}");
    let inherited = analyse_in(
        plain,
        late,
        opening,
        Lang::En,
        &without("    heard_only:", "\n"),
    );
    assert!(
        inherited.steps.contains(&Step::IdentifyEmotion),
        "{inherited:#?}"
    );
    // Naming the emotion still earns it.
    let named = analyse_in(
        "Mr Wang, you sound really worried, with the demo at nine tomorrow. Give me the order number.",
        late,
        opening,
        Lang::En,
        &builtin,
    );
    assert!(named.steps.contains(&Step::IdentifyEmotion), "{named:#?}");

    // A fix promised "asap" before anything else: vague and early, so not the step.
    let trust = &library["broken_trust"];
    let first = trust.node("opening").unwrap();
    let hasty = "So sorry about that! I'll resubmit the waiver as urgent now and the refund will \
                 be back asap, dont worry.";
    let cancelled = analyse_in(hasty, trust, first, Lang::En, &builtin);
    assert!(cancelled.anti_patterns.contains(&AntiPattern::VaguePromise));
    assert!(
        !cancelled.steps.contains(&Step::OfferSupport),
        "{cancelled:#?}"
    );
    assert!(
        cancelled
            .evidence
            .iter()
            .all(|e| e.tag.id() != "offer_support")
    );
    let kept = analyse_in(
        hasty,
        trust,
        first,
        Lang::En,
        &without("    cancels: [", "    ],\n"),
    );
    assert!(kept.steps.contains(&Step::OfferSupport), "{kept:#?}");
}

/// The word model finds an anti-pattern and shows the clause and the terms that tipped it, where
/// the rules alone only had the likeness to an authored reply; and it drops anti-patterns a reply
/// took from the authored reply it is worded like when its own words show none of them.
#[test]
fn the_word_model_adds_with_its_reasons_and_drops_what_only_the_wording_gave() {
    let library = library();
    let late = &library["late_delivery"];
    let with_model = Cues::builtin();
    let rules_alone = Cues::builtin().without_model();
    let buck = rapport::engine::reply::Tag::AntiPattern(AntiPattern::PassingTheBuck);

    let reply = "样机的事您得问销售那边，他们有库存，我这边没权限调";
    let needs = late.node("needs").unwrap();
    let read = analyse_in(reply, late, needs, Lang::Zh, &with_model);
    let found = read.evidence.iter().find(|e| e.tag == buck).expect("found");
    assert_eq!(found.rule, "model", "{read:#?}");
    assert_eq!(found.words, "样机的事您得问销售那边");
    assert_eq!(&reply[found.span.clone()], found.words);
    assert!(found.reason.zh.contains("推诿转交") && found.reason.zh.contains('%'));
    assert!(found.reason.en.contains("Passing the buck"), "{found:?}");
    let alone = analyse_in(reply, late, needs, Lang::Zh, &rules_alone);
    assert!(
        alone.evidence.iter().all(|e| e.rule != "model"),
        "{alone:#?}"
    );
    // In English too; the clause is the words typed, without the spaces around it.
    let reply = "for the demo unit you'd need to ask sales, they hold the stock, I don't have \
                 access to move it";
    let read = analyse_in(reply, late, needs, Lang::En, &with_model);
    let found = read.evidence.iter().find(|e| e.tag == buck).expect("found");
    assert_eq!(found.rule, "model", "{read:#?}");
    assert_eq!(found.words, "for the demo unit you'd need to ask sales");
    assert_eq!(&reply[found.span.clone()], found.words);
    assert!(found.reason.en.contains("sales"), "{found:?}");

    // Worded like the reply that hands the customer to the courier, but doing nothing of it.
    let opening = late.node("opening").unwrap();
    let innocent = "王先生，让您久等了，我把运单号发给您，我现在就查到了哪个中转站";
    let alone = analyse_in(innocent, late, opening, Lang::Zh, &rules_alone);
    assert!(alone.anti_patterns.contains(&AntiPattern::PassingTheBuck));
    let read = analyse_in(innocent, late, opening, Lang::Zh, &with_model);
    assert_eq!(read.option, alone.option);
    assert!(read.anti_patterns.is_empty(), "{read:#?}");
}

/// The shipped word model was trained on the tuning parts as they are now (a changed gold means
/// training it again: `python3 scripts/train-reply-model.py`), and never on the held-out part.
#[test]
fn the_word_model_was_trained_on_the_tuning_parts_as_they_are() {
    use sha2::{Digest, Sha256};
    let model = rapport::engine::reply::model::WordModel::builtin();
    let parts: Vec<&str> = model.trained_on.iter().map(|t| t.part.as_str()).collect();
    assert_eq!(parts, ["tune", "dev", "dev2", "dev3", "dev4", "dev5"]);
    for trained in &model.trained_on {
        let mut hash = Sha256::new();
        for lang in ["zh", "en"] {
            let path = common::repo_path(&format!("tests/replies/{}/{lang}.jsonl", trained.part));
            hash.update(std::fs::read(path).unwrap());
        }
        assert_eq!(
            format!("{:x}", hash.finalize()),
            trained.sha256,
            "{}: its labels changed since the model was trained; run python3 scripts/train-reply-model.py",
            trained.part
        );
        assert_eq!(labelled(&trained.part).len(), trained.replies);
    }
}

/// A rule with `words_of` fires on the words another rule found, with its own tag and reason;
/// a rule must give patterns or `words_of`, not both.
#[test]
fn a_rule_can_take_the_words_another_rule_found() {
    let library = library();
    let scenario = &library["late_delivery"];
    let node = scenario.node("opening").unwrap();
    let file = r#"(rules: [
        (id: "invite", tag: Technique(active_listening), any: [r"please go on"], reason: (zh: "请", en: "invites")),
        (id: "floor", tag: Step(observe_listen), words_of: [Technique(active_listening)], reason: (zh: "听", en: "listens")),
    ])"#;
    let cues = Cues::parse("two.ron", file).unwrap();
    let reply = "Mr Wang, please go on.";
    let analysis = analyse_in(reply, scenario, node, Lang::En, &cues);
    let floor = analysis
        .evidence
        .iter()
        .find(|e| e.rule == "floor")
        .expect("the rule fired");
    assert_eq!(floor.tag.id(), "observe_listen");
    assert_eq!(floor.words, "please go on");
    assert_eq!(floor.reason.en, "listens");
    assert!(analysis.steps.contains(&Step::ObserveListen));
    // Without the words it takes, it does not fire.
    let silent = analyse_in(
        "Mr Wang, the order number?",
        scenario,
        node,
        Lang::En,
        &cues,
    );
    assert!(silent.evidence.iter().all(|e| e.rule != "floor"));

    // What it takes goes with what it took from: an option that does not invite the customer to
    // go on drops the technique, and the step built on its words with it.
    let wrong_turn = scenario.node("order_check").unwrap();
    let matched = analyse_in(
        "Please go on, what's the order number?",
        scenario,
        wrong_turn,
        Lang::En,
        &cues,
    );
    let still = matched
        .tags()
        .contains(&rapport::engine::reply::Tag::Technique(
            rapport::engine::domain::Technique::ActiveListening,
        ));
    assert_eq!(
        matched.steps.contains(&Step::ObserveListen),
        still,
        "{matched:#?}"
    );

    // A rule gives patterns or `words_of`, not both or neither, and `after`/`without` do not
    // apply to `words_of`; each error points at the rule's id.
    for broken in [
        file.replace(
            "words_of: [Technique(active_listening)]",
            "any: [r\"x\"], words_of: [Technique(active_listening)]",
        ),
        file.replace("words_of: [Technique(active_listening)], ", ""),
        file.replace(
            "words_of: [Technique(active_listening)]",
            "words_of: [Technique(active_listening)], after: [r\"x\"]",
        ),
    ] {
        let error = Cues::parse("two.ron", &broken).unwrap_err();
        assert_eq!(error.diagnostics[0].line, 3, "{error:?}");
        assert!(
            error.diagnostics[0].message.contains("`floor`"),
            "{error:?}"
        );
    }
}

/// Everyday replies that look like a cue's words but are not the move: each must not be read
/// as the tag named (a reviewer's list, kept as a guard on the wider rules of 2026-11-26).
#[test]
fn innocent_replies_are_not_read_as_moves_they_do_not_make() {
    let library = library();
    let cues = Cues::builtin();
    let cases: &[(&str, &str, Lang, &str, &str)] = &[
        (
            "late_delivery",
            "order_check",
            Lang::Zh,
            "您先别这么着急，明天上午十点前到。",
            "identify_emotion",
        ),
        (
            "guarantee_terms",
            "details",
            Lang::Zh,
            "您怕是记错日期了。",
            "identify_emotion",
        ),
        (
            "late_delivery",
            "opening",
            Lang::Zh,
            "我这边看得到您的订单，请稍等。",
            "observe_listen",
        ),
        (
            "broken_trust",
            "opening",
            Lang::Zh,
            "请把您的手机号发我。",
            "observe_listen",
        ),
        (
            "system_outage",
            "vent",
            Lang::Zh,
            "系统升级期间会有点慢，这很正常。",
            "validate",
        ),
        (
            "late_delivery",
            "plan",
            Lang::Zh,
            "是我们的错，我们下次注意。",
            "blaming_customer",
        ),
        (
            "late_delivery",
            "plan",
            Lang::Zh,
            "以后我们都会提前打电话通知您。",
            "blaming_customer",
        ),
        (
            "broken_trust",
            "opening",
            Lang::Zh,
            "非常抱歉给您添麻烦了，可退可换，您看哪种方便。",
            "but_pivot",
        ),
        (
            "broken_trust",
            "opening",
            Lang::En,
            "There's no need to be worried, the refund is on its way.",
            "identify_emotion",
        ),
        (
            "guarantee_terms",
            "details",
            Lang::En,
            "What shock absorbers were fitted?",
            "identify_emotion",
        ),
        (
            "price_renewal",
            "opening",
            Lang::En,
            "I know you're swamped with the launch, so I'll keep this short.",
            "defensive_arguing",
        ),
        (
            "broken_trust",
            "opening",
            Lang::En,
            "The records show your payment went through twice, so I'll refund the duplicate now.",
            "blaming_customer",
        ),
        (
            "guarantee_terms",
            "details",
            Lang::En,
            "Please hang on to the receipt for your records.",
            "interrupting",
        ),
        (
            "broken_trust",
            "opening",
            Lang::En,
            "The refund will go on your card tonight.",
            "observe_listen",
        ),
        (
            "broken_trust",
            "opening",
            Lang::En,
            "I'm here to help, and I'll refund the duplicate charge to your card by 5 today.",
            "observe_listen",
        ),
    ];
    for (scenario, turn, lang, reply, tag) in cases {
        let scenario = &library[*scenario];
        let node = scenario.node(turn).unwrap_or_else(|| panic!("{turn}"));
        let analysis = analyse_in(reply, scenario, node, *lang, &cues);
        assert!(
            analysis
                .evidence
                .iter()
                .all(|e| e.tag.id() != *tag || e.rule == "likeness"),
            "{reply}: read as {tag}: {:#?}",
            analysis.evidence
        );
    }
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
