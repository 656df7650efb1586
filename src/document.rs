//! The license document: the signed JSON and the rules its fields obey.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::date::parse_date;
use crate::error::{Error, Part};
use crate::escape::Quoted;
use crate::license_id::canonical_license_id;
use crate::machine::{Binding, MAX_MACHINES};
use crate::names::{RESERVED_STATUS_MEMBERS, is_name};
use crate::strict_json::{Json, Object, parse_object};

/// The `licenseAttributes` member that names the plan.
pub(crate) const PLAN_ATTRIBUTE: &str = "LicensedPlan";
/// The `licenseAttributes` member that names the license type.
pub(crate) const TYPE_ATTRIBUTE: &str = "LicenseType";

/// A license document that obeys every rule of the format. Unknown members
/// are ignored (they are still covered by the signature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    pub(crate) license_id: String,
    pub(crate) issued_to: String,
    pub(crate) issued: NaiveDate,
    pub(crate) not_before: NaiveDate,
    /// The last day in effect; `None`: the license never expires (perpetual).
    pub(crate) expiration: Option<NaiveDate>,
    /// `maintenanceUntil`: the last release day the license covers.
    pub(crate) maintenance_until: Option<NaiveDate>,
    /// `graceDays`: days in effect after `expiration`, with a warning (0 when absent).
    pub(crate) grace_days: u32,
    /// `noticeDays`: days before the expiration from which every use warns (30 when absent).
    pub(crate) notice_days: u32,
    /// `graceDays` or `noticeDays`, the first the document gives, if any.
    pub(crate) end_rule: Option<&'static str>,
    /// `sequence`: the renewal's place among the licenses with its
    /// licenseId (0 when absent); a store orders them by it, then `issued`.
    pub(crate) sequence: u32,
    /// Includes `LicensedPlan` and `LicenseType`. Shared with every status
    /// map made from the license rather than copied into each.
    pub(crate) attributes: Arc<BTreeMap<String, String>>,
    /// The plan's rank in the catalog.
    pub(crate) plan_rank: usize,
    /// `supersedes`: the licenseIds this license replaces (a store refuses
    /// them from then on). Empty when absent.
    pub(crate) supersedes: Vec<String>,
    /// `features`: `true` grants beyond the plan, `false` withholds.
    pub(crate) overrides: BTreeMap<String, bool>,
    /// `machines`: a template for that many machines (and a bound license
    /// keeps it). Absent: in effect on any machine, unless `machine` binds it.
    pub(crate) machines: Option<u64>,
    /// `machine`: the one machine a bound license is in effect on.
    pub(crate) machine: Option<Box<Binding>>,
}

