//! `ramctl simulate`: evaluates the requests of a cases file against its policies, as RAM
//! does, and checks each decision against the case's expectation.
//!
//! The file format is described in [`cases`]. Output is deterministic: cases in file order,
//! matched statements and reasons in the order the policy engine gives them.

pub mod cases;

use std::fmt;
use std::io::{self, Write};

use crate::common::{io_message, lowercase_first};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ram_catalog::Catalog;
use ram_policy::json::SyntaxError;
use ram_policy::{Decision, Outcome, PolicyError, evaluate};

use cases::{CasesFile, ParseError};

/// Examples shown by `ramctl simulate --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl simulate --cases cases.json
  ramctl simulate --cases cases.json --format json
  cat cases.json | ramctl simulate --cases -

Exit status: 0 when every `expect` holds, 1 when any does not, 2 on bad input
(unreadable file, invalid JSON, invalid cases or policies).";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One block per case and a summary line.
    #[default]
    Human,
    /// A JSON array with one object per case.
    Json,
}

/// The arguments of `ramctl simulate`.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// The cases file (JSON); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub cases: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The decision of one case, with its expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// The decision with its explanation.
    pub decision: Decision,
    /// The expected outcome, if the case gives one.
    pub expect: Option<Outcome>,
}

impl CaseResult {
    /// Whether the expectation holds; `None` without an expectation.
    #[must_use]
    pub fn passed(&self) -> Option<bool> {
        self.expect.map(|e| e == self.decision.outcome)
    }
}

/// Counts of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Cases whose expectation holds.
    pub passed: usize,
    /// Cases whose expectation does not hold.
    pub failed: usize,
    /// Cases without an expectation.
    pub unchecked: usize,
}

impl Summary {
    /// Counts the results.
    #[must_use]
    pub fn of(results: &[CaseResult]) -> Self {
        let mut summary = Self::default();
        for result in results {
            match result.passed() {
                Some(true) => summary.passed += 1,
                Some(false) => summary.failed += 1,
                None => summary.unchecked += 1,
            }
        }
        summary
    }
}

impl fmt::Display for Summary {
    /// `N passed, M failed`, plus `, K without expectation` when K > 0.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.unchecked > 0 {
            write!(f, ", {} without expectation", self.unchecked)?;
        }
        Ok(())
    }
}

/// Why a cases file could not be simulated. Every message starts with the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimulateError {
    /// The file could not be read.
    #[error("{source_name}: cannot read the file: {message}")]
    Read {
        /// The file as given (`<stdin>` for `-`).
        source_name: String,
        /// What went wrong.
        message: String,
    },
    /// The file is not strict JSON.
    #[error(
        "{source_name}: invalid json: {} (line {}, column {})",
        .error.message, .error.position.line, .error.position.column
    )]
    Syntax {
        /// The file as given.
        source_name: String,
        /// Where and what.
        error: SyntaxError,
    },
    /// The JSON is not a valid cases file.
    #[error("{}", located(.source_name, .errors))]
    Invalid {
        /// The file as given.
        source_name: String,
        /// Every problem, sorted by position.
        errors: Vec<PolicyError>,
    },
}

/// One line per error: `FILE: POINTER: MESSAGE (line L, column C)`, the pointer left out for
/// the file's root.
fn located(source_name: &str, errors: &[PolicyError]) -> String {
    errors
        .iter()
        .map(|e| {
            let pointer = if e.pointer.is_empty() {
                String::new()
            } else {
                format!("{}: ", e.pointer)
            };
            format!(
                "{source_name}: {pointer}{} (line {}, column {})",
                e.message, e.position.line, e.position.column
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses a cases file's text.
///
/// # Errors
///
/// [`SimulateError::Syntax`] or [`SimulateError::Invalid`], naming `source_name`.
pub fn parse(
    catalog: &'static Catalog,
    source_name: &str,
    text: &str,
) -> Result<CasesFile, SimulateError> {
    cases::parse(catalog, text).map_err(|e| match e {
        ParseError::Syntax(error) => SimulateError::Syntax {
            source_name: source_name.to_owned(),
            error: SyntaxError {
                message: lowercase_first(&error.message),
                ..error
            },
        },
        ParseError::Invalid(errors) => SimulateError::Invalid {
            source_name: source_name.to_owned(),
            errors,
        },
    })
}

/// Evaluates every case, in file order, against the catalog.
#[must_use]
pub fn run(catalog: &Catalog, file: &CasesFile) -> Vec<CaseResult> {
    file.cases
        .iter()
        .map(|case| CaseResult {
            name: case.name.clone(),
            decision: evaluate(&file.policies_of(case), &case.request, catalog),
            expect: case.expect,
        })
        .collect()
}

/// The JSON report: an array with, per case, `name`, `decision`, `step` (the step of the
/// evaluation process that decided: `control`, `session`, `identity (account)`, `identity
/// (resource group)`, `resource-based`, `combination`), `matched` (`policy`,
/// `statement`, `effect`), `reasons`, and `expect` and `pass` when the case has an
/// expectation. Pretty-printed, with a trailing newline.
#[must_use]
pub fn render_json(results: &[CaseResult]) -> String {
    let cases: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let matched: Vec<serde_json::Value> = r
                .decision
                .matched
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "policy": m.policy,
                        "statement": m.statement,
                        "effect": m.effect.as_str(),
                    })
                })
                .collect();
            let mut object = serde_json::Map::new();
            object.insert("name".into(), r.name.clone().into());
            object.insert("decision".into(), r.decision.outcome.as_str().into());
            object.insert("step".into(), r.decision.step.as_str().into());
            object.insert("matched".into(), matched.into());
            let reasons: Vec<String> = r.decision.reasons.iter().map(ToString::to_string).collect();
            object.insert("reasons".into(), reasons.into());
            if let (Some(expect), Some(pass)) = (r.expect, r.passed()) {
                object.insert("expect".into(), expect.as_str().into());
                object.insert("pass".into(), pass.into());
            }
            serde_json::Value::Object(object)
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&cases).unwrap_or_default();
    text.push('\n');
    text
}

