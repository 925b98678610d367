//! `ramctl explain`: everything the spec knows of one API or Action: how it is authorized,
//! where the documentation says so (page, section, table, row), and the reviewers' findings
//! that mention it.
//!
//! The facts, the provenance, descriptions and findings come from the catalog
//! ([`ram_catalog`]) and the spec of the name's service, embedded in the binary.

use std::fmt::Write as _;
use std::process::ExitCode;

use ram_catalog::{ActionRef, ApiRef, Catalog, CatalogError, TemplateRef};
use ram_core::UnknownName;
use ram_spec::{Origin, Spec};
use serde_json::{Value, json};

use crate::common::{self, Format, Name};

/// Examples shown by `ramctl explain --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl explain PullRepository
  ramctl explain cr:GetRepoTagManifest
  ramctl explain GetRepoSyncTask --format json

A name with `:` is an Action (any case); without, an API as documented.

Exit status: 0 with the explanation, 2 for an unknown name.";

/// The arguments of `ramctl explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// An API (`PullRepository`) or an Action (`cr:PullRepository`, any case).
    #[arg(value_name = "API|ACTION")]
    pub name: String,
    /// Look the name up in this service only (its code; an Action may then omit its prefix).
    #[arg(long, value_name = "CODE")]
    pub service: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Why nothing could be explained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    /// The name is neither a known API nor a known Action.
    #[error(transparent)]
    Unknown(#[from] UnknownName),
    /// The embedded catalog could not be built (a build of a broken checkout).
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

/// An origin as JSON, with its page's title, URL and last-updated date.
fn origin_json(spec: &Spec, origin: &Origin) -> Value {
    let page = spec.sources.iter().find(|s| s.file == origin.source);
    json!({
        "source": origin.source,
        "title": page.map(|p| p.title.clone()),
        "url": page.and_then(|p| p.url.clone()),
        "updated": page.and_then(|p| p.updated.clone()),
        "section": origin.section,
        "table": origin.table,
        "row": origin.row,
    })
}

/// `file, section `S`, table T, row R`.
fn origin_text(origin: &Origin) -> String {
    format!(
        "{}, section `{}`, table {}, row {}",
        origin.source, origin.section, origin.table, origin.row
    )
}

/// The findings whose subject is `name` or that relate to it.
fn findings_of<'s>(spec: &'s Spec, name: &str) -> Vec<&'s ram_spec::Finding> {
    spec.findings
        .iter()
        .filter(|f| f.subject == name || f.related.iter().any(|r| r == name))
        .collect()
}

fn finding_json(finding: &ram_spec::Finding) -> Value {
    json!({
        "kind": finding.kind.as_str(),
        "subject": finding.subject,
        "related": finding.related,
        "message": finding.message,
    })
}

fn errata_of<'s>(spec: &'s Spec, target: &str, name: &str) -> Vec<&'s ram_spec::AppliedErratum> {
    spec.errata
        .iter()
        .filter(|e| e.target == target && e.name == name)
        .collect()
}

fn erratum_json(erratum: &ram_spec::AppliedErratum) -> Value {
    json!({
        "field": erratum.field,
        "documented": erratum.documented,
        "corrected": erratum.corrected,
        "reason": erratum.reason,
    })
}

fn template_text(template: TemplateRef<'_>) -> String {
    format!("{} ({})", template.text(), template.name())
}

/// The resources an Action is authorized against: its templates, and `*` when one of its APIs
/// is authorized against `*`.
#[must_use]
pub fn action_resources(action: ActionRef<'_>) -> Vec<String> {
    let mut out: Vec<String> = action.templates().map(|t| t.text().to_owned()).collect();
    if action.any_resource() {
        out.push("*".to_owned());
    }
    out
}

/// The JSON explanation of an API.
#[must_use]
pub fn api_json(api: ApiRef<'_>) -> Value {
    let spec = api.service().spec();
    json!({
        "kind": "api",
        "api": api.name(),
        "action": api.action_name(),
        "resource": api.resource_template().map_or("*", TemplateRef::text),
        "access_level": api.access_level().as_str(),
        "source": origin_json(spec, &api.entry().origin),
        "findings": findings_of(spec, api.name()).into_iter().map(finding_json).collect::<Vec<_>>(),
        "errata": errata_of(spec, "api", api.name()).into_iter().map(erratum_json).collect::<Vec<_>>(),
    })
}

