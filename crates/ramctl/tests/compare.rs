//! Runs `ramctl compare` on the fixtures under `tests/compare/`: exit statuses, both
//! directions, the JSON report, witnesses pasted into `ramctl simulate`, `REV:PATH` inputs and
//! bad input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use std::process::Command;

use serde_json::{Value, json};
use support::{ramctl, run_bad, run_ok, stdout};

const OLD: &str = "tests/compare/old.json";
const NEW: &str = "tests/compare/new.json";
const CONDITIONAL: &str = "tests/compare/conditional.json";
const LIST: &str = "tests/compare/list.json";
const UNDECIDED: &str = "tests/compare/undecided.json";

fn compare_json(old: &str, new: &str, code: i32) -> Value {
    let text = run_ok(&["compare", old, new, "--format", "json"], None, code);
    serde_json::from_str(&text).unwrap()
}

fn actions_of(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["action"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_policy_compared_with_itself_grants_nothing_new() {
    let text = run_ok(&["compare", OLD, OLD], None, 0);
    assert!(text.contains("Added access (new allows, old does not): none"));
    assert!(text.contains("Removed access (old allows, new does not): none"));
    assert!(text.ends_with("Result: no new access\n"), "{text}");
    let report = compare_json(NEW, NEW, 0);
    assert_eq!(report["no_new_access"], true);
}

#[test]
fn a_widened_action_a_dropped_deny_and_a_region_wildcard_are_new_access() {
    let report = compare_json(OLD, NEW, 1);
    assert_eq!(report["no_new_access"], false);
    let added = &report["added"];
    let actions = actions_of(added);
    // The widened Action: `cr:PushRepository` was not granted at all.
    assert!(actions.iter().any(|a| a == "cr:PushRepository"));
    // The region wildcard: `cr:GetRepository` outside cn-hangzhou.
    let get = added
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["action"] == "cr:GetRepository")
        .unwrap();
    let resource = get["witness"]["resource"].as_str().unwrap();
    assert!(!resource.starts_with("acs:cr:cn-hangzhou:"), "{resource}");
    assert_eq!(
        get["resources"]["except"][0]["Resource"][0],
        "acs:cr:cn-hangzhou:*:repository/cri-1/*"
    );
    // The dropped Deny: `cr:DeleteRepository` in `prod`, denied by old statement 2.
    let denied = added
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["action"] == "cr:DeleteRepository" && f["because"]["kind"] == "denied")
        .unwrap();
    assert_eq!(denied["because"]["by"]["statement"], 2);
    assert!(
        denied["witness"]["resource"]
            .as_str()
            .unwrap()
            .contains("repository/cri-1/prod/")
    );
    assert!(
        added
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["witness"]["confirmed"] == true && f["grant"]["side"] == "new")
    );
    // Nothing is removed: the new policy allows all the old one did.
    assert_eq!(report["removed"].as_array().unwrap().len(), 0);

    // The reverse comparison sees the same access as removed, and no new access.
    let back = compare_json(NEW, OLD, 0);
    assert_eq!(back["no_new_access"], true);
    assert_eq!(
        actions_of(&back["removed"]).len(),
        actions_of(&report["added"]).len()
    );
}

