//! A thin proc-macro shim over `ram-codegen`.
//!
//! `bindings!("path/to/spec.json")` reads a spec file (relative to the invoking crate's
//! `CARGO_MANIFEST_DIR`) and expands to its typed bindings: exactly what
//! `ram_codegen::generate` returns, plus an `include_str!` of the spec so that editing the spec
//! rebuilds the crate. A bad path, unreadable JSON or an invalid spec is a compile error at the
//! span of the path literal; every problem is reported at once.
//!
//! ```ignore
//! mod cr {
//!     ram_macros::bindings!("../../generated/cr/spec.json");
//! }
//! ```

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use quote::quote;
use ram_spec::{ReadError, Spec};
use syn::{LitStr, parse_macro_input};

/// Expands a spec file into typed bindings; see the crate documentation.
#[proc_macro]
pub fn bindings(input: TokenStream) -> TokenStream {
    let path = parse_macro_input!(input as LitStr);
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    match expand(&base, &path) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

fn combine(errors: impl IntoIterator<Item = syn::Error>) -> Option<syn::Error> {
    errors.into_iter().reduce(|mut all, next| {
        all.combine(next);
        all
    })
}

/// Expands the spec at `literal` (relative to `base`), reporting every problem at the span of
/// the literal. The messages show the path as written, so they read the same on every machine.
fn expand(base: &Path, literal: &LitStr) -> syn::Result<proc_macro2::TokenStream> {
    let span = literal.span();
    let relative = literal.value();
    let full = base.join(&relative);
    let text = std::fs::read_to_string(&full).map_err(|e| {
        syn::Error::new(
            span,
            format!(
                "cannot read spec `{relative}` (relative to the crate's manifest directory): {e}"
            ),
        )
    })?;
    let spec = Spec::from_json(&text).map_err(|error| match error {
        ReadError::Json {
            line,
            column,
            message,
        } => syn::Error::new(
            span,
            format!("spec `{relative}` is not valid: line {line}, column {column}: {message}"),
        ),
        ReadError::Invalid(errors) => combine(
            errors
                .iter()
                .map(|e| syn::Error::new(span, format!("spec `{relative}` is invalid: {e}"))),
        )
        .unwrap_or_else(|| syn::Error::new(span, format!("spec `{relative}` is invalid"))),
    })?;
    let generated = ram_codegen::generate(&spec).map_err(|errors| {
        combine(
            errors
                .iter()
                .map(|e| syn::Error::new(span, format!("spec `{relative}`: {e}"))),
        )
        .unwrap_or_else(|| syn::Error::new(span, "code generation failed"))
    })?;
    let tracked = full.to_string_lossy().into_owned();
    Ok(quote! {
        // Makes cargo rebuild the invoking crate when the spec changes.
        const _: &str = include_str!(#tracked);
        #generated
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(base: &Path, path: &str) -> Vec<String> {
        let literal = LitStr::new(path, proc_macro2::Span::call_site());
        match expand(base, &literal) {
            Ok(_) => panic!("expected errors for `{path}`"),
            Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    fn fixture(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ram-macros-{}-{name}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("spec.json"), text);
        dir
    }

    #[test]
    fn a_missing_file_names_the_path_as_written() {
        let errors = messages(Path::new("/nonexistent"), "specs/none.json");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with(
                "cannot read spec `specs/none.json` (relative to the crate's manifest directory): "
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let dir = fixture("json", "{\n  \"service\": }");
        let errors = messages(&dir, "spec.json");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("spec `spec.json` is not valid: line 2, column 14: "),
            "{errors:?}"
        );
    }

    #[test]
    fn every_broken_invariant_is_reported_at_once() {
        let spec = r#"{"@generated": "test", "service": {"code": "zoo", "name": "Zoo"}, "sources": [],
            "arn_templates": [], "arn_parameters": [], "resource_group_types": [],
            "apis": [{"name": "GetCage", "action": "zoo:GetCage", "resources": ["acs:zoo:*:*:cage/$id"],
                      "access_level": "read", "origin": {"source": "x.html", "section": "", "table": 1, "row": 1}}],
            "actions": [], "findings": []}"#;
        let dir = fixture("invalid", spec);
        let errors = messages(&dir, "spec.json");
        assert_eq!(
            errors,
            [
                "spec `spec.json` is invalid: /apis/0/action: unknown action `zoo:GetCage`",
                "spec `spec.json` is invalid: /apis/0/resources/0: unknown arn template `acs:zoo:*:*:cage/$id`",
                "spec `spec.json` is invalid: /apis/0/origin: unknown source `x.html`",
            ]
        );
    }

    #[test]
    fn the_expansion_tracks_the_spec_file_and_holds_the_generated_code() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let literal = LitStr::new("generated/cr/spec.json", proc_macro2::Span::call_site());
        let tokens = expand(&root, &literal)
            .map_err(|e| e.to_string())
            .unwrap_or_default()
            .to_string();
        assert!(
            tokens.starts_with("const _ : & str = include_str !"),
            "{}",
            &tokens[..80.min(tokens.len())]
        );
        assert!(tokens.contains("pub enum Action"));
    }
}
