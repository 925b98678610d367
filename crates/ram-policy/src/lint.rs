//! Linting RAM policies against service catalogs: rules with stable IDs, severities in the
//! vendor console's classes, a JSON pointer and line/column for each finding, and a fix hint.
//!
//! A document is linted as a [`DocumentKind`] ([`lint_as`]; [`lint`] is an identity policy):
//! the kind decides `Principal` and `Resource`, the size limit ([`size_limit`]) and the trust
//! rules. The rules added with the kinds (principals, `acs:SourceIp`) decide on the parser's
//! statements and use the JSON tree only to place their findings.

use std::fmt;
use std::hash::{BuildHasher, Hasher};

use ram_core::arn::pattern_can_match;
use ram_core::wildcard::{matches_action, matches_resource};
use ram_core::{ActionInfo, Catalog, suggest};

use crate::document::{DocumentKind, ErrorKind, Policy, Reader};
use crate::json::{self, Json, Kind, Position, pointer_escape};

mod conditions;
mod kinds;
mod security;

pub use conditions::{KeyType, key_type};
pub use security::{
    SecurityEntry, escalation_actions, role_attaching_actions, role_passing_actions,
    sensitive_actions,
};

/// The vendor console's classes of finding, from the most to the least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A suggestion.
    Suggestion,
    /// A warning.
    Warning,
    /// A security warning.
    SecurityWarning,
    /// An error.
    Error,
}

impl Severity {
    /// `error`, `security-warning`, `warning` or `suggestion`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::SecurityWarning => "security-warning",
            Self::Warning => "warning",
            Self::Suggestion => "suggestion",
        }
    }

    /// Parses `as_str`'s names.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Error,
            Self::SecurityWarning,
            Self::Warning,
            Self::Suggestion,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A lint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable ID (`RAM001`).
    pub id: &'static str,
    /// Stable name (`unknown-action`).
    pub name: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// One sentence.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($konst:ident = $id:literal, $name:literal, $severity:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub const $konst: Rule = Rule { id: $id, name: $name, severity: Severity::$severity, summary: $summary };
        )*
        /// Every rule, by ID.
        pub const RULES: &[Rule] = &[$($konst),*];
    };
}

rules! {
    INVALID_DOCUMENT = "RAM000", "invalid-document", Error, "The document is not a valid RAM policy.";
    UNKNOWN_ACTION = "RAM001", "unknown-action", Error, "An Action of a known service that the service does not have.";
    PATTERN_MATCHES_NOTHING = "RAM002", "pattern-matches-nothing", Error, "An Action pattern that matches no known Action.";
    UNKNOWN_SERVICE = "RAM003", "unknown-service", Error, "A service code that neither the catalog, the vendor's index of services nor its own policies know.";
    INVALID_ARN = "RAM004", "invalid-arn", Error, "A Resource that is neither `*` nor an ARN.";
    UNKNOWN_ARN_TEMPLATE = "RAM005", "unknown-arn-template", Error, "An ARN of a known service that fits none of its documented templates.";
    STATEMENT_WITHOUT_EFFECT = "RAM006", "statement-without-effect", Error, "None of the statement's Actions can apply to any of its Resources.";
    RESOURCE_NEVER_MATCHED = "RAM007", "resource-never-matched", Warning, "An Action listed with a Resource it can never be authorized against.";
    NO_RESOURCE_GROUP_SUPPORT = "RAM008", "no-resource-group-support", Warning, "An Action without resource-group-level authorization in a policy for a resource group.";
    ALLOW_EVERYTHING = "RAM009", "allow-everything", SecurityWarning, "Allow of `*` or `service:*` on `*` (or a star-equivalent ARN such as `acs:cr:*:*:*`).";
    ALLOW_NOT_ACTION = "RAM010", "allow-not-action", SecurityWarning, "Allow with `NotAction` grants everything not listed.";
    ALLOW_NOT_RESOURCE = "RAM011", "allow-not-resource", SecurityWarning, "Allow with `NotResource` grants on everything not listed.";
    WRITE_ON_ANY_RESOURCE = "RAM012", "write-on-any-resource", SecurityWarning, "Allow of write or permissions-management Actions on `*` (or a star-equivalent ARN).";
    UNKNOWN_CONDITION_OPERATOR = "RAM013", "unknown-condition-operator", Error, "A condition operator that does not exist.";
    CONDITION_VALUE_MISMATCH = "RAM014", "condition-value-mismatch", Error, "A condition value that does not fit its operator.";
    UNKNOWN_GLOBAL_CONDITION_KEY = "RAM015", "unknown-global-condition-key", Warning, "An `acs:` condition key that is not a known global key.";
    EMPTY_VALUE_LIST = "RAM016", "empty-value-list", Error, "An empty list of Actions, Resources or condition values.";
    POLICY_TOO_LARGE = "RAM017", "policy-too-large", Error, "The document exceeds the size limit of its kind (4096 characters for a custom policy, 1024 for a session policy).";
    POLICY_NEAR_SIZE_LIMIT = "RAM018", "policy-near-size-limit", Warning, "The document is within 10% of the size limit.";
    REDUNDANT_ENTRY = "RAM019", "redundant-entry", Suggestion, "An Action or Resource repeated or covered by another entry of the statement.";
    DUPLICATE_STATEMENT = "RAM020", "duplicate-statement", Suggestion, "A statement identical to an earlier one.";
    NO_RESOURCE_GROUP_RESOURCES = "RAM022", "no-resource-group-resources", Warning, "An Action that the statement authorizes only on resources whose type does not support resource groups, in a policy for a resource group.";
    RESOURCE_MATCHES_NO_ACTION = "RAM021", "resource-matches-no-action", Warning, "A Resource that none of the statement's Actions can be authorized against.";
    PRINCIPAL_NOT_ALLOWED = "RAM023", "principal-not-allowed", Error, "A `Principal` in an identity, control or session policy, which names no principals.";
    MISSING_PRINCIPAL = "RAM024", "missing-principal", Error, "A statement of a trust or resource-based policy without `Principal`.";
    TRUST_ANY_PRINCIPAL = "RAM025", "trust-any-principal", SecurityWarning, "A trust policy that lets anyone or any Alibaba Cloud account assume the role.";
    FEDERATED_WITHOUT_CONDITION = "RAM026", "federated-without-condition", SecurityWarning, "A trust policy that lets an identity provider's users assume the role with no condition.";
    UNQUOTED_VALUE = "RAM027", "unquoted-value", Warning, "A number or boolean written without the double quotation marks the grammar asks for.";
    SOURCE_IP_SINGLE_CIDR = "RAM028", "source-ip-single-cidr", Warning, "A single `acs:SourceIp` value written as a /32 (or /128) CIDR block instead of the address.";
    TEMPLATE_NOTICE = "RAM029", "template-notice", Warning, "Something in a template that is not evaluated, so a policy is linted with a stand-in.";
    INVALID_TEMPLATE = "RAM030", "invalid-template", Error, "A Terraform or ROS template that does not parse.";
    UNDOCUMENTED_ACTION = "RAM031", "undocumented-action", Warning, "An Action (or pattern) that no authorization table lists but the vendor's own policies use.";
    OSS_PRINCIPAL_LIST = "RAM034", "oss-principal-list", Warning, "A bucket policy whose `Principal` is a list of account IDs, OSS's own form, which this linter does not evaluate.";
    INVALID_ARN_ACCOUNT = "RAM035", "invalid-arn-account", Error, "An ARN whose account is not an account ID, `*` or a pattern of digits.";
    INVALID_ARN_REGION = "RAM036", "invalid-arn-region", Warning, "An ARN whose region is not a region code (`cn-hangzhou`), empty or a pattern.";
    CONDITION_KEY_WITHOUT_PREFIX = "RAM037", "condition-key-without-prefix", Error, "A condition key without its `service:` prefix (`SourceIp`), which no request carries.";
    WILDCARD_IN_STRING_EQUALS = "RAM038", "wildcard-in-string-equals", Warning, "A `*` or `?` in a value of `StringEquals`, which compares literally.";
    CIDR_HOST_BITS_SET = "RAM039", "cidr-host-bits-set", Warning, "An `IpAddress` CIDR block whose host bits are set (`10.0.0.1/8`), which is read as its network.";
    BOOL_BOTH_VALUES = "RAM040", "bool-both-values", Warning, "A `Bool` condition that lists both `true` and `false`, so it restricts nothing.";
    UNKNOWN_SERVICE_CONDITION_KEY = "RAM041", "unknown-service-condition-key", Warning, "A condition key of a service whose pages list its keys, and not among them.";
    SERVICE_NOT_DOCUMENTED = "RAM033", "service-not-documented", Warning, "An Action of a service that the vendor knows but whose Actions no page read here documents, so it is not checked.";
    UNDOCUMENTED_RESOURCE_TYPE = "RAM032", "undocumented-resource-type", Warning, "An ARN of a known service whose resource type no page of the service documents, and that is no near miss of one that is.";
    PRIVILEGE_ESCALATION = "RAM042", "privilege-escalation", SecurityWarning, "Allow of an Action that lets a principal raise its own rights (attach a policy, rewrite a policy or a trust policy, create an AccessKey pair or a password for another user, join a group) on every user, group, role or policy.";
    PASS_ROLE_WIDE = "RAM043", "pass-role-wide", SecurityWarning, "Allow of `ram:PassRole` on every role (`*`, `role/*`, or through `NotAction` or `NotResource`), most of all beside an Action that gives a resource a role.";
    SENSITIVE_ACTION_UNRESTRICTED = "RAM044", "sensitive-action-unrestricted", SecurityWarning, "Allow of a sensitive Action (data read, decryption, command execution) on `*` without a network, MFA or HTTPS condition.";
    OPERATOR_KEY_MISMATCH = "RAM045", "operator-key-mismatch", Warning, "A condition operator of another family than its key's type (`StringEquals` on `acs:SourceIp`, `Bool` on `acs:CurrentTime`).";
    CONTRADICTORY_CONDITION = "RAM046", "contradictory-condition", Error, "Conditions on one single-valued key that no request meets together (`acs:CurrentTime` after one date and before an earlier one), so the statement never applies.";
    EXPIRED_CONDITION = "RAM047", "expired-condition", Warning, "An `acs:CurrentTime` condition that only times before now meet, so the statement no longer applies (checked when a time is given: `--now`).";
    STATEMENT_SUBSUMED = "RAM048", "statement-subsumed", Suggestion, "A statement whose every request a broader statement of the same effect already covers.";
}

