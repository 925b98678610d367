//! Behaviour of the generated `cr` bindings.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_core::arn::Part;
use ram_core::{AccessLevel, AnyResource, Authorizer, Operation};
use ram_cr::{Action, Api, ArnTemplate, ResourceGroupType, arn, ops};

#[test]
fn counts_match_the_documentation() {
    assert_eq!(Api::ALL.len(), 73);
    assert_eq!(Action::ALL.len(), 132);
    assert_eq!(ArnTemplate::ALL.len(), 12);
    assert_eq!(ResourceGroupType::ALL.len(), 5);
    let without_rg = Action::ALL
        .iter()
        .filter(|a| !a.supports_resource_group_authorization())
        .count();
    assert_eq!(without_rg, 72);
}

#[test]
fn apis_map_to_their_action_resource_and_level() {
    assert_eq!(
        Api::GetRepoTagManifest.action(),
        Action::GetRepositoryManifest
    );
    assert_eq!(
        Api::GetRepoTagManifest.resource_template(),
        Some(ArnTemplate::Repository)
    );
    assert_eq!(Api::ListInstance.resource_template(), None);
    assert_eq!(Api::ListRepoSyncTask.access_level(), AccessLevel::List);
    assert_eq!(
        Api::UpdateNamespace.resource_template(),
        Some(ArnTemplate::ChartNamespace)
    );
    assert_eq!(Api::GetInstance.as_str(), "GetInstance");
}

#[test]
fn actions_know_their_apis_resources_levels_and_rg_support() {
    assert_eq!(
        Action::GetScan.apis(),
        [Api::GetRepoTagScanTask, Api::GetScan]
    );
    assert_eq!(
        Action::ListInstance.apis(),
        [Api::GetInstanceCount, Api::ListInstance]
    );
    assert!(Action::ListInstance.any_resource());
    assert!(Action::ListInstance.resource_templates().is_empty());
    assert_eq!(
        Action::GetNamespace.resource_templates(),
        [
            ArnTemplate::ChartNamespace,
            ArnTemplate::RepositoryNamespace
        ]
    );
    // The conflicting levels of cr:GetRepositorySync resolve to the higher class.
    assert_eq!(Action::GetRepositorySync.access_level(), AccessLevel::Read);
    assert!(!Action::GetRepositorySync.access_level_inferred());
    // An Action only the resource-group page names.
    assert!(Action::GetRepoTagManifest.apis().is_empty());
    assert!(Action::GetRepoTagManifest.access_level_inferred());
    assert_eq!(Action::GetRepoTagManifest.access_level(), AccessLevel::Read);
    assert!(!Action::GetRepoTagManifest.supports_resource_group_authorization());
    assert!(Action::PullRepository.supports_resource_group_authorization());
    assert_eq!(
        Action::CancelRepoSyncTask.description(),
        Some("Cancels a sync task.")
    );
    assert_eq!(Action::CancelArtifactDeleteTagTask.description(), None);
}

#[test]
fn actions_parse_case_insensitively_and_suggest_close_names() {
    assert_eq!(
        "cr:PullRepository".parse::<Action>().unwrap(),
        Action::PullRepository
    );
    assert_eq!(
        "CR:PULLREPOSITORY".parse::<Action>().unwrap(),
        Action::PullRepository
    );
    let err = "cr:PullRepo".parse::<Action>().unwrap_err();
    assert_eq!(err.suggestions.first(), Some(&"cr:PullRepository"));
    assert!(
        err.to_string()
            .starts_with("unknown action `cr:PullRepo`; did you mean"),
        "{err}"
    );
    assert!(
        "PullRepository".parse::<Action>().is_err(),
        "the service prefix is required"
    );
    assert_eq!("GetInstance".parse::<Api>().unwrap(), Api::GetInstance);
    assert!("getinstance".parse::<Api>().is_err(), "api names are exact");
    const PULL: Action = Action::from_literal("cr:pullrepository");
    assert_eq!(PULL, Action::PullRepository);
}

