//! The canonical spec of a service's RAM authorization, as scraped from the vendor's pages.
//!
//! The spec is the one artefact every later stage reads: the code generator, the proc macro and
//! the runtime tools. It is serialized as sorted, pretty JSON ([`Spec::to_canonical_json`]) that
//! round-trips exactly, so a reviewer reads its diff when the documentation changes.
//!
//! ```
//! let spec = ram_spec::Spec::from_json(r#"{
//!   "@generated": "by hand, for this example",
//!   "service": { "code": "demo", "name": "Demo" },
//!   "sources": [], "arn_templates": [], "arn_parameters": [],
//!   "resource_group_types": [], "apis": [], "actions": [], "findings": []
//! }"#).unwrap();
//! assert_eq!(spec.service.code, "demo");
//! ```

mod access;
mod arn;
mod diff;
mod ident;
mod placeholder;
mod validate;

use serde::{Deserialize, Serialize};

pub use access::{AccessLevel, UnknownAccessLevel};
pub use arn::{ArnError, ArnStructure, Segment, param_stem, vocabulary};
pub use diff::{Bump, Change, Section, SpecDiff, diff};
pub use ident::{snake_to_upper_camel, words_of, words_to_snake};
pub use placeholder::{JOIN, PLACEHOLDER_CHARACTERS, SPELLINGS, Spelling, normalize_template};
pub use validate::SpecError;

/// The value of a spec file's `@generated` key: the command that writes it.
pub const GENERATED_NOTICE: &str = "by cargo xtask regen. Do not edit.";

/// The resource value that stands for "any resource": the API is authorized against `*`.
pub const ANY_RESOURCE: &str = "*";

/// A service's authorization spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// The notice that the file is generated and by which command ([`GENERATED_NOTICE`]).
    #[serde(rename = "@generated")]
    pub generated: String,
    /// The service the spec describes.
    pub service: Service,
    /// The pages the spec was scraped from, sorted by file name.
    pub sources: Vec<Source>,
    /// Every ARN template, documented in an ARN table or used by an API or Action, sorted by
    /// template text.
    pub arn_templates: Vec<ArnTemplate>,
    /// The documented ARN parameters, sorted by name.
    pub arn_parameters: Vec<ArnParameter>,
    /// The resource types that support resource groups, sorted by service and code.
    pub resource_group_types: Vec<ResourceGroupType>,
    /// Every API operation, sorted by name.
    pub apis: Vec<Api>,
    /// Every Action any page names, sorted by name.
    pub actions: Vec<Action>,
    /// Cross-document findings for reviewers, sorted by kind and subject.
    pub findings: Vec<Finding>,
    /// Vendor errors corrected by `errata.toml`, with both values, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errata: Vec<AppliedErratum>,
    /// The system policies the pages list (`AliyunKafkaFullAccess`), sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_policies: Vec<SystemPolicy>,
    /// Actions that the vendor's own policies use and no authorization table of the service
    /// lists (`documented: false` evidence), with the pages and lines that use them, sorted by
    /// name. Not Actions of the spec: the typed bindings leave them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undocumented_actions: Vec<UndocumentedAction>,
    /// Every Action pattern of the service (`slb:List*`) that the vendor's own policies use:
    /// evidence that some Action matches, so a linter does not call such a pattern wrong when
    /// the tables list no Action it matches. Not Actions; sorted by pattern.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendor_patterns: Vec<UndocumentedAction>,
    /// The condition keys the pages document for the service's policies (`oss:Prefix`, and the
    /// global `acs:SourceIp` where a page lists it), sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<ConditionKey>,
    /// The regions the pages list for the service (`cn-hangzhou`, named `China (Hangzhou)`),
    /// sorted by ID. Where the service is offered; not authorization data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
}

/// An Action seen only in the vendor's own policies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UndocumentedAction {
    /// The Action as the policies spell it (`cr:GetRegionList`).
    pub name: String,
    /// Always `false`: no authorization table lists it.
    pub documented: bool,
    /// Where the vendor's policies use it: `page:line`, sorted.
    pub seen_in: Vec<String>,
}

/// A name a page lists with a description of it: a system policy
/// (`AliyunKafkaReadOnlyAccess`) or a condition key (`oss:Prefix`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Described {
    /// The name as the page writes it.
    pub name: String,
    /// What the page says of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The rows that list it.
    pub origins: Vec<Origin>,
}