/// The JSON explanation of an Action.
#[must_use]
pub fn action_json(action: ActionRef<'_>) -> Value {
    let spec = action.service().spec();
    json!({
        "kind": "action",
        "action": action.name(),
        "apis": action.apis().map(ApiRef::name).collect::<Vec<_>>(),
        "resources": action_resources(action),
        "access_level": action.access_level().as_str(),
        "access_level_inferred": action.access_level_inferred(),
        "resource_group_authorization": action.resource_group_authorization(),
        "description": action.description(),
        "sources": action.entry().origins.iter().map(|o| origin_json(spec, o)).collect::<Vec<_>>(),
        "findings": findings_of(spec, action.name()).into_iter().map(finding_json).collect::<Vec<_>>(),
        "errata": errata_of(spec, "action", action.name()).into_iter().map(erratum_json).collect::<Vec<_>>(),
    })
}

/// Key-value lines with the values aligned; a value of several lines continues under itself.
fn fields(out: &mut String, rows: &[(&str, Vec<String>)]) {
    let width = rows.iter().map(|(k, _)| k.len() + 1).max().unwrap_or(0);
    for (key, lines) in rows {
        let label = format!("{key}:");
        for (i, line) in lines.iter().enumerate() {
            let shown = if i == 0 { label.as_str() } else { "" };
            let _ = writeln!(out, "  {shown:<width$}  {line}");
        }
    }
}

/// The pages the origins refer to: `file: title, last updated D, URL`.
fn pages(spec: &Spec, origins: &[&Origin]) -> Vec<String> {
    let mut files: Vec<&str> = origins.iter().map(|o| o.source.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    files
        .into_iter()
        .map(|file| match spec.sources.iter().find(|s| s.file == file) {
            Some(page) => {
                let mut text = format!("{file}: \"{}\"", page.title);
                if let Some(updated) = &page.updated {
                    let _ = write!(text, ", last updated {updated}");
                }
                if let Some(url) = &page.url {
                    let _ = write!(text, ", {url}");
                }
                text
            }
            None => file.to_owned(),
        })
        .collect()
}

fn findings_lines(spec: &Spec, name: &str) -> Vec<String> {
    let found = findings_of(spec, name);
    if found.is_empty() {
        return vec!["none".to_owned()];
    }
    found
        .iter()
        .map(|f| format!("{}: {}", f.kind.as_str(), f.message))
        .collect()
}

fn errata_lines(spec: &Spec, target: &str, name: &str) -> Vec<String> {
    errata_of(spec, target, name)
        .iter()
        .map(|e| {
            format!(
                "{}: documented `{}`, corrected to `{}`: {}",
                e.field, e.documented, e.corrected, e.reason
            )
        })
        .collect()
}

/// The human explanation of an API.
#[must_use]
pub fn api_human(api: ApiRef<'_>) -> String {
    let spec = api.service().spec();
    let mut out = format!("api `{}`\n", api.name());
    let origins: Vec<&Origin> = vec![&api.entry().origin];
    let mut rows = vec![
        ("action", vec![format!("`{}`", api.action_name())]),
        (
            "resource",
            vec![api.resource_template().map_or_else(
                || "* (not authorized at resource level)".to_owned(),
                template_text,
            )],
        ),
        ("access level", vec![api.access_level().as_str().to_owned()]),
        (
            "documented in",
            origins.iter().map(|o| origin_text(o)).collect(),
        ),
        ("pages", pages(spec, &origins)),
        ("findings", findings_lines(spec, api.name())),
    ];
    let errata = errata_lines(spec, "api", api.name());
    if !errata.is_empty() {
        rows.push(("errata", errata));
    }
    fields(&mut out, &rows);
    out
}

/// The human explanation of an Action.
#[must_use]
pub fn action_human(action: ActionRef<'_>) -> String {
    let spec = action.service().spec();
    let mut out = format!("action `{}`\n", action.name());
    let origins: Vec<&Origin> = action.entry().origins.iter().collect();
    let apis: Vec<String> = if action.apis().len() == 0 {
        vec!["none: no page documents an api authorized as it".to_owned()]
    } else {
        action.apis().map(|a| format!("`{}`", a.name())).collect()
    };
    let mut resources: Vec<String> = action.templates().map(template_text).collect();
    if action.any_resource() {
        resources.push("* (an api of it is not authorized at resource level)".to_owned());
    }
    if resources.is_empty() {
        resources.push("none documented".to_owned());
    }
    let level = if action.access_level_inferred() {
        format!(
            "{} (inferred from the verb of its name: no page documents it)",
            action.access_level().as_str()
        )
    } else {
        action.access_level().as_str().to_owned()
    };
    let rg = match action.resource_group_authorization() {
        Some(true) => "supported",
        Some(false) => {
            "not supported: a policy attached at a resource group has no effect on it; grant it at account level"
        }
        None => "not documented",
    };
    let mut rows = vec![
        ("apis", apis),
        ("resources", resources),
        ("access level", vec![level]),
        ("resource-group authorization", vec![rg.to_owned()]),
        (
            "description",
            vec![action.description().unwrap_or("none given").to_owned()],
        ),
        (
            "documented in",
            origins.iter().map(|o| origin_text(o)).collect(),
        ),
        ("pages", pages(spec, &origins)),
        ("findings", findings_lines(spec, action.name())),
    ];
    let errata = errata_lines(spec, "action", action.name());
    if !errata.is_empty() {
        rows.push(("errata", errata));
    }
    fields(&mut out, &rows);
    out
}

/// An Action that only the vendor's own policies use, with where they use it.
fn undocumented(
    catalog: &'static Catalog,
    name: &str,
) -> Option<&'static ram_spec::UndocumentedAction> {
    let (service, _) = name.split_once(':')?;
    catalog
        .service(service)?
        .spec()
        .undocumented_actions
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
}

