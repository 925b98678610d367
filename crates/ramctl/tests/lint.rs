//! `ramctl lint`: the example policies and their exact findings, the human, JSON and SARIF
//! reports (SARIF validated against the OASIS 2.1.0 schema), standard input, exit statuses.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use serde_json::Value;
use support::{
    assert_valid_sarif, crate_path, ids_of, ramctl, run_bad, run_json, run_ok, sarif_validator,
    stderr, stdout,
};

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
        out.contains("security-warning[RAM009]: `Allow` of `cr:*` on `*` grants every Action it matches on every resource\n --> examples/allow-everything.json:6:17\n"),
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
            "column", "file", "hint", "kind", "length", "line", "message", "name", "origin",
            "pointer", "rule", "severity"
        ]
    );
    assert_eq!(first["kind"], "identity");
    assert_eq!(first["origin"], Value::Null);
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

/// Invalid JSON is reported as a finding at its place, and is bad input: exit status 2, as
/// for every command (an empty file too).
#[test]
fn invalid_json_is_an_error_finding_and_bad_input() {
    let findings = run_json(
        &["lint", "-", "--format", "json"],
        Some("{\n  \"Version\": \"1\",\n}"),
        2,
    );
    assert_eq!(
        ids_of(&run_json(&["lint", "-", "--format", "json"], Some(""), 2)),
        ["RAM000"]
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
        "--kind",
        "session",
        "trust",
        "ramctl lint main.tf ros/stack.yaml",
    ] {
        assert!(help.contains(value), "{value}: {help}");
    }
}

/// (rule, line, column, kind, origin) of each JSON finding.
fn placed(findings: &Value) -> Vec<(String, u64, u64, Value, Value)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["kind"].clone(),
                f["origin"].clone(),
            )
        })
        .collect()
}

fn found(
    rule: &str,
    line: u64,
    column: u64,
    kind: Option<&str>,
    origin: Option<&str>,
) -> (String, u64, u64, Value, Value) {
    (
        rule.to_owned(),
        line,
        column,
        kind.map_or(Value::Null, Value::from),
        origin.map_or(Value::Null, Value::from),
    )
}

const TRUST: &str = r#"{
  "Version": "1",
  "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": ["acs:ram::*:root"]}}
  ]
}"#;

#[test]
fn kind_decides_principal_and_the_rules_and_is_named_in_the_reports() {
    // As the trust policy it is: anyone may assume the role.
    let findings = run_json(
        &["lint", "-", "--kind", "trust", "--format", "json"],
        Some(TRUST),
        0,
    );
    assert_eq!(
        placed(&findings),
        [found("RAM025", 4, 75, Some("trust"), None)]
    );
    assert_eq!(findings[0]["pointer"], "/Statement/0/Principal/RAM/0");
    assert_eq!(findings[0]["severity"], "security-warning");
    run_ok(
        &["lint", "-", "--kind", "trust", "--deny", "security-warning"],
        Some(TRUST),
        1,
    );
    // As an identity policy (the default), `Principal` does not belong, at its key.
    let findings = run_json(&["lint", "-", "--format", "json"], Some(TRUST), 1);
    let principal = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "RAM023")
        .unwrap();
    assert_eq!(
        (principal["line"].as_u64(), principal["column"].as_u64()),
        (Some(4), Some(53))
    );
    assert_eq!(principal["kind"], "identity");
    // A session policy has its own size limit.
    let resources: Vec<String> = (0..40)
        .map(|i| format!("\"acs:cr:*:*:instance/cri-{i:06}\""))
        .collect();
    let session = format!(
        r#"{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": [{}]}}]}}"#,
        resources.join(", ")
    );
    let findings = run_json(
        &["lint", "-", "--kind", "session", "--format", "json"],
        Some(&session),
        1,
    );
    assert_eq!(ids_of(&findings), ["RAM017"]);
    assert_eq!(findings[0]["kind"], "session");
    run_ok(&["lint", "-"], Some(&session), 0);
    // SARIF names the kind of each result.
    let log = run_json(
        &["lint", "-", "--kind", "trust", "--format", "sarif"],
        Some(TRUST),
        0,
    );
    assert_valid_sarif(&log);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "RAM025");
    assert_eq!(result["properties"]["kind"], "trust");
    assert!(result["locations"][0]["logicalLocations"].is_null());
}

