//! How each user set the app up, kept in the config folder as `settings.ron`: the language,
//! text size, free-reply and author modes, and the window's size. A missing file gives the
//! defaults (the language from the system locale); a corrupt file, or one written by a newer
//! Rapport, gives the defaults and a notice, and is left as it is until the user changes a
//! setting. Writes are atomic.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::adapters::records::write_atomically;
use crate::engine::domain::Lang;

/// Version of the settings format this build writes and reads.
pub const SETTINGS_FORMAT: u32 = 1;
/// The smallest window side kept; a smaller saved size is ignored.
pub const MIN_WINDOW_SIDE: f32 = 200.0;
/// Overrides the config folder (tests, portable installs).
pub use crate::adapters::folders::CONFIG_DIR_VARIABLE;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub format: u32,
    pub lang: Lang,
    pub text_scale: f32,
    pub author_mode: bool,
    pub free_reply: bool,
    /// The window's logical size, as the user left it.
    pub window: Option<(f32, f32)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            format: SETTINGS_FORMAT,
            lang: Lang::Zh,
            text_scale: 1.0,
            author_mode: false,
            free_reply: false,
            window: None,
        }
    }
}

/// What reading the settings file gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub settings: Settings,
    /// Why the defaults are in use although a file exists; the file is then kept unchanged until
    /// the user changes a setting.
    pub notice: Option<String>,
}

/// `$RAPPORT_CONFIG_DIR/settings.ron`, or the platform's config folder (e.g.
/// `~/.config/rapport/settings.ron`).
pub fn default_location() -> Option<PathBuf> {
    let base = crate::adapters::folders::config_folder()?;
    Some(base.join("settings.ron"))
}

/// The interface language the system locale asks for: Chinese for `zh*`, English otherwise.
pub fn locale_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .unwrap_or_default();
    if locale.to_lowercase().starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Reads the settings; never fails (see the module's notes).
pub fn load(path: &Path) -> Loaded {
    let first_start = || Loaded {
        settings: first_start(),
        notice: None,
    };
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return first_start(),
        Err(error) => return defaults_because(format!("{}: {error}", path.display())),
    };
    let Ok(text) = String::from_utf8(text) else {
        return defaults_because(format!("{}: not UTF-8 text", path.display()));
    };
    // The format is read first, so a newer file is told apart from a broken one.
    if let Some(format) = format_of(&text)
        && format > SETTINGS_FORMAT
    {
        return defaults_because(format!(
            "{} was written by a newer Rapport (format {format}); using the defaults and \
             leaving it unchanged",
            path.display()
        ));
    }
    match ron::from_str::<Settings>(&text) {
        // A window size out of range is dropped alone; the other settings stand.
        Ok(mut settings) if valid(&settings) => Loaded {
            settings: {
                settings.window = settings.window.filter(|&(w, h)| window_fits(w, h));
                settings
            },
            notice: None,
        },
        Ok(_) => defaults_because(format!("{}: a value is out of range", path.display())),
        Err(error) => defaults_because(format!(
            "{}:{}:{}: {}",
            path.display(),
            error.span.start.line,
            error.span.start.col,
            error.code
        )),
    }
}

/// The `format` field of a settings text, whatever else it holds.
fn format_of(text: &str) -> Option<u32> {
    let ron::Value::Map(map) = ron::from_str::<ron::Value>(text).ok()? else {
        return None;
    };
    map.iter().find_map(|(key, value)| match (key, value) {
        (ron::Value::String(k), ron::Value::Number(n)) if k == "format" => {
            Some((*n).into_f64().clamp(0.0, u32::MAX as f64) as u32)
        }
        _ => None,
    })
}

fn valid(settings: &Settings) -> bool {
    (0.5..=3.0).contains(&settings.text_scale)
}

fn window_fits(width: f32, height: f32) -> bool {
    let side = MIN_WINDOW_SIDE..=20_000.0;
    side.contains(&width) && side.contains(&height)
}

/// The settings of a first start: the defaults, in the locale's language.
pub fn first_start() -> Settings {
    Settings {
        lang: locale_lang(),
        ..Settings::default()
    }
}

fn defaults_because(notice: String) -> Loaded {
    Loaded {
        settings: first_start(),
        notice: Some(notice),
    }
}

/// Writes the settings atomically, creating the folder.
pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    write_atomically(
        path,
        format!("// Rapport's settings; the app rewrites this file.\n{text}\n").as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_bad_files_give_defaults_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/settings.ron");
        let chosen = Settings {
            lang: Lang::En,
            text_scale: 1.4,
            free_reply: true,
            window: Some((1500.0, 900.0)),
            ..Settings::default()
        };
        save(&path, &chosen).unwrap();
        assert_eq!(
            load(&path),
            Loaded {
                settings: chosen,
                notice: None
            }
        );

        for (text, says) in [
            ("(lang: En, text_scale: ", "settings.ron:"),
            ("(format: 9, lang: En, hologram: true)", "newer Rapport"),
            ("(text_scale: 40.0)", "out of range"),
        ] {
            std::fs::write(&path, text).unwrap();
            let loaded = load(&path);
            assert_eq!(loaded.settings, first_start(), "{text}");
            let notice = loaded.notice.expect("a notice");
            assert!(notice.contains(says), "{notice}");
        }
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        assert!(load(&path).notice.unwrap().contains("UTF-8"));
        // A window too small to open with is dropped; the rest of the settings stand.
        std::fs::write(
            &path,
            "(lang: en, text_scale: 1.2, window: Some((0.0, 0.0)))",
        )
        .unwrap();
        let loaded = load(&path);
        assert_eq!(
            (loaded.settings.lang, loaded.settings.window),
            (Lang::En, None)
        );
        assert!(loaded.notice.is_none());
    }
}
