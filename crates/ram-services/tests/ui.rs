//! Compile-pass cases for the typed bindings of services beside `cr`, and compile-fail cases,
//! with pinned compiler output, for misuse across and within services.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
