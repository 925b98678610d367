//! Embeds every `generated/<service>/spec.json` of the workspace, found by listing
//! `generated/`, so that a new service needs no code: the catalog reads the specs as data.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let generated = manifest.join("../../generated");
    // A directory added or removed under `generated/` changes the list.
    println!("cargo::rerun-if-changed={}", generated.display());
    let mut specs: Vec<(String, PathBuf)> = match fs::read_dir(&generated) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|dir| dir.join("spec.json").is_file())
            .filter_map(|dir| {
                let name = dir.file_name()?.to_str()?.to_owned();
                Some((name, dir.join("spec.json")))
            })
            .collect(),
        Err(e) => {
            println!("cargo::error=cannot list `{}`: {e}", generated.display());
            Vec::new()
        }
    };
    // Sorted by directory, so that the embedded order (and the catalog's) is stable.
    specs.sort();
    let mut out = String::from(
        "/// Every `generated/<dir>/spec.json`, as `(dir, text)`, sorted by directory.\n\
         pub(crate) const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &specs {
        println!("cargo::rerun-if-changed={}", path.display());
        let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    out.push_str("];\n");
    // The vendor's index of services and the service codes its own policies use, when regen
    // wrote them: what tells a known service without an Action list from a misspelt code.
    for (name, file) in [
        ("INDEX", "index/index.json"),
        ("VENDOR_SERVICES", "vendor-policies/services.json"),
    ] {
        let path = generated.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let value = if path.is_file() {
            let absolute = fs::canonicalize(&path).unwrap_or(path);
            format!("include_str!({:?})", absolute.display().to_string())
        } else {
            "\"[]\"".to_owned()
        };
        let _ = writeln!(out, "pub(crate) const {name}: &str = {value};");
    }
    let target = Path::new(&env::var_os("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = fs::write(&target, out) {
        println!("cargo::error=cannot write `{}`: {e}", target.display());
    }
}
