//! Properties of the glob automaton against a brute force: every string of up to four
//! characters over an alphabet with separators and multi-byte characters (`a`, `/`, `:`, `名`,
//! `😀`), matched by a plain backtracking matcher that shares no code with the automaton.
//!
//! Intersection and containment are checked both ways: an answer that can be shown by a string
//! (two globs intersect; one is not within the other) must come with a string that the plain
//! matcher confirms, and an answer that cannot (no intersection; containment) must have no
//! counterexample among the brute-forced strings.

#![allow(missing_docs)]

use proptest::prelude::*;
use ram_core::arn::pattern_can_match;
use ram_core::glob::Glob;

/// One element of a glob as the plain matcher sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `?`: one character.
    One,
    /// `*`: any run.
    Star,
    /// `$p` of a template: a non-empty run without `/` or `:`.
    Param,
}

/// A glob as text with its tokens: a pattern, or a template.
#[derive(Debug, Clone)]
struct Case {
    text: String,
    template: bool,
    tokens: Vec<Token>,
}

impl Case {
    fn glob(&self) -> Glob {
        if self.template {
            Glob::template(&self.text)
        } else {
            Glob::pattern(&self.text)
        }
    }

    fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        plain_match(&self.tokens, &chars)
    }
}

/// Backtracking over tokens and characters: slow and obviously right.
fn plain_match(tokens: &[Token], text: &[char]) -> bool {
    match tokens.split_first() {
        None => text.is_empty(),
        Some((Token::Char(c), rest)) => {
            text.first() == Some(c) && plain_match(rest, text.get(1..).unwrap_or_default())
        }
        Some((Token::One, rest)) => {
            !text.is_empty() && plain_match(rest, text.get(1..).unwrap_or_default())
        }
        Some((Token::Star, rest)) => {
            (0..=text.len()).any(|n| plain_match(rest, text.get(n..).unwrap_or_default()))
        }
        Some((Token::Param, rest)) => {
            let run = text.iter().take_while(|c| **c != '/' && **c != ':').count();
            (1..=run).any(|n| plain_match(rest, text.get(n..).unwrap_or_default()))
        }
    }
}

const ALPHABET: [char; 5] = ['a', '/', ':', '名', '😀'];

/// Every string of up to four characters over [`ALPHABET`].
fn strings() -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..4 {
        last = last
            .iter()
            .flat_map(|s| ALPHABET.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

fn pattern() -> impl Strategy<Value = Case> {
    let token = prop_oneof![
        Just(Token::Char('a')),
        Just(Token::Char('/')),
        Just(Token::Char('名')),
        Just(Token::Char('😀')),
        Just(Token::One),
        Just(Token::Star),
    ];
    proptest::collection::vec(token, 0..6).prop_map(|tokens| Case {
        text: tokens
            .iter()
            .map(|t| match t {
                Token::Char(c) => *c,
                Token::One => '?',
                Token::Star | Token::Param => '*',
            })
            .collect(),
        template: false,
        tokens,
    })
}

fn template() -> impl Strategy<Value = Case> {
    // A template's `*` is a literal character; `$p` is a parameter. A parameter followed by a
    // letter would read as a longer name, so every parameter is followed by a separator, a
    // multi-byte character or the end.
    let piece = prop_oneof![
        Just(vec![Token::Char('a')]),
        Just(vec![Token::Char('/')]),
        Just(vec![Token::Char(':')]),
        Just(vec![Token::Char('名')]),
        Just(vec![Token::Char('*')]),
        Just(vec![Token::Param, Token::Char('/')]),
        Just(vec![Token::Param, Token::Char(':')]),
        Just(vec![Token::Param, Token::Char('😀')]),
    ];
    (proptest::collection::vec(piece, 0..4), any::<bool>()).prop_map(|(pieces, last_param)| {
        let mut tokens: Vec<Token> = pieces.into_iter().flatten().collect();
        if last_param {
            tokens.push(Token::Param);
        }
        let text = tokens
            .iter()
            .map(|t| match t {
                Token::Char(c) => c.to_string(),
                Token::Param => "$p".to_owned(),
                Token::One | Token::Star => String::new(),
            })
            .collect();
        Case {
            text,
            template: true,
            tokens,
        }
    })
}

fn glob() -> impl Strategy<Value = Case> {
    prop_oneof![pattern(), template()]
}

fn config() -> ProptestConfig {
    let cases = std::env::var("RAM_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_automaton_matches_as_the_plain_matcher(case in glob()) {
        let glob = case.glob();
        for text in strings() {
            prop_assert_eq!(glob.matches(&text), case.matches(&text), "{:?} on {:?}", case, text);
        }
    }

    #[test]
    fn intersection_is_exact(a in glob(), b in glob()) {
        let (ga, gb) = (a.glob(), b.glob());
        match ga.common_example(&gb) {
            Some(s) => prop_assert!(a.matches(&s) && b.matches(&s), "{:?} {:?}: {:?}", a, b, s),
            None => {
                for s in strings() {
                    prop_assert!(!(a.matches(&s) && b.matches(&s)), "{:?} {:?} share {:?}", a, b, s);
                }
            }
        }
        prop_assert_eq!(ga.intersects(&gb), gb.intersects(&ga));
        if !a.template && b.template {
            prop_assert_eq!(pattern_can_match(&a.text, &b.text), ga.intersects(&gb));
        }
    }

    #[test]
    fn containment_is_exact(a in glob(), b in glob()) {
        let (ga, gb) = (a.glob(), b.glob());
        match ga.example_outside(&gb) {
            Some(s) => prop_assert!(a.matches(&s) && !b.matches(&s), "{:?} {:?}: {:?}", a, b, s),
            None => {
                for s in strings() {
                    prop_assert!(!a.matches(&s) || b.matches(&s), "{:?} not within {:?}: {:?}", a, b, s);
                }
            }
        }
        prop_assert!(ga.is_subset_of(&ga));
        prop_assert!(ga.is_subset_of(&Glob::pattern("*")));
    }
}
