//! The policy parser and the linter never panic on any text, and a parsed policy's canonical
//! text parses back equal (and is a fixed point of `to_canonical_string`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use ram_policy::Policy;
use ram_policy::lint::{LintScope, lint};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for scope in [LintScope::Account, LintScope::ResourceGroup] {
        for finding in lint(text, &[&ram_cr::Service], scope) {
            // Rendering a finding must not panic either.
            let _ = format!("{finding:?}");
        }
    }
    match Policy::parse(text) {
        Ok(policy) => {
            let canonical = policy.to_canonical_string();
            let again = match Policy::parse(&canonical) {
                Ok(again) => again,
                Err(e) => panic!(
                    "the canonical text of a parsed policy does not parse: {e}\n\
                     input: {text:?}\ncanonical: {canonical}"
                ),
            };
            assert_eq!(
                again, policy,
                "the canonical text parses back different\ninput: {text:?}\ncanonical: {canonical}"
            );
            assert_eq!(
                again.to_canonical_string(),
                canonical,
                "to_canonical_string is not a fixed point\ninput: {text:?}"
            );
            let _ = lint(&canonical, &[&ram_cr::Service], LintScope::Account);
        }
        Err(errors) => {
            // Error messages carry positions computed from the text: rendering must not panic.
            let _ = errors.to_string();
        }
    }
});
