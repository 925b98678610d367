//! `ramctl actions` and `ramctl apis`: the JSON contracts, filters and tables.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use serde_json::Value;
use support::{run_bad, run_json, run_ok, strings};

const LEVELS: &[&str] = &[
    "list",
    "read",
    "get",
    "write",
    "create",
    "update",
    "delete",
    "permissions-management",
];

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn apis_json_has_every_api_with_its_action_resource_and_level() {
    let apis = run_json(&["apis", "--service", "cr", "--format", "json"], None, 0);
    let list = apis.as_array().unwrap();
    assert_eq!(list.len(), 73);
    let mut sorted = names(&apis, "api");
    sorted.sort();
    assert_eq!(names(&apis, "api"), sorted, "in name order");
    for api in list {
        for key in ["api", "action", "resource", "access_level"] {
            assert!(api[key].is_string(), "{key}: {api}");
        }
        assert!(api["action"].as_str().unwrap().starts_with("cr:"), "{api}");
        let resource = api["resource"].as_str().unwrap();
        assert!(
            resource == "*" || resource.starts_with("acs:cr:$regionid:$accountid:"),
            "{api}"
        );
        assert!(
            LEVELS.contains(&api["access_level"].as_str().unwrap()),
            "{api}"
        );
    }
    let find = |name: &str| list.iter().find(|a| a["api"] == name).unwrap().clone();
    let manifest = find("GetRepoTagManifest");
    assert_eq!(manifest["action"], "cr:GetRepositoryManifest");
    assert_eq!(manifest["access_level"], "read");
    assert_eq!(
        manifest["resource"],
        "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname"
    );
    assert_eq!(find("ListInstance")["resource"], "*");
    assert_eq!(find("ListInstance")["access_level"], "list");
}

#[test]
fn actions_json_has_every_action_with_its_facts() {
    // The catalog holds every service; these facts are those of `cr`.
    let actions = run_json(
        &["actions", "--matching", "cr:*", "--format", "json"],
        None,
        0,
    );
    let list = actions.as_array().unwrap();
    assert_eq!(list.len(), 132);
    for action in list {
        assert!(action["action"].as_str().unwrap().starts_with("cr:"));
        assert!(LEVELS.contains(&action["access_level"].as_str().unwrap()));
        assert!(action["access_level_inferred"].is_boolean());
        assert!(action["resource_group_authorization"].is_boolean());
        assert!(action["resources"].is_array());
        assert!(action["apis"].is_array());
        // An Action only the resource-group page names has no API and an inferred level.
        assert_eq!(
            action["apis"].as_array().unwrap().is_empty(),
            action["access_level_inferred"] == true,
            "{action}"
        );
    }
    let find = |name: &str| list.iter().find(|a| a["action"] == name).unwrap().clone();
    let create = find("cr:CreateNamespace");
    assert_eq!(
        strings(&create["resources"]),
        [
            "acs:cr:$regionid:$accountid:chart/$instanceid",
            "acs:cr:$regionid:$accountid:repository/$instanceid"
        ]
    );
    assert_eq!(
        strings(&create["apis"]),
        ["CreateChartNamespace", "CreateNamespace"]
    );
    assert_eq!(strings(&find("cr:ListInstance")["resources"]), ["*"]);
    let inferred = find("cr:GetRepoTagManifest");
    assert_eq!(inferred["access_level_inferred"], true);
    assert_eq!(inferred["resource_group_authorization"], false);
    assert_eq!(inferred["resources"], serde_json::json!([]));
    let counted = |flag: &str, value: bool| list.iter().filter(|a| a[flag] == value).count();
    assert_eq!(counted("access_level_inferred", true), 72);
    assert_eq!(counted("resource_group_authorization", false), 72);
}

#[test]
fn actions_filters_combine() {
    let reads = run_json(
        &["actions", "--access", "read", "--format", "json"],
        None,
        0,
    );
    assert!(
        reads
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["access_level"] == "read")
    );
    let unsupported = run_json(
        &[
            "actions",
            "--rg-unsupported",
            "--matching",
            "cr:*",
            "--format",
            "json",
        ],
        None,
        0,
    );
    assert_eq!(unsupported.as_array().unwrap().len(), 72);
    assert!(
        unsupported
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["resource_group_authorization"] == false)
    );
    let mut read_only = 0;
    for level in ["read", "list"] {
        let found = run_json(
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
        read_only += found.as_array().unwrap().len();
    }
    assert_eq!(read_only, 37);

    let gets = run_json(
        &["actions", "--matching", "CR:get*", "--format", "json"],
        None,
        0,
    );
    let all = run_json(&["actions", "--format", "json"], None, 0);
    let expected: Vec<String> = names(&all, "action")
        .into_iter()
        .filter(|a| a.starts_with("cr:Get"))
        .collect();
    assert_eq!(names(&gets, "action"), expected);
    let pulls = run_json(
        &[
            "actions",
            "--matching",
            "cr:Pu?l*",
            "--access",
            "read",
            "--format",
            "json",
        ],
        None,
        0,
    );
    assert_eq!(
        names(&pulls, "action"),
        ["cr:PullChart", "cr:PullRepository"]
    );
    let none = run_json(
        &[
            "actions",
            "--matching",
            "cr:Pull*",
            "--access",
            "write",
            "--format",
            "json",
        ],
        None,
        0,
    );
    assert_eq!(none, serde_json::json!([]));
}

