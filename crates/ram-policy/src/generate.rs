//! Least-privilege policy generation from a list of Actions and the resource parameters a user
//! knows.

use std::collections::{BTreeMap, BTreeSet};

use ram_core::{AccessLevel, ActionInfo, Catalog};
use ram_spec::{ArnStructure, Segment, param_stem, vocabulary};

use crate::document::{Effect, Patterns, Policy, Statement};
use crate::lint::SIZE_LIMIT;

/// Where the generated policy is to be attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Attachment {
    /// At account level.
    #[default]
    Account,
    /// At a resource group: Actions without resource-group-level authorization go to a second,
    /// account-level policy.
    ResourceGroup,
}

/// One generated document with where to attach it and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Where to attach it.
    pub attachment: Attachment,
    /// Why it exists (for the second policy of a resource-group grant, or a split).
    pub reason: String,
    /// The document.
    pub policy: Policy,
}

/// The names by which [`generate`] fills the parameters of these Actions' templates (each
/// parameter's stem in snake_case: `region`, `account`, `key` for KMS's `$key_id`), sorted: what
/// a caller may give values for.
///
/// ```
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_core::Catalog;
/// use ram_policy::generate::parameter_names;
/// let pull = cr::Service.action_info("cr:PullRepository").unwrap();
/// let names = parameter_names(&cr::Service, &[pull]);
/// assert!(names.contains("namespace") && names.contains("region"));
/// ```
#[must_use]
pub fn parameter_names(catalog: &dyn Catalog, actions: &[ActionInfo]) -> BTreeSet<String> {
    let structures: Vec<ArnStructure> = catalog
        .templates()
        .iter()
        .filter_map(|t| ArnStructure::parse(t).ok())
        .collect();
    let vocab_owned = vocabulary(structures.iter());
    let vocab: Vec<&str> = vocab_owned.iter().map(String::as_str).collect();
    let mut names = BTreeSet::new();
    for template in actions.iter().flat_map(|a| a.templates.iter()) {
        let Ok(structure) = ArnStructure::parse(template) else {
            continue;
        };
        for segment in [&structure.region, &structure.account]
            .into_iter()
            .chain(structure.path.iter())
        {
            for name in segment.params() {
                names.insert(param_stem(name, &vocab).join("_"));
            }
        }
    }
    names
}

/// Fills a template's parameters from `values` (keyed by the parameter's stem in snake_case:
/// `region`, `account`, `instance`, `namespace`, `repository`, `chart_namespace`,
/// `chart_repository`); unknown ones become `*`.
fn fill(template: &str, values: &BTreeMap<String, String>, vocab: &[&str]) -> String {
    let Ok(structure) = ArnStructure::parse(template) else {
        return template.to_owned();
    };
    fn filled(segment: &Segment, values: &BTreeMap<String, String>, vocab: &[&str]) -> String {
        match segment {
            Segment::Param(name) => values
                .get(&param_stem(name, vocab).join("_"))
                .cloned()
                .unwrap_or_else(|| "*".to_owned()),
            // `$storeInstanceId%$topic`: each part filled, joined again.
            Segment::Joined(parts) => parts
                .iter()
                .map(|part| filled(part, values, vocab))
                .collect::<Vec<_>>()
                .join(&ram_spec::JOIN.to_string()),
            other => other.to_string(),
        }
    }
    let value = |segment: &Segment| filled(segment, values, vocab);
    let mut out = format!(
        "acs:{}:{}:{}:",
        structure.service,
        value(&structure.region),
        value(&structure.account)
    );
    let path: Vec<String> = structure.path.iter().map(value).collect();
    match &structure.resource_type {
        Some(resource_type) => {
            out.push_str(resource_type);
            for piece in path {
                out.push('/');
                out.push_str(&piece);
            }
        }
        None => out.push_str(&path.join("/")),
    }
    out
}

/// The resources an Action needs: its templates filled with the known values, and `*` when
/// one of its APIs is authorized against `*` or no page documents its resources.
fn resources_of(
    info: &ActionInfo,
    values: &BTreeMap<String, String>,
    vocab: &[&str],
) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = info
        .templates
        .iter()
        .map(|t| fill(t, values, vocab))
        .collect();
    if info.any_resource || info.templates.is_empty() {
        out.insert("*".to_owned());
    }
    out
}

fn statements_for(
    actions: &[ActionInfo],
    values: &BTreeMap<String, String>,
    vocab: &[&str],
) -> Vec<Statement> {
    let mut groups: BTreeMap<BTreeSet<String>, BTreeSet<&str>> = BTreeMap::new();
    for info in actions {
        groups
            .entry(resources_of(info, values, vocab))
            .or_default()
            .insert(info.name);
    }
    let mut statements: Vec<Statement> = groups
        .into_iter()
        .map(|(resources, names)| Statement {
            effect: Effect::Allow,
            actions: Patterns::of(names),
            resources: Patterns::of(resources),
            conditions: Vec::new(),
            principals: None,
        })
        .collect();
    statements.sort_by(|a, b| a.actions.patterns.cmp(&b.actions.patterns));
    statements
}

fn size_of(policy: &Policy) -> usize {
    serde_json::to_string(&policy.to_json()).map_or(0, |s| s.chars().count())
}

