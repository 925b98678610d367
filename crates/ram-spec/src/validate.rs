//! Invariants of a spec that serde alone does not check. Every error names its JSON pointer.

use std::collections::{BTreeMap, BTreeSet};

use crate::{ANY_RESOURCE, Api, ArnStructure, Origin, Spec};

/// A broken invariant, at a JSON pointer into the spec.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct SpecError {
    /// Where in the spec (`/apis/3/action`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

fn err(errors: &mut Vec<SpecError>, pointer: String, message: String) {
    errors.push(SpecError { pointer, message });
}

/// The pointer of an API's `j`-th Action: the `action` key itself when it holds one string,
/// an index into it when it holds a list.
fn action_pointer(api_at: &str, api: &Api, j: usize) -> String {
    if api.actions.len() == 1 {
        format!("{api_at}/action")
    } else {
        format!("{api_at}/action/{j}")
    }
}

/// An API names at least one Action, each once, and each one the spec knows.
fn check_api_actions(errors: &mut Vec<SpecError>, at: &str, api: &Api, known: &BTreeSet<&str>) {
    if api.actions.is_empty() {
        err(
            errors,
            format!("{at}/action"),
            format!("api `{}` is authorized as no action", api.name),
        );
    }
    let mut seen = BTreeSet::new();
    for (j, name) in api.actions.iter().enumerate() {
        if !seen.insert(name.as_str()) {
            err(
                errors,
                action_pointer(at, api, j),
                format!("duplicate action `{name}`"),
            );
        } else if !known.contains(name.as_str()) {
            err(
                errors,
                action_pointer(at, api, j),
                format!("unknown action `{name}`"),
            );
        }
    }
}

impl Spec {
    /// Checks every invariant and returns all broken ones (empty when the spec is valid):
    /// unique names, structures that match their template text, references between APIs,
    /// Actions and templates that resolve, and origins that name a known source.
    #[must_use]
    pub fn validate(&self) -> Vec<SpecError> {
        let mut errors = Vec::new();
        if self.service.code.is_empty()
            || !self
                .service
                .code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            err(
                &mut errors,
                "/service/code".into(),
                format!("`{}` is not a service code", self.service.code),
            );
        }
        let sources: BTreeSet<&str> = self.sources.iter().map(|s| s.file.as_str()).collect();
        let check_origin = |errors: &mut Vec<SpecError>, pointer: String, origin: &Origin| {
            if !sources.contains(origin.source.as_str()) {
                err(
                    errors,
                    pointer,
                    format!("unknown source `{}`", origin.source),
                );
            }
        };

        let mut templates = BTreeSet::new();
        for (i, template) in self.arn_templates.iter().enumerate() {
            let at = format!("/arn_templates/{i}");
            if !templates.insert(template.template.as_str()) {
                err(
                    &mut errors,
                    at.clone(),
                    format!("duplicate template `{}`", template.template),
                );
            }
            match ArnStructure::parse(&template.template) {
                Ok(parsed) if parsed.to_string() != template.template => err(
                    &mut errors,
                    format!("{at}/template"),
                    format!(
                        "`{}` is not written canonically; the spec spells it `{parsed}`",
                        template.template
                    ),
                ),
                Ok(parsed) if parsed == template.structure => {}
                Ok(_) => err(
                    &mut errors,
                    format!("{at}/structure"),
                    format!("does not match the template `{}`", template.template),
                ),
                Err(e) => err(&mut errors, format!("{at}/template"), e.to_string()),
            }
            for (j, origin) in template.documented.iter().enumerate() {
                check_origin(&mut errors, format!("{at}/documented/{j}"), origin);
            }
        }
        let resource_known = |r: &str| r == ANY_RESOURCE || templates.contains(r);

