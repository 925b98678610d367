//! `cargo xtask fetch` without the internet: a loopback HTTP server started here serves changed,
//! missing, looping, mistyped and slow pages, and a git repository made here stands in for a
//! vendor documentation repository. Every run works on a temporary copy of the workspace.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on unexpected values.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ram_scrape::sha256_hex;
use xtask::XtaskError;
use xtask::fetch::http::Http;
use xtask::fetch::{FetchOptions, SourceError, fetch};

const JA_URL: &str =
    "https://www.alibabacloud.com/help/ja/acr/user-guide/ram-authorization-information";
const EN_URL: &str = "https://www.alibabacloud.com/help/en/acr/user-guide/fine-grained-resource-control-using-resource-groups-15";

/// One canned answer of the test server.
#[derive(Clone)]
struct Route {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    delay: Duration,
}

fn html(body: impl Into<Vec<u8>>) -> Route {
    Route {
        status: 200,
        headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
        body: body.into(),
        delay: Duration::ZERO,
    }
}

/// A loopback HTTP/1.1 server on an ephemeral port, one thread per connection, answering each
/// path with its route (404 for any other).
struct Server {
    base: String,
}

impl Server {
    fn start(routes: Vec<(&'static str, Route)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: BTreeMap<&'static str, Route> = routes.into_iter().collect();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = routes.clone();
                std::thread::spawn(move || serve(stream, &routes));
            }
        });
        Self { base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve(mut stream: TcpStream, routes: &BTreeMap<&'static str, Route>) {
    let mut request = Vec::new();
    let mut buffer = [0; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let route = routes.get(path.as_str()).cloned().unwrap_or(Route {
        status: 404,
        headers: vec![("Content-Type", "text/html".into())],
        body: b"<html>not found</html>".to_vec(),
        delay: Duration::ZERO,
    });
    std::thread::sleep(route.delay);
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        route.status,
        route.body.len()
    );
    for (name, value) in &route.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&route.body);
}

fn workspace_file(path: &str) -> Vec<u8> {
    std::fs::read(xtask::workspace_root().join(path)).unwrap()
}

fn ja_page() -> String {
    String::from_utf8(workspace_file("docs-source/cr/ram-authorization.ja.html")).unwrap()
}

fn en_page() -> Vec<u8> {
    workspace_file("docs-source/cr/resource-groups.en.html")
}

/// The ja page as the vendor might publish it next: a new date, and one access level changed.
fn ja_changed() -> String {
    let row = "<code>cr:GetInstanceVpcEndpoint</code></p></td><td><p><code>acs:cr:$regionid:$accountid:instance/$instanceid</code></p></td><td><p>";
    let page = ja_page();
    assert!(page.contains(&format!("{row}読み取り")));
    assert!(page.contains("Mar 18, 2026"));
    page.replace(&format!("{row}読み取り"), &format!("{row}リスト"))
        .replace("Mar 18, 2026", "Apr 30, 2026")
}

fn server() -> Server {
    let mut redirect = html("");
    redirect.status = 302;
    redirect.headers = vec![("Location", "/loop".into())];
    let mut json = html("{}");
    json.headers = vec![("Content-Type", "application/json".into())];
    let mut untyped = html("<html></html>");
    untyped.headers.clear();
    let mut slow = html(ja_page());
    slow.delay = Duration::from_secs(3);
    Server::start(vec![
        ("/ja", html(ja_page())),
        ("/ja-changed", html(ja_changed())),
        ("/en", html(en_page())),
        ("/loop", redirect),
        ("/json", json),
        ("/untyped", untyped),
        ("/slow", slow),
        ("/latin1", html(b"<html>caf\xe9</html>".to_vec())),
        (
            "/no-date",
            html("<html><h1>Zoo</h1><table><tr><th>Action</th></tr></table></html>"),
        ),
        (
            "/no-tables",
            html("<html><p>Last Updated:Apr 30, 2026</p><p>moved</p></html>"),
        ),
    ])
}

