//! The HTML under `docs-source/cr/` can never drift from the source documents unnoticed: this
//! test reads the two plain-text seed captures with its own small line parser, independent of
//! the scraper, and asserts that the checked-in spec holds exactly their rows.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::collections::BTreeSet;
use std::path::PathBuf;

use ram_spec::Spec;

fn seeds_dir() -> PathBuf {
    let root = xtask::workspace_root();
    std::env::var_os("RAM_SHARED_DIR")
        .map_or_else(|| root.join("../shared"), PathBuf::from)
        .join("seeds")
}

fn seed(name: &str) -> String {
    let path = seeds_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the seed `{}` ({e}); set RAM_SHARED_DIR to the shared/ folder",
            path.display()
        )
    })
}

fn spec() -> Spec {
    let path = xtask::workspace_root().join("generated/cr/spec.json");
    Spec::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const LEVELS: [(&str, &str); 4] = [
    ("読み取り", "read"),
    ("リスト", "list"),
    ("書き込み", "write"),
    ("権限の管理", "permissions-management"),
];

/// An API row of the ja page: `GetInstancecr:GetInstanceacs:...読み取り`, cells run together.
fn api_row(line: &str) -> Option<(String, String, String, String)> {
    let at = line.find("cr:")?;
    let api = &line[..at];
    if api.is_empty() || !api.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let rest = &line[at..];
    // The resource starts at `acs:`, or is the lone `*`.
    let resource_at = rest.find("acs:").or_else(|| rest.find('*'))?;
    let (action, rest) = rest.split_at(resource_at);
    let (word, level) = LEVELS.iter().find(|(word, _)| rest.ends_with(word))?;
    let resource = &rest[..rest.len() - word.len()];
    Some((
        api.to_owned(),
        action.to_owned(),
        resource.to_owned(),
        (*level).to_owned(),
    ))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("seed lacks `{start}`"))
        + start.len();
    let to = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("seed lacks `{end}`"))
        + from;
    &text[from..to]
}

#[test]
fn every_api_row_of_the_ja_page_is_in_the_spec_and_nothing_else() {
    let text = seed("003_95a2bce04411ec76.txt");
    let seed: BTreeSet<_> = text.lines().filter_map(api_row).collect();
    assert_eq!(seed.len(), 73);
    let spec = spec();
    let got: BTreeSet<_> = spec
        .apis
        .iter()
        .map(|api| {
            assert_eq!(api.resources.len(), 1, "{}", api.name);
            assert_eq!(api.actions.len(), 1, "{}", api.name);
            (
                api.name.clone(),
                api.action().to_owned(),
                api.resources[0].clone(),
                api.access_level.to_string(),
            )
        })
        .collect();
    assert_eq!(got, seed);
}

#[test]
fn every_arn_format_and_parameter_of_the_ja_page_is_in_the_spec() {
    let text = seed("003_95a2bce04411ec76.txt");
    let formats: BTreeSet<(String, String)> = text
        .lines()
        .filter(|line| api_row(line).is_none())
        .filter_map(|line| {
            line.find("acs:cr:")
                .map(|at| (line[..at].to_owned(), line[at..].to_owned()))
        })
        .collect();
    assert_eq!(formats.len(), 12);
    let spec = spec();
    let documented: BTreeSet<(String, String)> = spec
        .arn_templates
        .iter()
        .filter(|t| !t.documented.is_empty())
        .map(|t| (t.label.clone().unwrap_or_default(), t.template.clone()))
        .collect();
    assert_eq!(documented, formats);

    let parameters: BTreeSet<(String, String)> = text
        .lines()
        .filter_map(|line| line.strip_prefix('$'))
        .map(|rest| {
            let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
            (rest[..name_len].to_owned(), rest[name_len..].to_owned())
        })
        .collect();
    assert_eq!(parameters.len(), 7);
    let got: BTreeSet<(String, String)> = spec
        .arn_parameters
        .iter()
        .map(|p| (p.name.clone(), p.description.clone().unwrap_or_default()))
        .collect();
    assert_eq!(got, parameters);
}

#[test]
fn every_row_of_the_resource_group_page_is_in_the_spec() {
    let text = seed("000_b22bbe118f0b1b5c.txt");
    let types: BTreeSet<(String, String)> =
        between(&text, "Resource types that support resource groups", "Note")
            .lines()
            .filter_map(|line| line.split_once(" : "))
            .map(|(code, description)| (code.to_owned(), description.to_owned()))
            .collect();
    assert_eq!(types.len(), 5);
    let spec = spec();
    let got: BTreeSet<(String, String)> = spec
        .resource_group_types
        .iter()
        .map(|t| {
            assert_eq!(t.service, "cr");
            (t.code.clone(), t.description.clone().unwrap_or_default())
        })
        .collect();
    assert_eq!(got, types);

    let list = between(
        &text,
        "The following Actions in Container Registry do not support resource group-level authorization:",
        "For Actions that do not support",
    );
    let lines: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut unsupported = BTreeSet::new();
    for pair in lines[2..].chunks(2) {
        let (action, description) = (pair[0], pair[1]);
        assert!(action.starts_with("cr:"), "{action}");
        unsupported.insert((
            action.to_owned(),
            (description != "-").then(|| description.to_owned()),
        ));
    }
    assert_eq!(unsupported.len(), 72);
    let got: BTreeSet<(String, Option<String>)> = spec
        .actions
        .iter()
        .filter(|a| a.resource_group_authorization == Some(false))
        .map(|a| (a.name.clone(), a.description.clone()))
        .collect();
    assert_eq!(got, unsupported);
}

#[test]
fn the_spec_has_the_expected_counts_and_every_action_is_the_union_of_both_pages() {
    let spec = spec();
    assert_eq!(spec.apis.len(), 73);
    assert_eq!(spec.actions.len(), 132);
    assert_eq!(
        spec.arn_templates
            .iter()
            .filter(|t| !t.documented.is_empty())
            .count(),
        12
    );
    assert_eq!(spec.arn_parameters.len(), 7);
    assert_eq!(spec.resource_group_types.len(), 5);
    // Every Action is named by an API row or by the RG page; the ones only the RG page names
    // carry an inferred access level.
    for action in &spec.actions {
        let from_api = !action.apis.is_empty();
        assert!(
            from_api || action.resource_group_authorization == Some(false),
            "{}",
            action.name
        );
        assert_eq!(action.access_level_inferred, !from_api, "{}", action.name);
    }
}

#[test]
fn the_documented_cross_document_findings_are_recorded() {
    let spec = spec();
    let findings: BTreeSet<(String, String)> = spec
        .findings
        .iter()
        .map(|f| (serde_json::to_string(&f.kind).unwrap(), f.subject.clone()))
        .collect();
    for expected in [
        ("\"action-resembles-api\"", "cr:GetRepoTagManifest"),
        ("\"resource-family-mismatch\"", "UpdateNamespace"),
        ("\"conflicting-access-levels\"", "cr:GetRepositorySync"),
    ] {
        assert!(
            findings.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {findings:?}"
        );
    }
    // Findings never change the vendor's values.
    let update = spec.api("UpdateNamespace").unwrap();
    assert_eq!(
        update.resources,
        ["acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename"]
    );
}