#[test]
fn the_witnesses_pass_in_simulate() {
    for (old, new) in [(OLD, NEW), (NEW, OLD)] {
        let report = compare_json(old, new, if old == OLD { 1 } else { 0 });
        let cases = &report["cases"];
        let list = cases["cases"].as_array().unwrap();
        assert!(!list.is_empty());
        // Each witness is a pair: the gaining side allows it, the other does not.
        for case in list {
            let name = case["name"].as_str().unwrap();
            let gaining = if name.starts_with("added:") {
                "(new)"
            } else {
                "(old)"
            };
            assert_eq!(
                case["expect"] == "Allow",
                name.ends_with(gaining),
                "{name}: {}",
                case["expect"]
            );
        }
        let text = serde_json::to_string(cases).unwrap();
        let simulated = run_ok(&["simulate", "--cases", "-"], Some(&text), 0);
        assert!(
            simulated.contains(&format!("{} passed, 0 failed", list.len())),
            "{simulated}"
        );
    }
    // The human report prints the same cases file.
    let human = run_ok(&["compare", OLD, NEW], None, 1);
    let (_, snippet) = human
        .split_once("Witnesses as a cases file (`ramctl simulate --cases FILE`):\n")
        .unwrap();
    let (snippet, _) = snippet.rsplit_once("\nResult: new access").unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(snippet), 0);
    assert!(simulated.contains("0 failed"), "{simulated}");
}

#[test]
fn conditions_are_decided_with_context_values_in_the_witnesses() {
    // The old grant holds only from 10.0.0.0/8: the new, unconditional grant is new access
    // from elsewhere, and its witness names the first address below the range.
    let report = compare_json(CONDITIONAL, NEW, 1);
    assert_eq!(report["approximated"], Value::Array(Vec::new()));
    let get = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["action"] == "cr:GetRepository")
        .unwrap();
    assert_eq!(get["witness"]["confirmed"], true);
    assert_eq!(
        get["witness"]["context"],
        serde_json::json!({"acs:SourceIp": "0.0.0.0"})
    );
    let human = run_ok(&["compare", CONDITIONAL, NEW], None, 1);
    assert!(!human.contains("Over-approximated"), "{human}");
    // The other way, the conditional grant adds nothing, and removes access from outside
    // the range; where nothing allowed before, its witness is the range's first address.
    let report = compare_json(OLD, CONDITIONAL, 0);
    assert_eq!(report["no_new_access"], true);
    let report = compare_json(LIST, CONDITIONAL, 1);
    let first = &report["added"][0]["witness"];
    assert_eq!(first["context"]["acs:SourceIp"], "10.0.0.0");
    assert_eq!(first["confirmed"], true);
    // The witnesses, context values included, pass in `simulate`.
    let cases = serde_json::to_string(&report["cases"]).unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(&cases), 0);
    assert!(simulated.contains("0 failed"), "{simulated}");
}

/// The README's example: a widened IP range is new access from the new range only.
#[test]
fn a_widened_ip_range_is_new_access_from_the_new_range() {
    const WIDER: &str = "tests/compare/conditional-wider.json";
    let report = compare_json(CONDITIONAL, WIDER, 1);
    assert_eq!(report["approximated"], Value::Array(Vec::new()));
    let added = report["added"].as_array().unwrap();
    assert_eq!(added.len(), 41);
    assert!(added.iter().all(|f| f["witness"]["confirmed"] == true
        && f["witness"]["context"] == serde_json::json!({"acs:SourceIp": "192.168.0.0"})));
    let human = run_ok(&["compare", CONDITIONAL, WIDER], None, 1);
    assert!(human.contains("41 Actions (1 finding)"), "{human}");
    assert!(human.contains(
        "witness: cr:GetAccessVpcLink on acs:cr:cn-hangzhou::repository/cri-1/ with acs:SourceIp=192.168.0.0 (confirmed by the engine)"
    ), "{human}");
    let report = compare_json(WIDER, CONDITIONAL, 0);
    assert_eq!(report["removed"].as_array().unwrap().len(), 41);
}

#[test]
fn undecided_conditions_are_listed_as_over_approximated() {
    // One key compared as an address and as a string is not decided: the old grant counts as
    // not allowing, so the same grant on the new side is reported, unconfirmed.
    let report = compare_json(UNDECIDED, UNDECIDED, 1);
    let approximated = report["approximated"].as_array().unwrap();
    let sides: Vec<&str> = approximated
        .iter()
        .map(|a| a["side"].as_str().unwrap())
        .collect();
    assert_eq!(sides, ["old", "new"]);
    assert!(
        report["added"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["witness"]["confirmed"] == false)
    );
    let human = run_ok(&["compare", UNDECIDED, NEW], None, 1);
    assert!(human.contains("Over-approximated"), "{human}");
    assert!(human.contains("old policy `tests/compare/undecided.json` statement 0"));
}

