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
//! ```

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
