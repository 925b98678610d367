//! `cargo xtask`: regenerate and check the files under `generated/`, scrape arbitrary pages.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ram_scrape::{Page, scrape};
use ram_spec::Service;
use xtask::{XtaskError, regen, summary, workspace_root};

/// Project automation for the RAM authorization toolchain.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scrape every `docs-source/<service>/` and write `generated/<service>/`.
    ///
    /// Writes nothing when any page fails to scrape; prints one line of counts per service.
    Regen,
    /// Exit non-zero when anything under `generated/` differs from what `regen` would write.
    Check,
    /// Print the semantic changelog between two specs, each a spec file or a git revision
    /// (`HEAD~1`) of the checked-in `generated/<service>/spec.json`.
    ///
    /// Exit status: 0 when the specs mean the same ("no semantic changes"), 1 when they do
    /// not, 2 on bad input.
    ///
    /// Example: `cargo xtask diff HEAD~1 generated/cr/spec.json`
    Diff {
        /// The older side.
        old: String,
        /// The newer side.
        new: String,
        /// The service whose checked-in spec a revision names.
        #[arg(long, default_value = "cr")]
        service: String,
        /// Markdown for reading, JSON for tools.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Get the current content of every source in `SOURCES.toml` (an HTML page by its `url`,
    /// a repository page at the newest commit on its branch that touches it), pin it
    /// (`sha256`, `updated`, `commit`), regenerate `generated/` and print the semantic
    /// changelog per service.
    ///
    /// All or nothing: when any source fails or the new pages do not scrape, every failure is
    /// listed and nothing under `docs-source/` or `generated/` changes. Exit status: 0 on
    /// success, 2 on errors; with `--check`, 0 when every source is current, 1 when any
    /// differs upstream (with the changelog it would produce), 2 on errors.
    Fetch {
        /// Fetch only this service (a folder under `docs-source/`); repeat for several.
        #[arg(long = "service")]
        services: Vec<String>,
        /// Change nothing; report which sources differ upstream.
        #[arg(long)]
        check: bool,
        /// Connect and read timeout of each HTTP request, in seconds.
        #[arg(long, default_value_t = 30.0)]
        timeout: f64,
        /// Redirects followed before a page counts as a redirect loop.
        #[arg(long, default_value_t = xtask::fetch::DEFAULT_MAX_REDIRECTS)]
        max_redirects: u32,
        /// Clone repositories from `<URL>/<repo>.git` (default: `$RAM_GIT_BASE`, else
        /// `https://github.com`); a mirror or a folder of local repositories.
        #[arg(long, value_name = "URL")]
        git_base: Option<String>,
        /// The workspace whose `docs-source/` and `generated/` are updated (default: this one).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Decisions per second of the compiled engine beside cedar-policy, casbin, regorus and a
    /// physical-limit baseline, with allocations per decision, by shape, size and path; then compile time and
    /// retained memory at 100,000 statements per shape; then lint time at 1k, 8k and 64k
    /// statements (a release build of `ram-bench` with its `cedar`, `casbin` and `regorus`
    /// features).
    Bench {
        /// A reduced grid (1, 100 and 1,000 statements).
        #[arg(long)]
        quick: bool,
        /// `human` (a table) or `json` (one object per row: shape, statements, path, engine,
        /// ns_per_decision, allocs_per_decision).
        #[arg(long, default_value = "human")]
        format: String,
    },
    /// Time `regen` end to end and code generation at 1x, 10x and 50x the size of `cr`.
    BenchPipeline,
    /// Measure the clean build of the `cr` bindings crate through the proc macro against the
    /// same crate compiling the checked-in `generated/cr/bindings.rs`, side by side.
    BenchBuild,
    /// Scrape pages outside `docs-source/` into a spec file.
    ///
    /// Example: `cargo xtask scrape --service ecs --input page.html --out ecs.json`
    Scrape {
        /// The service code; Actions without a prefix get it.
        #[arg(long)]
        service: String,
        /// The product name recorded in the spec (defaults to the code).
        #[arg(long)]
        name: Option<String>,
        /// A page to scrape; repeat for several.
        #[arg(long = "input", required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the spec.
        #[arg(long)]
        out: PathBuf,
    },
}

fn run(cli: Cli) -> Result<ExitCode, XtaskError> {
    let root = workspace_root();
    match cli.command {
        Command::Fetch {
            services,
            check,
            timeout,
            max_redirects,
            git_base,
            root: other_root,
        } => {
            let timeout = std::time::Duration::try_from_secs_f64(timeout)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or_else(|| XtaskError::Io {
                    path: "--timeout".into(),
                    message: format!("`{timeout}` is not a positive number of seconds"),
                })?;
            let git_base = git_base
                .or_else(|| std::env::var(xtask::fetch::GIT_BASE_ENV).ok())
                .unwrap_or_else(|| xtask::fetch::DEFAULT_GIT_BASE.to_owned());
            let options = xtask::fetch::FetchOptions {
                services,
                check,
                timeout,
                max_redirects,
                git_base,
                // Progress lines would only clutter a CI log or a pipe.
                progress: std::io::stderr().is_terminal(),
            };
            let report = xtask::fetch::fetch(other_root.as_deref().unwrap_or(&root), &options)?;
            for line in report.lines() {
                println!("{line}");
            }
            return Ok(if check && !report.is_current() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::Diff {
            old,
            new,
            service,
            format,
        } => {
            let diff = ram_spec::diff(
                &xtask::load_spec_side(&root, &old, &service)?,
                &xtask::load_spec_side(&root, &new, &service)?,
            );
            match format {
                Format::Markdown => print!("{}", diff.to_markdown()),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&diff).unwrap_or_default()
                ),
            }
            return Ok(if diff.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        Command::Regen => {
            for line in regen(&root, false)? {
                println!("{line}");
            }
        }
        Command::Check => {
            regen(&root, true)?;
            println!("generated/ is up to date");
        }
        Command::Bench { quick, format } => {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let mut args = vec![
                "run",
                "--quiet",
                "--release",
                "--package",
                "ram-bench",
                "--features",
                "cedar,casbin,regorus",
                "--",
                "--format",
                format.as_str(),
            ];
            if quick {
                args.push("--quick");
            }
            let status = std::process::Command::new(cargo)
                .args(&args)
                .current_dir(&root)
                .status()
                .map_err(|e| XtaskError::Io {
                    path: "cargo".into(),
                    message: e.to_string(),
                })?;
            if !status.success() {
                return Err(XtaskError::Io {
                    path: "cargo run -p ram-bench".into(),
                    message: format!("exited with {status}"),
                });
            }
        }
        Command::BenchPipeline => {
            for line in xtask::bench_pipeline(&root)? {
                println!("{line}");
            }
        }
        Command::BenchBuild => {
            for line in xtask::bench_build(&root)? {
                println!("{line}");
            }
        }
        Command::Scrape {
            service,
            name,
            inputs,
            out,
        } => {
            let mut pages = Vec::new();
            for input in &inputs {
                let html = std::fs::read_to_string(input).map_err(|e| XtaskError::Io {
                    path: input.display().to_string(),
                    message: e.to_string(),
                })?;
                pages.push(Page::new(&input.display().to_string(), &html));
            }
            let service = Service {
                name: name.unwrap_or_else(|| service.clone()),
                code: service,
            };
            let mut spec = scrape(service, &pages)?;
            spec.generated = scrape_notice(&spec.service, &inputs, &out);
            let json = spec
                .to_canonical_json()
                .map_err(|message| XtaskError::Serialize {
                    path: out.display().to_string(),
                    message,
                })?;
            std::fs::write(&out, json).map_err(|e| XtaskError::Io {
                path: out.display().to_string(),
                message: e.to_string(),
            })?;
            println!("{}", summary(&spec));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The `@generated` notice of a spec written by `scrape`: the command that rewrites it.
fn scrape_notice(service: &Service, inputs: &[PathBuf], out: &std::path::Path) -> String {
    let inputs: Vec<String> = inputs
        .iter()
        .map(|i| format!("--input {}", i.display()))
        .collect();
    format!(
        "by cargo xtask scrape --service {} --name '{}' {} --out {}. Do not edit.",
        service.code,
        service.name,
        inputs.join(" "),
        out.display()
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A diff and a fetch report their own finding with status 1, so every error of theirs is
    // bad input (2); the other commands say which kind of failure theirs is.
    let own_finding = matches!(cli.command, Command::Diff { .. } | Command::Fetch { .. });
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(if own_finding { 2 } else { e.exit_status() })
        }
    }
}
