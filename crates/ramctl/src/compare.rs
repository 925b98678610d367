//! `ramctl compare OLD NEW`: whether a policy change grants new access, proved over the
//! pattern languages by [`ram_policy::compare`], with the access removed too.
//!
//! OLD and NEW are each a policy document or a set of policies (a simulate cases file's
//! `policies`, with or without its `cases`): a file, `-` for standard input (one of them at
//! most), or `REV:PATH`, a file of the git repository in the current directory at a revision
//! (read with `git show REV:PATH`) when no file of that name exists. The policies of a side are
//! evaluated together, as RAM evaluates a request: identity policies at account scope or
//! attached at a resource group (`"scope": {"resource_group": …}`), control and session
//! policies (`"kind": "control"`, `"session"`) and resource-based policies (`"kind":
//! "resource"`, a role's trust policy among them).
//!
//! The report lists, per direction, the findings grouped by the statement that grants the
//! access, the reason the other side does not, and the resources concerned as patterns; each
//! group has a witness request, and the confirmed witnesses are printed as a cases file that
//! `ramctl simulate --cases` accepts, with the outcomes the engine gives on each side.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use ram_catalog::Catalog;
use ram_policy::compare::{
    Because, Comparison, Finding, Language, Side, StatementRef, Witness, compare,
};
use ram_policy::{
    AttachedPolicy, Layer, Patterns, Policy, PolicyClass, PolicyErrors, Principal, Principals,
    evaluate,
};
use serde_json::{Value, json};

use crate::common::{json_text, lowercase_first, print, read_input};

mod sarif;

/// Examples shown by `ramctl compare --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl compare old.json new.json
  ramctl compare HEAD:policy.json policy.json
  ramctl compare old.json new.json --format json
  ramctl compare main:policy.json policy.json --format sarif > compare.sarif
  git show main:policy.json | ramctl compare - policy.json

Exit status: 0 when NEW allows nothing that OLD does not, 1 when it may (each finding has a
witness request), 2 on bad input.";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The findings grouped, with a cases file of the witnesses.
    #[default]
    Human,
    /// One JSON object: `no_new_access`, `added`, `removed`, `approximated`, `undecided` and
    /// `cases`.
    Json,
    /// A SARIF 2.1.0 log: a result per group of findings at the statement that grants the
    /// access (new access as errors, removed access and over-approximated statements as notes),
    /// for code-scanning upload.
    Sarif,
}

/// The arguments of `ramctl compare`.
#[derive(Debug, Clone, clap::Args)]
pub struct CompareArgs {
    /// The policy (or set of policies, as in a simulate cases file) before the change: a file,
    /// `-` (standard input) or `REV:PATH`.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The policy (or set of policies) after the change: a file, `-` (standard input) or
    /// `REV:PATH`.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Why the policies could not be compared. Every message names the input as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    /// An input could not be read.
    #[error("{source_name}: cannot read the file: {message}")]
    Read {
        /// The input as given.
        source_name: String,
        /// What went wrong.
        message: String,
    },
    /// Two inputs are standard input.
    #[error("only one input can be `-`")]
    TwoStdin,
    /// An input is not a valid policy document.
    #[error("{}", .messages.join("\n"))]
    Invalid {
        /// One line per problem.
        messages: Vec<String>,
    },
}

