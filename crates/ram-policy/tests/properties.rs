//! Property tests: random policies, policy sets and requests over small alphabets (so that
//! matches are frequent), with the engine checked against the reference evaluator of
//! `common/mod.rs` on every decision, and the security properties stated on their own.
//!
//! The main agreement property runs 100,000 cases; set `RAM_PROPTEST_CASES` to run more (the
//! other properties run a fifth of that number each):
//!
//! ```text
//! RAM_PROPTEST_CASES=2000000 cargo test --release -p ram-policy --test properties
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod common;
mod fixtures;

use std::collections::BTreeSet;

use common::{
    ABSENT_KEY, Case, Req, TestCatalog, Verdict, case, class, config, engine, main_cases,
    name_policies, policy_set_of, reference, request, request_over, scope_applies, secondary_cases,
    statement, statement_matches, statement_over,
};
use proptest::prelude::*;
use ram_core::{Authorizer, Catalog};
use ram_policy::compiled::{CompiledSet, RequestRef, Scratch};
use ram_policy::decision::{Combination, Step};
use ram_policy::{
    AttachedPolicy, Condition, Effect, Engine, Layer, Matched, Operator, Outcome, Patterns,
    PolicyClass, Session, Statement,
};

/// Asserts that the engine, the compiled engine and the reference give the same outcome and
/// statements.
fn assert_agree(
    policies: &[AttachedPolicy],
    request: &Req,
    catalog: &dyn Catalog,
) -> Result<(), TestCaseError> {
    let expected = reference(policies, request, catalog);
    let got = engine(policies, request, catalog);
    prop_assert_eq!(
        got,
        expected.clone(),
        "engine (left) and reference (right) disagree"
    );
    let set = CompiledSet::new(policies.to_vec(), catalog);
    let mut scratch = Scratch::for_set(&set);
    let outcome = set.decide(&request.to_engine(), &mut scratch);
    let mut matched = set.named(&scratch.matched);
    matched.sort();
    prop_assert_eq!(
        Verdict { outcome, matched },
        expected.clone(),
        "compiled engine (left) and reference (right) disagree"
    );
    // The path without explanation: unsorted candidates, stopping at a deciding Deny.
    let mut fresh = Scratch::default();
    prop_assert_eq!(
        set.outcome(&request.to_engine(), &mut fresh),
        expected.outcome,
        "compiled outcome (left) and reference (right) disagree"
    );
    // The same through a borrowed request: each key once, as first spelt, with all its values.
    let mut grouped: Vec<(&str, Vec<String>)> = Vec::new();
    for (key, value) in &request.context {
        match grouped
            .iter_mut()
            .find(|(k, _)| k.to_lowercase() == key.to_lowercase())
        {
            Some((_, values)) => values.push(value.clone()),
            None => grouped.push((key, vec![value.clone()])),
        }
    }
    let context: Vec<(&str, &[String])> = grouped.iter().map(|(k, v)| (*k, &v[..])).collect();
    let borrowed = RequestRef {
        action: &request.action,
        resource: &request.resource,
        resource_group: request.group.as_deref(),
        principal: request.principal.as_ref(),
        context: &context,
    };
    prop_assert_eq!(
        set.outcome_ref(&borrowed, &mut fresh),
        expected.outcome,
        "compiled outcome of the borrowed request (left) and reference (right) disagree"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(main_cases()))]

    /// The engine and the reference agree on the outcome and on the statements that decided
    /// it, over the test catalog.
    #[test]
    fn engine_agrees_with_the_reference(case in case()) {
        assert_agree(&case.policies, &case.request, &TestCatalog)?;
    }
}

// ---------------------------------------------------------------------------------------------
// The fixture catalog, an excerpt of Container Registry's.
// ---------------------------------------------------------------------------------------------

/// Actions of `cr` with every answer of the catalog: supported at resource-group level, not
/// supported, and unknown; in the documented case and in others.
const CR_ACTIONS: &[&str] = &[
    "cr:PullRepository",
    "cr:PushRepository",
    "cr:pullrepository",
    "cr:GetInstance",
    "cr:ListInstance",
    "cr:GetRepositoryTag",
    "cr:DeleteInstance",
    "CR:GETREPOTAGMANIFEST",
    "cr:NoSuchAction",
    "ecs:DescribeInstances",
];

