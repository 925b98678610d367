//! Recognizing tables by the roles of their columns and reading their rows into records.

use ram_spec::{ANY_RESOURCE, AccessLevel, ArnStructure, Origin, normalize_template};

use crate::error::{Location, ScrapeError};
use crate::page::{Cell, RawTable};
use crate::vocabulary::{self, Column, TableKind};

/// A table whose header was recognized: which column index holds which kind.
#[derive(Debug)]
pub struct Classified<'a> {
    /// The table.
    pub table: &'a RawTable,
    /// Its shape.
    pub kind: TableKind,
    columns: Vec<(Column, usize)>,
    width: usize,
    headers: Vec<String>,
}

/// Classifies a table by the roles of its columns: each header names a role through the
/// vocabulary, and the kind follows from the roles ([`vocabulary::KIND_RULES`]). When the headers
/// alone make no kind, columns whose header names no role (or a prose role) take the role their
/// cells show ([`vocabulary::role_from_content`]), and the kind is tried again. `rg_page` says
/// whether the page documents resource groups. `declared` gives the roles a page declares for
/// headers that say something else (`[page.columns]` in `SOURCES.toml`), compared as
/// [`vocabulary::header_key`]s; they win over the vocabulary.
///
/// # Errors
///
/// [`ScrapeError::NoHeaderRow`], [`ScrapeError::DuplicateColumn`] or
/// [`ScrapeError::UnknownHeaders`].
pub fn classify<'a>(
    page: &str,
    table: &'a RawTable,
    rg_page: bool,
    declared: &[(String, Column)],
) -> Result<Classified<'a>, Box<ScrapeError>> {
    let at = table_location(page, table);
    let Some(headers) = &table.headers else {
        return Err(Box::new(ScrapeError::NoHeaderRow { at }));
    };
    let named: Vec<Option<Column>> = headers
        .iter()
        .map(|h| {
            let key = vocabulary::header_key(h);
            declared
                .iter()
                .find(|(header, _)| vocabulary::header_key(header) == key)
                .map(|(_, role)| *role)
                .or_else(|| Column::from_header(h))
        })
        .collect();
    let by_header = vocabulary::resolve_roles(&named);
    let mut columns = distinct_roles(&by_header, &at)?;
    let mut kind = vocabulary::kind_of(&roles(&columns), rg_page);
    // What the cells show wins where it makes a kind: a `Description` header over ARNs makes
    // an `Action | Resource` table, not an Action list without resources.
    let by_content = roles_with_content(table, &by_header);
    if by_content != by_header {
        let confirmed = distinct_roles(&vocabulary::resolve_roles(&by_content), &at)?;
        let by_cells = vocabulary::kind_of(&roles(&confirmed), rg_page);
        if by_cells.is_some() {
            kind = by_cells;
            columns = confirmed;
        }
    }
    match kind {
        Some(kind) => Ok(Classified {
            table,
            kind,
            columns,
            width: headers.len(),
            headers: headers.clone(),
        }),
        None => Err(Box::new(ScrapeError::UnknownHeaders {
            at,
            headers: headers.clone(),
        })),
    }
}

/// The roles of the columns with their index; a role named twice is an error, but for the
/// resource role: several resource columns (MQTT's `Naming format (with namespace)` and
/// `(no namespace)`) each give valid forms of the row's resource, all read.
fn distinct_roles(
    roles: &[Option<Column>],
    at: &Location,
) -> Result<Vec<(Column, usize)>, Box<ScrapeError>> {
    let mut columns: Vec<(Column, usize)> = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        let Some(role) = *role else { continue };
        if role != Column::Resource && columns.iter().any(|(c, _)| *c == role) {
            return Err(Box::new(ScrapeError::DuplicateColumn {
                at: at.clone(),
                column: role.to_string(),
            }));
        }
        columns.push((role, index));
    }
    Ok(columns)
}

fn roles(columns: &[(Column, usize)]) -> Vec<Column> {
    columns.iter().map(|(role, _)| *role).collect()
}

/// The header roles with the columns whose header names no role, or a prose role, replaced by
/// the role their cells show, where they show one.
fn roles_with_content(table: &RawTable, by_header: &[Option<Column>]) -> Vec<Option<Column>> {
    by_header
        .iter()
        .enumerate()
        .map(|(index, role)| {
            let overridable = role.is_none_or(|r| vocabulary::OVERRIDABLE_ROLES.contains(&r));
            if !overridable {
                return *role;
            }
            let lines: Vec<String> = table
                .rows
                .iter()
                .filter_map(|row| row.cells.get(index))
                .flat_map(|cell| join_split_arns(&cell.lines))
                .collect();
            vocabulary::role_from_content(lines.iter().map(String::as_str)).or(*role)
        })
        .collect()
}

