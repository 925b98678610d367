//! Project automation behind `cargo xtask`: regenerating everything under `generated/` from
//! `docs-source/`, and checking that the checked-in files are current.
//!
//! Every generated file goes through [`ensure_files`], which in check mode reports a stale file
//! with the command that refreshes it, and otherwise writes all files or none.
//!
//! [`fetch`] gets the current vendor pages, stages them with a regenerated `generated/`, and
//! writes everything or nothing.

pub mod fetch;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ram_scrape::{PageReport, ScrapeErrors, scrape_service_dir_report};
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
    /// The spec cannot become code.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Codegen(Vec<ram_codegen::CodegenError>),
    /// The generated tokens are not a Rust file (a bug in the generator).
    #[error("the bindings of `{service}` do not parse as rust: {message}")]
    Unparsable {
        /// The service.
        service: String,
        /// What syn says.
        message: String,
    },
    /// Files under `generated/` differ from what regen would write.
    #[error("{}", stale_report(.0))]
    Stale(Vec<String>),
    /// Sources that could not be fetched; nothing was changed.
    #[error("{}", fetch::failure_report(.0))]
    Fetch(Vec<fetch::SourceFailure>),
    /// The fetched pages do not scrape; nothing was changed.
    #[error(
        "{0}\nthe fetched pages do not scrape; nothing under docs-source/ or generated/ was changed"
    )]
    FetchedPagesDoNotScrape(ScrapeErrors),
    /// A `--service` that has no folder under `docs-source/`.
    #[error("unknown service `{code}` (known: {known})")]
    UnknownService {
        /// The code asked for.
        code: String,
        /// The service folders, comma-separated.
        known: String,
    },
}

