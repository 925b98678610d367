//! `cargo xtask fetch`: gets the current content of every source `SOURCES.toml` lists, pins it
//! (file, `sha256`, `updated`, `commit`), regenerates `generated/` and reports the semantic
//! changelog per service.
//!
//! All or nothing: every source is fetched first and every failure collected; then the new
//! pages and `SOURCES.toml` files are staged in a temporary copy of `docs-source/`, which is
//! scraped and rendered there. Only when every step has succeeded is anything under `root`
//! written. With `check`, nothing is ever written and the report says which sources differ.

pub mod git;
pub mod http;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use ram_scrape::{PageEntry, PageOrigin, SOURCES_FILE, ScrapeErrors, read_sources, sha256_hex};

use crate::{XtaskError, changelog, ensure_files, io_error, render_all, services, summary};
use git::Git;
use http::Http;

/// Where repositories are cloned from by default: `<base>/<repo>.git`.
pub const DEFAULT_GIT_BASE: &str = "https://github.com";

/// The environment variable that overrides [`DEFAULT_GIT_BASE`] (a mirror, or a folder of
/// local repositories in tests); `--git-base` overrides both.
pub const GIT_BASE_ENV: &str = "RAM_GIT_BASE";

/// The default connect and read timeout of an HTTP request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default number of redirects followed before a page counts as a redirect loop.
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

/// How a `fetch` run behaves.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The services to fetch (folder names under `docs-source/`); empty means all.
    pub services: Vec<String>,
    /// Change nothing; only report which sources differ upstream.
    pub check: bool,
    /// The connect, response and body timeout of each HTTP request.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Repositories are cloned from `<git_base>/<repo>.git`.
    pub git_base: String,
    /// Print one line per source on stderr.
    pub progress: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            services: Vec::new(),
            check: false,
            timeout: DEFAULT_TIMEOUT,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            git_base: DEFAULT_GIT_BASE.to_owned(),
            progress: false,
        }
    }
}

/// Why one source could not be fetched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SourceError {
    /// The host could not be resolved or connected to.
    #[error("cannot reach `{url}`: {message}")]
    Unreachable {
        /// The address.
        url: String,
        /// Why.
        message: String,
    },
    /// The server answered with a status outside 2xx.
    #[error("`{url}` answered with http status {status}")]
    Status {
        /// The address.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The redirect limit was reached (a redirect loop, most likely).
    #[error("`{url}` redirects more than {limit} times (a redirect loop?)")]
    TooManyRedirects {
        /// The address.
        url: String,
        /// The limit.
        limit: u32,
    },
    /// The server did not answer in time.
    #[error("`{url}` did not answer within {seconds}s")]
    Timeout {
        /// The address.
        url: String,
        /// The timeout, in seconds.
        seconds: f64,
    },
    /// The answer is not an HTML page.
    #[error("`{url}` is not an html page: its content type is `{content_type}`")]
    NotHtml {
        /// The address.
        url: String,
        /// The content type the server sent (`none` without one).
        content_type: String,
    },
    /// The body is not UTF-8.
    #[error("the page at `{url}` is not utf-8")]
    NotUtf8 {
        /// The address.
        url: String,
    },
    /// The page prints no last-updated date, so `updated` cannot be set.
    #[error(
        "the page at `{url}` prints no last-updated date (`Last Updated:`, `最終更新日:`, `最后更新时间：`)"
    )]
    NoPrintedDate {
        /// The address.
        url: String,
    },
    /// Any other HTTP failure (TLS, protocol).
    #[error("cannot get `{url}`: {message}")]
    Http {
        /// The address.
        url: String,
        /// The client's reason.
        message: String,
    },
    /// The `git` program is not available.
    #[error("cannot run `git`: {message}")]
    NoGit {
        /// The operating system's reason.
        message: String,
    },
    /// A git command failed (unknown repository or branch, unreachable host).
    #[error("git {action} of `{url}` failed: {message}")]
    Git {
        /// The clone URL.
        url: String,
        /// The git command (`clone`, `log`, `cat-file`).
        action: String,
        /// What git says.
        message: String,
    },
    /// No commit of the branch touches the path.
    #[error("no commit on {} of `{url}` touches `{path}`", branch_name(.branch.as_deref()))]
    NotInHistory {
        /// The clone URL.
        url: String,
        /// The path in the repository.
        path: String,
        /// The branch; `None` for the repository's default branch.
        branch: Option<String>,
    },
}

