use ram_services::kms::Action;

// A constant requires a known Action of its service: a misspelt one fails the build.
const DECRYPT: Action = Action::from_literal("kms:Decrpt");

fn main() {
    let _ = DECRYPT;
}
