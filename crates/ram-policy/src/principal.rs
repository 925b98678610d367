//! Principals: who makes a request ([`Principal`]), and who a trust or resource-based policy's
//! statement names ([`Principals`], the `Principal` element).
//!
//! The vendor's trust policies name principals as `RAM` (Alibaba Cloud accounts, RAM users and
//! RAM roles by ARN), `Service` (`ecs.aliyuncs.com`) and `Federated` (an identity provider's
//! ARN), each a string or an array ("Edit the trust policy of a RAM role"). An account's root,
//! `acs:ram::ID:root`, stands for "all the RAM users of the Alibaba Cloud account" (the same
//! page); the pages never say whether it also stands for the account's RAM roles, so this crate
//! decides for safety: such a match counts for a `Deny` statement and not for an `Allow` one.

use std::fmt;

use ram_core::wildcard::matches_resource;

use crate::document::Effect;

/// The three principal forms of the `Principal` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalKind {
    /// `RAM`: accounts, RAM users and RAM roles, by ARN.
    Ram,
    /// `Service`: an Alibaba Cloud service (`ecs.aliyuncs.com`).
    Service,
    /// `Federated`: an identity provider (`acs:ram::ID:saml-provider/NAME`).
    Federated,
}

impl PrincipalKind {
    /// Every kind, in the order documents are written.
    pub const ALL: [Self; 3] = [Self::Ram, Self::Service, Self::Federated];

    /// `RAM`, `Service` or `Federated`, as the element spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ram => "RAM",
            Self::Service => "Service",
            Self::Federated => "Federated",
        }
    }

    /// The kind an element key names, exactly as the vendor spells it.
    #[must_use]
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == key)
    }
}

impl fmt::Display for PrincipalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who makes a request.
///
/// ```
/// use ram_policy::{Principal, PrincipalKind};
/// let alice = Principal::ram("acs:ram::123456789012:user/alice");
/// assert_eq!(alice.kind, PrincipalKind::Ram);
/// assert_eq!(alice.account(), Some("123456789012"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Principal {
    /// Its form.
    pub kind: PrincipalKind,
    /// Its ARN, or a service's name.
    pub name: String,
}

impl Principal {
    /// A RAM principal (an account root, a RAM user, a RAM role) by ARN.
    #[must_use]
    pub fn ram(arn: impl Into<String>) -> Self {
        Self {
            kind: PrincipalKind::Ram,
            name: arn.into(),
        }
    }

    /// An Alibaba Cloud service (`ecs.aliyuncs.com`).
    #[must_use]
    pub fn service(name: impl Into<String>) -> Self {
        Self {
            kind: PrincipalKind::Service,
            name: name.into(),
        }
    }

    /// A federated identity provider (`acs:ram::ID:saml-provider/NAME`).
    #[must_use]
    pub fn federated(arn: impl Into<String>) -> Self {
        Self {
            kind: PrincipalKind::Federated,
            name: arn.into(),
        }
    }

    /// The account of a RAM principal's ARN (`acs:ram::ID:...`).
    #[must_use]
    pub fn account(&self) -> Option<&str> {
        if self.kind != PrincipalKind::Ram {
            return None;
        }
        let rest = self.name.strip_prefix("acs:ram::")?;
        rest.split_once(':').map(|(account, _)| account)
    }

    /// What a RAM principal's ARN names after the account: `root`, `user/...`, `role/...`.
    fn ram_resource(&self) -> Option<&str> {
        let rest = self.name.strip_prefix("acs:ram::")?;
        rest.split_once(':').map(|(_, resource)| resource)
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind, self.name)
    }
}

/// The `Principal` element of a statement: any principal (`"Principal": "*"`), or the
/// principals of each form it lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principals {
    /// `"Principal": "*"`: everyone.
    Any,
    /// The values of each form given, in document order.
    Listed(Vec<(PrincipalKind, Vec<String>)>),
}

/// How one principal value matches a requester.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Yes,
    No,
    /// The vendor leaves it open (an account root and one of the account's RAM roles).
    Unsettled,
}

fn fit(kind: PrincipalKind, value: &str, principal: &Principal) -> Fit {
    if kind != principal.kind {
        return Fit::No;
    }
    if value == "*" {
        return Fit::Yes;
    }
    match kind {
        // Service names are DNS names: case does not matter.
        PrincipalKind::Service => {
            if value.eq_ignore_ascii_case(&principal.name) {
                Fit::Yes
            } else {
                Fit::No
            }
        }
        PrincipalKind::Federated => {
            if matches_resource(value, &principal.name) {
                Fit::Yes
            } else {
                Fit::No
            }
        }
        PrincipalKind::Ram => {
            if matches_resource(value, &principal.name) {
                return Fit::Yes;
            }
            let root_account = value
                .strip_prefix("acs:ram::")
                .and_then(|rest| rest.strip_suffix(":root"));
            match (root_account, principal.account(), principal.ram_resource()) {
                (Some(account), Some(theirs), Some(resource)) if account == theirs => {
                    if resource.starts_with("user/") {
                        Fit::Yes
                    } else if resource.starts_with("role/") || resource.starts_with("assumed-role/")
                    {
                        Fit::Unsettled
                    } else {
                        Fit::No
                    }
                }
                _ => Fit::No,
            }
        }
    }
}

