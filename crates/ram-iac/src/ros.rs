//! Alibaba Cloud ROS templates, JSON or YAML: the policy properties of RAM and other resources
//! ([`PROPERTIES`]). Both formats are read into one positioned tree ([`Node`]), so the search
//! and the conversion of ROS functions are written once.

use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::{CollectOptions, ParseOptions};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::node::{Node, Value};
use crate::{
    EmbeddedPolicy, Extraction, IacError, LineIndex, Mapping, Notice, PolicyKind, Position,
};

/// The properties that hold a policy document: (resource type, property path, kind). A path
/// step `[]` goes into every element of a list (`Policies[].PolicyDocument`).
pub const PROPERTIES: &[(&str, &str, PolicyKind)] = &[
    (
        "ALIYUN::RAM::ManagedPolicy",
        "PolicyDocument",
        PolicyKind::Identity,
    ),
    (
        "ALIYUN::RAM::Role",
        "AssumeRolePolicyDocument",
        PolicyKind::Trust,
    ),
    (
        "ALIYUN::RAM::Role",
        "Policies[].PolicyDocument",
        PolicyKind::Identity,
    ),
    (
        "ALIYUN::RAM::User",
        "Policies[].PolicyDocument",
        PolicyKind::Identity,
    ),
    (
        "ALIYUN::RAM::Group",
        "Policies[].PolicyDocument",
        PolicyKind::Identity,
    ),
    (
        "ALIYUN::ResourceManager::ControlPolicy",
        "PolicyDocument",
        PolicyKind::Control,
    ),
    ("ALIYUN::OSS::Bucket", "Policy", PolicyKind::Resource),
];

/// The key that marks a ROS template.
const FORMAT_VERSION: &str = "ROSTemplateFormatVersion";

/// Whether a JSON text is a ROS template: an object with `ROSTemplateFormatVersion`.
#[must_use]
pub fn is_ros_json(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get(FORMAT_VERSION).is_some())
}

/// Finds the policies of a ROS template in JSON.
///
/// # Errors
///
/// [`IacError::Syntax`] when the text is not JSON.
pub fn extract_json(text: &str) -> Result<Extraction, IacError> {
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
            IacError::Syntax {
                at: Position::new(e.line_display(), e.column_display()),
                message: e.kind().to_string().to_lowercase(),
            }
        })?;
    let lines = LineIndex::new(text);
    let root = parsed
        .value
        .map(|v| from_json(&v, &lines, text))
        .ok_or_else(|| IacError::Syntax {
            at: Position::new(1, 1),
            message: "the template is empty".to_owned(),
        })?;
    Ok(search(&root, Vec::new()))
}

fn from_json(value: &Ast<'_>, lines: &LineIndex<'_>, text: &str) -> Node {
    let range = match value {
        Ast::NullKeyword(n) => n.range,
        Ast::BooleanLit(b) => b.range,
        Ast::NumberLit(n) => n.range,
        Ast::StringLit(s) => s.range,
        Ast::Array(a) => a.range,
        Ast::Object(o) => o.range,
    };
    let converted = match value {
        Ast::NullKeyword(_) => Value::Null,
        Ast::BooleanLit(b) => Value::Bool(b.value),
        Ast::NumberLit(n) => Value::Number(n.value.to_owned()),
        Ast::StringLit(s) => Value::String(s.value.clone().into_owned()),
        Ast::Array(a) => Value::Array(
            a.elements
                .iter()
                .map(|e| from_json(e, lines, text))
                .collect(),
        ),
        Ast::Object(o) => Value::Object(
            o.properties
                .iter()
                .map(|p| {
                    let key = match &p.name {
                        ObjectPropName::String(s) => s.value.clone().into_owned(),
                        ObjectPropName::Word(w) => w.value.to_owned(),
                    };
                    (key, from_json(&p.value, lines, text))
                })
                .collect(),
        ),
    };
    let length = text
        .get(range.start..range.end)
        .map_or(1, |s| s.chars().count());
    Node::new(converted, lines.position(range.start), length)
}

