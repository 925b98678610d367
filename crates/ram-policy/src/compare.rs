//! Comparing two sets of policies: which requests the new set allows that the old one does not
//! (added access), and the reverse (removed access), decided over the languages of the
//! patterns rather than by sampling.
//!
//! The scope is identity policies attached at account scope, one document or several on each
//! side, bounded by control and session policies: a request is allowed when some identity
//! Allow statement matches it, some Allow of each control or session layer the set has matches
//! it too (a layer given without one allows nothing), and no Deny statement of any matches it
//! (the vendor's standard evaluation process, steps 1 to 3). Each finding names the identity
//! Allow that grants it and why the other side does not allow: a layer none of whose Allows
//! matches ([`Because::NotAllowed`], [`Because::NotAllowedBy`]) or a Deny. For one Action,
//! which statements can match is fixed, and the resources where
//! the new set allows and the old one does not are a Boolean combination of the statements'
//! Resource and NotResource languages. [`GlobSet`] decides such a combination exactly (a product
//! of the glob automata over a symbolic alphabet) and gives a shortest resource that is in it.
//!
//! The Actions compared are every Action of the catalog, and, for Action patterns that reach
//! outside it, one Action per distinct combination of patterns that some Action outside the
//! catalog matches (found by the same product over the lowercased Action patterns, as RAM
//! compares Actions ASCII case-insensitively). Two Actions that match the same patterns are
//! treated alike by both sets, so this covers every Action there is.
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
//! ).unwrap();
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
use crate::{AttachedPolicy, Effect, Layer, Patterns, PolicyClass, Request, Statement, evaluate};

pub use conditions::{KEY_LIMIT, SCENARIO_LIMIT};
use conditions::{Role, Scenario};

mod conditions;

/// Why two sets of policies cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    /// A policy is neither an identity policy attached at account scope nor a control or
    /// session policy.
    #[error(
        "policy `{policy}` is not an identity policy at account scope, a control policy or a session policy, which is all `compare` handles yet"
    )]
    Unsupported {
        /// The policy's name.
        policy: String,
    },
    /// A statement names principals, which identity policies do not.
    #[error(
        "statement {statement} of policy `{policy}` names principals, which identity policies do not"
    )]
    Principals {
        /// The policy's name.
        policy: String,
        /// The statement's index.
        statement: usize,
    },
}

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
    /// No Allow statement of the losing side's identity policies matches.
    NotAllowed,
    /// The losing side has control policies (or a session policy) and no Allow statement of
    /// them matches: that step ends the evaluation with an implicit deny.
    NotAllowedBy(Layer),
    /// A Deny statement of the losing side matches.
    Denied(StatementRef),
}

/// A set of resources as patterns: those that every `within` matches and no `except` matches.
/// Each is a statement's `Resource` or `NotResource`, so the set is exact, not a sample.
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
    /// The request: Action, resource and the context values of the combination of
    /// conditions that shows the finding.
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
    /// Statements whose conditions could not be decided, counted conservatively (see the
    /// module documentation), in order.
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
    layer: Layer,
}

/// One side's statements and policies, and the layers besides identity that must allow (the
/// control and session policies given, in the order RAM evaluates them).
struct Set<'s, 'p> {
    entries: &'s [Entry<'p>],
    policies: &'s [AttachedPolicy],
    layers: &'s [Layer],
}

fn entries(side: Side, policies: &[AttachedPolicy]) -> Result<Vec<Entry<'_>>, CompareError> {
    let mut all = Vec::new();
    for (index, attached) in policies.iter().enumerate() {
        let layer = match attached.class {
            PolicyClass::IdentityAccount => Layer::Identity,
            PolicyClass::Control => Layer::Control,
            PolicyClass::Session => Layer::Session,
            PolicyClass::IdentityResourceGroup(_) | PolicyClass::ResourceBased => {
                return Err(CompareError::Unsupported {
                    policy: attached.name.clone(),
                });
            }
        };
        for (statement_index, statement) in attached.policy.statements.iter().enumerate() {
            if statement.principals.is_some() {
                return Err(CompareError::Principals {
                    policy: attached.name.clone(),
                    statement: statement_index,
                });
            }
            all.push(Entry {
                at: StatementRef {
                    side,
                    index,
                    policy: attached.name.clone(),
                    statement: statement_index,
                },
                statement,
                layer,
            });
        }
    }
    Ok(all)
}

