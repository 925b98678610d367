//! The crate has a module and a feature for every service with a spec, each module holds its
//! spec's Actions, and `AnyAction` handles every Action of every service.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::path::PathBuf;

use ram_services::{AnyAction, SERVICE_CODES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The services whose spec documents at least one Action, with their Action counts.
fn specs() -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root().join("generated")).unwrap() {
        let path = entry.unwrap().path().join("spec.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
        let actions = spec["actions"].as_array().map_or(0, Vec::len);
        if actions > 0 {
            found.push((
                spec["service"]["code"].as_str().unwrap().to_owned(),
                actions,
            ));
        }
    }
    found.sort();
    found
}

#[test]
fn every_service_with_actions_has_a_module_and_a_feature() {
    let codes: Vec<String> = specs().into_iter().map(|(code, _)| code).collect();
    assert_eq!(
        SERVICE_CODES, codes,
        "the `services!` list of crates/ram-services/src/lib.rs must name every service of generated/ with Actions: add a row `Variant code \"code\" \"../../generated/code/spec.json\";`"
    );
    let manifest = std::fs::read_to_string(root().join("crates/ram-services/Cargo.toml")).unwrap();
    let all_line = manifest
        .lines()
        .find(|l| l.starts_with("all = ["))
        .expect("Cargo.toml has an `all` feature");
    for code in &codes {
        assert!(
            manifest.lines().any(|l| l == format!("{code} = []")),
            "crates/ram-services/Cargo.toml has no feature `{code} = []`"
        );
        assert!(
            all_line.contains(&format!("\"{code}\"")),
            "the `all` feature of crates/ram-services/Cargo.toml does not name `{code}`"
        );
    }
}

#[test]
fn the_modules_hold_their_specs_actions_and_any_action_all_of_them() {
    let all = AnyAction::all();
    for (code, count) in specs() {
        let of_service: Vec<&AnyAction> = all.iter().filter(|a| a.service() == code).collect();
        assert_eq!(of_service.len(), count, "{code}");
    }
    assert_eq!(ram_services::catalogs().len(), SERVICE_CODES.len());
    for action in &all {
        let parsed: AnyAction = action.as_str().to_uppercase().parse().unwrap();
        assert_eq!(parsed, *action);
        assert_eq!(parsed.to_string(), action.as_str());
    }
}

#[test]
fn names_that_collide_across_services_stay_apart() {
    // SLB's pages document the ECS instances behind a load balancer with their own template.
    let text = "acs:ecs:cn-hangzhou:1:instance/i-1";
    let ecs: ram_services::ecs::arn::Instance = text.parse().unwrap();
    let slb: ram_services::slb::arn::Instance = text.parse().unwrap();
    assert_eq!(ecs.to_string(), slb.to_string());
    assert_ne!(type_name_of(&ecs), type_name_of(&slb));
}

fn type_name_of<T>(_: &T) -> &'static str {
    std::any::type_name::<T>()
}

#[test]
fn unknown_actions_are_refused_with_suggestions_across_services() {
    let error = "kms:Decrpt".parse::<AnyAction>().unwrap_err();
    assert_eq!(error.suggestions.first(), Some(&"kms:Decrypt"));
    assert!("nosuch:Thing".parse::<AnyAction>().is_err());
    assert!("Decrypt".parse::<AnyAction>().is_err());
    assert_eq!(
        AnyAction::find("ECS:RunInstances").map(AnyAction::access_level),
        Some(ram_core::AccessLevel::Write)
    );
}
