//! Deriving Rust identifiers from vendor names: deterministic, and collision-free or an error.

use std::collections::BTreeMap;

use ram_spec::{Spec, param_stem, vocabulary, words_of};

use crate::{CodegenError, upper_camel};

/// The identifiers of every generated item, keyed by the vendor name they come from.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub(crate) apis: BTreeMap<String, String>,
    pub(crate) actions: BTreeMap<String, String>,
    pub(crate) templates: BTreeMap<String, String>,
    pub(crate) rg_types: BTreeMap<String, String>,
    /// Per template text: (parameter, field name) in order of appearance.
    pub(crate) fields: BTreeMap<String, Vec<(String, String)>>,
}

/// Rust's keywords, strict and reserved, which no derived identifier may be.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// Registers `vendor -> ident` in `map`, reporting invalid identifiers and collisions.
/// `fold` gives the key under which two identifiers count as the same.
fn register(
    map: &mut BTreeMap<String, String>,
    taken: &mut BTreeMap<String, String>,
    what: &'static str,
    vendor: &str,
    ident: String,
    fold: fn(&str) -> String,
    errors: &mut Vec<CodegenError>,
) {
    if !is_ident(&ident) {
        errors.push(CodegenError::InvalidIdentifier {
            what,
            name: vendor.to_owned(),
            ident,
        });
        return;
    }
    if let Some(first) = taken.get(&fold(&ident)) {
        errors.push(CodegenError::Collision {
            what,
            ident,
            first: first.clone(),
            second: vendor.to_owned(),
        });
        return;
    }
    taken.insert(fold(&ident), vendor.to_owned());
    map.insert(vendor.to_owned(), ident);
}

fn exact(ident: &str) -> String {
    ident.to_owned()
}

fn lowercase(ident: &str) -> String {
    ident.to_ascii_lowercase()
}

impl Names {
    /// Derives every identifier of a spec: API names as documented, Actions without their
    /// service prefix, ARN templates from their derived names, resource-group types and ARN
    /// fields from the service's code-like words.
    ///
    /// # Errors
    ///
    /// Every invalid identifier and every collision, each naming both vendor names. Actions
    /// collide case-insensitively because RAM matches them so.
    pub fn derive(spec: &Spec) -> Result<Self, Vec<CodegenError>> {
        let mut names = Self::default();
        let mut errors = Vec::new();

        let mut taken = BTreeMap::new();
        for api in &spec.apis {
            register(
                &mut names.apis,
                &mut taken,
                "api",
                &api.name,
                api.name.clone(),
                exact,
                &mut errors,
            );
        }
        let mut taken = BTreeMap::new();
        for action in &spec.actions {
            let short = action
                .name
                .split_once(':')
                .map_or(action.name.as_str(), |(_, n)| n);
            register(
                &mut names.actions,
                &mut taken,
                "action",
                &action.name,
                short.to_owned(),
                lowercase,
                &mut errors,
            );
        }
        let mut taken = BTreeMap::new();
        for template in &spec.arn_templates {
            let ident = upper_camel(&template.name);
            register(
                &mut names.templates,
                &mut taken,
                "arn template",
                &template.template,
                ident.clone(),
                exact,
                &mut errors,
            );
            // The pattern type is named after the template type; it must not hit another one.
            taken
                .entry(format!("{ident}Pattern"))
                .or_insert_with(|| template.template.clone());
        }

        let vocab_owned = vocabulary(spec.arn_templates.iter().map(|t| &t.structure));
        let vocab: Vec<&str> = vocab_owned.iter().map(String::as_str).collect();
        let mut taken = BTreeMap::new();
        for rg in spec
            .resource_group_types
            .iter()
            .filter(|t| t.service == spec.service.code)
        {
            let ident = words_of(&rg.code, &vocab)
                .iter()
                .map(|w| upper_camel(w))
                .collect::<String>();
            register(
                &mut names.rg_types,
                &mut taken,
                "resource group type",
                &rg.code,
                ident,
                exact,
                &mut errors,
            );
        }

        for template in &spec.arn_templates {
            let mut fields = Vec::new();
            let mut taken = BTreeMap::new();
            let mut map = BTreeMap::new();
            for param in template.structure.params() {
                let field = param_stem(param, &vocab).join("_");
                let vendor = format!("${param} of `{}`", template.template);
                register(
                    &mut map,
                    &mut taken,
                    "arn parameter",
                    &vendor,
                    field.clone(),
                    exact,
                    &mut errors,
                );
                fields.push((param.to_owned(), field));
            }
            names.fields.insert(template.template.clone(), fields);
        }

        if errors.is_empty() {
            Ok(names)
        } else {
            Err(errors)
        }
    }
}
