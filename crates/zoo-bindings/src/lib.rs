//! The bindings macro applied to a spec of your own.
//!
//! `spec.json` describes a made-up `zoo` service; it was scraped from `zoo.en.html` with
//! `cargo xtask scrape --service zoo --name Zoo --input crates/zoo-bindings/zoo.en.html --out crates/zoo-bindings/spec.json`
//! (a test keeps it current). The macro turns it into the same kind of typed bindings as
//! `ram-cr` has for Container Registry.
//!
//! ```
//! use ram_core::Operation;
//! use zoo_bindings::{Action, arn, ops};
//!
//! let cage: arn::Cage = "acs:zoo:eu-1:42:cage/c-7".parse().unwrap();
//! assert_eq!(cage.cage, "c-7");
//! assert_eq!(ops::FeedAnimal::ACTION, Action::UpdateAnimal);
//! ```

#![deny(warnings, missing_docs)]

ram_macros::bindings!("spec.json");
