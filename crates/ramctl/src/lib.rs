//! `ramctl`: command-line tools for RAM authorization on Alibaba Cloud, starting with
//! Container Registry (service code `cr`).
//!
//! The binary's subcommands are thin wrappers around this library, one module each:
//!
//! - [`lint`]: checks policy documents of every kind with [`ram_policy::lint::lint_as`], and
//!   the policies embedded in Terraform and ROS templates found by [`ram_iac`], and reports the
//!   findings like a compiler, as JSON, or as SARIF 2.1.0.
//! - [`generate`]: writes the least-privilege policies for a list of APIs or Actions with
//!   [`ram_policy::generate::generate`], split by where to attach them.
//! - [`explain`]: everything the spec knows of one API or Action, with its sources.
//! - [`actions`] and [`apis`]: the catalog as tables or JSON, filtered by access level,
//!   resource-group support or an Action pattern.
//! - [`simulate`]: evaluates the requests of a cases file against named policies (identity
//!   policies at account or resource-group scope, control policies, session policies) with
//!   [`ram_policy::evaluate`] and the catalog, and checks each decision against the case's
//!   expectation.
//! - [`compare`]: whether a policy change grants new access, with [`ram_policy::compare`]:
//!   the access added and removed, as resource patterns and witness requests.
//!
//! Every subcommand reads the catalog of every embedded spec ([`common::catalog`], the
//! `ram-catalog` crate), never a bindings crate, so a new service under `generated/` needs no
//! change here.
//!
//! ```sh
//! ramctl lint policy.json --format sarif          # exit 1 on an error finding
//! ramctl generate PullRepository --namespace team-a --scope resource-group
//! ramctl explain cr:GetRepoTagManifest
//! ramctl actions --access read --rg-unsupported --format json
//! ramctl simulate --cases cases.json               # human report, exit 1 on a failed expectation
//! ramctl compare HEAD:policy.json policy.json       # exit 1 when the change grants new access
//! ```

pub mod actions;
pub mod apis;
pub mod common;
pub mod compare;
pub mod explain;
pub mod generate;
pub mod lint;
pub mod simulate;
