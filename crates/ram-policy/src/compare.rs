//! Comparing two sets of policies: which requests the new set allows that the old one does not
//! (added access), and the reverse (removed access), decided over the languages of the
//! patterns rather than by sampling.
//!
//! A side is any set of policies the engine evaluates together ([`crate::evaluate`]): identity
//! policies at account scope or attached at resource groups, control and session policies,
//! and resource-based policies (a bucket policy, a role's trust policy). A request is allowed
//! as the vendor's evaluation process decides ([`crate::decision::Tally`]), which `compare`
//! follows term by term: the ways a side allows ([`Because`] names the way the other side
//! does not) are conjunctions of statements that match and statements that do not. Besides
//! the Action, resource and context, a decision depends on the request's resource group (a
//! policy attached at a group applies to resources of that group, for Actions that support
//! resource-group-level authorization, on resource types that support groups), on who asks
//! (a statement's `Principal`; a service or an identity provider assumes a role on the trust
//! policy alone) and, for the Actions that assume a role, on whether the resource is a role.
//! These are finitely many shapes of request: no group or each group a policy names; no
//! principal or one of each region of the principal values named (see [`Finding`]); a role
//! or not. Each finding names the gaining side's Allow that grants it (the identity Allow,
//! or the resource-based one when it grants alone) and why the losing side does not allow:
//! a layer none of whose Allows matches ([`Because::NotAllowed`], [`Because::NotAllowedBy`])
//! or a Deny. For one Action and shape, which statements can match is fixed, and the
//! resources where the new set allows and the old one does not are a Boolean combination of
//! the statements' Resource and NotResource languages. [`GlobSet`] decides such a combination exactly (a product
//! of the glob automata over a symbolic alphabet) and gives a shortest resource that is in it.
//!
//! The Actions compared are every Action of the catalog, and, for Action patterns that reach
//! outside it, one Action per distinct combination of patterns that some Action outside the
//! catalog matches (found by the same product over the lowercased Action patterns, as RAM
//! compares Actions ASCII case-insensitively), and the three Actions that assume a role
//! (`sts:AssumeRole`, `…WithSAML`, `…WithOIDC`) when the catalog lacks them. Two other Actions
//! that match the same patterns are treated alike by both sets, so this covers every Action
//! there is.
//!
//! Conditions are decided exactly: per condition key, the policies' literals cut the values
//! into finitely many regions (intervals of numbers and instants, blocks of addresses,
//! `true`/`false`, the regions of the string globs, a malformed value, the missing key, and
//! several values at once), and every combination across the keys that matters is tried, each
//! with the statements whose conditions hold in it. A finding's witness carries context values
//! of the combination that shows it, and [`crate::evaluate`] confirms it. Where a key cannot be
//! decided (its conditions compare different kinds of value, mix `…IgnoreCase` with
//! case-sensitive operators or name a `StringEquals` value with both `$` and a wildcard, or it
//! has more than [`KEY_LIMIT`] outcomes, or an Action's statements have more than
//! [`SCENARIO_LIMIT`] combinations), the statements with conditions on it count in the
//! direction that can only add reported access (the gaining side's Allow as allowing and its
//! Deny as not denying; the losing side's Allow as not allowing and its Deny as denying), and
//! [`Comparison::approximated`] names them. So an empty [`Comparison::added`] is always a proof
//! that no request gains access, and [`Witness::confirmed`] is false only for a finding that
//! such a statement may prevent.
//!
//! ```
//! # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
//! use ram_policy::{AttachedPolicy, Policy};
//! use ram_policy::compare::compare;
//! let old = Policy::parse(r#"{"Version": "1", "Statement": [
//!     {"Effect": "Allow", "Action": "cr:Get*", "Resource": "*"}]}"#).unwrap();
//! let new = Policy::parse(r#"{"Version": "1", "Statement": [
//!     {"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}"#).unwrap();
//! let comparison = compare(
//!     &[AttachedPolicy::identity("old", old)],
//!     &[AttachedPolicy::identity("new", new)],
//!     &cr::Service,
//! );
//! assert!(!comparison.no_new_access());
//! assert!(comparison.added.iter().any(|f| f.action == "cr:PushRepository"));
//! assert!(comparison.added.iter().all(|f| f.witness.confirmed));
//! assert!(comparison.removed.is_empty());
//! ```

use std::collections::BTreeSet;
use std::fmt;

use ram_core::Catalog;
use ram_core::glob::{Exhausted, Glob, GlobSet};
use ram_core::wildcard::matches_action;

use crate::condition::holds;
use crate::decision::Combination;
use crate::{
    AttachedPolicy, Effect, Layer, Patterns, PolicyClass, Principal, PrincipalKind, Request,
    Statement, evaluate,
};

pub use conditions::{KEY_LIMIT, SCENARIO_LIMIT};
use conditions::{Role, Scenario};

mod conditions;

/// Which set a statement belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The old set (before the change).
    Old,
    /// The new set (after the change).
    New,
}

impl Side {
    /// `old` or `new`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Old => "old",
            Self::New => "new",
        }
    }
}

/// A statement of one of the sets.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatementRef {
    /// The set.
    pub side: Side,
    /// The index of the policy in its set.
    pub index: usize,
    /// The policy's name.
    pub policy: String,
    /// The statement's index in its policy.
    pub statement: usize,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} policy `{}` statement {}",
            self.side.as_str(),
            self.policy,
            self.statement
        )
    }
}

/// Why the losing side does not allow what the gaining side does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Because {
    /// No Allow statement of the losing side's identity policies matches (nor, unless the
    /// request assumes a role, of its resource-based policies).
    NotAllowed,
    /// The losing side has control policies (or a session policy) and no Allow statement of
    /// them matches: that step ends the evaluation with an implicit deny. For a request that
    /// assumes a role, `Layer::ResourceBased`: no statement of the trust policy allows it.
    NotAllowedBy(Layer),
    /// A Deny statement of the losing side matches.
    Denied(StatementRef),
}

