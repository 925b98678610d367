fn main() {
    let _ = ram_cr::policy!({
        "Version": "1",
        "Statement": [{ "Effect": "Allow", "Action": ["cr:PullRepo", "cr:GetInstance"], "Resource": "*" }]
    });
}