#[test]
fn standard_input_is_one_side() {
    let text = std::fs::read_to_string(support::crate_path(NEW)).unwrap();
    let output = ramctl(&["compare", OLD, "-"], Some(&text));
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("new: <stdin>"));
}

#[test]
fn bad_input_exits_2_with_located_errors() {
    let lines = run_bad(&["compare", "-", "-"], Some("{}"));
    assert_eq!(lines, ["only one input can be `-`"]);
    let lines = run_bad(
        &["compare", OLD, "-"],
        Some(
            r#"{"Version": "1", "Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}"#,
        ),
    );
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("<stdin>: /Statement/0/Effect: "),
        "{lines:?}"
    );
    assert!(lines[0].ends_with("(line 1, column 43)"), "{lines:?}");
    let lines = run_bad(&["compare", "tests/compare/missing.json", OLD], None);
    assert!(lines[0].starts_with("tests/compare/missing.json: cannot read the file"));
}

#[test]
fn a_revision_and_path_are_read_with_git() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("compare-git");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    let policy = dir.join("policy.json");
    git(&["init", "-q"]);
    std::fs::copy(support::crate_path(OLD), &policy).unwrap();
    git(&["add", "policy.json"]);
    git(&["commit", "-q", "-m", "old"]);
    std::fs::copy(support::crate_path(NEW), &policy).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ramctl"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let output = run(&["compare", "HEAD:policy.json", "policy.json"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(stdout(&output).starts_with("old: HEAD:policy.json\nnew: policy.json\n"));
    let output = run(&["compare", "HEAD:policy.json", "HEAD:policy.json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let output = run(&["compare", "HEAD:nothing.json", "policy.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "HEAD:nothing.json: cannot read the file: `git show HEAD:nothing.json` failed"
        ),
        "{stderr}"
    );
}

#[test]
fn check_not_granted_proves_or_shows_a_witness() {
    let prod = "acs:cr:*:*:repository/cri-1/prod/*";
    // The old policy denies deleting in `prod`, whatever else it allows.
    let text = run_ok(
        &[
            "check",
            "--not-granted",
            "cr:Delete*",
            "--resource",
            prod,
            OLD,
        ],
        None,
        0,
    );
    assert!(text.ends_with("Result: not granted\n"), "{text}");
    // A trust policy lets a service assume a role, which is not what is asked; asking for
    // it finds the service.
    let trust = "tests/compare/set-assume-new.json";
    let text = run_ok(&["check", "--not-granted", "cr:Delete*", trust], None, 0);
    assert!(text.ends_with("Result: not granted\n"), "{text}");
    let text = run_ok(
        &[
            "check",
            "--not-granted",
            "sts:AssumeRole",
            "--resource",
            "acs:ram::*:role/*",
            trust,
        ],
        None,
        1,
    );
    assert!(text.contains("by Service ecs.aliyuncs.com"), "{text}");
    // The new policy dropped that Deny.
    let text = run_ok(
        &[
            "check",
            "--not-granted",
            "cr:Delete*",
            "--resource",
            prod,
            NEW,
            "--format",
            "json",
        ],
        None,
        1,
    );
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["granted"], true);
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["action"] == "cr:DeleteRepository")
    );
    for f in findings {
        let action = f["action"].as_str().unwrap();
        assert!(action.starts_with("cr:Delete"), "{action}");
        assert!(
            f["witness"]["resource"]
                .as_str()
                .unwrap()
                .contains(":repository/cri-1/prod/")
        );
        assert_eq!(f["witness"]["confirmed"], true);
        assert_eq!(f["grant"]["policy"], NEW);
    }
    // Any resource, several policies: the old one grants `cr:DeleteRepository` outside `prod`.
    let human = run_ok(
        &["check", "--not-granted", "cr:DeleteRepository", LIST, OLD],
        None,
        1,
    );
    assert!(
        human.contains("granted by policy `tests/compare/old.json` statement 1"),
        "{human}"
    );
    assert!(
        human.contains("witness: cr:DeleteRepository on acs:cr:cn-hangzhou:"),
        "{human}"
    );
    run_ok(
        &["check", "--not-granted", "cr:DeleteRepository", LIST],
        None,
        0,
    );
}

