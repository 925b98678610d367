//! Scrape errors. Each names the page, table and row it comes from; a run collects all of them.

use std::fmt;

use ram_spec::ArnError;

use crate::page::SourceLocation;

/// Where on a page something was read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The page's path as given (`docs-source/cr/ram-authorization.ja.html`).
    pub page: String,
    /// The table's position on the page, from 1, and its section heading.
    pub table: Option<(usize, String)>,
    /// The body row, from 1.
    pub row: Option<usize>,
    /// The row's first cell, so that a reader finds the row without counting.
    pub key: Option<String>,
    /// Where the table or row is in the page's source, as its reader records it. Messages
    /// show a line number; an HTML element path is kept for tools but not printed, since the
    /// table and row numbers already find it and the path is long.
    pub source: Option<SourceLocation>,
}

impl Location {
    /// A whole page.
    #[must_use]
    pub fn page(page: &str) -> Self {
        Self {
            page: page.to_owned(),
            table: None,
            row: None,
            key: None,
            source: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.page)?;
        if let Some((index, section)) = &self.table {
            write!(f, ", table {index}")?;
            if !section.is_empty() {
                write!(f, " (`{section}`)")?;
            }
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
            if let Some(key) = &self.key {
                write!(f, " (`{key}`)")?;
            }
        }
        if let Some(SourceLocation::Line(line)) = &self.source {
            write!(f, ", line {line}")?;
        }
        Ok(())
    }
}

/// One reason a scrape fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScrapeError {
    /// A file could not be read.
    #[error("{at}: cannot read: {message}")]
    Io {
        /// The file.
        at: Location,
        /// The operating system's reason.
        message: String,
    },
    /// `SOURCES.toml` is malformed or incomplete.
    #[error("{at}: {message}")]
    Sources {
        /// The `SOURCES.toml` file.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// A page's bytes no longer match the hash recorded for it.
    #[error(
        "{at}: sha256 is `{actual}` but SOURCES.toml records `{recorded}`; if the page was replaced on purpose, update its `sha256` in SOURCES.toml"
    )]
    HashMismatch {
        /// The page.
        at: Location,
        /// The hash of the file on disk.
        actual: String,
        /// The hash in `SOURCES.toml`.
        recorded: String,
    },
    /// A page prints another last-updated date than `SOURCES.toml` records.
    #[error("{at}: the page prints last updated `{printed}` but SOURCES.toml records `{recorded}`")]
    DateMismatch {
        /// The page.
        at: Location,
        /// The date the page prints.
        printed: String,
        /// The date in `SOURCES.toml`.
        recorded: String,
    },
    /// An HTML file in the service folder that `SOURCES.toml` does not list.
    #[error("{at}: page is not listed in SOURCES.toml, so its provenance is unknown")]
    UnlistedPage {
        /// The page.
        at: Location,
    },
    /// A table kind the page is expected to have was not found.
    #[error("{at}: expected a `{kind}` table, found none")]
    MissingTable {
        /// The page.
        at: Location,
        /// The expected kind.
        kind: String,
    },
    /// A page with no authorization table at all.
    #[error("{at}: no authorization table found on the page")]
    NoTables {
        /// The page.
        at: Location,
    },
    /// A table without a header row of `<th>` cells.
    #[error("{at}: the table has no header row")]
    NoHeaderRow {
        /// The table.
        at: Location,
    },
    /// An Action of another service in a table of the page's service.
    #[error(
        "{at}: `{action}` is an action of another service than `{service}`; a page of `{service}` cannot document it (refuse the row in errata.toml, saying why the page lists it)"
    )]
    ForeignAction {
        /// The row.
        at: Location,
        /// The Action as read.
        action: String,
        /// The page's service.
        service: String,
    },
    /// A table of APIs alone on a page that does not declare what such a list means.
    #[error(
        "{at}: a table of apis alone says nothing of their authorization; declare what the page's prose says of it (`api_list = \"no-authorization\"` in SOURCES.toml)"
    )]
    UndeclaredApiList {
        /// The row.
        at: Location,
    },
    /// A header set that is not one of the known table shapes.
    #[error("{at}: unknown table header set {}", headers_list(.headers))]
    UnknownHeaders {
        /// The table.
        at: Location,
        /// The header cells as printed.
        headers: Vec<String>,
    },
    /// Two header cells that mean the same column.
    #[error("{at}: the header has two `{column}` columns")]
    DuplicateColumn {
        /// The table.
        at: Location,
        /// The column kind.
        column: String,
    },
    /// A row with fewer cells than the header.
    #[error("{at}: the row has {found} cells, the header has {expected}")]
    TooFewCells {
        /// The row.
        at: Location,
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A row with more cells than the header: a header cell is missing, or the row is broken.
    #[error("{at}: the row has {found} cells, the header has {expected}")]
    TooManyCells {
        /// The row.
        at: Location,
        /// Cells in the row.
        found: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A header whose cell count no row of its table has: one error for the table instead of
    /// one per row, since the header (a deleted or extra header cell), not the rows, is wrong.
    #[error(
        "{at}: the header has {expected} cells but none of the table's {rows} rows does (they have {found}); the header does not match its rows, so no column can be trusted"
    )]
    HeaderMismatch {
        /// The table.
        at: Location,
        /// Cells in the header.
        expected: usize,
        /// The table's rows.
        rows: usize,
        /// The cell counts the rows have, as `4` or `3 to 5`.
        found: String,
    },
    /// A required cell with no text.
    #[error("{at}: the `{column}` cell is empty")]
    EmptyCell {
        /// The row.
        at: Location,
        /// The header of the column.
        column: String,
    },
    /// A cell whose text is not a valid name.
    #[error("{at}: `{value}` is not a valid {what}")]
    BadName {
        /// The row.
        at: Location,
        /// What was expected (`api name`, `action`, ...).
        what: String,
        /// The cell's text.
        value: String,
    },
    /// An ARN that does not parse.
    #[error("{at}: `{text}` is not an arn template: {reason}")]
    BadArn {
        /// The row.
        at: Location,
        /// The cell value.
        text: String,
        /// Why.
        reason: ArnError,
    },
    /// An ARN in a `Resource | Description` table, which does not say which Action it is for.
    #[error(
        "{at}: `{text}` is an arn in a resource list without actions: which actions it is for is not said, so only `*` is read from such a table"
    )]
    ListedArn {
        /// The row.
        at: Location,
        /// The cell value.
        text: String,
    },
    /// A resource type name that the page's ARN table does not define.
    #[error("{at}: the resource type `{name}` is not a row of the page's arn table ({})", known_types(.known))]
    UnknownResourceType {
        /// The row.
        at: Location,
        /// The name as the cell gives it.
        name: String,
        /// The labels the page's ARN table defines.
        known: Vec<String>,
    },
    /// An access-level word the vocabulary does not know.
    #[error("{at}: unknown access level `{word}`")]
    UnknownAccessLevel {
        /// The row.
        at: Location,
        /// The word.
        word: String,
    },
    /// Two rows for one item that disagree.
    #[error("{at}: {what} `{name}` disagrees with {first}: {difference}")]
    Disagreement {
        /// The later row.
        at: Location,
        /// `api`, `parameter`, ...
        what: String,
        /// The item.
        name: String,
        /// The earlier row.
        first: Location,
        /// What differs.
        difference: String,
    },
    /// An Action with no documented access level whose verb the inference table does not know.
    #[error(
        "{at}: cannot infer the access level of `{action}`: no page documents one and its verb is not in the verb table"
    )]
    UnknownVerb {
        /// The first row naming the Action.
        at: Location,
        /// The Action.
        action: String,
    },
    /// An erratum whose documented value the pages no longer document.
    #[error(
        "{at}: the erratum of {item} (`{field}`) is stale: {message}; the vendor fixed or changed the page, so review and remove or update the erratum"
    )]
    StaleErratum {
        /// The errata file.
        at: Location,
        /// The item (`api `UpdateNamespace``).
        item: String,
        /// The corrected field.
        field: String,
        /// What the pages say now.
        message: String,
    },
    /// The assembled spec breaks an invariant (a bug in the scraper, reported rather than written).
    #[error("{at}: the scraped spec is invalid: {message}")]
    InvalidSpec {
        /// The service.
        at: Location,
        /// The broken invariant.
        message: String,
    },
}

