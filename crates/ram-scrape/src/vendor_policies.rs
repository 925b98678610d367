//! The vendor's own policies: the pages of its documentation repositories that print RAM policy
//! documents (`docs-source/vendor-policies/`). Every fenced code block that holds a policy is
//! extracted with its line; a block that is not valid JSON as printed is read leniently (comments,
//! trailing commas, non-breaking spaces, full-width punctuation, text after the JSON), and each
//! leniency is reported per block. The Actions the blocks use are evidence of Actions that the
//! authorization tables miss; they never become documented Actions.
//!
//! ```
//! use ram_scrape::vendor_policies::{ActionUse, Leniency, extract};
//! let page = "Policy:\n\n```\n{\n  \"Statement\": [{\"Effect\": \"Allow\", // all of it\n    \"Action\": \"cr:GetRegionList\", \"Resource\": \"*\"},]\n}\n```\n";
//! let blocks = extract(page);
//! assert_eq!(blocks.len(), 1);
//! assert_eq!(blocks[0].line, 3);
//! assert_eq!(blocks[0].leniency, [Leniency::Comments, Leniency::TrailingCommas]);
//! assert_eq!(
//!     blocks[0].actions,
//!     [ActionUse { text: "cr:GetRegionList".into(), line: 6, negated: false }]
//! );
//! ```

use serde::Serialize;
use serde_json::Value;

/// The folder of `docs-source/` that holds these pages, rather than a service.
pub const VENDOR_POLICIES_DIR: &str = "vendor-policies";

/// A way a block departs from JSON that the lenient reading accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Leniency {
    /// Non-breaking or full-width spaces used as indentation.
    NonBreakingSpaces,
    /// `//` or `/* */` comments.
    Comments,
    /// A comma before `}` or `]`.
    TrailingCommas,
    /// Full-width punctuation (`，`, `：`, `“`) where JSON has ASCII.
    FullWidthPunctuation,
    /// Text after the JSON value.
    TextAfterJson,
    /// The members of an object without its braces (`"Version": "1", "Statement": [...]`).
    MissingBraces,
    /// A policy written in a table cell, its JSON punctuation escaped for Markdown
    /// (`\{"Statement": \[…`).
    MarkdownEscapes,
    /// Not JSON even so: the Actions were read as the quoted `service:Name` strings of the block.
    Unparsed,
}

/// The kind of a policy, as its statements show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// No `Principal`: an identity (custom or system) policy.
    Identity,
    /// A `Principal` and `sts:AssumeRole`: a role's trust policy.
    Trust,
    /// A `Principal` otherwise: a resource-based policy (a bucket policy).
    Resource,
    /// The block does not parse, so its kind is not known.
    Unknown,
}

/// An Action string a block uses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ActionUse {
    /// The string as printed (`ecs:DescribeInstances`, `ecs:Describe*`, `[ECS RAM Action]`).
    pub text: String,
    /// Its line on the page, from 1.
    pub line: usize,
    /// Under `NotAction`.
    pub negated: bool,
}

impl ActionUse {
    /// Whether the string names one Action: `service:Name`, no wildcard, no placeholder.
    #[must_use]
    pub fn is_action(&self) -> bool {
        is_qualified(&self.text) && !self.text.contains(['*', '?'])
    }

    /// Whether the string is an Action pattern (`ecs:Describe*`, `*`): evidence that some
    /// Action matches, not an Action.
    #[must_use]
    pub fn is_pattern(&self) -> bool {
        self.text == "*" || (is_qualified(&self.text) && self.text.contains(['*', '?']))
    }
}

/// `service:Name` with a lowercase service code and an ASCII name (wildcards allowed).
fn is_qualified(text: &str) -> bool {
    text.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty()
            && service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '_'))
    })
}

