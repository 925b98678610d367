//! A [`Catalog`] read from a spec, for tools that check policies against a spec file rather
//! than against generated bindings (the `policy!` macro, linting a newly scraped service).

use ram_core::{ActionInfo, Catalog};
use ram_spec::{ANY_RESOURCE, Spec};

/// The catalog of a spec. It borrows the spec for `'static` (parse it once and keep it, for
/// example in a `OnceLock`), because catalogs hand out `'static` names.
#[derive(Debug, Clone, Copy)]
pub struct SpecCatalog {
    spec: &'static Spec,
}

impl SpecCatalog {
    /// The catalog of `spec`.
    #[must_use]
    pub const fn new(spec: &'static Spec) -> Self {
        Self { spec }
    }

    fn action(&self, name: &str) -> Option<&'static ram_spec::Action> {
        self.spec
            .actions
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

impl Catalog for SpecCatalog {
    fn service(&self) -> &'static str {
        &self.spec.service.code
    }

    fn action_supports_resource_groups(&self, action: &str) -> Option<bool> {
        self.action(action)
            .and_then(|a| a.resource_group_authorization)
    }

    fn resource_supports_resource_groups(&self, resource: &str) -> bool {
        self.spec.arn_templates.iter().any(|template| {
            self.spec.resource_group_type_of(template).is_some()
                && ram_spec::ArnStructure::parse(&template.template).is_ok()
                && ram_core::arn::pattern_can_match(resource, &template.template)
                && !resource.contains(['*', '?'])
        })
    }

    fn actions(&self) -> Vec<&'static str> {
        self.spec.actions.iter().map(|a| a.name.as_str()).collect()
    }

    fn action_info(&self, action: &str) -> Option<ActionInfo> {
        let action = self.action(action)?;
        Some(ActionInfo {
            name: &action.name,
            access_level: action.access_level,
            access_level_inferred: action.access_level_inferred,
            resource_group_authorization: action.resource_group_authorization,
            templates: action
                .resources
                .iter()
                .filter(|r| *r != ANY_RESOURCE)
                .map(String::as_str)
                .collect(),
            any_resource: action.resources.iter().any(|r| r == ANY_RESOURCE),
            apis: action.apis.iter().map(String::as_str).collect(),
        })
    }

    fn templates(&self) -> Vec<&'static str> {
        self.spec
            .arn_templates
            .iter()
            .map(|t| t.template.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    fn spec() -> &'static Spec {
        static SPEC: OnceLock<Spec> = OnceLock::new();
        SPEC.get_or_init(|| {
            Spec::from_json(include_str!("../../../generated/cr/spec.json"))
                .unwrap_or_else(|e| panic!("{e}"))
        })
    }

    /// The spec's catalog answers exactly as the generated bindings do.
    #[test]
    fn agrees_with_the_generated_catalog() {
        let from_spec = SpecCatalog::new(spec());
        let generated = ram_cr::Service;
        assert_eq!(from_spec.service(), generated.service());
        assert_eq!(from_spec.actions(), generated.actions());
        assert_eq!(from_spec.templates(), generated.templates());
        for action in generated.actions() {
            assert_eq!(
                from_spec.action_info(action),
                generated.action_info(action),
                "{action}"
            );
            assert_eq!(
                from_spec.action_supports_resource_groups(action),
                generated.action_supports_resource_groups(action)
            );
        }
        for resource in [
            "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web",
            "acs:cr:cn-hangzhou:1:repository/cri-1/*",
            "acs:cr:cn-hangzhou:1:chart/cri-1/charts",
            "acs:cr:cn-hangzhou:1:instance/cri-1",
            "*",
        ] {
            assert_eq!(
                from_spec.resource_supports_resource_groups(resource),
                generated.resource_supports_resource_groups(resource),
                "{resource}"
            );
        }
    }
}
