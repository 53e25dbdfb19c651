//! Where the library comes from: the shipped scenarios and portraits, built into the program so
//! it opens with them from any folder, and the user's own folders in the data folder (scenarios
//! the user writes or installs, and the pictures they name).

use std::path::PathBuf;

use include_dir::{Dir, include_dir};

use crate::adapters::folders::data_folder;
use crate::engine::scenario::load::{LoadedFile, load_str};

static SCENARIOS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/scenarios");
static PORTRAITS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets/portraits");

/// How built-in files are named in the library and in messages: `built-in/late_delivery.ron`.
pub const BUILTIN: &str = "built-in";

/// The shipped scenarios, loaded and checked like any file.
pub fn builtin_scenarios() -> Vec<LoadedFile> {
    let mut files: Vec<LoadedFile> = SCENARIOS
        .files()
        .filter(|file| file.path().extension().is_some_and(|ext| ext == "ron"))
        .filter_map(|file| {
            let name = format!("{BUILTIN}/{}", file.path().display());
            Some(load_str(&name, file.contents_utf8()?))
        })
        .collect();
    files.sort_by(|a, b| a.path().cmp(b.path()));
    files
}

/// The shipped pictures, by their path in the media folder (`portraits/cautious.png`).
pub fn builtin_media() -> impl Iterator<Item = (String, &'static [u8])> {
    PORTRAITS.files().map(|file| {
        (
            format!("portraits/{}", file.path().display()),
            file.contents(),
        )
    })
}

/// The user's own scenario folder, read beside the built-in library and watched for changes.
pub fn user_scenario_folder() -> Option<PathBuf> {
    Some(data_folder()?.join("scenarios"))
}

/// The user's media folder: the pictures their scenarios name.
pub fn user_media_folder() -> Option<PathBuf> {
    Some(data_folder()?.join("media"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_and_portrait_is_built_in_and_valid() {
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
            })
            .count();
        let built_in = builtin_scenarios();
        assert_eq!(built_in.len(), on_disk);
        for file in &built_in {
            assert!(file.path().starts_with("built-in/"), "{}", file.path());
            assert!(file.scenario.is_some(), "{}", file.report.render(false));
        }
        let media: Vec<String> = builtin_media().map(|(path, _)| path).collect();
        assert!(
            media.contains(&"portraits/cautious.png".to_owned()),
            "{media:?}"
        );
    }
}
