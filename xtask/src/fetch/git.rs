//! Getting a file of a vendor documentation repository at the newest commit that touches it,
//! with the `git` program (every developer machine and CI has it, and it keeps xtask free of a
//! git library).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::SourceError;

/// The newest version of a repository file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoFile {
    /// The newest commit on the branch that touches the file (40 hexadecimal digits).
    pub commit: String,
    /// That commit's committer date, `YYYY-MM-DD`.
    pub date: String,
    /// The file's content at that commit.
    pub bytes: Vec<u8>,
}

/// Clones repositories into a scratch folder, once per repository and branch in a run.
#[derive(Debug)]
pub struct Git {
    base: String,
    scratch: PathBuf,
    clones: HashMap<(String, Option<String>), Result<PathBuf, SourceError>>,
}

impl Git {
    /// A client that clones `<base>/<repo>.git` into folders under `scratch`.
    #[must_use]
    pub fn new(base: &str, scratch: &Path) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            scratch: scratch.to_path_buf(),
            clones: HashMap::new(),
        }
    }

    /// The address `repo` (`owner/name`) is cloned from.
    #[must_use]
    pub fn clone_url(&self, repo: &str) -> String {
        format!("{}/{repo}.git", self.base)
    }

    /// The newest commit on `branch` (the repository's default branch when `None`) that touches
    /// `path`, its date and the file's content there.
    ///
    /// # Errors
    ///
    /// When git cannot run, the clone fails (unknown repository or branch, unreachable host),
    /// or no commit of the branch touches the path.
    pub fn newest(
        &mut self,
        repo: &str,
        path: &str,
        branch: Option<&str>,
    ) -> Result<RepoFile, SourceError> {
        let url = self.clone_url(repo);
        let dir = self.clone_of(repo, branch)?;
        let log = run_git(
            &dir,
            &["log", "-1", "--format=%H %cs", "HEAD", "--", path],
            &url,
            "log",
        )?;
        let log = String::from_utf8_lossy(&log);
        let Some((commit, date)) = log.trim().split_once(' ') else {
            return Err(SourceError::NotInHistory {
                url,
                path: path.to_owned(),
                branch: branch.map(str::to_owned),
            });
        };
        let bytes = run_git(
            &dir,
            &["cat-file", "blob", &format!("{commit}:{path}")],
            &url,
            "cat-file",
        )?;
        Ok(RepoFile {
            commit: commit.to_owned(),
            date: date.to_owned(),
            bytes,
        })
    }

    /// A bare, single-branch clone of the repository, made on first use. Blobs are fetched
    /// lazily (`--filter=blob:none`), so a large documentation repository costs its history,
    /// not every file.
    fn clone_of(&mut self, repo: &str, branch: Option<&str>) -> Result<PathBuf, SourceError> {
        let key = (repo.to_owned(), branch.map(str::to_owned));
        if let Some(done) = self.clones.get(&key) {
            return done.clone();
        }
        let url = self.clone_url(repo);
        let dir = self.scratch.join(format!("clone-{}", self.clones.len()));
        let target = dir.display().to_string();
        let mut args = vec![
            "clone",
            "--quiet",
            "--bare",
            "--single-branch",
            "--filter=blob:none",
        ];
        if let Some(branch) = branch {
            args.extend(["--branch", branch]);
        }
        args.extend([url.as_str(), target.as_str()]);
        let result = run_git(&self.scratch, &args, &url, "clone").map(|_| dir);
        self.clones.insert(key, result.clone());
        result
    }
}

/// Runs git in `dir` and returns its standard output.
fn run_git(dir: &Path, args: &[&str], url: &str, action: &str) -> Result<Vec<u8>, SourceError> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        // A missing repository must fail, not wait for a password nobody types.
        .env("GIT_TERMINAL_PROMPT", "0")
        // A vendor path is a file name, never a pattern.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .output()
        .map_err(|e| SourceError::NoGit {
            message: e.to_string(),
        })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Keep git's own reasons, without the warning a local clone prints about `--filter`.
        let message: Vec<&str> = stderr
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.contains("--filter is ignored"))
            .collect();
        Err(SourceError::Git {
            url: url.to_owned(),
            action: action.to_owned(),
            message: if message.is_empty() {
                format!("exited with {}", output.status)
            } else {
                message.join("; ")
            },
        })
    }
}
