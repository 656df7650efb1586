//! Machines: a template's `machines`, a bound license's `machine`, and this
//! machine as its caller describes it.
//!
//! The library does no I/O: a store (or any caller) collects the device key
//! and the machine's components and passes a [`Machine`]; the library hashes
//! each component with HMAC-SHA256 keyed by the store's secret component key
//! and the licenseId ([`component_hash_keyed`]), so that no raw value is ever
//! compared, sent or kept in a license, nobody who sees a request can try
//! values against it, and two stores (two vendors, two licenses) see
//! unrelated values for the same machine.
//!
//! A binding holds in effect where the device key is the bound one, at least
//! `match` components match (by default more than half), and, when the
//! binding holds hardware-backed components ([`is_hardware_component`]), at
//! least one of those: a host name and a machine id are files an
//! unprivileged user can set in a namespace of their own.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac as _};
use sha2::{Digest as _, Sha256};

use crate::error::Error;
use crate::names::is_name;
use crate::strict_json::Json;

/// The most machines a template may be sold for (`machines`).
pub const MAX_MACHINES: u64 = 100_000;
/// The most components a binding or a request may carry.
pub const MAX_COMPONENTS: usize = 16;
/// The longest label (a host name), in characters.
pub const MAX_LABEL: usize = 64;
/// The one component of an operator-supplied identity
/// (`AIRGAP_LICENSE_MACHINE_ID`): it replaces all the others.
pub const OPERATOR_COMPONENT: &str = "operator";
/// The component every hardware identity carries (`/etc/machine-id`).
pub const MACHINE_ID_COMPONENT: &str = "machineId";

/// Whether a component is backed by the hardware: the firmware's product or
/// platform UUID, or a MAC address of a physical interface (`mac.<if>`).
/// A machine id and a host name are files and settings that anyone who can
/// make a namespace can set; these are not.
#[must_use]
pub fn is_hardware_component(name: &str) -> bool {
    matches!(name, "productUuid" | "platformUuid") || name.starts_with("mac.")
}

/// This machine, as its caller found it: the store's device public key
/// (`None` when the store has none: it never requested or activated a bound
/// license) and the components that identify the machine, by name, with
/// their raw values. The raw values stay in memory: only their HMACs are
/// compared or sent.
#[derive(Clone, PartialEq, Eq)]
pub struct Machine {
    device_key: Option<[u8; 32]>,
    component_key: Option<[u8; 32]>,
    components: BTreeMap<String, String>,
}

