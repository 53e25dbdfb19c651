//! Free replies on the conversation screen: the box to type in (Enter sends, Shift+Enter breaks
//! the line), the question when the analyser is unsure what was meant, and the coach's reading
//! of a typed reply with the words that fired each finding highlighted.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Ui};

use super::view::{ConversationAction, ConversationUiState, ConversationView, UnsureView};
use crate::app::ui::{colon, theme, tr, widgets};
use crate::engine::domain::Lang;
use crate::engine::play::session::FreeReply;
use crate::engine::reply::Tag;
use crate::engine::reply::analyse::{Evidence, ReplyProblem};
use crate::engine::reply::text::MAX_REPLY_CHARS;

/// The id of the reply box, so keys and tests can find and focus it.
pub fn reply_box_id() -> egui::Id {
    egui::Id::new("free_reply_box")
}

/// The colour a finding is marked with: steps green, techniques teal, anti-patterns red.
pub fn tag_color(tag: Tag) -> Color32 {
    match tag {
        Tag::Step(_) => theme::GOOD,
        Tag::Technique(_) => theme::ACCENT,
        Tag::AntiPattern(_) => theme::BAD,
    }
}

/// The mark before a finding: a dot for a move made, a triangle for an anti-pattern (both in
/// the bundled font's geometric shapes).
pub fn finding_mark(tag: Tag) -> &'static str {
    if matches!(tag, Tag::AntiPattern(_)) {
        "▲"
    } else {
        "●"
    }
}

/// The box to type a reply in, with its hint.
pub(super) fn reply_box(
    ui: &mut Ui,
    view: &ConversationView,
    state: &mut ConversationUiState,
) -> Option<ConversationAction> {
    let lang = view.lang;
    ui.label(RichText::new(tr(lang, "用你自己的话回应：", "Reply in your own words:")).strong());
    if view.reading {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(lang, "正在分析你的回应…", "Reading your reply…"));
        });
        return None;
    }
    let edit = egui::TextEdit::multiline(&mut state.draft)
        .id(reply_box_id())
        .desired_rows(3)
        // The analyser reads this much; the box takes no more.
        .char_limit(MAX_REPLY_CHARS)
        .desired_width(f32::INFINITY)
        .return_key(Some(egui::KeyboardShortcut::new(
            egui::Modifiers::SHIFT,
            egui::Key::Enter,
        )))
        .hint_text(tr(
            lang,
            "例如：先说出你观察到的情绪，再给出具体的下一步……",
            "e.g. name what you notice they feel, then offer a concrete next step…",
        ));
    let response = ui.add(edit);
    if !response.has_focus() && view.unsure.is_none() {
        response.request_focus();
    }
    let mut action = None;
    ui.horizontal(|ui| {
        let send = egui::Button::new(
            RichText::new(tr(lang, "发送 (Enter)", "Send (Enter)"))
                .color(Color32::WHITE)
                .strong(),
        )
        .fill(theme::ACCENT);
        if ui
            .add_enabled(!state.draft.trim().is_empty(), send)
            .clicked()
        {
            action = Some(ConversationAction::Reply(state.draft.clone()));
        }
        if ui
            .button(tr(
                lang,
                "改为选择回应 (Esc)",
                "Choose a reply instead (Esc)",
            ))
            .clicked()
        {
            state.typing = false;
        }
    });
    widgets::key_hint(
        ui,
        tr(
            lang,
            "Enter 发送 · Shift+Enter 换行 · Esc 改为选择",
            "Enter sends · Shift+Enter breaks the line · Esc to choose instead",
        ),
    );
    action
}

