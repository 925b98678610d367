//! ARN templates as the vendor documents them (`acs:cr:$regionid:$accountid:repository/$instanceid`),
//! parsed into structure so that every identifier derived from them comes from code-like names.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ident::{words_of, words_to_snake};
use crate::placeholder::{JOIN, normalize_template};

/// One slot of an ARN template: the region, the account, or one path segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// `*`: the vendor's wildcard, any value.
    Wildcard,
    /// `$name`: a parameter the user fills in; the name is kept as documented, without the `$`.
    Param(String),
    /// Fixed text, possibly empty (a global service leaves the region empty).
    Literal(String),
    /// Parts joined by `%` inside one segment (Message Queue's `$storeInstanceId%$topic`): two
    /// or more, none of them joined again, the first and last parameters.
    Joined(Vec<Segment>),
}

impl Segment {
    /// The parameter names of the segment, in order (a joined segment has several).
    #[must_use]
    pub fn params(&self) -> Vec<&str> {
        match self {
            Self::Param(name) => vec![name.as_str()],
            Self::Joined(parts) => parts.iter().flat_map(Self::params).collect(),
            Self::Wildcard | Self::Literal(_) => Vec::new(),
        }
    }

    fn parse(text: &str) -> Result<Self, ArnError> {
        if text.contains(JOIN) {
            let parts = text
                .split(JOIN)
                .map(Self::parse_part)
                .collect::<Result<Vec<_>, _>>()?;
            let ends_are_params = matches!(parts.first(), Some(Self::Param(_)))
                && matches!(parts.last(), Some(Self::Param(_)));
            return if ends_are_params {
                Ok(Self::Joined(parts))
            } else {
                Err(ArnError::MixedSegment(text.to_owned()))
            };
        }
        Self::parse_part(text)
    }

    fn parse_part(text: &str) -> Result<Self, ArnError> {
        if text == "*" {
            return Ok(Self::Wildcard);
        }
        if let Some(name) = text.strip_prefix('$') {
            let mut chars = name.chars();
            let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
            return if valid {
                Ok(Self::Param(name.to_owned()))
            } else {
                Err(ArnError::BadParameter(text.to_owned()))
            };
        }
        if text.contains('$') || text.contains('*') {
            return Err(ArnError::MixedSegment(text.to_owned()));
        }
        if text.chars().any(char::is_whitespace) {
            return Err(ArnError::Whitespace(text.to_owned()));
        }
        Ok(Self::Literal(text.to_owned()))
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Wildcard => f.write_str("*"),
            Self::Param(name) => write!(f, "${name}"),
            Self::Literal(text) => f.write_str(text),
            Self::Joined(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        write!(f, "{JOIN}")?;
                    }
                    write!(f, "{part}")?;
                }
                Ok(())
            }
        }
    }
}

/// The structure of an ARN template: `acs:<service>:<region>:<account>:<type>/<path>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArnStructure {
    /// The service code, for example `cr`.
    pub service: String,
    /// The region slot.
    pub region: Segment,
    /// The account slot.
    pub account: Segment,
    /// The resource-type prefix (`repository`), or `None` for the whole-service form `...:*`.
    pub resource_type: Option<String>,
    /// The path segments after the resource type (or the lone `*` of the whole-service form).
    pub path: Vec<Segment>,
}