/// Finds the policies of a ROS template in YAML.
///
/// # Errors
///
/// [`IacError::Syntax`] when the text is not YAML.
pub fn extract_yaml(text: &str) -> Result<Extraction, IacError> {
    let mut builder = YamlBuilder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|e| IacError::Syntax {
            at: Position::new(e.marker().line(), e.marker().col() + 1),
            message: e.info().to_owned(),
        })?;
    let root = builder.root.ok_or_else(|| IacError::Syntax {
        at: Position::new(1, 1),
        message: "the template is empty".to_owned(),
    })?;
    let mut out = search(&root, builder.notices);
    out.notices.sort();
    Ok(out)
}

/// Builds a [`Node`] tree from the parser's events: scalars typed by YAML's core schema,
/// tags other than the core ones kept as ROS functions (`!Ref`, `!Sub` ...).
#[derive(Default)]
struct YamlBuilder {
    stack: Vec<(Node, Option<String>, Option<String>)>,
    root: Option<Node>,
    notices: Vec<Notice>,
}

impl YamlBuilder {
    fn finish(&mut self, node: Node, tag: Option<String>) {
        let node = match tag {
            Some(tag) => {
                let at = node.at;
                self.notices.push(Notice {
                    at,
                    message: format!(
                        "the ROS function `{tag}` is not evaluated here; the policy is linted with the string `${{{tag}}}` in its place"
                    ),
                });
                Node::new(Value::String(format!("${{{tag}}}")), at, node.length)
            }
            None => node,
        };
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((parent, pending_key, _)) => match &mut parent.value {
                Value::Array(items) => items.push(node),
                Value::Object(members) => match pending_key.take() {
                    Some(key) => members.push((key, node)),
                    None => {
                        *pending_key = Some(match &node.value {
                            Value::String(s) | Value::Number(s) => s.clone(),
                            Value::Bool(b) => b.to_string(),
                            Value::Null => "null".to_owned(),
                            Value::Array(_) | Value::Object(_) => {
                                self.notices.push(Notice {
                                    at: node.at,
                                    message: "a mapping key that is not a scalar is not read"
                                        .to_owned(),
                                });
                                String::new()
                            }
                        });
                    }
                },
                _ => {}
            },
        }
    }
}

/// A tag that names a ROS function rather than a core YAML type.
fn function_tag(tag: Option<&Tag>) -> Option<String> {
    let tag = tag?;
    if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
        return None;
    }
    Some(format!("{}{}", tag.handle, tag.suffix))
}

fn scalar(value: &str, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if style != TScalarStyle::Plain || tag.is_some_and(|t| t.suffix == "str") {
        return Value::String(value.to_owned());
    }
    match yaml_rust2::Yaml::from_str(value) {
        yaml_rust2::Yaml::Integer(i) => Value::Number(i.to_string()),
        yaml_rust2::Yaml::Real(r) => Value::Number(r),
        yaml_rust2::Yaml::Boolean(b) => Value::Bool(b),
        yaml_rust2::Yaml::Null => Value::Null,
        _ => Value::String(value.to_owned()),
    }
}

impl MarkedEventReceiver for YamlBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let at = Position::new(mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(value, style, _, tag) => {
                let length = value.chars().count();
                let function = function_tag(tag.as_ref());
                let node = Node::new(scalar(&value, style, tag.as_ref()), at, length);
                let function = function.map(|f| format!("{f} {value}"));
                self.finish(node, function);
            }
            Event::SequenceStart(_, tag) => {
                self.stack.push((
                    Node::new(Value::Array(Vec::new()), at, 1),
                    None,
                    function_tag(tag.as_ref()),
                ));
            }
            Event::MappingStart(_, tag) => {
                self.stack.push((
                    Node::new(Value::Object(Vec::new()), at, 1),
                    None,
                    function_tag(tag.as_ref()),
                ));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _, tag)) = self.stack.pop() {
                    self.finish(node, tag);
                }
            }
            Event::Alias(_) => {
                self.notices.push(Notice {
                    at,
                    message: "a YAML alias is not followed here; the policy is linted with `null` in its place".to_owned(),
                });
                self.finish(Node::new(Value::Null, at, 1), None);
            }
            _ => {}
        }
    }
}

