//! RAM policies where teams keep them: embedded in Terraform (`.tf`) and Alibaba Cloud ROS
//! templates (JSON or YAML). [`extract`] finds every policy document of a template, gives it
//! as JSON text with its kind (a role's trust policy is a trust policy), and maps positions in
//! that JSON text back to the line and column of the template, so that a linter's findings point
//! at the user's file.
//!
//! What is found, as data in [`terraform::ATTRIBUTES`] and [`ros::PROPERTIES`]:
//! `alicloud_ram_policy` (`document`, `policy_document`), `alicloud_ram_role`
//! (`assume_role_policy_document`, `document`), `alicloud_resource_manager_control_policy`,
//! OSS bucket policies, `data "alicloud_ram_policy_document"`; ROS `ALIYUN::RAM::ManagedPolicy`,
//! `ALIYUN::RAM::Role` (`AssumeRolePolicyDocument`, `Policies`), users' and groups' `Policies`.
//!
//! An expression that cannot be evaluated here (a variable, a resource attribute, a function
//! other than `jsonencode`, a ROS `Ref` or `Fn::…`) is never a crash or a silent skip: it is a
//! [`Notice`] naming it, and the document is linted with the expression's text in its place.
//!
//! ```
//! use ram_iac::{SourceFormat, extract};
//! let tf = r#"
//! resource "alicloud_ram_policy" "reader" {
//!   policy_name = "reader"
//!   policy_document = jsonencode({
//!     Version = "1"
//!     Statement = [{ Effect = "Allow", Action = ["cr:Get*"], Resource = ["*"] }]
//!   })
//! }
//! "#;
//! let found = extract(SourceFormat::Terraform, tf).unwrap();
//! let policy = &found.policies[0];
//! assert_eq!(policy.origin, "alicloud_ram_policy.reader.policy_document");
//! let value: serde_json::Value = serde_json::from_str(&policy.document).unwrap();
//! assert_eq!(value["Statement"][0]["Action"][0], "cr:Get*");
//! // `Action` of statement 0 is on line 6 of the template, where `Action = ` is written.
//! assert_eq!(policy.locate("/Statement/0/Action/0", ram_iac::Position::new(1, 1)).0.line, 6);
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

mod node;
pub mod ros;
pub mod terraform;

pub use node::Node;

/// A 1-based line and column (columns count characters) in a template or a policy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// A position.
    #[must_use]
    pub const fn new(line: usize, column: usize) -> Self {
        Self { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Line starts of a text, to turn byte offsets into positions.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        Position::new(line.max(1), column + 1)
    }
}

/// What a policy document is, for a linter: the kinds differ in the elements they allow
/// (`Principal`) and require (`Resource`), and in their size limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyKind {
    /// A policy attached to users, groups and roles.
    Identity,
    /// A RAM role's trust policy (who may assume it).
    Trust,
    /// A resource directory control policy.
    Control,
    /// A resource-based policy (an OSS bucket policy).
    Resource,
}

impl PolicyKind {
    /// `identity`, `trust`, `control` or `resource`, as `ramctl lint --kind` names them.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Trust => "trust",
            Self::Control => "control",
            Self::Resource => "resource",
        }
    }
}

/// How positions in an extracted document map back to the template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mapping {
    /// The document is the template's own text (a heredoc, a JSON block): line `i` of the
    /// document is line `lines[i - 1].0` of the template, its columns shifted by
    /// `lines[i - 1].1` (the indentation a `<<-` heredoc strips).
    Lines(Vec<(usize, usize)>),
    /// The document was built from the template's values (`jsonencode`, a ROS mapping, a
    /// policy document data source): each JSON pointer of the document has the position and
    /// length of the value it came from.
    Pointers(Vec<(String, Position, usize)>),
    /// The document is a string whose inside cannot be mapped (an escaped JSON string): every
    /// position is the string's.
    Fixed(Position),
}

/// One policy document found in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedPolicy {
    /// Its kind.
    pub kind: PolicyKind,
    /// Where it is, as a reader names it: `alicloud_ram_role.ops.assume_role_policy_document`,
    /// `Resources.Ops.Properties.AssumeRolePolicyDocument`.
    pub origin: String,
    /// The document as JSON text.
    pub document: String,
    /// Where the document starts in the template.
    pub at: Position,
    mapping: Mapping,
}

impl EmbeddedPolicy {
    /// The template position of a place in [`Self::document`], given by its JSON pointer and its
    /// position in the document, with the length in characters of the template's token there
    /// when it is known.
    #[must_use]
    pub fn locate(&self, pointer: &str, position: Position) -> (Position, Option<usize>) {
        match &self.mapping {
            Mapping::Lines(lines) => {
                let Some(&(line, shift)) = lines.get(position.line.saturating_sub(1)) else {
                    return (self.at, None);
                };
                (Position::new(line, position.column + shift), None)
            }
            Mapping::Fixed(at) => (*at, None),
            Mapping::Pointers(map) => {
                // The deepest recorded pointer that is the finding's or one of its ancestors.
                let found = map
                    .iter()
                    .filter(|(p, _, _)| is_ancestor_or_self(p, pointer))
                    .max_by_key(|(p, _, _)| p.len());
                match found {
                    Some((p, at, length)) if p == pointer => (*at, Some(*length)),
                    Some((_, at, _)) => (*at, None),
                    None => (self.at, None),
                }
            }
        }
    }
}