/// A set of resources as patterns: those that every `within` matches and no `except` matches.
/// Each is a statement's `Resource` or `NotResource` (or, for an Action that assumes a role,
/// the role ARNs `acs:ram::role/*` and `acs:ram::*:role/*`), so the set is exact, not a
/// sample. Under a resource group ([`Finding::resource_group`]), it is further limited to
/// resources of types that support resource groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Every one of these must match.
    pub within: Vec<Patterns>,
    /// None of these may match.
    pub except: Vec<Patterns>,
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |p: &Patterns| {
            let kind = if p.negated { "NotResource" } else { "Resource" };
            format!("{kind} {:?}", p.patterns)
        };
        let within: Vec<String> = self.within.iter().map(show).collect();
        write!(f, "{}", within.join(" and "))?;
        if !self.except.is_empty() {
            let except: Vec<String> = self.except.iter().map(show).collect();
            write!(f, " except {}", except.join(", "))?;
        }
        Ok(())
    }
}

/// A concrete request that shows a finding.
#[derive(Debug, Clone)]
pub struct Witness {
    /// The request: Action, resource, the context values of the combination of conditions
    /// that shows the finding, the resource group ([`Finding::resource_group`]) and who asks
    /// (`None` unless a statement names principals or the Action assumes a role; then one
    /// principal of the region of principal names the finding was found for).
    pub request: Request,
    /// The context values set, in order (also in `request`); a key given several values
    /// appears once per value, and a missing key not at all.
    pub context: Vec<(String, String)>,
    /// Whether [`crate::evaluate`] allows it with the gaining set and not with the losing one.
    /// It is false only when some statement's conditions were over-approximated.
    pub confirmed: bool,
}

/// One access that the gaining side has and the losing side does not.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The Action (as the catalog spells it, or an Action outside the catalog).
    pub action: String,
    /// Whether the catalog knows the Action; when not, `action` stands for every Action that
    /// matches the same patterns.
    pub in_catalog: bool,
    /// The gaining side's Allow statement that grants it.
    pub grant: StatementRef,
    /// Why the losing side does not allow it.
    pub because: Because,
    /// The resources concerned, as patterns.
    pub resources: Language,
    /// The resource group the requests name, when a policy attached at it makes the
    /// difference (the same as `witness.request.resource_group`).
    pub resource_group: Option<String>,
    /// A request in it.
    pub witness: Witness,
}

/// The result of [`compare`].
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// What the new set allows and the old one does not.
    pub added: Vec<Finding>,
    /// What the old set allows and the new one does not.
    pub removed: Vec<Finding>,
    /// Statements whose conditions or principals could not be decided, counted
    /// conservatively (see the module documentation), in order; under a resource group, also
    /// the group's statements of a finding the engine did not confirm.
    pub approximated: Vec<StatementRef>,
    /// Actions whose resource languages were too large to decide within
    /// [`GlobSet::LIMIT`] states, with the direction (`Side::New`: added). They count as
    /// possible new access.
    pub undecided: Vec<(Side, String)>,
}

impl Comparison {
    /// Whether this is a proof that the new set allows nothing the old one does not.
    #[must_use]
    pub fn no_new_access(&self) -> bool {
        self.added.is_empty() && !self.undecided.iter().any(|(side, _)| *side == Side::New)
    }
}

/// A statement with where it comes from.
struct Entry<'p> {
    at: StatementRef,
    statement: &'p Statement,
    /// The class of its policy, which decides its part in the evaluation process.
    class: &'p PolicyClass,
}

/// What a statement does in the evaluation process: its policy's class without the group's
/// name, an index of [`Play::lists`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Account = 0,
    Group = 1,
    Control = 2,
    Session = 3,
    Resource = 4,
}

impl Part {
    fn of(class: &PolicyClass) -> Self {
        match class {
            PolicyClass::IdentityAccount => Self::Account,
            PolicyClass::IdentityResourceGroup(_) => Self::Group,
            PolicyClass::Control => Self::Control,
            PolicyClass::Session => Self::Session,
            PolicyClass::ResourceBased => Self::Resource,
        }
    }
}

/// One side's statements and policies, and whether it has control and session policies
/// (given one policy of such a layer, even without statements, a request needs one of its
/// Allows: the standard process, steps 1-2).
struct Set<'s, 'p> {
    entries: &'s [Entry<'p>],
    policies: &'s [AttachedPolicy],
    control: bool,
    session: bool,
}

impl<'s, 'p> Set<'s, 'p> {
    fn new(entries: &'s [Entry<'p>], policies: &'s [AttachedPolicy]) -> Self {
        Self {
            entries,
            policies,
            control: policies.iter().any(|p| p.class == PolicyClass::Control),
            session: policies.iter().any(|p| p.class == PolicyClass::Session),
        }
    }

    /// Its statements whose Action patterns apply to `action`.
    fn applicable(&self, action: &str) -> Vec<&'s Entry<'p>> {
        self.entries
            .iter()
            .filter(|e| action_applies(&e.statement.actions, action))
            .collect()
    }
}

fn entries(side: Side, policies: &[AttachedPolicy]) -> Vec<Entry<'_>> {
    let mut all = Vec::new();
    for (index, attached) in policies.iter().enumerate() {
        for (statement_index, statement) in attached.policy.statements.iter().enumerate() {
            all.push(Entry {
                at: StatementRef {
                    side,
                    index,
                    policy: attached.name.clone(),
                    statement: statement_index,
                },
                statement,
                class: &attached.class,
            });
        }
    }
    all
}

fn action_applies(patterns: &Patterns, action: &str) -> bool {
    patterns.patterns.iter().any(|p| matches_action(p, action)) != patterns.negated
}

