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
    let chart = arn::ChartRepository::new("cn-hangzhou", "1234567890", "cri-abc", "charts", "nginx");
    Deny.check::<ops::PullRepository>("alice", &chart);
}
