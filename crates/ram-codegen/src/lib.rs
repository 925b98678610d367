//! Generates typed Rust bindings from a RAM authorization spec.
//!
//! [`generate`] is the one function that turns a [`Spec`] into code. The proc macro of
//! `ram-macros` expands to its output, and `cargo xtask regen` writes the same output,
//! pretty-printed, to `generated/<service>/bindings.rs` for review, so the two cannot disagree.
//! It does no I/O and no formatting, and the same spec always gives the same tokens.
//!
//! The generated items refer to the runtime crate `ram_core` by absolute path.
//!
//! ```
//! let spec = ram_spec::Spec::from_json(r#"{
//!   "@generated": "by hand",
//!   "service": { "code": "demo", "name": "Demo" },
//!   "sources": [], "arn_templates": [], "arn_parameters": [],
//!   "resource_group_types": [], "apis": [], "actions": [], "findings": []
//! }"#).unwrap();
//! let tokens = ram_codegen::generate(&spec).unwrap();
//! assert!(tokens.to_string().contains("pub enum Action"));
//! ```

mod docs;
mod names;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use ram_spec::{ANY_RESOURCE, AccessLevel, ArnTemplate, Segment, Spec, snake_to_upper_camel};

pub use names::Names;

/// Why a spec cannot become code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodegenError {
    /// A vendor name that is not a valid Rust identifier.
    #[error("{what} `{name}` does not give a valid rust identifier (`{ident}`)")]
    InvalidIdentifier {
        /// What kind of item (`api`, `action`, `arn template`, `arn parameter`).
        what: &'static str,
        /// The vendor name.
        name: String,
        /// The identifier derived from it.
        ident: String,
    },
    /// Two vendor names that give the same identifier.
    #[error("{what} `{first}` and `{second}` both give the identifier `{ident}`")]
    Collision {
        /// What kind of item.
        what: &'static str,
        /// The identifier.
        ident: String,
        /// The first vendor name.
        first: String,
        /// The second vendor name.
        second: String,
    },
    /// The spec breaks an invariant.
    #[error("invalid spec: {0}")]
    InvalidSpec(String),
}

/// Generates the bindings of a spec: the `Api`, `Action`, `ArnTemplate` and
/// `ResourceGroupType` enums with their mappings, one typed ARN (and ARN pattern) per template
/// in `arn`, and one typed operation per API in `ops` (for each API authorized as one Action
/// against one resource; an API with several Actions or resources lists them through
/// `Api::actions` and `Api::resource_templates` and has no typed operation).
///
/// # Errors
///
/// Every problem at once: identifiers that are invalid or collide, and broken spec invariants.
pub fn generate(spec: &Spec) -> Result<TokenStream, Vec<CodegenError>> {
    let invalid: Vec<CodegenError> = spec
        .validate()
        .into_iter()
        .map(|e| CodegenError::InvalidSpec(e.to_string()))
        .collect();
    if !invalid.is_empty() {
        return Err(invalid);
    }
    let names = Names::derive(spec)?;
    let context = Context {
        spec,
        names: &names,
    };
    let service = context.service();
    let api = context.api_enum();
    let action = context.action_enum();
    let templates = context.template_enum();
    let rg_types = context.rg_type_enum();
    let arn = context.arn_module();
    let ops = context.ops_module();
    Ok(quote! {
        #service
        #api
        #action
        #templates
        #rg_types
        #arn
        #ops
    })
}

struct Context<'a> {
    spec: &'a Spec,
    names: &'a Names,
}

fn lit(text: &str) -> Literal {
    Literal::string(text)
}

fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