/// Why a text is not an ARN template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// The text does not start with `acs:`.
    #[error("an arn starts with `acs:`, found `{0}`")]
    NotAnArn(String),
    /// Fewer than five `:`-separated parts.
    #[error(
        "an arn has five `:`-separated parts (`acs:service:region:account:resource`), found `{0}`"
    )]
    TooFewParts(String),
    /// The service part is empty or not a code.
    #[error("the service part `{0}` is not a service code")]
    BadService(String),
    /// Nothing after the account.
    #[error("the arn has no resource part after the account")]
    EmptyResource,
    /// The resource type is a parameter or a wildcard.
    #[error("the resource type `{0}` is not a literal name")]
    BadResourceType(String),
    /// An empty path segment (`a//b` or a trailing `/`).
    #[error("the resource path has an empty segment")]
    EmptySegment,
    /// `$` not followed by a name.
    #[error("`{0}` is not a parameter name")]
    BadParameter(String),
    /// Literal text and a parameter or wildcard in one segment.
    #[error("the segment `{0}` mixes literal text with a parameter or a wildcard")]
    MixedSegment(String),
    /// Whitespace inside an ARN.
    #[error("the segment `{0}` contains whitespace")]
    Whitespace(String),
    /// A placeholder spelling the normalizer cannot name (`%s`, `{}`, a stray bracket).
    #[error(
        "`{template}` spells a parameter as `{found}`, which is not a known placeholder spelling"
    )]
    UnknownPlaceholder {
        /// The template as documented.
        template: String,
        /// The offending text.
        found: String,
    },
    /// A placeholder opened and not closed within its segment (`{regionid:`).
    #[error("`{template}` opens the placeholder `{found}` without closing it")]
    UnclosedPlaceholder {
        /// The template as documented.
        template: String,
        /// The offending text, from the opening to the end of its segment.
        found: String,
    },
}

impl ArnStructure {
    /// Parses a documented ARN template. Every known placeholder spelling is first rewritten
    /// to `$name` by [`normalize_template`], so `{regionid}` and `$regionid` give the same
    /// structure, and a spelling it cannot name is an error rather than literal text.
    ///
    /// ```
    /// use ram_spec::{ArnStructure, Segment};
    /// let arn = ArnStructure::parse("acs:cr:$regionid:$accountid:instance/$instanceid").unwrap();
    /// assert_eq!(arn.resource_type.as_deref(), Some("instance"));
    /// assert_eq!(arn.path, vec![Segment::Param("instanceid".into())]);
    /// assert_eq!(arn.to_string(), "acs:cr:$regionid:$accountid:instance/$instanceid");
    /// ```
    ///
    /// # Errors
    ///
    /// Returns an [`ArnError`] that names the part of the text that is wrong.
    pub fn parse(text: &str) -> Result<Self, ArnError> {
        Self::parse_canonical(&normalize_template(text)?)
    }

