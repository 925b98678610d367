use ram_core::Authorizer;
use ram_services::{ecs, kms};

struct Deny;

impl Authorizer for Deny {
    type Principal = str;
    type Output = bool;

    fn authorize(&self, _: &str, _: &str, _: &str) -> bool {
        false
    }
}

fn main() {
    let key: kms::arn::Key = "acs:kms:cn-hangzhou:1234567890:key/k-1".parse().unwrap();
    assert!(!Deny.check::<kms::ops::Decrypt>("alice", &key));
    let instance: ecs::arn::Instance = "acs:ecs:cn-hangzhou:1234567890:instance/i-1".parse().unwrap();
    assert_eq!(instance.to_string(), "acs:ecs:cn-hangzhou:1234567890:instance/i-1");
    const DECRYPT: kms::Action = kms::Action::from_literal("kms:Decrypt");
    assert_eq!(DECRYPT.as_str(), "kms:Decrypt");
}
