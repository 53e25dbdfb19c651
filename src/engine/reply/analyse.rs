//! Reading one free reply on one customer turn: which steps, techniques and anti-patterns it
//! shows (each with the words that fired the rule and why), which authored option it is closest
//! to, and how sure the analyser is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::cues::{Cues, Tag, choice_tags, tags_of};
use super::model::{TagReading, Telling};
use super::text::{Normalised, script_of, terms};
use crate::engine::domain::{AntiPattern, Lang, Step, Technique};
use crate::engine::scenario::state::State;
use crate::engine::scenario::{Choice, Node, Scenario, Text};

/// How much a tag the reply and an option share counts towards matching them.
const TAG_WEIGHT_ANTI: f64 = 0.30;
const TAG_WEIGHT_STEP: f64 = 0.12;
const TAG_WEIGHT_TECHNIQUE: f64 = 0.05;
/// Below this confidence the trainee is asked which reply they meant.
pub const CONFIRM_BELOW: f64 = 0.35;

/// Why a tag was found: the rule, the words that fired it and the reason.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Evidence {
    pub tag: Tag,
    pub rule: String,
    /// Byte range of the words in the reply as typed.
    pub span: Range<usize>,
    pub words: String,
    pub reason: Text,
}

/// How close the reply is to one authored option.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionMatch {
    /// The option's index in the file.
    pub option: usize,
    /// Text similarity and tag agreement together; the ranking key.
    pub score: f64,
    /// Cosine similarity of the terms, 0–1.
    pub similarity: f64,
    /// Terms the reply and the option share, most telling first.
    pub shared: Vec<String>,
}

/// What the analyser could not read, said to the trainee instead of guessing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyProblem {
    /// Nothing but spaces, punctuation or emoji.
    Empty,
    /// Written in another language (or script) than the one being practised.
    OtherLanguage,
    /// Longer than the analyser reads; the rest was ignored.
    TooLong,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    pub lang: Lang,
    pub steps: Vec<Step>,
    pub techniques: Vec<Technique>,
    pub anti_patterns: Vec<AntiPattern>,
    pub evidence: Vec<Evidence>,
    /// Every option of the turn, closest first.
    pub ranked: Vec<OptionMatch>,
    /// The file index of the option the reply leads to; `None` when none fits.
    pub option: Option<usize>,
    /// 0–1: how clearly the best option stands out.
    pub confidence: f64,
    /// The trainee should pick which authored reply they meant, or rephrase.
    pub needs_confirmation: bool,
    pub problem: Option<ReplyProblem>,
}

impl Analysis {
    pub fn tags(&self) -> BTreeSet<Tag> {
        tags_of(&self.steps, &self.techniques, &self.anti_patterns)
    }

    /// Keeps the evidence `keep` accepts; the steps, techniques and anti-patterns are the tags of
    /// what is left, each once, in order. Every tag found is found through its evidence.
    /// Adds evidence found after the rules (from an option's wording, from the word model): the
    /// evidence stays in reading order and the tag lists in step with it.
    fn add_evidence(&mut self, more: impl IntoIterator<Item = Evidence>) {
        self.evidence.extend(more);
        self.evidence.sort_by_key(|e| (e.span.start, e.tag));
        self.keep_evidence(|_| true);
    }

    fn keep_evidence(&mut self, keep: impl Fn(&Evidence) -> bool) {
        self.evidence.retain(keep);
        let tags: BTreeSet<Tag> = self.evidence.iter().map(|e| e.tag).collect();
        self.steps.clear();
        self.techniques.clear();
        self.anti_patterns.clear();
        for tag in tags {
            match tag {
                Tag::Step(s) => self.steps.push(s),
                Tag::Technique(t) => self.techniques.push(t),
                Tag::AntiPattern(a) => self.anti_patterns.push(a),
            }
        }
    }
}

