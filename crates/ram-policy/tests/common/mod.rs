//! A reference evaluator of RAM policies, written as plainly as possible and independently of
//! the engine's code, plus the small alphabets and proptest strategies the property tests draw
//! from.
//!
//! The reference reuses only the engine's data types (`Statement`, `Condition` with its `raw`
//! values, `AttachedPolicy`, `Outcome`, `Matched`): wildcards become anchored regexes, condition
//! values are parsed here from their raw text, and scopes and layers are judged here from
//! DESIGN.md ("RAM semantics we implement"). It does no indexing: every policy and statement is
//! looked at for every request.

#![allow(
    dead_code,
    reason = "each test binary uses its own part of the shared module"
)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use proptest::prelude::*;
use proptest::sample::select;
use ram_core::Catalog;
use ram_policy::{
    AttachedPolicy, Condition, Effect, Matched, Operator, Outcome, Patterns, Policy, PolicyClass,
    Principal, PrincipalKind, Principals, Request, Statement,
};
use regex::Regex;

// ---------------------------------------------------------------------------------------------
// Wildcards: `*` is `.*`, `?` is `.`, everything else is literal; anchored; `(?s)` so that `.`
// matches any character. Actions compare ASCII case-insensitively (README "RAM semantics"):
// both sides are put in ASCII lowercase first, which leaves every other character as it is.
// ---------------------------------------------------------------------------------------------

