//! The one placeholder normalizer in front of the ARN parser.
//!
//! Vendor pages spell an ARN parameter in many ways (`$regionid`, `{regionid}`, `${region-id}`,
//! `[region]`, `<regionid>`). Each known spelling is a row of [`SPELLINGS`]; the normalizer
//! rewrites every one of them to the canonical `$name` and refuses what it cannot name
//! (`%s`, an unclosed brace, a stray bracket), so that no spelling ever reaches the spec as
//! literal text.

use crate::ArnError;

/// One way of writing a parameter: the text that opens it and the text that closes it. An empty
/// `close` means the name ends at the first character that cannot be part of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    /// The opening text (`${`).
    pub open: &'static str,
    /// The closing text (`}`), or empty for `$name`.
    pub close: &'static str,
}

/// Every parameter spelling the vendor's pages use, longest opening first so that `${` is tried
/// before `$` and `{`.
pub const SPELLINGS: &[Spelling] = &[
    // `$\{regionName\}`: a Markdown escape kept inside a code span, where it is not read.
    Spelling {
        open: "$\\{",
        close: "\\}",
    },
    Spelling {
        open: "${",
        close: "}",
    },
    // `{#regionId}`: a DITA key reference left in the Markdown export of the vendor's pages.
    Spelling {
        open: "{#",
        close: "}",
    },
    Spelling {
        open: "{",
        close: "}",
    },
    Spelling {
        open: "[",
        close: "]",
    },
    Spelling {
        open: "<",
        close: ">",
    },
    Spelling {
        open: "$",
        close: "",
    },
];

/// Characters that only ever belong to a placeholder spelling; one left over after the known
/// spellings were rewritten is a spelling the normalizer cannot name.
pub const PLACEHOLDER_CHARACTERS: &[char] = &['{', '}', '[', ']', '<', '>', '%'];

/// The character that joins two parameters inside one segment (`$storeInstanceId%$topic`).
pub const JOIN: char = '%';

/// Characters that separate the segments of an ARN; a placeholder never spans one.
const SEPARATORS: &[char] = &[':', '/'];

/// Whether `c` may appear in a parameter name. `-` is allowed in the documented spelling
/// (`${region-id}`) and becomes `_` in the canonical one, which must be a code-like name.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The canonical name of a documented one, or `None` when it is not a name at all.
fn canonical_name(name: &str) -> Option<String> {
    let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let all_name_chars = name.chars().all(is_name_char);
    (starts_with_letter && all_name_chars).then(|| name.replace('-', "_"))
}

/// The offending text that starts at `rest`: up to the next segment separator.
fn up_to_separator(rest: &str) -> &str {
    rest.find(SEPARATORS).map_or(rest, |end| &rest[..end])
}

/// The whole segment of `template` that the byte offset `at` falls in.
fn segment_around(template: &str, at: usize) -> &str {
    let start = template[..at].rfind(SEPARATORS).map_or(0, |sep| sep + 1);
    up_to_separator(&template[start..])
}

