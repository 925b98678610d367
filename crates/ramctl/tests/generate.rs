//! `ramctl generate`: names and files of names, every ARN parameter, resource-group splits,
//! size splits, `--rg-unsupported`, errors, and that every output lints clean in its scope.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use serde_json::{Value, json};
use support::{lint_ids, run_bad, run_json, run_ok, strings};

/// Generates as JSON and checks that every document lints clean where it is to be attached.
fn generate(args: &[&str], stdin: Option<&str>) -> Vec<Value> {
    let mut full = vec!["generate"];
    full.extend_from_slice(args);
    full.extend(["--format", "json"]);
    let out = run_json(&full, stdin, 0);
    let items = out.as_array().unwrap().clone();
    assert!(!items.is_empty(), "{args:?}");
    for item in &items {
        let keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["attach", "document", "reason"]);
        let scope = item["attach"].as_str().unwrap();
        assert!(["account", "resource-group"].contains(&scope), "{scope}");
        let document = serde_json::to_string_pretty(&item["document"]).unwrap();
        assert_eq!(
            lint_ids(&document, scope),
            Vec::<String>::new(),
            "{args:?}: the {scope} policy lints clean:\n{document}"
        );
    }
    items
}

/// `[(actions, resources)]` of a generated document's statements.
fn statements(document: &Value) -> Vec<(Vec<String>, Vec<String>)> {
    document["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["Effect"], "Allow");
            (strings(&s["Action"]), strings(&s["Resource"]))
        })
        .collect()
}

fn pair(actions: &[&str], resources: &[&str]) -> (Vec<String>, Vec<String>) {
    (
        actions.iter().map(|s| (*s).to_owned()).collect(),
        resources.iter().map(|s| (*s).to_owned()).collect(),
    )
}

/// Every Action of `cr` (the catalog holds other services too; these tests are about `cr`).
fn all_actions() -> Vec<String> {
    run_json(
        &["actions", "--matching", "cr:*", "--format", "json"],
        None,
        0,
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|a| a["action"].as_str().unwrap().to_owned())
    .collect()
}

#[test]
fn the_human_output_of_a_small_case_is_exact() {
    let out = run_ok(
        &[
            "generate",
            "PullRepository",
            "cr:listinstance",
            "--namespace",
            "team-a",
        ],
        None,
        0,
    );
    assert_eq!(
        out,
        r#"# attach at account level: the requested Actions
{
  "Statement": [
    {
      "Action": [
        "cr:ListInstance"
      ],
      "Effect": "Allow",
      "Resource": [
        "*"
      ]
    },
    {
      "Action": [
        "cr:PullRepository"
      ],
      "Effect": "Allow",
      "Resource": [
        "acs:cr:*:*:repository/*/team-a/*"
      ]
    }
  ],
  "Version": "1"
}
"#
    );
}

#[test]
fn naming_an_action_grants_all_its_resources_and_two_apis_their_union() {
    let both = |args: &[&str]| statements(&generate(args, None)[0]["document"]);
    let all = ["acs:cr:*:*:chart/*", "acs:cr:*:*:repository/*"];
    assert_eq!(
        both(&["cr:CreateNamespace"]),
        [pair(&["cr:CreateNamespace"], &all)]
    );
    assert_eq!(
        both(&["CreateNamespace", "CreateChartNamespace"]),
        [pair(&["cr:CreateNamespace"], &all)]
    );
    assert_eq!(
        both(&["CreateNamespace"]),
        [pair(&["cr:CreateNamespace"], &["acs:cr:*:*:repository/*"])]
    );
}

#[test]
fn every_parameter_fills_its_arn_segment() {
    let out = generate(
        &[
            "PullRepository",
            "PullChart",
            "ListInstance",
            "cr:getinstance",
            "CreateChartNamespace",
            "--region",
            "cn-hangzhou",
            "--account",
            "1234567890",
            "--instance",
            "cri-abc",
            "--namespace",
            "team-a",
            "--repository",
            "web",
            "--chart-namespace",
            "charts",
            "--chart-repository",
            "nginx",
        ],
        None,
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["attach"], "account");
    assert_eq!(out[0]["reason"], "the requested Actions");
    assert_eq!(out[0]["document"]["Version"], "1");
    assert_eq!(
        statements(&out[0]["document"]),
        [
            // `CreateChartNamespace` is authorized as `cr:CreateNamespace`; naming the API
            // grants only its own resource, not the image-namespace one of `CreateNamespace`.
            pair(
                &["cr:CreateNamespace"],
                &["acs:cr:cn-hangzhou:1234567890:chart/cri-abc"]
            ),
            pair(
                &["cr:GetInstance"],
                &["acs:cr:cn-hangzhou:1234567890:instance/cri-abc"]
            ),
            pair(&["cr:ListInstance"], &["*"]),
            pair(
                &["cr:PullChart"],
                &["acs:cr:cn-hangzhou:1234567890:chart/cri-abc/charts/nginx"]
            ),
            pair(
                &["cr:PullRepository"],
                &["acs:cr:cn-hangzhou:1234567890:repository/cri-abc/team-a/web"]
            ),
        ]
    );
}

