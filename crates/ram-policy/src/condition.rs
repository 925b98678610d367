//! Condition operators, their pre-parsed values, and how they evaluate.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use jiff::Timestamp;

use ram_core::wildcard;

/// The condition operators RAM policies use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs, reason = "each variant is the operator of the same name")]
pub enum Operator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    IpAddress,
    NotIpAddress,
}

/// What kind of value an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Text.
    String,
    /// A finite number.
    Number,
    /// An ISO 8601 date or date-time.
    Date,
    /// `true` or `false`.
    Bool,
    /// An IPv4/IPv6 address or CIDR.
    Ip,
}

impl Operator {
    /// Every operator.
    pub const ALL: [Self; 21] = [
        Self::StringEquals,
        Self::StringNotEquals,
        Self::StringEqualsIgnoreCase,
        Self::StringNotEqualsIgnoreCase,
        Self::StringLike,
        Self::StringNotLike,
        Self::NumericEquals,
        Self::NumericNotEquals,
        Self::NumericLessThan,
        Self::NumericLessThanEquals,
        Self::NumericGreaterThan,
        Self::NumericGreaterThanEquals,
        Self::DateEquals,
        Self::DateNotEquals,
        Self::DateLessThan,
        Self::DateLessThanEquals,
        Self::DateGreaterThan,
        Self::DateGreaterThanEquals,
        Self::Bool,
        Self::IpAddress,
        Self::NotIpAddress,
    ];

    /// The operator's name as written in a policy.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::StringEquals => "StringEquals",
            Self::StringNotEquals => "StringNotEquals",
            Self::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            Self::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            Self::StringLike => "StringLike",
            Self::StringNotLike => "StringNotLike",
            Self::NumericEquals => "NumericEquals",
            Self::NumericNotEquals => "NumericNotEquals",
            Self::NumericLessThan => "NumericLessThan",
            Self::NumericLessThanEquals => "NumericLessThanEquals",
            Self::NumericGreaterThan => "NumericGreaterThan",
            Self::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            Self::DateEquals => "DateEquals",
            Self::DateNotEquals => "DateNotEquals",
            Self::DateLessThan => "DateLessThan",
            Self::DateLessThanEquals => "DateLessThanEquals",
            Self::DateGreaterThan => "DateGreaterThan",
            Self::DateGreaterThanEquals => "DateGreaterThanEquals",
            Self::Bool => "Bool",
            Self::IpAddress => "IpAddress",
            Self::NotIpAddress => "NotIpAddress",
        }
    }

    /// Whether the operator is a negated one (`…Not…`, `NotIpAddress`): true when the key is
    /// missing from the request.
    #[must_use]
    pub const fn is_negated(self) -> bool {
        matches!(
            self,
            Self::StringNotEquals
                | Self::StringNotEqualsIgnoreCase
                | Self::StringNotLike
                | Self::NumericNotEquals
                | Self::DateNotEquals
                | Self::NotIpAddress
        )
    }

    /// The kind of value it compares.
    #[must_use]
    pub const fn value_kind(self) -> ValueKind {
        match self {
            Self::StringEquals
            | Self::StringNotEquals
            | Self::StringEqualsIgnoreCase
            | Self::StringNotEqualsIgnoreCase
            | Self::StringLike
            | Self::StringNotLike => ValueKind::String,
            Self::NumericEquals
            | Self::NumericNotEquals
            | Self::NumericLessThan
            | Self::NumericLessThanEquals
            | Self::NumericGreaterThan
            | Self::NumericGreaterThanEquals => ValueKind::Number,
            Self::DateEquals
            | Self::DateNotEquals
            | Self::DateLessThan
            | Self::DateLessThanEquals
            | Self::DateGreaterThan
            | Self::DateGreaterThanEquals => ValueKind::Date,
            Self::Bool => ValueKind::Bool,
            Self::IpAddress | Self::NotIpAddress => ValueKind::Ip,
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Operator {
    type Err = ram_core::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| {
                ram_core::UnknownName::new("condition operator", s, Self::ALL.map(Self::as_str))
            })
    }
}

/// Parses an ISO 8601 date-time with offset (`2026-01-02T03:04:05Z`, `…+08:00`), a date-time
/// without offset (taken as UTC) or a date (midnight UTC).
#[must_use]
pub fn parse_date(text: &str) -> Option<Timestamp> {
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp);
    }
    if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        return jiff::tz::Offset::UTC.to_timestamp(datetime).ok();
    }
    text.parse::<jiff::civil::Date>().ok().and_then(|date| {
        jiff::tz::Offset::UTC
            .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
            .ok()
    })
}