#[test]
fn templates_are_linted_policy_by_policy_at_the_templates_positions() {
    let tf = "tests/templates/main.tf";
    let findings = run_json(&["lint", tf, "--format", "json"], None, 1);
    assert_eq!(
        placed(&findings),
        [
            // A `<<-EOF` heredoc: the template's line, the column before the indentation is stripped.
            found(
                "RAM001",
                11,
                22,
                Some("identity"),
                Some("alicloud_ram_policy.pull.policy_document")
            ),
            // `jsonencode`: the HCL string that became the value.
            found(
                "RAM028",
                28,
                40,
                Some("identity"),
                Some("alicloud_ram_policy.office.policy_document")
            ),
            // A policy document data source a role uses is a trust policy.
            found(
                "RAM025",
                40,
                22,
                Some("trust"),
                Some("data.alicloud_ram_policy_document.partner")
            ),
            found(
                "RAM026",
                57,
                33,
                Some("trust"),
                Some("alicloud_ram_role.ops.assume_role_policy_document")
            ),
            // A variable is a notice, not a crash or a silent skip.
            found("RAM029", 64, 21, None, None),
        ]
    );
    for finding in findings.as_array().unwrap() {
        assert_eq!(finding["file"], tf);
    }
    assert_eq!(findings[0]["pointer"], "/Statement/0/Action/0");
    assert_eq!(findings[0]["length"], 13);
    assert!(
        findings[4]["message"]
            .as_str()
            .unwrap()
            .contains("`var.extra_policy`")
    );

    let yaml = run_json(
        &["lint", "tests/templates/stack.yaml", "--format", "json"],
        None,
        0,
    );
    assert_eq!(
        placed(&yaml),
        [
            found(
                "RAM025",
                17,
                20,
                Some("trust"),
                Some("Resources.Deployer.Properties.AssumeRolePolicyDocument")
            ),
            // The `!Sub` is a notice, and what lint would say of its stand-in is left out.
            found("RAM029", 26, 32, None, None),
            found(
                "RAM027",
                29,
                42,
                Some("identity"),
                Some("Resources.Deployer.Properties.Policies[0].PolicyDocument")
            ),
        ]
    );
    let json = run_json(
        &["lint", "tests/templates/stack.json", "--format", "json"],
        None,
        1,
    );
    assert_eq!(
        placed(&json),
        [found(
            "RAM001",
            14,
            46,
            Some("identity"),
            Some("Resources.Reader.Properties.PolicyDocument")
        )]
    );
}

#[test]
fn human_reports_of_templates_show_the_template_line_and_the_policy() {
    let out = run_ok(&["lint", "tests/templates/main.tf"], None, 1);
    assert!(
        out.contains(
            "error[RAM001]: unknown Action `cr:PullRepo`\n  --> tests/templates/main.tf:11:22\n   |\n11 |           \"Action\": [\"cr:PullRepo\"],\n   |                      ^^^^^^^^^^^^^ unknown-action\n   |\n   = help: did you mean `cr:PullRepository`?\n   = note: in `alicloud_ram_policy.pull.policy_document`, linted as an identity policy\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("28 |         IpAddress = { \"acs:SourceIp\" = \"203.0.113.7/32\" }\n   |                                        ^^^^^^^^^^^^^^^^ source-ip-single-cidr\n"),
        "{out}"
    );
    assert!(
        out.contains("   = help: write the address `203.0.113.7`"),
        "{out}"
    );
    assert!(
        out.ends_with("\nlinted 1 file: 1 error, 2 security warnings, 2 warnings, 0 suggestions\n"),
        "{out}"
    );
}

#[test]
fn sarif_of_templates_carries_the_template_and_the_policy_origin() {
    let log = run_json(&["lint", "tests/templates", "--format", "sarif"], None, 1);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let uris: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris.into_iter().collect::<Vec<_>>(),
        [
            "tests/templates/main.tf",
            "tests/templates/stack.json",
            "tests/templates/stack.yaml"
        ]
    );
    let federated = results.iter().find(|r| r["ruleId"] == "RAM026").unwrap();
    let location = &federated["locations"][0];
    assert_eq!(location["physicalLocation"]["region"]["startLine"], 57);
    assert_eq!(location["physicalLocation"]["region"]["startColumn"], 33);
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "alicloud_ram_role.ops.assume_role_policy_document"
    );
    assert_eq!(federated["properties"]["kind"], "trust");
    assert_eq!(
        federated["properties"]["origin"],
        "alicloud_ram_role.ops.assume_role_policy_document"
    );
    assert_eq!(federated["level"], "warning");
    let notice = results.iter().find(|r| r["ruleId"] == "RAM029").unwrap();
    assert!(notice["properties"]["kind"].is_null());
}