const CR_ACTION_PATTERNS: &[&str] = &[
    "*",
    "cr:*",
    "cr:Pull*",
    "cr:Get*",
    "cr:List*",
    "cr:Delete*",
    "cr:PullRepository",
    "CR:GETINSTANCE",
    "cr:GetRepositoryTag",
    "cr:P??hRepository",
];

/// Resources of types that support resource groups and of types that do not, and `*`.
const CR_RESOURCES: &[&str] = &[
    "acs:cr:cn-hangzhou:123:repository/cri-1/ns/web",
    "acs:cr:cn-hangzhou:123:repository/cri-1/ns",
    "acs:cr:cn-hangzhou:123:repository/cri-1",
    "acs:cr:cn-hangzhou:123:instance/cri-1",
    "acs:cr:cn-hangzhou:123:chart/cri-1/ns/repo",
    "acs:cr:cn-hangzhou:123:repository/cri-2/ns/web",
    "acs:ecs:cn-hangzhou:123:instance/i-1",
    "*",
    "acs:cr:cn-hangzhou:123:repository/cri-1/名/secret-repo",
];

const CR_RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "acs:cr:*:*:repository/cri-1/*",
    "acs:cr:*:*:instance/*",
    "acs:cr:cn-hangzhou:123:repository/cri-1/ns/web",
    "acs:cr:*:*:chart/*",
    "acs:cr:cn-hangzhou:*:*",
    "acs:cr:*:*:repository/cri-?/ns/web",
    // The issue's wrong Allow: the first prefix ends inside `名` of the resource above.
    "acs:cr:cn-hangzhou:123:repository/cri-1/ab*",
    "acs:cr:cn-hangzhou:123:repository/cri-1/名/secret*",
];

fn cr_statement() -> impl Strategy<Value = Statement> {
    statement_over(CR_ACTION_PATTERNS, CR_RESOURCE_PATTERNS)
}

fn cr_request() -> impl Strategy<Value = Req> {
    request_over(CR_ACTIONS, CR_RESOURCES)
}

/// The Actions the fixture spec documents as supporting resource-group-level authorization,
/// lowercased: read from the spec, not from the catalog.
fn cr_rg_actions() -> BTreeSet<String> {
    let text = include_str!("fixtures/spec.json");
    let spec: serde_json::Value = serde_json::from_str(text).expect("the fixture spec is json");
    spec["actions"]
        .as_array()
        .expect("the spec lists actions")
        .iter()
        .filter(|a| a["resource_group_authorization"] == serde_json::Value::Bool(true))
        .map(|a| {
            a["name"]
                .as_str()
                .expect("actions have names")
                .to_lowercase()
        })
        .collect()
}

