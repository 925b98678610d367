//! The semantic difference between two specs: what changed in meaning, what it breaks, and the
//! semver bump the generated bindings need.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::{ANY_RESOURCE, Spec};

/// The groups a change is reported under, in the order of the changelog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// APIs the new spec adds.
    ApisAdded,
    /// APIs the new spec no longer has.
    ApisRemoved,
    /// An API's Action, resources or access level changed.
    ApisChanged,
    /// Actions the new spec adds.
    ActionsAdded,
    /// Actions the new spec no longer has.
    ActionsRemoved,
    /// An Action's resource-group support or access level changed.
    ActionsChanged,
    /// ARN templates the new spec adds.
    TemplatesAdded,
    /// ARN templates the new spec no longer has.
    TemplatesRemoved,
    /// A template of the same name with another text, or the same text under another name.
    TemplatesChanged,
    /// Resource-group resource types added.
    ResourceGroupTypesAdded,
    /// Resource-group resource types removed.
    ResourceGroupTypesRemoved,
    /// Errata applied or dropped.
    ErrataChanged,
    /// Cross-document findings the new spec adds.
    FindingsAdded,
    /// Findings the new spec no longer has.
    FindingsResolved,
}

impl Section {
    /// The heading in the changelog.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::ApisAdded => "APIs added",
            Self::ApisRemoved => "APIs removed",
            Self::ApisChanged => "APIs changed",
            Self::ActionsAdded => "Actions added",
            Self::ActionsRemoved => "Actions removed",
            Self::ActionsChanged => "Actions changed",
            Self::TemplatesAdded => "ARN templates added",
            Self::TemplatesRemoved => "ARN templates removed",
            Self::TemplatesChanged => "ARN templates changed",
            Self::ResourceGroupTypesAdded => "Resource-group resource types added",
            Self::ResourceGroupTypesRemoved => "Resource-group resource types removed",
            Self::ErrataChanged => "Errata changed",
            Self::FindingsAdded => "Findings added",
            Self::FindingsResolved => "Findings resolved",
        }
    }

    /// Whether the section counts for the bindings' version (findings do not: they only
    /// change documentation).
    const fn affects_bindings(self) -> bool {
        !matches!(
            self,
            Self::FindingsAdded | Self::FindingsResolved | Self::ErrataChanged
        )
    }

    const fn is_addition(self) -> bool {
        matches!(
            self,
            Self::ApisAdded
                | Self::ActionsAdded
                | Self::TemplatesAdded
                | Self::ResourceGroupTypesAdded
        )
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Its group.
    pub section: Section,
    /// The item (API name, Action, template text, finding subject).
    pub item: String,
    /// What changed about it, for `…changed` sections (`action`, `access level`, …).
    pub field: Option<String>,
    /// The old value, if any.
    pub old: Option<String>,
    /// The new value, if any.
    pub new: Option<String>,
    /// Whether it removes or renames a generated enum variant or type, or changes the fields of
    /// a typed ARN.
    pub breaking: bool,
}

/// The version bump the bindings crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    /// Nothing the bindings expose changed.
    None,
    /// Additions only.
    Minor,
    /// A removal or a change.
    Major,
}

/// The difference between two specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecDiff {
    /// The service.
    pub service: String,
    /// Semantic changes, sorted by section then item.
    pub changes: Vec<Change>,
    /// Changes that do not change meaning (descriptions, labels, sources, row positions).
    pub non_semantic: Vec<String>,
    /// The bump the bindings need.
    pub bump: Bump,
}

fn level_text(level: crate::AccessLevel, inferred: bool) -> String {
    if inferred {
        format!("{level} (inferred)")
    } else {
        level.to_string()
    }
}