/// One policy block of a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyBlock {
    /// The line of the block's opening fence, from 1 (its content starts on the next).
    pub line: usize,
    /// The block as printed.
    #[serde(skip)]
    pub text: String,
    /// The policy document as JSON text (the lenient reading's, or the nested document of an
    /// embedded one); `None` when it does not parse.
    #[serde(skip)]
    pub document: Option<String>,
    /// What the lenient reading accepted, sorted.
    pub leniency: Vec<Leniency>,
    /// The kind its statements show.
    pub kind: BlockKind,
    /// The policy sits inside a larger JSON value (an API request, a template).
    pub embedded: bool,
    /// Every Action string, in page order.
    pub actions: Vec<ActionUse>,
}

/// The fenced code blocks of a Markdown page: `(line of the opening fence, content)`; and the
/// bare JSON values outside any fence (an indented code block, or none at all) that start with
/// a `{` line followed by `"Version"` or `"Statement"`: `(line of the `{`, the value's lines)`.
fn fenced_blocks(markdown: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::new();
    // The open block: its fence line, whether that fence carries a DITA id, its lines.
    let mut open: Option<(usize, bool, Vec<&str>)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let in_row = trimmed.starts_with('|') && line.contains("```");
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~") || in_row;
        // A closing fence has no info string (CommonMark); one with an info string inside an
        // open block is the export's stray fence.
        // (`` ``` | `` closes a block that a table row opened.)
        let bare = ["```", "~~~"].iter().any(|f| {
            trimmed
                .strip_prefix(f)
                .is_some_and(|rest| rest.trim().trim_start_matches('|').trim().is_empty())
        });
        match (&mut open, fence) {
            (None, true) => open = Some((i + 1, line.contains("{#"), Vec::new())),
            // The export's doubled fence (`` ``` {#codeblock_…} `` then `` ``` `` on the next
            // line): the block goes on past the second fence, and starts at the first.
            (Some((start, dita, content)), true) if *dita && content.is_empty() && *start == i => {
                *dita = false;
            }
            // A fence with an info string after nothing but blank lines starts the block anew.
            (Some((start, _, content)), true)
                if !bare && content.iter().all(|l| l.trim().is_empty()) =>
            {
                *start = i + 1;
                content.clear();
            }
            (Some((_, _, content)), true) if !bare => content.push(line),
            (Some(_), true) => {
                if let Some((start, _, content)) = open.take() {
                    out.push((start, content.join("\n")));
                }
            }
            (Some((_, _, content)), false) => content.push(line),
            (None, false) => {
                let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
                let starts_policy = next.is_some_and(|n| {
                    let n = n.trim_start();
                    n.starts_with("\"Version\"") || n.starts_with("\"Statement\"")
                });
                if trimmed.trim_end() == "{" && starts_policy {
                    // The value ends at the line that closes its first brace.
                    let mut depth = 0i64;
                    let mut end = i;
                    for (j, l) in lines.iter().enumerate().skip(i) {
                        depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
                        end = j;
                        if depth <= 0 {
                            break;
                        }
                    }
                    out.push((i + 1, lines[i..=end].join("\n")));
                    i = end + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// A jsonc-parser value as a `serde_json` one.
fn to_serde(value: jsonc_parser::JsonValue<'_>) -> Value {
    use jsonc_parser::JsonValue as J;
    match value {
        J::String(text) => Value::String(text.into_owned()),
        J::Number(text) => serde_json::from_str(text).unwrap_or(Value::Null),
        J::Boolean(b) => Value::Bool(b),
        J::Object(object) => Value::Object(
            object
                .take_inner()
                .into_iter()
                .map(|(key, value)| (key.into_owned(), to_serde(value)))
                .collect(),
        ),
        J::Array(items) => Value::Array(items.take_inner().into_iter().map(to_serde).collect()),
        J::Null => Value::Null,
    }
}

/// Parses JSON with comments and trailing commas allowed or not (jsonc-parser); nothing else
/// of JSONC is allowed. The error is the byte where parsing stopped.
fn parse_jsonc(text: &str, comments: bool, commas: bool) -> Result<Value, usize> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: comments,
        allow_loose_object_property_names: false,
        allow_trailing_commas: commas,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_extended_string_escapes: false,
        allow_non_finite_numbers: false,
    };
    match jsonc_parser::parse_to_value(text, &options) {
        Ok(Some(value)) => Ok(to_serde(value)),
        Ok(None) => Err(0),
        Err(e) => Err(e.range().start),
    }
}

/// Parses with the fewest of comments and trailing commas that make the text parse.
fn fewest(text: &str, leniency: &mut Vec<Leniency>) -> Option<Value> {
    for (comments, commas) in [(false, false), (true, false), (false, true), (true, true)] {
        if let Ok(value) = parse_jsonc(text, comments, commas) {
            if comments {
                leniency.push(Leniency::Comments);
            }
            if commas {
                leniency.push(Leniency::TrailingCommas);
            }
            return Some(value);
        }
    }
    None
}

/// Reads a text from its first `{` or `[`: as it is, else cut where the parser stopped (the
/// text after the value).
fn jsonc_value(text: &str, leniency: &mut Vec<Leniency>) -> Option<Value> {
    let start = text.find(['{', '['])?;
    let text = &text[start..];
    if let Some(value) = fewest(text, leniency) {
        return Some(value);
    }
    let Err(at) = parse_jsonc(text, true, true) else {
        return None;
    };
    let value = fewest(text.get(..at)?, leniency)?;
    leniency.push(Leniency::TextAfterJson);
    Some(value)
}

/// Reads a block as JSON, strictly first, then with each leniency the vendor's pages need.
fn lenient_value(text: &str) -> (Option<Value>, Vec<Leniency>) {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return (Some(value), Vec::new());
    }
    let mut leniency = Vec::new();
    let spaced: String = text
        .chars()
        .map(|c| {
            if matches!(
                c,
                '\u{a0}' | '\u{3000}' | '\u{2002}'..='\u{200a}' | '\u{feff}'
            ) {
                ' '
            } else {
                c
            }
        })
        .collect();
    if spaced != text {
        leniency.push(Leniency::NonBreakingSpaces);
    }
    if let Some(value) = jsonc_value(&spaced, &mut leniency) {
        leniency.sort();
        return (Some(value), leniency);
    }
    let ascii: String = spaced
        .chars()
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '“' | '”' => '"',
            '［' => '[',
            '］' => ']',
            '｛' => '{',
            '｝' => '}',
            _ => c,
        })
        .collect();
    if ascii != spaced {
        let mut attempt = leniency.clone();
        attempt.push(Leniency::FullWidthPunctuation);
        if let Some(value) = jsonc_value(&ascii, &mut attempt) {
            attempt.sort();
            return (Some(value), attempt);
        }
    }
    leniency.push(Leniency::Unparsed);
    leniency.sort();
    (None, leniency)
}