/// Parses a finite number.
#[must_use]
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Parses `true` or `false`, case-insensitively.
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

/// Parses an IP network: a CIDR, or a bare address (a /32 or /128 network).
#[must_use]
pub fn parse_network(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// The values of one condition, parsed once for their operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Strings.
    Strings(Vec<String>),
    /// Numbers.
    Numbers(Vec<f64>),
    /// Instants.
    Dates(Vec<Timestamp>),
    /// Booleans.
    Bools(Vec<bool>),
    /// Networks.
    Networks(Vec<IpNet>),
}

impl Values {
    /// Parses policy values for an operator; the error names the first value that does not fit.
    ///
    /// # Errors
    ///
    /// The offending value and what was expected.
    pub fn parse(operator: Operator, raw: &[String]) -> Result<Self, (usize, String)> {
        fn all<T>(
            raw: &[String],
            parse: impl Fn(&str) -> Option<T>,
            what: &str,
        ) -> Result<Vec<T>, (usize, String)> {
            raw.iter()
                .enumerate()
                .map(|(i, value)| {
                    parse(value).ok_or_else(|| (i, format!("`{value}` is not {what}")))
                })
                .collect()
        }
        let op = operator.as_str();
        Ok(match operator.value_kind() {
            ValueKind::String => Self::Strings(raw.to_vec()),
            ValueKind::Number => Self::Numbers(all(
                raw,
                parse_number,
                &format!("a number, as `{op}` needs"),
            )?),
            ValueKind::Date => Self::Dates(all(
                raw,
                parse_date,
                &format!("an ISO 8601 date, as `{op}` needs"),
            )?),
            ValueKind::Bool => Self::Bools(all(
                raw,
                parse_bool,
                &format!("`true` or `false`, as `{op}` needs"),
            )?),
            ValueKind::Ip => Self::Networks(all(
                raw,
                parse_network,
                &format!("an IPv4 or IPv6 address or CIDR, as `{op}` needs"),
            )?),
        })
    }
}

/// The outcome of one condition against a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It holds.
    Holds,
    /// It does not hold: the request's values (empty when the key is missing).
    Fails {
        /// The request's values of the key.
        request: Vec<String>,
        /// Why, in words.
        why: String,
    },
}

/// Evaluates `operator` with policy `values` against the request's values of the key (`None`
/// when the request lacks the key). Any policy value may match any request value; a missing key
/// makes a positive operator false and a negated one true; a malformed request value makes the
/// operator false.
#[must_use]
pub fn evaluate(operator: Operator, values: &Values, request: Option<&[String]>) -> Outcome {
    let Some(request) = request else {
        return if operator.is_negated() {
            Outcome::Holds
        } else {
            Outcome::Fails {
                request: Vec::new(),
                why: "the request has no such key".to_owned(),
            }
        };
    };
    let fails = |why: String| Outcome::Fails {
        request: request.to_vec(),
        why,
    };
    let positive = match positive_match(operator, values, request) {
        Ok(matched) => matched,
        Err(bad) => {
            return fails(format!(
                "the request value `{bad}` is malformed for `{operator}`"
            ));
        }
    };
    if positive != operator.is_negated() {
        Outcome::Holds
    } else if operator.is_negated() {
        fails("a request value matches a policy value".to_owned())
    } else {
        fails("no request value matches a policy value".to_owned())
    }
}

/// Whether any (policy value, request value) pair matches the operator's positive form. The
/// error is the malformed request value. Nothing here allocates: this is the hot path of every
/// decision.
fn positive_match<'r>(
    operator: Operator,
    values: &Values,
    request: &'r [String],
) -> Result<bool, &'r str> {
    use Operator as O;
    let any = |test: &dyn Fn(&'r str) -> Result<bool, &'r str>| -> Result<bool, &'r str> {
        let mut matched = false;
        for value in request {
            matched |= test(value)?;
        }
        Ok(matched)
    };
    match values {
        Values::Strings(policy) => any(&|r| {
            Ok(policy.iter().any(|p| match operator {
                O::StringEqualsIgnoreCase | O::StringNotEqualsIgnoreCase => p
                    .chars()
                    .flat_map(char::to_lowercase)
                    .eq(r.chars().flat_map(char::to_lowercase)),
                O::StringLike | O::StringNotLike => wildcard::matches(p, r, false),
                _ => p == r,
            }))
        }),
        Values::Numbers(policy) => any(&|r| {
            let n = parse_number(r).ok_or(r)?;
            Ok(policy.iter().any(|p| compare(operator, n.partial_cmp(p))))
        }),
        Values::Dates(policy) => any(&|r| {
            let d = parse_date(r).ok_or(r)?;
            Ok(policy.iter().any(|p| compare(operator, Some(d.cmp(p)))))
        }),
        Values::Bools(policy) => any(&|r| {
            let b = parse_bool(r).ok_or(r)?;
            Ok(policy.contains(&b))
        }),
        Values::Networks(policy) => any(&|r| {
            let ip = r.parse::<IpAddr>().map_err(|_| r)?;
            Ok(policy.iter().any(|net| in_network(net, ip)))
        }),
    }
}

