//! JSON objects read by serde_json, refusing a member name repeated at any depth.
//!
//! serde_json keeps the last of two equal names; a signed license must mean one
//! thing only, so a seed walks the input once, builds the `Value`, and stops at
//! the first repeated name, remembering its path for the error message.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::{Error, quoted};

/// Parses `bytes` as one JSON object with no repeated member names.
/// `part` names the input in errors (`envelope`, `payload`, `catalog`).
pub(crate) fn parse_object(bytes: &[u8], part: &'static str) -> Result<Map<String, Value>, Error> {
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed =
        Seed { at: Path::Root, duplicate: &duplicate }.deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Error::Json { part, detail: format!("it is {}", type_name(&other)) }),
        Err(e) => match duplicate.into_inner() {
            Some(member) => Err(Error::DuplicateMember { part, member }),
            None => Err(Error::Json { part, detail: e.to_string() }),
        },
    }
}

/// The JSON type of a value, with its article, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where the walk is, kept on the stack and rendered only for an error.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

struct Seed<'a, 'p> {
    at: Path<'p>,
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        // serde_json bounds the nesting depth (128) inside deserialize_any.
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("a number is not finite"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(Seed { at: Path::Index(&self.at, items.len()), duplicate: self.duplicate })?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if members.contains_key(&name) {
                let path = Path::Member(&self.at, &name).to_string();
                let message = format!("member {} is repeated", quoted(&path));
                *self.duplicate.borrow_mut() = Some(quoted(&path));
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(Seed { at: Path::Member(&self.at, &name), duplicate: self.duplicate })?;
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate_of(text: &str) -> Option<String> {
        match parse_object(text.as_bytes(), "payload") {
            Err(Error::DuplicateMember { member, .. }) => Some(member),
            _ => None,
        }
    }

    #[test]
    fn duplicates_are_found_at_every_depth_with_their_path() {
        assert_eq!(duplicate_of(r#"{"a":1,"a":2}"#).as_deref(), Some("\"a\""));
        assert_eq!(duplicate_of(r#"{"a":{"b":1,"b":1}}"#).as_deref(), Some("\"a.b\""));
        assert_eq!(duplicate_of(r#"{"a":[{},{"c":1,"c":1}]}"#).as_deref(), Some("\"a[1].c\""));
        // The same name after an escape is the same name.
        assert_eq!(duplicate_of(r#"{"a":1,"\u0061":2}"#).as_deref(), Some("\"a\""));
        assert_eq!(duplicate_of(r#"{"a":{"b":1},"b":{"a":1}}"#), None);
    }

    #[test]
    fn values_come_through_exactly() {
        let text = r#"{"n": [0, -7, 18446744073709551615, 2.5, -1e-3], "s": ["", "a\"b", "\u00e9"], "z": null, "t": true, "o": {}}"#;
        let expected = serde_json::json!({
            "n": [0, -7, u64::MAX, 2.5, -0.001],
            "s": ["", "a\"b", "é"],
            "z": null,
            "t": true,
            "o": {},
        });
        assert_eq!(Value::Object(parse_object(text.as_bytes(), "payload").unwrap()), expected);
    }

    #[test]
    fn non_objects_and_trailing_data_are_refused() {
        assert!(
            matches!(parse_object(b"[1]", "payload"), Err(Error::Json { detail, .. }) if detail == "it is an array")
        );
        assert!(matches!(parse_object(b"{} {}", "payload"), Err(Error::Json { .. })));
        assert!(matches!(parse_object(b"\xEF\xBB\xBF{}", "payload"), Err(Error::Json { .. })));
        assert!(parse_object(b" {\"a\": [1, 2.5, null, true, \"x\"]} \n", "payload").is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(parse_object(deep.as_bytes(), "payload"), Err(Error::Json { .. })));
    }
}
