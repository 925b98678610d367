//! One catalog of every service the workspace has a spec of, for the tools (`ramctl`, the
//! `policy!` macro, the benchmarks): service-qualified lookups of services, Actions, APIs and
//! ARN templates, built once from the specs as data.
//!
//! [`Catalog::embedded`] reads every `generated/<service>/spec.json` (a build script lists
//! `generated/`, so a new service is a new directory, not new code); [`Catalog::from_specs`]
//! builds one from specs of one's own, such as a test fixture. The typed per-service bindings
//! (`ram-cr`) are for applications; this catalog is what a tool that handles any service uses.
//!
//! ```
//! let catalog = ram_catalog::Catalog::embedded().unwrap();
//! let pull = catalog.action("CR:pullrepository").unwrap();
//! assert_eq!(pull.name(), "cr:PullRepository");
//! assert_eq!(pull.service().code(), "cr");
//! assert!(catalog.matching("cr:Get*").all(|a| a.name().starts_with("cr:Get")));
//! ```

mod fits;

use std::collections::HashMap;
use std::sync::OnceLock;

use ram_core::{AccessLevel, ActionInfo};
use ram_spec::{ANY_RESOURCE, Spec};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Why a catalog could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// A spec does not parse or validate.
    #[error("the spec `{source_name}` is invalid: {message}")]
    Spec {
        /// Where the spec comes from (`generated/cr/spec.json`).
        source_name: String,
        /// What is wrong with it.
        message: String,
    },
    /// A spec lies in a directory that is not its service code.
    #[error(
        "the spec `{source_name}` describes the service `{code}`; move it to `generated/{code}/spec.json`"
    )]
    Misplaced {
        /// Where the spec comes from.
        source_name: String,
        /// The service code it describes.
        code: String,
    },
    /// Two specs describe the same service (codes compared ASCII case-insensitively).
    #[error("two specs describe the service `{0}`")]
    DuplicateService(String),
}

/// The API's Action names (one for almost every API; several where a page lists several in
/// one row): the one place that reads the field.
fn api_actions(api: &ram_spec::Api) -> &[String] {
    &api.actions
}

/// The ARN template an API is authorized against, or `None` for `*` (or several resources):
/// the one place that reads the API's resources, as the generated bindings do.
fn api_template(api: &ram_spec::Api) -> Option<&str> {
    match api.resources.as_slice() {
        [one] if one != ANY_RESOURCE => Some(one),
        _ => None,
    }
}

/// One service of a [`Catalog`]: its spec and the indexes built from it.
#[derive(Debug, Clone)]
pub struct Service {
    spec: Spec,
    /// API index by exact name.
    apis: HashMap<String, usize>,
    /// Per API: the indexes of its Actions, in the spec's order (a validated spec lists every
    /// one of them).
    api_actions: Vec<Vec<usize>>,
    /// Per API: the index of its ARN template, or `None` for `*`.
    api_templates: Vec<Option<usize>>,
    /// Per Action: the indexes of its APIs, in the spec's order.
    action_apis: Vec<Vec<usize>>,
    /// Per Action: the indexes of its ARN templates (not `*`), in the spec's order.
    action_templates: Vec<Vec<usize>>,
    /// Template index by text.
    templates: HashMap<String, usize>,
    /// Per template: whether its resources are of a type that supports resource groups.
    template_rg: Vec<bool>,
}

