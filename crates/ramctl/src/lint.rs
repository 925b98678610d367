//! `ramctl lint`: checks policy documents against the catalog with
//! [`ram_policy::lint::lint_as`] and reports the findings like a compiler, as JSON, or as SARIF
//! 2.1.0 for code-scanning tools.
//!
//! A path is a policy document (JSON, linted as the `--kind` given), a Terraform (`.tf`) or ROS
//! (`.json`, `.yaml`, `.yml`) template, whose embedded policies are found by [`ram_iac`] and
//! linted each as its own kind with findings at the template's line and column, or a folder,
//! searched recursively with [`ram_iac::discover`].
//!
//! Files are linted in the order given, findings in file order. Exit status: 0 when no finding
//! is at or above the `--deny` severity (default `error`), 1 when one is, 2 when a file cannot
//! be used: unreadable, empty, not JSON, or a template that does not parse (the others are
//! still linted and reported).

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use ram_catalog::Catalog;
use ram_iac::{EmbeddedPolicy, Extraction, IacError, PolicyKind, SourceFormat};
use ram_policy::DocumentKind;
use ram_policy::json::Position;
use ram_policy::lint::{
    self as policy_lint, Finding, INVALID_TEMPLATE, LintOptions, LintScope, RULES, Rule, Severity,
    TEMPLATE_NOTICE,
};
use serde_json::{Value, json};

use crate::common::{self, ReadError, STDIN_NAME, Scope};

