//! A JSON-shaped tree whose every value knows where it was written in the template, and the
//! writer that turns it into JSON text with a map from JSON pointers back to those places.

use crate::Position;

/// A value of a policy document, with the template position and length (in characters) of the
/// text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it was written.
    pub at: Position,
    /// How many characters it takes there (at least 1).
    pub length: usize,
}

/// The values of a [`Node`]: JSON's, with numbers kept as written and objects keeping their
/// members in order, duplicates included (a linter reports them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as JSON writes it.
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// A node.
    #[must_use]
    pub fn new(value: Value, at: Position, length: usize) -> Self {
        Self {
            value,
            at,
            length: length.max(1),
        }
    }

    /// The member of an object by key (the first, if repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Self> {
        match &self.value {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if the value is one.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Writes the tree as indented JSON text, and the position and length of every value by its
    /// JSON pointer, in document order.
    #[must_use]
    pub fn to_json(&self) -> (String, Vec<(String, Position, usize)>) {
        let mut out = String::new();
        let mut map = Vec::new();
        let mut pointer = String::new();
        self.write(&mut out, &mut map, &mut pointer, 0);
        out.push('\n');
        (out, map)
    }

    fn write(
        &self,
        out: &mut String,
        map: &mut Vec<(String, Position, usize)>,
        pointer: &mut String,
        depth: usize,
    ) {
        map.push((pointer.clone(), self.at, self.length));
        let indent = |out: &mut String, depth: usize| {
            for _ in 0..depth {
                out.push_str("  ");
            }
        };
        match &self.value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => out.push_str(&quote(s)),
            Value::Array(items) if items.is_empty() => out.push_str("[]"),
            Value::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    let length = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    indent(out, depth + 1);
                    item.write(out, map, pointer, depth + 1);
                    pointer.truncate(length);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                indent(out, depth);
                out.push(']');
            }
            Value::Object(members) if members.is_empty() => out.push_str("{}"),
            Value::Object(members) => {
                out.push_str("{\n");
                for (i, (key, value)) in members.iter().enumerate() {
                    let length = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    indent(out, depth + 1);
                    out.push_str(&quote(key));
                    out.push_str(": ");
                    value.write(out, map, pointer, depth + 1);
                    pointer.truncate(length);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

/// A JSON string literal.
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Position {
        Position::new(line, 1)
    }

    #[test]
    fn writes_json_in_order_with_duplicates_and_a_pointer_map() {
        let tree = Node::new(
            Value::Object(vec![
                (
                    "Statement".to_owned(),
                    Node::new(
                        Value::Array(vec![Node::new(Value::String("a\"b".to_owned()), at(3), 5)]),
                        at(2),
                        1,
                    ),
                ),
                (
                    "a/b~".to_owned(),
                    Node::new(Value::Number("1".into()), at(4), 1),
                ),
                ("a/b~".to_owned(), Node::new(Value::Null, at(5), 4)),
                ("e".to_owned(), Node::new(Value::Object(vec![]), at(6), 2)),
            ]),
            at(1),
            1,
        );
        let (text, map) = tree.to_json();
        assert_eq!(
            text,
            "{\n  \"Statement\": [\n    \"a\\\"b\"\n  ],\n  \"a/b~\": 1,\n  \"a/b~\": null,\n  \"e\": {}\n}\n"
        );
        let pointers: Vec<(&str, usize)> =
            map.iter().map(|(p, at, _)| (p.as_str(), at.line)).collect();
        assert_eq!(
            pointers,
            [
                ("", 1),
                ("/Statement", 2),
                ("/Statement/0", 3),
                ("/a~1b~0", 4),
                ("/a~1b~0", 5),
                ("/e", 6)
            ]
        );
        assert_eq!(map[2].2, 5);
    }
}
