//! RAM wildcard matching: `*` matches any run of characters (`/` and `:` included), `?` exactly
//! one character (a Unicode scalar value, however many bytes it takes). Actions match
//! case-insensitively, resources case-sensitively.
//!
//! Case folding is ASCII only: RAM's Action names are ASCII (`service:ApiName`), and one rule
//! for every comparison of Actions (this matcher, the generated `FromStr` and `from_literal`,
//! catalog lookups, the compiled engine's index) is what keeps them from disagreeing. A
//! non-ASCII letter in an Action matches only itself.

/// Whether `text` matches `pattern`.
///
/// The classic greedy algorithm with one backtracking point (the last `*`) runs in
/// `O(pattern × text)` in the worst case and allocates nothing.
///
/// ```
/// use ram_core::wildcard::matches;
/// assert!(matches("acs:cr:*:*:repository/cri-1/*", "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web", false));
/// assert!(matches("cr:Get*", "CR:getinstance", true));
/// assert!(!matches("cr:Get?", "cr:Get", true));
/// ```
#[must_use]
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if !ignore_case && !pattern.contains('?') {
        return matches_stars(pattern, text);
    }
    matches_general(pattern, text, ignore_case)
}

/// The common case of Resource patterns: case-sensitive, `*` only. The text must start with
/// the part before the first `*`, end with the part after the last, and hold the parts in
/// between in order; taking each at its leftmost place is enough, because any later place
/// leaves less room for the rest.
fn matches_stars(pattern: &str, text: &str) -> bool {
    let (Some(first_star), Some(last_star)) = (pattern.find('*'), pattern.rfind('*')) else {
        return pattern == text;
    };
    let (head, tail) = (
        pattern.get(..first_star).unwrap_or_default(),
        pattern.get(last_star + 1..).unwrap_or_default(),
    );
    if text.len() < head.len() + tail.len() || !text.starts_with(head) || !text.ends_with(tail) {
        return false;
    }
    let Some(mut window) = text.get(head.len()..text.len() - tail.len()) else {
        return false;
    };
    let middle = pattern.get(first_star + 1..last_star).unwrap_or_default();
    for part in middle.split('*').filter(|p| !p.is_empty()) {
        match window.find(part) {
            Some(at) => window = window.get(at + part.len()..).unwrap_or_default(),
            None => return false,
        }
    }
    true
}

/// Any pattern, with `?` and optional case folding.
fn matches_general(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let eq = |p: char, t: char| p == '?' || p == t || (ignore_case && p.eq_ignore_ascii_case(&t));
    // Byte offsets into `pattern` and `text`; characters are decoded where they are read.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while let Some(tc) = text.get(t..).and_then(|rest| rest.chars().next()) {
        match pattern.get(p..).and_then(|rest| rest.chars().next()) {
            Some('*') => {
                star = Some((p + 1, t));
                p += 1;
            }
            Some(pc) if eq(pc, tc) => {
                p += pc.len_utf8();
                t += tc.len_utf8();
            }
            _ => match star {
                Some((after_star, from)) => {
                    // Let the last `*` swallow one more character and retry.
                    let next = from
                        + text
                            .get(from..)
                            .and_then(|r| r.chars().next())
                            .map_or(1, char::len_utf8);
                    p = after_star;
                    t = next;
                    star = Some((after_star, next));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.chars().all(|c| c == '*'))
}

/// Whether an Action pattern (`*`, `cr:Get*`) matches an Action, case-insensitively.
#[must_use]
pub fn matches_action(pattern: &str, action: &str) -> bool {
    matches(pattern, action, true)
}

/// Whether a Resource pattern matches a resource, case-sensitively.
#[must_use]
pub fn matches_resource(pattern: &str, resource: &str) -> bool {
    matches(pattern, resource, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(matches("*", "", false));
        assert!(matches("*", "anything/at:all", false));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
        assert!(matches("a?c", "abc", false));
        assert!(!matches("a?c", "ac", false));
        assert!(matches("**a", "a", false));
        assert!(!matches("", "a", false));
        assert!(matches("", "", false));
    }

    #[test]
    fn actions_ignore_case_and_resources_do_not() {
        assert!(matches_action("CR:PULL*", "cr:PullRepository"));
        assert!(!matches_resource(
            "acs:cr:*:*:Repository/*",
            "acs:cr:r:a:repository/x"
        ));
    }

    #[test]
    fn the_star_only_path_agrees_with_the_general_matcher() {
        let cases = [
            ("a*b*c", "aXbYc"),
            ("a*b*c", "abc"),
            ("a*b*c", "acb"),
            ("*", ""),
            ("**", "x"),
            ("a*a", "a"),
            ("a*a", "aa"),
            ("ab*ba", "aba"),
            ("*ab*ab*", "abab"),
            ("*ab*ab*", "abxab"),
            ("acs:cr:*:1:repository/*", "acs:cr:cn:1:repository/x/y"),
            ("acs:cr:*:1:repository/*", "acs:cr:cn:2:repository/x"),
            ("x", "x"),
            ("", "x"),
        ];
        for (pattern, text) in cases {
            assert_eq!(
                matches_stars(pattern, text),
                matches_general(pattern, text, false),
                "{pattern} {text}"
            );
        }
    }

    #[test]
    fn multibyte_characters_count_as_one() {
        assert!(matches("名前?", "名前空", false));
        assert!(matches("?", "😀", false));
        assert!(!matches("?", "😀😀", false));
        assert!(matches("a?b", "aéb", true));
        assert!(!matches("a??b", "aéb", true));
        assert!(matches("*名*", "x名y", false));
    }

    #[test]
    fn case_folding_is_ascii_only() {
        assert!(matches_action("CR:GETÉ", "cr:getÉ"));
        assert!(!matches_action("cr:getÉ", "cr:geté"));
        // The Kelvin sign lowercases to `k` in Unicode, but is not an ASCII `K`.
        assert!(!matches_action("cr:GetK", "cr:Get\u{212A}"));
    }
}
