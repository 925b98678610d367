//! The lint rules of `ram-policy` on the real Container Registry catalog: these tests assert
//! what the rules find given the Actions and ARN templates `generated/cr/spec.json` documents
//! (suggestions among every Action, templates closest to a wrong ARN), so they live with the
//! catalog that embeds the spec. `ram-policy`'s own tests use a frozen fixture.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_catalog::Catalog;
use ram_policy::json::Position;
use ram_policy::lint::{LintScope, lint};

/// The embedded catalog, as the list of catalogs `lint` takes.
fn cr() -> [&'static dyn ram_core::Catalog; 1] {
    [Catalog::embedded().unwrap()]
}

fn ids(text: &str, scope: LintScope) -> Vec<&'static str> {
    lint(text, &cr(), scope).iter().map(|f| f.rule.id).collect()
}

fn doc(statements: &str) -> String {
    format!(r#"{{"Version": "1", "Statement": [{statements}]}}"#)
}

#[test]
fn unknown_actions_suggest_and_patterns_must_match_something() {
    let findings = lint(
        &doc(
            // `ecs` is in the catalog now; a service code it does not cover stays unchecked.
            r#"{"Effect": "Allow", "Action": ["cr:PullRepo", "cr:Nope*", "zzz:Describe*"], "Resource": "*"}"#,
        ),
        &cr(),
        LintScope::Account,
    );
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.id, f.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("RAM001", "/Statement/0/Action/0"),
            ("RAM002", "/Statement/0/Action/1"),
            ("RAM003", "/Statement/0/Action/2")
        ]
    );
    assert_eq!(
        findings[0].hint.as_deref(),
        Some("did you mean `cr:PullRepository`?")
    );
    assert_eq!(
        findings[0].position,
        Position {
            line: 1,
            column: 63
        }
    );
}

#[test]
fn arns_must_fit_a_template() {
    let found = ids(
        &doc(
            r#"{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": ["acs:cr:*:*:repo/x", "nope", "acs:cr:*:*:instance/cri-1"]}"#,
        ),
        LintScope::Account,
    );
    assert_eq!(found, ["RAM005", "RAM004"]);
    let found = ids(
        &doc(
            r#"{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": ["acs:cr:*:*:repository/*", "acs:cr:*:*:instance/cri-1"]}"#,
        ),
        LintScope::Account,
    );
    assert_eq!(found, ["RAM021"]);
}

