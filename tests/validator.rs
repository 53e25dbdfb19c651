//! Every kind of authoring error is reported with the right kind, at the right place, with a hint.

mod common;

use common::{position_of, replace_once, scenario_text};
use rapport::engine::scenario::diagnostic::{Diagnostic, Kind, Severity};
use rapport::engine::scenario::load::{load_bytes, load_library, load_str};

const BASE: &str = "late_delivery";

/// The opening's best reply in late_delivery, as written (zh and en on their own lines): tests
/// break copies of it.
const OPENING_ZH: &str = "zh: \"{address}，我听得出您非常着急——明天一早就要演示，东西却还在路上。请把订单号告诉我，我马上查。\",";
const OPENING_EN: &str = "en: \"{address}, I can hear how urgent this is — you present first thing tomorrow and the parcel is still on the road. Give me the order number and I'll look right now.\",";
const OPENING_GAP: &str = "\n                        ";

/// late_delivery with the opening's best reply on one line, then `rest` after its zh text.
fn opening_on_one_line(rest: &str) -> String {
    replace_once(
        &scenario_text(BASE),
        &format!("{OPENING_ZH}{OPENING_GAP}{OPENING_EN}"),
        &format!("{OPENING_ZH} {rest}"),
    )
}

fn errors(text: &str) -> Vec<Diagnostic> {
    let loaded = load_str("test.ron", text);
    assert!(
        loaded.scenario.is_none(),
        "a scenario with errors must not be usable"
    );
    loaded
        .report
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The single error of `kind`, checked to sit at `needle` and to carry a hint.
fn the_error(text: &str, kind: Kind, needle: &str) -> Diagnostic {
    let found = errors(text);
    let matching: Vec<&Diagnostic> = found.iter().filter(|d| d.kind == kind).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected one {kind:?} error, got {found:#?}"
    );
    let diagnostic = matching[0].clone();
    assert_eq!(
        (diagnostic.line, diagnostic.column),
        position_of(text, needle),
        "{diagnostic:#?}"
    );
    assert!(
        diagnostic.hint.as_deref().is_some_and(|h| !h.is_empty()),
        "no hint: {diagnostic:#?}"
    );
    diagnostic
}

#[test]
fn the_shipped_scenarios_are_clean() {
    for id in common::shipped_ids() {
        let id = id.as_str();
        let loaded = load_str(id, &scenario_text(id));
        assert!(
            loaded.scenario.is_some(),
            "{:#?}",
            loaded.report.diagnostics
        );
        assert!(
            loaded.report.diagnostics.is_empty(),
            "{:#?}",
            loaded.report.diagnostics
        );
    }
}

#[test]
fn syntax_error_keeps_rons_position() {
    let base = scenario_text(BASE);
    let version = common::line_starting(&base, "version:");
    let text = replace_once(
        &base,
        &format!("{version}\n"),
        &format!("{}\n", version.trim_end_matches(',')),
    );
    let found = errors(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, Kind::Syntax);
    // ron notices the missing comma at the next field.
    assert_eq!(found[0].line, position_of(&text, "    title:").0);
    assert!(found[0].hint.as_deref().unwrap().contains("comma"));
}

#[test]
fn unclosed_string_and_truncation_are_syntax_errors() {
    let truncated = &scenario_text(BASE)[..2000];
    let found = errors(truncated);
    assert_eq!(found.len(), 1);
    assert!(matches!(found[0].kind, Kind::Syntax | Kind::Shape));
}

#[test]
fn unknown_technique_names_the_closest_id() {
    let text = replace_once(
        &scenario_text(BASE),
        "techniques: [emotion_first],\n                    effect: (anger: -8, anxiety: -5, trust: 8)",
        "techniques: [emotion_frist],\n                    effect: (anger: -8, anxiety: -5, trust: 8)",
    );
    let diagnostic = the_error(&text, Kind::UnknownId, "emotion_frist");
    assert!(
        diagnostic.message.contains("technique"),
        "{}",
        diagnostic.message
    );
    assert!(
        diagnostic
            .hint
            .unwrap()
            .starts_with("did you mean `emotion_first`?")
    );
}

#[test]
fn unknown_step_and_style_are_unknown_ids() {
    let text = replace_once(
        &scenario_text(BASE),
        "steps: [validate],\n                    effect: (anger: -8",
        "steps: [validation],\n                    effect: (anger: -8",
    );
    the_error(&text, Kind::UnknownId, "validation]");
    let text = replace_once(&scenario_text(BASE), "style: dominant", "style: bossy");
    the_error(&text, Kind::UnknownId, "bossy");
}

#[test]
fn unknown_and_missing_fields_are_shape_errors() {
    let base = scenario_text(BASE);
    let version = common::line_starting(&base, "version:");
    let text = replace_once(&base, version, &format!("{version}\n    verison: 2,"));
    let diagnostic = the_error(&text, Kind::Shape, "verison");
    assert!(diagnostic.hint.unwrap().contains("`version`"));
    let text = replace_once(&scenario_text(BASE), "    start: \"opening\",\n", "");
    let diagnostic = errors(&text).remove(0);
    assert_eq!(diagnostic.kind, Kind::Shape);
    assert!(
        diagnostic.message.contains("missing field `start`"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn wrong_value_type_is_a_shape_error_with_a_hint() {
    let text = replace_once(&scenario_text(BASE), "id: \"late_delivery\"", "id: 42");
    let diagnostic = errors(&text).remove(0);
    assert_eq!(diagnostic.kind, Kind::Shape);
    assert!(diagnostic.hint.unwrap().contains("double quotes"));
}

#[test]
fn dangling_link_points_at_the_next_field() {
    let text = replace_once(&scenario_text(BASE), "next: \"needs\"", "next: \"neds\"");
    let diagnostic = the_error(&text, Kind::DanglingLink, "\"neds\"");
    assert_eq!(diagnostic.hint.unwrap(), "did you mean `needs`?");
}

#[test]
fn dangling_start_and_escalation_are_reported() {
    let text = replace_once(
        &scenario_text(BASE),
        "start: \"opening\"",
        "start: \"nowhere\"",
    );
    the_error(&text, Kind::DanglingLink, "\"nowhere\"");
    let text = replace_once(
        &scenario_text(BASE),
        "ending: \"escalated_end\"",
        "ending: \"resolved_end\"",
    );
    the_error(&text, Kind::WrongNodeKind, "\"resolved_end\")");
}

#[test]
fn duplicate_node_id_points_at_the_second_one() {
    let text = replace_once(
        &scenario_text(BASE),
        "id: \"unresolved_end\"",
        "id: \"resolved_end\"",
    );
    let found = errors(&text);
    let duplicate = found
        .iter()
        .find(|d| d.kind == Kind::DuplicateId)
        .expect("duplicate reported");
    let second = text.rfind("id: \"resolved_end\"").unwrap();
    let (line, _) = position_of(&text[..second], "\n");
    assert!(duplicate.line > line, "{duplicate:#?}");
    assert!(
        duplicate
            .hint
            .as_deref()
            .unwrap()
            .contains("first defined at line")
    );
}

#[test]
fn unreachable_node_is_reported_at_its_id() {
    let orphan = "        Ending(\n            id: \"orphan\",\n            outcome: resolved,\n            text: (zh: \"孤立\", en: \"Orphan\"),\n        ),\n    ],\n)";
    let text = scenario_text(BASE);
    let end = text.rfind("    ],\n)").unwrap();
    let text = format!("{}{}", &text[..end], orphan);
    the_error(&text, Kind::UnreachableNode, "\"orphan\"");
}

#[test]
fn empty_option_list_is_reported() {
    let text = scenario_text(BASE);
    // Empty the options of `guarded_close` (the first `options: [` after its id).
    let node = text.find("id: \"guarded_close\"").unwrap();
    let start = node + text[node..].find("options: [").unwrap();
    let end = start + text[start..].find("\n            ],\n").unwrap() + "\n            ],".len();
    let text = format!("{}options: [],{}", &text[..start], &text[end + 1..]);
    let found = errors(&text);
    assert!(
        found.iter().any(|d| d.kind == Kind::EmptyOptions),
        "{found:#?}"
    );
}

fn minimal() -> String {
    let text = std::fs::read_to_string(common::repo_path("tests/fixtures/minimal.ron")).unwrap();
    assert!(
        load_str("minimal.ron", &text).scenario.is_some(),
        "the fixture itself is valid"
    );
    text
}

#[test]
fn cycle_without_exit_is_no_way_out() {
    // Point every exit back into the probe ⇄ ask loop.
    let text = replace_once(&minimal(), "next: \"done\"", "next: \"probe\"");
    let text = replace_once(&text, "next: \"escalated\",", "next: \"ask\",");
    let trapped = the_error(&text, Kind::NoWayOut, "\"probe\",\n            customer");
    assert!(trapped.message.contains("loop"), "{}", trapped.message);
    assert!(
        trapped.message.contains("`probe`") && trapped.message.contains("`ask`"),
        "{}",
        trapped.message
    );
}

#[test]
fn a_turn_leading_only_to_a_dead_end_is_no_way_out() {
    let text = minimal();
    let start = text.find("id: \"ask\"").unwrap();
    let options = start + text[start..].find("options: [").unwrap();
    let close =
        options + text[options..].find("\n            ],").unwrap() + "\n            ],".len();
    let text = format!("{}options: [],{}", &text[..options], &text[close..]);
    let text = replace_once(&text, "next: \"escalated\",", "next: \"ask\",");
    let found = errors(&text);
    assert!(
        found.iter().any(|d| d.kind == Kind::EmptyOptions),
        "{found:#?}"
    );
    let dead_end = found
        .iter()
        .find(|d| d.kind == Kind::NoWayOut)
        .expect("no way out");
    assert!(
        dead_end.message.starts_with("dead end"),
        "{}",
        dead_end.message
    );
}

#[test]
fn missing_translation_points_at_the_empty_language() {
    let text = replace_once(
        &scenario_text(BASE),
        "en: \"Impatient, clipped\"",
        "en: \"  \"",
    );
    let diagnostic = the_error(&text, Kind::MissingTranslation, "\"  \"");
    assert!(diagnostic.message.contains("English"));
}

#[test]
fn emotions_out_of_range_are_reported() {
    let text = replace_once(
        &scenario_text(BASE),
        "anxiety: 70, disappointment: 50",
        "anxiety: 170, disappointment: 50",
    );
    the_error(&text, Kind::OutOfRange, "170");
    let text = replace_once(
        &scenario_text(BASE),
        "effect: (anger: 30),",
        "effect: (anger: 300),",
    );
    the_error(&text, Kind::OutOfRange, "300");
}

#[test]
fn invalid_utf8_is_reported_with_a_position() {
    let mut bytes = b"Scenario(\n  id: \"x".to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFE]);
    let loaded = load_bytes("bad.ron", &bytes);
    let diagnostic = &loaded.report.diagnostics[0];
    assert_eq!(diagnostic.kind, Kind::Unreadable);
    assert_eq!((diagnostic.line, diagnostic.column), (2, 9));
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let text = format!("\u{feff}{}", scenario_text(BASE).replace('\n', "\r\n"));
    let loaded = load_bytes("crlf.ron", text.as_bytes());
    assert!(
        loaded.scenario.is_some(),
        "{:#?}",
        loaded.report.diagnostics
    );
}

#[test]
fn an_option_that_earns_nothing_is_only_a_warning() {
    let text = replace_once(
        &scenario_text(BASE),
        "                    techniques: [closed_question],\n                    effect: (anger: 5),",
        "                    effect: (anger: 5),",
    );
    let loaded = load_str("warn.ron", &text);
    assert!(loaded.scenario.is_some());
    assert_eq!(loaded.report.diagnostics.len(), 1);
    assert_eq!(loaded.report.diagnostics[0].kind, Kind::Suspicious);
    assert_eq!(loaded.report.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a_good.ron"), scenario_text(BASE)).unwrap();
    std::fs::write(dir.path().join("b_broken.ron"), "Scenario(").unwrap();
    std::fs::write(
        dir.path().join("c_good.ron"),
        scenario_text("broadband_runaround"),
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
    let loaded = load_library(&[dir.path().to_path_buf()]);
    let usable: Vec<bool> = loaded.iter().map(|f| f.scenario.is_some()).collect();
    assert_eq!(usable, vec![true, false, true]);
}

/// Both languages are complete and really are those languages: Chinese text contains Chinese,
/// English text contains none (a forgotten translation is usually a copy of the other language).
#[test]
fn every_shipped_text_is_complete_in_both_languages() {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for id in common::shipped_ids() {
        let mut scenario = load_str(&id, &scenario_text(&id)).scenario.expect("valid");
        let mut names = vec![scenario.persona.name.clone()];
        names.extend(
            scenario
                .persona
                .variation
                .names
                .iter()
                .flat_map(|v| [v.name.clone(), v.address.clone()]),
        );
        for text in scenario.texts_mut().into_iter().chain(names.iter_mut()) {
            assert!(
                text.zh.chars().any(is_cjk),
                "{id}: Chinese text without Chinese: {:?}",
                text.zh
            );
            assert!(
                !text.en.trim().is_empty() && !text.en.chars().any(is_cjk),
                "{id}: English text {:?}",
                text.en
            );
        }
    }
}

#[test]
fn the_headline_and_the_excerpt_give_the_same_column_on_a_chinese_line() {
    let text = opening_on_one_line(&OPENING_EN.replacen("en:", "enn:", 1));
    let loaded = rapport::engine::scenario::load::load_str("late.ron", &text);
    let rendered = loaded.report.render(false);
    let (line, column) = common::position_of(&text, "enn:");
    assert!(
        rendered.contains(&format!("late.ron:{line}:{column}: error[shape]")),
        "{rendered}"
    );
    assert!(
        rendered.contains(&format!("[late.ron:{line}:{column}]")),
        "the excerpt counts characters too: {rendered}"
    );
    // And so does the JSON `check --format json` prints.
    let json = serde_json::to_value(&loaded.report.diagnostics[0]).unwrap();
    assert_eq!(json["line"], line);
    assert_eq!(json["column"], column);
}

#[test]
fn five_different_mistakes_give_five_diagnostics_from_one_run_in_order() {
    let text = scenario_text(BASE);
    // A missing English text, an unknown technique, an unknown field, an effect out of range and
    // a link to nowhere, in that order through the file.
    let text = text.replacen(
        "techniques: [emotion_first],",
        "techniques: [emotion_frist],",
        1,
    );
    let text = replace_once(&text, &format!("{OPENING_GAP}{OPENING_EN}"), "");
    let text = replace_once(
        &text,
        "anti_patterns: [passing_the_buck, defensive_arguing],",
        "anti_patterns: [passing_the_buck, defensive_arguing],\n                    colour: \"red\",",
    );
    let text = replace_once(
        &text,
        "effect: (anger: 18, trust: -10),",
        "effect: (anger: 180, trust: -10),",
    );
    let text = text.replacen("next: \"buck_passed\",", "next: \"buck_passd\",", 1);

    let found = errors(&text);
    let summary: Vec<String> = found
        .iter()
        .map(|d| format!("{}:{} {} {}", d.line, d.column, d.kind.id(), d.message))
        .collect();
    let expected = [
        (Kind::Shape, "missing field `en`"),
        (Kind::UnknownId, "emotion_frist"),
        (Kind::Shape, "unknown field `colour`"),
        (Kind::OutOfRange, "anger is 180"),
        (Kind::DanglingLink, "buck_passd"),
    ];
    assert_eq!(found.len(), expected.len(), "{summary:#?}");
    for ((kind, words), diagnostic) in expected.iter().zip(&found) {
        assert_eq!(diagnostic.kind, *kind, "{summary:#?}");
        assert!(diagnostic.message.contains(words), "{summary:#?}");
    }
    // Each sits at its own mistake, in the author's text.
    assert_eq!(
        (found[1].line, found[1].column),
        position_of(&text, "emotion_frist")
    );
    assert_eq!(found[2].line, position_of(&text, "colour").0);
    assert_eq!(found[3].line, position_of(&text, "anger: 180").0);
    assert_eq!(found[4].line, position_of(&text, "\"buck_passd\"").0);
}

#[test]
fn an_unclosed_bracket_is_named_with_where_it_opened_and_where_it_was_noticed() {
    let text = scenario_text(BASE);
    let cases = [
        // A choice missing its `),`.
        (
            "                    next: \"order_check\",\n                ),\n                Choice(\n                    text: (\n                        zh: \"好的，{address}，麻烦您先报",
            "                    next: \"order_check\",\n                Choice(\n                    text: (\n                        zh: \"好的，{address}，麻烦您先报",
            "`Choice(` at",
        ),
        // A list missing its `]`.
        (
            "                    next: \"buck_passed\",\n                ),\n            ],",
            "                    next: \"buck_passed\",\n                ),",
            "`options: [` at",
        ),
    ];
    for (from, to, named) in cases {
        assert!(text.contains(from));
        let broken = text.replacen(from, to, 1);
        let found = errors(&broken);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, Kind::Syntax);
        assert!(found[0].message.starts_with(named), "{found:#?}");
        assert!(found[0].message.ends_with("is never closed"), "{found:#?}");
        assert_eq!(
            found[0].also.len(),
            1,
            "the place it was noticed: {found:#?}"
        );
        assert!(found[0].also[0].line > found[0].line);
        let rendered = load_str("test.ron", &broken).report.render(false);
        assert!(rendered.contains("opened here"), "{rendered}");
    }
    // The final `)` missing.
    let broken = text.trim_end().strip_suffix(')').unwrap().to_owned();
    let found = errors(&broken);
    assert_eq!(
        found[0].message, "`Scenario(` at 3:1 is never closed",
        "{found:#?}"
    );
    assert!(
        found[0].also[0].line >= broken.lines().count(),
        "{found:#?}"
    );
}

#[test]
fn the_documented_writing_rules_are_warnings_of_their_own_kinds() {
    let text = scenario_text(BASE);
    let text = replace_once(
        &text,
        "the parcel is still on the road. Give me the order number and I'll look right now.",
        "the parcel is still on the road. Give me the order number and I'll look right now。",
    );
    let text = replace_once(
        &text,
        "东西却还在路上。请把订单号告诉我",
        "东西却还在路上,请把订单号告诉我",
    );
    let text = text.replacen("on the road. Give me", "on the road, {adress}. Give me", 1);
    let text = text.replacen(
        "zh: \"我的订单昨天就该到了",
        "zh: \"Where is my parcel 我的订单昨天就该到了",
        1,
    );
    let loaded = load_str("test.ron", &text);
    assert!(loaded.scenario.is_some(), "warnings only");
    let kinds: Vec<(Kind, String)> = loaded
        .report
        .diagnostics
        .iter()
        .map(|d| (d.kind, format!("{} {:?}", d.message, d.hint)))
        .collect();
    let has = |kind: Kind, words: &str| {
        kinds
            .iter()
            .any(|(k, text)| *k == kind && text.contains(words))
    };
    assert!(
        has(Kind::UnknownPlaceholder, "did you mean `{address}`"),
        "{kinds:#?}"
    );
    assert!(
        has(Kind::MixedScript, "ASCII `,` in Chinese text"),
        "{kinds:#?}"
    );
    assert!(
        has(Kind::MixedScript, "English text in a Chinese"),
        "{kinds:#?}"
    );
    assert!(
        has(Kind::MixedScript, "Chinese `。` in English text"),
        "{kinds:#?}"
    );

    // A turn of two options, two of which say the same.
    let minimal = std::fs::read_to_string(common::repo_path("tests/fixtures/minimal.ron")).unwrap();
    let doubled = minimal.replacen(
        "text: (zh: \"合同上都写了。\", en: \"It's all in the contract.\")",
        "text: (zh: \"您最担心哪一部分？\", en: \"Which part worries you MOST?\")",
        1,
    );
    let loaded = load_str("minimal.ron", &doubled);
    let kinds: Vec<Kind> = loaded.report.diagnostics.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&Kind::OptionCount), "{kinds:?}");
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == Kind::DuplicateOption)
            .count(),
        2,
        "both languages repeat: {:#?}",
        loaded.report.diagnostics
    );
}

