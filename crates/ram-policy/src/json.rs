//! Strict JSON with positions: every value knows where it starts, and objects keep duplicate
//! keys so that they can be reported. Parsing is `jsonc-parser` with every extension off.

use std::fmt;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// The value.
    pub kind: Kind,
    /// Byte offset of its first character.
    pub offset: usize,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in order, duplicates kept.
    Object(Vec<Member>),
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key.
    pub key: String,
    /// Byte offset of the key.
    pub key_offset: usize,
    /// The value.
    pub value: Json,
}

impl Json {
    /// A short name of the value's kind, for messages (`a string`, `an array`).
    #[must_use]
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Null => "`null`".to_owned(),
            Kind::Bool(b) => format!("`{b}`"),
            Kind::Number(n) => format!("the number `{n}`"),
            Kind::String(s) => format!("`{s}`"),
            Kind::Array(_) => "an array".to_owned(),
            Kind::Object(_) => "an object".to_owned(),
        }
    }

    /// The string, if the value is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The members, if the value is an object.
    #[must_use]
    pub fn members(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(members) => Some(members),
            _ => None,
        }
    }

    /// Converts to a `serde_json` value (the last of duplicate keys wins).
    #[must_use]
    pub fn to_value(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
            Kind::String(s) => serde_json::Value::String(s.clone()),
            Kind::Array(items) => {
                serde_json::Value::Array(items.iter().map(Self::to_value).collect())
            }
            Kind::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.clone(), m.value.to_value()))
                    .collect(),
            ),
        }
    }
}

/// A position in a text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Position {
    /// The position of a byte offset in `text`.
    #[must_use]
    pub fn of(text: &str, offset: usize) -> Self {
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Self { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Malformed JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: invalid json: {message}")]
pub struct SyntaxError {
    /// Where.
    pub position: Position,
    /// What the parser says.
    pub message: String,
}

/// Parses strict JSON (no comments, trailing commas or other extensions).
///
/// ```
/// let json = ram_policy::json::parse("{\"a\": [1, \"x\"]}").unwrap();
/// assert_eq!(json.members().unwrap()[0].key, "a");
/// assert!(ram_policy::json::parse("{\"a\": 1,}").is_err());
/// ```
///
/// # Errors
///
/// A [`SyntaxError`] with its line and column; an empty text is one too.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
            SyntaxError {
                position: Position {
                    line: e.line_display(),
                    column: e.column_display(),
                },
                message: lowercase_first(&e.kind().to_string()),
            }
        })?;
    match parsed.value {
        Some(value) => Ok(convert(&value)),
        None => Err(SyntaxError {
            position: Position { line: 1, column: 1 },
            message: "the text is empty".to_owned(),
        }),
    }
}

fn convert(value: &Value<'_>) -> Json {
    match value {
        Value::NullKeyword(n) => Json {
            kind: Kind::Null,
            offset: n.range.start,
        },
        Value::BooleanLit(b) => Json {
            kind: Kind::Bool(b.value),
            offset: b.range.start,
        },
        Value::NumberLit(n) => Json {
            kind: Kind::Number(n.value.to_owned()),
            offset: n.range.start,
        },
        Value::StringLit(s) => Json {
            kind: Kind::String(s.value.clone().into_owned()),
            offset: s.range.start,
        },
        Value::Array(a) => Json {
            kind: Kind::Array(a.elements.iter().map(convert).collect()),
            offset: a.range.start,
        },
        Value::Object(o) => Json {
            kind: Kind::Object(
                o.properties
                    .iter()
                    .map(|p| {
                        let (key, key_offset) = match &p.name {
                            ObjectPropName::String(s) => {
                                (s.value.clone().into_owned(), s.range.start)
                            }
                            ObjectPropName::Word(w) => (w.value.to_owned(), w.range.start),
                        };
                        Member {
                            key,
                            key_offset,
                            value: convert(&p.value),
                        }
                    })
                    .collect(),
            ),
            offset: o.range.start,
        },
    }
}

/// The parser's sentences start with a capital; messages here are lowercase.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// Escapes a key for a JSON pointer (RFC 6901).
#[must_use]
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let text = "{\n  \"名前\": 1\n}";
        let json = parse(text).unwrap();
        let member = &json.members().unwrap()[0];
        assert_eq!(
            Position::of(text, member.key_offset),
            Position { line: 2, column: 3 }
        );
        assert_eq!(
            Position::of(text, member.value.offset),
            Position { line: 2, column: 9 }
        );
    }

    #[test]
    fn duplicate_keys_are_kept_and_extensions_refused() {
        let json = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(json.members().unwrap().len(), 2);
        for bad in ["{\"a\": 1 // c\n}", "{'a': 1}", "[1,]", "{a: 1}", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let err = parse("{\n  \"a\": tru\n}").unwrap_err();
        assert_eq!(err.position.line, 2, "{err}");
    }

    #[test]
    fn pointers_escape_slash_and_tilde() {
        assert_eq!(pointer_escape("a/b~c"), "a~1b~0c");
    }
}
