//! Paths to media a scenario may name (a portrait, later sounds). They are relative to the
//! app's `assets/` folder and may never lead outside it: not absolute, no `..`, no drive or
//! backslash tricks, and, when resolved on disk, not through a link pointing elsewhere.

use std::path::{Component, Path, PathBuf};

/// Why a path in a scenario is refused.
pub fn problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("the path is empty");
    }
    if path.contains('\\') || path.contains(':') || path.contains('\0') {
        return Some("use forward slashes and no drive letters or colons");
    }
    if path.starts_with('/') {
        return Some("the path must be relative to the assets folder, not absolute");
    }
    if Path::new(path)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Some("`..` would leave the assets folder");
    }
    None
}

/// The file `path` names inside `root`, if it is allowed and exists there. Links are followed
/// and the result must still be inside `root`.
pub fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    if problem(path).is_some() {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let resolved = root.join(path).canonicalize().ok()?;
    resolved.starts_with(&root).then_some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_allowed() {
        assert_eq!(problem("portraits/wang.png"), None);
        assert_eq!(problem("./portraits/wang.png"), None);
        for bad in [
            "",
            "/etc/passwd",
            "../secrets.png",
            "portraits/../../x.png",
            "C:/Windows/x.png",
            "portraits\\..\\x.png",
        ] {
            assert!(problem(bad).is_some(), "{bad:?} should be refused");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_assets_folder_does_not_resolve() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), b"x").unwrap();
        let assets = tempfile::tempdir().unwrap();
        std::fs::create_dir(assets.path().join("portraits")).unwrap();
        std::fs::write(assets.path().join("portraits/wang.png"), b"x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            assets.path().join("portraits/link.png"),
        )
        .unwrap();
        assert!(resolve(assets.path(), "portraits/wang.png").is_some());
        assert_eq!(resolve(assets.path(), "portraits/link.png"), None);
        assert_eq!(resolve(assets.path(), "portraits/missing.png"), None);
        assert_eq!(resolve(assets.path(), "../secret.png"), None);
    }
}