/// The explanation of a name in a format.
///
/// ```
/// use ramctl::{common::{Format, catalog}, explain::explain};
/// let catalog = catalog().unwrap();
/// let text = explain(catalog, "cr:getrepotagmanifest", Format::Human).unwrap();
/// assert!(text.starts_with("action `cr:GetRepoTagManifest`\n"));
/// assert!(explain(catalog, "PullRepo", Format::Human).is_err());
/// let seen = explain(catalog, "cr:GetRegionList", Format::Human).unwrap();
/// assert!(seen.starts_with("action `cr:GetRegionList` (undocumented: no authorization table lists it)\n"));
/// assert!(seen.contains("sae/"), "{seen}");
/// ```
///
/// # Errors
///
/// [`ExplainError::Unknown`] with the closest names.
pub fn explain(
    catalog: &'static Catalog,
    name: &str,
    format: Format,
) -> Result<String, ExplainError> {
    explain_in(catalog, None, name, format)
}

/// [`explain`] within one service when `service` is given ([`common::resolve_in`]).
///
/// # Errors
///
/// [`ExplainError::Unknown`] with the closest names (of the service, when given).
pub fn explain_in(
    catalog: &'static Catalog,
    service: Option<&'static ram_catalog::Service>,
    name: &str,
    format: Format,
) -> Result<String, ExplainError> {
    if let Some(evidence) = undocumented(catalog, name) {
        return Ok(match format {
            Format::Human => {
                let mut out = format!(
                    "action `{}` (undocumented: no authorization table lists it)\n",
                    evidence.name
                );
                let seen: Vec<String> = evidence.seen_in.clone();
                fields(&mut out, &[("seen in", seen)]);
                out
            }
            Format::Json => common::json_text(&serde_json::json!({
                "action": evidence.name,
                "documented": false,
                "seen_in": evidence.seen_in,
            })),
        });
    }
    let resolved = match service {
        Some(service) => common::resolve_in(catalog, service, name)?,
        None => common::resolve(catalog, name)?,
    };
    Ok(match (resolved, format) {
        (Name::Api(api), Format::Human) => api_human(api),
        (Name::Action(action), Format::Human) => action_human(action),
        (Name::Api(api), Format::Json) => common::json_text(&api_json(api)),
        (Name::Action(action), Format::Json) => common::json_text(&action_json(action)),
    })
}

/// Runs `ramctl explain`.
#[must_use]
pub fn execute(catalog: &'static Catalog, args: &ExplainArgs) -> ExitCode {
    let service = match args
        .service
        .as_deref()
        .map(|code| common::service(catalog, code))
    {
        Some(Ok(service)) => Some(service),
        Some(Err(e)) => return common::fail(&[e]),
        None => None,
    };
    match explain_in(catalog, service, &args.name, args.format) {
        Ok(text) => common::print(&text, 0),
        Err(e) => common::fail(&[e]),
    }
}
