//! `ramctl lint`: the example policies and their exact findings, the human, JSON and SARIF
//! reports (SARIF validated against the OASIS 2.1.0 schema), standard input, exit statuses.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use serde_json::Value;
use support::{crate_path, ids_of, ramctl, run_bad, run_json, run_ok, stderr, stdout};

/// Every example policy, the scope it is meant for, and its exact findings.
const EXAMPLES: &[(&str, &str, &[&str])] = &[
    ("allow-everything.json", "account", &["RAM009"]),
    ("chart-arn-for-image-pull.json", "account", &["RAM006"]),
    ("ip-condition.json", "account", &["RAM014"]),
    ("rg-manifest.json", "resource-group", &["RAM008"]),
    ("rg-team-a.json", "resource-group", &[]),
    ("team-a-pull-push.json", "account", &[]),
    ("unknown-action.json", "account", &["RAM001"]),
];

#[test]
fn every_example_has_exactly_its_findings() {
    let mut on_disk: Vec<String> = std::fs::read_dir(crate_path("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = EXAMPLES.iter().map(|(file, _, _)| *file).collect();
    assert_eq!(on_disk, listed, "every example is listed here");
    for (file, scope, expected) in EXAMPLES {
        let path = format!("examples/{file}");
        let has_error = expected
            .iter()
            .any(|id| ["RAM000", "RAM001", "RAM002", "RAM006", "RAM014"].contains(id));
        let findings = run_json(
            &["lint", &path, "--scope", scope, "--format", "json"],
            None,
            i32::from(has_error),
        );
        assert_eq!(ids_of(&findings), *expected, "{file} ({scope})");
        for finding in findings.as_array().unwrap() {
            assert_eq!(finding["file"], path.as_str());
        }
    }
    // A policy for a resource group is fine at account level, where every Action applies.
    let account = run_json(
        &["lint", "examples/rg-manifest.json", "--format", "json"],
        None,
        0,
    );
    assert_eq!(account, serde_json::json!([]));
}

#[test]
fn the_human_report_is_compiler_like() {
    let out = run_ok(&["lint", "examples/unknown-action.json"], None, 1);
    assert_eq!(
        out,
        "\
error[RAM001]: unknown Action `cr:PullRepo`
 --> examples/unknown-action.json:6:17
  |
6 |       \"Action\": \"cr:PullRepo\",
  |                 ^^^^^^^^^^^^^ unknown-action
  |
  = help: did you mean `cr:PullRepository`?

linted 1 file: 1 error, 0 security warnings, 0 warnings, 0 suggestions
"
    );
}

#[test]
fn human_reports_put_carets_under_whole_values_and_count_every_file() {
    let out = run_ok(
        &[
            "lint",
            "examples/ip-condition.json",
            "examples/allow-everything.json",
            "examples/team-a-pull-push.json",
        ],
        None,
        1,
    );
    assert!(
        out.contains(
            "10 |           \"acs:SourceIp\": [\"10.0.0.0/8\", \"office\"]\n   |                                          ^^^^^^^^ condition-value-mismatch\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("security-warning[RAM009]: `Allow` of `cr:*` on `*` grants every Action on every resource\n --> examples/allow-everything.json:6:17\n"),
        "{out}"
    );
    assert!(
        out.ends_with("\nlinted 3 files: 1 error, 1 security warning, 0 warnings, 0 suggestions\n"),
        "{out}"
    );
    // A finding about a statement points at its opening brace only.
    let out = run_ok(&["lint", "examples/chart-arn-for-image-pull.json"], None, 1);
    assert!(
        out.contains("4 |     {\n  |     ^ statement-without-effect\n"),
        "{out}"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let text = std::fs::read_to_string(crate_path("examples/unknown-action.json")).unwrap();
    let findings = run_json(&["lint", "-", "--format", "json"], Some(&text), 1);
    assert_eq!(findings[0]["file"], "<stdin>");
    let out = run_ok(&["lint", "-"], Some(&text), 1);
    assert!(out.contains(" --> <stdin>:6:17\n"), "{out}");
    let sarif = run_json(&["lint", "-", "--format", "sarif"], Some(&text), 1);
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "-"
    );
}

#[test]
fn json_findings_have_the_documented_fields() {
    let text = r#"{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": ["cr:PullRepo", "cr:GetInstance"], "Resource": "*"},
  {"Effect": "Allow", "Action": ["cr:PullRepo", "cr:GetInstance"], "Resource": "*"}
]}"#;
    let findings = run_json(&["lint", "-", "--format", "json"], Some(text), 1);
    let first = &findings[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "column", "file", "hint", "length", "line", "message", "name", "pointer", "rule",
            "severity"
        ]
    );
    assert_eq!(first["rule"], "RAM001");
    assert_eq!(first["name"], "unknown-action");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["message"], "unknown Action `cr:PullRepo`");
    assert_eq!(first["pointer"], "/Statement/0/Action/0");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(34))
    );
    assert_eq!(first["hint"], "did you mean `cr:PullRepository`?");
    let duplicate = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "RAM020")
        .unwrap();
    assert_eq!(duplicate["severity"], "suggestion");
    assert_eq!(duplicate["pointer"], "/Statement/1");
    let severities: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert!(
        severities
            .iter()
            .all(|s| { ["error", "security-warning", "warning", "suggestion"].contains(s) })
    );
}