impl Document {
    /// Parses and checks a document against the rules and the catalog.
    pub(crate) fn parse(bytes: &[u8], catalog: &Catalog) -> Result<Document, Error> {
        let mut doc = parse_object(bytes, Part::Payload)?;
        let critical = check_critical(&mut doc)?;

        let license_id = required_string(&mut doc, "licenseId")?;
        let Some(license_id) = canonical_license_id(&license_id) else {
            return Err(Error::InvalidLicenseId { value: license_id.into_owned() });
        };
        let issued_to = required_string(&mut doc, "issuedTo")?;
        let issued = parse_date("issued", &required_string(&mut doc, "issued")?)?;
        let not_before = match optional(&mut doc, "notBefore", "a string")? {
            None => issued,
            Some(Json::Str(text)) => parse_date("notBefore", &text)?,
            Some(_) => return Err(Error::WrongType { field: "notBefore".into(), expected: "a string" }),
        };
        let expiration = match optional(&mut doc, "expiration", "a string")? {
            None => None,
            Some(Json::Str(text)) => Some(parse_date("expiration", &text)?),
            Some(_) => return Err(Error::WrongType { field: "expiration".into(), expected: "a string" }),
        };
        if let Some(expiration) = expiration.filter(|expiration| *expiration < not_before) {
            return Err(Error::ExpirationBeforeNotBefore { expiration, not_before });
        }
        let attributes = parse_attributes(doc.remove("licenseAttributes"))?;
        let plan = attributes.get(PLAN_ATTRIBUTE).map(String::as_str).unwrap_or_default();
        let plan_rank = catalog.plan_rank(plan).ok_or_else(|| Error::UnknownPlan {
            plan: plan.to_owned(),
            known: catalog.plans().collect::<Vec<_>>().join(", "),
        })?;
        let overrides = parse_features(optional(&mut doc, "features", "an object")?)?;
        let supersedes = parse_supersedes(optional(&mut doc, "supersedes", "an array of licenseIds")?)?;
        let machines = match optional(&mut doc, "machines", MACHINES)? {
            None => None,
            Some(Json::Number(Some(n))) if (1..=MAX_MACHINES).contains(&n) => Some(n),
            Some(_) => return Err(Error::WrongType { field: "machines".into(), expected: MACHINES }),
        };
        let machine = optional(&mut doc, "machine", "an object")?.map(Binding::parse).transpose()?.map(Box::new);
        let (grace, notice) = (days(&mut doc, "graceDays")?, days(&mut doc, "noticeDays")?);
        // Which of the two the document gives, for the issuer's rule that a
        // license without `expiration` has neither.
        let end_rule = match (grace, notice) {
            (Some(_), _) => Some("graceDays"),
            (None, Some(_)) => Some("noticeDays"),
            (None, None) => None,
        };
        let (grace_days, notice_days) = (grace.unwrap_or(0), notice.unwrap_or(30));
        let sequence = match optional(&mut doc, "sequence", SEQUENCE)? {
            None => 0,
            Some(Json::Number(Some(n))) => {
                u32::try_from(n).map_err(|_| Error::WrongType { field: "sequence".into(), expected: SEQUENCE })?
            }
            Some(_) => return Err(Error::WrongType { field: "sequence".into(), expected: SEQUENCE }),
        };
        let maintenance_until = match optional(&mut doc, "maintenanceUntil", "a string")? {
            None => None,
            Some(Json::Str(text)) => Some(parse_date("maintenanceUntil", &text)?),
            Some(_) => return Err(Error::WrongType { field: "maintenanceUntil".into(), expected: "a string" }),
        };
        // Members that narrow where the license is in effect: an older
        // validator must never ignore them.
        let listed = |name: &str| critical.as_ref().is_some_and(|names| names.contains(name));
        let unlisted = if machines.is_some() && !listed("machines") {
            Some("machines")
        } else if machine.is_some() && !listed("machine") {
            Some("machine")
        } else if maintenance_until.is_some() && !listed("maintenanceUntil") {
            Some("maintenanceUntil")
        } else {
            None
        };
        if let Some(name) = unlisted {
            return Err(Error::InvalidCritical {
                problem: format!("{name} narrows where the license is in effect: critical must list it"),
            });
        }
        Ok(Document {
            license_id,
            issued_to: issued_to.into_owned(),
            issued,
            not_before,
            expiration,
            attributes: Arc::new(attributes),
            plan_rank,
            supersedes,
            overrides,
            machines,
            machine,
            maintenance_until,
            grace_days,
            notice_days,
            end_rule,
            sequence,
        })
    }

    /// The `LicensedPlan` attribute.
    pub(crate) fn plan(&self) -> &str {
        self.attributes.get(PLAN_ATTRIBUTE).map(String::as_str).unwrap_or_default()
    }

    /// The `LicenseType` attribute.
    pub(crate) fn license_type(&self) -> &str {
        self.attributes.get(TYPE_ATTRIBUTE).map(String::as_str).unwrap_or_default()
    }
}