#[test]
fn the_cr_alphabet_covers_every_catalog_answer() {
    let service = fixtures::catalog();
    let rg = cr_rg_actions();
    let answers: BTreeSet<Option<bool>> = CR_ACTIONS
        .iter()
        .map(|a| service.action_supports_resource_groups(a))
        .collect();
    assert_eq!(answers, BTreeSet::from([None, Some(false), Some(true)]));
    for action in CR_ACTIONS {
        // The catalog says `true` exactly for the Actions the spec documents as supported.
        assert_eq!(
            service.action_supports_resource_groups(action) == Some(true),
            rg.contains(&action.to_lowercase()),
            "{action}"
        );
    }
    let resources: Vec<bool> = CR_RESOURCES
        .iter()
        .map(|r| service.resource_supports_resource_groups(r))
        .collect();
    assert_eq!(
        resources,
        [true, true, true, true, true, true, false, false, true]
    );
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// The same agreement with the fixture catalog (an excerpt of `cr`), asked through `Engine` as an `Authorizer`
    /// with a session that names some of the policies.
    #[test]
    fn engine_agrees_with_the_reference_on_cr(
        policies in policy_set_of(cr_statement(), class()),
        request in cr_request(),
        selected in any::<u8>(),
        all in prop::bool::weighted(0.25),
    ) {
        let names: Vec<String> = policies
            .iter()
            .enumerate()
            .filter(|(i, _)| selected & (1 << i) != 0)
            .map(|(_, p)| p.name.clone())
            .collect();
        let chosen: Vec<AttachedPolicy> = if all {
            policies.clone()
        } else {
            policies.iter().filter(|p| names.contains(&p.name)).cloned().collect()
        };
        let expected = reference(&chosen, &request, fixtures::catalog());
        let session = Session {
            policies: (!all).then_some(names),
            resource_group: request.group.clone(),
            context: request.context.clone(),
            principal: request.principal.clone(),
        };
        let engine = Engine::new(policies, fixtures::catalog());
        let decision = engine.authorize(&session, &request.action, &request.resource);
        let mut matched = decision.matched;
        matched.sort();
        prop_assert_eq!(Verdict { outcome: decision.outcome, matched }, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Security properties.
// ---------------------------------------------------------------------------------------------

/// The policy and statement a `Matched` names.
fn find<'a>(
    policies: &'a [AttachedPolicy],
    m: &Matched,
) -> Option<(&'a AttachedPolicy, &'a Statement)> {
    let policy = policies.iter().find(|p| p.name == m.policy)?;
    Some((policy, policy.policy.statements.get(m.statement)?))
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// No Allow without a matching Allow statement: every statement an Allow names is an Allow
    /// of an applicable policy that matches the request; the identity layer, and each other
    /// layer with an applicable policy, has one; and no applicable Deny matches.
    #[test]
    fn no_allow_without_a_matching_allow_statement(case in case()) {
        let Case { policies, request } = case;
        let decision = ram_policy::evaluate(&policies, &request.to_engine(), &TestCatalog);
        if decision.outcome == Outcome::Allow {
            prop_assert!(!decision.matched.is_empty());
            let mut layers = BTreeSet::new();
            for m in &decision.matched {
                let (policy, st) = find(&policies, m).expect("matched statements exist");
                prop_assert_eq!(m.effect, Effect::Allow);
                prop_assert_eq!(st.effect, Effect::Allow);
                prop_assert!(scope_applies(&policy.class, &request, &TestCatalog), "{:?}", m);
                prop_assert!(statement_matches(st, &request), "{:?}", m);
                layers.insert(policy.class.layer());
            }
            prop_assert!(layers.contains(&Layer::Identity) || layers.contains(&Layer::ResourceBased));
            // Control and session layers with an applicable policy have an allow; a policy
            // whose scope does not apply has no effect, on its layer either.
            for p in policies.iter().filter(|p| scope_applies(&p.class, &request, &TestCatalog)) {
                if matches!(p.class, PolicyClass::Control | PolicyClass::Session) {
                    prop_assert!(layers.contains(&p.class.layer()), "layer {} has no allow", p.class.layer());
                }
            }
            // No applicable Deny matches, but a resource-group-class one under an account-class
            // Allow (the vendor evaluates it only after an account-class implicit deny).
            let account_allows = decision.matched.iter().any(|m| {
                find(&policies, m).is_some_and(|(p, _)| p.class == PolicyClass::IdentityAccount)
            });
            // A service or an identity provider that assumes a role has no identity step.
            let no_identity_step = request.to_engine().combination()
                == Combination::AssumeRole { identity: false };
            for p in policies.iter().filter(|p| scope_applies(&p.class, &request, &TestCatalog)) {
                for st in &p.policy.statements {
                    if st.effect == Effect::Deny && statement_matches(st, &request) {
                        let identity = p.class.layer() == Layer::Identity;
                        prop_assert!(
                            (matches!(p.class, PolicyClass::IdentityResourceGroup(_)) && account_allows)
                                || (identity && no_identity_step),
                            "{:?} denies", p.class
                        );
                    }
                }
            }
        }
    }
}

/// A Deny statement that matches a request whatever its context: one of five Action forms,
/// three resource forms and three condition sets, by index.
fn matching_deny(request: &Req, (a, r, c): (usize, usize, usize)) -> Statement {
    let actions = match a % 5 {
        0 => Patterns::of(["*"]),
        1 => Patterns::of([request.action.clone()]),
        2 => Patterns::of([request.action.to_ascii_uppercase()]),
        3 => Patterns::of(["zz:Nothing".to_owned(), request.action.to_ascii_lowercase()]),
        _ => Patterns::not(["zz:*"]),
    };
    let resources = match r % 3 {
        0 => Patterns::of(["*"]),
        1 => Patterns::of([request.resource.clone()]),
        _ => Patterns::not(["zz"]),
    };
    let conditions = match c % 3 {
        0 => vec![],
        1 => vec![Condition::new(Operator::StringNotEquals, ABSENT_KEY, &["x"]).expect("valid")],
        _ => vec![
            Condition::new(Operator::NotIpAddress, "ACS:absent", &["10.0.0.0/8"]).expect("valid"),
        ],
    };
    Statement {
        effect: Effect::Deny,
        actions,
        resources,
        conditions,
        principals: None,
    }
}

/// A case with a matching Deny inserted into one of its policies (or into a new one), and
/// where it was put: (policy index, statement index).
fn case_with_deny() -> impl Strategy<Value = (Case, (usize, usize))> {
    (
        case(),
        class(),
        (0..8usize, 0..8usize),
        (0..5usize, 0..3usize, 0..3usize),
    )
        .prop_map(|(mut case, class, (p, s), form)| {
            if case.policies.is_empty() {
                case.policies = name_policies(vec![(class, Vec::new())]);
            }
            let deny = matching_deny(&case.request, form);
            let p = p % case.policies.len();
            let statements = &mut case.policies[p].policy.statements;
            let s = s % (statements.len() + 1);
            statements.insert(s, deny);
            (case, (p, s))
        })
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// A matching Deny of an applicable policy never lets the request through, but where the
    /// vendor's process says so: a resource-group-class Deny does not override an
    /// account-class Allow (it is not evaluated then). A Deny of a control policy always
    /// decides, and names that statement; a Deny of a policy whose scope does not apply is
    /// never named.
    #[test]
    fn an_applicable_matching_deny_gives_explicit_deny((case, (p, s)) in case_with_deny()) {
        let Case { policies, request } = case;
        let decision = ram_policy::evaluate(&policies, &request.to_engine(), &TestCatalog);
        let inserted = Matched { policy: policies[p].name.clone(), statement: s, effect: Effect::Deny };
        let class = &policies[p].class;
        if !scope_applies(class, &request, &TestCatalog) {
            prop_assert!(!decision.matched.contains(&inserted), "{:?}", decision.matched);
        } else if *class == PolicyClass::Control {
            prop_assert_eq!(decision.outcome, Outcome::ExplicitDeny);
            prop_assert!(decision.matched.contains(&inserted), "{:?}", decision.matched);
        } else if decision.outcome == Outcome::Allow {
            // Only the vendor's exception: the Deny is resource-group-class and an
            // account-class policy allows.
            let account_allows = policies.iter().any(|q| {
                q.class == PolicyClass::IdentityAccount
                    && q.policy.statements.iter().any(|st| st.effect == Effect::Allow && statement_matches(st, &request))
            });
            let no_identity_step = request.to_engine().combination()
                == Combination::AssumeRole { identity: false };
            prop_assert!(
                (matches!(class, PolicyClass::IdentityResourceGroup(_)) && account_allows)
                    || (class.layer() == Layer::Identity && no_identity_step),
                "an applicable Deny of {:?} was overridden", class
            );
        }
    }
}

/// Identity policies attached only at resource groups.
fn rg_class() -> impl Strategy<Value = PolicyClass> {
    prop_oneof![
        Just(PolicyClass::IdentityResourceGroup("rg1".to_owned())),
        Just(PolicyClass::IdentityResourceGroup("rg2".to_owned())),
    ]
}

/// Checks an Allow that only RG-scoped identity policies can have given: the Action supports
/// resource-group-level authorization, the resource's type supports resource groups, and every
/// allowing policy is attached at the request's own group.
fn check_rg_allow(
    policies: &[AttachedPolicy],
    request: &Req,
    catalog: &dyn Catalog,
) -> Result<Outcome, TestCaseError> {
    let decision = ram_policy::evaluate(policies, &request.to_engine(), catalog);
    if decision.outcome == Outcome::Allow {
        prop_assert_eq!(
            catalog.action_supports_resource_groups(&request.action),
            Some(true)
        );
        prop_assert!(catalog.resource_supports_resource_groups(&request.resource));
        let group = request
            .group
            .clone()
            .expect("an RG-scoped allow needs a group");
        for m in &decision.matched {
            let (policy, _) = find(policies, m).expect("matched statements exist");
            prop_assert_eq!(
                &policy.class,
                &PolicyClass::IdentityResourceGroup(group.clone())
            );
        }
    }
    Ok(decision.outcome)
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// An RG-scoped grant never allows an Action that does not support resource-group-level
    /// authorization (or is unknown), a resource of a type without resource groups, or a
    /// resource outside its group; over the test catalog.
    #[test]
    fn rg_scoped_grants_stay_in_their_group(
        policies in policy_set_of(statement(), rg_class()),
        request in request(),
    ) {
        check_rg_allow(&policies, &request, &TestCatalog)?;
    }

    /// The same over the fixture catalog, and the allowed Action is one the spec documents as
    /// supporting resource-group-level authorization.
    #[test]
    fn rg_scoped_grants_stay_in_their_group_on_cr(
        policies in policy_set_of(cr_statement(), rg_class()),
        request in cr_request(),
    ) {
        if check_rg_allow(&policies, &request, fixtures::catalog())? == Outcome::Allow {
            prop_assert!(CR_RG_ACTIONS.with(|rg| rg.contains(&request.action.to_lowercase())));
        }
    }
}

thread_local! {
    static CR_RG_ACTIONS: BTreeSet<String> = cr_rg_actions();
}

/// The alphabets are not degenerate: each outcome is common in the main property's cases.
#[test]
fn generated_cases_reach_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let mut counts = std::collections::BTreeMap::new();
    let mut steps = std::collections::BTreeMap::new();
    for _ in 0..2_000 {
        let case = strategy.new_tree(&mut runner).expect("generates").current();
        let verdict = reference(&case.policies, &case.request, &TestCatalog);
        *counts.entry(verdict.outcome).or_insert(0_u32) += 1;
        let decision =
            ram_policy::evaluate(&case.policies, &case.request.to_engine(), &TestCatalog);
        *steps.entry(decision.step).or_insert(0_u32) += 1;
    }
    for outcome in [Outcome::Allow, Outcome::ExplicitDeny, Outcome::ImplicitDeny] {
        let n = counts.get(&outcome).copied().unwrap_or(0);
        // The vendor's order (an RG-class Deny under an account Allow does not count; a control
        // policy's implicit deny ends before any Deny) makes explicit denies rarer than before.
        assert!(n >= 100, "{outcome} in only {n} of 2000 cases: {counts:?}");
    }
    // Every step of the process decides some cases.
    for step in [
        Step::Control,
        Step::Session,
        Step::IdentityAccount,
        Step::IdentityResourceGroup,
        Step::ResourceBased,
        Step::Combination,
    ] {
        let n = steps.get(&step).copied().unwrap_or(0);
        // Assuming a role as a service or an identity provider (the resource-based step) is
        // the rarest shape: about one case in two hundred, some five hundred of the main
        // property's 100,000.
        assert!(n >= 5, "{step} decides only {n} of 2000 cases: {steps:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Resources and patterns over a multi-byte alphabet.
// ---------------------------------------------------------------------------------------------

/// The ARN head every resource and most patterns of the multi-byte property share, so that the
/// interesting part (where a literal prefix ends) is in the characters after it.
const MULTIBYTE_HEAD: &str = "acs:cr:r1:a1:repository/";

/// A resource: the head then up to five characters of one to four bytes, `/` included.
fn multibyte_resource() -> impl Strategy<Value = String> {
    "[ab/é名😀]{0,5}".prop_map(|tail| format!("{MULTIBYTE_HEAD}{tail}"))
}

/// A Resource pattern: usually the head then up to five characters of the resources' alphabet
/// or wildcards, so that literal prefixes end at every byte of every character; sometimes a
/// pattern that starts with a wildcard.
fn multibyte_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[ab/é名😀*?]{0,5}".prop_map(|tail| format!("{MULTIBYTE_HEAD}{tail}")),
        1 => "[*?][ab/é名😀*?]{0,4}",
    ]
}

fn multibyte_statement() -> impl Strategy<Value = Statement> {
    (
        0..3usize,
        prop::sample::select(&["cr:GetA", "cr:*", "cr:GetÉ", "cr:Get?", "*"][..]),
        prop::collection::vec(multibyte_pattern(), 1..=2),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(effect, action, resources, negated)| Statement {
            effect: if effect == 2 {
                Effect::Deny
            } else {
                Effect::Allow
            },
            actions: Patterns::of([action]),
            resources: if negated {
                Patterns::not(resources)
            } else {
                Patterns::of(resources)
            },
            conditions: Vec::new(),
            principals: None,
        })
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// The compiled engine's prefix index, the plain engine and the reference agree on
    /// resources and patterns whose literal prefixes end inside multi-byte characters, with up
    /// to twelve statements in one policy (so that several prefix lengths meet in one index).
    #[test]
    fn engines_agree_on_multibyte_resources(
        statements in prop::collection::vec(multibyte_statement(), 1..=12),
        resource in multibyte_resource(),
        action in prop::sample::select(&["cr:GetA", "cr:GetÉ", "cr:Get😀", "cr:NoSuch"][..]),
    ) {
        let policies = name_policies(vec![(PolicyClass::IdentityAccount, statements)]);
        let request = Req::new(action, &resource);
        assert_agree(&policies, &request, &TestCatalog)?;
    }
}

/// A region-wildcard pattern whose colon piece (`:repository/…`) has a path of the resources'
/// alphabet, colons and multi-byte characters included; or one with a colon more before the
/// path, or with the region and account left to one `*`.
fn piece_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ab/é名:]{0,6}[*]?".prop_map(|tail| format!("acs:cr:*:*:repository/{tail}*")),
        1 => "[ab/é名:*]{0,6}".prop_map(|tail| format!("acs:cr:*:*:*:repository/{tail}")),
        1 => "[ab/é名:*]{0,6}".prop_map(|tail| format!("acs:*:repository/{tail}*")),
    ]
}

