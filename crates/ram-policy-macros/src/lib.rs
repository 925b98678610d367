//! `policy!`: a RAM policy written as JSON in Rust source and checked while compiling against
//! the catalog of every service spec (`generated/*/spec.json`, embedded by `ram-catalog` when it
//! is built). Use it as `ram_policy_macros::policy!`, in a crate that also depends on
//! `ram-policy` (the expansion is a `::ram_policy::Policy`).
//!
//! Every error-level rule of `ramctl lint` applies, and a Resource that fits no ARN template of
//! its statement's Actions is an error too; each is a compile error at the span of the
//! offending string, all of them at once. The macro evaluates to a `ram_policy::Policy`.

use std::collections::BTreeMap;

use proc_macro::TokenStream;
use proc_macro2::{Delimiter, Span, TokenTree};
use quote::quote;
use ram_catalog::Catalog;
use ram_policy::lint::{LintScope, RESOURCE_MATCHES_NO_ACTION, Severity, lint};

/// A RAM policy checked at compile time; see the crate documentation.
///
/// ```
/// let policy = ram_policy_macros::policy!({
///     "Version": "1",
///     "Statement": [{
///         "Effect": "Allow",
///         "Action": ["cr:PullRepository", "cr:ListInstance"],
///         "Resource": ["acs:cr:*:*:repository/cri-abc/team-a/*", "*"]
///     }]
/// });
/// assert_eq!(policy.statements[0].actions.patterns.len(), 2);
/// ```
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    match expand(proc_macro2::TokenStream::from(input)) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            // Several `compile_error!`s in expression position need a block around them.
            let errors = error.to_compile_error();
            quote!({ #errors }).into()
        }
    }
}

/// JSON text written from Rust tokens, with the span of every value by JSON pointer.
struct Writer {
    text: String,
    spans: BTreeMap<String, Span>,
    errors: Vec<syn::Error>,
}

impl Writer {
    fn value(
        &mut self,
        tokens: &mut std::iter::Peekable<proc_macro2::token_stream::IntoIter>,
        pointer: &str,
    ) {
        let Some(token) = tokens.next() else {
            self.errors
                .push(syn::Error::new(Span::call_site(), "expected a JSON value"));
            return;
        };
        self.spans.insert(pointer.to_owned(), token.span());
        match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                self.object(group.stream(), pointer, group.span())
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                self.text.push('[');
                let mut inner = group.stream().into_iter().peekable();
                let mut index = 0;
                while inner.peek().is_some() {
                    if index > 0 {
                        self.text.push(',');
                    }
                    self.value(&mut inner, &format!("{pointer}/{index}"));
                    index += 1;
                    self.comma(&mut inner);
                }
                self.text.push(']');
            }
            TokenTree::Literal(literal) => {
                let token = TokenTree::Literal(literal.clone());
                if let Ok(string) = syn::parse2::<syn::LitStr>(token.into()) {
                    self.text
                        .push_str(&serde_json::Value::String(string.value()).to_string());
                } else if serde_json::from_str::<serde_json::Number>(&literal.to_string()).is_ok() {
                    self.text.push_str(&literal.to_string());
                } else {
                    self.errors.push(syn::Error::new(
                        literal.span(),
                        "expected a JSON string or number",
                    ));
                }
            }
            TokenTree::Ident(ident)
                if ["true", "false", "null"].contains(&ident.to_string().as_str()) =>
            {
                self.text.push_str(&ident.to_string());
            }
            TokenTree::Punct(minus) if minus.as_char() == '-' => match tokens.next() {
                Some(TokenTree::Literal(number)) => {
                    self.text.push('-');
                    self.text.push_str(&number.to_string());
                }
                _ => self
                    .errors
                    .push(syn::Error::new(minus.span(), "expected a number after `-`")),
            },
            other => self
                .errors
                .push(syn::Error::new(other.span(), "expected a JSON value")),
        }
    }

    fn object(&mut self, stream: proc_macro2::TokenStream, pointer: &str, span: Span) {
        self.text.push('{');
        let mut inner = stream.into_iter().peekable();
        let mut first = true;
        while let Some(token) = inner.next() {
            let key = match &token {
                TokenTree::Literal(literal) => {
                    syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into()).ok()
                }
                _ => None,
            };
            let Some(key) = key else {
                self.errors
                    .push(syn::Error::new(token.span(), "expected a string key"));
                return;
            };
            match inner.next() {
                Some(TokenTree::Punct(colon)) if colon.as_char() == ':' => {}
                other => {
                    let at = other.map_or(span, |t| t.span());
                    self.errors
                        .push(syn::Error::new(at, "expected `:` after the key"));
                    return;
                }
            }
            if !first {
                self.text.push(',');
            }
            first = false;
            self.text
                .push_str(&serde_json::Value::String(key.value()).to_string());
            self.text.push(':');
            let escaped = key.value().replace('~', "~0").replace('/', "~1");
            self.value(&mut inner, &format!("{pointer}/{escaped}"));
            self.comma(&mut inner);
        }
        self.text.push('}');
    }

    fn comma(&mut self, tokens: &mut std::iter::Peekable<proc_macro2::token_stream::IntoIter>) {
        match tokens.peek() {
            Some(TokenTree::Punct(p)) if p.as_char() == ',' => {
                tokens.next();
            }
            Some(other) => {
                let span = other.span();
                self.errors.push(syn::Error::new(span, "expected `,`"));
                // Skip the rest: the structure is unknown from here on.
                tokens.for_each(drop);
            }
            None => {}
        }
    }
}

fn combine(errors: Vec<syn::Error>) -> Option<syn::Error> {
    errors.into_iter().reduce(|mut all, next| {
        all.combine(next);
        all
    })
}

fn expand(input: proc_macro2::TokenStream) -> syn::Result<proc_macro2::TokenStream> {
    let mut writer = Writer {
        text: String::new(),
        spans: BTreeMap::new(),
        errors: Vec::new(),
    };
    let mut tokens = input.into_iter().peekable();
    writer.value(&mut tokens, "");
    if let Some(extra) = tokens.next() {
        writer
            .errors
            .push(syn::Error::new(extra.span(), "expected one JSON document"));
    }
    if let Some(error) = combine(std::mem::take(&mut writer.errors)) {
        return Err(error);
    }
    let catalog = Catalog::embedded().map_err(|e| syn::Error::new(Span::call_site(), e))?;
    let errors: Vec<syn::Error> = lint(&writer.text, &[catalog], LintScope::Account)
        .into_iter()
        .filter(|f| f.rule.severity == Severity::Error || f.rule == RESOURCE_MATCHES_NO_ACTION)
        .map(|finding| {
            // The finding's pointer, or the nearest enclosing value that has a span.
            let mut pointer = finding.pointer.as_str();
            let span = loop {
                if let Some(span) = writer.spans.get(pointer) {
                    break *span;
                }
                match pointer.rfind('/') {
                    Some(cut) => pointer = &pointer[..cut],
                    None => break Span::call_site(),
                }
            };
            let hint = finding.hint.map(|h| format!("; {h}")).unwrap_or_default();
            syn::Error::new(
                span,
                format!(
                    "{}[{}]: {}{hint}",
                    finding.rule.name, finding.rule.id, finding.message
                ),
            )
        })
        .collect();
    if let Some(error) = combine(errors) {
        return Err(error);
    }
    let text = writer.text;
    Ok(quote! {
        {
            const TEXT: &str = #text;
            ::ram_policy::Policy::parse(TEXT)
                .unwrap_or_else(|e| ::core::panic!("policy! checked this document while compiling: {e}"))
        }
    })
}
