//! `--format sarif` of `ramctl compare` and `ramctl check`: a SARIF 2.1.0 log with a result per
//! group of findings, located at the statement that grants the access, so that code scanning
//! shows a policy change's new access on the line of the pull request that adds it.

use std::fmt::Write as _;

use ram_policy::compare::{Comparison, Finding, Side, StatementRef};
use ram_policy::json::{self, Kind, Position};
use serde_json::{Value, json};

use super::{Group, because_text, groups, request_text, resources_text, witness_json};
use crate::lint::artifact_location;

/// A rule of the comparison's SARIF log.
struct Rule {
    id: &'static str,
    name: &'static str,
    level: &'static str,
    summary: &'static str,
}

/// The rules, in the order of their indexes in the log.
const RULES: [Rule; 5] = [
    Rule {
        id: "RAMC001",
        name: "new-access",
        level: "error",
        summary: "the new policy allows requests that the old one does not",
    },
    Rule {
        id: "RAMC002",
        name: "removed-access",
        level: "note",
        summary: "the old policy allowed requests that the new one does not",
    },
    Rule {
        id: "RAMC003",
        name: "approximated-conditions",
        level: "note",
        summary: "a statement's conditions or principals were not decided and were counted conservatively",
    },
    Rule {
        id: "RAMC004",
        name: "undecided",
        level: "warning",
        summary: "an Action's resource patterns were too complex to decide and count as new access",
    },
    Rule {
        id: "RAMC005",
        name: "granted",
        level: "error",
        summary: "the policies grant what `ramctl check --not-granted` says they must not",
    },
];

/// The index in [`RULES`] of each rule.
const NEW_ACCESS: usize = 0;
const REMOVED_ACCESS: usize = 1;
const APPROXIMATED: usize = 2;
const UNDECIDED: usize = 3;
const GRANTED: usize = 4;

/// The documents of one side: `(name, text)`, the name being the input as given, which is also
/// the name of its policy in the comparison.
pub struct Documents<'a>(pub &'a [Document]);

/// One compared policy: its name in the comparison, the file it is in, that file's text, and
/// the JSON pointer of the document in it (empty for a policy file, `/policies/NAME/document`
/// in a set of policies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The policy's name, as the comparison's statements name it.
    pub policy: String,
    /// The file as given.
    pub file: String,
    /// The file's text.
    pub text: String,
    /// Where the document is in the file.
    pub prefix: String,
}

impl Documents<'_> {
    fn document(&self, policy: &str) -> Option<&Document> {
        self.0.iter().find(|d| d.policy == policy)
    }

    /// Where a statement starts: element `statement` of the `Statement` array, or the
    /// `Statement` object itself when the document writes its one statement without an array.
    fn position(&self, at: &StatementRef) -> Option<Position> {
        let document = self.document(&at.policy)?;
        let root = json::parse(&document.text).ok()?;
        let mut node = &root;
        for segment in document.prefix.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            node = &node.members()?.iter().find(|m| m.key == segment)?.value;
        }
        let Kind::Object(members) = &node.kind else {
            return None;
        };
        let statements = &members.iter().find(|m| m.key == "Statement")?.value;
        let offset = match &statements.kind {
            Kind::Array(items) => items.get(at.statement)?.offset,
            Kind::Object(_) if at.statement == 0 => statements.offset,
            _ => return None,
        };
        Some(Position::of(&document.text, offset))
    }

    /// A SARIF location of a statement: its file as given, with the line and column where the
    /// statement starts (always known: the document was parsed to be compared).
    fn location(&self, at: &StatementRef) -> Value {
        let (file, prefix) = self
            .document(&at.policy)
            .map_or((at.policy.as_str(), ""), |d| {
                (d.file.as_str(), d.prefix.as_str())
            });
        let mut physical = json!({ "artifactLocation": artifact_location(file) });
        if let Some(position) = self.position(at) {
            physical["region"] = json!({
                "startLine": position.line,
                "startColumn": position.column,
            });
        }
        json!({
            "physicalLocation": physical,
            "logicalLocations": [{
                "fullyQualifiedName": format!("{file}#{prefix}/Statement/{}", at.statement),
            }],
        })
    }
}

/// How many Action names a result's message lists before it says how many more there are.
const LISTED_ACTIONS: usize = 10;

