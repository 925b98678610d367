//! Evaluating a request against attached policies as RAM does, with the statements that
//! decided and, for an implicit deny, why the others did not apply.

use std::collections::BTreeMap;
use std::fmt;

use ram_core::wildcard::{matches_action, matches_resource};
use ram_core::{Authorizer, Catalog, Operation};

use crate::condition::{self, Outcome as ConditionOutcome};
use crate::decision::{
    Combination, Inapplicable, Layer, Mismatch, PolicyClass, Reason, ScopeMismatch, Step, Tally,
};
use crate::document::{Effect, Patterns, Policy, Statement};
use crate::principal::Principal;

/// A policy with its name and class.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedPolicy {
    /// A name for explanations.
    pub name: String,
    /// The document.
    pub policy: Policy,
    /// Where it is attached.
    pub class: PolicyClass,
}

impl AttachedPolicy {
    /// A policy of a class.
    #[must_use]
    pub fn new(name: &str, policy: Policy, class: PolicyClass) -> Self {
        Self {
            name: name.to_owned(),
            policy,
            class,
        }
    }

    /// An identity policy attached at account scope.
    #[must_use]
    pub fn identity(name: &str, policy: Policy) -> Self {
        Self::new(name, policy, PolicyClass::IdentityAccount)
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
    /// Who makes the request, for the `Principal` of trust and resource-based policies.
    pub principal: Option<Principal>,
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

    /// Sets who makes the request.
    ///
    /// ```
    /// use ram_policy::{Principal, Request};
    /// let request = Request::new("sts:AssumeRole", "acs:ram::1:role/ops")
    ///     .with_principal(Principal::service("ecs.aliyuncs.com"));
    /// assert_eq!(request.principal.unwrap().name, "ecs.aliyuncs.com");
    /// ```
    #[must_use]
    pub fn with_principal(mut self, principal: Principal) -> Self {
        self.principal = Some(principal);
        self
    }

    /// How this request's identity and resource-based decisions combine.
    #[must_use]
    pub fn combination(&self) -> Combination {
        Combination::of(&self.action, &self.resource, self.principal.as_ref())
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
    /// The step of the evaluation process that gave it.
    pub step: Step,
    /// The statements that decided it: the denying ones for `ExplicitDeny`, the allowing ones
    /// otherwise (for `ImplicitDeny`, the allows that were not enough), of the policies the
    /// process looked at.
    pub matched: Vec<Matched>,
    /// Why: what decided, and for an implicit deny why each statement and policy did not
    /// apply (`Display` renders each as a sentence).
    pub reasons: Vec<Reason>,
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

/// Why a statement does not match, or `None` when it does.
fn mismatch(statement: &Statement, request: &Request) -> Option<Mismatch> {
    if !patterns_match(&statement.actions, &request.action, matches_action) {
        return Some(Mismatch::Action {
            action: request.action.clone(),
            negated: statement.actions.negated,
            patterns: statement.actions.patterns.clone(),
        });
    }
    if !patterns_match(&statement.resources, &request.resource, matches_resource) {
        return Some(Mismatch::Resource {
            resource: request.resource.clone(),
            negated: statement.resources.negated,
            patterns: statement.resources.patterns.clone(),
        });
    }
    if let Some(principals) = &statement.principals
        && !principals.names(request.principal.as_ref(), statement.effect)
    {
        return Some(Mismatch::Principal {
            principal: request.principal.as_ref().map(ToString::to_string),
        });
    }
    statement.conditions.iter().find_map(|c| {
        match condition::evaluate(c.operator, &c.values, request.context(&c.key)) {
            ConditionOutcome::Holds => None,
            ConditionOutcome::Fails { request, why } => Some(Mismatch::Condition {
                operator: c.operator,
                key: c.key.clone(),
                values: c.raw.clone(),
                request,
                why,
            }),
        }
    })
}

/// Why a policy of a class has no effect on a request, or `None` when it applies (the rule is
/// [`PolicyClass::applies`], shared with the compiled set).
fn scope_mismatch(
    class: &PolicyClass,
    request: &Request,
    catalog: &dyn Catalog,
) -> Option<ScopeMismatch> {
    let why = class
        .applies(
            request.resource_group.as_deref(),
            || catalog.action_supports_resource_groups(&request.action),
            || catalog.resource_supports_resource_groups(&request.resource),
        )
        .err()?;
    let group = class.resource_group().unwrap_or_default().to_owned();
    let action = || request.action.clone();
    Some(match why {
        Inapplicable::OtherGroup => ScopeMismatch::OtherGroup {
            group,
            resource_group: request.resource_group.clone().unwrap_or_default(),
        },
        Inapplicable::NoGroup => ScopeMismatch::NoGroup { group },
        Inapplicable::ActionNotSupported => ScopeMismatch::ActionNotSupported { action: action() },
        Inapplicable::ActionUnknown => ScopeMismatch::ActionUnknown { action: action() },
        Inapplicable::ResourceNotSupported => ScopeMismatch::ResourceNotSupported {
            resource: request.resource.clone(),
        },
    })
}

/// Evaluates a request as the vendor's "Policy evaluation process" does (the steps are
/// [`Tally::resolve`]'s, shared with the compiled set): control policies, then the session
/// policy, end the evaluation unless they allow; identity policies give decision A
/// (account-class first, resource-group-class ones only after an account-class implicit
/// deny); resource-based policies of the resource give decision B; an explicit deny in either
/// wins, otherwise an Allow in either allows, except when the request assumes a RAM role,
/// which both must allow (and which a service or an identity provider assumes on the trust
/// policy alone).
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
    evaluate_each(policies.iter(), request, catalog)
}

/// [`evaluate`] over borrowed policies in order, so that a selection of a larger set needs no
/// copies.
fn evaluate_each<'p>(
    policies: impl Iterator<Item = &'p AttachedPolicy>,
    request: &Request,
    catalog: &dyn Catalog,
) -> Decision {
    let mut tally = Tally::default();
    let mut matches: Vec<(&PolicyClass, Matched)> = Vec::new();
    let mut misses: Vec<Reason> = Vec::new();
    let mut identity_given = false;
    for attached in policies {
        identity_given |= attached.class.layer() == Layer::Identity;
        // A policy whose scope does not apply has no effect on the request: it does not make
        // its layer present either.
        if let Some(scope) = scope_mismatch(&attached.class, request, catalog) {
            misses.push(Reason::NoEffect {
                policy: attached.name.clone(),
                scope,
            });
            continue;
        }
        tally.present(&attached.class);
        for (index, statement) in attached.policy.statements.iter().enumerate() {
            match mismatch(statement, request) {
                None => {
                    tally.record(&attached.class, statement.effect);
                    matches.push((
                        &attached.class,
                        Matched {
                            policy: attached.name.clone(),
                            statement: index,
                            effect: statement.effect,
                        },
                    ));
                }
                Some(mismatch) => misses.push(Reason::DoesNotApply {
                    policy: attached.name.clone(),
                    statement: index,
                    effect: statement.effect,
                    mismatch,
                }),
            }
        }
    }
    let combination = request.combination();
    let resolution = tally.resolve(combination);
    let outcome = resolution.outcome;
    // Identity policies given for a requester without an identity step are set aside, and the
    // explanation says so.
    let skipped = (combination == Combination::AssumeRole { identity: false } && identity_given)
        .then(|| Reason::NoIdentityStep {
            principal: request
                .principal
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        });
    let mut matched: Vec<(Layer, Matched)> = matches
        .into_iter()
        .filter(|(class, m)| resolution.lists(class, m.effect))
        .map(|(class, m)| (class.layer(), m))
        .collect();
    if outcome != Outcome::ExplicitDeny {
        // Allows are listed by layer, then in policy order (the sort is stable).
        matched.sort_by_key(|(layer, _)| *layer);
    }
    let matched: Vec<Matched> = matched.into_iter().map(|(_, m)| m).collect();
    // Policies that had no effect (an RG scope that does not apply) matter in an audit whatever
    // the outcome; the statements that did not apply explain only an implicit deny.
    let reasons = match outcome {
        Outcome::ExplicitDeny | Outcome::Allow => matched
            .iter()
            .map(Reason::deciding)
            .chain(skipped)
            .chain(misses.into_iter().filter(Reason::is_no_effect))
            .collect(),
        Outcome::ImplicitDeny => resolution
            .missing()
            .map(Reason::NoAllow)
            .chain(skipped)
            .chain(misses)
            .collect(),
    };
    Decision {
        outcome,
        step: resolution.step,
        matched,
        reasons,
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
    /// Who asks, for trust and resource-based policies.
    pub principal: Option<Principal>,
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
        let selected = self.policies.iter().filter(|p| {
            session
                .policies
                .as_ref()
                .is_none_or(|names| names.contains(&p.name))
        });
        evaluate_each(selected, request, &self.catalog)
    }
}

impl<C: Catalog> Authorizer for Engine<C> {
    type Principal = Session;
    type Output = Decision;

    fn authorize(&self, session: &Session, action: &str, resource: &str) -> Decision {
        let mut request = Request::new(action, resource);
        request.resource_group.clone_from(&session.resource_group);
        request.principal.clone_from(&session.principal);
        for (key, value) in &session.context {
            request = request.with_context(key, value.clone());
        }
        self.decide(session, &request)
    }
}