#[test]
fn an_id_in_the_wrong_list_says_where_it_belongs_and_links_its_definition() {
    let text = scenario_text(BASE).replacen(
        "steps: [observe_listen, identify_emotion],",
        "steps: [observe_listen, emotion_first],",
        1,
    );
    let found = errors(&text);
    let hint = found[0].hint.clone().unwrap_or_default();
    assert_eq!(found[0].message, "unknown empathy step `emotion_first`");
    assert!(
        hint.starts_with("`emotion_first` is a technique, not an empathy step: it belongs in an option's `techniques: [...]`"),
        "{hint}"
    );
    assert!(hint.contains("rapport explain emotion_first"), "{hint}");
    let typo = errors(&scenario_text(BASE).replacen("[emotion_first]", "[emotion_frist]", 1));
    assert!(
        typo[0]
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("`rapport explain emotion_first` defines it")
    );
}

#[test]
fn a_problem_on_a_twenty_thousand_character_line_is_shown_in_a_window_at_the_same_column() {
    let long_text = "甲".repeat(10_000) + &"b".repeat(10_000);
    let long_zh = OPENING_ZH.replacen("马上查。", &format!("马上查。{long_text}"), 1);
    let text = replace_once(
        &scenario_text(BASE),
        &format!("{OPENING_ZH}{OPENING_GAP}{OPENING_EN}"),
        &format!("{long_zh} {}", OPENING_EN.replacen("en:", "enn:", 1)),
    );
    let loaded = load_str("late.ron", &text);
    let rendered = loaded.report.render(false);
    let (line, column) = position_of(&text, "enn:");
    assert!(column > 20_000);
    assert!(
        rendered.contains(&format!("late.ron:{line}:{column}: error[shape]")),
        "{rendered}"
    );
    assert!(
        rendered.contains(&format!("[late.ron:{line}:{column}]")),
        "{rendered}"
    );
    let longest = rendered.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 400, "a line of {longest} characters was printed");
    // The window shows the field the problem is about, cut with an ellipsis.
    let shown = rendered
        .lines()
        .find(|l| l.contains("enn:"))
        .expect("the field is shown");
    assert!(shown.contains("…bbb"), "{shown}");
}

