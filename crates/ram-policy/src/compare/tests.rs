use proptest::prelude::*;

use super::*;
use crate::{Condition, Operator, Policy};

/// A catalog of two services: `x` with two Actions (one with a multi-byte name) and ARN
/// templates, and `sts`, so that Actions outside it are easy to write.
struct Tiny;

const ACTIONS: [&str; 3] = ["x:GetA", "x:Put名", "x:DeleteA"];

impl Catalog for Tiny {
    fn covers(&self, service: &str) -> bool {
        service.eq_ignore_ascii_case("x")
    }

    fn action_supports_resource_groups(&self, action: &str) -> Option<bool> {
        ACTIONS
            .iter()
            .any(|a| a.eq_ignore_ascii_case(action))
            .then_some(true)
    }

    fn resource_supports_resource_groups(&self, _resource: &str) -> bool {
        true
    }

    fn actions(&self) -> Vec<&str> {
        ACTIONS.to_vec()
    }

    fn action_info(&self, action: &str) -> Option<ram_core::ActionInfo<'_>> {
        let name = ACTIONS.iter().find(|a| a.eq_ignore_ascii_case(action))?;
        Some(ram_core::ActionInfo {
            name,
            access_level: ram_core::AccessLevel::Read,
            access_level_inferred: false,
            resource_group_authorization: Some(true),
            templates: vec!["acs:x:$regionid:$accountid:thing/$id"],
            any_resource: false,
            apis: Vec::new(),
        })
    }
}

fn policy(json: &str) -> Vec<AttachedPolicy> {
    match Policy::parse(json) {
        Ok(p) => vec![AttachedPolicy::identity("p", p)],
        Err(e) => panic!("{e:?}"),
    }
}