/// Compares two sets of policies: the access the new set adds and the access it removes, for
/// every Action of `catalog` and every Action outside it.
#[must_use]
pub fn compare(
    old: &[AttachedPolicy],
    new: &[AttachedPolicy],
    catalog: &dyn Catalog,
) -> Comparison {
    let old_entries = entries(Side::Old, old);
    let new_entries = entries(Side::New, new);
    let old_set = Set::new(&old_entries, old);
    let new_set = Set::new(&new_entries, new);
    let groups: BTreeSet<String> = old
        .iter()
        .chain(new)
        .filter_map(|p| p.class.resource_group().map(str::to_owned))
        .collect();
    let supporting = supporting_templates(catalog);
    let mut comparison = Comparison::default();
    let mut approximated = BTreeSet::new();
    for (action, in_catalog) in actions(&old_entries, &new_entries, catalog) {
        let context = Context {
            action: &action,
            in_catalog,
            catalog,
            groups: &groups,
            supporting: &supporting,
        };
        let added = gains(&context, [&new_set, &old_set], &mut approximated);
        match added {
            Ok(found) => comparison.added.extend(found),
            Err(Exhausted) => comparison.undecided.push((Side::New, action.clone())),
        }
        let removed = gains(&context, [&old_set, &new_set], &mut approximated);
        match removed {
            Ok(found) => comparison.removed.extend(found),
            Err(Exhausted) => comparison.undecided.push((Side::Old, action.clone())),
        }
    }
    comparison.approximated = approximated.into_iter().collect();
    comparison
}

/// The resources of types that support resource groups, as globs over-approximating
/// [`Catalog::resource_supports_resource_groups`]: the documented templates that
/// [`Catalog::template_supports_resource_groups`] says support them, by service code (as
/// [`Glob::template`]: a parameter is any non-empty run without `/` or `:`, where the catalog
/// also refuses wildcards and whitespace). `None` for a catalog that lists no templates: it is
/// taken to support resource groups on every resource, the only bound it leaves.
fn supporting_templates(catalog: &dyn Catalog) -> Option<Vec<(String, Vec<String>)>> {
    let templates = catalog.templates();
    if templates.is_empty() {
        return None;
    }
    let mut by_service: std::collections::BTreeMap<String, Vec<String>> =
        std::collections::BTreeMap::new();
    for template in templates {
        if catalog.template_supports_resource_groups(template) {
            let service = template.split(':').nth(1).unwrap_or_default().to_owned();
            by_service
                .entry(service)
                .or_default()
                .push(template.to_owned());
        }
    }
    Some(by_service.into_iter().collect())
}

/// The Actions to compare: the catalog's, then one per combination of the statements' Action
/// patterns that only Actions outside the catalog have (see the module documentation).
fn actions(old: &[Entry<'_>], new: &[Entry<'_>], catalog: &dyn Catalog) -> Vec<(String, bool)> {
    let known: Vec<String> = catalog.actions().into_iter().map(str::to_owned).collect();
    let patterns: Vec<String> = old
        .iter()
        .chain(new)
        .flat_map(|e| &e.statement.actions.patterns)
        .map(|p| p.to_ascii_lowercase())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // The Actions that assume a role decide differently from the others that match the same
    // patterns (the trust policy must allow too): each is compared on its own, and is a glob
    // of the product, so that no other combination stands for it.
    const ASSUMING: [&str; 3] = [
        "sts:AssumeRole",
        "sts:AssumeRoleWithSAML",
        "sts:AssumeRoleWithOIDC",
    ];
    let set = GlobSet::new(
        patterns
            .iter()
            .map(|p| Glob::pattern(p))
            .chain(ASSUMING.map(|a| Glob::pattern(&a.to_ascii_lowercase())))
            .collect(),
    );
    let covered: BTreeSet<Vec<bool>> = known
        .iter()
        .map(|a| set.matches(&a.to_ascii_lowercase()))
        .collect();
    let mut all: Vec<(String, bool)> = known.iter().map(|a| (a.clone(), true)).collect();
    for assume in ASSUMING {
        if !known.iter().any(|a| a.eq_ignore_ascii_case(assume)) {
            all.push((assume.to_owned(), false));
        }
    }
    // Every combination counts, none matched included: a `NotAction` statement applies to
    // the Actions that match none of its patterns. The Action patterns are short, so the
    // product of their automata is small; were it not, an Action of every combination could not be named, and the comparison would be unsound,
    // so the fallback compares one Action per pattern's own language instead of stopping.
    match set.regions() {
        Ok(regions) => {
            for (vector, witness) in regions {
                let assumes = vector
                    .get(patterns.len()..)
                    .is_some_and(|a| a.iter().any(|m| *m));
                if !covered.contains(&vector) && !assumes {
                    all.push((witness, false));
                }
            }
        }
        Err(Exhausted) => {
            for pattern in &patterns {
                all.push((pattern.replace('*', "").replace('?', "x"), false));
            }
        }
    }
    all
}

/// What [`gains`] needs to know of the Action and of both sets.
struct Context<'c> {
    action: &'c str,
    in_catalog: bool,
    catalog: &'c dyn Catalog,
    /// The resource groups the sets' policies are attached at.
    groups: &'c BTreeSet<String>,
    /// [`supporting_templates`].
    supporting: &'c Option<Vec<(String, Vec<String>)>>,
}

/// A literal of a finding's resources: a statement's `Resource` (or `NotResource`) that must
/// match, or a fixed set of resources (the ARNs of RAM roles, those of types that support
/// resource groups).
struct Member<'e, 'p> {
    entry: Option<&'e Entry<'p>>,
    /// The resources it matches, as a finding shows them (`None`: not shown).
    resources: Option<Patterns>,
    /// The indexes of its globs in the glob set.
    globs: Vec<usize>,
    negated: bool,
    /// Its place in the statements given to [`conditions::scenarios`].
    slot: Option<usize>,
}

