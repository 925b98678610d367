//! The rules that depend on what a document is for ([`DocumentKind`]) or on the value forms the
//! vendor's grammar asks for: who a trust policy lets assume the role, `acs:SourceIp` written as
//! a CIDR block, unquoted values.
//!
//! The rules about principals and `acs:SourceIp` decide on the parser's statements
//! ([`Policy`]), so they say what the engine would evaluate; the JSON tree serves only to place
//! a finding at its pointer. Only the quoting rule reads the tree itself: the parser keeps a
//! number or boolean as the string it stands for, so the fact that it was written unquoted is
//! in the text alone.

use crate::condition::Operator;
use crate::document::{DocumentKind, Policy, Statement};
use crate::json::{Json, Kind, pointer_escape};
use crate::principal::{PrincipalKind, Principals};

use super::{
    FEDERATED_WITHOUT_CONDITION, Linter, Located, SOURCE_IP_SINGLE_CIDR, TRUST_ANY_PRINCIPAL,
    UNQUOTED_VALUE,
};

/// The value at a JSON pointer (RFC 6901) of a parsed document.
pub(super) fn node<'j>(json: &'j Json, pointer: &str) -> Option<&'j Json> {
    let mut at = json;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        at = match &at.kind {
            Kind::Object(members) => &members.iter().find(|m| m.key == segment)?.value,
            Kind::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Whether a `RAM` principal value stands for any account: `*`, or an ARN whose account is a
/// pattern (`acs:ram::*:root`).
fn any_account(value: &str) -> bool {
    if value == "*" {
        return true;
    }
    value
        .strip_prefix("acs:ram::")
        .and_then(|rest| rest.split_once(':'))
        .is_some_and(|(account, _)| account.contains(['*', '?']))
}

impl Linter<'_> {
    /// The rules on the parsed statements of a document that parses.
    pub(super) fn parsed(&mut self, policy: &Policy, document: &Json) {
        for (index, statement) in policy.statements.iter().enumerate() {
            let pointer = format!("/Statement/{index}");
            if self.kind == DocumentKind::Trust {
                self.trust(statement, &pointer, document);
            }
            self.source_ip(statement, &pointer, document);
            self.conditions(statement, &pointer, document);
        }
        self.security(policy, document);
    }

    /// Places a finding at the value of `pointer`, or at the nearest ancestor that exists.
    pub(super) fn at<'j>(document: &'j Json, pointer: &str) -> Located<'j> {
        let mut target = pointer;
        loop {
            if let Some(found) = node(document, target) {
                return Located {
                    value: found.as_str().unwrap_or("{"),
                    pointer: target.to_owned(),
                    offset: found.offset,
                };
            }
            match target.rfind('/') {
                Some(i) => target = &target[..i],
                None => {
                    return Located {
                        value: "{",
                        pointer: String::new(),
                        offset: document.offset,
                    };
                }
            }
        }
    }

    fn trust(&mut self, statement: &Statement, pointer: &str, document: &Json) {
        if statement.effect != crate::document::Effect::Allow {
            return;
        }
        let Some(principals) = &statement.principals else {
            return;
        };
        let principal = format!("{pointer}/Principal");
        match principals {
            Principals::Any => {
                let at = Self::at(document, &principal);
                self.push(
                    TRUST_ANY_PRINCIPAL,
                    &at,
                    "the trust policy lets anyone assume the role (`\"Principal\": \"*\"`)"
                        .to_owned(),
                    Some(
                        "name the accounts, services or identity providers that may assume it"
                            .to_owned(),
                    ),
                );
            }
            Principals::Listed(listed) => {
                for (form, values) in listed {
                    let form_pointer = format!("{principal}/{}", pointer_escape(form.as_str()));
                    let single = values.len() == 1
                        && node(document, &form_pointer).is_some_and(|n| n.as_str().is_some());
                    for (i, value) in values.iter().enumerate() {
                        let value_pointer = if single {
                            form_pointer.clone()
                        } else {
                            format!("{form_pointer}/{i}")
                        };
                        if *form == PrincipalKind::Ram && any_account(value) {
                            let at = Self::at(document, &value_pointer);
                            self.push(
                                TRUST_ANY_PRINCIPAL,
                                &at,
                                format!(
                                    "the trust policy lets any Alibaba Cloud account assume the role (`{value}`)"
                                ),
                                Some(
                                    "name the trusted account (`acs:ram::ACCOUNT_ID:root`) or its RAM users and roles"
                                        .to_owned(),
                                ),
                            );
                        }
                    }
                    if *form == PrincipalKind::Federated && statement.conditions.is_empty() {
                        let at = Self::at(document, &form_pointer);
                        self.push(
                            FEDERATED_WITHOUT_CONDITION,
                            &at,
                            format!(
                                "the trust policy lets every user of the identity provider {} assume the role, with no condition",
                                values
                                    .iter()
                                    .map(|v| format!("`{v}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            Some(
                                "add the condition the vendor requires for a SAML provider: `\"StringEquals\": {\"saml:recipient\": \"https://signin.aliyun.com/saml-role/sso\"}` (\"Create a RAM role for a trusted IdP\")"
                                    .to_owned(),
                            ),
                        );
                    }
                }
            }
        }
    }

    fn source_ip(&mut self, statement: &Statement, pointer: &str, document: &Json) {
        for condition in &statement.conditions {
            if !matches!(
                condition.operator,
                Operator::IpAddress | Operator::NotIpAddress
            ) || !condition.key.eq_ignore_ascii_case("acs:SourceIp")
            {
                continue;
            }
            let [value] = condition.raw.as_slice() else {
                continue;
            };
            let Some(address) = value
                .strip_suffix("/32")
                .filter(|a| a.parse::<std::net::Ipv4Addr>().is_ok())
                .or_else(|| {
                    value
                        .strip_suffix("/128")
                        .filter(|a| a.parse::<std::net::Ipv6Addr>().is_ok())
                })
            else {
                continue;
            };
            let key_pointer = format!(
                "{pointer}/Condition/{}/{}",
                pointer_escape(condition.operator.as_str()),
                pointer_escape(&condition.key)
            );
            let value_pointer = match node(document, &key_pointer).map(|n| &n.kind) {
                Some(Kind::Array(_)) => format!("{key_pointer}/0"),
                _ => key_pointer,
            };
            let at = Self::at(document, &value_pointer);
            self.push(
                SOURCE_IP_SINGLE_CIDR,
                &at,
                format!(
                    "a single `acs:SourceIp` value is written as the CIDR block `{value}`, which the vendor does not accept"
                ),
                Some(format!(
                    "write the address `{address}` (\"Policy elements\": a single `acs:SourceIp` value must be an IP address)"
                )),
            );
        }
    }

    /// Numbers and booleans written without quotes among condition values, the one place the
    /// parser accepts them.
    pub(super) fn unquoted(&mut self, document: &Json) {
        let Some(Kind::Array(statements)) = node(document, "/Statement").map(|n| &n.kind) else {
            return;
        };
        for (index, statement) in statements.iter().enumerate() {
            let Some(operators) = node(statement, "/Condition").and_then(Json::members) else {
                continue;
            };
            for operator in operators {
                for key in operator.value.members().unwrap_or_default() {
                    let base = format!(
                        "/Statement/{index}/Condition/{}/{}",
                        pointer_escape(&operator.key),
                        pointer_escape(&key.key)
                    );
                    let values: Vec<(String, &Json)> = match &key.value.kind {
                        Kind::Array(items) => items
                            .iter()
                            .enumerate()
                            .map(|(i, item)| (format!("{base}/{i}"), item))
                            .collect(),
                        _ => vec![(base, &key.value)],
                    };
                    for (pointer, value) in values {
                        let written = match &value.kind {
                            Kind::Number(n) => n.clone(),
                            Kind::Bool(b) => b.to_string(),
                            _ => continue,
                        };
                        let at = Located {
                            value: "",
                            pointer,
                            offset: value.offset,
                        };
                        self.push(
                            UNQUOTED_VALUE,
                            &at,
                            format!(
                                "the value `{written}` of `{}` is not enclosed in double quotation marks",
                                key.key
                            ),
                            Some(format!(
                                "write `\"{written}\"` (\"Policy structure and syntax\": numbers, dates, Booleans and IP addresses must be enclosed in double quotation marks)"
                            )),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Finding, LintScope, lint_as};

    fn findings(text: &str, kind: DocumentKind) -> Vec<Finding> {
        lint_as(text, &[], LintScope::Account, kind)
    }

    /// Rule ID, pointer, line and column of each finding.
    fn placed(text: &str, kind: DocumentKind) -> Vec<(&'static str, String, usize, usize)> {
        findings(text, kind)
            .into_iter()
            .map(|f| (f.rule.id, f.pointer, f.position.line, f.position.column))
            .collect()
    }

    const TRUST: &str = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"Service": ["ecs.aliyuncs.com"]}}]}"#;

    /// OSS's bucket-policy form (`Principal` as a list of account IDs) is a warning that it is
    /// not evaluated, for `oss:` statements only; elsewhere it stays an invalid document.
    #[test]
    fn an_oss_principal_list_is_a_warning_only_in_an_oss_statement() {
        let oss = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:GetObject"], "Principal": ["27737962156157"], "Resource": ["acs:oss:*:1746:bucket/*"]}]}"#;
        // (The tests' catalog does not cover `oss` or `kms`: `RAM033` says so.)
        let ids: Vec<&str> = placed(oss, DocumentKind::Resource)
            .into_iter()
            .map(|(id, ..)| id)
            .filter(|id| *id != "RAM033")
            .collect();
        assert_eq!(ids, ["RAM034"]);
        let kms = oss.replace("oss:GetObject", "kms:Decrypt");
        let ids: Vec<&str> = placed(&kms, DocumentKind::Resource)
            .into_iter()
            .map(|(id, ..)| id)
            .filter(|id| *id != "RAM033")
            .collect();
        assert_eq!(ids, ["RAM000"]);
    }

    #[test]
    fn a_principal_out_of_place_or_missing_is_its_own_finding_at_its_place() {
        // In an identity policy: `Principal` is refused at its key, and the missing `Resource`
        // stays a document error.
        assert_eq!(
            placed(TRUST, DocumentKind::Identity),
            [
                ("RAM000", "/Statement/0".to_owned(), 1, 32),
                ("RAM033", "/Statement/0/Action".to_owned(), 1, 62),
                ("RAM023", "/Statement/0/Principal".to_owned(), 2, 3),
            ]
        );
        let hint = findings(TRUST, DocumentKind::Session)
            .into_iter()
            .find(|f| f.rule.id == "RAM023")
            .and_then(|f| f.hint)
            .unwrap_or_default();
        assert!(
            hint.contains("a session policy names no principals"),
            "{hint}"
        );
        // A trust policy of ECS is clean: no `Resource`, and `sts:` is not an unknown service.
        assert_eq!(placed(TRUST, DocumentKind::Trust), []);
        let bucket = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:b/*"}]}"#;
        let ids: Vec<_> = placed(bucket, DocumentKind::Resource)
            .into_iter()
            .map(|(id, p, ..)| (id, p))
            .collect();
        assert_eq!(
            ids,
            [
                ("RAM024", "/Statement/0".to_owned()),
                ("RAM033", "/Statement/0/Action".to_owned())
            ]
        );
    }

    #[test]
    fn trust_policies_that_let_anyone_assume_the_role_are_security_warnings() {
        let any = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}]}"#;
        assert_eq!(
            placed(any, DocumentKind::Trust),
            [("RAM025", "/Statement/0/Principal".to_owned(), 1, 93)]
        );
        let accounts = r#"{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "*"}},
  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": ["acs:ram::1234:root", "acs:ram::*:root"]}},
  {"Effect": "Deny", "Action": "sts:AssumeRole", "Principal": {"RAM": "*"}}
]}"#;
        assert_eq!(
            placed(accounts, DocumentKind::Trust),
            [
                ("RAM025", "/Statement/0/Principal/RAM".to_owned(), 2, 72),
                ("RAM025", "/Statement/1/Principal/RAM/1".to_owned(), 3, 95),
            ]
        );
        // The same document as a resource-based policy is not about assuming a role.
        assert!(
            findings(accounts, DocumentKind::Resource)
                .iter()
                .all(|f| f.rule.id != "RAM025")
        );
    }

    #[test]
    fn a_federated_principal_needs_a_condition() {
        let bare = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"Federated": "acs:ram::1234:saml-provider/idp"}}]}"#;
        let found = findings(bare, DocumentKind::Trust);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule.id, "RAM026");
        assert_eq!(found[0].pointer, "/Statement/0/Principal/Federated");
        assert_eq!((found[0].position.line, found[0].position.column), (2, 30));
        assert!(
            found[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("saml:recipient")),
            "{found:?}"
        );
        let guarded = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
  "Principal": {"Federated": ["acs:ram::1234:saml-provider/idp"]},
  "Condition": {"StringEquals": {"saml:recipient": "https://signin.aliyun.com/saml-role/sso"}}}]}"#;
        assert_eq!(placed(guarded, DocumentKind::Trust), []);
    }

    /// A bucket policy's statement with `count` resources named with `prefix`.
    fn sized(count: usize, prefix: &str) -> String {
        let resources: Vec<String> = (0..count)
            .map(|i| format!("\"acs:oss:*:*:{prefix}{i:04}/*\""))
            .collect();
        format!(
            r#"{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "oss:GetObject", "Resource": [{}]}}]}}"#,
            resources.join(", ")
        )
    }

    fn size_findings(text: &str, kind: DocumentKind) -> Vec<(&'static str, String, String)> {
        findings(text, kind)
            .into_iter()
            .filter(|f| ["RAM017", "RAM018"].contains(&f.rule.id))
            .map(|f| (f.rule.id, f.message, f.hint.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn each_kind_has_its_size_limit() {
        // About 1,150 characters: over a session policy's limit, far under a custom policy's.
        let text = sized(40, "bucket-");
        let session = size_findings(&text, DocumentKind::Session);
        assert_eq!(session.len(), 1, "{session:?}");
        assert_eq!(session[0].0, "RAM017");
        assert!(
            session[0]
                .1
                .ends_with("over the limit of 1024 for a session policy"),
            "{session:?}"
        );
        assert!(session[0].2.contains("AssumeRole"), "{session:?}");
        assert_eq!(size_findings(&text, DocumentKind::Identity), []);
        // About 3,950 characters: within 10% of 4096.
        let prefix = "a-much-longer-bucket-name-prefix-for-size-";
        let near = sized(60, prefix);
        let identity = size_findings(&near, DocumentKind::Identity);
        assert_eq!(identity.len(), 1, "{identity:?}");
        assert_eq!(identity[0].0, "RAM018");
        let huge = sized(120, prefix);
        for kind in [
            DocumentKind::Identity,
            DocumentKind::Control,
            DocumentKind::Trust,
        ] {
            let found = size_findings(&huge, kind);
            assert_eq!(found.len(), 1, "{kind}: {found:?}");
            assert_eq!(found[0].0, "RAM017", "{kind}");
            assert!(found[0].1.contains("limit of 4096"), "{found:?}");
        }
        // The hint says where the number comes from, and when it is assumed.
        assert!(
            size_findings(&huge, DocumentKind::Identity)[0]
                .2
                .contains("Limits")
        );
        assert!(
            size_findings(&huge, DocumentKind::Control)[0]
                .2
                .contains("assumed")
        );
        // Resource-based policies are not held to a limit no page states.
        assert_eq!(size_findings(&huge, DocumentKind::Resource), []);
    }

    #[test]
    fn unquoted_numbers_and_booleans_are_findings_at_the_value() {
        let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*",
  "Condition": {"Bool": {"acs:MFAPresent": true}, "NumericLessThan": {"ecs:Count": [3, "4"]}}}]}"#;
        let unquoted: Vec<_> = findings(text, DocumentKind::Identity)
            .into_iter()
            .filter(|f| f.rule.id == "RAM027")
            .collect();
        let places: Vec<_> = unquoted
            .iter()
            .map(|f| (f.pointer.as_str(), f.position.line, f.position.column))
            .collect();
        assert_eq!(
            places,
            [
                ("/Statement/0/Condition/Bool/acs:MFAPresent", 2, 44),
                ("/Statement/0/Condition/NumericLessThan/ecs:Count/0", 2, 85),
            ]
        );
        assert_eq!(
            unquoted[0]
                .hint
                .as_deref()
                .map(|h| h.starts_with("write `\"true\"`")),
            Some(true)
        );
        let quoted = text.replace("true", "\"true\"").replace("[3,", "[\"3\",");
        assert!(
            findings(&quoted, DocumentKind::Identity)
                .iter()
                .all(|f| f.rule.id != "RAM027")
        );
    }

    #[test]
    fn a_single_source_ip_cidr_of_one_address_is_written_as_the_address() {
        let text = r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ecs:*", "Resource": "*",
  "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.1/32"}, "NotIpAddress": {"acs:sourceip": ["2001:db8::1/128"]}}}]}"#;
        let found: Vec<_> = findings(text, DocumentKind::Identity)
            .into_iter()
            .filter(|f| f.rule.id == "RAM028")
            .map(|f| (f.pointer, f.position.column, f.hint.unwrap_or_default()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "/Statement/0/Condition/IpAddress/acs:SourceIp");
        assert_eq!(found[0].1, 47);
        assert!(
            found[0].2.starts_with("write the address `10.0.0.1`"),
            "{found:?}"
        );
        assert_eq!(
            found[1].0,
            "/Statement/0/Condition/NotIpAddress/acs:sourceip/0"
        );
        assert!(
            found[1].2.starts_with("write the address `2001:db8::1`"),
            "{found:?}"
        );
        // Several values, a wider block, or a bare address are as the vendor writes them.
        for fine in [
            r#"["10.0.0.1/32", "10.0.0.2/32"]"#,
            r#""10.0.0.0/24""#,
            r#""10.0.0.1""#,
        ] {
            let text = format!(
                r#"{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "ecs:*", "Resource": "*", "Condition": {{"IpAddress": {{"acs:SourceIp": {fine}}}}}}}]}}"#
            );
            assert!(
                findings(&text, DocumentKind::Identity)
                    .iter()
                    .all(|f| f.rule.id != "RAM028"),
                "{fine}"
            );
        }
    }

    #[test]
    fn pointers_find_values_and_unescape_keys() {
        let json = crate::json::parse(r#"{"a": [{"b/c": 1, "d~e": "x"}]}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            node(&json, "/a/0/b~1c").map(|n| &n.kind),
            Some(&Kind::Number("1".into()))
        );
        assert_eq!(node(&json, "/a/0/d~0e").and_then(Json::as_str), Some("x"));
        assert!(node(&json, "/a/1").is_none());
        assert!(node(&json, "/a/x").is_none());
        assert_eq!(node(&json, "").map(|n| n.offset), Some(0));
    }

    #[test]
    fn any_account_is_a_star_or_a_pattern_in_the_account() {
        assert!(any_account("*"));
        assert!(any_account("acs:ram::*:root"));
        assert!(any_account("acs:ram::12?4:role/x"));
        assert!(!any_account("acs:ram::1234:root"));
        assert!(!any_account("acs:ram::1234:role/*"));
    }
}