/// Finds every policy property of every resource of a template tree.
fn search(root: &Node, mut notices: Vec<Notice>) -> Extraction {
    let mut policies = Vec::new();
    if let Some(Value::Object(resources)) = root.get("Resources").map(|r| &r.value) {
        for (name, resource) in resources {
            let Some(kind) = resource.get("Type").and_then(Node::as_str) else {
                continue;
            };
            let Some(properties) = resource.get("Properties") else {
                continue;
            };
            for (_, path, policy_kind) in PROPERTIES.iter().filter(|(t, _, _)| *t == kind) {
                let origin = format!("Resources.{name}.Properties");
                for (origin, document) in follow(properties, path, origin) {
                    policies.push(policy(document, *policy_kind, origin, &mut notices));
                }
            }
        }
    }
    policies.sort_by_key(|p| p.at);
    notices.sort();
    Extraction { policies, notices }
}

/// The nodes a property path reaches, with their origins.
fn follow<'n>(node: &'n Node, path: &str, origin: String) -> Vec<(String, &'n Node)> {
    let Some((step, rest)) = path.split_once('.').map_or(Some((path, "")), Some) else {
        return Vec::new();
    };
    let (key, each) = match step.strip_suffix("[]") {
        Some(key) => (key, true),
        None => (step, false),
    };
    let Some(child) = node.get(key) else {
        return Vec::new();
    };
    let origin = format!("{origin}.{key}");
    let reached: Vec<(String, &Node)> = if each {
        match &child.value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{origin}[{i}]"), item))
                .collect(),
            _ => Vec::new(),
        }
    } else {
        vec![(origin, child)]
    };
    if rest.is_empty() {
        reached
    } else {
        reached
            .into_iter()
            .flat_map(|(origin, n)| follow(n, rest, origin))
            .collect()
    }
}

/// One policy property: a mapping (converted, ROS functions in it replaced by their text) or a
/// string of JSON (every position is the string's).
fn policy(
    document: &Node,
    kind: PolicyKind,
    origin: String,
    notices: &mut Vec<Notice>,
) -> EmbeddedPolicy {
    if let Value::String(text) = &document.value {
        return EmbeddedPolicy {
            kind,
            origin,
            document: text.clone(),
            at: document.at,
            mapping: Mapping::Fixed(document.at),
        };
    }
    let converted = functions_as_text(document, notices);
    let (text, map) = converted.to_json();
    EmbeddedPolicy {
        kind,
        origin,
        document: text,
        at: document.at,
        mapping: Mapping::Pointers(map),
    }
}

