//! A crate of its own applying the bindings macro to its own spec.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use ram_core::{AccessLevel, AnyResource, Operation};
use zoo_bindings::{Action, Api, ArnTemplate, ResourceGroupType, arn, ops};

#[test]
fn the_spec_is_what_the_page_scrapes_to() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked_in = std::fs::read_to_string(root.join("spec.json")).unwrap();
    let html = std::fs::read_to_string(root.join("zoo.en.html")).unwrap();
    let service = ram_spec::Service {
        code: "zoo".into(),
        name: "Zoo".into(),
    };
    let mut spec = ram_scrape::scrape(
        service,
        &[ram_scrape::Page::new(
            "crates/zoo-bindings/zoo.en.html",
            &html,
        )],
    )
    .unwrap();
    spec.generated = ram_spec::Spec::from_json(&checked_in).unwrap().generated;
    assert_eq!(
        spec.to_canonical_json().unwrap(),
        checked_in,
        "spec.json is stale: run the command in its `@generated` key"
    );
}

#[test]
fn the_generated_items_follow_the_zoo_spec() {
    assert_eq!(Api::ALL, [Api::FeedAnimal, Api::GetCage, Api::ListCages]);
    assert_eq!(Action::ALL.len(), 4);
    assert_eq!(Api::FeedAnimal.action(), Action::UpdateAnimal);
    assert_eq!(Api::ListCages.resource_template(), None);
    assert_eq!(Action::GetKeeper.access_level(), AccessLevel::Read);
    assert!(Action::GetKeeper.access_level_inferred());
    assert!(!Action::ListCages.supports_resource_group_authorization());
    assert!(Action::GetCage.supports_resource_group_authorization());
    assert_eq!(
        ArnTemplate::Cage.resource_group_type(),
        Some(ResourceGroupType::Cage)
    );
    assert_eq!(ArnTemplate::CageAnimal.resource_group_type(), None);
    let animal = arn::CageAnimal::new("eu-1", "42", "c-7", "rex");
    assert_eq!(animal.to_string(), "acs:zoo:eu-1:42:cage/c-7/rex");
    assert_eq!(animal, "acs:zoo:eu-1:42:cage/c-7/rex".parse().unwrap());
    assert_eq!(ops::FeedAnimal::ACCESS_LEVEL, AccessLevel::Write);
    let _: <ops::ListCages as Operation>::Resource = AnyResource;
    assert_eq!("ZOO:getcage".parse::<Action>().unwrap(), Action::GetCage);
}