/// A temporary workspace: the `cr` folder and its generated files, with the pages' URLs
/// pointing at `ja` and `en` on the test server.
fn workspace(server: &Server, ja: &str, en: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for path in [
        "docs-source/cr/SOURCES.toml",
        "docs-source/cr/errata.toml",
        "docs-source/cr/ram-authorization.ja.html",
        "docs-source/cr/resource-groups.en.html",
        "generated/cr/spec.json",
        "generated/cr/bindings.rs",
    ] {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let mut bytes = workspace_file(path);
        if path.ends_with(ram_scrape::SOURCES_FILE) {
            bytes = String::from_utf8(bytes)
                .unwrap()
                .replace(JA_URL, &server.url(ja))
                .replace(EN_URL, &server.url(en))
                .into_bytes();
        }
        std::fs::write(target, bytes).unwrap();
    }
    dir
}

/// Every file under `root`, with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, &mut out);
    out
}

fn options() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_millis(500),
        ..FetchOptions::default()
    }
}

fn check_options() -> FetchOptions {
    FetchOptions {
        check: true,
        ..options()
    }
}

#[test]
fn http_failures_are_told_apart() {
    let server = server();
    let http = Http::new(Duration::from_millis(500), 3);
    assert_eq!(
        http.get_html(&server.url("/en")).unwrap(),
        en_page(),
        "a page is pinned byte for byte"
    );
    let url = server.url("/missing");
    assert_eq!(
        http.get_html(&url),
        Err(SourceError::Status {
            url: url.clone(),
            status: 404
        })
    );
    let url = server.url("/loop");
    assert_eq!(
        http.get_html(&url),
        Err(SourceError::TooManyRedirects {
            url: url.clone(),
            limit: 3
        })
    );
    let url = server.url("/json");
    let error = http.get_html(&url).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("`{url}` is not an html page: its content type is `application/json`")
    );
    let url = server.url("/untyped");
    assert_eq!(
        http.get_html(&url),
        Err(SourceError::NotHtml {
            url: url.clone(),
            content_type: "none".into()
        })
    );
    let url = server.url("/latin1");
    assert_eq!(
        http.get_html(&url),
        Err(SourceError::NotUtf8 { url: url.clone() })
    );
    let url = server.url("/slow");
    let started = Instant::now();
    let error = http.get_html(&url).unwrap_err();
    assert!(
        matches!(error, SourceError::Timeout { .. }),
        "{error:?} after {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the timeout holds"
    );
    assert_eq!(
        error.to_string(),
        format!("`{url}` did not answer within 0.5s")
    );
    // A port nobody listens on: bind one, then close it.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/page", closed.local_addr().unwrap());
    drop(closed);
    let error = http.get_html(&url).unwrap_err();
    assert!(
        matches!(&error, SourceError::Unreachable { url: u, .. } if *u == url),
        "{error:?}"
    );
}

