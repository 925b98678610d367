//! The security rules of `ram-policy` (privilege escalation, role passing, sensitive Actions,
//! conditions that cannot mean what they say, subsumed statements) on the real catalog, which
//! knows `ram`, `ecs`, `kms` and `oss`: each rule fires on a policy written to trip it, and stays
//! quiet on the policy a careful writer would have written instead.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_catalog::Catalog;
use ram_policy::DocumentKind;
use ram_policy::lint::{Finding, LintOptions, lint_with};

fn lint_at(text: &str, options: &LintOptions) -> Vec<Finding> {
    let catalog: &dyn ram_core::Catalog = Catalog::embedded().unwrap();
    lint_with(text, &[catalog], DocumentKind::Identity, options)
}

fn findings(statements: &str) -> Vec<Finding> {
    lint_at(
        &format!(r#"{{"Version": "1", "Statement": [{statements}]}}"#),
        &LintOptions::default(),
    )
}

/// The findings of one rule, as (pointer, message).
fn of(rule: &str, statements: &str) -> Vec<(String, String)> {
    findings(statements)
        .into_iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| (f.pointer, f.message))
        .collect()
}

#[test]
fn attaching_policies_to_anyone_is_privilege_escalation() {
    let found = of(
        "RAM042",
        r#"{"Effect": "Allow", "Action": ["ram:List*", "ram:Attach*"], "Resource": "*"}"#,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/Statement/0/Action/1");
    assert!(
        found[0].1.contains("`ram:AttachPolicyToUser`"),
        "{}",
        found[0].1
    );
    // `ram:*` is RAM009's broad grant and, beside it, a way to make oneself administrator.
    assert_eq!(
        of(
            "RAM042",
            r#"{"Effect": "Allow", "Action": "ram:*", "Resource": "*"}"#
        )
        .len(),
        1
    );
    // `NotAction` that does not exclude them grants them too.
    let through = of(
        "RAM042",
        r#"{"Effect": "Allow", "NotAction": "ecs:*", "Resource": "acs:ram:*:*:user/*"}"#,
    );
    assert_eq!(through.len(), 1);
    assert_eq!(through[0].0, "/Statement/0/NotAction");
    // The vendor's own example: alice manages her own AccessKey pairs, no one else's.
    assert!(
        of(
            "RAM042",
            r#"{"Effect": "Allow", "Action": ["ram:CreateAccessKey", "ram:ListAccessKeys"], "Resource": "acs:ram:*:*:user/alice"}"#,
        )
        .is_empty()
    );
    // Read-only RAM access, and `*` on `*` (already everything: RAM009), are not escalation.
    assert!(
        of(
            "RAM042",
            r#"{"Effect": "Allow", "Action": "ram:Get*", "Resource": "*"}"#
        )
        .is_empty()
    );
    assert!(
        of(
            "RAM042",
            r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#
        )
        .is_empty()
    );
    assert!(
        of(
            "RAM042",
            r#"{"Effect": "Deny", "Action": "ram:*", "Resource": "*"}"#
        )
        .is_empty()
    );
}

#[test]
fn passing_any_role_is_reported_with_what_attaches_roles() {
    let found = of(
        "RAM043",
        r#"{"Effect": "Allow", "Action": "ram:PassRole", "Resource": "acs:ram:*:123456789012:role/*"},
           {"Effect": "Allow", "Action": "ecs:RunInstances", "Resource": "*"}"#,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/Statement/0/Action");
    assert!(
        found[0]
            .1
            .contains("`ecs:RunInstances` (statement 1: it launches"),
        "{}",
        found[0].1
    );
    // Reached through `NotResource`.
    assert_eq!(
        of(
            "RAM043",
            r#"{"Effect": "Allow", "Action": "ram:PassRole", "NotResource": "acs:ram:*:*:role/admin"}"#
        )
        .len(),
        1
    );
    // The vendor's tutorial passes one named role.
    assert!(
        of(
            "RAM043",
            r#"{"Effect": "Allow", "Action": "ram:PassRole", "Resource": "acs:ram:*:*:role/MyApplicationRole"}"#
        )
        .is_empty()
    );
}

#[test]
fn sensitive_actions_on_everything_need_a_network_mfa_or_https_condition() {
    let found = of(
        "RAM044",
        r#"{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:List*"], "Resource": "*"}"#,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("`kms:Decrypt`"), "{}", found[0].1);
    assert!(
        !of(
            "RAM044",
            r#"{"Effect": "Allow", "Action": "ecs:Run*", "Resource": "acs:ecs:*:*:*"}"#
        )
        .is_empty(),
        "a pattern reaches `ecs:RunCommand` on a star-equivalent ARN"
    );
    for condition in [
        r#"{"IpAddress": {"acs:SourceIp": "203.0.113.0/24"}}"#,
        r#"{"Bool": {"acs:MFAPresent": "true"}}"#,
        r#"{"StringEquals": {"acs:SourceVpc": "vpc-123"}}"#,
    ] {
        let statement = format!(
            r#"{{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {condition}}}"#
        );
        assert!(of("RAM044", &statement).is_empty(), "{condition}");
    }
    // `false` is no restriction, and a named key is not `*`.
    assert_eq!(
        of(
            "RAM044",
            r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Bool": {"acs:MFAPresent": "false"}}}"#
        )
        .len(),
        1
    );
    assert!(
        of(
            "RAM044",
            r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "acs:kms:cn-hangzhou:123456789012:key/k1"}"#
        )
        .is_empty()
    );
    // The list is the caller's to choose.
    let options = LintOptions {
        sensitive_actions: vec!["cr:GetAuthorizationToken".to_owned()],
        ..LintOptions::default()
    };
    let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["cr:GetAuthorizationToken", "kms:Decrypt"], "Resource": "*"}]}"#;
    let own: Vec<String> = lint_at(text, &options)
        .into_iter()
        .filter(|f| f.rule.id == "RAM044")
        .map(|f| f.message)
        .collect();
    assert_eq!(own.len(), 1);
    assert!(own[0].contains("`cr:GetAuthorizationToken`") && !own[0].contains("kms"));
}

