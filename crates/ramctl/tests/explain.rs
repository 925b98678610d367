//! `ramctl explain`: APIs and Actions with their sources and findings, unknown names.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

mod support;

use serde_json::json;
use support::{run_bad, run_json, run_ok, strings};

const JA_PAGE: &str = "ram-authorization.ja.html: \"Container Registry:RAM 認可情報\", last updated 2026-03-18, https://www.alibabacloud.com/help/ja/acr/user-guide/ram-authorization-information";

#[test]
fn the_human_explanation_of_an_api_is_exact() {
    let out = run_ok(&["explain", "PullRepository"], None, 0);
    assert_eq!(
        out,
        format!(
            "\
api `PullRepository`
  action:         `cr:PullRepository`
  resource:       acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname (repository)
  access level:   read
  documented in:  ram-authorization.ja.html, section `プル、プッシュ、および権限付与`, table 7, row 2
  pages:          {JA_PAGE}
  findings:       none
"
        )
    );
}

#[test]
fn an_api_authorized_against_star_and_one_with_a_finding() {
    let out = run_ok(&["explain", "ListInstance"], None, 0);
    assert!(
        out.contains("\n  resource:       * (not authorized at resource level)\n"),
        "{out}"
    );
    let value = run_json(&["explain", "UpdateNamespace", "--format", "json"], None, 0);
    assert_eq!(value["kind"], "api");
    assert_eq!(value["action"], "cr:UpdateNamespace");
    assert_eq!(
        value["resource"],
        "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename"
    );
    assert_eq!(value["access_level"], "write");
    assert_eq!(
        value["source"],
        json!({
            "source": "ram-authorization.ja.html",
            "title": "Container Registry:RAM 認可情報",
            "url": "https://www.alibabacloud.com/help/ja/acr/user-guide/ram-authorization-information",
            "updated": "2026-03-18",
            "section": "名前空間",
            "table": 4,
            "row": 5,
        })
    );
    assert_eq!(value["findings"][0]["kind"], "resource-family-mismatch");
    assert_eq!(value["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn an_action_named_only_by_the_resource_group_page() {
    let value = run_json(
        &["explain", "CR:getrepotagmanifest", "--format", "json"],
        None,
        0,
    );
    assert_eq!(value["kind"], "action");
    assert_eq!(value["action"], "cr:GetRepoTagManifest");
    assert_eq!(value["apis"], json!([]));
    assert_eq!(value["resources"], json!([]));
    assert_eq!(value["access_level"], "read");
    assert_eq!(value["access_level_inferred"], true);
    assert_eq!(value["resource_group_authorization"], false);
    assert_eq!(value["description"], json!(null));
    assert_eq!(value["sources"][0]["source"], "resource-groups.en.html");
    assert_eq!(value["sources"][0]["row"], 38);
    assert_eq!(value["findings"][0]["kind"], "action-resembles-api");
    assert_eq!(
        strings(&value["findings"][0]["related"]),
        ["GetRepoTagManifest", "cr:GetRepositoryManifest"]
    );

    let out = run_ok(&["explain", "cr:GetRepoTagManifest"], None, 0);
    for line in [
        "action `cr:GetRepoTagManifest`\n",
        "\n  apis:                          none: no page documents an api authorized as it\n",
        "\n  access level:                  read (inferred from the verb of its name: no page documents it)\n",
        "\n  resource-group authorization:  not supported: a policy attached at a resource group has no effect on it; grant it at account level\n",
        "\n  findings:                      action-resembles-api: no api documents `cr:GetRepoTagManifest`",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // The api of the same name is another thing, and the same finding mentions it.
    let api = run_json(
        &["explain", "GetRepoTagManifest", "--format", "json"],
        None,
        0,
    );
    assert_eq!(api["action"], "cr:GetRepositoryManifest");
    assert_eq!(api["findings"][0]["subject"], "cr:GetRepoTagManifest");
}

#[test]
fn an_action_with_several_apis_and_conflicting_levels() {
    let value = run_json(
        &["explain", "cr:GetRepositorySync", "--format", "json"],
        None,
        0,
    );
    assert_eq!(
        strings(&value["apis"]),
        ["GetRepoSyncTask", "ListRepoSyncTask"]
    );
    assert_eq!(value["access_level"], "read");
    assert_eq!(value["access_level_inferred"], false);
    assert_eq!(value["resource_group_authorization"], true);
    assert_eq!(value["sources"].as_array().unwrap().len(), 2);
    assert_eq!(value["findings"][0]["kind"], "conflicting-access-levels");
    let star = run_json(&["explain", "cr:ListInstance", "--format", "json"], None, 0);
    assert_eq!(strings(&star["resources"]), ["*"]);
}

#[test]
fn unknown_names_exit_2_with_suggestions() {
    assert_eq!(
        run_bad(&["explain", "PullRepo"], None),
        ["unknown api `PullRepo`; did you mean one of `PullRepository`, `PullChart`?"]
    );
    assert_eq!(
        run_bad(
            &["explain", "cr:GetRepoTagManifests", "--format", "json"],
            None
        ),
        [
            "unknown action `cr:GetRepoTagManifests`; did you mean one of `cr:GetRepoTagManifest`, `cr:GetRepositoryManifest`, `cr:GetRepositoryTag`?"
        ]
    );
    assert_eq!(
        run_bad(&["explain", "GetRepositoryManifest"], None),
        [
            "unknown api `GetRepositoryManifest`; did you mean one of `cr:GetRepositoryManifest`, `GetRepository`, `GetRepoTagManifest`?"
        ]
    );
}

#[test]
fn help_shows_examples() {
    let help = run_ok(&["explain", "--help"], None, 0);
    assert!(help.contains("Examples:"), "{help}");
    assert!(
        help.contains("ramctl explain cr:GetRepoTagManifest"),
        "{help}"
    );
}