#[test]
fn fetch_pins_the_new_page_regenerates_and_keeps_comments() {
    let server = server();
    let dir = workspace(&server, "/ja-changed", "/en");
    let root = dir.path();
    let before = std::fs::read_to_string(root.join("docs-source/cr/SOURCES.toml")).unwrap();
    let report = fetch(root, &options()).unwrap();
    assert!(report.written);
    assert_eq!(report.sources, 2);
    assert_eq!(report.changes.len(), 1, "{:?}", report.changes);
    assert_eq!(
        report.changes[0].page,
        "docs-source/cr/ram-authorization.ja.html"
    );
    let changelog = report.changelogs.join("\n");
    assert!(
        changelog.contains("`GetInstanceVpcEndpoint` access level: `read` -> `list`"),
        "{changelog}"
    );
    let lines = report.lines();
    assert_eq!(lines[0], "updated 1 of 2 source(s):");
    assert_eq!(
        lines.last().map(String::as_str),
        Some("review `git diff generated/` and commit")
    );

    let page = std::fs::read(root.join("docs-source/cr/ram-authorization.ja.html")).unwrap();
    assert_eq!(page, ja_changed().into_bytes());
    let after = std::fs::read_to_string(root.join("docs-source/cr/SOURCES.toml")).unwrap();
    let old_sha = sha256_hex(ja_page().as_bytes());
    let new_sha = sha256_hex(&page);
    // Exactly two values change; the comments, order and the other page stay as they were.
    assert_eq!(
        after,
        before
            .replace(&old_sha, &new_sha)
            .replace("updated = \"2026-03-18\"", "updated = \"2026-04-30\"")
    );
    assert_ne!(after, before);
    assert!(after.starts_with("# Provenance of the pinned Container Registry pages."));

    let spec = std::fs::read_to_string(root.join("generated/cr/spec.json")).unwrap();
    assert_ne!(spec.as_bytes(), workspace_file("generated/cr/spec.json"));
    assert!(spec.contains(&new_sha));
    xtask::regen(root, true).expect("generated/ is current after a fetch");
    let again = fetch(root, &check_options()).unwrap();
    assert!(again.is_current(), "{:?}", again.changes);
    assert_eq!(again.lines(), ["all 2 source(s) are current; no changes"]);
}

