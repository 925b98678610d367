//! The cases file: named policies with their layer and scope, and requests with the decision
//! they are expected to get.
//!
//! ```json
//! {
//!   "policies": {
//!     "dev": { "document": { "Version": "1", "Statement": [ ... ] }, "kind": "identity", "scope": "account" },
//!     "team": { "document": { ... }, "scope": { "resource_group": "rg-aek2" } },
//!     "guardrail": { "document": { ... }, "kind": "control" },
//!     "ops-trust": { "document": { ... "Principal": {"RAM": ["acs:ram::1234567890:root"]} ... }, "kind": "resource" }
//!   },
//!   "cases": [
//!     {
//!       "name": "pull from own namespace",
//!       "api": "PullRepository",
//!       "resource": "acs:cr:cn-hangzhou:1234567890:repository/cri-abc/team-a/web",
//!       "resource_group": "rg-aek2",
//!       "context": { "acs:SourceIp": "10.0.0.8" },
//!       "principal": { "RAM": "acs:ram::1234567890:user/alice" },
//!       "policies": ["dev", "team"],
//!       "expect": "Allow"
//!     }
//!   ]
//! }
//! ```
//!
//! A policy of kind `resource` is a resource-based policy (a bucket policy, or a RAM role's
//! trust policy, which has no `Resource`): a case that lists it attaches it to the case's
//! resource. A case's `principal` is who makes the request: one of `RAM` (an ARN), `Service`
//! (`ecs.aliyuncs.com`) or `Federated` (an identity provider's ARN).
//!
//! Every problem is reported with its JSON pointer into the file and its line and column, and
//! all problems of a file are reported together.

use std::collections::BTreeMap;

use ram_catalog::{ActionRef, ApiRef, Catalog};
use ram_core::UnknownName;
use ram_policy::json::{self, Json, Kind as JsonKind, pointer_escape};
use ram_policy::{
    AttachedPolicy, DocumentKind, Layer, Outcome, Policy, PolicyClass, PolicyError, Principal,
    PrincipalKind, Reader, Request,
};

const FILE_KEYS: &[&str] = &["policies", "cases"];
const POLICY_KEYS: &[&str] = &["document", "kind", "scope"];
const SCOPE_KEYS: &[&str] = &["resource_group"];
const CASE_KEYS: &[&str] = &[
    "name",
    "action",
    "api",
    "resource",
    "resource_group",
    "context",
    "principal",
    "policies",
    "expect",
];

/// A parsed cases file.
#[derive(Debug, Clone)]
pub struct CasesFile {
    /// The policies, in file order.
    pub policies: Vec<AttachedPolicy>,
    /// The cases, in file order.
    pub cases: Vec<Case>,
}

/// One request and the decision it should get.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case's name, unique in the file.
    pub name: String,
    /// The request: Action (given, or mapped from the API), resource, resource group, context.
    pub request: Request,
    /// The policies to evaluate, as indices into [`CasesFile::policies`], in the order given.
    pub policies: Vec<usize>,
    /// The expected decision, if any.
    pub expect: Option<Outcome>,
}

impl CasesFile {
    /// The policies a case names, ready for [`ram_policy::evaluate`].
    #[must_use]
    pub fn policies_of(&self, case: &Case) -> Vec<AttachedPolicy> {
        case.policies
            .iter()
            .filter_map(|&i| self.policies.get(i).cloned())
            .collect()
    }
}

/// Why a cases file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The text is not strict JSON.
    Syntax(json::SyntaxError),
    /// The JSON is not a valid cases file: every problem, sorted by position.
    Invalid(Vec<PolicyError>),
}