fn list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| {
            if v == ANY_RESOURCE {
                "`*`".to_owned()
            } else {
                format!("`{v}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn rg_text(value: Option<bool>) -> String {
    match value {
        Some(true) => "supported".to_owned(),
        Some(false) => "not supported".to_owned(),
        None => "not documented".to_owned(),
    }
}

struct Collector {
    changes: Vec<Change>,
}

impl Collector {
    fn push(
        &mut self,
        section: Section,
        item: &str,
        field: Option<&str>,
        old: Option<String>,
        new: Option<String>,
        breaking: bool,
    ) {
        self.changes.push(Change {
            section,
            item: item.to_owned(),
            field: field.map(str::to_owned),
            old,
            new,
            breaking,
        });
    }
}

/// Compares two specs of a service.
///
/// ```
/// let spec = ram_spec::Spec::from_json(include_str!("../../../generated/cr/spec.json")).unwrap();
/// let mut newer = spec.clone();
/// newer.apis.retain(|api| api.name != "GetInstance");
/// newer.actions.iter_mut().for_each(|a| a.apis.retain(|api| api != "GetInstance"));
/// let diff = ram_spec::diff(&spec, &newer);
/// assert_eq!(diff.bump, ram_spec::Bump::Major);
/// assert!(diff.to_markdown().contains("## APIs removed\n\n- `GetInstance`"));
/// assert!(ram_spec::diff(&spec, &spec).is_empty());
/// ```
#[must_use]
pub fn diff(old: &Spec, new: &Spec) -> SpecDiff {
    let mut out = Collector {
        changes: Vec::new(),
    };
    let mut non_semantic = Vec::new();

    let old_apis: BTreeMap<&str, _> = old.apis.iter().map(|a| (a.name.as_str(), a)).collect();
    let new_apis: BTreeMap<&str, _> = new.apis.iter().map(|a| (a.name.as_str(), a)).collect();
    for (name, api) in &new_apis {
        match old_apis.get(name) {
            None => out.push(
                Section::ApisAdded,
                name,
                None,
                None,
                Some(format!(
                    "`{}` on {} ({})",
                    api.actions_text(),
                    list(&api.resources),
                    api.access_level
                )),
                false,
            ),
            Some(before) => {
                if before.actions != api.actions {
                    out.push(
                        Section::ApisChanged,
                        name,
                        Some("action"),
                        Some(before.actions_text()),
                        Some(api.actions_text()),
                        false,
                    );
                }
                if before.resources != api.resources {
                    out.push(
                        Section::ApisChanged,
                        name,
                        Some("resource"),
                        Some(before.resources.join(", ")),
                        Some(api.resources.join(", ")),
                        false,
                    );
                }
                if before.access_level != api.access_level {
                    out.push(
                        Section::ApisChanged,
                        name,
                        Some("access level"),
                        Some(before.access_level.to_string()),
                        Some(api.access_level.to_string()),
                        false,
                    );
                }
                if before.origin != api.origin {
                    non_semantic.push(format!(
                        "api `{name}` moved within the page (section, table or row)"
                    ));
                }
            }
        }
    }
    for (name, api) in &old_apis {
        if !new_apis.contains_key(name) {
            out.push(
                Section::ApisRemoved,
                name,
                None,
                Some(format!(
                    "`{}` on {}",
                    api.actions_text(),
                    list(&api.resources)
                )),
                None,
                true,
            );
        }
    }

    let old_actions: BTreeMap<&str, _> = old.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    let new_actions: BTreeMap<&str, _> = new.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    for (name, action) in &new_actions {
        match old_actions.get(name) {
            None => out.push(
                Section::ActionsAdded,
                name,
                None,
                None,
                Some(format!(
                    "{}, resource-group authorization {}",
                    level_text(action.access_level, action.access_level_inferred),
                    rg_text(action.resource_group_authorization)
                )),
                false,
            ),
            Some(before) => {
                if before.resource_group_authorization != action.resource_group_authorization {
                    out.push(
                        Section::ActionsChanged,
                        name,
                        Some("resource-group authorization"),
                        Some(rg_text(before.resource_group_authorization)),
                        Some(rg_text(action.resource_group_authorization)),
                        false,
                    );
                }
                if (before.access_level, before.access_level_inferred)
                    != (action.access_level, action.access_level_inferred)
                {
                    out.push(
                        Section::ActionsChanged,
                        name,
                        Some("access level"),
                        Some(level_text(
                            before.access_level,
                            before.access_level_inferred,
                        )),
                        Some(level_text(
                            action.access_level,
                            action.access_level_inferred,
                        )),
                        false,
                    );
                }
                if before.description != action.description {
                    non_semantic.push(format!("action `{name}`: description changed"));
                }
            }
        }
    }
    for name in old_actions.keys() {
        if !new_actions.contains_key(name) {
            out.push(Section::ActionsRemoved, name, None, None, None, true);
        }
    }

    // Templates: a name that stays with another text is a change; the same text under another
    // name is a rename; everything else is added or removed.
    let old_by_name: BTreeMap<&str, &str> = old
        .arn_templates
        .iter()
        .map(|t| (t.name.as_str(), t.template.as_str()))
        .collect();
    let new_by_name: BTreeMap<&str, &str> = new
        .arn_templates
        .iter()
        .map(|t| (t.name.as_str(), t.template.as_str()))
        .collect();
    let old_by_text: BTreeMap<&str, &str> = old
        .arn_templates
        .iter()
        .map(|t| (t.template.as_str(), t.name.as_str()))
        .collect();
    let new_by_text: BTreeMap<&str, &str> = new
        .arn_templates
        .iter()
        .map(|t| (t.template.as_str(), t.name.as_str()))
        .collect();
    let mut handled_old = BTreeSet::new();
    let mut handled_new = BTreeSet::new();
    for (name, text) in &new_by_name {
        if let Some(old_text) = old_by_name.get(name)
            && old_text != text
            && !new_by_text.contains_key(old_text)
            && !old_by_text.contains_key(text)
        {
            // The typed ARN keeps its name; it breaks when its fields (the parameters) change.
            let params = |spec: &Spec, t: &str| {
                spec.template(t)
                    .map(|t| t.structure.params().join(","))
                    .unwrap_or_default()
            };
            let breaking = params(old, old_text) != params(new, text);
            out.push(
                Section::TemplatesChanged,
                name,
                Some("template"),
                Some((*old_text).to_owned()),
                Some((*text).to_owned()),
                breaking,
            );
            handled_old.insert(*old_text);
            handled_new.insert(*text);
        }
    }
    for (text, name) in &new_by_text {
        if handled_new.contains(text) {
            continue;
        }
        match old_by_text.get(text) {
            Some(old_name) if old_name != name => {
                out.push(
                    Section::TemplatesChanged,
                    text,
                    Some("name"),
                    Some((*old_name).to_owned()),
                    Some((*name).to_owned()),
                    true,
                );
            }
            Some(_) => {}
            None => out.push(
                Section::TemplatesAdded,
                text,
                None,
                None,
                Some(format!("`{name}`")),
                false,
            ),
        }
    }
    for (text, name) in &old_by_text {
        if !handled_old.contains(text) && !new_by_text.contains_key(text) {
            out.push(
                Section::TemplatesRemoved,
                text,
                None,
                Some(format!("`{name}`")),
                None,
                true,
            );
        }
    }
    for template in &new.arn_templates {
        if let Some(before) = old.template(&template.template)
            && (before.label != template.label || before.documented != template.documented)
        {
            non_semantic.push(format!(
                "template `{}`: label or documenting rows changed",
                template.template
            ));
        }
    }

    let rg_key = |t: &crate::ResourceGroupType| format!("{}:{}", t.service, t.code);
    let old_rg: BTreeSet<String> = old.resource_group_types.iter().map(rg_key).collect();
    let new_rg: BTreeSet<String> = new.resource_group_types.iter().map(rg_key).collect();
    for code in new_rg.difference(&old_rg) {
        out.push(
            Section::ResourceGroupTypesAdded,
            code,
            None,
            None,
            None,
            false,
        );
    }
    for code in old_rg.difference(&new_rg) {
        out.push(
            Section::ResourceGroupTypesRemoved,
            code,
            None,
            None,
            None,
            true,
        );
    }

    let erratum_key = |e: &crate::AppliedErratum| {
        format!(
            "{} {} {}: {} -> {}",
            e.target, e.name, e.field, e.documented, e.corrected
        )
    };
    let old_errata: BTreeSet<String> = old.errata.iter().map(erratum_key).collect();
    let new_errata: BTreeSet<String> = new.errata.iter().map(erratum_key).collect();
    for e in new_errata.difference(&old_errata) {
        out.push(
            Section::ErrataChanged,
            e,
            Some("applied"),
            None,
            None,
            false,
        );
    }
    for e in old_errata.difference(&new_errata) {
        out.push(
            Section::ErrataChanged,
            e,
            Some("dropped"),
            None,
            None,
            false,
        );
    }

    // A finding is identified by its kind and subject; a reworded one is not a new finding.
    let finding_key = |f: &crate::Finding| (f.kind.as_str(), f.subject.clone());
    let old_findings: BTreeMap<_, _> = old.findings.iter().map(|f| (finding_key(f), f)).collect();
    let new_findings: BTreeMap<_, _> = new.findings.iter().map(|f| (finding_key(f), f)).collect();
    for (key, finding) in &new_findings {
        match old_findings.get(key) {
            None => out.push(
                Section::FindingsAdded,
                &finding.subject,
                Some(key.0),
                None,
                Some(finding.message.clone()),
                false,
            ),
            Some(before) if before.message != finding.message => {
                non_semantic.push(format!(
                    "finding `{}` on `{}` reworded",
                    key.0, finding.subject
                ));
            }
            Some(_) => {}
        }
    }
    for (key, finding) in &old_findings {
        if !new_findings.contains_key(key) {
            out.push(
                Section::FindingsResolved,
                &finding.subject,
                Some(key.0),
                Some(finding.message.clone()),
                None,
                false,
            );
        }
    }

    for (i, source) in new.sources.iter().enumerate() {
        match old.sources.iter().find(|s| s.file == source.file) {
            Some(before) if before != source => {
                let mut what = Vec::new();
                if before.sha256 != source.sha256 {
                    what.push("content");
                }
                if before.updated != source.updated {
                    what.push("last-updated date");
                }
                if before.url != source.url
                    || before.title != source.title
                    || before.locale != source.locale
                {
                    what.push("url, title or locale");
                }
                non_semantic.push(format!(
                    "source `{}`: {} changed",
                    source.file,
                    what.join(", ")
                ));
            }
            Some(_) => {}
            None => non_semantic.push(format!("source `{}` added (#{})", source.file, i + 1)),
        }
    }
    for source in &old.sources {
        if !new.sources.iter().any(|s| s.file == source.file) {
            non_semantic.push(format!("source `{}` removed", source.file));
        }
    }
    if old.arn_parameters != new.arn_parameters {
        non_semantic.push("arn parameter descriptions changed".to_owned());
    }
    if old.service != new.service {
        non_semantic.push(format!(
            "service name `{}` -> `{}`",
            old.service.name, new.service.name
        ));
    }

    let mut changes = out.changes;
    changes.sort();
    let bindings: Vec<&Change> = changes
        .iter()
        .filter(|c| c.section.affects_bindings())
        .collect();
    let bump = if bindings.is_empty() {
        Bump::None
    } else if bindings.iter().all(|c| c.section.is_addition()) {
        Bump::Minor
    } else {
        Bump::Major
    };
    SpecDiff {
        service: new.service.code.clone(),
        changes,
        non_semantic,
        bump,
    }
}

impl SpecDiff {
    /// Whether the specs mean the same.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changelog in Markdown: one section per kind of change, each line naming the item
    /// and its old and new value, then the non-semantic changes and the semver bump.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# Changes to `{}`\n\n", self.service);
        if self.changes.is_empty() {
            out.push_str("No semantic changes.\n\n");
        }
        let mut current = None;
        for change in &self.changes {
            if current != Some(change.section) {
                current = Some(change.section);
                let _ = write!(out, "## {}\n\n", change.section.title());
            }
            let _ = write!(out, "- `{}`", change.item);
            if let Some(field) = &change.field {
                let _ = write!(out, " {field}");
            }
            match (&change.old, &change.new) {
                (Some(old), Some(new)) => {
                    let _ = write!(out, ": `{old}` -> `{new}`");
                }
                (None, Some(new)) => {
                    let _ = write!(out, ": {new}");
                }
                (Some(old), None) => {
                    let _ = write!(out, " (was: {old})");
                }
                (None, None) => {}
            }
            if change.breaking {
                out.push_str(" **breaking**");
            }
            out.push('\n');
            let next_differs = self
                .changes
                .iter()
                .skip_while(|c| !std::ptr::eq(*c, change))
                .nth(1)
                .is_none_or(|next| next.section != change.section);
            if next_differs {
                out.push('\n');
            }
        }
        if !self.non_semantic.is_empty() {
            out.push_str("## Non-semantic changes\n\n");
            for line in &self.non_semantic {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        // A changed Action, resource or level of an existing item compiles as before but
        // authorizes differently, which is why it makes the bump major; the line says so
        // instead of "major (0 breaking change(s))".
        let changed = self
            .changes
            .iter()
            .filter(|c| c.section.affects_bindings() && !c.section.is_addition() && !c.breaking)
            .count();
        let bump = match self.bump {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        };
        let _ = if changed == 0 {
            writeln!(
                out,
                "Semver bump for the bindings: **{bump}** ({breaking} breaking change(s))."
            )
        } else {
            writeln!(
                out,
                "Semver bump for the bindings: **{bump}** ({breaking} breaking change(s), {changed} changed authorization(s))."
            )
        };
        out
    }
}