fn required_string<'a>(doc: &mut Object<'a>, field: &str) -> Result<Cow<'a, str>, Error> {
    match doc.remove(field) {
        None => Err(Error::Missing { field: field.to_owned() }),
        Some(Json::Str(s)) if s.trim().is_empty() => Err(Error::Blank { field: field.to_owned() }),
        Some(Json::Str(s)) => Ok(s),
        Some(_) => Err(Error::WrongType { field: field.to_owned(), expected: "a string" }),
    }
}

/// The document members this version implements: the only names a license
/// may list in `critical` and still be judged here (`docs/FORMAT.md`).
pub(crate) const UNDERSTOOD: [&str; 14] = [
    "licenseId",
    "issuedTo",
    "issued",
    "notBefore",
    "expiration",
    "licenseAttributes",
    "features",
    "supersedes",
    "machines",
    "machine",
    "maintenanceUntil",
    "graceDays",
    "noticeDays",
    "sequence",
];

/// What `sequence` must be.
const SEQUENCE: &str = "an integer from 0 to 4294967295";

/// What `machines` must be.
const MACHINES: &str = "an integer from 1 to 100000";

/// `critical`, the must-understand rule: absent, or a non-empty array of
/// distinct names of other members present in the document, every one of
/// which this version implements. A member that narrows where a license is
/// in effect is listed there by its issuer, so that no validator that does
/// not know it ever ignores it (the rule JWT's `crit` has, which libraries
/// that skipped it failed open on). Checked before anything else is read;
/// returns the names listed (`None` when absent: most licenses, which then
/// build no set).
fn check_critical<'a>(doc: &mut Object<'a>) -> Result<Option<BTreeSet<Cow<'a, str>>>, Error> {
    const EXPECTED: &str = "a non-empty array of member names";
    let Some(value) = optional(doc, "critical", EXPECTED)? else { return Ok(None) };
    let Json::Array(items) = value else {
        return Err(Error::WrongType { field: "critical".into(), expected: EXPECTED });
    };
    if items.is_empty() {
        return Err(Error::InvalidCritical { problem: "it is empty; leave it out instead".to_owned() });
    }
    // Sets, so that a long hostile list costs n log n, not n squared.
    let present: BTreeSet<&str> = doc.names().collect();
    let mut names = BTreeSet::new();
    for item in items {
        let Json::Str(name) = item else {
            return Err(Error::WrongType { field: "critical".into(), expected: EXPECTED });
        };
        if names.contains(&name) {
            return Err(Error::InvalidCritical { problem: format!("{} is listed twice", Quoted(&name)) });
        }
        if !present.contains(name.as_ref()) {
            return Err(Error::InvalidCritical {
                problem: format!("{} is not a member of this license", Quoted(&name)),
            });
        }
        names.insert(name);
    }
    match names.iter().find(|name| !UNDERSTOOD.contains(&name.as_ref())) {
        Some(name) => Err(Error::NotUnderstood { member: name.clone().into_owned() }),
        None => Ok(Some(names)),
    }
}

/// A number of days, 0 to 365; `None` when absent.
fn days(doc: &mut Object<'_>, field: &str) -> Result<Option<u32>, Error> {
    const EXPECTED: &str = "an integer from 0 to 365";
    match optional(doc, field, EXPECTED)? {
        None => Ok(None),
        Some(Json::Number(Some(n))) if n <= 365 => Ok(u32::try_from(n).ok()),
        Some(_) => Err(Error::WrongType { field: field.to_owned(), expected: EXPECTED }),
    }
}

/// An optional member: absent is `None`; present as `null` is malformed.
fn optional<'a>(doc: &mut Object<'a>, field: &str, expected: &'static str) -> Result<Option<Json<'a>>, Error> {
    match doc.remove(field) {
        Some(Json::Null) => Err(Error::WrongType { field: field.to_owned(), expected }),
        other => Ok(other),
    }
}