#[test]
fn deny_sets_the_severity_that_fails() {
    let security = "examples/allow-everything.json";
    for (deny, code) in [
        (None, 0),
        (Some("error"), 0),
        (Some("security-warning"), 1),
        (Some("warning"), 1),
        (Some("suggestion"), 1),
    ] {
        let mut args = vec!["lint", security];
        if let Some(level) = deny {
            args.extend(["--deny", level]);
        }
        run_ok(&args, None, code);
    }
    let warning = "examples/rg-manifest.json";
    run_ok(&["lint", warning, "--scope", "resource-group"], None, 0);
    run_ok(
        &[
            "lint",
            warning,
            "--scope",
            "resource-group",
            "--deny",
            "security-warning",
        ],
        None,
        0,
    );
    run_ok(
        &[
            "lint",
            warning,
            "--scope",
            "resource-group",
            "--deny",
            "warning",
        ],
        None,
        1,
    );
    let suggestion = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["cr:GetInstance", "cr:Get*"], "Resource": "acs:cr:*:*:instance/*"}]}"#;
    run_ok(&["lint", "-", "--deny", "warning"], Some(suggestion), 0);
    run_ok(&["lint", "-", "--deny", "suggestion"], Some(suggestion), 1);
    let output = ramctl(&["lint", "-", "--deny", "fatal"], Some(suggestion));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("fatal"), "{}", stderr(&output));
}

#[test]
fn unreadable_files_exit_2_after_linting_the_others() {
    let output = ramctl(
        &[
            "lint",
            "examples/unknown-action.json",
            "no-such-policy.json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "no-such-policy.json: cannot read the file: no such file or directory (os error 2)\n"
    );
    assert!(
        stdout(&output).ends_with(
            "\nlinted 1 file: 1 error, 0 security warnings, 0 warnings, 0 suggestions\n"
        ),
        "{}",
        stdout(&output)
    );
    let dir = std::env::temp_dir().join("ramctl-lint-not-utf8");
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("policy.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let lines = run_bad_stderr(&["lint", binary.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        lines,
        [format!(
            "{}: cannot read the file: the file is not valid utf-8",
            binary.display()
        )]
    );
    assert_eq!(
        run_bad(&["lint"], None).first().map(String::as_str),
        Some("error: the following required arguments were not provided:")
    );
}

/// Exit 2 with a (possibly non-empty) report: stderr's lines.
fn run_bad_stderr(args: &[&str]) -> Vec<String> {
    let output = ramctl(args, None);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    stderr(&output).lines().map(str::to_owned).collect()
}

#[test]
fn invalid_json_is_an_error_finding_not_unreadable_input() {
    let findings = run_json(
        &["lint", "-", "--format", "json"],
        Some("{\n  \"Version\": \"1\",\n}"),
        1,
    );
    assert_eq!(ids_of(&findings), ["RAM000"]);
    assert_eq!(
        findings[0]["message"],
        "invalid json: trailing commas are not allowed"
    );
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(2), Some(17))
    );
}

