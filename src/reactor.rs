//! The Reactor API's JSON shapes, all in one place: the `GET /api/reactor`
//! body (`{"status": {...}}`) and FusionAuth's Errors object
//! (`{"fieldErrors": {...}, "generalErrors": [...]}`).

use std::collections::BTreeMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use crate::config_error::ConfigError;
use crate::error::Error;
use crate::status::{FeatureStatus, Status};

impl Status {
    /// The whole response body of `GET /api/reactor`: `{"status": {...}}`.
    #[must_use]
    pub fn to_body(&self) -> Value {
        json!({ "status": self })
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        enum Member<'a> {
            Feature(FeatureStatus),
            Expiration(String),
            Attributes(&'a BTreeMap<String, String>),
            Licensed(bool),
        }
        // Sorted here rather than by serde_json's Map, whose order depends on a
        // feature flag any crate in the build may turn on.
        let mut members: BTreeMap<&str, Member<'_>> =
            self.features().map(|(name, status)| (name, Member::Feature(status))).collect();
        if let Some(expiration) = self.expiration {
            members.insert("expiration", Member::Expiration(expiration.format("%Y-%m-%d").to_string()));
        }
        if let Some(attributes) = self.license_attributes() {
            members.insert("licenseAttributes", Member::Attributes(attributes));
        }
        members.insert("licensed", Member::Licensed(self.licensed));
        let mut map = serializer.serialize_map(Some(members.len()))?;
        for (name, member) in members {
            match member {
                Member::Feature(status) => map.serialize_entry(name, &status)?,
                Member::Expiration(date) => map.serialize_entry(name, &date)?,
                Member::Attributes(attributes) => map.serialize_entry(name, attributes)?,
                Member::Licensed(licensed) => map.serialize_entry(name, &licensed)?,
            }
        }
        map.end()
    }
}

impl Error {
    /// The FusionAuth Errors object for this verdict:
    /// `{"fieldErrors": {field: [{"code", "message"}]}, "generalErrors": []}`.
    #[must_use]
    pub fn errors_body(&self) -> Value {
        let mut field_errors = Map::new();
        field_errors.insert(self.field().to_owned(), json!([{ "code": self.code(), "message": self.to_string() }]));
        json!({ "fieldErrors": field_errors, "generalErrors": [] })
    }
}

impl ConfigError {
    /// The FusionAuth Errors object for a configuration error, which is not
    /// about any field of a license: `{"fieldErrors": {}, "generalErrors": [{"code", "message"}]}`.
    #[must_use]
    pub fn errors_body(&self) -> Value {
        general_error(self.code(), &self.to_string())
    }
}

/// An Errors object with one general error: for what is not about a field
/// of a license (configuration, a file that cannot be read).
#[must_use]
pub fn general_error(code: &str, message: &str) -> Value {
    json!({ "fieldErrors": {}, "generalErrors": [{ "code": code, "message": message }] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_keyed_by_field() {
        let body = Error::Blank { field: "licenseId".into() }.errors_body();
        assert_eq!(body["fieldErrors"]["licenseId"][0]["code"], "[blank]licenseId");
        assert_eq!(body["fieldErrors"]["licenseId"][0]["message"], "licenseId is blank");
        assert_eq!(body["generalErrors"], json!([]));
    }

    #[test]
    fn configuration_errors_are_general_errors() {
        let body = ConfigError::NoKeys { folder: "k".into() }.errors_body();
        assert_eq!(body["generalErrors"][0]["code"], "[missing]keys");
        assert_eq!(body["fieldErrors"], json!({}));
    }
}