/// A repository ARN, sometimes with a colon more before its path.
fn piece_resource() -> impl Strategy<Value = String> {
    (prop::bool::weighted(0.2), "[ab/é名:]{0,6}").prop_map(|(extra, tail)| {
        let extra = if extra { "x:" } else { "" };
        format!("acs:cr:r1:a1:{extra}repository/{tail}")
    })
}

fn piece_statement() -> impl Strategy<Value = Statement> {
    (
        prop::bool::weighted(0.3),
        prop::sample::select(&["cr:GetA", "cr:*", "cr:ListA"][..]),
        prop::collection::vec(piece_pattern(), 1..=2),
    )
        .prop_map(|(deny, action, resources)| Statement {
            effect: if deny { Effect::Deny } else { Effect::Allow },
            actions: Patterns::of([action]),
            resources: Patterns::of(resources),
            conditions: Vec::new(),
            principals: None,
        })
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// The compiled engine's colon-piece index and the reference agree when pieces of more
    /// lengths than the index tries at every colon are filed by their heads: ten statements
    /// of ten path lengths, whose pieces share one head, beside random ones.
    #[test]
    fn engines_agree_on_many_colon_pieces(
        statements in prop::collection::vec(piece_statement(), 1..=12),
        resource in piece_resource(),
        action in prop::sample::select(&["cr:GetA", "cr:ListA", "cr:NoSuch"][..]),
    ) {
        let lengths = (1..=10).map(|k| Statement {
            effect: Effect::Allow,
            actions: Patterns::of(["cr:GetB"]),
            resources: Patterns::of([format!("acs:cr:*:*:repository/{}/*", "ab".repeat(k))]),
            conditions: Vec::new(),
            principals: None,
        });
        let statements = lengths.chain(statements).collect();
        let policies = name_policies(vec![(PolicyClass::IdentityAccount, statements)]);
        let request = Req::new(action, &resource);
        assert_agree(&policies, &request, &TestCatalog)?;
    }
}

