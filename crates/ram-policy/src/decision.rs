//! The pieces of a decision that the plain engine ([`crate::evaluate`]) and the compiled set
//! ([`crate::compiled::CompiledSet`]) share: the class of each policy, the one combination
//! logic that turns what each class said into an [`Outcome`] ([`Tally`]), and the reasons of
//! an explanation as data ([`Reason`]), rendered to sentences only by `Display`.
//!
//! Keeping the combination in one place is what lets the evaluation order change once for
//! both evaluators; the reference evaluator of the tests keeps its own, so that a change here
//! is checked against an independent reading.

use std::fmt;

use crate::condition::Operator;
use crate::document::Effect;
use crate::eval::Outcome;

/// The class of a policy: where it is attached, which decides how its statements take part in
/// a decision.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum PolicyClass {
    /// A control policy (a resource directory guardrail): when any is given, one must allow.
    Control,
    /// The session policy of an STS token: when given, it must allow.
    Session,
    /// An identity policy (of the user, group or role) attached at account scope.
    #[default]
    IdentityAccount,
    /// An identity policy attached at one resource group (its ID). It has an effect only on a
    /// request for a resource in that group, for an Action that supports resource-group-level
    /// authorization, on a resource type that supports resource groups.
    IdentityResourceGroup(String),
    /// A resource-based policy of the requested resource: an OSS bucket policy, or a RAM role's
    /// trust policy when the request assumes the role. Its statements name principals.
    ResourceBased,
}

impl PolicyClass {
    /// The class of a policy of `layer` attached at `resource_group` (`None`: the account), or
    /// `None` when there is no such class: only identity policies attach to resource groups.
    ///
    /// ```
    /// use ram_policy::{Layer, PolicyClass};
    /// assert_eq!(
    ///     PolicyClass::attached(Layer::Identity, Some("rg-1".to_owned())),
    ///     Some(PolicyClass::IdentityResourceGroup("rg-1".to_owned()))
    /// );
    /// assert_eq!(PolicyClass::attached(Layer::Control, None), Some(PolicyClass::Control));
    /// assert_eq!(PolicyClass::attached(Layer::Session, Some("rg-1".to_owned())), None);
    /// ```
    #[must_use]
    pub fn attached(layer: Layer, resource_group: Option<String>) -> Option<Self> {
        match (layer, resource_group) {
            (Layer::Control, None) => Some(Self::Control),
            (Layer::Session, None) => Some(Self::Session),
            (Layer::Identity, None) => Some(Self::IdentityAccount),
            (Layer::Identity, Some(group)) => Some(Self::IdentityResourceGroup(group)),
            (Layer::ResourceBased, None) => Some(Self::ResourceBased),
            (Layer::Control | Layer::Session | Layer::ResourceBased, Some(_)) => None,
        }
    }

    /// The layer whose Allow the class's statements give.
    #[must_use]
    pub const fn layer(&self) -> Layer {
        match self {
            Self::Control => Layer::Control,
            Self::Session => Layer::Session,
            Self::IdentityAccount | Self::IdentityResourceGroup(_) => Layer::Identity,
            Self::ResourceBased => Layer::ResourceBased,
        }
    }

    /// The resource group the policy is attached at, if any.
    #[must_use]
    pub fn resource_group(&self) -> Option<&str> {
        match self {
            Self::IdentityResourceGroup(group) => Some(group),
            Self::Control | Self::Session | Self::IdentityAccount | Self::ResourceBased => None,
        }
    }

    /// Whether a policy of this class has an effect on a request: the one resource-group rule
    /// of both evaluators. A policy attached at a resource group applies only when the
    /// resource is in that group, the Action supports resource-group-level authorization
    /// (`action_supports`, as the catalog says: unknown is no) and the resource's type supports
    /// resource groups (`resource_supports`); the checks run in that order, each only when the
    /// ones before pass, so that an evaluator can compute the costly ones lazily.
    pub(crate) fn applies(
        &self,
        resource_group: Option<&str>,
        action_supports: impl FnOnce() -> Option<bool>,
        resource_supports: impl FnOnce() -> bool,
    ) -> Result<(), Inapplicable> {
        let Some(group) = self.resource_group() else {
            return Ok(());
        };
        match resource_group {
            Some(g) if g == group => {}
            Some(_) => return Err(Inapplicable::OtherGroup),
            None => return Err(Inapplicable::NoGroup),
        }
        match action_supports() {
            Some(true) => {}
            Some(false) => return Err(Inapplicable::ActionNotSupported),
            None => return Err(Inapplicable::ActionUnknown),
        }
        if resource_supports() {
            Ok(())
        } else {
            Err(Inapplicable::ResourceNotSupported)
        }
    }

