//! Terraform: the policy attributes of the `alicloud` provider's resources, and the
//! `alicloud_ram_policy_document` data source, parsed with `hcl-edit` (which keeps spans) and
//! evaluated with `hcl-rs` where a value is an expression.

use std::ops::Range;

use hcl::edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl::edit::structure::{Block, Body};
use hcl::edit::template::Element;
use hcl::edit::{Decorated, Ident, Span};
use hcl::eval::{Context, Evaluate};

use crate::node::{Node, Value};
use crate::{EmbeddedPolicy, Extraction, IacError, LineIndex, Mapping, Notice, PolicyKind};

/// The resource attributes that hold a policy document: (resource type, attribute, kind).
pub const ATTRIBUTES: &[(&str, &str, PolicyKind)] = &[
    ("alicloud_ram_policy", "document", PolicyKind::Identity),
    (
        "alicloud_ram_policy",
        "policy_document",
        PolicyKind::Identity,
    ),
    (
        "alicloud_ram_role",
        "assume_role_policy_document",
        PolicyKind::Trust,
    ),
    ("alicloud_ram_role", "document", PolicyKind::Trust),
    (
        "alicloud_resource_manager_control_policy",
        "policy_document",
        PolicyKind::Control,
    ),
    ("alicloud_oss_bucket", "policy", PolicyKind::Resource),
    ("alicloud_oss_bucket_policy", "policy", PolicyKind::Resource),
];

/// The data source that writes a policy document from blocks.
pub const POLICY_DOCUMENT_DATA: &str = "alicloud_ram_policy_document";

/// The attributes a resource takes a policy document data source's text from.
const DATA_OUTPUTS: &[&str] = &["document", "json"];

struct Extractor<'t> {
    text: &'t str,
    lines: LineIndex<'t>,
    out: Extraction,
    /// Policy document data sources that a trust attribute refers to.
    trusted_data: Vec<String>,
    /// Policy document data sources declared in the file.
    declared_data: Vec<String>,
}

/// Finds the policies of a Terraform file.
///
/// # Errors
///
/// [`IacError::Syntax`] when the file is not HCL.
pub fn extract(text: &str) -> Result<Extraction, IacError> {
    let body: Body = hcl::edit::parser::parse_body(text).map_err(|e| IacError::Syntax {
        at: crate::Position::new(e.location().line(), e.location().column()),
        message: e.message().to_owned(),
    })?;
    let mut extractor = Extractor {
        text,
        lines: LineIndex::new(text),
        out: Extraction::default(),
        trusted_data: Vec::new(),
        declared_data: Vec::new(),
    };
    for block in body.blocks() {
        if let Some(name) = data_name(block) {
            extractor.declared_data.push(name.to_owned());
        }
    }
    for block in body.blocks() {
        extractor.resource(block);
    }
    for block in body.blocks() {
        extractor.data(block);
    }
    extractor.out.policies.sort_by_key(|p| p.at);
    extractor.out.notices.sort();
    Ok(extractor.out)
}

fn labels(block: &Block) -> Vec<&str> {
    block.labels.iter().map(|l| l.as_str()).collect()
}

/// The name of a policy document data source block.
fn data_name(block: &Block) -> Option<&str> {
    match (block.ident.as_str(), labels(block).as_slice()) {
        ("data", [kind, name]) if *kind == POLICY_DOCUMENT_DATA => Some(name),
        _ => None,
    }
}

