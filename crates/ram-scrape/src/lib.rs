//! Scrapes Alibaba Cloud RAM authorization pages into a [`ram_spec::Spec`].
//!
//! A reader turns each page into the format-free [`RawPage`]; tables are then found by the roles
//! of their columns (header words in en, ja or zh, confirmed by cell content where a header is
//! unknown or lies), never by their position on the page. Every table row either lands in the
//! spec or makes the scrape fail with an error that names the page, table and row; all errors
//! of a run are reported together.
//!
//! ```
//! use ram_scrape::{Page, scrape};
//! use ram_spec::Service;
//!
//! let html = r#"<html lang="en"><h1>Demo</h1><h2>Rules</h2><table>
//!   <tr><th>Action</th><th>Resource</th><th>Description</th></tr>
//!   <tr><td>GetThing</td><td>acs:demo:$regionid:$accountid:thing/$thingId</td><td>Reads a thing.</td></tr>
//! </table></html>"#;
//! let service = Service { code: "demo".into(), name: "Demo".into() };
//! let spec = scrape(service, &[Page::new("demo.html", html)]).unwrap();
//! assert_eq!(spec.actions[0].name, "demo:GetThing");
//! assert_eq!(spec.arn_templates[0].name, "thing");
//! ```

mod assemble;
mod errata;
mod error;
mod html;
mod index;
mod markdown;
mod page;
mod sources;
mod tables;
pub mod vendor_policies;
mod vocabulary;

use ram_spec::{Service, Source, Spec};
use sha2::{Digest, Sha256};

pub use errata::{ERRATA_FILE, Erratum, Refusal};
pub use error::{Location, ScrapeError, ScrapeErrors};
pub use html::read_page;
pub use index::{IndexEntry, code_of_policies, read_index};
pub use markdown::read_markdown;
pub use page::{
    Cell, Format, Heading, RawPage, RawRow, RawTable, SourceLocation, normalize, printed_date,
};
pub use sources::{
    PageEntry, PageOrigin, SOURCES_FILE, ServiceDir, SourcesFile, load_service_dir, read_sources,
    scrape_service_dir, scrape_service_dir_report,
};
pub use tables::RefusedRow;
pub use vocabulary::{
    ARN_JOINERS, CONTENT_ROLES, CellShape, Column, HEADER_WORDS, HeaderWord, KIND_RULES, KindRule,
    NO_RESOURCE_TYPE_WORDS, NOTE_MARKERS, OPTIONAL_MARKERS, OVERRIDABLE_ROLES,
    RESOURCE_TYPE_JOINERS, ROLE_RULES, RoleRule, TableKind, header_key, is_note, is_resource_label,
    note_start, resolve_roles, strip_resource_label,
};

/// One page to scrape, with what is known of its provenance.
#[derive(Debug, Clone)]
pub struct Page {
    /// The path shown in error messages.
    pub path: String,
    /// The file name that origins in the spec refer to.
    pub file: String,
    /// The page's text, in `format`.
    pub content: String,
    /// The format of `content`, which picks the reader.
    pub format: Format,
    /// The public URL, when known.
    pub url: Option<String>,
    /// The locale; when `None`, the page's `lang` attribute (or `und`).
    pub locale: Option<String>,
    /// The last-updated date on record (`YYYY-MM-DD`); checked against the one the page prints.
    pub updated: Option<String>,
    /// Table kinds the page must have.
    pub expected_tables: Vec<TableKind>,
    /// The column (from 1) a short row lacks because the export merged that cell with the row
    /// above; `None` makes a short row an error.
    pub merged_column: Option<usize>,
    /// Further merged columns (`merged_columns`): a row short by k cells lacks the first k of
    /// `merged_column` then these.
    pub merged_columns: Vec<usize>,
    /// The ARN prefix the page says its resource cells leave out (`acs:ots:[region]:[user_id]:`
    /// on the Tablestore pages), put back before a cell's value that does not start with `acs:`.
    pub resource_prefix: Option<String>,
    /// Roles of columns whose header says something else (`[page.columns]` in
    /// `SOURCES.toml`): the DDH page heads its API names `资源类型`.
    pub column_roles: Vec<(String, Column)>,
    /// What a table of APIs alone means on this page (`api_list`); `None` makes such a table
    /// an error, since only the page's prose says.
    pub api_list: Option<ApiListMeaning>,
    /// The page documents part of the service only (`partial = true`): the comparison of the
    /// service's pages checks what it says, not what it leaves out.
    pub partial: bool,
    /// Sections whose tables are prose, not authorization tables (`prose_sections`: console
    /// steps, example policies); their rows are counted in the report, not read.
    pub prose_sections: Vec<String>,
}

/// The `api_list` value of a page whose API-only tables list APIs that need no authorization.
pub const API_LIST_NO_AUTHORIZATION: &str = "no-authorization";

/// What a page's table of APIs alone means, as its prose says and `SOURCES.toml` declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiListMeaning {
    /// The APIs need no authorization ("authorized by default"): each is recorded as the Action
    /// of its name, with no resources.
    NoAuthorization,
}