    /// The class's position in a [`Tally`].
    const fn slot(&self) -> usize {
        match self {
            Self::Control => 0,
            Self::Session => 1,
            Self::IdentityAccount => 2,
            Self::IdentityResourceGroup(_) => 3,
            Self::ResourceBased => 4,
        }
    }
}

/// Which check of [`PolicyClass::applies`] failed; [`ScopeMismatch`] is the same with the
/// names filled in, for explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inapplicable {
    OtherGroup,
    NoGroup,
    ActionNotSupported,
    ActionUnknown,
    ResourceNotSupported,
}

/// A layer of policies whose Allow a request may need: identity policies, control and
/// session policies when any is given, the resource-based policies of the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Identity policies, at account scope or at a resource group.
    Identity,
    /// Control policies.
    Control,
    /// The session policy.
    Session,
    /// Resource-based policies of the requested resource (a trust policy included).
    ResourceBased,
}

impl Layer {
    /// Every layer, in the order explanations name them.
    pub const ALL: [Self; 4] = [
        Self::Identity,
        Self::Control,
        Self::Session,
        Self::ResourceBased,
    ];

    /// `identity`, `control`, `session` or `resource-based`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Control => "control",
            Self::Session => "session",
            Self::ResourceBased => "resource-based",
        }
    }
}

/// The step of the vendor's evaluation process that decided a request ("Policy evaluation
/// process"): a control or session policy that does not allow ends the evaluation; otherwise
/// the identity decision (account-class policies, then, only when they give an implicit deny,
/// resource-group-class ones) and the resource-based decision are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// A control policy did not allow.
    Control,
    /// The session policy did not allow.
    Session,
    /// Account-class identity policies decided (no resource-based policy took part).
    IdentityAccount,
    /// Resource-group-class identity policies decided (no resource-based policy took part).
    IdentityResourceGroup,
    /// The resource-based policy decided alone (assuming a role as a service or an identity
    /// provider, which has no identity step).
    ResourceBased,
    /// The identity and resource-based decisions were combined.
    Combination,
}

impl Step {
    /// `control`, `session`, `identity (account)`, `identity (resource group)`,
    /// `resource-based` or `combination`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Control => "control",
            Self::Session => "session",
            Self::IdentityAccount => "identity (account)",
            Self::IdentityResourceGroup => "identity (resource group)",
            Self::ResourceBased => "resource-based",
            Self::Combination => "combination",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the identity decision (A) and the resource-based decision (B) combine for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Combination {
    /// An explicit deny in A or B wins, otherwise an Allow in either allows.
    Standard,
    /// Assuming a RAM role ("Policy evaluation process of assuming a RAM role"): A and B must
    /// both allow. `identity` is false when the requester has no identity step: an identity
    /// provider (the vendor's role-based SSO) or a service; then B alone decides.
    AssumeRole {
        /// Whether the identity step exists.
        identity: bool,
    },
}

/// The Actions that assume a RAM role.
const ASSUME_ROLE_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithOIDC",
];

impl Combination {
    /// The combination a request takes: assuming a role is `sts:AssumeRole`,
    /// `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithOIDC` on a role's ARN
    /// (`acs:ram::ACCOUNT:role/NAME`); the identity step is absent when the requester is a
    /// service or an identity provider.
    #[must_use]
    pub fn of(action: &str, resource: &str, principal: Option<&crate::Principal>) -> Self {
        // The resource test first: it is one prefix compare for almost every request.
        let assumes = resource.starts_with("acs:ram::")
            && resource.contains(":role/")
            && ASSUME_ROLE_ACTIONS
                .iter()
                .any(|a| a.eq_ignore_ascii_case(action));
        if !assumes {
            return Self::Standard;
        }
        let identity = principal.is_none_or(|p| p.kind == crate::PrincipalKind::Ram);
        Self::AssumeRole { identity }
    }
}

/// The decision of a [`Tally`]: the outcome, the step that gave it, which layers lacked an
/// Allow they needed, and which classes' matching statements explain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolution {
    /// The outcome.
    pub outcome: Outcome,
    /// The step that decided.
    pub step: Step,
    /// Per class slot: whether its statements of the deciding effect (Deny for an explicit
    /// deny, Allow otherwise) explain the outcome.
    listed: [bool; SLOTS],
    /// Per layer of [`Layer::ALL`]: whether it needed an Allow and had none.
    missing: [bool; 4],
}