/// Whether a table's headers name every role the resource-group resource-type table requires;
/// such a table makes its page one that documents resource groups.
#[must_use]
pub fn is_rg_types_table(table: &RawTable) -> bool {
    table.headers.as_ref().is_some_and(|headers| {
        let roles: Vec<Column> = headers
            .iter()
            .filter_map(|h| Column::from_header(h))
            .collect();
        vocabulary::KIND_RULES
            .iter()
            .filter(|rule| rule.kind == TableKind::RgResourceTypes)
            .all(|rule| rule.requires.iter().all(|role| roles.contains(role)))
    })
}

fn table_location(page: &str, table: &RawTable) -> Location {
    Location {
        page: page.to_owned(),
        table: Some((table.index, table.section.clone())),
        row: None,
        key: None,
        source: Some(table.at.clone()),
    }
}

/// One row of an ARN-format table.
#[derive(Debug, Clone)]
pub struct TemplateRow {
    pub label: String,
    pub template: String,
    pub structure: ArnStructure,
    pub origin: Origin,
}

/// One row of a parameter table.
#[derive(Debug, Clone)]
pub struct ParameterRow {
    pub name: String,
    pub description: Option<String>,
    pub origin: Origin,
    pub at: Location,
}

/// One row of an API table.
#[derive(Debug, Clone)]
pub struct ApiRow {
    pub name: String,
    /// Every Action of the row, in page order; at least one.
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub access_level: Option<AccessLevel>,
    /// The row names a variant of the API (`GetObject (with versionId …)`): its Actions and
    /// resources add to the API's.
    pub variant: bool,
    /// The row says no authorization is needed (`不鉴权`): it has no resources.
    pub no_authorization: bool,
    pub origin: Origin,
    pub at: Location,
}

/// One Action of an `Action | Resource` row or of the RG-unsupported list.
#[derive(Debug, Clone)]
pub struct ActionRow {
    pub action: String,
    pub resources: Vec<String>,
    pub access_level: Option<AccessLevel>,
    pub description: Option<String>,
    pub rg_unsupported: bool,
    /// The row says no authorization is needed.
    pub no_authorization: bool,
    pub origin: Origin,
    pub at: Location,
}

/// One row of the RG resource-type table.
#[derive(Debug, Clone)]
pub struct RgTypeRow {
    pub service: String,
    pub code: String,
    pub description: Option<String>,
    pub origin: Origin,
}

/// Everything read from the tables of one run.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub templates: Vec<TemplateRow>,
    pub parameters: Vec<ParameterRow>,
    pub apis: Vec<ApiRow>,
    pub actions: Vec<ActionRow>,
    pub rg_types: Vec<RgTypeRow>,
    /// The resources of `Resource | Description` tables, with the page's file name.
    pub listed_resources: Vec<(String, String)>,
    /// The rows of system-policy tables: name, description, where.
    pub system_policies: Vec<(String, Option<String>, Origin)>,
    /// The rows of condition-key tables: key, description, where.
    pub condition_keys: Vec<(String, Option<String>, Origin)>,
    /// The rows of region tables: region ID, name, where.
    pub regions: Vec<(String, Option<String>, Origin)>,
    /// Whether any page documents resource groups.
    pub rg_documented: bool,
    /// Rows read so far (every row that landed, all pages).
    pub rows_read: usize,
    /// Rows left unread by a refusal, with the page's file name.
    pub refused: Vec<(String, RefusedRow)>,
    /// Rows of tables under declared prose sections, not read (all pages).
    pub prose_rows: usize,
    /// The file names of the pages that document part of the service only (`partial`).
    pub partial_pages: std::collections::BTreeSet<String>,
}

/// What a page's `SOURCES.toml` entry and `errata.toml` say about reading its rows.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageRules<'a> {
    /// Rows not to read.
    pub refusals: &'a [crate::errata::Refusal],
    /// The column (from 1) that a short row lacks because the export merged it with the row
    /// above (`merged_column` in `SOURCES.toml`); `None`: a short row is an error.
    pub merged_column: Option<usize>,
    /// Further merged columns, after `merged_column`, for a row short by more than one cell
    /// (`merged_columns` in `SOURCES.toml`).
    pub merged_columns: &'a [usize],
    /// The ARN prefix the page's resource cells leave out (`resource_prefix` in `SOURCES.toml`).
    pub resource_prefix: Option<&'a str>,
    /// What a table of APIs alone means (`api_list` in `SOURCES.toml`).
    pub api_list: Option<crate::ApiListMeaning>,
}