/// Analyses `reply` typed in `lang` on the customer turn `node` of `scenario`: the customer's
/// line and the scenario's background are what a reply can be specific about.
pub fn analyse_in(
    reply: &str,
    scenario: &Scenario,
    node: &Node,
    lang: Lang,
    cues: &Cues,
) -> Analysis {
    analyse_in_state(reply, scenario, node, &State::default(), lang, cues)
}

/// Analyses `reply` as [`analyse_in`] does, on the turn as a conversation in `state` meets it:
/// the line the customer said there, and only the options offered there.
pub fn analyse_in_state(
    reply: &str,
    scenario: &Scenario,
    node: &Node,
    state: &State,
    lang: Lang,
    cues: &Cues,
) -> Analysis {
    let context = scenario_context(scenario, lang);
    analyse_with_context(reply, node, state, lang, cues, &context, None)
}

/// Analyses `reply` as [`analyse_in`] does, for a trainee who has said which authored reply
/// they meant (`option`, by its index in the file): the conversation follows it, and its moves
/// count only as far as the reply is worded like it.
pub fn analyse_meaning(
    reply: &str,
    scenario: &Scenario,
    node: &Node,
    state: &State,
    lang: Lang,
    cues: &Cues,
    option: usize,
) -> Analysis {
    let context = scenario_context(scenario, lang);
    analyse_with_context(reply, node, state, lang, cues, &context, Some(option))
}

/// What a reply can be specific about besides the customer's line.
fn scenario_context(scenario: &Scenario, lang: Lang) -> String {
    format!(
        "{} {} {}",
        scenario.summary.get(lang),
        scenario.persona.background.get(lang),
        scenario.title.get(lang)
    )
}

fn analyse_with_context(
    reply: &str,
    node: &Node,
    state: &State,
    lang: Lang,
    cues: &Cues,
    context: &str,
    meant: Option<usize>,
) -> Analysis {
    let normalised = Normalised::new(reply);
    let mut problem = normalised.truncated.then_some(ReplyProblem::TooLong);
    match script_of(&normalised.text) {
        None => problem = Some(ReplyProblem::Empty),
        Some(script) if script != lang => problem = Some(ReplyProblem::OtherLanguage),
        Some(_) => {}
    }
    let customer = match node {
        Node::Turn { .. } => format!("{} {context}", node.line(state).get(lang)).to_lowercase(),
        Node::Ending { .. } => String::new(),
    };
    let evidence = if matches!(
        problem,
        Some(ReplyProblem::Empty | ReplyProblem::OtherLanguage)
    ) {
        Vec::new()
    } else {
        find_tags(&normalised, reply, &customer, lang, cues)
    };
    let mut analysis = Analysis {
        lang,
        steps: Vec::new(),
        techniques: Vec::new(),
        anti_patterns: Vec::new(),
        evidence,
        ranked: Vec::new(),
        option: None,
        confidence: 0.0,
        needs_confirmation: false,
        problem,
    };
    // The tag lists come from the evidence.
    analysis.keep_evidence(|_| true);
    if matches!(
        problem,
        Some(ReplyProblem::Empty | ReplyProblem::OtherLanguage)
    ) {
        analysis.needs_confirmation = true;
        return analysis;
    }
    let reading = cues
        .model()
        .map_or_else(Vec::new, |model| model.read(&normalised.text));
    add_from_model(&mut analysis, &normalised, reply, &reading);
    analysis.ranked = rank_options(&normalised.text, &analysis.tags(), node.options(), lang);
    // An option this conversation does not offer is no place to go.
    let offered = node.offered(state);
    analysis.ranked.retain(|m| offered.contains(&m.option));
    let best = analysis.ranked.first().map_or(0.0, |m| m.score);
    let second = analysis.ranked.get(1).map_or(0.0, |m| m.score);
    // A reply with nothing in common with any option, and no tag, leads nowhere.
    analysis.option = analysis
        .ranked
        .first()
        .filter(|m| m.similarity > 0.0 || !analysis.evidence.is_empty())
        .map(|m| m.option);
    let margin = ((best - second) / 0.2).clamp(0.0, 1.0);
    let strength = (best / 0.3).clamp(0.0, 1.0);
    analysis.confidence = if analysis.option.is_some() {
        0.7 * margin + 0.3 * strength
    } else {
        0.0
    };
    analysis.needs_confirmation = analysis.confidence < CONFIRM_BELOW;
    if let Some(meant) = meant.filter(|m| offered.contains(m)) {
        // The trainee said which authored reply they meant.
        analysis.option = Some(meant);
        analysis.confidence = 1.0;
        analysis.needs_confirmation = false;
    }
    if let Some(option) = analysis.option
        && analysis
            .ranked
            .iter()
            .any(|m| m.option == option && m.similarity >= LIKENESS_AT)
    {
        // Never taken from the option's wording: what only the trainee can say, and what the
        // word model finds no sign of in the reply's own words.
        let not_inherited: Vec<Tag> = cues
            .heard_only
            .iter()
            .copied()
            .chain(reading.iter().filter(|r| r.drops).map(|r| r.tag))
            .collect();
        settle_on(
            &mut analysis,
            &normalised,
            reply,
            node.options(),
            lang,
            option,
            &not_inherited,
        );
    }
    cancel(&mut analysis, cues);
    drop_orphans(&mut analysis, cues);
    analysis
}