/// Reads one side: a file, standard input, or `REV:PATH` through `git show`.
fn read_side(path: &Path) -> Result<(String, String), CompareError> {
    let given = path.display().to_string();
    let is_revision = path.as_os_str() != "-" && !path.exists() && given.contains(':');
    if !is_revision {
        return read_input(path).map_err(|e| CompareError::Read {
            source_name: e.source_name,
            message: e.message,
        });
    }
    let output = Command::new("git")
        .arg("show")
        .arg(&given)
        .output()
        .map_err(|e| CompareError::Read {
            source_name: given.clone(),
            message: format!("cannot run `git show`: {}", lowercase_first(&e.to_string())),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(CompareError::Read {
            source_name: given.clone(),
            message: format!(
                "`git show {given}` failed: {}",
                lowercase_first(stderr.trim())
            ),
        });
    }
    let text = String::from_utf8(output.stdout).map_err(|_| CompareError::Read {
        source_name: given.clone(),
        message: "the file is not valid utf-8".to_owned(),
    })?;
    Ok((given, text.trim_start_matches('\u{feff}').to_owned()))
}

/// One side of a comparison: a policy document, or a set of policies as in a simulate cases
/// file (`{"policies": {NAME: {"document": …, "kind": …, "scope": …}}}`), told apart by the
/// set's `policies` member. A set's policies are named `FILE#NAME`.
fn parse_side(
    catalog: &'static Catalog,
    source_name: &str,
    text: &str,
) -> Result<(Vec<AttachedPolicy>, Vec<sarif::Document>), Vec<String>> {
    let is_set = ram_policy::json::parse(text)
        .ok()
        .and_then(|root| {
            root.members()
                .map(|members| members.iter().any(|m| m.key == "policies"))
        })
        .unwrap_or(false);
    if is_set {
        return match crate::simulate::cases::parse_policy_set(catalog, text) {
            Ok(set) => {
                let mut policies = Vec::new();
                let mut documents = Vec::new();
                for mut attached in set {
                    let name = attached.name.clone();
                    attached.name = format!("{source_name}#{name}");
                    documents.push(sarif::Document {
                        policy: attached.name.clone(),
                        file: source_name.to_owned(),
                        text: text.to_owned(),
                        prefix: format!(
                            "/policies/{}/document",
                            ram_policy::json::pointer_escape(&name)
                        ),
                    });
                    policies.push(attached);
                }
                Ok((policies, documents))
            }
            Err(crate::simulate::cases::ParseError::Syntax(e)) => {
                Err(vec![format!("{source_name}: {e}")])
            }
            Err(crate::simulate::cases::ParseError::Invalid(errors)) => Err(errors
                .iter()
                .map(|e| {
                    format!(
                        "{source_name}: {}: {} (line {}, column {})",
                        e.pointer, e.message, e.position.line, e.position.column
                    )
                })
                .collect()),
        };
    }
    Policy::parse(text)
        .map(|policy| {
            (
                vec![AttachedPolicy::identity(source_name, policy)],
                vec![sarif::Document {
                    policy: source_name.to_owned(),
                    file: source_name.to_owned(),
                    text: text.to_owned(),
                    prefix: String::new(),
                }],
            )
        })
        .map_err(|PolicyErrors(errors)| {
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
                .collect()
        })
}

/// The report of a comparison, with its exit status.
#[derive(Debug, Clone)]
pub struct Report {
    /// The text to print.
    pub output: String,
    /// 0 when no new access, 1 otherwise.
    pub code: u8,
}

/// Compares two policy documents' texts, named as given.
///
/// # Errors
///
/// [`CompareError::Invalid`] when either is not a valid policy (every problem of both).
pub fn compare_texts(
    catalog: &'static Catalog,
    old: (&str, &str),
    new: (&str, &str),
    format: Format,
) -> Result<Report, CompareError> {
    let parsed = [
        parse_side(catalog, old.0, old.1),
        parse_side(catalog, new.0, new.1),
    ];
    let mut messages = Vec::new();
    let mut sides = Vec::new();
    for side in parsed {
        match side {
            Ok(p) => sides.push(p),
            Err(m) => messages.extend(m),
        }
    }
    let [(old_set, old_documents), (new_set, new_documents)] =
        <[_; 2]>::try_from(sides).map_err(|_| CompareError::Invalid { messages })?;
    let comparison = compare(&old_set, &new_set, catalog);
    let cases = cases_file(catalog, &comparison, &old_set, &new_set);
    let output = match format {
        Format::Human => render_human(&comparison, old.0, new.0, &cases),
        Format::Json => render_json(&comparison, &cases),
        Format::Sarif => sarif::compare_log(
            &comparison,
            &sarif::Documents(&old_documents),
            &sarif::Documents(&new_documents),
        ),
    };
    Ok(Report {
        output,
        code: u8::from(!comparison.no_new_access()),
    })
}

/// Findings with the same grant, reason, resources and resource group, for Actions in catalog
/// order.
struct Group<'f> {
    findings: Vec<&'f Finding>,
}

fn groups(findings: &[Finding]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for f in findings {
        let same = groups.iter_mut().find(|g| {
            g.findings.first().is_some_and(|first| {
                first.grant == f.grant
                    && first.because == f.because
                    && first.resources == f.resources
                    && first.resource_group == f.resource_group
            })
        });
        match same {
            Some(g) => g.findings.push(f),
            None => groups.push(Group { findings: vec![f] }),
        }
    }
    groups
}

