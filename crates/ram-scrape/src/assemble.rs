//! Assembling the records of every page into one spec, with the cross-document findings.

use std::collections::{BTreeMap, BTreeSet};

use ram_spec::{
    ANY_RESOURCE, AccessLevel, Action, Api, AppliedErratum, ArnParameter, ArnStructure,
    ArnTemplate, Finding, FindingKind, Origin, ResourceGroupType, Service, Source, Spec,
    vocabulary,
};

use crate::errata::{self, Erratum};
use crate::error::{Location, ScrapeError};
use crate::tables::{ApiRow, Records};

/// A list of values for messages: each in backticks, joined by `, `.
fn describe_resources(resources: &[String]) -> String {
    resources
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builds the spec; every disagreement between rows is an error.
pub fn assemble(
    service: Service,
    sources: Vec<Source>,
    records: &Records,
    errata: &[Erratum],
    errata_at: &Location,
    service_location: &Location,
) -> Result<Spec, Vec<ScrapeError>> {
    let mut errors = Vec::new();
    let mut records = records.clone();
    unify_parameter_case(&mut records);
    let mut applied = errata::apply_to_rows(errata, &mut records, errata_at, &mut errors);
    let records = &records;

    let templates = collect_templates(&service.code, records, service_location, &mut errors);
    let parameters = collect_parameters(records, &mut errors);
    let apis = collect_apis(records, &mut errors);
    let drafts = draft_actions(records, &apis);
    let fixes = ActionErrata {
        errata,
        at: errata_at,
        applied: &mut applied,
    };
    let (actions, mut findings) =
        finish_actions(records, &drafts, fixes, service_location, &mut errors);

    let known: Vec<&str> = drafts.keys().map(String::as_str).collect();
    for erratum in errata::unmatched_actions(errata, &known) {
        errors.push(errata::gone(erratum, errata_at));
    }
    let apis: Vec<Api> = apis.into_values().map(|entry| entry.api).collect();
    findings.extend(action_resembles_api(&actions, &apis));
    findings.extend(resource_family_mismatch(&apis, &templates));
    findings.extend(template_findings(records, &templates, &apis, &actions));
    findings.extend(parameter_findings(&templates, &parameters));
    findings.extend(sources_disagree(records));

    if !errors.is_empty() {
        return Err(errors);
    }
    let mut spec = Spec {
        generated: ram_spec::GENERATED_NOTICE.to_owned(),
        service,
        sources,
        arn_templates: templates.into_values().collect(),
        arn_parameters: parameters.into_values().map(|(p, _)| p).collect(),
        resource_group_types: rg_types(records),
        apis,
        actions,
        findings,
        errata: applied,
        system_policies: described(&records.system_policies),
        undocumented_actions: Vec::new(),
        vendor_patterns: Vec::new(),
        condition_keys: described(&records.condition_keys),
        regions: described(&records.regions),
    };
    spec.sort();
    checked(spec, service_location)
}

/// Makes templates that differ only in the case of a parameter name one template: the pages of a
/// service write `keypair/$keyPairName` on one row and `keypair/$keypairName` on another for the
/// same slot. The spelling kept is the first one read (pages in `SOURCES.toml` order, rows in
/// page order), so a page that is alone keeps its spelling exactly.
fn unify_parameter_case(records: &mut Records) {
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    let mut spell = |text: &String| -> String {
        first
            .entry(parameters_lowercased(text))
            .or_insert_with(|| text.clone())
            .clone()
    };
    for row in &mut records.templates {
        row.template = spell(&row.template);
    }
    for row in &mut records.apis {
        row.resources = row.resources.iter().map(&mut spell).collect();
    }
    for row in &mut records.actions {
        row.resources = row.resources.iter().map(&mut spell).collect();
    }
    for row in &mut records.templates {
        if let Ok(structure) = ArnStructure::parse(&row.template) {
            row.structure = structure;
        }
    }
}

/// The template with every `$name` in lowercase and the literal text as it is.
fn parameters_lowercased(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        if c == '$' {
            in_param = true;
        } else if !(c.is_ascii_alphanumeric() || c == '_') {
            in_param = false;
        }
        out.push(if in_param { c.to_ascii_lowercase() } else { c });
    }
    out
}