/// The pattern of `language` (of a run and of a tool component) in the schema file ends in a
/// lone `]`, which ECMAScript accepts only under its web-compatibility grammar (as a literal
/// `]`) and `jsonschema` rejects as an invalid regular expression. The validator gets the same pattern with that `]`
/// escaped, which means the same; the file itself stays as published.
const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
const LANGUAGE_PATTERN_ESCAPED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";

fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(crate_path("tests/fixtures/sarif-schema-2.1.0.json")).unwrap();
    let quoted = serde_json::to_string(LANGUAGE_PATTERN).unwrap();
    assert_eq!(
        text.matches(&quoted).count(),
        2,
        "the schema's `language` patterns changed: revisit the escape below"
    );
    let text = text.replace(
        &quoted,
        &serde_json::to_string(LANGUAGE_PATTERN_ESCAPED).unwrap(),
    );
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the fixture is the draft-04 schema"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let mut args = vec!["lint", "--format", "sarif"];
    let files: Vec<String> = EXAMPLES
        .iter()
        .map(|(file, _, _)| format!("examples/{file}"))
        .collect();
    args.extend(files.iter().map(String::as_str));
    let log = run_json(&args, None, 1);
    assert_valid_sarif(&log);
    // The validator does reject what the schema forbids.
    let validator = sarif_validator();
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator.is_valid(&broken));
    let mut broken = log.clone();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["nmae"] = "x".into();
    assert!(!validator.is_valid(&broken));
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "ramctl");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ram_policy::lint::RULES.len());
    for (rule, expected) in rules.iter().zip(ram_policy::lint::RULES) {
        assert_eq!(rule["id"], expected.id);
        assert_eq!(rule["name"], expected.name);
        assert_eq!(rule["shortDescription"]["text"], expected.summary);
        let level = match expected.severity.as_str() {
            "error" => "error",
            "security-warning" | "warning" => "warning",
            _ => "note",
        };
        assert_eq!(
            rule["defaultConfiguration"]["level"], level,
            "{}",
            expected.id
        );
        let tags = &rule["properties"]["tags"];
        if expected.severity.as_str() == "security-warning" {
            assert_eq!(tags, &serde_json::json!(["security"]), "{}", expected.id);
        } else {
            assert!(tags.is_null(), "{}", expected.id);
        }
    }

    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    // The examples in file order, linted at account level here.
    assert_eq!(ids, ["RAM009", "RAM006", "RAM014", "RAM001"]);
    let unknown = &results[3];
    assert_eq!(unknown["level"], "error");
    assert_eq!(unknown["message"]["text"], "unknown Action `cr:PullRepo`");
    assert_eq!(unknown["ruleIndex"], 1);
    let location = &unknown["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "examples/unknown-action.json"
    );
    assert_eq!(location["region"]["startLine"], 6);
    assert_eq!(location["region"]["startColumn"], 17);
    assert_eq!(location["region"]["endColumn"], 30);
    assert_eq!(unknown["properties"]["pointer"], "/Statement/0/Action");
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[0]["properties"]["severity"], "security-warning");
}

#[test]
fn sarif_of_every_severity_and_of_unreadable_files_validates() {
    let text = r#"{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": ["cr:GetInstance", "cr:Get*", "cr:PullRepo"], "Resource": "*"},
  {"Effect": "Allow", "Action": "cr:GetRepoTagManifest", "Resource": "*"},
  {"Effect": "Allow", "Action": "cr:*", "Resource": "*"}
]}"#;
    let output = ramctl(
        &[
            "lint",
            "-",
            "missing file.json",
            "--scope",
            "resource-group",
            "--format",
            "sarif",
        ],
        Some(text),
    );
    assert_eq!(output.status.code(), Some(2));
    let log: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    for level in ["error", "warning", "note"] {
        assert!(levels.contains(&level), "{levels:?}");
    }
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "missing%20file.json"
    );
    assert!(
        notification["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("missing file.json: cannot read the file: "),
        "{notification}"
    );
}

#[test]
fn help_shows_examples() {
    let help = run_ok(&["lint", "--help"], None, 0);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("ramctl lint policy.json --format sarif"),
        "{help}"
    );
    for value in [
        "human",
        "json",
        "sarif",
        "resource-group",
        "security-warning",
    ] {
        assert!(help.contains(value), "{value}: {help}");
    }
}
