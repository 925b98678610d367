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
    Deny.check::<ops::PullRepo>("alice", &AnyResource);
}
