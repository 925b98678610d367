//! Service-agnostic runtime pieces that generated RAM bindings build on.
//!
//! Generated bindings (see the `ram-macros` crate) refer to this crate by absolute path
//! (`::ram_core::...`), so that nothing here is regenerated per service: the access-level enum,
//! the [`Operation`] and [`Authorizer`] traits, ARN parsing for typed ARNs, wildcard matching,
//! and did-you-mean suggestions.

pub mod arn;
pub mod glob;
pub mod wildcard;

use std::fmt;

pub use ram_spec::AccessLevel;

/// Re-exports for generated code; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// A typed resource a generated operation is authorized against: a typed ARN, or
/// [`AnyResource`] for operations authorized against `*`.
pub trait Resource: fmt::Display {
    /// The pattern form of the resource, for policies (a typed ARN pattern, or `*`).
    type Pattern: fmt::Display;
}

/// The resource `*`, for operations that are not authorized at resource level.
///
/// ```
/// assert_eq!(ram_core::AnyResource.to_string(), "*");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct AnyResource;

impl fmt::Display for AnyResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*")
    }
}

impl Resource for AnyResource {
    type Pattern = Self;
}

/// What a policy engine needs to know of the authorization model of the services it covers:
/// one service (the generated `Service` of a bindings crate) or many (the catalog of every
/// spec). Names are borrowed from the catalog, so that a catalog built at run time from spec
/// files can answer without leaking or copying them; Actions are matched ASCII
/// case-insensitively, as RAM matches them.
pub trait Catalog {
    /// Whether the catalog describes the service with this code (`cr`, any ASCII case).
    fn covers(&self, service: &str) -> bool;

    /// Whether a known Action supports resource-group-level authorization; `None` when the
    /// catalog does not know the Action (or the documentation does not say).
    fn action_supports_resource_groups(&self, action: &str) -> Option<bool>;

    /// Whether a resource ARN is of a type that supports resource groups.
    fn resource_supports_resource_groups(&self, resource: &str) -> bool;

    /// Every known Action, with its service prefix.
    fn actions(&self) -> Vec<&str>;

    /// What the catalog knows of an Action (matched case-insensitively), for linting and
    /// least-privilege generation; `None` when unknown.
    fn action_info(&self, action: &str) -> Option<ActionInfo<'_>> {
        let _ = action;
        None
    }

    /// Where the vendor's own policies use an Action that no authorization table lists
    /// (`page:line`, the first of them), matched case-insensitively; `None` for a documented
    /// or unknown Action.
    fn undocumented_action(&self, action: &str) -> Option<&str> {
        let _ = action;
        None
    }

    /// The undocumented Actions a pattern matches: the vendor's policies use them, no table
    /// lists them.
    fn undocumented_matching(&self, pattern: &str) -> Vec<&str> {
        let _ = pattern;
        Vec::new()
    }

    /// What the vendor says of a service code the catalog has no spec of: its name in the
    /// vendor's index of services that support RAM, or a page of its own policies that uses
    /// the code; `None` when neither knows it (or the catalog carries no index).
    fn service_evidence(&self, service: &str) -> Option<String> {
        let _ = service;
        None
    }

    /// Every service code the catalog, the vendor's index and its own policies know, for
    /// suggestions; empty when the catalog carries no index, so that an unknown code cannot be
    /// told from a known one.
    fn known_service_codes(&self) -> Vec<&str> {
        Vec::new()
    }

    /// The condition keys a service's pages document (`oss:Prefix`), when they document any;
    /// `None` when the catalog does not know the service or its pages list no condition keys.
    fn condition_keys(&self, service: &str) -> Option<Vec<&str>> {
        let _ = service;
        None
    }

    /// Every documented ARN template's text.
    fn templates(&self) -> Vec<&str> {
        Vec::new()
    }

    /// The documented ARN templates of one service (its code in any ASCII case): by default
    /// the [`Catalog::templates`] whose service segment is that code.
    fn service_templates(&self, service: &str) -> Vec<&str> {
        self.templates()
            .into_iter()
            .filter(|t| {
                t.split(':')
                    .nth(1)
                    .is_some_and(|s| s.eq_ignore_ascii_case(service))
            })
            .collect()
    }

    /// Whether the resources a template names are of a type that supports resource groups.
    fn template_supports_resource_groups(&self, template: &str) -> bool {
        let _ = template;
        false
    }
}

