fn main() {
    let _ = ram_policy_macros::policy!({
        "Version": "1",
        "Statement": [{
            "Effect": "allow",
            "Action": "cr:ListInstance",
            "Resource": "*",
            "Condition": { "IpAddress": { "acs:SourceIp": "office" }, "StringEqual": { "acs:SourceVpc": "vpc-1" } }
        }]
    });
}