/// Rewrites every known placeholder spelling in an ARN template to the canonical `$name`.
///
/// ```
/// use ram_spec::normalize_template;
/// assert_eq!(
///     normalize_template("acs:cr:{regionid}:${account-id}:instance/[id]").unwrap(),
///     "acs:cr:$regionid:$account_id:instance/$id"
/// );
/// assert!(normalize_template("acs:cr:*:*:instance/%s").is_err());
/// ```
///
/// # Errors
///
/// [`ArnError::UnclosedPlaceholder`] for an opening without its close in the same segment and
/// [`ArnError::UnknownPlaceholder`] for a spelling no row of [`SPELLINGS`] names (`%s`, `{}`,
/// a stray bracket); both name the template and the offending text.
pub fn normalize_template(template: &str) -> Result<String, ArnError> {
    let unknown = |found: &str| ArnError::UnknownPlaceholder {
        template: template.to_owned(),
        found: found.to_owned(),
    };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    // Whether the text written last is a parameter, which a `%` may join to the next one.
    let mut after_param = false;
    while let Some(c) = rest.chars().next() {
        let Some(spelling) = SPELLINGS.iter().find(|s| rest.starts_with(s.open)) else {
            // `{storeInstanceId}%{topic}` (Message Queue): a `%` between two parameters joins
            // them inside one segment ([`crate::Segment::Joined`]); anywhere else it is the
            // `%s` of a format string and unknown.
            let joins = c == JOIN
                && after_param
                && SPELLINGS
                    .iter()
                    .any(|s| rest[c.len_utf8()..].starts_with(s.open));
            after_param = false;
            if joins {
                out.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            if PLACEHOLDER_CHARACTERS.contains(&c) {
                let found: String = std::iter::once(c)
                    .chain(
                        rest[c.len_utf8()..]
                            .chars()
                            .take_while(|c| is_name_char(*c)),
                    )
                    .collect();
                return Err(unknown(&found));
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        let after_open = &rest[spelling.open.len()..];
        let (name, consumed) = if spelling.close.is_empty() {
            let end = after_open
                .find(|c: char| !is_name_char(c))
                .unwrap_or(after_open.len());
            (&after_open[..end], spelling.open.len() + end)
        } else {
            let segment = up_to_separator(after_open);
            let Some(end) = segment.find(spelling.close) else {
                return Err(ArnError::UnclosedPlaceholder {
                    template: template.to_owned(),
                    found: format!("{}{segment}", spelling.open),
                });
            };
            let consumed = spelling.open.len() + end + spelling.close.len();
            (&after_open[..end], consumed)
        };
        let glued =
            !spelling.close.is_empty() && rest[consumed..].chars().next().is_some_and(is_name_char);
        match canonical_name(name) {
            // `{a}b` is a parameter glued to literal text; rewritten it would read as the
            // other parameter `$ab`, so it is refused as the mixed segment it is.
            Some(_) if glued => {
                let at = template.len() - rest.len();
                return Err(ArnError::MixedSegment(
                    segment_around(template, at).to_owned(),
                ));
            }
            Some(name) => {
                out.push('$');
                out.push_str(&name);
                after_param = true;
            }
            // A bare `$` without a name is left to the parser, which reports it as a bad
            // parameter of its segment.
            None if spelling.close.is_empty() => out.push_str(&rest[..consumed]),
            None => return Err(unknown(&rest[..consumed])),
        }
        rest = &rest[consumed..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_spelling_becomes_dollar_name() {
        let cases = [
            (
                "acs:cr:{regionid}:{accountid}:instance/[id]",
                "acs:cr:$regionid:$accountid:instance/$id",
            ),
            (
                "acs:dfs:${region-id}:${account-id}:filesystem/${file-system-id}",
                "acs:dfs:$region_id:$account_id:filesystem/$file_system_id",
            ),
            (
                "acs:ots:[region]:[user_id]:instance/[instance_name]/table/*",
                "acs:ots:$region:$user_id:instance/$instance_name/table/*",
            ),
            (
                "acs:cr:<regionid>:<accountid>:repository/<instanceid>/*",
                "acs:cr:$regionid:$accountid:repository/$instanceid/*",
            ),
            (
                "acs:cr:$regionid:$accountid:repository/$instanceid",
                "acs:cr:$regionid:$accountid:repository/$instanceid",
            ),
            (
                "acs:mq:*:*:{storeInstanceId}%{topic}",
                "acs:mq:*:*:$storeInstanceId%$topic",
            ),
        ];
        for (documented, canonical) in cases {
            assert_eq!(
                normalize_template(documented).as_deref(),
                Ok(canonical),
                "{documented}"
            );
        }
    }

    #[test]
    fn spellings_it_cannot_name_are_errors_naming_the_text() {
        let found = |text: &str| match normalize_template(text) {
            Err(
                ArnError::UnknownPlaceholder { template, found }
                | ArnError::UnclosedPlaceholder { template, found },
            ) => {
                assert_eq!(template, text);
                found
            }
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(found("acs:cr:*:*:instance/%s"), "%s");
        assert_eq!(found("acs:slb:*:*:certificate/%"), "%");
        assert_eq!(found("acs:cr:{regionid:*:instance/x"), "{regionid");
        assert_eq!(found("acs:cr:*:*:instance/{}"), "{}");
        assert_eq!(found("acs:cr:*:*:instance/[a b]"), "[a b]");
        assert_eq!(found("acs:cr:*:*:instance/x]"), "]");
        assert_eq!(found("acs:mq:*:*:{a}%b"), "%b");
        assert_eq!(found("acs:mq:*:*:a%{b}"), "%");
        assert!(matches!(
            normalize_template("acs:cr:*:*:instance/[id"),
            Err(ArnError::UnclosedPlaceholder { .. })
        ));
    }

    #[test]
    fn a_placeholder_glued_to_text_is_a_mixed_segment_not_another_name() {
        assert_eq!(
            normalize_template("acs:cr:*:*:instance/{id}x/y"),
            Err(ArnError::MixedSegment("{id}x".into()))
        );
        assert_eq!(
            normalize_template("acs:cr:*:*:a/[id]-b"),
            Err(ArnError::MixedSegment("[id]-b".into()))
        );
    }

    #[test]
    fn a_bare_dollar_is_left_for_the_parser() {
        assert_eq!(
            normalize_template("acs:cr:*:*:repository/$").as_deref(),
            Ok("acs:cr:*:*:repository/$")
        );
    }
}