/// `data.alicloud_ram_policy_document.NAME.document`: the data source's name.
fn data_reference(expr: &Expression) -> Option<String> {
    let Expression::Traversal(traversal) = expr else {
        return None;
    };
    let Expression::Variable(root) = &traversal.expr else {
        return None;
    };
    let names: Vec<&str> = traversal
        .operators
        .iter()
        .map(|op| match op.value() {
            TraversalOperator::GetAttr(ident) => Some(ident.as_str()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    match (root.as_str(), names.as_slice()) {
        ("data", [kind, name, output])
            if *kind == POLICY_DOCUMENT_DATA && DATA_OUTPUTS.contains(output) =>
        {
            Some((*name).to_owned())
        }
        _ => None,
    }
}

fn ident_str(ident: &Decorated<Ident>) -> &str {
    ident.as_str()
}

impl Extractor<'_> {
    fn span_text(&self, span: Option<Range<usize>>) -> &str {
        span.and_then(|s| self.text.get(s)).unwrap_or_default()
    }

    fn at(&self, span: Option<&Range<usize>>) -> crate::Position {
        self.lines.position(span.map_or(0, |s| s.start))
    }

    fn node(&self, value: Value, span: Option<Range<usize>>) -> Node {
        let length = self.span_text(span.clone()).chars().count();
        Node::new(value, self.at(span.as_ref()), length)
    }

    fn notice(&mut self, span: Option<&Range<usize>>, message: String) {
        let at = self.at(span);
        self.out.notices.push(Notice { at, message });
    }

    fn resource(&mut self, block: &Block) {
        let (kind, name) = match (block.ident.as_str(), labels(block).as_slice()) {
            ("resource", [kind, name]) => ((*kind).to_owned(), (*name).to_owned()),
            _ => return,
        };
        for attribute in block.body.attributes() {
            let key = ident_str(&attribute.key);
            let Some(&(_, _, policy_kind)) = ATTRIBUTES
                .iter()
                .find(|(resource, attr, _)| *resource == kind && *attr == key)
            else {
                continue;
            };
            let origin = format!("{kind}.{name}.{key}");
            self.value(&attribute.value, policy_kind, origin);
        }
    }

    /// A policy attribute's value: JSON text (a string or a heredoc), `jsonencode(...)`, a
    /// reference to a policy document data source, or an expression not evaluated here.
    fn value(&mut self, expr: &Expression, kind: PolicyKind, origin: String) {
        let span = expr.span();
        match expr {
            Expression::Parenthesis(inner) => self.value(inner.inner(), kind, origin),
            Expression::String(text) => {
                // The JSON is inside a quoted HCL string: its escapes make inner positions
                // unmappable, so every finding points at the string.
                let at = self.at(span.as_ref());
                self.out.policies.push(EmbeddedPolicy {
                    kind,
                    origin,
                    document: text.value().clone(),
                    at,
                    mapping: Mapping::Fixed(at),
                });
            }
            Expression::HeredocTemplate(_) | Expression::StringTemplate(_) => {
                self.template(expr, kind, origin);
            }
            Expression::FuncCall(call)
                if call.name.namespace.is_empty()
                    && call.name.name.as_str() == "jsonencode"
                    && call.args.len() == 1 =>
            {
                let Some(argument) = call.args.iter().next() else {
                    return;
                };
                let tree = self.tree(argument);
                let (document, map) = tree.to_json();
                self.out.policies.push(EmbeddedPolicy {
                    kind,
                    origin,
                    document,
                    at: self.at(span.as_ref()),
                    mapping: Mapping::Pointers(map),
                });
            }
            _ => {
                if let Some(name) = data_reference(expr) {
                    if self.declared_data.contains(&name) {
                        // The data source is linted where it is declared, with this kind.
                        if kind == PolicyKind::Trust {
                            self.trusted_data.push(name);
                        }
                    } else {
                        self.notice(
                            span.as_ref(),
                            format!(
                                "`{origin}` takes its policy from `data.{POLICY_DOCUMENT_DATA}.{name}`, which is not in this file; lint the file that declares it"
                            ),
                        );
                    }
                    return;
                }
                let source = self.span_text(span.clone()).to_owned();
                self.notice(
                    span.as_ref(),
                    format!(
                        "`{source}` is not evaluated here, so the policy of `{origin}` is not linted; write the document inline, with `jsonencode`, or as a `{POLICY_DOCUMENT_DATA}` data source"
                    ),
                );
            }
        }
    }

    /// A heredoc or a quoted template: the JSON is the file's own text (after a `<<-` heredoc's
    /// indentation), so positions map line by line; interpolations are kept as written, each
    /// with a notice.
    fn template(&mut self, expr: &Expression, kind: PolicyKind, origin: String) {
        let span = expr.span();
        let elements: Vec<&Element> = match expr {
            Expression::HeredocTemplate(heredoc) => heredoc.template.iter().collect(),
            Expression::StringTemplate(template) => template.iter().collect(),
            _ => Vec::new(),
        };
        for element in &elements {
            let (what, element_span) = match element {
                Element::Interpolation(i) => ("interpolation", i.span()),
                Element::Directive(d) => ("directive", d.span()),
                Element::Literal(_) => continue,
            };
            let source = self.span_text(element_span.clone()).to_owned();
            self.notice(
                element_span.as_ref(),
                format!(
                    "the {what} `{source}` in `{origin}` is not evaluated here; the policy is linted with it as written"
                ),
            );
        }
        let Some(span) = span else {
            return;
        };
        match expr {
            Expression::HeredocTemplate(heredoc) => {
                let Some((document, lines)) =
                    heredoc_body(self.text, &span, heredoc.indent(), &self.lines)
                else {
                    return;
                };
                self.out.policies.push(EmbeddedPolicy {
                    kind,
                    origin,
                    document,
                    at: self.lines.position(span.start),
                    mapping: Mapping::Lines(lines),
                });
            }
            _ => {
                let raw = self.span_text(Some(span.clone()));
                let inner = raw
                    .strip_prefix('"')
                    .and_then(|r| r.strip_suffix('"'))
                    .unwrap_or(raw);
                let at = self.lines.position(span.start);
                self.out.policies.push(EmbeddedPolicy {
                    kind,
                    origin,
                    document: unescape_hcl(inner),
                    at,
                    mapping: Mapping::Fixed(at),
                });
            }
        }
    }

    /// The JSON tree of a `jsonencode` argument.
    fn tree(&mut self, expr: &Expression) -> Node {
        let span = expr.span();
        match expr {
            Expression::Null(_) => self.node(Value::Null, span),
            Expression::Bool(b) => self.node(Value::Bool(*b.value()), span),
            Expression::Number(n) => self.node(Value::Number(n.value().to_string()), span),
            Expression::String(s) => self.node(Value::String(s.value().clone()), span),
            Expression::Parenthesis(inner) => self.tree(inner.inner()),
            Expression::Array(items) => {
                let items = items.iter().map(|item| self.tree(item)).collect();
                self.node(Value::Array(items), span)
            }
            Expression::Object(object) => {
                let mut members = Vec::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                        ObjectKey::Expression(other) => match self.evaluate(other) {
                            Some(hcl::Value::String(s)) => s,
                            _ => {
                                let source = self.span_text(other.span()).to_owned();
                                format!("${{{source}}}")
                            }
                        },
                    };
                    members.push((key, self.tree(value.expr())));
                }
                self.node(Value::Object(members), span)
            }
            other => match self.evaluate(other) {
                Some(value) => self.value_node(&value, span),
                None => {
                    let source = self.span_text(span.clone()).to_owned();
                    self.node(Value::String(format!("${{{source}}}")), span)
                }
            },
        }
    }

    /// Evaluates an expression without variables (functions of `hcl-rs`'s own aside, nothing
    /// is defined); on failure, a notice that names the expression and why.
    fn evaluate(&mut self, expr: &Expression) -> Option<hcl::Value> {
        let span = expr.span();
        let converted: hcl::Expression = expr.clone().into();
        match converted.evaluate(&Context::new()) {
            Ok(value) => Some(value),
            Err(e) => {
                let source = self.span_text(span.clone()).to_owned();
                self.notice(
                    span.as_ref(),
                    format!(
                        "`{source}` is not evaluated here ({}); the policy is linted with the string `${{{source}}}` in its place",
                        e.kind()
                    ),
                );
                None
            }
        }
    }

    fn value_node(&self, value: &hcl::Value, span: Option<Range<usize>>) -> Node {
        let converted = match value {
            hcl::Value::Null => Value::Null,
            hcl::Value::Bool(b) => Value::Bool(*b),
            hcl::Value::Number(n) => Value::Number(n.to_string()),
            hcl::Value::String(s) => Value::String(s.clone()),
            hcl::Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.value_node(i, span.clone()))
                    .collect(),
            ),
            hcl::Value::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value_node(v, span.clone())))
                    .collect(),
            ),
        };
        self.node(converted, span)
    }

    /// A `data "alicloud_ram_policy_document"` block as a policy document: `version`, and
    /// `statement` blocks of `effect`, `action`, `resource`, `principal { entity, identifiers }`
    /// and `condition { operator, variable, values }`.
    fn data(&mut self, block: &Block) {
        let Some(name) = data_name(block).map(str::to_owned) else {
            return;
        };
        let span = block.span();
        let mut members = Vec::new();
        let version = match block.body.get_attribute("version") {
            Some(a) => self.tree(&a.value),
            None => self.node(Value::String("1".to_owned()), span.clone()),
        };
        members.push(("Version".to_owned(), version));
        let mut statements = Vec::new();
        let mut has_principal = false;
        for attribute in block.body.attributes() {
            let key = ident_str(&attribute.key);
            if key != "version" {
                self.notice(
                    attribute.span().as_ref(),
                    format!("`{key}` of `data.{POLICY_DOCUMENT_DATA}.{name}` is not part of a policy document and is not read"),
                );
            }
        }
        for statement in block.body.blocks() {
            if statement.ident.as_str() != "statement" {
                self.notice(
                    statement.span().as_ref(),
                    format!(
                        "the block `{}` of `data.{POLICY_DOCUMENT_DATA}.{name}` is not read",
                        statement.ident.as_str()
                    ),
                );
                continue;
            }
            let (node, principal) = self.statement(statement, &name);
            has_principal |= principal;
            statements.push(node);
        }
        members.push((
            "Statement".to_owned(),
            self.node(Value::Array(statements), span.clone()),
        ));
        let kind = if has_principal || self.trusted_data.contains(&name) {
            PolicyKind::Trust
        } else {
            PolicyKind::Identity
        };
        let (document, map) = self.node(Value::Object(members), span.clone()).to_json();
        self.out.policies.push(EmbeddedPolicy {
            kind,
            origin: format!("data.{POLICY_DOCUMENT_DATA}.{name}"),
            document,
            at: self.at(span.as_ref()),
            mapping: Mapping::Pointers(map),
        });
    }

    fn statement(&mut self, block: &Block, name: &str) -> (Node, bool) {
        let span = block.span();
        let mut members = Vec::new();
        match block.body.get_attribute("effect") {
            Some(a) => members.push(("Effect".to_owned(), self.tree(&a.value))),
            // The provider's default.
            None => members.push((
                "Effect".to_owned(),
                self.node(Value::String("Allow".to_owned()), span.clone()),
            )),
        }
        for attribute in block.body.attributes() {
            let key = ident_str(&attribute.key);
            let element = match key {
                "effect" => continue,
                "action" => "Action",
                "resource" => "Resource",
                other => {
                    self.notice(
                        attribute.span().as_ref(),
                        format!("`{other}` of a statement of `data.{POLICY_DOCUMENT_DATA}.{name}` is not read"),
                    );
                    continue;
                }
            };
            members.push((element.to_owned(), self.tree(&attribute.value)));
        }
        let mut principals: Vec<(String, Node)> = Vec::new();
        let mut conditions: Vec<(String, Node)> = Vec::new();
        for inner in block.body.blocks() {
            match inner.ident.as_str() {
                "principal" => {
                    let entity = self.string_attribute(inner, "entity");
                    let identifiers = inner
                        .body
                        .get_attribute("identifiers")
                        .map(|a| self.tree(&a.value))
                        .unwrap_or_else(|| self.node(Value::Array(Vec::new()), inner.span()));
                    principals.push((entity, identifiers));
                }
                "condition" => {
                    let operator = self.string_attribute(inner, "operator");
                    let variable = self.string_attribute(inner, "variable");
                    let values = inner
                        .body
                        .get_attribute("values")
                        .map(|a| self.tree(&a.value))
                        .unwrap_or_else(|| self.node(Value::Array(Vec::new()), inner.span()));
                    let span = inner.span();
                    match conditions.iter_mut().find(|(op, _)| *op == operator) {
                        Some((_, Node { value: Value::Object(keys), .. })) => {
                            keys.push((variable, values));
                        }
                        _ => conditions.push((
                            operator,
                            self.node(Value::Object(vec![(variable, values)]), span),
                        )),
                    }
                }
                other => self.notice(
                    inner.span().as_ref(),
                    format!("the block `{other}` of a statement of `data.{POLICY_DOCUMENT_DATA}.{name}` is not read"),
                ),
            }
        }
        let has_principal = !principals.is_empty();
        if has_principal {
            members.push((
                "Principal".to_owned(),
                self.node(Value::Object(principals), span.clone()),
            ));
        }
        if !conditions.is_empty() {
            members.push((
                "Condition".to_owned(),
                self.node(Value::Object(conditions), span.clone()),
            ));
        }
        (self.node(Value::Object(members), span), has_principal)
    }

    /// A string attribute of a nested block (`entity`, `operator`, `variable`); a missing or
    /// non-string one is a notice and the empty string, which the linter then reports.
    fn string_attribute(&mut self, block: &Block, key: &str) -> String {
        match block.body.get_attribute(key) {
            Some(a) => match self.evaluate(&a.value) {
                Some(hcl::Value::String(s)) => s,
                Some(other) => {
                    self.notice(
                        a.span().as_ref(),
                        format!("`{key}` must be a string, found `{other}`"),
                    );
                    String::new()
                }
                None => String::new(),
            },
            None => {
                self.notice(
                    block.span().as_ref(),
                    format!("the `{}` block has no `{key}`", block.ident.as_str()),
                );
                String::new()
            }
        }
    }
}

