//! What a test-wise trainee sees in the options without any empathy skill: which reply is the
//! longest, which has the most empathy words, which is the only one that addresses the customer.
//! When such a surface cue points at the best reply in most turns, the choice can be gamed:
//! `check` warns, and `play --policy longest|keywords` measures what gaming it scores.

use crate::engine::domain::Lang;
use crate::engine::scenario::diagnostic::{Diagnostic, Kind};
use crate::engine::scenario::ron_spans::{SpanPath, SpanTree};
use crate::engine::scenario::state::State;
use crate::engine::scenario::{Choice, Node, Scenario};

/// Words a trainee might hunt for to find the "empathetic" reply, by language.
const EMPATHY_WORDS_EN: &[&str] = &[
    "understand",
    "sorry",
    "apolog",
    "feel",
    "frustrat",
    "worr",
    "upset",
    "hear",
    "appreciate",
    "completely",
    "absolutely",
    "totally",
    "concern",
    "stress",
    "disappoint",
    "annoy",
    "sense",
    "of course",
    "i see",
];
const EMPATHY_WORDS_ZH: &[&str] = &[
    "理解",
    "抱歉",
    "对不起",
    "感受",
    "心情",
    "着急",
    "担心",
    "明白",
    "辛苦",
    "感谢",
    "放心",
    "难过",
    "失望",
    "生气",
    "焦虑",
    "不容易",
    "体谅",
    "歉意",
    "听得出",
    "确实",
];

/// A cue shared by the best reply in more than this share of turns is reported.
pub const CUE_SHARE: f64 = 0.5;
/// The best reply being the only one that addresses the customer, in more than this share.
pub const ADDRESS_SHARE: f64 = 1.0 / 3.0;

/// How many empathy words `text` contains.
pub fn empathy_words(text: &str, lang: Lang) -> usize {
    let lower = text.to_lowercase();
    let words = match lang {
        Lang::Zh => EMPATHY_WORDS_ZH,
        Lang::En => EMPATHY_WORDS_EN,
    };
    words.iter().map(|w| lower.matches(w).count()).sum()
}

/// The option (index in the file) with the longest text, the first of equals.
pub fn longest(options: &[&Choice], lang: Lang) -> Option<usize> {
    first_max(options, |c| c.text.get(lang).chars().count())
}

/// The option with the most empathy words, the first of equals.
pub fn most_empathy_words(options: &[&Choice], lang: Lang) -> Option<usize> {
    first_max(options, |c| empathy_words(c.text.get(lang), lang))
}

fn first_max<K: Ord>(options: &[&Choice], key: impl Fn(&Choice) -> K) -> Option<usize> {
    let best = options.iter().map(|c| key(c)).max()?;
    options.iter().position(|c| key(c) == best)
}

/// The turn's clean, step-earning reply: no anti-pattern and the most steps (then techniques).
/// `None` when no option is clean or two are equally good.
pub fn best_option(options: &[Choice]) -> Option<usize> {
    let rank = |c: &Choice| (c.steps.len(), c.techniques.len());
    let clean: Vec<(usize, &Choice)> = options
        .iter()
        .enumerate()
        .filter(|(_, c)| c.anti_patterns.is_empty())
        .collect();
    let top = clean.iter().map(|(_, c)| rank(c)).max()?;
    let mut best = clean.iter().filter(|(_, c)| rank(c) == top);
    let (index, _) = best.next()?;
    best.next().is_none().then_some(*index)
}

/// Whether a text speaks to the customer by name or form of address.
fn addresses(text: &str, scenario: &Scenario, lang: Lang) -> bool {
    let persona = &scenario.persona;
    let address = persona.address_or_name();
    text.contains("{address}")
        || text.contains("{name}")
        || text.contains(address.get(lang))
        || text.contains(persona.name.get(lang))
}

/// How often each surface cue points at the best reply.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurfaceCues {
    /// Turns with one clear best reply.
    pub turns: usize,
    /// Of those, where the best is strictly the longest, in [zh, en].
    pub longest: [usize; 2],
    /// Where the best has strictly the most empathy words, in [zh, en].
    pub keywords: [usize; 2],
    /// Where the best is the only reply that addresses the customer, in [zh, en].
    pub only_addresses: [usize; 2],
}

impl SurfaceCues {
    pub fn of(scenario: &Scenario) -> SurfaceCues {
        let mut cues = SurfaceCues::default();
        for node in &scenario.nodes {
            let options = node.options();
            let Some(best) = best_option(options) else {
                continue;
            };
            cues.turns += 1;
            for (slot, lang) in Lang::ALL.into_iter().enumerate() {
                let strictly = |key: &dyn Fn(&Choice) -> usize| {
                    let top = key(&options[best]);
                    options
                        .iter()
                        .enumerate()
                        .all(|(i, c)| i == best || key(c) < top)
                };
                if strictly(&|c: &Choice| c.text.get(lang).chars().count()) {
                    cues.longest[slot] += 1;
                }
                if strictly(&|c: &Choice| empathy_words(c.text.get(lang), lang)) {
                    cues.keywords[slot] += 1;
                }
                let speaking: Vec<usize> = (0..options.len())
                    .filter(|i| addresses(options[*i].text.get(lang), scenario, lang))
                    .collect();
                if speaking == [best] {
                    cues.only_addresses[slot] += 1;
                }
            }
        }
        cues
    }