impl std::fmt::Debug for Machine {
    /// Names only: a debug dump never shows a raw serial.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("device_key", &self.device_fingerprint())
            .field("components", &self.components.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Machine {
    /// A machine with this device public key (its 32 bytes) and these
    /// components. Names that are not 1 to 64 characters of `A-Z a-z 0-9 .
    /// _ -` and blank values are left out; at most [`MAX_COMPONENTS`] are
    /// kept (the first by name).
    #[must_use]
    pub fn new(device_key: Option<[u8; 32]>, components: impl IntoIterator<Item = (String, String)>) -> Machine {
        let mut kept = BTreeMap::new();
        for (name, value) in components {
            if is_name(&name) && !value.trim().is_empty() {
                kept.insert(name, value);
            }
        }
        while kept.len() > MAX_COMPONENTS {
            kept.pop_last();
        }
        Machine { device_key, component_key: None, components: kept }
    }

    /// The machine with the store's secret component key: its components
    /// are then hashed with it ([`component_hash_keyed`]). A store derives
    /// it from its device key's secret seed, so that it never leaves the
    /// store and two stores of one machine send unrelated values.
    #[must_use]
    pub fn with_component_key(mut self, key: [u8; 32]) -> Machine {
        self.component_key = Some(key);
        self
    }

    /// The device public key, if the store has one.
    #[must_use]
    pub fn device_key(&self) -> Option<&[u8; 32]> {
        self.device_key.as_ref()
    }

    /// The device key's fingerprint ([`device_fingerprint`]), if there is one.
    #[must_use]
    pub fn device_fingerprint(&self) -> Option<String> {
        self.device_key.as_ref().map(device_fingerprint)
    }

    /// The names of the components found, sorted.
    pub fn component_names(&self) -> impl Iterator<Item = &str> {
        self.components.keys().map(String::as_str)
    }

    /// Each component as sent for `license_id`: its HMAC-SHA256 keyed by
    /// the component key and the licenseId ([`component_hash_keyed`]).
    #[must_use]
    pub fn hashed_components(&self, license_id: &str) -> BTreeMap<String, String> {
        let mut hashed = BTreeMap::new();
        for (name, value) in &self.components {
            hashed.insert(name.clone(), component_hash_keyed(self.component_key.as_ref(), license_id, value));
        }
        hashed
    }

    /// Whether the component `name` of this machine hashes to `hash` for
    /// `license_id`: with the component key, or as a binding made before
    /// component keys ([`component_hash`]) carries it.
    fn has(&self, name: &str, license_id: &str, hash: &str) -> bool {
        self.components.get(name).is_some_and(|value| {
            component_hash_keyed(self.component_key.as_ref(), license_id, value) == hash
                || (self.component_key.is_some() && component_hash(license_id, value) == hash)
        })
    }
}

/// A component's value as bindings made before component keys carry it:
/// HMAC-SHA256 keyed by the licenseId alone. Anyone who sees such a value
/// can try guesses against it (a MAC address is 2^24 tries once its
/// vendor's prefix is known); new requests use [`component_hash_keyed`].
#[must_use]
pub fn component_hash(license_id: &str, value: &str) -> String {
    component_hash_keyed(None, license_id, value)
}

/// A component's value as a license or a request carries it: HMAC-SHA256
/// keyed by the store's component key followed by the licenseId (its
/// canonical lowercase form), URL-safe Base64 without padding (43
/// characters). Without a component key, the licenseId alone
/// ([`component_hash`]).
#[must_use]
pub fn component_hash_keyed(component_key: Option<&[u8; 32]>, license_id: &str, value: &str) -> String {
    let mut key = Vec::with_capacity(32 + license_id.len());
    if let Some(secret) = component_key {
        key.extend_from_slice(secret);
    }
    key.extend_from_slice(license_id.as_bytes());
    URL_SAFE_NO_PAD.encode(hmac_sha256(&key, value.as_bytes()))
}

/// The component key of a store whose device key has the secret `seed`:
/// HMAC-SHA256 keyed by the seed over `airgap-license:components:v1`. It
/// never leaves the store; the device public key says nothing of it.
#[must_use]
pub fn component_key(seed: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(seed, b"airgap-license:components:v1")
}

/// HMAC-SHA256 of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length: new_from_slice cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}

/// `SHA256:` and the lowercase hex SHA-256 of a device public key's DER
/// SubjectPublicKeyInfo: the same form as a trusted key's fingerprint.
#[must_use]
pub fn device_fingerprint(key: &[u8; 32]) -> String {
    // The DER SubjectPublicKeyInfo of an Ed25519 key: this prefix, then the key.
    const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];
    let digest = Sha256::new().chain_update(SPKI_PREFIX).chain_update(key).finalize();
    format!("SHA256:{}", crate::envelope::hex(&digest))
}

/// Whether a text is a hashed component: 43 characters of URL-safe Base64
/// that decode to 32 bytes.
pub(crate) fn is_component_hash(text: &str) -> bool {
    text.len() == 43 && URL_SAFE_NO_PAD.decode(text).is_ok_and(|bytes| bytes.len() == 32)
}

/// A label as it may be shown and signed: printable ASCII other than `"`
/// and `\`, at most [`MAX_LABEL`] characters, other characters as `?`.
#[must_use]
pub fn clean_label(text: &str) -> String {
    text.chars()
        .take(MAX_LABEL)
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '?' })
        .collect()
}

/// The `machine` member of a bound license: the machine it is in effect on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    device_key: [u8; 32],
    components: BTreeMap<String, String>,
    required: usize,
    label: String,
}

impl Binding {
    /// The device public key the license is bound to.
    #[must_use]
    pub fn device_key(&self) -> &[u8; 32] {
        &self.device_key
    }

    /// Its fingerprint ([`device_fingerprint`]).
    #[must_use]
    pub fn device_fingerprint(&self) -> String {
        device_fingerprint(&self.device_key)
    }

    /// The bound machine's label (its host name, as the request gave it).
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The hashed components, by name.
    #[must_use]
    pub fn components(&self) -> &BTreeMap<String, String> {
        &self.components
    }

    /// How many components must match (`match`; by default more than half).
    #[must_use]
    pub fn required(&self) -> usize {
        self.required
    }

    /// Judges `machine` against the binding for the license `license_id`.
    #[must_use]
    pub fn judge(&self, license_id: &str, machine: &Machine) -> MachineMatch {
        let (mut matched, mut mismatched) = (Vec::new(), Vec::new());
        for (name, value) in &self.components {
            let side = if machine.has(name, license_id, value) { &mut matched } else { &mut mismatched };
            side.push(name.clone());
        }
        let device = match machine.device_key() {
            None => DeviceMatch::Absent,
            Some(key) if *key == self.device_key => DeviceMatch::Same,
            Some(_) => DeviceMatch::Other,
        };
        MachineMatch { device, matched, mismatched, required: self.required }
    }

