//! Evaluating a request against attached policies as RAM does, with the statements that
//! decided and, for an implicit deny, why the others did not apply.

use std::collections::BTreeMap;
use std::fmt;

use ram_core::wildcard::{matches_action, matches_resource};
use ram_core::{Authorizer, Catalog, Operation};

use crate::condition::{self, Outcome as ConditionOutcome};
use crate::document::{Effect, Patterns, Policy, Statement};

/// Which layer a policy belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Kind {
    /// Identity policies (of the user, group or role).
    #[default]
    Identity,
    /// Control policies (resource directory guardrails).
    Control,
    /// The session policy of an STS token.
    Session,
}

impl Kind {
    /// `identity`, `control` or `session`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Control => "control",
            Self::Session => "session",
        }
    }
}

/// Where an identity policy is attached.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Scope {
    /// The whole account.
    #[default]
    Account,
    /// One resource group (its ID).
    ResourceGroup(String),
}

/// A policy with its name, layer and scope.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedPolicy {
    /// A name for explanations.
    pub name: String,
    /// The document.
    pub policy: Policy,
    /// Its layer.
    pub kind: Kind,
    /// Its scope.
    pub scope: Scope,
}

impl AttachedPolicy {
    /// An identity policy attached at account scope.
    #[must_use]
    pub fn identity(name: &str, policy: Policy) -> Self {
        Self {
            name: name.to_owned(),
            policy,
            kind: Kind::Identity,
            scope: Scope::Account,
        }
    }
}

/// A request: an Action on a resource (an ARN, or `*` for APIs authorized against `*`), the
/// resource group the resource is in, and the context keys.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The Action (`cr:PullRepository`).
    pub action: String,
    /// The resource ARN, or `*`.
    pub resource: String,
    /// The resource group of the resource, if any.
    pub resource_group: Option<String>,
    /// Context keys, lowercased, with their values.
    context: BTreeMap<String, Vec<String>>,
}

impl Request {
    /// A request for an Action on a resource.
    #[must_use]
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Self {
            action: action.into(),
            resource: resource.into(),
            ..Self::default()
        }
    }

    /// A request for a typed operation on a resource of its own type.
    #[must_use]
    pub fn for_operation<O: Operation>(resource: &O::Resource) -> Self {
        Self::new(O::ACTION.to_string(), resource.to_string())
    }

    /// Sets the resource group.
    #[must_use]
    pub fn in_resource_group(mut self, group: impl Into<String>) -> Self {
        self.resource_group = Some(group.into());
        self
    }

    /// Adds a context key (keys match case-insensitively; a repeated key adds values).
    #[must_use]
    pub fn with_context(mut self, key: &str, value: impl Into<String>) -> Self {
        self.context
            .entry(key.to_lowercase())
            .or_default()
            .push(value.into());
        self
    }

    /// The values of a context key already in lowercase, without allocating.
    pub(crate) fn context_lowercase(&self, lowercase_key: &str) -> Option<&[String]> {
        self.context.get(lowercase_key).map(Vec::as_slice)
    }

    /// The values of a context key, case-insensitively.
    #[must_use]
    pub fn context(&self, key: &str) -> Option<&[String]> {
        self.context.get(&key.to_lowercase()).map(Vec::as_slice)
    }
}

/// The final answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Some applicable statement allows in every layer that must allow, and none denies.
    Allow,
    /// An applicable statement denies.
    ExplicitDeny,
    /// Nothing denies, but not every required layer allows.
    ImplicitDeny,
}

impl Outcome {
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::ExplicitDeny => "ExplicitDeny",
            Self::ImplicitDeny => "ImplicitDeny",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statement that matched the request.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Matched {
    /// The policy's name.
    pub policy: String,
    /// The statement's index in the policy, from 0 (as in `/Statement/0`).
    pub statement: usize,
    /// Its effect.
    pub effect: Effect,
}

/// The decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The answer.
    pub outcome: Outcome,
    /// The statements that decided it: the denying ones for `ExplicitDeny`, the allowing ones
    /// otherwise (for `ImplicitDeny`, the allows of layers that did allow).
    pub matched: Vec<Matched>,
    /// Why, in sentences: what decided, and for an implicit deny why each statement and policy
    /// did not apply.
    pub reasons: Vec<String>,
}

impl Decision {
    /// Whether the request is allowed.
    #[must_use]
    pub fn is_allowed(&self) -> bool {
        self.outcome == Outcome::Allow
    }
}