/// The words that tell a template apart from another of the same derived name: its service
/// when it is not the spec's, and its region and account slots when they are not the usual
/// `$regionid` and `$accountid` (`*` is `any_region`, `$fromRegionid` is `from_region`).
fn qualifiers(structure: &ArnStructure, own_service: &str) -> Vec<String> {
    fn slot(segment: &ram_spec::Segment, usual: &str, any: &str) -> Option<String> {
        match segment {
            ram_spec::Segment::Wildcard => Some(any.to_owned()),
            ram_spec::Segment::Param(name) if name.eq_ignore_ascii_case(usual) => None,
            ram_spec::Segment::Param(name) => {
                let mut snake = String::new();
                for (i, c) in name.chars().enumerate() {
                    if c.is_ascii_uppercase() && i > 0 {
                        snake.push('_');
                    }
                    snake.push(c.to_ascii_lowercase());
                }
                let snake = snake.strip_suffix("id").unwrap_or(&snake).to_owned();
                Some(snake.trim_end_matches('_').to_owned())
            }
            ram_spec::Segment::Literal(text) if text.is_empty() => Some("global".to_owned()),
            ram_spec::Segment::Literal(text) => Some(text.to_ascii_lowercase()),
            // The parser never joins a region or account slot.
            ram_spec::Segment::Joined(_) => None,
        }
    }
    let mut words = Vec::new();
    if structure.service != own_service {
        words.push(structure.service.replace('-', "_"));
    }
    words.extend(slot(&structure.region, "regionid", "any_region"));
    words.extend(slot(&structure.account, "accountid", "any_account"));
    words
}

/// Gives templates that derive the same name distinct ones: within each group of equal names,
/// each template is prefixed by its [`qualifiers`], so the one in the usual slots keeps the
/// plain name. A spec without such groups (every single-page service so far) is unchanged;
/// a group the qualifiers cannot split stays, and code generation reports it.
fn disambiguate_names(templates: &mut BTreeMap<String, ArnTemplate>, own_service: &str) {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, template) in templates.iter() {
        groups
            .entry(template.name.clone())
            .or_default()
            .push(key.clone());
    }
    for (name, keys) in groups {
        if keys.len() < 2 {
            continue;
        }
        for key in keys {
            if let Some(template) = templates.get_mut(&key) {
                let mut words = qualifiers(&template.structure, own_service);
                if !words.is_empty() {
                    words.push(name.clone());
                    template.name = words.join("_");
                }
            }
        }
    }
}

/// What one page says of one Action or API: its resources (and an API's Actions) and the rows
/// that say it.
type PageFacts<'a> = (BTreeSet<&'a str>, Vec<Origin>);

/// Actions and APIs that the pages of a service document differently: every page with an
/// `Action | Resource` table should list the same Actions with the same resources, and every page
/// with an `API | Action | Resource` table the same APIs with the same Actions and resources (the
/// en and zh twins of a page, or two versions of it). One finding per Action or API names the
/// pages that leave it out and what each page gives; the spec keeps the union.
fn sources_disagree(records: &Records) -> Vec<Finding> {
    // Pages that list Actions without resources (an Action list) are compared among
    // themselves, and pages with resources among themselves: a list says nothing of resources.
    let listed = |r: &&crate::tables::ActionRow| r.resources.is_empty() && !r.no_authorization;
    let rows = |lists: bool| {
        records
            .actions
            .iter()
            .filter(|r| !r.rg_unsupported)
            .filter(move |r| listed(r) == lists)
            .map(|r| {
                let values = r.resources.iter().map(String::as_str).collect();
                (r.action.as_str(), values, &r.origin)
            })
            .collect::<Vec<_>>()
    };
    let apis = records.apis.iter().map(|r| {
        let values = r
            .actions
            .iter()
            .chain(&r.resources)
            .map(String::as_str)
            .collect();
        (r.name.as_str(), values, &r.origin)
    });
    let partial = &records.partial_pages;
    let mut out = disagreements(rows(false), partial);
    out.extend(disagreements(rows(true), partial));
    out.extend(disagreements(apis.collect(), partial));
    out.sort_by(|a, b| a.subject.cmp(&b.subject));
    out
}