impl Member<'_, '_> {
    fn matches(&self, vector: &[bool]) -> bool {
        self.globs
            .iter()
            .any(|i| vector.get(*i).copied().unwrap_or(false))
            != self.negated
    }

    /// Whether its conditions hold in a scenario (a fixed set of resources has none).
    fn holds(&self, scenario: &Scenario) -> bool {
        self.slot
            .is_none_or(|slot| scenario.holds.get(slot).copied().unwrap_or(false))
    }

    /// Whether it is a statement of a policy attached at a resource group.
    fn in_group(&self) -> bool {
        self.entry
            .is_some_and(|e| matches!(e.class, PolicyClass::IdentityResourceGroup(_)))
    }
}

/// The index of a glob in `globs`, added when new.
fn glob_index(globs: &mut Vec<(String, bool)>, text: &str, template: bool) -> usize {
    globs
        .iter()
        .position(|(t, is_template)| t == text && *is_template == template)
        .unwrap_or_else(|| {
            globs.push((text.to_owned(), template));
            globs.len() - 1
        })
}

/// The ARNs of RAM roles, on which the assuming Actions take the role's trust policy
/// ([`crate::decision::Combination::of`]: `acs:ram::` then anywhere `:role/`, which may start
/// at the prefix's last colon).
const ROLE_ARNS: [&str; 2] = ["acs:ram::role/*", "acs:ram::*:role/*"];

/// The parts of a request besides its Action, resource and context that the sets' decisions
/// depend on: the resource group (when a policy attached at it can apply), who asks (when a
/// statement names principals, or the Action assumes a role), and for an Action that assumes
/// a role whether the resource is a role.
#[derive(Debug, Clone)]
struct Shape {
    resource_group: Option<String>,
    principal: Option<Principal>,
    /// `Some(true)`: the resource is a role's ARN, `Some(false)`: it is not, `None`: the
    /// Action does not assume roles.
    role: Option<bool>,
}

impl Shape {
    fn combination(&self, action: &str) -> Combination {
        if self.role == Some(true) {
            Combination::of(action, "acs:ram::x:role/x", self.principal.as_ref())
        } else {
            Combination::Standard
        }
    }
}

/// The principals to try: none, and per form one of each region of the principal values the
/// statements name (their patterns, and for an account root `acs:ram::ID:root` the ARNs of
/// the account's users, roles and role sessions, which it names differently), so that
/// [`crate::Principals::names`] is constant on what each stands for. Statements whose
/// principals cannot be cut so (a root whose account has a wildcard, too many regions) are
/// returned apart: they are counted conservatively.
fn principals(statements: &[&Entry<'_>], assumes: bool) -> (Vec<Option<Principal>>, Vec<usize>) {
    let named: Vec<(usize, &crate::Principals)> = statements
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.statement.principals.as_ref().map(|p| (i, p)))
        .collect();
    let mut undecided = Vec::new();
    if named.is_empty() && !assumes {
        return (vec![None], undecided);
    }
    let mut all = vec![None];
    for kind in PrincipalKind::ALL {
        let values: BTreeSet<&str> = named.iter().flat_map(|(_, p)| p.values(kind)).collect();
        if kind == PrincipalKind::Service {
            // Services compare ASCII case-insensitively and without wildcards: each value
            // is a region, and one name matches none.
            let lower: BTreeSet<String> = values
                .iter()
                .filter(|v| **v != "*")
                .map(|v| v.to_ascii_lowercase())
                .collect();
            let other = (0..)
                .map(|n| format!("service-{n}.aliyuncs.com"))
                .find(|o| !lower.contains(o))
                .unwrap_or_default();
            all.extend(
                lower
                    .into_iter()
                    .chain([other])
                    .map(|name| Some(Principal::service(name))),
            );
            continue;
        }
        let mut globs: Vec<Glob> = values.iter().map(|v| Glob::pattern(v)).collect();
        for value in &values {
            let Some(account) = value
                .strip_prefix("acs:ram::")
                .and_then(|rest| rest.strip_suffix(":root"))
            else {
                continue;
            };
            if kind != PrincipalKind::Ram || account.contains(':') {
                continue;
            }
            if account.contains(['*', '?']) {
                undecided.extend(
                    named
                        .iter()
                        .filter(|(_, p)| p.values(kind).any(|v| v == *value))
                        .map(|(i, _)| *i),
                );
                continue;
            }
            for what in ["user/", "role/", "assumed-role/"] {
                globs.push(Glob::pattern(&format!("acs:ram::{account}:{what}*")));
            }
        }
        let real = globs.len();
        // Preferred names: an ARN, else any non-empty one (a cases file needs one).
        globs.push(Glob::pattern("acs:ram::?*"));
        globs.push(Glob::pattern("?*"));
        let make = |name: String| match kind {
            PrincipalKind::Federated => Principal::federated(name),
            _ => Principal::ram(name),
        };
        match GlobSet::new(globs).regions() {
            Ok(regions) => {
                let mut best: Vec<(Vec<bool>, (usize, usize), String)> = Vec::new();
                for (vector, text) in regions {
                    let (own, prefer) = vector.split_at(real.min(vector.len()));
                    let rank = (
                        prefer.iter().position(|m| *m).unwrap_or(prefer.len()),
                        text.chars().count(),
                    );
                    match best.iter_mut().find(|(v, _, _)| v.as_slice() == own) {
                        Some(entry) if rank < entry.1 => *entry = (own.to_vec(), rank, text),
                        Some(_) => {}
                        None => best.push((own.to_vec(), rank, text)),
                    }
                }
                all.extend(best.into_iter().map(|(_, _, text)| Some(make(text))));
            }
            Err(Exhausted) => {
                undecided.extend(
                    named
                        .iter()
                        .filter(|(_, p)| p.values(kind).next().is_some())
                        .map(|(i, _)| *i),
                );
                all.push(Some(make("acs:ram::1:user/x".to_owned())));
            }
        }
    }
    (all, undecided)
}