#[test]
fn statements_without_effect_and_dead_pairs() {
    assert_eq!(
        ids(
            &doc(
                r#"{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:*:*:chart/*"}"#
            ),
            LintScope::Account
        ),
        ["RAM006"]
    );
    assert_eq!(
        ids(
            &doc(
                r#"{"Effect": "Allow", "Action": "cr:ListInstance", "Resource": "acs:cr:*:*:instance/cri-1"}"#
            ),
            LintScope::Account
        ),
        ["RAM006"]
    );
    assert_eq!(
        ids(
            &doc(
                r#"{"Effect": "Allow", "Action": ["cr:PullRepository", "cr:PullChart"], "Resource": "acs:cr:*:*:chart/*"}"#
            ),
            LintScope::Account
        ),
        ["RAM007"]
    );
    assert!(ids(&doc(r#"{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:*:*:repository/cri-1/*"}"#), LintScope::Account).is_empty());
}

#[test]
fn resource_group_scope_flags_actions_without_support() {
    let text = doc(
        r#"{"Effect": "Allow", "Action": ["cr:GetRepoTagManifest", "cr:PullRepository"], "Resource": "acs:cr:*:*:repository/*"}"#,
    );
    assert_eq!(ids(&text, LintScope::ResourceGroup), ["RAM008"]);
    let star = doc(r#"{"Effect": "Allow", "Action": "cr:ListInstance", "Resource": "*"}"#);
    assert_eq!(ids(&star, LintScope::ResourceGroup), ["RAM022"]);
    let listing = doc(
        r#"{"Effect": "Allow", "Action": "cr:ListNamespace", "Resource": "acs:cr:*:*:repository/cri-1/*"}"#,
    );
    assert!(
        ids(&listing, LintScope::ResourceGroup).contains(&"RAM022"),
        "{:?}",
        ids(&listing, LintScope::ResourceGroup)
    );
    assert!(ids(&text, LintScope::Account).is_empty());
}

#[test]
fn broad_grants_are_security_warnings() {
    assert_eq!(
        ids(
            &doc(r#"{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}"#),
            LintScope::Account
        ),
        ["RAM009"]
    );
    assert_eq!(
        ids(
            &doc(
                r#"{"Effect": "Allow", "NotAction": "cr:Delete*", "Resource": "acs:cr:*:*:repository/*"}"#
            ),
            LintScope::Account
        ),
        ["RAM010"]
    );
    assert_eq!(
        ids(
            &doc(
                r#"{"Effect": "Allow", "Action": "cr:PushRepository", "NotResource": "acs:cr:*:*:chart/*"}"#
            ),
            LintScope::Account
        ),
        ["RAM011"]
    );
    assert_eq!(
        ids(
            &doc(
                r#"{"Effect": "Allow", "Action": ["cr:DeleteRepository", "cr:GetInstance"], "Resource": "*"}"#
            ),
            LintScope::Account
        ),
        ["RAM012"]
    );
    // `cr:DeleteInstance` has no documented resource, so `*` is all one can grant.
    assert!(
        ids(
            &doc(r#"{"Effect": "Allow", "Action": "cr:DeleteInstance", "Resource": "*"}"#),
            LintScope::Account
        )
        .is_empty()
    );
    assert!(
        ids(
            &doc(r#"{"Effect": "Deny", "Action": "cr:*", "Resource": "*"}"#),
            LintScope::Account
        )
        .is_empty()
    );
}

#[test]
fn conditions_and_structure() {
    let text = doc(
        r#"{"Effect": "Allow", "Action": "cr:ListInstance", "Resource": "*",
        "Condition": {"IpAddres": {"acs:SourceIp": "10.0.0.0/8"}, "DateLessThan": {"acs:CurrentTime": "soon"},
                      "Bool": {"acs:SecureTransprt": "true"}, "StringEquals": {"acs:SourceVpc": []}}}"#,
    );
    let found = ids(&text, LintScope::Account);
    assert_eq!(found, ["RAM013", "RAM014", "RAM015", "RAM016"]);
    assert_eq!(ids("{", LintScope::Account), ["RAM000"]);
    assert_eq!(
        ids(
            r#"{"Version": "1", "Statement": [{"Effect": "allow", "Action": "cr:ListInstance", "Resource": "*"}]}"#,
            LintScope::Account
        ),
        ["RAM000"]
    );
}

#[test]
fn carets_cover_the_whole_token() {
    let text = doc(r#"{"Effect": "Allow", "Action": "cr:Pull\"Repo", "Resource": "*"}"#);
    let findings = lint(&text, &cr(), LintScope::Account);
    assert_eq!(findings[0].length, r#""cr:Pull\"Repo""#.chars().count());
    let bad = doc(r#"{"Effect": "allow", "Action": "cr:ListInstance", "Resource": "*"}"#);
    assert_eq!(lint(&bad, &cr(), LintScope::Account)[0].length, 7);
}

#[test]
fn duplicates_and_size() {
    let statement = r#"{"Effect": "Allow", "Action": ["cr:GetInstance", "cr:Get*", "cr:getinstance"], "Resource": "acs:cr:*:*:instance/*"}"#;
    let found = ids(
        &doc(&format!("{statement}, {statement}")),
        LintScope::Account,
    );
    assert_eq!(found.iter().filter(|id| **id == "RAM020").count(), 1);
    assert!(found.contains(&"RAM019"));
    // A repeat with its keys in another order is the same statement; one differing value is not.
    let reordered = r#"{"Resource": "acs:cr:*:*:instance/*", "Action": ["cr:GetInstance", "cr:Get*", "cr:getinstance"], "Effect": "Allow"}"#;
    let other = r#"{"Resource": "acs:cr:*:*:instance/*", "Action": ["cr:GetInstance", "cr:Get*", "cr:getinstance"], "Effect": "Deny"}"#;
    let findings = lint(
        &doc(&format!("{statement}, {reordered}, {other}")),
        &cr(),
        LintScope::Account,
    );
    let repeats: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.rule.id == "RAM020")
        .map(|f| (f.pointer.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        repeats,
        [("/Statement/1", "statement 1 repeats statement 0")]
    );
    let many: Vec<String> = (0..200).map(|i| format!(r#"{{"Effect": "Deny", "Action": "cr:GetInstance", "Resource": "acs:cr:*:*:instance/cri-{i:04}"}}"#)).collect();
    assert!(ids(&doc(&many.join(",")), LintScope::Account).contains(&"RAM017"));
}

/// With the vendor's index of services and its own policies, a known service without an Action
/// list is a warning that says what knows it; a code nobody knows is an error with the closest
/// code; a pattern over services passes when it matches a code.
#[test]
fn known_services_without_actions_warn_and_unknown_codes_are_errors() {
    let findings = lint(
        &doc(
            r#"{"Effect": "Allow", "Action": ["vpc:DescribeVpcs", "ecss:DescribeInstances", "yundun*:Describe*", "sts:AssumeRole"], "Resource": "*"}"#,
        ),
        &cr(),
        LintScope::Account,
    );
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.id, f.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("RAM033", "/Statement/0/Action/0"),
            ("RAM003", "/Statement/0/Action/1"),
            ("RAM033", "/Statement/0/Action/3"),
        ]
    );
    assert!(
        findings[0]
            .message
            .contains("Virtual Private Cloud (VPC) in the vendor's index"),
        "{}",
        findings[0].message
    );
    assert_eq!(findings[1].hint.as_deref(), Some("did you mean `ecs`?"));
    assert!(
        findings[2]
            .message
            .contains("used by the vendor's own policies"),
        "{}",
        findings[2].message
    );
}

/// Star-equivalent resources (`acs:cr:*:*:*`, `acs:*:*:*:*`) are `*` to the broad-grant rules,
/// as in IAM Access Analyzer; a narrower ARN is not.
#[test]
fn star_equivalent_resources_count_as_star_for_broad_grants() {
    let broad = |resource: &str| {
        ids(
            &doc(&format!(
                r#"{{"Effect": "Allow", "Action": "cr:*", "Resource": "{resource}"}}"#
            )),
            LintScope::Account,
        )
    };
    assert!(broad("acs:cr:*:*:*").contains(&"RAM009"));
    assert!(broad("acs:*:*:*:*").contains(&"RAM009"));
    assert!(!broad("acs:cr:*:*:repository/*").contains(&"RAM009"));
    let write = ids(
        &doc(r#"{"Effect": "Allow", "Action": "cr:DeleteRepository", "Resource": "acs:*:*:*:*"}"#),
        LintScope::Account,
    );
    assert!(write.contains(&"RAM012"), "{write:?}");
}

/// ARN fields: an account that is not a number, `*` or a pattern of digits is an error (no
/// resource has it); a region that is not shaped like a region code is a warning; empty,
/// wildcard and real codes pass.
#[test]
fn arn_accounts_and_regions_must_be_shaped_as_such() {
    let check = |resource: &str| {
        ids(
            &doc(&format!(
                r#"{{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "{resource}"}}"#
            )),
            LintScope::Account,
        )
    };
    assert!(check("acs:cr:cn-hangzhou:1894xxxx:instance/cri-1").contains(&"RAM035"));
    assert!(check("acs:cr:hangzhou:123456:instance/cri-1").contains(&"RAM036"));
    for fine in [
        "acs:cr:cn-hangzhou:123456:instance/cri-1",
        "acs:cr:*:12*:instance/cri-1",
        "acs:cr:cn-shanghai-finance-1:123456:instance/cri-1",
    ] {
        let found = check(fine);
        assert!(
            !found.contains(&"RAM035") && !found.contains(&"RAM036"),
            "{fine}: {found:?}"
        );
    }
}

/// Condition keys need their `service:` prefix; a wildcard under `StringEquals` is literal.
#[test]
fn condition_keys_need_a_prefix_and_string_equals_is_literal() {
    let condition = |condition: &str| {
        ids(
            &doc(&format!(
                r#"{{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*", "Condition": {condition}}}"#
            )),
            LintScope::Account,
        )
    };
    assert!(condition(r#"{"IpAddress": {"SourceIp": "10.0.0.0/8"}}"#).contains(&"RAM037"));
    assert!(!condition(r#"{"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}"#).contains(&"RAM037"));
    assert!(
        condition(r#"{"StringEquals": {"acs:SourceVpc": ["vpc-1", "vpc-*"]}}"#).contains(&"RAM038")
    );
    assert!(!condition(r#"{"StringLike": {"acs:SourceVpc": "vpc-*"}}"#).contains(&"RAM038"));
    assert!(!condition(r#"{"StringEquals": {"acs:SourceVpc": "vpc-1"}}"#).contains(&"RAM038"));
}

/// A CIDR block with host bits set, and a `Bool` with both values, are warnings.
#[test]
fn cidr_host_bits_and_bool_with_both_values_are_warnings() {
    let condition = |condition: &str| {
        ids(
            &doc(&format!(
                r#"{{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*", "Condition": {condition}}}"#
            )),
            LintScope::Account,
        )
    };
    assert!(condition(r#"{"IpAddress": {"acs:SourceIp": "10.0.0.1/8"}}"#).contains(&"RAM039"));
    assert!(condition(r#"{"IpAddress": {"acs:SourceIp": "2001:db8::1/32"}}"#).contains(&"RAM039"));
    for fine in ["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"] {
        let found = condition(&format!(r#"{{"IpAddress": {{"acs:SourceIp": "{fine}"}}}}"#));
        assert!(!found.contains(&"RAM039"), "{fine}: {found:?}");
    }
    assert!(
        condition(r#"{"Bool": {"acs:SecureTransport": ["true", "false"]}}"#).contains(&"RAM040")
    );
    assert!(!condition(r#"{"Bool": {"acs:SecureTransport": "true"}}"#).contains(&"RAM040"));
}

/// A condition key of a service whose pages list its keys (OSS) must be one of them; a tag key
/// under a listed `…Tag` key passes, and a service whose pages list none is not judged.
#[test]
fn service_condition_keys_are_checked_where_the_pages_list_them() {
    let condition = |action: &str, condition: &str| {
        ids(
            &doc(&format!(
                r#"{{"Effect": "Allow", "Action": "{action}", "Resource": "*", "Condition": {condition}}}"#
            )),
            LintScope::Account,
        )
    };
    assert!(
        condition("oss:ListObjects", r#"{"StringLike": {"oss:Prefx": "a/*"}}"#).contains(&"RAM041")
    );
    assert!(
        !condition(
            "oss:ListObjects",
            r#"{"StringLike": {"oss:Prefix": "a/*"}}"#
        )
        .contains(&"RAM041")
    );
    assert!(
        !condition(
            "oss:GetObject",
            r#"{"StringEquals": {"oss:BucketTag/env": "prod"}}"#
        )
        .contains(&"RAM041")
    );
    assert!(
        !condition(
            "cr:GetInstance",
            r#"{"StringEquals": {"cr:Anything": "x"}}"#
        )
        .contains(&"RAM041")
    );
}
