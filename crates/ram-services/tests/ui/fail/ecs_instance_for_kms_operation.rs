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
    // An ECS instance is no KMS key: the services' types keep them apart.
    let instance: ecs::arn::Instance = "acs:ecs:cn-hangzhou:1234567890:instance/i-1".parse().unwrap();
    Deny.check::<kms::ops::Decrypt>("alice", &instance);
}