/// Replaces `{"Ref": ...}` and `{"Fn::…": ...}` by the string `${…}` of their JSON, each with a
/// notice: ROS evaluates them when it creates the stack, and their values are not known here.
fn functions_as_text(node: &Node, notices: &mut Vec<Notice>) -> Node {
    match &node.value {
        Value::Object(members)
            if members.len() == 1
                && members
                    .first()
                    .is_some_and(|(k, _)| k == "Ref" || k.starts_with("Fn::")) =>
        {
            let (text, _) = node.to_json();
            let compact = serde_json::from_str::<serde_json::Value>(&text)
                .map_or(text.clone(), |v| v.to_string());
            notices.push(Notice {
                at: node.at,
                message: format!(
                    "the ROS function `{compact}` is not evaluated here; the policy is linted with the string `${{{compact}}}` in its place"
                ),
            });
            Node::new(
                Value::String(format!("${{{compact}}}")),
                node.at,
                node.length,
            )
        }
        Value::Object(members) => Node::new(
            Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), functions_as_text(v, notices)))
                    .collect(),
            ),
            node.at,
            node.length,
        ),
        Value::Array(items) => Node::new(
            Value::Array(
                items
                    .iter()
                    .map(|i| functions_as_text(i, notices))
                    .collect(),
            ),
            node.at,
            node.length,
        ),
        _ => node.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{
  "ROSTemplateFormatVersion": "2015-09-01",
  "Resources": {
    "Role": {
      "Type": "ALIYUN::RAM::Role",
      "Properties": {
        "RoleName": "ops",
        "AssumeRolePolicyDocument": {
          "Version": "1",
          "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                         "Principal": {"RAM": [{"Fn::Sub": "acs:ram::${ALIYUN::AccountId}:root"}]}}]
        },
        "Policies": [
          {"PolicyName": "a", "PolicyDocument": {"Version": "1", "Statement": []}},
          {"PolicyName": "b", "PolicyDocument": "{\"Version\": \"1\"}"}
        ]
      }
    },
    "Bucket": {"Type": "ALIYUN::OSS::Bucket", "Properties": {"BucketName": "b"}}
  }
}
"#;

    #[test]
    fn json_templates_give_every_policy_with_its_kind_and_place() {
        let found = extract_json(JSON).unwrap_or_else(|e| panic!("{e}"));
        let summary: Vec<(&str, PolicyKind, Position)> = found
            .policies
            .iter()
            .map(|p| (p.origin.as_str(), p.kind, p.at))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "Resources.Role.Properties.AssumeRolePolicyDocument",
                    PolicyKind::Trust,
                    Position::new(8, 37)
                ),
                (
                    "Resources.Role.Properties.Policies[0].PolicyDocument",
                    PolicyKind::Identity,
                    Position::new(14, 49)
                ),
                (
                    "Resources.Role.Properties.Policies[1].PolicyDocument",
                    PolicyKind::Identity,
                    Position::new(15, 49)
                ),
            ]
        );
        let trust: serde_json::Value =
            serde_json::from_str(&found.policies[0].document).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            trust["Statement"][0]["Principal"]["RAM"][0],
            r#"${{"Fn::Sub":"acs:ram::${ALIYUN::AccountId}:root"}}"#
        );
        assert_eq!(found.notices.len(), 1);
        assert_eq!(found.notices[0].at, Position::new(11, 48));
        assert_eq!(
            found.policies[0].locate("/Statement/0/Action", Position::new(1, 1)),
            (Position::new(10, 55), Some(16))
        );
        assert_eq!(found.policies[2].document, "{\"Version\": \"1\"}");
    }

    #[test]
    fn yaml_templates_read_the_same_with_tags_as_functions() {
        let yaml = "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  Policy:\n    Type: ALIYUN::RAM::ManagedPolicy\n    Properties:\n      PolicyName: reader\n      PolicyDocument:\n        Version: '1'\n        Statement:\n          - Effect: Allow\n            Action:\n              - oss:GetObject\n            Resource: !Sub 'acs:oss:*:*:${Bucket}/*'\n            Condition:\n              Bool:\n                acs:SecureTransport: true\n";
        let found = extract_yaml(yaml).unwrap_or_else(|e| panic!("{e}"));
        let [policy] = found.policies.as_slice() else {
            panic!("{found:?}")
        };
        assert_eq!(policy.kind, PolicyKind::Identity);
        let value: serde_json::Value =
            serde_json::from_str(&policy.document).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value["Version"], "1");
        assert_eq!(value["Statement"][0]["Action"][0], "oss:GetObject");
        assert_eq!(
            value["Statement"][0]["Condition"]["Bool"]["acs:SecureTransport"],
            true
        );
        assert_eq!(
            value["Statement"][0]["Resource"],
            "${!Sub acs:oss:*:*:${Bucket}/*}"
        );
        assert_eq!(found.notices.len(), 1, "{:?}", found.notices);
        assert_eq!(
            policy
                .locate("/Statement/0/Action/0", Position::new(1, 1))
                .0,
            Position::new(12, 17)
        );
        assert_eq!(
            policy.locate("/Version", Position::new(1, 1)),
            (Position::new(8, 18), Some(1))
        );
    }

    #[test]
    fn broken_templates_are_located_errors() {
        let error = extract_json("{\n  \"a\": ,\n}").err();
        assert!(
            matches!(&error, Some(IacError::Syntax { at, .. }) if at.line == 2),
            "{error:?}"
        );
        let error = extract_yaml("a: [1,\nb: 2\n").err();
        assert!(matches!(&error, Some(IacError::Syntax { .. })), "{error:?}");
    }

    #[test]
    fn only_ros_json_is_a_template() {
        assert!(is_ros_json(JSON));
        assert!(!is_ros_json(r#"{"Version": "1", "Statement": []}"#));
        assert!(!is_ros_json("not json"));
    }
}