#[test]
fn a_failing_source_changes_nothing_and_every_failure_is_listed() {
    let server = server();
    let dir = workspace(&server, "/ja-changed", "/missing");
    let before = snapshot(dir.path());
    let Err(XtaskError::Fetch(failures)) = fetch(dir.path(), &options()) else {
        panic!("a 404 must fail the fetch");
    };
    assert_eq!(
        failures.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [format!(
            "docs-source/cr/resource-groups.en.html: `{}` answered with http status 404",
            server.url("/missing")
        )]
    );
    assert_eq!(snapshot(dir.path()), before, "nothing changed");

    let dir = workspace(&server, "/loop", "/json");
    let before = snapshot(dir.path());
    let error = fetch(dir.path(), &options()).unwrap_err().to_string();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines.len(), 3, "{error}");
    assert!(
        lines[0].starts_with("docs-source/cr/ram-authorization.ja.html: `")
            && lines[0].ends_with("redirects more than 5 times (a redirect loop?)"),
        "{error}"
    );
    assert!(
        lines[1].starts_with("docs-source/cr/resource-groups.en.html: `")
            && lines[1].contains("is not an html page"),
        "{error}"
    );
    assert_eq!(
        lines[2],
        "2 source(s) could not be fetched; nothing under docs-source/ or generated/ was changed"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn fetched_pages_that_do_not_scrape_change_nothing() {
    let server = server();
    let dir = workspace(&server, "/no-tables", "/en");
    let before = snapshot(dir.path());
    let error = fetch(dir.path(), &options()).unwrap_err();
    assert!(
        matches!(error, XtaskError::FetchedPagesDoNotScrape(_)),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("docs-source/cr/ram-authorization.ja.html: no authorization table"),
        "{message}"
    );
    assert!(
        message.ends_with(
            "the fetched pages do not scrape; nothing under docs-source/ or generated/ was changed"
        ),
        "{message}"
    );
    assert_eq!(snapshot(dir.path()), before);

    let dir = workspace(&server, "/no-date", "/en");
    let Err(XtaskError::Fetch(failures)) = fetch(dir.path(), &options()) else {
        panic!("a page without a printed date must fail");
    };
    assert_eq!(
        failures[0].error,
        SourceError::NoPrintedDate {
            url: server.url("/no-date")
        }
    );
}

/// The binary's exit codes, as a scheduled CI job sees them.
#[test]
fn check_exits_0_when_current_1_when_upstream_differs_2_on_errors() {
    let server = server();
    let run = |dir: &tempfile::TempDir| {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["fetch", "--check", "--timeout", "0.5", "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let current = workspace(&server, "/ja", "/en");
    let (code, stdout, _) = run(&current);
    assert_eq!(code, Some(0), "{stdout}");
    assert_eq!(stdout, "all 2 source(s) are current; no changes\n");

    let changed = workspace(&server, "/ja-changed", "/en");
    let before = snapshot(changed.path());
    let (code, stdout, stderr) = run(&changed);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stdout.starts_with(
            "1 of 2 source(s) differ upstream:\n- docs-source/cr/ram-authorization.ja.html: content changed (sha256 "
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("updated 2026-03-18 -> 2026-04-30"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`GetInstanceVpcEndpoint` access level: `read` -> `list`"),
        "{stdout}"
    );
    assert!(stdout.ends_with("run `cargo xtask fetch` to update them\n"));
    assert_eq!(snapshot(changed.path()), before, "--check changes nothing");

    let broken = workspace(&server, "/ja", "/slow");
    let (code, stdout, stderr) = run(&broken);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("did not answer within 0.5s"), "{stderr}");
    assert!(
        stderr.is_empty() || !stderr.contains("fetch [1/2]"),
        "no progress off a terminal"
    );
}

#[test]
fn an_unknown_service_is_an_error() {
    let server = server();
    let dir = workspace(&server, "/ja", "/en");
    let options = FetchOptions {
        services: vec!["ecs".into()],
        ..options()
    };
    assert_eq!(
        fetch(dir.path(), &options).unwrap_err().to_string(),
        "unknown service `ecs` (known: cr)"
    );
}

// Repository sources.

fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn zoo_page(version: &str) -> String {
    std::fs::read_to_string(
        xtask::workspace_root()
            .join("crates/ram-scrape/tests/fixtures/diff")
            .join(format!("{version}.html")),
    )
    .unwrap()
}

/// A vendor repository `vendor/zoo` under `base`, on a branch named `trunk` (so that nothing
/// assumes `master`): two commits touch `docs/zoo.html`, a third only the README. The commit
/// dates are the dates the pages print. Returns the commits.
fn vendor_repository(base: &Path) -> [String; 3] {
    let repo = base.join("vendor/zoo.git");
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    let at = "2026-01-01T00:00:00Z";
    git(&repo, &["init", "--quiet", "--initial-branch", "trunk"], at);
    let mut commits = Vec::new();
    for (file, contents, date) in [
        ("docs/zoo.html", zoo_page("v1"), "2026-01-02T10:00:00Z"),
        ("docs/zoo.html", zoo_page("v2"), "2026-02-03T10:00:00Z"),
        (
            "README.md",
            "# Zoo docs\n".to_owned(),
            "2026-03-04T10:00:00Z",
        ),
    ] {
        std::fs::write(repo.join(file), contents).unwrap();
        git(&repo, &["add", "--all"], date);
        git(&repo, &["commit", "--quiet", "-m", file], date);
        commits.push(git(&repo, &["rev-parse", "HEAD"], date));
    }
    commits.try_into().unwrap()
}

/// A workspace whose `zoo` page is pinned at `commit` of `vendor/zoo`, with its generated files.
fn zoo_workspace(commit: &str, extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("docs-source/zoo");
    std::fs::create_dir_all(&folder).unwrap();
    let page = zoo_page("v1");
    std::fs::write(folder.join("zoo.en.html"), &page).unwrap();
    std::fs::write(
        folder.join("SOURCES.toml"),
        format!(
            "# The zoo's pages, from its documentation repository.\n[service]\ncode = \"zoo\"\nname = \"Zoo\"\n\n\
             [[page]]\nfile = \"zoo.en.html\"\nrepo = \"vendor/zoo\"\npath = \"docs/zoo.html\"\n\
             commit = \"{commit}\"  # pinned by hand\n{extra}locale = \"en\"\nupdated = \"2026-01-02\"\n\
             sha256 = \"{}\"\n",
            sha256_hex(page.as_bytes())
        ),
    )
    .unwrap();
    xtask::regen(dir.path(), false).unwrap();
    dir
}

#[test]
fn a_repository_page_follows_the_newest_commit_that_touches_it() {
    let base = tempfile::tempdir().unwrap();
    let [first, second, third] = vendor_repository(base.path());
    let dir = zoo_workspace(&first, "");
    let options = FetchOptions {
        git_base: base.path().display().to_string(),
        ..options()
    };
    let check = fetch(
        dir.path(),
        &FetchOptions {
            check: true,
            ..options.clone()
        },
    )
    .unwrap();
    assert!(!check.is_current());
    assert!(!check.written);
    assert!(
        check.changelogs[0].contains("## APIs added"),
        "{:?}",
        check.changelogs
    );

    let before = std::fs::read_to_string(dir.path().join("docs-source/zoo/SOURCES.toml")).unwrap();
    let report = fetch(dir.path(), &options).unwrap();
    assert!(report.written);
    assert_eq!(
        report.changes[0].commit,
        Some((first.clone(), second.clone())),
        "the README-only commit {third} is not the page's"
    );
    let page = std::fs::read_to_string(dir.path().join("docs-source/zoo/zoo.en.html")).unwrap();
    assert_eq!(page, zoo_page("v2"));
    let after = std::fs::read_to_string(dir.path().join("docs-source/zoo/SOURCES.toml")).unwrap();
    assert_eq!(
        after,
        before
            .replace(&first, &second)
            .replace("2026-01-02", "2026-02-03")
            .replace(
                &sha256_hex(zoo_page("v1").as_bytes()),
                &sha256_hex(page.as_bytes())
            )
    );
    assert!(after.contains(&format!("commit = \"{second}\"  # pinned by hand")));
    let spec = std::fs::read_to_string(dir.path().join("generated/zoo/spec.json")).unwrap();
    assert!(
        spec.contains("FeedAnimal"),
        "the v2 page's API is generated"
    );
    assert!(
        spec.contains(&format!(
            "https://github.com/vendor/zoo/blob/{second}/docs/zoo.html"
        )),
        "the spec links the pinned commit"
    );
    assert!(fetch(dir.path(), &options).unwrap().is_current());
}

#[test]
fn a_missing_branch_or_path_is_an_error_naming_it() {
    let base = tempfile::tempdir().unwrap();
    let [first, ..] = vendor_repository(base.path());
    let options = FetchOptions {
        git_base: base.path().display().to_string(),
        ..options()
    };
    let dir = zoo_workspace(&first, "branch = \"gone\"\n");
    let before = snapshot(dir.path());
    let Err(XtaskError::Fetch(failures)) = fetch(dir.path(), &options) else {
        panic!("an unknown branch must fail");
    };
    let message = failures[0].to_string();
    assert!(
        message.starts_with("docs-source/zoo/zoo.en.html: git clone of `")
            && message.contains("vendor/zoo.git` failed: ")
            && message.contains("gone"),
        "{message}"
    );
    assert_eq!(snapshot(dir.path()), before);

    let dir = zoo_workspace(&first, "branch = \"trunk\"\n");
    let sources = dir.path().join("docs-source/zoo/SOURCES.toml");
    let text = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(&sources, text.replace("docs/zoo.html", "docs/moved.html")).unwrap();
    let Err(XtaskError::Fetch(failures)) = fetch(dir.path(), &options) else {
        panic!("a path no commit touches must fail");
    };
    assert!(
        matches!(&failures[0].error, SourceError::NotInHistory { path, branch, .. }
            if path == "docs/moved.html" && branch.as_deref() == Some("trunk")),
        "{failures:?}"
    );
    let message = failures[0].to_string();
    assert!(
        message.starts_with("docs-source/zoo/zoo.en.html: no commit on branch `trunk` of `")
            && message.ends_with("vendor/zoo.git` touches `docs/moved.html`"),
        "{message}"
    );
}
