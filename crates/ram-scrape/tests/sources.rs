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
        "docs-source/zoo/SOURCES.toml: page `zoo.en.html` expects unknown table kind `api-rows` (known: arn-formats, arn-parameters, api-actions, action-resources, rg-resource-types, rg-unsupported-actions)"
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