#[test]
fn sarif_puts_new_access_at_the_new_statement_that_grants_it() {
    let text = run_ok(&["compare", OLD, NEW, "--format", "sarif"], None, 1);
    let log: Value = serde_json::from_str(&text).unwrap();
    support::assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let new_access: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "RAMC001")
        .collect();
    assert!(!new_access.is_empty());
    for r in &new_access {
        assert_eq!(r["level"], "error");
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], NEW);
        // NEW has one statement, on line 4 at column 5.
        assert_eq!(location["region"]["startLine"], 4, "{r:#}");
        assert_eq!(location["region"]["startColumn"], 5, "{r:#}");
    }
    // The widened Action is among them, with a witness the engine confirmed.
    let push = new_access
        .iter()
        .find(|r| {
            r["properties"]["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "cr:PushRepository")
        })
        .unwrap();
    assert_eq!(push["properties"]["witness"]["confirmed"], true);
    // The same change read the other way round is removed access: notes at OLD's statements.
    let text = run_ok(&["compare", NEW, OLD, "--format", "sarif"], None, 0);
    let log: Value = serde_json::from_str(&text).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["ruleId"] != "RAMC001"));
    let removed: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "RAMC002")
        .collect();
    assert!(!removed.is_empty());
    assert!(removed.iter().all(|r| r["level"] == "note"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == NEW));
    // No change, no results.
    let text = run_ok(&["compare", OLD, OLD, "--format", "sarif"], None, 0);
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
}

#[test]
fn sarif_of_check_marks_the_granting_statement_and_the_conditions_it_could_not_decide() {
    // The IP range is decided, so only the undecided policy has a note (RAMC003), at the
    // same statement as the grant.
    for (policy, notes) in [(CONDITIONAL, 0), (UNDECIDED, 1)] {
        let text = run_ok(
            &[
                "check",
                "--not-granted",
                "cr:GetRepository",
                policy,
                "--format",
                "sarif",
            ],
            None,
            1,
        );
        let log: Value = serde_json::from_str(&text).unwrap();
        support::assert_valid_sarif(&log);
        let results = log["runs"][0]["results"].as_array().unwrap();
        let granted: Vec<&Value> = results
            .iter()
            .filter(|r| r["ruleId"] == "RAMC005")
            .collect();
        assert!(!granted.is_empty(), "{log:#}");
        let at_line_4 = |r: &&Value| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == policy
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
        };
        assert!(granted.iter().all(at_line_4));
        let approximated: Vec<&Value> = results
            .iter()
            .filter(|r| r["ruleId"] == "RAMC003")
            .collect();
        assert_eq!(approximated.len(), notes, "{log:#}");
        assert!(approximated.iter().all(at_line_4));
    }
}

const SET_OLD: &str = "tests/compare/set-old.json";
const SET_NEW: &str = "tests/compare/set-new.json";