/// The size limit of a custom (identity) policy document, in characters (whitespace outside
/// strings not counted): "The number of characters that a custom policy can contain: 4096"
/// (RAM documentation, Product Introduction > Limits; older pages said 2048).
pub const SIZE_LIMIT: usize = 4096;

/// The size limit of a session policy: the `Policy` parameter of STS `AssumeRole` "must be 1 to
/// 1,024 characters in length" (STS API reference, AssumeRole).
pub const SESSION_SIZE_LIMIT: usize = 1024;

/// The size limit of a kind in characters, and the page it comes from. The vendor's pages state
/// the limits of custom (identity) policies and of session policies; they are silent for trust
/// and control policies, which are written in the same language and stored beside custom
/// policies, so those are held to the custom policy's limit. A resource-based policy (an OSS
/// bucket policy) is stored by its own service, whose limit no page here states: `None`, not
/// checked.
///
/// ```
/// use ram_policy::DocumentKind;
/// use ram_policy::lint::size_limit;
/// assert_eq!(size_limit(DocumentKind::Session).map(|(n, _)| n), Some(1024));
/// assert_eq!(size_limit(DocumentKind::Resource), None);
/// ```
#[must_use]
pub const fn size_limit(kind: DocumentKind) -> Option<(usize, &'static str)> {
    match kind {
        DocumentKind::Identity => Some((
            SIZE_LIMIT,
            "RAM documentation, Limits: a custom policy holds at most 4096 characters",
        )),
        DocumentKind::Control | DocumentKind::Trust => Some((
            SIZE_LIMIT,
            "the pages state no limit for this kind; the custom policy's 4096 characters (RAM documentation, Limits) are assumed",
        )),
        DocumentKind::Session => Some((
            SESSION_SIZE_LIMIT,
            "STS API reference, AssumeRole: the session policy holds 1 to 1,024 characters",
        )),
        DocumentKind::Resource => None,
    }
}

/// The global condition keys RAM documents; other `acs:` keys are reported.
pub const GLOBAL_CONDITION_KEYS: &[&str] = &[
    "acs:AccessId",
    "acs:CurrentTime",
    "acs:MFAPresent",
    "acs:PrincipalARN",
    "acs:PrincipalAccount",
    "acs:RequestTag/",
    "acs:ResourceTag/",
    "acs:SecureTransport",
    "acs:SourceIp",
    "acs:SourceVpc",
    "acs:TagKeys",
];

/// Where a policy is meant to be attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LintScope {
    /// At account level.
    #[default]
    Account,
    /// At a resource group.
    ResourceGroup,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// What is wrong, naming the user's input in backticks.
    pub message: String,
    /// The JSON pointer of the offending value.
    pub pointer: String,
    /// Its line and column.
    pub position: Position,
    /// The offending text's length in characters (for carets), at least 1.
    pub length: usize,
    /// How to fix it.
    pub hint: Option<String>,
}

/// What a lint run is told beyond the document and its kind: where the policy is attached,
/// which Actions count as sensitive, and what time it is.
///
/// ```
/// use ram_policy::lint::LintOptions;
/// let options = LintOptions::default();
/// assert!(options.now.is_none());
/// assert!(options.sensitive_actions.iter().any(|a| a == "kms:Decrypt"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintOptions {
    /// Where the policy is attached.
    pub scope: LintScope,
    /// The Actions (or Action patterns) that RAM044 looks for; by default
    /// [`sensitive_actions`]' list.
    pub sensitive_actions: Vec<String>,
    /// The time against which a date condition is expired (RAM047); `None` checks no expiry,
    /// which keeps a run's findings independent of when it runs.
    pub now: Option<jiff::Timestamp>,
}

impl Default for LintOptions {
    fn default() -> Self {
        Self {
            scope: LintScope::Account,
            sensitive_actions: sensitive_actions()
                .iter()
                .map(|entry| entry.action.clone())
                .collect(),
            now: None,
        }
    }
}

impl LintOptions {
    /// The default options at a scope.
    #[must_use]
    pub fn at(scope: LintScope) -> Self {
        Self {
            scope,
            ..Self::default()
        }
    }
}