impl Service {
    fn new(spec: Spec) -> Self {
        let templates: HashMap<String, usize> = spec
            .arn_templates
            .iter()
            .enumerate()
            .map(|(i, t)| (t.template.clone(), i))
            .collect();
        let actions: HashMap<&str, usize> = spec
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.as_str(), i))
            .collect();
        let apis: HashMap<String, usize> = spec
            .apis
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.clone(), i))
            .collect();
        let api_actions = spec
            .apis
            .iter()
            .map(|api| {
                api_actions(api)
                    .iter()
                    .filter_map(|name| actions.get(name.as_str()).copied())
                    .collect()
            })
            .collect();
        let api_templates = spec
            .apis
            .iter()
            .map(|api| api_template(api).and_then(|t| templates.get(t).copied()))
            .collect();
        let action_apis = spec
            .actions
            .iter()
            .map(|a| a.apis.iter().filter_map(|n| apis.get(n).copied()).collect())
            .collect();
        let action_templates = spec
            .actions
            .iter()
            .map(|a| {
                a.resources
                    .iter()
                    .filter(|r| *r != ANY_RESOURCE)
                    .filter_map(|r| templates.get(r).copied())
                    .collect()
            })
            .collect();
        let template_rg = spec
            .arn_templates
            .iter()
            .map(|t| spec.resource_group_type_of(t).is_some())
            .collect();
        Self {
            spec,
            apis,
            api_actions,
            api_templates,
            action_apis,
            action_templates,
            templates,
            template_rg,
        }
    }

    /// The service code (`cr`), the prefix of its Actions.
    #[must_use]
    pub fn code(&self) -> &str {
        &self.spec.service.code
    }

    /// The product name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.spec.service.name
    }

    /// The spec, for what the lookups do not cover (sources, findings, errata).
    #[must_use]
    pub const fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Every Action, in the spec's order.
    pub fn actions(&self) -> impl ExactSizeIterator<Item = ActionRef<'_>> {
        (0..self.spec.actions.len()).map(|index| ActionRef {
            service: self,
            index,
        })
    }

    /// Every API, in the spec's order.
    pub fn apis(&self) -> impl ExactSizeIterator<Item = ApiRef<'_>> {
        (0..self.spec.apis.len()).map(|index| ApiRef {
            service: self,
            index,
        })
    }

    /// Every ARN template, in the spec's order.
    pub fn templates(&self) -> impl ExactSizeIterator<Item = TemplateRef<'_>> {
        (0..self.spec.arn_templates.len()).map(|index| TemplateRef {
            service: self,
            index,
        })
    }

    /// An API by its exact name, as documented.
    #[must_use]
    pub fn api(&self, name: &str) -> Option<ApiRef<'_>> {
        self.apis.get(name).map(|&index| ApiRef {
            service: self,
            index,
        })
    }

    /// An ARN template by its exact text.
    #[must_use]
    pub fn template(&self, text: &str) -> Option<TemplateRef<'_>> {
        self.templates.get(text).map(|&index| TemplateRef {
            service: self,
            index,
        })
    }
}

/// A reference to one entry of a [`Service`]'s spec: the service and the entry's index, so that
/// lookups hand out `Copy` values that borrow the catalog instead of cloning its entries.
macro_rules! entry_ref {
    ($(#[$doc:meta])* $name:ident, $entry:ty, $field:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name<'c> {
            service: &'c Service,
            index: usize,
        }

        impl<'c> $name<'c> {
            /// The spec's entry.
            #[must_use]
            pub fn entry(self) -> &'c $entry {
                &self.service.spec.$field[self.index]
            }

            /// Its service.
            #[must_use]
            pub const fn service(self) -> &'c Service {
                self.service
            }
        }
    };
}

entry_ref!(
    /// An Action of a [`Catalog`].
    ActionRef, ram_spec::Action, actions
);
entry_ref!(
    /// An API of a [`Catalog`].
    ApiRef, ram_spec::Api, apis
);
entry_ref!(
    /// An ARN template of a [`Catalog`].
    TemplateRef, ram_spec::ArnTemplate, arn_templates
);

impl<'c> ActionRef<'c> {
    /// The name as documented, with its prefix (`cr:PullRepository`).
    #[must_use]
    pub fn name(self) -> &'c str {
        &self.entry().name
    }

    /// The access level: documented, or inferred from the name's verb.
    #[must_use]
    pub fn access_level(self) -> AccessLevel {
        self.entry().access_level
    }

    /// Whether [`ActionRef::access_level`] was inferred because no page documents it.
    #[must_use]
    pub fn access_level_inferred(self) -> bool {
        self.entry().access_level_inferred
    }

    /// Whether the documentation says it supports resource-group-level authorization; `None`
    /// when it does not say.
    #[must_use]
    pub fn resource_group_authorization(self) -> Option<bool> {
        self.entry().resource_group_authorization
    }

    /// Whether the documentation says it supports resource-group-level authorization.
    #[must_use]
    pub fn supports_resource_group_authorization(self) -> bool {
        self.resource_group_authorization() == Some(true)
    }

    /// The description a page gives, if any.
    #[must_use]
    pub fn description(self) -> Option<&'c str> {
        self.entry().description.as_deref()
    }

    /// The APIs authorized as it.
    pub fn apis(self) -> impl ExactSizeIterator<Item = ApiRef<'c>> + 'c {
        let service = self.service;
        service.action_apis[self.index]
            .iter()
            .map(move |&index| ApiRef { service, index })
    }

    /// The ARN templates its APIs are authorized against (not `*`).
    pub fn templates(self) -> impl ExactSizeIterator<Item = TemplateRef<'c>> + 'c {
        let service = self.service;
        service.action_templates[self.index]
            .iter()
            .map(move |&index| TemplateRef { service, index })
    }

    /// Whether some API of it is authorized against `*`.
    #[must_use]
    pub fn any_resource(self) -> bool {
        self.entry().resources.iter().any(|r| r == ANY_RESOURCE)
    }

    /// What [`ram_core::Catalog::action_info`] answers for it.
    #[must_use]
    pub fn info(self) -> ActionInfo<'c> {
        ActionInfo {
            name: self.name(),
            access_level: self.access_level(),
            access_level_inferred: self.access_level_inferred(),
            resource_group_authorization: self.resource_group_authorization(),
            templates: self.templates().map(TemplateRef::text).collect(),
            any_resource: self.any_resource(),
            apis: self.apis().map(ApiRef::name).collect(),
        }
    }
}

