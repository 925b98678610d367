//! Compiles the checked-in `generated/cr/bindings.rs` (under the same strict lints the bindings
//! promise: no warnings, documented items, clippy pedantic) and checks that it holds the same
//! data as the macro expansion.

#![deny(warnings, missing_docs)]
#![warn(clippy::pedantic)]

/// The checked-in file, compiled as a module.
#[allow(
    dead_code,
    reason = "a test binary exports nothing; the library crate exports these items"
)]
mod checked_in {
    include!("../../../generated/cr/bindings.rs");
}

#[test]
fn the_checked_in_file_holds_what_the_macro_expands_to() {
    let names = |all: &[checked_in::Action]| all.iter().map(|a| a.as_str()).collect::<Vec<_>>();
    let macro_names: Vec<&str> = ram_cr::Action::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(names(&checked_in::Action::ALL), macro_names);
    for (file, expanded) in checked_in::Api::ALL.iter().zip(ram_cr::Api::ALL) {
        assert_eq!(file.as_str(), expanded.as_str());
        assert_eq!(file.action().as_str(), expanded.action().as_str());
        assert_eq!(file.access_level(), expanded.access_level());
        assert_eq!(
            file.resource_template()
                .map(checked_in::ArnTemplate::as_str),
            expanded
                .resource_template()
                .map(ram_cr::ArnTemplate::as_str)
        );
    }
}