/// The human report: per case a line `PASS name: Allow`, `FAIL name: ImplicitDeny (expected
/// Allow)` or `---- name: Allow (no expectation)`, then the step that decided, the matched
/// statements and the reasons, indented; blocks are separated by blank lines, and the last line is the
/// [`Summary`].
#[must_use]
pub fn render_human(results: &[CaseResult]) -> String {
    let mut out = String::new();
    for r in results {
        let outcome = r.decision.outcome;
        let head = match (r.expect, r.passed()) {
            (Some(_), Some(true)) => format!("PASS {}: {outcome}", r.name),
            (Some(expect), _) => format!("FAIL {}: {outcome} (expected {expect})", r.name),
            (None, _) => format!("---- {}: {outcome} (no expectation)", r.name),
        };
        out.push_str(&head);
        out.push('\n');
        out.push_str(&format!("  step: {}\n", r.decision.step));
        for m in &r.decision.matched {
            out.push_str(&format!(
                "  matched: policy `{}` statement {} ({})\n",
                m.policy, m.statement, m.effect
            ));
        }
        for reason in &r.decision.reasons {
            out.push_str(&format!("  reason: {reason}\n"));
        }
        out.push('\n');
    }
    out.push_str(&Summary::of(results).to_string());
    out.push('\n');
    out
}

/// What a run prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The report, for standard output.
    pub output: String,
    /// The counts.
    pub summary: Summary,
}

impl Report {
    /// 0 when every expectation holds, 1 otherwise.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        u8::from(self.summary.failed > 0)
    }
}

/// Parses, evaluates and renders a cases file's text.
///
/// ```
/// use ramctl::simulate::{Format, simulate};
/// let text = r#"{
///   "policies": {"pull": {"document": {"Version": "1", "Statement": [
///     {"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "*"}]}}},
///   "cases": [{"name": "pull", "api": "PullRepository",
///     "resource": "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web", "expect": "Allow"}]
/// }"#;
/// let catalog = ramctl::common::catalog().unwrap();
/// let report = simulate(catalog, "cases.json", text, Format::Human).unwrap();
/// assert!(report.output.starts_with("PASS pull: Allow\n"));
/// assert!(report.output.ends_with("\n1 passed, 0 failed\n"));
/// assert_eq!(report.exit_code(), 0);
/// ```
///
/// # Errors
///
/// A [`SimulateError`] naming `source_name` and every problem's place.
pub fn simulate(
    catalog: &'static Catalog,
    source_name: &str,
    text: &str,
    format: Format,
) -> Result<Report, SimulateError> {
    let file = parse(catalog, source_name, text)?;
    let results = run(catalog, &file);
    let output = match format {
        Format::Human => render_human(&results),
        Format::Json => render_json(&results),
    };
    Ok(Report {
        output,
        summary: Summary::of(&results),
    })
}

/// The cases file, read as every command reads its input ([`crate::common::read_input`]).
fn read_input(path: &Path) -> Result<(String, String), SimulateError> {
    crate::common::read_input(path).map_err(|e| SimulateError::Read {
        source_name: e.source_name,
        message: e.message,
    })
}

/// Runs `ramctl simulate`: prints the report on standard output, or every problem of the file
/// on standard error, and returns the exit status (0 all expectations hold, 1 some do not,
/// 2 bad input).
#[must_use]
pub fn execute(catalog: &'static Catalog, args: &SimulateArgs) -> ExitCode {
    let result = read_input(&args.cases)
        .and_then(|(source_name, text)| simulate(catalog, &source_name, &text, args.format));
    match result {
        Ok(report) => {
            let mut stdout = io::stdout().lock();
            if let Err(e) = stdout
                .write_all(report.output.as_bytes())
                .and_then(|()| stdout.flush())
            {
                eprintln!("cannot write the report: {}", io_message(&e));
                return ExitCode::from(2);
            }
            ExitCode::from(report.exit_code())
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
