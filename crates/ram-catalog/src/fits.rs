//! Whether an ARN fits a template's structure, segment by segment.
//!
//! The typed bindings decide this with `ram_core::arn::fits` over a `Shape` of `'static`
//! names; a catalog read at run time has the spec's `ArnStructure` instead, so this walks that
//! with the same rules (pinned against the bindings by the tests of this crate).

use ram_spec::{ArnStructure, Segment};

/// Whether a parameter value is one acceptable segment: not empty, no whitespace, no `:` or
/// `/` (which would make the ARN name another shape's resource), and wildcards only in
/// patterns.
fn value_fits(value: &str, allow_patterns: bool) -> bool {
    !value.is_empty()
        && (allow_patterns || !value.contains(['*', '?']))
        && !value.chars().any(char::is_whitespace)
        && !value.contains([':', '/'])
}

fn slot_fits(segment: &Segment, value: &str, allow_patterns: bool) -> bool {
    match segment {
        Segment::Param(_) => value_fits(value, allow_patterns),
        Segment::Literal(text) => text == value,
        Segment::Wildcard => value == "*",
        // `$storeInstanceId%$topic`: as many parts as the template joins, each fitting its
        // part, as `ram_core::arn` walks a joined shape.
        Segment::Joined(parts) => {
            value.split(ram_spec::JOIN).count() == parts.len()
                && parts
                    .iter()
                    .zip(value.split(ram_spec::JOIN))
                    .all(|(part, value)| slot_fits(part, value, allow_patterns))
        }
    }
}

/// Whether `input` (an ARN, or with `allow_patterns` an ARN pattern) fits `structure`.
pub(crate) fn fits(input: &str, structure: &ArnStructure, allow_patterns: bool) -> bool {
    let Some(rest) = input.strip_prefix("acs:") else {
        return false;
    };
    let mut parts = rest.splitn(4, ':');
    let (Some(service), Some(region), Some(account), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if service != structure.service
        || !slot_fits(&structure.region, region, allow_patterns)
        || !slot_fits(&structure.account, account, allow_patterns)
    {
        return false;
    }
    let mut pieces = resource.split('/');
    if let Some(resource_type) = &structure.resource_type
        && pieces.next() != Some(resource_type.as_str())
    {
        return false;
    }
    structure.path.iter().all(|segment| {
        pieces
            .next()
            .is_some_and(|piece| slot_fits(segment, piece, allow_patterns))
    }) && pieces.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn structure(text: &str) -> ArnStructure {
        ArnStructure::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn values_stay_in_their_segment() {
        let repo = structure(
            "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename/$repositoryname",
        );
        assert!(fits(
            "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web",
            &repo,
            false
        ));
        assert!(!fits(
            "acs:cr:cn-hangzhou:1:repository/cri-1/ns",
            &repo,
            false
        ));
        assert!(!fits(
            "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web/x",
            &repo,
            false
        ));
        assert!(!fits(
            "acs:cr:cn-hangzhou:1:repository/cri-1/ns/w b",
            &repo,
            false
        ));
        assert!(!fits(
            "acs:cr:cn-hangzhou:1:chart/cri-1/ns/web",
            &repo,
            false
        ));
        assert!(!fits(
            "acs:ecs:cn-hangzhou:1:repository/cri-1/ns/web",
            &repo,
            false
        ));
        assert!(!fits(
            "acs:cr:cn-hangzhou:1:repository/cri-1/*/web",
            &repo,
            false
        ));
        assert!(fits(
            "acs:cr:cn-hangzhou:1:repository/cri-1/*/web",
            &repo,
            true
        ));
        assert!(!fits("acs:cr:r:a/b:repository/cri-1/ns/web", &repo, true));
    }

    #[test]
    fn literal_and_wildcard_slots_match_exactly() {
        let all = structure("acs:cr:*:$accountid:instance/*");
        assert!(fits("acs:cr:*:1:instance/*", &all, false));
        assert!(!fits("acs:cr:cn-hangzhou:1:instance/*", &all, false));
        assert!(!fits("acs:cr:*:1:instance/cri-1", &all, false));
    }

    /// The catalog walks a joined segment as the bindings do: as many parts as the template
    /// joins, each fitting its part.
    #[test]
    fn joined_segments_fit_part_by_part() {
        let joined = structure("acs:mq:*:*:$storeInstanceId%$topic");
        assert!(fits("acs:mq:*:*:MQ_INST_1%orders", &joined, false));
        assert!(!fits("acs:mq:*:*:MQ_INST_1", &joined, false));
        assert!(!fits("acs:mq:*:*:a%b%c", &joined, false));
        assert!(!fits("acs:mq:*:*:a%", &joined, false));
        assert!(fits("acs:mq:*:*:MQ_*%*", &joined, true));
        let alone = structure("acs:mq:*:*:$topic");
        assert!(fits("acs:mq:*:*:orders", &alone, false));
        assert!(!fits("acs:mq:*:*:topic/orders", &alone, false));
    }
}
