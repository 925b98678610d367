//! The reference evaluator of `common/mod.rs` on hand-picked cases, so that it is known to be
//! right before the property tests trust it; each decision is also checked against the engine.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod common;

use common::{
    Req, TestCatalog, Verdict, cidr_contains, condition_holds, engine, parse_cidr, parse_utc,
    reference, scope_applies, wildcard, wildcard_regex_source,
};
use ram_core::Catalog;
use ram_policy::{
    AttachedPolicy, Condition, Effect, Layer, Matched, Operator, Outcome, Patterns, Policy,
    PolicyClass, Principal, PrincipalKind, Principals, Statement,
};

fn ctx(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Whether a condition holds, by the reference; asserts that the engine says the same (a
/// one-statement policy with the condition, allowing everything).
fn holds(operator: Operator, key: &str, values: &[&str], context: &[(&str, &str)]) -> bool {
    let condition = Condition::new(operator, key, values).expect("valid policy values");
    let context = ctx(context);
    let expected = condition_holds(&condition, &context);
    let policy = Policy {
        statements: vec![Statement {
            effect: Effect::Allow,
            actions: Patterns::of(["*"]),
            resources: Patterns::of(["*"]),
            conditions: vec![condition],
            principals: None,
        }],
    };
    let mut request = Req::new("cr:GetA", "*");
    request.context = context;
    let got = engine(
        &[AttachedPolicy::identity("p", policy)],
        &request,
        &TestCatalog,
    );
    assert_eq!(
        got.outcome == Outcome::Allow,
        expected,
        "engine and reference disagree on {operator} {key} {values:?} with {request:?}"
    );
    expected
}

#[test]
fn wildcards_become_anchored_regexes() {
    assert_eq!(wildcard_regex_source("cr:Get*"), r"(?s)^cr:Get.*$");
    assert_eq!(wildcard_regex_source("a.b?c"), r"(?s)^a\.b.c$");
    assert_eq!(
        wildcard_regex_source("(x)+[y]$^|\\"),
        r"(?s)^\(x\)\+\[y\]\$\^\|\\$"
    );
    assert!(wildcard("*", "", false));
    assert!(wildcard("*", "acs:cr:r1:a1:repository/i1/n1/x", false));
    assert!(wildcard(
        "acs:cr:*",
        "acs:cr:r1:a1:repository/i1/n1/x",
        false
    ));
    assert!(wildcard("a*b", "a\nb", false));
    assert!(!wildcard("a.b", "axb", false));
    assert!(wildcard("a.b", "a.b", false));
    assert!(wildcard("a?c", "aéc", false));
    assert!(!wildcard("a?c", "ac", false));
    assert!(!wildcard("a?c", "abbc", false));
    assert!(!wildcard("acs:cr:*", "xacs:cr:r1", false));
    assert!(!wildcard("acs:cr", "acs:cr:r1", false));
    assert!(wildcard("CR:geta", "cr:GetA", true));
    assert!(!wildcard("CR:geta", "cr:GetA", false));
    assert!(wildcard("cr:getá", "CR:GETá", true));
    assert!(!wildcard("cr:getá", "CR:GETÁ", true));
    assert!(wildcard("?", "😀", false));
    assert!(!wildcard("?", "😀😀", false));
}

#[test]
fn missing_keys_make_negated_operators_true_and_positive_ones_false() {
    for operator in [
        Operator::StringNotEquals,
        Operator::StringNotEqualsIgnoreCase,
        Operator::StringNotLike,
        Operator::NumericNotEquals,
        Operator::DateNotEquals,
        Operator::NotIpAddress,
    ] {
        let value = common::family_of(operator).policy[0];
        assert!(holds(operator, "acs:Absent", &[value], &[]), "{operator}");
        assert!(
            holds(operator, "acs:Absent", &[value], &[("other", value)]),
            "{operator}"
        );
    }
    for operator in [
        Operator::StringEquals,
        Operator::StringEqualsIgnoreCase,
        Operator::StringLike,
        Operator::NumericEquals,
        Operator::NumericLessThan,
        Operator::NumericGreaterThanEquals,
        Operator::DateEquals,
        Operator::DateGreaterThan,
        Operator::Bool,
        Operator::IpAddress,
    ] {
        let value = common::family_of(operator).policy[0];
        assert!(!holds(operator, "acs:Absent", &[value], &[]), "{operator}");
    }
}

#[test]
fn malformed_request_values_make_even_negated_operators_false() {
    let k = "k";
    assert!(!holds(
        Operator::NumericNotEquals,
        k,
        &["5"],
        &[(k, "five")]
    ));
    assert!(!holds(Operator::NumericLessThan, k, &["5"], &[(k, "five")]));
    assert!(!holds(Operator::NumericNotEquals, k, &["5"], &[(k, "NaN")]));
    assert!(!holds(Operator::NumericNotEquals, k, &["5"], &[(k, "inf")]));
    assert!(!holds(
        Operator::NumericNotEquals,
        k,
        &["5"],
        &[(k, "1e400")]
    ));
    assert!(!holds(
        Operator::DateNotEquals,
        k,
        &["2026-01-01T00:00:00Z"],
        &[(k, "someday")]
    ));
    assert!(!holds(
        Operator::DateNotEquals,
        k,
        &["2026-01-01T00:00:00Z"],
        &[(k, "2026-13-01T00:00:00Z")]
    ));
    assert!(!holds(
        Operator::DateNotEquals,
        k,
        &["2026-01-01T00:00:00Z"],
        &[(k, "2025-02-29T00:00:00Z")]
    ));
    assert!(!holds(Operator::Bool, k, &["true"], &[(k, "yes")]));
    assert!(!holds(
        Operator::NotIpAddress,
        k,
        &["10.0.0.0/8"],
        &[(k, "not-an-ip")]
    ));
    assert!(!holds(
        Operator::NotIpAddress,
        k,
        &["10.0.0.0/8"],
        &[(k, "11.0.0.0/32")]
    ));
    // One malformed value among several spoils the operator, even when another one matches.
    assert!(!holds(
        Operator::NumericEquals,
        k,
        &["5"],
        &[(k, "5"), (k, "five")]
    ));
    assert!(!holds(
        Operator::IpAddress,
        k,
        &["10.0.0.0/8"],
        &[(k, "x"), (K_UPPER, "10.1.2.3")]
    ));
    // Strings are never malformed.
    assert!(holds(Operator::StringNotEquals, k, &["a"], &[(k, "")]));
}

const K_UPPER: &str = "K";

#[test]
fn several_values_any_may_match_and_keys_ignore_case() {
    let k = "cr:Tag";
    assert!(holds(
        Operator::StringEquals,
        k,
        &["a", "b"],
        &[("CR:TAG", "b")]
    ));
    assert!(holds(
        Operator::StringEquals,
        k,
        &["a"],
        &[("cr:tag", "x"), ("CR:Tag", "a")]
    ));
    assert!(!holds(Operator::StringEquals, k, &["a"], &[(k, "A")]));
    assert!(holds(
        Operator::StringEqualsIgnoreCase,
        k,
        &["a"],
        &[(k, "A")]
    ));
    assert!(holds(
        Operator::StringEqualsIgnoreCase,
        k,
        &["é"],
        &[(k, "É")]
    ));
    // A negated operator is false as soon as any pair matches.
    assert!(!holds(
        Operator::StringNotEquals,
        k,
        &["a", "b"],
        &[(k, "c"), (k, "b")]
    ));
    assert!(holds(
        Operator::StringNotEquals,
        k,
        &["a", "b"],
        &[(k, "c")]
    ));
    assert!(!holds(
        Operator::StringNotEqualsIgnoreCase,
        k,
        &["a"],
        &[(k, "A")]
    ));
    assert!(holds(Operator::StringLike, k, &["a*"], &[(k, "ab")]));
    assert!(!holds(Operator::StringLike, k, &["a*"], &[(k, "AB")]));
    assert!(holds(Operator::StringLike, k, &["?"], &[(k, "é")]));
    assert!(!holds(Operator::StringLike, k, &["?"], &[(k, "")]));
    assert!(holds(Operator::StringNotLike, k, &["a?"], &[(k, "abc")]));
}

#[test]
fn numbers_dates_booleans_and_networks() {
    let k = "k";
    assert!(holds(Operator::NumericEquals, k, &["1e1"], &[(k, "10")]));
    assert!(holds(Operator::NumericEquals, k, &["-0.0"], &[(k, "0")]));
    assert!(holds(Operator::NumericLessThan, k, &["2.5"], &[(k, ".5")]));
    assert!(!holds(
        Operator::NumericLessThan,
        k,
        &["2.5"],
        &[(k, "+2.5")]
    ));
    assert!(holds(
        Operator::NumericLessThanEquals,
        k,
        &["2.5"],
        &[(k, "+2.5")]
    ));
    assert!(holds(Operator::NumericGreaterThan, k, &["-1"], &[(k, "0")]));
    assert!(!holds(
        Operator::NumericGreaterThanEquals,
        k,
        &["1"],
        &[(k, "0")]
    ));

    let new_year = "2026-01-01T00:00:00Z";
    assert!(holds(
        Operator::DateEquals,
        k,
        &[new_year],
        &[(k, new_year)]
    ));
    assert!(holds(
        Operator::DateLessThan,
        k,
        &[new_year],
        &[(k, "2025-12-31T23:59:59Z")]
    ));
    assert!(holds(
        Operator::DateGreaterThan,
        k,
        &[new_year],
        &[(k, "2026-01-01T00:00:01Z")]
    ));
    assert!(holds(
        Operator::DateLessThanEquals,
        k,
        &[new_year],
        &[(k, "2024-02-29T00:00:00Z")]
    ));
    assert!(!holds(
        Operator::DateGreaterThanEquals,
        k,
        &["2026-06-15T12:30:00Z"],
        &[(k, new_year)]
    ));

    assert!(holds(Operator::Bool, k, &["TRUE"], &[(k, "true")]));
    assert!(holds(Operator::Bool, k, &["False"], &[(k, "FALSE")]));
    assert!(!holds(Operator::Bool, k, &["true"], &[(k, "false")]));

    assert!(holds(
        Operator::IpAddress,
        k,
        &["10.0.0.0/8"],
        &[(k, "10.1.2.3")]
    ));
    assert!(holds(
        Operator::IpAddress,
        k,
        &["10.1.2.3/8"],
        &[(k, "10.200.0.1")]
    ));
    assert!(!holds(
        Operator::IpAddress,
        k,
        &["10.1.2.0/24"],
        &[(k, "10.1.3.1")]
    ));
    assert!(holds(
        Operator::IpAddress,
        k,
        &["10.1.2.3"],
        &[(k, "10.1.2.3")]
    ));
    assert!(holds(
        Operator::IpAddress,
        k,
        &["0.0.0.0/0"],
        &[(k, "192.168.1.1")]
    ));
    assert!(holds(
        Operator::IpAddress,
        k,
        &["2001:db8::/32"],
        &[(k, "2001:db8::2")]
    ));
    assert!(!holds(
        Operator::IpAddress,
        k,
        &["2001:db8::1"],
        &[(k, "2001:db8::2")]
    ));
    assert!(!holds(
        Operator::IpAddress,
        k,
        &["0.0.0.0/0"],
        &[(k, "::ffff:10.1.2.3")]
    ));
    assert!(holds(
        Operator::IpAddress,
        k,
        &["::/0"],
        &[(k, "::ffff:10.1.2.3")]
    ));
    assert!(holds(
        Operator::NotIpAddress,
        k,
        &["10.0.0.0/8"],
        &[(k, "fe80::1")]
    ));
}

#[test]
fn the_reference_parsers() {
    assert_eq!(
        parse_utc("2024-02-29T23:59:59Z"),
        Some((2024, 2, 29, 23, 59, 59))
    );
    for bad in [
        "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:60:00Z",
        "2026-01-01 00:00:00Z",
        "2026-01-01T00:00:00",
        "+026-01-01T00:00:00Z",
        "someday",
        "",
    ] {
        assert_eq!(parse_utc(bad), None, "{bad}");
    }
    assert_eq!(parse_utc("1900-02-29T00:00:00Z"), None);
    assert!(parse_utc("2000-02-29T00:00:00Z").is_some());
    let net = |s| parse_cidr(s).expect(s);
    assert!(cidr_contains(
        net("10.1.2.3/8"),
        "10.9.9.9".parse().unwrap()
    ));
    assert!(!cidr_contains(
        net("10.1.2.3/8"),
        "11.0.0.0".parse().unwrap()
    ));
    assert!(cidr_contains(
        net("0.0.0.0/0"),
        "255.255.255.255".parse().unwrap()
    ));
    assert!(!cidr_contains(net("0.0.0.0/0"), "::1".parse().unwrap()));
    assert!(cidr_contains(
        net("2001:db8::/32"),
        "2001:db8:ffff::1".parse().unwrap()
    ));
    assert!(!cidr_contains(
        net("2001:db8::/32"),
        "2001:db9::".parse().unwrap()
    ));
    assert_eq!(parse_cidr("10.0.0.0/33"), None);
    assert_eq!(parse_cidr("10.0.0.0/+8"), None);
    assert_eq!(parse_cidr("ten"), None);
}

fn allow(actions: &[&str], resources: &[&str]) -> Statement {
    Statement {
        effect: Effect::Allow,
        actions: Patterns::of(actions.iter().copied()),
        resources: Patterns::of(resources.iter().copied()),
        conditions: Vec::new(),
        principals: None,
    }
}

fn deny(actions: &[&str], resources: &[&str]) -> Statement {
    Statement {
        effect: Effect::Deny,
        ..allow(actions, resources)
    }
}

fn attached(name: &str, class: PolicyClass, statements: Vec<Statement>) -> AttachedPolicy {
    AttachedPolicy::new(name, Policy { statements }, class)
}

fn rg(group: &str) -> PolicyClass {
    PolicyClass::IdentityResourceGroup(group.to_owned())
}

fn m(policy: &str, statement: usize, effect: Effect) -> Matched {
    Matched {
        policy: policy.to_owned(),
        statement,
        effect,
    }
}

/// The reference's verdict, checked against the engine's.
fn decide(policies: &[AttachedPolicy], request: &Req) -> Verdict {
    let expected = reference(policies, request, &TestCatalog);
    assert_eq!(
        engine(policies, request, &TestCatalog),
        expected,
        "engine (left) and reference (right) disagree on {request:?}"
    );
    expected
}

const REPO: &str = "acs:cr:r1:a1:repository/i1/n1/x";
const INSTANCE: &str = "acs:cr:r1:a1:instance/i1";

#[test]
fn the_test_catalog() {
    assert_eq!(
        TestCatalog.action_supports_resource_groups("CR:GETA"),
        Some(true)
    );
    assert_eq!(
        TestCatalog.action_supports_resource_groups("cr:GetB"),
        Some(false)
    );
    assert_eq!(
        TestCatalog.action_supports_resource_groups("ecs:GetA"),
        None
    );
    assert!(TestCatalog.resource_supports_resource_groups(REPO));
    assert!(!TestCatalog.resource_supports_resource_groups(INSTANCE));
    assert!(!TestCatalog.resource_supports_resource_groups("*"));
}

#[test]
fn resource_group_scopes() {
    let req = Req::new("cr:GetA", REPO).group("rg1");
    assert!(scope_applies(
        &PolicyClass::IdentityAccount,
        &Req::new("x:y", "*"),
        &TestCatalog
    ));
    assert!(scope_applies(&rg("rg1"), &req, &TestCatalog));
    assert!(!scope_applies(&rg("rg2"), &req, &TestCatalog));
    assert!(!scope_applies(
        &rg("rg1"),
        &Req::new("cr:GetA", REPO),
        &TestCatalog
    ));
    // The Action must support RG-level authorization: `false` and unknown both refuse.
    assert!(!scope_applies(
        &rg("rg1"),
        &Req::new("cr:GetB", REPO).group("rg1"),
        &TestCatalog
    ));
    assert!(!scope_applies(
        &rg("rg1"),
        &Req::new("ecs:GetA", REPO).group("rg1"),
        &TestCatalog
    ));
    // The resource type must support resource groups.
    assert!(!scope_applies(
        &rg("rg1"),
        &Req::new("cr:GetA", INSTANCE).group("rg1"),
        &TestCatalog
    ));

    let grant = |class| vec![attached("p", class, vec![allow(&["*"], &["*"])])];
    assert_eq!(decide(&grant(rg("rg1")), &req).outcome, Outcome::Allow);
    assert_eq!(
        decide(&grant(rg("rg2")), &req).outcome,
        Outcome::ImplicitDeny
    );
    let getb = Req::new("cr:GetB", REPO).group("rg1");
    assert_eq!(
        decide(&grant(rg("rg1")), &getb).outcome,
        Outcome::ImplicitDeny
    );
    assert_eq!(
        decide(&grant(PolicyClass::IdentityAccount), &getb).outcome,
        Outcome::Allow
    );
    // An RG-scoped Deny that does not apply does not deny.
    let policies = vec![
        attached(
            "a",
            PolicyClass::IdentityAccount,
            vec![allow(&["*"], &["*"])],
        ),
        attached("d", rg("rg1"), vec![deny(&["*"], &["*"])]),
    ];
    assert_eq!(decide(&policies, &getb).outcome, Outcome::Allow);
    // One that applies is evaluated only after an account-class implicit deny ("Policy
    // evaluation process"): under the account-level Allow it is never looked at...
    assert_eq!(
        decide(&policies, &req),
        Verdict {
            outcome: Outcome::Allow,
            matched: vec![m("a", 0, Effect::Allow)]
        }
    );
    // ...and after an account-level policy that does not match, it decides.
    let narrow = vec![
        attached(
            "a",
            PolicyClass::IdentityAccount,
            vec![allow(&["cr:List*"], &["*"])],
        ),
        attached("d", rg("rg1"), vec![deny(&["*"], &["*"])]),
        attached("g", rg("rg1"), vec![allow(&["*"], &["*"])]),
    ];
    assert_eq!(
        decide(&narrow, &req),
        Verdict {
            outcome: Outcome::ExplicitDeny,
            matched: vec![m("d", 0, Effect::Deny)]
        }
    );
    assert_eq!(
        decide(&narrow[2..], &req),
        Verdict {
            outcome: Outcome::Allow,
            matched: vec![m("g", 0, Effect::Allow)]
        }
    );
}

#[test]
fn layers_and_explicit_deny() {
    let req = Req::new("cr:GetA", REPO);
    let everything = || vec![allow(&["*"], &["*"])];
    assert_eq!(decide(&[], &req).outcome, Outcome::ImplicitDeny);
    // Control and session alone allow nothing: the identity layer must allow.
    let no_identity = vec![
        attached("c", PolicyClass::Control, everything()),
        attached("s", PolicyClass::Session, everything()),
    ];
    assert_eq!(
        decide(&no_identity, &req),
        Verdict {
            outcome: Outcome::ImplicitDeny,
            matched: vec![m("c", 0, Effect::Allow), m("s", 0, Effect::Allow)]
        }
    );
    // A given control policy must allow too; when it does not, the evaluation ends there,
    // before the identity policies (so their Allow is not among the deciding statements).
    let identity = attached("i", PolicyClass::IdentityAccount, everything());
    let narrow_control = attached(
        "c",
        PolicyClass::Control,
        vec![allow(&["cr:List*"], &["*"])],
    );
    assert_eq!(
        decide(&[identity.clone(), narrow_control.clone()], &req),
        Verdict {
            outcome: Outcome::ImplicitDeny,
            matched: vec![]
        }
    );
    // Even an identity Deny does not turn the control step's implicit deny into an explicit one.
    assert_eq!(
        decide(
            &[
                narrow_control,
                attached(
                    "x",
                    PolicyClass::IdentityAccount,
                    vec![deny(&["*"], &["*"])]
                )
            ],
            &req
        )
        .outcome,
        Outcome::ImplicitDeny
    );
    let session = attached(
        "s",
        PolicyClass::Session,
        vec![allow(&["cr:Get?"], &[REPO])],
    );
    assert_eq!(
        decide(&[identity.clone(), session.clone()], &req),
        Verdict {
            outcome: Outcome::Allow,
            matched: vec![m("i", 0, Effect::Allow), m("s", 0, Effect::Allow)]
        }
    );
    // Every matching Deny is named, from any layer.
    let denies = attached(
        "d",
        PolicyClass::Session,
        vec![
            deny(&["cr:*"], &["*"]),
            allow(&["*"], &["*"]),
            deny(&["cr:List*"], &["*"]),
            deny(&["CR:GETA"], &[REPO]),
        ],
    );
    assert_eq!(
        decide(&[identity.clone(), session, denies], &req),
        Verdict {
            outcome: Outcome::ExplicitDeny,
            matched: vec![m("d", 0, Effect::Deny), m("d", 3, Effect::Deny)]
        }
    );
    // NotAction / NotResource.
    let not = attached(
        "n",
        PolicyClass::IdentityAccount,
        vec![Statement {
            effect: Effect::Deny,
            actions: Patterns::not(["cr:List*"]),
            resources: Patterns::not([INSTANCE]),
            conditions: Vec::new(),
            principals: None,
        }],
    );
    assert_eq!(
        decide(&[identity.clone(), not.clone()], &req).outcome,
        Outcome::ExplicitDeny
    );
    assert_eq!(
        decide(
            &[identity.clone(), not.clone()],
            &Req::new("cr:ListA", REPO)
        )
        .outcome,
        Outcome::Allow
    );
    assert_eq!(
        decide(&[identity, not], &Req::new("cr:GetA", INSTANCE)).outcome,
        Outcome::Allow
    );
}

/// Control and session policies attach to no resource group: only identity policies do, and
/// `PolicyClass` has no other class with a group. So a control or session policy is given to
/// every request whatever its resource group, and its layer must allow. (Before policy classes,
/// a control policy could be attached at a resource group and counted as given only where its
/// scope applied, which RAM has no counterpart for.)
#[test]
fn control_and_session_policies_attach_to_no_resource_group() {
    for layer in [Layer::Control, Layer::Session] {
        assert_eq!(PolicyClass::attached(layer, Some("rg1".to_owned())), None);
        assert!(PolicyClass::attached(layer, None).is_some());
    }
    let identity = attached(
        "i",
        PolicyClass::IdentityAccount,
        vec![allow(&["*"], &["*"])],
    );
    let control = attached(
        "c",
        PolicyClass::Control,
        vec![allow(&["cr:List*"], &["*"])],
    );
    assert_eq!(
        decide(std::slice::from_ref(&identity), &Req::new("cr:GetB", REPO)),
        Verdict {
            outcome: Outcome::Allow,
            matched: vec![m("i", 0, Effect::Allow)]
        }
    );
    for req in [
        Req::new("cr:GetB", REPO),
        Req::new("cr:GetA", REPO).group("rg1"),
    ] {
        assert_eq!(
            decide(&[identity.clone(), control.clone()], &req),
            Verdict {
                outcome: Outcome::ImplicitDeny,
                matched: vec![]
            },
            "{req:?}"
        );
    }
}

/// Resource-based and trust policies, and the combination of the two decisions, on the
/// vendor's examples ("Policy evaluation process", "... of assuming a RAM role", "Edit the
/// trust policy of a RAM role").
#[test]
fn resource_based_policies_and_assuming_a_role() {
    let role = "acs:ram::1:role/ops";
    let alice = Principal::ram("acs:ram::1:user/alice");
    let trust = |principals: Principals| {
        attached(
            "trust",
            PolicyClass::ResourceBased,
            vec![Statement {
                principals: Some(principals),
                resources: Patterns::attached_resource(),
                ..allow(&["sts:AssumeRole"], &[])
            }],
        )
    };
    let account_root =
        Principals::Listed(vec![(PrincipalKind::Ram, vec!["acs:ram::1:root".into()])]);
    let ecs = Principals::Listed(vec![(
        PrincipalKind::Service,
        vec!["ecs.aliyuncs.com".into()],
    )]);
    let may_assume = attached(
        "i",
        PolicyClass::IdentityAccount,
        vec![allow(&["sts:AssumeRole"], &["acs:ram:*:1:role/*"])],
    );
    let assume = Req::new("sts:AssumeRole", role).by(alice.clone());
    // Both the identity policy and the trust policy must allow.
    assert_eq!(
        decide(&[may_assume.clone(), trust(account_root.clone())], &assume),
        Verdict {
            outcome: Outcome::Allow,
            matched: vec![m("i", 0, Effect::Allow), m("trust", 0, Effect::Allow)]
        }
    );
    assert_eq!(
        decide(&[trust(account_root.clone())], &assume).outcome,
        Outcome::ImplicitDeny
    );
    assert_eq!(
        decide(std::slice::from_ref(&may_assume), &assume).outcome,
        Outcome::ImplicitDeny
    );
    // The account's root names its RAM users, not (for an Allow) its roles.
    let as_role = Req::new("sts:AssumeRole", role).by(Principal::ram("acs:ram::1:role/ci"));
    assert_eq!(
        decide(&[may_assume.clone(), trust(account_root.clone())], &as_role).outcome,
        Outcome::ImplicitDeny
    );
    // A service has no identity step: the trust policy alone decides.
    let by_ecs = Req::new("sts:AssumeRole", role).by(Principal::service("ecs.aliyuncs.com"));
    assert_eq!(
        decide(&[trust(ecs.clone())], &by_ecs),
        Verdict {
            outcome: Outcome::Allow,
            matched: vec![m("trust", 0, Effect::Allow)]
        }
    );
    assert_eq!(
        decide(&[trust(account_root)], &by_ecs).outcome,
        Outcome::ImplicitDeny
    );
    // Any other request combines as usual: a bucket policy's Allow alone allows, and an
    // explicit deny in either decision wins.
    let bucket = |effect| {
        attached(
            "bucket",
            PolicyClass::ResourceBased,
            vec![Statement {
                effect,
                principals: Some(Principals::Any),
                ..allow(&["oss:GetObject"], &["acs:oss:*:*:b/*"])
            }],
        )
    };
    let get = Req::new("oss:GetObject", "acs:oss:*:*:b/k").by(alice);
    assert_eq!(
        decide(&[bucket(Effect::Allow)], &get).outcome,
        Outcome::Allow
    );
    let reads = attached(
        "i",
        PolicyClass::IdentityAccount,
        vec![allow(&["oss:*"], &["*"])],
    );
    assert_eq!(
        decide(&[reads, bucket(Effect::Deny)], &get),
        Verdict {
            outcome: Outcome::ExplicitDeny,
            matched: vec![m("bucket", 0, Effect::Deny)]
        }
    );
}