fn because_text(because: &Because, losing: Side) -> String {
    match because {
        Because::NotAllowed => format!("no statement of the {} policy allows it", losing.as_str()),
        Because::NotAllowedBy(Layer::ResourceBased) => format!(
            "no resource-based policy of the {} side allows it (assuming a role needs the role's trust policy to allow it)",
            losing.as_str()
        ),
        Because::NotAllowedBy(layer) => format!(
            "the {} side has {} policies and none of their statements allows it",
            losing.as_str(),
            layer.as_str()
        ),
        Because::Denied(at) => format!("{at} denies it"),
    }
}

fn request_text(f: &Finding) -> String {
    let r = &f.witness.request;
    let mut text = format!("{} on {}", r.action, r.resource);
    if let Some(group) = &r.resource_group {
        let _ = write!(text, " in resource group {group}");
    }
    if let Some(principal) = &r.principal {
        let _ = write!(text, " by {} {}", principal.kind, principal.name);
    }
    for (key, value) in &f.witness.context {
        let _ = write!(text, " with {key}={value}");
    }
    text
}

/// A finding's resources, with its resource group when it has one.
fn resources_text(f: &Finding) -> String {
    match &f.resource_group {
        Some(group) => format!(
            "{} in resource group `{group}` (of types that support resource groups)",
            f.resources
        ),
        None => f.resources.to_string(),
    }
}

/// One direction's findings in groups; `losing` is the side that does not allow them, `None`
/// for `check`, whose other side is the question itself.
fn render_direction(out: &mut String, title: &str, findings: &[Finding], losing: Option<Side>) {
    let groups = groups(findings);
    if groups.is_empty() {
        let _ = writeln!(out, "{title}: none");
        return;
    }
    let actions: std::collections::BTreeSet<&str> =
        findings.iter().map(|f| f.action.as_str()).collect();
    let _ = writeln!(
        out,
        "{title}: {} Action{} ({} finding{})",
        actions.len(),
        if actions.len() == 1 { "" } else { "s" },
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
    );
    for g in groups {
        let Some(first) = g.findings.first() else {
            continue;
        };
        let names: Vec<String> = g
            .findings
            .iter()
            .map(|f| {
                if f.in_catalog {
                    f.action.clone()
                } else {
                    format!("{} (outside the catalog)", f.action)
                }
            })
            .collect();
        match losing {
            Some(losing) => {
                let _ = writeln!(out, "  granted by {}", first.grant);
                let _ = writeln!(out, "    because: {}", because_text(&first.because, losing));
            }
            None => {
                let _ = writeln!(
                    out,
                    "  granted by policy `{}` statement {}",
                    first.grant.policy, first.grant.statement
                );
            }
        }
        let _ = writeln!(out, "    actions: {}", names.join(", "));
        let _ = writeln!(out, "    resources: {}", resources_text(first));
        let state = if first.witness.confirmed {
            "confirmed by the engine"
        } else {
            "unconfirmed: conditions decide it"
        };
        let _ = writeln!(out, "    witness: {} ({state})", request_text(first));
    }
}

/// The human report.
fn render_human(comparison: &Comparison, old: &str, new: &str, cases: &Value) -> String {
    let mut out = format!("old: {old}\nnew: {new}\n\n");
    render_direction(
        &mut out,
        "Added access (new allows, old does not)",
        &comparison.added,
        Some(Side::Old),
    );
    out.push('\n');
    render_direction(
        &mut out,
        "Removed access (old allows, new does not)",
        &comparison.removed,
        Some(Side::New),
    );
    if !comparison.approximated.is_empty() {
        out.push_str(
            "\nOver-approximated (conditions not decided; counted so that no new access is missed):\n",
        );
        for at in &comparison.approximated {
            let _ = writeln!(out, "  {at}");
        }
    }
    if !comparison.undecided.is_empty() {
        out.push_str("\nUndecided (patterns too complex; counted as possible new access):\n");
        for (side, action) in &comparison.undecided {
            let direction = if *side == Side::New {
                "added"
            } else {
                "removed"
            };
            let _ = writeln!(out, "  {action} ({direction})");
        }
    }
    if cases["cases"].as_array().is_some_and(|c| !c.is_empty()) {
        out.push_str("\nWitnesses as a cases file (`ramctl simulate --cases FILE`):\n");
        out.push_str(&json_text(cases));
    }
    out.push('\n');
    out.push_str(if comparison.no_new_access() {
        "Result: no new access\n"
    } else {
        "Result: new access\n"
    });
    out
}

