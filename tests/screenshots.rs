//! The screenshot mode renders every screen in both languages to a PNG with real content.
//! Needs a display (CI runs the suite under Xvfb with RAPPORT_REQUIRE_DISPLAY=1).
#![cfg(feature = "gui")]

mod common;

use std::process::Command;

fn display_available() -> bool {
    if std::env::var_os("DISPLAY").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("RAPPORT_REQUIRE_DISPLAY").is_none(),
        "RAPPORT_REQUIRE_DISPLAY is set but there is no DISPLAY"
    );
    eprintln!(
        "no DISPLAY: screenshot test not run (set RAPPORT_REQUIRE_DISPLAY=1 to make this an error)"
    );
    false
}

/// Fraction of pixels that differ clearly from the most common (background) colour.
fn ink_fraction(image: &image::RgbImage) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for pixel in image.pixels() {
        *counts.entry(pixel.0).or_insert(0usize) += 1;
    }
    let background = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(c, _)| *c)
        .unwrap();
    let differs = image
        .pixels()
        .filter(|p| {
            p.0.iter()
                .zip(background)
                .map(|(a, b)| (*a as i32 - b as i32).abs())
                .sum::<i32>()
                > 60
        })
        .count();
    differs as f64 / (image.width() * image.height()) as f64
}

#[test]
fn every_screen_renders_in_both_languages() {
    if !display_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for screen in [
        "library",
        "conversation",
        "debrief",
        "settings",
        "progress",
        "map",
        "group-setup",
        "group",
    ] {
        for lang in ["zh", "en"] {
            let path = dir.path().join(format!("{screen}-{lang}.png"));
            let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
                .args([
                    "--screenshot",
                    &path.display().to_string(),
                    "--screen",
                    screen,
                    "--lang",
                    lang,
                ])
                .args(["--scenario", "late_delivery"])
                .current_dir(common::repo_path(""))
                .output()
                .expect("rapport runs");
            assert!(
                output.status.success(),
                "{screen} {lang}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let image = image::open(&path).expect("a PNG was written").to_rgb8();
            assert_eq!(
                (image.width(), image.height()),
                (1280, 820),
                "{screen} {lang}"
            );
            let ink = ink_fraction(&image);
            // Text covers 0.4% (settings) to several percent of a screen; a blank or black frame is ~0.
            assert!(
                ink > 0.002,
                "{screen} {lang}: looks blank ({ink:.4} of pixels differ from the background)"
            );
        }
    }
}

/// Installed Rapport is run from anywhere: the built-in library and pictures need no folder.
#[test]
fn from_an_empty_folder_the_built_in_library_and_its_portraits_show() {
    if !display_available() {
        return;
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = elsewhere.path().join("conversation.png");
    for scenario in ["late_delivery", "price_renewal"] {
        let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["--screenshot", &path.display().to_string()])
            .args([
                "--screen",
                "conversation",
                "--lang",
                "en",
                "--scenario",
                scenario,
            ])
            .current_dir(elsewhere.path())
            .env("RAPPORT_DATA_DIR", data.path())
            .env("RAPPORT_CONFIG_DIR", data.path())
            .output()
            .expect("rapport runs");
        assert!(
            output.status.success(),
            "{scenario}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let image = image::open(&path).expect("a PNG was written").to_rgb8();
        // The customer card's portrait, top left, is drawn (not left as the card's background).
        let portrait = image::imageops::crop_imm(&image, 34, 84, 52, 52).to_image();
        let ink = ink_fraction(&portrait);
        assert!(
            ink > 0.2,
            "{scenario}: no portrait ({ink:.3} of its pixels drawn)"
        );
    }
}
