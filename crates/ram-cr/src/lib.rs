//! Typed RAM authorization bindings of Alibaba Cloud Container Registry (service code `cr`).
//!
//! Everything here is generated from `generated/cr/spec.json`, which `cargo xtask regen`
//! scrapes from the vendor's pages: [`Api`] (73 API operations), [`Action`] (132 RAM Actions),
//! [`ArnTemplate`] and its typed ARNs in [`arn`], [`ResourceGroupType`], and one typed
//! operation per API in [`ops`]. A wrong action/resource pairing does not compile:
//!
//! ```
//! use ram_core::{Authorizer, Operation};
//! use ram_cr::{Action, arn, ops};
//!
//! struct Log;
//! impl Authorizer for Log {
//!     type Principal = str;
//!     type Output = String;
//!     fn authorize(&self, who: &str, action: &str, resource: &str) -> String {
//!         format!("{who} {action} {resource}")
//!     }
//! }
//!
//! let repo: arn::Repository = "acs:cr:cn-hangzhou:1234567890:repository/cri-abc/team-a/web".parse().unwrap();
//! assert_eq!(
//!     Log.check::<ops::PullRepository>("alice", &repo),
//!     "alice cr:PullRepository acs:cr:cn-hangzhou:1234567890:repository/cri-abc/team-a/web"
//! );
//! assert_eq!(ops::PullRepository::ACTION, Action::PullRepository);
//! assert_eq!("CR:pullrepository".parse::<Action>().unwrap(), Action::PullRepository);
//! ```
//!
//! The same code is checked in, pretty-printed, as `generated/cr/bindings.rs` for review; the
//! `checked-in` feature compiles that file instead of expanding the macro.

#![deny(warnings, missing_docs)]

#[cfg(not(feature = "checked-in"))]
ram_macros::bindings!("../../generated/cr/spec.json");

#[cfg(feature = "checked-in")]
include!("../../../generated/cr/bindings.rs");
