//! Reviewing documentation changes: a fixture pair of page versions with changes of every kind
//! and its golden changelog, reformatting that changes nothing, and errata that apply or go
//! stale.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::path::PathBuf;

use ram_scrape::{Erratum, Page, ScrapeError, scrape, scrape_with_errata};
use ram_spec::{Bump, Section, Service, Spec, diff};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn zoo(html: &str) -> Spec {
    let service = Service {
        code: "zoo".into(),
        name: "Zoo".into(),
    };
    scrape(service, &[Page::new("zoo.en.html", html)]).unwrap()
}

#[test]
fn every_kind_of_change_is_in_the_golden_changelog() {
    let changes = diff(&zoo(&fixture("v1.html")), &zoo(&fixture("v2.html")));
    expectorate::assert_contents("tests/fixtures/diff/changelog.md", &changes.to_markdown());
    expectorate::assert_contents(
        "tests/fixtures/diff/changelog.json",
        &(serde_json::to_string_pretty(&changes).unwrap() + "\n"),
    );
    let sections: std::collections::BTreeSet<Section> =
        changes.changes.iter().map(|c| c.section).collect();
    for section in [
        Section::ApisAdded,
        Section::ApisRemoved,
        Section::ApisChanged,
        Section::ActionsAdded,
        Section::ActionsRemoved,
        Section::ActionsChanged,
        Section::TemplatesAdded,
        Section::TemplatesRemoved,
        Section::TemplatesChanged,
        Section::ResourceGroupTypesAdded,
        Section::ResourceGroupTypesRemoved,
        Section::FindingsResolved,
    ] {
        assert!(
            sections.contains(&section),
            "no {section:?} in the fixture pair"
        );
    }
    assert_eq!(changes.bump, Bump::Major);
    assert!(
        changes
            .changes
            .iter()
            .any(|c| c.breaking && c.item == "PaintCage")
    );
}

#[test]
fn additions_alone_are_a_minor_bump_and_identity_is_none() {
    let v1 = zoo(&fixture("v1.html"));
    let extra = fixture("v1.html").replace(
        "<tr><td>ListCages</td>",
        "<tr><td>GetPen</td><td>zoo:GetPen</td><td>acs:zoo:$regionid:$accountid:pen/$penid</td><td>Read</td></tr>\n<tr><td>ListCages</td>",
    );
    let added = diff(&v1, &zoo(&extra));
    assert_eq!(added.bump, Bump::Minor, "{}", added.to_markdown());
    assert!(added.changes.iter().all(|c| !c.breaking));
    let same = diff(&v1, &v1);
    assert!(same.is_empty());
    assert_eq!(same.bump, Bump::None);
    assert!(same.to_markdown().contains("No semantic changes."));
}

/// Whitespace, attribute order and extra wrapping tags change the file, not the meaning.
#[test]
fn reformatting_a_page_gives_no_semantic_changes() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs-source/cr");
    let original = std::fs::read_to_string(root.join("ram-authorization.ja.html")).unwrap();
    let reformatted = original
        .replace("<tr>", "<tr class=\"row\" data-x=\"1\">\n  ")
        .replace("<td><p>", "<td data-b=\"2\" class=\"cell\">\n    <p><span>")
        .replace("</p></td>", "</span></p>\n  </td>")
        .replace(
            "<table class=\"table\">",
            "<div class=\"wrapper\"><table id=\"t\" class=\"table\">",
        )
        .replace("</table>", "</table></div>")
        .replace("<code>", "<code class=\"code\">&#8203;");
    assert_ne!(original, reformatted);
    let scrape_cr = |html: &str| {
        let service = Service {
            code: "cr".into(),
            name: "Container Registry".into(),
        };
        scrape(service, &[Page::new("ram-authorization.ja.html", html)]).unwrap()
    };
    let changes = diff(&scrape_cr(&original), &scrape_cr(&reformatted));
    assert!(changes.is_empty(), "{}", changes.to_markdown());
    assert_eq!(changes.bump, Bump::None);
    assert_eq!(
        changes.non_semantic,
        ["source `ram-authorization.ja.html`: content changed"]
    );
}

fn erratum(field: &str, documented: &str, corrected: &str) -> Erratum {
    Erratum {
        api: Some("CleanCage".into()),
        action: None,
        page: None,
        row: None,
        field: field.into(),
        documented: documented.into(),
        corrected: corrected.into(),
        reason: "the sibling APIs all use it".into(),
    }
}

#[test]
fn an_erratum_corrects_the_value_and_records_both() {
    let service = Service {
        code: "zoo".into(),
        name: "Zoo".into(),
    };
    let errata = [erratum("access_level", "write", "read")];
    let spec = scrape_with_errata(
        service,
        &[Page::new("zoo.en.html", &fixture("v1.html"))],
        &errata,
        "errata.toml",
    )
    .unwrap();
    assert_eq!(
        spec.api("CleanCage").unwrap().access_level,
        ram_spec::AccessLevel::Read
    );
    assert_eq!(spec.errata.len(), 1);
    assert_eq!(
        (
            spec.errata[0].documented.as_str(),
            spec.errata[0].corrected.as_str()
        ),
        ("write", "read")
    );
    // The other API of the same Action keeps its documented level.
    assert_eq!(
        spec.api("PaintCage").unwrap().access_level,
        ram_spec::AccessLevel::Write
    );
}

#[test]
fn an_erratum_the_page_no_longer_supports_is_stale() {
    let service = Service {
        code: "zoo".into(),
        name: "Zoo".into(),
    };
    let errata = [
        erratum(
            "resource",
            "acs:zoo:$regionid:$accountid:pen/$penid",
            "acs:zoo:$regionid:$accountid:cage/$cageid",
        ),
        Erratum {
            api: Some("PaintCage".into()),
            ..erratum("action", "zoo:UpdateCage", "zoo:PaintCage")
        },
    ];
    let errors = scrape_with_errata(
        service,
        &[Page::new("zoo.en.html", &fixture("v2.html"))],
        &errata,
        "docs-source/zoo/errata.toml",
    )
    .unwrap_err()
    .0;
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .all(|e| matches!(e, ScrapeError::StaleErratum { .. })),
        "{messages:?}"
    );
    assert_eq!(
        messages,
        [
            "docs-source/zoo/errata.toml: the erratum of api `CleanCage` (`resource`) is stale: the page now documents `acs:zoo:$regionid:$accountid:cage/$cageid/$animalname`, not `acs:zoo:$regionid:$accountid:pen/$penid`; the vendor fixed or changed the page, so review and remove or update the erratum",
            "docs-source/zoo/errata.toml: the erratum of api `PaintCage` (`action`) is stale: the pages no longer document this api; the vendor fixed or changed the page, so review and remove or update the erratum",
        ]
    );
}