    /// Parses a template whose placeholders are already spelled `$name`.
    fn parse_canonical(text: &str) -> Result<Self, ArnError> {
        let Some(rest) = text.strip_prefix("acs:") else {
            return Err(ArnError::NotAnArn(text.to_owned()));
        };
        let parts: Vec<&str> = rest.splitn(4, ':').collect();
        let [service, region, account, resource] = parts.as_slice() else {
            return Err(ArnError::TooFewParts(text.to_owned()));
        };
        let service_ok = !service.is_empty()
            && service
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !service_ok {
            return Err(ArnError::BadService((*service).to_owned()));
        }
        // A region or account is never joined: a `%` there is refused as a bad parameter.
        let region = Segment::parse_part(region)?;
        let account = Segment::parse_part(account)?;
        if resource.is_empty() {
            return Err(ArnError::EmptyResource);
        }
        let (resource_type, path) = if *resource == "*" {
            (None, vec![Segment::Wildcard])
        } else if !resource.contains('/') && resource.starts_with('$') {
            // A resource that is a parameter alone, or parameters joined by `%` (Message
            // Queue's `acs:mq:*:*:$mqttInstanceId`, `…:$storeInstanceId%$topic`): no type.
            match Segment::parse(resource)? {
                segment @ (Segment::Param(_) | Segment::Joined(_)) => (None, vec![segment]),
                _ => return Err(ArnError::BadResourceType((*resource).to_owned())),
            }
        } else {
            let mut pieces = resource.split('/');
            let head = pieces.next().unwrap_or_default();
            match Segment::parse(head)? {
                Segment::Literal(name) if !name.is_empty() => {
                    let path = pieces
                        .map(|piece| {
                            if piece.is_empty() {
                                Err(ArnError::EmptySegment)
                            } else {
                                Segment::parse(piece)
                            }
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    (Some(name), path)
                }
                _ => return Err(ArnError::BadResourceType(head.to_owned())),
            }
        };
        Ok(Self {
            service: (*service).to_owned(),
            region,
            account,
            resource_type,
            path,
        })
    }

    /// The parameters of the template, in order of appearance, each once.
    #[must_use]
    pub fn params(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let all = [&self.region, &self.account].into_iter().chain(&self.path);
        for name in all.flat_map(Segment::params) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    /// A deterministic snake_case name derived from the structure alone, never from prose.
    ///
    /// The name is the resource type followed by the stem of the last parameter (`$instanceid`
    /// gives `instance`), with the words the two share said once, `all` for a trailing `*`, and
    /// `container` for a resource type without a path.
    /// `vocabulary` holds the code-like words of the service that split glued lowercase names
    /// (`chartnamespacename` -> `chart namespace`).
    ///
    /// ```
    /// use ram_spec::ArnStructure;
    /// let vocab = ["chart", "namespace", "repository", "instance"];
    /// let name = |t: &str| ArnStructure::parse(t).unwrap().derived_name(&vocab);
    /// assert_eq!(name("acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename"), "chart_namespace");
    /// assert_eq!(name("acs:cr:$regionid:$accountid:repository/$instanceid/*"), "repository_instance_all");
    /// assert_eq!(name("acs:cr:$regionid:$accountid:*"), "all");
    /// assert_eq!(name("acs:kms:$region:$account:key"), "key_container");
    /// ```
    #[must_use]
    pub fn derived_name(&self, vocabulary: &[&str]) -> String {
        let Some(resource_type) = &self.resource_type else {
            // A resource without type is named by its parameters (`$mqttInstanceId` ->
            // `mqtt_instance`, `$storeInstanceId%$topic` -> `store_instance_topic`).
            let words: Vec<String> = self
                .path
                .iter()
                .flat_map(Segment::params)
                .flat_map(|name| param_stem(name, vocabulary))
                .collect();
            return if words.is_empty() {
                "all".to_owned()
            } else {
                words_to_snake(&words)
            };
        };
        let prefix = words_of(resource_type, vocabulary);
        let mut words = prefix.clone();
        let trailing_wildcard = matches!(self.path.last(), Some(Segment::Wildcard));
        let named = self
            .path
            .iter()
            .rev()
            .find(|segment| !matches!(segment, Segment::Wildcard));
        let stem = match named {
            Some(Segment::Param(name)) => param_stem(name, vocabulary),
            Some(Segment::Literal(text)) => words_of(text, vocabulary),
            _ => Vec::new(),
        };
        if stem.starts_with(&prefix) {
            words = stem;
        } else {
            words.extend(stem);
        }
        if trailing_wildcard {
            words.push("all".to_owned());
        }
        // A resource type without a path (`acs:kms:$region:$account:key`) is the container
        // of that type's resources, which list and create operations act on.
        if self.path.is_empty() {
            words.push("container".to_owned());
        }
        words_to_snake(&words)
    }
}

/// The words of a parameter name without its `id`/`name`/`no` suffix (`chartnamespacename` ->
/// `chart`, `namespace`).
#[must_use]
pub fn param_stem(name: &str, vocabulary: &[&str]) -> Vec<String> {
    let mut words = words_of(name, vocabulary);
    if words.len() > 1
        && matches!(
            words.last().map(String::as_str),
            Some("id" | "name" | "no" | "ids" | "names")
        )
    {
        words.pop();
    }
    words
}

/// The code-like words of a set of templates: their resource types and the stems of their
/// parameters. [`ArnStructure::derived_name`] splits glued names with it.
///
/// ```
/// use ram_spec::{vocabulary, ArnStructure};
/// let t = ArnStructure::parse("acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename").unwrap();
/// let vocab = vocabulary([&t]);
/// assert!(vocab.contains(&"chart".to_owned()) && vocab.contains(&"chartnamespace".to_owned()));
/// ```
pub fn vocabulary<'a>(templates: impl IntoIterator<Item = &'a ArnStructure>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for template in templates {
        if let Some(resource_type) = &template.resource_type {
            out.extend(words_of(resource_type, &[]));
        }
        for param in template.params() {
            let words = words_of(param, &[]);
            if let [single] = words.as_slice() {
                let stem = ["id", "name"]
                    .iter()
                    .find_map(|suffix| single.strip_suffix(suffix).filter(|s| !s.is_empty()))
                    .unwrap_or(single);
                out.push(stem.to_owned());
            } else {
                out.extend(words);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

impl fmt::Display for ArnStructure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "acs:{}:{}:{}:", self.service, self.region, self.account)?;
        if let Some(resource_type) = &self.resource_type {
            f.write_str(resource_type)?;
            for segment in &self.path {
                write!(f, "/{segment}")?;
            }
            Ok(())
        } else {
            let mut first = true;
            for segment in &self.path {
                if !first {
                    f.write_str("/")?;
                }
                first = false;
                write!(f, "{segment}")?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB: &[&str] = &["chart", "repository", "instance", "namespace"];

    fn name(text: &str) -> String {
        ArnStructure::parse(text).unwrap().derived_name(VOCAB)
    }

    #[test]
    fn derives_every_cr_template_name_from_structure() {
        let cases = [
            ("acs:cr:$regionid:$accountid:*", "all"),
            (
                "acs:cr:$regionid:$accountid:instance/$instanceid",
                "instance",
            ),
            (
                "acs:cr:$regionid:$accountid:repository/$instanceid/*",
                "repository_instance_all",
            ),
            (
                "acs:cr:$regionid:$accountid:repository/$instanceid",
                "repository_instance",
            ),
            (
                "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/*",
                "repository_namespace_all",
            ),
            (
                "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname",
                "repository",
            ),
            (
                "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename",
                "repository_namespace",
            ),
            (
                "acs:cr:$regionid:$accountid:chart/$instanceid/*",
                "chart_instance_all",
            ),
            (
                "acs:cr:$regionid:$accountid:chart/$instanceid",
                "chart_instance",
            ),
            (
                "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename/*",
                "chart_namespace_all",
            ),
            (
                "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename",
                "chart_namespace",
            ),
            (
                "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename/$chartrepositoryname",
                "chart_repository",
            ),
        ];
        for (template, expected) in cases {
            assert_eq!(name(template), expected, "{template}");
        }
    }

    #[test]
    fn camel_case_parameters_split_without_vocabulary() {
        let arn = ArnStructure::parse("acs:ecs:$regionid:$accountid:keypair/$keypairName").unwrap();
        assert_eq!(arn.derived_name(&[]), "keypair");
        let arn = ArnStructure::parse("acs:ecs:$regionid:$accountid:instance/$diskId").unwrap();
        assert_eq!(arn.derived_name(&[]), "instance_disk");
    }

    #[test]
    fn round_trips_through_display() {
        for text in [
            "acs:cr:*:*:repository/$instanceid/*",
            "acs:ram::$accountid:role/$roleName",
            "acs:cr:$regionid:$accountid:*",
            "acs:ecs:*:$accountid:snapshot/*",
        ] {
            assert_eq!(ArnStructure::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_malformed_templates_with_the_reason() {
        let err = |text: &str| ArnStructure::parse(text).unwrap_err();
        assert!(matches!(
            err("(Optional) acs:ecs:*:*:x"),
            ArnError::NotAnArn(_)
        ));
        assert_eq!(
            err("acs:ecs:$regionid:$accountid:"),
            ArnError::EmptyResource
        );
        assert!(matches!(err("acs:ecs:$regionid"), ArnError::TooFewParts(_)));
        assert!(matches!(
            err("acs:ecs:$regionid:$accountid:$resourceType/$resourceId"),
            ArnError::BadResourceType(_)
        ));
        assert!(matches!(
            err("acs:cr:*:*:repository/a$b"),
            ArnError::MixedSegment(_)
        ));
        assert_eq!(err("acs:cr:*:*:repository//x"), ArnError::EmptySegment);
        assert!(matches!(
            err("acs:cr:*:*:repository/$"),
            ArnError::BadParameter(_)
        ));
        assert!(matches!(err("acs:CR:*:*:x"), ArnError::BadService(_)));
    }

    #[test]
    fn other_placeholder_spellings_parse_as_parameters_not_literals() {
        let arn = ArnStructure::parse("acs:cr:{regionid}:{accountid}:instance/[id]").unwrap();
        assert_eq!(arn.region, Segment::Param("regionid".into()));
        assert_eq!(arn.account, Segment::Param("accountid".into()));
        assert_eq!(arn.path, vec![Segment::Param("id".into())]);
        assert_eq!(arn.to_string(), "acs:cr:$regionid:$accountid:instance/$id");
        assert_eq!(
            arn,
            ArnStructure::parse("acs:cr:$regionid:$accountid:instance/$id").unwrap()
        );
    }

    #[test]
    fn a_printf_placeholder_is_an_error_naming_template_and_text() {
        let err = ArnStructure::parse("acs:cr:*:*:instance/%s").unwrap_err();
        assert_eq!(
            err,
            ArnError::UnknownPlaceholder {
                template: "acs:cr:*:*:instance/%s".into(),
                found: "%s".into(),
            }
        );
        assert_eq!(
            err.to_string(),
            "`acs:cr:*:*:instance/%s` spells a parameter as `%s`, which is not a known placeholder spelling"
        );
    }

    #[test]
    fn every_short_spelling_parses_back_equal_from_its_display() {
        // Every resource segment of up to four characters from an alphabet of placeholder
        // punctuation, name characters and a multi-byte letter: parsing never panics, and what
        // parses displays as text that parses back to the same structure.
        let alphabet = ['{', '}', '[', ']', '<', '>', '%', '$', 'a', '-', '*', 'é'];
        let mut segments = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = segments
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            segments.extend(longer);
        }
        segments.dedup();
        for segment in &segments {
            let text = format!("acs:cr:{segment}:*:thing/{segment}");
            if let Ok(structure) = ArnStructure::parse(&text) {
                let shown = structure.to_string();
                assert_eq!(
                    ArnStructure::parse(&shown).as_ref(),
                    Ok(&structure),
                    "{text}"
                );
                assert!(
                    !shown.contains(['{', '}', '[', ']', '<', '>', '%']),
                    "{text} -> {shown}"
                );
            }
        }
    }

    #[test]
    fn lists_parameters_once_in_order() {
        let arn = ArnStructure::parse(
            "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename/$chartrepositoryname",
        )
        .unwrap();
        assert_eq!(
            arn.params(),
            [
                "regionid",
                "accountid",
                "instanceid",
                "chartnamespacename",
                "chartrepositoryname"
            ]
        );
    }

    /// Message Queue's resources: a parameter alone (no resource type) and two parameters joined
    /// by `%` in one segment; both print back as written and are named by their parameters.
    #[test]
    fn typeless_and_joined_resources() {
        let alone = ArnStructure::parse("acs:mq:*:*:{mqttInstanceId}").unwrap();
        assert_eq!(alone.resource_type, None);
        assert_eq!(alone.path, vec![Segment::Param("mqttInstanceId".into())]);
        assert_eq!(alone.to_string(), "acs:mq:*:*:$mqttInstanceId");
        assert_eq!(alone.derived_name(&[]), "mqtt_instance");
        let joined = ArnStructure::parse("acs:mq:*:*:{storeInstanceId}%{topic}").unwrap();
        assert_eq!(
            joined.path,
            vec![Segment::Joined(vec![
                Segment::Param("storeInstanceId".into()),
                Segment::Param("topic".into())
            ])]
        );
        assert_eq!(joined.to_string(), "acs:mq:*:*:$storeInstanceId%$topic");
        assert_eq!(joined.params(), ["storeInstanceId", "topic"]);
        assert_eq!(joined.derived_name(&[]), "store_instance_topic");
        assert_eq!(
            ArnStructure::parse("acs:mq:*:*:*")
                .unwrap()
                .derived_name(&[]),
            "all"
        );
        // A join needs a parameter on each side, a typeless resource is one segment, and a
        // region or account is never joined.
        assert!(matches!(
            ArnStructure::parse("acs:mq:*:*:$a%b"),
            Err(ArnError::UnknownPlaceholder { .. })
        ));
        assert!(ArnStructure::parse("acs:mq:*:*:$a/$b").is_err());
        assert!(ArnStructure::parse("acs:mq:{a}%{b}:*:topic/$t").is_err());
    }
}