/// A reference to a catalog is a catalog, so that `&dyn Catalog` works where `C: Catalog` is
/// asked for.
impl<T: Catalog + ?Sized> Catalog for &T {
    fn covers(&self, service: &str) -> bool {
        (**self).covers(service)
    }

    fn action_supports_resource_groups(&self, action: &str) -> Option<bool> {
        (**self).action_supports_resource_groups(action)
    }

    fn resource_supports_resource_groups(&self, resource: &str) -> bool {
        (**self).resource_supports_resource_groups(resource)
    }

    fn actions(&self) -> Vec<&str> {
        (**self).actions()
    }

    fn action_info(&self, action: &str) -> Option<ActionInfo<'_>> {
        (**self).action_info(action)
    }

    fn templates(&self) -> Vec<&str> {
        (**self).templates()
    }

    fn service_templates(&self, service: &str) -> Vec<&str> {
        (**self).service_templates(service)
    }

    fn template_supports_resource_groups(&self, template: &str) -> bool {
        (**self).template_supports_resource_groups(template)
    }

    fn undocumented_action(&self, action: &str) -> Option<&str> {
        (**self).undocumented_action(action)
    }

    fn undocumented_matching(&self, pattern: &str) -> Vec<&str> {
        (**self).undocumented_matching(pattern)
    }

    fn service_evidence(&self, service: &str) -> Option<String> {
        (**self).service_evidence(service)
    }

    fn known_service_codes(&self) -> Vec<&str> {
        (**self).known_service_codes()
    }

    fn condition_keys(&self, service: &str) -> Option<Vec<&str>> {
        (**self).condition_keys(service)
    }
}

/// What a [`Catalog`] knows of one Action, borrowing its names from the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionInfo<'a> {
    /// The Action as documented, with its prefix.
    pub name: &'a str,
    /// Its access level.
    pub access_level: AccessLevel,
    /// Whether the level was inferred from the name's verb.
    pub access_level_inferred: bool,
    /// Whether it supports resource-group-level authorization; `None` when undocumented.
    pub resource_group_authorization: Option<bool>,
    /// The ARN templates its APIs are authorized against.
    pub templates: Vec<&'a str>,
    /// Whether some API of it is authorized against `*`.
    pub any_resource: bool,
    /// The APIs authorized as it.
    pub apis: Vec<&'a str>,
}

/// An API operation, as a zero-sized type the bindings generate per API. Its associated
/// `Resource` type is what makes a wrong action/resource pairing a compile error.
pub trait Operation: Copy + Default + fmt::Debug + 'static {
    /// The service's API enum.
    type Api: Copy + fmt::Display + 'static;
    /// The service's Action enum.
    type Action: Copy + fmt::Display + 'static;
    /// The typed ARN the API is authorized against, or [`AnyResource`].
    type Resource: Resource;
    /// The API.
    const API: Self::Api;
    /// The RAM Action it is authorized as.
    const ACTION: Self::Action;
    /// Its documented access level.
    const ACCESS_LEVEL: AccessLevel;
}