fn headers_list(headers: &[String]) -> String {
    let quoted: Vec<String> = headers.iter().map(|h| format!("`{h}`")).collect();
    format!("[{}]", quoted.join(", "))
}

impl ScrapeError {
    /// Where the error is.
    #[must_use]
    pub fn location(&self) -> &Location {
        match self {
            Self::Io { at, .. }
            | Self::Sources { at, .. }
            | Self::HashMismatch { at, .. }
            | Self::DateMismatch { at, .. }
            | Self::UnlistedPage { at }
            | Self::MissingTable { at, .. }
            | Self::NoTables { at }
            | Self::NoHeaderRow { at }
            | Self::UnknownHeaders { at, .. }
            | Self::UndeclaredApiList { at }
            | Self::ForeignAction { at, .. }
            | Self::DuplicateColumn { at, .. }
            | Self::TooFewCells { at, .. }
            | Self::TooManyCells { at, .. }
            | Self::HeaderMismatch { at, .. }
            | Self::EmptyCell { at, .. }
            | Self::BadName { at, .. }
            | Self::BadArn { at, .. }
            | Self::UnknownResourceType { at, .. }
            | Self::ListedArn { at, .. }
            | Self::UnknownAccessLevel { at, .. }
            | Self::Disagreement { at, .. }
            | Self::UnknownVerb { at, .. }
            | Self::StaleErratum { at, .. }
            | Self::InvalidSpec { at, .. } => at,
        }
    }
}

/// The labels an unknown resource type could have been.
fn known_types(known: &[String]) -> String {
    if known.is_empty() {
        return "the page has no arn table".to_owned();
    }
    let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
    format!("it defines {}", quoted.join(", "))
}

/// Every error of a run, in page, table and row order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.0))]
pub struct ScrapeErrors(pub Vec<ScrapeError>);

fn render(errors: &[ScrapeError]) -> String {
    let lines: Vec<String> = errors.iter().map(|e| format!("error: {e}")).collect();
    format!(
        "{}\n{} error(s); nothing was written",
        lines.join("\n"),
        errors.len()
    )
}

impl ScrapeErrors {
    /// Sorts the errors by location so that the report reads top to bottom.
    #[must_use]
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.location().cmp(b.location()));
        self
    }
}
