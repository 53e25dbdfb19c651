//! Conversation state: named counters that options change and that lines, options, branches and
//! endings can depend on ("the customer remembers you promised a time").
//!
//! Every name holds a whole number and starts at 0; a flag is a counter set to 1. An option's
//! `set` changes them (`"apologised"`, `"promised_time = 1"`, `"deflections += 1"`), and a `when`
//! list holds when all its conditions do (`"apologised"`, `"not apologised"`,
//! `"deflections >= 2"`). Both are written as short strings in the scenario file; a string that
//! does not parse is kept as written, never holds and never changes anything, and the validator
//! reports it with its position.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Largest value a condition or change may name; a counter is clamped to ± this.
pub const VALUE_LIMIT: i32 = 1000;
/// Longest state name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// Why a condition or change does not parse: what is wrong and how to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateSyntaxError {
    pub message: String,
    pub hint: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl Compare {
    /// Whether `left` compares so with `right`.
    pub fn holds(self, left: i32, right: i32) -> bool {
        match self {
            Compare::Equal => left == right,
            Compare::NotEqual => left != right,
            Compare::Less => left < right,
            Compare::LessOrEqual => left <= right,
            Compare::Greater => left > right,
            Compare::GreaterOrEqual => left >= right,
        }
    }
}

/// A parsed condition: `name compare value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Test {
    pub name: String,
    pub compare: Compare,
    pub value: i32,
}

/// A condition or a change as written in the file, with what it was understood as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String", bound = "T: Syntax + Clone")]
pub struct Written<T> {
    source: String,
    parsed: Result<T, StateSyntaxError>,
}

/// What can be read from a condition's or a change's string.
pub trait Syntax: Sized {
    fn parse(source: &str) -> Result<Self, StateSyntaxError>;
    /// The state name it reads or changes.
    fn name(&self) -> &str;
}

impl<T: Syntax> From<String> for Written<T> {
    fn from(source: String) -> Self {
        let parsed = T::parse(&source);
        Written { source, parsed }
    }
}

impl<T> From<Written<T>> for String {
    fn from(written: Written<T>) -> String {
        written.source
    }
}

impl<T: Syntax> From<&str> for Written<T> {
    fn from(source: &str) -> Self {
        Written::from(source.to_owned())
    }
}

impl<T> fmt::Display for Written<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl<T: Syntax> Written<T> {
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn parsed(&self) -> Result<&T, &StateSyntaxError> {
        self.parsed.as_ref()
    }

    /// The name it reads or changes, when it parses.
    pub fn name(&self) -> Option<&str> {
        self.parsed.as_ref().ok().map(T::name)
    }
}

/// One condition of a `when` list.
pub type Condition = Written<Test>;

impl Syntax for Test {
    fn parse(source: &str) -> Result<Self, StateSyntaxError> {
        parse_condition(source)
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl Condition {
    /// Whether it holds in `state`; a condition that does not parse never holds.
    pub fn holds(&self, state: &State) -> bool {
        self.parsed
            .as_ref()
            .is_ok_and(|t| t.compare.holds(state.get(&t.name), t.value))
    }
}

/// Whether every condition of a `when` list holds (an empty list always does).
pub fn all_hold(conditions: &[Condition], state: &State) -> bool {
    conditions.iter().all(|c| c.holds(state))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    Assign,
    Add,
    Subtract,
}

/// A parsed change: `name operation value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    pub name: String,
    pub operation: Operation,
    pub value: i32,
}

/// One change of an option's `set` list.
pub type Change = Written<Update>;

impl Syntax for Update {
    fn parse(source: &str) -> Result<Self, StateSyntaxError> {
        parse_change(source)
    }

    fn name(&self) -> &str {
        &self.name
    }
}

/// The values of a session's state; a name never set reads 0. Only non-zero values are kept, so
/// two states that read the same everywhere are equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct State(BTreeMap<String, i32>);

impl State {
    pub fn get(&self, name: &str) -> i32 {
        self.0.get(name).copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The names that are not 0, with their values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, i32)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Sets `name` to `value` (within ± [`VALUE_LIMIT`]).
    pub(crate) fn put(&mut self, name: &str, value: i32) {
        let value = value.clamp(-VALUE_LIMIT, VALUE_LIMIT);
        if value == 0 {
            self.0.remove(name);
        } else {
            self.0.insert(name.to_owned(), value);
        }
    }

    /// Applies `changes` in order; one that does not parse changes nothing.
    pub fn apply(&mut self, changes: &[Change]) {
        for change in changes {
            let Ok(update) = &change.parsed else {
                continue;
            };
            let current = self.get(&update.name);
            let value = match update.operation {
                Operation::Assign => update.value,
                Operation::Add => current.saturating_add(update.value),
                Operation::Subtract => current.saturating_sub(update.value),
            };
            self.put(&update.name, value);
        }
    }

