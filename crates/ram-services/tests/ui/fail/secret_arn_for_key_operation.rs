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
    // Decrypt is authorized against a key, not a secret.
    let secret: kms::arn::Secret = "acs:kms:cn-hangzhou:1234567890:secret/s-1".parse().unwrap();
    Deny.check::<kms::ops::Decrypt>("alice", &secret);
    let _ = ecs::SERVICE;
}