fn level_tokens(level: AccessLevel) -> TokenStream {
    let variant = match level {
        AccessLevel::List => quote!(List),
        AccessLevel::Read => quote!(Read),
        AccessLevel::Get => quote!(Get),
        AccessLevel::Write => quote!(Write),
        AccessLevel::Create => quote!(Create),
        AccessLevel::Update => quote!(Update),
        AccessLevel::Delete => quote!(Delete),
        AccessLevel::PermissionsManagement => quote!(PermissionsManagement),
    };
    quote!(::ram_core::AccessLevel::#variant)
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => {
            let text = lit(text);
            quote!(::core::option::Option::Some(#text))
        }
        None => quote!(::core::option::Option::None),
    }
}

fn option_bool(value: Option<bool>) -> TokenStream {
    match value {
        Some(flag) => quote!(::core::option::Option::Some(#flag)),
        None => quote!(::core::option::Option::None),
    }
}

/// The shared trait impls of a generated name enum: `Display` and `serde` through `as_str`,
/// and, with `exact` (what the name is, for messages), a `FromStr` that accepts the name
/// exactly as documented and suggests the closest ones otherwise.
fn display_and_serde(ty: &Ident, exact: Option<&str>) -> TokenStream {
    let from_str = exact.map(|kind| {
        let doc = format!(" Parses the {kind} exactly as documented.");
        quote! {
            impl ::core::str::FromStr for #ty {
                type Err = ::ram_core::UnknownName;

                #[doc = #doc]
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::ALL
                        .iter()
                        .copied()
                        .find(|item| item.as_str() == s)
                        .ok_or_else(|| ::ram_core::UnknownName::new(#kind, s, Self::ALL.iter().map(|item| item.as_str())))
                }
            }
        }
    });
    quote! {
        #from_str
        impl ::core::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        ::ram_core::__string_serde!(#ty);
    }
}

impl Context<'_> {
    fn service(&self) -> TokenStream {
        let code = lit(&self.spec.service.code);
        let name = lit(&self.spec.service.name);
        let catalog_doc = doc_attrs(&format!(
            "The catalog of {} for policy engines: which Actions exist and which Actions and resources support resource groups.",
            self.spec.service.name
        ));
        let code_doc = doc_attrs(&format!(
            "The RAM service code of {}, the prefix of its Actions.",
            self.spec.service.name
        ));
        quote! {
            #code_doc
            pub const SERVICE: &str = #code;
            /// The product name.
            pub const SERVICE_NAME: &str = #name;

            #catalog_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct Service;

            impl ::ram_core::Catalog for Service {
                fn covers(&self, service: &str) -> bool {
                    service.eq_ignore_ascii_case(SERVICE)
                }

                fn action_supports_resource_groups(&self, action: &str) -> ::core::option::Option<bool> {
                    Action::find(action).and_then(Action::resource_group_authorization)
                }

                fn resource_supports_resource_groups(&self, resource: &str) -> bool {
                    ArnTemplate::ALL.iter().any(|template| {
                        template.resource_group_type().is_some()
                            && ::ram_core::arn::fits(resource, template.shape(), false)
                    })
                }

                fn actions(&self) -> ::std::vec::Vec<&str> {
                    Action::ALL.iter().map(|action| action.as_str()).collect()
                }

                fn action_info(&self, action: &str) -> ::core::option::Option<::ram_core::ActionInfo<'_>> {
                    let action = Action::find(action)?;
                    ::core::option::Option::Some(::ram_core::ActionInfo {
                        name: action.as_str(),
                        access_level: action.access_level(),
                        access_level_inferred: action.access_level_inferred(),
                        resource_group_authorization: action.resource_group_authorization(),
                        templates: action.resource_templates().iter().map(|template| template.as_str()).collect(),
                        any_resource: action.any_resource(),
                        apis: action.apis().iter().map(|api| api.as_str()).collect(),
                    })
                }

                fn templates(&self) -> ::std::vec::Vec<&str> {
                    ArnTemplate::ALL.iter().map(|template| template.as_str()).collect()
                }

                fn template_supports_resource_groups(&self, template: &str) -> bool {
                    ArnTemplate::ALL
                        .iter()
                        .any(|t| t.as_str() == template && t.resource_group_type().is_some())
                }
            }
        }
    }

    fn api_enum(&self) -> TokenStream {
        let spec = self.spec;
        let count = spec.apis.len();
        let variants = spec.apis.iter().map(|api| {
            let ident = self.names.api(&api.name);
            let doc = doc_attrs(&docs::api(spec, self.names, api));
            quote!(#doc #ident)
        });
        let all = spec.apis.iter().map(|api| self.names.api(&api.name));
        let rows = spec.apis.iter().map(|api| self.api_row(api));
        let ty = format_ident!("Api");
        let shared = display_and_serde(&ty, Some("api"));
        let enum_doc = doc_attrs(&format!(
            "The {count} API operations of {} that the documentation maps to RAM Actions.",
            spec.service.name
        ));
        quote! {
            #enum_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum Api {
                #(#variants,)*
            }

            struct ApiData {
                name: &'static str,
                action: Action,
                actions: &'static [Action],
                resource_template: ::core::option::Option<ArnTemplate>,
                resource_templates: &'static [ArnTemplate],
                access_level: ::ram_core::AccessLevel,
            }

            const API_DATA: [ApiData; #count] = [#(#rows,)*];

            impl Api {
                /// Every API, in name order.
                pub const ALL: [Self; #count] = [#(Self::#all,)*];

                const fn data(self) -> &'static ApiData {
                    &API_DATA[self as usize]
                }

                /// The API name as documented.
                #[must_use]
                pub const fn as_str(self) -> &'static str {
                    self.data().name
                }

                /// The RAM Action the API is authorized as. For an API authorized as several
                /// Actions, the first of [`Api::actions`] by name.
                #[must_use]
                pub const fn action(self) -> Action {
                    self.data().action
                }

                /// Every RAM Action the API is authorized as, sorted; a call is allowed only
                /// when each one is.
                #[must_use]
                pub const fn actions(self) -> &'static [Action] {
                    self.data().actions
                }

                /// The ARN template the API is authorized against, or `None` when it is
                /// authorized against `*` or against several resources.
                #[must_use]
                pub const fn resource_template(self) -> ::core::option::Option<ArnTemplate> {
                    self.data().resource_template
                }

                /// Every ARN template the API is authorized against, sorted; empty when it is
                /// authorized against `*` alone.
                #[must_use]
                pub const fn resource_templates(self) -> &'static [ArnTemplate] {
                    self.data().resource_templates
                }

                /// The documented access level.
                #[must_use]
                pub const fn access_level(self) -> ::ram_core::AccessLevel {
                    self.data().access_level
                }
            }

            #shared
        }
    }

    /// The `ApiData` row of one API.
    fn api_row(&self, api: &ram_spec::Api) -> TokenStream {
        let name = lit(&api.name);
        let action = self.names.action(api.action());
        let actions = api.actions.iter().map(|a| self.names.action(a));
        let level = level_tokens(api.access_level);
        let template = match api.resources.as_slice() {
            [one] if one != ANY_RESOURCE => {
                let t = self.names.template(one);
                quote!(::core::option::Option::Some(ArnTemplate::#t))
            }
            _ => quote!(::core::option::Option::None),
        };
        let templates = api
            .resources
            .iter()
            .filter(|r| *r != ANY_RESOURCE)
            .map(|r| self.names.template(r));
        quote!(ApiData {
            name: #name,
            action: Action::#action,
            actions: &[#(Action::#actions),*],
            resource_template: #template,
            resource_templates: &[#(ArnTemplate::#templates),*],
            access_level: #level,
        })
    }

    fn action_enum(&self) -> TokenStream {
        let spec = self.spec;
        let count = spec.actions.len();
        let variants = spec.actions.iter().map(|action| {
            let ident = self.names.action(&action.name);
            let doc = doc_attrs(&docs::action(spec, self.names, action));
            quote!(#doc #ident)
        });
        let all = spec
            .actions
            .iter()
            .map(|action| self.names.action(&action.name));
        let rows = spec.actions.iter().map(|action| {
            let name = lit(&action.name);
            let apis = action.apis.iter().map(|api| self.names.api(api));
            let templates = action
                .resources
                .iter()
                .filter(|r| *r != ANY_RESOURCE)
                .map(|r| self.names.template(r));
            let any = action.resources.iter().any(|r| r == ANY_RESOURCE);
            let level = level_tokens(action.access_level);
            let inferred = action.access_level_inferred;
            let rg = option_bool(action.resource_group_authorization);
            let description = option_str(action.description.as_deref());
            quote! {
                ActionData {
                    name: #name,
                    apis: &[#(Api::#apis),*],
                    resource_templates: &[#(ArnTemplate::#templates),*],
                    any_resource: #any,
                    access_level: #level,
                    access_level_inferred: #inferred,
                    resource_group_authorization: #rg,
                    description: #description,
                }
            }
        });
        let ty = format_ident!("Action");
        let shared = display_and_serde(&ty, None);
        let enum_doc = doc_attrs(&format!(
            "The {count} RAM Actions of {}: the union of every documented page.",
            spec.service.name
        ));
        quote! {
            #enum_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum Action {
                #(#variants,)*
            }

            struct ActionData {
                name: &'static str,
                apis: &'static [Api],
                resource_templates: &'static [ArnTemplate],
                any_resource: bool,
                access_level: ::ram_core::AccessLevel,
                access_level_inferred: bool,
                resource_group_authorization: ::core::option::Option<bool>,
                description: ::core::option::Option<&'static str>,
            }

            const ACTION_DATA: [ActionData; #count] = [#(#rows,)*];

            impl Action {
                /// Every Action, in name order.
                pub const ALL: [Self; #count] = [#(Self::#all,)*];

                const fn data(self) -> &'static ActionData {
                    &ACTION_DATA[self as usize]
                }

                /// The Action as written in a policy, with its service prefix.
                #[must_use]
                pub const fn as_str(self) -> &'static str {
                    self.data().name
                }

                /// The APIs authorized as this Action (empty for an Action that only the
                /// resource-group page names).
                #[must_use]
                pub const fn apis(self) -> &'static [Api] {
                    self.data().apis
                }

                /// The ARN templates its APIs are authorized against.
                #[must_use]
                pub const fn resource_templates(self) -> &'static [ArnTemplate] {
                    self.data().resource_templates
                }

                /// Whether some API of this Action is authorized against `*`.
                #[must_use]
                pub const fn any_resource(self) -> bool {
                    self.data().any_resource
                }

                /// The access level: documented, or inferred from the name's verb.
                #[must_use]
                pub const fn access_level(self) -> ::ram_core::AccessLevel {
                    self.data().access_level
                }

                /// Whether [`Action::access_level`] was inferred because no page documents it.
                #[must_use]
                pub const fn access_level_inferred(self) -> bool {
                    self.data().access_level_inferred
                }

                /// Whether the documentation says the Action supports resource-group-level
                /// authorization; `None` when it does not say.
                #[must_use]
                pub const fn resource_group_authorization(self) -> ::core::option::Option<bool> {
                    self.data().resource_group_authorization
                }

                /// Whether the Action supports resource-group-level authorization. A policy
                /// attached at a resource group has no effect on an Action that does not.
                #[must_use]
                pub const fn supports_resource_group_authorization(self) -> bool {
                    matches!(self.data().resource_group_authorization, ::core::option::Option::Some(true))
                }

                /// The description a page gives, if any.
                #[must_use]
                pub const fn description(self) -> ::core::option::Option<&'static str> {
                    self.data().description
                }

                /// Looks an Action up by name, case-insensitively as RAM matches Actions, without
                /// allocating; `None` for an unknown name.
                #[must_use]
                pub fn find(name: &str) -> ::core::option::Option<Self> {
                    Self::ALL.iter().copied().find(|action| action.as_str().eq_ignore_ascii_case(name))
                }

                /// Looks an Action up by name (any case) where a constant is required, so that
                /// an unknown Action fails the build:
                /// `const PULL: Action = Action::from_literal("cr:PullRepository");`.
                ///
                /// # Panics
                ///
                /// When `name` is not a known Action, with a message that names it and the known
                /// Action sharing the longest prefix with it; in a constant this is a compile error.
                #[must_use]
                pub const fn from_literal(name: &str) -> Self {
                    // The closest name is the one sharing the longest prefix: a truncated or
                    // misspelt literal most often keeps the start of the name it meant.
                    let (mut i, mut best, mut best_shared) = (0, 0, 0);
                    while i < Self::ALL.len() {
                        let candidate = Self::ALL[i].as_str();
                        if ::ram_core::const_eq_ignore_ascii_case(candidate, name) {
                            return Self::ALL[i];
                        }
                        let shared = ::ram_core::const_shared_prefix(candidate, name);
                        if shared > best_shared {
                            (best, best_shared) = (i, shared);
                        }
                        i += 1;
                    }
                    let suggestion = if ::ram_core::const_worth_suggesting(name, best_shared) {
                        ::core::option::Option::Some(Self::ALL[best].as_str())
                    } else {
                        ::core::option::Option::None
                    };
                    ::ram_core::const_unknown_name("action", name, suggestion)
                }

                /// The known Actions a RAM Action pattern matches: `*` any run of characters,
                /// `?` one character, case-insensitively, as RAM matches Actions.
                #[must_use]
                pub fn matching(pattern: &str) -> ::std::vec::Vec<Self> {
                    Self::ALL
                        .iter()
                        .copied()
                        .filter(|action| ::ram_core::wildcard::matches_action(pattern, action.as_str()))
                        .collect()
                }
            }

            impl ::core::str::FromStr for Action {
                type Err = ::ram_core::UnknownName;

                /// Parses an Action case-insensitively, as RAM matches Actions. The service
                /// prefix is required.
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::find(s).ok_or_else(|| ::ram_core::UnknownName::new("action", s, Self::ALL.iter().map(|action| action.as_str())))
                }
            }

            #shared
        }
    }

    fn template_enum(&self) -> TokenStream {
        let spec = self.spec;
        let count = spec.arn_templates.len();
        let variants = spec.arn_templates.iter().map(|t| {
            let ident = self.names.template(&t.template);
            let doc = doc_attrs(&docs::template(spec, t));
            quote!(#doc #ident)
        });
        let all = spec
            .arn_templates
            .iter()
            .map(|t| self.names.template(&t.template));
        let rows = spec.arn_templates.iter().map(|t| {
            let text = lit(&t.template);
            let name = lit(&t.name);
            let label = option_str(t.label.as_deref());
            let ident = self.names.template(&t.template);
            let rg = match spec.resource_group_type_of(t) {
                Some(rg) => {
                    let v = self.names.rg_type(&rg.code);
                    quote!(::core::option::Option::Some(ResourceGroupType::#v))
                }
                None => quote!(::core::option::Option::None),
            };
            quote!(TemplateData { template: #text, name: #name, label: #label, shape: &arn::#ident::SHAPE, resource_group_type: #rg })
        });
        let ty = format_ident!("ArnTemplate");
        let shared = display_and_serde(&ty, Some("arn template"));
        let enum_doc = doc_attrs(&format!(
            "The {count} ARN templates of {}.",
            spec.service.name
        ));
        quote! {
            #enum_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum ArnTemplate {
                #(#variants,)*
            }

            struct TemplateData {
                template: &'static str,
                name: &'static str,
                label: ::core::option::Option<&'static str>,
                shape: &'static ::ram_core::arn::Shape,
                resource_group_type: ::core::option::Option<ResourceGroupType>,
            }

            const TEMPLATE_DATA: [TemplateData; #count] = [#(#rows,)*];

            impl ArnTemplate {
                /// Every template, in the order of their text.
                pub const ALL: [Self; #count] = [#(Self::#all,)*];

                const fn data(self) -> &'static TemplateData {
                    &TEMPLATE_DATA[self as usize]
                }

                /// The template exactly as documented.
                #[must_use]
                pub const fn as_str(self) -> &'static str {
                    self.data().template
                }

                /// The name derived from the template's structure (`chart_namespace_all`).
                #[must_use]
                pub const fn name(self) -> &'static str {
                    self.data().name
                }

                /// The resource-type label the ARN table gives it, in the page's language.
                #[must_use]
                pub const fn label(self) -> ::core::option::Option<&'static str> {
                    self.data().label
                }

                /// The template's structure, for parsing ARNs against it.
                #[must_use]
                pub const fn shape(self) -> &'static ::ram_core::arn::Shape {
                    self.data().shape
                }

                /// The resource-group resource type of the resource the template names, when
                /// that type supports resource groups.
                #[must_use]
                pub const fn resource_group_type(self) -> ::core::option::Option<ResourceGroupType> {
                    self.data().resource_group_type
                }

                /// Whether an ARN or ARN pattern fits this template segment by segment (a
                /// parameter may hold `*` or `?` wildcards).
                #[must_use]
                pub fn fits(self, arn: &str) -> bool {
                    ::ram_core::arn::fits(arn, self.shape(), true)
                }

                /// The templates an ARN or ARN pattern fits.
                #[must_use]
                pub fn fitting(arn: &str) -> ::std::vec::Vec<Self> {
                    Self::ALL.iter().copied().filter(|template| template.fits(arn)).collect()
                }
            }

            #shared
        }
    }

    fn rg_type_enum(&self) -> TokenStream {
        let spec = self.spec;
        let own: Vec<_> = spec
            .resource_group_types
            .iter()
            .filter(|t| t.service == spec.service.code)
            .collect();
        let count = own.len();
        let variants = own.iter().map(|t| {
            let ident = self.names.rg_type(&t.code);
            let doc = doc_attrs(&docs::rg_type(spec, t));
            quote!(#doc #ident)
        });
        let all = own.iter().map(|t| self.names.rg_type(&t.code));
        let arms = own.iter().map(|t| {
            let ident = self.names.rg_type(&t.code);
            let code = lit(&t.code);
            quote!(Self::#ident => #code)
        });
        let enum_doc = doc_attrs(&format!(
            "The {count} resource types of {} that support resource groups.",
            spec.service.name
        ));
        let as_str = if count == 0 {
            quote!(match self {})
        } else {
            quote!(match self { #(#arms,)* })
        };
        let ty = format_ident!("ResourceGroupType");
        let shared = display_and_serde(&ty, Some("resource type"));
        quote! {
            #enum_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum ResourceGroupType {
                #(#variants,)*
            }

            impl ResourceGroupType {
                /// Every type, in code order.
                pub const ALL: [Self; #count] = [#(Self::#all,)*];

                /// The type code as documented (`chartnamespace`).
                #[must_use]
                pub const fn as_str(self) -> &'static str {
                    #as_str
                }
            }

            #shared
        }
    }

    fn arn_module(&self) -> TokenStream {
        let types = self.spec.arn_templates.iter().map(|t| self.arn_type(t));
        let doc = doc_attrs(&format!(
            "Typed ARNs of {}: one type per ARN template, and a pattern type per template for policies.",
            self.spec.service.name
        ));
        quote! {
            #doc
            pub mod arn {
                #(#types)*
            }
        }
    }

    /// The typed ARN of a template and its pattern twin.
    fn arn_type(&self, template: &ArnTemplate) -> TokenStream {
        let parts = self.arn_parts(template);
        let arn = self.arn_struct(template, &parts);
        let pattern = arn_pattern(template, &parts);
        quote! {
            #arn
            #pattern
        }
    }

    /// What the typed ARN and its pattern share: names, fields and the display format.
    fn arn_parts(&self, template: &ArnTemplate) -> ArnParts {
        let ident = self.names.template(&template.template);
        let fields = self.names.fields(&template.template);
        let field_idents = fields
            .iter()
            .map(|(_, f)| Ident::new(f, Span::call_site()))
            .collect();
        let field_docs = fields
            .iter()
            .map(|(param, _)| doc_attrs(&docs::param(self.spec, param)))
            .collect();
        ArnParts {
            pattern: format_ident!("{}Pattern", ident),
            ident,
            format: lit(&display_format(&template.structure)),
            field_idents,
            field_docs,
            fields,
        }
    }

    /// The typed ARN: a struct with a field per parameter, its shape, constructors, `Display`
    /// and `FromStr`.
    fn arn_struct(&self, template: &ArnTemplate, parts: &ArnParts) -> TokenStream {
        let ArnParts {
            ident,
            pattern,
            format,
            field_idents,
            field_docs,
            fields,
        } = parts;
        let shape = shape_tokens(&template.structure, fields);
        let struct_doc = doc_attrs(&docs::arn_type(self.spec, template));
        let new_doc = doc_attrs(&format!("Builds a [`{ident}`] from its parameters."));
        let try_new_doc = doc_attrs(&format!(
            "Builds a [`{ident}`] from its parameters, checked as `FromStr` checks a parsed ARN.\n\n# Errors\n\nWhen a value is empty or holds a wildcard, whitespace, `:` or `/`."
        ));
        // A part of a joined segment (`$storeInstanceId%$topic`) may not hold the join either.
        let joined: Vec<&str> = template
            .structure
            .path
            .iter()
            .filter(|segment| matches!(segment, Segment::Joined(_)))
            .flat_map(Segment::params)
            .collect();
        let checks = fields
            .iter()
            .zip(field_idents.iter())
            .map(|((param, f), ident)| {
                let name = lit(f);
                if joined.contains(&param.as_str()) {
                    quote!(::ram_core::arn::check_joined_param(#name, &arn.#ident)?;)
                } else {
                    quote!(::ram_core::arn::check_param(#name, &arn.#ident)?;)
                }
            });
        let try_args: Vec<TokenStream> = field_idents
            .iter()
            .map(|f| quote!(#f: impl ::core::convert::Into<::std::string::String>))
            .collect();
        let args = try_args.iter();
        let too_many = if field_idents.len() > 7 {
            quote!(#[allow(clippy::too_many_arguments, reason = "one argument per documented ARN parameter")])
        } else {
            quote!()
        };
        let from_values = field_idents
            .iter()
            .map(|f| quote!(#f: values.next().unwrap_or_default()));
        let to_pattern = field_idents
            .iter()
            .map(|f| quote!(#f: ::ram_core::arn::Part::Value(self.#f.clone())));
        let template_ident = self.names.template(&template.template);
        // Fields are named after the documented parameters, so `Repository` has a
        // `repository` field; clippy's pedantic naming lint is allowed where that happens.
        let echoes_name = fields.iter().any(|(_, f)| {
            f.starts_with(template.name.as_str()) || f.ends_with(template.name.as_str())
        });
        let field_name_allow = if echoes_name {
            quote!(#[allow(clippy::struct_field_names, reason = "fields are named after the documented ARN parameters")])
        } else {
            quote!()
        };
        let fields_decl = field_idents
            .iter()
            .zip(field_docs)
            .map(|(f, d)| quote!(#d pub #f: ::std::string::String));
        let values_binding = if field_idents.is_empty() {
            quote!(let _ = ::ram_core::arn::parse(s, &Self::SHAPE, false)?;)
        } else {
            quote!(let mut values = ::ram_core::arn::parse(s, &Self::SHAPE, false)?.into_iter();)
        };
        quote! {
            #struct_doc
            #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
            #field_name_allow
            pub struct #ident {
                #(#fields_decl,)*
            }

            impl #ident {
                /// The template this type follows.
                pub const TEMPLATE: super::ArnTemplate = super::ArnTemplate::#template_ident;

                /// The template's structure.
                pub const SHAPE: ::ram_core::arn::Shape = #shape;

                #new_doc
                #too_many
                #[must_use]
                pub fn new(#(#args),*) -> Self {
                    Self { #(#field_idents: #field_idents.into()),* }
                }

                #try_new_doc
                #too_many
                pub fn try_new(#(#try_args),*) -> ::core::result::Result<Self, ::ram_core::arn::ArnParseError> {
                    let arn = Self::new(#(#field_idents),*);
                    #(#checks)*
                    ::core::result::Result::Ok(arn)
                }

                /// The pattern that matches exactly this ARN.
                #[must_use]
                pub fn to_pattern(&self) -> #pattern {
                    #pattern { #(#to_pattern),* }
                }
            }

            impl ::core::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    write!(f, #format, #(self.#field_idents),*)
                }
            }

            impl ::core::str::FromStr for #ident {
                type Err = ::ram_core::arn::ArnParseError;

                /// Parses an ARN of this template; the error names the segment that is wrong.
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    #values_binding
                    ::core::result::Result::Ok(Self { #(#from_values),* })
                }
            }

            impl ::ram_core::Resource for #ident {
                type Pattern = #pattern;
            }

            ::ram_core::__string_serde!(#ident);
        }
    }

    fn ops_module(&self) -> TokenStream {
        let mut ops = Vec::new();
        for api in &self.spec.apis {
            // A typed operation names one Action and one resource type; an API authorized as
            // several of either has none, and its `Api` variant says so.
            let (Some(resource), [action]) = (typed_resource(api), api.actions.as_slice()) else {
                continue;
            };
            let resource = match resource {
                None => quote!(::ram_core::AnyResource),
                Some(template) => {
                    let t = self.names.template(template);
                    quote!(super::arn::#t)
                }
            };
            let ident = self.names.api(&api.name);
            let action = self.names.action(action);
            let level = level_tokens(api.access_level);
            let doc = doc_attrs(&docs::operation(self.spec, api));
            ops.push(quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
                pub struct #ident;

                impl ::ram_core::Operation for #ident {
                    type Api = super::Api;
                    type Action = super::Action;
                    type Resource = #resource;
                    const API: super::Api = super::Api::#ident;
                    const ACTION: super::Action = super::Action::#action;
                    const ACCESS_LEVEL: ::ram_core::AccessLevel = #level;
                }
            });
        }
        let doc = doc_attrs(&format!(
            "Typed operations of {}: one zero-sized type per API, for `Authorizer::check`.",
            self.spec.service.name
        ));
        quote! {
            #doc
            pub mod ops {
                #(#ops)*
            }
        }
    }
}

/// The names, fields and display format a typed ARN and its pattern share.
struct ArnParts {
    ident: Ident,
    pattern: Ident,
    format: Literal,
    field_idents: Vec<Ident>,
    field_docs: Vec<TokenStream>,
    /// (documented parameter, field name) pairs.
    fields: Vec<(String, String)>,
}

/// The `Display` format of a template: literal text with `{}` where a parameter goes, in order.
fn display_format(structure: &ram_spec::ArnStructure) -> String {
    fn escape(text: &str) -> String {
        text.replace('{', "{{").replace('}', "}}")
    }
    fn part(segment: &Segment) -> String {
        match segment {
            Segment::Wildcard => "*".to_owned(),
            Segment::Param(_) => "{}".to_owned(),
            Segment::Literal(text) => escape(text),
            Segment::Joined(parts) => parts
                .iter()
                .map(part)
                .collect::<Vec<_>>()
                .join(&ram_spec::JOIN.to_string()),
        }
    }
    let mut format = format!("acs:{}:", structure.service);
    format.push_str(&part(&structure.region));
    format.push(':');
    format.push_str(&part(&structure.account));
    format.push(':');
    let pieces: Vec<String> = structure.path.iter().map(part).collect();
    match &structure.resource_type {
        Some(resource_type) => {
            format.push_str(&escape(resource_type));
            for piece in pieces {
                format.push('/');
                format.push_str(&piece);
            }
        }
        None => format.push_str(&pieces.join("/")),
    }
    format
}

/// The `ram_core::arn::Shape` of a template, its parameters named by their fields.
fn shape_tokens(structure: &ram_spec::ArnStructure, fields: &[(String, String)]) -> TokenStream {
    fn shape_part(segment: &Segment, fields: &[(String, String)]) -> TokenStream {
        match segment {
            Segment::Wildcard => quote!(::ram_core::arn::ShapePart::Wildcard),
            Segment::Param(name) => {
                let field = fields
                    .iter()
                    .find(|(p, _)| p == name)
                    .map_or(name.as_str(), |(_, f)| f.as_str());
                let field = lit(field);
                quote!(::ram_core::arn::ShapePart::Param(#field))
            }
            Segment::Literal(text) => {
                let text = lit(text);
                quote!(::ram_core::arn::ShapePart::Literal(#text))
            }
            Segment::Joined(parts) => {
                let parts = parts.iter().map(|p| shape_part(p, fields));
                quote!(::ram_core::arn::ShapePart::Joined(&[#(#parts),*]))
            }
        }
    }
    let service = lit(&structure.service);
    let region = shape_part(&structure.region, fields);
    let account = shape_part(&structure.account, fields);
    let resource_type = option_str(structure.resource_type.as_deref());
    let path = structure.path.iter().map(|p| shape_part(p, fields));
    quote!(::ram_core::arn::Shape {
        service: #service,
        region: #region,
        account: #account,
        resource_type: #resource_type,
        path: &[#(#path),*],
    })
}

/// The pattern twin of a typed ARN: every field may be `*` or hold wildcards.
fn arn_pattern(template: &ArnTemplate, parts: &ArnParts) -> TokenStream {
    let ArnParts {
        ident,
        pattern,
        format,
        field_idents,
        field_docs,
        ..
    } = parts;
    let pattern_doc = doc_attrs(&format!(
        "A pattern of [`{ident}`] ARNs for policies: any parameter may be `*` or hold the wildcards `*` and `?`.\n\nIts text follows the template `{}`.",
        template.template
    ));
    let from_pattern_values = field_idents
        .iter()
        .map(|f| quote!(#f: ::ram_core::arn::Part::from(values.next().unwrap_or_default())));
    let matches = field_idents
        .iter()
        .map(|f| quote!(self.#f.matches(&arn.#f)));
    let any_fields = field_idents
        .iter()
        .map(|f| quote!(#f: ::ram_core::arn::Part::Any));
    let pattern_fields_decl = field_idents
        .iter()
        .zip(field_docs)
        .map(|(f, d)| quote!(#d pub #f: ::ram_core::arn::Part));
    let matches_body = if field_idents.is_empty() {
        quote!({
            let _ = arn;
            true
        })
    } else {
        quote!(#(#matches)&&*)
    };
    let pattern_values_binding = if field_idents.is_empty() {
        quote!(let _ = ::ram_core::arn::parse(s, &#ident::SHAPE, true)?;)
    } else {
        quote!(let mut values = ::ram_core::arn::parse(s, &#ident::SHAPE, true)?.into_iter();)
    };
    quote! {
        #pattern_doc
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct #pattern {
            #(#pattern_fields_decl,)*
        }

        impl #pattern {
            /// The pattern with every parameter `*`.
            #[must_use]
            pub fn any() -> Self {
                Self { #(#any_fields),* }
            }

            /// Whether the pattern matches an ARN (case-sensitively, as RAM matches resources).
            #[must_use]
            pub fn matches(&self, arn: &#ident) -> bool {
                #matches_body
            }
        }

        impl ::core::fmt::Display for #pattern {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                write!(f, #format, #(self.#field_idents),*)
            }
        }

        impl ::core::str::FromStr for #pattern {
            type Err = ::ram_core::arn::ArnParseError;

            /// Parses a pattern of this template; parameters may hold wildcards.
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                #pattern_values_binding
                ::core::result::Result::Ok(Self { #(#from_pattern_values),* })
            }
        }

        ::ram_core::__string_serde!(#pattern);
    }
}

/// Identifier lookups built once per generation; see [`Names::derive`].
impl Names {
    fn ident(map: &BTreeMap<String, String>, key: &str) -> Ident {
        // Every key was registered by `Names::derive`; an unknown one falls back to a name
        // that cannot compile rather than a panic.
        let name = map.get(key).map_or("__unknown_name", String::as_str);
        Ident::new(name, Span::call_site())
    }

    fn api(&self, name: &str) -> Ident {
        Self::ident(&self.apis, name)
    }

    fn action(&self, name: &str) -> Ident {
        Self::ident(&self.actions, name)
    }

    fn template(&self, template: &str) -> Ident {
        Self::ident(&self.templates, template)
    }

    fn rg_type(&self, code: &str) -> Ident {
        Self::ident(&self.rg_types, code)
    }

    fn fields(&self, template: &str) -> Vec<(String, String)> {
        self.fields.get(template).cloned().unwrap_or_default()
    }
}

/// The one resource a typed operation of `api` is checked against: `Some(None)` for `*`,
/// `Some(Some(template))` for one ARN template, and `None` when the API has several resources.
pub(crate) fn typed_resource(api: &ram_spec::Api) -> Option<Option<&str>> {
    match api.resources.as_slice() {
        [one] if one == ANY_RESOURCE => Some(None),
        [one] => Some(Some(one)),
        _ => None,
    }
}

/// `UpperCamelCase` from a snake_case name; used for template and resource-type variants.
fn upper_camel(snake: &str) -> String {
    snake_to_upper_camel(snake)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(extra_actions: &str, extra_apis: &str, templates: &str) -> Spec {
        let origin = r#"{"source": "p.html", "section": "s", "table": 1, "row": 1}"#;
        let text = format!(
            r#"{{"@generated": "test", "service": {{"code": "zoo", "name": "Zoo"}},
            "sources": [{{"file": "p.html", "title": "Zoo", "url": null, "locale": "en", "updated": null, "sha256": "00"}}],
            "arn_templates": [{templates}], "arn_parameters": [], "resource_group_types": [],
            "apis": [{{"name": "GetCage", "action": "zoo:GetCage", "resources": ["*"], "access_level": "read", "origin": {origin}}}{extra_apis}],
            "actions": [{{"name": "zoo:GetCage", "apis": ["GetCage"], "resources": ["*"], "access_level": "read",
              "access_level_inferred": false, "resource_group_authorization": null, "description": null, "origins": [{origin}]}}{extra_actions}],
            "findings": []}}"#
        );
        Spec::from_json(&text).unwrap()
    }

    fn template(text: &str, name: &str) -> String {
        let structure =
            serde_json::to_string(&ram_spec::ArnStructure::parse(text).unwrap()).unwrap();
        format!(
            r#"{{"name": "{name}", "template": "{text}", "structure": {structure}, "label": null, "documented": []}}"#
        )
    }

    #[test]
    fn generation_is_deterministic() {
        let spec = spec("", "", "");
        assert_eq!(
            generate(&spec).unwrap().to_string(),
            generate(&spec).unwrap().to_string()
        );
    }

    #[test]
    fn actions_that_differ_only_in_case_collide() {
        let extra = r#", {"name": "zoo:Getcage", "apis": [], "resources": [], "access_level": "read",
            "access_level_inferred": true, "resource_group_authorization": null, "description": null, "origins": []}"#;
        let errors = generate(&spec(extra, "", "")).unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["action `zoo:GetCage` and `zoo:Getcage` both give the identifier `Getcage`"]
        );
    }

    #[test]
    fn templates_whose_names_collide_are_reported_with_both_sources() {
        let templates = format!(
            "{}, {}",
            template("acs:zoo:*:$accountid:snapshot/*", "snapshot_all"),
            template("acs:zoo:$regionid:$accountid:snapshot/*", "snapshot_all")
        );
        let errors = generate(&spec("", "", &templates)).unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "arn template `acs:zoo:*:$accountid:snapshot/*` and `acs:zoo:$regionid:$accountid:snapshot/*` both give the identifier `SnapshotAll`"
            ]
        );
    }

    #[test]
    fn invalid_identifiers_and_keyword_fields_are_errors() {
        let templates = template("acs:zoo:*:*:cage/$type", "cage_type");
        let errors = generate(&spec("", "", &templates)).unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "arn parameter `$type of `acs:zoo:*:*:cage/$type`` does not give a valid rust identifier (`type`)"
            ]
        );
    }

    #[test]
    fn an_api_with_several_resources_lists_them_and_has_no_typed_operation() {
        // This was a generation error while an API could have only one resource.
        let mut spec = spec(
            "",
            "",
            &format!(
                "{}, {}",
                template("acs:zoo:*:*:cage/$cageId", "cage"),
                template("acs:zoo:*:*:pen/$penId", "pen")
            ),
        );
        spec.apis[0].resources = vec![
            "acs:zoo:*:*:cage/$cageId".into(),
            "acs:zoo:*:*:pen/$penId".into(),
        ];
        spec.actions[0]
            .resources
            .clone_from(&spec.apis[0].resources);
        let code = generate(&spec).unwrap().to_string();
        assert!(
            code.contains(
                "resource_template : :: core :: option :: Option :: None , resource_templates : & [ArnTemplate :: Cage , ArnTemplate :: Pen]"
            ),
            "{code}"
        );
        assert!(!code.contains("pub struct GetCage"), "{code}");
        assert!(code.contains("No typed operation"), "{code}");
    }

    #[test]
    fn an_api_with_several_actions_lists_them_and_has_no_typed_operation() {
        let extra = r#", {"name": "zoo:ReadCage", "apis": [], "resources": ["*"], "access_level": "read",
            "access_level_inferred": false, "resource_group_authorization": null, "description": null, "origins": []}"#;
        let mut spec = spec(extra, "", "");
        spec.apis[0].actions = vec!["zoo:GetCage".into(), "zoo:ReadCage".into()];
        spec.actions[1].apis = vec!["GetCage".into()];
        let code = generate(&spec).unwrap().to_string();
        assert!(
            code.contains(
                "action : Action :: GetCage , actions : & [Action :: GetCage , Action :: ReadCage]"
            ),
            "{code}"
        );
        assert!(!code.contains("pub struct GetCage"), "{code}");
        let single = generate(&self::spec("", "", "")).unwrap().to_string();
        assert!(single.contains("pub struct GetCage"), "{single}");
        assert!(
            single.contains("actions : & [Action :: GetCage]"),
            "{single}"
        );
    }
}
