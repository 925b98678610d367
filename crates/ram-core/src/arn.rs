//! Parsing ARNs against the shape of a documented template, for generated typed ARNs.

use std::fmt;
use std::str::FromStr;

use crate::glob::Glob;
use crate::wildcard;

/// One slot of a template's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapePart {
    /// A parameter, named by the typed ARN's field (`instance`).
    Param(&'static str),
    /// Fixed text.
    Literal(&'static str),
    /// The template's own `*`.
    Wildcard,
    /// Parts joined by [`JOIN`] inside one path segment (Message Queue's
    /// `$storeInstanceId%$topic`); none of them joined again.
    Joined(&'static [ShapePart]),
}

/// The character that joins the parts of a [`ShapePart::Joined`] segment.
pub const JOIN: char = '%';

/// The shape of an ARN template: `acs:<service>:<region>:<account>:<type>/<path>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The service code.
    pub service: &'static str,
    /// The region slot.
    pub region: ShapePart,
    /// The account slot.
    pub account: ShapePart,
    /// The resource type, or `None` for the whole-service form.
    pub resource_type: Option<&'static str>,
    /// The path after the resource type.
    pub path: &'static [ShapePart],
}

/// Why a text is not an ARN of the expected template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid arn `{input}`: {segment}: {reason}")]
pub struct ArnParseError {
    /// The input as given.
    pub input: String,
    /// The part that is wrong (`service`, `region`, `resource type`, `namespace`, ...).
    pub segment: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

/// Why an input does not fit a shape, borrowing from the input so that checking allocates
/// nothing; [`parse`] turns it into an [`ArnParseError`].
enum Failure<'a> {
    Prefix,
    Format,
    Service(&'a str),
    EmptyValue(&'static str),
    WildcardValue(&'static str, &'a str),
    Whitespace(&'static str, &'a str),
    Separator(&'static str, &'a str),
    Literal(&'static str, &'static str, &'a str),
    Wildcard(&'static str, &'a str),
    ResourceType(&'static str, &'a str),
    Missing(&'static str, usize),
    Extra(&'a str),
    /// A value of a joined segment's part that holds the join character.
    JoinInValue(&'static str, &'a str),
    /// A joined segment split into another number of parts than the template has.
    Joined(&'a str, usize),
}

/// What is wrong with a parameter value, if anything.
fn param_failure<'a>(
    field: &'static str,
    value: &'a str,
    allow_patterns: bool,
) -> Option<Failure<'a>> {
    if value.is_empty() {
        return Some(Failure::EmptyValue(field));
    }
    if !allow_patterns && value.contains(['*', '?']) {
        return Some(Failure::WildcardValue(field, value));
    }
    if value.chars().any(char::is_whitespace) {
        return Some(Failure::Whitespace(field, value));
    }
    // A parameter is one segment: a `:` or `/` in it would make the ARN name another shape's
    // resource (the fuzzer found `acs:cr:r:a/b:…`).
    if value.contains([':', '/']) {
        return Some(Failure::Separator(field, value));
    }
    None
}

/// Walks `input` against `shape`, handing each parameter value to `on_value`.
fn walk<'a>(
    input: &'a str,
    shape: &Shape,
    allow_patterns: bool,
    mut on_value: impl FnMut(&'a str),
) -> Result<(), Failure<'a>> {
    let rest = input.strip_prefix("acs:").ok_or(Failure::Prefix)?;
    let mut parts = rest.splitn(4, ':');
    let (Some(service), Some(region), Some(account), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Failure::Format);
    };
    if service != shape.service {
        return Err(Failure::Service(service));
    }
    let mut slot =
        |part: ShapePart, value: &'a str, name: &'static str| -> Result<(), Failure<'a>> {
            match part {
                ShapePart::Param(field) => {
                    if let Some(failure) = param_failure(field, value, allow_patterns) {
                        return Err(failure);
                    }
                    on_value(value);
                    Ok(())
                }
                ShapePart::Literal(text) if text == value => Ok(()),
                ShapePart::Literal(text) => Err(Failure::Literal(name, text, value)),
                ShapePart::Wildcard if value == "*" => Ok(()),
                ShapePart::Wildcard => Err(Failure::Wildcard(name, value)),
                // Only a path segment is joined, and the walk below splits it first.
                ShapePart::Joined(_) => Err(Failure::Joined(value, 0)),
            }
        };
    slot(shape.region, region, "region")?;
    slot(shape.account, account, "account")?;
    let mut pieces = resource.split('/');
    if let Some(resource_type) = shape.resource_type {
        let found = pieces.next().unwrap_or_default();
        if found != resource_type {
            return Err(Failure::ResourceType(resource_type, found));
        }
    }
    for (i, part) in shape.path.iter().enumerate() {
        let name = match part {
            ShapePart::Param(field) => field,
            _ => "path",
        };
        let piece = pieces.next().ok_or(Failure::Missing(name, i))?;
        match part {
            ShapePart::Joined(parts) => {
                if piece.split(JOIN).count() != parts.len() {
                    return Err(Failure::Joined(piece, parts.len()));
                }
                for (joined, value) in parts.iter().zip(piece.split(JOIN)) {
                    let name = match joined {
                        ShapePart::Param(field) => field,
                        _ => "path",
                    };
                    slot(*joined, value, name)?;
                }
            }
            _ => slot(*part, piece, name)?,
        }
    }
    match pieces.next() {
        Some(extra) => Err(Failure::Extra(extra)),
        None => Ok(()),
    }
}

/// Parses `input` against `shape` and returns the parameter values in order of appearance.
/// With `allow_patterns`, values may contain `*` and `?`.
///
/// ```
/// use ram_core::arn::{parse, Shape, ShapePart};
/// const SHAPE: Shape = Shape {
///     service: "cr",
///     region: ShapePart::Param("region"),
///     account: ShapePart::Param("account"),
///     resource_type: Some("instance"),
///     path: &[ShapePart::Param("instance")],
/// };
/// assert_eq!(parse("acs:cr:cn-hangzhou:123:instance/cri-1", &SHAPE, false).unwrap(), ["cn-hangzhou", "123", "cri-1"]);
/// let err = parse("acs:cr:cn-hangzhou:123:chart/cri-1", &SHAPE, false).unwrap_err();
/// assert_eq!(err.segment, "resource type");
/// ```
///
/// # Errors
///
/// An [`ArnParseError`] naming the first part that does not fit.
pub fn parse(
    input: &str,
    shape: &Shape,
    allow_patterns: bool,
) -> Result<Vec<String>, ArnParseError> {
    let mut values = Vec::new();
    walk(input, shape, allow_patterns, |value| {
        values.push(value.to_owned())
    })
    .map_err(|failure| describe(failure, input, shape))?;
    Ok(values)
}

/// The error of a failure, for people.
fn describe(failure: Failure<'_>, input: &str, shape: &Shape) -> ArnParseError {
    let (segment, reason) = match failure {
        Failure::Prefix => ("prefix", "an arn starts with `acs:`".to_owned()),
        Failure::Format => (
            "format",
            "expected `acs:service:region:account:resource`".to_owned(),
        ),
        Failure::Service(found) => (
            "service",
            format!("expected `{}`, found `{found}`", shape.service),
        ),
        Failure::EmptyValue(field) => (field, "is empty".to_owned()),
        Failure::WildcardValue(field, value) => (
            field,
            format!("`{value}` contains a wildcard; use the pattern type for patterns"),
        ),
        Failure::Whitespace(field, value) => (field, format!("`{value}` contains whitespace")),
        Failure::Separator(field, value) => (field, format!("`{value}` contains `:` or `/`")),
        Failure::JoinInValue(field, value) => (
            field,
            format!("`{value}` contains `{JOIN}`, which joins the parts of its segment"),
        ),
        Failure::Literal(name, text, value) => {
            (name, format!("expected `{text}`, found `{value}`"))
        }
        Failure::Wildcard(name, value) => (name, format!("expected `*`, found `{value}`")),
        Failure::ResourceType(expected, found) => (
            "resource type",
            format!("expected `{expected}`, found `{found}`"),
        ),
        Failure::Missing(name, i) => (
            name,
            format!(
                "missing (the template has {} path segments, found {i})",
                shape.path.len()
            ),
        ),
        Failure::Extra(extra) => ("path", format!("unexpected extra segment `{extra}`")),
        Failure::Joined(piece, parts) => (
            "path",
            format!("`{piece}` is not {parts} parts joined by `{JOIN}`"),
        ),
    };
    ArnParseError {
        input: input.to_owned(),
        segment,
        reason,
    }
}

/// Checks one typed-ARN parameter value as parsing checks it: not empty, no wildcard, no
/// whitespace, no `:` or `/`.
///
/// ```
/// assert!(ram_core::arn::check_param("instance", "cri-1").is_ok());
/// assert_eq!(ram_core::arn::check_param("instance", "x/y").unwrap_err().segment, "instance");
/// ```
///
/// # Errors
///
/// An [`ArnParseError`] naming the field.
pub fn check_param(field: &'static str, value: &str) -> Result<(), ArnParseError> {
    check_value(field, value, false)
}

/// [`check_param`] for a parameter that is one part of a joined segment
/// ([`ShapePart::Joined`]): its value holds no [`JOIN`] either, which would move the parts.
///
/// ```
/// assert!(ram_core::arn::check_joined_param("topic", "orders").is_ok());
/// assert_eq!(ram_core::arn::check_joined_param("topic", "a%b").unwrap_err().segment, "topic");
/// ```
///
/// # Errors
///
/// An [`ArnParseError`] naming the field.
pub fn check_joined_param(field: &'static str, value: &str) -> Result<(), ArnParseError> {
    check_value(field, value, true)
}

fn check_value(field: &'static str, value: &str, joined: bool) -> Result<(), ArnParseError> {
    // The shape only words messages about whole ARNs; a lone value never reaches them.
    const NO_SHAPE: Shape = Shape {
        service: "",
        region: ShapePart::Wildcard,
        account: ShapePart::Wildcard,
        resource_type: None,
        path: &[],
    };
    let failure = param_failure(field, value, false)
        .or_else(|| (joined && value.contains(JOIN)).then_some(Failure::JoinInValue(field, value)));
    match failure {
        Some(failure) => Err(describe(failure, value, &NO_SHAPE)),
        None => Ok(()),
    }
}

/// Whether `input` fits `shape`, as [`parse`] would accept it, without allocating.
///
/// ```
/// use ram_core::arn::{fits, Shape, ShapePart};
/// const SHAPE: Shape = Shape {
///     service: "cr",
///     region: ShapePart::Param("region"),
///     account: ShapePart::Param("account"),
///     resource_type: Some("instance"),
///     path: &[ShapePart::Param("instance")],
/// };
/// assert!(fits("acs:cr:cn-hangzhou:123:instance/cri-1", &SHAPE, false));
/// assert!(!fits("acs:cr:cn-hangzhou:123:instance/*", &SHAPE, false));
/// ```
#[must_use]
pub fn fits(input: &str, shape: &Shape, allow_patterns: bool) -> bool {
    walk(input, shape, allow_patterns, |_| {}).is_ok()
}

/// Whether some resource named by `template` (a documented template, `$param` standing for any
/// non-empty value without `/` or `:`) matches the policy resource `pattern` (`*` any run of
/// characters, `?` one character, case-sensitive). This is the intersection of two regular
/// languages, decided exactly by [`Glob::intersects_pattern`].
///
/// ```
/// use ram_core::arn::pattern_can_match;
/// let repo = "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname";
/// assert!(pattern_can_match("acs:cr:*:*:repository/cri-1/*", repo));
/// assert!(pattern_can_match("*", repo));
/// assert!(!pattern_can_match("acs:cr:*:*:chart/*", repo));
/// assert!(!pattern_can_match("acs:cr:*:*:repository/a/b", repo));
/// ```
#[must_use]
pub fn pattern_can_match(pattern: &str, template: &str) -> bool {
    // The template's glob is built and the pattern read through: a Resource can be long.
    Glob::template(template).intersects_pattern(pattern)
}

/// One parameter of a typed ARN pattern: `*` (any value) or a value that may itself contain
/// the wildcards `*` and `?`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Part {
    /// `*`: any value.
    #[default]
    Any,
    /// A value or a wildcard pattern of values.
    Value(String),
}

impl Part {
    /// Whether a concrete value fits, case-sensitively.
    #[must_use]
    pub fn matches(&self, value: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Value(pattern) => wildcard::matches_resource(pattern, value),
        }
    }
}

