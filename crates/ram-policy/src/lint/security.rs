//! The rules that read a policy as an attacker would: Actions that let a principal raise its
//! own rights (RAM042), `ram:PassRole` on every role (RAM043), sensitive Actions on every
//! resource with no network, MFA or HTTPS condition (RAM044), and statements that a broader one
//! already covers (RAM048).
//!
//! Which Actions count is data, not code: `data/security-actions.json`, each entry with the
//! reason it is there, which README repeats. An Action entry of a statement grants a listed
//! Action when the two patterns have a common Action (`ram:Attach*` grants
//! `ram:AttachPolicyToUser`); `NotAction` grants it unless one of its patterns covers it
//! entirely. Patterns are compared by the glob automaton ([`Glob`]), exactly, on lowercase
//! text, as RAM matches Actions case-insensitively.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

use ram_core::glob::Glob;
use ram_core::wildcard::matches_action;
use serde_json::Value;

use crate::document::{DocumentKind, Effect, Policy, Statement};
use crate::json::Json;

use super::kinds::node;
use super::{
    Linter, PASS_ROLE_WIDE, PRIVILEGE_ESCALATION, SENSITIVE_ACTION_UNRESTRICTED,
    STATEMENT_SUBSUMED, sample, star_equivalent,
};

/// One Action of the security lists, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityEntry {
    /// The Action (`ram:AttachPolicyToUser`).
    pub action: String,
    /// What it lets a principal do, in a clause (`attaches any policy … to any user`).
    pub why: String,
    /// The resource path that stands for every resource the Action changes (`user/*`), when
    /// the rule fires only on every one of them.
    pub every: Option<String>,
    /// The kind of a sensitive Action: `data-read`, `decryption` or `command-execution`.
    pub kind: Option<String>,
}

/// The lists of `data/security-actions.json`.
struct Lists {
    escalation: Vec<SecurityEntry>,
    role_passing: Vec<SecurityEntry>,
    role_attaching: Vec<SecurityEntry>,
    sensitive: Vec<SecurityEntry>,
}

/// Reads one list of the data file; the error names the list and the entry.
fn entries(data: &Value, list: &str) -> Result<Vec<SecurityEntry>, String> {
    let items = data
        .get(list)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("no list `{list}`"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = |key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
            Ok(SecurityEntry {
                action: text("action").ok_or_else(|| format!("`/{list}/{i}` has no `action`"))?,
                why: text("why").ok_or_else(|| format!("`/{list}/{i}` has no `why`"))?,
                every: text("every"),
                kind: text("kind"),
            })
        })
        .collect()
}

fn read_lists(text: &str) -> Result<Lists, String> {
    let data: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(Lists {
        escalation: entries(&data, "escalation")?,
        role_passing: entries(&data, "role_passing")?,
        role_attaching: entries(&data, "role_attaching")?,
        sensitive: entries(&data, "sensitive")?,
    })
}

#[allow(
    clippy::expect_used,
    reason = "the data file is part of the crate, and a test reads it"
)]
static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    read_lists(include_str!("../../data/security-actions.json"))
        .expect("data/security-actions.json is valid")
});

/// The Actions that let a principal raise its own rights (RAM042).
///
/// ```
/// let escalation = ram_policy::lint::escalation_actions();
/// assert!(escalation.iter().any(|e| e.action == "ram:AttachPolicyToUser"));
/// ```
#[must_use]
pub fn escalation_actions() -> &'static [SecurityEntry] {
    &LISTS.escalation
}

/// The Actions that let a service act as a role the caller names (RAM043): `ram:PassRole`.
#[must_use]
pub fn role_passing_actions() -> &'static [SecurityEntry] {
    &LISTS.role_passing
}

/// The Actions that give a resource a role, which make a wide `ram:PassRole` an escalation.
#[must_use]
pub fn role_attaching_actions() -> &'static [SecurityEntry] {
    &LISTS.role_attaching
}

/// The default sensitive Actions (RAM044): data reads, decryption, command execution.
#[must_use]
pub fn sensitive_actions() -> &'static [SecurityEntry] {
    &LISTS.sensitive
}

/// Where a statement grants an Action: at an entry of `Action`, or through `NotAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    Entry(usize),
    NotAction,
}

fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// The literal text before a pattern's first wildcard, and after its last.
fn literal_ends(pattern: &str) -> (&str, &str) {
    let start = pattern.find(['*', '?']).unwrap_or(pattern.len());
    let end = pattern.rfind(['*', '?']).map_or(pattern.len(), |i| i + 1);
    (&pattern[..start], &pattern[end.max(start)..])
}

/// Whether every string `narrow` matches, `wide` matches (both policy patterns, compared as
/// given: lowercase Actions before). The glob automaton decides; the fast paths only answer
/// what it would: a literal is in `wide` when `wide` matches it, and `narrow`'s strings all
/// begin and end with its literal ends, so `wide`'s must be theirs.
fn subset(narrow: &str, wide: &str) -> bool {
    subset_of(&Sampled::new(narrow), wide)
}

/// A pattern with the two strings of it that every pattern containing it must match: its
/// shortest (every `*` empty, every `?` one character) and one with a character no policy
/// writes in each wildcard's place. Built once per pattern, and only when a comparison gets as
/// far as them, they make most "no" answers two matches without allocating; a Resource is
/// borrowed, not copied, so that a long one is not held several times over.
struct Sampled<'p> {
    pattern: Cow<'p, str>,
    samples: OnceCell<(String, String)>,
}

impl<'p> Sampled<'p> {
    fn new(pattern: impl Into<Cow<'p, str>>) -> Self {
        Self {
            pattern: pattern.into(),
            samples: OnceCell::new(),
        }
    }

    /// The shortest sample and the filled one.
    fn samples(&self) -> &(String, String) {
        self.samples.get_or_init(|| {
            let sample = |star: &str| self.pattern.replace('*', star).replace('?', "\u{1}");
            (sample(""), sample("\u{1}"))
        })
    }
}

fn subset_of(narrow: &Sampled<'_>, wide: &str) -> bool {
    let text = narrow.pattern.as_ref();
    if wide == "*" || text == wide {
        return true;
    }
    if !is_pattern(text) {
        return ram_core::wildcard::matches(wide, text, false);
    }
    let ((narrow_start, narrow_end), (wide_start, wide_end)) =
        (literal_ends(text), literal_ends(wide));
    if !narrow_start.starts_with(wide_start) || !narrow_end.ends_with(wide_end) {
        return false;
    }
    let (shortest, filled) = narrow.samples();
    if !ram_core::wildcard::matches(wide, shortest, false)
        || !ram_core::wildcard::matches(wide, filled, false)
    {
        return false;
    }
    // The narrow pattern is read through rather than built: a Resource can be long.
    Glob::pattern(wide).contains_pattern(text)
}

/// Whether two policy patterns have a string in common; the fast paths as for [`subset`]:
/// two patterns' strings begin with their literal starts, so one start must begin the other.
fn intersects(a: &str, b: &str) -> bool {
    if !is_pattern(b) {
        return ram_core::wildcard::matches(a, b, false);
    }
    if !is_pattern(a) {
        return ram_core::wildcard::matches(b, a, false);
    }
    let ((a_start, a_end), (b_start, b_end)) = (literal_ends(a), literal_ends(b));
    let compatible = |x: &str, y: &str| x.starts_with(y) || y.starts_with(x);
    let compatible_end = |x: &str, y: &str| x.ends_with(y) || y.ends_with(x);
    compatible(a_start, b_start)
        && compatible_end(a_end, b_end)
        && if a.len() >= b.len() {
            // The shorter pattern's glob is built and the longer read through, so that the
            // search holds memory for the shorter one only.
            Glob::pattern(b).intersects_pattern(a)
        } else {
            Glob::pattern(a).intersects_pattern(b)
        }
}

/// Whether and where a statement grants some Action of `wanted` (a name or a pattern).
fn grants(statement: &Statement, wanted: &str) -> Option<Grant> {
    let wanted = wanted.to_lowercase();
    let patterns = &statement.actions.patterns;
    if statement.actions.negated {
        let excluded = patterns.iter().any(|p| subset(&wanted, &p.to_lowercase()));
        return (!excluded).then_some(Grant::NotAction);
    }
    patterns
        .iter()
        .position(|p| intersects(&p.to_lowercase(), &wanted))
        .map(Grant::Entry)
}