fn is_ancestor_or_self(ancestor: &str, pointer: &str) -> bool {
    pointer == ancestor
        || ancestor.is_empty()
        || pointer
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Something the extraction could not do and says so: an expression it does not evaluate, a
/// reference to a policy defined elsewhere, a template value of the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Notice {
    /// Where, in the template.
    pub at: Position,
    /// What, naming the template's text in backticks.
    pub message: String,
}

/// Every policy of a template, and the notices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// The policy documents, in template order.
    pub policies: Vec<EmbeddedPolicy>,
    /// The notices, in template order.
    pub notices: Vec<Notice>,
}

/// The template formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Terraform HCL (`.tf`).
    Terraform,
    /// A ROS template in JSON.
    RosJson,
    /// A ROS template in YAML.
    RosYaml,
}

impl SourceFormat {
    /// The format of a file by its name and, for `.json`, its content: a JSON file is a ROS
    /// template when its top-level object has `ROSTemplateFormatVersion`, and otherwise not a
    /// template (`None`: a policy document of its own). `.yaml` and `.yml` files are ROS
    /// templates; anything else is `None`.
    #[must_use]
    pub fn detect(path: &Path, text: &str) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "tf" => Some(Self::Terraform),
            "yaml" | "yml" => Some(Self::RosYaml),
            "json" => ros::is_ros_json(text).then_some(Self::RosJson),
            _ => None,
        }
    }
}

/// Why a template could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IacError {
    /// The template is not valid HCL, JSON or YAML.
    #[error("{at}: {message}")]
    Syntax {
        /// Where the parser stopped.
        at: Position,
        /// The parser's message.
        message: String,
    },
    /// A file or folder could not be read.
    #[error("`{path}`: {message}")]
    Io {
        /// The path.
        path: String,
        /// The system's message.
        message: String,
    },
}

/// Finds the policies of a template.
///
/// # Errors
///
/// [`IacError::Syntax`] when the template does not parse.
pub fn extract(format: SourceFormat, text: &str) -> Result<Extraction, IacError> {
    match format {
        SourceFormat::Terraform => terraform::extract(text),
        SourceFormat::RosJson => ros::extract_json(text),
        SourceFormat::RosYaml => ros::extract_yaml(text),
    }
}

/// Folder names never descended into: version control and Terraform's downloaded modules.
pub const SKIPPED_DIRS: &[&str] = &[".git", ".terraform"];

/// The files to lint under `paths`: files as given, and the `.tf`, `.json`, `.yaml` and `.yml`
/// files of folders, recursively (skipping [`SKIPPED_DIRS`]), each folder's files sorted.
///
/// # Errors
///
/// Every path that cannot be read, together.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<IacError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut errors);
        } else {
            files.push(path.clone());
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IacError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(IacError::Io {
                path: dir.display().to_string(),
                message: e.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name) {
                walk(&path, files, errors);
            }
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["tf", "json", "yaml", "yml"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let index = LineIndex::new("ab\n名前x\n");
        assert_eq!(index.position(0), Position::new(1, 1));
        assert_eq!(index.position(3), Position::new(2, 1));
        assert_eq!(index.position(9), Position::new(2, 3));
        assert_eq!(index.position(100), Position::new(3, 1));
    }

    #[test]
    fn pointer_ancestors() {
        assert!(is_ancestor_or_self("/Statement/0", "/Statement/0/Action"));
        assert!(is_ancestor_or_self("", "/Statement"));
        assert!(!is_ancestor_or_self("/Statement/1", "/Statement/10"));
    }

    #[test]
    fn formats_are_detected_by_name_and_content() {
        let ros = r#"{"ROSTemplateFormatVersion": "2015-09-01", "Resources": {}}"#;
        assert_eq!(
            SourceFormat::detect(Path::new("a.json"), ros),
            Some(SourceFormat::RosJson)
        );
        assert_eq!(
            SourceFormat::detect(Path::new("a.json"), r#"{"Version": "1"}"#),
            None
        );
        assert_eq!(
            SourceFormat::detect(Path::new("main.TF"), ""),
            Some(SourceFormat::Terraform)
        );
        assert_eq!(
            SourceFormat::detect(Path::new("t.yml"), ""),
            Some(SourceFormat::RosYaml)
        );
        assert_eq!(SourceFormat::detect(Path::new("README.md"), ""), None);
    }

    #[test]
    fn discovery_recurses_sorted_and_skips_tool_folders() {
        let root = std::env::temp_dir().join(format!("ram-iac-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["a", ".git", ".terraform/modules", "b"] {
            std::fs::create_dir_all(root.join(dir)).unwrap_or_else(|e| panic!("{e}"));
        }
        for file in [
            "b/main.tf",
            "a/t.yaml",
            "a/notes.md",
            ".git/x.tf",
            ".terraform/modules/m.tf",
            "z.json",
        ] {
            std::fs::write(root.join(file), "").unwrap_or_else(|e| panic!("{e}"));
        }
        let found = discover(std::slice::from_ref(&root)).unwrap_or_else(|e| panic!("{e:?}"));
        let names: Vec<String> = found
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(names, ["a/t.yaml", "b/main.tf", "z.json"]);
        let missing = discover(&[root.join("a"), root.join("nope")]);
        assert!(
            missing.is_ok(),
            "a missing file is the reader's error, not discovery's"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