/// Parses a cases file.
///
/// ```
/// let text = r#"{"policies": {}, "cases": [{"name": "n", "action": "cr:GetInstance", "resource": "*"}]}"#;
/// let catalog = ramctl::common::catalog().unwrap();
/// let file = ramctl::simulate::cases::parse(catalog, text).unwrap();
/// assert_eq!(file.cases[0].request.action, "cr:GetInstance");
/// ```
///
/// # Errors
///
/// A syntax error, or every problem of the file with its JSON pointer, line and column.
pub fn parse(catalog: &'static Catalog, text: &str) -> Result<CasesFile, ParseError> {
    let json = json::parse(text).map_err(ParseError::Syntax)?;
    let mut reader = Reader::new(text);
    let file = read_file(catalog, &json, &mut reader);
    let mut errors = reader.into_errors();
    match file {
        Some(file) if errors.is_empty() => Ok(file),
        _ => {
            if errors.is_empty() {
                // Every path that gives up records why; this only guards that promise.
                let mut reader = Reader::new(text);
                reader.error("", json.offset, "the file is not a valid cases file");
                errors = reader.into_errors();
            }
            errors.sort_by_key(|e| e.position);
            Err(ParseError::Invalid(errors))
        }
    }
}

/// Parses a set of policies: a cases file's `policies` object, with or without `cases` (which
/// are read and checked as in [`parse`] when present), as `ramctl compare` takes on a side.
/// Each policy keeps its name in the file.
///
/// ```
/// let text = r#"{"policies": {"dev": {"document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*"}]}}}}"#;
/// let catalog = ramctl::common::catalog().unwrap();
/// let set = ramctl::simulate::cases::parse_policy_set(catalog, text).unwrap();
/// assert_eq!(set[0].name, "dev");
/// ```
///
/// # Errors
///
/// A syntax error, or every problem of the file with its JSON pointer, line and column.
pub fn parse_policy_set(
    catalog: &'static Catalog,
    text: &str,
) -> Result<Vec<AttachedPolicy>, ParseError> {
    let json = json::parse(text).map_err(ParseError::Syntax)?;
    let has_cases = json
        .members()
        .is_some_and(|members| members.iter().any(|m| m.key == "cases"));
    if has_cases {
        return parse(catalog, text).map(|file| file.policies);
    }
    let mut reader = Reader::new(text);
    let policies =
        reader
            .object(&json, "", FILE_KEYS)
            .and_then(|members| match members.get("policies") {
                Some(m) => read_policies(&m.value, "/policies", &mut reader),
                None => {
                    reader.error("", json.offset, "missing `policies`");
                    None
                }
            });
    let mut errors = reader.into_errors();
    let policies: Option<Vec<AttachedPolicy>> =
        policies.and_then(|entries| entries.into_iter().map(|(_, p)| p).collect());
    match policies {
        Some(policies) if errors.is_empty() => Ok(policies),
        _ => {
            if errors.is_empty() {
                let mut reader = Reader::new(text);
                reader.error("", json.offset, "the file is not a valid set of policies");
                errors = reader.into_errors();
            }
            errors.sort_by_key(|e| e.position);
            Err(ParseError::Invalid(errors))
        }
    }
}

fn read_file(catalog: &'static Catalog, json: &Json, reader: &mut Reader<'_>) -> Option<CasesFile> {
    let members = reader.object(json, "", FILE_KEYS)?;
    let policies = match members.get("policies") {
        Some(m) => read_policies(&m.value, "/policies", reader),
        None => {
            reader.error("", json.offset, "missing `policies`");
            None
        }
    };
    let names: Option<Vec<&str>> = policies
        .as_ref()
        .map(|entries| entries.iter().map(|(name, _)| name.as_str()).collect());
    let cases = match members.get("cases") {
        Some(m) => read_cases(catalog, &m.value, "/cases", names.as_deref(), reader),
        None => {
            reader.error("", json.offset, "missing `cases`");
            None
        }
    };
    let policies = policies?
        .into_iter()
        .map(|(_, p)| p)
        .collect::<Option<_>>()?;
    Some(CasesFile {
        policies,
        cases: cases?,
    })
}

/// The policies in file order, each with its name (`None` for a policy with errors); `None`
/// when `policies` is not an object.
fn read_policies(
    json: &Json,
    pointer: &str,
    reader: &mut Reader<'_>,
) -> Option<Vec<(String, Option<AttachedPolicy>)>> {
    // Reports duplicate names; the members are then taken in file order, first one kept.
    reader.object(json, pointer, &[])?;
    let mut out: Vec<(String, Option<AttachedPolicy>)> = Vec::new();
    for member in json.members().unwrap_or_default() {
        if out.iter().any(|(name, _)| *name == member.key) {
            continue;
        }
        let at = format!("{pointer}/{}", pointer_escape(&member.key));
        let mut policy = read_policy(&member.key, &member.value, &at, reader);
        if member.key.is_empty() {
            reader.error(&at, member.key_offset, "the policy name is empty");
            policy = None;
        }
        out.push((member.key.clone(), policy));
    }
    Some(out)
}