/// A system policy a page lists for the service.
pub type SystemPolicy = Described;

/// A condition key a page documents for the service's policies.
pub type ConditionKey = Described;

/// A region a page lists for the service: its ID, and its name as the description.
pub type Region = Described;

/// A clear vendor error corrected by `docs-source/<service>/errata.toml`. The corrected value is
/// what the spec holds; the documented one is kept here and in the generated rustdoc.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppliedErratum {
    /// `api` or `action`.
    pub target: String,
    /// The API name or the Action.
    pub name: String,
    /// `action`, `resource` or `access_level`.
    pub field: String,
    /// The value the page documents.
    pub documented: String,
    /// The value the spec uses instead.
    pub corrected: String,
    /// Why the documented value is certainly wrong.
    pub reason: String,
}

/// The service code and its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The RAM service code, the prefix of its Actions (`cr`).
    pub code: String,
    /// The product name (`Container Registry`).
    pub name: String,
}

/// Provenance of one scraped page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page's file name under `docs-source/<service>/`; origins refer to it.
    pub file: String,
    /// The page's title as printed.
    pub title: String,
    /// The public URL the page was captured from, when known.
    pub url: Option<String>,
    /// The page's locale (`en`, `ja`, `zh`).
    pub locale: String,
    /// The "last updated" date the page prints, as `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// The sha256 of the file, lowercase hex.
    pub sha256: String,
}

/// Where a fact was read: page, table, section and row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The page's file name.
    pub source: String,
    /// The heading the table sits under.
    pub section: String,
    /// The table's position on the page, from 1.
    pub table: usize,
    /// The body row's position in its table, from 1.
    pub row: usize,
}

/// An ARN template and its structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArnTemplate {
    /// A snake_case name derived from the structure ([`ArnStructure::derived_name`]).
    pub name: String,
    /// The template exactly as documented; APIs and Actions refer to templates by this text.
    pub template: String,
    /// The parsed structure of `template`.
    pub structure: ArnStructure,
    /// The resource-type label the ARN table gives it (prose in the page's language).
    pub label: Option<String>,
    /// The ARN-table rows that document it; empty when only an API or Action uses it.
    pub documented: Vec<Origin>,
}

/// A documented ARN parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArnParameter {
    /// The name without `$` (`regionid`).
    pub name: String,
    /// The description as documented, or `None` when the page leaves it empty.
    pub description: Option<String>,
    /// Where it is documented.
    pub origin: Origin,
}

/// A resource type that supports resource groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroupType {
    /// The cloud service code of the row (`cr`).
    pub service: String,
    /// The resource type code (`chartnamespace`).
    pub code: String,
    /// The description after the code, when the page gives one.
    pub description: Option<String>,
    /// Where it is documented.
    pub origin: Origin,
}

/// An API operation and how it is authorized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The API name as documented (`GetRepoTagManifest`).
    pub name: String,
    /// The RAM Actions it is authorized as, with the service prefix
    /// (`cr:GetRepositoryManifest`), sorted; at least one. A call is allowed only when every
    /// one of them is. The JSON key is `action`: a string for the usual single Action, so that
    /// specs of one-Action APIs read as before, and a list when there are several.
    #[serde(rename = "action", with = "one_or_many")]
    pub actions: Vec<String>,
    /// The resources it is checked against: ARN template texts, or [`ANY_RESOURCE`].
    pub resources: Vec<String>,
    /// The documented access level.
    pub access_level: AccessLevel,
    /// Where it is documented.
    pub origin: Origin,
}

impl Api {
    /// The first of its Actions by name; for the usual API authorized as one Action, that
    /// Action. An API with several Actions needs all of [`Api::actions`].
    #[must_use]
    pub fn action(&self) -> &str {
        self.actions.first().map_or("", String::as_str)
    }

    /// Its Actions joined by `, ` for messages (`cr:A` or `cr:A, cr:B`).
    #[must_use]
    pub fn actions_text(&self) -> String {
        self.actions.join(", ")
    }
}