#[test]
fn folders_are_searched_and_other_json_and_yaml_passed_over() {
    // `package.json` in the fixtures' folder is neither a policy nor a template.
    let out = run_ok(&["lint", "tests/templates"], None, 1);
    assert!(
        out.ends_with(
            "\nlinted 3 files: 2 errors, 3 security warnings, 4 warnings, 0 suggestions\n"
        ),
        "{out}"
    );
    assert!(!out.contains("package.json"), "{out}");
    // Named on the command line, it is linted as the policy it is not.
    let findings = run_json(
        &["lint", "tests/templates/package.json", "--format", "json"],
        None,
        1,
    );
    assert_eq!(ids_of(&findings), ["RAM000", "RAM000", "RAM000", "RAM000"]);
    // A folder in a folder, and the folders tools own.
    let root = std::env::temp_dir().join(format!("ramctl-lint-folders-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("modules/iam")).unwrap();
    std::fs::create_dir_all(root.join(".terraform/modules")).unwrap();
    std::fs::copy(
        crate_path("tests/templates/main.tf"),
        root.join("modules/iam/main.tf"),
    )
    .unwrap();
    std::fs::write(root.join(".terraform/modules/broken.tf"), "resource {").unwrap();
    std::fs::write(root.join("ci.yaml"), "on: push\njobs: {}\n").unwrap();
    std::fs::write(
        root.join("main.tf.json"),
        r#"{"resource": {"alicloud_ram_policy": {"p": {"policy_document": "{\"Statement\": []}"}}}}"#,
    )
    .unwrap();
    std::fs::copy(
        crate_path("examples/allow-everything.json"),
        root.join("policy.json"),
    )
    .unwrap();
    let findings = run_json(
        &["lint", root.to_str().unwrap(), "--format", "json"],
        None,
        1,
    );
    let files: std::collections::BTreeSet<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            std::path::Path::new(f["file"].as_str().unwrap())
                .strip_prefix(&root)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["modules/iam/main.tf", "policy.json"]
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_template_that_does_not_parse_is_an_error_finding() {
    let root = std::env::temp_dir().join(format!("ramctl-lint-broken-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    let broken = root.join("broken.tf");
    std::fs::write(
        &broken,
        "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = \n}\n",
    )
    .unwrap();
    let findings = run_json(
        &["lint", broken.to_str().unwrap(), "--format", "json"],
        None,
        2,
    );
    assert_eq!(ids_of(&findings), ["RAM030"]);
    assert!(findings[0]["line"].as_u64().unwrap() >= 2, "{findings}");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the template does not parse: ")
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn the_pre_commit_hooks_run_ramctl_lint_on_the_files_they_match() {
    let hooks = std::fs::read_to_string(crate_path("../../.pre-commit-hooks.yaml")).unwrap();
    let field = |name: &str| -> Vec<String> {
        hooks
            .lines()
            .filter_map(|l| {
                l.trim_start_matches([' ', '-'])
                    .strip_prefix(&format!("{name}: "))
            })
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(field("id"), ["ramctl-lint", "ramctl-lint-system"]);
    assert_eq!(field("language"), ["script", "system"]);
    let files = field("files");
    assert_eq!(files, [r"\.(json|tf|ya?ml)$"; 2]);
    let entries = field("entry");
    // The script hook builds ramctl in pre-commit's clone and runs it with the arguments of the
    // system hook, then the staged files.
    assert_eq!(entries[0], "crates/ramctl/hooks/pre-commit.sh");
    let script = std::fs::read_to_string(crate_path("hooks/pre-commit.sh")).unwrap();
    let exec = script
        .lines()
        .find_map(|l| l.strip_prefix(r#"exec "$root/target/release/ramctl" "#))
        .expect("the hook script ends by running the ramctl it built");
    let script_args: Vec<&str> = exec.split(' ').filter(|w| *w != r#""$@""#).collect();
    let mut words = entries[1].split(' ');
    assert_eq!(words.next(), Some("ramctl"));
    let mut args: Vec<&str> = words.collect();
    assert_eq!(script_args, args);
    // pre-commit appends the staged files it matched: policies, templates, and others.
    args.extend([
        "tests/templates/main.tf",
        "tests/templates/package.json",
        "examples/team-a-pull-push.json",
        "--format",
        "json",
    ]);
    let findings = run_json(&args, None, 1);
    let linted: std::collections::BTreeSet<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        linted.into_iter().collect::<Vec<_>>(),
        ["tests/templates/main.tf"]
    );
    // Without the flag, a JSON file named on the command line is a policy, as before.
    run_ok(&["lint", "tests/templates/package.json"], None, 1);
}

#[test]
fn the_readme_has_a_row_for_every_rule() {
    let readme = std::fs::read_to_string(crate_path("../../README.md")).unwrap();
    for rule in ram_policy::lint::RULES {
        let row = format!(
            "| `{}` | `{}` | {} |",
            rule.id,
            rule.name,
            rule.severity.as_str()
        );
        let line = readme.lines().find(|l| l.starts_with(&row));
        assert!(
            line.is_some_and(|l| l.ends_with(&format!("| {} |", rule.summary))),
            "README.md has no row `{row} … | {} |`",
            rule.summary
        );
    }
}

/// README's section on the security lists names every entry of the data file, as it promises.
#[test]
fn the_readme_justifies_every_security_list_entry() {
    let readme = std::fs::read_to_string(crate_path("../../README.md")).unwrap();
    let start = readme
        .find("### Privilege escalation, role passing and sensitive Actions")
        .expect("README has the section");
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |i| i + 4)];
    let lists = [
        ram_policy::lint::escalation_actions(),
        ram_policy::lint::role_passing_actions(),
        ram_policy::lint::role_attaching_actions(),
        ram_policy::lint::sensitive_actions(),
    ];
    for entry in lists.iter().flat_map(|l| l.iter()) {
        let row = format!("| `{}` |", entry.action);
        let line = section.lines().find(|l| l.starts_with(&row));
        assert!(
            line.is_some_and(|l| l.contains(&entry.why)),
            "README's security section has no row `{row} … | {} |`",
            entry.why
        );
    }
}

/// `--now` turns on the expiry check and `--sensitive-actions` replaces the list; a bad list
/// file is bad input that names the file and the entry.
#[test]
fn now_and_sensitive_actions_are_options() {
    let expired = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:GetInstance", "Resource": "*",
        "Condition": {"DateLessThan": {"acs:CurrentTime": "2019-08-12T09:00:00Z"}}}]}"#;
    let without = run_json(&["lint", "-", "--format", "json"], Some(expired), 0);
    assert_eq!(ids_of(&without), Vec::<String>::new());
    let with = run_json(
        &["lint", "-", "--format", "json", "--now", "2026-12-02"],
        Some(expired),
        0,
    );
    assert_eq!(ids_of(&with), ["RAM047"]);
    let bad_now = run_bad(&["lint", "-", "--now", "yesterday"], Some(expired));
    assert!(
        bad_now
            .iter()
            .any(|l| l.contains("`yesterday` is not an ISO 8601 instant")),
        "{bad_now:?}"
    );

    let dir = std::env::temp_dir().join("ramctl-lint-sensitive");
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("sensitive.json");
    std::fs::write(&list, r#"["cr:GetAuthorizationToken"]"#).unwrap();
    let policy = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["cr:GetAuthorizationToken", "kms:Decrypt"], "Resource": "*"}]}"#;
    let default = run_json(&["lint", "-", "--format", "json"], Some(policy), 0);
    let own = run_json(
        &[
            "lint",
            "-",
            "--format",
            "json",
            "--sensitive-actions",
            list.to_str().unwrap(),
        ],
        Some(policy),
        0,
    );
    let message = |findings: &Value| -> Vec<String> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "RAM044")
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(message(&default)[0].contains("`kms:Decrypt`"));
    assert!(message(&own)[0].contains("`cr:GetAuthorizationToken`"));
    assert!(!message(&own)[0].contains("kms"));
    std::fs::write(&list, r#"["kms:Decrypt", "Decrypt"]"#).unwrap();
    let output = ramctl(
        &["lint", "-", "--sensitive-actions", list.to_str().unwrap()],
        Some(policy),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "{}: `/1`: `Decrypt` is not an Action (expected `service:Name`)\n",
            list.display()
        )
    );
}