/// A branch as messages name it.
fn branch_name(branch: Option<&str>) -> String {
    branch.map_or_else(
        || "the default branch".to_owned(),
        |branch| format!("branch `{branch}`"),
    )
}

/// A source that could not be fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFailure {
    /// The pinned file (`docs-source/cr/ram-authorization.ja.html`).
    pub page: String,
    /// Why.
    pub error: SourceError,
}

impl std::fmt::Display for SourceFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.page, self.error)
    }
}

/// Every failure, one a line, and what that means for the files.
pub(crate) fn failure_report(failures: &[SourceFailure]) -> String {
    let mut out = String::new();
    for failure in failures {
        let _ = writeln!(out, "{failure}");
    }
    let _ = write!(
        out,
        "{} source(s) could not be fetched; nothing under docs-source/ or generated/ was changed",
        failures.len()
    );
    out
}

/// A source whose upstream content (or its commit or date) differs from what is pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceChange {
    /// The service code.
    pub service: String,
    /// The pinned file (`docs-source/cr/ram-authorization.ja.html`).
    pub page: String,
    /// The recorded and the new sha256.
    pub sha256: (String, String),
    /// The recorded and the new last-updated date.
    pub updated: (String, String),
    /// The recorded and the new commit of a repository page.
    pub commit: Option<(String, String)>,
}

impl std::fmt::Display for SourceChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut what = Vec::new();
        let short = |hash: &str| hash.chars().take(12).collect::<String>();
        if self.sha256.0 != self.sha256.1 {
            what.push(format!(
                "content changed (sha256 {} -> {})",
                short(&self.sha256.0),
                short(&self.sha256.1)
            ));
        }
        if self.updated.0 != self.updated.1 {
            what.push(format!("updated {} -> {}", self.updated.0, self.updated.1));
        }
        if let Some((old, new)) = &self.commit
            && old != new
        {
            what.push(format!("commit {} -> {}", short(old), short(new)));
        }
        write!(f, "{}: {}", self.page, what.join(", "))
    }
}

/// What a `fetch` run found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchReport {
    /// How many sources were fetched.
    pub sources: usize,
    /// The sources that differ upstream.
    pub changes: Vec<SourceChange>,
    /// The semantic changelog of each service with a changed source (Markdown).
    pub changelogs: Vec<String>,
    /// The counts line of each regenerated service.
    pub summaries: Vec<String>,
    /// Whether the files were written (never in check mode).
    pub written: bool,
}

impl FetchReport {
    /// Every source is pinned at its current upstream content.
    #[must_use]
    pub fn is_current(&self) -> bool {
        self.changes.is_empty()
    }

    /// The report as printed: what changed, then the changelogs, then what to do next.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        if self.is_current() {
            return vec![format!(
                "all {} source(s) are current; no changes",
                self.sources
            )];
        }
        let mut lines = vec![if self.written {
            format!(
                "updated {} of {} source(s):",
                self.changes.len(),
                self.sources
            )
        } else {
            format!(
                "{} of {} source(s) differ upstream:",
                self.changes.len(),
                self.sources
            )
        }];
        lines.extend(self.changes.iter().map(|c| format!("- {c}")));
        lines.extend(self.changelogs.iter().cloned());
        if self.written {
            lines.extend(self.summaries.iter().cloned());
            lines.push("review `git diff generated/` and commit".to_owned());
        } else {
            lines.push("run `cargo xtask fetch` to update them".to_owned());
        }
        lines
    }
}

