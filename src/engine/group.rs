//! Group practice (seed 003, 学员实战演练): two or three trainees at one window, one playing the
//! customer, one the service agent, one observing and marking; the roles rotate each round.

use crate::engine::play::session::GroupRound;

/// Fewest and most people in a group.
pub const MEMBERS: std::ops::RangeInclusive<usize> = 2..=3;
/// Longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// A practice group: the names, in the order entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    members: Vec<String>,
}

/// Why names do not make a group.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error("a group is 2 or 3 people; {0} named")]
    Size(usize),
    #[error("“{0}” is named twice; give everyone a different name")]
    Twice(String),
    #[error("a name is longer than {MAX_NAME_CHARS} characters")]
    TooLong,
}

impl Group {
    /// A group of the names given; blank ones are left out and the rest trimmed.
    pub fn new<S: AsRef<str>>(names: &[S]) -> Result<Group, GroupError> {
        let members: Vec<String> = names
            .iter()
            .map(|n| n.as_ref().trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        if !MEMBERS.contains(&members.len()) {
            return Err(GroupError::Size(members.len()));
        }
        if members.iter().any(|n| n.chars().count() > MAX_NAME_CHARS) {
            return Err(GroupError::TooLong);
        }
        for (i, name) in members.iter().enumerate() {
            if members[..i]
                .iter()
                .any(|m| m.to_lowercase() == name.to_lowercase())
            {
                return Err(GroupError::Twice(name.clone()));
            }
        }
        Ok(Group { members })
    }

    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// Who plays what in round `round` (from 1). Round 1: the first name is the agent, the
    /// second the customer, the third observes; then each moves one part on, so in a group of
    /// three everyone has been each part after three rounds. With two, the customer player also
    /// observes.
    pub fn round(&self, round: usize) -> GroupRound {
        let n = self.members.len();
        let at = |offset: usize| self.members[(round.max(1) - 1 + offset) % n].clone();
        GroupRound {
            members: self.members.clone(),
            round: round.max(1),
            agent: at(0),
            customer: at(1),
            observer: if n == 3 { at(2) } else { at(1) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_rotate_so_everyone_plays_every_part() {
        let group = Group::new(&["Ana", "Bo", "Chen"]).unwrap();
        let rounds: Vec<GroupRound> = (1..=3).map(|r| group.round(r)).collect();
        for part in [
            |r: &GroupRound| r.agent.clone(),
            |r: &GroupRound| r.customer.clone(),
            |r: &GroupRound| r.observer.clone(),
        ] {
            let mut who: Vec<String> = rounds.iter().map(part).collect();
            who.sort();
            assert_eq!(who, ["Ana", "Bo", "Chen"]);
        }
        for round in &rounds {
            assert_ne!(round.agent, round.customer);
            assert_ne!(round.agent, round.observer);
            assert_ne!(round.customer, round.observer);
        }
        assert_eq!(
            group.round(4),
            GroupRound {
                round: 4,
                ..group.round(1)
            }
        );
    }

    #[test]
    fn a_pair_swaps_and_the_customer_observes() {
        let group = Group::new(&["Ana", " Bo ", ""]).unwrap();
        assert_eq!(group.members(), ["Ana", "Bo"]);
        let first = group.round(1);
        let second = group.round(2);
        assert_eq!(
            (first.agent.as_str(), first.observer.as_str()),
            ("Ana", "Bo")
        );
        assert_eq!(
            (second.agent.as_str(), second.customer.as_str()),
            ("Bo", "Ana")
        );
    }

    #[test]
    fn names_that_make_no_group_say_why() {
        assert_eq!(Group::new(&["Ana"]), Err(GroupError::Size(1)));
        assert_eq!(Group::new(&["A", "B", "C", "D"]), Err(GroupError::Size(4)));
        assert_eq!(
            Group::new(&["Ana", "ana"]),
            Err(GroupError::Twice("ana".into()))
        );
        assert_eq!(
            Group::new(&["Ana", &"x".repeat(41)]),
            Err(GroupError::TooLong)
        );
    }
}
