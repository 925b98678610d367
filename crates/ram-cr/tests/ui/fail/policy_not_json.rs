fn main() {
    let _ = ram_cr::policy!({ "Version": "1", "Statement": [ Allow ] });
}
