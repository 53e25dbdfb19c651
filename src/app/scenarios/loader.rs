//! Scenario files as Bevy assets: an AssetLoader for the RON format that reuses the engine's
//! loader and validator. It never fails: a broken file becomes an asset holding its diagnostics,
//! so the library can list it with its errors instead of hiding it.

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;

use crate::engine::scenario::load::{LoadedFile, load_bytes};

#[derive(Asset, TypePath, Debug)]
pub struct ScenarioFile(pub LoadedFile);

#[derive(TypePath)]
pub struct ScenarioLoader {
    /// How the folder is shown in diagnostics (`scenarios/x.ron`).
    pub folder: String,
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        context: &mut LoadContext<'_>,
    ) -> Result<ScenarioFile, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let shown = format!(
            "{}/{}",
            self.folder.trim_end_matches('/'),
            context.path().path().display()
        );
        Ok(ScenarioFile(load_bytes(&shown, &bytes)))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}