/// A side may be a set of policies as in a simulate cases file: dropping the set's Deny policy
/// is new access, found at the other policy's statement that now grants it, with witnesses that
/// pass in `simulate`; a policy of another kind is refused by name.
#[test]
fn sets_of_policies_are_compared_as_a_whole() {
    let report = compare_json(SET_OLD, SET_NEW, 1);
    assert_eq!(actions_of(&report["added"]), ["cr:DeleteRepository"]);
    assert_eq!(
        report["added"][0]["grant"]["policy"],
        format!("{SET_NEW}#writers")
    );
    assert_eq!(
        report["added"][0]["because"]["by"]["policy"],
        format!("{SET_OLD}#no-deletes")
    );
    assert_eq!(actions_of(&report["removed"]), Vec::<String>::new());
    let cases = serde_json::to_string(&report["cases"]).unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(&cases), 0);
    assert!(simulated.contains("2 passed, 0 failed"), "{simulated}");
    // Back again: the Deny is removed access of nothing allowed, so no new access.
    assert_eq!(compare_json(SET_NEW, SET_OLD, 0)["no_new_access"], true);
    // SARIF places the finding at the statement inside the set file.
    let sarif: Value = serde_json::from_str(&run_ok(
        &["compare", SET_OLD, SET_NEW, "--format", "sarif"],
        None,
        1,
    ))
    .unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        format!("{SET_NEW}#/policies/writers/document/Statement/0")
    );
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 12);
}

/// A policy attached at a resource group grants only in that group, on resources of types
/// that support groups: moving it to the account is new access everywhere else, shown by a
/// witness without a group, and the witnesses pass in `ramctl simulate` with their scopes.
#[test]
fn resource_group_policies_apply_in_their_group() {
    const GROUP: &str = "tests/compare/set-group.json";
    let report = compare_json(GROUP, SET_OLD, 1);
    let added = report["added"].as_array().unwrap();
    assert!(
        added
            .iter()
            .any(|f| f["grant"]["policy"] == format!("{SET_OLD}#readers")
                && f["action"] == "cr:GetRepository")
    );
    for f in added {
        assert_eq!(f["resource_group"], Value::Null, "{f}");
        assert_eq!(f["witness"]["confirmed"], true, "{f}");
    }
    assert_eq!(
        report["cases"]["policies"][format!("old/{GROUP}#team")]["scope"],
        json!({"resource_group": "rg-aek2"})
    );
    let cases = serde_json::to_string(&report["cases"]).unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(&cases), 0);
    assert!(simulated.contains(" passed, 0 failed"), "{simulated}");
    // The reverse takes the same away; nothing is new.
    let report = compare_json(SET_OLD, GROUP, 0);
    assert!(!report["removed"].as_array().unwrap().is_empty());
    // A group's Deny takes away what the group's Allow granted, in the group only, on a
    // resource of a type that supports resource groups, which `ramctl simulate` confirms.
    let report = compare_json(GROUP, "tests/compare/set-group-deny.json", 0);
    let removed = report["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1, "{removed:?}");
    let f = &removed[0];
    assert_eq!(f["action"], "cr:GetRepository");
    assert_eq!(f["resource_group"], "rg-aek2");
    assert_eq!(f["witness"]["resource_group"], "rg-aek2");
    assert_eq!(f["witness"]["confirmed"], true);
    assert!(
        f["witness"]["resource"]
            .as_str()
            .unwrap()
            .starts_with("acs:cr:")
    );
    assert_eq!(report["approximated"], json!([]));
    let cases = serde_json::to_string(&report["cases"]).unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(&cases), 0);
    assert!(simulated.contains("2 passed, 0 failed"), "{simulated}");
}

