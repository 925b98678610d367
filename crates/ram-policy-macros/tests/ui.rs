//! Compile-pass and compile-fail cases of `policy!`, with pinned compiler output: a correct
//! policy compiles to a `ram_policy::Policy`, every error-level lint finding is a compile error
//! at the offending string.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