/// The newest content of one source.
#[derive(Debug, Clone)]
struct Latest {
    bytes: Vec<u8>,
    updated: String,
    commit: Option<String>,
}

/// One source that was fetched, beside its entry.
#[derive(Debug)]
struct Fetched {
    service: String,
    entry: PageEntry,
    latest: Latest,
}

impl Fetched {
    fn page(&self) -> String {
        format!("docs-source/{}/{}", self.service, self.entry.file)
    }

    fn change(&self) -> Option<SourceChange> {
        let sha256 = sha256_hex(&self.latest.bytes);
        let commit = match (&self.entry.origin, &self.latest.commit) {
            (PageOrigin::Repository { commit, .. }, Some(new)) => {
                Some((commit.clone(), new.clone()))
            }
            _ => None,
        };
        let same = sha256 == self.entry.sha256
            && self.latest.updated == self.entry.updated
            && commit.as_ref().is_none_or(|(old, new)| old == new);
        (!same).then(|| SourceChange {
            service: self.service.clone(),
            page: self.page(),
            sha256: (self.entry.sha256.clone(), sha256),
            updated: (self.entry.updated.clone(), self.latest.updated.clone()),
            commit,
        })
    }
}

/// Where an entry comes from, as progress lines show it.
fn describe(origin: &PageOrigin) -> String {
    match origin {
        PageOrigin::Url { url } => url.clone(),
        PageOrigin::Repository {
            repo, path, branch, ..
        } => match branch {
            Some(branch) => format!("{repo}:{path} ({branch})"),
            None => format!("{repo}:{path}"),
        },
    }
}

/// The progress line of the `done`-th source of `total`: which source, and how many are left.
fn progress_line(done: usize, total: usize, page: &str, origin: &PageOrigin) -> String {
    format!(
        "fetch [{done}/{total}] {page} from {} ({} left)",
        describe(origin),
        total.saturating_sub(done)
    )
}

/// Gets the newest content of one source.
fn latest(http: &Http, git: &mut Git, origin: &PageOrigin) -> Result<Latest, SourceError> {
    match origin {
        PageOrigin::Url { url } => {
            let bytes = http.get_html(url)?;
            let html = String::from_utf8_lossy(&bytes);
            // The scraper's own reader finds the printed date, so both agree on what it is.
            let updated = ram_scrape::read_page(&html)
                .updated
                .ok_or_else(|| SourceError::NoPrintedDate { url: url.clone() })?;
            Ok(Latest {
                bytes,
                updated,
                commit: None,
            })
        }
        PageOrigin::Repository {
            repo, path, branch, ..
        } => {
            let file = git.newest(repo, path, branch.as_deref())?;
            Ok(Latest {
                bytes: file.bytes,
                updated: file.date,
                commit: Some(file.commit),
            })
        }
    }
}

/// The services to fetch: all of them, or the ones asked for, each of which must exist.
fn select(root: &Path, asked: &[String]) -> Result<Vec<String>, XtaskError> {
    let known = services(root)?;
    if asked.is_empty() {
        return Ok(known);
    }
    let mut out = Vec::new();
    for code in asked {
        if !known.contains(code) {
            return Err(XtaskError::UnknownService {
                code: code.clone(),
                known: known.join(", "),
            });
        }
        if !out.contains(code) {
            out.push(code.clone());
        }
    }
    Ok(out)
}