#[test]
fn action_patterns_expand_like_ram() {
    let get = Action::matching("cr:Get*");
    assert!(get.iter().all(|a| a.as_str().starts_with("cr:Get")));
    assert_eq!(
        get.len(),
        Action::ALL
            .iter()
            .filter(|a| a.as_str().starts_with("cr:Get"))
            .count()
    );
    assert_eq!(Action::matching("*").len(), 132);
    assert_eq!(
        Action::matching("CR:PULL*"),
        [Action::PullChart, Action::PullRepository]
    );
    assert_eq!(Action::matching("cr:GetScan?"), Vec::<Action>::new());
    assert_eq!(Action::matching("cr:GetSca?"), [Action::GetScan]);
    assert!(Action::matching("ecs:*").is_empty());
}

#[test]
fn typed_arns_round_trip_and_name_the_wrong_segment() {
    let text = "acs:cr:cn-hangzhou:1234567890:repository/cri-abc/team-a/web";
    let repo: arn::Repository = text.parse().unwrap();
    assert_eq!(repo.namespace, "team-a");
    assert_eq!(repo.to_string(), text);
    assert_eq!(
        arn::Repository::new("cn-hangzhou", "1234567890", "cri-abc", "team-a", "web"),
        repo
    );

    let chart = arn::ChartRepository::new("r", "a", "i", "charts", "nginx");
    assert_eq!(chart.to_string(), "acs:cr:r:a:chart/i/charts/nginx");
    assert_eq!(chart.chart_namespace, "charts");

    let err = "acs:cr:r:a:chart/i/ns/web"
        .parse::<arn::Repository>()
        .unwrap_err();
    assert_eq!(err.segment, "resource type");
    let err = "acs:cr:r:a:repository/i/ns"
        .parse::<arn::Repository>()
        .unwrap_err();
    assert_eq!(err.segment, "repository");
    let err = "acs:cr:*:a:repository/i/ns/web"
        .parse::<arn::Repository>()
        .unwrap_err();
    assert_eq!(err.segment, "region");

    // The checked constructor refuses what `FromStr` refuses; `new` trusts its caller.
    assert_eq!(
        arn::Instance::try_new("cn-hangzhou", "1", "cri-1").unwrap(),
        arn::Instance::new("cn-hangzhou", "1", "cri-1")
    );
    assert_eq!(
        arn::Instance::try_new("cn-hangzhou", "1", "x/y")
            .unwrap_err()
            .segment,
        "instance"
    );
    assert_eq!(
        arn::Instance::try_new("", "1", "x").unwrap_err().segment,
        "region"
    );
    let all: arn::All = "acs:cr:cn-hangzhou:1:*".parse().unwrap();
    assert_eq!(all.region, "cn-hangzhou");
    let ns_all = arn::RepositoryNamespaceAll::new("r", "a", "i", "ns");
    assert_eq!(ns_all.to_string(), "acs:cr:r:a:repository/i/ns/*");
}

#[test]
fn patterns_allow_wildcards_in_any_parameter() {
    let pattern: arn::RepositoryPattern = "acs:cr:*:*:repository/cri-abc/team-*/*".parse().unwrap();
    assert_eq!(pattern.region, Part::Any);
    assert_eq!(pattern.namespace, Part::Value("team-*".into()));
    let repo: arn::Repository = "acs:cr:cn-hangzhou:1:repository/cri-abc/team-a/web"
        .parse()
        .unwrap();
    assert!(pattern.matches(&repo));
    let other: arn::Repository = "acs:cr:cn-hangzhou:1:repository/cri-abc/ops/web"
        .parse()
        .unwrap();
    assert!(!pattern.matches(&other));
    assert_eq!(
        pattern.to_string(),
        "acs:cr:*:*:repository/cri-abc/team-*/*"
    );
    assert!(repo.to_pattern().matches(&repo));
    assert_eq!(
        arn::RepositoryPattern::any().to_string(),
        "acs:cr:*:*:repository/*/*/*"
    );
}