/// A step or anti-pattern the rules missed is added when the word model gives it a good chance,
/// with the clause that weighs most as evidence and the terms that tipped it as the reason.
fn add_from_model(
    analysis: &mut Analysis,
    normalised: &Normalised,
    reply: &str,
    reading: &[TagReading],
) {
    let found = analysis.tags();
    let mut added = Vec::new();
    for read in reading {
        if found.contains(&read.tag) || !read.adds {
            continue;
        }
        let Some((clause, telling)) = telling_clause(&normalised.text, &read.telling) else {
            continue;
        };
        let span = normalised.original_range(&clause);
        added.push(Evidence {
            tag: read.tag,
            rule: "model".to_owned(),
            words: reply[span.clone()].to_owned(),
            span,
            reason: Text::new(
                format!(
                    "用词像培训师标为“{}”的回复（{:.0}%）{}",
                    read.tag.label(Lang::Zh),
                    read.probability * 100.0,
                    if telling.is_empty() {
                        String::new()
                    } else {
                        format!("：{}", telling.join("、"))
                    }
                ),
                format!(
                    "worded like replies trainers marked “{}” ({:.0}%){}",
                    read.tag.label(Lang::En),
                    read.probability * 100.0,
                    if telling.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", telling.join(", "))
                    }
                ),
            ),
        });
    }
    analysis.add_evidence(added);
}

/// The clause of the reply whose terms weigh most towards a tag, and its telling terms to show:
/// at most three, no single Chinese character when a longer term is there, none that is part of
/// another shown.
fn telling_clause<'a>(text: &str, telling: &'a [Telling]) -> Option<(Range<usize>, Vec<&'a str>)> {
    let mut clauses: Vec<(Range<usize>, f64)> = Vec::new();
    for t in telling {
        let clause = clause_around(text, &t.range);
        match clauses.iter_mut().find(|(c, _)| *c == clause) {
            Some((_, weight)) => *weight += t.weight,
            None => clauses.push((clause, t.weight)),
        }
    }
    let (clause, _) = clauses
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.start.cmp(&a.0.start)))?;
    // Only terms the reply spells as shown: a pair of characters either side of a comma is a
    // term of the model, but not words the trainee wrote.
    let inside: Vec<&Telling> = telling
        .iter()
        .filter(|t| t.range.start >= clause.start && t.range.end <= clause.end)
        .filter(|t| text[t.range.clone()] == t.term)
        .collect();
    let single_han = |t: &&Telling| t.term.chars().count() == 1 && !t.term.is_ascii();
    let longer: Vec<&Telling> = inside.iter().copied().filter(|t| !single_han(t)).collect();
    let candidates = if longer.is_empty() { inside } else { longer };
    let mut shown: Vec<&str> = Vec::new();
    for t in candidates {
        if shown.len() < 3 && !shown.iter().any(|s| s.contains(t.term.as_str())) {
            shown.retain(|s| !t.term.contains(*s));
            shown.push(&t.term);
        }
    }
    Some((clause, shown))
}