/// Fetches every source of the selected services under `root` (a workspace: `docs-source/`
/// and `generated/`), and, unless `options.check`, pins the new content and regenerates
/// `generated/`, all or nothing.
///
/// # Errors
///
/// A malformed `SOURCES.toml`, every source that could not be fetched
/// ([`XtaskError::Fetch`]), fetched pages that do not scrape
/// ([`XtaskError::FetchedPagesDoNotScrape`]), or a failure writing the files. In each case but
/// the last, nothing under `root` has changed.
pub fn fetch(root: &Path, options: &FetchOptions) -> Result<FetchReport, XtaskError> {
    let selected = select(root, &options.services)?;
    let mut listed = Vec::new();
    let mut errors = Vec::new();
    for code in selected {
        let display = format!("docs-source/{code}");
        match read_sources(&root.join(&display), &display) {
            Ok(sources) => listed.push((code, sources)),
            Err(ScrapeErrors(mut more)) => errors.append(&mut more),
        }
    }
    if !errors.is_empty() {
        return Err(XtaskError::Scrape(ScrapeErrors(errors)));
    }
    let scratch = tempfile::Builder::new()
        .prefix("xtask-fetch-")
        .tempdir()
        .map_err(|e| io_error(&std::env::temp_dir(), &e))?;
    let http = Http::new(options.timeout, options.max_redirects);
    let mut git = Git::new(&options.git_base, scratch.path());
    let total: usize = listed.iter().map(|(_, s)| s.pages.len()).sum();
    let mut fetched = Vec::new();
    let mut failures = Vec::new();
    for (code, sources) in &listed {
        for entry in &sources.pages {
            let page = format!("docs-source/{code}/{}", entry.file);
            if options.progress {
                let done = fetched.len() + failures.len() + 1;
                eprintln!("{}", progress_line(done, total, &page, &entry.origin));
            }
            match latest(&http, &mut git, &entry.origin) {
                Ok(latest) => fetched.push(Fetched {
                    service: code.clone(),
                    entry: entry.clone(),
                    latest,
                }),
                Err(error) => failures.push(SourceFailure { page, error }),
            }
        }
    }
    if !failures.is_empty() {
        return Err(XtaskError::Fetch(failures));
    }
    let changed: Vec<(&Fetched, SourceChange)> = fetched
        .iter()
        .filter_map(|f| f.change().map(|c| (f, c)))
        .collect();
    let mut report = FetchReport {
        sources: total,
        changes: changed.iter().map(|(_, c)| c.clone()).collect(),
        changelogs: Vec::new(),
        summaries: Vec::new(),
        written: false,
    };
    if changed.is_empty() {
        return Ok(report);
    }

    // Everything to write under `root`, relative to it: the new pages and SOURCES.toml files.
    let mut writes: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let changed_services: BTreeSet<&str> =
        changed.iter().map(|(f, _)| f.service.as_str()).collect();
    for service in &changed_services {
        let path = format!("docs-source/{service}/{SOURCES_FILE}");
        let full = root.join(&path);
        let text = std::fs::read_to_string(&full).map_err(|e| io_error(&full, &e))?;
        let updates: Vec<&Fetched> = changed
            .iter()
            .filter(|(f, _)| f.service == *service)
            .map(|(f, _)| *f)
            .collect();
        let rewritten =
            rewrite_sources(&text, &updates).map_err(|message| XtaskError::Serialize {
                path: path.clone(),
                message,
            })?;
        writes.insert(path, rewritten.into_bytes());
        for update in updates {
            writes.insert(update.page(), update.latest.bytes.clone());
        }
    }

    // Stage: a copy of docs-source/ with the new files, scraped and rendered there.
    let stage = scratch.path().join("stage");
    copy_dir(&root.join("docs-source"), &stage.join("docs-source"))?;
    for (path, bytes) in &writes {
        let full = stage.join(path);
        std::fs::write(&full, bytes).map_err(|e| io_error(&full, &e))?;
    }
    let outputs = match render_all(&stage) {
        Ok(outputs) => outputs,
        Err(XtaskError::Scrape(errors)) => {
            return Err(XtaskError::FetchedPagesDoNotScrape(errors));
        }
        Err(other) => return Err(other),
    };
    for output in &outputs {
        if changed_services.contains(output.code.as_str()) {
            report.changelogs.push(changelog(root, output));
            report.summaries.push(summary(&output.spec));
        }
    }
    if options.check {
        return Ok(report);
    }

    for (path, bytes) in &writes {
        write_file(&root.join(path), bytes)?;
    }
    let files: BTreeMap<String, String> = outputs.into_iter().flat_map(|o| o.files).collect();
    ensure_files(root, &files, false)?;
    report.written = true;
    Ok(report)
}

