//! Sends a made-up training class to a Learning Record Store: six learners, five sessions each
//! over two weeks, getting better as they practise (some faster than others). Used by
//! `scripts/cohort-screenshot.sh` for the README's picture of `rapport cohort`.
//!
//! RAPPORT_LRS=http://127.0.0.1:8100/xAPI/ RAPPORT_LRS_USER=… RAPPORT_LRS_PASSWORD=… \
//!     cargo run --no-default-features --example class_demo

use std::sync::Arc;

use rapport::adapters::library::builtin_scenarios;
use rapport::adapters::xapi::{Actor, push, statements};
use rapport::engine::analysis::policy::{Policy, play_session};
use rapport::engine::play::rubric::Rubric;

fn main() -> Result<(), String> {
    let endpoint = std::env::var("RAPPORT_LRS").map_err(|_| "set RAPPORT_LRS")?;
    let user = std::env::var("RAPPORT_LRS_USER").map_err(|_| "set RAPPORT_LRS_USER")?;
    let password = std::env::var("RAPPORT_LRS_PASSWORD").map_err(|_| "set RAPPORT_LRS_PASSWORD")?;
    // The library as shipped (built into the program).
    let scenarios: Vec<_> = builtin_scenarios()
        .into_iter()
        .filter_map(|f| f.scenario)
        .map(Arc::new)
        .collect();
    let rubric = Arc::new(Rubric::builtin());
    let class = [
        ("Li Na", "li.na"),
        ("Wang Lei", "wang.lei"),
        ("Zhang Min", "zhang.min"),
        ("Chen Jie", "chen.jie"),
        ("Liu Yang", "liu.yang"),
        ("Zhao Hui", "zhao.hui"),
    ];
    let start = 1_795_000_000; // mid-November 2026
    let mut sent = 0;
    for (index, (name, mail)) in class.iter().enumerate() {
        let actor = Actor {
            name: (*name).to_owned(),
            email: Some(format!("{mail}@example.org")),
            account: (*mail).to_owned(),
        };
        for session in 0..5u64 {
            // Early sessions by chance, later ones well; the later the learner in the list, the
            // longer it takes them.
            let policy = if session as usize >= 2 + index / 2 {
                Policy::Best
            } else if session == 0 && index % 3 == 2 {
                Policy::Worst
            } else {
                Policy::Random
            };
            let scenario = scenarios[(index + session as usize * 3) % scenarios.len()].clone();
            let seed = (index as u64) * 100 + session;
            let at = start + session * 3 * 86_400 + index as u64 * 3_600;
            let record = play_session(scenario, rubric.clone(), policy, seed, at).record();
            sent += push(&endpoint, &user, &password, &statements(&record, &actor))?.len();
        }
    }
    println!("sent {sent} statements for {} learners", class.len());
    Ok(())
}