/// The clause of `text` (between sentence or clause punctuation) that holds `range`, without the
/// spaces around it. `text` is normalised: full-width punctuation is already folded to ASCII.
fn clause_around(text: &str, range: &Range<usize>) -> Range<usize> {
    // A full stop ends a clause when a space or the end follows it ("Mr. Wang" is one clause, and
    // so is "3.5").
    let is_break = |at: usize, c: char| {
        ",!?;:。…".contains(c)
            || (c == '.' && text[at + 1..].chars().next().is_none_or(|n| n == ' '))
    };
    let start = text[..range.start]
        .char_indices()
        .rev()
        .find(|&(at, c)| is_break(at, c))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let end = text[range.end..]
        .char_indices()
        .find(|&(at, c)| is_break(range.end + at, c))
        .map_or(text.len(), |(at, _)| range.end + at)
        .max(range.end);
    let clause = &text[start..end];
    let start = start + (clause.len() - clause.trim_start().len());
    let end = end - (clause.len() - clause.trim_end().len());
    start..end.max(start)
}

/// Evidence a `words_of` rule took from another tag goes when that tag has gone (a technique
/// the matched option does not make, a tag cancelled), and so does a tag left with no evidence.
fn drop_orphans(analysis: &mut Analysis, cues: &Cues) {
    let present: BTreeSet<Tag> = analysis.evidence.iter().map(|e| e.tag).collect();
    let orphan = |e: &Evidence| {
        cues.rules.iter().any(|rule| {
            rule.id == e.rule
                && !rule.words_of.is_empty()
                && !rule.words_of.iter().any(|tag| present.contains(tag))
        })
    };
    analysis.keep_evidence(|e| !orphan(e));
}

/// Drops the tags another tag found in the reply cancels, with their evidence.
fn cancel(analysis: &mut Analysis, cues: &Cues) {
    // What the word model alone added cancels nothing: it is a likelihood, not a rule.
    let found: BTreeSet<Tag> = analysis
        .evidence
        .iter()
        .filter(|e| e.rule != "model")
        .map(|e| e.tag)
        .collect();
    let dropped: BTreeSet<Tag> = cues
        .cancels
        .iter()
        .filter(|c| c.by.iter().any(|tag| found.contains(tag)))
        .flat_map(|c| c.tags.iter().copied())
        .collect();
    if dropped.is_empty() {
        return;
    }
    analysis.keep_evidence(|e| !dropped.contains(&e.tag));
}

/// A reply at least this similar to one phrasing of an option (its text or an example) makes that
/// option's moves. Chosen on the tuning replies; see docs/reply-analyser.md.
pub const LIKENESS_AT: f64 = 0.1;