/// `SOURCES.toml` with the new `sha256`, `updated` and `commit` of the fetched pages, every
/// other byte (comments, order, spacing) kept.
///
/// # Errors
///
/// When the text is not TOML (it parsed before, so only if it changed meanwhile).
fn rewrite_sources(text: &str, updates: &[&Fetched]) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let Some(pages) = doc
        .get_mut("page")
        .and_then(toml_edit::Item::as_array_of_tables_mut)
    else {
        return Err("no `[[page]]` entries".to_owned());
    };
    for table in pages.iter_mut() {
        let Some(file) = table.get("file").and_then(toml_edit::Item::as_str) else {
            continue;
        };
        let Some(update) = updates.iter().find(|u| u.entry.file == file) else {
            continue;
        };
        set_string(table, "sha256", &sha256_hex(&update.latest.bytes));
        set_string(table, "updated", &update.latest.updated);
        if let Some(commit) = &update.latest.commit {
            set_string(table, "commit", commit);
        }
    }
    Ok(doc.to_string())
}

/// Sets a string value, keeping the spacing and any comment around the old one.
fn set_string(table: &mut toml_edit::Table, key: &str, value: &str) {
    match table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        Some(old) if old.as_str() == Some(value) => {}
        Some(old) => {
            let decor = old.decor().clone();
            *old = toml_edit::Value::from(value);
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, toml_edit::value(value));
        }
    }
}

/// Copies a folder tree (files and folders only).
fn copy_dir(from: &Path, to: &Path) -> Result<(), XtaskError> {
    std::fs::create_dir_all(to).map_err(|e| io_error(to, &e))?;
    let listing = std::fs::read_dir(from).map_err(|e| io_error(from, &e))?;
    for entry in listing {
        let entry = entry.map_err(|e| io_error(from, &e))?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        if source.is_dir() {
            copy_dir(&source, &target)?;
        } else {
            std::fs::copy(&source, &target).map_err(|e| io_error(&source, &e))?;
        }
    }
    Ok(())
}