struct Linter<'a> {
    text: &'a str,
    catalogs: &'a [&'a dyn Catalog],
    scope: LintScope,
    options: &'a LintOptions,
    kind: DocumentKind,
    findings: Vec<Finding>,
}

/// A string of the document with its place.
struct Located<'j> {
    value: &'j str,
    pointer: String,
    offset: usize,
}

impl<'a> Linter<'a> {
    fn push(&mut self, rule: Rule, at: &Located<'_>, message: String, hint: Option<String>) {
        self.findings.push(Finding {
            rule,
            message,
            pointer: at.pointer.clone(),
            position: Position::of(self.text, at.offset),
            length: token_length(self.text, at.offset),
            hint,
        });
    }

    // The catalog's lifetime, not `self`'s: the Actions it knows are kept while findings are
    // pushed.
    fn catalog(&self, service: &str) -> Option<&'a dyn Catalog> {
        self.catalogs.iter().copied().find(|c| c.covers(service))
    }

    /// An Action of a service no catalog covers: a warning when the vendor knows the service
    /// (its index of services, its own policies) or when no catalog carries that knowledge, so
    /// the code cannot be judged; an error with the closest codes when it knows all codes and
    /// not this one.
    fn unknown_service(&mut self, action: &Located<'_>, service: &str, value: &str) {
        if let Some(evidence) = self
            .catalogs
            .iter()
            .find_map(|c| c.service_evidence(service))
        {
            self.push(
                SERVICE_NOT_DOCUMENTED,
                action,
                format!("`{service}` is a known service ({evidence}), but no page read here documents its Actions, so `{value}` is not checked"),
                None,
            );
            return;
        }
        let codes: Vec<&str> = self
            .catalogs
            .iter()
            .flat_map(|c| c.known_service_codes())
            .collect();
        if codes.is_empty() {
            self.push(
                SERVICE_NOT_DOCUMENTED,
                action,
                format!("the catalog does not cover the service `{service}`, so `{value}` is not checked"),
                None,
            );
            return;
        }
        // A pattern over services (`*:Describe*`, `yundun*:*`) is fine when it matches a code.
        if service.contains(['*', '?']) && codes.iter().any(|code| matches_action(service, code)) {
            return;
        }
        let lower = service.to_ascii_lowercase();
        let hint = suggest(&lower, codes.iter().copied())
            .first()
            .map(|best| format!("did you mean `{best}`?"));
        self.push(
            UNKNOWN_SERVICE,
            action,
            format!("unknown service `{service}`: neither the catalog, the vendor's index of services nor its own policies know it"),
            hint,
        );
    }

    /// The known Actions an Action entry stands for (`None` when its service is unknown).
    fn expand(&self, action: &str) -> Option<Vec<ActionInfo<'a>>> {
        if action == "*" {
            return Some(
                self.catalogs
                    .iter()
                    .flat_map(|c| c.actions().into_iter().filter_map(|a| c.action_info(a)))
                    .collect(),
            );
        }
        let (service, _) = action.split_once(':')?;
        let catalog = self.catalog(service)?;
        Some(
            catalog
                .actions()
                .into_iter()
                .filter(|known| matches_action(action, known))
                .filter_map(|known| catalog.action_info(known))
                .collect(),
        )
    }
}

/// Whether an Action can be authorized against a Resource entry. An Action whose resources
/// no page documents (one only the resource-group page names) may apply to anything.
fn applies(action: &ActionInfo, resource: &str) -> bool {
    (action.templates.is_empty() && !action.any_resource)
        || (action.any_resource && matches_resource(resource, "*"))
        || action
            .templates
            .iter()
            .any(|template| pattern_can_match(resource, template))
}

