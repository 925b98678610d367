//! Conditions decided exactly for [`super::compare`].
//!
//! A condition's truth depends on the values the request gives its key, and for one key the
//! policies' literals cut the space of values into finitely many regions where every condition
//! on the key is constant: intervals between and at the numbers or instants named (with the
//! `f64` or nanosecond neighbours of each literal standing for the open intervals), the blocks
//! between the CIDR boundaries of each address family, `true`, `false`, the regions of the
//! glob automata of the string values and patterns (the product the resources use), and for
//! every kind but strings a malformed value, which makes every operator false. One value of
//! each region is tried, so the outcomes of single values are all found. A request may give a
//! key several values: a positive operator then holds when some value matches and a negated one
//! when none does, none malformed, so the outcomes of several values are the joins of single
//! ones, found as their closure. A missing key is one more outcome (the negated operators hold).
//!
//! Across keys the outcomes combine freely. What [`super::compare`] needs of a combination is
//! which statements' conditions hold, so the combinations are folded key by key into the
//! distinct vectors of statements that hold, each with the context values that give it.
//!
//! A key is not decided when its conditions compare different kinds of value (a string
//! operator and a numeric one), mix case-sensitive and `…IgnoreCase` string operators, name a
//! `StringEquals` value with both `$` and a wildcard (which no glob spells literally), or have
//! more than [`KEY_LIMIT`] outcomes; nor is the key at which the combinations of an Action's
//! statements pass [`SCENARIO_LIMIT`] (keys are combined in lowercase order). The statements
//! with conditions on such keys count conservatively, and are listed as over-approximated.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use jiff::{SignedDuration, Timestamp};
use ram_core::glob::{Glob, GlobSet};

use crate::condition::{Operator, ValueKind, Values, holds, parse_bool, parse_date, parse_number};
use crate::{Condition, Statement};

/// The most outcomes the conditions on one key may have (single values, several values and
/// the missing key) before the key is counted conservatively.
pub const KEY_LIMIT: usize = 256;

/// The most distinct combinations of the statements' conditions holding, for one Action and
/// direction, once those that another covers (it holds every Allow of the gaining side and
/// Deny of the losing side they hold, and no other they do not) are dropped: the key whose
/// outcomes pass it is counted conservatively, and the others are combined again.
pub const SCENARIO_LIMIT: usize = 256;

/// What a statement does in one direction of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// An identity Allow of the side that gains access.
    Grant,
    /// An Allow of the gaining side's control or session policies, which must match too.
    Required,
    /// A Deny of the side that gains access.
    GainingDeny,
    /// An Allow of the side that loses access.
    LosingAllow,
    /// A Deny of the side that loses access.
    LosingDeny,
}

impl Role {
    /// Whether an undecided statement counts as matching: the gaining side's Allows and the
    /// losing side's Deny do, and the others do not, which can only add reported access.
    pub(super) const fn assumed(self) -> bool {
        matches!(self, Self::Grant | Self::Required | Self::LosingDeny)
    }
}

/// One combination of context values.
#[derive(Debug, Clone)]
pub(super) struct Scenario {
    /// Per statement: whether its conditions hold (for an undecided one, its [`Role`]'s
    /// assumption).
    pub(super) holds: Vec<bool>,
    /// The context values that give it, a key once per value; a missing key is not listed.
    pub(super) context: Vec<(String, String)>,
}

/// The combinations that matter for one Action and direction.
#[derive(Debug, Clone)]
pub(super) struct Scenarios {
    /// Those where some Allow of the gaining side holds.
    pub(super) list: Vec<Scenario>,
    /// Per statement: whether its conditions were counted conservatively.
    pub(super) approximated: Vec<bool>,
    /// The keys (lowercase) the scenarios decide.
    pub(super) decided: BTreeSet<String>,
}

/// The outcome of one key's conditions for some values: whether every value is well formed
/// for the key's kind, and per condition whether some value matches its positive form.
type State = (bool, Vec<bool>);

/// One outcome of a key's conditions: per condition whether it holds, with values that give
/// it (`None`: the key is missing).
type Outcome = (Vec<bool>, Option<Vec<String>>);

/// The conditions on one key (lowercase) with their statements' indexes, and their outcomes.
type Domain<'s> = (String, Vec<(usize, &'s Condition)>, Vec<Outcome>);

