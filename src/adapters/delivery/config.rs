//! `lrs.ron`: where a learner's results go. For example:
//!
//! ```ron
//! Lrs(
//!     endpoint: "https://lrs.example.org/xAPI/",
//!     user: "rapport-desktops",
//!     // Or set RAPPORT_LRS_PASSWORD; a password here needs the file readable by you only.
//!     password: Some("…"),
//!     learner: (name: "Li Na", email: Some("li.na@example.org")),
//! )
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::adapters::xapi::Actor;

/// The environment variable that holds the LRS password (it wins over the file's).
pub const PASSWORD_VARIABLE: &str = "RAPPORT_LRS_PASSWORD";

/// A password: shown as `***` by `Debug` and nowhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The password itself, for the request that needs it and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

#[derive(Deserialize)]
#[serde(rename = "Lrs", deny_unknown_fields)]
struct LrsFile {
    endpoint: String,
    user: String,
    #[serde(default)]
    password: Option<String>,
    learner: LearnerFile,
    /// Send the password over plain HTTP to a host other than this computer.
    #[serde(default)]
    allow_plain_http: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LearnerFile {
    name: String,
    #[serde(default)]
    email: Option<String>,
    /// An account name on Rapport when there is no e-mail (default: the login name).
    #[serde(default)]
    account: Option<String>,
}

/// Where results go and as whom.
#[derive(Clone, Debug)]
pub struct LrsConfig {
    /// The LRS's xAPI base address, such as `https://lrs.example.org/xAPI/`.
    pub endpoint: String,
    pub user: String,
    pub password: Secret,
    pub learner: Actor,
}

/// `lrs.ron` in the config folder (`$RAPPORT_CONFIG_DIR` or `~/.config/rapport`).
pub fn default_location() -> Option<PathBuf> {
    Some(crate::adapters::folders::config_folder()?.join("lrs.ron"))
}

/// Reads the LRS settings: `Ok(None)` when there is no file (results stay on this computer).
pub fn load(path: &Path) -> Result<Option<LrsConfig>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("{}: {error}", path.display())),
    };
    let file: LrsFile = ron::from_str(&text).map_err(|error| {
        format!(
            "{}:{}:{}: {} (see the README, “Results to a Learning Record Store”)",
            path.display(),
            error.span.start.line,
            error.span.start.col,
            error.code
        )
    })?;
    let from_environment = std::env::var(PASSWORD_VARIABLE).ok();
    if file.password.is_some() && from_environment.is_none() && readable_by_others(path) {
        return Err(format!(
            "{} holds a password and other users can read it: make it yours only (chmod 600 {}) \
             or move the password to {PASSWORD_VARIABLE}",
            path.display(),
            path.display()
        ));
    }
    let password = from_environment.or(file.password).ok_or_else(|| {
        format!(
            "{}: no password for the LRS: set {PASSWORD_VARIABLE}, or add `password: Some(\"…\")` \
             to the file and make it readable by you only",
            path.display()
        )
    })?;
    check_endpoint(&file.endpoint, file.allow_plain_http)
        .map_err(|problem| format!("{}: {problem}", path.display()))?;
    let account = file
        .learner
        .account
        .unwrap_or_else(|| std::env::var("USER").unwrap_or_else(|_| "trainee".to_owned()));
    Ok(Some(LrsConfig {
        endpoint: file.endpoint,
        user: file.user,
        password: Secret::new(password),
        learner: Actor {
            name: file.learner.name,
            email: file.learner.email,
            account,
        },
    }))
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

/// An `http(s)://` address; plain HTTP only to this computer unless `allow_plain_http`.
pub fn check_endpoint(endpoint: &str, allow_plain_http: bool) -> Result<(), String> {
    let (scheme, rest) = endpoint.split_once("://").ok_or_else(|| {
        format!("`{endpoint}` is not an address such as https://lrs.example.org/xAPI/")
    })?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(
            "the address holds a user name or password (`…@`): put the key in `user` and the \
             secret in `password` or RAPPORT_LRS_PASSWORD"
                .to_owned(),
        );
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(format!("`{endpoint}` names no host"));
    }
    match scheme {
        "https" => Ok(()),
        "http" if allow_plain_http || matches!(host, "localhost" | "127.0.0.1" | "::1") => Ok(()),
        "http" => Err(format!(
            "`{endpoint}` would send the password unencrypted over the network: use https, or \
             set `allow_plain_http: true` if that is really wanted"
        )),
        other => Err(format!("`{other}://` is not supported: use https")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_for_this_computer_only_unless_allowed() {
        assert!(check_endpoint("https://lrs.example.org/xAPI/", false).is_ok());
        assert!(check_endpoint("http://127.0.0.1:8100/xAPI/", false).is_ok());
        assert!(check_endpoint("http://localhost/xAPI/", false).is_ok());
        assert!(check_endpoint("http://[::1]:80/xAPI/", false).is_ok());
        assert!(check_endpoint("http://lrs.example.org/xAPI/", false).is_err());
        assert!(check_endpoint("http://lrs.example.org/xAPI/", true).is_ok());
        assert!(check_endpoint("ftp://lrs.example.org/", true).is_err());
        assert!(check_endpoint("lrs.example.org", false).is_err());
        // A user name in the address would hide the real host (and print the secret).
        assert!(check_endpoint("http://localhost:x@lrs.example.org/xAPI/", false).is_err());
        assert!(check_endpoint("http://[::1]:1@evil.example/", false).is_err());
        assert!(check_endpoint("https://key:secret@lrs.example.org/xAPI/", false).is_err());
    }

    #[test]
    fn a_password_in_a_file_others_can_read_is_refused_and_never_printed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lrs.ron");
        let text = r#"Lrs(endpoint: "https://lrs.example.org/xAPI/", user: "u", password: Some("s3cret-value"), learner: (name: "Li Na"))"#;
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        if std::env::var_os(PASSWORD_VARIABLE).is_none() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let error = load(&path).unwrap_err();
            assert!(error.contains("chmod 600"), "{error}");
            assert!(!error.contains("s3cret-value"), "{error}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let config = load(&path).unwrap().unwrap();
        let expected = std::env::var(PASSWORD_VARIABLE).unwrap_or_else(|_| "s3cret-value".into());
        assert_eq!(config.password.expose(), expected);
        assert!(!format!("{config:?}").contains("s3cret-value"));
        assert_eq!(config.learner.name, "Li Na");
        assert!(load(&dir.path().join("none.ron")).unwrap().is_none());
    }
}
