//! Where the store lives when the caller does not say.

use std::path::PathBuf;

/// The variable that names the store's folder when `--store` is not given.
pub const STORE_VAR: &str = "AIRGAP_LICENSE_STORE";

/// Why there is no default store folder, for a caller to show when
/// [`default_dir`] is `None`.
#[cfg(unix)]
pub const NO_DEFAULT_DIR: &str = "no default store folder: set AIRGAP_LICENSE_STORE (or HOME)";
/// Why there is no default store folder, for a caller to show when
/// [`default_dir`] is `None`.
#[cfg(windows)]
pub const NO_DEFAULT_DIR: &str = "no default store folder: set AIRGAP_LICENSE_STORE (or PROGRAMDATA)";
/// Why there is no default store folder, for a caller to show when
/// [`default_dir`] is `None`.
#[cfg(not(any(unix, windows)))]
pub const NO_DEFAULT_DIR: &str = "no default store folder: set AIRGAP_LICENSE_STORE";

/// The default store folder: `$AIRGAP_LICENSE_STORE`; else, on Unix,
/// `/var/lib/airgap-license` for root and `$XDG_STATE_HOME/airgap-license`
/// (or `~/.local/state/airgap-license`) for anyone else; on Windows
/// `%PROGRAMDATA%\airgap-license`. `None` when none of these can be told.
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var(STORE_VAR) {
        return Some(dir);
    }
    #[cfg(unix)]
    {
        if is_root() {
            return Some(PathBuf::from("/var/lib/airgap-license"));
        }
        var("XDG_STATE_HOME")
            .or_else(|| var("HOME").map(|home| home.join(".local/state")))
            .map(|state| state.join("airgap-license"))
    }
    #[cfg(windows)]
    {
        var("PROGRAMDATA").map(|data| data.join("airgap-license"))
    }
    #[cfg(not(any(unix, windows)))]
    {
        None
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}