/// The combinations of `statements`' conditions, see the module documentation.
pub(super) fn scenarios(statements: &[(&Statement, Role)]) -> Scenarios {
    let mut approximated = vec![false; statements.len()];
    loop {
        let domains = domains(statements, &mut approximated);
        match combine(statements, &approximated, &domains) {
            Ok(list) => {
                return Scenarios {
                    list,
                    approximated,
                    decided: domains.into_iter().map(|(key, _, _)| key).collect(),
                };
            }
            // The key whose combinations passed the cap is counted conservatively, and the
            // others are combined again: each round settles at least one more statement.
            Err(key) => {
                for (s, _) in domains.get(key).map(|d| &d.1).into_iter().flatten() {
                    if let Some(a) = approximated.get_mut(*s) {
                        *a = true;
                    }
                }
            }
        }
    }
}

/// The outcomes of every key the statements not yet `approximated` have conditions on; the
/// statements with conditions on a key that cannot be decided become approximated.
fn domains<'s>(statements: &[(&'s Statement, Role)], approximated: &mut [bool]) -> Vec<Domain<'s>> {
    // A statement found undecided on one key no longer constrains its other keys, which may
    // then become decidable: repeat until no statement changes.
    loop {
        let mut domains = Vec::new();
        let mut changed = false;
        for (key, conditions) in by_key(statements, approximated) {
            let list: Vec<&Condition> = conditions.iter().map(|(_, c)| *c).collect();
            match domain(&list) {
                Some(outcomes) => domains.push((key, conditions, outcomes)),
                None => {
                    for (s, _) in &conditions {
                        if let Some(a) = approximated.get_mut(*s) {
                            changed |= !*a;
                            *a = true;
                        }
                    }
                }
            }
        }
        if !changed {
            return domains;
        }
    }
}

