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
//!
//! [[page]]
//! file = "authorization-rules.en.md"
//! repo = "AlibabaCloudDocs/ecs"
//! path = "intl.en-US/API Reference/Authorization rules.md"
//! commit = "8318a8745661992e72b3488e8d8fba33425839bc"
//! branch = "master"            # optional: the repository's default branch otherwise
//! locale = "en"
//! updated = "2018-11-20"        # the commit date
//! sha256 = "…"
//! tables = ["api-actions"]
//! merged_column = 1             # optional: a short row lacks its first cell, merged with the row above
//! merged_columns = [3]           # optional: the next merged columns, for rows short by more cells
//! resource_prefix = "acs:ots:[region]:[user_id]:" # optional: what the page says its resource cells leave out
//! api_list = "no-authorization" # optional: what a table of APIs alone means (the page's prose)
//! partial = true                # optional: the page documents part of the service only
//! prose_sections = ["自定义策略"] # optional: sections whose tables are console steps or examples
//!
//! [page.columns]                # optional: roles of columns whose header says something else
//! "资源类型" = "api"
//! ```
//!
//! A page comes from exactly one [`PageOrigin`]: an HTML page by its `url`, or a file of a
//! vendor documentation repository by `repo`, `path` and `commit` (optionally `branch`).

use std::path::Path;

use ram_spec::{Service, Spec};
use serde::Deserialize;

use crate::errata::{ERRATA_FILE, ErrataToml, Erratum, Refusal};
use crate::error::{Location, ScrapeError, ScrapeErrors};
use crate::vocabulary::TableKind;
use crate::{Page, Scraped, scrape_report, sha256_hex};

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
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    repo: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    commit: Option<String>,
    #[serde(default)]
    branch: Option<String>,
    locale: String,
    updated: String,
    sha256: String,
    #[serde(default)]
    tables: Vec<String>,
    #[serde(default)]
    merged_column: Option<usize>,
    #[serde(default)]
    merged_columns: Vec<usize>,
    #[serde(default)]
    resource_prefix: Option<String>,
    #[serde(default)]
    api_list: Option<String>,
    #[serde(default)]
    partial: bool,
    #[serde(default)]
    prose_sections: Vec<String>,
    #[serde(default)]
    columns: std::collections::BTreeMap<String, String>,
}

/// Where a pinned page comes from, as its `SOURCES.toml` entry says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageOrigin {
    /// An HTML page at an `http://` or `https://` address.
    Url {
        /// The address.
        url: String,
    },
    /// A file of a vendor documentation repository, pinned at a commit.
    Repository {
        /// The repository as `owner/name` (`AlibabaCloudDocs/ecs`).
        repo: String,
        /// The file's path inside the repository.
        path: String,
        /// The commit the pinned content was read at (40 hexadecimal digits).
        commit: String,
        /// The branch whose history is followed; `None` means the repository's default branch.
        branch: Option<String>,
    },
}

impl PageOrigin {
    /// The public address of the pinned content, for provenance links: the URL itself, or the
    /// file on GitHub at the pinned commit.
    #[must_use]
    pub fn link(&self) -> String {
        match self {
            Self::Url { url } => url.clone(),
            Self::Repository {
                repo, path, commit, ..
            } => format!(
                "https://github.com/{repo}/blob/{commit}/{}",
                encode_path(path)
            ),
        }
    }
}

/// Percent-encodes a repository path for a URL, keeping `/` and the unreserved characters.
fn encode_path(path: &str) -> String {
    use std::fmt::Write;
    path.bytes().fold(String::new(), |mut out, byte| {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
        out
    })
}

/// One `[[page]]` entry of `SOURCES.toml`, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageEntry {
    /// The file in the service folder.
    pub file: String,
    /// Where the content comes from.
    pub origin: PageOrigin,
    /// The locale.
    pub locale: String,
    /// The recorded last-updated date (`YYYY-MM-DD`): the date an HTML page prints, or the
    /// commit date of a repository page.
    pub updated: String,
    /// The recorded sha256 of the file.
    pub sha256: String,
    /// The table kinds the page must have, as written.
    pub tables: Vec<String>,
}