    /// A copy with `changes` applied.
    pub fn after(&self, changes: &[Change]) -> State {
        let mut next = self.clone();
        next.apply(changes);
        next
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(all 0)");
        }
        let parts: Vec<String> = self.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        f.write_str(&parts.join(", "))
    }
}

const CONDITION_FORMS: &str =
    "write a name (\"apologised\"), `not name`, or `name >= 2` (==, !=, <, <=, >, >=)";
const CHANGE_FORMS: &str =
    "write a name to set it to 1 (\"apologised\"), `name = 0`, `name += 1` or `name -= 1`";

fn parse_condition(source: &str) -> Result<Test, StateSyntaxError> {
    let words: Vec<&str> = tokens(source);
    let error = |message: String| StateSyntaxError {
        message,
        hint: CONDITION_FORMS.to_owned(),
    };
    if words
        .iter()
        .any(|w| matches!(*w, "and" | "or" | "&&" | "||" | "&" | "|"))
    {
        return Err(StateSyntaxError {
            message: format!("`{source}` joins conditions: write one condition per string"),
            hint: "every condition of a `when` list must hold, so `when: [\"a\", \"b >= 2\"]` means a and b >= 2; for \"or\", give a second line, option or branch".to_owned(),
        });
    }
    match words.as_slice() {
        [] => Err(error("the condition is empty".to_owned())),
        [name] => Ok(Test {
            name: parse_name(name, CONDITION_FORMS)?,
            compare: Compare::NotEqual,
            value: 0,
        }),
        ["not" | "!", name] => Ok(Test {
            name: parse_name(name, CONDITION_FORMS)?,
            compare: Compare::Equal,
            value: 0,
        }),
        [name, op, value] => {
            let compare = match *op {
                "==" => Compare::Equal,
                "!=" => Compare::NotEqual,
                "<" => Compare::Less,
                "<=" => Compare::LessOrEqual,
                ">" => Compare::Greater,
                ">=" => Compare::GreaterOrEqual,
                "=" => {
                    return Err(StateSyntaxError {
                        message: format!("`{source}` sets a value; a condition compares"),
                        hint: format!("compare with `==`: \"{name} == {value}\""),
                    });
                }
                other => return Err(error(format!("`{other}` is not a comparison"))),
            };
            Ok(Test {
                name: parse_name(name, CONDITION_FORMS)?,
                compare,
                value: parse_value(value, CONDITION_FORMS)?,
            })
        }
        _ => Err(error(format!(
            "`{source}` is not a condition: one condition per string, all of a list must hold"
        ))),
    }
}

fn parse_change(source: &str) -> Result<Update, StateSyntaxError> {
    let words: Vec<&str> = tokens(source);
    let error = |message: String| StateSyntaxError {
        message,
        hint: CHANGE_FORMS.to_owned(),
    };
    match words.as_slice() {
        [] => Err(error("the change is empty".to_owned())),
        [name] => Ok(Update {
            name: parse_name(name, CHANGE_FORMS)?,
            operation: Operation::Assign,
            value: 1,
        }),
        [name, op, value] => {
            let operation = match *op {
                "=" => Operation::Assign,
                "+=" => Operation::Add,
                "-=" => Operation::Subtract,
                "==" => {
                    return Err(StateSyntaxError {
                        message: format!("`{source}` compares; a change sets a value"),
                        hint: format!("set it with `=`: \"{name} = {value}\""),
                    });
                }
                other => return Err(error(format!("`{other}` is not a change"))),
            };
            Ok(Update {
                name: parse_name(name, CHANGE_FORMS)?,
                operation,
                value: parse_value(value, CHANGE_FORMS)?,
            })
        }
        _ => Err(error(format!(
            "`{source}` is not a change: one change per string"
        ))),
    }
}