#[test]
fn a_pattern_that_matches_nothing_exits_2() {
    assert_eq!(
        run_bad(&["actions", "--matching", "Get*"], None),
        [
            "the pattern `Get*` matches no known action; did you mean one of `alikafka:Get*`, `cr:Get*`, `dfs:Get*`?"
        ]
    );
    assert_eq!(
        run_bad(&["actions", "--matching", "PullRepo*"], None),
        ["the pattern `PullRepo*` matches no known action; did you mean `cr:PullRepo*`?"]
    );
    assert_eq!(
        run_bad(&["actions", "--matching", "cr:Frob*"], None),
        ["the pattern `cr:Frob*` matches no known action"]
    );
    let usage = run_bad(&["actions", "--access", "admin"], None);
    assert!(usage[0].contains("admin"), "{usage:?}");
}

#[test]
fn the_actions_table_of_a_small_case_is_exact() {
    let out = run_ok(&["actions", "--matching", "cr:Pu*"], None, 0);
    assert_eq!(
        out,
        "\
ACTION             ACCESS  RG   RESOURCES         APIS
cr:PullChart       read    yes  chart_repository  PullChart
cr:PullRepository  read    yes  repository        PullRepository
cr:PushChart       write   yes  chart_repository  PushChart
cr:PushRepository  write   yes  repository        PushRepository
cr:PutScan         write   yes  repository        PutScan

5 actions
"
    );
    let out = run_ok(&["actions", "--matching", "cr:*Manifest"], None, 0);
    assert_eq!(
        out,
        "\
ACTION                    ACCESS  RG   RESOURCES   APIS
cr:GetRepoTagManifest     read*   no   -           -
cr:GetRepositoryManifest  read    yes  repository  GetRepoTagManifest

2 actions (* access level inferred from the verb: no page documents it)
"
    );
}

#[test]
fn the_apis_table_is_aligned() {
    let out = run_ok(&["apis", "--service", "CR"], None, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 73 + 2);
    assert_eq!(
        lines[0],
        "API                                    ACTION                                    ACCESS  RESOURCE"
    );
    assert_eq!(
        lines[1],
        "CancelRepoBuildRecord                  cr:CancelBuildRepository                  write   acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname"
    );
    assert!(lines.contains(
        &"ListInstance                           cr:ListInstance                           list    *"
    ));
    assert_eq!(&lines[74..], ["", "73 apis"]);
    let column = lines[0].find("ACTION").unwrap();
    for line in &lines[1..74] {
        assert_eq!(line.find(" cr:").map(|i| i + 1), Some(column), "{line}");
    }
}

/// `--service` keeps one service of the catalog; without it every service's APIs are listed,
/// by service code; an unknown code is bad input with the closest codes.
#[test]
fn service_filters_apis_and_actions_and_an_unknown_code_is_bad_input() {
    let all = run_json(&["apis", "--format", "json"], None, 0);
    let domain = run_json(
        &["apis", "--service", "domain", "--format", "json"],
        None,
        0,
    );
    let domain_names = names(&domain, "action");
    assert!(!domain_names.is_empty());
    assert!(
        domain_names.iter().all(|a| a.starts_with("domain:")),
        "{domain_names:?}"
    );
    // Every API of the whole list is in exactly its service's list.
    let mut codes: Vec<String> = names(&all, "action")
        .iter()
        .map(|a| a.split(':').next().unwrap().to_owned())
        .collect();
    codes.dedup();
    assert!(codes.len() >= 3, "{codes:?}");
    let per_service: usize = codes
        .iter()
        .map(|code| {
            let list = run_json(&["apis", "--service", code, "--format", "json"], None, 0);
            list.as_array().unwrap().len()
        })
        .sum();
    assert_eq!(all.as_array().unwrap().len(), per_service);
    let reads = run_json(
        &[
            "actions",
            "--service",
            "ecs",
            "--access",
            "read",
            "--format",
            "json",
        ],
        None,
        0,
    );
    let reads = names(&reads, "action");
    assert!(
        reads.contains(&"ecs:DescribeInstances".to_owned()),
        "{reads:?}"
    );
    assert!(reads.iter().all(|a| a.starts_with("ecs:")), "{reads:?}");
    let decrypt = run_ok(&["explain", "--service", "kms", "Decrypt"], None, 0);
    assert!(decrypt.starts_with("api `Decrypt`\n"), "{decrypt}");
    let action = run_ok(&["explain", "--service", "KMS", "decrypt"], None, 0);
    assert!(action.contains("`kms:Decrypt`"), "{action}");
    assert_eq!(
        run_bad(&["explain", "--service", "ecss", "Decrypt"], None),
        ["unknown service `ecss`; did you mean `ecs`?"]
    );
    for command in ["apis", "actions"] {
        let err = run_bad(&[command, "--service", "ecss"], None);
        assert_eq!(
            err,
            ["unknown service `ecss`; did you mean `ecs`?"],
            "{command}"
        );
    }
}

#[test]
fn help_shows_examples() {
    let help = run_ok(&["actions", "--help"], None, 0);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("ramctl actions --matching 'cr:Get*'"),
        "{help}"
    );
    assert!(help.contains("permissions-management"), "{help}");
    let help = run_ok(&["apis", "--help"], None, 0);
    assert!(help.contains("ramctl apis --format json"), "{help}");
    let help = run_ok(&["--help"], None, 0);
    for command in ["lint", "generate", "explain", "actions", "apis", "simulate"] {
        assert!(help.contains(&format!("  {command} ")), "{command}: {help}");
    }
    assert!(help.contains("Examples:"), "{help}");
}