thread_local! {
    static REGEXES: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// The anchored regex of a wildcard pattern.
#[must_use]
pub fn wildcard_regex_source(pattern: &str) -> String {
    let mut source = String::from("(?s)^");
    for c in pattern.chars() {
        match c {
            '*' => source.push_str(".*"),
            '?' => source.push('.'),
            c => source.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    source.push('$');
    source
}

/// Whether `text` matches the wildcard `pattern` (compiled regexes are memoized per thread,
/// which only saves time: the answer is the regex's).
#[must_use]
pub fn wildcard(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if ignore_case {
        return wildcard(
            &pattern.to_ascii_lowercase(),
            &text.to_ascii_lowercase(),
            false,
        );
    }
    let source = wildcard_regex_source(pattern);
    REGEXES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let regex = cache
            .entry(source)
            .or_insert_with_key(|source| Regex::new(source).expect("an escaped pattern compiles"));
        regex.is_match(text)
    })
}

/// `Action` / `NotAction` (case-insensitive) or `Resource` / `NotResource` (case-sensitive).
#[must_use]
pub fn patterns_match(patterns: &Patterns, value: &str, ignore_case: bool) -> bool {
    let mut any = false;
    for pattern in &patterns.patterns {
        if wildcard(pattern, value, ignore_case) {
            any = true;
        }
    }
    if patterns.negated { !any } else { any }
}

// ---------------------------------------------------------------------------------------------
// Conditions.
// ---------------------------------------------------------------------------------------------

/// A calendar instant of the one date form the generators produce, `YYYY-MM-DDTHH:MM:SSZ`,
/// as a tuple that orders like time.
pub type Instant = (u32, u32, u32, u32, u32, u32);

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` with range checks (month, day of that month, 24-hour clock);
/// anything else is malformed.
#[must_use]
pub fn parse_utc(text: &str) -> Option<Instant> {
    let b = text.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = &text[from..to];
        if digits.bytes().all(|d| d.is_ascii_digit()) {
            digits.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some((year, month, day, hour, minute, second))
}

/// A number: what `str::parse::<f64>` reads, if finite (policy values must be finite, and a
/// request value is held to the same rule).
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `true` / `false`, in any case.
#[must_use]
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An address or a CIDR (address/prefix length) of policy values, as the address and the
/// prefix length.
#[must_use]
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u32)> {
    match text.split_once('/') {
        None => {
            let address: IpAddr = text.parse().ok()?;
            let bits = if address.is_ipv4() { 32 } else { 128 };
            Some((address, bits))
        }
        Some((address, prefix)) => {
            let address: IpAddr = address.parse().ok()?;
            if !prefix.bytes().all(|d| d.is_ascii_digit()) {
                return None;
            }
            let prefix: u32 = prefix.parse().ok()?;
            let bits = if address.is_ipv4() { 32 } else { 128 };
            (prefix <= bits).then_some((address, prefix))
        }
    }
}

/// Whether `address` is inside the network `(network, prefix)`: same family, and the first
/// `prefix` bits equal.
#[must_use]
pub fn cidr_contains((network, prefix): (IpAddr, u32), address: IpAddr) -> bool {
    match (network, address) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - prefix)
            };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - prefix)
            };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// Whether the operator is one of the negated ones.
#[must_use]
pub fn is_negated(operator: Operator) -> bool {
    matches!(
        operator,
        Operator::StringNotEquals
            | Operator::StringNotEqualsIgnoreCase
            | Operator::StringNotLike
            | Operator::NumericNotEquals
            | Operator::DateNotEquals
            | Operator::NotIpAddress
    )
}

/// Whether one request value matches one policy value under the operator's positive form;
/// `None` when the request value is malformed for the operator.
fn positive_pair(operator: Operator, policy: &str, request: &str) -> Option<bool> {
    use Operator as O;
    let ordered = |ordering: std::cmp::Ordering| match operator {
        O::NumericEquals | O::NumericNotEquals | O::DateEquals | O::DateNotEquals => {
            ordering.is_eq()
        }
        O::NumericLessThan | O::DateLessThan => ordering.is_lt(),
        O::NumericLessThanEquals | O::DateLessThanEquals => ordering.is_le(),
        O::NumericGreaterThan | O::DateGreaterThan => ordering.is_gt(),
        O::NumericGreaterThanEquals | O::DateGreaterThanEquals => ordering.is_ge(),
        _ => unreachable!("not an ordering operator"),
    };
    match operator {
        O::StringEquals | O::StringNotEquals => Some(policy == request),
        O::StringEqualsIgnoreCase | O::StringNotEqualsIgnoreCase => {
            Some(policy.to_lowercase() == request.to_lowercase())
        }
        O::StringLike | O::StringNotLike => Some(wildcard(policy, request, false)),
        O::NumericEquals
        | O::NumericNotEquals
        | O::NumericLessThan
        | O::NumericLessThanEquals
        | O::NumericGreaterThan
        | O::NumericGreaterThanEquals => {
            let r = parse_number(request)?;
            let p = parse_number(policy).expect("generated policy numbers are valid");
            Some(ordered(r.partial_cmp(&p).expect("finite numbers compare")))
        }
        O::DateEquals
        | O::DateNotEquals
        | O::DateLessThan
        | O::DateLessThanEquals
        | O::DateGreaterThan
        | O::DateGreaterThanEquals => {
            let r = parse_utc(request)?;
            let p = parse_utc(policy).expect("generated policy dates are YYYY-MM-DDTHH:MM:SSZ");
            Some(ordered(r.cmp(&p)))
        }
        O::Bool => {
            let r = parse_bool(request)?;
            Some(parse_bool(policy).expect("generated policy booleans are valid") == r)
        }
        O::IpAddress | O::NotIpAddress => {
            let r: IpAddr = request.parse().ok()?;
            let net = parse_cidr(policy).expect("generated policy networks are valid");
            Some(cidr_contains(net, r))
        }
    }
}

/// The request's values of a key, compared case-insensitively, in order.
#[must_use]
pub fn context_values<'a>(context: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    context
        .iter()
        .filter(|(k, _)| k.to_lowercase() == key.to_lowercase())
        .map(|(_, v)| v.as_str())
        .collect()
}

/// One condition: a missing key makes a positive operator false and a negated one true; a
/// malformed request value makes the operator false; otherwise the positive form holds when any
/// (policy value, request value) pair matches, and a negated operator is its negation.
#[must_use]
pub fn condition_holds(condition: &Condition, context: &[(String, String)]) -> bool {
    let request = context_values(context, &condition.key);
    if request.is_empty() {
        return is_negated(condition.operator);
    }
    let mut positive = false;
    for r in &request {
        for p in &condition.raw {
            match positive_pair(condition.operator, p, r) {
                None => return false,
                Some(true) => positive = true,
                Some(false) => {}
            }
        }
    }
    positive != is_negated(condition.operator)
}

// ---------------------------------------------------------------------------------------------
// Requests, statements, scopes, layers.
// ---------------------------------------------------------------------------------------------

/// A request as the reference sees it: the context is a plain list of (key, value) pairs.
#[derive(Clone, PartialEq, Eq)]
pub struct Req {
    /// The Action.
    pub action: String,
    /// The resource ARN or `*`.
    pub resource: String,
    /// The resource group of the resource.
    pub group: Option<String>,
    /// The context, keys as written.
    pub context: Vec<(String, String)>,
    /// Who asks.
    pub principal: Option<Principal>,
}

impl Req {
    /// A request without group or context.
    #[must_use]
    pub fn new(action: &str, resource: &str) -> Self {
        Self {
            action: action.to_owned(),
            resource: resource.to_owned(),
            group: None,
            context: Vec::new(),
            principal: None,
        }
    }

    /// With a principal.
    #[must_use]
    pub fn by(mut self, principal: Principal) -> Self {
        self.principal = Some(principal);
        self
    }

    /// With a resource group.
    #[must_use]
    pub fn group(mut self, group: &str) -> Self {
        self.group = Some(group.to_owned());
        self
    }

    /// With a context value.
    #[must_use]
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.context.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The engine's request.
    #[must_use]
    pub fn to_engine(&self) -> Request {
        let mut request = Request::new(self.action.clone(), self.resource.clone());
        if let Some(group) = &self.group {
            request = request.in_resource_group(group.clone());
        }
        for (key, value) in &self.context {
            request = request.with_context(key, value.clone());
        }
        if let Some(principal) = &self.principal {
            request = request.with_principal(principal.clone());
        }
        request
    }
}

impl fmt::Debug for Req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} on {}", self.action, self.resource)?;
        if let Some(group) = &self.group {
            write!(f, " in {group}")?;
        }
        if let Some(principal) = &self.principal {
            write!(f, " by {} {}", principal.kind, principal.name)?;
        }
        if !self.context.is_empty() {
            write!(f, " with {:?}", self.context)?;
        }
        Ok(())
    }
}

/// Whether a statement matches a request (its effect aside).
#[must_use]
pub fn statement_matches(statement: &Statement, request: &Req) -> bool {
    patterns_match(&statement.actions, &request.action, true)
        && patterns_match(&statement.resources, &request.resource, false)
        && statement
            .principals
            .as_ref()
            .is_none_or(|p| principal_named(p, request.principal.as_ref(), statement.effect))
        && statement
            .conditions
            .iter()
            .all(|c| condition_holds(c, &request.context))
}

/// Whether a `Principal` element names the requester, read from the vendor's trust-policy
/// page: `*` is everyone; otherwise the form must be the requester's and a value must be its
/// ARN (wildcards as in Resources) or name (a service, any case), or its account's root for a
/// RAM user (and for one of the account's RAM roles only in a Deny: the page says "all the RAM
/// users of the account", and a wrong Allow is worse than a wrong Deny).
#[must_use]
pub fn principal_named(
    element: &Principals,
    principal: Option<&Principal>,
    effect: Effect,
) -> bool {
    let listed = match element {
        Principals::Any => return true,
        Principals::Listed(listed) => listed,
    };
    let Some(principal) = principal else {
        return false;
    };
    for (kind, values) in listed {
        if *kind != principal.kind {
            continue;
        }
        for value in values {
            let named = match kind {
                _ if value == "*" => true,
                PrincipalKind::Service => value.eq_ignore_ascii_case(&principal.name),
                PrincipalKind::Federated => wildcard(value, &principal.name, false),
                PrincipalKind::Ram => {
                    wildcard(value, &principal.name, false) || {
                        let parts: Vec<&str> = principal.name.splitn(5, ':').collect();
                        let value_parts: Vec<&str> = value.splitn(5, ':').collect();
                        let same_root = value_parts.len() == 5
                            && parts.len() == 5
                            && value_parts[..3] == ["acs", "ram", ""]
                            && value_parts[4] == "root"
                            && parts[..3] == ["acs", "ram", ""]
                            && parts[3] == value_parts[3];
                        same_root
                            && (parts[4] == "root"
                                || parts[4].starts_with("user/")
                                || (effect == Effect::Deny
                                    && (parts[4].starts_with("role/")
                                        || parts[4].starts_with("assumed-role/"))))
                    }
                }
            };
            if named {
                return true;
            }
        }
    }
    false
}

/// Whether a policy's scope lets it act on a request: always at account scope; at a resource
/// group only when the resource is in that group, the catalog says the Action supports
/// resource-group-level authorization, and the resource's type supports resource groups.
#[must_use]
pub fn scope_applies(class: &PolicyClass, request: &Req, catalog: &dyn Catalog) -> bool {
    match class {
        PolicyClass::Control
        | PolicyClass::Session
        | PolicyClass::IdentityAccount
        | PolicyClass::ResourceBased => true,
        PolicyClass::IdentityResourceGroup(group) => {
            request.group.as_deref() == Some(group.as_str())
                && catalog.action_supports_resource_groups(&request.action) == Some(true)
                && catalog.resource_supports_resource_groups(&request.resource)
        }
    }
}

/// The layer whose Allow a policy of a class gives: identity policies count together wherever
/// they are attached.
#[must_use]
pub fn layer_of(class: &PolicyClass) -> &'static str {
    match class {
        PolicyClass::Control => "control",
        PolicyClass::Session => "session",
        PolicyClass::IdentityAccount | PolicyClass::IdentityResourceGroup(_) => "identity",
        PolicyClass::ResourceBased => "resource-based",
    }
}

/// An outcome with its statements, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The answer.
    pub outcome: Outcome,
    /// The denying statements for `ExplicitDeny`, the matching allows otherwise; sorted.
    pub matched: Vec<Matched>,
}

/// The reference decision. The statements of policies whose scope does not apply are set aside
/// first. Then any matching Deny wins; otherwise the identity layer must have a matching Allow,
/// and so must the control and session layers when a policy of theirs applies.
///
/// A policy whose scope does not apply "has no effect on that request" (DESIGN.md), so it does
/// not make its layer present either. Only identity policies attach at resource groups, and the
/// identity layer must allow whatever is given, so that choice cannot show in an outcome; the
/// test `control_and_session_policies_attach_to_no_resource_group` pins the classes.
#[must_use]
pub fn reference(policies: &[AttachedPolicy], request: &Req, catalog: &dyn Catalog) -> Verdict {
    /// What one class of policies said: whether any applies, and its matching statements.
    #[derive(Default)]
    struct Said {
        present: bool,
        allows: Vec<Matched>,
        denies: Vec<Matched>,
    }
    let class_name = |class: &PolicyClass| match class {
        PolicyClass::Control => "control",
        PolicyClass::Session => "session",
        PolicyClass::IdentityAccount => "account",
        PolicyClass::IdentityResourceGroup(_) => "group",
        PolicyClass::ResourceBased => "resource",
    };
    let mut said: HashMap<&str, Said> = HashMap::new();
    for attached in policies {
        if !scope_applies(&attached.class, request, catalog) {
            continue;
        }
        let entry = said.entry(class_name(&attached.class)).or_default();
        entry.present = true;
        for (index, statement) in attached.policy.statements.iter().enumerate() {
            if statement_matches(statement, request) {
                let matched = Matched {
                    policy: attached.name.clone(),
                    statement: index,
                    effect: statement.effect,
                };
                match statement.effect {
                    Effect::Deny => entry.denies.push(matched),
                    Effect::Allow => entry.allows.push(matched),
                }
            }
        }
    }
    // The basic process of one class: Deny, else Allow, else implicit deny; `None` for none.
    let judge = |name: &str| -> Option<Outcome> {
        let said = said.get(name)?;
        Some(if !said.denies.is_empty() {
            Outcome::ExplicitDeny
        } else if !said.allows.is_empty() {
            Outcome::Allow
        } else {
            Outcome::ImplicitDeny
        })
    };
    let of = |name: &str, effect: Effect| -> Vec<Matched> {
        said.get(name).map_or_else(Vec::new, |s| match effect {
            Effect::Allow => s.allows.clone(),
            Effect::Deny => s.denies.clone(),
        })
    };
    let done = |outcome: Outcome, mut matched: Vec<Matched>| {
        matched.sort();
        Verdict { outcome, matched }
    };
    // Control policies, then the session policy: anything but an Allow is final.
    let mut allowing = Vec::new();
    for name in ["control", "session"] {
        match judge(name) {
            None => {}
            Some(Outcome::Allow) => allowing.extend(of(name, Effect::Allow)),
            Some(Outcome::ExplicitDeny) => {
                return done(Outcome::ExplicitDeny, of(name, Effect::Deny));
            }
            Some(Outcome::ImplicitDeny) => return done(Outcome::ImplicitDeny, allowing),
        }
    }
    // Assuming a role: an Action that assumes one on a role's ARN; a service or an identity
    // provider as requester has no identity step.
    let assumes = [
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithoidc",
    ]
    .contains(&request.action.to_ascii_lowercase().as_str())
        && request.resource.starts_with("acs:ram::")
        && request.resource.contains(":role/");
    let identity_step = !assumes
        || request
            .principal
            .as_ref()
            .is_none_or(|p| p.kind == PrincipalKind::Ram);
    // Decision A: account-class policies, and only after their implicit deny the
    // resource-group-class ones.
    let (a, a_name) = if identity_step {
        match judge("account") {
            Some(o @ (Outcome::Allow | Outcome::ExplicitDeny)) => (o, "account"),
            _ => (judge("group").unwrap_or(Outcome::ImplicitDeny), "group"),
        }
    } else {
        (Outcome::ImplicitDeny, "none")
    };
    // Decision B: the resource-based policies.
    let b = judge("resource").unwrap_or(Outcome::ImplicitDeny);
    let outcome = if !identity_step {
        b
    } else if a == Outcome::ExplicitDeny || b == Outcome::ExplicitDeny {
        Outcome::ExplicitDeny
    } else if assumes {
        if a == Outcome::Allow && b == Outcome::Allow {
            Outcome::Allow
        } else {
            Outcome::ImplicitDeny
        }
    } else if a == Outcome::Allow || b == Outcome::Allow {
        Outcome::Allow
    } else {
        Outcome::ImplicitDeny
    };
    let (wanted, effect) = match outcome {
        Outcome::ExplicitDeny => (Outcome::ExplicitDeny, Effect::Deny),
        _ => (Outcome::Allow, Effect::Allow),
    };
    let mut matched = if outcome == Outcome::ExplicitDeny {
        Vec::new()
    } else {
        allowing
    };
    if a == wanted {
        matched.extend(of(a_name, effect));
    }
    if b == wanted {
        matched.extend(of("resource", effect));
    }
    done(outcome, matched)
}

/// The engine's decision in the same shape.
#[must_use]
pub fn engine(policies: &[AttachedPolicy], request: &Req, catalog: &dyn Catalog) -> Verdict {
    let decision = ram_policy::evaluate(policies, &request.to_engine(), catalog);
    let mut matched = decision.matched;
    matched.sort();
    Verdict {
        outcome: decision.outcome,
        matched,
    }
}

// ---------------------------------------------------------------------------------------------
// A small catalog under the tests' control.
// ---------------------------------------------------------------------------------------------

/// `cr:GetA`, `cr:ListA`, `cr:Get` and `cr:GetÉ` support resource-group-level authorization,
/// `cr:GetB` and `cr:List名` do not, anything else is unknown. Repositories of `cr` support
/// resource groups; instances, `*` and other services do not. Actions are looked up
/// case-insensitively in ASCII, as every catalog does (`cr:getÉ` is `cr:GetÉ`, `cr:Geté` is
/// unknown).
#[derive(Debug, Clone, Copy, Default)]
pub struct TestCatalog;

impl Catalog for TestCatalog {
    fn covers(&self, service: &str) -> bool {
        service.eq_ignore_ascii_case("cr")
    }

    fn action_supports_resource_groups(&self, action: &str) -> Option<bool> {
        match action.to_ascii_lowercase().as_str() {
            "cr:geta" | "cr:lista" | "cr:get" | "cr:getÉ" => Some(true),
            "cr:getb" | "cr:list名" => Some(false),
            _ => None,
        }
    }

    fn resource_supports_resource_groups(&self, resource: &str) -> bool {
        resource.starts_with("acs:cr:") && resource.contains(":repository/")
    }

    fn actions(&self) -> Vec<&str> {
        vec![
            "cr:Get",
            "cr:GetA",
            "cr:GetB",
            "cr:GetÉ",
            "cr:ListA",
            "cr:List名",
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Alphabets.
// ---------------------------------------------------------------------------------------------

/// Requested Actions, with multi-byte characters in and out of the catalog and in cases that
/// ASCII folding does and does not equate.
pub const ACTIONS: &[&str] = &[
    "cr:GetA",
    "cr:GetB",
    "cr:ListA",
    "ecs:GetA",
    "cr:Get",
    "CR:getb",
    "cr:GetÉ",
    "CR:GETÉ",
    "cr:Geté",
    "cr:List名",
    "cr:Get😀",
    "sts:AssumeRole",
    "STS:assumerolewithsaml",
];

/// Action patterns; `?` meets one- to four-byte characters.
pub const ACTION_PATTERNS: &[&str] = &[
    "*",
    "cr:*",
    "cr:Get*",
    "CR:geta",
    "cr:Get?",
    "cr:GetA",
    "cr:ListA",
    "ecs:*",
    "*A",
    "cr:?et*",
    "ecs:GetA",
    "cr:get",
    "c*:*a",
    "cr:GetB",
    "cr:getÉ",
    "cr:Geté",
    "cr:List名*",
    "*😀",
    "cr:List?",
    "sts:*",
    "sts:AssumeRole",
];

/// Requested resources.
pub const RESOURCES: &[&str] = &[
    "acs:cr:r1:a1:repository/i1/n1/x",
    "acs:cr:r1:a1:repository/i1/n1/y",
    "acs:cr:r2:a1:repository/i2/n1/x",
    "acs:cr:r1:a1:instance/i1",
    "acs:ecs:r1:a1:instance/i1",
    "*",
    "acs:cr:r1:a1:repository/i1/n1/é",
    "acs:cr:r1:a1:repository/i1/名/x",
    "acs:cr:r1:a1:repository/i1/é/😀",
    "acs:cr:r1:a1:repository/i1/名/秘密",
    "acs:ram::1:role/ops",
    "acs:ram::2:role/ops",
    // A colon more than the ARN's four: a `*` of a pattern matches it, so an index on the
    // resource path must find the path wherever its colon is.
    "acs:cr:r1:a1:x:repository/i1/n1/x",
];

/// Resource patterns.
pub const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "acs:cr:*",
    "acs:cr:*:*:repository/*",
    "acs:cr:r1:a1:repository/i1/n1/?",
    "acs:cr:r?:a1:instance/i1",
    "acs:cr:r1:a1:instance/i1",
    "acs:cr:*:*:instance/*",
    "acs:CR:*",
    "*/x",
    "acs:cr:r1:a1:repository/i1/*/x",
    "acs:*:instance/i?",
    "acs:cr:r1:a1:repository/i1/n1/x",
    "?",
    "acs:cr:r1:a1:repository/i1/n1/x*",
    "**",
    "acs:cr:r1:a1:repository/i1/n1/y",
    "acs:cr:r1:*",
    "acs:*",
    // Literal prefixes that end inside `é` (two bytes) and `名` (three) of the resources above,
    // beside longer ones that match them: an index of prefixes by byte length must not stop at
    // the shorter ones.
    "acs:cr:r1:a1:repository/i1/a*",
    "acs:cr:r1:a1:repository/i1/ab*",
    "acs:cr:r1:a1:repository/i1/名/*",
    "acs:cr:r1:a1:repository/i1/名/秘?",
    "acs:cr:r1:a1:repository/i1/é/?",
    "acs:cr:r1:a1:repository/i1/?/x",
    "*😀",
    "acs:ram::*:role/*",
    "acs:ram::1:role/ops",
    // Region and account wildcards, whose literal prefix stops at `acs:cr:`: indexed by their
    // longest literal run from a colon on, in ASCII and in multi-byte text.
    "acs:cr:*:*:repository/i1/n1/*",
    "acs:cr:*:repository/i1/*",
    "acs:*:*:*:repository/i1/名/*",
    "acs:cr:*:a1:repository/i?/n1/x",
    // One colon more before the path than the ARN has: found by its piece at the fourth colon
    // (the fewest colons of the patterns above), where it does not match, and at the fifth of
    // the resource with an extra colon, where it does.
    "acs:cr:*:*:*:repository/i1/*",
];

/// One family of condition operators: its operators, the keys it is usually written with, the
/// policy values (all valid) and the request values (some malformed).
pub struct Family {
    /// The operators.
    pub operators: &'static [Operator],
    /// Spellings of its usual key.
    pub keys: &'static [&'static str],
    /// Policy values.
    pub policy: &'static [&'static str],
    /// Request values.
    pub request: &'static [&'static str],
}

/// The five families.
pub const FAMILIES: [Family; 5] = [
    Family {
        operators: &[
            Operator::StringEquals,
            Operator::StringNotEquals,
            Operator::StringEqualsIgnoreCase,
            Operator::StringNotEqualsIgnoreCase,
            Operator::StringLike,
            Operator::StringNotLike,
        ],
        keys: &["cr:Tag", "CR:TAG", "cr:tag"],
        policy: &[
            "a", "A", "b", "a*", "?", "*", "ab", "a?", "é", "É", "名", "名*", "😀", "??",
        ],
        request: &[
            "a", "A", "b", "ab", "AB", "", "É", "é", "名", "名前", "😀", "é😀",
        ],
    },
    Family {
        operators: &[
            Operator::NumericEquals,
            Operator::NumericNotEquals,
            Operator::NumericLessThan,
            Operator::NumericLessThanEquals,
            Operator::NumericGreaterThan,
            Operator::NumericGreaterThanEquals,
        ],
        keys: &["cr:Count", "cr:COUNT"],
        policy: &["1", "2.5", "-1", "10", "0", "1e1", "-0.0"],
        request: &[
            "1", "1.0", "2.5", "10", "-1", "0", "-0", "1e1", "NaN", "inf", "abc", "+2.5", ".5",
            "1e400",
        ],
    },
    Family {
        operators: &[
            Operator::DateEquals,
            Operator::DateNotEquals,
            Operator::DateLessThan,
            Operator::DateLessThanEquals,
            Operator::DateGreaterThan,
            Operator::DateGreaterThanEquals,
        ],
        keys: &["acs:CurrentTime", "ACS:currenttime"],
        policy: &[
            "2026-01-01T00:00:00Z",
            "2026-06-15T12:30:00Z",
            "2025-12-31T23:59:59Z",
        ],
        request: &[
            "2026-01-01T00:00:00Z",
            "2026-06-15T12:30:00Z",
            "2025-12-31T23:59:59Z",
            "2026-01-01T00:00:01Z",
            "2024-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "someday",
            "2026-01-01T24:00:00Z",
        ],
    },
    Family {
        operators: &[Operator::Bool],
        keys: &["acs:SecureTransport", "acs:securetransport"],
        policy: &["true", "false", "TRUE", "False"],
        request: &["true", "false", "True", "FALSE", "yes", "1", ""],
    },
    Family {
        operators: &[Operator::IpAddress, Operator::NotIpAddress],
        keys: &["acs:SourceIp", "ACS:SOURCEIP"],
        policy: &[
            "10.0.0.0/8",
            "10.1.2.3",
            "192.168.0.0/16",
            "2001:db8::/32",
            "0.0.0.0/0",
            "10.1.2.3/8",
            "::/0",
            "10.1.2.0/24",
            "2001:db8::1",
        ],
        request: &[
            "10.1.2.3",
            "192.168.1.1",
            "2001:db8::1",
            "11.0.0.1",
            "::ffff:10.1.2.3",
            "not-an-ip",
            "10.1.2.3/32",
            "fe80::1",
            "2001:db8::2",
            "10.1.3.1",
        ],
    },
];

/// A key no request carries.
pub const ABSENT_KEY: &str = "acs:Absent";

/// Request values put under any key, mostly malformed for it.
pub const JUNK: &[&str] = &[
    "",
    "x",
    "1",
    "true",
    "10.1.2.3",
    "2026-01-01T00:00:00Z",
    "not-an-ip",
    "a",
];

/// The family of an operator.
#[must_use]
pub fn family_of(operator: Operator) -> &'static Family {
    FAMILIES
        .iter()
        .find(|f| f.operators.contains(&operator))
        .expect("every operator has a family")
}

// ---------------------------------------------------------------------------------------------
// Strategies. Every choice is one integer leaf decoded onto the alphabets: leaves are what cost
// in a debug build, and an integer shrinks toward 0, which decodes to the simplest choice (no
// negation, one pattern, the first of the pool, no condition, the usual key).
// ---------------------------------------------------------------------------------------------

fn pick<'a>(pool: &[&'a str], index: usize) -> &'a str {
    pool[index % pool.len()]
}

/// Every key spelling of every family, then the absent key.
fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = FAMILIES
        .iter()
        .flat_map(|f| f.keys.iter().copied())
        .collect();
    keys.push(ABSENT_KEY);
    keys
}

/// Built conditions by operator, key and values.
type ConditionCache = HashMap<(Operator, &'static str, Vec<&'static str>), Condition>;

thread_local! {
    static CONDITIONS: RefCell<ConditionCache> = RefCell::new(HashMap::new());
}

/// How [`decode_condition`] splits its `choice`: a key part times a value part.
const KEY_CHOICES: usize = 48;
const VALUE_CHOICES: usize = 512;
/// The range of [`decode_condition`]'s `choice`.
const CONDITION_CHOICES: usize = KEY_CHOICES * VALUE_CHOICES;

/// Decodes a condition: `operator` indexes `Operator::ALL`; `choice` picks the key (three times
/// in four a spelling of the family's own key, otherwise any key or the absent one) and one or
/// two (half the time) policy values of the family. Built conditions are memoized.
fn decode_condition(operator: usize, choice: usize) -> Condition {
    let operator = Operator::ALL[operator % Operator::ALL.len()];
    let family = family_of(operator);
    let n = family.policy.len();
    let key_choice = choice / VALUE_CHOICES;
    let values = (choice % VALUE_CHOICES) % (2 * n * n);
    let key = if key_choice < 36 {
        pick(family.keys, key_choice)
    } else {
        pick(&all_keys(), key_choice - 36)
    };
    let values: Vec<&'static str> = if values < n * n {
        vec![family.policy[values % n]]
    } else {
        let pair = values - n * n;
        vec![family.policy[pair / n], family.policy[pair % n]]
    };
    CONDITIONS.with(|cache| {
        cache
            .borrow_mut()
            .entry((operator, key, values))
            .or_insert_with_key(|(operator, key, values)| {
                Condition::new(*operator, key, values)
                    .expect("policy values of the family are valid")
            })
            .clone()
    })
}

/// A condition of any operator, usually on its family's key, with 1-2 valid policy values.
pub fn condition() -> impl Strategy<Value = Condition> {
    (0..Operator::ALL.len(), 0..CONDITION_CHOICES)
        .prop_map(|(operator, choice)| decode_condition(operator, choice))
}

/// Decodes `Action` / `NotAction` or `Resource` / `NotResource` over a pool: one pattern or
/// (half the time) two, negated one time in five.
fn decode_patterns(pool: &[&str], choice: usize) -> Patterns {
    let n = pool.len();
    let per_form = 2 * n * n;
    let (form, index) = (choice / per_form, choice % per_form);
    let patterns: Vec<&str> = if index < n * n {
        vec![pool[index % n]]
    } else {
        let pair = index - n * n;
        vec![pool[pair / n], pool[pair % n]]
    };
    if form < 4 {
        Patterns::of(patterns)
    } else {
        Patterns::not(patterns)
    }
}

/// `Action` / `NotAction` or `Resource` / `NotResource` over a pool.
pub fn patterns(pool: &'static [&'static str]) -> impl Strategy<Value = Patterns> {
    (0..5 * 2 * pool.len() * pool.len()).prop_map(move |choice| decode_patterns(pool, choice))
}

/// A statement over the given pools: Deny one time in four; no condition half the time, one
/// a third of the time, else two.
pub fn statement_over(
    actions: &'static [&'static str],
    resources: &'static [&'static str],
) -> impl Strategy<Value = Statement> {
    (
        0..4usize,
        patterns(actions),
        patterns(resources),
        0..6usize,
        condition(),
        condition(),
    )
        .prop_map(
            |(effect, actions, resources, count, first, second)| Statement {
                effect: if effect == 3 {
                    Effect::Deny
                } else {
                    Effect::Allow
                },
                actions,
                resources,
                conditions: match count {
                    0..=2 => Vec::new(),
                    3 | 4 => vec![first],
                    _ => vec![first, second],
                },
                principals: None,
            },
        )
}

/// A statement over the test alphabets.
pub fn statement() -> impl Strategy<Value = Statement> {
    statement_over(ACTION_PATTERNS, RESOURCE_PATTERNS)
}

/// A class, mostly identity at account scope: one in ten control, one in ten session, and of
/// identity policies one in five at each of two resource groups.
pub fn class() -> impl Strategy<Value = PolicyClass> {
    (0..12usize, 0..5usize).prop_map(|(layer, scope)| match (layer, scope) {
        (8, _) => PolicyClass::Control,
        (9, _) => PolicyClass::Session,
        (10 | 11, _) => PolicyClass::ResourceBased,
        (_, 3) => PolicyClass::IdentityResourceGroup("rg1".to_owned()),
        (_, 4) => PolicyClass::IdentityResourceGroup("rg2".to_owned()),
        _ => PolicyClass::IdentityAccount,
    })
}

/// Policies named `p0`, `p1`, ... of the given classes and statements.
pub fn name_policies(parts: Vec<(PolicyClass, Vec<Statement>)>) -> Vec<AttachedPolicy> {
    parts
        .into_iter()
        .enumerate()
        .map(|(i, (class, statements))| {
            AttachedPolicy::new(&format!("p{i}"), Policy { statements }, class)
        })
        .collect()
}

/// A set of 1-4 policies of 1-3 statements, or (one time in twenty) no policy at all.
pub fn policy_set_of(
    statement: impl Strategy<Value = Statement>,
    class: impl Strategy<Value = PolicyClass>,
) -> impl Strategy<Value = Vec<AttachedPolicy>> {
    (
        0..20usize,
        prop::collection::vec(
            (
                class,
                prop::collection::vec((statement, 0..PRINCIPAL_ELEMENTS.len()), 1..=3),
            ),
            1..=4,
        ),
    )
        .prop_map(|(empty, parts)| {
            if empty == 19 {
                return Vec::new();
            }
            // The statements of resource-based policies name principals; no other has any.
            let parts = parts
                .into_iter()
                .map(|(class, statements)| {
                    let named = class == PolicyClass::ResourceBased;
                    let statements = statements
                        .into_iter()
                        .map(|(mut statement, principals)| {
                            statement.principals = named.then(|| principal_element(principals));
                            statement
                        })
                        .collect();
                    (class, statements)
                })
                .collect();
            name_policies(parts)
        })
}

/// A policy set over the test alphabets.
pub fn policy_set() -> impl Strategy<Value = Vec<AttachedPolicy>> {
    policy_set_of(statement(), class())
}

/// A resource group of a request: none, `rg1` or `rg2`.
pub fn group() -> impl Strategy<Value = Option<String>> {
    (0..3usize).prop_map(|g| match g {
        1 => Some("rg1".to_owned()),
        2 => Some("rg2".to_owned()),
        _ => None,
    })
}

/// A context entry.
type Entry = (&'static str, &'static str);

/// The (key, value) entries a request context draws from: every spelling of every family's
/// key with every request value of the family, then junk under the first spelling of each.
fn context_entries() -> (Vec<Entry>, Vec<Entry>) {
    let mut good = Vec::new();
    let mut junk = Vec::new();
    for family in &FAMILIES {
        for key in family.keys {
            for value in family.request {
                good.push((*key, *value));
            }
        }
        for value in JUNK {
            junk.push((family.keys[0], *value));
        }
    }
    (good, junk)
}

/// A request context of 0-6 entries over the families' keys (some keys missing, some given
/// twice, mixed case), mostly with values of the key's family and one time in six junk.
pub fn context() -> impl Strategy<Value = Vec<(String, String)>> {
    let (good, junk) = context_entries();
    let choices = good.len() + good.len() / 5;
    prop::collection::vec(0..choices, 0..=6).prop_map(move |entries| {
        entries
            .into_iter()
            .map(|e| {
                let (key, value) = if e < good.len() {
                    good[e]
                } else {
                    junk[(e - good.len()) % junk.len()]
                };
                (key.to_owned(), value.to_owned())
            })
            .collect()
    })
}

/// A request over the given Actions and resources.
pub fn request_over(
    actions: &'static [&'static str],
    resources: &'static [&'static str],
) -> impl Strategy<Value = Req> {
    (
        select(actions),
        select(resources),
        group(),
        context(),
        0..=REQUESTERS.len(),
    )
        .prop_map(|(action, resource, group, context, requester)| Req {
            action: action.to_owned(),
            resource: resource.to_owned(),
            group,
            context,
            principal: requester_at(requester),
        })
}

/// `Principal` elements of resource-based statements, by index: `*`, account roots, users,
/// roles by pattern, services in two cases, identity providers, and two forms together.
pub const PRINCIPAL_ELEMENTS: &[&[(PrincipalKind, &str)]] = &[
    &[],
    &[(PrincipalKind::Ram, "acs:ram::1:root")],
    &[(PrincipalKind::Ram, "acs:ram::1:user/alice")],
    &[(PrincipalKind::Ram, "*")],
    &[(PrincipalKind::Ram, "acs:ram::1:role/*")],
    &[(PrincipalKind::Ram, "acs:ram::2:root")],
    &[(PrincipalKind::Service, "ecs.aliyuncs.com")],
    &[(PrincipalKind::Service, "ECS.aliyuncs.COM")],
    &[(PrincipalKind::Federated, "acs:ram::1:saml-provider/*")],
    &[
        (PrincipalKind::Ram, "acs:ram::2:user/bob"),
        (PrincipalKind::Service, "ecs.aliyuncs.com"),
    ],
];

/// The element at an index: the empty list stands for `"Principal": "*"`.
#[must_use]
pub fn principal_element(index: usize) -> Principals {
    let entries = PRINCIPAL_ELEMENTS[index % PRINCIPAL_ELEMENTS.len()];
    if entries.is_empty() {
        return Principals::Any;
    }
    let mut listed: Vec<(PrincipalKind, Vec<String>)> = Vec::new();
    for (kind, value) in entries {
        listed.push((*kind, vec![(*value).to_owned()]));
    }
    Principals::Listed(listed)
}

/// Who asks: users, roles and role sessions of account 1 and 2, the root of account 1, a
/// service and an identity provider.
pub const REQUESTERS: &[(PrincipalKind, &str)] = &[
    (PrincipalKind::Ram, "acs:ram::1:user/alice"),
    (PrincipalKind::Ram, "acs:ram::1:role/ops"),
    (PrincipalKind::Ram, "acs:ram::2:user/bob"),
    (PrincipalKind::Ram, "acs:ram::1:root"),
    (PrincipalKind::Ram, "acs:ram::1:assumed-role/ops/s1"),
    (PrincipalKind::Service, "ecs.aliyuncs.com"),
    (PrincipalKind::Federated, "acs:ram::1:saml-provider/okta"),
];

/// The requester at an index; one past the end is none.
#[must_use]
pub fn requester_at(index: usize) -> Option<Principal> {
    REQUESTERS.get(index).map(|(kind, name)| Principal {
        kind: *kind,
        name: (*name).to_owned(),
    })
}

/// A request over the test alphabets.
pub fn request() -> impl Strategy<Value = Req> {
    request_over(ACTIONS, RESOURCES)
}

/// A generated case: policies and a request, printed compactly when a property fails.
#[derive(Clone)]
pub struct Case {
    /// The policies.
    pub policies: Vec<AttachedPolicy>,
    /// The request.
    pub request: Req,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "request: {:?}", self.request)?;
        for p in &self.policies {
            writeln!(
                f,
                "policy {} ({:?}): {}",
                p.name,
                p.class,
                p.policy.to_json()
            )?;
        }
        Ok(())
    }
}

/// A case over the test alphabets.
pub fn case() -> impl Strategy<Value = Case> {
    (policy_set(), request()).prop_map(|(policies, request)| Case { policies, request })
}

/// How many cases the main property runs: `RAM_PROPTEST_CASES`, or 100,000.
#[must_use]
pub fn main_cases() -> u32 {
    std::env::var("RAM_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.trim().replace('_', "").parse().ok())
        .unwrap_or(100_000)
}

/// How many cases each secondary property runs: a fifth of [`main_cases`].
#[must_use]
pub fn secondary_cases() -> u32 {
    (main_cases() / 5).max(1)
}

/// A proptest configuration of `cases` cases that records no regression files (found failures
/// become deterministic tests instead).
#[must_use]
pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}