/// Splits statements into documents that stay under 90% of the size limit (so that they lint
/// clean), splitting a statement's Action list when one statement alone is too large.
fn split(statements: Vec<Statement>) -> Vec<Policy> {
    let budget = SIZE_LIMIT * 9 / 10;
    let mut pieces = Vec::new();
    for statement in statements {
        if size_of(&Policy {
            statements: vec![statement.clone()],
        }) <= budget
        {
            pieces.push(statement);
            continue;
        }
        let mut current = Statement {
            actions: Patterns::of(Vec::<String>::new()),
            ..statement.clone()
        };
        for action in statement.actions.patterns {
            current.actions.patterns.push(action);
            if size_of(&Policy {
                statements: vec![current.clone()],
            }) > budget
                && current.actions.patterns.len() > 1
            {
                let last = current.actions.patterns.pop().unwrap_or_default();
                pieces.push(current.clone());
                current.actions.patterns = vec![last];
            }
        }
        pieces.push(current);
    }
    let mut documents: Vec<Policy> = Vec::new();
    for statement in pieces {
        match documents.last_mut() {
            Some(document) => {
                document.statements.push(statement);
                if size_of(document) > budget && document.statements.len() > 1 {
                    let moved = document
                        .statements
                        .pop()
                        .map(|s| vec![s])
                        .unwrap_or_default();
                    documents.push(Policy { statements: moved });
                }
            }
            None => documents.push(Policy {
                statements: vec![statement],
            }),
        }
    }
    documents
}

/// Generates the smallest correct policies for `actions` (known to `catalog`; pass an
/// `ActionInfo` narrowed to one API's resource to grant only what that API needs): Actions grouped
/// by the exact resource set they need, sorted; Actions authorized only against `*` in their own
/// statement. With [`Attachment::ResourceGroup`], Actions without resource-group-level
/// authorization go into a second, account-level policy. A document that would exceed the size
/// limit is split, and the reason says so.
///
/// ```
/// use std::collections::BTreeMap;
/// # mod cr { ram_macros::bindings!("tests/fixtures/spec.json"); } // The tests' fixture: an excerpt of Container Registry.
/// use ram_core::Catalog;
/// use ram_policy::generate::{Attachment, generate};
/// let service = cr::Service;
/// let actions = ["cr:PullRepository", "cr:ListInstance"].map(|a| service.action_info(a).unwrap());
/// let values = BTreeMap::from([("namespace".to_owned(), "team-a".to_owned())]);
/// let out = generate(&service, &actions, &values, Attachment::Account);
/// let statements = &out[0].policy.statements;
/// assert_eq!(statements[0].actions.patterns, ["cr:ListInstance"]);
/// assert_eq!(statements[0].resources.patterns, ["*"]);
/// assert_eq!(statements[1].resources.patterns, ["acs:cr:*:*:repository/*/team-a/*"]);
/// ```
#[must_use]
pub fn generate(
    catalog: &dyn Catalog,
    actions: &[ActionInfo],
    values: &BTreeMap<String, String>,
    attachment: Attachment,
) -> Vec<Generated> {
    let templates = catalog.templates();
    let structures: Vec<ArnStructure> = templates
        .iter()
        .filter_map(|t| ArnStructure::parse(t).ok())
        .collect();
    let vocab_owned = vocabulary(structures.iter());
    let vocab: Vec<&str> = vocab_owned.iter().map(String::as_str).collect();
    // One entry per Action; the same Action named twice (through two of its APIs, say) needs
    // the union of the resources asked for.
    let mut unique: Vec<ActionInfo> = Vec::new();
    for info in actions {
        match unique.iter_mut().find(|u| u.name == info.name) {
            Some(existing) => {
                for template in &info.templates {
                    if !existing.templates.contains(template) {
                        existing.templates.push(template);
                    }
                }
                existing.any_resource |= info.any_resource;
            }
            None => unique.push(info.clone()),
        }
    }
    let (main, account_only): (Vec<ActionInfo>, Vec<ActionInfo>) = match attachment {
        Attachment::Account => (unique, Vec::new()),
        // A grant at a resource group has effect only for Actions that support it on resources
        // whose type supports resource groups: not on `*`, not on templates ending in `*`.
        Attachment::ResourceGroup => unique.into_iter().partition(|a| {
            a.resource_group_authorization == Some(true)
                && !a.any_resource
                && !a.templates.is_empty()
                && a.templates
                    .iter()
                    .all(|t| catalog.template_supports_resource_groups(t))
        }),
    };
    let mut out = Vec::new();
    let parts = [
        (main, attachment, "the requested Actions"),
        (
            account_only,
            Attachment::Account,
            "these Actions would have no effect in a policy attached at a resource group (they lack resource-group-level authorization, or are authorized against `*` or against resources whose type does not support resource groups), so they are granted at account level",
        ),
    ];
    for (actions, attach, why) in parts {
        if actions.is_empty() {
            continue;
        }
        let documents = split(statements_for(&actions, values, &vocab));
        let count = documents.len();
        for (i, policy) in documents.into_iter().enumerate() {
            let reason = if count > 1 {
                format!(
                    "{why} (part {} of {count}: split to stay under the {SIZE_LIMIT}-character limit)",
                    i + 1
                )
            } else {
                why.to_owned()
            };
            out.push(Generated {
                attachment: attach,
                reason,
                policy,
            });
        }
    }
    out
}

/// The policy of every Action without resource-group-level authorization (with `read_only`,
/// only those of the read and list classes), on `*`: what the vendor's resource-group page
/// advises granting at account level.
#[must_use]
pub fn rg_unsupported(catalog: &dyn Catalog, read_only: bool) -> Policy {
    let mut names: Vec<&str> = catalog
        .actions()
        .into_iter()
        .filter_map(|a| catalog.action_info(a))
        .filter(|info| info.resource_group_authorization == Some(false))
        .filter(|info| !read_only || info.access_level.class() <= AccessLevel::Read.class())
        .map(|info| info.name)
        .collect();
    names.sort_unstable();
    Policy {
        statements: vec![Statement {
            effect: Effect::Allow,
            actions: Patterns::of(names),
            resources: Patterns::of(["*"]),
            conditions: Vec::new(),
            principals: None,
        }],
    }
}
