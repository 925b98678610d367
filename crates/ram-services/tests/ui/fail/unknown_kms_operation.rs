use ram_services::kms::ops;

fn main() {
    // No documented API is called `Decrpt`.
    let _ = ops::Decrpt;
}