fn strings<'j>(json: &'j Json, pointer: &str) -> Vec<Located<'j>> {
    match &json.kind {
        Kind::String(s) => vec![Located {
            value: s,
            pointer: pointer.to_owned(),
            offset: json.offset,
        }],
        Kind::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                item.as_str().map(|s| Located {
                    value: s,
                    pointer: format!("{pointer}/{i}"),
                    offset: item.offset,
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn member<'j>(json: &'j Json, key: &str) -> Option<&'j json::Member> {
    json.members()?.iter().find(|m| m.key == key)
}

/// Lints a policy document against service catalogs.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_policy::lint::{LintScope, lint};
/// let findings = lint(
///     r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:PullRepo", "Resource": "*"}]}"#,
///     &[&cr::Service],
///     LintScope::Account,
/// );
/// assert_eq!(findings[0].rule.id, "RAM001");
/// assert_eq!(findings[0].hint.as_deref(), Some("did you mean `cr:PullRepository`?"));
/// ```
#[must_use]
pub fn lint(text: &str, catalogs: &[&dyn Catalog], scope: LintScope) -> Vec<Finding> {
    lint_as(text, catalogs, scope, DocumentKind::Identity)
}

/// Lints a policy document of a kind: its statements are read as that kind's (`Principal`
/// required in trust and resource-based policies and refused elsewhere, no `Resource` in a
/// trust policy), its size is held to the kind's limit ([`size_limit`]), and a trust policy's
/// principals are checked.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_policy::DocumentKind;
/// use ram_policy::lint::{LintScope, lint_as};
/// let trust = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "acs:ram::*:root"}}]}"#;
/// let findings = lint_as(trust, &[&cr::Service], LintScope::Account, DocumentKind::Trust);
/// let ids: Vec<&str> = findings.iter().map(|f| f.rule.id).collect();
/// assert_eq!(ids, ["RAM025"]);
/// assert_eq!(findings[0].pointer, "/Statement/0/Principal/RAM");
/// ```
#[must_use]
pub fn lint_as(
    text: &str,
    catalogs: &[&dyn Catalog],
    scope: LintScope,
    kind: DocumentKind,
) -> Vec<Finding> {
    lint_with(text, catalogs, kind, &LintOptions::at(scope))
}

/// Lints a policy document of a kind with options ([`LintOptions`]): [`lint_as`] with a list
/// of sensitive Actions of one's own, or a time against which date conditions expire.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_policy::DocumentKind;
/// use ram_policy::lint::{LintOptions, lint_with};
/// let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "*",
///   "Condition": {"DateLessThan": {"acs:CurrentTime": "2020-01-01T00:00:00Z"}}}]}"#;
/// let options = LintOptions { now: "2026-12-02T00:00:00Z".parse().ok(), ..LintOptions::default() };
/// let findings = lint_with(text, &[&cr::Service], DocumentKind::Identity, &options);
/// let ids: Vec<&str> = findings.iter().map(|f| f.rule.id).collect();
/// // Pulling every image from anywhere is sensitive; the window closed in 2020.
/// assert_eq!(ids, ["RAM044", "RAM047"]);
/// ```
#[must_use]
pub fn lint_with(
    text: &str,
    catalogs: &[&dyn Catalog],
    kind: DocumentKind,
    options: &LintOptions,
) -> Vec<Finding> {
    let mut linter = Linter {
        text,
        catalogs,
        scope: options.scope,
        options,
        kind,
        findings: Vec::new(),
    };
    let document = match json::parse(text) {
        Ok(document) => document,
        Err(e) => {
            linter.findings.push(Finding {
                rule: INVALID_DOCUMENT,
                message: format!("invalid json: {}", e.message),
                pointer: String::new(),
                position: e.position,
                length: 1,
                hint: Some("fix the JSON syntax first".to_owned()),
            });
            return linter.findings;
        }
    };
    let mut reader = Reader::new(text);
    reader.kind = kind;
    let parsed = Policy::read(&document, "", &mut reader);
    let errors = reader.into_errors();
    let parsed = parsed.filter(|_| errors.is_empty());
    for error in errors {
        let rule = match error.kind {
            ErrorKind::UnknownOperator => UNKNOWN_CONDITION_OPERATOR,
            ErrorKind::ValueMismatch => CONDITION_VALUE_MISMATCH,
            ErrorKind::EmptyList => EMPTY_VALUE_LIST,
            ErrorKind::Structure => principal_rule(&error)
                .or_else(|| oss_principal_list(&document, kind, &error))
                .unwrap_or(INVALID_DOCUMENT),
            ErrorKind::Json => INVALID_DOCUMENT,
        };
        let hint = match rule.id {
            "RAM014" => Some("write a value of the kind the operator compares".to_owned()),
            "RAM016" => Some("list at least one value, or remove the element".to_owned()),
            "RAM023" => Some(format!(
                "remove it, or lint the document as the kind it is (`--kind trust` or `--kind resource`); {} names no principals",
                kind.noun()
            )),
            "RAM024" => Some(
                "name who the statement applies to: `\"Principal\": {\"RAM\": [\"acs:ram::ACCOUNT_ID:root\"]}`, or a `Service` or `Federated` principal"
                    .to_owned(),
            ),
            _ => None,
        };
        let length = offset_of(text, error.position).map_or(1, |offset| token_length(text, offset));
        linter.findings.push(Finding {
            rule,
            message: error.message,
            pointer: error.pointer,
            position: error.position,
            length,
            hint,
        });
    }
    let statements = member(&document, "Statement").and_then(|m| match &m.value.kind {
        Kind::Array(items) => Some(items.as_slice()),
        _ => None,
    });
    // Statements by the hash of their canonical text (object keys sorted), so that finding a
    // repeat is one lookup, not a comparison with every earlier statement. Only the hash is
    // kept, not the text (a copy of the whole document); a statement whose hash is taken is
    // compared with the earlier ones of that hash by their texts, so a collision is no repeat.
    let hashes = std::hash::RandomState::new();
    let mut seen: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    let statements = statements.unwrap_or_default();
    for (index, statement) in statements.iter().enumerate() {
        let pointer = format!("/Statement/{index}");
        let mut hasher = HashSink(hashes.build_hasher());
        canonical(statement, &mut hasher);
        let earlier = seen.entry(hasher.0.finish()).or_default();
        let repeated = if earlier.is_empty() {
            None
        } else {
            let text = canonical_text(statement);
            earlier.iter().copied().find(|&e| {
                statements
                    .get(e)
                    .is_some_and(|other| canonical_text(other) == text)
            })
        };
        if let Some(first) = repeated {
            let at = Located {
                value: "{",
                pointer: pointer.clone(),
                offset: statement.offset,
            };
            linter.push(
                DUPLICATE_STATEMENT,
                &at,
                format!("statement {index} repeats statement {first}"),
                Some("remove it".to_owned()),
            );
        } else {
            earlier.push(index);
        }
        linter.statement(statement, &pointer);
    }
    if let Some(policy) = &parsed {
        linter.parsed(policy, &document);
    }
    linter.unquoted(&document);
    linter.size(&document);
    linter
        .findings
        .sort_by(|a, b| (a.position, a.rule.id).cmp(&(b.position, b.rule.id)));
    linter.findings
}

impl Linter<'_> {
    #[allow(
        clippy::too_many_lines,
        reason = "one pass over a statement, rule by rule in document order"
    )]
    fn statement(&mut self, statement: &Json, pointer: &str) {
        let effect = member(statement, "Effect").and_then(|m| m.value.as_str());
        let allow = effect == Some("Allow");
        let (action_key, actions_negated) =
            match (member(statement, "Action"), member(statement, "NotAction")) {
                (Some(m), _) => (Some(m), false),
                (None, Some(m)) => (Some(m), true),
                (None, None) => (None, false),
            };
        let (resource_key, resources_negated) = match (
            member(statement, "Resource"),
            member(statement, "NotResource"),
        ) {
            (Some(m), _) => (Some(m), false),
            (None, Some(m)) => (Some(m), true),
            (None, None) => (None, false),
        };
        let actions = action_key
            .map(|m| {
                strings(
                    &m.value,
                    &format!(
                        "{pointer}/{}",
                        if actions_negated {
                            "NotAction"
                        } else {
                            "Action"
                        }
                    ),
                )
            })
            .unwrap_or_default();
        let resources = resource_key
            .map(|m| {
                strings(
                    &m.value,
                    &format!(
                        "{pointer}/{}",
                        if resources_negated {
                            "NotResource"
                        } else {
                            "Resource"
                        }
                    ),
                )
            })
            .unwrap_or_default();
        if allow
            && actions_negated
            && let Some(m) = action_key
        {
            let at = Located {
                value: "NotAction",
                pointer: format!("{pointer}/NotAction"),
                offset: m.key_offset,
            };
            self.push(
                ALLOW_NOT_ACTION,
                &at,
                "`Allow` with `NotAction` grants every Action not listed, including future ones"
                    .to_owned(),
                Some("list the allowed Actions in `Action` instead".to_owned()),
            );
        }
        if allow
            && resources_negated
            && let Some(m) = resource_key
        {
            let at = Located {
                value: "NotResource",
                pointer: format!("{pointer}/NotResource"),
                offset: m.key_offset,
            };
            self.push(
                ALLOW_NOT_RESOURCE,
                &at,
                "`Allow` with `NotResource` grants on every resource not listed".to_owned(),
                Some("list the allowed resources in `Resource` instead".to_owned()),
            );
        }

        // Actions: known services, known names, patterns that match something.
        let mut expanded: Vec<(usize, Option<Vec<ActionInfo>>)> = Vec::new();
        for (i, action) in actions.iter().enumerate() {
            let value = action.value;
            if value == "*" {
                expanded.push((i, self.expand(value)));
                continue;
            }
            let Some((service, name)) = value.split_once(':') else {
                self.push(
                    UNKNOWN_ACTION,
                    action,
                    format!("`{value}` is not an Action (expected `service:Name`)"),
                    None,
                );
                expanded.push((i, None));
                continue;
            };
            let Some(catalog) = self.catalog(service) else {
                // A trust policy's Action is STS's `sts:AssumeRole`, which no catalog lists.
                if !(self.kind == DocumentKind::Trust && service.eq_ignore_ascii_case("sts")) {
                    self.unknown_service(action, service, value);
                }
                expanded.push((i, None));
                continue;
            };
            let found = self.expand(value).unwrap_or_default();
            if found.is_empty() {
                // The tables are incomplete: an Action the vendor's own policies use is a
                // warning that says where, never an "unknown Action" error.
                let message = if let Some(seen) = catalog.undocumented_action(value) {
                    Some(if name.contains(['*', '?']) {
                        format!(
                            "the pattern `{value}` matches no Action the authorization tables of `{service}` list, but the vendor's own policies use it (`{seen}`), so it is not checked further"
                        )
                    } else {
                        format!(
                            "`{value}` is in no authorization table of `{service}`, but the vendor's own policies use it (`{seen}`), so it is not checked further"
                        )
                    })
                } else {
                    catalog.undocumented_matching(value).first().map(|matched| {
                        let seen = catalog.undocumented_action(matched).unwrap_or_default();
                        format!("`{value}` matches no documented Action of `{service}`, only `{matched}`, which the vendor's own policies use (`{seen}`), so it is not checked further")
                    })
                };
                if let Some(message) = message {
                    self.push(UNDOCUMENTED_ACTION, action, message, None);
                    expanded.push((i, None));
                    continue;
                }
                let undocumented = catalog.undocumented_matching(&format!("{service}:*"));
                let hint = suggest(value, catalog.actions().into_iter().chain(undocumented))
                    .first()
                    .map(|best| format!("did you mean `{best}`?"));
                if name.contains(['*', '?']) {
                    self.push(
                        PATTERN_MATCHES_NOTHING,
                        action,
                        format!("the pattern `{value}` matches no known Action"),
                        hint,
                    );
                } else {
                    self.push(
                        UNKNOWN_ACTION,
                        action,
                        format!("unknown Action `{value}`"),
                        hint,
                    );
                }
            }
            expanded.push((i, Some(found)));
        }

        // Redundant Actions and Resources within the statement.
        for (list, is_action) in [(&actions, true), (&resources, false)] {
            let same = |a: &str, b: &str| {
                if is_action {
                    a.eq_ignore_ascii_case(b)
                } else {
                    a == b
                }
            };
            let covers = |p: &str, v: &str| {
                if is_action {
                    matches_action(p, v)
                } else {
                    matches_resource(p, v)
                }
            };
            for (i, entry) in list.iter().enumerate() {
                // A repeat is reported at its later place; an entry another pattern covers, always.
                let covered = list.iter().enumerate().find(|(j, other)| {
                    *j != i
                        && if same(other.value, entry.value) {
                            *j < i
                        } else {
                            covers(other.value, entry.value)
                        }
                });
                if let Some((_, other)) = covered {
                    self.push(
                        REDUNDANT_ENTRY,
                        entry,
                        format!("`{}` is already covered by `{}`", entry.value, other.value),
                        Some("remove it".to_owned()),
                    );
                }
            }
        }

        // Resources: ARNs of known services fit a documented template.
        let mut invalid_resources: Vec<usize> = Vec::new();
        for (r, resource) in resources.iter().enumerate() {
            let value = resource.value;
            if value == "*" {
                continue;
            }
            let parts: Vec<&str> = value.splitn(5, ':').collect();
            if !value.starts_with("acs:") || (parts.len() < 5 && !value.ends_with('*')) {
                self.push(
                    INVALID_ARN,
                    resource,
                    format!(
                        "`{value}` is not an ARN (`acs:service:region:account:resource`) or `*`"
                    ),
                    None,
                );
                invalid_resources.push(r);
                continue;
            }
            // The account is a number (or a pattern of digits); a region is a region code.
            if let Some(account) = parts.get(3)
                && !account.is_empty()
                && !account
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '*' || c == '?')
            {
                self.push(
                    INVALID_ARN_ACCOUNT,
                    resource,
                    format!("the account `{account}` of `{value}` is not an account ID, `*` or a pattern of digits, so no resource matches it"),
                    Some("write the account's numeric ID, or `*`".to_owned()),
                );
                invalid_resources.push(r);
                continue;
            }
            if let Some(region) = parts.get(2)
                && !region.is_empty()
                && !region.contains(['*', '?'])
                && !is_region_code(region)
            {
                self.push(
                    INVALID_ARN_REGION,
                    resource,
                    format!(
                        "the region `{region}` of `{value}` is not a region code (`cn-hangzhou`)"
                    ),
                    None,
                );
            }
            let Some(service) = parts.get(1) else {
                continue;
            };
            if service.contains(['*', '?']) {
                continue;
            }
            if let Some(catalog) = self.catalog(service) {
                let templates = catalog.service_templates(service);
                // The vendor's templates write the region of a global service as `*`
                // (`acs:ram:*:$AccountId:role/$RoleName`), its policies leave it empty
                // (`acs:ram::123:role/x`): for fitting, an empty region is the template's `*`.
                let starred = (parts.get(2) == Some(&"")).then(|| {
                    let mut p = parts.clone();
                    p[2] = "*";
                    p.join(":")
                });
                let fits = |t: &&str| {
                    pattern_can_match(value, t)
                        || starred.as_deref().is_some_and(|v| pattern_can_match(v, t))
                };
                if templates.is_empty() || templates.iter().any(fits) {
                    continue;
                }
                invalid_resources.push(r);
                // The pages are incomplete (the ECS pages predate `command/…`, the Log Service
                // pages `…/job/…`): a resource type no page documents, and that is no near miss
                // of one, is a warning, and the resource is not checked further (which Actions
                // apply to it is not known either). Types are the words at even places of the
                // resource path (`project/NAME/job/*`: `project`, `job`).
                fn type_words(resource: &str) -> impl Iterator<Item = &str> {
                    resource.split('/').step_by(2)
                }
                let documented: Vec<&str> = templates
                    .iter()
                    .filter_map(|t| t.splitn(5, ':').nth(4))
                    .flat_map(type_words)
                    .filter(|w| !w.starts_with('$') && *w != "*")
                    .collect();
                let undocumented_type = parts.get(4).and_then(|resource| {
                    type_words(resource).find(|word| {
                        !word.contains(['*', '?'])
                            && !documented.iter().any(|d| d.eq_ignore_ascii_case(word))
                            && suggest(word, documented.iter().copied()).is_empty()
                    })
                });
                if let Some(resource_type) = undocumented_type {
                    self.push(
                        UNDOCUMENTED_RESOURCE_TYPE,
                        resource,
                        format!("no page of `{service}` documents a `{resource_type}` resource, so `{value}` is not checked"),
                        None,
                    );
                } else {
                    let closest = suggest(value, templates.iter().copied());
                    self.push(
                        UNKNOWN_ARN_TEMPLATE,
                        resource,
                        format!("`{value}` fits none of the documented `{service}` ARN templates"),
                        closest
                            .first()
                            .map(|t| format!("the closest template is `{t}`")),
                    );
                }
            }
        }

        // Which (Action, Resource) pairs can ever apply, among the resources that are valid.
        let resources: Vec<Located<'_>> = resources
            .into_iter()
            .enumerate()
            .filter(|(r, _)| !invalid_resources.contains(r))
            .map(|(_, resource)| resource)
            .collect();
        let known: Vec<&ActionInfo> = expanded
            .iter()
            .filter_map(|(_, e)| e.as_ref())
            .flatten()
            .collect();
        let all_known = expanded
            .iter()
            .all(|(_, e)| e.as_ref().is_some_and(|e| !e.is_empty()));
        if !actions_negated
            && !resources_negated
            && all_known
            && !actions.is_empty()
            && !resources.is_empty()
        {
            let any_pair = known
                .iter()
                .any(|a| resources.iter().any(|r| applies(a, r.value)));
            if any_pair {
                let dead: Vec<&str> = resources
                    .iter()
                    .filter(|r| !known.iter().any(|a| applies(a, r.value)))
                    .map(|r| r.value)
                    .collect();
                for resource in resources.iter().filter(|r| dead.contains(&r.value)) {
                    self.push(
                        RESOURCE_MATCHES_NO_ACTION,
                        resource,
                        format!(
                            "`{}` fits no ARN template of the statement's Actions",
                            resource.value
                        ),
                        Some("remove it, or list the Actions it is for".to_owned()),
                    );
                }
                for (i, found) in &expanded {
                    let (Some(found), Some(action)) = (found, actions.get(*i)) else {
                        continue;
                    };
                    if action.value.contains(['*', '?']) {
                        continue;
                    }
                    for info in found {
                        for resource in resources
                            .iter()
                            .filter(|r| !dead.contains(&r.value) && !applies(info, r.value))
                        {
                            let authorized = authorized_against(info);
                            self.push(
                                RESOURCE_NEVER_MATCHED,
                                resource,
                                format!(
                                    "`{}` can never be authorized against `{}`",
                                    info.name, resource.value
                                ),
                                Some(format!(
                                    "`{}` is authorized against {authorized}",
                                    info.name
                                )),
                            );
                        }
                    }
                }
            } else {
                let at = Located {
                    value: "{",
                    pointer: pointer.to_owned(),
                    offset: statement.offset,
                };
                let example = known.first().map(|a| {
                    format!(
                        "`{}` is authorized against {}",
                        a.name,
                        authorized_against(a)
                    )
                });
                self.push(
                    STATEMENT_WITHOUT_EFFECT,
                    &at,
                    "none of the statement's Actions can apply to any of its Resources, so it has no effect".to_owned(),
                    example,
                );
            }
        }

        if self.scope == LintScope::ResourceGroup && !actions_negated && !resources_negated {
            for (i, found) in &expanded {
                let (Some(found), Some(action)) = (found, actions.get(*i)) else {
                    continue;
                };
                let service = action.value.split(':').next().unwrap_or_default();
                let Some(catalog) = self.catalog(service) else {
                    continue;
                };
                // Actions without RG-level authorization are RAM008's; here, the ones that have
                // it but only on resources of types without resource groups (`*`, `…/*`).
                let ineffective: Vec<&str> = found
                    .iter()
                    .filter(|a| a.resource_group_authorization == Some(true))
                    .filter(|a| {
                        !a.templates.iter().any(|t| {
                            catalog.template_supports_resource_groups(t)
                                && resources.iter().any(|r| pattern_can_match(r.value, t))
                        })
                    })
                    .map(|a| a.name)
                    .collect();
                if ineffective.is_empty() {
                    continue;
                }
                self.push(
                    NO_RESOURCE_GROUP_RESOURCES,
                    action,
                    format!(
                        "{} can only be authorized here against resources whose type does not support resource groups, so {} no effect in a policy attached at a resource group",
                        sample(&ineffective),
                        if ineffective.len() == 1 { "it has" } else { "they have" }
                    ),
                    Some("grant it in a separate policy attached at account level".to_owned()),
                );
            }
        }
        if self.scope == LintScope::ResourceGroup && !actions_negated {
            for (i, found) in &expanded {
                let (Some(found), Some(action)) = (found, actions.get(*i)) else {
                    continue;
                };
                let unsupported: Vec<&str> = found
                    .iter()
                    .filter(|a| a.resource_group_authorization != Some(true))
                    .map(|a| a.name)
                    .collect();
                if unsupported.is_empty() {
                    continue;
                }
                let message = if action.value.contains(['*', '?']) {
                    format!(
                        "`{}` includes {} Action(s) without resource-group-level authorization ({}), which have no effect in a policy attached at a resource group",
                        action.value,
                        unsupported.len(),
                        sample(&unsupported)
                    )
                } else {
                    format!(
                        "`{}` does not support resource-group-level authorization, so it has no effect in a policy attached at a resource group",
                        action.value
                    )
                };
                self.push(
                    NO_RESOURCE_GROUP_SUPPORT,
                    action,
                    message,
                    Some("grant it in a separate policy attached at account level".to_owned()),
                );
            }
        }

        if allow && !actions_negated && !resources_negated {
            let any_resource = resources.iter().any(|r| star_equivalent(r.value));
            let everything = actions
                .iter()
                .find(|a| a.value == "*" || a.value.split_once(':').is_some_and(|(_, n)| n == "*"));
            if any_resource && let Some(action) = everything {
                self.push(
                    ALLOW_EVERYTHING,
                    action,
                    format!(
                        "`Allow` of `{}` on `{}` grants every Action it matches on every resource",
                        action.value,
                        resources
                            .iter()
                            .find(|r| star_equivalent(r.value))
                            .map_or("*", |r| r.value)
                    ),
                    Some("grant the Actions and resources the principal needs".to_owned()),
                );
            } else if any_resource {
                // Only Actions that could be narrowed count: one authorized only against `*`, or
                // whose resources no page documents, has nothing narrower to grant.
                let writes: Vec<&str> = known
                    .iter()
                    .filter(|a| a.access_level.class() >= 2 && !a.templates.is_empty())
                    .map(|a| a.name)
                    .collect();
                if let (false, Some(resource)) = (
                    writes.is_empty(),
                    resources.iter().find(|r| star_equivalent(r.value)),
                ) {
                    self.push(
                        WRITE_ON_ANY_RESOURCE,
                        resource,
                        format!(
                            "`Allow` of {} write or permissions-management Action(s) on `{}` ({})",
                            writes.len(),
                            resource.value,
                            sample(&writes)
                        ),
                        Some("name the resources they may change".to_owned()),
                    );
                }
            }
        }

        if let Some(condition) = member(statement, "Condition") {
            for operator in condition.value.members().unwrap_or_default() {
                for key in operator.value.members().unwrap_or_default() {
                    let lower = key.key.to_lowercase();
                    let known = GLOBAL_CONDITION_KEYS.iter().any(|k| {
                        let k = k.to_lowercase();
                        if k.ends_with('/') {
                            lower.starts_with(&k) && lower.len() > k.len()
                        } else {
                            lower == k
                        }
                    });
                    let key_at = Located {
                        value: &key.key,
                        pointer: format!(
                            "{pointer}/Condition/{}/{}",
                            pointer_escape(&operator.key),
                            pointer_escape(&key.key)
                        ),
                        offset: key.key_offset,
                    };
                    // Every condition key is `service:Name` (`acs:SourceIp`, `oss:Prefix`); a
                    // bare `SourceIp` is no key the request carries, so the condition never holds.
                    if !key.key.contains(':') {
                        let hint = GLOBAL_CONDITION_KEYS
                            .iter()
                            .find(|k| {
                                k.rsplit(':')
                                    .next()
                                    .is_some_and(|n| n.eq_ignore_ascii_case(&key.key))
                            })
                            .map(|k| format!("did you mean `{k}`?"));
                        self.push(
                            CONDITION_KEY_WITHOUT_PREFIX,
                            &key_at,
                            format!(
                                "`{}` has no `service:` prefix, so no request carries it",
                                key.key
                            ),
                            hint,
                        );
                    }
                    let values: Vec<&Json> = match &key.value.kind {
                        Kind::Array(items) => items.iter().collect(),
                        _ => vec![&key.value],
                    };
                    let texts: Vec<&str> = values
                        .iter()
                        .filter_map(|v| match &v.kind {
                            Kind::String(text) => Some(text.as_str()),
                            _ => None,
                        })
                        .collect();
                    // A CIDR block whose host bits are set (`10.0.0.1/8`) is read as its network
                    // (`10.0.0.0/8`): the writer likely meant the address, or a narrower block.
                    if matches!(operator.key.as_str(), "IpAddress" | "NotIpAddress")
                        && let Some((text, network)) = texts
                            .iter()
                            .find_map(|t| host_bits_set(t).map(|n| (t.to_owned(), n)))
                    {
                        self.push(
                            CIDR_HOST_BITS_SET,
                            &key_at,
                            format!("`{text}` has host bits set: it is the block `{network}`"),
                            Some(format!("write `{network}`, or the address alone")),
                        );
                    }
                    // `Bool` with both `true` and `false` holds for every request that has the
                    // key: the condition restricts nothing but the key's presence.
                    if operator.key == "Bool" {
                        let lower: Vec<String> =
                            texts.iter().map(|t| t.to_ascii_lowercase()).collect();
                        if lower.iter().any(|t| t == "true") && lower.iter().any(|t| t == "false") {
                            self.push(
                                BOOL_BOTH_VALUES,
                                &key_at,
                                format!("`Bool` on `{}` lists both `true` and `false`, so it holds whatever the value", key.key),
                                Some("keep the one value the statement means".to_owned()),
                            );
                        }
                    }
                    // `StringEquals` compares literally: a `*` in its value is a star, not a
                    // wildcard.
                    if matches!(
                        operator.key.as_str(),
                        "StringEquals"
                            | "StringNotEquals"
                            | "StringEqualsIgnoreCase"
                            | "StringNotEqualsIgnoreCase"
                    ) {
                        let values: Vec<&Json> = match &key.value.kind {
                            Kind::Array(items) => items.iter().collect(),
                            _ => vec![&key.value],
                        };
                        if let Some(text) = values.iter().find_map(|v| match &v.kind {
                            Kind::String(text) if text.contains(['*', '?']) => Some(text.as_str()),
                            _ => None,
                        }) {
                            let like = operator.key.replace("Equals", "Like");
                            self.push(
                                WILDCARD_IN_STRING_EQUALS,
                                &key_at,
                                format!("`{}` compares literally, so the `*` or `?` in `{text}` matches only itself", operator.key),
                                Some(format!("use `{like}` for a pattern")),
                            );
                        }
                    }
                    // A service key the service's pages do not list, when they list its keys.
                    if let Some((service, _)) = key.key.split_once(':')
                        && !service.eq_ignore_ascii_case("acs")
                        && let Some(keys) =
                            self.catalogs.iter().find_map(|c| c.condition_keys(service))
                        && !keys.iter().any(|k| {
                            let k = k.to_ascii_lowercase();
                            lower == k
                                || (lower.starts_with(&k) && lower[k.len()..].starts_with('/'))
                        })
                    {
                        let closest = suggest(&key.key, keys.iter().copied());
                        self.push(
                            UNKNOWN_SERVICE_CONDITION_KEY,
                            &key_at,
                            format!(
                                "`{}` is not a condition key the `{service}` pages document ({})",
                                key.key,
                                keys.iter()
                                    .map(|k| format!("`{k}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            closest.first().map(|k| format!("did you mean `{k}`?")),
                        );
                    }
                    if lower.starts_with("acs:") && !known {
                        let closest = suggest(&key.key, GLOBAL_CONDITION_KEYS.iter().copied());
                        self.push(
                            UNKNOWN_GLOBAL_CONDITION_KEY,
                            &key_at,
                            format!("`{}` is not a known global condition key", key.key),
                            closest.first().map(|k| format!("did you mean `{k}`?")),
                        );
                    }
                }
            }
        }
    }

    fn size(&mut self, document: &Json) {
        let Some((limit, source)) = size_limit(self.kind) else {
            return;
        };
        // The characters of the compact JSON text, counted as it is written rather than held.
        let mut count = CharCount(0);
        canonical(document, &mut count);
        let size = count.0;
        let at = Located {
            value: "{",
            pointer: String::new(),
            offset: document.offset,
        };
        let noun = self.kind.noun();
        if size > limit {
            self.push(
                POLICY_TOO_LARGE,
                &at,
                format!("the document has {size} characters, over the limit of {limit} for {noun}"),
                Some(format!("split it into several policies ({source})")),
            );
        } else if size * 10 > limit * 9 {
            self.push(
                POLICY_NEAR_SIZE_LIMIT,
                &at,
                format!("the document has {size} characters, near the limit of {limit} for {noun}"),
                Some(format!("leave room for changes, or split it ({source})")),
            );
        }
    }
}

/// Writes a JSON value as `serde_json` writes [`Json::to_value`]'s value, compact, with every
/// object's keys sorted (and of repeated keys the last), whatever order `serde_json` keeps them
/// in: two values are equal exactly when their canonical texts are, and its length in
/// characters is the compact text's. It is written from the tree, not through a
/// `serde_json::Value`, so that no copy of the document is made; a sink that hashes or counts
/// keeps none at all. The sinks here never fail, so a write's result is not looked at.
fn canonical(json: &Json, out: &mut impl std::io::Write) {
    match &json.kind {
        Kind::Object(members) => {
            // Later members replace earlier ones of the same key, as in `to_value`'s map.
            let mut sorted: std::collections::BTreeMap<&str, &Json> =
                std::collections::BTreeMap::new();
            for member in members {
                sorted.insert(&member.key, &member.value);
            }
            let _ = out.write_all(b"{");
            for (i, (key, value)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    let _ = out.write_all(b",");
                }
                let _ = serde_json::to_writer(&mut *out, key);
                let _ = out.write_all(b":");
                canonical(value, out);
            }
            let _ = out.write_all(b"}");
        }
        Kind::Array(items) => {
            let _ = out.write_all(b"[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    let _ = out.write_all(b",");
                }
                canonical(item, out);
            }
            let _ = out.write_all(b"]");
        }
        Kind::String(text) => {
            let _ = serde_json::to_writer(&mut *out, text);
        }
        // Numbers, `true`, `false` and `null` are short: through `to_value`, as written there.
        _ => {
            let _ = serde_json::to_writer(&mut *out, &json.to_value());
        }
    }
}

