//! ARN parsing never panics and round-trips:
//!
//! - `ram_core::arn::parse` against the shape of every `ram_cr::ArnTemplate`, exact and as a
//!   pattern; an exact ARN is also a pattern, `ArnTemplate::fits` agrees with the pattern
//!   parse, and `ram_core::arn::pattern_can_match` says the template can name a resource the
//!   ARN (pattern) matches whenever the ARN fits the template's shape;
//! - every typed ARN of `ram_cr::arn` (and its `…Pattern` twin): `FromStr` accepts exactly what
//!   the shape parse accepts, `Display` writes the input back, and the result parses back equal;
//! - `ram_spec::ArnStructure::parse` and its `Display` round trip.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ram_cr::ArnTemplate;
use ram_cr::arn;

/// Checks one typed ARN type and its pattern twin against `text`.
macro_rules! typed {
    ($text:expr, $($ty:ident / $pattern:ident),+ $(,)?) => {$({
        let text: &str = $text;
        let shape_exact = ram_core::arn::parse(text, &arn::$ty::SHAPE, false);
        match text.parse::<arn::$ty>() {
            Ok(value) => {
                assert!(shape_exact.is_ok(), "{} accepts what its shape rejects: {text:?}", stringify!($ty));
                let shown = value.to_string();
                assert_eq!(shown, text, "{} Display does not write the ARN back", stringify!($ty));
                assert_eq!(shown.parse::<arn::$ty>().ok(), Some(value.clone()), "{} round trip", stringify!($ty));
                assert!(value.to_pattern().matches(&value), "{}: to_pattern does not match its ARN {text:?}", stringify!($ty));
                let pattern: arn::$pattern = match text.parse() {
                    Ok(p) => p,
                    Err(e) => panic!("{} parses {text:?} but {} does not: {e}", stringify!($ty), stringify!($pattern)),
                };
                assert!(pattern.matches(&value), "{} parsed from {text:?} does not match the ARN", stringify!($pattern));
            }
            Err(e) => {
                assert!(shape_exact.is_err(), "{} rejects what its shape accepts: {text:?}", stringify!($ty));
                let _ = e.to_string();
            }
        }
        let shape_pattern = ram_core::arn::parse(text, &arn::$ty::SHAPE, true);
        match text.parse::<arn::$pattern>() {
            Ok(pattern) => {
                assert!(shape_pattern.is_ok());
                let shown = pattern.to_string();
                assert_eq!(shown, text, "{} Display does not write the pattern back", stringify!($pattern));
                assert_eq!(shown.parse::<arn::$pattern>().ok(), Some(pattern), "{} round trip", stringify!($pattern));
            }
            Err(_) => assert!(shape_pattern.is_err()),
        }
    })+};
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };

    for template in ArnTemplate::ALL {
        let shape = template.shape();
        let exact = ram_core::arn::parse(text, shape, false);
        let pattern = ram_core::arn::parse(text, shape, true);
        if let Ok(values) = &exact {
            assert_eq!(
                pattern.as_ref().ok(),
                Some(values),
                "{template}: an exact ARN must also parse as a pattern, with the same values"
            );
        }
        assert_eq!(template.fits(text), pattern.is_ok(), "{template}: fits");
        // Bound the intersection search (pairs of positions) to keep executions fast.
        if text.len() <= 256 {
            let can_match = ram_core::arn::pattern_can_match(text, template.as_str());
            if pattern.is_ok() {
                assert!(
                    can_match,
                    "{text:?} fits the shape of `{template}` (values {pattern:?}) but \
                     pattern_can_match says no resource of the template matches it"
                );
            }
        }
    }
    let _ = ArnTemplate::fitting(text);

    typed!(
        text,
        All / AllPattern,
        ChartInstance / ChartInstancePattern,
        ChartNamespace / ChartNamespacePattern,
        ChartRepository / ChartRepositoryPattern,
        ChartNamespaceAll / ChartNamespaceAllPattern,
        ChartInstanceAll / ChartInstanceAllPattern,
        Instance / InstancePattern,
        RepositoryInstance / RepositoryInstancePattern,
        RepositoryNamespace / RepositoryNamespacePattern,
        Repository / RepositoryPattern,
        RepositoryNamespaceAll / RepositoryNamespaceAllPattern,
        RepositoryInstanceAll / RepositoryInstanceAllPattern,
    );

    match ram_spec::ArnStructure::parse(text) {
        Ok(structure) => {
            let shown = structure.to_string();
            match ram_spec::ArnStructure::parse(&shown) {
                Ok(again) => assert_eq!(
                    again, structure,
                    "ArnStructure round trip: {text:?} -> {shown:?}"
                ),
                Err(e) => {
                    panic!("ArnStructure {text:?} displays as {shown:?}, which does not parse: {e}")
                }
            }
            let _ = structure.params();
            let vocabulary = ram_spec::vocabulary([&structure]);
            let words: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
            let _ = structure.derived_name(&words);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
