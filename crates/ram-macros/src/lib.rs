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

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::quote;
use ram_spec::{ReadError, Spec};
use syn::{LitStr, parse_macro_input};

/// Expands a spec file into typed bindings; see the crate documentation.
#[proc_macro]
pub fn bindings(input: TokenStream) -> TokenStream {
    let path = parse_macro_input!(input as LitStr);
    match expand(&path) {
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

fn expand(literal: &LitStr) -> syn::Result<proc_macro2::TokenStream> {
    let span = literal.span();
    let relative = literal.value();
    let base = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    let full = base.join(&relative);
    let text = std::fs::read_to_string(&full)
        .map_err(|e| syn::Error::new(span, format!("cannot read spec `{}`: {e}", full.display())))?;
    let spec = Spec::from_json(&text).map_err(|error| match error {
        ReadError::Json { line, column, message } => syn::Error::new(
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
        combine(errors.iter().map(|e| syn::Error::new(span, format!("spec `{relative}`: {e}"))))
            .unwrap_or_else(|| syn::Error::new(span, "code generation failed"))
    })?;
    let tracked = full.to_string_lossy().into_owned();
    Ok(quote! {
        // Makes cargo rebuild the invoking crate when the spec changes.
        const _: &str = include_str!(#tracked);
        #generated
    })
}