fn read_policy(
    name: &str,
    json: &Json,
    pointer: &str,
    reader: &mut Reader<'_>,
) -> Option<AttachedPolicy> {
    let fields = reader.object(json, pointer, POLICY_KEYS)?;
    let kind = match fields.get("kind") {
        None => Some(Layer::Identity),
        Some(m) => {
            let kind = match m.value.as_str() {
                Some("identity") => Some(Layer::Identity),
                Some("control") => Some(Layer::Control),
                Some("session") => Some(Layer::Session),
                Some("resource") => Some(Layer::ResourceBased),
                _ => None,
            };
            if kind.is_none() {
                reader.error(
                    &format!("{pointer}/kind"),
                    m.value.offset,
                    format!(
                        "expected `identity`, `control`, `session` or `resource`, found {}",
                        m.value.describe()
                    ),
                );
            }
            kind
        }
    };
    // A resource-based policy is read as a trust policy: it names principals, and its
    // `Resource` may be absent (a role's trust policy speaks of the role).
    let previous = reader.kind;
    reader.kind = match kind {
        Some(Layer::ResourceBased) => DocumentKind::Trust,
        Some(Layer::Control) => DocumentKind::Control,
        Some(Layer::Session) => DocumentKind::Session,
        _ => DocumentKind::Identity,
    };
    let document = match fields.get("document") {
        Some(m) => Policy::read(&m.value, &format!("{pointer}/document"), reader),
        None => {
            reader.error(pointer, json.offset, "missing `document`");
            None
        }
    };
    reader.kind = previous;
    let scope = match fields.get("scope") {
        None => Some(None),
        Some(m) => {
            let at = format!("{pointer}/scope");
            let scope = read_scope(&m.value, &at, reader);
            if let (Some(kind), Some(Some(_))) = (kind, &scope)
                && kind != Layer::Identity
            {
                reader.error(
                    &at,
                    m.value.offset,
                    format!(
                        "a resource-group scope is only valid on identity policies, and `{name}` is a {} policy",
                        kind.as_str()
                    ),
                );
                return None;
            }
            scope
        }
    };
    Some(AttachedPolicy::new(
        name,
        document?,
        PolicyClass::attached(kind?, scope?)?,
    ))
}

/// A scope: `Some(None)` for the account, `Some(Some(group))` for a resource group, `None`
/// when it is invalid (the error is reported).
fn read_scope(json: &Json, pointer: &str, reader: &mut Reader<'_>) -> Option<Option<String>> {
    match &json.kind {
        JsonKind::String(s) if s == "account" => Some(None),
        JsonKind::Object(_) => {
            let fields = reader.object(json, pointer, SCOPE_KEYS)?;
            match fields.get("resource_group") {
                Some(m) => string(&m.value, &format!("{pointer}/resource_group"), reader).map(Some),
                None => {
                    reader.error(pointer, json.offset, "missing `resource_group`");
                    None
                }
            }
        }
        _ => {
            reader.error(
                pointer,
                json.offset,
                format!(
                    "expected `account` or an object with `resource_group`, found {}",
                    json.describe()
                ),
            );
            None
        }
    }
}

/// A non-empty string.
fn string(json: &Json, pointer: &str, reader: &mut Reader<'_>) -> Option<String> {
    match json.as_str() {
        Some("") => {
            reader.error(pointer, json.offset, "the value is empty");
            None
        }
        Some(s) => Some(s.to_owned()),
        None => {
            reader.error(
                pointer,
                json.offset,
                format!("expected a string, found {}", json.describe()),
            );
            None
        }
    }
}