/// Something that decides whether a principal may perform an Action on a resource. The policy
/// engine implements it; application code calls [`Authorizer::check`] with a typed operation,
/// so that only a resource of the operation's own ARN type is accepted.
///
/// ```
/// use ram_core::{AccessLevel, AnyResource, Authorizer, Operation};
///
/// #[derive(Debug, Clone, Copy, Default)]
/// struct ListThings;
/// impl Operation for ListThings {
///     type Api = &'static str;
///     type Action = &'static str;
///     type Resource = AnyResource;
///     const API: &'static str = "ListThings";
///     const ACTION: &'static str = "demo:ListThings";
///     const ACCESS_LEVEL: AccessLevel = AccessLevel::List;
/// }
///
/// struct AllowLists;
/// impl Authorizer for AllowLists {
///     type Principal = str;
///     type Output = bool;
///     fn authorize(&self, _who: &str, action: &str, resource: &str) -> bool {
///         action.starts_with("demo:List") && resource == "*"
///     }
/// }
///
/// assert!(AllowLists.check::<ListThings>("alice", &AnyResource));
/// ```
pub trait Authorizer {
    /// Who asks.
    type Principal: ?Sized;
    /// The answer (a decision, or a decision with its explanation).
    type Output;

    /// Decides on an untyped request.
    fn authorize(&self, principal: &Self::Principal, action: &str, resource: &str) -> Self::Output;

    /// Decides on a typed operation and a resource of its own ARN type.
    fn check<O: Operation>(
        &self,
        principal: &Self::Principal,
        resource: &O::Resource,
    ) -> Self::Output {
        self.authorize(principal, &O::ACTION.to_string(), &resource.to_string())
    }
}

/// A name that is not one of the known ones, with the closest known names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {}{}", shown(.input), did_you_mean(.suggestions))]
pub struct UnknownName {
    /// What was looked up (`action`, `api`, `arn template`).
    pub kind: &'static str,
    /// The input as given.
    pub input: String,
    /// The closest known names, best first (at most three).
    pub suggestions: Vec<&'static str>,
}

/// How many characters of an input a message shows; a longer one (a whole file read as one
/// name, say) is cut, and the message says how long it was.
const SHOWN_CHARACTERS: usize = 80;

/// The input as a message shows it, in backticks.
fn shown(input: &str) -> String {
    let length = input.chars().count();
    if length <= SHOWN_CHARACTERS {
        return format!("`{input}`");
    }
    let head: String = input.chars().take(SHOWN_CHARACTERS).collect();
    format!("`{head}…` ({length} characters)")
}

/// `; did you mean `a`?` or `; did you mean one of `a`, `b`?` for suggestions, nothing for none:
/// the tail of every "unknown name" message.
///
/// ```
/// assert_eq!(ram_core::did_you_mean(&["cr:Get*"]), "; did you mean `cr:Get*`?");
/// assert_eq!(ram_core::did_you_mean(&[]), "");
/// ```
#[must_use]
pub fn did_you_mean(suggestions: &[&str]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
            format!("; did you mean one of {}?", quoted.join(", "))
        }
    }
}

impl UnknownName {
    /// Builds the error, computing suggestions from `candidates`.
    #[must_use]
    pub fn new(
        kind: &'static str,
        input: &str,
        candidates: impl IntoIterator<Item = &'static str>,
    ) -> Self {
        Self {
            kind,
            input: input.to_owned(),
            suggestions: suggest(input, candidates),
        }
    }
}

