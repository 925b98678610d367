//! `SOURCES.toml`: hashes pin every page, every page is listed, and what it records is checked.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::path::{Path, PathBuf};

use ram_scrape::{ScrapeError, load_service_dir, scrape_service_dir, sha256_hex};

const PAGE: &str = "<html lang=\"en\"><h1>Zoo</h1><p>Last Updated:Jan 2, 2026</p><table>\
<tr><th>Action</th><th>Resource</th></tr><tr><td>GetCage</td><td>*</td></tr></table></html>";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("ram-scrape-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, contents: &str) {
        std::fs::write(self.0.join(name), contents).unwrap();
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sources(sha: &str, tables: &str) -> String {
    format!(
        "[service]\ncode = \"zoo\"\nname = \"Zoo\"\n\n[[page]]\nfile = \"zoo.en.html\"\n\
         url = \"https://example.invalid/zoo\"\nlocale = \"en\"\nupdated = \"2026-01-02\"\n\
         sha256 = \"{sha}\"\ntables = [{tables}]\n"
    )
}

fn messages(result: Result<impl std::fmt::Debug, ram_scrape::ScrapeErrors>) -> Vec<String> {
    result
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_pinned_folder_scrapes_with_its_provenance() {
    let dir = TempDir::new("ok");
    dir.write("zoo.en.html", PAGE);
    dir.write(
        "SOURCES.toml",
        &sources(&sha256_hex(PAGE.as_bytes()), "\"action-resources\""),
    );
    let spec = scrape_service_dir(dir.path(), "docs-source/zoo").unwrap();
    assert_eq!(spec.service.name, "Zoo");
    let source = &spec.sources[0];
    assert_eq!(source.url.as_deref(), Some("https://example.invalid/zoo"));
    assert_eq!(source.updated.as_deref(), Some("2026-01-02"));
    assert_eq!(source.sha256, sha256_hex(PAGE.as_bytes()));
    assert_eq!(spec.actions[0].origins[0].source, "zoo.en.html");
}

#[test]
fn an_edited_page_no_longer_matches_its_hash() {
    let dir = TempDir::new("hash");
    dir.write("zoo.en.html", &PAGE.replace("GetCage", "GetCages"));
    dir.write("SOURCES.toml", &sources(&sha256_hex(PAGE.as_bytes()), ""));
    let errors = load_service_dir(dir.path(), "docs-source/zoo")
        .unwrap_err()
        .0;
    assert!(
        matches!(&errors[..], [ScrapeError::HashMismatch { .. }]),
        "{errors:?}"
    );
    let message = errors[0].to_string();
    assert!(
        message.starts_with("docs-source/zoo/zoo.en.html: sha256 is `"),
        "{message}"
    );
    assert!(
        message.ends_with("update its `sha256` in SOURCES.toml"),
        "{message}"
    );
}

#[test]
fn unlisted_pages_unknown_table_kinds_and_missing_files_are_errors() {
    let dir = TempDir::new("unlisted");
    dir.write("stray.html", PAGE);
    dir.write("SOURCES.toml", &sources("00", "\"api-rows\""));
    let errors = messages(load_service_dir(dir.path(), "docs-source/zoo"));
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(
        errors[0],
        "docs-source/zoo/SOURCES.toml: page `zoo.en.html` expects unknown table kind `api-rows` (known: arn-formats, arn-parameters, api-actions, action-resources, rg-resource-types, rg-unsupported-actions, resource-list, system-policies, condition-keys, regions, api-list)"
    );
    assert_eq!(
        errors[1],
        "docs-source/zoo/stray.html: page is not listed in SOURCES.toml, so its provenance is unknown"
    );
    assert!(
        errors[2].starts_with("docs-source/zoo/zoo.en.html: cannot read: "),
        "{errors:?}"
    );
}

#[test]
fn a_malformed_sources_file_is_an_error_naming_it() {
    let dir = TempDir::new("toml");
    dir.write("SOURCES.toml", "[service]\ncode = \"zoo\"\n");
    let errors = messages(load_service_dir(dir.path(), "docs-source/zoo"));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("docs-source/zoo/SOURCES.toml: "),
        "{errors:?}"
    );
    assert!(errors[0].contains("name"), "{errors:?}");
}

fn entry(origin: &str) -> String {
    format!(
        "[service]\ncode = \"zoo\"\nname = \"Zoo\"\n\n[[page]]\nfile = \"zoo.en.html\"\n{origin}\
         locale = \"en\"\nupdated = \"2026-01-02\"\nsha256 = \"00\"\ntables = []\n"
    )
}

const COMMIT: &str = "8318a8745661992e72b3488e8d8fba33425839bc";

#[test]
fn a_page_comes_from_a_url_or_from_a_repository() {
    let dir = TempDir::new("origins");
    dir.write(
        "SOURCES.toml",
        &format!(
            "{}\n[[page]]\nfile = \"rules.en.md\"\nrepo = \"AlibabaCloudDocs/ecs\"\n\
             path = \"intl.en-US/API Reference/Authorization rules.md\"\ncommit = \"{COMMIT}\"\n\
             branch = \"master\"\nlocale = \"en\"\nupdated = \"2018-11-20\"\nsha256 = \"11\"\n",
            entry("url = \"http://127.0.0.1:8080/zoo\"\n")
        ),
    );
    let sources = ram_scrape::read_sources(dir.path(), "docs-source/zoo").unwrap();
    assert_eq!(sources.service.code, "zoo");
    assert_eq!(
        sources.pages[0].origin,
        ram_scrape::PageOrigin::Url {
            url: "http://127.0.0.1:8080/zoo".into()
        }
    );
    let repository = &sources.pages[1].origin;
    assert_eq!(
        repository,
        &ram_scrape::PageOrigin::Repository {
            repo: "AlibabaCloudDocs/ecs".into(),
            path: "intl.en-US/API Reference/Authorization rules.md".into(),
            commit: COMMIT.into(),
            branch: Some("master".into()),
        }
    );
    assert_eq!(
        repository.link(),
        format!(
            "https://github.com/AlibabaCloudDocs/ecs/blob/{COMMIT}/intl.en-US/API%20Reference/Authorization%20rules.md"
        )
    );
    assert_eq!(sources.pages[1].updated, "2018-11-20");
}

#[test]
fn a_repository_page_scrapes_with_a_link_to_its_commit() {
    let dir = TempDir::new("repo-page");
    dir.write("zoo.en.html", PAGE);
    dir.write(
        "SOURCES.toml",
        &entry(&format!(
            "repo = \"vendor/zoo\"\npath = \"docs/zoo.html\"\ncommit = \"{COMMIT}\"\n"
        ))
        .replace("\"00\"", &format!("\"{}\"", sha256_hex(PAGE.as_bytes()))),
    );
    let spec = scrape_service_dir(dir.path(), "docs-source/zoo").unwrap();
    assert_eq!(
        spec.sources[0].url.as_deref(),
        Some(format!("https://github.com/vendor/zoo/blob/{COMMIT}/docs/zoo.html").as_str())
    );
}

#[test]
fn an_entry_needs_exactly_one_complete_origin() {
    let cases = [
        (
            String::new(),
            "page `zoo.en.html` says nowhere where it comes from: give `url` (an html page) or `repo`, `path` and `commit` (a repository page)",
        ),
        (
            format!(
                "url = \"https://example.invalid/zoo\"\nrepo = \"a/b\"\ncommit = \"{COMMIT}\"\n"
            ),
            "page `zoo.en.html` has both `url` and `repo`, `commit`: give either `url` (an html page) or `repo`, `path` and `commit` (a repository page)",
        ),
        (
            "url = \"ftp://example.invalid/zoo\"\n".to_owned(),
            "page `zoo.en.html` has url `ftp://example.invalid/zoo`, which is not an `http://` or `https://` address",
        ),
        (
            "path = \"a.md\"\nbranch = \"main\"\n".to_owned(),
            "page `zoo.en.html` has `path`, `branch` without `repo`",
        ),
        (
            "repo = \"a/b\"\n".to_owned(),
            "page `zoo.en.html` from repository `a/b` lacks `path` and `commit`",
        ),
        (
            format!("repo = \"ab\"\npath = \"a.md\"\ncommit = \"{COMMIT}\"\n"),
            "page `zoo.en.html` has repository `ab`, expected `owner/name`",
        ),
        (
            "repo = \"a/b\"\npath = \"a.md\"\ncommit = \"abc\"\n".to_owned(),
            "page `zoo.en.html` has commit `abc`, expected 40 hexadecimal digits",
        ),
    ];
    for (origin, expected) in cases {
        let dir = TempDir::new("bad-origin");
        dir.write("SOURCES.toml", &entry(&origin));
        let errors = messages(ram_scrape::read_sources(dir.path(), "docs-source/zoo"));
        assert_eq!(
            errors,
            [format!("docs-source/zoo/SOURCES.toml: {expected}")],
            "{origin}"
        );
        // Loading the folder reports the same problem among the others.
        let errors = messages(load_service_dir(dir.path(), "docs-source/zoo"));
        assert!(
            errors.contains(&format!("docs-source/zoo/SOURCES.toml: {expected}")),
            "{errors:?}"
        );
    }
}

/// A Markdown page is a page like an HTML one: one that `SOURCES.toml` does not list is an
/// error, and a listed one is read by the Markdown reader (its rows counted per page).
#[test]
fn markdown_pages_are_listed_read_and_counted() {
    let dir = TempDir::new("markdown");
    let page =
        "# Zoo\n\n|Action|Authorization rule|\n|--|--|\n|GetCage|acs:zoo:*:*:cage/$cageId|\n";
    dir.write("zoo.en.md", page);
    dir.write("stray.md", page);
    let sha = ram_scrape::sha256_hex(page.as_bytes());
    dir.write(
        "SOURCES.toml",
        &format!(
            "[service]\ncode = \"zoo\"\nname = \"Zoo\"\n\n[[page]]\nfile = \"zoo.en.md\"\nrepo = \"AlibabaCloudDocs/zoo\"\npath = \"intl.en-US/Zoo.md\"\ncommit = \"{}\"\nlocale = \"en\"\nupdated = \"2021-01-01\"\nsha256 = \"{sha}\"\n",
            "a".repeat(40)
        ),
    );
    let errors = messages(load_service_dir(dir.path(), "docs-source/zoo"));
    assert_eq!(
        errors,
        [
            "docs-source/zoo/stray.md: page is not listed in SOURCES.toml, so its provenance is unknown"
        ]
    );
    std::fs::remove_file(dir.path().join("stray.md")).unwrap();
    let scraped = ram_scrape::scrape_service_dir_report(dir.path(), "docs-source/zoo").unwrap();
    assert_eq!(scraped.spec.actions[0].name, "zoo:GetCage");
    assert_eq!(scraped.pages[0].rows, 1);
    assert!(
        scraped.spec.sources[0]
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://github.com/AlibabaCloudDocs/zoo/blob/")),
        "{:?}",
        scraped.spec.sources[0]
    );
}