impl From<&str> for Part {
    fn from(value: &str) -> Self {
        if value == "*" {
            Self::Any
        } else {
            Self::Value(value.to_owned())
        }
    }
}

impl From<String> for Part {
    fn from(value: String) -> Self {
        if value == "*" {
            Self::Any
        } else {
            Self::Value(value)
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any => f.write_str("*"),
            Self::Value(value) => f.write_str(value),
        }
    }
}

impl FromStr for Part {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPO: Shape = Shape {
        service: "cr",
        region: ShapePart::Param("region"),
        account: ShapePart::Param("account"),
        resource_type: Some("repository"),
        path: &[
            ShapePart::Param("instance"),
            ShapePart::Param("namespace"),
            ShapePart::Param("repository"),
        ],
    };

    fn err(input: &str) -> (String, String) {
        let e = parse(input, &REPO, false).unwrap_err();
        (e.segment.to_owned(), e.reason)
    }

    #[test]
    fn says_which_segment_is_wrong() {
        assert_eq!(err("arn:cr:r:a:repository/i/n/r").0, "prefix");
        assert_eq!(err("acs:cr:r:a").0, "format");
        assert_eq!(
            err("acs:ecs:r:a:repository/i/n/r").1,
            "expected `cr`, found `ecs`"
        );
        assert_eq!(
            err("acs:cr::a:repository/i/n/r"),
            ("region".into(), "is empty".into())
        );
        assert_eq!(err("acs:cr:r:a:repository/i/n").0, "repository");
        assert_eq!(
            err("acs:cr:r:a:repository/i/n/r/x").1,
            "unexpected extra segment `x`"
        );
        assert_eq!(err("acs:cr:r:a:repository/i/*/r").0, "namespace");
        assert_eq!(
            err("acs:cr:r:a/b:repository/i/n/r"),
            ("account".into(), "`a/b` contains `:` or `/`".into())
        );
        assert_eq!(err("acs:cr:r:a:repository/i/n/r:x").0, "repository");
    }

