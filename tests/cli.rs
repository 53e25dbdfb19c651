//! The `rapport` command line as a trainer uses it.

mod common;

use std::process::{Command, Output};

use common::{position_of, replace_once, repo_path, scenario_text};
use rapport::engine::domain::Step;

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(repo_path(""))
        .output()
        .expect("rapport runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn shipped_scenarios() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(repo_path("scenarios"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn check_passes_on_the_shipped_library() {
    let output = rapport(&["check", "scenarios"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).contains("0 error(s)"));
}

#[test]
fn check_fails_with_file_line_column_and_hint_for_each_broken_copy() {
    let dir = tempfile::tempdir().unwrap();
    let base = scenario_text("late_delivery");
    let cases = [
        (
            "syntax.ron",
            {
                let version = common::line_starting(&base, "version:");
                replace_once(
                    &base,
                    &format!("{version}\n"),
                    &format!("{}\n", version.trim_end_matches(',')),
                )
            },
            "    title:",
            "comma",
        ),
        (
            "dangling.ron",
            replace_once(&base, "next: \"needs\"", "next: \"neds\""),
            "\"neds\"",
            "did you mean `needs`?",
        ),
        (
            "unknown.ron",
            replace_once(
                &base,
                "techniques: [open_question, root_cause_probe]",
                "techniques: [open_question, root_cause_prob]",
            ),
            "root_cause_prob]",
            "did you mean `root_cause_probe`?",
        ),
    ];
    for (name, text, needle, hint) in &cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let output = rapport(&["check", &dir.path().join(name).display().to_string()]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let printed = stdout(&output);
        let (line, column) = position_of(text, needle);
        let location = format!("{name}:{line}");
        assert!(
            printed.contains(&location),
            "{name}: no {location} in\n{printed}"
        );
        if *name != "syntax.ron" {
            assert!(
                printed.contains(&format!("{name}:{line}:{column}:")),
                "{name}: column\n{printed}"
            );
        }
        assert!(
            printed.contains(hint),
            "{name}: no hint `{hint}` in\n{printed}"
        );
    }
    // The whole folder: every broken file is reported, and the run fails.
    let output = rapport(&[
        "check",
        &dir.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 3);
    // At least one error per file (the dangling link also leaves `needs` unreachable).
    assert!(report["errors"].as_u64().unwrap() >= 3, "{report}");
    for file in report["files"].as_array().unwrap() {
        let diagnostic = &file["diagnostics"][0];
        assert!(
            diagnostic["line"].as_u64().unwrap() > 1 && diagnostic["hint"].is_string(),
            "{file}"
        );
    }
}

#[test]
fn best_policy_beats_worst_and_names_all_six_steps_with_evidence() {
    for file in shipped_scenarios() {
        let best = rapport(&["play", &file, "--policy", "best", "--json"]);
        let worst = rapport(&["play", &file, "--policy", "worst", "--json"]);
        assert!(best.status.success() && worst.status.success(), "{file}");
        let score = |output: &Output| {
            let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            record["score"]["overall"].as_f64().unwrap()
        };
        assert!(
            score(&best) > score(&worst),
            "{file}: best {} worst {}",
            score(&best),
            score(&worst)
        );

        let text = stdout(&rapport(&["play", &file, "--policy", "best"]));
        for step in Step::ALL {
            assert!(
                text.contains(step.label(rapport::engine::domain::Lang::En)),
                "{file}: {step} missing"
            );
        }
        assert!(
            text.contains("[step.first]"),
            "{file}: no evidence lines\n{text}"
        );
    }
}

#[test]
fn bounds_prints_both_extremes_with_paths() {
    let output = rapport(&["bounds", "scenarios/late_delivery.ron", "--json"]);
    assert!(output.status.success());
    let bounds: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(bounds["best"]["score"].as_f64().unwrap() > bounds["worst"]["score"].as_f64().unwrap());
    assert!(!bounds["best"]["steps"].as_array().unwrap().is_empty());
    assert_eq!(bounds["exact"], true);
}

#[test]
fn play_with_a_broken_file_fails_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "Scenario(id: \"x\"").unwrap();
    let output = rapport(&["play", &path.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.ron:1:"));
}

#[test]
fn the_library_uses_every_domain_id_and_check_can_require_it() {
    let output = rapport(&["check", "scenarios", "--require-coverage"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("techniques: 17/17 used"),
        "{}",
        stdout(&output)
    );

    // A library of one small scenario leaves ids unused, and the gate fails.
    let output = rapport(&["check", "tests/fixtures/minimal.ron", "--require-coverage"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("unused:"), "{}", stdout(&output));
}

#[test]
fn new_writes_a_template_that_passes_check_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().display().to_string();
    let output = rapport(&["new", "my_case", "--dir", &folder]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let file = dir.path().join("my_case.ron");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains(&format!("rapport check {}", file.display())),
        "the comment names the file where it is: {written}"
    );
    let check = rapport(&["check", &file.display().to_string()]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("0 error(s), 0 warning(s)"),
        "{}",
        stdout(&check)
    );
    let bounds = rapport(&["bounds", &file.display().to_string(), "--json"]);
    let bounds: serde_json::Value = serde_json::from_slice(&bounds.stdout).unwrap();
    // Two turns earn each step once (80 of 100): a good score, short of a full scenario's.
    assert!(
        bounds["best"]["score"].as_f64().unwrap() >= 80.0,
        "{bounds}"
    );

    let again = rapport(&["new", "my_case", "--dir", &folder]);
    assert_eq!(again.status.code(), Some(1));
    assert!(rapport(&["new", "Bad Id", "--dir", &folder]).status.code() == Some(1));
}

#[test]
fn check_refuses_a_portrait_that_declares_too_many_pixels_at_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let assets = dir.path().join("assets");
    std::fs::create_dir_all(assets.join("portraits")).unwrap();
    std::fs::write(
        assets.join("portraits/huge.png"),
        common::png_declaring(30_000, 30_000),
    )
    .unwrap();
    let text = common::scenario_text("late_delivery");
    let text = common::replace_once(&text, "portraits/dominant.png", "portraits/huge.png");
    let file = dir.path().join("late_delivery.ron");
    std::fs::write(&file, &text).unwrap();
    let output = rapport(&[
        "check",
        "--assets",
        &assets.display().to_string(),
        &file.display().to_string(),
    ]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{printed}");
    let (line, column) = common::position_of(&text, "Some(\"portraits/huge.png\")");
    assert!(
        printed.contains(&format!("late_delivery.ron:{line}:{column}: error[media]")),
        "{printed}"
    );
    assert!(printed.contains("30000 × 30000"), "{printed}");

    // The shipped portrait passes.
    std::fs::write(&file, common::scenario_text("late_delivery")).unwrap();
    std::fs::copy(
        common::repo_path("assets/portraits/dominant.png"),
        assets.join("portraits/dominant.png"),
    )
    .unwrap();
    let output = rapport(&[
        "check",
        "--assets",
        &assets.display().to_string(),
        &file.display().to_string(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_picture_is_refused_from_its_header_and_a_broken_one_when_decoded() {
    use rapport::engine::scenario::media::{MAX_MEDIA_BYTES, MediaProblem, inspect, verify};
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.png");
    std::fs::write(&huge, common::png_declaring(30_000, 30_000)).unwrap();
    assert_eq!(
        inspect(&huge),
        Err(MediaProblem::TooManyPixels {
            width: 30_000,
            height: 30_000
        })
    );
    let broken = dir.path().join("broken.png");
    std::fs::write(&broken, common::png_declaring(64, 64)).unwrap();
    assert_eq!(inspect(&broken), Ok((64, 64)), "the header is fine");
    assert!(matches!(verify(&broken), Err(MediaProblem::Undecodable(_))));
    let big = dir.path().join("big.png");
    std::fs::write(&big, vec![0u8; MAX_MEDIA_BYTES as usize + 1]).unwrap();
    assert!(matches!(inspect(&big), Err(MediaProblem::TooLarge { .. })));
    for style in ["cautious", "dominant", "emotional", "rational"] {
        let shipped = common::repo_path(&format!("assets/portraits/{style}.png"));
        assert!(verify(&shipped).is_ok(), "{}", shipped.display());
    }
}

#[test]
fn a_failed_check_of_one_file_lists_no_coverage_and_bounds_fills_in_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Scenario(id: \"x\", version: 1 title: ())").unwrap();
    let output = rapport(&["check", &broken.display().to_string()]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success());
    assert!(!printed.contains("coverage across"), "{printed}");
    assert!(printed.contains("1 file(s) checked: 0 ok"), "{printed}");

    // A valid single file: no coverage block unless asked; a folder shows it.
    let one = common::repo_path("scenarios/late_delivery.ron")
        .display()
        .to_string();
    assert!(!stdout(&rapport(&["check", &one])).contains("coverage across"));
    assert!(stdout(&rapport(&["check", &one, "--coverage"])).contains("coverage across 1 valid"));
    assert!(stdout(&rapport(&["check", "scenarios"])).contains("coverage across 8 valid"));

    let file = common::repo_path("scenarios/late_delivery.ron");
    let output = rapport(&["bounds", &file.display().to_string()]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}");
    assert!(!printed.contains("{address}"), "{printed}");
    assert!(
        printed.contains("Mr Wang"),
        "the persona's address is filled in: {printed}"
    );
}

#[test]
fn play_in_chinese_labels_the_transcript_in_chinese() {
    let output = rapport(&["play", "scenarios/late_delivery.ron", "--lang", "zh"]);
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    for label in ["回合 1", "客户:", "学员:", "反应:", "点评:", "共情六步骤："] {
        assert!(printed.contains(label), "{label} in {printed}");
    }
    for english in [
        "customer:",
        "trainee:",
        "reaction:",
        "feedback:",
        "six-step model:",
    ] {
        assert!(!printed.contains(english), "{english} in {printed}");
    }
}

#[test]
fn explain_defines_an_id_with_examples_in_both_languages_and_the_docs_page_is_current() {
    let output = rapport(&["explain", "sandwich_refusal"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.starts_with("sandwich_refusal — 三明治拒绝 · Sandwich refusal"),
        "{text}"
    );
    for label in [
        "定义：",
        "Definition:",
        "好的说法：",
        "Good:",
        "不好的说法：",
        "Bad:",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }

    let only_chinese = stdout(&rapport(&["explain", "trust", "--lang", "zh"]));
    assert!(only_chinese.contains("如何识别："), "{only_chinese}");
    assert!(!only_chinese.contains("Definition"), "{only_chinese}");

    let typo = rapport(&["explain", "sandwich_refual"]);
    assert!(!typo.status.success());
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `sandwich_refusal`?"));

    // docs/vocabulary.md is what the program writes; regenerate it after editing
    // assets/vocabulary.ron with `rapport explain --markdown > docs/vocabulary.md`.
    let page = stdout(&rapport(&["explain", "--markdown"]));
    let committed = std::fs::read_to_string(common::repo_path("docs/vocabulary.md")).unwrap();
    assert!(
        page == committed,
        "docs/vocabulary.md is out of date: run `rapport explain --markdown > docs/vocabulary.md`"
    );
    assert!(page.contains("### `sandwich_refusal` — Sandwich refusal · 三明治拒绝"));
}

#[test]
fn play_follows_a_path_by_option_number_and_shows_emotion_levels_each_turn() {
    let file = repo_path("scenarios/late_delivery.ron");
    let file = file.to_str().unwrap();
    let output = rapport(&["play", file, "--path", "1,3"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    // The options chosen are the first and the third as written in the file.
    let scenario = rapport::engine::scenario::load::load_path(std::path::Path::new(file))
        .scenario
        .unwrap();
    let opening = scenario.node(&scenario.start).unwrap();
    let first = &opening.options()[0].text.en;
    assert!(text.contains(&first[first.len() - 30..]), "{text}");
    assert_eq!(text.matches("\n  emotions: Anger ").count(), 2, "{text}");
    // The path stops before an ending and lists what comes next.
    assert!(text.contains("the path stops at turn 3"), "{text}");
    assert!(text.contains("continue with --path 1,3,N"), "{text}");

    let wrong = rapport(&["play", file, "--path", "1,9"]);
    assert!(!wrong.status.success());
    let error = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        error.contains("turn `order_check` has options 1–3; there is no option 9"),
        "{error}"
    );

    let chinese = stdout(&rapport(&["play", file, "--path", "1", "--lang", "zh"]));
    assert!(chinese.contains("  情绪值: 愤怒 "), "{chinese}");
    assert!(chinese.contains("路径停在回合 2"), "{chinese}");
}

#[test]
fn bounds_lists_each_options_score_range_inside_the_scenarios_range() {
    let file = repo_path("scenarios/late_delivery.ron");
    let output = rapport(&["bounds", file.to_str().unwrap(), "--options", "--json"]);
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (worst, best) = (
        json["worst"]["score"].as_f64().unwrap(),
        json["best"]["score"].as_f64().unwrap(),
    );
    let options = json["options"].as_array().unwrap();
    let scenario = rapport::engine::scenario::load::load_path(&file)
        .scenario
        .unwrap();
    let count: usize = scenario.nodes.iter().map(|n| n.options().len()).sum();
    assert_eq!(options.len(), count);
    // The best path's first option reaches the best score; every range lies within the bounds.
    let first = &json["best"]["steps"][0];
    let on_best = options
        .iter()
        .find(|o| {
            o["node"] == first["node"] && o["option"] == first["option"].as_u64().unwrap() + 1
        })
        .unwrap();
    assert!((on_best["highest"].as_f64().unwrap() - best).abs() < 1e-9);
    for option in options {
        if let (Some(low), Some(high)) = (option["lowest"].as_f64(), option["highest"].as_f64()) {
            assert!(
                worst - 1e-9 <= low && low <= high && high <= best + 1e-9,
                "{option}"
            );
        }
    }
    let text = stdout(&rapport(&[
        "bounds",
        file.to_str().unwrap(),
        "--options",
        "--lang",
        "zh",
    ]));
    assert!(text.contains("各选项之后仍可达到的总分"), "{text}");
    assert!(text.contains("最高可达："), "{text}");
}

#[test]
fn the_longest_reply_policy_always_takes_the_longest_option_and_bounds_shows_what_it_scores() {
    let file = repo_path("scenarios/late_delivery.ron");
    let file = file.to_str().unwrap();
    let scenario = rapport::engine::scenario::load::load_path(std::path::Path::new(file))
        .scenario
        .unwrap();
    for (lang, code) in [
        (rapport::engine::domain::Lang::Zh, "zh"),
        (rapport::engine::domain::Lang::En, "en"),
    ] {
        let output = rapport(&[
            "play", file, "--policy", "longest", "--lang", code, "--json",
        ]);
        assert!(output.status.success(), "{output:?}");
        let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let turns = record["turns"].as_array().unwrap();
        assert!(!turns.is_empty());
        for turn in turns {
            let node = scenario.node(turn["node"].as_str().unwrap()).unwrap();
            let lengths: Vec<usize> = node
                .options()
                .iter()
                .map(|o| o.text.get(lang).chars().count())
                .collect();
            let chosen = turn["option"].as_u64().unwrap() as usize;
            assert_eq!(
                lengths[chosen],
                *lengths.iter().max().unwrap(),
                "{code}: {turn}"
            );
        }
    }
    let bounds = stdout(&rapport(&["bounds", file]));
    assert!(bounds.contains("always the longest reply: "), "{bounds}");
    assert!(
        bounds.contains("always the most empathy words: "),
        "{bounds}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&rapport(&["bounds", file, "--json"]).stdout).unwrap();
    assert_eq!(json["baselines"].as_array().unwrap().len(), 6);
}

#[test]
fn two_files_with_one_scenario_id_are_an_error_on_the_second() {
    let dir = tempfile::tempdir().unwrap();
    let text = scenario_text("late_delivery");
    std::fs::write(dir.path().join("a.ron"), &text).unwrap();
    std::fs::write(dir.path().join("b.ron"), &text).unwrap();
    let output = rapport(&["check", &dir.path().display().to_string()]);
    assert!(!output.status.success());
    let printed = stdout(&output);
    assert!(
        printed.contains(
            "b.ron:4:9: error[duplicate_id]: the scenario id `late_delivery` is already used by"
        ),
        "{printed}"
    );
    assert!(printed.contains("1 ok, 1 with errors"), "{printed}");
}

#[test]
fn new_and_check_default_to_the_users_scenario_folder_the_app_reads() {
    let data = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .current_dir(elsewhere.path())
            .env("RAPPORT_DATA_DIR", data.path())
            .output()
            .unwrap()
    };
    assert!(run(&["new", "my_case"]).status.success());
    assert!(data.path().join("scenarios/my_case.ron").is_file());
    let checked = run(&["check"]);
    assert!(checked.status.success(), "{}", stdout(&checked));
    assert!(
        stdout(&checked).contains("1 file(s) checked: 1 ok"),
        "{}",
        stdout(&checked)
    );
}