/// The Resource entry (or `NotResource`) through which a statement reaches every resource
/// of `service` whose path `every` matches (any of its resources when `every` is `None`).
fn reaches_every(statement: &Statement, service: &str, every: Option<&str>) -> Option<String> {
    if statement.resources.negated {
        return Some("NotResource".to_owned());
    }
    statement
        .resources
        .patterns
        .iter()
        .find(|resource| {
            if star_equivalent(resource) {
                return true;
            }
            let parts: Vec<&str> = resource.splitn(5, ':').collect();
            let [_, arn_service, _, _, path] = parts.as_slice() else {
                return false;
            };
            matches_action(arn_service, service) && every.is_none_or(|every| subset(every, path))
        })
        .cloned()
}

/// Where a statement grants an entry's Action, and the Resource through which it reaches
/// every resource the entry names.
fn granted_on_every(statement: &Statement, entry: &SecurityEntry) -> Option<(Grant, String)> {
    let grant = grants(statement, &entry.action)?;
    let resource = reaches_every(statement, service_of(&entry.action), entry.every.as_deref())?;
    Some((grant, resource))
}

/// The service code of an Action.
fn service_of(action: &str) -> &str {
    action
        .split_once(':')
        .map_or(action, |(service, _)| service)
}

/// Whether a statement allows everything on every resource, which RAM009 reports already.
fn allows_everything(statement: &Statement) -> bool {
    !statement.actions.negated
        && !statement.resources.negated
        && statement
            .actions
            .patterns
            .iter()
            .any(|a| a == "*" || a.split_once(':').is_some_and(|(_, name)| name == "*"))
        && statement
            .resources
            .patterns
            .iter()
            .any(|r| star_equivalent(r))
}

/// Whether a condition of the statement narrows who may call: from a network (`acs:SourceIp`
/// with `IpAddress`, `acs:SourceVpc`), with MFA or over HTTPS (`acs:MFAPresent` or
/// `acs:SecureTransport` with `Bool` of `true` alone).
fn restricted(statement: &Statement) -> bool {
    statement.conditions.iter().any(|c| {
        let key = c.key.to_ascii_lowercase();
        match key.as_str() {
            "acs:sourceip" => c.operator == crate::Operator::IpAddress,
            "acs:sourcevpc" => !c.operator.is_negated(),
            "acs:mfapresent" | "acs:securetransport" => {
                c.operator == crate::Operator::Bool
                    && !c.raw.is_empty()
                    && c.raw.iter().all(|v| v.eq_ignore_ascii_case("true"))
            }
            _ => false,
        }
    })
}

/// A list of `names` written out, at most three, with how many more.
fn named(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    sample(&shown) + &more(names.len())
}

fn more(count: usize) -> String {
    if count > 3 {
        format!(" and {} more", count - 3)
    } else {
        String::new()
    }
}

/// The policies' statements above which RAM048, which compares every pair, is not checked. A
/// custom policy holds at most 4096 characters, some fifty statements; a generated document
/// of thousands is linted in linear time without it.
pub(super) const SUBSUMPTION_LIMIT: usize = 1000;