fn patterns_json(p: &Patterns) -> Value {
    json!({ if p.negated { "NotResource" } else { "Resource" }: p.patterns })
}

fn language_json(l: &Language) -> Value {
    json!({
        "within": l.within.iter().map(patterns_json).collect::<Vec<_>>(),
        "except": l.except.iter().map(patterns_json).collect::<Vec<_>>(),
    })
}

fn statement_json(at: &StatementRef) -> Value {
    json!({ "side": at.side.as_str(), "policy": at.policy, "statement": at.statement })
}

/// A witness's context values as a JSON object, as findings and cases files write them: a
/// string per key, or an array for a key given several values.
fn context_json(witness: &Witness) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    for (key, value) in &witness.context {
        match map.get_mut(key) {
            Some(Value::Array(values)) => values.push(value.clone().into()),
            Some(single) => *single = json!([single.take(), value]),
            None => {
                map.insert(key.clone(), value.clone().into());
            }
        }
    }
    map
}

fn finding_json(f: &Finding) -> Value {
    let because = match &f.because {
        Because::NotAllowed => json!({ "kind": "not-allowed" }),
        Because::NotAllowedBy(layer) => json!({ "kind": "not-allowed", "layer": layer.as_str() }),
        Because::Denied(at) => json!({ "kind": "denied", "by": statement_json(at) }),
    };
    json!({
        "action": f.action,
        "in_catalog": f.in_catalog,
        "grant": statement_json(&f.grant),
        "because": because,
        "resources": language_json(&f.resources),
        "resource_group": f.resource_group,
        "witness": witness_json(&f.witness),
    })
}

/// A witness request as findings write it: Action, resource, resource group and principal
/// (`null` when the request names none), context values, and whether the engine confirmed it.
fn witness_json(witness: &Witness) -> Value {
    let r = &witness.request;
    json!({
        "action": r.action,
        "resource": r.resource,
        "resource_group": r.resource_group,
        "principal": r.principal.as_ref().map(principal_json),
        "context": context_json(witness),
        "confirmed": witness.confirmed,
    })
}

/// A principal as a cases file writes it: `{"RAM": ARN}`, `{"Service": NAME}` or
/// `{"Federated": ARN}`.
fn principal_json(principal: &Principal) -> Value {
    json!({ principal.kind.as_str(): principal.name })
}

/// A policy as a cases file writes it: the document, with its kind and scope unless it is an
/// identity policy at account scope.
fn policy_json(policy: &AttachedPolicy) -> Value {
    let mut entry = serde_json::Map::new();
    entry.insert("document".into(), policy.policy.to_json());
    match &policy.class {
        PolicyClass::IdentityAccount => {}
        PolicyClass::IdentityResourceGroup(group) => {
            entry.insert("scope".into(), json!({ "resource_group": group }));
        }
        PolicyClass::Control => {
            entry.insert("kind".into(), "control".into());
        }
        PolicyClass::Session => {
            entry.insert("kind".into(), "session".into());
        }
        PolicyClass::ResourceBased => {
            entry.insert("kind".into(), "resource".into());
        }
    }
    Value::Object(entry)
}

/// The JSON report.
fn render_json(comparison: &Comparison, cases: &Value) -> String {
    json_text(&json!({
        "no_new_access": comparison.no_new_access(),
        "added": comparison.added.iter().map(finding_json).collect::<Vec<_>>(),
        "removed": comparison.removed.iter().map(finding_json).collect::<Vec<_>>(),
        "approximated": comparison.approximated.iter().map(statement_json).collect::<Vec<_>>(),
        "undecided": comparison.undecided.iter().map(|(side, action)| json!({
            "direction": if *side == Side::New { "added" } else { "removed" },
            "action": action,
        })).collect::<Vec<_>>(),
        "cases": cases,
    }))
}

