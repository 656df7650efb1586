//! JSON objects read by serde_json into a tree that borrows its strings from
//! the input, refusing a member name repeated at any depth.
//!
//! serde_json keeps the last of two equal names; a signed license must mean one
//! thing only, so a seed walks the input once, builds the tree, and stops at
//! the first repeated name, remembering its path for the error message. The
//! tree borrows every string that has no escape in it, so a license's JSON
//! costs one allocation per object and array rather than one per string and
//! member (this parse sits on the path of every verification).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Part};
use crate::escape::Quoted;

/// A JSON value; strings borrow from the input unless an escape made a copy
/// necessary. A number keeps its value only when it is a non-negative
/// integer (the only numbers of the format: `machines`, `machine.match`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    /// `Some` for an integer from 0 to `u64::MAX`; `None` for any other number.
    Number(Option<u64>),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

impl Json<'_> {
    /// The JSON type, with its article, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::Str(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// An object's members in the order of the input; no two have the same name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Object<'a> {
    members: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Object<'a> {
    /// An object of these members (names already distinct).
    pub(crate) fn from_members(members: Vec<(Cow<'a, str>, Json<'a>)>) -> Object<'a> {
        Object { members }
    }

    /// Takes the member called `name` out, if there is one.
    pub(crate) fn remove(&mut self, name: &str) -> Option<Json<'a>> {
        let at = self.members.iter().position(|(n, _)| n == name)?;
        Some(self.members.remove(at).1)
    }

    /// The member names, in the order of the input.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(n, _)| n.as_ref())
    }

    /// The members sorted by name (byte order), so that of several faults the
    /// one reported does not depend on how the input ordered its members.
    pub(crate) fn into_sorted(mut self) -> Vec<(Cow<'a, str>, Json<'a>)> {
        // Names are unique: an unstable sort gives the one order there is.
        self.members.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        self.members
    }
}