/// Settles the moves of a reply that leads to `option`: the option's steps, techniques and
/// anti-patterns that no cue found, and that are not `not_inherited`, are added with the shared
/// words as evidence; techniques a
/// cue found that the option does not make are dropped (alone, technique cues over-fire).
/// Steps and anti-patterns the cues found are kept: a trainee can do more, or worse, than the
/// authored reply.
fn settle_on(
    analysis: &mut Analysis,
    normalised: &Normalised,
    reply: &str,
    options: &[Choice],
    lang: Lang,
    option: usize,
    not_inherited: &[Tag],
) {
    let Some(matched) = analysis.ranked.iter().find(|m| m.option == option).cloned() else {
        return;
    };
    let Some(choice) = options.get(option) else {
        return;
    };
    let theirs = choice_tags(choice);
    analysis.keep_evidence(|e| !matches!(e.tag, Tag::Technique(_)) || theirs.contains(&e.tag));
    let found = analysis.tags();
    let inherited: Vec<Tag> = theirs
        .into_iter()
        .filter(|tag| !found.contains(tag) && !not_inherited.contains(tag))
        .collect();
    let span =
        normalised.original_range(&longest_shared_run(&normalised.text, &matched.shared, lang));
    // The telling shared terms, without one that is part of another already named.
    let mut shown: Vec<String> = Vec::new();
    for term in &matched.shared {
        if shown.len() < 4 && !shown.iter().any(|s| s.contains(term.as_str())) {
            shown.retain(|s| !term.contains(s.as_str()));
            shown.push(term.clone());
        }
    }
    let authored = authored_excerpt(choice, lang);
    let evidence = inherited.into_iter().map(|tag| Evidence {
        tag,
        rule: "likeness".to_owned(),
        words: reply[span.clone()].to_owned(),
        span: span.clone(),
        reason: Text::new(
            format!(
                "说法接近参考回应「{authored}…」（共有：{}），它做到了这一点",
                shown.join("、")
            ),
            format!(
                "worded like the authored reply “{authored}…” (shared: {}), which does this",
                shown.join(", ")
            ),
        ),
    });
    analysis.add_evidence(evidence);
}

/// Runs every rule for the language: rules with `any` first, then those with `without` (on what
/// the first found), then those with `words_of` (on what all the others found).
fn find_tags(
    normalised: &Normalised,
    reply: &str,
    customer: &str,
    lang: Lang,
    cues: &Cues,
) -> Vec<Evidence> {
    let text = normalised.text.as_str();
    let theirs = customer_terms(customer, lang);
    let specific = shares_two_terms(text, &theirs, lang);
    // Each piece of evidence with the range of the normalised text it covers.
    let mut found: Vec<(Evidence, Range<usize>)> = Vec::new();
    let mut deferred = Vec::new();
    let mut taking_words = Vec::new();
    for rule in cues
        .rules
        .iter()
        .filter(|r| r.lang.is_none_or(|l| l == lang))
    {
        if rule.generic && specific {
            continue;
        }
        if rule.unless.iter().any(|p| p.is_match(text)) {
            continue;
        }
        if !rule.with.is_empty() && !rule.with.iter().any(|p| p.is_match(text)) {
            continue;
        }
        if !rule.words_of.is_empty() {
            taking_words.push(rule);
            continue;
        }
        if rule.specific && !specific {
            continue;
        }
        let hit = rule.any.iter().find_map(|pattern| {
            pattern.find_iter(text).find(|m| {
                rule.after.is_empty()
                    || rule
                        .after
                        .iter()
                        .any(|before| before.is_match(&text[..m.start()]))
            })
        });
        let Some(hit) = hit else { continue };
        let range = whole_words(text, hit.range());
        let span = normalised.original_range(&range);
        let evidence = Evidence {
            tag: rule.tag,
            rule: rule.id.clone(),
            words: reply[span.clone()].to_owned(),
            span,
            reason: rule.reason.clone(),
        };
        if rule.without.is_empty() {
            found.push((evidence, range));
        } else {
            deferred.push((evidence, range, &rule.without));
        }
    }
    let first_pass: BTreeSet<Tag> = found.iter().map(|(e, _)| e.tag).collect();
    for (evidence, range, without) in deferred {
        if !without.iter().any(|tag| first_pass.contains(tag)) {
            found.push((evidence, range));
        }
    }
    // A rule that takes another tag's words fires on the earliest of them, once every other rule
    // has been decided (so what it adds cancels no `without` rule). For `specific`, the reply
    // must pick up the customer's words elsewhere than in those words: echoing "换了谁都会生气"
    // back is not understanding their situation.
    let mut taken = Vec::new();
    for rule in taking_words {
        let source = found
            .iter()
            .filter(|(e, _)| rule.words_of.contains(&e.tag))
            .min_by_key(|(e, _)| e.span.start);
        let Some((other, range)) = source else {
            continue;
        };
        if rule.specific {
            let mut rest = text.to_owned();
            rest.replace_range(range.clone(), " ");
            if !shares_two_terms(&rest, &theirs, lang) {
                continue;
            }
        }
        taken.push((
            Evidence {
                tag: rule.tag,
                rule: rule.id.clone(),
                reason: rule.reason.clone(),
                ..other.clone()
            },
            range.clone(),
        ));
    }
    found.extend(taken);
    let mut found: Vec<Evidence> = found.into_iter().map(|(e, _)| e).collect();
    found.sort_by_key(|e| (e.span.start, e.tag));
    found
}

