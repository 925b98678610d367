//! Runs the built `ramctl` binary: the suite of cases files under `tests/cases/` (one file per
//! group of rules of DESIGN.md "RAM semantics we implement"), exit statuses, located errors of
//! bad input, and the exact human report.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{crate_path, ramctl, stderr, stdout};

use serde_json::Value;

/// Simulates a cases file given on standard input.
fn simulate_stdin(text: &str, format: &str) -> Output {
    ramctl(
        &["simulate", "--cases", "-", "--format", format],
        Some(text),
    )
}

/// The suite files, sorted by name.
fn suite_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_path("tests/cases"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Simulates a cases file with JSON output.
fn simulate_json(path: &Path) -> Output {
    ramctl(
        &[
            "simulate",
            "--cases",
            path.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    )
}

/// Runs one suite file as JSON and checks every case against the file's own `expect`,
/// independently of the binary's `pass` field.
fn check_suite_file(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    let cases = file["cases"].as_array().unwrap();
    let output = simulate_json(path);
    let shown = path.display();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{shown}: stdout:\n{}\nstderr:\n{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stderr(&output).is_empty(), "{shown}: {}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let results = report.as_array().expect("the report is a json array");
    assert_eq!(results.len(), cases.len(), "{shown}: one result per case");
    let mut outcomes = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        let name = case["name"].as_str().unwrap();
        let expect = case["expect"]
            .as_str()
            .unwrap_or_else(|| panic!("{shown}: case `{name}` has no `expect`"));
        assert_eq!(result["name"], name, "{shown}: results in file order");
        assert_eq!(
            result["decision"], expect,
            "{shown}: case `{name}`: {result:#}"
        );
        assert_eq!(result["expect"], expect, "{shown}: case `{name}`");
        assert_eq!(result["pass"], true, "{shown}: case `{name}`");
        assert!(
            result["matched"].is_array() && result["reasons"].is_array(),
            "{shown}: case `{name}`: {result:#}"
        );
        assert!(
            !result["reasons"].as_array().unwrap().is_empty(),
            "{shown}: case `{name}` has no reasons"
        );
        outcomes.push(expect.to_owned());
    }
    // A file that only ever expects one outcome could not tell a working engine from one
    // that always answers the same.
    assert!(
        outcomes.iter().any(|o| o == "Allow") && outcomes.iter().any(|o| o != "Allow"),
        "{shown}: expects {outcomes:?}"
    );
    cases.len()
}

#[test]
fn every_suite_file_meets_its_expectations() {
    let files = suite_files();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "actions.json",
            "apis.json",
            "conditions_bool_ip.json",
            "conditions_date.json",
            "conditions_logic.json",
            "conditions_numeric.json",
            "conditions_string.json",
            "effects.json",
            "evaluation_process.json",
            "layers.json",
            "resource_groups.json",
            "resources.json",
        ]
    );
    let total: usize = files.iter().map(|path| check_suite_file(path)).sum();
    assert!(total >= 200, "only {total} cases");
}

#[test]
fn every_operator_family_is_exercised_by_the_suite() {
    let mut text = String::new();
    for path in suite_files() {
        text.push_str(&std::fs::read_to_string(path).unwrap());
    }
    for operator in [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "IpAddress",
        "NotIpAddress",
    ] {
        assert!(
            text.contains(&format!("\"{operator}\": {{")),
            "no policy uses `{operator}`"
        );
    }
    for key in [
        "\"NotAction\"",
        "\"NotResource\"",
        "\"kind\": \"control\"",
        "\"kind\": \"session\"",
        "\"resource_group\": \"rg-aek2\"",
        "\"api\"",
    ] {
        assert!(text.contains(key), "the suite never uses {key}");
    }
}