#[test]
fn templates_fit_arns_segment_by_segment() {
    assert_eq!(
        ArnTemplate::fitting("acs:cr:*:*:repository/i/n/r"),
        [ArnTemplate::Repository]
    );
    assert_eq!(ArnTemplate::fitting("acs:cr:*:*:repo/i"), []);
    assert!(ArnTemplate::Instance.fits("acs:cr:cn-hangzhou:1:instance/cri-1"));
    assert_eq!(ArnTemplate::ChartNamespace.name(), "chart_namespace");
    assert_eq!(ArnTemplate::RepositoryNamespace.label(), Some("名前空間"));
    assert_eq!(
        ArnTemplate::ChartNamespace.resource_group_type(),
        Some(ResourceGroupType::ChartNamespace)
    );
    assert_eq!(
        ArnTemplate::RepositoryNamespace.resource_group_type(),
        Some(ResourceGroupType::Namespace)
    );
    // Templates ending in `*` name a set of resources, so they have no resource-group type.
    let wildcards: Vec<ArnTemplate> = ArnTemplate::ALL
        .into_iter()
        .filter(|t| t.as_str().ends_with('*'))
        .collect();
    assert_eq!(wildcards.len(), 5);
    assert!(wildcards.iter().all(|t| t.resource_group_type().is_none()));
}

#[test]
fn serde_goes_both_ways_through_the_documented_strings() {
    let json = serde_json::to_string(&(
        Action::PullRepository,
        Api::GetInstance,
        ArnTemplate::Instance,
    ))
    .unwrap();
    assert_eq!(
        json,
        r#"["cr:PullRepository","GetInstance","acs:cr:$regionid:$accountid:instance/$instanceid"]"#
    );
    let back: (Action, Api, ArnTemplate) = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back,
        (
            Action::PullRepository,
            Api::GetInstance,
            ArnTemplate::Instance
        )
    );
    let repo: arn::Repository = serde_json::from_str(r#""acs:cr:r:a:repository/i/n/w""#).unwrap();
    assert_eq!(
        serde_json::to_string(&repo).unwrap(),
        r#""acs:cr:r:a:repository/i/n/w""#
    );
    let err = serde_json::from_str::<Action>(r#""cr:Nope""#).unwrap_err();
    assert!(
        err.to_string().starts_with("unknown action `cr:Nope`"),
        "{err}"
    );
}

struct Recorder;

impl Authorizer for Recorder {
    type Principal = str;
    type Output = (String, String);

    fn authorize(&self, _principal: &str, action: &str, resource: &str) -> (String, String) {
        (action.to_owned(), resource.to_owned())
    }
}

#[test]
fn typed_operations_carry_api_action_level_and_resource_type() {
    assert_eq!(ops::PullRepository::API, Api::PullRepository);
    assert_eq!(
        ops::GetRepoTagManifest::ACTION,
        Action::GetRepositoryManifest
    );
    assert_eq!(ops::PushRepository::ACCESS_LEVEL, AccessLevel::Write);
    let repo = arn::Repository::new("r", "a", "i", "n", "w");
    assert_eq!(
        Recorder.check::<ops::PushRepository>("bob", &repo),
        (
            "cr:PushRepository".to_owned(),
            "acs:cr:r:a:repository/i/n/w".to_owned()
        )
    );
    assert_eq!(
        Recorder.check::<ops::ListInstance>("bob", &AnyResource).1,
        "*"
    );
    // Every operation agrees with its Api's mapping.
    fn agrees<O: Operation<Api = Api, Action = Action>>() -> bool {
        O::API.action() == O::ACTION && O::API.access_level() == O::ACCESS_LEVEL
    }
    assert!(agrees::<ops::UpdateNamespace>() && agrees::<ops::GetInstanceCount>());
}