/// The policy document in a value: the value itself when it has `Statement`, else the first
/// nested object (or JSON string) that has one, marked embedded.
fn find_document(value: &Value) -> Option<(Value, bool)> {
    fn nested(value: &Value) -> Option<Value> {
        match value {
            Value::Object(map) if map.contains_key("Statement") => Some(value.clone()),
            Value::Object(map) => map.values().find_map(nested),
            Value::Array(items) => items.iter().find_map(nested),
            Value::String(text) if text.contains("Statement") => {
                serde_json::from_str::<Value>(text)
                    .ok()
                    .as_ref()
                    .and_then(nested)
            }
            _ => None,
        }
    }
    match value {
        Value::Object(map) if map.contains_key("Statement") => Some((value.clone(), false)),
        _ => nested(value).map(|document| (document, true)),
    }
}

/// The statements of a document: an object or a list of them.
fn statements(document: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(map)) => vec![map],
        _ => Vec::new(),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn kind_of(document: &Value) -> BlockKind {
    let statements = statements(document);
    if !statements.iter().any(|s| s.contains_key("Principal")) {
        return BlockKind::Identity;
    }
    let assumes = statements.iter().any(|s| {
        strings(s.get("Action"))
            .iter()
            .any(|a| a.eq_ignore_ascii_case("sts:AssumeRole"))
    });
    if assumes {
        BlockKind::Trust
    } else {
        BlockKind::Resource
    }
}