/// The reasons of one case of a suite file's JSON report.
fn reasons_of(report: &Value, name: &str) -> Vec<String> {
    let case = report
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no case `{name}`"));
    case["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn rg_policies_have_no_effect_for_the_documented_reasons() {
    let path = crate_path("tests/cases/resource_groups.json");
    let output = simulate_json(&path);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let expected = [
        (
            "an rg policy does not apply to a repository in another group",
            "policy `rg-allow-all` has no effect: it applies to resource group `rg-aek2` and the resource is in `rg-other`",
        ),
        (
            "an rg policy does not apply to a resource in no group",
            "policy `rg-allow-all` has no effect: it applies to resource group `rg-aek2` and the request names no resource group",
        ),
        (
            "an rg policy does not apply to cr:GetRepoTagManifest, which lacks rg-level authorization",
            "policy `rg-allow-all` has no effect: action `cr:GetRepoTagManifest` does not support resource-group-level authorization; grant it in an account-level policy",
        ),
        (
            "an rg policy does not apply to cr:ListChartNamespace, which lacks rg-level authorization",
            "policy `rg-allow-all` has no effect: action `cr:ListChartNamespace` does not support resource-group-level authorization; grant it in an account-level policy",
        ),
        (
            "an rg policy does not apply to cr:DeleteInstance, which lacks rg-level authorization",
            "policy `rg-allow-all` has no effect: action `cr:DeleteInstance` does not support resource-group-level authorization; grant it in an account-level policy",
        ),
        (
            "an rg policy does not apply to an api authorized against star",
            "policy `rg-allow-all` has no effect: resource `*` is not of a type that supports resource groups",
        ),
        (
            "an rg policy does not apply to a template ending in a star",
            "policy `rg-allow-all` has no effect: resource `acs:cr:cn-hangzhou:1234567890:repository/cri-abc/*` is not of a type that supports resource groups",
        ),
    ];
    for (name, reason) in expected {
        assert_eq!(
            reasons_of(&report, name),
            ["no identity policy allows the request", reason],
            "{name}"
        );
    }
}

#[test]
fn a_failing_expectation_exits_1_and_says_what_was_expected() {
    let text = r#"{
  "policies": {"pull": {"document": {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "*"}]}}},
  "cases": [
    {"name": "pull", "api": "PullRepository", "resource": "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web", "expect": "Allow"},
    {"name": "push", "api": "PushRepository", "resource": "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web", "expect": "Allow"}
  ]
}"#;
    let human = simulate_stdin(text, "human");
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    let out = stdout(&human);
    assert!(out.starts_with("PASS pull: Allow\n"), "{out}");
    assert!(
        out.contains("\nFAIL push: ImplicitDeny (expected Allow)\n"),
        "{out}"
    );
    assert!(out.ends_with("\n1 passed, 1 failed\n"), "{out}");

    let json = simulate_stdin(text, "json");
    assert_eq!(json.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report[0]["pass"], true);
    assert_eq!(report[1]["pass"], false);
    assert_eq!(report[1]["decision"], "ImplicitDeny");
    assert_eq!(report[1]["expect"], "Allow");
    assert_eq!(report[1]["matched"], serde_json::json!([]));
}

#[test]
fn the_human_report_of_a_small_file_is_exact() {
    let path = crate_path("tests/fixtures/human.json");
    let output = ramctl(&["simulate", "--cases", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "\
PASS pull from own namespace: Allow
  step: identity (account)
  matched: policy `dev` statement 0 (Allow)
  reason: policy `dev` statement 0 allows the request
  reason: policy `team` has no effect: it applies to resource group `rg-aek2` and the request names no resource group

FAIL push from outside the office: ImplicitDeny (expected Allow)
  step: identity (resource group)
  reason: no identity policy allows the request
  reason: policy `dev` statement 0 (Allow) does not apply: action `cr:PushRepository` is not matched by `Action` `cr:Pull*`
  reason: policy `dev` statement 1 (Deny) does not apply: action `cr:PushRepository` is not matched by `Action` `cr:Delete*`
  reason: policy `team` statement 0 (Allow) does not apply: condition `IpAddress` on `acs:SourceIp` with `10.0.0.0/8` is false (request: `192.168.0.1`): no request value matches a policy value

---- delete a repository: ExplicitDeny (no expectation)
  step: identity (account)
  matched: policy `dev` statement 1 (Deny)
  reason: policy `dev` statement 1 explicitly denies the request

1 passed, 1 failed, 1 without expectation
"
    );
    assert!(stderr(&output).is_empty());
}

#[test]
fn the_summary_line_stands_alone_when_every_case_has_an_expectation() {
    let path = crate_path("tests/cases/effects.json");
    let output = ramctl(&["simulate", "--cases", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert_eq!(out.lines().last(), Some("15 passed, 0 failed"));
    assert_eq!(out.lines().filter(|l| l.starts_with("PASS ")).count(), 15);
}

#[test]
fn output_is_deterministic() {
    let path = crate_path("tests/cases/layers.json");
    let path = path.to_str().unwrap();
    for format in ["human", "json"] {
        let args = ["simulate", "--cases", path, "--format", format];
        assert_eq!(ramctl(&args, None).stdout, ramctl(&args, None).stdout);
    }
}

/// Runs bad input from standard input and returns its stderr lines after checking exit 2 and
/// an empty stdout.
fn bad_input(text: &str) -> Vec<String> {
    let output = simulate_stdin(text, "human");
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    stderr(&output).lines().map(str::to_owned).collect()
}

const DOCUMENT: &str =
    r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}"#;

#[test]
fn an_unknown_key_is_located() {
    let text = format!(
        r#"{{
  "policies": {{"dev": {{"document": {DOCUMENT}}}}},
  "cases": [
    {{"name": "c", "action": "cr:GetInstance", "resource": "*", "expected": "Allow"}}
  ]
}}"#
    );
    assert_eq!(
        bad_input(&text),
        [
            "<stdin>: /cases/0/expected: unknown key `expected` (expected `name`, `action`, `api`, `resource`, `resource_group`, `context`, `principal`, `policies`, `expect`) (line 4, column 64)"
        ]
    );
}