/// Splits on spaces and around operators, so "a>=2" reads like "a >= 2".
fn tokens(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let operator = matches!(c, b'=' | b'!' | b'<' | b'>' | b'+' | b'-');
        if c.is_ascii_whitespace() || operator {
            if let Some(s) = start.take() {
                out.push(&source[s..i]);
            }
            if operator {
                // A sign right before a digit, after an operator, belongs to the number.
                let after_operator = out
                    .last()
                    .is_some_and(|t: &&str| t.bytes().all(|b| b"=!<>+-".contains(&b)));
                let number_follows = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if c == b'-' && number_follows && after_operator {
                    start = Some(i);
                    i += 1;
                    continue;
                }
                let width = if bytes.get(i + 1) == Some(&b'=') {
                    2
                } else {
                    1
                };
                out.push(&source[i..i + width]);
                i += width;
                continue;
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push(&source[s..]);
    }
    out
}

fn parse_name(word: &str, forms: &str) -> Result<String, StateSyntaxError> {
    let valid = !word.is_empty()
        && word.chars().count() <= MAX_NAME_CHARS
        && word.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(word.to_owned())
    } else {
        Err(StateSyntaxError {
            message: format!("`{word}` is not a state name"),
            hint: format!(
                "names start with a lowercase letter and use up to {MAX_NAME_CHARS} lowercase letters, digits and `_` (\"promised_time\"); {forms}"
            ),
        })
    }
}

fn parse_value(word: &str, forms: &str) -> Result<i32, StateSyntaxError> {
    match word.parse::<i32>() {
        Ok(value) if (-VALUE_LIMIT..=VALUE_LIMIT).contains(&value) => Ok(value),
        _ => Err(StateSyntaxError {
            message: format!("`{word}` is not a whole number from -{VALUE_LIMIT} to {VALUE_LIMIT}"),
            hint: forms.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(pairs: &[(&str, i32)]) -> State {
        let mut s = State::default();
        for (k, v) in pairs {
            s.put(k, *v);
        }
        s
    }

    #[test]
    fn conditions_read_flags_negations_and_comparisons() {
        let s = state(&[("apologised", 1), ("deflections", 2)]);
        for (source, expected) in [
            ("apologised", true),
            ("not apologised", false),
            ("!promised_time", true),
            ("deflections >= 2", true),
            ("deflections>2", false),
            ("deflections == 2", true),
            ("deflections != 2", false),
            ("deflections < 3", true),
            ("deflections <= 1", false),
            ("promised_time == 0", true),
            ("deflections > -1", true),
        ] {
            let condition = Condition::from(source);
            assert!(condition.parsed().is_ok(), "{source}: {condition:?}");
            assert_eq!(condition.holds(&s), expected, "{source}");
        }
    }

    #[test]
    fn a_condition_that_does_not_parse_says_why_and_never_holds() {
        for (source, says) in [
            ("", "empty"),
            ("deflections = 2", "sets a value"),
            ("Deflections", "not a state name"),
            ("deflections >= two", "not a whole number"),
            ("deflections >= 5000", "not a whole number"),
            ("a and b", "one condition per string"),
            ("a || b > 1", "one condition per string"),
            ("a ~ 2", "not a comparison"),
        ] {
            let condition = Condition::from(source);
            let error = condition.parsed().expect_err(source);
            assert!(error.message.contains(says), "{source}: {}", error.message);
            assert!(!error.hint.is_empty());
            assert!(!condition.holds(&State::default()));
            assert!(!condition.holds(&state(&[("a", 1), ("b", 1)])));
        }
    }

    #[test]
    fn changes_set_add_and_subtract_and_a_state_of_zeros_is_empty() {
        let mut s = State::default();
        s.apply(&[
            Change::from("apologised"),
            Change::from("deflections += 1"),
            Change::from("deflections += 2"),
            Change::from("promised_time = 3"),
            Change::from("promised_time -= 1"),
            Change::from("bad name += 1"),
        ]);
        assert_eq!(s.get("apologised"), 1);
        assert_eq!(s.get("deflections"), 3);
        assert_eq!(s.get("promised_time"), 2);
        assert_eq!(
            s.to_string(),
            "apologised = 1, deflections = 3, promised_time = 2"
        );
        s.apply(&[
            Change::from("apologised = 0"),
            Change::from("deflections -= 3"),
            Change::from("promised_time = 0"),
        ]);
        assert_eq!(s, State::default());
        assert!(Change::from("x == 1").parsed().is_err());
        assert_eq!(
            Change::from("x -= -2").parsed().map(|u| u.value),
            Ok(-2),
            "a negative number after an operator"
        );
    }

    #[test]
    fn counters_stay_within_the_limit() {
        let mut s = State::default();
        for _ in 0..5 {
            s.apply(&[Change::from("n += 1000")]);
        }
        assert_eq!(s.get("n"), VALUE_LIMIT);
    }

    #[test]
    fn conditions_and_changes_serialise_as_written() {
        let condition: Condition = ron::from_str("\"deflections >= 2\"").unwrap();
        assert_eq!(ron::to_string(&condition).unwrap(), "\"deflections >= 2\"");
        let change: Change = ron::from_str("\"oops ==\"").unwrap();
        assert!(change.parsed().is_err());
        assert_eq!(ron::to_string(&change).unwrap(), "\"oops ==\"");
    }
}