impl Resolution {
    /// Whether a matching statement of `class` with `effect` is among the deciding ones.
    #[must_use]
    pub const fn lists(&self, class: &PolicyClass, effect: Effect) -> bool {
        let deciding = match self.outcome {
            Outcome::ExplicitDeny => matches!(effect, Effect::Deny),
            Outcome::Allow | Outcome::ImplicitDeny => matches!(effect, Effect::Allow),
        };
        deciding && self.listed[class.slot()]
    }

    /// The layers that needed an Allow and had none, in [`Layer::ALL`] order.
    pub fn missing(&self) -> impl Iterator<Item = Layer> + '_ {
        Layer::ALL
            .into_iter()
            .zip(self.missing)
            .filter_map(|(layer, missing)| missing.then_some(layer))
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The number of class slots of a [`Tally`].
const SLOTS: usize = 5;

/// What each class of policies said about one request, and the one rule that turns it into an
/// outcome: the vendor's evaluation process ([`Step`]). Each class is judged by the basic
/// process (a matching Deny gives an explicit deny, else a matching Allow an Allow, else an
/// implicit deny); then control policies, the session policy, the identity decision A
/// (account-class first; resource-group-class ones only when those give an implicit deny)
/// and the resource-based decision B, combined by the request's [`Combination`].
///
/// A policy whose class does not apply to the request (a resource group it is not attached at)
/// is not recorded at all: it has no effect, on its layer either.
///
/// ```
/// use ram_policy::decision::{Combination, Step, Tally};
/// use ram_policy::{Effect, Outcome, PolicyClass};
/// let mut tally = Tally::default();
/// tally.record(&PolicyClass::IdentityAccount, Effect::Allow);
/// // A resource-group Deny does not override an account-level Allow.
/// tally.record(&PolicyClass::IdentityResourceGroup("rg".into()), Effect::Deny);
/// let resolution = tally.resolve(Combination::Standard);
/// assert_eq!((resolution.outcome, resolution.step), (Outcome::Allow, Step::IdentityAccount));
/// tally.present(&PolicyClass::Session);
/// assert_eq!(tally.resolve(Combination::Standard).step, Step::Session);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    present: [bool; SLOTS],
    allowed: [bool; SLOTS],
    denied: [bool; SLOTS],
}

impl Tally {
    /// Records that a policy of `class` applies to the request.
    pub const fn present(&mut self, class: &PolicyClass) {
        self.present[class.slot()] = true;
    }

    /// Records a statement of a policy of `class` that matches the request.
    pub const fn record(&mut self, class: &PolicyClass, effect: Effect) {
        let slot = class.slot();
        self.present[slot] = true;
        match effect {
            Effect::Allow => self.allowed[slot] = true,
            Effect::Deny => self.denied[slot] = true,
        }
    }

    /// The basic process for one class: `None` when no policy of it applies.
    const fn verdict(&self, slot: usize) -> Option<Outcome> {
        if !self.present[slot] {
            None
        } else if self.denied[slot] {
            Some(Outcome::ExplicitDeny)
        } else if self.allowed[slot] {
            Some(Outcome::Allow)
        } else {
            Some(Outcome::ImplicitDeny)
        }
    }

    /// The outcome of [`Self::resolve`] alone, for deciding without an explanation: the same
    /// steps, without the step and the statements that explain it. A test compares the two on
    /// every tally and combination.
    #[must_use]
    pub const fn outcome(&self, combination: Combination) -> Outcome {
        const CONTROL: usize = 0;
        const SESSION: usize = 1;
        const ACCOUNT: usize = 2;
        const GROUP: usize = 3;
        const RESOURCE: usize = 4;
        // Steps 1 and 2: a control policy, then the session policy, that does not allow ends
        // the evaluation with its verdict.
        if let Some(outcome @ (Outcome::ExplicitDeny | Outcome::ImplicitDeny)) =
            self.verdict(CONTROL)
        {
            return outcome;
        }
        if let Some(outcome @ (Outcome::ExplicitDeny | Outcome::ImplicitDeny)) =
            self.verdict(SESSION)
        {
            return outcome;
        }
        // Step 4's decision B; step 3's decision A only when the requester has an identity
        // step (account-class policies first, resource-group-class ones when those give an
        // implicit deny or are absent).
        let b = match self.verdict(RESOURCE) {
            Some(outcome) => outcome,
            None => Outcome::ImplicitDeny,
        };
        let a = match self.verdict(ACCOUNT) {
            Some(outcome @ (Outcome::ExplicitDeny | Outcome::Allow)) => outcome,
            _ => match self.verdict(GROUP) {
                Some(outcome) => outcome,
                None => Outcome::ImplicitDeny,
            },
        };
        // Step 5: the combination.
        match combination {
            Combination::AssumeRole { identity: false } => b,
            _ if matches!(a, Outcome::ExplicitDeny) || matches!(b, Outcome::ExplicitDeny) => {
                Outcome::ExplicitDeny
            }
            Combination::Standard if matches!(a, Outcome::Allow) || matches!(b, Outcome::Allow) => {
                Outcome::Allow
            }
            Combination::AssumeRole { identity: true }
                if matches!(a, Outcome::Allow) && matches!(b, Outcome::Allow) =>
            {
                Outcome::Allow
            }
            _ => Outcome::ImplicitDeny,
        }
    }