/// The longest stretch of the reply covered by terms it shares with an authored reply (terms
/// that touch or overlap join up), to show where the likeness is.
fn longest_shared_run(text: &str, shared: &[String], lang: Lang) -> Range<usize> {
    let mut covered: Vec<Range<usize>> = terms(text, lang)
        .into_iter()
        .filter(|(term, _)| shared.contains(term))
        .map(|(_, range)| range)
        .collect();
    covered.sort_by_key(|r| r.start);
    let mut best = 0..0;
    let mut run: Option<Range<usize>> = None;
    for range in covered {
        run = match run {
            // Joined across a gap of at most one character (a particle or a space).
            Some(current)
                if range.start <= current.end
                    || text[current.end..range.start].chars().count() <= 1 =>
            {
                Some(current.start..current.end.max(range.end))
            }
            Some(current) => {
                if current.len() > best.len() {
                    best = current;
                }
                Some(range)
            }
            None => Some(range),
        };
    }
    if let Some(current) = run
        && current.len() > best.len()
    {
        best = current;
    }
    best
}

/// Widens a match that starts or ends inside a Latin word to the whole word, so the evidence
/// reads "stressed", not "stress".
fn whole_words(text: &str, mut range: Range<usize>) -> Range<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '\'';
    while let Some(c) = text[..range.start].chars().next_back()
        && is_word(c)
        && text[range.start..].chars().next().is_some_and(is_word)
    {
        range.start -= c.len_utf8();
    }
    while let Some(c) = text[range.end..].chars().next()
        && is_word(c)
        && text[..range.end].chars().next_back().is_some_and(is_word)
    {
        range.end += c.len_utf8();
    }
    range
}

/// The content terms (two characters or more) of the customer's own line and situation.
fn customer_terms(customer: &str, lang: Lang) -> BTreeSet<String> {
    terms(customer, lang)
        .into_iter()
        .map(|t| t.0)
        .filter(|t| t.chars().count() >= 2)
        .collect()
}

/// The reply picks up words of the customer's own line or situation (two or more of `theirs`),
/// so an otherwise generic phrase is about them.
fn shares_two_terms(reply: &str, theirs: &BTreeSet<String>, lang: Lang) -> bool {
    let shared: BTreeSet<String> = terms(reply, lang)
        .into_iter()
        .map(|t| t.0)
        .filter(|t| theirs.contains(t))
        .collect();
    shared.len() >= 2
}

/// An option's text as written, with its `{placeholders}` dropped.
fn without_placeholders(choice: &Choice, lang: Lang) -> String {
    let mut text = String::new();
    let mut in_placeholder = false;
    for c in choice.text.get(lang).chars() {
        match c {
            '{' => in_placeholder = true,
            '}' => in_placeholder = false,
            _ if !in_placeholder => text.push(c),
            _ => {}
        }
    }
    text
}

/// The start of an option's text as written, to name it in a reason.
fn authored_excerpt(choice: &Choice, lang: Lang) -> String {
    without_placeholders(choice, lang)
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take(30)
        .collect()
}

/// An option's text as the analyser compares it: placeholders dropped, lower case.
fn option_text(choice: &Choice, lang: Lang) -> String {
    without_placeholders(choice, lang).to_lowercase()
}