/// A service's `SOURCES.toml`, validated, without reading the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesFile {
    /// The service.
    pub service: Service,
    /// The page entries, in file order.
    pub pages: Vec<PageEntry>,
}

impl PageToml {
    /// The entry's origin: exactly one of the two forms, each complete and well formed.
    fn origin(&self) -> Result<PageOrigin, String> {
        let file = &self.file;
        let repo_fields: Vec<&str> = [
            ("repo", &self.repo),
            ("path", &self.path),
            ("commit", &self.commit),
            ("branch", &self.branch),
        ]
        .into_iter()
        .filter(|(_, value)| value.is_some())
        .map(|(name, _)| name)
        .collect();
        match (&self.url, &self.repo, &self.path, &self.commit) {
            (Some(_), _, _, _) if !repo_fields.is_empty() => Err(format!(
                "page `{file}` has both `url` and `{}`: give either `url` (an html page) or `repo`, `path` and `commit` (a repository page)",
                repo_fields.join("`, `")
            )),
            (Some(url), _, _, _) => {
                if url.starts_with("http://") || url.starts_with("https://") {
                    Ok(PageOrigin::Url { url: url.clone() })
                } else {
                    Err(format!(
                        "page `{file}` has url `{url}`, which is not an `http://` or `https://` address"
                    ))
                }
            }
            (None, None, _, _) if repo_fields.is_empty() => Err(format!(
                "page `{file}` says nowhere where it comes from: give `url` (an html page) or `repo`, `path` and `commit` (a repository page)"
            )),
            (None, None, _, _) => Err(format!(
                "page `{file}` has `{}` without `repo`",
                repo_fields.join("`, `")
            )),
            (None, Some(repo), path, commit) => {
                let missing: Vec<&str> = [("path", path), ("commit", commit)]
                    .into_iter()
                    .filter(|(_, value)| value.is_none())
                    .map(|(name, _)| name)
                    .collect();
                if !missing.is_empty() {
                    return Err(format!(
                        "page `{file}` from repository `{repo}` lacks `{}`",
                        missing.join("` and `")
                    ));
                }
                let (path, commit) = (
                    path.clone().unwrap_or_default(),
                    commit.clone().unwrap_or_default(),
                );
                let owner_name = repo.split_once('/').is_some_and(|(owner, name)| {
                    !owner.is_empty() && !name.is_empty() && !name.contains('/')
                });
                if !owner_name {
                    return Err(format!(
                        "page `{file}` has repository `{repo}`, expected `owner/name`"
                    ));
                }
                if path.is_empty() {
                    return Err(format!("page `{file}` has an empty `path`"));
                }
                if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(format!(
                        "page `{file}` has commit `{commit}`, expected 40 hexadecimal digits"
                    ));
                }
                if self.branch.as_deref() == Some("") {
                    return Err(format!("page `{file}` has an empty `branch`"));
                }
                Ok(PageOrigin::Repository {
                    repo: repo.clone(),
                    path,
                    commit,
                    branch: self.branch.clone(),
                })
            }
        }
    }
}

/// Reads `dir/SOURCES.toml`.
fn read_toml(dir: &Path, toml_path: &str) -> Result<SourcesToml, ScrapeErrors> {
    let at = Location::page(toml_path);
    let text = std::fs::read_to_string(dir.join(SOURCES_FILE)).map_err(|e| {
        ScrapeErrors(vec![ScrapeError::Io {
            at: at.clone(),
            message: e.to_string(),
        }])
    })?;
    toml::from_str(&text).map_err(|e| {
        ScrapeErrors(vec![ScrapeError::Sources {
            at,
            message: e.to_string().trim_end().replace('\n', " "),
        }])
    })
}

