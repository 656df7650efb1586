//! This machine's identity: the components that identify it besides the
//! store's device key, collected here (the library does no I/O), or the
//! operator's own identity for containers, where every component changes
//! or is missing. Nothing here needs a store: [`Here`](crate::Here) puts
//! the two together.
//!
//! Raw values never leave this module but as a [`Machine`], which hashes
//! them per license before anything compares or sends them.

#[cfg(target_os = "linux")]
use std::path::Path;

use airgap_license::{Machine, OPERATOR_COMPONENT, clean_label};

/// The variable that replaces every component with the operator's own
/// identity: one component, `operator`.
pub const MACHINE_ID_VAR: &str = "AIRGAP_LICENSE_MACHINE_ID";

/// The most MAC addresses taken (physical interfaces, by name): a request
/// stays within 1 KiB.
#[cfg(target_os = "linux")]
const MAX_MACS: usize = 3;

/// Where this machine's identity comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Identity {
    /// [`MACHINE_ID_VAR`] when it is set and not blank, else the hardware.
    #[default]
    Environment,
    /// The hardware and the system: the machine id, the DMI product UUID,
    /// the host name, the MAC addresses of physical interfaces.
    Hardware,
    /// The operator's identity (`--machine-id`), as the one component `operator`.
    Operator(String),
}

impl Identity {
    /// The components, by name, with their raw values, and the label: the
    /// host name, or the operator's identity when it stands for the
    /// machine (a pod's host name says little), cleaned.
    #[must_use]
    pub fn collect(&self) -> (Vec<(String, String)>, String) {
        let operator = match self {
            Identity::Operator(id) => Some(id.trim().to_owned()).filter(|id| !id.is_empty()),
            Identity::Environment => {
                std::env::var(MACHINE_ID_VAR).ok().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty())
            }
            Identity::Hardware => None,
        };
        match operator {
            Some(id) => {
                let label = clean_label(&id);
                (vec![(OPERATOR_COMPONENT.to_owned(), id)], label)
            }
            None => {
                let label = host_name().map(|name| clean_label(&name)).unwrap_or_else(|| "unnamed".to_owned());
                (hardware(), label)
            }
        }
    }

    /// This machine with the store's device key.
    #[must_use]
    pub fn machine(&self, device_key: Option<[u8; 32]>) -> Machine {
        Machine::new(device_key, self.collect().0)
    }
}

/// A small system file's first line, trimmed; `None` if it cannot be read
/// or is blank.
#[cfg(target_os = "linux")]
fn first_line(path: &Path) -> Option<String> {
    let bytes = airgap_license::file::read_regular(path, 4096).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_owned())
}

#[cfg(target_os = "linux")]
fn host_name() -> Option<String> {
    first_line(Path::new("/proc/sys/kernel/hostname"))
}

#[cfg(not(target_os = "linux"))]
fn host_name() -> Option<String> {
    // Windows sets COMPUTERNAME; elsewhere `hostname` prints it. Untested here.
    std::env::var("COMPUTERNAME").ok().or_else(|| command_line("hostname", &[], |line| Some(line.to_owned())))
}

/// Linux: the machine id, the DMI product UUID where readable (root only on
/// most systems), the host name, and the MAC addresses of the physical
/// interfaces (those with a `device` link), at most three, by name.
#[cfg(target_os = "linux")]
fn hardware() -> Vec<(String, String)> {
    let mut components = Vec::new();
    let machine_id =
        first_line(Path::new("/etc/machine-id")).or_else(|| first_line(Path::new("/var/lib/dbus/machine-id")));
    if let Some(id) = machine_id {
        components.push(("machineId".to_owned(), id));
    }
    if let Some(uuid) = first_line(Path::new("/sys/class/dmi/id/product_uuid")) {
        components.push(("productUuid".to_owned(), uuid.to_ascii_lowercase()));
    }
    if let Some(name) = host_name() {
        components.push(("hostName".to_owned(), name));
    }
    // A set: sorted by name as it is filled.
    let mut interfaces = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir("/sys/class/net").into_iter().flatten().flatten() {
        if let Ok(name) = entry.file_name().into_string() {
            interfaces.insert(name);
        }
    }
    let macs = interfaces
        .into_iter()
        .filter(|name| name.len() <= 15 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)))
        .filter(|name| Path::new("/sys/class/net").join(name).join("device").exists())
        .filter_map(|name| {
            let address = first_line(&Path::new("/sys/class/net").join(&name).join("address"))?;
            (address != "00:00:00:00:00:00").then(|| (format!("mac.{name}"), address.to_ascii_lowercase()))
        })
        .take(MAX_MACS);
    components.extend(macs);
    components
}

/// macOS: the platform UUID (`ioreg`), and the host name. Untested here.
#[cfg(target_os = "macos")]
fn hardware() -> Vec<(String, String)> {
    let uuid = command_line("ioreg", &["-rd1", "-c", "IOPlatformExpertDevice"], |line| {
        let (_, value) = line.split_once("\"IOPlatformUUID\" = \"")?;
        Some(value.trim_end_matches('"').to_owned())
    });
    [uuid.map(|u| ("platformUuid".to_owned(), u)), host_name().map(|h| ("hostName".to_owned(), h))]
        .into_iter()
        .flatten()
        .collect()
}

/// Windows: the machine GUID (`reg query`), and the host name. Untested here.
#[cfg(windows)]
fn hardware() -> Vec<(String, String)> {
    let guid = command_line("reg", &["query", r"HKLM\SOFTWARE\Microsoft\Cryptography", "/v", "MachineGuid"], |line| {
        line.split_whitespace().nth(2).filter(|_| line.contains("MachineGuid")).map(str::to_owned)
    });
    [guid.map(|g| ("machineGuid".to_owned(), g)), host_name().map(|h| ("hostName".to_owned(), h))]
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn hardware() -> Vec<(String, String)> {
    host_name().map(|h| ("hostName".to_owned(), h)).into_iter().collect()
}

/// The first line of a command's output that `pick` finds something in.
#[cfg(not(target_os = "linux"))]
fn command_line(program: &str, args: &[&str], pick: impl Fn(&str) -> Option<String>) -> Option<String> {
    let output = std::process::Command::new(program).args(args).output().ok()?;
    String::from_utf8_lossy(&output.stdout).lines().find_map(|line| pick(line.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_identity_replaces_every_component() {
        let (components, label) = Identity::Operator(" node-a ".to_owned()).collect();
        assert_eq!(components, [("operator".to_owned(), "node-a".to_owned())]);
        assert_eq!(label, "node-a");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_hardware_has_names_and_no_blank_values() {
        let (components, _) = Identity::Hardware.collect();
        for (name, value) in &components {
            assert!(!value.trim().is_empty(), "{name}");
            assert!(
                ["machineId", "productUuid", "hostName"].contains(&name.as_str()) || name.starts_with("mac."),
                "{name}"
            );
        }
        assert!(components.iter().filter(|(n, _)| n.starts_with("mac.")).count() <= MAX_MACS);
    }
}