/// The findings over one kind of row: `(subject, what the row gives, where)`. A page that
/// documents part of the service only (`partial`) is compared on what it gives, never listed
/// as leaving the rest out.
fn disagreements<'a>(
    rows: Vec<(&'a str, BTreeSet<&'a str>, &'a Origin)>,
    partial: &BTreeSet<String>,
) -> Vec<Finding> {
    let pages: BTreeSet<&str> = rows.iter().map(|r| r.2.source.as_str()).collect();
    if pages.len() < 2 {
        return Vec::new();
    }
    let mut by_subject: BTreeMap<&str, BTreeMap<&str, PageFacts<'_>>> = BTreeMap::new();
    for (subject, values, origin) in rows {
        let entry = by_subject
            .entry(subject)
            .or_default()
            .entry(origin.source.as_str())
            .or_default();
        entry.0.extend(values);
        entry.1.push(origin.clone());
    }
    let mut out = Vec::new();
    for (subject, documented) in by_subject {
        let missing: Vec<&str> = pages
            .iter()
            .copied()
            .filter(|page| !documented.contains_key(page) && !partial.contains(*page))
            .collect();
        let values: BTreeSet<&BTreeSet<&str>> = documented.values().map(|(r, _)| r).collect();
        if missing.is_empty() && values.len() < 2 {
            continue;
        }
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!(
                "not documented on {}",
                missing
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if values.len() > 1 {
            for (page, (given, _)) in &documented {
                let list: Vec<String> = given.iter().map(|r| (*r).to_owned()).collect();
                parts.push(format!("`{page}` gives {}", describe_resources(&list)));
            }
        }
        out.push(Finding {
            kind: FindingKind::SourcesDisagree,
            subject: subject.to_owned(),
            related: missing.iter().map(|p| (*p).to_owned()).collect(),
            message: format!(
                "the pages disagree: {}; the spec keeps the union",
                parts.join("; ")
            ),
            origins: documented.values().flat_map(|(_, o)| o.clone()).collect(),
        });
    }
    out
}

/// ARN templates: the documented ones first, then every other resource a row uses, each named
/// from its structure.
fn collect_templates(
    own_service: &str,
    records: &Records,
    service_location: &Location,
    errors: &mut Vec<ScrapeError>,
) -> BTreeMap<String, ArnTemplate> {
    let mut templates: BTreeMap<String, ArnTemplate> = BTreeMap::new();
    for row in &records.templates {
        let entry = templates
            .entry(row.template.clone())
            .or_insert_with(|| ArnTemplate {
                name: String::new(),
                template: row.template.clone(),
                structure: row.structure.clone(),
                label: (!row.label.is_empty()).then(|| row.label.clone()),
                documented: Vec::new(),
            });
        entry.documented.push(row.origin.clone());
    }
    let used = records
        .apis
        .iter()
        .flat_map(|api| &api.resources)
        .chain(records.actions.iter().flat_map(|a| &a.resources))
        .filter(|r| *r != ANY_RESOURCE);
    for resource in used {
        if templates.contains_key(resource.as_str()) {
            continue;
        }
        // The rows parsed every resource already, so this cannot fail; an error is reported
        // instead of a panic all the same.
        match ArnStructure::parse(resource) {
            Ok(structure) => {
                templates.insert(
                    resource.clone(),
                    ArnTemplate {
                        name: String::new(),
                        template: resource.clone(),
                        structure,
                        label: None,
                        documented: Vec::new(),
                    },
                );
            }
            Err(reason) => errors.push(ScrapeError::BadArn {
                at: service_location.clone(),
                text: resource.clone(),
                reason,
            }),
        }
    }
    let vocab_owned = vocabulary(templates.values().map(|t| &t.structure));
    let vocab: Vec<&str> = vocab_owned.iter().map(String::as_str).collect();
    for template in templates.values_mut() {
        template.name = template.structure.derived_name(&vocab);
    }
    disambiguate_names(&mut templates, own_service);
    templates
}

/// Parameters: one row each; repeated rows must agree.
fn collect_parameters(
    records: &Records,
    errors: &mut Vec<ScrapeError>,
) -> BTreeMap<String, (ArnParameter, Location)> {
    let mut parameters: BTreeMap<String, (ArnParameter, Location)> = BTreeMap::new();
    for row in &records.parameters {
        if let Some((first, first_at)) = parameters.get(&row.name) {
            if first.description != row.description {
                errors.push(ScrapeError::Disagreement {
                    at: row.at.clone(),
                    what: "parameter".into(),
                    name: row.name.clone(),
                    first: first_at.clone(),
                    difference: "the descriptions differ".into(),
                });
            }
            continue;
        }
        parameters.insert(
            row.name.clone(),
            (
                ArnParameter {
                    name: row.name.clone(),
                    description: row.description.clone(),
                    origin: row.origin.clone(),
                },
                row.at.clone(),
            ),
        );
    }
    parameters
}

/// An API as assembled, with the row it was first read at and whether its access level was
/// inferred.
struct ApiEntry {
    api: Api,
    at: Location,
    inferred: bool,
    /// The row says no authorization is needed; the API then has no resources.
    no_authorization: bool,
}

/// What differs between a repeated API row and the first one; empty when they agree.
fn api_differences(
    first: &ApiEntry,
    row: &ApiRow,
    actions: &[String],
    resources: &[String],
) -> Vec<String> {
    let mut differences = Vec::new();
    if first.api.actions != actions {
        differences.push(format!(
            "action {} vs {}",
            describe_resources(&first.api.actions),
            describe_resources(actions)
        ));
    }
    if first.api.resources != resources {
        differences.push(format!(
            "resource {} vs {}",
            describe_resources(&first.api.resources),
            describe_resources(resources)
        ));
    }
    let level_differs = match row.access_level {
        Some(level) => first.inferred || first.api.access_level != level,
        None => !first.inferred,
    };
    if level_differs {
        differences.push("the access levels differ".to_owned());
    }
    differences
}

/// Named rows (system policies, condition keys): one per name, the first description read,
/// every row that gives it.
fn described(rows: &[(String, Option<String>, Origin)]) -> Vec<ram_spec::Described> {
    let mut by_name: BTreeMap<&str, ram_spec::Described> = BTreeMap::new();
    for (name, description, origin) in rows {
        let entry = by_name
            .entry(name.as_str())
            .or_insert_with(|| ram_spec::Described {
                name: name.clone(),
                description: None,
                origins: Vec::new(),
            });
        if entry.description.is_none() {
            entry.description.clone_from(description);
        }
        entry.origins.push(origin.clone());
    }
    by_name.into_values().collect()
}

/// APIs: one row each; repeated rows must agree. An undocumented access level is inferred from
/// the verb of the API's first Action, else from the API's own verb, else it is the highest level
/// of the other APIs that need the same Actions (`RegistrantProfileRealNameVerification` needs
/// `domain:RegistrantProfileOperation`, as `SaveRegistrantProfile` does).
fn collect_apis(records: &Records, errors: &mut Vec<ScrapeError>) -> BTreeMap<String, ApiEntry> {
    let mut apis: BTreeMap<String, ApiEntry> = BTreeMap::new();
    let mut unsettled: Vec<String> = Vec::new();
    // A variant row adds to its API, which the plain rows define first.
    let mut rows: Vec<&ApiRow> = records.apis.iter().collect();
    rows.sort_by_key(|row| row.variant);
    let mut variants: Vec<&ApiRow> = Vec::new();
    for row in rows {
        if row.variant && apis.contains_key(&row.name) {
            variants.push(row);
            continue;
        }
        let sorted = |values: &[String]| {
            let mut values = values.to_vec();
            values.sort();
            values.dedup();
            values
        };
        let (actions, resources) = (sorted(&row.actions), sorted(&row.resources));
        if let Some(first) = apis.get(&row.name) {
            let differences = api_differences(first, row, &actions, &resources);
            if !differences.is_empty() {
                errors.push(ScrapeError::Disagreement {
                    at: row.at.clone(),
                    what: "api".into(),
                    name: row.name.clone(),
                    first: first.at.clone(),
                    difference: differences.join("; "),
                });
            }
            continue;
        }
        // The call needs every Action of the row, so it has the highest level their verbs
        // give (`CopyObject` needs `oss:GetObject` and `oss:PutObject`: write). Some services
        // name Actions by noun (`domain:DnsHostModification`); the API's own verb
        // (`SaveSingleTaskForModifyingDnsHost`) then says what the call does.
        let by_actions = row
            .actions
            .iter()
            .filter_map(|action| AccessLevel::infer_from_action(action))
            .max_by_key(|level| (level.class(), *level));
        let (access_level, inferred) = match row.access_level {
            Some(level) => (level, false),
            None => match by_actions.or_else(|| AccessLevel::infer_from_action(&row.name)) {
                Some(level) => (level, true),
                None => {
                    unsettled.push(row.name.clone());
                    (AccessLevel::Read, true)
                }
            },
        };
        let api = Api {
            name: row.name.clone(),
            actions,
            resources,
            access_level,
            origin: row.origin.clone(),
        };
        apis.insert(
            row.name.clone(),
            ApiEntry {
                api,
                at: row.at.clone(),
                inferred,
                no_authorization: row.no_authorization,
            },
        );
    }
    settle_by_shared_actions(&mut apis, &unsettled, errors);
    for row in variants {
        if let Some(entry) = apis.get_mut(&row.name) {
            entry.api.actions.extend(row.actions.iter().cloned());
            entry.api.actions.sort();
            entry.api.actions.dedup();
            entry.api.resources.extend(row.resources.iter().cloned());
            entry.api.resources.sort();
            entry.api.resources.dedup();
        }
    }
    apis
}

/// Gives each API whose level no verb tells the highest level of the settled APIs that share
/// one of its Actions, or reports it.
fn settle_by_shared_actions(
    apis: &mut BTreeMap<String, ApiEntry>,
    unsettled: &[String],
    errors: &mut Vec<ScrapeError>,
) {
    for name in unsettled {
        let Some(entry) = apis.get(name) else {
            continue;
        };
        let shared = apis
            .values()
            .filter(|other| !unsettled.contains(&other.api.name))
            .filter(|other| {
                other
                    .api
                    .actions
                    .iter()
                    .any(|a| entry.api.actions.contains(a))
            })
            .map(|other| other.api.access_level)
            .max_by_key(|level| (level.class(), *level));
        match shared {
            Some(level) => {
                if let Some(entry) = apis.get_mut(name) {
                    entry.api.access_level = level;
                }
            }
            None => {
                errors.push(ScrapeError::UnknownVerb {
                    at: entry.at.clone(),
                    action: entry.api.actions.first().cloned().unwrap_or_default(),
                });
                apis.remove(name);
            }
        }
    }
}

/// An Action as the rows describe it, before its access level is settled.
#[derive(Default)]
struct Draft {
    apis: BTreeSet<String>,
    resources: BTreeSet<String>,
    levels: BTreeMap<AccessLevel, Vec<Origin>>,
    /// The levels of the APIs that need the Action, documented or inferred.
    api_levels: BTreeSet<AccessLevel>,
    description: Option<String>,
    rg_unsupported: bool,
    /// Rows that say no authorization is needed, and rows that do not.
    no_authorization_rows: (usize, usize),
    origins: BTreeSet<Origin>,
    first_at: Option<Location>,
}

/// Actions: the union of what every API and Action row says about each.
fn draft_actions(records: &Records, apis: &BTreeMap<String, ApiEntry>) -> BTreeMap<String, Draft> {
    let mut drafts: BTreeMap<String, Draft> = BTreeMap::new();
    for ApiEntry {
        api,
        at,
        inferred,
        no_authorization,
    } in apis.values()
    {
        for action in &api.actions {
            let draft = drafts.entry(action.clone()).or_default();
            draft.apis.insert(api.name.clone());
            draft.api_levels.insert(api.access_level);
            draft.resources.extend(api.resources.iter().cloned());
            if *no_authorization {
                draft.no_authorization_rows.0 += 1;
            } else {
                draft.no_authorization_rows.1 += 1;
            }
            if !inferred {
                draft
                    .levels
                    .entry(api.access_level)
                    .or_default()
                    .push(api.origin.clone());
            }
            draft.origins.insert(api.origin.clone());
            draft.first_at.get_or_insert_with(|| at.clone());
        }
    }
    for row in &records.actions {
        let draft = drafts.entry(row.action.clone()).or_default();
        draft.resources.extend(row.resources.iter().cloned());
        if let Some(level) = row.access_level {
            draft
                .levels
                .entry(level)
                .or_default()
                .push(row.origin.clone());
        }
        if draft.description.is_none() {
            draft.description.clone_from(&row.description);
        }
        draft.rg_unsupported |= row.rg_unsupported;
        if !row.rg_unsupported {
            if row.no_authorization {
                draft.no_authorization_rows.0 += 1;
            } else {
                draft.no_authorization_rows.1 += 1;
            }
        }
        draft.origins.insert(row.origin.clone());
        draft.first_at.get_or_insert_with(|| row.at.clone());
    }
    drafts
}

/// The Action errata and where applying them is recorded.
struct ActionErrata<'a> {
    errata: &'a [Erratum],
    at: &'a Location,
    applied: &'a mut Vec<AppliedErratum>,
}