    /// The decision, by the vendor's process.
    #[must_use]
    pub fn resolve(&self, combination: Combination) -> Resolution {
        const CONTROL: usize = 0;
        const SESSION: usize = 1;
        const ACCOUNT: usize = 2;
        const GROUP: usize = 3;
        const RESOURCE: usize = 4;
        let mut listed = [false; SLOTS];
        let mut missing = [false; 4];
        // Steps 1 and 2: a control policy, then the session policy, that does not allow ends
        // the evaluation with its decision.
        for (slot, step, layer) in [(CONTROL, Step::Control, 1), (SESSION, Step::Session, 2)] {
            match self.verdict(slot) {
                None => {}
                Some(Outcome::Allow) => listed[slot] = true,
                Some(outcome) => {
                    let listed = if outcome == Outcome::ExplicitDeny {
                        let mut only = [false; SLOTS];
                        only[slot] = true;
                        only
                    } else {
                        listed
                    };
                    missing[layer] = outcome == Outcome::ImplicitDeny;
                    return Resolution {
                        outcome,
                        step,
                        listed,
                        missing,
                    };
                }
            }
        }
        // Step 3: decision A. Account-class policies first; resource-group-class ones only
        // when the account-class ones give an implicit deny (or there are none).
        let identity = !matches!(combination, Combination::AssumeRole { identity: false });
        let (a, a_slot, a_step) = if identity {
            match self.verdict(ACCOUNT) {
                Some(outcome @ (Outcome::ExplicitDeny | Outcome::Allow)) => {
                    (outcome, Some(ACCOUNT), Step::IdentityAccount)
                }
                _ => match self.verdict(GROUP) {
                    Some(outcome) => (outcome, Some(GROUP), Step::IdentityResourceGroup),
                    None => (Outcome::ImplicitDeny, None, Step::IdentityAccount),
                },
            }
        } else {
            (Outcome::ImplicitDeny, None, Step::ResourceBased)
        };
        // Step 4: decision B, from the resource-based policies of the resource.
        let b = self.verdict(RESOURCE);
        let b_outcome = b.unwrap_or(Outcome::ImplicitDeny);
        // Step 5: the combination.
        let outcome = match combination {
            Combination::Standard => {
                if a == Outcome::ExplicitDeny || b_outcome == Outcome::ExplicitDeny {
                    Outcome::ExplicitDeny
                } else if a == Outcome::Allow || b_outcome == Outcome::Allow {
                    Outcome::Allow
                } else {
                    Outcome::ImplicitDeny
                }
            }
            Combination::AssumeRole { identity: true } => {
                if a == Outcome::ExplicitDeny || b_outcome == Outcome::ExplicitDeny {
                    Outcome::ExplicitDeny
                } else if a == Outcome::Allow && b_outcome == Outcome::Allow {
                    Outcome::Allow
                } else {
                    Outcome::ImplicitDeny
                }
            }
            Combination::AssumeRole { identity: false } => b_outcome,
        };
        let step = if !identity {
            Step::ResourceBased
        } else if b.is_none() && combination == Combination::Standard {
            a_step
        } else {
            Step::Combination
        };
        // The statements that explain it: of the deciding effect, in the decisions that have
        // the outcome's verdict (for an implicit deny, the Allows that were not enough).
        let wanted = if outcome == Outcome::ExplicitDeny {
            Outcome::ExplicitDeny
        } else {
            Outcome::Allow
        };
        if outcome == Outcome::ExplicitDeny {
            listed = [false; SLOTS];
        }
        if let Some(slot) = a_slot
            && a == wanted
        {
            listed[slot] = true;
        }
        if b == Some(wanted) {
            listed[RESOURCE] = true;
        }
        if outcome == Outcome::ImplicitDeny {
            missing[0] = identity && a != Outcome::Allow;
            missing[3] = match combination {
                Combination::Standard => b.is_some(),
                Combination::AssumeRole { .. } => b_outcome != Outcome::Allow,
            };
        }
        Resolution {
            outcome,
            step,
            listed,
            missing,
        }
    }
}