/// The analyser could not tell what the reply meant: offer the closest authored replies.
pub(super) fn unsure_card(
    ui: &mut Ui,
    lang: Lang,
    unsure: &UnsureView,
) -> Option<ConversationAction> {
    let mut action = None;
    theme::card()
        .stroke(egui::Stroke::new(1.5, theme::WARN))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let question = match unsure.problem {
                Some(ReplyProblem::Empty) => tr(
                    lang,
                    "没有读到文字。请用一两句话回应客户。",
                    "There are no words to read. Answer the customer in a sentence or two.",
                ),
                Some(ReplyProblem::OtherLanguage) => tr(
                    lang,
                    "这条回应不是用中文写的。请用中文回应，或在设置中切换语言。",
                    "This reply is not in English. Reply in English, or switch the language in Settings.",
                ),
                _ if unsure.candidates.is_empty() => tr(
                    lang,
                    "没能把这条回应对应到任何参考回应。请换个说法。",
                    "This reply does not match any of the authored replies. Put it another way.",
                ),
                _ => tr(
                    lang,
                    "不太确定你的意思。你想说的是哪一个？",
                    "Not sure what you meant. Which of these is closest?",
                ),
            };
            ui.label(RichText::new(question).strong().color(theme::WARN));
            ui.label(RichText::new(format!("“{}”", unsure.text)).italics());
            if !unreadable(unsure.problem) {
                for (position, (option, text)) in unsure.candidates.iter().enumerate() {
                    let label = format!("{}  {}", position + 1, text.get(lang));
                    let button = egui::Button::new(label)
                        .wrap()
                        .min_size(egui::vec2(ui.available_width(), 32.0));
                    if ui.add(button).clicked() {
                        action = Some(ConversationAction::Meant(*option));
                    }
                }
            }
            if ui
                .button(tr(lang, "换个说法 (Esc)", "Put it another way (Esc)"))
                .clicked()
            {
                action = Some(ConversationAction::Rephrase);
            }
            widgets::key_hint(
                ui,
                tr(
                    lang,
                    "数字键选择 · Esc 换个说法",
                    "Number keys pick · Esc to rephrase",
                ),
            );
        });
    action
}

/// A reply with nothing to match (empty, or in the other language): no authored reply is offered.
pub fn unreadable(problem: Option<ReplyProblem>) -> bool {
    matches!(
        problem,
        Some(ReplyProblem::Empty | ReplyProblem::OtherLanguage)
    )
}

/// What the analyser heard in a typed reply: the reply with the telling words marked, each
/// finding with its words and reason, and the authored reply the conversation followed.
pub(super) fn reading(ui: &mut Ui, lang: Lang, free: &FreeReply) {
    ui.label(
        RichText::new(tr(lang, "你说的：", "You said:"))
            .small()
            .color(theme::MUTED),
    );
    ui.add(egui::Label::new(highlighted(ui, &free.text, &free.evidence)).wrap());
    ui.add_space(4.0);
    if free.evidence.is_empty() {
        ui.label(
            RichText::new(tr(
                lang,
                "没有听出任何共情步骤、技巧或误区。",
                "No empathy step, technique or anti-pattern was heard.",
            ))
            .color(theme::MUTED),
        );
    }
    for evidence in &free.evidence {
        finding(ui, lang, evidence);
    }
    ui.add_space(4.0);
    let followed = if free.confirmed {
        tr(lang, "你选定的参考回应", "The authored reply you picked")
    } else {
        tr(lang, "最接近的参考回应", "Closest authored reply")
    };
    ui.label(
        RichText::new(format!(
            "{followed}{}{}",
            colon(lang),
            free.closest.get(lang)
        ))
        .small()
        .color(theme::MUTED),
    );
}

fn finding(ui: &mut Ui, lang: Lang, evidence: &Evidence) {
    let color = tag_color(evidence.tag);
    let mark = finding_mark(evidence.tag);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("{mark} {}", evidence.tag.label(lang)))
                .strong()
                .color(color),
        );
        if !evidence.words.is_empty() {
            ui.label(RichText::new(lang.quote(&evidence.words)).color(color));
        }
        ui.label(
            RichText::new(evidence.reason.get(lang))
                .small()
                .color(theme::MUTED),
        );
    });
}

/// A light background in the finding's colour.
fn tint(color: Color32) -> Color32 {
    Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), 56)
}

/// The reply as a layout with each evidence span on a tinted background (anti-patterns win where
/// spans overlap).
pub fn highlighted(ui: &Ui, text: &str, evidence: &[Evidence]) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for e in evidence {
        if e.span.start < e.span.end && e.span.end <= text.len() {
            cuts.push(e.span.start);
            cuts.push(e.span.end);
        }
    }
    cuts.retain(|c| text.is_char_boundary(*c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut job = LayoutJob::default();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let covering = evidence
            .iter()
            .filter(|e| e.span.start <= start && end <= e.span.end && e.span.start < e.span.end)
            .max_by_key(|e| matches!(e.tag, Tag::AntiPattern(_)));
        let format = match covering {
            Some(e) => TextFormat {
                font_id: font.clone(),
                color: theme::INK,
                background: tint(tag_color(e.tag)),
                underline: egui::Stroke::new(1.5, tag_color(e.tag)),
                ..Default::default()
            },
            None => TextFormat {
                font_id: font.clone(),
                color: theme::INK,
                ..Default::default()
            },
        };
        job.append(&text[start..end], 0.0, format);
    }
    job
}