/// A row a refusal left unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    /// The table on the page, from 1.
    pub table: usize,
    /// The row, from 1.
    pub row: usize,
    /// The row's key.
    pub key: String,
    /// Why it is not read.
    pub reason: String,
}

/// Reads a cell of a row; the row was checked to be wide enough.
struct Row<'a> {
    cells: &'a [Cell],
    table: &'a Classified<'a>,
    at: Location,
    /// The page's ARN table as `(label, template)`, for resources named by resource type.
    types: &'a [(String, String)],
    /// The resources the page's resource list gives every Action without its own.
    listed: &'a [String],
    /// The ARN prefix the page's resource cells leave out.
    prefix: Option<&'a str>,
}

impl Row<'_> {
    fn cell(&self, column: Column) -> Option<&Cell> {
        let (_, index) = self.table.columns.iter().find(|(c, _)| *c == column)?;
        self.cells.get(*index)
    }

    fn header(&self, column: Column) -> String {
        self.table
            .columns
            .iter()
            .find(|(c, _)| *c == column)
            .and_then(|(_, i)| self.table.headers.get(*i).cloned())
            .unwrap_or_else(|| column.to_string())
    }

    /// The values of a required column (of every column of that role, in column order); an
    /// empty cell is an error.
    fn required(&self, column: Column, errors: &mut Vec<ScrapeError>) -> Option<Vec<String>> {
        let lines: Vec<String> = self
            .table
            .columns
            .iter()
            .filter(|(c, _)| *c == column)
            .filter_map(|(_, index)| self.cells.get(*index))
            .flat_map(|cell| cell.lines.iter().cloned())
            .collect();
        match self.cell(column) {
            Some(cell) if !cell.lines.is_empty() => Some(lines),
            _ => {
                errors.push(ScrapeError::EmptyCell {
                    at: self.at.clone(),
                    column: self.header(column),
                });
                None
            }
        }
    }

    /// A [`ScrapeError::BadName`] at this row.
    fn bad_name(&self, what: &str, value: impl Into<String>) -> ScrapeError {
        ScrapeError::BadName {
            at: self.at.clone(),
            what: what.to_owned(),
            value: value.into(),
        }
    }

    /// The prose of an optional column; empty and `-` mean "not given".
    fn prose(&self, column: Column) -> Option<String> {
        let text = self.cell(column)?.text();
        (!text.is_empty() && text != "-" && text != "—").then_some(text)
    }
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An API cell `Name (text)` or `Name（text）` as the name and the text in parentheses.
fn api_qualifier(cell: &str) -> Option<(&str, &str)> {
    let (open, close) = if cell.ends_with(')') {
        ("(", ")")
    } else if cell.ends_with('）') {
        ("（", "）")
    } else {
        return None;
    };
    let (api, rest) = cell.split_once(open)?;
    Some((api.trim(), rest.strip_suffix(close)?.trim()))
}

/// Qualifies an Action with the service code when the page leaves the prefix out, and checks
/// that it is a `service:Name` of the page's service: an Action of another service
/// (`cms:ListAlarm` on an Elasticsearch page) would otherwise be documented as this service's.
fn action_name(
    service: &str,
    value: &str,
    at: &Location,
    errors: &mut Vec<ScrapeError>,
) -> Option<String> {
    let full = if value.contains(':') {
        value.to_owned()
    } else {
        format!("{service}:{value}")
    };
    if let Some((prefix, _)) = full.split_once(':')
        && !prefix.eq_ignore_ascii_case(service)
    {
        errors.push(ScrapeError::ForeignAction {
            at: at.clone(),
            action: full.clone(),
            service: service.to_owned(),
        });
        return None;
    }
    let valid = full.split_once(':').is_some_and(|(prefix, name)| {
        !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && is_name(name)
    });
    if valid {
        Some(full)
    } else {
        errors.push(ScrapeError::BadName {
            at: at.clone(),
            what: "action".into(),
            value: value.to_owned(),
        });
        None
    }
}

/// Joins values that a `<br>` split out of one ARN (`.../$chartnamespacename/` + `$chartrepositoryname`).
fn join_split_arns(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let continues = out.last().is_some_and(|last: &String| {
            last.starts_with("acs:")
                && (last.ends_with('/') || last.ends_with(':') || value.starts_with('/'))
        });
        match out.last_mut() {
            Some(last) if continues => last.push_str(value),
            _ => out.push(value.clone()),
        }
    }
    out
}