        let actions: BTreeSet<&str> = self.actions.iter().map(|a| a.name.as_str()).collect();
        let mut apis = BTreeSet::new();
        for (i, api) in self.apis.iter().enumerate() {
            let at = format!("/apis/{i}");
            if !apis.insert(api.name.as_str()) {
                err(
                    &mut errors,
                    at.clone(),
                    format!("duplicate api `{}`", api.name),
                );
            }
            check_api_actions(&mut errors, &at, api, &actions);
            for (j, resource) in api.resources.iter().enumerate() {
                if !resource_known(resource) {
                    err(
                        &mut errors,
                        format!("{at}/resources/{j}"),
                        format!("unknown arn template `{resource}`"),
                    );
                }
            }
            check_origin(&mut errors, format!("{at}/origin"), &api.origin);
        }

        // Lookups by name, so that checking grows linearly with the spec.
        let api_actions: BTreeMap<&str, &[String]> = self
            .apis
            .iter()
            .map(|a| (a.name.as_str(), a.actions.as_slice()))
            .collect();
        let action_apis: BTreeMap<&str, &[String]> = self
            .actions
            .iter()
            .map(|a| (a.name.as_str(), a.apis.as_slice()))
            .collect();
        let mut seen_actions = BTreeSet::new();
        for (i, action) in self.actions.iter().enumerate() {
            let at = format!("/actions/{i}");
            if !seen_actions.insert(action.name.as_str()) {
                err(
                    &mut errors,
                    at.clone(),
                    format!("duplicate action `{}`", action.name),
                );
            }
            match action.name.split_once(':') {
                Some((prefix, rest)) if !prefix.is_empty() && !rest.is_empty() => {}
                _ => err(
                    &mut errors,
                    format!("{at}/name"),
                    format!("`{}` is not of the form `service:Name`", action.name),
                ),
            }
            for (j, api_name) in action.apis.iter().enumerate() {
                let maps_back = api_actions
                    .get(api_name.as_str())
                    .is_some_and(|listed| listed.contains(&action.name));
                if !maps_back {
                    err(
                        &mut errors,
                        format!("{at}/apis/{j}"),
                        format!("api `{api_name}` is not authorized as `{}`", action.name),
                    );
                }
            }
            for (j, resource) in action.resources.iter().enumerate() {
                if !resource_known(resource) {
                    err(
                        &mut errors,
                        format!("{at}/resources/{j}"),
                        format!("unknown arn template `{resource}`"),
                    );
                }
            }
            for (j, origin) in action.origins.iter().enumerate() {
                check_origin(&mut errors, format!("{at}/origins/{j}"), origin);
            }
        }
        for (i, api) in self.apis.iter().enumerate() {
            for (j, name) in api.actions.iter().enumerate() {
                let listed = action_apis
                    .get(name.as_str())
                    .is_some_and(|apis| apis.contains(&api.name));
                if actions.contains(name.as_str()) && !listed {
                    err(
                        &mut errors,
                        action_pointer(&format!("/apis/{i}"), api, j),
                        format!("action `{name}` does not list api `{}`", api.name),
                    );
                }
            }
        }
        for (i, parameter) in self.arn_parameters.iter().enumerate() {
            check_origin(
                &mut errors,
                format!("/arn_parameters/{i}/origin"),
                &parameter.origin,
            );
        }
        for (i, rg) in self.resource_group_types.iter().enumerate() {
            check_origin(
                &mut errors,
                format!("/resource_group_types/{i}/origin"),
                &rg.origin,
            );
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use crate::{AccessLevel, Action, Api, ArnStructure, Origin, Service, Source, Spec};

    fn origin() -> Origin {
        Origin {
            source: "p.html".into(),
            section: "s".into(),
            table: 1,
            row: 1,
        }
    }

    fn spec() -> Spec {
        Spec {
            generated: crate::GENERATED_NOTICE.into(),
            service: Service {
                code: "demo".into(),
                name: "Demo".into(),
            },
            sources: vec![Source {
                file: "p.html".into(),
                title: "t".into(),
                url: None,
                locale: "en".into(),
                updated: None,
                sha256: "00".into(),
            }],
            arn_templates: vec![],
            arn_parameters: vec![],
            resource_group_types: vec![],
            apis: vec![Api {
                name: "GetThing".into(),
                actions: vec!["demo:GetThing".into()],
                resources: vec!["*".into()],
                access_level: AccessLevel::Read,
                origin: origin(),
            }],
            actions: vec![Action {
                name: "demo:GetThing".into(),
                apis: vec!["GetThing".into()],
                resources: vec!["*".into()],
                access_level: AccessLevel::Read,
                access_level_inferred: false,
                resource_group_authorization: None,
                description: None,
                no_authorization: false,
                origins: vec![origin()],
            }],
            findings: vec![],
            errata: vec![],
            system_policies: vec![],
            condition_keys: vec![],
            regions: vec![],
            undocumented_actions: vec![],
            vendor_patterns: vec![],
        }
    }

    #[test]
    fn a_consistent_spec_is_valid_and_round_trips() {
        let spec = spec();
        assert_eq!(spec.validate(), vec![]);
        let text = spec.to_canonical_json().unwrap();
        assert!(text.ends_with("}\n"));
        assert_eq!(Spec::from_json(&text).unwrap(), spec);
    }

    #[test]
    fn broken_references_are_reported_at_their_pointer() {
        let mut spec = spec();
        spec.apis[0].actions = vec!["demo:Missing".into()];
        spec.apis[0].resources = vec!["acs:demo:*:*:thing/$id".into()];
        spec.actions[0].origins[0].source = "gone.html".into();
        let messages: Vec<String> = spec.validate().iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "/apis/0/action: unknown action `demo:Missing`",
                "/apis/0/resources/0: unknown arn template `acs:demo:*:*:thing/$id`",
                "/actions/0/apis/0: api `GetThing` is not authorized as `demo:GetThing`",
                "/actions/0/origins/0: unknown source `gone.html`",
            ]
        );
    }

    #[test]
    fn an_api_may_be_authorized_as_several_actions() {
        let mut spec = spec();
        let mut other = spec.actions[0].clone();
        other.name = "demo:ReadThing".into();
        spec.actions.push(other);
        spec.apis[0].actions = vec!["demo:GetThing".into(), "demo:ReadThing".into()];
        assert_eq!(spec.validate(), vec![]);
        let text = spec.to_canonical_json().unwrap();
        assert!(
            text.contains(
                r#""action": [
        "demo:GetThing",
        "demo:ReadThing"
      ],"#
            ),
            "{text}"
        );
        assert_eq!(Spec::from_json(&text).unwrap(), spec);
        assert_eq!(spec.apis[0].action(), "demo:GetThing");
    }

    #[test]
    fn one_action_serializes_as_a_string_as_before() {
        let text = spec().to_canonical_json().unwrap();
        assert!(text.contains(r#""action": "demo:GetThing","#), "{text}");
    }

    #[test]
    fn an_api_with_no_action_or_a_repeated_one_is_invalid() {
        let mut spec = spec();
        spec.apis[0].actions = vec![];
        let mut twice = spec.clone();
        twice.apis[0].actions = vec!["demo:GetThing".into(), "demo:GetThing".into()];
        let messages =
            |s: &Spec| -> Vec<String> { s.validate().iter().map(ToString::to_string).collect() };
        assert_eq!(
            messages(&spec),
            [
                "/apis/0/action: api `GetThing` is authorized as no action",
                "/actions/0/apis/0: api `GetThing` is not authorized as `demo:GetThing`",
            ]
        );
        assert_eq!(
            messages(&twice),
            ["/apis/0/action/1: duplicate action `demo:GetThing`"]
        );
    }

    #[test]
    fn a_template_must_be_spelled_canonically() {
        let mut spec = spec();
        let text = "acs:demo:{regionid}:*:thing/$id";
        spec.arn_templates.push(crate::ArnTemplate {
            name: "thing".into(),
            template: text.into(),
            structure: ArnStructure::parse(text).unwrap(),
            label: None,
            documented: vec![],
        });
        let messages: Vec<String> = spec.validate().iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "/arn_templates/0/template: `acs:demo:{regionid}:*:thing/$id` is not written canonically; the spec spells it `acs:demo:$regionid:*:thing/$id`"
            ]
        );
    }

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err = Spec::from_json("{\n  \"service\": 3\n}").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("line 2, column"), "{text}");
    }
}
