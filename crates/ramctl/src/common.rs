//! What the subcommands share: output formats, the attachment scope, reading input files or
//! standard input, writing the report, aligned tables, and resolving API or Action names.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use ram_catalog::{ActionRef, ApiRef, Catalog, CatalogError};
use ram_core::UnknownName;

/// Output formats of `generate`, `explain`, `actions` and `apis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Text for people.
    #[default]
    Human,
    /// JSON for programs, pretty-printed.
    Json,
}

/// Where a policy is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Scope {
    /// At account level: it applies to every resource of the account.
    #[default]
    Account,
    /// At a resource group: it applies to the group's resources, and only to Actions that
    /// support resource-group-level authorization.
    ResourceGroup,
}

impl Scope {
    /// `account` or `resource-group`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::ResourceGroup => "resource-group",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: cannot read the file: {message}")]
pub struct ReadError {
    /// The file as given (`<stdin>` for `-`).
    pub source_name: String,
    /// What went wrong.
    pub message: String,
}

/// The name standard input is shown as.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads a file, or standard input for `-`; returns the name to show and the text, without a
/// leading UTF-8 byte-order mark.
///
/// # Errors
///
/// A [`ReadError`] naming the file as given.
pub fn read_input(path: &Path) -> Result<(String, String), ReadError> {
    let (source_name, result) = if path.as_os_str() == "-" {
        let mut text = String::new();
        let result = io::stdin().read_to_string(&mut text).map(|_| text);
        (STDIN_NAME.to_owned(), result)
    } else {
        (path.display().to_string(), std::fs::read_to_string(path))
    };
    match result {
        // A UTF-8 byte-order mark is not part of the document (editors on Windows write one);
        // JSON parsers would call it an unexpected token at 1:1.
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok((source_name, text))
        }
        Err(e) => Err(ReadError {
            source_name,
            message: io_message(&e),
        }),
    }
}

/// An I/O error in the style of the other messages (lowercase).
#[must_use]
pub fn io_message(error: &io::Error) -> String {
    if error.kind() == io::ErrorKind::InvalidData {
        return "the file is not valid utf-8".to_owned();
    }
    lowercase_first(&error.to_string())
}

/// The text with its first character lowercased, for messages of other libraries.
#[must_use]
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes the report to standard output and returns `code`, or 2 when standard output fails.
#[must_use]
pub fn print(output: &str, code: u8) -> ExitCode {
    let mut stdout = io::stdout().lock();
    if let Err(e) = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        eprintln!("cannot write the report: {}", io_message(&e));
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}

/// Prints every error on standard error, one per line, and returns exit status 2.
#[must_use]
pub fn fail<E: fmt::Display>(errors: &[E]) -> ExitCode {
    for e in errors {
        eprintln!("{e}");
    }
    ExitCode::from(2)
}

/// Pretty JSON with a trailing newline.
#[must_use]
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// An aligned table: the header row, then one row per entry, columns separated by two
/// spaces and padded to the widest cell (the last column is not padded). Every line ends in a
/// newline.
#[must_use]
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(i) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let width = widths.get(i).copied().unwrap_or(0);
                line.push_str(&format!("{cell:<width$}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The catalog of every service the binary embeds (`generated/*/spec.json`).
///
/// # Errors
///
/// A [`CatalogError`] when an embedded spec is invalid (a build of a broken checkout).
pub fn catalog() -> Result<&'static Catalog, CatalogError> {
    Catalog::embedded()
}

/// The service a `--service CODE` option names, in any ASCII case.
///
/// ```
/// use ramctl::common::{catalog, service};
/// let catalog = catalog().unwrap();
/// assert_eq!(service(catalog, "ECS").unwrap().code(), "ecs");
/// assert_eq!(
///     service(catalog, "ecss").unwrap_err().to_string(),
///     "unknown service `ecss`; did you mean `ecs`?"
/// );
/// ```
///
/// # Errors
///
/// An [`UnknownName`] with the closest service codes of the catalog.
pub fn service(
    catalog: &'static Catalog,
    code: &str,
) -> Result<&'static ram_catalog::Service, UnknownName> {
    catalog.service(code).ok_or_else(|| {
        UnknownName::new(
            "service",
            code,
            catalog.services().iter().map(ram_catalog::Service::code),
        )
    })
}

/// An API or an Action, as named on the command line.
#[derive(Debug, Clone, Copy)]
pub enum Name {
    /// An API (`PullRepository`), named exactly as documented.
    Api(ApiRef<'static>),
    /// An Action (`cr:PullRepository`), named in any case.
    Action(ActionRef<'static>),
}

impl Name {
    /// The Action: the API's, or the Action itself; `None` only for an API whose spec does not
    /// list its Action.
    #[must_use]
    pub fn action(self) -> Option<ActionRef<'static>> {
        match self {
            Self::Api(api) => api.action(),
            Self::Action(action) => Some(action),
        }
    }

    /// The name as documented.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Api(api) => api.name(),
            Self::Action(action) => action.name(),
        }
    }
}

