//! RAM policies: documents parsed strictly with located errors, evaluated as RAM does with
//! explanations, and built with typed operations so that a built policy pairs Actions only with
//! resources they apply to.
//!
//! The crate knows RAM, not any one service: the catalog (which Actions exist, which Actions
//! and resource types support resource groups) is any [`ram_core::Catalog`]: the tools pass the
//! catalog of every spec (`ram-catalog`), applications may pass a bindings crate's `Service`.

pub mod compare;
pub mod compiled;
pub mod condition;
pub mod decision;
mod document;
mod eval;
pub mod generate;
pub mod json;
pub mod lint;
mod principal;

use ram_core::{Operation, Resource};

pub use condition::Operator;
pub use decision::{Layer, PolicyClass, Reason};
pub use document::{
    Condition, DocumentKind, Effect, Patterns, Policy, PolicyError, PolicyErrors, Reader, Statement,
};
pub use eval::{AttachedPolicy, Decision, Engine, Matched, Outcome, Request, Session, evaluate};
pub use principal::{Principal, PrincipalKind, Principals};

/// Builds a policy from typed operations: each statement's Actions come from operations and
/// its resources from their own ARN pattern type, so a mismatched pair does not compile.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use cr::{arn, ops};
/// use ram_policy::Policy;
///
/// let team = arn::RepositoryPattern { namespace: "team-a".into(), ..arn::RepositoryPattern::any() };
/// let policy = Policy::builder()
///     .allow::<ops::PullRepository>().on(team.clone())
///     .allow::<ops::PushRepository>().on(team)
///     .allow::<ops::ListInstance>().on(ram_core::AnyResource)
///     .build();
/// assert_eq!(policy.statements.len(), 2);
/// assert_eq!(policy.statements[0].actions.patterns, ["cr:PullRepository", "cr:PushRepository"]);
/// assert_eq!(policy.statements[0].resources.patterns, ["acs:cr:*:*:repository/*/team-a/*"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PolicyBuilder {
    statements: Vec<Statement>,
}

/// A statement in the making: an operation waiting for its resource.
#[derive(Debug, Clone)]
#[must_use = "a statement needs its resource: call `.on(...)`"]
pub struct StatementBuilder<O> {
    builder: PolicyBuilder,
    effect: Effect,
    operation: std::marker::PhantomData<O>,
}

impl Policy {
    /// Starts a typed policy builder.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }
}

impl PolicyBuilder {
    /// Allows an operation; `.on(pattern)` gives its resource.
    pub fn allow<O: Operation>(self) -> StatementBuilder<O> {
        StatementBuilder {
            builder: self,
            effect: Effect::Allow,
            operation: std::marker::PhantomData,
        }
    }

    /// Denies an operation; `.on(pattern)` gives its resource.
    pub fn deny<O: Operation>(self) -> StatementBuilder<O> {
        StatementBuilder {
            builder: self,
            effect: Effect::Deny,
            operation: std::marker::PhantomData,
        }
    }

    /// Adds a condition to the last statement.
    ///
    /// # Errors
    ///
    /// When a value does not fit the operator, or there is no statement yet.
    pub fn when(mut self, operator: Operator, key: &str, values: &[&str]) -> Result<Self, String> {
        let condition = Condition::new(operator, key, values)?;
        let statement = self
            .statements
            .last_mut()
            .ok_or("no statement to add the condition to")?;
        statement.conditions.push(condition);
        statement
            .conditions
            .sort_by(|a, b| (a.operator, &a.key).cmp(&(b.operator, &b.key)));
        Ok(self)
    }

    /// The policy. Statements with the same effect, resources and conditions are merged, and
    /// Actions are sorted, so the result is the smallest equivalent document.
    #[must_use]
    pub fn build(self) -> Policy {
        Policy {
            statements: self.statements,
        }
    }
}

impl<O: Operation> StatementBuilder<O> {
    /// The resource, as a pattern of the operation's own ARN type (or `AnyResource` for
    /// operations authorized against `*`).
    pub fn on(self, pattern: <O::Resource as Resource>::Pattern) -> PolicyBuilder {
        let mut builder = self.builder;
        let action = O::ACTION.to_string();
        let resource = pattern.to_string();
        let same = builder.statements.iter_mut().find(|s| {
            s.effect == self.effect
                && s.conditions.is_empty()
                && !s.actions.negated
                && !s.resources.negated
                && s.resources.patterns == [resource.clone()]
        });
        match same {
            Some(statement) => {
                if !statement.actions.patterns.contains(&action) {
                    statement.actions.patterns.push(action);
                    statement.actions.patterns.sort();
                }
            }
            None => builder.statements.push(Statement {
                effect: self.effect,
                actions: Patterns::of([action]),
                resources: Patterns::of([resource]),
                conditions: Vec::new(),
                principals: None,
            }),
        }
        builder
    }
}
