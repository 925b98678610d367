//! The catalog index: the vendor's table of "Alibaba Cloud services that support RAM" (its en
//! and zh pages), read into one entry per service and sub-service with its name, authorization
//! granularity, STS support and system policies, and the service code where the system
//! policies name one.
//!
//! The table has no code column. The code is read from the system policy names by a rule that
//! can be stated: every `Aliyun<Stem>FullAccess` / `Aliyun<Stem>ReadOnlyAccess` /
//! `Aliyun<Stem>...Access` policy of the row names the same stem, and the code is that stem in
//! lowercase (`AliyunECSFullAccess` -> `ecs`). A row whose policies name several stems, or none,
//! has no code: the index says so instead of guessing.

use serde::Serialize;

use crate::error::{Location, ScrapeError};
use crate::page::{Cell, Format};
use crate::vocabulary::header_key;

/// The columns of the index table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IndexColumn {
    Service,
    SubService,
    Console,
    Api,
    Granularity,
    Policies,
}

/// The header words of the index table, en and zh, in [`header_key`] form.
const INDEX_WORDS: &[(&str, IndexColumn)] = &[
    ("alibabacloudservice", IndexColumn::Service),
    ("云服务", IndexColumn::Service),
    ("sub-service/sub-module", IndexColumn::SubService),
    ("子服务/子模块", IndexColumn::SubService),
    ("console", IndexColumn::Console),
    ("控制台", IndexColumn::Console),
    ("api", IndexColumn::Api),
    ("authorizationgranularity", IndexColumn::Granularity),
    ("授权粒度", IndexColumn::Granularity),
    ("systempolicy", IndexColumn::Policies),
    ("系统策略", IndexColumn::Policies),
];

/// The granularity words, en and zh.
const GRANULARITY_WORDS: &[(&str, &str)] = &[
    ("Service", "service"),
    ("服务级别", "service"),
    ("Operation", "operation"),
    ("操作级别", "operation"),
    ("Resource", "resource"),
    ("资源级别", "resource"),
];

/// One service (or sub-service) of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// The RAM service code read from the system policies, if they name exactly one.
    pub code: Option<String>,
    /// The service's name as the page prints it.
    pub name: String,
    /// The sub-service or sub-module, if any.
    pub sub_service: Option<String>,
    /// `service`, `operation` or `resource`; `None` where the page says `-`.
    pub granularity: Option<String>,
    /// Whether the console supports RAM (`✓`), does not (`×`), or has none (`○`: `None`).
    pub console: Option<bool>,
    /// Whether STS can be used with the service's API, as the API column says; `None` for `○`.
    pub api_sts: Option<bool>,
    /// The system policy names.
    pub system_policies: Vec<String>,
    /// The page's file and locale.
    pub source: String,
    /// The table and row on the page, from 1.
    pub at: (usize, usize),
}

/// What a mark of a support column means: `✓`/`√` yes, `×` no, `○` no such interface.
fn mark(cell: Option<&Cell>) -> Option<bool> {
    match cell.map(Cell::text).as_deref() {
        Some("✓" | "√") => Some(true),
        Some("×" | "✗") => Some(false),
        _ => None,
    }
}

/// The code the policy names share (see the module documentation).
#[must_use]
pub fn code_of_policies(policies: &[String]) -> Option<String> {
    let mut stems = policies.iter().filter_map(|policy| {
        let rest = policy.strip_prefix("Aliyun")?;
        let end = ["FullAccess", "ReadOnlyAccess"]
            .iter()
            .filter_map(|suffix| rest.find(suffix))
            .min()?;
        let stem = &rest[..end];
        (!stem.is_empty()).then(|| stem.to_ascii_lowercase())
    });
    let first = stems.next()?;
    stems.all(|stem| stem == first).then_some(first)
}

