//! Inputs found by the fuzz targets of `crates/ram-fuzz`, minimized, with the behaviour they
//! broke.

use ram_core::arn::{Shape, ShapePart, parse, pattern_can_match};

/// `acs:cr:$regionid:$accountid:repository/$instanceid`, as `ram_cr::ArnTemplate` shapes it.
const REPOSITORY_INSTANCE: Shape = Shape {
    service: "cr",
    region: ShapePart::Param("region"),
    account: ShapePart::Param("account"),
    resource_type: Some("repository"),
    path: &[ShapePart::Param("instance")],
};
const REPOSITORY_INSTANCE_TEMPLATE: &str = "acs:cr:$regionid:$accountid:repository/$instanceid";

/// `acs:cr:$regionid:$accountid:instance/$instanceid`.
const INSTANCE: Shape = Shape {
    service: "cr",
    region: ShapePart::Param("region"),
    account: ShapePart::Param("account"),
    resource_type: Some("instance"),
    path: &[ShapePart::Param("instance")],
};
const INSTANCE_TEMPLATE: &str = "acs:cr:$regionid:$accountid:instance/$instanceid";

/// `arn_parse`: an ARN (or ARN pattern) that `parse` accepts against a template's shape must be
/// one that `pattern_can_match` says the template can name. `parse` accepted parameter values
/// holding the separators `/` (in the region or account) and `:` (in a path segment), which a
/// `$parameter` of the template never holds, so a typed ARN parsed from the text named a
/// resource that linting said fits no template. Minimized from
/// `acs:cr:cn-ha(gzhou:1234sitory/cri-abc/567890:repository/cri-abc/team=a/web`.
#[test]
fn a_parameter_value_holds_no_separator() {
    let cases = [
        (
            "acs:cr:g:/:repository/r",
            &REPOSITORY_INSTANCE,
            REPOSITORY_INSTANCE_TEMPLATE,
            "account",
        ),
        (
            "acs:cr:r/x:1:instance/i",
            &INSTANCE,
            INSTANCE_TEMPLATE,
            "region",
        ),
        (
            "acs:cr:r:a:instance/x:y",
            &INSTANCE,
            INSTANCE_TEMPLATE,
            "instance",
        ),
    ];
    for (input, shape, template, segment) in cases {
        for allow_patterns in [false, true] {
            let parsed = parse(input, shape, allow_patterns);
            assert!(
                !pattern_can_match(input, template),
                "no resource of `{template}` matches {input:?}"
            );
            match parsed {
                Ok(values) => panic!(
                    "{input:?} parses against `{template}` (allow_patterns: {allow_patterns}) \
                     as {values:?}, but no resource of the template matches it"
                ),
                Err(e) => assert_eq!(e.segment, segment, "{input:?}: {e}"),
            }
        }
    }
    // The same ARNs without the separators fit.
    assert!(parse("acs:cr:g:1:repository/r", &REPOSITORY_INSTANCE, false).is_ok());
    assert!(pattern_can_match(
        "acs:cr:g:1:repository/r",
        REPOSITORY_INSTANCE_TEMPLATE
    ));
}