/// The distinct vectors of statements that hold over every combination of the keys'
/// outcomes where some Allow of the gaining side holds, each with its context values; the
/// undecided statements hold as their [`Role`] assumes. `Err` gives the key at which there
/// were more than [`SCENARIO_LIMIT`].
fn combine(
    statements: &[(&Statement, Role)],
    approximated: &[bool],
    domains: &[Domain<'_>],
) -> Result<Vec<Scenario>, usize> {
    let roles: Vec<Role> = statements.iter().map(|(_, r)| *r).collect();
    let mut combos: Vec<Scenario> = vec![Scenario {
        holds: roles
            .iter()
            .zip(approximated)
            .map(|(role, a)| !a || role.assumed())
            .collect(),
        context: Vec::new(),
    }];
    for (index, (key, conditions, outcomes)) in domains.iter().enumerate() {
        let name = conditions
            .first()
            .map_or_else(|| key.clone(), |(_, c)| c.key.clone());
        // Per outcome, which statements' conditions on this key all hold.
        let mut projections: Vec<(Vec<bool>, &Option<Vec<String>>)> = Vec::new();
        for (truth, values) in outcomes {
            let mut on = vec![true; statements.len()];
            for ((s, _), t) in conditions.iter().zip(truth) {
                if let Some(o) = on.get_mut(*s) {
                    *o &= *t;
                }
            }
            if !projections.iter().any(|(p, _)| *p == on) {
                projections.push((on, values));
            }
        }
        let mut seen: HashSet<Vec<bool>> = HashSet::new();
        let mut next: Vec<Scenario> = Vec::new();
        for combo in &combos {
            for (on, values) in &projections {
                let holds: Vec<bool> = combo.holds.iter().zip(on).map(|(a, b)| *a && *b).collect();
                // A combination where no Allow of the gaining side holds grants nothing, and
                // later keys can only turn more statements off.
                let grants = holds
                    .iter()
                    .zip(&roles)
                    .any(|(h, r)| *h && *r == Role::Grant);
                if !grants {
                    continue;
                }
                let mut context = combo.context.clone();
                for value in values.iter().flatten() {
                    context.push((name.clone(), value.clone()));
                }
                if seen.insert(holds.clone()) {
                    next.push(Scenario { holds, context });
                }
            }
        }
        // Past the cap, the combinations another covers are redundant; they are kept below
        // it, since the first ones have the simplest context values for the witnesses.
        if next.len() > SCENARIO_LIMIT {
            let mut widest: Vec<Scenario> = Vec::new();
            for scenario in next {
                if widest
                    .iter()
                    .any(|w| covers(&w.holds, &scenario.holds, &roles))
                {
                    continue;
                }
                widest.retain(|w| !covers(&scenario.holds, &w.holds, &roles));
                widest.push(scenario);
            }
            next = widest;
        }
        if next.len() > SCENARIO_LIMIT {
            return Err(index);
        }
        combos = next;
    }
    Ok(combos)
}

/// Whether a combination where `a` holds shows every finding one where `b` holds does: every
/// statement that can only add findings (an Allow of the gaining side, a Deny of the losing
/// side) that holds in `b` holds in `a`, and every other that holds in `a` holds in `b`. Later
/// keys keep this, since they turn statements off in both alike.
fn covers(a: &[bool], b: &[bool], roles: &[Role]) -> bool {
    a.iter()
        .zip(b)
        .zip(roles)
        .all(|((a, b), role)| if role.assumed() { *a || !*b } else { !*a || *b })
}

/// The conditions of the decided statements by lowercase key (keys match case-insensitively),
/// each with its statement's index.
fn by_key<'s>(
    statements: &[(&'s Statement, Role)],
    approximated: &[bool],
) -> BTreeMap<String, Vec<(usize, &'s Condition)>> {
    let mut keys: BTreeMap<String, Vec<(usize, &Condition)>> = BTreeMap::new();
    for (s, ((statement, _), a)) in statements.iter().zip(approximated).enumerate() {
        if *a {
            continue;
        }
        for c in &statement.conditions {
            keys.entry(c.key.to_lowercase()).or_default().push((s, c));
        }
    }
    keys
}

/// Every outcome of the conditions on one key, or `None` when the key is not decided.
fn domain(conditions: &[&Condition]) -> Option<Vec<Outcome>> {
    let kind = conditions.first()?.operator.value_kind();
    if conditions.iter().any(|c| c.operator.value_kind() != kind) {
        return None;
    }
    let well_formed = |v: &str| match kind {
        ValueKind::String => true,
        ValueKind::Number => parse_number(v).is_some(),
        ValueKind::Date => parse_date(v).is_some(),
        ValueKind::Bool => parse_bool(v).is_some(),
        ValueKind::Ip => v.parse::<std::net::IpAddr>().is_ok(),
    };
    let mut states: Vec<(State, Vec<String>)> = Vec::new();
    for value in representatives(kind, conditions)? {
        let formed = well_formed(&value);
        let matched = conditions
            .iter()
            .map(|c| {
                formed
                    && holds(c.operator, &c.values, Some(std::slice::from_ref(&value)))
                        != c.operator.is_negated()
            })
            .collect();
        let state = (formed, matched);
        if !states.iter().any(|(s, _)| *s == state) {
            states.push((state, vec![value]));
        }
    }
    // Several values: the closure of the single values' outcomes under joins. Joining with
    // each single value in turn reaches every set of them.
    let singles = states.len();
    if singles >= KEY_LIMIT {
        return None;
    }
    let mut at = 0;
    while let Some(((formed, matched), values)) = states.get(at).cloned() {
        for j in 0..singles {
            let Some(((other_formed, other_matched), other_values)) = states.get(j) else {
                continue;
            };
            let formed = formed && *other_formed;
            let state = (
                formed,
                matched
                    .iter()
                    .zip(other_matched)
                    .map(|(a, b)| formed && (*a || *b))
                    .collect(),
            );
            if states.iter().any(|(s, _)| *s == state) {
                continue;
            }
            let mut joined = values.clone();
            joined.extend(other_values.iter().cloned());
            states.push((state, joined));
            if states.len() >= KEY_LIMIT {
                return None;
            }
        }
        at += 1;
    }
    let truth = |(formed, matched): &State| -> Vec<bool> {
        conditions
            .iter()
            .zip(matched)
            .map(|(c, m)| *formed && *m != c.operator.is_negated())
            .collect()
    };
    // Single values first, then the missing key, then several values: a witness takes the
    // first combination that shows its finding, and most keys RAM sets have one value.
    let missing: Vec<bool> = conditions
        .iter()
        .map(|c| holds(c.operator, &c.values, None))
        .collect();
    let (single, several) = states.split_at(singles);
    let outcome = |(s, v): &(State, Vec<String>)| (truth(s), Some(v.clone()));
    Some(
        single
            .iter()
            .map(outcome)
            .chain([(missing, None)])
            .chain(several.iter().map(outcome))
            .collect(),
    )
}

/// A value of every region the key's conditions cut its values into.
fn representatives(kind: ValueKind, conditions: &[&Condition]) -> Option<Vec<String>> {
    let mut numbers = Vec::new();
    let mut dates = Vec::new();
    let mut networks = Vec::new();
    for c in conditions {
        match &c.values {
            Values::Numbers(n) => numbers.extend(n.iter().copied()),
            Values::Dates(d) => dates.extend(d.iter().copied()),
            Values::Networks(n) => networks.extend(n.iter().copied()),
            Values::Strings(_) | Values::Bools(_) => {}
        }
    }
    match kind {
        ValueKind::String => strings(conditions),
        ValueKind::Number => self::numbers(numbers),
        ValueKind::Date => self::dates(dates),
        ValueKind::Bool => Some(["true", "false", "not-a-bool"].map(str::to_owned).to_vec()),
        ValueKind::Ip => Some(addresses(&networks)),
    }
}

/// Lowercase as the `…IgnoreCase` operators fold.
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// A glob that matches exactly `text`: a pattern when it has no wildcard, else a template
/// when it has no `$` (a template's `*` and `?` are literal).
fn literal(text: &str) -> Option<Glob> {
    if !text.contains(['*', '?']) {
        Some(Glob::pattern(text))
    } else if !text.contains('$') {
        Some(Glob::template(text))
    } else {
        None
    }
}

/// The shortest string of every region of the string values' glob product. With
/// `…IgnoreCase` operators, the regions are those of the folded request value, and each
/// representative must be its own fold to stand for them.
fn strings(conditions: &[&Condition]) -> Option<Vec<String>> {
    let folds = |c: &Condition| {
        matches!(
            c.operator,
            Operator::StringEqualsIgnoreCase | Operator::StringNotEqualsIgnoreCase
        )
    };
    let ignore_case = conditions.first().is_some_and(|c| folds(c));
    if conditions.iter().any(|c| folds(c) != ignore_case) {
        return None;
    }
    let mut globs = Vec::new();
    for c in conditions {
        let Values::Strings(values) = &c.values else {
            return None;
        };
        for value in values {
            globs.push(match c.operator {
                Operator::StringLike | Operator::StringNotLike => Glob::pattern(value),
                _ if ignore_case => literal(&fold(value))?,
                _ => literal(value)?,
            });
        }
    }
    let regions = GlobSet::new(globs).regions().ok()?;
    let values: Vec<String> = regions.into_iter().map(|(_, text)| text).collect();
    if ignore_case && values.iter().any(|v| fold(v) != *v) {
        return None;
    }
    Some(values)
}

/// The literals, the nearest number below the least and above each (when no literal lies
/// between), and a malformed value. `None` if a number does not print back to itself.
fn numbers(mut literals: Vec<f64>) -> Option<Vec<String>> {
    literals.sort_by(f64::total_cmp);
    literals.dedup_by(|a, b| a == b);
    let mut points: Vec<f64> = literals
        .first()
        .map(|f| f.next_down())
        .into_iter()
        .collect();
    for (i, v) in literals.iter().enumerate() {
        points.push(*v);
        let up = v.next_up();
        if literals.get(i + 1).is_none_or(|next| up < *next) {
            points.push(up);
        }
    }
    points
        .into_iter()
        .filter(|p| p.is_finite())
        .map(|p| {
            let text = format!("{p}");
            (parse_number(&text) == Some(p)).then_some(text)
        })
        .chain([Some("not-a-number".to_owned())])
        .collect()
}

/// As [`numbers`], for instants a nanosecond apart.
fn dates(mut literals: Vec<Timestamp>) -> Option<Vec<String>> {
    literals.sort();
    literals.dedup();
    let nano = SignedDuration::from_nanos(1);
    let mut points: Vec<Timestamp> = literals
        .first()
        .and_then(|f| f.checked_sub(nano).ok())
        .into_iter()
        .collect();
    for (i, v) in literals.iter().enumerate() {
        points.push(*v);
        if let Ok(up) = v.checked_add(nano)
            && literals.get(i + 1).is_none_or(|next| up < *next)
        {
            points.push(up);
        }
    }
    points
        .into_iter()
        .map(|p| {
            let text = p.to_string();
            (parse_date(&text) == Some(p)).then_some(text)
        })
        .chain([Some("not-a-date".to_owned())])
        .collect()
}

/// The first address of each block between the networks' boundaries, per family (an IPv4
/// address is in no IPv6 network), and a malformed value.
fn addresses(networks: &[IpNet]) -> Vec<String> {
    let mut v4: BTreeSet<u32> = BTreeSet::from([0]);
    let mut v6: BTreeSet<u128> = BTreeSet::from([0]);
    for net in networks {
        match net {
            IpNet::V4(n) => {
                v4.insert(u32::from(n.network()));
                v4.extend(u32::from(n.broadcast()).checked_add(1));
            }
            IpNet::V6(n) => {
                v6.insert(u128::from(n.network()));
                v6.extend(u128::from(n.broadcast()).checked_add(1));
            }
        }
    }
    v4.into_iter()
        .map(|a| Ipv4Addr::from(a).to_string())
        .chain(v6.into_iter().map(|a| Ipv6Addr::from(a).to_string()))
        .chain(["not-an-ip".to_owned()])
        .collect()
}
