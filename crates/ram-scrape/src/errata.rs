//! `docs-source/<service>/errata.toml`: corrections of clear vendor errors. Each entry names the
//! item, the value the page documents, the corrected value and the reason; a page that no
//! longer documents the stated value makes the erratum stale, and the scrape fails.
//!
//! ```toml
//! [[erratum]]
//! api = "UpdateNamespace"          # or: action = "cr:Name" (field `access_level` only)
//! field = "resource"               # `action`, `resource` or `access_level`
//! documented = "acs:cr:$regionid:$accountid:chart/$instanceid/$chartnamespacename"
//! corrected = "acs:cr:$regionid:$accountid:repository/$instanceid/$namespacename"
//! reason = "why the documented value is certainly wrong"
//!
//! [[erratum]]
//! page = "authorization-rules.en.md" # a text correction inside the cells of one page
//! field = "text"
//! documented = "ACS: ECs: $ regionid: $ accounting: keypair /*"
//! corrected = "acs:ecs:$regionid:$accountid:keypair/*"
//! reason = "machine translation damaged the arn"
//!
//! [[erratum]]
//! page = "authorization-rules.en.md"
//! row = "CreateSnapshot"              # only this row: the text is right in other rows
//! field = "text"
//! documented = "acs:ecs:$regionid:$accountid:snapshot/"
//! corrected = "acs:ecs:$regionid:$accountid:snapshot/*"
//! reason = "truncated; the twin pages give `snapshot/*`"
//!
//! [[refusal]]
//! page = "authorization-rules.en.md" # a row that cannot be read and is not guessed
//! row = "AddTags"                    # the row's key, as error messages show it
//! reason = "the resource type is a parameter, which an arn template cannot express"
//! ```
//!
//! A text erratum replaces `documented` by `corrected` in every cell line of the page's tables
//! before they are read (a `\n` in `corrected` splits the line), and is stale when no cell
//! holds `documented`. A refusal leaves one row unread, listed by regen; it is stale when the
//! page has no row with that key.

use ram_spec::{ANY_RESOURCE, AccessLevel, AppliedErratum, ArnStructure, normalize_template};
use serde::Deserialize;

use crate::error::{Location, ScrapeError};
use crate::tables::Records;

/// The errata file of a service folder.
pub const ERRATA_FILE: &str = "errata.toml";

/// One correction.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// The API it corrects.
    pub api: Option<String>,
    /// The Action it corrects.
    pub action: Option<String>,
    /// The page (its file name) whose cells a `text` erratum corrects.
    #[serde(default)]
    pub page: Option<String>,
    /// With `page`: only the row one of whose cells is exactly this (its API or Action), when
    /// the documented text also occurs, correctly, in other rows.
    #[serde(default)]
    pub row: Option<String>,
    /// `action`, `resource` or `access_level`.
    pub field: String,
    /// The value the page documents.
    pub documented: String,
    /// The value to use instead.
    pub corrected: String,
    /// Why the documented value is certainly wrong.
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ErrataToml {
    #[serde(default)]
    pub(crate) erratum: Vec<Erratum>,
    #[serde(default)]
    pub(crate) refusal: Vec<Refusal>,
}

/// A row that a page documents but the scraper does not read, with the reason: a vendor error
/// whose correct value is not certain, so no erratum can be written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    /// The page's file name.
    pub page: String,
    /// The row's key (its API, Action, parameter, ARN or type cell).
    pub row: String,
    /// Why the row cannot be read.
    pub reason: String,
}

