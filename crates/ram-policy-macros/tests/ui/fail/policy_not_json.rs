fn main() {
    let _ = ram_policy_macros::policy!({ "Version": "1", "Statement": [ Allow ] });
}