/// A role's trust policy (a resource-based policy) must allow assuming the role besides the
/// identity policy, and a service it names assumes the role on it alone: trusting ECS is new
/// access, with a witness by that service that `ramctl simulate` confirms.
#[test]
fn trust_policies_decide_who_assumes_a_role() {
    const OLD: &str = "tests/compare/set-assume-old.json";
    const NEW: &str = "tests/compare/set-assume-new.json";
    let report = compare_json(OLD, NEW, 1);
    let added = report["added"].as_array().unwrap();
    // On a resource that is no role, the trust policy's Allow alone allows, as any
    // resource-based policy's does; on a role, it is what was missing.
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added.iter().all(|f| f["action"] == "sts:AssumeRole"
        && f["witness"]["principal"] == json!({"Service": "ecs.aliyuncs.com"})));
    let f = &added[1];
    assert_eq!(f["grant"]["policy"], format!("{NEW}#ops-trust"));
    assert_eq!(f["grant"]["statement"], 1);
    assert_eq!(
        f["because"],
        json!({"kind": "not-allowed", "layer": "resource-based"})
    );
    assert!(
        f["witness"]["resource"]
            .as_str()
            .unwrap()
            .contains(":role/")
    );
    assert_eq!(
        report["cases"]["policies"][format!("new/{NEW}#ops-trust")]["kind"],
        "resource"
    );
    let cases = serde_json::to_string(&report["cases"]).unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(&cases), 0);
    assert!(simulated.contains("4 passed, 0 failed"), "{simulated}");
    let human = run_ok(&["compare", OLD, NEW], None, 1);
    assert!(human.contains("by Service ecs.aliyuncs.com"), "{human}");
    // In SARIF, at the trust statement inside the set, with the principal in the witness.
    let text = run_ok(&["compare", OLD, NEW, "--format", "sarif"], None, 1);
    let log: Value = serde_json::from_str(&text).unwrap();
    support::assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        assert_eq!(r["ruleId"], "RAMC001");
        assert_eq!(
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            format!("{NEW}#/policies/ops-trust/document/Statement/1")
        );
        assert_eq!(
            r["properties"]["witness"]["principal"],
            json!({"Service": "ecs.aliyuncs.com"})
        );
    }
    // The same sets change nothing: the account's users assume the role on both.
    let report = compare_json(OLD, OLD, 0);
    assert!(report["added"].as_array().unwrap().is_empty());
    assert!(report["removed"].as_array().unwrap().is_empty());
}

/// Control policies bound a set's identity policies: a guardrail that denies deletes takes
/// away what the writers granted, and a control policy without an Allow takes everything.
#[test]
fn control_policies_bound_a_set() {
    const GUARDED: &str = "tests/compare/set-guarded.json";
    let report = compare_json(SET_NEW, GUARDED, 0);
    assert_eq!(actions_of(&report["removed"]), ["cr:DeleteRepository"]);
    assert_eq!(
        report["removed"][0]["because"]["by"]["policy"],
        format!("{GUARDED}#guardrail")
    );
    let cases = serde_json::to_string(&report["cases"]).unwrap();
    let simulated = run_ok(&["simulate", "--cases", "-"], Some(&cases), 0);
    assert!(simulated.contains("2 passed, 0 failed"), "{simulated}");
    // Dropping the guardrail is new access again, at the Deny of the control policy.
    let report = compare_json(GUARDED, SET_NEW, 1);
    assert_eq!(actions_of(&report["added"]), ["cr:DeleteRepository"]);
    // A set of only a control policy with only a Deny allows nothing: everything the old set
    // allowed is removed, because neither that layer nor an identity policy allows it.
    let report = compare_json(SET_OLD, "tests/compare/set-control.json", 0);
    let removed = report["removed"].as_array().unwrap();
    let get: Vec<&Value> = removed
        .iter()
        .filter(|f| f["action"] == "cr:GetRepository")
        .map(|f| &f["because"])
        .collect();
    assert_eq!(
        get,
        [
            &serde_json::json!({"kind": "not-allowed"}),
            &serde_json::json!({"kind": "not-allowed", "layer": "control"})
        ]
    );
    assert!(removed.iter().all(|f| f["witness"]["confirmed"] == true));
    let human = run_ok(
        &["compare", "tests/compare/set-control.json", SET_OLD],
        None,
        1,
    );
    assert!(
        human.contains(
            "because: the old side has control policies and none of their statements allows it"
        ),
        "{human}"
    );
}