    /// Warnings for the cues that point at the best reply too often, placed at `nodes`.
    pub fn warnings(&self, source: &str) -> Vec<Diagnostic> {
        if self.turns == 0 {
            return Vec::new();
        }
        let share = |count: usize| count as f64 / self.turns as f64;
        // The file's layout is scanned only when there is something to place.
        let at = std::cell::OnceCell::new();
        let nodes = || {
            at.get_or_init(|| {
                SpanTree::scan(source)
                    .locate(&SpanPath::root().field("nodes"))
                    .unwrap_or(0..0)
            })
            .clone()
        };
        let mut found = Vec::new();
        for (slot, lang) in Lang::ALL.into_iter().enumerate() {
            let language = lang.pick("Chinese", "English");
            let checks = [
                (
                    self.longest[slot],
                    CUE_SHARE,
                    "is also the longest",
                    "make the weaker replies as long as the best: a warm reply that pivots on \
                     “but”, a long hollow empathy, a precise-sounding vague promise",
                ),
                (
                    self.keywords[slot],
                    CUE_SHARE,
                    "has the most empathy words",
                    "let a weaker reply use the words without the substance (hollow empathy, a \
                     conditional apology), and the best one show understanding by naming the \
                     customer's situation",
                ),
                (
                    self.only_addresses[slot],
                    ADDRESS_SHARE,
                    "is the only one that addresses the customer",
                    "address the customer in some of the weaker replies too",
                ),
            ];
            for (count, limit, what, hint) in checks {
                if share(count) > limit {
                    let message = format!(
                        "the best reply {what} in {count} of {} turns ({language}): a trainee can \
                         choose by that instead of by empathy",
                        self.turns
                    );
                    found.push(
                        Diagnostic::warning(Kind::SurfaceCue, message)
                            .at(source, nodes())
                            .with_label("the options of these turns")
                            .with_hint(format!(
                                "{hint}; `rapport bounds` shows what always choosing by it scores"
                            )),
                    );
                }
            }
        }
        found
    }
}

/// A surface feature a test-wise trainee might choose by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// The longest reply.
    Longest,
    /// The shortest reply (when every mistake has been made long).
    Shortest,
    /// The reply with the most empathy words.
    Keywords,
}

impl Cue {
    pub const ALL: [Cue; 3] = [Cue::Longest, Cue::Shortest, Cue::Keywords];

    /// The name on the command line and in `bounds --json`.
    pub fn name(self) -> &'static str {
        match self {
            Cue::Longest => "longest",
            Cue::Shortest => "shortest",
            Cue::Keywords => "keywords",
        }
    }

    /// The option (index in the file) a trainee choosing by this cue takes at a turn, among the
    /// options the conversation's `state` offers.
    pub fn pick_offered(self, node: &Node, state: &State, lang: Lang) -> Option<usize> {
        let offered = node.offered(state);
        let options: Vec<&Choice> = offered.iter().map(|i| &node.options()[*i]).collect();
        self.pick_from(&options, lang).map(|i| offered[i])
    }

    fn pick_from(self, options: &[&Choice], lang: Lang) -> Option<usize> {
        match self {
            Cue::Longest => longest(options, lang),
            Cue::Shortest => first_max(options, |c| {
                std::cmp::Reverse(c.text.get(lang).chars().count())
            }),
            Cue::Keywords => most_empathy_words(options, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::load::load_str;

    #[test]
    fn empathy_words_are_counted_in_both_languages() {
        assert_eq!(empathy_words("I understand, and I'm sorry.", Lang::En), 2);
        assert_eq!(empathy_words("我理解您的心情，真的很抱歉。", Lang::Zh), 3);
        assert_eq!(empathy_words("Order number please.", Lang::En), 0);
    }

    #[test]
    fn cues_are_counted_per_turn_and_warned_about_past_half() {
        let text = include_str!("../../../tests/fixtures/minimal.ron");
        let scenario = load_str("minimal", text).scenario.unwrap();
        let cues = SurfaceCues::of(&scenario);
        // Two turns with a clear best reply: the first's is the longest, the second's ties.
        assert_eq!(cues.turns, 2);
        assert_eq!(cues.longest, [1, 1]);
        assert!(cues.warnings(text).is_empty(), "half is not more than half");

        let longer = text.replacen("维修在48小时内上门。", "维修师傅会在48小时内上门。", 1);
        let scenario = load_str("minimal", &longer).scenario.unwrap();
        let warnings = SurfaceCues::of(&scenario).warnings(&longer);
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert_eq!(warnings[0].kind, Kind::SurfaceCue);
        assert!(
            warnings[0]
                .message
                .contains("longest in 2 of 2 turns (Chinese)")
        );
    }
}