impl<'c> ApiRef<'c> {
    /// The name as documented (`GetRepoTagManifest`).
    #[must_use]
    pub fn name(self) -> &'c str {
        &self.entry().name
    }

    /// The Action it is authorized as: the first of its Actions (by name) when the page lists
    /// several; `None` only for a spec whose API names an Action it does not list (the spec's
    /// validation refuses that).
    #[must_use]
    pub fn action(self) -> Option<ActionRef<'c>> {
        self.actions().next()
    }

    /// Every Action it is authorized as, in the spec's order.
    pub fn actions(self) -> impl Iterator<Item = ActionRef<'c>> + 'c {
        let service = self.service;
        service.api_actions[self.index]
            .iter()
            .map(move |&index| ActionRef { service, index })
    }

    /// The name of the Action it is authorized as, as the spec gives it (the first of
    /// several).
    #[must_use]
    pub fn action_name(self) -> &'c str {
        api_actions(self.entry()).first().map_or("", String::as_str)
    }

    /// The ARN template it is authorized against, or `None` for `*`.
    #[must_use]
    pub fn resource_template(self) -> Option<TemplateRef<'c>> {
        let service = self.service;
        service.api_templates[self.index].map(|index| TemplateRef { service, index })
    }

    /// Its documented access level.
    #[must_use]
    pub fn access_level(self) -> AccessLevel {
        self.entry().access_level
    }
}

impl<'c> TemplateRef<'c> {
    /// The template as documented (`acs:cr:$regionid:$accountid:instance/$instanceid`).
    #[must_use]
    pub fn text(self) -> &'c str {
        &self.entry().template
    }

    /// The name derived from its structure (`chart_namespace`).
    #[must_use]
    pub fn name(self) -> &'c str {
        &self.entry().name
    }

    /// Whether the resources it names are of a type that supports resource groups.
    #[must_use]
    pub fn supports_resource_groups(self) -> bool {
        self.service.template_rg[self.index]
    }

    /// Whether an ARN or ARN pattern fits it segment by segment (a parameter may hold `*` or
    /// `?` wildcards), as the typed bindings' `ArnTemplate::fits` decides.
    #[must_use]
    pub fn fits(self, arn: &str) -> bool {
        fits::fits(arn, &self.entry().structure, true)
    }
}

/// The catalog of many services; see the crate documentation.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Sorted by code.
    services: Vec<Service>,
    /// Service index by lowercase code.
    by_code: HashMap<String, usize>,
    /// `(service, action)` by lowercase full name: RAM matches Actions ASCII
    /// case-insensitively.
    by_action: HashMap<String, (usize, usize)>,
    /// `(service, template)` by template text.
    by_template: HashMap<String, (usize, usize)>,
    /// Service codes the vendor's index of services or its own policies know, with what says
    /// so; empty for a catalog built without them.
    known: std::collections::BTreeMap<String, String>,
}