/// The multi-byte property is not vacuous: its cases reach every outcome, and reach the shape
/// of the wrong Allow (a Deny decides while a shorter literal prefix ends inside a character).
#[test]
fn multibyte_cases_reach_every_outcome_and_the_split_prefix() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (
        prop::collection::vec(multibyte_statement(), 1..=12),
        multibyte_resource(),
    );
    let mut counts = std::collections::BTreeMap::new();
    let mut split_prefix_denies = 0;
    for _ in 0..2_000 {
        let (statements, resource) = strategy.new_tree(&mut runner).expect("generates").current();
        let splits = statements.iter().any(|st| {
            st.resources.patterns.iter().any(|p| {
                let literal = p.find(['*', '?']).map_or(p.as_str(), |i| &p[..i]);
                literal.len() <= resource.len() && !resource.is_char_boundary(literal.len())
            })
        });
        let policies = name_policies(vec![(PolicyClass::IdentityAccount, statements)]);
        let verdict = reference(&policies, &Req::new("cr:GetA", &resource), &TestCatalog);
        if splits && verdict.outcome == Outcome::ExplicitDeny {
            split_prefix_denies += 1;
        }
        *counts.entry(verdict.outcome).or_insert(0_u32) += 1;
    }
    for outcome in [Outcome::Allow, Outcome::ExplicitDeny, Outcome::ImplicitDeny] {
        let n = counts.get(&outcome).copied().unwrap_or(0);
        assert!(n >= 150, "{outcome} in only {n} of 2000 cases: {counts:?}");
    }
    assert!(split_prefix_denies >= 50, "{split_prefix_denies}");
}