impl Page {
    /// A page known only by its path and content; the path's extension gives the format.
    #[must_use]
    pub fn new(path: &str, content: &str) -> Self {
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path).to_owned();
        Self {
            path: path.to_owned(),
            file,
            content: content.to_owned(),
            format: Format::of_path(path),
            url: None,
            locale: None,
            updated: None,
            expected_tables: Vec::new(),
            merged_column: None,
            merged_columns: Vec::new(),
            resource_prefix: None,
            column_roles: Vec::new(),
            api_list: None,
            partial: false,
            prose_sections: Vec::new(),
        }
    }
}

/// The sha256 of some bytes as lowercase hex.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

/// Scrapes pages of one service into a spec.
///
/// # Errors
///
/// Every problem of every page, sorted by page, table and row.
pub fn scrape(service: Service, pages: &[Page]) -> Result<Spec, ScrapeErrors> {
    scrape_with_errata(service, pages, &[], ERRATA_FILE)
}

/// Scrapes pages of one service and applies errata (see [`Erratum`]); `errata_path` is the
/// errata file as messages show it.
///
/// # Errors
///
/// Every problem of every page, and every stale or malformed erratum.
pub fn scrape_with_errata(
    service: Service,
    pages: &[Page],
    errata: &[Erratum],
    errata_path: &str,
) -> Result<Spec, ScrapeErrors> {
    scrape_report(service, pages, errata, &[], errata_path).map(|scraped| scraped.spec)
}

/// What one page gave: the rows read from its tables and the rows a refusal left unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    /// The page's file name.
    pub file: String,
    /// Rows read (every one landed in the spec).
    pub rows: usize,
    /// Rows refused by `errata.toml`, each with its reason.
    pub refused: Vec<RefusedRow>,
    /// Rows of the tables under the page's declared prose sections, not read.
    pub prose_rows: usize,
}

/// A scraped service: its spec, and per page what was read.
#[derive(Debug, Clone)]
pub struct Scraped {
    /// The spec.
    pub spec: Spec,
    /// One report per page, in page order.
    pub pages: Vec<PageReport>,
}

/// Scrapes pages of one service with errata and refusals (see [`Refusal`]), and reports the
/// rows read per page.
///
/// # Errors
///
/// Every problem of every page, and every stale or malformed erratum or refusal.
pub fn scrape_report(
    service: Service,
    pages: &[Page],
    errata: &[Erratum],
    refusals: &[Refusal],
    errata_path: &str,
) -> Result<Scraped, ScrapeErrors> {
    let mut errors = Vec::new();
    let mut records = tables::Records::default();
    let mut sources = Vec::new();
    let mut reports = Vec::new();
    let errata_at = Location::page(errata_path);
    let mut page_errata = Vec::new();
    let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    errors.extend(errata::unknown_pages(errata, refusals, &files, &errata_at));
    for page in pages {
        let mut raw = page.format.read(&page.content);
        page_errata.extend(errata::apply_to_page(
            errata,
            &page.file,
            &mut raw,
            &errata_at,
            &mut errors,
        ));
        let (rows_before, refused_before, prose_before) =
            (records.rows_read, records.refused.len(), records.prose_rows);
        sources.push(read_tables(
            &service.code,
            page,
            raw,
            refusals,
            &mut records,
            &mut errors,
        ));
        let refused: Vec<RefusedRow> = records.refused[refused_before..]
            .iter()
            .map(|(_, row)| row.clone())
            .collect();
        for refusal in refusals.iter().filter(|r| r.page == page.file) {
            if !refused.iter().any(|row| row.key == refusal.row) {
                errors.push(ScrapeError::StaleErratum {
                    at: errata_at.clone(),
                    item: format!("page `{}`", page.file),
                    field: format!("refusal of row `{}`", refusal.row),
                    message: "the page has no row with this key any more".into(),
                });
            }
        }
        reports.push(PageReport {
            file: page.file.clone(),
            rows: records.rows_read - rows_before,
            refused,
            prose_rows: records.prose_rows - prose_before,
        });
    }
    let service_location = Location::page(&format!("service `{}`", service.code));
    match assemble::assemble(
        service,
        sources,
        &records,
        errata,
        &errata_at,
        &service_location,
    ) {
        Ok(mut spec) if errors.is_empty() => {
            spec.errata.extend(page_errata);
            spec.sort();
            Ok(Scraped {
                spec,
                pages: reports,
            })
        }
        Ok(_) => Err(ScrapeErrors(errors).sorted()),
        Err(more) => {
            errors.extend(more);
            Err(ScrapeErrors(errors).sorted())
        }
    }
}

