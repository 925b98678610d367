//! RAM policy documents: the model, strict parsing with located errors, canonical JSON.

use std::collections::BTreeMap;
use std::fmt;

use crate::condition::{Operator, Values};
use crate::json::{self, Json, Kind, Member, Position, pointer_escape};
use crate::principal::{PrincipalKind, Principals};

/// What a policy document is for: which elements it has and how RAM evaluates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum DocumentKind {
    /// Attached to RAM users, groups and roles: `Resource`, no `Principal`.
    #[default]
    Identity,
    /// A resource directory control policy: as an identity policy.
    Control,
    /// The session policy of an STS token: as an identity policy.
    Session,
    /// A RAM role's trust policy: `Principal`, and no `Resource` (the role itself).
    Trust,
    /// A resource-based policy (an OSS bucket policy): `Principal` and `Resource`.
    Resource,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Identity,
        Self::Control,
        Self::Session,
        Self::Trust,
        Self::Resource,
    ];

    /// `identity`, `control`, `session`, `trust` or `resource`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Control => "control",
            Self::Session => "session",
            Self::Trust => "trust",
            Self::Resource => "resource",
        }
    }

    /// Whether its statements name principals (trust and resource-based policies).
    #[must_use]
    pub const fn has_principals(self) -> bool {
        matches!(self, Self::Trust | Self::Resource)
    }

    /// A sentence's noun for it: `an identity policy`, `a trust policy`.
    #[must_use]
    pub const fn noun(self) -> &'static str {
        match self {
            Self::Identity => "an identity policy",
            Self::Control => "a control policy",
            Self::Session => "a session policy",
            Self::Trust => "a trust policy",
            Self::Resource => "a resource-based policy",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for DocumentKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| {
                format!(
                    "unknown policy kind `{text}` (expected one of: {})",
                    Self::ALL.map(Self::as_str).join(", ")
                )
            })
    }
}

/// A statement's effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// Grants.
    Allow,
    /// Denies, whatever else grants.
    Deny,
}

impl Effect {
    /// `Allow` or `Deny`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Deny => "Deny",
        }
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `Action`/`Resource` (the patterns that match) or `NotAction`/`NotResource` (everything
/// except them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Patterns {
    /// Whether this is the `Not…` form.
    pub negated: bool,
    /// The patterns, as written.
    pub patterns: Vec<String>,
}

impl Patterns {
    /// The `Action`/`Resource` form.
    #[must_use]
    pub fn of(patterns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            negated: false,
            patterns: patterns.into_iter().map(Into::into).collect(),
        }
    }

    /// The `NotAction`/`NotResource` form.
    #[must_use]
    pub fn not(patterns: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            negated: true,
            patterns: patterns.into_iter().map(Into::into).collect(),
        }
    }

    /// The resources of a trust policy's statement, which has no `Resource`: the policy
    /// speaks of the role it is attached to, whatever its ARN. Written as `NotResource` of
    /// nothing, which every matcher already reads as "any resource" and which no document can
    /// spell (an empty list is an error), so it stands for the absent element alone.
    #[must_use]
    pub const fn attached_resource() -> Self {
        Self {
            negated: true,
            patterns: Vec::new(),
        }
    }

    /// Whether these are a trust statement's absent `Resource` ([`Self::attached_resource`]).
    #[must_use]
    pub fn is_attached_resource(&self) -> bool {
        self.negated && self.patterns.is_empty()
    }
}

/// One condition: an operator applied to one context key.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The operator.
    pub operator: Operator,
    /// The context key as written (keys match case-insensitively).
    pub key: String,
    /// The values as written.
    pub raw: Vec<String>,
    /// The values parsed for the operator.
    pub values: Values,
}

