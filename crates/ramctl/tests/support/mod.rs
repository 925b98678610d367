//! Runs the built `ramctl` binary for the integration tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // Not every test uses every helper.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `ramctl` with `args`, feeding `stdin` when given.
pub fn ramctl(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ramctl"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ramctl starts");
    if let Some(text) = stdin {
        // A usage error exits before reading standard input.
        match child.stdin.take().unwrap().write_all(text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            result => result.unwrap(),
        }
    }
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Runs `ramctl`, checks the exit status and an empty stderr, and returns stdout.
pub fn run_ok(args: &[&str], stdin: Option<&str>, code: i32) -> String {
    let output = ramctl(args, stdin);
    assert_eq!(
        output.status.code(),
        Some(code),
        "ramctl {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    stdout(&output)
}

/// Runs `ramctl` with bad input: checks exit 2 and an empty stdout, and returns stderr's lines.
pub fn run_bad(args: &[&str], stdin: Option<&str>) -> Vec<String> {
    let output = ramctl(args, stdin);
    assert_eq!(
        output.status.code(),
        Some(2),
        "ramctl {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    stderr(&output).lines().map(str::to_owned).collect()
}

/// Runs `ramctl` expecting JSON on stdout with exit status `code`.
pub fn run_json(args: &[&str], stdin: Option<&str>, code: i32) -> Value {
    let text = run_ok(args, stdin, code);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("ramctl {args:?}: {e}\n{text}"))
}

pub fn crate_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The rule IDs `ramctl lint --format json` reports for a document.
pub fn lint_ids(document: &str, scope: &str) -> Vec<String> {
    let output = ramctl(
        &["lint", "-", "--scope", scope, "--format", "json"],
        Some(document),
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let findings: Value = serde_json::from_str(&stdout(&output)).unwrap();
    ids_of(&findings)
}

pub fn ids_of(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// The pattern of `language` (of a run and of a tool component) in the schema file ends in a
/// lone `]`, which ECMAScript accepts only under its web-compatibility grammar (as a literal
/// `]`) and `jsonschema` rejects as an invalid regular expression. The validator gets the same pattern with that `]`
/// escaped, which means the same; the file itself stays as published.
const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
const LANGUAGE_PATTERN_ESCAPED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$";

pub fn sarif_validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(crate_path("tests/fixtures/sarif-schema-2.1.0.json")).unwrap();
    let quoted = serde_json::to_string(LANGUAGE_PATTERN).unwrap();
    assert_eq!(
        text.matches(&quoted).count(),
        2,
        "the schema's `language` patterns changed: revisit the escape below"
    );
    let text = text.replace(
        &quoted,
        &serde_json::to_string(LANGUAGE_PATTERN_ESCAPED).unwrap(),
    );
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the fixture is the draft-04 schema"
    );
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Asserts that a log validates against the SARIF 2.1.0 schema (`tests/fixtures`).
pub fn assert_valid_sarif(log: &Value) {
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
}