/// Examples shown by `ramctl lint --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl lint policy.json
  ramctl lint policies/*.json --format json
  ramctl lint team-rg.json --scope resource-group
  ramctl lint trust.json --kind trust
  ramctl lint main.tf ros/stack.yaml
  ramctl lint infra/ --format sarif > ramctl.sarif
  ramctl lint policy.json --deny warning
  ramctl lint policy.json --now 2026-12-02T00:00:00Z
  ramctl lint policy.json --sensitive-actions sensitive.json
  ramctl lint policy.json --format sarif > ramctl.sarif
  cat policy.json | ramctl lint -

Exit status: 0 when no finding is an error (or at or above `--deny`), 1 when one is, 2 when a
file cannot be used (unreadable, empty, not JSON, a template that does not parse).";

/// Output formats of `ramctl lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics like a compiler's: the source line, a caret under the value, the fix, and a
    /// summary line.
    #[default]
    Human,
    /// A JSON array with one object per finding.
    Json,
    /// A SARIF 2.1.0 log with one run, for code-scanning tools.
    Sarif,
}

/// A severity named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DenyLevel {
    /// Fail on errors only.
    #[default]
    Error,
    /// Fail on security warnings and errors.
    SecurityWarning,
    /// Fail on warnings, security warnings and errors.
    Warning,
    /// Fail on any finding.
    Suggestion,
}

impl DenyLevel {
    /// The severity it stands for.
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            Self::Error => Severity::Error,
            Self::SecurityWarning => Severity::SecurityWarning,
            Self::Warning => Severity::Warning,
            Self::Suggestion => Severity::Suggestion,
        }
    }
}

/// The kind of a policy document named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum KindArg {
    /// Attached to RAM users, groups and roles: `Resource`, no `Principal`.
    #[default]
    Identity,
    /// A resource directory control policy.
    Control,
    /// The session policy of an STS token (`AssumeRole`'s `Policy`, at most 1024 characters).
    Session,
    /// A RAM role's trust policy: `Principal`, no `Resource`.
    Trust,
    /// A resource-based policy (an OSS bucket policy): `Principal` and `Resource`.
    Resource,
}

impl KindArg {
    /// The document kind it names.
    #[must_use]
    pub const fn kind(self) -> DocumentKind {
        match self {
            Self::Identity => DocumentKind::Identity,
            Self::Control => DocumentKind::Control,
            Self::Session => DocumentKind::Session,
            Self::Trust => DocumentKind::Trust,
            Self::Resource => DocumentKind::Resource,
        }
    }
}

/// The document kind of a policy found in a template.
#[must_use]
pub const fn embedded_kind(kind: PolicyKind) -> DocumentKind {
    match kind {
        PolicyKind::Identity => DocumentKind::Identity,
        PolicyKind::Trust => DocumentKind::Trust,
        PolicyKind::Control => DocumentKind::Control,
        PolicyKind::Resource => DocumentKind::Resource,
    }
}

/// The arguments of `ramctl lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Policy documents (JSON), Terraform (`.tf`) and ROS (`.json`, `.yaml`, `.yml`) templates,
    /// and folders (searched recursively); `-` reads a policy document from standard input.
    #[arg(value_name = "PATH", required = true)]
    pub files: Vec<PathBuf>,
    /// What the policy documents are (a template's policies are each linted as their own
    /// kind: a role's trust policy as a trust policy).
    #[arg(long, value_enum, default_value_t = KindArg::Identity)]
    pub kind: KindArg,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Where the policies are attached: a resource-group policy has no effect on Actions
    /// without resource-group-level authorization.
    #[arg(long, value_enum, default_value_t = Scope::Account)]
    pub scope: Scope,
    /// Pass over JSON and YAML files that are neither a policy document nor a template, as a
    /// folder's files are, instead of linting them as policies: for hooks that name every
    /// staged file (`package.json`, CI workflows).
    #[arg(long)]
    pub skip_unrecognized: bool,
    /// Exit 1 when a finding has this severity or a higher one.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = DenyLevel::Error)]
    pub deny: DenyLevel,
    /// The time against which an `acs:CurrentTime` window has closed (RAM047 expired-condition):
    /// an ISO 8601 instant or date (`2026-12-02T00:00:00Z`, `2026-12-02`), or `now` for the
    /// clock. Without it expiry is not checked, so that a run's findings do not depend on when
    /// it runs.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
    /// A JSON file holding an array of the Actions (or Action patterns) that count as
    /// sensitive for RAM044 sensitive-action-unrestricted, in place of the built-in list
    /// (README, "Privilege escalation, role passing and sensitive Actions").
    #[arg(long, value_name = "FILE")]
    pub sensitive_actions: Option<PathBuf>,
}

/// Parses `--now`.
fn parse_now(text: &str) -> Result<jiff::Timestamp, String> {
    if text == "now" {
        return Ok(jiff::Timestamp::now());
    }
    ram_policy::condition::parse_date(text).ok_or_else(|| {
        format!("`{text}` is not an ISO 8601 instant or date (`2026-12-02T00:00:00Z`) or `now`")
    })
}

/// A `--sensitive-actions` file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SensitiveListError {
    /// The file cannot be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The file is not a JSON array of Actions; the message names the entry's JSON pointer.
    #[error("{file}: {message}")]
    Content {
        /// The file as given.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads a `--sensitive-actions` file: a JSON array of Action names or patterns.
///
/// # Errors
///
/// The file cannot be read, is not JSON, or is not an array of `service:Name` strings; the
/// message names the file and the JSON pointer of the bad entry.
pub fn read_sensitive_actions(path: &Path) -> Result<Vec<String>, SensitiveListError> {
    let (name, text) = common::read_input(path)?;
    let fail = |message: String| SensitiveListError::Content {
        file: name.clone(),
        message,
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| fail(format!("invalid json: {e}")))?;
    let Some(items) = value.as_array() else {
        return Err(fail(
            "expected an array of Actions (`[\"kms:Decrypt\", \"oss:GetObject\"]`)".to_owned(),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(action) if action.contains(':') || action == "*" => Ok(action.to_owned()),
            Some(action) => Err(fail(format!(
                "`/{i}`: `{action}` is not an Action (expected `service:Name`)"
            ))),
            None => Err(fail(format!("`/{i}`: expected a string, found `{item}`"))),
        })
        .collect()
}

/// A finding with what it is about: its position is in the linted file (for a policy embedded
/// in a template, the template's line and column), its pointer in the policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    /// The finding.
    pub finding: Finding,
    /// The kind the policy was linted as (`None` for a finding about the template itself).
    pub kind: Option<DocumentKind>,
    /// Where the policy is in its template (`alicloud_ram_role.ops.assume_role_policy_document`),
    /// `None` for a policy file.
    pub origin: Option<String>,
}

/// One linted file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linted {
    /// The file as given on the command line (`-` for standard input).
    pub path: String,
    /// The name shown in reports (`<stdin>` for standard input).
    pub name: String,
    /// The text.
    pub text: String,
    /// The findings, in file order.
    pub findings: Vec<Reported>,
    /// Whether the file could not be read as what it claims to be (not JSON, or a template
    /// that does not parse): bad input, exit status 2, like an unreadable file.
    pub bad_input: bool,
}

const fn lint_scope(scope: Scope) -> LintScope {
    match scope {
        Scope::Account => LintScope::Account,
        Scope::ResourceGroup => LintScope::ResourceGroup,
    }
}

/// Lints one policy document's text against the catalog, as a policy of `kind`.
///
/// ```
/// use ram_policy::DocumentKind;
/// use ramctl::lint::lint_text;
/// let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}"#;
/// let catalog = ramctl::common::catalog().unwrap();
/// let options = ram_policy::lint::LintOptions::default();
/// let linted = lint_text(catalog, "p.json", "p.json", text, &options, DocumentKind::Identity);
/// assert_eq!(linted.findings[0].finding.rule.id, "RAM009");
/// ```
#[must_use]
pub fn lint_text(
    catalog: &Catalog,
    path: &str,
    name: &str,
    text: &str,
    options: &LintOptions,
    kind: DocumentKind,
) -> Linted {
    // Linting first and copying the text after: the copy kept for the report is not held
    // beside what linting builds, which is the most a long document costs.
    let findings = policy_lint::lint_with(text, &[catalog], kind, options)
        .into_iter()
        .map(|finding| Reported {
            finding,
            kind: Some(kind),
            origin: None,
        })
        .collect();
    Linted {
        path: path.to_owned(),
        name: name.to_owned(),
        bad_input: ram_policy::json::parse(text).is_err(),
        text: text.to_owned(),
        findings,
    }
}

/// Lints every policy of a template, each as its own kind, with findings at the template's
/// line and column; each [`ram_iac::Notice`] is a `template-notice` warning, and a template
/// that does not parse is one `invalid-template` error.
///
/// ```
/// use ram_iac::SourceFormat;
/// use ramctl::lint::lint_template;
/// let tf = "resource \"alicloud_ram_role\" \"ops\" {\n  assume_role_policy_document = jsonencode({\n    Version = \"1\"\n    Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = \"*\" }]\n  })\n}\n";
/// let catalog = ramctl::common::catalog().unwrap();
/// let options = ram_policy::lint::LintOptions::default();
/// let linted = lint_template(catalog, "main.tf", "main.tf", tf, SourceFormat::Terraform, &options);
/// let first = &linted.findings[0];
/// assert_eq!(first.finding.rule.id, "RAM025");
/// assert_eq!(first.finding.position.line, 4);
/// assert_eq!(first.origin.as_deref(), Some("alicloud_ram_role.ops.assume_role_policy_document"));
/// ```
#[must_use]
pub fn lint_template(
    catalog: &Catalog,
    path: &str,
    name: &str,
    text: &str,
    format: SourceFormat,
    options: &LintOptions,
) -> Linted {
    let parsed = ram_iac::extract(format, text);
    let bad_input = parsed.is_err();
    let findings = match parsed {
        Ok(extraction) => template_findings(catalog, &extraction, options),
        Err(error) => {
            let (at, message) = match error {
                IacError::Syntax { at, message } => (at, message),
                IacError::Io { path, message } => {
                    (ram_iac::Position::new(1, 1), format!("`{path}`: {message}"))
                }
            };
            vec![Reported {
                finding: Finding {
                    rule: INVALID_TEMPLATE,
                    message: format!("the template does not parse: {message}"),
                    pointer: String::new(),
                    position: Position {
                        line: at.line,
                        column: at.column,
                    },
                    length: 1,
                    hint: Some("fix the template's syntax first".to_owned()),
                },
                kind: None,
                origin: None,
            }]
        }
    };
    Linted {
        path: path.to_owned(),
        name: name.to_owned(),
        text: text.to_owned(),
        findings,
        bad_input,
    }
}

fn template_findings(
    catalog: &Catalog,
    extraction: &Extraction,
    options: &LintOptions,
) -> Vec<Reported> {
    let mut out: Vec<Reported> = extraction
        .notices
        .iter()
        .map(|notice| Reported {
            finding: Finding {
                rule: TEMPLATE_NOTICE,
                message: notice.message.clone(),
                pointer: String::new(),
                position: Position {
                    line: notice.at.line,
                    column: notice.at.column,
                },
                length: 1,
                hint: Some(
                    "lint the evaluated policy too (`terraform show -json`, or the ROS stack's resolved template)"
                        .to_owned(),
                ),
            },
            kind: None,
            origin: None,
        })
        .collect();
    // A value the template does not give literally (a ROS `!Sub`, a Terraform variable) is
    // linted as a stand-in string; what the rules say of that stand-in (`${…}` is not an ARN)
    // is not about the user's policy, and the notice at the same place already says it is not
    // evaluated.
    let stand_ins: Vec<Position> = out.iter().map(|r| r.finding.position).collect();
    for policy in &extraction.policies {
        out.extend(
            embedded_findings(catalog, policy, options)
                .into_iter()
                .filter(|r| !stand_ins.contains(&r.finding.position)),
        );
    }
    // Notices first at a place, then by rule, as a policy file's findings are sorted.
    out.sort_by(|a, b| {
        (a.finding.position, a.finding.rule.id).cmp(&(b.finding.position, b.finding.rule.id))
    });
    out
}

/// The findings of one embedded policy, moved to the template's positions.
fn embedded_findings(
    catalog: &Catalog,
    policy: &EmbeddedPolicy,
    options: &LintOptions,
) -> Vec<Reported> {
    let kind = embedded_kind(policy.kind);
    policy_lint::lint_with(&policy.document, &[catalog], kind, options)
        .into_iter()
        .map(|mut finding| {
            let inside = ram_iac::Position::new(finding.position.line, finding.position.column);
            let (at, length) = policy.locate(&finding.pointer, inside);
            finding.position = Position {
                line: at.line,
                column: at.column,
            };
            if let Some(length) = length {
                finding.length = length.max(1);
            }
            Reported {
                finding,
                kind: Some(kind),
                origin: Some(policy.origin.clone()),
            }
        })
        .collect()
}

/// Lints one file's text: a template by its format, anything else as a policy document of
/// `kind`.
#[must_use]
pub fn lint_file(
    catalog: &Catalog,
    path: &str,
    name: &str,
    text: &str,
    options: &LintOptions,
    kind: DocumentKind,
) -> Linted {
    match (path != "-")
        .then(|| SourceFormat::detect(Path::new(path), text))
        .flatten()
    {
        Some(format) => lint_template(catalog, path, name, text, format, options),
        None => lint_text(catalog, path, name, text, options, kind),
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Files linted.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Security warnings.
    pub security_warnings: usize,
    /// Warnings.
    pub warnings: usize,
    /// Suggestions.
    pub suggestions: usize,
}

impl Summary {
    /// Counts the findings of every file.
    #[must_use]
    pub fn of(files: &[Linted]) -> Self {
        let mut summary = Self {
            files: files.len(),
            ..Self::default()
        };
        for reported in files.iter().flat_map(|f| &f.findings) {
            match reported.finding.rule.severity {
                Severity::Error => summary.errors += 1,
                Severity::SecurityWarning => summary.security_warnings += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Suggestion => summary.suggestions += 1,
            }
        }
        summary
    }
}

fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

impl std::fmt::Display for Summary {
    /// `linted 2 files: 1 error, 0 security warnings, 2 warnings, 0 suggestions`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "linted {}: {}, {}, {}, {}",
            counted(self.files, "file", "files"),
            counted(self.errors, "error", "errors"),
            counted(
                self.security_warnings,
                "security warning",
                "security warnings"
            ),
            counted(self.warnings, "warning", "warnings"),
            counted(self.suggestions, "suggestion", "suggestions"),
        )
    }
}

/// The byte range of a finding in `text`: from its line and column, `length` characters,
/// cut at the end of the line.
fn span(text: &str, position: Position, length: usize) -> Range<usize> {
    let mut start = 0;
    for _ in 1..position.line {
        match text.get(start..).and_then(|rest| rest.find('\n')) {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let rest = text.get(start..).unwrap_or_default();
    let line = rest.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    let column = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let tail = line.get(column..).unwrap_or_default();
    let length = token_length(tail).unwrap_or(length);
    let end = tail
        .char_indices()
        .nth(length)
        .map_or(tail.len(), |(i, _)| i);
    (start + column)..(start + column + end)
}

/// The length in characters of the JSON token `tail` starts with, when the finding's own
/// length may not fit it: a whole string (some findings give 1 for a string value), or the
/// bracket alone of an object or array (findings about a statement give 3).
fn token_length(tail: &str) -> Option<usize> {
    let mut chars = tail.chars();
    match chars.next()? {
        '{' | '[' => Some(1),
        '"' => {
            let mut escaped = false;
            for (i, c) in chars.enumerate() {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => return Some(i + 2),
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::SecurityWarning => Level::WARNING.with_name("security-warning"),
        Severity::Warning => Level::WARNING,
        Severity::Suggestion => Level::HELP.with_name("suggestion"),
    }
}

/// The human report: one compiler-like diagnostic per finding (`severity[ID]: message`, the
/// place, the source line with a caret under the value labelled with the rule's name, and the
/// hint as `= help:`), a blank line after each, and the [`Summary`] last.
#[must_use]
pub fn render_human(files: &[Linted], styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for file in files {
        for reported in &file.findings {
            let finding = &reported.finding;
            let snippet = Snippet::source(file.text.as_str())
                .line_start(1)
                .path(file.name.as_str())
                .annotation(
                    AnnotationKind::Primary
                        .span(span(&file.text, finding.position, finding.length))
                        .label(finding.rule.name),
                );
            let mut group = level(finding.rule.severity)
                .primary_title(finding.message.as_str())
                .id(finding.rule.id)
                .element(snippet);
            if let Some(hint) = &finding.hint {
                group = group.element(Level::HELP.message(hint.as_str()));
            }
            let note = reported.origin.as_ref().map(|origin| match reported.kind {
                Some(kind) => format!("in `{origin}`, linted as {}", kind.noun()),
                None => format!("in `{origin}`"),
            });
            if let Some(note) = &note {
                group = group.element(Level::NOTE.message(note.as_str()));
            }
            let _ = writeln!(out, "{}\n", renderer.render(&[group]));
        }
    }
    let _ = writeln!(out, "{}", Summary::of(files));
    out
}

/// The JSON report: an array with one object per finding, files in the order given:
/// `file`, `rule`, `name`, `severity`, `message`, `pointer`, `line`, `column`, `length`,
/// `hint` (`null` when there is none), `kind` (the kind the policy was linted as, `null` for a
/// finding about a template itself) and `origin` (the policy's place in its template, `null`
/// for a policy file). For a template, `file`, `line` and `column` are the template's, and
/// `pointer` is in the embedded policy.
#[must_use]
pub fn render_json(files: &[Linted]) -> String {
    let findings: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(|reported| {
                let f = &reported.finding;
                json!({
                    "kind": reported.kind.map(DocumentKind::as_str),
                    "origin": reported.origin,
                    "file": file.name,
                    "rule": f.rule.id,
                    "name": f.rule.name,
                    "severity": f.rule.severity.as_str(),
                    "message": f.message,
                    "pointer": f.pointer,
                    "line": f.position.line,
                    "column": f.position.column,
                    "length": f.length,
                    "hint": f.hint,
                })
            })
        })
        .collect();
    common::json_text(&Value::Array(findings))
}

/// The SARIF level of a severity: `error`, `warning` (security warnings too) or `note`.
#[must_use]
pub const fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A path as a URI reference: characters other than unreserved ones, sub-delimiters, `/`,
/// `:` and `@` are percent-encoded (so a plain relative or absolute path stays as given).
fn uri_reference(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

pub(crate) fn artifact_location(path: &str) -> Value {
    if path == "-" {
        json!({"uri": "-", "description": {"text": "standard input"}})
    } else {
        json!({"uri": uri_reference(path)})
    }
}

fn sarif_rule(rule: &Rule) -> Value {
    let mut value = json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "defaultConfiguration": {"level": sarif_level(rule.severity)},
        "properties": {"severity": rule.severity.as_str()},
    });
    if rule.severity == Severity::SecurityWarning {
        value["properties"]["tags"] = json!(["security"]);
    }
    value
}

/// The SARIF 2.1.0 log: one run of the tool `ramctl` with every rule of
/// [`ram_policy::lint::RULES`], one result per finding (rule, level, message, the file as
/// given and the line and column in Unicode code points; the JSON pointer, the severity and
/// the hint as properties), and one invocation that fails when a file could not be read.
#[must_use]
pub fn render_sarif(files: &[Linted], unreadable: &[(String, ReadError)]) -> String {
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(|reported| {
                let f = &reported.finding;
                let rule_index = RULES.iter().position(|r| r.id == f.rule.id);
                let end = span(&file.text, f.position, f.length);
                let width = file
                    .text
                    .get(end.clone())
                    .map_or(1, |s| s.chars().count().max(1));
                let mut properties = json!({
                    "pointer": f.pointer,
                    "severity": f.rule.severity.as_str(),
                });
                if let Some(hint) = &f.hint {
                    properties["hint"] = json!(hint);
                }
                if let Some(kind) = reported.kind {
                    properties["kind"] = json!(kind.as_str());
                }
                let mut location = json!({
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&file.path),
                        "region": {
                            "startLine": f.position.line,
                            "startColumn": f.position.column,
                            "endLine": f.position.line,
                            "endColumn": f.position.column + width,
                        },
                    },
                });
                if let Some(origin) = &reported.origin {
                    properties["origin"] = json!(origin);
                    location["logicalLocations"] = json!([{"fullyQualifiedName": origin}]);
                }
                let mut result = json!({
                    "ruleId": f.rule.id,
                    "level": sarif_level(f.rule.severity),
                    "message": {"text": f.message},
                    "locations": [location],
                    "properties": properties,
                });
                if let Some(index) = rule_index {
                    result["ruleIndex"] = json!(index);
                }
                result
            })
        })
        .collect();
    let notifications: Vec<Value> = unreadable
        .iter()
        .map(|(path, e)| {
            json!({
                "level": "error",
                "message": {"text": e.to_string()},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ramctl",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": RULES.iter().map(sarif_rule).collect::<Vec<_>>(),
                },
            },
            "invocations": [{
                "executionSuccessful": unreadable.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    common::json_text(&log)
}

/// 1 when a finding is at or above `deny`, 0 otherwise.
#[must_use]
pub fn exit_code(files: &[Linted], deny: Severity) -> u8 {
    u8::from(
        files
            .iter()
            .flat_map(|f| &f.findings)
            .any(|f| f.finding.rule.severity >= deny),
    )
}

/// The files to lint: paths as given (`false`), and the files of folders (`true`), found by
/// [`ram_iac::discover`]; a folder that cannot be read is unreadable input.
fn expand(paths: &[PathBuf], unreadable: &mut Vec<(String, ReadError)>) -> Vec<(PathBuf, bool)> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push((path.clone(), false));
            continue;
        }
        match ram_iac::discover(std::slice::from_ref(path)) {
            Ok(files) => out.extend(files.into_iter().map(|f| (f, true))),
            Err(errors) => {
                for error in errors {
                    let (name, message) = match error {
                        IacError::Io { path, message } => (path, message),
                        IacError::Syntax { message, .. } => (path.display().to_string(), message),
                    };
                    unreadable.push((
                        name.clone(),
                        ReadError {
                            source_name: name,
                            message,
                        },
                    ));
                }
            }
        }
    }
    out
}

/// Whether a file found in a folder is a policy or a template: a folder holds other JSON and
/// YAML too (`package.json`, CI workflows), which are not RAM's and are passed over. A JSON
/// file is linted when it is a ROS template or mentions `"Statement"` (so a policy with a
/// syntax error is still reported), a YAML file when it names `ROSTemplateFormatVersion`; a
/// `.tf` file always. Terraform's JSON syntax (`.tf.json`) is not read. A file named on the
/// command line is always linted.
fn worth_linting(path: &Path, text: &str) -> bool {
    if path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".tf.json"))
    {
        return false;
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => {
            SourceFormat::detect(path, text).is_some() || text.contains("\"Statement\"")
        }
        Some("yaml" | "yml") => text.contains("ROSTemplateFormatVersion"),
        _ => true,
    }
}

/// Runs `ramctl lint`: prints the report on standard output and each unreadable file on
/// standard error, and returns the exit status.
#[must_use]
pub fn execute(catalog: &Catalog, args: &LintArgs) -> ExitCode {
    let mut linted = Vec::new();
    let mut unreadable = Vec::new();
    let mut stdin_used = false;
    let kind = args.kind.kind();
    let mut options = LintOptions {
        now: args.now,
        ..LintOptions::at(lint_scope(args.scope))
    };
    if let Some(path) = &args.sensitive_actions {
        match read_sensitive_actions(path) {
            Ok(actions) => options.sensitive_actions = actions,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    for (path, in_folder) in expand(&args.files, &mut unreadable) {
        let given = path.display().to_string();
        if given == "-" {
            if stdin_used {
                unreadable.push((
                    given,
                    ReadError {
                        source_name: STDIN_NAME.to_owned(),
                        message: "standard input can be given only once".to_owned(),
                    },
                ));
                continue;
            }
            stdin_used = true;
        }
        match common::read_input(&path) {
            Ok((_, text))
                if (in_folder || args.skip_unrecognized) && !worth_linting(&path, &text) => {}
            Ok((name, text)) => {
                linted.push(lint_file(catalog, &given, &name, &text, &options, kind));
            }
            Err(e) => unreadable.push((given, e)),
        }
    }
    let output = match args.format {
        Format::Human => {
            let styled = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            render_human(&linted, styled)
        }
        Format::Json => render_json(&linted),
        Format::Sarif => render_sarif(&linted, &unreadable),
    };
    for (_, e) in &unreadable {
        eprintln!("{e}");
    }
    // One rule for every command: 2 when some input could not be used (unreadable, empty,
    // not JSON, a template that does not parse), else 1 when a finding reaches `--deny`.
    let code = if unreadable.is_empty() && !linted.iter().any(|l| l.bad_input) {
        exit_code(&linted, args.deny.severity())
    } else {
        2
    };
    common::print(&output, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_and_stop_at_the_end_of_the_line() {
        let text = "{\n  \"é\": \"abc\"\r\n}";
        let at = |line, column| Position { line, column };
        assert_eq!(text.get(span(text, at(2, 3), 3)), Some("\"é\""));
        assert_eq!(text.get(span(text, at(2, 8), 50)), Some("\"abc\""));
        assert_eq!(span("", at(1, 1), 1), 0..0);
        let text = r#"[{"a": "x\"y", "b": 1}]"#;
        assert_eq!(text.get(span(text, at(1, 2), 3)), Some("{"));
        assert_eq!(text.get(span(text, at(1, 8), 1)), Some(r#""x\"y""#));
        assert_eq!(text.get(span(text, at(1, 21), 1)), Some("1"));
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_reference("policies/a-b_c.json"), "policies/a-b_c.json");
        assert_eq!(uri_reference("/abs/x.json"), "/abs/x.json");
        assert_eq!(uri_reference("my file%.json"), "my%20file%25.json");
        assert_eq!(uri_reference("é"), "%C3%A9");
    }

    #[test]
    fn summaries_say_singular_and_plural() {
        let summary = Summary {
            files: 1,
            errors: 2,
            security_warnings: 1,
            warnings: 0,
            suggestions: 1,
        };
        assert_eq!(
            summary.to_string(),
            "linted 1 file: 2 errors, 1 security warning, 0 warnings, 1 suggestion"
        );
    }
}
