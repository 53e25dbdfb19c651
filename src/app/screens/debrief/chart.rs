//! The six steps as a bar chart, coloured by the debrief's bands.

use egui::Ui;
use egui_plot::{Bar, BarChart, Plot};

use super::view::DebriefView;
use crate::app::ui::{theme, tr};
use crate::engine::debrief::Band;

/// The colour of a step score's band.
pub fn band_color(band: Band) -> egui::Color32 {
    match band {
        Band::Strong => theme::GOOD,
        Band::Fair => theme::WARN,
        Band::Weak => theme::BAD,
    }
}

pub fn step_chart(ui: &mut Ui, view: &DebriefView) {
    let lang = view.lang;
    let bars: Vec<Bar> = view
        .steps
        .iter()
        .map(|(step, score)| {
            let color = band_color(view.band(*score));
            Bar::new(step.number() as f64, *score)
                .name(step.label(lang))
                .fill(color)
                .width(0.6)
        })
        .collect();
    let names: Vec<String> = view
        .steps
        .iter()
        .map(|(s, _)| format!("{}", s.number()))
        .collect();
    Plot::new("six_steps")
        .height(200.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_axes([true, true])
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round() as usize;
            if (mark.value - index as f64).abs() < 1e-6 && (1..=names.len()).contains(&index) {
                names[index - 1].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new(
                tr(lang, "六步骤得分", "Six-step scores"),
                bars,
            ))
        });
}