impl Linter<'_> {
    /// The place of a grant: the `Action` entry, or the `NotAction` key.
    fn grant_at<'j>(document: &'j Json, index: usize, grant: Grant) -> super::Located<'j> {
        match grant {
            Grant::Entry(entry) => {
                Self::at(document, &format!("/Statement/{index}/Action/{entry}"))
            }
            Grant::NotAction => Self::at(document, &format!("/Statement/{index}/NotAction")),
        }
    }

    pub(super) fn security(&mut self, policy: &Policy, document: &Json) {
        self.subsumed(policy, document);
        // A trust policy's Allow lets principals assume the role, a control policy's bounds
        // what others grant: neither grants these Actions itself.
        if !matches!(
            self.kind,
            DocumentKind::Identity | DocumentKind::Session | DocumentKind::Resource
        ) {
            return;
        }
        // What in the policy hands a role to a resource, found once when a wide
        // `ram:PassRole` needs it.
        let mut attaching: Option<Vec<String>> = None;
        for (index, statement) in policy.statements.iter().enumerate() {
            if statement.effect != Effect::Allow {
                continue;
            }
            self.escalation(policy, index, statement, document, &mut attaching);
            self.sensitive(index, statement, document);
        }
    }

    fn escalation(
        &mut self,
        policy: &Policy,
        index: usize,
        statement: &Statement,
        document: &Json,
        attaching: &mut Option<Vec<String>>,
    ) {
        // `*` on every resource already holds every right: RAM009 says so.
        let everything = !statement.actions.negated
            && statement.actions.patterns.iter().any(|a| a == "*")
            && reaches_every(statement, "*", None).is_some();
        if everything {
            return;
        }
        let mut first: Option<Grant> = None;
        let mut raised: Vec<String> = Vec::new();
        let mut through = String::new();
        for entry in escalation_actions() {
            let Some((grant, resource)) = granted_on_every(statement, entry) else {
                continue;
            };
            if first.is_none() {
                first = Some(grant);
                through = resource;
            }
            raised.push(format!("`{}` {}", entry.action, entry.why));
        }
        if let Some(grant) = first {
            let at = Self::grant_at(document, index, grant);
            let shown: Vec<String> = raised.iter().take(3).cloned().collect();
            self.push(
                PRIVILEGE_ESCALATION,
                &at,
                format!(
                    "statement {index} lets the principal raise its own rights on `{through}`: {}{}",
                    shown.join("; "),
                    more(raised.len())
                ),
                Some("grant these Actions only on the users, groups, roles and policies the principal administers, or keep them for administrators".to_owned()),
            );
        }
        for entry in role_passing_actions() {
            let Some((grant, resource)) = granted_on_every(statement, entry) else {
                continue;
            };
            let attaching = attaching.get_or_insert_with(|| {
                role_attaching_actions()
                    .iter()
                    .filter_map(|a| {
                        policy
                            .statements
                            .iter()
                            .position(|s| {
                                s.effect == Effect::Allow && grants(s, &a.action).is_some()
                            })
                            .map(|s| format!("`{}` (statement {s}: it {})", a.action, a.why))
                    })
                    .collect()
            });
            let beside = if attaching.is_empty() {
                String::new()
            } else {
                format!(
                    "; with {}, it can run code as any role",
                    attaching
                        .iter()
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                        + &more(attaching.len())
                )
            };
            let at = Self::grant_at(document, index, grant);
            self.push(
                PASS_ROLE_WIDE,
                &at,
                format!(
                    "statement {index} allows `{}` on `{resource}`: it {}{beside}",
                    entry.action, entry.why
                ),
                Some(
                    "name the roles the principal may pass: `acs:ram:*:ACCOUNT_ID:role/NAME`"
                        .to_owned(),
                ),
            );
        }
    }

    fn sensitive(&mut self, index: usize, statement: &Statement, document: &Json) {
        if allows_everything(statement) || restricted(statement) {
            return;
        }
        let Some(resource) = reaches_every(statement, "*", None)
            .filter(|r| r == "NotResource" || star_equivalent(r))
        else {
            return;
        };
        let mut first: Option<Grant> = None;
        let mut found: Vec<String> = Vec::new();
        for action in &self.options.sensitive_actions {
            let Some(grant) = grants(statement, action) else {
                continue;
            };
            first.get_or_insert(grant);
            found.push(action.clone());
        }
        let Some(grant) = first else {
            return;
        };
        let why = sensitive_actions()
            .iter()
            .find(|e| {
                found
                    .first()
                    .is_some_and(|f| f.eq_ignore_ascii_case(&e.action))
            })
            .map(|e| format!(" (`{}` {})", e.action, e.why))
            .unwrap_or_default();
        let at = Self::grant_at(document, index, grant);
        self.push(
            SENSITIVE_ACTION_UNRESTRICTED,
            &at,
            format!(
                "statement {index} allows the sensitive Action(s) {} on `{resource}` from any network, without MFA or HTTPS{why}",
                named(&found)
            ),
            Some("name the resources, or add a condition: `IpAddress` on `acs:SourceIp`, `acs:SourceVpc`, or `Bool` `true` on `acs:MFAPresent` or `acs:SecureTransport`".to_owned()),
        );
    }

    /// RAM048: a statement whose every request another statement of the same effect, principals
    /// and a subset of its conditions covers, Action by Action and Resource by Resource.
    fn subsumed(&mut self, policy: &Policy, document: &Json) {
        let statements = &policy.statements;
        // One statement has no other to be covered by: nothing is built for it.
        if statements.len() > SUBSUMPTION_LIMIT || statements.len() < 2 {
            return;
        }
        // Actions compare case-insensitively: lowercase once.
        struct Lists<'p> {
            actions: Vec<Sampled<'p>>,
            resources: Vec<Sampled<'p>>,
        }
        let lists: Vec<Option<Lists>> = statements
            .iter()
            .map(|s| {
                (!s.actions.negated && !s.resources.negated).then(|| Lists {
                    actions: s
                        .actions
                        .patterns
                        .iter()
                        .map(|p| Sampled::new(p.to_lowercase()))
                        .collect(),
                    resources: s
                        .resources
                        .patterns
                        .iter()
                        .map(|p| Sampled::new(p.as_str()))
                        .collect(),
                })
            })
            .collect();
        let covers = |wide: &[Sampled<'_>], narrow: &[Sampled<'_>]| {
            narrow
                .iter()
                .all(|n| wide.iter().any(|w| subset_of(n, &w.pattern)))
        };
        for (j, narrow) in statements.iter().enumerate() {
            let Some(narrow_globs) = &lists[j] else {
                continue;
            };
            let by = statements.iter().enumerate().find(|(i, wide)| {
                let Some(wide_globs) = &lists[*i] else {
                    return false;
                };
                *i != j
                    && wide.effect == narrow.effect
                    && wide.principals == narrow.principals
                    && wide.conditions.iter().all(|c| narrow.conditions.contains(c))
                    && covers(&wide_globs.actions, &narrow_globs.actions)
                    && covers(&wide_globs.resources, &narrow_globs.resources)
                    // Two statements that cover each other: the later one is the repeat.
                    && !(*i > j
                        && narrow.conditions.iter().all(|c| wide.conditions.contains(c))
                        && covers(&narrow_globs.actions, &wide_globs.actions)
                        && covers(&narrow_globs.resources, &wide_globs.resources))
            });
            let Some((i, _)) = by else {
                continue;
            };
            // An exact repeat is RAM020's.
            let repeat = node(document, &format!("/Statement/{i}"))
                .zip(node(document, &format!("/Statement/{j}")))
                .is_some_and(|(a, b)| a.to_value() == b.to_value());
            if repeat {
                continue;
            }
            let at = Self::at(document, &format!("/Statement/{j}"));
            self.push(
                STATEMENT_SUBSUMED,
                &at,
                format!(
                    "statement {j} grants nothing statement {i} does not: every Action and Resource it lists is covered there, with no condition it lacks"
                ),
                Some(format!("remove statement {j}, or narrow statement {i}")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_reads() {
        let lists = read_lists(include_str!("../../data/security-actions.json"));
        let lists = lists.as_ref().map_err(String::as_str);
        assert!(lists.is_ok_and(|l| l.escalation.len() > 5 && l.sensitive.len() > 5));
        assert_eq!(
            read_lists(r#"{"escalation": [{"why": "x"}]}"#)
                .err()
                .as_deref(),
            Some("`/escalation/0` has no `action`")
        );
    }

    use proptest::prelude::*;

    /// Patterns over a small alphabet, with wildcards anywhere and a multi-byte character, so
    /// that prefixes, suffixes and samples are all exercised.
    fn pattern() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("b"),
                Just("é"),
                Just("/"),
                Just(":"),
                Just("*"),
                Just("?")
            ],
            0..8,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast paths of `subset` and `intersects` answer as the glob automaton does.
        #[test]
        fn fast_paths_agree_with_the_automaton(a in pattern(), b in pattern()) {
            let (ga, gb) = (Glob::pattern(&a), Glob::pattern(&b));
            prop_assert_eq!(subset(&a, &b), ga.is_subset_of(&gb), "{} in {}", a, b);
            prop_assert_eq!(intersects(&a, &b), ga.intersects(&gb), "{} and {}", a, b);
        }
    }

    #[test]
    fn every_entry_has_a_kind_where_it_needs_one() {
        assert!(sensitive_actions().iter().all(|e| e.kind.is_some()));
        assert!(
            escalation_actions()
                .iter()
                .chain(role_passing_actions())
                .all(|e| e.action.contains(':') && !e.why.is_empty())
        );
    }
}