/// Reads and validates `dir/SOURCES.toml` alone, without reading the pages it lists: what
/// `cargo xtask fetch` needs to know where each page comes from. `display` is the folder as
/// error messages show it (`docs-source/cr`).
///
/// # Errors
///
/// A missing or malformed file, or every entry whose origin is incomplete or ambiguous.
pub fn read_sources(dir: &Path, display: &str) -> Result<SourcesFile, ScrapeErrors> {
    let toml_path = format!("{display}/{SOURCES_FILE}");
    let parsed = read_toml(dir, &toml_path)?;
    let mut errors = Vec::new();
    let mut pages = Vec::new();
    for entry in parsed.page {
        match entry.origin() {
            Ok(origin) => pages.push(PageEntry {
                file: entry.file,
                origin,
                locale: entry.locale,
                updated: entry.updated,
                sha256: entry.sha256,
                tables: entry.tables,
            }),
            Err(message) => errors.push(ScrapeError::Sources {
                at: Location::page(&toml_path),
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(SourcesFile {
            service: Service {
                code: parsed.service.code,
                name: parsed.service.name,
            },
            pages,
        })
    } else {
        Err(ScrapeErrors(errors).sorted())
    }
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
    /// The refused rows of `errata.toml`.
    pub refusals: Vec<Refusal>,
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
    let parsed = read_toml(dir, &toml_path)?;
    let mut errors = Vec::new();
    let mut pages = Vec::new();
    for entry in &parsed.page {
        let path = format!("{display}/{}", entry.file);
        let page_at = Location::page(&path);
        let origin = entry.origin().map_err(|message| ScrapeError::Sources {
            at: at.clone(),
            message,
        });
        let link = match origin {
            Ok(origin) => Some(origin.link()),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let mut column_roles = Vec::new();
        for (header, role) in &entry.columns {
            match crate::Column::from_name(role) {
                Some(role) => column_roles.push((header.clone(), role)),
                None => errors.push(ScrapeError::Sources {
                    at: at.clone(),
                    message: format!(
                        "page `{}` gives the column `{header}` unknown role `{role}` (known: {})",
                        entry.file,
                        crate::Column::ALL.map(|c| c.to_string()).join(", ")
                    ),
                }),
            }
        }
        let api_list = match entry.api_list.as_deref() {
            None => None,
            Some(crate::API_LIST_NO_AUTHORIZATION) => Some(crate::ApiListMeaning::NoAuthorization),
            Some(other) => {
                errors.push(ScrapeError::Sources {
                    at: at.clone(),
                    message: format!(
                        "page `{}` gives `api_list` the unknown meaning `{other}` (known: `{}`)",
                        entry.file,
                        crate::API_LIST_NO_AUTHORIZATION
                    ),
                });
                None
            }
        };
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
        page.url = link;
        page.locale = Some(entry.locale.clone());
        page.updated = Some(entry.updated.clone());
        page.expected_tables = expected;
        page.merged_column = entry.merged_column;
        page.resource_prefix.clone_from(&entry.resource_prefix);
        page.merged_columns.clone_from(&entry.merged_columns);
        page.column_roles = column_roles;
        page.api_list = api_list;
        page.partial = entry.partial;
        page.prose_sections.clone_from(&entry.prose_sections);
        pages.push(page);
    }
    match std::fs::read_dir(dir) {
        Ok(listing) => {
            let mut unlisted: Vec<String> = listing
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| {
                    Path::new(name).extension().is_some_and(|ext| {
                        ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("md")
                    }) && !parsed.page.iter().any(|p| p.file == *name)
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
    let (errata, refusals) = match std::fs::read_to_string(dir.join(ERRATA_FILE)) {
        Ok(text) => match toml::from_str::<ErrataToml>(&text) {
            Ok(parsed) => (parsed.erratum, parsed.refusal),
            Err(e) => {
                errors.push(ScrapeError::Sources {
                    at: Location::page(&errata_path),
                    message: e.to_string().trim_end().replace('\n', " "),
                });
                (Vec::new(), Vec::new())
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), Vec::new()),
        Err(e) => {
            errors.push(ScrapeError::Io {
                at: Location::page(&errata_path),
                message: e.to_string(),
            });
            (Vec::new(), Vec::new())
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
            refusals,
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
    scrape_service_dir_report(dir, display).map(|scraped| scraped.spec)
}

/// Loads a service folder and scrapes it, with the rows read and refused per page.
///
/// # Errors
///
/// Every problem of the folder or of its pages.
pub fn scrape_service_dir_report(dir: &Path, display: &str) -> Result<Scraped, ScrapeErrors> {
    let loaded = load_service_dir(dir, display)?;
    scrape_report(
        loaded.service,
        &loaded.pages,
        &loaded.errata,
        &loaded.refusals,
        &loaded.errata_path,
    )
}