/// The canonical text of a documented template (every placeholder spelled `$name`) and its
/// structure. The spec holds the canonical text, so that `{regionid}` on one page and
/// `$regionid` on another name the same template.
fn canonical_template(documented: &str) -> Result<(String, ArnStructure), ram_spec::ArnError> {
    let text = normalize_template(documented)?;
    let structure = ArnStructure::parse(&text)?;
    Ok((text, structure))
}

/// Parses resource values: `*` or ARN templates.
fn resources(
    values: &[String],
    at: &Location,
    errors: &mut Vec<ScrapeError>,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ok = true;
    // Two ARNs in one line, separated by a space (an ARN holds none): each is read. A joining
    // word between them was split off by `row_resources`.
    let values: Vec<String> = join_split_arns(values)
        .iter()
        .flat_map(|value| {
            value
                .split(' ')
                .fold(Vec::<String>::new(), |mut parts, word| {
                    match parts.last_mut() {
                        Some(last) if !(word.starts_with("acs:") && last.starts_with("acs:")) => {
                            last.push(' ');
                            last.push_str(word);
                        }
                        _ => parts.push(word.to_owned()),
                    }
                    parts
                })
        })
        .collect();
    for (index, value) in values.iter().enumerate() {
        let next = values.get(index + 1).map(String::as_str);
        if vocabulary::is_resource_label(value, next) {
            continue;
        }
        // Bold inside a code span stays `**` in the text (`acs:log:**${regionName}**:…`): it
        // is emphasis, never ARN text.
        let value = value.replace("**", "");
        // A note is prose about the values, on a line of its own or glued after an ARN
        // (`…/$templateid**说明：** 如果指定参数TemplateId，则需要鉴权。`): the ARN before it is read.
        let value = match vocabulary::note_start(&value) {
            Some(0) => continue,
            Some(start) => value[..start].trim_end().to_owned(),
            None => value,
        };
        // A label on the ARN's own line (`当ChangeSetType取值为CREATE时：acs:ros:…`, `VPC: acs:…`)
        // says when the resource applies; the ARN after it is read.
        let value = vocabulary::strip_resource_label(&value).to_owned();
        let value = vocabulary::OPTIONAL_MARKERS
            .iter()
            .find_map(|marker| value.strip_prefix(marker))
            .map_or(value.clone(), |rest| rest.trim().to_owned());
        if value == ANY_RESOURCE {
            out.push(value);
            continue;
        }
        match canonical_template(&value) {
            Ok((text, _)) => out.push(text),
            Err(reason) => {
                ok = false;
                errors.push(ScrapeError::BadArn {
                    at: at.clone(),
                    text: value,
                    reason,
                });
            }
        }
    }
    ok.then_some(out)
}

/// The parts of a value that joining words ([`vocabulary::ARN_JOINERS`]) separate
/// (`instances/* or instances/$instanceId`); the value itself when no joiner stands between
/// two parts.
fn split_on_joiners(value: &str) -> Vec<String> {
    // Chinese writes its joiners without spaces (`instances/*或instances/$instanceId`).
    let mut spaced = value.to_owned();
    for joiner in vocabulary::ARN_JOINERS.iter().filter(|j| !j.is_ascii()) {
        spaced = spaced.replace(joiner, &format!(" {joiner} "));
    }
    let mut parts: Vec<Vec<&str>> = vec![Vec::new()];
    for word in spaced.split(' ').filter(|w| !w.is_empty()) {
        let joins = vocabulary::ARN_JOINERS.contains(&word)
            && parts.last().is_some_and(|part| !part.is_empty());
        match parts.last_mut() {
            Some(part) if !joins => part.push(word),
            _ => parts.push(Vec::new()),
        }
    }
    if parts.iter().any(Vec::is_empty) {
        return vec![value.to_owned()];
    }
    parts.iter().map(|words| words.join(" ")).collect()
}

/// A row's resources: its resource column's ARNs, the ARNs of the resource types it names, or,
/// in an Action list without resources, what the page's resource list gives every Action.
fn row_resources(row: &Row<'_>, errors: &mut Vec<ScrapeError>) -> Option<Vec<String>> {
    let has = |column| row.table.columns.iter().any(|(c, _)| *c == column);
    if !has(Column::Resource) && !has(Column::ResourceTypeName) {
        return Some(row.listed.to_vec());
    }
    if row.cell(Column::ResourceTypeName).is_some() {
        let values = row.required(Column::ResourceTypeName, errors)?;
        return resources_of_types(&values, row.types, &row.at, errors);
    }
    row.required(Column::Resource, errors).and_then(|values| {
        // Values joined by a word are split first, so that a relative one is completed part
        // by part (`instances/* or instances/$instanceId`).
        let values = values.iter().flat_map(|v| split_on_joiners(v));
        let values: Vec<String> = match row.prefix {
            // `instance/*` under "the resources below leave out `acs:ots:[region]:[user_id]:`".
            Some(prefix) => values
                .map(|v| {
                    if v.starts_with("acs:") || v == ANY_RESOURCE {
                        v
                    } else {
                        format!("{prefix}{v}")
                    }
                })
                .collect(),
            None => values.collect(),
        };
        resources(&values, &row.at, errors)
    })
}