/// The canonical text of a value, for telling two statements of one hash apart.
fn canonical_text(json: &Json) -> Vec<u8> {
    let mut text = Vec::new();
    canonical(json, &mut text);
    text
}

/// A sink that feeds what is written to a hasher.
struct HashSink<H>(H);

impl<H: std::hash::Hasher> std::io::Write for HashSink<H> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A sink that counts the characters of the UTF-8 written to it: the bytes that start one.
struct CharCount(usize);

impl std::io::Write for CharCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The rule of a parser error about `Principal`: present where the kind has none, or missing
/// where it must be. The parser classifies both as structural, so they are told apart by their
/// place and message (the tests below pin the parser's wording).
/// The network of a CIDR block whose host bits are set (`10.0.0.1/8` -> `10.0.0.0/8`); `None`
/// for a well-formed block, an address or anything else.
fn host_bits_set(text: &str) -> Option<String> {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let (address, prefix) = text.split_once('/')?;
    let prefix: u32 = prefix.parse().ok()?;
    let address: IpAddr = address.parse().ok()?;
    let (bits, width) = match address {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    };
    if prefix > width {
        return None;
    }
    // The host part: the low `width - prefix` bits.
    let host = u128::MAX.checked_shr(128 - (width - prefix)).unwrap_or(0);
    if bits & host == 0 {
        return None;
    }
    let network = bits & !host;
    Some(match address {
        IpAddr::V4(_) => format!("{}/{prefix}", Ipv4Addr::from(u32::try_from(network).ok()?)),
        IpAddr::V6(_) => format!("{}/{prefix}", Ipv6Addr::from(network)),
    })
}

