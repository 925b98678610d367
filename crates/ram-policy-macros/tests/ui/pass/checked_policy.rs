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
            { "Effect": "Deny", "Action": "cr:Delete*", "Resource": "*" },
            // Any service of the catalog.
            { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "acs:kms:cn-hangzhou:1234567890:key/k-1" }
        ]
    });
    assert_eq!(policy.statements.len(), 4);
}