/// The ARNs of resource types named by the labels of the page's ARN table, in any ASCII case;
/// several names in one cell are joined by [`vocabulary::RESOURCE_TYPE_JOINERS`], and
/// [`vocabulary::NO_RESOURCE_TYPE_WORDS`] mean `*`. A name the table does not define is an
/// error that lists the names it does.
fn resources_of_types(
    values: &[String],
    types: &[(String, String)],
    at: &Location,
    errors: &mut Vec<ScrapeError>,
) -> Option<Vec<String>> {
    // A page without an ARN table uses the column for categories (`Project`, `Logstore` on
    // the Log Service Action list): they name no ARN, so the row has no resources here.
    if types.is_empty() {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut ok = true;
    for value in values {
        if vocabulary::NO_RESOURCE_TYPE_WORDS.contains(&value.to_lowercase().as_str()) {
            out.push(ANY_RESOURCE.to_owned());
            continue;
        }
        let mut names = vec![value.clone()];
        for joiner in vocabulary::RESOURCE_TYPE_JOINERS {
            names = names
                .iter()
                .flat_map(|name| name.split(joiner).map(|part| part.trim().to_owned()))
                .collect();
        }
        for name in names.iter().filter(|n| !n.is_empty()) {
            let found: Vec<&String> = types
                .iter()
                .filter(|(label, _)| label.eq_ignore_ascii_case(name))
                .map(|(_, template)| template)
                .collect();
            if found.is_empty() {
                ok = false;
                let mut known: Vec<String> = types.iter().map(|(l, _)| l.clone()).collect();
                known.dedup();
                errors.push(ScrapeError::UnknownResourceType {
                    at: at.clone(),
                    name: name.clone(),
                    known,
                });
            }
            out.extend(found.into_iter().cloned());
        }
    }
    ok.then_some(out)
}

fn access_level(row: &Row<'_>, errors: &mut Vec<ScrapeError>) -> Result<Option<AccessLevel>, ()> {
    if let Some(word) = row.prose(Column::ReadOnly) {
        let key = word.to_lowercase();
        return match vocabulary::READ_ONLY_WORDS.iter().find(|(w, _)| *w == key) {
            Some((_, true)) => Ok(Some(AccessLevel::Read)),
            Some((_, false)) => Ok(Some(AccessLevel::Write)),
            None => {
                errors.push(ScrapeError::UnknownAccessLevel {
                    at: row.at.clone(),
                    word,
                });
                Err(())
            }
        };
    }
    let Some(word) = row.prose(Column::AccessLevel) else {
        if row
            .table
            .columns
            .iter()
            .any(|(c, _)| *c == Column::AccessLevel)
        {
            errors.push(ScrapeError::EmptyCell {
                at: row.at.clone(),
                column: row.header(Column::AccessLevel),
            });
            return Err(());
        }
        return Ok(None);
    };
    AccessLevel::from_vendor_word(&word).map(Some).map_err(|_| {
        errors.push(ScrapeError::UnknownAccessLevel {
            at: row.at.clone(),
            word,
        });
    })
}

/// The cell that names a row best in a message: the API, Action, parameter, ARN or type, else
/// the first cell.
fn key_of(table: &Classified<'_>, cells: &[Cell]) -> Option<String> {
    const KEYS: [Column; 5] = [
        Column::Api,
        Column::Action,
        Column::Parameter,
        Column::ArnFormat,
        Column::Type,
    ];
    let index = KEYS
        .iter()
        .find_map(|key| {
            table
                .columns
                .iter()
                .find(|(c, _)| c == key)
                .map(|(_, i)| *i)
        })
        .unwrap_or(0);
    cells.get(index).and_then(|c| c.lines.first()).cloned()
}

/// Reads every row of a classified table into `records`, pushing an error for each row that
/// cannot be read. `file` is the page's file name as origins record it.
pub fn read_rows(
    service: &str,
    page: &str,
    file: &str,
    table: &Classified<'_>,
    rules: &PageRules<'_>,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let refusals = rules.refusals;
    let counts = table.table.rows.iter().map(|row| row.cells.len());
    if let (Some(fewest), Some(most)) = (counts.clone().min(), counts.max())
        && !table
            .table
            .rows
            .iter()
            .any(|row| row.cells.len() == table.width)
    {
        errors.push(ScrapeError::HeaderMismatch {
            at: table_location(page, table.table),
            expected: table.width,
            rows: table.table.rows.len(),
            found: if fewest == most {
                fewest.to_string()
            } else {
                format!("{fewest} to {most}")
            },
        });
        return;
    }
    let types: Vec<(String, String)> = records
        .templates
        .iter()
        .filter(|t| t.origin.source == file)
        .map(|t| (t.label.clone(), t.template.clone()))
        .collect();
    let listed: Vec<String> = records
        .listed_resources
        .iter()
        .filter(|(page, _)| page == file)
        .map(|(_, resource)| resource.clone())
        .collect();
    let mut previous: Option<Vec<Cell>> = None;
    for (i, raw) in table.table.rows.iter().enumerate() {
        let merged;
        // Merged cells exported as a short row: a row short by k cells lacks the first k
        // declared columns, whose values are the row above's.
        let declared: Vec<usize> = rules
            .merged_column
            .into_iter()
            .chain(rules.merged_columns.iter().copied())
            .collect();
        let missing = table.width.saturating_sub(raw.cells.len());
        let cells = match &previous {
            Some(above)
                if missing >= 1
                    && missing <= declared.len()
                    && declared[..missing]
                        .iter()
                        .all(|c| (1..=table.width).contains(c)) =>
            {
                let mut columns = declared[..missing].to_vec();
                columns.sort_unstable();
                let mut filled = raw.cells.clone();
                for column in columns {
                    filled.insert(column - 1, above[column - 1].clone());
                }
                merged = filled;
                merged.as_slice()
            }
            _ => raw.cells.as_slice(),
        };
        if cells.len() == table.width {
            previous = Some(cells.to_vec());
        }
        let at = Location {
            page: page.to_owned(),
            table: Some((table.table.index, table.table.section.clone())),
            row: Some(i + 1),
            key: key_of(table, cells),
            source: Some(raw.at.clone()),
        };
        let origin = Origin {
            source: file.to_owned(),
            section: table.table.section.clone(),
            table: table.table.index,
            row: i + 1,
        };
        if let Some(refusal) = refusals
            .iter()
            .find(|r| r.page == file && at.key.as_deref() == Some(r.row.as_str()))
        {
            records.refused.push((
                file.to_owned(),
                RefusedRow {
                    table: table.table.index,
                    row: i + 1,
                    key: refusal.row.clone(),
                    reason: refusal.reason.clone(),
                },
            ));
            continue;
        }
        let before = errors.len();
        if cells.len() > table.width {
            errors.push(ScrapeError::TooManyCells {
                at,
                found: cells.len(),
                expected: table.width,
            });
            continue;
        }
        if cells.len() < table.width {
            errors.push(ScrapeError::TooFewCells {
                at,
                found: cells.len(),
                expected: table.width,
            });
            continue;
        }
        let row = Row {
            cells,
            table,
            at: at.clone(),
            types: &types,
            listed: &listed,
            prefix: rules.resource_prefix,
        };
        match table.kind {
            TableKind::ArnFormats => read_template_row(&row, origin, records, errors),
            TableKind::ArnParameters => read_parameter_row(&row, origin, records, errors),
            TableKind::ApiActions => read_api_row(service, &row, origin, records, errors),
            TableKind::ActionResources => read_action_row(service, &row, origin, records, errors),
            TableKind::RgResourceTypes => read_rg_type_row(&row, origin, records, errors),
            TableKind::RgUnsupportedActions => {
                read_unsupported_row(service, &row, origin, records, errors)
            }
            TableKind::ResourceList => read_listed_resource_row(file, &row, records, errors),
            TableKind::SystemPolicies => read_system_policy_row(&row, origin, records, errors),
            TableKind::ConditionKeys => read_condition_key_row(&row, origin, records, errors),
            TableKind::Regions => read_region_row(&row, origin, records, errors),
            TableKind::ApiList => {
                read_api_list_row(service, &row, rules.api_list, origin, records, errors);
            }
        }
        if errors.len() == before {
            records.rows_read += 1;
        }
    }
}

fn read_template_row(
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let label = row.prose(Column::ResourceType).unwrap_or_default();
    let Some(values) = row.required(Column::ArnFormat, errors) else {
        return;
    };
    for documented in join_split_arns(&values) {
        match canonical_template(&documented) {
            Ok((template, structure)) => records.templates.push(TemplateRow {
                label: label.clone(),
                template,
                structure,
                origin: origin.clone(),
            }),
            Err(reason) => errors.push(ScrapeError::BadArn {
                at: row.at.clone(),
                text: documented,
                reason,
            }),
        }
    }
}

fn read_parameter_row(
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let Some(values) = row.required(Column::Parameter, errors) else {
        return;
    };
    let text = values.join(" ");
    // `$name`, `${name}`, `$ {Logstorename}`: the name without its placeholder spelling.
    let name: String = text
        .chars()
        .filter(|c| !matches!(c, '$' | '{' | '}' | '\\' | ' '))
        .collect();
    let name = name.as_str();
    if !is_name(name) {
        errors.push(row.bad_name("parameter name", text));
        return;
    }
    records.parameters.push(ParameterRow {
        name: name.to_owned(),
        description: row.prose(Column::Description),
        origin,
        at: row.at.clone(),
    });
}

/// A row of a table of APIs alone, as the page declares it: with `no-authorization`, the API
/// is authorized as the Action of its name (as in the page's `API | Resource` tables) and that
/// Action needs no authorization.
fn read_api_list_row(
    service: &str,
    row: &Row<'_>,
    meaning: Option<crate::ApiListMeaning>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let Some(crate::ApiListMeaning::NoAuthorization) = meaning else {
        errors.push(ScrapeError::UndeclaredApiList { at: row.at.clone() });
        return;
    };
    let Some(name) = row.required(Column::Api, errors).map(|v| v.join(" ")) else {
        return;
    };
    if !is_name(&name) {
        errors.push(row.bad_name("api name", name));
        return;
    }
    let Some(action) = action_name(service, &name, &row.at, errors) else {
        return;
    };
    records.actions.push(ActionRow {
        action,
        resources: Vec::new(),
        access_level: None,
        description: None,
        rg_unsupported: false,
        no_authorization: true,
        origin,
        at: row.at.clone(),
    });
}

/// Whether the row's resource cell says that no authorization is needed
/// ([`vocabulary::NO_AUTHORIZATION_PHRASES`]).
fn says_no_authorization(row: &Row<'_>) -> bool {
    row.cell(Column::Resource)
        .is_some_and(|cell| vocabulary::says_no_authorization(&cell.text()))
}

fn read_api_row(
    service: &str,
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let before = errors.len();
    // `GetService (ListBuckets)`: the API and, in parentheses, the other name it goes by; the
    // API is the first. `GetObject (with versionId specified in the request)`: a variant of the
    // API, whose Actions it also needs in that case.
    let mut variant = false;
    let name =
        row.required(Column::Api, errors)
            .map(|v| v.join(" "))
            .map(|name| match api_qualifier(&name) {
                Some((api, qualifier)) if is_name(api) => {
                    variant = !is_name(qualifier);
                    api.to_owned()
                }
                _ => name,
            });
    if let Some(name) = &name
        && !is_name(name)
    {
        errors.push(row.bad_name("api name", name.clone()));
    }
    // An API authorized as several Actions lists them all in its cell, one per line.
    let actions: Vec<String> = row
        .required(Column::Action, errors)
        .unwrap_or_default()
        .iter()
        .filter(|value| !vocabulary::is_note(value))
        // `oss:GetObject,oss:PutObject`: several Actions on one line.
        .flat_map(|value| {
            value
                .split(',')
                .map(str::trim)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter_map(|value| action_name(service, &value, &row.at, errors))
        .collect();
    let no_authorization = says_no_authorization(row);
    let resources = if no_authorization {
        Some(Vec::new())
    } else {
        row_resources(row, errors)
    };
    let level = access_level(row, errors);
    if errors.len() > before {
        return;
    }
    if let (Some(name), Some(resources), Ok(access_level)) = (name, resources, level) {
        records.apis.push(ApiRow {
            name,
            actions,
            resources,
            access_level,
            variant,
            no_authorization,
            origin,
            at: row.at.clone(),
        });
    }
}

fn read_action_row(
    service: &str,
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let before = errors.len();
    let names: Vec<String> = row
        .required(Column::Action, errors)
        .unwrap_or_default()
        .iter()
        .filter(|value| !vocabulary::is_note(value))
        // `log:GetCursorOrData (GetCursor, PullLogs, and GetCursorTime)`: the Action, then the
        // APIs it covers in parentheses.
        .map(|value| match api_qualifier(value) {
            Some((action, _)) => action.to_owned(),
            None => value.clone(),
        })
        .filter_map(|value| action_name(service, &value, &row.at, errors))
        .collect();
    let no_authorization = says_no_authorization(row);
    let resources = if no_authorization {
        Some(Vec::new())
    } else {
        row_resources(row, errors)
    };
    let level = access_level(row, errors);
    if errors.len() > before {
        return;
    }
    if let (Some(resources), Ok(access_level)) = (resources, level) {
        for action in names {
            records.actions.push(ActionRow {
                action,
                resources: resources.clone(),
                access_level,
                description: row.prose(Column::Description),
                rg_unsupported: false,
                no_authorization,
                origin: origin.clone(),
                at: row.at.clone(),
            });
        }
    }
}

/// A row of a `Resource | Description` table: only `*` is read, since a list of ARNs does not
/// say which Action each is for.
fn read_listed_resource_row(
    file: &str,
    row: &Row<'_>,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let Some(values) = row.required(Column::Resource, errors) else {
        return;
    };
    for value in values {
        if value == ANY_RESOURCE {
            records.listed_resources.push((file.to_owned(), value));
        } else {
            errors.push(ScrapeError::ListedArn {
                at: row.at.clone(),
                text: value,
            });
        }
    }
}

/// A row of a system-policy or condition-key table: the name of the `column` (checked by
/// `valid`, named `what` in errors) and the row's description.
fn read_described_row(
    row: &Row<'_>,
    column: Column,
    what: &str,
    valid: fn(&str) -> bool,
    errors: &mut Vec<ScrapeError>,
) -> Option<(String, Option<String>)> {
    let name = row.required(column, errors)?.join(" ");
    if !valid(&name) {
        errors.push(row.bad_name(what, name));
        return None;
    }
    Some((name, row.prose(Column::Description)))
}

fn read_system_policy_row(
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    if let Some((name, description)) =
        read_described_row(row, Column::Policy, "system policy name", is_name, errors)
    {
        records.system_policies.push((name, description, origin));
    }
}

/// `service:Name`, the name of letters, digits, `_`, `-` and `/` (`oss:BucketTag/env`).
fn is_condition_key(name: &str) -> bool {
    name.split_once(':').is_some_and(|(service, key)| {
        is_name(service)
            && !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-/".contains(c))
    })
}

fn read_condition_key_row(
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    if let Some((name, description)) = read_described_row(
        row,
        Column::ConditionKey,
        "condition key",
        is_condition_key,
        errors,
    ) {
        records.condition_keys.push((name, description, origin));
    }
}

/// A region ID: lowercase letters, digits and `-` (`cn-hangzhou`, `ap-south-1`).
fn is_region_id(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn read_region_row(
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    if let Some((name, description)) =
        read_described_row(row, Column::RegionId, "region id", is_region_id, errors)
    {
        records.regions.push((name, description, origin));
    }
}

fn read_rg_type_row(
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let code_cell = row
        .required(Column::CloudServiceCode, errors)
        .map(|v| v.join(" "));
    let type_cell = row.required(Column::Type, errors).map(|v| v.join(" "));
    let (Some(service_code), Some(type_text)) = (code_cell, type_cell) else {
        return;
    };
    let (code, description) = match type_text.split_once(':') {
        Some((code, description)) => (code.trim().to_owned(), Some(description.trim().to_owned())),
        None => (type_text.trim().to_owned(), None),
    };
    let code_like = |s: &str| is_name(s) && s.chars().all(|c| !c.is_ascii_uppercase());
    if !code_like(&service_code) {
        errors.push(row.bad_name("service code", service_code));
        return;
    }
    if !code_like(&code) {
        errors.push(row.bad_name("resource type code", code));
        return;
    }
    records.rg_types.push(RgTypeRow {
        service: service_code,
        code,
        description: description.filter(|d| !d.is_empty()),
        origin,
    });
}

fn read_unsupported_row(
    service: &str,
    row: &Row<'_>,
    origin: Origin,
    records: &mut Records,
    errors: &mut Vec<ScrapeError>,
) {
    let Some(values) = row.required(Column::Action, errors) else {
        return;
    };
    for value in values {
        if let Some(action) = action_name(service, &value, &row.at, errors) {
            records.actions.push(ActionRow {
                action,
                resources: Vec::new(),
                access_level: None,
                description: row.prose(Column::Description),
                rg_unsupported: true,
                no_authorization: false,
                origin: origin.clone(),
                at: row.at.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_arns_are_joined_back() {
        let values = vec![
            "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename/".to_owned(),
            "$chartrepositoryname".to_owned(),
            "acs:cr:*:*:instance/$instanceid".to_owned(),
        ];
        assert_eq!(
            join_split_arns(&values),
            [
                "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename/$chartrepositoryname",
                "acs:cr:*:*:instance/$instanceid"
            ]
        );
    }
}
