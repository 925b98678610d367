//! Regression tests for resources and Actions with multi-byte characters, where a byte offset
//! that is not a character boundary once made the compiled engine stop looking at longer
//! literal prefixes, Deny statements included, and return a wrong Allow.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod fixtures;

use ram_policy::compiled::{CompiledSet, Scratch};
use ram_policy::{AttachedPolicy, Outcome, Policy, Request, evaluate};

fn policy(statements: &str) -> Policy {
    Policy::parse(&format!(
        r#"{{"Version": "1", "Statement": [{statements}]}}"#
    ))
    .expect("the test policy parses")
}

/// The compiled decision and the plain engine's, for one request.
fn both(
    policies: Vec<AttachedPolicy>,
    request: &Request,
    catalog: impl ram_core::Catalog + Clone,
) -> (Outcome, Outcome) {
    let plain = evaluate(&policies, request, &catalog).outcome;
    let set = CompiledSet::new(policies, catalog);
    let mut scratch = Scratch::for_set(&set);
    (set.decide(request, &mut scratch), plain)
}

/// The reproduction of the issue: the prefix `.../cri-1/ab` ends inside `名` of the request's
/// resource, and the Deny's longer prefix `.../cri-1/名/secret` must still be checked.
#[test]
fn a_prefix_ending_inside_a_character_does_not_hide_a_longer_deny() {
    let policies = vec![AttachedPolicy::identity(
        "p",
        policy(
            r#"{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "*"},
               {"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:cn-hangzhou:1:repository/cri-1/ab*"},
               {"Effect": "Deny", "Action": "cr:PullRepository", "Resource": "acs:cr:cn-hangzhou:1:repository/cri-1/名/secret*"}"#,
        ),
    )];
    let request = Request::new(
        "cr:PullRepository",
        "acs:cr:cn-hangzhou:1:repository/cri-1/名/secret-repo",
    );
    let (compiled, plain) = both(policies.clone(), &request, fixtures::catalog());
    assert_eq!(plain, Outcome::ExplicitDeny);
    assert_eq!(compiled, Outcome::ExplicitDeny);

    // The same through the index of every statement, which serves Actions the catalog does not
    // know.
    let unknown = Request::new(
        "cr:NoSuchAction",
        "acs:cr:cn-hangzhou:1:repository/cri-1/名/secret-repo",
    );
    let wide = vec![AttachedPolicy::identity(
        "p",
        policy(
            r#"{"Effect": "Allow", "Action": "cr:*", "Resource": "*"},
               {"Effect": "Allow", "Action": "cr:*", "Resource": "acs:cr:cn-hangzhou:1:repository/cri-1/ab*"},
               {"Effect": "Deny", "Action": "cr:*", "Resource": "acs:cr:cn-hangzhou:1:repository/cri-1/名/secret*"}"#,
        ),
    )];
    assert_eq!(
        both(wide, &unknown, fixtures::catalog()),
        (Outcome::ExplicitDeny, Outcome::ExplicitDeny)
    );
}

/// Prefixes that end inside every byte of a two-, three- and four-byte character, with the
/// deciding Deny after each of them.
#[test]
fn prefixes_ending_at_every_byte_of_a_character() {
    for character in ["é", "名", "😀"] {
        let resource = format!("acs:cr:cn-hangzhou:1:repository/cri-1/{character}/x");
        let mut statements = vec![
            r#"{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "*"}"#.to_owned(),
        ];
        // Literal prefixes one to three bytes long in place of the character: each ends where
        // the request's resource has a byte in the middle of `character`.
        for filler in ["a", "ab", "abc"] {
            statements.push(format!(
                r#"{{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:cn-hangzhou:1:repository/cri-1/{filler}*"}}"#
            ));
        }
        statements.push(format!(
            r#"{{"Effect": "Deny", "Action": "cr:PullRepository", "Resource": "acs:cr:cn-hangzhou:1:repository/cri-1/{character}/*"}}"#
        ));
        let policies = vec![AttachedPolicy::identity("p", policy(&statements.join(",")))];
        let request = Request::new("cr:PullRepository", resource);
        assert_eq!(
            both(policies, &request, fixtures::catalog()),
            (Outcome::ExplicitDeny, Outcome::ExplicitDeny),
            "{character}"
        );
    }
}

/// `?` is one character, however many bytes it takes, in literal-prefix, glob and condition
/// positions alike.
#[test]
fn a_question_mark_is_one_character() {
    let policies = vec![AttachedPolicy::identity(
        "p",
        policy(
            r#"{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:*:1:repository/cri-1/?/x",
                "Condition": {"StringLike": {"cr:Tag": "?"}}}"#,
        ),
    )];
    for (resource, tag, expected) in [
        ("acs:cr:r:1:repository/cri-1/名/x", "😀", Outcome::Allow),
        ("acs:cr:r:1:repository/cri-1/é/x", "é", Outcome::Allow),
        (
            "acs:cr:r:1:repository/cri-1/名名/x",
            "😀",
            Outcome::ImplicitDeny,
        ),
        (
            "acs:cr:r:1:repository/cri-1/名/x",
            "😀😀",
            Outcome::ImplicitDeny,
        ),
        ("acs:cr:r:1:repository/cri-1//x", "a", Outcome::ImplicitDeny),
    ] {
        let request = Request::new("cr:PullRepository", resource).with_context("cr:Tag", tag);
        assert_eq!(
            both(policies.clone(), &request, fixtures::catalog()),
            (expected, expected),
            "{resource} {tag}"
        );
    }
}

/// Actions are compared case-insensitively in ASCII only (RAM's Action names are ASCII): the
/// compiled engine, the plain engine and the catalog agree that `É` and `é` differ.
#[test]
fn actions_fold_ascii_case_only() {
    let policies = vec![AttachedPolicy::identity(
        "p",
        policy(r#"{"Effect": "Allow", "Action": "CR:PULLREPOSITORYÉ", "Resource": "*"}"#),
    )];
    for (action, expected) in [
        ("cr:pullrepositoryÉ", Outcome::Allow),
        ("cr:PullRepositoryé", Outcome::ImplicitDeny),
    ] {
        let request = Request::new(action, "*");
        assert_eq!(
            both(policies.clone(), &request, fixtures::catalog()),
            (expected, expected),
            "{action}"
        );
    }
}