#[test]
fn an_options_reaction_is_checked_like_every_text_and_recorded_when_chosen() {
    // The opening's best reply gets the customer's immediate reaction.
    let with_reaction = |en: &str| {
        replace_once(
            &scenario_text(BASE),
            &format!("{OPENING_ZH}{OPENING_GAP}{OPENING_EN}"),
            &format!(
                "{OPENING_ZH}{OPENING_GAP}{OPENING_EN}\n                    ),\n                    reaction: Some((zh: \"……好，订单号我这就发。\", en: \"{en}\")),\n                    dummy: ("
            ),
        )
        .replacen("                    dummy: (\n                    ),\n", "", 1)
    };
    let blank = with_reaction("");
    let found = errors(&blank);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, Kind::MissingTranslation);
    assert_eq!(found[0].line, position_of(&blank, "reaction:").0);

    let good = with_reaction("...Fine, here's the order number.");
    let loaded = load_str("test.ron", &good);
    let scenario = std::sync::Arc::new(loaded.scenario.expect("valid"));
    let mut session = rapport::engine::play::session::Session::start(
        scenario,
        std::sync::Arc::new(rapport::engine::play::rubric::Rubric::builtin()),
        1,
        0,
    );
    session.choose_file_option(0).unwrap();
    let reaction = session.transcript()[0].reaction.clone().expect("recorded");
    assert_eq!(reaction.en, "...Fine, here's the order number.");
}