/// Whether an address is in a network: its first prefix-length bits are the network's, by one
/// XOR and shift of the address as an integer. `ipnet`'s `contains` computes the network's
/// first and last addresses on each call, which was a tenth of a decision through an
/// `IpAddress` condition; a test compares the two. Addresses and networks of different
/// families never match, as there.
fn in_network(net: &IpNet, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpNet::V4(net), IpAddr::V4(ip)) => (u32::from(net.addr()) ^ u32::from(ip))
            .checked_shr(32 - u32::from(net.prefix_len()))
            .is_none_or(|differing| differing == 0),
        (IpNet::V6(net), IpAddr::V6(ip)) => (u128::from(net.addr()) ^ u128::from(ip))
            .checked_shr(128 - u32::from(net.prefix_len()))
            .is_none_or(|differing| differing == 0),
        _ => false,
    }
}

/// Whether a condition holds, by the same rules as [`evaluate`], without allocating.
#[must_use]
pub fn holds(operator: Operator, values: &Values, request: Option<&[String]>) -> bool {
    match request {
        None => operator.is_negated(),
        Some(request) => positive_match(operator, values, request)
            .is_ok_and(|positive| positive != operator.is_negated()),
    }
}

/// Applies an ordering operator to `request.cmp(policy)`; equality for the `…Equals` ones.
fn compare(operator: Operator, ordering: Option<std::cmp::Ordering>) -> bool {
    use Operator as O;
    use std::cmp::Ordering::{Equal, Greater, Less};
    matches!(
        (operator, ordering),
        (
            O::NumericEquals | O::NumericNotEquals | O::DateEquals | O::DateNotEquals,
            Some(Equal)
        ) | (O::NumericLessThan | O::DateLessThan, Some(Less))
            | (
                O::NumericLessThanEquals | O::DateLessThanEquals,
                Some(Less | Equal)
            )
            | (O::NumericGreaterThan | O::DateGreaterThan, Some(Greater))
            | (
                O::NumericGreaterThanEquals | O::DateGreaterThanEquals,
                Some(Greater | Equal)
            )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shift test of `in_network` is `ipnet`'s `contains`, for every prefix length
        /// (a prefix of 0 shifts by the whole width, which `checked_shr` turns into "every
        /// address"), both families and mixed ones.
        #[test]
        fn in_network_is_ipnet_contains(
            net in proptest::prelude::any::<u128>(),
            ip in proptest::prelude::any::<u128>(),
            shared in 0u32..=128,
            prefix in 0u8..=128,
            v4 in proptest::prelude::any::<(bool, bool)>(),
        ) {
            // The address shares its first `shared` bits with the network's, so that prefixes
            // around `shared` both hold and fail.
            let ip = match shared {
                0 => ip,
                128 => net,
                _ => (net >> (128 - shared) << (128 - shared)) | (ip & (u128::MAX >> shared)),
            };
            let net: IpNet = if v4.0 {
                let addr = std::net::Ipv4Addr::from((net >> 96) as u32);
                ipnet::Ipv4Net::new(addr, prefix.min(32)).map(IpNet::V4)
            } else {
                ipnet::Ipv6Net::new(std::net::Ipv6Addr::from(net), prefix).map(IpNet::V6)
            }
            .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let ip = if v4.1 {
                IpAddr::V4(std::net::Ipv4Addr::from((ip >> 96) as u32))
            } else {
                IpAddr::V6(std::net::Ipv6Addr::from(ip))
            };
            proptest::prop_assert_eq!(in_network(&net, ip), net.contains(&ip), "{} {}", net, ip);
        }
    }

    fn eval(op: Operator, policy: &[&str], request: Option<&[&str]>) -> bool {
        let raw: Vec<String> = policy.iter().map(|s| (*s).to_owned()).collect();
        let values = Values::parse(op, &raw).unwrap();
        let request: Option<Vec<String>> =
            request.map(|r| r.iter().map(|s| (*s).to_owned()).collect());
        evaluate(op, &values, request.as_deref()) == Outcome::Holds
    }

    #[test]
    fn strings() {
        assert!(eval(Operator::StringEquals, &["a", "b"], Some(&["b"])));
        assert!(!eval(Operator::StringEquals, &["a"], Some(&["A"])));
        assert!(eval(Operator::StringEqualsIgnoreCase, &["a"], Some(&["A"])));
        assert!(eval(Operator::StringNotEquals, &["a"], Some(&["b"])));
        assert!(!eval(Operator::StringNotEquals, &["a", "b"], Some(&["b"])));
        assert!(eval(Operator::StringLike, &["team-*"], Some(&["team-a"])));
        assert!(eval(
            Operator::StringNotLike,
            &["team-?"],
            Some(&["team-ab"])
        ));
        assert!(!eval(
            Operator::StringNotEqualsIgnoreCase,
            &["a"],
            Some(&["A"])
        ));
    }

    #[test]
    fn missing_keys_fail_positive_and_pass_negated_operators() {
        assert!(!eval(Operator::StringEquals, &["a"], None));
        assert!(eval(Operator::StringNotEquals, &["a"], None));
        assert!(eval(Operator::NotIpAddress, &["10.0.0.0/8"], None));
        assert!(!eval(Operator::IpAddress, &["10.0.0.0/8"], None));
    }

    #[test]
    fn malformed_request_values_make_the_operator_false_even_when_negated() {
        assert!(!eval(Operator::NumericLessThan, &["5"], Some(&["five"])));
        assert!(!eval(Operator::NumericNotEquals, &["5"], Some(&["five"])));
        assert!(!eval(
            Operator::NotIpAddress,
            &["10.0.0.0/8"],
            Some(&["not-an-ip"])
        ));
        assert!(!eval(Operator::Bool, &["true"], Some(&["yes"])));
        assert!(!eval(
            Operator::DateNotEquals,
            &["2026-01-01"],
            Some(&["someday"])
        ));
    }

    #[test]
    fn numbers_dates_bools_and_networks() {
        assert!(eval(Operator::NumericLessThan, &["10"], Some(&["9.5"])));
        assert!(eval(
            Operator::NumericGreaterThanEquals,
            &["10"],
            Some(&["10"])
        ));
        assert!(eval(Operator::NumericEquals, &["1e1"], Some(&["10"])));
        assert!(eval(
            Operator::DateLessThan,
            &["2026-01-01T00:00:00Z"],
            Some(&["2025-12-31T23:59:59+00:00"])
        ));
        assert!(eval(
            Operator::DateEquals,
            &["2026-01-01T08:00:00+08:00"],
            Some(&["2026-01-01"])
        ));
        assert!(eval(
            Operator::DateGreaterThan,
            &["2026-01-01"],
            Some(&["2026-01-01T00:00:01"])
        ));
        assert!(eval(Operator::Bool, &["true"], Some(&["TRUE"])));
        assert!(eval(
            Operator::IpAddress,
            &["10.0.0.0/8", "192.168.1.1"],
            Some(&["192.168.1.1"])
        ));
        assert!(eval(
            Operator::IpAddress,
            &["2001:db8::/32"],
            Some(&["2001:db8::1"])
        ));
        assert!(!eval(
            Operator::IpAddress,
            &["10.0.0.0/8"],
            Some(&["2001:db8::1"])
        ));
        assert!(eval(
            Operator::NotIpAddress,
            &["10.0.0.0/8"],
            Some(&["11.0.0.1"])
        ));
    }

    #[test]
    fn policy_values_that_do_not_fit_their_operator_are_refused() {
        let raw = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            Values::parse(Operator::IpAddress, &raw(&["10.0.0.0/8", "ten"])).unwrap_err(),
            (
                1,
                "`ten` is not an IPv4 or IPv6 address or CIDR, as `IpAddress` needs".to_owned()
            )
        );
        assert!(Values::parse(Operator::DateLessThan, &raw(&["tomorrow"])).is_err());
        assert!(Values::parse(Operator::NumericEquals, &raw(&["NaN"])).is_err());
        assert!(Values::parse(Operator::Bool, &raw(&["1"])).is_err());
        assert!(
            "StringEqual"
                .parse::<Operator>()
                .unwrap_err()
                .to_string()
                .contains("`StringEquals`")
        );
    }
}