#[test]
fn parameters_not_given_are_wildcards_and_actions_sharing_resources_share_a_statement() {
    let out = generate(
        &["PullRepository", "PushRepository", "--instance", "cri-abc"],
        None,
    );
    assert_eq!(
        statements(&out[0]["document"]),
        [pair(
            &["cr:PullRepository", "cr:PushRepository"],
            &["acs:cr:*:*:repository/cri-abc/*/*"]
        )]
    );
}

#[test]
fn a_resource_group_grant_puts_unsupported_actions_in_an_account_policy() {
    let out = generate(
        &[
            "PullRepository",
            "GetRepoTagManifest",
            "cr:GetRepoTagManifest",
            "--namespace",
            "team-a",
            "--scope",
            "resource-group",
        ],
        None,
    );
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["attach"], "resource-group");
    assert_eq!(out[0]["reason"], "the requested Actions");
    assert_eq!(
        statements(&out[0]["document"]),
        [pair(
            &["cr:GetRepositoryManifest", "cr:PullRepository"],
            &["acs:cr:*:*:repository/*/team-a/*"]
        )]
    );
    assert_eq!(out[1]["attach"], "account");
    assert_eq!(
        out[1]["reason"],
        "these Actions would have no effect in a policy attached at a resource group (they lack resource-group-level authorization, or are authorized against `*` or against resources whose type does not support resource groups), so they are granted at account level"
    );
    assert_eq!(
        statements(&out[1]["document"]),
        [pair(&["cr:GetRepoTagManifest"], &["*"])]
    );

    let human = run_ok(
        &[
            "generate",
            "cr:GetRepoTagManifest",
            "--scope",
            "resource-group",
        ],
        None,
        0,
    );
    assert!(
        human.starts_with("# attach at account level: these Actions would have no effect in a policy attached at a resource group (they lack resource-group-level authorization, or are authorized against `*` or against resources whose type does not support resource groups), so they are granted at account level\n{\n"),
        "{human}"
    );
    let human = run_ok(
        &[
            "generate",
            "PullRepository",
            "cr:GetRepoTagManifest",
            "--scope",
            "resource-group",
        ],
        None,
        0,
    );
    let comments: Vec<&str> = human.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        comments,
        [
            "# attach at the resource group: the requested Actions",
            "# attach at account level: these Actions would have no effect in a policy attached at a resource group (they lack resource-group-level authorization, or are authorized against `*` or against resources whose type does not support resource groups), so they are granted at account level",
        ]
    );
    assert!(human.contains("}\n\n# attach at account level"), "{human}");
}

#[test]
fn every_action_generates_policies_that_lint_clean_in_both_scopes() {
    let actions = all_actions();
    assert_eq!(actions.len(), 132);
    let mut args: Vec<&str> = actions.iter().map(String::as_str).collect();
    let account = generate(&args, None);
    // Every Action in one document is over 90% of a custom policy's 4096 characters.
    assert_eq!(account.len(), 2);
    args.extend(["--scope", "resource-group"]);
    let rg = generate(&args, None);
    assert_eq!(rg.len(), 2);
    let granted = |items: &[Value]| -> Vec<String> {
        let mut all: Vec<String> = items
            .iter()
            .flat_map(|i| statements(&i["document"]))
            .flat_map(|(actions, _)| actions)
            .collect();
        all.sort();
        all
    };
    assert_eq!(granted(&account), actions);
    assert_eq!(granted(&rg), actions);
    let account_only = statements(&rg[1]["document"])
        .into_iter()
        .flat_map(|(a, _)| a)
        .count();
    assert_eq!(
        account_only, 76,
        "the 72 Actions without rg-level authorization, and the 4 authorized only against `*` or `…/*` resources"
    );
    args.extend([
        "--region",
        "cn-shanghai",
        "--account",
        "1",
        "--instance",
        "cri-x",
        "--namespace",
        "n",
        "--repository",
        "r",
        "--chart-namespace",
        "cn",
        "--chart-repository",
        "cr",
    ]);
    generate(&args, None);
}

#[test]
fn a_document_over_the_size_limit_is_split_and_says_so() {
    let actions = all_actions();
    let long = "n".repeat(1500);
    let mut args: Vec<&str> = actions.iter().map(String::as_str).collect();
    args.extend(["--namespace", &long, "--chart-namespace", &long]);
    let out = generate(&args, None);
    assert!(out.len() > 1, "{}", out.len());
    for (i, item) in out.iter().enumerate() {
        assert_eq!(
            item["reason"],
            format!(
                "the requested Actions (part {} of {}: split to stay under the 4096-character limit)",
                i + 1,
                out.len()
            )
        );
    }
}