/// The line of each Action string: the next line of the block, from `*from`, that quotes it.
fn line_of(lines: &[&str], first: usize, text: &str, from: &mut usize) -> usize {
    let quoted = format!("\"{text}\"");
    let found = (*from..lines.len())
        .chain(0..*from)
        .find(|&i| lines[i].contains(&quoted) || lines[i].contains(text));
    match found {
        Some(i) => {
            *from = i;
            first + i
        }
        None => first,
    }
}

/// The policies written in table cells (an API's `Policy` parameter with an example value):
/// `(line, the cell with its Markdown escapes undone)`.
fn table_cell_policies(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in markdown.lines().enumerate() {
        if !line.trim_start().starts_with('|') || line.contains("```") {
            continue;
        }
        for cell in line.split('|') {
            let unescaped = unescape_markdown(cell.trim());
            if unescaped.starts_with('{') && unescaped.contains("\"Statement\"") {
                out.push((i + 1, unescaped));
            }
        }
    }
    out
}

/// `\{` → `{`: the backslash escapes of Markdown punctuation.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every policy block of a page, in page order: each fenced code block that holds
/// `"Statement"`, and each table cell that holds a policy.
#[must_use]
pub fn extract(markdown: &str) -> Vec<PolicyBlock> {
    let mut out = Vec::new();
    let fenced = fenced_blocks(markdown)
        .into_iter()
        .map(|(l, t)| (l, t, false));
    let cells = table_cell_policies(markdown)
        .into_iter()
        .map(|(l, t)| (l, t, true));
    let mut candidates: Vec<(usize, String, bool)> = fenced.chain(cells).collect();
    candidates.sort_by_key(|(line, ..)| *line);
    for (line, text, in_cell) in candidates {
        // A policy is a JSON value that holds `Statement`; code that quotes one (a Java SDK
        // example) is not a policy block.
        let start = text.trim_start();
        let bare = start.starts_with("\"Version\"") || start.starts_with("\"Statement\"");
        if !text.contains("Statement") || !(start.starts_with(['{', '[']) || bare) {
            continue;
        }
        let (value, mut leniency) = if bare {
            let (value, mut leniency) = lenient_value(&format!("{{{text}\n}}"));
            leniency.push(Leniency::MissingBraces);
            leniency.sort();
            (value, leniency)
        } else {
            lenient_value(&text)
        };
        if in_cell {
            leniency.push(Leniency::MarkdownEscapes);
            leniency.sort();
        }
        let found = value.as_ref().and_then(find_document);
        if value.is_some() && found.is_none() {
            // JSON, but no policy in it (a response that mentions `Statement` in prose).
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        let mut from = 0;
        let mut actions = Vec::new();
        let (kind, embedded, document) = match &found {
            Some((document, embedded)) => {
                for statement in statements(document) {
                    for (key, negated) in [("Action", false), ("NotAction", true)] {
                        for action in strings(statement.get(key)) {
                            let first = if in_cell { line } else { line + 1 };
                            let at = line_of(&lines, first, &action, &mut from);
                            actions.push(ActionUse {
                                text: action,
                                line: at,
                                negated,
                            });
                        }
                    }
                }
                (kind_of(document), *embedded, Some(document.to_string()))
            }
            None => {
                // Not JSON even leniently: the quoted `service:Name` strings are its Actions.
                for (i, text_line) in lines.iter().enumerate() {
                    for piece in text_line.split('"').skip(1).step_by(2) {
                        let candidate = ActionUse {
                            text: piece.to_owned(),
                            line: if in_cell { line } else { line + 1 + i },
                            negated: false,
                        };
                        if (candidate.is_action() || candidate.is_pattern())
                            && !piece.starts_with("acs:")
                        {
                            actions.push(candidate);
                        }
                    }
                }
                (BlockKind::Unknown, false, None)
            }
        };
        leniency.dedup();
        out.push(PolicyBlock {
            line,
            text,
            document,
            leniency,
            kind,
            embedded,
            actions,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_json_needs_no_leniency_and_finds_its_kind() {
        let page = "```json\n{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"Service\": [\"sae.aliyuncs.com\"]}}]}\n```\n";
        let blocks = extract(page);
        assert_eq!(blocks[0].kind, BlockKind::Trust);
        assert!(blocks[0].leniency.is_empty());
        assert!(!blocks[0].embedded);
    }

    #[test]
    fn an_embedded_policy_is_found_inside_its_request() {
        let page = "```\n{\n  \"Policy\": {\"Statement\": [{\"Effect\": \"Allow\", \"NotAction\": [\"oss:*\", \"ecs:Describe*\"], \"Resource\": \"*\"}]}\n}\n```\n";
        let blocks = extract(page);
        assert!(blocks[0].embedded);
        let texts: Vec<(&str, bool, bool)> = blocks[0]
            .actions
            .iter()
            .map(|a| (a.text.as_str(), a.negated, a.is_pattern()))
            .collect();
        assert_eq!(
            texts,
            [("oss:*", true, true), ("ecs:Describe*", true, true)]
        );
    }

    #[test]
    fn spaces_and_full_width_punctuation_are_read_and_reported() {
        let page = "```\n{\n\u{a0}\u{a0}\"Statement\"：[{\"Effect\"：\"Allow\"，\"Action\"：\"ecs:StartInstance\"，\"Resource\"：\"*\"}]\n}\nSee above.\n```\n";
        let blocks = extract(page);
        assert_eq!(
            blocks[0].leniency,
            [
                Leniency::NonBreakingSpaces,
                Leniency::FullWidthPunctuation,
                Leniency::TextAfterJson
            ]
        );
        assert_eq!(blocks[0].actions[0].text, "ecs:StartInstance");
        assert_eq!(blocks[0].actions[0].line, 3);
    }

    #[test]
    fn a_block_that_is_not_json_still_gives_its_actions_and_placeholders_are_not_actions() {
        let page = "```\n{\n  \"Statement\": [{ \"Action\": [\"ecs:RunInstances\", \"[ECS RAM Action]\"] <...> }]\n```\n";
        let blocks = extract(page);
        assert_eq!(blocks[0].kind, BlockKind::Unknown);
        assert_eq!(blocks[0].leniency, [Leniency::Unparsed]);
        let texts: Vec<&str> = blocks[0].actions.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["ecs:RunInstances"]);
        let placeholder = ActionUse {
            text: "[ECS RAM Action]".into(),
            line: 1,
            negated: false,
        };
        assert!(!placeholder.is_action() && !placeholder.is_pattern());
    }

    #[test]
    fn members_without_their_braces_are_read_as_the_object() {
        let page = "```\n\"Version\": \"1\",\n\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": \"*\"}]\n```\n";
        let blocks = extract(page);
        assert_eq!(blocks[0].leniency, [Leniency::MissingBraces]);
        assert_eq!(blocks[0].actions[0].line, 3);
    }

    #[test]
    fn a_policy_in_a_table_cell_is_a_block_at_its_row() {
        let page = "|Name|Type|Example|\n|--|--|--|\n|Policy|String|\\{\"Statement\": \\[\\{\"Action\": \\[\"ecs:Describe\\*\"\\],\"Effect\": \"Allow\",\"Resource\": \\[\"\\*\"\\]\\}\\],\"Version\":\"1\"\\}|A policy.|\n";
        let blocks = extract(page);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].line, 3);
        assert_eq!(blocks[0].leniency, [Leniency::MarkdownEscapes]);
        assert_eq!(blocks[0].actions[0].text, "ecs:Describe*");
        assert_eq!(blocks[0].actions[0].line, 3);
    }

    #[test]
    fn code_blocks_without_a_policy_are_not_blocks() {
        assert!(extract("```\naliyun ecs DescribeInstances\n```\n").is_empty());
        assert!(extract("```\n{\"Statement\": \"see the docs\"}\n```\n").len() == 1);
        assert!(extract("```\n{\"Message\": \"Statement missing\"}\n```\n").is_empty());
    }
}

/// One `[[page]]` of `docs-source/vendor-policies/SOURCES.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PageEntry {
    file: String,
    repo: String,
    path: String,
    commit: String,
    locale: String,
    sha256: String,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesToml {
    page: Vec<PageEntry>,
}

/// A pinned page that prints policies, and its blocks.
#[derive(Debug, Clone, Serialize)]
pub struct VendorPage {
    /// The file under the folder (`sae/cn.zh-CN__….md`).
    pub file: String,
    /// The vendor's repository (`AlibabaCloudDocs/sae`).
    pub repo: String,
    /// The path in the repository.
    pub path: String,
    /// The commit the page was read at.
    pub commit: String,
    /// `en` or `zh`.
    pub locale: String,
    /// Every policy block, in page order.
    pub blocks: Vec<PolicyBlock>,
}

/// Reads `dir/SOURCES.toml`, checks every page's sha256 and that every Markdown file of the
/// folder is listed, and extracts every page's policy blocks. `display` is the folder as
/// messages show it.
///
/// # Errors
///
/// Every malformed entry, missing or changed page and unlisted file, together.
pub fn load_dir(
    dir: &std::path::Path,
    display: &str,
) -> Result<Vec<VendorPage>, crate::ScrapeErrors> {
    use crate::error::{Location, ScrapeError};
    let toml_path = format!("{display}/SOURCES.toml");
    let text = std::fs::read_to_string(dir.join("SOURCES.toml")).map_err(|e| {
        crate::ScrapeErrors(vec![ScrapeError::Io {
            at: Location::page(&toml_path),
            message: e.to_string(),
        }])
    })?;
    let parsed: SourcesToml = toml::from_str(&text).map_err(|e| {
        crate::ScrapeErrors(vec![ScrapeError::Sources {
            at: Location::page(&toml_path),
            message: e.to_string().trim_end().replace('\n', " "),
        }])
    })?;
    let mut errors = Vec::new();
    let mut pages = Vec::new();
    for entry in parsed.page {
        let at = Location::page(&format!("{display}/{}", entry.file));
        let bytes = match std::fs::read(dir.join(&entry.file)) {
            Ok(bytes) => bytes,
            Err(e) => {
                errors.push(ScrapeError::Io {
                    at,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let actual = crate::sha256_hex(&bytes);
        if actual != entry.sha256 {
            errors.push(ScrapeError::HashMismatch {
                at: at.clone(),
                actual,
                recorded: entry.sha256.clone(),
            });
        }
        let Ok(markdown) = String::from_utf8(bytes) else {
            errors.push(ScrapeError::Io {
                at,
                message: "the file is not utf-8".into(),
            });
            continue;
        };
        pages.push(VendorPage {
            blocks: extract(&markdown),
            file: entry.file,
            repo: entry.repo,
            path: entry.path,
            commit: entry.commit,
            locale: entry.locale,
        });
    }
    let mut listed: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    listed.sort_unstable();
    for file in markdown_files(dir, "") {
        if listed.binary_search(&file.as_str()).is_err()
            && !errors.iter().any(|e| e.to_string().contains(&file))
        {
            errors.push(ScrapeError::UnlistedPage {
                at: Location::page(&format!("{display}/{file}")),
            });
        }
    }
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(crate::ScrapeErrors(errors).sorted())
    }
}

/// The Markdown files under a folder, relative to it with `/`, sorted.
fn markdown_files(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(listing) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in listing.filter_map(Result::ok) {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let relative = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.path().is_dir() {
            out.extend(markdown_files(&entry.path(), &relative));
        } else if name.ends_with(".md") {
            out.push(relative);
        }
    }
    out.sort();
    out
}
