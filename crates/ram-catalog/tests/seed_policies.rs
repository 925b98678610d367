//! The policies the resource-group page gives as examples are exactly what
//! `generate::rg_unsupported` produces from the catalog, and what `generate` produces lints clean:
//! facts of the real Container Registry catalog, so they are tested here, beside it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ram_catalog::Catalog;
use ram_core::Catalog as _;
use ram_policy::generate::{Attachment, generate, rg_unsupported};
use ram_policy::lint::{LintScope, lint};

fn seed_policies() -> Vec<Vec<String>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let dir = std::env::var_os("RAM_SHARED_DIR").map_or_else(|| root.join("shared"), PathBuf::from);
    let path = dir.join("seeds/000_b22bbe118f0b1b5c.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read `{}` ({e}); set RAM_SHARED_DIR to the shared/ folder",
            path.display()
        )
    });
    // The two example policies are the indented JSON blocks that start with `{` and end with `}`.
    let mut policies = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.trim() == "{" && current.is_none() {
            current = Some(String::new());
        }
        if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
            if line == "    }" {
                let value: serde_json::Value = serde_json::from_str(block).unwrap();
                let actions = value["Statement"][0]["Action"].as_array().unwrap();
                policies.push(
                    actions
                        .iter()
                        .map(|a| a.as_str().unwrap().to_owned())
                        .collect(),
                );
                current = None;
            }
        }
    }
    assert_eq!(policies.len(), 2, "the seed page has two example policies");
    policies
}

#[test]
fn rg_unsupported_policies_equal_the_pages_examples_in_content_and_order() {
    let examples = seed_policies();
    let catalog = Catalog::embedded().unwrap();
    let read_only = rg_unsupported(catalog, true);
    let all = rg_unsupported(catalog, false);
    assert_eq!(read_only.statements[0].actions.patterns, examples[0]);
    assert_eq!(all.statements[0].actions.patterns, examples[1]);
    assert_eq!((examples[0].len(), examples[1].len()), (37, 72));
    for policy in [read_only, all] {
        assert_eq!(policy.statements[0].resources.patterns, ["*"]);
        let findings = lint(
            &policy.to_canonical_string(),
            &[catalog],
            LintScope::Account,
        );
        assert!(findings.is_empty(), "{findings:?}");
    }
}

#[test]
fn generated_policies_lint_clean_in_their_scope() {
    let service = Catalog::embedded().unwrap();
    // Every `cr` Action: the values below are `cr`'s (the catalog holds other services too).
    let every: Vec<_> = ram_core::Catalog::actions(service)
        .into_iter()
        .filter(|a| a.starts_with("cr:"))
        .filter_map(|a| service.action_info(a))
        .collect();
    let values = BTreeMap::from([
        ("region".to_owned(), "cn-hangzhou".to_owned()),
        ("instance".to_owned(), "cri-abc".to_owned()),
        ("namespace".to_owned(), "team-a".to_owned()),
    ]);
    for attachment in [Attachment::Account, Attachment::ResourceGroup] {
        for generated in generate(service, &every, &values, attachment) {
            let scope = match generated.attachment {
                Attachment::Account => LintScope::Account,
                Attachment::ResourceGroup => LintScope::ResourceGroup,
            };
            let findings = lint(&generated.policy.to_canonical_string(), &[service], scope);
            assert!(findings.is_empty(), "{}: {findings:?}", generated.reason);
        }
    }
    let split = generate(service, &every, &values, Attachment::ResourceGroup);
    assert_eq!(
        split.len(),
        2,
        "resource-group grant plus the account-level rest"
    );
    assert!(split[1].reason.contains("account level"));
}