#[test]
fn names_are_read_from_a_file_or_standard_input() {
    let names = "# the CI deployer\nPullRepository\n\n  cr:PushRepository  # push\nListInstance\n";
    let from_stdin = generate(&["--file", "-", "--namespace", "ci"], Some(names));
    let dir = std::env::temp_dir().join("ramctl-generate-file");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("names.txt");
    std::fs::write(&path, names).unwrap();
    let from_file = generate(
        &["--file", path.to_str().unwrap(), "--namespace", "ci"],
        None,
    );
    let from_args = generate(
        &[
            "PullRepository",
            "cr:PushRepository",
            "ListInstance",
            "--namespace",
            "ci",
        ],
        None,
    );
    assert_eq!(from_stdin, from_args);
    assert_eq!(from_file, from_args);
    // Names on the command line and in a file add up.
    let both = generate(&["ListInstance", "--file", "-"], Some("PullChart\n"));
    assert_eq!(
        statements(&both[0]["document"]),
        [
            pair(&["cr:ListInstance"], &["*"]),
            pair(&["cr:PullChart"], &["acs:cr:*:*:chart/*/*/*"])
        ]
    );
}

#[test]
fn unknown_names_are_errors_with_suggestions() {
    assert_eq!(
        run_bad(
            &[
                "generate",
                "PullRepo",
                "cr:PullRepo",
                "GetRepositoryManifest",
                "--file",
                "-"
            ],
            Some("ListInstance\n# fine\nListInstanse\n")
        ),
        [
            "unknown api `PullRepo`; did you mean one of `PullRepository`, `PullChart`?",
            "unknown action `cr:PullRepo`; did you mean one of `cr:PullRepository`, `cr:PullChart`?",
            "unknown api `GetRepositoryManifest`; did you mean one of `cr:GetRepositoryManifest`, `GetRepository`, `GetRepoTagManifest`?",
            "<stdin>:3: unknown api `ListInstanse`; did you mean one of `ListInstance`, `ListInstanceEndpoint`, `ListStacks`?",
        ]
    );
}

#[test]
fn bad_input_exits_2() {
    assert_eq!(
        run_bad(&["generate"], None),
        ["no api or action given: name them, or read them with `--file`"]
    );
    assert_eq!(
        run_bad(&["generate", "--file", "-"], Some("# nothing\n\n")),
        ["no api or action given: name them, or read them with `--file`"]
    );
    assert_eq!(
        run_bad(
            &[
                "generate",
                "PullRepository",
                "--namespace",
                "a/b",
                "--region",
                ""
            ],
            None
        ),
        [
            "`--region` cannot be ``: a value is required (leave the option out for `*`)",
            "`--namespace` cannot be `a/b`: `a/b` contains `:` or `/`",
        ]
    );
    // The values a typed ARN's `try_new` refuses, with its reasons.
    assert_eq!(
        run_bad(
            &[
                "generate",
                "PullRepository",
                "--region",
                "cn hangzhou",
                "--namespace",
                "te*m"
            ],
            None
        ),
        [
            "`--region` cannot be `cn hangzhou`: `cn hangzhou` contains whitespace",
            "`--namespace` cannot be `te*m`: `te*m` contains a wildcard; use the pattern type for patterns",
        ]
    );
    let missing = run_bad(&["generate", "--file", "no-such-names.txt"], None);
    assert_eq!(
        missing,
        ["no-such-names.txt: cannot read the file: no such file or directory (os error 2)"]
    );
    let usage = run_bad(&["generate", "--access", "read"], None);
    assert!(usage[0].starts_with("error:"), "{usage:?}");
    let usage = run_bad(&["generate", "--rg-unsupported", "PullRepository"], None);
    assert!(usage[0].contains("cannot be used with"), "{usage:?}");
    let usage = run_bad(
        &["generate", "--rg-unsupported", "--scope", "resource-group"],
        None,
    );
    assert!(usage[0].contains("cannot be used with"), "{usage:?}");
}