/// The minimal fixture, with `edits` (from, to) applied once each.
fn minimal_with(edits: &[(&str, &str)]) -> String {
    let mut text =
        std::fs::read_to_string(common::repo_path("tests/fixtures/minimal.ron")).expect("fixture");
    for (from, to) in edits {
        text = replace_once(&text, from, to);
    }
    text
}

/// Every diagnostic of `kind` in `text`, errors and warnings.
fn all_of(text: &str, kind: Kind) -> Vec<Diagnostic> {
    load_str("test.ron", text)
        .report
        .diagnostics
        .into_iter()
        .filter(|d| d.kind == kind)
        .collect()
}

/// The probe's first option remembers that the customer was asked.
const ASKED: (&str, &str) = (
    "next: \"ask\", // to ask",
    "set: [\"asked += 1\"], next: \"ask\", // to ask",
);

#[test]
fn a_condition_or_change_that_does_not_parse_is_an_error_at_its_string() {
    let text = minimal_with(&[
        (
            "next: \"ask\", // to ask",
            "set: [\"asked =+ 1\"], next: \"ask\", // to ask",
        ),
        (
            "customer: (zh: \"主要是维修要等多久。\", en: \"Mostly how long repairs take.\"),",
            "customer: (zh: \"主要是维修要等多久。\", en: \"Mostly how long repairs take.\"),\n            lines: [(when: [\"asked = 1\"], text: (zh: \"还是那个问题。\", en: \"Same question.\"))],",
        ),
    ]);
    let found = all_of(&text, Kind::StateSyntax);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        (found[0].line, found[0].column),
        position_of(&text, "\"asked =+ 1\"")
    );
    assert_eq!(
        (found[1].line, found[1].column),
        position_of(&text, "\"asked = 1\"")
    );
    assert!(
        found[1].hint.as_deref().unwrap().contains("asked == 1"),
        "{found:#?}"
    );
    assert!(load_str("test.ron", &text).scenario.is_none());
}

