//! `ramctl`: RAM authorization tools for Alibaba Cloud (Container Registry, service code `cr`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ramctl::simulate::{self, SimulateArgs};

const EXAMPLES: &str = "\
Examples:
  ramctl simulate --cases cases.json
  ramctl simulate --cases cases.json --format json
  ramctl simulate --help";

/// RAM authorization tools for Alibaba Cloud Container Registry (`cr`).
#[derive(Debug, Parser)]
#[command(name = "ramctl", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Evaluate the requests of a cases file against its policies and check the expected
    /// decisions.
    ///
    /// Each case is decided as RAM does (default deny, explicit deny wins, resource-group
    /// scopes, control and session layers) and compared with its `expect`.
    #[command(after_help = simulate::EXAMPLES)]
    Simulate(SimulateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate(args) => simulate::execute(&args),
    }
}
