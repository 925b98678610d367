//! `ramctl`: command-line tools for RAM authorization on Alibaba Cloud, starting with
//! Container Registry (service code `cr`).
//!
//! The binary's subcommands are thin wrappers around this library, one module each:
//!
//! - [`simulate`]: evaluates the requests of a cases file against named policies (identity
//!   policies at account or resource-group scope, control policies, session policies) with
//!   [`ram_policy::evaluate`] and the `cr` catalog, and checks each decision against the
//!   case's expectation.
//!
//! ```sh
//! ramctl simulate --cases cases.json               # human report, exit 1 on a failed expectation
//! ramctl simulate --cases cases.json --format json # one JSON object per case
//! ```

pub mod simulate;