/// A cases file with both sides' policies (`old/NAME`, `new/NAME`) and, per group of findings,
/// its confirmed witness evaluated against each side, expecting what the engine decides.
fn cases_file(
    catalog: &Catalog,
    comparison: &Comparison,
    old: &[AttachedPolicy],
    new: &[AttachedPolicy],
) -> Value {
    let mut policies = serde_json::Map::new();
    let mut names = |side: &str, set: &[AttachedPolicy]| -> Vec<String> {
        set.iter()
            .map(|p| {
                let name = format!("{side}/{}", p.name);
                policies.insert(name.clone(), policy_json(p));
                name
            })
            .collect()
    };
    let old_names = names("old", old);
    let new_names = names("new", new);
    let mut cases = Vec::new();
    for (direction, findings) in [
        ("added", &comparison.added),
        ("removed", &comparison.removed),
    ] {
        for g in groups(findings) {
            let Some(f) = g.findings.first().filter(|f| f.witness.confirmed) else {
                continue;
            };
            let r = &f.witness.request;
            let context = context_json(&f.witness);
            for (side, set, names) in [("old", old, &old_names), ("new", new, &new_names)] {
                let outcome = evaluate(set, r, catalog).outcome;
                let mut case = serde_json::Map::new();
                case.insert(
                    "name".into(),
                    format!("{direction}: {} on {} ({side})", r.action, r.resource).into(),
                );
                case.insert("action".into(), r.action.clone().into());
                case.insert("resource".into(), r.resource.clone().into());
                if let Some(group) = &r.resource_group {
                    case.insert("resource_group".into(), group.clone().into());
                }
                if let Some(principal) = &r.principal {
                    case.insert("principal".into(), principal_json(principal));
                }
                if !context.is_empty() {
                    case.insert("context".into(), Value::Object(context.clone()));
                }
                case.insert("policies".into(), json!(names));
                case.insert("expect".into(), outcome.as_str().into());
                cases.push(Value::Object(case));
            }
        }
    }
    json!({ "policies": policies, "cases": cases })
}

