//! Differential: `ram_core::wildcard::matches(pattern, text, ignore_case)` must agree with a
//! plain dynamic-programming matcher written here from the documented semantics: `*` matches
//! any run of characters (empty included, `/` and `:` included), `?` exactly one character,
//! anything else itself; with `ignore_case`, two characters are equal when their
//! `char::to_lowercase` sequences are.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// The characters the small-alphabet inputs are drawn from: wildcards, separators, ASCII
/// letters in both cases, and characters whose lowercase forms are special (`İ` lowercases to
/// two characters, `K` (Kelvin sign) to `k`, `ß` has no lowercase change, `Σ`/`σ`/`ς`).
const ALPHABET: &[char] = &[
    '*', '?', 'a', 'A', 'b', 'B', '/', ':', '*', '?', 'k', 'K', '\u{212A}', 'i', 'I', '\u{130}',
    '\u{307}', 'ß', 'Σ', 'σ', 'ς', '名', '\u{0}', 'a',
];

#[derive(Debug, Arbitrary)]
enum Input<'a> {
    /// Any strings.
    Raw {
        pattern: String,
        text: String,
        ignore_case: bool,
    },
    /// Strings over [`ALPHABET`], where wildcards and case folding are dense.
    Small {
        pattern: &'a [u8],
        text: &'a [u8],
        ignore_case: bool,
    },
}

fn small(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()])
        .collect()
}

fn char_eq(p: char, t: char, ignore_case: bool) -> bool {
    p == t || (ignore_case && p.to_lowercase().eq(t.to_lowercase()))
}

/// The reference: `m[j]` is whether the pattern's first `i` characters match the text's first
/// `j` characters, one pattern character per row.
fn reference(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let t: Vec<char> = text.chars().collect();
    let mut m = vec![false; t.len() + 1];
    m[0] = true;
    for p in pattern.chars() {
        let mut next = vec![false; t.len() + 1];
        match p {
            '*' => {
                // Any run: reachable from any earlier reachable position.
                let mut any = false;
                for j in 0..=t.len() {
                    any |= m[j];
                    next[j] = any;
                }
            }
            '?' => {
                for j in 1..=t.len() {
                    next[j] = m[j - 1];
                }
            }
            c => {
                for j in 1..=t.len() {
                    next[j] = m[j - 1] && char_eq(c, t[j - 1], ignore_case);
                }
            }
        }
        m = next;
    }
    m[t.len()]
}

fuzz_target!(|input: Input<'_>| {
    let (pattern, text, ignore_case) = match input {
        Input::Raw {
            pattern,
            text,
            ignore_case,
        } => (pattern, text, ignore_case),
        Input::Small {
            pattern,
            text,
            ignore_case,
        } => (small(pattern), small(text), ignore_case),
    };
    let expected = reference(&pattern, &text, ignore_case);
    let actual = ram_core::wildcard::matches(&pattern, &text, ignore_case);
    assert_eq!(
        actual, expected,
        "wildcard::matches({pattern:?}, {text:?}, {ignore_case}) = {actual}, the reference says {expected}"
    );
    // The two public wrappers are the two flags.
    if ignore_case {
        assert_eq!(ram_core::wildcard::matches_action(&pattern, &text), actual);
    } else {
        assert_eq!(
            ram_core::wildcard::matches_resource(&pattern, &text),
            actual
        );
    }
});