    /// Parses `machine`: `{"deviceKey", "components", "match", "label"}`,
    /// `match` optional.
    pub(crate) fn parse(value: Json<'_>) -> Result<Binding, Error> {
        let invalid = |problem: String| Error::InvalidMachine { problem };
        let Json::Object(mut members) = value else {
            return Err(Error::WrongType { field: "machine".into(), expected: "an object" });
        };
        if let Some(extra) =
            members.names().filter(|n| !matches!(*n, "deviceKey" | "components" | "match" | "label")).min()
        {
            return Err(invalid(format!("it has an unexpected member {}", crate::escape::Quoted(extra))));
        }
        let device_key = match members.remove("deviceKey") {
            None => return Err(Error::Missing { field: "machine.deviceKey".into() }),
            Some(Json::Str(text)) => decode_device_key(&text)
                .ok_or_else(|| invalid("deviceKey is not 32 bytes of standard Base64".to_owned()))?,
            Some(_) => return Err(Error::WrongType { field: "machine.deviceKey".into(), expected: "a string" }),
        };
        let components = match members.remove("components") {
            None => return Err(Error::Missing { field: "machine.components".into() }),
            Some(Json::Object(object)) => parse_components(object.into_sorted()).map_err(invalid)?,
            Some(_) => return Err(Error::WrongType { field: "machine.components".into(), expected: "an object" }),
        };
        let required = match members.remove("match") {
            None => components.len() / 2 + 1,
            Some(Json::Number(Some(n))) => usize::try_from(n).unwrap_or(usize::MAX),
            Some(_) => return Err(Error::WrongType { field: "machine.match".into(), expected: "an integer" }),
        };
        if required == 0 || required > components.len() {
            return Err(invalid(format!("match is {required}: it must be 1 to {}", components.len())));
        }
        let label = match members.remove("label") {
            None => return Err(Error::Missing { field: "machine.label".into() }),
            Some(Json::Str(text)) if text.trim().is_empty() => {
                return Err(Error::Blank { field: "machine.label".into() });
            }
            Some(Json::Str(text)) if clean_label(&text) == text => text.into_owned(),
            Some(Json::Str(_)) => {
                return Err(invalid(format!(
                    "label must be 1 to {MAX_LABEL} printable ASCII characters, without \" or \\"
                )));
            }
            Some(_) => return Err(Error::WrongType { field: "machine.label".into(), expected: "a string" }),
        };
        Ok(Binding { device_key, components, required, label })
    }
}

/// Decodes a device public key: standard padded Base64 of 32 bytes.
pub(crate) fn decode_device_key(text: &str) -> Option<[u8; 32]> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text).ok()?;
    <[u8; 32]>::try_from(bytes.as_slice()).ok()
}

/// Hashed components: 1 to [`MAX_COMPONENTS`] names, each a hashed value.
pub(crate) fn parse_components(
    members: Vec<(std::borrow::Cow<'_, str>, Json<'_>)>,
) -> Result<BTreeMap<String, String>, String> {
    if members.is_empty() || members.len() > MAX_COMPONENTS {
        return Err(format!("components must name 1 to {MAX_COMPONENTS} components"));
    }
    let mut components = BTreeMap::new();
    for (name, value) in members {
        if !is_name(&name) {
            return Err(format!("components: {} is not a component name", crate::escape::Quoted(&name)));
        }
        match value {
            Json::Str(hash) if is_component_hash(&hash) => {
                components.insert(name.into_owned(), hash.into_owned());
            }
            _ => {
                return Err(format!(
                    "components.{name} must be an HMAC-SHA256 in URL-safe Base64 without padding (43 characters)"
                ));
            }
        }
    }
    Ok(components)
}

/// Whether the store's device key is the bound one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceMatch {
    /// The store has no device key: never activated here.
    Absent,
    /// The bound key.
    Same,
    /// Another key: another machine (or a store made anew).
    Other,
}

/// How a bound license matched a machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineMatch {
    /// The device key.
    pub device: DeviceMatch,
    /// The components that match, by name.
    pub matched: Vec<String>,
    /// The components that no longer match (changed or missing), by name.
    pub mismatched: Vec<String>,
    /// How many must match.
    pub required: usize,
}

impl MachineMatch {
    /// Whether the license is in effect on the machine: the same device
    /// key, at least `required` components, and at least one
    /// hardware-backed component if the binding holds any.
    #[must_use]
    pub fn matches(&self) -> bool {
        self.device == DeviceMatch::Same && self.matched.len() >= self.required && self.hardware_unmatched().is_empty()
    }