fn read_cases(
    catalog: &'static Catalog,
    json: &Json,
    pointer: &str,
    names: Option<&[&str]>,
    reader: &mut Reader<'_>,
) -> Option<Vec<Case>> {
    let items = match &json.kind {
        JsonKind::Array(items) if !items.is_empty() => items,
        JsonKind::Array(_) => {
            reader.error(pointer, json.offset, "expected at least one case");
            return None;
        }
        _ => {
            reader.error(
                pointer,
                json.offset,
                format!("expected an array of cases, found {}", json.describe()),
            );
            return None;
        }
    };
    let mut cases = Vec::new();
    let mut ok = true;
    // Case names are unique, whether or not the cases are otherwise valid.
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{pointer}/{i}");
        let name = item
            .members()
            .and_then(|members| members.iter().find(|m| m.key == "name"))
            .and_then(|m| m.value.as_str().map(|name| (name, m.value.offset)));
        if let Some((name, offset)) = name {
            if let Some(first) = seen.get(name) {
                reader.error(
                    &format!("{at}/name"),
                    offset,
                    format!("duplicate case name `{name}` (first at `{first}`)"),
                );
                ok = false;
            } else {
                seen.insert(name, at.clone());
            }
        }
        match read_case(catalog, item, &at, names, reader) {
            Some(case) => cases.push(case),
            None => ok = false,
        }
    }
    ok.then_some(cases)
}

fn read_case(
    catalog: &'static Catalog,
    json: &Json,
    pointer: &str,
    names: Option<&[&str]>,
    reader: &mut Reader<'_>,
) -> Option<Case> {
    let fields = reader.object(json, pointer, CASE_KEYS)?;
    let field = |key: &str| format!("{pointer}/{key}");
    let mut ok = true;

    let name = match fields.get("name") {
        Some(m) => string(&m.value, &field("name"), reader),
        None => {
            reader.error(pointer, json.offset, "missing `name`");
            None
        }
    };
    // Names the case in messages about its request, even when its name is missing.
    let label = name.clone().unwrap_or_else(|| pointer.to_owned());

    let resource = match fields.get("resource") {
        Some(m) => string(&m.value, &field("resource"), reader),
        None => {
            reader.error(pointer, json.offset, "missing `resource`");
            None
        }
    };

    let action = match (fields.get("action"), fields.get("api")) {
        (Some(_), Some(api)) => {
            reader.error(
                &field("api"),
                api.key_offset,
                "`action` and `api` cannot both be given",
            );
            None
        }
        (None, None) => {
            reader.error(pointer, json.offset, "missing `action` or `api`");
            None
        }
        (Some(m), None) => string(&m.value, &field("action"), reader).and_then(|text| {
            match request_action_error(catalog, &text) {
                Some(message) => {
                    reader.error(
                        &field("action"),
                        m.value.offset,
                        format!("case `{label}`: {message}"),
                    );
                    None
                }
                None => Some(text),
            }
        }),
        (None, Some(m)) => {
            let api = string(&m.value, &field("api"), reader).and_then(|text| {
                match catalog.find_api(&text) {
                    Some(api) => Some(api),
                    None => {
                        let e = UnknownName::new("api", &text, catalog.apis().map(ApiRef::name));
                        reader.error(&field("api"), m.value.offset, e.to_string());
                        None
                    }
                }
            });
            match (api, &resource, fields.get("resource")) {
                (Some(api), Some(resource), Some(r)) => {
                    let misfit = match api.resource_template() {
                        Some(template) if !template.fits(resource) => Some(format!(
                            "case `{label}`: resource `{resource}` does not fit `{}`, the resource of api `{}`",
                            template.text(),
                            api.name()
                        )),
                        None if resource != "*" => Some(format!(
                            "case `{label}`: api `{}` is authorized against `*`, so its resource must be `*`, found `{resource}`",
                            api.name()
                        )),
                        _ => None,
                    };
                    match misfit {
                        Some(message) => {
                            reader.error(&field("resource"), r.value.offset, message);
                            None
                        }
                        None => Some(api.action_name().to_owned()),
                    }
                }
                (Some(api), _, _) => Some(api.action_name().to_owned()),
                (None, _, _) => None,
            }
        }
    };

    let resource_group = match fields.get("resource_group") {
        Some(m) => match string(&m.value, &field("resource_group"), reader) {
            Some(group) => Some(group),
            None => {
                ok = false;
                None
            }
        },
        None => None,
    };

    let context = match fields.get("context") {
        Some(m) => read_context(&m.value, &field("context"), reader),
        None => Some(Vec::new()),
    };

    let principal = match fields.get("principal") {
        Some(m) => match read_principal(&m.value, &field("principal"), reader) {
            Some(principal) => Some(principal),
            None => {
                ok = false;
                None
            }
        },
        None => None,
    };

    let policies = match fields.get("policies") {
        Some(m) => read_policy_names(&m.value, &field("policies"), names, reader),
        None => Some((0..names.map_or(0, <[&str]>::len)).collect()),
    };

    let expect = match fields.get("expect") {
        Some(m) => {
            let outcome = match m.value.as_str() {
                Some("Allow") => Some(Outcome::Allow),
                Some("ExplicitDeny") => Some(Outcome::ExplicitDeny),
                Some("ImplicitDeny") => Some(Outcome::ImplicitDeny),
                _ => None,
            };
            if outcome.is_none() {
                reader.error(
                    &field("expect"),
                    m.value.offset,
                    format!(
                        "expected `Allow`, `ExplicitDeny` or `ImplicitDeny`, found {}",
                        m.value.describe()
                    ),
                );
                ok = false;
            }
            outcome
        }
        None => None,
    };

    let (name, action, resource, context, policies) =
        (name?, action?, resource?, context?, policies?);
    if !ok {
        return None;
    }
    let mut request = Request::new(action, resource);
    if let Some(group) = resource_group {
        request = request.in_resource_group(group);
    }
    for (key, value) in context {
        request = request.with_context(&key, value);
    }
    if let Some(principal) = principal {
        request = request.with_principal(principal);
    }
    Some(Case {
        name,
        request,
        policies,
        expect,
    })
}