/// Settles each Action's access level (documented, else inferred, then corrected by errata)
/// and reports Actions documented with several levels.
fn finish_actions(
    records: &Records,
    drafts: &BTreeMap<String, Draft>,
    fixes: ActionErrata<'_>,
    service_location: &Location,
    errors: &mut Vec<ScrapeError>,
) -> (Vec<Action>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut actions = Vec::new();
    for (name, draft) in drafts {
        let documented = draft
            .levels
            .keys()
            .copied()
            .max_by_key(|level| (level.class(), *level));
        let (access_level, access_level_inferred) = match documented {
            Some(level) => (level, false),
            // An Action named by noun takes the highest level of the APIs that need it, else
            // the verb its description starts with.
            None => match AccessLevel::infer_from_action(name)
                .or_else(|| {
                    draft
                        .api_levels
                        .iter()
                        .copied()
                        .max_by_key(|level| (level.class(), *level))
                })
                .or_else(|| {
                    draft
                        .description
                        .as_deref()
                        .and_then(AccessLevel::infer_from_description)
                }) {
                Some(level) => (level, true),
                None => {
                    errors.push(ScrapeError::UnknownVerb {
                        at: draft
                            .first_at
                            .clone()
                            .unwrap_or_else(|| service_location.clone()),
                        action: name.clone(),
                    });
                    continue;
                }
            },
        };
        let access_level = match errata::apply_to_action(fixes.errata, name, access_level, fixes.at)
        {
            Ok(Some((corrected, done))) => {
                fixes.applied.push(done);
                corrected
            }
            Ok(None) => access_level,
            Err(e) => {
                errors.push(*e);
                access_level
            }
        };
        if draft.levels.len() > 1 {
            findings.push(conflicting_levels(name, draft, access_level));
        }
        actions.push(Action {
            name: name.clone(),
            apis: draft.apis.iter().cloned().collect(),
            resources: draft.resources.iter().cloned().collect(),
            access_level,
            access_level_inferred,
            resource_group_authorization: records.rg_documented.then_some(!draft.rg_unsupported),
            description: draft.description.clone(),
            no_authorization: draft.no_authorization_rows.0 > 0
                && draft.no_authorization_rows.1 == 0,
            origins: draft.origins.iter().cloned().collect(),
        });
    }
    (actions, findings)
}