/// One reason of an explanation. `Display` gives the sentence `ramctl` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A statement matches the request and denies it.
    Denies {
        /// The policy's name.
        policy: String,
        /// The statement's index in the policy.
        statement: usize,
    },
    /// A statement matches the request and allows it.
    Allows {
        /// The policy's name.
        policy: String,
        /// The statement's index in the policy.
        statement: usize,
    },
    /// A statement of an applicable policy does not match the request.
    DoesNotApply {
        /// The policy's name.
        policy: String,
        /// The statement's index in the policy.
        statement: usize,
        /// Its effect.
        effect: Effect,
        /// The first part of the statement that does not match.
        mismatch: Mismatch,
    },
    /// A policy has no effect on the request because of where it is attached.
    NoEffect {
        /// The policy's name.
        policy: String,
        /// Why its resource-group scope does not apply.
        scope: ScopeMismatch,
    },
    /// No applicable policy of a layer that must allow allows the request.
    NoAllow(Layer),
    /// The requester assumes a role as a service or an identity provider, which has no
    /// identity step: the identity policies given are not evaluated.
    NoIdentityStep {
        /// The requester, rendered as in [`Mismatch::Principal`].
        principal: String,
    },
}

impl Reason {
    /// The reason a matching statement gives: it denies or it allows.
    #[must_use]
    pub fn deciding(matched: &crate::eval::Matched) -> Self {
        let (policy, statement) = (matched.policy.clone(), matched.statement);
        match matched.effect {
            Effect::Deny => Self::Denies { policy, statement },
            Effect::Allow => Self::Allows { policy, statement },
        }
    }

    /// Whether the reason is a policy having no effect, which explanations give whatever the
    /// outcome (it matters in an audit even when the request is allowed).
    #[must_use]
    pub const fn is_no_effect(&self) -> bool {
        matches!(self, Self::NoEffect { .. })
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Denies { policy, statement } => write!(
                f,
                "policy `{policy}` statement {statement} explicitly denies the request"
            ),
            Self::Allows { policy, statement } => {
                write!(
                    f,
                    "policy `{policy}` statement {statement} allows the request"
                )
            }
            Self::DoesNotApply {
                policy,
                statement,
                effect,
                mismatch,
            } => write!(
                f,
                "policy `{policy}` statement {statement} ({effect}) does not apply: {mismatch}"
            ),
            Self::NoEffect { policy, scope } => {
                write!(f, "policy `{policy}` has no effect: {scope}")
            }
            Self::NoAllow(layer) => write!(f, "no {layer} policy allows the request"),
            Self::NoIdentityStep { principal } => write!(
                f,
                "the requester, {principal}, assumes a role without an identity step: identity policies are not evaluated, the trust policy decides"
            ),
        }
    }
}

/// Why a statement does not match a request: the first of its Action, Resource and
/// Condition that fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The Action is not matched by `Action`, or is excluded by `NotAction`.
    Action {
        /// The request's Action.
        action: String,
        /// Whether the statement lists `NotAction`.
        negated: bool,
        /// The statement's Action patterns.
        patterns: Vec<String>,
    },
    /// The resource is not matched by `Resource`, or is excluded by `NotResource`.
    Resource {
        /// The request's resource.
        resource: String,
        /// Whether the statement lists `NotResource`.
        negated: bool,
        /// The statement's Resource patterns.
        patterns: Vec<String>,
    },
    /// The statement's `Principal` does not name the requester.
    Principal {
        /// The requester, as `RAM `acs:ram::1:user/alice`` renders it; `None` when the request
        /// names none.
        principal: Option<String>,
    },
    /// A condition is false.
    Condition {
        /// Its operator.
        operator: Operator,
        /// Its key, as the policy spells it.
        key: String,
        /// Its values, as the policy spells them.
        values: Vec<String>,
        /// The request's values of the key (empty when the key is missing).
        request: Vec<String>,
        /// Why it is false, in words.
        why: String,
    },
}

/// Backquoted values separated by commas.
fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sentence of an Action or Resource mismatch: the request's value, how the element (or
/// its `Not` form) fails it, and the element's patterns.
fn not_matched(
    f: &mut fmt::Formatter<'_>,
    what: &str,
    value: &str,
    element: &str,
    negated: bool,
    patterns: &[String],
) -> fmt::Result {
    let form = if negated {
        "is excluded by `Not"
    } else {
        "is not matched by `"
    };
    write!(f, "{what} `{value}` {form}{element}` {}", quoted(patterns))
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Action {
                action,
                negated,
                patterns,
            } => not_matched(f, "action", action, "Action", *negated, patterns),
            Self::Resource {
                resource,
                negated,
                patterns,
            } => not_matched(f, "resource", resource, "Resource", *negated, patterns),
            Self::Principal {
                principal: Some(principal),
            } => {
                write!(f, "the requester, {principal}, is not named by `Principal`")
            }
            Self::Principal { principal: None } => {
                write!(
                    f,
                    "the request names no principal, and `Principal` names some"
                )
            }
            Self::Condition {
                operator,
                key,
                values,
                request,
                why,
            } => {
                write!(
                    f,
                    "condition `{operator}` on `{key}` with {} is false",
                    quoted(values)
                )?;
                if !request.is_empty() {
                    write!(f, " (request: {})", quoted(request))?;
                }
                write!(f, ": {why}")
            }
        }
    }
}