/// Applies the `text` errata of one page to the cells of its tables; returns what was applied.
/// An erratum whose text no cell holds is stale.
pub(crate) fn apply_to_page(
    errata: &[Erratum],
    file: &str,
    page: &mut crate::page::RawPage,
    at: &Location,
    errors: &mut Vec<ScrapeError>,
) -> Vec<AppliedErratum> {
    let mut applied = Vec::new();
    for erratum in errata.iter().filter(|e| e.page.as_deref() == Some(file)) {
        let mut cells = 0;
        for row in page.tables.iter_mut().flat_map(|t| t.rows.iter_mut()) {
            let named = erratum.row.as_ref().is_none_or(|key| {
                row.cells
                    .iter()
                    .any(|cell| cell.lines.len() == 1 && cell.lines[0] == *key)
            });
            if !named {
                continue;
            }
            for cell in &mut row.cells {
                if !cell.lines.iter().any(|l| l.contains(&erratum.documented)) {
                    continue;
                }
                cells += 1;
                cell.lines = cell
                    .lines
                    .iter()
                    .flat_map(|line| {
                        line.replace(&erratum.documented, &erratum.corrected)
                            .split('\n')
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .collect();
            }
        }
        if cells == 0 {
            errors.push(erratum.stale(
                at,
                &format!("page `{file}`"),
                format!(
                    "no cell of the page holds `{}` any more",
                    erratum.documented
                ),
            ));
        } else {
            applied.push(erratum.applied("page", file));
        }
    }
    applied
}

/// Text errata and refusals that name a page the service does not have.
pub(crate) fn unknown_pages(
    errata: &[Erratum],
    refusals: &[Refusal],
    files: &[&str],
    at: &Location,
) -> Vec<ScrapeError> {
    let text = errata
        .iter()
        .filter_map(|e| e.page.as_deref())
        .filter(|p| !files.contains(p))
        .map(|p| ScrapeError::StaleErratum {
            at: at.clone(),
            item: format!("page `{p}`"),
            field: "text".into(),
            message: "the service has no such page".into(),
        });
    let refused = refusals
        .iter()
        .filter(|r| !files.contains(&r.page.as_str()))
        .map(|r| ScrapeError::StaleErratum {
            at: at.clone(),
            item: format!("page `{}`", r.page),
            field: format!("refusal of row `{}`", r.row),
            message: "the service has no such page".into(),
        });
    text.chain(refused).collect()
}

/// An access level by its spec name (`permissions-management`) or a vendor word.
fn level(text: &str) -> Option<AccessLevel> {
    AccessLevel::ALL
        .into_iter()
        .find(|l| l.as_str() == text)
        .or_else(|| AccessLevel::from_vendor_word(text).ok())
}

impl Erratum {
    fn applied(&self, target: &str, name: &str) -> AppliedErratum {
        AppliedErratum {
            target: target.to_owned(),
            name: name.to_owned(),
            field: self.field.clone(),
            documented: self.documented.clone(),
            corrected: self.corrected.clone(),
            reason: self.reason.clone(),
        }
    }

    fn stale(&self, at: &Location, item: &str, message: String) -> ScrapeError {
        ScrapeError::StaleErratum {
            at: at.clone(),
            item: item.to_owned(),
            field: self.field.clone(),
            message,
        }
    }
}

/// Applies the API errata to the rows before they are assembled, and checks the Action errata's
/// shape; Action errata are applied by [`apply_to_action`]. Returns what was applied.
pub(crate) fn apply_to_rows(
    errata: &[Erratum],
    records: &mut Records,
    at: &Location,
    errors: &mut Vec<ScrapeError>,
) -> Vec<AppliedErratum> {
    let mut applied = Vec::new();
    for erratum in errata {
        if let Some(page) = &erratum.page {
            if erratum.api.is_some() || erratum.action.is_some() || erratum.field != "text" {
                errors.push(ScrapeError::Sources {
                    at: at.clone(),
                    message: format!(
                        "an erratum of page `{page}` corrects field `text` and names no `api` or `action`"
                    ),
                });
            }
            continue;
        }
        if let Some(row) = &erratum.row {
            errors.push(ScrapeError::Sources {
                at: at.clone(),
                message: format!("an erratum of row `{row}` must name its `page`"),
            });
            continue;
        }
        match (&erratum.api, &erratum.action) {
            (Some(api), None) => {
                if let Some(done) = apply_to_api(erratum, api, records, at, errors) {
                    applied.push(done);
                }
            }
            (None, Some(action)) => {
                if erratum.field != "access_level" {
                    errors.push(ScrapeError::Sources {
                        at: at.clone(),
                        message: format!("an erratum of action `{action}` can only correct `access_level`, not `{}`", erratum.field),
                    });
                } else if level(&erratum.corrected).is_none() {
                    errors.push(ScrapeError::Sources {
                        at: at.clone(),
                        message: format!(
                            "erratum of action `{action}`: `{}` is not an access level",
                            erratum.corrected
                        ),
                    });
                }
            }
            _ => errors.push(ScrapeError::Sources {
                at: at.clone(),
                message: format!(
                    "an erratum names exactly one of `api` and `action` (field `{}`)",
                    erratum.field
                ),
            }),
        }
    }
    applied
}

fn apply_to_api(
    erratum: &Erratum,
    api: &str,
    records: &mut Records,
    at: &Location,
    errors: &mut Vec<ScrapeError>,
) -> Option<AppliedErratum> {
    let item = format!("api `{api}`");
    let rows: Vec<usize> = records
        .apis
        .iter()
        .enumerate()
        .filter(|(_, r)| r.name == api)
        .map(|(i, _)| i)
        .collect();
    if rows.is_empty() {
        errors.push(erratum.stale(
            at,
            &item,
            "the pages no longer document this api".to_owned(),
        ));
        return None;
    }
    let corrected_level = level(&erratum.corrected);
    match erratum.field.as_str() {
        "action" | "resource" => {}
        "access_level" if corrected_level.is_some() => {}
        "access_level" => {
            errors.push(ScrapeError::Sources {
                at: at.clone(),
                message: format!(
                    "erratum of {item}: `{}` is not an access level",
                    erratum.corrected
                ),
            });
            return None;
        }
        other => {
            errors.push(ScrapeError::Sources {
                at: at.clone(),
                message: format!("erratum of {item}: unknown field `{other}` (expected `action`, `resource` or `access_level`)"),
            });
            return None;
        }
    }
    // A corrected resource is held in the spec's canonical spelling, as the rows' are.
    let mut corrected = erratum.corrected.clone();
    if erratum.field == "resource" && erratum.corrected != ANY_RESOURCE {
        match normalize_template(&erratum.corrected)
            .and_then(|text| ArnStructure::parse(&text).map(|_| text))
        {
            Ok(text) => corrected = text,
            Err(reason) => {
                errors.push(ScrapeError::BadArn {
                    at: at.clone(),
                    text: erratum.corrected.clone(),
                    reason,
                });
                return None;
            }
        }
    }
    for index in rows {
        let Some(row) = records.apis.get_mut(index) else {
            continue;
        };
        let documented = match erratum.field.as_str() {
            "action" => row.actions.join(", "),
            "resource" => row.resources.join(", "),
            _ => row
                .access_level
                .map(|l| l.as_str().to_owned())
                .unwrap_or_default(),
        };
        let matches = match erratum.field.as_str() {
            "access_level" => {
                level(&erratum.documented).is_some_and(|l| row.access_level == Some(l))
            }
            _ => documented == erratum.documented,
        };
        if !matches {
            errors.push(erratum.stale(
                at,
                &item,
                format!(
                    "the page now documents `{documented}`, not `{}`",
                    erratum.documented
                ),
            ));
            return None;
        }
        match erratum.field.as_str() {
            "action" => row.actions = vec![erratum.corrected.clone()],
            "resource" => row.resources = vec![corrected.clone()],
            _ => row.access_level = corrected_level,
        }
    }
    Some(erratum.applied("api", api))
}

/// Applies the Action errata to an Action's final access level; `Err` when stale.
pub(crate) fn apply_to_action(
    errata: &[Erratum],
    action: &str,
    current: AccessLevel,
    at: &Location,
) -> Result<Option<(AccessLevel, AppliedErratum)>, Box<ScrapeError>> {
    let Some(erratum) = errata
        .iter()
        .find(|e| e.api.is_none() && e.action.as_deref() == Some(action))
    else {
        return Ok(None);
    };
    let item = format!("action `{action}`");
    if level(&erratum.documented) != Some(current) {
        return Err(Box::new(erratum.stale(
            at,
            &item,
            format!(
                "the pages now give `{current}`, not `{}`",
                erratum.documented
            ),
        )));
    }
    Ok(level(&erratum.corrected).map(|corrected| (corrected, erratum.applied("action", action))))
}

/// Action errata whose Action no page names.
pub(crate) fn unmatched_actions<'a>(errata: &'a [Erratum], known: &[&str]) -> Vec<&'a Erratum> {
    errata
        .iter()
        .filter(|e| e.api.is_none() && e.action.as_deref().is_some_and(|a| !known.contains(&a)))
        .collect()
}

/// The stale error for an Action erratum whose Action is gone.
pub(crate) fn gone(erratum: &Erratum, at: &Location) -> ScrapeError {
    let action = erratum.action.clone().unwrap_or_default();
    erratum.stale(
        at,
        &format!("action `{action}`"),
        "the pages no longer name this action".to_owned(),
    )
}
