//! A fix for bevy_egui 0.42, which pushes `egui::Event::ModifiersChanged` every frame. egui
//! treats any event as a reason to repaint, its repaint request wakes winit, and the window
//! redraws at full rate forever. Dropping the event when the modifiers did not change breaks
//! that loop.

use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy_egui::{EguiInput, EguiPreUpdateSet, egui};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        PreUpdate,
        drop_repeated_modifier_events
            .after(EguiPreUpdateSet::ProcessInput)
            .before(EguiPreUpdateSet::BeginPass),
    );
}

/// Removes `ModifiersChanged` events that repeat the modifiers last passed on.
pub fn drop_unchanged_modifiers(events: &mut Vec<egui::Event>, last: &mut Option<egui::Modifiers>) {
    events.retain(|event| match event {
        egui::Event::ModifiersChanged(modifiers) => {
            let changed = *last != Some(*modifiers);
            *last = Some(*modifiers);
            changed
        }
        _ => true,
    });
}

pub fn drop_repeated_modifier_events(
    mut inputs: Query<(Entity, &mut EguiInput)>,
    mut last: Local<HashMap<Entity, egui::Modifiers>>,
) {
    for (entity, mut input) in &mut inputs {
        let mut previous = last.get(&entity).copied();
        drop_unchanged_modifiers(&mut input.events, &mut previous);
        if let Some(modifiers) = previous {
            last.insert(entity, modifiers);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_modifiers_are_dropped_and_changes_kept() {
        let shift = egui::Modifiers {
            shift: true,
            ..Default::default()
        };
        let mut last = None;
        let mut frame = vec![egui::Event::ModifiersChanged(egui::Modifiers::NONE)];
        drop_unchanged_modifiers(&mut frame, &mut last);
        assert_eq!(frame.len(), 1, "the first report passes");

        let mut idle_frame = vec![egui::Event::ModifiersChanged(egui::Modifiers::NONE)];
        drop_unchanged_modifiers(&mut idle_frame, &mut last);
        assert!(idle_frame.is_empty(), "an unchanged report is dropped");

        let mut shift_frame = vec![
            egui::Event::ModifiersChanged(shift),
            egui::Event::Text("A".into()),
        ];
        drop_unchanged_modifiers(&mut shift_frame, &mut last);
        assert_eq!(shift_frame.len(), 2, "a change and other events pass");
    }

    #[test]
    fn the_system_filters_each_context_every_frame() {
        let mut app = App::new();
        app.add_systems(Update, drop_repeated_modifier_events);
        let context = app.world_mut().spawn(EguiInput::default()).id();
        for frame in 0..3 {
            let mut input = app.world_mut().get_mut::<EguiInput>(context).unwrap();
            input.events = vec![egui::Event::ModifiersChanged(egui::Modifiers::NONE)];
            app.update();
            let kept = app.world().get::<EguiInput>(context).unwrap().events.len();
            assert_eq!(kept, usize::from(frame == 0), "frame {frame}");
        }
    }
}
