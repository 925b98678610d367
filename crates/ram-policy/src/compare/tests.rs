use proptest::prelude::*;

use super::*;
use crate::{Condition, Layer, Operator, Policy, Principals};

/// A catalog of one service, `x`, with three Actions (one with a multi-byte name) that support
/// resource-group-level authorization and two ARN templates, so that Actions outside it
/// (`sts:AssumeRole` among them) are easy to write.
struct Tiny;

const ACTIONS: [&str; 3] = ["x:GetA", "x:Put名", "x:DeleteA"];

/// The template of the Actions' resources.
const THING: &str = "acs:x:$regionid:$accountid:thing/$id";

/// The one template whose resources support resource groups.
const GROUPED: &str = "a$id";

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

    /// Only `a$id` resources (`a` and a run without separators) support resource groups, as
    /// its one supporting template says.
    fn resource_supports_resource_groups(&self, resource: &str) -> bool {
        Glob::template(GROUPED).matches(resource)
    }

    fn templates(&self) -> Vec<&str> {
        vec![THING, GROUPED]
    }

    fn template_supports_resource_groups(&self, template: &str) -> bool {
        template == GROUPED
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
            templates: vec![THING],
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
    compare(&policy(old), &policy(new), &Tiny)
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

/// A statement allowing `x:GetA` on everything under a condition block.
fn get_if(condition: &str) -> String {
    doc(&format!(
        r#"{{"Effect": "Allow", "Action": "x:GetA", "Resource": "*", "Condition": {condition}}}"#
    ))
}

/// The findings for `x:GetA`, each checked against the engine.
fn get_findings(findings: &[Finding]) -> Vec<&Finding> {
    let found: Vec<&Finding> = findings.iter().filter(|f| f.action == "x:GetA").collect();
    for f in &found {
        assert!(f.witness.confirmed, "{f:?}");
    }
    found
}

/// The values a finding's witness gives a key.
fn values<'f>(f: &'f Finding, key: &str) -> Vec<&'f str> {
    f.witness
        .context
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn the_same_condition_on_both_sides_changes_nothing() {
    let p = get_if(r#"{"StringEquals": {"acs:SourceVpc": "vpc-1"}}"#);
    let c = run(&p, &p);
    assert!(c.no_new_access(), "{:?}", c.added);
    assert!(c.removed.is_empty() && c.approximated.is_empty());
    // Against no condition, the conditional grant is removed access outside `vpc-1` only.
    let unconditional = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*"}"#);
    let c = run(&unconditional, &p);
    assert!(c.no_new_access());
    let removed = get_findings(&c.removed);
    assert_eq!(removed.len(), 1);
    assert!(
        removed
            .iter()
            .all(|f| values(f, "acs:SourceVpc") != ["vpc-1"])
    );
    // Where nothing allowed it before, the condition's value is in the witness.
    let c = run(
        &doc(r#"{"Effect": "Allow", "Action": "x:Put*", "Resource": "*"}"#),
        &p,
    );
    let added = get_findings(&c.added);
    assert!(
        added
            .iter()
            .all(|f| f.witness.context == [("acs:SourceVpc".to_owned(), "vpc-1".to_owned())])
    );
    assert_eq!(added.len(), 1);
}

#[test]
fn a_narrowing_condition_is_no_new_access() {
    // Counted conservatively, the old grant did not allow, so this was reported as new access.
    let old = get_if(r#"{"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}"#);
    let new = get_if(r#"{"IpAddress": {"acs:SourceIp": ["10.1.0.0/16", "10.2.3.4"]}}"#);
    let c = run(&old, &new);
    assert!(c.no_new_access(), "{:?}", c.added);
    assert!(c.approximated.is_empty());
    let removed = get_findings(&c.removed);
    assert_eq!(removed.len(), 1);
    assert!(
        removed
            .iter()
            .all(|f| values(f, "acs:SourceIp") == ["10.0.0.0"])
    );
}

#[test]
fn a_widened_ip_range_is_new_access_from_the_new_addresses() {
    let old = get_if(r#"{"IpAddress": {"acs:SourceIp": "10.1.0.0/16"}}"#);
    let new = get_if(r#"{"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}"#);
    let c = run(&old, &new);
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    assert!(
        added
            .iter()
            .all(|f| values(f, "acs:SourceIp") == ["10.0.0.0"])
    );
    assert!(c.removed.is_empty() && c.approximated.is_empty());
}

#[test]
fn a_moved_date_window_is_new_access_after_the_old_end() {
    let window = |from: &str, to: &str| {
        get_if(&format!(
            r#"{{"DateGreaterThanEquals": {{"acs:CurrentTime": "{from}"}}, "DateLessThan": {{"acs:CurrentTime": "{to}"}}}}"#
        ))
    };
    let old = window("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    let new = window("2026-01-15T00:00:00+08:00", "2026-03-01");
    let c = run(&old, &new);
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    assert!(
        added
            .iter()
            .all(|f| values(f, "acs:CurrentTime") == ["2026-02-01T00:00:00Z"])
    );
    let removed = get_findings(&c.removed);
    assert_eq!(removed.len(), 1);
    assert!(
        removed
            .iter()
            .all(|f| values(f, "acs:CurrentTime") == ["2026-01-01T00:00:00Z"])
    );
}

#[test]
fn a_flipped_bool_and_an_inclusive_bound_are_new_access_at_their_edge() {
    let c = run(
        &get_if(r#"{"Bool": {"acs:SecureTransport": "true"}}"#),
        &get_if(r#"{"Bool": {"acs:SecureTransport": "FALSE"}}"#),
    );
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    assert!(
        added
            .iter()
            .all(|f| values(f, "acs:SecureTransport") == ["false"])
    );
    let c = run(
        &get_if(r#"{"NumericLessThan": {"x:Size": "10"}}"#),
        &get_if(r#"{"NumericLessThanEquals": {"x:Size": "1e1"}}"#),
    );
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    assert!(added.iter().all(|f| values(f, "x:Size") == ["10"]));
    assert!(c.removed.is_empty());
}

#[test]
fn a_widened_string_pattern_is_new_access_with_a_value_of_the_difference() {
    let old = get_if(r#"{"StringLike": {"x:Team": "团队-a*"}}"#);
    let new = get_if(r#"{"StringLike": {"x:Team": "团队-?*"}}"#);
    let c = run(&old, &new);
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    let team = added
        .first()
        .map(|f| values(f, "x:Team"))
        .unwrap_or_default();
    assert!(
        matches!(team.as_slice(), [v] if v.starts_with("团队-") && !v.starts_with("团队-a")),
        "{team:?}"
    );
    // Keys compare case-insensitively, and `…IgnoreCase` folds: `AB` is `ab` to it.
    let c = run(
        &get_if(r#"{"StringEqualsIgnoreCase": {"X:TEAM": "Ab"}}"#),
        &get_if(r#"{"StringEqualsIgnoreCase": {"x:team": "AB"}}"#),
    );
    assert!(c.no_new_access() && c.removed.is_empty());
    // A literal `*` in `StringEquals` is no wildcard.
    let c = run(
        &get_if(r#"{"StringEquals": {"x:Team": "a*"}}"#),
        &get_if(r#"{"StringLike": {"x:Team": "a*"}}"#),
    );
    let added = get_findings(&c.added);
    assert!(added.iter().all(|f| values(f, "x:Team") == ["a"]));
}

#[test]
fn several_values_of_a_key_are_one_request() {
    // Two operators on one key hold together only for a request with two values.
    let new = get_if(r#"{"StringEquals": {"x:Tag": "a"}, "StringLike": {"x:Tag": "b*"}}"#);
    let c = run(
        &doc(r#"{"Effect": "Allow", "Action": "x:Put*", "Resource": "*"}"#),
        &new,
    );
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    assert!(added.iter().all(|f| values(f, "x:Tag") == ["a", "b"]));
    // A negated Deny does not deny a request with a malformed value, so dropping its partner
    // grants nothing the old set did not.
    let old = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*"},
                     {"Effect": "Deny", "Action": "x:GetA", "Resource": "*",
                      "Condition": {"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}"#);
    let new = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                      "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}"#);
    let c = run(&old, &new);
    assert!(c.no_new_access(), "{:?}", c.added);
    let removed = get_findings(&c.removed);
    assert!(
        removed
            .iter()
            .all(|f| values(f, "acs:SourceIp") == ["not-an-ip"])
    );
    assert_eq!(removed.len(), 1);
}

#[test]
fn undecidable_conditions_are_counted_conservatively_and_listed() {
    // One key compared as a string and as a number: its regions are not modelled.
    let mixed = |bound: &str| {
        get_if(&format!(
            r#"{{"StringNotEquals": {{"x:Size": "07"}}, "NumericLessThan": {{"x:Size": "{bound}"}}}}"#
        ))
    };
    let c = run(&mixed("10"), &mixed("10"));
    // The old grant counts as not allowing, the new one as allowing: reported, unconfirmed.
    assert!(!c.no_new_access());
    assert_eq!(c.approximated.len(), 2);
    assert!(c.added.iter().all(|f| !f.witness.confirmed));
    let c = run(&mixed("10"), &mixed("20"));
    let sides: Vec<Side> = c.approximated.iter().map(|a| a.side).collect();
    assert_eq!(sides, [Side::Old, Side::New]);
    // The other keys of the policies are still decided.
    let exact = get_if(r#"{"Bool": {"acs:MFAPresent": "true"}}"#);
    let c = run(&exact, &exact);
    assert!(c.no_new_access() && c.approximated.is_empty());
}

/// A set of identity policies with a policy of another class.
fn with(identity: &str, class: PolicyClass, other: &str) -> Vec<AttachedPolicy> {
    let mut set = policy(identity);
    match Policy::parse(other) {
        Ok(p) => set.push(AttachedPolicy::new("guard", p, class)),
        Err(e) => panic!("{e:?}"),
    }
    set
}

#[test]
fn control_and_session_policies_bound_what_identity_policies_grant() {
    let everything = doc(r#"{"Effect": "Allow", "Action": "x:*", "Resource": "*"}"#);
    // A control policy that allows everything but deletes removes them, at its Deny.
    let guard = doc(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"},
                       {"Effect": "Deny", "Action": "x:Delete*", "Resource": "*"}"#);
    let guarded = with(&everything, PolicyClass::Control, &guard);
    let c = compare(&policy(&everything), &guarded, &Tiny);
    assert!(c.no_new_access());
    assert!(!c.removed.is_empty());
    assert!(c.removed.iter().all(|f| f.action == "x:DeleteA"
        && f.witness.confirmed
        && matches!(&f.because, Because::Denied(at) if at.policy == "guard" && at.statement == 1)));
    // Dropping a control policy that allowed only reads adds the rest, which its layer did
    // not allow; a control policy without statements allows nothing.
    let reads = doc(r#"{"Effect": "Allow", "Action": "x:Get*", "Resource": "*"}"#);
    let c = compare(
        &with(&everything, PolicyClass::Control, &reads),
        &policy(&everything),
        &Tiny,
    );
    let added: BTreeSet<&str> = c.added.iter().map(|f| f.action.as_str()).collect();
    assert!(added.contains("x:Put名") && added.contains("x:DeleteA") && !added.contains("x:GetA"));
    assert!(c.added.iter().all(|f| f.witness.confirmed
        && (f.because == Because::NotAllowedBy(Layer::Control) || !f.in_catalog)));
    let nothing = r#"{"Version": "1", "Statement": []}"#;
    if let Ok(empty) = Policy::parse(nothing) {
        let closed = vec![AttachedPolicy::new("guard", empty, PolicyClass::Control)];
        let mut closed_set = policy(&everything);
        closed_set.extend(closed);
        let c = compare(&policy(&everything), &closed_set, &Tiny);
        assert!(c.no_new_access() && !c.removed.is_empty());
    }
    // A session policy's condition is decided like any other: only from 10.0.0.0/8.
    let session = doc(r#"{"Effect": "Allow", "Action": "*", "Resource": "*",
                          "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}"#);
    let from_office = with(&everything, PolicyClass::Session, &session);
    let c = compare(&policy(&everything), &from_office, &Tiny);
    assert!(c.no_new_access() && c.approximated.is_empty());
    let c = compare(&from_office, &policy(&everything), &Tiny);
    let get = get_findings(&c.added);
    assert_eq!(get.len(), 1);
    assert!(
        get.iter()
            .all(|f| f.because == Because::NotAllowedBy(Layer::Session)
                && values(f, "acs:SourceIp") == ["0.0.0.0"])
    );
}

/// A policy of a class, named.
fn attached(name: &str, class: PolicyClass, json: &str) -> AttachedPolicy {
    match Policy::parse_as(
        json,
        if class == PolicyClass::ResourceBased {
            crate::DocumentKind::Trust
        } else {
            crate::DocumentKind::Identity
        },
    ) {
        Ok(p) => AttachedPolicy::new(name, p, class),
        Err(e) => panic!("{e:?}"),
    }
}

fn group(name: &str) -> PolicyClass {
    PolicyClass::IdentityResourceGroup(name.to_owned())
}

/// Every finding's witness is what it claims, checked against the engine.
fn all_confirmed(c: &Comparison, old: &[AttachedPolicy], new: &[AttachedPolicy]) {
    for (findings, gaining, losing) in [(&c.added, new, old), (&c.removed, old, new)] {
        for f in findings {
            let r = &f.witness.request;
            assert!(
                f.witness.confirmed
                    && evaluate(gaining, r, &Tiny).is_allowed()
                    && !evaluate(losing, r, &Tiny).is_allowed(),
                "{f:?}"
            );
            assert_eq!(r.resource_group, f.resource_group);
        }
    }
}

#[test]
fn a_resource_group_scope_applies_to_the_group_s_resources_only() {
    let get = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*"}"#);
    let account = vec![attached("p", PolicyClass::IdentityAccount, &get)];
    let scoped = vec![attached("p", group("g1"), &get)];
    // Moving a grant from a group to the account grants it everywhere else: resources of
    // the group's types in no group, and resources of other types in the group alike, which
    // the witness shows without a group.
    let c = compare(&scoped, &account, &Tiny);
    all_confirmed(&c, &scoped, &account);
    assert!(c.removed.is_empty() && c.approximated.is_empty());
    assert_eq!(c.added.len(), 1);
    assert!(c.added.iter().all(|f| f.action == "x:GetA"
        && f.because == Because::NotAllowed
        && f.resource_group.is_none()));
    // The reverse removes the same, and the same policy at the group changes nothing.
    let c = compare(&account, &scoped, &Tiny);
    assert!(c.no_new_access() && c.removed.len() == 1);
    assert!(compare(&scoped, &scoped, &Tiny).removed.is_empty());
    // A group's Deny does not override an account-level Allow, but denies what the group
    // alone allows, in the group, on resources of its types.
    let deny = doc(r#"{"Effect": "Deny", "Action": "x:GetA", "Resource": "*"}"#);
    let mut guarded = account.clone();
    guarded.push(attached("d", group("g1"), &deny));
    let c = compare(&account, &guarded, &Tiny);
    assert!(c.no_new_access() && c.removed.is_empty(), "{c:?}");
    let mut group_guarded = scoped.clone();
    group_guarded.push(attached("d", group("g1"), &deny));
    let c = compare(&scoped, &group_guarded, &Tiny);
    all_confirmed(&c, &scoped, &group_guarded);
    assert!(c.no_new_access());
    assert_eq!(c.removed.len(), 1);
    assert!(
        c.removed
            .iter()
            .all(|f| f.resource_group.as_deref() == Some("g1")
                && matches!(&f.because, Because::Denied(at) if at.policy == "d")
                && Tiny.resource_supports_resource_groups(&f.witness.request.resource))
    );
    // Another group's policy is another scope: what `g2` allows is new in `g2` only.
    let elsewhere = vec![attached("p", group("g2"), &get)];
    let c = compare(&scoped, &elsewhere, &Tiny);
    all_confirmed(&c, &scoped, &elsewhere);
    assert!(
        c.added
            .iter()
            .all(|f| f.resource_group.as_deref() == Some("g2"))
    );
    assert_eq!(c.added.len(), 1);
}

#[test]
fn a_resource_based_policy_allows_the_principals_it_names() {
    let bucket = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                        "Principal": {"RAM": "acs:ram::2:user/*"}}"#);
    let old = vec![attached(
        "own",
        PolicyClass::IdentityAccount,
        &doc(r#"{"Effect": "Allow", "Action": "x:Put*", "Resource": "*"}"#),
    )];
    let mut new = old.clone();
    new.push(attached("bucket", PolicyClass::ResourceBased, &bucket));
    let c = compare(&old, &new, &Tiny);
    all_confirmed(&c, &old, &new);
    assert!(c.removed.is_empty() && c.approximated.is_empty());
    assert_eq!(c.added.len(), 1);
    assert!(c.added.iter().all(|f| f.grant.policy == "bucket"
        && f.witness.request.principal.as_ref().is_some_and(
            |p| p.kind == PrincipalKind::Ram && p.name.starts_with("acs:ram::2:user/")
        )));
    // A Deny for everyone in it removes what the identity policy allowed.
    let deny = doc(r#"{"Effect": "Deny", "Action": "x:Put*", "Resource": "*", "Principal": "*"}"#);
    let mut denied = old.clone();
    denied.push(attached("deny", PolicyClass::ResourceBased, &deny));
    let c = compare(&old, &denied, &Tiny);
    all_confirmed(&c, &old, &denied);
    assert!(c.no_new_access() && !c.removed.is_empty());
    // An account root names the account's users in an Allow, not its roles.
    let root = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                      "Principal": {"RAM": "acs:ram::1:root"}}"#);
    let users = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                       "Principal": {"RAM": "acs:ram::1:user/*"}}"#);
    let root = vec![attached("root", PolicyClass::ResourceBased, &root)];
    let users = vec![attached("users", PolicyClass::ResourceBased, &users)];
    let c = compare(&users, &root, &Tiny);
    all_confirmed(&c, &users, &root);
    let who: Vec<&str> = c
        .added
        .iter()
        .filter_map(|f| {
            f.witness
                .request
                .principal
                .as_ref()
                .map(|p| p.name.as_str())
        })
        .collect();
    assert!(who.iter().all(|w| *w == "acs:ram::1:root"), "{who:?}");
    assert!(c.removed.is_empty() && !c.added.is_empty());
    // In a Deny it names the account's roles too: denying the users and the root by patterns
    // lets the roles and their sessions in.
    let get = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*"}"#);
    let denying = |principals: &str| {
        vec![
            attached("id", PolicyClass::IdentityAccount, &get),
            attached(
                "deny",
                PolicyClass::ResourceBased,
                &doc(&format!(
                    r#"{{"Effect": "Deny", "Action": "x:GetA", "Resource": "*", "Principal": {{"RAM": {principals}}}}}"#
                )),
            ),
        ]
    };
    let old = denying(r#""acs:ram::1:root""#);
    let new = denying(r#"["acs:ram::1:root*", "acs:ram::1:user/*"]"#);
    let c = compare(&old, &new, &Tiny);
    all_confirmed(&c, &old, &new);
    assert_eq!(c.added.len(), 1, "{c:?}");
    assert!(c.added.iter().all(|f| {
        f.witness.request.principal.as_ref().is_some_and(|p| {
            p.name.starts_with("acs:ram::1:role/") || p.name.starts_with("acs:ram::1:assumed-role/")
        })
    }));
}

#[test]
fn assuming_a_role_needs_the_trust_policy_too() {
    let role = "acs:ram::1:role/ops";
    let may_assume = doc(&format!(
        r#"{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "{role}"}}"#
    ));
    let anything = doc(r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}"#);
    let identity = |json: &str| vec![attached("id", PolicyClass::IdentityAccount, json)];
    // Without a trust policy no role can be assumed: widening the identity policy adds only
    // resources that are not roles.
    let c = compare(&identity(&may_assume), &identity(&anything), &Tiny);
    all_confirmed(&c, &identity(&may_assume), &identity(&anything));
    assert!(!c.added.is_empty());
    let shown: Vec<(&str, &str)> = c
        .added
        .iter()
        .map(|f| (f.action.as_str(), f.witness.request.resource.as_str()))
        .collect();
    assert!(
        c.added.iter().all(|f| f.action == "sts:AssumeRole"
            && !f.in_catalog
            && !f.witness.request.resource.contains(":role/")),
        "{shown:?}"
    );
    // With the trust policy, the account's users may assume it.
    let trust = doc(
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "acs:ram::1:root"}}"#,
    );
    let trusted = |json: &str| {
        let mut set = identity(json);
        set.push(attached("trust", PolicyClass::ResourceBased, &trust));
        set
    };
    let c = compare(&identity(&may_assume), &trusted(&may_assume), &Tiny);
    all_confirmed(&c, &identity(&may_assume), &trusted(&may_assume));
    let assumed: Vec<&Finding> = c
        .added
        .iter()
        .filter(|f| f.action == "sts:AssumeRole" && f.witness.request.resource == role)
        .collect();
    assert_eq!(assumed.len(), 1);
    assert!(assumed.iter().all(|f| {
        f.grant.policy == "id"
            && f.because == Because::NotAllowedBy(Layer::ResourceBased)
            && f.witness
                .request
                .principal
                .as_ref()
                .is_some_and(|p| p.name.starts_with("acs:ram::1:"))
    }));
    // A service the trust policy names assumes the role on it alone, without an identity
    // policy.
    let ecs = doc(
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ecs.aliyuncs.com"}}"#,
    );
    let mut by_ecs = trusted(&may_assume);
    by_ecs.push(attached("ecs", PolicyClass::ResourceBased, &ecs));
    let c = compare(&trusted(&may_assume), &by_ecs, &Tiny);
    all_confirmed(&c, &trusted(&may_assume), &by_ecs);
    assert!(c.removed.is_empty());
    assert!(c.added.iter().any(|f| {
        f.grant.policy == "ecs"
            && f.witness.request.resource.contains(":role/")
            && f.witness
                .request
                .principal
                .as_ref()
                .is_some_and(|p| p.kind == PrincipalKind::Service)
    }));
}

#[test]
fn a_malformed_bool_is_a_region_of_its_own() {
    // The old set allows when the flag is `true` or `false`; the new one always. A malformed
    // value makes `Bool` false (as a missing key does): the first region that shows the new
    // access is the malformed value, which the engine confirms.
    let old = get_if(r#"{"Bool": {"x:Flag": "true"}}"#);
    let old = format!(
        "{}, {}]}}",
        old.trim_end_matches("]}"),
        r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*", "Condition": {"Bool": {"x:Flag": "false"}}}"#
    );
    let new = doc(r#"{"Effect": "Allow", "Action": "x:GetA", "Resource": "*"}"#);
    let c = run(&old, &new);
    let added = get_findings(&c.added);
    assert_eq!(added.len(), 1);
    assert!(
        added.iter().all(|f| values(f, "x:Flag") == ["not-a-bool"]),
        "{added:?}"
    );
    assert!(c.removed.is_empty() && c.approximated.is_empty());
}

#[test]
fn past_the_combination_cap_only_the_last_key_is_counted_conservatively() {
    // One grant per Bool key: n independent keys make 2^n - 1 combinations where one holds.
    let grants = |n: usize| {
        let statements: Vec<String> = (1..=n)
            .map(|i| {
                format!(
                    r#"{{"Effect": "Allow", "Action": "x:GetA", "Resource": "*",
                        "Condition": {{"Bool": {{"x:B{i}": "true"}}}}}}"#
                )
            })
            .collect();
        doc(&statements.join(","))
    };
    const { assert!(1 << 8 <= SCENARIO_LIMIT + 1 && 1 << 9 > SCENARIO_LIMIT + 1) };
    let c = run(&grants(8), &grants(8));
    assert!(c.no_new_access() && c.approximated.is_empty());
    let c = run(&grants(9), &grants(9));
    let approximated: Vec<(Side, usize)> = c
        .approximated
        .iter()
        .map(|a| (a.side, a.statement))
        .collect();
    assert_eq!(approximated, [(Side::Old, 8), (Side::New, 8)]);
    assert!(!c.no_new_access());
    assert!(c.added.iter().all(|f| f.grant.statement == 8));
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
        Just("sts:AssumeRole".to_owned()),
        Just("STS:*".to_owned()),
        pattern(&['x', ':', 'a', 'A', '名', '*', '?'], 4),
    ]
}

/// The operators and policy values each key of the property draws from: values at and around
/// the requests' (multi-byte characters, wildcards, `$`, the empty string, IPv4 and IPv6,
/// instants a nanosecond apart), and a key `m` that strings and numbers share, which is not
/// decided and so keeps the conservative path tested.
const KEYS: [(&str, &[&str], &[&str]); 7] = [
    (
        "k",
        &[
            "StringEquals",
            "StringNotEquals",
            "StringLike",
            "StringNotLike",
        ],
        &["v", "v*", "名?", "", "*", "v名", "a$b", "?"],
    ),
    (
        "c",
        &["StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"],
        &["V", "v", "名", "İ", "Ab*"],
    ),
    (
        "n",
        &[
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
        ],
        &["1", "1.5", "10", "-0", "1e1"],
    ),
    (
        "d",
        &[
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
        ],
        &[
            "2026-01-01",
            "2026-01-01T00:00:00.000000001Z",
            "2026-01-01T08:00:00+08:00",
            "2025-12-31T23:59:59Z",
        ],
    ),
    ("b", &["Bool"], &["true", "false"]),
    (
        "ip",
        &["IpAddress", "NotIpAddress"],
        &[
            "10.0.0.0/8",
            "10.1.0.0/16",
            "192.168.1.1",
            "2001:db8::/32",
            "::ffff:10.0.0.0/104",
        ],
    ),
    ("m", &["StringEquals", "NumericLessThan"], &["1", "10"]),
];

/// The values requests give each key of [`KEYS`].
const REQUEST_VALUES: [(&str, &[&str]); 7] = [
    ("k", &["v", "vx", "w", "名x", "", "*", "v名", "a$b", "V"]),
    ("c", &["v", "V", "名", "i̇", "İ", "ab*", "x"]),
    (
        "n",
        &[
            "1",
            "0.5",
            "10",
            "1.0000000000000002",
            "1.2",
            "9.999999999999998",
            "11",
            "0",
            "x",
        ],
    ),
    (
        "d",
        &[
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.000000001Z",
            "2025-12-31",
            "2027-01-01",
            "x",
        ],
    ),
    ("b", &["true", "false", "TRUE", "x"]),
    (
        "ip",
        &[
            "10.0.0.1",
            "10.1.2.3",
            "192.168.1.1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
            "x",
        ],
    ),
    ("m", &["1", "01", "5", "x"]),
];

/// Which keys of [`KEYS`] a case uses: one or two, so that conditions meet on a key often.
type Keys = Vec<usize>;

fn condition(keys: Keys) -> impl Strategy<Value = Condition> {
    prop::sample::select(keys)
        .prop_map(|i| KEYS.get(i).copied().unwrap_or(KEYS[0]))
        .prop_flat_map(|(key, operators, values)| {
            (
                Just(key),
                prop::sample::select(operators),
                prop::collection::vec(prop::sample::select(values), 1..=2),
            )
        })
        .prop_filter_map("values fit the operator", |(key, op, values)| {
            let operator = op.parse::<Operator>().ok()?;
            // Keys are written in either case: they compare case-insensitively.
            let key = if values.len() == 2 {
                key.to_uppercase()
            } else {
                key.to_owned()
            };
            Condition::new(operator, &key, &values).ok()
        })
}

fn resource_pattern() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => pattern(&['a', '/', '名', '*', '?'], 3),
        1 => prop::sample::select(vec!["acs:ram::*:role/*", "acs:ram::1:role/r", "acs:ram::role/?"])
            .prop_map(str::to_owned),
    ]
}

/// The `Principal` of a resource-based statement: everyone, or values of one or two forms,
/// account roots, wildcards and mixed case among them.
fn principals() -> impl Strategy<Value = Principals> {
    let values = |kind: PrincipalKind| -> Vec<&'static str> {
        match kind {
            PrincipalKind::Ram => vec![
                "acs:ram::1:root",
                "acs:ram::1:user/*",
                "acs:ram::2:role/r",
                "acs:ram::1:*",
                "*",
            ],
            PrincipalKind::Service => vec!["ECS.aliyuncs.com", "oss.aliyuncs.com", "*"],
            PrincipalKind::Federated => vec!["acs:ram::1:saml-provider/*", "*"],
        }
    };
    prop_oneof![
        1 => Just(Principals::Any),
        4 => prop::collection::vec(
            prop::sample::select(PrincipalKind::ALL.to_vec()).prop_flat_map(move |kind| {
                (
                    Just(kind),
                    prop::collection::vec(prop::sample::select(values(kind)), 1..=2)
                        .prop_map(|v| v.into_iter().map(str::to_owned).collect::<Vec<_>>()),
                )
            }),
            1..=2,
        )
        .prop_map(Principals::Listed),
    ]
}

fn statement(keys: Keys) -> impl Strategy<Value = Statement> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(action_pattern(), 1..=2),
        any::<bool>(),
        prop::collection::vec(resource_pattern(), 1..=2),
        prop::collection::vec(condition(keys), 0..=2),
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

fn policies(keys: &Keys) -> impl Strategy<Value = Vec<AttachedPolicy>> + use<> {
    prop::collection::vec(
        prop::collection::vec(statement(keys.clone()), 0..=3)
            .prop_map(|statements| Policy { statements }),
        1..=2,
    )
    .prop_flat_map(|list| {
        // Mostly identity policies at account scope; some attached at a resource group,
        // control and session policies that bound them, and resource-based policies whose
        // statements name principals (a trust statement without `Resource` among them).
        let classes = prop::collection::vec(
            prop_oneof![
                3 => Just(PolicyClass::IdentityAccount),
                1 => Just(group("g1")),
                1 => Just(group("g2")),
                1 => Just(PolicyClass::Control),
                1 => Just(PolicyClass::Session),
                2 => Just(PolicyClass::ResourceBased),
            ],
            list.len(),
        );
        let named = prop::collection::vec(
            (principals(), any::<bool>()),
            list.iter().map(|p| p.statements.len()).sum::<usize>(),
        );
        (Just(list), classes, named)
    })
    .prop_map(|(list, classes, named)| {
        let mut named = named.into_iter();
        list.into_iter()
            .zip(classes)
            .enumerate()
            .map(|(i, (mut p, class))| {
                for statement in &mut p.statements {
                    let Some((principals, attached)) = named.next() else {
                        continue;
                    };
                    if class == PolicyClass::ResourceBased {
                        statement.principals = Some(principals);
                        if attached {
                            statement.resources = Patterns::attached_resource();
                        }
                    }
                }
                AttachedPolicy::new(&format!("p{i}"), p, class)
            })
            .collect()
    })
}

/// No value, one or two for each key of the case.
fn context(keys: &Keys) -> impl Strategy<Value = Vec<(&'static str, Vec<&'static str>)>> + use<> {
    keys.iter()
        .filter_map(|i| REQUEST_VALUES.get(*i))
        .map(|(key, values)| {
            prop_oneof![
                2 => Just(Vec::new()),
                2 => prop::collection::vec(prop::sample::select(*values), 1..=1),
                1 => prop::collection::vec(prop::sample::select(*values), 2..=2),
            ]
            .prop_map(move |v| (*key, v))
        })
        .collect::<Vec<_>>()
}

fn request(keys: &Keys) -> impl Strategy<Value = Request> + use<> {
    (
        prop_oneof![
            prop::sample::select(ACTIONS.to_vec()).prop_map(str::to_owned),
            prop::sample::select(vec!["y:a", "x:Puta", "X:GETA", "x:a", "z", "x:名A"])
                .prop_map(str::to_owned),
            prop::sample::select(vec!["sts:AssumeRole", "STS:assumerolewithsaml", "sts:AssumeRoleX"])
                .prop_map(str::to_owned),
        ],
        prop_oneof![
            4 => pattern(&RESOURCE_CHARS, 4),
            1 => prop::sample::select(vec!["acs:ram::1:role/r", "acs:ram::role/a", "acs:ram::2:role/名"])
                .prop_map(str::to_owned),
        ],
        context(keys),
        prop::sample::select(vec![None, Some("g1"), Some("g2"), Some("g3")]),
        prop::option::of(prop::sample::select(vec![
            Principal::ram("acs:ram::1:user/a"),
            Principal::ram("acs:ram::1:root"),
            Principal::ram("acs:ram::1:role/r"),
            Principal::ram("acs:ram::2:role/r"),
            Principal::ram("acs:ram::3:user/名"),
            Principal::service("ecs.aliyuncs.com"),
            Principal::service("ECS.ALIYUNCS.COM"),
            Principal::service("vpc.aliyuncs.com"),
            Principal::federated("acs:ram::1:saml-provider/okta"),
            Principal::federated("acs:ram::2:saml-provider/okta"),
        ])),
    )
        .prop_map(|(action, resource, context, group, principal)| {
            let mut request = Request::new(action, resource);
            request.resource_group = group.map(str::to_owned);
            request.principal = principal;
            for (key, values) in context {
                for value in values {
                    request = request.with_context(key, value);
                }
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
    /// one is allowed by the new set and not by the old one, and one of a comparison whose
    /// conditions were all decided is always confirmed.
    #[test]
    fn compare_is_sound_and_its_witnesses_are_real(
        (old, new, requests) in prop::sample::subsequence((0..KEYS.len()).collect::<Vec<_>>(), 1..=2)
            .prop_flat_map(|keys| (
                policies(&keys),
                policies(&keys),
                prop::collection::vec(request(&keys), 1..=32),
            )),
    ) {
        let c = compare(&old, &new, &Tiny);
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
                    prop_assert!(real, "{:?} is not real, yet every condition was decided", f);
                }
                prop_assert_eq!(r.action.as_str(), f.action.as_str());
            }
        }
    }
}