/// Recognizes the tables of one page, already read into the format-free model, and reads their
/// rows into `records`; returns the page's provenance.
fn read_tables(
    service: &str,
    page: &Page,
    raw: RawPage,
    refusals: &[Refusal],
    records: &mut tables::Records,
    errors: &mut Vec<ScrapeError>,
) -> Source {
    let at = Location::page(&page.path);
    if let (Some(printed), Some(recorded)) = (&raw.updated, &page.updated)
        && printed != recorded
    {
        errors.push(ScrapeError::DateMismatch {
            at: at.clone(),
            printed: printed.clone(),
            recorded: recorded.clone(),
        });
    }
    let rg_page = raw.tables.iter().any(tables::is_rg_types_table)
        || page
            .expected_tables
            .contains(&TableKind::RgUnsupportedActions);
    if page.partial {
        records.partial_pages.insert(page.file.clone());
    }
    let mut found = Vec::new();
    // The ARN tables and resource lists are read first: another table may name its resources
    // by their labels, or have none but the list's.
    // Tables under a section the page declares prose (console steps, example policies) are not
    // authorization tables: they are counted, not read.
    for section in &page.prose_sections {
        let tables: Vec<&crate::page::RawTable> = raw
            .tables
            .iter()
            .filter(|table| table.section == *section)
            .collect();
        if tables.is_empty() {
            errors.push(ScrapeError::Sources {
                at: at.clone(),
                message: format!(
                    "page `{}` declares the prose section `{section}`, which holds no table",
                    page.file
                ),
            });
        }
        records.prose_rows += tables.iter().map(|t| t.rows.len()).sum::<usize>();
    }
    let mut ordered: Vec<_> = raw
        .tables
        .iter()
        .filter(|table| !page.prose_sections.contains(&table.section))
        .map(|table| tables::classify(&page.path, table, rg_page, &page.column_roles))
        .collect();
    // A stable sort: the other tables stay in page order.
    ordered.sort_by_key(|classified| {
        !classified
            .as_ref()
            .is_ok_and(|c| matches!(c.kind, TableKind::ArnFormats | TableKind::ResourceList))
    });
    for classified in ordered {
        match classified {
            Ok(classified) => {
                found.push(classified.kind);
                if matches!(
                    classified.kind,
                    TableKind::RgResourceTypes | TableKind::RgUnsupportedActions
                ) {
                    records.rg_documented = true;
                }
                let rules = tables::PageRules {
                    refusals,
                    merged_column: page.merged_column,
                    merged_columns: &page.merged_columns,
                    resource_prefix: page.resource_prefix.as_deref(),
                    api_list: page.api_list,
                };
                tables::read_rows(
                    service,
                    &page.path,
                    &page.file,
                    &classified,
                    &rules,
                    records,
                    errors,
                );
            }
            Err(e) => errors.push(*e),
        }
    }
    if raw.tables.is_empty() {
        errors.push(ScrapeError::NoTables { at: at.clone() });
    }
    for kind in &page.expected_tables {
        if !found.contains(kind) {
            errors.push(ScrapeError::MissingTable {
                at: at.clone(),
                kind: kind.name().to_owned(),
            });
        }
    }
    Source {
        file: page.file.clone(),
        title: raw.title,
        url: page.url.clone(),
        locale: page
            .locale
            .clone()
            .or(raw.lang)
            .unwrap_or_else(|| "und".to_owned()),
        updated: page.updated.clone().or(raw.updated),
        sha256: sha256_hex(page.content.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page as a reader of a line-based format (Markdown) would give it: recognition and
    /// errors work on the model alone and point at the source line.
    fn line_page(resource: &str) -> RawPage {
        let cell = |text: &str| Cell {
            lines: vec![text.to_owned()],
        };
        RawPage {
            title: "Zoo".into(),
            lang: Some("en".into()),
            updated: None,
            headings: vec![Heading {
                level: 2,
                text: "Cages".into(),
            }],
            tables: vec![RawTable {
                index: 1,
                section: "Cages".into(),
                headers: Some(vec!["Action".into(), "Resource".into()]),
                rows: vec![RawRow {
                    cells: vec![cell("GetCage"), cell(resource)],
                    at: SourceLocation::Line(7),
                }],
                at: SourceLocation::Line(5),
            }],
        }
    }

    #[test]
    fn a_page_model_from_any_reader_is_recognized_and_errors_name_its_lines() {
        let page = Page::new("zoo.md", "");
        let mut records = tables::Records::default();
        let mut errors = Vec::new();
        let cage = "acs:zoo:*:*:cage/$cageId";
        read_tables(
            "zoo",
            &page,
            line_page(cage),
            &[],
            &mut records,
            &mut errors,
        );
        assert_eq!(errors, vec![]);
        assert_eq!(records.actions[0].action, "zoo:GetCage");
        assert_eq!(records.actions[0].resources, [cage]);

        read_tables(
            "zoo",
            &page,
            line_page("acs:zoo:*:*:cage/%s"),
            &[],
            &mut records,
            &mut errors,
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "zoo.md, table 1 (`Cages`), row 1 (`GetCage`), line 7: `acs:zoo:*:*:cage/%s` is not an arn template: `acs:zoo:*:*:cage/%s` spells a parameter as `%s`, which is not a known placeholder spelling"
            ]
        );
    }
}