fn patterns_match(patterns: &Patterns, value: &str, matches: fn(&str, &str) -> bool) -> bool {
    patterns.patterns.iter().any(|p| matches(p, value)) != patterns.negated
}

fn quote_list(patterns: &Patterns) -> String {
    patterns
        .patterns
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a statement does not match, or `None` when it does.
fn mismatch(statement: &Statement, request: &Request) -> Option<String> {
    if !patterns_match(&statement.actions, &request.action, matches_action) {
        let form = if statement.actions.negated {
            "is excluded by `NotAction`"
        } else {
            "is not matched by `Action`"
        };
        return Some(format!(
            "action `{}` {form} {}",
            request.action,
            quote_list(&statement.actions)
        ));
    }
    if !patterns_match(&statement.resources, &request.resource, matches_resource) {
        let form = if statement.resources.negated {
            "is excluded by `NotResource`"
        } else {
            "is not matched by `Resource`"
        };
        return Some(format!(
            "resource `{}` {form} {}",
            request.resource,
            quote_list(&statement.resources)
        ));
    }
    for c in &statement.conditions {
        let request_values = request.context(&c.key);
        if let ConditionOutcome::Fails {
            request: values,
            why,
        } = condition::evaluate(c.operator, &c.values, request_values)
        {
            let policy_values = c
                .raw
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let got = if values.is_empty() {
                String::new()
            } else {
                format!(
                    " (request: {})",
                    values
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Some(format!(
                "condition `{}` on `{}` with {policy_values} is false{got}: {why}",
                c.operator, c.key
            ));
        }
    }
    None
}

/// Why an RG-scoped policy has no effect on a request, or `None` when it applies.
fn scope_mismatch(scope: &Scope, request: &Request, catalog: &dyn Catalog) -> Option<String> {
    let Scope::ResourceGroup(group) = scope else {
        return None;
    };
    match &request.resource_group {
        Some(g) if g == group => {}
        Some(g) => {
            return Some(format!(
                "it applies to resource group `{group}` and the resource is in `{g}`"
            ));
        }
        None => {
            return Some(format!(
                "it applies to resource group `{group}` and the request names no resource group"
            ));
        }
    }
    match catalog.action_supports_resource_groups(&request.action) {
        Some(true) => {}
        Some(false) => {
            return Some(format!(
                "action `{}` does not support resource-group-level authorization; grant it in an account-level policy",
                request.action
            ));
        }
        None => {
            return Some(format!(
                "action `{}` is not known to support resource-group-level authorization",
                request.action
            ));
        }
    }
    if !catalog.resource_supports_resource_groups(&request.resource) {
        return Some(format!(
            "resource `{}` is not of a type that supports resource groups",
            request.resource
        ));
    }
    None
}

/// Evaluates a request against policies: default deny, an explicit Deny of any applicable
/// policy wins, and each layer present (identity always; control and session when given) must
/// have an applicable Allow.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_policy::{AttachedPolicy, Outcome, Policy, Request, evaluate};
/// let policy = Policy::parse(r#"{"Version": "1", "Statement": [
///     {"Effect": "Allow", "Action": "cr:Pull*", "Resource": "acs:cr:*:*:repository/cri-1/*"}]}"#).unwrap();
/// let attached = [AttachedPolicy::identity("pull", policy)];
/// let request = Request::new("cr:PullRepository", "acs:cr:cn-hangzhou:1:repository/cri-1/team/web");
/// let decision = evaluate(&attached, &request, &cr::Service);
/// assert_eq!(decision.outcome, Outcome::Allow);
/// assert_eq!(decision.matched[0].policy, "pull");
/// ```
#[must_use]
pub fn evaluate(policies: &[AttachedPolicy], request: &Request, catalog: &dyn Catalog) -> Decision {
    let mut allows: BTreeMap<Kind, Vec<Matched>> = BTreeMap::new();
    let mut denies: Vec<Matched> = Vec::new();
    let mut misses: Vec<String> = Vec::new();
    let mut present: Vec<Kind> = Vec::new();
    for attached in policies {
        // A policy whose scope does not apply has no effect on the request: it does not make
        // its layer present either.
        if let Some(why) = scope_mismatch(&attached.scope, request, catalog) {
            misses.push(format!("policy `{}` has no effect: {why}", attached.name));
            continue;
        }
        if !present.contains(&attached.kind) {
            present.push(attached.kind);
        }
        for (index, statement) in attached.policy.statements.iter().enumerate() {
            let matched = Matched {
                policy: attached.name.clone(),
                statement: index,
                effect: statement.effect,
            };
            match mismatch(statement, request) {
                None if statement.effect == Effect::Deny => denies.push(matched),
                None => allows.entry(attached.kind).or_default().push(matched),
                Some(why) => misses.push(format!(
                    "policy `{}` statement {index} ({}) does not apply: {why}",
                    attached.name, statement.effect
                )),
            }
        }
    }
    if !denies.is_empty() {
        let reasons = denies
            .iter()
            .map(|m| {
                format!(
                    "policy `{}` statement {} explicitly denies the request",
                    m.policy, m.statement
                )
            })
            .chain(misses.into_iter().filter(|m| m.contains("has no effect")))
            .collect();
        return Decision {
            outcome: Outcome::ExplicitDeny,
            matched: denies,
            reasons,
        };
    }
    let mut reasons = Vec::new();
    let mut allowed = true;
    for kind in [Kind::Identity, Kind::Control, Kind::Session] {
        let required = kind == Kind::Identity || present.contains(&kind);
        let has_allow = allows.get(&kind).is_some_and(|a| !a.is_empty());
        if required && !has_allow {
            allowed = false;
            reasons.push(format!("no {} policy allows the request", kind.as_str()));
        }
    }
    let matched: Vec<Matched> = allows.into_values().flatten().collect();
    if allowed {
        // Policies that had no effect (an RG scope that does not apply) matter in an audit even
        // when the request is allowed.
        let reasons = matched
            .iter()
            .map(|m| {
                format!(
                    "policy `{}` statement {} allows the request",
                    m.policy, m.statement
                )
            })
            .chain(misses.into_iter().filter(|m| m.contains("has no effect")))
            .collect();
        Decision {
            outcome: Outcome::Allow,
            matched,
            reasons,
        }
    } else {
        reasons.extend(misses);
        Decision {
            outcome: Outcome::ImplicitDeny,
            matched,
            reasons,
        }
    }
}

/// Who asks, for [`Engine`]: the names of the policies that apply to the caller (all when
/// `None`), the resource group of the resource, and the context keys.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The names of the policies to evaluate; `None` for every policy of the engine.
    pub policies: Option<Vec<String>>,
    /// The resource group of the requested resource.
    pub resource_group: Option<String>,
    /// Context keys and values.
    pub context: Vec<(String, String)>,
}

/// A policy set with a service catalog: the [`Authorizer`] that typed operations call.
///
/// ```
/// use ram_core::Authorizer;
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use cr::{arn, ops};
/// use ram_policy::{AttachedPolicy, Engine, Outcome, Policy, Session};
///
/// let policy = Policy::builder().allow::<ops::PullRepository>().on(arn::RepositoryPattern::any()).build();
/// let engine = Engine::new(vec![AttachedPolicy::identity("pull", policy)], cr::Service);
/// let repo = arn::Repository::new("cn-hangzhou", "1", "cri-1", "team", "web");
/// assert_eq!(engine.check::<ops::PullRepository>(&Session::default(), &repo).outcome, Outcome::Allow);
/// assert_eq!(engine.check::<ops::PushRepository>(&Session::default(), &repo).outcome, Outcome::ImplicitDeny);
/// ```
#[derive(Debug, Clone)]
pub struct Engine<C> {
    policies: Vec<AttachedPolicy>,
    catalog: C,
}

impl<C: Catalog> Engine<C> {
    /// An engine over attached policies.
    #[must_use]
    pub fn new(policies: Vec<AttachedPolicy>, catalog: C) -> Self {
        Self { policies, catalog }
    }

    /// Evaluates a request against the policies a session names.
    #[must_use]
    pub fn decide(&self, session: &Session, request: &Request) -> Decision {
        let selected: Vec<AttachedPolicy> = match &session.policies {
            None => self.policies.clone(),
            Some(names) => self
                .policies
                .iter()
                .filter(|p| names.contains(&p.name))
                .cloned()
                .collect(),
        };
        evaluate(&selected, request, &self.catalog)
    }
}

impl<C: Catalog> Authorizer for Engine<C> {
    type Principal = Session;
    type Output = Decision;

    fn authorize(&self, session: &Session, action: &str, resource: &str) -> Decision {
        let mut request = Request::new(action, resource);
        request.resource_group.clone_from(&session.resource_group);
        for (key, value) in &session.context {
            request = request.with_context(key, value.clone());
        }
        self.decide(session, &request)
    }
}