    /// The binding's hardware-backed components when none of them matches
    /// (the rule that at least one must); empty when one does or the
    /// binding holds none.
    #[must_use]
    pub fn hardware_unmatched(&self) -> Vec<String> {
        if self.matched.iter().any(|name| is_hardware_component(name)) {
            return Vec::new();
        }
        self.mismatched.iter().filter(|name| is_hardware_component(name)).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11";

    #[test]
    fn a_component_is_hmac_sha256_keyed_by_the_license_id() {
        // RFC 4231-style check against an independent computation:
        // HMAC-SHA256(key = licenseId, message = value), URL-safe, no padding.
        let hash = component_hash(ID, "4c4c4544-0042-3510-8052-b4c04f4e3732");
        assert!(is_component_hash(&hash), "{hash}");
        assert_ne!(
            hash,
            component_hash("1b4e28ba-2fa1-4d2e-883f-0016d3cca427", "4c4c4544-0042-3510-8052-b4c04f4e3732")
        );
        // RFC 4231 test case 2: key "Jefe", "what do ya want for nothing?".
        let expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        let bytes = URL_SAFE_NO_PAD.decode(component_hash("Jefe", "what do ya want for nothing?")).unwrap();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, expected);
    }

    #[test]
    fn the_device_fingerprint_is_the_spki_one() {
        // The sample key's fingerprint, as TrustedKey computes it from its DER.
        let key = crate::dangerous::sample_key_anyone_can_sign();
        let trusted = key.iter().next().unwrap();
        assert_eq!(device_fingerprint(trusted.verifying_key().as_bytes()), trusted.fingerprint());
    }

    #[test]
    fn a_debug_dump_shows_no_raw_value() {
        let machine = Machine::new(None, [("machineId".to_owned(), "secret-serial".to_owned())]);
        assert!(!format!("{machine:?}").contains("secret-serial"));
    }

    fn binding(components: &[(&str, &str)], key: Option<&[u8; 32]>) -> Binding {
        Binding {
            device_key: [9; 32],
            components: components
                .iter()
                .map(|(name, value)| ((*name).to_owned(), component_hash_keyed(key, ID, value)))
                .collect(),
            required: components.len() / 2 + 1,
            label: "db-07".to_owned(),
        }
    }

    /// A copy that fakes the host name and the machine id (2 of 3) but has
    /// none of the original's NICs is not the bound machine.
    #[test]
    fn a_binding_with_hardware_needs_one_hardware_component() {
        let secret = component_key(&[3; 32]);
        let bound = binding(&[("machineId", "m"), ("hostName", "h"), ("mac.eth0", "02:fc:00:00:00:01")], Some(&secret));
        let copy = Machine::new(Some([9; 32]), [("machineId".into(), "m".into()), ("hostName".into(), "h".into())])
            .with_component_key(secret);
        let judged = bound.judge(ID, &copy);
        assert_eq!(judged.matched.len(), 2);
        assert!(!judged.matches());
        assert_eq!(judged.hardware_unmatched(), ["mac.eth0"]);
        let original = Machine::new(
            Some([9; 32]),
            [("machineId".into(), "m".into()), ("mac.eth0".into(), "02:fc:00:00:00:01".into())],
        )
        .with_component_key(secret);
        assert!(bound.judge(ID, &original).matches());
        // Without hardware in the binding, more than half is enough.
        let soft = binding(&[("machineId", "m"), ("hostName", "h"), ("operator", "o")], Some(&secret));
        assert!(soft.judge(ID, &copy).matches());
    }

    /// Two stores of one machine send unrelated values, and a value cannot be
    /// tried against a request without the store's secret; bindings made
    /// before component keys still match.
    #[test]
    fn components_are_keyed_by_the_store() {
        let (a, b) = (component_key(&[1; 32]), component_key(&[2; 32]));
        assert_ne!(a, b);
        let value = "02:fc:00:00:00:01";
        let machine = |key| Machine::new(None, [("mac.eth0".to_owned(), value.to_owned())]).with_component_key(key);
        let (sent_a, sent_b) = (machine(a).hashed_components(ID), machine(b).hashed_components(ID));
        assert_ne!(sent_a, sent_b);
        assert_ne!(sent_a["mac.eth0"], component_hash(ID, value));
        let legacy = binding(&[("mac.eth0", value)], None);
        let with_key = Machine::new(Some([9; 32]), [("mac.eth0".to_owned(), value.to_owned())]).with_component_key(a);
        assert!(legacy.judge(ID, &with_key).matches());
        assert!(!binding(&[("mac.eth0", value)], Some(&b)).judge(ID, &with_key).matches());
    }

    #[test]
    fn labels_are_cleaned() {
        assert_eq!(clean_label("db-07.example"), "db-07.example");
        assert_eq!(clean_label("a\u{1b}[31m\"\\é"), "a?[31m???");
        assert_eq!(clean_label(&"x".repeat(100)).len(), MAX_LABEL);
    }
}