/// Resolves a name: with a `:`, an Action (case-insensitive, as RAM matches Actions); without,
/// an API (exactly as documented).
///
/// An API is looked up in every service, by service code; the first service that documents the
/// name wins. An Action name carries its service.
///
/// ```
/// use ramctl::common::{catalog, resolve};
/// let catalog = catalog().unwrap();
/// let resolve = |name| resolve(catalog, name);
/// assert_eq!(resolve("GetRepoTagManifest").unwrap().action().unwrap().name(), "cr:GetRepositoryManifest");
/// assert_eq!(resolve("CR:getrepotagmanifest").unwrap().action().unwrap().name(), "cr:GetRepoTagManifest");
/// assert_eq!(
///     resolve("PullRepo").unwrap_err().to_string(),
///     "unknown api `PullRepo`; did you mean one of `PullRepository`, `PullChart`?"
/// );
/// assert_eq!(
///     resolve("GetRepositoryManifest").unwrap_err().to_string(),
///     "unknown api `GetRepositoryManifest`; did you mean one of `cr:GetRepositoryManifest`, `GetRepository`, `GetRepoTagManifest`?"
/// );
/// ```
///
/// # Errors
///
/// An [`UnknownName`] with the closest APIs or Actions. An unknown name without `:` that is an
/// Action without its prefix suggests the Action first.
pub fn resolve(catalog: &'static Catalog, input: &str) -> Result<Name, UnknownName> {
    if input.contains(':') {
        return catalog.action(input).map(Name::Action).ok_or_else(|| {
            UnknownName::new("action", input, catalog.actions().map(ActionRef::name))
        });
    }
    if let Some(api) = catalog.find_api(input) {
        return Ok(Name::Api(api));
    }
    // The Action of that name in any service, then the closest APIs.
    let mut suggestions: Vec<&'static str> = catalog
        .services()
        .iter()
        .filter_map(|service| catalog.action(&format!("{}:{input}", service.code())))
        .map(ActionRef::name)
        .take(3)
        .collect();
    for api in ram_core::suggest(input, catalog.apis().map(ApiRef::name)) {
        if suggestions.len() < 3 {
            suggestions.push(api);
        }
    }
    Err(UnknownName {
        kind: "api",
        input: input.to_owned(),
        suggestions,
    })
}

/// Resolves a name within one service (`--service CODE`): an API of that service, exactly as
/// documented, or an Action of it, with or without its prefix (`Decrypt` is `kms:Decrypt` under
/// `--service kms`).
///
/// ```
/// use ramctl::common::{Name, catalog, resolve_in, service};
/// let catalog = catalog().unwrap();
/// let kms = service(catalog, "kms").unwrap();
/// assert!(matches!(resolve_in(catalog, kms, "Decrypt"), Ok(Name::Api(a)) if a.name() == "Decrypt"));
/// assert!(matches!(resolve_in(catalog, kms, "kms:decrypt"), Ok(Name::Action(a)) if a.name() == "kms:Decrypt"));
/// // Another service's Action is not one of this service's.
/// assert!(resolve_in(catalog, kms, "cr:GetInstance").is_err());
/// assert_eq!(
///     resolve_in(catalog, kms, "kms:Decrypy").unwrap_err().to_string(),
///     "unknown action `kms:Decrypy`; did you mean one of `kms:Decrypt`, `kms:Encrypt`?"
/// );
/// ```
///
/// # Errors
///
/// An [`UnknownName`] with the closest APIs or Actions of that service.
pub fn resolve_in(
    catalog: &'static Catalog,
    service: &'static ram_catalog::Service,
    input: &str,
) -> Result<Name, UnknownName> {
    let prefix = format!("{}:", service.code());
    if input.contains(':') {
        let own = input.len() > prefix.len() && input[..prefix.len()].eq_ignore_ascii_case(&prefix);
        return catalog
            .action(input)
            .filter(|_| own)
            .map(Name::Action)
            .ok_or_else(|| {
                UnknownName::new("action", input, service.actions().map(ActionRef::name))
            });
    }
    if let Some(api) = service.api(input) {
        return Ok(Name::Api(api));
    }
    if let Some(action) = catalog.action(&format!("{prefix}{input}")) {
        return Ok(Name::Action(action));
    }
    Err(UnknownName::new(
        "api",
        input,
        service
            .apis()
            .map(ApiRef::name)
            .chain(service.actions().map(ActionRef::name)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_do_not_pad_the_last_column() {
        let rows = vec![
            vec!["a".to_owned(), "long value".to_owned(), "x".to_owned()],
            vec!["bbb".to_owned(), "v".to_owned(), String::new()],
        ];
        assert_eq!(
            table(&["K", "VALUE", "LAST"], &rows),
            "K    VALUE       LAST\na    long value  x\nbbb  v\n"
        );
    }

    #[test]
    fn actions_resolve_in_any_case_and_apis_exactly() {
        let catalog = catalog().unwrap_or_else(|e| panic!("{e}"));
        let resolve = |name| resolve(catalog, name);
        assert!(
            matches!(resolve("cr:pullrepository"), Ok(Name::Action(a)) if a.name() == "cr:PullRepository")
        );
        assert!(
            matches!(resolve("PullRepository"), Ok(Name::Api(a)) if a.name() == "PullRepository")
        );
        let wrong_case = resolve("pullrepository").err().map(|e| e.suggestions);
        assert_eq!(
            wrong_case.and_then(|s| s.first().copied()),
            Some("cr:PullRepository")
        );
        let unknown = resolve("cr:PullRepo").err();
        assert_eq!(
            unknown.map(|e| e.to_string()),
            Some("unknown action `cr:PullRepo`; did you mean one of `cr:PullRepository`, `cr:PullChart`?".to_owned())
        );
    }
}