/// Reads the index from its pages (`(path, file, content)`, Markdown). Tables whose headers are
/// not the index table's are other content of the page and are skipped; a page with no index
/// table, or an index row without a service name, is an error.
///
/// # Errors
///
/// Every such problem, together.
pub fn read_index(pages: &[crate::Page]) -> Result<Vec<IndexEntry>, Vec<ScrapeError>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for page in pages {
        let raw = Format::of_path(&page.path).read(&page.content);
        let mut found = false;
        for table in &raw.tables {
            let Some(headers) = &table.headers else {
                continue;
            };
            let columns: Vec<Option<IndexColumn>> = headers
                .iter()
                .map(|h| {
                    let key = header_key(h);
                    INDEX_WORDS.iter().find(|(w, _)| *w == key).map(|(_, c)| *c)
                })
                .collect();
            let at = |c: IndexColumn| columns.iter().position(|x| *x == Some(c));
            let (Some(service), Some(granularity)) =
                (at(IndexColumn::Service), at(IndexColumn::Granularity))
            else {
                continue;
            };
            found = true;
            for (i, row) in table.rows.iter().enumerate() {
                let cell = |index: Option<usize>| index.and_then(|i| row.cells.get(i));
                let text = |index: Option<usize>| {
                    cell(index)
                        .map(Cell::text)
                        .filter(|t| !t.is_empty() && t != "-")
                };
                let Some(name) = text(Some(service)) else {
                    errors.push(ScrapeError::EmptyCell {
                        at: Location {
                            page: page.path.clone(),
                            table: Some((table.index, table.section.clone())),
                            row: Some(i + 1),
                            key: None,
                            source: Some(row.at.clone()),
                        },
                        column: headers[service].clone(),
                    });
                    continue;
                };
                let system_policies: Vec<String> = cell(at(IndexColumn::Policies))
                    .map(|c| c.lines.iter().filter(|l| *l != "-").cloned().collect())
                    .unwrap_or_default();
                let granularity = text(Some(granularity)).and_then(|word| {
                    GRANULARITY_WORDS
                        .iter()
                        .find(|(w, _)| word.starts_with(w))
                        .map(|(_, g)| (*g).to_owned())
                });
                entries.push(IndexEntry {
                    code: code_of_policies(&system_policies),
                    name,
                    sub_service: text(at(IndexColumn::SubService)),
                    granularity,
                    console: mark(cell(at(IndexColumn::Console))),
                    api_sts: mark(cell(at(IndexColumn::Api))),
                    system_policies,
                    source: format!(
                        "{} ({})",
                        page.file,
                        page.locale.as_deref().unwrap_or("und")
                    ),
                    at: (table.index, i + 1),
                });
            }
        }
        if !found {
            errors.push(ScrapeError::MissingTable {
                at: Location::page(&page.path),
                kind: "services-that-support-ram".into(),
            });
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_stem_every_system_policy_shares() {
        let names = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            code_of_policies(&names(&["AliyunECSFullAccess", "AliyunECSReadOnlyAccess"])),
            Some("ecs".into())
        );
        assert_eq!(
            code_of_policies(&names(&["AliyunECSFullAccess", "AliyunVPCReadOnlyAccess"])),
            None
        );
        assert_eq!(code_of_policies(&[]), None);
    }

    #[test]
    fn an_index_table_in_en_and_zh_is_read_and_other_tables_are_skipped() {
        let en = crate::Page::new(
            "index.en.md",
            "# Services\n\n|Policy|Note|\n|-|-|\n|x|y|\n\n|Alibaba Cloud service|Sub-service/Sub-module|Console|API|Authorization granularity|System policy|Documentation|\n|:-|-|-|-|-|-|-|\n|ECS|EBS|✓|✓|Resource|-   AliyunECSFullAccess\n-   AliyunECSReadOnlyAccess\n\n|-|\n|Batch Compute|-|✓|×|Service|-|-|\n",
        );
        let zh = crate::Page::new(
            "index.zh.md",
            "|云服务|子服务/子模块|控制台|API|授权粒度|系统策略|相关文档|\n|-|-|-|-|-|-|-|\n|云服务器ECS|-|√|○|资源级别|AliyunECSFullAccess|-|\n",
        );
        let entries = read_index(&[en, zh]).unwrap();
        let got: Vec<String> = entries
            .iter()
            .map(|e| {
                format!(
                    "{:?} {} {:?} {:?}",
                    e.code, e.name, e.granularity, e.api_sts
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                r#"Some("ecs") ECS Some("resource") Some(true)"#,
                r#"None Batch Compute Some("service") Some(false)"#,
                r#"Some("ecs") 云服务器ECS Some("resource") None"#,
            ]
        );
        assert_eq!(entries[0].sub_service.as_deref(), Some("EBS"));
        assert_eq!(
            entries[0].system_policies,
            ["AliyunECSFullAccess", "AliyunECSReadOnlyAccess"]
        );
    }
}
