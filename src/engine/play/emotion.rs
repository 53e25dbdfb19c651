//! How the customer's emotions move: an option's written effect, scaled by how the persona's
//! style (and the scenario's overrides) reacts to the moves the option makes.

use crate::engine::domain::Emotion;
use crate::engine::play::rubric::{Mood, Rubric};
use crate::engine::reply::cues::Tag;
use crate::engine::scenario::{Choice, Emotions, Persona, Reactions};

/// The combined multiplier is kept in this range so stacked tags cannot explode or vanish.
pub const MULTIPLIER_RANGE: (f32, f32) = (0.25, 3.0);

/// How strongly `persona` reacts to one move: the scenario's persona override, else the style's
/// default, else 1.0.
pub fn tag_multiplier(rubric: &Rubric, persona: &Persona, tag: Tag) -> f32 {
    let pick = |r: &Reactions| match tag {
        Tag::Step(s) => r.steps.get(&s).copied(),
        Tag::Technique(t) => r.techniques.get(&t).copied(),
        Tag::AntiPattern(a) => r.anti_patterns.get(&a).copied(),
    };
    pick(&persona.reactions)
        .or_else(|| rubric.styles.get(&persona.style).and_then(pick))
        .unwrap_or(1.0)
}

/// How strongly `persona` reacts to `choice`: the product of the multipliers of its tags
/// ([`tag_multiplier`]), kept within [`MULTIPLIER_RANGE`].
pub fn reaction_multiplier(rubric: &Rubric, persona: &Persona, choice: &Choice) -> f32 {
    // Every tag as written (a tag listed twice counts twice).
    let steps = choice.steps.iter().map(|s| Tag::Step(*s));
    let techniques = choice.techniques.iter().map(|t| Tag::Technique(*t));
    let anti_patterns = choice.anti_patterns.iter().map(|a| Tag::AntiPattern(*a));
    steps
        .chain(techniques)
        .chain(anti_patterns)
        .map(|tag| tag_multiplier(rubric, persona, tag))
        .product::<f32>()
        .clamp(MULTIPLIER_RANGE.0, MULTIPLIER_RANGE.1)
}

/// The emotions after `choice`, and the change actually applied (after scaling and clamping).
pub fn react(current: &Emotions, choice: &Choice, multiplier: f32) -> (Emotions, Emotions) {
    let mut next = *current;
    let mut applied = Emotions::default();
    for emotion in Emotion::ALL {
        let scaled = (choice.effect.get(*emotion) as f32 * multiplier).round() as i32;
        let value = (current.get(*emotion) + scaled).clamp(0, 100);
        next.set(*emotion, value);
        applied.set(*emotion, value - current.get(*emotion));
    }
    (next, applied)
}

/// The mood label the app shows for a set of emotions.
pub fn mood<'a>(rubric: &'a Rubric, emotions: &Emotions) -> &'a Mood {
    rubric
        .moods
        .iter()
        .find(|rule| emotions.get(rule.emotion) >= rule.at_least)
        .map_or(&rubric.calm_mood, |rule| &rule.mood)
}

/// Whether the call escalates at these emotions.
pub fn escalates(emotions: &Emotions, at_anger: i32) -> bool {
    emotions.anger >= at_anger
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::domain::{AntiPattern, PersonaStyle, Step, Technique};
    use crate::engine::scenario::{Text, Variation};

    fn persona(style: PersonaStyle) -> Persona {
        Persona {
            name: Text::new("王", "Wang"),
            address: None,
            style,
            background: Text::new("背景", "background"),
            portrait: None,
            emotions: Emotions {
                anger: 50,
                anxiety: 40,
                ..Emotions::default()
            },
            reactions: Reactions::default(),
            variation: Variation::default(),
        }
    }

    fn choice(
        steps: Vec<Step>,
        techniques: Vec<Technique>,
        anti: Vec<AntiPattern>,
        effect: Emotions,
    ) -> Choice {
        Choice {
            examples: Default::default(),
            text: Text::new("回应", "reply"),
            steps,
            techniques,
            anti_patterns: anti,
            effect,
            feedback: Text::new("反馈", "feedback"),
            next: "x".into(),
            when: Vec::new(),
            set: Vec::new(),
            next_if: Vec::new(),
            reaction: None,
        }
    }

    #[test]
    fn style_scales_the_written_effect() {
        let rubric = Rubric::builtin();
        let calming = Emotions {
            anger: -10,
            trust: 10,
            ..Emotions::default()
        };
        let framing = choice(vec![], vec![Technique::ValueFraming], vec![], calming);
        let rational = reaction_multiplier(&rubric, &persona(PersonaStyle::Rational), &framing);
        let emotional = reaction_multiplier(&rubric, &persona(PersonaStyle::Emotional), &framing);
        assert!(
            rational > 1.0 && emotional < 1.0,
            "rational {rational}, emotional {emotional}"
        );

        let start = persona(PersonaStyle::Rational).emotions;
        let (after_rational, applied) = react(&start, &framing, rational);
        let (after_emotional, _) = react(&start, &framing, emotional);
        assert_eq!(applied.anger, -15);
        assert!(after_rational.anger < after_emotional.anger);
        assert!(after_rational.trust > after_emotional.trust);
    }

    #[test]
    fn persona_overrides_beat_style_defaults_and_product_is_clamped() {
        let rubric = Rubric::builtin();
        let mut p = persona(PersonaStyle::Rational);
        p.reactions.techniques.insert(Technique::ValueFraming, 0.5);
        let framing = choice(
            vec![],
            vec![Technique::ValueFraming],
            vec![],
            Emotions::default(),
        );
        assert_eq!(reaction_multiplier(&rubric, &p, &framing), 0.5);

        p.reactions.anti_patterns.insert(AntiPattern::Jargon, 5.0);
        p.reactions
            .anti_patterns
            .insert(AntiPattern::VaguePromise, 5.0);
        let stacked = choice(
            vec![],
            vec![],
            vec![AntiPattern::Jargon, AntiPattern::VaguePromise],
            Emotions::default(),
        );
        assert_eq!(
            reaction_multiplier(&rubric, &p, &stacked),
            MULTIPLIER_RANGE.1
        );
    }

    #[test]
    fn emotions_stay_within_bounds_and_report_the_applied_change() {
        let start = Emotions {
            anger: 95,
            trust: 3,
            ..Emotions::default()
        };
        let provoking = choice(
            vec![],
            vec![],
            vec![AntiPattern::BlamingCustomer],
            Emotions {
                anger: 20,
                trust: -20,
                ..Emotions::default()
            },
        );
        let (after, applied) = react(&start, &provoking, 1.0);
        assert_eq!((after.anger, after.trust), (100, 0));
        assert_eq!((applied.anger, applied.trust), (5, -3));
        assert!(escalates(&after, 85));
        assert!(!escalates(&start, 96));
    }

    #[test]
    fn mood_follows_the_first_matching_rule() {
        let rubric = Rubric::builtin();
        let furious = Emotions {
            anger: 80,
            anxiety: 90,
            ..Emotions::default()
        };
        assert_eq!(mood(&rubric, &furious).id, "furious");
        let reassured = Emotions {
            trust: 80,
            ..Emotions::default()
        };
        assert_eq!(mood(&rubric, &reassured).id, "reassured");
        assert_eq!(mood(&rubric, &Emotions::default()).id, rubric.calm_mood.id);
    }
}