#[test]
fn a_condition_on_a_name_nothing_sets_is_an_error_with_the_likely_name() {
    let text = minimal_with(&[
        ASKED,
        (
            "customer: (zh: \"主要是维修要等多久。\", en: \"Mostly how long repairs take.\"),",
            "customer: (zh: \"主要是维修要等多久。\", en: \"Mostly how long repairs take.\"),\n            lines: [(when: [\"askd >= 2\"], text: (zh: \"还是那个问题。\", en: \"Same question.\"))],",
        ),
    ]);
    let diagnostic = the_error(&text, Kind::UnknownState, "\"askd >= 2\"");
    assert!(diagnostic.message.contains("askd"));
    assert!(diagnostic.hint.unwrap().contains("did you mean `asked`"));
}

#[test]
fn a_name_set_but_never_read_is_a_warning_where_it_is_set() {
    let text = minimal_with(&[ASKED]);
    let found = all_of(&text, Kind::UnusedState);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(
        (found[0].line, found[0].column),
        position_of(&text, "\"asked += 1\"")
    );
    assert!(
        load_str("test.ron", &text).scenario.is_some(),
        "a warning still loads"
    );
}

#[test]
fn lines_options_and_branches_that_no_conversation_meets_are_warned_about() {
    // `asked` only ever grows by one per visit; the loop probe → ask → probe meets ask with
    // asked = 1, 2, 3… so `asked >= 2` can hold there but `asked < 1` never can, nor
    // `asked < 0` anywhere.
    let text = minimal_with(&[
        ASKED,
        (
            "customer: (zh: \"主要是维修要等多久。\", en: \"Mostly how long repairs take.\"),",
            "customer: (zh: \"主要是维修要等多久。\", en: \"Mostly how long repairs take.\"),\n            lines: [\n                (when: [\"asked >= 2\"], text: (zh: \"又问一遍？\", en: \"Again?\")),\n                (when: [\"asked < 1\"], text: (zh: \"从没问过。\", en: \"Never asked.\")),\n            ],",
        ),
        (
            "anti_patterns: [defensive_arguing],",
            "anti_patterns: [defensive_arguing],\n                    when: [\"asked < 0\"],",
        ),
        (
            "next: \"done\",",
            "next: \"done\",\n                    next_if: [(when: [\"asked >= 1\"], next: \"done\"), (when: [\"asked >= 2\"], next: \"escalated\")],",
        ),
    ]);
    let found = all_of(&text, Kind::NeverHolds);
    let at: Vec<(usize, usize)> = found.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(
        at,
        vec![
            position_of(&text, "[\"asked < 0\"]"),
            position_of(&text, "[\"asked < 1\"]"),
            position_of(&text, "[\"asked >= 2\"], next: \"escalated\""),
        ],
        "the option never offered, the line never said, the branch an earlier one always beats: {found:#?}"
    );
    assert!(found.iter().all(|d| d.severity == Severity::Warning));
    assert!(
        found[1].hint.as_deref().unwrap().contains("asked = 1"),
        "{found:#?}"
    );
}

