//! A calm, light look: warm paper background, one teal accent, generous spacing.

use egui::{
    Color32, CornerRadius, FontData, FontDefinitions, FontFamily, FontId, Stroke, TextStyle,
    Visuals,
};

use crate::engine::domain::{Difficulty, Emotion, Lang};

pub const BACKGROUND: Color32 = Color32::from_rgb(0xF6, 0xF4, 0xEF);
pub const PANEL: Color32 = Color32::from_rgb(0xFF, 0xFF, 0xFF);
pub const INK: Color32 = Color32::from_rgb(0x2B, 0x2F, 0x33);
pub const MUTED: Color32 = Color32::from_rgb(0x6B, 0x72, 0x78);
pub const ACCENT: Color32 = Color32::from_rgb(0x2F, 0x7D, 0x7A);
pub const ACCENT_SOFT: Color32 = Color32::from_rgb(0xDD, 0xEE, 0xEC);
pub const CUSTOMER_BUBBLE: Color32 = Color32::from_rgb(0xEE, 0xF1, 0xF5);
pub const TRAINEE_BUBBLE: Color32 = Color32::from_rgb(0xE3, 0xF1, 0xEF);
pub const GOOD: Color32 = Color32::from_rgb(0x3C, 0x8D, 0x5A);
pub const WARN: Color32 = Color32::from_rgb(0xB8, 0x6E, 0x1E);
pub const BAD: Color32 = Color32::from_rgb(0xB5, 0x45, 0x45);

/// The bundled CJK font (Noto Sans CJK SC subset, OFL); it also covers Latin text.
pub const CJK_FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Rapport.otf");
/// A Latin font (Noto Sans subset, OFL): CJK fonts draw quotes and dashes full-width, which looks
/// wrong in English, so English text uses this first.
pub const LATIN_FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Rapport.ttf");

/// Fonts for the interface language; both are registered, in the order that suits it.
/// (egui's own fonts have no Chinese glyphs.)
pub fn fonts(lang: Lang) -> FontDefinitions {
    let mut fonts = FontDefinitions::empty();
    fonts
        .font_data
        .insert("cjk".to_owned(), FontData::from_static(CJK_FONT).into());
    fonts
        .font_data
        .insert("latin".to_owned(), FontData::from_static(LATIN_FONT).into());
    let order = match lang {
        Lang::Zh => ["cjk", "latin"],
        Lang::En => ["latin", "cjk"],
    };
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .insert(family, order.iter().map(|name| name.to_string()).collect());
    }
    fonts
}

/// Applies fonts, sizes and colours to a context.
pub fn apply(ctx: &egui::Context, lang: Lang) {
    ctx.set_fonts(fonts(lang));
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(24.0)),
            (TextStyle::Body, FontId::proportional(16.0)),
            (TextStyle::Button, FontId::proportional(16.0)),
            (TextStyle::Small, FontId::proportional(13.0)),
            (TextStyle::Monospace, FontId::monospace(14.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
        let mut visuals = Visuals::light();
        visuals.panel_fill = BACKGROUND;
        visuals.window_fill = PANEL;
        visuals.extreme_bg_color = PANEL;
        visuals.override_text_color = Some(INK);
        // A blinking cursor repaints twice a second for as long as the reply box has focus; a
        // steady one lets the window idle at no CPU while the trainee thinks.
        visuals.text_cursor.blink = false;
        visuals.selection.bg_fill = ACCENT_SOFT;
        visuals.selection.stroke = Stroke::new(2.0, ACCENT);
        visuals.hyperlink_color = ACCENT;
        visuals.widgets.hovered.bg_stroke = Stroke::new(1.5, ACCENT);
        // Keyboard focus must be visible: a thick accent ring.
        visuals.widgets.active.bg_stroke = Stroke::new(2.0, ACCENT);
        for widget in [
            &mut visuals.widgets.inactive,
            &mut visuals.widgets.hovered,
            &mut visuals.widgets.active,
        ] {
            widget.corner_radius = CornerRadius::same(6);
        }
        style.visuals = visuals;
    });
}

pub fn emotion_color(emotion: Emotion) -> Color32 {
    match emotion {
        Emotion::Anger => Color32::from_rgb(0xC8, 0x5A, 0x54),
        Emotion::Anxiety => Color32::from_rgb(0xD9, 0x95, 0x3B),
        Emotion::Disappointment => Color32::from_rgb(0x7A, 0x86, 0x9A),
        Emotion::Confusion => Color32::from_rgb(0x8E, 0x74, 0xB8),
        Emotion::Trust => Color32::from_rgb(0x4B, 0x9B, 0x6E),
    }
}

pub fn difficulty_color(difficulty: Difficulty) -> Color32 {
    match difficulty {
        Difficulty::Basic => GOOD,
        Difficulty::Intermediate => WARN,
        Difficulty::Advanced => BAD,
    }
}

/// A white rounded card.
pub fn card() -> egui::Frame {
    egui::Frame::new()
        .fill(PANEL)
        .corner_radius(CornerRadius::same(10))
        .stroke(Stroke::new(1.0, Color32::from_rgb(0xE4, 0xE1, 0xDA)))
        .inner_margin(egui::Margin::same(14))
}

/// One hue per empathy step, in the model's order, for the branch map's edges and legend.
pub fn step_color(step: crate::engine::domain::Step) -> Color32 {
    match step.number() {
        1 => Color32::from_rgb(0x4A, 0x7F, 0xB5),
        2 => Color32::from_rgb(0x8E, 0x74, 0xB8),
        3 => Color32::from_rgb(0x2F, 0x9C, 0x95),
        4 => Color32::from_rgb(0x4B, 0x9B, 0x4E),
        5 => Color32::from_rgb(0xC9, 0x8A, 0x1E),
        _ => Color32::from_rgb(0xB8, 0x5C, 0x8A),
    }
}

pub fn outcome_color(outcome: crate::engine::domain::Outcome) -> Color32 {
    match outcome {
        crate::engine::domain::Outcome::Resolved => GOOD,
        crate::engine::domain::Outcome::Unresolved => WARN,
        crate::engine::domain::Outcome::Escalated => BAD,
    }
}
