use ram_core::Authorizer;
use ram_cr::{arn, ops};

struct Deny;

impl Authorizer for Deny {
    type Principal = str;
    type Output = bool;

    fn authorize(&self, _: &str, _: &str, _: &str) -> bool {
        false
    }
}

fn main() {
    let instance = arn::Instance::new("cn-hangzhou", "1234567890", "cri-abc");
    Deny.check::<ops::DeleteRepository>("alice", &instance);
}
