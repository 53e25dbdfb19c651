//! The training model's vocabulary: the ids of the six steps, techniques, anti-patterns, persona
//! styles and emotions (defined for people in `assets/vocabulary.ron` and `docs/vocabulary.md`).
//!
//! These identifiers are the contract between scenario files, scoring and reports: serde spells
//! them in `snake_case`, so an unknown id in a scenario is a parse error that lists the valid ones.

use serde::{Deserialize, Serialize};

/// Display language. Every user-facing text in a scenario exists in both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Zh,
    #[default]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The text in this language, for labels written side by side in both.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// `words` in the language's quotation marks: 「…」 or “…”.
    pub fn quote(self, words: &str) -> String {
        match self {
            Lang::Zh => format!("「{words}」"),
            Lang::En => format!("“{words}”"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

/// Implements the shared parts of a vocabulary enum: the list of all members, the id as written
/// in files, and the bilingual label shown to people.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $id:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The identifier used in scenario files, rubrics and reports.
            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id,)+ }
            }

            pub fn from_id(id: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|item| item.id() == id)
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Zh) => $zh, ($name::$variant, Lang::En) => $en,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

vocabulary! {
    /// The six-step empathy model (共情表达的六步骤), in the order it should unfold.
    Step {
        ObserveListen = "observe_listen", "观察与聆听", "Observe & listen";
        IdentifyEmotion = "identify_emotion", "识别情绪", "Identify the emotion";
        ExpressUnderstanding = "express_understanding", "表达理解", "Express understanding";
        Validate = "validate", "验证合理性", "Validate";
        CommonGround = "common_ground", "寻求共同点", "Seek common ground";
        OfferSupport = "offer_support", "提出支持", "Offer support";
    }
}

impl Step {
    /// Position in the model, 1 to 6.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

vocabulary! {
    /// Listening, emotion-handling and objection-handling techniques a response can use.
    Technique {
        ActiveListening = "active_listening", "积极倾听", "Active listening";
        ParaphraseConfirm = "paraphrase_confirm", "复述确认", "Paraphrase & confirm";
        OpenQuestion = "open_question", "开放式提问", "Open question";
        ClosedQuestion = "closed_question", "封闭式提问", "Closed question";
        GuidingQuestion = "guiding_question", "引导式提问", "Guiding question";
        RootCauseProbe = "root_cause_probe", "追问根因", "Root-cause probe";
        EmotionFirst = "emotion_first", "情绪先行", "Emotion first";
        SincereApology = "sincere_apology", "真诚道歉", "Sincere apology";
        SmartCommitment = "smart_commitment", "SMART承诺", "SMART commitment";
        ProgressUpdate = "progress_update", "主动通报进展", "Progress update";
        ObjectionListen = "objection_listen", "倾听异议", "Objection: listen";
        ObjectionConfirm = "objection_confirm", "确认异议", "Objection: confirm";
        ObjectionRespond = "objection_respond", "回应异议", "Objection: respond";
        ObjectionFollowUp = "objection_follow_up", "跟进异议", "Objection: follow up";
        ValueFraming = "value_framing", "价值塑造", "Value framing";
        SandwichRefusal = "sandwich_refusal", "三明治拒绝", "Sandwich refusal";
        ClarifyMisunderstanding = "clarify_misunderstanding", "澄清误解", "Clarify a misunderstanding";
    }
}

vocabulary! {
    /// Habits that undo empathy; each is penalised and answered with the better move.
    AntiPattern {
        HollowEmpathy = "hollow_empathy", "空洞共情", "Hollow empathy";
        Interrupting = "interrupting", "打断客户", "Interrupting";
        DefensiveArguing = "defensive_arguing", "辩解争论", "Defensive arguing";
        BlamingCustomer = "blaming_customer", "指责客户", "Blaming the customer";
        ConditionalApology = "conditional_apology", "条件式道歉", "Conditional apology";
        Jargon = "jargon", "滥用术语", "Jargon";
        PrematureSolution = "premature_solution", "急于给方案", "Premature solution";
        VaguePromise = "vague_promise", "含糊承诺", "Vague promise";
        ButPivot = "but_pivot", "“但是”转折", "“But” pivot";
        PassingTheBuck = "passing_the_buck", "推诿转交", "Passing the buck";
    }
}

vocabulary! {
    /// Customer personality styles (常见客户类型).
    PersonaStyle {
        Rational = "rational", "理性型", "Rational";
        Emotional = "emotional", "情感型", "Emotional";
        Dominant = "dominant", "主导型", "Dominant";
        Cautious = "cautious", "谨慎型", "Cautious";
    }
}

vocabulary! {
    /// Emotions a persona carries, each 0–100. `trust` is the positive one.
    Emotion {
        Anger = "anger", "愤怒", "Anger";
        Anxiety = "anxiety", "焦虑", "Anxiety";
        Disappointment = "disappointment", "失望", "Disappointment";
        Confusion = "confusion", "困惑", "Confusion";
        Trust = "trust", "信任", "Trust";
    }
}

vocabulary! {
    /// Scenario difficulty tiers (学员实战演练).
    Difficulty {
        Basic = "basic", "基础", "Basic";
        Intermediate = "intermediate", "中级", "Intermediate";
        Advanced = "advanced", "高级", "Advanced";
    }
}

vocabulary! {
    /// How a conversation ends.
    Outcome {
        Resolved = "resolved", "已解决", "Resolved";
        Unresolved = "unresolved", "未解决", "Unresolved";
        Escalated = "escalated", "升级投诉", "Escalated";
    }
}

/// The families of ids a scenario tags and the reports name, in the order the documentation
/// presents them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Step,
    Technique,
    AntiPattern,
    PersonaStyle,
    Emotion,
}