#[test]
fn operators_must_fit_the_keys_type() {
    let with = |condition: &str| {
        of(
            "RAM045",
            &format!(
                r#"{{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*", "Condition": {condition}}}"#
            ),
        )
    };
    let found = with(r#"{"StringEquals": {"acs:SourceIp": "203.0.113.7"}}"#);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].0,
        "/Statement/0/Condition/StringEquals/acs:SourceIp"
    );
    assert_eq!(
        with(r#"{"StringLike": {"acs:CurrentTime": "2026-*"}}"#).len(),
        1
    );
    assert_eq!(
        with(r#"{"StringEquals": {"acs:SecureTransport": "true"}}"#).len(),
        1
    );
    assert_eq!(
        with(r#"{"Bool": {"acs:ResourceTag/team": "true"}}"#).len(),
        1
    );
    for fine in [
        r#"{"IpAddress": {"acs:SourceIp": "203.0.113.0/24"}}"#,
        r#"{"DateLessThan": {"acs:CurrentTime": "2030-01-01T00:00:00Z"}}"#,
        r#"{"Bool": {"acs:SecureTransport": "true"}}"#,
        r#"{"StringEquals": {"acs:resourcetag/team": "a"}}"#,
        r#"{"NumericLessThan": {"cr:Unknown": "3"}}"#,
    ] {
        assert!(with(fine).is_empty(), "{fine}");
    }
}

#[test]
fn conditions_no_request_meets_are_errors() {
    let with = |condition: &str| {
        of(
            "RAM046",
            &format!(
                r#"{{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*", "Condition": {condition}}}"#
            ),
        )
    };
    let found = with(
        r#"{"DateGreaterThan": {"acs:CurrentTime": "2026-06-01T00:00:00Z"}, "DateLessThan": {"acs:CurrentTime": "2026-01-01T00:00:00Z"}}"#,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].0,
        "/Statement/0/Condition/DateLessThan/acs:CurrentTime"
    );
    // The same instant, excluded on one side.
    assert_eq!(
        with(r#"{"DateGreaterThanEquals": {"acs:CurrentTime": "2026-01-01"}, "DateLessThan": {"acs:CurrentTime": "2026-01-01T00:00:00Z"}}"#).len(),
        1
    );
    assert_eq!(
        with(r#"{"IpAddress": {"acs:SourceIp": "10.1.0.0/16"}, "NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}"#).len(),
        1
    );
    // A window, several values (the loosest counts), and an excluded part of an allowed block.
    for fine in [
        r#"{"DateGreaterThan": {"acs:CurrentTime": "2026-01-01T00:00:00Z"}, "DateLessThan": {"acs:CurrentTime": "2026-06-01T00:00:00Z"}}"#,
        r#"{"DateGreaterThan": {"acs:CurrentTime": ["2026-07-01", "2025-01-01"]}, "DateLessThan": {"acs:CurrentTime": "2026-06-01"}}"#,
        r#"{"DateGreaterThanEquals": {"acs:CurrentTime": "2026-01-01"}, "DateLessThanEquals": {"acs:CurrentTime": "2026-01-01"}}"#,
        r#"{"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}, "NotIpAddress": {"acs:SourceIp": "10.1.0.0/16"}}"#,
    ] {
        assert!(with(fine).is_empty(), "{fine}");
    }
}

#[test]
fn expired_windows_are_reported_only_against_a_given_time() {
    let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*",
        "Condition": {"DateLessThan": {"acs:CurrentTime": "2019-07-15T23:59:59Z"}}}]}"#;
    let expired = |now: Option<&str>| -> Vec<String> {
        let options = LintOptions {
            now: now.map(|n| n.parse().unwrap()),
            ..LintOptions::default()
        };
        lint_at(text, &options)
            .into_iter()
            .filter(|f| f.rule.id == "RAM047")
            .map(|f| f.message)
            .collect()
    };
    let found = expired(Some("2026-12-02T00:00:00Z"));
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("`2019-07-15T23:59:59Z`"), "{}", found[0]);
    assert!(expired(Some("2019-07-01T00:00:00Z")).is_empty());
    assert!(expired(None).is_empty(), "no time given, no expiry");
}

#[test]
fn a_statement_a_broader_one_covers_is_a_suggestion() {
    let found = findings(
        r#"{"Effect": "Allow", "Action": "cr:Get*", "Resource": "acs:cr:*:*:repository/team/*"},
           {"Effect": "Allow", "Action": ["cr:GetRepository", "cr:GetRepositoryTag*"], "Resource": "acs:cr:*:*:repository/team/app"},
           {"Effect": "Allow", "Action": "cr:GetRepository", "Resource": "acs:cr:*:*:repository/team/app",
            "Condition": {"Bool": {"acs:SecureTransport": "true"}}},
           {"Effect": "Deny", "Action": "cr:GetRepository", "Resource": "acs:cr:*:*:repository/team/app"}"#,
    );
    let subsumed: Vec<(&str, &str)> = findings_of(&found, "RAM048");
    // Statement 2 adds a condition, so it is narrower still: covered by statement 0.
    assert_eq!(
        subsumed,
        [
            (
                "/Statement/1",
                "statement 1 grants nothing statement 0 does not: every Action and Resource it lists is covered there, with no condition it lacks"
            ),
            (
                "/Statement/2",
                "statement 2 grants nothing statement 0 does not: every Action and Resource it lists is covered there, with no condition it lacks"
            ),
        ]
    );
    // A condition on the broad one means it does not cover the unconditioned narrow one, and
    // two statements written differently that grant the same are reported once, at the later.
    assert!(
        findings_of(
            &findings(
                r#"{"Effect": "Allow", "Action": "cr:Get*", "Resource": "*", "Condition": {"Bool": {"acs:SecureTransport": "true"}}},
                   {"Effect": "Allow", "Action": "cr:GetRepository", "Resource": "*"}"#
            ),
            "RAM048"
        )
        .is_empty()
    );
    let twins = findings(
        r#"{"Effect": "Allow", "Action": "cr:GetRepository", "Resource": "*"},
           {"Effect": "Allow", "Action": ["cr:GetRepository"], "Resource": ["*"]}"#,
    );
    assert_eq!(
        findings_of(&twins, "RAM048")
            .iter()
            .map(|(p, _)| *p)
            .collect::<Vec<_>>(),
        ["/Statement/1"]
    );
}

fn findings_of<'f>(found: &'f [Finding], rule: &str) -> Vec<(&'f str, &'f str)> {
    found
        .iter()
        .filter(|f| f.rule.id == rule)
        .map(|f| (f.pointer.as_str(), f.message.as_str()))
        .collect()
}
