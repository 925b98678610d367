//! `ramctl explain`: everything the spec knows of one API or Action: how it is authorized,
//! where the documentation says so (page, section, table, row), and the reviewers' findings
//! that mention it.
//!
//! The facts come from the typed bindings ([`ram_cr`]); the provenance, descriptions and
//! findings from the spec they were generated from, embedded in the binary.

use std::fmt::Write as _;
use std::process::ExitCode;

use ram_core::UnknownName;
use ram_cr::{Action, Api, ArnTemplate};
use ram_spec::{Origin, Spec};
use serde_json::{Value, json};

use crate::common::{self, Format, Name};

/// The spec the bindings were generated from.
pub const SPEC_JSON: &str = include_str!("../../../generated/cr/spec.json");

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
    /// The embedded spec does not parse (a build of a broken checkout).
    #[error("the embedded spec is invalid: {0}")]
    Spec(String),
}

/// Parses the embedded spec.
///
/// # Errors
///
/// [`ExplainError::Spec`] when it does not parse or validate.
pub fn spec() -> Result<Spec, ExplainError> {
    Spec::from_json(SPEC_JSON).map_err(|e| ExplainError::Spec(e.to_string()))
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

fn template_text(template: ArnTemplate) -> String {
    format!("{template} ({})", template.name())
}

/// The resources an Action is authorized against: its templates, and `*` when one of its APIs
/// is authorized against `*`.
#[must_use]
pub fn action_resources(action: Action) -> Vec<String> {
    let mut out: Vec<String> = action
        .resource_templates()
        .iter()
        .map(|t| t.as_str().to_owned())
        .collect();
    if action.any_resource() {
        out.push("*".to_owned());
    }
    out
}

/// The JSON explanation of an API.
#[must_use]
pub fn api_json(spec: &Spec, api: Api) -> Value {
    let entry = spec.api(api.as_str());
    json!({
        "kind": "api",
        "api": api.as_str(),
        "action": api.action().as_str(),
        "resource": api.resource_template().map_or("*", ArnTemplate::as_str),
        "access_level": api.access_level().as_str(),
        "source": entry.map(|e| origin_json(spec, &e.origin)),
        "findings": findings_of(spec, api.as_str()).into_iter().map(finding_json).collect::<Vec<_>>(),
        "errata": errata_of(spec, "api", api.as_str()).into_iter().map(erratum_json).collect::<Vec<_>>(),
    })
}

/// The JSON explanation of an Action.
#[must_use]
pub fn action_json(spec: &Spec, action: Action) -> Value {
    let entry = spec.action(action.as_str());
    json!({
        "kind": "action",
        "action": action.as_str(),
        "apis": action.apis().iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "resources": action_resources(action),
        "access_level": action.access_level().as_str(),
        "access_level_inferred": action.access_level_inferred(),
        "resource_group_authorization": action.resource_group_authorization(),
        "description": action.description(),
        "sources": entry
            .map(|e| e.origins.iter().map(|o| origin_json(spec, o)).collect::<Vec<_>>())
            .unwrap_or_default(),
        "findings": findings_of(spec, action.as_str()).into_iter().map(finding_json).collect::<Vec<_>>(),
        "errata": errata_of(spec, "action", action.as_str()).into_iter().map(erratum_json).collect::<Vec<_>>(),
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
pub fn api_human(spec: &Spec, api: Api) -> String {
    let mut out = format!("api `{api}`\n");
    let origins: Vec<&Origin> = spec
        .api(api.as_str())
        .map(|e| &e.origin)
        .into_iter()
        .collect();
    let mut rows = vec![
        ("action", vec![format!("`{}`", api.action())]),
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
        ("findings", findings_lines(spec, api.as_str())),
    ];
    let errata = errata_lines(spec, "api", api.as_str());
    if !errata.is_empty() {
        rows.push(("errata", errata));
    }
    fields(&mut out, &rows);
    out
}

/// The human explanation of an Action.
#[must_use]
pub fn action_human(spec: &Spec, action: Action) -> String {
    let mut out = format!("action `{action}`\n");
    let origins: Vec<&Origin> = spec
        .action(action.as_str())
        .map(|e| e.origins.iter().collect())
        .unwrap_or_default();
    let apis: Vec<String> = if action.apis().is_empty() {
        vec!["none: no page documents an api authorized as it".to_owned()]
    } else {
        action.apis().iter().map(|a| format!("`{a}`")).collect()
    };
    let mut resources: Vec<String> = action
        .resource_templates()
        .iter()
        .map(|t| template_text(*t))
        .collect();
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
        ("findings", findings_lines(spec, action.as_str())),
    ];
    let errata = errata_lines(spec, "action", action.as_str());
    if !errata.is_empty() {
        rows.push(("errata", errata));
    }
    fields(&mut out, &rows);
    out
}

/// The explanation of a name in a format.
///
/// ```
/// use ramctl::{common::Format, explain::explain};
/// let text = explain("cr:getrepotagmanifest", Format::Human).unwrap();
/// assert!(text.starts_with("action `cr:GetRepoTagManifest`\n"));
/// assert!(explain("PullRepo", Format::Human).is_err());
/// ```
///
/// # Errors
///
/// [`ExplainError::Unknown`] with the closest names.
pub fn explain(name: &str, format: Format) -> Result<String, ExplainError> {
    let resolved = common::resolve(name)?;
    let spec = spec()?;
    Ok(match (resolved, format) {
        (Name::Api(api), Format::Human) => api_human(&spec, api),
        (Name::Action(action), Format::Human) => action_human(&spec, action),
        (Name::Api(api), Format::Json) => common::json_text(&api_json(&spec, api)),
        (Name::Action(action), Format::Json) => common::json_text(&action_json(&spec, action)),
    })
}

/// Runs `ramctl explain`.
#[must_use]
pub fn execute(args: &ExplainArgs) -> ExitCode {
    match explain(&args.name, args.format) {
        Ok(text) => common::print(&text, 0),
        Err(e) => common::fail(&[e]),
    }
}