impl XtaskError {
    /// The exit status of the rule every command follows: 1 when the input was read and
    /// judged (pages that do not scrape, stale generated files), 2 when it could not be used
    /// (a missing or unreadable file, an unknown service, a failed fetch).
    #[must_use]
    pub const fn exit_status(&self) -> u8 {
        match self {
            Self::Scrape(_) | Self::Stale(_) => 1,
            _ => 2,
        }
    }
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

/// The folder of `docs-source/` (and `generated/`) that holds the catalog index, the vendor's
/// table of the services that support RAM, rather than a service.
pub const INDEX_DIR: &str = "index";

/// A generated JSON file's text (`serde_json::to_string_pretty` of it), with a trailing newline.
fn pretty_json(path: &str, pretty: serde_json::Result<String>) -> Result<String, XtaskError> {
    let mut json = pretty.map_err(|e| XtaskError::Serialize {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    json.push('\n');
    Ok(json)
}

/// Reads the catalog index (`docs-source/index/`) into `generated/index/index.json`'s text and
/// the line regen prints about it; `None` when the folder does not exist.
///
/// # Errors
///
/// A malformed folder, or an index page that does not read.
pub fn render_index(
    root: &Path,
    services: &[ServiceOutput],
) -> Result<Option<(String, String, String)>, XtaskError> {
    let display = format!("docs-source/{INDEX_DIR}");
    if !root.join(&display).is_dir() {
        return Ok(None);
    }
    let loaded =
        ram_scrape::load_service_dir(&root.join(&display), &display).map_err(XtaskError::Scrape)?;
    let entries = ram_scrape::read_index(&loaded.pages)
        .map_err(|errors| XtaskError::Scrape(ScrapeErrors(errors).sorted()))?;
    let path = format!("generated/{INDEX_DIR}/index.json");
    let json = pretty_json(&path, serde_json::to_string_pretty(&entries))?;
    let codes: std::collections::BTreeSet<&str> =
        entries.iter().filter_map(|e| e.code.as_deref()).collect();
    let missing: Vec<&str> = services
        .iter()
        .map(|s| s.code.as_str())
        .filter(|code| !codes.contains(code))
        .collect();
    let line = format!(
        "index: {} entries from {} pages, {} with a service code ({} distinct); catalog services the index names no code for: {}",
        entries.len(),
        loaded.pages.len(),
        entries.iter().filter(|e| e.code.is_some()).count(),
        codes.len(),
        if missing.is_empty() {
            "none".to_owned()
        } else {
            missing.join(", ")
        }
    );
    Ok(Some((path, json, line)))
}

pub use ram_scrape::vendor_policies::VENDOR_POLICIES_DIR;

/// The vendor's pages that print policies (`docs-source/vendor-policies/`), read and checked;
/// `None` when the folder does not exist.
///
/// # Errors
///
/// A malformed `SOURCES.toml`, a changed or missing page, an unlisted file.
pub fn vendor_pages(
    root: &Path,
) -> Result<Option<Vec<ram_scrape::vendor_policies::VendorPage>>, XtaskError> {
    let display = format!("docs-source/{VENDOR_POLICIES_DIR}");
    if !root.join(&display).is_dir() {
        return Ok(None);
    }
    ram_scrape::vendor_policies::load_dir(&root.join(&display), &display)
        .map(Some)
        .map_err(XtaskError::Scrape)
}

/// The Actions of a service that the vendor's policies use and its spec does not list
/// (compared in any ASCII case, as RAM compares Actions), and every Action pattern of the
/// service they use, each with every `page:line` that uses it.
#[must_use]
pub fn undocumented_evidence(
    spec: &Spec,
    pages: &[ram_scrape::vendor_policies::VendorPage],
) -> (
    Vec<ram_spec::UndocumentedAction>,
    Vec<ram_spec::UndocumentedAction>,
) {
    let prefix = format!("{}:", spec.service.code);
    let mut patterns: BTreeMap<String, ram_spec::UndocumentedAction> = BTreeMap::new();
    for page in pages {
        for block in &page.blocks {
            for used in block.actions.iter().filter(|a| a.is_pattern()) {
                let key = used.text.to_ascii_lowercase();
                if !key.starts_with(&prefix) {
                    continue;
                }
                patterns
                    .entry(key)
                    .or_insert_with(|| ram_spec::UndocumentedAction {
                        name: used.text.clone(),
                        documented: false,
                        seen_in: Vec::new(),
                    })
                    .seen_in
                    .push(format!("{}:{}", page.file, used.line));
            }
        }
    }
    (
        undocumented_actions(spec, pages),
        patterns
            .into_values()
            .map(|mut p| {
                p.seen_in.sort();
                p.seen_in.dedup();
                p
            })
            .collect(),
    )
}

/// The Actions of a service that the vendor's policies use and its spec does not list.
fn undocumented_actions(
    spec: &Spec,
    pages: &[ram_scrape::vendor_policies::VendorPage],
) -> Vec<ram_spec::UndocumentedAction> {
    let documented: std::collections::BTreeSet<String> = spec
        .actions
        .iter()
        .map(|a| a.name.to_ascii_lowercase())
        .collect();
    let prefix = format!("{}:", spec.service.code);
    let mut found: BTreeMap<String, ram_spec::UndocumentedAction> = BTreeMap::new();
    for page in pages {
        for block in &page.blocks {
            for action in block.actions.iter().filter(|a| a.is_action()) {
                let key = action.text.to_ascii_lowercase();
                if !key.starts_with(&prefix) || documented.contains(&key) {
                    continue;
                }
                let entry = found
                    .entry(key)
                    .or_insert_with(|| ram_spec::UndocumentedAction {
                        name: action.text.clone(),
                        documented: false,
                        seen_in: Vec::new(),
                    });
                entry.seen_in.push(format!("{}:{}", page.file, action.line));
            }
        }
    }
    found
        .into_values()
        .map(|mut a| {
            a.seen_in.sort();
            a.seen_in.dedup();
            a
        })
        .collect()
}

/// `generated/vendor-policies/blocks.json` (every block of every page: line, kind, leniency,
/// Actions, and whether the catalog checks each) and the line regen prints about it.
///
/// # Errors
///
/// When the summary does not serialize.
pub fn render_vendor_summary(
    pages: &[ram_scrape::vendor_policies::VendorPage],
    outputs: &[ServiceOutput],
) -> Result<(String, String, String), XtaskError> {
    // A service whose pages document no Action and no ARN checks nothing (as in lint).
    let covered: std::collections::BTreeSet<&str> = outputs
        .iter()
        .filter(|o| !o.spec.actions.is_empty() || !o.spec.arn_templates.is_empty())
        .map(|o| o.code.as_str())
        .collect();
    let checked = |text: &str| {
        text.split_once(':')
            .is_some_and(|(service, _)| covered.contains(service.to_ascii_lowercase().as_str()))
    };
    let blocks: usize = pages.iter().map(|p| p.blocks.len()).sum();
    let lenient = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .filter(|b| !b.leniency.is_empty())
        .count();
    let unparsed = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .filter(|b| b.kind == ram_scrape::vendor_policies::BlockKind::Unknown)
        .count();
    let uses: Vec<&ram_scrape::vendor_policies::ActionUse> = pages
        .iter()
        .flat_map(|p| &p.blocks)
        .flat_map(|b| &b.actions)
        .filter(|a| a.is_action() || a.is_pattern())
        .collect();
    let in_catalog = uses.iter().filter(|a| checked(&a.text)).count();
    let undocumented: usize = outputs
        .iter()
        .map(|o| o.spec.undocumented_actions.len())
        .sum();
    let path = format!("generated/{VENDOR_POLICIES_DIR}/blocks.json");
    let value = serde_json::json!({
        "@generated": "by cargo xtask regen from docs-source/vendor-policies/; do not edit",
        "pages": pages,
    });
    let json = pretty_json(&path, serde_json::to_string_pretty(&value))?;
    let share = if uses.is_empty() {
        0.0
    } else {
        100.0 * in_catalog as f64 / uses.len() as f64
    };
    let line = format!(
        "vendor policies: {} pages, {blocks} policy blocks ({lenient} read leniently, {unparsed} not JSON even so), {} Action strings of which {in_catalog} ({share:.0}%) are of a service in the catalog, {undocumented} undocumented Actions recorded",
        pages.len(),
        uses.len(),
    );
    Ok((path, json, line))
}

/// `generated/vendor-policies/services.json`: every service code the vendor's policies use in
/// an Action, with how many Action strings and the first `page:line`; the catalog embeds it so
/// that lint knows a real code from a misspelt one.
///
/// # Errors
///
/// When the list does not serialize.
pub fn render_vendor_services(
    pages: &[ram_scrape::vendor_policies::VendorPage],
) -> Result<(String, String), XtaskError> {
    let mut codes: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for page in pages {
        for block in &page.blocks {
            for used in block
                .actions
                .iter()
                .filter(|a| a.is_action() || (a.is_pattern() && a.text.contains(':')))
            {
                let Some((code, _)) = used.text.split_once(':') else {
                    continue;
                };
                let entry = codes
                    .entry(code.to_ascii_lowercase())
                    .or_insert_with(|| (0, format!("{}:{}", page.file, used.line)));
                entry.0 += 1;
            }
        }
    }
    let list: Vec<serde_json::Value> = codes
        .into_iter()
        .map(|(code, (count, first))| {
            serde_json::json!({"code": code, "action_strings": count, "first_seen": first})
        })
        .collect();
    let path = format!("generated/{VENDOR_POLICIES_DIR}/services.json");
    let json = pretty_json(&path, serde_json::to_string_pretty(&list))?;
    Ok((path, json))
}

/// The service folders under `docs-source/`, sorted (the index folder is not a service).
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
        .filter(|name| name != INDEX_DIR && name != VENDOR_POLICIES_DIR)
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
    /// Per page: the rows read and the rows refused.
    pub pages: Vec<PageReport>,
}

/// Scrapes every service and renders every generated file, writing nothing.
///
/// # Errors
///
/// All scrape errors of all services together.
pub fn render_all(root: &Path) -> Result<Vec<ServiceOutput>, XtaskError> {
    render_all_with(root, &vendor_pages(root)?.unwrap_or_default())
}

/// [`render_all`] with the vendor's policy pages already read, so that regen reads them once.
///
/// # Errors
///
/// All scrape errors of all services together.
pub fn render_all_with(
    root: &Path,
    vendor: &[ram_scrape::vendor_policies::VendorPage],
) -> Result<Vec<ServiceOutput>, XtaskError> {
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for code in services(root)? {
        match render_service(root, &code, vendor) {
            Ok(output) => outputs.push(output),
            Err(XtaskError::Scrape(ScrapeErrors(mut e))) => errors.append(&mut e),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(XtaskError::Scrape(ScrapeErrors(errors)))
    }
}

/// Scrapes one service folder and renders its generated files, writing nothing.
///
/// # Errors
///
/// The service's scrape errors, or a failure to render its files.
pub fn render_service(
    root: &Path,
    code: &str,
    vendor: &[ram_scrape::vendor_policies::VendorPage],
) -> Result<ServiceOutput, XtaskError> {
    let display = format!("docs-source/{code}");
    let ram_scrape::Scraped { mut spec, pages } =
        scrape_service_dir_report(&root.join(&display), &display).map_err(XtaskError::Scrape)?;
    (spec.undocumented_actions, spec.vendor_patterns) = undocumented_evidence(&spec, vendor);
    let path = format!("generated/{code}/spec.json");
    let json = spec
        .to_canonical_json()
        .map_err(|message| XtaskError::Serialize {
            path: path.clone(),
            message,
        })?;
    let bindings = render_bindings(&spec)?;
    let files = BTreeMap::from([
        (path, json),
        (format!("generated/{code}/bindings.rs"), bindings),
    ]);
    Ok(ServiceOutput {
        code: code.to_owned(),
        spec,
        files,
        pages,
    })
}

/// The header of every generated Rust file.
pub const BINDINGS_HEADER: &str = "// @generated by cargo xtask regen. Do not edit.\n";

/// The bindings of a spec as `bindings.rs`: `ram_codegen::generate` through `prettyplease`,
/// behind the generated-file header. This is the same token stream the `bindings!` macro
/// expands to.
///
/// # Errors
///
/// When the spec cannot become code.
pub fn render_bindings(spec: &Spec) -> Result<String, XtaskError> {
    let tokens = ram_codegen::generate(spec).map_err(XtaskError::Codegen)?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| XtaskError::Unparsable {
        service: spec.service.code.clone(),
        message: e.to_string(),
    })?;
    let code = &spec.service.code;
    Ok(format!(
        "{BINDINGS_HEADER}//\n// Typed bindings of `{code}`: exactly what `ram_macros::bindings!(\"generated/{code}/spec.json\")`\n// expands to, pretty-printed for review.\n\n{}",
        prettyplease::unparse(&file)
    ))
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

/// The lines under a service's summary: per page the rows read, and each refused row with its
/// reason, so that no row is left out unseen.
#[must_use]
pub fn page_lines(output: &ServiceOutput) -> Vec<String> {
    let mut lines = Vec::new();
    for page in &output.pages {
        let refused = if page.refused.is_empty() {
            String::new()
        } else {
            format!(", {} refused", page.refused.len())
        };
        let prose = if page.prose_rows == 0 {
            String::new()
        } else {
            format!(
                ", {} rows of declared prose sections not read",
                page.prose_rows
            )
        };
        lines.push(format!(
            "  docs-source/{}/{}: {} rows read{refused}{prose}",
            output.code, page.file, page.rows
        ));
        for row in &page.refused {
            lines.push(format!(
                "    refused: table {}, row {} (`{}`): {}",
                row.table, row.row, row.key, row.reason
            ));
        }
    }
    lines
}

/// The last line of regen: the whole catalog's counts.
#[must_use]
pub fn total_line(outputs: &[ServiceOutput]) -> String {
    let count = |f: &dyn Fn(&ServiceOutput) -> usize| outputs.iter().map(f).sum::<usize>();
    format!(
        "total: {} services, {} pages, {} apis, {} actions, {} arn templates, {} rows read, {} rows refused, {} errata applied, {} findings",
        outputs.len(),
        count(&|o| o.pages.len()),
        count(&|o| o.spec.apis.len()),
        count(&|o| o.spec.actions.len()),
        count(&|o| o.spec.arn_templates.len()),
        count(&|o| o.pages.iter().map(|p| p.rows).sum()),
        count(&|o| o.pages.iter().map(|p| p.refused.len()).sum()),
        count(&|o| o.spec.errata.len()),
        count(&|o| o.spec.findings.len()),
    )
}

/// Regenerates (or, with `check`, verifies) everything under `generated/`. Outside check mode
/// the report starts, per service, with the semantic changelog against the spec about to be
/// replaced, so the reviewer reads the meaning first, then the counts.
///
/// # Errors
///
/// Scrape errors (nothing is written), stale files in check mode, or I/O failures.
pub fn regen(root: &Path, check: bool) -> Result<Vec<String>, XtaskError> {
    let vendor = vendor_pages(root)?;
    let outputs = render_all_with(root, vendor.as_deref().unwrap_or_default())?;
    let mut files = BTreeMap::new();
    let mut lines = Vec::new();
    for output in &outputs {
        if !check {
            lines.push(changelog(root, output));
        }
        lines.push(summary(&output.spec));
        lines.extend(page_lines(output));
        files.extend(output.files.clone());
    }
    lines.push(total_line(&outputs));
    if let Some((path, json, line)) = render_index(root, &outputs)? {
        files.insert(path, json);
        lines.push(line);
    }
    if let Some(pages) = &vendor {
        let (path, json, line) = render_vendor_summary(pages, &outputs)?;
        files.insert(path, json);
        lines.push(line);
        let (path, json) = render_vendor_services(pages)?;
        files.insert(path, json);
    }
    ensure_files(root, &files, check)?;
    Ok(lines)
}

/// The semantic changelog of one service's new spec against the one checked in under `root`
/// (Markdown, as `cargo xtask diff` prints it), or a line saying why there is none.
#[must_use]
pub fn changelog(root: &Path, output: &ServiceOutput) -> String {
    let path = root.join(format!("generated/{}/spec.json", output.code));
    match std::fs::read_to_string(&path)
        .ok()
        .map(|text| Spec::from_json(&text))
    {
        Some(Ok(previous)) => ram_spec::diff(&previous, &output.spec).to_markdown(),
        Some(Err(e)) => format!(
            "the previous `{}` does not parse ({e}); no changelog",
            path.display()
        ),
        None => format!("no previous spec of `{}`: everything is new", output.code),
    }
}

/// Loads one side of a diff: a spec file, or `REV`, the checked-in spec of `service` at a git
/// revision.
///
/// # Errors
///
/// When the file cannot be read, git does not know the revision, or the spec does not parse.
pub fn load_spec_side(root: &Path, side: &str, service: &str) -> Result<Spec, XtaskError> {
    let path = Path::new(side);
    let (text, shown) = if path.is_file() {
        (
            std::fs::read_to_string(path).map_err(|e| io_error(path, &e))?,
            side.to_owned(),
        )
    } else {
        let object = format!("{side}:generated/{service}/spec.json");
        let output = std::process::Command::new("git")
            .args(["show", &object])
            .current_dir(root)
            .output()
            .map_err(|e| io_error(Path::new("git"), &e))?;
        if !output.status.success() {
            return Err(XtaskError::Io {
                path: side.to_owned(),
                message: format!(
                    "neither a spec file nor a git revision with `generated/{service}/spec.json`: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
            });
        }
        (String::from_utf8_lossy(&output.stdout).into_owned(), object)
    };
    Spec::from_json(&text).map_err(|e| XtaskError::Io {
        path: shown,
        message: e.to_string(),
    })
}

/// A synthetic spec `copies` times the size of `spec`: every API, Action and ARN template
/// repeated under a numbered name (`GetInstanceV2`, `cr:GetInstanceV2`, resource type
/// `instancev2`), for measuring how code generation scales.
///
/// # Errors
///
/// When a renamed template does not parse (a bug here).
pub fn scaled_spec(spec: &Spec, copies: usize) -> Result<Spec, XtaskError> {
    let mut out = spec.clone();
    out.findings.clear();
    out.apis.clear();
    out.actions.clear();
    out.arn_templates.clear();
    for copy in 1..=copies {
        let suffix = if copy == 1 {
            String::new()
        } else {
            format!("V{copy}")
        };
        let lower = suffix.to_lowercase();
        let rename_template = |text: &str| -> String {
            if copy == 1 || text == ram_spec::ANY_RESOURCE {
                return text.to_owned();
            }
            // `acs:cr:$regionid:$accountid:TYPE/...` -> `TYPEv2/...`
            let mut parts: Vec<String> = text.splitn(5, ':').map(str::to_owned).collect();
            if let Some(resource) = parts.get_mut(4) {
                let (head, rest) = resource
                    .split_once('/')
                    .map_or((resource.as_str(), ""), |(h, r)| (h, r));
                let renamed = if head == "*" {
                    format!("all{lower}")
                } else {
                    format!("{head}{lower}")
                };
                *resource = if rest.is_empty() {
                    renamed
                } else {
                    format!("{renamed}/{rest}")
                };
            }
            parts.join(":")
        };
        for template in &spec.arn_templates {
            let text = rename_template(&template.template);
            let structure =
                ram_spec::ArnStructure::parse(&text).map_err(|e| XtaskError::Serialize {
                    path: text.clone(),
                    message: e.to_string(),
                })?;
            let name = if copy == 1 {
                template.name.clone()
            } else {
                format!("{}_{lower}", template.name)
            };
            out.arn_templates.push(ram_spec::ArnTemplate {
                name,
                template: text,
                structure,
                ..template.clone()
            });
        }
        for api in &spec.apis {
            let mut api = api.clone();
            api.name.push_str(&suffix);
            for action in &mut api.actions {
                action.push_str(&suffix);
            }
            api.resources = api.resources.iter().map(|r| rename_template(r)).collect();
            out.apis.push(api);
        }
        for action in &spec.actions {
            let mut action = action.clone();
            action.name.push_str(&suffix);
            action.apis = action.apis.iter().map(|a| format!("{a}{suffix}")).collect();
            action.resources = action
                .resources
                .iter()
                .map(|r| rename_template(r))
                .collect();
            out.actions.push(action);
        }
    }
    out.sort();
    Ok(out)
}

/// Measures the pipeline: `regen` end to end (scrape, spec, codegen, prettyplease) and code
/// generation at 1x, 10x and 50x the size of `cr`, including a compile of the generated
/// crate; returns the report.
///
/// # Errors
///
/// When a step fails.
pub fn bench_pipeline(root: &Path) -> Result<Vec<String>, XtaskError> {
    let mut lines = Vec::new();
    let start = std::time::Instant::now();
    let cr_alone = render_service(root, "cr", &[])?;
    lines.push(format!(
        "regen (scrape + spec + codegen + prettyplease), cr alone: {:.3}s ({} actions)",
        start.elapsed().as_secs_f64(),
        cr_alone.spec.actions.len()
    ));
    let start = std::time::Instant::now();
    let outputs = render_all(root)?;
    lines.push(format!(
        "regen (scrape + spec + codegen + prettyplease), whole catalog: {:.3}s ({} services, {} actions, {} rows read)",
        start.elapsed().as_secs_f64(),
        outputs.len(),
        outputs.iter().map(|o| o.spec.actions.len()).sum::<usize>(),
        outputs
            .iter()
            .flat_map(|o| &o.pages)
            .map(|p| p.rows)
            .sum::<usize>()
    ));
    let Some(cr) = outputs.into_iter().find(|o| o.code == "cr") else {
        return Ok(lines);
    };
    let work = root.join("target/bench-pipeline");
    let target = work.join("target");
    let core = root.join("crates/ram-core");
    lines.push(format!(
        "{:>6} {:>8} {:>12} {:>14} {:>12} {:>14}",
        "scale", "actions", "generate", "prettyplease", "lines", "compile crate"
    ));
    for copies in [1, 10, 50] {
        let spec = scaled_spec(&cr.spec, copies)?;
        let started = std::time::Instant::now();
        let tokens = ram_codegen::generate(&spec).map_err(XtaskError::Codegen)?;
        let generate = started.elapsed();
        let started = std::time::Instant::now();
        let file: syn::File = syn::parse2(tokens).map_err(|e| XtaskError::Unparsable {
            service: format!("cr x{copies}"),
            message: e.to_string(),
        })?;
        let pretty = prettyplease::unparse(&file);
        let unparse = started.elapsed();
        let dir = work.join(format!("x{copies}"));
        std::fs::create_dir_all(dir.join("src")).map_err(|e| io_error(&dir, &e))?;
        let manifest = format!(
            "[package]\nname = \"bench-bindings-x{copies}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nram-core = {{ path = {:?} }}\n\n[workspace]\n",
            core.display().to_string()
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| io_error(&dir, &e))?;
        std::fs::write(
            dir.join("src/lib.rs"),
            format!("#![allow(missing_docs)]\n{pretty}"),
        )
        .map_err(|e| io_error(&dir, &e))?;
        let target_arg = target.display().to_string();
        let manifest_arg = dir.join("Cargo.toml").display().to_string();
        let build = [
            "build",
            "--quiet",
            "--manifest-path",
            manifest_arg.as_str(),
            "--target-dir",
            target_arg.as_str(),
        ];
        // Dependencies first, so that the timed build is the generated crate alone.
        timed_cargo(root, &build)?;
        let package = format!("bench-bindings-x{copies}");
        timed_cargo(
            root,
            &[
                "clean",
                "--quiet",
                "--manifest-path",
                &manifest_arg,
                "--target-dir",
                &target_arg,
                "--package",
                &package,
            ],
        )?;
        let compile = timed_cargo(root, &build)?;
        lines.push(format!(
            "{:>5}x {:>8} {:>11.3}s {:>13.3}s {:>12} {:>13.2}s",
            copies,
            spec.actions.len(),
            generate.as_secs_f64(),
            unparse.as_secs_f64(),
            pretty.lines().count(),
            compile.as_secs_f64()
        ));
    }
    Ok(lines)
}

/// Times one cargo invocation.
fn timed_cargo(root: &Path, args: &[&str]) -> Result<std::time::Duration, XtaskError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = std::time::Instant::now();
    // The output is kept, so that the report is the timings alone, and shown when the command
    // fails, so that a failure says why.
    let output = std::process::Command::new(&cargo)
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| io_error(Path::new("cargo"), &e))?;
    let elapsed = start.elapsed();
    if !output.status.success() {
        return Err(XtaskError::Io {
            path: format!("cargo {}", args.join(" ")),
            message: format!(
                "exited with {}:\n{}{}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        });
    }
    Ok(elapsed)
}

/// Builds `package` with `features` from scratch in its own target directory under
/// `target/bench-build/`, then rebuilds the package alone; returns both times.
fn clean_build(
    root: &Path,
    label: &str,
    package: &str,
    features: &[&str],
) -> Result<(std::time::Duration, std::time::Duration), XtaskError> {
    let target = root.join("target/bench-build").join(label);
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| io_error(&target, &e))?;
    }
    let target_arg = target.display().to_string();
    let mut build = vec![
        "build",
        "--quiet",
        "--package",
        package,
        "--target-dir",
        &target_arg,
    ];
    build.extend_from_slice(features);
    let clean_all = timed_cargo(root, &build)?;
    timed_cargo(
        root,
        &[
            "clean",
            "--quiet",
            "--package",
            package,
            "--target-dir",
            &target_arg,
        ],
    )?;
    let alone = timed_cargo(root, &build)?;
    Ok((clean_all, alone))
}

/// Clean builds, side by side in one run: `ram-cr` through the macro and from the checked-in
/// file; `ram-services` with one service (`kms`) and with all; `ramctl`, which reads the
/// catalog as data and compiles no typed binding; then the wall time of
/// `cargo test --workspace` in the workspace's own (warm) target directory. Returns the report.
///
/// # Errors
///
/// When a build or the tests fail, or a target directory cannot be cleared.
pub fn bench_build(root: &Path) -> Result<Vec<String>, XtaskError> {
    let variants: [(&str, &str, &str, &[&str]); 6] = [
        ("ram-cr, macro", "cr-macro", "ram-cr", &[]),
        (
            "ram-cr, checked-in file",
            "cr-checked-in",
            "ram-cr",
            &["--no-default-features", "--features", "checked-in"],
        ),
        (
            "ram-services, kms only",
            "services-one",
            "ram-services",
            &["--no-default-features", "--features", "kms"],
        ),
        (
            "ram-services, all",
            "services-all",
            "ram-services",
            &["--features", "all"],
        ),
        ("ramctl", "ramctl", "ramctl", &[]),
        ("ram-catalog", "catalog", "ram-catalog", &[]),
    ];
    let mut rows = Vec::new();
    for (name, label, package, features) in variants {
        let (all, alone) = clean_build(root, label, package, features)?;
        rows.push((name, all, alone));
    }
    let mut lines = vec![format!(
        "{:<24} {:>22} {:>16} {:>14}",
        "clean build of", "with its dependencies", "the crate alone", "vs ram-cr"
    )];
    let base = rows.first().map_or(1.0, |(_, all, _)| all.as_secs_f64());
    for (name, all, alone) in &rows {
        lines.push(format!(
            "{name:<24} {:>21.2}s {:>15.2}s {:>13.2}x",
            all.as_secs_f64(),
            alone.as_secs_f64(),
            all.as_secs_f64() / base
        ));
    }
    let tests = timed_cargo(root, &["test", "--workspace", "--quiet"])?;
    lines.push(format!(
        "cargo test --workspace (warm target dir): {:.2}s",
        tests.as_secs_f64()
    ));
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
    fn a_diff_side_is_a_file_or_a_git_revision() {
        let root = workspace_root();
        let file = load_spec_side(
            &root,
            &root.join("generated/cr/spec.json").display().to_string(),
            "cr",
        )
        .unwrap();
        let head = load_spec_side(&root, "HEAD", "cr").unwrap();
        assert_eq!(
            (file.service.code.as_str(), head.service.code.as_str()),
            ("cr", "cr")
        );
        let err = load_spec_side(&root, "no-such-revision", "cr")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("`no-such-revision`: neither a spec file nor a git revision"),
            "{err}"
        );
    }

    #[test]
    fn a_scaled_spec_is_valid_and_generates() {
        let spec = Spec::from_json(
            &std::fs::read_to_string(workspace_root().join("generated/cr/spec.json")).unwrap(),
        )
        .unwrap();
        let scaled = scaled_spec(&spec, 3).unwrap();
        assert_eq!(scaled.validate(), vec![]);
        assert_eq!(
            (
                scaled.apis.len(),
                scaled.actions.len(),
                scaled.arn_templates.len()
            ),
            (3 * 73, 3 * 132, 3 * 12)
        );
        assert!(ram_codegen::generate(&scaled).is_ok());
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