/// Serializes a list as its only element when it has exactly one, and as a list otherwise;
/// reads both forms.
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn serialize<S: Serializer>(values: &[String], serializer: S) -> Result<S::Ok, S::Error> {
        match values {
            [one] => one.serialize(serializer),
            many => many.serialize(serializer),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(deserializer)? {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        })
    }
}

/// A RAM Action: the union of what every page says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The Action with its service prefix (`cr:PullRepository`).
    pub name: String,
    /// The APIs authorized as this Action, sorted.
    pub apis: Vec<String>,
    /// The resources its APIs or rows document, sorted: template texts or [`ANY_RESOURCE`].
    pub resources: Vec<String>,
    /// Its access level: the documented one (the highest, when its APIs disagree), or the one
    /// inferred from its verb.
    pub access_level: AccessLevel,
    /// Whether `access_level` was inferred from the name's verb because no page documents it.
    pub access_level_inferred: bool,
    /// Whether it supports resource-group-level authorization; `None` when no page says.
    pub resource_group_authorization: Option<bool>,
    /// The description a page gives it, if any.
    pub description: Option<String>,
    /// Whether every row that names it says that no authorization is needed (`No
    /// authentication required.`, `无需鉴权`): RAM does not check it, and it has no resources.
    /// Absent from the JSON when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_authorization: bool,
    /// Every row that names it, sorted.
    pub origins: Vec<Origin>,
}

/// Whether a flag is unset, for serde's `skip_serializing_if`.
#[allow(clippy::trivially_copy_pass_by_ref)] // serde passes a reference.
const fn is_false(flag: &bool) -> bool {
    !*flag
}

/// A cross-document observation for reviewers. Findings never change the vendor's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// What kind of inconsistency it is.
    pub kind: FindingKind,
    /// The item it is about (an Action, API or template).
    pub subject: String,
    /// The other items involved.
    pub related: Vec<String>,
    /// A sentence for the reviewer.
    pub message: String,
    /// The rows involved.
    pub origins: Vec<Origin>,
}

/// The kinds of [`Finding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// An Action that no API documents is named like an API that is authorized as another Action.
    ActionResemblesApi,
    /// An API's resource has another resource type than the rest of its section.
    ResourceFamilyMismatch,
    /// One Action documented with different access levels.
    ConflictingAccessLevels,
    /// A resource used by an API or Action that the ARN table does not document.
    UndocumentedArnTemplate,
    /// A template the ARN table documents that no API or Action uses.
    UnusedArnTemplate,
    /// A parameter used in a template that the parameter table does not describe.
    UndescribedArnParameter,
    /// A parameter the parameter table describes that no template uses.
    UnusedArnParameter,
    /// Two pages of one service (the en and zh twins of a page, or two versions of it) disagree
    /// about an item: one documents it and the other does not, or they give other values.
    SourcesDisagree,
}

impl FindingKind {
    /// The kebab-case name used in the spec (`resource-family-mismatch`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ActionResemblesApi => "action-resembles-api",
            Self::ResourceFamilyMismatch => "resource-family-mismatch",
            Self::ConflictingAccessLevels => "conflicting-access-levels",
            Self::UndocumentedArnTemplate => "undocumented-arn-template",
            Self::UnusedArnTemplate => "unused-arn-template",
            Self::UndescribedArnParameter => "undescribed-arn-parameter",
            Self::UnusedArnParameter => "unused-arn-parameter",
            Self::SourcesDisagree => "sources-disagree",
        }
    }
}

/// Why a spec file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The JSON is malformed or does not fit the model.
    #[error("line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What serde_json says.
        message: String,
    },
    /// The JSON fits the model but breaks its invariants.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<SpecError>),
}