// ---------------------------------------------------------------------------------------------
// Several services, wildcards in every ARN slot, equality conditions on broad resources.
// ---------------------------------------------------------------------------------------------

/// Requested Actions of several services, in and out of the test catalog.
const SERVICE_ACTIONS: &[&str] = &[
    "cr:GetA",
    "cr:ListA",
    "CR:getÉ",
    "oss:GetObject",
    "oss:PutObject",
    "ecs:StartInstance",
    "kms:Decrypt",
    "kms:Encrypt",
    "log:GetLogStoreLogs",
];

/// Action patterns with a wildcard in the service, in the name, or both; the compiled engine
/// resolves a literal service part through its Actions by service.
const SERVICE_ACTION_PATTERNS: &[&str] = &[
    "*",
    "cr:*",
    "oss:Get*",
    "*:Get*",
    "oss:*Object",
    "kms:?ncrypt",
    "ecs:StartInstance",
    "log:*",
    "cr:GetA",
    "*:*A",
    // A literal service part in another case than the catalog's, before a wildcard.
    "CR:Get*",
    "Cr:List?",
];

/// Resources of five services, with multi-byte paths and an extra colon.
const SERVICE_RESOURCES: &[&str] = &[
    "acs:cr:r1:a1:repository/i1/n1/x",
    "acs:cr:r2:a2:repository/i1/名/x",
    "acs:oss:r1:a1:bucket-1/obj/é",
    "acs:oss:r2:a1:bucket-2/obj",
    "acs:ecs:r1:a1:instance/i-1",
    "acs:kms:r1:a1:key/k-😀",
    "acs:log:r1:a1:project/p1/logstore/s",
    "acs:log:r1:a1:project/p1:x/logstore/s",
    "*",
    // A path whose first sixteen bytes from the colon end inside a character.
    "acs:cr:r1:a1:repository/名名名/x",
];