/// Whether a region segment is shaped like a region code: lowercase letters, then `-` and
/// letters or digits (`cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`).
fn is_region_code(region: &str) -> bool {
    let mut parts = region.split('-');
    parts
        .next()
        .is_some_and(|head| head.len() >= 2 && head.chars().all(|c| c.is_ascii_lowercase()))
        && region.contains('-')
        && parts.all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Whether a Resource names every resource as `*` does, or every resource of a service:
/// `*`, or an ARN whose region, account and resource are all `*` (`acs:*:*:*:*`,
/// `acs:cr:*:*:*`). The broad-grant rules treat these as `*` (IAM Access Analyzer's
/// star-equivalent resources).
///
/// ```
/// use ram_policy::lint::star_equivalent;
/// assert!(star_equivalent("*"));
/// assert!(star_equivalent("acs:*:*:*:*"));
/// assert!(star_equivalent("acs:cr:*:*:*"));
/// assert!(!star_equivalent("acs:cr:*:*:repository/*"));
/// assert!(!star_equivalent("acs:cr:*:123456:*"));
/// ```
#[must_use]
pub fn star_equivalent(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let parts: Vec<&str> = resource.splitn(5, ':').collect();
    matches!(parts.as_slice(), ["acs", service, "*", "*", "*"] if !service.is_empty())
}

/// OSS bucket policies write `Principal` as a list of account IDs (`["27737962156157xxxx"]`),
/// not RAM's `{"RAM": [...]}`: in a resource-based statement whose Actions are all `oss:`,
/// that is OSS's own form, a warning that it is not evaluated here rather than an invalid
/// document.
fn oss_principal_list(
    document: &Json,
    kind: DocumentKind,
    error: &crate::PolicyError,
) -> Option<Rule> {
    if kind != DocumentKind::Resource
        || !error.pointer.ends_with("/Principal")
        || !error
            .message
            .starts_with("expected an object, found an array")
    {
        return None;
    }
    let index: usize = error
        .pointer
        .strip_prefix("/Statement/")?
        .strip_suffix("/Principal")?
        .parse()
        .ok()?;
    let statement = match &member(document, "Statement")?.value.kind {
        Kind::Array(items) => items.get(index)?,
        _ => return None,
    };
    let actions: Vec<&str> = match &member(statement, "Action")?.value.kind {
        Kind::String(one) => vec![one.as_str()],
        Kind::Array(items) => items
            .iter()
            .filter_map(|item| match &item.kind {
                Kind::String(text) => Some(text.as_str()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let all_oss = !actions.is_empty()
        && actions
            .iter()
            .all(|a| a.len() > 4 && a[..4].eq_ignore_ascii_case("oss:"));
    all_oss.then_some(OSS_PRINCIPAL_LIST)
}

fn principal_rule(error: &crate::PolicyError) -> Option<Rule> {
    if error.pointer.ends_with("/Principal") && error.message.starts_with("`Principal` belongs") {
        Some(PRINCIPAL_NOT_ALLOWED)
    } else if error.message.starts_with("missing `Principal`") {
        Some(MISSING_PRINCIPAL)
    } else {
        None
    }
}

/// The length in characters of the JSON token at `offset`: a whole string with its quotes and
/// escapes, or one character (an object's `{`; the first character marks any other value).
fn token_length(text: &str, offset: usize) -> usize {
    let Some(rest) = text.get(offset..) else {
        return 1;
    };
    let mut chars = rest.chars();
    if chars.next() != Some('"') {
        return 1;
    }
    let mut length = 1;
    let mut escaped = false;
    for c in chars {
        length += 1;
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return length,
            _ => escaped = false,
        }
    }
    1
}

/// The byte offset of a line and column (columns in characters).
fn offset_of(text: &str, position: Position) -> Option<usize> {
    let line_start = if position.line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(position.line - 2)
            .map(|(i, _)| i + 1)?
    };
    let line = text.get(line_start..)?;
    let column = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + column)
}

fn authorized_against(info: &ActionInfo) -> String {
    let mut all: Vec<String> = info.templates.iter().map(|t| format!("`{t}`")).collect();
    if info.any_resource {
        all.push("`*`".to_owned());
    }
    if all.is_empty() {
        "no documented resource".to_owned()
    } else {
        all.join(", ")
    }
}

fn sample(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    if names.len() > 3 {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod cr {
        ram_macros::bindings!("tests/fixtures/spec.json");
    }

    /// The canonical text as it was made before it was written from the tree: through
    /// `serde_json::Value`, keys sorted.
    fn through_value(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::String(key.clone()).to_string());
                    out.push(':');
                    through_value(&map[key], out);
                }
                out.push('}');
            }
            serde_json::Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    through_value(item, out);
                }
                out.push(']');
            }
            leaf => out.push_str(&leaf.to_string()),
        }
    }

    #[test]
    fn the_canonical_text_is_the_one_through_serde_values() {
        let texts = [
            r#"{"b": 1, "a": [true, null, "x"], "c": {"z": "é仓", "y": -0.0}}"#,
            r#"{"a": 1, "a": 2.50, "b": 1e400, "c": 10E-2}"#,
            "{\"q\": \"quote \\\" back \\\\ tab \\t nl \\n ctl \\u0001 del \\u007f\", \"e\": {}}",
            r#"[[], [{}], "😀", 12345678901234567890, -3]"#,
        ];
        for text in texts {
            let json = json::parse(text).unwrap();
            let mut expected = String::new();
            through_value(&json.to_value(), &mut expected);
            assert_eq!(String::from_utf8(canonical_text(&json)).unwrap(), expected);
            let mut count = CharCount(0);
            canonical(&json, &mut count);
            let serde_text = serde_json::to_string(&json.to_value()).unwrap();
            assert_eq!(count.0, serde_text.chars().count(), "{text}");
        }
    }

    #[test]
    fn repeats_are_found_by_their_canonical_text() {
        let text = r#"{"Version": "1", "Statement": [
            {"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "*"},
            {"Resource": "*", "Action": "cr:PullRepository", "Effect": "Allow"},
            {"Effect": "Deny", "Action": "cr:PullRepository", "Resource": "*"},
            {"Effect": "Allow", "Effect": "Deny", "Action": "cr:PullRepository", "Resource": "*"},
            {"Effect": "Allow", "Action": ["cr:PullRepository"], "Resource": "*"}
        ]}"#;
        let findings = lint(text, &[&cr::Service], LintScope::Account);
        let repeats: Vec<&str> = findings
            .iter()
            .filter(|f| f.rule == DUPLICATE_STATEMENT)
            .map(|f| f.message.as_str())
            .collect();
        // Key order does not matter, the last of repeated keys counts, and a list of one is
        // not its string.
        assert_eq!(
            repeats,
            [
                "statement 1 repeats statement 0",
                "statement 3 repeats statement 2"
            ]
        );
    }
}
