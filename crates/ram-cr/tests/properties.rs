//! Property tests: typed ARNs round-trip through `Display`/`FromStr`, patterns built from an ARN
//! match it, and segment-wise template fitting agrees with wildcard matching.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use proptest::prelude::*;
use ram_core::arn::{Part, pattern_can_match};
use ram_core::wildcard::matches_resource;
use ram_cr::{ArnTemplate, arn};

/// A parameter value: no `/`, `:`, wildcard or whitespace, as ARN parameters are.
fn value() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9._-]{1,12}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn repository_arns_round_trip(region in value(), account in value(), instance in value(), namespace in value(), repository in value()) {
        let arn = arn::Repository::new(region, account, instance, namespace, repository);
        let text = arn.to_string();
        prop_assert_eq!(text.parse::<arn::Repository>().unwrap(), arn.clone());
        // The exact pattern matches it, and so does the pattern's text as a RAM wildcard.
        prop_assert!(arn.to_pattern().matches(&arn));
        prop_assert!(matches_resource(&arn.to_pattern().to_string(), &text));
        // It fits its own template and no template of another resource type.
        prop_assert!(ArnTemplate::Repository.fits(&text));
        prop_assert!(!ArnTemplate::ChartRepository.fits(&text));
        prop_assert!(!ArnTemplate::Instance.fits(&text));
    }

    #[test]
    fn chart_arns_round_trip(region in value(), account in value(), instance in value(), namespace in value(), repository in value()) {
        let arn = arn::ChartRepository::new(region, account, instance, namespace, repository);
        prop_assert_eq!(arn.to_string().parse::<arn::ChartRepository>().unwrap(), arn);
        let ns = arn::RepositoryNamespaceAll::new("r", "a", "i", "n");
        prop_assert_eq!(ns.to_string().parse::<arn::RepositoryNamespaceAll>().unwrap(), ns);
    }

    #[test]
    fn patterns_match_what_their_text_matches(
        instance in value(), namespace in value(), repository in value(),
        wild_namespace in any::<bool>(), wild_instance in any::<bool>(),
    ) {
        let arn = arn::Repository::new("cn-hangzhou", "1234567890", instance.clone(), namespace.clone(), repository);
        let pattern = arn::RepositoryPattern {
            instance: if wild_instance { Part::Any } else { Part::Value(instance) },
            namespace: if wild_namespace { Part::Any } else { Part::Value(namespace) },
            ..arn::RepositoryPattern::any()
        };
        // The typed pattern and the RAM wildcard of its text agree.
        prop_assert_eq!(pattern.matches(&arn), matches_resource(&pattern.to_string(), &arn.to_string()));
        prop_assert!(pattern.matches(&arn));
        // A pattern that matches an ARN of a template can match that template.
        prop_assert!(pattern_can_match(&pattern.to_string(), ArnTemplate::Repository.as_str()));
    }

    #[test]
    fn any_string_parses_or_names_a_segment(text in "(acs:cr:)?[a-z*:/-]{0,40}") {
        match text.parse::<arn::Repository>() {
            Ok(arn) => prop_assert_eq!(arn.to_string(), text),
            Err(e) => prop_assert!(!e.segment.is_empty()),
        }
    }
}