/// Why a policy attached at a resource group has no effect on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeMismatch {
    /// The resource is in another resource group.
    OtherGroup {
        /// The group the policy is attached at.
        group: String,
        /// The group of the requested resource.
        resource_group: String,
    },
    /// The request names no resource group.
    NoGroup {
        /// The group the policy is attached at.
        group: String,
    },
    /// The catalog says the Action does not support resource-group-level authorization.
    ActionNotSupported {
        /// The request's Action.
        action: String,
    },
    /// The catalog does not know the Action, so it is not known to support resource-group-level
    /// authorization.
    ActionUnknown {
        /// The request's Action.
        action: String,
    },
    /// The resource's type does not support resource groups.
    ResourceNotSupported {
        /// The request's resource.
        resource: String,
    },
}

impl fmt::Display for ScopeMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OtherGroup {
                group,
                resource_group,
            } => write!(
                f,
                "it applies to resource group `{group}` and the resource is in `{resource_group}`"
            ),
            Self::NoGroup { group } => write!(
                f,
                "it applies to resource group `{group}` and the request names no resource group"
            ),
            Self::ActionNotSupported { action } => write!(
                f,
                "action `{action}` does not support resource-group-level authorization; grant it in an account-level policy"
            ),
            Self::ActionUnknown { action } => write!(
                f,
                "action `{action}` is not known to support resource-group-level authorization"
            ),
            Self::ResourceNotSupported { resource } => write!(
                f,
                "resource `{resource}` is not of a type that supports resource groups"
            ),
        }
    }
}

#[cfg(test)]
mod tests {

