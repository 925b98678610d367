//! `ramctl lint`: checks policy documents against the `cr` catalog with
//! [`ram_policy::lint::lint`] and reports the findings like a compiler, as JSON, or as SARIF
//! 2.1.0 for code-scanning tools.
//!
//! Files are linted in the order given, findings in document order. Exit status: 0 when no
//! finding is at or above the `--deny` severity (default `error`), 1 when one is, 2 when a file
//! cannot be read (the others are still linted and reported).

use std::fmt::Write as _;
use std::io::IsTerminal as _;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use ram_catalog::Catalog;
use ram_policy::json::Position;
use ram_policy::lint::{self as policy_lint, Finding, LintScope, RULES, Rule, Severity};
use serde_json::{Value, json};

use crate::common::{self, ReadError, STDIN_NAME, Scope};

/// Examples shown by `ramctl lint --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl lint policy.json
  ramctl lint policies/*.json --format json
  ramctl lint team-rg.json --scope resource-group
  ramctl lint policy.json --deny warning
  ramctl lint policy.json --format sarif > ramctl.sarif
  cat policy.json | ramctl lint -

Exit status: 0 when no finding is an error (or at or above `--deny`), 1 when one is, 2 when a
file cannot be read.";

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

/// The arguments of `ramctl lint`.
#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// The policy documents (JSON); `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Where the policies are attached: a resource-group policy has no effect on Actions
    /// without resource-group-level authorization.
    #[arg(long, value_enum, default_value_t = Scope::Account)]
    pub scope: Scope,
    /// Exit 1 when a finding has this severity or a higher one.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = DenyLevel::Error)]
    pub deny: DenyLevel,
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
    /// The findings, in document order.
    pub findings: Vec<Finding>,
}

/// Lints one document's text against the `cr` catalog.
///
/// ```
/// use ramctl::{common::Scope, lint::lint_text};
/// let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]}"#;
/// let catalog = ramctl::common::catalog().unwrap();
/// let linted = lint_text(catalog, "p.json", "p.json", text, Scope::Account);
/// assert_eq!(linted.findings[0].rule.id, "RAM009");
/// ```
#[must_use]
pub fn lint_text(catalog: &Catalog, path: &str, name: &str, text: &str, scope: Scope) -> Linted {
    let scope = match scope {
        Scope::Account => LintScope::Account,
        Scope::ResourceGroup => LintScope::ResourceGroup,
    };
    Linted {
        path: path.to_owned(),
        name: name.to_owned(),
        text: text.to_owned(),
        findings: policy_lint::lint(text, &[catalog], scope),
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
        for finding in files.iter().flat_map(|f| &f.findings) {
            match finding.rule.severity {
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
        for finding in &file.findings {
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
            let _ = writeln!(out, "{}\n", renderer.render(&[group]));
        }
    }
    let _ = writeln!(out, "{}", Summary::of(files));
    out
}

/// The JSON report: an array with one object per finding, files in the order given:
/// `file`, `rule`, `name`, `severity`, `message`, `pointer`, `line`, `column`, `length` and
/// `hint` (`null` when there is none).
#[must_use]
pub fn render_json(files: &[Linted]) -> String {
    let findings: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(|f| {
                json!({
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

fn artifact_location(path: &str) -> Value {
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
            file.findings.iter().map(|f| {
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
                let mut result = json!({
                    "ruleId": f.rule.id,
                    "level": sarif_level(f.rule.severity),
                    "message": {"text": f.message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": artifact_location(&file.path),
                            "region": {
                                "startLine": f.position.line,
                                "startColumn": f.position.column,
                                "endLine": f.position.line,
                                "endColumn": f.position.column + width,
                            },
                        },
                    }],
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
            .any(|f| f.rule.severity >= deny),
    )
}

/// Runs `ramctl lint`: prints the report on standard output and each unreadable file on
/// standard error, and returns the exit status.
#[must_use]
pub fn execute(catalog: &Catalog, args: &LintArgs) -> ExitCode {
    let mut linted = Vec::new();
    let mut unreadable = Vec::new();
    let mut stdin_used = false;
    for path in &args.files {
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
        match common::read_input(path) {
            Ok((name, text)) => linted.push(lint_text(catalog, &given, &name, &text, args.scope)),
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
    let code = if unreadable.is_empty() {
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