/// Writes a file through a temporary sibling and a rename, so that a reader never sees half
/// of it.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), XtaskError> {
    let temporary = path.with_extension("tmp~");
    std::fs::write(&temporary, bytes).map_err(|e| io_error(&temporary, &e))?;
    std::fs::rename(&temporary, path).map_err(|e| io_error(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(file: &str, bytes: &[u8], updated: &str, commit: Option<&str>) -> Fetched {
        let origin = match commit {
            Some(_) => PageOrigin::Repository {
                repo: "vendor/zoo".into(),
                path: "zoo.html".into(),
                commit: "a".repeat(40),
                branch: None,
            },
            None => PageOrigin::Url {
                url: "http://127.0.0.1/zoo".into(),
            },
        };
        Fetched {
            service: "zoo".into(),
            entry: PageEntry {
                file: file.into(),
                origin,
                locale: "en".into(),
                updated: "2026-01-02".into(),
                sha256: sha256_hex(b"old"),
                tables: Vec::new(),
            },
            latest: Latest {
                bytes: bytes.to_vec(),
                updated: updated.into(),
                commit: commit.map(str::to_owned),
            },
        }
    }

    const SOURCES: &str = "# Provenance.\n[service]\ncode = \"zoo\"\nname = \"Zoo\"\n\n\
        [[page]]\nfile = \"a.html\"\nurl = \"http://127.0.0.1/zoo\"\nlocale = \"en\"\n\
        updated   = \"2026-01-02\" # printed\nsha256 = \"x\"\n\n\
        [[page]]\nfile = \"b.html\"  # untouched\nurl = \"http://127.0.0.1/b\"\nlocale = \"en\"\n\
        updated = \"2026-01-02\"\nsha256 = \"y\"\n";

    #[test]
    fn rewriting_sources_changes_only_the_fetched_fields() {
        let update = fetched("a.html", b"new", "2026-02-03", None);
        let out = rewrite_sources(SOURCES, &[&update]).unwrap();
        let expected = SOURCES
            .replace(
                "updated   = \"2026-01-02\" # printed",
                "updated   = \"2026-02-03\" # printed",
            )
            .replace(
                "sha256 = \"x\"",
                &format!("sha256 = \"{}\"", sha256_hex(b"new")),
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn a_source_changes_when_its_content_date_or_commit_does() {
        assert_eq!(fetched("a.html", b"old", "2026-01-02", None).change(), None);
        let content = fetched("a.html", b"new", "2026-01-02", None)
            .change()
            .unwrap();
        assert_eq!(
            content.to_string(),
            format!(
                "docs-source/zoo/a.html: content changed (sha256 {} -> {})",
                &sha256_hex(b"old")[..12],
                &sha256_hex(b"new")[..12]
            )
        );
        let date = fetched("a.html", b"old", "2026-02-03", None)
            .change()
            .unwrap();
        assert_eq!(
            date.to_string(),
            "docs-source/zoo/a.html: updated 2026-01-02 -> 2026-02-03"
        );
        let commit = "b".repeat(40);
        let moved = fetched("a.html", b"old", "2026-01-02", Some(&commit))
            .change()
            .unwrap();
        assert_eq!(
            moved.to_string(),
            "docs-source/zoo/a.html: commit aaaaaaaaaaaa -> bbbbbbbbbbbb"
        );
        let same = "a".repeat(40);
        assert_eq!(
            fetched("a.html", b"old", "2026-01-02", Some(&same)).change(),
            None
        );
    }

    #[test]
    fn progress_names_the_source_and_how_many_are_left() {
        let repository = PageOrigin::Repository {
            repo: "vendor/zoo".into(),
            path: "docs/zoo.html".into(),
            commit: "a".repeat(40),
            branch: Some("trunk".into()),
        };
        assert_eq!(
            progress_line(2, 5, "docs-source/zoo/zoo.en.html", &repository),
            "fetch [2/5] docs-source/zoo/zoo.en.html from vendor/zoo:docs/zoo.html (trunk) (3 left)"
        );
        let url = PageOrigin::Url {
            url: "http://127.0.0.1/zoo".into(),
        };
        assert_eq!(
            progress_line(5, 5, "docs-source/zoo/a.html", &url),
            "fetch [5/5] docs-source/zoo/a.html from http://127.0.0.1/zoo (0 left)"
        );
    }

    #[test]
    fn a_report_says_no_changes_or_what_to_do_next() {
        let mut report = FetchReport {
            sources: 2,
            changes: Vec::new(),
            changelogs: vec!["# Changes to `zoo`".into()],
            summaries: vec!["zoo: 1 apis".into()],
            written: false,
        };
        assert_eq!(report.lines(), ["all 2 source(s) are current; no changes"]);
        report.changes = fetched("a.html", b"new", "2026-01-02", None)
            .change()
            .into_iter()
            .collect();
        let lines = report.lines();
        assert_eq!(lines[0], "1 of 2 source(s) differ upstream:");
        assert_eq!(
            lines.last().map(String::as_str),
            Some("run `cargo xtask fetch` to update them")
        );
        assert!(lines.contains(&"# Changes to `zoo`".to_owned()));
        report.written = true;
        let lines = report.lines();
        assert_eq!(lines[0], "updated 1 of 2 source(s):");
        assert!(lines.contains(&"zoo: 1 apis".to_owned()));
    }
}