#[test]
fn a_node_reached_only_through_a_branch_that_never_holds_is_unreachable() {
    let text = minimal_with(&[
        (
            "next: \"ask\", // to ask",
            "set: [\"asked = 1\"], next: \"ask\", // to ask\n                    next_if: [(when: [\"asked >= 5\"], next: \"secret\")],",
        ),
        (
            "Ending(id: \"done\",",
            "Ending(id: \"secret\", outcome: resolved, text: (zh: \"秘密。\", en: \"Secret.\")),\n        Ending(id: \"done\",",
        ),
    ]);
    let diagnostic = the_error(&text, Kind::UnreachableNode, "\"secret\", outcome");
    assert!(diagnostic.message.contains("condition"), "{diagnostic:#?}");
    let never = all_of(&text, Kind::NeverHolds);
    assert_eq!(never.len(), 1, "{never:#?}");
}

#[test]
fn a_turn_whose_options_can_all_be_hidden_is_an_error() {
    let text = minimal_with(&[
        ASKED,
        (
            "techniques: [paraphrase_confirm],",
            "techniques: [paraphrase_confirm],\n                    when: [\"asked >= 3\"],",
        ),
        (
            "steps: [offer_support],",
            "steps: [offer_support],\n                    when: [\"asked >= 3\"],",
        ),
    ]);
    let diagnostic = the_error(
        &text,
        Kind::EmptyOptions,
        "[\n                Choice(\n                    text: (zh: \"我再确认",
    );
    assert!(diagnostic.message.contains("asked = 1"), "{diagnostic:#?}");
}