fn actions_text(group: &Group<'_>) -> String {
    let mut text = group
        .findings
        .iter()
        .take(LISTED_ACTIONS)
        .map(|f| format!("`{}`", f.action))
        .collect::<Vec<_>>()
        .join(", ");
    if group.findings.len() > LISTED_ACTIONS {
        let _ = write!(text, " and {} more", group.findings.len() - LISTED_ACTIONS);
    }
    text
}

fn result(rule: usize, message: String, location: Value, properties: Value) -> Value {
    json!({
        "ruleId": RULES[rule].id,
        "ruleIndex": rule,
        "level": RULES[rule].level,
        "message": { "text": message },
        "locations": [location],
        "properties": properties,
    })
}

/// The results of one direction: one per group of findings, at the gaining side's statement
/// that grants the access; `losing` is the side that does not allow it (`None` for `check`).
fn direction(
    out: &mut Vec<Value>,
    rule: usize,
    findings: &[Finding],
    gaining: &Documents<'_>,
    losing: Option<Side>,
) {
    for group in groups(findings) {
        let Some(first) = group.findings.first() else {
            continue;
        };
        let because = losing.map_or_else(String::new, |side| {
            format!(" ({})", because_text(&first.because, side))
        });
        let message = format!(
            "{} on {}{because}; witness: {}",
            actions_text(&group),
            resources_text(first),
            request_text(first),
        );
        let properties = json!({
            "actions": group.findings.iter().map(|f| f.action.as_str()).collect::<Vec<_>>(),
            "resource_group": first.resource_group,
            "witness": witness_json(&first.witness),
        });
        out.push(result(
            rule,
            message,
            gaining.location(&first.grant),
            properties,
        ));
    }
}

/// Notes on the statements of `sides` whose conditions were counted conservatively.
fn approximated(
    out: &mut Vec<Value>,
    comparison: &Comparison,
    old: &Documents<'_>,
    new: &Documents<'_>,
    sides: &[Side],
) {
    for at in comparison
        .approximated
        .iter()
        .filter(|a| sides.contains(&a.side))
    {
        let documents = if at.side == Side::New { new } else { old };
        out.push(result(
            APPROXIMATED,
            format!(
                "{at} has conditions or principals that were not decided: it was counted so that no new access is missed"
            ),
            documents.location(at),
            json!({}),
        ));
    }
}

/// Warnings on the Actions too complex to decide in the added direction, on the first
/// document of the new side (the Action is undecided over the whole set, not at a statement).
fn undecided(out: &mut Vec<Value>, comparison: &Comparison, new: &Documents<'_>) {
    let Some(name) = new.0.first().map(|d| d.file.as_str()) else {
        return;
    };
    for (_, action) in comparison
        .undecided
        .iter()
        .filter(|(side, _)| *side == Side::New)
    {
        out.push(result(
            UNDECIDED,
            format!(
                "`{action}`: the resource patterns are too complex to decide; counted as possible new access"
            ),
            json!({ "physicalLocation": { "artifactLocation": artifact_location(name) } }),
            json!({ "action": action }),
        ));
    }
}

fn log(results: Vec<Value>) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": r.level },
                "properties": { "tags": ["security"] },
            })
        })
        .collect();
    crate::common::json_text(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ramctl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "invocations": [{ "executionSuccessful": true }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }))
}

/// The SARIF log of `ramctl compare`: new access as errors at the NEW statements that grant
/// it, removed access as notes at the OLD statements that granted it, statements whose
/// conditions were over-approximated as notes, and undecided Actions as warnings.
pub fn compare_log(comparison: &Comparison, old: &Documents<'_>, new: &Documents<'_>) -> String {
    let mut results = Vec::new();
    direction(
        &mut results,
        NEW_ACCESS,
        &comparison.added,
        new,
        Some(Side::Old),
    );
    direction(
        &mut results,
        REMOVED_ACCESS,
        &comparison.removed,
        old,
        Some(Side::New),
    );
    approximated(&mut results, comparison, old, new, &[Side::Old, Side::New]);
    undecided(&mut results, comparison, new);
    log(results)
}

/// The SARIF log of `ramctl check --not-granted`: an error per group of granted requests at
/// the statement that grants them, with the notes and warnings of the policies' side.
pub fn check_log(comparison: &Comparison, policies: &Documents<'_>) -> String {
    let none = Documents(&[]);
    let mut results = Vec::new();
    direction(&mut results, GRANTED, &comparison.added, policies, None);
    approximated(&mut results, comparison, &none, policies, &[Side::New]);
    undecided(&mut results, comparison, policies);
    log(results)
}