impl Family {
    pub const ALL: [Family; 5] = [
        Family::Step,
        Family::Technique,
        Family::AntiPattern,
        Family::PersonaStyle,
        Family::Emotion,
    ];

    /// What one member is called: "empathy step", "technique"…
    pub fn singular(self, lang: Lang) -> &'static str {
        match self {
            Family::Step => lang.pick("共情步骤", "empathy step"),
            Family::Technique => lang.pick("技巧", "technique"),
            Family::AntiPattern => lang.pick("误区", "anti-pattern"),
            Family::PersonaStyle => lang.pick("客户类型", "persona style"),
            Family::Emotion => lang.pick("情绪", "emotion"),
        }
    }

    /// The heading of the family's section.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Family::Step => lang.pick("共情表达的六步骤", "The six empathy steps"),
            Family::Technique => lang.pick("技巧", "Techniques"),
            Family::AntiPattern => lang.pick("误区", "Anti-patterns"),
            Family::PersonaStyle => lang.pick("客户类型", "Persona styles"),
            Family::Emotion => lang.pick("情绪", "Emotions"),
        }
    }

    /// Where a scenario file writes ids of this family.
    pub fn written_in(self) -> &'static str {
        match self {
            Family::Step => "an option's `steps: [...]`",
            Family::Technique => "an option's `techniques: [...]`",
            Family::AntiPattern => "an option's `anti_patterns: [...]`",
            Family::PersonaStyle => "`persona.style`",
            Family::Emotion => "`emotions: (...)` and an option's `effect: (...)`",
        }
    }

    /// Every id of the family with its two labels.
    pub fn members(self) -> Vec<(&'static str, &'static str, &'static str)> {
        fn of<T: Copy>(
            all: &[T],
            id: fn(T) -> &'static str,
            label: fn(T, Lang) -> &'static str,
        ) -> Vec<(&'static str, &'static str, &'static str)> {
            all.iter()
                .map(|item| (id(*item), label(*item, Lang::Zh), label(*item, Lang::En)))
                .collect()
        }
        match self {
            Family::Step => of(Step::ALL, Step::id, Step::label),
            Family::Technique => of(Technique::ALL, Technique::id, Technique::label),
            Family::AntiPattern => of(AntiPattern::ALL, AntiPattern::id, AntiPattern::label),
            Family::PersonaStyle => of(PersonaStyle::ALL, PersonaStyle::id, PersonaStyle::label),
            Family::Emotion => of(Emotion::ALL, Emotion::id, Emotion::label),
        }
    }
}

/// The family an id belongs to, if it is one of the model's.
pub fn family_of(id: &str) -> Option<Family> {
    Family::ALL
        .into_iter()
        .find(|family| family.members().iter().any(|(member, _, _)| *member == id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_match_serde_spelling() {
        for step in Step::ALL {
            assert_eq!(Step::from_id(step.id()), Some(*step));
            let ron_text = ron::to_string(step).unwrap();
            assert_eq!(ron_text, step.id());
        }
        for technique in Technique::ALL {
            assert_eq!(
                ron::from_str::<Technique>(technique.id()).unwrap(),
                *technique
            );
        }
        for anti in AntiPattern::ALL {
            assert_eq!(ron::from_str::<AntiPattern>(anti.id()).unwrap(), *anti);
        }
    }

    #[test]
    fn domain_lists_have_the_documented_sizes() {
        assert_eq!(Step::ALL.len(), 6);
        assert_eq!(Technique::ALL.len(), 17);
        assert_eq!(AntiPattern::ALL.len(), 10);
        assert_eq!(PersonaStyle::ALL.len(), 4);
        assert_eq!(Emotion::ALL.len(), 5);
        assert_eq!(Step::OfferSupport.number(), 6);
    }
}