    /// `Tally::outcome` is `Tally::resolve`'s outcome on every tally (each class absent,
    /// present, allowing, denying or both) and every combination.
    #[test]
    fn outcome_is_resolve_outcome_on_every_tally() {
        let combinations = [
            Combination::Standard,
            Combination::AssumeRole { identity: true },
            Combination::AssumeRole { identity: false },
        ];
        let mut checked = 0;
        // Per slot: absent, present with nothing matching, an Allow, a Deny, or both.
        for code in 0..5usize.pow(SLOTS as u32) {
            let mut tally = Tally::default();
            for slot in 0..SLOTS {
                let state = code / 5usize.pow(slot as u32) % 5;
                tally.present[slot] = state > 0;
                tally.allowed[slot] = state == 2 || state == 4;
                tally.denied[slot] = state == 3 || state == 4;
            }
            for combination in combinations {
                assert_eq!(
                    tally.outcome(combination),
                    tally.resolve(combination).outcome,
                    "{tally:?} {combination:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 3 * 3125);
    }
    use super::*;

    fn resolve(
        records: &[(PolicyClass, Option<Effect>)],
        combination: Combination,
    ) -> (Outcome, Step, Vec<Layer>) {
        let mut tally = Tally::default();
        for (class, effect) in records {
            match effect {
                Some(effect) => tally.record(class, *effect),
                None => tally.present(class),
            }
        }
        let r = tally.resolve(combination);
        (r.outcome, r.step, r.missing().collect())
    }

    use Combination::{AssumeRole, Standard};
    use Effect::{Allow, Deny};
    use Outcome::{Allow as A, ExplicitDeny as D, ImplicitDeny as I};

    fn rg() -> PolicyClass {
        PolicyClass::IdentityResourceGroup("rg".into())
    }

    #[test]
    fn identity_decides_alone_without_resource_based_policies() {
        assert_eq!(
            resolve(&[], Standard),
            (I, Step::IdentityAccount, vec![Layer::Identity])
        );
        assert_eq!(
            resolve(&[(rg(), Some(Allow))], Standard),
            (A, Step::IdentityResourceGroup, vec![])
        );
        // Control and session allow nothing on their own.
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::Control, Some(Allow)),
                    (PolicyClass::Session, Some(Allow))
                ],
                Standard
            ),
            (I, Step::IdentityAccount, vec![Layer::Identity])
        );
    }

    #[test]
    fn control_then_session_end_the_evaluation_when_they_do_not_allow() {
        // An implicit deny of the control policy ends it, even before an identity Deny.
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::Control, None),
                    (PolicyClass::IdentityAccount, Some(Deny))
                ],
                Standard
            ),
            (I, Step::Control, vec![Layer::Control])
        );
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::Control, Some(Allow)),
                    (PolicyClass::Session, Some(Deny))
                ],
                Standard
            ),
            (D, Step::Session, vec![])
        );
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::Control, Some(Allow)),
                    (PolicyClass::Session, Some(Allow)),
                    (PolicyClass::IdentityAccount, Some(Allow))
                ],
                Standard
            ),
            (A, Step::IdentityAccount, vec![])
        );
    }

    #[test]
    fn resource_group_policies_count_only_after_an_account_implicit_deny() {
        // An account-level Allow or Deny is decision A; the group's Deny is never looked at.
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::IdentityAccount, Some(Allow)),
                    (rg(), Some(Deny))
                ],
                Standard
            ),
            (A, Step::IdentityAccount, vec![])
        );
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::IdentityAccount, Some(Deny)),
                    (rg(), Some(Allow))
                ],
                Standard
            ),
            (D, Step::IdentityAccount, vec![])
        );
        // An account-class implicit deny lets the group decide, a Deny included.
        assert_eq!(
            resolve(
                &[(PolicyClass::IdentityAccount, None), (rg(), Some(Deny))],
                Standard
            ),
            (D, Step::IdentityResourceGroup, vec![])
        );
    }

    #[test]
    fn the_two_decisions_combine_and_assuming_a_role_needs_both() {
        let b = PolicyClass::ResourceBased;
        // Standard: either Allow allows, any explicit deny wins.
        assert_eq!(
            resolve(&[(b.clone(), Some(Allow))], Standard),
            (A, Step::Combination, vec![])
        );
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::IdentityAccount, Some(Allow)),
                    (b.clone(), Some(Deny))
                ],
                Standard
            ),
            (D, Step::Combination, vec![])
        );
        assert_eq!(
            resolve(&[(b.clone(), None)], Standard),
            (
                I,
                Step::Combination,
                vec![Layer::Identity, Layer::ResourceBased]
            )
        );
        // Assuming a role: both must allow.
        let assume = AssumeRole { identity: true };
        assert_eq!(
            resolve(&[(b.clone(), Some(Allow))], assume),
            (I, Step::Combination, vec![Layer::Identity])
        );
        assert_eq!(
            resolve(&[(PolicyClass::IdentityAccount, Some(Allow))], assume),
            (I, Step::Combination, vec![Layer::ResourceBased])
        );
        assert_eq!(
            resolve(
                &[
                    (PolicyClass::IdentityAccount, Some(Allow)),
                    (b.clone(), Some(Allow))
                ],
                assume
            ),
            (A, Step::Combination, vec![])
        );
        // A service or an identity provider has no identity step: the trust policy decides.
        let alone = AssumeRole { identity: false };
        assert_eq!(
            resolve(&[(b.clone(), Some(Allow))], alone),
            (A, Step::ResourceBased, vec![])
        );
        assert_eq!(
            resolve(
                &[(PolicyClass::IdentityAccount, Some(Deny)), (b, Some(Allow))],
                alone
            ),
            (A, Step::ResourceBased, vec![])
        );
    }

    #[test]
    fn the_deciding_statements_are_those_of_the_deciding_decisions() {
        let mut tally = Tally::default();
        tally.record(&PolicyClass::IdentityAccount, Effect::Allow);
        tally.record(&rg(), Effect::Deny);
        let r = tally.resolve(Standard);
        assert!(r.lists(&PolicyClass::IdentityAccount, Effect::Allow));
        assert!(!r.lists(&rg(), Effect::Deny));
        assert!(!r.lists(&rg(), Effect::Allow));
        tally.record(&PolicyClass::ResourceBased, Effect::Deny);
        let r = tally.resolve(Standard);
        assert_eq!(r.outcome, D);
        assert!(r.lists(&PolicyClass::ResourceBased, Effect::Deny));
        assert!(!r.lists(&PolicyClass::IdentityAccount, Effect::Allow));
    }

    #[test]
    fn assuming_a_role_is_recognized_by_action_and_resource() {
        let user = crate::Principal::ram("acs:ram::1:user/alice");
        let idp = crate::Principal::federated("acs:ram::1:saml-provider/okta");
        assert_eq!(
            Combination::of("STS:assumerole", "acs:ram::1:role/ops", Some(&user)),
            AssumeRole { identity: true }
        );
        assert_eq!(
            Combination::of("sts:AssumeRoleWithSAML", "acs:ram::1:role/ops", Some(&idp)),
            AssumeRole { identity: false }
        );
        assert_eq!(
            Combination::of("sts:AssumeRole", "acs:oss:*:*:bucket", Some(&user)),
            Standard
        );
        assert_eq!(
            Combination::of("oss:GetObject", "acs:ram::1:role/ops", None),
            Standard
        );
    }

    #[test]
    fn classes_attach_where_ram_attaches_them() {
        assert_eq!(
            PolicyClass::attached(Layer::Identity, None),
            Some(PolicyClass::IdentityAccount)
        );
        assert_eq!(
            PolicyClass::attached(Layer::Control, Some("rg".into())),
            None
        );
        let rg = PolicyClass::IdentityResourceGroup("rg".into());
        assert_eq!(rg.resource_group(), Some("rg"));
        assert_eq!(rg.layer(), Layer::Identity);
        assert_eq!(PolicyClass::Session.resource_group(), None);
        assert_eq!(PolicyClass::Control.layer(), Layer::Control);
    }

    #[test]
    fn the_resource_group_rule_checks_in_order_and_lazily() {
        let rg = PolicyClass::IdentityResourceGroup("rg".into());
        let never = || -> Option<bool> { panic!("not asked when the group differs") };
        assert_eq!(
            rg.applies(Some("other"), never, || true),
            Err(Inapplicable::OtherGroup)
        );
        assert_eq!(rg.applies(None, never, || true), Err(Inapplicable::NoGroup));
        let unasked = || -> bool { panic!("not asked when the Action does not support groups") };
        assert_eq!(
            rg.applies(Some("rg"), || Some(false), unasked),
            Err(Inapplicable::ActionNotSupported)
        );
        assert_eq!(
            rg.applies(Some("rg"), || None, unasked),
            Err(Inapplicable::ActionUnknown)
        );
        assert_eq!(
            rg.applies(Some("rg"), || Some(true), || false),
            Err(Inapplicable::ResourceNotSupported)
        );
        assert_eq!(rg.applies(Some("rg"), || Some(true), || true), Ok(()));
        for class in [
            PolicyClass::Control,
            PolicyClass::Session,
            PolicyClass::IdentityAccount,
            PolicyClass::ResourceBased,
        ] {
            assert_eq!(class.applies(None, never, || false), Ok(()));
        }
    }

    #[test]
    fn reasons_render_as_sentences() {
        let action = Mismatch::Action {
            action: "cr:PushRepository".into(),
            negated: false,
            patterns: vec!["cr:Pull*".into(), "cr:List*".into()],
        };
        assert_eq!(
            Reason::DoesNotApply {
                policy: "p".into(),
                statement: 1,
                effect: Effect::Allow,
                mismatch: action,
            }
            .to_string(),
            "policy `p` statement 1 (Allow) does not apply: action `cr:PushRepository` is not matched by `Action` `cr:Pull*`, `cr:List*`"
        );
        let resource = Mismatch::Resource {
            resource: "r".into(),
            negated: true,
            patterns: vec!["r".into()],
        };
        assert_eq!(
            resource.to_string(),
            "resource `r` is excluded by `NotResource` `r`"
        );
        let missing = Mismatch::Condition {
            operator: Operator::StringEquals,
            key: "acs:SourceVpc".into(),
            values: vec!["vpc-1".into()],
            request: Vec::new(),
            why: "the request has no such key".into(),
        };
        assert_eq!(
            missing.to_string(),
            "condition `StringEquals` on `acs:SourceVpc` with `vpc-1` is false: the request has no such key"
        );
        let differs = Mismatch::Condition {
            operator: Operator::StringEquals,
            key: "acs:SourceVpc".into(),
            values: vec!["vpc-1".into()],
            request: vec!["vpc-2".into(), "vpc-3".into()],
            why: "no value is equal".into(),
        };
        assert_eq!(
            differs.to_string(),
            "condition `StringEquals` on `acs:SourceVpc` with `vpc-1` is false (request: `vpc-2`, `vpc-3`): no value is equal"
        );
        let no_effect = Reason::NoEffect {
            policy: "rg".into(),
            scope: ScopeMismatch::NoGroup { group: "g".into() },
        };
        assert!(no_effect.is_no_effect());
        assert!(!Reason::NoAllow(Layer::Session).is_no_effect());
        assert_eq!(
            no_effect.to_string(),
            "policy `rg` has no effect: it applies to resource group `g` and the request names no resource group"
        );
        assert_eq!(
            Reason::NoAllow(Layer::Control).to_string(),
            "no control policy allows the request"
        );
        assert_eq!(
            Reason::Denies {
                policy: "d".into(),
                statement: 0
            }
            .to_string(),
            "policy `d` statement 0 explicitly denies the request"
        );
    }
}