fn run(old: &str, new: &str) -> Comparison {
    match compare(&policy(old), &policy(new), &Tiny) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

fn doc(statements: &str) -> String {
    format!(r#"{{"Version": "1", "Statement": [{statements}]}}"#)
}

#[test]
fn the_same_policy_changes_nothing() {
    let p = doc(
        r#"{"Effect": "Allow", "Action": "x:*", "Resource": "acs:x:*:*:thing/*"},
                   {"Effect": "Deny", "Action": "x:Delete*", "Resource": "*"}"#,
    );
    let c = run(&p, &p);
    assert!(c.no_new_access());
    assert!(c.added.is_empty() && c.removed.is_empty());
}

#[test]
fn a_widened_action_adds_the_other_actions() {
    let old = doc(r#"{"Effect": "Allow", "Action": "x:Get*", "Resource": "*"}"#);
    let new = doc(r#"{"Effect": "Allow", "Action": ["x:*", "y:Foo*"], "Resource": "*"}"#);
    let c = run(&old, &new);
    assert!(!c.no_new_access());
    let actions: BTreeSet<&str> = c.added.iter().map(|f| f.action.as_str()).collect();
    assert!(actions.contains("x:Put名") && actions.contains("x:DeleteA"));
    assert!(!actions.contains("x:GetA"));
    // An Action outside the catalog, standing for every Action `y:Foo*` matches; the ones
    // outside the catalog that `x:*` matches are like `x:Put名` and need no Action of their own.
    let outside: Vec<&str> = c
        .added
        .iter()
        .filter(|f| !f.in_catalog)
        .map(|f| f.action.as_str())
        .collect();
    assert_eq!(outside, ["y:foo"]);
    for f in &c.added {
        assert!(f.witness.confirmed, "{f:?}");
        assert_eq!(f.because, Because::NotAllowed);
    }
    // The witness of a catalog Action fits its template.
    let put = c.added.iter().find(|f| f.action == "x:Put名");
    assert!(put.is_some_and(|f| {
        Glob::template("acs:x:$regionid:$accountid:thing/$id").matches(&f.witness.request.resource)
    }));
    assert!(c.removed.is_empty());
    // The reverse direction sees the narrowing.
    let back = run(&new, &old);
    assert!(back.no_new_access());
    assert!(!back.removed.is_empty());
}

#[test]
fn a_dropped_deny_is_new_access_at_the_deny() {
    let old = doc(r#"{"Effect": "Allow", "Action": "x:*", "Resource": "*"},
                     {"Effect": "Deny", "Action": "x:DeleteA", "Resource": "acs:x:*:*:thing/prod-*"}"#);
    let new = doc(r#"{"Effect": "Allow", "Action": "x:*", "Resource": "*"}"#);
    let c = run(&old, &new);
    let delete: Vec<&Finding> = c.added.iter().filter(|f| f.action == "x:DeleteA").collect();
    assert_eq!(delete.len(), 1);
    let Some(f) = delete.first() else { return };
    assert!(matches!(&f.because, Because::Denied(at) if at.statement == 1));
    assert!(f.witness.request.resource.contains(":thing/prod-"));
    assert!(f.witness.confirmed);
    assert!(c.added.iter().all(|f| f.action == "x:DeleteA"));
}

#[test]
fn a_region_wildcard_adds_the_other_regions() {
    let old = doc(
        r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "acs:x:cn-hangzhou:*:thing/*"}"#,
    );
    let new = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "acs:x:*:*:thing/*"}"#);
    let c = run(&old, &new);
    assert_eq!(c.added.len(), 1);
    let resource = c.added.first().map(|f| f.witness.request.resource.clone());
    let resource = resource.unwrap_or_default();
    assert!(resource.starts_with("acs:x:") && !resource.starts_with("acs:x:cn-hangzhou:"));
    assert!(
        Glob::template("acs:x:$r:$a:thing/$id").matches(&resource),
        "{resource}"
    );
    assert!(c.added.iter().all(|f| f.witness.confirmed));
}

#[test]
fn not_resource_and_not_action_are_complements() {
    // Everything but `x:GetA` on everything but `secret`, against the same written the other way.
    let old = doc(r#"{"Effect": "Allow", "NotAction": "x:GetA", "NotResource": "secret"}"#);
    let new = doc(
        r#"{"Effect": "Allow", "NotAction": "x:GetA", "Resource": "*"},
                     {"Effect": "Deny", "Action": "*", "Resource": "secret"}"#,
    );
    let c = run(&old, &new);
    assert!(c.no_new_access(), "{:?}", c.added);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
    let wider = doc(r#"{"Effect": "Allow", "NotAction": "x:GetA", "Resource": "*"}"#);
    let c = run(&old, &wider);
    assert!(
        c.added
            .iter()
            .all(|f| f.witness.request.resource == "secret")
    );
    assert!(!c.added.is_empty());
}

#[test]
fn conditions_are_counted_conservatively_and_listed() {
    let old = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                      "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}}}"#);
    let new = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                      "Condition": {"StringEquals": {"acs:SourceVpc": "vpc-1"}}}"#);
    let c = run(&old, &new);
    // The same conditional grant on both sides: the old one counts as not allowing, so the
    // new one is reported, and the witness (old allows it too) is not confirmed.
    assert!(!c.no_new_access());
    assert_eq!(c.approximated.len(), 2);
    assert!(c.added.iter().all(|f| !f.witness.confirmed));
    let unconditional = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*"}"#);
    let c = run(&unconditional, &new);
    assert!(c.no_new_access());
    let c = run(
        &doc(r#"{"Effect": "Allow", "Action": "x:Put*", "Resource": "*"}"#),
        &new,
    );
    let f = c.added.iter().find(|f| f.action == "x:GetA");
    assert!(f.is_some_and(|f| f.witness.confirmed
        && f.witness.context == [("acs:SourceVpc".to_owned(), "vpc-1".to_owned())]));
}

#[test]
fn other_kinds_of_policy_are_refused() {
    let Ok(p) = Policy::parse(&doc(
        r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
    )) else {
        panic!("parse")
    };
    let control = [AttachedPolicy::new("guard", p, PolicyClass::Control)];
    assert!(matches!(
        compare(&control, &[], &Tiny),
        Err(CompareError::Unsupported { policy }) if policy == "guard"
    ));
}

// The property: random pairs of policies over small alphabets, random requests.

const RESOURCE_CHARS: [char; 5] = ['a', '/', ':', '名', '😀'];

fn pattern(chars: &'static [char], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(chars), 0..=max)
        .prop_map(|cs| cs.into_iter().collect())
}

fn action_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_owned()),
        Just("x:*".to_owned()),
        Just("X:get*".to_owned()),
        Just("y:*".to_owned()),
        Just("x:Put?".to_owned()),
        Just("x:?*A".to_owned()),
        pattern(&['x', ':', 'a', 'A', '名', '*', '?'], 4),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    prop_oneof![
        Just(("StringEquals", "k", "v")),
        Just(("StringNotEquals", "k", "v")),
        Just(("StringLike", "k", "v*")),
        Just(("Bool", "b", "true")),
    ]
    .prop_map(|(op, key, value)| {
        let operator = Operator::ALL
            .into_iter()
            .find(|o| o.as_str() == op)
            .unwrap_or(Operator::ALL[0]);
        match Condition::new(operator, key, &[value]) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    })
}

fn statement() -> impl Strategy<Value = Statement> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(action_pattern(), 1..=2),
        any::<bool>(),
        prop::collection::vec(pattern(&['a', '/', '名', '*', '?'], 3), 1..=2),
        prop::collection::vec(condition(), 0..=1),
    )
        .prop_map(
            |(allow, not_action, actions, not_resource, resources, conditions)| {
                let patterns = |negated: bool, p: Vec<String>| Patterns {
                    negated,
                    patterns: p,
                };
                Statement {
                    effect: if allow { Effect::Allow } else { Effect::Deny },
                    actions: patterns(not_action, actions),
                    resources: patterns(not_resource, resources),
                    conditions,
                    principals: None,
                }
            },
        )
}

fn policies() -> impl Strategy<Value = Vec<AttachedPolicy>> {
    prop::collection::vec(
        prop::collection::vec(statement(), 0..=3).prop_map(|statements| Policy { statements }),
        1..=2,
    )
    .prop_map(|list| {
        list.into_iter()
            .enumerate()
            .map(|(i, p)| AttachedPolicy::identity(&format!("p{i}"), p))
            .collect()
    })
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop_oneof![
            prop::sample::select(ACTIONS.to_vec()).prop_map(str::to_owned),
            prop::sample::select(vec!["y:a", "x:Puta", "X:GETA", "x:a", "z", "x:名A"])
                .prop_map(str::to_owned),
        ],
        pattern(&RESOURCE_CHARS, 4),
        prop::option::of(prop::sample::select(vec!["v", "vx", "w"])),
        prop::option::of(prop::sample::select(vec!["true", "false"])),
    )
        .prop_map(|(action, resource, k, b)| {
            let mut request = Request::new(action, resource);
            if let Some(k) = k {
                request = request.with_context("k", k);
            }
            if let Some(b) = b {
                request = request.with_context("b", b);
            }
            request
        })
}

fn cases() -> u32 {
    std::env::var("RAM_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(1000, |n| n.min(20_000))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// "No new access" is never wrong, and every witness is what it says it is: a confirmed
    /// one is allowed by the new set and not by the old one, and one of a comparison without
    /// conditions is always confirmed.
    #[test]
    fn compare_is_sound_and_its_witnesses_are_real(
        old in policies(),
        new in policies(),
        requests in prop::collection::vec(request(), 1..=24),
    ) {
        let c = compare(&old, &new, &Tiny);
        prop_assert!(c.is_ok());
        let Ok(c) = c else { return Ok(()) };
        if c.no_new_access() {
            for r in &requests {
                let gained = evaluate(&new, r, &Tiny).is_allowed() && !evaluate(&old, r, &Tiny).is_allowed();
                prop_assert!(!gained, "{r:?} gains access, yet compare says none");
            }
        }
        if c.removed.is_empty() && !c.undecided.iter().any(|(side, _)| *side == Side::Old) {
            for r in &requests {
                let lost = evaluate(&old, r, &Tiny).is_allowed() && !evaluate(&new, r, &Tiny).is_allowed();
                prop_assert!(!lost, "{r:?} loses access, yet compare says none");
            }
        }
        for (findings, gaining, losing) in [(&c.added, &new, &old), (&c.removed, &old, &new)] {
            for f in findings {
                let r = &f.witness.request;
                let real = evaluate(gaining, r, &Tiny).is_allowed() && !evaluate(losing, r, &Tiny).is_allowed();
                prop_assert_eq!(real, f.witness.confirmed, "{:?}", f);
                if c.approximated.is_empty() {
                    prop_assert!(real, "{:?} is not real without conditions", f);
                }
                prop_assert_eq!(r.action.as_str(), f.action.as_str());
            }
        }
    }
}
