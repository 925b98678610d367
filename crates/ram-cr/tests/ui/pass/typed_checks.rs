use ram_core::{AnyResource, Authorizer};
use ram_cr::{arn, ops, Action};

struct Echo;

impl Authorizer for Echo {
    type Principal = str;
    type Output = String;

    fn authorize(&self, principal: &str, action: &str, resource: &str) -> String {
        format!("{principal} {action} {resource}")
    }
}

const PULL: Action = Action::from_literal("cr:PullRepository");

fn main() {
    let repository = arn::Repository::new("cn-hangzhou", "1234567890", "cri-abc", "team-a", "web");
    let chart = arn::ChartRepository::new("cn-hangzhou", "1234567890", "cri-abc", "charts", "nginx");
    let instance = arn::Instance::new("cn-hangzhou", "1234567890", "cri-abc");
    let namespace = arn::ChartNamespace::new("cn-hangzhou", "1234567890", "cri-abc", "charts");
    Echo.check::<ops::PullRepository>("alice", &repository);
    Echo.check::<ops::PushRepository>("alice", &repository);
    Echo.check::<ops::PullChart>("alice", &chart);
    Echo.check::<ops::GetInstance>("alice", &instance);
    // The vendor documents UpdateNamespace on a chart-namespace ARN; the types follow it.
    Echo.check::<ops::UpdateNamespace>("alice", &namespace);
    Echo.check::<ops::ListInstance>("alice", &AnyResource);
    assert_eq!(PULL, Action::PullRepository);
}
