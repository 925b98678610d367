//! `ramctl generate`: the least-privilege policies for a list of APIs or Actions, with
//! [`ram_policy::generate::generate`]; or, with `--rg-unsupported`, the account-level policy of
//! the Actions a resource-group policy cannot grant, with
//! [`ram_policy::generate::rg_unsupported`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use ram_catalog::{ActionRef, Catalog, TemplateRef};
use ram_core::{ActionInfo, UnknownName};
use ram_policy::generate::{self as policy_generate, Attachment, Generated};
use serde_json::{Value, json};

use crate::common::{self, Format, ReadError, Scope};

/// Examples shown by `ramctl generate --help`.
pub const EXAMPLES: &str = "\
Examples:
  ramctl generate PullRepository PushRepository --namespace team-a
  ramctl generate cr:PullRepository ListInstance --region cn-hangzhou --account 1234567890 \\
      --instance cri-abc --namespace team-a --repository web
  ramctl generate PullRepository GetRepoTagManifest --scope resource-group
  ramctl generate --file actions.txt --format json
  ramctl generate --rg-unsupported --access read

Names are APIs as documented (`PullRepository`) or Actions in any case (`cr:PullRepository`);
`--file` reads one per line (blank lines and `#` comments are ignored, `-` is standard input).
An ARN parameter not given is `*`.

Exit status: 0 with the policies, 2 on bad input (unknown name, unreadable file, bad value).";

/// Which Actions `--rg-unsupported` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RgAccess {
    /// Only the Actions of the read and list classes.
    Read,
}

/// The arguments of `ramctl generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// APIs (`PullRepository`) or Actions (`cr:PullRepository`, any case).
    #[arg(value_name = "API|ACTION")]
    pub names: Vec<String>,
    /// Reads more names from a file, one per line; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The region (`$regionid`).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// The account ID (`$accountid`).
    #[arg(long, value_name = "ACCOUNT")]
    pub account: Option<String>,
    /// The instance ID (`$instanceid`).
    #[arg(long, value_name = "INSTANCE")]
    pub instance: Option<String>,
    /// The image namespace (`$namespacename`).
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// The image repository (`$repositoryname`).
    #[arg(long, value_name = "REPOSITORY")]
    pub repository: Option<String>,
    /// The chart namespace (`$chartnamespacename`).
    #[arg(long, value_name = "CHART_NAMESPACE")]
    pub chart_namespace: Option<String>,
    /// The chart repository (`$chartrepositoryname`).
    #[arg(long, value_name = "CHART_REPOSITORY")]
    pub chart_repository: Option<String>,
    /// Where the policy is attached; for a resource group, Actions without
    /// resource-group-level authorization go into a second, account-level policy.
    #[arg(long, value_enum, default_value_t = Scope::Account)]
    pub scope: Scope,
    /// Instead, the account-level policy of every Action without resource-group-level
    /// authorization, on `*`.
    #[arg(
        long,
        conflicts_with_all = [
            "names", "file", "region", "account", "instance", "namespace", "repository",
            "chart_namespace", "chart_repository", "scope",
        ]
    )]
    pub rg_unsupported: bool,
    /// With `--rg-unsupported`: only the read and list Actions.
    #[arg(long, value_enum, value_name = "ACCESS", requires = "rg_unsupported")]
    pub access: Option<RgAccess>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Look names up in this service only (its code): an API of it, or an Action with or
    /// without its prefix (`--service kms Decrypt`).
    #[arg(long, value_name = "CODE")]
    pub service: Option<String>,
    /// The value of any ARN parameter of the named Actions' templates, by its name in snake
    /// case (`--param key=k-1` for KMS's `$key_id`, `--param bucket=logs`); the flags above
    /// are the same for Container Registry's and the region and account of every service.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

/// Why no policy could be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// The file of names could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A name is neither a known API nor a known Action.
    #[error("{}{error}", place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default())]
    Unknown {
        /// `FILE:LINE` for a name read from a file.
        place: Option<String>,
        /// The name and the closest known ones.
        error: UnknownName,
    },
    /// No name was given.
    #[error("no api or action given: name them, or read them with `--file`")]
    NoNames,
    /// `--service` names no service of the catalog.
    #[error("--service: {0}")]
    UnknownService(UnknownName),
    /// A `--param` that is not `NAME=VALUE`, or whose name no template of the named Actions has.
    #[error("`--param {given}`: {reason}")]
    BadParam {
        /// The argument as given.
        given: String,
        /// Why.
        reason: String,
    },
    /// A parameter value that would not stay in its ARN segment.
    #[error("`--{flag}` cannot be `{value}`: {reason}")]
    BadValue {
        /// The option, without `--`.
        flag: &'static str,
        /// The value as given.
        value: String,
        /// Why.
        reason: String,
    },
}