#[test]
fn a_duplicate_key_is_located() {
    let text = format!(
        r#"{{
  "policies": {{
    "dev": {{"document": {DOCUMENT}}},
    "dev": {{"document": {DOCUMENT}, "kind": "control"}}
  }},
  "cases": [{{"name": "c", "action": "cr:GetInstance", "resource": "*"}}]
}}"#
    );
    assert_eq!(
        bad_input(&text),
        ["<stdin>: /policies/dev: duplicate key `dev` (line 4, column 5)"]
    );
}

#[test]
fn a_bad_effect_inside_a_document_is_located_in_the_cases_file() {
    let text = r#"{
  "policies": {
    "dev": {
      "document": {
        "Version": "1",
        "Statement": [
          {"Effect": "allow", "Action": "cr:*", "Resource": "*"}
        ]
      }
    }
  },
  "cases": [{"name": "c", "action": "cr:GetInstance", "resource": "*"}]
}"#;
    assert_eq!(
        bad_input(text),
        [
            "<stdin>: /policies/dev/document/Statement/0/Effect: expected `Allow` or `Deny`, found `allow` (line 7, column 22)"
        ]
    );
}

#[test]
fn an_api_whose_resource_does_not_fit_its_template_names_the_case() {
    let text = format!(
        r#"{{
  "policies": {{"dev": {{"document": {DOCUMENT}}}}},
  "cases": [
    {{"name": "pull an instance", "api": "PullRepository", "resource": "acs:cr:cn-hangzhou:1234567890:instance/cri-abc"}},
    {{"name": "list one instance", "api": "ListInstance", "resource": "acs:cr:cn-hangzhou:1234567890:instance/cri-abc"}},
    {{"name": "list namespaces", "api": "ListNamespace", "resource": "acs:cr:cn-hangzhou:1234567890:repository/cri-abc/*"}}
  ]
}}"#
    );
    assert_eq!(
        bad_input(&text),
        [
            "<stdin>: /cases/0/resource: case `pull an instance`: resource `acs:cr:cn-hangzhou:1234567890:instance/cri-abc` does not fit `acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname`, the resource of api `PullRepository` (line 4, column 71)",
            "<stdin>: /cases/1/resource: case `list one instance`: api `ListInstance` is authorized against `*`, so its resource must be `*`, found `acs:cr:cn-hangzhou:1234567890:instance/cri-abc` (line 5, column 70)",
        ]
    );
}

#[test]
fn an_unknown_policy_name_is_located() {
    let text = format!(
        r#"{{
  "policies": {{"dev": {{"document": {DOCUMENT}}}, "ops": {{"document": {DOCUMENT}}}}},
  "cases": [
    {{"name": "c", "action": "cr:GetInstance", "resource": "*", "policies": ["dev", "prod"]}}
  ]
}}"#
    );
    assert_eq!(
        bad_input(&text),
        [
            "<stdin>: /cases/0/policies/1: unknown policy `prod` (the file defines `dev`, `ops`) (line 4, column 84)"
        ]
    );
}