/// The finding of an Action documented with several access levels.
fn conflicting_levels(name: &str, draft: &Draft, kept: AccessLevel) -> Finding {
    let levels: Vec<String> = draft.levels.keys().map(|l| format!("`{l}`")).collect();
    Finding {
        kind: FindingKind::ConflictingAccessLevels,
        subject: name.to_owned(),
        related: draft.apis.iter().cloned().collect(),
        message: format!(
            "the action is documented as {}; the spec keeps `{kept}`, the highest class",
            levels.join(" and ")
        ),
        origins: draft.levels.values().flatten().cloned().collect(),
    }
}

fn rg_types(records: &Records) -> Vec<ResourceGroupType> {
    records
        .rg_types
        .iter()
        .map(|row| ResourceGroupType {
            service: row.service.clone(),
            code: row.code.clone(),
            description: row.description.clone(),
            origin: row.origin.clone(),
        })
        .collect()
}

/// The spec if it keeps every invariant; a broken one is a scraper bug, reported as an error.
fn checked(spec: Spec, service_location: &Location) -> Result<Spec, Vec<ScrapeError>> {
    let invalid = spec.validate();
    if invalid.is_empty() {
        Ok(spec)
    } else {
        Err(invalid
            .into_iter()
            .map(|e| ScrapeError::InvalidSpec {
                at: service_location.clone(),
                message: e.to_string(),
            })
            .collect())
    }
}