/// The known names closest to `input` (case-insensitive Jaro-Winkler similarity of at least
/// 0.8, names that extend the input ranked first), best first, at most three.
///
/// ```
/// let names = ["cr:PullRepository", "cr:PushRepository", "cr:GetInstance"];
/// assert_eq!(ram_core::suggest("cr:PullRepo", names)[0], "cr:PullRepository");
/// assert!(ram_core::suggest("zzz", names).is_empty());
/// ```
#[must_use]
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let needle = input.to_lowercase();
    // A shared `service:` prefix says nothing about which name was meant; compare the rest.
    let split = |text: &str| -> (usize, usize) {
        text.find(':').map_or((0, 0), |colon| (colon, colon + 1))
    };
    let (needle_colon, needle_rest) = split(&needle);
    let (needle_service, needle_name) = (&needle[..needle_colon], &needle[needle_rest..]);
    // Character counts of the needle's two forms, counted once: a long input is read once here
    // rather than once for each candidate.
    let needle_chars = needle.chars().count();
    let name_chars = needle_name.chars().count();
    let mut scored: Vec<(f64, &'a str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let (colon, rest) = split(&lower);
            let (service, name) = (&lower[..colon], &lower[rest..]);
            let (a, b, a_chars) = if !needle_service.is_empty() && service == needle_service {
                (needle_name, name, name_chars)
            } else {
                (needle.as_str(), lower.as_str(), needle_chars)
            };
            // A name the input is a prefix of (`PullRepo` -> `PullRepository`) is what a
            // truncated name most likely meant.
            let extends = b.starts_with(a);
            // Jaro similarity is the mean of the matches' shares of each string and of the
            // matches in order, each at most 1: when one string has over 20 times the other's
            // characters, its share is under 0.05, so the similarity is under 0.7, gets no
            // Winkler boost, and stays under the 0.8 kept. Such a pair is dropped without
            // the measure, whose time is the product of the lengths.
            let b_chars = b.chars().count();
            if !extends && (a_chars > 20 * b_chars || b_chars > 20 * a_chars) {
                return None;
            }
            let bonus = if extends { 1.0 } else { 0.0 };
            Some((strsim::jaro_winkler(a, b) + bonus, candidate))
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// ASCII case-insensitive string equality that works in constant evaluation, for generated
/// `from_literal` functions.
///
/// ```
/// const SAME: bool = ram_core::const_eq_ignore_ascii_case("cr:GetInstance", "CR:getinstance");
/// assert!(SAME);
/// assert!(!ram_core::const_eq_ignore_ascii_case("a", "ab"));
/// ```
#[must_use]
pub const fn const_eq_ignore_ascii_case(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if !a[i].eq_ignore_ascii_case(&b[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// How many leading bytes two names share, ASCII case-insensitively, in constant evaluation:
/// the measure generated `from_literal` functions use to suggest a name when a literal is
/// unknown (`cr:PullRepo` shares the most with `cr:PullRepository`).
///
/// ```
/// const SHARED: usize = ram_core::const_shared_prefix("cr:PullRepo", "CR:PULLREPOSITORY");
/// assert_eq!(SHARED, 11);
/// ```
#[must_use]
pub const fn const_shared_prefix(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() && a[i].eq_ignore_ascii_case(&b[i]) {
        i += 1;
    }
    i
}

/// Whether a name sharing `shared` leading bytes with `input` is worth suggesting: the shared
/// part must reach past the input's `service:` prefix, since every name of the service shares
/// that and it says nothing about which one was meant.
///
/// ```
/// assert!(ram_core::const_worth_suggesting("cr:PullRepo", 4));
/// assert!(!ram_core::const_worth_suggesting("cr:Zzz", 3));
/// ```
#[must_use]
pub const fn const_worth_suggesting(input: &str, shared: usize) -> bool {
    let bytes = input.as_bytes();
    let mut colon = 0;
    while colon < bytes.len() && bytes[colon] != b':' {
        colon += 1;
    }
    // Without a colon the whole input is the name part.
    let name_start = if colon < bytes.len() { colon + 1 } else { 0 };
    shared > name_start
}

/// The size of the buffer `const_unknown_name` writes its message into: room for the kind, an
/// input cut to [`SHOWN_CHARACTERS`] characters of up to four bytes, a suggestion and the words.
const CONST_MESSAGE_BYTES: usize = 1024;

/// Appends `text` to `buffer` from `at`, stopping before a character that does not fit, and
/// returns the new end.
const fn const_append(buffer: &mut [u8; CONST_MESSAGE_BYTES], at: usize, text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    let mut i = 0;
    while i < bytes.len() && end < CONST_MESSAGE_BYTES {
        buffer[end] = bytes[i];
        end += 1;
        i += 1;
    }
    end
}

/// Fails constant evaluation with the message a `FromStr` error would give: the kind, the
/// literal in backticks (cut as [`UnknownName`] cuts it) and the suggestion, if any. Generated
/// `from_literal` functions call it, so that `const A: Action = Action::from_literal("cr:PullRepo")`
/// fails the build with ``unknown action `cr:PullRepo`; did you mean `cr:PullRepository`?``.
///
/// # Panics
///
/// Always; in a constant this is a compile error.
pub const fn const_unknown_name(kind: &str, input: &str, suggestion: Option<&str>) -> ! {
    let mut buffer = [0u8; CONST_MESSAGE_BYTES];
    let mut end = const_append(&mut buffer, 0, "unknown ");
    end = const_append(&mut buffer, end, kind);
    end = const_append(&mut buffer, end, " `");
    // Cut the input after `SHOWN_CHARACTERS` characters, at a character boundary (a byte that
    // does not continue a UTF-8 sequence starts a character).
    let bytes = input.as_bytes();
    let (mut i, mut characters) = (0, 0);
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            if characters == SHOWN_CHARACTERS {
                break;
            }
            characters += 1;
        }
        if end < CONST_MESSAGE_BYTES {
            buffer[end] = bytes[i];
            end += 1;
        }
        i += 1;
    }
    if i < bytes.len() {
        end = const_append(&mut buffer, end, "…` (cut)");
    } else {
        end = const_append(&mut buffer, end, "`");
    }
    if let Some(name) = suggestion {
        end = const_append(&mut buffer, end, "; did you mean `");
        end = const_append(&mut buffer, end, name);
        end = const_append(&mut buffer, end, "`?");
    }
    let (message, _) = buffer.split_at(end);
    match core::str::from_utf8(message) {
        Ok(message) => panic!("{}", message),
        // Unreachable: only whole characters are copied. Still no wrong message.
        Err(_) => panic!("unknown name"),
    }
}

/// Implements `serde` both ways through `Display` and `FromStr`, for generated types that are
/// written as strings (enums of names, typed ARNs).
#[doc(hidden)]
#[macro_export]
macro_rules! __string_serde {
    ($ty:ty) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err($crate::__private::serde::de::Error::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_unknown_name_is_cut_in_its_message() {
        let long = "x".repeat(100_000);
        let message = super::UnknownName::new("api", &long, ["ListInstance"]).to_string();
        assert!(message.len() < 200, "{message}");
        assert!(message.ends_with("…` (100000 characters)"), "{message}");
        let short = super::UnknownName::new("api", "ListInstanse", ["ListInstance"]).to_string();
        assert_eq!(
            short,
            "unknown api `ListInstanse`; did you mean `ListInstance`?"
        );
    }

    /// The message a constant-evaluation failure would show, taken from the same function
    /// called at run time.
    fn const_message(kind: &str, input: &str, suggestion: Option<&str>) -> String {
        let caught =
            std::panic::catch_unwind(|| super::const_unknown_name(kind, input, suggestion));
        match caught {
            Err(payload) => payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default(),
        }
    }

    #[test]
    fn a_constant_lookup_names_the_literal_and_its_suggestion() {
        assert_eq!(
            const_message("action", "cr:PullRepo", Some("cr:PullRepository")),
            "unknown action `cr:PullRepo`; did you mean `cr:PullRepository`?"
        );
        assert_eq!(
            const_message("action", "cr:Zzz", None),
            "unknown action `cr:Zzz`"
        );
        // A long literal of multi-byte characters is cut at a character, after 80 of them.
        let long = "é".repeat(300);
        let message = const_message("action", &long, None);
        assert_eq!(
            message,
            format!("unknown action `{}…` (cut)", "é".repeat(80))
        );
    }

    #[test]
    fn a_suggestion_must_share_more_than_the_service_prefix() {
        let shared = super::const_shared_prefix("cr:PullRepo", "cr:PushRepository");
        assert_eq!(shared, 5);
        assert!(super::const_worth_suggesting("cr:PullRepo", shared));
        assert!(!super::const_worth_suggesting("cr:PullRepo", 3));
        // Without a service prefix any shared character counts.
        assert!(super::const_worth_suggesting("Pull", 1));
        assert!(!super::const_worth_suggesting("Pull", 0));
    }

    use super::*;

    /// `suggest` as it was before pairs of very different lengths were dropped unmeasured.
    fn suggest_measuring_all<'a>(input: &str, candidates: &[&'a str]) -> Vec<&'a str> {
        let needle = input.to_lowercase();
        let split = |text: &str| -> (String, String) {
            match text.split_once(':') {
                Some((service, name)) => (service.to_owned(), name.to_owned()),
                None => (String::new(), text.to_owned()),
            }
        };
        let (needle_service, needle_name) = split(&needle);
        let mut scored: Vec<(f64, &'a str)> = candidates
            .iter()
            .map(|&candidate| {
                let lower = candidate.to_lowercase();
                let (service, name) = split(&lower);
                let (a, b) = if !needle_service.is_empty() && service == needle_service {
                    (needle_name.as_str(), name.as_str())
                } else {
                    (needle.as_str(), lower.as_str())
                };
                let bonus = if b.starts_with(a) { 1.0 } else { 0.0 };
                (strsim::jaro_winkler(a, b) + bonus, candidate)
            })
            .filter(|(score, _)| *score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(3).map(|(_, name)| name).collect()
    }

    #[test]
    fn suggestions_are_the_same_without_measuring_far_lengths() {
        let names = [
            "cr:PullRepository",
            "cr:PushRepository",
            "cr:P",
            "cr:Pu",
            "cr:GetInstance",
            "oss:GetObject",
            "pull",
            "a",
            "cr:PullRepositoryWithAVeryLongNameIndeedThatGoesOnAndOnForMoreThanEightyCharacters",
        ];
        let mut inputs: Vec<String> = Vec::new();
        for stem in ["cr:Pull", "cr:P", "pull", "cr:", "", "oss:Get", "a", "仓é"] {
            for length in [0, 1, 2, 5, 12, 19, 20, 21, 40, 100, 400, 2000] {
                inputs.push(format!(
                    "{stem}{}",
                    "rEpOsItOrY".repeat(length / 10 + 1)[..length].to_owned()
                ));
            }
        }
        let mut suggested = 0;
        for input in &inputs {
            let expected = suggest_measuring_all(input, &names);
            suggested += usize::from(!expected.is_empty());
            assert_eq!(suggest(input, names), expected, "{input}");
        }
        // Some inputs get suggestions, so agreeing is not only agreeing on none.
        assert!(suggested > 10, "{suggested}");
    }

    #[test]
    fn a_shared_service_prefix_does_not_make_names_close() {
        let names = [
            "cr:CancelRepoSyncTask",
            "cr:GetInstance",
            "cr:PullRepository",
        ];
        assert!(
            suggest("cr:Nope", names).is_empty(),
            "{:?}",
            suggest("cr:Nope", names)
        );
        assert_eq!(suggest("cr:GetInstanc", names), ["cr:GetInstance"]);
    }

    #[test]
    fn unknown_names_suggest_the_closest_known_names() {
        let err = UnknownName::new(
            "action",
            "cr:PullRepo",
            ["cr:PullRepository", "cr:PullChart", "cr:GetInstance"],
        );
        assert_eq!(err.suggestions[0], "cr:PullRepository");
        assert!(
            err.to_string()
                .starts_with("unknown action `cr:PullRepo`; did you mean"),
            "{err}"
        );
        let none = UnknownName::new("api", "Zzz", ["GetInstance"]);
        assert_eq!(none.to_string(), "unknown api `Zzz`");
    }
}
