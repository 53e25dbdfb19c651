//! Media files a scenario names (portraits) are untrusted input: a small file may declare an
//! enormous picture. Each is bounded by file size and by pixel dimensions, read from its header
//! before anything is decoded, and decoded (by `check`) with the image crate's limits.

use std::io::BufReader;
use std::path::Path;

use image::{ImageReader, Limits};

use super::Scenario;
use super::asset_path;
use super::diagnostic::{Diagnostic, Kind};
use super::ron_spans::{SpanPath, SpanTree};

/// Largest media file read, in bytes.
pub const MAX_MEDIA_BYTES: u64 = 8 * 1024 * 1024;
/// Largest width or height of a picture, in pixels (a portrait is shown at about 64).
pub const MAX_SIDE: u32 = 4096;

/// Why a picture is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MediaProblem {
    #[error("cannot read it: {0}")]
    Unreadable(String),
    #[error("the file is {bytes} bytes; pictures are limited to {MAX_MEDIA_BYTES} bytes")]
    TooLarge { bytes: u64 },
    #[error(
        "the picture declares {width} × {height} pixels; pictures are limited to {MAX_SIDE} × {MAX_SIDE}"
    )]
    TooManyPixels { width: u32, height: u32 },
    #[error("it is not a picture Rapport can show: {0}")]
    Undecodable(String),
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(u64::from(MAX_SIDE) * u64::from(MAX_SIDE) * 4);
    limits
}

/// A reader of the file at `path` if its size is within the limit; `limited` also bounds what
/// decoding may allocate.
fn reader(
    path: &Path,
    limited: bool,
) -> Result<ImageReader<BufReader<std::fs::File>>, MediaProblem> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| MediaProblem::Unreadable(e.to_string()))?
        .len();
    if bytes > MAX_MEDIA_BYTES {
        return Err(MediaProblem::TooLarge { bytes });
    }
    let mut reader = ImageReader::open(path)
        .map_err(|e| MediaProblem::Unreadable(e.to_string()))?
        .with_guessed_format()
        .map_err(|e| MediaProblem::Unreadable(e.to_string()))?;
    if limited {
        reader.limits(limits());
    }
    Ok(reader)
}

/// The picture's size from its header, if the file and the size are within the limits. Cheap:
/// nothing is decoded.
pub fn inspect(path: &Path) -> Result<(u32, u32), MediaProblem> {
    // The header alone; the declared size is compared below, to name it.
    let (width, height) = reader(path, false)?
        .into_dimensions()
        .map_err(|e| MediaProblem::Undecodable(e.to_string()))?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(MediaProblem::TooManyPixels { width, height });
    }
    Ok((width, height))
}

/// [`inspect`], then a full decode within the limits: a truncated or corrupt file is found too.
pub fn verify(path: &Path) -> Result<(u32, u32), MediaProblem> {
    let size = inspect(path)?;
    reader(path, true)?
        .decode()
        .map_err(|e| MediaProblem::Undecodable(e.to_string()))?;
    Ok(size)
}

/// An error for each picture of `scenario` that is missing or refused, at the position of its
/// path. `assets` is the media folder paths are relative to.
pub fn check_media(scenario: &Scenario, source: &str, assets: &Path) -> Vec<Diagnostic> {
    let Some(path) = &scenario.persona.portrait else {
        return Vec::new();
    };
    if asset_path::problem(path).is_some() {
        // The validator has reported the path itself.
        return Vec::new();
    }
    let problem = match asset_path::resolve(assets, path) {
        None => MediaProblem::Unreadable(format!("no file {path} inside {}", assets.display())),
        Some(file) => match verify(&file) {
            Ok(_) => return Vec::new(),
            Err(problem) => problem,
        },
    };
    let span = SpanTree::scan(source)
        .locate(&SpanPath::root().field("persona").field("portrait"))
        .unwrap_or(0..0);
    vec![
        Diagnostic::error(Kind::Media, format!("portrait {path}: {problem}"))
            .with_label("this picture")
            .with_hint(format!(
                "use a PNG of at most {MAX_SIDE} × {MAX_SIDE} pixels and {} MB (a portrait \
                 shows at about 64 pixels), or leave `portrait` out",
                MAX_MEDIA_BYTES / (1024 * 1024)
            ))
            .at(source, span),
    ]
}