/// Every shape of request that can decide differently for the Action (see [`Shape`]).
fn shapes(context: &Context<'_>, statements: &[&Entry<'_>]) -> (Vec<Shape>, Vec<usize>) {
    let assumes = matches!(
        Combination::of(context.action, "acs:ram::x:role/x", None),
        Combination::AssumeRole { .. }
    );
    let (principals, undecided) = principals(statements, assumes);
    // A policy attached at a group applies only for an Action the catalog says supports
    // resource-group-level authorization; otherwise no group changes anything.
    let supports = context
        .catalog
        .action_supports_resource_groups(context.action)
        == Some(true);
    let grouped = statements
        .iter()
        .any(|e| matches!(e.class, PolicyClass::IdentityResourceGroup(_)));
    let groups: Vec<Option<String>> = std::iter::once(None)
        .chain(
            context
                .groups
                .iter()
                .filter(|_| supports && grouped)
                .map(|g| Some(g.clone())),
        )
        .collect();
    let roles: &[Option<bool>] = if assumes {
        &[Some(false), Some(true)]
    } else {
        &[None]
    };
    let mut all = Vec::new();
    for resource_group in &groups {
        for principal in &principals {
            for role in roles {
                all.push(Shape {
                    resource_group: resource_group.clone(),
                    principal: principal.clone(),
                    role: *role,
                });
            }
        }
    }
    (all, undecided)
}

/// A condition on the vector of matches of a glob set.
type Wanted<'a> = Box<dyn Fn(&[bool]) -> bool + 'a>;

/// A resource found for one case in one scenario, before the narrower ones are dropped.
struct Candidate<'s> {
    /// The members that exclude resources.
    except: BTreeSet<usize>,
    language: Language,
    resource: String,
    scenario: &'s Scenario,
}

/// One side's members in play for a shape, by [`Part`] and effect (Allow, Deny), as indexes
/// into the members.
#[derive(Default)]
struct Play {
    lists: [[Vec<usize>; 2]; 5],
}

impl Play {
    fn get(&self, part: Part, effect: Effect) -> &[usize] {
        let e = usize::from(effect == Effect::Deny);
        self.lists
            .get(part as usize)
            .and_then(|l| l.get(e))
            .map_or(&[], Vec::as_slice)
    }

    fn all(&self, parts: &[Part], effect: Effect) -> Vec<usize> {
        let mut all: Vec<usize> = parts
            .iter()
            .flat_map(|p| self.get(*p, effect).iter().copied())
            .collect();
        all.sort_unstable();
        all
    }
}

/// A way the gaining side allows: the Allow that grants, the members that must match and
/// those that must not.
struct Grant {
    lead: usize,
    within: Vec<usize>,
    except: Vec<usize>,
}

/// The ways a side allows a request of a shape whose identity and resource-based decisions
/// combine by `combination`, as the evaluation process decides ([`crate::decision::Tally`]):
/// one Allow of each control and session layer the set has; no Deny of them or of the
/// resource-based policies; then, by the combination, an account-level identity Allow with no
/// account-level Deny (a group's Deny is not looked at), a group's Allow with no identity
/// Deny, or a resource-based Allow with neither (for a role, an identity Allow and a trust
/// Allow together; a service or an identity provider needs the trust Allow alone).
fn grants(play: &Play, set: &Set<'_, '_>, combination: Combination) -> Vec<Grant> {
    use Effect::Allow;
    let mut choices: Vec<Vec<usize>> = vec![Vec::new()];
    for (present, part) in [(set.control, Part::Control), (set.session, Part::Session)] {
        if !present {
            continue;
        }
        choices = choices
            .iter()
            .flat_map(|c| {
                play.get(part, Allow).iter().map(move |m| {
                    let mut c = c.clone();
                    c.push(*m);
                    c
                })
            })
            .collect();
    }
    let base = [Part::Control, Part::Session, Part::Resource];
    let with_account = [Part::Control, Part::Session, Part::Resource, Part::Account];
    let all_denies = [
        Part::Control,
        Part::Session,
        Part::Resource,
        Part::Account,
        Part::Group,
    ];
    // (lead, other members that must match, parts whose Denies must not).
    let mut ways: Vec<(usize, Vec<usize>, &[Part])> = Vec::new();
    match combination {
        Combination::Standard => {
            ways.extend(
                play.get(Part::Account, Allow)
                    .iter()
                    .map(|a| (*a, vec![], &with_account[..])),
            );
            ways.extend(
                play.get(Part::Group, Allow)
                    .iter()
                    .map(|a| (*a, vec![], &all_denies[..])),
            );
            ways.extend(
                play.get(Part::Resource, Allow)
                    .iter()
                    .map(|b| (*b, vec![], &all_denies[..])),
            );
        }
        Combination::AssumeRole { identity: true } => {
            for b in play.get(Part::Resource, Allow) {
                ways.extend(
                    play.get(Part::Account, Allow)
                        .iter()
                        .map(|a| (*a, vec![*b], &with_account[..])),
                );
                ways.extend(
                    play.get(Part::Group, Allow)
                        .iter()
                        .map(|a| (*a, vec![*b], &all_denies[..])),
                );
            }
        }
        Combination::AssumeRole { identity: false } => {
            ways.extend(
                play.get(Part::Resource, Allow)
                    .iter()
                    .map(|b| (*b, vec![], &base[..])),
            );
        }
    }
    ways.sort_by_key(|(lead, _, _)| *lead);
    let mut all = Vec::new();
    for (lead, others, denies) in ways {
        let except = play.all(denies, Effect::Deny);
        for choice in &choices {
            let within = std::iter::once(lead)
                .chain(others.iter().copied())
                .chain(choice.iter().copied())
                .collect();
            all.push(Grant {
                lead,
                within,
                except: except.clone(),
            });
        }
    }
    all
}