/// Resource patterns with a wildcard in every slot of the ARN (service, region, account,
/// path), and `*`.
const SERVICE_RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "acs:*:*:*:*",
    "acs:*:r1:a1:*",
    "acs:oss:*:a1:bucket-?/*",
    "acs:oss:r1:*:bucket-1/obj/*",
    "acs:*:*:*:repository/i1/名/*",
    "acs:cr:*:*:repository/i1/*",
    "acs:kms:r1:a1:key/k-*",
    "acs:ecs:r?:a1:instance/*",
    "acs:log:*:*:project/p1/*",
    "acs:cr:r1:*",
    "*/x",
    "acs:oss:*",
    // Colon pieces long enough to be filed by their first sixteen bytes, which here end inside
    // a character.
    "acs:*:*:*:repository/名名名/*",
    "acs:cr:*:*:repository/名名*",
];

/// Values of the equality keys; `Vpc-1` is not `vpc-1` to `StringEquals`.
const VPCS: &[&str] = &["vpc-1", "vpc-2", "Vpc-1", "vpc-名", ""];

/// A condition: mostly `StringEquals` on `acs:SourceVpc` (spelt in several cases) with one or
/// two values, sometimes `StringNotEquals` or `StringEqualsIgnoreCase` on it, or an IP range.
fn service_condition() -> impl Strategy<Value = Condition> {
    (0..8usize, 0..3usize, 0..VPCS.len(), 0..=VPCS.len()).prop_map(|(op, key, a, b)| {
        let key = ["acs:SourceVpc", "ACS:sourcevpc", "acs:SOURCEVPC"][key];
        let mut values = vec![VPCS[a]];
        if let Some(&second) = VPCS.get(b) {
            values.push(second);
        }
        let (operator, key) = match op {
            0..=3 => (Operator::StringEquals, key),
            4 => (Operator::StringNotEquals, key),
            5 => (Operator::StringEqualsIgnoreCase, key),
            6 => (Operator::StringEquals, "acs:Other"),
            _ => {
                return Condition::new(Operator::IpAddress, "acs:SourceIp", &["10.0.0.0/8"])
                    .expect("valid");
            }
        };
        Condition::new(operator, key, &values).expect("string values are valid")
    })
}

fn service_statement() -> impl Strategy<Value = Statement> {
    (
        0..4usize,
        common::patterns(SERVICE_ACTION_PATTERNS),
        common::patterns(SERVICE_RESOURCE_PATTERNS),
        prop::collection::vec(service_condition(), 0..=2),
    )
        .prop_map(|(effect, actions, resources, conditions)| Statement {
            effect: if effect == 3 {
                Effect::Deny
            } else {
                Effect::Allow
            },
            actions,
            resources,
            conditions,
            principals: None,
        })
}