impl Spec {
    /// Parses a spec and checks its invariants ([`Spec::validate`]).
    ///
    /// # Errors
    ///
    /// [`ReadError::Json`] with the line and column of malformed JSON, or
    /// [`ReadError::Invalid`] with every broken invariant.
    pub fn from_json(text: &str) -> Result<Self, ReadError> {
        let spec: Self = serde_json::from_str(text).map_err(|e| ReadError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let errors = spec.validate();
        if errors.is_empty() {
            Ok(spec)
        } else {
            Err(ReadError::Invalid(errors))
        }
    }

    /// Serializes the spec canonically: sorted (see [`Spec::sort`]), pretty-printed with two
    /// spaces, with a trailing newline. The text is parsed back and compared with `self`, so a
    /// field that does not round-trip is caught when the file is written, not when it is read.
    ///
    /// # Errors
    ///
    /// Returns a description when serialization fails or the text does not parse back equal.
    pub fn to_canonical_json(&self) -> Result<String, String> {
        let mut sorted = self.clone();
        sorted.sort();
        let mut text = serde_json::to_string_pretty(&sorted).map_err(|e| e.to_string())?;
        text.push('\n');
        let back: Self = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        if back != sorted {
            return Err("the spec does not parse back equal to what was written".to_owned());
        }
        Ok(text)
    }

    /// Puts every list in its canonical order.
    pub fn sort(&mut self) {
        self.sources.sort_by(|a, b| a.file.cmp(&b.file));
        self.arn_templates
            .sort_by(|a, b| a.template.cmp(&b.template));
        for template in &mut self.arn_templates {
            template.documented.sort();
        }
        self.arn_parameters.sort_by(|a, b| a.name.cmp(&b.name));
        self.resource_group_types
            .sort_by(|a, b| (&a.service, &a.code).cmp(&(&b.service, &b.code)));
        self.apis.sort_by(|a, b| a.name.cmp(&b.name));
        for api in &mut self.apis {
            api.actions.sort();
            api.resources.sort();
        }
        self.undocumented_actions
            .sort_by(|a, b| a.name.cmp(&b.name));
        self.vendor_patterns.sort_by(|a, b| a.name.cmp(&b.name));
        for action in self
            .undocumented_actions
            .iter_mut()
            .chain(&mut self.vendor_patterns)
        {
            action.seen_in.sort();
            action.seen_in.dedup();
        }
        for list in [
            &mut self.condition_keys,
            &mut self.system_policies,
            &mut self.regions,
        ] {
            list.sort_by(|a, b| a.name.cmp(&b.name));
            for item in list.iter_mut() {
                item.origins.sort();
            }
        }
        self.actions.sort_by(|a, b| a.name.cmp(&b.name));
        for action in &mut self.actions {
            action.apis.sort();
            action.resources.sort();
            action.origins.sort();
        }
        self.findings.sort_by(|a, b| {
            (a.kind, &a.subject, &a.related).cmp(&(b.kind, &b.subject, &b.related))
        });
        for finding in &mut self.findings {
            finding.origins.sort();
        }
        self.errata.sort();
    }

    /// The API with this exact name.
    #[must_use]
    pub fn api(&self, name: &str) -> Option<&Api> {
        self.apis.iter().find(|api| api.name == name)
    }

    /// The Action with this exact name (with its service prefix).
    #[must_use]
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|action| action.name == name)
    }

    /// The resource-group resource type of the resource a template names, if that type
    /// supports resource groups. A template names the resource of its last path segment when
    /// that segment is a parameter; the type is the one whose code spells that parameter's stem
    /// (`$chartnamespacename` -> `chartnamespace`). Templates ending in `*` name a set of
    /// resources, not one, and have none.
    ///
    /// ```
    /// # let spec = ram_spec::Spec::from_json(include_str!("../../../generated/cr/spec.json")).unwrap();
    /// let t = spec.template("acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename").unwrap();
    /// assert_eq!(spec.resource_group_type_of(t).unwrap().code, "chartnamespace");
    /// ```
    #[must_use]
    pub fn resource_group_type_of(&self, template: &ArnTemplate) -> Option<&ResourceGroupType> {
        let Some(Segment::Param(last)) = template.structure.path.last() else {
            return None;
        };
        // The stem is the parameter without its `id`/`name`/`no` suffix, in lowercase letters
        // and digits only; that is what resource-type codes are written in.
        let lower: String = last
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let stem = ["name", "id", "no"]
            .iter()
            .find_map(|suffix| lower.strip_suffix(suffix).filter(|rest| !rest.is_empty()))
            .unwrap_or(&lower);
        self.resource_group_types
            .iter()
            .find(|rg| rg.service == template.structure.service && rg.code == stem)
    }

    /// The template with this exact text.
    #[must_use]
    pub fn template(&self, text: &str) -> Option<&ArnTemplate> {
        self.arn_templates.iter().find(|t| t.template == text)
    }
}
