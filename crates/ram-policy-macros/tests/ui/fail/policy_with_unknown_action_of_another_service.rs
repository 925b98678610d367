use ram_policy_macros::policy;

fn main() {
    // The catalog is every service's: a misspelt KMS Action fails as a misspelt `cr` one does.
    let _ = policy!({
        "Version": "1",
        "Statement": [
            { "Effect": "Allow", "Action": ["kms:Decrpt", "ecs:DescribeInstances"], "Resource": "*" }
        ]
    });
}