impl Catalog {
    /// The catalog of every `generated/<service>/spec.json` of the workspace, parsed once per
    /// process.
    ///
    /// # Errors
    ///
    /// A [`CatalogError`] when an embedded spec is invalid or misplaced.
    pub fn embedded() -> Result<&'static Self, CatalogError> {
        static EMBEDDED_CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
        EMBEDDED_CATALOG
            .get_or_init(|| {
                let specs = EMBEDDED
                    .iter()
                    .map(|(dir, text)| {
                        let source_name = format!("generated/{dir}/spec.json");
                        let spec = Spec::from_json(text).map_err(|e| CatalogError::Spec {
                            source_name: source_name.clone(),
                            message: e.to_string(),
                        })?;
                        if spec.service.code != *dir {
                            return Err(CatalogError::Misplaced {
                                source_name,
                                code: spec.service.code,
                            });
                        }
                        Ok(spec)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let mut catalog = Self::from_specs(specs)?;
                catalog.learn_services(INDEX, VENDOR_SERVICES)?;
                Ok(catalog)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Learns the service codes of the vendor's index of services (`generated/index/index.json`:
    /// entries with `code` and `name`) and of its own policies
    /// (`generated/vendor-policies/services.json`: entries with `code` and `first_seen`).
    ///
    /// # Errors
    ///
    /// [`CatalogError::Spec`] when either text is not such a list.
    pub fn learn_services(&mut self, index: &str, vendor: &str) -> Result<(), CatalogError> {
        let parse =
            |text: &str, source_name: &str| -> Result<Vec<serde_json::Value>, CatalogError> {
                serde_json::from_str(text).map_err(|e| CatalogError::Spec {
                    source_name: source_name.to_owned(),
                    message: e.to_string(),
                })
            };
        for entry in parse(index, "generated/index/index.json")? {
            if let (Some(code), Some(name)) = (entry["code"].as_str(), entry["name"].as_str()) {
                self.known
                    .entry(code.to_ascii_lowercase())
                    .or_insert_with(|| {
                        format!("{name} in the vendor's index of services that support RAM")
                    });
            }
        }
        for entry in parse(vendor, "generated/vendor-policies/services.json")? {
            if let (Some(code), Some(seen)) = (entry["code"].as_str(), entry["first_seen"].as_str())
            {
                self.known
                    .entry(code.to_ascii_lowercase())
                    .or_insert_with(|| format!("used by the vendor's own policies, `{seen}`"));
            }
        }
        Ok(())
    }

    /// The catalog of these specs.
    ///
    /// # Errors
    ///
    /// [`CatalogError::DuplicateService`] when two specs describe the same service.
    pub fn from_specs(specs: impl IntoIterator<Item = Spec>) -> Result<Self, CatalogError> {
        let mut specs: Vec<Spec> = specs.into_iter().collect();
        specs.sort_by(|a, b| a.service.code.cmp(&b.service.code));
        let mut catalog = Self::default();
        for (s, spec) in specs.into_iter().enumerate() {
            let code = spec.service.code.to_ascii_lowercase();
            if catalog.by_code.insert(code, s).is_some() {
                return Err(CatalogError::DuplicateService(spec.service.code));
            }
            for (a, action) in spec.actions.iter().enumerate() {
                catalog
                    .by_action
                    .insert(action.name.to_ascii_lowercase(), (s, a));
            }
            for (t, template) in spec.arn_templates.iter().enumerate() {
                catalog
                    .by_template
                    .insert(template.template.clone(), (s, t));
            }
            catalog.services.push(Service::new(spec));
        }
        Ok(catalog)
    }

    /// Every service, by code.
    #[must_use]
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// A service by its code, in any ASCII case.
    #[must_use]
    pub fn service(&self, code: &str) -> Option<&Service> {
        self.by_code
            .get(&code.to_ascii_lowercase())
            .map(|&s| &self.services[s])
    }

    /// An Action by its full name (`cr:PullRepository`), in any ASCII case.
    #[must_use]
    pub fn action(&self, name: &str) -> Option<ActionRef<'_>> {
        self.by_action
            .get(&name.to_ascii_lowercase())
            .map(|&(s, index)| ActionRef {
                service: &self.services[s],
                index,
            })
    }

    /// Every Action of every service, by service code, then in each spec's order.
    pub fn actions(&self) -> impl Iterator<Item = ActionRef<'_>> {
        self.services.iter().flat_map(Service::actions)
    }

    /// Every API of every service, by service code, then in each spec's order.
    pub fn apis(&self) -> impl Iterator<Item = ApiRef<'_>> {
        self.services.iter().flat_map(Service::apis)
    }

    /// An API of a service, by the service's code (any ASCII case) and the API's exact name.
    #[must_use]
    pub fn api(&self, service: &str, name: &str) -> Option<ApiRef<'_>> {
        self.service(service)?.api(name)
    }