    #[test]
    fn patterns_may_hold_wildcards() {
        let values = parse("acs:cr:*:*:repository/i/team-*/*", &REPO, true).unwrap();
        assert_eq!(values, ["*", "*", "i", "team-*", "*"]);
        assert!(Part::from("team-*").matches("team-a"));
        assert!(!Part::from("team-*").matches("other"));
        assert!(Part::Any.matches("x"));
    }

    #[test]
    fn patterns_and_templates_intersect_exactly() {
        let repo =
            "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname";
        let instance = "acs:cr:$regionid:$accountid:instance/$instanceid";
        let all_in_instance = "acs:cr:$regionid:$accountid:repository/$instanceid/*";
        assert!(pattern_can_match(
            "acs:cr:cn-*:123:repository/cri-?/team/web",
            repo
        ));
        assert!(
            !pattern_can_match("acs:cr:*:*:repository/cri-1/team", repo),
            "too few segments"
        );
        assert!(!pattern_can_match("acs:cr:*:*:instance/*", repo));
        assert!(pattern_can_match("acs:cr:*:*:instance/*", instance));
        assert!(
            !pattern_can_match("acs:cr:*:*:instance/a/b", instance),
            "a parameter holds no `/`"
        );
        assert!(
            !pattern_can_match("acs:cr:a:b:c:instance/x", instance),
            "a region holds no `:`"
        );
        assert!(pattern_can_match(
            "acs:cr:*:*:repository/cri-1/*",
            all_in_instance
        ));
        assert!(
            !pattern_can_match("acs:cr:*:*:repository/cri-1/x", all_in_instance),
            "the template's `*` is literal"
        );
        assert!(!pattern_can_match(
            "acs:cr:*:*:repository/cri-1/",
            all_in_instance
        ));
        assert!(
            !pattern_can_match("acs:cr:*:*:repository//x/y", repo),
            "a parameter is not empty"
        );
    }

