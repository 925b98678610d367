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
            (Layer::Control | Layer::Session, Some(_)) => None,
        }
    }

    /// The layer whose Allow the class's statements give.
    #[must_use]
    pub const fn layer(&self) -> Layer {
        match self {
            Self::Control => Layer::Control,
            Self::Session => Layer::Session,
            Self::IdentityAccount | Self::IdentityResourceGroup(_) => Layer::Identity,
        }
    }

    /// The resource group the policy is attached at, if any.
    #[must_use]
    pub fn resource_group(&self) -> Option<&str> {
        match self {
            Self::IdentityResourceGroup(group) => Some(group),
            Self::Control | Self::Session | Self::IdentityAccount => None,
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

/// A layer of policies that must allow a request: identity policies always, control and
/// session policies when any is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Identity policies, at account scope or at a resource group.
    Identity,
    /// Control policies.
    Control,
    /// The session policy.
    Session,
}

impl Layer {
    /// Every layer, in the order explanations name them.
    pub const ALL: [Self; 3] = [Self::Identity, Self::Control, Self::Session];

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

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What each class of policies said about one request, and the one rule that turns it into an
/// outcome: an explicit Deny of any applicable policy wins; otherwise every layer that must
/// allow (identity always, control and session when a policy of theirs applies) has to.
///
/// A policy whose class does not apply to the request (a resource group it is not attached at)
/// is not recorded at all: it has no effect, on its layer either.
///
/// ```
/// use ram_policy::decision::Tally;
/// use ram_policy::{Effect, Layer, Outcome, PolicyClass};
/// let mut tally = Tally::default();
/// tally.record(&PolicyClass::IdentityAccount, Effect::Allow);
/// assert_eq!(tally.outcome(), Outcome::Allow);
/// tally.present(&PolicyClass::Session);
/// assert_eq!(tally.outcome(), Outcome::ImplicitDeny);
/// assert_eq!(tally.missing().collect::<Vec<_>>(), [Layer::Session]);
/// tally.record(&PolicyClass::Control, Effect::Deny);
/// assert_eq!(tally.outcome(), Outcome::ExplicitDeny);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    present: [bool; 4],
    allowed: [bool; 4],
    denied: [bool; 4],
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

    /// Whether any applicable statement denies.
    #[must_use]
    pub fn denied(&self) -> bool {
        self.denied.contains(&true)
    }

    fn any(flags: [bool; 4], layer: Layer) -> bool {
        match layer {
            Layer::Control => flags[0],
            Layer::Session => flags[1],
            Layer::Identity => flags[2] || flags[3],
        }
    }

    /// The layers that must allow and do not, in [`Layer::ALL`] order.
    pub fn missing(&self) -> impl Iterator<Item = Layer> + '_ {
        Layer::ALL.into_iter().filter(|&layer| {
            let required = layer == Layer::Identity || Self::any(self.present, layer);
            required && !Self::any(self.allowed, layer)
        })
    }

    /// The outcome.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        if self.denied() {
            Outcome::ExplicitDeny
        } else if self.missing().next().is_none() {
            Outcome::Allow
        } else {
            Outcome::ImplicitDeny
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
    use super::*;

    #[test]
    fn identity_must_allow_and_given_layers_too() {
        let empty = Tally::default();
        assert_eq!(empty.outcome(), Outcome::ImplicitDeny);
        assert_eq!(empty.missing().collect::<Vec<_>>(), [Layer::Identity]);

        // An identity Allow at a resource group counts for the identity layer.
        let mut rg = Tally::default();
        rg.record(
            &PolicyClass::IdentityResourceGroup("rg".into()),
            Effect::Allow,
        );
        assert_eq!(rg.outcome(), Outcome::Allow);

        // Control and session alone allow nothing.
        let mut no_identity = Tally::default();
        no_identity.record(&PolicyClass::Control, Effect::Allow);
        no_identity.record(&PolicyClass::Session, Effect::Allow);
        assert_eq!(no_identity.outcome(), Outcome::ImplicitDeny);
        assert_eq!(no_identity.missing().collect::<Vec<_>>(), [Layer::Identity]);

        let mut all = no_identity;
        all.record(&PolicyClass::IdentityAccount, Effect::Allow);
        assert_eq!(all.outcome(), Outcome::Allow);

        // A given layer without an Allow denies implicitly, and every such layer is named.
        let mut given = Tally::default();
        given.present(&PolicyClass::Control);
        given.present(&PolicyClass::Session);
        assert_eq!(
            given.missing().collect::<Vec<_>>(),
            Layer::ALL,
            "identity, control and session lack an Allow"
        );
    }

    #[test]
    fn any_deny_wins() {
        for class in [
            PolicyClass::Control,
            PolicyClass::Session,
            PolicyClass::IdentityAccount,
            PolicyClass::IdentityResourceGroup("rg".into()),
        ] {
            let mut tally = Tally::default();
            for allowing in [
                PolicyClass::Control,
                PolicyClass::Session,
                PolicyClass::IdentityAccount,
            ] {
                tally.record(&allowing, Effect::Allow);
            }
            assert_eq!(tally.outcome(), Outcome::Allow);
            tally.record(&class, Effect::Deny);
            assert_eq!(tally.outcome(), Outcome::ExplicitDeny, "{class:?}");
        }
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