impl Principals {
    /// Whether the element names the requester, for a statement of `effect`: `*` names
    /// everyone (a request with no principal too); otherwise a request must say who makes it.
    /// Where the vendor leaves a match open (an account root and that account's RAM roles),
    /// it counts for `Deny` and not for `Allow`.
    ///
    /// ```
    /// use ram_policy::{Effect, Principal, PrincipalKind, Principals};
    /// let root = Principals::Listed(vec![(PrincipalKind::Ram, vec!["acs:ram::1:root".into()])]);
    /// let user = Principal::ram("acs:ram::1:user/alice");
    /// let role = Principal::ram("acs:ram::1:role/ops");
    /// assert!(root.names(Some(&user), Effect::Allow));
    /// assert!(!root.names(Some(&role), Effect::Allow));
    /// assert!(root.names(Some(&role), Effect::Deny));
    /// assert!(!root.names(None, Effect::Deny));
    /// ```
    #[must_use]
    pub fn names(&self, principal: Option<&Principal>, effect: Effect) -> bool {
        let listed = match self {
            Self::Any => return true,
            Self::Listed(listed) => listed,
        };
        let Some(principal) = principal else {
            return false;
        };
        listed.iter().any(|(kind, values)| {
            values
                .iter()
                .any(|value| match fit(*kind, value, principal) {
                    Fit::Yes => true,
                    Fit::No => false,
                    Fit::Unsettled => effect == Effect::Deny,
                })
        })
    }

    /// The canonical JSON: `"*"`, or an object of arrays in [`PrincipalKind::ALL`] order.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Any => "*".into(),
            Self::Listed(listed) => {
                let mut map = serde_json::Map::new();
                for kind in PrincipalKind::ALL {
                    let values: Vec<&str> = listed
                        .iter()
                        .filter(|(k, _)| *k == kind)
                        .flat_map(|(_, v)| v.iter().map(String::as_str))
                        .collect();
                    if !values.is_empty() {
                        map.insert(kind.as_str().into(), values.into());
                    }
                }
                map.into()
            }
        }
    }

    /// The values of one form.
    pub fn values(&self, kind: PrincipalKind) -> impl Iterator<Item = &str> {
        let listed: &[(PrincipalKind, Vec<String>)] = match self {
            Self::Any => &[],
            Self::Listed(listed) => listed,
        };
        listed
            .iter()
            .filter(move |(k, _)| *k == kind)
            .flat_map(|(_, v)| v.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(kind: PrincipalKind, values: &[&str]) -> Principals {
        Principals::Listed(vec![(
            kind,
            values.iter().map(|v| (*v).to_owned()).collect(),
        )])
    }

    #[test]
    fn each_form_names_its_own_principals() {
        let ram = listed(PrincipalKind::Ram, &["acs:ram::1:user/alice"]);
        assert!(ram.names(
            Some(&Principal::ram("acs:ram::1:user/alice")),
            Effect::Allow
        ));
        assert!(!ram.names(Some(&Principal::ram("acs:ram::1:user/bob")), Effect::Allow));
        assert!(!ram.names(
            Some(&Principal::service("acs:ram::1:user/alice")),
            Effect::Deny
        ));
        let service = listed(PrincipalKind::Service, &["ECS.aliyuncs.com"]);
        assert!(service.names(Some(&Principal::service("ecs.aliyuncs.com")), Effect::Allow));
        assert!(!service.names(Some(&Principal::service("oss.aliyuncs.com")), Effect::Allow));
        let idp = listed(PrincipalKind::Federated, &["acs:ram::1:saml-provider/*"]);
        assert!(idp.names(
            Some(&Principal::federated("acs:ram::1:saml-provider/okta")),
            Effect::Allow
        ));
        assert!(!idp.names(
            Some(&Principal::federated("acs:ram::2:saml-provider/okta")),
            Effect::Allow
        ));
    }

    #[test]
    fn an_account_root_names_its_users_and_for_a_deny_its_roles() {
        let root = listed(PrincipalKind::Ram, &["acs:ram::1:root"]);
        for (who, allow, deny) in [
            ("acs:ram::1:root", true, true),
            ("acs:ram::1:user/alice", true, true),
            ("acs:ram::1:role/ops", false, true),
            ("acs:ram::1:assumed-role/ops/s", false, true),
            ("acs:ram::2:user/alice", false, false),
            ("acs:ram::1:group/dev", false, false),
        ] {
            let principal = Principal::ram(who);
            assert_eq!(root.names(Some(&principal), Effect::Allow), allow, "{who}");
            assert_eq!(root.names(Some(&principal), Effect::Deny), deny, "{who}");
        }
    }

    #[test]
    fn a_star_names_everyone_and_listed_principals_need_a_requester() {
        assert!(Principals::Any.names(None, Effect::Allow));
        let any_ram = listed(PrincipalKind::Ram, &["*"]);
        assert!(any_ram.names(Some(&Principal::ram("acs:ram::9:user/x")), Effect::Allow));
        assert!(!any_ram.names(None, Effect::Allow));
        assert!(!any_ram.names(Some(&Principal::service("ecs.aliyuncs.com")), Effect::Allow));
    }

    #[test]
    fn canonical_json_groups_values_by_form() {
        let principals = Principals::Listed(vec![
            (PrincipalKind::Service, vec!["ecs.aliyuncs.com".into()]),
            (PrincipalKind::Ram, vec!["acs:ram::1:root".into()]),
        ]);
        assert_eq!(
            principals.to_json(),
            serde_json::json!({"RAM": ["acs:ram::1:root"], "Service": ["ecs.aliyuncs.com"]})
        );
        assert_eq!(Principals::Any.to_json(), serde_json::json!("*"));
    }
}
