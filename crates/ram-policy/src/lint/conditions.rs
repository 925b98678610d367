//! The rules on what a statement's conditions can mean: an operator of another family than its
//! key's type (RAM045), conditions on one single-valued key that no request meets together
//! (RAM046), and a time window that has closed (RAM047).
//!
//! They decide on the parser's statements, whose values are already parsed for their operator,
//! so a date is compared as the engine compares it.

use ipnet::IpNet;
use jiff::Timestamp;

use crate::condition::{Operator, ValueKind, Values};
use crate::document::{Condition, Statement};
use crate::json::{Json, pointer_escape};

use super::{CONTRADICTORY_CONDITION, EXPIRED_CONDITION, Linter, OPERATOR_KEY_MISMATCH};

/// The type of a condition key's values, as the vendor's pages class them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// Text, compared by the `String…` operators.
    String,
    /// A date and time, compared by the `Date…` operators.
    Date,
    /// `true` or `false`, compared by `Bool`.
    Bool,
    /// An IP address, compared by `IpAddress` and `NotIpAddress`.
    Ip,
}

impl KeyType {
    /// The operators' family that compares values of this type.
    const fn family(self) -> &'static str {
        match self {
            Self::String => "`String…`",
            Self::Date => "`Date…`",
            Self::Bool => "`Bool`",
            Self::Ip => "`IpAddress` or `NotIpAddress`",
        }
    }

    const fn noun(self) -> &'static str {
        match self {
            Self::String => "text",
            Self::Date => "a date and time",
            Self::Bool => "`true` or `false`",
            Self::Ip => "an IP address",
        }
    }

    const fn fits(self, kind: ValueKind) -> bool {
        matches!(
            (self, kind),
            (Self::String, ValueKind::String)
                | (Self::Date, ValueKind::Date)
                | (Self::Bool, ValueKind::Bool)
                | (Self::Ip, ValueKind::Ip)
        )
    }
}

/// The condition keys whose type a page states: the key (a prefix when it ends with `/`), its
/// type, and whether a request carries one value of it at most.
///
/// The global keys' categories are the table of "Policy elements" (RAM documentation, Policy
/// language: `acs:CurrentTime` "Date and time", `acs:SecureTransport` and `acs:MFAPresent`
/// "Boolean", `acs:SourceIp` "IP address") and the service keys' are its second table
/// (`ecs:tag/<tag-key>`, `rds:ResourceTag/<tag-key>`, `oss:Delimiter`, `oss:Prefix`: "String").
/// The other global keys hold identifiers (an AccessKey ID, an ARN, an account ID, a VPC ID, a
/// tag), which the OSS page's condition table describes as text.
const KEY_TYPES: &[(&str, KeyType, bool)] = &[
    ("acs:AccessId", KeyType::String, true),
    ("acs:CurrentTime", KeyType::Date, true),
    ("acs:MFAPresent", KeyType::Bool, true),
    ("acs:PrincipalARN", KeyType::String, true),
    ("acs:PrincipalAccount", KeyType::String, true),
    ("acs:RequestTag/", KeyType::String, false),
    ("acs:ResourceTag/", KeyType::String, false),
    ("acs:SecureTransport", KeyType::Bool, true),
    ("acs:SourceIp", KeyType::Ip, true),
    ("acs:SourceVpc", KeyType::String, true),
    ("acs:TagKeys", KeyType::String, false),
    ("ecs:tag/", KeyType::String, false),
    ("oss:Delimiter", KeyType::String, true),
    ("oss:Prefix", KeyType::String, true),
    ("rds:ResourceTag/", KeyType::String, false),
];

/// The type of a condition key that a page classes, and whether a request carries one value
/// of it at most; keys match case-insensitively, as RAM matches them.
///
/// ```
/// use ram_policy::lint::{KeyType, key_type};
/// assert_eq!(key_type("acs:SourceIp"), Some((KeyType::Ip, true)));
/// assert_eq!(key_type("acs:resourcetag/team"), Some((KeyType::String, false)));
/// assert_eq!(key_type("oss:x-oss-acl"), None);
/// ```
#[must_use]
pub fn key_type(key: &str) -> Option<(KeyType, bool)> {
    KEY_TYPES.iter().find_map(|(known, ty, single)| {
        let hit = if known.ends_with('/') {
            key.len() > known.len()
                && key
                    .get(..known.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(known))
        } else {
            key.eq_ignore_ascii_case(known)
        };
        hit.then_some((*ty, *single))
    })
}

/// A bound of a time window: the instant and whether it is excluded.
#[derive(Debug, Clone, Copy)]
struct Bound {
    at: Timestamp,
    strict: bool,
    operator: Operator,
}