/// An Action that no API documents, named like an API that is authorized as another Action:
/// the RG page's `cr:GetRepoTagManifest` against the API `GetRepoTagManifest` ->
/// `cr:GetRepositoryManifest`.
fn action_resembles_api(actions: &[Action], apis: &[Api]) -> Vec<Finding> {
    let mut out = Vec::new();
    for action in actions.iter().filter(|a| a.apis.is_empty()) {
        let short = action
            .name
            .split_once(':')
            .map_or(action.name.as_str(), |(_, n)| n);
        for api in apis
            .iter()
            .filter(|api| api.name == short && !api.actions.contains(&action.name))
        {
            out.push(Finding {
                kind: FindingKind::ActionResemblesApi,
                subject: action.name.clone(),
                related: [api.name.clone()]
                    .into_iter()
                    .chain(api.actions.iter().cloned())
                    .collect(),
                message: format!(
                    "no api documents `{}`, but the api `{}` of the same name is authorized as `{}`; one page may use the api name where the action is meant",
                    action.name,
                    api.name,
                    api.actions_text()
                ),
                origins: action.origins.iter().chain([&api.origin]).cloned().collect(),
            });
        }
    }
    out
}

/// An API whose resource type differs from the one most APIs of its section use
/// (`UpdateNamespace` on a `chart/` ARN among `repository/` ones).
fn resource_family_mismatch(
    apis: &[Api],
    templates: &BTreeMap<String, ArnTemplate>,
) -> Vec<Finding> {
    let family = |resource: &str| {
        templates
            .get(resource)
            .and_then(|t| t.structure.resource_type.clone())
    };
    let mut sections: BTreeMap<(&str, usize), Vec<&Api>> = BTreeMap::new();
    for api in apis {
        sections
            .entry((api.origin.source.as_str(), api.origin.table))
            .or_default()
            .push(api);
    }
    let mut out = Vec::new();
    for members in sections.values() {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for api in members {
            let families: BTreeSet<String> =
                api.resources.iter().filter_map(|r| family(r)).collect();
            for f in families {
                *counts.entry(f).or_default() += 1;
            }
        }
        let total: usize = counts.values().sum();
        let Some((majority, count)) = counts
            .iter()
            .max_by_key(|(name, count)| (**count, std::cmp::Reverse((*name).clone())))
        else {
            continue;
        };
        // Only a clear majority defines the section's family.
        if count * 2 <= total {
            continue;
        }
        for api in members {
            for resource in &api.resources {
                if let Some(f) = family(resource)
                    && f != *majority
                {
                    out.push(Finding {
                        kind: FindingKind::ResourceFamilyMismatch,
                        subject: api.name.clone(),
                        related: api
                            .actions
                            .iter()
                            .chain([resource])
                            .cloned()
                            .collect(),
                        message: format!(
                            "`{}` is authorized against a `{f}` resource (`{resource}`) while {count} of the {total} resources in its section `{}` are `{majority}` resources",
                            api.name, api.origin.section
                        ),
                        origins: vec![api.origin.clone()],
                    });
                }
            }
        }
    }
    out
}