/// The control and session layers a set of policies has: given one policy of a layer, even
/// without statements, a request needs one of its Allows (the standard process, steps 1-2).
fn layers(policies: &[AttachedPolicy]) -> Vec<Layer> {
    [Layer::Control, Layer::Session]
        .into_iter()
        .filter(|l| policies.iter().any(|p| p.class.layer() == *l))
        .collect()
}

fn action_applies(patterns: &Patterns, action: &str) -> bool {
    patterns.patterns.iter().any(|p| matches_action(p, action)) != patterns.negated
}

/// Compares two sets of identity policies at account scope: the access the new set adds and
/// the access it removes, for every Action of `catalog` and every Action outside it.
///
/// # Errors
///
/// When a policy is of another kind or scope ([`CompareError`]).
pub fn compare(
    old: &[AttachedPolicy],
    new: &[AttachedPolicy],
    catalog: &dyn Catalog,
) -> Result<Comparison, CompareError> {
    let old_entries = entries(Side::Old, old)?;
    let new_entries = entries(Side::New, new)?;
    let (old_layers, new_layers) = (layers(old), layers(new));
    let old_set = Set {
        entries: &old_entries,
        policies: old,
        layers: &old_layers,
    };
    let new_set = Set {
        entries: &new_entries,
        policies: new,
        layers: &new_layers,
    };
    let mut comparison = Comparison::default();
    let mut approximated = BTreeSet::new();
    for (action, in_catalog) in actions(&old_entries, &new_entries, catalog) {
        let context = Context {
            action: &action,
            in_catalog,
            catalog,
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
    Ok(comparison)
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
    let set = GlobSet::new(patterns.iter().map(|p| Glob::pattern(p)).collect());
    let covered: BTreeSet<Vec<bool>> = known
        .iter()
        .map(|a| set.matches(&a.to_ascii_lowercase()))
        .collect();
    let mut all: Vec<(String, bool)> = known.into_iter().map(|a| (a, true)).collect();
    // Every combination counts, none matched included: a `NotAction` statement applies to
    // the Actions that match none of its patterns. The Action patterns are short, so the product of their automata is small; were it not,
    // an Action of every combination could not be named, and the comparison would be unsound,
    // so the fallback compares one Action per pattern's own language instead of stopping.
    match set.regions() {
        Ok(regions) => {
            for (vector, witness) in regions {
                if !covered.contains(&vector) {
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

/// What [`gains`] needs to know of the Action.
struct Context<'c> {
    action: &'c str,
    in_catalog: bool,
    catalog: &'c dyn Catalog,
}

/// The statements of a side in play for one request shape, with the patterns' places in the
/// glob set.
struct Member<'e, 'p> {
    entry: &'e Entry<'p>,
    /// The indexes of its resource patterns in the glob set.
    globs: Vec<usize>,
    /// Its place in the statements given to [`conditions::scenarios`].
    slot: usize,
}

impl Member<'_, '_> {
    fn matches(&self, vector: &[bool]) -> bool {
        self.globs
            .iter()
            .any(|i| vector.get(*i).copied().unwrap_or(false))
            != self.entry.statement.resources.negated
    }

    /// Whether its conditions hold in a scenario.
    fn holds(&self, scenario: &Scenario) -> bool {
        scenario.holds.get(self.slot).copied().unwrap_or(false)
    }
}

/// The statements as members of a glob set whose patterns are `patterns` (extended with
/// theirs, each pattern once), numbered from `slot` on.
fn members<'e, 'p>(
    list: &[&'e Entry<'p>],
    patterns: &mut Vec<String>,
    slot: &mut usize,
) -> Vec<Member<'e, 'p>> {
    list.iter()
        .map(|entry| {
            let globs = entry
                .statement
                .resources
                .patterns
                .iter()
                .map(|p| {
                    patterns.iter().position(|q| q == p).unwrap_or_else(|| {
                        patterns.push(p.clone());
                        patterns.len() - 1
                    })
                })
                .collect();
            *slot += 1;
            Member {
                entry,
                globs,
                slot: *slot - 1,
            }
        })
        .collect()
}

/// A condition on the vector of matches of a glob set.
type Wanted<'a> = Box<dyn Fn(&[bool]) -> bool + 'a>;

/// A resource found for one case in one scenario, before the narrower ones are dropped.
struct Candidate<'s> {
    /// The slots of the statements that exclude resources.
    except: BTreeSet<usize>,
    language: Language,
    resource: String,
    scenario: &'s Scenario,
}

/// The findings of one direction for one Action: what `gaining` allows and `losing` does not.
/// The statements whose conditions were counted conservatively are added to `approximated`.
fn gains(
    context: &Context<'_>,
    [gaining, losing]: [&Set<'_, '_>; 2],
    approximated: &mut BTreeSet<StatementRef>,
) -> Result<Vec<Finding>, Exhausted> {
    fn of<'s, 'p>(
        set: &Set<'s, 'p>,
        effect: Effect,
        layer: Option<Layer>,
        action: &str,
    ) -> Vec<&'s Entry<'p>> {
        set.entries
            .iter()
            .filter(|e| {
                e.statement.effect == effect
                    && layer.is_none_or(|l| e.layer == l)
                    && action_applies(&e.statement.actions, action)
            })
            .collect()
    }
    let action = context.action;
    let grants = of(gaining, Effect::Allow, Some(Layer::Identity), action);
    // The Allows of the gaining side's control and session layers: one of each must match too.
    let required: Vec<Vec<&Entry<'_>>> = gaining
        .layers
        .iter()
        .map(|l| of(gaining, Effect::Allow, Some(*l), action))
        .collect();
    if grants.is_empty() || required.iter().any(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let gaining_denies = of(gaining, Effect::Deny, None, action);
    let losing_layers: Vec<Layer> = std::iter::once(Layer::Identity)
        .chain(losing.layers.iter().copied())
        .collect();
    let losing_allows: Vec<Vec<&Entry<'_>>> = losing_layers
        .iter()
        .map(|l| of(losing, Effect::Allow, Some(*l), action))
        .collect();
    let losing_denies = of(losing, Effect::Deny, None, action);
    let lists: Vec<(&[&Entry<'_>], Role)> = std::iter::once((grants.as_slice(), Role::Grant))
        .chain(required.iter().map(|r| (r.as_slice(), Role::Required)))
        .chain([(gaining_denies.as_slice(), Role::GainingDeny)])
        .chain(
            losing_allows
                .iter()
                .map(|a| (a.as_slice(), Role::LosingAllow)),
        )
        .chain([(losing_denies.as_slice(), Role::LosingDeny)])
        .collect();
    let involved: Vec<(&Statement, Role)> = lists
        .iter()
        .flat_map(|(list, role)| list.iter().map(move |e| (e.statement, *role)))
        .collect();
    let scenarios = conditions::scenarios(&involved);

    // The members in the order of `involved`, so that their slots index the scenarios.
    let mut patterns: Vec<String> = Vec::new();
    let mut slot = 0;
    let grants = members(&grants, &mut patterns, &mut slot);
    let required: Vec<Vec<Member<'_, '_>>> = required
        .iter()
        .map(|r| members(r, &mut patterns, &mut slot))
        .collect();
    let gaining_denies = members(&gaining_denies, &mut patterns, &mut slot);
    let losing_allows: Vec<Vec<Member<'_, '_>>> = losing_allows
        .iter()
        .map(|a| members(a, &mut patterns, &mut slot))
        .collect();
    let losing_denies = members(&losing_denies, &mut patterns, &mut slot);
    for m in grants
        .iter()
        .chain(required.iter().flatten())
        .chain(&gaining_denies)
        .chain(losing_allows.iter().flatten())
        .chain(&losing_denies)
    {
        if scenarios.approximated.get(m.slot).copied().unwrap_or(false) {
            approximated.insert(m.entry.at.clone());
        }
    }

    // A plausible ARN: one of the Action's own templates when one fits, else one of its
    // service, else any string.
    let mut globs: Vec<Glob> = patterns.iter().map(|p| Glob::pattern(p)).collect();
    let templates: Vec<String> = context
        .catalog
        .action_info(context.action)
        .map(|info| info.templates.iter().map(|t| (*t).to_owned()).collect())
        .unwrap_or_default();
    let first_template = globs.len();
    globs.extend(templates.iter().map(|t| Glob::template(t)));
    let service = context.action.split(':').next().unwrap_or_default();
    let service_glob = globs.len();
    globs.push(Glob::pattern(&format!("acs:{service}:*")));
    let set = GlobSet::new(globs);
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

    let resources = |m: &Member<'_, '_>| m.entry.statement.resources.clone();
    // One Allow of each required layer, in every combination.
    let mut choices: Vec<Vec<&Member<'_, '_>>> = vec![Vec::new()];
    for layer in &required {
        choices = choices
            .iter()
            .flat_map(|c| {
                layer.iter().map(move |m| {
                    let mut c = c.clone();
                    c.push(m);
                    c
                })
            })
            .collect();
    }
    // Why the losing side does not allow: a layer none of whose Allows matches, or a Deny.
    let cases: Vec<(Because, Option<&Member<'_, '_>>, &[Member<'_, '_>])> = losing_layers
        .iter()
        .zip(&losing_allows)
        .map(|(layer, allows)| {
            let because = if *layer == Layer::Identity {
                Because::NotAllowed
            } else {
                Because::NotAllowedBy(*layer)
            };
            (because, None, allows.as_slice())
        })
        .chain(
            losing_denies
                .iter()
                .map(|d| (Because::Denied(d.entry.at.clone()), Some(d), &[][..])),
        )
        .collect();
    let mut findings = Vec::new();
    for grant in &grants {
        for choice in &choices {
            let within: Vec<&Member<'_, '_>> = std::iter::once(grant)
                .chain(choice.iter().copied())
                .collect();
            for (because, deny, allows) in &cases {
                let within: Vec<&Member<'_, '_>> = within.iter().copied().chain(*deny).collect();
                let mut candidates: Vec<Candidate<'_>> = Vec::new();
                for scenario in &scenarios.list {
                    if !within.iter().all(|m| m.holds(scenario)) {
                        continue;
                    }
                    // In this scenario the statements whose conditions hold are unconditional
                    // and the others absent.
                    let excluding: Vec<&Member<'_, '_>> = gaining_denies
                        .iter()
                        .chain(allows.iter())
                        .filter(|m| m.holds(scenario))
                        .collect();
                    let wanted = |v: &[bool]| {
                        within.iter().all(|m| m.matches(v))
                            && !excluding.iter().any(|e| e.matches(v))
                    };
                    let Some(resource) = find(&wanted)? else {
                        continue;
                    };
                    candidates.push(Candidate {
                        except: excluding.iter().map(|e| e.slot).collect(),
                        language: Language {
                            within: within.iter().map(|m| resources(m)).collect(),
                            except: excluding.iter().map(|e| resources(e)).collect(),
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
                    if narrower {
                        continue;
                    }
                    let witness = witness(
                        context,
                        grant.entry.statement,
                        c.resource.clone(),
                        (c.scenario, &scenarios.decided),
                        gaining.policies,
                        losing.policies,
                    );
                    findings.push(Finding {
                        action: context.action.to_owned(),
                        in_catalog: context.in_catalog,
                        grant: grant.entry.at.clone(),
                        because: because.clone(),
                        resources: c.language.clone(),
                        witness,
                    });
                }
            }
        }
    }
    Ok(findings)
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

/// The witness request for a resource: the scenario's context values, and for the granting
/// statement's undecided keys values that make its conditions hold where some tried value
/// does; then the engine's verdict on both sides.
fn witness(
    context: &Context<'_>,
    grant: &Statement,
    resource: String,
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
