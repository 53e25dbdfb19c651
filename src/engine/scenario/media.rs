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
                 shows at about 64 pixels), or leave `portrait` out for the style's picture",
                MAX_MEDIA_BYTES / (1024 * 1024)
            ))
            .at(source, span),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG declaring `width` × `height` pixels, with a tiny body (as a small file that
    /// declares an enormous picture would be).
    pub fn png_declaring(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", b"\x78\x9c\x03\x00\x00\x00\x00\x01");
        chunk(&mut png, b"IEND", b"");
        png
    }

    fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_huge_declared_picture_is_refused_from_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let huge = dir.path().join("huge.png");
        std::fs::write(&huge, png_declaring(30_000, 30_000)).unwrap();
        assert_eq!(
            inspect(&huge),
            Err(MediaProblem::TooManyPixels {
                width: 30_000,
                height: 30_000
            })
        );
        let truncated = dir.path().join("truncated.png");
        std::fs::write(&truncated, png_declaring(64, 64)).unwrap();
        assert_eq!(inspect(&truncated), Ok((64, 64)), "the header is fine");
        assert!(matches!(
            verify(&truncated),
            Err(MediaProblem::Undecodable(_))
        ));
        let big = dir.path().join("big.png");
        std::fs::write(&big, vec![0u8; MAX_MEDIA_BYTES as usize + 1]).unwrap();
        assert!(matches!(inspect(&big), Err(MediaProblem::TooLarge { .. })));
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let portrait = std::fs::read_dir(shipped.join("portraits"))
            .ok()
            .and_then(|mut entries| entries.next())
            .and_then(Result::ok)
            .map(|e| e.path());
        if let Some(portrait) = portrait {
            assert!(verify(&portrait).is_ok(), "{}", portrait.display());
        }
    }
}