    #[test]
    fn literal_and_wildcard_slots_must_be_exact() {
        const ALL: Shape = Shape {
            service: "cr",
            region: ShapePart::Param("region"),
            account: ShapePart::Literal(""),
            resource_type: None,
            path: &[ShapePart::Wildcard],
        };
        assert_eq!(parse("acs:cr:r::*", &ALL, false).unwrap(), ["r"]);
        assert_eq!(
            parse("acs:cr:r::x", &ALL, false).unwrap_err().reason,
            "expected `*`, found `x`"
        );
        assert_eq!(
            parse("acs:cr:r:1:*", &ALL, false).unwrap_err().segment,
            "account"
        );
    }

    const JOINED: Shape = Shape {
        service: "mq",
        region: ShapePart::Wildcard,
        account: ShapePart::Wildcard,
        resource_type: None,
        path: &[ShapePart::Joined(&[
            ShapePart::Param("store_instance"),
            ShapePart::Param("topic"),
        ])],
    };

    /// A joined segment takes exactly its parts, each checked as a parameter; a value of a part
    /// may not hold the join, which would move the parts.
    #[test]
    fn joined_segments_split_into_their_parts() {
        assert_eq!(
            parse("acs:mq:*:*:MQ_INST_1%orders", &JOINED, false).unwrap(),
            ["MQ_INST_1", "orders"]
        );
        let err = parse("acs:mq:*:*:MQ_INST_1", &JOINED, false).unwrap_err();
        assert_eq!(
            (err.segment, err.reason.as_str()),
            ("path", "`MQ_INST_1` is not 2 parts joined by `%`")
        );
        assert!(parse("acs:mq:*:*:a%b%c", &JOINED, false).is_err());
        assert!(parse("acs:mq:*:*:a%", &JOINED, false).is_err());
        assert_eq!(
            parse("acs:mq:*:*:MQ_*%ord?rs", &JOINED, true).unwrap(),
            ["MQ_*", "ord?rs"]
        );
        assert!(check_joined_param("topic", "a%b").is_err());
        assert!(check_param("topic", "a%b").is_ok());
    }
}