/// Why a parameter value would not stay in its ARN segment: the same check as the typed ARNs'
/// `try_new`, so that nothing printed here is an ARN the bindings refuse.
fn value_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("a value is required (leave the option out for `*`)".to_owned());
    }
    // The field name only words the message; the reason is the value's.
    ram_core::arn::check_param("value", value)
        .err()
        .map(|e| e.reason)
}

/// The ARN parameter values given, keyed as [`ram_policy::generate::generate`] expects.
///
/// # Errors
///
/// [`GenerateError::BadValue`] for a value that a typed ARN's `try_new` would refuse (empty, a
/// wildcard, whitespace, `:` or `/`), with the same reason.
pub fn values(args: &GenerateArgs) -> Result<BTreeMap<String, String>, Vec<GenerateError>> {
    let given = [
        ("region", "region", &args.region),
        ("account", "account", &args.account),
        ("instance", "instance", &args.instance),
        ("namespace", "namespace", &args.namespace),
        ("repository", "repository", &args.repository),
        ("chart_namespace", "chart-namespace", &args.chart_namespace),
        (
            "chart_repository",
            "chart-repository",
            &args.chart_repository,
        ),
    ];
    let mut values = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, flag, value) in given {
        let Some(value) = value else { continue };
        // The same check as the typed ARNs' `try_new`, so that nothing printed here is an ARN
        // the bindings refuse.
        let reason = value_problem(value);
        match reason {
            Some(reason) => errors.push(GenerateError::BadValue {
                flag,
                value: value.clone(),
                reason,
            }),
            None => {
                values.insert(key.to_owned(), value.clone());
            }
        }
    }
    for given in &args.params {
        let Some((name, value)) = given.split_once('=') else {
            errors.push(GenerateError::BadParam {
                given: given.clone(),
                reason: "expected `NAME=VALUE`".to_owned(),
            });
            continue;
        };
        let reason = value_problem(value);
        match reason {
            Some(reason) => errors.push(GenerateError::BadParam {
                given: given.clone(),
                reason,
            }),
            None => {
                values.insert(name.to_owned(), value.to_owned());
            }
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// The names of a `--file`: one per line, trimmed; blank lines and `#` comments (whole lines or
/// the rest of a line) are ignored. Each comes with its 1-based line.
#[must_use]
pub fn names_in(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let name = line.split('#').next().unwrap_or_default().trim();
            (!name.is_empty()).then(|| (i + 1, name.to_owned()))
        })
        .collect()
}

/// Resolves every name to what the catalog knows of its Action, in the order given.
///
/// # Errors
///
/// Every unknown name, with its place and suggestions.
pub fn resolve_all(
    catalog: &'static Catalog,
    service: Option<&'static ram_catalog::Service>,
    names: &[(Option<String>, String)],
) -> Result<Vec<ActionInfo<'static>>, Vec<GenerateError>> {
    let mut infos = Vec::new();
    let mut errors = Vec::new();
    for (place, name) in names {
        let resolved = match service {
            Some(service) => common::resolve_in(catalog, service, name),
            None => common::resolve(catalog, name),
        };
        match resolved {
            Ok(resolved) => {
                if let Some(mut info) = resolved.action().map(ActionRef::info) {
                    // A named API needs only its own resource, not every resource of its
                    // Action (`CreateChartNamespace` is `cr:CreateNamespace` on chart ARNs).
                    if let common::Name::Api(api) = resolved {
                        info.templates = api
                            .resource_template()
                            .map(TemplateRef::text)
                            .into_iter()
                            .collect();
                        info.any_resource = api.resource_template().is_none();
                    }
                    infos.push(info);
                }
            }
            Err(error) => errors.push(GenerateError::Unknown {
                place: place.clone(),
                error,
            }),
        }
    }
    if errors.is_empty() {
        Ok(infos)
    } else {
        Err(errors)
    }
}

/// `account` or `resource-group`.
#[must_use]
pub const fn attachment_name(attachment: Attachment) -> &'static str {
    match attachment {
        Attachment::Account => "account",
        Attachment::ResourceGroup => "resource-group",
    }
}

fn attach_phrase(attachment: Attachment) -> &'static str {
    match attachment {
        Attachment::Account => "attach at account level",
        Attachment::ResourceGroup => "attach at the resource group",
    }
}