fn template_findings(
    records: &Records,
    templates: &BTreeMap<String, ArnTemplate>,
    apis: &[Api],
    actions: &[Action],
) -> Vec<Finding> {
    let mut out = Vec::new();
    if records.templates.is_empty() {
        return out;
    }
    for template in templates.values() {
        let users_api: Vec<&Api> = apis
            .iter()
            .filter(|a| a.resources.contains(&template.template))
            .collect();
        let users_action: Vec<&Action> = actions
            .iter()
            .filter(|a| a.resources.contains(&template.template))
            .collect();
        if template.documented.is_empty() {
            out.push(Finding {
                kind: FindingKind::UndocumentedArnTemplate,
                subject: template.template.clone(),
                related: users_api.iter().map(|a| a.name.clone()).collect(),
                message: "the resource is used but the arn format table does not document it"
                    .into(),
                origins: users_api.iter().map(|a| a.origin.clone()).collect(),
            });
        } else if users_api.is_empty() && users_action.is_empty() {
            out.push(Finding {
                kind: FindingKind::UnusedArnTemplate,
                subject: template.template.clone(),
                related: Vec::new(),
                message: "the arn format table documents it but no api or action is authorized against it".into(),
                origins: template.documented.clone(),
            });
        }
    }
    out
}

fn parameter_findings(
    templates: &BTreeMap<String, ArnTemplate>,
    parameters: &BTreeMap<String, (ArnParameter, Location)>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if parameters.is_empty() {
        return out;
    }
    let mut used: BTreeMap<&str, Vec<&ArnTemplate>> = BTreeMap::new();
    for template in templates.values() {
        for param in template.structure.params() {
            used.entry(param).or_default().push(template);
        }
    }
    for (param, users) in &used {
        if !parameters.contains_key(*param) {
            out.push(Finding {
                kind: FindingKind::UndescribedArnParameter,
                subject: format!("${param}"),
                related: users.iter().map(|t| t.template.clone()).collect(),
                message: "the parameter is used in arn templates but the parameter table does not describe it".into(),
                origins: users.iter().flat_map(|t| t.documented.clone()).collect(),
            });
        }
    }
    for (name, (parameter, _)) in parameters {
        if !used.contains_key(name.as_str()) {
            out.push(Finding {
                kind: FindingKind::UnusedArnParameter,
                subject: format!("${name}"),
                related: Vec::new(),
                message: "the parameter table describes it but no arn template uses it".into(),
                origins: vec![parameter.origin.clone()],
            });
        }
    }
    out
}
