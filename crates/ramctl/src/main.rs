//! `ramctl`: RAM authorization tools for Alibaba Cloud (Container Registry, service code `cr`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ramctl::actions::{self, ActionsArgs};
use ramctl::apis::{self, ApisArgs};
use ramctl::compare::{self, CheckArgs, CompareArgs};
use ramctl::explain::{self, ExplainArgs};
use ramctl::generate::{self, GenerateArgs};
use ramctl::lint::{self, LintArgs};
use ramctl::simulate::{self, SimulateArgs};

const EXAMPLES: &str = "\
Examples:
  ramctl lint policy.json
  ramctl generate PullRepository cr:ListInstance --namespace team-a
  ramctl explain GetRepoTagManifest
  ramctl actions --matching 'cr:Get*'
  ramctl apis --format json
  ramctl simulate --cases cases.json
  ramctl compare HEAD:policy.json policy.json
  ramctl check --not-granted 'cr:Delete*' policy.json
  ramctl help lint";

/// RAM authorization tools for Alibaba Cloud Container Registry (`cr`).
#[derive(Debug, Parser)]
#[command(name = "ramctl", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check policy documents, and the policies in Terraform and ROS templates, for unknown
    /// Actions, ARNs that fit no template, grants without effect, broad grants, trust policies
    /// open to anyone, and malformed conditions.
    ///
    /// Each finding has a stable rule ID (`RAM001`), a severity (error, security-warning,
    /// warning, suggestion), its place (in a template, the template's line) and a fix.
    #[command(after_help = lint::EXAMPLES)]
    Lint(LintArgs),
    /// Write the least-privilege policies for a list of APIs or Actions.
    ///
    /// Actions are grouped by the resources they need, with the ARN parameters you give and
    /// `*` for the others. For a resource group, Actions without resource-group-level
    /// authorization go into a second policy attached at account level.
    #[command(after_help = generate::EXAMPLES)]
    Generate(GenerateArgs),
    /// Show everything the documentation says about an API or an Action, with its sources.
    #[command(after_help = explain::EXAMPLES)]
    Explain(ExplainArgs),
    /// List the RAM Actions with their access level, resources, resource-group support and
    /// APIs.
    #[command(after_help = actions::EXAMPLES)]
    Actions(ActionsArgs),
    /// List the APIs with the Action they are authorized as, their resource and access level.
    #[command(after_help = apis::EXAMPLES)]
    Apis(ApisArgs),
    /// Evaluate the requests of a cases file against its policies and check the expected
    /// decisions.
    ///
    /// Each case is decided as RAM does (default deny, explicit deny wins, resource-group
    /// scopes, control and session layers) and compared with its `expect`.
    #[command(after_help = simulate::EXAMPLES)]
    Simulate(SimulateArgs),
    /// Prove that a policy change grants no new access, or show the access it adds (and the
    /// access it removes) as resource patterns and witness requests.
    ///
    /// Decided over the pattern languages for every Action of the catalog and every Action
    /// outside it; conditions are counted conservatively, so "no new access" is a proof.
    #[command(after_help = compare::EXAMPLES)]
    Compare(CompareArgs),
    /// Prove that policies grant no request for an Action (on resources of a pattern), or
    /// show a witness request that they grant.
    #[command(after_help = compare::CHECK_EXAMPLES)]
    Check(CheckArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let catalog = match ramctl::common::catalog() {
        Ok(catalog) => catalog,
        Err(e) => return ramctl::common::fail(&[e]),
    };
    match cli.command {
        Command::Lint(args) => lint::execute(catalog, &args),
        Command::Generate(args) => generate::execute(catalog, &args),
        Command::Explain(args) => explain::execute(catalog, &args),
        Command::Actions(args) => actions::execute(catalog, &args),
        Command::Apis(args) => apis::execute(catalog, &args),
        Command::Simulate(args) => simulate::execute(catalog, &args),
        Command::Compare(args) => compare::execute(catalog, &args),
        Command::Check(args) => compare::execute_check(catalog, &args),
    }
}