impl Condition {
    /// Builds a condition, parsing its values for the operator.
    ///
    /// # Errors
    ///
    /// The message for the first value that does not fit the operator.
    pub fn new(operator: Operator, key: &str, raw: &[&str]) -> Result<Self, String> {
        let raw: Vec<String> = raw.iter().map(|s| (*s).to_owned()).collect();
        let values = Values::parse(operator, &raw).map_err(|(_, message)| message)?;
        Ok(Self {
            operator,
            key: key.to_owned(),
            raw,
            values,
        })
    }
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Allow or Deny.
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub actions: Patterns,
    /// `Resource` or `NotResource` ([`Patterns::attached_resource`] in a trust policy).
    pub resources: Patterns,
    /// The conditions, sorted by operator then key; all must hold.
    pub conditions: Vec<Condition>,
    /// The `Principal` element, in trust and resource-based policies only.
    pub principals: Option<Principals>,
}

/// A RAM policy document (`Version` `"1"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The statements, in order.
    pub statements: Vec<Statement>,
}

/// What kind of problem a [`PolicyError`] is, so that tools can classify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ErrorKind {
    /// Malformed JSON.
    Json,
    /// A missing, unknown, repeated or mistyped element.
    #[default]
    Structure,
    /// A condition operator that does not exist.
    UnknownOperator,
    /// A condition value that does not fit its operator.
    ValueMismatch,
    /// An empty list where values are required.
    EmptyList,
}

/// A problem in a policy document, at a JSON pointer and a line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message} (line {}, column {})", pointer_prefix(.pointer), .position.line, .position.column)]
pub struct PolicyError {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// Where in the document (`/Statement/1/Effect`); empty for the document itself.
    pub pointer: String,
    /// Line and column in the text.
    pub position: Position,
    /// What is wrong.
    pub message: String,
}

/// `pointer: `, or nothing for the document itself.
fn pointer_prefix(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!("{pointer}: ")
    }
}

/// Every problem of a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PolicyErrors(pub Vec<PolicyError>);

/// Collects errors with positions while walking a document.
pub struct Reader<'t> {
    text: &'t str,
    errors: Vec<PolicyError>,
    /// The kind of document being read, which decides `Principal` and `Resource`.
    pub kind: DocumentKind,
}

impl<'t> Reader<'t> {
    /// A reader of values parsed from `text`.
    #[must_use]
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            errors: Vec::new(),
            kind: DocumentKind::Identity,
        }
    }

    /// Records a structural error at a byte offset.
    pub fn error(&mut self, pointer: &str, offset: usize, message: impl Into<String>) {
        self.error_of(ErrorKind::Structure, pointer, offset, message);
    }

    /// Records an error of a kind at a byte offset.
    pub fn error_of(
        &mut self,
        kind: ErrorKind,
        pointer: &str,
        offset: usize,
        message: impl Into<String>,
    ) {
        self.errors.push(PolicyError {
            kind,
            pointer: pointer.to_owned(),
            position: Position::of(self.text, offset),
            message: message.into(),
        });
    }

    /// Whether any error was recorded.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The errors so far.
    #[must_use]
    pub fn into_errors(self) -> Vec<PolicyError> {
        self.errors
    }

    /// The members of an object, each key once: unknown keys (not in `known`) and repeated keys
    /// are errors. Returns `None` (after an error) when the value is not an object.
    pub fn object<'j>(
        &mut self,
        json: &'j Json,
        pointer: &str,
        known: &[&str],
    ) -> Option<BTreeMap<&'j str, &'j Member>> {
        let Some(members) = json.members() else {
            self.error(
                pointer,
                json.offset,
                format!("expected an object, found {}", json.describe()),
            );
            return None;
        };
        let mut out = BTreeMap::new();
        for member in members {
            let at = format!("{pointer}/{}", pointer_escape(&member.key));
            if !known.is_empty() && !known.contains(&member.key.as_str()) {
                let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                self.error(
                    &at,
                    member.key_offset,
                    format!(
                        "unknown key `{}` (expected {})",
                        member.key,
                        expected.join(", ")
                    ),
                );
            } else if out.contains_key(member.key.as_str()) {
                // The first occurrence stays; every repeat is an error.
                self.error(
                    &at,
                    member.key_offset,
                    format!("duplicate key `{}`", member.key),
                );
            } else {
                out.insert(member.key.as_str(), member);
            }
        }
        Some(out)
    }

    /// A string, or a non-empty array of non-empty strings; numbers and booleans are taken as
    /// written when `scalars` is set (condition values).
    pub fn strings(&mut self, json: &Json, pointer: &str, scalars: bool) -> Option<Vec<String>> {
        let scalar = |value: &Json| match &value.kind {
            Kind::String(s) => Some(s.clone()),
            Kind::Number(n) if scalars => Some(n.clone()),
            Kind::Bool(b) if scalars => Some(b.to_string()),
            _ => None,
        };
        let expected = if scalars {
            "a string, number or boolean, or an array of them"
        } else {
            "a string or an array of strings"
        };
        match &json.kind {
            Kind::Array(items) => {
                if items.is_empty() {
                    self.error_of(
                        ErrorKind::EmptyList,
                        pointer,
                        json.offset,
                        "the list is empty",
                    );
                    return None;
                }
                let mut out = Vec::new();
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match scalar(item) {
                        // An empty condition value is the vendor's own (`"oss:Prefix": ["",
                        // "dir/"]` grants the bucket's root); an empty pattern is not.
                        Some(s) if scalars || !s.is_empty() => out.push(s),
                        Some(_) => {
                            ok = false;
                            self.error(
                                &format!("{pointer}/{i}"),
                                item.offset,
                                "the value is empty",
                            );
                        }
                        None => {
                            ok = false;
                            self.error(
                                &format!("{pointer}/{i}"),
                                item.offset,
                                format!("expected {expected}, found {}", item.describe()),
                            );
                        }
                    }
                }
                ok.then_some(out)
            }
            _ => match scalar(json) {
                Some(s) if scalars || !s.is_empty() => Some(vec![s]),
                Some(_) => {
                    self.error(pointer, json.offset, "the value is empty");
                    None
                }
                None => {
                    self.error(
                        pointer,
                        json.offset,
                        format!("expected {expected}, found {}", json.describe()),
                    );
                    None
                }
            },
        }
    }
}