fn tag_weight(tag: Tag) -> f64 {
    match tag {
        Tag::AntiPattern(_) => TAG_WEIGHT_ANTI,
        Tag::Step(_) => TAG_WEIGHT_STEP,
        Tag::Technique(_) => TAG_WEIGHT_TECHNIQUE,
    }
}

/// Ranks the turn's options by term similarity plus agreement of the tags found in the reply
/// with each option's tags. An option is its text and its author-written examples; the reply is
/// compared with each (TF-IDF over all of the turn's texts) and the closest one counts.
fn rank_options(
    reply: &str,
    found: &BTreeSet<Tag>,
    options: &[Choice],
    lang: Lang,
) -> Vec<OptionMatch> {
    let term_list =
        |text: &str| -> Vec<String> { terms(text, lang).into_iter().map(|t| t.0).collect() };
    // Every phrasing of every option, with the option it belongs to.
    let documents: Vec<(usize, Vec<String>)> = options
        .iter()
        .enumerate()
        .flat_map(|(index, choice)| {
            std::iter::once(option_text(choice, lang))
                .chain(choice.examples.get(lang).iter().map(|e| e.to_lowercase()))
                .map(move |text| (index, text))
        })
        .map(|(index, text)| (index, term_list(&text)))
        .collect();
    let mut document_frequency: HashMap<&str, usize> = HashMap::new();
    for (_, document) in &documents {
        let unique: BTreeSet<&str> = document.iter().map(String::as_str).collect();
        for term in unique {
            *document_frequency.entry(term).or_default() += 1;
        }
    }
    let n = documents.len() as f64;
    let idf = |term: &str| {
        let df = document_frequency.get(term).copied().unwrap_or(0) as f64;
        ((n + 1.0) / (df + 1.0)).ln() + 1.0
    };
    let vector = |terms: &[String]| -> BTreeMap<String, f64> {
        let mut counts: BTreeMap<String, f64> = BTreeMap::new();
        for term in terms {
            *counts.entry(term.clone()).or_default() += 1.0;
        }
        counts
            .into_iter()
            .map(|(term, count)| {
                let weight = (1.0 + count.ln()) * idf(&term);
                (term, weight)
            })
            .collect()
    };
    let norm = |v: &BTreeMap<String, f64>| v.values().map(|w| w * w).sum::<f64>().sqrt();
    let reply_vector = vector(&term_list(reply));
    let reply_norm = norm(&reply_vector);
    // The closest phrasing of each option: its similarity and the terms shared with it.
    let mut closest: Vec<(f64, Vec<(f64, String)>)> = vec![(0.0, Vec::new()); options.len()];
    for (index, document) in &documents {
        let document_vector = vector(document);
        let shared: Vec<(f64, String)> = reply_vector
            .iter()
            .filter_map(|(term, w)| document_vector.get(term).map(|o| (w * o, term.clone())))
            .collect();
        let dot: f64 = shared.iter().map(|(w, _)| w).sum();
        let denominator = reply_norm * norm(&document_vector);
        let similarity = if denominator > 0.0 {
            dot / denominator
        } else {
            0.0
        };
        if similarity > closest[*index].0 {
            closest[*index] = (similarity, shared);
        }
    }
    let mut ranked: Vec<OptionMatch> = options
        .iter()
        .zip(closest)
        .enumerate()
        .map(|(index, (choice, (similarity, mut shared)))| {
            shared.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let theirs = choice_tags(choice);
            let agreement: f64 = found
                .union(&theirs)
                .map(|tag| {
                    let weight = tag_weight(*tag);
                    match (found.contains(tag), theirs.contains(tag)) {
                        (true, true) => weight,
                        // The reply shows something the option doesn't: a different move.
                        (true, false) => -0.5 * weight,
                        // Authored options spell every move out; replies are terser.
                        _ => -0.2 * weight,
                    }
                })
                .sum();
            OptionMatch {
                option: index,
                score: similarity + agreement,
                similarity,
                shared: shared.into_iter().take(12).map(|(_, t)| t).collect(),
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.option.cmp(&b.option)));
    ranked
}
