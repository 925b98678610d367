use ram_policy_macros::policy;

fn main() {
    let policy = policy!({
        "Version": "1",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["cr:PullRepository", "cr:PushRepository"],
                "Resource": "acs:cr:*:*:repository/cri-abc/team-a/*",
                "Condition": { "IpAddress": { "acs:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] } }
            },
            { "Effect": "Allow", "Action": "cr:ListInstance", "Resource": "*" },
            { "Effect": "Deny", "Action": "cr:Delete*", "Resource": "*" }
        ]
    });
    assert_eq!(policy.statements.len(), 3);
}