const DOCUMENT_KEYS: &[&str] = &["Version", "Statement"];
/// The keys of a statement of an identity, control or session policy.
const STATEMENT_KEYS: &[&str] = &[
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
/// The keys of a statement of a trust or resource-based policy.
const PRINCIPAL_STATEMENT_KEYS: &[&str] = &[
    "Effect",
    "Principal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

impl Policy {
    /// Parses a policy document strictly: every error names its JSON pointer, line and
    /// column, and all errors of the document are reported at once where parsing can go on.
    ///
    /// ```
    /// use ram_policy::Policy;
    /// let err = Policy::parse(r#"{"Version": "1", "Statement": [{"Effect": "allow", "Action": "cr:*", "Resource": "*"}]}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "/Statement/0/Effect: expected `Allow` or `Deny`, found `allow` (line 1, column 43)");
    /// ```
    ///
    /// # Errors
    ///
    /// Every problem found.
    pub fn parse(text: &str) -> Result<Self, PolicyErrors> {
        Self::parse_as(text, DocumentKind::Identity)
    }

    /// Parses a document of a kind: trust and resource-based policies must name a
    /// `Principal` and the others must not; a trust policy has no `Resource`.
    ///
    /// ```
    /// use ram_policy::{DocumentKind, Policy};
    /// let trust = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
    ///     "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}"#;
    /// assert!(Policy::parse_as(trust, DocumentKind::Trust).is_ok());
    /// let err = Policy::parse(trust).unwrap_err();
    /// assert!(err.to_string().contains("`Principal` belongs in trust and resource-based policies"), "{err}");
    /// ```
    ///
    /// # Errors
    ///
    /// Every problem found.
    pub fn parse_as(text: &str, kind: DocumentKind) -> Result<Self, PolicyErrors> {
        let json = json::parse(text).map_err(|e| {
            PolicyErrors(vec![PolicyError {
                kind: ErrorKind::Json,
                pointer: String::new(),
                position: e.position,
                message: format!("invalid json: {}", e.message),
            }])
        })?;
        let mut reader = Reader::new(text);
        reader.kind = kind;
        let policy = Self::read(&json, "", &mut reader);
        match policy {
            Some(policy) if reader.errors.is_empty() => Ok(policy),
            _ => Err(PolicyErrors(reader.into_errors())),
        }
    }

    /// Reads a document from a parsed value at `pointer` (so a document embedded in another
    /// file reports pointers into that file). Errors go to `reader`.
    pub fn read(json: &Json, pointer: &str, reader: &mut Reader<'_>) -> Option<Self> {
        let members = reader.object(json, pointer, DOCUMENT_KEYS)?;
        let mut ok = true;
        match members.get("Version") {
            Some(m) if m.value.as_str() == Some("1") => {}
            Some(m) => {
                ok = false;
                reader.error(
                    &format!("{pointer}/Version"),
                    m.value.offset,
                    format!("expected `\"1\"`, found {}", m.value.describe()),
                );
            }
            None => {
                ok = false;
                reader.error(pointer, json.offset, "missing `Version`");
            }
        }
        let mut statements = Vec::new();
        match members.get("Statement") {
            Some(m) => match &m.value.kind {
                Kind::Array(items) if !items.is_empty() => {
                    for (i, item) in items.iter().enumerate() {
                        match Statement::read(item, &format!("{pointer}/Statement/{i}"), reader) {
                            Some(statement) => statements.push(statement),
                            None => ok = false,
                        }
                    }
                }
                Kind::Array(_) => {
                    ok = false;
                    reader.error(
                        &format!("{pointer}/Statement"),
                        m.value.offset,
                        "expected at least one statement",
                    );
                }
                _ => {
                    ok = false;
                    reader.error(
                        &format!("{pointer}/Statement"),
                        m.value.offset,
                        format!(
                            "expected an array of statements, found {}",
                            m.value.describe()
                        ),
                    );
                }
            },
            None => {
                ok = false;
                reader.error(pointer, json.offset, "missing `Statement`");
            }
        }
        ok.then_some(Self { statements })
    }

    /// The canonical JSON value: every list an array, keys sorted, condition values strings.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "Version": "1",
            "Statement": self.statements.iter().map(Statement::to_json).collect::<Vec<_>>(),
        })
    }

    /// The canonical text: [`Policy::to_json`] pretty-printed with a trailing newline. It
    /// parses back equal.
    #[must_use]
    pub fn to_canonical_string(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_json()).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Statement {
    fn read(json: &Json, pointer: &str, reader: &mut Reader<'_>) -> Option<Self> {
        // A `Principal` where it does not belong gets its own error (from `principals`), not
        // the generic one for an unknown key.
        let has_principal = json
            .members()
            .is_some_and(|members| members.iter().any(|m| m.key == "Principal"));
        let keys = if reader.kind.has_principals() || has_principal {
            PRINCIPAL_STATEMENT_KEYS
        } else {
            STATEMENT_KEYS
        };
        let members = reader.object(json, pointer, keys)?;
        let before = reader.errors.len();
        let effect = match members.get("Effect") {
            Some(m) => match m.value.as_str() {
                Some("Allow") => Some(Effect::Allow),
                Some("Deny") => Some(Effect::Deny),
                _ => {
                    reader.error(
                        &format!("{pointer}/Effect"),
                        m.value.offset,
                        format!("expected `Allow` or `Deny`, found {}", m.value.describe()),
                    );
                    None
                }
            },
            None => {
                reader.error(pointer, json.offset, "missing `Effect`");
                None
            }
        };
        let actions = Self::patterns(
            &members,
            pointer,
            json.offset,
            ("Action", "NotAction"),
            reader,
        );
        let resources = if reader.kind == DocumentKind::Trust
            && !members.contains_key("Resource")
            && !members.contains_key("NotResource")
        {
            Some(Patterns::attached_resource())
        } else {
            Self::patterns(
                &members,
                pointer,
                json.offset,
                ("Resource", "NotResource"),
                reader,
            )
        };
        let principals = Self::principals(&members, pointer, json.offset, reader);
        let conditions = match members.get("Condition") {
            Some(m) => Self::conditions(&m.value, &format!("{pointer}/Condition"), reader),
            None => Some(Vec::new()),
        };
        if reader.errors.len() > before {
            return None;
        }
        Some(Self {
            effect: effect?,
            actions: actions?,
            resources: resources?,
            conditions: conditions?,
            principals: principals?,
        })
    }

    /// The `Principal` element: required in trust and resource-based policies, refused in the
    /// others; `"*"`, or an object of `RAM`, `Service` and `Federated`, each a string or an
    /// array of strings.
    fn principals(
        members: &BTreeMap<&str, &Member>,
        pointer: &str,
        offset: usize,
        reader: &mut Reader<'_>,
    ) -> Option<Option<Principals>> {
        let kind = reader.kind;
        let at = format!("{pointer}/Principal");
        let Some(member) = members.get("Principal") else {
            if kind.has_principals() {
                reader.error(
                    pointer,
                    offset,
                    format!(
                        "missing `Principal` ({} names who it applies to)",
                        kind.noun()
                    ),
                );
                return None;
            }
            return Some(None);
        };
        if !kind.has_principals() {
            reader.error(
                &at,
                member.key_offset,
                format!(
                    "`Principal` belongs in trust and resource-based policies, not in {}",
                    kind.noun()
                ),
            );
            return None;
        }
        if member.value.as_str() == Some("*") {
            return Some(Some(Principals::Any));
        }
        let forms = reader.object(&member.value, &at, &["RAM", "Service", "Federated"])?;
        if forms.is_empty() {
            // Unknown forms were reported by `object`; an empty object is its own error.
            if member.value.members().is_some_and(<[Member]>::is_empty) {
                reader.error(&at, member.value.offset, "the principal names no one");
            }
            return None;
        }
        let mut listed = Vec::new();
        let mut ok = true;
        for (key, value) in &forms {
            let Some(form) = PrincipalKind::from_key(key) else {
                continue;
            };
            match reader.strings(
                &value.value,
                &format!("{at}/{}", pointer_escape(key)),
                false,
            ) {
                Some(values) => listed.push((form, values)),
                None => ok = false,
            }
        }
        listed.sort_by_key(|(form, _)| *form);
        ok.then_some(Some(Principals::Listed(listed)))
    }

    fn patterns(
        members: &BTreeMap<&str, &Member>,
        pointer: &str,
        offset: usize,
        (positive, negative): (&str, &str),
        reader: &mut Reader<'_>,
    ) -> Option<Patterns> {
        match (members.get(positive), members.get(negative)) {
            (Some(_), Some(n)) => {
                reader.error(
                    &format!("{pointer}/{negative}"),
                    n.key_offset,
                    format!("`{positive}` and `{negative}` cannot both be given"),
                );
                None
            }
            (Some(m), None) => reader
                .strings(&m.value, &format!("{pointer}/{positive}"), false)
                .map(|patterns| Patterns {
                    negated: false,
                    patterns,
                }),
            (None, Some(m)) => reader
                .strings(&m.value, &format!("{pointer}/{negative}"), false)
                .map(|patterns| Patterns {
                    negated: true,
                    patterns,
                }),
            (None, None) => {
                reader.error(
                    pointer,
                    offset,
                    format!("missing `{positive}` or `{negative}`"),
                );
                None
            }
        }
    }

    fn conditions(json: &Json, pointer: &str, reader: &mut Reader<'_>) -> Option<Vec<Condition>> {
        let operators = reader.object(json, pointer, &[])?;
        let mut out = Vec::new();
        let mut ok = true;
        for (name, member) in &operators {
            let at = format!("{pointer}/{}", pointer_escape(name));
            let Ok(operator) = name.parse::<Operator>() else {
                let error = name
                    .parse::<Operator>()
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                reader.error_of(ErrorKind::UnknownOperator, &at, member.key_offset, error);
                ok = false;
                continue;
            };
            let Some(keys) = reader.object(&member.value, &at, &[]) else {
                ok = false;
                continue;
            };
            if keys.is_empty() {
                reader.error(&at, member.value.offset, "the operator has no keys");
                ok = false;
            }
            let mut seen_keys: BTreeMap<String, &str> = BTreeMap::new();
            for (key, value) in &keys {
                let key_at = format!("{at}/{}", pointer_escape(key));
                if let Some(first) = seen_keys.insert(key.to_lowercase(), key) {
                    reader.error(
                        &key_at,
                        value.key_offset,
                        format!(
                            "key `{key}` repeats `{first}` (condition keys are case-insensitive)"
                        ),
                    );
                    ok = false;
                    continue;
                }
                let Some(raw) = reader.strings(&value.value, &key_at, true) else {
                    ok = false;
                    continue;
                };
                match Values::parse(operator, &raw) {
                    Ok(values) => out.push(Condition {
                        operator,
                        key: (*key).to_owned(),
                        raw,
                        values,
                    }),
                    Err((i, message)) => {
                        let offset = match &value.value.kind {
                            Kind::Array(items) => {
                                items.get(i).map_or(value.value.offset, |item| item.offset)
                            }
                            _ => value.value.offset,
                        };
                        let value_at = if matches!(value.value.kind, Kind::Array(_)) {
                            format!("{key_at}/{i}")
                        } else {
                            key_at
                        };
                        reader.error_of(ErrorKind::ValueMismatch, &value_at, offset, message);
                        ok = false;
                    }
                }
            }
        }
        out.sort_by(|a, b| (a.operator, &a.key).cmp(&(b.operator, &b.key)));
        ok.then_some(out)
    }

    fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        map.insert("Effect".into(), self.effect.as_str().into());
        let (action_key, resource_key) = (
            if self.actions.negated {
                "NotAction"
            } else {
                "Action"
            },
            if self.resources.negated {
                "NotResource"
            } else {
                "Resource"
            },
        );
        map.insert(action_key.into(), self.actions.patterns.clone().into());
        if !self.resources.is_attached_resource() {
            map.insert(resource_key.into(), self.resources.patterns.clone().into());
        }
        if let Some(principals) = &self.principals {
            map.insert("Principal".into(), principals.to_json());
        }
        if !self.conditions.is_empty() {
            let mut operators = serde_json::Map::new();
            for condition in &self.conditions {
                let entry = operators
                    .entry(condition.operator.as_str())
                    .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
                if let serde_json::Value::Object(keys) = entry {
                    keys.insert(condition.key.clone(), condition.raw.clone().into());
                }
            }
            map.insert("Condition".into(), operators.into());
        }
        serde_json::Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        Policy::parse(text)
            .unwrap_err()
            .0
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_error_of_a_document_is_reported_with_its_place() {
        let text = r#"{
  "Version": "2",
  "Statement": [
    {"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Sid": "x"},
    {"Effect": "allow", "Action": [], "NotAction": "cr:Get*", "Resource": ["*", 3]},
    {"Effect": "Deny", "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIp": "ten"}, "StringEqual": {"a": "b"}}}
  ]
}"#;
        assert_eq!(
            messages(text),
            [
                "/Version: expected `\"1\"`, found `2` (line 2, column 14)",
                "/Statement/0/Sid: unknown key `Sid` (expected `Effect`, `Action`, `NotAction`, `Resource`, `NotResource`, `Condition`) (line 4, column 60)",
                "/Statement/1/Effect: expected `Allow` or `Deny`, found `allow` (line 5, column 16)",
                "/Statement/1/NotAction: `Action` and `NotAction` cannot both be given (line 5, column 39)",
                "/Statement/1/Resource/1: expected a string or an array of strings, found the number `3` (line 5, column 81)",
                "/Statement/2: missing `Action` or `NotAction` (line 6, column 5)",
                "/Statement/2/Condition/IpAddress/acs:SourceIp: `ten` is not an IPv4 or IPv6 address or CIDR, as `IpAddress` needs (line 6, column 85)",
                "/Statement/2/Condition/StringEqual: unknown condition operator `StringEqual`; did you mean one of `StringEquals`, `StringEqualsIgnoreCase`, `StringNotEquals`? (line 6, column 93)",
            ]
        );
    }

    #[test]
    fn duplicate_keys_and_structural_errors() {
        assert_eq!(
            messages(r#"{"Version": "1", "Version": "1", "Statement": {}}"#),
            [
                "/Version: duplicate key `Version` (line 1, column 18)",
                "/Statement: expected an array of statements, found an object (line 1, column 47)",
            ]
        );
        assert_eq!(
            messages(r#"{"Version": "1", "Statement": []}"#),
            ["/Statement: expected at least one statement (line 1, column 31)"]
        );
        assert_eq!(messages("[1"), [messages("[1")[0].clone()]);
        assert!(
            messages("[1")[0].starts_with("invalid json: "),
            "{:?}",
            messages("[1")
        );
    }

    #[test]
    fn canonical_json_parses_back_equal() {
        let text = r#"{"Statement": [{"Condition": {"StringLike": {"b": ["x*"]}, "Bool": {"acs:SecureTransport": true}},
            "Resource": "acs:cr:*:*:repository/*", "NotAction": ["cr:Delete*"], "Effect": "Allow"}], "Version": "1"}"#;
        let policy = Policy::parse(text).unwrap();
        assert_eq!(
            policy.statements[0].conditions[0].operator,
            Operator::StringLike
        );
        assert_eq!(policy.statements[0].conditions[1].raw, ["true"]);
        let canonical = policy.to_canonical_string();
        assert_eq!(Policy::parse(&canonical).unwrap(), policy);
        assert_eq!(
            Policy::parse(&canonical).unwrap().to_canonical_string(),
            canonical
        );
        assert!(
            canonical.contains("\"NotAction\": [\n        \"cr:Delete*\"\n      ]"),
            "{canonical}"
        );
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;
    use crate::principal::Principal;

    fn errors(text: &str, kind: DocumentKind) -> Vec<String> {
        Policy::parse_as(text, kind)
            .err()
            .map(|e| e.0.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }

    const TRUST: &str = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"RAM": "acs:ram::1:root", "Service": ["ecs.aliyuncs.com"]}}]}"#;

    #[test]
    fn a_trust_policy_names_principals_and_no_resource() {
        let policy = Policy::parse_as(TRUST, DocumentKind::Trust).unwrap_or_else(|e| panic!("{e}"));
        let statement = &policy.statements[0];
        assert!(statement.resources.is_attached_resource());
        let principals = statement
            .principals
            .as_ref()
            .unwrap_or_else(|| panic!("principals"));
        assert!(principals.names(Some(&Principal::service("ecs.aliyuncs.com")), Effect::Allow));
        // The canonical text has no `Resource` and parses back equal.
        let canonical = policy.to_canonical_string();
        assert!(!canonical.contains("Resource"), "{canonical}");
        assert_eq!(
            Policy::parse_as(&canonical, DocumentKind::Trust).ok(),
            Some(policy)
        );
    }

    #[test]
    fn principal_rules_follow_the_kind() {
        assert_eq!(
            errors(TRUST, DocumentKind::Identity),
            [
                "/Statement/0: missing `Resource` or `NotResource` (line 1, column 32)",
                "/Statement/0/Principal: `Principal` belongs in trust and resource-based policies, not in an identity policy (line 2, column 9)"
            ]
        );
        // A resource-based policy names principals and resources.
        assert_eq!(
            errors(TRUST, DocumentKind::Resource),
            ["/Statement/0: missing `Resource` or `NotResource` (line 1, column 32)"]
        );
        let bucket = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:b/*"}]}"#;
        assert_eq!(
            errors(bucket, DocumentKind::Resource),
            [
                "/Statement/0: missing `Principal` (a resource-based policy names who it applies to) (line 1, column 32)"
            ]
        );
        let bad = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*",
            "Principal": {"Ram": ["x"]}}]}"#;
        assert_eq!(errors(bad, DocumentKind::Resource).len(), 1);
        let star = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "*", "Principal": "*"}]}"#;
        assert_eq!(errors(star, DocumentKind::Resource), Vec::<String>::new());
    }

    #[test]
    fn the_vendors_own_inputs_load() {
        let oss = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:ListObjects", "Resource": "*",
            "Condition": {"StringLike": {"oss:Prefix": ["", "hangzhou/"]}}}]}"#;
        let policy = Policy::parse(oss).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(policy.statements[0].conditions[0].raw, ["", "hangzhou/"]);
        let empty = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "vpc:*", "Resource": "*", "Condition": {}}]}"#;
        assert!(Policy::parse(empty).is_ok());
        // An empty pattern is still not a pattern.
        let blank = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "", "Resource": "*"}]}"#;
        assert!(Policy::parse(blank).is_err());
    }
}