/// The policy of `--rg-unsupported`, with where to attach it and why.
#[must_use]
pub fn rg_unsupported(catalog: &Catalog, read_only: bool) -> Generated {
    let which = if read_only {
        "the read and list Actions"
    } else {
        "the Actions"
    };
    Generated {
        attachment: Attachment::Account,
        reason: format!(
            "{which} without resource-group-level authorization, which a policy attached at a resource group cannot grant"
        ),
        policy: policy_generate::rg_unsupported(catalog, read_only),
    }
}

/// The human output: each policy's canonical JSON after a `# attach at ...: reason` line,
/// separated by blank lines.
#[must_use]
pub fn render_human(generated: &[Generated]) -> String {
    generated
        .iter()
        .map(|g| {
            format!(
                "# {}: {}\n{}",
                attach_phrase(g.attachment),
                g.reason,
                g.policy.to_canonical_string()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The JSON output: an array of `{"attach": "account"|"resource-group", "reason": ...,
/// "document": {...}}`.
#[must_use]
pub fn render_json(generated: &[Generated]) -> String {
    let items: Vec<Value> = generated
        .iter()
        .map(|g| {
            json!({
                "attach": attachment_name(g.attachment),
                "reason": g.reason,
                "document": g.policy.to_json(),
            })
        })
        .collect();
    common::json_text(&Value::Array(items))
}

/// Generates what the arguments ask for.
///
/// # Errors
///
/// Every problem of the input: unreadable `--file`, unknown names, bad values, no names.
pub fn run(
    catalog: &'static Catalog,
    args: &GenerateArgs,
) -> Result<Vec<Generated>, Vec<GenerateError>> {
    if args.rg_unsupported {
        return Ok(vec![rg_unsupported(
            catalog,
            args.access == Some(RgAccess::Read),
        )]);
    }
    let mut names: Vec<(Option<String>, String)> =
        args.names.iter().map(|n| (None, n.clone())).collect();
    if let Some(path) = &args.file {
        let (source_name, text) = common::read_input(path).map_err(|e| vec![e.into()])?;
        names.extend(
            names_in(&text)
                .into_iter()
                .map(|(line, name)| (Some(format!("{source_name}:{line}")), name)),
        );
    }
    let service = match args
        .service
        .as_deref()
        .map(|code| common::service(catalog, code))
    {
        Some(Err(error)) => return Err(vec![GenerateError::UnknownService(error)]),
        Some(Ok(service)) => Some(service),
        None => None,
    };
    let values = values(args);
    let infos = resolve_all(catalog, service, &names);
    let (values, infos) = match (values, infos) {
        (Ok(values), Ok(infos)) => (values, infos),
        (values, infos) => {
            let mut errors = infos.err().unwrap_or_default();
            errors.extend(values.err().unwrap_or_default());
            return Err(errors);
        }
    };
    if infos.is_empty() {
        return Err(vec![GenerateError::NoNames]);
    }
    // A `--param` no template of the named Actions has would be ignored: say so instead.
    let known = policy_generate::parameter_names(catalog, &infos);
    let unused: Vec<GenerateError> = args
        .params
        .iter()
        .filter_map(|given| {
            let (name, _) = given.split_once('=')?;
            (!known.contains(name)).then(|| GenerateError::BadParam {
                given: given.clone(),
                reason: format!(
                    "no ARN template of the named Actions has a parameter `{name}`; theirs are {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
        })
        .collect();
    if !unused.is_empty() {
        return Err(unused);
    }
    let attachment = match args.scope {
        Scope::Account => Attachment::Account,
        Scope::ResourceGroup => Attachment::ResourceGroup,
    };
    Ok(policy_generate::generate(
        catalog, &infos, &values, attachment,
    ))
}

/// Runs `ramctl generate`: prints the policies, or every problem on standard error with exit
/// status 2.
#[must_use]
pub fn execute(catalog: &'static Catalog, args: &GenerateArgs) -> ExitCode {
    match run(catalog, args) {
        Ok(generated) => {
            let output = match args.format {
                Format::Human => render_human(&generated),
                Format::Json => render_json(&generated),
            };
            common::print(&output, 0)
        }
        Err(errors) => common::fail(&errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_names_skip_blanks_and_comments() {
        assert_eq!(
            names_in("# pulls\nPullRepository\n\n  cr:ListInstance  # list\n#x\n"),
            [
                (2, "PullRepository".to_owned()),
                (4, "cr:ListInstance".to_owned())
            ]
        );
    }
}
