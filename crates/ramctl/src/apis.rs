//! `ramctl apis`: the API operations of the catalog with the Action each is authorized as, its
//! resource and its access level.

use std::process::ExitCode;

use ram_catalog::{ApiRef, Catalog, TemplateRef};
use serde_json::{Value, json};

use crate::common::{self, Format};

/// Examples shown by `ramctl apis --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl apis
  ramctl apis --service domain
  ramctl apis --format json

Exit status: 0 with the list, 2 for an unknown service code.";

/// The arguments of `ramctl apis`.
#[derive(Debug, Clone, clap::Args)]
pub struct ApisArgs {
    /// Only the APIs of this service (its code: `cr`, `domain`; any case).
    #[arg(long, value_name = "CODE")]
    pub service: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The JSON list: per API `api`, `action`, `resource` (the ARN template, or `*`) and
/// `access_level`.
#[must_use]
pub fn render_json(apis: &[ApiRef<'_>]) -> String {
    let items: Vec<Value> = apis
        .iter()
        .map(|api| {
            json!({
                "api": api.name(),
                "action": api.action_name(),
                "resource": api.resource_template().map_or("*", TemplateRef::text),
                "access_level": api.access_level().as_str(),
            })
        })
        .collect();
    common::json_text(&Value::Array(items))
}

/// The human table: `API`, `ACTION`, `ACCESS` and `RESOURCE`, then a count.
#[must_use]
pub fn render_human(apis: &[ApiRef<'_>]) -> String {
    let rows: Vec<Vec<String>> = apis
        .iter()
        .map(|api| {
            vec![
                api.name().to_owned(),
                api.action_name().to_owned(),
                api.access_level().as_str().to_owned(),
                api.resource_template()
                    .map_or("*", TemplateRef::text)
                    .to_owned(),
            ]
        })
        .collect();
    let mut out = common::table(&["API", "ACTION", "ACCESS", "RESOURCE"], &rows);
    out.push_str(&format!("\n{} apis\n", apis.len()));
    out
}

/// Runs `ramctl apis`.
#[must_use]
pub fn execute(catalog: &'static Catalog, args: &ApisArgs) -> ExitCode {
    let apis: Vec<ApiRef<'_>> = match &args.service {
        Some(code) => match common::service(catalog, code) {
            Ok(service) => service.apis().collect(),
            Err(e) => return common::fail(&[e]),
        },
        None => catalog.apis().collect(),
    };
    let output = match args.format {
        Format::Human => render_human(&apis),
        Format::Json => render_json(&apis),
    };
    common::print(&output, 0)
}