/// The ways a side does not allow a request of a shape (the complement of [`grants`]): a
/// layer none of whose Allows matches, or a Deny that decides (a group's Deny only when no
/// account-level Allow matches), as (why, members that must match, members that must not).
fn refusals(
    play: &Play,
    set: &Set<'_, '_>,
    combination: Combination,
    members: &[Member<'_, '_>],
) -> Vec<(Because, Vec<usize>, Vec<usize>)> {
    use Effect::{Allow, Deny};
    let mut all = Vec::new();
    let identity = !matches!(combination, Combination::AssumeRole { identity: false });
    if identity {
        let mut parts = vec![Part::Account, Part::Group];
        if combination == Combination::Standard {
            parts.push(Part::Resource);
        }
        all.push((Because::NotAllowed, Vec::new(), play.all(&parts, Allow)));
    }
    for (present, part, layer) in [
        (set.control, Part::Control, Layer::Control),
        (set.session, Part::Session, Layer::Session),
    ] {
        if present {
            all.push((
                Because::NotAllowedBy(layer),
                Vec::new(),
                play.all(&[part], Allow),
            ));
        }
    }
    if combination != Combination::Standard {
        all.push((
            Because::NotAllowedBy(Layer::ResourceBased),
            Vec::new(),
            play.all(&[Part::Resource], Allow),
        ));
    }
    let mut denies: Vec<(usize, Vec<usize>)> = Vec::new();
    for part in [Part::Control, Part::Session, Part::Resource] {
        denies.extend(play.get(part, Deny).iter().map(|d| (*d, Vec::new())));
    }
    if identity {
        denies.extend(
            play.get(Part::Account, Deny)
                .iter()
                .map(|d| (*d, Vec::new())),
        );
        let account_allows = play.all(&[Part::Account], Allow);
        denies.extend(
            play.get(Part::Group, Deny)
                .iter()
                .map(|d| (*d, account_allows.clone())),
        );
    }
    denies.sort_by_key(|(d, _)| *d);
    for (d, except) in denies {
        if let Some(at) = members.get(d).and_then(|m| m.entry).map(|e| e.at.clone()) {
            all.push((Because::Denied(at), vec![d], except));
        }
    }
    all
}

/// The findings of one direction for one Action: what `gaining` allows and `losing` does not,
/// over every [`Shape`] of request. The statements counted conservatively are added to
/// `approximated`.
fn gains(
    context: &Context<'_>,
    [gaining, losing]: [&Set<'_, '_>; 2],
    approximated: &mut BTreeSet<StatementRef>,
) -> Result<Vec<Finding>, Exhausted> {
    let action = context.action;
    let (gaining_entries, losing_entries) = (gaining.applicable(action), losing.applicable(action));
    // Only an identity or resource-based Allow grants anything.
    if !gaining_entries.iter().any(|e| {
        e.statement.effect == Effect::Allow
            && !matches!(e.class, PolicyClass::Control | PolicyClass::Session)
    }) {
        return Ok(Vec::new());
    }
    let both: Vec<&Entry<'_>> = gaining_entries
        .iter()
        .chain(&losing_entries)
        .copied()
        .collect();
    let (shapes, undecided) = shapes(context, &both);
    let undecided: BTreeSet<*const Entry<'_>> = undecided
        .iter()
        .filter_map(|i| both.get(*i).map(|e| std::ptr::from_ref(*e)))
        .collect();
    let mut findings: Vec<Finding> = Vec::new();
    for shape in &shapes {
        shape_gains(
            context,
            shape,
            [(gaining, &gaining_entries), (losing, &losing_entries)],
            &undecided,
            approximated,
            &mut findings,
        )?;
    }
    Ok(findings)
}