fn parse_attributes(value: Option<Json<'_>>) -> Result<BTreeMap<String, String>, Error> {
    let members = match value {
        None => return Err(Error::Missing { field: "licenseAttributes".into() }),
        Some(Json::Object(members)) => members,
        Some(_) => {
            return Err(Error::WrongType { field: "licenseAttributes".into(), expected: "an object of strings" });
        }
    };
    let mut attributes = BTreeMap::new();
    for (name, value) in members.into_sorted() {
        let Json::Str(text) = value else {
            return Err(Error::WrongType { field: format!("licenseAttributes.{name}"), expected: "a string" });
        };
        attributes.insert(name.into_owned(), text.into_owned());
    }
    for required in [PLAN_ATTRIBUTE, TYPE_ATTRIBUTE] {
        let field = || format!("licenseAttributes.{required}");
        match attributes.get(required) {
            None => return Err(Error::Missing { field: field() }),
            Some(text) if text.trim().is_empty() => return Err(Error::Blank { field: field() }),
            Some(_) => {}
        }
    }
    Ok(attributes)
}

fn parse_supersedes(value: Option<Json<'_>>) -> Result<Vec<String>, Error> {
    let items = match value {
        None => return Ok(Vec::new()),
        Some(Json::Array(items)) => items,
        Some(_) => return Err(Error::WrongType { field: "supersedes".into(), expected: "an array of licenseIds" }),
    };
    items
        .into_iter()
        .map(|item| match item {
            Json::Str(id) => {
                canonical_license_id(&id).ok_or_else(|| Error::InvalidSupersedes { value: id.into_owned() })
            }
            _ => Err(Error::WrongType { field: "supersedes".into(), expected: "an array of licenseIds" }),
        })
        .collect()
}

