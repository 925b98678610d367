//! `docs-source/<service>/`: the pinned pages and `SOURCES.toml`, their provenance.
//!
//! ```toml
//! [service]
//! code = "cr"
//! name = "Container Registry"
//!
//! [[page]]
//! file = "ram-authorization.ja.html"
//! url = "https://www.alibabacloud.com/help/ja/acr/user-guide/ram-authorization-information"
//! locale = "ja"
//! updated = "2026-03-18"
//! sha256 = "…"
//! tables = ["arn-formats", "arn-parameters", "api-actions"]
//! ```

use std::path::Path;

use ram_spec::{Service, Spec};
use serde::Deserialize;

use crate::errata::{ERRATA_FILE, ErrataToml, Erratum};
use crate::error::{Location, ScrapeError, ScrapeErrors};
use crate::vocabulary::TableKind;
use crate::{Page, scrape_with_errata, sha256_hex};

/// The provenance file of a service folder.
pub const SOURCES_FILE: &str = "SOURCES.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesToml {
    service: ServiceToml,
    page: Vec<PageToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceToml {
    code: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageToml {
    file: String,
    url: String,
    locale: String,
    updated: String,
    sha256: String,
    #[serde(default)]
    tables: Vec<String>,
}

/// A service folder, loaded and verified.
#[derive(Debug, Clone)]
pub struct ServiceDir {
    /// The service from `SOURCES.toml`.
    pub service: Service,
    /// Its pages, in `SOURCES.toml` order.
    pub pages: Vec<Page>,
    /// The corrections of `errata.toml` (empty without the file).
    pub errata: Vec<Erratum>,
    /// The errata file as messages show it.
    pub errata_path: String,
}

/// Loads `dir/SOURCES.toml` and the pages it lists, checking each page's sha256, that every
/// `*.html` file in the folder is listed, and that the table kinds it names exist. `display` is
/// the folder as error messages show it (`docs-source/cr`).
///
/// # Errors
///
/// Every problem found, together.
pub fn load_service_dir(dir: &Path, display: &str) -> Result<ServiceDir, ScrapeErrors> {
    let toml_path = format!("{display}/{SOURCES_FILE}");
    let at = Location::page(&toml_path);
    let text = std::fs::read_to_string(dir.join(SOURCES_FILE)).map_err(|e| {
        ScrapeErrors(vec![ScrapeError::Io {
            at: at.clone(),
            message: e.to_string(),
        }])
    })?;
    let parsed: SourcesToml = toml::from_str(&text).map_err(|e| {
        ScrapeErrors(vec![ScrapeError::Sources {
            at: at.clone(),
            message: e.to_string().trim_end().replace('\n', " "),
        }])
    })?;
    let mut errors = Vec::new();
    let mut pages = Vec::new();
    for entry in &parsed.page {
        let path = format!("{display}/{}", entry.file);
        let page_at = Location::page(&path);
        let mut expected = Vec::new();
        for name in &entry.tables {
            match TableKind::from_name(name) {
                Some(kind) => expected.push(kind),
                None => errors.push(ScrapeError::Sources {
                    at: at.clone(),
                    message: format!(
                        "page `{}` expects unknown table kind `{name}` (known: {})",
                        entry.file,
                        TableKind::ALL.map(TableKind::name).join(", ")
                    ),
                }),
            }
        }
        let bytes = match std::fs::read(dir.join(&entry.file)) {
            Ok(bytes) => bytes,
            Err(e) => {
                errors.push(ScrapeError::Io {
                    at: page_at,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let actual = sha256_hex(&bytes);
        if actual != entry.sha256 {
            errors.push(ScrapeError::HashMismatch {
                at: page_at.clone(),
                actual,
                recorded: entry.sha256.clone(),
            });
        }
        let Ok(html) = String::from_utf8(bytes) else {
            errors.push(ScrapeError::Io {
                at: page_at,
                message: "the file is not utf-8".into(),
            });
            continue;
        };
        let mut page = Page::new(&path, &html);
        page.file.clone_from(&entry.file);
        page.url = Some(entry.url.clone());
        page.locale = Some(entry.locale.clone());
        page.updated = Some(entry.updated.clone());
        page.expected_tables = expected;
        pages.push(page);
    }
    match std::fs::read_dir(dir) {
        Ok(listing) => {
            let mut unlisted: Vec<String> = listing
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| {
                    Path::new(name)
                        .extension()
                        .is_some_and(|ext| ext.eq_ignore_ascii_case("html"))
                        && !parsed.page.iter().any(|p| p.file == *name)
                })
                .collect();
            unlisted.sort();
            for name in unlisted {
                errors.push(ScrapeError::UnlistedPage {
                    at: Location::page(&format!("{display}/{name}")),
                });
            }
        }
        Err(e) => errors.push(ScrapeError::Io {
            at: Location::page(display),
            message: e.to_string(),
        }),
    }
    let errata_path = format!("{display}/{ERRATA_FILE}");
    let errata = match std::fs::read_to_string(dir.join(ERRATA_FILE)) {
        Ok(text) => match toml::from_str::<ErrataToml>(&text) {
            Ok(parsed) => parsed.erratum,
            Err(e) => {
                errors.push(ScrapeError::Sources {
                    at: Location::page(&errata_path),
                    message: e.to_string().trim_end().replace('\n', " "),
                });
                Vec::new()
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            errors.push(ScrapeError::Io {
                at: Location::page(&errata_path),
                message: e.to_string(),
            });
            Vec::new()
        }
    };
    if errors.is_empty() {
        Ok(ServiceDir {
            service: Service {
                code: parsed.service.code,
                name: parsed.service.name,
            },
            pages,
            errata,
            errata_path,
        })
    } else {
        Err(ScrapeErrors(errors).sorted())
    }
}

/// Loads a service folder and scrapes it.
///
/// # Errors
///
/// Every problem of the folder or of its pages.
pub fn scrape_service_dir(dir: &Path, display: &str) -> Result<Spec, ScrapeErrors> {
    let loaded = load_service_dir(dir, display)?;
    scrape_with_errata(
        loaded.service,
        &loaded.pages,
        &loaded.errata,
        &loaded.errata_path,
    )
}