/// [`gains`] for one shape of request, adding the findings not already found.
fn shape_gains(
    context: &Context<'_>,
    shape: &Shape,
    [(gaining, gaining_entries), (losing, losing_entries)]: [(&Set<'_, '_>, &Vec<&Entry<'_>>); 2],
    undecided: &BTreeSet<*const Entry<'_>>,
    approximated: &mut BTreeSet<StatementRef>,
    findings: &mut Vec<Finding>,
) -> Result<(), Exhausted> {
    let action = context.action;
    let combination = shape.combination(action);
    let mut globs: Vec<(String, bool)> = Vec::new();
    let mut members: Vec<Member<'_, '_>> = Vec::new();
    let mut involved: Vec<(&Statement, Role)> = Vec::new();
    let mut plays = [Play::default(), Play::default()];
    for (side, entries) in [gaining_entries, losing_entries].into_iter().enumerate() {
        for entry in entries.iter().copied() {
            // A policy attached at another group than the request's has no effect.
            if let Some(group) = entry.class.resource_group()
                && shape.resource_group.as_deref() != Some(group)
            {
                continue;
            }
            let statement = entry.statement;
            let gains = side == 0;
            let allow = statement.effect == Effect::Allow;
            let part = Part::of(entry.class);
            let role = match (gains, allow) {
                (true, true) if matches!(part, Part::Control | Part::Session) => Role::Required,
                (true, true) => Role::Grant,
                (true, false) => Role::GainingDeny,
                (false, true) => Role::LosingAllow,
                (false, false) => Role::LosingDeny,
            };
            // Who asks is fixed in a shape: a statement that does not name them never
            // matches; where that cannot be told, it counts as its role assumes.
            let named = if undecided.contains(&std::ptr::from_ref(entry)) {
                approximated.insert(entry.at.clone());
                role.assumed()
            } else {
                statement
                    .principals
                    .as_ref()
                    .is_none_or(|p| p.names(shape.principal.as_ref(), statement.effect))
            };
            if !named {
                continue;
            }
            let index = members.len();
            members.push(Member {
                entry: Some(entry),
                // A trust statement's absent `Resource` is the resource itself: nothing to show.
                resources: (!statement.resources.is_attached_resource())
                    .then(|| statement.resources.clone()),
                globs: statement
                    .resources
                    .patterns
                    .iter()
                    .map(|p| glob_index(&mut globs, p, false))
                    .collect(),
                negated: statement.resources.negated,
                slot: Some(involved.len()),
            });
            involved.push((statement, role));
            if let Some(lists) = plays
                .get_mut(side)
                .and_then(|p| p.lists.get_mut(part as usize))
                .and_then(|l| l.get_mut(usize::from(!allow)))
            {
                lists.push(index);
            }
        }
    }
    let [gaining_play, losing_play] = &plays;
    let allows = grants(gaining_play, gaining, combination);
    if allows.is_empty() {
        return Ok(());
    }
    let refusals = refusals(losing_play, losing, combination, &members);
    // The fixed sets of resources every finding of the shape is in.
    let mut fixed: Vec<usize> = Vec::new();
    if let Some(role) = shape.role {
        fixed.push(members.len());
        members.push(Member {
            entry: None,
            resources: Some(Patterns {
                negated: !role,
                patterns: ROLE_ARNS.map(str::to_owned).to_vec(),
            }),
            globs: ROLE_ARNS
                .iter()
                .map(|p| glob_index(&mut globs, p, false))
                .collect(),
            negated: !role,
            slot: None,
        });
    }
    if shape.resource_group.is_some() {
        // Of a type that supports resource groups: the Action's own service by its
        // templates, any other by its code (a bound from above, see `supporting_templates`).
        let service = action.split(':').next().unwrap_or_default();
        let mut own = Vec::new();
        match context.supporting {
            None => own.push(glob_index(&mut globs, "*", false)),
            Some(by_service) => {
                for (code, templates) in by_service {
                    if code.is_empty() || code.eq_ignore_ascii_case(service) {
                        for t in templates {
                            own.push(glob_index(&mut globs, t, true));
                        }
                    } else {
                        own.push(glob_index(&mut globs, &format!("acs:{code}:*"), false));
                    }
                }
            }
        }
        fixed.push(members.len());
        members.push(Member {
            entry: None,
            resources: None,
            globs: own,
            negated: false,
            slot: None,
        });
    }
    let scenarios = conditions::scenarios(&involved);
    for m in &members {
        if let (Some(slot), Some(entry)) = (m.slot, m.entry)
            && scenarios.approximated.get(slot).copied().unwrap_or(false)
        {
            approximated.insert(entry.at.clone());
        }
    }

    // A plausible ARN: one of the Action's own templates when one fits, else one of its
    // service, else any string.
    let mut all_globs: Vec<Glob> = globs
        .iter()
        .map(|(t, template)| {
            if *template {
                Glob::template(t)
            } else {
                Glob::pattern(t)
            }
        })
        .collect();
    let templates: Vec<String> = context
        .catalog
        .action_info(action)
        .map(|info| info.templates.iter().map(|t| (*t).to_owned()).collect())
        .unwrap_or_default();
    let first_template = all_globs.len();
    all_globs.extend(templates.iter().map(|t| Glob::template(t)));
    let service = action.split(':').next().unwrap_or_default();
    let service_glob = all_globs.len();
    all_globs.push(Glob::pattern(&format!("acs:{service}:*")));
    let set = GlobSet::new(all_globs);
    let plausible: Vec<Wanted<'_>> = vec![
        Box::new(move |v: &[bool]| {
            v.get(first_template..service_glob)
                .is_some_and(|t| t.iter().any(|m| *m))
        }),
        Box::new(move |v: &[bool]| v.get(service_glob).copied().unwrap_or(false)),
        Box::new(|_: &[bool]| true),
    ];
    // Every vector of matches with its shortest string, found once and scanned per scenario
    // and case (in the order of their strings' lengths, so the first that fits is the one a
    // search would find); when there are too many, each question searches on its own.
    let regions = set.regions().ok();
    let find = |wanted: &dyn Fn(&[bool]) -> bool| -> Result<Option<String>, Exhausted> {
        if let Some(regions) = &regions {
            return Ok(plausible.iter().find_map(|prefer| {
                regions
                    .iter()
                    .find(|(v, _)| wanted(v) && prefer(v))
                    .map(|(_, text)| text.clone())
            }));
        }
        if set.find(wanted)?.is_none() {
            return Ok(None);
        }
        for prefer in &plausible {
            if let Some(found) = set.find(|v| wanted(v) && prefer(v))? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    };

    // Each set of patterns once: two statements with the same `Resource` say it once.
    let shown = |list: &[&Member<'_, '_>]| -> Vec<Patterns> {
        let mut all: Vec<Patterns> = Vec::new();
        for p in list.iter().filter_map(|m| m.resources.clone()) {
            if !all.contains(&p) {
                all.push(p);
            }
        }
        all
    };
    for grant in &allows {
        let Some(lead) = members.get(grant.lead).and_then(|m| m.entry) else {
            continue;
        };
        for (because, within_losing, except_losing) in &refusals {
            let mut within: Vec<usize> = grant.within.clone();
            within.extend(within_losing.iter().copied());
            within.extend(fixed.iter().copied());
            let except: Vec<usize> = grant
                .except
                .iter()
                .chain(except_losing)
                .copied()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let within_indexes = within;
            let within: Vec<&Member<'_, '_>> = within_indexes
                .iter()
                .filter_map(|i| members.get(*i))
                .collect();
            let mut candidates: Vec<Candidate<'_>> = Vec::new();
            for scenario in &scenarios.list {
                if !within.iter().all(|m| m.holds(scenario)) {
                    continue;
                }
                // In this scenario the statements whose conditions hold are unconditional
                // and the others absent.
                let excluding: Vec<(usize, &Member<'_, '_>)> = except
                    .iter()
                    .filter_map(|i| members.get(*i).map(|m| (*i, m)))
                    .filter(|(_, m)| m.holds(scenario))
                    .collect();
                // Under a resource group, only what a policy attached at it changes is
                // shown: the rest is the same without the group.
                if shape.resource_group.is_some()
                    && !within.iter().any(|m| m.in_group())
                    && !excluding.iter().any(|(_, m)| m.in_group())
                {
                    continue;
                }
                let wanted = |v: &[bool]| {
                    within.iter().all(|m| m.matches(v))
                        && !excluding.iter().any(|(_, e)| e.matches(v))
                };
                let Some(resource) = find(&wanted)? else {
                    continue;
                };
                let excluded: Vec<&Member<'_, '_>> = excluding.iter().map(|(_, m)| *m).collect();
                candidates.push(Candidate {
                    except: excluding.iter().map(|(i, _)| *i).collect(),
                    language: Language {
                        within: shown(&within),
                        except: shown(&excluded),
                    },
                    resource,
                    scenario,
                });
            }
            // A scenario that excludes more statements than another gives a subset of its
            // resources: only the widest languages are findings, each once.
            for (i, c) in candidates.iter().enumerate() {
                let narrower = candidates.iter().enumerate().any(|(j, other)| {
                    (other.except.is_subset(&c.except) && other.except != c.except)
                        || (j < i && other.except == c.except)
                });
                let repeated = findings.iter().any(|f| {
                    f.grant == lead.at
                        && f.because == *because
                        && f.resources == c.language
                        && f.resource_group == shape.resource_group
                });
                if narrower || repeated {
                    continue;
                }
                let witness = witness(
                    context,
                    lead.statement,
                    (c.resource.clone(), shape),
                    (c.scenario, &scenarios.decided),
                    gaining.policies,
                    losing.policies,
                );
                // Under a group the resource types were bounded from above (see
                // `supporting_templates`): when the engine disagrees, the group's statements
                // of the finding were counted as applying where they may not.
                if !witness.confirmed && shape.resource_group.is_some() {
                    for i in within_indexes.iter().chain(&c.except) {
                        if let Some(entry) = members
                            .get(*i)
                            .filter(|m| m.in_group())
                            .and_then(|m| m.entry)
                        {
                            approximated.insert(entry.at.clone());
                        }
                    }
                }
                findings.push(Finding {
                    action: action.to_owned(),
                    in_catalog: context.in_catalog,
                    grant: lead.at.clone(),
                    because: because.clone(),
                    resources: c.language.clone(),
                    resource_group: shape.resource_group.clone(),
                    witness,
                });
            }
        }
    }
    Ok(())
}

/// Values worth trying for a context key: the policy's own values, variations of them, and a
/// few of each kind of operator.
fn candidates(raw: &[String]) -> Vec<String> {
    let mut all: Vec<String> = raw.to_vec();
    all.extend(raw.iter().map(|r| format!("{r}-other")));
    all.extend(raw.iter().filter_map(|r| {
        r.parse::<f64>()
            .ok()
            .map(|n| format!("{}", (n + 1.0).trunc()))
    }));
    all.extend(raw.iter().filter_map(|r| {
        r.parse::<f64>()
            .ok()
            .map(|n| format!("{}", (n - 1.0).trunc()))
    }));
    all.extend(
        [
            "true",
            "false",
            "0",
            "1",
            "10.0.0.1",
            "192.0.2.1",
            "2000-01-01T00:00:00Z",
            "2100-01-01T00:00:00Z",
            "other",
        ]
        .map(str::to_owned),
    );
    all
}

/// The witness request for a resource in a shape (its resource group and principal): the
/// scenario's context values, and for the granting
/// statement's undecided keys values that make its conditions hold where some tried value
/// does; then the engine's verdict on both sides.
fn witness(
    context: &Context<'_>,
    grant: &Statement,
    (resource, shape): (String, &Shape),
    (scenario, decided): (&Scenario, &BTreeSet<String>),
    gaining: &[AttachedPolicy],
    losing: &[AttachedPolicy],
) -> Witness {
    let keys: BTreeSet<String> = grant
        .conditions
        .iter()
        .map(|c| c.key.to_lowercase())
        .filter(|k| !decided.contains(k))
        .collect();
    let mut chosen: Vec<(String, String)> = scenario.context.clone();
    for key in keys {
        let on_key: Vec<_> = grant
            .conditions
            .iter()
            .filter(|c| c.key.to_lowercase() == key)
            .collect();
        let all_hold =
            |value: Option<&[String]>| on_key.iter().all(|c| holds(c.operator, &c.values, value));
        if all_hold(None) {
            continue;
        }
        let raw: Vec<String> = on_key.iter().flat_map(|c| c.raw.clone()).collect();
        if let Some(value) = candidates(&raw)
            .into_iter()
            .find(|v| all_hold(Some(std::slice::from_ref(v))))
        {
            let name = on_key.first().map_or(key.clone(), |c| c.key.clone());
            chosen.push((name, value));
        }
    }
    let mut request = Request::new(context.action, resource);
    request.resource_group.clone_from(&shape.resource_group);
    request.principal.clone_from(&shape.principal);
    for (key, value) in &chosen {
        request = request.with_context(key, value.clone());
    }
    let confirmed = evaluate(gaining, &request, context.catalog).is_allowed()
        && !evaluate(losing, &request, context.catalog).is_allowed();
    Witness {
        request,
        context: chosen,
        confirmed,
    }
}

#[cfg(test)]
mod tests;