/// Parses `bytes` as one JSON object with no repeated member names.
/// `part` names the input in errors (envelope, payload, catalog).
pub(crate) fn parse_object<'a>(bytes: &'a [u8], part: Part) -> Result<Object<'a>, Error> {
    // UTF-8 is checked once for the whole input rather than string by string
    // inside the parser (a tenth of the non-signature work of a verification).
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Json {
        part,
        detail: format!("it is not UTF-8 (byte {} starts an invalid sequence)", e.valid_up_to()),
    })?;
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed =
        Seed { at: Path::Root, duplicate: &duplicate }.deserialize(&mut de).and_then(|value| de.end().map(|()| value));
    match parsed {
        Ok(Json::Object(object)) => Ok(object),
        Ok(other) => Err(Error::Json { part, detail: format!("it is {}", other.type_name()) }),
        Err(e) => match duplicate.into_inner() {
            Some(member) => Err(Error::DuplicateMember { part, member }),
            None => Err(Error::Json { part, detail: e.to_string() }),
        },
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
    type Value = Json<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        // serde_json bounds the nesting depth (128) inside deserialize_any.
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(u64::try_from(v).ok()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(Some(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json<'de>, E> {
        if v.is_finite() { Ok(Json::Number(None)) } else { Err(E::custom("a number is not finite")) }
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(Seed { at: Path::Index(&self.at, items.len()), duplicate: self.duplicate })?
        {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut members: Vec<(Cow<'de, str>, Json<'de>)> = Vec::new();
        // One way to find a repeated name, whatever the object's size: a set
        // of the names so far (borrowed from the input, mostly), O(n log n).
        let mut seen: BTreeSet<Cow<'de, str>> = BTreeSet::new();
        while let Some(name) = map.next_key_seed(Name)? {
            if !seen.insert(name.clone()) {
                let path = Path::Member(&self.at, &name).to_string();
                let message = format!("member {} is repeated", Quoted(&path));
                *self.duplicate.borrow_mut() = Some(path);
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(Seed { at: Path::Member(&self.at, &name), duplicate: self.duplicate })?;
            if members.is_empty() {
                // Room for a license document's members at once, not 4 then 8.
                members.reserve(8);
            }
            members.push((name, value));
        }
        Ok(Json::Object(Object { members }))
    }
}

/// A member name, borrowed from the input unless it has an escape.
struct Name;

impl<'de> DeserializeSeed<'de> for Name {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate_of(text: &str) -> Option<String> {
        match parse_object(text.as_bytes(), Part::Payload) {
            Err(Error::DuplicateMember { member, .. }) => Some(member),
            _ => None,
        }
    }

    #[test]
    fn duplicates_are_found_at_every_depth_with_their_path() {
        assert_eq!(duplicate_of(r#"{"a":1,"a":2}"#).as_deref(), Some("a"));
        assert_eq!(duplicate_of(r#"{"a":{"b":1,"b":1}}"#).as_deref(), Some("a.b"));
        assert_eq!(duplicate_of(r#"{"a":[{},{"c":1,"c":1}]}"#).as_deref(), Some("a[1].c"));
        // The same name after an escape is the same name.
        assert_eq!(duplicate_of(r#"{"a":1,"\u0061":2}"#).as_deref(), Some("a"));
        assert_eq!(duplicate_of(r#"{"a":{"b":1},"b":{"a":1}}"#), None);
    }

    #[test]
    fn duplicates_are_found_in_large_objects_too() {
        let members = |n: usize| (0..n).map(|i| format!("\"m{i}\":{i}")).collect::<Vec<_>>().join(",");
        for n in [1, 2, 15, 16, 17, 40, 2000] {
            let unique = format!("{{{}}}", members(n));
            assert!(parse_object(unique.as_bytes(), Part::Payload).is_ok(), "{n} unique members");
            for repeat in [0, n - 1] {
                let text = format!("{{{},\"m{repeat}\":true}}", members(n));
                assert_eq!(duplicate_of(&text), Some(format!("m{repeat}")), "{n} members, m{repeat} again");
            }
        }
        // The first repeat in the input is the one reported, at any size.
        let text = format!("{{{},\"m3\":1,\"m5\":1}}", members(30));
        assert_eq!(duplicate_of(&text).as_deref(), Some("m3"));
    }

    #[test]
    fn values_come_through_exactly() {
        let text = r#"{"n": [0, -7, 18446744073709551615, 2.5, -1e-3], "s": ["", "a\"b", "\u00e9", "plain"], "z": null, "t": true, "o": {"x": false}}"#;
        let object = parse_object(text.as_bytes(), Part::Payload).unwrap();
        assert_eq!(object.names().collect::<Vec<_>>(), ["n", "s", "z", "t", "o"]);
        let borrowed = |s: &'static str| Json::Str(Cow::Borrowed(s));
        let owned = |s: &str| Json::Str(Cow::Owned(s.to_owned()));
        let inner = Object { members: vec![(Cow::Borrowed("x"), Json::Bool(false))] };
        let expected = vec![
            (
                Cow::Borrowed("n"),
                Json::Array(vec![
                    Json::Number(Some(0)),
                    Json::Number(None),
                    Json::Number(Some(u64::MAX)),
                    Json::Number(None),
                    Json::Number(None),
                ]),
            ),
            (Cow::Borrowed("o"), Json::Object(inner)),
            (Cow::Borrowed("s"), Json::Array(vec![borrowed(""), owned("a\"b"), owned("é"), borrowed("plain")])),
            (Cow::Borrowed("t"), Json::Bool(true)),
            (Cow::Borrowed("z"), Json::Null),
        ];
        let sorted = object.into_sorted();
        assert_eq!(sorted, expected);
        // Strings without escapes are borrowed from the input, not copied.
        let Some((_, Json::Array(strings))) = sorted.get(2) else { panic!("s is not an array") };
        let kinds: Vec<bool> = strings.iter().map(|s| matches!(s, Json::Str(Cow::Borrowed(_)))).collect();
        assert_eq!(kinds, [true, false, false, true]);
    }

    #[test]
    fn remove_takes_a_member_out() {
        let mut object = parse_object(br#"{"a":1,"b":"x","c":null}"#, Part::Payload).unwrap();
        assert_eq!(object.remove("b"), Some(Json::Str(Cow::Borrowed("x"))));
        assert_eq!(object.remove("b"), None);
        assert_eq!(object.remove("zz"), None);
        assert_eq!(object.names().collect::<Vec<_>>(), ["a", "c"]);
    }

    #[test]
    fn type_names_for_messages() {
        let object = parse_object(br#"{"a":null,"b":true,"c":1,"d":"s","e":[],"f":{}}"#, Part::Payload).unwrap();
        let names: Vec<&str> = object.into_sorted().iter().map(|(_, v)| v.type_name()).collect();
        assert_eq!(names, ["null", "a boolean", "a number", "a string", "an array", "an object"]);
    }

    #[test]
    fn non_objects_and_trailing_data_are_refused() {
        assert!(
            matches!(parse_object(b"[1]", Part::Payload), Err(Error::Json { detail, .. }) if detail == "it is an array")
        );
        assert!(matches!(parse_object(b"{} {}", Part::Payload), Err(Error::Json { .. })));
        assert!(matches!(parse_object(b"\xEF\xBB\xBF{}", Part::Payload), Err(Error::Json { .. })));
        let not_utf8 = parse_object(b"{\"a\":\"\xff\"}", Part::Payload);
        assert!(
            matches!(&not_utf8, Err(Error::Json { detail, .. }) if detail == "it is not UTF-8 (byte 6 starts an invalid sequence)"),
            "{not_utf8:?}"
        );
        assert!(parse_object(b" {\"a\": [1, 2.5, null, true, \"x\"]} \n", Part::Payload).is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(matches!(parse_object(deep.as_bytes(), Part::Payload), Err(Error::Json { .. })));
    }
}