impl Linter<'_> {
    pub(super) fn conditions(&mut self, statement: &Statement, pointer: &str, document: &Json) {
        let key_pointer = |condition: &Condition| {
            format!(
                "{pointer}/Condition/{}/{}",
                pointer_escape(condition.operator.as_str()),
                pointer_escape(&condition.key)
            )
        };
        for condition in &statement.conditions {
            let Some((ty, _)) = key_type(&condition.key) else {
                continue;
            };
            if ty.fits(condition.operator.value_kind()) {
                continue;
            }
            let at = Self::at(document, &key_pointer(condition));
            self.push(
                OPERATOR_KEY_MISMATCH,
                &at,
                format!(
                    "`{}` holds {}, which `{}` does not compare as such",
                    condition.key,
                    ty.noun(),
                    condition.operator
                ),
                Some(format!("use an operator of the {} family", ty.family())),
            );
        }
        self.time_window(statement, document, &key_pointer);
        self.source_ip_excluded(statement, document, &key_pointer);
    }

    /// RAM046 and RAM047 on `acs:CurrentTime`, the one date key, which a request carries once:
    /// every condition on it must hold of that one instant. A `Date…Than` condition with several
    /// values holds when one of them does, so its bound is the loosest value.
    fn time_window(
        &mut self,
        statement: &Statement,
        document: &Json,
        key_pointer: &dyn Fn(&Condition) -> String,
    ) {
        let mut lower: Option<(Bound, &Condition)> = None;
        let mut upper: Option<(Bound, &Condition)> = None;
        let mut equals: Option<(&[Timestamp], &Condition)> = None;
        for condition in &statement.conditions {
            if !condition.key.eq_ignore_ascii_case("acs:CurrentTime") {
                continue;
            }
            let Values::Dates(dates) = &condition.values else {
                continue;
            };
            let operator = condition.operator;
            let (is_lower, strict) = match operator {
                Operator::DateGreaterThan => (true, true),
                Operator::DateGreaterThanEquals => (true, false),
                Operator::DateLessThan => (false, true),
                Operator::DateLessThanEquals => (false, false),
                Operator::DateEquals => {
                    equals = Some((dates, condition));
                    continue;
                }
                _ => continue,
            };
            let loosest = if is_lower {
                dates.iter().min()
            } else {
                dates.iter().max()
            };
            let Some(&at) = loosest else {
                continue;
            };
            let bound = Bound {
                at,
                strict,
                operator,
            };
            // Two conditions of the same side both hold only at the tighter bound.
            if is_lower {
                if lower.is_none_or(|(b, _)| at > b.at) {
                    lower = Some((bound, condition));
                }
            } else if upper.is_none_or(|(b, _)| at < b.at) {
                upper = Some((bound, condition));
            }
        }
        let inside = |t: Timestamp| {
            lower.is_none_or(|(b, _)| if b.strict { t > b.at } else { t >= b.at })
                && upper.is_none_or(|(b, _)| if b.strict { t < b.at } else { t <= b.at })
        };
        if let (Some((low, _)), Some((high, condition))) = (lower, upper)
            && (low.at > high.at || (low.at == high.at && (low.strict || high.strict)))
        {
            let at = Self::at(document, &key_pointer(condition));
            self.push(
                CONTRADICTORY_CONDITION,
                &at,
                format!(
                    "`acs:CurrentTime` must be {} `{}` (`{}`) and {} `{}` (`{}`): no time is both, so the statement never applies",
                    if low.strict { "after" } else { "at or after" },
                    low.at,
                    low.operator,
                    if high.strict { "before" } else { "at or before" },
                    high.at,
                    high.operator,
                ),
                Some("swap the dates, or fix the one that is wrong".to_owned()),
            );
            return;
        }
        if let Some((dates, condition)) = equals
            && (lower.is_some() || upper.is_some())
            && !dates.iter().any(|d| inside(*d))
        {
            let at = Self::at(document, &key_pointer(condition));
            self.push(
                CONTRADICTORY_CONDITION,
                &at,
                "no date of `DateEquals` on `acs:CurrentTime` lies inside the statement's other bounds on it, so the statement never applies".to_owned(),
                Some("fix the dates, or drop the condition that is wrong".to_owned()),
            );
            return;
        }
        let Some(now) = self.options.now else {
            return;
        };
        // The window has closed when its end is past, or when every date it may equal is.
        let closed = upper
            .filter(|(b, _)| if b.strict { b.at <= now } else { b.at < now })
            .map(|(b, condition)| (b.at, condition))
            .or_else(|| {
                equals
                    .filter(|(dates, _)| dates.iter().all(|d| *d < now))
                    .and_then(|(dates, condition)| dates.iter().max().map(|d| (*d, condition)))
            });
        if let Some((end, condition)) = closed {
            let at = Self::at(document, &key_pointer(condition));
            self.push(
                EXPIRED_CONDITION,
                &at,
                format!(
                    "`acs:CurrentTime` must be before `{end}`, which has passed (now is `{now}`), so the statement no longer applies"
                ),
                Some("remove the statement, or move its end date".to_owned()),
            );
        }
    }

    /// RAM046 on `acs:SourceIp`, which a request carries once: `IpAddress` of blocks that
    /// `NotIpAddress` excludes entirely holds for no address.
    fn source_ip_excluded(
        &mut self,
        statement: &Statement,
        document: &Json,
        key_pointer: &dyn Fn(&Condition) -> String,
    ) {
        let networks = |operator: Operator| {
            statement.conditions.iter().find_map(|c| match &c.values {
                Values::Networks(nets)
                    if c.operator == operator && c.key.eq_ignore_ascii_case("acs:SourceIp") =>
                {
                    Some((nets.as_slice(), c))
                }
                _ => None,
            })
        };
        let (Some((allowed, _)), Some((excluded, condition))) = (
            networks(Operator::IpAddress),
            networks(Operator::NotIpAddress),
        ) else {
            return;
        };
        let covered = |net: &IpNet| excluded.iter().any(|out| out.contains(net));
        if !allowed.is_empty() && allowed.iter().all(covered) {
            let at = Self::at(document, &key_pointer(condition));
            self.push(
                CONTRADICTORY_CONDITION,
                &at,
                "`NotIpAddress` on `acs:SourceIp` excludes every block that `IpAddress` allows, so the statement never applies".to_owned(),
                Some("narrow the excluded blocks to parts of the allowed ones".to_owned()),
            );
        }
    }
}
