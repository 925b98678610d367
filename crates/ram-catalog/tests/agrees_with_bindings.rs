//! The catalog read from `generated/cr/spec.json` answers exactly as the typed bindings
//! generated from the same spec do (this was `ram_policy::SpecCatalog`'s test, against the one
//! spec it read). The catalog holds every service, so each comparison takes its `cr` part.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_catalog::Catalog;
use ram_core::Catalog as _;

fn catalog() -> &'static Catalog {
    Catalog::embedded().unwrap()
}

#[test]
fn agrees_with_the_generated_catalog() {
    let from_spec = catalog();
    let generated = ram_cr::Service;
    assert!(from_spec.covers(ram_cr::SERVICE) && generated.covers(ram_cr::SERVICE));
    assert!(from_spec.covers("CR") && !from_spec.covers("nosuchservice"));
    let cr_actions: Vec<&str> = ram_core::Catalog::actions(from_spec)
        .into_iter()
        .filter(|a| a.starts_with("cr:"))
        .collect();
    assert_eq!(cr_actions, generated.actions());
    let cr_templates: Vec<&str> = from_spec
        .templates()
        .into_iter()
        .filter(|t| t.starts_with("acs:cr:"))
        .collect();
    assert_eq!(cr_templates, generated.templates());
    for action in generated.actions() {
        assert_eq!(
            from_spec.action_info(action),
            generated.action_info(action),
            "{action}"
        );
        assert_eq!(
            ram_core::Catalog::action_supports_resource_groups(from_spec, action),
            generated.action_supports_resource_groups(action)
        );
    }
    for template in generated.templates() {
        assert_eq!(
            from_spec.template_supports_resource_groups(template),
            generated.template_supports_resource_groups(template),
            "{template}"
        );
    }
    for resource in [
        "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web",
        "acs:cr:cn-hangzhou:1:repository/cri-1/*",
        "acs:cr:cn-hangzhou:1:chart/cri-1/charts",
        "acs:cr:cn-hangzhou:1:instance/cri-1",
        "acs:CR:cn-hangzhou:1:instance/cri-1",
        "acs:ecs:cn-hangzhou:1:instance/i-1",
        "*",
    ] {
        assert_eq!(
            from_spec.resource_supports_resource_groups(resource),
            generated.resource_supports_resource_groups(resource),
            "{resource}"
        );
    }
}

/// Every lookup answers as the typed enums do: APIs, their Actions and templates, Actions and
/// their APIs, templates, names and descriptions.
#[test]
fn lookups_agree_with_the_typed_enums() {
    let cr = catalog().service("Cr").unwrap();
    assert_eq!(cr.code(), ram_cr::SERVICE);
    assert_eq!(cr.name(), ram_cr::SERVICE_NAME);
    assert_eq!(cr.apis().len(), ram_cr::Api::ALL.len());
    for (api, typed) in cr.apis().zip(ram_cr::Api::ALL) {
        assert_eq!(api.name(), typed.as_str());
        assert_eq!(
            api.action().map(|a| a.name()),
            Some(typed.action().as_str())
        );
        assert_eq!(api.action_name(), typed.action().as_str());
        assert_eq!(
            api.resource_template().map(|t| t.text()),
            typed.resource_template().map(|t| t.as_str())
        );
        assert_eq!(api.access_level(), typed.access_level());
        assert_eq!(
            catalog().api("cr", typed.as_str()).map(|a| a.name()),
            Some(typed.as_str())
        );
        assert_eq!(
            catalog().find_api(typed.as_str()).map(|a| a.name()),
            Some(typed.as_str())
        );
    }
    for (action, typed) in cr.actions().zip(ram_cr::Action::ALL) {
        assert_eq!(action.name(), typed.as_str());
        assert_eq!(action.description(), typed.description());
        assert_eq!(
            action.supports_resource_group_authorization(),
            typed.supports_resource_group_authorization()
        );
        let apis: Vec<&str> = action.apis().map(|a| a.name()).collect();
        let typed_apis: Vec<&str> = typed.apis().iter().map(|a| a.as_str()).collect();
        assert_eq!(apis, typed_apis);
        let names: Vec<&str> = action.templates().map(|t| t.name()).collect();
        let typed_names: Vec<&str> = typed
            .resource_templates()
            .iter()
            .map(|t| t.name())
            .collect();
        assert_eq!(names, typed_names);
        let upper = typed.as_str().to_ascii_uppercase();
        assert_eq!(
            catalog().action(&upper).map(|a| a.name()),
            Some(typed.as_str())
        );
    }
    for (template, typed) in cr.templates().zip(ram_cr::ArnTemplate::ALL) {
        assert_eq!(template.text(), typed.as_str());
        assert_eq!(template.name(), typed.name());
        assert_eq!(
            template.supports_resource_groups(),
            typed.resource_group_type().is_some()
        );
        assert_eq!(
            catalog().template(typed.as_str()).map(|t| t.name()),
            Some(typed.name())
        );
    }
    assert!(catalog().action("cr:PullRepo").is_none());
    assert!(catalog().api("ecs", "PullRepository").is_none());
    assert!(
        catalog().api("cr", "pullrepository").is_none(),
        "APIs are named exactly"
    );
}

/// A template fits the ARNs and ARN patterns the typed `ArnTemplate::fits` accepts, and no
/// others.
#[test]
fn templates_fit_as_the_typed_templates_do() {
    let inputs = [
        "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web",
        "acs:cr:cn-hangzhou:1:repository/cri-1/ns",
        "acs:cr:*:*:repository/cri-1/*/*",
        "acs:cr:*:*:repository/*",
        "acs:cr:cn-hangzhou:1:instance/cri-1",
        "acs:cr:cn-hangzhou:1:instance/*",
        "acs:cr:*:1:*",
        "acs:cr:cn-hangzhou:1:chart/cri-1/charts/web",
        "acs:cr:cn-hangzhou:1:chart/cri-1/charts",
        "acs:cr:cn-hangzhou:1:repository/cri 1/ns/web",
        "acs:cr:r:a/b:instance/cri-1",
        "acs:ecs:cn-hangzhou:1:instance/cri-1",
        "arn:cr:cn-hangzhou:1:instance/cri-1",
        "*",
    ];
    let cr = catalog().service("cr").unwrap();
    let mut fits = 0;
    for (template, typed) in cr.templates().zip(ram_cr::ArnTemplate::ALL) {
        for input in inputs {
            assert_eq!(
                template.fits(input),
                typed.fits(input),
                "{input} on {typed}"
            );
            fits += usize::from(typed.fits(input));
        }
    }
    assert!(fits > 5, "the inputs fit some templates: {fits}");
}

/// Patterns match as the typed `Action::matching` does, in any case.
#[test]
fn patterns_match_as_the_typed_actions_do() {
    for pattern in [
        "cr:Get*",
        "CR:get*",
        "cr:*",
        "*",
        "c?:Pull*",
        "cr:P??hRepository",
        "ecs:*",
        "cr:Nope*",
    ] {
        let found: Vec<&str> = catalog()
            .matching(pattern)
            .map(|a| a.name())
            .filter(|name| name.starts_with("cr:"))
            .collect();
        let typed: Vec<&str> = ram_cr::Action::matching(pattern)
            .iter()
            .map(|a| a.as_str())
            .collect();
        assert_eq!(found, typed, "{pattern}");
    }
}
