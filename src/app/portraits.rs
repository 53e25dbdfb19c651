//! Customer portraits: a scenario's `persona.portrait` names an image inside the media folder
//! (`assets/` by default). The path was checked when the scenario loaded; it is resolved again
//! on disk here, links included, so nothing outside the folder is ever read. A picture over the
//! media limits (file size, declared pixels; see `engine::scenario::media`) is never decoded:
//! the style's picture shows instead, with a notice ([`PortraitProblems`]). A picture the folder
//! doesn't have is taken from the ones built into the program, when it is one of those.

use bevy::asset::io::AssetSourceBuilder;
use bevy::ecs::system::SystemParam;
use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiTextureHandle, egui};

use crate::engine::scenario::{asset_path, media};

/// The asset source media is read from (`media://…`).
pub const SOURCE: &str = "media";

/// The media folder on disk.
#[derive(Resource, Clone, Debug)]
pub struct MediaFolder(pub std::path::PathBuf);

/// Registers the folder portraits are read from. Must come before Bevy's `AssetPlugin`.
pub fn register_media_folder(app: &mut App, folder: &std::path::Path) {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    app.register_asset_source(
        SOURCE,
        AssetSourceBuilder::platform_default(&absolute.to_string_lossy(), None),
    );
    app.insert_resource(MediaFolder(absolute));
}

/// The pictures built into the program, by their path in the media folder.
#[derive(Resource, Clone, Debug, Default)]
pub struct BuiltinMedia(pub bevy::platform::collections::HashSet<String>);

/// Where the built-in pictures are in Bevy's `embedded://` source.
const EMBEDDED_ROOT: &str = "rapport";

/// Puts the built-in pictures where the asset server finds them. Must come after `AssetPlugin`.
pub fn register_builtin_media(app: &mut App) {
    let Some(registry) = app
        .world()
        .get_resource::<bevy::asset::io::embedded::EmbeddedAssetRegistry>()
    else {
        return;
    };
    let mut known = BuiltinMedia::default();
    for (path, bytes) in crate::adapters::library::builtin_media() {
        let embedded = std::path::Path::new(EMBEDDED_ROOT).join(&path);
        registry.insert_asset(embedded.clone(), &embedded, bytes);
        known.0.insert(path);
    }
    app.insert_resource(known);
}

/// Portraits that were refused, by path, with the reason.
#[derive(Resource, Default, Debug)]
pub struct PortraitProblems(pub HashMap<String, String>);

/// Loads portraits on first use and hands out their egui textures.
#[derive(SystemParam)]
pub struct Portraits<'w, 's> {
    folder: Option<Res<'w, MediaFolder>>,
    builtin: Option<Res<'w, BuiltinMedia>>,
    problems: ResMut<'w, PortraitProblems>,
    server: Res<'w, AssetServer>,
    handles: Local<'s, HashMap<String, Option<Handle<Image>>>>,
    redraw: MessageWriter<'w, bevy::window::RequestRedraw>,
}

impl Portraits<'_, '_> {
    /// Why the portrait at `path` is not shown, if it was refused.
    pub fn problem(&self, path: &str) -> Option<String> {
        self.problems.0.get(path).cloned()
    }

    /// The texture for `path`, once the image has loaded. A path that does not resolve inside
    /// the media folder is logged once and never loaded.
    pub fn texture(&mut self, contexts: &mut EguiContexts, path: &str) -> Option<egui::TextureId> {
        let folder = self.folder.as_ref()?.0.clone();
        let server = &self.server;
        let builtin = self.builtin.as_deref();
        let problems = &mut self.problems;
        let handle = self
            .handles
            .entry(path.to_owned())
            .or_insert_with(|| {
                let refused = match asset_path::resolve(&folder, path) {
                    Some(file) => match media::inspect(&file) {
                        Ok(_) => return Some(server.load(format!("{SOURCE}://{path}"))),
                        Err(problem) => problem.to_string(),
                    },
                    None if builtin.is_some_and(|b| b.0.contains(path)) => {
                        return Some(server.load(format!("embedded://{EMBEDDED_ROOT}/{path}")));
                    }
                    None => format!("not a file inside {}", folder.display()),
                };
                warn!("portrait {path}: {refused}");
                problems.0.insert(path.to_owned(), refused);
                None
            })
            .clone()?;
        if self.server.is_loaded(&handle) {
            Some(contexts.add_image(EguiTextureHandle::Strong(handle)))
        } else {
            // Loading finishes in the background; draw again to show it.
            self.redraw.write(bevy::window::RequestRedraw);
            None
        }
    }
}