fn parse_features(value: Option<Json<'_>>) -> Result<BTreeMap<String, bool>, Error> {
    let members = match value {
        None => return Ok(BTreeMap::new()),
        Some(Json::Object(members)) => members,
        Some(_) => return Err(Error::WrongType { field: "features".into(), expected: "an object of booleans" }),
    };
    let mut overrides = BTreeMap::new();
    for (name, value) in members.into_sorted() {
        // Feature names become status map keys: the same syntax as the catalog's.
        if !is_name(&name) || RESERVED_STATUS_MEMBERS.contains(&name.as_ref()) {
            return Err(Error::InvalidFeatureName { name: name.into_owned() });
        }
        let Json::Bool(granted) = value else {
            return Err(Error::WrongType { field: format!("features.{name}"), expected: "a boolean" });
        };
        overrides.insert(name.into_owned(), granted);
    }
    Ok(overrides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn base() -> Value {
        json!({
            "licenseId": "6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11",
            "issuedTo": "Acme Corp",
            "issued": "2026-01-01",
            "expiration": "2026-12-31",
            "licenseAttributes": {"LicensedPlan": "Starter", "LicenseType": "Production", "Seats": "50"},
        })
    }

    fn parse(doc: &Value) -> Result<Document, Error> {
        Document::parse(doc.to_string().as_bytes(), &Catalog::reactor().unwrap())
    }

    fn with(path: &[&str], value: Option<Value>) -> Value {
        let mut doc = base();
        let (last, parents) = path.split_last().unwrap();
        let mut at = &mut doc;
        for p in parents {
            at = &mut at[*p];
        }
        let object = at.as_object_mut().unwrap();
        match value {
            Some(v) => object.insert((*last).to_owned(), v),
            None => object.remove(*last),
        };
        doc
    }

    #[test]
    fn a_minimal_document_takes_defaults() {
        let doc = parse(&base()).unwrap();
        assert_eq!(doc.not_before, doc.issued);
        assert_eq!(doc.plan(), "Starter");
        assert_eq!(doc.plan_rank, 1);
        assert_eq!(doc.license_type(), "Production");
        assert_eq!(doc.attributes.get("Seats").map(String::as_str), Some("50"));
        assert!(doc.overrides.is_empty());
    }

    #[test]
    fn unknown_members_are_ignored() {
        assert!(parse(&with(&["comment"], Some(json!({"any": [1, 2]})))).is_ok());
    }

    #[test]
    fn absent_blank_wrong_type_and_invalid_are_told_apart() {
        let cases = [
            (with(&["licenseId"], None), "[missing]licenseId"),
            (with(&["licenseId"], Some(json!(""))), "[blank]licenseId"),
            (with(&["licenseId"], Some(json!(7))), "[invalid]licenseId"),
            (with(&["licenseId"], Some(json!("not-a-uuid"))), "[invalid]licenseId"),
            (with(&["licenseId"], Some(json!("{6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11}"))), "[invalid]licenseId"),
            (with(&["licenseId"], Some(json!("6f0c1c5e2f444a8e9c430c6f4a9e1b11"))), "[invalid]licenseId"),
            (with(&["issuedTo"], None), "[missing]issuedTo"),
            (with(&["issuedTo"], Some(json!("  "))), "[blank]issuedTo"),
            (with(&["issued"], None), "[missing]issued"),
            (with(&["issued"], Some(json!("2026-02-30"))), "[invalid]issued"),
            (with(&["notBefore"], Some(Value::Null)), "[invalid]notBefore"),
            (with(&["notBefore"], Some(json!("2027-01-01"))), "[invalid]expiration"),
            (with(&["expiration"], Some(Value::Null)), "[invalid]expiration"),
            (with(&["maintenanceUntil"], Some(json!("2027-01-01"))), "[invalid]critical"),
            (with(&["graceDays"], Some(json!(366))), "[invalid]graceDays"),
            (with(&["graceDays"], Some(json!(-1))), "[invalid]graceDays"),
            (with(&["graceDays"], Some(json!(1.5))), "[invalid]graceDays"),
            (with(&["noticeDays"], Some(json!("30"))), "[invalid]noticeDays"),
            (with(&["sequence"], Some(json!(-1))), "[invalid]sequence"),
            (with(&["sequence"], Some(json!(4_294_967_296_u64))), "[invalid]sequence"),
            (with(&["sequence"], Some(json!("2"))), "[invalid]sequence"),
            (with(&["sequence"], Some(Value::Null)), "[invalid]sequence"),
            (with(&["expiration"], Some(json!("2026-12-31T23:59:59Z"))), "[invalid]expiration"),
            (with(&["licenseAttributes"], None), "[missing]licenseAttributes"),
            (with(&["licenseAttributes"], Some(json!([]))), "[invalid]licenseAttributes"),
            (with(&["licenseAttributes", "LicensedPlan"], None), "[missing]licenseAttributes.LicensedPlan"),
            (
                with(&["licenseAttributes", "LicensedPlan"], Some(json!("Platinum"))),
                "[unknown]licenseAttributes.LicensedPlan",
            ),
            (
                with(&["licenseAttributes", "LicensedPlan"], Some(json!("starter"))),
                "[unknown]licenseAttributes.LicensedPlan",
            ),
            (with(&["licenseAttributes", "LicenseType"], Some(json!(""))), "[blank]licenseAttributes.LicenseType"),
            (with(&["licenseAttributes", "Seats"], Some(json!(50))), "[invalid]licenseAttributes.Seats"),
            (with(&["features"], Some(Value::Null)), "[invalid]features"),
            (with(&["features"], Some(json!(["scimServer"]))), "[invalid]features"),
            (with(&["features"], Some(json!({"scimServer": "yes"}))), "[invalid]features.scimServer"),
            (with(&["features"], Some(json!({"licensed": true}))), "[invalid]features"),
            (with(&["features"], Some(json!({"bad name": true}))), "[invalid]features"),
            (with(&["supersedes"], Some(Value::Null)), "[invalid]supersedes"),
            (with(&["supersedes"], Some(json!("6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11"))), "[invalid]supersedes"),
            (with(&["supersedes"], Some(json!([7]))), "[invalid]supersedes"),
            (with(&["supersedes"], Some(json!(["not-a-uuid"]))), "[invalid]supersedes"),
            (with(&["critical"], Some(Value::Null)), "[invalid]critical"),
            (with(&["critical"], Some(json!("machines"))), "[invalid]critical"),
            (with(&["critical"], Some(json!([]))), "[invalid]critical"),
            (with(&["critical"], Some(json!([7]))), "[invalid]critical"),
            (with(&["critical"], Some(json!(["issued", "issued"]))), "[invalid]critical"),
            (with(&["critical"], Some(json!(["supersedes"]))), "[invalid]critical"),
            (with(&["critical"], Some(json!(["critical"]))), "[invalid]critical"),
        ];
        for (doc, code) in cases {
            let err = parse(&doc).unwrap_err();
            assert_eq!(err.code(), code, "{doc}: {err}");
        }
    }

    #[test]
    fn supersedes_is_optional_and_lists_license_ids() {
        assert!(parse(&base()).unwrap().supersedes.is_empty());
        let ids = json!(["6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11", "1b4e28ba-2fa1-4d2e-883f-0016d3cca427"]);
        let doc = parse(&with(&["supersedes"], Some(ids))).unwrap();
        assert_eq!(doc.supersedes, ["6f0c1c5e-2f44-4a8e-9c43-0c6f4a9e1b11", "1b4e28ba-2fa1-4d2e-883f-0016d3cca427"]);
        assert!(parse(&with(&["supersedes"], Some(json!([])))).unwrap().supersedes.is_empty());
    }

    #[test]
    fn sequence_is_zero_when_absent() {
        assert_eq!(parse(&base()).unwrap().sequence, 0);
        assert_eq!(parse(&with(&["sequence"], Some(json!(4_294_967_295_u64)))).unwrap().sequence, u32::MAX);
        // Members this version implements may be listed in critical, these too.
        let mut doc = with(&["sequence"], Some(json!(2)));
        doc["graceDays"] = json!(5);
        doc["critical"] = json!(["sequence", "graceDays"]);
        assert_eq!(parse(&doc).unwrap().sequence, 2);
    }

    #[test]
    fn critical_lists_members_this_version_must_understand() {
        // Members it implements may be listed; nothing changes.
        assert!(parse(&with(&["critical"], Some(json!(["expiration", "licenseAttributes"])))).is_ok());
        // A member it does not implement, present and listed: rejected, named.
        let mut doc = with(&["futureConstraint"], Some(json!("2027-01-01")));
        doc["critical"] = json!(["futureConstraint"]);
        let err = parse(&doc).unwrap_err();
        assert_eq!(err.code(), "[unsupported]critical");
        assert_eq!(err.verdict(), crate::Verdict::Rejected);
        assert!(
            err.to_string().starts_with("this license needs a validator that understands \"futureConstraint\""),
            "{err}"
        );
        // Listed but absent: malformed, whatever the name.
        let err = parse(&with(&["critical"], Some(json!(["machines"])))).unwrap_err();
        assert_eq!(err.to_string(), "critical: \"machines\" is not a member of this license");
        // An unknown member not listed is ignored, as before.
        assert!(parse(&with(&["vendorNote"], Some(json!("x")))).is_ok());
    }

    #[test]
    fn expiration_may_equal_not_before() {
        let doc = with(&["notBefore"], Some(json!("2026-12-31")));
        assert!(parse(&doc).is_ok());
    }

    #[test]
    fn messages_name_the_field_and_value() {
        let err = parse(&with(&["licenseAttributes", "LicensedPlan"], Some(json!("Platinum")))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "licenseAttributes.LicensedPlan \"Platinum\" is not a plan of the catalog (Community, Starter, Essentials, Enterprise)"
        );
        let err = parse(&with(&["issued"], Some(json!("2023-02-29")))).unwrap_err();
        assert_eq!(err.to_string(), "issued is \"2023-02-29\": no such day in the calendar");
    }
}