#[test]
fn rg_unsupported_read_lists_the_37_read_and_list_actions_in_ascii_order() {
    let out = generate(&["--rg-unsupported", "--access", "read"], None);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["attach"], "account");
    assert_eq!(
        out[0]["reason"],
        "the read and list Actions without resource-group-level authorization, which a policy attached at a resource group cannot grant"
    );
    let found = statements(&out[0]["document"]);
    assert_eq!(found.len(), 1);
    let (actions, resources) = &found[0];
    assert_eq!(resources, &["*"]);
    // Every service's read and list Actions without resource-group-level authorization; 37 of
    // them are `cr`'s.
    assert_eq!(actions.iter().filter(|a| a.starts_with("cr:")).count(), 37);
    let mut sorted = actions.clone();
    sorted.sort();
    assert_eq!(actions, &sorted, "ASCII order");
    let mut expected: Vec<String> = Vec::new();
    for level in ["read", "list"] {
        let listed = run_json(
            &[
                "actions",
                "--rg-unsupported",
                "--access",
                level,
                "--matching",
                "cr:*",
                "--format",
                "json",
            ],
            None,
            0,
        );
        expected.extend(
            listed
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["action"].as_str().unwrap().to_owned()),
        );
    }
    expected.sort();
    assert_eq!(actions, &expected);
    assert!(actions.contains(&"cr:GetRepoTagManifest".to_owned()));
    assert!(actions.contains(&"cr:ListChartNamespace".to_owned()));

    let all = generate(&["--rg-unsupported"], None);
    let (all_actions, _) = &statements(&all[0]["document"])[0];
    assert_eq!(
        all_actions.iter().filter(|a| a.starts_with("cr:")).count(),
        72
    );
    assert!(all_actions.contains(&"cr:DeleteInstance".to_owned()));

    let human = run_ok(
        &["generate", "--rg-unsupported", "--access", "read"],
        None,
        0,
    );
    assert!(
        human.starts_with("# attach at account level: the read and list Actions without resource-group-level authorization, which a policy attached at a resource group cannot grant\n{\n  \"Statement\": [\n    {\n      \"Action\": [\n        \"cr:GetAccessVpcLink\",\n"),
        "{human}"
    );
}

#[test]
fn json_output_is_an_array_of_attachments() {
    let out = run_json(&["generate", "ListInstance", "--format", "json"], None, 0);
    assert_eq!(
        out,
        json!([{
            "attach": "account",
            "reason": "the requested Actions",
            "document": {
                "Version": "1",
                "Statement": [{"Effect": "Allow", "Action": ["cr:ListInstance"], "Resource": ["*"]}]
            }
        }])
    );
}

#[test]
fn help_shows_examples() {
    let help = run_ok(&["generate", "--help"], None, 0);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("ramctl generate --rg-unsupported --access read"),
        "{help}"
    );
    for option in [
        "--file",
        "--region",
        "--account",
        "--instance",
        "--namespace",
        "--repository",
        "--chart-namespace",
        "--chart-repository",
        "--scope",
        "--rg-unsupported",
        "--access",
        "--format",
    ] {
        assert!(help.contains(option), "{option}: {help}");
    }
}

/// Any service's names, looked up within it by `--service`, and any template parameter by
/// `--param NAME=VALUE`.
#[test]
fn any_service_is_generated_with_service_and_param() {
    let out = generate(
        &[
            "--service",
            "kms",
            "Decrypt",
            "kms:Encrypt",
            "--param",
            "key=k-1",
            "--region",
            "cn-hangzhou",
        ],
        None,
    );
    assert_eq!(out.len(), 1);
    assert_eq!(
        statements(&out[0]["document"]),
        [pair(
            &["kms:Decrypt", "kms:Encrypt"],
            &["acs:kms:cn-hangzhou:*:key/k-1"]
        )]
    );
    // The Action (not its API) needs every resource it is authorized against.
    let anywhere = generate(&["kms:Decrypt"], None);
    assert_eq!(
        statements(&anywhere[0]["document"]),
        [pair(
            &["kms:Decrypt"],
            &["acs:kms:*:*:key/*", "acs:kms:*:*:secret/*"]
        )]
    );
}

#[test]
fn bad_services_and_params_are_errors_that_say_why() {
    assert_eq!(
        run_bad(&["generate", "--service", "kmz", "Decrypt"], None),
        ["--service: unknown service `kmz`; did you mean `kms`?"]
    );
    assert_eq!(
        run_bad(&["generate", "--service", "kms", "cr:GetInstance"], None),
        ["unknown action `cr:GetInstance`"],
        "another service's Action is not one of `kms`"
    );
    assert_eq!(
        run_bad(
            &[
                "generate",
                "kms:Decrypt",
                "--param",
                "bucket=logs",
                "--param",
                "key"
            ],
            None
        ),
        ["`--param key`: expected `NAME=VALUE`"]
    );
    assert_eq!(
        run_bad(&["generate", "kms:Decrypt", "--param", "bucket=logs"], None),
        [
            "`--param bucket=logs`: no ARN template of the named Actions has a parameter `bucket`; theirs are `account`, `key`, `region`, `secret`"
        ]
    );
    assert_eq!(
        run_bad(&["generate", "kms:Decrypt", "--param", "key=a/b"], None).len(),
        1
    );
}
