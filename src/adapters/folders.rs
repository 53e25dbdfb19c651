//! The folders Rapport keeps things in: the data folder (session records, the user's scenarios
//! and media) and the config folder (settings). Each is the platform's (`~/.local/share/rapport`,
//! `~/.config/rapport` on Linux) unless an environment variable names another.

use std::path::PathBuf;

/// Overrides the data folder (tests, portable installs).
pub const DATA_DIR_VARIABLE: &str = "RAPPORT_DATA_DIR";
/// Overrides the config folder.
pub const CONFIG_DIR_VARIABLE: &str = "RAPPORT_CONFIG_DIR";

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "Rapport", "rapport")
}

pub fn data_folder() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_VARIABLE)
        .map(PathBuf::from)
        .or_else(|| Some(project()?.data_dir().to_path_buf()))
}

pub fn config_folder() -> Option<PathBuf> {
    std::env::var_os(CONFIG_DIR_VARIABLE)
        .map(PathBuf::from)
        .or_else(|| Some(project()?.config_dir().to_path_buf()))
}
