//! Rustdoc text for generated items, from the spec. Every item names where it is documented;
//! an item whose description is missing says so.

use std::fmt::Write as _;

use ram_spec::{
    ANY_RESOURCE, Action, Api, ArnTemplate, Origin, ResourceGroupType, Spec, snake_to_upper_camel,
};

use crate::Names;

/// `[title](url), section `S`, table T, row R (page last updated D)`.
fn provenance(spec: &Spec, origin: &Origin) -> String {
    let source = spec.sources.iter().find(|s| s.file == origin.source);
    let page = match source {
        Some(source) => match &source.url {
            Some(url) => format!("[{}]({url})", escape(&source.title)),
            None => format!("`{}`", source.file),
        },
        None => format!("`{}`", origin.source),
    };
    let mut out = format!(
        "{page}, section `{}`, table {}, row {}",
        origin.section, origin.table, origin.row
    );
    if let Some(updated) = source.and_then(|s| s.updated.as_deref()) {
        let _ = write!(out, " (page last updated {updated})");
    }
    out
}

/// Makes prose safe for Markdown: brackets would start links, backticks code.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('`', "'")
        .replace('*', "\\*")
}

fn findings_about(spec: &Spec, name: &str, out: &mut String) {
    for finding in spec
        .findings
        .iter()
        .filter(|f| f.subject == name || f.related.iter().any(|r| r == name))
    {
        let _ = writeln!(
            out,
            "- Finding (`{}`): {}",
            finding.kind.as_str(),
            finding.message
        );
    }
}

fn errata_about(spec: &Spec, target: &str, name: &str, out: &mut String) {
    for erratum in spec
        .errata
        .iter()
        .filter(|e| e.target == target && e.name == name)
    {
        let _ = writeln!(
            out,
            "- Erratum: the page documents {} `{}`; the bindings use `{}` because {}",
            erratum.field,
            erratum.documented,
            erratum.corrected,
            escape(&erratum.reason)
        );
    }
}

fn resource_text(names: &Names, resource: &str) -> String {
    if resource == ANY_RESOURCE {
        "`*` (not authorized at resource level)".to_owned()
    } else {
        let ident = names.template(resource);
        format!("`{resource}` ([`ArnTemplate::{ident}`])")
    }
}

pub fn api(spec: &Spec, names: &Names, api: &Api) -> String {
    let links: Vec<String> = api
        .actions
        .iter()
        .map(|a| format!("[`Action::{}`] (`{a}`)", names.action(a)))
        .collect();
    let mut out = format!("`{}`: authorized as {}.\n\n", api.name, links.join(" and "));
    for resource in &api.resources {
        let _ = writeln!(out, "- Resource: {}", resource_text(names, resource));
    }
    if api.actions.len() > 1 || crate::typed_resource(api).is_none() {
        out.push_str(
            "- No typed operation: a call is authorized as every Action on every resource listed, which one `ram_core::Operation` cannot say\n",
        );
    }
    let _ = writeln!(out, "- Access level: {}", api.access_level);
    let _ = writeln!(out, "- Documented in {}", provenance(spec, &api.origin));
    errata_about(spec, "api", &api.name, &mut out);
    findings_about(spec, &api.name, &mut out);
    out
}

pub fn action(spec: &Spec, names: &Names, action: &Action) -> String {
    let mut out = format!("`{}`\n\n", action.name);
    match &action.description {
        Some(description) => {
            let _ = writeln!(out, "{}\n", escape(description));
        }
        None => out.push_str("The documentation gives no description of this Action.\n\n"),
    }
    if action.apis.is_empty() {
        out.push_str("- APIs: none documented\n");
    } else {
        let apis: Vec<String> = action
            .apis
            .iter()
            .map(|a| format!("[`Api::{}`]", names.api(a)))
            .collect();
        let _ = writeln!(out, "- APIs: {}", apis.join(", "));
    }
    if action.resources.is_empty() {
        out.push_str("- Resources: none documented\n");
    }
    for resource in &action.resources {
        let _ = writeln!(out, "- Resource: {}", resource_text(names, resource));
    }
    if action.access_level_inferred {
        let _ = writeln!(
            out,
            "- Access level: {} (inferred from the verb of its name; no page documents it)",
            action.access_level
        );
    } else {
        let _ = writeln!(out, "- Access level: {}", action.access_level);
    }
    let rg = match action.resource_group_authorization {
        Some(true) => "supported",
        Some(false) => {
            "not supported (listed among the Actions without it; grant it at account level)"
        }
        None => "not documented",
    };
    let _ = writeln!(out, "- Resource-group-level authorization: {rg}");
    for origin in &action.origins {
        let _ = writeln!(out, "- Named in {}", provenance(spec, origin));
    }
    errata_about(spec, "action", &action.name, &mut out);
    findings_about(spec, &action.name, &mut out);
    out
}

pub fn template(spec: &Spec, template: &ArnTemplate) -> String {
    let mut out = format!("`{}`", template.template);
    if let Some(label) = &template.label {
        let _ = write!(out, " ({})", escape(label));
    }
    out.push_str("\n\n");
    let _ = writeln!(
        out,
        "Typed as [`arn::{}`].\n",
        snake_to_upper_camel(&template.name)
    );
    if template.documented.is_empty() {
        out.push_str("- Not in the ARN format table; used by an API or Action\n");
    }
    for origin in &template.documented {
        let _ = writeln!(out, "- Documented in {}", provenance(spec, origin));
    }
    findings_about(spec, &template.template, &mut out);
    out
}

pub fn arn_type(spec: &Spec, template: &ArnTemplate) -> String {
    let mut out = format!("An ARN of the template `{}`", template.template);
    if let Some(label) = &template.label {
        let _ = write!(out, " ({})", escape(label));
    }
    out.push_str(".\n\n`Display` writes the exact ARN; `FromStr` parses one and names the segment that is wrong.\n");
    for origin in &template.documented {
        let _ = writeln!(out, "\nDocumented in {}.", provenance(spec, origin));
    }
    out
}

pub fn param(spec: &Spec, name: &str) -> String {
    match spec.arn_parameters.iter().find(|p| p.name == name) {
        Some(parameter) => match &parameter.description {
            Some(description) => format!("`${name}`: {}", escape(description)),
            None => format!("`${name}`: the documentation gives no description."),
        },
        None => format!("`${name}`: the parameter table does not describe it."),
    }
}

pub fn rg_type(spec: &Spec, rg: &ResourceGroupType) -> String {
    let description = rg.description.as_deref().map_or_else(
        || "The documentation gives no description.".to_owned(),
        escape,
    );
    format!(
        "`{}`: {description}\n\nDocumented in {}.",
        rg.code,
        provenance(spec, &rg.origin)
    )
}

pub fn operation(spec: &Spec, api: &Api) -> String {
    let mut out = format!(
        "The operation `{}`, authorized as `{}` ({}).\n\n",
        api.name,
        api.action(),
        api.access_level
    );
    match api.resources.as_slice() {
        [one] if one == ANY_RESOURCE => {
            out.push_str("Its resource is `*`: pass `ram_core::AnyResource`.\n")
        }
        [one] => {
            let _ = writeln!(out, "Its resource is an ARN of `{one}`.");
        }
        _ => {}
    }
    let _ = writeln!(out, "\nDocumented in {}.", provenance(spec, &api.origin));
    out
}
