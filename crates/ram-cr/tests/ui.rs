//! Compile-pass cases for correct use of the typed bindings, and compile-fail cases, with
//! pinned compiler output, for every kind of misuse the types exist to prevent.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
