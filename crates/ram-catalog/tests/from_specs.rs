//! Catalogs of specs of one's own: several services side by side, service-qualified lookups,
//! and the errors of a bad set of specs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_catalog::{Catalog, CatalogError};
use ram_core::Catalog as _;
use ram_spec::Spec;

fn zoo() -> Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../zoo-bindings/spec.json");
    Spec::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn cr() -> Spec {
    Catalog::embedded()
        .unwrap()
        .service("cr")
        .unwrap()
        .spec()
        .clone()
}

#[test]
fn two_services_answer_side_by_side() {
    let both = Catalog::from_specs([zoo(), cr()]).unwrap();
    let codes: Vec<&str> = both.services().iter().map(|s| s.code()).collect();
    assert_eq!(codes, ["cr", "zoo"], "services are sorted by code");
    assert!(both.covers("ZOO") && both.covers("cr") && !both.covers("ecs"));
    let zoo_actions = both.service("zoo").unwrap().actions().len();
    let cr_actions = both.service("cr").unwrap().actions().len();
    assert_eq!(
        ram_core::Catalog::actions(&both).len(),
        zoo_actions + cr_actions
    );
    assert!(both.matching("zoo:*").all(|a| a.service().code() == "zoo"));
    assert_eq!(both.matching("zoo:*").count(), zoo_actions);
    assert_eq!(both.matching("*").count(), zoo_actions + cr_actions);
    let feed = both.api("zoo", "FeedAnimal").unwrap();
    assert_eq!(feed.action().map(|a| a.name()), Some("zoo:UpdateAnimal"));
    assert!(both.api("cr", "FeedAnimal").is_none());
    // Templates are per service: a `zoo` ARN is checked against `zoo` templates only.
    assert!(
        both.service_templates("zoo")
            .iter()
            .all(|t| t.starts_with("acs:zoo:"))
    );
    assert!(!both.service_templates("zoo").is_empty());
    assert!(both.service_templates("ecs").is_empty());
}

#[test]
fn a_service_described_twice_is_an_error() {
    let err = Catalog::from_specs([zoo(), zoo()]).unwrap_err();
    assert_eq!(err, CatalogError::DuplicateService("zoo".to_owned()));
    assert_eq!(err.to_string(), "two specs describe the service `zoo`");
}

#[test]
fn an_empty_catalog_knows_nothing() {
    let empty = Catalog::from_specs([]).unwrap();
    assert!(empty.action("cr:PullRepository").is_none());
    assert!(!empty.covers("cr"));
    assert!(!empty.resource_supports_resource_groups("acs:cr:cn-hangzhou:1:repository/a/b/c"));
    assert_eq!(empty.matching("*").count(), 0);
}