    /// The first service's API of this exact name, by service code, for tools that take API
    /// names without a service.
    #[must_use]
    pub fn find_api(&self, name: &str) -> Option<ApiRef<'_>> {
        self.services.iter().find_map(|service| service.api(name))
    }

    /// An ARN template by its exact text.
    #[must_use]
    pub fn template(&self, text: &str) -> Option<TemplateRef<'_>> {
        self.by_template.get(text).map(|&(s, index)| TemplateRef {
            service: &self.services[s],
            index,
        })
    }

    /// Whether a known Action supports resource-group-level authorization; `None` when the
    /// Action is unknown or the documentation does not say.
    #[must_use]
    pub fn action_supports_resource_groups(&self, action: &str) -> Option<bool> {
        self.action(action)?.resource_group_authorization()
    }

    /// The Actions a RAM Action pattern (`cr:Get*`; `*` and `?`, any case) matches, by service
    /// code, then in each spec's order. A pattern whose service part has no wildcard is
    /// matched against that service's Actions only.
    pub fn matching<'c, 'p>(&'c self, pattern: &'p str) -> impl Iterator<Item = ActionRef<'c>> + 'p
    where
        'c: 'p,
    {
        let services: &[Service] = match pattern.split_once(':') {
            Some((code, _)) if !code.contains(['*', '?']) => {
                match self.by_code.get(&code.to_ascii_lowercase()) {
                    Some(&s) => std::slice::from_ref(&self.services[s]),
                    None => &[],
                }
            }
            _ => &self.services,
        };
        services
            .iter()
            .flat_map(Service::actions)
            .filter(move |a| ram_core::wildcard::matches_action(pattern, a.name()))
    }
}

impl ram_core::Catalog for Catalog {
    /// A service whose pages document no Action and no ARN (system policies or condition keys
    /// only: `arms`, `vod`) is not covered: its Actions cannot be checked.
    fn covers(&self, service: &str) -> bool {
        self.service(service)
            .is_some_and(|s| !s.spec().actions.is_empty() || !s.spec().arn_templates.is_empty())
    }

    fn action_supports_resource_groups(&self, action: &str) -> Option<bool> {
        Self::action_supports_resource_groups(self, action)
    }

    fn resource_supports_resource_groups(&self, resource: &str) -> bool {
        let Some(service) = resource
            .split(':')
            .nth(1)
            .and_then(|code| self.service(code))
        else {
            return false;
        };
        service.templates().any(|template| {
            template.supports_resource_groups()
                && fits::fits(resource, &template.entry().structure, false)
        })
    }

    fn actions(&self) -> Vec<&str> {
        Self::actions(self).map(ActionRef::name).collect()
    }

    fn action_info(&self, action: &str) -> Option<ActionInfo<'_>> {
        self.action(action).map(ActionRef::info)
    }

    fn undocumented_action(&self, action: &str) -> Option<&str> {
        let service = self.service(action.split_once(':')?.0)?;
        let spec = service.spec();
        spec.undocumented_actions
            .iter()
            .chain(&spec.vendor_patterns)
            .find(|a| a.name.eq_ignore_ascii_case(action))
            .and_then(|a| a.seen_in.first())
            .map(String::as_str)
    }

    fn service_evidence(&self, service: &str) -> Option<String> {
        if let Some(known) = self.service(service) {
            if ram_core::Catalog::covers(self, service) {
                return None;
            }
            let spec = known.spec();
            let what = match (
                spec.system_policies.is_empty(),
                spec.condition_keys.is_empty(),
            ) {
                (false, false) => "system policies and condition keys",
                (false, true) => "system policies",
                (true, false) => "condition keys",
                (true, true) => "nothing",
            };
            return Some(format!("its pages here document {what}, no Actions"));
        }
        self.known.get(&service.to_ascii_lowercase()).cloned()
    }

    fn condition_keys(&self, service: &str) -> Option<Vec<&str>> {
        let keys = &self.service(service)?.spec().condition_keys;
        let prefix = format!("{}:", service.to_ascii_lowercase());
        let own: Vec<&str> = keys
            .iter()
            .map(|k| k.name.as_str())
            .filter(|k| k.to_ascii_lowercase().starts_with(&prefix))
            .collect();
        (!own.is_empty()).then_some(own)
    }

    fn known_service_codes(&self) -> Vec<&str> {
        if self.known.is_empty() {
            return Vec::new();
        }
        let mut codes: Vec<&str> = self
            .services
            .iter()
            .map(Service::code)
            .chain(self.known.keys().map(String::as_str))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    fn undocumented_matching(&self, pattern: &str) -> Vec<&str> {
        self.services
            .iter()
            .flat_map(|service| &service.spec().undocumented_actions)
            .filter(|a| ram_core::wildcard::matches_action(pattern, &a.name))
            .map(|a| a.name.as_str())
            .collect()
    }

    fn templates(&self) -> Vec<&str> {
        self.services
            .iter()
            .flat_map(Service::templates)
            .map(TemplateRef::text)
            .collect()
    }

    fn service_templates(&self, service: &str) -> Vec<&str> {
        self.service(service)
            .map(|s| s.templates().map(TemplateRef::text).collect())
            .unwrap_or_default()
    }

    fn template_supports_resource_groups(&self, template: &str) -> bool {
        self.template(template)
            .is_some_and(TemplateRef::supports_resource_groups)
    }
}