/// The text of a heredoc (without its `<<EOF` and `EOF` lines), with a `<<-` heredoc's common
/// indentation removed, and for each of its lines the file's line and the columns removed.
fn heredoc_body(
    text: &str,
    span: &Range<usize>,
    indent: Option<usize>,
    lines: &LineIndex<'_>,
) -> Option<(String, Vec<(usize, usize)>)> {
    let whole = text.get(span.clone())?;
    let body_start = span.start + whole.find('\n')? + 1;
    let before_end = text.get(body_start..span.end)?;
    // The closing delimiter is on the last line of the span.
    let body_end = body_start + before_end.rfind('\n').map_or(0, |i| i + 1);
    let body = text.get(body_start..body_end)?;
    let first_line = lines.position(body_start).line;
    let strip = indent.unwrap_or(0);
    let mut document = String::new();
    let mut map = Vec::new();
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let removed = line
            .chars()
            .take(strip)
            .take_while(|c| *c == ' ' || *c == '\t')
            .count();
        let kept: String = line.chars().skip(removed).collect();
        document.push_str(&kept);
        map.push((first_line + i, removed));
    }
    Some((document, map))
}

/// The value of a quoted HCL string's text: `\"`, `\\`, `\n`, `\t`, `\r` and `$${`/`%%{`
/// escapes resolved.
fn unescape_hcl(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            '$' | '%' if chars.peek() == Some(&c) => {
                chars.next();
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Position;

    fn extract_ok(text: &str) -> Extraction {
        extract(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_heredoc_maps_line_by_line_and_strips_the_indentation_of_a_dash_heredoc() {
        let tf = "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = <<-EOF\n    {\n      \"Version\": \"1\"\n    }\n  EOF\n}\n";
        let found = extract_ok(tf);
        assert_eq!(found.notices, []);
        let [policy] = found.policies.as_slice() else {
            panic!("{found:?}")
        };
        assert_eq!(policy.kind, PolicyKind::Identity);
        assert_eq!(policy.document, "{\n  \"Version\": \"1\"\n}\n");
        // `"Version"` is at line 2, column 3 of the document: line 4, column 7 of the file.
        assert_eq!(
            policy.locate("/Version", Position::new(2, 3)).0,
            Position::new(4, 7)
        );
    }

    #[test]
    fn a_plain_heredoc_keeps_its_text() {
        let tf = "resource \"alicloud_ram_role\" \"r\" {\n  document = <<EOF\n{\"Statement\": []}\nEOF\n}\n";
        let found = extract_ok(tf);
        assert_eq!(found.policies[0].kind, PolicyKind::Trust);
        assert_eq!(found.policies[0].document, "{\"Statement\": []}\n");
        assert_eq!(
            found.policies[0].locate("", Position::new(1, 2)).0,
            Position::new(3, 2)
        );
    }

    #[test]
    fn interpolations_are_noticed_and_kept() {
        let tf = "resource \"alicloud_ram_policy\" \"p\" {\n  document = <<EOF\n{\"Resource\": \"acs:oss:*:${var.account}:x\"}\nEOF\n}\n";
        let found = extract_ok(tf);
        assert!(found.policies[0].document.contains("${var.account}"));
        assert_eq!(found.notices.len(), 1);
        assert!(
            found.notices[0].message.contains("`${var.account}`"),
            "{:?}",
            found.notices
        );
        assert_eq!(found.notices[0].at, Position::new(3, 25));
    }

    #[test]
    fn jsonencode_builds_the_document_and_unknown_values_are_named() {
        let tf = r#"resource "alicloud_ram_policy" "p" {
  policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect   = "Allow"
      Action   = ["cr:Get*", lower("CR:LIST*")]
      Resource = var.arns
      "Condition" = { Bool = { "acs:SecureTransport" = true } }
    }]
  })
}
"#;
        let found = extract_ok(tf);
        let policy = &found.policies[0];
        let value: serde_json::Value =
            serde_json::from_str(&policy.document).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value["Statement"][0]["Resource"], "${var.arns}");
        assert_eq!(
            value["Statement"][0]["Condition"]["Bool"]["acs:SecureTransport"],
            true
        );
        // `lower` is not one of hcl-rs's own functions either: both are named.
        assert_eq!(found.notices.len(), 2, "{:?}", found.notices);
        assert!(
            found
                .notices
                .iter()
                .any(|n| n.message.starts_with("`var.arns`"))
        );
        let (at, length) = policy.locate("/Statement/0/Resource", Position::new(1, 1));
        assert_eq!((at, length), (Position::new(7, 18), Some(8)));
        // A pointer below a recorded one maps to its nearest ancestor.
        assert_eq!(
            policy
                .locate("/Statement/0/Action/7", Position::new(1, 1))
                .0,
            Position::new(6, 18)
        );
    }

    #[test]
    fn a_data_source_is_a_document_and_a_trust_policy_when_a_role_uses_it() {
        let tf = r#"data "alicloud_ram_policy_document" "trust" {
  statement {
    action = ["sts:AssumeRole"]
    principal {
      entity      = "Service"
      identifiers = ["ecs.aliyuncs.com"]
    }
    condition {
      operator = "StringEquals"
      variable = "acs:SourceVpc"
      values   = ["vpc-1"]
    }
  }
}
data "alicloud_ram_policy_document" "read" {
  version = "1"
  statement {
    effect   = "Allow"
    action   = ["oss:GetObject"]
    resource = ["acs:oss:*:*:b/*"]
  }
}
resource "alicloud_ram_role" "r" {
  assume_role_policy_document = data.alicloud_ram_policy_document.trust.document
}
resource "alicloud_ram_policy" "p" {
  policy_document = data.alicloud_ram_policy_document.read.document
}
"#;
        let found = extract_ok(tf);
        assert_eq!(found.notices, []);
        let kinds: Vec<(&str, PolicyKind)> = found
            .policies
            .iter()
            .map(|p| (p.origin.as_str(), p.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("data.alicloud_ram_policy_document.trust", PolicyKind::Trust),
                (
                    "data.alicloud_ram_policy_document.read",
                    PolicyKind::Identity
                )
            ]
        );
        let trust: serde_json::Value =
            serde_json::from_str(&found.policies[0].document).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            trust,
            serde_json::json!({
                "Version": "1",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["sts:AssumeRole"],
                    "Principal": {"Service": ["ecs.aliyuncs.com"]},
                    "Condition": {"StringEquals": {"acs:SourceVpc": ["vpc-1"]}}
                }]
            })
        );
        assert_eq!(
            found.policies[0]
                .locate("/Statement/0/Action", Position::new(1, 1))
                .0,
            Position::new(3, 14)
        );
    }

    #[test]
    fn references_it_cannot_follow_and_variables_are_notices() {
        let tf = r#"resource "alicloud_ram_policy" "a" {
  policy_document = data.alicloud_ram_policy_document.elsewhere.document
}
resource "alicloud_ram_policy" "b" {
  policy_document = var.document
}
resource "alicloud_ram_user" "u" {
  name = "not a policy"
}
"#;
        let found = extract_ok(tf);
        assert_eq!(found.policies, []);
        let messages: Vec<&str> = found.notices.iter().map(|n| n.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`data.alicloud_ram_policy_document.elsewhere`"));
        assert!(messages[1].starts_with("`var.document` is not evaluated here"));
        assert_eq!(found.notices[1].at, Position::new(5, 21));
    }

    #[test]
    fn a_quoted_string_points_at_itself_and_is_unescaped() {
        let tf = "resource \"alicloud_oss_bucket_policy\" \"b\" {\n  policy = \"{\\\"Version\\\": \\\"1\\\"}\"\n}\n";
        let found = extract_ok(tf);
        assert_eq!(found.policies[0].kind, PolicyKind::Resource);
        assert_eq!(found.policies[0].document, "{\"Version\": \"1\"}");
        assert_eq!(
            found.policies[0].locate("/Version", Position::new(1, 14)).0,
            Position::new(2, 12)
        );
    }

    #[test]
    fn invalid_hcl_is_a_located_error() {
        let error = extract("resource \"x\" {\n  a = \n}\n").err();
        assert!(
            matches!(&error, Some(IacError::Syntax { at, .. }) if at.line >= 2),
            "{error:?}"
        );
    }
}
