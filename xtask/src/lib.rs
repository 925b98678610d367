//! Project automation behind `cargo xtask`: regenerating everything under `generated/` from
//! `docs-source/`, and checking that the checked-in files are current.
//!
//! Every generated file goes through [`ensure_files`], which in check mode reports a stale file
//! with the command that refreshes it, and otherwise writes all files or none.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ram_scrape::{ScrapeErrors, scrape_service_dir};
use ram_spec::Spec;

/// The command that regenerates every file under `generated/`.
pub const REGEN_COMMAND: &str = "cargo xtask regen";

/// Errors of the xtask commands.
#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    /// A file or folder could not be read or written.
    #[error("`{path}`: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    /// The scrape failed.
    #[error("{0}")]
    Scrape(#[from] ScrapeErrors),
    /// A spec could not be serialized.
    #[error("`{path}`: {message}")]
    Serialize {
        /// The spec's path.
        path: String,
        /// Why.
        message: String,
    },
    /// Files under `generated/` differ from what regen would write.
    #[error("{}", stale_report(.0))]
    Stale(Vec<String>),
}

fn stale_report(files: &[String]) -> String {
    let mut out = String::new();
    for file in files {
        let _ = writeln!(
            out,
            "stale: `{file}` differs from what `{REGEN_COMMAND}` would write"
        );
    }
    let _ = write!(out, "run `{REGEN_COMMAND}` and commit the result");
    out
}

fn io_error(path: &Path, error: &std::io::Error) -> XtaskError {
    XtaskError::Io {
        path: path.display().to_string(),
        message: error.to_string(),
    }
}

/// The workspace root (the parent of this crate's folder).
#[must_use]
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The service folders under `docs-source/`, sorted.
///
/// # Errors
///
/// When `docs-source/` cannot be listed.
pub fn services(root: &Path) -> Result<Vec<String>, XtaskError> {
    let dir = root.join("docs-source");
    let listing = std::fs::read_dir(&dir).map_err(|e| io_error(&dir, &e))?;
    let mut out: Vec<String> = listing
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    out.sort();
    Ok(out)
}

/// What regen produces for one service.
#[derive(Debug)]
pub struct ServiceOutput {
    /// The service code (the folder name).
    pub code: String,
    /// The scraped spec.
    pub spec: Spec,
    /// Files to write, relative to the workspace root, with their contents.
    pub files: BTreeMap<String, String>,
}

/// Scrapes every service and renders every generated file, writing nothing.
///
/// # Errors
///
/// All scrape errors of all services together.
pub fn render_all(root: &Path) -> Result<Vec<ServiceOutput>, XtaskError> {
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for code in services(root)? {
        let display = format!("docs-source/{code}");
        match scrape_service_dir(&root.join(&display), &display) {
            Ok(spec) => {
                let path = format!("generated/{code}/spec.json");
                let json = spec
                    .to_canonical_json()
                    .map_err(|message| XtaskError::Serialize {
                        path: path.clone(),
                        message,
                    })?;
                let files = BTreeMap::from([(path, json)]);
                outputs.push(ServiceOutput { code, spec, files });
            }
            Err(ScrapeErrors(mut e)) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(XtaskError::Scrape(ScrapeErrors(errors)))
    }
}

/// Every file currently under `generated/`, relative to the root, with `/` separators.
fn existing_generated(root: &Path) -> Result<Vec<String>, XtaskError> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) -> Result<(), XtaskError> {
        let listing = match std::fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error(dir, &e)),
        };
        for entry in listing {
            let entry = entry.map_err(|e| io_error(dir, &e))?;
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out)?;
            } else if let Ok(relative) = path.strip_prefix(root) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(&root.join("generated"), root, &mut out)?;
    out.sort();
    Ok(out)
}

/// Makes `generated/` hold exactly `files`. In check mode nothing is written and every
/// difference (a changed, missing or extra file) is an [`XtaskError::Stale`]. Otherwise every
/// file is written through a temporary file and a rename, and extra files are removed.
///
/// # Errors
///
/// Stale files in check mode; I/O failures otherwise.
pub fn ensure_files(
    root: &Path,
    files: &BTreeMap<String, String>,
    check: bool,
) -> Result<Vec<String>, XtaskError> {
    let mut changed = Vec::new();
    for (path, contents) in files {
        let full = root.join(path);
        let current = std::fs::read_to_string(&full).ok();
        if current.as_deref() != Some(contents.as_str()) {
            changed.push(path.clone());
        }
    }
    let extra: Vec<String> = existing_generated(root)?
        .into_iter()
        .filter(|path| !files.contains_key(path))
        .collect();
    if check {
        let mut stale = changed;
        stale.extend(extra);
        stale.sort();
        return if stale.is_empty() {
            Ok(stale)
        } else {
            Err(XtaskError::Stale(stale))
        };
    }
    for path in &changed {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        }
        let temporary = full.with_extension("tmp~");
        let contents = files.get(path).map(String::as_str).unwrap_or_default();
        std::fs::write(&temporary, contents).map_err(|e| io_error(&temporary, &e))?;
        std::fs::rename(&temporary, &full).map_err(|e| io_error(&full, &e))?;
    }
    for path in &extra {
        let full = root.join(path);
        std::fs::remove_file(&full).map_err(|e| io_error(&full, &e))?;
    }
    let mut touched = changed;
    touched.extend(extra);
    Ok(touched)
}

