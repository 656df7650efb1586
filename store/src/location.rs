//! Where the store lives when the caller does not say.

use std::path::PathBuf;

/// The variable that names the store's folder when `--store` is not given.
pub const STORE_VAR: &str = "AIRGAP_LICENSE_STORE";

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
