use ram_core::{AnyResource, Authorizer};
use ram_cr::ops;

struct Deny;

impl Authorizer for Deny {
    type Principal = str;
    type Output = bool;

    fn authorize(&self, _: &str, _: &str, _: &str) -> bool {
        false
    }
}

fn main() {
    // PushRepository is authorized per repository, never against `*`.
    Deny.check::<ops::PushRepository>("alice", &AnyResource);
}