/// Runs `ramctl compare`.
#[must_use]
pub fn execute(catalog: &'static Catalog, args: &CompareArgs) -> ExitCode {
    let result = if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        Err(CompareError::TwoStdin)
    } else {
        read_side(&args.old).and_then(|old| {
            let new = read_side(&args.new)?;
            compare_texts(catalog, (&old.0, &old.1), (&new.0, &new.1), args.format)
        })
    };
    match result {
        Ok(report) => print(&report.output, report.code),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Examples shown by `ramctl check --help`.
pub const CHECK_EXAMPLES: &str = "\
Examples:
  ramctl check --not-granted 'cr:Delete*' policy.json
  ramctl check --not-granted cr:PushRepository --resource 'acs:cr:*:*:repository/cri-1/prod/*' a.json b.json

Exit status: 0 when the policies grant no such request (a proof, over every resource the
pattern matches), 1 when they may (with a witness request per finding), 2 on bad input.";

/// The arguments of `ramctl check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The Action (or Action pattern) that must not be granted.
    #[arg(long, value_name = "ACTION")]
    pub not_granted: String,
    /// Only on resources this ARN pattern matches (default: any resource).
    #[arg(long, value_name = "ARN-PATTERN", default_value = "*")]
    pub resource: String,
    /// The policies: identity policy documents attached at account scope, or sets of policies
    /// of any kind and scope as in a simulate cases file; files, `-` (one of them) or
    /// `REV:PATH`.
    #[arg(value_name = "POLICY", required = true)]
    pub policies: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Checks that policies grant no request for an Action on resources of a pattern: a
/// comparison with a set that allows everything but that, so that its added access is exactly
/// what the policies grant of it.
///
/// # Errors
///
/// As [`compare_texts`].
pub fn check_texts(
    catalog: &'static Catalog,
    inputs: &[(String, String)],
    action: &str,
    resource: &str,
    format: Format,
) -> Result<Report, CompareError> {
    let mut messages = Vec::new();
    let mut policies = Vec::new();
    let mut documents = Vec::new();
    for (name, text) in inputs {
        match parse_side(catalog, name, text) {
            Ok((p, d)) => {
                policies.extend(p);
                documents.extend(d);
            }
            Err(m) => messages.extend(m),
        }
    }
    if !messages.is_empty() {
        return Err(CompareError::Invalid { messages });
    }
    // Everything but the Action on the resources, for every request: an identity policy, and
    // a resource-based one for the requests whose resource-based policies must allow too
    // (assuming a role) or decide alone (a service or an identity provider assuming one).
    let statements = |principals: Option<Principals>| {
        let resources = if principals.is_some() {
            Patterns::attached_resource()
        } else {
            Patterns::of(["*"])
        };
        vec![
            ram_policy::Statement {
                effect: ram_policy::Effect::Allow,
                actions: Patterns::of(["*"]),
                resources,
                conditions: Vec::new(),
                principals: principals.clone(),
            },
            ram_policy::Statement {
                effect: ram_policy::Effect::Deny,
                actions: Patterns::of([action]),
                resources: Patterns::of([resource]),
                conditions: Vec::new(),
                principals,
            },
        ]
    };
    let baseline = [
        AttachedPolicy::identity(
            "not-granted",
            Policy {
                statements: statements(None),
            },
        ),
        AttachedPolicy::new(
            "not-granted-trust",
            Policy {
                statements: statements(Some(Principals::Any)),
            },
            PolicyClass::ResourceBased,
        ),
    ];
    let comparison = compare(&baseline, &policies, catalog);
    let granted = !comparison.no_new_access();
    let output = match format {
        Format::Human => {
            let mut out = String::new();
            render_direction(
                &mut out,
                &format!("Granted `{action}` on `{resource}`"),
                &comparison.added,
                None,
            );
            for (_, undecided) in comparison.undecided.iter().filter(|(s, _)| *s == Side::New) {
                let _ = writeln!(out, "  undecided (patterns too complex): {undecided}");
            }
            if !comparison.approximated.is_empty() {
                out.push_str("\nOver-approximated (conditions not decided):\n");
                for at in comparison
                    .approximated
                    .iter()
                    .filter(|a| a.side == Side::New)
                {
                    let _ = writeln!(out, "  {at}");
                }
            }
            out.push_str(if granted {
                "\nResult: granted\n"
            } else {
                "\nResult: not granted\n"
            });
            out
        }
        Format::Sarif => sarif::check_log(&comparison, &sarif::Documents(&documents)),
        Format::Json => json_text(&json!({
            "granted": granted,
            "findings": comparison.added.iter().map(finding_json).collect::<Vec<_>>(),
            "approximated": comparison
                .approximated
                .iter()
                .filter(|a| a.side == Side::New)
                .map(statement_json)
                .collect::<Vec<_>>(),
        })),
    };
    Ok(Report {
        output,
        code: u8::from(granted),
    })
}

/// Runs `ramctl check`.
#[must_use]
pub fn execute_check(catalog: &'static Catalog, args: &CheckArgs) -> ExitCode {
    let stdin_count = args
        .policies
        .iter()
        .filter(|p| p.as_os_str() == "-")
        .count();
    let result = if stdin_count > 1 {
        Err(CompareError::TwoStdin)
    } else {
        args.policies
            .iter()
            .map(|p| read_side(p))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|inputs| {
                check_texts(
                    catalog,
                    &inputs,
                    &args.not_granted,
                    &args.resource,
                    args.format,
                )
            })
    };
    match result {
        Ok(report) => print(&report.output, report.code),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_with_several_values_is_an_array_in_order() {
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let witness = Witness {
            request: ram_policy::Request::new("cr:GetRepository", "*"),
            context: vec![
                pair("k", "a"),
                pair("j", "c"),
                pair("k", "b"),
                pair("k", "d"),
            ],
            confirmed: true,
        };
        assert_eq!(
            Value::Object(context_json(&witness)),
            json!({"k": ["a", "b", "d"], "j": "c"})
        );
    }

    #[test]
    fn a_revision_path_names_git_in_its_error() {
        // A name with a colon that is no file is read with `git show`; a revision that does
        // not exist is an error naming it (the message is git's own).
        let missing = Path::new("no-such-revision-1f3a:policy.json");
        match read_side(missing) {
            Err(CompareError::Read { source_name, .. }) => {
                assert_eq!(source_name, "no-such-revision-1f3a:policy.json");
            }
            other => panic!("{other:?}"),
        }
    }
}
