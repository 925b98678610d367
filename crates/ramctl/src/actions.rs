//! `ramctl actions`: the RAM Actions of the catalog with their access level, resources,
//! resource-group support and APIs, filtered by access level, resource-group support or an
//! Action pattern.

use std::process::ExitCode;

use ram_catalog::{ActionRef, ApiRef, Catalog, TemplateRef};
use ram_core::AccessLevel;
use serde_json::{Value, json};

use crate::common::{self, Format};
use crate::explain::action_resources;

/// Examples shown by `ramctl actions --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl actions
  ramctl actions --access write
  ramctl actions --service ecs --access read
  ramctl actions --rg-unsupported --access read
  ramctl actions --matching 'cr:Get*' --format json

Exit status: 0 with the list (possibly empty), 2 for a pattern that matches no Action or an
unknown service code.";

/// Parses an access level by its kebab-case name (`read`, `permissions-management`), offering
/// every level in `--help` and in errors.
fn level_parser() -> impl clap::builder::TypedValueParser<Value = AccessLevel> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(AccessLevel::ALL.map(AccessLevel::as_str)).map(
        |name| {
            // The parser only lets the names of `AccessLevel::ALL` through.
            AccessLevel::ALL
                .into_iter()
                .find(|level| level.as_str() == name)
                .unwrap_or(AccessLevel::Read)
        },
    )
}

/// The arguments of `ramctl actions`.
#[derive(Debug, Clone, clap::Args)]
pub struct ActionsArgs {
    /// Only Actions of this service (its code: `cr`, `ecs`; any case).
    #[arg(long, value_name = "CODE")]
    pub service: Option<String>,
    /// Only Actions of this access level.
    #[arg(long, value_name = "LEVEL", value_parser = level_parser())]
    pub access: Option<AccessLevel>,
    /// Only Actions documented as not supporting resource-group-level authorization (one the
    /// pages say nothing about is left out, as `generate --rg-unsupported` leaves it out).
    #[arg(long)]
    pub rg_unsupported: bool,
    /// Only Actions a RAM Action pattern matches (`cr:Get*`; `*` and `?`, any case).
    #[arg(long, value_name = "PATTERN")]
    pub matching: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// A pattern that matches no Action at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the pattern `{pattern}` matches no known action{}", ram_core::did_you_mean(&.hints.iter().map(String::as_str).collect::<Vec<_>>()))]
pub struct NoMatch {
    /// The pattern as given.
    pub pattern: String,
    /// The pattern with a service prefix, for the first services (by code) where that matches,
    /// when it lacks one; at most three.
    pub hints: Vec<String>,
}

/// The Actions the filters keep, in name order.
///
/// # Errors
///
/// [`NoMatch`] when `--matching` matches no Action at all (before the other filters).
pub fn select<'c>(catalog: &'c Catalog, args: &ActionsArgs) -> Result<Vec<ActionRef<'c>>, NoMatch> {
    let candidates: Vec<ActionRef<'c>> = match &args.matching {
        Some(pattern) => {
            let found: Vec<ActionRef<'c>> = catalog.matching(pattern).collect();
            if found.is_empty() {
                // The pattern with the prefix of the first services where it matches.
                let hints = if pattern.contains(':') {
                    Vec::new()
                } else {
                    catalog
                        .services()
                        .iter()
                        .map(|service| format!("{}:{pattern}", service.code()))
                        .filter(|prefixed| catalog.matching(prefixed).next().is_some())
                        .take(3)
                        .collect()
                };
                return Err(NoMatch {
                    pattern: pattern.clone(),
                    hints,
                });
            }
            found
        }
        None => catalog.actions().collect(),
    };
    Ok(candidates
        .into_iter()
        .filter(|a| {
            args.service
                .as_deref()
                .is_none_or(|code| a.service().code().eq_ignore_ascii_case(code))
        })
        .filter(|a| args.access.is_none_or(|l| a.access_level() == l))
        .filter(|a| !args.rg_unsupported || a.resource_group_authorization() == Some(false))
        .collect())
}

/// The JSON list: per Action `action`, `access_level`, `access_level_inferred`,
/// `resource_group_authorization`, `resources` (templates, and `*` when an API of it is
/// authorized against `*`) and `apis`.
#[must_use]
pub fn render_json(actions: &[ActionRef<'_>]) -> String {
    let items: Vec<Value> = actions
        .iter()
        .map(|a| {
            json!({
                "action": a.name(),
                "access_level": a.access_level().as_str(),
                "access_level_inferred": a.access_level_inferred(),
                "resource_group_authorization": a.supports_resource_group_authorization(),
                "resources": action_resources(*a),
                "apis": a.apis().map(ApiRef::name).collect::<Vec<_>>(),
            })
        })
        .collect();
    common::json_text(&Value::Array(items))
}

/// The human table: `ACTION`, `ACCESS` (`*` after an inferred level), `RG` (`yes`/`no`),
/// `RESOURCES` (template names, `*`, or `-` when none is documented) and `APIS`; then a count
/// and, when an inferred level is shown, what `*` means.
#[must_use]
pub fn render_human(actions: &[ActionRef<'_>]) -> String {
    let rows: Vec<Vec<String>> = actions
        .iter()
        .map(|a| {
            let mut resources: Vec<&str> = a.templates().map(TemplateRef::name).collect();
            if a.any_resource() {
                resources.push("*");
            }
            let apis: Vec<&str> = a.apis().map(ApiRef::name).collect();
            let level = if a.access_level_inferred() {
                format!("{}*", a.access_level().as_str())
            } else {
                a.access_level().as_str().to_owned()
            };
            vec![
                a.name().to_owned(),
                level,
                if a.supports_resource_group_authorization() {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
                if resources.is_empty() {
                    "-".to_owned()
                } else {
                    resources.join(", ")
                },
                if apis.is_empty() {
                    "-".to_owned()
                } else {
                    apis.join(", ")
                },
            ]
        })
        .collect();
    let mut out = common::table(&["ACTION", "ACCESS", "RG", "RESOURCES", "APIS"], &rows);
    out.push_str(&format!(
        "\n{} action{}",
        actions.len(),
        if actions.len() == 1 { "" } else { "s" }
    ));
    if actions.iter().any(|a| a.access_level_inferred()) {
        out.push_str(" (* access level inferred from the verb: no page documents it)");
    }
    out.push('\n');
    out
}

/// Runs `ramctl actions`.
#[must_use]
pub fn execute(catalog: &'static Catalog, args: &ActionsArgs) -> ExitCode {
    if let Some(code) = &args.service
        && let Err(e) = common::service(catalog, code)
    {
        return common::fail(&[e]);
    }
    match select(catalog, args) {
        Ok(actions) => {
            let output = match args.format {
                Format::Human => render_human(&actions),
                Format::Json => render_json(&actions),
            };
            common::print(&output, 0)
        }
        Err(e) => common::fail(&[e]),
    }
}