/// A request over the services' alphabets, with zero to two VPCs under keys in several cases.
fn service_request() -> impl Strategy<Value = Req> {
    (
        request_over(SERVICE_ACTIONS, SERVICE_RESOURCES),
        prop::collection::vec((0..3usize, 0..VPCS.len()), 0..=2),
    )
        .prop_map(|(mut request, vpcs)| {
            for (key, vpc) in vpcs {
                let key = ["acs:SourceVpc", "ACS:SOURCEVPC", "acs:sourcevpc"][key];
                request.context.push((key.to_owned(), VPCS[vpc].to_owned()));
            }
            request
        })
}

proptest! {
    #![proptest_config(config(secondary_cases()))]

    /// The compiled engine (its equality-condition index, its ARN indexes and its stop at a
    /// deciding Deny), the plain engine and the reference agree over several services, with
    /// wildcards in every slot of the ARN and multi-byte paths, policies of every class (up to
    /// four of up to three statements) and equality conditions on broad resources.
    #[test]
    fn engines_agree_over_several_services(
        policies in policy_set_of(service_statement(), class()),
        request in service_request(),
    ) {
        assert_agree(&policies, &request, &TestCatalog)?;
    }

    /// The same over up to twenty statements in one identity policy, so that one index holds
    /// many statements of each bucket.
    #[test]
    fn engines_agree_over_several_services_in_one_policy(
        statements in prop::collection::vec(service_statement(), 1..=20),
        request in service_request(),
        class in class(),
    ) {
        let policies = name_policies(vec![(class, statements)]);
        assert_agree(&policies, &request, &TestCatalog)?;
    }
}

/// The several-services property is not vacuous: its cases reach every outcome, and many
/// decide through a statement filed by its equality condition.
#[test]
fn service_cases_reach_every_outcome_and_the_equality_index() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (
        prop::collection::vec(service_statement(), 1..=20),
        service_request(),
    );
    let mut counts = std::collections::BTreeMap::new();
    let mut by_equality = 0;
    for _ in 0..2_000 {
        let (statements, request) = strategy.new_tree(&mut runner).expect("generates").current();
        let policies = name_policies(vec![(PolicyClass::IdentityAccount, statements)]);
        let verdict = reference(&policies, &request, &TestCatalog);
        *counts.entry(verdict.outcome).or_insert(0_u32) += 1;
        // A deciding statement on a broad resource with a `StringEquals`.
        by_equality += verdict
            .matched
            .iter()
            .filter(|m| {
                let st = &policies[0].policy.statements[m.statement];
                (st.resources.negated
                    || st
                        .resources
                        .patterns
                        .iter()
                        .any(|p| p.starts_with('*') || p == "acs:*:*:*:*"))
                    && st
                        .conditions
                        .iter()
                        .any(|c| c.operator == Operator::StringEquals)
            })
            .count();
    }
    for outcome in [Outcome::Allow, Outcome::ExplicitDeny, Outcome::ImplicitDeny] {
        let n = counts.get(&outcome).copied().unwrap_or(0);
        assert!(n >= 150, "{outcome} in only {n} of 2000 cases: {counts:?}");
    }
    assert!(by_equality >= 100, "{by_equality}");
}

/// The outcome path stops at an account-class identity Deny only when the request has an
/// identity step: a service assuming a role has none, so the resource-based (trust) policy
/// decides alone and a matching identity Deny listed before it must not end the scan.
#[test]
fn the_outcome_path_reads_on_past_an_identity_deny_without_an_identity_step() {
    let deny = Statement {
        effect: Effect::Deny,
        actions: Patterns::of(["*"]),
        resources: Patterns::of(["*"]),
        conditions: Vec::new(),
        principals: None,
    };
    let trust = Statement {
        effect: Effect::Allow,
        actions: Patterns::of(["sts:AssumeRole"]),
        resources: Patterns::of(["*"]),
        conditions: Vec::new(),
        principals: Some(common::principal_element(6)),
    };
    let policies = name_policies(vec![
        (PolicyClass::IdentityAccount, vec![deny]),
        (PolicyClass::ResourceBased, vec![trust]),
    ]);
    let request = Req::new("sts:AssumeRole", "acs:ram::1:role/ops").by(ram_policy::Principal {
        kind: ram_policy::PrincipalKind::Service,
        name: "ecs.aliyuncs.com".to_owned(),
    });
    assert_eq!(
        reference(&policies, &request, &TestCatalog).outcome,
        Outcome::Allow
    );
    assert_agree(&policies, &request, &TestCatalog).unwrap();
}