/// One line of counts for a service, as `regen` prints it.
#[must_use]
pub fn summary(spec: &Spec) -> String {
    let documented = spec
        .arn_templates
        .iter()
        .filter(|t| !t.documented.is_empty())
        .count();
    let rg_unsupported = spec
        .actions
        .iter()
        .filter(|a| a.resource_group_authorization == Some(false))
        .count();
    let inferred = spec
        .actions
        .iter()
        .filter(|a| a.access_level_inferred)
        .count();
    format!(
        "{}: {} apis, {} actions ({} with inferred access level, {} without rg-level authorization), {} arn templates ({} documented), {} arn parameters, {} rg resource types, {} findings",
        spec.service.code,
        spec.apis.len(),
        spec.actions.len(),
        inferred,
        rg_unsupported,
        spec.arn_templates.len(),
        documented,
        spec.arn_parameters.len(),
        spec.resource_group_types.len(),
        spec.findings.len()
    )
}

/// Regenerates (or, with `check`, verifies) everything under `generated/`.
///
/// # Errors
///
/// Scrape errors (nothing is written), stale files in check mode, or I/O failures.
pub fn regen(root: &Path, check: bool) -> Result<Vec<String>, XtaskError> {
    let outputs = render_all(root)?;
    let mut files = BTreeMap::new();
    let mut lines = Vec::new();
    for output in outputs {
        lines.push(summary(&output.spec));
        files.extend(output.files);
    }
    ensure_files(root, &files, check)?;
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone catches a stale `generated/`, naming the command that fixes it.
    #[test]
    fn generated_files_are_current() {
        if let Err(e) = regen(&workspace_root(), true) {
            panic!("{e}");
        }
    }

    /// An edited snapshot under `docs-source/` is always a deliberate, reviewed change.
    #[test]
    fn every_pinned_page_matches_its_recorded_hash() {
        let root = workspace_root();
        for code in services(&root).unwrap() {
            let display = format!("docs-source/{code}");
            if let Err(e) = ram_scrape::load_service_dir(&root.join(&display), &display) {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn regeneration_is_byte_identical_run_to_run() {
        let root = workspace_root();
        let first: Vec<_> = render_all(&root)
            .unwrap()
            .into_iter()
            .map(|o| o.files)
            .collect();
        let second: Vec<_> = render_all(&root)
            .unwrap()
            .into_iter()
            .map(|o| o.files)
            .collect();
        assert_eq!(first, second);
        assert!(
            first
                .iter()
                .all(|files| files.values().all(|text| text.ends_with('\n')))
        );
    }

    #[test]
    fn ensure_files_reports_changed_missing_and_extra_files_in_check_mode() {
        let dir = std::env::temp_dir().join(format!("xtask-ensure-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("generated/a")).unwrap();
        std::fs::write(dir.join("generated/a/same.json"), "same").unwrap();
        std::fs::write(dir.join("generated/a/changed.json"), "old").unwrap();
        std::fs::write(dir.join("generated/a/extra.json"), "x").unwrap();
        let files = BTreeMap::from([
            ("generated/a/same.json".to_owned(), "same".to_owned()),
            ("generated/a/changed.json".to_owned(), "new".to_owned()),
            ("generated/b/missing.json".to_owned(), "m".to_owned()),
        ]);
        let Err(XtaskError::Stale(stale)) = ensure_files(&dir, &files, true) else {
            panic!("check mode must report stale files");
        };
        assert_eq!(
            stale,
            [
                "generated/a/changed.json",
                "generated/a/extra.json",
                "generated/b/missing.json"
            ]
        );
        let message = XtaskError::Stale(stale).to_string();
        assert!(message.contains("run `cargo xtask regen`"), "{message}");
        ensure_files(&dir, &files, false).unwrap();
        assert!(ensure_files(&dir, &files, true).unwrap().is_empty());
        assert!(!dir.join("generated/a/extra.json").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