/// A case's principal: an object with one of `RAM`, `Service` or `Federated`, a non-empty
/// string.
fn read_principal(json: &Json, pointer: &str, reader: &mut Reader<'_>) -> Option<Principal> {
    let forms = reader.object(json, pointer, &["RAM", "Service", "Federated"])?;
    let mut found = forms.iter();
    let (Some((key, member)), None) = (found.next(), found.next()) else {
        reader.error(
            pointer,
            json.offset,
            "expected exactly one of `RAM`, `Service` or `Federated`",
        );
        return None;
    };
    let kind = PrincipalKind::from_key(key)?;
    let name = string(&member.value, &format!("{pointer}/{key}"), reader)?;
    Some(Principal { kind, name })
}

/// Context keys with their values, as strings, in file order. Keys are case-insensitive, so
/// two spellings of one key are an error.
fn read_context(
    json: &Json,
    pointer: &str,
    reader: &mut Reader<'_>,
) -> Option<Vec<(String, String)>> {
    // Reports exact duplicates; case-insensitive repeats are reported below.
    reader.object(json, pointer, &[])?;
    let mut out = Vec::new();
    let mut ok = true;
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for member in json.members().unwrap_or_default() {
        let at = format!("{pointer}/{}", pointer_escape(&member.key));
        if member.key.is_empty() {
            reader.error(&at, member.key_offset, "the context key is empty");
            ok = false;
            continue;
        }
        match seen.get(&member.key.to_lowercase()) {
            Some(first) if *first == member.key => {
                ok = false;
                continue;
            }
            Some(first) => {
                reader.error(
                    &at,
                    member.key_offset,
                    format!(
                        "key `{}` repeats `{first}` (context keys are case-insensitive)",
                        member.key
                    ),
                );
                ok = false;
                continue;
            }
            None => {
                seen.insert(member.key.to_lowercase(), &member.key);
            }
        }
        match reader.strings(&member.value, &at, true) {
            Some(values) => out.extend(values.into_iter().map(|v| (member.key.clone(), v))),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// The indices of the named policies, in the order given; every name must be defined once.
fn read_policy_names(
    json: &Json,
    pointer: &str,
    names: Option<&[&str]>,
    reader: &mut Reader<'_>,
) -> Option<Vec<usize>> {
    let JsonKind::Array(items) = &json.kind else {
        reader.error(
            pointer,
            json.offset,
            format!(
                "expected an array of policy names, found {}",
                json.describe()
            ),
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let at = format!("{pointer}/{i}");
        let Some(name) = string(item, &at, reader) else {
            ok = false;
            continue;
        };
        // Without a valid `policies` object there is nothing to check the name against.
        let Some(names) = names else {
            ok = false;
            continue;
        };
        match names.iter().position(|n| *n == name) {
            Some(index) if out.contains(&index) => {
                reader.error(&at, item.offset, format!("policy `{name}` is listed twice"));
                ok = false;
            }
            Some(index) => out.push(index),
            None => {
                let known = if names.is_empty() {
                    "the file defines no policies".to_owned()
                } else {
                    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    format!("the file defines {}", quoted.join(", "))
                };
                reader.error(
                    &at,
                    item.offset,
                    format!("unknown policy `{name}` ({known})"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// Why a case's Action cannot be a request's: not `service:Name`, a pattern, an Action its
/// service's catalog does not have (the closest named), or a service code that neither the
/// catalog, the vendor's index nor its policies know. An Action only the vendor's policies use,
/// and one of a known service without an Action list, are requests as any other.
fn request_action_error(catalog: &'static Catalog, action: &str) -> Option<String> {
    use ram_core::Catalog as _;
    let Some((service, name)) = action.split_once(':') else {
        return Some(format!(
            "`{action}` is not an Action (expected `service:Name`)"
        ));
    };
    if service.contains(['*', '?']) || name.contains(['*', '?']) {
        return Some(format!(
            "`{action}` is a pattern; a request names one Action"
        ));
    }
    if let Some(known) = catalog.service(service) {
        if catalog.action(action).is_some() || catalog.undocumented_action(action).is_some() {
            return None;
        }
        let e = UnknownName::new("action", action, known.actions().map(ActionRef::name));
        return Some(e.to_string());
    }
    let codes = catalog.known_service_codes();
    if codes.is_empty() || catalog.service_evidence(service).is_some() {
        return None;
    }
    Some(UnknownName::new("service", service, codes).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::catalog;

    const DOCUMENT: &str = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}"#;

    fn messages(text: &str) -> Vec<String> {
        match parse(catalog().unwrap(), text).unwrap_err() {
            ParseError::Invalid(errors) => errors.iter().map(ToString::to_string).collect(),
            ParseError::Syntax(e) => panic!("{e}"),
        }
    }

    #[test]
    fn defaults_kind_scope_and_policies_in_file_order() {
        let text = format!(
            r#"{{"policies": {{"b": {{"document": {DOCUMENT}}}, "a": {{"document": {DOCUMENT}, "kind": "session"}}}},
               "cases": [{{"name": "n", "action": "cr:GetInstance", "resource": "*"}},
                         {{"name": "m", "action": "cr:GetInstance", "resource": "*", "policies": ["a"]}}]}}"#
        );
        let file = parse(catalog().unwrap(), &text).unwrap();
        let names: Vec<&str> = file.policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        assert_eq!(file.policies[0].class, PolicyClass::IdentityAccount);
        assert_eq!(file.policies[1].class, PolicyClass::Session);
        assert_eq!(file.cases[0].policies, [0, 1]);
        assert_eq!(file.cases[1].policies, [1]);
        assert_eq!(file.cases[0].expect, None);
        assert_eq!(file.policies_of(&file.cases[1])[0].name, "a");
    }

    #[test]
    fn context_values_are_taken_as_strings_and_keys_case_insensitively() {
        let text = r#"{"policies": {}, "cases": [{"name": "n", "api": "GetInstance",
            "resource": "acs:cr:cn-hangzhou:1:instance/cri-1", "resource_group": "rg-1",
            "context": {"acs:SourceIp": ["10.0.0.1", "10.0.0.2"], "test:N": 1.50, "acs:SecureTransport": true}}]}"#;
        let file = parse(catalog().unwrap(), text).unwrap();
        let request = &file.cases[0].request;
        assert_eq!(request.action, "cr:GetInstance");
        assert_eq!(request.resource_group.as_deref(), Some("rg-1"));
        assert_eq!(
            request.context("ACS:SOURCEIP").unwrap(),
            ["10.0.0.1", "10.0.0.2"]
        );
        assert_eq!(request.context("test:n").unwrap(), ["1.50"]);
        assert_eq!(request.context("acs:securetransport").unwrap(), ["true"]);
        assert!(file.cases[0].policies.is_empty());
    }

    #[test]
    fn an_api_maps_to_its_action_and_checks_its_template() {
        let text = r#"{"policies": {}, "cases": [
            {"name": "manifest", "api": "GetRepoTagManifest", "resource": "acs:cr:*:*:repository/cri-1/ns/*"},
            {"name": "count", "api": "GetInstanceCount", "resource": "*"}]}"#;
        let file = parse(catalog().unwrap(), text).unwrap();
        assert_eq!(file.cases[0].request.action, "cr:GetRepositoryManifest");
        assert_eq!(file.cases[1].request.action, "cr:ListInstance");
        assert_eq!(
            messages(
                r#"{"policies": {}, "cases": [{"name": "x", "api": "GetInstance", "resource": "*"}]}"#
            ),
            [
                "/cases/0/resource: case `x`: resource `*` does not fit `acs:cr:$regionid:$accountid:instance/$instanceid`, the resource of api `GetInstance` (line 1, column 76)"
            ]
        );
    }

    /// A case's Action is checked against the catalog: a typo is an error with the closest
    /// Action, a pattern or a misspelt service code too; an Action only the vendor's policies
    /// use and one of a service the vendor knows without an Action list are requests.
    #[test]
    fn a_case_action_is_checked_against_the_catalog() {
        let case = |action: &str| {
            let text = format!(
                r#"{{"policies": {{}}, "cases": [{{"name": "x", "action": "{action}", "resource": "*"}}]}}"#
            );
            match parse(catalog().unwrap(), &text) {
                Ok(_) => Vec::new(),
                Err(_) => messages(&text),
            }
        };
        assert_eq!(
            case("cr:GetInstanse"),
            [
                "/cases/0/action: case `x`: unknown action `cr:GetInstanse`; did you mean one of `cr:GetInstance`, `cr:GetInstanceUser`, `cr:GetInstanceUsage`? (line 1, column 52)"
            ]
        );
        assert_eq!(
            case("cr:Get*"),
            [
                "/cases/0/action: case `x`: `cr:Get*` is a pattern; a request names one Action (line 1, column 52)"
            ]
        );
        assert_eq!(
            case("ecss:DescribeInstances"),
            [
                "/cases/0/action: case `x`: unknown service `ecss`; did you mean one of `ecs`, `ess`, `cs`? (line 1, column 52)"
            ]
        );
        for fine in ["cr:GetRegionList", "vpc:DescribeVpcs", "cr:getinstance"] {
            assert!(case(fine).is_empty(), "{fine}: {:?}", case(fine));
        }
    }

    #[test]
    fn structural_errors() {
        assert_eq!(
            messages(r#"{"policies": {"": {"document": 1}}, "cases": {}}"#),
            [
                "/policies/: the policy name is empty (line 1, column 15)",
                "/policies//document: expected an object, found the number `1` (line 1, column 32)",
                "/cases: expected an array of cases, found an object (line 1, column 46)",
            ]
        );
        assert_eq!(
            messages(
                r#"{"policies": {"p": {}}, "cases": [{"name": "", "action": "", "resource": 1, "policies": "p", "resource_group": ""}]}"#
            ),
            [
                "/policies/p: missing `document` (line 1, column 20)",
                "/cases/0/name: the value is empty (line 1, column 44)",
                "/cases/0/action: the value is empty (line 1, column 58)",
                "/cases/0/resource: expected a string, found the number `1` (line 1, column 74)",
                "/cases/0/policies: expected an array of policy names, found `p` (line 1, column 89)",
                "/cases/0/resource_group: the value is empty (line 1, column 112)",
            ]
        );
    }
}
