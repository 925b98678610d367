fn main() {
    let _ = ram_policy_macros::policy!({
        "Version": "1",
        "Statement": [
            { "Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:*:*:chart/cri-abc/charts/nginx" },
            { "Effect": "Allow", "Action": "cr:GetInstance", "Resource": ["acs:cr:*:*:instance/cri-abc", "acs:cr:*:*:repository/cri-abc/*"] },
            { "Effect": "Allow", "Action": "cr:GetInstance", "Resource": "acs:cr:*:*:repo/cri-abc" }
        ]
    });
}