#[test]
fn every_error_of_a_file_is_reported_together_in_file_order() {
    let text = r#"{
  "policies": {
    "guard": {"document": {"Version": "2", "Statement": []}, "kind": "control", "scope": {"resource_group": "rg-1"}},
    "dev": {"document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}, "kind": "role"}
  },
  "cases": [
    {"name": "a", "api": "PullRepo", "resource": "*", "expect": "allow"},
    {"name": "a", "action": "cr:GetInstance", "api": "GetInstance", "resource": "*", "context": {"k": 1, "K": 2}},
    {"action": "cr:GetInstance"}
  ]
}"#;
    assert_eq!(
        bad_input(text),
        [
            "<stdin>: /policies/guard/document/Version: expected `\"1\"`, found `2` (line 3, column 39)",
            "<stdin>: /policies/guard/document/Statement: expected at least one statement (line 3, column 57)",
            "<stdin>: /policies/guard/scope: a resource-group scope is only valid on identity policies, and `guard` is a control policy (line 3, column 90)",
            "<stdin>: /policies/dev/kind: expected `identity`, `control`, `session` or `resource`, found `role` (line 4, column 122)",
            "<stdin>: /cases/0/api: unknown api `PullRepo`; did you mean one of `PullRepository`, `PullChart`? (line 7, column 26)",
            "<stdin>: /cases/0/expect: expected `Allow`, `ExplicitDeny` or `ImplicitDeny`, found `allow` (line 7, column 65)",
            "<stdin>: /cases/1/name: duplicate case name `a` (first at `/cases/0`) (line 8, column 14)",
            "<stdin>: /cases/1/api: `action` and `api` cannot both be given (line 8, column 47)",
            "<stdin>: /cases/1/context/K: key `K` repeats `k` (context keys are case-insensitive) (line 8, column 106)",
            "<stdin>: /cases/2: missing `name` (line 9, column 5)",
            "<stdin>: /cases/2: missing `resource` (line 9, column 5)",
        ]
    );
}

#[test]
fn invalid_json_is_located() {
    assert_eq!(
        bad_input("{\n  \"policies\": {},\n}"),
        ["<stdin>: invalid json: trailing commas are not allowed (line 2, column 17)"]
    );
    assert_eq!(
        bad_input(""),
        ["<stdin>: invalid json: the text is empty (line 1, column 1)"]
    );
}

#[test]
fn errors_name_the_file_as_given() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("ramctl-bad-cases.json");
    std::fs::write(&path, "{\"cases\": []}").unwrap();
    let output = ramctl(&["simulate", "--cases", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    let shown = path.display();
    assert_eq!(
        stderr(&output),
        format!(
            "{shown}: missing `policies` (line 1, column 1)\n{shown}: /cases: expected at least one case (line 1, column 11)\n"
        )
    );

    let missing = dir.join("ramctl-no-such-file.json");
    let output = ramctl(&["simulate", "--cases", missing.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!("{}: cannot read the file: ", missing.display())),
        "{err}"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn help_shows_examples() {
    let output = ramctl(&["simulate", "--help"], None);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("ramctl simulate --cases cases.json --format json"),
        "{help}"
    );
    assert!(help.contains("--cases -"), "{help}");

    let output = ramctl(&["--help"], None);
    let help = stdout(&output);
    assert!(help.contains("simulate"), "{help}");
    assert!(help.contains("Examples:"), "{help}");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let output = ramctl(&["simulate", "--cases", "-", "--format", "xml"], Some("{}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("xml"), "{}", stderr(&output));
}

/// Every case of the evaluation-process suite is decided by the step its name starts with,
/// and the suite covers every step and each principal form.
#[test]
fn the_evaluation_process_suite_is_decided_by_the_steps_it_names() {
    let path = crate_path("tests/cases/evaluation_process.json");
    let output = simulate_json(&path);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut steps = std::collections::BTreeSet::new();
    for case in report.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let step = case["step"].as_str().unwrap();
        assert!(
            name.starts_with(&format!("{step}: ")),
            "`{name}` was decided by `{step}`"
        );
        steps.insert(step.to_owned());
    }
    assert_eq!(
        steps.into_iter().collect::<Vec<_>>(),
        [
            "combination",
            "control",
            "identity (account)",
            "identity (resource group)",
            "resource-based",
            "session"
        ]
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for form in ["\"RAM\"", "\"Service\"", "\"Federated\""] {
        assert!(text.contains(&format!("\"principal\": {{{form}")), "{form}");
    }
}

/// A file that starts with a UTF-8 byte-order mark reads as the same file without it.
#[test]
fn a_byte_order_mark_is_not_part_of_the_file() {
    let text = r#"{"policies": {"p": {"document": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}}},
  "cases": [{"name": "a", "action": "cr:GetInstance", "resource": "*", "expect": "Allow"}]}"#;
    let with_mark = format!("\u{feff}{text}");
    let output = simulate_stdin(&with_mark, "json");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), stdout(&simulate_stdin(text, "json")));
}
